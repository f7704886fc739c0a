/* test-mmu.c: the stage 1 table walker (src/arm/mmu.c) against tables built by
 * hand in a host buffer that stands for guest RAM at 0x40000000 and is read
 * through the walker's callback. The hand-built tests put every descriptor at
 * an address worked out here from the Arm ARM's index layout; the matrix
 * tests use a small table builder of their own (its geometry is written down
 * independently of the walker: the expected start levels are a literal
 * table). Every check is of exact values: PA, level, size, FSC, PAR_EL1. */
#include <glib.h>
#include <string.h>
#include "arm/bits.h"
#include "arm/cpu.h"
#include "arm/mmu.h"
#include "arm/syndrome.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (8ull << 20)
#define A57_MMFR0 0x1124ull                             /* QEMU's cortex-a57 */
#define MMFR0_16K (A57_MMFR0 | (1ull << MMFR0_TGRAN16_SHIFT))   /* ... with 16K granules */
#define MAIR_TEST 0x0000bb44400c04ffull  /* idx 0 WB 0xff, 1 nGnRE 0x04, 2 GRE 0x0c,
                                            3 NC-XS 0x40, 4 NC 0x44, 5 0xbb */
#define LEAF_DEFAULT (DESC_AF | (3ull << DESC_SH_SHIFT))   /* AF, inner shareable, idx 0, AP 00 */

/* ---- guest RAM --------------------------------------------------------------- */

typedef struct Mem {
    uint8_t *ram;
    uint64_t next;          /* table allocator: next free PA */
    bool big_endian;        /* descriptors stored big-endian */
    bool fail;              /* the read of fail_pa is an external abort */
    bool fail_ea;
    uint64_t fail_pa;
    unsigned nreads;
    uint64_t reads[8];
} Mem;

static bool mem_read(void *opaque, uint64_t pa, uint64_t *val, bool *ea)
{
    Mem *m = opaque;
    uint64_t v = 0;

    g_assert_cmphex(pa & 7, ==, 0);
    if (m->nreads < G_N_ELEMENTS(m->reads)) {
        m->reads[m->nreads] = pa;
    }
    m->nreads++;
    if ((m->fail && pa == m->fail_pa) || pa < RAM_BASE || pa + 8 > RAM_BASE + RAM_SIZE) {
        *ea = m->fail && pa == m->fail_pa ? m->fail_ea : false;
        return false;
    }
    for (int i = 7; i >= 0; i--) {      /* as a little-endian load */
        v = (v << 8) | m->ram[pa - RAM_BASE + i];
    }
    *val = v;
    return true;
}

static void put(Mem *m, uint64_t pa, uint64_t desc)
{
    g_assert_cmphex(pa & 7, ==, 0);
    g_assert(pa >= RAM_BASE && pa + 8 <= RAM_BASE + RAM_SIZE);
    for (int i = 0; i < 8; i++) {
        unsigned sh = m->big_endian ? 8 * (7 - i) : 8 * i;
        m->ram[pa - RAM_BASE + i] = desc >> sh;
    }
}

static uint64_t get(Mem *m, uint64_t pa)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        unsigned sh = m->big_endian ? 8 * (7 - i) : 8 * i;
        v |= (uint64_t)m->ram[pa - RAM_BASE + i] << sh;
    }
    return v;
}

static uint64_t alloc(Mem *m, uint64_t bytes)
{
    uint64_t align = bytes < 64 ? 64 : bytes;
    uint64_t pa = (m->next + align - 1) & ~(align - 1);
    m->next = pa + bytes;
    g_assert(m->next <= RAM_BASE + RAM_SIZE);
    return pa;
}

/* ---- the test's own geometry (Arm ARM D5.2: levels and index bits) ---------- */

/* The start level for a granule and input size, written out per granule:
 * 4K:  25-30 -> 2, 31-39 -> 1, 40-48 -> 0
 * 16K: 25 -> 3, 26-36 -> 2, 37-47 -> 1, 48 -> 0
 * 64K: 25-29 -> 3, 30-42 -> 2, 43-48 -> 1 */
static unsigned start_level(unsigned gshift, unsigned inputsize)
{
    switch (gshift) {
    case 12: return inputsize >= 40 ? 0 : inputsize >= 31 ? 1 : 2;
    case 14: return inputsize == 48 ? 0 : inputsize >= 37 ? 1 : inputsize >= 26 ? 2 : 3;
    default: return inputsize >= 43 ? 1 : inputsize >= 30 ? 2 : 3;
    }
}

typedef struct Geo {
    unsigned gshift, stride, inputsize, start;
} Geo;

static Geo geo(unsigned gshift, unsigned tsz)
{
    Geo g = { gshift, gshift - 3, 64 - tsz, start_level(gshift, 64 - tsz) };
    return g;
}

static unsigned lvl_bottom(Geo g, unsigned level)
{
    return g.gshift + (3 - level) * g.stride;
}

static uint64_t lvl_index(Geo g, unsigned level, uint64_t va)
{
    unsigned b = lvl_bottom(g, level);
    unsigned top = level == g.start ? g.inputsize - 1 : b + g.stride - 1;
    return (va >> b) & ((1ull << (top - b + 1)) - 1);
}

static uint64_t root_bytes(Geo g)
{
    return 8ull << (g.inputsize - lvl_bottom(g, g.start));
}

/* ---- a translation context ------------------------------------------------- */

typedef struct Ctx {
    Mem m;
    ArmMMURegs r;
    Geo g[2];
    uint64_t root[2];
    ArmTranslation t;
    ArmFault f;
} Ctx;

static uint64_t tg_bits(bool hi, unsigned gshift)
{
    if (!hi) {
        return gshift == 12 ? TCR_TG0_4K : gshift == 14 ? TCR_TG0_16K : TCR_TG0_64K;
    }
    return gshift == 12 ? TCR_TG1_4K : gshift == 14 ? TCR_TG1_16K : TCR_TG1_64K;
}

static uint64_t tcr_for(unsigned g0, unsigned t0sz, unsigned g1, unsigned t1sz)
{
    return ((uint64_t)t0sz << TCR_T0SZ_SHIFT) | ((uint64_t)t1sz << TCR_T1SZ_SHIFT) |
           tg_bits(false, g0) | tg_bits(true, g1) | (4ull << TCR_IPS_SHIFT);
}

/* Both halves with the given granules and sizes, IPS = 44 bits, the MMU on. */
static Ctx *ctx_new(unsigned g0, unsigned t0sz, unsigned g1, unsigned t1sz, uint64_t mmfr0)
{
    Ctx *c = g_new0(Ctx, 1);

    c->m.ram = g_malloc0(RAM_SIZE);
    c->m.next = RAM_BASE;
    c->g[0] = geo(g0, t0sz);
    c->g[1] = geo(g1, t1sz);
    c->root[0] = alloc(&c->m, root_bytes(c->g[0]));
    c->root[1] = alloc(&c->m, root_bytes(c->g[1]));
    c->r.ttbr0 = c->root[0];
    c->r.ttbr1 = c->root[1];
    c->r.tcr = tcr_for(g0, t0sz, g1, t1sz);
    c->r.mair = MAIR_TEST;
    c->r.sctlr = SCTLR_M;
    c->r.mmfr0 = mmfr0;
    return c;
}

static void ctx_free(Ctx *c)
{
    g_free(c->m.ram);
    g_free(c);
}

/* Map va (in half hi) with a leaf at level leaf (a page at 3, else a block):
 * the leaf is out_pa's frame | leaf_bits | the type; tables are made as
 * needed, with tattr[level] or'ed into the table descriptor at each level
 * (NULL: none). Returns the leaf descriptor's address. */
static uint64_t map_attrs(Ctx *c, bool hi, uint64_t va, unsigned leaf, uint64_t out_pa,
                          uint64_t leaf_bits, const uint64_t *tattr)
{
    Geo g = c->g[hi];
    uint64_t table = c->root[hi];

    for (unsigned l = g.start;; l++) {
        uint64_t dpa = table + 8 * lvl_index(g, l, va);
        if (l == leaf) {
            uint64_t frame = out_pa & ~((1ull << lvl_bottom(g, l)) - 1);
            put(&c->m, dpa, frame | leaf_bits | (l == 3 ? DESC_TYPE_TABLE : DESC_TYPE_BLOCK));
            return dpa;
        }
        uint64_t d = get(&c->m, dpa);
        if (!(d & DESC_VALID)) {
            d = alloc(&c->m, 1ull << g.gshift) | DESC_TYPE_TABLE;
        }
        if (tattr) {
            d |= tattr[l];
        }
        put(&c->m, dpa, d);
        table = d & DESC_ADDR_MASK & ~((1ull << g.gshift) - 1);
    }
}

static uint64_t map(Ctx *c, bool hi, uint64_t va, unsigned leaf, uint64_t out_pa,
                    uint64_t leaf_bits)
{
    return map_attrs(c, hi, va, leaf, out_pa, leaf_bits, NULL);
}

static bool xlate(Ctx *c, uint64_t va, int access)
{
    c->m.nreads = 0;
    return arm_mmu_translate(&c->r, va, access, mem_read, &c->m, &c->t, &c->f);
}

/* The walk fails with exactly this fault type, FSC and level. */
static void expect_fault(Ctx *c, uint64_t va, int access, ArmFaultType type, uint32_t fsc,
                         unsigned level)
{
    bool ok = xlate(c, va, access);
    if (ok) {
        g_test_message("va 0x%" G_GINT64_MODIFIER "x translated to 0x%" G_GINT64_MODIFIER
                       "x, expected fsc 0x%x", va, c->t.pa, fsc);
    }
    g_assert_false(ok);
    g_assert_cmpint(c->f.type, ==, type);
    g_assert_cmphex(c->f.fsc, ==, fsc);
    g_assert_cmpuint(c->f.level, ==, level);
    g_assert_false(c->f.s1ptw);
    g_assert_false(c->f.stage2);
}

