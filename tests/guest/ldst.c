/* ldst: every load/store addressing mode and size, write-backs, sign extension, pairs,
 * literals, register offsets, exclusives (pass/fail/clrex), acquire/release and what
 * misaligned accesses do with the MMU off. Values are checked against C references. */
#include "rt.h"

static uint8_t buf[512] __attribute__((aligned(64)));
static uint8_t *const B = buf + 128;      /* base register value: room on both sides */

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 37 + 0x81);
}

/* Little-endian read of `size` bytes at B + off, sign-extended to `ext` bytes if ext. */
static uint64_t rd(long off, int size, int sext, int ext)
{
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = (v << 8) | B[off + i];
    if (sext) {
        int sh = 64 - size * 8;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
        if (ext == 4)
            v = (uint32_t)v;
    }
    return v;
}

/* One load: insn uses %[d] (destination), %[n] (base, may write back), %[m] (index). */
#define LD(name, insn, mval, want, want_base)                                           \
    do {                                                                                \
        fill();                                                                         \
        uint64_t d = 0x5a5a5a5a5a5a5a5aull, n = (uint64_t)B, m = (mval);                \
        __asm__ volatile(insn : [d] "+&r"(d), [n] "+&r"(n) : [m] "r"(m) : "memory");  \
        printf("%-34s d=%016lx base=B%+ld\n", name, d, (long)(n - (uint64_t)B));         \
        CHECK(name, d, (want));                                                         \
        CHECK(name " base", n - (uint64_t)B, (uint64_t)(want_base));                    \
    } while (0)

/* One store of v: then the 32 bytes around B are printed and compared with memcpy'd C. */
static uint8_t expect_buf[512];
static void show_store(const char *name, uint64_t n)
{
    printf("%-34s base=B%+ld mem:", name, (long)(n - (uint64_t)B));
    for (int i = -16; i < 24; i += 8)
        printf(" %016lx", rd(i, 8, 0, 8));
    printf("\n");
    CHECK(name, memcmp(buf, expect_buf, sizeof(buf)), 0);
}
#define ST(name, insn, mval, vv, off, size, want_base) \
    ST2(name, insn, mval, vv, off, size, 0, 0, want_base)
/* ST2: a second value v2 (8 bytes) is expected at off2 unless off2 == 0. */
#define ST2(name, insn, mval, vv, off, size, v2, off2, want_base)                       \
    do {                                                                                \
        fill();                                                                         \
        memcpy(expect_buf, buf, sizeof(buf));                                           \
        uint64_t val = (vv), val2 = (v2);                                               \
        memcpy(expect_buf + 128 + (off), &val, (size));                                 \
        if (off2)                                                                       \
            memcpy(expect_buf + 128 + (off2), &val2, 8);                                \
        uint64_t n = (uint64_t)B, m = (mval);                                           \
        __asm__ volatile(insn : [n] "+&r"(n) : [m] "r"(m), [v] "r"(val) : "memory");    \
        show_store(name, n);                                                            \
        CHECK(name " base", n - (uint64_t)B, (uint64_t)(want_base));                    \
    } while (0)

