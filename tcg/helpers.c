/* helpers.c: the descriptors of the helpers in tcg/helpers.def, from which
 * ir_call_helper() takes a call's function and flags. */
#include "tcg/helpers.h"

#define HELPER(name, ret, flags, n) \
    _Static_assert((n) <= IR_CALL_MAX_ARGS, "helper_" #name " takes too many arguments"); \
    _Static_assert(!((flags) & ~(CALL_PURE | CALL_READS_REGS | CALL_WRITES_REGS | \
                                 CALL_MAY_RAISE)), "helper_" #name ": bad flags");
#include "tcg/helpers.def"
#undef HELPER

const HelperInfo helper_info[HELPER_COUNT] = {
#define HELPER(name, ret, flags, n) \
    [HELPER_##name] = { (void *)helper_##name, (flags) | HELPER_FLAGS_##ret },
#include "tcg/helpers.def"
#undef HELPER
};
