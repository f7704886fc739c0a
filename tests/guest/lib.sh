# Shared by tests/guest/run.sh, tests/guest/crash.sh and tests/diff/run.sh: how each
# emulator runs a bare-metal image, and how outputs are compared.
GUEST_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GUEST_ROOT="$(cd "$GUEST_HERE/../.." && pwd)"
A64EMU="${A64EMU:-build/a64emu}"
case "$A64EMU" in /*) ;; */*) A64EMU="$GUEST_ROOT/$A64EMU" ;; *) A64EMU="$(command -v "$A64EMU" || echo "$A64EMU")" ;; esac
# The oracle: scripts/oracle (qemu-system-aarch64 -M virt -cpu cortex-a57 -nic none).
QEMU="${QEMU:-$GUEST_ROOT/scripts/oracle}"
# A guard against hangs, not a speed check: generous, and scaled by A64EMU_TIME_SCALE
# (scripts/test sets it for sanitized builds and loaded machines).
RUN_TIMEOUT="${RUN_TIMEOUT:-$((120 * ${A64EMU_TIME_SCALE:-1}))}"

# mini-virt's interrupt controller is a GICv3: QEMU's virt is compared with one too (its
# default is a GICv2, whose ID_AA64PFR0_EL1.GIC reads 0 and whose registers are not these).
QEMU_MACHINE=(-M virt,gic-version=3)

# run_image WHICH ELF OUT: WHICH is qemu or a64emu; stdout+stderr (QEMU writes semihosting
# output to stderr) go to OUT with CRs removed; returns the emulator's exit status
# (124: timed out). RUN_ARGS (e.g. "-smp 4 -no-reboot") go to both emulators,
# A64EMU_ARGS to a64emu only (e.g. a -dtb that names the HVC conduit QEMU uses anyway).
run_image() {
    local which="$1" elf="$2" out="$3" rc=0
    if [ "$which" = qemu ]; then
        # shellcheck disable=SC2086  # word-split on purpose
        timeout -k 5 "$RUN_TIMEOUT" "$QEMU" "${QEMU_MACHINE[@]}" -m 512M -nographic ${RUN_ARGS:-} \
            -semihosting -kernel "$elf" </dev/null >"$out" 2>&1 || rc=$?
    else
        # shellcheck disable=SC2086
        timeout -k 5 "$RUN_TIMEOUT" "$A64EMU" -M mini-virt -m 512M -nographic ${RUN_ARGS:-} \
            ${A64EMU_ARGS:-} -semihosting -kernel "$elf" </dev/null >"$out" 2>&1 || rc=$?
    fi
    sed -i 's/\r$//' "$out"
    return "$rc"
}

# The guest's own lines: drop the emulators' diagnostics ("qemu-system-aarch64: ...",
# "a64emu: ...") so only what the program printed is compared.
guest_lines() { grep -v -E '^(qemu-system-aarch64|a64emu|QEMU [0-9.]+ monitor)' "$1" || true; }

# oracle_failure OUT: one line naming why the oracle did not run the program, from its own
# message ("qemu-system-aarch64: ..."), or its last line when it printed none.
oracle_failure() {
    local msg
    msg=$(grep -m1 '^qemu-system-aarch64:' "$1" || true)
    [ -n "$msg" ] || msg=$(tail -n 1 "$1")
    echo "${msg:-no output}"
}

rc_text() {
    case "$1" in
        124) echo "124 (timed out after ${RUN_TIMEOUT}s)" ;;
        1[3-9][0-9]|2[0-5][0-9]) echo "$1 (killed by signal $(($1 - 128)))" ;;
        *) echo "$1" ;;
    esac
}
