/* interp.c: the IR interpreter (-accel tcg,interp=on): runs an optimized
 * IRBlock directly on CPUARMState with the same exit protocol as generated
 * code. The op semantics come from ir_eval_binop/ir_eval_cond. */
#include "tcg/backend.h"
#include "arm/cpu.h"
#include "tcg/helpers.h"
#include "tcg/plugin.h"         /* plugin_vcpu_index for IR_PLUGIN_ADD */

/* An IR_CALL: the helper takes as many arguments as the call passes (sz). */
static uint64_t call_helper(CPUARMState *env, const IRInst *in, const uint64_t *x)
{
    void *fn = (void *)(uintptr_t)in->imm;

    switch (in->sz) {
    case 0: return ((uint64_t (*)(CPUARMState *))fn)(env);
    case 1: return ((uint64_t (*)(CPUARMState *, uint64_t))fn)(env, x[0]);
    case 2: return ((uint64_t (*)(CPUARMState *, uint64_t, uint64_t))fn)(env, x[0], x[1]);
    case 3:
        return ((uint64_t (*)(CPUARMState *, uint64_t, uint64_t, uint64_t))fn)(env, x[0], x[1],
                                                                                x[2]);
    default:
        return ((uint64_t (*)(CPUARMState *, uint64_t, uint64_t, uint64_t, uint64_t))fn)(
            env, x[0], x[1], x[2], x[3]);
    }
}

/* Per-thread scratch: helpers may siglongjmp out of the block, so nothing
 * allocated per execution could be freed reliably. */
static __thread uint64_t *interp_vals;
static __thread uint32_t interp_vals_cap;
static __thread uint32_t *interp_labels;
static __thread uint32_t interp_labels_cap;

static int warned_fall_off, warned_bad_label;

static void warn_once(int *flag, const char *what, const IRBlock *b, uint32_t i)
{
    if (!__atomic_exchange_n(flag, 1, __ATOMIC_RELAXED)) {
        g_warning("IR interpreter: %s (block at 0x%" G_GINT64_MODIFIER "x, instruction %u)",
                  what, (guint64)b->pc, i);
    }
}

/* Malformed IR (ir_verify names the problem): an assertion, never a guess. */
static G_NORETURN uint64_t malformed(const IRBlock *b, uint32_t i, const char *what)
{
    g_error("IR interpreter: block at 0x%" G_GINT64_MODIFIER "x, instruction %u: %s",
            (guint64)b->pc, i, what);
}

/* Map label ids to instruction indices (UINT32_MAX: not placed). */
static uint32_t *build_labels(const IRBlock *b)
{
    if (interp_labels_cap < b->nlabels) {
        g_free(interp_labels);
        interp_labels_cap = MAX(b->nlabels, 16);
        interp_labels = g_new(uint32_t, interp_labels_cap);
    }
    for (uint32_t l = 0; l < b->nlabels; l++) {
        interp_labels[l] = UINT32_MAX;
    }
    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        if (in->op == IR_LABEL && in->imm < b->nlabels && interp_labels[in->imm] == UINT32_MAX) {
            interp_labels[in->imm] = i;
        }
    }
    return interp_labels;
}

