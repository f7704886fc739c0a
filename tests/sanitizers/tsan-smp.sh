#!/usr/bin/env bash
# The ThreadSanitizer pass's workload (scripts/test runs it through tests/sanitizers/run
# against the -Db_sanitize=thread build): the SMP stress program (tests/guest/smp.c: LL/SC
# counters, a ticket lock, Dekker with DMB) on 2, 4 and 8 vCPUs, and Debian's kernel on two
# vCPUs booted to the busybox shell and powered off from it. TAP on stdout.
# Env: A64EMU (default build-tsan/a64emu), A64EMU_GUEST_DIR (default <repo>/guest),
# A64EMU_TIME_SCALE (multiplies the time limits).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EMU="${A64EMU:-$ROOT/build-tsan/a64emu}"
GUEST="${A64EMU_GUEST_DIR:-$ROOT/guest}"
SCALE="${A64EMU_TIME_SCALE:-1}"
work="$(mktemp -d /tmp/a64emu-tsan.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "1..4"
n=0
if ! "$ROOT/tests/guest/build.sh" "$work" smp >"$work/build.log" 2>&1; then
    sed 's/^/# /' "$work/build.log"
fi
for cpus in 2 4 8; do
    n=$((n + 1))
    rc=0
    timeout -k 5 $((120 * SCALE)) "$EMU" -M mini-virt -m 512M -nographic -smp "$cpus" \
        -semihosting -kernel "$work/smp.elf" </dev/null >"$work/smp$cpus.out" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ] && grep -q '^smp: PASS' "$work/smp$cpus.out"; then
        echo "ok $n - smp stress on $cpus vCPUs"
    else
        echo "not ok $n - smp stress on $cpus vCPUs (exit status $rc)"
        tail -n 20 "$work/smp$cpus.out" | sed 's/^/# /'
    fi
done

# Linux: wait for the shell's prompt, then power off from it (the console is stdin).
n=$((n + 1))
if [ ! -s "$GUEST/Image" ] || [ ! -s "$GUEST/initrd.cpio.gz" ]; then
    echo "not ok $n - linux -smp 2 to the shell: $GUEST/Image or initrd.cpio.gz is missing (scripts/fetch-guest)"
    exit 0
fi
mkfifo "$work/in"
out="$work/linux.out"
( rc=0; timeout -k 5 $((240 * SCALE)) "$EMU" -M mini-virt -m 1G -smp 2 -nographic -no-reboot \
    -kernel "$GUEST/Image" -initrd "$GUEST/initrd.cpio.gz" -append "console=ttyAMA0 panic=-1" \
    <"$work/in" >"$out" 2>&1 || rc=$?; echo "$rc" >"$work/rc" ) &
pid=$!
exec 7>"$work/in"
for _ in $(seq 1 $((2400 * SCALE))); do
    grep -q '^/ # ' "$out" 2>/dev/null && break
    [ -e "$work/rc" ] && break
    sleep 0.1
done
printf 'poweroff -f\n' >&7
exec 7>&-
wait "$pid"
rc=$(cat "$work/rc" 2>/dev/null || echo none)
if [ "$rc" = 0 ] && grep -q '^/ # ' "$out" && grep -q 'reboot: Power down' "$out"; then
    echo "ok $n - linux -smp 2 to the shell and powered off"
else
    echo "not ok $n - linux -smp 2 to the shell and powered off (exit status $rc)"
    tail -n 30 "$out" | sed 's/^/# /'
fi
