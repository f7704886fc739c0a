/* cpu.c: the AArch64 CPU object: models (cortex-a57), identity registers,
 * architectural reset state and `info registers`. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "arm/cpu.h"
#include "arm/bits.h"
#include "arm/gtimer.h"
#include "arm/sysreg.h"
#include "boot/boot.h"
#include "core/clock.h"
#include "core/runstate.h"

/* Realized CPUs in index order. */
static GPtrArray *cpus;

/* SCTLR_EL1 after reset on Cortex-A57 (RES1 bits set, MMU and caches off). */
#define SCTLR_EL1_RESET 0x00C50838u

/* ---- interrupt inputs ----------------------------------------------------- */

void arm_cpu_kick(CPUARMState *env, uint32_t exit_bits)
{
    g_mutex_lock(&env->halt_lock);
    __atomic_or_fetch(&env->exit_request, exit_bits, __ATOMIC_SEQ_CST);
    g_cond_broadcast(&env->halt_cond);
    g_mutex_unlock(&env->halt_lock);
}

/* The line handlers run on whatever thread drives the line, usually with the
 * big lock held (the GIC's callers): they must not take it. The level goes
 * into irq_lines atomically; a rising line kicks the vCPU out of generated
 * code through exit_request (so generated code pays nothing for interrupts)
 * and out of WFI/WFE. A falling line needs no kick: the run loop reads
 * irq_lines before taking anything. */
static void arm_cpu_set_line(ARMCPU *cpu, uint32_t bit, int level)
{
    CPUARMState *env = &cpu->env;

    if (level) {
        g_mutex_lock(&env->halt_lock);
        __atomic_or_fetch(&env->irq_lines, bit, __ATOMIC_SEQ_CST);
        __atomic_or_fetch(&env->exit_request, EXIT_REQ_IRQ, __ATOMIC_SEQ_CST);
        g_cond_broadcast(&env->halt_cond);
        g_mutex_unlock(&env->halt_lock);
    } else {
        __atomic_and_fetch(&env->irq_lines, ~bit, __ATOMIC_SEQ_CST);
    }
}

static void arm_cpu_irq_handler(void *opaque, int n, int level)
{
    arm_cpu_set_line(opaque, ARM_LINE_IRQ, level);
}

static void arm_cpu_fiq_handler(void *opaque, int n, int level)
{
    arm_cpu_set_line(opaque, ARM_LINE_FIQ, level);
}

uint32_t arm_cpu_unmasked_lines(const CPUARMState *env)
{
    uint32_t lines = __atomic_load_n(&env->irq_lines, __ATOMIC_SEQ_CST);

    if ((lines & ARM_LINE_FIQ) && !(env->daif & PSTATE_F)) {
        return ARM_LINE_FIQ;
    }
    if ((lines & ARM_LINE_IRQ) && !(env->daif & PSTATE_I)) {
        return ARM_LINE_IRQ;
    }
    return 0;
}

/* ---- WFI, WFE, SEV ------------------------------------------------------------ */

/* WFE with no event: how long it may sleep at most. An event from the
 * global exclusive monitor being cleared (another vCPU's store to a location
 * this one holds exclusively, the wake-up Linux's spinlocks wait for) is not
 * modelled: such a WFE returns after this, which the architecture allows (WFE
 * may complete at any time) and which costs the host next to nothing. */
#define WFE_TIMEOUT_NS 100000

/* Why a sleeping CPU must wake: an interrupt line is high (whether or not
 * PSTATE masks it, as the architecture says for WFI), the run loop is wanted
 * (stop, reset, a TLB flush request from another CPU), or for WFE an event. */
static bool wake_event(CPUARMState *env, bool wfe)
{
    return __atomic_load_n(&env->irq_lines, __ATOMIC_SEQ_CST) ||
           (wfe && __atomic_load_n(&env->event_reg, __ATOMIC_SEQ_CST));
}

static bool wake_pending(CPUARMState *env, bool wfe)
{
    return wake_event(env, wfe) ||
           (__atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST) & ~EXIT_REQ_IRQ);
}

