/* clock.h: the host's monotonic clock, the one time source for what the
 * guest sees of time (the generic counter, semihosting's clocks) and, later,
 * host timers. */
#ifndef A64EMU_CORE_CLOCK_H
#define A64EMU_CORE_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t clock_host_ns(void);
/* Nanoseconds since the process started. */
int64_t clock_elapsed_ns(void);

#endif
