/* pmu.c: the Performance Monitors Extension (PMUv3) as QEMU 7.2's cortex-a57 has it:
 * PMCR_EL0.N = 6 event counters and the cycle counter, with their enable, overflow,
 * interrupt-enable, selection, filter and EL0-access registers.
 *
 * What counts (PMCEID0/1 say the same, QEMU's list without -icount):
 *   0x00 SW_INCR        a PMSWINC_EL0 write with the counter's bit set
 *   0x11 CPU_CYCLES     the host's monotonic clock at 1 GHz (one cycle per nanosecond,
 *                       QEMU's ARM_CPU_FREQ), as PMCCNTR_EL0 counts (every 64th with
 *                       PMCR.D)
 * Any other event number is accepted and never counts. INST_RETIRED (0x08) is not
 * announced: QEMU 7.2 counts it only with -icount.
 *
 * A counter's value is kept as of its last sync plus the event source's reading then
 * (pmu_base); every PMU register access syncs first (pmu_start) and re-arms after
 * (pmu_finish), as QEMU's pmu_op_start/finish do. Overflow (bit 31 of an event counter,
 * bit 31 or, with PMCR.LC, bit 63 of the cycle counter) is noticed at a sync; the
 * overflow interrupt (PPI 7, INTID 23, ARMCPU.pmu_irq) is PMCR.E && (PMOVS & PMINTEN),
 * driven when an overflow happens and when PMOVS or PMINTEN is written, not when PMCR is
 * (QEMU 7.2 does the same: clearing PMCR.E leaves the line as it was). The filters (P: not at EL1, U: not at EL0) apply to the EL at the sync:
 * exception entry and return do not sync, so a counter filtered by EL counts the time
 * between two accesses by the EL of the second one.
 *
 * Threads: the state is the CPU's own and only its vCPU thread changes it (the monitor
 * reads it with the VM stopped); the interrupt line goes to the GIC under the big lock. */
#include <inttypes.h>
#include <stddef.h>
#include "arm/bits.h"
#include "arm/pmu.h"
#include "arm/sysreg.h"
#include "core/clock.h"
#include "core/irq.h"
#include "core/log.h"
#include "core/runstate.h"

#define K(op0, op1, crn, crm, op2) SYSREG_KEY(op0, op1, crn, crm, op2)

#define PMCR_IDENT   0x41013000u        /* IMP 0x41 'A', IDCODE 0x01, N = 6 (QEMU's cortex-a57) */
#define PMCR_E       (1u << 0)
#define PMCR_P       (1u << 1)          /* write 1: reset the event counters */
#define PMCR_C       (1u << 2)          /* write 1: reset the cycle counter */
#define PMCR_D       (1u << 3)
#define PMCR_LC      (1u << 6)
#define PMCR_WRITABLE 0xf9u             /* LP LC DP X D E (LP only reads back: no PMUv3p5) */
#define PMU_CYCLE    31                 /* the cycle counter's bit and index */
#define PMU_MASK     ((1u << PMU_CYCLE) | ((1u << ARM_PMU_COUNTERS) - 1))
#define EVTYPER_P    0x80000000u        /* do not count at EL1 */
#define EVTYPER_U    0x40000000u        /* do not count at EL0 */
#define EVTYPER_MASK 0xfe00ffffu        /* P U NSK NSU NSH M MT evtCount */
#define CCFILTR_MASK 0xfc000000u        /* P U NSK NSU NSH M */
#define EVT_SW_INCR  0x00
#define EVT_CYCLES   0x11
#define PMUSERENR_EN (1u << 0)
#define PMUSERENR_SW (1u << 1)
#define PMUSERENR_CR (1u << 2)
#define PMUSERENR_ER (1u << 3)

/* ---- counting ------------------------------------------------------------------- */

static uint64_t pmu_now(void)
{
    return (uint64_t)clock_elapsed_ns();
}

static bool counting(const CPUARMState *env, unsigned i)
{
    uint32_t filter = env->pmevtyper[i];

    if (!(env->pmcr & PMCR_E) || !(env->pmcnten & (1u << i))) {
        return false;
    }
    return !(filter & (env->el == 0 ? EVTYPER_U : EVTYPER_P));
}

/* What counter i's event source reads at time now (cycles), 0 for an event that
 * does not count continuously (SW_INCR, the stall events, unsupported numbers). */