static void expect_pa(Ctx *c, uint64_t va, int access, uint64_t pa)
{
    bool ok = xlate(c, va, access);
    if (!ok) {
        g_test_message("va 0x%" G_GINT64_MODIFIER "x: fault fsc 0x%x level %u", va,
                       c->f.fsc, c->f.level);
    }
    g_assert_true(ok);
    g_assert_cmphex(c->t.pa, ==, pa);
}

/* ---- hand-built walks: every descriptor address worked out here ------------- */

/* 4K, T0SZ = 16 (48-bit VA): L0 VA[47:39], L1 [38:30], L2 [29:21], L3 [20:12].
 * VA 0x0000_0080_8060_4abc has indices 1, 2, 3, 4 and offset 0xabc. */
static void test_hand_4k(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    uint64_t l0 = c->root[0];               /* 0x40000000 */
    g_assert_cmphex(l0, ==, 0x40000000);
    put(&c->m, 0x40000008, 0x40010000 | 3);                 /* L0[1] -> table */
    put(&c->m, 0x40010010, 0x40020000 | 3);                 /* L1[2] -> table */
    put(&c->m, 0x40020018, 0x40030000 | 3);                 /* L2[3] -> table */
    put(&c->m, 0x40030020, 0x412345000ull | LEAF_DEFAULT | (1ull << DESC_ATTRINDX_SHIFT) | 3);

    g_assert_true(xlate(c, 0x0000008080604abcull, ARM_MMU_READ));
    g_assert_cmphex(c->t.pa, ==, 0x412345abcull);
    g_assert_cmpuint(c->t.level, ==, 3);
    g_assert_cmpuint(c->t.size_shift, ==, 12);
    g_assert_cmpuint(c->t.granule_shift, ==, 12);
    g_assert_cmphex(c->t.attr, ==, 0x04);
    g_assert_cmpuint(c->t.attr_index, ==, 1);
    g_assert_cmpuint(c->t.sh, ==, 3);
    g_assert_false(c->t.ttbr1);
    g_assert_true(c->t.global);
    g_assert_true(c->t.ns);
    g_assert_cmpuint(c->m.nreads, ==, 4);
    g_assert_cmphex(c->m.reads[0], ==, 0x40000008);
    g_assert_cmphex(c->m.reads[1], ==, 0x40010010);
    g_assert_cmphex(c->m.reads[2], ==, 0x40020018);
    g_assert_cmphex(c->m.reads[3], ==, 0x40030020);
    /* The neighbouring page (L3 index 5) is not mapped: level 3 translation fault. */
    expect_fault(c, 0x0000008080605000ull, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x07, 3);
    g_assert_true(c->f.have_desc);
    g_assert_cmphex(c->f.desc_pa, ==, 0x40030028);
    g_assert_cmphex(c->f.desc, ==, 0);
    ctx_free(c);
}

/* 16K, T0SZ = 16: L0 VA[47] (2 entries), L1 [46:36], L2 [35:25], L3 [24:14].
 * VA 0x0000_8050_0c01_d234: indices 1, 5, 6, 7, offset 0x1234. */
static void test_hand_16k(void)
{
    Ctx *c = ctx_new(14, 16, 14, 16, MMFR0_16K);
    g_assert_cmphex(c->root[0], ==, 0x40000000);
    put(&c->m, 0x40000008, 0x40004000 | 3);
    put(&c->m, 0x40004028, 0x40008000 | 3);
    put(&c->m, 0x40008030, 0x4000c000 | 3);
    put(&c->m, 0x4000c038, 0x87654000ull | LEAF_DEFAULT | 3);

    g_assert_true(xlate(c, 0x000080500c01d234ull, ARM_MMU_READ));
    g_assert_cmphex(c->t.pa, ==, 0x87655234ull);
    g_assert_cmpuint(c->t.size_shift, ==, 14);
    g_assert_cmpuint(c->t.granule_shift, ==, 14);
    g_assert_cmpuint(c->m.nreads, ==, 4);
    g_assert_cmphex(c->m.reads[0], ==, 0x40000008);
    g_assert_cmphex(c->m.reads[1], ==, 0x40004028);
    g_assert_cmphex(c->m.reads[2], ==, 0x40008030);
    g_assert_cmphex(c->m.reads[3], ==, 0x4000c038);
    ctx_free(c);
}

/* 64K, T0SZ = 16: start level 1, L1 VA[47:42] (64 entries), L2 [41:29], L3 [28:16].
 * VA 0x0000_0c02_1fff_beef: indices 3, 0x10, 0x1fff, offset 0xbeef. */
static void test_hand_64k(void)
{
    Ctx *c = ctx_new(16, 16, 16, 16, A57_MMFR0);
    g_assert_cmphex(c->root[0], ==, 0x40000000);
    put(&c->m, 0x40000018, 0x40010000 | 3);
    put(&c->m, 0x40010080, 0x40020000 | 3);
    /* bits [15:12] of a 64K page descriptor are RES0 in v8.0 (PA[51:48] with
     * FEAT_LPA): ignored */
    put(&c->m, 0x4002fff8, 0x9abc0000ull | 0xf000 | LEAF_DEFAULT | 3);

    g_assert_true(xlate(c, 0x00000c021fffbeefull, ARM_MMU_READ));
    g_assert_cmphex(c->t.pa, ==, 0x9abcbeefull);
    g_assert_cmpuint(c->t.size_shift, ==, 16);
    g_assert_cmpuint(c->t.level, ==, 3);
    g_assert_cmpuint(c->m.nreads, ==, 3);
    g_assert_cmphex(c->m.reads[0], ==, 0x40000018);
    g_assert_cmphex(c->m.reads[1], ==, 0x40010080);
    g_assert_cmphex(c->m.reads[2], ==, 0x4002fff8);
    ctx_free(c);
}

/* TTBR1, 4K, T1SZ = 25 (39-bit, start level 1, L1 VA[38:30]): VA
 * 0xffff_ff80_4000_0123 has L1 index 1, L2 index 0, L3 index 0. */
static void test_hand_ttbr1(void)
{
    Ctx *c = ctx_new(12, 25, 12, 25, A57_MMFR0);
    uint64_t l1 = c->root[1];
    put(&c->m, l1 + 8, 0x40100000 | 3);
    put(&c->m, 0x40100000, 0x40101000 | 3);
    put(&c->m, 0x40101000, 0x55555000ull | LEAF_DEFAULT | 3);

    g_assert_true(xlate(c, 0xffffff8040000123ull, ARM_MMU_READ));
    g_assert_cmphex(c->t.pa, ==, 0x55555123ull);
    g_assert_true(c->t.ttbr1);
    g_assert_cmpuint(c->m.nreads, ==, 3);
    g_assert_cmphex(c->m.reads[0], ==, l1 + 8);
    /* The same index bits in the TTBR0 half walk TTBR0's (empty) table. */
    expect_fault(c, 0x0000000040000123ull, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x05, 1);
    g_assert_cmphex(c->f.desc_pa, ==, c->root[0] + 8);
    ctx_free(c);
}

/* A start table smaller than its alignment rule would suggest: 4K, T0SZ = 24
 * (40-bit VA, start level 0 with 2 entries, 16 bytes): TTBR0 may point at any
 * 16-byte boundary; bits below it (here bit 3) are ignored (choice 4). */
static void test_small_start_table(void)
{
    Ctx *c = ctx_new(12, 24, 12, 24, A57_MMFR0);
    c->r.ttbr0 = 0x40200010;
    put(&c->m, 0x40200018, 0x40201000 | 3);                 /* L0[1]: VA[39] = 1 */
    put(&c->m, 0x40201000, 0x40202000 | 3);
    put(&c->m, 0x40202000, 0x40203000 | 3);
    put(&c->m, 0x40203000, 0x12345000ull | LEAF_DEFAULT | 3);
    expect_pa(c, 0x0000008000000042ull, ARM_MMU_READ, 0x12345042ull);
    g_assert_cmphex(c->m.reads[0], ==, 0x40200018);
    c->r.ttbr0 = 0x40200018;                                /* bit 3 set: ignored */
    expect_pa(c, 0x0000008000000042ull, ARM_MMU_READ, 0x12345042ull);
    g_assert_cmphex(c->m.reads[0], ==, 0x40200018);
    /* A 4K-aligned root for 48 bits ignores bits [11:1] of TTBR (bit 0 is CnP). */
    ctx_free(c);
    c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map(c, false, 0x1000, 3, 0x77777000, LEAF_DEFAULT);
    c->r.ttbr0 = c->root[0] | 0xfff;
    expect_pa(c, 0x1008, ARM_MMU_READ, 0x77777008);
    g_assert_cmphex(c->m.reads[0], ==, c->root[0]);
    ctx_free(c);
}

/* ---- every granule with every TxSZ (so every start level) -------------------- */

