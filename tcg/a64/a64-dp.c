/* a64-dp.c: A64 data processing, immediate (op0 = 100x) and register
 * (op0 = x101), the ARMv8.0-A base integer instructions, decoded into IR. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"

/* ---- small IR builders ---- */

static inline uint32_t bits(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((1u << len) - 1);
}

static IRVal bin(DisasContext *s, IROp op, unsigned sz, IRVal a, IRVal b)
{
    return ir_bin(s->b, op, sz, a, b);
}

static IRVal bini(DisasContext *s, IROp op, unsigned sz, IRVal a, uint64_t imm)
{
    return ir_bin(s->b, op, sz, a, ir_movi(s->b, imm));
}

static IRVal un(DisasContext *s, IROp op, unsigned sz, IRVal a)
{
    return ir_un(s->b, op, sz, a);
}

static IRVal ext(DisasContext *s, IROp op, unsigned sz, IRVal a, unsigned width)
{
    return ir_emit(s->b, op, sz, 0, a, IR_NONE, IR_NONE, IR_NONE, width);
}

/* IR_EXTRACT / IR_SEXTRACT / IR_DEPOSIT field descriptor. */
static uint64_t field(unsigned pos, unsigned len)
{
    return pos | (uint64_t)len << 8;
}

static void setflags(DisasContext *s, CCKind k, unsigned sz, IRVal a, IRVal b)
{
    ir_emit(s->b, IR_SETFLAGS, sz, k, a, b, IR_NONE, IR_NONE, 0);
}

/* result of an add or subtract, with the lazy flags when S is set */
static IRVal old_gen_addsub(DisasContext *s, bool sub, bool setf, unsigned sz, IRVal a, IRVal b)
{
    IRVal r = bin(s, sub ? IR_SUB : IR_ADD, sz, a, b);

    if (setf) {
        setflags(s, sub ? CC_SUB : CC_ADD, sz, a, b);
    }
    return r;
}

/* Shift by a constant (the shifted-register forms); amount < sz. */
static IRVal gen_shift_imm(DisasContext *s, unsigned type, unsigned sz, IRVal v, unsigned amount)
{
    static const IROp ops[4] = { IR_SHL, IR_SHR, IR_SAR, IR_ROR };

    if (amount == 0) {
        return v;
    }
    return bini(s, ops[type & 3], sz, v, amount);
}

/* ---- data processing - immediate ---- */

/* The Arm ARM's DecodeBitMasks (wmask only); false for the reserved
 * combinations of N:imms. */
static bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, unsigned datasize,
                             uint64_t *wmask)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    unsigned len, levels, esize, sv, rv;
    uint64_t welem, emask, pattern;

    if (combined == 0) {
        return false;
    }
    len = 31 - __builtin_clz(combined);
    if (len < 1) {
        return false;
    }
    esize = 1u << len;
    if (esize > datasize) {
        return false;
    }
    levels = esize - 1;
    if ((imms & levels) == levels) {
        return false;   /* an all-ones element is reserved for immediates */
    }
    sv = imms & levels;
    rv = immr & levels;
    emask = esize == 64 ? UINT64_MAX : (1ull << esize) - 1;
    welem = (1ull << (sv + 1)) - 1;   /* sv + 1 < esize <= 64 */
    if (rv) {
        welem = ((welem >> rv) | (welem << (esize - rv))) & emask;
    }
    pattern = 0;
    for (unsigned i = 0; i < datasize; i += esize) {
        pattern |= welem << i;
    }
    *wmask = datasize == 64 ? pattern : pattern & 0xffffffffull;
    return true;
}

static bool disas_pcrel(DisasContext *s, uint32_t insn)
{
    unsigned rd = bits(insn, 0, 5);
    bool page = insn >> 31;
    int64_t imm = (int64_t)((uint64_t)(bits(insn, 5, 19) << 2 | bits(insn, 29, 2)) << 43) >> 43;
    uint64_t base = s->pc;

    if (page) {
        base &= ~0xfffull;
        imm = (int64_t)((uint64_t)imm << 12);
    }
    a64_write_x(s, rd, ir_movi(s->b, base + (uint64_t)imm), true);
    return true;
}

