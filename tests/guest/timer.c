/* timer: the generic timer's EL1 virtual and physical timers against QEMU's virt (GICv3):
 * CNTFRQ, the counters, CNTx_CTL/CVAL/TVAL with ISTATUS and IMASK, the interrupt on PPI 27
 * (virtual) and 30 (physical) through the GIC at TVAL and at CVAL, masked and unmasked,
 * WFI woken by the timer with interrupts masked and unmasked, CNTKCTL_EL1's EL0 access
 * controls, and WFI/WFE at EL0 with SCTLR_EL1.nTWI/nTWE. Prints the order of events and
 * checks timing only as "not before the deadline". */
#include "rt.h"
#include "gic.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v) :: "memory"); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

#define VIRT 0
#define PHYS 1
static const unsigned ppi[2] = { 27, 30 };
static const char *const tname[2] = { "virt", "phys" };

static uint64_t counter(int t) { return t == VIRT ? RD(cntvct_el0) : RD(cntpct_el0); }
static uint64_t rd_ctl(int t) { return t == VIRT ? RD(cntv_ctl_el0) : RD(cntp_ctl_el0); }
static uint64_t rd_cval(int t) { return t == VIRT ? RD(cntv_cval_el0) : RD(cntp_cval_el0); }
static uint32_t rd_tval(int t) { return (uint32_t)(t == VIRT ? RD(cntv_tval_el0) : RD(cntp_tval_el0)); }
static void wr_ctl(int t, uint64_t v) { if (t == VIRT) WR(cntv_ctl_el0, v); else WR(cntp_ctl_el0, v); }
static void wr_cval(int t, uint64_t v) { if (t == VIRT) WR(cntv_cval_el0, v); else WR(cntp_cval_el0, v); }
static void wr_tval(int t, uint64_t v) { if (t == VIRT) WR(cntv_tval_el0, v); else WR(cntp_tval_el0, v); }

/* A timer just armed: its enable and mask bits, and whether ISTATUS and TVAL's sign
 * agree with the counter read on either side. Whether the deadline has passed yet
 * is the host's timing (a loaded host may take the whole 1-2 ms), not printed. */
static void print_armed(const char *what, int t, uint64_t cval)
{
    uint64_t before = counter(t);
    uint64_t ctl = rd_ctl(t);
    int32_t tval = (int32_t)rd_tval(t);
    uint64_t after = counter(t);
    int istatus_ok = (ctl & 4) ? after >= cval : before < cval;
    int tval_ok = tval > 0 ? before < cval : after >= cval;
    printf("%sarmed: CTL=%lx ISTATUS agrees: %d TVAL agrees: %d\n", what, ctl & 3,
           istatus_ok, tval_ok);
}

static volatile unsigned n_irq;
static volatile uint64_t irq_count_at, irq_elr;
static volatile unsigned irq_id;
static unsigned el0_traps;

static void handler(RtFrame *f)
{
    unsigned kind = f->vec & 3;

    if (kind == 0 && f->vec == 8) {                 /* from EL0 */
        if ((f->esr >> 26) == 0x15 && (f->esr & 0xffff) == 0xffff) {
            f->elr = (uintptr_t)rt_el0_return;
            f->spsr = 0x3c5;
            return;
        }
        printf("  el0 trap: ESR=%08lx\n", f->esr);
        el0_traps++;
        f->elr += 4;
        return;
    }
    if (kind != 1) {
        printf("unexpected ");
        rt_print_exception(f, 0, 0);
        rt_exit(3);
    }
    uint64_t id = SYSREG_RD(ICC_IAR1_EL1);
    int t = id == 27 ? VIRT : PHYS;
    irq_count_at = counter(t);
    irq_elr = f->elr;
    irq_id = (unsigned)id;
    n_irq++;
    printf("  irq %lu: CTL=%lx\n", id, id < 1020 ? rd_ctl(t) : 0);
    if (id >= 1020)
        return;
    wr_ctl(t, rd_ctl(t) | 2);                       /* IMASK: the line goes low */
    SYSREG_WR(ICC_EOIR1_EL1, id);
}

