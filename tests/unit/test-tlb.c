/* test-tlb.c: the software TLB with the MMU on: fills through page tables
 * built in guest RAM, the faults they raise (ESR_EL1, FAR_EL1), permissions
 * in the entries, flushes on register writes and TLBI, AT into PAR_EL1,
 * LDTR/STTR, and the TB cache keyed by physical PC (the real tcg/tb.c, in
 * interpreter mode), on a Cortex-A57 with 16 MiB of RAM. */
#include <string.h>
#include "arm/bits.h"
#include "arm/cpu.h"
#include "arm/sysreg.h"
#include "tcg/helpers.h"
#include "tcg/ir/ir.h"
#include "tcg/tb.h"
#include "tcg/tlb.h"
#include "core/memory.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16ull << 20)
#define HOLE 0x20000000ull              /* nothing mapped */
#define VBAR 0x40001000ull
#define TABLES (RAM_BASE + 0x100000)    /* the table allocator's pool */

/* 4K granule, 48-bit VAs both halves (start level 0), 44-bit IPS, TTBR0. */
#define TCR_TEST (16ull | (16ull << TCR_T1SZ_SHIFT) | TCR_TG1_4K | (4ull << TCR_IPS_SHIFT))
#define MAIR_TEST 0x00000000000004ffull   /* idx 0 Normal WB, idx 1 Device-nGnRE */
#define PAGE (DESC_AF | (3ull << DESC_SH_SHIFT) | DESC_TYPE_TABLE)      /* EL1 RW, EL0 none */
#define BLOCK (DESC_AF | (3ull << DESC_SH_SHIFT) | DESC_TYPE_BLOCK)
#define EL0_RW DESC_AP1
#define RO DESC_AP2

static ARMCPU *cpu;
static CPUARMState *env;
static MemoryRegion ram;
static uint64_t next_table;
static uint64_t root;

#define RAISES(stmt) ({ volatile int raised_ = 0; \
    if (sigsetjmp(env->jmp_env, 1)) { raised_ = 1; } else { stmt; } raised_; })

static uint8_t *host(uint64_t pa)
{
    g_assert(pa >= RAM_BASE && pa < RAM_BASE + RAM_SIZE);
    return mr_get_ram_ptr(&ram) + (pa - RAM_BASE);
}

static uint64_t rd64(uint64_t pa)
{
    uint64_t v;
    memcpy(&v, host(pa), 8);
    return v;
}

static void wr64(uint64_t pa, uint64_t v)
{
    memcpy(host(pa), &v, 8);
}

static uint64_t new_table(void)
{
    uint64_t t = next_table;
    next_table += 0x1000;
    memset(host(t), 0, 0x1000);
    return t;
}

/* The descriptor slot for va at level (creating tables above it). */
static uint64_t slot(uint64_t va, unsigned level)
{
    uint64_t t = root;
    for (unsigned l = 0; l < level; l++) {
        uint64_t p = t + (((va >> (39 - 9 * l)) & 0x1ff) << 3);
        uint64_t d = rd64(p);
        if (!(d & DESC_VALID)) {
            d = new_table() | DESC_TYPE_TABLE;
            wr64(p, d);
        }
        t = d & DESC_ADDR_MASK;
    }
    return t + (((va >> (39 - 9 * level)) & 0x1ff) << 3);
}

static void map_page(uint64_t va, uint64_t pa, uint64_t attrs)
{
    wr64(slot(va, 3), (pa & DESC_ADDR_MASK) | PAGE | attrs);
}

static void map_block2m(uint64_t va, uint64_t pa, uint64_t attrs)
{
    wr64(slot(va, 2), (pa & ~0x1fffffull & DESC_ADDR_MASK) | BLOCK | attrs);
}

static const SysReg *reg(uint32_t key)
{
    const SysReg *r = sysreg_find(key);
    g_assert_nonnull(r);
    return r;
}

static void msr(uint32_t key, uint64_t v)
{
    helper_msr(env, (uintptr_t)reg(key), v, 0);
}

#define K_SCTLR SYSREG_KEY(3, 0, 1, 0, 0)
#define K_TTBR0 SYSREG_KEY(3, 0, 2, 0, 0)
#define K_TTBR1 SYSREG_KEY(3, 0, 2, 0, 1)
#define K_TCR   SYSREG_KEY(3, 0, 2, 0, 2)
#define K_MAIR  SYSREG_KEY(3, 0, 10, 2, 0)

