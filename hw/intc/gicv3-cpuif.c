/* gicv3-cpuif.c: the GICv3 CPU interface's system registers (ICC_*_EL1, IHI 0069
 * chapter 12.2) as the PE sees them at Non-secure EL1 with one Security state
 * (GICD_CTLR.DS = 1, no EL2 or EL3): Group 0 interrupts are signalled as FIQ,
 * Group 1 as IRQ. 5 bits of priority and of preemption (QEMU 7.2's cortex-a57),
 * so the priority mask keeps bits 7:3, the minimum BPR0 is 2 and BPR1 3, and one
 * active priorities register per group (AP0R0, AP1R0) holds one bit per group
 * priority. The system register table calls gicv3_icc_read/write with the big
 * lock held (include/hw/intc/gicv3.h). */
#include <inttypes.h>
#include "gicv3-internal.h"
#include "arm/sysreg.h"
#include "core/log.h"

#define R true
#define W true
#define ICC(n, o0, o1, cn, cm, o2, rd, wr) \
    [GICV3_##n] = { .name = #n, .reg = GICV3_##n, .op0 = o0, .op1 = o1, .crn = cn, \
                    .crm = cm, .op2 = o2, .readable = rd, .writable = wr }

const GICv3ICCRegInfo gicv3_icc_regs[GICV3_ICC_NREGS] = {
    ICC(ICC_PMR_EL1,     3, 0, 4,  6,  0, R, W),
    ICC(ICC_IAR0_EL1,    3, 0, 12, 8,  0, R, false),
    ICC(ICC_EOIR0_EL1,   3, 0, 12, 8,  1, false, W),
    ICC(ICC_HPPIR0_EL1,  3, 0, 12, 8,  2, R, false),
    ICC(ICC_BPR0_EL1,    3, 0, 12, 8,  3, R, W),
    ICC(ICC_AP0R0_EL1,   3, 0, 12, 8,  4, R, W),
    ICC(ICC_AP1R0_EL1,   3, 0, 12, 9,  0, R, W),
    ICC(ICC_DIR_EL1,     3, 0, 12, 11, 1, false, W),
    ICC(ICC_RPR_EL1,     3, 0, 12, 11, 3, R, false),
    ICC(ICC_SGI1R_EL1,   3, 0, 12, 11, 5, false, W),
    ICC(ICC_ASGI1R_EL1,  3, 0, 12, 11, 6, false, W),
    ICC(ICC_SGI0R_EL1,   3, 0, 12, 11, 7, false, W),
    ICC(ICC_IAR1_EL1,    3, 0, 12, 12, 0, R, false),
    ICC(ICC_EOIR1_EL1,   3, 0, 12, 12, 1, false, W),
    ICC(ICC_HPPIR1_EL1,  3, 0, 12, 12, 2, R, false),
    ICC(ICC_BPR1_EL1,    3, 0, 12, 12, 3, R, W),
    ICC(ICC_CTLR_EL1,    3, 0, 12, 12, 4, R, W),
    ICC(ICC_SRE_EL1,     3, 0, 12, 12, 5, R, W),
    ICC(ICC_IGRPEN0_EL1, 3, 0, 12, 12, 6, R, W),
    ICC(ICC_IGRPEN1_EL1, 3, 0, 12, 12, 7, R, W),
};

/* ICC_SRE_EL1: SRE = 1 (the system register interface is always on), DFB and
 * DIB (FIQ/IRQ bypass disabled) RAO/WI. */
#define ICC_SRE_VALUE 0x7u
/* ICC_CTLR_EL1's fixed fields: A3V, IDbits = 1 (24-bit INTIDs, QEMU's value),
 * PRIbits = 4 (5 bits); SEIS, PMHE, RSS and ExtRange 0. */
#define ICC_CTLR_FIXED (ICC_CTLR_A3V | (1u << ICC_CTLR_IDBITS_SHIFT) | \
                        ((GICV3_PRIBITS - 1u) << ICC_CTLR_PRIBITS_SHIFT))

/* ---- priorities ------------------------------------------------------------ */

/* The mask that keeps the group priority of an interrupt of group grp
 * (GroupBits() in the pseudocode): BPR0 = n keeps bits 7:n+1; BPR1 counts one
 * less; with ICC_CTLR_EL1.CBPR = 1 Group 1 uses BPR0 as Group 0 does. */
static uint32_t gprio_mask(GICv3CPU *cs, unsigned grp)
{
    unsigned bpr;

    if (grp == GICV3_G1 && (cs->icc_ctlr & ICC_CTLR_CBPR)) {
        grp = GICV3_G0;
    }
    bpr = cs->icc_bpr[grp];
    if (grp == GICV3_G1) {
        bpr--;
    }
    return (0xffu << (bpr + 1)) & 0xff;
}

