/* trans-ldst-simd.c: A64 loads and stores of the SIMD&FP registers (V = 1):
 * LDR/STR of B/H/S/D/Q in every addressing mode, LDR literal, the pairs and
 * the AdvSIMD structure loads and stores: the handlers of ldst-simd.decode.
 * Memory goes through IR_LD/IR_ST as the integer forms do (so the TLB fast
 * path, faults, watchpoints and the MMU are theirs); V registers are read
 * and written 64 bits at a time (IR_GET_V64/IR_SET_V64). */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "decode-fields.h"
#include "a64-decode-ldst-simd.c.inc"

/*
 * Choices where the architecture leaves one (as QEMU 7.2 behaves):
 * - a Q register is two 8-byte accesses, the low address first; with
 *   SCTLR_EL1.A the address must be 16-byte aligned;
 * - LDP with Rt == Rt2: Rt2 (the upper address) wins; both are loaded
 *   before either register is written;
 * - load with write-back and Rt == Rn does not arise (Rt is a V register);
 * - LD1-LD4 with more than one register wrap from V31 to V0.
 */

/* ---- one element of a V register <-> memory ---- */

/* Load 1 << size bytes (size 0..3) at addr into byte lane off of Vt
 * (off a multiple of the size); the other bytes stay. */
static void gen_ld_lane(DisasContext *s, IRVal addr, unsigned vt, unsigned size, unsigned off)
{
    IRVal v = gen_ld(s, addr, memop_for(s, size));

    if (size < 3) {
        IRVal old = ir_get_v64(s->b, vt, off / 8);
        v = ir_emit(s->b, IR_DEPOSIT, 64, 0, old, v, IR_NONE, IR_NONE,
                    (off % 8) * 8 | (8u << size) << 8);
    }
    ir_set_v64(s->b, vt, off / 8, v);
}

static void gen_st_lane(DisasContext *s, IRVal addr, unsigned vt, unsigned size, unsigned off)
{
    IRVal v = ir_get_v64(s->b, vt, off / 8);

    if (off % 8) {
        v = ir_emit(s->b, IR_EXTRACT, 64, 0, v, IR_NONE, IR_NONE, IR_NONE,
                    (off % 8) * 8 | (8u << size) << 8);
    }
    gen_st(s, addr, v, memop_for(s, size));
}

/* With SCTLR_EL1.A a Q register's address must be 16-byte aligned; the two
 * halves are 8-byte accesses, so that is checked first, out of line. */
static void gen_check_q_align(DisasContext *s, IRVal addr, bool is_write)
{
    if (s->tb_flags & TB_FLAG_ALIGN) {
        ir_call_helper(s->b, HELPER_check_align, addr, ir_movi(s->b, 16), ir_movi(s->b, is_write));
    }
}

/* The 1 << size bytes at addr (size 0..4) as the low 64 bits (lo) and the
 * high 64 bits (hi, 0 below Q). */
static void gen_ld_whole(DisasContext *s, IRVal addr, unsigned size, IRVal *lo, IRVal *hi)
{
    if (size == 4) {
        /* Big-endian: the 128-bit value's most significant byte comes first, so the
         * high half is the doubleword at addr (each half swapped by gen_ld). */
        unsigned lo_off = a64_be_data(s) ? 8 : 0;
        gen_check_q_align(s, addr, false);
        *lo = gen_ld(s, gen_addi(s, addr, lo_off), memop_for(s, 3));
        *hi = gen_ld(s, gen_addi(s, addr, 8 - lo_off), memop_for(s, 3));
    } else {
        *lo = gen_ld(s, addr, memop_for(s, size));
        *hi = ir_movi(s->b, 0);
    }
}

/* Vt := the value, zero-extended: a B/H/S/D write clears the rest of Vt. */
static void gen_write_whole(DisasContext *s, unsigned vt, IRVal lo, IRVal hi)
{
    ir_set_v64(s->b, vt, 0, lo);
    ir_set_v64(s->b, vt, 1, hi);
}

static void gen_st_whole(DisasContext *s, IRVal addr, unsigned vt, unsigned size)
{
    if (size == 4) {
        unsigned lo_off = a64_be_data(s) ? 8 : 0;   /* as gen_ld_whole */
        gen_check_q_align(s, addr, true);
        gen_st(s, gen_addi(s, addr, lo_off), ir_get_v64(s->b, vt, 0), memop_for(s, 3));
        gen_st(s, gen_addi(s, addr, 8 - lo_off), ir_get_v64(s->b, vt, 1), memop_for(s, 3));
    } else {
        gen_st_lane(s, addr, vt, size, 0);
    }
}

