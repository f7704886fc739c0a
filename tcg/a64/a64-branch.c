/* a64-branch.c: the A64 "branches, exception generating and system
 * instructions" group (op0 = 101x) for an ARMv8.0-A core (cortex-a57). */
#include "tcg/a64/a64.h"
#include "arm/sysreg.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"

/* ---- small local utilities ---- */

static inline uint32_t field(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((1u << len) - 1);
}

static inline int64_t sfield(uint32_t insn, unsigned pos, unsigned len)
{
    return (int64_t)((uint64_t)field(insn, pos, len) << (64 - len)) >> (64 - len);
}

/* Leave to the run loop at dest: PSTATE, interrupts or other CPUs may need
 * attention before the next instruction. */
static void gen_exit_loop(DisasContext *s, uint64_t dest)
{
    ir_emit(s->b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, dest);
    s->ended = true;
}

static void gen_exit_indirect(DisasContext *s, IRVal dest)
{
    ir_emit(s->b, IR_EXIT_INDIRECT, 64, 0, dest, IR_NONE, IR_NONE, IR_NONE, 0);
    s->ended = true;
}

/* Two chainable exits: slot 0 falls through, slot 1 is the taken branch. */
static void gen_cond_exits(DisasContext *s, uint32_t label, uint64_t taken)
{
    a64_gen_goto(s, 0, s->pc + 4);
    ir_emit(s->b, IR_LABEL, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, label);
    a64_gen_goto(s, 1, taken);
}

/* TLBI: any TLB invalidation drops the whole software TLB. Over-invalidating
 * is always correct and the TLB refills cheaply. */
static uint64_t helper_tlbi(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    tlb_flush(env);
    return 0;
}

/* ---- unconditional branch (immediate), compare/test and branch ---- */

static bool disas_b_imm(DisasContext *s, uint32_t insn)
{
    uint64_t dest = s->pc + (uint64_t)(sfield(insn, 0, 26) * 4);

    if (insn >> 31) {                                   /* BL */
        ir_set_reg(s->b, GR_X30, ir_movi(s->b, s->pc + 4));
    }
    a64_gen_goto(s, 0, dest);
    return true;
}

static bool disas_cmp_branch(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, nz = field(insn, 24, 1);
    uint64_t dest = s->pc + (uint64_t)(sfield(insn, 5, 19) * 4);
    uint32_t label = ir_new_label(s->b);
    IRVal v = a64_read_x(s, field(insn, 0, 5));

    ir_emit(s->b, IR_BRCOND, sf ? 64 : 32, nz ? IRC_NE : IRC_EQ, v, ir_movi(s->b, 0),
            IR_NONE, IR_NONE, label);
    gen_cond_exits(s, label, dest);
    return true;
}

static bool disas_test_branch(DisasContext *s, uint32_t insn)
{
    unsigned bit = field(insn, 31, 1) << 5 | field(insn, 19, 5);
    bool nz = field(insn, 24, 1);
    uint64_t dest = s->pc + (uint64_t)(sfield(insn, 5, 14) * 4);
    uint32_t label = ir_new_label(s->b);
    IRVal v = a64_read_x(s, field(insn, 0, 5));

    ir_emit(s->b, IR_BRCOND, 64, nz ? IRC_TSTNE : IRC_TSTEQ, v, ir_movi(s->b, 1ull << bit),
            IR_NONE, IR_NONE, label);
    gen_cond_exits(s, label, dest);
    return true;
}

static bool disas_cond_branch(DisasContext *s, uint32_t insn)
{
    ArmCond cond = (ArmCond)field(insn, 0, 4);
    uint64_t dest = s->pc + (uint64_t)(sfield(insn, 5, 19) * 4);
    uint32_t label;

    /* o1 (bit 24) and o0 (bit 4) set: BC.cond (v8.8) and reserved. */
    if (field(insn, 24, 1) || field(insn, 4, 1)) {
        return false;
    }
    if (cond >= ARM_AL) {                               /* AL and NV: always */
        a64_gen_goto(s, 0, dest);
        return true;
    }
    label = ir_new_label(s->b);
    ir_emit(s->b, IR_BRCC, 64, cond, IR_NONE, IR_NONE, IR_NONE, IR_NONE, label);
    gen_cond_exits(s, label, dest);
    return true;
}

/* ---- unconditional branch (register) ---- */

