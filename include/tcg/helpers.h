/* helpers.h: the runtime the generated code and the interpreter call into:
 * exceptions, system registers, memory accesses behind the software TLB
 * (slow path, MMIO, self-modifying code), exclusives, semihosting.
 * All take the CPU state first; uint64_t arguments so IR_CALL can reach them.
 * Helpers that may raise a guest exception expect env->pc to hold the
 * faulting instruction's address (the caller writes it first) and leave
 * through siglongjmp(env->jmp_env) after the exception is taken. */
#ifndef A64EMU_HELPERS_H
#define A64EMU_HELPERS_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"
#include "tcg/ir/ir.h"

/* ---- exceptions (tcg/helper-excp.c) ---- */

/* Take exception excp (EXCP_*) with ESR syndrome syn and preferred return
 * address return_pc to EL1: ESR/ELR/SPSR/FAR, PSTATE, VBAR offset. Does not
 * return: longjmps back to the run loop with env->pc at the vector. */
G_NORETURN void helper_exception(CPUARMState *env, uint64_t excp, uint64_t syn,
                                 uint64_t return_pc);
/* Same, with FAR_EL1 = far (aborts, PC alignment). */
G_NORETURN void cpu_raise_exception_far(CPUARMState *env, int excp, uint32_t syn,
                                        uint64_t return_pc, uint64_t far);
/* Take the exception without longjmp (from the run loop itself). */
void arm_cpu_do_exception(CPUARMState *env, int excp, uint32_t syn, uint64_t return_pc,
                          uint64_t far, bool has_far);
/* ERET: PC from ELR_EL1, PSTATE from SPSR_EL1 (illegal returns handled as the
 * architecture says). Returns the new PC. */
uint64_t helper_eret(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c);
/* BR/BLR/RET to a misaligned target or branch targets: PC alignment fault at
 * the *target* on the next fetch is handled by cpu_fetch_insn. */

/* ---- system registers (tcg/helper-sysreg.c) ---- */

/* Encoding key: op0 << 14 | op1 << 11 | CRn << 7 | CRm << 3 | op2 (as the
 * MRS/MSR instruction's bits 20..5). */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

typedef struct SysReg {
    const char *name;
    uint32_t key;
    uint8_t min_el;          /* lowest EL that may access it (0 or 1) */
    bool readonly;
    bool ends_tb;            /* a write changes translation state: end the block after it */
    uint64_t (*read)(CPUARMState *env, const struct SysReg *r);
    void (*write)(CPUARMState *env, const struct SysReg *r, uint64_t v);
    size_t offset;           /* plain storage in CPUARMState when read/write are NULL */
    uint64_t fixed;          /* constant value for read-only ID registers without storage */
    /* ---- additions (runtime helpers) ---- */
    bool el0_readonly;       /* EL0 may read it, only EL1 may write it (TPIDRRO_EL0) */
    /* Run-time access check beyond min_el/readonly (SCTLR_EL1.UMA for DAIF,
     * CNTKCTL_EL1 for the counters...): SYSREG_ACCESS_*. NULL: always OK. */
    int (*access)(CPUARMState *env, const struct SysReg *r, bool is_write);
    void *opaque;            /* for registers that devices register */
} SysReg;

enum { SYSREG_ACCESS_OK = 0, SYSREG_ACCESS_TRAP = 1 /* EC 0x18 */, SYSREG_ACCESS_UNDEF = 2 };

/* NULL when the register does not exist (the frontend raises UNDEFINED).
 * Unallocated encodings of the ID space (op0=3 op1=0 CRn=0 CRm=1..7) are
 * found as RAZ registers, as the architecture defines them. */
const SysReg *sysreg_find(uint32_t key);
/* Devices add their registers (GIC CPU interface ICC_*, generic timer
 * CNTV_* / CNTP_*) before any CPU runs. *r must stay valid (static).
 * False (and a GError naming it) if the key is taken. */
bool sysreg_register(const SysReg *r, GError **errp);
/* The translate-time part of the access rules (min_el, readonly,
 * el0_readonly) for an MRS (is_write false) or MSR at el. */
bool sysreg_access_ok(const SysReg *r, unsigned el, bool is_write);
/* MRS/MSR at run time: reg is (uintptr_t)const SysReg *. They repeat the
 * access checks that depend on run-time state and raise the trap (EC 0x18,
 * using rt for the syndrome) or UNDEFINED at env->pc: call them with
 * CALL_MAY_RAISE. helper_mrs's b and helper_msr's c are the instruction's Rt. */
