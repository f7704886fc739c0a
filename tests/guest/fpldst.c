/* fpldst: every load and store of the SIMD&FP registers: LDR/STR of B/H/S/D/Q in each
 * addressing mode (unsigned offset, unscaled, pre/post-index, register offset with each
 * extend and shift), LDR literal, LDP/STP/LDNP/STNP, LD1-LD4/ST1-ST4 multiple structures,
 * single lanes and LD1R-LD4R with post-index by immediate and by register; then the
 * CPACR_EL1.FPEN traps (EC 0x07) at EL1 and EL0. After each instruction V0-V7 and V28-V31,
 * the base register and the memory window are printed (and compared with QEMU's). */
#include "rt.h"

static uint8_t buf[1024] __attribute__((aligned(64)));
static uint8_t *const B = buf + 256;        /* base register value: room on both sides */
static uint8_t vinit[12 * 16] __attribute__((aligned(16)));
static uint8_t vout[12 * 16] __attribute__((aligned(16)));
static uint64_t sum_before;

static uint64_t mem_sum(void)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < sizeof(buf); i++)
        h = (h ^ buf[i]) * 0x100000001b3ull;
    return h;
}

static void setup(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 37 + 0x81);
    for (unsigned i = 0; i < sizeof(vinit); i++)
        vinit[i] = (uint8_t)(0xa0 + i * 7);
    sum_before = mem_sum();
}

static const char *const vname[12] = { "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
                                       "v28", "v29", "v30", "v31" };

static void report(const char *name, uint64_t n)
{
    uint64_t s = mem_sum();
    printf("%s: base=B%+ld mem=%s\n", name, (long)(n - (uint64_t)B),
           s == sum_before ? "unchanged" : "changed");
    for (int r = 0; r < 12; r++) {
        if (memcmp(vout + 16 * r, vinit + 16 * r, 16) == 0)
            continue;
        uint64_t lo, hi;
        memcpy(&lo, vout + 16 * r, 8);
        memcpy(&hi, vout + 16 * r + 8, 8);
        printf("  %-3s %016lx:%016lx\n", vname[r], hi, lo);
    }
    if (s != sum_before) {
        /* The bytes that differ from the fill pattern, in runs. */
        for (unsigned i = 0; i < sizeof(buf); i++) {
            if (buf[i] == (uint8_t)(i * 37 + 0x81))
                continue;
            unsigned j = i;
            printf("  mem B%+d:", (int)i - 256);
            while (j < sizeof(buf) && j < i + 16 && buf[j] != (uint8_t)(j * 37 + 0x81))
                printf(" %02x", buf[j++]);
            printf("\n");
            i = j - 1;
        }
    }
}

#define LOADV                                                                  \
    "ldr q0, [%[vi], #0]\n\tldr q1, [%[vi], #16]\n\tldr q2, [%[vi], #32]\n\t"  \
    "ldr q3, [%[vi], #48]\n\tldr q4, [%[vi], #64]\n\tldr q5, [%[vi], #80]\n\t" \
    "ldr q6, [%[vi], #96]\n\tldr q7, [%[vi], #112]\n\tldr q28, [%[vi], #128]\n\t" \
    "ldr q29, [%[vi], #144]\n\tldr q30, [%[vi], #160]\n\tldr q31, [%[vi], #176]\n\t"
#define STOREV                                                                 \
    "\n\tstr q0, [%[vo], #0]\n\tstr q1, [%[vo], #16]\n\tstr q2, [%[vo], #32]\n\t" \
    "str q3, [%[vo], #48]\n\tstr q4, [%[vo], #64]\n\tstr q5, [%[vo], #80]\n\t" \
    "str q6, [%[vo], #96]\n\tstr q7, [%[vo], #112]\n\tstr q28, [%[vo], #128]\n\t" \
    "str q29, [%[vo], #144]\n\tstr q30, [%[vo], #160]\n\tstr q31, [%[vo], #176]\n\t"

/* One instruction: %[n] is the base (B, may write back), %[m] an index register. */
#define T(name, insn, mval)                                                          \
    do {                                                                             \
        setup();                                                                     \
        uint64_t n = (uint64_t)B, m = (mval);                                        \
        __asm__ volatile(LOADV insn STOREV                                           \
                         : [n] "+&r"(n)                                              \
                         : [m] "r"(m), [vi] "r"(vinit), [vo] "r"(vout)               \
                         : "memory");                                                \
        report(name, n);                                                             \
    } while (0)

