/* gtimer.c: the generic timers (Arm ARM D11): each CPU's EL1 physical timer
 * (CNTP_*) and virtual timer (CNTV_*, CNTVOFF = 0), compared with the generic
 * counter, and the timer thread.
 *
 * Timing: one host thread serves every CPU. It sleeps on a condition variable
 * (with the big lock as its mutex, so it holds the lock only while it looks)
 * until the nearest deadline of any enabled, unmasked timer whose condition is
 * not met yet, then drives the outputs, which reach the GIC and from it the
 * CPU's irq line, which kicks the vCPU out of generated code (a block or two
 * later). A register write or the VM's restart wakes it to look again; with
 * no deadline it sleeps until then. No thread polls. A vCPU sleeping in WFI
 * also wakes at its own nearest deadline (arm_cpu_wait_for_event) and
 * updates its outputs itself, so it does not wait for the timer thread.
 *
 * Time is the VM clock (core/clock.h), which stops while the VM is stopped:
 * the counter does not jump when it resumes, and nothing fires while stopped.
 *
 * Locking: gt_ctl/gt_cval are written by the owning vCPU with the big lock
 * held and read by it without, and by the timer thread with it; gt_level
 * (what the outputs were driven to) and the GIC's lines are the big lock's. */
#include <inttypes.h>
#include "arm/bits.h"
#include "arm/gtimer.h"
#include "arm/sysreg.h"
#include "core/clock.h"
#include "core/runstate.h"

static GCond gt_cond;           /* waited on by the timer thread with the big lock */
static GThread *gt_thread;      /* started by the first timer write (big lock) */

static bool condition_met(const CPUARMState *env, unsigned t)
{
    return (env->gt_ctl[t] & CNT_CTL_ENABLE) && arm_counter_ticks() >= env->gt_cval[t];
}

uint64_t gtimer_read_ctl(CPUARMState *env, unsigned t)
{
    uint64_t ctl = env->gt_ctl[t] & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
    return ctl | (condition_met(env, t) ? CNT_CTL_ISTATUS : 0);
}

uint64_t gtimer_read_tval(CPUARMState *env, unsigned t)
{
    return (uint32_t)(env->gt_cval[t] - arm_counter_ticks());
}

void gtimer_update(CPUARMState *env)
{
    ARMCPU *cpu = env->cpu;

    for (unsigned t = 0; t < GT_NUM; t++) {
        uint32_t level = condition_met(env, t) && !(env->gt_ctl[t] & CNT_CTL_IMASK);
        if (level != env->gt_level[t]) {
            env->gt_level[t] = level;
            if (cpu) {
                irq_set(cpu->gt_out[t], (int)level);
            }
        }
    }
}

int64_t gtimer_deadline_host_ns(CPUARMState *env)
{
    int64_t best = INT64_MAX;
    uint64_t now = arm_counter_ticks();

    for (unsigned t = 0; t < GT_NUM; t++) {
        uint64_t ctl = env->gt_ctl[t], cval = env->gt_cval[t];
        if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE || now >= cval) {
            continue;
        }
        /* The first nanosecond at which the counter reads cval. */
        uint64_t ticks = cval - now;
        int64_t vm_ns = ticks > (uint64_t)(INT64_MAX / 32) ? INT64_MAX
                                                           : clock_vm_ns() + (int64_t)ticks * 16;
        int64_t host = vm_ns == INT64_MAX ? INT64_MAX : clock_vm_to_host_ns(vm_ns);
        if (host < best) {
            best = host;
        }
    }
    return best;
}

static gpointer gtimer_thread(gpointer opaque)
{
    bql_lock();
    for (;;) {
        int64_t next = INT64_MAX;
        for (int i = 0; i < arm_cpu_count(); i++) {
            CPUARMState *env = &arm_cpu_by_index(i)->env;
            gtimer_update(env);
            int64_t d = gtimer_deadline_host_ns(env);
            if (d < next) {
                next = d;
            }
        }
        if (next == INT64_MAX) {
            g_cond_wait(&gt_cond, bql_mutex());
        } else {
            /* g_cond_wait_until counts CLOCK_MONOTONIC microseconds, as
             * clock_host_ns counts its nanoseconds: round up, never early. */
            g_cond_wait_until(&gt_cond, bql_mutex(), (next + 999) / 1000);
        }
    }
    return NULL;
}

void gtimer_kick_thread(void)
{
    g_cond_broadcast(&gt_cond);
}

void gtimer_write(CPUARMState *env, unsigned t, unsigned reg, uint64_t value)
{
    bool took = bql_lock_unless_held();     /* held: the gdbstub or monitor writes */

    switch (reg) {
    case 0:     /* TVAL: a signed 32-bit offset from now */
        env->gt_cval[t] = arm_counter_ticks() + (uint64_t)(int64_t)(int32_t)value;
        break;
    case 1:     /* CTL: ENABLE and IMASK; ISTATUS is read-only */
        env->gt_ctl[t] = value & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
        break;
    default:    /* CVAL */
        env->gt_cval[t] = value;
        break;
    }
    gtimer_update(env);
    if (!gt_thread) {
        gt_thread = g_thread_new("timer", gtimer_thread, NULL);
    }
    gtimer_kick_thread();
    bql_unlock_if(took);
}

void gtimer_reset(CPUARMState *env)
{
    gtimer_update(env);     /* the registers are zero: every output low */
}
