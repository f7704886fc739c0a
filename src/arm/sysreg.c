/* sysreg.c: the AArch64 system registers of a Cortex-A57 at EL1/EL0
 * (ID values from its TRM as QEMU's virt board reports them), MRS/MSR. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include "arm/bits.h"
#include "arm/syndrome.h"
#include "arm/excp.h"
#include "arm/debug.h"
#include "arm/pmu.h"
#include "arm/sysreg.h"
#include "arm/gtimer.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/runstate.h"

#define K(op0, op1, crn, crm, op2) SYSREG_KEY(op0, op1, crn, crm, op2)
#define ENV_OFF(field) offsetof(CPUARMState, field)

/* Cortex-A57 identification values (TRM; QEMU's cortex-a57 on virt without
 * EL2/EL3: EL2/EL3 and the Security/Virtualization/CopSDbg fields cleared).
 * FP/AdvSIMD, AES, SHA and the AArch32 state are reported as the A57 has
 * them even where the translator does not implement them yet. */
/* EL0 and EL1 AArch64 only (1), FP and AdvSIMD implemented (0). QEMU 7.2's cortex-a57
 * says 2 (AArch64 and AArch32) for both; a64emu has no AArch32 state, and an ID register
 * never advertises what is not there (docs/testing.md lists the difference). */
#define A57_ID_AA64PFR0 0x0000000000000011ull
#define A57_ID_AA64DFR0 0x0000000010305106ull   /* 6 breakpoints, 4 watchpoints, PMUv3 */
#define A57_ID_AA64ISAR0 0x0000000000011120ull  /* AES+PMULL, SHA1, SHA256, CRC32 */
#define A57_ID_AA64MMFR0 0x0000000000001124ull  /* 44-bit PA, 16-bit ASID, 4K/64K granules */
#define A57_CTR_EL0 0x8444c004ull
#define A57_CLIDR 0x0a200023ull
#define A57_DCZID_BS 4                          /* 2^4 words = 64 bytes */
#define A57_CBAR 0x08000000ull                  /* PERIPHBASE: mini-virt's GIC distributor */

static const uint32_t a57_ccsidr[16] = {
    [0] = 0x701fe00a,   /* L1 D: 32 KiB */
    [1] = 0x201fe012,   /* L1 I: 48 KiB */
    [2] = 0x70ffe07a,   /* L2: 2 MiB */
};

/* ---- counter ------------------------------------------------------------- */

uint64_t arm_counter_ticks(void)
{
    /* 62.5 MHz is exactly one tick every 16 ns. The VM clock stops while the
     * VM is stopped, so the guest sees no jump when it resumes. */
    G_STATIC_ASSERT(ARM_CNTFRQ == 1000000000 / 16);
    return (uint64_t)clock_vm_ns() / 16;
}

/* ---- accessors ------------------------------------------------------------ */

static uint64_t *field(CPUARMState *env, const SysReg *r)
{
    return (uint64_t *)((char *)env + r->offset);
}

static uint64_t rd_midr(CPUARMState *env, const SysReg *r)
{
    return env->cpu ? arm_cpu_midr(env->cpu) : 0x411fd070;
}

static uint64_t rd_mpidr(CPUARMState *env, const SysReg *r)
{
    return env->cpu ? arm_cpu_mpidr(env->cpu) : 1ull << 31;
}

static const ArmGicCpuifOps *gic_cpuif(void);

static uint64_t rd_pfr0(CPUARMState *env, const SysReg *r)
{
    /* GIC field: the system register interface exists once a GICv3 has
     * registered its CPU interface (QEMU: env->gicv3state). */
    return A57_ID_AA64PFR0 | (gic_cpuif() ? 1ull << 24 : 0);
}

/* ID_PFR1_EL1.GIC (bits 31:28) likewise: the AArch32 view of the same interface. */
static uint64_t rd_pfr1(CPUARMState *env, const SysReg *r)
{
    return 0x00010001ull | (gic_cpuif() ? 1ull << 28 : 0);
}

static uint64_t rd_dczid(CPUARMState *env, const SysReg *r)
{
    bool prohibited = env->el == 0 && !(env->sctlr_el1 & SCTLR_DZE);
    return A57_DCZID_BS | (prohibited ? 0x10 : 0);
}

static uint64_t rd_ccsidr(CPUARMState *env, const SysReg *r)
{
    return a57_ccsidr[env->csselr_el1 & 0xf];
}

static uint64_t rd_currentel(CPUARMState *env, const SysReg *r)
{
    return (uint64_t)env->el << 2;
}

static uint64_t rd_daif(CPUARMState *env, const SysReg *r)
{
    return env->daif;
}

static void wr_daif(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->daif = v & PSTATE_DAIF;
}

static uint64_t rd_spsel(CPUARMState *env, const SysReg *r)
{
    return env->spsel;
}

static void wr_spsel(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->spsel = v & 1;
}

static uint64_t rd_nzcv(CPUARMState *env, const SysReg *r)
{
    return cpu_get_nzcv(env);
}

static void wr_nzcv(CPUARMState *env, const SysReg *r, uint64_t v)
{
    cpu_set_nzcv(env, (uint32_t)v);
}

/* Plain storage with a mask of writable bits in r->fixed. */
static void wr_masked(CPUARMState *env, const SysReg *r, uint64_t v)
{
    *field(env, r) = v & r->fixed;
}

static uint64_t rd_field(CPUARMState *env, const SysReg *r)
{
    return *field(env, r);
}

