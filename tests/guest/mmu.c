/* mmu: stage 1 translation as a kernel uses it. Builds page tables (TTBR0: 4 KiB
 * granule, 48-bit VAs, start level 0, with 1 GiB and 2 MiB blocks and pages; TTBR1:
 * 64 KiB granule, start level 1, with a 512 MiB block and 64 KiB pages), turns the MMU
 * on with the image identity-mapped, runs code through a virtual alias, takes
 * translation (levels 0-3), access flag, permission, address size and
 * execute-never faults at EL1 and EL0 (not WXN: the program runs from a writable map) and prints ESR/FAR, shows a stale TLB entry
 * before TLBI and gone after, switches TTBR0 with another ASID, and modifies code
 * through a data alias of the page it runs from.
 *
 * Left out on purpose (see docs/testing.md): blocks at levels the granule does not
 * allow and AT with the MMU off (QEMU 7.2 departs from the Arm ARM there), LDTR/STTR
 * and AT (the frontend does not route them to the MMU yet). */
#include "rt.h"

#define T 0x0000100000000000ull         /* the 4K test region: L0 index 32 */
#define H 0xffff000000000000ull         /* the 64K region, through TTBR1 */

/* descriptors */
#define VALID   1ull
#define TABLE   3ull                    /* table (levels 0-2), page (level 3) */
#define BLOCK   1ull
#define AF      (1ull << 10)
#define SH_IS   (3ull << 8)
#define AP_EL0  (1ull << 6)             /* AP[1] */
#define AP_RO   (1ull << 7)             /* AP[2] */
#define NG      (1ull << 11)
#define PXN     (1ull << 53)
#define UXN     (1ull << 54)
#define NORMAL  (0ull << 2)             /* MAIR index 0 */
#define LEAF    (AF | SH_IS | NORMAL)

/* TCR: T0SZ 16 (4K, TG0 00), T1SZ 16 with TG1 11 (64K), WB walks, IPS 40 bits, A1 = 0. */
#define TCR_VALUE (16ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (16ull << 16) | \
                   (1ull << 24) | (1ull << 26) | (3ull << 28) | (3ull << 30) | (2ull << 32))

static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t l0b[512] __attribute__((aligned(4096)));    /* the second TTBR0 (ASID 1) */
static uint64_t l1a[512] __attribute__((aligned(4096)));    /* VA 0..512G: the image */
static uint64_t l1b[512] __attribute__((aligned(4096)));    /* T.. */
static uint64_t l2b[512] __attribute__((aligned(4096)));
static uint64_t l3b[512] __attribute__((aligned(4096)));
static uint64_t l1bb[512] __attribute__((aligned(4096)));   /* T.. under ASID 1 */
static uint64_t l2bb[512] __attribute__((aligned(4096)));
static uint64_t l3bb[512] __attribute__((aligned(4096)));
/* 64K granule: L1 has 64 entries, L2 and L3 tables are 64 KiB */
static uint64_t h1[64] __attribute__((aligned(4096)));
static uint64_t h2[8192] __attribute__((aligned(65536)));
static uint64_t h3[8192] __attribute__((aligned(65536)));
static uint8_t big_page[65536] __attribute__((aligned(65536)));

static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));
static uint64_t page_c[512] __attribute__((aligned(4096)));
static uint64_t el0_stack[512] __attribute__((aligned(4096)));
static volatile uint64_t block_var = 0x0b10c0b10c;

extern char alias_page[], cross_page[], el0_page[], smc_page[];
extern char jumper_page[], ret1_page[], ret2_page[];

static uint64_t pa(const void *p)
{
    return (uint64_t)(uintptr_t)p;      /* identity-mapped */
}