static void check_all_sizes(unsigned gshift, uint64_t mmfr0, bool hi)
{
    for (unsigned tsz = 16; tsz <= 39; tsz++) {
        Ctx *c = ctx_new(gshift, tsz, gshift, tsz, mmfr0);
        Geo g = c->g[hi];
        uint64_t span = 1ull << g.inputsize;
        uint64_t gran = 1ull << gshift;
        /* the lowest and the highest page of the half, and one in the middle */
        uint64_t vas[3] = { 0, span - gran, (span / 2) | (5 * gran) };
        for (int i = 0; i < 3; i++) {
            uint64_t va = hi ? vas[i] - span : vas[i];
            uint64_t pa = 0x100000000ull + (uint64_t)i * 0x10000000ull;
            map(c, hi, va, 3, pa, LEAF_DEFAULT);
        }
        for (int i = 0; i < 3; i++) {
            uint64_t va = hi ? vas[i] - span : vas[i];
            uint64_t pa = 0x100000000ull + (uint64_t)i * 0x10000000ull;
            uint64_t off = gran - 8;
            expect_pa(c, va + off, ARM_MMU_READ, pa + off);
            g_assert_cmpuint(c->t.level, ==, 3);
            g_assert_cmpuint(c->t.granule_shift, ==, gshift);
            g_assert(c->t.ttbr1 == hi);
            g_assert_cmpuint(c->m.nreads, ==, 4 - g.start);
            g_assert_cmphex(c->m.reads[0], ==, c->root[hi] + 8 * lvl_index(g, g.start, va));
        }
        /* One past the top of the range (TTBR0) or below the bottom (TTBR1):
         * in neither range, a level 0 translation fault. */
        uint64_t out = hi ? (uint64_t)0 - span - 1 : span;
        expect_fault(c, out, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
        g_assert_cmpuint(c->m.nreads, ==, 0);
        ctx_free(c);
    }
}

static void test_sizes_4k(void) { check_all_sizes(12, A57_MMFR0, false); check_all_sizes(12, A57_MMFR0, true); }
static void test_sizes_16k(void) { check_all_sizes(14, MMFR0_16K, false); check_all_sizes(14, MMFR0_16K, true); }
static void test_sizes_64k(void) { check_all_sizes(16, A57_MMFR0, false); check_all_sizes(16, A57_MMFR0, true); }

/* The start level itself, as the first descriptor read shows: for each
 * granule the TxSZ values at the boundaries of each start level. */
static void test_start_levels(void)
{
    static const struct { unsigned gshift, tsz, level; } cases[] = {
        { 12, 16, 0 }, { 12, 24, 0 }, { 12, 25, 1 }, { 12, 33, 1 }, { 12, 34, 2 }, { 12, 39, 2 },
        { 14, 16, 0 }, { 14, 17, 1 }, { 14, 27, 1 }, { 14, 28, 2 }, { 14, 38, 2 }, { 14, 39, 3 },
        { 16, 16, 1 }, { 16, 21, 1 }, { 16, 22, 2 }, { 16, 34, 2 }, { 16, 35, 3 }, { 16, 39, 3 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        Ctx *c = ctx_new(cases[i].gshift, cases[i].tsz, cases[i].gshift, cases[i].tsz, MMFR0_16K);
        g_assert_cmpuint(c->g[0].start, ==, cases[i].level);
        /* an empty root: the fault is at the start level */
        expect_fault(c, 0, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04 + cases[i].level,
                     cases[i].level);
        g_assert_cmpuint(c->m.nreads, ==, 1);
        ctx_free(c);
    }
}

/* ---- blocks ----------------------------------------------------------------- */

static void test_blocks(void)
{
    static const struct { unsigned gshift, level, size_shift; } ok[] = {
        { 12, 1, 30 }, { 12, 2, 21 }, { 14, 2, 25 }, { 16, 2, 29 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(ok); i++) {
        for (int hi = 0; hi < 2; hi++) {
            Ctx *c = ctx_new(ok[i].gshift, 16, ok[i].gshift, 16, MMFR0_16K);
            uint64_t size = 1ull << ok[i].size_shift;
            uint64_t va = (hi ? 0xffff800000000000ull : 0) + 3 * size;
            /* output frame 0x800000000 + 7 blocks; RES0 bits between the block
             * address and the granule set in the descriptor: ignored */
            uint64_t pa = 0x800000000ull + 7 * size;
            uint64_t res0 = ((size - 1) & ~((1ull << ok[i].gshift) - 1));
            uint64_t dpa = map(c, hi, va, ok[i].level, pa, LEAF_DEFAULT);
            put(&c->m, dpa, get(&c->m, dpa) | res0);
            uint64_t off = size - 0x10;
            expect_pa(c, va + off, ARM_MMU_WRITE, pa + off);
            g_assert_cmpuint(c->t.level, ==, ok[i].level);
            g_assert_cmpuint(c->t.size_shift, ==, ok[i].size_shift);
            g_assert_cmpuint(c->m.nreads, ==, ok[i].level + 1 - c->g[hi].start);
            /* the contiguous hint changes nothing */
            put(&c->m, dpa, get(&c->m, dpa) | DESC_CONT);
            expect_pa(c, va + off, ARM_MMU_READ, pa + off);
            g_assert_cmpuint(c->t.size_shift, ==, ok[i].size_shift);
            ctx_free(c);
        }
    }
}

/* A block descriptor where the granule allows none: 4K level 0, 16K levels
 * 0 and 1, 64K level 1 (ARMv8.0: no FEAT_LPA). Translation fault at that
 * level, as the v8.0 pseudocode says; QEMU 7.2 translates these as huge
 * blocks (choice 11 in mmu.c). */
static void test_blocks_not_allowed(void)
{
    static const struct { unsigned gshift, level; } bad[] = {
        { 12, 0 }, { 14, 0 }, { 14, 1 }, { 16, 1 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        Ctx *c = ctx_new(bad[i].gshift, 16, bad[i].gshift, 16, MMFR0_16K);
        map(c, false, 0x0, bad[i].level, 0x0, LEAF_DEFAULT);
        expect_fault(c, 0x1234, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04 + bad[i].level,
                     bad[i].level);
        ctx_free(c);
    }
}

/* Level 3 with type 01 is reserved: translation fault level 3. */
static void test_level3_reserved(void)
{
    for (unsigned gshift = 12; gshift <= 16; gshift += 2) {
        Ctx *c = ctx_new(gshift, 20, gshift, 20, MMFR0_16K);
        uint64_t dpa = map(c, false, 0x40000, 3, 0x50000000, LEAF_DEFAULT);
        expect_pa(c, 0x40000, ARM_MMU_READ, 0x50000000);
        put(&c->m, dpa, (get(&c->m, dpa) & ~DESC_TYPE_MASK) | DESC_TYPE_BLOCK);
        expect_fault(c, 0x40000, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x07, 3);
        /* type 10 (bit 0 clear): invalid whatever the other bits say */
        put(&c->m, dpa, (get(&c->m, dpa) & ~DESC_TYPE_MASK) | 2);
        expect_fault(c, 0x40000, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x07, 3);
        ctx_free(c);
    }
}

/* ---- faults at every level -------------------------------------------------- */

/* 4K, 48 bits: VA 0x0000_0080_8060_4000 through tables at each level. */
#define FVA 0x0000008080604000ull

static Ctx *fault_ctx(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map(c, false, FVA, 3, 0x60000000, LEAF_DEFAULT);
    expect_pa(c, FVA + 0x10, ARM_MMU_READ, 0x60000010);
    return c;
}

/* The descriptor the walk for FVA reads at level (after a successful walk). */
static uint64_t desc_at(Ctx *c, unsigned level)
{
    g_assert_true(xlate(c, FVA, ARM_MMU_READ));
    return c->m.reads[level];
}

static void test_translation_fault_levels(void)
{
    for (unsigned level = 0; level <= 3; level++) {
        Ctx *c = fault_ctx();
        uint64_t dpa = desc_at(c, level);
        put(&c->m, dpa, get(&c->m, dpa) & ~DESC_VALID);
        expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_TRANSLATION, FSC_TRANSLATION(level), level);
        g_assert_cmphex(0x04 + level, ==, c->f.fsc);
        g_assert_cmpuint(c->m.nreads, ==, level + 1);
        g_assert_cmphex(c->f.desc_pa, ==, dpa);
        /* fetches and writes report the same */
        expect_fault(c, FVA, ARM_MMU_FETCH, ARM_FAULT_TRANSLATION, 0x04 + level, level);
        expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_TRANSLATION, 0x04 + level, level);
        ctx_free(c);
    }
}

static void test_access_flag_levels(void)
{
    /* a 1G block at level 1, a 2M block at level 2, a page at level 3 */
    for (unsigned level = 1; level <= 3; level++) {
        Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map(c, false, FVA, level, 0x80000000, LEAF_DEFAULT & ~DESC_AF);
        expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ACCESS_FLAG, 0x08 + level, level);
        g_assert_cmphex(c->f.fsc, ==, FSC_ACCESS_FLAG(level));
        expect_fault(c, FVA, ARM_MMU_FETCH, ARM_FAULT_ACCESS_FLAG, 0x08 + level, level);
        /* AF is checked before permissions: a read-only page written still
         * reports the access flag fault */
        map(c, false, FVA, level, 0x80000000, (LEAF_DEFAULT & ~DESC_AF) | DESC_AP2);
        expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_ACCESS_FLAG, 0x08 + level, level);
        ctx_free(c);
    }
}

static void test_permission_levels(void)
{
    for (unsigned level = 1; level <= 3; level++) {
        Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map(c, false, FVA, level, 0x80000000, LEAF_DEFAULT | DESC_AP2);
        expect_pa(c, FVA, ARM_MMU_READ, 0x80000000ull + (FVA & ((1ull << (12 + 9 * (3 - level))) - 1)));
        expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0c + level, level);
        g_assert_cmphex(c->f.fsc, ==, FSC_PERMISSION(level));
        ctx_free(c);
    }
}

