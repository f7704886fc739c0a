/* x86-backend.c: the x86-64 code generator: an optimized IRBlock -> host code,
 * with guest registers cached in host registers, a linear-scan allocator for
 * SSA values, lazy flags from host EFLAGS, an inline TLB fast path and chainable exits. */
#include <cpuid.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "tcg/backend.h"
#include "tcg/helpers.h"
#include "core/log.h"
#include "x86-emit.h"

/*
 * Frame (below the six callee-saved pushes), RSP 16-byte aligned inside blocks:
 *   [rsp + SAVE_OFF + 8*r]   save area for host register r (slow paths, div/mul)
 *   [rsp + SLOT_OFF + 8*s]   spill slot s
 */
#define ENV         X86_RBX
#define TMP0        X86_R10
#define TMP1        X86_R11
#define SAVE_OFF    0
#define NSLOTS      256
#define SLOT_OFF    128
#define FRAME_SIZE  (SLOT_OFF + NSLOTS * 8 + 8)     /* 6 pushes + ret addr: keeps 16-alignment */

#define RBIT(r)     (1u << (r))
#define CALLER_SAVED (RBIT(X86_RAX) | RBIT(X86_RCX) | RBIT(X86_RDX) | RBIT(X86_RSI) | \
                      RBIT(X86_RDI) | RBIT(X86_R8) | RBIT(X86_R9))
#define CALLEE_SAVED (RBIT(X86_RBP) | RBIT(X86_R12) | RBIT(X86_R13) | RBIT(X86_R14) | \
                      RBIT(X86_R15))

static const X86Reg order_caller_first[] = {
    X86_RAX, X86_RCX, X86_RDX, X86_RSI, X86_RDI, X86_R8, X86_R9,
    X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15,
};
static const X86Reg order_callee_first[] = {
    X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_RAX, X86_RCX, X86_RDX, X86_RSI, X86_RDI, X86_R8, X86_R9,
};

#define ENV_OFF(f)      ((int32_t)offsetof(CPUARMState, f))
#define ENV_REG_OFF(r)  (ENV_OFF(regs) + 8 * (int32_t)(r))

/* The shared prologue/epilogue (written by x86_backend_prologue). */
static uintptr_t prologue_entry, epilogue_addr;
static unsigned host_features, host_features_avail;
static bool features_known;

/* ---- host features ---- */

static void set_vec_host(unsigned f);

static void detect_features(void)
{
    unsigned a, b, c, d, f = 0;

    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 3)) {
            f |= X86_FEAT_BMI1;
        }
        if (b & (1u << 8)) {
            f |= X86_FEAT_BMI2;
        }
        if (b & (1u << 29)) {
            f |= X86_FEAT_SHA;
        }
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & (1u << 5))) {
        f |= X86_FEAT_LZCNT;
    }
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        f |= (c & (1u << 19) ? X86_FEAT_SSE41 : 0) | (c & (1u << 20) ? X86_FEAT_SSE42 : 0) |
             (c & (1u << 25) ? X86_FEAT_AES : 0);
        /* FMA (bit 12) is VEX-encoded: usable when the OS saves the SSE and AVX state
         * (OSXSAVE, bit 27; XCR0 bits 1 and 2) */
        if ((c & (1u << 12)) && (c & (1u << 27))) {
            uint32_t lo, hi;
            __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            f |= (lo & 6) == 6 ? X86_FEAT_FMA : 0;
        }
    }
    host_features_avail = f;
    features_known = true;
    set_vec_host(f);
}

/* What the frontend may emit as IR_VOP (ir_vec_native) follows the features in use. */
static void set_vec_host(unsigned f)
{
    host_features = f;
    ir_vec_host = (f & X86_FEAT_SSE41 ? IRV_HOST_SSE41 : 0) | (f & X86_FEAT_SSE42 ? IRV_HOST_SSE42 : 0) |
                  (f & X86_FEAT_FMA ? IRV_HOST_FMA : 0) | (f & X86_FEAT_AES ? IRV_HOST_AES : 0) |
                  (f & X86_FEAT_SHA ? IRV_HOST_SHA : 0);
}

unsigned x86_backend_features(void)
{
    if (!features_known) {
        detect_features();
    }
    return host_features;
}

void x86_backend_set_features(unsigned mask)
{
    if (!features_known) {
        detect_features();
    }
    set_vec_host(mask & host_features_avail);
}

/* ---- runtime helpers called from generated code ---- */

/* NZCV from the lazy state in env (flags unknown at this point of the block). */
static uint64_t x86_helper_env_nzcv(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    return cpu_get_nzcv(env);
}

/* ---- prologue / entry / chaining ---- */

int x86_backend_prologue(uint8_t *buf, size_t cap)
{
    static const X86Reg saved[] = { X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15 };
    X86Emitter e;
    size_t epi;

    x86_backend_features();     /* CPUID at start-up: the frontend reads ir_vec_host */
    x86_init(&e, buf, cap);
    for (size_t i = 0; i < G_N_ELEMENTS(saved); i++) {
        x86_push(&e, saved[i]);
    }
    x86_alu_ri(&e, X86_SUB, 64, X86_RSP, FRAME_SIZE);
    x86_mov_rr(&e, 64, ENV, X86_RDI);
    x86_jmp_r(&e, X86_RSI);
    x86_align(&e, 16);
    epi = x86_offset(&e);
    x86_alu_ri(&e, X86_ADD, 64, X86_RSP, FRAME_SIZE);
    for (size_t i = G_N_ELEMENTS(saved); i-- > 0;) {
        x86_pop(&e, saved[i]);
    }
    x86_ret(&e);
    x86_align(&e, 16);
    if (x86_failed(&e)) {
        x86_destroy(&e);
        return -1;
    }
    prologue_entry = (uintptr_t)buf;
    epilogue_addr = (uintptr_t)buf + epi;
    int n = (int)x86_offset(&e);
    x86_destroy(&e);
    __builtin___clear_cache((char *)buf, (char *)buf + n);
    return n;
}

uintptr_t x86_backend_enter(CPUARMState *env, const void *code)
{
    uintptr_t (*fn)(CPUARMState *, const void *) = (void *)prologue_entry;

    if (!fn || !code) {
        return 0;
    }
    return fn(env, code);
}

void x86_backend_patch_jump(TranslationBlock *tb, int slot, const uint8_t *dest)
{
    if (!tb || !tb->code || slot < 0 || slot > 1 || tb->jmp_off[slot] == UINT32_MAX) {
        return;
    }
    uint8_t *at = tb->code + tb->jmp_off[slot];
    uintptr_t target = dest ? (uintptr_t)dest : (uintptr_t)(tb->code + tb->jmp_reset[slot]);
    x86_jump_slot_set(at, (uintptr_t)at, target);
}

