/* qemu-plugin.h: the name QEMU plugins include; the API is a64emu-plugin.h. */
#include "a64emu-plugin.h"