uintptr_t ir_interp_exec(CPUARMState *env, const IRBlock *b, TranslationBlock *tb)
{
    uint64_t *v;
    uint32_t *labels = NULL;
    uint64_t cur_pc = b->pc;
    uint32_t i = 0;

    if (interp_vals_cap < b->n) {
        g_free(interp_vals);
        interp_vals_cap = MAX(b->n, 256);
        interp_vals = g_new(uint64_t, interp_vals_cap);
    }
    v = interp_vals;

    while (i < b->n) {
        const IRInst *in = &b->insts[i];
        /* An absent operand (IR_NONE) reads as 0. */
#define VAL(x) ((x) < i ? v[(x)] : (x) == IR_NONE ? 0 \
                : malformed(b, i, "an operand is not defined before its use"))
        uint64_t a = VAL(in->a), bv = VAL(in->b);
        uint64_t r = 0;
        uint32_t target;

        switch ((IROp)in->op) {
        case IR_NOP:
        case IR_LABEL:
            break;
        case IR_INSN_START:
            cur_pc = in->imm;
            break;
        case IR_MB:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case IR_PLUGIN_ADD: {
            uint64_t *p = (uint64_t *)(uintptr_t)a;
            p[in->imm ? plugin_vcpu_index(env) : 0] += bv;
            break;
        }
        case IR_MOVI:
            r = in->imm;
            break;
        case IR_MOV:
            r = in->sz == 32 ? (uint32_t)a : a;
            break;
        case IR_GET_REG:
            r = in->imm < GR_COUNT ? env->regs[in->imm] : malformed(b, i, "no guest register");
            break;
        case IR_SET_REG:
            if (in->imm >= GR_COUNT) {
                malformed(b, i, "no guest register");
            }
            env->regs[in->imm] = a;
            break;
        case IR_GET_V64:
            if (in->imm >= 512 || (in->imm & 7)) {
                malformed(b, i, "no V register half");
            }
            r = env->vregs[in->imm >> 4][(in->imm >> 3) & 1];
            break;
        case IR_SET_V64:
            if (in->imm >= 512 || (in->imm & 7)) {
                malformed(b, i, "no V register half");
            }
            env->vregs[in->imm >> 4][(in->imm >> 3) & 1] = a;
            break;
        case IR_VOP:
            if (ir_vec_desc_error(in->imm)) {
                malformed(b, i, "no IR_VOP descriptor");
            }
            ir_vec_run(env, in->imm);
            break;
        case IR_SETCOND:
            r = ir_eval_cond(in->cond, in->sz, a, bv);
            break;
        case IR_MOVCOND:
            r = ir_eval_cond(in->cond, in->sz, a, bv) ? VAL(in->c) : VAL(in->d);
            if (in->sz == 32) {
                r = (uint32_t)r;
            }
            break;
        case IR_SETFLAGS:
            env->cc_op = cpu_cc_op(in->cond, in->sz);
            env->cc_a = a;
            env->cc_b = in->b == IR_NONE ? 0 : bv;
            break;
        case IR_TESTCC:
            r = ir_arm_cond_holds(in->cond, cpu_get_nzcv(env));
            break;
        case IR_SELCC:
            r = ir_arm_cond_holds(in->cond, cpu_get_nzcv(env)) ? a : bv;
            if (in->sz == 32) {
                r = (uint32_t)r;
            }
            break;
        case IR_GETNZCV:
            r = cpu_get_nzcv(env);
            break;
        case IR_LD:
            env->pc = cur_pc;
            r = helper_ld(env, a, in->imm, 0);
            break;
        case IR_ST:
            env->pc = cur_pc;
            helper_st(env, a, bv, in->imm);
            break;
        case IR_CALL:
            if (in->cond & (CALL_MAY_RAISE | CALL_NORETURN)) {
                env->pc = cur_pc;
            }
            r = call_helper(env, in, (const uint64_t[]){ a, bv, VAL(in->c), VAL(in->d) });
            break;
        case IR_BR:
        case IR_BRCOND:
        case IR_BRCC:
            if (in->op == IR_BRCOND && !ir_eval_cond(in->cond, in->sz, a, bv)) {
                break;
            }
            if (in->op == IR_BRCC && !ir_arm_cond_holds(in->cond, cpu_get_nzcv(env))) {
                break;
            }
            if (!labels) {
                labels = build_labels(b);
            }
            target = in->imm < b->nlabels ? labels[in->imm] : UINT32_MAX;
            if (target == UINT32_MAX) {
                malformed(b, i, "a branch to a label that is never placed");
            }
            if (target <= i) {
                /* A backward branch: stop rather than loop. */
                warn_once(&warned_bad_label, "branch to an earlier label", b, i);
                return 0;
            }
            i = target + 1;
            continue;
        case IR_EXIT_TB:
            env->pc = in->imm;
            return tb ? (uintptr_t)tb | (in->cond & 1) : 0;
        case IR_EXIT_INDIRECT:
            env->pc = a;
            return 0;
        case IR_EXIT_LOOP:
            env->pc = in->imm;
            return 0;
        case IR_EXIT_NORETURN:
            return 0;
        default:    /* the IRF_ARITH ops */
            r = ir_eval_binop(in->op, in->sz, a, bv, in->imm);
            break;
        }
#undef VAL
        v[i] = r;
        i++;
    }
    warn_once(&warned_fall_off, "block ends without an exit", b, i);
    return 0;
}
