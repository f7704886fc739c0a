/* ir.c: the IR container (blocks, emission, labels), the one definition of
 * every value op's semantics (ir_eval_binop/ir_eval_cond), and `-d op` dumps. */
#include <dlfcn.h>
#include <inttypes.h>
#include <string.h>
#include "tcg/ir/ir.h"

#define IR_INITIAL_CAP 64

void ir_block_init(IRBlock *b, uint64_t pc, uint32_t flags)
{
    memset(b, 0, sizeof(*b));
    b->pc = pc;
    b->flags = flags;
}

void ir_block_reset(IRBlock *b, uint64_t pc, uint32_t flags)
{
    /* Keep the allocation: blocks are reset once per translation. */
    b->n = 0;
    b->nlabels = 0;
    b->pc = pc;
    b->flags = flags;
    b->guest_insns = 0;
    b->guest_size = 0;
}

void ir_block_free(IRBlock *b)
{
    g_free(b->insts);
    b->insts = NULL;
    b->n = b->cap = 0;
    b->nlabels = 0;
}

IRVal ir_emit(IRBlock *b, IROp op, uint8_t sz, uint8_t cond, IRVal a, IRVal b_, IRVal c,
              IRVal d, uint64_t imm)
{
    IRInst *in;

    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : IR_INITIAL_CAP;
        b->insts = g_renew(IRInst, b->insts, b->cap);
    }
    in = &b->insts[b->n];
    in->op = op;
    in->sz = sz;
    in->cond = cond;
    in->dead = 0;
    in->a = a;
    in->b = b_;
    in->c = c;
    in->d = d;
    in->imm = imm;
    return b->n++;
}

uint32_t ir_new_label(IRBlock *b)
{
    return b->nlabels++;
}

