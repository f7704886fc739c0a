/* pmu: the performance monitors of QEMU 7.2's cortex-a57: PMCR_EL0 (N), PMCEID0/1, the
 * set/clear pairs (PMCNTEN, PMOVS, PMINTEN) and their masks, PMSELR with PMXEVTYPER and
 * PMXEVCNTR, PMEVCNTRn/PMEVTYPERn, PMCCFILTR, PMUSERENR; software increments with
 * overflow; the overflow interrupt seen pending at the GIC (GICR_ISPENDR0 bit 23); the
 * cycle counter advancing, stopped (disabled, PMCR.E = 0, filtered at EL1), reset by
 * PMCR.C and overflowing at bit 31 and, with PMCR.LC, bit 63; event counters counting
 * CPU_CYCLES, and not counting the events that never count; EL0 access per PMUSERENR.
 * Only whether a time-based count advanced is printed, never its value. */
#include "rt.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define GICR_ISPENDR0 (*(volatile uint32_t *)0x080b0200ul)

extern char pmu_el0[];
static uint64_t el0_stack[256] __attribute__((aligned(16)));
static void handler(RtFrame *f)
{
    if (rt_el0_handle(f, "el0", (uintptr_t)pmu_el0, 80) == 1)
        printf("  el0: x1=0x%lx x2=0x%lx x3=0x%lx x4=0x%lx x5=0x%lx x6=0x%lx\n", f->x[1],
               f->x[2], f->x[3], f->x[4], f->x[5], f->x[6]);
}

static void spin(void)
{
    for (volatile int i = 0; i < 20000; i++) {
    }
}

static void t_regs(void)
{
    printf("PMCR_EL0 0x%lx PMCEID0 0x%lx PMCEID1 0x%lx PMUSERENR 0x%lx\n", RD(pmcr_el0),
           RD(pmceid0_el0), RD(pmceid1_el0), RD(pmuserenr_el0));
    printf("reset: PMCNTENSET 0x%lx PMOVSSET 0x%lx PMINTENSET 0x%lx PMSELR 0x%lx PMCCFILTR 0x%lx\n",
           RD(pmcntenset_el0), RD(pmovsset_el0), RD(pmintenset_el1), RD(pmselr_el0),
           RD(pmccfiltr_el0));
    WR(pmcntenset_el0, ~0ull);
    WR(pmovsset_el0, ~0ull);
    WR(pmintenset_el1, ~0ull);
    printf("set all: PMCNTENSET 0x%lx PMCNTENCLR 0x%lx PMOVSSET 0x%lx PMOVSCLR 0x%lx PMINTENSET 0x%lx PMINTENCLR 0x%lx\n",
           RD(pmcntenset_el0), RD(pmcntenclr_el0), RD(pmovsset_el0), RD(pmovsclr_el0),
           RD(pmintenset_el1), RD(pmintenclr_el1));
    WR(pmcntenclr_el0, 0x80000005);
    WR(pmovsclr_el0, 0x3);
    WR(pmintenclr_el1, 0x80000030);
    printf("cleared some: PMCNTENSET 0x%lx PMOVSSET 0x%lx PMINTENSET 0x%lx\n",
           RD(pmcntenset_el0), RD(pmovsset_el0), RD(pmintenset_el1));
    WR(pmcntenclr_el0, ~0ull);
    WR(pmovsclr_el0, ~0ull);
    WR(pmintenclr_el1, ~0ull);
    WR(pmcr_el0, ~0ull);
    printf("PMCR written all-ones: 0x%lx\n", RD(pmcr_el0));
    WR(pmcr_el0, 0);
    WR(pmselr_el0, ~0ull);
    printf("PMSELR all-ones: 0x%lx\n", RD(pmselr_el0));
    WR(pmccfiltr_el0, ~0ull);
    printf("PMCCFILTR all-ones 0x%lx, through PMXEVTYPER (sel 31) 0x%lx\n", RD(pmccfiltr_el0),
           RD(pmxevtyper_el0));
    WR(pmxevtyper_el0, 0);
    printf("PMXEVTYPER (sel 31) written 0: PMCCFILTR 0x%lx\n", RD(pmccfiltr_el0));
    WR(pmevtyper0_el0, ~0ull);
    WR(pmevtyper5_el0, 0x11);
    WR(pmselr_el0, 0);
    printf("PMEVTYPER0 all-ones 0x%lx, PMXEVTYPER (sel 0) 0x%lx\n", RD(pmevtyper0_el0),
           RD(pmxevtyper_el0));
    WR(pmselr_el0, 5);
    printf("PMXEVTYPER (sel 5) 0x%lx\n", RD(pmxevtyper_el0));
    WR(pmxevcntr_el0, 0x123456789ull);
    printf("PMXEVCNTR (sel 5) written 0x123456789: 0x%lx, PMEVCNTR5 0x%lx\n",
           RD(pmxevcntr_el0), RD(pmevcntr5_el0));
    WR(pmselr_el0, 6);
    WR(pmxevcntr_el0, 77);
    WR(pmxevtyper_el0, 0x11);
    printf("PMSELR 6 (no such counter): PMXEVCNTR 0x%lx PMXEVTYPER 0x%lx\n",
           RD(pmxevcntr_el0), RD(pmxevtyper_el0));
    WR(pmevtyper0_el0, 0);
    WR(pmevtyper5_el0, 0);
    WR(pmevcntr5_el0, 0);
    WR(pmccfiltr_el0, 0);
    WR(pmuserenr_el0, ~0ull);
    printf("PMUSERENR all-ones: 0x%lx\n", RD(pmuserenr_el0));
    WR(pmuserenr_el0, 0);
}