static void loads(void)
{
    LD("ldr x [n,#8]", "ldr %[d], [%[n], #8]", 0, rd(8, 8, 0, 8), 0);
    LD("ldr x [n,#32760]-ish scaled", "sub %[n], %[n], #4000\n\tldr %[d], [%[n], #4016]", 0, rd(16, 8, 0, 8), -4000);
    LD("ldr w [n,#4]", "ldr %w[d], [%[n], #4]", 0, rd(4, 4, 0, 4), 0);
    LD("ldrh [n,#2]", "ldrh %w[d], [%[n], #2]", 0, rd(2, 2, 0, 2), 0);
    LD("ldrb [n,#1]", "ldrb %w[d], [%[n], #1]", 0, rd(1, 1, 0, 1), 0);
    LD("ldrsb x", "ldrsb %[d], [%[n]]", 0, rd(0, 1, 1, 8), 0);
    LD("ldrsb w", "ldrsb %w[d], [%[n]]", 0, rd(0, 1, 1, 4), 0);
    LD("ldrsh x", "ldrsh %[d], [%[n], #6]", 0, rd(6, 2, 1, 8), 0);
    LD("ldrsh w", "ldrsh %w[d], [%[n], #6]", 0, rd(6, 2, 1, 4), 0);
    LD("ldrsw", "ldrsw %[d], [%[n], #12]", 0, rd(12, 4, 1, 8), 0);
    LD("ldrsb x pos", "ldrsb %[d], [%[n], #3]", 0, rd(3, 1, 1, 8), 0);
    LD("ldur x [n,#-8]", "ldur %[d], [%[n], #-8]", 0, rd(-8, 8, 0, 8), 0);
    LD("ldur x [n,#-256]", "ldur %[d], [%[n], #-128]", 0, rd(-128, 8, 0, 8), 0);
    LD("ldur w [n,#255]-ish", "ldur %w[d], [%[n], #252]", 0, rd(252, 4, 0, 4), 0);
    LD("ldursh x [n,#-2]", "ldursh %[d], [%[n], #-2]", 0, rd(-2, 2, 1, 8), 0);
    LD("ldursb w [n,#-1]", "ldursb %w[d], [%[n], #-1]", 0, rd(-1, 1, 1, 4), 0);
    LD("ldr x pre [n,#16]!", "ldr %[d], [%[n], #16]!", 0, rd(16, 8, 0, 8), 16);
    LD("ldr x pre [n,#-8]!", "ldr %[d], [%[n], #-8]!", 0, rd(-8, 8, 0, 8), -8);
    LD("ldr x post [n],#24", "ldr %[d], [%[n]], #24", 0, rd(0, 8, 0, 8), 24);
    LD("ldr x post [n],#-256", "ldr %[d], [%[n]], #-128", 0, rd(0, 8, 0, 8), -128);
    LD("ldrb post [n],#1", "ldrb %w[d], [%[n]], #1", 0, rd(0, 1, 0, 1), 1);
    LD("ldrsh pre [n,#-2]!", "ldrsh %[d], [%[n], #-2]!", 0, rd(-2, 2, 1, 8), -2);
    LD("ldrsw post [n],#4", "ldrsw %[d], [%[n]], #4", 0, rd(0, 4, 1, 8), 4);
    LD("ldr x [n,m]", "ldr %[d], [%[n], %[m]]", 24, rd(24, 8, 0, 8), 0);
    LD("ldr x [n,m,lsl#3]", "ldr %[d], [%[n], %[m], lsl #3]", 5, rd(40, 8, 0, 8), 0);
    LD("ldr x [n,m,lsl#3] neg", "ldr %[d], [%[n], %[m], lsl #3]", (uint64_t)-2, rd(-16, 8, 0, 8), 0);
    LD("ldr w [n,wm,uxtw#2]", "ldr %w[d], [%[n], %w[m], uxtw #2]", 0x100000003ull, rd(12, 4, 0, 4), 0);
    LD("ldr w [n,wm,sxtw#2]", "ldr %w[d], [%[n], %w[m], sxtw #2]", 0xfffffffdull, rd(-12, 4, 0, 4), 0);
    LD("ldrh [n,wm,sxtw]", "ldrh %w[d], [%[n], %w[m], sxtw]", 0xfffffff0ull, rd(-16, 2, 0, 2), 0);
    LD("ldrh [n,m,lsl#1]", "ldrh %w[d], [%[n], %[m], lsl #1]", 7, rd(14, 2, 0, 2), 0);
    LD("ldrsb x [n,m,sxtx]", "ldrsb %[d], [%[n], %[m], sxtx]", (uint64_t)-5, rd(-5, 1, 1, 8), 0);
    LD("ldrsh w [n,wm,uxtw]", "ldrsh %w[d], [%[n], %w[m], uxtw]", 9, rd(9 & ~0, 2, 1, 4), 0);
    LD("ldr x [n,wm,uxtw] (no shift)", "ldr %[d], [%[n], %w[m], uxtw]", 0xffffffff00000008ull, rd(8, 8, 0, 8), 0);
    LD("ldrsw [n,m,lsl#2]", "ldrsw %[d], [%[n], %[m], lsl #2]", 3, rd(12, 4, 1, 8), 0);
    LD("ldp x pair sum", "ldp %[d], x9, [%[n], #16]\n\tadd %[d], %[d], x9", 0, rd(16, 8, 0, 8) + rd(24, 8, 0, 8), 0);
    LD("ldp w pre", "ldp %w[d], w9, [%[n], #-8]!\n\tadd %[d], %[d], x9, lsl #32", 0, rd(-8, 4, 0, 4) | rd(-4, 4, 0, 4) << 32, -8);
    LD("ldp x post", "ldp x9, %[d], [%[n]], #32", 0, rd(8, 8, 0, 8), 32);
    LD("ldpsw", "ldpsw %[d], x9, [%[n], #8]\n\teor %[d], %[d], x9, ror #7", 0, rd(8, 4, 1, 8) ^ (rd(12, 4, 1, 8) >> 7 | rd(12, 4, 1, 8) << 57), 0);
    LD("ldpsw pre", "ldpsw x9, %[d], [%[n], #-16]!", 0, rd(-12, 4, 1, 8), -16);
    LD("ldnp x", "ldnp x9, %[d], [%[n], #-64]", 0, rd(-56, 8, 0, 8), 0);
    LD("ldp x max off", "sub %[n], %[n], #504\n\tldp %[d], x9, [%[n], #504]", 0, rd(0, 8, 0, 8), -504);
    LD("ldr xzr discard", "ldr xzr, [%[n]]\n\tmov %[d], xzr", 0, 0, 0);
    LD("ldar", "ldar %[d], [%[n]]", 0, rd(0, 8, 0, 8), 0);
    LD("ldar w", "ldar %w[d], [%[n]]", 0, rd(0, 4, 0, 4), 0);
    LD("ldarb", "ldarb %w[d], [%[n]]", 0, rd(0, 1, 0, 1), 0);
    LD("ldarh", "ldarh %w[d], [%[n]]", 0, rd(0, 2, 0, 2), 0);
    LD("ldaxr+clrex", "ldaxr %[d], [%[n]]\n\tclrex", 0, rd(0, 8, 0, 8), 0);
}

