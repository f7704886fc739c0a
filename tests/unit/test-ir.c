/* test-ir.c: the IR's op semantics against independent C expressions, the
 * optimizer (semantics preserved on random blocks, and it really optimizes),
 * the interpreter's control flow and exits, and `-d op` dumps. */
#include <glib.h>
#include <inttypes.h>
#include <setjmp.h>
#include <string.h>

#include "tcg/backend.h"
#include "arm/cpu.h"
#include "tcg/ir/ir.h"
#include "ir-malformed.h"

/* ------------------------------------------------------------------ */
/* (a) reference semantics, written independently of ir.c             */

static uint64_t ref_bits_rev(uint64_t x, unsigned w)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < w; i++) {
        if (x >> i & 1) {
            r |= 1ull << (w - 1 - i);
        }
    }
    return r;
}

static uint64_t ref_bytes_rev(uint64_t x, unsigned w)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < w / 8; i++) {
        r = (r << 8) | ((x >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t ref_clz(uint64_t x, unsigned w)
{
    unsigned n = 0;
    for (int i = w - 1; i >= 0 && !(x >> i & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t ref_rotr(uint64_t x, unsigned sh, unsigned w)
{
    /* one bit at a time */
    for (unsigned k = 0; k < sh; k++) {
        uint64_t lo = x & 1;
        x >>= 1;
        x |= lo << (w - 1);
    }
    return x;
}

/* Unsigned 64x64 -> high 64 by 32-bit limbs (no __int128). */
static uint64_t ref_mulhu64(uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static uint64_t ref_mulhs64(uint64_t a, uint64_t b)
{
    uint64_t h = ref_mulhu64(a, b);
    /* signed correction: subtract b if a < 0, a if b < 0 */
    if ((int64_t)a < 0) {
        h -= b;
    }
    if ((int64_t)b < 0) {
        h -= a;
    }
    return h;
}

static uint64_t ref_field(uint64_t x, unsigned pos, unsigned len, bool sign, unsigned w)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < len; i++) {
        r |= ((x >> (pos + i)) & 1) << i;
    }
    if (sign && (r >> (len - 1) & 1)) {
        for (unsigned i = len; i < w; i++) {
            r |= 1ull << i;
        }
    }
    return r;
}

static uint64_t ref_deposit(uint64_t x, uint64_t y, unsigned pos, unsigned len)
{
    for (unsigned i = 0; i < len; i++) {
        uint64_t bit = 1ull << (pos + i);
        x = (y >> i & 1) ? (x | bit) : (x & ~bit);
    }
    return x;
}

static uint64_t ref32(IROp op, uint32_t x, uint32_t y, uint64_t imm)
{
    unsigned pos = imm & 0xff, len = imm >> 8 & 0xff;

    switch (op) {
    case IR_ADD: return (uint32_t)(x + y);
    case IR_SUB: return (uint32_t)(x - y);
    case IR_MUL: return (uint32_t)(x * y);
    case IR_AND: return x & y;
    case IR_OR: return x | y;
    case IR_XOR: return x ^ y;
    case IR_ANDN: return x & ~y;
    case IR_ORN: return (uint32_t)(x | ~y);
    case IR_XNOR: return (uint32_t)(x ^ ~y);
    case IR_NEG: return (uint32_t)(0u - x);
    case IR_NOT: return (uint32_t)~x;
    case IR_SHL: return (uint32_t)(x << (y % 32));
    case IR_SHR: return x >> (y % 32);
    case IR_SAR: return (uint32_t)((int32_t)x >> (y % 32));
    case IR_ROR: return ref_rotr(x, y % 32, 32);
    case IR_MULHU: return (uint32_t)(((uint64_t)x * y) >> 32);
    case IR_MULHS: return (uint32_t)(((int64_t)(int32_t)x * (int32_t)y) >> 32);
    case IR_DIVU: return y ? x / y : 0;
    case IR_DIVS:
        if (y == 0) return 0;
        if (x == 0x80000000u && y == 0xffffffffu) return 0x80000000u;
        return (uint32_t)((int32_t)x / (int32_t)y);
    case IR_CLZ: return ref_clz(x, 32);
    case IR_RBIT: return ref_bits_rev(x, 32);
    case IR_BSWAP: return ref_bytes_rev(x, 32);
    case IR_EXTU: return imm == 8 ? (uint8_t)x : imm == 16 ? (uint16_t)x : x;
    case IR_EXTS:
        return (uint32_t)(imm == 8 ? (int32_t)(int8_t)x : imm == 16 ? (int32_t)(int16_t)x
                          : (int32_t)x);
    case IR_EXTRACT: return ref_field(x, pos, len, false, 32);
    case IR_SEXTRACT: return ref_field(x, pos, len, true, 32);
    case IR_DEPOSIT: return (uint32_t)ref_deposit(x, y, pos, len);
    default: g_assert_not_reached();
    }
}

static uint64_t ref64(IROp op, uint64_t x, uint64_t y, uint64_t imm)
{
    unsigned pos = imm & 0xff, len = imm >> 8 & 0xff;

    switch (op) {
    case IR_ADD: return x + y;
    case IR_SUB: return x - y;
    case IR_MUL: return x * y;
    case IR_AND: return x & y;
    case IR_OR: return x | y;
    case IR_XOR: return x ^ y;
    case IR_ANDN: return x & ~y;
    case IR_ORN: return x | ~y;
    case IR_XNOR: return x ^ ~y;
    case IR_NEG: return 0 - x;
    case IR_NOT: return ~x;
    case IR_SHL: return x << (y % 64);
    case IR_SHR: return x >> (y % 64);
    case IR_SAR: return (uint64_t)((int64_t)x >> (y % 64));
    case IR_ROR: return ref_rotr(x, y % 64, 64);
    case IR_MULHU: return ref_mulhu64(x, y);
    case IR_MULHS: return ref_mulhs64(x, y);
    case IR_DIVU: return y ? x / y : 0;
    case IR_DIVS:
        if (y == 0) return 0;
        if (x == 1ull << 63 && y == UINT64_MAX) return 1ull << 63;
        return (uint64_t)((int64_t)x / (int64_t)y);
    case IR_CLZ: return ref_clz(x, 64);
    case IR_RBIT: return ref_bits_rev(x, 64);
    case IR_BSWAP: return ref_bytes_rev(x, 64);
    case IR_EXTU: return imm == 8 ? (uint8_t)x : imm == 16 ? (uint16_t)x : (uint32_t)x;
    case IR_EXTS:
        return (uint64_t)(imm == 8 ? (int64_t)(int8_t)x : imm == 16 ? (int64_t)(int16_t)x
                          : (int64_t)(int32_t)x);
    case IR_EXTRACT: return ref_field(x, pos, len, false, 64);
    case IR_SEXTRACT: return ref_field(x, pos, len, true, 64);
    case IR_DEPOSIT: return ref_deposit(x, y, pos, len);
    default: g_assert_not_reached();
    }
}

static const uint64_t edge_vals[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 127, 128, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000,
    0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x100000000,
    0x1ffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
    0xffffffff00000000, 0xffffffff80000000, 0xfffffffffffffffe, 0xffffffffffffffff,
    0x123456789abcdef0, 0xdeadbeefcafebabe,
};

static const IROp arith_ops[] = {
    IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_ANDN, IR_ORN, IR_XNOR, IR_NEG, IR_NOT,
    IR_SHL, IR_SHR, IR_SAR, IR_ROR, IR_MULHU, IR_MULHS, IR_DIVU, IR_DIVS, IR_CLZ, IR_RBIT,
    IR_BSWAP, IR_EXTU, IR_EXTS,
};

static unsigned op_checks;

static void check_op(IROp op, unsigned sz, uint64_t a, uint64_t b, uint64_t imm)
{
    uint64_t got = ir_eval_binop(op, sz, a, b, imm);
    uint64_t want = sz == 32 ? ref32(op, (uint32_t)a, (uint32_t)b, imm) : ref64(op, a, b, imm);

    op_checks++;
    if (got != want) {
        g_error("%s sz %u a=0x%" PRIx64 " b=0x%" PRIx64 " imm=0x%" PRIx64
                ": got 0x%" PRIx64 " want 0x%" PRIx64,
                ir_op_name(op), sz, a, b, imm, got, want);
    }
}

static void test_eval_binop(void)
{
    GRand *rng = g_rand_new_with_seed(1234);
    static const uint64_t ext_imm[] = { 8, 16, 32 };

    for (unsigned o = 0; o < G_N_ELEMENTS(arith_ops); o++) {
        IROp op = arith_ops[o];
        for (unsigned sz = 32; sz <= 64; sz += 32) {
            for (unsigned k = 0; k < 3; k++) {
                uint64_t imm = ext_imm[k];
                if (op != IR_EXTU && op != IR_EXTS && k) {
                    break;
                }
                if (!(op == IR_EXTU || op == IR_EXTS)) {
                    imm = 0;
                }
                for (unsigned i = 0; i < G_N_ELEMENTS(edge_vals); i++) {
                    for (unsigned j = 0; j < G_N_ELEMENTS(edge_vals); j++) {
                        check_op(op, sz, edge_vals[i], edge_vals[j], imm);
                    }
                }
                for (unsigned r = 0; r < 2000; r++) {
                    uint64_t a = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
                    uint64_t b = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
                    if (r & 1) {
                        b &= 0x7f;  /* exercise shift amounts */
                    }
                    check_op(op, sz, a, b, imm);
                }
            }
        }
    }

    /* the named edges, spelled out */
    g_assert_cmphex(ir_eval_binop(IR_DIVS, 32, 0x80000000, 0xffffffff, 0), ==, 0x80000000);
    g_assert_cmphex(ir_eval_binop(IR_DIVS, 64, 1ull << 63, UINT64_MAX, 0), ==, 1ull << 63);
    g_assert_cmphex(ir_eval_binop(IR_DIVS, 32, 5, 0, 0), ==, 0);
    g_assert_cmphex(ir_eval_binop(IR_DIVU, 64, 5, 0, 0), ==, 0);
    g_assert_cmphex(ir_eval_binop(IR_DIVS, 32, (uint64_t)-7, (uint64_t)2, 0), ==, 0xfffffffd);
    g_assert_cmphex(ir_eval_binop(IR_CLZ, 32, 0, 0, 0), ==, 32);
    g_assert_cmphex(ir_eval_binop(IR_CLZ, 64, 0, 0, 0), ==, 64);
    g_assert_cmphex(ir_eval_binop(IR_CLZ, 32, 0xffffffff00000000ull, 0, 0), ==, 32);
    g_assert_cmphex(ir_eval_binop(IR_SHL, 32, 1, 32, 0), ==, 1);
    g_assert_cmphex(ir_eval_binop(IR_SHL, 64, 1, 64, 0), ==, 1);
    g_assert_cmphex(ir_eval_binop(IR_SHL, 64, 1, 63, 0), ==, 1ull << 63);
    g_assert_cmphex(ir_eval_binop(IR_SAR, 32, 0x80000000, 31, 0), ==, 0xffffffff);
    g_assert_cmphex(ir_eval_binop(IR_ROR, 32, 1, 1, 0), ==, 0x80000000);
    g_assert_cmphex(ir_eval_binop(IR_EXTS, 64, 0x80, 0, 8), ==, 0xffffffffffffff80ull);
    g_assert_cmphex(ir_eval_binop(IR_EXTS, 32, 0x80, 0, 8), ==, 0xffffff80ull);
    g_assert_cmphex(ir_eval_binop(IR_EXTS, 64, 0x80000000, 0, 32), ==, 0xffffffff80000000ull);
    g_assert_cmphex(ir_eval_binop(IR_ADD, 32, 0xffffffff, 1, 0), ==, 0);
    g_assert_cmphex(ir_eval_binop(IR_NOT, 32, 0, 0, 0), ==, 0xffffffff);
    g_assert_cmphex(ir_eval_binop(IR_MULHS, 64, UINT64_MAX, UINT64_MAX, 0), ==, 0);
    g_assert_cmphex(ir_eval_binop(IR_MULHU, 64, UINT64_MAX, UINT64_MAX, 0), ==, UINT64_MAX - 1);
    g_assert_cmphex(ir_eval_binop(IR_RBIT, 32, 1, 0, 0), ==, 0x80000000);
    g_assert_cmphex(ir_eval_binop(IR_BSWAP, 32, 0x11223344, 0, 0), ==, 0x44332211);

    /* bit fields: every (pos, len) with pos + len <= sz, edges included */
    for (unsigned sz = 32; sz <= 64; sz += 32) {
        for (unsigned pos = 0; pos < sz; pos++) {
            for (unsigned len = 1; pos + len <= sz; len++) {
                uint64_t imm = pos | len << 8;
                for (unsigned r = 0; r < 4; r++) {
                    uint64_t a = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
                    uint64_t b = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
                    if (r == 0) {
                        a = UINT64_MAX;
                        b = 0;
                    }
                    check_op(IR_EXTRACT, sz, a, b, imm);
                    check_op(IR_SEXTRACT, sz, a, b, imm);
                    check_op(IR_DEPOSIT, sz, a, b, imm);
                }
            }
        }
    }
    g_assert_cmphex(ir_eval_binop(IR_EXTRACT, 32, 0x80000000, 0, 31 | 1 << 8), ==, 1);
    g_assert_cmphex(ir_eval_binop(IR_SEXTRACT, 32, 0x80000000, 0, 31 | 1 << 8), ==, 0xffffffff);
    g_assert_cmphex(ir_eval_binop(IR_SEXTRACT, 64, 1ull << 63, 0, 63 | 1 << 8), ==, UINT64_MAX);
    g_assert_cmphex(ir_eval_binop(IR_DEPOSIT, 64, 0, UINT64_MAX, 0 | 64 << 8), ==, UINT64_MAX);
    g_assert_cmphex(ir_eval_binop(IR_DEPOSIT, 32, 0, 1, 31 | 1 << 8), ==, 0x80000000);
    g_assert_cmphex(ir_eval_binop(IR_EXTRACT, 64, UINT64_MAX, 0, 0 | 64 << 8), ==, UINT64_MAX);
    g_rand_free(rng);
    g_test_message("%u op evaluations checked", op_checks);
    g_assert_cmpuint(op_checks, >, 100000);
}

/* ------------------------------------------------------------------ */
/* (b) conditions                                                      */

static bool ref_cond(IRCond c, unsigned sz, uint64_t a, uint64_t b)
{
    if (sz == 32) {
        uint32_t x = a, y = b;
        int32_t sx = x, sy = y;
        switch (c) {
        case IRC_EQ: return x == y;
        case IRC_NE: return x != y;
        case IRC_LTU: return x < y;
        case IRC_GEU: return x >= y;
        case IRC_LEU: return x <= y;
        case IRC_GTU: return x > y;
        case IRC_LT: return sx < sy;
        case IRC_GE: return sx >= sy;
        case IRC_LE: return sx <= sy;
        case IRC_GT: return sx > sy;
        case IRC_TSTEQ: return !(x & y);
        case IRC_TSTNE: return (x & y) != 0;
        }
    } else {
        int64_t sx = a, sy = b;
        switch (c) {
        case IRC_EQ: return a == b;
        case IRC_NE: return a != b;
        case IRC_LTU: return a < b;
        case IRC_GEU: return a >= b;
        case IRC_LEU: return a <= b;
        case IRC_GTU: return a > b;
        case IRC_LT: return sx < sy;
        case IRC_GE: return sx >= sy;
        case IRC_LE: return sx <= sy;
        case IRC_GT: return sx > sy;
        case IRC_TSTEQ: return !(a & b);
        case IRC_TSTNE: return (a & b) != 0;
        }
    }
    g_assert_not_reached();
}

static void test_eval_cond(void)
{
    unsigned n = 0, t = 0;

    for (unsigned c = IRC_EQ; c <= IRC_TSTNE; c++) {
        for (unsigned sz = 32; sz <= 64; sz += 32) {
            for (unsigned i = 0; i < G_N_ELEMENTS(edge_vals); i++) {
                for (unsigned j = 0; j < G_N_ELEMENTS(edge_vals); j++) {
                    bool got = ir_eval_cond(c, sz, edge_vals[i], edge_vals[j]);
                    if (got != ref_cond(c, sz, edge_vals[i], edge_vals[j])) {
                        g_error("cond %u sz %u 0x%" PRIx64 " 0x%" PRIx64, c, sz,
                                edge_vals[i], edge_vals[j]);
                    }
                    n++;
                    t += got;
                }
            }
        }
    }
    g_assert_cmpuint(t, >, 0);
    g_assert_cmpuint(t, <, n);
    /* upper halves ignored at 32 bits */
    g_assert_true(ir_eval_cond(IRC_EQ, 32, 0x100000005ull, 5));
    g_assert_false(ir_eval_cond(IRC_EQ, 64, 0x100000005ull, 5));
    g_assert_true(ir_eval_cond(IRC_LT, 32, 0x80000000, 0));
    g_assert_false(ir_eval_cond(IRC_LT, 64, 0x80000000, 0));
    g_assert_true(ir_eval_cond(IRC_TSTEQ, 32, 0xf00000000ull, 0xf00000000ull));
    g_assert_true(ir_eval_cond(IRC_TSTNE, 64, 0xf00000000ull, 0xf00000000ull));
    g_assert_false(ir_eval_cond(IRC_TSTNE, 64, 0xf0, 0x0f));
}

/* ------------------------------------------------------------------ */
/* helpers the random blocks call                                      */

static uint64_t call_log;        /* order-sensitive hash of impure calls */

static void log_call(uint64_t tag, uint64_t a, uint64_t b)
{
    call_log = (call_log * 0x100000001b3ull) ^ tag;
    call_log = (call_log * 0x100000001b3ull) ^ a;
    call_log = (call_log * 0x100000001b3ull) ^ b;
}

static uint64_t h_pure(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    return a * 3 + b + c;
}

static uint64_t h_reads(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t r = env->regs[1] ^ (env->regs[2] << 1) ^ cpu_get_nzcv(env) ^ a;
    log_call(1, r, 0);
    return r;
}

static uint64_t h_writes(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    env->regs[a & 7] = a * 5 + b;
    cpu_set_nzcv(env, (uint32_t)(a * 0x9e3779b9u));
    log_call(2, a, b);
    return a + 1;
}

/* May raise: reads env->pc (the interpreter must have set it) and registers. */
static uint64_t h_raise(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    log_call(3, env->pc, env->regs[3]);
    return env->pc ^ env->regs[3] ^ a;
}

/* ------------------------------------------------------------------ */
/* (c) random blocks: interpreter before vs after ir_optimize          */

/* Every block the tests optimize is well formed before and after. */
static void optimize(IRBlock *b)
{
    ir_verify(b);
    ir_optimize(b);
    ir_verify(b);
}

static uint64_t rnd_val(GRand *r)
{
    switch (g_rand_int_range(r, 0, 4)) {
    case 0: return edge_vals[g_rand_int_range(r, 0, G_N_ELEMENTS(edge_vals))];
    case 1: return g_rand_int_range(r, 0, 4);
    default: return (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
    }
}

static CPUARMState *new_env(GRand *r)
{
    CPUARMState *env = g_new0(CPUARMState, 1);
    for (unsigned i = 0; i < GR_COUNT; i++) {
        env->regs[i] = rnd_val(r);
    }
    env->cc_op = g_rand_int_range(r, 0, 4) | (g_rand_boolean(r) ? CC_OP_64 : 0);
    env->cc_a = rnd_val(r);
    env->cc_b = rnd_val(r);
    env->pc = 0x1000;
    return env;
}

typedef struct Gen {
    GRand *r;
    IRBlock *b;
    GArray *pool;       /* values usable at this point */
    uint64_t pc;
} Gen;

static IRVal pick(Gen *g)
{
    GArray *p = g->pool;
    if (p->len == 0 || g_rand_int_range(g->r, 0, 8) == 0) {
        /* constants are what the folder feeds on */
        static const uint64_t k[] = { 0, 1, 0xffffffff, UINT64_MAX, 32, 64, 0x80000000 };
        IRVal v = g_rand_boolean(g->r) ? ir_movi(g->b, k[g_rand_int_range(g->r, 0, G_N_ELEMENTS(k))])
                                       : ir_movi(g->b, rnd_val(g->r));
        g_array_append_val(p, v);
        return v;
    }
    if (g_rand_int_range(g->r, 0, 3) == 0) {
        /* favour recent values: deeper chains for the folder to walk */
        return g_array_index(p, IRVal, p->len - 1 - g_rand_int_range(g->r, 0, MIN(p->len, 3)));
    }
    return g_array_index(p, IRVal, g_rand_int_range(g->r, 0, p->len));
}

static unsigned rsz(Gen *g)
{
    return g_rand_boolean(g->r) ? 32 : 64;
}

static void push(Gen *g, IRVal v)
{
    g_array_append_val(g->pool, v);
}

static void gen_straight(Gen *g, unsigned count)
{
    static const IROp bin[] = {
        IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_ANDN, IR_ORN, IR_XNOR,
        IR_SHL, IR_SHR, IR_SAR, IR_ROR, IR_MULHU, IR_MULHS, IR_DIVU, IR_DIVS,
    };
    static const IROp un[] = { IR_NEG, IR_NOT, IR_CLZ, IR_RBIT, IR_BSWAP };
    IRBlock *b = g->b;
    GRand *r = g->r;

    for (unsigned n = 0; n < count; n++) {
        unsigned sz = rsz(g);
        IRVal x, y;
        if (g_rand_int_range(r, 0, 4) == 0) {
            ir_emit(b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, g->pc);
            g->pc += 4;
        }
        switch (g_rand_int_range(r, 0, 24)) {
        case 0: case 1:
            push(g, ir_get_reg(b, g_rand_int_range(r, 0, 6)));
            break;
        case 2: case 3:
            x = pick(g);
            ir_set_reg(b, g_rand_int_range(r, 0, 6), x);
            break;
        case 4: case 5: case 6:
            x = pick(g);
            y = pick(g);
            push(g, ir_bin(b, bin[g_rand_int_range(r, 0, G_N_ELEMENTS(bin))], sz, x, y));
            break;
        case 7:
            x = pick(g);
            push(g, ir_un(b, un[g_rand_int_range(r, 0, G_N_ELEMENTS(un))], sz, x));
            break;
        case 8: {
            unsigned w = sz, pos = g_rand_int_range(r, 0, w);
            unsigned len = g_rand_int_range(r, 1, w - pos + 1);
            static const IROp f[] = { IR_EXTRACT, IR_SEXTRACT, IR_DEPOSIT, IR_EXTU, IR_EXTS };
            IROp op = f[g_rand_int_range(r, 0, 5)];
            static const uint64_t ei[] = { 8, 16, 32 };
            uint64_t imm = (op == IR_EXTU || op == IR_EXTS) ? ei[g_rand_int_range(r, 0, 3)]
                                                             : (pos | len << 8);
            x = pick(g);
            y = pick(g);
            push(g, ir_emit(b, op, sz, 0, x, op == IR_DEPOSIT ? y : IR_NONE, IR_NONE, IR_NONE, imm));
            break;
        }
        case 9: case 10:
            x = pick(g);
            y = g_rand_int_range(r, 0, 3) ? pick(g) : IR_NONE;
            ir_emit(b, IR_SETFLAGS, sz, g_rand_int_range(r, 0, 4), x, y, IR_NONE, IR_NONE, 0);
            break;
        case 11:
            push(g, ir_emit(b, IR_TESTCC, 0, g_rand_int_range(r, 0, 16), IR_NONE, IR_NONE,
                            IR_NONE, IR_NONE, 0));
            break;
        case 12:
            x = pick(g);
            y = pick(g);
            push(g, ir_emit(b, IR_SELCC, sz, g_rand_int_range(r, 0, 16), x, y, IR_NONE, IR_NONE, 0));
            break;
        case 13:
            push(g, ir_emit(b, IR_GETNZCV, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0));
            break;
        case 14: {
            IRVal c = pick(g), d = pick(g);
            x = pick(g);
            y = g_rand_int_range(r, 0, 4) ? pick(g) : x;
            push(g, ir_emit(b, IR_MOVCOND, sz, g_rand_int_range(r, 0, 12), x, y, c, d, 0));
            break;
        }
        case 15:
            x = pick(g);
            y = g_rand_int_range(r, 0, 4) ? pick(g) : x;
            push(g, ir_emit(b, IR_SETCOND, sz, g_rand_int_range(r, 0, 12), x, y, IR_NONE,
                            IR_NONE, 0));
            break;
        case 16:
            x = pick(g);
            push(g, ir_emit(b, IR_MOV, sz, 0, x, IR_NONE, IR_NONE, IR_NONE, 0));
            break;
        case 17:
            x = pick(g);
            y = pick(g);
            push(g, ir_call(b, h_pure, CALL_PURE, 2, x, y, IR_NONE));
            break;
        case 18:
            x = pick(g);
            y = pick(g);
            switch (g_rand_int_range(r, 0, 3)) {
            case 0: push(g, ir_call(b, h_reads, CALL_READS_REGS, 1, x, IR_NONE, IR_NONE)); break;
            case 1: push(g, ir_call(b, h_writes, CALL_WRITES_REGS, 2, x, y, IR_NONE)); break;
            default: push(g, ir_call(b, h_raise, CALL_MAY_RAISE, 1, x, IR_NONE, IR_NONE)); break;
            }
            break;
        default: {
            /* identities with constant operands, on possibly dirty 64-bit values */
            static const IROp idop[] = { IR_ADD, IR_SUB, IR_OR, IR_XOR, IR_AND, IR_MUL, IR_SHL,
                                         IR_SHR, IR_SAR, IR_ROR, IR_ANDN, IR_ORN, IR_XNOR,
                                         IR_DIVU, IR_DIVS, IR_MULHU };
            static const uint64_t k[] = { 0, 1, 0xffffffff, UINT64_MAX, 32, 64 };
            IRVal kv = ir_movi(b, k[g_rand_int_range(r, 0, G_N_ELEMENTS(k))]);
            IROp op = idop[g_rand_int_range(r, 0, G_N_ELEMENTS(idop))];
            /* mostly on the value just made: is its upper half known? */
            x = g->pool->len && g_rand_boolean(r)
                ? g_array_index(g->pool, IRVal, g->pool->len - 1) : pick(g);
            push(g, g_rand_boolean(r) ? ir_bin(b, op, sz, x, kv) : ir_bin(b, op, sz, kv, x));
            break;
        }
        }
    }
}

static void gen_block(Gen *g, bool branches)
{
    IRBlock *b = g->b;
    unsigned n1 = g_rand_int_range(g->r, 0, 40);

    ir_emit(b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, g->pc);
    g->pc += 4;
    gen_straight(g, n1);
    if (branches && g_rand_boolean(g->r)) {
        uint32_t l = ir_new_label(b);
        if (g_rand_boolean(g->r)) {
            IRVal x = pick(g), y = g_rand_int_range(g->r, 0, 4) ? pick(g) : x;
            ir_emit(b, IR_BRCOND, rsz(g), g_rand_int_range(g->r, 0, 12), x, y, IR_NONE, IR_NONE, l);
        } else {
            ir_emit(b, IR_BRCC, 0, g_rand_int_range(g->r, 0, 16), IR_NONE, IR_NONE, IR_NONE,
                    IR_NONE, l);
        }
        gen_straight(g, g_rand_int_range(g->r, 0, 10));
        ir_emit(b, IR_EXIT_TB, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x4000);
        ir_emit(b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
        g_array_set_size(g->pool, 0);     /* nothing crosses a label */
        gen_straight(g, g_rand_int_range(g->r, 0, 20));
        ir_emit(b, IR_EXIT_TB, 0, 1, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x5000);
    } else {
        ir_emit(b, IR_EXIT_TB, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x4000);
    }
}

static TranslationBlock fake_tb __attribute__((aligned(8)));

static bool run_seed(guint32 seed, bool branches, unsigned *removed)
{
    GRand *r = g_rand_new_with_seed(seed);
    IRBlock b;
    Gen g = { .r = r, .b = &b, .pool = g_array_new(false, false, sizeof(IRVal)), .pc = 0x40000000 };
    CPUARMState *e0 = new_env(r);
    CPUARMState *e1 = g_memdup2(e0, sizeof(*e0));
    CPUARMState *e2 = g_memdup2(e0, sizeof(*e0));
    uintptr_t x1, x2;
    uint64_t log1, log2;
    bool ok = true;
    unsigned live_before = 0, live_after = 0;

    ir_block_init(&b, g.pc, 0);
    gen_block(&g, branches);
    for (uint32_t i = 0; i < b.n; i++) {
        live_before += b.insts[i].op != IR_NOP;
    }
    call_log = 0;
    x1 = ir_interp_exec(e1, &b, &fake_tb);
    log1 = call_log;

    optimize(&b);
    for (uint32_t i = 0; i < b.n; i++) {
        live_after += b.insts[i].op != IR_NOP;
    }
    *removed += live_before - live_after;
    call_log = 0;
    x2 = ir_interp_exec(e2, &b, &fake_tb);
    log2 = call_log;

    if (x1 != x2 || e1->pc != e2->pc || cpu_get_nzcv(e1) != cpu_get_nzcv(e2) || log1 != log2 ||
        memcmp(e1->regs, e2->regs, sizeof(e1->regs))) {
        g_autoptr(GString) s = g_string_new(NULL);
        ok = false;
        ir_dump(&b, s);
        g_printerr("seed %u (branches %d) mismatch: exit %lx/%lx pc %" PRIx64 "/%" PRIx64
                   " nzcv %x/%x log %d\n%s", seed, branches, (unsigned long)x1,
                   (unsigned long)x2, e1->pc, e2->pc, cpu_get_nzcv(e1), cpu_get_nzcv(e2),
                   log1 == log2, s->str);
        for (unsigned i = 0; i < GR_COUNT; i++) {
            if (e1->regs[i] != e2->regs[i]) {
                g_printerr("  x%u: %" PRIx64 " vs %" PRIx64 "\n", i, e1->regs[i], e2->regs[i]);
            }
        }
    }
    g_assert_cmphex(x1 & ~(uintptr_t)TB_EXIT_MASK, ==, (uintptr_t)&fake_tb);
    ir_block_free(&b);
    g_array_free(g.pool, true);
    g_free(e0);
    g_free(e1);
    g_free(e2);
    g_rand_free(r);
    return ok;
}

static void test_random_blocks(void)
{
    unsigned removed = 0, bad = 0;
    guint32 base = g_test_rand_int();

    for (guint32 s = 0; s < 4000; s++) {
        if (!run_seed(base + s, s & 1, &removed)) {
            bad++;
            if (bad > 3) {
                break;
            }
        }
    }
    g_test_message("seeds from %u: %u instructions removed in total", base, removed);
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpuint(removed, >, 4000);   /* the optimizer did something */
}

static void exit_tb(IRBlock *b, uint64_t pc)
{
    ir_emit(b, IR_EXIT_TB, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, pc);
}

/* Every producer at both widths, then each 32-bit identity on its result:
 * the optimizer may drop the identity only if the producer's upper half is
 * known to be zero. */
static bool run_block_both(IRBlock *b, GRand *r, const char *what)
{
    CPUARMState *e1 = new_env(r);
    CPUARMState *e2 = g_memdup2(e1, sizeof(*e1));
    bool ok;

    ir_interp_exec(e1, b, NULL);
    optimize(b);
    ir_interp_exec(e2, b, NULL);
    ok = !memcmp(e1->regs, e2->regs, sizeof(e1->regs)) && cpu_get_nzcv(e1) == cpu_get_nzcv(e2);
    if (!ok) {
        g_autoptr(GString) s = g_string_new(NULL);
        ir_dump(b, s);
        g_printerr("%s: mismatch after optimization\n%s", what, s->str);
    }
    g_free(e1);
    g_free(e2);
    return ok;
}

static void test_opt_upper_half(void)
{
    static const IROp idop[] = { IR_ADD, IR_SUB, IR_OR, IR_XOR, IR_AND, IR_MUL, IR_SHL, IR_SHR,
                                 IR_SAR, IR_ROR, IR_ANDN, IR_ORN, IR_XNOR, IR_DIVU, IR_DIVS };
    static const uint64_t k[] = { 0, 1, 0xffffffff, UINT64_MAX, 32 };
    GRand *r = g_rand_new_with_seed(77);
    unsigned bad = 0, n = 0;
    IRBlock b;

    ir_block_init(&b, 0, 0);
    for (unsigned prod = IR_MOV; prod <= IR_GETNZCV + 1; prod++) {
        if (prod == IR_SET_REG || prod == IR_SETFLAGS) {
            continue;
        }
        for (unsigned psz = 32; psz <= 64; psz += 32) {
            for (unsigned o = 0; o < G_N_ELEMENTS(idop); o++) {
                for (unsigned ki = 0; ki < G_N_ELEMENTS(k); ki++) {
                    for (int side = 0; side < 2; side++) {
                        IRVal x, y, p, kv, q;
                        uint64_t imm = 0;
                        g_autofree char *what = NULL;

                        ir_block_reset(&b, 0, 0);
                        x = ir_get_reg(&b, 1);
                        y = ir_get_reg(&b, 2);
                        if (prod == IR_EXTU || prod == IR_EXTS) {
                            imm = 8 << g_rand_int_range(r, 0, 3);
                        } else if (prod >= IR_EXTRACT && prod <= IR_DEPOSIT) {
                            imm = g_rand_int_range(r, 0, 8) | g_rand_int_range(r, 1, psz == 32 ? 25 : 57) << 8;
                        }
                        if (prod == IR_GETNZCV + 1) {
                            p = ir_call(&b, h_pure, CALL_PURE, 2, x, y, IR_NONE);
                        } else if (prod == IR_GETNZCV || prod == IR_TESTCC) {
                            p = ir_emit(&b, prod, psz, ARM_GE, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
                        } else {
                            unsigned na = ir_op_table[prod].nargs;  /* other slots: IR_NONE */
                            p = ir_emit(&b, prod, psz, prod == IR_SELCC ? ARM_LT : IRC_LTU,
                                        na > 0 ? x : IR_NONE,
                                        na > 1 ? y : IR_NONE, na > 2 ? x : IR_NONE,
                                        na > 3 ? y : IR_NONE, imm);
                        }
                        kv = ir_movi(&b, k[ki]);
                        q = side ? ir_bin(&b, idop[o], 32, p, kv) : ir_bin(&b, idop[o], 32, kv, p);
                        ir_set_reg(&b, 3, q);
                        ir_set_reg(&b, 4, ir_bin(&b, idop[o], 64, p, kv));
                        exit_tb(&b, 0);
                        what = g_strdup_printf("%s_i%u then %s_i32 with 0x%" PRIx64,
                                               ir_op_name(prod), psz, ir_op_name(idop[o]), k[ki]);
                        for (int rep = 0; rep < 2; rep++) {
                            IRBlock c;
                            ir_block_init(&c, 0, 0);
                            for (uint32_t i = 0; i < b.n; i++) {
                                ir_emit(&c, b.insts[i].op, b.insts[i].sz, b.insts[i].cond,
                                        b.insts[i].a, b.insts[i].b, b.insts[i].c, b.insts[i].d,
                                        b.insts[i].imm);
                            }
                            bad += !run_block_both(&c, r, what);
                            n++;
                            ir_block_free(&c);
                        }
                    }
                }
            }
        }
    }
    ir_block_free(&b);
    g_rand_free(r);
    g_test_message("%u producer/identity blocks", n);
    g_assert_cmpuint(bad, ==, 0);
}

/* ------------------------------------------------------------------ */
/* (d) the optimizer really optimizes                                  */

static unsigned count_op(const IRBlock *b, IROp op)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        n += b->insts[i].op == op;
    }
    return n;
}

static unsigned count_live(const IRBlock *b)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        n += b->insts[i].op != IR_NOP;
    }
    return n;
}

static const IRInst *find_op(const IRBlock *b, IROp op)
{
    for (uint32_t i = 0; i < b->n; i++) {
        if (b->insts[i].op == op) {
            return &b->insts[i];
        }
    }
    return NULL;
}

static void test_opt_const_chain(void)
{
    IRBlock b;
    CPUARMState *env = g_new0(CPUARMState, 1);
    const IRInst *m;

    ir_block_init(&b, 0x1000, 0);
    IRVal a = ir_movi(&b, 3), c = ir_movi(&b, 4);
    IRVal s = ir_bin(&b, IR_ADD, 64, a, c);                    /* 7 */
    IRVal p = ir_bin(&b, IR_MUL, 64, s, ir_movi(&b, 5));       /* 35 */
    IRVal q = ir_bin(&b, IR_SUB, 32, p, ir_movi(&b, 36));      /* 0xffffffff */
    IRVal t = ir_emit(&b, IR_MOV, 64, 0, q, IR_NONE, IR_NONE, IR_NONE, 0);
    IRVal u = ir_bin(&b, IR_SHL, 64, t, ir_movi(&b, 4));       /* 0xffffffff0 */
    ir_set_reg(&b, 0, u);
    exit_tb(&b, 0x1004);
    optimize(&b);
    g_assert_cmpuint(count_live(&b), ==, 3);
    g_assert_cmpuint(count_op(&b, IR_MOVI), ==, 1);
    m = find_op(&b, IR_MOVI);
    g_assert_cmphex(m->imm, ==, 0xffffffff0ull);
    g_assert_cmpuint(find_op(&b, IR_SET_REG)->a, ==, (IRVal)(m - b.insts));
    g_assert_cmphex(ir_interp_exec(env, &b, NULL), ==, 0);
    g_assert_cmphex(env->regs[0], ==, 0xffffffff0ull);
    g_assert_cmphex(env->pc, ==, 0x1004);

    /* flags from constants fold into the reader */
    ir_block_reset(&b, 0x1000, 0);
    ir_emit(&b, IR_SETFLAGS, 32, CC_SUB, ir_movi(&b, 1), ir_movi(&b, 2), IR_NONE, IR_NONE, 0);
    IRVal tc = ir_emit(&b, IR_TESTCC, 0, ARM_LT, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    ir_set_reg(&b, 1, tc);
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(count_op(&b, IR_TESTCC), ==, 0);
    g_assert_cmpuint(count_op(&b, IR_SETFLAGS), ==, 1);  /* still needed at the exit */
    g_assert_cmphex(b.insts[find_op(&b, IR_SET_REG)->a].imm, ==, 1);
    ir_block_free(&b);
    g_free(env);
}

static void test_opt_get_reg(void)
{
    IRBlock b;

    ir_block_init(&b, 0x1000, 0);
    IRVal x1 = ir_get_reg(&b, 1);
    IRVal x1b = ir_get_reg(&b, 1);
    IRVal sum = ir_bin(&b, IR_ADD, 64, x1, x1b);
    ir_set_reg(&b, 2, sum);
    IRVal v = ir_bin(&b, IR_XOR, 64, x1, ir_movi(&b, 0x55));
    ir_set_reg(&b, 3, v);
    IRVal x3 = ir_get_reg(&b, 3);                     /* forwarded from the SET_REG */
    ir_set_reg(&b, 4, x3);
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(count_op(&b, IR_GET_REG), ==, 1);
    g_assert_cmpuint(b.insts[x1].op, ==, IR_GET_REG);
    g_assert_cmpuint(b.insts[x1b].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[x3].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[sum].a, ==, x1);        /* add reads x1 twice */
    g_assert_cmpuint(b.insts[sum].b, ==, x1);
    g_assert_cmpuint(count_op(&b, IR_SET_REG), ==, 3);

    /* a call that writes registers stops the forwarding */
    ir_block_reset(&b, 0x1000, 0);
    x1 = ir_get_reg(&b, 1);
    ir_call(&b, h_writes, CALL_WRITES_REGS, 2, x1, x1, IR_NONE);
    x1b = ir_get_reg(&b, 1);
    ir_set_reg(&b, 2, ir_bin(&b, IR_ADD, 64, x1, x1b));
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(count_op(&b, IR_GET_REG), ==, 2);

    /* a label stops it too (no value may be used past a label) */
    ir_block_reset(&b, 0x1000, 0);
    uint32_t l = ir_new_label(&b);
    x1 = ir_get_reg(&b, 1);
    ir_emit(&b, IR_BRCOND, 64, IRC_EQ, x1, ir_movi(&b, 7), IR_NONE, IR_NONE, l);
    exit_tb(&b, 0);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    x1b = ir_get_reg(&b, 1);
    ir_set_reg(&b, 2, x1b);
    exit_tb(&b, 4);
    optimize(&b);
    g_assert_cmpuint(b.insts[x1b].op, ==, IR_GET_REG);
    ir_block_free(&b);
}

static void test_opt_dead_stores(void)
{
    IRBlock b;
    IRVal v1, v2, f1, f2, s1, s2;

    /* dead SETFLAGS and dead SET_REG */
    ir_block_init(&b, 0x1000, 0);
    v1 = ir_get_reg(&b, 1);
    v2 = ir_get_reg(&b, 2);
    f1 = ir_emit(&b, IR_SETFLAGS, 64, CC_SUB, v1, v2, IR_NONE, IR_NONE, 0);
    ir_emit(&b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1004);
    f2 = ir_emit(&b, IR_SETFLAGS, 32, CC_ADD, v1, v2, IR_NONE, IR_NONE, 0);
    s1 = b.n;
    ir_set_reg(&b, 0, v1);
    s2 = b.n;
    ir_set_reg(&b, 0, v2);
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(b.insts[f1].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[f2].op, ==, IR_SETFLAGS);
    g_assert_cmpuint(b.insts[s1].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[s2].op, ==, IR_SET_REG);
    g_assert_cmpuint(count_op(&b, IR_INSN_START), ==, 1);

    /* a reader in between keeps them: TESTCC for flags, LD for registers */
    ir_block_reset(&b, 0x1000, 0);
    v1 = ir_get_reg(&b, 1);
    f1 = ir_emit(&b, IR_SETFLAGS, 64, CC_LOGIC, v1, IR_NONE, IR_NONE, IR_NONE, 0);
    IRVal t = ir_emit(&b, IR_TESTCC, 0, ARM_EQ, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    s1 = b.n;
    ir_set_reg(&b, 0, t);
    IRVal ld = ir_emit(&b, IR_LD, 64, 0, v1, IR_NONE, IR_NONE, IR_NONE, MO_32);
    f2 = ir_emit(&b, IR_SETFLAGS, 64, CC_LOGIC, v1, IR_NONE, IR_NONE, IR_NONE, 0);
    s2 = b.n;
    ir_set_reg(&b, 0, v1);
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(b.insts[f1].op, ==, IR_SETFLAGS);
    g_assert_cmpuint(b.insts[t].op, ==, IR_TESTCC);
    g_assert_cmpuint(b.insts[s1].op, ==, IR_SET_REG);     /* the load may fault */
    g_assert_cmpuint(b.insts[ld].op, ==, IR_LD);          /* unused, but may fault */
    g_assert_cmpuint(b.insts[f2].op, ==, IR_SETFLAGS);
    g_assert_cmpuint(b.insts[s2].op, ==, IR_SET_REG);

    /* a call that may raise reads everything; a writes-only call does not */
    ir_block_reset(&b, 0x1000, 0);
    v1 = ir_get_reg(&b, 1);
    s1 = b.n;
    ir_set_reg(&b, 0, v1);
    ir_call(&b, h_raise, CALL_MAY_RAISE, 1, v1, IR_NONE, IR_NONE);
    s2 = b.n;
    ir_set_reg(&b, 0, v1);
    IRVal s3 = b.n;
    ir_set_reg(&b, 5, v1);
    ir_call(&b, h_writes, CALL_WRITES_REGS, 2, v1, v1, IR_NONE);
    ir_set_reg(&b, 5, v1);
    ir_set_reg(&b, 0, v1);
    IRVal pc = ir_call(&b, h_pure, CALL_PURE, 2, v1, v1, IR_NONE);   /* unused */
    IRVal dead = ir_bin(&b, IR_ADD, 64, v1, v1);                        /* unused */
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(b.insts[s1].op, ==, IR_SET_REG);
    g_assert_cmpuint(b.insts[s2].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[s3].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[pc].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[dead].op, ==, IR_NOP);
    g_assert_cmpuint(count_op(&b, IR_CALL), ==, 2);
    ir_block_free(&b);
}

static void test_opt_identities(void)
{
    IRBlock b;
    CPUARMState *env = g_new0(CPUARMState, 1);
    IRVal x, a32, a64, z, o, sh;

    ir_block_init(&b, 0x1000, 0);
    x = ir_get_reg(&b, 1);
    a32 = ir_bin(&b, IR_ADD, 32, x, ir_movi(&b, 0));         /* must zero-extend */
    a64 = ir_bin(&b, IR_ADD, 64, ir_movi(&b, 0), x);         /* just x */
    z = ir_bin(&b, IR_AND, 64, x, ir_movi(&b, 0));           /* 0 */
    o = ir_bin(&b, IR_OR, 32, x, ir_movi(&b, 0xffffffff));   /* 0xffffffff */
    sh = ir_bin(&b, IR_SHR, 32, a32, ir_movi(&b, 32));       /* a32, already clean */
    ir_set_reg(&b, 2, a32);
    ir_set_reg(&b, 3, a64);
    ir_set_reg(&b, 4, z);
    ir_set_reg(&b, 5, o);
    ir_set_reg(&b, 6, sh);
    exit_tb(&b, 0);
    optimize(&b);
    g_assert_cmpuint(b.insts[a32].op, ==, IR_EXTU);
    g_assert_cmpuint(b.insts[a64].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[z].op, ==, IR_MOVI);
    g_assert_cmphex(b.insts[z].imm, ==, 0);
    g_assert_cmpuint(b.insts[o].op, ==, IR_MOVI);
    g_assert_cmphex(b.insts[o].imm, ==, 0xffffffff);
    g_assert_cmpuint(b.insts[sh].op, ==, IR_NOP);
    env->regs[1] = 0xabcdef0123456789ull;
    ir_interp_exec(env, &b, NULL);
    g_assert_cmphex(env->regs[2], ==, 0x23456789);
    g_assert_cmphex(env->regs[3], ==, 0xabcdef0123456789ull);
    g_assert_cmphex(env->regs[4], ==, 0);
    g_assert_cmphex(env->regs[5], ==, 0xffffffff);
    g_assert_cmphex(env->regs[6], ==, 0x23456789);

    /* BRCOND on constants: taken -> BR (code after it unreachable), not taken -> gone */
    ir_block_reset(&b, 0x1000, 0);
    uint32_t l0 = ir_new_label(&b), l1 = ir_new_label(&b);
    IRVal bc0 = ir_emit(&b, IR_BRCOND, 64, IRC_LTU, ir_movi(&b, 5), ir_movi(&b, 3), IR_NONE,
                        IR_NONE, l0);
    IRVal bc1 = ir_emit(&b, IR_BRCOND, 32, IRC_EQ, ir_movi(&b, 0x100000003ull), ir_movi(&b, 3),
                        IR_NONE, IR_NONE, l1);
    IRVal unreach = b.n;
    ir_set_reg(&b, 0, ir_movi(&b, 1));
    exit_tb(&b, 0x10);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l0);
    exit_tb(&b, 0x20);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l1);
    exit_tb(&b, 0x30);
    optimize(&b);
    g_assert_cmpuint(b.insts[bc0].op, ==, IR_NOP);
    g_assert_cmpuint(b.insts[bc1].op, ==, IR_BR);
    g_assert_cmpuint(b.insts[unreach].op, ==, IR_NOP);
    ir_interp_exec(env, &b, NULL);
    g_assert_cmphex(env->pc, ==, 0x30);
    ir_block_free(&b);
    g_free(env);
}

/* ------------------------------------------------------------------ */
/* (e) dump                                                            */

static void test_dump(void)
{
    IRBlock b;
    g_autoptr(GString) s = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    g_autofree char *call_line = NULL;
    g_autofree char *call_line2 = NULL;

    ir_block_init(&b, 0x40080000, 0);
    ir_emit(&b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x40080004);  /* 0 */
    IRVal v1 = ir_get_reg(&b, 3);                                                     /* 1 */
    IRVal v2 = ir_movi(&b, 0x10);                                                     /* 2 */
    IRVal v3 = ir_bin(&b, IR_ADD, 64, v1, v2);                                        /* 3 */
    ir_set_reg(&b, 3, v3);                                                            /* 4 */
    ir_emit(&b, IR_NOP, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);                 /* 5 */
    ir_emit(&b, IR_SETFLAGS, 32, CC_SUB, v1, v2, IR_NONE, IR_NONE, 0);                /* 6 */
    ir_emit(&b, IR_TESTCC, 0, ARM_NE, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);         /* 7 */
    ir_emit(&b, IR_LD, 64, 0, v3, IR_NONE, IR_NONE, IR_NONE, MO_32);                  /* 8 */
    ir_emit(&b, IR_ST, 64, 0, v3, v1, IR_NONE, IR_NONE, MO_16 | MO_ALIGN);            /* 9 */
    IRVal cv = ir_call(&b, g_str_hash, CALL_PURE, 1, v1, IR_NONE, IR_NONE);            /* 10 */
    ir_call(&b, h_reads, CALL_READS_REGS | CALL_MAY_RAISE, 2, v1, v2, IR_NONE);       /* 11 */
    ir_set_reg(&b, 31, cv);                                                           /* 12 */
    uint32_t l = ir_new_label(&b);
    l = ir_new_label(&b);
    ir_emit(&b, IR_BRCOND, 32, IRC_LTU, v1, v2, IR_NONE, IR_NONE, l);                 /* 13 */
    ir_emit(&b, IR_EXIT_TB, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x40080010);    /* 14 */
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);               /* 15 */
    ir_emit(&b, IR_EXIT_INDIRECT, 0, 0, v3, IR_NONE, IR_NONE, IR_NONE, 0);            /* 16 */
    ir_dump(&b, s);

    call_line = g_strdup_printf(" v10 = call g_str_hash 0x%" PRIx64 " (v1) [pure]",
                                (uint64_t)(uintptr_t)g_str_hash);
    call_line2 = g_strdup_printf(" call helper 0x%" PRIx64 " (v1, v2) [reads,raise]",
                                 (uint64_t)(uintptr_t)h_reads);
    const char *want[] = {
        " ---- 0000000040080004",
        " v1 = get_reg x3",
        " v2 = movi 0x10",
        " v3 = add_i64 v1, v2",
        " set_reg x3, v3",
        " setflags sub_i32 v1, v2",
        " v7 = testcc ne",
        " v8 = ld v3 [u32]",
        " st v3, v1 [u16,align]",
        call_line,
        call_line2,
        " set_reg sp_el0, v10",
        " brcond_i32 ltu v1, v2, L1",
        " exit_tb 0x40080010 slot 0",
        "L1:",
        " exit_indirect v3",
        "",
    };
    lines = g_strsplit(s->str, "\n", -1);
    g_test_message("%s", s->str);
    g_assert_cmpuint(g_strv_length(lines), ==, G_N_ELEMENTS(want));
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        if (want[i] == call_line2 && g_str_has_prefix(lines[i], " call h_reads ")) {
            continue;   /* the test binary may export its symbols */
        }
        g_assert_cmpstr(lines[i], ==, want[i]);
    }
    g_assert_cmpstr(ir_op_name(IR_DEPOSIT), ==, "deposit");
    g_assert_cmpstr(ir_op_name(200), ==, "???");
    g_assert_true(ir_op_has_result(IR_CALL));
    g_assert_true(ir_op_has_result(IR_LD));
    g_assert_false(ir_op_has_result(IR_ST));
    g_assert_false(ir_op_has_result(IR_SETFLAGS));
    g_assert_false(ir_op_has_result(IR_SET_REG));
    ir_block_free(&b);
}

/* ------------------------------------------------------------------ */
/* (f) interpreter control flow and exits                              */

static uint64_t seen_pc;
static uint64_t h_pc(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    seen_pc = env->pc;
    return a + b + c;
}

static uint64_t h_longjmp(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    env->exception_index = EXCP_UDEF;
    siglongjmp(env->jmp_env, 1);
}

static void test_interp_branches(void)
{
    IRBlock b;
    CPUARMState *env = g_new0(CPUARMState, 1);
    uintptr_t tbv = (uintptr_t)&fake_tb;

    /* BRCOND: x0 <u x1 ? (x2 = 2, slot 1) : (x2 = 1, slot 0) */
    ir_block_init(&b, 0x1000, 0);
    uint32_t l = ir_new_label(&b);
    IRVal x0 = ir_get_reg(&b, 0), x1 = ir_get_reg(&b, 1);
    ir_emit(&b, IR_BRCOND, 64, IRC_LTU, x0, x1, IR_NONE, IR_NONE, l);
    ir_set_reg(&b, 2, ir_movi(&b, 1));
    ir_emit(&b, IR_EXIT_TB, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1004);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    ir_set_reg(&b, 2, ir_movi(&b, 2));
    ir_emit(&b, IR_EXIT_TB, 0, 1, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x2000);
    for (int pass = 0; pass < 2; pass++) {
        env->regs[0] = 1;
        env->regs[1] = 2;
        g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, tbv | 1);
        g_assert_cmphex(env->pc, ==, 0x2000);
        g_assert_cmphex(env->regs[2], ==, 2);
        env->regs[0] = 2;
        g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, tbv);
        g_assert_cmphex(env->pc, ==, 0x1004);
        g_assert_cmphex(env->regs[2], ==, 1);
        g_assert_cmphex(ir_interp_exec(env, &b, NULL), ==, 0);   /* no TB: plain 0 */
        optimize(&b);    /* same behaviour after optimization */
    }

    /* BRCC after SETFLAGS, GETNZCV, SELCC */
    ir_block_reset(&b, 0x1000, 0);
    l = ir_new_label(&b);
    x0 = ir_get_reg(&b, 0);
    x1 = ir_get_reg(&b, 1);
    ir_emit(&b, IR_SETFLAGS, 32, CC_SUB, x0, x1, IR_NONE, IR_NONE, 0);
    ir_set_reg(&b, 3, ir_emit(&b, IR_GETNZCV, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0));
    ir_set_reg(&b, 4, ir_emit(&b, IR_SELCC, 32, ARM_GT, x0, x1, IR_NONE, IR_NONE, 0));
    ir_emit(&b, IR_BRCC, 0, ARM_GE, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    ir_emit(&b, IR_EXIT_LOOP, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x3000);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    ir_emit(&b, IR_EXIT_INDIRECT, 0, 0, ir_get_reg(&b, 5), IR_NONE, IR_NONE, IR_NONE, 0);
    env->regs[0] = 0x1ffffffffull;    /* -1 at 32 bits */
    env->regs[1] = 1;
    env->regs[5] = 0xdead0000;
    g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, 0);
    g_assert_cmphex(env->pc, ==, 0x3000);                    /* -1 < 1: not GE */
    g_assert_cmphex(env->regs[3], ==, 0xa0000000);           /* N, C (no borrow) */
    g_assert_cmphex(env->regs[4], ==, 1);                    /* not GT: x1 */
    g_assert_cmphex(env->cc_op, ==, CC_SUB);
    env->regs[0] = 5;
    g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, 0);
    g_assert_cmphex(env->pc, ==, 0xdead0000);
    g_assert_cmphex(env->regs[3], ==, 0x20000000);           /* C */
    g_assert_cmphex(env->regs[4], ==, 5);

    /* CALL with MAY_RAISE sees env->pc = the current instruction; EXIT_NORETURN */
    ir_block_reset(&b, 0x1000, 0);
    ir_emit(&b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1000);
    ir_emit(&b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1004);
    IRVal r = ir_call(&b, h_pc, CALL_MAY_RAISE, 3, ir_movi(&b, 1), ir_movi(&b, 2), ir_movi(&b, 4));
    ir_set_reg(&b, 7, r);
    ir_emit(&b, IR_EXIT_NORETURN, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    env->pc = 0x999;
    g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, 0);
    g_assert_cmphex(seen_pc, ==, 0x1004);
    g_assert_cmphex(env->regs[7], ==, 7);
    g_assert_cmphex(env->pc, ==, 0x1004);

    /* a helper that longjmps out leaves the interpreter usable */
    ir_block_reset(&b, 0x2000, 0);
    ir_emit(&b, IR_INSN_START, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x2000);
    ir_call(&b, h_longjmp, CALL_MAY_RAISE | CALL_NORETURN, 0, IR_NONE, IR_NONE, IR_NONE);
    ir_emit(&b, IR_EXIT_NORETURN, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        ir_interp_exec(env, &b, &fake_tb);
        g_assert_not_reached();
    }
    g_assert_cmpint(env->exception_index, ==, EXCP_UDEF);
    g_assert_cmphex(env->pc, ==, 0x2000);

    /* frontend bugs: falling off the end, a backward branch */
    ir_block_reset(&b, 0x3000, 0);
    ir_set_reg(&b, 0, ir_movi(&b, 42));
    env->pc = 0x777;
    g_test_expect_message(G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*without an exit*");
    g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, 0);
    g_test_assert_expected_messages();
    g_assert_cmphex(env->pc, ==, 0x777);
    g_assert_cmphex(env->regs[0], ==, 42);

    ir_block_reset(&b, 0x3000, 0);
    l = ir_new_label(&b);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    ir_emit(&b, IR_BR, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l);
    exit_tb(&b, 0);
    g_test_expect_message(G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*earlier label*");
    g_assert_cmphex(ir_interp_exec(env, &b, &fake_tb), ==, 0);
    g_test_assert_expected_messages();
    ir_block_free(&b);
    g_free(env);
}