/* Wait (interrupts as they are) until n_irq reaches want or a second of counter time
 * passes (a guard for a loaded host, not a speed check); true if it did. */
static int wait_irq(unsigned want)
{
    uint64_t end = RD(cntvct_el0) + 62500000;
    while (n_irq < want && RD(cntvct_el0) < end)
        ;
    return n_irq >= want;
}

static uint64_t el0_stack[64] __attribute__((aligned(16)));
extern char el0_timer_prog[], el0_wfx_prog[];

int main(void)
{
    rt_handler = handler;
    gic_init();
    ppi_sgi_enable(27);
    ppi_sgi_enable(30);

    printf("CNTFRQ=%lu CNTKCTL=%lx\n", RD(cntfrq_el0), RD(cntkctl_el1));
    printf("reset: CNTV_CTL=%lx CNTP_CTL=%lx\n", RD(cntv_ctl_el0), RD(cntp_ctl_el0));
    uint64_t v1 = RD(cntvct_el0), p1 = RD(cntpct_el0), v2 = RD(cntvct_el0);
    CHECK("counters in step (CNTVOFF 0)", p1 >= v1 && v2 >= p1, 1);

    for (int t = VIRT; t <= PHYS; t++) {
        printf("== %s timer (PPI %u)\n", tname[t], ppi[t]);
        /* 1. TVAL with IMASK: ISTATUS rises at the deadline, no interrupt */
        wr_ctl(t, 3);
        wr_tval(t, 62500);                          /* 1 ms */
        uint64_t cval = rd_cval(t);
        print_armed("", t, cval);
        irq_unmask();
        uint64_t spins = 0;
        while (!(rd_ctl(t) & 4) && spins < 100000000)
            spins++;
        uint64_t now = counter(t);
        irq_mask();
        printf("masked expiry: CTL=%lx tval<=0: %d count>=cval: %d taken=%u pending=%x\n",
               rd_ctl(t), (int32_t)rd_tval(t) <= 0, now >= cval, n_irq,
               mmio_r32(GICR_SGI + GICR_ISPENDR0) & (1u << ppi[t]));
        /* 2. unmask the timer: the line rises, the interrupt is taken after the MSR */
        unsigned before = n_irq;
        irq_unmask();
        wr_ctl(t, 1);
        irq_mask();
        CHECK("IMASK cleared: taken at once", n_irq, before + 1);
        CHECK("its PPI", irq_id, ppi[t]);
        /* 3. at TVAL, unmasked: wait for it */
        wr_ctl(t, 1);                               /* the handler set IMASK */
        wr_tval(t, 62500 * 2);
        cval = rd_cval(t);
        print_armed("tval ", t, cval);
        irq_unmask();
        CHECK("TVAL: taken", wait_irq(before + 2), 1);
        irq_mask();
        CHECK("TVAL: not early", irq_count_at >= cval, 1);
        /* 4. at CVAL */
        wr_ctl(t, 1);
        cval = counter(t) + 62500 * 2;
        wr_cval(t, cval);
        CHECK("CVAL reads back", rd_cval(t), cval);
        print_armed("cval ", t, cval);
        irq_unmask();
        CHECK("CVAL: taken", wait_irq(before + 3), 1);
        irq_mask();
        CHECK("CVAL: not early", irq_count_at >= cval, 1);
        /* 5. CVAL in the past: met at once */
        wr_cval(t, 0);
        irq_unmask();
        wr_ctl(t, 1);
        irq_mask();
        CHECK("CVAL 0: taken at once", n_irq, before + 4);
        /* 6. disabled: ISTATUS clear, no interrupt; the GIC's level is gone */
        wr_ctl(t, 0);
        printf("disabled: CTL=%lx pending=%x\n", rd_ctl(t),
               mmio_r32(GICR_SGI + GICR_ISPENDR0) & (1u << ppi[t]));
        /* 7. WFI woken by the timer with interrupts masked, then taken on unmask */
        wr_cval(t, counter(t) + 62500 * 2);
        wr_ctl(t, 1);
        cval = rd_cval(t);
        __asm__ volatile("wfi" ::: "memory");
        spins = 0;
        while (!(rd_ctl(t) & 4) && spins < 100000000)   /* WFI may wake early */
            spins++;
        now = counter(t);
        printf("after wfi (masked): met=%d taken=%u\n", now >= cval, n_irq - before);
        irq_unmask();
        __asm__ volatile("nop");
        irq_mask();
        CHECK("WFI masked: taken on unmask", n_irq, before + 5);
        /* 8. WFI with interrupts unmasked: taken after the WFI */
        wr_ctl(t, 0);
        wr_tval(t, 62500 * 2);
        wr_ctl(t, 1);
        cval = rd_cval(t);
        uintptr_t wfi_next = 0;
        irq_unmask();
        while (n_irq < before + 6) {
            __asm__ volatile("adr %0, 1f\n\twfi\n1:" : "=r"(wfi_next) :: "memory");
        }
        irq_mask();
        CHECK("WFI unmasked: taken after the WFI", irq_elr, wfi_next);
        CHECK("WFI unmasked: not early", irq_count_at >= cval, 1);
        wr_ctl(t, 0);
    }

    /* 9. EL0 access: CNTKCTL_EL1 = 0 traps all but... nothing; then everything allowed */
    printf("== EL0, CNTKCTL_EL1=0\n");
    WR(cntkctl_el1, 0);
    rt_enter_el0((uintptr_t)el0_timer_prog, (uintptr_t)(el0_stack + 64), 0);
    printf("traps: %u\n", el0_traps);
    printf("== EL0, CNTKCTL_EL1=0x303\n");
    WR(cntkctl_el1, 0x303);
    el0_traps = 0;
    rt_enter_el0((uintptr_t)el0_timer_prog, (uintptr_t)(el0_stack + 64), 0);
    printf("traps: %u\n", el0_traps);
    printf("== EL0, CNTKCTL_EL1=0x101 (EL0VTEN, EL0PCTEN)\n");
    WR(cntkctl_el1, 0x101);
    el0_traps = 0;
    rt_enter_el0((uintptr_t)el0_timer_prog, (uintptr_t)(el0_stack + 64), 0);
    printf("traps: %u\n", el0_traps);
    WR(cntkctl_el1, 0);
    WR(cntv_ctl_el0, 0);
    WR(cntp_ctl_el0, 0);

    /* 10. WFI at EL0: traps with nTWI = 0 (no interrupt pending), not with nTWI = 1 (the
     * timer wakes it) */
    uint64_t sctlr = RD(sctlr_el1);
    printf("== EL0 WFx, nTWI=0 nTWE=0\n");
    WR(sctlr_el1, sctlr & ~((1ull << 16) | (1ull << 18)));
    el0_traps = 0;
    rt_enter_el0((uintptr_t)el0_wfx_prog, (uintptr_t)(el0_stack + 64), 0);
    printf("traps: %u\n", el0_traps);
    printf("== EL0 WFx, nTWI=1 nTWE=1\n");
    WR(sctlr_el1, sctlr | (1ull << 16) | (1ull << 18));
    WR(cntv_tval_el0, 62500 * 2);                   /* EL0 runs with DAIF masked: the timer */
    WR(cntv_ctl_el0, 1);                            /* wakes its WFI, nothing is taken */
    el0_traps = 0;
    rt_enter_el0((uintptr_t)el0_wfx_prog, (uintptr_t)(el0_stack + 64), 0);
    printf("traps: %u, timer met: %lu, taken: %u\n", el0_traps, (RD(cntv_ctl_el0) >> 2) & 1,
           n_irq);
    WR(cntv_ctl_el0, 0);
    WR(sctlr_el1, sctlr);
    return rt_report("timer");
}