int x86_backend_gen_page_check(uint8_t *buf, size_t cap, const TranslationBlock *to)
{
    int mmu = (to->flags & TB_FLAG_EL_MASK) != 0;
    unsigned idx = (unsigned)(to->pc >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
    int32_t code_tag = ENV_OFF(tlb) + (int32_t)((mmu * TLB_SIZE + idx) * sizeof(TLBEntry)) +
                       (int32_t)offsetof(TLBEntry, addr_code);
    int32_t paddr = ENV_OFF(tlb_full) + (int32_t)((mmu * TLB_SIZE + idx) * sizeof(TLBEntryFull)) +
                    (int32_t)offsetof(TLBEntryFull, paddr);
    X86Emitter e;
    X86Label miss;
    int n = -1;

    if (!epilogue_addr || !to->code) {
        return -1;
    }
    x86_init(&e, buf, cap);
    miss = x86_label_new(&e);
    /* RAX is free at an exit: it only carries the exit value to the epilogue. */
    x86_mov_ri(&e, 64, X86_RAX, to->pc & TARGET_PAGE_MASK);
    x86_alu_rm(&e, X86_CMP, 64, X86_RAX, x86_mem(ENV, code_tag));
    x86_jcc_label(&e, X86_CC_NE, miss);
    x86_mov_ri(&e, 64, X86_RAX, to->phys_pc & TARGET_PAGE_MASK);
    x86_alu_rm(&e, X86_CMP, 64, X86_RAX, x86_mem(ENV, paddr));
    x86_jcc_label(&e, X86_CC_NE, miss);
    x86_jmp_far(&e, (uintptr_t)to->code, TMP0);
    x86_label_bind(&e, miss);
    /* The code TLB entry is gone (a data access to a page at the same index replaced it,
     * a flush) or maps elsewhere: env->pc is set and the guest registers are in env, as
     * at an indirect branch, so look the target up as one does (its jump cache entry
     * says whether the mapping still holds) rather than go back to the run loop. */
    X86Label loop = x86_label_new(&e);
    x86_mov_rr(&e, 64, X86_RDI, ENV);
    x86_call_far(&e, (uintptr_t)helper_lookup_tb_ptr, TMP0);
    x86_test_rr(&e, 64, X86_RAX, X86_RAX);
    x86_jcc_label_short(&e, X86_CC_E, loop);
    x86_jmp_r(&e, X86_RAX);
    x86_label_bind(&e, loop);
    x86_jmp_far(&e, epilogue_addr, TMP0);   /* RAX 0: back to the loop */
    if (!x86_failed(&e)) {
        n = (int)x86_offset(&e);
        __builtin___clear_cache((char *)buf, (char *)buf + n);
    }
    x86_destroy(&e);
    return n;
}

/* ---- the generator's state ---- */

typedef struct Opnd {
    bool imm;
    int32_t i;
    X86Reg r;
} Opnd;

typedef struct Val {
    int8_t reg;         /* host register, -1 if none */
    int16_t slot;       /* spill slot, -1 if none */
    bool is_const;      /* rematerializable: k */
    bool across_call;   /* live across a helper call: prefer callee-saved */
    bool released;
    uint64_t k;
    uint32_t last;      /* index of the last use */
    IRVal alias;        /* same content as this value (GET_REG of a cached register, MOV) */
} Val;

typedef struct SlowPath {
    X86Label entry, ret;
    bool store;
    uint8_t memop;
    int8_t addr, val, dst;      /* host registers (val -1: val_imm) */
    uint64_t val_imm;
    uint16_t save_mask;
    uint64_t pc;
    int8_t wb[GR_COUNT];        /* dirty guest registers to write back: host reg or -1 */
} SlowPath;

typedef struct Gen {
    X86Emitter e;
    const IRBlock *b;
    TranslationBlock *tb;
    Val *v;
    uint32_t zero;              /* index of a pseudo value: constant 0 */
    IRVal reg_val[16];
    int8_t reg_guest[16];
    int8_t guest_reg[GR_COUNT];
    bool guest_dirty[GR_COUNT];
    uint8_t slot_used[NSLOTS];
    uint16_t lock;
    uint32_t cur;
    uint64_t cur_pc;
    /* lazy flags: the current IR_SETFLAGS, and whose flags are in host EFLAGS */
    bool fl_known;
    uint8_t fl_kind, fl_sz;
    IRVal fl_a, fl_b;
    uint32_t fl_idx, host_fl;
    X86Reg fl_ra;               /* flag operands fetched by flags_prepare */
    struct Opnd fl_ob;
    bool unreachable;
    bool failed;
    bool nochain;
    unsigned feat;
    X86Label *labels;
    X86Label exit_req;
    GArray *slow;
    uint32_t jmp_off[2], jmp_reset[2];
} Gen;

#define E (&g->e)

/* The Gen of this thread's translations and its arrays' capacity (in elements): kept from
 * one block to the next, as allocating and growing them for each block was a tenth of a
 * Linux boot (about 60k blocks). Per thread: each vCPU thread translates on its own. */
typedef struct GenScratch {
    Gen g;
    bool ready;                 /* g.e's arrays and g.slow exist */
    uint32_t v_cap, labels_cap, calls_cap;
    uint32_t *calls;            /* liveness: helper calls before each instruction */
} GenScratch;
static __thread GenScratch gen_scratch;

/* *p holds at least n elements of size bytes (grown, never shrunk; contents not kept). */
static void *scratch_reserve(void *p, uint32_t *cap, uint32_t n, size_t size)
{
    if (n > *cap) {
        *cap = MAX(n, *cap * 2);
        g_free(p);
        p = g_malloc_n(*cap, size);
    }
    return p;
}

enum { XC_ALWAYS = 16, XC_NEVER = 17 };

static inline X86Mem env_mem(int32_t off) { return x86_mem(ENV, off); }
static inline X86Mem slot_mem(int s) { return x86_mem(X86_RSP, SLOT_OFF + 8 * s); }
static inline X86Mem save_mem(int r) { return x86_mem(X86_RSP, SAVE_OFF + 8 * r); }

static inline bool fits_s32(uint64_t k) { return (int64_t)k == (int32_t)k; }

static IRVal res(Gen *g, IRVal x)
{
    while (g->v[x].alias != x) {
        x = g->v[x].alias;
    }
    return x;
}

/* Malformed IR (ir_verify names the problem): an assertion, never a guess. */
static G_NORETURN void malformed(Gen *g, const char *what)
{
    g_autofree char *at = g_strdup_printf(g->cur < g->b->n ? "instruction %u"
                                          : "end of block (%u instructions)", g->cur);
    g_error("x86 backend: block at 0x%" G_GINT64_MODIFIER "x, %s: %s", (guint64)g->b->pc, at, what);
}

/* An operand field as a value index: an absent operand (IR_NONE) reads as 0. */
static IRVal opv(Gen *g, IRVal x)
{
    if (x == IR_NONE) {
        return g->zero;
    }
    if (x >= g->cur) {
        malformed(g, "an operand is not defined before its use");
    }
    return res(g, x);
}

static inline bool reg_busy(Gen *g, int r)
{
    return g->reg_val[r] != IR_NONE || g->reg_guest[r] >= 0;
}

static int slot_alloc(Gen *g)
{
    for (int s = 0; s < NSLOTS; s++) {
        if (!g->slot_used[s]) {
            g->slot_used[s] = 1;
            return s;
        }
    }
    g->failed = true;
    return 0;
}

/* Store a 64-bit immediate to memory (movs only: never touches EFLAGS). */
static void store_imm64(Gen *g, X86Mem m, uint64_t k)
{
    if (fits_s32(k)) {
        x86_store_imm(E, 64, m, (int32_t)k);
    } else {
        x86_mov_ri(E, 64, TMP0, k);
        x86_store(E, 64, m, TMP0);
    }
}

static void guest_writeback(Gen *g, int gr)
{
    if (g->guest_reg[gr] >= 0 && g->guest_dirty[gr]) {
        x86_store(E, 64, env_mem(ENV_REG_OFF(gr)), g->guest_reg[gr]);
    }
    g->guest_dirty[gr] = false;
}

static void guest_unbind(Gen *g, int gr)
{
    int h = g->guest_reg[gr];
    if (h >= 0) {
        g->reg_guest[h] = -1;
    }
    g->guest_reg[gr] = -1;
    g->guest_dirty[gr] = false;
}

/* Write back every dirty cached guest register (they stay cached, clean). */
static void sync_guest(Gen *g)
{
    for (int gr = 0; gr < GR_COUNT; gr++) {
        guest_writeback(g, gr);
    }
}

/* Move value x out of its register into its spill slot (or nowhere if constant). */
static void spill_value(Gen *g, IRVal x)
{
    Val *v = &g->v[x];
    int r = v->reg;

    if (r < 0) {
        return;
    }
    if (!v->is_const && v->slot < 0 && v->last >= g->cur) {
        v->slot = slot_alloc(g);
        x86_store(E, 64, slot_mem(v->slot), r);
    }
    v->reg = -1;
    g->reg_val[r] = IR_NONE;
}

static void evict(Gen *g, int r)
{
    if (g->reg_guest[r] >= 0) {
        int gr = g->reg_guest[r];
        guest_writeback(g, gr);
        guest_unbind(g, gr);
    }
    if (g->reg_val[r] != IR_NONE) {
        spill_value(g, g->reg_val[r]);
    }
}

/* A free host register, evicting the cheapest occupant if needed (movs only). */
static int pick_reg(Gen *g, bool callee_first, int hint)
{
    const X86Reg *order = callee_first ? order_callee_first : order_caller_first;
    int best = -1, best_cost = INT32_MAX;

    if (hint >= 0 && hint < 16 && !reg_busy(g, hint) && !(g->lock & RBIT(hint))) {
        return hint;
    }
    for (int i = 0; i < 12; i++) {
        int r = order[i];
        if (!reg_busy(g, r) && !(g->lock & RBIT(r))) {
            return r;
        }
    }
    for (int i = 0; i < 12; i++) {
        int r = order[i], cost = 0;
        if (g->lock & RBIT(r)) {
            continue;
        }
        if (g->reg_guest[r] >= 0) {
            cost += g->guest_dirty[g->reg_guest[r]] ? 2000 : 1000;
        }
        if (g->reg_val[r] != IR_NONE) {
            Val *v = &g->v[g->reg_val[r]];
            cost += (v->is_const || v->slot >= 0) ? 1500 : 3000;
            cost -= (int)MIN(v->last - g->cur, 999u);  /* furthest use goes first */
        }
        if (cost < best_cost) {
            best_cost = cost;
            best = r;
        }
    }
    if (best < 0) {
        g->failed = true;
        return X86_RAX;
    }
    evict(g, best);
    return best;
}

/* Value x in a host register (loaded or materialized), locked for this instruction. */
static X86Reg val_reg(Gen *g, IRVal x)
{
    Val *v = &g->v[x];
    int r;

    if (v->reg >= 0) {
        g->lock |= RBIT(v->reg);
        return v->reg;
    }
    r = pick_reg(g, v->across_call, -1);
    if (v->is_const) {
        x86_mov_ri(E, 64, r, v->k);
    } else if (v->slot >= 0) {
        x86_load(E, 64, r, slot_mem(v->slot));
    } else {
        malformed(g, "a value is used where it has no location");
    }
    v->reg = r;
    g->reg_val[r] = x;
    g->lock |= RBIT(r);
    return r;
}


/* A source operand for an sz-bit ALU op: an immediate when it fits. */
static Opnd val_opnd(Gen *g, IRVal x, int sz)
{
    Val *v = &g->v[x];
    if (v->is_const && v->reg < 0 && (sz == 32 || fits_s32(v->k))) {
        return (Opnd){ .imm = true, .i = (int32_t)v->k };
    }
    return (Opnd){ .r = val_reg(g, x) };
}

/* Release x if this instruction is its last use (its register may then be reused). */
static void release(Gen *g, IRVal x)
{
    Val *v = &g->v[x];
    if (x == g->zero || v->released || v->last > g->cur) {
        return;
    }
    v->released = true;
    if (v->reg >= 0) {
        g->lock &= ~RBIT(v->reg);
        g->reg_val[v->reg] = IR_NONE;
        v->reg = -1;
    }
    if (v->slot >= 0) {
        g->slot_used[v->slot] = 0;
        v->slot = -1;
    }
}

/* Give the value defined by the current instruction a register. */
static X86Reg def_reg(Gen *g, int hint)
{
    IRVal x = g->cur;
    Val *v = &g->v[x];
    int r = pick_reg(g, v->across_call, hint);

    v->is_const = false;
    v->reg = r;
    g->reg_val[r] = x;
    g->lock |= RBIT(r);
    return r;
}

/* Put the result in a specific register (after a call: RAX). */
static void def_fixed(Gen *g, X86Reg r)
{
    IRVal x = g->cur;
    Val *v = &g->v[x];

    if (reg_busy(g, r)) {
        evict(g, r);
    }
    v->is_const = false;
    v->reg = r;
    g->reg_val[r] = x;
}

static void alu_op(Gen *g, X86Alu op, int sz, X86Reg dst, Opnd s)
{
    if (s.imm) {
        x86_alu_ri(E, op, sz, dst, s.i);
    } else {
        x86_alu_rr(E, op, sz, dst, s.r);
    }
}

static void jmp_epilogue(Gen *g)
{
    if (!epilogue_addr) {
        g->failed = true;
        return;
    }
    x86_jmp_far(E, epilogue_addr, TMP0);
}

static void return_zero(Gen *g)
{
    x86_zero(E, X86_RAX);
    jmp_epilogue(g);
}

/* ---- helper calls ---- */

typedef struct ArgSrc {
    int kind;           /* 0 register, 1 slot, 2 immediate */
    int reg;
    uint64_t k;
} ArgSrc;

static ArgSrc arg_src(Gen *g, IRVal x)
{
    Val *v = &g->v[x];
    if (v->reg >= 0) {
        return (ArgSrc){ .kind = 0, .reg = v->reg };
    }
    if (v->is_const) {
        return (ArgSrc){ .kind = 2, .k = v->k };
    }
    if (v->slot < 0) {
        malformed(g, "a value is used where it has no location");
    }
    return (ArgSrc){ .kind = 1, .reg = v->slot };
}

/* Move register sources into RSI/RDX/RCX/R8 in parallel, then slots and immediates. */
static void place_args(Gen *g, ArgSrc *src, int n)
{
    static const X86Reg dst[IR_CALL_MAX_ARGS] = { X86_RSI, X86_RDX, X86_RCX, X86_R8 };
    bool done[IR_CALL_MAX_ARGS] = { false };
    int left = 0;

    for (int i = 0; i < n; i++) {
        if (src[i].kind == 0 && src[i].reg == (int)dst[i]) {
            done[i] = true;
        } else if (src[i].kind == 0) {
            left++;
        }
    }
    while (left > 0) {
        bool progress = false;
        for (int i = 0; i < n; i++) {
            if (done[i] || src[i].kind != 0) {
                continue;
            }
            bool blocked = false;
            for (int j = 0; j < n; j++) {
                if (j != i && !done[j] && src[j].kind == 0 && src[j].reg == (int)dst[i]) {
                    blocked = true;
                }
            }
            if (!blocked) {
                x86_mov_rr(E, 64, dst[i], src[i].reg);
                done[i] = true;
                left--;
                progress = true;
            }
        }
        if (!progress) {
            /* A cycle: park one source in the scratch register. */
            for (int i = 0; i < n; i++) {
                if (!done[i] && src[i].kind == 0) {
                    x86_mov_rr(E, 64, TMP0, src[i].reg);
                    src[i].reg = TMP0;
                    break;
                }
            }
        }
    }
    for (int i = 0; i < n; i++) {
        if (src[i].kind == 1) {
            x86_load(E, 64, dst[i], slot_mem(src[i].reg));
        } else if (src[i].kind == 2) {
            x86_mov_ri(E, 64, dst[i], src[i].k);
        }
    }
}

/*
 * Call fn(env, args...). Caller-saved registers are emptied first (live values
 * spilled, cached guest registers written back and dropped); callee-saved
 * ones survive. flags are IRCallFlags.
 */
static void emit_call(Gen *g, uintptr_t fn, ArgSrc *args, int nargs, unsigned flags)
{
    if (flags & (CALL_READS_REGS | CALL_WRITES_REGS | CALL_MAY_RAISE | CALL_NORETURN)) {
        sync_guest(g);
    }
    if (flags & (CALL_MAY_RAISE | CALL_NORETURN)) {
        store_imm64(g, env_mem(ENV_OFF(pc)), g->cur_pc);
    }
    for (int r = 0; r < 16; r++) {
        if ((CALLER_SAVED & RBIT(r)) && reg_busy(g, r)) {
            evict(g, r);
        }
    }
    g->lock &= ~CALLER_SAVED;
    place_args(g, args, nargs);
    x86_mov_rr(E, 64, X86_RDI, ENV);
    x86_call_far(E, fn, TMP0);
    if (flags & CALL_WRITES_REGS) {
        for (int gr = 0; gr < GR_COUNT; gr++) {
            guest_unbind(g, gr);
        }
        g->fl_known = false;
    }
    g->host_fl = UINT32_MAX;
}

/* ---- flags ---- */

/* Load NZCV (masked) into TMP1 from a CC_NZCV value or from env via a helper. */
static void nzcv_to_tmp1_from_env(Gen *g)
{
    emit_call(g, (uintptr_t)x86_helper_env_nzcv, NULL, 0, 0);
    x86_mov_rr(E, 32, TMP1, X86_RAX);
}

/* Conditions over NZCV held in TMP1 (bits 31..28, other bits clear). */
static int nzcv_cond(Gen *g, ArmCond c)
{
    int base;
    switch (c >> 1) {
    case 0: x86_test_ri(E, 32, TMP1, 1 << 30); base = X86_CC_NE; break;
    case 1: x86_test_ri(E, 32, TMP1, 1 << 29); base = X86_CC_NE; break;
    case 2: x86_test_ri(E, 32, TMP1, (int32_t)0x80000000u); base = X86_CC_NE; break;
    case 3: x86_test_ri(E, 32, TMP1, 1 << 28); base = X86_CC_NE; break;
    case 4:     /* HI = C && !Z; test for LS = !C || Z */
        x86_mov_rr(E, 32, TMP0, TMP1);
        x86_shift_ri(E, X86_SHL, 32, TMP0, 1);
        x86_alu_ri(E, X86_XOR, 32, TMP0, 1 << 30);
        x86_test_ri(E, 32, TMP0, (int32_t)0xc0000000u);
        base = X86_CC_E;
        break;
    case 5:     /* GE = N == V */
        x86_mov_rr(E, 32, TMP0, TMP1);
        x86_shift_ri(E, X86_SHL, 32, TMP0, 3);
        x86_alu_rr(E, X86_XOR, 32, TMP0, TMP1);
        x86_test_ri(E, 32, TMP0, (int32_t)0x80000000u);
        base = X86_CC_E;
        break;
    case 6:     /* GT = !Z && N == V */
        x86_mov_rr(E, 32, TMP0, TMP1);
        x86_shift_ri(E, X86_SHL, 32, TMP0, 3);
        x86_alu_rr(E, X86_XOR, 32, TMP0, TMP1);
        x86_test_ri(E, 32, TMP0, (int32_t)0xc0000000u);
        base = X86_CC_E;
        break;
    default:
        return XC_ALWAYS;
    }
    return (c & 1) ? (base ^ 1) : base;
}

/* Does the condition need the flag operands (false when it is constant)? */
static bool cond_is_const(Gen *g, ArmCond c)
{
    if (c >= ARM_AL) {
        return true;
    }
    if (g->fl_known && g->fl_kind == CC_LOGIC) {
        int k = c >> 1;
        return k == 1 || k == 3 || k == 4;
    }
    return false;
}

/*
 * Phase 1 of a flag consumer: make the flag operands available (fetching
 * them, or calling the NZCV helper when the flags are unknown). Must run
 * before any other operand of the consumer is fetched.
 */
static void flags_prepare(Gen *g, ArmCond c, bool want_nzcv)
{
    if (!want_nzcv && cond_is_const(g, c)) {
        return;
    }
    if (!g->fl_known) {
        nzcv_to_tmp1_from_env(g);
        return;
    }
    if (g->host_fl == g->fl_idx && g->fl_kind != CC_NZCV) {
        return;
    }
    g->fl_ra = val_reg(g, g->fl_a);
    if (g->fl_kind == CC_SUB || g->fl_kind == CC_ADD) {
        g->fl_ob = val_opnd(g, g->fl_b, g->fl_sz);
    }
}

/* Set host EFLAGS from the current SETFLAGS (SUB: as cmp; ADD: as add; LOGIC: as test). */
static void flags_materialize(Gen *g)
{
    int sz = g->fl_sz;
    X86Reg ra;

    if (g->host_fl == g->fl_idx) {
        return;
    }
    ra = g->fl_ra;
    switch (g->fl_kind) {
    case CC_SUB:
        alu_op(g, X86_CMP, sz, ra, g->fl_ob);
        break;
    case CC_ADD:
        x86_mov_rr(E, sz, TMP1, ra);
        alu_op(g, X86_ADD, sz, TMP1, g->fl_ob);
        break;
    default:
        x86_test_rr(E, sz, ra, ra);
        break;
    }
    g->host_fl = g->fl_idx;
}

/* Phase 2: emit the flag test; returns an X86Cond or XC_ALWAYS/XC_NEVER. */
static int flags_cond(Gen *g, ArmCond c)
{
    static const int8_t sub_map[7] = {
        X86_CC_E, X86_CC_AE, X86_CC_S, X86_CC_O, X86_CC_A, X86_CC_GE, X86_CC_G,
    };
    int k = c >> 1, base;

    if (c >= ARM_AL) {
        return XC_ALWAYS;
    }
    if (!g->fl_known) {
        return nzcv_cond(g, c);
    }
    switch (g->fl_kind) {
    case CC_SUB:
        flags_materialize(g);
        base = sub_map[k];
        break;
    case CC_ADD:
        flags_materialize(g);
        if (k == 4) {
            /* HI = C && !Z: with CF complemented it is x86 "above". */
            x86_cmc(E);
            g->host_fl = UINT32_MAX;
            base = X86_CC_A;
        } else {
            base = k == 1 ? X86_CC_B : sub_map[k];
        }
        break;
    case CC_LOGIC:
        if (k == 1 || k == 3 || k == 4) {   /* C = V = 0: CS, VS, HI never */
            return (c & 1) ? XC_ALWAYS : XC_NEVER;
        }
        flags_materialize(g);
        base = sub_map[k];                  /* OF = CF = 0 after test */
        break;
    default:
        x86_mov_rr(E, 32, TMP1, g->fl_ra);
        x86_alu_ri(E, X86_AND, 32, TMP1, (int32_t)0xf0000000u);
        return nzcv_cond(g, c);
    }
    return (c & 1) ? (base ^ 1) : base;
}

/* ---- memory ---- */

static void emit_mem(Gen *g, const IRInst *in, bool store)
{
    unsigned memop = (unsigned)in->imm & 0xff;
    int size = 1 << (memop & MO_SIZE), bits = 8 * size;
    int mmu = (g->b->flags & TB_FLAG_EL_MASK) != 0;
    int32_t tlb = ENV_OFF(tlb) + mmu * (int32_t)(TLB_SIZE * sizeof(TLBEntry));
    int32_t tag = store ? (int32_t)offsetof(TLBEntry, addr_write)
                        : (int32_t)offsetof(TLBEntry, addr_read);
    IRVal xa = opv(g, in->a), xv = store ? opv(g, in->b) : IR_NONE;
    SlowPath sp = { .store = store, .memop = memop, .val = -1, .dst = -1, .pc = g->cur_pc };
    X86Reg ra, rd = X86_RAX;
    Opnd sv = { 0 };

    ra = val_reg(g, xa);
    if (store) {
        Val *v = &g->v[xv];
        if (v->is_const && v->reg < 0 && (bits < 64 || fits_s32(v->k))) {
            sv = (Opnd){ .imm = true, .i = (int32_t)v->k };
        } else {
            sv.r = val_reg(g, xv);
        }
    }
    release(g, xa);
    if (store) {
        release(g, xv);
    } else {
        rd = def_reg(g, -1);
    }

    sp.entry = x86_label_new(E);
    sp.ret = x86_label_new(E);
    sp.addr = ra;
    sp.val = store && !sv.imm ? (int)sv.r : -1;
    sp.val_imm = (uint64_t)(int64_t)sv.i;
    sp.dst = store ? -1 : (int)rd;
    for (int r = 0; r < 16; r++) {
        if ((CALLER_SAVED & RBIT(r)) && reg_busy(g, r) && r != sp.dst) {
            sp.save_mask |= RBIT(r);
        }
    }
    for (int gr = 0; gr < GR_COUNT; gr++) {
        sp.wb[gr] = g->guest_dirty[gr] ? g->guest_reg[gr] : -1;
    }

    /* TMP0 = &env->tlb[mmu][page & (TLB_SIZE - 1)] - env - tlb */
    x86_mov_rr(E, 64, TMP0, ra);
    x86_shift_ri(E, X86_SHR, 64, TMP0, TARGET_PAGE_BITS - 5);
    x86_alu_ri(E, X86_AND, 32, TMP0, (TLB_SIZE - 1) << 5);
    if ((memop & MO_ALIGN) && size > 1) {
        /* Aligned accesses never cross a page. */
        x86_test_ri(E, 32, ra, size - 1);
        x86_jcc_label(E, X86_CC_NE, sp.entry);
        x86_mov_rr(E, 64, TMP1, ra);
    } else if (size > 1) {
        x86_lea(E, 64, TMP1, x86_mem(ra, size - 1));
    } else {
        x86_mov_rr(E, 64, TMP1, ra);
    }
    x86_alu_ri(E, X86_AND, 64, TMP1, (int32_t)TARGET_PAGE_MASK);
    x86_alu_rm(E, X86_CMP, 64, TMP1, x86_mem_idx(ENV, TMP0, 1, tlb + tag));
    x86_jcc_label(E, X86_CC_NE, sp.entry);
    x86_load(E, 64, TMP1, x86_mem_idx(ENV, TMP0, 1, tlb + (int32_t)offsetof(TLBEntry, addend)));
    X86Mem hm = x86_mem_idx(ra, TMP1, 1, 0);
    if (store) {
        if (sv.imm) {
            x86_store_imm(E, bits, hm, sv.i);
        } else {
            x86_store(E, bits, hm, sv.r);
        }
        if (memop & MO_ACQ) {
            x86_mfence(E);      /* store-release then load-acquire must not reorder */
        }
    } else if (bits == 64) {
        x86_load(E, 64, rd, hm);
    } else if (memop & MO_SIGN) {
        x86_load_sx(E, 64, bits, rd, hm);
    } else if (bits == 32) {
        x86_load(E, 32, rd, hm);
    } else {
        x86_load_zx(E, 32, bits, rd, hm);
    }
    x86_label_bind(E, sp.ret);
    g_array_append_val(g->slow, sp);
}

static void emit_slow_path(Gen *g, const SlowPath *sp)
{
    x86_label_bind(E, sp->entry);
    for (int r = 0; r < 16; r++) {
        if (sp->save_mask & RBIT(r)) {
            x86_store(E, 64, save_mem(r), r);
        }
    }
    for (int gr = 0; gr < GR_COUNT; gr++) {
        if (sp->wb[gr] >= 0) {
            x86_store(E, 64, env_mem(ENV_REG_OFF(gr)), sp->wb[gr]);
        }
    }
    x86_mov_rr(E, 64, TMP0, sp->addr);
    if (sp->store) {
        if (sp->val >= 0) {
            x86_mov_rr(E, 64, TMP1, sp->val);
        } else {
            x86_mov_ri(E, 64, TMP1, sp->val_imm);
        }
    }
    if (fits_s32(sp->pc)) {
        x86_store_imm(E, 64, env_mem(ENV_OFF(pc)), (int32_t)sp->pc);
    } else {
        x86_mov_ri(E, 64, X86_RAX, sp->pc);
        x86_store(E, 64, env_mem(ENV_OFF(pc)), X86_RAX);
    }
    x86_mov_rr(E, 64, X86_RDI, ENV);
    x86_mov_rr(E, 64, X86_RSI, TMP0);
    if (sp->store) {
        x86_mov_rr(E, 64, X86_RDX, TMP1);
        x86_mov_ri(E, 32, X86_RCX, sp->memop);
        x86_call_far(E, (uintptr_t)helper_st, TMP0);
    } else {
        x86_mov_ri(E, 32, X86_RDX, sp->memop);
        x86_mov_ri(E, 32, X86_RCX, 0);
        x86_call_far(E, (uintptr_t)helper_ld, TMP0);
        x86_mov_rr(E, 64, TMP1, X86_RAX);
    }
    for (int r = 0; r < 16; r++) {
        if (sp->save_mask & RBIT(r)) {
            x86_load(E, 64, r, save_mem(r));
        }
    }
    if (!sp->store) {
        x86_mov_rr(E, 64, sp->dst, TMP1);
    }
    x86_jmp_label(E, sp->ret);
}

/* ---- value ops ---- */

/* Save RAX/RDX around mul/div when they hold something other than dst. */
static uint16_t save_raxrdx(Gen *g, X86Reg dst)
{
    uint16_t m = 0;
    static const X86Reg rr[2] = { X86_RAX, X86_RDX };
    for (int i = 0; i < 2; i++) {
        if (rr[i] != dst && reg_busy(g, rr[i])) {
            x86_store(E, 64, save_mem(rr[i]), rr[i]);
            m |= RBIT(rr[i]);
        }
    }
    return m;
}

static void restore_regs(Gen *g, uint16_t m)
{
    for (int r = 0; r < 16; r++) {
        if (m & RBIT(r)) {
            x86_load(E, 64, r, save_mem(r));
        }
    }
}

/* Load an operand into a scratch register at width sz (zero-extended). */
static void to_tmp(Gen *g, X86Reg t, int sz, IRVal x)
{
    Val *v = &g->v[x];
    if (v->reg >= 0) {
        x86_mov_rr(E, sz, t, v->reg);
    } else if (v->is_const) {
        x86_mov_ri(E, 64, t, sz == 32 ? (uint32_t)v->k : v->k);
    } else if (v->slot >= 0) {
        x86_load(E, sz, t, slot_mem(v->slot));
    } else {
        malformed(g, "a value is used where it has no location");
    }
}

static void emit_shift(Gen *g, const IRInst *in, IRVal xa, IRVal xb)
{
    int sz = in->sz == 32 ? 32 : 64;
    X86Shift sh = in->op == IR_SHL ? X86_SHL : in->op == IR_SHR ? X86_SHR
                : in->op == IR_SAR ? X86_SAR : X86_ROR;
    Val *vb = &g->v[xb];
    X86Reg ra = val_reg(g, xa), rb = X86_NOREG, rd;

    if (vb->is_const && vb->reg < 0) {
        unsigned cnt = vb->k & (sz - 1);
        release(g, xa);
        rd = def_reg(g, ra);
        if (cnt && sh == X86_ROR && (g->feat & X86_FEAT_BMI2)) {
            x86_rorx(E, sz, rd, ra, cnt);
            return;
        }
        if (rd != ra || sz == 32) {
            x86_mov_rr(E, sz, rd, ra);
        }
        if (cnt) {
            x86_shift_ri(E, sh, sz, rd, cnt);
        }
        return;
    }
    rb = val_reg(g, xb);
    release(g, xa);
    release(g, xb);
    rd = def_reg(g, ra);
    if (sh != X86_ROR && (g->feat & X86_FEAT_BMI2)) {
        if (sh == X86_SHL) {
            x86_shlx(E, sz, rd, ra, rb);
        } else if (sh == X86_SHR) {
            x86_shrx(E, sz, rd, ra, rb);
        } else {
            x86_sarx(E, sz, rd, ra, rb);
        }
        return;
    }
    x86_mov_rr(E, sz, TMP0, ra);
    if (rb == X86_RCX) {
        x86_shift_cl(E, sh, sz, TMP0);
    } else {
        x86_mov_rr(E, 64, TMP1, X86_RCX);
        x86_mov_rr(E, 32, X86_RCX, rb);
        x86_shift_cl(E, sh, sz, TMP0);
        x86_mov_rr(E, 64, X86_RCX, TMP1);
    }
    x86_mov_rr(E, 64, rd, TMP0);
}

static void emit_divmul(Gen *g, const IRInst *in, IRVal xa, IRVal xb)
{
    int sz = in->sz == 32 ? 32 : 64;
    X86Reg rd;
    uint16_t saved;

    to_tmp(g, TMP0, sz, xa);
    to_tmp(g, TMP1, sz, xb);
    release(g, xa);
    release(g, xb);
    rd = def_reg(g, -1);
    if ((in->op == IR_MULHU || in->op == IR_MULHS) && sz == 32) {
        if (in->op == IR_MULHS) {
            x86_movsx_rr(E, 64, 32, TMP0, TMP0);
            x86_movsx_rr(E, 64, 32, TMP1, TMP1);
        }
        x86_imul_rr(E, 64, TMP0, TMP1);
        x86_shift_ri(E, in->op == IR_MULHS ? X86_SAR : X86_SHR, 64, TMP0, 32);
        x86_mov_rr(E, 32, rd, TMP0);
        return;
    }
    saved = save_raxrdx(g, rd);
    if (in->op == IR_MULHU || in->op == IR_MULHS) {
        x86_mov_rr(E, 64, X86_RAX, TMP0);
        if (in->op == IR_MULHU) {
            x86_mul(E, 64, TMP1);
        } else {
            x86_imul1(E, 64, TMP1);
        }
        x86_mov_rr(E, 64, TMP0, X86_RDX);
    } else {
        /* A64: x / 0 = 0 and INT_MIN / -1 = INT_MIN; the host would fault on both. */
        X86Label zero = x86_label_new(E), neg = x86_label_new(E), done = x86_label_new(E);
        x86_test_rr(E, sz, TMP1, TMP1);
        x86_jcc_label_short(E, X86_CC_E, zero);
        if (in->op == IR_DIVS) {
            x86_alu_ri(E, X86_CMP, sz, TMP1, -1);
            x86_jcc_label_short(E, X86_CC_E, neg);
        }
        x86_mov_rr(E, 64, X86_RAX, TMP0);
        if (in->op == IR_DIVS) {
            x86_cdq_cqo(E, sz);
            x86_idiv(E, sz, TMP1);
        } else {
            x86_zero(E, X86_RDX);
            x86_div(E, sz, TMP1);
        }
        x86_mov_rr(E, 64, TMP0, X86_RAX);
        x86_jmp_label_short(E, done);
        x86_label_bind(E, zero);
        x86_zero(E, TMP0);
        if (in->op == IR_DIVS) {
            x86_jmp_label_short(E, done);
            x86_label_bind(E, neg);
            x86_neg(E, sz, TMP0);
        } else {
            x86_label_bind(E, neg);
        }
        x86_label_bind(E, done);
    }
    restore_regs(g, saved);
    x86_mov_rr(E, 64, rd, TMP0);
}

static void emit_rbit(Gen *g, int sz, X86Reg rd)
{
    static const uint64_t masks[3] = {
        0x0f0f0f0f0f0f0f0full, 0x3333333333333333ull, 0x5555555555555555ull,
    };
    static const int shifts[3] = { 4, 2, 1 };

    /* TMP0 holds the input; rd is free to hold the mask. */
    x86_bswap(E, sz, TMP0);
    for (int i = 0; i < 3; i++) {
        x86_mov_rr(E, sz, TMP1, TMP0);
        x86_shift_ri(E, X86_SHR, sz, TMP1, shifts[i]);
        if (sz == 32) {
            x86_alu_ri(E, X86_AND, 32, TMP1, (int32_t)(uint32_t)masks[i]);
            x86_alu_ri(E, X86_AND, 32, TMP0, (int32_t)(uint32_t)masks[i]);
        } else {
            x86_mov_ri(E, 64, rd, masks[i]);
            x86_alu_rr(E, X86_AND, 64, TMP1, rd);
            x86_alu_rr(E, X86_AND, 64, TMP0, rd);
        }
        x86_shift_ri(E, X86_SHL, sz, TMP0, shifts[i]);
        x86_alu_rr(E, X86_OR, sz, TMP0, TMP1);
    }
    x86_mov_rr(E, 64, rd, TMP0);
}

/* rd = low n bits of TMP0 at width sz, zero- or sign-extended; TMP0 already zero-extended. */
static void ext_bits(Gen *g, int sz, X86Reg rd, unsigned n, bool sign)
{
    if (n >= (unsigned)sz) {
        x86_mov_rr(E, sz, rd, TMP0);
    } else if (n == 8 || n == 16) {
        if (sign) {
            x86_movsx_rr(E, sz, n, rd, TMP0);
        } else {
            x86_movzx_rr(E, 32, n, rd, TMP0);
        }
    } else if (n == 32) {       /* sz 64 */
        if (sign) {
            x86_movsx_rr(E, 64, 32, rd, TMP0);
        } else {
            x86_mov_rr(E, 32, rd, TMP0);
        }
    } else if (!sign && n <= 31) {
        x86_mov_rr(E, 32, rd, TMP0);
        x86_alu_ri(E, X86_AND, 32, rd, (int32_t)((1u << n) - 1));
    } else {
        x86_shift_ri(E, X86_SHL, sz, TMP0, sz - n);
        x86_shift_ri(E, sign ? X86_SAR : X86_SHR, sz, TMP0, sz - n);
        x86_mov_rr(E, sz, rd, TMP0);
    }
}

static void emit_bitfield(Gen *g, const IRInst *in, IRVal xa, IRVal xb)
{
    int sz = in->sz == 32 ? 32 : 64;
    unsigned pos = in->imm & 0xff, len = (in->imm >> 8) & 0xff, n;
    X86Reg rd;

    if (in->op == IR_EXTU || in->op == IR_EXTS) {
        n = in->imm == 0 ? 64 : (unsigned)MIN(in->imm, 64);
        to_tmp(g, TMP0, sz, xa);
        release(g, xa);
        rd = def_reg(g, -1);
        ext_bits(g, sz, rd, n, in->op == IR_EXTS);
        return;
    }
    if (len == 0) {
        len = 64;
    }
    if (in->op == IR_DEPOSIT) {
        uint64_t m = sz == 32 ? 0xffffffffull : UINT64_MAX;
        uint64_t fm = pos >= 64 ? 0 : ((len >= 64 ? UINT64_MAX : (1ull << len) - 1) << pos) & m;
        to_tmp(g, TMP0, sz, xb);
        X86Reg ra = val_reg(g, xa);
        release(g, xa);
        release(g, xb);
        rd = def_reg(g, ra);
        if (fm == 0) {
            if (rd != ra || sz == 32) {
                x86_mov_rr(E, sz, rd, ra);
            }
            return;
        }
        if (pos) {
            x86_shift_ri(E, X86_SHL, sz, TMP0, pos);
        }
        x86_mov_ri(E, sz, TMP1, fm);
        x86_alu_rr(E, X86_AND, sz, TMP0, TMP1);
        x86_not(E, sz, TMP1);
        if (rd != ra) {
            x86_mov_rr(E, sz, rd, ra);
        }
        x86_alu_rr(E, X86_AND, sz, rd, TMP1);
        x86_alu_rr(E, X86_OR, sz, rd, TMP0);
        return;
    }
    /* EXTRACT / SEXTRACT */
    to_tmp(g, TMP0, sz, xa);
    release(g, xa);
    rd = def_reg(g, -1);
    if (pos >= (unsigned)sz) {
        x86_mov_ri(E, 32, rd, 0);
        return;
    }
    if (len >= (unsigned)sz - pos) {
        /* The field reaches bit sz-1: only that bit can be its sign. */
        bool sar = in->op == IR_SEXTRACT && len == (unsigned)sz - pos;
        if (pos) {
            x86_shift_ri(E, sar ? X86_SAR : X86_SHR, sz, TMP0, pos);
        }
        x86_mov_rr(E, sz, rd, TMP0);
        return;
    }
    if (pos == 0) {
        ext_bits(g, sz, rd, len, in->op == IR_SEXTRACT);
        return;
    }
    if (in->op == IR_EXTRACT && len <= 31) {
        x86_shift_ri(E, X86_SHR, sz, TMP0, pos);
        x86_mov_rr(E, 32, rd, TMP0);
        x86_alu_ri(E, X86_AND, 32, rd, (int32_t)((1u << len) - 1));
        return;
    }
    if (sz - pos - len) {
        x86_shift_ri(E, X86_SHL, sz, TMP0, sz - pos - len);
    }
    x86_shift_ri(E, in->op == IR_SEXTRACT ? X86_SAR : X86_SHR, sz, TMP0, sz - len);
    x86_mov_rr(E, sz, rd, TMP0);
}

static const int8_t ircond_map[12] = {
    [IRC_EQ] = X86_CC_E, [IRC_NE] = X86_CC_NE, [IRC_LTU] = X86_CC_B, [IRC_GEU] = X86_CC_AE,
    [IRC_LEU] = X86_CC_BE, [IRC_GTU] = X86_CC_A, [IRC_LT] = X86_CC_L, [IRC_GE] = X86_CC_GE,
    [IRC_LE] = X86_CC_LE, [IRC_GT] = X86_CC_G, [IRC_TSTEQ] = X86_CC_E, [IRC_TSTNE] = X86_CC_NE,
};

/* Fetched compare operands; emit the compare later with emit_cmp. */
typedef struct CmpOps {
    int sz;
    bool a_const;
    uint64_t ka;
    X86Reg ra;
    Opnd b;
} CmpOps;

static CmpOps fetch_cmp(Gen *g, int sz, IRVal xa, IRVal xb)
{
    CmpOps c = { .sz = sz };
    Val *va = &g->v[xa];
    if (va->is_const && va->reg < 0) {
        c.a_const = true;
        c.ka = va->k;
    } else {
        c.ra = val_reg(g, xa);
    }
    c.b = val_opnd(g, xb, sz);
    return c;
}

/* Returns the X86Cond. */
static int emit_cmp(Gen *g, CmpOps *c, unsigned cond)
{
    X86Reg ra = c->ra;
    if (cond > IRC_TSTNE) {
        malformed(g, "no IRCond");
    }
    if (c->a_const) {
        x86_mov_ri(E, 64, TMP1, c->ka);
        ra = TMP1;
    }
    if (cond == IRC_TSTEQ || cond == IRC_TSTNE) {
        if (c->b.imm) {
            x86_test_ri(E, c->sz, ra, c->b.i);
        } else {
            x86_test_rr(E, c->sz, ra, c->b.r);
        }
    } else {
        alu_op(g, X86_CMP, c->sz, ra, c->b);
    }
    return ircond_map[cond];
}

/* rd = cc ? 1 : 0 (no flags touched after the test). */
static void set_from_cond(Gen *g, X86Reg rd, int cc)
{
    if (cc == XC_ALWAYS || cc == XC_NEVER) {
        x86_mov_ri(E, 32, rd, cc == XC_ALWAYS);
        return;
    }
    x86_setcc(E, cc, rd);
    x86_movzx_rr(E, 32, 8, rd, rd);
}

/* rd = cc ? rt : rf at width sz; the flags are already set. */
static void select_regs(Gen *g, int sz, X86Reg rd, int cc, X86Reg rt, X86Reg rf)
{
    if (cc == XC_ALWAYS || cc == XC_NEVER || rt == rf) {
        x86_mov_rr(E, sz, rd, cc == XC_NEVER ? rf : rt);
    } else if (rd == rt) {
        x86_cmov_rr(E, cc ^ 1, sz, rd, rf);
    } else {
        if (rd != rf) {
            x86_mov_rr(E, sz, rd, rf);
        }
        x86_cmov_rr(E, cc, sz, rd, rt);
    }
}

/* Constants of the FP check, per precision (16-byte aligned memory operands). */
static const struct {
    uint64_t abs[2], minnorm[2], inf[2], sign[2];
} __attribute__((aligned(16))) vfp_const[2] = {
    { { 0x7fffffff7fffffffull, 0x7fffffff7fffffffull }, { 0x0080000000800000ull, 0x0080000000800000ull },
      { 0x7f8000007f800000ull, 0x7f8000007f800000ull }, { 0x8000000080000000ull, 0x8000000080000000ull } },
    { { 0x7fffffffffffffffull, 0x7fffffffffffffffull }, { 0x0010000000000000ull, 0x0010000000000000ull },
      { 0x7ff0000000000000ull, 0x7ff0000000000000ull }, { 0x8000000000000000ull, 0x8000000000000000ull } },
};

/* The slow path of an inline FP IR_VOP: the precise definition. */
static void vfop_slow(CPUARMState *env, uint64_t desc)
{
    ir_vec_run(env, desc);
}

/* An FP IR_VOP (FADD..FMLS). Inline: the SSE operation on the used lanes (the others zero:
 * movq/movd loads; scalar forms use ss/sd), kept only if FPCR is RN without FZ, FPSR.IXC
 * is already set and every used result lane is normal (strictly between the smallest
 * normal and infinity: a NaN, an infinity, a zero or a denormal could carry a flag or an
 * Arm-specific value, x86's flags are not read); then the only flag the operation can
 * raise is inexact, already set, and the result is the IEEE one Arm gives too. Otherwise
 * (rare in steady state) vfop_slow, out of line in the same stream, saving the
 * caller-saved registers (nothing lives in XMM between IR instructions). */
static void emit_vfop(Gen *g, uint64_t desc)
{
    X86Emitter *e = E;
    unsigned op = IRV_OP(desc), esz = IRV_ESZ(desc), sh = IRV_SHIFT(desc), dbl = esz == 3;
    bool scalar = sh & IRV_FP_SCALAR, elem = sh & IRV_FP_ELEM;
    unsigned width = scalar ? 4u << dbl : IRV_Q(desc) ? 16 : 8, form = scalar ? 2 + dbl : dbl;
    unsigned used = scalar ? 1 : (width / 4) >> dbl;            /* lanes of the result */
    int32_t base = ENV_OFF(vregs);
    X86Mem vn = env_mem(base + 16 * (int32_t)IRV_N(desc)), vm = env_mem(base + 16 * (int32_t)IRV_M(desc));
    X86Mem vd = env_mem(base + 16 * (int32_t)IRV_D(desc));
    const X86Xmm x0 = X86_XMM0, x1 = X86_XMM1, x2 = X86_XMM2, x3 = X86_XMM3;
    X86SseOp ld = width == 16 ? X86_MOVDQA_LD : width == 8 ? X86_MOVQ_X : X86_MOVD_LD;
    X86Label slow = x86_label_new(e), done = x86_label_new(e);
    bool fused = op == IRV_FMLA || op == IRV_FMLS;

    x86_test_mi(e, 32, env_mem(ENV_OFF(fpcr)), (int32_t)(FPCR_FZ | 3u << FPCR_RMODE_SHIFT));
    x86_jcc_label(e, X86_CC_NE, slow);
    x86_test_mi(e, 32, env_mem(ENV_OFF(fpsr)), FPSR_IXC);
    x86_jcc_label(e, X86_CC_E, slow);
    x86_mov_ri(e, 64, TMP1, (uint64_t)(uintptr_t)&vfp_const[dbl]);
    x86_sse_rm(e, ld, x0, vn);
    if (elem) {                 /* Vm[index] in every lane */
        unsigned i = sh & 3;
        x86_sse_rmi(e, X86_PSHUFD, x1, vm, (uint8_t)(dbl ? (i ? 0xee : 0x44) : i * 0x55));
    } else {
        x86_sse_rm(e, ld, x1, vm);
    }
    X86Mem m1 = x86_mem(TMP1, 0);
    if (fused) {
        if (op == IRV_FMLS) {
            m1.disp = (int32_t)offsetof(__typeof__(vfp_const[0]), sign);
            x86_sse_rm(e, X86_SSE_FP(X86_XORPS, dbl), x0, m1);
        }
        x86_sse_rm(e, ld, x2, vd);
        x86_vfmadd231(e, dbl, scalar, x2, x0, x1);
        x86_sse_rr(e, X86_MOVAPS, x0, x2);
    } else {
        static const X86SseOp arith[] = { X86_ADDPS, X86_SUBPS, X86_MULPS, X86_DIVPS };
        x86_sse_rr(e, X86_SSE_FP(arith[op - IRV_FADD], form), x0, x1);
    }
    if (width == 8) {
        x86_sse_rr(e, X86_MOVQ_X, x0, x0);      /* the top half of a 64-bit vector */
    }
    /* normal lanes: !(|r| <= minnorm) (true for NaN too) and |r| < inf (false for NaN) */
    x86_sse_rr(e, X86_MOVAPS, x3, x0);
    m1.disp = (int32_t)offsetof(__typeof__(vfp_const[0]), abs);
    x86_sse_rm(e, X86_SSE_FP(X86_ANDPS, dbl), x3, m1);
    x86_sse_rr(e, X86_MOVAPS, x2, x3);
    m1.disp = (int32_t)offsetof(__typeof__(vfp_const[0]), minnorm);
    x86_sse_rmi(e, X86_SSE_FP(X86_CMPPS, dbl), x2, m1, 6);      /* NLE */
    m1.disp = (int32_t)offsetof(__typeof__(vfp_const[0]), inf);
    x86_sse_rmi(e, X86_SSE_FP(X86_CMPPS, dbl), x3, m1, 1);      /* LT */
    x86_sse_rr(e, X86_SSE_FP(X86_ANDPS, dbl), x3, x2);
    x86_sse_rr(e, X86_SSE_FP(X86_MOVMSKPS, dbl), (X86Xmm)TMP0, x3);
    x86_alu_ri(e, X86_AND, 32, TMP0, (int32_t)((1u << used) - 1));
    x86_alu_ri(e, X86_CMP, 32, TMP0, (int32_t)((1u << used) - 1));
    x86_jcc_label(e, X86_CC_NE, slow);
    x86_sse_rm(e, X86_MOVDQA_ST, x0, vd);
    x86_jmp_label(e, done);
    x86_label_bind(e, slow);
    for (int r = 0; r < 16; r++) {
        if (CALLER_SAVED & RBIT(r)) {
            x86_store(e, 64, save_mem(r), r);
        }
    }
    x86_mov_rr(e, 64, X86_RDI, ENV);
    x86_mov_ri(e, 64, X86_RSI, desc);
    x86_call_far(e, (uintptr_t)vfop_slow, TMP0);
    for (int r = 0; r < 16; r++) {
        if (CALLER_SAVED & RBIT(r)) {
            x86_load(e, 64, r, save_mem(r));
        }
    }
    x86_label_bind(e, done);
}

/* pshufb masks of REV16 (bytes), REV32 (bytes, halves), REV64 (bytes, halves, words). */
static const uint8_t rev_mask[6][16] __attribute__((aligned(16))) = {
    { 0x1, 0x0, 0x3, 0x2, 0x5, 0x4, 0x7, 0x6, 0x9, 0x8, 0xb, 0xa, 0xd, 0xc, 0xf, 0xe },
    { 0x3, 0x2, 0x1, 0x0, 0x7, 0x6, 0x5, 0x4, 0xb, 0xa, 0x9, 0x8, 0xf, 0xe, 0xd, 0xc },
    { 0x2, 0x3, 0x0, 0x1, 0x6, 0x7, 0x4, 0x5, 0xa, 0xb, 0x8, 0x9, 0xe, 0xf, 0xc, 0xd },
    { 0x7, 0x6, 0x5, 0x4, 0x3, 0x2, 0x1, 0x0, 0xf, 0xe, 0xd, 0xc, 0xb, 0xa, 0x9, 0x8 },
    { 0x6, 0x7, 0x4, 0x5, 0x2, 0x3, 0x0, 0x1, 0xe, 0xf, 0xc, 0xd, 0xa, 0xb, 0x8, 0x9 },
    { 0x4, 0x5, 0x6, 0x7, 0x0, 0x1, 0x2, 0x3, 0xc, 0xd, 0xe, 0xf, 0x8, 0x9, 0xa, 0xb },
};

/* REV* (pshufb) and the AES and SHA-256 steps with AES-NI and SHA-NI, as crypto_op's host
 * paths do them (tcg/helper-crypto.c explains the mappings). Sources are loaded before
 * Vd is stored, so Vd may be a source. */
static void emit_vcrypto(Gen *g, uint64_t desc)
{
    X86Emitter *e = E;
    unsigned op = IRV_OP(desc);
    int32_t base = ENV_OFF(vregs);
    X86Mem vn = env_mem(base + 16 * (int32_t)IRV_N(desc)), vm = env_mem(base + 16 * (int32_t)IRV_M(desc));
    X86Mem vd = env_mem(base + 16 * (int32_t)IRV_D(desc));
    const X86Xmm x0 = X86_XMM0, x1 = X86_XMM1, x2 = X86_XMM2, x3 = X86_XMM3;
    X86Xmm out = x0;

    switch (op) {
    case IRV_REV: {
        unsigned c = IRV_SHIFT(desc), k = c == 1 ? 0 : c == 2 ? 1 + IRV_ESZ(desc) : 3 + IRV_ESZ(desc);
        x86_mov_ri(e, 64, TMP1, (uint64_t)(uintptr_t)rev_mask[k]);
        x86_sse_rm(e, IRV_Q(desc) ? X86_MOVDQA_LD : X86_MOVQ_X, x0, vn);
        x86_sse_rm(e, X86_PSHUFB, x0, x86_mem(TMP1, 0));
        break;
    }
    case IRV_AESE: case IRV_AESD:
        x86_sse_rm(e, X86_MOVDQA_LD, x0, vd);
        x86_sse_rm(e, X86_PXOR, x0, vn);
        x86_sse_rr(e, X86_PXOR, x1, x1);
        x86_sse_rr(e, op == IRV_AESE ? X86_AESENCLAST : X86_AESDECLAST, x0, x1);
        break;
    case IRV_AESMC:             /* AESENC(AESDECLAST(x, 0), 0): MixColumns alone */
        x86_sse_rm(e, X86_MOVDQA_LD, x0, vn);
        x86_sse_rr(e, X86_PXOR, x1, x1);
        x86_sse_rr(e, X86_AESDECLAST, x0, x1);
        x86_sse_rr(e, X86_AESENC, x0, x1);
        break;
    case IRV_AESIMC:
        x86_sse_rm(e, X86_AESIMC, x0, vn);
        break;
    case IRV_SHA256H: case IRV_SHA256H2: {
        bool h = op == IRV_SHA256H;
        x86_sse_rmi(e, X86_PSHUFD, x1, h ? vd : vn, 0xb1);     /* abcd, words swapped in pairs */
        x86_sse_rmi(e, X86_PSHUFD, x2, h ? vn : vd, 0xb1);     /* efgh */
        x86_sse_rr(e, X86_MOVDQA_LD, x3, x2);
        x86_sse_rr(e, X86_PUNPCKLQDQ, x3, x1);                  /* ABEF */
        x86_sse_rr(e, X86_PUNPCKHQDQ, x2, x1);                  /* CDGH */
        x86_sse_rm(e, X86_MOVDQA_LD, x0, vm);                   /* W + K, implicit */
        x86_sse_rr(e, X86_SHA256RNDS2, x2, x3);                 /* ABEF after two rounds */
        x86_sse_rmi(e, X86_PSHUFD, x0, vm, 0x0e);
        x86_sse_rr(e, X86_SHA256RNDS2, x3, x2);                 /* after four */
        x86_sse_rr(e, h ? X86_PUNPCKHQDQ : X86_PUNPCKLQDQ, x3, x2);
        x86_sse_rri(e, X86_PSHUFD, x0, x3, 0xb1);
        break;
    }
    case IRV_SHA256SU0:
        x86_sse_rm(e, X86_MOVDQA_LD, x0, vd);
        x86_sse_rm(e, X86_SHA256MSG1, x0, vn);
        break;
    default:                    /* SHA256SU1: MSG2(Vd + (Vm:Vn >> 32), Vm) */
        x86_sse_rm(e, X86_MOVDQA_LD, x1, vm);
        x86_sse_rmi(e, X86_PALIGNR, x1, vn, 4);
        x86_sse_rm(e, X86_PADDD, x1, vd);
        x86_sse_rm(e, X86_SHA256MSG2, x1, vm);
        out = x1;
        break;
    }
    x86_sse_rm(e, X86_MOVDQA_ST, out, vd);
}

/* IR_VOP: memory to memory on env's V registers through XMM0-XMM2 (no XMM allocation:
 * nothing lives in an XMM register between instructions), so the allocator stays GPR-only.
 * Only what ir_vec_native says for the features in use reaches here. */
static void emit_vop(Gen *g, uint64_t desc)
{
    static const X86SseOp add[4] = { X86_PADDB, X86_PADDW, X86_PADDD, X86_PADDQ };
    static const X86SseOp sub[4] = { X86_PSUBB, X86_PSUBW, X86_PSUBD, X86_PSUBQ };
    static const X86SseOp eq[4] = { X86_PCMPEQB, X86_PCMPEQW, X86_PCMPEQD, X86_PCMPEQQ };
    static const X86SseOp gt[4] = { X86_PCMPGTB, X86_PCMPGTW, X86_PCMPGTD, X86_PCMPGTQ };
    static const X86SseOp smin[3] = { X86_PMINSB, X86_PMINSW, X86_PMINSD };
    static const X86SseOp smax[3] = { X86_PMAXSB, X86_PMAXSW, X86_PMAXSD };
    static const X86SseOp umin[3] = { X86_PMINUB, X86_PMINUW, X86_PMINUD };
    static const X86SseOp umax[3] = { X86_PMAXUB, X86_PMAXUW, X86_PMAXUD };
    static const X86SseOp shl[4] = { 0, X86_PSLLW_I, X86_PSLLD_I, X86_PSLLQ_I };
    static const X86SseOp shr[4] = { 0, X86_PSRLW_I, X86_PSRLD_I, X86_PSRLQ_I };
    static const X86SseOp sar[4] = { 0, X86_PSRAW_I, X86_PSRAD_I, 0 };
    X86Emitter *e = E;
    unsigned op = IRV_OP(desc), esz = IRV_ESZ(desc), sh = IRV_SHIFT(desc);
    int32_t base = ENV_OFF(vregs);
    X86Mem vn = env_mem(base + 16 * (int32_t)IRV_N(desc)), vm = env_mem(base + 16 * (int32_t)IRV_M(desc));
    const X86Xmm x0 = X86_XMM0, x1 = X86_XMM1, x2 = X86_XMM2;
    bool invert = false;

    if (ir_vec_desc_error(desc) || !ir_vec_native(op, esz, ir_vec_host)) {
        malformed(g, "IR_VOP the host cannot run inline");
        return;
    }
    if (irv_is_fp(op)) {
        emit_vfop(g, desc);
        return;
    }
    if (irv_is_crypto(op) || op == IRV_REV) {
        emit_vcrypto(g, desc);
        return;
    }
    if (op == IRV_EXT) {        /* (m:n) >> 8 * pos bytes, in SSE2 byte shifts */
        if (IRV_Q(desc)) {
            x86_sse_rm(e, X86_MOVDQA_LD, x0, vn);
            x86_sse_rm(e, X86_MOVDQA_LD, x1, vm);
            x86_sse_shift_i(e, X86_PSRLDQ_I, x0, (uint8_t)sh);
            x86_sse_shift_i(e, X86_PSLLDQ_I, x1, (uint8_t)(16 - sh));
            x86_sse_rr(e, X86_POR, x0, x1);
        } else {
            x86_sse_rm(e, X86_MOVQ_X, x0, vn);
            x86_sse_rm(e, X86_MOVQ_X, x1, vm);
            x86_sse_shift_i(e, X86_PSLLDQ_I, x1, 8);
            x86_sse_rr(e, X86_POR, x0, x1);
            x86_sse_shift_i(e, X86_PSRLDQ_I, x0, (uint8_t)sh);
        }
        op = IRV_COUNT;         /* done: only the Q handling and the store below */
    }
    switch (op) {
    case IRV_BIC: case IRV_ORN: case IRV_CMGE:
        x86_sse_rm(e, X86_MOVDQA_LD, x0, vm);
        break;
    case IRV_CMHI: case IRV_CMHS:
        if (esz == 0) {
            x86_sse_rm(e, X86_MOVDQA_LD, x0, op == IRV_CMHS ? vn : vm);
        }
        break;
    case IRV_COUNT:     /* EXT, done above */
        break;
    default:
        x86_sse_rm(e, X86_MOVDQA_LD, x0, vn);
        break;
    }
    switch (op) {
    case IRV_ADD: x86_sse_rm(e, add[esz], x0, vm); break;
    case IRV_SUB: x86_sse_rm(e, sub[esz], x0, vm); break;
    case IRV_AND: x86_sse_rm(e, X86_PAND, x0, vm); break;
    case IRV_ORR: x86_sse_rm(e, X86_POR, x0, vm); break;
    case IRV_EOR: x86_sse_rm(e, X86_PXOR, x0, vm); break;
    case IRV_BIC: x86_sse_rm(e, X86_PANDN, x0, vn); break;              /* ~m & n */
    case IRV_ORN:                                                       /* ~m | n */
        x86_sse_rr(e, X86_PCMPEQD, x1, x1);
        x86_sse_rr(e, X86_PXOR, x0, x1);
        x86_sse_rm(e, X86_POR, x0, vn);
        break;
    case IRV_CMEQ: x86_sse_rm(e, eq[esz], x0, vm); break;
    case IRV_CMGT: x86_sse_rm(e, gt[esz], x0, vm); break;
    case IRV_CMGE: x86_sse_rm(e, gt[esz], x0, vn); invert = true; break; /* !(m > n) */
    case IRV_CMTST:
        x86_sse_rm(e, X86_PAND, x0, vm);
        x86_sse_rr(e, X86_PXOR, x1, x1);
        x86_sse_rr(e, eq[esz], x0, x1);
        invert = true;
        break;
    case IRV_CMHI: case IRV_CMHS:
        if (esz == 0) {     /* n >= m iff max(n, m) == n */
            X86Mem first = op == IRV_CMHS ? vn : vm, second = op == IRV_CMHS ? vm : vn;
            x86_sse_rm(e, X86_PMAXUB, x0, second);
            x86_sse_rm(e, X86_PCMPEQB, x0, first);
            invert = op == IRV_CMHI;
        } else {            /* signed compare of both biased by the sign bit */
            x86_sse_rr(e, X86_PCMPEQD, x2, x2);
            x86_sse_shift_i(e, shl[esz], x2, (uint8_t)((8u << esz) - 1));
            x86_sse_rm(e, X86_MOVDQA_LD, x0, op == IRV_CMHI ? vn : vm);
            x86_sse_rm(e, X86_MOVDQA_LD, x1, op == IRV_CMHI ? vm : vn);
            x86_sse_rr(e, X86_PXOR, x0, x2);
            x86_sse_rr(e, X86_PXOR, x1, x2);
            x86_sse_rr(e, gt[esz], x0, x1);
            invert = op == IRV_CMHS;
        }
        break;
    case IRV_SMIN: x86_sse_rm(e, smin[esz], x0, vm); break;
    case IRV_SMAX: x86_sse_rm(e, smax[esz], x0, vm); break;
    case IRV_UMIN: x86_sse_rm(e, umin[esz], x0, vm); break;
    case IRV_UMAX: x86_sse_rm(e, umax[esz], x0, vm); break;
    case IRV_SHL: x86_sse_shift_i(e, shl[esz], x0, (uint8_t)sh); break;
    case IRV_USHR: x86_sse_shift_i(e, shr[esz], x0, (uint8_t)sh); break;
    case IRV_SSHR: x86_sse_shift_i(e, sar[esz], x0, (uint8_t)sh); break;
    case IRV_UADDLP: case IRV_UADALP:
        if (esz == 0) {     /* pmaddubsw: unsigned bytes of x0 times signed bytes 1 of x1 */
            x86_sse_rr(e, X86_PCMPEQW, x1, x1);
            x86_sse_shift_i(e, X86_PSRLW_I, x1, 15);
            x86_sse_rr(e, X86_MOVDQA_LD, x2, x1);
            x86_sse_shift_i(e, X86_PSLLW_I, x2, 8);
            x86_sse_rr(e, X86_POR, x1, x2);
            x86_sse_rr(e, X86_PMADDUBSW, x0, x1);
        } else {            /* pmaddwd is signed: bias by 0x8000, sum, add 0x10000 back */
            x86_sse_rr(e, X86_PCMPEQW, x2, x2);
            x86_sse_shift_i(e, X86_PSLLW_I, x2, 15);
            x86_sse_rr(e, X86_PXOR, x0, x2);
            x86_sse_rr(e, X86_PCMPEQW, x1, x1);
            x86_sse_shift_i(e, X86_PSRLW_I, x1, 15);
            x86_sse_rr(e, X86_PMADDWD, x0, x1);
            x86_sse_rr(e, X86_PCMPEQD, x2, x2);
            x86_sse_shift_i(e, X86_PSRLD_I, x2, 31);
            x86_sse_shift_i(e, X86_PSLLD_I, x2, 16);
            x86_sse_rr(e, X86_PADDD, x0, x2);
        }
        if (op == IRV_UADALP) {
            x86_sse_rm(e, add[esz + 1], x0, env_mem(base + 16 * (int32_t)IRV_D(desc)));
        }
        break;
    case IRV_UMAXV: case IRV_UMINV:     /* fold halves: 8, 4, 2, 1 bytes; keep byte 0 */
        if (!IRV_Q(desc)) {
            x86_sse_rr(e, X86_MOVQ_X, x0, x0);      /* zeros change no unsigned max... */
            if (op == IRV_UMINV) {                  /* ...but would every min: copy the low half up */
                x86_sse_rr(e, X86_MOVDQA_LD, x1, x0);
                x86_sse_shift_i(e, X86_PSLLDQ_I, x1, 8);
                x86_sse_rr(e, X86_POR, x0, x1);
            }
        }
        for (unsigned k = 8; k; k >>= 1) {
            x86_sse_rr(e, X86_MOVDQA_LD, x1, x0);
            x86_sse_shift_i(e, X86_PSRLDQ_I, x1, (uint8_t)k);
            x86_sse_rr(e, op == IRV_UMAXV ? X86_PMAXUB : X86_PMINUB, x0, x1);
        }
        x86_sse_shift_i(e, X86_PSLLDQ_I, x0, 15);
        x86_sse_shift_i(e, X86_PSRLDQ_I, x0, 15);
        break;
    }
    if (invert) {
        x86_sse_rr(e, X86_PCMPEQD, x1, x1);
        x86_sse_rr(e, X86_PXOR, x0, x1);
    }
    if (!IRV_Q(desc)) {
        x86_sse_rr(e, X86_MOVQ_X, x0, x0);
    }
    x86_sse_rm(e, X86_MOVDQA_ST, x0, env_mem(base + 16 * (int32_t)IRV_D(desc)));
}

static void emit_binop(Gen *g, const IRInst *in, IRVal xa, IRVal xb)
{
    int sz = in->sz == 32 ? 32 : 64;
    uint64_t mask = sz == 32 ? 0xffffffffull : UINT64_MAX;
    IROp op = in->op;
    Val *va = &g->v[xa], *vb = &g->v[xb];
    bool comm = (ir_info(in)->flags & IRF_COMM) != 0;
    X86Alu alu;
    X86Reg ra, rd;
    Opnd ob;

    if (comm && va->is_const && va->reg < 0 && !(vb->is_const && vb->reg < 0)) {
        IRVal t = xa; xa = xb; xb = t;
        va = &g->v[xa];
        vb = &g->v[xb];
    }
    if (op == IR_ANDN || op == IR_ORN || op == IR_XNOR) {
        alu = op == IR_ANDN ? X86_AND : op == IR_ORN ? X86_OR : X86_XOR;
        if (vb->is_const && vb->reg < 0 && (sz == 32 || fits_s32(~vb->k))) {
            ob = (Opnd){ .imm = true, .i = (int32_t)(~vb->k & mask) };
            ra = val_reg(g, xa);
        } else if (op == IR_ANDN && (g->feat & X86_FEAT_BMI1)) {
            X86Reg rb = val_reg(g, xb);
            ra = val_reg(g, xa);
            release(g, xa);
            release(g, xb);
            rd = def_reg(g, ra);
            x86_andn(E, sz, rd, rb, ra);
            return;
        } else {
            to_tmp(g, TMP0, 64, xb);
            x86_not(E, sz, TMP0);
            ob = (Opnd){ .r = TMP0 };
            ra = val_reg(g, xa);
        }
    } else {
        alu = op == IR_ADD ? X86_ADD : op == IR_SUB ? X86_SUB : op == IR_AND ? X86_AND
            : op == IR_OR ? X86_OR : X86_XOR;
        ra = val_reg(g, xa);
        ob = val_opnd(g, xb, sz);
    }
    release(g, xa);
    release(g, xb);
    rd = def_reg(g, ra);
    if (op == IR_MUL) {
        if (ob.imm) {
            x86_imul_rri(E, sz, rd, ra, ob.i);
        } else if (rd == ob.r) {
            x86_imul_rr(E, sz, rd, ra);
        } else {
            if (rd != ra) {
                x86_mov_rr(E, sz, rd, ra);
            }
            x86_imul_rr(E, sz, rd, ob.r);
        }
        return;
    }
    if (op == IR_ADD && rd != ra && (ob.imm || rd != ob.r)) {
        x86_lea(E, sz, rd, ob.imm ? x86_mem(ra, ob.i) : x86_mem_idx(ra, ob.r, 1, 0));
        return;
    }
    if (!ob.imm && rd == ob.r && rd != ra) {
        if (comm) {
            alu_op(g, alu, sz, rd, (Opnd){ .r = ra });
            return;
        }
        x86_mov_rr(E, 64, TMP1, ob.r);
        ob.r = TMP1;
    }
    if (rd != ra) {
        x86_mov_rr(E, sz, rd, ra);
    }
    alu_op(g, alu, sz, rd, ob);
}

/* ---- exits ---- */

static void store_pc_reg(Gen *g, X86Reg r)
{
    x86_store(E, 64, env_mem(ENV_OFF(pc)), r);
}

static void emit_exit_tb(Gen *g, const IRInst *in)
{
    int slot = in->cond & 1;

    sync_guest(g);
    store_imm64(g, env_mem(ENV_OFF(pc)), in->imm);
    if (g->nochain) {
        return_zero(g);
        return;
    }
    size_t at = x86_jump_slot(E);
    g->jmp_off[slot] = at;
    g->jmp_reset[slot] = x86_offset(E);
    x86_mov_ri(E, 64, X86_RAX, (uintptr_t)g->tb | slot);
    jmp_epilogue(g);
}

/* An indirect branch whose block's TB flags still hold (IR_EXIT_KEEPS_FLAGS): the jump
 * cache entry for env->pc, if it is this CPU's cache and the entry has that pc, these
 * flags and the current tag (tb.h), names the code to jump to, without a helper call.
 * Anything else falls through to helper_lookup_tb_ptr. Every guest register is in env
 * here, so RAX, RCX, RDX and the scratch registers are free. */
static void emit_jc_probe(Gen *g)
{
    X86Label slow = x86_label_new(E);

    x86_load(E, 64, X86_RDX, env_mem(ENV_OFF(jmp_cache)));
    x86_test_rr(E, 64, X86_RDX, X86_RDX);
    x86_jcc_label(E, X86_CC_E, slow);
    x86_alu_rm(E, X86_CMP, 64, ENV, x86_mem(X86_RDX, (int32_t)offsetof(JmpCache, owner)));
    x86_jcc_label(E, X86_CC_NE, slow);
    x86_load(E, 64, X86_RAX, env_mem(ENV_OFF(pc)));
    x86_mov_rr(E, 32, X86_RCX, X86_RAX);
    x86_shift_ri(E, X86_SHR, 32, X86_RCX, 2);
    x86_alu_ri(E, X86_AND, 32, X86_RCX, JC_SIZE - 1);
    x86_shift_ri(E, X86_SHL, 32, X86_RCX, 5);
    G_STATIC_ASSERT(sizeof(JmpCacheEntry) == 32);
    x86_lea(E, 64, X86_RDX, x86_mem_idx(X86_RDX, X86_RCX, 1, (int32_t)offsetof(JmpCache, e)));
    x86_alu_rm(E, X86_CMP, 64, X86_RAX, x86_mem(X86_RDX, (int32_t)offsetof(JmpCacheEntry, pc)));
    x86_jcc_label(E, X86_CC_NE, slow);
    x86_alu_mi(E, X86_CMP, 32, x86_mem(X86_RDX, (int32_t)offsetof(JmpCacheEntry, flags)),
               (int32_t)g->tb->flags);
    x86_jcc_label(E, X86_CC_NE, slow);
    x86_load(E, 32, X86_RCX, env_mem(ENV_OFF(tlb_flush_count)));
    x86_movabs(E, X86_RAX, (uintptr_t)tb_inval_count());
    x86_alu_rm(E, X86_ADD, 32, X86_RCX, x86_mem(X86_RAX, 0));
    x86_alu_rm(E, X86_CMP, 32, X86_RCX, x86_mem(X86_RDX, (int32_t)offsetof(JmpCacheEntry, tag)));
    x86_jcc_label(E, X86_CC_NE, slow);
    x86_jmp_m(E, x86_mem(X86_RDX, (int32_t)offsetof(JmpCacheEntry, code)));
    x86_label_bind(E, slow);
}

static void emit_exit_indirect(Gen *g, const IRInst *in)
{
    X86Reg ra = val_reg(g, opv(g, in->a));

    store_pc_reg(g, ra);
    sync_guest(g);
    if (!g->nochain) {
        X86Label miss = x86_label_new(E);
        if (in->imm == IR_EXIT_KEEPS_FLAGS && !(g->tb->flags & (TB_FLAG_SS | TB_FLAG_SSTEP))) {
            emit_jc_probe(g);
        }
        x86_mov_rr(E, 64, X86_RDI, ENV);
        x86_call_far(E, (uintptr_t)helper_lookup_tb_ptr, TMP0);
        x86_test_rr(E, 64, X86_RAX, X86_RAX);
        x86_jcc_label_short(E, X86_CC_E, miss);
        x86_jmp_r(E, X86_RAX);
        x86_label_bind(E, miss);
    }
    return_zero(g);
}

/* ---- the driver ---- */

static inline IRVal arg_field(const IRInst *in, int k)
{
    return k == 0 ? in->a : k == 1 ? in->b : k == 2 ? in->c : in->d;
}

static bool is_flag_consumer(IROp op)
{
    return (ir_op_table[op].flags & IRF_RFLAGS) != 0;
}

/* Last uses (flag consumers use the operands of the SETFLAGS they read) and
 * which values live across a helper call. */
static void liveness(Gen *g)
{
    const IRBlock *b = g->b;
    uint32_t fl = IR_NONE;
    GenScratch *sc = &gen_scratch;
    uint32_t *calls = sc->calls = scratch_reserve(sc->calls, &sc->calls_cap, b->n + 1,
                                                  sizeof(uint32_t));

    calls[0] = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        int n = ir_nargs(in);
        for (int k = 0; k < n; k++) {
            IRVal x = arg_field(in, k);
            if (x != IR_NONE && x < i) {
                g->v[x].last = MAX(g->v[x].last, i);
            }
        }
        if (ir_info(in)->flags & IRF_WFLAGS) {
            fl = i;
        } else if (in->op == IR_LABEL || (in->op == IR_CALL && (in->cond & CALL_WRITES_REGS))) {
            fl = IR_NONE;
        } else if (is_flag_consumer(in->op) && fl != IR_NONE) {
            const IRInst *f = &b->insts[fl];
            if (f->a != IR_NONE && f->a < fl) {
                g->v[f->a].last = MAX(g->v[f->a].last, i);
            }
            if (f->b != IR_NONE && f->b < fl) {
                g->v[f->b].last = MAX(g->v[f->b].last, i);
            }
        }
        calls[i + 1] = calls[i] + (in->op == IR_CALL || (is_flag_consumer(in->op) && fl == IR_NONE));
    }
    for (uint32_t i = 0; i < b->n; i++) {
        Val *v = &g->v[i];
        if (v->last > i) {
            v->across_call = calls[v->last] > calls[i + 1];
        }
    }
}

