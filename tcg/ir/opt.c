/* opt.c: the per-block IR optimizer: one forward pass (copy propagation,
 * constant folding, algebraic identities, register and flag forwarding,
 * unreachable code) and one backward pass (dead stores to registers and
 * flags, dead values). Deleted instructions become IR_NOP; nothing moves. */
#include <string.h>
#include "tcg/ir/ir.h"

/* Register slots tracked for forwarding; GET/SET_REG with a larger index
 * are left alone (never forwarded, never considered dead). */
#define OPT_NREGS 64

enum { OPA = 1, OPB = 2, OPC = 4, OPD = 8 };

/* Which of a/b/c/d the op reads as values. */
static unsigned operand_mask(const IRInst *in)
{
    return (1u << ir_nargs(in)) - 1;
}

static bool is_arith(IROp op)
{
    return (ir_op_table[op].flags & IRF_ARITH) != 0;
}

typedef struct Opt {
    IRBlock *b;
    IRVal *repl;        /* value -> the value that replaces it */
    bool *clean;        /* value known to have its upper 32 bits zero */
} Opt;

static bool get_const(const Opt *o, IRVal v, uint64_t *c)
{
    if (v == IR_NONE || v >= o->b->n || o->b->insts[v].op != IR_MOVI) {
        return false;
    }
    *c = o->b->insts[v].imm;
    return true;
}

static void set_movi(IRInst *in, uint64_t v)
{
    in->op = IR_MOVI;
    in->sz = 64;
    in->cond = 0;
    in->a = in->b = in->c = in->d = IR_NONE;
    in->imm = v;
}

static void set_nop(IRInst *in)
{
    in->op = IR_NOP;
    in->a = in->b = in->c = in->d = IR_NONE;
}

/* Instruction i computes value v viewed at width sz (32: zero-extended). */
static void set_copy(Opt *o, uint32_t i, IRVal v, unsigned sz)
{
    IRInst *in = &o->b->insts[i];
    uint64_t c;

    if (get_const(o, v, &c)) {
        set_movi(in, sz == 32 ? (uint32_t)c : c);
    } else if (sz != 32 || o->clean[v]) {
        o->repl[i] = v;
        set_nop(in);
    } else {
        in->op = IR_EXTU;
        in->sz = 64;
        in->cond = 0;
        in->a = v;
        in->b = in->c = in->d = IR_NONE;
        in->imm = 32;
    }
}