static void test_addr_size_levels(void)
{
    /* Level 0: the TTBR's base address above 44 bits (PARange). */
    Ctx *c = fault_ctx();
    c->r.ttbr0 = c->root[0] | (1ull << 44);
    expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    g_assert_cmpuint(c->m.nreads, ==, 0);
    c->r.ttbr0 = c->root[0] | (1ull << 47);
    expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    /* ASID bits are not address bits */
    c->r.ttbr0 = c->root[0] | (0xffffull << 48);
    expect_pa(c, FVA, ARM_MMU_READ, 0x60000000);
    ctx_free(c);

    /* Levels 0-2: a table descriptor's next-level address above 44 bits. */
    for (unsigned level = 0; level <= 2; level++) {
        c = fault_ctx();
        uint64_t dpa = desc_at(c, level);
        put(&c->m, dpa, get(&c->m, dpa) | (1ull << 44));
        expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, FSC_ADDRSIZE(level), level);
        g_assert_cmpuint(c->m.nreads, ==, level + 1);
        ctx_free(c);
    }
    /* Level 3: a page's output address; levels 1 and 2: a block's. */
    for (unsigned level = 1; level <= 3; level++) {
        c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map(c, false, FVA, level, (1ull << 44) - (1ull << 30), LEAF_DEFAULT);
        expect_pa(c, FVA & ~0xfffull, ARM_MMU_READ,
                  (1ull << 44) - (1ull << 30) + (FVA & ((1ull << (12 + 9 * (3 - level))) - 1)));
        map(c, false, FVA, level, 1ull << 44, LEAF_DEFAULT);
        expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, level, level);
        /* address size is checked before the access flag */
        map(c, false, FVA, level, 1ull << 45, LEAF_DEFAULT & ~DESC_AF);
        expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, level, level);
        ctx_free(c);
    }
}

/* IPS smaller than PARange, IPS larger, and reserved IPS values. */
static void test_ips(void)
{
    static const struct { unsigned ips, bits; } sizes[] = {
        { 0, 32 }, { 1, 36 }, { 2, 40 }, { 3, 42 }, { 4, 44 }, { 5, 44 }, { 6, 44 }, { 7, 44 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
        Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        c->r.tcr = (c->r.tcr & ~(TCR_IPS_MASK << TCR_IPS_SHIFT)) |
                   ((uint64_t)sizes[i].ips << TCR_IPS_SHIFT);
        uint64_t top_page = (1ull << sizes[i].bits) - 0x1000;
        map(c, false, 0x1000, 3, top_page, LEAF_DEFAULT);
        map(c, false, 0x2000, 3, 1ull << sizes[i].bits, LEAF_DEFAULT);
        expect_pa(c, 0x1004, ARM_MMU_READ, top_page + 4);
        expect_fault(c, 0x2004, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x03, 3);
        ctx_free(c);
    }
    /* A CPU with 48-bit PAs (PARange 5): IPS 5 allows bit 44..47. */
    Ctx *c = ctx_new(12, 16, 12, 16, (A57_MMFR0 & ~0xfull) | 5);
    c->r.tcr = (c->r.tcr & ~(TCR_IPS_MASK << TCR_IPS_SHIFT)) | (5ull << TCR_IPS_SHIFT);
    map(c, false, 0x1000, 3, 0xfffffffff000ull, LEAF_DEFAULT);
    expect_pa(c, 0x1ff8, ARM_MMU_READ, 0xfffffffffff8ull);
    ctx_free(c);
    /* IPS = 32 bits with the tables above 4 GiB: a table address size fault at
     * the level that points there. */
    c = fault_ctx();
    c->r.tcr &= ~(TCR_IPS_MASK << TCR_IPS_SHIFT);
    uint64_t dpa = desc_at(c, 1);
    put(&c->m, dpa, (get(&c->m, dpa) & ~DESC_ADDR_MASK) | 0x100000000ull);
    expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x01, 1);
    ctx_free(c);
}

static void test_external_abort_levels(void)
{
    for (unsigned level = 0; level <= 3; level++) {
        for (int ea = 0; ea < 2; ea++) {
            Ctx *c = fault_ctx();
            c->m.fail = true;
            c->m.fail_pa = desc_at(c, level);
            c->m.fail_ea = ea;
            expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_EXT_WALK, 0x14 + level, level);
            g_assert_cmphex(c->f.fsc, ==, FSC_EXTERNAL_WALK(level));
            g_assert(c->f.ea == ea);
            g_assert_cmphex(c->f.desc_pa, ==, c->m.fail_pa);
            g_assert_true(arm_mmu_at_fault_is_exception(&c->f));
            ctx_free(c);
        }
    }
    /* A table pointing outside RAM: the callback's own "nothing there". */
    Ctx *c = fault_ctx();
    uint64_t dpa = desc_at(c, 2);
    put(&c->m, dpa, (get(&c->m, dpa) & ~DESC_ADDR_MASK) | 0x7000000000ull);
    expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_EXT_WALK, 0x17, 3);
    g_assert_false(c->f.ea);
    g_assert_cmphex(c->f.desc_pa, ==, 0x7000000000ull + 8 * ((FVA >> 12) & 0x1ff));
    ctx_free(c);
}

/* ---- the regions: TxSZ, EPD, TBI ------------------------------------------- */

static void test_txsz_out_of_range(void)
{
    static const unsigned bad[] = { 0, 1, 12, 15, 40, 48, 63 };
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        for (int hi = 0; hi < 2; hi++) {
            Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
            map(c, false, 0x1000, 3, 0x1000, LEAF_DEFAULT);
            map(c, true, 0xffff000000001000ull, 3, 0x2000, LEAF_DEFAULT);
            unsigned sh = hi ? TCR_T1SZ_SHIFT : TCR_T0SZ_SHIFT;
            c->r.tcr = (c->r.tcr & ~(TCR_TxSZ_MASK << sh)) | ((uint64_t)bad[i] << sh);
            /* CONSTRAINED UNPREDICTABLE FORCE or FAULT: we fault at level 0 (as
             * QEMU 7.2), for every address of that half, without a walk */
            uint64_t va = hi ? 0xfffffffffffff000ull : 0x1000;
            expect_fault(c, va, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
            g_assert_cmpuint(c->m.nreads, ==, 0);
            /* the other half is unaffected */
            if (hi) {
                expect_pa(c, 0x1010, ARM_MMU_READ, 0x1010);
            } else {
                expect_pa(c, 0xffff000000001010ull, ARM_MMU_READ, 0x2010);
            }
            ctx_free(c);
        }
    }
}