static void gen_ldst_whole(DisasContext *s, bool load, IRVal addr, unsigned vt, unsigned size)
{
    if (load) {
        IRVal lo, hi;
        gen_ld_whole(s, addr, size, &lo, &hi);
        gen_write_whole(s, vt, lo, hi);
    } else {
        gen_st_whole(s, addr, vt, size);
    }
}

/* ---- load/store register ---- */

typedef enum VMode { VM_OFFSET, VM_POST, VM_PRE, VM_SCALED } VMode;

static bool gen_vldst_i(DisasContext *s, arg_vldst_i *a, VMode m)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVal base = gen_base(s, a->rn);
    int64_t off = m == VM_SCALED ? (int64_t)a->imm << a->size : a->imm;
    IRVal addr = m == VM_POST ? base : gen_addi(s, base, off);

    gen_ldst_whole(s, a->l, addr, a->rt, a->size);
    if (m == VM_POST || m == VM_PRE) {
        a64_write_x_sp(s, a->rn, m == VM_POST ? gen_addi(s, base, off) : addr, true);
    }
    return true;
}

TRANS(LDST_v_unsc, gen_vldst_i, a, VM_OFFSET)
TRANS(LDST_v_post, gen_vldst_i, a, VM_POST)
TRANS(LDST_v_pre, gen_vldst_i, a, VM_PRE)
TRANS(LDST_v_i, gen_vldst_i, a, VM_SCALED)

static bool trans_LDST_v_r(DisasContext *s, arg_vldst_r *a)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVal addr = gen_addr_r(s, a->rn, a->rm, a->option, a->s ? a->size : 0);

    gen_ldst_whole(s, a->l, addr, a->rt, a->size);
    return true;
}

static bool trans_LDR_v_lit(DisasContext *s, arg_vlit *a)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    gen_ldst_whole(s, true, ir_movi(s->b, s->pc + (uint64_t)(int64_t)a->imm), a->rt, a->size);
    return true;
}

/* ---- pairs ---- */

/* idx as encoded: 0 no-allocate offset, 1 post-index, 2 offset, 3 pre-index. */
static bool trans_LDST_v_pair(DisasContext *s, arg_vpair *a)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    int64_t off = (int64_t)a->imm * (1 << a->size);   /* imm7 is signed: no shift of a negative value */
    bool post = a->idx == 1, wback = a->idx == 1 || a->idx == 3;
    IRVal base = gen_base(s, a->rn);
    IRVal addr = post ? base : gen_addi(s, base, off);
    IRVal addr2 = gen_addi(s, addr, 1 << a->size);

    if (a->l) {
        /* Both accesses before either register write: a fault on the second
         * leaves the registers untouched. */
        IRVal lo1, hi1, lo2, hi2;
        gen_ld_whole(s, addr, a->size, &lo1, &hi1);
        gen_ld_whole(s, addr2, a->size, &lo2, &hi2);
        gen_write_whole(s, a->rt, lo1, hi1);
        gen_write_whole(s, a->rt2, lo2, hi2);
    } else {
        gen_st_whole(s, addr, a->rt, a->size);
        gen_st_whole(s, addr2, a->rt2, a->size);
    }
    if (wback) {
        a64_write_x_sp(s, a->rn, post ? gen_addi(s, base, off) : addr, true);
    }
    return true;
}

/* ---- structures ---- */

/* Post-index: Rn += imm (the bytes transferred) when Rm is 31, else += Xm. */
static void gen_struct_wback(DisasContext *s, unsigned rn, unsigned rm, IRVal base, unsigned imm)
{
    IRVal inc = rm == 31 ? ir_movi(s->b, imm) : a64_read_x(s, rm);

    a64_write_x_sp(s, rn, ir_bin(s->b, IR_ADD, 64, base, inc), true);
}

/* LD1-LD4, ST1-ST4 (multiple structures): rpt registers of selem-way
 * interleaved elements. */