const IROpInfo ir_op_table[IR_OP_COUNT] = {
#define IR_OP(op, name_, nargs_, cond_, imm_, flags_) \
    [IR_##op] = { .name = name_, .nargs = nargs_, .cond = cond_, .imm = imm_, .flags = flags_ },
#include "tcg/ir/ir-ops.def"
#undef IR_OP
};

const char *ir_op_name(IROp op)
{
    return (unsigned)op < IR_OP_COUNT ? ir_op_table[op].name : "???";
}

/* ---- semantics ---- */

static inline uint64_t sz_mask(unsigned sz)
{
    return sz == 32 ? 0xffffffffull : UINT64_MAX;
}

/* Sign-extend the low len bits of v to 64 bits (len 1..64). */
static inline uint64_t sext_bits(uint64_t v, unsigned len)
{
    if (len == 0 || len >= 64) {
        return v;
    }
    return (uint64_t)((int64_t)(v << (64 - len)) >> (64 - len));
}

static inline uint64_t low_mask(unsigned len)
{
    return len >= 64 ? UINT64_MAX : (1ull << len) - 1;
}

static uint64_t rbit64(uint64_t v)
{
    v = ((v >> 1) & 0x5555555555555555ull) | ((v & 0x5555555555555555ull) << 1);
    v = ((v >> 2) & 0x3333333333333333ull) | ((v & 0x3333333333333333ull) << 2);
    v = ((v >> 4) & 0x0f0f0f0f0f0f0f0full) | ((v & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(v);
}

uint64_t ir_eval_binop(IROp op, unsigned sz, uint64_t a, uint64_t b, uint64_t imm)
{
    /* Any width other than 32 is 64: a malformed sz must not give UB. */
    unsigned w = sz == 32 ? 32 : 64;
    uint64_t m = sz_mask(w);
    uint64_t r;
    unsigned sh, pos, len;

    a &= m;
    b &= m;
    switch (op) {
    case IR_MOVI: r = imm; break;
    case IR_MOV: r = a; break;
    case IR_ADD: r = a + b; break;
    case IR_SUB: r = a - b; break;
    case IR_MUL: r = a * b; break;
    case IR_AND: r = a & b; break;
    case IR_OR: r = a | b; break;
    case IR_XOR: r = a ^ b; break;
    case IR_ANDN: r = a & ~b; break;
    case IR_ORN: r = a | ~b; break;
    case IR_XNOR: r = a ^ ~b; break;
    case IR_NEG: r = -a; break;
    case IR_NOT: r = ~a; break;
    case IR_SHL:
        r = a << (b & (w - 1));
        break;
    case IR_SHR:
        r = a >> (b & (w - 1));
        break;
    case IR_SAR:
        r = (uint64_t)((int64_t)sext_bits(a, w) >> (b & (w - 1)));
        break;
    case IR_ROR:
        sh = b & (w - 1);
        r = sh ? (a >> sh) | (a << (w - sh)) : a;
        break;
    case IR_MULHU:
        if (w == 64) {
            r = (uint64_t)(((unsigned __int128)a * b) >> 64);
        } else {
            r = (a * b) >> 32;
        }
        break;
    case IR_MULHS:
        if (w == 64) {
            r = (uint64_t)((__int128)(int64_t)a * (int64_t)b >> 64);
        } else {
            r = (uint64_t)(((int64_t)(int32_t)a * (int32_t)b) >> 32);
        }
        break;
    case IR_DIVU:
        r = b ? a / b : 0;
        break;
    case IR_DIVS: {
        int64_t sa = (int64_t)sext_bits(a, w), sb = (int64_t)sext_bits(b, w);
        if (sb == 0) {
            r = 0;
        } else if (sb == -1) {
            r = -(uint64_t)sa;      /* INT_MIN / -1 wraps to INT_MIN */
        } else {
            r = (uint64_t)(sa / sb);
        }
        break;
    }
    case IR_CLZ:
        r = a ? (uint64_t)(__builtin_clzll(a) - (64 - w)) : w;
        break;
    case IR_RBIT:
        r = rbit64(a) >> (64 - w);
        break;
    case IR_BSWAP:
        r = __builtin_bswap64(a) >> (64 - w);
        break;
    case IR_EXTU:
        r = a & low_mask(imm == 0 ? 64 : (unsigned)MIN(imm, 64));
        break;
    case IR_EXTS:
        r = sext_bits(a, imm == 0 ? 64 : (unsigned)MIN(imm, 64));
        break;
    case IR_EXTRACT:
    case IR_SEXTRACT:
        pos = imm & 0xff;
        len = (imm >> 8) & 0xff;
        if (len == 0) {
            len = 64;
        }
        r = pos >= 64 ? 0 : (a >> pos) & low_mask(len);
        if (op == IR_SEXTRACT) {
            r = sext_bits(r, len);
        }
        break;
    case IR_DEPOSIT: {
        uint64_t fm;
        pos = imm & 0xff;
        len = (imm >> 8) & 0xff;
        if (len == 0) {
            len = 64;
        }
        if (pos >= 64) {
            r = a;
            break;
        }
        fm = low_mask(len) << pos;
        r = (a & ~fm) | ((b << pos) & fm);
        break;
    }
    default:
        g_error("ir_eval_binop: %s is not an arithmetic op", ir_op_name(op));
    }
    return r & m;
}

bool ir_eval_cond(IRCond c, unsigned sz, uint64_t a, uint64_t b)
{
    unsigned w = sz == 32 ? 32 : 64;
    uint64_t ua = a & sz_mask(w), ub = b & sz_mask(w);
    int64_t sa = (int64_t)sext_bits(ua, w), sb = (int64_t)sext_bits(ub, w);

    switch (c) {
    case IRC_EQ: return ua == ub;
    case IRC_NE: return ua != ub;
    case IRC_LTU: return ua < ub;
    case IRC_GEU: return ua >= ub;
    case IRC_LEU: return ua <= ub;
    case IRC_GTU: return ua > ub;
    case IRC_LT: return sa < sb;
    case IRC_GE: return sa >= sb;
    case IRC_LE: return sa <= sb;
    case IRC_GT: return sa > sb;
    case IRC_TSTEQ: return (ua & ub) == 0;
    case IRC_TSTNE: return (ua & ub) != 0;
    default: return false;
    }
}

/* ---- dump ---- */

static const char *const ircond_names[] = {
    "eq", "ne", "ltu", "geu", "leu", "gtu", "lt", "ge", "le", "gt", "tsteq", "tstne",
};
static const char *const armcond_names[] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};
static const char *const cckind_names[] = { "add", "sub", "logic", "nzcv" };

static const char *ircond_name(unsigned c)
{
    return c < G_N_ELEMENTS(ircond_names) ? ircond_names[c] : "?";
}

static const char *armcond_name(unsigned c)
{
    return c < G_N_ELEMENTS(armcond_names) ? armcond_names[c] : "?";
}

static void put_val(GString *out, IRVal v)
{
    if (v == IR_NONE) {
        g_string_append(out, "-");
    } else {
        g_string_append_printf(out, "v%u", v);
    }
}

static void put_reg(GString *out, uint64_t r)
{
    if (r <= 30) {
        g_string_append_printf(out, "x%u", (unsigned)r);
    } else if (r == 31) {
        g_string_append(out, "sp_el0");
    } else if (r == 32) {
        g_string_append(out, "sp_el1");
    } else {
        g_string_append_printf(out, "r%" PRIu64, r);
    }
}

static void put_memop(GString *out, uint64_t mo)
{
    g_string_append_printf(out, " [%c%u", (mo & MO_SIGN) ? 's' : 'u', 8u << (mo & MO_SIZE));
    if (mo & MO_ALIGN) {
        g_string_append(out, ",align");
    }
    if (mo & MO_ACQ) {
        g_string_append(out, ",acq");
    }
    g_string_append_c(out, ']');
}

static void put_sized(GString *out, const IRInst *in)
{
    g_string_append_printf(out, "%s_i%u", ir_op_name(in->op), in->sz == 32 ? 32 : 64);
}

/* The arithmetic ops: name_iSZ, the operands, then what imm holds. */
static void put_arith(GString *out, const IRInst *in)
{
    const IROpInfo *o = ir_info(in);
    const IRVal ops[2] = { in->a, in->b };

    put_sized(out, in);
    for (unsigned k = 0; k < o->nargs && k < 2; k++) {
        g_string_append(out, k ? ", " : " ");
        put_val(out, ops[k]);
    }
    if (o->imm == IRI_BITS) {
        g_string_append_printf(out, ", %" PRIu64, in->imm);
    } else if (o->imm == IRI_FIELD) {
        g_string_append_printf(out, ", pos %u, len %u", (unsigned)(in->imm & 0xff),
                               (unsigned)((in->imm >> 8) & 0xff));
    }
}

void ir_dump(const IRBlock *b, GString *out)
{
    /* A call's result is only worth naming when something reads it. */
    g_autofree bool *used = g_new0(bool, b->n + 1);

    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        IRVal ops[4] = { in->a, in->b, in->c, in->d };
        if (in->op == IR_NOP) {
            continue;
        }
        for (int k = 0; k < 4; k++) {
            if (ops[k] < i) {
                used[ops[k]] = true;
            }
        }
    }

    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        IROp op = in->op;

        if (op == IR_NOP) {
            continue;
        }
        if (op == IR_LABEL) {
            g_string_append_printf(out, "L%" PRIu64 ":\n", in->imm);
            continue;
        }
        g_string_append_c(out, ' ');
        if ((unsigned)op >= IR_OP_COUNT) {
            g_string_append_printf(out, "op%u ?\n", (unsigned)op);
            continue;
        }
        if (ir_op_has_result(op) && (op != IR_CALL || used[i])) {
            g_string_append_printf(out, "v%u = ", i);
        }
        switch (op) {
        case IR_INSN_START:
            g_string_append_printf(out, "---- %016" PRIx64, in->imm);
            break;
        case IR_MOVI:
            g_string_append_printf(out, "movi 0x%" PRIx64, in->imm);
            break;
        case IR_MOV:
            g_string_append(out, "mov ");
            put_val(out, in->a);
            break;
        case IR_GET_REG:
            g_string_append(out, "get_reg ");
            put_reg(out, in->imm);
            break;
        case IR_SET_REG:
            g_string_append(out, "set_reg ");
            put_reg(out, in->imm);
            g_string_append(out, ", ");
            put_val(out, in->a);
            break;
        case IR_GET_V64:
            g_string_append_printf(out, "get_v64 v%u.d[%u]", (unsigned)(in->imm >> 4),
                                   (unsigned)(in->imm >> 3) & 1);
            break;
        case IR_SET_V64:
            g_string_append_printf(out, "set_v64 v%u.d[%u], ", (unsigned)(in->imm >> 4),
                                   (unsigned)(in->imm >> 3) & 1);
            put_val(out, in->a);
            break;
        case IR_VOP: {
            static const char *const names[IRV_COUNT] = {
                "add", "sub", "and", "bic", "orr", "orn", "eor", "cmeq", "cmgt", "cmge",
                "cmhi", "cmhs", "cmtst", "smin", "smax", "umin", "umax", "shl", "ushr", "sshr",
                "uaddlp", "uadalp", "ext", "umaxv", "uminv",
                "fadd", "fsub", "fmul", "fdiv", "fmla", "fmls", "rev",
                "aese", "aesd", "aesmc", "aesimc", "sha256h", "sha256h2", "sha256su0", "sha256su1",
            };
            uint64_t k = in->imm;
            g_string_append_printf(out, "vop %s.%u%c v%u, v%u, v%u, #%u",
                                   IRV_OP(k) < IRV_COUNT ? names[IRV_OP(k)] : "???",
                                   (IRV_Q(k) ? 128u : 64u) >> (3 + IRV_ESZ(k)), "bhsd"[IRV_ESZ(k)],
                                   IRV_D(k), IRV_N(k), IRV_M(k), IRV_SHIFT(k));
            break;
        }
        case IR_SETCOND: case IR_BRCOND: case IR_MOVCOND:
            put_sized(out, in);
            g_string_append_printf(out, " %s ", ircond_name(in->cond));
            put_val(out, in->a);
            g_string_append(out, ", ");
            put_val(out, in->b);
            if (op == IR_MOVCOND) {
                g_string_append(out, ", ");
                put_val(out, in->c);
                g_string_append(out, ", ");
                put_val(out, in->d);
            } else if (op == IR_BRCOND) {
                g_string_append_printf(out, ", L%" PRIu64, in->imm);
            }
            break;
        case IR_SETFLAGS:
            g_string_append_printf(out, "setflags %s_i%u ",
                                   in->cond < G_N_ELEMENTS(cckind_names)
                                   ? cckind_names[in->cond] : "?",
                                   in->sz == 32 ? 32 : 64);
            put_val(out, in->a);
            if (in->b != IR_NONE) {
                g_string_append(out, ", ");
                put_val(out, in->b);
            }
            break;
        case IR_TESTCC:
            g_string_append_printf(out, "testcc %s", armcond_name(in->cond));
            break;
        case IR_SELCC:
            put_sized(out, in);
            g_string_append_printf(out, " %s ", armcond_name(in->cond));
            put_val(out, in->a);
            g_string_append(out, ", ");
            put_val(out, in->b);
            break;
        case IR_GETNZCV:
            g_string_append(out, "getnzcv");
            break;
        case IR_LD:
            g_string_append(out, "ld ");
            put_val(out, in->a);
            put_memop(out, in->imm);
            break;
        case IR_ST:
            g_string_append(out, "st ");
            put_val(out, in->a);
            g_string_append(out, ", ");
            put_val(out, in->b);
            put_memop(out, in->imm);
            break;
        case IR_CALL: {
            Dl_info info;
            IRVal args[IR_CALL_MAX_ARGS] = { in->a, in->b, in->c, in->d };
            const char *name = "helper";
            if (dladdr((void *)(uintptr_t)in->imm, &info) && info.dli_sname &&
                info.dli_saddr == (void *)(uintptr_t)in->imm) {
                name = info.dli_sname;
            }
            g_string_append_printf(out, "call %s 0x%" PRIx64 " (", name, in->imm);
            for (unsigned k = 0; k < in->sz && k < IR_CALL_MAX_ARGS; k++) {
                if (k) {
                    g_string_append(out, ", ");
                }
                put_val(out, args[k]);
            }
            g_string_append_c(out, ')');
            if (in->cond) {
                static const char *const fl[] = { "pure", "reads", "writes", "raise", "noreturn" };
                const char *sep = " [";
                for (unsigned k = 0; k < G_N_ELEMENTS(fl); k++) {
                    if (in->cond & (1u << k)) {
                        g_string_append_printf(out, "%s%s", sep, fl[k]);
                        sep = ",";
                    }
                }
                g_string_append_c(out, ']');
            }
            break;
        }
        case IR_BR:
            g_string_append_printf(out, "br L%" PRIu64, in->imm);
            break;
        case IR_BRCC:
            g_string_append_printf(out, "brcc %s, L%" PRIu64, armcond_name(in->cond), in->imm);
            break;
        case IR_EXIT_TB:
            g_string_append_printf(out, "exit_tb 0x%" PRIx64 " slot %u", in->imm, in->cond);
            break;
        case IR_EXIT_INDIRECT:
            g_string_append(out, "exit_indirect ");
            put_val(out, in->a);
            break;
        case IR_EXIT_LOOP:
            g_string_append_printf(out, "exit_loop 0x%" PRIx64, in->imm);
            break;
        case IR_EXIT_NORETURN:
            g_string_append(out, "exit_noreturn");
            break;
        default:
            put_arith(out, in);
            break;
        }
        g_string_append_c(out, '\n');
    }
}
