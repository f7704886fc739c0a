/* cpu-exec.c: a thread per vCPU running the translator's loop: find or
 * translate the block for (PC, flags), run it, chain it to the previous
 * one, and come back here only for exceptions, exit requests and events. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "tcg/cpu-exec.h"
#include "arm/cpu.h"
#include "arm/psci.h"
#include "arm/excp.h"
#include "arm/debug.h"
#include "arm/gtimer.h"
#include "tcg/tb.h"
#include "tcg/plugin.h"
#include "tcg/backend.h"
#include "tcg/tlb.h"
#include "core/log.h"
#include "core/tsan.h"
#include "core/runstate.h"
#include "debug/gdbstub.h"

#define DEFAULT_TB_SIZE_MB 256

static GCond run_cond;          /* waited on with the big lock */
static bool use_interp;
/* Under the big lock: the vCPU threads between leaving their wait and coming
 * back to it (in generated code, the translator or a helper), and whether a
 * thread runs something exclusively (cpu_exec_exclusive). */
static unsigned cpus_in_code;
static bool exclusive_active;
static __thread CPUARMState *thread_env;     /* this vCPU thread's CPU */

/* A pending CPU_ON runs whatever the CPU did before (off, or halted). */
static bool cpu_should_run(ARMCPU *cpu)
{
    return runstate_is_running() && !exclusive_active && !cpu->env.gdb_hold &&
           (cpu->on_pending || (!cpu->powered_off && !cpu->env.halted));
}

static uintptr_t run_tb(CPUARMState *env, TranslationBlock *tb)
{
    if (log_enabled(LOG_EXEC) && log_in_filter(tb->pc)) {
        log_printf("Trace %d: %p [%08x/%016" PRIx64 "/%u]\n", env->cpu->cpu_index,
                   (void *)tb->code, tb->flags, tb->pc, tb->icount);
    }
    if (log_enabled(LOG_CPU) && log_in_filter(tb->pc)) {
        GString *s = g_string_new(NULL);
        arm_cpu_dump_state(env->cpu, s, false);
        log_printf("%s", s->str);
        g_string_free(s, TRUE);
    }
    return use_interp ? ir_interp_exec(env, tb->ir, tb) : x86_backend_enter(env, tb->code);
}

/* A single step (or the step over a watchpoint hit) has run its instruction:
 * true when gdb must hear of it, false when the loop carries on (the step
 * over a watchpoint was the run loop's own, on a continue). */
static bool step_done(CPUARMState *env)
{
    if (env->watch_skip == 2) {
        env->watch_skip = 0;
        env->singlestep = 0;
        return false;
    }
    env->watch_skip = 0;
    env->debug_reason = GDB_STOP_STEP;
    return true;
}

/* Blocks until an exit request; a helper that raises an exception leaves
 * from the middle of it by longjmp, so its locals are never reused after. */
static bool cpu_exec_blocks(CPUARMState *env)
{
    TranslationBlock *last = NULL;
    int slot = 0;
    uint32_t gen = tb_generation();
    bool chain = !log_enabled(LOG_NOCHAIN);

    for (;;) {
        uint32_t req = __atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST);
        if (req & ~(EXIT_REQ_RELOOP | EXIT_REQ_IRQ)) {
            break;
        }
        if (req) {
            /* Back for a TLB flush (ours from a helper, or another CPU's
             * request) or an interrupt: nothing chains onto the block that
             * came back. */
            __atomic_and_fetch(&env->exit_request, ~(EXIT_REQ_RELOOP | EXIT_REQ_IRQ),
                               __ATOMIC_SEQ_CST);
            last = NULL;
            tb_count_exit(1, true, false);
        }
        /* Interrupts are taken here, between blocks: a rising line kicks the
         * CPU here through exit_request, and whatever unmasks one (MSR DAIF,
         * DAIFClr, an ICC_* write) ends its block, or asks for the exit
         * (ERET). Never in the middle of a gdb single step (as QEMU). */
        if (!env->singlestep && arm_cpu_exec_interrupt(env)) {
            last = NULL;
            tb_count_exit(1, false, true);
        }
        tlb_process_requests(env);
        uint32_t flags = cpu_tb_flags(env);
        TranslationBlock *tb = tb_find(env, env->pc, flags);
        if (!tb) {
            /* Only an impossible translation (code buffer too small for one
             * block) gets here: stop this CPU rather than spin. */
            log_guest_error("cpu %d: cannot translate at 0x%" PRIx64 "\n",
                            env->cpu->cpu_index, env->pc);
            env->halted = 1;
            return false;
        }
        if (__atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST) & EXIT_REQ_RELOOP) {
            /* The lookup itself flushed this CPU's TLB (a full TB flush, a
             * topology change): the block would only bounce back, and a
             * single step would count it as stepped. Look up again. */
            __atomic_and_fetch(&env->exit_request, ~EXIT_REQ_RELOOP, __ATOMIC_SEQ_CST);
            last = NULL;
            continue;
        }
        if (tb_generation() != gen) {
            last = NULL;
            gen = tb_generation();
        }
        /* Single-step blocks (gdb's and the guest's software step) always come back
         * here, one instruction each. */
        if (last && chain && !((last->flags | flags) & (TB_FLAG_SS | TB_FLAG_SSTEP))) {
            tb_add_jump(last, slot, tb);
        }
        env->ss_stepping = 0;
        uintptr_t ret = run_tb(env, tb);
        tb_count_exit(ret, false, false);
        last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        /* Possibly another vCPU's block, reached by a chain (tb_gen_code released it). */
        if (last) {
            tsan_acquire(last);
        }
        slot = (int)(ret & TB_EXIT_MASK);
        if (flags & TB_FLAG_SSTEP) {
            /* The guest stepped an instruction (or took the step exception): the
             * Software Step exception now, if it completed. */
            arm_ss_step_done(env);
            last = NULL;
        }
        if ((flags & TB_FLAG_SS) && step_done(env)) {
            return true;
        }
    }
    return false;
}

