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

#ifdef DIFF_MMU
/* The MMU-on mode (run.sh --mmu): 4 KiB granule, 48-bit VAs, start level 0. The 2 MiB of
 * RAM holding the image are identity-mapped page by page, and the two pages of the
 * scratch buffer are mapped again at the VA the generator chose (diff_alias_va), alias
 * page i onto scratch page diff_alias_perm[i] (possibly both onto one), through tables of
 * their own (another L1 and L2 index), so the random loads and stores through x28 walk
 * either mapping. */
extern const uint64_t diff_alias_va, diff_alias_perm[2];
static uint64_t l0[512] __attribute__((aligned(4096))), l1[512] __attribute__((aligned(4096)));
static uint64_t l2_ram[512] __attribute__((aligned(4096))), l3_ram[512] __attribute__((aligned(4096)));
static uint64_t l2_al[512] __attribute__((aligned(4096))), l3_al[512] __attribute__((aligned(4096)));
#define PTE_TABLE 3ull
#define PTE_PAGE (3ull | 1ull << 10 | 3ull << 8)        /* page, AF, inner shareable */

static void mmu_on(void)
{
    uint64_t ram = (uint64_t)(uintptr_t)__image_start & ~0x1fffffull;
    uint64_t va = diff_alias_va;
    if ((uint64_t)(uintptr_t)__image_end > ram + 0x200000 || ((va >> 30) & 511) == ((ram >> 30) & 511) ||
        (va >> 39) || ((va >> 12) & 511) == 511) {
        printf("diff: bad MMU layout (image %p..%p, alias %lx)\n", __image_start, __image_end, va);
        rt_exit(2);
    }
    l0[0] = (uint64_t)(uintptr_t)l1 | PTE_TABLE;
    l1[(ram >> 30) & 511] = (uint64_t)(uintptr_t)l2_ram | PTE_TABLE;
    l2_ram[(ram >> 21) & 511] = (uint64_t)(uintptr_t)l3_ram | PTE_TABLE;
    for (unsigned i = 0; i < 512; i++)
        l3_ram[i] = (ram + i * 4096ull) | PTE_PAGE;
    l1[(va >> 30) & 511] = (uint64_t)(uintptr_t)l2_al | PTE_TABLE;
    l2_al[(va >> 21) & 511] = (uint64_t)(uintptr_t)l3_al | PTE_TABLE;
    for (unsigned i = 0; i < 2; i++)
        l3_al[((va >> 12) & 511) + i] =
            ((uint64_t)(uintptr_t)diff_scratch + diff_alias_perm[i] * 4096) | PTE_PAGE | 1ull << 54;
    uint64_t tcr = 16ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 32;
    __asm__ volatile("dsb ish\n\tmsr mair_el1, %0\n\tmsr tcr_el1, %1\n\tmsr ttbr0_el1, %2\n\t"
                     "isb\n\ttlbi vmalle1\n\tdsb ish\n\tisb"
                     : : "r"(0xffull), "r"(tcr), "r"((uint64_t)(uintptr_t)l0) : "memory");
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    sctlr |= 1 | 1 << 2 | 1 << 12;                          /* M, C, I */
    __asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
    printf("diff: MMU on, scratch pages %lx %lx at %lx\n",
           (uint64_t)(uintptr_t)diff_scratch + diff_alias_perm[0] * 4096,
           (uint64_t)(uintptr_t)diff_scratch + diff_alias_perm[1] * 4096, va);
}
#endif

int main(void)
{
    for (unsigned i = 0; i < sizeof(diff_scratch); i++)
        diff_scratch[i] = (uint8_t)(i * 151 + 7);
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v | 3ull << 20));
    rt_handler = diff_handler;
#ifdef DIFF_MMU
    mmu_on();
#endif
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
