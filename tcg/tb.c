/* tb.c: the translation-block cache: lookup by (virtual PC, flags) through a
 * per-thread jump cache that lives until the CPU's next TLB flush, then by
 * (virtual PC, physical PC, flags) in a global hash table; translation into
 * the code buffer, chaining, and invalidation when the guest writes to a
 * physical page holding code. */
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include "tcg/tb.h"
#include "core/tsan.h"
#include "tcg/a64/a64.h"
#include "tcg/backend.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "tcg/cpu-exec.h"
#include "tcg/plugin.h"
#include "ui/disas.h"
#include "core/log.h"
#include "core/memory.h"

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)

/* Threads. Every vCPU thread looks up, translates, chains and invalidates at
 * once; what they share is guarded so:
 *  - tb_lock (recursive: translation fetches through tlb_fill, which asks
 *    tb_page_has_code) guards the hash table, the code pages, the list of
 *    TBs, the code buffer's fill pointer, chaining and invalidation. One
 *    lock, not RCU or per-thread code regions: translation is a small part of
 *    the run time (a boot translates a few hundred thousand blocks), and one
 *    lock keeps the buffer one sequence that a flush resets at once.
 *  - A block is never freed while any vCPU may run it: invalidation only
 *    unhooks it (hash chain, page list, incoming jumps, patched back with one
 *    aligned 4-byte store, x86_jump_slot_set) and marks it invalid (an atomic
 *    flag the jump caches test); only a flush frees blocks and reuses the
 *    buffer, and it runs with every other vCPU out of generated code and out
 *    of the translator (cpu_exec_exclusive), never under tb_lock.
 *  - The jump caches are per thread; `generation` (bumped by a flush) and
 *    `flush_pending` are atomics read without the lock. */
static GRecMutex tb_lock;
static bool use_interp;
static uint8_t *code_buf;
static size_t code_cap, code_used, prologue_size;

static TranslationBlock *tb_hash[TB_HASH_SIZE];
static GPtrArray *all_tbs;          /* every live TB (freed at flush) */
static GHashTable *code_pages;      /* page number -> GPtrArray of TB * */
static uint32_t generation;         /* bumped by every flush (atomic) */
static bool flush_pending;          /* atomic */
/* Physical ranges whose code went stale while the big lock was held (a ROM
 * device switching modes, from its write callback): invalidating them there
 * would take tb_lock under the big lock, and a translation fetching from
 * MMIO takes them the other way round. So they queue here (pending_lock)
 * and the next lookup of any vCPU invalidates them; the TLB flush that
 * follows each such switch sends every vCPU back to its loop first. */
static GMutex pending_lock;
static GArray *pending_ranges;      /* uint64_t start, len pairs; pending_lock */
static bool inval_pending;          /* atomic */
static void code_changed(void *opaque, hwaddr start, uint64_t len);
/* Cumulative over the run (flushes included): for `info jit` and benchmarks. */
static uint64_t stat_tbs, stat_guest_insns, stat_host_bytes, stat_flushes, stat_page_checks,
                stat_invalidations;

/* Lookup and exit counters, per vCPU thread: the owner counts without a lock or a locked
 * instruction (a relaxed store of its own count + 1), tb_print_stats sums every thread's
 * with relaxed loads. The list of them changes under tb_lock. */
typedef struct LookupStats {
    uint64_t find, find_jc, find_hash;  /* tb_find (the run loop), found in the jump
                                         * cache, in the hash table (else translated) */
    uint64_t ptr, ptr_jc, ptr_hash;     /* helper_lookup_tb_ptr (indirect branches) */
    uint64_t exit_zero, exit_slot;      /* back in the loop: env->pc only, or an
                                         * unchained direct exit */
    uint64_t exit_req, exit_irq;        /* exit requests seen by the loop, interrupts taken */
    uint64_t jc_recheck;                /* jump cache hits from before a flush, checked */
} LookupStats;
static __thread LookupStats lstat;
static __thread bool lstat_listed;
static GPtrArray *lstat_threads;
#define LSTAT_INC(f) __atomic_store_n(&lstat.f, lstat.f + 1, __ATOMIC_RELAXED)