/* Run until something asks this vCPU to come back to the loop; true when it
 * stopped for the gdbstub (EXCP_DEBUG, env->debug_reason says why). */
static bool cpu_exec(CPUARMState *env)
{
    uint32_t sleep = env->sleeping;
    if (sleep) {
        /* A stop interrupted this CPU's WFI/WFE: sleep on (a single step
         * completes the instruction instead, as a step over WFI does). */
        __atomic_store_n(&env->sleeping, ARM_SLEEP_NONE, __ATOMIC_SEQ_CST);
        if (env->singlestep) {
            if (step_done(env)) {
                return true;
            }
        } else if (!arm_cpu_wait_for_event(env, sleep == ARM_SLEEP_WFE)) {
            __atomic_store_n(&env->sleeping, sleep, __ATOMIC_SEQ_CST);
            return false;
        } else {
            arm_ss_step_done(env);      /* as after the WFI/WFE below */
        }
    }
    if (env->watch_skip == 1) {
        /* Resuming on the instruction that hit a watchpoint: run it once with
         * watchpoints ignored, else it would hit again forever. */
        env->watch_skip = env->singlestep ? 3 : 2;
        env->singlestep = 1;
    }
    while (sigsetjmp(env->jmp_env, 0) != 0) {
        /* A helper raised an exception (already taken: PC is at the vector)
         * or stopped the CPU. */
        int excp = env->exception_index;
        env->exception_index = EXCP_NONE;
        if (excp == EXCP_DEBUG) {
            return true;
        }
        if (excp == EXCP_HLT_WFI || excp == EXCP_HLT_WFE) {
            /* A step over WFI/WFE ends after it; otherwise sleep (a host
             * condition variable) until an interrupt, a stop or reset, a
             * timer deadline, or for WFE an event, then run on after it. */
            if (env->singlestep) {
                if (step_done(env)) {
                    return true;
                }
                continue;
            }
            if (!arm_cpu_wait_for_event(env, excp == EXCP_HLT_WFE)) {
                __atomic_store_n(&env->sleeping,
                                 excp == EXCP_HLT_WFE ? ARM_SLEEP_WFE : ARM_SLEEP_WFI,
                                 __ATOMIC_SEQ_CST);
                return false;
            }
            /* A WFI/WFE the guest steps has completed now (PC is past it). */
            arm_ss_step_done(env);
            continue;
        }
        if (excp == EXCP_HALTED) {
            /* The CPU sleeps until reset. */
            env->halted = 1;
            return env->singlestep && step_done(env);
        }
        /* A guest exception was taken: a step ends at its vector. */
        if (env->singlestep && step_done(env)) {
            return true;
        }
    }
    return cpu_exec_blocks(env);
}

