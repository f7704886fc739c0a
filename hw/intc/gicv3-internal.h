/* gicv3-internal.h: what the GICv3's files share (hw/intc/gicv3-*.c only).
 * Everything here runs with the big lock held (see include/hw/intc/gicv3.h). */
#ifndef A64EMU_GICV3_INTERNAL_H
#define A64EMU_GICV3_INTERNAL_H

#include "hw/intc/gicv3.h"

/* GICD_CTLR with one Security state (IHI 0069 12.9.4, DS == 1 view). */
enum {
    GICD_CTLR_EN_GRP0 = 1u << 0,
    GICD_CTLR_EN_GRP1 = 1u << 1,
    GICD_CTLR_ARE = 1u << 4,
    GICD_CTLR_DS = 1u << 6,
    GICD_CTLR_RWP = 1u << 31,
};

enum {
    GICR_WAKER_PROCESSOR_SLEEP = 1u << 1,
    GICR_WAKER_CHILDREN_ASLEEP = 1u << 2,
};

/* ICC_CTLR_EL1 */
enum {
    ICC_CTLR_CBPR = 1u << 0,
    ICC_CTLR_EOIMODE = 1u << 1,
    ICC_CTLR_PRIBITS_SHIFT = 8,
    ICC_CTLR_IDBITS_SHIFT = 11,
    ICC_CTLR_A3V = 1u << 15,
};

/* GICD_IIDR / GICR_IIDR: Arm as implementer, r0p0, product 0 (QEMU's value,
 * the same as an r0p0 GIC-500). */
#define GICV3_IIDR 0x43bu
/* PIDR0 of the CoreSight ID block: 0x92 distributor, 0x93 redistributor. */
#define GICV3_PIDR0_DIST 0x92u
#define GICV3_PIDR0_REDIST 0x93u
#define GICV3_IDREGS 0xffd0u        /* PIDR4 .. CIDR3, 12 words */

/* The minimum BPR values with 5 preemption bits: 2 for Group 0, 3 for Group 1
 * (ICC_BPR1_EL1 counts one less). */
#define GICV3_MIN_BPR0 (7 - GICV3_PRIBITS)
#define GICV3_MIN_BPR1 (GICV3_MIN_BPR0 + 1)
/* Priority bits the CPU interface implements: 0xf8. */
#define GICV3_PRIO_MASK ((0xffu << (8 - GICV3_PRIBITS)) & 0xffu)

static inline bool gicv3_bit(const uint32_t *bmp, unsigned irq)
{
    return (bmp[irq / 32] >> (irq % 32)) & 1;
}

static inline void gicv3_set_bit(uint32_t *bmp, unsigned irq, bool v)
{
    if (v) {
        bmp[irq / 32] |= 1u << (irq % 32);
    } else {
        bmp[irq / 32] &= ~(1u << (irq % 32));
    }
}

/* A CoreSight ID register (offset from GICV3_IDREGS, word aligned). */
uint32_t gicv3_idreg(unsigned offset, uint32_t pidr0);
/* The per-INTID state as the CPU interface and `info pic` see it: SGIs and PPIs from
 * cs's redistributor, SPIs from the distributor. */
bool gicv3_irq_pending(GICv3CPU *cs, unsigned irq);     /* latch | level (level-triggered) */
bool gicv3_irq_group1(GICv3CPU *cs, unsigned irq);
uint8_t gicv3_irq_priority(GICv3CPU *cs, unsigned irq);
/* The CPU an SPI goes to now (IROUTER, or the 1-of-N choice), NULL for none. */
GICv3CPU *gicv3_spi_target(GICv3State *s, unsigned irq);

/* Recompute one CPU's highest priority pending interrupt and drive its lines. */
void gicv3_update_cpu(GICv3CPU *cs);
/* The same for every CPU (after anything that may change where SPIs go). */
void gicv3_update(GICv3State *s);

/* Drive cs's irq/fiq lines from its hppi, PMR and running priority (gicv3-cpuif.c). */
void gicv3_cpuif_update(GICv3CPU *cs);
/* The CPU interface's reset values, without recomputing anything. */
void gicv3_cpuif_reset_state(GICv3CPU *cs);
/* Force both lines low and forget the last levels (reset). */
void gicv3_cpuif_lines_reset(GICv3CPU *cs);
/* Make s (NULL: none) the GIC behind the CPUs' ICC_* registers
 * (arm_gic_cpuif_register). */
void gicv3_cpuif_connect(GICv3State *s);

/* Pending/active changes the CPU interface makes (acknowledge, deactivate, SGIs). */
void gicv3_activate(GICv3CPU *cs, unsigned irq);
void gicv3_deactivate(GICv3CPU *cs, unsigned irq);
/* An SGI of group grp for cs (accepted only if its SGI is configured in grp). */
void gicv3_redist_send_sgi(GICv3CPU *cs, unsigned grp, unsigned irq);

/* The MMIO ops (gicv3-dist.c, gicv3-redist.c). */
extern const MemoryRegionOps gicv3_dist_ops;
extern const MemoryRegionOps gicv3_redist_ops;
/* Input line handlers. */
void gicv3_dist_set_spi(GICv3State *s, unsigned irq, int level);
void gicv3_redist_set_ppi(GICv3CPU *cs, unsigned irq, int level);

#endif
