/* selfdbg: the self-hosted debug architecture (Arm ARM D2) as Linux uses it for ptrace:
 *  - the debug registers' reset values and what a write of all-ones keeps (MDSCR_EL1,
 *    OSLSR/OSDLR, MDCCINT/MDCCSR, DBGBVR/BCR0-5, DBGWVR/WCR0-3, the claim tags,
 *    DBGAUTHSTATUS), the OS lock through OSLAR_EL1;
 *  - hardware breakpoints (EC 0x30/0x31) at EL1 with KDE = 1 and at EL0, and the cases that
 *    must not fire: MDE, KDE or PSTATE.D, the OS lock, E, BAS 0 and 0b1100, the privilege
 *    (PMC), a context-ID type; a linked context-ID match; one armed after its code ran;
 *  - software step (EC 0x32/0x33) from EL1 into EL0 as PTRACE_SINGLESTEP does it (MDSCR.SS,
 *    SPSR.SS, KDE = 0) over an LDXR/LDAXR (ESR.EX), branches, an SVC and a BRK, printing
 *    ESR/ELR/SPSR each step; WFE; a breakpoint and a watchpoint met while stepping; EL1 to EL1
 *    with KDE = 1; ERET with SPSR.SS = 0 (active-
 *    pending at once); the OS lock stopping it;
 *  - watchpoints (EC 0x34/0x35) on loads, stores and both, BAS subsets, the old 4-byte
 *    aligned form, MASK ranges, unaligned and overlapping accesses, LDTR/STTR (EL0's
 *    accesses), PAC privilege, linked to a context-ID breakpoint, at EL1 and EL0; the OS
 *    lock, MDE, KDE and PSTATE.D. */
#include "rt.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

#define MDSCR_SS  (1u << 0)
#define MDSCR_KDE (1u << 13)
#define MDSCR_MDE (1u << 15)
#define SPSR_SS   (1u << 21)
#define SPSR_D    (1u << 9)

extern char sd_el1_bp[], sd_el0_bp[], sd_el0_step[], sd_el0_wfe[], sd_el1_step[], sd_wp_seq[], sd_wp_acc[],
    sd_wp_el0[];
typedef uint64_t (*el1_fn)(uint64_t);

static uint8_t wbuf[64] __attribute__((aligned(64)));
static uint64_t el0_stack[256] __attribute__((aligned(16)));
static uint64_t step_buf[2] __attribute__((aligned(16)));
static unsigned n_exc, n_undef;
static uintptr_t label;
static const char *label_name = "?";

/* ---- the exception handler: every exception prints one line ---- */

static void show(const RtFrame *f)
{
    unsigned ec = f->esr >> 26;
    long off = (long)(f->elr - label);
    char far[40] = "";
    if (ec == 0x34 || ec == 0x35)
        snprintf(far, sizeof(far), " FAR=wbuf%+ld", (long)(f->far - (uintptr_t)wbuf));
    else if (ec == 0x30 || ec == 0x31)
        snprintf(far, sizeof(far), " FAR=0x%lx", f->far);
    if (off >= 0 && off < 0x100)
        printf("  EC=0x%02x ISS=0x%07lx ELR=%s+0x%lx SPSR=0x%08lx%s\n", ec, f->esr & 0x1ffffff,
               label_name, off, f->spsr, far);
    else
        printf("  EC=0x%02x ISS=0x%07lx ELR=0x%lx SPSR=0x%08lx%s\n", ec, f->esr & 0x1ffffff,
               f->elr, f->spsr, far);
}

static void handler(RtFrame *f)
{
    unsigned ec = f->esr >> 26;

    if (ec == 0x00 && n_undef < 100 && f->elr < (uintptr_t)sd_el1_bp) {
        /* an MRS/MSR probe of a register that does not exist */
        n_undef++;
        f->x[0] = 0xdeadull;
        f->elr += 4;
        return;
    }
    if (++n_exc > 200) {
        printf("runaway\n");
        rt_exit(4);
    }
    show(f);
    switch (ec) {
    case 0x15:
        if ((f->esr & 0xffff) == 0xffff) {          /* back to EL1h, where rt_eret_to was */
            f->elr = (uintptr_t)rt_el0_return;
            f->spsr = 0x3c5;
        }
        break;                                      /* SPSR.SS stays as it was saved */
    case 0x32: case 0x33:
        f->spsr |= SPSR_SS;                         /* step the next one */
        break;
    default:                                        /* a breakpoint, watchpoint or BRK: skip it */
        f->elr += 4;
        break;
    }
}

