/* test-a64-branch.c: the A64 branches, exception generation and system
 * instructions (tcg/a64/trans-branch-sys.c, through a64_disas_insn) and the
 * frontend driver, run on a real CPU state through the IR interpreter and, in
 * the /x86/ copy of every test, as x86-64 code. */
#include <glib.h>
#include <string.h>
#include "arm/bits.h"
#include "tcg/a64/a64.h"
#include "tcg/backend.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "core/memory.h"
#include "x86-jit.h"

#define VBAR 0x80000ull
#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000ull
#define TAIL_BASE 0x50000000ull        /* RAM ending in the middle of a page */
#define TAIL_SIZE 0x800ull
#define PC0 0x40001000ull

#define INSN_NOP 0xd503201fu
#define INSN_UDF 0x00000000u

static ARMCPU *cpu;
static CPUARMState *env;
static IRBlock blk;
static TranslationBlock test_tb __attribute__((aligned(8)));
static MemoryRegion ram, tail;

/* ---- fixtures ---- */

static uint32_t reset_env(unsigned el, bool spsel)
{
    memset(env, 0, offsetof(CPUARMState, jmp_env));
    env->cpu = cpu;
    env->el = el;
    env->spsel = spsel;
    env->vbar_el1 = VBAR;
    env->excl_addr = UINT64_MAX;
    env->sctlr_el1 = 0x00C50838u;
    cpu_set_nzcv(env, 0);
    cpu_helpers_reset(env);
    return el | (spsel ? TB_FLAG_SPSEL : 0);
}

/* Decode one instruction of this group the way the driver does. */
static bool decode1(uint32_t insn, uint64_t pc, uint32_t flags)
{
    DisasContext s = {
        .b = &blk, .pc = pc, .insn = insn, .tb_flags = flags,
        .el = flags & TB_FLAG_EL_MASK,
    };
    bool ok;
    uint32_t mark;

    ir_block_reset(&blk, pc, flags);
    ir_emit(&blk, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, pc);
    mark = blk.n;
    ok = a64_disas_insn(&s, insn);
    if (!ok) {
        blk.n = mark;
        s.ended = false;
        a64_gen_undef(&s);
    }
    if (!s.ended) {
        a64_gen_goto(&s, 0, pc + 4);
    }
    blk.guest_insns = 1;
    blk.guest_size = 4;
    ir_verify(&blk);
    return ok;
}

/* Run blk on the interpreter, or as x86-64 code when use_x86 (the
 * /a64-branch-x86/ copies of the tests); true when an exception was taken
 * (the helper longjmps). */
static bool use_x86;

static bool run_block(uintptr_t *ret)
{
    *ret = 0;
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        if (use_x86) {
            *ret = x86_backend_enter(env, gen(&blk, &test_tb));
        } else {
            *ret = ir_interp_exec(env, &blk, &test_tb);
        }
        return false;
    }
    return true;
}

typedef struct Result {
    bool decoded;
    bool raised;
    uintptr_t ret;
} Result;

static Result exec1(uint32_t insn, uint64_t pc, uint32_t flags)
{
    Result r;

    r.decoded = decode1(insn, pc, flags);
    env->pc = pc;
    r.raised = run_block(&r.ret);
    return r;
}

static uintptr_t slot_exit(int slot)
{
    return (uintptr_t)&test_tb | (uintptr_t)slot;
}

static unsigned count_op(IROp op)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < blk.n; i++) {
        n += blk.insts[i].op == op;
    }
    return n;
}

static const IRInst *find_call(void *fn)
{
    for (uint32_t i = 0; i < blk.n; i++) {
        if (blk.insts[i].op == IR_CALL && blk.insts[i].imm == (uint64_t)(uintptr_t)fn) {
            return &blk.insts[i];
        }
    }
    return NULL;
}

static const IRInst *last_inst(void)
{
    g_assert_cmpuint(blk.n, >, 0);
    return &blk.insts[blk.n - 1];
}

/* The vector offset for a synchronous exception taken to EL1 from (el, spsel). */
static uint64_t sync_vector(unsigned el, bool spsel)
{
    if (el == 0) {
        return VBAR + 0x400;
    }
    return VBAR + (spsel ? 0x200 : 0x000);
}

static void check_exception(uint32_t esr, uint64_t elr, uint32_t spsr, unsigned from_el,
                            bool from_spsel)
{
    g_assert_cmphex(env->esr_el1, ==, esr);
    g_assert_cmphex(env->elr_el1, ==, elr);
    g_assert_cmphex(env->spsr_el1, ==, spsr);
    g_assert_cmphex(env->pc, ==, sync_vector(from_el, from_spsel));
    g_assert_cmpuint(env->el, ==, 1);
    g_assert_cmpuint(env->spsel, ==, 1);
    g_assert_cmphex(env->daif, ==, 0x3c0);
}

/* The instruction is UNDEFINED at (el, spsel): rejected by the decoder and
 * raising EC 0 with ELR at the instruction. */
static void check_undef(uint32_t insn, unsigned el, bool spsel)
{
    uint32_t flags = reset_env(el, spsel);
    uint32_t pstate = arm_cpu_pstate(env);
    Result r = exec1(insn, PC0, flags);

    if (r.decoded || !r.raised) {
        g_test_message("insn %08x at EL%u was not UNDEFINED", insn, el);
    }
    g_assert_false(r.decoded);
    g_assert_true(r.raised);
    check_exception(ARM_EL_IL, PC0, pstate, el, spsel);
}

/* ---- encoders (written from the Arm ARM, independent of the decoder) ---- */

static uint32_t enc_b(bool link, int64_t off)
{
    return (link ? 0x94000000u : 0x14000000u) | ((uint32_t)(off >> 2) & 0x3ffffff);
}

static uint32_t enc_bcond(unsigned cond, int64_t off)
{
    return 0x54000000u | ((uint32_t)(off >> 2) & 0x7ffff) << 5 | cond;
}

static uint32_t enc_cb(bool sf, bool nz, unsigned rt, int64_t off)
{
    return (uint32_t)sf << 31 | 0x34000000u | (uint32_t)nz << 24 |
           ((uint32_t)(off >> 2) & 0x7ffff) << 5 | rt;
}

static uint32_t enc_tb(unsigned bit, bool nz, unsigned rt, int64_t off)
{
    return (uint32_t)(bit >> 5) << 31 | 0x36000000u | (uint32_t)nz << 24 |
           (uint32_t)(bit & 31) << 19 | ((uint32_t)(off >> 2) & 0x3fff) << 5 | rt;
}

/* MRS/MSR Xt, <op0,op1,CRn,CRm,op2> */
static uint32_t enc_sysreg(bool read, uint32_t key, unsigned rt)
{
    return 0xd5000000u | (uint32_t)read << 21 | (key & 0xffff) << 5 | rt;
}

/* ---- branches ---- */

