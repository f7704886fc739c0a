/* plugin-gen.c: instrumentation for plugins. After the frontend has translated a
 * block (and before the optimizer), plugin_gen_block shows its instructions to the
 * plugins' translation callbacks, then rewrites the block's IR with exactly what
 * they registered: after each instruction's IR_INSN_START its inline adds
 * (IR_PLUGIN_ADD) and exec callbacks (a helper call), and after each memory access
 * (IR_LD, IR_ST and the helpers that access memory themselves) its memory
 * callbacks. Only tb.c calls it, and only when a plugin is loaded. */
#include <string.h>
#include <a64emu-plugin.h>
#include "tcg/plugin.h"
#include "tcg/helpers.h"
#include "tcg/tb.h"
#include "tcg/tlb.h"

void plugin_set_current_tb(struct qemu_plugin_tb *tb);     /* plugin.c */

uint64_t helper_plugin_cb(CPUARMState *env, uint64_t fn, uint64_t udata)
{
    /* a64emu_plugin_read_xreg reads this vCPU's registers (written back: CALL_READS_REGS). */
    plugin_cb_ctx.env = env;
    ((qemu_plugin_vcpu_udata_cb_t)(uintptr_t)fn)(plugin_vcpu_index(env), (void *)(uintptr_t)udata);
    plugin_cb_ctx.env = NULL;
    return 0;
}

__thread bool plugin_excl_armed;

uint64_t helper_plugin_mem_cb(CPUARMState *env, uint64_t fn, uint64_t udata, uint64_t vaddr,
                              uint64_t info)
{
    /* qemu_plugin_get_hwaddr looks the access up in this vCPU's TLB. */
    plugin_cb_ctx.env = env;
    ((qemu_plugin_vcpu_mem_cb_t)(uintptr_t)fn)(plugin_vcpu_index(env), (qemu_plugin_meminfo_t)info,
                                               vaddr, (void *)(uintptr_t)udata);
    plugin_cb_ctx.env = NULL;
    return 0;
}

uint64_t helper_plugin_mem_excl_cb(CPUARMState *env, uint64_t fn, uint64_t udata, uint64_t vaddr,
                                   uint64_t info)
{
    return plugin_excl_armed ? helper_plugin_mem_cb(env, fn, udata, vaddr, info) : 0;
}

uint64_t helper_plugin_add_excl(CPUARMState *env, uint64_t ptr, uint64_t imm, uint64_t per_vcpu)
{
    if (plugin_excl_armed) {
        ((uint64_t *)(uintptr_t)ptr)[per_vcpu ? plugin_vcpu_index(env) : 0] += imm;
    }
    return 0;
}

/* A memory access of the IR: its address operand, MemOp, direction and MMU index. */
typedef struct MemAccess {
    IRVal addr;                 /* in the old numbering */
    unsigned memop;
    bool store;
    bool user;                  /* LDTR/STTR: EL0's MMU index */
    bool pair;                  /* LDXP/STXP */
    bool excl_store;            /* STXR/STXP: reported only if the monitor was armed */
} MemAccess;

static bool movi_value(const IRInst *old, IRVal x, uint64_t *v)
{
    if (x == IR_NONE || old[x].op != IR_MOVI) {
        return false;
    }
    *v = old[x].imm;
    return true;
}

static bool mem_access(const IRInst *old, const IRInst *in, MemAccess *m)
{
    uint64_t memop = 0;

    memset(m, 0, sizeof(*m));
    if (in->op == IR_LD || in->op == IR_ST) {
        m->addr = in->a;
        m->memop = (unsigned)in->imm;
        m->store = in->op == IR_ST;
        return true;
    }
    if (in->op != IR_CALL) {
        return false;
    }
    static const struct { HelperId id; int memop_arg; bool store, user, pair; } calls[] = {
        { HELPER_ldtr, 1, false, true, false },
        { HELPER_sttr, 2, true, true, false },
        { HELPER_ldxr, 1, false, false, false },
        { HELPER_stxr, 2, true, false, false },
        { HELPER_ldxp, 1, false, false, true },
        { HELPER_stxp, 3, true, false, true },
    };
    bool excl = in->imm == (uint64_t)(uintptr_t)helper_info[HELPER_stxr].fn ||
                in->imm == (uint64_t)(uintptr_t)helper_info[HELPER_stxp].fn;
    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        if (in->imm == (uint64_t)(uintptr_t)helper_info[calls[i].id].fn) {
            const IRVal args[4] = { in->a, in->b, in->c, in->d };
            if (!movi_value(old, args[calls[i].memop_arg], &memop)) {
                return false;
            }
            m->addr = in->a;
            m->memop = (unsigned)memop;
            m->store = calls[i].store;
            m->user = calls[i].user;
            m->pair = calls[i].pair;
            m->excl_store = excl;
            return true;
        }
    }
    return false;
}