/* ---- registers ---- */

#define PROBE_RD(name, enc) do { uint64_t v_; unsigned u_ = n_undef;                    \
        __asm__ volatile("mov x0, #0\n\tmrs x0, " enc "\n\tmov %0, x0" : "=r"(v_) : : "x0"); \
        if (n_undef != u_) printf("%-18s UNDEFINED\n", name);                           \
        else printf("%-18s 0x%016lx\n", name, v_); } while (0)
#define PROBE_WR(name, enc, val) do { unsigned u_ = n_undef;                             \
        __asm__ volatile("mov x0, %0\n\tmsr " enc ", x0\n\tisb" : : "r"((uint64_t)(val)) : "x0"); \
        if (n_undef != u_) printf("%-18s write UNDEFINED\n", name); } while (0)

/* ARMv8.0 has the claim tags and DBGAUTHSTATUS_EL1; QEMU 7.2 does not (UNDEFINED): only
 * the SELFDBG_ARCH build, checked against the architecture, reads them. */
#ifdef SELFDBG_ARCH
#define CLAIM_REGS(X) X("DBGCLAIMSET_EL1", "s2_0_c7_c8_6") X("DBGCLAIMCLR_EL1", "s2_0_c7_c9_6") \
    X("DBGAUTHSTATUS", "s2_0_c7_c14_6")
#else
#define CLAIM_REGS(X)
#endif
/* OS_LOCK(stmt): the cases where the OS lock (OSLSR_EL1.OSLK) is set. The Arm ARM
 * disables every debug exception then; QEMU 7.2 still takes them (it tests OSLSR bit 0,
 * OSLM[0], not OSLK), so only the SELFDBG_ARCH build has them. */
#ifdef SELFDBG_ARCH
#define OS_LOCK(stmt) do { oslock(1); stmt; oslock(0); } while (0)
#else
#define OS_LOCK(stmt) do { } while (0)
#endif

#define DBG_REGS(X) \
    X("MDSCR_EL1", "s2_0_c0_c2_2") X("OSLSR_EL1", "s2_0_c1_c1_4") X("OSDLR_EL1", "s2_0_c1_c3_4") \
    X("MDCCINT_EL1", "s2_0_c0_c2_0") X("MDCCSR_EL0", "s2_3_c0_c1_0") X("MDRAR_EL1", "s2_0_c1_c0_0") \
    CLAIM_REGS(X) X("DBGPRCR_EL1", "s2_0_c1_c4_4") \
    X("OSECCR_EL1", "s2_0_c0_c6_2") X("DBGDTR_EL0", "s2_3_c0_c4_0") \
    X("DBGDTRRX_EL0", "s2_3_c0_c5_0") \
    X("DBGBVR0_EL1", "s2_0_c0_c0_4") X("DBGBCR0_EL1", "s2_0_c0_c0_5") \
    X("DBGBVR1_EL1", "s2_0_c0_c1_4") X("DBGBCR1_EL1", "s2_0_c0_c1_5") \
    X("DBGBVR2_EL1", "s2_0_c0_c2_4") X("DBGBCR2_EL1", "s2_0_c0_c2_5") \
    X("DBGBVR3_EL1", "s2_0_c0_c3_4") X("DBGBCR3_EL1", "s2_0_c0_c3_5") \
    X("DBGBVR4_EL1", "s2_0_c0_c4_4") X("DBGBCR4_EL1", "s2_0_c0_c4_5") \
    X("DBGBVR5_EL1", "s2_0_c0_c5_4") X("DBGBCR5_EL1", "s2_0_c0_c5_5") \
    X("DBGBVR6_EL1", "s2_0_c0_c6_4") X("DBGBCR6_EL1", "s2_0_c0_c6_5") \
    X("DBGWVR0_EL1", "s2_0_c0_c0_6") X("DBGWCR0_EL1", "s2_0_c0_c0_7") \
    X("DBGWVR1_EL1", "s2_0_c0_c1_6") X("DBGWCR1_EL1", "s2_0_c0_c1_7") \
    X("DBGWVR2_EL1", "s2_0_c0_c2_6") X("DBGWCR2_EL1", "s2_0_c0_c2_7") \
    X("DBGWVR3_EL1", "s2_0_c0_c3_6") X("DBGWCR3_EL1", "s2_0_c0_c3_7") \
    X("DBGWVR4_EL1", "s2_0_c0_c4_6") X("DBGWCR4_EL1", "s2_0_c0_c4_7")