static void test_b_bl(void)
{
    static const int64_t offs[] = { 4, 8, -4, 0, 0x1000, -0x1000, 0x7fffffc, -0x8000000 };

    for (size_t i = 0; i < G_N_ELEMENTS(offs); i++) {
        for (int link = 0; link < 2; link++) {
            uint32_t flags = reset_env(1, true);
            Result r;

            env->regs[30] = 0xdeadbeef;
            r = exec1(enc_b(link, offs[i]), PC0, flags);
            g_assert_true(r.decoded);
            g_assert_false(r.raised);
            g_assert_cmphex(r.ret, ==, slot_exit(0));
            g_assert_cmphex(env->pc, ==, PC0 + (uint64_t)offs[i]);
            g_assert_cmphex(env->regs[30], ==, link ? PC0 + 4 : 0xdeadbeef);
        }
    }
    /* The target wraps modulo 2^64. */
    {
        uint32_t flags = reset_env(1, true);
        Result r = exec1(enc_b(false, -0x2000), 0x1000, flags);
        g_assert_false(r.raised);
        g_assert_cmphex(env->pc, ==, 0xfffffffffffff000ull);
    }
}

/* An independent statement of the A64 condition codes (Arm ARM C1.2.4). */
static bool cond_ref(unsigned cond, unsigned nzcv)
{
    bool n = nzcv & 8, z = nzcv & 4, c = nzcv & 2, v = nzcv & 1;

    switch (cond) {
    case 0x0: return z;
    case 0x1: return !z;
    case 0x2: return c;
    case 0x3: return !c;
    case 0x4: return n;
    case 0x5: return !n;
    case 0x6: return v;
    case 0x7: return !v;
    case 0x8: return c && !z;
    case 0x9: return !c || z;
    case 0xa: return n == v;
    case 0xb: return n != v;
    case 0xc: return !z && n == v;
    case 0xd: return z || n != v;
    default:  return true;
    }
}

static void test_bcond(void)
{
    static const int64_t offs[] = { 0x40, -0x40, 0xffffc, -0x100000 };

    for (unsigned cond = 0; cond < 16; cond++) {
        for (unsigned nzcv = 0; nzcv < 16; nzcv++) {
            int64_t off = offs[(cond + nzcv) % G_N_ELEMENTS(offs)];
            uint32_t flags = reset_env(1, true);
            bool taken = cond_ref(cond, nzcv);
            Result r;

            cpu_set_nzcv(env, nzcv << 28);
            r = exec1(enc_bcond(cond, off), PC0, flags);
            g_assert_true(r.decoded);
            g_assert_false(r.raised);
            if (taken != (env->pc == PC0 + (uint64_t)off)) {
                g_test_message("b.cond %u with NZCV %x: pc %" G_GINT64_MODIFIER "x", cond,
                               nzcv, env->pc);
            }
            g_assert_cmphex(env->pc, ==, taken ? PC0 + (uint64_t)off : PC0 + 4);
            /* Both ways out are chainable exits. */
            g_assert_true((r.ret & ~(uintptr_t)TB_EXIT_MASK) == (uintptr_t)&test_tb);
            /* Reading the flags leaves them alone. */
            g_assert_cmphex(cpu_get_nzcv(env), ==, nzcv << 28);
        }
    }
    /* A conditional branch (not AL/NV) has two distinct chainable exits. */
    decode1(enc_bcond(ARM_EQ, 0x40), PC0, 1 | TB_FLAG_SPSEL);
    g_assert_cmpuint(count_op(IR_EXIT_TB), ==, 2);
    {
        unsigned slots = 0;
        for (uint32_t i = 0; i < blk.n; i++) {
            if (blk.insts[i].op == IR_EXIT_TB) {
                slots |= 1u << blk.insts[i].cond;
            }
        }
        g_assert_cmpuint(slots, ==, 3);
    }
}

static void test_bcond_reserved(void)
{
    /* o0 (bit 4) and o1 (bit 24) must be zero: BC.cond is v8.8. */
    check_undef(enc_bcond(ARM_EQ, 8) | 1u << 4, 1, true);
    check_undef(enc_bcond(ARM_AL, 8) | 1u << 24, 1, true);
    check_undef(enc_bcond(ARM_NE, 8) | 1u << 24 | 1u << 4, 0, false);
}

static void test_cbz(void)
{
    static const struct {
        uint64_t val;
        bool zero32, zero64;
    } vals[] = {
        { 0, true, true },
        { 1, false, false },
        { 0x100000000ull, true, false },       /* only the high half set */
        { 0x80000000ull, false, false },
        { 0x8000000000000000ull, true, false },
        { UINT64_MAX, false, false },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (int sf = 0; sf < 2; sf++) {
            for (int nz = 0; nz < 2; nz++) {
                uint32_t flags = reset_env(1, true);
                bool zero = sf ? vals[i].zero64 : vals[i].zero32;
                bool taken = nz ? !zero : zero;
                int64_t off = nz ? -0x80 : 0x3fffc;
                Result r;

                env->regs[7] = vals[i].val;
                r = exec1(enc_cb(sf, nz, 7, off), PC0, flags);
                g_assert_true(r.decoded);
                g_assert_false(r.raised);
                g_assert_cmphex(env->pc, ==, taken ? PC0 + (uint64_t)off : PC0 + 4);
                g_assert_cmphex(env->regs[7], ==, vals[i].val);
            }
        }
    }
    /* Register 31 is XZR: CBZ always branches, CBNZ never. */
    {
        uint32_t flags = reset_env(1, true);
        env->regs[GR_SP_EL1] = 0x1234;
        exec1(enc_cb(true, false, 31, 0x20), PC0, flags);
        g_assert_cmphex(env->pc, ==, PC0 + 0x20);
        exec1(enc_cb(true, true, 31, 0x20), PC0, flags);
        g_assert_cmphex(env->pc, ==, PC0 + 4);
    }
}

static void test_tbz(void)
{
    static const unsigned bits[] = { 0, 31, 32, 63, 5, 37 };

    for (size_t i = 0; i < G_N_ELEMENTS(bits); i++) {
        uint64_t one = 1ull << bits[i];
        const uint64_t vals[] = { one, ~one, 0, UINT64_MAX };

        for (size_t v = 0; v < G_N_ELEMENTS(vals); v++) {
            for (int nz = 0; nz < 2; nz++) {
                uint32_t flags = reset_env(1, true);
                bool set = (vals[v] & one) != 0;
                bool taken = nz ? set : !set;
                int64_t off = nz ? 0x7ffc : -0x8000;
                Result r;

                env->regs[3] = vals[v];
                r = exec1(enc_tb(bits[i], nz, 3, off), PC0, flags);
                g_assert_true(r.decoded);
                g_assert_false(r.raised);
                if (env->pc != (taken ? PC0 + (uint64_t)off : PC0 + 4)) {
                    g_test_message("tb%sz bit %u value %016" G_GINT64_MODIFIER "x",
                                   nz ? "n" : "", bits[i], vals[v]);
                }
                g_assert_cmphex(env->pc, ==, taken ? PC0 + (uint64_t)off : PC0 + 4);
            }
        }
    }
}

