/* helper-misc.c: CRC32/CRC32C, WFI, and the TB flags derived from the CPU
 * state. */
#include <sched.h>
#include "arm/bits.h"
#include "arm/debug.h"
#include "arm/syndrome.h"
#include "tcg/helpers.h"
#include "debug/semihosting.h"
#include "tcg/tb.h"

/* Reflected polynomials: CRC-32 (0x04C11DB7) and CRC-32C (0x1EDC6F41). */
#define POLY_CRC32  0xEDB88320u
#define POLY_CRC32C 0x82F63B78u

static uint32_t crc32_table[256], crc32c_table[256];
/* Slicing-by-8 for CRC32X (x86 has no instruction for the IEEE polynomial):
 * slice[k][i] is the CRC of byte i followed by k zero bytes. */
static uint32_t crc32_slice[8][256];

static void __attribute__((constructor)) crc_tables_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t a = i, b = i;
        for (int k = 0; k < 8; k++) {
            a = (a >> 1) ^ ((a & 1) ? POLY_CRC32 : 0);
            b = (b >> 1) ^ ((b & 1) ? POLY_CRC32C : 0);
        }
        crc32_table[i] = a;
        crc32c_table[i] = b;
        crc32_slice[0][i] = a;
    }
    for (int k = 1; k < 8; k++) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t prev = crc32_slice[k - 1][i];
            crc32_slice[k][i] = (prev >> 8) ^ crc32_table[prev & 0xff];
        }
    }
}

/* Eight bytes at once: the same result as eight crc_update steps. */
static uint32_t crc32_update8(uint32_t acc, uint64_t val)
{
    uint64_t x = val ^ acc;
    return crc32_slice[7][x & 0xff] ^ crc32_slice[6][(x >> 8) & 0xff] ^
           crc32_slice[5][(x >> 16) & 0xff] ^ crc32_slice[4][(x >> 24) & 0xff] ^
           crc32_slice[3][(x >> 32) & 0xff] ^ crc32_slice[2][(x >> 40) & 0xff] ^
           crc32_slice[1][(x >> 48) & 0xff] ^ crc32_slice[0][x >> 56];
}

/* The A64 instructions do no pre- or post-inversion: acc is the running
 * CRC, val's low `bytes` bytes are fed least significant first. */
static uint32_t crc_update(const uint32_t *table, uint32_t acc, uint64_t val, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        acc = (acc >> 8) ^ table[(acc ^ (val >> (8 * i))) & 0xff];
    }
    return acc;
}

static unsigned crc_bytes(uint64_t bytes)
{
    return bytes == 1 || bytes == 2 || bytes == 4 ? (unsigned)bytes : 8;
}

uint64_t helper_crc32(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes)
{
    unsigned n = crc_bytes(bytes);
    return n == 8 ? crc32_update8((uint32_t)acc, val)
                  : crc_update(crc32_table, (uint32_t)acc, val, n);
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t acc, uint64_t val, unsigned bytes)
{
    switch (bytes) {
    case 1: return __builtin_ia32_crc32qi(acc, (uint8_t)val);
    case 2: return __builtin_ia32_crc32hi(acc, (uint16_t)val);
    case 4: return __builtin_ia32_crc32si(acc, (uint32_t)val);
    default: return (uint32_t)__builtin_ia32_crc32di(acc, val);
    }
}
#endif

uint64_t helper_crc32c(CPUARMState *env, uint64_t acc, uint64_t val, uint64_t bytes)
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) {
        return crc32c_sse42((uint32_t)acc, val, crc_bytes(bytes));
    }
#endif
    return crc_update(crc32c_table, (uint32_t)acc, val, crc_bytes(bytes));
}

/* WFI and WFE leave to the run loop (EXCP_HLT_WFI/WFE), which sleeps, at
 * next_pc; or complete at once when a wake-up event is already there (an
 * interrupt line high, masked or not; for WFE the event register, which it
 * clears), as QEMU's cpu_has_work check does. Only an instruction that would
 * sleep traps from EL0 (SCTLR_EL1.nTWI/nTWE = 0, EC 0x01, ELR = the WFx). */
