/* monitor.h: the human monitor (HMP-style commands) on a chardev, with line
 * editing when it is a terminal. */
#ifndef A64EMU_MONITOR_H
#define A64EMU_MONITOR_H

#include <glib.h>
#include "ui/chardev.h"

typedef struct Monitor Monitor;

/* A monitor on chr: prints the banner and "(a64emu) " prompts, edits lines
 * (echo, backspace, Ctrl-U, left/right, up/down history) and runs them. */
Monitor *monitor_new(Chardev *chr);
/* Run one command line and append its output (used by the monitor itself,
 * by gdb's qRcmd and by tests). Returns false for an unknown command or bad
 * arguments (the message is in out). */
bool monitor_run_command(const char *line, GString *out);

/* `info NAME` commands of parts the monitor may not include (hw/: the GIC's
 * `info pic`), added by them, e.g. from a device's realize. fn gets the arguments
 * after NAME and returns false (with a message in out) for bad ones. A name the
 * monitor already has is refused; registering a name again replaces it. Call it
 * from the main thread (the monitor runs there too). */
typedef bool (*MonitorInfoFn)(const char *args, GString *out);
void monitor_register_info(const char *name, const char *params, const char *help,
                           MonitorInfoFn fn);

#endif
