/* console.h: the serial console and the monitor from the command line
 * (-serial, -monitor, -nographic). */
#ifndef A64EMU_UI_CONSOLE_H
#define A64EMU_UI_CONSOLE_H

#include <glib.h>
#include <stdbool.h>
#include "core/options.h"
#include "ui/chardev.h"

/* Create the chardevs and the monitor o asks for; *serial is serial port 0's
 * chardev (NULL: none), *serial_on_stdio whether it is the terminal. With
 * -nographic the serial port and the monitor share stdio through the Ctrl-a
 * mux. Errors name the chardev spec. */
bool console_setup(const Options *o, Chardev **serial, bool *serial_on_stdio, GError **errp);

#endif
