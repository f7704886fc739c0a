/* debug.h: the self-hosted debug architecture (Arm ARM D2) of the CPU: when debug
 * exceptions are enabled, hardware breakpoints, watchpoints and software step
 * (src/arm/debug.c). The translator asks these at translation time (TB flags, which
 * instructions carry a breakpoint check) and the memory slow path at each watched access;
 * nothing here runs while nothing is armed. */
#ifndef A64EMU_ARM_DEBUG_H
#define A64EMU_ARM_DEBUG_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/bits.h"
#include "arm/cpu.h"

#define ARM_DBG_BRPS 6          /* ID_AA64DFR0_EL1.BRPs + 1 */
#define ARM_DBG_WRPS 4          /* ID_AA64DFR0_EL1.WRPs + 1 */
#define ARM_DBG_CTX_BP 5        /* CTX_CMPs = 1: the last breakpoint can compare a context */

/* AArch64.GenerateDebugExceptions() from the current EL: the OS lock and the OS double
 * lock clear, and at EL1 (the debug target, with no EL2/EL3) MDSCR_EL1.KDE = 1 and
 * PSTATE.D = 0; from EL0 always. */
static inline bool arm_debug_enabled(const CPUARMState *env)
{
    if (env->oslk || env->osdlk) {
        return false;
    }
    return env->el == 0 || ((env->mdscr_el1 & MDSCR_KDE) && !(env->daif & PSTATE_D));
}

/* Software step is active (MDSCR_EL1.SS and debug exceptions enabled here); PSTATE.SS
 * then says active-not-pending (1: step one instruction) or active-pending (0). */
static inline bool arm_ss_active(const CPUARMState *env)
{
    return (env->mdscr_el1 & MDSCR_SS) && arm_debug_enabled(env);
}

/* Breakpoints can fire now: MDSCR_EL1.MDE, debug enabled, one with an address enabled.
 * The blocks carry it (TB_FLAG_HWBP); arm_bp_at() then says which instructions get a
 * check (helper_hw_break). */
static inline bool arm_bp_armed(const CPUARMState *env)
{
    return env->dbg_bp_on && (env->mdscr_el1 & MDSCR_MDE) && arm_debug_enabled(env);
}

/* An enabled address breakpoint (BT 0b0000 or 0b0001) has this address: the block
 * checks the rest when the instruction runs. Translation time. */
bool arm_bp_at(const CPUARMState *env, uint64_t pc);

/* Recompute what the debug registers arm (env->dbg_bp_on, env->dbg_wp_on) after a
 * write of DBGB*, DBGW* or a reset. */
void arm_debug_update(CPUARMState *env);

/* Some enabled watchpoint covers part of this virtual page: its TLB entries take the
 * slow path (TLB_WATCH). */
bool arm_debug_page_watched(const CPUARMState *env, uint64_t page);

/* A data access of size bytes at addr (el0: an EL0 access, LDTR/STTR at EL1 included):
 * takes the Watchpoint exception if an enabled watchpoint matches. */
void arm_debug_check_watch(CPUARMState *env, uint64_t addr, unsigned size, bool is_write,
                           bool el0);

/* The run loop, after a block that stepped one instruction returned: unless an
 * exception or an ERET intervened, PSTATE.SS becomes 0 and, software step still being
 * active, the Software Step exception is taken (ELR = env->pc). */
void arm_ss_step_done(CPUARMState *env);

/* ---- called from generated code (tcg/helpers.def) ---- */
/* Before an instruction arm_bp_at() named: the Breakpoint exception if a breakpoint
 * matches it now (privilege, linked context, enables), else nothing. */
uint64_t helper_hw_break(CPUARMState *env, uint64_t pc);

#endif
