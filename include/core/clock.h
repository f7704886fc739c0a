/* clock.h: the host's monotonic clock, the one time source for what the
 * guest sees of time (the generic counter, semihosting's clocks), and the VM
 * clock the generic counter counts, which stops while the VM is stopped. */
#ifndef A64EMU_CORE_CLOCK_H
#define A64EMU_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t clock_host_ns(void);
/* Nanoseconds since the process started. */
int64_t clock_elapsed_ns(void);

/* The VM clock: nanoseconds the VM has been running (monitor `stop`, a gdb
 * halt and -S before `cont` do not count), as QEMU's virtual clock. Any
 * thread. */
int64_t clock_vm_ns(void);
bool clock_vm_running(void);
/* Called by vm_stop/vm_start only (the vCPUs are out of guest code). */
void clock_vm_stop(void);
void clock_vm_start(void);
/* The host time (clock_host_ns) at which the VM clock reaches vm_ns while it
 * keeps running; INT64_MAX while it is stopped (it never gets there). */
int64_t clock_vm_to_host_ns(int64_t vm_ns);

#endif
