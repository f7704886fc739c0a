/* helper-mem.c: the software TLB, filled through the stage 1 walk
 * (src/arm/mmu.c) when SCTLR_EL1.M = 1 and flat (virtual = physical) when
 * it is 0, and the memory slow path: RAM, MMIO, code pages, translation,
 * alignment and external aborts, exclusives, DC ZVA, instruction fetch, TLB
 * maintenance (TLBI) and address translation (AT). */
#include <inttypes.h>
#include <string.h>
#include "arm/bits.h"
#include "arm/mmu.h"
#include "arm/syndrome.h"
#include "tcg/helpers.h"
#include "tcg/ir/ir.h"
#include "tcg/tlb.h"
#include "core/runstate.h"
#include "core/log.h"
#include "core/memory.h"
#include "tcg/tb.h"
#include "tcg/plugin.h"          /* plugin_excl_armed */
#include "debug/gdbstub.h"

/* ID_AA64MMFR0_EL1.PARange = 4 on the Cortex-A57: 44-bit physical addresses.
 * With the MMU off an address above that is an address size fault. */
#define PA_BITS 44
#define DC_ZVA_BYTES 64
/* The bits of a virtual page address that a flush by VA compares: the top
 * byte may hold a tag (TBI), which the entry's tag keeps but the walk ignored. */
#define VA_NOTAG_MASK (0x00ffffffffffffffull & TARGET_PAGE_MASK)

enum { ACCESS_READ = 0, ACCESS_WRITE = 1, ACCESS_FETCH = 2 };

/* What a fill found. */
typedef enum {
    FILL_OK,
    FILL_NOTHING,       /* MMU off and nothing at the address: an external abort */
    FILL_FAULT,         /* the walk faulted: *fault says how */
} FillResult;

/* Counters for `info jit` (all CPUs; relaxed: figures, not synchronization). */
static uint64_t stat_slow, stat_fills, stat_walks, stat_walk_faults, stat_flushes,
                stat_page_flushes;
#define STAT_INC(c) __atomic_add_fetch(&(c), 1, __ATOMIC_RELAXED)

void tlb_print_stats(GString *out)
{
    g_string_append_printf(out, "TLB: %" PRIu64 " slow-path accesses, %" PRIu64 " fills (%" PRIu64
                           " table walks, %" PRIu64 " of them faulted), %" PRIu64
                           " full flushes, %" PRIu64 " flushes by page\n",
                           stat_slow, stat_fills, stat_walks, stat_walk_faults, stat_flushes,
                           stat_page_flushes);
}

/* The CPU whose thread this is (NULL outside the vCPU threads). */
static __thread CPUARMState *current_env;

static inline unsigned tlb_idx(uint64_t addr)
{
    return (addr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
}

/* Does tag (page | flags) cache page? TLB_MMIO/TLB_NOTDIRTY still hit. */
static inline bool tag_hit(uint64_t tag, uint64_t page)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID)) == page;
}

/* The same, whatever the top byte of either (flushes by VA). */
static inline bool tag_hit_notag(uint64_t tag, uint64_t page)
{
    return !(tag & TLB_INVALID) && !((tag ^ page) & VA_NOTAG_MASK);
}

/* Another vCPU's thread may set TLB_NOTDIRTY in this CPU's write tags (the
 * one cross-thread write into a TLB, tlb_protect_code, an atomic
 * compare-and-swap that only adds the flag): so the owner writes addr_write
 * and reads paddr atomically too. */
static inline void set_write_tag(TLBEntry *e, uint64_t tag)
{
    __atomic_store_n(&e->addr_write, tag, __ATOMIC_RELAXED);
}

static inline uint64_t get_write_tag(const TLBEntry *e)
{
    return __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
}

static inline void tlb_entry_clear(TLBEntry *e)
{
    e->addr_read = TLB_INVALID;
    e->addr_code = TLB_INVALID;
    set_write_tag(e, TLB_INVALID);
    e->addend = 0;
}

static inline bool mmu_enabled(const CPUARMState *env)
{
    return (env->sctlr_el1 & SCTLR_M) != 0;
}

/* A MAIR attribute byte of Device memory (Attr<7:4> = 0000). */
static inline bool attr_is_device(uint8_t attr)
{
    return (attr & 0xf0) == 0;
}

void tlb_set_current_cpu(CPUARMState *env)
{
    current_env = env;
}

int cpu_mmu_index(const CPUARMState *env)
{
    return env->el == 0 ? MMU_IDX_EL0 : MMU_IDX_EL1;
}

/* ---- flushes ------------------------------------------------------------------ */

