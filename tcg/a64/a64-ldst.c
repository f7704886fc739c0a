/* a64-ldst.c: the A64 loads and stores decoder group (op0 = x1x0): load
 * literal, pairs, single registers in every addressing mode, exclusives and
 * load-acquire/store-release, for the ARMv8.0-A general-purpose registers. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"

/*
 * CONSTRAINED UNPREDICTABLE choices (all as QEMU 7.2 behaves):
 * - load with write-back and Rt == Rn (or Rt2 == Rn): the loaded value is
 *   written first and the write-back last, so Rn ends up with the address;
 * - store with write-back and Rt == Rn: the original Rn is stored;
 * - LDP with Rt == Rt2: Rt2 is written first, so Rt's value (the lower
 *   address) wins; LDXP with Rt == Rt2: Rt2 (the upper word) wins;
 * - STXR/STXP with Rs == Rt/Rt2/Rn: data and address are read before the
 *   status register is written;
 * - SBO fields (Rs, Rt2 of the single-register exclusives and LDAR/STLR)
 *   are ignored.
 */

static inline uint32_t field(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((1u << len) - 1);
}

static inline int64_t sfield(uint32_t insn, unsigned pos, unsigned len)
{
    return (int64_t)((uint64_t)insn << (64 - pos - len)) >> (64 - len);
}

/* Called only when SCTLR_EL1.SA (TB_FLAG_SA) is on and SP is the base; an
 * out-of-line check keeps the block free of labels. */
static uint64_t helper_check_sp_align(CPUARMState *env, uint64_t sp, uint64_t pc,
                                      uint64_t unused)
{
    if (sp & 15) {
        helper_exception(env, EXCP_UDEF, syn_sp_alignment(), pc);
    }
    return 0;
}

static unsigned memop_for(const DisasContext *s, unsigned size)
{
    return size | ((s->tb_flags & TB_FLAG_ALIGN) ? MO_ALIGN : 0);
}

static IRVal gen_ld(DisasContext *s, IRVal addr, unsigned memop)
{
    return ir_emit(s->b, IR_LD, 64, 0, addr, IR_NONE, IR_NONE, IR_NONE, memop);
}

static void gen_st(DisasContext *s, IRVal addr, IRVal val, unsigned memop)
{
    ir_emit(s->b, IR_ST, 64, 0, addr, val, IR_NONE, IR_NONE, memop);
}

static IRVal gen_addi(DisasContext *s, IRVal v, int64_t imm)
{
    if (imm == 0) {
        return v;
    }
    return ir_bin(s->b, IR_ADD, 64, v, ir_movi(s->b, (uint64_t)imm));
}

/* The base register's value; SP (31) is checked for 16-byte alignment when
 * SCTLR.SA asks for it (CheckSPAlignment in the Arm ARM pseudocode). */
static IRVal gen_base(DisasContext *s, unsigned rn)
{
    IRVal base = a64_read_x_sp(s, rn);

    if (rn == 31 && (s->tb_flags & TB_FLAG_SA)) {
        ir_call(s->b, (void *)helper_check_sp_align, CALL_MAY_RAISE | CALL_READS_REGS, 2,
                base, ir_movi(s->b, s->pc), IR_NONE);
    }
    return base;
}

/* What a single-register (size, opc) pair does, shared by every addressing
 * mode of "load/store register". */
typedef enum LdstKind { K_STORE, K_LOAD, K_PREFETCH } LdstKind;

typedef struct LdstOp {
    LdstKind kind;
    unsigned size;      /* log2 bytes accessed */
    bool sign;          /* sign-extending load */
    bool sf;            /* destination is X (else W: zero-extended from 32) */
} LdstOp;