static bool disas_addsub_imm(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = bits(insn, 30, 1), setf = bits(insn, 29, 1);
    unsigned sz = sf ? 64 : 32;
    uint64_t imm = bits(insn, 10, 12) << (bits(insn, 22, 1) ? 12 : 0);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    IRVal a = a64_read_x_sp(s, rn);
    IRVal r = old_gen_addsub(s, sub, setf, sz, a, ir_movi(s->b, imm));

    if (setf) {
        a64_write_x(s, rd, r, sf);
    } else {
        a64_write_x_sp(s, rd, r, sf);
    }
    return true;
}

static bool disas_logic_imm(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), n = bits(insn, 22, 1);
    unsigned sz = sf ? 64 : 32;
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    uint64_t mask;
    IRVal a, r;

    if (!sf && n) {
        return false;
    }
    if (!decode_bit_masks(n, bits(insn, 10, 6), bits(insn, 16, 6), sz, &mask)) {
        return false;
    }
    a = a64_read_x(s, rn);
    switch (opc) {
    case 0: r = bini(s, IR_AND, sz, a, mask); break;
    case 1: r = bini(s, IR_OR, sz, a, mask); break;
    case 2: r = bini(s, IR_XOR, sz, a, mask); break;
    default:
        r = bini(s, IR_AND, sz, a, mask);
        setflags(s, CC_LOGIC, sz, r, ir_movi(s->b, 0));
        a64_write_x(s, rd, r, sf);
        return true;
    }
    a64_write_x_sp(s, rd, r, sf);
    return true;
}

static bool disas_movw(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), hw = bits(insn, 21, 2), rd = bits(insn, 0, 5);
    unsigned pos = hw * 16;
    uint64_t imm = (uint64_t)bits(insn, 5, 16) << pos;

    if (opc == 1 || (!sf && hw >= 2)) {
        return false;
    }
    switch (opc) {
    case 0: /* MOVN */
        a64_write_x(s, rd, ir_movi(s->b, sf ? ~imm : ~imm & 0xffffffffull), sf);
        break;
    case 2: /* MOVZ */
        a64_write_x(s, rd, ir_movi(s->b, imm), sf);
        break;
    default: { /* MOVK */
        IRVal old = a64_read_x(s, rd);
        IRVal r = ir_emit(s->b, IR_DEPOSIT, sf ? 64 : 32, 0, old,
                          ir_movi(s->b, bits(insn, 5, 16)), IR_NONE, IR_NONE, field(pos, 16));
        a64_write_x(s, rd, r, sf);
        break;
    }
    }
    return true;
}

/* SBFM, BFM, UBFM: every alias (LSL/LSR/ASR #imm, SXT*, UXT*, *BFX, *BFIZ,
 * BFI, BFXIL) is one of the two shapes below. */
