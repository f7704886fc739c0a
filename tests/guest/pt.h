/* pt.h: a small page-table kit for the guest programs that need the MMU on: the image's
 * 1 GiB of RAM identity-mapped as one block (EL1 read/write, executable at EL1 only), and
 * a test region at PT_T (4 KiB granule, 48-bit VAs, start level 0) whose 512 4 KiB pages
 * the program maps one by one with pt_map(). MAIR index 0 is Normal write-back, index 1
 * Device-nGnRnE. Header-only: one program per image includes it. */
#ifndef PT_H
#define PT_H

#include "rt.h"

#define PT_T 0x0000100000000000ull      /* the test region: L0 index 32 */

#define PT_TABLE  3ull                  /* table (levels 0-2), page (level 3) */
#define PT_BLOCK  1ull
#define PT_AF     (1ull << 10)
#define PT_SH_IS  (3ull << 8)
#define PT_EL0    (1ull << 6)           /* AP[1]: EL0 access */
#define PT_RO     (1ull << 7)           /* AP[2]: read-only */
#define PT_NG     (1ull << 11)
#define PT_PXN    (1ull << 53)
#define PT_UXN    (1ull << 54)
#define PT_DEVICE (1ull << 2)           /* AttrIndx 1 */
#define PT_XN     (PT_PXN | PT_UXN)

/* TCR: T0SZ 16 (4K), EPD1, WB walks, inner shareable, IPS 40 bits. */
#define PT_TCR (16ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (2ull << 32))
#define PT_MAIR 0x00ffull               /* 0: Normal WB RW-allocate, 1: Device-nGnRnE */

static uint64_t pt_l0[512] __attribute__((aligned(4096)));
static uint64_t pt_l1a[512] __attribute__((aligned(4096)));
static uint64_t pt_l1t[512] __attribute__((aligned(4096)));
static uint64_t pt_l2t[512] __attribute__((aligned(4096)));
static uint64_t pt_l3t[512] __attribute__((aligned(4096)));

#define PT_MSR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define PT_MRS(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })

static inline uint64_t pt_pa(const void *p)
{
    return (uint64_t)(uintptr_t)p;      /* identity-mapped */
}

static inline void pt_tlbi_all(void)
{
    __asm__ volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

/* Page n of the test region -> pa with the attribute bits attrs (PT_EL0, PT_RO, PT_XN,
 * PT_DEVICE...); AF and SH are added unless noaf. pa 0: unmapped. */
static inline void pt_map_af(unsigned n, uint64_t pa, uint64_t attrs, int af)
{
    pt_l3t[n] = pa ? pa | PT_TABLE | PT_SH_IS | (af ? PT_AF : 0) | attrs : 0;
    __asm__ volatile("dsb ishst\n\ttlbi vae1, %0\n\tdsb ish\n\tisb"
                     : : "r"((PT_T + n * 4096ull) >> 12) : "memory");
}

static inline void pt_map(unsigned n, uint64_t pa, uint64_t attrs)
{
    pt_map_af(n, pa, attrs, 1);
}

static inline uint64_t pt_va(unsigned n)
{
    return PT_T + n * 4096ull;
}

/* Build the tables and turn the MMU on (SCTLR_EL1.M, keeping the rest). */
static inline void pt_mmu_on(void)
{
    pt_l0[0] = pt_pa(pt_l1a) | PT_TABLE;
    pt_l1a[1] = 0x40000000ull | PT_BLOCK | PT_AF | PT_SH_IS | PT_UXN;
    pt_l0[32] = pt_pa(pt_l1t) | PT_TABLE;
    pt_l1t[0] = pt_pa(pt_l2t) | PT_TABLE;
    pt_l2t[0] = pt_pa(pt_l3t) | PT_TABLE;
    __asm__ volatile("dsb ishst" ::: "memory");
    PT_MSR(mair_el1, PT_MAIR);
    PT_MSR(tcr_el1, PT_TCR);
    PT_MSR(ttbr0_el1, pt_pa(pt_l0));
    pt_tlbi_all();
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) | 1);
}

static inline void pt_mmu_off(void)
{
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) & ~1ull);
    pt_tlbi_all();
}

#endif