static uint64_t source(const CPUARMState *env, unsigned i, uint64_t now)
{
    if (i == PMU_CYCLE || (env->pmevtyper[i] & 0xffff) == EVT_CYCLES) {
        return now;
    }
    return 0;
}

static void pmu_update_irq(CPUARMState *env)
{
    uint32_t level = (env->pmcr & PMCR_E) && (env->pmovs & env->pminten);

    if (level != env->pmu_irq_level) {
        env->pmu_irq_level = level;
        if (env->cpu && env->cpu->pmu_irq) {
            bql_lock();
            irq_set(env->cpu->pmu_irq, (int)level);
            bql_unlock();
        }
    }
}

static void overflow(CPUARMState *env, unsigned i)
{
    env->pmovs |= 1u << i;
    pmu_update_irq(env);
}

static void add(CPUARMState *env, unsigned i, uint64_t n)
{
    uint64_t old = env->pmu_cnt[i];

    if (i == PMU_CYCLE) {
        bool wide = env->pmcr & PMCR_LC;
        uint64_t now = old + n;
        if (wide ? now < old : ((old & 0xffffffffu) + n) >> 32) {
            overflow(env, i);
        }
        env->pmu_cnt[i] = now;
    } else {
        uint64_t now = (old & 0xffffffffu) + n;
        if (now >> 32) {
            overflow(env, i);
        }
        env->pmu_cnt[i] = now & 0xffffffffu;
    }
}

/* Bring the counters that were counting up to date. */
static void pmu_start(CPUARMState *env, uint64_t now)
{
    for (unsigned i = 0; i < 32; i++) {
        if (env->pmu_counting & (1u << i)) {
            uint64_t n = source(env, i, now) - env->pmu_base[i];
            if (i == PMU_CYCLE && (env->pmcr & PMCR_D)) {
                n /= 64;
            }
            add(env, i, n);
        }
    }
}

/* Re-arm: which counters count from now on, from what reading. */
static void pmu_finish(CPUARMState *env, uint64_t now)
{
    env->pmu_counting = 0;
    for (unsigned i = 0; i < 32; i++) {
        if ((PMU_MASK & (1u << i)) && counting(env, i)) {
            env->pmu_counting |= 1u << i;
            env->pmu_base[i] = source(env, i, now);
        }
    }
}

void arm_pmu_sync(CPUARMState *env)
{
    uint64_t now = pmu_now();
    pmu_start(env, now);
    pmu_finish(env, now);
}

/* ---- registers ---------------------------------------------------------------------- */

/* Which bank a row is, in SysReg.fixed. */
enum { PM_CR, PM_CNTENSET, PM_CNTENCLR, PM_OVSSET, PM_OVSCLR, PM_INTENSET, PM_INTENCLR,
       PM_SELR, PM_CCNTR, PM_XEVTYPER, PM_XEVCNTR, PM_EVCNTR, PM_EVTYPER, PM_CCFILTR,
       PM_USERENR, PM_SWINC };

static uint32_t *bitmap(CPUARMState *env, unsigned kind)
{
    switch (kind) {
    case PM_CNTENSET: case PM_CNTENCLR: return &env->pmcnten;
    case PM_OVSSET: case PM_OVSCLR: return &env->pmovs;
    default: return &env->pminten;
    }
}

/* The counter a row names (PMEVCNTRn/PMEVTYPERn: n from the key; PMXEV*: PMSELR), or
 * -1 when PMSELR names none (then RAZ/WI, QEMU's choice for the UNPREDICTABLE case). */
static int counter_of(const CPUARMState *env, const SysReg *r)
{
    unsigned kind = (unsigned)r->fixed;

    if (kind == PM_XEVTYPER || kind == PM_XEVCNTR) {
        unsigned sel = env->pmselr;
        if (sel < ARM_PMU_COUNTERS || (kind == PM_XEVTYPER && sel == PMU_CYCLE)) {
            return (int)sel;
        }
        return -1;
    }
    return (int)(((r->key >> 3) & 3) * 8 + (r->key & 7));
}

