/* trans-branch-sys.c: A64 "Branches, Exception Generating and System
 * instructions" (op0 = 101x) for an ARMv8.0-A core (cortex-a57): the
 * handlers of branch-sys.decode. */
#include <inttypes.h>
#include "tcg/a64/a64.h"
#include "arm/bits.h"
#include "arm/sysreg.h"
#include "tcg/helpers.h"
#include "core/log.h"
#include "decode-fields.h"
#include "a64-decode-branch-sys.c.inc"

/* Leave to the run loop at the next instruction: PSTATE, interrupts or
 * other CPUs may need attention before it. */
static bool gen_exit_loop(DisasContext *s)
{
    ir_emit(s->b, IR_EXIT_LOOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, s->pc + 4);
    s->ended = true;
    return true;
}

static void gen_exit_indirect(DisasContext *s, IRVal dest, bool keeps_flags)
{
    ir_emit(s->b, IR_EXIT_INDIRECT, 64, 0, dest, IR_NONE, IR_NONE, IR_NONE,
            keeps_flags ? IR_EXIT_KEEPS_FLAGS : 0);
    s->ended = true;
}

/* Two chainable exits: slot 0 falls through, slot 1 is the taken branch. */
static bool gen_cond_exits(DisasContext *s, uint32_t label, int64_t offset)
{
    a64_gen_goto(s, 0, s->pc + 4);
    ir_emit(s->b, IR_LABEL, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, label);
    a64_gen_goto(s, 1, s->pc + (uint64_t)offset);
    return true;
}

/* Cache maintenance by set/way and DC IVAC: nothing to do, but EL1 only. */
static bool gen_nop_el1(DisasContext *s)
{
    return s->el >= 1;
}

/* ---- unconditional branch (immediate), compare/test and branch ---- */

static bool gen_b(DisasContext *s, int64_t offset, bool link)
{
    if (link) {
        ir_set_reg(s->b, GR_X30, ir_movi(s->b, s->pc + 4));
    }
    a64_gen_goto(s, 0, s->pc + (uint64_t)offset);
    return true;
}

TRANS(B, gen_b, a->imm, false)
TRANS(BL, gen_b, a->imm, true)

static bool gen_cbz(DisasContext *s, arg_cbz *a, IRCond cond)
{
    uint32_t label = ir_new_label(s->b);
    IRVal v = a64_read_x(s, a->rt);

    ir_emit(s->b, IR_BRCOND, a->sf ? 64 : 32, cond, v, ir_movi(s->b, 0), IR_NONE, IR_NONE, label);
    return gen_cond_exits(s, label, a->imm);
}

TRANS(CBZ, gen_cbz, a, IRC_EQ)
TRANS(CBNZ, gen_cbz, a, IRC_NE)

static bool gen_tbz(DisasContext *s, arg_tbz *a, IRCond cond)
{
    uint32_t label = ir_new_label(s->b);
    IRVal v = a64_read_x(s, a->rt);

    ir_emit(s->b, IR_BRCOND, 64, cond, v, ir_movi(s->b, 1ull << a->bit), IR_NONE, IR_NONE,
            label);
    return gen_cond_exits(s, label, a->imm);
}

TRANS(TBZ, gen_tbz, a, IRC_TSTEQ)
TRANS(TBNZ, gen_tbz, a, IRC_TSTNE)

static bool trans_B_cond(DisasContext *s, arg_bcond *a)
{
    uint32_t label;

    if (a->cond >= ARM_AL) {                            /* AL and NV: always */
        return gen_b(s, a->imm, false);
    }
    label = ir_new_label(s->b);
    ir_emit(s->b, IR_BRCC, 64, a->cond, IR_NONE, IR_NONE, IR_NONE, IR_NONE, label);
    return gen_cond_exits(s, label, a->imm);
}

/* ---- unconditional branch (register) ---- */

static bool gen_br(DisasContext *s, arg_r *a, bool link)
{
    IRVal dest = a64_read_x(s, a->rn);                  /* before X30 changes */

    if (link) {
        ir_set_reg(s->b, GR_X30, ir_movi(s->b, s->pc + 4));
    }
    gen_exit_indirect(s, dest, true);
    return true;
}

TRANS(BR, gen_br, a, false)
TRANS(BLR, gen_br, a, true)
TRANS(RET, gen_br, a, false)

