/* trans-dp-imm.c: A64 "Data Processing -- Immediate" (op0 = 100x), the
 * ARMv8.0-A base integer instructions: the handlers of dp-imm.decode. */
#include "tcg/a64/a64.h"
#include "decode-fields.h"
#include "a64-decode-dp-imm.c.inc"

/* IR_EXTRACT / IR_SEXTRACT / IR_DEPOSIT field descriptor. */
static uint64_t field_desc(unsigned pos, unsigned len)
{
    return pos | (uint64_t)len << 8;
}

/* The Arm ARM's DecodeBitMasks (wmask only). The reserved combinations of
 * N:imms are UNDEFINED in the table, before a handler runs. */
static uint64_t decode_bit_masks(unsigned n, unsigned imms, unsigned immr, unsigned datasize)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    unsigned len = combined ? 31 - __builtin_clz(combined) : 0;
    unsigned esize = 1u << len, levels = esize - 1;
    unsigned sv = imms & levels, rv = immr & levels;
    uint64_t emask = esize == 64 ? UINT64_MAX : (1ull << esize) - 1;
    uint64_t welem, pattern = 0;

    g_assert(len >= 1 && esize <= datasize && sv != levels);
    welem = (1ull << (sv + 1)) - 1;   /* sv + 1 < esize <= 64 */
    if (rv) {
        welem = ((welem >> rv) | (welem << (esize - rv))) & emask;
    }
    for (unsigned i = 0; i < datasize; i += esize) {
        pattern |= welem << i;
    }
    return datasize == 64 ? pattern : pattern & 0xffffffffull;
}

static bool trans_ADR(DisasContext *s, arg_ri *a)
{
    a64_write_x(s, a->rd, ir_movi(s->b, s->pc + (uint64_t)(int64_t)a->imm), true);
    return true;
}

static bool trans_ADRP(DisasContext *s, arg_ri *a)
{
    uint64_t base = s->pc & ~0xfffull;

    a64_write_x(s, a->rd, ir_movi(s->b, base + ((uint64_t)(int64_t)a->imm << 12)), true);
    return true;
}

static bool gen_addsub_i(DisasContext *s, arg_addsub_i *a, bool sub, bool setf)
{
    IRVal x = a64_read_x_sp(s, a->rn);
    IRVal imm = ir_movi(s->b, (uint64_t)a->imm << (a->sh ? 12 : 0));

    a64_write_x_sp_or_zr(s, a->rd, gen_addsub(s, sub, setf, a->sf ? 64 : 32, x, imm), a->sf, setf);
    return true;
}

TRANS(ADD_i, gen_addsub_i, a, false, false)
TRANS(ADDS_i, gen_addsub_i, a, false, true)
TRANS(SUB_i, gen_addsub_i, a, true, false)
TRANS(SUBS_i, gen_addsub_i, a, true, true)

/* AND, ORR, EOR write SP for Rd = 31; ANDS writes XZR and sets the flags. */
static bool gen_logic_i(DisasContext *s, arg_logic_i *a, IROp op, bool setf)
{
    unsigned sz = a->sf ? 64 : 32;
    uint64_t mask = decode_bit_masks(a->n, a->imms, a->immr, sz);
    IRVal r = gen_bini(s, op, sz, a64_read_x(s, a->rn), mask);

    if (setf) {
        gen_setflags(s, CC_LOGIC, sz, r, ir_movi(s->b, 0));
    }
    a64_write_x_sp_or_zr(s, a->rd, r, a->sf, setf);
    return true;
}

TRANS(AND_i, gen_logic_i, a, IR_AND, false)
TRANS(ORR_i, gen_logic_i, a, IR_OR, false)
TRANS(EOR_i, gen_logic_i, a, IR_XOR, false)
TRANS(ANDS_i, gen_logic_i, a, IR_AND, true)