static void wr_sctlr(CPUARMState *env, const SysReg *r, uint64_t v)
{
    uint64_t old = env->sctlr_el1;

    env->sctlr_el1 = v & ~SCTLR_MTE_BITS;
    /* M, WXN and EE change what a walk gives; the rest (A, SA, I, DZE, the
     * EL0 traps) is read at each access or carried by the TB flags. */
    if ((old ^ env->sctlr_el1) & (SCTLR_M | SCTLR_WXN | SCTLR_EE)) {
        arm_cpu_tlb_flush(env);
    }
}

/* TTBR0/1_EL1, TCR_EL1, MAIR_EL1: plain storage; a change drops the cached
 * translations. The TLB entries are not tagged with the ASID (that would
 * cost the inline fast path a compare), so an ASID change flushes too. */
static void wr_translation(CPUARMState *env, const SysReg *r, uint64_t v)
{
    uint64_t *f = field(env, r);

    if (*f != v) {
        *f = v;
        arm_cpu_tlb_flush(env);
    }
}

static uint64_t rd_zero(CPUARMState *env, const SysReg *r)
{
    return 0;
}

static void wr_ignore(CPUARMState *env, const SysReg *r, uint64_t v)
{
}

static void wr_cntfrq(CPUARMState *env, const SysReg *r, uint64_t v)
{
    log_unimp("CNTFRQ_EL0 write 0x%" PRIx64 " ignored: the counter runs at %u Hz\n",
              v, ARM_CNTFRQ);
}

static uint64_t rd_counter(CPUARMState *env, const SysReg *r)
{
    return arm_counter_ticks();
}

static void wr_oslar(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->oslk = v & 1;
}

static uint64_t rd_oslsr(CPUARMState *env, const SysReg *r)
{
    /* OSLM = 0b10 (bit 3): the OS lock is implemented; OSLK in bit 1. */
    return 0x8 | (env->oslk ? 0x2 : 0);
}

static uint64_t rd_osdlr(CPUARMState *env, const SysReg *r)
{
    return env->osdlk;
}

static void wr_osdlr(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->osdlk = v & 1;
}

/* DBGB{V,C}R<n>_EL1 / DBGW{V,C}R<n>_EL1: n is CRm, op2 picks the bank. */
static uint64_t *dbg_slot(CPUARMState *env, const SysReg *r)
{
    unsigned n = (r->key >> 3) & 0xf;

    switch (r->key & 7) {
    case 4: return n < 6 ? &env->dbgbvr[n] : NULL;
    case 5: return n < 6 ? &env->dbgbcr[n] : NULL;
    case 6: return n < 4 ? &env->dbgwvr[n] : NULL;
    case 7: return n < 4 ? &env->dbgwcr[n] : NULL;
    }
    return NULL;
}

static uint64_t rd_dbg(CPUARMState *env, const SysReg *r)
{
    uint64_t *p = dbg_slot(env, r);
    return p ? *p : 0;
}

/* Stored as QEMU 7.2 stores them: DBGWVR without bits [1:0], the others whole, with
 * DBGBCR.BAS[1] and BAS[3] copies of BAS[0] and BAS[2] (an A64 instruction is a word).
 * A change to a breakpoint that is or was enabled drops the translated blocks (they
 * carry the check of the instructions it names); one to a watchpoint this CPU's TLB
 * (its pages take the slow path, TLB_WATCH). */
static void wr_dbg(CPUARMState *env, const SysReg *r, uint64_t v)
{
    uint64_t *p = dbg_slot(env, r);
    unsigned n = (r->key >> 3) & 0xf;
    bool is_bp = (r->key & 7) < 6;
    uint32_t before;

    if (!p) {
        return;
    }
    if ((r->key & 7) == 5) {
        v = (v & ~0x140ull) | (v & 0x20) << 1 | (v & 0x80) << 1;
    }
    v &= r->fixed;
    if (*p == v) {
        return;
    }
    before = is_bp ? env->dbg_bp_on : env->dbg_wp_on;
    *p = v;
    arm_debug_update(env);
    if (!(((is_bp ? env->dbg_bp_on : env->dbg_wp_on) | before) >> n & 1)) {
        return;
    }
    if (is_bp) {
        arm_cpu_tb_flush();
    } else {
        arm_cpu_tlb_flush(env);
    }
}

/* The claim tags: DBGCLAIMSET_EL1 reads which are implemented (all 8), DBGCLAIMCLR_EL1
 * the ones set; a write of ones sets or clears those. */
static uint64_t rd_claimset(CPUARMState *env, const SysReg *r)
{
    return 0xff;
}

static void wr_claimset(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->dbgclaim |= (uint32_t)v & 0xff;
}

static uint64_t rd_claimclr(CPUARMState *env, const SysReg *r)
{
    return env->dbgclaim;
}

static void wr_claimclr(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->dbgclaim &= ~(uint32_t)v & 0xff;
}

/* ---- the GIC CPU interface (ICC_*_EL1): the GIC's functions ------------------ */

static const ArmGicCpuifOps *gic_ops;
static void *gic_opaque;

void arm_gic_cpuif_register(const ArmGicCpuifOps *ops, void *opaque)
{
    __atomic_store_n(&gic_opaque, opaque, __ATOMIC_RELAXED);
    __atomic_store_n(&gic_ops, ops, __ATOMIC_RELEASE);
}

