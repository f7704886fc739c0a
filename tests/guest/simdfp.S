/* The AdvSIMD FP test's instruction runner: the scalar FP test's (fp.S), whose context
 * holds V0-V3 whole. */
#include "fp.S"
