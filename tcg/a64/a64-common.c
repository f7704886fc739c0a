/* a64-common.c: register access and exception generation shared by every
 * A64 decoder group. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"

unsigned a64_sp_slot(const DisasContext *s)
{
    return (s->el == 0 || !(s->tb_flags & TB_FLAG_SPSEL)) ? GR_SP_EL0 : GR_SP_EL1;
}

IRVal a64_read_x(DisasContext *s, unsigned reg)
{
    return reg == 31 ? ir_movi(s->b, 0) : ir_get_reg(s->b, reg);
}

IRVal a64_read_x_sp(DisasContext *s, unsigned reg)
{
    return ir_get_reg(s->b, reg == 31 ? a64_sp_slot(s) : reg);
}

static void write_slot(DisasContext *s, unsigned slot, IRVal v, bool sf)
{
    if (!sf) {
        v = ir_emit(s->b, IR_EXTU, 64, 0, v, IR_NONE, IR_NONE, IR_NONE, 32);
    }
    ir_set_reg(s->b, slot, v);
}

void a64_write_x(DisasContext *s, unsigned reg, IRVal v, bool sf)
{
    if (reg != 31) {
        write_slot(s, reg, v, sf);
    }
}

void a64_write_x_sp(DisasContext *s, unsigned reg, IRVal v, bool sf)
{
    write_slot(s, reg == 31 ? a64_sp_slot(s) : reg, v, sf);
}

void a64_gen_exception(DisasContext *s, int excp, uint32_t syn, uint64_t return_pc)
{
    IRBlock *b = s->b;
    ir_call_helper(b, HELPER_exception, ir_movi(b, (uint64_t)excp), ir_movi(b, syn),
                   ir_movi(b, return_pc));
    ir_emit(b, IR_EXIT_NORETURN, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    s->ended = true;
}

void a64_gen_undef(DisasContext *s)
{
    a64_gen_exception(s, EXCP_UDEF, syn_uncategorized(), s->pc);
}

bool a64_fp_access_check(DisasContext *s)
{
    if (s->tb_flags & TB_FLAG_FPEN) {
        return true;
    }
    a64_gen_exception(s, EXCP_UDEF, syn_fp_access_trap(), s->pc);
    return false;
}

void a64_gen_goto(DisasContext *s, int slot, uint64_t dest)
{
    ir_emit(s->b, IR_EXIT_TB, 64, (uint8_t)slot, IR_NONE, IR_NONE, IR_NONE, IR_NONE, dest);
    s->ended = true;
}

IRVal gen_addsub(DisasContext *s, bool sub, bool setf, unsigned sz, IRVal a, IRVal b)
{
    IRVal r = gen_bin(s, sub ? IR_SUB : IR_ADD, sz, a, b);

    if (setf) {
        gen_setflags(s, sub ? CC_SUB : CC_ADD, sz, a, b);
    }
    return r;
}

unsigned memop_for(const DisasContext *s, unsigned size)
{
    return size | ((s->tb_flags & TB_FLAG_ALIGN) ? MO_ALIGN : 0);
}

/* The low 1 << size bytes of v reversed (zero-extended); bytes are returned as they are. */
static IRVal gen_swap(DisasContext *s, IRVal v, unsigned size)
{
    switch (size) {
    case 0:
        return v;
    case 1:
        return gen_bini(s, IR_SHR, 32, gen_un(s, IR_BSWAP, 32, v), 16);
    case 2:
        return gen_un(s, IR_BSWAP, 32, v);
    default:
        return gen_un(s, IR_BSWAP, 64, v);
    }
}

unsigned be_memop(const DisasContext *s, unsigned memop)
{
    return a64_be_data(s) && (memop & MO_SIZE) ? memop & ~(unsigned)MO_SIGN : memop;
}

IRVal gen_be_load(DisasContext *s, IRVal v, unsigned memop)
{
    unsigned size = memop & MO_SIZE;

    if (!a64_be_data(s) || !size) {
        return v;
    }
    v = gen_swap(s, v, size);
    return (memop & MO_SIGN) && size < 3 ? gen_ext(s, IR_EXTS, 64, v, 8u << size) : v;
}

IRVal gen_be_store(DisasContext *s, IRVal v, unsigned size)
{
    return a64_be_data(s) ? gen_swap(s, v, size) : v;
}

IRVal gen_ld(DisasContext *s, IRVal addr, unsigned memop)
{
    IRVal v = ir_emit(s->b, IR_LD, 64, 0, addr, IR_NONE, IR_NONE, IR_NONE, be_memop(s, memop));
    return gen_be_load(s, v, memop);
}

void gen_st(DisasContext *s, IRVal addr, IRVal val, unsigned memop)
{
    val = gen_be_store(s, val, memop & MO_SIZE);
    ir_emit(s->b, IR_ST, 64, 0, addr, val, IR_NONE, IR_NONE, memop);
}

IRVal gen_base(DisasContext *s, unsigned rn)
{
    IRVal base = a64_read_x_sp(s, rn);

    if (rn == 31 && (s->tb_flags & TB_FLAG_SA)) {
        ir_call_helper(s->b, HELPER_check_sp_align, base, ir_movi(s->b, s->pc));
    }
    return base;
}

IRVal gen_addr_r(DisasContext *s, unsigned rn, unsigned rm, unsigned option, unsigned shift)
{
    IRVal base = gen_base(s, rn);
    IRVal off = a64_read_x(s, rm);

    if (option == 2) {              /* UXTW */
        off = gen_ext(s, IR_EXTU, 64, off, 32);
    } else if (option == 6) {       /* SXTW */
        off = gen_ext(s, IR_EXTS, 64, off, 32);
    }                               /* 3 LSL/UXTX, 7 SXTX: the whole X */
    if (shift) {
        off = gen_bini(s, IR_SHL, 64, off, shift);
    }
    return ir_bin(s->b, IR_ADD, 64, base, off);
}
