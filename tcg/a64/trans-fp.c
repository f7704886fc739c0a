/* trans-fp.c: A64 scalar floating point (op0 = x111, bit 30 = 0, bit 28 =
 * 1): the handlers of fp.decode. Moves, selects and immediates are IR; the
 * arithmetic, compares and conversions call the helpers of helper-fp.c,
 * which run the FP core (arm/fpu.h). A scalar result zeroes the rest of its
 * V register. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "tcg/helper-fp.h"
#include "arm/fpu.h"
#include "decode-fields.h"
#include "a64-decode-fp.c.inc"

/* ptype -> element size (FP_S, FP_D, FP_H), -1 for the unallocated 10.
 * ARMv8.0 computes with S and D only. */
static int fp_size(int type)
{
    static const int8_t size[4] = { FP_S, FP_D, -1, FP_H };
    return size[type & 3];
}

static bool sd_type(int type)
{
    return type == 0 || type == 1;
}


/* Vn's low 64 bits (the helpers and masks take the element from them). */
static IRVal read_fp(DisasContext *s, unsigned reg)
{
    return ir_get_v64(s->b, reg, 0);
}

/* Vd := v (already zero above the element), the upper half zeroed. */
static void write_fp(DisasContext *s, unsigned reg, IRVal v)
{
    ir_set_v64(s->b, reg, 0, v);
    ir_set_v64(s->b, reg, 1, ir_movi(s->b, 0));
}

static IRVal gen_mask(DisasContext *s, IRVal v, int size)
{
    return size == FP_D ? v : gen_ext(s, IR_EXTU, 64, v, 8u << size);
}

static IRVal gen_fp1(DisasContext *s, uint64_t desc, IRVal a)
{
    return ir_call_helper(s->b, HELPER_fp_1op, ir_movi(s->b, desc), a);
}

/* ---- 1 source ---- */

static bool trans_FMOV_r(DisasContext *s, arg_fp_rr *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        write_fp(s, a->rd, gen_mask(s, read_fp(s, a->rn), fp_size(a->type)));
    }
    return true;
}

/* FABS, FNEG: the sign bit only (no flags, NaNs too). */
static bool gen_fsign(DisasContext *s, arg_fp_rr *a, IROp op)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        int size = fp_size(a->type);
        uint64_t sign = 1ull << ((8 << size) - 1);
        IRVal v = gen_mask(s, read_fp(s, a->rn), size);
        write_fp(s, a->rd, op == IR_AND ? gen_bini(s, IR_AND, 64, v, ~sign)
                                        : gen_bini(s, IR_XOR, 64, v, sign));
    }
    return true;
}

TRANS(FABS, gen_fsign, a, IR_AND)
TRANS(FNEG, gen_fsign, a, IR_XOR)

static bool trans_FSQRT(DisasContext *s, arg_fp_rr *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        uint64_t desc = FPD_MAKE(FOP1_SQRT, fp_size(a->type), 0, 0, 0, 0, 0);
        write_fp(s, a->rd, gen_fp1(s, desc, read_fp(s, a->rn)));
    }
    return true;
}

static bool trans_FCVT(DisasContext *s, arg_FCVT *a)
{
    int from = fp_size(a->type), to = fp_size(a->opc);

    if (from < 0 || to < 0 || from == to) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        write_fp(s, a->rd, gen_fp1(s, FPD_MAKE(FOP1_CVT, from, to, 0, 0, 0, 0), read_fp(s, a->rn)));
    }
    return true;
}

static bool trans_FRINT(DisasContext *s, arg_FRINT *a)
{
    /* rm: 0 N, 1 P, 2 M, 3 Z, 4 A, 5 -, 6 X, 7 I */
    static const int8_t rmode[8] = { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO, FPR_TIEAWAY,
                                     -1, FPD_RM_FPCR, FPD_RM_FPCR };

    if (!sd_type(a->type) || rmode[a->rm] < 0) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        uint64_t desc = FPD_MAKE(FOP1_RINT, fp_size(a->type), 0, rmode[a->rm], a->rm == 6, 0, 0);
        write_fp(s, a->rd, gen_fp1(s, desc, read_fp(s, a->rn)));
    }
    return true;
}