static uint64_t rd_pm(CPUARMState *env, const SysReg *r)
{
    unsigned kind = (unsigned)r->fixed;
    uint64_t now = pmu_now(), v = 0;
    int n;

    pmu_start(env, now);
    switch (kind) {
    case PM_CR:
        v = PMCR_IDENT | env->pmcr;
        break;
    case PM_CNTENSET: case PM_CNTENCLR: case PM_OVSSET: case PM_OVSCLR:
    case PM_INTENSET: case PM_INTENCLR:
        v = *bitmap(env, kind);
        break;
    case PM_SELR:
        v = env->pmselr;
        break;
    case PM_CCNTR:
        v = env->pmu_cnt[PMU_CYCLE];
        break;
    case PM_CCFILTR:
        v = env->pmevtyper[PMU_CYCLE];
        break;
    case PM_USERENR:
        v = env->pmuserenr;
        break;
    case PM_XEVTYPER: case PM_EVTYPER:
        n = counter_of(env, r);
        v = n < 0 ? 0 : env->pmevtyper[n];
        break;
    case PM_XEVCNTR: case PM_EVCNTR:
        n = counter_of(env, r);
        v = n < 0 ? 0 : env->pmu_cnt[n];
        break;
    }
    pmu_finish(env, now);
    return v;
}

static void swinc(CPUARMState *env, uint32_t bits)
{
    for (unsigned i = 0; i < ARM_PMU_COUNTERS; i++) {
        if ((bits & (1u << i)) && counting(env, i) &&
            (env->pmevtyper[i] & 0xffff) == EVT_SW_INCR) {
            add(env, i, 1);
        }
    }
}

static void wr_pm(CPUARMState *env, const SysReg *r, uint64_t v)
{
    unsigned kind = (unsigned)r->fixed;
    uint64_t now = pmu_now();
    uint32_t v32 = (uint32_t)v;
    int n;

    pmu_start(env, now);
    switch (kind) {
    case PM_CR:
        if (v32 & PMCR_C) {
            env->pmu_cnt[PMU_CYCLE] = 0;
        }
        if (v32 & PMCR_P) {
            for (unsigned i = 0; i < ARM_PMU_COUNTERS; i++) {
                env->pmu_cnt[i] = 0;
            }
        }
        env->pmcr = v32 & PMCR_WRITABLE;
        break;
    case PM_CNTENSET: case PM_OVSSET: case PM_INTENSET:
        *bitmap(env, kind) |= v32 & PMU_MASK;
        break;
    case PM_CNTENCLR: case PM_OVSCLR: case PM_INTENCLR:
        *bitmap(env, kind) &= ~(v32 & PMU_MASK);
        break;
    case PM_SELR:
        env->pmselr = v32 & 0x1f;
        break;
    case PM_CCNTR:
        env->pmu_cnt[PMU_CYCLE] = v;
        break;
    case PM_CCFILTR:
        env->pmevtyper[PMU_CYCLE] = v32 & CCFILTR_MASK;
        break;
    case PM_USERENR:
        env->pmuserenr = v32 & 0xf;
        break;
    case PM_SWINC:
        swinc(env, v32);
        break;
    case PM_XEVTYPER: case PM_EVTYPER:
        n = counter_of(env, r);
        if (n == PMU_CYCLE) {
            env->pmevtyper[n] = v32 & CCFILTR_MASK;
        } else if (n >= 0) {
            env->pmevtyper[n] = v32 & EVTYPER_MASK;
        }
        break;
    case PM_XEVCNTR: case PM_EVCNTR:
        n = counter_of(env, r);
        if (n >= 0) {
            env->pmu_cnt[n] = v32;
        }
        break;
    }
    pmu_finish(env, now);
    if (kind >= PM_OVSSET && kind <= PM_INTENCLR) {
        pmu_update_irq(env);
    }
}

/* ---- EL0 access (PMUSERENR_EL0), as QEMU's pmreg_access* ---- */

static int el0_allowed(const CPUARMState *env, uint32_t also)
{
    if (env->el != 0 || (env->pmuserenr & (PMUSERENR_EN | also))) {
        return SYSREG_ACCESS_OK;
    }
    return SYSREG_ACCESS_TRAP;
}

static int acc_pm(CPUARMState *env, const SysReg *r, bool is_write)
{
    return el0_allowed(env, 0);
}

static int acc_swinc(CPUARMState *env, const SysReg *r, bool is_write)
{
    return el0_allowed(env, is_write ? PMUSERENR_SW : 0);
}

