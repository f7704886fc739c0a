# The random differential test (tests/diff/run.sh) in its short CI mode: 30 seeds x 300
# random valid instructions, final registers, NZCV and memory compared with
# qemu-system-aarch64. Set A64EMU_BARE_TESTS=off to leave the a64emu part out.

# The harness itself, QEMU on both sides: catches a generator that emits invalid or
# unpredictable programs. Needs no a64emu.
test_diff_harness_selftest() {
    LAST_CMD="A64EMU=tests/guest/qemu-as-a64emu tests/diff/run.sh --seeds 10 --first 9000"
    A64EMU="$A64EMU_ROOT/tests/guest/qemu-as-a64emu" "$A64EMU_ROOT/tests/diff/run.sh" \
        --seeds 10 --first 9000 >diff.log 2>&1 || fail "the harness disagrees with itself"
    cat diff.log
}

[ "${A64EMU_BARE_TESTS:-on}" = off ] && return 0

test_diff_short() {
    LAST_CMD="tests/diff/run.sh"
    RUN_TIMEOUT="${A64EMU_BARE_TIMEOUT:-30}" "$A64EMU_ROOT/tests/diff/run.sh" >diff.log 2>&1 ||
        fail "a64emu differs from qemu-system-aarch64 on random programs"
    cat diff.log
}