static void t_regs(void)
{
#define SHOW_REG(n, e) PROBE_RD(n, e);
#define ONES(n, e) PROBE_WR(n, e, ~0ull);
#define ZERO(n, e) PROBE_WR(n, e, 0);
    printf("reset values:\n");
    DBG_REGS(SHOW_REG)
    printf("ID_AA64DFR0_EL1    0x%016lx\n", RD(id_aa64dfr0_el1));
    /* all-ones written with the OS lock set (nothing can fire), then zeroes */
    DBG_REGS(ONES)
    printf("after writing all-ones:\n");
    DBG_REGS(SHOW_REG)
    DBG_REGS(ZERO)
    printf("after writing zeroes:\n");
    DBG_REGS(SHOW_REG)
#ifdef SELFDBG_ARCH
    PROBE_WR("DBGCLAIMSET_EL1", "s2_0_c7_c8_6", 0x5a);
    PROBE_RD("claim after set 0x5a", "s2_0_c7_c9_6");
    PROBE_WR("DBGCLAIMCLR_EL1", "s2_0_c7_c9_6", 0x0f);
    PROBE_RD("claim after clr 0x0f", "s2_0_c7_c9_6");
    PROBE_WR("DBGCLAIMCLR_EL1", "s2_0_c7_c9_6", 0xff);
#endif
    /* the OS lock: OSLAR_EL1 bit 0, seen in OSLSR_EL1.OSLK */
    PROBE_WR("OSLAR_EL1", "s2_0_c1_c0_4", 0);
    PROBE_RD("OSLSR after 0", "s2_0_c1_c1_4");
    PROBE_WR("OSLAR_EL1", "s2_0_c1_c0_4", 1);
    PROBE_RD("OSLSR after 1", "s2_0_c1_c1_4");
    PROBE_WR("OSLAR_EL1", "s2_0_c1_c0_4", 0xfffffffe);
    PROBE_RD("OSLSR after ~1", "s2_0_c1_c1_4");
    PROBE_RD("OSLAR_EL1 read", "s2_0_c1_c0_4");
    PROBE_WR("OSDLR_EL1", "s2_0_c1_c3_4", 1);
    PROBE_RD("OSDLR after 1", "s2_0_c1_c3_4");
    PROBE_WR("OSDLR_EL1", "s2_0_c1_c3_4", 0);
    printf("undefined probes: %u\n", n_undef);
}

/* ---- helpers ---- */

static void set_mdscr(uint64_t v) { WR(mdscr_el1, v); }
static void oslock(int on) { __asm__ volatile("msr oslar_el1, %0\n\tisb" : : "r"((uint64_t)on)); }
static void dmask(int on)
{
    if (on)
        __asm__ volatile("msr daifset, #8\n\tisb" ::: "memory");
    else
        __asm__ volatile("msr daifclr, #8\n\tisb" ::: "memory");
}

static void set_bp(unsigned n, uint64_t bvr, uint64_t bcr)
{
    switch (n) {
    case 0: WR(dbgbvr0_el1, bvr); WR(dbgbcr0_el1, bcr); break;
    case 1: WR(dbgbvr1_el1, bvr); WR(dbgbcr1_el1, bcr); break;
    case 5: WR(dbgbvr5_el1, bvr); WR(dbgbcr5_el1, bcr); break;
    }
}

static void set_wp(unsigned n, uint64_t wvr, uint64_t wcr)
{
    switch (n) {
    case 0: WR(dbgwvr0_el1, wvr); WR(dbgwcr0_el1, wcr); break;
    case 3: WR(dbgwvr3_el1, wvr); WR(dbgwcr3_el1, wcr); break;
    }
}

/* DBGBCR: E, PMC[2:1], BAS[8:5], HMC 13, SSC[15:14], LBN[19:16], BT[23:20] */
#define BCR(pmc, bas, bt) (1u | (pmc) << 1 | (bas) << 5 | (bt) << 20)
/* DBGWCR: E, PAC[2:1], LSC[4:3], BAS[12:5], HMC 13, SSC[15:14], LBN[19:16], WT 20, MASK[28:24] */
#define WCR(pac, lsc, bas, mask) (1u | (pac) << 1 | (lsc) << 3 | (bas) << 5 | (uint32_t)(mask) << 24)

static void run_el1_bp(const char *what)
{
    label = (uintptr_t)sd_el1_bp;
    label_name = "el1_bp";
    unsigned before = n_exc;
    uint64_t r = ((el1_fn)(uintptr_t)sd_el1_bp)(0);
    printf("%s: x0=%lu, %u exception(s)\n", what, r, n_exc - before);
}