static void test_branch_reg(void)
{
    uint32_t flags = reset_env(1, true);
    Result r;

    /* BR x1 */
    env->regs[1] = 0x40002468;
    env->regs[30] = 0x777;
    r = exec1(0xd61f0020, PC0, flags);
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, 0x40002468);
    g_assert_cmphex(env->regs[30], ==, 0x777);
    g_assert_cmpuint(count_op(IR_EXIT_INDIRECT), ==, 1);

    /* BLR x1 */
    r = exec1(0xd63f0020, PC0, flags);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, 0x40002468);
    g_assert_cmphex(env->regs[30], ==, PC0 + 4);

    /* BLR x30 branches to the old X30 */
    env->regs[30] = 0x40003000;
    r = exec1(0xd63f03c0, PC0, flags);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, 0x40003000);
    g_assert_cmphex(env->regs[30], ==, PC0 + 4);

    /* RET (x30), RET x2 */
    env->regs[30] = 0x40005550;
    r = exec1(0xd65f03c0, PC0, flags);
    g_assert_cmphex(env->pc, ==, 0x40005550);
    env->regs[2] = 0x40006660;
    r = exec1(0xd65f0040, PC0, flags);
    g_assert_cmphex(env->pc, ==, 0x40006660);

    /* BR xzr goes to 0 (register 31 is XZR here, not SP). */
    env->regs[GR_SP_EL1] = 0x999;
    r = exec1(0xd61f03e0, PC0, flags);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, 0);
}

static void test_branch_reg_undef(void)
{
    static const uint32_t insns[] = {
        0xd71f0822,     /* braa x1, x2 */
        0xd61f0c3f,     /* brabz x1 */
        0xd73f0822,     /* blraa x1, x2 */
        0xd65f0bff,     /* retaa */
        0xd65f0fff,     /* retab */
        0xd69f0bff,     /* eretaa */
        0xd6bf03e0,     /* drps */
        0xd61e0020,     /* br with op2 != 11111 */
        0xd61f0021,     /* br with op4 != 0 */
        0xd69f0020,     /* eret with Rn != 11111 */
        0xd6df03e0,     /* opc = 0110 */
        0xd7ff03e0,     /* opc = 1111 */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(insns); i++) {
        check_undef(insns[i], 1, true);
    }
    /* ERET at EL0 */
    check_undef(0xd69f03e0, 0, false);
}

static void test_eret(void)
{
    uint32_t flags = reset_env(1, true);
    Result r;

    env->elr_el1 = 0x40008000;
    env->spsr_el1 = 0x60000000 | 0x0;      /* EL0t, Z and C set, DAIF clear */
    env->daif = 0x3c0;
    r = exec1(0xd69f03e0, PC0, flags);
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, 0x40008000);
    g_assert_cmpuint(env->el, ==, 0);
    g_assert_cmphex(env->daif, ==, 0);
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0x60000000);
    g_assert_nonnull(find_call((void *)helper_eret));
}

/* ---- exception generation ---- */

static void test_svc_brk(void)
{
    uint32_t flags = reset_env(1, true);
    uint32_t pstate;
    Result r;

    cpu_set_nzcv(env, 0x90000000);
    pstate = arm_cpu_pstate(env);
    r = exec1(0xd4000001 | 0x1234 << 5, PC0, flags);       /* svc #0x1234 */
    g_assert_true(r.decoded);
    g_assert_true(r.raised);
    check_exception(0x15u << 26 | ARM_EL_IL | 0x1234, PC0 + 4, pstate, 1, true);

    /* From EL0: the lower-EL vector, and SPSR says EL0t. */
    flags = reset_env(0, false);
    pstate = arm_cpu_pstate(env);
    r = exec1(0xd4000001 | 0xffff << 5, PC0, flags);       /* svc #0xffff */
    g_assert_true(r.raised);
    check_exception(0x15u << 26 | ARM_EL_IL | 0xffff, PC0 + 4, pstate, 0, false);
    g_assert_cmphex(env->spsr_el1 & 0xf, ==, 0);

    /* BRK: preferred return is the BRK itself. */
    flags = reset_env(1, true);
    pstate = arm_cpu_pstate(env);
    r = exec1(0xd4200080, PC0, flags);                      /* brk #4 */
    g_assert_true(r.decoded);
    g_assert_true(r.raised);
    check_exception(0x3cu << 26 | ARM_EL_IL | 4, PC0, pstate, 1, true);

    /* EL1 with SP_EL0 selected: the "current EL, SP0" vector. */
    flags = reset_env(1, false);
    pstate = arm_cpu_pstate(env);
    r = exec1(0xd4200000 | 0xf000 << 5, PC0, flags);        /* brk #0xf000 */
    g_assert_true(r.raised);
    check_exception(0x3cu << 26 | ARM_EL_IL | 0xf000, PC0, pstate, 1, false);
}

static void test_exception_undef(void)
{
    static const uint32_t insns[] = {
        0xd4000042,     /* hvc #2: no EL2, no PSCI conduit yet */
        0xd4000063,     /* smc #3 */
        0xd45e0000,     /* hlt #0xf000 without semihosting */
        0xd4400020,     /* hlt #1 */
        0xd4a00001,     /* dcps1 */
        0xd4a00002,     /* dcps2 */
        0xd4a00003,     /* dcps3 */
        0xd4000000,     /* opc 000, LL 00 */
        0xd4200081,     /* brk with LL = 01 */
        0xd4000025,     /* svc with op2 = 001 */
        0xd4600000,     /* tstart-space opc 011 */
        0xd4800000,     /* opc 100 */
        0xd4e00000,     /* opc 111 */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(insns); i++) {
        check_undef(insns[i], 1, true);
    }
    check_undef(0xd4000042, 0, false);
}

static void test_semihost_hlt(void)
{
    uint32_t flags = reset_env(1, true) | TB_FLAG_SEMIHOST;
    const IRInst *c;

    g_assert_true(decode1(0xd45e0000, PC0, flags));
    c = find_call((void *)helper_semihosting);
    g_assert_nonnull(c);
    g_assert_true(c->cond & CALL_MAY_RAISE);
    g_assert_true(c->cond & CALL_WRITES_REGS);
    g_assert_true(c->cond & CALL_READS_REGS);
    /* Other HLT numbers stay UNDEFINED even with semihosting on. */
    g_assert_false(decode1(0xd4400020, PC0, flags));
    g_assert_null(find_call((void *)helper_semihosting));
}

/* ---- hints and barriers ---- */

static void check_noop(uint32_t insn, unsigned el, bool spsel)
{
    uint32_t flags = reset_env(el, spsel);
    uint64_t regs[GR_COUNT];
    Result r;

    for (int i = 0; i < GR_COUNT; i++) {
        env->regs[i] = 0x1111111111111111ull * (uint64_t)(i % 15 + 1);
    }
    memcpy(regs, env->regs, sizeof(regs));
    cpu_set_nzcv(env, 0x50000000);
    env->daif = 0x140;
    r = exec1(insn, PC0, flags);
    if (!r.decoded || r.raised) {
        g_test_message("insn %08x is not a no-op", insn);
    }
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(r.ret, ==, slot_exit(0));
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_true(memcmp(regs, env->regs, sizeof(regs)) == 0);
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0x50000000);
    g_assert_cmphex(env->daif, ==, 0x140);
    g_assert_cmpuint(count_op(IR_CALL), ==, 0);
}