/* A jump cache entry stands for "pc with flags translates to tb->phys_pc, and tb is valid",
 * which holds until the CPU's TLB is flushed (a Linux guest flushes at every TTBR switch,
 * twice per system call with KPTI, and by page at every unmap) or a block is invalidated.
 * Each entry carries the tag it was filled under (the CPU's TLB flush count plus the
 * global count of invalidations, jc_tag) and is current while that is still the tag; an
 * older entry is checked (the block still valid, pc's code TLB entry, filled if need be,
 * still giving its physical PC) and tagged again, which spares the hash table's lock and
 * chains after every flush. The entry holds pc, flags and the host code itself, so an
 * indirect branch that hits reads one entry and not the block (a boot runs cold code: the
 * block's line is a cache miss). A block cache flush or another CPU on this thread clears
 * the whole cache. */
static __thread JmpCache jc_tls;
static __thread uint32_t jmp_cache_gen;
/* The tag the last jc_lookup saw: fills after it (the translation they looked up came
 * later) are tagged with it. A flush or an invalidation in between only makes the entry
 * stale early. */
static __thread uint32_t jmp_cache_tag;
/* Bumped (under tb_lock) after tb_invalidate_phys_range marked blocks invalid: an entry
 * filled before is checked again (atomic; read without the lock). */
static uint32_t inval_count;

const uint32_t *tb_inval_count(void)
{
    return &inval_count;
}
static __thread IRBlock thread_ir;
static __thread bool thread_ir_ready;

static inline uint32_t tb_hash_fn(uint64_t pc, uint64_t phys, uint32_t flags)
{
    uint64_t h = (pc >> 2) ^ (phys << 7) ^ ((uint64_t)flags << 28);
    h *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> (64 - TB_HASH_BITS));
}

static inline uint32_t jc_hash(uint64_t pc)
{
    return (uint32_t)(pc >> 2) & (JC_SIZE - 1);
}

uint32_t tb_generation(void)
{
    return __atomic_load_n(&generation, __ATOMIC_ACQUIRE);
}

static bool tb_is_invalid(const TranslationBlock *tb)
{
    return __atomic_load_n(&tb->invalid, __ATOMIC_ACQUIRE);
}

bool tb_init(size_t buffer_bytes, bool interp, GError **errp)
{
    use_interp = interp;
    as_add_code_listener(get_address_space_memory(), code_changed, NULL);
    all_tbs = g_ptr_array_new();
    code_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify)g_ptr_array_unref);
    if (interp) {
        return true;
    }
    code_cap = buffer_bytes;
    code_buf = mmap(NULL, code_cap, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (code_buf == MAP_FAILED) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                    "-accel tcg,tb-size=%zu: cannot map the code buffer: %s",
                    buffer_bytes >> 20, g_strerror(errno));
        code_buf = NULL;
        return false;
    }
    int n = x86_backend_prologue(code_buf, code_cap);
    if (n < 0) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-accel tcg,tb-size: the code buffer is too small");
        return false;
    }
    prologue_size = code_used = ((size_t)n + 63) & ~(size_t)63;
    return true;
}

static bool tb_matches(const TranslationBlock *tb, uint64_t pc, uint32_t flags)
{
    return tb && tb->pc == pc && tb->flags == flags && !tb_is_invalid(tb);
}

static bool block_paddr(CPUARMState *env, uint64_t pc, uint32_t flags, uint64_t *phys,
                        bool raise);

static inline uint32_t jc_tag(const CPUARMState *env)
{
    return __atomic_load_n(&env->tlb_flush_count, __ATOMIC_RELAXED) +
           __atomic_load_n(&inval_count, __ATOMIC_ACQUIRE);
}

