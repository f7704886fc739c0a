/* mmufuzz: host-survival workload for the MMU and the system registers (tests/guest/crash.sh
 * --prog mmufuzz). Each round, at EL1: random page tables in a pool of RAM pages, random
 * MAIR, TTBR1, TCR and SCTLR (only what keeps the program's own identity map usable is
 * fixed), then random loads, stores, AT, DC, TLBI, SYS and MSR/MRS of random encodings
 * with random values (the MSR/MRS/SYS words are written at run time and executed). Every
 * exception is a guest exception: counted by EC and skipped. Seed MMUFUZZ_SEED, rounds
 * MMUFUZZ_ROUNDS; prints the counts and "mmufuzz: done" at the end. -DMMUFUZZ_DEBUG prints
 * every operation.
 *
 * What stays fixed, so the program keeps control: the image's 1 GiB of RAM is one block at
 * L1 index 1 of TTBR0's tables (4 KiB granule, T0SZ 16..33, EPD0 0), EL1 read/write and
 * executable, of a Normal memory type; SCTLR.EE and WXN stay 0; VBAR, SCTLR, TTBR0, TCR,
 * MAIR, SPSel, DAIF, MDSCR and RMR are never written at random; no output address of a random descriptor (at whatever level
 * it is read) reaches the image, fw_cfg, GPIO or virtio-mmio, and no access is made to a
 * VA that the identity map or a flat (MMU-off) view would send there. */
#include "rt.h"
#include "bench.h"

#ifndef MMUFUZZ_SEED
#define MMUFUZZ_SEED 0x5eed
#endif
#ifndef MMUFUZZ_ROUNDS
#define MMUFUZZ_ROUNDS 150
#endif
#define OPS_PER_ROUND 200
#define POOL 0x50000000ull              /* RAM pages that hold random tables and data */
#define POOL_PAGES 32

/* Written at every draw: kept off the pages that hold code (QEMU retranslates a page's code
 * at every write to it, which made a run of this program take minutes there). */
static uint64_t rng __attribute__((aligned(4096))) = MMUFUZZ_SEED;
static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static unsigned long by_ec[64], by_dfsc[64], total_exc, n_msr, n_mrs, n_sys, n_mem, n_at;
/* The run-time instruction and a RET, alone in their page. */
static uint32_t slot[1024] __attribute__((aligned(4096)));

#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define MRS(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })

#ifdef MMUFUZZ_DEBUG
#define DBG(...) printf(__VA_ARGS__)
#else
#define DBG(...) do { } while (0)
#endif

static uint64_t rnd(void) { return bench_rand(&rng); }
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }

/* A VA (or flat PA) that must not be touched: the image's RAM, fw_cfg, GPIO, virtio-mmio.
 * Judged on the low 40 bits, whatever TBI and the output size make of the rest. */
static int dangerous(uint64_t a)
{
    a &= (1ull << 40) - 1;
    return (a >= 0x40000000ull && a < 0x50000000ull) || (a >= 0x09020000ull && a < 0x0a004000ull);
}

/* A page of physical memory a random page descriptor may point at. */
static uint64_t safe_page(void)
{
    switch (rn(8)) {
    case 0: return 0x08000000ull + 0x1000ull * rn(16);           /* GIC distributor */
    case 1: return 0x09000000ull;                               /* PL011 */
    case 2: return 0x09010000ull;                               /* PL031 */
    case 3: return 0x1000ull * rn(64);                          /* flash */
    case 4: return (1ull << 39) + 0x1000ull * rn(4096);         /* no memory there */
    default: return POOL + 0x1000ull * rn(POOL_PAGES);
    }
}

/* A descriptor that is harmless at every level it may be read at: "11" (table at L0-L2,
 * page at L3) onto a safe page; "01" (block at L1/L2, reserved at L3) only onto nothing;
 * invalid words; random attributes throughout. */
static uint64_t random_desc(void)
{
    uint64_t attrs = rnd() & (0xfff0000000000ffcull);       /* upper and lower attributes */
    switch (rn(6)) {
    case 0: return rnd() & ~1ull;                            /* invalid */
    case 1: return attrs | ((1ull << 40) + (rnd() & 0xffc0000000ull)) | 1;  /* block, no memory */
    default: return attrs | safe_page() | 3;
    }
}