static void test_hints(void)
{
    static const uint32_t nops[] = {
        0xd503201f,     /* nop */
        0xd503233f,     /* paciasp */
        0xd50323bf,     /* autiasp */
        0xd50320ff,     /* xpaclri */
        0xd503229f,     /* csdb */
        0xd503221f,     /* esb */
        0xd503223f,     /* psb csync */
        0xd503249f,     /* bti j */
        0xd503245f,     /* bti c */
        0xd50320df,     /* dgh */
        0xd5032fff,     /* hint #0x7f */
        0xd5033f9f,     /* dsb sy */
        0xd5033bbf,     /* dmb ish */
        0xd503309f,     /* ssbb (dsb #0) */
        0xd503349f,     /* pssbb (dsb #4) */
        0xd50339bf,     /* dmb ishld */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(nops); i++) {
        check_noop(nops[i], 1, true);
        check_noop(nops[i], 0, false);
    }
}

static void test_yield_wfe_wfi(void)
{
    uint32_t flags;
    Result r;

    flags = reset_env(0, false);
    r = exec1(0xd503203f /* yield */, PC0, flags);
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(r.ret, ==, 0);
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_cmpuint(last_inst()->op, ==, IR_EXIT_LOOP);
    g_assert_cmphex(last_inst()->imm, ==, PC0 + 4);

    /* WFE with the event register set: clears it and runs on; at EL0 it does
     * not trap then (it would not sleep). */
    for (unsigned el = 0; el <= 1; el++) {
        flags = reset_env(el, el == 1);
        env->event_reg = 1;
        r = exec1(0xd503205f /* wfe */, PC0, flags);
        g_assert_true(r.decoded);
        g_assert_false(r.raised);
        g_assert_cmphex(env->pc, ==, PC0 + 4);
        g_assert_cmpuint(env->event_reg, ==, 0);
        g_assert_nonnull(find_call((void *)helper_wfe));
        g_assert_cmpuint(last_inst()->op, ==, IR_EXIT_LOOP);
    }
    /* WFE at EL1 with no event: leaves for the loop to sleep (EXCP_HLT_WFE),
     * the PC after it. */
    flags = reset_env(1, true);
    r = exec1(0xd503205f, PC0, flags);
    g_assert_true(r.raised);
    g_assert_cmpint(env->exception_index, ==, EXCP_HLT_WFE);
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_cmpuint(env->el, ==, 1);
    /* At EL0 with SCTLR_EL1.nTWI/nTWE = 0 they trap: EC 0x01, CV, COND 0xe,
     * TI (QEMU's ESR 0x07e00000 / 0x07e00001), ELR = the instruction; with
     * the bit set they sleep; with an interrupt line high they complete. */
    for (unsigned wfe = 0; wfe <= 1; wfe++) {
        uint32_t insn = wfe ? 0xd503205f : 0xd503207f;
        flags = reset_env(0, false);
        env->sctlr_el1 &= ~((1u << 16) | (1u << 18));
        r = exec1(insn, PC0, flags);
        g_assert_true(r.raised);
        g_assert_cmphex(env->esr_el1, ==, 0x07e00000u | wfe);
        g_assert_cmphex(env->elr_el1, ==, PC0);
        g_assert_cmpuint(env->el, ==, 1);
        g_assert_cmphex(env->pc, ==, VBAR + 0x400);
        flags = reset_env(0, false);
        env->sctlr_el1 &= ~(wfe ? (1u << 16) : (1u << 18));     /* the other one's bit */
        r = exec1(insn, PC0, flags);
        g_assert_true(r.raised);
        g_assert_cmpint(env->exception_index, ==, wfe ? EXCP_HLT_WFE : EXCP_HLT_WFI);
        g_assert_cmphex(env->pc, ==, PC0 + 4);
        g_assert_cmpuint(env->el, ==, 0);
        flags = reset_env(0, false);
        env->sctlr_el1 &= ~((1u << 16) | (1u << 18));
        env->irq_lines = ARM_LINE_IRQ;
        r = exec1(insn, PC0, flags);
        env->irq_lines = 0;
        g_assert_false(r.raised);
        g_assert_cmphex(env->pc, ==, PC0 + 4);
        g_assert_cmpuint(env->el, ==, 0);
    }

    /* SEVL sets this CPU's event register; SEV every CPU's. */
    for (unsigned local = 0; local <= 1; local++) {
        flags = reset_env(1, true);
        r = exec1(local ? 0xd50320bf : 0xd503209f, PC0, flags);
        g_assert_true(r.decoded);
        g_assert_false(r.raised);
        g_assert_cmphex(env->pc, ==, PC0 + 4);
        g_assert_nonnull(find_call((void *)helper_sev));
        if (local) {
            g_assert_cmpuint(env->event_reg, ==, 1);
        }
    }

    /* WFI: the helper learns the next PC and the block leaves to the loop. */
    flags = reset_env(1, true);
    g_assert_true(decode1(0xd503207f, PC0, flags));
    {
        const IRInst *c = find_call((void *)helper_wfi);
        g_assert_nonnull(c);
        g_assert_cmpuint(c->sz, ==, 1);
        g_assert_cmpuint(blk.insts[c->a].op, ==, IR_MOVI);
        g_assert_cmphex(blk.insts[c->a].imm, ==, PC0 + 4);
        g_assert_true(c->cond & CALL_WRITES_REGS);
    }
    g_assert_cmpuint(last_inst()->op, ==, IR_EXIT_LOOP);
    g_assert_cmphex(last_inst()->imm, ==, PC0 + 4);
    env->pc = PC0;
    env->esr_el1 = 0x5a5a;
    {
        uintptr_t ret;
        run_block(&ret);
    }
    /* Whether the helper returns or longjmps, the CPU resumes after the WFI
     * and no exception was taken. */
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_cmphex(env->esr_el1, ==, 0x5a5a);
    g_assert_cmpuint(env->el, ==, 1);
}

static void test_barriers(void)
{
    uint32_t flags = reset_env(1, true);
    Result r;

    /* ISB ends the block with a chainable exit to the next instruction. */
    r = exec1(0xd5033fdf, PC0, flags);
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_cmpuint(count_op(IR_EXIT_TB), ==, 1);
    g_assert_cmphex(last_inst()->imm, ==, PC0 + 4);
    g_assert_cmpuint(count_op(IR_CALL), ==, 0);

    /* DMB/DSB: a host fence exactly for the forms that order stores before
     * loads (CRm<1:0> = 11, and the reserved 00 which behaves as SY). */
    static const struct { uint32_t insn; unsigned fences; } bars[] = {
        { 0xd5033fbf, 1 },  /* dmb sy */
        { 0xd5033bbf, 1 },  /* dmb ish */
        { 0xd50337bf, 1 },  /* dmb nsh */
        { 0xd50333bf, 1 },  /* dmb osh */
        { 0xd5033f9f, 1 },  /* dsb sy */
        { 0xd5033b9f, 1 },  /* dsb ish */
        { 0xd50339bf, 0 },  /* dmb ishld */
        { 0xd5033abf, 0 },  /* dmb ishst */
        { 0xd5033dbf, 0 },  /* dmb ld */
        { 0xd5033ebf, 0 },  /* dmb st */
        { 0xd5033a9f, 0 },  /* dsb ishst */
        { 0xd503309f, 1 },  /* ssbb (dsb #0) */
        { 0xd5033cbf, 1 },  /* dmb #12 (reserved: as SY) */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bars); i++) {
        r = exec1(bars[i].insn, PC0, flags);
        g_assert_true(r.decoded);
        g_assert_cmpuint(count_op(IR_MB), ==, bars[i].fences);
        g_assert_cmpuint(count_op(IR_CALL), ==, 0);
    }

    /* CLREX closes the exclusive monitor, at EL0 too. */
    flags = reset_env(0, false);
    env->excl_addr = 0x40000100;
    r = exec1(0xd5033f5f, PC0, flags);
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->excl_addr, ==, UINT64_MAX);
    g_assert_cmphex(env->pc, ==, PC0 + 4);

    /* SB (v8.5), DSB nXS (v8.7), op2 = 0 / 3, and op1 != 3 are unallocated. */
    check_undef(0xd50330ff, 1, true);   /* sb */
    check_undef(0xd503323f, 1, true);   /* dsb oshnxs */
    check_undef(0xd5033f1f, 1, true);   /* op2 = 000 */
    check_undef(0xd5033f7f, 1, true);   /* op2 = 011 */
    check_undef(0xd5003f9f, 1, true);   /* dsb with op1 = 000 */
    check_undef(0xd500201f, 1, true);   /* hint with op1 = 000 */
    check_undef(0xd503201e, 1, true);   /* nop with Rt != 31 */
    check_undef(0xd5031001, 1, true);   /* wfet x1 (v8.7) */
    check_undef(0xd523201f, 1, true);   /* L = 1 in the op0 = 00 space */
}