static void run_el0(const char *what, char *prog, const char *name, uint64_t spsr, uint64_t arg)
{
    label = (uintptr_t)(prog == sd_wp_el0 ? sd_wp_acc : prog);
    label_name = name;
    unsigned before = n_exc;
    printf("%s:\n", what);
    rt_enter_el0_spsr((uintptr_t)prog, (uintptr_t)(el0_stack + 256), arg, spsr);
    printf("  %u exception(s)\n", n_exc - before - 1);
}

static void t_breakpoints(void)
{
    uintptr_t bp = (uintptr_t)sd_el1_bp + 4;

    printf("-- breakpoints\n");
    oslock(0);
    run_el1_bp("no breakpoint");
    set_mdscr(MDSCR_MDE | MDSCR_KDE);
    dmask(0);
    set_bp(0, bp, BCR(3, 0xf, 0));
    run_el1_bp("EL1, KDE, D clear");
    set_bp(1, (uintptr_t)sd_el1_bp, BCR(1, 0xf, 0));
    set_bp(0, bp + 8, BCR(3, 0xf, 0));
    run_el1_bp("two: the first instruction and +0xc");
    set_bp(1, 0, 0);
    set_bp(0, bp, BCR(3, 0xf, 0));
    dmask(1);
    run_el1_bp("PSTATE.D set");
    dmask(0);
    set_mdscr(MDSCR_MDE);
    run_el1_bp("KDE clear");
    set_mdscr(MDSCR_KDE);
    run_el1_bp("MDE clear");
    set_mdscr(MDSCR_MDE | MDSCR_KDE);
    OS_LOCK(run_el1_bp("OS lock set"));
    WR(osdlr_el1, 1);
    run_el1_bp("OS double lock set");
    WR(osdlr_el1, 0);
    set_bp(0, bp, BCR(3, 0xf, 0) & ~1u);
    run_el1_bp("E clear");
    set_bp(0, bp, BCR(2, 0xf, 0));
    run_el1_bp("PMC EL0 only");
    set_bp(0, bp, BCR(1, 0xf, 0));
    run_el1_bp("PMC EL1 only");
    set_bp(0, bp, BCR(3, 0x0, 0));
    run_el1_bp("BAS 0");
    set_bp(0, bp, BCR(3, 0xc, 0));
    run_el1_bp("BAS 0b1100");
    set_bp(0, bp, BCR(3, 0x3, 0));
    run_el1_bp("BAS 0b0011");
    set_bp(0, bp, BCR(3, 0xf, 2));
    run_el1_bp("BT context ID");
    /* a linked address match: fires only while BP5 (context ID) matches CONTEXTIDR_EL1 */
    WR(contextidr_el1, 0x42);
    set_bp(5, 0x42, BCR(3, 0, 3));
    set_bp(0, bp, BCR(3, 0xf, 1) | 5u << 16);
    run_el1_bp("linked, CONTEXTIDR matches");
    WR(contextidr_el1, 0x43);
    run_el1_bp("linked, CONTEXTIDR differs");
    WR(contextidr_el1, 0);
    set_bp(5, 0, 0);
    /* EL0 (KDE clear: debug exceptions from EL0 go to EL1 whatever KDE and PSTATE.D) */
    set_mdscr(MDSCR_MDE);
    dmask(1);
    set_bp(0, (uintptr_t)sd_el0_bp + 4, BCR(2, 0xf, 0));
    run_el0("EL0, PMC EL0", sd_el0_bp, "el0_bp", 0x3c0, 0);
    set_bp(0, (uintptr_t)sd_el0_bp + 4, BCR(3, 0xf, 0));
    run_el0("EL0, PMC both", sd_el0_bp, "el0_bp", 0x3c0, 0);
    set_bp(0, (uintptr_t)sd_el0_bp + 4, BCR(1, 0xf, 0));
    run_el0("EL0, PMC EL1 only", sd_el0_bp, "el0_bp", 0x3c0, 0);
    set_bp(0, (uintptr_t)sd_el0_bp + 4, BCR(2, 0xf, 0));
    set_mdscr(0);
    run_el0("EL0, MDE clear", sd_el0_bp, "el0_bp", 0x3c0, 0);
    set_bp(0, 0, 0);
    set_mdscr(0);
}