static bool disas_bitfield(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), n = bits(insn, 22, 1);
    unsigned immr = bits(insn, 16, 6), imms = bits(insn, 10, 6);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    unsigned pos, len, srcpos;
    IRVal src, r;

    if (opc == 3 || n != (unsigned)sf || (!sf && (immr >= 32 || imms >= 32))) {
        return false;
    }
    if (imms >= immr) {
        /* bits imms..immr of Rn to bit 0 */
        srcpos = immr;
        pos = 0;
        len = imms - immr + 1;
    } else {
        /* bits imms..0 of Rn to bit sz - immr */
        srcpos = 0;
        pos = sz - immr;
        len = imms + 1;
    }
    src = a64_read_x(s, rn);
    if (opc == 1) { /* BFM: insert into Rd */
        if (srcpos) {
            src = bini(s, IR_SHR, sz, src, srcpos);
        }
        if (len == sz) {
            r = src;    /* the whole register: a move */
        } else {
            r = ir_emit(s->b, IR_DEPOSIT, sz, 0, a64_read_x(s, rd), src, IR_NONE, IR_NONE,
                        field(pos, len));
        }
        a64_write_x(s, rd, r, sf);
        return true;
    }
    /* SBFM / UBFM: the field, extended, then placed at pos */
    if (srcpos == 0 && len == sz) {
        r = src;
    } else if (srcpos == 0 && (len == 8 || len == 16 || len == 32)) {
        r = ext(s, opc ? IR_EXTU : IR_EXTS, sz, src, len);
    } else if (srcpos + len == sz) {
        /* a field that reaches the top bit is a plain shift */
        r = bini(s, opc ? IR_SHR : IR_SAR, sz, src, srcpos);
    } else {
        r = ir_emit(s->b, opc ? IR_EXTRACT : IR_SEXTRACT, sz, 0, src, IR_NONE, IR_NONE,
                    IR_NONE, field(srcpos, len));
    }
    if (pos) {
        r = bini(s, IR_SHL, sz, r, pos);
    }
    a64_write_x(s, rd, r, sf);
    return true;
}

static bool disas_extract(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned op21 = bits(insn, 29, 2), n = bits(insn, 22, 1), o0 = bits(insn, 21, 1);
    unsigned rm = bits(insn, 16, 5), lsb = bits(insn, 10, 6);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal lo, r;

    if (op21 || o0 || n != (unsigned)sf || (!sf && lsb >= 32)) {
        return false;
    }
    lo = a64_read_x(s, rm);
    if (lsb == 0) {
        r = lo;
    } else if (rn == rm) {
        r = bini(s, IR_ROR, sz, lo, lsb);
    } else {
        IRVal hi = a64_read_x(s, rn);
        r = bin(s, IR_OR, sz, bini(s, IR_SHR, sz, lo, lsb), bini(s, IR_SHL, sz, hi, sz - lsb));
    }
    a64_write_x(s, rd, r, sf);
    return true;
}

bool a64_disas_dp_imm(DisasContext *s, uint32_t insn)
{
    if (bits(insn, 26, 3) != 4) {
        return false;
    }
    switch (bits(insn, 23, 3)) {
    case 0: case 1: return disas_pcrel(s, insn);
    case 2: return disas_addsub_imm(s, insn);
    case 4: return disas_logic_imm(s, insn);
    case 5: return disas_movw(s, insn);
    case 6: return disas_bitfield(s, insn);
    case 7: return disas_extract(s, insn);
    default: return false;  /* 011: ADDG/SUBG (MTE) */
    }
}

/* ---- data processing - register ---- */

static bool disas_logic_reg(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), shift = bits(insn, 22, 2), invert = bits(insn, 21, 1);
    unsigned rm = bits(insn, 16, 5), amount = bits(insn, 10, 6);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal a, b, r;
    static const IROp plain[4] = { IR_AND, IR_OR, IR_XOR, IR_AND };
    static const IROp inv[4] = { IR_ANDN, IR_ORN, IR_XNOR, IR_ANDN };

    if (!sf && amount >= 32) {
        return false;
    }
    a = a64_read_x(s, rn);
    b = gen_shift_imm(s, shift, sz, a64_read_x(s, rm), amount);
    r = bin(s, invert ? inv[opc] : plain[opc], sz, a, b);
    if (opc == 3) {
        setflags(s, CC_LOGIC, sz, r, ir_movi(s->b, 0));
    }
    a64_write_x(s, rd, r, sf);
    return true;
}

