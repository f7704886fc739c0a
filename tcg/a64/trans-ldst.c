/* trans-ldst.c: A64 "Loads and Stores" (op0 = x1x0) for the general-purpose
 * registers of an ARMv8.0-A core: load literal, pairs, single registers in
 * every addressing mode, exclusives and load-acquire/store-release: the
 * handlers of ldst.decode. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "decode-fields.h"
#include "a64-decode-ldst.c.inc"

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

/* ---- load/store register: every size and addressing mode ---- */

/* What a single-register access does: store, load (to Xt when size is 3),
 * or sign-extending load (to Xt when sf). */
typedef enum LdstKind { K_STORE, K_LOAD, K_SIGNED } LdstKind;

/* Addressing: base + imm; write-back after (post-index) or before
 * (pre-index); M_SCALED is base + (imm << size), the unsigned offset;
 * M_UNPRIV is base + imm checked with EL0's permissions (LDTR, STTR...). */
typedef enum LdstMode { M_OFFSET, M_POST, M_PRE, M_SCALED, M_UNPRIV } LdstMode;

/* unpriv: LDTR/STTR and their sizes. At EL0 they are ordinary accesses; at
 * EL1 they go through the EL0 MMU index (helper_ldtr/helper_sttr), out of
 * line: a kernel's copy to and from user space, not a hot path. */
static void gen_ldst_access(DisasContext *s, LdstKind k, unsigned size, bool sf, unsigned rt,
                            IRVal addr, bool unpriv)
{
    unsigned memop = memop_for(s, size);

    unpriv = unpriv && s->el != 0;
    if (k == K_STORE) {
        if (unpriv) {
            ir_call_helper(s->b, HELPER_sttr, addr, gen_be_store(s, a64_read_x(s, rt), size),
                           ir_movi(s->b, memop));
        } else {
            gen_st(s, addr, a64_read_x(s, rt), memop);
        }
    } else {
        unsigned mo = memop | (k == K_SIGNED ? MO_SIGN : 0);
        IRVal v = unpriv ? gen_be_load(s, ir_call_helper(s->b, HELPER_ldtr, addr,
                                                         ir_movi(s->b, be_memop(s, mo))), mo)
                         : gen_ld(s, addr, mo);
        a64_write_x(s, rt, v, k == K_SIGNED ? sf : size == 3);
    }
}

static bool gen_ldst_i(DisasContext *s, LdstKind k, int size, bool sf, int rt, int rn,
                       int64_t imm, LdstMode m)
{
    IRVal base = gen_base(s, rn);
    IRVal addr = m == M_POST ? base : gen_addi(s, base, imm * (m == M_SCALED ? 1 << size : 1));

    gen_ldst_access(s, k, size, sf, rt, addr, m == M_UNPRIV);
    if (m == M_POST || m == M_PRE) {
        a64_write_x_sp(s, rn, m == M_POST ? gen_addi(s, base, imm) : addr, true);
    }
    return true;
}

static bool gen_str_i(DisasContext *s, arg_ldst_i *a, LdstMode m)
{
    return gen_ldst_i(s, K_STORE, a->size, false, a->rt, a->rn, a->imm, m);
}

static bool gen_ldr_i(DisasContext *s, arg_ldst_i *a, LdstMode m)
{
    return gen_ldst_i(s, K_LOAD, a->size, false, a->rt, a->rn, a->imm, m);
}

/* LDRSB, LDRSH (to Wt when w), LDRSW */
static bool gen_ldrs_i(DisasContext *s, arg_ldsts_i *a, LdstMode m)
{
    return gen_ldst_i(s, K_SIGNED, a->size, !a->w, a->rt, a->rn, a->imm, m);
}

