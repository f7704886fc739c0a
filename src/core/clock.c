/* clock.c: the host's monotonic clock, the instant the process started, and
 * the VM clock: host time that advances only while the VM runs. */
#include <stdbool.h>
#include <time.h>
#include "core/clock.h"

static int64_t start_ns;

/* The VM clock is host time minus vm_offset while running, vm_frozen while
 * stopped. It starts stopped at 0 (the VM starts at vm_start) and is changed
 * only by vm_stop/vm_start (core/runstate.c), with every vCPU out of guest
 * code; readers are lock-free (atomics). A reader on another thread (the
 * timer thread) that races a stop may read a few nanoseconds past the frozen
 * value, harmless for deadlines. */
static int64_t vm_offset, vm_frozen;
static bool vm_running;

int64_t clock_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void __attribute__((constructor)) clock_init(void)
{
    start_ns = clock_host_ns();
}

int64_t clock_elapsed_ns(void)
{
    return clock_host_ns() - start_ns;
}

int64_t clock_vm_ns(void)
{
    if (__atomic_load_n(&vm_running, __ATOMIC_ACQUIRE)) {
        return clock_host_ns() - __atomic_load_n(&vm_offset, __ATOMIC_RELAXED);
    }
    return __atomic_load_n(&vm_frozen, __ATOMIC_RELAXED);
}

bool clock_vm_running(void)
{
    return __atomic_load_n(&vm_running, __ATOMIC_ACQUIRE);
}

void clock_vm_stop(void)
{
    if (vm_running) {
        __atomic_store_n(&vm_frozen, clock_host_ns() - vm_offset, __ATOMIC_RELAXED);
        __atomic_store_n(&vm_running, false, __ATOMIC_RELEASE);
    }
}

void clock_vm_start(void)
{
    if (!vm_running) {
        __atomic_store_n(&vm_offset, clock_host_ns() - vm_frozen, __ATOMIC_RELAXED);
        __atomic_store_n(&vm_running, true, __ATOMIC_RELEASE);
    }
}

int64_t clock_vm_to_host_ns(int64_t vm_ns)
{
    if (!clock_vm_running()) {
        return INT64_MAX;
    }
    int64_t off = __atomic_load_n(&vm_offset, __ATOMIC_RELAXED);
    return vm_ns > INT64_MAX - off ? INT64_MAX : vm_ns + off;
}
