/* trans-dp-reg.c: A64 "Data Processing -- Register" (op0 = x101), the
 * ARMv8.0-A base integer instructions: the handlers of dp-reg.decode. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "decode-fields.h"
#include "a64-decode-dp-reg.c.inc"

/* Rm shifted by a constant (the shifted-register forms); amount < sz. */
static IRVal gen_shifted_rm(DisasContext *s, arg_shifted *a, unsigned sz)
{
    static const IROp ops[4] = { IR_SHL, IR_SHR, IR_SAR, IR_ROR };
    IRVal v = a64_read_x(s, a->rm);

    return a->imm ? gen_bini(s, ops[a->shift], sz, v, a->imm) : v;
}

static bool gen_logic_r(DisasContext *s, arg_shifted *a, IROp op, bool setf)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal x = a64_read_x(s, a->rn);
    IRVal r = gen_bin(s, op, sz, x, gen_shifted_rm(s, a, sz));

    if (setf) {
        gen_setflags(s, CC_LOGIC, sz, r, ir_movi(s->b, 0));
    }
    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

TRANS(AND_r, gen_logic_r, a, IR_AND, false)
TRANS(BIC_r, gen_logic_r, a, IR_ANDN, false)
TRANS(ORR_r, gen_logic_r, a, IR_OR, false)
TRANS(ORN_r, gen_logic_r, a, IR_ORN, false)
TRANS(EOR_r, gen_logic_r, a, IR_XOR, false)
TRANS(EON_r, gen_logic_r, a, IR_XNOR, false)
TRANS(ANDS_r, gen_logic_r, a, IR_AND, true)
TRANS(BICS_r, gen_logic_r, a, IR_ANDN, true)

static bool gen_addsub_r(DisasContext *s, arg_shifted *a, bool sub, bool setf)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal x = a64_read_x(s, a->rn);

    a64_write_x(s, a->rd, gen_addsub(s, sub, setf, sz, x, gen_shifted_rm(s, a, sz)), a->sf);
    return true;
}

TRANS(ADD_r, gen_addsub_r, a, false, false)
TRANS(ADDS_r, gen_addsub_r, a, false, true)
TRANS(SUB_r, gen_addsub_r, a, true, false)
TRANS(SUBS_r, gen_addsub_r, a, true, true)

static bool gen_addsub_ext(DisasContext *s, arg_addsub_ext *a, bool sub, bool setf)
{
    unsigned sz = a->sf ? 64 : 32;
    unsigned width = 8u << (a->option & 3);
    IRVal x = a64_read_x_sp(s, a->rn);
    IRVal y = a64_read_x(s, a->rm);

    if (width < sz) {
        y = gen_ext(s, (a->option & 4) ? IR_EXTS : IR_EXTU, sz, y, width);
    }
    if (a->imm) {
        y = gen_bini(s, IR_SHL, sz, y, a->imm);
    }
    a64_write_x_sp_or_zr(s, a->rd, gen_addsub(s, sub, setf, sz, x, y), a->sf, setf);
    return true;
}

TRANS(ADD_ext, gen_addsub_ext, a, false, false)
TRANS(ADDS_ext, gen_addsub_ext, a, false, true)
TRANS(SUB_ext, gen_addsub_ext, a, true, false)
TRANS(SUBS_ext, gen_addsub_ext, a, true, true)

/* ADC, ADCS, SBC, SBCS: SBC is Rn + NOT(Rm) + C. The carry-in makes the
 * lazy ADD/SUB kinds unusable, so S computes NZCV here. */