extern const uint64_t lit64;
const uint64_t lit64 = 0x8877665544332211ull;
static void literals(void)
{
    uint64_t d, e, f;
    __asm__ volatile("ldr %0, 1f\n\tldrsw %1, 2f\n\tldr %w2, 2f\n\tb 3f\n\t.balign 8\n"
                     "1: .quad 0xfedcba9876543210\n2: .word 0x80000001\n\t.word 0\n3:"
                     : "=r"(d), "=r"(e), "=r"(f));
    printf("literal ldr x=%016lx ldrsw=%016lx ldr w=%016lx\n", d, e, f);
    CHECK("ldr literal", d, 0xfedcba9876543210ull);
    CHECK("ldrsw literal", e, 0xffffffff80000001ull);
    CHECK("ldr w literal", f, 0x80000001ull);
    __asm__ volatile("ldr %0, =0x1122334455667788" : "=r"(d));
    CHECK("ldr =const", d, 0x1122334455667788ull);
    __asm__ volatile("adrp %0, lit64\n\tldr %0, [%0, #:lo12:lit64]" : "=r"(d));
    printf("adrp+ldr lo12 = %016lx\n", d);
    CHECK("adrp lo12", d, lit64);
}

static void stores(void)
{
    ST("str x [n,#8]", "str %[v], [%[n], #8]", 0, 0x0123456789abcdefull, 8, 8, 0);
    ST("str w [n,#-4] (stur)", "stur %w[v], [%[n], #-4]", 0, 0xdeadbeef, -4, 4, 0);
    ST("strh [n,#6]", "strh %w[v], [%[n], #6]", 0, 0xcafe, 6, 2, 0);
    ST("strb [n,#3]", "strb %w[v], [%[n], #3]", 0, 0x7f, 3, 1, 0);
    ST("str x pre [n,#-16]!", "str %[v], [%[n], #-16]!", 0, 0x1111222233334444ull, -16, 8, -16);
    ST("str w post [n],#12", "str %w[v], [%[n]], #12", 0, 0x55667788, 0, 4, 12);
    ST("strh post [n],#-2", "strh %w[v], [%[n]], #-2", 0, 0xa5a5, 0, 2, -2);
    ST("strb pre [n,#255]!-ish", "strb %w[v], [%[n], #15]!", 0, 0x42, 15, 1, 15);
    ST("str x [n,m,lsl#3]", "str %[v], [%[n], %[m], lsl #3]", 2, 0x99aabbccddeeff00ull, 16, 8, 0);
    ST("str w [n,wm,sxtw#2]", "str %w[v], [%[n], %w[m], sxtw #2]", 0xfffffffeull, 0x31415926, -8, 4, 0);
    ST("strh [n,wm,uxtw#1]", "strh %w[v], [%[n], %w[m], uxtw #1]", 0xffffffff00000002ull, 0x2718, 4, 2, 0);
    ST("strb [n,m]", "strb %w[v], [%[n], %[m]]", 21, 0xee, 21, 1, 0);
    ST("str xzr", "str xzr, [%[n], #8]", 0, 0, 8, 8, 0);
    ST2("stp x", "stp %[v], xzr, [%[n], #16]", 0, 0x0f0f0f0f0f0f0f0full, 16, 8, 0, 24, 0);
    ST("stp w pre", "stp %w[v], wzr, [%[n], #-8]!", 0, 0x00000000abcdef01ull, -8, 8, -8);
    ST2("stp x post", "stp %[v], %[v], [%[n]], #-32", 0, 0x600df00dull, 0, 8, 0x600df00dull, 8, -32);
    ST2("stnp", "stnp xzr, %[v], [%[n], #-16]", 0, 0x1234, -8, 8, 0, -16, 0);
    ST2("stp w [n,#-256]", "stp %w[v], %w[v], [%[n], #-128]", 0, 0x89abcdef89abcdefull, -128, 8, 0, 0, 0);
    ST("stlr", "stlr %[v], [%[n]]", 0, 0x8000000000000000ull, 0, 8, 0);
    ST("stlr w", "stlr %w[v], [%[n]]", 0, 0x80000000ull, 0, 4, 0);
    ST("stlrb", "stlrb %w[v], [%[n]]", 0, 0xab, 0, 1, 0);
    ST("stlrh", "stlrh %w[v], [%[n]]", 0, 0xabcd, 0, 2, 0);
}

