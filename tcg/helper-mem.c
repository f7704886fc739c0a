/* helper-mem.c: the software TLB (MMU off: virtual = physical) and the
 * memory slow path: RAM, MMIO, code pages, alignment and external aborts,
 * exclusives, DC ZVA and instruction fetch. */
#include <inttypes.h>
#include <string.h>
#include "arm/bits.h"
#include "arm/syndrome.h"
#include "tcg/helpers.h"
#include "tcg/ir/ir.h"
#include "tcg/tlb.h"
#include "core/runstate.h"
#include "core/log.h"
#include "core/memory.h"
#include "tcg/tb.h"
#include "debug/gdbstub.h"

/* ID_AA64MMFR0_EL1.PARange = 4 on the Cortex-A57: 44-bit physical addresses.
 * With the MMU off an address above that is an address size fault. */
#define PA_BITS 44
#define DC_ZVA_BYTES 64

enum { ACCESS_READ = 0, ACCESS_WRITE = 1, ACCESS_FETCH = 2 };

static inline unsigned tlb_idx(uint64_t addr)
{
    return (addr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
}

/* Does tag (page | flags) cache page? TLB_MMIO/TLB_NOTDIRTY still hit. */
static inline bool tag_hit(uint64_t tag, uint64_t page)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID)) == page;
}

static const TLBEntry tlb_empty = {
    .addr_read = TLB_INVALID, .addr_write = TLB_INVALID, .addr_code = TLB_INVALID,
};

void cpu_helpers_reset(CPUARMState *env)
{
    env->excl_addr = UINT64_MAX;
    tlb_flush(env);
}

int cpu_mmu_index(const CPUARMState *env)
{
    return env->el == 0 ? 0 : 1;
}

void tlb_flush(CPUARMState *env)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            env->tlb[m][i] = tlb_empty;
        }
    }
}

void tlb_flush_page(CPUARMState *env, uint64_t addr)
{
    uint64_t page = addr & TARGET_PAGE_MASK;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        TLBEntry *e = &env->tlb[m][tlb_idx(addr)];
        if (tag_hit(e->addr_read, page) || tag_hit(e->addr_write, page) ||
            tag_hit(e->addr_code, page)) {
            *e = tlb_empty;
        }
    }
}

void tlb_flush_all_cpus(void)
{
    ARMCPU *cpu;
    for (int i = 0; (cpu = arm_cpu_by_index(i)) != NULL; i++) {
        tlb_flush(&cpu->env);
    }
}

void tlb_protect_code(uint64_t paddr)
{
    uint64_t page = paddr & TARGET_PAGE_MASK;
    ARMCPU *cpu;

    for (int i = 0; (cpu = arm_cpu_by_index(i)) != NULL; i++) {
        for (int m = 0; m < NB_MMU_MODES; m++) {
            TLBEntry *e = &cpu->env.tlb[m][tlb_idx(page)];
            if (tag_hit(e->addr_write, page)) {
                e->addr_write |= TLB_NOTDIRTY;
            }
        }
    }
}

static void topology_changed(void *opaque)
{
    tlb_flush_all_cpus();
}

static AddressSpace *cpu_as(void)
{
    static gsize once;
    AddressSpace *as = get_address_space_memory();

    if (g_once_init_enter(&once)) {
        as_add_listener(as, topology_changed, NULL);
        g_once_init_leave(&once, 1);
    }
    return as;
}