/* ---- 2 and 3 source ---- */

static bool trans_FP_2src(DisasContext *s, arg_FP_2src *a)
{
    if (!sd_type(a->type) || a->op > FOP2_NMUL) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        /* the four basic operations inline where the host can (IR_VOP's scalar FP forms:
         * the same result and zeroing of Vd, trans-simd.c's fast paths) */
        IRVecOp vop = a->op == FOP2_ADD ? IRV_FADD : a->op == FOP2_SUB ? IRV_FSUB
                    : a->op == FOP2_MUL ? IRV_FMUL : a->op == FOP2_DIV ? IRV_FDIV : IRV_COUNT;
        unsigned esz = (unsigned)fp_size(a->type);
        if (vop != IRV_COUNT && ir_vec_native(vop, esz, ir_vec_host)) {
            ir_vop(s->b, vop, esz, 0, a->rd, a->rn, a->rm, IRV_FP_SCALAR);
            return true;
        }
        uint64_t desc = FPD_MAKE(a->op, fp_size(a->type), 0, 0, 0, 0, 0);
        write_fp(s, a->rd, ir_call_helper(s->b, HELPER_fp_2op, ir_movi(s->b, desc),
                                          read_fp(s, a->rn), read_fp(s, a->rm)));
    }
    return true;
}

/* FMADD: Ra + Rn * Rm; FMSUB negates Rn, FNMADD Ra and Rn, FNMSUB Ra, as
 * separate steps before the fused operation (a negated NaN stays negated). */
static bool trans_FP_3src(DisasContext *s, arg_FP_3src *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        int size = fp_size(a->type);
        uint64_t sign = 1ull << ((8 << size) - 1);
        IRVal n = read_fp(s, a->rn), m = read_fp(s, a->rm), ra = read_fp(s, a->ra);
        if (a->o1) {
            ra = gen_bini(s, IR_XOR, 64, ra, sign);
        }
        if (a->o0 != a->o1) {
            n = gen_bini(s, IR_XOR, 64, n, sign);
        }
        write_fp(s, a->rd, ir_call_helper(s->b, HELPER_fp_muladd, ir_movi(s->b, size), ra, n, m));
    }
    return true;
}

/* ---- compares and selects ---- */

static void gen_fcmp(DisasContext *s, int size, bool signal, unsigned nzcv, IRVal x, IRVal y,
                     IRVal holds)
{
    IRVal r = ir_call_helper(s->b, HELPER_fp_cmp, ir_movi(s->b, FPC_MAKE(size, signal, nzcv)),
                             x, y, holds);
    gen_setflags(s, CC_NZCV, 64, r, ir_movi(s->b, 0));
}

static bool trans_FCMP(DisasContext *s, arg_FCMP *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        gen_fcmp(s, fp_size(a->type), a->e, 0, read_fp(s, a->rn), read_fp(s, a->rm),
                 ir_movi(s->b, 1));
    }
    return true;
}

static bool trans_FCMP_z(DisasContext *s, arg_FCMP_z *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        gen_fcmp(s, fp_size(a->type), a->e, 0, read_fp(s, a->rn), ir_movi(s->b, 0),
                 ir_movi(s->b, 1));
    }
    return true;
}

/* The compare runs (and may raise its flags) only when cond holds. */
static bool trans_FCCMP(DisasContext *s, arg_FCCMP *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        IRVal holds = ir_emit(s->b, IR_TESTCC, 64, a->cond, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
        gen_fcmp(s, fp_size(a->type), a->e, a->nzcv, read_fp(s, a->rn), read_fp(s, a->rm), holds);
    }
    return true;
}