static bool disas_branch_reg(DisasContext *s, uint32_t insn)
{
    unsigned opc = field(insn, 21, 4), op2 = field(insn, 16, 5), op3 = field(insn, 10, 6);
    unsigned rn = field(insn, 5, 5), op4 = field(insn, 0, 5);
    IRVal dest;

    /* Every form with op3 != 0 or op4 != 0 is a pointer-authentication
     * variant (BRAA, RETAA, ERETAA...): not on v8.0. */
    if (op2 != 0x1f || op3 != 0 || op4 != 0) {
        return false;
    }
    switch (opc) {
    case 0:                                             /* BR */
    case 2:                                             /* RET */
        gen_exit_indirect(s, a64_read_x(s, rn));
        return true;
    case 1:                                             /* BLR: read Rn before X30 changes */
        dest = a64_read_x(s, rn);
        ir_set_reg(s->b, GR_X30, ir_movi(s->b, s->pc + 4));
        gen_exit_indirect(s, dest);
        return true;
    case 4:                                             /* ERET */
        if (rn != 0x1f || s->el == 0) {
            return false;
        }
        dest = ir_call(s->b, (void *)helper_eret, CALL_READS_REGS | CALL_WRITES_REGS, 0,
                       IR_NONE, IR_NONE, IR_NONE);
        gen_exit_indirect(s, dest);
        return true;
    default:                                            /* DRPS (5) and reserved */
        return false;
    }
}

/* ---- exception generation ---- */

/* HVC and SMC: no EL2/EL3 and no PSCI conduit yet, so both are UNDEFINED.
 * The PSCI work replaces this one function (call the PSCI handler for a
 * conduit that matches the DTB's "method", else keep UNDEFINED). */
static bool gen_hvc_smc(DisasContext *s, bool is_smc, uint32_t imm16)
{
    return false;
}

static bool disas_exception(DisasContext *s, uint32_t insn)
{
    unsigned opc = field(insn, 21, 3), op2 = field(insn, 2, 3), ll = field(insn, 0, 2);
    uint32_t imm16 = field(insn, 5, 16);

    if (op2 != 0) {
        return false;
    }
    switch (opc << 2 | ll) {
    case 0 << 2 | 1:                                    /* SVC */
        a64_gen_exception(s, EXCP_SWI, syn_svc(imm16), s->pc + 4);
        return true;
    case 0 << 2 | 2:                                    /* HVC */
        return gen_hvc_smc(s, false, imm16);
    case 0 << 2 | 3:                                    /* SMC */
        return gen_hvc_smc(s, true, imm16);
    case 1 << 2 | 0:                                    /* BRK */
        a64_gen_exception(s, EXCP_BKPT, syn_brk(imm16), s->pc);
        return true;
    case 2 << 2 | 0:                                    /* HLT */
        if ((s->tb_flags & TB_FLAG_SEMIHOST) && imm16 == 0xf000) {
            ir_call(s->b, (void *)helper_semihosting,
                    CALL_READS_REGS | CALL_WRITES_REGS | CALL_MAY_RAISE, 0,
                    IR_NONE, IR_NONE, IR_NONE);
            /* End here: a semihosting call may ask the loop to stop. */
            a64_gen_goto(s, 0, s->pc + 4);
            return true;
        }
        return false;                                   /* halting debug is off */
    default:                                            /* DCPS1-3, TSTART, reserved */
        return false;
    }
}

/* ---- system: hints, barriers, PSTATE, SYS, MRS/MSR ---- */

static bool disas_hint(DisasContext *s, unsigned op1, unsigned crm, unsigned op2)
{
    if (op1 != 3) {
        return false;
    }
    switch (crm << 3 | op2) {
    case 1:                                             /* YIELD */
    case 2:                                             /* WFE: no event model, yield */
        gen_exit_loop(s, s->pc + 4);
        return true;
    case 3:                                             /* WFI */
        ir_call(s->b, (void *)helper_wfi,
                CALL_READS_REGS | CALL_WRITES_REGS | CALL_MAY_RAISE, 1,
                ir_movi(s->b, s->pc + 4), IR_NONE, IR_NONE);
        gen_exit_loop(s, s->pc + 4);
        return true;
    default:
        /* NOP, SEV, SEVL, and every other hint (ESB, PSB, CSDB, BTI,
         * PACIASP, AUTIASP, XPACLRI...): the architecture makes unallocated
         * hints NOPs, which is what lets v8.3+ code run on a v8.0 core. */
        return true;
    }
}