static const ArmGicCpuifOps *gic_cpuif(void)
{
    return __atomic_load_n(&gic_ops, __ATOMIC_ACQUIRE);
}

void arm_gic_cpuif_reset(unsigned cpu)
{
    const ArmGicCpuifOps *ops = gic_cpuif();
    if (ops && ops->reset) {
        ops->reset(gic_opaque, cpu);
    }
}

static unsigned cpu_index(const CPUARMState *env)
{
    return env->cpu ? (unsigned)env->cpu->cpu_index : 0;
}

/* The GIC's state is the big lock's (include/hw/intc/gicv3.h): a vCPU takes
 * it here; a caller that holds it already (the gdbstub or the monitor
 * reading registers from the main loop) keeps it. */
static uint64_t rd_icc(CPUARMState *env, const SysReg *r)
{
    bool took = bql_lock_unless_held();
    uint64_t v = gic_cpuif()->read(gic_opaque, cpu_index(env), r->key);
    bql_unlock_if(took);
    return v;
}

static void wr_icc(CPUARMState *env, const SysReg *r, uint64_t v)
{
    bool took = bql_lock_unless_held();
    gic_cpuif()->write(gic_opaque, cpu_index(env), r->key, v);
    bql_unlock_if(took);
}

/* ---- the generic timers: gtimer.c's; CRm 2 is CNTP_*, 3 CNTV_*; op2 0 TVAL,
 * 1 CTL, 2 CVAL ---- */

static unsigned gt_of(const SysReg *r)
{
    return ((r->key >> 3) & 0xf) == 2 ? GT_PHYS : GT_VIRT;
}

static uint64_t rd_gt(CPUARMState *env, const SysReg *r)
{
    switch (r->key & 7) {
    case 0: return gtimer_read_tval(env, gt_of(r));
    case 1: return gtimer_read_ctl(env, gt_of(r));
    default: return env->gt_cval[gt_of(r)];
    }
}

static void wr_gt(CPUARMState *env, const SysReg *r, uint64_t v)
{
    gtimer_write(env, gt_of(r), (unsigned)(r->key & 7), v);
}

/* ---- cortex-a57 IMPLEMENTATION DEFINED registers (QEMU 7.2's cortex-a57) ---- */

/* L2CTLR_EL1: the number of cores in the cluster, minus one, in [25:24] (saturated at
 * 4 cores, as QEMU does); the rest reads as zero. MPIDR's Aff0 counts within a cluster. */
static uint64_t rd_l2ctlr(CPUARMState *env, const SysReg *r)
{
    int n = arm_cpu_count();
    uint64_t cores = n > 4 ? 4 : (n < 1 ? 1 : (uint64_t)n);
    return (cores - 1) << 24;
}

/* ---- run-time access checks ------------------------------------------------ */

/* ICC_*_EL1 at EL1 (EL0 has none: min_el 1). ICC_SRE_EL1.SRE is 1 and there
 * is no EL2/EL3, so nothing traps; without a GIC they do not exist. */
static int acc_icc(CPUARMState *env, const SysReg *r, bool is_write)
{
    return gic_cpuif() ? SYSREG_ACCESS_OK : SYSREG_ACCESS_UNDEF;
}

static int acc_icc_wo(CPUARMState *env, const SysReg *r, bool is_write)
{
    return gic_cpuif() && is_write ? SYSREG_ACCESS_OK : SYSREG_ACCESS_UNDEF;
}

/* CNTP_* at EL0 need CNTKCTL_EL1.EL0PTEN, CNTV_* EL0VTEN (a trap, EC 0x18). */
static int acc_gt(CPUARMState *env, const SysReg *r, bool is_write)
{
    uint64_t bit = gt_of(r) == GT_PHYS ? CNTKCTL_EL0PTEN : CNTKCTL_EL0VTEN;
    return env->el == 0 && !(env->cntkctl_el1 & bit) ? SYSREG_ACCESS_TRAP : SYSREG_ACCESS_OK;
}


static int acc_daif(CPUARMState *env, const SysReg *r, bool is_write)
{
    return env->el == 0 && !(env->sctlr_el1 & SCTLR_UMA) ? SYSREG_ACCESS_TRAP : SYSREG_ACCESS_OK;
}

static int acc_cntpct(CPUARMState *env, const SysReg *r, bool is_write)
{
    return env->el == 0 && !(env->cntkctl_el1 & CNTKCTL_EL0PCTEN) ? SYSREG_ACCESS_TRAP
                                                                 : SYSREG_ACCESS_OK;
}

/* EL0 reads of CTR_EL0 need SCTLR_EL1.UCT. */
static int acc_ctr(CPUARMState *env, const SysReg *r, bool is_write)
{
    return env->el == 0 && !(env->sctlr_el1 & SCTLR_UCT) ? SYSREG_ACCESS_TRAP : SYSREG_ACCESS_OK;
}

/* EL0 reads of CNTVCT_EL0 need CNTKCTL_EL1.EL0VCTEN. */
static int acc_cntvct(CPUARMState *env, const SysReg *r, bool is_write)
{
    return env->el == 0 && !(env->cntkctl_el1 & CNTKCTL_EL0VCTEN) ? SYSREG_ACCESS_TRAP
                                                                 : SYSREG_ACCESS_OK;
}

/* EL0 reads of CNTFRQ_EL0 need EL0PCTEN or EL0VCTEN. */
static int acc_cntfrq(CPUARMState *env, const SysReg *r, bool is_write)
{
    return env->el == 0 && !(env->cntkctl_el1 & (CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN))
           ? SYSREG_ACCESS_TRAP : SYSREG_ACCESS_OK;
}

