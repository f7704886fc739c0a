/* gicv3.h: the Arm GICv3 interrupt controller (IHI 0069) as QEMU 7.2's virt board
 * has it: affinity routing always on, one Security state (GICD_CTLR.DS = 1), no
 * LPIs, no ITS. One device holds the distributor (hw/intc/gicv3-dist.c), one
 * redistributor per CPU (gicv3-redist.c) and each CPU interface's logic
 * (gicv3-cpuif.c); gicv3-common.c has the object, the input lines, the highest
 * priority pending interrupt computation and `info pic`.
 *
 * Locking: every field below is guarded by the big lock (bql_lock(), core/runstate.h).
 * MMIO callbacks already run under it and so does the I/O thread that raises device
 * lines. The CPU interface functions (gicv3_icc_read/write, gicv3_cpuif_reset) are
 * called from vCPU threads: the caller takes the big lock around each call, as QEMU
 * does for its ARM_CP_IO registers. The output lines `irq`/`fiq` are driven with the
 * lock held, from whichever thread changed the state (an SGI from vCPU 0 sets vCPU 1's
 * line from vCPU 0's thread), and only when their level changes: the CPU's handler
 * records the level and kicks its vCPU; it must not take the big lock or call back
 * into the GIC. */
#ifndef A64EMU_HW_INTC_GICV3_H
#define A64EMU_HW_INTC_GICV3_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/irq.h"
#include "core/memory.h"
#include "core/object.h"

#define TYPE_GICV3 "arm-gicv3"

enum {
    GICV3_INTERNAL = 32,            /* SGIs 0-15 and PPIs 16-31, per CPU */
    GICV3_DEFAULT_NUM_IRQ = 256,    /* ITLinesNumber 7: 224 SPIs, as QEMU's virt */
    GICV3_MAX_NUM_IRQ = 1024,       /* INTIDs 1020..1023 are special */
    GICV3_SPURIOUS = 1023,
    GICV3_DIST_SIZE = 0x10000,
    GICV3_REDIST_SIZE = 0x20000,    /* RD_base + SGI_base frames per CPU */
    GICV3_PRIBITS = 5,              /* QEMU 7.2's cortex-a57: ICC_CTLR_EL1.PRIbits = 4 */
};

/* Interrupt groups. With GICD_CTLR.DS = 1 IGRPMODR is RAZ/WI, so an interrupt is
 * Group 0 (signalled as FIQ) or Group 1 (signalled as IRQ). */
enum { GICV3_G0 = 0, GICV3_G1 = 1 };

/* The CPU interface registers, in the order of gicv3_icc_regs[]. */
typedef enum GICv3ICCReg {
    GICV3_ICC_PMR_EL1,
    GICV3_ICC_IAR0_EL1,
    GICV3_ICC_EOIR0_EL1,
    GICV3_ICC_HPPIR0_EL1,
    GICV3_ICC_BPR0_EL1,
    GICV3_ICC_AP0R0_EL1,
    GICV3_ICC_AP1R0_EL1,
    GICV3_ICC_DIR_EL1,
    GICV3_ICC_RPR_EL1,
    GICV3_ICC_SGI1R_EL1,
    GICV3_ICC_ASGI1R_EL1,
    GICV3_ICC_SGI0R_EL1,
    GICV3_ICC_IAR1_EL1,
    GICV3_ICC_EOIR1_EL1,
    GICV3_ICC_HPPIR1_EL1,
    GICV3_ICC_BPR1_EL1,
    GICV3_ICC_CTLR_EL1,
    GICV3_ICC_SRE_EL1,
    GICV3_ICC_IGRPEN0_EL1,
    GICV3_ICC_IGRPEN1_EL1,
    GICV3_ICC_NREGS
} GICv3ICCReg;

/* One row per CPU interface register: its MRS/MSR encoding and direction, for the
 * system register table (src/arm/sysreg.c's SYSREG_KEY(op0, op1, crn, crm, op2)).
 * Every one is EL1 and up (min_el 1); a read of a write-only register or a write of
 * a read-only one is UNDEFINED, as the architecture says. */
typedef struct GICv3ICCRegInfo {
    const char *name;
    GICv3ICCReg reg;
    uint8_t op0, op1, crn, crm, op2;
    bool readable, writable;
} GICv3ICCRegInfo;

extern const GICv3ICCRegInfo gicv3_icc_regs[GICV3_ICC_NREGS];

typedef struct GICv3State GICv3State;