/* The running priority: the group priority of the highest priority active
 * interrupt, from the lowest set bit of the active priorities registers
 * (bit n stands for group priority n << 3); 0xff when nothing is active. */
static unsigned running_priority(GICv3CPU *cs)
{
    uint32_t apr = cs->icc_apr[0] | cs->icc_apr[1];

    return apr ? (unsigned)__builtin_ctz(apr) << (8 - GICV3_PRIBITS) : 0xff;
}

static bool hppi_enabled(GICv3CPU *cs)
{
    return cs->hppi.irq != GICV3_SPURIOUS && cs->icc_igrpen[cs->hppi.grp];
}

/* Can the highest priority pending interrupt be signalled: its group enabled at
 * the CPU interface, higher priority than the PMR, and a higher group priority
 * than the running priority (subpriority never preempts). */
static bool hppi_can_preempt(GICv3CPU *cs)
{
    unsigned rprio, mask;

    if (!hppi_enabled(cs) || cs->hppi.prio >= cs->icc_pmr) {
        return false;
    }
    rprio = running_priority(cs);
    if (rprio == 0xff) {
        return true;
    }
    mask = gprio_mask(cs, cs->hppi.grp);
    return (cs->hppi.prio & mask) < (rprio & mask);
}

static void set_line(IRQ *line, int *last, int level)
{
    if (*last != level) {
        *last = level;
        irq_set(line, level);
    }
}

void gicv3_cpuif_update(GICv3CPU *cs)
{
    GICv3State *s = cs->gic;
    bool sig = hppi_can_preempt(cs);

    set_line(s->out_fiq[cs->index], &cs->fiq_level, sig && cs->hppi.grp == GICV3_G0);
    set_line(s->out_irq[cs->index], &cs->irq_level, sig && cs->hppi.grp == GICV3_G1);
}

void gicv3_cpuif_lines_reset(GICv3CPU *cs)
{
    GICv3State *s = cs->gic;

    cs->irq_level = 0;
    cs->fiq_level = 0;
    irq_set(s->out_irq[cs->index], 0);
    irq_set(s->out_fiq[cs->index], 0);
}

/* ---- acknowledge, end of interrupt, deactivate ----------------------------- */

/* ICC_IAR0/1_EL1: the INTID of the highest priority pending interrupt if it can
 * preempt and is of the register's group, which becomes active at its group
 * priority; otherwise 1023 (a Group 1 interrupt read through IAR0 is 1023 at
 * EL1, and vice versa). */
static uint64_t icc_iar(GICv3CPU *cs, unsigned grp)
{
    unsigned irq = cs->hppi.irq;

    if (!hppi_can_preempt(cs) || cs->hppi.grp != grp) {
        return GICV3_SPURIOUS;
    }
    unsigned aprbit = (cs->hppi.prio & gprio_mask(cs, grp)) >> (8 - GICV3_PRIBITS);
    cs->icc_apr[grp] |= 1u << aprbit;
    gicv3_activate(cs, irq);
    return irq;
}

static uint64_t icc_hppir(GICv3CPU *cs, unsigned grp)
{
    if (!hppi_enabled(cs) || cs->hppi.grp != grp) {
        return GICV3_SPURIOUS;
    }
    return cs->hppi.irq;
}

/* The group of the highest priority active interrupt (lowest APR bit; Group 0 on
 * a tie, which only an UNPREDICTABLE sequence makes), -1 if none is active. */
static int highest_active_group(GICv3CPU *cs)
{
    unsigned c0 = cs->icc_apr[0] ? __builtin_ctz(cs->icc_apr[0]) : 32;
    unsigned c1 = cs->icc_apr[1] ? __builtin_ctz(cs->icc_apr[1]) : 32;

    if (c0 == 32 && c1 == 32) {
        return -1;
    }
    return c1 < c0 ? GICV3_G1 : GICV3_G0;
}

/* ICC_EOIR0/1_EL1: priority drop of the highest active priority when it belongs
 * to the register's group, and with EOImode = 0 deactivation of the INTID written.
 * Special INTIDs (1020..1023) and INTIDs past num-irq are ignored, as is an EOI
 * of the other group (QEMU's choices for these UNPREDICTABLE cases). */
static void icc_eoir(GICv3CPU *cs, unsigned grp, uint64_t value)
{
    unsigned irq = value & 0xffffff;
    int hgrp;

    if (irq >= cs->gic->num_irq) {
        return;
    }
    hgrp = highest_active_group(cs);
    if (hgrp < 0) {
        log_guest_error("gicv3: cpu %u: ICC_EOIR%u_EL1 of INTID %u with nothing active\n",
                        cs->index, grp, irq);
        return;
    }
    if ((unsigned)hgrp != grp) {
        return;
    }
    cs->icc_apr[grp] &= cs->icc_apr[grp] - 1;
    if (!(cs->icc_ctlr & ICC_CTLR_EOIMODE)) {
        gicv3_deactivate(cs, irq);
    } else {
        gicv3_cpuif_update(cs);     /* the running priority dropped */
    }
}

