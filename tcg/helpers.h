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
#include "cpu.h"
#include "ir.h"

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
} SysReg;

/* NULL when the register does not exist (the frontend raises UNDEFINED). */
const SysReg *sysreg_find(uint32_t key);
/* MRS/MSR at run time: reg is (uintptr_t)const SysReg *. */
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

/* ---- misc (tcg/helper-misc.c) ---- */

uint64_t helper_crc32(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes);
uint64_t helper_crc32c(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes);
/* WFI / WFE / YIELD: leave to the run loop (EXCP_HLT_WFI / a yield). */
uint64_t helper_wfi(CPUARMState *env, uint64_t next_pc, uint64_t b, uint64_t c);
/* HLT #0xF000 with semihosting on: run the call in X0/X1, result in X0. */
uint64_t helper_semihosting(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c);

#endif
