/* gdbsmp: the target of the gdbstub's thread tests: CPU 0 starts CPU 1 (PSCI CPU_ON) and
 * each then bumps its own counter forever through a noinline function of its own, so gdb
 * can break on one vCPU, step it alone and see the other run on. Never exits. */
#include "rt.h"
#include "psci.h"
#include "psci-lib.c"

volatile uint64_t ticks[2];

__attribute__((noinline)) void primary_tick(void)
{
    ticks[0]++;
}

__attribute__((noinline)) void secondary_tick(void)
{
    ticks[1]++;
}

void psci_secondary_main(uint64_t context)
{
    (void)context;
    for (;;)
        secondary_tick();
}

int main(void)
{
    psci_conduit = psci_probe_conduit();
    if (psci_call(PSCI_CPU_ON | PSCI_64, 1, (uintptr_t)psci_secondary_entry, 1) != 0) {
        printf("gdbsmp: CPU_ON failed\n");
        return 1;
    }
    printf("gdbsmp: CPU 1 on\n");
    for (;;)
        primary_tick();
}
