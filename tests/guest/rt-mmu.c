/* rt-mmu.c: linked into a guest program (tests/guest/build.sh with RT_MMU=1, as
 * `scripts/bench --mmu` does) to run it with the MMU on: before main, an identity map of
 * RAM from its base to the end of the image in 4 KiB pages (4 KiB granule, 48-bit VAs,
 * start level 0, Normal write-back memory, EL1 read/write, EL0 no access), the tables
 * just past the image. */
#include "rt.h"

#define RAM_BASE 0x40000000ull
#define PAGE 4096ull
#define TABLE 3ull
#define LEAF (3ull | (1ull << 10) | (3ull << 8) | (1ull << 54))    /* page, AF, SH IS, UXN */

extern char __image_end[];

static uint64_t *table_at(uint64_t pa)
{
    uint64_t *t = (uint64_t *)(uintptr_t)pa;
    for (unsigned i = 0; i < 512; i++)
        t[i] = 0;
    return t;
}

void rt_init(void)
{
    uint64_t end = ((uint64_t)(uintptr_t)__image_end + PAGE - 1) & ~(PAGE - 1);
    uint64_t next = (end + 0x200000 - 1) & ~0x1fffffull;    /* the tables, past the image */
    uint64_t *l0 = table_at(next), *l1 = table_at(next + PAGE), *l2 = table_at(next + 2 * PAGE);
    next += 3 * PAGE;
    l0[0] = (uint64_t)(uintptr_t)l1 | TABLE;
    l1[1] = (uint64_t)(uintptr_t)l2 | TABLE;                /* 0x40000000..0x7fffffff */
    for (uint64_t va = RAM_BASE; va < end; va += PAGE) {
        unsigned i2 = (va >> 21) & 0x1ff;
        if (!(l2[i2] & 1)) {
            l2[i2] = (uint64_t)(uintptr_t)table_at(next) | TABLE;
            next += PAGE;
        }
        uint64_t *l3 = (uint64_t *)(uintptr_t)(l2[i2] & 0x0000fffffffff000ull);
        l3[(va >> 12) & 0x1ff] = va | LEAF;
    }
    /* TCR: T0SZ 16, 4K, WB inner/outer, inner shareable, EPD1, IPS 40 bits */
    uint64_t tcr = 16ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (2ull << 32);
    uint64_t sctlr;
    __asm__ volatile("msr mair_el1, %0\n\t"
                     "msr tcr_el1, %1\n\t"
                     "msr ttbr0_el1, %2\n\t"
                     "dsb ish\n\t"
                     "tlbi vmalle1\n\t"
                     "dsb ish\n\t"
                     "isb"
                     : : "r"(0xffull), "r"(tcr), "r"((uint64_t)(uintptr_t)l0) : "memory");
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    sctlr |= 1 | (1 << 2) | (1 << 12);                      /* M, C, I */
    __asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
}