static int acc_sp_el0(CPUARMState *env, const SysReg *r, bool is_write)
{
    /* With PSTATE.SP == 0, SP_EL0 is the current SP: MRS/MSR are UNDEFINED. */
    return env->spsel ? SYSREG_ACCESS_OK : SYSREG_ACCESS_UNDEF;
}

static int acc_write_only(CPUARMState *env, const SysReg *r, bool is_write)
{
    return is_write ? SYSREG_ACCESS_OK : SYSREG_ACCESS_UNDEF;
}

/* ---- FPCR, FPSR (the FP engineer's block) ---------------------------------- */

static int acc_fp(CPUARMState *env, const SysReg *r, bool is_write)
{
    return cpu_fp_enabled(env) ? SYSREG_ACCESS_OK : SYSREG_ACCESS_FPTRAP;
}

static uint64_t rd_fpcr(CPUARMState *env, const SysReg *r)
{
    return env->fpcr;
}

static void wr_fpcr(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->fpcr = (uint32_t)v & FPCR_MASK;
}

static uint64_t rd_fpsr(CPUARMState *env, const SysReg *r)
{
    return env->fpsr;
}

static void wr_fpsr(CPUARMState *env, const SysReg *r, uint64_t v)
{
    env->fpsr = (uint32_t)v & FPSR_MASK;
}

#define FP_SYSREGS                                                                          \
    { .name = "FPCR", .key = K(3, 3, 4, 4, 0), .min_el = 0, .read = rd_fpcr, .write = wr_fpcr, \
      .access = acc_fp },                                                                   \
    { .name = "FPSR", .key = K(3, 3, 4, 4, 1), .min_el = 0, .read = rd_fpsr, .write = wr_fpsr, \
      .access = acc_fp },

/* ---- the table ------------------------------------------------------------- */

#define ID(nm, key_, val) { .name = nm, .key = key_, .min_el = 1, .readonly = true, .fixed = val }
#define RO_FN(nm, key_, el, fn) { .name = nm, .key = key_, .min_el = el, .readonly = true, .read = fn }
#define PLAIN(nm, key_, el, fld) { .name = nm, .key = key_, .min_el = el, .offset = ENV_OFF(fld) }
/* A register that translation depends on: a write flushes the TLB and ends
 * the block, so the next instruction is fetched through the new regime. */
#define XLATE(nm, key_, fld) { .name = nm, .key = key_, .min_el = 1, .ends_tb = true, \
    .offset = ENV_OFF(fld), .read = rd_field, .write = wr_translation }
#define MASKED(nm, key_, fld, mask) { .name = nm, .key = key_, .min_el = 1, .offset = ENV_OFF(fld), \
        .read = rd_field, .write = wr_masked, .fixed = mask }
#define RAZWI(nm, key_, el) { .name = nm, .key = key_, .min_el = el, .read = rd_zero, .write = wr_ignore }
#define GT(nm, crm, op2) { .name = nm, .key = K(3, 3, 14, crm, op2), .min_el = 0, .ends_tb = true, \
        .read = rd_gt, .write = wr_gt, .access = acc_gt }
#define ICC_RW(nm, key_) { .name = nm, .key = key_, .min_el = 1, .ends_tb = true, \
        .read = rd_icc, .write = wr_icc, .access = acc_icc }
#define ICC_RO(nm, key_) { .name = nm, .key = key_, .min_el = 1, .readonly = true, \
        .read = rd_icc, .access = acc_icc }
#define ICC_WO(nm, key_) { .name = nm, .key = key_, .min_el = 1, .ends_tb = true, \
        .read = rd_zero, .write = wr_icc, .access = acc_icc_wo }
/* The debug registers that arm breakpoints, watchpoints and step: a write ends the
 * block, since they feed the TB flags (arm/debug.h). */
#define DBG(nm, crm, op2, mask) { .name = nm, .key = K(2, 0, 0, crm, op2), .min_el = 1, \
        .ends_tb = true, .read = rd_dbg, .write = wr_dbg, .fixed = mask }
#define DBG_B(n) DBG("DBGBVR" #n "_EL1", n, 4, ~0ull), DBG("DBGBCR" #n "_EL1", n, 5, ~0ull)
#define DBG_W(n) DBG("DBGWVR" #n "_EL1", n, 6, ~3ull), DBG("DBGWCR" #n "_EL1", n, 7, ~0ull)

