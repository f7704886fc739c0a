/* helpers.h: every C function that generated code and the interpreter call.
 * Those named by IR_CALL are the rows of tcg/helpers.def, declared here from
 * it with as many uint64_t arguments as each takes; a call site emits one
 * with ir_call_helper(), which takes the function and the call flags from the
 * table. Below them, the memory slow paths and the TB lookup, which the
 * backend and the interpreter call directly.
 * Helpers that may raise a guest exception expect env->pc to hold the
 * faulting instruction's address (the caller writes it first) and leave
 * through siglongjmp(env->jmp_env) after the exception is taken. */
#ifndef A64EMU_TCG_HELPERS_H
#define A64EMU_TCG_HELPERS_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"
#include "arm/debug.h"          /* helper_hw_break */
#include "arm/excp.h"           /* helper_exception, helper_eret... */
#include "arm/psci.h"           /* helper_psci */
#include "arm/sysreg.h"         /* helper_mrs, helper_msr, helper_msr_imm */
#include "debug/gdbstub.h"      /* helper_debug_break */
#include "debug/semihosting.h"  /* helper_semihosting */
#include "tcg/ir/ir.h"

/* ---- the helper table ---- */

#define HELPER_RET_u64 uint64_t
#define HELPER_RET_noreturn G_NORETURN void
#define HELPER_FLAGS_u64 0
#define HELPER_FLAGS_noreturn (CALL_MAY_RAISE | CALL_NORETURN)
#define HELPER_PARAMS_0 CPUARMState *env
#define HELPER_PARAMS_1 HELPER_PARAMS_0, uint64_t
#define HELPER_PARAMS_2 HELPER_PARAMS_1, uint64_t
#define HELPER_PARAMS_3 HELPER_PARAMS_2, uint64_t
#define HELPER_PARAMS_4 HELPER_PARAMS_3, uint64_t

#define HELPER(name, ret, flags, n) HELPER_RET_##ret helper_##name(HELPER_PARAMS_##n);
#include "tcg/helpers.def"
#undef HELPER

typedef enum HelperId {
#define HELPER(name, ret, flags, n) HELPER_##name,
#include "tcg/helpers.def"
#undef HELPER
    HELPER_COUNT
} HelperId;

/* HELPER_name_NARGS, for ir_call_helper's count check. */
enum {
#define HELPER(name, ret, flags, n) HELPER_##name##_NARGS = n,
#include "tcg/helpers.def"
#undef HELPER
};

typedef struct HelperInfo {
    void *fn;
    unsigned flags;     /* IR_CALL flags, with CALL_MAY_RAISE | CALL_NORETURN for noreturn */
} HelperInfo;
extern const HelperInfo helper_info[HELPER_COUNT];   /* tcg/helpers.c */

/* IR_CALL of helper id (HELPER_name) on its IRVal arguments; a count other
 * than the table's does not compile. Returns the call's value. */
#define ir_call_helper(b, id, ...) ({ \
    _Static_assert(HELPER_ARGC(__VA_ARGS__) == id##_NARGS, \
                   #id ": not the number of arguments tcg/helpers.def gives"); \
    ir_call_helper_args((b), (id), (const IRVal[]){ IR_NONE, ##__VA_ARGS__ } + 1, \
                        HELPER_ARGC(__VA_ARGS__)); })
#define HELPER_ARGC(...) (sizeof((IRVal[]){ IR_NONE, ##__VA_ARGS__ }) / sizeof(IRVal) - 1)

static inline IRVal ir_call_helper_args(IRBlock *b, HelperId id, const IRVal *x, unsigned n)
{
    const HelperInfo *h = &helper_info[id];

    return ir_emit(b, IR_CALL, n, h->flags, n > 0 ? x[0] : IR_NONE, n > 1 ? x[1] : IR_NONE,
                   n > 2 ? x[2] : IR_NONE, n > 3 ? x[3] : IR_NONE, (uint64_t)(uintptr_t)h->fn);
}

/* ---- memory (tcg/helper-mem.c) ---- */

/* Slow-path load/store (TLB miss, MMIO, code pages, misaligned across
 * pages, alignment checks), also the interpreter's only path. memop is a
 * MemOp; loads return the value extended per MO_SIGN. A fault raises the
 * data abort (FAR = addr) or the alignment fault. */
uint64_t helper_ld(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c);
uint64_t helper_st(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop);
/* TLBI's op argument: TLBI_OP(CRm, op2) of the instruction (op1 0, CRn 8; CRm 3: the
 * inner-shareable forms, broadcast to every CPU; 7: this CPU). */
#define TLBI_OP(crm, op2) (((crm) << 3) | (op2))

/* ---- translation blocks (tcg/tb.c) ---- */

/* For IR_EXIT_INDIRECT: host code of the block for env->pc under the CPU's
 * current flags if it is already translated, else NULL (the generated code
 * then returns 0 to the loop). Never translates. */
const void *helper_lookup_tb_ptr(CPUARMState *env);

#endif
