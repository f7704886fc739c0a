/* branch: B/BL/BR/BLR/RET, B.cond for all 16 conditions under all 16 NZCV values,
 * CBZ/CBNZ/TBZ/TBNZ (32/64-bit, bit 0/31/63), checked against the C condition table. */
#include "rt.h"
#include "ref.h"

#define BCOND(c)                                                                   \
    static int bcond_##c(uint64_t f)                                               \
    {                                                                              \
        int taken;                                                                 \
        __asm__ volatile("msr nzcv, %1\n\tmov %w0, #1\n\tb." #c " 1f\n\tmov %w0, #0\n1:" \
                         : "=&r"(taken) : "r"(f));                                 \
        return taken;                                                              \
    }
BCOND(eq) BCOND(ne) BCOND(cs) BCOND(cc) BCOND(mi) BCOND(pl) BCOND(vs) BCOND(vc)
BCOND(hi) BCOND(ls) BCOND(ge) BCOND(lt) BCOND(gt) BCOND(le) BCOND(al) BCOND(nv)
static int (*const bconds[16])(uint64_t) = {
    bcond_eq, bcond_ne, bcond_cs, bcond_cc, bcond_mi, bcond_pl, bcond_vs, bcond_vc,
    bcond_hi, bcond_ls, bcond_ge, bcond_lt, bcond_gt, bcond_le, bcond_al, bcond_nv,
};
static const char *const cond_names[16] = { "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                            "hi", "ls", "ge", "lt", "gt", "le", "al", "nv" };

#define TEST1(name, insn)                                                          \
    static int name(uint64_t x)                                                    \
    {                                                                              \
        int taken;                                                                 \
        __asm__ volatile("mov %w0, #1\n\t" insn " 1f\n\tmov %w0, #0\n1:"           \
                         : "=&r"(taken) : "r"(x));                                 \
        return taken;                                                              \
    }
TEST1(t_cbz, "cbz %1,")
TEST1(t_cbnz, "cbnz %1,")
TEST1(t_cbz32, "cbz %w1,")
TEST1(t_cbnz32, "cbnz %w1,")
TEST1(t_tbz0, "tbz %1, #0,")
TEST1(t_tbnz0, "tbnz %1, #0,")
TEST1(t_tbz31, "tbz %w1, #31,")
TEST1(t_tbnz32, "tbnz %1, #32,")
TEST1(t_tbz63, "tbz %1, #63,")
TEST1(t_tbnz63, "tbnz %1, #63,")

__attribute__((noinline)) static uint64_t leaf(uint64_t x) { return x * 3 + 1; }
__attribute__((noinline)) static uint64_t twice(uint64_t (*f)(uint64_t), uint64_t x) { return f(f(x)); }

int main(void)
{
    for (unsigned c = 0; c < 16; c++) {
        printf("b.%s:", cond_names[c]);
        for (unsigned f = 0; f < 16; f++) {
            int t = bconds[c]((uint64_t)f << 28);
            printf(" %d", t);
            char what[32];
            snprintf(what, sizeof(what), "b.%s nzcv=%s", cond_names[c], rt_flags((uint64_t)f << 28));
            CHECK(what, t, ref_cond(c, (uint64_t)f << 28));
        }
        printf("\n");
    }
    static const uint64_t xs[] = { 0, 1, 0x80000000, 0x100000000ull, 0x8000000000000000ull,
                                   0xffffffff, 0xfffffffe00000000ull, 2 };
    for (unsigned i = 0; i < ARRAY_SIZE(xs); i++) {
        uint64_t x = xs[i];
        int r[10] = { t_cbz(x), t_cbnz(x), t_cbz32(x), t_cbnz32(x), t_tbz0(x), t_tbnz0(x),
                      t_tbz31(x), t_tbnz32(x), t_tbz63(x), t_tbnz63(x) };
        int w[10] = { x == 0, x != 0, (uint32_t)x == 0, (uint32_t)x != 0, !(x & 1), !!(x & 1),
                      !(x >> 31 & 1), !!(x >> 32 & 1), !(x >> 63), !!(x >> 63) };
        printf("x=%016lx cbz/cbnz/cbz32/cbnz32/tbz0/tbnz0/tbz31/tbnz32/tbz63/tbnz63:", x);
        for (int k = 0; k < 10; k++) {
            printf(" %d", r[k]);
            CHECK("cb/tb", r[k], w[k]);
        }
        printf("\n");
    }
    /* BL sets x30 to the next instruction; BLR/BR/RET through registers; RET xN. */
    uint64_t lr, back, pc;
    __asm__ volatile("adr %2, 2f\n\tbl 1f\n2:\tb 3f\n1:\tmov %0, x30\n\tret\n3:\tmov %1, x30"
                     : "=&r"(lr), "=&r"(back), "=&r"(pc) : : "x30");
    printf("bl: x30-next=%ld\n", (long)(lr - pc));
    CHECK("bl x30", lr, pc);
    uint64_t r;
    __asm__ volatile("adr x9, 1f\n\tmov %0, #5\n\tbr x9\n\tmov %0, #6\n1:\tadr x10, 2f\n\tblr x10\n\tb 3f\n"
                     "2:\tadd %0, %0, #10\n\tmov x11, x30\n\tret x11\n3:"
                     : "=&r"(r) : : "x9", "x10", "x11", "x30");
    printf("br/blr/ret xN: %lu\n", r);
    CHECK("br/blr/ret", r, 15);
    uint64_t v = twice(leaf, 5);
    printf("indirect calls: %lu\n", v);
    CHECK("blr via C", v, 49);
    /* A computed jump table and a long backward loop. */
    uint64_t acc = 0;
    for (unsigned i = 0; i < 1000; i++) {
        switch ((i * 7) % 5) {
        case 0: acc += i; break;
        case 1: acc ^= i << 3; break;
        case 2: acc = acc * 3 + 1; break;
        case 3: acc -= i; break;
        default: acc = (acc >> 1) | (acc << 63); break;
        }
    }
    printf("loop/switch acc=%016lx\n", acc);
    return rt_report("branch");
}