static bool trans_LDST_mult(DisasContext *s, arg_vstruct_m *a)
{
    static const int8_t rpt_of[16] = { 1, -1, 4, -1, 1, -1, 3, 1, 1, -1, 2, -1, -1, -1, -1, -1 };
    static const int8_t selem_of[16] = { 4, -1, 1, -1, 3, -1, 1, 1, 2, -1, 1, -1, -1, -1, -1, -1 };
    int rpt = rpt_of[a->op], selem = selem_of[a->op];
    unsigned ebytes = 1u << a->size, bytes = a->q ? 16 : 8, elements = bytes / ebytes;

    if (rpt < 0 || (a->size == 3 && !a->q && selem != 1)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IRVal base = gen_base(s, a->rn);
    unsigned total = rpt * selem * bytes;

    if (selem == 1 && !(s->tb_flags & TB_FLAG_ALIGN) && (!a64_be_data(s) || a->size == 3)) {
        /* Consecutive elements of one register: whole 64-bit halves (an
         * element size's alignment check needs the element accesses, and
         * big-endian data swaps each element). */
        for (int r = 0; r < rpt; r++) {
            unsigned vt = (a->rt + r) % 32;
            for (unsigned h = 0; h < bytes / 8; h++) {
                IRVal addr = gen_addi(s, base, (r * bytes) + h * 8);
                if (a->l) {
                    ir_set_v64(s->b, vt, h, gen_ld(s, addr, MO_64));
                } else {
                    gen_st(s, addr, ir_get_v64(s->b, vt, h), MO_64);
                }
            }
        }
    } else {
        unsigned offset = 0;
        for (int r = 0; r < rpt; r++) {
            for (unsigned e = 0; e < elements; e++) {
                for (int k = 0; k < selem; k++) {
                    unsigned vt = (a->rt + r + k) % 32;
                    IRVal addr = gen_addi(s, base, offset);
                    if (a->l) {
                        gen_ld_lane(s, addr, vt, a->size, e * ebytes);
                    } else {
                        gen_st_lane(s, addr, vt, a->size, e * ebytes);
                    }
                    offset += ebytes;
                }
            }
        }
    }
    if (a->l && !a->q) {
        for (int r = 0; r < rpt * selem; r++) {
            ir_set_v64(s->b, (a->rt + r) % 32, 1, ir_movi(s->b, 0));
        }
    }
    if (a->post) {
        gen_struct_wback(s, a->rn, a->rm, base, total);
    }
    return true;
}

/* One lane of selem registers (LD1-LD4, ST1-ST4 single structure), or
 * LD1R-LD4R: one element replicated to every lane. */
static bool trans_LDST_single(DisasContext *s, arg_vstruct_s *a)
{
    unsigned scale = a->op >> 1, selem = ((a->op & 1) << 1 | a->r) + 1;
    unsigned index = 0;
    bool replicate = scale == 3;

    switch (scale) {
    case 3:
        if (!a->l || a->s) {
            return false;
        }
        scale = a->size;
        break;
    case 0:
        index = a->q << 3 | a->s << 2 | a->size;
        break;
    case 1:
        if (a->size & 1) {
            return false;
        }
        index = a->q << 2 | a->s << 1 | a->size >> 1;
        break;
    case 2:
        if (a->size & 2) {
            return false;
        }
        if (!(a->size & 1)) {
            index = a->q << 1 | a->s;
        } else {
            if (a->s) {
                return false;
            }
            scale = 3;
            index = a->q;
        }
        break;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    unsigned ebytes = 1u << scale;
    IRVal base = gen_base(s, a->rn);

    for (unsigned k = 0; k < selem; k++) {
        unsigned vt = (a->rt + k) % 32;
        IRVal addr = gen_addi(s, base, k * ebytes);
        if (replicate) {
            static const uint64_t rep[4] = {
                0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
            };
            IRVal v = gen_ld(s, addr, memop_for(s, scale));
            if (scale < 3) {
                v = ir_bin(s->b, IR_MUL, 64, v, ir_movi(s->b, rep[scale]));
            }
            ir_set_v64(s->b, vt, 0, v);
            ir_set_v64(s->b, vt, 1, a->q ? v : ir_movi(s->b, 0));
        } else if (a->l) {
            gen_ld_lane(s, addr, vt, scale, index * ebytes);
        } else {
            gen_st_lane(s, addr, vt, scale, index * ebytes);
        }
    }
    if (a->post) {
        gen_struct_wback(s, a->rn, a->rm, base, selem * ebytes);
    }
    return true;
}
