/* test-x86backend.c: the x86-64 code generator checked against the IR
 * interpreter (random blocks, per-op edge cases, register pressure), plus the
 * TLB fast/slow paths, chaining, the exit-request check and buffer overflow. */
#include <glib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include "tcg/backend.h"
#include "arm/cpu.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "tcg/ir/ir.h"
#include "core/log.h"
#include "core/memory.h"
#include "ir-malformed.h"
#include "x86-jit.h"

static uint64_t total_ir_ops;

static CPUARMState *new_env(GRand *r)
{
    CPUARMState *env = g_new0(CPUARMState, 1);
    for (int i = 0; i < GR_COUNT; i++) {
        env->regs[i] = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
        if (g_rand_int_range(r, 0, 4) == 0) {
            env->regs[i] = g_rand_int_range(r, -3, 3);
        }
    }
    env->pc = 0x1234;
    env->cc_op = g_rand_int_range(r, 0, 4) | (g_rand_boolean(r) ? CC_OP_64 : 0);
    env->cc_a = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
    env->cc_b = g_rand_boolean(r) ? env->cc_a : ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
    tlb_flush(env);
    return env;
}

static bool env_equal(const CPUARMState *a, const CPUARMState *b, GString *why)
{
    bool ok = true;
    for (int i = 0; i < GR_COUNT; i++) {
        if (a->regs[i] != b->regs[i]) {
            g_string_append_printf(why, " reg%d %" PRIx64 " vs %" PRIx64, i, a->regs[i], b->regs[i]);
            ok = false;
        }
    }
    if (a->pc != b->pc) {
        g_string_append_printf(why, " pc %" PRIx64 " vs %" PRIx64, a->pc, b->pc);
        ok = false;
    }
    if (cpu_get_nzcv(a) != cpu_get_nzcv(b)) {
        g_string_append_printf(why, " nzcv %x vs %x", cpu_get_nzcv(a), cpu_get_nzcv(b));
        ok = false;
    }
    if (a->cc_op != b->cc_op || a->cc_a != b->cc_a || a->cc_b != b->cc_b) {
        g_string_append_printf(why, " lazy flags %x/%" PRIx64 "/%" PRIx64 " vs %x/%" PRIx64 "/%" PRIx64,
                               a->cc_op, a->cc_a, a->cc_b, b->cc_op, b->cc_a, b->cc_b);
        ok = false;
    }
    return ok;
}

/* ---- random blocks ---- */

static const uint64_t interesting[] = {
    0, 1, 2, 3, 7, 31, 32, 63, 64, 0xff, 0x80, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX,
    UINT64_MAX - 1, 0xffffffff80000000ull, 0x123456789abcdef0ull, 0xfffffffffffff000ull,
};

static const IROp value_ops[] = {
    IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_ANDN, IR_ORN, IR_XNOR,
    IR_SHL, IR_SHR, IR_SAR, IR_ROR, IR_MULHU, IR_MULHS, IR_DIVU, IR_DIVS,
};
static const IROp unary_ops[] = { IR_NEG, IR_NOT, IR_CLZ, IR_RBIT, IR_BSWAP };

typedef struct RB {
    IRBlock *b;
    GRand *r;
    GArray *vals;       /* IRVal usable now */
} RB;

static IRVal pick(RB *g)
{
    if (g->vals->len == 0 || g_rand_int_range(g->r, 0, 8) == 0) {
        uint64_t k = g_rand_boolean(g->r) ? interesting[g_rand_int_range(g->r, 0, G_N_ELEMENTS(interesting))]
                                          : ((uint64_t)g_rand_int(g->r) << 32) | g_rand_int(g->r);
        IRVal v = ir_movi(g->b, k);
        g_array_append_val(g->vals, v);
        return v;
    }
    /* Favour recent values but reach back far enough to keep many alive. */
    int n = g->vals->len;
    int i = g_rand_boolean(g->r) ? n - 1 - g_rand_int_range(g->r, 0, MIN(n, 6))
                                 : g_rand_int_range(g->r, 0, n);
    return g_array_index(g->vals, IRVal, i);
}

static void add_val(RB *g, IRVal v)
{
    g_array_append_val(g->vals, v);
}

static int rsz(RB *g)
{
    return g_rand_boolean(g->r) ? 32 : 64;
}

static void random_op(RB *g)
{
    IRBlock *b = g->b;
    GRand *r = g->r;
    int sz = rsz(g);
    uint32_t pos, len;

    switch (g_rand_int_range(r, 0, 18)) {
    case 0:
        add_val(g, ir_get_reg(b, g_rand_int_range(r, 0, GR_COUNT)));
        break;
    case 1: case 2:
        ir_set_reg(b, g_rand_int_range(r, 0, GR_COUNT), pick(g));
        break;
    case 3: case 4: case 5: {
        IRVal x = pick(g), y = pick(g);
        add_val(g, ir_bin(b, value_ops[g_rand_int_range(r, 0, G_N_ELEMENTS(value_ops))], sz, x, y));
        break;
    }
    case 6:
        add_val(g, ir_un(b, unary_ops[g_rand_int_range(r, 0, G_N_ELEMENTS(unary_ops))], sz, pick(g)));
        break;
    case 7: {
        static const uint64_t w[] = { 8, 16, 32, 8, 16, 32, 0, 1, 5, 31, 33, 63, 64, 70 };
        add_val(g, ir_emit(b, g_rand_boolean(r) ? IR_EXTU : IR_EXTS, sz, 0, pick(g), IR_NONE,
                           IR_NONE, IR_NONE, w[g_rand_int_range(r, 0, G_N_ELEMENTS(w))]));
        break;
    }
    case 8: {
        static const IROp bf[] = { IR_EXTRACT, IR_SEXTRACT, IR_DEPOSIT };
        IROp op = bf[g_rand_int_range(r, 0, 3)];
        pos = g_rand_int_range(r, 0, g_rand_int_range(r, 0, 8) ? sz : 70);
        len = g_rand_int_range(r, 1, g_rand_int_range(r, 0, 8) ? sz - (pos % sz) + 1 : 70);
        if (g_rand_int_range(r, 0, 16) == 0) {
            len = 0;
        }
        IRVal x = pick(g), y = op == IR_DEPOSIT ? pick(g) : IR_NONE;
        add_val(g, ir_emit(b, op, sz, 0, x, y, IR_NONE, IR_NONE, pos | len << 8));
        break;
    }
    case 9: {
        IRVal x = pick(g), y = pick(g);
        add_val(g, ir_emit(b, IR_SETCOND, sz, g_rand_int_range(r, 0, 12), x, y, IR_NONE, IR_NONE, 0));
        break;
    }
    case 10: {
        IRVal x = pick(g), y = pick(g), c = pick(g), d = pick(g);
        add_val(g, ir_emit(b, IR_MOVCOND, sz, g_rand_int_range(r, 0, 12), x, y, c, d, 0));
        break;
    }
    case 11: case 12: {
        int k = g_rand_int_range(r, 0, 4);
        IRVal x = pick(g), y = (k == CC_ADD || k == CC_SUB) ? pick(g) : IR_NONE;
        ir_emit(b, IR_SETFLAGS, sz, k, x, y, IR_NONE, IR_NONE, 0);
        break;
    }
    case 13: case 14: {
        int c = g_rand_int_range(r, 0, 16);
        if (g_rand_boolean(r)) {
            add_val(g, ir_emit(b, IR_TESTCC, 64, c, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0));
        } else {
            IRVal x = pick(g), y = pick(g);
            add_val(g, ir_emit(b, IR_SELCC, sz, c, x, y, IR_NONE, IR_NONE, 0));
        }
        break;
    }
    case 15:
        add_val(g, ir_emit(b, IR_GETNZCV, 32, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0));
        break;
    case 16:
        add_val(g, ir_emit(b, IR_MOV, rsz(g), 0, pick(g), IR_NONE, IR_NONE, IR_NONE, 0));
        break;
    default:
        ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE,
                b->pc + 4 * g_rand_int_range(r, 1, 64));
        break;
    }
}