/* The jump cache: no lock; pc is translated again only for an entry from before a flush
 * or an invalidation (never raising: a fault there is a miss). */
static const JmpCacheEntry *jc_lookup(CPUARMState *env, uint64_t pc, uint32_t flags)
{
    uint32_t tag = jc_tag(env);
    uint32_t gen = tb_generation();

    if (jmp_cache_gen != gen || jc_tls.owner != env) {
        memset(jc_tls.e, 0, sizeof(jc_tls.e));
        jmp_cache_gen = gen;
        jc_tls.owner = env;
        if (!lstat_listed) {
            g_rec_mutex_lock(&tb_lock);
            if (!lstat_threads) {
                lstat_threads = g_ptr_array_new();
            }
            g_ptr_array_add(lstat_threads, &lstat);
            g_rec_mutex_unlock(&tb_lock);
            lstat_listed = true;
        }
    }
    jmp_cache_tag = tag;
    env->jmp_cache = &jc_tls;           /* (a reset may have cleared it) */
    JmpCacheEntry *e = &jc_tls.e[jc_hash(pc)];
    if (!e->tb || e->pc != pc || e->flags != flags) {
        return NULL;
    }
    if (e->tag == tag) {
        return e;
    }
    uint64_t phys;
    if (!tb_is_invalid(e->tb) && block_paddr(env, pc, flags, &phys, false) &&
        phys == e->tb->phys_pc) {
        LSTAT_INC(jc_recheck);
        e->tag = tag;
        return e;
    }
    return NULL;
}

static void jc_fill(uint64_t pc, TranslationBlock *tb)
{
    jc_tls.e[jc_hash(pc)] = (JmpCacheEntry){ pc, tb, tb->code, tb->flags, jmp_cache_tag };
}

/* The hash table, by physical PC too; the chains are only changed under
 * the lock. */
static TranslationBlock *hash_lookup(uint64_t pc, uint64_t phys, uint32_t flags)
{
    TranslationBlock *tb;

    g_rec_mutex_lock(&tb_lock);
    for (tb = tb_hash[tb_hash_fn(pc, phys, flags)]; tb; tb = tb->hash_next) {
        if (tb_matches(tb, pc, flags) && tb->phys_pc == phys) {
            break;
        }
    }
    g_rec_mutex_unlock(&tb_lock);
    if (tb) {
        jc_fill(pc, tb);
    }
    return tb;
}

/* The physical PC a block at pc is keyed by: pc itself with the MMU off,
 * UINT64_MAX for a misaligned PC (its block only raises the PC alignment
 * fault, which comes before translation), else the code TLB's. */
static bool block_paddr(CPUARMState *env, uint64_t pc, uint32_t flags, uint64_t *phys,
                        bool raise)
{
    if (!(flags & TB_FLAG_MMU)) {
        *phys = pc;
        return true;
    }
    if (pc & 3) {
        *phys = UINT64_MAX;
        return true;
    }
    return tlb_code_paddr(env, pc, phys, raise);
}

/* Everything goes: TBs, chains, page marks, the code. Called with tb_lock
 * held and no other vCPU in generated code or the translator (through
 * cpu_exec_exclusive), from the run loop only (never from inside generated
 * code). */
static void do_flush(void)
{
    stat_flushes += all_tbs->len > 0;
    for (guint i = 0; i < all_tbs->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(all_tbs, i);
        g_slist_free(tb->jmp_incoming);
        if (tb->ir) {
            ir_block_free(tb->ir);
            g_free(tb->ir);
        }
        g_free(tb);
    }
    g_ptr_array_set_size(all_tbs, 0);
    memset(tb_hash, 0, sizeof(tb_hash));
    /* No page holds code any more: let writes take the fast path again. */
    g_hash_table_remove_all(code_pages);
    tlb_flush_all_cpus();
    code_used = prologue_size;
    __atomic_add_fetch(&generation, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&flush_pending, false, __ATOMIC_RELEASE);
    plugin_flush();
}