bool arm_cpu_wait_for_event(CPUARMState *env, bool wfe)
{
    int64_t wfe_end = wfe ? clock_host_ns() + WFE_TIMEOUT_NS : INT64_MAX;
    bool woke;

    for (;;) {
        int64_t deadline = gtimer_deadline_host_ns(env);

        if (deadline > wfe_end) {
            deadline = wfe_end;
        }
        g_mutex_lock(&env->halt_lock);
        for (;;) {
            woke = wake_pending(env, wfe);
            if (woke || clock_host_ns() >= deadline) {
                break;
            }
            if (deadline == INT64_MAX) {
                g_cond_wait(&env->halt_cond, &env->halt_lock);
            } else {
                /* CLOCK_MONOTONIC microseconds, as clock_host_ns counts its
                 * nanoseconds: round up, never wake early. */
                g_cond_wait_until(&env->halt_cond, &env->halt_lock, (deadline + 999) / 1000);
            }
        }
        g_mutex_unlock(&env->halt_lock);
        if (woke || clock_host_ns() >= wfe_end) {
            break;
        }
        /* A timer deadline: raise its output (through the GIC to our line,
         * which ends the wait), or sleep on if the GIC does not signal it. */
        bql_lock();
        gtimer_update(env);
        bql_unlock();
    }
    /* A stop alone does not end the sleep: it only takes the CPU out of it
     * while the VM is stopped (`info cpus` then says it sleeps). */
    if (woke && !wake_event(env, wfe) &&
        (__atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST) & EXIT_REQ_STOP)) {
        return false;
    }
    if (wfe) {
        __atomic_store_n(&env->event_reg, 0, __ATOMIC_SEQ_CST);
    }
    return true;
}

const char *arm_cpu_state_name(ARMCPU *cpu)
{
    if (cpu->on_pending) {
        return "running";
    }
    if (cpu->powered_off) {
        return "off (PSCI)";
    }
    switch (__atomic_load_n(&cpu->env.sleeping, __ATOMIC_SEQ_CST)) {
    case ARM_SLEEP_WFI:
        return "halted (WFI)";
    case ARM_SLEEP_WFE:
        return "halted (WFE)";
    default:
        return cpu->env.halted ? "halted" : "running";
    }
}

void arm_cpu_send_event(void)
{
    for (int i = 0; i < arm_cpu_count(); i++) {
        CPUARMState *env = &arm_cpu_by_index(i)->env;
        g_mutex_lock(&env->halt_lock);
        __atomic_store_n(&env->event_reg, 1, __ATOMIC_SEQ_CST);
        g_cond_broadcast(&env->halt_cond);
        g_mutex_unlock(&env->halt_lock);
    }
}

/* ---- the object ------------------------------------------------------------- */

static bool arm_cpu_realize(Object *obj, GError **errp)
{
    ARMCPU *cpu = OBJECT_CHECK(ARMCPU, obj, TYPE_ARM_CPU);

    if (!cpus) {
        cpus = g_ptr_array_new();
    }
    cpu->cpu_index = cpus->len;
    g_ptr_array_add(cpus, cpu);
    g_mutex_init(&cpu->env.halt_lock);
    g_cond_init(&cpu->env.halt_cond);
    /* Interrupt inputs, driven by the GIC's per-CPU outputs, and the timers'
     * outputs, wired by the board to the GIC's timer PPIs. */
    obj_init_gpio_in(obj, "irq", arm_cpu_irq_handler, cpu, 1);
    obj_init_gpio_in(obj, "fiq", arm_cpu_fiq_handler, cpu, 1);
    obj_init_gpio_out(obj, "gtimer", cpu->gt_out, GT_NUM_OUT);
    return true;
}

/* The range reset clears starts the state and ends before what must survive
 * (cpu.h says why each part does). */
G_STATIC_ASSERT(offsetof(CPUARMState, reset_start) == 0);
G_STATIC_ASSERT(offsetof(CPUARMState, jmp_env) >= offsetof(CPUARMState, reset_end));
G_STATIC_ASSERT(offsetof(CPUARMState, cpu) >= offsetof(CPUARMState, reset_end));
G_STATIC_ASSERT(offsetof(CPUARMState, singlestep) >= offsetof(CPUARMState, reset_end));
G_STATIC_ASSERT(offsetof(CPUARMState, tlb) >= offsetof(CPUARMState, reset_end));

static void arm_cpu_reset(Object *obj)
{
    ARMCPU *cpu = OBJECT_CHECK(ARMCPU, obj, TYPE_ARM_CPU);
    CPUARMState *env = &cpu->env;

    memset(&env->reset_start, 0,
           offsetof(CPUARMState, reset_end) - offsetof(CPUARMState, reset_start));
    env->cpu = cpu;
    cpu_set_nzcv(env, 0);
    env->excl_addr = UINT64_MAX;
    /* Linux's booting protocol: EL1h with every DAIF bit masked, MMU off. */
    env->el = 1;
    env->spsel = 1;
    env->daif = PSTATE_DAIF;
    env->sctlr_el1 = SCTLR_EL1_RESET;
    env->oslk = 1;                  /* the OS lock is set at cold reset */
    env->pc = cpu->reset_pc;
    cpu->powered_off = cpu->start_powered_off;
    cpu->on_pending = false;
    __atomic_store_n(&env->event_reg, 0, __ATOMIC_SEQ_CST);
    /* The timers' registers were cleared: their outputs go low. The GIC's CPU
     * interface is in the CPU's reset domain. Both want the big lock, which
     * system_reset (and a PSCI CPU_ON) hold. */
    gtimer_reset(env);
    arm_gic_cpuif_reset((unsigned)cpu->cpu_index);
}