/* ------------------------------------------------------------------ */
/* (g) the verifier rejects malformed IR, naming the instruction        */

/* IR_VOP against worked examples (an independent reference: values by hand from the Arm
 * ARM's definitions), run through the interpreter; the verifier's descriptor checks. */
static void test_vop(void)
{
    static const struct { IRVecOp op; unsigned esz, q, sh; uint64_t lo, hi; } cases[] = {
        /* n = 0x0123456789abcdef:807f01ff0002fe10, m = ~0:7f800100ff030210 (expected values
         * from a separate model of the Arm ARM definitions, lane by lane) */
        { IRV_ADD, 0, 1, 0, 0xffff02ffff050020ull, 0x0022446688aacceeull },
        { IRV_ADD, 1, 0, 0, 0xffff02ffff050020ull, 0x0000000000000000ull },
        { IRV_SUB, 3, 1, 0, 0x00ff00fe00fffc00ull, 0x0123456789abcdf0ull },
        { IRV_BIC, 3, 1, 0, 0x807f00ff0000fc00ull, 0x0000000000000000ull },
        { IRV_ORN, 3, 0, 0, 0x807fffff00feffffull, 0x0000000000000000ull },
        { IRV_CMEQ, 0, 1, 0, 0x0000ff00000000ffull, 0x0000000000000000ull },
        { IRV_CMGT, 0, 1, 0, 0x00ff0000ff000000ull, 0xffffffff00000000ull },
        { IRV_CMGT, 3, 1, 0, 0x0000000000000000ull, 0xffffffffffffffffull },
        { IRV_CMGE, 1, 1, 0, 0x0000ffffffff0000ull, 0xffffffff00000000ull },
        { IRV_CMHI, 0, 1, 0, 0xff0000ff0000ff00ull, 0x0000000000000000ull },
        { IRV_CMHI, 2, 1, 0, 0xffffffff00000000ull, 0x0000000000000000ull },
        { IRV_CMHS, 1, 0, 0, 0xffffffff0000ffffull, 0x0000000000000000ull },
        { IRV_CMHS, 3, 1, 0, 0xffffffffffffffffull, 0x0000000000000000ull },
        { IRV_CMTST, 1, 1, 0, 0x0000ffffffffffffull, 0xffffffffffffffffull },
        { IRV_SMIN, 0, 1, 0, 0x808001ffff02fe10ull, 0xffffffff89abcdefull },
        { IRV_SMAX, 2, 1, 0, 0x7f8001000002fe10ull, 0x01234567ffffffffull },
        { IRV_UMIN, 1, 1, 0, 0x7f80010000020210ull, 0x0123456789abcdefull },
        { IRV_UMAX, 0, 0, 0, 0x808001ffff03fe10ull, 0x0000000000000000ull },
        { IRV_SHL, 1, 1, 4, 0x07f01ff00020e100ull, 0x123056709ab0def0ull },
        { IRV_SHL, 3, 1, 63, 0x0000000000000000ull, 0x8000000000000000ull },
        { IRV_USHR, 2, 1, 32, 0x0000000000000000ull, 0x0000000000000000ull },
        { IRV_USHR, 1, 1, 3, 0x100f003f00001fc2ull, 0x002408ac113519bdull },
        { IRV_SSHR, 1, 1, 16, 0xffff00000000ffffull, 0x00000000ffffffffull },
        { IRV_SSHR, 2, 0, 5, 0xfc03f80f000017f0ull, 0x0000000000000000ull },
    };
    static CPUARMState env;
    IRBlock b;
    ir_block_init(&b, 0x1000, 0);
    for (unsigned k = 0; k < G_N_ELEMENTS(cases); k++) {
        env.vregs[1][0] = 0x807f01ff0002fe10ull, env.vregs[1][1] = 0x0123456789abcdefull;
        env.vregs[2][0] = 0x7f800100ff030210ull, env.vregs[2][1] = ~0ull;
        env.vregs[0][0] = env.vregs[0][1] = 0x5555555555555555ull;
        ir_block_reset(&b, 0x1000, 0);
        ir_emit(&b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1000);
        ir_vop(&b, cases[k].op, cases[k].esz, cases[k].q, 0, 1, 2, cases[k].sh);
        ir_emit(&b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1004);
        ir_verify(&b);
        ir_interp_exec(&env, &b, NULL);
        if (env.vregs[0][0] != cases[k].lo || env.vregs[0][1] != cases[k].hi) {
            g_error("case %u (op %u esz %u q %u #%u): got %016" PRIx64 ":%016" PRIx64
                    ", want %016" PRIx64 ":%016" PRIx64, k, cases[k].op, cases[k].esz, cases[k].q,
                    cases[k].sh, env.vregs[0][1], env.vregs[0][0], cases[k].hi, cases[k].lo);
        }
        /* Vd may be a source: d = n gives the same value */
        env.vregs[3][0] = env.vregs[1][0], env.vregs[3][1] = env.vregs[1][1];
        ir_vec_eval(env.vregs, ir_vec_desc(cases[k].op, cases[k].esz, cases[k].q, 3, 3, 2, cases[k].sh));
        g_assert_cmphex(env.vregs[3][0], ==, cases[k].lo);
        g_assert_cmphex(env.vregs[3][1], ==, cases[k].hi);
    }
    /* the verifier: the shift's range per operation, no 64-bit min/max, no such op */
    const uint64_t bad[] = {
        ir_vec_desc(IRV_SHL, 1, 1, 0, 1, 2, 16), ir_vec_desc(IRV_USHR, 2, 1, 0, 1, 2, 0),
        ir_vec_desc(IRV_SSHR, 0, 1, 0, 1, 2, 9), ir_vec_desc(IRV_ADD, 0, 1, 0, 1, 2, 1),
        ir_vec_desc(IRV_SMAX, 3, 1, 0, 1, 2, 0), (uint64_t)IRV_COUNT << 25,
    };
    for (unsigned k = 0; k < G_N_ELEMENTS(bad); k++) {
        ir_block_reset(&b, 0x1000, 0);
        ir_emit(&b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1000);
        ir_emit(&b, IR_VOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, bad[k]);
        ir_emit(&b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1004);
        g_autofree char *msg = ir_verify_msg(&b);
        g_assert_nonnull(msg);
    }
    ir_block_free(&b);
}