uint64_t helper_mrs(CPUARMState *env, uint64_t reg, uint64_t b, uint64_t c);
uint64_t helper_msr(CPUARMState *env, uint64_t reg, uint64_t value, uint64_t c);
/* MSR DAIFSet/DAIFClr/SPSel immediate forms: op = 0 DAIFSet, 1 DAIFClr, 2 SPSel. */
uint64_t helper_msr_imm(CPUARMState *env, uint64_t op, uint64_t imm, uint64_t c);

/* ---- memory (tcg/helper-mem.c) ---- */

/* Slow-path load/store (TLB miss, MMIO, code pages, misaligned across
 * pages, alignment checks), also the interpreter's only path. memop is a
 * MemOp; loads return the value extended per MO_SIGN. A fault raises the
 * data abort (FAR = addr) or the alignment fault. */
uint64_t helper_ld(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c);
uint64_t helper_st(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop);
/* Exclusives. memop's size; pairs use helper_ldxp/helper_stxp.
 * helper_stxr returns 0 on success, 1 on failure (the status register). */
uint64_t helper_ldxr(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c);
uint64_t helper_stxr(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop);
/* LDXP: returns the first word, the second is left in env->excl_val2 for the
 * frontend to read with helper_ldxp_hi. */
uint64_t helper_ldxp(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c);
uint64_t helper_ldxp_hi(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c);
/* STXP: val_lo, then the high word staged with helper_stxp_hi first. */
uint64_t helper_stxp_hi(CPUARMState *env, uint64_t val_hi, uint64_t b, uint64_t c);
uint64_t helper_stxp(CPUARMState *env, uint64_t addr, uint64_t val_lo, uint64_t memop);
uint64_t helper_clrex(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c);
/* DC ZVA: zero the 64-byte block containing addr. */
uint64_t helper_dc_zva(CPUARMState *env, uint64_t addr, uint64_t b, uint64_t c);
/* IC IVAU / DC CVAU etc.: nothing to do for correctness with our SMC
 * detection, but IC IALLU-type operations may flush the TB cache. */
uint64_t helper_ic_inval(CPUARMState *env, uint64_t addr, uint64_t b, uint64_t c);

/* Instruction fetch for the translator: the 32-bit word at pc. Returns false
 * and fills the syndrome/far when it faults (unassigned, misaligned PC). */
bool cpu_fetch_insn(CPUARMState *env, uint64_t pc, uint32_t *insn, int *excp,
                    uint32_t *syn);
/* The host address of the RAM page holding pc (for the TB's page tracking),
 * or NULL if pc is not in RAM. */

/* TLB maintenance. */
void tlb_flush(CPUARMState *env);
void tlb_flush_page(CPUARMState *env, uint64_t addr);
/* Fill the entry for addr (access 0 read, 1 write, 2 fetch); false if nothing
 * is mapped there. */
bool tlb_fill(CPUARMState *env, uint64_t addr, int access, int mmu_idx);
int cpu_mmu_index(const CPUARMState *env);

/* ---- additions (runtime helpers) ---- */

/* Interrupt exception numbers (QEMU's), for the run loop: vector +0x80
 * (IRQ) / +0x100 (FIQ); ESR is left alone. */
#ifndef EXCP_IRQ
#define EXCP_IRQ 5
#define EXCP_FIQ 6
#define EXCP_VIRQ 14
#define EXCP_VFIQ 15
#endif

/* The generic timer's frequency (QEMU 7.2's default) and its counter:
 * ticks of the host's monotonic clock at CNTFRQ since the process started
 * (CNTPCT_EL0; CNTVCT_EL0 is the same with CNTVOFF = 0). */
#define ARM_CNTFRQ 62500000u
uint64_t arm_counter_ticks(void);

/* Per-CPU runtime state at CPU reset (call from the CPU's reset after the
 * architectural state): every TLB entry invalid (a zeroed TLB would map
 * page 0!), the exclusive monitor clear, the OS lock set, debug registers
 * zeroed. */
void cpu_helpers_reset(CPUARMState *env);
/* For tb.c when a page becomes code: make every CPU's write entry for the
 * page take the slow path (TLB_NOTDIRTY). */
void tlb_protect_code(uint64_t paddr);
/* Flush every realized CPU's TLB (memory topology changed). */
void tlb_flush_all_cpus(void);

/* ---- misc (tcg/helper-misc.c) ---- */

uint64_t helper_crc32(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes);
uint64_t helper_crc32c(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes);
/* WFI / WFE / YIELD: leave to the run loop (EXCP_HLT_WFI / a yield). */
uint64_t helper_wfi(CPUARMState *env, uint64_t next_pc, uint64_t b, uint64_t c);
/* HLT #0xF000 with semihosting on: run the call in X0/X1, result in X0. */
uint64_t helper_semihosting(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c);

#endif
