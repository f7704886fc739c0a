/* idregs: every register of the ID space (op0 3, op1 0, CRn 0, CRm 0-7, op2 0-7) and the
 * other identification registers (CTR, DCZID, CLIDR, CCSIDR for each CSSELR value, AIDR),
 * and the reset values of the control registers a kernel reads or writes at boot, as
 * QEMU 7.2's cortex-a57 on virt has them. */
#include "rt.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define SHOW(reg) printf("%-18s 0x%016lx\n", #reg, RD(reg))
#define ID2(crm, op2) SHOW(s3_0_c0_c##crm##_##op2);
#define IDROW(crm) ID2(crm, 0) ID2(crm, 1) ID2(crm, 2) ID2(crm, 3) ID2(crm, 4) ID2(crm, 5) \
    ID2(crm, 6) ID2(crm, 7)

int main(void)
{
    /* CRm 0: MIDR, MPIDR, REVIDR and the RAZ/IMPDEF others */
    SHOW(midr_el1);
    SHOW(mpidr_el1);
    SHOW(revidr_el1);
    IDROW(1) IDROW(2) IDROW(3)
    /* ID_AA64PFR0_EL1 without EL0/EL1 (bits 7:0): AArch32 support, which QEMU advertises
     * and a64emu does not have (docs/testing.md); the fields must still say AArch64. */
    {
        uint64_t pfr0 = RD(s3_0_c0_c4_0);
        printf("%-18s 0x%016lx (EL0/EL1 AArch64: %s)\n", "s3_0_c0_c4_0 &~ff", pfr0 & ~0xffull,
               (pfr0 & 0xf) && (pfr0 & 0xf0) ? "yes" : "no");
    }
    ID2(4, 1) ID2(4, 2) ID2(4, 3) ID2(4, 4) ID2(4, 5) ID2(4, 6) ID2(4, 7)
    IDROW(5) IDROW(6) IDROW(7)
    SHOW(ctr_el0);
    SHOW(dczid_el0);
    SHOW(clidr_el1);
    SHOW(aidr_el1);
    for (unsigned i = 0; i < 16; i++) {
        WR(csselr_el1, i);
        printf("CSSELR %2u: csselr 0x%lx ccsidr 0x%016lx\n", i, RD(csselr_el1), RD(ccsidr_el1));
    }
    WR(csselr_el1, 0);
    /* reset values */
    SHOW(sctlr_el1);
    SHOW(actlr_el1);
    SHOW(cpacr_el1);
    SHOW(tcr_el1);
    SHOW(ttbr0_el1);
    SHOW(ttbr1_el1);
    SHOW(mair_el1);
    SHOW(amair_el1);
    SHOW(contextidr_el1);
    SHOW(par_el1);
    SHOW(mdscr_el1);
    SHOW(oslsr_el1);
    SHOW(mdccsr_el0);
    SHOW(mdrar_el1);
    SHOW(cntkctl_el1);
    SHOW(cntfrq_el0);
    SHOW(pmcr_el0);
    SHOW(pmuserenr_el0);
    SHOW(pmcntenset_el0);
    SHOW(pmintenset_el1);
    SHOW(pmovsset_el0);
    SHOW(pmccfiltr_el0);
    SHOW(tpidr_el0);
    SHOW(tpidrro_el0);
    SHOW(tpidr_el1);
    SHOW(afsr0_el1);
    SHOW(afsr1_el1);
    SHOW(spsel);
    SHOW(daif);
    SHOW(currentel);
    return rt_report("idregs");
}