static int acc_ccntr(CPUARMState *env, const SysReg *r, bool is_write)
{
    return el0_allowed(env, is_write ? 0 : PMUSERENR_CR);
}

static int acc_evcntr(CPUARMState *env, const SysReg *r, bool is_write)
{
    return el0_allowed(env, is_write ? 0 : PMUSERENR_ER);
}

static int acc_selr(CPUARMState *env, const SysReg *r, bool is_write)
{
    return el0_allowed(env, PMUSERENR_ER);
}

static int acc_write_only(CPUARMState *env, const SysReg *r, bool is_write)
{
    return !is_write ? SYSREG_ACCESS_UNDEF : acc_swinc(env, r, is_write);
}

/* PMCEID0/1_EL0: which of events 0x00-0x3f count (the list at the top). */
#define PMCEID0 ((1ull << EVT_SW_INCR) | (1ull << EVT_CYCLES))
#define PMCEID1 0ull

#define PM(nm, key_, el, kind, acc) { .name = nm, .key = key_, .min_el = el, .read = rd_pm, \
        .write = wr_pm, .fixed = kind, .access = acc }
#define PM_EV(n) PM("PMEVCNTR" #n "_EL0", K(3, 3, 14, 8 + (n) / 8, (n) % 8), 0, PM_EVCNTR, \
                    acc_evcntr), \
                 PM("PMEVTYPER" #n "_EL0", K(3, 3, 14, 12 + (n) / 8, (n) % 8), 0, PM_EVTYPER, \
                    acc_pm)

static const SysReg pmu_regs[] = {
    PM("PMCR_EL0", K(3, 3, 9, 12, 0), 0, PM_CR, acc_pm),
    PM("PMCNTENSET_EL0", K(3, 3, 9, 12, 1), 0, PM_CNTENSET, acc_pm),
    PM("PMCNTENCLR_EL0", K(3, 3, 9, 12, 2), 0, PM_CNTENCLR, acc_pm),
    PM("PMOVSCLR_EL0", K(3, 3, 9, 12, 3), 0, PM_OVSCLR, acc_pm),
    PM("PMSWINC_EL0", K(3, 3, 9, 12, 4), 0, PM_SWINC, acc_write_only),
    PM("PMSELR_EL0", K(3, 3, 9, 12, 5), 0, PM_SELR, acc_selr),
    { .name = "PMCEID0_EL0", .key = K(3, 3, 9, 12, 6), .min_el = 0, .readonly = true,
      .fixed = PMCEID0, .access = acc_pm },
    { .name = "PMCEID1_EL0", .key = K(3, 3, 9, 12, 7), .min_el = 0, .readonly = true,
      .fixed = PMCEID1, .access = acc_pm },
    PM("PMCCNTR_EL0", K(3, 3, 9, 13, 0), 0, PM_CCNTR, acc_ccntr),
    PM("PMXEVTYPER_EL0", K(3, 3, 9, 13, 1), 0, PM_XEVTYPER, acc_pm),
    PM("PMXEVCNTR_EL0", K(3, 3, 9, 13, 2), 0, PM_XEVCNTR, acc_evcntr),
    { .name = "PMUSERENR_EL0", .key = K(3, 3, 9, 14, 0), .min_el = 0, .el0_readonly = true,
      .read = rd_pm, .write = wr_pm, .fixed = PM_USERENR },
    PM("PMINTENSET_EL1", K(3, 0, 9, 14, 1), 1, PM_INTENSET, NULL),
    PM("PMINTENCLR_EL1", K(3, 0, 9, 14, 2), 1, PM_INTENCLR, NULL),
    PM("PMOVSSET_EL0", K(3, 3, 9, 14, 3), 0, PM_OVSSET, acc_pm),
    PM("PMCCFILTR_EL0", K(3, 3, 14, 15, 7), 0, PM_CCFILTR, acc_pm),
    PM_EV(0), PM_EV(1), PM_EV(2), PM_EV(3), PM_EV(4), PM_EV(5),
};
G_STATIC_ASSERT(ARM_PMU_COUNTERS == 6);

const SysReg *arm_pmu_sysregs(size_t *n)
{
    *n = G_N_ELEMENTS(pmu_regs);
    return pmu_regs;
}