/* ---- PSTATE and system registers ---- */

static void test_msr_imm(void)
{
    uint32_t flags = reset_env(1, true);
    Result r;

    env->daif = 0;
    r = exec1(0xd5034fdf, PC0, flags);              /* msr daifset, #0xf */
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->daif, ==, 0x3c0);
    g_assert_cmphex(r.ret, ==, 0);                   /* back to the loop */
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_cmpuint(last_inst()->op, ==, IR_EXIT_LOOP);

    r = exec1(0xd50342ff, PC0, flags);              /* msr daifclr, #2 (I) */
    g_assert_false(r.raised);
    g_assert_cmphex(env->daif, ==, 0x340);
    r = exec1(0xd50349ff, PC0, flags);              /* msr daifclr, #9 (D, F) */
    g_assert_cmphex(env->daif, ==, 0x100);
    r = exec1(0xd50344df, PC0, flags);              /* msr daifset, #4 (A) */
    g_assert_cmphex(env->daif, ==, 0x100);

    r = exec1(0xd50040bf, PC0, flags);              /* msr spsel, #0 */
    g_assert_false(r.raised);
    g_assert_cmpuint(env->spsel, ==, 0);
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    r = exec1(0xd50041bf, PC0, 1);                  /* msr spsel, #1 */
    g_assert_cmpuint(env->spsel, ==, 1);

    /* EL0: SPSel never; DAIF only with SCTLR_EL1.UMA, else the MSR traps
     * (EC 0x18, ISS naming the immediate form: op0 0, op1 3, CRn 4, CRm imm,
     * op2 6/7, Rt 31, a write). */
    check_undef(0xd50041bf, 0, false);
    for (int set = 0; set < 2; set++) {
        uint32_t insn = set ? 0xd5034fdf : 0xd50342ff;     /* daifset #0xf / daifclr #2 */
        uint32_t crm = set ? 0xf : 0x2, op2 = set ? 6 : 7;
        uint32_t iss = op2 << 17 | 3u << 14 | 4u << 10 | 31u << 5 | crm << 1;
        uint32_t pstate;

        flags = reset_env(0, false);
        env->daif = 0x100;
        pstate = arm_cpu_pstate(env);
        r = exec1(insn, PC0, flags);
        g_assert_true(r.decoded);
        g_assert_true(r.raised);
        check_exception(0x18u << 26 | ARM_EL_IL | iss, PC0, pstate, 0, false);
        g_assert_cmphex(env->spsr_el1 & 0x3c0, ==, 0x100);

        flags = reset_env(0, false);
        env->sctlr_el1 |= 1u << 9;                          /* UMA */
        env->daif = 0x100;
        r = exec1(insn, PC0, flags);
        g_assert_false(r.raised);
        g_assert_cmphex(env->daif, ==, set ? 0x3c0 : 0x100);
        g_assert_cmphex(env->pc, ==, PC0 + 4);
    }
    /* v8.1+ PSTATE fields. */
    check_undef(0xd500419f, 1, true);               /* msr pan, #1 */
    check_undef(0xd500417f, 1, true);               /* msr uao, #1 */
    check_undef(0xd503413f, 1, true);               /* msr ssbs, #1 */
    check_undef(0xd500401f, 1, true);               /* cfinv */
    check_undef(0xd503409f, 1, true);               /* tco (op1 3, op2 4) */
}

static void test_nzcv(void)
{
    uint32_t key = SYSREG_KEY(3, 3, 4, 2, 0);
    uint32_t flags = reset_env(0, false);
    Result r;

    /* MSR NZCV takes bits 31..28 only. */
    env->regs[0] = UINT64_MAX;
    r = exec1(enc_sysreg(false, key, 0), PC0, flags);
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0xf0000000);
    g_assert_cmpuint(count_op(IR_CALL), ==, 0);

    env->regs[0] = 0x6fffffff;
    exec1(enc_sysreg(false, key, 0), PC0, flags);
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0x60000000);

    env->regs[1] = 0x123;
    r = exec1(enc_sysreg(true, key, 1), PC0, flags);
    g_assert_true(r.decoded);
    g_assert_cmphex(env->regs[1], ==, 0x60000000);
    g_assert_cmpuint(count_op(IR_GETNZCV), ==, 1);

    /* Flags from lazy state: N and C after a notional compare. */
    cpu_set_nzcv(env, 0xa0000000);
    exec1(enc_sysreg(true, key, 1), PC0, flags);
    g_assert_cmphex(env->regs[1], ==, 0xa0000000);

    /* MSR NZCV, XZR clears them; MRS XZR writes nothing. */
    exec1(enc_sysreg(false, key, 31), PC0, flags);
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0);
    env->regs[GR_SP_EL0] = 0xabc;
    exec1(enc_sysreg(true, key, 31), PC0, flags);
    g_assert_cmphex(env->regs[GR_SP_EL0], ==, 0xabc);
}