static void exclusives(void)
{
    static uint64_t word __attribute__((aligned(16)));
    static uint64_t pair[2] __attribute__((aligned(16)));
    uint64_t old, st1, st2;

    word = 100;
    __asm__ volatile("ldxr %[o], [%[p]]\n\tadd %[o], %[o], #1\n\tstxr %w[s], %[o], [%[p]]"
                     : [o] "=&r"(old), [s] "=&r"(st1) : [p] "r"(&word) : "memory");
    printf("ldxr/stxr: status=%lu word=%lu\n", st1, word);
    CHECK("stxr pass", st1, 0);
    CHECK("stxr value", word, 101);

    __asm__ volatile("clrex\n\tmov %w[s], #7\n\tstxr %w[s], %[v], [%[p]]"
                     : [s] "=&r"(st1) : [p] "r"(&word), [v] "r"(5ull) : "memory");
    printf("stxr without ldxr: status=%lu word=%lu\n", st1, word);
    CHECK("stxr fail (no monitor)", st1, 1);
    CHECK("stxr fail leaves memory", word, 101);

    __asm__ volatile("ldxr %[o], [%[p]]\n\tclrex\n\tstxr %w[s], %[o], [%[p]]"
                     : [o] "=&r"(old), [s] "=&r"(st1) : [p] "r"(&word) : "memory");
    printf("ldxr, clrex, stxr: status=%lu\n", st1);
    CHECK("stxr after clrex", st1, 1);

    __asm__ volatile("ldxr %[o], [%[p]]\n\tstxr %w[s], %[o], [%[p]]\n\tstxr %w[t], %[o], [%[p]]"
                     : [o] "=&r"(old), [s] "=&r"(st1), [t] "=&r"(st2) : [p] "r"(&word) : "memory");
    printf("ldxr, stxr, stxr: status=%lu,%lu\n", st1, st2);
    CHECK("first stxr", st1, 0);
    CHECK("second stxr", st2, 1);

    pair[0] = 1; pair[1] = 2;
    uint64_t a, b;
    __asm__ volatile("ldaxp %[a], %[b], [%[p]]\n\tstlxp %w[s], %[b], %[a], [%[p]]"
                     : [a] "=&r"(a), [b] "=&r"(b), [s] "=&r"(st1) : [p] "r"(pair) : "memory");
    printf("ldaxp/stlxp: %lu %lu status=%lu -> %lu %lu\n", a, b, st1, pair[0], pair[1]);
    CHECK("stlxp status", st1, 0);
    CHECK("stlxp swapped", pair[0] * 10 + pair[1], 21);

    uint8_t *bp = (uint8_t *)pair;
    __asm__ volatile("ldxrb %w[a], [%[p]]\n\tadd %w[a], %w[a], #0x10\n\tstxrb %w[s], %w[a], [%[p]]\n\t"
                     "ldaxrh %w[b], [%[p], #0]\n\tstlxrh %w[t], %w[b], [%[p]]"
                     : [a] "=&r"(a), [b] "=&r"(b), [s] "=&r"(st1), [t] "=&r"(st2) : [p] "r"(bp + 8) : "memory");
    printf("ldxrb/stxrb: %lx status=%lu; ldaxrh/stlxrh: %lx status=%lu\n", a, st1, b, st2);
    CHECK("stxrb status", st1, 0);
    CHECK("stxrh status", st2, 0);
    CHECK("stxrb value", pair[1], 0x11);

    uint32_t w32 = 0xffffffff;
    __asm__ volatile("ldxr %w[a], [%[p]]\n\tadd %w[a], %w[a], #1\n\tstxr %w[s], %w[a], [%[p]]"
                     : [a] "=&r"(a), [s] "=&r"(st1) : [p] "r"(&w32) : "memory");
    CHECK("ldxr w wrap", w32, 0);
    CHECK("ldxr w status", st1, 0);

    /* Different address: CONSTRAINED UNPREDICTABLE; print what the oracle does. */
    __asm__ volatile("ldxr %[o], [%[p]]\n\tstxr %w[s], %[o], [%[q]]"
                     : [o] "=&r"(old), [s] "=&r"(st1) : [p] "r"(&pair[0]), [q] "r"(&pair[1]) : "memory");
    printf("ldxr A, stxr B: status=%lu\n", st1);
    __asm__ volatile("clrex");
}