static void build_tables(void)
{
    for (unsigned p = 0; p < POOL_PAGES; p++) {
        uint64_t *t = (uint64_t *)(uintptr_t)(POOL + p * 0x1000ull);
        for (unsigned i = 0; i < 512; i++)
            t[i] = rn(4) ? random_desc() : 0;
    }
    for (unsigned i = 0; i < 512; i++) {
        l0[i] = rn(3) ? 0 : random_desc();
        l1[i] = rn(3) ? 0 : random_desc();
    }
    /* L0[0] -> L1: APTable[1] (read-only) and PXNTable clear; the rest of its bits random. */
    l0[0] = (uint64_t)(uintptr_t)l1 | 3 | (rnd() & (1ull << 63 | 1ull << 61 | 1ull << 60));
    /* L1[1]: 0x40000000 as a block, AF, EL1 writable, executable at EL1 (so AP[1] clear:
     * memory EL0 can write is never executable at EL1); random SH, AttrIndx, nG, UXN. */
    l1[1] = 0x40000000ull | 1 | 1ull << 10 | (rnd() & (3ull << 8 | 7ull << 2 | 1ull << 11 |
                                                       1ull << 54));
    __asm__ volatile("dsb ish" ::: "memory");
}

static void configure(void)
{
    uint64_t sctlr = MRS(sctlr_el1);
    DBG("cfg: mmu off\n");
    MSR(sctlr_el1, sctlr & ~1ull);                             /* MMU off to rebuild */
    __asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
    DBG("cfg: tables\n");
    build_tables();
    DBG("cfg: regs\n");
    /* MAIR random, but the image block's AttrIndx a Normal memory type. */
    static const uint8_t normal[] = { 0xff, 0x44, 0xbb, 0x4f, 0xf4, 0xaa, 0xee, 0x77 };
    unsigned idx = (l1[1] >> 2) & 7;
    uint64_t mair = rnd() & ~(0xffull << 8 * idx);
    MSR(mair_el1, mair | (uint64_t)normal[rn(8)] << 8 * idx);
    MSR(ttbr1_el1, (rnd() & 0xffff000000000000ull) | (POOL + 0x1000ull * rn(POOL_PAGES)) | (rnd() & 1));
    unsigned t0sz = 16 + rn(18);                                /* start level 0 (16-24) or 1 */
    uint64_t tcr = rnd() & ~(0x3full | 1ull << 7 | 3ull << 14);  /* T0SZ, EPD0, TG0 (4K) set here */
    tcr &= (1ull << 39) - 1;                                     /* v8.0: TBI1 and below */
    tcr |= t0sz;
    MSR(tcr_el1, tcr);
    uint64_t root = t0sz <= 24 ? (uint64_t)(uintptr_t)l0 : (uint64_t)(uintptr_t)l1;
    MSR(ttbr0_el1, (rnd() & 0xffff000000000000ull) | root);
    __asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
    /* SCTLR: random low word but EE (25) and WXN (19) clear, the RES1 bits kept; M mostly on. */
    uint64_t keep = 0x30d00800ull;                               /* RES1 in v8.0 */
    uint64_t s = ((rnd() & 0xffffffffull & ~(1ull << 25 | 1ull << 19 | 1)) | keep) |
                 (rn(10) ? 1 : 0);
    DBG("config tcr %lx sctlr %lx l1[1] %lx mair %lx\n", tcr, s, l1[1], MRS(mair_el1));
    MSR(sctlr_el1, s);
}

/* A VA for an access: through the random tables of TTBR0 or TTBR1, or anywhere. */
static uint64_t random_va(void)
{
    uint64_t va;
    do {
        switch (rn(4)) {
        case 0: va = rnd() & ((1ull << 48) - 1); break;
        case 1: va = rnd() | 0xffff000000000000ull; break;
        case 2: va = (rnd() & 0x7fffffffull) & ~7ull; break;
        default: va = rnd(); break;
        }
    } while (dangerous(va));
    return va;
}

/* Writes the word and RET into slot and calls it with x0 = arg. */
static uint64_t run_word(uint32_t w, uint64_t arg)
{
    slot[0] = w;
    slot[1] = 0xd65f03c0u;                                      /* ret */
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                     : : "r"(slot) : "memory");
    register uint64_t x0 __asm__("x0") = arg;
    __asm__ volatile("blr %1" : "+r"(x0) : "r"(slot) : "x30", "memory", "cc");
    return x0;
}

/* op0:op1:CRn:CRm:op2 of a register never written at random (see the top). */
static int forbidden(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
#define R(a, b, c, d, e) (op0 == a && op1 == b && crn == c && crm == d && op2 == e)
    return R(3, 0, 1, 0, 0) ||              /* SCTLR_EL1 */
           R(3, 0, 2, 0, 0) ||              /* TTBR0_EL1 */
           R(3, 0, 2, 0, 2) ||              /* TCR_EL1 */
           R(3, 0, 12, 0, 0) ||             /* VBAR_EL1 */
           R(3, 0, 12, 0, 2) ||             /* RMR_EL1 */
           R(3, 0, 10, 2, 0) ||             /* MAIR_EL1: the image's attribute stays Normal */
           R(3, 0, 4, 2, 0) ||              /* SPSel */
           R(3, 3, 4, 2, 1) ||              /* DAIF */
           R(2, 0, 0, 2, 2);                /* MDSCR_EL1 */
#undef R
}