TRANS(STUR, gen_str_i, a, M_OFFSET)
TRANS(LDUR, gen_ldr_i, a, M_OFFSET)
TRANS(LDURSB, gen_ldrs_i, a, M_OFFSET)
TRANS(LDURSH, gen_ldrs_i, a, M_OFFSET)
TRANS(LDURSW, gen_ldrs_i, a, M_OFFSET)
TRANS(STR_i_post, gen_str_i, a, M_POST)
TRANS(LDR_i_post, gen_ldr_i, a, M_POST)
TRANS(LDRSB_i_post, gen_ldrs_i, a, M_POST)
TRANS(LDRSH_i_post, gen_ldrs_i, a, M_POST)
TRANS(LDRSW_i_post, gen_ldrs_i, a, M_POST)
TRANS(STTR, gen_str_i, a, M_UNPRIV)
TRANS(LDTR, gen_ldr_i, a, M_UNPRIV)
TRANS(LDTRSB, gen_ldrs_i, a, M_UNPRIV)
TRANS(LDTRSH, gen_ldrs_i, a, M_UNPRIV)
TRANS(LDTRSW, gen_ldrs_i, a, M_UNPRIV)
TRANS(STR_i_pre, gen_str_i, a, M_PRE)
TRANS(LDR_i_pre, gen_ldr_i, a, M_PRE)
TRANS(LDRSB_i_pre, gen_ldrs_i, a, M_PRE)
TRANS(LDRSH_i_pre, gen_ldrs_i, a, M_PRE)
TRANS(LDRSW_i_pre, gen_ldrs_i, a, M_PRE)
TRANS(STR_i, gen_str_i, a, M_SCALED)
TRANS(LDR_i, gen_ldr_i, a, M_SCALED)
TRANS(LDRSB_i, gen_ldrs_i, a, M_SCALED)
TRANS(LDRSH_i, gen_ldrs_i, a, M_SCALED)
TRANS(LDRSW_i, gen_ldrs_i, a, M_SCALED)
/* Prefetches are hints: no access. */
TRANS(PRFUM, gen_nop)
TRANS(PRFM_i, gen_nop)
TRANS(PRFM_r, gen_nop)
TRANS(PRFM_lit, gen_nop)

/* Register offset: base + (Rm extended per option, shifted by size when s). */
static bool gen_ldst_r(DisasContext *s, LdstKind k, int size, bool sf, int rt, int rn, int rm,
                       int option, bool shift)
{
    gen_ldst_access(s, k, size, sf, rt, gen_addr_r(s, rn, rm, option, shift ? size : 0), false);
    return true;
}

TRANS(STR_r, gen_ldst_r, K_STORE, a->size, false, a->rt, a->rn, a->rm, a->option, a->s)
TRANS(LDR_r, gen_ldst_r, K_LOAD, a->size, false, a->rt, a->rn, a->rm, a->option, a->s)
TRANS(LDRSB_r, gen_ldst_r, K_SIGNED, a->size, !a->w, a->rt, a->rn, a->rm, a->option, a->s)
TRANS(LDRSH_r, gen_ldst_r, K_SIGNED, a->size, !a->w, a->rt, a->rn, a->rm, a->option, a->s)
TRANS(LDRSW_r, gen_ldst_r, K_SIGNED, a->size, !a->w, a->rt, a->rn, a->rm, a->option, a->s)

/* Load register (literal): LDR Wt/Xt, LDRSW Xt from PC + imm. */
static bool gen_ld_lit(DisasContext *s, int rt, int64_t imm, unsigned memop, bool sf)
{
    IRVal addr = ir_movi(s->b, s->pc + (uint64_t)imm);

    a64_write_x(s, rt, gen_ld(s, addr, memop_for(s, memop & MO_SIZE) | (memop & MO_SIGN)), sf);
    return true;
}

TRANS(LDR_lit, gen_ld_lit, a->rt, a->imm, a->sf ? MO_64 : MO_32, a->sf)
TRANS(LDRSW_lit, gen_ld_lit, a->rt, a->imm, MO_32 | MO_SIGN, true)

/* ---- load/store pair ---- */

/* idx as encoded: 0 no-allocate offset, 1 post-index, 2 offset, 3 pre-index. */
static bool gen_ldst_pair(DisasContext *s, arg_ldstpair *a, bool load, int idx, bool sign)
{
    unsigned size = sign ? 2 : 2 + a->sf;
    int64_t offset = (int64_t)a->imm * (1 << size);
    bool post = idx == 1, wback = idx == 1 || idx == 3;
    unsigned memop = memop_for(s, size);
    IRVal base = gen_base(s, a->rn);
    IRVal addr = post ? base : gen_addi(s, base, offset);
    IRVal addr2 = gen_addi(s, addr, 1 << size);

    if (load) {
        /* Both accesses before any register write: a fault on the second
         * leaves the registers untouched. */
        IRVal v1 = gen_ld(s, addr, memop | (sign ? MO_SIGN : 0));
        IRVal v2 = gen_ld(s, addr2, memop | (sign ? MO_SIGN : 0));
        a64_write_x(s, a->rt2, v2, a->sf);
        a64_write_x(s, a->rt, v1, a->sf);
    } else {
        IRVal v1 = a64_read_x(s, a->rt), v2 = a64_read_x(s, a->rt2);
        gen_st(s, addr, v1, memop);
        gen_st(s, addr2, v2, memop);
    }
    if (wback) {
        a64_write_x_sp(s, a->rn, post ? gen_addi(s, base, offset) : addr, true);
    }
    return true;
}