static bool gen_adc(DisasContext *s, arg_rrr *a, bool sub, bool setf)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal x = a64_read_x(s, a->rn), y = a64_read_x(s, a->rm), c, t, r;

    if (sub) {
        y = gen_un(s, IR_NOT, sz, y);
    }
    c = ir_emit(s->b, IR_TESTCC, 64, ARM_CS, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    t = gen_bin(s, IR_ADD, sz, x, y);
    r = gen_bin(s, IR_ADD, sz, t, c);
    if (setf) {
        IRBlock *bl = s->b;
        IRVal zero = ir_movi(bl, 0);
        IRVal c1 = ir_emit(bl, IR_SETCOND, sz, IRC_LTU, t, x, IR_NONE, IR_NONE, 0);
        IRVal c2 = ir_emit(bl, IR_SETCOND, sz, IRC_LTU, r, t, IR_NONE, IR_NONE, 0);
        IRVal cf = gen_bin(s, IR_OR, 64, c1, c2);
        IRVal nf = gen_bini(s, IR_SHR, sz, r, sz - 1);
        IRVal zf = ir_emit(bl, IR_SETCOND, sz, IRC_EQ, r, zero, IR_NONE, IR_NONE, 0);
        IRVal vx = gen_bin(s, IR_AND, sz, gen_bin(s, IR_XOR, sz, x, r),
                           gen_bin(s, IR_XOR, sz, y, r));
        IRVal vf = gen_bini(s, IR_SHR, sz, vx, sz - 1);
        IRVal nzcv = gen_bin(s, IR_OR, 64,
                             gen_bin(s, IR_OR, 64, gen_bini(s, IR_SHL, 64, nf, 31),
                                     gen_bini(s, IR_SHL, 64, zf, 30)),
                             gen_bin(s, IR_OR, 64, gen_bini(s, IR_SHL, 64, cf, 29),
                                     gen_bini(s, IR_SHL, 64, vf, 28)));
        gen_setflags(s, CC_NZCV, 64, nzcv, zero);
    }
    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

TRANS(ADC, gen_adc, a, false, false)
TRANS(ADCS, gen_adc, a, false, true)
TRANS(SBC, gen_adc, a, true, false)
TRANS(SBCS, gen_adc, a, true, true)

/* CCMN, CCMP (register and immediate): the flags of the compare if cond
 * holds, else #nzcv; cond AL and NV always compare. */
static bool gen_ccmp(DisasContext *s, int sf, int rn, int rm, bool is_imm, int cond, int nzcv,
                     bool sub)
{
    unsigned sz = sf ? 64 : 32;
    IRBlock *bl = s->b;
    IRVal x = a64_read_x(s, rn);
    IRVal y = is_imm ? ir_movi(bl, rm) : a64_read_x(s, rm), t, v, r;

    if (cond >= ARM_AL) {
        gen_setflags(s, sub ? CC_SUB : CC_ADD, sz, x, y);
        return true;
    }
    t = ir_emit(bl, IR_TESTCC, 64, cond, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    gen_setflags(s, sub ? CC_SUB : CC_ADD, sz, x, y);
    v = ir_emit(bl, IR_GETNZCV, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    r = ir_emit(bl, IR_MOVCOND, 64, IRC_NE, t, ir_movi(bl, 0), v,
                ir_movi(bl, (uint64_t)nzcv << 28), 0);
    gen_setflags(s, CC_NZCV, 64, r, ir_movi(bl, 0));
    return true;
}

TRANS(CCMN_r, gen_ccmp, a->sf, a->rn, a->rm, false, a->cond, a->nzcv, false)
TRANS(CCMN_i, gen_ccmp, a->sf, a->rn, a->imm, true, a->cond, a->nzcv, false)
TRANS(CCMP_r, gen_ccmp, a->sf, a->rn, a->rm, false, a->cond, a->nzcv, true)
TRANS(CCMP_i, gen_ccmp, a->sf, a->rn, a->imm, true, a->cond, a->nzcv, true)

/* Rd = cond ? Rn : op(Rm), op one of IR_NOP (none), IR_ADD (+1), IR_NOT, IR_NEG. */
static bool gen_csel(DisasContext *s, arg_csel *a, IROp op)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal x = a64_read_x(s, a->rn), y = a64_read_x(s, a->rm);

    if (op == IR_ADD) {
        y = gen_bini(s, IR_ADD, sz, y, 1);
    } else if (op != IR_NOP) {
        y = gen_un(s, op, sz, y);
    }
    a64_write_x(s, a->rd, ir_emit(s->b, IR_SELCC, sz, a->cond, x, y, IR_NONE, IR_NONE, 0), a->sf);
    return true;
}

TRANS(CSEL, gen_csel, a, IR_NOP)
TRANS(CSINC, gen_csel, a, IR_ADD)
TRANS(CSINV, gen_csel, a, IR_NOT)
TRANS(CSNEG, gen_csel, a, IR_NEG)

/* ---- 1 source ---- */

static bool gen_un_rr(DisasContext *s, arg_rr *a, IROp op)
{
    a64_write_x(s, a->rd, gen_un(s, op, a->sf ? 64 : 32, a64_read_x(s, a->rn)), a->sf);
    return true;
}

TRANS(RBIT, gen_un_rr, a, IR_RBIT)
TRANS(REV, gen_un_rr, a, IR_BSWAP)
TRANS(CLZ, gen_un_rr, a, IR_CLZ)

/* Bytes swapped in each halfword. */
static bool trans_REV16(DisasContext *s, arg_rr *a)
{
    unsigned sz = a->sf ? 64 : 32;
    uint64_t m = a->sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffull;
    IRVal x = a64_read_x(s, a->rn);
    IRVal r = gen_bin(s, IR_OR, sz, gen_bini(s, IR_AND, sz, gen_bini(s, IR_SHR, sz, x, 8), m),
                      gen_bini(s, IR_SHL, sz, gen_bini(s, IR_AND, sz, x, m), 8));

    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

/* bswap64, then the words swapped back */
static bool trans_REV32(DisasContext *s, arg_rr *a)
{
    IRVal x = a64_read_x(s, a->rn);

    a64_write_x(s, a->rd, gen_bini(s, IR_ROR, 64, gen_un(s, IR_BSWAP, 64, x), 32), true);
    return true;
}

/* Leading bits equal to the sign bit, not counting it. */
static bool trans_CLS(DisasContext *s, arg_rr *a)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal x = a64_read_x(s, a->rn);
    IRVal sign = gen_bin(s, IR_XOR, sz, x, gen_bini(s, IR_SAR, sz, x, 1));
    IRVal r = gen_bini(s, IR_SUB, sz, gen_un(s, IR_CLZ, sz, sign), 1);

    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

/* ---- 2 source, and the high halves of 3 source ---- */

static bool gen_rrr(DisasContext *s, arg_rrr *a, IROp op)
{
    unsigned sz = a->sf ? 64 : 32;

    a64_write_x(s, a->rd, gen_bin(s, op, sz, a64_read_x(s, a->rn), a64_read_x(s, a->rm)), a->sf);
    return true;
}

TRANS(UDIV, gen_rrr, a, IR_DIVU)
TRANS(SDIV, gen_rrr, a, IR_DIVS)
TRANS(LSLV, gen_rrr, a, IR_SHL)
TRANS(LSRV, gen_rrr, a, IR_SHR)
TRANS(ASRV, gen_rrr, a, IR_SAR)
TRANS(RORV, gen_rrr, a, IR_ROR)
TRANS(SMULH, gen_rrr, a, IR_MULHS)
TRANS(UMULH, gen_rrr, a, IR_MULHU)

/* CRC32{B,H,W,X} and CRC32C*: Wd = crc(Wn, the low 8 << sz bits of Rm). */
static bool gen_crc(DisasContext *s, arg_crc *a, bool castagnoli)
{
    IRVal acc = gen_ext(s, IR_EXTU, 64, a64_read_x(s, a->rn), 32);
    IRVal val = a64_read_x(s, a->rm), bytes, r;

    if (a->sz < 3) {
        val = gen_ext(s, IR_EXTU, 64, val, 8u << a->sz);
    }
    bytes = ir_movi(s->b, 1u << a->sz);
    r = castagnoli ? ir_call_helper(s->b, HELPER_crc32c, acc, val, bytes)
                   : ir_call_helper(s->b, HELPER_crc32, acc, val, bytes);
    a64_write_x(s, a->rd, r, false);
    return true;
}

TRANS(CRC32, gen_crc, a, false)
TRANS(CRC32C, gen_crc, a, true)

/* ---- 3 source: Rd = Ra +/- Rn * Rm, the L forms on sign- or zero-extended Wn, Wm ---- */

static bool gen_madd(DisasContext *s, arg_rrrr *a, IROp ext, bool sub)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal p, r;

    if (ext == IR_NOP) {
        p = gen_bin(s, IR_MUL, sz, a64_read_x(s, a->rn), a64_read_x(s, a->rm));
    } else {
        IRVal x = gen_ext(s, ext, 64, a64_read_x(s, a->rn), 32);
        IRVal y = gen_ext(s, ext, 64, a64_read_x(s, a->rm), 32);
        p = gen_bin(s, IR_MUL, 64, x, y);
    }
    r = gen_bin(s, sub ? IR_SUB : IR_ADD, sz, a64_read_x(s, a->ra), p);
    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

TRANS(MADD, gen_madd, a, IR_NOP, false)
TRANS(MSUB, gen_madd, a, IR_NOP, true)
TRANS(SMADDL, gen_madd, a, IR_EXTS, false)
TRANS(SMSUBL, gen_madd, a, IR_EXTS, true)
TRANS(UMADDL, gen_madd, a, IR_EXTU, false)
TRANS(UMSUBL, gen_madd, a, IR_EXTU, true)
