/* runstate.c: the VM's run state and the stop/cont/reset/quit requests made
 * of the main loop by the monitor, the mux and (later) the gdbstub. */
#include <stdio.h>
#include "core/runstate.h"
#include "core/object.h"
#include "core/clock.h"

typedef enum { RUN_PRELAUNCH, RUN_RUNNING, RUN_PAUSED } RunState;

static RunState state = RUN_PRELAUNCH;
static GMainLoop *main_loop;
static int exit_status;
static GMutex bql;
static const CpuRunHooks *cpu_hooks;
static void (*reset_handlers[4])(void);
static unsigned n_reset_handlers;
static bool no_reboot;

/* Whether this thread holds the big lock. A g_cond_wait on bql_mutex() gives
 * the lock up and takes it back before this thread runs again, so the flag
 * stays true across it. */
static __thread bool bql_mine;

void bql_lock(void)
{
    g_mutex_lock(&bql);
    bql_mine = true;
}

void bql_unlock(void)
{
    bql_mine = false;
    g_mutex_unlock(&bql);
}

bool bql_locked(void)
{
    return bql_mine;
}

bool bql_lock_unless_held(void)
{
    if (bql_mine) {
        return false;
    }
    bql_lock();
    return true;
}

void bql_unlock_if(bool taken)
{
    if (taken) {
        bql_unlock();
    }
}

GMutex *bql_mutex(void)
{
    return &bql;
}

void runstate_set_cpu_hooks(const CpuRunHooks *hooks)
{
    cpu_hooks = hooks;
}

void runstate_add_reset_handler(void (*fn)(void))
{
    /* A fixed array: boot/ registers from a constructor. */
    g_assert(n_reset_handlers < G_N_ELEMENTS(reset_handlers));
    reset_handlers[n_reset_handlers++] = fn;
}

void runstate_debug_changed(bool code, bool data)
{
    if (cpu_hooks && cpu_hooks->debug_changed) {
        cpu_hooks->debug_changed(code, data);
    }
}

void runstate_code_written(uint64_t addr, uint64_t len)
{
    if (cpu_hooks && cpu_hooks->code_written) {
        cpu_hooks->code_written(addr, len);
    }
}

void runstate_print_stats(GString *out)
{
    if (cpu_hooks && cpu_hooks->print_stats) {
        cpu_hooks->print_stats(out);
    }
}

void runstate_set_main_loop(GMainLoop *loop)
{
    main_loop = loop;
}

int runstate_exit_status(void)
{
    return __atomic_load_n(&exit_status, __ATOMIC_SEQ_CST);
}

bool runstate_is_running(void)
{
    return state == RUN_RUNNING;
}

void vm_start(void)
{
    state = RUN_RUNNING;
    clock_vm_start();
    if (cpu_hooks) {
        cpu_hooks->resume();
    }
}

void vm_stop(void)
{
    if (state == RUN_RUNNING) {
        state = RUN_PAUSED;
        if (cpu_hooks) {
            cpu_hooks->pause();
        }
        /* After the pause: no vCPU reads the counter from here on. */
        clock_vm_stop();
    }
}

void system_reset(void)
{
    bool was_running = state == RUN_RUNNING;

    /* The vCPUs must be out of generated code while their state changes. */
    vm_stop();
    /* As on a real reset: RAM keeps its contents but the loaded images are
     * written again (a reset handler), and every device and CPU returns to
     * its reset state. */
    for (unsigned i = 0; i < n_reset_handlers; i++) {
        reset_handlers[i]();
    }
    object_reset_tree(object_get_root());
    if (cpu_hooks) {
        cpu_hooks->reset();
    }
    if (was_running) {
        vm_start();
    }
}

static gboolean quit_main_loop(gpointer opaque)
{
    g_main_loop_quit(main_loop);
    return G_SOURCE_REMOVE;
}

void system_shutdown_request(int status)
{
    __atomic_store_n(&exit_status, status, __ATOMIC_SEQ_CST);
    if (main_loop) {
        g_main_loop_quit(main_loop);
        /* A quit before g_main_loop_run starts is forgotten (a vCPU thread
         * may get here first): the idle source quits again once it runs. */
        g_idle_add(quit_main_loop, NULL);
    }
}

void runstate_set_no_reboot(bool on)
{
    no_reboot = on;
}

/* On the main loop, which holds the big lock while it dispatches. */
static gboolean reset_from_guest(gpointer opaque)
{
    system_reset();
    return G_SOURCE_REMOVE;
}

void system_reset_request(void)
{
    if (no_reboot) {
        system_shutdown_request(0);
        return;
    }
    /* Not here: a vCPU thread cannot wait for every vCPU (itself included)
     * to leave generated code. */
    g_idle_add(reset_from_guest, NULL);
}
