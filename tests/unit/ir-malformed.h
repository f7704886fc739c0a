/* ir-malformed.h: malformed IR blocks, one per rule ir_verify checks, with its
 * message, for the tests of the verifier and of the IR's consumers. */
#ifndef A64EMU_IR_MALFORMED_H
#define A64EMU_IR_MALFORMED_H

#include <glib.h>
#include <string.h>
#include "arm/cpu.h"
#include "tcg/ir/ir.h"

/* Only its address matters: no malformed block runs a call. */
static uint64_t malformed_fn(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    return a;
}

static void malformed_exit(IRBlock *b, uint64_t pc)
{
    ir_emit(b, IR_EXIT_TB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, pc);
}

#define EMIT(op, sz, cond, a, b_, c, d, imm) ir_emit(b, op, sz, cond, a, b_, c, d, imm)
#define N IR_NONE

static void bad_op(IRBlock *b) { EMIT(IR_OP_COUNT, 64, 0, N, N, N, N, 0); malformed_exit(b, 0); }
static void bad_missing(IRBlock *b) { IRVal x = ir_movi(b, 1); ir_set_reg(b, 0, ir_bin(b, IR_ADD, 64, x, N)); malformed_exit(b, 0); }
static void bad_unused_slot(IRBlock *b) { IRVal x = ir_movi(b, 1); ir_set_reg(b, 0, ir_bin(b, IR_NEG, 64, x, x)); malformed_exit(b, 0); }
static void bad_forward(IRBlock *b) { ir_set_reg(b, 0, 1); ir_movi(b, 1); malformed_exit(b, 0); }
static void bad_self(IRBlock *b) { ir_movi(b, 1); EMIT(IR_ADD, 64, 0, 0, 1, N, N, 0); malformed_exit(b, 0); }
static void bad_no_value(IRBlock *b) { IRVal x = ir_movi(b, 1); ir_set_reg(b, 0, x); ir_set_reg(b, 1, x + 1); malformed_exit(b, 0); }
static void bad_nop_value(IRBlock *b) { EMIT(IR_NOP, 0, 0, N, N, N, N, 0); ir_set_reg(b, 1, 0); malformed_exit(b, 0); }
static void bad_cross_label(IRBlock *b)
{
    uint32_t l = ir_new_label(b);
    IRVal x = ir_get_reg(b, 1);
    EMIT(IR_BRCOND, 64, IRC_EQ, x, x, N, N, l);
    malformed_exit(b, 0);
    EMIT(IR_LABEL, 0, 0, N, N, N, N, l);
    ir_set_reg(b, 2, x);
    malformed_exit(b, 4);
}
static void bad_width(IRBlock *b) { IRVal x = ir_movi(b, 1); ir_set_reg(b, 0, ir_bin(b, IR_ADD, 16, x, x)); malformed_exit(b, 0); }
/* (The first problem found is the one reported: the label need not be placed.) */
static void bad_brcond_width(IRBlock *b) { IRVal x = ir_movi(b, 1); EMIT(IR_BRCOND, 0, IRC_EQ, x, x, N, N, ir_new_label(b)); }
static void bad_ircond(IRBlock *b) { IRVal x = ir_movi(b, 1); ir_set_reg(b, 0, EMIT(IR_SETCOND, 64, IRC_TSTNE + 1, x, x, N, N, 0)); malformed_exit(b, 0); }
static void bad_armcond(IRBlock *b) { ir_set_reg(b, 0, EMIT(IR_TESTCC, 0, 16, N, N, N, N, 0)); malformed_exit(b, 0); }
static void bad_cckind(IRBlock *b) { EMIT(IR_SETFLAGS, 64, CC_NZCV + 1, ir_movi(b, 1), N, N, N, 0); malformed_exit(b, 0); }
static void bad_slot(IRBlock *b) { EMIT(IR_EXIT_TB, 0, 2, N, N, N, N, 0x1000); }
static void bad_reg(IRBlock *b) { ir_set_reg(b, 0, ir_get_reg(b, GR_COUNT)); malformed_exit(b, 0); }
static void bad_memop(IRBlock *b) { ir_set_reg(b, 0, EMIT(IR_LD, 64, 0, ir_movi(b, 0), N, N, N, 0x20)); malformed_exit(b, 0); }
static void bad_call_args(IRBlock *b) { IRVal x = ir_movi(b, 1); EMIT(IR_CALL, IR_CALL_MAX_ARGS + 1, CALL_PURE, x, x, x, x, (uintptr_t)malformed_fn); malformed_exit(b, 0); }
static void bad_call_slot(IRBlock *b) { IRVal x = ir_movi(b, 1); ir_call(b, malformed_fn, CALL_PURE, 1, x, x, N); malformed_exit(b, 0); }
static void bad_call_d(IRBlock *b) { IRVal x = ir_movi(b, 1); EMIT(IR_CALL, 3, CALL_PURE, x, x, x, x, (uintptr_t)malformed_fn); malformed_exit(b, 0); }
static void bad_call_fn(IRBlock *b) { ir_call(b, NULL, CALL_READS_REGS, 0, N, N, N); malformed_exit(b, 0); }
static void bad_call_flags(IRBlock *b) { ir_call(b, malformed_fn, 0x20, 0, N, N, N); malformed_exit(b, 0); }
static void bad_call_pure(IRBlock *b) { ir_call(b, malformed_fn, CALL_PURE | CALL_MAY_RAISE, 0, N, N, N); malformed_exit(b, 0); }
static void bad_call_noreturn(IRBlock *b) { ir_call(b, malformed_fn, CALL_NORETURN, 0, N, N, N); EMIT(IR_EXIT_NORETURN, 0, 0, N, N, N, N, 0); }
static void bad_after_noreturn(IRBlock *b) { ir_call(b, malformed_fn, CALL_MAY_RAISE | CALL_NORETURN, 0, N, N, N); malformed_exit(b, 0); }
static void bad_end_noreturn(IRBlock *b) { ir_call(b, malformed_fn, CALL_MAY_RAISE | CALL_NORETURN, 0, N, N, N); }
static void bad_label_id(IRBlock *b) { EMIT(IR_BR, 0, 0, N, N, N, N, 0); }
static void bad_label_twice(IRBlock *b)
{
    uint32_t l = ir_new_label(b);
    EMIT(IR_BRCC, 0, ARM_EQ, N, N, N, N, l);
    malformed_exit(b, 0);
    EMIT(IR_LABEL, 0, 0, N, N, N, N, l);
    malformed_exit(b, 4);
    EMIT(IR_LABEL, 0, 0, N, N, N, N, l);
    malformed_exit(b, 8);
}
static void bad_backward(IRBlock *b)
{
    uint32_t l = ir_new_label(b);
    EMIT(IR_LABEL, 0, 0, N, N, N, N, l);
    EMIT(IR_BR, 0, 0, N, N, N, N, l);
}
static void bad_unplaced(IRBlock *b)
{
    uint32_t l = ir_new_label(b);
    EMIT(IR_BRCC, 0, ARM_AL, N, N, N, N, l);
    malformed_exit(b, 0);
}
static void bad_fall_off(IRBlock *b) { ir_set_reg(b, 0, ir_movi(b, 42)); }
static void bad_fall_off_label(IRBlock *b)
{
    uint32_t l = ir_new_label(b);
    EMIT(IR_BRCC, 0, ARM_NE, N, N, N, N, l);
    malformed_exit(b, 0);
    EMIT(IR_LABEL, 0, 0, N, N, N, N, l);
}
static void bad_empty(IRBlock *b) { }


