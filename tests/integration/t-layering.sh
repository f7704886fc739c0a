# The folder layout's rules (docs/architecture.md, "Allowed dependencies"): the build
# runs scripts/check-layering; these tests run it on the tree and on a copy of it with
# forbidden includes planted, so a checker that stopped catching them fails here.

LAYERING="$A64EMU_ROOT/scripts/check-layering"

# A scratch copy of the code folders (a few MB at most).
copy_tree() {
    mkdir tree
    (cd "$A64EMU_ROOT" && tar cf - src include tcg hw boot tests/unit) | (cd tree && tar xf -)
}

# layering_fails WHAT: the checker rejects ./tree and names WHAT.
layering_fails() {
    local rc=0
    LAST_CMD="check-layering --root tree"
    "$LAYERING" --root tree >out 2>err || rc=$?
    [ "$rc" -eq 1 ] || { fail "expected status 1, got $rc"; show stderr err; return 1; }
    check_has err "$1" stderr
}

test_layering_tree_is_clean() {
    LAST_CMD="check-layering"
    RC=0
    "$LAYERING" --root "$A64EMU_ROOT" >out 2>err || RC=$?
    check_rc 0
}

test_layering_device_includes_translator() {
    copy_tree
    sed -i '0,/^#include "hw\/char\/pl011.h"/s//&\n#include "tcg\/tb.h"/' tree/hw/char/pl011.c
    layering_fails 'hw/char/pl011.c:4: hw may not include tcg ("tcg/tb.h")'
}

test_layering_translator_includes_device() {
    copy_tree
    printf '#include "hw/char/pl011.h"\n' >>tree/tcg/a64/trans-dp-imm.c
    layering_fails 'tcg/a64 may not include hw ("hw/char/pl011.h")'
}

test_layering_cpu_includes_translator() {
    copy_tree
    printf '#include <tcg/ir/ir.h>\n' >>tree/include/arm/cpu.h
    layering_fails 'arm may not include tcg/ir ("tcg/ir/ir.h")'
}

test_layering_core_includes_upward() {
    copy_tree
    printf '#include "arm/cpu.h"\n' >>tree/src/core/memory.c
    layering_fails 'core may not include arm ("arm/cpu.h")'
}

test_layering_frontend_includes_backend() {
    copy_tree
    printf '#include "x86-emit.h"\n' >>tree/tcg/a64/a64-common.c
    layering_fails 'tcg/a64/a64-common.c'
}

test_layering_generated_decoder_needs_its_table() {
    copy_tree
    printf '#include "a64-decode-nope.c.inc"\n' >>tree/tcg/a64/trans-ldst.c
    rm tree/tcg/a64/dp-reg.decode
    layering_fails 'tcg/a64/trans-ldst.c:'
    check_has err '"a64-decode-nope.c.inc" is generated from tcg/a64/nope.decode, which does not exist' stderr
    check_has err 'tcg/a64/trans-dp-reg.c:' stderr
}

test_layering_stray_file_and_bare_name() {
    copy_tree
    printf 'int x;\n' >tree/src/stray.c
    printf '#include "memory.h"\n' >>tree/src/ui/disas.c
    layering_fails 'src/stray.c: not in any part'
    check_has err '"memory.h" is not beside src/ui/disas.c' stderr
}