static bool disas_addsub_shifted(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = bits(insn, 30, 1), setf = bits(insn, 29, 1);
    unsigned shift = bits(insn, 22, 2), rm = bits(insn, 16, 5), amount = bits(insn, 10, 6);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal a, b, r;

    if (shift == 3 || (!sf && amount >= 32)) {
        return false;
    }
    a = a64_read_x(s, rn);
    b = gen_shift_imm(s, shift, sz, a64_read_x(s, rm), amount);
    r = old_gen_addsub(s, sub, setf, sz, a, b);
    a64_write_x(s, rd, r, sf);
    return true;
}

static bool disas_addsub_ext(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = bits(insn, 30, 1), setf = bits(insn, 29, 1);
    unsigned opt = bits(insn, 22, 2), rm = bits(insn, 16, 5), option = bits(insn, 13, 3);
    unsigned amount = bits(insn, 10, 3), rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    unsigned width = 8u << (option & 3);
    IRVal a, b, r;

    if (opt || amount > 4) {
        return false;
    }
    a = a64_read_x_sp(s, rn);
    b = a64_read_x(s, rm);
    if (width < sz) {
        b = ext(s, (option & 4) ? IR_EXTS : IR_EXTU, sz, b, width);
    }
    if (amount) {
        b = bini(s, IR_SHL, sz, b, amount);
    }
    r = old_gen_addsub(s, sub, setf, sz, a, b);
    if (setf) {
        a64_write_x(s, rd, r, sf);
    } else {
        a64_write_x_sp(s, rd, r, sf);
    }
    return true;
}

/* ADC, ADCS, SBC, SBCS: SBC is Rn + NOT(Rm) + C. The carry-in makes the
 * lazy ADD/SUB kinds unusable, so S computes NZCV here. */
