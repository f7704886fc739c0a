/* excp.c: exception entry to EL1 and exception return (ERET) for
 * AArch64, with QEMU's `-d int` log lines. */
#include <inttypes.h>
#include "arm/bits.h"
#include "arm/syndrome.h"
#include "arm/debug.h"
#include "arm/excp.h"
#include "core/log.h"

static const char *excp_name(int excp)
{
    switch (excp) {
    case EXCP_UDEF: return "Undefined Instruction";
    case EXCP_SWI: return "SVC";
    case EXCP_PREFETCH_ABORT: return "Prefetch Abort";
    case EXCP_DATA_ABORT: return "Data Abort";
    case EXCP_IRQ: return "IRQ";
    case EXCP_FIQ: return "FIQ";
    case EXCP_BKPT: return "Breakpoint";
    case EXCP_HVC: return "Hypervisor Call";
    case EXCP_SMC: return "Secure Monitor Call";
    case EXCP_VIRQ: return "Virtual IRQ";
    case EXCP_VFIQ: return "Virtual FIQ";
    case EXCP_SEMIHOST: return "Semihosting call";
    default: return "unknown";
    }
}

static bool excp_is_irq(int excp)
{
    return excp == EXCP_IRQ || excp == EXCP_FIQ || excp == EXCP_VIRQ || excp == EXCP_VFIQ;
}

/* Aborts and debug exceptions carry "same EL" and "lower EL" ECs: pick the one that
 * matches the EL the exception comes from, whatever the caller passed. */
static uint32_t fix_abort_ec(uint32_t syn, unsigned from_el)
{
    uint32_t ec = syn_get_ec(syn);

    switch (ec) {
    case EC_INSNABORT: case EC_INSNABORT_SAME_EL:
        ec = from_el == 1 ? EC_INSNABORT_SAME_EL : EC_INSNABORT;
        break;
    case EC_DATAABORT: case EC_DATAABORT_SAME_EL:
        ec = from_el == 1 ? EC_DATAABORT_SAME_EL : EC_DATAABORT;
        break;
    case EC_BREAKPOINT: case EC_BREAKPOINT_SAME_EL:
    case EC_SOFTWARESTEP: case EC_SOFTWARESTEP_SAME_EL:
    case EC_WATCHPOINT: case EC_WATCHPOINT_SAME_EL:
        ec = (ec & ~1u) | (from_el == 1 ? 1u : 0u);
        break;
    default:
        return syn;
    }
    return syn_set_ec(syn, ec);
}

static int cpu_index_of(const CPUARMState *env)
{
    return env->cpu ? env->cpu->cpu_index : 0;
}

void arm_cpu_do_exception(CPUARMState *env, int excp, uint32_t syn, uint64_t return_pc,
                          uint64_t far, bool has_far)
{
    unsigned from_el = env->el;
    uint64_t offset;

    if (from_el == 0) {
        offset = 0x400;                     /* lower EL, AArch64 */
    } else {
        offset = env->spsel ? 0x200 : 0x000;
    }
    if (excp == EXCP_IRQ || excp == EXCP_VIRQ) {
        offset += 0x80;
    } else if (excp == EXCP_FIQ || excp == EXCP_VFIQ) {
        offset += 0x100;
    }
    syn = fix_abort_ec(syn, from_el);

    log_mask_printf(LOG_INT, "Taking exception %d [%s] on CPU %d\n", excp, excp_name(excp),
                    cpu_index_of(env));
    log_mask_printf(LOG_INT, "...from EL%u to EL1\n", from_el);
    log_mask_printf(LOG_INT, "...with ESR 0x%x/0x%" PRIx32 "\n", syn_get_ec(syn), syn);

    /* Software step: an SVC (HVC, SMC) that was stepped completed, so its SPSR.SS is 0
     * and the step exception comes after the return (active-pending); any other
     * exception keeps PSTATE.SS, and the instruction is stepped again on return. */
    if ((excp == EXCP_SWI || excp == EXCP_HVC || excp == EXCP_SMC) && arm_ss_active(env)) {
        env->pstate_ss = 0;
    }
    env->ss_stepping = 0;
    env->spsr_el1 = arm_cpu_pstate(env);
    env->pstate_ss = 0;
    env->elr_el1 = return_pc;
    if (!excp_is_irq(excp)) {
        env->esr_el1 = syn;
    }
    if (has_far) {
        env->far_el1 = far;
        log_mask_printf(LOG_INT, "...with FAR 0x%" PRIx64 "\n", far);
    }
    log_mask_printf(LOG_INT, "...with ELR 0x%" PRIx64 "\n", return_pc);

    env->el = 1;
    env->spsel = 1;
    env->daif = PSTATE_DAIF;
    env->excl_addr = UINT64_MAX;
    env->pc = (env->vbar_el1 & ~(uint64_t)0x7ff) + offset;
    log_mask_printf(LOG_INT, "...to EL1 PC 0x%" PRIx64 " PSTATE 0x%x\n", env->pc,
                    arm_cpu_pstate(env));
}

