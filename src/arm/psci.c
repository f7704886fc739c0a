/* psci.c: PSCI 1.1 (Arm DEN 0022), as QEMU 7.2's built-in firmware offers it,
 * behind the conduit the loaded device tree names. Every function id on the
 * conduit is a PSCI call: the unknown ones return NOT_SUPPORTED.
 *
 * Threads: a call runs in a helper on the calling vCPU's thread, in generated
 * code. CPU power state (ARMCPU.powered_off, on_pending) is read and changed
 * under the big lock only. CPU_ON of another CPU never writes that CPU's
 * registers from here: it records the request (on_pending, entry, context
 * id) and wakes the vCPU threads; the target's own thread, which is out of
 * generated code while its CPU is off, carries it out before it runs
 * (arm_psci_cpu_on_finish, from tcg/cpu-exec.c). */
#include <inttypes.h>
#include "arm/psci.h"
#include "arm/cpu.h"
#include "core/log.h"
#include "core/object.h"
#include "core/runstate.h"

/* MPIDR's affinity fields (Aff3, Aff2..Aff0): MT and U are not compared. */
#define MPIDR_AFFINITY_MASK 0xff00ffffffull

static PsciConduit conduit;
static PsciIds01 ids01;
static void (*wake_hook)(void);

void arm_psci_configure(const char *method, const PsciIds01 *ids)
{
    conduit = !method ? PSCI_CONDUIT_NONE
            : g_str_equal(method, "hvc") ? PSCI_CONDUIT_HVC
            : g_str_equal(method, "smc") ? PSCI_CONDUIT_SMC : PSCI_CONDUIT_NONE;
    ids01 = ids ? *ids : (PsciIds01){ 0 };
}

PsciConduit arm_psci_conduit(void)
{
    return conduit;
}

void arm_psci_set_wake_hook(void (*fn)(void))
{
    wake_hook = fn;
}

int arm_psci_power_state(const ARMCPU *cpu)
{
    return cpu->on_pending ? PSCI_AFF_ON_PENDING
         : cpu->powered_off ? PSCI_AFF_OFF : PSCI_AFF_ON;
}

static ARMCPU *cpu_by_mpidr(uint64_t mpidr)
{
    ARMCPU *cpu;
    for (int i = 0; (cpu = arm_cpu_by_index(i)) != NULL; i++) {
        if (cpu->mp_affinity == (mpidr & MPIDR_AFFINITY_MASK)) {
            return cpu;
        }
    }
    return NULL;
}

/* The PSCI 0.1 ids of the device tree, as their 0.2 SMC32/SMC64 names. */
static uint64_t canonical_id(uint64_t fn)
{
    if (fn == 0) {
        return fn;
    }
    if (fn == ids01.cpu_suspend) {
        return PSCI_FN_CPU_SUSPEND;
    }
    if (fn == ids01.cpu_off) {
        return PSCI_FN_CPU_OFF;
    }
    if (fn == ids01.cpu_on) {
        return PSCI_FN_CPU_ON;
    }
    if (fn == ids01.migrate) {
        return PSCI_FN_MIGRATE;
    }
    return fn;
}

/* The SMC32 form of the functions that have an SMC64 one: the arguments
 * are used whole either way (the SMC32 ones are zero-extended anyway). */
static uint64_t strip64(uint64_t fn)
{
    switch (fn) {
    case PSCI_FN_CPU_SUSPEND | PSCI_FN64:
    case PSCI_FN_CPU_ON | PSCI_FN64:
    case PSCI_FN_AFFINITY_INFO | PSCI_FN64:
    case PSCI_FN_MIGRATE | PSCI_FN64:
        return fn & ~(uint64_t)PSCI_FN64;
    default:
        return fn;
    }
}

/* PSCI_FEATURES: what QEMU 7.2 says it implements (0: present, no flags). */
static int32_t psci_features(uint64_t fn)
{
    switch (fn) {
    case PSCI_FN_VERSION:
    case PSCI_FN_MIGRATE_INFO_TYPE:
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN_AFFINITY_INFO | PSCI_FN64:
    case PSCI_FN_SYSTEM_RESET:
    case PSCI_FN_SYSTEM_OFF:
    case PSCI_FN_CPU_ON:
    case PSCI_FN_CPU_ON | PSCI_FN64:
    case PSCI_FN_CPU_OFF:
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN_CPU_SUSPEND | PSCI_FN64:
    case PSCI_FN_FEATURES:
        return PSCI_RET_SUCCESS;
    default:
        return PSCI_RET_NOT_SUPPORTED;
    }
}