/* The inline adds of inl (those whose direction is in rw_mask, for memory ones; 0: all);
 * cond: after a store-exclusive, done by a helper only if it accessed memory. */
static void gen_inlines(IRBlock *b, GArray *inl, int rw_mask, bool cond)
{
    for (guint i = 0; inl && i < inl->len; i++) {
        PluginInline *p = &g_array_index(inl, PluginInline, i);
        if (rw_mask && !(p->rw & rw_mask)) {
            continue;
        }
        IRVal ptr = ir_movi(b, (uint64_t)(uintptr_t)p->ptr), imm = ir_movi(b, p->imm);
        if (cond) {
            ir_call_helper(b, HELPER_plugin_add_excl, ptr, imm, ir_movi(b, p->per_vcpu));
        } else {
            ir_emit(b, IR_PLUGIN_ADD, 64, 0, ptr, imm, IR_NONE, IR_NONE, p->per_vcpu);
        }
    }
}

static void gen_exec_cbs(IRBlock *b, GArray *cbs)
{
    for (guint i = 0; cbs && i < cbs->len; i++) {
        PluginCB *cb = &g_array_index(cbs, PluginCB, i);
        ir_call_helper(b, HELPER_plugin_cb, ir_movi(b, (uint64_t)(uintptr_t)cb->fn),
                       ir_movi(b, (uint64_t)(uintptr_t)cb->udata));
    }
}

/* One access as the memory callbacks and inlines see it. */
static void gen_report(IRBlock *b, const struct qemu_plugin_insn *pi, IRVal addr, uint32_t info,
                       unsigned lg, bool store, bool cond)
{
    int rw = store ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;

    info |= lg | (store ? PLUGIN_MI_STORE : 0);
    gen_inlines(b, pi->mem_inl, rw, cond);
    for (guint i = 0; pi->mem_cbs && i < pi->mem_cbs->len; i++) {
        PluginCB *cb = &g_array_index(pi->mem_cbs, PluginCB, i);
        if (cb->rw & rw) {
            ir_call_helper_args(b, cond ? HELPER_plugin_mem_excl_cb : HELPER_plugin_mem_cb,
                                (const IRVal[]){ ir_movi(b, (uint64_t)(uintptr_t)cb->fn),
                                                 ir_movi(b, (uint64_t)(uintptr_t)cb->udata),
                                                 addr, ir_movi(b, info) }, 4);
        }
    }
}

/* The accesses of one memory operation, as QEMU 7.2 reports them: a pair of doublewords
 * (LDXP/STXP) as two accesses of 8 bytes, a pair of words as one; a store-exclusive as
 * the load and the store of its compare-and-swap, only when the monitor was armed. */
static void gen_mem(IRBlock *b, const struct qemu_plugin_insn *pi, const MemAccess *m,
                    IRVal addr)
{
    unsigned el = b->flags & TB_FLAG_EL_MASK;
    unsigned mmu = m->user || el == 0 ? MMU_IDX_EL0 : MMU_IDX_EL1;
    uint32_t info = ((m->memop & MO_SIGN) ? PLUGIN_MI_SIGN : 0) |
                    ((b->flags & TB_FLAG_BE) ? PLUGIN_MI_BE : 0) | mmu << PLUGIN_MI_MMU_SHIFT;
    unsigned lg = m->memop & MO_SIZE;
    bool two = m->pair && lg == MO_64;
    IRVal hi = two ? ir_bin(b, IR_ADD, 64, addr, ir_movi(b, 8)) : IR_NONE;

    if (m->pair) {
        lg = MO_64;
    }
    if (!m->excl_store) {
        gen_report(b, pi, addr, info, lg, m->store, false);
        if (two) {
            gen_report(b, pi, hi, info, lg, m->store, false);
        }
        return;
    }
    for (int store = 0; store < 2; store++) {
        gen_report(b, pi, addr, info, lg, store, true);
        if (two) {
            gen_report(b, pi, hi, info, lg, store, true);
        }
    }
}

/* Is the instruction at INSN_START i a real one? A gdb breakpoint's or a fetch
 * fault's stand-in runs no guest instruction (it runs again, or never). */