static void test_epd(void)
{
    Ctx *c = ctx_new(12, 25, 12, 25, A57_MMFR0);
    map(c, false, 0x1000, 3, 0x1000, LEAF_DEFAULT);
    map(c, true, 0xffffff8000001000ull, 3, 0x2000, LEAF_DEFAULT);
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    expect_pa(c, 0xffffff8000001000ull, ARM_MMU_READ, 0x2000);
    c->r.tcr |= TCR_EPD0;
    expect_fault(c, 0x1000, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    g_assert_cmpuint(c->m.nreads, ==, 0);
    expect_fault(c, 0x1000, ARM_MMU_FETCH, ARM_FAULT_TRANSLATION, 0x04, 0);
    expect_pa(c, 0xffffff8000001000ull, ARM_MMU_READ, 0x2000);
    c->r.tcr ^= TCR_EPD0 | TCR_EPD1;
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    expect_fault(c, 0xffffff8000001000ull, ARM_MMU_WRITE, ARM_FAULT_TRANSLATION, 0x04, 0);
    g_assert_cmpuint(c->m.nreads, ==, 0);
    ctx_free(c);
}

/* Addresses between the two ranges, or with stray top bits. */
static void test_va_ranges(void)
{
    Ctx *c = ctx_new(12, 25, 12, 25, A57_MMFR0);          /* 39-bit halves */
    map(c, false, 0x7ffffff000ull, 3, 0x3000, LEAF_DEFAULT);
    map(c, true, 0xffffff8000000000ull, 3, 0x4000, LEAF_DEFAULT);
    expect_pa(c, 0x7fffffffffull, ARM_MMU_READ, 0x3fff);
    expect_pa(c, 0xffffff8000000000ull, ARM_MMU_READ, 0x4000);
    static const uint64_t holes[] = {
        0x8000000000ull, 0xffffff7fffffffffull, 0x0000800000000000ull, 0x8000000000000000ull,
        0x00ffff8000000000ull, 0xff00000000001000ull, 0x0080000000000000ull,
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(holes); i++) {
        expect_fault(c, holes[i], ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
        g_assert_cmpuint(c->m.nreads, ==, 0);
    }
    ctx_free(c);
}

static void test_tbi(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map(c, false, 0x00001234567000ull, 3, 0x5000, LEAF_DEFAULT);
    map(c, true, 0xffff876543210000ull, 3, 0x6000, LEAF_DEFAULT);
    uint64_t lo_tagged = 0x5a00001234567008ull, hi_tagged = 0x00ff876543210008ull;

    /* TBI off: a tag is outside both ranges, for data and fetches */
    expect_fault(c, lo_tagged, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    expect_fault(c, lo_tagged, ARM_MMU_FETCH, ARM_FAULT_TRANSLATION, 0x04, 0);
    expect_fault(c, hi_tagged, ARM_MMU_WRITE, ARM_FAULT_TRANSLATION, 0x04, 0);

    /* TBI0: the TTBR0 half ignores bits 63:56, TTBR1 still checks them */
    c->r.tcr |= TCR_TBI0;
    expect_pa(c, lo_tagged, ARM_MMU_READ, 0x5008);
    g_assert_false(c->t.ttbr1);
    expect_pa(c, lo_tagged, ARM_MMU_WRITE, 0x5008);
    expect_pa(c, 0xff00001234567008ull, ARM_MMU_READ, 0x5008);   /* tag with bit 63 set */
    expect_fault(c, hi_tagged, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    /* ARMv8.0's AddrTop() has no IsInstr: TBI applies to fetches as well
     * (choice 10; a branch strips the tag before the PC ever holds it) */
    expect_pa(c, lo_tagged, ARM_MMU_FETCH, 0x5008);
    /* TBID0 (bit 51) is ARMv8.3: RES0 and ignored here */
    c->r.tcr |= 1ull << 51;
    expect_pa(c, lo_tagged, ARM_MMU_FETCH, 0x5008);
    c->r.tcr &= ~(1ull << 51);

    /* TBI1 alone: the TTBR1 half is chosen by bit 55 whatever bits 63:56 say */
    c->r.tcr ^= TCR_TBI0 | TCR_TBI1;
    expect_pa(c, hi_tagged, ARM_MMU_READ, 0x6008);
    g_assert_true(c->t.ttbr1);
    expect_pa(c, 0x7fff876543210008ull, ARM_MMU_FETCH, 0x6008);
    expect_fault(c, lo_tagged, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    /* untagged addresses are unaffected */
    expect_pa(c, 0x00001234567008ull, ARM_MMU_READ, 0x5008);
    expect_pa(c, 0xffff876543210008ull, ARM_MMU_READ, 0x6008);
    /* with TBI1 bits 55..48 still select and must match */
    expect_fault(c, 0x00fe876543210008ull, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    ctx_free(c);
}

/* ---- granule encodings ------------------------------------------------------ */

static void test_tg_encodings(void)
{
    /* TG1's encoding differs from TG0's: a 64K TTBR1 walk with TG1 = 11 */
    Ctx *c = ctx_new(12, 16, 16, 16, A57_MMFR0);
    map(c, true, 0xffff000012340000ull, 3, 0x77770000, LEAF_DEFAULT);
    expect_pa(c, 0xffff00001234abcdull, ARM_MMU_READ, 0x7777abcdull);
    g_assert_cmpuint(c->t.granule_shift, ==, 16);
    g_assert_cmphex((c->r.tcr >> TCR_TG1_SHIFT) & 3, ==, 3);
    g_assert_cmphex((c->r.tcr >> TCR_TG0_SHIFT) & 3, ==, 0);
    ctx_free(c);

    /* 16K on a CPU with 16K granules: TG0 = 10, TG1 = 01 */
    c = ctx_new(14, 16, 14, 16, MMFR0_16K);
    g_assert_cmphex((c->r.tcr >> TCR_TG0_SHIFT) & 3, ==, 2);
    g_assert_cmphex((c->r.tcr >> TCR_TG1_SHIFT) & 3, ==, 1);
    map(c, false, 0x4000, 3, 0x88888000, LEAF_DEFAULT);
    map(c, true, 0xffff800000004000ull, 3, 0x99998000, LEAF_DEFAULT);
    expect_pa(c, 0x7ffc, ARM_MMU_READ, 0x8888bffc);
    expect_pa(c, 0xffff800000007ffcull, ARM_MMU_READ, 0x9999bffc);
    g_assert_cmpuint(c->t.granule_shift, ==, 14);
    ctx_free(c);
}

/* Reserved or unimplemented granules act as the smallest implemented one
 * (choice 2, as QEMU 7.2): on the Cortex-A57 (no 16K) that is 4K. */
static void test_tg_fallback(void)
{
    static const struct { bool hi; unsigned tg; } as4k[] = {
        { false, 2 },       /* TG0 16K: not on the A57 */
        { false, 3 },       /* TG0 reserved */
        { true, 1 },        /* TG1 16K */
        { true, 0 },        /* TG1 reserved */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(as4k); i++) {
        Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        bool hi = as4k[i].hi;
        uint64_t va = hi ? 0xffff000000005000ull : 0x5000;
        map(c, hi, va, 3, 0xabcde000, LEAF_DEFAULT);
        unsigned sh = hi ? TCR_TG1_SHIFT : TCR_TG0_SHIFT;
        c->r.tcr = (c->r.tcr & ~(TCR_TG_MASK << sh)) | ((uint64_t)as4k[i].tg << sh);
        expect_pa(c, va + 0x123, ARM_MMU_READ, 0xabcde123);
        g_assert_cmpuint(c->t.granule_shift, ==, 12);
        g_assert_cmpuint(c->m.nreads, ==, 4);
        ctx_free(c);
    }
    /* A CPU without 4K granules falls back to 16K if it has it, else 64K. */
    uint64_t no4k = MMFR0_16K | (0xfull << MMFR0_TGRAN4_SHIFT);
    Ctx *c = ctx_new(14, 16, 14, 16, no4k);
    map(c, false, 0x8000, 3, 0x11114000, LEAF_DEFAULT);
    c->r.tcr = (c->r.tcr & ~(TCR_TG_MASK << TCR_TG0_SHIFT)) | TCR_TG0_4K;
    expect_pa(c, 0x8010, ARM_MMU_READ, 0x11114010);
    g_assert_cmpuint(c->t.granule_shift, ==, 14);
    ctx_free(c);
    no4k = A57_MMFR0 | (0xfull << MMFR0_TGRAN4_SHIFT);
    c = ctx_new(16, 16, 16, 16, no4k);
    map(c, false, 0x10000, 3, 0x22220000, LEAF_DEFAULT);
    c->r.tcr = (c->r.tcr & ~(TCR_TG_MASK << TCR_TG0_SHIFT)) | (3ull << TCR_TG0_SHIFT);
    expect_pa(c, 0x10010, ARM_MMU_READ, 0x22220010);
    g_assert_cmpuint(c->t.granule_shift, ==, 16);
    ctx_free(c);
}

/* ---- permissions ------------------------------------------------------------ */

/* Execute permission, per AP, checked EL and (UXN, PXN, WXN) =
 * 000 001 010 011 100 101 110 111, from the Arm ARM's rules: EL0 executes
 * unless UXN, or WXN and EL0 may write; EL1 executes unless PXN, or EL0 may
 * write (AP = 01), or WXN and EL1 may write. */
static const struct {
    unsigned ap;            /* AP[2:1] */
    bool el0;
    unsigned rw;            /* ARM_PROT_READ/WRITE for the checked EL */
    const char *exec;
} perm_table[] = {
    { 0, false, ARM_PROT_READ | ARM_PROT_WRITE, "10001000" },
    { 1, false, ARM_PROT_READ | ARM_PROT_WRITE, "00000000" },
    { 2, false, ARM_PROT_READ,                  "11001100" },
    { 3, false, ARM_PROT_READ,                  "11001100" },
    { 0, true,  0,                              "11110000" },
    { 1, true,  ARM_PROT_READ | ARM_PROT_WRITE, "10100000" },
    { 2, true,  0,                              "11110000" },
    { 3, true,  ARM_PROT_READ,                  "11110000" },
};

static void check_permissions(unsigned leaf_level)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(perm_table); i++) {
        for (unsigned x = 0; x < 8; x++) {
            bool uxn = x & 4, pxn = x & 2, wxn = x & 1;
            Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
            uint64_t bits = LEAF_DEFAULT | ((uint64_t)perm_table[i].ap << DESC_AP_SHIFT) |
                            (uxn ? DESC_UXN : 0) | (pxn ? DESC_PXN : 0);
            map(c, false, FVA, leaf_level, 0x80000000, bits);
            c->r.sctlr |= wxn ? SCTLR_WXN : 0;
            c->r.el0 = perm_table[i].el0;
            unsigned want = perm_table[i].rw | (perm_table[i].exec[x] == '1' ? ARM_PROT_EXEC : 0);
            static const unsigned need[3] = { ARM_PROT_READ, ARM_PROT_WRITE, ARM_PROT_EXEC };
            for (int acc = ARM_MMU_READ; acc <= ARM_MMU_FETCH; acc++) {
                bool ok = xlate(c, FVA, acc);
                if (ok != !!(want & need[acc])) {
                    g_test_message("AP %u el0 %d uxn %d pxn %d wxn %d access %d: %s",
                                   perm_table[i].ap, perm_table[i].el0, uxn, pxn, wxn, acc,
                                   ok ? "allowed" : "faulted");
                }
                g_assert(ok == !!(want & need[acc]));
                if (ok) {
                    g_assert_cmpuint(c->t.prot, ==, want);
                } else {
                    g_assert_cmpint(c->f.type, ==, ARM_FAULT_PERMISSION);
                    g_assert_cmphex(c->f.fsc, ==, 0x0c + leaf_level);
                    g_assert_cmpuint(c->f.level, ==, leaf_level);
                }
            }
            ctx_free(c);
        }
    }
}

static void test_permissions_page(void) { check_permissions(3); }
static void test_permissions_block(void) { check_permissions(2); }

/* APTable, UXNTable, PXNTable at each table level, alone and combined. */
static void test_table_overrides(void)
{
    for (unsigned tl = 0; tl <= 2; tl++) {
        uint64_t tattr[3] = { 0, 0, 0 };
        Ctx *c;

        /* APTable[1] (no writes below): AP 01 becomes 11 */
        tattr[tl] = DESC_APTABLE1;
        c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map_attrs(c, false, FVA, 3, 0x80000000, LEAF_DEFAULT | DESC_AP1, tattr);
        expect_pa(c, FVA, ARM_MMU_READ, 0x80000000);
        g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ | ARM_PROT_EXEC);  /* EL0 can't write: EL1 may execute */
        expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0f, 3);
        c->r.el0 = true;
        expect_pa(c, FVA, ARM_MMU_READ, 0x80000000);
        g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ | ARM_PROT_EXEC);
        expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0f, 3);
        ctx_free(c);

        /* APTable[0] (no EL0 access below): AP 01 becomes 00 */
        tattr[tl] = DESC_APTABLE0;
        c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map_attrs(c, false, FVA, 3, 0x80000000, LEAF_DEFAULT | DESC_AP1, tattr);
        expect_pa(c, FVA, ARM_MMU_WRITE, 0x80000000);
        /* no longer EL0-writable, so EL1 may execute it */
        g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ | ARM_PROT_WRITE | ARM_PROT_EXEC);
        c->r.el0 = true;
        expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_PERMISSION, 0x0f, 3);
        expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0f, 3);
        expect_pa(c, FVA, ARM_MMU_FETCH, 0x80000000);       /* execute is separate */
        g_assert_cmpuint(c->t.prot, ==, ARM_PROT_EXEC);
        ctx_free(c);

        /* UXNTable: EL0 may not execute below, EL1 may */
        tattr[tl] = DESC_UXNTABLE;
        c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map_attrs(c, false, FVA, 3, 0x80000000, LEAF_DEFAULT | (3ull << DESC_AP_SHIFT), tattr);
        expect_pa(c, FVA, ARM_MMU_FETCH, 0x80000000);
        c->r.el0 = true;
        expect_fault(c, FVA, ARM_MMU_FETCH, ARM_FAULT_PERMISSION, 0x0f, 3);
        expect_pa(c, FVA, ARM_MMU_READ, 0x80000000);
        ctx_free(c);

        /* PXNTable: EL1 may not execute below, EL0 may */
        tattr[tl] = DESC_PXNTABLE;
        c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map_attrs(c, false, FVA, 3, 0x80000000, LEAF_DEFAULT | (3ull << DESC_AP_SHIFT), tattr);
        expect_fault(c, FVA, ARM_MMU_FETCH, ARM_FAULT_PERMISSION, 0x0f, 3);
        expect_pa(c, FVA, ARM_MMU_READ, 0x80000000);
        c->r.el0 = true;
        expect_pa(c, FVA, ARM_MMU_FETCH, 0x80000000);
        ctx_free(c);

        /* NSTable is ignored in Non-secure state */
        tattr[tl] = DESC_NSTABLE;
        c = ctx_new(12, 16, 12, 16, A57_MMFR0);
        map_attrs(c, false, FVA, 3, 0x80000000, LEAF_DEFAULT | DESC_NS, tattr);
        expect_pa(c, FVA, ARM_MMU_WRITE, 0x80000000);
        g_assert_true(c->t.ns);
        g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ | ARM_PROT_WRITE | ARM_PROT_EXEC);
        ctx_free(c);
    }

    /* Overrides at different levels accumulate: APTable[0] at L0, PXNTable
     * at L1, APTable[1] at L2, over an EL0-writable page (AP 01). */
    uint64_t tattr[3] = { DESC_APTABLE0, DESC_PXNTABLE, DESC_APTABLE1 };
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map_attrs(c, false, FVA, 3, 0x80000000, LEAF_DEFAULT | DESC_AP1, tattr);
    expect_pa(c, FVA, ARM_MMU_READ, 0x80000000);
    g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ);         /* RO, PXN */
    expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0f, 3);
    expect_fault(c, FVA, ARM_MMU_FETCH, ARM_FAULT_PERMISSION, 0x0f, 3);
    c->r.el0 = true;
    expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_PERMISSION, 0x0f, 3);
    expect_pa(c, FVA, ARM_MMU_FETCH, 0x80000000);
    g_assert_cmpuint(c->t.prot, ==, ARM_PROT_EXEC);
    ctx_free(c);

    /* A table override on a block at level 1 (its only table is level 0). */
    uint64_t t0[3] = { DESC_APTABLE1 | DESC_UXNTABLE, 0, 0 };
    c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map_attrs(c, false, FVA, 1, 0xc0000000, LEAF_DEFAULT | DESC_AP1, t0);
    expect_fault(c, FVA, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0d, 1);
    c->r.el0 = true;
    expect_fault(c, FVA, ARM_MMU_FETCH, ARM_FAULT_PERMISSION, 0x0d, 1);
    expect_pa(c, FVA, ARM_MMU_READ, 0xc0000000ull + (FVA & 0x3fffffff));
    ctx_free(c);
}