static bool disas_barrier(DisasContext *s, unsigned op1, unsigned crm, unsigned op2)
{
    if (op1 != 3) {
        return false;
    }
    switch (op2) {
    case 2:                                             /* CLREX */
        ir_call(s->b, (void *)helper_clrex, CALL_READS_REGS, 0, IR_NONE, IR_NONE, IR_NONE);
        return true;
    case 4:                                             /* DSB (and SSBB, PSSBB) */
    case 5:                                             /* DMB */
        /* One core at a time runs guest code here, and the host (x86-64
         * TSO) never reorders what a single thread observes. */
        return true;
    case 6:                                             /* ISB */
        /* A context synchronization: code written before it must be seen,
         * so the next instruction starts a fresh lookup. */
        a64_gen_goto(s, 0, s->pc + 4);
        return true;
    default:                                            /* DSB nXS (1), SB (7), reserved */
        return false;
    }
}

static bool disas_msr_imm(DisasContext *s, unsigned op1, unsigned crm, unsigned op2)
{
    unsigned op;

    switch (op1 << 3 | op2) {
    case 0 << 3 | 5:                                    /* SPSel */
        op = 2;
        break;
    case 3 << 3 | 6:                                    /* DAIFSet */
        op = 0;
        break;
    case 3 << 3 | 7:                                    /* DAIFClr */
        op = 1;
        break;
    default:                                            /* UAO, PAN, SSBS, DIT, TCO, CFINV... */
        return false;
    }
    /* SPSel is EL1-only. DAIF at EL0 depends on SCTLR_EL1.UMA, which the
     * TB flags do not carry: the helper checks it and raises the trap. */
    if (s->el == 0 && op == 2) {
        return false;
    }
    ir_call(s->b, (void *)helper_msr_imm, CALL_READS_REGS | CALL_WRITES_REGS | CALL_MAY_RAISE,
            2, ir_movi(s->b, op), ir_movi(s->b, crm), IR_NONE);
    /* PSTATE feeds the TB flags, and unmasking may let an interrupt in. */
    gen_exit_loop(s, s->pc + 4);
    return true;
}

static bool disas_sys(DisasContext *s, bool l, unsigned op1, unsigned crn, unsigned crm,
                      unsigned op2, unsigned rt)
{
    unsigned op = op1 << 7 | crn << 3 | op2;            /* crm checked per case */
    bool el1 = s->el >= 1;

    if (l) {                                            /* SYSL: nothing on v8.0 */
        return false;
    }
#define SYSOP(o1, n, o2) ((o1) << 7 | (n) << 3 | (o2))
    switch (op) {
    case SYSOP(0, 7, 0):                                /* IC IALLUIS (1), IC IALLU (5) */
        if ((crm != 1 && crm != 5) || !el1) {
            return false;
        }
        ir_call(s->b, (void *)helper_ic_inval, CALL_READS_REGS, 2,
                ir_movi(s->b, 0), ir_movi(s->b, 1), IR_NONE);
        /* The cache may have been flushed under this very block. */
        gen_exit_loop(s, s->pc + 4);
        return true;
    case SYSOP(3, 7, 1):                                /* EL0-capable VA ops */
        switch (crm) {
        case 4:                                         /* DC ZVA */
            /* Rt goes along for the EL0 trap syndrome. */
            ir_call(s->b, (void *)helper_dc_zva, CALL_READS_REGS | CALL_MAY_RAISE, 2,
                    a64_read_x(s, rt), ir_movi(s->b, rt), IR_NONE);
            return true;
        case 5:                                         /* IC IVAU: SMC detection covers it */
        case 10:                                        /* DC CVAC */
        case 11:                                        /* DC CVAU */
        case 14:                                        /* DC CIVAC */
            return true;
        default:                                        /* DC CVAP (v8.2), CVADP, ... */
            return false;
        }
    case SYSOP(0, 7, 1):                                /* DC IVAC */
        return crm == 6 && el1;
    case SYSOP(0, 7, 2):                                /* DC ISW (6), CSW (10), CISW (14) */
        return (crm == 6 || crm == 10 || crm == 14) && el1;
    case SYSOP(0, 8, 0): case SYSOP(0, 8, 1): case SYSOP(0, 8, 2):
    case SYSOP(0, 8, 3): case SYSOP(0, 8, 5): case SYSOP(0, 8, 7):
        /* TLBI VMALLE1(IS), VAE1(IS), ASIDE1(IS), VAAE1(IS), VALE1(IS),
         * VAALE1(IS); the v8.4 OS/range forms use other CRm values. */
        if ((crm != 3 && crm != 7) || !el1) {
            return false;
        }
        ir_call(s->b, (void *)helper_tlbi, CALL_READS_REGS, 0, IR_NONE, IR_NONE, IR_NONE);
        return true;
    default:                                            /* AT (MMU milestone), EL2/EL3 ops... */
        return false;
    }
#undef SYSOP
}