static inline uint64_t ld(uint64_t va)
{
    uint64_t v = 0;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static inline void st(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

static inline void tlbi_all(void)
{
    __asm__ volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

static inline void tlbi_va(uint64_t va)
{
    __asm__ volatile("dsb ishst\n\ttlbi vae1, %0\n\tdsb ish\n\tisb" : : "r"(va >> 12) : "memory");
}

static inline void sync_tables(void)
{
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
}

#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define MRS(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })

/* ---- the exception handler ------------------------------------------------------ */

static const char *cur_name = "";
static uintptr_t cur_label;
static unsigned nexc;

static void handler(RtFrame *f)
{
    unsigned ec = f->esr >> 26;

    rt_print_exception(f, cur_name, cur_label);
    if (++nexc > 60) {
        printf("runaway\n");
        rt_exit(4);
    }
    if (ec == 0x20 || ec == 0x21) {
        f->elr = f->x[30];              /* a call into a page that faults: return from it */
    } else if (ec == 0x15 && (f->esr & 0xffff) == 0xffff) {
        f->elr = (uintptr_t)rt_el0_return;
        f->spsr = 0x3c5;
        f->x[0] = nexc;
    } else if (ec != 0x15) {
        f->elr += 4;
    }
}

static void expect(const char *name, uintptr_t label)
{
    cur_name = name;
    cur_label = label;
}

/* ---- tables ------------------------------------------------------------------------ */

static void build_tables(void)
{
    /* TTBR0, 4K: the image as a 1 GiB block (EL1 RW, executable at EL1 only) */
    l0[0] = pa(l1a) | TABLE;
    l1a[1] = 0x40000000ull | BLOCK | LEAF | UXN;
    l0[32] = pa(l1b) | TABLE;
    l1b[0] = pa(l2b) | TABLE;
    /* l1b[1] absent: translation fault level 1 at T + 1G */
    l2b[0] = pa(l3b) | TABLE;
    l2b[1] = 0x40000000ull | BLOCK | LEAF | PXN | UXN;      /* 2 MiB block at T + 2M */
    l2b[2] = 0x40200000ull | BLOCK | SH_IS | PXN | UXN;     /* AF = 0 */
    /* l2b[3] absent: translation fault level 2 */
    l3b[0] = pa(page_a) | TABLE | LEAF | PXN | UXN;
    l3b[1] = pa(page_a) | TABLE | LEAF | AP_RO | PXN | UXN;
    l3b[2] = pa(alias_page) | TABLE | LEAF | AP_RO | UXN;
    /* l3b[3] absent */
    l3b[4] = pa(page_a) | TABLE | SH_IS | PXN | UXN;        /* AF = 0 */
    l3b[5] = pa(alias_page) | TABLE | LEAF | PXN;           /* EL0 execute-only, PXN */
    l3b[6] = pa(el0_page) | TABLE | LEAF | AP_EL0 | AP_RO;  /* EL0 code: read-only for both */
    l3b[7] = pa(el0_stack) | TABLE | LEAF | AP_EL0 | PXN | UXN;
    l3b[8] = pa(page_b) | TABLE | LEAF | PXN | UXN;         /* EL1 only */
    l3b[9] = (1ull << 41) | TABLE | LEAF | PXN | UXN;       /* beyond IPS (40 bits) */
    l3b[10] = pa(alias_page) | TABLE | LEAF | UXN;          /* writable, executable at EL1 */
    l3b[11] = pa(page_a) | TABLE | LEAF | NG | PXN | UXN;   /* the stale-entry page */
    l3b[12] = pa(cross_page) | TABLE | LEAF | AP_RO | UXN;
    /* l3b[13] absent: the fetch that runs off cross_page */
    l3b[14] = pa(smc_page) | TABLE | LEAF | AP_RO | UXN;    /* code alias */
    l3b[15] = pa(smc_page) | TABLE | LEAF | PXN | UXN;      /* data alias */
    l3b[17] = pa(jumper_page) | TABLE | LEAF | AP_RO | UXN;
    l3b[18] = pa(ret1_page) | TABLE | LEAF | AP_RO | UXN;   /* jumper's next page */

    /* the second TTBR0 (ASID 1): the image and one page at T + 0xb000 */
    l0b[0] = pa(l1a) | TABLE;
    l0b[32] = pa(l1bb) | TABLE;
    l1bb[0] = pa(l2bb) | TABLE;
    l2bb[0] = pa(l3bb) | TABLE;
    l3bb[11] = pa(page_c) | TABLE | LEAF | NG | PXN | UXN;

    /* TTBR1, 64K: L1 covers 4 TiB an entry, L2 512 MiB, L3 64 KiB */
    h1[0] = pa(h2) | TABLE;
    h2[0] = pa(h3) | TABLE;
    h2[2] = 0x40000000ull | BLOCK | LEAF | PXN | UXN;        /* H + 1G -> the RAM base */
    h3[0] = pa(big_page) | TABLE | LEAF | PXN | UXN;
    /* h3[1] absent */
    sync_tables();
}

static void mmu_on(void)
{
    MSR(mair_el1, 0x00000000000000ffull);
    MSR(tcr_el1, TCR_VALUE);
    MSR(ttbr0_el1, pa(l0));
    MSR(ttbr1_el1, pa(h1));
    tlbi_all();
    MSR(sctlr_el1, MRS(sctlr_el1) | 1);
}

/* ---- the tests --------------------------------------------------------------------- */

static void t_translate(void)
{
    page_a[3] = 0x1111;
    CHECK("identity map still runs", MRS(sctlr_el1) & 1, 1);
    CHECK("page T+0 -> page_a", ld(T + 0x18), 0x1111);
    st(T + 0x20, 0x2222);
    CHECK("store through T+0", page_a[4], 0x2222);
    CHECK("read-only alias reads", ld(T + 0x1018), 0x1111);
    CHECK("2M block", ld(T + 0x200000 + (pa((const void *)&block_var) - 0x40000000ull)),
          0x0b10c0b10c);
    big_page[0x8000] = 0x5a;
    CHECK("64K page", ld(H + 0x8000) & 0xff, 0x5a);
    CHECK("512M block (64K granule)",
          ld(H + 0x40000000ull + (pa((const void *)&block_var) - 0x40000000ull)), 0x0b10c0b10c);
    uint64_t r = ((uint64_t (*)(void))(T + 0x2000))();
    printf("alias_page called at T+0x2000 returns 0x%lx\n", r);
    r = ((uint64_t (*)(void))(T + 0xa000))();
    printf("alias_page called at T+0xa000 returns 0x%lx\n", r);
}

static void t_faults(void)
{
    expect("level0", 0);
    ld(0x0000008000000000ull + 0x10);            /* L0 index 1: nothing */
    ld(T + 0x40000000ull);                       /* L1 index 1 */
    ld(T + 0x600000ull + 0x28);                  /* L2 index 3 */
    st(T + 0x3000 + 0x30, 1);                    /* L3 index 3 */
    ld(T + 0x4000);                              /* access flag, level 3 */
    ld(T + 0x400000 + 0x123);                    /* access flag, level 2 block */
    st(T + 0x1000, 5);                           /* read-only: permission, WnR */
    ld(T + 0x9000);                              /* address size, level 3 */
    ld(H + 0x10000);                             /* 64K: translation fault, level 3 */
    ld(H + 0x20000000ull);                       /* 64K: L2 index 1 */
    ld(0xffff040000000000ull);                   /* 64K: L1 index 1 */
    ld(0x0001000000000000ull);                   /* outside both halves: level 0 */
    expect("iabort", 0);
    ((void (*)(void))(T + 0x3000))();            /* fetch: translation, level 3 */
    ((void (*)(void))(T + 0x5000))();            /* PXN */
    ((void (*)(void))(T))();                     /* PXN and UXN, data page */
    ((void (*)(void))(T + 0xcff8))();            /* runs off the end into T + 0xd000 */
    /* WXN is left to the unit tests: with it set, the writable identity map this
     * program and its vectors run from would stop being executable. */
}

static void t_stale(void)
{
    page_a[0] = 0xaaaa;
    page_b[0] = 0xbbbb;
    page_c[0] = 0xcccc;
    expect("stale", 0);
    CHECK("T+0xb000 -> page_a", ld(T + 0xb000), 0xaaaa);
    l3b[11] = pa(page_b) | TABLE | LEAF | NG | PXN | UXN;
    sync_tables();
    CHECK("changed descriptor, no TLBI: the old entry", ld(T + 0xb000), 0xaaaa);
    tlbi_va(T + 0xb000);
    CHECK("after TLBI VAE1", ld(T + 0xb000), 0xbbbb);
    l3b[11] = 0;
    sync_tables();
    CHECK("invalidated descriptor, no TLBI", ld(T + 0xb000), 0xbbbb);
    tlbi_all();
    ld(T + 0xb000);                              /* now a translation fault */
    l3b[11] = pa(page_a) | TABLE | LEAF | NG | PXN | UXN;
    sync_tables();
    tlbi_all();
    /* another TTBR0 with another ASID: non-global entries of ASID 0 do not apply */
    CHECK("ASID 0", ld(T + 0xb000), 0xaaaa);
    MSR(ttbr0_el1, pa(l0b) | (1ull << 48));
    CHECK("ASID 1 tables", ld(T + 0xb000), 0xcccc);
    ld(T + 0x1000);                              /* not mapped there */
    MSR(ttbr0_el1, pa(l0));
    tlbi_all();
    CHECK("back to ASID 0", ld(T + 0xb000), 0xaaaa);
}

static void t_smc(void)
{
    uint32_t *code = (uint32_t *)(uintptr_t)(T + 0xf000);   /* the data alias */
    uint64_t (*fn)(void) = (uint64_t (*)(void))(T + 0xe000);

    code[0] = 0xd2800020;                        /* mov x0, #1 */
    code[1] = 0xd65f03c0;                        /* ret */
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %1\n\tdsb ish\n\tisb"
                     : : "r"(code), "r"(fn) : "memory");
    CHECK("smc: first version", fn(), 1);
    code[0] = 0xd2800540;                        /* mov x0, #42 */
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %1\n\tdsb ish\n\tisb"
                     : : "r"(code), "r"(fn) : "memory");
    CHECK("smc: rewritten through the data alias", fn(), 42);
    ((uint32_t *)smc_page)[0] = 0xd2800f60;      /* mov x0, #123, through the identity map */
    __asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" ::: "memory");
    CHECK("smc: rewritten through the identity map", fn(), 123);
}

static void t_remap_code(void)
{
    uint64_t (*fn)(void) = (uint64_t (*)(void))(T + 0x11000);
    uint64_t r[6];

    for (int i = 0; i < 3; i++)
        r[i] = fn();                            /* chained after the first time */
    l3b[18] = pa(ret2_page) | TABLE | LEAF | AP_RO | UXN;
    sync_tables();
    tlbi_va(T + 0x12000);
    r[3] = fn();
    r[4] = fn();
    l3b[18] = pa(ret1_page) | TABLE | LEAF | AP_RO | UXN;
    sync_tables();
    tlbi_all();
    r[5] = fn();
    printf("jumper through remapped pages: %lu %lu %lu %lu %lu %lu\n", r[0], r[1], r[2], r[3],
           r[4], r[5]);
    CHECK("remapped code page runs the new code", r[3] * 10 + r[4], 22);
}

static void t_el0(void)
{
    expect("el0", T + 0x6000);
    uint64_t n = nexc;
    uint64_t r = 0;
    rt_enter_el0(T + 0x6000, T + 0x7000 + 0x1000, T);
    r = nexc - n;
    printf("el0 exceptions: %lu\n", r);
}

int main(void)
{
    rt_handler = handler;
    build_tables();
    mmu_on();
    t_translate();
    t_faults();
    t_stale();
    t_smc();
    t_remap_code();
    t_el0();
    MSR(sctlr_el1, MRS(sctlr_el1) & ~1ull);
    tlbi_all();
    CHECK("MMU off again", MRS(sctlr_el1) & 1, 0);
    printf("exceptions: %u\n", nexc);
    rt_handler = 0;
    return rt_report("mmu");
}