static void random_tail(RB *g, int nops)
{
    for (int i = 0; i < nops; i++) {
        random_op(g);
    }
}

static void random_exit(RB *g, int slot)
{
    switch (g_rand_int_range(g->r, 0, 4)) {
    case 0:
        ir_emit(g->b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x40000 + slot * 8);
        break;
    default:
        ir_emit(g->b, IR_EXIT_TB, 64, slot, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x50000 + slot * 8);
        break;
    }
}

/* A straight-line block, optionally with one forward branch to a second exit. */
static void build_random(IRBlock *b, uint32_t seed)
{
    GRand *r = g_rand_new_with_seed(seed);
    RB g = { .b = b, .r = r, .vals = g_array_new(FALSE, FALSE, sizeof(IRVal)) };

    ir_block_init(b, 0x40001000 + 4 * g_rand_int_range(r, 0, 1000), 1);
    ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, b->pc);
    random_tail(&g, g_rand_int_range(r, 5, 70));
    int shape = g_rand_int_range(r, 0, 4);
    if (shape == 0) {
        random_exit(&g, 0);
    } else if (shape == 3) {
        ir_emit(b, IR_EXIT_INDIRECT, 64, 0, pick(&g), IR_NONE, IR_NONE, IR_NONE, 0);
    } else {
        uint32_t l = ir_new_label(b);
        if (shape == 1) {
            IRVal x = pick(&g), y = pick(&g);
            ir_emit(b, IR_BRCOND, rsz(&g), g_rand_int_range(r, 0, 12), x, y, IR_NONE, IR_NONE, l);
        } else {
            ir_emit(b, IR_BRCC, 64, g_rand_int_range(r, 0, 16), IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
        }
        random_tail(&g, g_rand_int_range(r, 0, 10));
        random_exit(&g, 0);
        ir_emit(b, IR_LABEL, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
        g_array_set_size(g.vals, 0);   /* nothing defined before the label is used after it */
        random_tail(&g, g_rand_int_range(r, 0, 10));
        random_exit(&g, 1);
    }
    ir_verify(b);
    g_array_free(g.vals, TRUE);
    g_rand_free(r);
}

static unsigned count_ops(const IRBlock *b)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        uint8_t op = b->insts[i].op;
        if (op != IR_NOP && op != IR_INSN_START && op != IR_MOVI && op != IR_LABEL) {
            n++;
        }
    }
    return n;
}

/* Run b on both engines from the same random state; false with a message on a mismatch. */
static bool run_both(const IRBlock *b, uint32_t seed, GString *why)
{
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    GRand *r = g_rand_new_with_seed(seed ^ 0x9e3779b9u);
    CPUARMState *e1 = new_env(r), *e2 = g_new(CPUARMState, 1);
    uint8_t *code;
    uintptr_t x1, x2;
    bool ok;

    memcpy(e2, e1, sizeof(*e1));
    code = gen(b, tb);
    x1 = x86_backend_enter(e1, code);
    x2 = ir_interp_exec(e2, b, tb);
    ok = env_equal(e1, e2, why);
    if (x1 != x2) {
        g_string_append_printf(why, " exit %" PRIxPTR " vs %" PRIxPTR, x1, x2);
        ok = false;
    }
    g_free(e1);
    g_free(e2);
    g_free(tb);
    g_rand_free(r);
    return ok;
}

static void random_blocks(unsigned features, bool optimize, uint32_t nseeds)
{
    unsigned saved = x86_backend_features();
    uint32_t base = g_test_rand_int();
    if (g_test_slow()) {
        nseeds *= 20;
    }
    x86_backend_set_features(features);
    for (uint32_t s = 0; s < nseeds; s++) {
        uint32_t seed = base + s;
        IRBlock b;
        g_autoptr(GString) why = g_string_new(NULL);
        build_random(&b, seed);
        if (optimize) {
            ir_optimize(&b);
            ir_verify(&b);
        }
        total_ir_ops += count_ops(&b);
        if (!run_both(&b, seed, why)) {
            g_autoptr(GString) dump = g_string_new(NULL);
            ir_dump(&b, dump);
            g_test_message("seed %u (optimize %d, features %#x):%s\n%s", seed, optimize,
                           features, why->str, dump->str);
            g_test_fail();
            ir_block_free(&b);
            break;
        }
        ir_block_free(&b);
    }
    x86_backend_set_features(saved);
}

static void test_random_raw(void)
{
    random_blocks(~0u, false, 3000);
}

static void test_random_opt(void)
{
    random_blocks(~0u, true, 3000);
}

static void test_random_nobmi(void)
{
    random_blocks(0, false, 1500);
    random_blocks(0, true, 1500);
}

/* ---- random vector IR (IR_VOP) against the interpreter ---- */

/* A random IR_VOP the features in use compile inline (x86_backend_set_features). */
static uint64_t random_vop(GRand *r)
{
    for (;;) {
        unsigned op = g_rand_int_range(r, 0, IRV_COUNT), esz = g_rand_int_range(r, 0, 4);
        unsigned bits = 8u << esz, sh = 0;
        if (op == IRV_SHL) {
            sh = g_rand_int_range(r, 0, bits);
        } else if (op == IRV_USHR || op == IRV_SSHR) {
            sh = g_rand_int_range(r, 1, bits + 1);
        }
        bool q = g_rand_boolean(r);
        if (op == IRV_EXT) {
            sh = g_rand_int_range(r, 0, q ? 16 : 8);
        }
        if (op == IRV_REV) {
            sh = g_rand_int_range(r, 1, 4);
        }
        if (irv_is_fp(op)) {    /* vector, scalar (Q = 0) or by element */
            unsigned k = g_rand_int_range(r, 0, 3);
            sh = k == 1 ? IRV_FP_SCALAR : k == 2 ? IRV_FP_ELEM | g_rand_int_range(r, 0, esz == 3 ? 2 : 4) : 0;
            q = k == 1 ? false : q;
        }
        uint64_t d = ir_vec_desc(op, esz, q, g_rand_int_range(r, 0, 32),
                                 g_rand_int_range(r, 0, 32), g_rand_int_range(r, 0, 32), sh);
        if (!ir_vec_desc_error(d) && ir_vec_native(op, esz, ir_vec_host)) {
            return d;
        }
    }
}

/* Lanes biased to the compare and min/max edges: equal, sign bits, zeros, all ones. */
static uint64_t random_lanes(GRand *r)
{
    static const uint64_t edge[] = { 0, ~0ull, 0x8000800080008000ull, 0x7f7f7f7f7f7f7f7full,
                                     0x8080808080808080ull, 0x0000000080000000ull };
    uint64_t v = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
    switch (g_rand_int_range(r, 0, 6)) {
    case 0: return edge[g_rand_int_range(r, 0, G_N_ELEMENTS(edge))];
    case 1: return v & 0x0101010180808080ull;
    case 2: case 3:     /* normal singles (and doubles) near 1, 2^-126 and the top: the FP ops */
        return (v & 0x807fffff807fffffull) |
               (g_rand_boolean(r) ? 0x3f8000003f800000ull : g_rand_boolean(r) ? 0x0080000000800000ull
                                                                              : 0x7f0000007f000000ull);
    default: return v;
    }
}

