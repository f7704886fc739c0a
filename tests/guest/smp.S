/* smp.S: the secondaries' entry, as psci's. */
#include "psci.S"
