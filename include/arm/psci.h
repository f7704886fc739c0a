/* psci.h: PSCI 1.1 firmware services behind the conduit the device tree
 * names (src/arm/psci.c): CPU power (CPU_ON/OFF/SUSPEND, AFFINITY_INFO) and
 * the system's (SYSTEM_OFF, SYSTEM_RESET). */
#ifndef A64EMU_ARM_PSCI_H
#define A64EMU_ARM_PSCI_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"

typedef enum PsciConduit {
    PSCI_CONDUIT_NONE,      /* HVC and SMC are both UNDEFINED (no EL2/EL3) */
    PSCI_CONDUIT_SMC,
    PSCI_CONDUIT_HVC,
} PsciConduit;

/* Function ids (SMC32 forms; the SMC64 ones add PSCI_FN64). */
#define PSCI_FN64                   0x40000000u
#define PSCI_FN_VERSION             0x84000000u
#define PSCI_FN_CPU_SUSPEND         0x84000001u
#define PSCI_FN_CPU_OFF             0x84000002u
#define PSCI_FN_CPU_ON              0x84000003u
#define PSCI_FN_AFFINITY_INFO       0x84000004u
#define PSCI_FN_MIGRATE             0x84000005u
#define PSCI_FN_MIGRATE_INFO_TYPE   0x84000006u
#define PSCI_FN_SYSTEM_OFF          0x84000008u
#define PSCI_FN_SYSTEM_RESET        0x84000009u
#define PSCI_FN_FEATURES            0x8400000Au

#define PSCI_VERSION_1_1            0x00010001u

/* Return codes (x0, sign-extended from 32 bits). */
enum {
    PSCI_RET_SUCCESS = 0,
    PSCI_RET_NOT_SUPPORTED = -1,
    PSCI_RET_INVALID_PARAMETERS = -2,
    PSCI_RET_DENIED = -3,
    PSCI_RET_ALREADY_ON = -4,
    PSCI_RET_ON_PENDING = -5,
};

/* AFFINITY_INFO's answers. */
enum { PSCI_AFF_ON = 0, PSCI_AFF_OFF = 1, PSCI_AFF_ON_PENDING = 2 };

/* The PSCI 0.1 function ids a device tree lists (0: none). */
typedef struct PsciIds01 {
    uint32_t cpu_suspend, cpu_off, cpu_on, migrate;
} PsciIds01;

/* Set by the board from the loaded device tree's /psci node ("smc", "hvc"
 * or NULL) before the vCPUs start; read by the translator at every SMC and
 * HVC. */
void arm_psci_configure(const char *method, const PsciIds01 *ids);
PsciConduit arm_psci_conduit(void);

/* The run loop's side (tcg/cpu-exec.c registers it): wake the vCPU threads
 * waiting for their CPU to be allowed to run (called with the big lock). */
void arm_psci_set_wake_hook(void (*fn)(void));

/* CPU_ON is a request the target's own thread carries out: the caller sets
 * cpu->on_pending (under the big lock, with the entry point and context id)
 * and wakes the threads; the target's thread, out of generated code and
 * holding the big lock, then calls this before it runs: the CPU's reset, EL1h,
 * MMU off, DAIF masked, PC = the entry point, X0 = the context id. The
 * translator's per-CPU state (TLB, monitor) is the caller's to reset. */
void arm_psci_cpu_on_finish(ARMCPU *cpu);

/* AFFINITY_INFO's view of a CPU (read under the big lock). */
int arm_psci_power_state(const ARMCPU *cpu);

/* ---- called from generated code (tcg/helpers.h) ---- */

/* An SMC or HVC on the conduit: function id in X0, arguments in X1..X3, the
 * result in X0; next_pc is the instruction after the call. CPU_OFF,
 * SYSTEM_OFF, SYSTEM_RESET and CPU_SUSPEND leave to the run loop. */
uint64_t helper_psci(CPUARMState *env, uint64_t next_pc);

#endif