static bool disas_sysreg(DisasContext *s, bool l, uint32_t insn, unsigned rt)
{
    uint32_t key = field(insn, 5, 16);
    const SysReg *r;
    IRVal v;

    if (key == SYSREG_KEY(3, 3, 4, 2, 0)) {             /* NZCV: lazy flags, no helper */
        if (l) {
            a64_write_x(s, rt, ir_emit(s->b, IR_GETNZCV, 64, 0, IR_NONE, IR_NONE, IR_NONE,
                                       IR_NONE, 0), true);
        } else {
            ir_emit(s->b, IR_SETFLAGS, 64, CC_NZCV, a64_read_x(s, rt), ir_movi(s->b, 0),
                    IR_NONE, IR_NONE, 0);
        }
        return true;
    }
    /* The static rules (min_el, read-only, EL0 read-only) are checked here;
     * the helpers repeat the ones that depend on run-time state (UMA,
     * CNTKCTL...) and raise the trap themselves, hence CALL_MAY_RAISE. */
    r = sysreg_find(key);
    if (!r || !sysreg_access_ok(r, s->el, !l)) {
        return false;
    }
    if (l) {
        v = ir_call(s->b, (void *)helper_mrs, CALL_READS_REGS | CALL_MAY_RAISE, 2,
                    ir_movi(s->b, (uintptr_t)r), ir_movi(s->b, rt), IR_NONE);
        a64_write_x(s, rt, v, true);
        return true;
    }
    ir_call(s->b, (void *)helper_msr, CALL_READS_REGS | CALL_WRITES_REGS | CALL_MAY_RAISE, 3,
            ir_movi(s->b, (uintptr_t)r), a64_read_x(s, rt), ir_movi(s->b, rt));
    if (r->ends_tb) {
        gen_exit_loop(s, s->pc + 4);
    }
    return true;
}

static bool disas_system(DisasContext *s, uint32_t insn)
{
    bool l = field(insn, 21, 1);
    unsigned op0 = field(insn, 19, 2), op1 = field(insn, 16, 3);
    unsigned crn = field(insn, 12, 4), crm = field(insn, 8, 4);
    unsigned op2 = field(insn, 5, 3), rt = field(insn, 0, 5);

    switch (op0) {
    case 0:
        /* Hints, barriers and PSTATE writes take no register; WFET/WFIT
         * (CRn = 1, v8.7) and everything with L = 1 are unallocated. */
        if (l || rt != 0x1f) {
            return false;
        }
        switch (crn) {
        case 2:
            return disas_hint(s, op1, crm, op2);
        case 3:
            return disas_barrier(s, op1, crm, op2);
        case 4:
            return disas_msr_imm(s, op1, crm, op2);
        default:
            return false;
        }
    case 1:
        return disas_sys(s, l, op1, crn, crm, op2, rt);
    default:
        return disas_sysreg(s, l, insn, rt);
    }
}

bool a64_disas_branch_sys(DisasContext *s, uint32_t insn)
{
    if ((insn & 0x7c000000) == 0x14000000) {
        return disas_b_imm(s, insn);
    }
    if ((insn & 0x7e000000) == 0x34000000) {
        return disas_cmp_branch(s, insn);
    }
    if ((insn & 0x7e000000) == 0x36000000) {
        return disas_test_branch(s, insn);
    }
    if ((insn & 0xfe000000) == 0x54000000) {
        return disas_cond_branch(s, insn);
    }
    if ((insn & 0xff000000) == 0xd4000000) {
        return disas_exception(s, insn);
    }
    if ((insn & 0xffc00000) == 0xd5000000) {
        return disas_system(s, insn);
    }
    if ((insn & 0xfe000000) == 0xd6000000) {
        return disas_branch_reg(s, insn);
    }
    return false;                                       /* 0x55..., 0xd7... and the rest */
}
