/* runstate.h: the VM's run state and the requests (stop, cont, reset, quit)
 * the monitor, the mux and later the gdbstub make of the main loop. */
#ifndef A64EMU_RUNSTATE_H
#define A64EMU_RUNSTATE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

bool runstate_is_running(void);
void vm_start(void);               /* cont */
void vm_stop(void);                /* stop */
void system_reset(void);           /* reset handlers (ROMs rewritten), every object reset */
/* Leave the main loop and exit with status (terminal restored, log flushed).
 * Callable from any thread. */
void system_shutdown_request(int status);
/* A guest's reset (PSCI SYSTEM_RESET), from any thread: the main loop runs
 * system_reset() at its next iteration, or with -no-reboot ends with status 0. */
void system_reset_request(void);
void runstate_set_no_reboot(bool on);

/* The big lock: guards device state. The main loop holds it except while it
 * polls; vCPU threads take it around MMIO and run-state changes. */
void bql_lock(void);
void bql_unlock(void);
GMutex *bql_mutex(void);
/* True if this thread holds the big lock (taken with bql_lock). */
bool bql_locked(void);
/* For code that both vCPUs (without the lock) and the main loop (with it)
 * call: take the lock unless this thread holds it; true if it took it, for
 * bql_unlock_if. */
bool bql_lock_unless_held(void);
void bql_unlock_if(bool taken);

/* Run by system_reset in registration order, with the vCPUs stopped, before
 * every object's reset (boot/ rewrites the ROM blobs). At most a few. */
void runstate_add_reset_handler(void (*fn)(void));

/* The vCPU side of stop/cont/reset, and what the debugger and the monitor ask
 * of the translator, registered by it (tcg/cpu-exec.c) so that neither
 * depends on it. pause returns once every vCPU is out of generated code
 * (called with the big lock held). */
typedef struct CpuRunHooks {
    void (*pause)(void);
    void (*resume)(void);
    void (*reset)(void);    /* after the devices' reset: drop translations and TLBs */
    /* Breakpoints changed (code: drop every translation) or watchpoints did
     * (data: refill every TLB); called with the vCPUs paused. */
    void (*debug_changed)(bool code, bool data);
    /* Guest memory [addr, addr + len) was written from outside the vCPUs. */
    void (*code_written)(uint64_t addr, uint64_t len);
    /* `info jit`: the translator's statistics. */
    void (*print_stats)(GString *out);
} CpuRunHooks;
void runstate_set_cpu_hooks(const CpuRunHooks *hooks);
/* Through the hooks; nothing happens before the translator registers them. */
void runstate_debug_changed(bool code, bool data);
void runstate_code_written(uint64_t addr, uint64_t len);
void runstate_print_stats(GString *out);

/* For main: the loop that system_shutdown_request() ends, and its status. */
void runstate_set_main_loop(GMainLoop *loop);
int runstate_exit_status(void);
#endif