static const SysReg sysregs[] = {
    /* identification */
    RO_FN("MIDR_EL1", K(3, 0, 0, 0, 0), 1, rd_midr),
    RO_FN("MPIDR_EL1", K(3, 0, 0, 0, 5), 1, rd_mpidr),
    ID("REVIDR_EL1", K(3, 0, 0, 0, 6), 0),
    ID("AIDR_EL1", K(3, 1, 0, 0, 7), 0),
    ID("ID_PFR0_EL1", K(3, 0, 0, 1, 0), 0x00000131),
    RO_FN("ID_PFR1_EL1", K(3, 0, 0, 1, 1), 1, rd_pfr1),
    ID("ID_DFR0_EL1", K(3, 0, 0, 1, 2), 0x03010006),
    ID("ID_AFR0_EL1", K(3, 0, 0, 1, 3), 0),
    ID("ID_MMFR0_EL1", K(3, 0, 0, 1, 4), 0x10101105),
    ID("ID_MMFR1_EL1", K(3, 0, 0, 1, 5), 0x40000000),
    ID("ID_MMFR2_EL1", K(3, 0, 0, 1, 6), 0x01260000),
    ID("ID_MMFR3_EL1", K(3, 0, 0, 1, 7), 0x02102211),
    ID("ID_ISAR0_EL1", K(3, 0, 0, 2, 0), 0x02101110),
    ID("ID_ISAR1_EL1", K(3, 0, 0, 2, 1), 0x13112111),
    ID("ID_ISAR2_EL1", K(3, 0, 0, 2, 2), 0x21232042),
    ID("ID_ISAR3_EL1", K(3, 0, 0, 2, 3), 0x01112131),
    ID("ID_ISAR4_EL1", K(3, 0, 0, 2, 4), 0x00011142),
    ID("ID_ISAR5_EL1", K(3, 0, 0, 2, 5), 0x00011121),
    ID("ID_MMFR4_EL1", K(3, 0, 0, 2, 6), 0),
    ID("ID_ISAR6_EL1", K(3, 0, 0, 2, 7), 0),
    ID("MVFR0_EL1", K(3, 0, 0, 3, 0), 0x10110222),
    ID("MVFR1_EL1", K(3, 0, 0, 3, 1), 0x12111111),
    ID("MVFR2_EL1", K(3, 0, 0, 3, 2), 0x00000043),
    RO_FN("ID_AA64PFR0_EL1", K(3, 0, 0, 4, 0), 1, rd_pfr0),
    ID("ID_AA64PFR1_EL1", K(3, 0, 0, 4, 1), 0),
    ID("ID_AA64DFR0_EL1", K(3, 0, 0, 5, 0), A57_ID_AA64DFR0),
    ID("ID_AA64DFR1_EL1", K(3, 0, 0, 5, 1), 0),
    ID("ID_AA64AFR0_EL1", K(3, 0, 0, 5, 4), 0),
    ID("ID_AA64AFR1_EL1", K(3, 0, 0, 5, 5), 0),
    ID("ID_AA64ISAR0_EL1", K(3, 0, 0, 6, 0), A57_ID_AA64ISAR0),
    ID("ID_AA64ISAR1_EL1", K(3, 0, 0, 6, 1), 0),
    ID("ID_AA64MMFR0_EL1", K(3, 0, 0, 7, 0), A57_ID_AA64MMFR0),
    ID("ID_AA64MMFR1_EL1", K(3, 0, 0, 7, 1), 0),
    ID("ID_AA64MMFR2_EL1", K(3, 0, 0, 7, 2), 0),
    { .name = "CTR_EL0", .key = K(3, 3, 0, 0, 1), .min_el = 0, .readonly = true, .fixed = A57_CTR_EL0,
      .access = acc_ctr },
    RO_FN("DCZID_EL0", K(3, 3, 0, 0, 7), 0, rd_dczid),
    ID("CLIDR_EL1", K(3, 1, 0, 0, 1), A57_CLIDR),
    RO_FN("CCSIDR_EL1", K(3, 1, 0, 0, 0), 1, rd_ccsidr),
    MASKED("CSSELR_EL1", K(3, 2, 0, 0, 0), csselr_el1, 0xf),
    ID("RVBAR_EL1", K(3, 0, 12, 0, 1), 0),

    /* PSTATE */
    RO_FN("CurrentEL", K(3, 0, 4, 2, 2), 1, rd_currentel),
    { .name = "DAIF", .key = K(3, 3, 4, 2, 1), .min_el = 0, .ends_tb = true,
      .read = rd_daif, .write = wr_daif, .access = acc_daif },
    { .name = "SPSel", .key = K(3, 0, 4, 2, 0), .min_el = 1, .ends_tb = true,
      .read = rd_spsel, .write = wr_spsel },
    { .name = "NZCV", .key = K(3, 3, 4, 2, 0), .min_el = 0, .read = rd_nzcv, .write = wr_nzcv },
    { .name = "SP_EL0", .key = K(3, 0, 4, 1, 0), .min_el = 1, .offset = ENV_OFF(regs[GR_SP_EL0]),
      .access = acc_sp_el0 },

    /* exceptions */
    PLAIN("ELR_EL1", K(3, 0, 4, 0, 1), 1, elr_el1),
    PLAIN("SPSR_EL1", K(3, 0, 4, 0, 0), 1, spsr_el1),
    MASKED("ESR_EL1", K(3, 0, 5, 2, 0), esr_el1, 0xffffffffull),
    PLAIN("FAR_EL1", K(3, 0, 6, 0, 0), 1, far_el1),
    PLAIN("AFSR0_EL1", K(3, 0, 5, 1, 0), 1, afsr0_el1),
    PLAIN("AFSR1_EL1", K(3, 0, 5, 1, 1), 1, afsr1_el1),
    MASKED("VBAR_EL1", K(3, 0, 12, 0, 0), vbar_el1, ~0x7ffull),

    /* system control and memory */
    { .name = "SCTLR_EL1", .key = K(3, 0, 1, 0, 0), .min_el = 1, .ends_tb = true,
      .offset = ENV_OFF(sctlr_el1), .read = rd_field, .write = wr_sctlr },
    RAZWI("ACTLR_EL1", K(3, 0, 1, 0, 1), 1),
    /* TTA, FPEN; FPEN is in the blocks' flags (TB_FLAG_FPEN): a write ends the block */
    { .name = "CPACR_EL1", .key = K(3, 0, 1, 0, 2), .min_el = 1, .ends_tb = true,
      .offset = ENV_OFF(cpacr_el1), .read = rd_field, .write = wr_masked, .fixed = 0x10300000ull },
    XLATE("TTBR0_EL1", K(3, 0, 2, 0, 0), ttbr0_el1),
    XLATE("TTBR1_EL1", K(3, 0, 2, 0, 1), ttbr1_el1),
    XLATE("TCR_EL1", K(3, 0, 2, 0, 2), tcr_el1),
    XLATE("MAIR_EL1", K(3, 0, 10, 2, 0), mair_el1),
    PLAIN("AMAIR_EL1", K(3, 0, 10, 3, 0), 1, amair_el1),
    PLAIN("PAR_EL1", K(3, 0, 7, 4, 0), 1, par_el1),
    MASKED("CONTEXTIDR_EL1", K(3, 0, 13, 0, 1), contextidr_el1, 0xffffffffull),

    /* thread ID */
    PLAIN("TPIDR_EL0", K(3, 3, 13, 0, 2), 0, tpidr_el0),
    { .name = "TPIDRRO_EL0", .key = K(3, 3, 13, 0, 3), .min_el = 0, .el0_readonly = true,
      .offset = ENV_OFF(tpidrro_el0) },
    PLAIN("TPIDR_EL1", K(3, 0, 13, 0, 4), 1, tpidr_el1),

    /* ---- the generic timer (src/arm/gtimer.c): the counter, CNTKCTL_EL1 and the
     * EL1 physical and virtual timers. A timer write may change its output
     * line, so it ends the block and an interrupt it raises is taken after it.
     * CNTVOFF is 0: CNTVCT = CNTPCT. */
    MASKED("CNTKCTL_EL1", K(3, 0, 14, 1, 0), cntkctl_el1, 0x3ffull),
    { .name = "CNTFRQ_EL0", .key = K(3, 3, 14, 0, 0), .min_el = 0, .el0_readonly = true,
      .fixed = ARM_CNTFRQ, .write = wr_cntfrq, .access = acc_cntfrq },
    { .name = "CNTVCT_EL0", .key = K(3, 3, 14, 0, 2), .min_el = 0, .readonly = true,
      .read = rd_counter, .access = acc_cntvct },
    { .name = "CNTPCT_EL0", .key = K(3, 3, 14, 0, 1), .min_el = 0, .readonly = true,
      .read = rd_counter, .access = acc_cntpct },
    GT("CNTP_TVAL_EL0", 2, 0), GT("CNTP_CTL_EL0", 2, 1), GT("CNTP_CVAL_EL0", 2, 2),
    GT("CNTV_TVAL_EL0", 3, 0), GT("CNTV_CTL_EL0", 3, 1), GT("CNTV_CVAL_EL0", 3, 2),

    /* ---- the GICv3 CPU interface (IHI 0069 12.2): hw/intc/gicv3-cpuif.c behind
     * arm_gic_cpuif_register(), called with the big lock held. EL1 only; a read
     * of a write-only register or a write of a read-only one is UNDEFINED. A
     * write may signal an interrupt (PMR, EOIR, CTLR, an SGI to self), so it
     * ends the block and the interrupt is taken after it, as QEMU does. */
    ICC_RW("ICC_PMR_EL1", K(3, 0, 4, 6, 0)),
    ICC_RO("ICC_IAR0_EL1", K(3, 0, 12, 8, 0)),
    ICC_WO("ICC_EOIR0_EL1", K(3, 0, 12, 8, 1)),
    ICC_RO("ICC_HPPIR0_EL1", K(3, 0, 12, 8, 2)),
    ICC_RW("ICC_BPR0_EL1", K(3, 0, 12, 8, 3)),
    ICC_RW("ICC_AP0R0_EL1", K(3, 0, 12, 8, 4)),
    ICC_RW("ICC_AP1R0_EL1", K(3, 0, 12, 9, 0)),
    ICC_WO("ICC_DIR_EL1", K(3, 0, 12, 11, 1)),
    ICC_RO("ICC_RPR_EL1", K(3, 0, 12, 11, 3)),
    ICC_WO("ICC_SGI1R_EL1", K(3, 0, 12, 11, 5)),
    ICC_WO("ICC_ASGI1R_EL1", K(3, 0, 12, 11, 6)),
    ICC_WO("ICC_SGI0R_EL1", K(3, 0, 12, 11, 7)),
    ICC_RO("ICC_IAR1_EL1", K(3, 0, 12, 12, 0)),
    ICC_WO("ICC_EOIR1_EL1", K(3, 0, 12, 12, 1)),
    ICC_RO("ICC_HPPIR1_EL1", K(3, 0, 12, 12, 2)),
    ICC_RW("ICC_BPR1_EL1", K(3, 0, 12, 12, 3)),
    ICC_RW("ICC_CTLR_EL1", K(3, 0, 12, 12, 4)),
    ICC_RW("ICC_SRE_EL1", K(3, 0, 12, 12, 5)),
    ICC_RW("ICC_IGRPEN0_EL1", K(3, 0, 12, 12, 6)),
    ICC_RW("ICC_IGRPEN1_EL1", K(3, 0, 12, 12, 7)),
    /* ---- end of the GICv3 CPU interface ---- */

    /* debug */
    /* MDSCR_EL1: stored whole (QEMU 7.2); SS, KDE and MDE act. It, the OS lock and the
     * OS double lock feed the TB flags: a write ends the block. */
    { .name = "MDSCR_EL1", .key = K(2, 0, 0, 2, 2), .min_el = 1, .ends_tb = true,
      .offset = ENV_OFF(mdscr_el1) },
    { .name = "OSLAR_EL1", .key = K(2, 0, 1, 0, 4), .min_el = 1, .ends_tb = true, .read = rd_zero,
      .write = wr_oslar, .access = acc_write_only },
    RO_FN("OSLSR_EL1", K(2, 0, 1, 1, 4), 1, rd_oslsr),
    { .name = "OSDLR_EL1", .key = K(2, 0, 1, 3, 4), .min_el = 1, .ends_tb = true,
      .read = rd_osdlr, .write = wr_osdlr },
    /* ARMv8.0 has them (QEMU 7.2 does not: docs/testing.md). DBGAUTHSTATUS_EL1:
     * Non-secure invasive and non-invasive debug implemented and enabled, no Secure
     * state (no EL3). */
    { .name = "DBGCLAIMSET_EL1", .key = K(2, 0, 7, 8, 6), .min_el = 1, .read = rd_claimset,
      .write = wr_claimset },
    { .name = "DBGCLAIMCLR_EL1", .key = K(2, 0, 7, 9, 6), .min_el = 1, .read = rd_claimclr,
      .write = wr_claimclr },
    ID("DBGAUTHSTATUS_EL1", K(2, 0, 7, 14, 6), 0x0f),
    ID("MDRAR_EL1", K(2, 0, 1, 0, 0), 0),
    { .name = "MDCCSR_EL0", .key = K(2, 3, 0, 1, 0), .min_el = 0, .readonly = true, .fixed = 0 },
    RAZWI("MDCCINT_EL1", K(2, 0, 0, 2, 0), 1),
    DBG_B(0), DBG_B(1), DBG_B(2), DBG_B(3), DBG_B(4), DBG_B(5),
    DBG_W(0), DBG_W(1), DBG_W(2), DBG_W(3),

    /* floating point */
    FP_SYSREGS

    /* cortex-a57 IMPLEMENTATION DEFINED (op1 1, CRn 11 and 15), as QEMU 7.2 has them:
     * writes ignored, CBAR_EL1 read-only (the GIC's base: QEMU's virt sets reset-cbar
     * to its CPU peripherals at 0x08000000) */
    { .name = "L2CTLR_EL1", .key = K(3, 1, 11, 0, 2), .min_el = 1, .read = rd_l2ctlr,
      .write = wr_ignore },
    RAZWI("L2ECTLR_EL1", K(3, 1, 11, 0, 3), 1),
    RAZWI("L2ACTLR_EL1", K(3, 1, 15, 0, 0), 1),
    RAZWI("CPUACTLR_EL1", K(3, 1, 15, 2, 0), 1),
    RAZWI("CPUECTLR_EL1", K(3, 1, 15, 2, 1), 1),
    RAZWI("CPUMERRSR_EL1", K(3, 1, 15, 2, 2), 1),
    RAZWI("L2MERRSR_EL1", K(3, 1, 15, 2, 3), 1),
    ID("CBAR_EL1", K(3, 1, 15, 3, 0), A57_CBAR),

    /* the performance monitors are src/arm/pmu.c's rows (table_init_locked) */
};