static TLBEntry *entry(int mmu, uint64_t va)
{
    return &env->tlb[mmu][(va >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
}

/* A fresh CPU at EL1 with empty tables at TTBR0 and TTBR1 and the MMU on. */
static void fresh(void)
{
    object_reset_tree(OBJECT(cpu));
    cpu_helpers_reset(env);
    env->vbar_el1 = VBAR;
    env->pc = 0xdead0000;
    memset(host(RAM_BASE), 0, 0x400000);
    next_table = TABLES;
    root = new_table();
    msr(K_MAIR, MAIR_TEST);
    msr(K_TCR, TCR_TEST);
    msr(K_TTBR0, root);
    msr(K_TTBR1, root);
    msr(K_SCTLR, env->sctlr_el1 | SCTLR_M);
    g_assert_true(env->sctlr_el1 & SCTLR_M);
}

/* ---- fills ---------------------------------------------------------------------- */

static void test_fill_page(void)
{
    uint64_t va = 0x0000123456789000ull, pa = RAM_BASE + 0x200000;

    fresh();
    map_page(va, pa, 0);
    wr64(pa + 0x10, 0x1122334455667788ull);
    g_assert_cmphex(helper_ld(env, va + 0x10, MO_64, 0), ==, 0x1122334455667788ull);
    TLBEntry *e = entry(MMU_IDX_EL1, va);
    g_assert_cmphex(e->addr_read, ==, va);
    g_assert_cmphex(e->addr_write, ==, va);
    g_assert_cmphex(e->addr_code, ==, va);
    g_assert_true((uint8_t *)(uintptr_t)(va + 0x10 + e->addend) == host(pa + 0x10));
    g_assert_cmphex(env->tlb_full[MMU_IDX_EL1][(va >> 12) & (TLB_SIZE - 1)].paddr, ==, pa);
    helper_st(env, va + 0xff8, 0xabcdef, MO_32);
    g_assert_cmphex(rd64(pa + 0xff8), ==, 0xabcdef);
    /* the EL0 index is a separate view: EL0 may not touch an AP = 00 page */
    g_assert_true(entry(MMU_IDX_EL0, va)->addr_read & TLB_INVALID);
    /* a TTBR1 address: the top half walks the same tables here */
    uint64_t hi = 0xffff800000000000ull | 0x5000;
    map_page(hi, pa + 0x1000, 0);
    wr64(pa + 0x1000, 77);
    g_assert_cmphex(helper_ld(env, hi, MO_64, 0), ==, 77);
    /* a 2 MiB block: every 4 KiB page of it fills its own entry */
    uint64_t bva = 0x0000000080000000ull, bpa = RAM_BASE + 0x400000;
    map_block2m(bva, bpa, 0);
    helper_st(env, bva + 0x1ff000, 0x55, MO_8);
    g_assert_cmphex(*host(bpa + 0x1ff000), ==, 0x55);
    g_assert_cmphex(entry(MMU_IDX_EL1, bva + 0x1ff000)->addr_write, ==, bva + 0x1ff000);
    /* a page mapped onto nothing: the fill succeeds (MMIO entry), the access
     * is an external abort with FAR = the virtual address */
    map_page(0x7000, HOLE, 0);
    env->pc = 0x40000800;
    g_assert_true(RAISES(helper_ld(env, 0x7008, MO_32, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000010);
    g_assert_cmphex(env->far_el1, ==, 0x7008);
    g_assert_cmphex(env->elr_el1, ==, 0x40000800);
}

static void test_faults(void)
{
    uint64_t va = 0x0000001234567000ull, pa = RAM_BASE + 0x200000;

    /* translation faults at level 0 (nothing), 1, 2, 3 */
    fresh();
    env->pc = 0x40000100;
    g_assert_true(RAISES(helper_ld(env, va + 8, MO_64, 0)));
    g_assert_cmpint(env->exception_index, ==, EXCP_DATA_ABORT);
    g_assert_cmphex(env->esr_el1, ==, 0x96000004);
    g_assert_cmphex(env->far_el1, ==, va + 8);
    g_assert_cmphex(env->elr_el1, ==, 0x40000100);
    g_assert_cmphex(env->pc, ==, VBAR + 0x200);
    for (volatile unsigned level = 1; level <= 3; level++) {
        fresh();
        slot(va, level);                /* tables down to this level, nothing below */
        g_assert_true(RAISES(helper_st(env, va, 0, MO_8)));
        g_assert_cmphex(env->esr_el1, ==, 0x96000044 + level);     /* WnR */
        g_assert_cmphex(env->far_el1, ==, va);
    }
    /* access flag: level 3 */
    fresh();
    wr64(slot(va, 3), pa | (PAGE & ~DESC_AF));
    g_assert_true(RAISES(helper_ld(env, va, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x9600000b);
    /* from EL0: the lower-EL class and vector */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_ld(env, va, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x92000004);
    g_assert_cmphex(env->pc, ==, VBAR + 0x400);
    /* EL0 on an EL1-only page: permission fault level 3 */
    fresh();
    map_page(va, pa, 0);
    env->el = 0;
    g_assert_true(RAISES(helper_ld(env, va, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x9200000f);
    /* a table in a hole: external abort on the walk, level 1 (FSC 0x15) */
    fresh();
    wr64(root + (((va >> 39) & 0x1ff) << 3), HOLE | DESC_TYPE_TABLE);
    g_assert_true(RAISES(helper_ld(env, va, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000015);
    /* an output address beyond IPS (40 bits here): address size fault, level 3 */
    fresh();
    msr(K_TCR, (TCR_TEST & ~(7ull << TCR_IPS_SHIFT)) | (2ull << TCR_IPS_SHIFT));
    map_page(va, 0x00000f0000000000ull, 0);
    g_assert_true(RAISES(helper_ld(env, va, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000003);
    /* alignment comes first */
    fresh();
    env->sctlr_el1 |= SCTLR_A;
    g_assert_true(RAISES(helper_ld(env, va + 1, MO_16, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000021);
}

static void test_read_only(void)
{
    uint64_t va = 0x3000, pa = RAM_BASE + 0x200000;

    fresh();
    map_page(va, pa, RO);
    wr64(pa, 42);
    g_assert_cmphex(helper_ld(env, va, MO_64, 0), ==, 42);
    TLBEntry *e = entry(MMU_IDX_EL1, va);
    g_assert_cmphex(e->addr_read, ==, va);
    /* the write tag is invalid, so generated code takes the slow path... */
    g_assert_true(e->addr_write & TLB_INVALID);
    /* ... which walks again and takes the permission fault, level 3, WnR */
    env->pc = 0x40000200;
    g_assert_true(RAISES(helper_st(env, va + 4, 1, MO_32)));
    g_assert_cmphex(env->esr_el1, ==, 0x9600004f);
    g_assert_cmphex(env->far_el1, ==, va + 4);
    g_assert_cmphex(rd64(pa), ==, 42);
    /* a store that crosses into a read-only page writes nothing */
    map_page(va - 0x1000, pa - 0x1000, 0);
    wr64(pa - 8, 0x1111111111111111ull);
    g_assert_true(RAISES(helper_st(env, va - 4, 0, MO_64)));
    g_assert_cmphex(env->far_el1, ==, va);
    g_assert_cmphex(rd64(pa - 8), ==, 0x1111111111111111ull);
    /* EL0-readable, read-only for both: EL0 reads, cannot write */
    fresh();
    map_page(va, pa, RO | EL0_RW);
    wr64(pa, 43);
    env->el = 0;
    g_assert_cmphex(helper_ld(env, va, MO_64, 0), ==, 43);
    g_assert_true(RAISES(helper_st(env, va, 1, MO_8)));
    g_assert_cmphex(env->esr_el1, ==, 0x9200004f);
    /* EL0-writable memory is never executable at EL1 (PXN implied), and UXN */
    fresh();
    map_page(va, pa, EL0_RW);
    map_page(va + 0x1000, pa, DESC_UXN);
    uint64_t phys;
    g_assert_true(RAISES(tlb_code_paddr(env, va, &phys, true)));
    g_assert_cmphex(env->esr_el1, ==, 0x8600000f);
    g_assert_cmphex(env->far_el1, ==, va);
    g_assert_cmphex(env->elr_el1, ==, va);
    fresh();
    map_page(va + 0x1000, pa, DESC_UXN);
    g_assert_true(tlb_code_paddr(env, va + 0x1004, &phys, true));   /* EL1 may: PXN clear */
    g_assert_cmphex(phys, ==, pa + 4);
    env->el = 0;
    map_page(va + 0x1000, pa, DESC_UXN | EL0_RW);
    tlb_flush(env);
    g_assert_true(RAISES(tlb_code_paddr(env, va + 0x1004, &phys, true)));
    g_assert_cmphex(env->esr_el1, ==, 0x8200000f);
    g_assert_false(tlb_code_paddr(env, va + 0x1004, &phys, false));
}

static void test_fetch(void)
{
    uint64_t va = 0xffff000000010000ull, pa = RAM_BASE + 0x200000;
    uint32_t insn = 0, syn = 0;
    int excp = 0;

    fresh();
    map_page(va, pa, 0);
    *(uint32_t *)host(pa + 0xffc) = 0xd503201f;
    g_assert_true(cpu_fetch_insn(env, va + 0xffc, &insn, &excp, &syn));
    g_assert_cmphex(insn, ==, 0xd503201f);
    /* the next page is not mapped: the fetch faults there, level 3 */
    g_assert_false(cpu_fetch_insn(env, va + 0x1000, &insn, &excp, &syn));
    g_assert_cmpint(excp, ==, EXCP_PREFETCH_ABORT);
    g_assert_cmphex(syn, ==, 0x86000007);
    env->el = 0;
    g_assert_false(cpu_fetch_insn(env, va + 0x1000, &insn, &excp, &syn));
    g_assert_cmphex(syn, ==, 0x82000007);
    env->el = 1;
    /* code mapped onto nothing: an external abort on the fetch */
    map_page(va + 0x2000, HOLE, 0);
    g_assert_false(cpu_fetch_insn(env, va + 0x2000, &insn, &excp, &syn));
    g_assert_cmphex(syn, ==, 0x86000010);
}

static void test_mmu_off_flat(void)
{
    fresh();
    msr(K_SCTLR, env->sctlr_el1 & ~SCTLR_M);
    wr64(RAM_BASE + 0x300000, 99);
    g_assert_cmphex(helper_ld(env, RAM_BASE + 0x300000, MO_64, 0), ==, 99);
    g_assert_cmphex(entry(MMU_IDX_EL1, RAM_BASE + 0x300000)->addr_read, ==, RAM_BASE + 0x300000);
    uint64_t phys;
    g_assert_true(tlb_code_paddr(env, 0x1234, &phys, true));
    g_assert_cmphex(phys, ==, 0x1234);
    g_assert_true(RAISES(helper_ld(env, 0x0001000000000000ull, MO_32, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000000);     /* address size, as before */
}

/* ---- flushes ---------------------------------------------------------------------- */

static void test_register_flush(void)
{
    uint64_t va = 0x5000, pa = RAM_BASE + 0x200000;
    struct { uint32_t key; uint64_t value; } regs[] = {
        { K_TTBR0, 0 }, { K_TTBR1, 0 }, { K_TCR, TCR_TEST | TCR_A1 }, { K_MAIR, 0xff },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        fresh();
        map_page(va, pa, 0);
        helper_ld(env, va, MO_8, 0);
        g_assert_cmphex(entry(MMU_IDX_EL1, va)->addr_read, ==, va);
        uint32_t count = env->tlb_flush_count;
        /* the same value again: nothing changes */
        msr(regs[i].key, helper_mrs(env, (uintptr_t)reg(regs[i].key), 0));
        g_assert_cmphex(entry(MMU_IDX_EL1, va)->addr_read, ==, va);
        g_assert_cmpuint(env->tlb_flush_count, ==, count);
        uint64_t v = regs[i].value ? regs[i].value : root | (5ull << TTBR_ASID_SHIFT);
        msr(regs[i].key, v);
        g_assert_true(entry(MMU_IDX_EL1, va)->addr_read & TLB_INVALID);
        g_assert_cmpuint(env->tlb_flush_count, ==, count + 1);
        g_assert_true(reg(regs[i].key)->ends_tb);
    }
    /* a TTBR0 change to other tables: the next access walks them */
    fresh();
    map_page(va, pa, 0);
    wr64(pa, 1);
    wr64(pa + 0x1000, 2);
    g_assert_cmphex(helper_ld(env, va, MO_64, 0), ==, 1);
    uint64_t other = new_table();
    uint64_t saved = root;
    root = other;
    map_page(va, pa + 0x1000, 0);
    root = saved;
    msr(K_TTBR0, other);
    g_assert_cmphex(helper_ld(env, va, MO_64, 0), ==, 2);
    /* SCTLR: M, WXN and EE flush; A, I do not */
    helper_ld(env, va, MO_8, 0);
    uint32_t count = env->tlb_flush_count;
    msr(K_SCTLR, env->sctlr_el1 | SCTLR_I | SCTLR_A);
    g_assert_cmpuint(env->tlb_flush_count, ==, count);
    msr(K_SCTLR, env->sctlr_el1 | SCTLR_WXN);
    g_assert_cmpuint(env->tlb_flush_count, ==, count + 1);
    msr(K_SCTLR, env->sctlr_el1 & ~SCTLR_M);
    g_assert_cmpuint(env->tlb_flush_count, ==, count + 2);
}

static void test_tlbi(void)
{
    uint64_t va = 0x0000000000600000ull, pa = RAM_BASE + 0x200000;

    fresh();
    map_page(va, pa, 0);
    map_page(va + 0x1000, pa + 0x1000, 0);
    helper_ld(env, va, MO_8, 0);
    helper_ld(env, va + 0x1000, MO_8, 0);
    /* VAE1 of the first page: only that one goes, in every index */
    helper_tlbi_op(env, TLBI_OP(7, 1), (va >> 12) | (3ull << 48));
    g_assert_true(entry(MMU_IDX_EL1, va)->addr_read & TLB_INVALID);
    g_assert_cmphex(entry(MMU_IDX_EL1, va + 0x1000)->addr_read, ==, va + 0x1000);
    /* a changed descriptor is stale until TLBI, then seen */
    map_page(va + 0x1000, pa + 0x1000, RO);
    helper_st(env, va + 0x1000, 1, MO_8);               /* still the old, writable entry */
    helper_tlbi_op(env, TLBI_OP(3, 5), (va + 0x1000) >> 12);       /* VALE1IS */
    g_assert_true(RAISES(helper_st(env, va + 0x1000, 1, MO_8)));
    g_assert_cmphex(env->esr_el1, ==, 0x9600004f);
    /* VMALLE1 drops everything */
    helper_ld(env, va, MO_8, 0);
    helper_tlbi_op(env, TLBI_OP(7, 0), 0);
    g_assert_true(entry(MMU_IDX_EL1, va)->addr_read & TLB_INVALID);
    /* a tagged address (TBI0) is flushed by its untagged VA */
    fresh();
    msr(K_TCR, TCR_TEST | TCR_TBI0);
    map_page(va, pa, 0);
    helper_ld(env, 0x5a00000000600000ull, MO_8, 0);
    g_assert_cmphex(entry(MMU_IDX_EL1, va)->addr_read, ==, 0x5a00000000600000ull);
    helper_tlbi_op(env, TLBI_OP(7, 3), va >> 12);                   /* VAAE1 */
    g_assert_true(entry(MMU_IDX_EL1, va)->addr_read & TLB_INVALID);
    /* a TLBI by VA anywhere in a cached block drops the block's pages */
    fresh();
    map_block2m(0x40000000ull, RAM_BASE + 0x400000, 0);
    helper_ld(env, 0x40000000ull + 0x3000, MO_8, 0);
    helper_ld(env, 0x40000000ull + 0x1ff000, MO_8, 0);
    tlb_flush_page(env, 0x40000000ull + 0x100000);
    g_assert_true(entry(MMU_IDX_EL1, 0x40003000ull)->addr_read & TLB_INVALID);
    g_assert_true(entry(MMU_IDX_EL1, 0x401ff000ull)->addr_read & TLB_INVALID);
    /* VA from Xt: bits 55:12 in Xt[43:0], the top half sign-extended */
    fresh();
    uint64_t hi = 0xffff800000123000ull;
    map_page(hi, pa, 0);
    helper_ld(env, hi, MO_8, 0);
    helper_tlbi_op(env, TLBI_OP(7, 1), (hi >> 12) & 0xfffffffffffull);
    g_assert_true(entry(MMU_IDX_EL1, hi)->addr_read & TLB_INVALID);
}

static void test_flush_used_only(void)
{
    fresh();
    map_page(0x1000, RAM_BASE + 0x200000, 0);
    helper_ld(env, 0x1000, MO_8, 0);
    g_assert_cmpuint(env->tlb_desc[MMU_IDX_EL1].n_used, ==, 1);
    tlb_flush(env);
    g_assert_cmpuint(env->tlb_desc[MMU_IDX_EL1].n_used, ==, 0);
    /* more fills than the list holds: the next flush wipes everything */
    for (unsigned i = 0; i < TLB_USED_MAX + 10; i++) {
        map_page(0x100000 + i * 0x1000ull, RAM_BASE + 0x200000, 0);
        helper_ld(env, 0x100000 + i * 0x1000ull, MO_8, 0);
    }
    g_assert_cmpuint(env->tlb_desc[MMU_IDX_EL1].n_used, ==, TLB_USED_MAX + 1);
    tlb_flush(env);
    for (unsigned i = 0; i < TLB_SIZE; i++) {
        g_assert_true(env->tlb[MMU_IDX_EL1][i].addr_read & TLB_INVALID);
    }
}

static void test_flush_zeroed_cpu(void)
{
    /* a CPUARMState that never had a flush: zeroed tags would map page 0 */
    CPUARMState *z = g_new0(CPUARMState, 1);
    tlb_flush(z);
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            g_assert_true(z->tlb[m][i].addr_read & TLB_INVALID);
        }
    }
    g_free(z);
}

static void test_flush_request(void)
{
    fresh();
    map_page(0x1000, RAM_BASE + 0x200000, 0);
    helper_ld(env, 0x1000, MO_8, 0);
    env->exit_request = 0;
    tlb_flush_request(env);
    g_assert_cmpuint(env->tlb_flush_req, !=, 0);
    g_assert_cmpuint(env->exit_request & EXIT_REQ_RELOOP, !=, 0);
    g_assert_cmphex(entry(MMU_IDX_EL1, 0x1000)->addr_read, ==, 0x1000);    /* not yet */
    tlb_process_requests(env);
    g_assert_cmpuint(env->tlb_flush_req, ==, 0);
    g_assert_true(entry(MMU_IDX_EL1, 0x1000)->addr_read & TLB_INVALID);
    env->exit_request = 0;
}

/* ---- AT, LDTR/STTR ------------------------------------------------------------------ */

static void test_at(void)
{
    uint64_t va = 0x0000000000abc000ull, pa = RAM_BASE + 0x200000;

    fresh();
    map_page(va, pa, RO | EL0_RW | (1ull << DESC_ATTRINDX_SHIFT));
    helper_at(env, 0, va + 0x123);                  /* S1E1R */
    g_assert_cmphex(env->par_el1, ==, pa | 0xa00 | (0x04ull << 56) | (2ull << 7));
    helper_at(env, 1, va);                          /* S1E1W: read-only */
    g_assert_cmphex(env->par_el1, ==, 0x800 | PAR_F | (0x0full << 1));
    helper_at(env, 2, va);                          /* S1E0R */
    g_assert_false(env->par_el1 & PAR_F);
    helper_at(env, 3, va + 0x1000);                 /* S1E0W: not mapped, level 3 */
    g_assert_cmphex(env->par_el1, ==, 0x800 | PAR_F | (0x07ull << 1));
    /* AT fills nothing */
    g_assert_true(entry(MMU_IDX_EL1, va)->addr_read & TLB_INVALID);
    /* an external abort on the walk is taken: Data Abort, CM, WnR */
    wr64(root + (((va >> 39) & 0x1ff) << 3), HOLE | DESC_TYPE_TABLE);
    env->pc = 0x40000400;
    uint64_t par = env->par_el1;
    g_assert_true(RAISES(helper_at(env, 0, va)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000155);
    g_assert_cmphex(env->far_el1, ==, va);
    g_assert_cmphex(env->elr_el1, ==, 0x40000400);
    g_assert_cmphex(env->par_el1, ==, par);
}

static void test_ldtr_sttr(void)
{
    uint64_t va = 0x9000, pa = RAM_BASE + 0x200000;

    fresh();
    map_page(va, pa, 0);                       /* EL1 only */
    map_page(va + 0x1000, pa + 0x1000, EL0_RW);
    map_page(va + 0x2000, pa + 0x2000, EL0_RW | RO);
    wr64(pa + 0x1000, 0x1234);
    g_assert_cmphex(helper_ldtr(env, va + 0x1000, MO_64), ==, 0x1234);
    g_assert_cmphex(entry(MMU_IDX_EL0, va + 0x1000)->addr_read, ==, va + 0x1000);
    helper_sttr(env, va + 0x1008, 0x77, MO_8);
    g_assert_cmphex(*host(pa + 0x1008), ==, 0x77);
    /* an EL1-only page: LDTR at EL1 faults, taken from EL1 (EC 0x25) */
    env->pc = 0x40000500;
    g_assert_true(RAISES(helper_ldtr(env, va, MO_32)));
    g_assert_cmphex(env->esr_el1, ==, 0x9600000f);
    g_assert_cmphex(env->far_el1, ==, va);
    g_assert_cmphex(env->pc, ==, VBAR + 0x200);
    /* while LDR at EL1 reads it */
    g_assert_false(RAISES(helper_ld(env, va, MO_32, 0)));
    /* STTR to a page EL0 may only read */
    g_assert_true(RAISES(helper_sttr(env, va + 0x2000, 0, MO_16)));
    g_assert_cmphex(env->esr_el1, ==, 0x9600004f);
}

/* ---- TBs by physical address ---------------------------------------------------------- */

static void put_insns(uint64_t pa, const uint32_t *w, unsigned n)
{
    memcpy(host(pa), w, 4 * n);
}

static void test_tb_phys(void)
{
    static const uint32_t code[] = { 0xd2800020, 0xd65f03c0 };  /* mov x0, #1; ret */
    uint64_t va = 0x0000000000400000ull, pa = RAM_BASE + 0x200000;
    uint32_t flags;

    fresh();
    put_insns(pa, code, 2);
    put_insns(pa + 0x1000, code, 2);
    map_page(va, pa, 0);
    map_page(va + 0x10000, pa, 0);              /* an alias of the same page */
    flags = cpu_tb_flags(env);
    g_assert_true(flags & TB_FLAG_MMU);
    TranslationBlock *a = tb_find(env, va, flags);
    g_assert_nonnull(a);
    g_assert_cmphex(a->pc, ==, va);
    g_assert_cmphex(a->phys_pc, ==, pa);
    g_assert_true(tb_find(env, va, flags) == a);
    /* the alias: its own block (the code holds absolute PCs), same page */
    TranslationBlock *b = tb_find(env, va + 0x10000, flags);
    g_assert_true(b != a);
    g_assert_cmphex(b->phys_pc, ==, pa);
    /* the physical page is code: every mapping of it writes through the
     * slow path, and a write by any alias drops both blocks */
    g_assert_true(tb_page_has_code(pa));
}

static void test_tb_phys_write(void)
{
    static const uint32_t code[] = { 0xd2800020, 0xd65f03c0 };
    uint64_t va = 0x0000000000400000ull, pa = RAM_BASE + 0x200000;
    uint64_t wva = 0x0000000000800000ull;       /* a data alias of the code page */

    fresh();
    put_insns(pa, code, 2);
    map_page(va, pa, 0);
    map_page(va + 0x10000, pa, 0);
    map_page(wva, pa, 0);
    helper_ld(env, wva, MO_8, 0);               /* the write entry exists before the code */
    uint32_t flags = cpu_tb_flags(env);
    TranslationBlock *a = tb_find(env, va, flags);
    TranslationBlock *b = tb_find(env, va + 0x10000, flags);
    g_assert_false(a->invalid);
    g_assert_true(entry(MMU_IDX_EL1, wva)->addr_write & TLB_NOTDIRTY);
    helper_st(env, wva, 0xd2800060, MO_32);     /* mov x0, #3 */
    g_assert_true(a->invalid);
    g_assert_true(b->invalid);
    g_assert_false(tb_page_has_code(pa));
    g_assert_cmphex(entry(MMU_IDX_EL1, wva)->addr_write, ==, wva);
    /* retranslated from the new code */
    TranslationBlock *c = tb_find(env, va, flags);
    g_assert_true(c != a);
    g_assert_cmpuint(c->icount, ==, 2);
}

static void test_tb_remap(void)
{
    static const uint32_t one[] = { 0xd2800020, 0xd65f03c0 };   /* mov x0, #1; ret */
    static const uint32_t two[] = { 0xd2800040, 0xd65f03c0 };   /* mov x0, #2; ret */
    uint64_t va = 0x0000000000400000ull, pa = RAM_BASE + 0x200000;

    fresh();
    put_insns(pa, one, 2);
    put_insns(pa + 0x1000, two, 2);
    map_page(va, pa, 0);
    uint32_t flags = cpu_tb_flags(env);
    TranslationBlock *a = tb_find(env, va, flags);
    /* remap the page and invalidate: the same VA finds another block */
    map_page(va, pa + 0x1000, 0);
    helper_tlbi_op(env, TLBI_OP(7, 1), va >> 12);
    TranslationBlock *b = tb_find(env, va, flags);
    g_assert_true(b != a);
    g_assert_cmphex(b->phys_pc, ==, pa + 0x1000);
    g_assert_false(a->invalid);                 /* still right for the old mapping */
    /* map it back: the first block is found again, not translated anew */
    map_page(va, pa, 0);
    helper_tlbi_op(env, TLBI_OP(7, 0), 0);
    g_assert_true(tb_find(env, va, flags) == a);
    /* chaining: within one physical page, or anywhere with the MMU off */
    g_assert_false(tb_may_chain(a, b));
    g_assert_true(tb_may_chain(a, a));
    /* an unmapped PC: the prefetch abort is taken at lookup, FAR = PC */
    env->pc = 0x1230000;
    g_assert_true(RAISES(tb_find(env, 0x1230000, flags)));
    g_assert_cmpint(env->exception_index, ==, EXCP_PREFETCH_ABORT);
    g_assert_cmphex(env->esr_el1, ==, 0x86000006);     /* level 2: L0 and L1 exist */
    g_assert_cmphex(env->far_el1, ==, 0x1230000);
    g_assert_cmphex(env->elr_el1, ==, 0x1230000);
    g_assert_cmphex(env->pc, ==, VBAR + 0x200);
}

/* Walks remember the RAM range they last read from (helper-mem.c's walk_ram): a change
 * of the memory map must not leave them reading the old region's memory. The tables live
 * in a second RAM region, which is then replaced by a third at the same address whose
 * tables map the page elsewhere. */
static void tables_at(MemoryRegion *mr, uint64_t base, uint64_t va, uint64_t pa)
{
    uint8_t *h = mr_get_ram_ptr(mr);
    for (unsigned l = 0; l < 4; l++) {
        uint64_t d = l < 3 ? (base + 0x1000 * (l + 1)) | DESC_TYPE_TABLE
                           : (pa & DESC_ADDR_MASK) | PAGE;
        memcpy(h + 0x1000 * l + (((va >> (39 - 9 * l)) & 0x1ff) << 3), &d, 8);
    }
}

static void test_walk_ram_remap(void)
{
    const uint64_t r2 = 0x80000000ull, va = 0x0000000000654000ull;
    const uint64_t pa1 = RAM_BASE + 0x200000, pa2 = RAM_BASE + 0x201000;
    MemoryRegion t1, t2;
    GError *err = NULL;

    fresh();
    wr64(pa1, 111);
    wr64(pa2, 222);
    g_assert_true(mr_init_ram(&t1, NULL, "tables-1", 0x4000, &err));
    g_assert_true(mr_init_ram(&t2, NULL, "tables-2", 0x4000, &err));
    tables_at(&t1, r2, va, pa1);
    tables_at(&t2, r2, va, pa2);
    mr_add_subregion(get_system_memory(), r2, &t1);
    msr(K_TTBR0, r2);
    g_assert_cmphex(helper_ld(env, va, MO_64, 0), ==, 111);
    mr_del_subregion(get_system_memory(), &t1);
    mr_add_subregion(get_system_memory(), r2, &t2);
    g_assert_cmphex(helper_ld(env, va, MO_64, 0), ==, 222);
    /* and with no RAM there at all, the walk's first read is an external abort */
    mr_del_subregion(get_system_memory(), &t2);
    env->pc = 0x40000800;
    g_assert_true(RAISES(helper_ld(env, va, MO_64, 0)));
    g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x14);     /* synchronous external abort on a
                                                         * walk, level 0 */
    mr_destroy(&t1);
    mr_destroy(&t2);
}

int main(int argc, char **argv)
{
    GError *err = NULL;
    Object *obj;

    g_test_init(&argc, &argv, NULL);
    if (!mr_init_ram(&ram, NULL, "ram", RAM_SIZE, &err)) {
        g_printerr("%s\n", err->message);
        return 1;
    }
    mr_add_subregion(get_system_memory(), RAM_BASE, &ram);
    obj = object_new("cortex-a57-arm-cpu");
    if (!object_realize(obj, &err)) {
        g_printerr("%s\n", err->message);
        return 1;
    }
    cpu = (ARMCPU *)obj;
    env = &cpu->env;
    if (!tb_init(0, true, &err)) {
        g_printerr("%s\n", err->message);
        return 1;
    }

    g_test_add_func("/tlb/fill/page-block-hole", test_fill_page);
    g_test_add_func("/tlb/fill/faults", test_faults);
    g_test_add_func("/tlb/fill/read-only", test_read_only);
    g_test_add_func("/tlb/fill/fetch", test_fetch);
    g_test_add_func("/tlb/fill/mmu-off", test_mmu_off_flat);
    g_test_add_func("/tlb/flush/registers", test_register_flush);
    g_test_add_func("/tlb/flush/tlbi", test_tlbi);
    g_test_add_func("/tlb/flush/used-only", test_flush_used_only);
    g_test_add_func("/tlb/flush/request", test_flush_request);
    g_test_add_func("/tlb/flush/zeroed-cpu", test_flush_zeroed_cpu);
    g_test_add_func("/tlb/at", test_at);
    g_test_add_func("/tlb/ldtr-sttr", test_ldtr_sttr);
    g_test_add_func("/tlb/tb/phys-key", test_tb_phys);
    g_test_add_func("/tlb/tb/phys-write", test_tb_phys_write);
    g_test_add_func("/tlb/tb/remap", test_tb_remap);
    g_test_add_func("/tlb/walk/ram-remap", test_walk_ram_remap);
    return g_test_run();
}