static bool decode_ldst_op(unsigned size, unsigned opc, bool prefetch_ok, LdstOp *op)
{
    op->size = size;
    op->sign = false;
    op->sf = size == 3;
    switch (opc) {
    case 0:
        op->kind = K_STORE;
        return true;
    case 1:
        op->kind = K_LOAD;
        return true;
    case 2:
        if (size == 3) {            /* PRFM / PRFUM */
            op->kind = K_PREFETCH;
            return prefetch_ok;
        }
        op->kind = K_LOAD;          /* LDRSB/LDRSH/LDRSW to X */
        op->sign = true;
        op->sf = true;
        return true;
    default:
        if (size >= 2) {
            return false;
        }
        op->kind = K_LOAD;          /* LDRSB/LDRSH to W */
        op->sign = true;
        op->sf = false;
        return true;
    }
}

static void gen_ldst_access(DisasContext *s, const LdstOp *op, unsigned rt, IRVal addr)
{
    unsigned memop = memop_for(s, op->size);

    if (op->kind == K_STORE) {
        gen_st(s, addr, a64_read_x(s, rt), memop);
    } else {
        IRVal v = gen_ld(s, addr, memop | (op->sign ? MO_SIGN : 0));
        a64_write_x(s, rt, v, op->sf);
    }
}

/* Load register (literal): opc 011 V 00 imm19 Rt. */
static bool disas_ld_lit(DisasContext *s, uint32_t insn)
{
    unsigned opc = field(insn, 30, 2);
    unsigned rt = field(insn, 0, 5);
    uint64_t addr = s->pc + (uint64_t)(sfield(insn, 5, 19) * 4);

    if (field(insn, 26, 1)) {
        return false;               /* SIMD&FP: not implemented yet */
    }
    if (opc == 3) {
        return true;                /* PRFM (literal): a hint, no access */
    }
    /* opc 0 LDR Wt, 1 LDR Xt, 2 LDRSW */
    unsigned memop = memop_for(s, opc == 1 ? MO_64 : MO_32) | (opc == 2 ? MO_SIGN : 0);
    a64_write_x(s, rt, gen_ld(s, ir_movi(s->b, addr), memop), opc != 0);
    return true;
}

/* Load/store pair: opc 101 V 0 idx L imm7 Rt2 Rn Rt; idx 00 non-temporal
 * offset, 01 post-index, 10 offset, 11 pre-index. */
static bool disas_ldst_pair(DisasContext *s, uint32_t insn)
{
    unsigned opc = field(insn, 30, 2);
    unsigned idx = field(insn, 23, 2);
    bool load = field(insn, 22, 1);
    unsigned rt2 = field(insn, 10, 5), rn = field(insn, 5, 5), rt = field(insn, 0, 5);
    bool sign = opc == 1;
    unsigned size = opc == 2 ? 3 : 2;
    int64_t offset;

    if (field(insn, 26, 1) || opc == 3) {
        return false;               /* SIMD&FP, or unallocated */
    }
    if (sign && (!load || idx == 0)) {
        return false;               /* STGP (MTE) / no LDNPSW */
    }
    offset = sfield(insn, 15, 7) * (1 << size);

    bool post = idx == 1, wback = idx == 1 || idx == 3;
    unsigned memop = memop_for(s, size);
    IRVal base = gen_base(s, rn);
    IRVal addr = post ? base : gen_addi(s, base, offset);
    IRVal addr2 = gen_addi(s, addr, 1 << size);

    if (load) {
        /* Both accesses before any register write: a fault on the second
         * leaves the registers untouched. */
        IRVal v1 = gen_ld(s, addr, memop | (sign ? MO_SIGN : 0));
        IRVal v2 = gen_ld(s, addr2, memop | (sign ? MO_SIGN : 0));
        bool sf = size == 3 || sign;
        a64_write_x(s, rt2, v2, sf);
        a64_write_x(s, rt, v1, sf);
    } else {
        IRVal v1 = a64_read_x(s, rt), v2 = a64_read_x(s, rt2);
        gen_st(s, addr, v1, memop);
        gen_st(s, addr2, v2, memop);
    }
    if (wback) {
        a64_write_x_sp(s, rn, post ? gen_addi(s, base, offset) : addr, true);
    }
    return true;
}

/* Load/store register, 9-bit signed immediate: size 111 V 00 opc 0 imm9 idx
 * Rn Rt; idx 00 unscaled (STUR/LDUR/PRFUM), 01 post-index, 10 unprivileged
 * (STTR/LDTR), 11 pre-index. */