TRANS(STNP, gen_ldst_pair, a, false, 0, false)
TRANS(LDNP, gen_ldst_pair, a, true, 0, false)
TRANS(STP_post, gen_ldst_pair, a, false, 1, false)
TRANS(LDP_post, gen_ldst_pair, a, true, 1, false)
TRANS(STP_i, gen_ldst_pair, a, false, 2, false)
TRANS(LDP_i, gen_ldst_pair, a, true, 2, false)
TRANS(STP_pre, gen_ldst_pair, a, false, 3, false)
TRANS(LDP_pre, gen_ldst_pair, a, true, 3, false)
TRANS(LDPSW_post, gen_ldst_pair, a, true, 1, true)
TRANS(LDPSW_i, gen_ldst_pair, a, true, 2, true)
TRANS(LDPSW_pre, gen_ldst_pair, a, true, 3, true)

/* ---- exclusives, load-acquire/store-release ---- */

/* Acquire/release ordering is a no-op on an x86 host; MO_ACQ records it. */
static unsigned memop_excl(int size, bool acq)
{
    return size | MO_ALIGN | (acq ? MO_ACQ : 0);
}

/* The value of Wt/Xt narrowed to the access size, for the exclusive helpers
 * (which compare what they store against the monitor's copy). */
static IRVal read_data(DisasContext *s, unsigned rt, unsigned size)
{
    IRVal v = a64_read_x(s, rt);
    if (size < 3 && rt != 31) {
        v = gen_ext(s, IR_EXTU, 64, v, 8u << size);
    }
    return v;
}

/* LDAR, STLR: single-copy atomic, an unaligned address faults. */
static bool trans_LDAR(DisasContext *s, arg_ldxr *a)
{
    IRVal addr = gen_base(s, a->rn);

    a64_write_x(s, a->rt, gen_ld(s, addr, memop_excl(a->size, true)), a->size == 3);
    return true;
}

static bool trans_STLR(DisasContext *s, arg_ldxr *a)
{
    IRVal addr = gen_base(s, a->rn);

    gen_st(s, addr, a64_read_x(s, a->rt), memop_excl(a->size, true));
    return true;
}

static bool gen_ldxr(DisasContext *s, arg_ldxr *a, bool acq)
{
    IRVal addr = gen_base(s, a->rn);
    IRVal v = ir_call_helper(s->b, HELPER_ldxr, addr, ir_movi(s->b, memop_excl(a->size, acq)));

    a64_write_x(s, a->rt, gen_be_load(s, v, a->size), a->size == 3);
    return true;
}

static bool gen_stxr(DisasContext *s, arg_stxr *a, bool rel)
{
    IRVal addr = gen_base(s, a->rn);
    IRVal v = gen_be_store(s, read_data(s, a->rt, a->size), a->size);
    IRVal st = ir_call_helper(s->b, HELPER_stxr, addr, v, ir_movi(s->b, memop_excl(a->size, rel)));

    a64_write_x(s, a->rs, st, false);
    return true;
}

static bool gen_ldxp(DisasContext *s, arg_ldxp *a, bool acq)
{
    IRVal addr = gen_base(s, a->rn);
    IRVal lo = ir_call_helper(s->b, HELPER_ldxp, addr, ir_movi(s->b, memop_excl(a->size, acq)));
    IRVal hi = ir_call_helper(s->b, HELPER_ldxp_hi);

    /* Each element is its own big-endian access. */
    a64_write_x(s, a->rt, gen_be_load(s, lo, a->size), a->size == 3);
    a64_write_x(s, a->rt2, gen_be_load(s, hi, a->size), a->size == 3);
    return true;
}

static bool gen_stxp(DisasContext *s, arg_stxp *a, bool rel)
{
    IRVal addr = gen_base(s, a->rn);
    IRVal lo = gen_be_store(s, read_data(s, a->rt, a->size), a->size);
    IRVal hi = gen_be_store(s, read_data(s, a->rt2, a->size), a->size);
    IRVal st = ir_call_helper(s->b, HELPER_stxp, addr, lo, hi,
                              ir_movi(s->b, memop_excl(a->size, rel)));
    a64_write_x(s, a->rs, st, false);
    return true;
}

TRANS(LDXR, gen_ldxr, a, false)
TRANS(LDAXR, gen_ldxr, a, true)
TRANS(STXR, gen_stxr, a, false)
TRANS(STLXR, gen_stxr, a, true)
TRANS(LDXP, gen_ldxp, a, false)
TRANS(LDAXP, gen_ldxp, a, true)
TRANS(STXP, gen_stxp, a, false)
TRANS(STLXP, gen_stxp, a, true)