static void test_sysregs(void)
{
    uint32_t flags = reset_env(0, false);
    Result r;

    /* TPIDR_EL0 from EL0. */
    env->regs[3] = 0x1122334455667788ull;
    r = exec1(0xd51bd043, PC0, flags);              /* msr tpidr_el0, x3 */
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->tpidr_el0, ==, 0x1122334455667788ull);
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_nonnull(find_call((void *)helper_msr));
    r = exec1(0xd53bd041, PC0, flags);              /* mrs x1, tpidr_el0 */
    g_assert_false(r.raised);
    g_assert_cmphex(env->regs[1], ==, 0x1122334455667788ull);
    g_assert_nonnull(find_call((void *)helper_mrs));

    /* EL1-only registers are UNDEFINED at EL0. */
    check_undef(0xd538d084, 0, false);              /* mrs x4, tpidr_el1 */
    check_undef(0xd5380005, 0, false);              /* mrs x5, midr_el1 */

    flags = reset_env(1, true);
    env->tpidr_el1 = 0xfeed;
    r = exec1(0xd538d084, PC0, flags);              /* mrs x4, tpidr_el1 */
    g_assert_false(r.raised);
    g_assert_cmphex(env->regs[4], ==, 0xfeed);
    r = exec1(0xd5380005, PC0, flags);              /* mrs x5, midr_el1 */
    g_assert_false(r.raised);
    g_assert_cmphex(env->regs[5], ==, arm_cpu_midr(cpu));
    r = exec1(0xd5384246, PC0, flags);              /* mrs x6, currentel */
    g_assert_cmphex(env->regs[6], ==, 1 << 2);

    /* DAIF through MRS/MSR (register form). */
    env->daif = 0x2c0;
    r = exec1(0xd53b4221, PC0, flags);              /* mrs x1, daif */
    g_assert_cmphex(env->regs[1], ==, 0x2c0);
    env->regs[2] = 0x80;
    r = exec1(0xd51b4222, PC0, flags);              /* msr daif, x2 */
    g_assert_false(r.raised);
    g_assert_cmphex(env->daif, ==, 0x80);
    g_assert_cmphex(env->pc, ==, PC0 + 4);

    /* Read-only, absent and EL2 registers. */
    check_undef(0xd5180005, 1, true);               /* msr midr_el1, x5 */
    check_undef(0xd53c1100, 1, true);               /* mrs x0, hcr_el2 */
    check_undef(0xd53fbbe0, 1, true);               /* mrs x0, s3_7_c11_c11_7 */
    check_undef(0xd5184240, 1, true);               /* msr currentel, x0 */
}

static void test_sys_ops(void)
{
    static const struct {
        uint32_t insn;
        bool el0, el1;
    } ops[] = {
        { 0xd50b7e22, true, true },     /* dc civac, x2 */
        { 0xd50b7a22, true, true },     /* dc cvac, x2 */
        { 0xd50b7b22, true, true },     /* dc cvau, x2 */
        { 0xd50b7523, true, true },     /* ic ivau, x3 */
        { 0xd5087622, false, true },    /* dc ivac, x2 */
        { 0xd5087642, false, true },    /* dc isw, x2 */
        { 0xd5087a42, false, true },    /* dc csw, x2 */
        { 0xd5087e42, false, true },    /* dc cisw, x2 */
        { 0xd508871f, false, true },    /* tlbi vmalle1 */
        { 0xd508831f, false, true },    /* tlbi vmalle1is */
        { 0xd5088324, false, true },    /* tlbi vae1is, x4 */
        { 0xd50887a4, false, true },    /* tlbi vale1, x4 */
        { 0xd5088744, false, true },    /* tlbi aside1, x4 */
        { 0xd50b7c21, false, false },   /* dc cvap (v8.2) */
        { 0xd50b7d21, false, false },   /* dc cvadp (v8.2) */
        { 0xd508811f, false, false },   /* tlbi vmalle1os (v8.4) */
        { 0xd5088621, false, false },   /* tlbi rvae1 (v8.4) */
        { 0xd50c871f, false, false },   /* tlbi alle2 */
        { 0xd5087805, false, true },    /* at s1e1r, x5 */
        { 0xd5087861, false, true },    /* at s1e0w, x1 */
        { 0xd5280000, false, false },   /* sysl x0, #0, c0, c0, #0 */
        { 0xd5087022, false, false },   /* sys #0, c7, c0, #1 */
        { 0xd50b7f22, false, false },   /* sys #3, c7, c15, #1 */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (unsigned el = 0; el < 2; el++) {
            bool ok = el ? ops[i].el1 : ops[i].el0;
            if (ok) {
                uint32_t flags = reset_env(el, el);
                uint64_t x2 = 0x40000080, x3 = 0x40000100, x4 = 0x40000;
                Result r;

                env->regs[2] = x2;
                env->regs[3] = x3;
                env->regs[4] = x4;
                /* SCTLR_EL1.UCI lets EL0 clean and invalidate by VA (the trap
                 * with UCI = 0 is tests/guest/el0trap's) */
                env->sctlr_el1 |= 1u << 26;
                r = exec1(ops[i].insn, PC0, flags);
                if (!r.decoded || r.raised) {
                    g_test_message("sys op %08x at EL%u", ops[i].insn, el);
                }
                g_assert_true(r.decoded);
                g_assert_false(r.raised);
                g_assert_cmphex(env->pc, ==, PC0 + 4);
                g_assert_cmphex(env->regs[2], ==, x2);
                g_assert_cmpuint(env->el, ==, el);
            } else {
                check_undef(ops[i].insn, el, el);
            }
        }
    }
    /* UCI = 0 (the reset value): EL0's DC CVAC traps with EC 0x18 (QEMU's ESR) */
    {
        uint32_t flags = reset_env(0, 0);
        env->regs[16] = 0x40000080;
        Result r = exec1(0xd50b7a30, PC0, flags);           /* dc cvac, x16 */
        g_assert_true(r.decoded);
        g_assert_true(r.raised);
        g_assert_cmphex(env->esr_el1, ==, 0x6212de14);
    }
    /* TLBI reaches the TLB through a helper. */
    decode1(0xd508871f, PC0, 1 | TB_FLAG_SPSEL);
    g_assert_cmpuint(count_op(IR_CALL), ==, 1);

    /* IC IALLU(IS): EL1 only; no-ops there (the self-modifying-code detection keeps
     * every block current): no call, no exit, the block goes on. */
    check_undef(0xd508751f, 0, false);
    check_undef(0xd508711f, 0, false);
    g_assert_true(decode1(0xd508751f, PC0, 1 | TB_FLAG_SPSEL));
    g_assert_cmpuint(count_op(IR_CALL), ==, 0);
    g_assert_cmpuint(count_op(IR_EXIT_LOOP), ==, 0);
    g_assert_true(decode1(0xd508711f, PC0, 1 | TB_FLAG_SPSEL));
    g_assert_cmpuint(count_op(IR_CALL), ==, 0);
}

/* ---- group-level robustness: every encoding of the group decodes without
 * crashing and either succeeds or is rejected cleanly ---- */

static void test_group_sweep(void)
{
    GRand *rng = g_rand_new_with_seed(0xb4a2c4);
    static const uint32_t prefixes[] = { 0x14000000, 0x94000000, 0x34000000, 0xb4000000,
                                         0x36000000, 0xb6000000, 0x54000000, 0x55000000,
                                         0xd4000000, 0xd5000000, 0xd6000000, 0xd7000000 };

    for (int i = 0; i < 20000; i++) {
        uint32_t p = prefixes[i % G_N_ELEMENTS(prefixes)];
        uint32_t insn = p | (g_rand_int(rng) & 0x00ffffff);
        unsigned el = g_rand_int_range(rng, 0, 2);
        bool ok = decode1(insn, PC0, el);

        /* Every block ends in exactly one exit on each path and never
         * leaves a label without an exit after it. */
        g_assert_cmpuint(blk.n, >=, 2);
        g_assert_true(ir_op_table[last_inst()->op].flags & IRF_EXIT);
        if (!ok) {
            g_assert_nonnull(find_call((void *)helper_exception));
            g_assert_cmpuint(count_op(IR_SET_REG), ==, 0);
        }
    }
    g_rand_free(rng);
}