/* ---- lookup --------------------------------------------------------------- */

static GMutex table_lock;
static GHashTable *table;           /* key -> const SysReg * */
/* The RAZ placeholders of the ID space (CRm 1..7, op2 0..7). Static, not heap: a device
 * may replace one in the table (sysreg_register), and a block translated earlier may
 * still hold its address. */
static SysReg id_raz[7 * 8];
static char id_raz_names[7 * 8][sizeof("S3_0_C0_C7_7")];

static void table_init_locked(void)
{
    if (table) {
        return;
    }
    table = g_hash_table_new(NULL, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
        g_hash_table_insert(table, GUINT_TO_POINTER(sysregs[i].key), (gpointer)&sysregs[i]);
    }
    size_t npmu;
    const SysReg *pmu = arm_pmu_sysregs(&npmu);
    for (size_t i = 0; i < npmu; i++) {
        g_hash_table_insert(table, GUINT_TO_POINTER(pmu[i].key), (gpointer)&pmu[i]);
    }
    /* The rest of the ID space reads as zero (future ID registers that
     * newer kernels probe, e.g. ID_AA64ISAR2_EL1, ID_AA64ZFR0_EL1). */
    for (unsigned crm = 1; crm <= 7; crm++) {
        for (unsigned op2 = 0; op2 < 8; op2++) {
            uint32_t key = K(3, 0, 0, crm, op2);
            if (!g_hash_table_contains(table, GUINT_TO_POINTER(key))) {
                size_t n = (crm - 1) * 8 + op2;
                SysReg *r = &id_raz[n];
                snprintf(id_raz_names[n], sizeof(id_raz_names[n]), "S3_0_C0_C%u_%u", crm, op2);
                r->name = id_raz_names[n];
                r->key = key;
                r->min_el = 1;
                r->readonly = true;
                g_hash_table_insert(table, GUINT_TO_POINTER(key), r);
            }
        }
    }
}

