/* a64.h: the A64 frontend's shared internals: the per-instruction decode
 * context, the entry points, and the small helpers every group's handlers use
 * to build IR, read and write guest registers and raise exceptions. */
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

/* ---- the driver (tcg/a64/a64-translate.c) ---- */

/* Translate guest code starting at pc into b (reset first): up to max_insns
 * instructions, stopping at a block-ending instruction or a page boundary.
 * Instruction words are fetched with cpu_fetch_insn (helpers.h); a fetch
 * fault on the first instruction emits the prefetch abort, on a later one
 * ends the block before it. */
void a64_translate(IRBlock *b, CPUARMState *env, uint64_t pc, uint32_t tb_flags,
                   unsigned max_insns);
/* One instruction (s->pc, s->insn = insn) appended to s->b; sets s->ended when
 * it ends the block. False when it is UNDEFINED: then nothing was emitted (the
 * caller raises the exception). */
bool a64_disas_insn(DisasContext *s, uint32_t insn);

/* ---- the decoders, generated from the .decode tables (docs/decoder.md) ----
 * Each extracts the fields of the pattern that matches insn and calls its
 * trans_ handler in the group's trans-*.c; false when no pattern takes it. */
bool a64_decode_dp_imm(DisasContext *s, uint32_t insn);     /* op0 = 100x */
bool a64_decode_dp_reg(DisasContext *s, uint32_t insn);     /* op0 = x101 */
bool a64_decode_branch_sys(DisasContext *s, uint32_t insn); /* op0 = 101x */
bool a64_decode_ldst(DisasContext *s, uint32_t insn);       /* op0 = x1x0 */
bool a64_decode_ldst_simd(DisasContext *s, uint32_t insn);  /* op0 = x1x0, V = 1 */
bool a64_decode_simd(DisasContext *s, uint32_t insn);       /* op0 = x111: AdvSIMD, crypto */
bool a64_decode_fp(DisasContext *s, uint32_t insn);         /* op0 = x111, bit 30 = 0, bit 28 = 1 */

/* A handler that only calls FUNC(s, ARGS...), in one line. */
#define TRANS(NAME, FUNC, ...) \
    static bool trans_##NAME(DisasContext *s, arg_##NAME *a) { return FUNC(s, ##__VA_ARGS__); }

/* A handler that accepts the instruction and emits nothing (hints, prefetches...). */
static inline bool gen_nop(DisasContext *s)
{
    return true;
}

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
/* Rd of the instructions whose flag-setting form writes XZR and the others SP. */
static inline void a64_write_x_sp_or_zr(DisasContext *s, unsigned reg, IRVal v, bool sf, bool zr)
{
    if (zr) {
        a64_write_x(s, reg, v, sf);
    } else {
        a64_write_x_sp(s, reg, v, sf);
    }
}
unsigned a64_sp_slot(const DisasContext *s);

/* Raise exception excp with ESR syndrome syn; return_pc is the preferred
 * return address (this instruction, or the next one for SVC/HVC/SMC). Ends
 * the block. */
void a64_gen_exception(DisasContext *s, int excp, uint32_t syn, uint64_t return_pc);
/* UNDEFINED at this instruction (EC 0 "unknown reason", IL = 1). */
void a64_gen_undef(DisasContext *s);
/* The FP/SIMD instructions' first step: true when CPACR_EL1.FPEN lets this
 * EL use them (TB_FLAG_FPEN); otherwise emits the EC 0x07 trap, ends the
 * block and returns false... which the handler returns as true (the
 * instruction was decoded: it is not UNDEFINED). Use as
 *     if (!a64_fp_access_check(s)) { return true; } */
bool a64_fp_access_check(DisasContext *s);
/* End the block here and continue at guest PC dest (chainable, slot 0/1). */
void a64_gen_goto(DisasContext *s, int slot, uint64_t dest);

/* Result of an add or subtract at width sz, with the lazy flags when setf. */
IRVal gen_addsub(DisasContext *s, bool sub, bool setf, unsigned sz, IRVal a, IRVal b);

static inline IRVal gen_bin(DisasContext *s, IROp op, unsigned sz, IRVal a, IRVal b)
{
    return ir_bin(s->b, op, sz, a, b);
}

static inline IRVal gen_bini(DisasContext *s, IROp op, unsigned sz, IRVal a, uint64_t imm)
{
    return ir_bin(s->b, op, sz, a, ir_movi(s->b, imm));
}

static inline IRVal gen_un(DisasContext *s, IROp op, unsigned sz, IRVal a)
{
    return ir_un(s->b, op, sz, a);
}

/* IR_EXTU / IR_EXTS of the low width bits of a. */
static inline IRVal gen_ext(DisasContext *s, IROp op, unsigned sz, IRVal a, unsigned width)
{
    return ir_emit(s->b, op, sz, 0, a, IR_NONE, IR_NONE, IR_NONE, width);
}

/* ---- loads and stores (trans-ldst.c, trans-ldst-simd.c) ---- */

/* The MemOp of an access of 1 << size bytes (size 0..3): MO_ALIGN when
 * SCTLR_EL1.A checks every access (TB_FLAG_ALIGN). */
unsigned memop_for(const DisasContext *s, unsigned size);
/* The base register's value; SP (31) is checked for 16-byte alignment when
 * SCTLR.SA asks for it (CheckSPAlignment in the Arm ARM pseudocode), out of
 * line, which keeps the block free of labels. */
IRVal gen_base(DisasContext *s, unsigned rn);
/* Register offset: base Rn + (Rm extended per option (010 UXTW, 011 LSL,
 * 110 SXTW, 111 SXTX) << shift). */
IRVal gen_addr_r(DisasContext *s, unsigned rn, unsigned rm, unsigned option, unsigned shift);

/* ---- big-endian data (TB_FLAG_BE: SCTLR_EL1.EE at EL1, E0E at EL0) ----
 * Memory is accessed as little-endian and the bytes of each element are swapped around
 * it: a store swaps the value it writes, a load what it read, then sign-extends. Blocks
 * of little-endian code (the flag clear) get none of it. A 128-bit Q access is two
 * 64-bit ones, swapped and exchanged (trans-ldst-simd.c). */
static inline bool a64_be_data(const DisasContext *s)
{
    return (s->tb_flags & TB_FLAG_BE) != 0;
}
/* memop without MO_SIGN when the swap has to come before the extension. */
unsigned be_memop(const DisasContext *s, unsigned memop);
/* What a load of memop returned (issued with be_memop(memop)) as the register gets it. */
IRVal gen_be_load(DisasContext *s, IRVal v, unsigned memop);
/* The value a store of 1 << size bytes writes. */
IRVal gen_be_store(DisasContext *s, IRVal v, unsigned size);

/* A data load or store of memop in the block's data endianness. */
IRVal gen_ld(DisasContext *s, IRVal addr, unsigned memop);
void gen_st(DisasContext *s, IRVal addr, IRVal val, unsigned memop);

static inline IRVal gen_addi(DisasContext *s, IRVal v, int64_t imm)
{
    if (imm == 0) {
        return v;
    }
    return ir_bin(s->b, IR_ADD, 64, v, ir_movi(s->b, (uint64_t)imm));
}

static inline void gen_setflags(DisasContext *s, CCKind k, unsigned sz, IRVal a, IRVal b)
{
    ir_emit(s->b, IR_SETFLAGS, sz, k, a, b, IR_NONE, IR_NONE, 0);
}

#endif