/* ---- the driver ---- */

static void put_words(uint64_t addr, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t le = GUINT32_TO_LE(w[i]);
        g_assert_cmpint(as_write(get_address_space_memory(), addr + 4 * i, &le, 4), ==,
                        MEMTX_OK);
    }
}

static void fill_nops(uint64_t addr, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t w = INSN_NOP;
        put_words(addr + 4 * i, &w, 1);
    }
}

static uintptr_t translate_and_run(uint64_t pc, uint32_t flags, unsigned max, bool *raised)
{
    uintptr_t ret;

    a64_translate(&blk, env, pc, flags, max);
    ir_verify(&blk);
    g_assert_cmphex(blk.pc, ==, pc);
    env->pc = pc;
    *raised = run_block(&ret);
    return ret;
}

static void test_driver_branch_end(void)
{
    const uint32_t code[] = { INSN_NOP, 0xd50320bf /* sevl */, enc_b(true, 0x100), INSN_NOP,
                              INSN_NOP };
    uint64_t pc = RAM_BASE + 0x100;
    uint32_t flags = reset_env(1, true);
    bool raised;
    uintptr_t ret;

    put_words(pc, code, G_N_ELEMENTS(code));
    ret = translate_and_run(pc, flags, TB_MAX_INSNS, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 3);
    g_assert_cmpuint(blk.guest_size, ==, 12);
    g_assert_cmpuint(count_op(IR_INSN_START), ==, 3);
    g_assert_false(raised);
    g_assert_cmphex(ret, ==, slot_exit(0));
    g_assert_cmphex(env->pc, ==, pc + 8 + 0x100);
    g_assert_cmphex(env->regs[30], ==, pc + 12);
}

static void test_driver_dispatch(void)
{
    /* One instruction from each op0 value the other groups own (1000,
     * 1001, 0101, 1101, 1100) and a BR (1011) to end the block. SVE and
     * the reserved op0 values are UNDEFINED; FP/SIMD with CPACR_EL1.FPEN = 0
     * (the reset value) traps with EC 0x07. */
    const uint32_t code[] = {
        0xd28000a6,     /* mov x6, #5 */
        0x91000c41,     /* add x1, x2, #3 */
        0x8b030044,     /* add x4, x2, x3 */
        0x9a831045,     /* csel x5, x2, x3, ne */
        0xf9400107,     /* ldr x7, [x8] */
        0xd61f0120,     /* br x9 */
    };
    const uint64_t data = 0x0123456789abcdefull;
    uint64_t pc = RAM_BASE + 0x200;
    uint32_t flags = reset_env(1, true);
    bool raised;

    put_words(pc, code, G_N_ELEMENTS(code));
    put_words(RAM_BASE + 0x800, (const uint32_t[]){ (uint32_t)data, (uint32_t)(data >> 32) }, 2);
    env->regs[2] = 100;
    env->regs[3] = 20;
    env->regs[8] = RAM_BASE + 0x800;
    env->regs[9] = RAM_BASE + 0x4440;
    cpu_set_nzcv(env, 0x40000000);              /* Z: csel picks x3 */
    translate_and_run(pc, flags, TB_MAX_INSNS, &raised);
    if (raised) {
        g_test_message("exception ESR %08" G_GINT64_MODIFIER "x at %" G_GINT64_MODIFIER "x",
                       env->esr_el1, env->elr_el1);
    }
    g_assert_false(raised);
    g_assert_cmpuint(blk.guest_insns, ==, G_N_ELEMENTS(code));
    g_assert_cmphex(env->regs[6], ==, 5);
    g_assert_cmphex(env->regs[1], ==, 103);
    g_assert_cmphex(env->regs[4], ==, 120);
    g_assert_cmphex(env->regs[5], ==, 20);
    g_assert_cmphex(env->regs[7], ==, data);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x4440);

    /* UNDEFINED (ESR EC 0), or FP/SIMD with CPACR_EL1.FPEN = 0
     * (EC 0x07). */
    static const struct { uint32_t insn, esr; } undefs[] = {
        { INSN_UDF, ARM_EL_IL },                /* udf #0 */
        { 0x0000ffff, ARM_EL_IL },              /* udf #0xffff */
        { 0x1e622820, 0x1fe00000 },             /* fadd d0, d1, d2 */
        { 0x4e228420, 0x1fe00000 },             /* add v0.16b, v1.16b, v2.16b */
        { 0x04a20020, ARM_EL_IL },              /* sve add z0.s, z1.s, z2.s */
        { 0x02000000, ARM_EL_IL },              /* op0 = 0001 */
        { 0x06000000, ARM_EL_IL },              /* op0 = 0011 */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(undefs); i++) {
        const uint32_t w[] = { INSN_NOP, undefs[i].insn, INSN_NOP };
        uint32_t pstate;

        flags = reset_env(1, true);
        pstate = arm_cpu_pstate(env);
        put_words(pc, w, 3);
        translate_and_run(pc, flags, TB_MAX_INSNS, &raised);
        g_assert_cmpuint(blk.guest_insns, ==, 2);
        g_assert_true(raised);
        check_exception(undefs[i].esr, pc + 4, pstate, 1, true);
    }
}

static void test_driver_svc_in_block(void)
{
    const uint32_t code[] = { INSN_NOP, 0xd4000001 | 0x42 << 5, INSN_NOP };
    uint64_t pc = RAM_BASE + 0x300;
    uint32_t flags = reset_env(0, false);
    uint32_t pstate = arm_cpu_pstate(env);
    bool raised;

    put_words(pc, code, 3);
    translate_and_run(pc, flags, TB_MAX_INSNS, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 2);
    g_assert_true(raised);
    check_exception(0x15u << 26 | ARM_EL_IL | 0x42, pc + 8, pstate, 0, false);
}

static void test_driver_limits(void)
{
    uint32_t flags = reset_env(1, true);
    uint64_t pc = RAM_BASE + 0x1000;
    bool raised;
    uintptr_t ret;

    fill_nops(pc, 1024);

    /* max_insns */
    ret = translate_and_run(pc, flags, 3, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 3);
    g_assert_cmpuint(blk.guest_size, ==, 12);
    g_assert_false(raised);
    g_assert_cmphex(ret, ==, slot_exit(0));
    g_assert_cmphex(env->pc, ==, pc + 12);

    /* 0 and anything above TB_MAX_INSNS mean TB_MAX_INSNS (a page holds 1024). */
    translate_and_run(pc, flags, 0, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, TB_MAX_INSNS);
    g_assert_cmphex(env->pc, ==, pc + 4 * TB_MAX_INSNS);
    translate_and_run(pc, flags, 100000, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, TB_MAX_INSNS);

    /* A block never crosses a 4 KiB page. */
    translate_and_run(pc + 0xff8, flags, TB_MAX_INSNS, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 2);
    g_assert_cmpuint(blk.guest_size, ==, 8);
    g_assert_false(raised);
    g_assert_cmphex(env->pc, ==, pc + 0x1000);
    translate_and_run(pc + 0xffc, flags, TB_MAX_INSNS, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 1);
    g_assert_cmphex(env->pc, ==, pc + 0x1000);

    /* Single-step: one instruction a block. */
    translate_and_run(pc, flags | TB_FLAG_SS, TB_MAX_INSNS, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 1);
    g_assert_cmpuint(blk.guest_size, ==, 4);
    g_assert_cmphex(env->pc, ==, pc + 4);
}

