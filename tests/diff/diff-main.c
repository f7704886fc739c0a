/* Guest side of the random differential test: runs the generated diff_run() (gen.c) and
 * prints every general register, NZCV, V0-V31, FPSR, FPCR, the count of UNDEFINED words
 * skipped and a hash of the scratch buffer. */
#include "rt.h"

/* x0..x30, NZCV, FPSR, FPCR, V0..V31 (low, high): written by diff_run */
extern uint64_t diff_out[32 + 2 + 64];
extern uint8_t diff_scratch[8192];
extern const char diff_seed[];
void diff_run(void);

static unsigned long undefs;

/* A random FP/SIMD word of an implemented class may still be UNDEFINED by the
 * instruction's own checks (element size, Q, type): skip it and count it, so both
 * emulators must agree on which words those are. Anything else ends the run. */
static void diff_handler(RtFrame *f)
{
    if (f->vec == 4 && (f->esr >> 26) == 0) {
        undefs++;
        f->elr += 4;
        return;
    }
    printf("diff: unexpected ");
    rt_print_exception(f, 0, 0);
    rt_exit(3);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof(diff_scratch); i++)
        diff_scratch[i] = (uint8_t)(i * 151 + 7);
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v | 3ull << 20));
    rt_handler = diff_handler;
    diff_run();
    rt_handler = 0;
    printf("diff: seed %s\n", diff_seed);
    for (int i = 0; i < 31; i++)
        printf("x%02d %016lx\n", i, diff_out[i]);
    printf("nzcv %s\n", rt_flags(diff_out[31]));
    printf("fpsr %08lx\nfpcr %08lx\n", diff_out[32], diff_out[33]);
    for (int i = 0; i < 32; i++)
        printf("v%02d %016lx%016lx\n", i, diff_out[34 + 2 * i + 1], diff_out[34 + 2 * i]);
    printf("undef %lu\n", undefs);
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < sizeof(diff_scratch); i++)
        h = (h ^ diff_scratch[i]) * 0x100000001b3ull;
    printf("mem %016lx\n", h);
    return 0;
}
