/* pmu.h: the Performance Monitors (src/arm/pmu.c): PMUv3 as QEMU 7.2's cortex-a57 has
 * it, its system registers (rows the system register table takes in) and the overflow
 * interrupt on ARMCPU.pmu_irq (PPI 7, INTID 23, which the board connects). */
#ifndef A64EMU_ARM_PMU_H
#define A64EMU_ARM_PMU_H

#include <stddef.h>
#include "arm/cpu.h"

#define ARM_PMU_COUNTERS 6              /* PMCR_EL0.N */
#define ARM_PMU_PPI 23                  /* the overflow interrupt's INTID (PPI 7) */

struct SysReg;
/* The PMU's rows of the system register table: *n of them. */
const struct SysReg *arm_pmu_sysregs(size_t *n);
/* Bring the counters up to date and re-drive the overflow interrupt (the monitor's
 * view, and a caller that changes the EL or PMU state behind the registers' back). */
void arm_pmu_sync(CPUARMState *env);

#endif
