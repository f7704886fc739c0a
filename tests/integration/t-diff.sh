# The random differential test (tests/diff/run.sh) in its short CI mode: 30 seeds x 300
# random valid instructions (integer, memory, branches, scalar FP, AdvSIMD), final X and V
# registers, NZCV, FPSR/FPCR and memory compared with qemu-system-aarch64; then 15 seeds
# with the MMU on (loads and stores through an identity map and a random alias). Set A64EMU_BARE_TESTS=off to leave the a64emu part out.

# The harness itself, QEMU on both sides: catches a generator that emits invalid or
# unpredictable programs. Needs no a64emu.
test_diff_harness_selftest() {
    LAST_CMD="A64EMU=tests/guest/qemu-as-a64emu tests/diff/run.sh --seeds 10 --first 9000"
    A64EMU="$A64EMU_ROOT/tests/guest/qemu-as-a64emu" "$A64EMU_ROOT/tests/diff/run.sh" \
        --seeds 10 --first 9000 >diff.log 2>&1 || fail "the harness disagrees with itself"
    cat diff.log
}

# An oracle that cannot start (here a stand-in that fails as QEMU does without its NIC ROM)
# makes the comparison fail, in one line naming the oracle's own message: never a pass or
# a skip.
test_oracle_failure_is_a_failure() {
    printf '#!/bin/sh\necho "qemu-system-aarch64: failed to find romfile \\"efi-virtio.rom\\"" >&2\nexit 1\n' >fake-qemu
    chmod +x fake-qemu
    local rc=0
    LAST_CMD="A64EMU_QEMU=./fake-qemu tests/guest/run.sh alu"
    A64EMU_QEMU="$PWD/fake-qemu" "$A64EMU_ROOT/tests/guest/run.sh" --build-dir "$PWD/build" alu >run.log 2>&1 || rc=$?
    [ "$rc" -ne 0 ] || fail "tests/guest/run.sh passed with a broken oracle"
    check_has run.log 'not ok 1 - alu: the oracle (QEMU) exits 1: qemu-system-aarch64: failed to find romfile "efi-virtio.rom"' "run.sh's TAP"
    rc=0
    LAST_CMD="A64EMU_QEMU=./fake-qemu tests/diff/run.sh --seeds 1"
    A64EMU_QEMU="$PWD/fake-qemu" "$A64EMU_ROOT/tests/diff/run.sh" --seeds 1 >diff.log 2>&1 || rc=$?
    [ "$rc" -ne 0 ] || fail "tests/diff/run.sh passed with a broken oracle"
    check_has diff.log 'the oracle failed (exit 1): qemu-system-aarch64: failed to find romfile "efi-virtio.rom"' "diff/run.sh's TAP"
}

[ "${A64EMU_BARE_TESTS:-on}" = off ] && return 0

test_diff_short() {
    LAST_CMD="tests/diff/run.sh"
    RUN_TIMEOUT="${A64EMU_BARE_TIMEOUT:-$(limit 120)}" "$A64EMU_ROOT/tests/diff/run.sh" >diff.log 2>&1 ||
        fail "a64emu differs from qemu-system-aarch64 on random programs"
    cat diff.log
}

test_diff_short_mmu() {
    LAST_CMD="tests/diff/run.sh --mmu --seeds 15 --first 101"
    RUN_TIMEOUT="${A64EMU_BARE_TIMEOUT:-$(limit 120)}" "$A64EMU_ROOT/tests/diff/run.sh" --mmu --seeds 15 --first 101 \
        >diff.log 2>&1 || fail "a64emu differs from qemu-system-aarch64 on random programs with the MMU on"
    cat diff.log
}
