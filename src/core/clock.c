/* clock.c: the host's monotonic clock and the instant the process started,
 * from which guest-visible time counts. */
#include <time.h>
#include "core/clock.h"

static int64_t start_ns;

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
