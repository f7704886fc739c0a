/* trans-simd.c: the AdvSIMD instructions, integer and floating point, and
 * the crypto extension (op0 = x111 but for the scalar FP space): the
 * handlers of simd.decode. Each checks what the bits cannot say (element
 * sizes, Q), then the FP/SIMD access (CPACR_EL1.FPEN), and emits one call of
 * its family's helper (tcg/helper-simd.c, tcg/helper-simdfp.c,
 * tcg/helper-crypto.c) with a constant descriptor (include/tcg/simd.h)
 * naming the registers and the operation. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "tcg/simd.h"
#include "tcg/helper-fp.h"
#include "arm/fpu.h"
#include "decode-fields.h"
#include "a64-decode-simd.c.inc"

/* Element sizes an instruction allows, by log2 bytes. */
enum { SZ_B = 1, SZ_H = 2, SZ_S = 4, SZ_D = 8, SZ_BH = 3, SZ_HS = 6, SZ_BHS = 7, SZ_BHSD = 15,
       SZ_BD = 9 };
/* The kinds of shift by immediate (how immh:immb gives the element and the amount). */
enum { SK_RIGHT, SK_LEFT, SK_NARROW, SK_LONG };

#define GEN_SIMD(helper, desc) ir_call_helper(s->b, HELPER_##helper, ir_movi(s->b, (desc)))

/* The inline form (IR_VOP, SSE code in the backend) where the host runs it; false: the
 * caller emits its helper call. q = 0 for the scalar D forms (one element, the top zeroed). */
static bool gen_vop(DisasContext *s, IRVecOp op, unsigned esz, unsigned q, unsigned d, unsigned n,
                    unsigned m, unsigned sh)
{
    if (!ir_vec_native(op, esz, ir_vec_host)) {
        return false;
    }
    ir_vop(s->b, op, esz, q, d, n, m, sh);
    return true;
}

/* The S3_* operations IR_VOP has, else IRV_COUNT. */
static IRVecOp vop_of_3same(unsigned op)
{
    switch (op) {
    case S3_ADD: return IRV_ADD;
    case S3_SUB: return IRV_SUB;
    case S3_AND: return IRV_AND;
    case S3_BIC: return IRV_BIC;
    case S3_ORR: return IRV_ORR;
    case S3_ORN: return IRV_ORN;
    case S3_EOR: return IRV_EOR;
    case S3_CMEQ: return IRV_CMEQ;
    case S3_CMGT: return IRV_CMGT;
    case S3_CMGE: return IRV_CMGE;
    case S3_CMHI: return IRV_CMHI;
    case S3_CMHS: return IRV_CMHS;
    case S3_CMTST: return IRV_CMTST;
    case S3_SMIN: return IRV_SMIN;
    case S3_SMAX: return IRV_SMAX;
    case S3_UMIN: return IRV_UMIN;
    case S3_UMAX: return IRV_UMAX;
    default: return IRV_COUNT;
    }
}

static bool size_ok(unsigned sizes, unsigned esz)
{
    return (sizes >> esz) & 1;
}

/* ---- copies ---------------------------------------------------------------- */

/* imm5's element size (its lowest set bit) and index; false when reserved. */
static bool imm5_elem(unsigned imm5, unsigned *esz, unsigned *index)
{
    if (!(imm5 & 0xf)) {
        return false;
    }
    *esz = (unsigned)__builtin_ctz(imm5);
    *index = imm5 >> (*esz + 1);
    return true;
}

static bool trans_DUP_elem(DisasContext *s, arg_DUP_elem *a)
{
    unsigned esz, idx;

    if (!imm5_elem(a->imm5, &esz, &idx) || (esz == 3 && !a->q)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_perm, simd_desc(SP_DUP_ELEM, a->rd, a->rn, 0, esz, a->q, 0, idx));
    return true;
}

static bool trans_DUP_s(DisasContext *s, arg_DUP_s *a)
{
    unsigned esz, idx;

    if (!imm5_elem(a->imm5, &esz, &idx)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_perm, simd_desc(SP_DUP_ELEM, a->rd, a->rn, 0, esz, 0, 1, idx));
    return true;
}

static bool trans_DUP_gen(DisasContext *s, arg_DUP_gen *a)
{
    unsigned esz, idx;

    if (!imm5_elem(a->imm5, &esz, &idx) || (esz == 3 && !a->q)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    /* inline: the element replicated over 64 bits by a multiply, written to one or both
     * halves (Q = 0 zeroes the top) */
    static const uint64_t rep[3] = { 0x0101010101010101ull, 0x0001000100010001ull,
                                     0x0000000100000001ull };
    IRVal v = a64_read_x(s, a->rn);
    if (esz < 3) {
        v = ir_emit(s->b, IR_EXTU, 64, 0, v, IR_NONE, IR_NONE, IR_NONE, 8u << esz);
        v = ir_bin(s->b, IR_MUL, 64, v, ir_movi(s->b, rep[esz]));
    }
    ir_set_v64(s->b, a->rd, 0, v);
    ir_set_v64(s->b, a->rd, 1, a->q ? v : ir_movi(s->b, 0));
    return true;
}

static bool trans_INS_gen(DisasContext *s, arg_INS_gen *a)
{
    unsigned esz, idx;

    if (!imm5_elem(a->imm5, &esz, &idx)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    /* inline: the element deposited into its 64-bit half (GET_V64, DEPOSIT, SET_V64) */
    unsigned bits = 8u << esz, pos = idx * bits;
    IRVal v = a64_read_x(s, a->rn);
    if (bits < 64) {
        v = ir_emit(s->b, IR_DEPOSIT, 64, 0, ir_get_v64(s->b, a->rd, pos / 64), v, IR_NONE, IR_NONE,
                    (pos % 64) | bits << 8);
    }
    ir_set_v64(s->b, a->rd, pos / 64, v);
    return true;
}

static bool gen_mov_to_x(DisasContext *s, arg_cpy *a, bool sgn)
{
    unsigned esz, idx;

    if (!imm5_elem(a->imm5, &esz, &idx)) {
        return false;
    }
    /* UMOV: W for B/H/S, X for D; SMOV: W for B/H, X for B/H/S. */
    if (sgn ? (esz >= 2u + a->q) : (a->q ? esz != 3 : esz == 3)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    /* the element from its 64-bit half: GET_V64, then extract (UMOV) or its sign (SMOV) */
    unsigned bits = 8u << esz, pos = idx * bits;
    IRVal v = ir_get_v64(s->b, a->rn, pos / 64);
    if (bits < 64) {
        v = ir_emit(s->b, sgn ? IR_EXTS : IR_EXTU, 64, 0,
                    pos % 64 ? ir_bin(s->b, IR_SHR, 64, v, ir_movi(s->b, pos % 64)) : v,
                    IR_NONE, IR_NONE, IR_NONE, bits);
    }
    a64_write_x(s, a->rd, v, a->q);
    return true;
}

TRANS(UMOV, gen_mov_to_x, a, false)
TRANS(SMOV, gen_mov_to_x, a, true)

static bool trans_INS_elem(DisasContext *s, arg_INS_elem *a)
{
    unsigned esz, idx;

    if (!imm5_elem(a->imm5, &esz, &idx)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_perm, simd_desc_imm2(simd_desc(SP_INS_ELEM, a->rd, a->rn, 0, esz, 1, 0, idx),
                                       a->imm4 >> esz));
    return true;
}

/* ---- permutes, EXT, TBL ------------------------------------------------------ */

static bool gen_perm(DisasContext *s, arg_v3 *a, unsigned op)
{
    if (a->size == 3 && !a->q) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_perm, simd_desc(op, a->rd, a->rn, a->rm, a->size, a->q, 0, 0));
    return true;
}

TRANS(UZP1, gen_perm, a, SP_UZP1)
TRANS(UZP2, gen_perm, a, SP_UZP2)
TRANS(TRN1, gen_perm, a, SP_TRN1)
TRANS(TRN2, gen_perm, a, SP_TRN2)
TRANS(ZIP1, gen_perm, a, SP_ZIP1)
TRANS(ZIP2, gen_perm, a, SP_ZIP2)

static bool trans_EXT(DisasContext *s, arg_EXT *a)
{
    if (!a->q && a->imm >= 8) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    if (gen_vop(s, IRV_EXT, 0, a->q, a->rd, a->rn, a->rm, a->imm)) {
        return true;
    }
    GEN_SIMD(simd_perm, simd_desc(SP_EXT, a->rd, a->rn, a->rm, 0, a->q, 0, a->imm));
    return true;
}

static bool gen_tbl(DisasContext *s, arg_tbl *a, unsigned op)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_perm, simd_desc(op, a->rd, a->rn, a->rm, 0, a->q, 0, a->len + 1));
    return true;
}