static void random_vec_blocks(unsigned features, uint32_t nseeds)
{
    unsigned saved = x86_backend_features();
    x86_backend_set_features(features);
    for (uint32_t s = 0; s < nseeds; s++) {
        uint32_t seed = g_test_rand_int();
        GRand *r = g_rand_new_with_seed(seed);
        IRBlock b;
        ir_block_init(&b, 0x40001000, 1);
        ir_emit(&b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, b.pc);
        for (int k = g_rand_int_range(r, 1, 40); k > 0; k--) {
            ir_emit(&b, IR_VOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, random_vop(r));
        }
        ir_emit(&b, IR_EXIT_TB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x50000);
        ir_verify(&b);
        if (g_rand_boolean(r)) {
            ir_optimize(&b);
            ir_verify(&b);
        }
        TranslationBlock *tb = g_new0(TranslationBlock, 1);
        CPUARMState *e1 = new_env(r), *e2 = g_new(CPUARMState, 1);
        for (int v = 0; v < 32; v++) {
            /* some registers equal to others, so lanes compare equal */
            e1->vregs[v][0] = v && g_rand_int_range(r, 0, 4) == 0 ? e1->vregs[v - 1][0] : random_lanes(r);
            e1->vregs[v][1] = random_lanes(r);
        }
        /* the FP ops' inline path needs FPSR.IXC set and FPCR's RN without FZ */
        e1->fpsr = g_rand_boolean(r) ? FPSR_IXC : 0;
        e1->fpcr = g_rand_int_range(r, 0, 4) ? 0 : g_rand_boolean(r) ? FPCR_FZ : 1u << FPCR_RMODE_SHIFT;
        memcpy(e2, e1, sizeof(*e1));
        uint8_t *code = gen(&b, tb);
        x86_backend_enter(e1, code);
        ir_interp_exec(e2, &b, tb);
        g_autoptr(GString) why = g_string_new(NULL);
        bool ok = env_equal(e1, e2, why);
        if (e1->fpsr != e2->fpsr) {
            g_string_append_printf(why, " fpsr %x vs %x", e1->fpsr, e2->fpsr);
            ok = false;
        }
        for (int v = 0; v < 32; v++) {
            if (memcmp(e1->vregs[v], e2->vregs[v], 16)) {
                g_string_append_printf(why, " v%d %016" PRIx64 ":%016" PRIx64 " vs %016" PRIx64
                                       ":%016" PRIx64, v, e1->vregs[v][1], e1->vregs[v][0],
                                       e2->vregs[v][1], e2->vregs[v][0]);
                ok = false;
            }
        }
        if (!ok) {
            g_autoptr(GString) dump = g_string_new(NULL);
            ir_dump(&b, dump);
            g_test_message("seed %u (features %#x):%s\n%s", seed, features, why->str, dump->str);
            g_test_fail();
        }
        total_ir_ops += count_ops(&b);
        g_free(e1);
        g_free(e2);
        g_free(tb);
        ir_block_free(&b);
        g_rand_free(r);
        if (!ok) {
            break;
        }
    }
    x86_backend_set_features(saved);
}

static void test_random_vec(void)
{
    random_vec_blocks(~0u, g_test_slow() ? 40000 : 2000);
    /* SSE2 only: fewer forms are native (ir_vec_native), the rest never reach the backend */
    random_vec_blocks(0, g_test_slow() ? 20000 : 1000);
}

/* Every native form appears: the generator above is not stuck on a few. */
static void test_vec_native_forms(void)
{
    unsigned saved = x86_backend_features();
    x86_backend_set_features(~0u);
    unsigned all = ir_vec_host, n = 0;
    x86_backend_set_features(0);
    g_assert_cmpuint(ir_vec_host, ==, 0);
    g_assert_false(ir_vec_native(IRV_CMEQ, 3, ir_vec_host));
    g_assert_true(ir_vec_native(IRV_CMEQ, 2, ir_vec_host));
    x86_backend_set_features(saved);
    for (unsigned op = 0; op < IRV_COUNT; op++) {
        for (unsigned esz = 0; esz < 4; esz++) {
            n += ir_vec_native(op, esz, all);
        }
    }
    g_test_message("%u of %u (op, element size) pairs inline on this host", n, IRV_COUNT * 4);
    g_assert_cmpuint(n, >=, 50);
}

/* ---- per-op edge cases against ir_eval_binop ---- */

/* x2 = op(x0, x1) with the operands as registers or immediates. */
static uint64_t run_op(IROp op, int sz, uint64_t imm, uint64_t a, uint64_t bv, int form)
{
    IRBlock b;
    TranslationBlock tb;
    CPUARMState *env = g_new0(CPUARMState, 1);
    ir_block_init(&b, 0x1000, 0);
    IRVal x = form & 1 ? ir_movi(&b, a) : ir_get_reg(&b, 0);
    IRVal y = form & 2 ? ir_movi(&b, bv) : ir_get_reg(&b, 1);
    IRVal z = ir_emit(&b, op, sz, 0, x, ir_op_table[op].nargs > 1 ? y : IR_NONE, IR_NONE, IR_NONE,
                      imm);
    ir_set_reg(&b, 2, z);
    ir_emit(&b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x2000);
    env->regs[0] = a;
    env->regs[1] = bv;
    g_assert_cmpuint(x86_backend_enter(env, gen(&b, &tb)), ==, 0);
    g_assert_cmpuint(env->pc, ==, 0x2000);
    uint64_t res = env->regs[2];
    g_assert_cmpuint(env->regs[0], ==, a);
    g_assert_cmpuint(env->regs[1], ==, bv);
    g_free(env);
    ir_block_free(&b);
    return res;
}

static void test_edge_ops(void)
{
    static const IROp ops[] = {
        IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_ANDN, IR_ORN, IR_XNOR,
        IR_NEG, IR_NOT, IR_SHL, IR_SHR, IR_SAR, IR_ROR, IR_MULHU, IR_MULHS,
        IR_DIVU, IR_DIVS, IR_CLZ, IR_RBIT, IR_BSWAP,
    };
    unsigned feats[2] = { ~0u, 0 }, saved = x86_backend_features();
    unsigned checks = 0;

    for (int f = 0; f < 2; f++) {
        x86_backend_set_features(feats[f]);
        for (size_t o = 0; o < G_N_ELEMENTS(ops); o++) {
            for (int sz = 32; sz <= 64; sz += 32) {
                for (size_t i = 0; i < G_N_ELEMENTS(interesting); i++) {
                    for (size_t j = 0; j < G_N_ELEMENTS(interesting); j++) {
                        uint64_t a = interesting[i], bv = interesting[j];
                        uint64_t want = ir_eval_binop(ops[o], sz, a, bv, 0);
                        for (int form = 0; form < 4; form++) {
                            uint64_t got = run_op(ops[o], sz, 0, a, bv, form);
                            if (got != want) {
                                g_test_message("%s sz %d a %" PRIx64 " b %" PRIx64 " form %d: "
                                               "%" PRIx64 " want %" PRIx64, ir_op_name(ops[o]),
                                               sz, a, bv, form, got, want);
                                g_test_fail();
                                return;
                            }
                            checks++;
                        }
                    }
                }
            }
        }
    }
    x86_backend_set_features(saved);
    /* The host must not have trapped on these. */
    g_assert_cmpuint(run_op(IR_DIVS, 64, 0, 0x8000000000000000ull, UINT64_MAX, 0), ==,
                     0x8000000000000000ull);
    g_assert_cmpuint(run_op(IR_DIVS, 32, 0, 0x80000000u, 0xffffffffu, 0), ==, 0x80000000u);
    g_assert_cmpuint(run_op(IR_DIVU, 64, 0, 5, 0, 0), ==, 0);
    g_assert_cmpuint(run_op(IR_DIVS, 32, 0, 5, 0, 2), ==, 0);
    g_test_message("%u op checks", checks);
}

