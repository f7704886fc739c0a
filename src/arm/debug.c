/* debug.c: the self-hosted debug architecture (Arm ARM D2) as a cortex-a57 has it
 * without EL2/EL3: 6 breakpoints (the last context-aware), 4 watchpoints, software step.
 * The reserved and CONSTRAINED UNPREDICTABLE encodings behave as QEMU 7.2 makes them:
 * BAS 0b1100 of a breakpoint never matches an A64 instruction; a watchpoint's BAS
 * watches its lowest run of ones; MASK 1 and 2 disable it; MASK set ignores BAS. */
#include "arm/bits.h"
#include "arm/debug.h"
#include "arm/excp.h"
#include "arm/syndrome.h"

static unsigned cr_field(uint64_t cr, unsigned shift, unsigned bits)
{
    return (unsigned)(cr >> shift) & ((1u << bits) - 1);
}

/* PMC/PAC and SSC for an access from el (there is no Secure state: SSC 0b10, Secure
 * only, never matches; HMC matters only at EL2/EL3). */
static bool priv_match(uint64_t cr, unsigned el)
{
    if (cr_field(cr, DBGCR_SSC_SHIFT, 2) == 2) {
        return false;
    }
    return cr_field(cr, DBGCR_PRIV_SHIFT, 2) & (el == 0 ? 2u : 1u);
}

/* A link to breakpoint lbn: it must be the context-aware one, enabled, a linked
 * context ID match (BT 0b0011) whose value is CONTEXTIDR_EL1. */
static bool linked_match(const CPUARMState *env, unsigned lbn)
{
    uint64_t bcr;

    if (lbn != ARM_DBG_CTX_BP) {
        return false;
    }
    bcr = env->dbgbcr[lbn];
    if (!(bcr & DBGCR_E) || cr_field(bcr, DBGBCR_BT_SHIFT, 4) != 3) {
        return false;
    }
    return (uint32_t)env->dbgbvr[lbn] == (uint32_t)env->contextidr_el1;
}

/* The address breakpoint n compares, or false when it cannot fire on an A64
 * instruction: disabled, not an address type, BAS 0. BAS 0b1100 names the halfword at
 * +2, which no A64 instruction starts at. */
static bool bp_addr(const CPUARMState *env, unsigned n, uint64_t *addr)
{
    uint64_t bcr = env->dbgbcr[n];
    unsigned bt = cr_field(bcr, DBGBCR_BT_SHIFT, 4), bas = cr_field(bcr, DBGBCR_BAS_SHIFT, 4);

    if (!(bcr & DBGCR_E) || bt > 1 || bas == 0) {
        return false;
    }
    *addr = (env->dbgbvr[n] & ~3ull) + (bas == 0xc ? 2 : 0);
    return true;
}

/* The bytes watchpoint n watches: [*base, *base + *len). */
static bool wp_range(const CPUARMState *env, unsigned n, uint64_t *base, uint64_t *len)
{
    uint64_t wcr = env->dbgwcr[n], wvr = env->dbgwvr[n];
    unsigned mask = cr_field(wcr, DBGWCR_MASK_SHIFT, 5), bas, start;

    if (!(wcr & DBGCR_E) || cr_field(wcr, DBGWCR_LSC_SHIFT, 2) == 0) {
        return false;
    }
    if (mask == 1 || mask == 2) {
        return false;
    }
    if (mask) {
        *len = 1ull << mask;
        *base = wvr & ~(*len - 1);
        return true;
    }
    bas = cr_field(wcr, DBGWCR_BAS_SHIFT, 8);
    if (wvr & 4) {
        bas &= 0xf;             /* a word-aligned WVR: BAS[7:4] ignored */
    }
    if (!bas) {
        return false;
    }
    start = (unsigned)__builtin_ctz(bas);
    *base = wvr + start;
    *len = (uint64_t)__builtin_ctz(~(bas >> start));
    return true;
}

