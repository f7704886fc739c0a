/* irq: GICv3 interrupts taken as exceptions, compared with QEMU's virt (GICv3): an SGI to
 * self through ICC_SGI1R_EL1 pending while DAIF masks it and taken on unmask (DAIFClr,
 * ERET, EL0), priorities, preemption and the binary point, the priority mask, EOImode 1
 * with ICC_DIR_EL1, a PPI and an SPI, Group 0 as FIQ. Prints the order of events, the
 * vector, ELR and SPSR of each. */
#include "rt.h"
#include "gic.h"

extern char eret_target[], el0_irq_prog[];
void eret_unmask(void);
uintptr_t daifclr_unmask(void);

static const char *const vec_names[16] = {
    "cur-sp0-sync", "cur-sp0-irq", "cur-sp0-fiq", "cur-sp0-serror",
    "cur-spx-sync", "cur-spx-irq", "cur-spx-fiq", "cur-spx-serror",
    "low64-sync", "low64-irq", "low64-fiq", "low64-serror",
    "low32-sync", "low32-irq", "low32-fiq", "low32-serror",
};

static unsigned n_taken;
static uint64_t last_elr, last_id;
static int eoimode1;
static void (*in_handler)(unsigned id);

static void handler(RtFrame *f)
{
    unsigned kind = f->vec & 3;

    if (kind == 0 && f->vec == 8 && (f->esr >> 26) == 0x15) {     /* SVC #0xffff: back to EL1 */
        printf("el0: svc, back to EL1\n");
        f->elr = (uintptr_t)rt_el0_return;
        f->spsr = 0x3c5;
        return;
    }
    if (kind != 1 && kind != 2) {
        printf("unexpected ");
        rt_print_exception(f, 0, 0);
        rt_exit(3);
    }
    uint64_t id = kind == 2 ? SYSREG_RD(ICC_IAR0_EL1) : SYSREG_RD(ICC_IAR1_EL1);
    n_taken++;
    last_elr = f->elr;
    last_id = id;
    printf("  %s %lu (%s) ELR=%lx SPSR=%lx RPR=%lx\n", kind == 2 ? "fiq" : "irq", id,
           vec_names[f->vec], f->elr, f->spsr, SYSREG_RD(ICC_RPR_EL1));
    if (id >= 1020)
        return;
    if (in_handler)
        in_handler((unsigned)id);
    if (kind == 2)
        SYSREG_WR(ICC_EOIR0_EL1, id);
    else
        SYSREG_WR(ICC_EOIR1_EL1, id);
    if (eoimode1)
        printf("  after EOIR: RPR=%lx active=%x\n", SYSREG_RD(ICC_RPR_EL1),
               mmio_r32(GICR_SGI + GICR_ISACTIVER0));
}

static void show_state(const char *what)
{
    printf("%s: HPPIR1=%lu HPPIR0=%lu RPR=%lx pend=%x active=%x taken=%u\n", what,
           SYSREG_RD(ICC_HPPIR1_EL1), SYSREG_RD(ICC_HPPIR0_EL1), SYSREG_RD(ICC_RPR_EL1),
           mmio_r32(GICR_SGI + GICR_ISPENDR0), mmio_r32(GICR_SGI + GICR_ISACTIVER0), n_taken);
}

/* ---- preemption: inside SGI 6, raise SGI 7 and unmask ---- */
static uint8_t nested_prio;
static void preempt_hook(unsigned id)
{
    if (id != 6)
        return;
    ppi_sgi_prio(7, nested_prio);
    sgi_self(7, 0);
    printf("  in 6: sgi 7 (prio %x) sent, unmasking\n", nested_prio);
    irq_unmask();
    __asm__ volatile("nop");
    irq_mask();
    printf("  in 6: masked again, taken=%u\n", n_taken);
}

static uint64_t el0_stack[64] __attribute__((aligned(16)));