/* ICC_DIR_EL1: deactivation when EOImode = 1; ignored with EOImode = 0
 * (UNPREDICTABLE; QEMU ignores it too). */
static void icc_dir(GICv3CPU *cs, uint64_t value)
{
    unsigned irq = value & 0xffffff;

    if (irq >= cs->gic->num_irq || !(cs->icc_ctlr & ICC_CTLR_EOIMODE)) {
        return;
    }
    gicv3_deactivate(cs, irq);
}

/* ---- SGIs ------------------------------------------------------------------- */

/* ICC_SGI0R/SGI1R/ASGI1R_EL1: INTID in 27:24; IRM (bit 40) = 1 sends to every CPU
 * but this one; otherwise to Aff3.Aff2.Aff1 (55:48, 39:32, 23:16) . n for each
 * bit n of TargetList (15:0). RS (47:44) is ignored: ICC_CTLR_EL1.RSS = 0 makes
 * it RES0, and our CPUs have Aff0 < 16 (QEMU ignores it as well). */
static void icc_generate_sgi(GICv3CPU *cs, uint64_t value, unsigned grp)
{
    GICv3State *s = cs->gic;
    unsigned irq = (value >> 24) & 0xf;
    bool irm = (value >> 40) & 1;
    uint64_t aff = ((value >> 48) & 0xff) << 32 | ((value >> 32) & 0xff) << 16 |
                   ((value >> 16) & 0xff) << 8;
    uint32_t targets = value & 0xffff;

    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *t = &s->cpu[i];

        if (irm) {
            if (t == cs) {
                continue;
            }
        } else {
            unsigned aff0 = t->affinity & 0xff;
            if ((t->affinity & ~0xffull) != aff || aff0 > 15 || !((targets >> aff0) & 1)) {
                continue;
            }
        }
        gicv3_redist_send_sgi(t, grp, irq);
    }
}

/* ---- the registers ----------------------------------------------------------- */

void gicv3_cpuif_reset_state(GICv3CPU *cs)
{
    cs->icc_ctlr = 0;           /* CBPR = 0, EOImode = 0 */
    cs->icc_pmr = 0;
    cs->icc_bpr[0] = GICV3_MIN_BPR0;
    cs->icc_bpr[1] = GICV3_MIN_BPR1;
    cs->icc_igrpen[0] = cs->icc_igrpen[1] = 0;
    cs->icc_apr[0] = cs->icc_apr[1] = 0;
}

void gicv3_cpuif_reset(GICv3State *s, unsigned cpu)
{
    if (cpu >= s->num_cpu) {
        return;
    }
    gicv3_cpuif_reset_state(&s->cpu[cpu]);
    if (s->realized) {
        gicv3_update(s);        /* IGRPEN went off: 1 of N SPIs may go elsewhere */
    }
}

uint64_t gicv3_icc_read(GICv3State *s, unsigned cpu, GICv3ICCReg reg)
{
    GICv3CPU *cs;

    if (cpu >= s->num_cpu) {
        return 0;
    }
    cs = &s->cpu[cpu];
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
        return cs->icc_pmr;
    case GICV3_ICC_IAR0_EL1:
        return icc_iar(cs, GICV3_G0);
    case GICV3_ICC_IAR1_EL1:
        return icc_iar(cs, GICV3_G1);
    case GICV3_ICC_HPPIR0_EL1:
        return icc_hppir(cs, GICV3_G0);
    case GICV3_ICC_HPPIR1_EL1:
        return icc_hppir(cs, GICV3_G1);
    case GICV3_ICC_BPR0_EL1:
        return cs->icc_bpr[0];
    case GICV3_ICC_BPR1_EL1:
        /* With CBPR, BPR1 reads as BPR0 + 1, saturated at 7. */
        if (cs->icc_ctlr & ICC_CTLR_CBPR) {
            return cs->icc_bpr[0] + 1 > 7 ? 7 : cs->icc_bpr[0] + 1;
        }
        return cs->icc_bpr[1];
    case GICV3_ICC_AP0R0_EL1:
        return cs->icc_apr[0];
    case GICV3_ICC_AP1R0_EL1:
        return cs->icc_apr[1];
    case GICV3_ICC_RPR_EL1:
        return running_priority(cs);
    case GICV3_ICC_CTLR_EL1:
        return ICC_CTLR_FIXED | cs->icc_ctlr;
    case GICV3_ICC_SRE_EL1:
        return ICC_SRE_VALUE;
    case GICV3_ICC_IGRPEN0_EL1:
        return cs->icc_igrpen[0];
    case GICV3_ICC_IGRPEN1_EL1:
        return cs->icc_igrpen[1];
    default:                    /* write-only */
        return 0;
    }
}