#undef EMIT
#undef N

static const struct {
    const char *name;
    void (*build)(IRBlock *b);
    const char *msg;        /* glob over ir_verify_msg */
} ir_malformed[] = {
    { "op", bad_op,
      "instruction 0: op * is no IROp" },
    { "missing", bad_missing,
      "instruction 1 (add): operand b is missing" },
    { "unused-slot", bad_unused_slot,
      "instruction 1 (neg): unused operand b is v0, not none" },
    { "forward", bad_forward,
      "instruction 0 (set_reg): operand a (v1) is not defined before its use" },
    { "self", bad_self,
      "instruction 1 (add): operand b (v1) is not defined before its use" },
    { "no-value", bad_no_value,
      "instruction 2 (set_reg): operand a (v1) names an instruction that defines no value" },
    { "nop-value", bad_nop_value,
      "instruction 1 (set_reg): operand a (v0) names an instruction that defines no value" },
    { "cross-label", bad_cross_label,
      "instruction 4 (set_reg): operand a (v0) is defined before the label*" },
    { "width", bad_width,
      "instruction 1 (add): width 16, not 32 or 64" },
    { "brcond-width", bad_brcond_width,
      "instruction 1 (brcond): width 0, not 32 or 64" },
    { "ircond", bad_ircond,
      "instruction 1 (setcond): cond 12 is no IRCond" },
    { "armcond", bad_armcond,
      "instruction 0 (testcc): cond 16 is no ArmCond" },
    { "cckind", bad_cckind,
      "instruction 1 (setflags): cond 4 is no CCKind" },
    { "slot", bad_slot,
      "instruction 0 (exit_tb): cond 2 is no exit slot*" },
    { "reg", bad_reg,
      "instruction 0 (get_reg): imm 0x21 is no guest register" },
    { "memop", bad_memop,
      "instruction 1 (ld): imm 0x20 is no MemOp" },
    { "call-args", bad_call_args,
      "instruction 1 (call): 5 arguments (at most 4)" },
    { "call-slot", bad_call_slot,
      "instruction 1 (call): unused operand b is v0, not none" },
    { "call-d", bad_call_d,
      "instruction 1 (call): unused operand d is v0, not none" },
    { "call-fn", bad_call_fn,
      "instruction 0 (call): imm 0x0 is a null function" },
    { "call-flags", bad_call_flags,
      "instruction 0 (call): cond 32 has unknown call flags" },
    { "call-pure", bad_call_pure,
      "instruction 0 (call): cond 9 is pure and has side effects" },
    { "call-noreturn", bad_call_noreturn,
      "instruction 0 (call): cond 16 never returns but does not say it may raise" },
    { "after-noreturn", bad_after_noreturn,
      "instruction 1 (exit_tb): a call that never returns is followed by it*" },
    { "end-noreturn", bad_end_noreturn,
      "end of block (1 instructions): it ends after a call that never returns" },
    { "label-id", bad_label_id,
      "instruction 0 (br): imm 0x0 is no label of this block" },
    { "label-twice", bad_label_twice,
      "instruction 4 (label): L0 is placed twice" },
    { "backward", bad_backward,
      "instruction 1 (br): L0 is placed before the branch" },
    { "unplaced", bad_unplaced,
      "L0 is branched to but never placed" },
    { "fall-off", bad_fall_off,
      "end of block (2 instructions): it ends without an exit" },
    { "fall-off-label", bad_fall_off_label,
      "end of block (3 instructions): it ends without an exit" },
    { "empty", bad_empty,
      "end of block (0 instructions): it ends without an exit" },
};

static inline void ir_malformed_build(IRBlock *b, const char *name)
{
    for (size_t k = 0; k < G_N_ELEMENTS(ir_malformed); k++) {
        if (!strcmp(ir_malformed[k].name, name)) {
            ir_malformed[k].build(b);
            return;
        }
    }
    g_error("no malformed block named %s", name);
}

/* A consumer's assertion: run(block) in a subprocess aborts with a message. */
typedef struct IRMalformedAbort {
    const char *block;
    const char *stderr_glob;
} IRMalformedAbort;

static inline void ir_malformed_expect_abort(const IRMalformedAbort *c, void (*run)(IRBlock *b))
{
    if (g_test_subprocess()) {
        IRBlock b;
        ir_block_init(&b, 0x4000, 0);
        ir_malformed_build(&b, c->block);
        run(&b);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(c->stderr_glob);
}

#endif
