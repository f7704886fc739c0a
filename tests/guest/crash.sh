#!/usr/bin/env bash
# Crash-resistance test: runs the fuzz program (pages of pseudo-random instruction words at
# EL0, every exception skipped) under a64emu for up to --time seconds. Passes when the
# process ends normally (exit 0) or is still alive at the limit (then it is killed);
# fails on death by a signal, a core file, or an unexpected status.
# With --prog mmufuzz, the host-survival test of the MMU and the system registers instead
# (tests/guest/mmufuzz.c: random page tables, TTBR/TCR/MAIR/SCTLR, MSR/MRS/SYS of random
# encodings, accesses through it all, at EL1): it has a fixed number of rounds, so it must
# end, with "mmufuzz: done", within --time (default 60 s): still running is a hang, a failure.
# Usage: tests/guest/crash.sh [--prog fuzz|mmufuzz] [--seed S] [--rounds N] [--time SECONDS] [--qemu]
#   --rounds N  mmufuzz rounds of 200 operations (default 150, ~5 s)
#   --qemu  run the program under qemu-system-aarch64 instead (a check of the program).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seed=0x5eed limit="" which=a64emu prog=fuzz rounds=150
while [ $# -gt 0 ]; do
    case "$1" in
        --seed) seed="$2"; shift ;;
        --time) limit="$2"; shift ;;
        --prog) prog="$2"; shift ;;
        --rounds) rounds="$2"; shift ;;
        --qemu) which=qemu ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "crash.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
work="$(mktemp -d /tmp/a64emu-crash.XXXXXX)"
trap 'rm -rf "$work"' EXIT
case "$prog" in
    fuzz) flags="-DFUZZ_SEED=$seed" limit="${limit:-10}" ;;
    mmufuzz) flags="-DMMUFUZZ_SEED=$seed -DMMUFUZZ_ROUNDS=$rounds" limit="${limit:-60}" ;;
    *) echo "crash.sh: unknown program $prog" >&2; exit 2 ;;
esac
EXTRA_CFLAGS="$flags" "$GUEST_HERE/build.sh" "$work" "$prog" || { echo "not ok - $prog build failed"; exit 1; }
cd "$work" || exit 1
ulimit -c unlimited 2>/dev/null
rc=0
RUN_TIMEOUT="$limit" run_image "$which" "$work/$prog.elf" "$work/out" || rc=$?
grep "^$prog:" "$work/out" | sed 's/^/# /'
if compgen -G "$work/core*" >/dev/null; then
    echo "not ok - $which seed $seed: left a core file"; exit 1
fi
if [ "$prog" = mmufuzz ] && [ "$rc" -eq 0 ] && ! grep -q '^mmufuzz: done' "$work/out"; then
    rc=1                                # exited early: the program lost control
elif [ "$prog" = mmufuzz ] && [ "$rc" -eq 124 ]; then
    echo "not ok - $which $prog seed $seed: still running after ${limit}s (a hang)"
    tail -n 5 "$work/out" | sed 's/^/#   /'
    exit 1
fi
case "$rc" in
    0) echo "ok - $which survived seed $seed (program finished)" ;;
    124) echo "ok - $which survived seed $seed (still running after ${limit}s, killed)" ;;
    *) echo "not ok - $which seed $seed: exit status $(rc_text "$rc")"
       tail -n 20 "$work/out" | sed 's/^/#   /'
       exit 1 ;;
esac