/* In the exclusive section: another vCPU may have flushed first. */
static void flush_if_pending(void)
{
    g_rec_mutex_lock(&tb_lock);
    if (__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE)) {
        do_flush();
    }
    g_rec_mutex_unlock(&tb_lock);
}

void tb_flush_all(void)
{
    /* Possibly called from a helper inside generated code, and other vCPUs
     * run theirs: the blocks must stay valid until every vCPU is out, so the
     * next lookup flushes (exclusively). */
    __atomic_store_n(&flush_pending, true, __ATOMIC_RELEASE);
}

static void page_add_tb(TranslationBlock *tb)
{
    uint64_t page = tb->phys_pc >> TARGET_PAGE_BITS;
    GPtrArray *list = g_hash_table_lookup(code_pages, &page);

    if (!list) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = page;
        list = g_ptr_array_new();
        g_hash_table_insert(code_pages, key, list);
        /* Writes to this page must now take the slow path (TLB_NOTDIRTY). */
        tlb_protect_code(page << TARGET_PAGE_BITS);
    }
    g_ptr_array_add(list, tb);
}

void tb_write_tag(uint64_t *tag, uint64_t value, uint64_t paddr)
{
    uint64_t page = paddr >> TARGET_PAGE_BITS;
    g_rec_mutex_lock(&tb_lock);
    if (code_pages && g_hash_table_contains(code_pages, &page)) {
        value |= TLB_NOTDIRTY;
    }
    __atomic_store_n(tag, value, __ATOMIC_RELEASE);
    g_rec_mutex_unlock(&tb_lock);
}

bool tb_page_has_code(uint64_t paddr)
{
    uint64_t page = paddr >> TARGET_PAGE_BITS;
    g_rec_mutex_lock(&tb_lock);
    bool r = code_pages && g_hash_table_contains(code_pages, &page);
    g_rec_mutex_unlock(&tb_lock);
    return r;
}

static void unlink_jump(TranslationBlock *from, int slot)
{
    TranslationBlock *dest = from->jmp_dest[slot];
    if (!dest) {
        return;
    }
    if (!use_interp) {
        x86_backend_patch_jump(from, slot, NULL);
    }
    __atomic_store_n(&from->jmp_dest[slot], NULL, __ATOMIC_RELEASE);
    dest->jmp_incoming = g_slist_remove(dest->jmp_incoming,
                                        (void *)((uintptr_t)from | (uintptr_t)slot));
}

static void tb_invalidate(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_hash[tb_hash_fn(tb->pc, tb->phys_pc, tb->flags)];

    __atomic_store_n(&tb->invalid, true, __ATOMIC_RELEASE);
    for (; *pp; pp = &(*pp)->hash_next) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            break;
        }
    }
    while (tb->jmp_incoming) {
        uintptr_t v = (uintptr_t)tb->jmp_incoming->data;
        unlink_jump((TranslationBlock *)(v & ~(uintptr_t)TB_EXIT_MASK), (int)(v & TB_EXIT_MASK));
    }
    unlink_jump(tb, 0);
    unlink_jump(tb, 1);
}

/* Drop the blocks of one code page that overlap [start, last]. */
static bool invalidate_in_page(uint64_t page, uint64_t start, uint64_t last)
{
    GPtrArray *list = g_hash_table_lookup(code_pages, &page);
    bool any = false;

    if (!list) {
        return false;
    }
    for (guint i = 0; i < list->len;) {
        TranslationBlock *tb = g_ptr_array_index(list, i);
        if (tb->phys_pc <= last && start < tb->phys_pc + tb->size) {
            tb_invalidate(tb);
            any = true;
            g_ptr_array_remove_index_fast(list, i);
        } else {
            i++;
        }
    }
    if (list->len == 0) {
        g_hash_table_remove(code_pages, &page);
    }
    return any;
}

