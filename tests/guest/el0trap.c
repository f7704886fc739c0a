/* el0trap: the EL0 trap controls of SCTLR_EL1 (UCI: DC CIVAC/CVAC/CVAU and IC IVAU; UCT:
 * CTR_EL0; DZE: DC ZVA and DCZID_EL0.DZP; UMA: DAIF), each off and on; the cortex-a57
 * IMPLEMENTATION DEFINED registers (L2CTLR, L2ECTLR, L2ACTLR, CPUACTLR, CPUECTLR,
 * CPUMERRSR, L2MERRSR, CBAR) read, written and read again, and UNDEFINED at EL0; ERET
 * with SPSR.IL = 1 to a legal target (EL0t, EL1h: the Illegal State exception is taken
 * from the target) and to an illegal one (EL2h); SCTLR_EL1 written and read back.
 * MSR DAIFSet at EL0 with UMA = 0 is left out: QEMU 7.2's ISS differs (docs/testing.md). */
#include "rt.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

extern char el0trap_prog[];

static uint8_t buf[256] __attribute__((aligned(64)));
static uint64_t el0_stack[256] __attribute__((aligned(16)));
static void handler(RtFrame *f)
{
    if ((f->esr >> 26) == 0x0e) {
        /* Illegal State: from EL0 back to EL1; from EL1 go on at ELR (rt_el0_return)
         * in EL1h, whose stack holds rt_eret_to's frame. */
        rt_print_exception(f, "el0", (uintptr_t)el0trap_prog);
        if ((f->spsr & 0xf) == 0)
            f->elr = (uintptr_t)rt_el0_return;
        f->spsr = 0x3c5;
    } else if (rt_el0_handle(f, "el0", (uintptr_t)el0trap_prog, 80) == 1) {
        printf("  el0: x1=0x%lx x2=0x%lx x3=0x%lx x4=0x%lx\n", f->x[1], f->x[2], f->x[3],
               f->x[4]);
    }
}

static void run_el0(const char *what, uint64_t sctlr_bits)
{
    uint64_t sctlr = RD(sctlr_el1) & ~((1ull << 26) | (1ull << 15) | (1ull << 14) | (1ull << 9));
    WR(sctlr_el1, sctlr | sctlr_bits);
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = 0xa5;
    printf("%s: SCTLR_EL1 0x%016lx\n", what, RD(sctlr_el1));
    rt_enter_el0((uintptr_t)el0trap_prog, (uintptr_t)(el0_stack + 256), (uint64_t)(uintptr_t)buf);
    printf("  buf[0] 0x%02x buf[63] 0x%02x buf[64] 0x%02x\n", buf[0], buf[63], buf[64]);
    WR(sctlr_el1, sctlr);
}

#define IMPDEF(X) X(s3_1_c11_c0_2) X(s3_1_c11_c0_3) X(s3_1_c15_c0_0) X(s3_1_c15_c2_0) \
    X(s3_1_c15_c2_1) X(s3_1_c15_c2_2) X(s3_1_c15_c2_3)

static void t_impdef(void)
{
#define SHOW(r) printf("%-14s 0x%016lx\n", #r, RD(r));
#define WRITE(r) WR(r, 0xffffffffffffffffull);
    IMPDEF(SHOW)
    SHOW(s3_1_c15_c3_0)
    IMPDEF(WRITE)
    printf("after writing all-ones:\n");
    IMPDEF(SHOW)
}

static void t_eret_il(void)
{
    /* EL0t with IL, NZCV 1101, A masked: taken from EL0 (low64-sync) */
    rt_eret_to(0xd0100100ull, (uintptr_t)el0trap_prog);
    /* EL1h with IL: taken from EL1 with SP_EL1 at rt_el0_return, which then returns */
    rt_eret_to(0x601003c5ull, (uintptr_t)rt_el0_return);
    /* EL1t with IL: from EL1 with SP_EL0 (cur-sp0-sync); SP_EL0 must be usable */
    __asm__ volatile("mov x9, sp\n\tmsr sp_el0, x9" ::: "x9");
    rt_eret_to(0x201003c4ull, (uintptr_t)rt_el0_return);
    /* EL2h: an illegal return: IL set, EL and SP unchanged */
    rt_eret_to(0x900003c9ull, (uintptr_t)rt_el0_return);
    /* EL0h (M = 1): illegal too */
    rt_eret_to(0x000003c1ull, (uintptr_t)rt_el0_return);
}

static void t_sctlr(void)
{
    static const uint64_t vals[] = {
        0x04c50a38ull, 0x00000000ull, 0x34d50a38ull, 0xfcf7fffcull & ~(3ull << 24),
        0xffffffff00c50838ull, 0x0000010000c50838ull, 0x0000002000c50838ull,
    };
    uint64_t keep = RD(sctlr_el1);
    printf("SCTLR_EL1 at reset 0x%016lx\n", keep);
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        WR(sctlr_el1, vals[i]);
        uint64_t got = RD(sctlr_el1);
        WR(sctlr_el1, keep);
        printf("SCTLR_EL1 write 0x%016lx reads 0x%016lx\n", vals[i], got);
    }
}

int main(void)
{
    rt_handler = handler;
    run_el0("all traps on", 0);
    run_el0("UCI", 1ull << 26);
    run_el0("UCT", 1ull << 15);
    run_el0("DZE", 1ull << 14);
    run_el0("UMA", 1ull << 9);
    t_impdef();
    t_eret_il();
    t_sctlr();
    printf("exceptions: %u\n", rt_exceptions);
    rt_handler = 0;
    return rt_report("el0trap");
}
