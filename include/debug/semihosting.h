/* semihosting.h: Arm semihosting (HLT #0xF000 in A64) for bare-metal guests:
 * console output and input, clock, heap info and exit. */
#ifndef A64EMU_SEMIHOSTING_H
#define A64EMU_SEMIHOSTING_H

#include <stdbool.h>
#include <stdint.h>
#include "ui/chardev.h"

struct CPUARMState;

/* -semihosting: HLT #0xF000 becomes a call (TB_FLAG_SEMIHOST). */
void semihosting_enable(bool on);
bool semihosting_enabled(void);
/* Where console output goes (SYS_WRITEC/WRITE0/WRITE on handles 1 and 2);
 * NULL: the process's stdout. */
void semihosting_set_console(Chardev *chr);
/* Called by SYS_EXIT / SYS_EXIT_EXTENDED with the exit status; default:
 * flush stdout and exit(status). If the hook returns, the calling CPU stops
 * (EXCP_HALTED). */
void semihosting_set_exit_hook(void (*fn)(int status));

/* Operation numbers (W0), from Arm's "Semihosting for AArch32 and AArch64". */
enum {
    SEMI_SYS_OPEN = 0x01, SEMI_SYS_CLOSE = 0x02, SEMI_SYS_WRITEC = 0x03,
    SEMI_SYS_WRITE0 = 0x04, SEMI_SYS_WRITE = 0x05, SEMI_SYS_READ = 0x06,
    SEMI_SYS_READC = 0x07, SEMI_SYS_ISERROR = 0x08, SEMI_SYS_ISTTY = 0x09,
    SEMI_SYS_SEEK = 0x0a, SEMI_SYS_FLEN = 0x0c, SEMI_SYS_TMPNAM = 0x0d,
    SEMI_SYS_REMOVE = 0x0e, SEMI_SYS_RENAME = 0x0f, SEMI_SYS_CLOCK = 0x10,
    SEMI_SYS_TIME = 0x11, SEMI_SYS_SYSTEM = 0x12, SEMI_SYS_ERRNO = 0x13,
    SEMI_SYS_GET_CMDLINE = 0x15, SEMI_SYS_HEAPINFO = 0x16, SEMI_SYS_EXIT = 0x18,
    SEMI_SYS_EXIT_EXTENDED = 0x20, SEMI_SYS_ELAPSED = 0x30, SEMI_SYS_TICKFREQ = 0x31,
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* HLT #0xF000 with semihosting on, called from generated code
 * (tcg/helpers.h): run the call in X0/X1, result in X0. */
uint64_t helper_semihosting(struct CPUARMState *env);

#endif
