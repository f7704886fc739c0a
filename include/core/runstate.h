/* runstate.h: the VM's run state and the requests (stop, cont, reset, quit)
 * the monitor, the mux and later the gdbstub make of the main loop. */
#ifndef A64EMU_RUNSTATE_H
#define A64EMU_RUNSTATE_H

#include <glib.h>
#include <stdbool.h>

bool runstate_is_running(void);
void vm_start(void);               /* cont */
void vm_stop(void);                /* stop */
void system_reset(void);           /* ROMs rewritten, every object reset */
/* Leave the main loop and exit with status (terminal restored, log flushed). */
void system_shutdown_request(int status);

/* The big lock: guards device state. The main loop holds it except while it
 * polls; vCPU threads take it around MMIO and run-state changes. */
void bql_lock(void);
void bql_unlock(void);
GMutex *bql_mutex(void);

/* The vCPU side of stop/cont/reset: pause returns once every vCPU is out of
 * generated code (called with the big lock held). */
typedef struct CpuRunHooks {
    void (*pause)(void);
    void (*resume)(void);
    void (*reset)(void);    /* after the devices' reset: drop translations and TLBs */
} CpuRunHooks;
void runstate_set_cpu_hooks(const CpuRunHooks *hooks);

/* For main: the loop that system_shutdown_request() ends, and its status. */
void runstate_set_main_loop(GMainLoop *loop);
int runstate_exit_status(void);
#endif
