/* mmulevels: every start level of the 4 KiB and 64 KiB granules, through TTBR1 (the
 * program runs from an identity map in TTBR0: 4 KiB, 48-bit, level 0, which stays).
 * For each T1SZ/TG1: a page at the bottom of the TTBR1 range and at the top, a block at
 * each level the granule allows below the start level, a translation fault in the start
 * table and one at the last level, an address below the range, EPD1, and TBI1 with a
 * tagged pointer. Prints what it reads and every fault's ESR/FAR. */
#include "rt.h"

#define TABLE 3ull
#define BLOCK 1ull
#define LEAF  ((1ull << 10) | (3ull << 8) | (1ull << 53) | (1ull << 54))   /* AF, SH, PXN, UXN */

/* TCR without T1SZ/TG1/EPD1/TBI1: T0SZ 16, 4K, WB, IS, IPS 40 bits. */
#define TCR_BASE (16ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 24) | \
                  (1ull << 26) | (3ull << 28) | (2ull << 32))
#define TCR_EPD1 (1ull << 23)
#define TCR_TBI1 (1ull << 38)

static uint64_t id0[512] __attribute__((aligned(4096)));
static uint64_t id1[512] __attribute__((aligned(4096)));
/* The TTBR1 tables of one configuration (a 64 KiB granule one needs up to six). */
static uint8_t pool[8 * 65536] __attribute__((aligned(65536)));
static unsigned pool_used;
static uint64_t data_page[8192] __attribute__((aligned(65536)));

static uint64_t pa(const void *p) { return (uint64_t)(uintptr_t)p; }

static unsigned gshift;                 /* 12 or 16 */
static unsigned inputsize;              /* 64 - T1SZ */
static unsigned start_level;
static uint64_t *root;

static uint64_t *new_table(void)
{
    uint64_t *t = (uint64_t *)(pool + pool_used);
    unsigned bytes = 1u << gshift;
    memset(t, 0, bytes);
    pool_used += bytes;
    return t;
}

static unsigned level_shift(unsigned level)
{
    return gshift + (3 - level) * (gshift - 3);
}

static unsigned index_at(uint64_t va, unsigned level)
{
    unsigned sh = level_shift(level);
    unsigned top = level == start_level ? inputsize : level_shift(level - 1);
    return (va >> sh) & ((1ull << (top - sh)) - 1);
}

/* The descriptor slot for va at level, with tables created above it. */
static uint64_t *slot(uint64_t va, unsigned level)
{
    uint64_t *t = root;
    for (unsigned l = start_level; l < level; l++) {
        uint64_t *d = &t[index_at(va, l)];
        if (!(*d & 1))
            *d = pa(new_table()) | TABLE;
        t = (uint64_t *)(uintptr_t)(*d & 0x0000fffffffff000ull);
    }
    return &t[index_at(va, level)];
}

static inline uint64_t ld(uint64_t va)
{
    uint64_t v = 0;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define MRS(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })

static void tlbi_all(void)
{
    __asm__ volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

static void handler(RtFrame *f)
{
    rt_print_exception(f, 0, 0);
    f->elr += 4;
}

static void set_config(unsigned t1sz, unsigned g, uint64_t extra)
{
    static const uint64_t tg1[2] = { 2ull << 30, 3ull << 30 };      /* 4K, 64K */
    gshift = g;
    inputsize = 64 - t1sz;
    unsigned stride = g - 3;
    start_level = 4 - (inputsize - g + stride - 1) / stride;
    pool_used = 0;
    root = new_table();
    MSR(tcr_el1, TCR_BASE | ((uint64_t)t1sz << 16) | tg1[g == 16] | extra);
    MSR(ttbr1_el1, pa(root));
    tlbi_all();
}

static void run_config(unsigned t1sz, unsigned g)
{
    set_config(t1sz, g, 0);
    uint64_t base = -(1ull << inputsize);               /* the bottom of the TTBR1 range */
    uint64_t top = ~0ull & ~((1ull << g) - 1);          /* its last page */
    uint64_t page = 1ull << g;
    printf("%uK granule, T1SZ %u: start level %u\n", 1u << (g - 10), t1sz, start_level);

    data_page[0] = 0x1000 + t1sz;
    data_page[1] = 0x2000 + t1sz;
    *slot(base + page, 3) = pa(data_page) | TABLE | LEAF;
    *slot(top, 3) = pa(data_page) | TABLE | LEAF;
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
    printf("  bottom page: 0x%lx\n", ld(base + page + 8));
    printf("  top page: 0x%lx\n", ld(top));
    /* blocks: 4K at levels 1 and 2, 64K at level 2, where the range has them below the
     * start table or in it */
    for (unsigned level = 1; level <= 2; level++) {
        if (level < start_level || (g == 16 && level < 2))
            continue;
        uint64_t bsize = 1ull << level_shift(level);
        if (bsize > (1ull << inputsize) / 4)
            continue;
        uint64_t va = base + 2 * bsize;
        *slot(va, level) = 0x40000000ull | BLOCK | LEAF;
        __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
        uint64_t off = pa((const void *)&data_page[1]) - 0x40000000ull;
        if (off < bsize)
            printf("  level %u block: 0x%lx\n", level, ld(va + off));
    }
    /* faults: the start table's empty slot, the last level's, below the range */
    ld(base + (1ull << inputsize) / 2 + 8);
    ld(base + 5 * page);
    ld(base - page);
    /* EPD1: no walks through TTBR1 */
    set_config(t1sz, g, TCR_EPD1);
    ld(top);
    /* TBI1: the top byte of a TTBR1 address is a tag */
    set_config(t1sz, g, TCR_TBI1);
    *slot(top, 3) = pa(data_page) | TABLE | LEAF;
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
    printf("  tagged: 0x%lx\n", ld((top & 0x00ffffffffffffffull) | 0xa500000000000000ull));
}

int main(void)
{
    rt_handler = handler;
    id0[0] = pa(id1) | TABLE;
    id1[1] = 0x40000000ull | BLOCK | (1ull << 10) | (3ull << 8) | (1ull << 54);
    MSR(mair_el1, 0xffull);
    MSR(tcr_el1, TCR_BASE | TCR_EPD1);
    MSR(ttbr0_el1, pa(id0));
    tlbi_all();
    MSR(sctlr_el1, MRS(sctlr_el1) | 1);
    static const unsigned t1sz_4k[] = { 16, 20, 25, 30, 34, 39 };
    static const unsigned t1sz_64k[] = { 16, 21, 22, 30, 35, 39 };
    for (unsigned i = 0; i < ARRAY_SIZE(t1sz_4k); i++)
        run_config(t1sz_4k[i], 12);
    for (unsigned i = 0; i < ARRAY_SIZE(t1sz_64k); i++)
        run_config(t1sz_64k[i], 16);
    MSR(sctlr_el1, MRS(sctlr_el1) & ~1ull);
    rt_handler = 0;
    printf("exceptions: %u\n", rt_exceptions);
    return rt_report("mmulevels");
}