/* ---- ASIDs, nG, attributes ----------------------------------------------------- */

static void test_asid(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map(c, false, 0x1000, 3, 0x1000, LEAF_DEFAULT | DESC_NG);
    map(c, true, 0xffff000000001000ull, 3, 0x2000, LEAF_DEFAULT);
    c->r.ttbr0 = c->root[0] | (0xabcdull << 48);
    c->r.ttbr1 = c->root[1] | (0x1234ull << 48);

    /* A1 = 0, AS = 0: 8 bits of TTBR0's ASID */
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    g_assert_cmphex(c->t.asid, ==, 0xcd);
    g_assert_false(c->t.global);
    expect_pa(c, 0xffff000000001000ull, ARM_MMU_READ, 0x2000);
    g_assert_cmphex(c->t.asid, ==, 0xcd);                  /* the ASID is the regime's, not the half's */
    g_assert_true(c->t.global);
    /* AS = 1: 16 bits (the A57 has ASIDBits = 2) */
    c->r.tcr |= TCR_AS;
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    g_assert_cmphex(c->t.asid, ==, 0xabcd);
    /* A1 = 1: from TTBR1, for both halves */
    c->r.tcr |= TCR_A1;
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    g_assert_cmphex(c->t.asid, ==, 0x1234);
    expect_pa(c, 0xffff000000001000ull, ARM_MMU_READ, 0x2000);
    g_assert_cmphex(c->t.asid, ==, 0x1234);
    c->r.tcr &= ~TCR_AS;
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    g_assert_cmphex(c->t.asid, ==, 0x34);
    /* a CPU with 8-bit ASIDs only: AS is RES0 */
    c->r.mmfr0 &= ~(0xfull << MMFR0_ASIDBITS_SHIFT);
    c->r.tcr |= TCR_AS;
    expect_pa(c, 0x1000, ARM_MMU_READ, 0x1000);
    g_assert_cmphex(c->t.asid, ==, 0x34);
    ctx_free(c);
}

static void test_attributes(void)
{
    static const uint8_t mair_byte[8] = { 0xff, 0x04, 0x0c, 0x40, 0x44, 0xbb, 0x00, 0x00 };
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    for (unsigned idx = 0; idx < 8; idx++) {
        for (unsigned sh = 0; sh < 4; sh++) {
            uint64_t va = 0x100000 + (idx * 4 + sh) * 0x1000ull;
            map(c, false, va, 3, 0x90000000 + va, DESC_AF | ((uint64_t)idx << DESC_ATTRINDX_SHIFT) |
                ((uint64_t)sh << DESC_SH_SHIFT));
        }
    }
    for (unsigned idx = 0; idx < 8; idx++) {
        for (unsigned sh = 0; sh < 4; sh++) {
            uint64_t va = 0x100000 + (idx * 4 + sh) * 0x1000ull;
            expect_pa(c, va, ARM_MMU_READ, 0x90000000 + va);
            g_assert_cmpuint(c->t.attr_index, ==, idx);
            g_assert_cmphex(c->t.attr, ==, mair_byte[idx]);
            g_assert_cmpuint(c->t.sh, ==, sh);
        }
    }
    ctx_free(c);
}

/* ---- big-endian walks ------------------------------------------------------------- */

static void test_big_endian(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    c->m.big_endian = true;
    map(c, false, FVA, 3, 0x61234000, LEAF_DEFAULT | DESC_AP2);
    c->r.sctlr |= SCTLR_EE;
    expect_pa(c, FVA + 8, ARM_MMU_READ, 0x61234008);
    g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ | ARM_PROT_EXEC);
    /* The same tables read little-endian: the L0 descriptor's low byte is
     * its top byte (0), so it is invalid */
    c->r.sctlr &= ~SCTLR_EE;
    expect_fault(c, FVA, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    ctx_free(c);
}

/* ---- the MMU off ---------------------------------------------------------------- */

