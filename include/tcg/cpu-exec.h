/* cpu-exec.h: the vCPU threads and their run loop: find or translate a block,
 * run it, chain it, take exceptions; pause and resume for the monitor. */
#ifndef A64EMU_CPU_EXEC_H
#define A64EMU_CPU_EXEC_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Set up the translator: the code buffer (tb_size bytes, 0 = default) or the IR
 * interpreter. */
bool cpu_exec_init(size_t tb_size, bool interp, GError **errp);
/* One thread a CPU; they run while the VM is running and the CPU is on.
 * Call with the big lock held. */
void cpus_start(void);
/* Run fn with no other vCPU in generated code or in the translator (a flush
 * of the code buffer): each is asked to leave (EXIT_REQ_STOP) and waits until
 * fn returns. Called by a vCPU thread outside generated code and holding no
 * lock (not tb_lock: a vCPU may be waiting for it); another thread calls fn
 * directly, since then the vCPUs are paused or not started. */
void cpu_exec_exclusive(void (*fn)(void));

#endif