static bool trans_FCSEL(DisasContext *s, arg_FCSEL *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        IRVal v = ir_emit(s->b, IR_SELCC, 64, a->cond, read_fp(s, a->rn), read_fp(s, a->rm),
                          IR_NONE, IR_NONE, 0);
        write_fp(s, a->rd, gen_mask(s, v, fp_size(a->type)));
    }
    return true;
}

static bool trans_FMOV_i(DisasContext *s, arg_FMOV_i *a)
{
    if (!sd_type(a->type)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        write_fp(s, a->rd, ir_movi(s->b, fpu_expand_imm(fp_size(a->type), (uint8_t)a->imm)));
    }
    return true;
}

/* ---- conversions ---- */

/* FCVT*S/U (to_int) or SCVTF/UCVTF from the general register side. */
static void gen_cvt(DisasContext *s, bool to_int, int size, bool sf, bool uns, int rm,
                    unsigned fbits, unsigned rd, unsigned rn)
{
    uint64_t desc = FPD_MAKE(to_int ? FOP1_TOFIX : FOP1_FROMFIX, size, 0, rm, uns, fbits, sf);

    if (to_int) {
        a64_write_x(s, rd, gen_fp1(s, desc, read_fp(s, rn)), sf);
    } else {
        write_fp(s, rd, gen_fp1(s, desc, a64_read_x(s, rn)));
    }
}

/* FMOV between a general register and Sd, Dd or Vd.D[1]. */
static bool gen_fmov_gen(DisasContext *s, arg_FCVT_int *a, bool to_gen)
{
    int half = a->type == 2;

    if (!((!a->sf && a->type == 0 && a->rmode == 0) || (a->sf && a->type == 1 && a->rmode == 0) ||
          (a->sf && a->type == 2 && a->rmode == 1))) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    if (to_gen) {
        a64_write_x(s, a->rd, ir_get_v64(s->b, a->rn, half), a->sf);
    } else if (half) {
        ir_set_v64(s->b, a->rd, 1, a64_read_x(s, a->rn));   /* the low half stays */
    } else {
        IRVal v = a64_read_x(s, a->rn);
        write_fp(s, a->rd, a->sf ? v : gen_ext(s, IR_EXTU, 64, v, 32));
    }
    return true;
}

static bool trans_FCVT_int(DisasContext *s, arg_FCVT_int *a)
{
    static const int8_t rmodes[4] = { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO };

    if (a->op >= 6) {
        return gen_fmov_gen(s, a, a->op == 6);
    }
    if (!sd_type(a->type) || (a->op >= 2 && a->rmode != 0)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    switch (a->op) {
    case 0: case 1:     /* FCVT[NPMZ]S/U */
        gen_cvt(s, true, fp_size(a->type), a->sf, a->op & 1, rmodes[a->rmode], 0, a->rd, a->rn);
        break;
    case 2: case 3:     /* SCVTF, UCVTF */
        gen_cvt(s, false, fp_size(a->type), a->sf, a->op & 1, FPD_RM_FPCR, 0, a->rd, a->rn);
        break;
    default:            /* FCVTAS, FCVTAU */
        gen_cvt(s, true, fp_size(a->type), a->sf, a->op & 1, FPR_TIEAWAY, 0, a->rd, a->rn);
        break;
    }
    return true;
}

static bool trans_FCVT_fixed(DisasContext *s, arg_FCVT_fixed *a)
{
    bool to_int = a->rmode == 3 && a->op <= 1, from_int = a->rmode == 0 && (a->op & 6) == 2;

    if (!sd_type(a->type) || !(to_int || from_int) || (!a->sf && a->scale < 32)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        gen_cvt(s, to_int, fp_size(a->type), a->sf, a->op & 1, to_int ? FPR_ZERO : FPD_RM_FPCR,
                64 - a->scale, a->rd, a->rn);
    }
    return true;
}