void gicv3_icc_write(GICv3State *s, unsigned cpu, GICv3ICCReg reg, uint64_t value)
{
    GICv3CPU *cs;

    if (cpu >= s->num_cpu) {
        return;
    }
    cs = &s->cpu[cpu];
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
        cs->icc_pmr = value & GICV3_PRIO_MASK;
        gicv3_cpuif_update(cs);
        break;
    case GICV3_ICC_EOIR0_EL1:
        icc_eoir(cs, GICV3_G0, value);
        break;
    case GICV3_ICC_EOIR1_EL1:
        icc_eoir(cs, GICV3_G1, value);
        break;
    case GICV3_ICC_DIR_EL1:
        icc_dir(cs, value);
        break;
    case GICV3_ICC_BPR0_EL1:
    case GICV3_ICC_BPR1_EL1: {
        unsigned grp = reg == GICV3_ICC_BPR0_EL1 ? GICV3_G0 : GICV3_G1;
        unsigned min = grp == GICV3_G0 ? GICV3_MIN_BPR0 : GICV3_MIN_BPR1;
        unsigned v = value & 7;

        if (grp == GICV3_G1 && (cs->icc_ctlr & ICC_CTLR_CBPR)) {
            break;              /* BPR1 is an alias of BPR0 + 1: writes ignored */
        }
        cs->icc_bpr[grp] = v < min ? min : v;   /* below the minimum: the minimum */
        gicv3_cpuif_update(cs);
        break;
    }
    case GICV3_ICC_AP0R0_EL1:
    case GICV3_ICC_AP1R0_EL1:
        cs->icc_apr[reg == GICV3_ICC_AP1R0_EL1] = (uint32_t)value;
        gicv3_cpuif_update(cs);
        break;
    case GICV3_ICC_SGI0R_EL1:
        icc_generate_sgi(cs, value, GICV3_G0);
        break;
    case GICV3_ICC_SGI1R_EL1:
        icc_generate_sgi(cs, value, GICV3_G1);
        break;
    case GICV3_ICC_ASGI1R_EL1:
        /* Group 1 for the other Security state: with DS = 1 that is Secure
         * Group 1, which the distributor treats as Group 0 (QEMU does this). */
        icc_generate_sgi(cs, value, GICV3_G0);
        break;
    case GICV3_ICC_CTLR_EL1:
        /* CBPR and EOImode are writable (DS = 1); PMHE is RAZ/WI, the rest RO. */
        cs->icc_ctlr = value & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        gicv3_cpuif_update(cs);
        break;
    case GICV3_ICC_SRE_EL1:
        break;                  /* SRE, DFB, DIB: RAO/WI */
    case GICV3_ICC_IGRPEN0_EL1:
    case GICV3_ICC_IGRPEN1_EL1:
        cs->icc_igrpen[reg == GICV3_ICC_IGRPEN1_EL1] = value & 1;
        gicv3_update(s);        /* participation in 1 of N SPIs changed too */
        break;
    default:                    /* read-only */
        break;
    }
}

/* ---- the CPU side: the system register table's ICC_* rows ------------------- */

static bool icc_reg_of_key(uint32_t key, GICv3ICCReg *reg)
{
    for (unsigned i = 0; i < GICV3_ICC_NREGS; i++) {
        const GICv3ICCRegInfo *ri = &gicv3_icc_regs[i];
        if ((uint32_t)SYSREG_KEY(ri->op0, ri->op1, ri->crn, ri->crm, ri->op2) == key) {
            *reg = ri->reg;
            return true;
        }
    }
    return false;
}

static uint64_t cpuif_read(void *opaque, unsigned cpu, uint32_t key)
{
    GICv3ICCReg reg;
    return icc_reg_of_key(key, &reg) ? gicv3_icc_read(opaque, cpu, reg) : 0;
}

static void cpuif_write(void *opaque, unsigned cpu, uint32_t key, uint64_t value)
{
    GICv3ICCReg reg;
    if (icc_reg_of_key(key, &reg)) {
        gicv3_icc_write(opaque, cpu, reg, value);
    }
}

static void cpuif_reset(void *opaque, unsigned cpu)
{
    gicv3_cpuif_reset(opaque, cpu);
}

static const ArmGicCpuifOps gicv3_cpuif_ops = {
    .read = cpuif_read,
    .write = cpuif_write,
    .reset = cpuif_reset,
};

void gicv3_cpuif_connect(GICv3State *s)
{
    arm_gic_cpuif_register(s ? &gicv3_cpuif_ops : NULL, s);
}