void tb_invalidate_phys_range(uint64_t start, uint64_t len)
{
    if (!len) {
        return;
    }
    uint64_t last = start + len - 1;
    uint64_t first_page = start >> TARGET_PAGE_BITS, last_page = last >> TARGET_PAGE_BITS;
    bool any = false;
    g_rec_mutex_lock(&tb_lock);
    if (last_page - first_page < g_hash_table_size(code_pages)) {
        /* A store's few bytes: the pages themselves. */
        for (uint64_t page = first_page;; page++) {
            any |= invalidate_in_page(page, start, last);
            if (page == last_page) {
                break;
            }
        }
    } else {
        /* A ROM device's 16384 pages, most without code: the pages that have some. */
        g_autoptr(GArray) pages = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, code_pages);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            uint64_t page = *(uint64_t *)key;
            if (page >= first_page && page <= last_page) {
                g_array_append_val(pages, page);
            }
        }
        for (guint p = 0; p < pages->len; p++) {
            any |= invalidate_in_page(g_array_index(pages, uint64_t, p), start, last);
        }
    }
    if (any) {
        /* After the blocks' invalid flags: a jump cache that sees the new count sees them. */
        __atomic_add_fetch(&inval_count, 1, __ATOMIC_SEQ_CST);
        stat_invalidations++;
    }
    g_rec_mutex_unlock(&tb_lock);
}

/* The memory core's code listener (under the big lock): queue the range. */
static void code_changed(void *opaque, hwaddr start, uint64_t len)
{
    g_mutex_lock(&pending_lock);
    if (!pending_ranges) {
        pending_ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
    g_array_append_val(pending_ranges, start);
    g_array_append_val(pending_ranges, len);
    __atomic_store_n(&inval_pending, true, __ATOMIC_SEQ_CST);
    g_mutex_unlock(&pending_lock);
}

/* From the run loop, holding no lock. */
static void process_pending(void)
{
    g_autoptr(GArray) todo = NULL;

    g_mutex_lock(&pending_lock);
    todo = pending_ranges;
    pending_ranges = NULL;
    __atomic_store_n(&inval_pending, false, __ATOMIC_SEQ_CST);
    g_mutex_unlock(&pending_lock);
    for (guint i = 0; todo && i + 1 < todo->len; i += 2) {
        tb_invalidate_phys_range(g_array_index(todo, uint64_t, i),
                                 g_array_index(todo, uint64_t, i + 1));
    }
}

static void log_guest_code(CPUARMState *env, const IRBlock *b, uint64_t phys)
{
    GString *out = g_string_new("----------------\nIN: \n");
    uint8_t buf[4];
    for (uint32_t i = 0; i < b->guest_insns && phys != UINT64_MAX; i++) {
        uint64_t pc = b->pc + 4ull * i;
        if (as_read(get_address_space_memory(), phys + 4ull * i, buf, 4) != MEMTX_OK) {
            break;
        }
        disas_a64(out, pc, buf, 1, true);
    }
    g_string_append_c(out, '\n');
    log_printf("%s", out->str);
    g_string_free(out, TRUE);
}

static void log_ir(const char *title, const IRBlock *b)
{
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "%s: 0x%016" PRIx64 "\n", title, b->pc);
    ir_dump(b, out);
    g_string_append_c(out, '\n');
    log_printf("%s", out->str);
    g_string_free(out, TRUE);
}

static void log_host_code(const TranslationBlock *tb, const X86GenMarks *marks)
{
    GString *out = g_string_new(NULL);
    g_autofree uint32_t *off = g_new(uint32_t, marks->n + 1);
    g_autofree uint64_t *pcs = g_new(uint64_t, marks->n + 1);
    for (uint32_t i = 0; i < marks->n; i++) {
        off[i] = marks->m[i].host_off;
        pcs[i] = marks->m[i].guest_pc;
    }
    g_string_append_printf(out, "OUT: [size=%u]\n", tb->code_size);
    disas_host(out, tb->code, tb->code_size, off, pcs, marks->n);
    g_string_append_c(out, '\n');
    log_printf("%s", out->str);
    g_string_free(out, TRUE);
}