/* Does a pure op's result go unused (then nothing is emitted)? */
static bool dead_pure(Gen *g, const IRInst *in, uint32_t i)
{
    return (ir_info(in)->flags & IRF_PURE) && g->v[i].last <= i;
}

static void emit_inst(Gen *g, const IRInst *in)
{
    uint32_t i = g->cur;
    IRVal xa = opv(g, in->a), xb = opv(g, in->b);
    int sz = in->sz == 32 ? 32 : 64;
    bool keep_flags = false;
    X86Reg rd, ra;

    g->lock = 0;
    if (dead_pure(g, in, i)) {
        return;
    }
    switch ((IROp)in->op) {
    case IR_NOP:
    case IR_INSN_START:
        keep_flags = true;
        break;
    case IR_MB:
        x86_mfence(E);          /* changes no host flag */
        keep_flags = true;
        break;
    case IR_PLUGIN_ADD: {   /* add [ptr (+ cpu_index * 8)], amount */
        X86Reg rp = val_reg(g, xa);
        X86Mem m = x86_mem(rp, 0);
        if (in->imm) {
            x86_load(E, 32, TMP0, x86_mem(ENV, (int32_t)(offsetof(ARMCPU, cpu_index) -
                                                        offsetof(ARMCPU, env))));
            m = x86_mem_idx(rp, TMP0, 8, 0);
        }
        if (g->v[xb].is_const && (int64_t)g->v[xb].k == (int32_t)g->v[xb].k) {
            x86_alu_mi(E, X86_ADD, 64, m, (int32_t)g->v[xb].k);
        } else {
            x86_alu_mr(E, X86_ADD, 64, m, val_reg(g, xb));
        }
        release(g, xa);
        release(g, xb);
        break;
    }
    case IR_MOVI:
        g->v[i].is_const = true;
        g->v[i].k = in->imm;
        keep_flags = true;
        break;
    case IR_MOV:
        if (in->sz == 32) {
            ra = val_reg(g, xa);
            release(g, xa);
            rd = def_reg(g, ra);
            x86_mov_rr(E, 32, rd, ra);
        } else if (xa == g->zero) {
            g->v[i].is_const = true;
            g->v[i].k = 0;
        } else {
            g->v[i].alias = xa;
            g->v[xa].last = MAX(g->v[xa].last, g->v[i].last);
            g->v[xa].across_call |= g->v[i].across_call;
            g->v[xa].released = false;
        }
        keep_flags = true;
        break;
    case IR_GET_REG: {
        unsigned gr = in->imm;
        keep_flags = true;
        if (gr >= GR_COUNT) {
            malformed(g, "no guest register");
        }
        int h = g->guest_reg[gr];
        if (h >= 0 && g->reg_val[h] != IR_NONE) {
            IRVal w = g->reg_val[h];
            g->v[i].alias = w;
            g->v[w].last = MAX(g->v[w].last, g->v[i].last);
            g->v[w].across_call |= g->v[i].across_call;
            break;
        }
        if (h >= 0) {
            g->v[i].is_const = false;
            g->v[i].reg = h;
            g->reg_val[h] = i;
            break;
        }
        g->v[i].across_call = true;     /* cached registers are long-lived */
        rd = def_reg(g, -1);
        x86_load(E, 64, rd, env_mem(ENV_REG_OFF(gr)));
        g->reg_guest[rd] = gr;
        g->guest_reg[gr] = rd;
        g->guest_dirty[gr] = false;
        break;
    }
    case IR_SET_REG: {
        unsigned gr = in->imm;
        Val *v = &g->v[xa];
        keep_flags = true;
        if (gr >= GR_COUNT) {
            malformed(g, "no guest register");
        }
        if (v->reg >= 0 && g->guest_reg[gr] == v->reg) {
            release(g, xa);
            break;
        }
        guest_unbind(g, gr);
        if (v->is_const && v->reg < 0 && fits_s32(v->k)) {
            x86_store_imm(E, 64, env_mem(ENV_REG_OFF(gr)), (int32_t)v->k);
            release(g, xa);
            break;
        }
        ra = val_reg(g, xa);
        if (g->reg_guest[ra] >= 0) {
            x86_store(E, 64, env_mem(ENV_REG_OFF(gr)), ra);
        } else {
            g->reg_guest[ra] = gr;
            g->guest_reg[gr] = ra;
            g->guest_dirty[gr] = true;
        }
        release(g, xa);
        break;
    }
    case IR_GET_V64:
    case IR_SET_V64: {
        /* V registers stay in env (ir-ops.def): a plain load or store. */
        int32_t off = ENV_OFF(vregs) + (int32_t)in->imm;
        keep_flags = true;
        if (in->imm >= 512 || (in->imm & 7)) {
            malformed(g, "no V register half");
        }
        if (in->op == IR_GET_V64) {
            rd = def_reg(g, -1);
            x86_load(E, 64, rd, env_mem(off));
            break;
        }
        Val *v = &g->v[xa];
        if (v->is_const && v->reg < 0 && fits_s32(v->k)) {
            x86_store_imm(E, 64, env_mem(off), (int32_t)v->k);
        } else {
            x86_store(E, 64, env_mem(off), val_reg(g, xa));
        }
        release(g, xa);
        break;
    }
    case IR_VOP:
        keep_flags = !irv_is_fp(IRV_OP(in->imm));   /* SSE leaves EFLAGS alone; the FP check does not */
        emit_vop(g, in->imm);
        break;
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_AND: case IR_OR: case IR_XOR:
    case IR_ANDN: case IR_ORN: case IR_XNOR:
        emit_binop(g, in, xa, xb);
        break;
    case IR_NEG: case IR_NOT:
        ra = val_reg(g, xa);
        release(g, xa);
        rd = def_reg(g, ra);
        if (rd != ra) {
            x86_mov_rr(E, sz, rd, ra);
        }
        if (in->op == IR_NEG) {
            x86_neg(E, sz, rd);
        } else {
            x86_not(E, sz, rd);
        }
        break;
    case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROR:
        emit_shift(g, in, xa, xb);
        break;
    case IR_MULHU: case IR_MULHS: case IR_DIVU: case IR_DIVS:
        emit_divmul(g, in, xa, xb);
        break;
    case IR_CLZ:
        ra = val_reg(g, xa);
        release(g, xa);
        rd = def_reg(g, -1);
        if (g->feat & X86_FEAT_LZCNT) {
            x86_lzcnt(E, sz, rd, ra);
        } else {
            x86_mov_ri(E, 64, TMP1, UINT64_MAX);
            x86_bsr(E, sz, TMP0, ra);
            x86_cmov_rr(E, X86_CC_E, 64, TMP0, TMP1);
            x86_mov_ri(E, 32, rd, sz - 1);
            x86_alu_rr(E, X86_SUB, 32, rd, TMP0);
        }
        break;
    case IR_RBIT:
        to_tmp(g, TMP0, sz, xa);
        release(g, xa);
        rd = def_reg(g, -1);
        emit_rbit(g, sz, rd);
        break;
    case IR_BSWAP:
        ra = val_reg(g, xa);
        release(g, xa);
        rd = def_reg(g, ra);
        if (rd != ra || sz == 32) {
            x86_mov_rr(E, sz, rd, ra);
        }
        x86_bswap(E, sz, rd);
        break;
    case IR_EXTU: case IR_EXTS: case IR_EXTRACT: case IR_SEXTRACT: case IR_DEPOSIT:
        emit_bitfield(g, in, xa, xb);
        break;
    case IR_SETCOND: {
        CmpOps c = fetch_cmp(g, sz, xa, xb);
        release(g, xa);
        release(g, xb);
        rd = def_reg(g, -1);
        set_from_cond(g, rd, emit_cmp(g, &c, in->cond));
        break;
    }
    case IR_MOVCOND: {
        IRVal xc = opv(g, in->c), xd = opv(g, in->d);
        CmpOps c = fetch_cmp(g, sz, xa, xb);
        X86Reg rc = val_reg(g, xc), rdd = val_reg(g, xd);
        release(g, xa);
        release(g, xb);
        release(g, xc);
        release(g, xd);
        rd = def_reg(g, rc);
        select_regs(g, sz, rd, emit_cmp(g, &c, in->cond), rc, rdd);
        break;
    }
    case IR_SETFLAGS: {
        Val *va = &g->v[xa], *vb = &g->v[xb];
        x86_store_imm(E, 32, env_mem(ENV_OFF(cc_op)), cpu_cc_op(in->cond, in->sz));
        if (va->reg >= 0) {
            x86_store(E, 64, env_mem(ENV_OFF(cc_a)), va->reg);
        } else if (va->is_const) {
            store_imm64(g, env_mem(ENV_OFF(cc_a)), va->k);
        } else {
            x86_store(E, 64, env_mem(ENV_OFF(cc_a)), val_reg(g, xa));
        }
        if (vb->reg >= 0) {
            x86_store(E, 64, env_mem(ENV_OFF(cc_b)), vb->reg);
        } else if (vb->is_const) {
            store_imm64(g, env_mem(ENV_OFF(cc_b)), vb->k);
        } else {
            x86_store(E, 64, env_mem(ENV_OFF(cc_b)), val_reg(g, xb));
        }
        g->fl_known = true;
        g->fl_kind = in->cond;
        g->fl_sz = in->sz == 64 ? 64 : 32;
        g->fl_a = xa;
        g->fl_b = xb;
        g->fl_idx = i;
        release(g, xa);
        release(g, xb);
        keep_flags = true;
        break;
    }
    case IR_TESTCC: case IR_SELCC: {
        X86Reg rt = X86_NOREG, rf = X86_NOREG;
        flags_prepare(g, in->cond, false);
        if (in->op == IR_SELCC) {
            rt = val_reg(g, xa);
            rf = val_reg(g, xb);
        }
        if (g->fl_known) {
            release(g, g->fl_a);
            release(g, g->fl_b);
        }
        release(g, xa);
        release(g, xb);
        rd = def_reg(g, rt);
        int cc = flags_cond(g, in->cond);
        if (in->op == IR_TESTCC) {
            set_from_cond(g, rd, cc);
        } else {
            select_regs(g, sz, rd, cc, rt, rf);
        }
        keep_flags = true;
        break;
    }
    case IR_GETNZCV:
        if (!g->fl_known) {
            emit_call(g, (uintptr_t)x86_helper_env_nzcv, NULL, 0, 0);
            def_fixed(g, X86_RAX);
            break;
        }
        flags_prepare(g, ARM_EQ, true);
        if (g->fl_kind == CC_NZCV) {
            ra = g->fl_ra;
            release(g, g->fl_a);
            release(g, g->fl_b);
            rd = def_reg(g, ra);
            x86_mov_rr(E, 32, rd, ra);
            x86_alu_ri(E, X86_AND, 32, rd, (int32_t)0xf0000000u);
            break;
        }
        release(g, g->fl_a);
        release(g, g->fl_b);
        rd = def_reg(g, -1);
        flags_materialize(g);
        if (g->fl_kind == CC_SUB) {
            x86_cmc(E);         /* A64 C = no borrow */
        }
        x86_pushf(E);
        x86_pop(E, TMP1);
        /* x86 CF bit 0, ZF bit 6, SF bit 7, OF bit 11 -> C 29, Z 30, N 31, V 28 */
        x86_mov_rr(E, 32, TMP0, TMP1);
        x86_shift_ri(E, X86_SHL, 32, TMP0, 24);
        x86_alu_ri(E, X86_AND, 32, TMP0, (int32_t)0xc0000000u);
        x86_mov_rr(E, 32, rd, TMP1);
        x86_alu_ri(E, X86_AND, 32, rd, 1);
        x86_shift_ri(E, X86_SHL, 32, rd, 29);
        x86_alu_rr(E, X86_OR, 32, TMP0, rd);
        x86_alu_ri(E, X86_AND, 32, TMP1, 0x800);
        x86_shift_ri(E, X86_SHL, 32, TMP1, 17);
        x86_alu_rr(E, X86_OR, 32, TMP0, TMP1);
        x86_mov_rr(E, 32, rd, TMP0);
        break;
    case IR_LD:
        emit_mem(g, in, false);
        break;
    case IR_ST:
        emit_mem(g, in, true);
        break;
    case IR_CALL: {
        int n = ir_nargs(in);
        ArgSrc args[IR_CALL_MAX_ARGS];
        IRVal xs[IR_CALL_MAX_ARGS];
        if (n > IR_CALL_MAX_ARGS) {
            malformed(g, "more call arguments than IR_CALL_MAX_ARGS");
        }
        for (int k = 0; k < n; k++) {
            xs[k] = opv(g, arg_field(in, k));
            args[k] = arg_src(g, xs[k]);
        }
        emit_call(g, (uintptr_t)in->imm, args, n, in->cond);
        for (int k = 0; k < n; k++) {
            release(g, xs[k]);
        }
        if (in->cond & CALL_NORETURN) {
            g->unreachable = true;
            break;
        }
        def_fixed(g, X86_RAX);
        break;
    }
    case IR_LABEL: {
        if (!g->unreachable) {
            sync_guest(g);
        }
        if (in->imm >= g->b->nlabels || x86_label_is_bound(E, g->labels[in->imm])) {
            malformed(g, "a label that is no label of the block, or placed twice");
        }
        x86_label_bind(E, g->labels[in->imm]);
        for (int r = 0; r < 16; r++) {
            if (g->reg_val[r] != IR_NONE) {
                g->v[g->reg_val[r]].reg = -1;
            }
            g->reg_val[r] = IR_NONE;
            g->reg_guest[r] = -1;
        }
        for (int gr = 0; gr < GR_COUNT; gr++) {
            g->guest_reg[gr] = -1;
            g->guest_dirty[gr] = false;
        }
        g->fl_known = false;
        g->unreachable = false;
        break;
    }
    case IR_BR: case IR_BRCOND: case IR_BRCC: {
        int cc = XC_ALWAYS;
        CmpOps c;
        if (in->imm >= g->b->nlabels || x86_label_is_bound(E, g->labels[in->imm])) {
            malformed(g, "a branch to no label of the block, or backwards");
        }
        X86Label l = g->labels[in->imm];
        if (in->op == IR_BRCOND) {
            c = fetch_cmp(g, sz, xa, xb);
            release(g, xa);
            release(g, xb);
        } else if (in->op == IR_BRCC) {
            flags_prepare(g, in->cond, false);
            if (g->fl_known) {
                release(g, g->fl_a);
                release(g, g->fl_b);
            }
        }
        sync_guest(g);
        if (in->op == IR_BRCOND) {
            cc = emit_cmp(g, &c, in->cond);
        } else if (in->op == IR_BRCC) {
            cc = flags_cond(g, in->cond);
            keep_flags = true;
        }
        if (cc == XC_ALWAYS) {
            x86_jmp_label(E, l);
            g->unreachable = true;
        } else if (cc != XC_NEVER) {
            x86_jcc_label(E, cc, l);
        }
        break;
    }
    case IR_EXIT_TB:
        emit_exit_tb(g, in);
        g->unreachable = true;
        break;
    case IR_EXIT_INDIRECT:
        emit_exit_indirect(g, in);
        g->unreachable = true;
        break;
    case IR_EXIT_LOOP:
        sync_guest(g);
        store_imm64(g, env_mem(ENV_OFF(pc)), in->imm);
        return_zero(g);
        g->unreachable = true;
        break;
    case IR_EXIT_NORETURN:
        sync_guest(g);
        return_zero(g);
        g->unreachable = true;
        break;
    default:
        break;
    }
    if (ir_op_has_result(in->op) && g->v[i].reg >= 0 && g->v[i].alias == i) {
        release(g, i);      /* defined but never used */
    }
    if (!keep_flags) {
        g->host_fl = UINT32_MAX;
    }
}