static void t_step(void)
{
    printf("-- software step\n");
    step_buf[0] = 0x1234;
    /* PTRACE_SINGLESTEP: MDSCR.SS, KDE clear, ERET to EL0 with SPSR.SS */
    set_mdscr(MDSCR_SS);
    run_el0("EL0, SPSR.SS", sd_el0_step, "el0_step", 0x3c0 | SPSR_SS, (uintptr_t)step_buf);
    run_el0("EL0, SPSR.SS clear (active-pending)", sd_el0_step, "el0_step", 0x3c0,
            (uintptr_t)step_buf);
    /* a breakpoint (+0x4) and a watchpoint (the LDR at +0x20) met while stepping: taken
     * before the instruction, SPSR.SS = 1 (the handler skips them) */
    set_mdscr(MDSCR_SS | MDSCR_MDE);
    set_bp(0, (uintptr_t)sd_el0_step + 4, BCR(2, 0xf, 0));
    set_wp(0, (uintptr_t)step_buf, WCR(2, 1, 0xff, 0));
    run_el0("EL0, SPSR.SS, a breakpoint and a watchpoint", sd_el0_step, "el0_step",
            0x3c0 | SPSR_SS, (uintptr_t)step_buf);
    set_bp(0, 0, 0);
    set_wp(0, 0, 0);
    OS_LOCK(run_el0("EL0, OS lock set", sd_el0_step, "el0_step", 0x3c0 | SPSR_SS,
                    (uintptr_t)step_buf));
    /* WFE stepped: it completes (after its wait), then the step exception */
    set_mdscr(MDSCR_SS);
    uint64_t sctlr = RD(sctlr_el1);
    WR(sctlr_el1, sctlr | 1u << 18);                            /* nTWE: EL0 WFE runs */
    run_el0("EL0, SPSR.SS, over WFE", sd_el0_wfe, "el0_wfe", 0x3c0 | SPSR_SS, 0);
    WR(sctlr_el1, sctlr);
    set_mdscr(0);
    run_el0("EL0, MDSCR.SS clear", sd_el0_step, "el0_step", 0x3c0 | SPSR_SS, (uintptr_t)step_buf);
    /* EL1 to EL1: needs KDE and PSTATE.D clear in the SPSR */
    label = (uintptr_t)sd_el1_step;
    label_name = "el1_step";
    set_mdscr(MDSCR_SS | MDSCR_KDE);
    printf("EL1, KDE, SPSR.D clear:\n");
    rt_eret_to(0x1c5 | SPSR_SS, (uintptr_t)sd_el1_step);
    printf("EL1, KDE, SPSR.D set:\n");
    rt_eret_to(0x3c5 | SPSR_SS, (uintptr_t)sd_el1_step);
    set_mdscr(MDSCR_SS);
    printf("EL1, KDE clear:\n");
    rt_eret_to(0x1c5 | SPSR_SS, (uintptr_t)sd_el1_step);
    set_mdscr(0);
}

static void fill_wbuf(void)
{
    for (unsigned i = 0; i < sizeof(wbuf); i++)
        wbuf[i] = (uint8_t)(0x40 + i);
}

static void wbuf_sum(void)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < sizeof(wbuf); i++)
        h = h * 31 + wbuf[i];
    printf("  wbuf hash 0x%016lx\n", h);
}

/* WP0 = (wvr, wcr) and WP3 = (wvr3, wcr3) around one run of the accesses */
static void run_wp2(const char *what, uint64_t wvr, uint64_t wcr, uint64_t wvr3, uint64_t wcr3,
                    int el0)
{
    fill_wbuf();
    set_wp(0, wvr, wcr);
    set_wp(3, wvr3, wcr3);
    label = (uintptr_t)sd_wp_acc;
    label_name = "wp";
    if (el0) {
        run_el0(what, sd_wp_el0, "wp", 0x3c0, (uintptr_t)wbuf);
    } else {
        unsigned before = n_exc;
        printf("%s:\n", what);
        ((el1_fn)(uintptr_t)sd_wp_seq)((uintptr_t)wbuf);
        printf("  %u exception(s)\n", n_exc - before);
    }
    set_wp(0, 0, 0);
    set_wp(3, 0, 0);
    wbuf_sum();
}

static void run_wp(const char *what, uint64_t wvr, uint64_t wcr, int el0)
{
    run_wp2(what, wvr, wcr, 0, 0, el0);
}