const SysReg *sysreg_find(uint32_t key)
{
    const SysReg *r;

    g_mutex_lock(&table_lock);
    table_init_locked();
    r = g_hash_table_lookup(table, GUINT_TO_POINTER(key));
    g_mutex_unlock(&table_lock);
    return r;
}

bool sysreg_register(const SysReg *r, GError **errp)
{
    const SysReg *old;
    bool ok = true;

    g_mutex_lock(&table_lock);
    table_init_locked();
    old = g_hash_table_lookup(table, GUINT_TO_POINTER(r->key));
    /* A device may claim a RAZ placeholder of the ID space, not a real register. */
    if (old && !(old->readonly && !old->read && !old->offset && old->fixed == 0 &&
                 g_str_has_prefix(old->name, "S3_0_C0_"))) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                    "system register %s: encoding 0x%x is already %s", r->name, r->key,
                    old->name);
        ok = false;
    } else {
        g_hash_table_insert(table, GUINT_TO_POINTER(r->key), (gpointer)r);
    }
    g_mutex_unlock(&table_lock);
    return ok;
}

bool sysreg_access_ok(const SysReg *r, unsigned el, bool is_write)
{
    if (!r || el < r->min_el) {
        return false;
    }
    if (is_write && (r->readonly || (el == 0 && r->el0_readonly))) {
        return false;
    }
    return true;
}