int main(void)
{
    rt_handler = handler;
    gic_init();
    printf("ICC_SRE=%lx ICC_CTLR=%lx PMR=%lx BPR0=%lx BPR1=%lx IGRPEN0=%lx IGRPEN1=%lx\n",
           SYSREG_RD(ICC_SRE_EL1), SYSREG_RD(ICC_CTLR_EL1), SYSREG_RD(ICC_PMR_EL1),
           SYSREG_RD(ICC_BPR0_EL1), SYSREG_RD(ICC_BPR1_EL1), SYSREG_RD(ICC_IGRPEN0_EL1),
           SYSREG_RD(ICC_IGRPEN1_EL1));
    show_state("idle");
    CHECK("nothing pending: IAR1 spurious", SYSREG_RD(ICC_IAR1_EL1), 1023);

    /* 1. pending while masked, taken right after the DAIFClr */
    printf("1. SGI 3 while masked\n");
    ppi_sgi_enable(3);
    sgi_self(3, 0);
    for (volatile int i = 0; i < 1000; i++)
        ;
    show_state("masked");
    CHECK("masked: not taken", n_taken, 0);
    uintptr_t after = daifclr_unmask();
    CHECK("taken on DAIFClr", n_taken, 1);
    CHECK("ELR after the DAIFClr", last_elr, after);
    CHECK("IAR1 gave 3", last_id, 3);
    show_state("after");

    /* 2. priorities: lower value first, then lower INTID */
    printf("2. priorities\n");
    ppi_sgi_prio(1, 0x80);
    ppi_sgi_prio(2, 0x40);
    ppi_sgi_prio(4, 0x40);
    ppi_sgi_enable(1);
    ppi_sgi_enable(2);
    ppi_sgi_enable(4);
    sgi_self(1, 0);
    sgi_self(4, 0);
    sgi_self(2, 0);
    show_state("three pending");
    daifclr_unmask();
    CHECK("all three taken", n_taken, 4);

    /* 3. preemption by group priority; the binary point decides */
    printf("3. preemption\n");
    ppi_sgi_enable(6);
    ppi_sgi_enable(7);
    ppi_sgi_prio(6, 0xa0);
    in_handler = preempt_hook;
    nested_prio = 0x20;
    sgi_self(6, 0);
    daifclr_unmask();
    CHECK("6 and 7 taken", n_taken, 6);
    SYSREG_WR(ICC_BPR1_EL1, 6);                 /* group priority 7:6 (mask 0xc0) */
    printf("BPR1=%lx\n", SYSREG_RD(ICC_BPR1_EL1));
    nested_prio = 0x90;                         /* same group priority as 0xa0 */
    sgi_self(6, 0);
    daifclr_unmask();
    CHECK("7 after 6", n_taken, 8);
    nested_prio = 0x20;                         /* a higher group priority: preempts */
    sgi_self(6, 0);
    daifclr_unmask();
    CHECK("6 and 7 again", n_taken, 10);
    SYSREG_WR(ICC_BPR1_EL1, 0);
    in_handler = 0;

    /* 4. the priority mask */
    printf("4. PMR\n");
    SYSREG_WR(ICC_PMR_EL1, 0x80);
    printf("PMR=%lx\n", SYSREG_RD(ICC_PMR_EL1));
    irq_unmask();
    sgi_self(3, 0);                             /* prio 0xa0: masked by the PMR */
    show_state("below the mask");
    CHECK("PMR masks", n_taken, 10);
    SYSREG_WR(ICC_PMR_EL1, 0xff);               /* taken right after this write */
    irq_mask();
    CHECK("PMR unmasks", n_taken, 11);

    /* 5. EOImode 1: EOIR drops the priority, DIR deactivates */
    printf("5. EOImode 1\n");
    SYSREG_WR(ICC_CTLR_EL1, 2);
    printf("ICC_CTLR=%lx\n", SYSREG_RD(ICC_CTLR_EL1));
    eoimode1 = 1;
    sgi_self(3, 0);
    daifclr_unmask();
    show_state("dropped, still active");
    sgi_self(3, 0);                             /* pending again while active */
    daifclr_unmask();
    show_state("pending and active");
    CHECK("not taken while active", n_taken, 12);
    irq_unmask();
    SYSREG_WR(ICC_DIR_EL1, 3);                  /* deactivated: the pending one is taken */
    irq_mask();
    CHECK("taken after DIR", n_taken, 13);
    SYSREG_WR(ICC_DIR_EL1, 3);
    eoimode1 = 0;
    SYSREG_WR(ICC_CTLR_EL1, 0);
    show_state("EOImode 0");

    /* 6. a PPI and an SPI, pended by software */
    printf("6. PPI 20 and SPI 40\n");
    ppi_sgi_prio(20, 0x60);
    ppi_sgi_enable(20);
    mmio_w32(GICD_BASE + GICD_IGROUPR + 4, 1u << 8);            /* SPI 40: Group 1 */
    mmio_w8(GICD_BASE + GICD_IPRIORITYR + 40, 0x50);
    mmio_w64(GICD_BASE + GICD_IROUTER + 8 * 40, 0);             /* to CPU 0.0.0.0 */
    mmio_w32(GICD_BASE + GICD_ISENABLER + 4, 1u << 8);
    mmio_w32(GICR_SGI + GICR_ISPENDR0, 1u << 20);
    mmio_w32(GICD_BASE + GICD_ISPENDR + 4, 1u << 8);
    show_state("PPI and SPI pending");
    daifclr_unmask();
    CHECK("both taken", n_taken, 15);

    /* 7. Group 0 is FIQ: F masks it, I does not */
    printf("7. FIQ\n");
    mmio_w32(GICR_SGI + GICR_IGROUPR0, ~(1u << 9));
    ppi_sgi_enable(9);
    sgi_self(9, 1);
    __asm__ volatile("msr daifclr, #2" ::: "memory");           /* I only */
    __asm__ volatile("nop");
    show_state("FIQ masked by F");
    CHECK("F masks", n_taken, 15);
    daifclr_unmask();
    CHECK("FIQ taken", n_taken, 16);

    /* 8. ERET that unmasks */
    printf("8. ERET\n");
    sgi_self(3, 0);
    eret_unmask();
    CHECK("taken after ERET", n_taken, 17);
    CHECK("ELR = the ERET's target", last_elr, (uintptr_t)eret_target);

    /* 9. taken from EL0 (lower EL vector) at its first instruction */
    printf("9. EL0\n");
    sgi_self(3, 0);
    rt_enter_el0_spsr((uintptr_t)el0_irq_prog, (uintptr_t)(el0_stack + 64), 0, 0);
    CHECK("taken from EL0", n_taken, 18);
    CHECK("ELR = EL0's first instruction", last_elr, (uintptr_t)el0_irq_prog);
    show_state("end");
    return rt_report("irq");
}