/* C references for a few forms: the loaded register must hold these bytes. */
static void check_bytes(const char *name, int reg, long off, unsigned len)
{
    uint8_t want[16] = { 0 };
    memcpy(want, B + off, len);
    for (int i = 0; i < 2; i++) {
        uint64_t g, w;
        memcpy(&g, vout + 16 * reg + 8 * i, 8);
        memcpy(&w, want + 8 * i, 8);
        CHECK(name, g, w);
    }
}

static void single_regs(void)
{
    T("ldr b1 [n,#5]", "ldr b1, [%[n], #5]", 0);
    check_bytes("ldr b1", 1, 5, 1);
    T("ldr h1 [n,#6]", "ldr h1, [%[n], #6]", 0);
    check_bytes("ldr h1", 1, 6, 2);
    T("ldr s1 [n,#12]", "ldr s1, [%[n], #12]", 0);
    check_bytes("ldr s1", 1, 12, 4);
    T("ldr d1 [n,#24]", "ldr d1, [%[n], #24]", 0);
    check_bytes("ldr d1", 1, 24, 8);
    T("ldr q1 [n,#32]", "ldr q1, [%[n], #32]", 0);
    check_bytes("ldr q1", 1, 32, 16);
    T("ldr q2 [n,#65520]-ish", "sub %[n], %[n], #4080\n\tldr q2, [%[n], #4096]", 0);
    T("ldr d3 [n,#32760]-ish", "sub %[n], %[n], #4080\n\tldr d3, [%[n], #4088]", 0);
    T("ldur b2 [n,#-1]", "ldur b2, [%[n], #-1]", 0);
    T("ldur h2 [n,#-3]", "ldur h2, [%[n], #-3]", 0);
    T("ldur s2 [n,#-255]", "ldur s2, [%[n], #-255]", 0);
    T("ldur d2 [n,#255]", "ldur d2, [%[n], #255]", 0);
    T("ldur q2 [n,#-17]", "ldur q2, [%[n], #-17]", 0);
    T("ldr b3 [n],#3", "ldr b3, [%[n]], #3", 0);
    T("ldr h3 [n],#-2", "ldr h3, [%[n]], #-2", 0);
    T("ldr s3 [n,#4]!", "ldr s3, [%[n], #4]!", 0);
    T("ldr d3 [n,#-8]!", "ldr d3, [%[n], #-8]!", 0);
    T("ldr q3 [n],#-256", "ldr q3, [%[n]], #-256", 0);
    T("ldr q3 [n,#16]!", "ldr q3, [%[n], #16]!", 0);
    T("ldr b4 [n,m]", "ldr b4, [%[n], %[m]]", 7);
    T("ldr h4 [n,m,lsl#1]", "ldr h4, [%[n], %[m], lsl #1]", 5);
    T("ldr s4 [n,wm,uxtw#2]", "ldr s4, [%[n], %w[m], uxtw #2]", 0xffffffff00000003ull);
    T("ldr d4 [n,wm,sxtw#3]", "ldr d4, [%[n], %w[m], sxtw #3]", (uint32_t)-4);
    T("ldr q4 [n,m,sxtx#4]", "ldr q4, [%[n], %[m], sxtx #4]", -3);
    T("ldr q4 [n,wm,uxtw]", "ldr q4, [%[n], %w[m], uxtw]", 0x100000020ull);
    T("ldr d4 [n,m,lsl#3]", "ldr d4, [%[n], %[m], lsl #3]", 9);
    T("ldr s4 [n,wm,sxtw]", "ldr s4, [%[n], %w[m], sxtw]", (uint32_t)-12);

    T("str b5 [n,#1]", "str b5, [%[n], #1]", 0);
    T("str h5 [n,#2]", "str h5, [%[n], #2]", 0);
    T("str s5 [n,#4]", "str s5, [%[n], #4]", 0);
    T("str d5 [n,#8]", "str d5, [%[n], #8]", 0);
    T("str q5 [n,#16]", "str q5, [%[n], #16]", 0);
    T("stur q6 [n,#-9]", "stur q6, [%[n], #-9]", 0);
    T("stur b6 [n,#-256]", "stur b6, [%[n], #-256]", 0);
    T("str h6 [n],#6", "str h6, [%[n]], #6", 0);
    T("str s6 [n,#-4]!", "str s6, [%[n], #-4]!", 0);
    T("str d6 [n],#255", "str d6, [%[n]], #255", 0);
    T("str q6 [n,#-32]!", "str q6, [%[n], #-32]!", 0);
    T("str b7 [n,m]", "str b7, [%[n], %[m]]", 3);
    T("str h7 [n,wm,sxtw#1]", "str h7, [%[n], %w[m], sxtw #1]", (uint32_t)-2);
    T("str s7 [n,m,lsl#2]", "str s7, [%[n], %[m], lsl #2]", 3);
    T("str d7 [n,wm,uxtw#3]", "str d7, [%[n], %w[m], uxtw #3]", 2);
    T("str q7 [n,m,lsl#4]", "str q7, [%[n], %[m], lsl #4]", 2);
    T("str q7 [n,m,sxtx]", "str q7, [%[n], %[m], sxtx]", -40);
}