static bool disas_adc(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = bits(insn, 30, 1), setf = bits(insn, 29, 1);
    unsigned rm = bits(insn, 16, 5), rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal a, b, c, t, r;

    if (bits(insn, 10, 6)) {
        return false;
    }
    a = a64_read_x(s, rn);
    b = a64_read_x(s, rm);
    if (sub) {
        b = un(s, IR_NOT, sz, b);
    }
    c = ir_emit(s->b, IR_TESTCC, 64, ARM_CS, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    t = bin(s, IR_ADD, sz, a, b);
    r = bin(s, IR_ADD, sz, t, c);
    if (setf) {
        IRBlock *bl = s->b;
        IRVal zero = ir_movi(bl, 0);
        IRVal c1 = ir_emit(bl, IR_SETCOND, sz, IRC_LTU, t, a, IR_NONE, IR_NONE, 0);
        IRVal c2 = ir_emit(bl, IR_SETCOND, sz, IRC_LTU, r, t, IR_NONE, IR_NONE, 0);
        IRVal cf = bin(s, IR_OR, 64, c1, c2);
        IRVal nf = bini(s, IR_SHR, sz, r, sz - 1);
        IRVal zf = ir_emit(bl, IR_SETCOND, sz, IRC_EQ, r, zero, IR_NONE, IR_NONE, 0);
        IRVal vx = bin(s, IR_AND, sz, bin(s, IR_XOR, sz, a, r), bin(s, IR_XOR, sz, b, r));
        IRVal vf = bini(s, IR_SHR, sz, vx, sz - 1);
        IRVal nzcv = bin(s, IR_OR, 64,
                         bin(s, IR_OR, 64, bini(s, IR_SHL, 64, nf, 31), bini(s, IR_SHL, 64, zf, 30)),
                         bin(s, IR_OR, 64, bini(s, IR_SHL, 64, cf, 29), bini(s, IR_SHL, 64, vf, 28)));
        setflags(s, CC_NZCV, 64, nzcv, zero);
    }
    a64_write_x(s, rd, r, sf);
    return true;
}

/* CCMN, CCMP (register and immediate): flags of the compare if cond holds,
 * else #nzcv. */
static bool disas_condcmp(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = bits(insn, 30, 1), setf = bits(insn, 29, 1);
    bool is_imm = bits(insn, 11, 1);
    unsigned rm = bits(insn, 16, 5), cond = bits(insn, 12, 4);
    unsigned rn = bits(insn, 5, 5), nzcv = bits(insn, 0, 4);
    unsigned sz = sf ? 64 : 32;
    IRBlock *bl = s->b;
    IRVal a, b, t, v, r;

    if (!setf || bits(insn, 10, 1) || bits(insn, 4, 1)) {
        return false;
    }
    a = a64_read_x(s, rn);
    b = is_imm ? ir_movi(bl, rm) : a64_read_x(s, rm);
    if (cond >= ARM_AL) {
        setflags(s, sub ? CC_SUB : CC_ADD, sz, a, b);
        return true;
    }
    t = ir_emit(bl, IR_TESTCC, 64, cond, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    setflags(s, sub ? CC_SUB : CC_ADD, sz, a, b);
    v = ir_emit(bl, IR_GETNZCV, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    r = ir_emit(bl, IR_MOVCOND, 64, IRC_NE, t, ir_movi(bl, 0), v,
                ir_movi(bl, (uint64_t)nzcv << 28), 0);
    setflags(s, CC_NZCV, 64, r, ir_movi(bl, 0));
    return true;
}

static bool disas_condsel(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, op = bits(insn, 30, 1);
    unsigned rm = bits(insn, 16, 5), cond = bits(insn, 12, 4), op2 = bits(insn, 10, 2);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal a, b, r;

    if (bits(insn, 29, 1) || op2 >= 2) {
        return false;
    }
    a = a64_read_x(s, rn);
    b = a64_read_x(s, rm);
    if (!op && op2) {
        b = bini(s, IR_ADD, sz, b, 1);
    } else if (op && !op2) {
        b = un(s, IR_NOT, sz, b);
    } else if (op && op2) {
        b = un(s, IR_NEG, sz, b);
    }
    r = ir_emit(s->b, IR_SELCC, sz, cond, a, b, IR_NONE, IR_NONE, 0);
    a64_write_x(s, rd, r, sf);
    return true;
}

static bool disas_dp_1src(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opcode = bits(insn, 10, 6), rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal x, r;

    if (bits(insn, 29, 1) || bits(insn, 16, 5)) {
        return false;   /* S = 1, or opcode2 != 0 (PAC, ...) */
    }
    if (opcode > 5 || (!sf && opcode == 3)) {
        return false;
    }
    x = a64_read_x(s, rn);
    switch (opcode) {
    case 0:
        r = un(s, IR_RBIT, sz, x);
        break;
    case 1: { /* REV16: bytes swapped in each halfword */
        uint64_t m = sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffull;
        r = bin(s, IR_OR, sz, bini(s, IR_AND, sz, bini(s, IR_SHR, sz, x, 8), m),
                bini(s, IR_SHL, sz, bini(s, IR_AND, sz, x, m), 8));
        break;
    }
    case 2:
        if (sf) {   /* REV32: bswap64 then swap the words back */
            r = bini(s, IR_ROR, 64, un(s, IR_BSWAP, 64, x), 32);
        } else {    /* REV Wd */
            r = un(s, IR_BSWAP, 32, x);
        }
        break;
    case 3:
        r = un(s, IR_BSWAP, 64, x);
        break;
    case 4:
        r = un(s, IR_CLZ, sz, x);
        break;
    default: /* CLS: leading bits equal to the sign bit, not counting it */
        r = bini(s, IR_SUB, sz,
                 un(s, IR_CLZ, sz, bin(s, IR_XOR, sz, x, bini(s, IR_SAR, sz, x, 1))), 1);
        break;
    }
    a64_write_x(s, rd, r, sf);
    return true;
}

static bool disas_dp_2src(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned rm = bits(insn, 16, 5), opcode = bits(insn, 10, 6);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IROp op;
    IRVal r;

    if (bits(insn, 29, 1)) {
        return false;
    }
    switch (opcode) {
    case 2: op = IR_DIVU; break;
    case 3: op = IR_DIVS; break;
    case 8: op = IR_SHL; break;
    case 9: op = IR_SHR; break;
    case 10: op = IR_SAR; break;
    case 11: op = IR_ROR; break;
    case 16 ... 23: {
        unsigned size = opcode & 3;
        IRVal acc, val;
        if ((size == 3) != sf) {
            return false;
        }
        acc = ext(s, IR_EXTU, 64, a64_read_x(s, rn), 32);
        val = a64_read_x(s, rm);
        if (size < 3) {
            val = ext(s, IR_EXTU, 64, val, 8u << size);
        }
        r = ir_call(s->b, (opcode & 4) ? (void *)helper_crc32c : (void *)helper_crc32,
                    CALL_PURE, 3, acc, val, ir_movi(s->b, 1u << size));
        a64_write_x(s, rd, r, false);
        return true;
    }
    default:
        return false;   /* SUBP, IRG, GMI, PACGA, the v8.9 min/max... */
    }
    r = bin(s, op, sz, a64_read_x(s, rn), a64_read_x(s, rm));
    a64_write_x(s, rd, r, sf);
    return true;
}

static bool disas_dp_3src(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned op54 = bits(insn, 29, 2), op31 = bits(insn, 21, 3), o0 = bits(insn, 15, 1);
    unsigned rm = bits(insn, 16, 5), ra = bits(insn, 10, 5);
    unsigned rn = bits(insn, 5, 5), rd = bits(insn, 0, 5);
    unsigned sz = sf ? 64 : 32;
    IRVal a, b, p, r;

    if (op54 || (!sf && op31)) {
        return false;
    }
    switch (op31) {
    case 0: /* MADD, MSUB */
        p = bin(s, IR_MUL, sz, a64_read_x(s, rn), a64_read_x(s, rm));
        r = bin(s, o0 ? IR_SUB : IR_ADD, sz, a64_read_x(s, ra), p);
        break;
    case 1: case 5: { /* SMADDL, SMSUBL, UMADDL, UMSUBL */
        IROp e = op31 == 1 ? IR_EXTS : IR_EXTU;
        a = ext(s, e, 64, a64_read_x(s, rn), 32);
        b = ext(s, e, 64, a64_read_x(s, rm), 32);
        p = bin(s, IR_MUL, 64, a, b);
        r = bin(s, o0 ? IR_SUB : IR_ADD, 64, a64_read_x(s, ra), p);
        break;
    }
    case 2: case 6: /* SMULH, UMULH */
        if (o0) {
            return false;
        }
        r = bin(s, op31 == 2 ? IR_MULHS : IR_MULHU, 64, a64_read_x(s, rn), a64_read_x(s, rm));
        break;
    default:
        return false;
    }
    a64_write_x(s, rd, r, sf);
    return true;
}

bool a64_disas_dp_reg(DisasContext *s, uint32_t insn)
{
    unsigned op1 = bits(insn, 28, 1), op2 = bits(insn, 21, 4);

    if (bits(insn, 25, 3) != 5) {
        return false;
    }
    if (!op1) {
        if (!(op2 & 8)) {
            return disas_logic_reg(s, insn);
        }
        return (op2 & 1) ? disas_addsub_ext(s, insn) : disas_addsub_shifted(s, insn);
    }
    if (op2 & 8) {
        return disas_dp_3src(s, insn);
    }
    switch (op2) {
    case 0: return disas_adc(s, insn);   /* RMIF, SETF8/16 (v8.4) have op3 != 0 */
    case 2: return disas_condcmp(s, insn);
    case 4: return disas_condsel(s, insn);
    case 6: return bits(insn, 30, 1) ? disas_dp_1src(s, insn) : disas_dp_2src(s, insn);
    default: return false;
    }
}
