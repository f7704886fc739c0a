/* excp.h: exception entry to EL1 and exception return (src/arm/excp.c).
 * A function that raises takes the exception, then leaves through
 * siglongjmp(env->jmp_env) to the run loop with env->pc at the vector; it
 * expects env->pc to hold the faulting instruction's address. */
#ifndef A64EMU_ARM_EXCP_H
#define A64EMU_ARM_EXCP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"

/* Take the exception without longjmp (from the run loop itself): ESR (not
 * for interrupts), ELR, SPSR, FAR when has_far, PSTATE, the VBAR offset. */
void arm_cpu_do_exception(CPUARMState *env, int excp, uint32_t syn, uint64_t return_pc,
                          uint64_t far, bool has_far);
/* Take exception excp (EXCP_*) with FAR_EL1 = far (aborts, PC alignment). */
G_NORETURN void cpu_raise_exception_far(CPUARMState *env, int excp, uint32_t syn,
                                        uint64_t return_pc, uint64_t far);

/* ---- called from generated code (tcg/helpers.h) ---- */

/* Take exception excp (EXCP_*) with ESR syndrome syn and preferred return
 * address return_pc to EL1. Does not return. */
G_NORETURN void helper_exception(CPUARMState *env, uint64_t excp, uint64_t syn,
                                 uint64_t return_pc);
/* Instruction abort and PC alignment fault raised by the translator: both
 * report the PC in FAR_EL1, which helper_exception does not set. */
G_NORETURN void helper_fetch_fault(CPUARMState *env, uint64_t excp, uint64_t syn, uint64_t pc);
/* CheckSPAlignment: with SCTLR_EL1.SA on, a load or store based on SP takes the
 * SP alignment fault (at pc) unless sp is 16-byte aligned. */
uint64_t helper_check_sp_align(CPUARMState *env, uint64_t sp, uint64_t pc);
/* ERET: PC from ELR_EL1, PSTATE from SPSR_EL1 (illegal returns handled as the
 * architecture says). Returns the new PC. */
uint64_t helper_eret(CPUARMState *env);

#endif
