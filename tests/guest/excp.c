/* excp: synchronous exceptions and their syndromes (ESR_EL1, ELR_EL1, FAR_EL1, SPSR_EL1):
 * UNDEFINED encodings, SVC, BRK, HVC/SMC without EL2/EL3, system register accesses that
 * trap, aborts on unassigned addresses, PC alignment, and the same from EL0.
 * FP/SIMD is deliberately absent: a64emu treats it as UNDEFINED for now, QEMU traps it
 * with EC 0x07 (CPACR_EL1.FPEN = 0). HVC and SMC are left out of the run too: QEMU's virt
 * board takes HVC as its PSCI conduit (HVC #0 with x0 = 0 returns x0 = -1, no exception;
 * SMC is UNDEFINED there), while mini-virt documents the SMC conduit. t_hvc0/t_smc0 stay in
 * excp.S for a manual look. */
#include "rt.h"

#define SNIPPETS(X) X(udf0) X(udf1234) X(unalloc1) X(unalloc2) X(sve) X(svc0) X(svcffff) \
    X(brk0) X(brkf00f) X(mrs_el2) X(mrs_impdef) X(msr_ro) X(eret_el2) \
    X(ld_unassigned) X(st_unassigned) X(ld_highaddr) X(ld_gap) X(pc_align) X(iabort) \
    X(ldr_pair_unassigned)
#define DECL(n) extern char t_##n[], t_##n##_end[];
SNIPPETS(DECL)
extern char el0_prog[], el0_prog_end[];

static void run_snippet(const char *name, char *start, char *end)
{
    rt_expect(name, start, end);
    ((void (*)(void))start)();
    if (rt_expect_end()) {
        CHECK(name, rt_last_exception.vec, 4);   /* taken from EL1 with SP_EL1 */
        CHECK(name, rt_last_exception.spsr & 0xf, 5);
    }
}

static unsigned el0_count;
static void el0_handler(RtFrame *f)
{
    rt_print_exception(f, "el0_prog", (uintptr_t)el0_prog);
    el0_count++;
    unsigned ec = f->esr >> 26;
    if (ec == 0x15 && (f->esr & 0xffff) == 0xffff) {
        f->elr = (uintptr_t)rt_el0_return;
        f->spsr = 0x3c5;
        f->x[0] = el0_count;
        return;
    }
    if (ec != 0x15 && ec != 0x16 && ec != 0x17)      /* SVC/HVC/SMC return past themselves */
        f->elr += 4;
    if (el0_count > 40) {
        printf("el0: runaway\n");
        rt_exit(4);
    }
}

static uint64_t el0_stack[64] __attribute__((aligned(16)));

int main(void)
{
#define RUN(n) run_snippet(#n, t_##n, t_##n##_end);
    SNIPPETS(RUN)
    rt_handler = el0_handler;
    rt_enter_el0((uintptr_t)el0_prog, (uintptr_t)(el0_stack + 64), 0);
    rt_handler = 0;
    printf("el0 exceptions: %u\n", el0_count);
    CHECK("el0 program ended by svc #0xffff", el0_count >= 3, 1);
    return rt_report("excp");
}