static void t_watchpoints(void)
{
    uintptr_t w = (uintptr_t)wbuf;

    printf("-- watchpoints\n");
    oslock(0);
    set_mdscr(MDSCR_MDE | MDSCR_KDE);
    dmask(0);
    run_wp("EL1 none", w + 8, 0, 0);
    run_wp("EL1 load, 8..15", w + 8, WCR(3, 1, 0xff, 0), 0);
    run_wp("EL1 store, 8..15", w + 8, WCR(3, 2, 0xff, 0), 0);
    run_wp("EL1 both, byte 9", w + 8, WCR(3, 3, 0x02, 0), 0);
    run_wp("EL1 both, 12..15", w + 8, WCR(3, 3, 0xf0, 0), 0);
    run_wp("EL1 both, 4-aligned WVR, byte 12", w + 12, WCR(3, 3, 0x01, 0), 0);
    run_wp("EL1 both, BAS 0", w + 8, WCR(3, 3, 0, 0), 0);
    run_wp("EL1 LSC 0", w + 8, WCR(3, 0, 0xff, 0), 0);
    run_wp("EL1 both, MASK 4 (16..31)", w + 16, WCR(3, 3, 0xff, 4), 0);
    run_wp("EL1 both, MASK 5, WVR inside (32..63)", w + 40, WCR(3, 3, 0xff, 5), 0);
    run_wp("EL1 both, MASK 3 (0..7)", w, WCR(3, 3, 0xff, 3), 0);
    run_wp("EL1 both, MASK 1 (reserved)", w, WCR(3, 3, 0xff, 1), 0);
    run_wp("EL1 both, PAC EL1", w + 8, WCR(1, 3, 0xff, 0), 0);
    run_wp("EL1 both, PAC EL0", w + 8, WCR(2, 3, 0xff, 0), 0);
    run_wp2("EL1 WP0 load 8..15 + WP3 store 16..19", w + 8, WCR(3, 1, 0xff, 0), w + 16,
            WCR(3, 2, 0x0f, 0), 0);
    /* linked to BP5, a context-ID match: fires only while CONTEXTIDR_EL1 matches */
    WR(contextidr_el1, 0x42);
    set_bp(5, 0x42, BCR(3, 0, 3));
    run_wp("EL1 both, linked, CONTEXTIDR matches", w + 8,
           WCR(3, 3, 0x01, 0) | 1u << 20 | 5u << 16, 0);
    run_wp("EL1 both, linked to BP0 (not context-aware)", w + 8,
           WCR(3, 3, 0x01, 0) | 1u << 20 | 0u << 16, 0);
    WR(contextidr_el1, 0x43);
    run_wp("EL1 both, linked, CONTEXTIDR differs", w + 8,
           WCR(3, 3, 0x01, 0) | 1u << 20 | 5u << 16, 0);
    WR(contextidr_el1, 0);
    set_bp(5, 0, 0);
    dmask(1);
    run_wp("EL1 PSTATE.D set", w + 8, WCR(3, 3, 0xff, 0), 0);
    dmask(0);
    set_mdscr(MDSCR_MDE);
    run_wp("EL1 KDE clear", w + 8, WCR(3, 3, 0xff, 0), 0);
    set_mdscr(MDSCR_KDE);
    run_wp("EL1 MDE clear", w + 8, WCR(3, 3, 0xff, 0), 0);
    set_mdscr(MDSCR_MDE | MDSCR_KDE);
    OS_LOCK(run_wp("EL1 OS lock", w + 8, WCR(3, 3, 0xff, 0), 0));
    /* EL0 (KDE clear) */
    set_mdscr(MDSCR_MDE);
    dmask(1);
    run_wp("EL0 both, 8..15", w + 8, WCR(3, 3, 0xff, 0), 1);
    run_wp("EL0 store, byte 9", w + 8, WCR(3, 2, 0x02, 0), 1);
    run_wp("EL0 load, MASK 4 (16..31)", w + 16, WCR(3, 1, 0xff, 4), 1);
    run_wp("EL0 both, PAC EL1", w + 8, WCR(1, 3, 0xff, 0), 1);
    run_wp("EL0 both, PAC EL0", w + 8, WCR(2, 3, 0xff, 0), 1);
    OS_LOCK(run_wp("EL0 OS lock", w + 8, WCR(3, 3, 0xff, 0), 1));
    set_mdscr(0);
}

int main(void)
{
    rt_handler = handler;
    t_regs();
    t_breakpoints();
    t_step();
    t_watchpoints();
    oslock(1);
    rt_handler = 0;
    printf("exceptions: %u\n", n_exc);
    return rt_report("selfdbg");
}