/* Generate host code for b into the buffer; false when it does not fit. */
static bool tb_gen_host(TranslationBlock *tb, const IRBlock *b, bool log_out)
{
    X86GenMarks marks = { 0 };
    int n = x86_backend_gen(b, tb, code_buf + code_used, code_cap - code_used,
                            log_out ? &marks : NULL);
    if (n < 0) {
        g_free(marks.m);
        return false;
    }
    tb->code = code_buf + code_used;
    tb->code_size = (uint32_t)n;
    code_used = (code_used + (size_t)n + 15) & ~(size_t)15;
    if (log_out) {
        log_host_code(tb, &marks);
    }
    g_free(marks.m);
    return true;
}

/* NULL when the buffer is full (flush_pending is then set) or the block
 * cannot be generated at all (*impossible). */
static TranslationBlock *tb_gen_code(CPUARMState *env, uint64_t pc, uint64_t phys,
                                     uint32_t flags, bool *impossible)
{
    IRBlock *b = &thread_ir;
    bool logged = log_in_filter(pc);

    if (!thread_ir_ready) {
        ir_block_init(b, pc, flags);
        thread_ir_ready = true;
    }
    a64_translate(b, env, pc, flags, (flags & (TB_FLAG_SS | TB_FLAG_SSTEP)) ? 1 : TB_MAX_INSNS);
    if (plugin_enabled) {
        plugin_gen_block(b, env);   /* no plugin: the block as the frontend made it */
    }
    if (logged && log_enabled(LOG_IN_ASM)) {
        log_guest_code(env, b, phys);
    }
    if (logged && log_enabled(LOG_OP)) {
        log_ir("OP", b);
    }
    if (log_enabled(LOG_IR_VERIFY)) {
        ir_verify(b);
    }
    ir_optimize(b);
    if (logged && log_enabled(LOG_OP_OPT)) {
        log_ir("OP after optimization", b);
    }
    if (log_enabled(LOG_IR_VERIFY)) {
        ir_verify(b);
    }

    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    tb->pc = pc;
    tb->phys_pc = phys;
    tb->flags = flags;
    tb->icount = b->guest_insns;
    tb->size = b->guest_size;
    tb->jmp_off[0] = tb->jmp_off[1] = UINT32_MAX;

    if (use_interp) {
        tb->ir = g_new0(IRBlock, 1);
        *tb->ir = *b;
        tb->ir->insts = g_memdup2(b->insts, sizeof(IRInst) * b->n);
        tb->ir->cap = b->n;
    } else {
        bool log_out = logged && log_enabled(LOG_OUT_ASM);
        if (!tb_gen_host(tb, b, log_out)) {
            g_free(tb);
            /* The buffer is full: the caller flushes it (exclusively) and
             * translates again; in an empty buffer it cannot fail but for
             * a block bigger than the buffer. */
            *impossible = code_used == prologue_size;
            if (!*impossible) {
                __atomic_store_n(&flush_pending, true, __ATOMIC_RELEASE);
            }
            return NULL;
        }
    }

    uint32_t h = tb_hash_fn(pc, phys, flags);
    /* Complete: from here other vCPUs may reach it, some through generated code. */
    tsan_release(tb);
    tb->hash_next = tb_hash[h];
    tb_hash[h] = tb;
    g_ptr_array_add(all_tbs, tb);
    stat_tbs++;
    stat_guest_insns += tb->icount;
    stat_host_bytes += tb->code_size;
    if (tb->size && phys != UINT64_MAX && as_is_memory(get_address_space_memory(), phys)) {
        page_add_tb(tb);
    }
    return tb;
}