static void t_swinc(void)
{
    WR(pmevtyper0_el0, 0x00);           /* SW_INCR */
    WR(pmevtyper1_el0, 0x00);
    WR(pmevtyper2_el0, 0x11);           /* CPU_CYCLES: not incremented by PMSWINC */
    WR(pmevcntr0_el0, 0xfffffffeull);
    WR(pmevcntr1_el0, 5);
    WR(pmevcntr2_el0, 0);
    WR(pmcntenset_el0, 0x1);            /* counter 1 disabled */
    WR(pmswinc_el0, 0x7);
    printf("PMCR.E = 0: PMEVCNTR0 0x%lx PMEVCNTR1 0x%lx\n", RD(pmevcntr0_el0), RD(pmevcntr1_el0));
    WR(pmcr_el0, 1);
    WR(pmswinc_el0, 0x7);
    printf("swinc: PMEVCNTR0 0x%lx PMEVCNTR1 0x%lx PMOVSSET 0x%lx pending 0x%x\n",
           RD(pmevcntr0_el0), RD(pmevcntr1_el0), RD(pmovsset_el0), GICR_ISPENDR0 & (1u << 23));
    WR(pmintenset_el1, 0x1);
    WR(pmswinc_el0, 0x1);
    printf("swinc: PMEVCNTR0 0x%lx PMOVSSET 0x%lx, overflow interrupt enabled: pending 0x%x\n",
           RD(pmevcntr0_el0), RD(pmovsset_el0), GICR_ISPENDR0 & (1u << 23));
    WR(pmcr_el0, 0);
    printf("PMCR.E = 0: pending 0x%x\n", GICR_ISPENDR0 & (1u << 23));
    WR(pmcr_el0, 1);
    printf("PMCR.E = 1: pending 0x%x\n", GICR_ISPENDR0 & (1u << 23));
    WR(pmovsclr_el0, 0x1);
    printf("PMOVSCLR: pending 0x%x\n", GICR_ISPENDR0 & (1u << 23));
    WR(pmevcntr0_el0, 0xffffffffull);
    WR(pmswinc_el0, 0x1);
    printf("wrapped again: PMEVCNTR0 0x%lx PMOVSSET 0x%lx pending 0x%x\n", RD(pmevcntr0_el0),
           RD(pmovsset_el0), GICR_ISPENDR0 & (1u << 23));
    WR(pmintenclr_el1, ~0ull);
    printf("PMINTENCLR: pending 0x%x\n", GICR_ISPENDR0 & (1u << 23));
    WR(pmovsclr_el0, ~0ull);
    WR(pmcntenset_el0, 0x2);
    WR(pmswinc_el0, 0x2);
    WR(pmevtyper1_el0, 0x80000000);     /* P: not at EL1 */
    WR(pmswinc_el0, 0x2);
    printf("PMEVCNTR1 0x%lx (one increment, the second filtered at EL1)\n", RD(pmevcntr1_el0));
    WR(pmcr_el0, 2);                    /* P: reset the event counters, E = 0 */
    printf("PMCR.P: PMEVCNTR0 0x%lx PMEVCNTR1 0x%lx\n", RD(pmevcntr0_el0), RD(pmevcntr1_el0));
    WR(pmcntenclr_el0, ~0ull);
    WR(pmevtyper1_el0, 0);
}

static int advanced(uint64_t (*rd)(void))
{
    uint64_t a = rd();
    spin();
    uint64_t b = rd();
    return b != a;
}

