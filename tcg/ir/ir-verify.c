/* ir-verify.c: the IR's invariants, checked from the op table (ir-ops.def),
 * so that a frontend or optimizer bug fails where it is made instead of
 * becoming a wrong guest result. */
#include <inttypes.h>
#include <string.h>
#include "tcg/ir/ir.h"
#include "arm/cpu.h"

#define VERIFY_FAIL(...) do { msg = g_strdup_printf(__VA_ARGS__); goto out; } while (0)

/* What is wrong with value operand v of instruction i, or NULL. */
static const char *bad_operand(const IRBlock *b, uint32_t i, IRVal v, uint32_t last_label)
{
    if (v == IR_NONE) {
        return "is missing";
    }
    if (v >= i) {
        return "is not defined before its use";
    }
    if (last_label != IR_NONE && v < last_label) {
        return "is defined before the label that precedes its use";
    }
    /* (A call that never returns is followed by an exit: its value is never in reach.) */
    if (!ir_op_has_result(b->insts[v].op)) {
        return "names an instruction that defines no value";
    }
    return NULL;
}

static const char *bad_cond(const IRInst *in, const IROpInfo *o)
{
    unsigned c = in->cond;

    switch ((IRCondKind)o->cond) {
    case IRK_IRCOND:
        return c <= IRC_TSTNE ? NULL : "is no IRCond";
    case IRK_ARMCOND:
        return c <= ARM_NV ? NULL : "is no ArmCond";
    case IRK_CCKIND:
        return c <= CC_NZCV ? NULL : "is no CCKind";
    case IRK_SLOT:
        return c <= 1 ? NULL : "is no exit slot (0 or 1)";
    case IRK_CALL:
        if (c & ~(unsigned)(CALL_PURE | CALL_READS_REGS | CALL_WRITES_REGS | CALL_MAY_RAISE |
                            CALL_NORETURN)) {
            return "has unknown call flags";
        }
        if ((c & CALL_PURE) && (c & (CALL_WRITES_REGS | CALL_MAY_RAISE | CALL_NORETURN))) {
            return "is pure and has side effects";
        }
        if ((c & CALL_NORETURN) && !(c & CALL_MAY_RAISE)) {
            return "never returns but does not say it may raise";
        }
        return NULL;
    case IRK_NONE:
        return NULL;
    }
    return "has an unknown kind";
}

static const char *bad_imm(const IRBlock *b, const IRInst *in, const IROpInfo *o)
{
    uint64_t imm = in->imm;

    switch ((IRImmKind)o->imm) {
    case IRI_REG:
        return imm < GR_COUNT ? NULL : "is no guest register";
    case IRI_MEMOP:
        return imm <= (MO_SIZE | MO_SIGN | MO_ALIGN | MO_ACQ) ? NULL : "is no MemOp";
    case IRI_VOFF:
        return imm < 512 && !(imm & 7) ? NULL : "is no V register half (a multiple of 8 below 512)";
    case IRI_VDESC:
        return imm >> 31 ? "is no IR_VOP descriptor" : ir_vec_desc_error(imm);
    case IRI_FN:
        return imm ? NULL : "is a null function";
    case IRI_LABEL:
        return imm < b->nlabels ? NULL : "is no label of this block";
    case IRI_NONE: case IRI_CONST: case IRI_PC:
    case IRI_BITS: case IRI_FIELD:      /* ir_eval_binop defines every value */
        return NULL;
    }
    return "has an unknown kind";
}