TranslationBlock *tb_find(CPUARMState *env, uint64_t pc, uint32_t flags)
{
    LSTAT_INC(find);
    for (;;) {
        if (__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE)) {
            cpu_exec_exclusive(flush_if_pending);
        }
        if (__atomic_load_n(&inval_pending, __ATOMIC_ACQUIRE)) {
            process_pending();
        }
        const JmpCacheEntry *e = jc_lookup(env, pc, flags);
        if (e) {
            LSTAT_INC(find_jc);
            return e->tb;
        }
        uint64_t phys;
        block_paddr(env, pc, flags, &phys, true);      /* raises a fetch fault */
        TranslationBlock *tb = hash_lookup(pc, phys, flags);
        if (tb) {
            LSTAT_INC(find_hash);
            return tb;
        }
        bool impossible = false;
        g_rec_mutex_lock(&tb_lock);
        /* Another vCPU may have translated it meanwhile. */
        tb = hash_lookup(pc, phys, flags);
        if (!tb) {
            tb = tb_gen_code(env, pc, phys, flags, &impossible);
        }
        g_rec_mutex_unlock(&tb_lock);
        if (tb) {
            jc_fill(pc, tb);
            return tb;
        }
        if (impossible) {
            return NULL;
        }
    }
}

const void *helper_lookup_tb_ptr(CPUARMState *env)
{
    uint32_t flags;
    uint64_t phys;
    TranslationBlock *tb = NULL;

    if (use_interp || __atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE) ||
        __atomic_load_n(&inval_pending, __ATOMIC_ACQUIRE)) {
        return NULL;
    }
    flags = cpu_tb_flags(env);
    if (flags & TB_FLAG_SSTEP) {
        return NULL;            /* software step: through the run loop (cpu-exec.c) */
    }
    LSTAT_INC(ptr);
    const JmpCacheEntry *e = jc_lookup(env, env->pc, flags);
    if (e) {
        LSTAT_INC(ptr_jc);
        return e->code;
    }
    if (block_paddr(env, env->pc, flags, &phys, false)) {
        tb = hash_lookup(env->pc, phys, flags);
        if (tb) {
            LSTAT_INC(ptr_hash);
        }
    }
    return tb ? tb->code : NULL;
}

bool tb_may_chain(const TranslationBlock *from, const TranslationBlock *to)
{
    if (!((from->flags | to->flags) & TB_FLAG_MMU)) {
        return true;
    }
    return from->phys_pc != UINT64_MAX && to->phys_pc != UINT64_MAX &&
           ((from->phys_pc ^ to->phys_pc) & TARGET_PAGE_MASK) == 0 &&
           ((from->pc ^ to->pc) & TARGET_PAGE_MASK) == 0;
}

/* A chain across pages with the MMU on jumps through a check of the code
 * TLB (x86_backend_gen_page_check) placed in the code buffer; NULL when the
 * buffer has no room left (then no chain: the next flush makes room). */
static const uint8_t *page_check_stub(const TranslationBlock *to)
{
    int n = x86_backend_gen_page_check(code_buf + code_used, code_cap - code_used, to);
    if (n < 0) {
        return NULL;
    }
    const uint8_t *stub = code_buf + code_used;
    code_used = (code_used + (size_t)n + 15) & ~(size_t)15;
    stat_page_checks++;
    return stub;
}

void tb_add_jump(TranslationBlock *from, int slot, TranslationBlock *to)
{
    /* Without the lock first: the run loop comes here after every block, and
     * most exits are chained already or not chainable (a vCPU spinning
     * through the loop would otherwise keep tb_lock busy for the others). */
    if (__atomic_load_n(&from->jmp_dest[slot], __ATOMIC_ACQUIRE) ||
        (!use_interp && from->jmp_off[slot] == UINT32_MAX)) {
        return;
    }
    g_rec_mutex_lock(&tb_lock);
    if (!tb_is_invalid(from) && !tb_is_invalid(to) && !from->jmp_dest[slot] &&
        (use_interp || from->jmp_off[slot] != UINT32_MAX)) {
        if (!tb_may_chain(from, to)) {
            /* Across pages with the MMU on: only through the TLB check
             * (never in the interpreter, which does not follow chains). */
            const uint8_t *stub = NULL;
            if (!use_interp && to->phys_pc != UINT64_MAX && (from->flags & TB_FLAG_MMU)) {
                stub = page_check_stub(to);
            }
            if (!stub) {
                g_rec_mutex_unlock(&tb_lock);
                return;
            }
            x86_backend_patch_jump(from, slot, stub);
        } else if (!use_interp) {
            x86_backend_patch_jump(from, slot, to->code);
        }
        __atomic_store_n(&from->jmp_dest[slot], to, __ATOMIC_RELEASE);
        to->jmp_incoming = g_slist_prepend(to->jmp_incoming,
                                           (void *)((uintptr_t)from | (uintptr_t)slot));
    }
    g_rec_mutex_unlock(&tb_lock);
}

