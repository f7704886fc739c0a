/* psci_reset: the psci program ending with SYSTEM_RESET instead of SYSTEM_OFF. */
#define PSCI_END_RESET 1
#include "psci.c"