char *ir_verify_msg(const IRBlock *b)
{
    uint8_t small[64];
    /* Per label: 1 branched to (not placed yet), 2 placed. */
    uint8_t *label = b->nlabels <= sizeof(small) ? small : g_malloc(b->nlabels);
    uint32_t last_label = IR_NONE;
    bool falls_through = true, need_exit_noreturn = false;
    char *msg = NULL;
    uint32_t i;

    memset(label, 0, b->nlabels);
    for (i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        const IRVal ops[4] = { in->a, in->b, in->c, in->d };
        const IROpInfo *o;
        const char *why;
        unsigned nargs;

        if (in->op >= IR_OP_COUNT) {
            VERIFY_FAIL("instruction %u: op %u is no IROp", i, in->op);
        }
        o = ir_info(in);
        if (in->op == IR_NOP) {
            continue;
        }
        if (need_exit_noreturn && in->op != IR_EXIT_NORETURN) {
            VERIFY_FAIL("instruction %u (%s): a call that never returns is followed by it, "
                        "not by exit_noreturn", i, o->name);
        }
        need_exit_noreturn = false;
        if ((o->flags & IRF_ARGS_SZ) && in->sz > IR_CALL_MAX_ARGS) {
            VERIFY_FAIL("instruction %u (%s): %u arguments (at most %u)", i, o->name, in->sz,
                        IR_CALL_MAX_ARGS);
        }
        nargs = ir_nargs(in);
        for (unsigned k = 0; k < 4; k++) {
            if (k >= nargs) {
                if (ops[k] != IR_NONE) {
                    VERIFY_FAIL("instruction %u (%s): unused operand %c is v%u, not none",
                                i, o->name, 'a' + k, ops[k]);
                }
            } else if (!(k == 1 && ops[k] == IR_NONE && (o->flags & IRF_OPT_B)) &&
                       (why = bad_operand(b, i, ops[k], last_label))) {
                char val[16] = "";
                if (ops[k] != IR_NONE) {
                    g_snprintf(val, sizeof(val), " (v%u)", ops[k]);
                }
                VERIFY_FAIL("instruction %u (%s): operand %c%s %s", i, o->name, 'a' + k, val, why);
            }
        }
        if ((o->flags & IRF_SIZED) && in->sz != 32 && in->sz != 64) {
            VERIFY_FAIL("instruction %u (%s): width %u, not 32 or 64", i, o->name, in->sz);
        }
        if ((why = bad_cond(in, o))) {
            VERIFY_FAIL("instruction %u (%s): cond %u %s", i, o->name, in->cond, why);
        }
        if ((why = bad_imm(b, in, o))) {
            VERIFY_FAIL("instruction %u (%s): imm 0x%" PRIx64 " %s", i, o->name, in->imm, why);
        }
        if (in->op == IR_LABEL) {
            if (label[in->imm] == 2) {
                VERIFY_FAIL("instruction %u (label): L%" PRIu64 " is placed twice", i, in->imm);
            }
            label[in->imm] = 2;
            last_label = i;
            falls_through = true;
            continue;
        }
        if (o->flags & IRF_BRANCH) {
            if (label[in->imm] == 2) {
                VERIFY_FAIL("instruction %u (%s): L%" PRIu64 " is placed before the branch",
                            i, o->name, in->imm);
            }
            label[in->imm] = 1;
        }
        if (in->op == IR_CALL && (in->cond & CALL_NORETURN)) {
            need_exit_noreturn = true;
        }
        if (o->flags & IRF_END) {
            falls_through = false;
        }
    }
    if (need_exit_noreturn) {
        VERIFY_FAIL("end of block (%u instructions): it ends after a call that never returns", i);
    }
    if (falls_through) {
        VERIFY_FAIL("end of block (%u instructions): it ends without an exit", i);
    }
    for (uint32_t l = 0; l < b->nlabels; l++) {
        if (label[l] == 1) {
            VERIFY_FAIL("L%u is branched to but never placed", l);
        }
    }
out:
    if (label != small) {
        g_free(label);
    }
    return msg;
}

void ir_verify(const IRBlock *b)
{
    g_autofree char *msg = ir_verify_msg(b);

    if (msg) {
        GString *dump = g_string_new(NULL);
        ir_dump(b, dump);
        g_error("malformed IR in the block at 0x%" PRIx64 ": %s\n%s", b->pc, msg, dump->str);
    }
}