bool arm_cpu_exec_interrupt(CPUARMState *env)
{
    uint32_t line = arm_cpu_unmasked_lines(env);
    int excp = line == ARM_LINE_FIQ ? EXCP_FIQ : EXCP_IRQ;

    if (!line) {
        return false;
    }
    /* ELR = the next instruction to run, ESR unchanged (the log shows the
     * last syndrome, as QEMU's does). */
    arm_cpu_do_exception(env, excp, (uint32_t)env->esr_el1, env->pc, 0, false);
    return true;
}

G_NORETURN void cpu_raise_exception_far(CPUARMState *env, int excp, uint32_t syn,
                                        uint64_t return_pc, uint64_t far)
{
    arm_cpu_do_exception(env, excp, syn, return_pc, far, true);
    env->exception_index = excp;
    siglongjmp(env->jmp_env, 1);
}

G_NORETURN void helper_exception(CPUARMState *env, uint64_t excp, uint64_t syn,
                                 uint64_t return_pc)
{
    /* A prefetch abort raised by the translator (PC alignment, nothing to
     * fetch) faults on the fetch address, which is the return address. */
    bool has_far = excp == EXCP_PREFETCH_ABORT;

    arm_cpu_do_exception(env, (int)excp, (uint32_t)syn, return_pc, return_pc, has_far);
    env->exception_index = (int)excp;
    siglongjmp(env->jmp_env, 1);
}

G_NORETURN void helper_fetch_fault(CPUARMState *env, uint64_t excp, uint64_t syn, uint64_t pc)
{
    cpu_raise_exception_far(env, (int)excp, (uint32_t)syn, pc, pc);
}

uint64_t helper_check_sp_align(CPUARMState *env, uint64_t sp, uint64_t pc)
{
    if (sp & 15) {
        helper_exception(env, EXCP_UDEF, syn_sp_alignment(), pc);
    }
    return 0;
}

/* Is SPSR.M a legal target for an ERET from EL1? EL0t, EL1t and EL1h only:
 * no AArch32 (M[4]), no EL2/EL3, no EL0 with SP_ELx. */
static bool spsr_mode_legal(uint64_t spsr)
{
    unsigned m = spsr & 0x1f;
    return m == 0x0 || m == 0x4 || m == 0x5;
}

uint64_t helper_eret(CPUARMState *env)
{
    uint64_t spsr = env->spsr_el1;
    uint64_t new_pc = env->elr_el1;
    bool debug_at_source = arm_debug_enabled(env);

    if (env->el == 0) {
        /* ERET is UNDEFINED at EL0; the frontend should have caught it. */
        arm_cpu_do_exception(env, EXCP_UDEF, syn_uncategorized(), env->pc, 0, false);
        return env->pc;
    }
    env->excl_addr = UINT64_MAX;
    env->ss_stepping = 0;
    if (spsr_mode_legal(spsr)) {
        arm_cpu_set_pstate(env, (uint32_t)spsr);
        /* DebugExceptionReturnSS: SPSR.SS reaches PSTATE.SS only when debug exceptions
         * were disabled where the ERET ran and software step is active where it goes. */
        if (debug_at_source || !arm_ss_active(env)) {
            env->pstate_ss = 0;
        }
        env->pc = new_pc;
        log_mask_printf(LOG_INT, "Exception return from AArch64 EL1 to AArch64 EL%u PC 0x%"
                        PRIx64 "\n", env->el, new_pc);
        if (spsr & SPSR_IL) {
            /* A legal target with SPSR.IL = 1: PSTATE, EL and SP come from SPSR
             * (AArch64.ExceptionReturn), PSTATE.IL too, so the next instruction
             * takes the Illegal Execution State exception from the target EL. It
             * is taken here: nothing runs in between, and the saved SPSR has IL. */
            arm_cpu_do_exception(env, EXCP_UDEF, syn_illegalstate(), new_pc, 0, false);
            env->spsr_el1 |= SPSR_IL;
            return env->pc;
        }
        /* ERET's target is found from generated code (an indirect jump), which
         * goes back to the loop only on an exit request: ask for one when the
         * return unmasks a pending interrupt, so it is taken right there. */
        if (arm_cpu_unmasked_lines(env)) {
            __atomic_or_fetch(&env->exit_request, EXIT_REQ_IRQ, __ATOMIC_SEQ_CST);
        }
        return new_pc;
    }
    /* Illegal return: PSTATE.IL is set, EL and SP stay, NZCV and DAIF come
     * from SPSR, PC from ELR; the next instruction then takes the Illegal
     * Execution State exception. We take it at once: nothing architecturally
     * visible runs in between, and SPSR_EL1.IL records the state. */
    log_mask_printf(LOG_INT, "Illegal exception return at EL1: SPSR 0x%" PRIx64
                    " (PSTATE.IL set)\n", spsr);
    cpu_set_nzcv(env, (uint32_t)spsr);
    env->daif = spsr & PSTATE_DAIF;
    env->pstate_ss = 0;
    env->pc = new_pc;
    arm_cpu_do_exception(env, EXCP_UDEF, syn_illegalstate(), new_pc, 0, false);
    env->spsr_el1 |= SPSR_IL;
    return env->pc;
}