static bool disas_ldst_imm9(DisasContext *s, uint32_t insn)
{
    unsigned size = field(insn, 30, 2), opc = field(insn, 22, 2);
    unsigned idx = field(insn, 10, 2);
    unsigned rn = field(insn, 5, 5), rt = field(insn, 0, 5);
    int64_t imm = sfield(insn, 12, 9);
    LdstOp op;

    if (!decode_ldst_op(size, opc, idx == 0, &op)) {
        return false;
    }
    if (op.kind == K_PREFETCH) {
        return true;
    }
    /* The unprivileged forms behave as the normal ones until EL0 and EL1
     * get separate MMU indexes. */
    bool post = idx == 1, wback = idx == 1 || idx == 3;
    IRVal base = gen_base(s, rn);
    IRVal addr = post ? base : gen_addi(s, base, imm);
    gen_ldst_access(s, &op, rt, addr);
    if (wback) {
        a64_write_x_sp(s, rn, post ? gen_addi(s, base, imm) : addr, true);
    }
    return true;
}

/* Load/store register (register offset): size 111 V 00 opc 1 Rm option S 10
 * Rn Rt. */
static bool disas_ldst_roffset(DisasContext *s, uint32_t insn)
{
    unsigned size = field(insn, 30, 2), opc = field(insn, 22, 2);
    unsigned rm = field(insn, 16, 5), option = field(insn, 13, 3);
    bool shift = field(insn, 12, 1);
    unsigned rn = field(insn, 5, 5), rt = field(insn, 0, 5);
    LdstOp op;

    if (!(option & 2)) {
        return false;               /* UXTB/UXTH/SXTB/SXTH: reserved */
    }
    if (!decode_ldst_op(size, opc, true, &op)) {
        return false;
    }
    if (op.kind == K_PREFETCH) {
        return true;
    }
    IRVal base = gen_base(s, rn);
    IRVal off = a64_read_x(s, rm);
    if (option == 2) {              /* UXTW */
        off = ir_emit(s->b, IR_EXTU, 64, 0, off, IR_NONE, IR_NONE, IR_NONE, 32);
    } else if (option == 6) {       /* SXTW */
        off = ir_emit(s->b, IR_EXTS, 64, 0, off, IR_NONE, IR_NONE, IR_NONE, 32);
    }                               /* 3 LSL/UXTX, 7 SXTX: the whole X */
    if (shift && size) {
        off = ir_bin(s->b, IR_SHL, 64, off, ir_movi(s->b, size));
    }
    gen_ldst_access(s, &op, rt, ir_bin(s->b, IR_ADD, 64, base, off));
    return true;
}

/* Load/store register (unsigned immediate): size 111 V 01 opc imm12 Rn Rt. */
static bool disas_ldst_uimm(DisasContext *s, uint32_t insn)
{
    unsigned size = field(insn, 30, 2), opc = field(insn, 22, 2);
    unsigned rn = field(insn, 5, 5), rt = field(insn, 0, 5);
    int64_t imm = (int64_t)field(insn, 10, 12) << size;
    LdstOp op;

    if (!decode_ldst_op(size, opc, true, &op)) {
        return false;
    }
    if (op.kind == K_PREFETCH) {
        return true;
    }
    gen_ldst_access(s, &op, rt, gen_addi(s, gen_base(s, rn), imm));
    return true;
}

/* The value of Wt/Xt narrowed to the access size, for the exclusive helpers
 * (which compare what they store against the monitor's copy). */
static IRVal read_data(DisasContext *s, unsigned rt, unsigned size)
{
    IRVal v = a64_read_x(s, rt);
    if (size < 3 && rt != 31) {
        v = ir_emit(s->b, IR_EXTU, 64, 0, v, IR_NONE, IR_NONE, IR_NONE, 8u << size);
    }
    return v;
}

/* Load/store exclusive, load-acquire/store-release: size 001000 o2 L o1 Rs
 * o0 Rt2 Rn Rt. */