static bool trans_ERET(DisasContext *s, arg_ERET *a)
{
    if (s->el == 0) {
        return false;
    }
    gen_exit_indirect(s, ir_call_helper(s->b, HELPER_eret), false);
    return true;
}

/* ---- exception generation ---- */

static bool gen_exception(DisasContext *s, int excp, uint32_t syn, uint64_t return_pc)
{
    a64_gen_exception(s, excp, syn, return_pc);
    return true;
}

TRANS(SVC, gen_exception, EXCP_SWI, syn_svc(a->imm), s->pc + 4)
TRANS(BRK, gen_exception, EXCP_BKPT, syn_brk(a->imm), s->pc)

/* HVC and SMC: there is no EL2 or EL3, so each is UNDEFINED unless it is
 * the PSCI conduit the device tree names (arm/psci.h), where it is a call of
 * the built-in firmware (whatever imm16, as QEMU). UNDEFINED at EL0. The
 * block ends after it: the call may power CPUs off and on. */
static bool gen_hvc_smc(DisasContext *s, bool is_smc, uint32_t imm16)
{
    if (s->el == 0 || arm_psci_conduit() != (is_smc ? PSCI_CONDUIT_SMC : PSCI_CONDUIT_HVC)) {
        return false;
    }
    ir_call_helper(s->b, HELPER_psci, ir_movi(s->b, s->pc + 4));
    return gen_exit_loop(s);
}

TRANS(HVC, gen_hvc_smc, false, a->imm)
TRANS(SMC, gen_hvc_smc, true, a->imm)

/* Halting debug is off: only the semihosting call HLT #0xf000 is allocated. */
static bool trans_HLT(DisasContext *s, arg_i *a)
{
    if (!(s->tb_flags & TB_FLAG_SEMIHOST) || a->imm != 0xf000) {
        return false;
    }
    ir_call_helper(s->b, HELPER_semihosting);
    /* End here: a semihosting call may ask the loop to stop. */
    a64_gen_goto(s, 0, s->pc + 4);
    return true;
}

/* ---- hints and barriers ---- */

/* YIELD: lets the host run another vCPU thread (helper_yield), then leaves to
 * the loop, as a spin-wait hint should. */
static bool trans_YIELD(DisasContext *s, arg_YIELD *a)
{
    (void)a;
    ir_call_helper(s->b, HELPER_yield);
    return gen_exit_loop(s);
}

/* WFI, WFE: the helper sleeps through the run loop (or traps from EL0), then
 * the block leaves to the loop, which takes any interrupt that woke it. */
static bool trans_WFI(DisasContext *s, arg_WFI *a)
{
    ir_call_helper(s->b, HELPER_wfi, ir_movi(s->b, s->pc + 4));
    return gen_exit_loop(s);
}

static bool trans_WFE(DisasContext *s, arg_WFE *a)
{
    ir_call_helper(s->b, HELPER_wfe, ir_movi(s->b, s->pc + 4));
    return gen_exit_loop(s);
}

static bool gen_sev(DisasContext *s, bool local)
{
    ir_call_helper(s->b, HELPER_sev, ir_movi(s->b, local));
    return true;
}

TRANS(SEV, gen_sev, false)
TRANS(SEVL, gen_sev, true)

/* NOP and every other hint (ESB, PSB, CSDB, BTI, PACIASP,
 * AUTIASP, XPACLRI...): the architecture makes unallocated hints NOPs, which
 * is what lets v8.3+ code run on a v8.0 core. */
TRANS(HINT, gen_nop)

static bool trans_CLREX(DisasContext *s, arg_barrier *a)
{
    ir_call_helper(s->b, HELPER_clrex);
    return true;
}

/* DSB (and SSBB, PSSBB), DMB. Every vCPU runs generated code on its own host
 * thread at the same time as the others, so barriers matter. x86-64 (TSO)
 * keeps loads in order with loads and stores, and stores in order with
 * stores; the one reordering it allows is a later load passing an earlier
 * store (the store buffer). So:
 *  - CRm<1:0> = 01 (LD: loads before loads and stores) and 10 (ST: stores
 *    before stores): the host already orders these, no code;
 *  - 11 (ALL, the SY/ISH/NSH/OSH forms) and 00 (reserved encodings, which
 *    behave as SY, and DSB's SSBB/PSSBB): they order stores before loads,
 *    so an mfence (IR_MB).
 * The shareability domain (CRm<3:2>) does not matter: every vCPU is in the
 * inner shareable domain. */
