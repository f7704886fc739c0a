/* a64-translate.c: the A64 frontend's driver: fetches guest instructions,
 * dispatches each to its group's generated decoder and decides where the
 * block ends. */
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "arm/debug.h"
#include "arm/syndrome.h"
#include "debug/gdbstub.h"

static void gen_fetch_fault(DisasContext *s, int excp, uint32_t syn)
{
    IRBlock *b = s->b;

    ir_call_helper(b, HELPER_fetch_fault, ir_movi(b, (uint64_t)(int64_t)excp), ir_movi(b, syn),
                   ir_movi(b, s->pc));
    ir_emit(b, IR_EXIT_NORETURN, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    s->ended = true;
}

bool a64_disas_insn(DisasContext *s, uint32_t insn)
{
    uint32_t mark_n = s->b->n, mark_labels = s->b->nlabels;
    bool ok;

    switch ((insn >> 25) & 0xf) {   /* op0 */
    case 0x8: case 0x9:
        ok = a64_decode_dp_imm(s, insn);
        break;
    case 0xa: case 0xb:
        ok = a64_decode_branch_sys(s, insn);
        break;
    case 0x4: case 0x6: case 0xc: case 0xe:
        ok = a64_decode_ldst(s, insn) || a64_decode_ldst_simd(s, insn);
        break;
    case 0x5: case 0xd:
        ok = a64_decode_dp_reg(s, insn);
        break;
    case 0x7: case 0xf:
        /* Scalar FP (bit 30 = 0, bit 28 = 1); the AdvSIMD and crypto
         * encodings are the rest of the space. */
        ok = a64_decode_fp(s, insn) || a64_decode_simd(s, insn);
        break;
    default:    /* UDF and the reserved space, SVE (not on v8.0) */
        ok = false;
        break;
    }
    if (!ok) {
        /* A handler refuses before it emits; this keeps an UNDEFINED
         * instruction free of partial side effects all the same. */
        s->b->n = mark_n;
        s->b->nlabels = mark_labels;
        s->ended = false;
    }
    return ok;
}

void a64_translate(IRBlock *b, CPUARMState *env, uint64_t pc, uint32_t tb_flags,
                   unsigned max_insns)
{
    DisasContext s = {
        .b = b,
        .pc = pc,
        .tb_flags = tb_flags,
        .el = tb_flags & TB_FLAG_EL_MASK,
    };
    uint64_t page = pc & TARGET_PAGE_MASK;
    unsigned n = 0;

    if (max_insns == 0 || max_insns > TB_MAX_INSNS) {
        max_insns = TB_MAX_INSNS;
    }
    if (tb_flags & (TB_FLAG_SS | TB_FLAG_SSTEP)) {
        max_insns = 1;
    }
    ir_block_reset(b, pc, tb_flags);
    if ((tb_flags & TB_FLAG_SSTEP) && !(tb_flags & TB_FLAG_PSTATE_SS)) {
        /* Software step active-pending (an ERET with SPSR.SS = 0, the return from an
         * exception taken by a stepped SVC, PSTATE.D cleared): the Software Step
         * exception comes before this instruction, with ISV = 0. */
        ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, s.pc);
        ir_call_helper(b, HELPER_exception, ir_movi(b, EXCP_UDEF),
                       ir_movi(b, syn_swstep(false, false)), ir_movi(b, s.pc));
        ir_emit(b, IR_EXIT_NORETURN, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
        b->guest_insns = 1;
        b->guest_size = 4;
        return;
    }

    for (;;) {
        uint32_t insn;
        int excp = 0;
        uint32_t syn = 0;

        /* A single step executes the instruction it starts on even when a
         * breakpoint is there: that is how gdb steps off one. */
        if (gdbstub_breakpoint_at(s.pc) && !(n == 0 && (tb_flags & TB_FLAG_SS))) {
            if (n == 0) {
                ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, s.pc);
                ir_call_helper(b, HELPER_debug_break, ir_movi(b, s.pc));
                ir_emit(b, IR_EXIT_NORETURN, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
                s.ended = true;
                n = 1;
                s.pc += 4;
            }
            break;
        }
        if (!cpu_fetch_insn(env, s.pc, &insn, &excp, &syn)) {
            if (n == 0) {
                /* The fault belongs to this block's only "instruction":
                 * the run loop sees it as the block's result. */
                ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, s.pc);
                gen_fetch_fault(&s, excp, syn);
                n = 1;
                s.pc += 4;
            }
            break;
        }
        s.insn = insn;
        ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, s.pc);
        /* Hardware breakpoints: the instructions an enabled breakpoint names check the
         * rest (privilege, linked context) when they run, before they execute. */
        if ((tb_flags & TB_FLAG_HWBP) && arm_bp_at(env, s.pc)) {
            ir_call_helper(b, HELPER_hw_break, ir_movi(b, s.pc));
        }
        if ((tb_flags & TB_FLAG_SSTEP) && (tb_flags & TB_FLAG_PSTATE_SS)) {
            ir_call_helper(b, HELPER_ss_begin);
        }
        if (!a64_disas_insn(&s, insn)) {
            a64_gen_undef(&s);
        }
        n++;
        s.pc += 4;
        if (s.ended || n >= max_insns || (s.pc & TARGET_PAGE_MASK) != page) {
            break;
        }
    }
    if (!s.ended) {
        a64_gen_goto(&s, 0, s.pc);
    }
    b->guest_insns = n;
    b->guest_size = s.pc - pc;
}