static void flush_mmu_idx(CPUARMState *env, int m)
{
    TLBDesc *d = &env->tlb_desc[m];

    if (!d->tracking || d->n_used > TLB_USED_MAX) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            tlb_entry_clear(&env->tlb[m][i]);
        }
    } else {
        for (unsigned i = 0; i < d->n_used; i++) {
            tlb_entry_clear(&env->tlb[m][d->used[i]]);
        }
    }
    /* tlb_protect_code reads n_used and tracking from other threads: atomics. */
    __atomic_store_n(&d->n_used, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&d->tracking, true, __ATOMIC_RELAXED);
    d->large_addr = d->large_mask = 0;
}

/* The flush itself, on the CPU's own thread (or with it not running). */
static void flush_local(CPUARMState *env)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        flush_mmu_idx(env, m);
    }
    __atomic_add_fetch(&env->tlb_flush_count, 1, __ATOMIC_SEQ_CST);
    STAT_INC(stat_flushes);
}

/* A flush from inside a block (a helper): the block's chained exits were
 * made under the old mapping, so the next block is looked up again. */
static void reloop(CPUARMState *env)
{
    if (env == current_env) {
        __atomic_or_fetch(&env->exit_request, EXIT_REQ_RELOOP, __ATOMIC_SEQ_CST);
    }
}

void tlb_flush_request(CPUARMState *env)
{
    __atomic_or_fetch(&env->tlb_flush_req, 1, __ATOMIC_SEQ_CST);
    __atomic_or_fetch(&env->exit_request, EXIT_REQ_RELOOP, __ATOMIC_SEQ_CST);
}

void tlb_process_requests(CPUARMState *env)
{
    /* A plain load first: the run loop calls this before every lookup. */
    if (__atomic_load_n(&env->tlb_flush_req, __ATOMIC_RELAXED) &&
        __atomic_exchange_n(&env->tlb_flush_req, 0, __ATOMIC_SEQ_CST)) {
        flush_local(env);
    }
}

void tlb_flush(CPUARMState *env)
{
    if (current_env && env != current_env) {
        /* Another vCPU's TLB: it flushes itself before its next block. */
        tlb_flush_request(env);
        return;
    }
    flush_local(env);
    reloop(env);
}

static void tlb_flush_full(CPUARMState *env)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        __atomic_store_n(&env->tlb_desc[m].n_used, TLB_USED_MAX + 1, __ATOMIC_RELAXED);
    }
    flush_local(env);
}

void tlb_flush_page(CPUARMState *env, uint64_t addr)
{
    uint64_t page = addr & TARGET_PAGE_MASK;

    if (current_env && env != current_env) {
        tlb_flush_request(env);     /* over-invalidation: all of it */
        return;
    }
    for (int m = 0; m < NB_MMU_MODES; m++) {
        TLBDesc *d = &env->tlb_desc[m];
        TLBEntry *e = &env->tlb[m][tlb_idx(addr)];
        if (d->large_mask && !((page ^ d->large_addr) & d->large_mask & VA_NOTAG_MASK)) {
            /* Inside a block mapping cached as many 4 KiB entries. */
            flush_mmu_idx(env, m);
        } else if (tag_hit_notag(e->addr_read, page) ||
                   tag_hit_notag(__atomic_load_n(&e->addr_write, __ATOMIC_RELAXED), page) ||
                   tag_hit_notag(e->addr_code, page)) {
            tlb_entry_clear(e);
        }
    }
    __atomic_add_fetch(&env->tlb_flush_count, 1, __ATOMIC_SEQ_CST);
    STAT_INC(stat_page_flushes);
    reloop(env);
}

void tlb_flush_all_cpus(void)
{
    ARMCPU *cpu;
    for (int i = 0; (cpu = arm_cpu_by_index(i)) != NULL; i++) {
        tlb_flush(&cpu->env);
    }
}

void tlb_flush_page_all_cpus(uint64_t addr)
{
    ARMCPU *cpu;
    for (int i = 0; (cpu = arm_cpu_by_index(i)) != NULL; i++) {
        tlb_flush_page(&cpu->env, addr);
    }
}

void cpu_helpers_reset(CPUARMState *env)
{
    env->excl_addr = UINT64_MAX;
    env->tlb_flush_req = 0;
    tlb_flush_full(env);
}

/* From any vCPU's thread, under tb_lock, into any CPU's TLB while its thread
 * runs: the tag is read, then the physical page (the owner writes paddr
 * before the tag, and x86 keeps both orders), and the flag is added only if
 * the tag did not change meanwhile. An entry the owner fills at the same time
 * takes its TLB_NOTDIRTY from tb_write_tag, which also runs under tb_lock:
 * either it sees the page's code or this scan sees its entry. */