static bool trans_MOVN(DisasContext *s, arg_movw *a)
{
    uint64_t imm = ~((uint64_t)a->imm << (a->hw * 16));

    a64_write_x(s, a->rd, ir_movi(s->b, a->sf ? imm : imm & 0xffffffffull), a->sf);
    return true;
}

static bool trans_MOVZ(DisasContext *s, arg_movw *a)
{
    a64_write_x(s, a->rd, ir_movi(s->b, (uint64_t)a->imm << (a->hw * 16)), a->sf);
    return true;
}

static bool trans_MOVK(DisasContext *s, arg_movw *a)
{
    IRVal old = a64_read_x(s, a->rd);
    IRVal r = ir_emit(s->b, IR_DEPOSIT, a->sf ? 64 : 32, 0, old, ir_movi(s->b, a->imm),
                      IR_NONE, IR_NONE, field_desc(a->hw * 16, 16));

    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

/* SBFM, BFM, UBFM: every alias (LSL/LSR/ASR #imm, SXT*, UXT*, *BFX, *BFIZ,
 * BFI, BFXIL) is one of the two shapes below: bits imms..immr of Rn to bit 0,
 * or bits imms..0 of Rn to bit sz - immr. */
static bool gen_bitfield(DisasContext *s, arg_bitfield *a, int opc)
{
    unsigned sz = a->sf ? 64 : 32;
    bool low = a->imms >= a->immr;
    unsigned srcpos = low ? a->immr : 0, pos = low ? 0 : sz - a->immr;
    unsigned len = low ? a->imms - a->immr + 1 : a->imms + 1;
    IRVal src = a64_read_x(s, a->rn), r;

    if (opc == 1) { /* BFM: insert into Rd */
        if (srcpos) {
            src = gen_bini(s, IR_SHR, sz, src, srcpos);
        }
        if (len == sz) {
            r = src;    /* the whole register: a move */
        } else {
            r = ir_emit(s->b, IR_DEPOSIT, sz, 0, a64_read_x(s, a->rd), src, IR_NONE, IR_NONE,
                        field_desc(pos, len));
        }
        a64_write_x(s, a->rd, r, a->sf);
        return true;
    }
    /* SBFM / UBFM: the field, extended, then placed at pos */
    if (srcpos == 0 && len == sz) {
        r = src;
    } else if (srcpos == 0 && (len == 8 || len == 16 || len == 32)) {
        r = gen_ext(s, opc ? IR_EXTU : IR_EXTS, sz, src, len);
    } else if (srcpos + len == sz) {
        /* a field that reaches the top bit is a plain shift */
        r = gen_bini(s, opc ? IR_SHR : IR_SAR, sz, src, srcpos);
    } else {
        r = ir_emit(s->b, opc ? IR_EXTRACT : IR_SEXTRACT, sz, 0, src, IR_NONE, IR_NONE,
                    IR_NONE, field_desc(srcpos, len));
    }
    if (pos) {
        r = gen_bini(s, IR_SHL, sz, r, pos);
    }
    a64_write_x(s, a->rd, r, a->sf);
    return true;
}

TRANS(SBFM, gen_bitfield, a, 0)
TRANS(BFM, gen_bitfield, a, 1)
TRANS(UBFM, gen_bitfield, a, 2)

static bool trans_EXTR(DisasContext *s, arg_extract *a)
{
    unsigned sz = a->sf ? 64 : 32;
    IRVal lo = a64_read_x(s, a->rm), r;

    if (a->imms == 0) {
        r = lo;
    } else if (a->rn == a->rm) {
        r = gen_bini(s, IR_ROR, sz, lo, a->imms);
    } else {
        IRVal hi = a64_read_x(s, a->rn);
        r = gen_bin(s, IR_OR, sz, gen_bini(s, IR_SHR, sz, lo, a->imms),
                    gen_bini(s, IR_SHL, sz, hi, sz - a->imms));
    }
    a64_write_x(s, a->rd, r, a->sf);
    return true;
}