static int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
    int32_t ret;

    bql_lock();
    ARMCPU *target = cpu_by_mpidr(mpidr);
    if (!target) {
        ret = PSCI_RET_INVALID_PARAMETERS;
    } else if (target->on_pending) {
        ret = PSCI_RET_ON_PENDING;
    } else if (!target->powered_off) {
        ret = PSCI_RET_ALREADY_ON;
    } else {
        target->on_entry = entry;
        target->on_context = context;
        target->on_pending = true;
        target->powered_off = false;
        if (wake_hook) {
            wake_hook();
        }
        ret = PSCI_RET_SUCCESS;
    }
    bql_unlock();
    log_mask_printf(LOG_INT, "PSCI CPU_ON of MPIDR 0x%" PRIx64 " at 0x%" PRIx64
                    " (context 0x%" PRIx64 "): %d\n", mpidr, entry, context, ret);
    return ret;
}

static int32_t psci_affinity_info(uint64_t mpidr, uint64_t level)
{
    if (level != 0) {
        return PSCI_AFF_ON;        /* above level 0 everything is on, as QEMU says */
    }
    bql_lock();
    ARMCPU *target = cpu_by_mpidr(mpidr);
    int32_t ret = target ? arm_psci_power_state(target) : PSCI_RET_INVALID_PARAMETERS;
    bql_unlock();
    return ret;
}

/* This CPU is off (CPU_OFF, or after SYSTEM_OFF/RESET, which never return):
 * back to the run loop, which does not run it again until a CPU_ON. */
static G_NORETURN void psci_self_off(CPUARMState *env, uint64_t next_pc)
{
    bql_lock();
    env->cpu->powered_off = true;
    bql_unlock();
    env->pc = next_pc;
    env->exception_index = EXCP_HALTED;
    siglongjmp(env->jmp_env, 1);
}

void arm_psci_cpu_on_finish(ARMCPU *cpu)
{
    uint64_t entry = cpu->on_entry, context = cpu->on_context;

    /* The CPU's reset: EL1h, DAIF masked, SCTLR_EL1 (MMU off) at its reset
     * value; clears on_pending. */
    object_reset_tree(OBJECT(cpu));
    cpu->powered_off = false;
    cpu->env.pc = entry;
    cpu->env.regs[0] = context;
}

uint64_t helper_psci(CPUARMState *env, uint64_t next_pc)
{
    uint64_t fn = canonical_id(env->regs[0]);
    uint64_t a1 = env->regs[1], a2 = env->regs[2], a3 = env->regs[3];
    int32_t ret;

    switch (strip64(fn)) {
    case PSCI_FN_VERSION:
        ret = (int32_t)PSCI_VERSION_1_1;
        break;
    case PSCI_FN_FEATURES:
        ret = psci_features(a1);
        break;
    case PSCI_FN_MIGRATE_INFO_TYPE:
        ret = 2;        /* no Trusted OS: migration not required */
        break;
    case PSCI_FN_AFFINITY_INFO:
        ret = psci_affinity_info(a1, a2);
        break;
    case PSCI_FN_CPU_ON:
        ret = psci_cpu_on(a1, a2, a3);
        break;
    case PSCI_FN_CPU_OFF:
        psci_self_off(env, next_pc);
    case PSCI_FN_CPU_SUSPEND:
        /* No power-down state: every suspend is a standby, which is WFI;
         * only the StateType and StateID bits may be set (QEMU's check). */
        if (a1 & 0xfffe0000u) {
            ret = PSCI_RET_INVALID_PARAMETERS;
            break;
        }
        env->regs[0] = PSCI_RET_SUCCESS;
        env->pc = next_pc;
        env->exception_index = EXCP_HLT_WFI;
        siglongjmp(env->jmp_env, 1);
    case PSCI_FN_SYSTEM_OFF:
        system_shutdown_request(0);
        psci_self_off(env, next_pc);
    case PSCI_FN_SYSTEM_RESET:
        system_reset_request();
        psci_self_off(env, next_pc);
    default:
        log_unimp("PSCI: function 0x%" PRIx64 " not supported\n", env->regs[0]);
        ret = PSCI_RET_NOT_SUPPORTED;
        break;
    }
    env->regs[0] = (uint64_t)(int64_t)ret;
    return 0;
}