static bool gen_barrier(DisasContext *s, arg_barrier *a)
{
    unsigned types = a->crm & 3;
    if (types != 1 && types != 2) {
        ir_emit(s->b, IR_MB, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    }
    return true;
}

TRANS(DSB, gen_barrier, a)
TRANS(DMB, gen_barrier, a)

/* A context synchronization: code written before it must be seen, so the
 * next instruction starts a fresh lookup. */
static bool trans_ISB(DisasContext *s, arg_barrier *a)
{
    a64_gen_goto(s, 0, s->pc + 4);
    return true;
}

/* ---- PSTATE: op is helper_msr_imm's (0 DAIFSet, 1 DAIFClr, 2 SPSel) ---- */

static bool gen_msr_i(DisasContext *s, arg_barrier *a, unsigned op)
{
    /* SPSel is EL1-only. DAIF at EL0 depends on SCTLR_EL1.UMA, which the
     * TB flags do not carry: the helper checks it and raises the trap. */
    if (s->el == 0 && op == 2) {
        return false;
    }
    ir_call_helper(s->b, HELPER_msr_imm, ir_movi(s->b, op), ir_movi(s->b, a->crm));
    /* PSTATE feeds the TB flags, and unmasking may let an interrupt in. */
    return gen_exit_loop(s);
}

TRANS(MSR_i_SPSEL, gen_msr_i, a, 2)
TRANS(MSR_i_DAIFSET, gen_msr_i, a, 0)
TRANS(MSR_i_DAIFCLR, gen_msr_i, a, 1)

/* ---- SYS: cache and TLB maintenance ---- */

/* IC IALLU, IC IALLUIS: EL1 only, and nothing to do, as for IC IVAU: a write to a page
 * holding code already invalidates that page's blocks, so no block is ever stale (QEMU
 * makes them no-ops too). Flushing every block here cost Linux about 1 s of its 3 s boot:
 * it issues IC IALLUIS after patching alternatives and loading code, and every block was
 * translated again. */
static bool gen_ic_iallu(DisasContext *s)
{
    return s->el != 0;
}

TRANS(IC_IALLUIS, gen_ic_iallu)
TRANS(IC_IALLU, gen_ic_iallu)
/* IC IVAU: the self-modifying-code detection covers it; DC to the point of
 * coherency or unification: no caches to clean. At EL0 they trap to EL1 (EC
 * 0x18) unless SCTLR_EL1.UCI is set, which the TB flags do not carry: the
 * helper checks it. */
static bool gen_cache_op_el0(DisasContext *s, arg_sys *a)
{
    if (s->el == 0) {
        uint32_t syn = syn_sysreg_trap(1, (s->insn >> 16) & 7, (s->insn >> 12) & 0xf,
                                       (s->insn >> 8) & 0xf, (s->insn >> 5) & 7, a->rt, false);
        ir_call_helper(s->b, HELPER_sys_el0_trap, ir_movi(s->b, SCTLR_UCI), ir_movi(s->b, syn));
    }
    return true;
}

TRANS(IC_IVAU, gen_cache_op_el0, a)
TRANS(DC_CVAC, gen_cache_op_el0, a)
TRANS(DC_CVAU, gen_cache_op_el0, a)
TRANS(DC_CIVAC, gen_cache_op_el0, a)
TRANS(DC_IVAC, gen_nop_el1)
TRANS(DC_ISW, gen_nop_el1)
TRANS(DC_CSW, gen_nop_el1)
TRANS(DC_CISW, gen_nop_el1)

static bool trans_DC_ZVA(DisasContext *s, arg_sys *a)
{
    /* Rt goes along for the EL0 trap syndrome. */
    ir_call_helper(s->b, HELPER_dc_zva, a64_read_x(s, a->rt), ir_movi(s->b, a->rt));
    return true;
}

/* TLBI <op>, Xt: the operation is CRm:op2 of the encoding (TLBI_OP), by VA,
 * ASID or all (tcg/helper-mem.c); the helper makes the next block entry go
 * back to the run loop, so the block need not end here. */
static bool gen_tlbi(DisasContext *s, arg_sys *a)
{
    if (s->el == 0) {
        return false;
    }
    ir_call_helper(s->b, HELPER_tlbi_op,
                   ir_movi(s->b, TLBI_OP((s->insn >> 8) & 0xf, (s->insn >> 5) & 7)),
                   a64_read_x(s, a->rt));
    return true;
}

TRANS(TLBI_VMALLE1IS, gen_tlbi, a)
TRANS(TLBI_VAE1IS, gen_tlbi, a)
TRANS(TLBI_ASIDE1IS, gen_tlbi, a)
TRANS(TLBI_VAAE1IS, gen_tlbi, a)
TRANS(TLBI_VALE1IS, gen_tlbi, a)
TRANS(TLBI_VAALE1IS, gen_tlbi, a)
TRANS(TLBI_VMALLE1, gen_tlbi, a)
TRANS(TLBI_VAE1, gen_tlbi, a)
TRANS(TLBI_ASIDE1, gen_tlbi, a)
TRANS(TLBI_VAAE1, gen_tlbi, a)
TRANS(TLBI_VALE1, gen_tlbi, a)
TRANS(TLBI_VAALE1, gen_tlbi, a)

/* AT S1E1R/S1E1W/S1E0R/S1E0W, Xt: the stage 1 walk with the permissions of
 * EL1 or EL0, for a read or a write, into PAR_EL1 (the fault format when it
 * faults, except for an external abort on the walk, which is taken). */
static bool trans_AT(DisasContext *s, arg_at *a)
{
    if (s->el == 0) {
        return false;
    }
    ir_call_helper(s->b, HELPER_at, ir_movi(s->b, a->op), a64_read_x(s, a->rt));
    return true;
}

/* ---- MRS, MSR (register) ----
 * NZCV is the lazy flags, with no helper. For the others the static rules
 * (min_el, read-only, EL0 read-only) are checked here; the helpers repeat the
 * ones that depend on run-time state (UMA, CNTKCTL...) and raise the trap
 * themselves, hence CALL_MAY_RAISE. */

/* An encoding the table does not know: UNDEFINED, and a line under -d unimp naming it
 * (at translation, so once per block that holds it). */
static const SysReg *find_sysreg(DisasContext *s, uint32_t key, bool is_write)
{
    const SysReg *r = sysreg_find(key);

    if (!r) {
        log_unimp("%s of unknown system register S%u_%u_C%u_C%u_%u at PC 0x%" PRIx64
                  ": UNDEFINED\n", is_write ? "MSR" : "MRS", (key >> 14) & 3, (key >> 11) & 7,
                  (key >> 7) & 0xf, (key >> 3) & 0xf, key & 7, s->pc);
    }
    return r;
}

static bool trans_MRS(DisasContext *s, arg_sysreg *a)
{
    const SysReg *r;
    IRVal v;

    if (a->key == SYSREG_KEY(3, 3, 4, 2, 0)) {
        v = ir_emit(s->b, IR_GETNZCV, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, 0);
    } else if ((r = find_sysreg(s, a->key, false)) && sysreg_access_ok(r, s->el, false)) {
        v = ir_call_helper(s->b, HELPER_mrs, ir_movi(s->b, (uintptr_t)r), ir_movi(s->b, a->rt));
    } else {
        return false;
    }
    a64_write_x(s, a->rt, v, true);
    return true;
}

static bool trans_MSR_r(DisasContext *s, arg_sysreg *a)
{
    const SysReg *r;

    if (a->key == SYSREG_KEY(3, 3, 4, 2, 0)) {
        ir_emit(s->b, IR_SETFLAGS, 64, CC_NZCV, a64_read_x(s, a->rt), ir_movi(s->b, 0),
                IR_NONE, IR_NONE, 0);
        return true;
    }
    r = find_sysreg(s, a->key, true);
    if (!r || !sysreg_access_ok(r, s->el, true)) {
        return false;
    }
    ir_call_helper(s->b, HELPER_msr, ir_movi(s->b, (uintptr_t)r), a64_read_x(s, a->rt),
                   ir_movi(s->b, a->rt));
    return r->ends_tb ? gen_exit_loop(s) : true;
}