static void test_edge_bitfield(void)
{
    static const IROp ops[] = { IR_EXTU, IR_EXTS, IR_EXTRACT, IR_SEXTRACT, IR_DEPOSIT };
    unsigned saved = x86_backend_features();
    for (int f = 0; f < 2; f++) {
        x86_backend_set_features(f ? 0 : ~0u);
        for (size_t o = 0; o < G_N_ELEMENTS(ops); o++) {
            for (int sz = 32; sz <= 64; sz += 32) {
                for (unsigned pos = 0; pos <= 66; pos += (pos < 8 || pos > 56) ? 1 : 7) {
                    for (unsigned len = 0; len <= 66; len += (len < 8 || len > 56) ? 1 : 5) {
                        uint64_t imm = (ops[o] == IR_EXTU || ops[o] == IR_EXTS) ? len : pos | len << 8;
                        uint64_t a = 0xf00dfeedcafe8badull ^ (pos * 0x0101010101010101ull);
                        uint64_t bv = 0x8765432187654321ull;
                        uint64_t want = ir_eval_binop(ops[o], sz, a, bv, imm);
                        uint64_t got = run_op(ops[o], sz, imm, a, bv, pos & 1 ? 0 : 2);
                        if (got != want) {
                            g_test_message("%s sz %d pos %u len %u: %" PRIx64 " want %" PRIx64,
                                           ir_op_name(ops[o]), sz, pos, len, got, want);
                            g_test_fail();
                            return;
                        }
                    }
                }
            }
        }
    }
    x86_backend_set_features(saved);
}