/* Misaligned accesses with the MMU off (memory is Device-nGnRnE: architecturally an
 * alignment fault; QEMU may not model it). Each prints either the value or the exception. */
#define MIS(name, insn)                                                                   \
    do {                                                                                  \
        fill();                                                                           \
        uint64_t d = 0x5a5a, n = (uint64_t)B, pc;                                         \
        rt_expect(name, 0, 0);                                                            \
        __asm__ volatile("adr %[pc], 1f\n" "1: " insn                                    \
                         : [d] "+&r"(d), [n] "+&r"(n), [pc] "=&r"(pc) : : "x9", "x10", "memory"); \
        if (rt_expect_end()) {                                                            \
            printf("%s: ELR-insn=%ld FAR-B=%ld\n", name,                                  \
                   (long)(rt_last_exception.elr - pc), (long)(rt_last_exception.far - (uint64_t)B)); \
        }                                                                                 \
        printf("%-28s d=%016lx base=B%+ld mem=%016lx\n", name, d, (long)(n - (uint64_t)B), rd(0, 8, 0, 8)); \
    } while (0)

static void misaligned(void)
{
    MIS("ldr x [B+1]", "ldr %[d], [%[n], #1]");
    MIS("ldr x [B+7]", "ldur %[d], [%[n], #7]");
    MIS("ldr w [B+2]", "ldr %w[d], [%[n], #2]");
    MIS("ldrh [B+1]", "ldrh %w[d], [%[n], #1]");
    MIS("ldrsh x [B+3]", "ldursh %[d], [%[n], #3]");
    MIS("str x [B+3]", "stur %[n], [%[n], #3]");
    MIS("str w [B+1] post", "add x10, %[n], #1\n\tstr %w[d], [x10], #4\n\tsub %[n], x10, #4");
    MIS("ldp x [B+4]", "add x10, %[n], #4\n\tldp %[d], x9, [x10]");
    MIS("stp w [B+2]", "add x10, %[n], #2\n\tstp %w[n], %w[n], [x10]");
    MIS("ldr x pre [B+5]!", "ldr %[d], [%[n], #5]!");
    MIS("ldxr x [B+4] really", "add x10, %[n], #4\n\tldxr %[d], [x10]");
    MIS("stxr w [B+2]", "add x10, %[n], #2\n\tstxr w9, %w[d], [x10]");
    MIS("ldar x [B+4]", "add x10, %[n], #4\n\tldar %[d], [x10]");
    MIS("stlr w [B+1]", "add x10, %[n], #1\n\tstlr %w[d], [x10]");
    MIS("ldaxp [B+8]", "add x10, %[n], #8\n\tldaxp %[d], x9, [x10]\n\tclrex");
    MIS("ldr x [sp+4]", "mov x9, sp\n\tmov x10, %[n]\n\tmov sp, x10\n\tldr %[d], [sp, #4]\n\tmov sp, x9");
    /* Not tested: a load through a misaligned SP. SCTLR_EL1.SA is 1 at reset, so that is an
     * SP alignment fault, taken to EL1 with the same misaligned SP: the handler cannot even
     * save its frame (it would hang on hardware). QEMU 7.2 does not check SP alignment. */
}

int main(void)
{
    loads();
    literals();
    stores();
    exclusives();
    misaligned();
    return rt_report("ldst");
}