int x86_backend_gen(const IRBlock *b, TranslationBlock *tb, uint8_t *buf, size_t cap,
                    X86GenMarks *marks)
{
    GenScratch *sc = &gen_scratch;
    Gen *g = &sc->g;
    uint32_t nmarks = marks ? marks->n : 0;
    int ret = -1;

    if (!sc->ready) {
        x86_init(&g->e, buf, cap);
        g->slow = g_array_new(FALSE, TRUE, sizeof(SlowPath));
        sc->ready = true;
    }
    {
        /* Everything zero but the storage kept from the last block. */
        X86Emitter e = g->e;
        GArray *slow = g->slow;
        Val *v = g->v;
        X86Label *labels = g->labels;
        memset(g, 0, sizeof(*g));
        g->e = e;
        x86_retarget(&g->e, buf, cap);
        g->slow = slow;
        g_array_set_size(g->slow, 0);
        g->v = scratch_reserve(v, &sc->v_cap, b->n + 1, sizeof(Val));
        g->labels = scratch_reserve(labels, &sc->labels_cap, b->nlabels + 1, sizeof(X86Label));
    }
    g->b = b;
    g->tb = tb;
    g->feat = x86_backend_features();
    g->nochain = log_enabled(LOG_NOCHAIN);
    g->zero = b->n;
    for (uint32_t i = 0; i <= b->n; i++) {
        g->v[i] = (Val){ .reg = -1, .slot = -1, .is_const = true, .alias = i };
    }
    g->v[g->zero].last = UINT32_MAX;
    memset(g->reg_val, 0xff, sizeof(g->reg_val));
    memset(g->reg_guest, 0xff, sizeof(g->reg_guest));
    memset(g->guest_reg, 0xff, sizeof(g->guest_reg));
    g->host_fl = UINT32_MAX;
    g->cur_pc = b->pc;
    g->jmp_off[0] = g->jmp_off[1] = UINT32_MAX;
    g->jmp_reset[0] = g->jmp_reset[1] = UINT32_MAX;
    for (uint32_t l = 0; l < b->nlabels; l++) {
        g->labels[l] = x86_label_new(E);
    }
    g->exit_req = x86_label_new(E);
    liveness(g);

    /* A kick from another thread is seen at every block entry, chained or not. */
    x86_alu_mi(E, X86_CMP, 32, env_mem(ENV_OFF(exit_request)), 0);
    x86_jcc_label(E, X86_CC_NE, g->exit_req);

    for (uint32_t i = 0; i < b->n && !g->failed && !x86_failed(E); i++) {
        const IRInst *in = &b->insts[i];
        g->cur = i;
        if (in->op == IR_INSN_START) {
            g->cur_pc = in->imm;
            if (marks && !g->unreachable) {
                if (marks->n == marks->cap) {
                    marks->cap = marks->cap ? marks->cap * 2 : 64;
                    marks->m = g_renew(typeof(*marks->m), marks->m, marks->cap);
                }
                marks->m[marks->n].host_off = x86_offset(E);
                marks->m[marks->n].guest_pc = in->imm;
                marks->n++;
            }
        }
        if (g->unreachable && in->op != IR_LABEL) {
            continue;
        }
        emit_inst(g, in);
    }
    g->cur = b->n;
    if (!g->unreachable && !g->failed && !x86_failed(E)) {
        malformed(g, "the block ends without an exit");
    }
    for (guint k = 0; k < g->slow->len; k++) {
        emit_slow_path(g, &g_array_index(g->slow, SlowPath, k));
    }
    x86_label_bind(E, g->exit_req);
    store_imm64(g, env_mem(ENV_OFF(pc)), b->pc);
    return_zero(g);
    if (x86_pending_fixups(E) && !g->failed && !x86_failed(E)) {
        malformed(g, "a branch to a label that is never placed");
    }

    if (!g->failed && !x86_failed(E)) {
        ret = (int)x86_offset(E);
        tb->code = buf;
        tb->code_size = ret;
        for (int s = 0; s < 2; s++) {
            tb->jmp_off[s] = g->jmp_off[s];
            tb->jmp_reset[s] = g->jmp_reset[s];
        }
        __builtin___clear_cache((char *)buf, (char *)buf + ret);
    } else {
        if (getenv("X86BE_DEBUG")) {
            g_printerr("x86 backend: failed=%d overflow=%d error=%s\n", g->failed,
                       x86_overflowed(E), x86_error(E) ? x86_error(E) : "-");
        }
        if (marks) {
            marks->n = nmarks;
        }
    }
    return ret;
}
