#!/usr/bin/env bash
# Crash-resistance test: runs the fuzz program (pages of pseudo-random instruction words at
# EL0, every exception skipped) under a64emu for up to --time seconds. Passes when the
# process ends normally (exit 0) or is still alive at the limit (then it is killed);
# fails on death by a signal, a core file, or an unexpected status.
# Usage: tests/guest/crash.sh [--seed S] [--time SECONDS] [--qemu]
#   --qemu  run the program under qemu-system-aarch64 instead (a check of the program).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seed=0x5eed limit=10 which=a64emu
while [ $# -gt 0 ]; do
    case "$1" in
        --seed) seed="$2"; shift ;;
        --time) limit="$2"; shift ;;
        --qemu) which=qemu ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "crash.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
work="$(mktemp -d /tmp/a64emu-crash.XXXXXX)"
trap 'rm -rf "$work"' EXIT
EXTRA_CFLAGS="-DFUZZ_SEED=$seed" "$GUEST_HERE/build.sh" "$work" fuzz || { echo "not ok - fuzz build failed"; exit 1; }
cd "$work" || exit 1
ulimit -c unlimited 2>/dev/null
rc=0
RUN_TIMEOUT="$limit" run_image "$which" "$work/fuzz.elf" "$work/out" || rc=$?
grep '^fuzz:' "$work/out" | sed 's/^/# /'
if compgen -G "$work/core*" >/dev/null; then
    echo "not ok - $which seed $seed: left a core file"; exit 1
fi
case "$rc" in
    0) echo "ok - $which survived seed $seed (program finished)" ;;
    124) echo "ok - $which survived seed $seed (still running after ${limit}s, killed)" ;;
    *) echo "not ok - $which seed $seed: exit status $(rc_text "$rc")"
       tail -n 20 "$work/out" | sed 's/^/#   /'
       exit 1 ;;
esac
