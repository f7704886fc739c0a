/* console.c: the serial console and the monitor from the command line. With
 * -nographic both share stdio through the Ctrl-a mux, as with QEMU. */
#include <string.h>
#include "ui/chardev.h"
#include "ui/console.h"
#include "ui/monitor.h"

bool console_setup(const Options *o, Chardev **serial_out, bool *serial_on_stdio,
                   GError **errp)
{
    Chardev *serial_chr = NULL;
    const char *serial = o->serial;
    const char *monitor = o->monitor;

    if (o->nographic) {
        if (!serial) {
            serial = (monitor && strcmp(monitor, "none") && strcmp(monitor, "null"))
                     ? "stdio" : "mon:stdio";
        }
        if (!monitor) {
            monitor = "none";   /* either muxed with the serial port or not wanted */
        }
    }
    if (!serial) {
        serial = "null";
    }
    *serial_on_stdio = !strcmp(serial, "stdio") || !strcmp(serial, "mon:stdio");
    if (!monitor) {
        monitor = "none";
    }
    if (strcmp(serial, "none")) {
        Chardev *chr = chardev_new("serial0", serial, errp);
        if (!chr) {
            return false;
        }
        serial_chr = chr;
        if (!strcmp(serial, "mon:stdio")) {
            /* The console first: it has the focus at start, as in QEMU. */
            serial_chr = mux_add_frontend(chr, "serial0-fe", NULL);
            monitor_new(chr);   /* the monitor adds itself to the mux */
        }
    }
    if (strcmp(monitor, "none") && strcmp(monitor, "null")) {
        Chardev *chr = chardev_new("compat_monitor0", monitor, errp);
        if (!chr) {
            return false;
        }
        monitor_new(chr);
    }
    *serial_out = serial_chr;
    return true;
}