/* Fold arithmetic: constants and algebraic identities. */
static void fold_arith(Opt *o, uint32_t i)
{
    IRInst *in = &o->b->insts[i];
    IROp op = in->op;
    unsigned w = in->sz == 32 ? 32 : 64;
    uint64_t m = w == 32 ? 0xffffffffull : UINT64_MAX;
    uint64_t ca = 0, cb = 0;
    bool ka = get_const(o, in->a, &ca), kb = false;
    bool same;

    if (ir_info(in)->nargs == 1) {
        if (ka) {
            set_movi(in, ir_eval_binop(op, w, ca, 0, in->imm));
        } else if (op == IR_EXTU && in->imm >= 32 && in->a < i && o->clean[in->a]) {
            set_copy(o, i, in->a, 64);
        }
        return;
    }
    kb = get_const(o, in->b, &cb);
    if (ka && kb) {
        set_movi(in, ir_eval_binop(op, w, ca, cb, in->imm));
        return;
    }
    ca &= m;
    cb &= m;
    same = in->a == in->b && in->a != IR_NONE;

    switch (op) {
    case IR_ADD:
        if (kb && cb == 0) {
            set_copy(o, i, in->a, w);
        } else if (ka && ca == 0) {
            set_copy(o, i, in->b, w);
        }
        break;
    case IR_SUB:
        if (kb && cb == 0) {
            set_copy(o, i, in->a, w);
        } else if (same) {
            set_movi(in, 0);
        }
        break;
    case IR_MUL:
        if ((ka && ca == 0) || (kb && cb == 0)) {
            set_movi(in, 0);
        } else if (kb && cb == 1) {
            set_copy(o, i, in->a, w);
        } else if (ka && ca == 1) {
            set_copy(o, i, in->b, w);
        }
        break;
    case IR_AND:
        if ((ka && ca == 0) || (kb && cb == 0)) {
            set_movi(in, 0);
        } else if ((kb && cb == m) || same) {
            set_copy(o, i, in->a, w);
        } else if (ka && ca == m) {
            set_copy(o, i, in->b, w);
        }
        break;
    case IR_OR:
        if ((ka && ca == m) || (kb && cb == m)) {
            set_movi(in, m);
        } else if ((kb && cb == 0) || same) {
            set_copy(o, i, in->a, w);
        } else if (ka && ca == 0) {
            set_copy(o, i, in->b, w);
        }
        break;
    case IR_XOR:
        if (same) {
            set_movi(in, 0);
        } else if (kb && cb == 0) {
            set_copy(o, i, in->a, w);
        } else if (ka && ca == 0) {
            set_copy(o, i, in->b, w);
        }
        break;
    case IR_ANDN:
        if (same || (ka && ca == 0) || (kb && cb == m)) {
            set_movi(in, 0);
        } else if (kb && cb == 0) {
            set_copy(o, i, in->a, w);
        }
        break;
    case IR_ORN:
        if (same || (ka && ca == m) || (kb && cb == 0)) {
            set_movi(in, m);
        } else if (kb && cb == m) {
            set_copy(o, i, in->a, w);
        }
        break;
    case IR_XNOR:
        if (same) {
            set_movi(in, m);
        } else if (kb && cb == m) {
            set_copy(o, i, in->a, w);
        }
        break;
    case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROR:
        if (ka && ca == 0) {
            set_movi(in, 0);
        } else if (kb && (cb & (w - 1)) == 0) {
            set_copy(o, i, in->a, w);
        }
        break;
    case IR_MULHU: case IR_MULHS:
        if ((ka && ca == 0) || (kb && cb == 0)) {
            set_movi(in, 0);
        }
        break;
    case IR_DIVU: case IR_DIVS:
        if (kb && cb == 0) {
            set_movi(in, 0);
        } else if (kb && cb == 1) {
            set_copy(o, i, in->a, w);
        }
        break;
    default:
        break;
    }
}

/* A known outcome for (a cond b): 1 true, 0 false, -1 unknown. */
static int known_cond(const Opt *o, const IRInst *in)
{
    uint64_t ca, cb;

    if (get_const(o, in->a, &ca) && get_const(o, in->b, &cb)) {
        return ir_eval_cond(in->cond, in->sz, ca, cb);
    }
    /* x cond x: decided for the comparisons, not for the bit tests. */
    if (in->a == in->b && in->a != IR_NONE && in->cond <= IRC_GT) {
        return ir_eval_cond(in->cond, in->sz, 0, 0);
    }
    return -1;
}

/* NZCV after the SETFLAGS flags_def if both operands are constants. */
static bool known_flags(const Opt *o, IRVal flags_def, uint32_t *nzcv)
{
    const IRInst *f;
    uint64_t ca, cb = 0;

    if (flags_def == IR_NONE) {
        return false;
    }
    f = &o->b->insts[flags_def];
    if (f->op != IR_SETFLAGS || !get_const(o, f->a, &ca)) {
        return false;
    }
    if (f->b != IR_NONE && !get_const(o, f->b, &cb)) {
        return false;
    }
    *nzcv = ir_flags_nzcv(f->cond, f->sz == 64 ? 64 : 32, ca, cb);
    return true;
}