static uint64_t rd_ccntr(void) { return RD(pmccntr_el0); }
static uint64_t rd_ev3(void) { return RD(pmevcntr3_el0); }

static void t_cycles(void)
{
    WR(pmcr_el0, 0);
    WR(pmccntr_el0, 1000);
    printf("PMCCNTR written 1000, disabled: 0x%lx, advances %d\n", RD(pmccntr_el0),
           advanced(rd_ccntr));
    WR(pmcntenset_el0, 1u << 31);
    printf("PMCR.E = 0: advances %d\n", advanced(rd_ccntr));
    WR(pmcr_el0, 1);
    printf("enabled: advances %d, past 1000 %d\n", advanced(rd_ccntr), RD(pmccntr_el0) > 1000);
    WR(pmccfiltr_el0, 0x80000000);
    printf("PMCCFILTR.P: advances %d\n", advanced(rd_ccntr));
    WR(pmccfiltr_el0, 0x40000000);
    printf("PMCCFILTR.U: advances %d\n", advanced(rd_ccntr));
    WR(pmccfiltr_el0, 0);
    WR(pmcr_el0, 1 | 4);                /* C: reset */
    printf("PMCR.C: below 1e9 %d\n", RD(pmccntr_el0) < 1000000000ull);
    WR(pmcr_el0, 1 | 8);                /* D: every 64th */
    printf("PMCR.D: advances %d\n", advanced(rd_ccntr));
    WR(pmcr_el0, 1);
    WR(pmccntr_el0, 0xffffffffffff0000ull);
    spin();
    uint64_t v = RD(pmccntr_el0);
    printf("LC = 0 from 0xffffffffffff0000: PMOVSSET 0x%lx, above 0xffffffffffff0000 %d\n",
           RD(pmovsset_el0), v > 0xffffffffffff0000ull);
    WR(pmovsclr_el0, ~0ull);
    WR(pmcr_el0, 1 | 0x40);             /* LC */
    WR(pmccntr_el0, 0xffffffffffff0000ull);
    spin();
    v = RD(pmccntr_el0);
    printf("LC = 1: PMOVSSET 0x%lx, wrapped below 1e9 %d\n", RD(pmovsset_el0),
           v < 1000000000ull);
    WR(pmovsclr_el0, ~0ull);
    WR(pmcr_el0, 1);
    WR(pmccntr_el0, 0x1fffffff0ull);
    spin();
    v = RD(pmccntr_el0);
    printf("LC = 0 across bit 32: PMOVSSET 0x%lx, bits 63:32 0x%lx\n", RD(pmovsset_el0), v >> 32);
    WR(pmovsclr_el0, ~0ull);

    static const uint32_t events[] = { 0x11, 0x00, 0x08, 0x23, 0x24, 0x3c, 0x1b, 0x40 };
    WR(pmcntenset_el0, 1u << 3);
    for (unsigned i = 0; i < ARRAY_SIZE(events); i++) {
        WR(pmevtyper3_el0, events[i]);
        WR(pmevcntr3_el0, 0);
        printf("event 0x%02x: PMEVCNTR3 advances %d\n", events[i], advanced(rd_ev3));
    }
    WR(pmcntenclr_el0, ~0ull);
    WR(pmcr_el0, 0);
}

static void t_el0(void)
{
    static const uint64_t userenr[] = { 0, 1, 2, 4, 8 };
    WR(pmcr_el0, 1);
    WR(pmcntenset_el0, 0x80000001ull);
    WR(pmevtyper0_el0, 0);
    WR(pmccfiltr_el0, 0);
    for (unsigned i = 0; i < ARRAY_SIZE(userenr); i++) {
        WR(pmuserenr_el0, userenr[i]);
        WR(pmevcntr0_el0, 40);
        WR(pmselr_el0, 3);
        printf("PMUSERENR 0x%lx:\n", userenr[i]);
        rt_enter_el0((uintptr_t)pmu_el0, (uintptr_t)(el0_stack + 256), 0);
        printf("  then PMEVCNTR0 0x%lx PMSELR 0x%lx\n", RD(pmevcntr0_el0), RD(pmselr_el0));
    }
    WR(pmuserenr_el0, 0);
    WR(pmcntenclr_el0, ~0ull);
    WR(pmcr_el0, 0);
}

int main(void)
{
    rt_handler = handler;
    t_regs();
    t_swinc();
    t_cycles();
    t_el0();
    printf("exceptions: %u\n", rt_exceptions);
    rt_handler = 0;
    return rt_report("pmu");
}
