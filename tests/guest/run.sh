#!/usr/bin/env bash
# Runs the bare-metal guest programs under qemu-system-aarch64 (the oracle) and a64emu
# and compares what they print and their exit status; prints TAP.
# Usage: tests/guest/run.sh [--qemu-only] [--build-dir DIR] [--no-build] [PROG...]
#   --qemu-only  run only the oracle (checks the programs themselves; prints timings)
# Env: A64EMU (default build/a64emu), QEMU (the oracle command, default scripts/oracle),
#      RUN_TIMEOUT (seconds per run, default 120 x A64EMU_TIME_SCALE).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
qemu_only=0 build=1 bdir="$GUEST_HERE/build" progs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --qemu-only) qemu_only=1 ;;
        --no-build) build=0 ;;
        --build-dir) bdir="$2"; shift ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) progs+=("$1") ;;
    esac
    shift
done
[ ${#progs[@]} -gt 0 ] || progs=(alu ldst branch sysreg excp smc sort hash interp chase crc lz mmu mmulevels psci psci_reset smp)
if [ "$build" = 1 ]; then
    "$GUEST_HERE/build.sh" "$bdir" "${progs[@]}" || { echo "Bail out! build failed"; exit 1; }
fi
if [ "$qemu_only" = 0 ] && [ ! -x "$A64EMU" ]; then
    echo "# warning: A64EMU=$A64EMU is not executable"
fi
echo "1..${#progs[@]}"
n=0 failed=0
for p in "${progs[@]}"; do
    n=$((n + 1))
    elf="$bdir/$p.elf" q="$bdir/$p.qemu.out" a="$bdir/$p.a64emu.out"
    t0=$(date +%s.%N); qrc=0; run_image qemu "$elf" "$q" || qrc=$?; t1=$(date +%s.%N)
    qt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    why=""
    [ "$qrc" -eq 0 ] || why="the oracle (QEMU) exits $(rc_text "$qrc"): $(oracle_failure "$q")"
    if [ -z "$why" ] && [ "$qemu_only" = 0 ]; then
        t0=$(date +%s.%N); arc=0; run_image a64emu "$elf" "$a" || arc=$?; t1=$(date +%s.%N)
        at=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
        if ! diff <(guest_lines "$q") <(guest_lines "$a") >"$bdir/$p.diff"; then
            why="output differs from QEMU's"
        elif [ "$arc" -ne "$qrc" ]; then
            why="exit status $(rc_text "$arc"), QEMU's $qrc"
        fi
    fi
    if [ -z "$why" ]; then
        if [ "$qemu_only" = 1 ]; then
            echo "ok $n - $p # qemu ${qt}s: $(grep -m1 -E ': (PASS|FAIL)' "$q")"
        else
            echo "ok $n - $p # qemu ${qt}s, a64emu ${at}s"
        fi
    else
        failed=$((failed + 1))
        echo "not ok $n - $p: $why"
        if [ -s "$bdir/$p.diff" ] && [ "$why" = "output differs from QEMU's" ]; then
            echo "# diff (< qemu, > a64emu), first 30 lines; exit status qemu $qrc, a64emu $(rc_text "$arc"):"
            head -n 30 "$bdir/$p.diff" | sed 's/^/#   /'
        fi
    fi
done
echo "# $((n - failed)) of $n guest programs passed"
[ "$failed" -eq 0 ]