static bool result_clean(const Opt *o, const IRInst *in)
{
    const bool *cl = o->clean;
    IRVal n = o->b->n;
#define CL(v) ((v) < n && cl[v])

    switch (in->op) {
    case IR_MOVI:
        return in->imm <= 0xffffffffull;
    case IR_MOV:
        return in->sz == 32 || CL(in->a);
    case IR_SETCOND: case IR_TESTCC: case IR_GETNZCV:
        return true;
    case IR_EXTU:
        return in->sz == 32 || (in->imm >= 1 && in->imm <= 32) || CL(in->a);
    case IR_EXTRACT:
        return in->sz == 32 || (((in->imm >> 8) & 0xff) >= 1 && ((in->imm >> 8) & 0xff) <= 32);
    case IR_AND:
        return in->sz == 32 || CL(in->a) || CL(in->b);
    case IR_MOVCOND:
        return in->sz == 32 || (CL(in->c) && CL(in->d));
    case IR_SELCC:
        return in->sz == 32 || (CL(in->a) && CL(in->b));
    case IR_LD:
        return !(in->imm & MO_SIGN) && (in->imm & MO_SIZE) <= MO_32;
    default:
        return is_arith(in->op) && in->sz == 32;
    }
#undef CL
}

static void forward_pass(Opt *o)
{
    IRBlock *b = o->b;
    IRVal regval[OPT_NREGS];
    IRVal flags_def = IR_NONE;
    bool unreachable = false;

    for (unsigned r = 0; r < OPT_NREGS; r++) {
        regval[r] = IR_NONE;
    }
    for (uint32_t i = 0; i < b->n; i++) {
        IRInst *in = &b->insts[i];
        unsigned mask;
        uint32_t nzcv;
        int k;

        o->repl[i] = i;
        o->clean[i] = false;
        if (in->op == IR_NOP) {
            continue;
        }
        if (in->op == IR_LABEL) {
            /* No value may be used past a label that follows its definition:
             * forget everything that could create such a use. */
            unreachable = false;
            for (unsigned r = 0; r < OPT_NREGS; r++) {
                regval[r] = IR_NONE;
            }
            flags_def = IR_NONE;
            continue;
        }
        if (unreachable) {
            set_nop(in);
            continue;
        }

        mask = operand_mask(in);
        if ((mask & OPA) && in->a < i) in->a = o->repl[in->a];
        if ((mask & OPB) && in->b < i) in->b = o->repl[in->b];
        if ((mask & OPC) && in->c < i) in->c = o->repl[in->c];
        if ((mask & OPD) && in->d < i) in->d = o->repl[in->d];

        switch (in->op) {
        case IR_MOV:
            if (in->a < i) {
                set_copy(o, i, in->a, in->sz == 32 ? 32 : 64);
            }
            break;
        case IR_GET_REG:
            if (in->imm < OPT_NREGS) {
                if (regval[in->imm] != IR_NONE) {
                    set_copy(o, i, regval[in->imm], 64);
                } else {
                    regval[in->imm] = i;
                }
            }
            break;
        case IR_SET_REG:
            if (in->imm < OPT_NREGS) {
                regval[in->imm] = in->a < i ? in->a : IR_NONE;
            }
            break;
        case IR_SETCOND:
            k = known_cond(o, in);
            if (k >= 0) {
                set_movi(in, k);
            }
            break;
        case IR_MOVCOND:
            k = known_cond(o, in);
            if (k >= 0) {
                set_copy(o, i, k ? in->c : in->d, in->sz == 32 ? 32 : 64);
            } else if (in->c == in->d && in->c < i) {
                set_copy(o, i, in->c, in->sz == 32 ? 32 : 64);
            }
            break;
        case IR_BRCOND:
            k = known_cond(o, in);
            if (k == 1) {
                in->op = IR_BR;
                in->a = in->b = IR_NONE;
                unreachable = true;
            } else if (k == 0) {
                set_nop(in);
            }
            break;
        case IR_SETFLAGS:
            flags_def = i;
            break;
        case IR_TESTCC:
            if (known_flags(o, flags_def, &nzcv)) {
                set_movi(in, ir_arm_cond_holds(in->cond, nzcv));
            }
            break;
        case IR_GETNZCV:
            if (known_flags(o, flags_def, &nzcv)) {
                set_movi(in, nzcv);
            }
            break;
        case IR_SELCC:
            if (in->a == in->b && in->a < i) {
                set_copy(o, i, in->a, in->sz == 32 ? 32 : 64);
            } else if (known_flags(o, flags_def, &nzcv) && in->a < i && in->b < i) {
                set_copy(o, i, ir_arm_cond_holds(in->cond, nzcv) ? in->a : in->b,
                         in->sz == 32 ? 32 : 64);
            }
            break;
        case IR_BRCC:
            if (known_flags(o, flags_def, &nzcv)) {
                if (ir_arm_cond_holds(in->cond, nzcv)) {
                    in->op = IR_BR;
                    unreachable = true;
                } else {
                    set_nop(in);
                }
            }
            break;
        case IR_CALL:
            if (in->cond & CALL_WRITES_REGS) {
                for (unsigned r = 0; r < OPT_NREGS; r++) {
                    regval[r] = IR_NONE;
                }
                flags_def = IR_NONE;
            }
            break;
        default:
            if (is_arith(in->op)) {
                fold_arith(o, i);
            }
            unreachable = (ir_info(in)->flags & IRF_END) != 0;
            break;
        }
        if (in->op != IR_NOP) {
            o->clean[i] = result_clean(o, in);
        }
    }
}

