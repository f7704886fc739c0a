/* runstate.c: the VM's run state and the stop/cont/reset/quit requests made
 * of the main loop by the monitor, the mux and (later) the gdbstub. */
#include <stdio.h>
#include "core/runstate.h"
#include "boot/boot.h"
#include "core/memory.h"
#include "core/object.h"

typedef enum { RUN_PRELAUNCH, RUN_RUNNING, RUN_PAUSED } RunState;

static RunState state = RUN_PRELAUNCH;
static GMainLoop *main_loop;
static int exit_status;
static GMutex bql;
static const CpuRunHooks *cpu_hooks;

void bql_lock(void)
{
    g_mutex_lock(&bql);
}

void bql_unlock(void)
{
    g_mutex_unlock(&bql);
}

GMutex *bql_mutex(void)
{
    return &bql;
}

void runstate_set_cpu_hooks(const CpuRunHooks *hooks)
{
    cpu_hooks = hooks;
}

void runstate_set_main_loop(GMainLoop *loop)
{
    main_loop = loop;
}

int runstate_exit_status(void)
{
    return exit_status;
}

bool runstate_is_running(void)
{
    return state == RUN_RUNNING;
}

void vm_start(void)
{
    state = RUN_RUNNING;
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
    }
}

void system_reset(void)
{
    bool was_running = state == RUN_RUNNING;

    /* The vCPUs must be out of generated code while their state changes. */
    vm_stop();
    /* As on a real reset: RAM keeps its contents but the loaded images are
     * written again, and every device and CPU returns to its reset state. */
    rom_reset(get_address_space_memory());
    object_reset_tree(object_get_root());
    if (cpu_hooks) {
        cpu_hooks->reset();
    }
    if (was_running) {
        vm_start();
    }
}

void system_shutdown_request(int status)
{
    exit_status = status;
    if (main_loop) {
        g_main_loop_quit(main_loop);
    }
}