static bool disas_ldst_excl(DisasContext *s, uint32_t insn)
{
    unsigned size = field(insn, 30, 2);
    bool o2 = field(insn, 23, 1), load = field(insn, 22, 1), o1 = field(insn, 21, 1);
    bool o0 = field(insn, 15, 1);
    unsigned rs = field(insn, 16, 5), rt2 = field(insn, 10, 5);
    unsigned rn = field(insn, 5, 5), rt = field(insn, 0, 5);
    const unsigned flags = CALL_MAY_RAISE | CALL_READS_REGS;
    IRBlock *b = s->b;

    if (o2) {
        /* o1 = 1: CAS* (v8.1); o0 = 0: LDLAR/STLLR (v8.1 LOR). */
        if (o1 || !o0) {
            return false;
        }
        /* LDAR/STLR: single-copy atomic, an unaligned address faults. */
        unsigned memop = size | MO_ALIGN | MO_ACQ;
        IRVal addr = gen_base(s, rn);
        if (load) {
            a64_write_x(s, rt, gen_ld(s, addr, memop), size == 3);
        } else {
            gen_st(s, addr, a64_read_x(s, rt), memop);
        }
        return true;
    }

    /* Acquire/release ordering is a no-op on an x86 host; MO_ACQ records it. */
    unsigned memop = size | MO_ALIGN | (o0 ? MO_ACQ : 0);
    if (!o1) {
        IRVal addr = gen_base(s, rn);
        if (load) {                 /* LDXR*, LDAXR* */
            IRVal v = ir_call(b, (void *)helper_ldxr, flags, 2, addr, ir_movi(b, memop), IR_NONE);
            a64_write_x(s, rt, v, size == 3);
        } else {                    /* STXR*, STLXR* */
            IRVal v = read_data(s, rt, size);
            IRVal st = ir_call(b, (void *)helper_stxr, flags, 3, addr, v, ir_movi(b, memop));
            a64_write_x(s, rs, st, false);
        }
        return true;
    }

    if (size < 2) {
        return false;               /* CASP (v8.1) */
    }
    IRVal addr = gen_base(s, rn);
    if (load) {                     /* LDXP, LDAXP */
        IRVal lo = ir_call(b, (void *)helper_ldxp, flags, 2, addr, ir_movi(b, memop), IR_NONE);
        IRVal hi = ir_call(b, (void *)helper_ldxp_hi, flags, 0, IR_NONE, IR_NONE, IR_NONE);
        a64_write_x(s, rt, lo, size == 3);
        a64_write_x(s, rt2, hi, size == 3);
    } else {                        /* STXP, STLXP */
        IRVal lo = read_data(s, rt, size), hi = read_data(s, rt2, size);
        ir_call(b, (void *)helper_stxp_hi, flags, 1, hi, IR_NONE, IR_NONE);
        IRVal st = ir_call(b, (void *)helper_stxp, flags, 3, addr, lo, ir_movi(b, memop));
        a64_write_x(s, rs, st, false);
    }
    return true;
}

bool a64_disas_ldst(DisasContext *s, uint32_t insn)
{
    /* bits 29..24: 27 and 25 select the group, 26 is V (SIMD&FP). */
    switch (field(insn, 24, 6)) {
    case 0x08:
        return disas_ldst_excl(s, insn);
    case 0x18: case 0x1c:
        return disas_ld_lit(s, insn);
    case 0x28: case 0x29: case 0x2c: case 0x2d:
        return disas_ldst_pair(s, insn);
    case 0x38:
        if (!field(insn, 21, 1)) {
            return disas_ldst_imm9(s, insn);
        }
        if (field(insn, 10, 2) == 2) {
            return disas_ldst_roffset(s, insn);
        }
        return false;               /* atomics (v8.1), LDRAA/LDRAB (v8.3) */
    case 0x39:
        return disas_ldst_uimm(s, insn);
    default:
        /* SIMD&FP registers and structures, RCPC, MTE: not implemented */
        return false;
    }
}