void arm_debug_update(CPUARMState *env)
{
    uint64_t a, b;

    env->dbg_bp_on = 0;
    env->dbg_wp_on = 0;
    for (unsigned n = 0; n < ARM_DBG_BRPS; n++) {
        if (bp_addr(env, n, &a)) {
            env->dbg_bp_on |= 1u << n;
        }
    }
    for (unsigned n = 0; n < ARM_DBG_WRPS; n++) {
        if (wp_range(env, n, &a, &b)) {
            env->dbg_wp_on |= 1u << n;
        }
    }
}

bool arm_bp_at(const CPUARMState *env, uint64_t pc)
{
    uint64_t a;

    for (unsigned n = 0; n < ARM_DBG_BRPS; n++) {
        if ((env->dbg_bp_on >> n & 1) && bp_addr(env, n, &a) && a == pc) {
            return true;
        }
    }
    return false;
}

uint64_t helper_hw_break(CPUARMState *env, uint64_t pc)
{
    uint64_t a;

    if (!arm_bp_armed(env)) {
        return 0;
    }
    for (unsigned n = 0; n < ARM_DBG_BRPS; n++) {
        uint64_t bcr = env->dbgbcr[n];
        if (!bp_addr(env, n, &a) || a != pc || !priv_match(bcr, env->el)) {
            continue;
        }
        if (cr_field(bcr, DBGBCR_BT_SHIFT, 4) == 1 &&
            !linked_match(env, cr_field(bcr, DBGCR_LBN_SHIFT, 4))) {
            continue;
        }
        /* Taken before the instruction; FAR_EL1 is UNKNOWN: 0, as QEMU 7.2 writes. */
        env->pc = pc;
        cpu_raise_exception_far(env, EXCP_PREFETCH_ABORT, syn_breakpoint(), pc, 0);
    }
    return 0;
}

bool arm_debug_page_watched(const CPUARMState *env, uint64_t page)
{
    uint64_t base, len;

    for (unsigned n = 0; n < ARM_DBG_WRPS; n++) {
        if ((env->dbg_wp_on >> n & 1) && wp_range(env, n, &base, &len) &&
            base <= page + (TARGET_PAGE_SIZE - 1) && page <= base + (len - 1)) {
            return true;
        }
    }
    return false;
}

void arm_debug_check_watch(CPUARMState *env, uint64_t addr, unsigned size, bool is_write,
                           bool el0)
{
    uint64_t base, len;

    if (!env->dbg_wp_on || !(env->mdscr_el1 & MDSCR_MDE) || !arm_debug_enabled(env)) {
        return;
    }
    for (unsigned n = 0; n < ARM_DBG_WRPS; n++) {
        uint64_t wcr = env->dbgwcr[n];
        if (!(env->dbg_wp_on >> n & 1) || !wp_range(env, n, &base, &len)) {
            continue;
        }
        if (!(cr_field(wcr, DBGWCR_LSC_SHIFT, 2) & (is_write ? 2u : 1u)) ||
            !priv_match(wcr, el0 ? 0 : 1)) {
            continue;
        }
        if ((wcr & DBGWCR_WT) && !linked_match(env, cr_field(wcr, DBGCR_LBN_SHIFT, 4))) {
            continue;
        }
        /* Any overlap of the access with the watched bytes. */
        if (addr > base + (len - 1) || base > addr + (size - 1)) {
            continue;
        }
        /* Taken before the access. FAR_EL1: a watched address in the naturally aligned
         * block that holds the access, the lowest one (QEMU 7.2's value: it checks an
         * unaligned access as its aligned halves). */
        uint64_t start = addr & ~((uint64_t)size - 1);
        cpu_raise_exception_far(env, EXCP_DATA_ABORT, syn_watchpoint(is_write), env->pc,
                                start > base ? start : base);
    }
}

void arm_ss_step_done(CPUARMState *env)
{
    if (!env->ss_stepping) {
        return;
    }
    /* The instruction completed: active-pending, and (still active) the Software Step
     * exception, with ISV = 1 and EX. The preferred return address is the next
     * instruction, where the block left PC. */
    env->ss_stepping = 0;
    env->pstate_ss = 0;
    if (arm_ss_active(env)) {
        arm_cpu_do_exception(env, EXCP_UDEF, syn_swstep(true, env->ss_ldex != 0), env->pc, 0,
                             false);
    }
}
