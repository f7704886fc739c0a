/* sysreg: reads and writes of the system registers a bare-metal program sees (NZCV, DAIF,
 * SPSel, TPIDR*, VBAR, CurrentEL, ID registers, CTR, DCZID...); values are printed for
 * comparison and write/read-back pairs are checked. CNTVCT is only checked to advance. */
#include "rt.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)))
#define SHOW(reg) printf("%-16s %016lx\n", #reg, RD(reg))

int main(void)
{
    SHOW(CurrentEL);
    SHOW(MIDR_EL1);
    SHOW(MPIDR_EL1);
    SHOW(REVIDR_EL1);
    SHOW(CTR_EL0);
    SHOW(DCZID_EL0);
    /* ID_AA64PFR0_EL1: idregs prints it without the AArch32 fields QEMU has (docs/testing.md) */
    SHOW(ID_AA64ISAR0_EL1);
    SHOW(ID_AA64MMFR0_EL1);
    SHOW(CNTFRQ_EL0);
    SHOW(DAIF);
    SHOW(SPSel);
    SHOW(NZCV);
    CHECK("CurrentEL is EL1", RD(CurrentEL), 1 << 2);
    CHECK("MPIDR cpu 0", RD(MPIDR_EL1), 0x80000000ull);
    CHECK("VBAR is rt_vectors", RD(VBAR_EL1), (uint64_t)rt_vectors);

    static const uint64_t pats[] = { 0, 0xffffffffffffffffull, 0x0123456789abcdefull, 0x8000000000000001ull };
    for (unsigned i = 0; i < ARRAY_SIZE(pats); i++) {
        WR(TPIDR_EL0, pats[i]);
        WR(TPIDRRO_EL0, ~pats[i]);
        WR(TPIDR_EL1, pats[i] ^ 0x5555);
        printf("tpidr: %016lx %016lx %016lx\n", RD(TPIDR_EL0), RD(TPIDRRO_EL0), RD(TPIDR_EL1));
        CHECK("TPIDR_EL0", RD(TPIDR_EL0), pats[i]);
        CHECK("TPIDRRO_EL0", RD(TPIDRRO_EL0), ~pats[i]);
        CHECK("TPIDR_EL1", RD(TPIDR_EL1), pats[i] ^ 0x5555);
    }
    for (uint64_t f = 0; f < 16; f++) {
        WR(NZCV, f << 28 | 0x0fffffff);     /* only bits 31:28 exist */
        uint64_t got = RD(NZCV);
        CHECK("NZCV write/read", got, f << 28);
    }
    printf("NZCV roundtrip ok\n");
    for (uint64_t d = 0; d < 16; d++) {
        WR(DAIF, d << 6 | 0x3f);
        uint64_t got = RD(DAIF);
        CHECK("DAIF write/read", got, d << 6);
    }
    __asm__ volatile("msr daifclr, #0xf\n\tisb");
    printf("DAIF after daifclr #15: %016lx\n", RD(DAIF));
    __asm__ volatile("msr daifset, #0x5\n\tisb");
    printf("DAIF after daifset #5: %016lx\n", RD(DAIF));
    __asm__ volatile("msr daifset, #0xf");
    CHECK("DAIF masked", RD(DAIF), 0x3c0);

    /* SPSel: SP_EL0 and SP_EL1 are distinct registers. */
    uint64_t sp0, sp1, sel0;
    __asm__ volatile("mov x9, sp\n\tmsr sp_el0, %3\n\tmsr spsel, #0\n\tmrs %2, spsel\n\tmov %0, sp\n\t"
                     "msr spsel, #1\n\tmov %1, sp\n\tmov sp, x9"
                     : "=&r"(sp0), "=&r"(sp1), "=&r"(sel0) : "r"(0x12345670ull) : "x9");
    printf("spsel=0: sp=%016lx; spsel=1: sp-stack=%ld\n", sp0, 0L);
    CHECK("SP_EL0 via spsel", sp0, 0x12345670);
    CHECK("spsel read", sel0, 0);
    CHECK("SP_EL1 kept", sp1 != 0x12345670, 1);

    uint64_t vbar = RD(VBAR_EL1);
    WR(VBAR_EL1, 0x40000800);
    CHECK("VBAR write", RD(VBAR_EL1), 0x40000800);
    WR(VBAR_EL1, vbar);
    WR(ELR_EL1, 0x123456789abcdef0ull);
    CHECK("ELR_EL1", RD(ELR_EL1), 0x123456789abcdef0ull);
    WR(SPSR_EL1, 0xf00003c5ull);
    CHECK("SPSR_EL1", RD(SPSR_EL1), 0xf00003c5ull);
    WR(FAR_EL1, 0xdead0000beefull);
    CHECK("FAR_EL1", RD(FAR_EL1), 0xdead0000beefull);
    WR(ESR_EL1, 0x56000000ull);
    CHECK("ESR_EL1", RD(ESR_EL1), 0x56000000ull);
    WR(CONTEXTIDR_EL1, 0x42);
    CHECK("CONTEXTIDR_EL1", RD(CONTEXTIDR_EL1), 0x42);
    printf("SCTLR_EL1 %016lx\n", RD(SCTLR_EL1));
    printf("CPACR_EL1 %016lx\n", RD(CPACR_EL1));
    printf("TCR_EL1 %016lx MAIR_EL1 %016lx\n", RD(TCR_EL1), RD(MAIR_EL1));

    uint64_t t0 = RD(CNTVCT_EL0), t1;
    for (volatile int i = 0; i < 100000; i++) {
    }
    t1 = RD(CNTVCT_EL0);
    CHECK("CNTVCT advances", t1 > t0, 1);
    printf("CNTVCT advances: %d\n", t1 > t0);
    return rt_report("sysreg");
}