bool tlb_fill(CPUARMState *env, uint64_t addr, int access, int mmu_idx)
{
    AddressSpace *as = cpu_as();
    uint64_t page = addr & TARGET_PAGE_MASK;
    uint64_t page_last = page + TARGET_PAGE_SIZE - 1;
    FlatView *fv;
    const FlatRange *fr;
    TLBEntry *e;

    if (mmu_idx < 0 || mmu_idx >= NB_MMU_MODES) {
        mmu_idx = cpu_mmu_index(env);
    }
    fv = as_get_flatview(as);
    flatview_ref(fv);
    fr = flatview_lookup(fv, addr);
    if (!fr) {
        flatview_unref(fv);
        return false;
    }
    e = &env->tlb[mmu_idx][tlb_idx(addr)];
    if (fr->mr->type == MR_RAM && fr->mr->ram && fr->start <= page &&
        page_last <= fr->start + (fr->size - 1)) {
        uint8_t *host = fr->mr->ram + fr->offset_in_region + (page - fr->start);
        e->addend = (uintptr_t)host - (uintptr_t)page;
        e->addr_read = page;
        e->addr_code = page;
        e->addr_write = page | (tb_page_has_code(page) ? TLB_NOTDIRTY : 0);
    } else {
        /* MMIO, or a page only partly RAM: every access goes through the
         * memory core, which resolves each byte. */
        e->addend = 0;
        e->addr_read = e->addr_write = e->addr_code = page | TLB_MMIO;
    }
    if (gdbstub_page_watched(page)) {
        e->addr_read |= TLB_WATCH;
        e->addr_write |= TLB_WATCH;
    }
    flatview_unref(fv);
    return true;
}

/* ---- faults ---------------------------------------------------------------- */

G_NORETURN static void data_abort(CPUARMState *env, uint64_t addr, bool is_write,
                                  uint32_t fsc, bool ea)
{
    cpu_raise_exception_far(env, EXCP_DATA_ABORT, syn_data_abort(env->el != 0, ea, is_write, fsc),
                            env->pc, addr);
}

/* Bus errors: EA is the implementation's classification, 0 for a decode
 * error (nothing there), 1 for a device that said no (QEMU's rule). */
G_NORETURN static void external_abort(CPUARMState *env, uint64_t addr, bool is_write,
                                      MemTxResult r)
{
    if (addr >> PA_BITS) {
        data_abort(env, addr, is_write, FSC_ADDRSIZE_L0, false);
    }
    data_abort(env, addr, is_write, FSC_EXTERNAL, r != MEMTX_DECODE_ERROR);
}

static void check_align(CPUARMState *env, uint64_t addr, unsigned size, uint64_t memop,
                        bool is_write)
{
    if ((addr & (size - 1)) && ((memop & MO_ALIGN) || (env->sctlr_el1 & SCTLR_A))) {
        data_abort(env, addr, is_write, FSC_ALIGNMENT, false);
    }
}

/* The TLB entry for addr, filled for access; raises the external abort when
 * nothing is mapped there. */
static TLBEntry *entry_for(CPUARMState *env, uint64_t addr, bool is_write)
{
    int mmu = cpu_mmu_index(env);
    TLBEntry *e = &env->tlb[mmu][tlb_idx(addr)];
    uint64_t tag = is_write ? e->addr_write : e->addr_read;

    if (!tag_hit(tag, addr & TARGET_PAGE_MASK)) {
        if (!tlb_fill(env, addr, is_write ? ACCESS_WRITE : ACCESS_READ, mmu)) {
            log_guest_error("%s of unassigned address 0x%" PRIx64 " at PC 0x%" PRIx64 "\n",
                            is_write ? "write" : "read", addr, env->pc);
            external_abort(env, addr, is_write, MEMTX_DECODE_ERROR);
        }
    }
    return e;
}

/* Host pointer to write size bytes at addr (in one page), with the page's
 * translated code dropped first; NULL for MMIO. May raise. */
static uint8_t *host_for_write(CPUARMState *env, uint64_t addr, unsigned size)
{
    TLBEntry *e = entry_for(env, addr, true);

    if (e->addr_write & TLB_MMIO) {
        return NULL;
    }
    if (e->addr_write & TLB_NOTDIRTY) {
        tb_invalidate_phys_range(addr, size);
        tlb_fill(env, addr, ACCESS_WRITE, cpu_mmu_index(env));
    }
    return (uint8_t *)(uintptr_t)(addr + e->addend);
}

/* Device state is guarded by the big lock, which a vCPU does not hold while it
 * runs guest code: take it around each dispatch (released before a fault). */
static MemTxResult mmio_read(uint64_t addr, unsigned size, uint64_t *v)
{
    bql_lock();
    MemTxResult r = as_read_val(cpu_as(), addr, size, v);
    bql_unlock();
    return r;
}

