/* a64.h: the A64 frontend's shared internals: the per-instruction decode
 * context, the decoder groups (one file each), and the small helpers every
 * group uses to read and write guest registers and raise exceptions. */
#ifndef A64EMU_A64_H
#define A64EMU_A64_H

#include "tcg/ir/ir.h"
#include "arm/cpu.h"
#include "arm/syndrome.h"
#include "tcg/tb.h"

typedef struct DisasContext {
    IRBlock *b;
    uint64_t pc;          /* address of the instruction being decoded */
    uint32_t insn;        /* its encoding */
    uint32_t tb_flags;    /* TB_FLAG_* (tb.h): EL, SPSel, single-step, semihosting... */
    unsigned el;          /* current exception level (from tb_flags) */
    bool ended;           /* the instruction ended the block (branch, exception, exit) */
} DisasContext;

/* ---- decoder groups: each returns false for an unallocated encoding (the
 * driver then raises UNDEFINED); each sets s->ended when it ends the block. */

/* Data processing - immediate (op0 = 100x) and - register (op0 = x101):
 * tcg/a64/a64-dp.c */
bool a64_disas_dp_imm(DisasContext *s, uint32_t insn);
bool a64_disas_dp_reg(DisasContext *s, uint32_t insn);
/* Loads and stores (op0 = x1x0): tcg/a64/a64-ldst.c */
bool a64_disas_ldst(DisasContext *s, uint32_t insn);
/* Branches, exception generation and system instructions (op0 = 101x):
 * tcg/a64/a64-branch.c */
bool a64_disas_branch_sys(DisasContext *s, uint32_t insn);

/* ---- the driver (tcg/a64/a64-translate.c) ---- */

/* Translate guest code starting at pc into b (reset first): up to max_insns
 * instructions, stopping at a block-ending instruction or a page boundary.
 * Instruction words are fetched with cpu_fetch_insn (helpers.h); a fetch
 * fault on the first instruction emits the prefetch abort, on a later one
 * ends the block before it. */
void a64_translate(IRBlock *b, CPUARMState *env, uint64_t pc, uint32_t tb_flags,
                   unsigned max_insns);

/* ---- shared helpers (tcg/a64/a64-common.c) ---- */

/* Xn or Wn (sf = false: the low 32 bits, zero-extended); register 31 is XZR. */
IRVal a64_read_x(DisasContext *s, unsigned reg);
/* Register 31 is the current SP (SP_EL0 or SP_EL1 per tb_flags). */
IRVal a64_read_x_sp(DisasContext *s, unsigned reg);
/* Write Xn (sf) or Wn (!sf: the value is zero-extended from 32 bits);
 * register 31 is XZR: the write is discarded. */
void a64_write_x(DisasContext *s, unsigned reg, IRVal v, bool sf);
/* Register 31 is the current SP. */
void a64_write_x_sp(DisasContext *s, unsigned reg, IRVal v, bool sf);
unsigned a64_sp_slot(const DisasContext *s);

/* Raise exception excp with ESR syndrome syn; return_pc is the preferred
 * return address (this instruction, or the next one for SVC/HVC/SMC). Ends
 * the block. */
void a64_gen_exception(DisasContext *s, int excp, uint32_t syn, uint64_t return_pc);
/* UNDEFINED at this instruction (EC 0 "unknown reason", IL = 1). */
void a64_gen_undef(DisasContext *s);
/* End the block here and continue at guest PC dest (chainable, slot 0/1). */
void a64_gen_goto(DisasContext *s, int slot, uint64_t dest);

#endif