/* Every condition of every flag kind, from host flags and from env (unknown flags). */
static void test_edge_flags(void)
{
    unsigned n = 0;
    for (int kind = 0; kind < 4; kind++) {
        for (int sz = 32; sz <= 64; sz += 32) {
            for (size_t i = 0; i < G_N_ELEMENTS(interesting); i += 2) {
                for (size_t j = 0; j < G_N_ELEMENTS(interesting); j += 3) {
                    for (int where = 0; where < 2; where++) {
                        IRBlock b;
                        TranslationBlock tb;
                        CPUARMState *env = g_new0(CPUARMState, 1);
                        uint64_t a = interesting[i], bv = interesting[j];
                        ir_block_init(&b, 0x1000, 0);
                        if (where == 0) {
                            IRVal x = ir_get_reg(&b, 0), y = ir_get_reg(&b, 1);
                            ir_emit(&b, IR_SETFLAGS, sz, kind, x, y, IR_NONE, IR_NONE, 0);
                        } else {
                            env->cc_op = kind | (sz == 64 ? CC_OP_64 : 0);
                            env->cc_a = a;
                            env->cc_b = bv;
                        }
                        for (int c = 0; c < 16; c++) {
                            ir_set_reg(&b, 2 + c, ir_emit(&b, IR_TESTCC, 64, c, IR_NONE, IR_NONE,
                                                          IR_NONE, IR_NONE, 0));
                        }
                        ir_set_reg(&b, 20, ir_emit(&b, IR_GETNZCV, 32, 0, IR_NONE, IR_NONE,
                                                   IR_NONE, IR_NONE, 0));
                        ir_emit(&b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
                        env->regs[0] = a;
                        env->regs[1] = bv;
                        x86_backend_enter(env, gen(&b, &tb));
                        uint32_t nzcv = ir_flags_nzcv(kind, sz, a, bv);
                        for (int c = 0; c < 16; c++) {
                            if (env->regs[2 + c] != ir_arm_cond_holds(c, nzcv)) {
                                g_test_message("kind %d sz %d a %" PRIx64 " b %" PRIx64 " cond %d",
                                               kind, sz, a, bv, c);
                                g_test_fail();
                            }
                            n++;
                        }
                        g_assert_cmphex(env->regs[20], ==, nzcv);
                        g_assert_cmphex(cpu_get_nzcv(env), ==, nzcv);
                        ir_block_free(&b);
                        g_free(env);
                    }
                }
            }
        }
    }
    g_test_message("%u condition checks", n);
}

/* ---- register pressure ---- */

static void test_pressure(void)
{
    for (uint32_t seed = 1; seed <= 200; seed++) {
        IRBlock b;
        IRVal v[GR_COUNT + 40];
        int n = 0;
        GRand *r = g_rand_new_with_seed(seed);
        g_autoptr(GString) why = g_string_new(NULL);

        ir_block_init(&b, 0x2000, 0);
        for (int i = 0; i < GR_COUNT; i++) {
            v[n++] = ir_get_reg(&b, i);
        }
        /* 40 more values, all live until the end. */
        for (int i = 0; i < 40; i++) {
            IRVal x = v[g_rand_int_range(r, 0, n)], y = v[g_rand_int_range(r, 0, n)];
            v[n++] = ir_bin(&b, value_ops[g_rand_int_range(r, 0, G_N_ELEMENTS(value_ops))],
                            g_rand_boolean(r) ? 32 : 64, x, y);
            if (i % 10 == 9) {
                ir_emit(&b, IR_SETFLAGS, 64, CC_SUB, x, y, IR_NONE, IR_NONE, 0);
            }
        }
        for (int i = 0; i < GR_COUNT; i++) {
            IRVal s = v[n - 1 - i];
            for (int k = 0; k < 3; k++) {
                s = ir_bin(&b, IR_ADD, 64, s, v[g_rand_int_range(r, 0, n)]);
            }
            ir_set_reg(&b, (i * 7) % GR_COUNT, s);
        }
        ir_emit(&b, IR_SELCC, 64, ARM_GT, v[3], v[n - 2], IR_NONE, IR_NONE, 0);
        ir_emit(&b, IR_EXIT_TB, 64, 1, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x3000);
        if (!run_both(&b, seed, why)) {
            g_test_message("pressure seed %u:%s", seed, why->str);
            g_test_fail();
        }
        ir_block_free(&b);
        g_rand_free(r);
    }
}

/* Helper calls: arguments, results, and state written back around them. */
static uint64_t test_helper_fn(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    /* Reads a guest register that the block set just before (CALL_READS_REGS). */
    return a * 3 + b * 5 + c * 7 + env->regs[5];
}

static uint64_t test_helper_fn4(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    return a * 3 + b * 5 + c * 7 + d * 11 + env->regs[5];
}

static uint64_t test_helper_writes(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    env->regs[6] = a + 1;
    cpu_set_nzcv(env, 0x60000000);
    return 0;
}

static void test_calls(void)
{
    for (uint32_t seed = 1; seed <= 300; seed++) {
        IRBlock b;
        GRand *r = g_rand_new_with_seed(seed);
        RB g = { .b = &b, .r = r, .vals = g_array_new(FALSE, FALSE, sizeof(IRVal)) };
        g_autoptr(GString) why = g_string_new(NULL);

        ir_block_init(&b, 0x3000, 0);
        random_tail(&g, 20);
        ir_set_reg(&b, 5, pick(&g));
        IRVal x = pick(&g), y = pick(&g), z = pick(&g);
        /* Arguments in a permuted order force the parallel move. */
        add_val(&g, ir_call(&b, test_helper_fn, CALL_READS_REGS, 3, z, x, y));
        random_tail(&g, 10);
        /* The most arguments a call takes (the fourth in R8). */
        IRVal w = pick(&g);
        add_val(&g, ir_emit(&b, IR_CALL, IR_CALL_MAX_ARGS, CALL_READS_REGS, y, w, z, x,
                            (uintptr_t)test_helper_fn4));
        random_tail(&g, 10);
        ir_call(&b, test_helper_writes, CALL_WRITES_REGS, 1, pick(&g), IR_NONE, IR_NONE);
        random_tail(&g, 20);
        random_exit(&g, 0);
        if (!run_both(&b, seed, why)) {
            g_autoptr(GString) dump = g_string_new(NULL);
            ir_dump(&b, dump);
            g_test_message("call seed %u:%s\n%s", seed, why->str, dump->str);
            g_test_fail();
        }
        g_array_free(g.vals, TRUE);
        ir_block_free(&b);
        g_rand_free(r);
    }
}

/* ---- plugin inline counters (IR_PLUGIN_ADD) ---- */

/* The add to one counter and to the vCPU's element of an array (cpu_index read through env,
 * so env sits in an ARMCPU here), by constants (imm32 and not) and by a value, in generated
 * code and in the interpreter alike. */
static void test_plugin_add(void)
{
    static uint64_t counter[2], per_vcpu[2][4];
    GRand *r = g_rand_new_with_seed(7);
    CPUARMState *init = new_env(r);
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    IRBlock b;

    ir_block_init(&b, 0x5000, 0);
    for (int engine = 0; engine < 2; engine++) {
        ir_block_reset(&b, 0x5000, 0);
        IRVal p = ir_movi(&b, (uintptr_t)&counter[engine]);
        IRVal v = ir_movi(&b, (uintptr_t)per_vcpu[engine]);
        ir_emit(&b, IR_PLUGIN_ADD, 64, 0, p, ir_movi(&b, 5), IR_NONE, IR_NONE, 0);
        ir_emit(&b, IR_PLUGIN_ADD, 64, 0, p, ir_movi(&b, 0x100000000ull), IR_NONE, IR_NONE, 0);
        ir_emit(&b, IR_PLUGIN_ADD, 64, 0, v, ir_movi(&b, 3), IR_NONE, IR_NONE, 1);
        ir_emit(&b, IR_PLUGIN_ADD, 64, 0, v, ir_get_reg(&b, 4), IR_NONE, IR_NONE, 1);
        ir_emit(&b, IR_EXIT_TB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x6000);
        ir_verify(&b);
        ARMCPU *cpu = g_new0(ARMCPU, 1);
        cpu->env = *init;
        cpu->cpu_index = 2;
        if (engine == 0) {
            x86_backend_enter(&cpu->env, gen(&b, tb));
        } else {
            ir_interp_exec(&cpu->env, &b, tb);
        }
        g_assert_cmphex(counter[engine], ==, 0x100000005ull);
        g_assert_cmphex(per_vcpu[engine][2], ==, 3 + init->regs[4]);
        g_assert_cmphex(per_vcpu[engine][0] | per_vcpu[engine][1] | per_vcpu[engine][3], ==, 0);
        g_free(cpu);
    }
    ir_block_free(&b);
    g_free(tb);
    g_free(init);
    g_rand_free(r);
}

/* ---- memory ---- */

static MemoryRegion ram, mmio;
static uint64_t mmio_last_addr, mmio_last_val;
static unsigned mmio_reads, mmio_writes;
/* Guest state seen by the device: it must be exact when the slow path runs. */
static CPUARMState *mmio_env;
static uint64_t mmio_seen_x3, mmio_seen_pc;

static void mmio_snoop(void)
{
    if (mmio_env) {
        mmio_seen_x3 = mmio_env->regs[3];
        mmio_seen_pc = mmio_env->pc;
    }
}

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    mmio_reads++;
    mmio_last_addr = addr;
    mmio_snoop();
    return 0x1122334455667788ull >> (8 * (8 - size) % 64) ;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    mmio_writes++;
    mmio_last_addr = addr;
    mmio_snoop();
    mmio_last_val = val;
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read, .write = mmio_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

static void setup_memory(void)
{
    static bool done;
    if (done) {
        return;
    }
    done = true;
    g_assert_true(mr_init_ram(&ram, NULL, "ram", 1 << 20, NULL));
    mr_add_subregion(get_system_memory(), 0x40000000, &ram);
    mr_init_io(&mmio, NULL, &mmio_ops, NULL, "mmio", 0x1000);
    mr_add_subregion(get_system_memory(), 0x09000000, &mmio);
}

/* st [x0], x1 (memop); x2 = ld [x0] (memop2) */
static void mem_block(IRBlock *b, unsigned stop, unsigned ldop, int el)
{
    ir_block_init(b, 0x40000000, el);
    ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x40000000);
    IRVal a = ir_get_reg(b, 0), v = ir_get_reg(b, 1);
    IRVal keep = ir_bin(b, IR_ADD, 64, a, v);       /* live across both accesses */
    /* x3 = x3 + 98: a dirty cached guest register at the slow path */
    ir_set_reg(b, 3, ir_bin(b, IR_ADD, 64, ir_get_reg(b, 3), ir_movi(b, 98)));
    ir_emit(b, IR_ST, 64, 0, a, v, IR_NONE, IR_NONE, stop);
    ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x40000004);
    ir_set_reg(b, 2, ir_emit(b, IR_LD, 64, 0, a, IR_NONE, IR_NONE, IR_NONE, ldop));
    ir_set_reg(b, 4, keep);
    ir_emit(b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x40000008);
}

