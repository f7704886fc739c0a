/* cpu.h: the AArch64 CPU object: architectural state, identity (MIDR, MPIDR)
 * and reset. The translator and its run loop come with the next milestone. */
#ifndef A64EMU_CPU_H
#define A64EMU_CPU_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "object.h"

#define TYPE_ARM_CPU "arm-cpu"
#define ARM_CPU_TYPE_SUFFIX "-arm-cpu"

typedef struct CPUARMState {
    uint64_t xregs[31];
    uint64_t pc;
    uint64_t sp_el[2];      /* SP_EL0, SP_EL1 */
    uint32_t nzcv;          /* PSTATE.NZCV in bits 31..28 */
    uint32_t daif;          /* PSTATE.DAIF in bits 9..6 */
    uint32_t el;            /* current exception level */
    uint32_t spsel;         /* PSTATE.SP */
    uint64_t elr_el1, spsr_el1, esr_el1, far_el1, vbar_el1;
    uint64_t sctlr_el1;
    uint64_t tpidr_el0, tpidr_el1, tpidrro_el0;
} CPUARMState;

typedef struct ARMCPU {
    Object parent_obj;
    int cpu_index;
    uint64_t mp_affinity;       /* property "mp-affinity" */
    bool start_powered_off;     /* property "start-powered-off" */
    uint64_t reset_pc;          /* property "reset-pc": set by the boot code */
    bool powered_off;
    CPUARMState env;
} ARMCPU;

typedef struct ARMCPUClass {
    ObjectClass parent_class;
    uint64_t midr;
    const char *dtb_compatible;
} ARMCPUClass;

/* "cortex-a57" -> its class type name, NULL (and a GError) if unknown. */
char *arm_cpu_type_from_model(const char *model, GError **errp);
void arm_cpu_list(FILE *out);               /* -cpu help */
ARMCPU *arm_cpu_by_index(int n);            /* NULL past the last */
int arm_cpu_count(void);
uint64_t arm_cpu_midr(ARMCPU *cpu);
const char *arm_cpu_dtb_compatible(ARMCPU *cpu);
/* `info registers`: QEMU's AArch64 layout (PC, X00..X30, SP, PSTATE). */
void arm_cpu_dump_state(ARMCPU *cpu, GString *out);
/* PSTATE as one word (NZCV | DAIF | EL | SP). */
uint32_t arm_cpu_pstate(const CPUARMState *env);

#endif