static void test_driver_fetch_fault(void)
{
    static const uint64_t bad_pcs[] = {
        0x10000000,                 /* nothing mapped */
        RAM_BASE + RAM_SIZE,        /* just past RAM */
        RAM_BASE + 0x2002,          /* misaligned */
        RAM_BASE + 0x2001,
        TAIL_BASE + TAIL_SIZE,      /* past the mid-page RAM end */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad_pcs); i++) {
        uint64_t pc = bad_pcs[i];
        uint32_t flags = reset_env(1, true);
        uint32_t pstate = arm_cpu_pstate(env);
        uint32_t insn = 0, syn = 0;
        int excp = 0;
        bool raised;

        g_assert_false(cpu_fetch_insn(env, pc, &insn, &excp, &syn));
        translate_and_run(pc, flags, TB_MAX_INSNS, &raised);
        g_assert_cmpuint(blk.guest_insns, ==, 1);
        g_assert_true(raised);
        g_assert_cmphex(env->esr_el1, ==, syn);
        g_assert_cmphex(env->esr_el1 >> 26, ==, (pc & 3) ? EC_PCALIGNMENT : EC_INSNABORT_SAME_EL);
        g_assert_cmphex(env->far_el1, ==, pc);
        check_exception(syn, pc, pstate, 1, true);
    }
    /* From EL0 the abort is reported as coming from a lower EL. */
    {
        uint32_t flags = reset_env(0, false);
        uint32_t pstate = arm_cpu_pstate(env);
        bool raised;

        translate_and_run(0x10000000, flags, TB_MAX_INSNS, &raised);
        g_assert_true(raised);
        g_assert_cmphex(env->esr_el1 >> 26, ==, EC_INSNABORT);
        g_assert_cmphex(env->far_el1, ==, 0x10000000);
        g_assert_cmphex(env->spsr_el1, ==, pstate);
        g_assert_cmphex(env->pc, ==, VBAR + 0x400);
    }
}

static void test_driver_fetch_fault_later(void)
{
    /* Two instructions before RAM ends in the middle of a page: the block
     * stops before the unfetchable one, which faults in its own block. */
    uint64_t pc = TAIL_BASE + TAIL_SIZE - 8;
    uint32_t flags = reset_env(1, true);
    bool raised;
    uintptr_t ret;

    fill_nops(pc, 2);
    ret = translate_and_run(pc, flags, TB_MAX_INSNS, &raised);
    g_assert_cmpuint(blk.guest_insns, ==, 2);
    g_assert_cmpuint(blk.guest_size, ==, 8);
    g_assert_false(raised);
    g_assert_cmphex(ret, ==, slot_exit(0));
    g_assert_cmphex(env->pc, ==, TAIL_BASE + TAIL_SIZE);
    g_assert_null(find_call((void *)helper_exception));
}

static void test_dc_zva(void)
{
    AddressSpace *as = get_address_space_memory();
    uint8_t buf[192];
    uint32_t flags = reset_env(1, true);
    Result r;

    memset(buf, 0xff, sizeof(buf));
    g_assert_cmpint(as_write(as, RAM_BASE + 0x3000 - 64, buf, sizeof(buf)), ==, MEMTX_OK);
    env->regs[2] = RAM_BASE + 0x3000 + 0x17;    /* anywhere in the block */
    r = exec1(0xd50b7422, PC0, flags);         /* dc zva, x2 */
    g_assert_true(r.decoded);
    g_assert_false(r.raised);
    g_assert_cmphex(env->pc, ==, PC0 + 4);
    g_assert_cmpint(as_read(as, RAM_BASE + 0x3000 - 64, buf, sizeof(buf)), ==, MEMTX_OK);
    for (int i = 0; i < 192; i++) {
        g_assert_cmphex(buf[i], ==, (i >= 64 && i < 128) ? 0 : 0xff);
    }
}

static const struct Case {
    const char *path;
    void (*fn)(void);
} cases[] = {
    { "a64-branch/b-bl", test_b_bl },
    { "a64-branch/bcond", test_bcond },
    { "a64-branch/bcond-reserved", test_bcond_reserved },
    { "a64-branch/cbz-cbnz", test_cbz },
    { "a64-branch/tbz-tbnz", test_tbz },
    { "a64-branch/br-blr-ret", test_branch_reg },
    { "a64-branch/branch-reg-undef", test_branch_reg_undef },
    { "a64-branch/eret", test_eret },
    { "a64-branch/svc-brk", test_svc_brk },
    { "a64-branch/exception-undef", test_exception_undef },
    { "a64-branch/semihost-hlt", test_semihost_hlt },
    { "a64-branch/hints", test_hints },
    { "a64-branch/yield-wfe-wfi", test_yield_wfe_wfi },
    { "a64-branch/barriers", test_barriers },
    { "a64-branch/msr-imm", test_msr_imm },
    { "a64-branch/nzcv", test_nzcv },
    { "a64-branch/sysregs", test_sysregs },
    { "a64-branch/sys-ops", test_sys_ops },
    { "a64-branch/dc-zva", test_dc_zva },
    { "a64-branch/group-sweep", test_group_sweep },
    { "a64-driver/branch-end", test_driver_branch_end },
    { "a64-driver/dispatch", test_driver_dispatch },
    { "a64-driver/svc-in-block", test_driver_svc_in_block },
    { "a64-driver/limits", test_driver_limits },
    { "a64-driver/fetch-fault", test_driver_fetch_fault },
    { "a64-driver/fetch-fault-later", test_driver_fetch_fault_later },
};

static void run_interp(gconstpointer fn)
{
    use_x86 = false;
    ((void (*)(void))fn)();
}

static void run_x86(gconstpointer fn)
{
    use_x86 = true;
    ((void (*)(void))fn)();
}

int main(int argc, char **argv)
{
    GError *err = NULL;

    g_test_init(&argc, &argv, NULL);

    cpu = (ARMCPU *)object_new("cortex-a57" ARM_CPU_TYPE_SUFFIX);
    env = &cpu->env;
    if (!mr_init_ram(&ram, NULL, "ram", RAM_SIZE, &err) ||
        !mr_init_ram(&tail, NULL, "tail", TAIL_SIZE, &err)) {
        g_error("%s", err->message);
    }
    mr_add_subregion(get_system_memory(), RAM_BASE, &ram);
    mr_add_subregion(get_system_memory(), TAIL_BASE, &tail);
    ir_block_init(&blk, 0, 0);

    setup_code();
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *interp = g_strdup_printf("/%s", cases[i].path);
        g_autofree char *x86 = g_strdup_printf("/x86/%s", cases[i].path);
        g_test_add_data_func(interp, (gconstpointer)cases[i].fn, run_interp);
        g_test_add_data_func(x86, (gconstpointer)cases[i].fn, run_x86);
    }

    int rc = g_test_run();
    ir_block_free(&blk);
    return rc;
}