static uint64_t extend(uint64_t v, unsigned memop)
{
    int bits = 8 << (memop & MO_SIZE);
    if (bits == 64) {
        return v;
    }
    v &= (1ull << bits) - 1;
    if (memop & MO_SIGN) {
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v;
}

static void test_memory(void)
{
    static const uint64_t addrs[] = {
        0x40000000, 0x40000008, 0x40000ffc, 0x40000ffe, 0x40000fff, 0x40001001, 0x400fff00,
    };
    uint8_t *host;
    unsigned checks = 0;

    setup_memory();
    host = mr_get_ram_ptr(&ram);
    for (int el = 0; el < 2; el++) {
        for (size_t ai = 0; ai < G_N_ELEMENTS(addrs); ai++) {
            for (unsigned sz = 0; sz < 4; sz++) {
                for (int sign = 0; sign < 2; sign++) {
                    for (int pass = 0; pass < 3; pass++) {
                        IRBlock b;
                        TranslationBlock tb;
                        CPUARMState *env = g_new0(CPUARMState, 1);
                        uint64_t val = 0x8899aabbccddeeffull ^ (ai << 8) ^ pass;
                        unsigned ldop = sz | (sign ? MO_SIGN : 0);
                        int size = 1 << sz;
                        uint64_t addr = addrs[ai];
                        tlb_flush(env);
                        env->el = el;
                        if (pass > 0) {
                            /* Warm the TLB through the slow path's fill, then hit it. */
                            tlb_fill(env, addr, 0, el != 0);
                            tlb_fill(env, addr, 1, el != 0);
                        }
                        mem_block(&b, sz, ldop, el);
                        memset(host + (addr & 0xfffff), 0x5a, MIN(16, 0x100000 - (addr & 0xfffff)));
                        env->regs[0] = addr;
                        env->regs[1] = val;
                        env->regs[3] = 1;
                        g_assert_cmpuint(x86_backend_enter(env, gen(&b, &tb)), ==, 0);
                        uint64_t want = extend(val, ldop);
                        uint64_t in_ram = 0;
                        memcpy(&in_ram, host + (addr & 0xfffff), size);
                        g_assert_cmphex(in_ram, ==, val & (size == 8 ? UINT64_MAX : (1ull << (8 * size)) - 1));
                        g_assert_cmphex(env->regs[2], ==, want);
                        g_assert_cmphex(env->regs[3], ==, 99);
                        g_assert_cmphex(env->regs[4], ==, addr + val);
                        g_assert_cmphex(env->pc, ==, 0x40000008);
                        checks++;
                        ir_block_free(&b);
                        g_free(env);
                    }
                }
            }
        }
    }
    /* A hand-filled entry: the fast path uses its addend without calling out. */
    {
        IRBlock b;
        TranslationBlock tb;
        CPUARMState *env = g_new0(CPUARMState, 1);
        static uint64_t fake_page[512] __attribute__((aligned(4096)));
        uint64_t gva = 0x7000123000ull;
        TLBEntry *e = &env->tlb[0][(gva >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
        tlb_flush(env);
        e->addr_read = e->addr_write = gva;
        e->addend = (uintptr_t)fake_page - gva;
        mem_block(&b, MO_64, MO_32 | MO_SIGN, 0);
        env->regs[0] = gva + 16;
        env->regs[3] = 1;
        env->regs[1] = 0xfedcba9880000001ull;
        x86_backend_enter(env, gen(&b, &tb));
        g_assert_cmphex(fake_page[2], ==, 0xfedcba9880000001ull);
        g_assert_cmphex(env->regs[2], ==, 0xffffffff80000001ull);
        ir_block_free(&b);
        g_free(env);
    }
    /* MMIO always takes the slow path. */
    {
        IRBlock b;
        TranslationBlock tb;
        CPUARMState *env = g_new0(CPUARMState, 1);
        tlb_flush(env);
        mem_block(&b, MO_32, MO_16, 0);
        mmio_reads = mmio_writes = 0;
        uint8_t *code = gen(&b, &tb);
        mmio_env = env;
        for (int k = 0; k < 3; k++) {
            env->regs[0] = 0x09000010;
            env->regs[1] = 0xabcd1234;
            env->regs[3] = 1;
            env->pc = 0;
            x86_backend_enter(env, code);
        }
        mmio_env = NULL;
        g_assert_cmphex(mmio_seen_x3, ==, 99);              /* written back before the call */
        g_assert_cmphex(mmio_seen_pc, ==, 0x40000004);      /* the load's instruction */
        g_assert_cmpuint(mmio_writes, ==, 3);
        g_assert_cmpuint(mmio_reads, ==, 3);
        g_assert_cmphex(mmio_last_val, ==, 0xabcd1234);
        g_assert_cmphex(mmio_last_addr, ==, 0x10);
        g_assert_cmphex(env->regs[2], ==, mmio_read(NULL, 0, 2));
        ir_block_free(&b);
        g_free(env);
    }
    g_test_message("%u memory checks", checks);
}

/* Random memory blocks against the interpreter (which always takes helper_ld/st). */
static void test_memory_random(void)
{
    setup_memory();
    uint8_t *host = mr_get_ram_ptr(&ram);
    for (uint32_t seed = 1; seed <= 300; seed++) {
        IRBlock b;
        GRand *r = g_rand_new_with_seed(seed);
        RB g = { .b = &b, .r = r, .vals = g_array_new(FALSE, FALSE, sizeof(IRVal)) };
        g_autoptr(GString) why = g_string_new(NULL);
        ir_block_init(&b, 0x40000000, seed & 1);
        IRVal base = ir_movi(&b, 0x40000000 + (g_rand_int_range(r, 0, 0xf0) << 12));
        for (int k = 0; k < 12; k++) {
            random_tail(&g, 3);
            IRVal off = ir_movi(&b, g_rand_int_range(r, 0, 0x3000));
            IRVal a = ir_bin(&b, IR_ADD, 64, base, off);
            unsigned op = g_rand_int_range(r, 0, 8);
            if (g_rand_boolean(r)) {
                add_val(&g, ir_emit(&b, IR_LD, 64, 0, a, IR_NONE, IR_NONE, IR_NONE, op));
            } else {
                ir_emit(&b, IR_ST, 64, 0, a, pick(&g), IR_NONE, IR_NONE, op & 3);
            }
        }
        random_exit(&g, 0);
        /* Both runs start from the same memory contents. */
        g_autofree uint8_t *snap = g_memdup2(host, 1 << 20);
        TranslationBlock *tb = g_new0(TranslationBlock, 1);
        GRand *r2 = g_rand_new_with_seed(seed);
        CPUARMState *e1 = new_env(r2), *e2 = g_new(CPUARMState, 1);
        e1->el = seed & 1;
        memcpy(e2, e1, sizeof(*e1));
        uintptr_t x1 = x86_backend_enter(e1, gen(&b, tb));
        g_autofree uint8_t *after = g_memdup2(host, 1 << 20);
        memcpy(host, snap, 1 << 20);
        uintptr_t x2 = ir_interp_exec(e2, &b, tb);
        bool ok = env_equal(e1, e2, why) && x1 == x2 && memcmp(after, host, 1 << 20) == 0;
        if (!ok) {
            g_test_message("memory seed %u:%s", seed, why->str);
            g_test_fail();
        }
        g_free(e1);
        g_free(e2);
        g_free(tb);
        g_rand_free(r2);
        g_array_free(g.vals, TRUE);
        ir_block_free(&b);
        g_rand_free(r);
    }
}

/* ---- chaining, exit request, overflow, marks ---- */

static void test_chain(void)
{
    IRBlock a, bb;
    TranslationBlock *ta = g_new0(TranslationBlock, 1), *tbb = g_new0(TranslationBlock, 1);
    CPUARMState *env = g_new0(CPUARMState, 1);

    ir_block_init(&a, 0x1000, 0);
    ir_set_reg(&a, 0, ir_bin(&a, IR_ADD, 64, ir_get_reg(&a, 0), ir_movi(&a, 1)));
    IRVal c = ir_get_reg(&a, 9);
    uint32_t l = ir_new_label(&a);
    ir_emit(&a, IR_BRCOND, 64, IRC_NE, c, ir_movi(&a, 0), IR_NONE, IR_NONE, l);
    ir_emit(&a, IR_EXIT_TB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x2000);
    ir_emit(&a, IR_LABEL, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    ir_emit(&a, IR_EXIT_TB, 64, 1, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x3000);
    ir_block_init(&bb, 0x2000, 0);
    ir_set_reg(&bb, 1, ir_bin(&bb, IR_ADD, 64, ir_get_reg(&bb, 1), ir_movi(&bb, 42)));
    ir_emit(&bb, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x2004);

    uint8_t *ca = gen(&a, ta), *cb = gen(&bb, tbb);
    g_assert_cmpuint(ta->jmp_off[0], !=, UINT32_MAX);
    g_assert_cmpuint(ta->jmp_off[1], !=, UINT32_MAX);
    g_assert_true(ta->code == ca);

    g_assert_cmphex(x86_backend_enter(env, ca), ==, (uintptr_t)ta | 0);
    g_assert_cmphex(env->pc, ==, 0x2000);
    env->regs[9] = 1;
    g_assert_cmphex(x86_backend_enter(env, ca), ==, (uintptr_t)ta | 1);
    g_assert_cmphex(env->pc, ==, 0x3000);
    env->regs[9] = 0;

    x86_backend_patch_jump(ta, 0, cb);
    g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
    g_assert_cmphex(env->pc, ==, 0x2004);
    g_assert_cmpuint(env->regs[0], ==, 3);
    g_assert_cmpuint(env->regs[1], ==, 42);

    /* A kick is seen at the chained block's entry. */
    env->exit_request = 1;
    g_assert_cmphex(x86_backend_enter(env, cb), ==, 0);
    g_assert_cmphex(env->pc, ==, 0x2000);
    g_assert_cmpuint(env->regs[1], ==, 42);
    env->exit_request = 0;

    x86_backend_patch_jump(ta, 0, NULL);
    g_assert_cmphex(x86_backend_enter(env, ca), ==, (uintptr_t)ta | 0);
    g_assert_cmpuint(env->regs[1], ==, 42);
    g_assert_cmpuint(env->regs[0], ==, 4);

    /* -d nochain: no slots, plain returns. */
    log_mask |= LOG_NOCHAIN;
    TranslationBlock *tn = g_new0(TranslationBlock, 1);
    uint8_t *cn = gen(&a, tn);
    log_mask &= ~LOG_NOCHAIN;
    g_assert_cmpuint(tn->jmp_off[0], ==, UINT32_MAX);
    g_assert_cmphex(x86_backend_enter(env, cn), ==, 0);
    g_assert_cmphex(env->pc, ==, 0x2000);

    ir_block_free(&a);
    ir_block_free(&bb);
    g_free(ta);
    g_free(tbb);
    g_free(tn);
    g_free(env);
}

/* A chain across pages with the MMU on goes through the code-TLB check. */
static void test_page_check(void)
{
    IRBlock a, bb;
    TranslationBlock *ta = g_new0(TranslationBlock, 1), *tbb = g_new0(TranslationBlock, 1);
    CPUARMState *env = g_new0(CPUARMState, 1);
    uint32_t flags = 1 | TB_FLAG_MMU;                   /* EL1: MMU index 1 */
    uint64_t va = 0xffff800000123000ull, pa = 0x40567000ull;
    unsigned idx = (va >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);

    ir_block_init(&a, va - 0x10, flags);
    ir_set_reg(&a, 0, ir_bin(&a, IR_ADD, 64, ir_get_reg(&a, 0), ir_movi(&a, 1)));
    ir_emit(&a, IR_EXIT_TB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, va);
    ir_block_init(&bb, va, flags);
    ir_set_reg(&bb, 1, ir_bin(&bb, IR_ADD, 64, ir_get_reg(&bb, 1), ir_movi(&bb, 42)));
    ir_emit(&bb, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, va + 4);
    uint8_t *ca = gen(&a, ta);
    gen(&bb, tbb);
    tbb->phys_pc = pa;
    tlb_flush(env);

    uint8_t *stub = code_buf + code_used;
    int n = x86_backend_gen_page_check(stub, CODE_SIZE - code_used, tbb);
    g_assert_cmpint(n, >, 0);
    code_used = (code_used + n + 15) & ~(size_t)15;
    x86_backend_patch_jump(ta, 0, stub);
    /* nothing in the code TLB: back to the loop, pc at the target */
    g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
    g_assert_cmphex(env->pc, ==, va);
    g_assert_cmpuint(env->regs[1], ==, 0);
    /* the page maps to the block's physical page: straight in */
    env->tlb[1][idx].addr_code = va;
    env->tlb_full[1][idx].paddr = pa;
    g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
    g_assert_cmphex(env->pc, ==, va + 4);
    g_assert_cmpuint(env->regs[1], ==, 42);
    /* another physical page now (a remap): back to the loop */
    env->tlb_full[1][idx].paddr = pa + 0x1000;
    g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
    g_assert_cmphex(env->pc, ==, va);
    g_assert_cmpuint(env->regs[1], ==, 42);
    /* the EL0 view's entry does not count for an EL1 block */
    env->tlb_full[1][idx].paddr = pa;
    env->tlb[1][idx].addr_code = TLB_INVALID;
    env->tlb[0][idx].addr_code = va;
    env->tlb_full[0][idx].paddr = pa;
    g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
    g_assert_cmpuint(env->regs[1], ==, 42);
    g_assert_cmpuint(env->regs[0], ==, 4);

    ir_block_free(&a);
    ir_block_free(&bb);
    g_free(ta);
    g_free(tbb);
    g_free(env);
}

/* An indirect branch that keeps its block's flags probes the CPU's jump cache inline:
 * only an entry of this CPU's cache with the target pc, the block's flags and the current
 * tag is followed; anything else goes to helper_lookup_tb_ptr (which finds nothing here:
 * back to the loop with the PC set). ERET's form (imm 0) never probes. */
static void test_jc_probe(void)
{
    IRBlock a, bb, er;
    TranslationBlock *ta = g_new0(TranslationBlock, 1), *tbb = g_new0(TranslationBlock, 1);
    TranslationBlock *te = g_new0(TranslationBlock, 1);
    CPUARMState *env = g_new0(CPUARMState, 1);
    JmpCache *jc = g_new0(JmpCache, 1);
    const uint64_t target = 0x7654320;
    const uint32_t flags = 1 | TB_FLAG_FPEN;

    ir_block_init(&a, 0x1000, flags);
    ir_emit(&a, IR_EXIT_INDIRECT, 64, 0, ir_get_reg(&a, 5), IR_NONE, IR_NONE, IR_NONE,
            IR_EXIT_KEEPS_FLAGS);
    ir_block_init(&er, 0x1100, flags);
    ir_emit(&er, IR_EXIT_INDIRECT, 64, 0, ir_get_reg(&er, 5), IR_NONE, IR_NONE, IR_NONE, 0);
    ir_block_init(&bb, target, flags);
    ir_set_reg(&bb, 1, ir_bin(&bb, IR_ADD, 64, ir_get_reg(&bb, 1), ir_movi(&bb, 42)));
    ir_emit(&bb, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, target + 4);
    ta->flags = te->flags = tbb->flags = flags;
    uint8_t *ca = gen(&a, ta), *ce = gen(&er, te), *cb = gen(&bb, tbb);

    env->regs[5] = target;
    env->tlb_flush_count = 7;
    env->jmp_cache = jc;
    jc->owner = env;
    JmpCacheEntry *e = &jc->e[(target >> 2) & (JC_SIZE - 1)];
    *e = (JmpCacheEntry){ target, tbb, cb, flags, 7 + *tb_inval_count() };
    /* a hit: straight into the target */
    g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
    g_assert_cmphex(env->pc, ==, target + 4);
    g_assert_cmpuint(env->regs[1], ==, 42);
    /* ERET's exit does not trust the entry: the helper, which has no block for it */
    g_assert_cmphex(x86_backend_enter(env, ce), ==, 0);
    g_assert_cmphex(env->pc, ==, target);
    g_assert_cmpuint(env->regs[1], ==, 42);
    /* a stale tag, other flags, another pc at that index, another CPU's cache, none */
    for (int k = 0; k < 5; k++) {
        *e = (JmpCacheEntry){ target, tbb, cb, flags, 7 + *tb_inval_count() };
        env->jmp_cache = jc;
        jc->owner = env;
        switch (k) {
        case 0: env->tlb_flush_count = 8; break;
        case 1: e->flags = flags | TB_FLAG_MMU; break;
        case 2: e->pc = target + (JC_SIZE << 2); break;
        case 3: jc->owner = NULL; break;
        case 4: env->jmp_cache = NULL; break;
        }
        g_assert_cmphex(x86_backend_enter(env, ca), ==, 0);
        g_assert_cmphex(env->pc, ==, target);
        g_assert_cmpuint(env->regs[1], ==, 42);
        env->tlb_flush_count = 7;
    }

    ir_block_free(&a);
    ir_block_free(&er);
    ir_block_free(&bb);
    g_free(ta);
    g_free(te);
    g_free(tbb);
    g_free(jc);
    g_free(env);
}

static void test_exit_request(void)
{
    IRBlock b;
    TranslationBlock tb;
    CPUARMState *env = g_new0(CPUARMState, 1);
    ir_block_init(&b, 0xffff000012345678ull, 0);
    ir_set_reg(&b, 0, ir_movi(&b, 7));
    ir_emit(&b, IR_EXIT_TB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1000);
    uint8_t *c = gen(&b, &tb);
    env->exit_request = 1;
    g_assert_cmphex(x86_backend_enter(env, c), ==, 0);
    g_assert_cmphex(env->pc, ==, 0xffff000012345678ull);
    g_assert_cmpuint(env->regs[0], ==, 0);
    env->exit_request = 0;
    g_assert_cmphex(x86_backend_enter(env, c), ==, (uintptr_t)&tb);
    g_assert_cmpuint(env->regs[0], ==, 7);
    ir_block_free(&b);
    g_free(env);
}

static void test_overflow(void)
{
    IRBlock b;
    TranslationBlock tb;
    uint8_t *small;
    int full;

    build_random(&b, 12345);
    memset(&tb, 0, sizeof(tb));
    /* Same address as the small runs: the size depends on it (rel32 reach, slot alignment). */
    small = code_buf + code_used;
    full = x86_backend_gen(&b, &tb, small, CODE_SIZE - code_used, NULL);
    g_assert_cmpint(full, >, 0);
    for (size_t cap = 0; cap < (size_t)full; cap += 1 + cap / 8) {
        TranslationBlock t2 = { .jmp_off = { 7, 7 } };
        g_assert_cmpint(x86_backend_gen(&b, &t2, small, cap, NULL), ==, -1);
        g_assert_cmpuint(t2.jmp_off[0], ==, 7);     /* nothing half-valid */
    }
    g_assert_cmpint(x86_backend_gen(&b, &tb, small, full, NULL), ==, full);
    g_assert_cmpint(x86_backend_prologue(small, 8), ==, -1);
    ir_block_free(&b);
}

static void test_marks(void)
{
    IRBlock b;
    TranslationBlock tb = { 0 };
    X86GenMarks marks = { 0 };
    unsigned starts = 0;

    build_random(&b, 777);
    for (uint32_t i = 0; i < b.n; i++) {
        starts += b.insts[i].op == IR_INSN_START;
    }
    int n = x86_backend_gen(&b, &tb, code_buf + code_used, CODE_SIZE - code_used, &marks);
    g_assert_cmpint(n, >, 0);
    g_assert_cmpuint(marks.n, >=, 1);
    g_assert_cmpuint(marks.n, <=, starts);
    g_assert_cmphex(marks.m[0].guest_pc, ==, b.pc);
    for (uint32_t i = 1; i < marks.n; i++) {
        g_assert_cmpuint(marks.m[i].host_off, >=, marks.m[i - 1].host_off);
        g_assert_cmpuint(marks.m[i].host_off, <, (uint32_t)n);
    }
    g_free(marks.m);
    ir_block_free(&b);
}

static void test_code_size(void)
{
    uint64_t bytes0 = total_code_bytes, ops0 = total_ir_ops;
    total_code_bytes = total_ir_ops = 0;
    random_blocks(~0u, true, 1000);
    g_test_message("optimized random blocks: %.1f host bytes per IR op (%" PRIu64 " ops)",
                   (double)total_code_bytes / MAX(total_ir_ops, 1), total_ir_ops);
    printf("# %.1f host bytes per IR op on optimized random blocks\n",
           (double)total_code_bytes / MAX(total_ir_ops, 1));
    g_assert_cmpuint(total_code_bytes / MAX(total_ir_ops, 1), <, 64);
    total_code_bytes += bytes0;
    total_ir_ops += ops0;
}

/* ---- malformed IR is an assertion at generation time ---- */

static void run_backend(IRBlock *b)
{
    TranslationBlock tb = { 0 };
    x86_backend_gen(b, &tb, code_buf + code_used, CODE_SIZE - code_used, NULL);
}

static const IRMalformedAbort backend_aborts[] = {
    { "fall-off", "*end of block (2 instructions): the block ends without an exit*" },
    { "unplaced", "*end of block (2 instructions): a branch to a label that is never placed*" },
    { "reg", "*instruction 0: no guest register*" },
    { "forward", "*instruction 0: an operand is not defined before its use*" },
    { "label-twice", "*instruction 4: a label that is no label of the block, or placed twice*" },
    { "backward", "*instruction 1: a branch to no label of the block, or backwards*" },
};

static void test_asserts(gconstpointer data)
{
    ir_malformed_expect_abort(data, run_backend);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup_code();
    g_test_add_func("/x86backend/edge/ops", test_edge_ops);
    g_test_add_func("/x86backend/edge/bitfield", test_edge_bitfield);
    g_test_add_func("/x86backend/edge/flags", test_edge_flags);
    g_test_add_func("/x86backend/random/raw", test_random_raw);
    g_test_add_func("/x86backend/random/optimized", test_random_opt);
    g_test_add_func("/x86backend/random/no-bmi-lzcnt", test_random_nobmi);
    g_test_add_func("/x86backend/random/vector", test_random_vec);
    g_test_add_func("/x86backend/vector-native", test_vec_native_forms);
    g_test_add_func("/x86backend/pressure", test_pressure);
    g_test_add_func("/x86backend/calls", test_calls);
    g_test_add_func("/x86backend/plugin-add", test_plugin_add);
    g_test_add_func("/x86backend/memory", test_memory);
    g_test_add_func("/x86backend/memory-random", test_memory_random);
    g_test_add_func("/x86backend/chain", test_chain);
    g_test_add_func("/x86backend/exit-request", test_exit_request);
    g_test_add_func("/x86backend/page-check", test_page_check);
    g_test_add_func("/x86backend/jc-probe", test_jc_probe);
    g_test_add_func("/x86backend/overflow", test_overflow);
    g_test_add_func("/x86backend/marks", test_marks);
    g_test_add_func("/x86backend/code-size", test_code_size);
    for (size_t k = 0; k < G_N_ELEMENTS(backend_aborts); k++) {
        g_autofree char *path = g_strdup_printf("/x86backend/asserts/%s", backend_aborts[k].block);
        g_test_add_data_func(path, &backend_aborts[k], test_asserts);
    }
    return g_test_run();
}