static void random_sysreg_op(void)
{
    unsigned op0 = 1 + rn(3), op1 = rn(8), crn = rn(16), crm = rn(16), op2 = rn(8);
    unsigned l = rn(2);
    if (op0 == 1) {                          /* SYS / SYSL: DC, IC, AT, TLBI and the rest */
        n_sys++;
        uint64_t arg = random_va();
        DBG("sys %u %u %u %u %u x0 %lx\n", l, op1, crn, crm, op2, arg);
        run_word(0xd5080000u | l << 21 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5, arg);
        return;
    }
    if (!l && forbidden(op0, op1, crn, crm, op2))
        return;
    uint64_t v = rnd();
    if (rn(2))
        v &= rn(2) ? 0xff : 1ull << rn(64);
    l ? n_mrs++ : n_msr++;
    DBG("msr/mrs %u %u %u %u %u %u v %lx\n", l, op0, op1, crn, crm, op2, v);
    run_word(0xd5000000u | l << 21 | 1u << 20 | (op0 & 1) << 19 | op1 << 16 | crn << 12 |
             crm << 8 | op2 << 5, v);
}

static void random_op(void)
{
    uint64_t va = random_va(), v = rnd();
    unsigned k = rn(10);
    DBG("op %u va %lx\n", k, va);
    switch (k) {
    case 0: n_mem++; __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory"); break;
    case 1: n_mem++; __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(va) : "memory"); break;
    case 2: n_mem++; __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory"); break;
    case 3: n_mem++; __asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(va) : "memory"); break;
    case 4: n_mem++; __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(va) : "memory"); break;
    case 5:
        n_at++;
        switch (rn(4)) {
        case 0: __asm__ volatile("at s1e1r, %0" : : "r"(va)); break;
        case 1: __asm__ volatile("at s1e1w, %0" : : "r"(va)); break;
        case 2: __asm__ volatile("at s1e0r, %0" : : "r"(va)); break;
        default: __asm__ volatile("at s1e0w, %0" : : "r"(va)); break;
        }
        __asm__ volatile("isb\n\tmrs %0, par_el1" : "=r"(v));
        break;
    case 6: n_mem++; __asm__ volatile("dc zva, %0" : : "r"(va) : "memory"); break;
    case 7:
        __asm__ volatile("tlbi vae1, %0\n\tdsb ish\n\tisb" : : "r"(va >> 12) : "memory");
        break;
    default: random_sysreg_op(); break;
    }
}

static void handler(RtFrame *f)
{
    total_exc++;
    if (f->vec != 4) {                       /* only synchronous exceptions at EL1h expected */
        printf("mmufuzz: unexpected exception (vector %lu) ", f->vec);
        rt_print_exception(f, 0, 0);
        rt_exit(5);
    }
    unsigned ec = f->esr >> 26;
    by_ec[ec]++;
    if (ec == 0x25)
        by_dfsc[f->esr & 63]++;
    f->elr += 4;
    f->spsr &= ~(1ul << 21);                 /* SS */
}

int main(void)
{
    printf("mmufuzz: seed 0x%lx, %u rounds of %u operations\n", (uint64_t)MMUFUZZ_SEED,
           MMUFUZZ_ROUNDS, OPS_PER_ROUND);
    uint64_t sctlr0 = MRS(sctlr_el1), tcr0 = MRS(tcr_el1), mair0 = MRS(mair_el1);
    rt_handler = handler;
    for (unsigned r = 0; r < MMUFUZZ_ROUNDS; r++) {
        configure();
        for (unsigned i = 0; i < OPS_PER_ROUND; i++)
            random_op();
        if (r % 50 == 49)
            printf("mmufuzz: round %u, %lu exceptions\n", r + 1, total_exc);
    }
    MSR(sctlr_el1, sctlr0);
    __asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
    MSR(tcr_el1, tcr0);
    MSR(mair_el1, mair0);
    rt_handler = 0;
    printf("mmufuzz: %lu MSR, %lu MRS, %lu SYS, %lu loads/stores, %lu AT; %lu exceptions\n",
           n_msr, n_mrs, n_sys, n_mem, n_at, total_exc);
    for (unsigned ec = 0; ec < 64; ec++)
        if (by_ec[ec])
            printf("mmufuzz: EC 0x%02x x %lu\n", ec, by_ec[ec]);
    for (unsigned fsc = 0; fsc < 64; fsc++)
        if (by_dfsc[fsc])
            printf("mmufuzz: data abort DFSC 0x%02x x %lu\n", fsc, by_dfsc[fsc]);
    printf("mmufuzz: done\n");
    return 0;
}
