/* sysreg.h: the system registers (src/arm/sysreg.c): one table row per
 * register with its access rules and storage, the lookup the frontend uses at
 * translate time, MRS/MSR at run time, and the generic counter they read. */
#ifndef A64EMU_ARM_SYSREG_H
#define A64EMU_ARM_SYSREG_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arm/cpu.h"

/* Encoding key: op0 << 14 | op1 << 11 | CRn << 7 | CRm << 3 | op2 (as the
 * MRS/MSR instruction's bits 20..5). */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/* What SysReg.access returns. */
enum { SYSREG_ACCESS_OK = 0, SYSREG_ACCESS_TRAP = 1 /* EC 0x18 */, SYSREG_ACCESS_UNDEF = 2,
       SYSREG_ACCESS_FPTRAP = 3 /* EC 0x07: CPACR_EL1.FPEN (FPCR, FPSR) */ };

typedef struct SysReg {
    const char *name;
    uint32_t key;
    /* access rules */
    uint8_t min_el;          /* lowest EL that may access it (0 or 1) */
    bool readonly;
    bool el0_readonly;       /* EL0 may read it, only EL1 may write it (TPIDRRO_EL0) */
    /* Run-time access check beyond min_el/readonly (SCTLR_EL1.UMA for DAIF,
     * CNTKCTL_EL1 for the counters...): SYSREG_ACCESS_*. NULL: always OK. */
    int (*access)(CPUARMState *env, const struct SysReg *r, bool is_write);
    bool ends_tb;            /* a write changes translation state: end the block after it */
    /* value */
    uint64_t (*read)(CPUARMState *env, const struct SysReg *r);
    void (*write)(CPUARMState *env, const struct SysReg *r, uint64_t v);
    size_t offset;           /* plain storage in CPUARMState when read/write are NULL */
    uint64_t fixed;          /* constant value for read-only ID registers without storage */
    void *opaque;            /* for registers that devices register */
} SysReg;

/* NULL when the register does not exist (the frontend raises UNDEFINED).
 * Unallocated encodings of the ID space (op0=3 op1=0 CRn=0 CRm=1..7) are
 * found as RAZ registers, as the architecture defines them. */
const SysReg *sysreg_find(uint32_t key);
/* A device adds its registers (rows of its own; the GIC's ICC_* and the
 * timers' CNT* are rows of the table in sysreg.c) before any CPU runs. *r must stay
 * valid (static).
 * False (and a GError naming it) if the key is taken. */
bool sysreg_register(const SysReg *r, GError **errp);
/* The translate-time part of the access rules (min_el, readonly,
 * el0_readonly) for an MRS (is_write false) or MSR at el. */
bool sysreg_access_ok(const SysReg *r, unsigned el, bool is_write);

/* A debugger's view (the gdbstub, with the VM stopped): the value MRS would read, and
 * an MSR's effect, without access checks. The write is false for a read-only register. */
uint64_t sysreg_read_raw(CPUARMState *env, const SysReg *r);
bool sysreg_write_raw(CPUARMState *env, const SysReg *r, uint64_t v);

/* ---- called from generated code (tcg/helpers.h) ---- */

/* MRS/MSR at run time: reg is (uintptr_t)const SysReg *. They repeat the
 * access checks that depend on run-time state and raise the trap (EC 0x18,
 * using rt for the syndrome) or UNDEFINED at env->pc: call them with
 * CALL_MAY_RAISE. rt is the instruction's Rt. */
uint64_t helper_mrs(CPUARMState *env, uint64_t reg, uint64_t rt);
uint64_t helper_msr(CPUARMState *env, uint64_t reg, uint64_t value, uint64_t rt);
/* MSR DAIFSet/DAIFClr/SPSel immediate forms: op = 0 DAIFSet, 1 DAIFClr, 2 SPSel. */
uint64_t helper_msr_imm(CPUARMState *env, uint64_t op, uint64_t imm);

/* ---- the GIC CPU interface behind the ICC_* rows ----
 * The interrupt controller (hw/intc) says how to reach its CPU interface; the
 * rows pass the register's SYSREG_KEY and the CPU's index. read/write are
 * called with the big lock held (the rows take it), reset by a CPU's reset
 * (also with the lock held: system_reset, PSCI). Until one registers, ICC_*
 * are UNDEFINED and ID_AA64PFR0_EL1.GIC reads 0. */
typedef struct ArmGicCpuifOps {
    uint64_t (*read)(void *opaque, unsigned cpu, uint32_t key);
    void (*write)(void *opaque, unsigned cpu, uint32_t key, uint64_t value);
    void (*reset)(void *opaque, unsigned cpu);
} ArmGicCpuifOps;
void arm_gic_cpuif_register(const ArmGicCpuifOps *ops, void *opaque);
/* The CPU interface's part of a CPU reset (nothing without a GIC). */
void arm_gic_cpuif_reset(unsigned cpu);
/* A system instruction at EL0 that SCTLR_EL1 may trap (UCI for DC CVAU/CVAC/CIVAC and
 * IC IVAU): at EL0 with the SCTLR_EL1 bit `enable` clear, take the EC 0x18 trap with
 * syndrome syn; otherwise nothing. */
uint64_t helper_sys_el0_trap(CPUARMState *env, uint64_t enable, uint64_t syn);

/* ---- the generic counter ---- */

/* The generic timer's frequency (QEMU 7.2's default) and its counter:
 * ticks of the host's monotonic clock at CNTFRQ since the process started
 * (CNTPCT_EL0; CNTVCT_EL0 is the same with CNTVOFF = 0). */
#define ARM_CNTFRQ 62500000u
uint64_t arm_counter_ticks(void);

#endif