/* One CPU: its redistributor and its CPU interface. */
typedef struct GICv3CPU {
    GICv3State *gic;
    unsigned index;             /* GICR_TYPER.Processor_Number, the CPU's cpu_index */
    uint64_t affinity;          /* MPIDR format: Aff3 in 39:32, Aff2..Aff0 in 23:0 */
    uint64_t gicr_typer;

    /* redistributor: SGIs and PPIs, one bit per INTID 0..31 */
    uint32_t gicr_waker;
    uint32_t group;             /* GICR_IGROUPR0: 1 = Group 1 */
    uint32_t enabled, pending, active;  /* pending: the latch (level lines add `level`) */
    uint32_t level;             /* input line levels (PPIs) */
    uint32_t edge;              /* 1 = edge-triggered; SGIs always are */
    uint8_t priority[GICV3_INTERNAL];

    /* CPU interface */
    uint32_t icc_ctlr;          /* the writable bits: CBPR, EOImode */
    uint32_t icc_pmr;
    uint32_t icc_bpr[2];
    uint32_t icc_igrpen[2];
    uint32_t icc_apr[2];        /* ICC_AP0R0_EL1, ICC_AP1R0_EL1 (5 preemption bits: one each) */

    /* The highest priority pending interrupt for this CPU, recomputed on every
     * change (gicv3_update_cpu); irq = GICV3_SPURIOUS when there is none. */
    struct {
        unsigned irq;
        uint8_t prio;
        uint8_t grp;
    } hppi;

    int irq_level, fiq_level;   /* what its output lines were last driven to */
} GICv3CPU;

struct GICv3State {
    Object parent_obj;
    MemoryRegion dist_mr;       /* "gicv3_dist", GICV3_DIST_SIZE */
    MemoryRegion redist_mr;     /* "gicv3_redist_region[0]", num_cpu * GICV3_REDIST_SIZE */

    /* properties */
    uint32_t num_cpu;           /* "num-cpu" (required) */
    uint32_t num_irq;           /* "num-irq": SGIs + PPIs + SPIs, a multiple of 32 */
    uint64_t *cpu_affinity;     /* "cpu-affinity": each CPU's MPIDR (affinity bits) */
    uint32_t num_cpu_affinity;

    /* distributor: SPI state, one bit per INTID (bits 0..31 unused) */
    uint32_t gicd_ctlr;
    uint32_t *group, *enabled, *pending, *active, *level, *edge;
    uint8_t *priority;
    uint64_t *irouter;

    GICv3CPU *cpu;              /* num_cpu of them */
    IRQ **out_irq, **out_fiq;   /* gpio-out "irq" and "fiq", index = CPU */
    bool realized;
};

/* ---- the CPU interface (hw/intc/gicv3-cpuif.c), for the system register table.
 * cpu is the CPU's index (ARMCPU.cpu_index = GICR_TYPER.Processor_Number). The
 * caller holds the big lock. A read of a write-only register returns 0 and a write
 * of a read-only one is ignored (the table makes both UNDEFINED first). */
uint64_t gicv3_icc_read(GICv3State *s, unsigned cpu, GICv3ICCReg reg);
void gicv3_icc_write(GICv3State *s, unsigned cpu, GICv3ICCReg reg, uint64_t value);
/* The CPU interface's part of a CPU reset (it is in the CPU's reset domain: a PSCI
 * CPU_ON resets it, as QEMU's icc_reset does). The device's own reset does it too. */
void gicv3_cpuif_reset(GICv3State *s, unsigned cpu);

/* ---- wiring ----
 * Inputs: the anonymous gpio-in group, numbered as QEMU's GIC: lines 0 .. num_irq-33
 * are SPIs (INTID 32 + n), then 32 lines per CPU: line (num_irq - 32) + cpu * 32 + i
 * is INTID i of that CPU (only PPIs 16..31 do anything: SGIs come from ICC_SGI*R).
 * Outputs: gpio-out "irq" and "fiq", one line per CPU (index = CPU), level-high
 * while the CPU interface signals a Group 1 (IRQ) or Group 0 (FIQ) interrupt. */
IRQ *gicv3_spi_line(GICv3State *s, unsigned spi);          /* INTID 32 + spi */
IRQ *gicv3_ppi_line(GICv3State *s, unsigned cpu, unsigned intid);   /* 16..31 */

/* The GIC realized last (the board's), NULL if none: for `info pic` and for the
 * system register rows, which find the GIC through it. */
GICv3State *gicv3_instance(void);

/* `info pic`: every INTID that is enabled, pending or active, then each CPU. */
void gicv3_print_info(GICv3State *s, GString *out);

#endif
