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

# run_image WHICH ELF OUT: WHICH is qemu or a64emu; stdout+stderr (QEMU writes semihosting
# output to stderr) go to OUT with CRs removed; returns the emulator's exit status
# (124: timed out).
run_image() {
    local which="$1" elf="$2" out="$3" rc=0 extra=() args
    # PROG.oracle beside PROG.c: more QEMU flags for that program (one line), e.g. the
    # GICv3 (-M virt,gic-version=3) where it reads the redistributor.
    args="$GUEST_HERE/$(basename "$elf" .elf).oracle"
    # shellcheck disable=SC2207  # the file holds flags, split on blanks
    [ -f "$args" ] && extra=($(cat "$args"))
    if [ "$which" = qemu ]; then
        timeout -k 5 "$RUN_TIMEOUT" "$QEMU" -m 512M -nographic \
            -semihosting "${extra[@]}" -kernel "$elf" </dev/null >"$out" 2>&1 || rc=$?
    else
        timeout -k 5 "$RUN_TIMEOUT" "$A64EMU" -M mini-virt -m 512M -nographic \
            -semihosting -kernel "$elf" </dev/null >"$out" 2>&1 || rc=$?
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