static bool is_stand_in(const IRBlock *b, uint32_t i)
{
    for (uint32_t j = i + 1; j < b->n; j++) {
        const IRInst *in = &b->insts[j];
        if (in->op == IR_MOVI) {
            continue;
        }
        return in->op == IR_CALL &&
               (in->imm == (uint64_t)(uintptr_t)helper_info[HELPER_debug_break].fn ||
                in->imm == (uint64_t)(uintptr_t)helper_info[HELPER_fetch_fault].fn);
    }
    return false;
}

static void free_lists(struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < tb->n; i++) {
        struct qemu_plugin_insn *pi = &tb->insns[i];
        GArray *lists[] = { pi->exec_cbs, pi->exec_inl, pi->mem_cbs, pi->mem_inl };
        for (size_t k = 0; k < G_N_ELEMENTS(lists); k++) {
            if (lists[k]) {
                g_array_free(lists[k], TRUE);
            }
        }
    }
    if (tb->exec_cbs) {
        g_array_free(tb->exec_cbs, TRUE);
    }
    if (tb->exec_inl) {
        g_array_free(tb->exec_inl, TRUE);
    }
    g_free(tb->insns);
}

void plugin_gen_block(IRBlock *b, CPUARMState *env)
{
    /* Software step's pending exception stands before any instruction. */
    if ((b->flags & TB_FLAG_SSTEP) && !(b->flags & TB_FLAG_PSTATE_SS)) {
        return;
    }
    struct qemu_plugin_tb tb = { .vaddr = b->pc };
    uint32_t n_starts = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        n_starts += b->insts[i].op == IR_INSN_START;
    }
    tb.insns = g_new0(struct qemu_plugin_insn, n_starts);
    /* Per INSN_START, in order: the plugin instruction it is, or -1. */
    int32_t *which = g_new(int32_t, n_starts);
    uint32_t k = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        uint32_t word;
        int excp;
        uint32_t syn;

        if (in->op != IR_INSN_START) {
            continue;
        }
        which[k] = -1;
        if (!is_stand_in(b, i) && cpu_fetch_insn(env, in->imm, &word, &excp, &syn)) {
            struct qemu_plugin_insn *pi = &tb.insns[tb.n];
            pi->vaddr = in->imm;
            for (int j = 0; j < 4; j++) {
                pi->data[j] = (uint8_t)(word >> (8 * j));
            }
            /* The fetch filled the code TLB: its entry gives the host address in RAM. */
            const TLBEntry *e = &env->tlb[cpu_mmu_index(env)][(in->imm >> TARGET_PAGE_BITS) &
                                                              (TLB_SIZE - 1)];
            if (e->addr_code == (in->imm & TARGET_PAGE_MASK)) {
                pi->haddr = (void *)(uintptr_t)(in->imm + e->addend);
            }
            which[k] = (int32_t)tb.n++;
        }
        k++;
    }
    if (tb.n) {
        plugin_set_current_tb(&tb);
        plugin_run_tb_trans(&tb);
        plugin_set_current_tb(NULL);
    }
    if (!tb.registered) {
        free_lists(&tb);
        g_free(which);
        return;
    }

    /* Re-emit the block with the instrumentation in place: operands are renumbered
     * (map), labels keep their ids. */
    uint32_t n_old = b->n;
    IRInst *old = g_memdup2(b->insts, sizeof(IRInst) * n_old);
    IRVal *map = g_new(IRVal, n_old);
    const struct qemu_plugin_insn *cur = NULL;
    bool first = true;

    b->n = 0;
    k = 0;
    for (uint32_t i = 0; i < n_old; i++) {
        const IRInst *in = &old[i];
        IRVal ops[4] = { in->a, in->b, in->c, in->d };
        for (int j = 0; j < 4; j++) {
            if (ops[j] != IR_NONE) {
                g_assert(ops[j] < i);
                ops[j] = map[ops[j]];
            }
        }
        map[i] = ir_emit(b, (IROp)in->op, in->sz, in->cond, ops[0], ops[1], ops[2], ops[3],
                         in->imm);
        MemAccess m;
        if (in->op == IR_INSN_START) {
            int32_t w = which[k++];
            cur = w >= 0 ? &tb.insns[w] : NULL;
            if (cur && first) {
                gen_inlines(b, tb.exec_inl, 0, false);
                gen_exec_cbs(b, tb.exec_cbs);
            }
            first = false;
            if (cur) {
                gen_inlines(b, cur->exec_inl, 0, false);
                gen_exec_cbs(b, cur->exec_cbs);
            }
        } else if (cur && (cur->mem_cbs || cur->mem_inl) && mem_access(old, in, &m)) {
            gen_mem(b, cur, &m, map[m.addr]);
        }
    }
    g_free(map);
    g_free(old);
    g_free(which);
    free_lists(&tb);
}