static void test_verify_rejects(void)
{
    IRBlock b;

    ir_block_init(&b, 0x1000, 0);
    for (unsigned k = 0; k < G_N_ELEMENTS(ir_malformed); k++) {
        ir_block_reset(&b, 0x1000, 0);
        ir_malformed[k].build(&b);
        g_autofree char *msg = ir_verify_msg(&b);
        if (!msg || !g_pattern_match_simple(ir_malformed[k].msg, msg)) {
            g_error("%s: want \"%s\", got \"%s\"", ir_malformed[k].name, ir_malformed[k].msg,
                    msg ? msg : "(accepted)");
        }
    }
    ir_block_free(&b);
}

/* Every op the frontend may emit, in well-formed shapes: accepted. */
static void test_verify_accepts(void)
{
    IRBlock b;
    uint32_t l0, l1;

    ir_block_init(&b, 0x1000, 0);
    ir_emit(&b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x1000);
    IRVal x = ir_get_reg(&b, 1), y = ir_get_reg(&b, GR_COUNT - 1);
    ir_emit(&b, IR_NOP, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    IRVal s = ir_bin(&b, IR_DEPOSIT, 32, x, y);
    ir_emit(&b, IR_SETFLAGS, 64, CC_LOGIC, s, IR_NONE, IR_NONE, IR_NONE, 0);   /* b optional */
    IRVal t = ir_emit(&b, IR_TESTCC, 0, ARM_NV, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    IRVal m = ir_emit(&b, IR_MOVCOND, 64, IRC_TSTNE, x, y, s, t, 0);
    IRVal c = ir_call(&b, h_pure, CALL_PURE, 3, x, y, m);
    IRVal ld = ir_emit(&b, IR_LD, 64, 0, c, IR_NONE, IR_NONE, IR_NONE, MO_64 | MO_SIGN | MO_ALIGN | MO_ACQ);
    ir_emit(&b, IR_ST, 64, 0, ld, x, IR_NONE, IR_NONE, MO_8);
    l0 = ir_new_label(&b);
    l1 = ir_new_label(&b);
    ir_new_label(&b);                                   /* never used: fine */
    ir_emit(&b, IR_BRCOND, 32, IRC_GT, x, ld, IR_NONE, IR_NONE, l0);
    ir_emit(&b, IR_BRCC, 0, ARM_LE, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l1);
    ir_emit(&b, IR_BRCC, 0, ARM_LE, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l1);    /* twice */
    ir_emit(&b, IR_EXIT_INDIRECT, 64, 0, c, IR_NONE, IR_NONE, IR_NONE, 0);
    ir_set_reg(&b, 0, x);                               /* unreachable: allowed */
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l0);
    ir_emit(&b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0x2000);
    ir_emit(&b, IR_LABEL, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, l1);
    ir_set_reg(&b, 0, ir_emit(&b, IR_GETNZCV, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0));
    ir_call(&b, h_raise, CALL_MAY_RAISE | CALL_NORETURN | CALL_READS_REGS, 1, ir_movi(&b, 3),
            IR_NONE, IR_NONE);
    ir_emit(&b, IR_NOP, 0, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    ir_emit(&b, IR_EXIT_NORETURN, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    g_assert_null(ir_verify_msg(&b));
    ir_verify(&b);
    ir_block_free(&b);
}

/* ir_verify itself aborts, with the message and the block's dump; the
 * interpreter asserts too where it used to read 0 or return 0. */
static void run_verify(IRBlock *b)
{
    ir_verify(b);
}

static void run_interp(IRBlock *b)
{
    ir_interp_exec(g_new0(CPUARMState, 1), b, &fake_tb);
}

static const IRMalformedAbort verify_abort = {
    "missing", "*malformed IR in the block at 0x4000: instruction 1 (add): operand b is missing"
               "*v1 = add_i64 v0, -*",
};
static const IRMalformedAbort interp_aborts[] = {
    { "forward", "*instruction 0: an operand is not defined before its use*" },
    { "reg", "*instruction 0: no guest register*" },
    { "unplaced", "*instruction 0: a branch to a label that is never placed*" },
};

static void test_verify_aborts(gconstpointer data)
{
    ir_malformed_expect_abort(data, run_verify);
}

static void test_interp_asserts(gconstpointer data)
{
    ir_malformed_expect_abort(data, run_interp);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ir/eval-binop", test_eval_binop);
    g_test_add_func("/ir/vop", test_vop);
    g_test_add_func("/ir/eval-cond", test_eval_cond);
    g_test_add_func("/ir/opt/random-blocks", test_random_blocks);
    g_test_add_func("/ir/opt/upper-half", test_opt_upper_half);
    g_test_add_func("/ir/opt/const-chain", test_opt_const_chain);
    g_test_add_func("/ir/opt/get-reg", test_opt_get_reg);
    g_test_add_func("/ir/opt/dead-stores", test_opt_dead_stores);
    g_test_add_func("/ir/opt/identities", test_opt_identities);
    g_test_add_func("/ir/dump", test_dump);
    g_test_add_func("/ir/interp/branches", test_interp_branches);
    g_test_add_func("/ir/verify/rejects", test_verify_rejects);
    g_test_add_func("/ir/verify/accepts", test_verify_accepts);
    g_test_add_data_func("/ir/verify/aborts", &verify_abort, test_verify_aborts);
    for (size_t k = 0; k < G_N_ELEMENTS(interp_aborts); k++) {
        g_autofree char *path = g_strdup_printf("/ir/interp/asserts/%s", interp_aborts[k].block);
        g_test_add_data_func(path, &interp_aborts[k], test_interp_asserts);
    }
    return g_test_run();
}