static void literals_pairs(void)
{
    T("ldr s0 =lit", "ldr s0, 1f\n\tb 2f\n\t.balign 16\n1:\t.quad 0x1122334455667788, 0x99aabbccddeeff00\n2:", 0);
    T("ldr d0 =lit", "ldr d0, 1f\n\tb 2f\n\t.balign 16\n1:\t.quad 0x1122334455667788, 0x99aabbccddeeff00\n2:", 0);
    T("ldr q0 =lit", "ldr q0, 1f\n\tb 2f\n\t.balign 16\n1:\t.quad 0x1122334455667788, 0x99aabbccddeeff00\n2:", 0);
    T("ldr q0 =lit back", "b 2f\n\t.balign 16\n1:\t.quad 0x0102030405060708, 0x1112131415161718\n2:\tldr q0, 1b", 0);

    T("ldp s0,s1 [n,#8]", "ldp s0, s1, [%[n], #8]", 0);
    T("ldp d0,d1 [n,#-16]", "ldp d0, d1, [%[n], #-16]", 0);
    T("ldp q0,q1 [n,#32]", "ldp q0, q1, [%[n], #32]", 0);
    T("ldp s2,s3 [n],#-8", "ldp s2, s3, [%[n]], #-8", 0);
    T("ldp d2,d3 [n,#504]!", "ldp d2, d3, [%[n], #-512]!", 0);
    T("ldp q2,q3 [n],#1008", "ldp q2, q3, [%[n]], #-1024", 0);
    T("ldp q30,q31 [n,#-64]!", "ldp q30, q31, [%[n], #-64]!", 0);
    T("ldnp s4,s5 [n,#4]", "ldnp s4, s5, [%[n], #4]", 0);
    T("ldnp d4,d5 [n,#-8]", "ldnp d4, d5, [%[n], #-8]", 0);
    T("ldnp q4,q5 [n,#16]", "ldnp q4, q5, [%[n], #16]", 0);
    T("stp s0,s1 [n,#4]", "stp s0, s1, [%[n], #4]", 0);
    T("stp d0,d1 [n,#-8]!", "stp d0, d1, [%[n], #-8]!", 0);
    T("stp q0,q1 [n],#32", "stp q0, q1, [%[n]], #32", 0);
    T("stp q2,q3 [n,#-1024]", "stp q2, q3, [%[n], #-256]", 0);
    T("stnp s6,s7 [n,#-4]", "stnp s6, s7, [%[n], #-4]", 0);
    T("stnp d6,d7 [n,#16]", "stnp d6, d7, [%[n], #16]", 0);
    T("stnp q6,q7 [n,#-32]", "stnp q6, q7, [%[n], #-32]", 0);
}