static void arm_cpu_print_info(Object *obj, GString *out, int indent)
{
    ARMCPU *cpu = OBJECT_CHECK(ARMCPU, obj, TYPE_ARM_CPU);
    g_string_append_printf(out, "%*smidr 0x%08" PRIx64 "\n", indent, "",
                           arm_cpu_midr(cpu));
}

static void arm_cpu_class_init(ObjectClass *oc, void *data)
{
    oc->realize = arm_cpu_realize;
    oc->reset = arm_cpu_reset;
    oc->print_info = arm_cpu_print_info;
    oc->desc = "AArch64 CPU";
}

typedef struct CPUModel {
    const char *name;
    uint64_t midr;
    const char *dtb_compatible;
} CPUModel;

static const CPUModel cpu_models[] = {
    { "cortex-a57", 0x411FD070, "arm,cortex-a57" },
};

static void arm_cpu_model_class_init(ObjectClass *oc, void *data)
{
    const CPUModel *m = data;
    ARMCPUClass *acc = (ARMCPUClass *)oc;
    acc->midr = m->midr;
    acc->dtb_compatible = m->dtb_compatible;
    oc->desc = m->name;
}

static const Property arm_cpu_props[] = {
    PROP_U64_HEX("mp-affinity", ARMCPU, mp_affinity, 0),
    PROP_BOOL("start-powered-off", ARMCPU, start_powered_off, false),
    PROP_U64_HEX("reset-pc", ARMCPU, reset_pc, 0),
    PROP_END
};

static void arm_cpu_register_types(void)
{
    static const TypeInfo base = {
        .name = TYPE_ARM_CPU,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .instance_size = sizeof(ARMCPU),
        .class_size = sizeof(ARMCPUClass),
        .class_init = arm_cpu_class_init,
        .props = arm_cpu_props,
    };
    type_register(&base);
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_models); i++) {
        /* type_register copies the name. */
        g_autofree char *name = g_strconcat(cpu_models[i].name, ARM_CPU_TYPE_SUFFIX, NULL);
        TypeInfo ti = {
            .name = name,
            .parent = TYPE_ARM_CPU,
            .class_init = arm_cpu_model_class_init,
            .class_data = (void *)&cpu_models[i],
        };
        type_register(&ti);
    }
}
TYPE_INIT(arm_cpu_register_types)

char *arm_cpu_type_from_model(const char *model, GError **errp)
{
    g_autofree char *type = g_strconcat(model, ARM_CPU_TYPE_SUFFIX, NULL);
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_ARM_CPU) || object_class_is_abstract(oc)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-cpu %s: unknown CPU model (try -cpu help)", model);
        return NULL;
    }
    return g_steal_pointer(&type);
}

void arm_cpu_list(FILE *out)
{
    fprintf(out, "Available CPUs:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_models); i++) {
        fprintf(out, "  %s\n", cpu_models[i].name);
    }
}

ARMCPU *arm_cpu_by_index(int n)
{
    if (!cpus || n < 0 || (guint)n >= cpus->len) {
        return NULL;
    }
    return g_ptr_array_index(cpus, n);
}

int arm_cpu_count(void)
{
    return cpus ? (int)cpus->len : 0;
}

uint64_t arm_cpu_midr(ARMCPU *cpu)
{
    return OBJECT_GET_CLASS(ARMCPUClass, cpu, TYPE_ARM_CPU)->midr;
}

/* MPIDR_EL1: bit 31 RES1, U = 0 (a multiprocessor system), MT = 0, the affinity. */
uint64_t arm_cpu_mpidr(ARMCPU *cpu)
{
    return (1ull << 31) | cpu->mp_affinity;
}

const char *arm_cpu_dtb_compatible(ARMCPU *cpu)
{
    return OBJECT_GET_CLASS(ARMCPUClass, cpu, TYPE_ARM_CPU)->dtb_compatible;
}

uint32_t arm_cpu_pstate(const CPUARMState *env)
{
    return cpu_get_nzcv(env) | env->daif | (env->pstate_ss ? PSTATE_SS : 0) |
           (env->el << PSTATE_EL_SHIFT) | env->spsel;
}

void arm_cpu_set_pstate(CPUARMState *env, uint32_t v)
{
    cpu_set_nzcv(env, v);
    env->daif = v & PSTATE_DAIF;
    env->el = (v >> PSTATE_EL_SHIFT) & 3;
    env->spsel = v & PSTATE_SP;
    env->pstate_ss = (v & PSTATE_SS) != 0;
}

