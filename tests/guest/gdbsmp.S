/* gdbsmp.S: the secondary entry, as psci's. */
#include "psci.S"