static void protect_entry(CPUARMState *env, int m, unsigned i, uint64_t page)
{
    TLBEntry *e = &env->tlb[m][i];
    uint64_t tag = __atomic_load_n(&e->addr_write, __ATOMIC_ACQUIRE);
    if (!(tag & (TLB_INVALID | TLB_MMIO | TLB_NOTDIRTY)) &&
        __atomic_load_n(&env->tlb_full[m][i].paddr, __ATOMIC_ACQUIRE) == page) {
        __atomic_compare_exchange_n(&e->addr_write, &tag, tag | TLB_NOTDIRTY, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    }
}

/* Called under tb_lock (page_add_tb). The lists of filled entries (n_used)
 * are read without the owner's cooperation: an entry missing from a stale
 * view is either being flushed or newly filled, and then tb_write_tag covers
 * it. */
void tlb_protect_code(uint64_t paddr)
{
    uint64_t page = paddr & TARGET_PAGE_MASK;
    ARMCPU *cpu;

    for (int i = 0; (cpu = arm_cpu_by_index(i)) != NULL; i++) {
        CPUARMState *env = &cpu->env;
        for (int m = 0; m < NB_MMU_MODES; m++) {
            const TLBDesc *d = &env->tlb_desc[m];
            uint32_t n_used = __atomic_load_n(&d->n_used, __ATOMIC_RELAXED);
            bool tracking = __atomic_load_n(&d->tracking, __ATOMIC_RELAXED);
            if (!mmu_enabled(env)) {
                /* Flat: the page can only be cached at its own index (a
                 * change of SCTLR_EL1.M flushes). */
                protect_entry(env, m, tlb_idx(page), page);
            } else if (tracking && n_used <= TLB_USED_MAX) {
                for (unsigned k = 0; k < n_used; k++) {
                    protect_entry(env, m, __atomic_load_n(&d->used[k], __ATOMIC_RELAXED), page);
                }
            } else {
                for (unsigned k = 0; k < TLB_SIZE; k++) {
                    protect_entry(env, m, k, page);
                }
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

static void __attribute__((constructor)) tlb_install_flush_hook(void)
{
    arm_cpu_set_tlb_flush_hook(tlb_flush);
    arm_cpu_set_tb_flush_hook(tb_flush_all);
}

/* ---- fills -------------------------------------------------------------------- */

static MemTxResult mmio_read(uint64_t addr, unsigned size, uint64_t *v);
static MemTxResult mmio_write(uint64_t addr, unsigned size, uint64_t v);

/* The walk's descriptor reads: RAM directly, anything else through the
 * memory core (a descriptor in a hole is an external abort on the walk). */
/* The RAM range the last table walk on this thread read from: a walk reads up to four
 * descriptors, nearly always from one RAM region, and finding it in the flat view takes
 * the memory lock and a reference each time (a Linux workload walks tens of millions of
 * descriptors: that was a tenth of its time). It holds for the CPU it was found for while
 * that CPU's TLB is not flushed: a change of the memory map flushes every TLB
 * (topology_changed), so it lives exactly as long as the TLB entries the walk fills.
 * Per thread, so unshared. */
static __thread struct {
    const CPUARMState *env;
    uint32_t flush;             /* env->tlb_flush_count when found */
    uint64_t start, size;       /* guest physical range (size 0: none) */
    uint8_t *host;
} walk_ram;

static uint8_t *walk_ram_ptr(CPUARMState *env, uint64_t pa)
{
    uint32_t flush = __atomic_load_n(&env->tlb_flush_count, __ATOMIC_RELAXED);

    if (walk_ram.env != env || walk_ram.flush != flush || pa - walk_ram.start >= walk_ram.size) {
        FlatView *fv = as_get_flatview(cpu_as());
        flatview_ref(fv);
        const FlatRange *fr = flatview_lookup(fv, pa);
        walk_ram.size = 0;
        if (fr && fr->mr->type == MR_RAM && fr->mr->ram) {
            walk_ram.env = env;
            walk_ram.flush = flush;
            walk_ram.start = fr->start;
            walk_ram.size = fr->size;
            walk_ram.host = fr->mr->ram + fr->offset_in_region;
        }
        flatview_unref(fv);
        if (pa - walk_ram.start >= walk_ram.size) {
            return NULL;
        }
    }
    return walk_ram.size >= 8 && pa - walk_ram.start <= walk_ram.size - 8
           ? walk_ram.host + (pa - walk_ram.start) : NULL;
}

static bool walk_read64(void *opaque, uint64_t pa, uint64_t *val, bool *ea)
{
    uint8_t *p = walk_ram_ptr(opaque, pa);

    if (p) {
        memcpy(val, p, 8);
        return true;
    }
    MemTxResult r = mmio_read(pa, 8, val);
    if (r == MEMTX_OK) {
        return true;
    }
    *ea = r != MEMTX_DECODE_ERROR;
    return false;
}

static void log_mmu_fault(CPUARMState *env, uint64_t va, int access, int mmu_idx,
                          const ArmFault *f)
{
    static const char *const kind[] = { "read", "write", "fetch" };
    if (!log_enabled(LOG_MMU)) {
        return;
    }
    GString *s = g_string_new(NULL);
    g_string_printf(s, "mmu: %s of 0x%016" PRIx64 " (EL%d view) at PC 0x%" PRIx64
                    ": FSC 0x%02x, level %u", kind[access], va, mmu_idx == MMU_IDX_EL0 ? 0 : 1,
                    env->pc, f->fsc, f->level);
    if (f->have_desc) {
        g_string_append_printf(s, ", descriptor 0x%016" PRIx64 " at 0x%" PRIx64,
                               f->desc, f->desc_pa);
    } else if (f->type == ARM_FAULT_EXT_WALK) {
        g_string_append_printf(s, ", descriptor read at 0x%" PRIx64 " failed", f->desc_pa);
    }
    log_printf("%s\n", s->str);
    g_string_free(s, TRUE);
}

/* Remember a block mapping's span (QEMU's large-page tracking): a flush by VA
 * anywhere in it must drop every 4 KiB entry it produced. */
static void note_large_page(TLBDesc *d, uint64_t va, unsigned shift)
{
    uint64_t mask = ~((1ull << shift) - 1);

    if (!d->large_mask) {
        d->large_mask = mask;
    } else {
        mask &= d->large_mask;
        while ((d->large_addr ^ va) & mask) {
            mask <<= 1;
        }
        d->large_mask = mask;
    }
    d->large_addr = va & d->large_mask;
}

static FillResult fill(CPUARMState *env, uint64_t addr, int access, int mmu_idx,
                       ArmFault *fault)
{
    AddressSpace *as = cpu_as();
    uint64_t page = addr & TARGET_PAGE_MASK;
    uint64_t ppage = page;
    unsigned prot = ARM_PROT_READ | ARM_PROT_WRITE | ARM_PROT_EXEC;
    uint8_t attr = 0;
    FlatView *fv;
    const FlatRange *fr;
    TLBEntry *e;
    TLBEntryFull *full;
    TLBDesc *d;
    unsigned idx = tlb_idx(addr);

    if (mmu_idx < 0 || mmu_idx >= NB_MMU_MODES) {
        mmu_idx = cpu_mmu_index(env);
    }
    d = &env->tlb_desc[mmu_idx];
    STAT_INC(stat_fills);
    if (mmu_enabled(env)) {
        ArmMMURegs r;
        ArmTranslation t;
        arm_mmu_regs_from_env(env, &r);
        r.el0 = mmu_idx == MMU_IDX_EL0;
        STAT_INC(stat_walks);
        if (!arm_mmu_translate(&r, addr, access, walk_read64, env, &t, fault)) {
            STAT_INC(stat_walk_faults);
            log_mmu_fault(env, addr, access, mmu_idx, fault);
            return FILL_FAULT;
        }
        ppage = t.pa & TARGET_PAGE_MASK;
        prot = t.prot;
        attr = t.attr;
        if (t.size_shift > TARGET_PAGE_BITS) {
            note_large_page(d, addr, t.size_shift);
        }
    }

    fv = as_get_flatview(as);
    flatview_ref(fv);
    fr = flatview_lookup(fv, ppage | (addr & ~TARGET_PAGE_MASK));
    if (!fr && !mmu_enabled(env)) {
        flatview_unref(fv);
        return FILL_NOTHING;
    }
    e = &env->tlb[mmu_idx][idx];
    full = &env->tlb_full[mmu_idx][idx];
    bool watched = gdbstub_page_watched(page) ||
                   (env->dbg_wp_on && arm_debug_page_watched(env, page));
    uint64_t watch = watched ? TLB_WATCH : 0;
    /* The write tag last, after the physical page (protect_entry's order). */
    set_write_tag(e, TLB_INVALID);
    __atomic_store_n(&full->paddr, ppage, __ATOMIC_RELEASE);
    full->prot = (uint8_t)prot;
    full->attr = attr;
    /* A ROM device in romd mode is RAM for reads and fetches, MMIO for writes
     * (its command state machine); leaving romd mode flushes every TLB. */
    bool romd = fr && mr_is_romd(fr->mr);
    if (fr && (fr->mr->type == MR_RAM || romd) && fr->mr->ram && fr->start <= ppage &&
        ppage + TARGET_PAGE_SIZE - 1 <= fr->start + (fr->size - 1)) {
        uint8_t *host = fr->mr->ram + fr->offset_in_region + (ppage - fr->start);
        e->addend = (uintptr_t)host - (uintptr_t)page;
        e->addr_read = (prot & ARM_PROT_READ) ? page | watch : TLB_INVALID;
        e->addr_code = (prot & ARM_PROT_EXEC) ? page : TLB_INVALID;
        /* Device memory with the MMU on: the slow path checks the alignment (check_align). */
        uint64_t dev = mmu_enabled(env) && attr_is_device(attr) ? TLB_DEVICE : 0;
        if (e->addr_read != TLB_INVALID) {
            e->addr_read |= dev;
        }
        if ((prot & ARM_PROT_WRITE) && romd) {
            set_write_tag(e, page | TLB_MMIO | watch);
        } else if (prot & ARM_PROT_WRITE) {
            tb_write_tag(&e->addr_write, page | watch | dev, ppage);    /* + TLB_NOTDIRTY on code */
        }
    } else {
        /* MMIO, a page only partly RAM, or (MMU on) nothing: every access
         * goes through the memory core at the physical address, which
         * resolves each byte and reports what is not there. */
        e->addend = 0;
        e->addr_read = (prot & ARM_PROT_READ) ? page | TLB_MMIO | watch : TLB_INVALID;
        e->addr_code = (prot & ARM_PROT_EXEC) ? page | TLB_MMIO : TLB_INVALID;
        set_write_tag(e, (prot & ARM_PROT_WRITE) ? page | TLB_MMIO | watch : TLB_INVALID);
    }
    if (d->n_used < TLB_USED_MAX) {
        __atomic_store_n(&d->used[d->n_used], (uint16_t)idx, __ATOMIC_RELAXED);
    }
    if (d->n_used <= TLB_USED_MAX) {
        __atomic_store_n(&d->n_used, d->n_used + 1, __ATOMIC_RELEASE);
    }
    flatview_unref(fv);
    return FILL_OK;
}

bool tlb_fill(CPUARMState *env, uint64_t addr, int access, int mmu_idx)
{
    ArmFault f;
    return fill(env, addr, access, mmu_idx, &f) == FILL_OK;
}

/* The guest physical address behind an entry that hits for addr. */
static inline uint64_t entry_paddr(CPUARMState *env, int mmu, uint64_t addr)
{
    return env->tlb_full[mmu][tlb_idx(addr)].paddr | (addr & ~TARGET_PAGE_MASK);
}

/* ---- faults ---------------------------------------------------------------- */

G_NORETURN static void data_abort(CPUARMState *env, uint64_t addr, bool is_write,
                                  uint32_t fsc, bool ea)
{
    cpu_raise_exception_far(env, EXCP_DATA_ABORT, syn_data_abort(env->el != 0, ea, is_write, fsc),
                            env->pc, addr);
}

/* Bus errors at physical address pa (virtual va): EA is the implementation's
 * classification, 0 for a decode error (nothing there), 1 for a device that
 * said no (QEMU's rule). */
G_NORETURN static void external_abort(CPUARMState *env, uint64_t va, uint64_t pa,
                                      bool is_write, MemTxResult r)
{
    if (pa >> PA_BITS) {
        data_abort(env, va, is_write, FSC_ADDRSIZE_L0, false);
    }
    data_abort(env, va, is_write, FSC_EXTERNAL, r != MEMTX_DECODE_ERROR);
}

/* A fault of the walk: translation, access flag, permission, address size,
 * or an external abort on a descriptor read (EA from the walk). Stage 1
 * only, so S1PTW is 0. */
G_NORETURN static void mmu_data_abort(CPUARMState *env, uint64_t va, bool is_write,
                                      const ArmFault *f)
{
    data_abort(env, va, is_write, f->fsc, f->type == ARM_FAULT_EXT_WALK && f->ea);
}

static uint32_t mmu_insn_syndrome(const CPUARMState *env, const ArmFault *f)
{
    return syn_insn_abort(env->el != 0, f->type == ARM_FAULT_EXT_WALK && f->ea, f->fsc);
}

/* The TLB entry of MMU index mmu for addr, filled for access; raises the
 * translation fault, or the external abort when nothing is there. */
static TLBEntry *entry_for(CPUARMState *env, uint64_t addr, bool is_write, int mmu)
{
    TLBEntry *e = &env->tlb[mmu][tlb_idx(addr)];
    uint64_t tag = is_write ? get_write_tag(e) : e->addr_read;

    if (!tag_hit(tag, addr & TARGET_PAGE_MASK)) {
        ArmFault f;
        switch (fill(env, addr, is_write ? ACCESS_WRITE : ACCESS_READ, mmu, &f)) {
        case FILL_OK:
            break;
        case FILL_FAULT:
            mmu_data_abort(env, addr, is_write, &f);
        case FILL_NOTHING:
            log_guest_error("%s of unassigned address 0x%" PRIx64 " at PC 0x%" PRIx64 "\n",
                            is_write ? "write" : "read", addr, env->pc);
            external_abort(env, addr, addr, is_write, MEMTX_DECODE_ERROR);
        }
    }
    return e;
}

/* Alignment: MO_ALIGN (exclusives, acquire/release), SCTLR_EL1.A, and Device memory
 * with the MMU on, whose attribute the translation gives (so that check translates
 * first: a translation fault comes before it). With the MMU off every data access is
 * Device-nGnRnE architecturally, but QEMU 7.2 does not check alignment there, nor for
 * Device pages at all; a64emu follows it with the MMU off (docs/testing.md). */
static void check_align(CPUARMState *env, uint64_t addr, unsigned size, uint64_t memop,
                        bool is_write, int mmu)
{
    if (!(addr & (size - 1))) {
        return;
    }
    if ((memop & MO_ALIGN) || (env->sctlr_el1 & SCTLR_A)) {
        data_abort(env, addr, is_write, FSC_ALIGNMENT, false);
    }
    if (mmu_enabled(env)) {
        entry_for(env, addr, is_write, mmu);
        if (attr_is_device(env->tlb_full[mmu][tlb_idx(addr)].attr)) {
            data_abort(env, addr, is_write, FSC_ALIGNMENT, false);
        }
    }
}

/* Host pointer to write size bytes at addr (in one page), with the page's
 * translated code dropped first; NULL for MMIO (*pa: where to send it).
 * May raise. */
static uint8_t *host_for_write(CPUARMState *env, uint64_t addr, unsigned size, int mmu,
                               uint64_t *pa)
{
    TLBEntry *e = entry_for(env, addr, true, mmu);

    *pa = entry_paddr(env, mmu, addr);
    uint64_t tag = get_write_tag(e);
    if (tag & TLB_MMIO) {
        return NULL;
    }
    if (tag & TLB_NOTDIRTY) {
        tb_invalidate_phys_range(*pa, size);
        fill(env, addr, ACCESS_WRITE, mmu, &(ArmFault){ 0 });
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

/* One access of 1..8 bytes that stays inside a page, through MMU index mmu. */
static uint64_t load_in_page(CPUARMState *env, uint64_t addr, unsigned size, int mmu)
{
    TLBEntry *e = entry_for(env, addr, false, mmu);
    uint64_t v = 0;

    if (e->addr_read & TLB_MMIO) {
        uint64_t pa = entry_paddr(env, mmu, addr);
        MemTxResult r = mmio_read(pa, size, &v);
        if (r != MEMTX_OK) {
            external_abort(env, addr, pa, false, r);
        }
        return v;
    }
    memcpy(&v, (const void *)(uintptr_t)(addr + e->addend), size);
    return v;
}

static void store_in_page(CPUARMState *env, uint64_t addr, unsigned size, uint64_t val, int mmu)
{
    uint64_t pa;
    uint8_t *host = host_for_write(env, addr, size, mmu, &pa);

    if (!host) {
        MemTxResult r = mmio_write(pa, size, val);
        if (r != MEMTX_OK) {
            external_abort(env, addr, pa, true, r);
        }
        return;
    }
    memcpy(host, &val, size);
}

static bool crosses_page(uint64_t addr, unsigned size)
{
    return (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE;
}

static uint64_t do_load(CPUARMState *env, uint64_t addr, unsigned size, int mmu)
{
    uint64_t v = 0;

    if (!crosses_page(addr, size)) {
        return load_in_page(env, addr, size, mmu);
    }
    for (unsigned i = 0; i < size; i++) {
        v |= load_in_page(env, addr + i, 1, mmu) << (8 * i);
    }
    return v;
}

static void do_store(CPUARMState *env, uint64_t addr, unsigned size, uint64_t val, int mmu)
{
    if (!crosses_page(addr, size)) {
        store_in_page(env, addr, size, val, mmu);
        return;
    }
    /* Both pages must be writable before any byte is: a fault on the second
     * page leaves memory untouched (as QEMU does). */
    entry_for(env, addr, true, mmu);
    entry_for(env, (addr + size - 1) & TARGET_PAGE_MASK, true, mmu);
    for (unsigned i = 0; i < size; i++) {
        store_in_page(env, addr + i, 1, (val >> (8 * i)) & 0xff, mmu);
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

/* The guest's own watchpoints (src/arm/debug.c): pages they cover take the slow path
 * (TLB_WATCH), which checks each access here; LDTR/STTR (MMU_IDX_EL0 at EL1) match
 * as EL0 accesses. */
static inline void watch(CPUARMState *env, uint64_t addr, unsigned size, bool is_write, int mmu)
{
    if (env->dbg_wp_on) {
        arm_debug_check_watch(env, addr, size, is_write, mmu == MMU_IDX_EL0);
    }
}

static uint64_t load_mmu(CPUARMState *env, uint64_t addr, uint64_t memop, int mmu)
{
    unsigned size = 1u << (memop & MO_SIZE);

    STAT_INC(stat_slow);
    check_align(env, addr, size, memop, false, mmu);
    gdbstub_check_watch(env, addr, size, false);
    watch(env, addr, size, false, mmu);
    return extend(do_load(env, addr, size, mmu), memop);
}

static void store_mmu(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop, int mmu)
{
    unsigned size = 1u << (memop & MO_SIZE);

    STAT_INC(stat_slow);
    check_align(env, addr, size, memop, true, mmu);
    gdbstub_check_watch(env, addr, size, true);
    watch(env, addr, size, true, mmu);
    do_store(env, addr, size, size == 8 ? val : val & ((1ull << (8 * size)) - 1), mmu);
}

/* An access the frontend splits (a Q register is two 8-byte accesses)
 * checked as the whole: the alignment fault of SCTLR_EL1.A. */
uint64_t helper_check_align(CPUARMState *env, uint64_t addr, uint64_t bytes, uint64_t is_write)
{
    check_align(env, addr, (unsigned)bytes, 0, is_write != 0, cpu_mmu_index(env));
    return 0;
}

uint64_t helper_ld(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c)
{
    return load_mmu(env, addr, memop, cpu_mmu_index(env));
}

uint64_t helper_st(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop)
{
    store_mmu(env, addr, val, memop, cpu_mmu_index(env));
    return 0;
}

/* LDTR/STTR (and their sizes): EL0's permissions whatever the EL (ARMv8.0
 * has no PAN, so at EL1 they are checked as EL0's accesses; at EL0 they are
 * EL0's accesses anyway). A fault is taken from the current EL. */
uint64_t helper_ldtr(CPUARMState *env, uint64_t addr, uint64_t memop)
{
    return load_mmu(env, addr, memop, MMU_IDX_EL0);
}

uint64_t helper_sttr(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop)
{
    store_mmu(env, addr, val, memop, MMU_IDX_EL0);
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
    uint64_t pa;
    uint8_t *host = host_for_write(env, addr, size, cpu_mmu_index(env), &pa);

    if (!host) {
        /* MMIO: no atomicity to offer; compare, then write. */
        uint64_t cur;
        MemTxResult r = mmio_read(pa, size, &cur);
        if (r != MEMTX_OK) {
            external_abort(env, addr, pa, true, r);
        }
        if (cur != expected) {
            return false;
        }
        r = mmio_write(pa, size, val);
        if (r != MEMTX_OK) {
            external_abort(env, addr, pa, true, r);
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

    check_align(env, addr, size, MO_ALIGN, false, cpu_mmu_index(env));
    watch(env, addr, size, false, cpu_mmu_index(env));
    env->ss_ldex = 1;
    v = do_load(env, addr, size, cpu_mmu_index(env));
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
    plugin_excl_armed = armed;
    env->excl_addr = UINT64_MAX;
    if (!armed) {
        return 1;
    }
    watch(env, addr, size, true, cpu_mmu_index(env));
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

    check_align(env, addr, 2u << lg, MO_ALIGN, false, cpu_mmu_index(env));
    watch(env, addr, 2u << lg, false, cpu_mmu_index(env));
    env->ss_ldex = 1;
    if (lg == 2) {
        uint64_t v = do_load(env, addr, 8, cpu_mmu_index(env));
        env->excl_val = v;
        env->excl_val2 = v >> 32;
        env->excl_size = 3;
        env->excl_addr = addr;
        return v & 0xffffffffu;
    }
    uint64_t lo = do_load(env, addr, 8, cpu_mmu_index(env));
    uint64_t hi = do_load(env, addr + 8, 8, cpu_mmu_index(env));
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
    plugin_excl_armed = armed;
    env->excl_addr = UINT64_MAX;
    if (!armed) {
        return 1;
    }
    watch(env, addr, 2u << lg, true, cpu_mmu_index(env));
    if (lg == 2) {
        uint64_t v = (val_lo & 0xffffffffu) | (hi << 32);
        return cas_guest(env, addr, 8, env->excl_val, v) ? 0 : 1;
    }
    int mmu = cpu_mmu_index(env);
    uint64_t pa;
    uint8_t *host = host_for_write(env, addr, 16, mmu, &pa);
    if (host) {
        return cas128(host, env->excl_val, env->excl_val2, val_lo, hi) ? 0 : 1;
    }
    if (do_load(env, addr, 8, mmu) != env->excl_val ||
        do_load(env, addr + 8, 8, mmu) != env->excl_val2) {
        return 1;
    }
    do_store(env, addr, 8, val_lo, mmu);
    do_store(env, addr + 8, 8, hi, mmu);
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
    int mmu = cpu_mmu_index(env);
    watch(env, block, DC_ZVA_BYTES, true, mmu);
    /* The block is aligned, so in one page: one translation for all of it. (Linux clears
     * every page it allocates with DC ZVA: eight lookups per block were 5% of a boot.) */
    uint64_t pa;
    uint8_t *host = host_for_write(env, block, DC_ZVA_BYTES, mmu, &pa);
    if (host) {
        memset(host, 0, DC_ZVA_BYTES);
        return 0;
    }
    for (unsigned i = 0; i < DC_ZVA_BYTES; i += 8) {
        store_in_page(env, block + i, 8, 0, mmu);      /* MMIO */
    }
    return 0;
}

/* ---- instruction fetch ------------------------------------------------------- */

/* The code TLB entry for pc, filled if needed. FILL_FAULT: *f says why. */
static FillResult code_entry(CPUARMState *env, uint64_t pc, int mmu, ArmFault *f)
{
    TLBEntry *e = &env->tlb[mmu][tlb_idx(pc)];

    if (tag_hit(e->addr_code, pc & TARGET_PAGE_MASK)) {
        return FILL_OK;
    }
    return fill(env, pc, ACCESS_FETCH, mmu, f);
}

bool tlb_code_paddr(CPUARMState *env, uint64_t pc, uint64_t *paddr, bool raise)
{
    int mmu = cpu_mmu_index(env);
    ArmFault f;

    if (!mmu_enabled(env)) {
        *paddr = pc;
        return true;
    }
    switch (code_entry(env, pc, mmu, &f)) {
    case FILL_OK:
        *paddr = entry_paddr(env, mmu, pc);
        return true;
    case FILL_FAULT:
        if (raise) {
            cpu_raise_exception_far(env, EXCP_PREFETCH_ABORT, mmu_insn_syndrome(env, &f), pc, pc);
        }
        return false;
    default:
        return false;
    }
}

bool cpu_fetch_insn(CPUARMState *env, uint64_t pc, uint32_t *insn, int *excp, uint32_t *syn)
{
    int mmu = cpu_mmu_index(env);
    TLBEntry *e = &env->tlb[mmu][tlb_idx(pc)];
    MemTxResult r = MEMTX_DECODE_ERROR;
    uint64_t pa = pc;
    ArmFault f;

    if (pc & 3) {
        /* QEMU raises the PC alignment fault as a prefetch abort; FAR = PC. */
        *excp = EXCP_PREFETCH_ABORT;
        *syn = syn_pc_alignment();
        return false;
    }
    switch (code_entry(env, pc, mmu, &f)) {
    case FILL_OK:
        break;
    case FILL_FAULT:
        *excp = EXCP_PREFETCH_ABORT;
        *syn = mmu_insn_syndrome(env, &f);
        return false;
    case FILL_NOTHING:
        goto fault;
    }
    pa = entry_paddr(env, mmu, pc);
    if (e->addr_code & TLB_MMIO) {
        uint64_t v;
        r = mmio_read(pa, 4, &v);
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
    *syn = (pa >> PA_BITS) ? syn_insn_abort(env->el != 0, false, FSC_ADDRSIZE_L0)
                           : syn_insn_abort(env->el != 0, r != MEMTX_DECODE_ERROR, FSC_EXTERNAL);
    return false;
}

/* ---- TLB maintenance and address translation ---------------------------------- */

uint64_t helper_tlbi_op(CPUARMState *env, uint64_t op, uint64_t val)
{
    unsigned crm = (op >> 3) & 0xf, op2 = op & 7;
    bool is = crm == 3;
    /* Xt[43:0] is VA[55:12]; the top byte follows bit 55 (QEMU does the
     * same), and the flush ignores it anyway. Xt[63:48] is the ASID: the
     * entries are not tagged with it, so a flush by VA drops every ASID's
     * entry (architecturally allowed over-invalidation). */
    uint64_t va = (uint64_t)((int64_t)(val << 20) >> 8);

    switch (op2) {
    case 0:                 /* VMALLE1(IS) */
    case 2:                 /* ASIDE1(IS) */
        if (is) {
            tlb_flush_all_cpus();
        } else {
            tlb_flush(env);
        }
        break;
    case 1: case 3:         /* VAE1(IS), VAAE1(IS) */
    case 5: case 7:         /* VALE1(IS), VAALE1(IS): the last level only, which is all we cache */
        if (is) {
            tlb_flush_page_all_cpus(va);
        } else {
            tlb_flush_page(env, va);
        }
        break;
    default:
        break;
    }
    return 0;
}

uint64_t helper_at(CPUARMState *env, uint64_t op2, uint64_t va)
{
    ArmMMURegs r;
    ArmTranslation t;
    ArmFault f;
    bool ok;

    arm_mmu_regs_from_env(env, &r);
    r.el0 = (op2 & 2) != 0;
    ok = arm_mmu_translate(&r, va, (op2 & 1) ? ARM_MMU_WRITE : ARM_MMU_READ, walk_read64, env,
                           &t, &f);
    if (!ok && arm_mmu_at_fault_is_exception(&f)) {
        /* An external abort on the walk is taken, as a Data Abort with CM =
         * 1 (and WnR = 1, as QEMU reports it), FAR = the address. */
        log_mmu_fault(env, va, (op2 & 1) ? ACCESS_WRITE : ACCESS_READ,
                      r.el0 ? MMU_IDX_EL0 : MMU_IDX_EL1, &f);
        cpu_raise_exception_far(env, EXCP_DATA_ABORT,
                                syn_data_abort_cm(env->el != 0, f.ea, f.fsc), env->pc, va);
    }
    env->par_el1 = arm_mmu_par(ok, &t, &f);
    return 0;
}