static void test_mmu_off(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    c->r.sctlr = 0;
    expect_pa(c, 0x40001234, ARM_MMU_WRITE, 0x40001234);
    g_assert_cmpuint(c->m.nreads, ==, 0);
    g_assert_cmpuint(c->t.prot, ==, ARM_PROT_READ | ARM_PROT_WRITE | ARM_PROT_EXEC);
    g_assert_cmphex(c->t.attr, ==, 0x00);                   /* Device-nGnRnE */
    g_assert_cmpuint(c->t.sh, ==, 2);
    g_assert_true(c->t.global);
    expect_pa(c, 0xfffffffffffull, ARM_MMU_READ, 0xfffffffffffull);
    expect_pa(c, 0x40001234, ARM_MMU_FETCH, 0x40001234);
    g_assert_cmphex(c->t.attr, ==, 0x44);                   /* Normal NC (SCTLR.I = 0) */
    c->r.sctlr |= SCTLR_I;
    expect_pa(c, 0x40001234, ARM_MMU_FETCH, 0x40001234);
    g_assert_cmphex(c->t.attr, ==, 0xaa);                   /* Normal WT RA */
    /* above PAMax (44 bits): address size fault, level 0 */
    expect_fault(c, 1ull << 44, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    expect_fault(c, 0xffff000000000000ull, ARM_MMU_FETCH, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    expect_fault(c, 0x0100000000001000ull, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    /* TBI drops the tag (TBI0 for bit 55 = 0, TBI1 for bit 55 = 1) */
    c->r.tcr |= TCR_TBI0;
    expect_pa(c, 0x0100000000001000ull, ARM_MMU_READ, 0x1000);
    expect_pa(c, 0xab00000000001000ull, ARM_MMU_FETCH, 0x1000);
    expect_fault(c, 0x0080000000001000ull, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    c->r.tcr |= TCR_TBI1;
    expect_fault(c, 0x0080000000001000ull, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    expect_fault(c, 0x0000100000000000ull, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    /* a 48-bit PA CPU */
    c->r.mmfr0 = (A57_MMFR0 & ~0xfull) | 5;
    expect_pa(c, 0x0000100000000000ull, ARM_MMU_READ, 0x0000100000000000ull);
    ctx_free(c);
}

/* ---- PAR_EL1 ------------------------------------------------------------------------ */

static void test_par(void)
{
    Ctx *c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    /* success: PA[47:12], ATTR, SH, NS, RES1 bit 11; F = 0 */
    map(c, false, 0x1000, 3, 0x412345000ull, LEAF_DEFAULT);              /* 0xff, SH 11 */
    map(c, false, 0x2000, 3, 0xfffffffff000ull & ((1ull << 44) - 1),
        DESC_AF | (2ull << DESC_SH_SHIFT) | (5ull << DESC_ATTRINDX_SHIFT));   /* 0xbb, SH 10 */
    map(c, false, 0x3000, 3, 0x9000000, DESC_AF | (1ull << DESC_ATTRINDX_SHIFT));  /* device, SH 00 */
    map(c, false, 0x4000, 3, 0x9001000, DESC_AF | (3ull << DESC_SH_SHIFT) |
        (4ull << DESC_ATTRINDX_SHIFT));                                          /* NC 0x44, SH 11 */
    map(c, false, 0x5000, 3, 0x9002000, DESC_AF | (3ull << DESC_ATTRINDX_SHIFT));  /* NC-XS 0x40 */
    map(c, false, 0x6000, 3, 0x9003000, DESC_AF | (1ull << DESC_SH_SHIFT) |
        (2ull << DESC_ATTRINDX_SHIFT));                                          /* GRE, SH 01 */

    g_assert_true(xlate(c, 0x1abc, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0xff00000412345b80ull);
    g_assert_true(xlate(c, 0x2fff, ARM_MMU_WRITE));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0xbb000ffffffffb00ull);
    /* Device and Non-cacheable memory report SH = 10 whatever the descriptor says */
    g_assert_true(xlate(c, 0x3000, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0x0400000009000b00ull);
    g_assert_true(xlate(c, 0x4000, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0x4400000009001b00ull);
    g_assert_true(xlate(c, 0x5000, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0x4000000009002b00ull);
    g_assert_true(xlate(c, 0x6000, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0x0c00000009003b00ull);

    /* faults: F = 1, FST = the FSC, RES1 bit 11, PTW = S = 0 */
    expect_fault(c, 0x7000, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x07, 3);
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x80f);
    g_assert_false(arm_mmu_at_fault_is_exception(&c->f));
    map(c, false, 0x7000, 3, 0x7000, DESC_AF | DESC_AP2);
    expect_fault(c, 0x7000, ARM_MMU_WRITE, ARM_FAULT_PERMISSION, 0x0f, 3);
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x81f);
    map(c, false, 0x200000, 2, 0x200000, 0);
    expect_fault(c, 0x200000, ARM_MMU_READ, ARM_FAULT_ACCESS_FLAG, 0x0a, 2);
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x815);
    c->r.ttbr0 |= 1ull << 46;
    expect_fault(c, 0x1000, ARM_MMU_READ, ARM_FAULT_ADDR_SIZE, 0x00, 0);
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x801);
    expect_fault(c, 0x0001000000000000ull, ARM_MMU_READ, ARM_FAULT_TRANSLATION, 0x04, 0);
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x809);
    g_assert_false(arm_mmu_at_fault_is_exception(&c->f));
    ctx_free(c);

    /* AT S1E0R: EL0 permissions; AT with the MMU off: the flat map */
    c = ctx_new(12, 16, 12, 16, A57_MMFR0);
    map(c, false, 0x1000, 3, 0x5000, LEAF_DEFAULT);                      /* EL1 only */
    c->r.el0 = true;
    expect_fault(c, 0x1000, ARM_MMU_READ, ARM_FAULT_PERMISSION, 0x0f, 3);
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x81f);
    c->r.el0 = false;
    c->r.sctlr = 0;
    g_assert_true(xlate(c, 0x40001234, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(true, &c->t, &c->f), ==, 0x0000000040001b00ull);
    g_assert_false(xlate(c, 0x100000000000ull, ARM_MMU_READ));
    g_assert_cmphex(arm_mmu_par(false, &c->t, &c->f), ==, 0x801);
    ctx_free(c);
}

/* ---- the same tables as a probe run on qemu-system-aarch64 7.2.22 ---------
 * A bare-metal program (identity map through TTBR0, these tables through
 * TTBR1, AT S1E1R/W and S1E0R/W) printed these PAR_EL1 values on QEMU's
 * cortex-a57; where the architecture and QEMU 7.2 differ, the expected value
 * is the architecture's and QEMU's is in the comment. */
static uint64_t par_of(Ctx *c, uint64_t va, int access, bool el0)
{
    c->r.el0 = el0;
    bool ok = xlate(c, va, access);
    c->r.el0 = false;
    if (!ok && arm_mmu_at_fault_is_exception(&c->f)) {
        return ~0ull;
    }
    return arm_mmu_par(ok, &c->t, &c->f);
}

static void test_qemu_parity(void)
{
    const uint64_t tcr_base = 25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (4ull << 32);
    Ctx *c = ctx_new(12, 25, 12, 25, A57_MMFR0);
    Mem *m = &c->m;
    uint64_t t0 = alloc(m, 0x10000), t1 = alloc(m, 0x10000), t2 = alloc(m, 0x10000);
    uint64_t tg1_4k = 2ull << 30, t1sz25 = 25ull << 16;
    c->r.mair = 0x44bb04ffull;
    c->r.tcr = tcr_base | t1sz25 | tg1_4k;
    c->r.ttbr1 = t0;
    put(m, t0, t1 | 3);
    put(m, t1, t2 | 3);
    put(m, t2 + 8 * 1, 0x40123000ull | DESC_AF | (3ull << 8) | 3);
    put(m, t2 + 8 * 2, (1ull << 44) | DESC_AF | (3ull << 8) | 3);
    put(m, t2 + 8 * 3, 0x100000000ull | DESC_AF | (3ull << 8) | 3);
    put(m, t2 + 8 * 4, 0xfffffff000ull | DESC_AF | (3ull << 8) | 3);
    put(m, t2 + 8 * 5, 0x40125000ull | DESC_AF | (1 << 2) | 3);
    put(m, t2 + 8 * 6, 0x40126000ull | DESC_AF | (3 << 2) | (3ull << 8) | 3);
    put(m, t2 + 8 * 7, 0x40127000ull | DESC_AF | (2 << 2) | (2ull << 8) | 3);
    put(m, t2 + 8 * 8, 0x40128000ull | DESC_AF | (2 << 2) | (1ull << 8) | 3);
    put(m, t2 + 8 * 9, 0x40129000ull | (3ull << 8) | 3);
    put(m, t2 + 8 * 10, 0x4012a000ull | DESC_AF | (3ull << 8) | 1);
    put(m, t2 + 8 * 11, 0x4012b000ull | DESC_AF | (3ull << 8) | (2ull << 6) | 3);
    put(m, t2 + 8 * 12, 0x4012c000ull | DESC_AF | (3ull << 8) | (3ull << 6) | 3);
    put(m, t2 + 8 * 13, 0x4012d000ull | DESC_AF | (3ull << 8) | (1ull << 6) | 3);
    put(m, t1 + 8 * 2, 0x40400000ull | (3ull << 8) | 1);
    put(m, t1 + 8 * 3, 0x40600000ull | DESC_AF | (3ull << 8) | 1 | (1ull << 16) | (1ull << 12));
    put(m, t0 + 8 * 1, (1ull << 45) | 3);
    const uint64_t base = 0xffffff8000000000ull;

    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0xff00000040123b80ull);
    g_assert_cmphex(par_of(c, base + 0x2000, ARM_MMU_READ, false), ==, 0x807);
    g_assert_cmphex(par_of(c, base + 0x3000, ARM_MMU_READ, false), ==, 0xff00000100000b80ull);
    g_assert_cmphex(par_of(c, base + 0x40000000, ARM_MMU_READ, false), ==, 0x803);
    g_assert_cmphex(par_of(c, base + 0x7000, ARM_MMU_READ, false), ==, 0xbb00000040127b00ull);
    g_assert_cmphex(par_of(c, base + 0x8000, ARM_MMU_READ, false), ==, 0xbb00000040128a80ull);
    g_assert_cmphex(par_of(c, base + 0x9000, ARM_MMU_READ, false), ==, 0x817);
    g_assert_cmphex(par_of(c, base + 0x400000, ARM_MMU_READ, false), ==, 0x815);
    g_assert_cmphex(par_of(c, base + 0xa000, ARM_MMU_READ, false), ==, 0x80f);
    g_assert_cmphex(par_of(c, base + 0xb000, ARM_MMU_WRITE, false), ==, 0x81f);
    g_assert_cmphex(par_of(c, base + 0xb000, ARM_MMU_READ, true), ==, 0x81f);
    g_assert_cmphex(par_of(c, base + 0xc000, ARM_MMU_READ, true), ==, 0xff0000004012cb80ull);
    g_assert_cmphex(par_of(c, base + 0xc000, ARM_MMU_WRITE, true), ==, 0x81f);
    g_assert_cmphex(par_of(c, base + 0xd000, ARM_MMU_WRITE, true), ==, 0xff0000004012db80ull);
    g_assert_cmphex(par_of(c, base + 0x1000, ARM_MMU_READ, true), ==, 0x81f);
    g_assert_cmphex(par_of(c, base + 0x61f008, ARM_MMU_READ, false), ==, 0xff0000004061fb80ull);
    g_assert_cmphex(par_of(c, 0x12ffff8000001abcull, ARM_MMU_READ, false), ==, 0x809);
    g_assert_cmphex(par_of(c, 0xffff7f8000000000ull, ARM_MMU_READ, false), ==, 0x809);
    /* architecture, not QEMU 7.2: Device and Normal NC read SH = 10
     * (QEMU: 0x0400000040125a00 and 0x4400000040126b80) */
    g_assert_cmphex(par_of(c, base + 0x5000, ARM_MMU_READ, false), ==, 0x0400000040125b00ull);
    g_assert_cmphex(par_of(c, base + 0x6000, ARM_MMU_READ, false), ==, 0x4400000040126b00ull);

    c->r.tcr = (tcr_base & ~(7ull << 32)) | t1sz25 | tg1_4k;          /* IPS 32 bits */
    g_assert_cmphex(par_of(c, base + 0x3000, ARM_MMU_READ, false), ==, 0x807);
    g_assert_cmphex(par_of(c, base + 0x4000, ARM_MMU_READ, false), ==, 0x807);
    c->r.tcr = (tcr_base & ~(7ull << 32)) | (2ull << 32) | t1sz25 | tg1_4k;   /* 40 bits */
    g_assert_cmphex(par_of(c, base + 0x4000, ARM_MMU_READ, false), ==, 0xff0000fffffffb80ull);
    g_assert_cmphex(par_of(c, base + 0x2000, ARM_MMU_READ, false), ==, 0x807);
    c->r.tcr = tcr_base | (7ull << 32) | t1sz25 | tg1_4k;                     /* IPS 7 */
    g_assert_cmphex(par_of(c, base + 0x2000, ARM_MMU_READ, false), ==, 0x807);
    c->r.tcr = tcr_base | t1sz25 | tg1_4k | TCR_TBI1;
    g_assert_cmphex(par_of(c, 0x12ffff8000001abcull, ARM_MMU_READ, false), ==, 0xff00000040123b80ull);
    g_assert_cmphex(par_of(c, 0x7fffff8000001abcull, ARM_MMU_READ, false), ==, 0xff00000040123b80ull);
    c->r.tcr = tcr_base | t1sz25 | tg1_4k | TCR_EPD1;
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0x809);
    c->r.tcr = tcr_base | (40ull << 16) | tg1_4k;
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0x809);
    g_assert_cmphex(par_of(c, 0xffffffffff001abcull, ARM_MMU_READ, false), ==, 0x809);
    c->r.tcr = tcr_base | (12ull << 16) | tg1_4k;
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0x809);
    for (uint64_t tg = 0; tg < 2; tg++) {                   /* 00 reserved, 01 16K: as 4K */
        c->r.tcr = tcr_base | t1sz25 | (tg << 30);
        g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0xff00000040123b80ull);
    }
    c->r.tcr = tcr_base | t1sz25 | tg1_4k;
    c->r.ttbr1 = t0 | (1ull << 44);
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0x801);
    c->r.ttbr1 = t0 | (1ull << 47);
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0x801);
    c->r.ttbr1 = t0 | 0xffe | (0xabcdull << 48);
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, 0xff00000040123b80ull);
    /* a walk into a hole: a Data Abort, not PAR (QEMU: ESR 0x96000155) */
    c->r.ttbr1 = 0x100000000ull;
    g_assert_cmphex(par_of(c, base + 0x1abc, ARM_MMU_READ, false), ==, ~0ull);
    g_assert_cmphex(c->f.fsc, ==, 0x15);
    g_assert_false(c->f.ea);

    /* 4K, T1SZ 16: a level 0 block; 4K level 1 block */
    memset(m->ram + (t0 - RAM_BASE), 0, 0x10000);
    c->r.ttbr1 = t0;
    c->r.tcr = tcr_base | (16ull << 16) | tg1_4k;
    put(m, t0 + 8 * 511, 0x40000000ull | DESC_AF | (3ull << 8) | 1);
    /* architecture: level 0 translation fault (QEMU: 0xff00000000001b80, a 512G block) */
    g_assert_cmphex(par_of(c, 0xffffff8000001000ull, ARM_MMU_READ, false), ==, 0x809);
    put(m, t0 + 8 * 511, t1 | 3);
    put(m, t1 + 8 * 511, 0x40000000ull | DESC_AF | (3ull << 8) | 1);
    g_assert_cmphex(par_of(c, 0xffffffffc0001000ull, ARM_MMU_READ, false), ==, 0xff00000040001b80ull);
    /* 64K, T1SZ 16: a level 1 block; a page with bits [15:12] set */
    c->r.tcr = tcr_base | (16ull << 16) | (3ull << 30);
    put(m, t0 + 8 * 63, 0x40000000ull | DESC_AF | (3ull << 8) | 1);
    /* architecture: level 1 translation fault (QEMU: 0xff00000000010b80, a 4T block) */
    g_assert_cmphex(par_of(c, 0xfffffc0000010000ull, ARM_MMU_READ, false), ==, 0x80b);
    put(m, t0 + 8 * 63, t1 | 3);
    put(m, t1 + 8 * 8191, t2 | 3);
    put(m, t2 + 8 * 1, 0x40130000ull | 0xf000 | DESC_AF | (3ull << 8) | 3);
    g_assert_cmphex(par_of(c, 0xffffffffe0011234ull, ARM_MMU_READ, false), ==, 0xff00000040131b80ull);

    /* the MMU off: QEMU gives 0x801 for both faults, and SH 00 where the
     * architecture says 10 for the Device-nGnRnE flat map (QEMU 0x40001a00) */
    c->r.sctlr = 0;
    c->r.tcr = 0;
    g_assert_cmphex(par_of(c, 1ull << 44, ARM_MMU_READ, false), ==, 0x801);
    g_assert_cmphex(par_of(c, 0x5a00000040001234ull, ARM_MMU_READ, false), ==, 0x801);
    g_assert_cmphex(par_of(c, 0x40001234, ARM_MMU_READ, false), ==, 0x40001b00);
    c->r.tcr = TCR_TBI0;
    g_assert_cmphex(par_of(c, 0x5a00000040001234ull, ARM_MMU_READ, false), ==, 0x40001b00);
    ctx_free(c);
}