static MemTxResult mmio_write(uint64_t addr, unsigned size, uint64_t v)
{
    bql_lock();
    MemTxResult r = as_write_val(cpu_as(), addr, size, v);
    bql_unlock();
    return r;
}

/* One access of 1..8 bytes that stays inside a page. */
static uint64_t load_in_page(CPUARMState *env, uint64_t addr, unsigned size)
{
    TLBEntry *e = entry_for(env, addr, false);
    uint64_t v = 0;

    if (e->addr_read & TLB_MMIO) {
        MemTxResult r = mmio_read(addr, size, &v);
        if (r != MEMTX_OK) {
            external_abort(env, addr, false, r);
        }
        return v;
    }
    memcpy(&v, (const void *)(uintptr_t)(addr + e->addend), size);
    return v;
}

static void store_in_page(CPUARMState *env, uint64_t addr, unsigned size, uint64_t val)
{
    uint8_t *host = host_for_write(env, addr, size);

    if (!host) {
        MemTxResult r = mmio_write(addr, size, val);
        if (r != MEMTX_OK) {
            external_abort(env, addr, true, r);
        }
        return;
    }
    memcpy(host, &val, size);
}

static bool crosses_page(uint64_t addr, unsigned size)
{
    return (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE;
}

static uint64_t do_load(CPUARMState *env, uint64_t addr, unsigned size)
{
    uint64_t v = 0;

    if (!crosses_page(addr, size)) {
        return load_in_page(env, addr, size);
    }
    for (unsigned i = 0; i < size; i++) {
        v |= load_in_page(env, addr + i, 1) << (8 * i);
    }
    return v;
}

static void do_store(CPUARMState *env, uint64_t addr, unsigned size, uint64_t val)
{
    if (!crosses_page(addr, size)) {
        store_in_page(env, addr, size, val);
        return;
    }
    /* Both pages must be writable before any byte is: a fault on the second
     * page leaves memory untouched (as QEMU does). */
    entry_for(env, addr, true);
    entry_for(env, (addr + size - 1) & TARGET_PAGE_MASK, true);
    for (unsigned i = 0; i < size; i++) {
        store_in_page(env, addr + i, 1, (val >> (8 * i)) & 0xff);
    }
}

static uint64_t extend(uint64_t v, uint64_t memop)
{
    unsigned bits = 8u << (memop & MO_SIZE);

    if ((memop & MO_SIGN) && bits < 64) {
        return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v;
}

uint64_t helper_ld(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c)
{
    unsigned size = 1u << (memop & MO_SIZE);

    check_align(env, addr, size, memop, false);
    gdbstub_check_watch(env, addr, size, false);
    return extend(do_load(env, addr, size), memop);
}

uint64_t helper_st(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop)
{
    unsigned size = 1u << (memop & MO_SIZE);

    check_align(env, addr, size, memop, true);
    gdbstub_check_watch(env, addr, size, true);
    do_store(env, addr, size, size == 8 ? val : val & ((1ull << (8 * size)) - 1));
    return 0;
}

/* ---- exclusives ------------------------------------------------------------ */

static bool cas128(uint8_t *p, uint64_t exp_lo, uint64_t exp_hi, uint64_t new_lo,
                   uint64_t new_hi)
{
#if defined(__x86_64__)
    bool ok;
    __asm__ __volatile__("lock cmpxchg16b %1\n\tsete %0"
                         : "=q"(ok), "+m"(*(volatile __int128 *)p), "+a"(exp_lo), "+d"(exp_hi)
                         : "b"(new_lo), "c"(new_hi)
                         : "memory", "cc");
    return ok;
#else
    static GMutex lock;
    uint64_t cur[2];
    bool ok;
    g_mutex_lock(&lock);
    memcpy(cur, p, 16);
    ok = cur[0] == exp_lo && cur[1] == exp_hi;
    if (ok) {
        uint64_t n[2] = { new_lo, new_hi };
        memcpy(p, n, 16);
    }
    g_mutex_unlock(&lock);
    return ok;
#endif
}

/* Compare-and-swap size bytes (1..8, naturally aligned) at addr. */
static bool cas_guest(CPUARMState *env, uint64_t addr, unsigned size, uint64_t expected,
                      uint64_t val)
{
    uint8_t *host = host_for_write(env, addr, size);

    if (!host) {
        /* MMIO: no atomicity to offer; compare, then write. */
        uint64_t cur;
        MemTxResult r = mmio_read(addr, size, &cur);
        if (r != MEMTX_OK) {
            external_abort(env, addr, true, r);
        }
        if (cur != expected) {
            return false;
        }
        r = mmio_write(addr, size, val);
        if (r != MEMTX_OK) {
            external_abort(env, addr, true, r);
        }
        return true;
    }
    switch (size) {
    case 1: {
        uint8_t e = expected;
        return __atomic_compare_exchange_n(host, &e, (uint8_t)val, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    case 2: {
        uint16_t e = expected;
        return __atomic_compare_exchange_n((uint16_t *)host, &e, (uint16_t)val, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    case 4: {
        uint32_t e = expected;
        return __atomic_compare_exchange_n((uint32_t *)host, &e, (uint32_t)val, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    default: {
        uint64_t e = expected;
        return __atomic_compare_exchange_n((uint64_t *)host, &e, val, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    }
}

/* Exclusives: memop's size is the access's; helper_stxr and helper_stxp
 * return 0 on success, 1 on failure (the status register). */
uint64_t helper_ldxr(CPUARMState *env, uint64_t addr, uint64_t memop)
{
    unsigned lg = memop & MO_SIZE, size = 1u << lg;
    uint64_t v;

    check_align(env, addr, size, MO_ALIGN, false);
    v = do_load(env, addr, size);
    env->excl_addr = addr;
    env->excl_val = v;
    env->excl_size = lg;
    return extend(v, memop);
}

uint64_t helper_stxr(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop)
{
    unsigned lg = memop & MO_SIZE, size = 1u << lg;
    bool armed;

    /* The monitor first, as QEMU does: a store-exclusive that cannot
     * succeed fails with status 1 and no alignment fault. An armed address
     * is aligned (the load-exclusive checked), so no check is left to do. */
    armed = env->excl_addr == addr && env->excl_size == lg;
    env->excl_addr = UINT64_MAX;
    if (!armed) {
        return 1;
    }
    if (size < 8) {
        val &= (1ull << (8 * size)) - 1;
    }
    return cas_guest(env, addr, size, env->excl_val, val) ? 0 : 1;
}

/* Pairs: memop's size is the element (MO_32 or MO_64); the pair must be
 * aligned to its total size (8 or 16 bytes). */
static unsigned pair_elem_lg(uint64_t memop)
{
    return (memop & MO_SIZE) == MO_64 ? 3 : 2;
}

/* LDXP: returns the first word; the second, kept in the monitor
 * (env->excl_val2), is read with helper_ldxp_hi. */
uint64_t helper_ldxp(CPUARMState *env, uint64_t addr, uint64_t memop)
{
    unsigned lg = pair_elem_lg(memop);

    check_align(env, addr, 2u << lg, MO_ALIGN, false);
    if (lg == 2) {
        uint64_t v = do_load(env, addr, 8);
        env->excl_val = v;
        env->excl_val2 = v >> 32;
        env->excl_size = 3;
        env->excl_addr = addr;
        return v & 0xffffffffu;
    }
    uint64_t lo = do_load(env, addr, 8);
    uint64_t hi = do_load(env, addr + 8, 8);
    env->excl_val = lo;
    env->excl_val2 = hi;
    env->excl_size = 4;
    env->excl_addr = addr;
    return lo;
}

uint64_t helper_ldxp_hi(CPUARMState *env)
{
    return env->excl_val2;
}

uint64_t helper_stxp(CPUARMState *env, uint64_t addr, uint64_t val_lo, uint64_t hi, uint64_t memop)
{
    unsigned lg = pair_elem_lg(memop);
    bool armed;

    armed = env->excl_addr == addr && env->excl_size == (lg == 2 ? 3u : 4u);
    env->excl_addr = UINT64_MAX;
    if (!armed) {
        return 1;
    }
    if (lg == 2) {
        uint64_t v = (val_lo & 0xffffffffu) | (hi << 32);
        return cas_guest(env, addr, 8, env->excl_val, v) ? 0 : 1;
    }
    uint8_t *host = host_for_write(env, addr, 16);
    if (host) {
        return cas128(host, env->excl_val, env->excl_val2, val_lo, hi) ? 0 : 1;
    }
    if (do_load(env, addr, 8) != env->excl_val || do_load(env, addr + 8, 8) != env->excl_val2) {
        return 1;
    }
    do_store(env, addr, 8, val_lo);
    do_store(env, addr + 8, 8, hi);
    return 0;
}

uint64_t helper_clrex(CPUARMState *env)
{
    env->excl_addr = UINT64_MAX;
    return 0;
}

/* ---- cache maintenance ------------------------------------------------------- */

/* DC ZVA: zero the 64-byte block containing addr; rt is for the EL0 trap's syndrome. */
uint64_t helper_dc_zva(CPUARMState *env, uint64_t addr, uint64_t rt)
{
    uint64_t block = addr & ~(uint64_t)(DC_ZVA_BYTES - 1);

    if (env->el == 0 && !(env->sctlr_el1 & SCTLR_DZE)) {
        /* Trapped as a system instruction: op0 1, op1 3, CRn 7, CRm 4, op2 1. */
        helper_exception(env, EXCP_UDEF, syn_sysreg_trap(1, 3, 7, 4, 1, (unsigned)rt, false),
                         env->pc);
    }
    for (unsigned i = 0; i < DC_ZVA_BYTES; i += 8) {
        store_in_page(env, block + i, 8, 0);
    }
    return 0;
}

/* IC IVAU / DC CVAU etc. need nothing for correctness with the self-modifying
 * code detection, but IC IALLU-type operations (all) flush the TB cache. */
uint64_t helper_ic_inval(CPUARMState *env, uint64_t addr, uint64_t all)
{
    if (all) {
        tb_flush_all();
    }
    return 0;
}

/* TLBI: any TLB invalidation drops the whole software TLB. Over-invalidating
 * is always correct and the TLB refills cheaply. */
uint64_t helper_tlbi(CPUARMState *env)
{
    tlb_flush(env);
    return 0;
}

/* ---- instruction fetch ------------------------------------------------------- */

bool cpu_fetch_insn(CPUARMState *env, uint64_t pc, uint32_t *insn, int *excp, uint32_t *syn)
{
    int mmu = cpu_mmu_index(env);
    TLBEntry *e = &env->tlb[mmu][tlb_idx(pc)];
    MemTxResult r = MEMTX_DECODE_ERROR;

    if (pc & 3) {
        /* QEMU raises the PC alignment fault as a prefetch abort; FAR = PC. */
        *excp = EXCP_PREFETCH_ABORT;
        *syn = syn_pc_alignment();
        return false;
    }
    if (!tag_hit(e->addr_code, pc & TARGET_PAGE_MASK) && !tlb_fill(env, pc, ACCESS_FETCH, mmu)) {
        goto fault;
    }
    if (e->addr_code & TLB_MMIO) {
        uint64_t v;
        r = mmio_read(pc, 4, &v);
        if (r != MEMTX_OK) {
            goto fault;
        }
        *insn = (uint32_t)v;
        return true;
    }
    memcpy(insn, (const void *)(uintptr_t)(pc + e->addend), 4);
    return true;

fault:
    log_guest_error("instruction fetch from unassigned address 0x%" PRIx64 "\n", pc);
    *excp = EXCP_PREFETCH_ABORT;
    *syn = (pc >> PA_BITS) ? syn_insn_abort(env->el != 0, false, FSC_ADDRSIZE_L0)
                           : syn_insn_abort(env->el != 0, r != MEMTX_DECODE_ERROR, FSC_EXTERNAL);
    return false;
}
