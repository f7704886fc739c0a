/* helpers.h: every C function that generated code and the interpreter call
 * (IR_CALL): uint64_t fn(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c),
 * so the call sequence is the same for all. Those of the translator's own
 * runtime are declared here; those of other parts in their headers, included
 * here, so this is the one list.
 * Helpers that may raise a guest exception expect env->pc to hold the
 * faulting instruction's address (the caller writes it first) and leave
 * through siglongjmp(env->jmp_env) after the exception is taken. */
#ifndef A64EMU_TCG_HELPERS_H
#define A64EMU_TCG_HELPERS_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"
#include "arm/excp.h"           /* helper_exception, helper_eret */
#include "arm/sysreg.h"         /* helper_mrs, helper_msr, helper_msr_imm */
#include "debug/semihosting.h"  /* helper_semihosting */

/* ---- memory (tcg/helper-mem.c) ---- */

/* Slow-path load/store (TLB miss, MMIO, code pages, misaligned across
 * pages, alignment checks), also the interpreter's only path. memop is a
 * MemOp; loads return the value extended per MO_SIGN. A fault raises the
 * data abort (FAR = addr) or the alignment fault. */
uint64_t helper_ld(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c);
uint64_t helper_st(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop);
/* LDTR/STTR and their sizes: as helper_ld/helper_st, checked with EL0's
 * permissions at any EL (MMU index MMU_IDX_EL0); the fault is taken from the
 * current EL. */
uint64_t helper_ldtr(CPUARMState *env, uint64_t addr, uint64_t memop, uint64_t c);
uint64_t helper_sttr(CPUARMState *env, uint64_t addr, uint64_t val, uint64_t memop);
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

/* TLBI <op>, Xt at EL1 (op1 0, CRn 8): op is TLBI_OP(CRm, op2) of the
 * instruction (CRm 3: the inner-shareable forms, broadcast to every CPU; 7:
 * this CPU), val is Xt. VMALLE1 and ASIDE1 drop everything; VAE1, VAAE1,
 * VALE1 and VAALE1 the page of VA = Xt[43:0] << 12, every ASID's. */
#define TLBI_OP(crm, op2) (((crm) << 3) | (op2))
uint64_t helper_tlbi_op(CPUARMState *env, uint64_t op, uint64_t val, uint64_t c);
/* AT S1E1R (op2 0), S1E1W (1), S1E0R (2), S1E0W (3) at EL1 (op1 0, CRn 7,
 * CRm 8): walk va and write PAR_EL1. A synchronous external abort on the
 * walk is taken instead (Data Abort, CM = 1), so call with CALL_MAY_RAISE. */
uint64_t helper_at(CPUARMState *env, uint64_t op2, uint64_t va, uint64_t c);

/* ---- misc (tcg/helper-misc.c) ---- */

uint64_t helper_crc32(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes);
uint64_t helper_crc32c(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes);
/* WFI / WFE / YIELD: leave to the run loop (EXCP_HLT_WFI / a yield). */
uint64_t helper_wfi(CPUARMState *env, uint64_t next_pc, uint64_t b, uint64_t c);

/* ---- translation blocks (tcg/tb.c) ---- */

/* For IR_EXIT_INDIRECT: host code of the block for env->pc under the CPU's
 * current flags if it is already translated, else NULL (the generated code
 * then returns 0 to the loop). Never translates. */
const void *helper_lookup_tb_ptr(CPUARMState *env);

#endif
