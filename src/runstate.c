/* runstate.c: the VM's run state and the stop/cont/reset/quit requests made
 * of the main loop by the monitor, the mux and (later) the gdbstub. */
#include <stdio.h>
#include "runstate.h"
#include "boot.h"
#include "memory.h"
#include "object.h"

typedef enum { RUN_PRELAUNCH, RUN_RUNNING, RUN_PAUSED } RunState;

static RunState state = RUN_PRELAUNCH;
static GMainLoop *main_loop;
static int exit_status;

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

const char *runstate_name(void)
{
    switch (state) {
    case RUN_RUNNING:
        return "running";
    case RUN_PAUSED:
        return "paused";
    default:
        return "prelaunch";
    }
}

void vm_start(void)
{
    state = RUN_RUNNING;
}

void vm_stop(void)
{
    state = RUN_PAUSED;
}

void system_reset(void)
{
    /* As on a real reset: RAM keeps its contents but the loaded images are
     * written again, and every device and CPU returns to its reset state. */
    rom_reset(get_address_space_memory());
    object_reset_tree(object_get_root());
}

void system_shutdown_request(int status)
{
    exit_status = status;
    if (main_loop) {
        g_main_loop_quit(main_loop);
    }
}
