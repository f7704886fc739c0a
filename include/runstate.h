/* runstate.h: the VM's run state and the requests (stop, cont, reset, quit)
 * the monitor, the mux and later the gdbstub make of the main loop. */
#ifndef A64EMU_RUNSTATE_H
#define A64EMU_RUNSTATE_H

#include <stdbool.h>

bool runstate_is_running(void);
const char *runstate_name(void);   /* "running", "paused", "prelaunch" */
void vm_start(void);               /* cont */
void vm_stop(void);                /* stop */
void system_reset(void);           /* ROMs rewritten, every object reset */
/* Leave the main loop and exit with status (terminal restored, log flushed). */
void system_shutdown_request(int status);

/* For main: the loop that system_shutdown_request() ends, and its status. */
#include <glib.h>
void runstate_set_main_loop(GMainLoop *loop);
int runstate_exit_status(void);
#endif