TRANS(TBL, gen_tbl, a, SP_TBL)
TRANS(TBX, gen_tbl, a, SP_TBX)

static bool gen_rev(DisasContext *s, arg_v2 *a, unsigned op, unsigned sizes, bool scalar)
{
    if (!size_ok(sizes, a->size)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    unsigned container = op == SP_REV16 ? 1 : op == SP_REV32 ? 2 : 3;
    if (!gen_vop(s, IRV_REV, a->size, a->q, a->rd, a->rn, 0, container)) {
        GEN_SIMD(simd_perm, simd_desc(op, a->rd, a->rn, 0, a->size, a->q, 0, 0));
    }
    return true;
}

/* ---- modified immediate ------------------------------------------------------ */

/* AdvSIMDExpandImm: the 64-bit pattern of op, cmode and imm8. */
static uint64_t expand_imm(unsigned op, unsigned cmode, unsigned imm8)
{
    uint64_t imm = imm8;

    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:
        imm <<= 8 * (cmode >> 1);
        return imm | imm << 32;
    case 4: case 5:
        imm <<= 8 * ((cmode >> 1) & 1);
        return imm * 0x0001000100010001ull;
    case 6:
        imm = cmode & 1 ? (imm << 16) | 0xffff : (imm << 8) | 0xff;
        return imm | imm << 32;
    default:
        if (!(cmode & 1)) {
            if (!op) {
                return imm * 0x0101010101010101ull;
            }
            uint64_t r = 0;
            for (unsigned i = 0; i < 8; i++) {
                r |= (imm8 >> i & 1) ? 0xffull << (8 * i) : 0;
            }
            return r;
        }
        if (!op) {  /* FMOV single: a:NOT(b):bbbbb:cdefgh:Zeros(19) */
            uint32_t f = (imm8 & 0x80) << 24 | ((imm8 & 0x40) ? 0x3e000000u : 0x40000000u) |
                         (imm8 & 0x3f) << 19;
            return (uint64_t)f | (uint64_t)f << 32;
        }
        /* FMOV double: a:NOT(b):bbbbbbbb:cdefgh:Zeros(48) */
        return (uint64_t)(imm8 & 0x80) << 56 |
               ((imm8 & 0x40) ? 0x3fc0000000000000ull : 0x4000000000000000ull) |
               (uint64_t)(imm8 & 0x3f) << 48;
    }
}

static bool trans_MOVI(DisasContext *s, arg_MOVI *a)
{
    unsigned cmode = a->cmode, op = SM_MOV;
    uint64_t imm;

    if (cmode == 0xf && a->op && !a->q) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    imm = expand_imm(a->op, cmode, a->imm);
    if ((cmode & 1) && (cmode >> 2) != 3) {
        op = a->op ? SM_BIC : SM_ORR;
    } else if (a->op && cmode < 0xe) {
        imm = ~imm;     /* MVNI */
    }
    ir_call_helper(s->b, HELPER_simd_movi, ir_movi(s->b, simd_desc(op, a->rd, 0, 0, 3, a->q, 0, 0)),
                   ir_movi(s->b, imm));
    return true;
}

/* ---- shifts by immediate ------------------------------------------------------ */

static bool gen_shift(DisasContext *s, arg_vsh *a, unsigned op, unsigned kind, bool scalar)
{
    unsigned immh = a->immhb >> 3, esz, sh, part = 0;

    if (!immh) {
        return false;
    }
    esz = 31 - (unsigned)__builtin_clz(immh);
    switch (kind) {
    case SK_RIGHT:
        if (scalar ? esz != 3 : (esz == 3 && !a->q)) {
            return false;
        }
        sh = (16u << esz) - a->immhb;
        break;
    case SK_LEFT:
        if (scalar ? ((op == SS_SHL || op == SS_SLI) && esz != 3) : (esz == 3 && !a->q)) {
            return false;
        }
        sh = a->immhb - (8u << esz);
        break;
    default:    /* narrowing and long: esz is the narrow element */
        if (esz == 3) {
            return false;
        }
        sh = kind == SK_NARROW ? (16u << esz) - a->immhb : a->immhb - (8u << esz);
        part = a->q;
        break;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVecOp vop = op == SS_SHL ? IRV_SHL : op == SS_USHR ? IRV_USHR : op == SS_SSHR ? IRV_SSHR : IRV_COUNT;
    if (vop != IRV_COUNT && gen_vop(s, vop, esz, scalar ? 0 : a->q, a->rd, a->rn, 0, sh)) {
        return true;
    }
    GEN_SIMD(simd_shift, simd_desc_imm2(simd_desc(op, a->rd, a->rn, 0, esz, a->q, scalar, sh), part));
    return true;
}

/* ---- three same, three different ---------------------------------------------- */

static bool gen_3same(DisasContext *s, arg_v3 *a, unsigned op, unsigned sizes, bool scalar)
{
    if (!size_ok(sizes, a->size) || (!scalar && a->size == 3 && !a->q)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVecOp vop = vop_of_3same(op);
    if (vop != IRV_COUNT && gen_vop(s, vop, a->size, scalar ? 0 : a->q, a->rd, a->rn, a->rm, 0)) {
        return true;
    }
    GEN_SIMD(simd_3same, simd_desc(op, a->rd, a->rn, a->rm, a->size, a->q, scalar, 0));
    return true;
}

static bool gen_logic(DisasContext *s, arg_v3 *a, unsigned op)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    if (gen_vop(s, vop_of_3same(op), 3, a->q, a->rd, a->rn, a->rm, 0)) {
        return true;
    }
    GEN_SIMD(simd_3same, simd_desc(op, a->rd, a->rn, a->rm, 3, a->q, 0, 0));
    return true;
}

static bool gen_3diff(DisasContext *s, arg_v3 *a, unsigned op, unsigned sizes, bool scalar)
{
    if (!size_ok(sizes, a->size)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_3diff, simd_desc(op, a->rd, a->rn, a->rm, a->size, 0, scalar, scalar ? 0 : a->q));
    return true;
}

static bool trans_ADDP_s(DisasContext *s, arg_ADDP_s *a)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_across, simd_desc(SA_ADDV, a->rd, a->rn, 0, 3, 1, 0, 0));
    return true;
}