static gpointer vcpu_thread(gpointer opaque)
{
    ARMCPU *cpu = opaque;
    CPUARMState *env = &cpu->env;

    tlb_set_current_cpu(env);
    thread_env = env;
    plugin_vcpu_init(env);
    bql_lock();
    cpu->thread_id = (int)gettid();
    for (;;) {
        while (!cpu_should_run(cpu)) {
            g_cond_broadcast(&run_cond);
            g_cond_wait(&run_cond, bql_mutex());
        }
        if (cpu->on_pending) {
            /* A PSCI CPU_ON from another vCPU, carried out here by this
             * CPU's own thread (arm/psci.h). */
            arm_psci_cpu_on_finish(cpu);
            cpu_helpers_reset(env);
        }
        /* A pending TLB flush request stays in tlb_flush_req: the loop
         * takes it before the first block. */
        __atomic_store_n(&env->exit_request, 0, __ATOMIC_SEQ_CST);
        cpus_in_code++;
        bql_unlock();
        bool debug = cpu_exec(env);
        bql_lock();
        cpus_in_code--;
        g_cond_broadcast(&run_cond);
        if (debug) {
            /* Out of generated code already, so stopping the others from
             * here cannot wait on this thread. */
            vm_stop();
            gdbstub_report_debug_stop(cpu);
        }
    }
    return NULL;
}

/* Out of generated code, and out of WFI/WFE. */
static void kick_all(void)
{
    for (int i = 0; i < arm_cpu_count(); i++) {
        arm_cpu_kick(&arm_cpu_by_index(i)->env, EXIT_REQ_STOP);
    }
}

void cpu_exec_exclusive(void (*fn)(void))
{
    if (!thread_env) {
        fn();
        return;
    }
    bql_lock();
    /* Out of generated code meanwhile: a pause (or another exclusive
     * section, which goes first) must not wait for this thread. */
    cpus_in_code--;
    g_cond_broadcast(&run_cond);
    while (exclusive_active) {
        g_cond_wait(&run_cond, bql_mutex());
    }
    exclusive_active = true;
    for (int i = 0; i < arm_cpu_count(); i++) {
        CPUARMState *other = &arm_cpu_by_index(i)->env;
        if (other != thread_env) {
            __atomic_or_fetch(&other->exit_request, EXIT_REQ_STOP, __ATOMIC_SEQ_CST);
        }
    }
    /* Waiting releases the big lock: a vCPU blocked on it for MMIO finishes
     * its access and leaves at its next block entry. */
    while (cpus_in_code > 0) {
        g_cond_wait(&run_cond, bql_mutex());
    }
    fn();
    exclusive_active = false;
    cpus_in_code++;
    g_cond_broadcast(&run_cond);
    bql_unlock();
}

/* Called with the big lock held: waiting releases it, so a vCPU blocked on
 * it for MMIO can finish its block. */
static void cpus_pause(void)
{
    kick_all();
    while (cpus_in_code > 0) {
        g_cond_wait(&run_cond, bql_mutex());
    }
}

static void cpus_resume(void)
{
    g_cond_broadcast(&run_cond);
    /* The VM clock runs again: the timers' deadlines are reachable again. */
    gtimer_kick_thread();
}

static void cpus_reset(void)
{
    for (int i = 0; i < arm_cpu_count(); i++) {
        cpu_helpers_reset(&arm_cpu_by_index(i)->env);
    }
    tb_flush_all();
}

/* Called with the vCPUs paused. */
static void cpus_debug_changed(bool code, bool data)
{
    if (code) {
        tb_flush_all();
    }
    if (data) {
        tlb_flush_all_cpus();
    }
}

static const CpuRunHooks run_hooks = {
    .pause = cpus_pause,
    .resume = cpus_resume,
    .reset = cpus_reset,
    .debug_changed = cpus_debug_changed,
    .code_written = tb_invalidate_phys_range,
    .print_stats = tb_print_stats,
};

bool cpu_exec_init(size_t tb_size, bool interp, GError **errp)
{
    use_interp = interp;
    runstate_set_cpu_hooks(&run_hooks);
    arm_psci_set_wake_hook(cpus_resume);
    return tb_init(tb_size ? tb_size : (size_t)DEFAULT_TB_SIZE_MB << 20, interp, errp);
}

void cpus_start(void)
{
    for (int i = 0; i < arm_cpu_count(); i++) {
        ARMCPU *cpu = arm_cpu_by_index(i);
        g_autofree char *name = g_strdup_printf("CPU %d/TCG", i);
        g_thread_unref(g_thread_new(name, vcpu_thread, cpu));
    }
}