void tb_print_stats(GString *out)
{
    g_rec_mutex_lock(&tb_lock);
    g_string_append_printf(out, "Translation buffer: %zu KiB of %zu KiB used, %u TBs live, "
                           "%" PRIu64 " flushes\n",
                           (code_used - prologue_size) >> 10, code_cap >> 10,
                           all_tbs ? all_tbs->len : 0, stat_flushes);
    g_string_append_printf(out, "Translated: %" PRIu64 " TBs, %" PRIu64 " guest instructions, "
                           "%" PRIu64 " host bytes\n", stat_tbs, stat_guest_insns,
                           stat_host_bytes);
    g_string_append_printf(out, "Chains across pages through a TLB check: %" PRIu64 "; writes "
                           "to code that invalidated blocks: %" PRIu64 "\n", stat_page_checks,
                           stat_invalidations);
    LookupStats sum = { 0 };
    for (guint t = 0; lstat_threads && t < lstat_threads->len; t++) {
        const uint64_t *c = g_ptr_array_index(lstat_threads, t);
        for (size_t k = 0; k < sizeof(sum) / sizeof(uint64_t); k++) {
            ((uint64_t *)&sum)[k] += __atomic_load_n(&c[k], __ATOMIC_RELAXED);
        }
    }
    g_string_append_printf(out, "Run loop: %" PRIu64 " lookups (%" PRIu64 " jump cache, %" PRIu64
                           " hash table, %" PRIu64 " translated); back from a block: %" PRIu64
                           " unchained exits, %" PRIu64 " with the PC only; %" PRIu64
                           " exit requests, %" PRIu64 " interrupts taken\n",
                           sum.find, sum.find_jc, sum.find_hash,
                           sum.find - sum.find_jc - sum.find_hash, sum.exit_slot, sum.exit_zero,
                           sum.exit_req, sum.exit_irq);
    g_string_append_printf(out, "Indirect branches: %" PRIu64 " lookups (%" PRIu64 " jump cache, %"
                           PRIu64 " hash table, %" PRIu64 " back to the loop); jump cache "
                           "entries from before a flush found still good: %" PRIu64 "\n", sum.ptr,
                           sum.ptr_jc, sum.ptr_hash, sum.ptr - sum.ptr_jc - sum.ptr_hash,
                           sum.jc_recheck);
    tlb_print_stats(out);
    if (stat_guest_insns) {
        g_string_append_printf(out, "Host code per guest instruction: %.1f bytes; "
                               "guest instructions per TB: %.1f\n",
                               (double)stat_host_bytes / (double)stat_guest_insns,
                               (double)stat_guest_insns / (double)stat_tbs);
    }
    if (use_interp) {
        g_string_append(out, "Mode: IR interpreter (no host code)\n");
    }
    g_rec_mutex_unlock(&tb_lock);
}

void tb_count_exit(uintptr_t ret, bool req, bool irq)
{
    if (req) {
        LSTAT_INC(exit_req);
    }
    if (irq) {
        LSTAT_INC(exit_irq);
    }
    if (ret == 1) {
        return;             /* no block ran */
    }
    if (ret) {
        LSTAT_INC(exit_slot);
    } else {
        LSTAT_INC(exit_zero);
    }
}
