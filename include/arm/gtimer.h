/* gtimer.h: the generic timer's EL1 physical and virtual timers (CNTP_*,
 * CNTV_*) of each CPU, counting the generic counter (arm_counter_ticks), and
 * the one host thread that raises their outputs at their deadlines
 * (src/arm/gtimer.c). The outputs are the CPU's gpio-out "gtimer" lines
 * (GT_PHYS, GT_VIRT, ...: arm/cpu.h), level-high while ENABLE && !IMASK &&
 * ISTATUS. */
#ifndef A64EMU_ARM_GTIMER_H
#define A64EMU_ARM_GTIMER_H

#include <stdint.h>
#include "arm/cpu.h"

/* CNTx_CTL_EL0 with ISTATUS as of now; CNTx_TVAL_EL0 (CVAL - count, the low
 * 32 bits). The owning vCPU, no lock. */
uint64_t gtimer_read_ctl(CPUARMState *env, unsigned t);
uint64_t gtimer_read_tval(CPUARMState *env, unsigned t);
/* MSR to timer t: reg is the encoding's op2 (0 TVAL, 1 CTL, 2 CVAL). Takes the
 * big lock unless the caller holds it: updates the output and the timer
 * thread's deadline. */
void gtimer_write(CPUARMState *env, unsigned t, unsigned reg, uint64_t value);
/* Drive the outputs from the state as of now. Big lock held. */
void gtimer_update(CPUARMState *env);
/* The host time (clock_host_ns) at which one of this CPU's timers will raise
 * its output, INT64_MAX if none will (disabled, masked, already met, or the
 * VM stopped). The owning vCPU, or with the big lock held. */
int64_t gtimer_deadline_host_ns(CPUARMState *env);
/* A CPU reset: the timers' registers are cleared (cpu.c), the outputs go low.
 * Big lock held. */
void gtimer_reset(CPUARMState *env);
/* The VM clock restarted or a deadline moved: the timer thread looks again.
 * Any thread. */
void gtimer_kick_thread(void);

#endif