void arm_cpu_dump_state(ARMCPU *cpu, GString *out, bool fpu)
{
    const CPUARMState *env = &cpu->env;
    uint32_t ps = arm_cpu_pstate(env);
    uint64_t sp = env->regs[cpu_sp_slot(env)];

    g_string_append_printf(out, "CPU#%d%s\n", cpu->cpu_index,
                           cpu->powered_off ? " (powered off)" : "");
    g_string_append_printf(out, " PC=%016" PRIx64 " ", env->pc);
    /* Three registers a line after PC, as QEMU lays them out. */
    for (int i = 0; i < 31; i++) {
        g_string_append_printf(out, "X%02d=%016" PRIx64 "%s", i, env->regs[i],
                               (i % 3 == 1) ? "\n" : " ");
    }
    g_string_append_printf(out, " SP=%016" PRIx64 "\n", sp);
    g_string_append_printf(out, "PSTATE=%08x %c%c%c%c EL%u%c", ps,
                           ps & (1u << 31) ? 'N' : '-', ps & (1u << 30) ? 'Z' : '-',
                           ps & (1u << 29) ? 'C' : '-', ps & (1u << 28) ? 'V' : '-',
                           env->el, env->spsel ? 'h' : 't');
    if (!fpu) {
        g_string_append_c(out, '\n');
    } else if (!cpu_fp_enabled(env)) {
        g_string_append(out, "    FPU disabled\n");
    } else {
        /* QEMU's layout: FPCR/FPSR on the PSTATE line, then two Q registers a
         * line, each as its high and low doublewords. */
        g_string_append_printf(out, "     FPCR=%08x FPSR=%08x\n", env->fpcr, env->fpsr);
        for (int i = 0; i < 32; i++) {
            g_string_append_printf(out, "Q%02d=%016" PRIx64 ":%016" PRIx64 "%s", i,
                                   env->vregs[i][1], env->vregs[i][0], (i & 1) ? "\n" : " ");
        }
    }
    arm_cpu_dump_sysregs(env, out);
}

/* After QEMU's layout (which has none), the EL1 registers a kernel debugger wants. */
void arm_cpu_dump_sysregs(const CPUARMState *env, GString *out)
{
    g_string_append_printf(out, "EL=%u SPSel=%u SP_EL0=%016" PRIx64 " SP_EL1=%016" PRIx64 "\n",
                           env->el, env->spsel, env->regs[GR_SP_EL0], env->regs[GR_SP_EL1]);
    g_string_append_printf(out, "ELR_EL1=%016" PRIx64 " SPSR_EL1=%08" PRIx64 " ESR_EL1=%08" PRIx64
                           " FAR_EL1=%016" PRIx64 "\n", env->elr_el1, env->spsr_el1,
                           env->esr_el1, env->far_el1);
    g_string_append_printf(out, "SCTLR_EL1=%016" PRIx64 " TCR_EL1=%016" PRIx64 " MAIR_EL1=%016"
                           PRIx64 "\n", env->sctlr_el1, env->tcr_el1, env->mair_el1);
    g_string_append_printf(out, "TTBR0_EL1=%016" PRIx64 " TTBR1_EL1=%016" PRIx64 " VBAR_EL1=%016"
                           PRIx64 "\n", env->ttbr0_el1, env->ttbr1_el1, env->vbar_el1);
}

/* -device loader,cpu-num=N: the loader sets that CPU's start PC. */
static bool arm_cpu_set_start_pc(int cpu_num, hwaddr pc, GError **errp)
{
    ARMCPU *cpu = arm_cpu_by_index(cpu_num);
    if (!cpu) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "loader: cpu-num %d does not exist (the machine has %d CPUs)",
                    cpu_num, arm_cpu_count());
        return false;
    }
    cpu->reset_pc = pc;
    /* The loader's target CPU starts running even if it was a secondary. */
    cpu->start_powered_off = false;
    return true;
}

static void __attribute__((constructor)) arm_cpu_install_loader_hook(void)
{
    generic_loader_set_pc_hook(arm_cpu_set_start_pc);
}

static void (*tlb_flush_hook)(CPUARMState *env);

void arm_cpu_set_tlb_flush_hook(void (*fn)(CPUARMState *env))
{
    tlb_flush_hook = fn;
}

void arm_cpu_tlb_flush(CPUARMState *env)
{
    if (tlb_flush_hook) {
        tlb_flush_hook(env);
    }
}

static void (*tb_flush_hook)(void);

void arm_cpu_set_tb_flush_hook(void (*fn)(void))
{
    tb_flush_hook = fn;
}

void arm_cpu_tb_flush(void)
{
    if (tb_flush_hook) {
        tb_flush_hook();
    }
}