/* ---- the registers from CPUARMState ------------------------------------------------ */

static void test_regs_from_env(void)
{
    CPUARMState *env = g_new0(CPUARMState, 1);
    ArmMMURegs r;

    env->ttbr0_el1 = 0x1111000040000000ull;
    env->ttbr1_el1 = 0x2222000040001000ull;
    env->tcr_el1 = 0x00000034b5193519ull;
    env->mair_el1 = 0x44ff04;
    env->sctlr_el1 = 0x30d0198dull;
    env->el = 1;
    arm_mmu_regs_from_env(env, &r);
    g_assert_cmphex(r.ttbr0, ==, env->ttbr0_el1);
    g_assert_cmphex(r.ttbr1, ==, env->ttbr1_el1);
    g_assert_cmphex(r.tcr, ==, env->tcr_el1);
    g_assert_cmphex(r.mair, ==, env->mair_el1);
    g_assert_cmphex(r.sctlr, ==, env->sctlr_el1);
    g_assert_cmphex(r.mmfr0, ==, A57_MMFR0);        /* what MRS ID_AA64MMFR0_EL1 reads */
    g_assert_false(r.el0);
    env->el = 0;
    arm_mmu_regs_from_env(env, &r);
    g_assert_true(r.el0);
    g_assert_cmpuint(arm_mmu_pa_bits(r.mmfr0), ==, 44);
    g_free(env);
}

static void test_pa_bits(void)
{
    static const unsigned bits[16] = { 32, 36, 40, 42, 44, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48 };
    for (unsigned i = 0; i < 16; i++) {
        g_assert_cmpuint(arm_mmu_pa_bits((A57_MMFR0 & ~0xfull) | i), ==, bits[i]);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mmu/hand/4k", test_hand_4k);
    g_test_add_func("/mmu/hand/16k", test_hand_16k);
    g_test_add_func("/mmu/hand/64k", test_hand_64k);
    g_test_add_func("/mmu/hand/ttbr1", test_hand_ttbr1);
    g_test_add_func("/mmu/hand/small-start-table", test_small_start_table);
    g_test_add_func("/mmu/sizes/4k", test_sizes_4k);
    g_test_add_func("/mmu/sizes/16k", test_sizes_16k);
    g_test_add_func("/mmu/sizes/64k", test_sizes_64k);
    g_test_add_func("/mmu/start-levels", test_start_levels);
    g_test_add_func("/mmu/blocks/allowed", test_blocks);
    g_test_add_func("/mmu/blocks/not-allowed", test_blocks_not_allowed);
    g_test_add_func("/mmu/level3-reserved", test_level3_reserved);
    g_test_add_func("/mmu/fault/translation", test_translation_fault_levels);
    g_test_add_func("/mmu/fault/access-flag", test_access_flag_levels);
    g_test_add_func("/mmu/fault/permission", test_permission_levels);
    g_test_add_func("/mmu/fault/address-size", test_addr_size_levels);
    g_test_add_func("/mmu/fault/ips", test_ips);
    g_test_add_func("/mmu/fault/external-abort", test_external_abort_levels);
    g_test_add_func("/mmu/region/txsz-out-of-range", test_txsz_out_of_range);
    g_test_add_func("/mmu/region/epd", test_epd);
    g_test_add_func("/mmu/region/va-ranges", test_va_ranges);
    g_test_add_func("/mmu/region/tbi", test_tbi);
    g_test_add_func("/mmu/granule/tg-encodings", test_tg_encodings);
    g_test_add_func("/mmu/granule/fallback", test_tg_fallback);
    g_test_add_func("/mmu/perm/page", test_permissions_page);
    g_test_add_func("/mmu/perm/block", test_permissions_block);
    g_test_add_func("/mmu/perm/table-overrides", test_table_overrides);
    g_test_add_func("/mmu/asid", test_asid);
    g_test_add_func("/mmu/attributes", test_attributes);
    g_test_add_func("/mmu/big-endian", test_big_endian);
    g_test_add_func("/mmu/mmu-off", test_mmu_off);
    g_test_add_func("/mmu/par", test_par);
    g_test_add_func("/mmu/qemu-parity", test_qemu_parity);
    g_test_add_func("/mmu/regs-from-env", test_regs_from_env);
    g_test_add_func("/mmu/pa-bits", test_pa_bits);
    return g_test_run();
}