/* ESR for a trapped MRS/MSR of the register with this key. */
static uint32_t syn_sysreg_key(uint32_t key, unsigned rt, bool is_read)
{
    return syn_sysreg_trap((key >> 14) & 3, (key >> 11) & 7, (key >> 7) & 0xf, (key >> 3) & 0xf,
                           key & 7, rt, is_read);
}

static void check_access(CPUARMState *env, const SysReg *r, unsigned rt, bool is_write)
{
    int res = SYSREG_ACCESS_OK;

    if (!sysreg_access_ok(r, env->el, is_write)) {
        res = SYSREG_ACCESS_UNDEF;
    } else if (r->access) {
        res = r->access(env, r, is_write);
    }
    if (res == SYSREG_ACCESS_TRAP) {
        helper_exception(env, EXCP_UDEF, syn_sysreg_key(r->key, rt, !is_write), env->pc);
    } else if (res == SYSREG_ACCESS_FPTRAP) {
        helper_exception(env, EXCP_UDEF, syn_fp_access_trap(), env->pc);
    } else if (res != SYSREG_ACCESS_OK) {
        helper_exception(env, EXCP_UDEF, syn_uncategorized(), env->pc);
    }
}

uint64_t sysreg_read_raw(CPUARMState *env, const SysReg *r)
{
    if (r->read) {
        return r->read(env, r);
    }
    return r->offset ? *field(env, r) : r->fixed;
}

bool sysreg_write_raw(CPUARMState *env, const SysReg *r, uint64_t v)
{
    if (r->readonly) {
        return false;
    }
    if (r->write) {
        r->write(env, r, v);
    } else if (r->offset) {
        *field(env, r) = v;
    } else {
        return false;
    }
    return true;
}

uint64_t helper_mrs(CPUARMState *env, uint64_t reg, uint64_t rt)
{
    const SysReg *r = (const SysReg *)(uintptr_t)reg;

    if (!r) {
        helper_exception(env, EXCP_UDEF, syn_uncategorized(), env->pc);
    }
    check_access(env, r, (unsigned)rt, false);
    return sysreg_read_raw(env, r);
}

uint64_t helper_msr(CPUARMState *env, uint64_t reg, uint64_t value, uint64_t rt)
{
    const SysReg *r = (const SysReg *)(uintptr_t)reg;

    if (!r) {
        helper_exception(env, EXCP_UDEF, syn_uncategorized(), env->pc);
    }
    check_access(env, r, (unsigned)rt, true);
    if (r->write) {
        r->write(env, r, value);
    } else if (r->offset && !r->readonly) {
        *field(env, r) = value;
    } else {
        log_guest_error("MSR %s: write of 0x%" PRIx64 " to a read-only register ignored\n",
                        r->name, value);
    }
    return 0;
}

uint64_t helper_msr_imm(CPUARMState *env, uint64_t op, uint64_t imm)
{
    imm &= 0xf;
    switch (op) {
    case 0: case 1:
        if (env->el == 0 && !(env->sctlr_el1 & SCTLR_UMA)) {
            /* MSR DAIFSet/DAIFClr: op0 0, op1 3, CRn 4, CRm imm, op2 6/7, Rt 31. */
            uint32_t syn = syn_sysreg_trap(0, 3, 4, (uint32_t)imm, op == 0 ? 6 : 7, 31, false);
            helper_exception(env, EXCP_UDEF, syn, env->pc);
        }
        if (op == 0) {
            env->daif |= (uint32_t)imm << PSTATE_DAIF_SHIFT;
        } else {
            env->daif &= ~((uint32_t)imm << PSTATE_DAIF_SHIFT);
        }
        break;
    case 2:
        if (env->el == 0) {
            helper_exception(env, EXCP_UDEF, syn_uncategorized(), env->pc);
        }
        env->spsel = imm & 1;
        break;
    default:
        log_guest_error("MSR (immediate): unknown operation %" PRIu64 "\n", op);
        break;
    }
    return 0;
}

uint64_t helper_sys_el0_trap(CPUARMState *env, uint64_t enable, uint64_t syn)
{
    if (env->el == 0 && !(env->sctlr_el1 & enable)) {
        helper_exception(env, EXCP_UDEF, syn, env->pc);
    }
    return 0;
}