static void structures(void)
{
    T("ld1 {v0.16b} [n]", "ld1 {v0.16b}, [%[n]]", 0);
    T("ld1 {v0.8b} [n]", "ld1 {v0.8b}, [%[n]]", 0);
    T("ld1 {v1.4h,v2.4h} [n]", "ld1 {v1.4h, v2.4h}, [%[n]]", 0);
    T("ld1 {v1.2d-v3.2d} [n]", "ld1 {v1.2d, v2.2d, v3.2d}, [%[n]]", 0);
    T("ld1 {v4.4s-v7.4s} [n],#64", "ld1 {v4.4s, v5.4s, v6.4s, v7.4s}, [%[n]], #64", 0);
    T("ld1 {v30.1d-v1.1d} [n],m", "ld1 {v30.1d, v31.1d, v0.1d, v1.1d}, [%[n]], %[m]", 24);
    T("ld2 {v0.16b,v1.16b} [n]", "ld2 {v0.16b, v1.16b}, [%[n]]", 0);
    T("ld2 {v2.4h,v3.4h} [n],#16", "ld2 {v2.4h, v3.4h}, [%[n]], #16", 0);
    T("ld2 {v4.2d,v5.2d} [n],m", "ld2 {v4.2d, v5.2d}, [%[n]], %[m]", -5);
    T("ld3 {v0.8b-v2.8b} [n]", "ld3 {v0.8b, v1.8b, v2.8b}, [%[n]]", 0);
    T("ld3 {v1.4s-v3.4s} [n],#48", "ld3 {v1.4s, v2.4s, v3.4s}, [%[n]], #48", 0);
    T("ld3 {v30.8h-v0.8h} [n]", "ld3 {v30.8h, v31.8h, v0.8h}, [%[n]]", 0);
    T("ld4 {v0.16b-v3.16b} [n]", "ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [%[n]]", 0);
    T("ld4 {v4.2s-v7.2s} [n],#32", "ld4 {v4.2s, v5.2s, v6.2s, v7.2s}, [%[n]], #32", 0);
    T("ld4 {v29.2d-v0.2d} [n],m", "ld4 {v29.2d, v30.2d, v31.2d, v0.2d}, [%[n]], %[m]", 100);
    T("st1 {v0.16b} [n]", "st1 {v0.16b}, [%[n]]", 0);
    T("st1 {v1.8b,v2.8b} [n],#16", "st1 {v1.8b, v2.8b}, [%[n]], #16", 0);
    T("st1 {v1.8h-v3.8h} [n],m", "st1 {v1.8h, v2.8h, v3.8h}, [%[n]], %[m]", 7);
    T("st1 {v4.1d-v7.1d} [n]", "st1 {v4.1d, v5.1d, v6.1d, v7.1d}, [%[n]]", 0);
    T("st2 {v0.4s,v1.4s} [n]", "st2 {v0.4s, v1.4s}, [%[n]]", 0);
    T("st2 {v31.8b,v0.8b} [n],#16", "st2 {v31.8b, v0.8b}, [%[n]], #16", 0);
    T("st3 {v2.8h-v4.8h} [n],#48", "st3 {v2.8h, v3.8h, v4.8h}, [%[n]], #48", 0);
    T("st3 {v5.2s-v7.2s} [n]", "st3 {v5.2s, v6.2s, v7.2s}, [%[n]]", 0);
    T("st4 {v0.16b-v3.16b} [n]", "st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [%[n]]", 0);
    T("st4 {v28.4h-v31.4h} [n],m", "st4 {v28.4h, v29.4h, v30.4h, v31.4h}, [%[n]], %[m]", -64);
    T("st4 {v4.2d-v7.2d} [n],#64", "st4 {v4.2d, v5.2d, v6.2d, v7.2d}, [%[n]], #64", 0);

    T("ld1 {v0.b}[15] [n]", "ld1 {v0.b}[15], [%[n]]", 0);
    T("ld1 {v1.h}[3] [n],#2", "ld1 {v1.h}[3], [%[n]], #2", 0);
    T("ld1 {v2.s}[2] [n],m", "ld1 {v2.s}[2], [%[n]], %[m]", 12);
    T("ld1 {v3.d}[1] [n]", "ld1 {v3.d}[1], [%[n]]", 0);
    T("ld2 {v0.b,v1.b}[9] [n],#2", "ld2 {v0.b, v1.b}[9], [%[n]], #2", 0);
    T("ld2 {v31.h,v0.h}[7] [n]", "ld2 {v31.h, v0.h}[7], [%[n]]", 0);
    T("ld3 {v1.s-v3.s}[1] [n],#12", "ld3 {v1.s, v2.s, v3.s}[1], [%[n]], #12", 0);
    T("ld3 {v4.d-v6.d}[0] [n],m", "ld3 {v4.d, v5.d, v6.d}[0], [%[n]], %[m]", -24);
    T("ld4 {v0.b-v3.b}[4] [n]", "ld4 {v0.b, v1.b, v2.b, v3.b}[4], [%[n]]", 0);
    T("ld4 {v4.d-v7.d}[1] [n],#32", "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[n]], #32", 0);
    T("ld4 {v29.s-v0.s}[3] [n]", "ld4 {v29.s, v30.s, v31.s, v0.s}[3], [%[n]]", 0);
    T("st1 {v0.b}[7] [n]", "st1 {v0.b}[7], [%[n]]", 0);
    T("st1 {v1.d}[1] [n],#8", "st1 {v1.d}[1], [%[n]], #8", 0);
    T("st2 {v2.s,v3.s}[3] [n],m", "st2 {v2.s, v3.s}[3], [%[n]], %[m]", 3);
    T("st3 {v4.h-v6.h}[5] [n]", "st3 {v4.h, v5.h, v6.h}[5], [%[n]]", 0);
    T("st4 {v28.b-v31.b}[13] [n],#4", "st4 {v28.b, v29.b, v30.b, v31.b}[13], [%[n]], #4", 0);
    T("st4 {v0.d-v3.d}[0] [n]", "st4 {v0.d, v1.d, v2.d, v3.d}[0], [%[n]]", 0);

    T("ld1r {v0.16b} [n]", "ld1r {v0.16b}, [%[n]]", 0);
    T("ld1r {v1.4h} [n],#2", "ld1r {v1.4h}, [%[n]], #2", 0);
    T("ld1r {v2.2s} [n],m", "ld1r {v2.2s}, [%[n]], %[m]", 9);
    T("ld1r {v3.2d} [n]", "ld1r {v3.2d}, [%[n]]", 0);
    T("ld1r {v4.1d} [n]", "ld1r {v4.1d}, [%[n]]", 0);
    T("ld2r {v0.8h,v1.8h} [n],#4", "ld2r {v0.8h, v1.8h}, [%[n]], #4", 0);
    T("ld3r {v2.4s-v4.4s} [n]", "ld3r {v2.4s, v3.4s, v4.4s}, [%[n]]", 0);
    T("ld4r {v30.8b-v1.8b} [n],#4", "ld4r {v30.8b, v31.8b, v0.8b, v1.8b}, [%[n]], #4", 0);
    T("ld4r {v4.1d-v7.1d} [n],m", "ld4r {v4.1d, v5.1d, v6.1d, v7.1d}, [%[n]], %[m]", 1);
}

