/* device.h: devices the user creates from the command line: -device
 * TYPE[,prop=value...], -device help and -device TYPE,help. */
#ifndef A64EMU_CORE_DEVICE_H
#define A64EMU_CORE_DEVICE_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* -device help: every user-creatable type. */
void device_print_list(FILE *out);
/* -device TYPE,help: its properties; false (and a GError naming it) if TYPE
 * is not a user-creatable device. */
bool device_print_props(const char *type, FILE *out, GError **errp);
/* -device TYPE[,id=ID][,prop=value...] as a child of /machine: QEMU's
 * /machine/peripheral/ID or /machine/peripheral-anon/device[index],
 * realized. Errors name the spec. */
bool device_create(const char *spec, unsigned index, GError **errp);

#endif
