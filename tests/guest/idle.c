/* idle: an idle guest: 300 ticks of the virtual timer at 100 Hz (3 seconds), sleeping in
 * WFI between them, as a kernel's idle loop does. tests/integration/t-bare.sh measures the
 * host CPU time a64emu uses meanwhile; compared with QEMU it checks the ticks come, none
 * before its deadline. */
#include "rt.h"
#include "gic.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v) :: "memory"); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

#define TICKS 300
#define PERIOD (62500000 / 100)

static volatile unsigned ticks, early;
static volatile uint64_t deadline;

static void handler(RtFrame *f)
{
    if ((f->vec & 3) != 1) {
        printf("unexpected ");
        rt_print_exception(f, 0, 0);
        rt_exit(3);
    }
    uint64_t id = SYSREG_RD(ICC_IAR1_EL1);
    if (id == 27) {
        if (RD(cntvct_el0) < deadline)
            early++;
        ticks++;
        deadline += PERIOD;
        WR(cntv_cval_el0, deadline);
    }
    if (id < 1020)
        SYSREG_WR(ICC_EOIR1_EL1, id);
}

int main(void)
{
    rt_handler = handler;
    gic_init();
    ppi_sgi_enable(27);
    deadline = RD(cntvct_el0) + PERIOD;
    WR(cntv_cval_el0, deadline);
    WR(cntv_ctl_el0, 1);
    irq_unmask();
    while (ticks < TICKS)
        __asm__ volatile("wfi" ::: "memory");
    irq_mask();
    WR(cntv_ctl_el0, 0);
    printf("idle: %u ticks, %u early\n", ticks, early);
    CHECK("no tick before its deadline", early, 0);
    return rt_report("idle");
}