/* The passes' per-instruction arrays, kept from one block to the next on each thread
 * (each vCPU thread translates on its own): allocating them per block showed in a Linux
 * boot's profile. cap is in instructions. */
static __thread struct {
    IRVal *repl;
    bool *clean, *live;
    uint32_t cap;
} opt_scratch;

static void backward_pass(Opt *o)
{
    IRBlock *b = o->b;
    bool *live = opt_scratch.live;
    bool reg_dead[OPT_NREGS];   /* overwritten later with no possible reader between */
    bool flags_dead = false;

    memset(reg_dead, 0, sizeof(reg_dead));
    for (uint32_t i = b->n; i-- > 0;) {
        IRInst *in = &b->insts[i];
        bool read_all = false;
        unsigned mask;

        switch (in->op) {
        case IR_NOP:
            continue;
        case IR_SET_REG:
            if (in->imm < OPT_NREGS) {
                if (reg_dead[in->imm]) {
                    set_nop(in);
                    continue;
                }
                reg_dead[in->imm] = true;
            }
            break;
        case IR_SETFLAGS:
            if (flags_dead) {
                set_nop(in);
                continue;
            }
            flags_dead = true;
            break;
        default:
            if (ir_is_pure(in) && !live[i]) {
                set_nop(in);
                continue;
            }
            break;
        }

        /* What the kept instruction may read of the guest state. */
        if (in->op == IR_GET_REG) {
            read_all = in->imm >= OPT_NREGS;
            if (!read_all) {
                reg_dead[in->imm] = false;
            }
        } else if (in->op == IR_CALL) {
            read_all = (in->cond & (CALL_READS_REGS | CALL_MAY_RAISE | CALL_NORETURN)) != 0;
        } else {
            read_all = (ir_info(in)->flags & IRF_SYNC) != 0;
        }
        if (ir_info(in)->flags & IRF_RFLAGS) {
            flags_dead = false;
        }
        if (read_all) {
            memset(reg_dead, 0, sizeof(reg_dead));
            flags_dead = false;
        }

        mask = operand_mask(in);
        if ((mask & OPA) && in->a < i) live[in->a] = true;
        if ((mask & OPB) && in->b < i) live[in->b] = true;
        if ((mask & OPC) && in->c < i) live[in->c] = true;
        if ((mask & OPD) && in->d < i) live[in->d] = true;
    }
}

void ir_optimize(IRBlock *b)
{
    Opt o = { .b = b };

    if (b->n == 0) {
        return;
    }
    if (b->n + 1 > opt_scratch.cap) {
        opt_scratch.cap = MAX(b->n + 1, opt_scratch.cap * 2);
        g_free(opt_scratch.repl);
        g_free(opt_scratch.clean);
        g_free(opt_scratch.live);
        opt_scratch.repl = g_new(IRVal, opt_scratch.cap);
        opt_scratch.clean = g_new(bool, opt_scratch.cap);
        opt_scratch.live = g_new(bool, opt_scratch.cap);
    }
    o.repl = opt_scratch.repl;
    o.clean = opt_scratch.clean;
    memset(o.clean, 0, b->n);
    memset(opt_scratch.live, 0, b->n + 1);
    forward_pass(&o);
    backward_pass(&o);
}