static uint64_t wfx(CPUARMState *env, uint64_t next_pc, bool wfe)
{
    if (__atomic_load_n(&env->irq_lines, __ATOMIC_SEQ_CST)) {
        return 0;
    }
    if (wfe && __atomic_exchange_n(&env->event_reg, 0, __ATOMIC_SEQ_CST)) {
        return 0;
    }
    if (env->el == 0 && !(env->sctlr_el1 & (wfe ? SCTLR_nTWE : SCTLR_nTWI))) {
        helper_exception(env, EXCP_UDEF, syn_wfx(wfe), env->pc);
    }
    env->pc = next_pc;
    env->exception_index = wfe ? EXCP_HLT_WFE : EXCP_HLT_WFI;
    siglongjmp(env->jmp_env, 1);
}

uint64_t helper_wfi(CPUARMState *env, uint64_t next_pc)
{
    return wfx(env, next_pc, false);
}

uint64_t helper_wfe(CPUARMState *env, uint64_t next_pc)
{
    return wfx(env, next_pc, true);
}

/* SEV: an event for every CPU (waking those in WFE); SEVL: for this one. */
uint64_t helper_sev(CPUARMState *env, uint64_t local)
{
    if (local) {
        __atomic_store_n(&env->event_reg, 1, __ATOMIC_SEQ_CST);
    } else {
        arm_cpu_send_event();
    }
    return 0;
}

/* YIELD: the guest says it spins waiting for another CPU (Linux's cpu_relax,
 * a ticket lock's wait). With more vCPU threads than host cores, the CPU it
 * waits for may be a thread the host has not scheduled: hand over the rest of
 * this thread's time slice, or a lock passed in order (FIFO tickets) moves at
 * the pace of the host scheduler's slices (tens of ms a handoff, measured with
 * tests/guest/smp on 8 vCPUs and 2 host cores). One vCPU has no one to wait for. */
uint64_t helper_yield(CPUARMState *env)
{
    (void)env;
    if (arm_cpu_count() > 1) {
        sched_yield();
    }
    return 0;
}

/* A block stepping one instruction (TB_FLAG_SSTEP | TB_FLAG_PSTATE_SS) reached it, past
 * the entry's exit-request check: if it completes without an exception or an ERET
 * (which clear ss_stepping), the run loop takes the step exception (arm_ss_step_done).
 * helper_ldxr/ldxp set ss_ldex. */
uint64_t helper_ss_begin(CPUARMState *env)
{
    env->ss_stepping = 1;
    env->ss_ldex = 0;
    return 0;
}

uint32_t cpu_tb_flags(const CPUARMState *env)
{
    uint32_t f = env->el & TB_FLAG_EL_MASK;

    if (env->el != 0 && env->spsel) {
        f |= TB_FLAG_SPSEL;
    }
    if (semihosting_enabled()) {
        f |= TB_FLAG_SEMIHOST;
    }
    if (env->sctlr_el1 & SCTLR_A) {
        f |= TB_FLAG_ALIGN;
    }
    /* SP alignment checking: SA0 governs EL0, SA EL1. */
    if (env->sctlr_el1 & (env->el == 0 ? SCTLR_SA0 : SCTLR_SA)) {
        f |= TB_FLAG_SA;
    }
    if (env->singlestep) {
        f |= TB_FLAG_SS;
    }
    if (env->sctlr_el1 & SCTLR_M) {
        f |= TB_FLAG_MMU;
    }
    if (env->sctlr_el1 & (env->el == 0 ? SCTLR_E0E : SCTLR_EE)) {
        f |= TB_FLAG_BE;
    }
    if (cpu_fp_enabled(env)) {
        f |= TB_FLAG_FPEN;
    }
    if (env->mdscr_el1 & (MDSCR_SS | MDSCR_MDE)) {
        if (arm_ss_active(env)) {
            f |= TB_FLAG_SSTEP | (env->pstate_ss ? TB_FLAG_PSTATE_SS : 0);
        }
        if (arm_bp_armed(env)) {
            f |= TB_FLAG_HWBP | (uint32_t)(env->cpu ? env->cpu->cpu_index : 0) << TB_FLAG_CPU_SHIFT;
        }
    }
    return f;
}
