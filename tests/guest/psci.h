/* psci.h: PSCI calls for the bare-metal guest programs over the conduit the device tree
 * names (QEMU's virt says "hvc", a64emu's mini-virt "smc"), and the secondary CPUs'
 * start-up (psci.S: a stack per CPU from the context id's low byte, then the C entry). */
#ifndef PSCI_H
#define PSCI_H
#include <stdint.h>

#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_SUSPEND        0x84000001u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0x84000003u
#define PSCI_AFFINITY_INFO      0x84000004u
#define PSCI_MIGRATE            0x84000005u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_MIGRATE_INFO_UP    0x84000007u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_SYSTEM_RESET       0x84000009u
#define PSCI_FEATURES           0x8400000Au
#define PSCI_64                 0x40000000u
#define PSCI_MAX_CPUS           8

/* 1: HVC, 0: SMC, -1: no /psci method in the tree at the base of RAM. */
int psci_find_conduit(void);
/* The tree's, else the one of HVC and SMC that is not UNDEFINED (silently); -1: neither. */
int psci_probe_conduit(void);
extern int psci_conduit;
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* SMC (hvc 0) or HVC (hvc 1) with x0 = fn, whatever the tree says. */
int64_t psci_raw(int hvc, uint64_t fn);
extern char psci_smc_insn[], psci_hvc_insn[];
/* Where CPU_ON starts a secondary: x0 = context id, whose low byte picks the stack. */
extern char psci_secondary_entry[];
void psci_secondary_main(uint64_t context);     /* the program's */
static inline uint64_t read_mpidr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
    return v;
}
#endif