/* ---- the FPEN traps ---- */
extern char t_fp_trap[], t_fp_trap_end[];
__asm__(".text\n.balign 16\nt_fp_trap:\n\tldr q0, [sp]\nt_fp_trap_end:\n\tret\n");

extern char el0_fp[];
static unsigned el0_count;
static void el0_handler(RtFrame *f)
{
    rt_print_exception(f, "el0_fp", (uintptr_t)el0_fp);
    el0_count++;
    unsigned ec = f->esr >> 26;
    if (ec == 0x15 && (f->esr & 0xffff) == 0xffff) {
        f->elr = (uintptr_t)rt_el0_return;
        f->spsr = 0x3c5;
        return;
    }
    if (ec != 0x15)
        f->elr += 4;
    if (el0_count > 10) {
        printf("el0: runaway\n");
        rt_exit(4);
    }
}
__asm__(".text\n.balign 16\n.global el0_fp\nel0_fp:\n\tldr d1, [sp]\n\tstr q2, [sp]\n"
        "\tld1 {v0.16b}, [sp]\n\tsvc #0xffff\n");
static uint64_t el0_stack[64] __attribute__((aligned(16)));

static void set_fpen(unsigned fpen)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    v = (v & ~(3ull << 20)) | (uint64_t)fpen << 20;
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v));
}

static void traps(void)
{
    for (unsigned fpen = 0; fpen < 4; fpen++) {
        set_fpen(fpen);
        char name[32];
        snprintf(name, sizeof(name), "el1 fpen=%u", fpen);
        rt_expect(name, t_fp_trap, t_fp_trap_end);
        ((void (*)(void))t_fp_trap)();
        int trapped = rt_expect_end();
        CHECK(name, trapped, !(fpen & 1));
        if (trapped)
            CHECK(name, rt_last_exception.esr, 0x1fe00000);
    }
    for (unsigned fpen = 1; fpen < 4; fpen += 2) {
        set_fpen(fpen);
        el0_count = 0;
        rt_handler = el0_handler;
        rt_enter_el0((uintptr_t)el0_fp, (uintptr_t)(el0_stack + 64), 0);
        rt_handler = 0;
        printf("el0 fpen=%u: %u exceptions\n", fpen, el0_count);
        CHECK("el0 exceptions", el0_count, fpen == 1 ? 4 : 1);
    }
    set_fpen(3);
}

int main(void)
{
    set_fpen(3);
    single_regs();
    literals_pairs();
    structures();
    traps();
    return rt_report("fpldst");
}