/* ---- two-register misc, across lanes ---------------------------------------------- */

static bool gen_2misc(DisasContext *s, arg_v2 *a, unsigned op, unsigned sizes, bool scalar)
{
    if (!size_ok(sizes, a->size) || (!scalar && a->size == 3 && !a->q)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVecOp vop = op == S2_UADDLP ? IRV_UADDLP : op == S2_UADALP ? IRV_UADALP : IRV_COUNT;
    if (!scalar && vop != IRV_COUNT && gen_vop(s, vop, a->size, a->q, a->rd, a->rn, 0, 0)) {
        return true;
    }
    GEN_SIMD(simd_2misc, simd_desc(op, a->rd, a->rn, 0, a->size, a->q, scalar, 0));
    return true;
}

/* XTN, SQXTN, UQXTN, SQXTUN, SHLL: size is the narrow element; Q the "2" form. */
static bool gen_2misc_narrow(DisasContext *s, arg_v2 *a, unsigned op, unsigned sizes, bool scalar)
{
    if (!size_ok(sizes, a->size)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_2misc, simd_desc(op, a->rd, a->rn, 0, a->size, 0, scalar, scalar ? 0 : a->q));
    return true;
}

static bool gen_across(DisasContext *s, arg_v2 *a, unsigned op)
{
    if (a->size == 3 || (a->size == 2 && !a->q)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVecOp vop = op == SA_UMAXV ? IRV_UMAXV : op == SA_UMINV ? IRV_UMINV : IRV_COUNT;
    if (vop != IRV_COUNT && gen_vop(s, vop, a->size, a->q, a->rd, a->rn, 0, 0)) {
        return true;
    }
    GEN_SIMD(simd_across, simd_desc(op, a->rd, a->rn, 0, a->size, a->q, 0, 0));
    return true;
}

/* ---- by element ------------------------------------------------------------------ */

static bool gen_elem(DisasContext *s, arg_velem *a, unsigned op, bool lng, bool scalar)
{
    unsigned idx, rm;

    if (a->size == 1) {
        idx = a->h << 2 | a->l << 1 | a->m;
        rm = a->rm;
    } else if (a->size == 2) {
        idx = a->h << 1 | a->l;
        rm = a->m << 4 | a->rm;
    } else {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    GEN_SIMD(simd_elem, simd_desc_imm2(simd_desc(op, a->rd, a->rn, rm, a->size, a->q, scalar, idx),
                                       lng ? SE_LONG | (scalar ? 0 : a->q) : 0));
    return true;
}

/* ---- crypto --------------------------------------------------------------------- */

static bool gen_crypto(DisasContext *s, arg_cr *a, unsigned op)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    static const IRVecOp vop[SC_COUNT] = {
        [SC_AESE] = IRV_AESE, [SC_AESD] = IRV_AESD, [SC_AESMC] = IRV_AESMC, [SC_AESIMC] = IRV_AESIMC,
        [SC_SHA256H] = IRV_SHA256H, [SC_SHA256H2] = IRV_SHA256H2, [SC_SHA256SU0] = IRV_SHA256SU0,
        [SC_SHA256SU1] = IRV_SHA256SU1,
    };
    if (!vop[op] || !gen_vop(s, vop[op], 2, 1, a->rd, a->rn, a->rm, 0)) {   /* IRV_ADD (0): none */
        GEN_SIMD(crypto, simd_desc(op, a->rd, a->rn, a->rm, 2, 1, 0, 0));
    }
    return true;
}

TRANS(AESE, gen_crypto, a, SC_AESE)
TRANS(AESD, gen_crypto, a, SC_AESD)
TRANS(AESMC, gen_crypto, a, SC_AESMC)
TRANS(AESIMC, gen_crypto, a, SC_AESIMC)
TRANS(SHA1C, gen_crypto, a, SC_SHA1C)
TRANS(SHA1P, gen_crypto, a, SC_SHA1P)
TRANS(SHA1M, gen_crypto, a, SC_SHA1M)
TRANS(SHA1SU0, gen_crypto, a, SC_SHA1SU0)
TRANS(SHA1H, gen_crypto, a, SC_SHA1H)
TRANS(SHA1SU1, gen_crypto, a, SC_SHA1SU1)
TRANS(SHA256H, gen_crypto, a, SC_SHA256H)
TRANS(SHA256H2, gen_crypto, a, SC_SHA256H2)
TRANS(SHA256SU0, gen_crypto, a, SC_SHA256SU0)
TRANS(SHA256SU1, gen_crypto, a, SC_SHA256SU1)

/* ---- floating point ---------------------------------------------------------------
 * The FP forms name the element by sz (0 single, 1 double; half precision
 * is ARMv8.2's); the helpers take the scalar FP operations (helper-fp.h). */

#define FP_ESZ(sz) ((sz) ? FP_D : FP_S)

/* A vector of doubles needs Q = 1. */
static bool fp_vec_ok(unsigned sz, unsigned q, bool scalar)
{
    return scalar || !sz || q;
}

/* The inline FP form of an fp3 operation (IR_VOP FADD..FMLS) where there is one. */
static bool gen_vfop(DisasContext *s, unsigned fop, unsigned form, unsigned sz, unsigned q,
                     bool scalar, unsigned d, unsigned n, unsigned m, unsigned elem_sh)
{
    IRVecOp op = form == SF3_MLA ? IRV_FMLA : form == SF3_MLS ? IRV_FMLS
               : form != SF3_LANES ? IRV_COUNT
               : fop == FOP2_ADD ? IRV_FADD : fop == FOP2_SUB ? IRV_FSUB
               : fop == FOP2_MUL ? IRV_FMUL : fop == FOP2_DIV ? IRV_FDIV : IRV_COUNT;

    return op != IRV_COUNT &&
           gen_vop(s, op, FP_ESZ(sz), scalar ? 0 : q, d, n, m, (scalar ? IRV_FP_SCALAR : 0) | elem_sh);
}

static bool gen_fp3(DisasContext *s, arg_vf *a, unsigned fop, unsigned form, bool scalar)
{
    if (!fp_vec_ok(a->sz, a->q, scalar)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    if (gen_vfop(s, fop, form, a->sz, a->q, scalar, a->rd, a->rn, a->rm, 0)) {
        return true;
    }
    uint64_t desc = simd_desc(form, a->rd, a->rn, a->rm, FP_ESZ(a->sz), a->q, scalar, 0);
    ir_call_helper(s->b, HELPER_simd_fp3, ir_movi(s->b, desc), ir_movi(s->b, fop));
    return true;
}

static void emit_fp2(DisasContext *s, unsigned rd, unsigned rn, unsigned esz, unsigned q,
                     bool scalar, unsigned part, uint64_t fpd)
{
    ir_call_helper(s->b, HELPER_simd_fp2,
                   ir_movi(s->b, simd_desc(0, rd, rn, 0, esz, q, scalar, part)), ir_movi(s->b, fpd));
}

/* One FOP1_* per lane: rm the rounding (FPD_RM_FPCR: FPCR's), flag FRINTX's
 * exactness or a conversion's unsignedness; the integers are the lanes' size. */
static bool gen_fp2(DisasContext *s, arg_vf2 *a, unsigned op, unsigned rm, bool flag, bool scalar)
{
    if (!fp_vec_ok(a->sz, a->q, scalar) || ((op == FOP1_URECPE || op == FOP1_URSQRTE) && a->sz)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        emit_fp2(s, a->rd, a->rn, FP_ESZ(a->sz), a->q, scalar, 0,
                 FPD_MAKE(op, FP_ESZ(a->sz), 0, rm, flag, 0, a->sz));
    }
    return true;
}

/* FCVTN, FCVTXN (narrow: sz the source's, 1 double) and FCVTL (widen: sz the
 * result's, 1 double); Q selects the "2" form's half. */
static bool gen_fcvt_nl(DisasContext *s, arg_vf2 *a, bool widen, bool odd, bool scalar)
{
    unsigned wide = a->sz ? FP_D : FP_S, narrow = a->sz ? FP_S : FP_H;

    if (odd && !a->sz) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        uint64_t fpd = odd ? FPD_MAKE(FOP1_CVTODD, FP_D, FP_S, 0, 0, 0, 0)
                     : widen ? FPD_MAKE(FOP1_CVT, narrow, wide, 0, 0, 0, 0)
                             : FPD_MAKE(FOP1_CVT, wide, narrow, 0, 0, 0, 0);
        emit_fp2(s, a->rd, a->rn, widen ? wide : narrow, 0, scalar, scalar ? 0 : a->q, fpd);
    }
    return true;
}

/* FCVTZS, FCVTZU, SCVTF, UCVTF with fbits: immh gives the element (01xx
 * single, 1xxx double; 001x is ARMv8.2's half), fbits = 2 * esize - immh:immb. */
static bool gen_fcvt_fixed(DisasContext *s, arg_vsh *a, bool to_int, bool uns, bool scalar)
{
    unsigned immh = a->immhb >> 3, esz = immh & 8 ? FP_D : FP_S;

    if (immh < 4 || !fp_vec_ok(esz == FP_D, a->q, scalar)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        unsigned fbits = (16u << esz) - a->immhb;
        emit_fp2(s, a->rd, a->rn, esz, a->q, scalar, 0,
                 FPD_MAKE(to_int ? FOP1_TOFIX : FOP1_FROMFIX, esz, 0,
                          to_int ? FPR_ZERO : FPD_RM_FPCR, uns, fbits, esz == FP_D));
    }
    return true;
}

/* FMAXV...: 4S only on ARMv8.0; the scalar pairwise ones: the two lanes of
 * a 2S (sz = 0) or 2D Vn. */
static bool gen_fpred(DisasContext *s, arg_vf2 *a, unsigned fop, bool pair)
{
    if (!pair && (a->sz || !a->q)) {
        return false;
    }
    if (a64_fp_access_check(s)) {
        uint64_t desc = simd_desc(0, a->rd, a->rn, 0, FP_ESZ(a->sz), pair ? a->sz : 1, 0, 0);
        ir_call_helper(s->b, HELPER_simd_fpred, ir_movi(s->b, desc), ir_movi(s->b, fop));
    }
    return true;
}

/* By element: the index is H:L for singles, H for doubles (L = 1
 * unallocated); Rm is M:Rm. */
static bool gen_fp_elem(DisasContext *s, arg_vfe *a, unsigned fop, unsigned form, bool scalar)
{
    unsigned idx = a->sz ? a->h : (a->h << 1 | a->l);

    if ((a->sz && a->l) || !fp_vec_ok(a->sz, a->q, scalar)) {
        return false;
    }
    if (a64_fp_access_check(s) &&
        !gen_vfop(s, fop, form, a->sz, a->q, scalar, a->rd, a->rn, a->m << 4 | a->rm, IRV_FP_ELEM | idx)) {
        uint64_t desc = simd_desc(form, a->rd, a->rn, a->m << 4 | a->rm, FP_ESZ(a->sz), a->q,
                                  scalar, idx);
        ir_call_helper(s->b, HELPER_simd_fp3, ir_movi(s->b, simd_desc_imm2(desc, SF_ELEM)),
                       ir_movi(s->b, fop));
    }
    return true;
}

TRANS(FMAXNM_v, gen_fp3, a, FOP2_MAXNM, SF3_LANES, false)
TRANS(FMLA_v, gen_fp3, a, 0, SF3_MLA, false)
TRANS(FADD_v, gen_fp3, a, FOP2_ADD, SF3_LANES, false)
TRANS(FMULX_v, gen_fp3, a, FOP2_MULX, SF3_LANES, false)
TRANS(FCMEQ_v, gen_fp3, a, FOP2_CMEQ, SF3_LANES, false)
TRANS(FMAX_v, gen_fp3, a, FOP2_MAX, SF3_LANES, false)
TRANS(FRECPS_v, gen_fp3, a, FOP2_RECPS, SF3_LANES, false)
TRANS(FMINNM_v, gen_fp3, a, FOP2_MINNM, SF3_LANES, false)
TRANS(FMLS_v, gen_fp3, a, 0, SF3_MLS, false)
TRANS(FSUB_v, gen_fp3, a, FOP2_SUB, SF3_LANES, false)
TRANS(FMIN_v, gen_fp3, a, FOP2_MIN, SF3_LANES, false)
TRANS(FRSQRTS_v, gen_fp3, a, FOP2_RSQRTS, SF3_LANES, false)
TRANS(FMAXNMP_v, gen_fp3, a, FOP2_MAXNM, SF3_PAIR, false)
TRANS(FADDP_v, gen_fp3, a, FOP2_ADD, SF3_PAIR, false)
TRANS(FMUL_v, gen_fp3, a, FOP2_MUL, SF3_LANES, false)
TRANS(FCMGE_v, gen_fp3, a, FOP2_CMGE, SF3_LANES, false)
TRANS(FACGE_v, gen_fp3, a, FOP2_ACGE, SF3_LANES, false)
TRANS(FMAXP_v, gen_fp3, a, FOP2_MAX, SF3_PAIR, false)
TRANS(FDIV_v, gen_fp3, a, FOP2_DIV, SF3_LANES, false)
TRANS(FMINNMP_v, gen_fp3, a, FOP2_MINNM, SF3_PAIR, false)
TRANS(FABD_v, gen_fp3, a, FOP2_ABD, SF3_LANES, false)
TRANS(FCMGT_v, gen_fp3, a, FOP2_CMGT, SF3_LANES, false)
TRANS(FACGT_v, gen_fp3, a, FOP2_ACGT, SF3_LANES, false)
TRANS(FMINP_v, gen_fp3, a, FOP2_MIN, SF3_PAIR, false)
TRANS(FMULX_s, gen_fp3, a, FOP2_MULX, SF3_LANES, true)
TRANS(FCMEQ_s, gen_fp3, a, FOP2_CMEQ, SF3_LANES, true)
TRANS(FRECPS_s, gen_fp3, a, FOP2_RECPS, SF3_LANES, true)
TRANS(FRSQRTS_s, gen_fp3, a, FOP2_RSQRTS, SF3_LANES, true)
TRANS(FCMGE_s, gen_fp3, a, FOP2_CMGE, SF3_LANES, true)
TRANS(FACGE_s, gen_fp3, a, FOP2_ACGE, SF3_LANES, true)
TRANS(FABD_s, gen_fp3, a, FOP2_ABD, SF3_LANES, true)
TRANS(FCMGT_s, gen_fp3, a, FOP2_CMGT, SF3_LANES, true)
TRANS(FACGT_s, gen_fp3, a, FOP2_ACGT, SF3_LANES, true)

TRANS(FCVTN_v, gen_fcvt_nl, a, false, false, false)
TRANS(FCVTL_v, gen_fcvt_nl, a, true, false, false)
TRANS(FCVTXN_v, gen_fcvt_nl, a, false, true, false)
TRANS(FCVTXN_s, gen_fcvt_nl, a, false, true, true)
TRANS(FRINTN_v, gen_fp2, a, FOP1_RINT, FPR_TIEEVEN, false, false)
TRANS(FRINTM_v, gen_fp2, a, FOP1_RINT, FPR_NEGINF, false, false)
TRANS(FRINTP_v, gen_fp2, a, FOP1_RINT, FPR_POSINF, false, false)
TRANS(FRINTZ_v, gen_fp2, a, FOP1_RINT, FPR_ZERO, false, false)
TRANS(FRINTA_v, gen_fp2, a, FOP1_RINT, FPR_TIEAWAY, false, false)
TRANS(FRINTX_v, gen_fp2, a, FOP1_RINT, FPD_RM_FPCR, true, false)
TRANS(FRINTI_v, gen_fp2, a, FOP1_RINT, FPD_RM_FPCR, false, false)
TRANS(FCVTNS_v, gen_fp2, a, FOP1_TOFIX, FPR_TIEEVEN, false, false)
TRANS(FCVTMS_v, gen_fp2, a, FOP1_TOFIX, FPR_NEGINF, false, false)
TRANS(FCVTAS_v, gen_fp2, a, FOP1_TOFIX, FPR_TIEAWAY, false, false)
TRANS(FCVTPS_v, gen_fp2, a, FOP1_TOFIX, FPR_POSINF, false, false)
TRANS(FCVTZS_v, gen_fp2, a, FOP1_TOFIX, FPR_ZERO, false, false)
TRANS(FCVTNU_v, gen_fp2, a, FOP1_TOFIX, FPR_TIEEVEN, true, false)
TRANS(FCVTMU_v, gen_fp2, a, FOP1_TOFIX, FPR_NEGINF, true, false)
TRANS(FCVTAU_v, gen_fp2, a, FOP1_TOFIX, FPR_TIEAWAY, true, false)
TRANS(FCVTPU_v, gen_fp2, a, FOP1_TOFIX, FPR_POSINF, true, false)
TRANS(FCVTZU_v, gen_fp2, a, FOP1_TOFIX, FPR_ZERO, true, false)
TRANS(SCVTF_v, gen_fp2, a, FOP1_FROMFIX, FPD_RM_FPCR, false, false)
TRANS(UCVTF_v, gen_fp2, a, FOP1_FROMFIX, FPD_RM_FPCR, true, false)
TRANS(FCMGT0_v, gen_fp2, a, FOP1_CMGT0, 0, false, false)
TRANS(FCMEQ0_v, gen_fp2, a, FOP1_CMEQ0, 0, false, false)
TRANS(FCMLT0_v, gen_fp2, a, FOP1_CMLT0, 0, false, false)
TRANS(FCMGE0_v, gen_fp2, a, FOP1_CMGE0, 0, false, false)
TRANS(FCMLE0_v, gen_fp2, a, FOP1_CMLE0, 0, false, false)
TRANS(FABS_v, gen_fp2, a, FOP1_ABS, 0, false, false)
TRANS(FNEG_v, gen_fp2, a, FOP1_NEG, 0, false, false)
TRANS(FSQRT_v, gen_fp2, a, FOP1_SQRT, 0, false, false)
TRANS(URECPE_v, gen_fp2, a, FOP1_URECPE, 0, false, false)
TRANS(URSQRTE_v, gen_fp2, a, FOP1_URSQRTE, 0, false, false)
TRANS(FRECPE_v, gen_fp2, a, FOP1_RECPE, 0, false, false)
TRANS(FRSQRTE_v, gen_fp2, a, FOP1_RSQRTE, 0, false, false)
TRANS(FCVTNS_s, gen_fp2, a, FOP1_TOFIX, FPR_TIEEVEN, false, true)
TRANS(FCVTMS_s, gen_fp2, a, FOP1_TOFIX, FPR_NEGINF, false, true)
TRANS(FCVTAS_s, gen_fp2, a, FOP1_TOFIX, FPR_TIEAWAY, false, true)
TRANS(FCVTPS_s, gen_fp2, a, FOP1_TOFIX, FPR_POSINF, false, true)
TRANS(FCVTZS_s, gen_fp2, a, FOP1_TOFIX, FPR_ZERO, false, true)
TRANS(FCVTNU_s, gen_fp2, a, FOP1_TOFIX, FPR_TIEEVEN, true, true)
TRANS(FCVTMU_s, gen_fp2, a, FOP1_TOFIX, FPR_NEGINF, true, true)
TRANS(FCVTAU_s, gen_fp2, a, FOP1_TOFIX, FPR_TIEAWAY, true, true)
TRANS(FCVTPU_s, gen_fp2, a, FOP1_TOFIX, FPR_POSINF, true, true)
TRANS(FCVTZU_s, gen_fp2, a, FOP1_TOFIX, FPR_ZERO, true, true)
TRANS(SCVTF_s, gen_fp2, a, FOP1_FROMFIX, FPD_RM_FPCR, false, true)
TRANS(UCVTF_s, gen_fp2, a, FOP1_FROMFIX, FPD_RM_FPCR, true, true)
TRANS(FCMGT0_s, gen_fp2, a, FOP1_CMGT0, 0, false, true)
TRANS(FCMEQ0_s, gen_fp2, a, FOP1_CMEQ0, 0, false, true)
TRANS(FCMLT0_s, gen_fp2, a, FOP1_CMLT0, 0, false, true)
TRANS(FCMGE0_s, gen_fp2, a, FOP1_CMGE0, 0, false, true)
TRANS(FCMLE0_s, gen_fp2, a, FOP1_CMLE0, 0, false, true)
TRANS(FRECPE_s, gen_fp2, a, FOP1_RECPE, 0, false, true)
TRANS(FRSQRTE_s, gen_fp2, a, FOP1_RSQRTE, 0, false, true)
TRANS(FRECPX_s, gen_fp2, a, FOP1_RECPX, 0, false, true)

TRANS(SCVTF_vi, gen_fcvt_fixed, a, false, false, false)
TRANS(UCVTF_vi, gen_fcvt_fixed, a, false, true, false)
TRANS(FCVTZS_vi, gen_fcvt_fixed, a, true, false, false)
TRANS(FCVTZU_vi, gen_fcvt_fixed, a, true, true, false)
TRANS(SCVTF_si, gen_fcvt_fixed, a, false, false, true)
TRANS(UCVTF_si, gen_fcvt_fixed, a, false, true, true)
TRANS(FCVTZS_si, gen_fcvt_fixed, a, true, false, true)
TRANS(FCVTZU_si, gen_fcvt_fixed, a, true, true, true)

TRANS(FMAXNMV, gen_fpred, a, FOP2_MAXNM, false)
TRANS(FMAXV, gen_fpred, a, FOP2_MAX, false)
TRANS(FMINNMV, gen_fpred, a, FOP2_MINNM, false)
TRANS(FMINV, gen_fpred, a, FOP2_MIN, false)
TRANS(FMAXNMP_s, gen_fpred, a, FOP2_MAXNM, true)
TRANS(FADDP_s, gen_fpred, a, FOP2_ADD, true)
TRANS(FMAXP_s, gen_fpred, a, FOP2_MAX, true)
TRANS(FMINNMP_s, gen_fpred, a, FOP2_MINNM, true)
TRANS(FMINP_s, gen_fpred, a, FOP2_MIN, true)

TRANS(FMLA_ve, gen_fp_elem, a, 0, SF3_MLA, false)
TRANS(FMLS_ve, gen_fp_elem, a, 0, SF3_MLS, false)
TRANS(FMUL_ve, gen_fp_elem, a, FOP2_MUL, SF3_LANES, false)
TRANS(FMULX_ve, gen_fp_elem, a, FOP2_MULX, SF3_LANES, false)
TRANS(FMLA_se, gen_fp_elem, a, 0, SF3_MLA, true)
TRANS(FMLS_se, gen_fp_elem, a, 0, SF3_MLS, true)
TRANS(FMUL_se, gen_fp_elem, a, FOP2_MUL, SF3_LANES, true)
TRANS(FMULX_se, gen_fp_elem, a, FOP2_MULX, SF3_LANES, true)

/* ---- the instructions ------------------------------------------------------------- */

TRANS(SSHR_vi, gen_shift, a, SS_SSHR, SK_RIGHT, false)
TRANS(USHR_vi, gen_shift, a, SS_USHR, SK_RIGHT, false)
TRANS(SSRA_vi, gen_shift, a, SS_SSRA, SK_RIGHT, false)
TRANS(USRA_vi, gen_shift, a, SS_USRA, SK_RIGHT, false)
TRANS(SRSHR_vi, gen_shift, a, SS_SRSHR, SK_RIGHT, false)
TRANS(URSHR_vi, gen_shift, a, SS_URSHR, SK_RIGHT, false)
TRANS(SRSRA_vi, gen_shift, a, SS_SRSRA, SK_RIGHT, false)
TRANS(URSRA_vi, gen_shift, a, SS_URSRA, SK_RIGHT, false)
TRANS(SRI_vi, gen_shift, a, SS_SRI, SK_RIGHT, false)
TRANS(SHL_vi, gen_shift, a, SS_SHL, SK_LEFT, false)
TRANS(SLI_vi, gen_shift, a, SS_SLI, SK_LEFT, false)
TRANS(SQSHLU_vi, gen_shift, a, SS_SQSHLU, SK_LEFT, false)
TRANS(SQSHL_vi, gen_shift, a, SS_SQSHL, SK_LEFT, false)
TRANS(UQSHL_vi, gen_shift, a, SS_UQSHL, SK_LEFT, false)
TRANS(SHRN_vi, gen_shift, a, SS_SHRN, SK_NARROW, false)
TRANS(SQSHRUN_vi, gen_shift, a, SS_SQSHRUN, SK_NARROW, false)
TRANS(RSHRN_vi, gen_shift, a, SS_RSHRN, SK_NARROW, false)
TRANS(SQRSHRUN_vi, gen_shift, a, SS_SQRSHRUN, SK_NARROW, false)
TRANS(SQSHRN_vi, gen_shift, a, SS_SQSHRN, SK_NARROW, false)
TRANS(UQSHRN_vi, gen_shift, a, SS_UQSHRN, SK_NARROW, false)
TRANS(SQRSHRN_vi, gen_shift, a, SS_SQRSHRN, SK_NARROW, false)
TRANS(UQRSHRN_vi, gen_shift, a, SS_UQRSHRN, SK_NARROW, false)
TRANS(SSHLL_vi, gen_shift, a, SS_SSHLL, SK_LONG, false)
TRANS(USHLL_vi, gen_shift, a, SS_USHLL, SK_LONG, false)
TRANS(SSHR_si, gen_shift, a, SS_SSHR, SK_RIGHT, true)
TRANS(USHR_si, gen_shift, a, SS_USHR, SK_RIGHT, true)
TRANS(SSRA_si, gen_shift, a, SS_SSRA, SK_RIGHT, true)
TRANS(USRA_si, gen_shift, a, SS_USRA, SK_RIGHT, true)
TRANS(SRSHR_si, gen_shift, a, SS_SRSHR, SK_RIGHT, true)
TRANS(URSHR_si, gen_shift, a, SS_URSHR, SK_RIGHT, true)
TRANS(SRSRA_si, gen_shift, a, SS_SRSRA, SK_RIGHT, true)
TRANS(URSRA_si, gen_shift, a, SS_URSRA, SK_RIGHT, true)
TRANS(SRI_si, gen_shift, a, SS_SRI, SK_RIGHT, true)
TRANS(SHL_si, gen_shift, a, SS_SHL, SK_LEFT, true)
TRANS(SLI_si, gen_shift, a, SS_SLI, SK_LEFT, true)
TRANS(SQSHLU_si, gen_shift, a, SS_SQSHLU, SK_LEFT, true)
TRANS(SQSHL_si, gen_shift, a, SS_SQSHL, SK_LEFT, true)
TRANS(UQSHL_si, gen_shift, a, SS_UQSHL, SK_LEFT, true)
TRANS(SQSHRUN_si, gen_shift, a, SS_SQSHRUN, SK_NARROW, true)
TRANS(SQRSHRUN_si, gen_shift, a, SS_SQRSHRUN, SK_NARROW, true)
TRANS(SQSHRN_si, gen_shift, a, SS_SQSHRN, SK_NARROW, true)
TRANS(UQSHRN_si, gen_shift, a, SS_UQSHRN, SK_NARROW, true)
TRANS(SQRSHRN_si, gen_shift, a, SS_SQRSHRN, SK_NARROW, true)
TRANS(UQRSHRN_si, gen_shift, a, SS_UQRSHRN, SK_NARROW, true)
TRANS(SHADD_v, gen_3same, a, S3_SHADD, SZ_BHS, false)
TRANS(UHADD_v, gen_3same, a, S3_UHADD, SZ_BHS, false)
TRANS(SQADD_v, gen_3same, a, S3_SQADD, SZ_BHSD, false)
TRANS(UQADD_v, gen_3same, a, S3_UQADD, SZ_BHSD, false)
TRANS(SRHADD_v, gen_3same, a, S3_SRHADD, SZ_BHS, false)
TRANS(URHADD_v, gen_3same, a, S3_URHADD, SZ_BHS, false)
TRANS(SHSUB_v, gen_3same, a, S3_SHSUB, SZ_BHS, false)
TRANS(UHSUB_v, gen_3same, a, S3_UHSUB, SZ_BHS, false)
TRANS(SQSUB_v, gen_3same, a, S3_SQSUB, SZ_BHSD, false)
TRANS(UQSUB_v, gen_3same, a, S3_UQSUB, SZ_BHSD, false)
TRANS(CMGT_v, gen_3same, a, S3_CMGT, SZ_BHSD, false)
TRANS(CMHI_v, gen_3same, a, S3_CMHI, SZ_BHSD, false)
TRANS(CMGE_v, gen_3same, a, S3_CMGE, SZ_BHSD, false)
TRANS(CMHS_v, gen_3same, a, S3_CMHS, SZ_BHSD, false)
TRANS(SSHL_v, gen_3same, a, S3_SSHL, SZ_BHSD, false)
TRANS(USHL_v, gen_3same, a, S3_USHL, SZ_BHSD, false)
TRANS(SQSHL_v, gen_3same, a, S3_SQSHL, SZ_BHSD, false)
TRANS(UQSHL_v, gen_3same, a, S3_UQSHL, SZ_BHSD, false)
TRANS(SRSHL_v, gen_3same, a, S3_SRSHL, SZ_BHSD, false)
TRANS(URSHL_v, gen_3same, a, S3_URSHL, SZ_BHSD, false)
TRANS(SQRSHL_v, gen_3same, a, S3_SQRSHL, SZ_BHSD, false)
TRANS(UQRSHL_v, gen_3same, a, S3_UQRSHL, SZ_BHSD, false)
TRANS(SMAX_v, gen_3same, a, S3_SMAX, SZ_BHS, false)
TRANS(UMAX_v, gen_3same, a, S3_UMAX, SZ_BHS, false)
TRANS(SMIN_v, gen_3same, a, S3_SMIN, SZ_BHS, false)
TRANS(UMIN_v, gen_3same, a, S3_UMIN, SZ_BHS, false)
TRANS(SABD_v, gen_3same, a, S3_SABD, SZ_BHS, false)
TRANS(UABD_v, gen_3same, a, S3_UABD, SZ_BHS, false)
TRANS(SABA_v, gen_3same, a, S3_SABA, SZ_BHS, false)
TRANS(UABA_v, gen_3same, a, S3_UABA, SZ_BHS, false)
TRANS(ADD_v, gen_3same, a, S3_ADD, SZ_BHSD, false)
TRANS(SUB_v, gen_3same, a, S3_SUB, SZ_BHSD, false)
TRANS(CMTST_v, gen_3same, a, S3_CMTST, SZ_BHSD, false)
TRANS(CMEQ_v, gen_3same, a, S3_CMEQ, SZ_BHSD, false)
TRANS(MLA_v, gen_3same, a, S3_MLA, SZ_BHS, false)
TRANS(MLS_v, gen_3same, a, S3_MLS, SZ_BHS, false)
TRANS(MUL_v, gen_3same, a, S3_MUL, SZ_BHS, false)
TRANS(PMUL_v, gen_3same, a, S3_PMUL, SZ_B, false)
TRANS(SMAXP_v, gen_3same, a, S3_SMAXP, SZ_BHS, false)
TRANS(UMAXP_v, gen_3same, a, S3_UMAXP, SZ_BHS, false)
TRANS(SMINP_v, gen_3same, a, S3_SMINP, SZ_BHS, false)
TRANS(UMINP_v, gen_3same, a, S3_UMINP, SZ_BHS, false)
TRANS(SQDMULH_v, gen_3same, a, S3_SQDMULH, SZ_HS, false)
TRANS(SQRDMULH_v, gen_3same, a, S3_SQRDMULH, SZ_HS, false)
TRANS(ADDP_v, gen_3same, a, S3_ADDP, SZ_BHSD, false)
TRANS(AND_v, gen_logic, a, S3_AND)
TRANS(BIC_v, gen_logic, a, S3_BIC)
TRANS(ORR_v, gen_logic, a, S3_ORR)
TRANS(ORN_v, gen_logic, a, S3_ORN)
TRANS(EOR_v, gen_logic, a, S3_EOR)
TRANS(BSL_v, gen_logic, a, S3_BSL)
TRANS(BIT_v, gen_logic, a, S3_BIT)
TRANS(BIF_v, gen_logic, a, S3_BIF)
TRANS(SQADD_s, gen_3same, a, S3_SQADD, SZ_BHSD, true)
TRANS(UQADD_s, gen_3same, a, S3_UQADD, SZ_BHSD, true)
TRANS(SQSUB_s, gen_3same, a, S3_SQSUB, SZ_BHSD, true)
TRANS(UQSUB_s, gen_3same, a, S3_UQSUB, SZ_BHSD, true)
TRANS(CMGT_s, gen_3same, a, S3_CMGT, SZ_D, true)
TRANS(CMHI_s, gen_3same, a, S3_CMHI, SZ_D, true)
TRANS(CMGE_s, gen_3same, a, S3_CMGE, SZ_D, true)
TRANS(CMHS_s, gen_3same, a, S3_CMHS, SZ_D, true)
TRANS(SSHL_s, gen_3same, a, S3_SSHL, SZ_D, true)
TRANS(USHL_s, gen_3same, a, S3_USHL, SZ_D, true)
TRANS(SQSHL_s, gen_3same, a, S3_SQSHL, SZ_BHSD, true)
TRANS(UQSHL_s, gen_3same, a, S3_UQSHL, SZ_BHSD, true)
TRANS(SRSHL_s, gen_3same, a, S3_SRSHL, SZ_D, true)
TRANS(URSHL_s, gen_3same, a, S3_URSHL, SZ_D, true)
TRANS(SQRSHL_s, gen_3same, a, S3_SQRSHL, SZ_BHSD, true)
TRANS(UQRSHL_s, gen_3same, a, S3_UQRSHL, SZ_BHSD, true)
TRANS(ADD_s, gen_3same, a, S3_ADD, SZ_D, true)
TRANS(SUB_s, gen_3same, a, S3_SUB, SZ_D, true)
TRANS(CMTST_s, gen_3same, a, S3_CMTST, SZ_D, true)
TRANS(CMEQ_s, gen_3same, a, S3_CMEQ, SZ_D, true)
TRANS(SQDMULH_s, gen_3same, a, S3_SQDMULH, SZ_HS, true)
TRANS(SQRDMULH_s, gen_3same, a, S3_SQRDMULH, SZ_HS, true)
TRANS(SADDL_v, gen_3diff, a, SL_SADDL, SZ_BHS, false)
TRANS(UADDL_v, gen_3diff, a, SL_UADDL, SZ_BHS, false)
TRANS(SADDW_v, gen_3diff, a, SL_SADDW, SZ_BHS, false)
TRANS(UADDW_v, gen_3diff, a, SL_UADDW, SZ_BHS, false)
TRANS(SSUBL_v, gen_3diff, a, SL_SSUBL, SZ_BHS, false)
TRANS(USUBL_v, gen_3diff, a, SL_USUBL, SZ_BHS, false)
TRANS(SSUBW_v, gen_3diff, a, SL_SSUBW, SZ_BHS, false)
TRANS(USUBW_v, gen_3diff, a, SL_USUBW, SZ_BHS, false)
TRANS(ADDHN_v, gen_3diff, a, SL_ADDHN, SZ_BHS, false)
TRANS(RADDHN_v, gen_3diff, a, SL_RADDHN, SZ_BHS, false)
TRANS(SABAL_v, gen_3diff, a, SL_SABAL, SZ_BHS, false)
TRANS(UABAL_v, gen_3diff, a, SL_UABAL, SZ_BHS, false)
TRANS(SUBHN_v, gen_3diff, a, SL_SUBHN, SZ_BHS, false)
TRANS(RSUBHN_v, gen_3diff, a, SL_RSUBHN, SZ_BHS, false)
TRANS(SABDL_v, gen_3diff, a, SL_SABDL, SZ_BHS, false)
TRANS(UABDL_v, gen_3diff, a, SL_UABDL, SZ_BHS, false)
TRANS(SMLAL_v, gen_3diff, a, SL_SMLAL, SZ_BHS, false)
TRANS(UMLAL_v, gen_3diff, a, SL_UMLAL, SZ_BHS, false)
TRANS(SQDMLAL_v, gen_3diff, a, SL_SQDMLAL, SZ_HS, false)
TRANS(SMLSL_v, gen_3diff, a, SL_SMLSL, SZ_BHS, false)
TRANS(UMLSL_v, gen_3diff, a, SL_UMLSL, SZ_BHS, false)
TRANS(SQDMLSL_v, gen_3diff, a, SL_SQDMLSL, SZ_HS, false)
TRANS(SMULL_v, gen_3diff, a, SL_SMULL, SZ_BHS, false)
TRANS(UMULL_v, gen_3diff, a, SL_UMULL, SZ_BHS, false)
TRANS(SQDMULL_v, gen_3diff, a, SL_SQDMULL, SZ_HS, false)
TRANS(PMULL_v, gen_3diff, a, SL_PMULL, SZ_BD, false)
TRANS(SQDMLAL_s, gen_3diff, a, SL_SQDMLAL, SZ_HS, true)
TRANS(SQDMLSL_s, gen_3diff, a, SL_SQDMLSL, SZ_HS, true)
TRANS(SQDMULL_s, gen_3diff, a, SL_SQDMULL, SZ_HS, true)
TRANS(REV64_v, gen_rev, a, SP_REV64, SZ_BHS, false)
TRANS(REV32_v, gen_rev, a, SP_REV32, SZ_BH, false)
TRANS(REV16_v, gen_rev, a, SP_REV16, SZ_B, false)
TRANS(SADDLP_v, gen_2misc, a, S2_SADDLP, SZ_BHS, false)
TRANS(UADDLP_v, gen_2misc, a, S2_UADDLP, SZ_BHS, false)
TRANS(SUQADD_v, gen_2misc, a, S2_SUQADD, SZ_BHSD, false)
TRANS(USQADD_v, gen_2misc, a, S2_USQADD, SZ_BHSD, false)
TRANS(CLS_v, gen_2misc, a, S2_CLS, SZ_BHS, false)
TRANS(CLZ_v, gen_2misc, a, S2_CLZ, SZ_BHS, false)
TRANS(CNT_v, gen_2misc, a, S2_CNT, SZ_B, false)
TRANS(SADALP_v, gen_2misc, a, S2_SADALP, SZ_BHS, false)
TRANS(UADALP_v, gen_2misc, a, S2_UADALP, SZ_BHS, false)
TRANS(SQABS_v, gen_2misc, a, S2_SQABS, SZ_BHSD, false)
TRANS(SQNEG_v, gen_2misc, a, S2_SQNEG, SZ_BHSD, false)
TRANS(CMGT0_v, gen_2misc, a, S2_CMGT0, SZ_BHSD, false)
TRANS(CMGE0_v, gen_2misc, a, S2_CMGE0, SZ_BHSD, false)
TRANS(CMEQ0_v, gen_2misc, a, S2_CMEQ0, SZ_BHSD, false)
TRANS(CMLE0_v, gen_2misc, a, S2_CMLE0, SZ_BHSD, false)
TRANS(CMLT0_v, gen_2misc, a, S2_CMLT0, SZ_BHSD, false)
TRANS(ABS_v, gen_2misc, a, S2_ABS, SZ_BHSD, false)
TRANS(NEG_v, gen_2misc, a, S2_NEG, SZ_BHSD, false)
TRANS(XTN_v, gen_2misc_narrow, a, S2_XTN, SZ_BHS, false)
TRANS(SQXTUN_v, gen_2misc_narrow, a, S2_SQXTUN, SZ_BHS, false)
TRANS(SHLL_v, gen_2misc_narrow, a, S2_SHLL, SZ_BHS, false)
TRANS(SQXTN_v, gen_2misc_narrow, a, S2_SQXTN, SZ_BHS, false)
TRANS(UQXTN_v, gen_2misc_narrow, a, S2_UQXTN, SZ_BHS, false)
TRANS(NOT_v, gen_2misc, a, S2_NOT, SZ_B, false)
TRANS(RBIT_v, gen_2misc, a, S2_RBIT, SZ_B, false)
TRANS(SUQADD_s, gen_2misc, a, S2_SUQADD, SZ_BHSD, true)
TRANS(USQADD_s, gen_2misc, a, S2_USQADD, SZ_BHSD, true)
TRANS(SQABS_s, gen_2misc, a, S2_SQABS, SZ_BHSD, true)
TRANS(SQNEG_s, gen_2misc, a, S2_SQNEG, SZ_BHSD, true)
TRANS(CMGT0_s, gen_2misc, a, S2_CMGT0, SZ_D, true)
TRANS(CMGE0_s, gen_2misc, a, S2_CMGE0, SZ_D, true)
TRANS(CMEQ0_s, gen_2misc, a, S2_CMEQ0, SZ_D, true)
TRANS(CMLE0_s, gen_2misc, a, S2_CMLE0, SZ_D, true)
TRANS(CMLT0_s, gen_2misc, a, S2_CMLT0, SZ_D, true)
TRANS(ABS_s, gen_2misc, a, S2_ABS, SZ_D, true)
TRANS(NEG_s, gen_2misc, a, S2_NEG, SZ_D, true)
TRANS(SQXTUN_s, gen_2misc_narrow, a, S2_SQXTUN, SZ_BHS, true)
TRANS(SQXTN_s, gen_2misc_narrow, a, S2_SQXTN, SZ_BHS, true)
TRANS(UQXTN_s, gen_2misc_narrow, a, S2_UQXTN, SZ_BHS, true)
TRANS(SADDLV, gen_across, a, SA_SADDLV)
TRANS(UADDLV, gen_across, a, SA_UADDLV)
TRANS(SMAXV, gen_across, a, SA_SMAXV)
TRANS(UMAXV, gen_across, a, SA_UMAXV)
TRANS(SMINV, gen_across, a, SA_SMINV)
TRANS(UMINV, gen_across, a, SA_UMINV)
TRANS(ADDV, gen_across, a, SA_ADDV)
TRANS(MLA_ve, gen_elem, a, S3_MLA, 0, false)
TRANS(MLS_ve, gen_elem, a, S3_MLS, 0, false)
TRANS(MUL_ve, gen_elem, a, S3_MUL, 0, false)
TRANS(SMLAL_ve, gen_elem, a, SL_SMLAL, 1, false)
TRANS(UMLAL_ve, gen_elem, a, SL_UMLAL, 1, false)
TRANS(SQDMLAL_ve, gen_elem, a, SL_SQDMLAL, 1, false)
TRANS(SMLSL_ve, gen_elem, a, SL_SMLSL, 1, false)
TRANS(UMLSL_ve, gen_elem, a, SL_UMLSL, 1, false)
TRANS(SQDMLSL_ve, gen_elem, a, SL_SQDMLSL, 1, false)
TRANS(SMULL_ve, gen_elem, a, SL_SMULL, 1, false)
TRANS(UMULL_ve, gen_elem, a, SL_UMULL, 1, false)
TRANS(SQDMULL_ve, gen_elem, a, SL_SQDMULL, 1, false)
TRANS(SQDMULH_ve, gen_elem, a, S3_SQDMULH, 0, false)
TRANS(SQRDMULH_ve, gen_elem, a, S3_SQRDMULH, 0, false)
TRANS(SQDMLAL_se, gen_elem, a, SL_SQDMLAL, 1, true)
TRANS(SQDMLSL_se, gen_elem, a, SL_SQDMLSL, 1, true)
TRANS(SQDMULL_se, gen_elem, a, SL_SQDMULL, 1, true)
TRANS(SQDMULH_se, gen_elem, a, S3_SQDMULH, 0, true)
TRANS(SQRDMULH_se, gen_elem, a, S3_SQRDMULH, 0, true)
