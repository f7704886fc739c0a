#!/usr/bin/env bash
# Random differential test: for each seed, tests/diff/gen writes a program of random valid
# instructions (tests/diff/gen.c), which runs under qemu-system-aarch64 and a64emu; the
# final x0-x30, NZCV, V0-V31, FPSR, FPCR, the count of UNDEFINED words and the
# scratch-memory hash must match. Prints TAP, one line per seed;
# a mismatch prints "seed S: mismatch" and the differing registers.
# Usage: tests/diff/run.sh [--seeds N] [--len L] [--seed S] [--first S] [--groups G] [--long] [--keep]
#   default: 30 seeds (1..30) x 300 instructions (the CI mode)
#   --seed S   run only seed S        --first S  first seed of the run (default 1)
#   --long     1000 instructions per program, seeds until interrupted (or --seeds N)
#   --groups G comma list of imm,reg,bit,mem,br,fp,simd (default all)
#   --keep     keep the work directory (programs, ELFs, outputs)
#   --mmu      run with the MMU on: RAM identity-mapped in 4 KiB pages, the scratch pages
#              mapped again at a random VA that x28 points into half of the time
# Env: A64EMU (default build/a64emu; tests/guest/qemu-as-a64emu self-tests the harness),
#      QEMU (the oracle command, default scripts/oracle), RUN_TIMEOUT (seconds per run,
#      default 120 x A64EMU_TIME_SCALE).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../guest/lib.sh"
seeds=30 len=300 first=1 groups="imm,reg,bit,mem,br,fp,simd" long=0 keep=0 mmu=0 one="" seeds_given=0 len_given=0
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds) seeds="$2"; seeds_given=1; shift ;;
        --len) len="$2"; len_given=1; shift ;;
        --seed) one="$2"; shift ;;
        --first) first="$2"; shift ;;
        --groups) groups="$2"; shift ;;
        --long) long=1 ;;
        --mmu) mmu=1 ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "diff/run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ "$long" = 1 ] && [ "$len_given" = 0 ] && len=1000
forever=0
[ "$long" = 1 ] && [ "$seeds_given" = 0 ] && [ -z "$one" ] && forever=1
work="$(mktemp -d /tmp/a64emu-diff.XXXXXX)"
[ "$keep" = 1 ] && echo "# work directory: $work" || trap 'rm -rf "$work"' EXIT

# Host generator and the guest runtime, built once.
gcc -std=gnu11 -O2 -Wall -Wextra -I"$HERE/../guest" "$HERE/gen.c" -o "$work/gen" || { echo "Bail out! gen.c does not build"; exit 1; }
G="$GUEST_HERE"
CC="${CROSS_COMPILE:-aarch64-linux-gnu-}gcc"
CFLAGS=(-O2 -std=gnu11 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector
        -fno-asynchronous-unwind-tables -mgeneral-regs-only -mstrict-align -march=armv8-a+crc
        -I"$G")
for s in "$G/crt0.S" "$G/semihosting.c" "$HERE/diff-main.c"; do
    "$CC" "${CFLAGS[@]}" $([ "$mmu" = 1 ] && echo -DDIFF_MMU) -c "$s" -o "$work/$(basename "${s%.*}").o" ||
        { echo "Bail out! runtime build failed"; exit 1; }
done
gen_groups="$groups$([ "$mmu" = 1 ] && echo ,mmu)"

if [ -n "$one" ]; then
    list() { echo "$one"; }
elif [ "$forever" = 1 ]; then
    list() { local s=$first; while :; do echo "$s"; s=$((s + 1)); done; }   # until interrupted
else
    list() { seq "$first" $((first + seeds - 1)); }
fi
[ "$forever" = 1 ] || echo "1..$([ -n "$one" ] && echo 1 || echo "$seeds")"
echo "# len $len, groups $gen_groups, A64EMU=$A64EMU"
n=0 failed=0
finish() {
    echo "# $((n - failed)) of $n seeds matched"
    [ "$forever" = 1 ] && echo "1..$n"
    [ "$failed" -eq 0 ]; exit $?
}
trap 'finish' INT TERM
while read -r seed; do
    n=$((n + 1))
    d="$work/$seed"
    mkdir -p "$d"
    if ! "$work/gen" "$seed" "$len" "$gen_groups" >"$d/prog.S" 2>"$d/gen.err" ||
       ! "$CC" "${CFLAGS[@]}" -T "$G/link.ld" -Wl,--no-warn-rwx-segments "$work/crt0.o" \
            "$work/semihosting.o" "$work/diff-main.o" "$d/prog.S" -o "$d/prog.elf" 2>"$d/build.err"; then
        failed=$((failed + 1))
        echo "not ok $n - seed $seed: the generated program does not build"
        cat "$d/gen.err" "$d/build.err" | head -n 10 | sed 's/^/#   /'
        continue
    fi
    qrc=0; run_image qemu "$d/prog.elf" "$d/qemu.out" || qrc=$?
    arc=0; run_image a64emu "$d/prog.elf" "$d/a64emu.out" || arc=$?
    if [ "$qrc" -ne 0 ] || ! grep -q '^mem ' "$d/qemu.out"; then
        failed=$((failed + 1))
        echo "not ok $n - seed $seed: the oracle failed (exit $(rc_text "$qrc")): $(oracle_failure "$d/qemu.out")"
    elif [ "$arc" -ne 0 ] || ! diff -q <(guest_lines "$d/qemu.out") <(guest_lines "$d/a64emu.out") >/dev/null; then
        failed=$((failed + 1))
        echo "not ok $n - seed $seed: mismatch"
        echo "seed $seed: mismatch (a64emu exit $(rc_text "$arc")); rerun: tests/diff/run.sh --seed $seed --len $len --groups $groups$([ "$mmu" = 1 ] && echo " --mmu") --keep"
        join -a1 -a2 -e '<missing>' -o 0,1.2,2.2 <(guest_lines "$d/qemu.out" | grep -E '^(x[0-9]+|v[0-9]+|nzcv|fpsr|fpcr|undef|mem) ' | sort) \
             <(guest_lines "$d/a64emu.out" | grep -E '^(x[0-9]+|v[0-9]+|nzcv|fpsr|fpcr|undef|mem) ' | sort) |
            awk '$2 != $3 { printf "#   %-5s qemu %s  a64emu %s\n", $1, $2, $3 }' | sort -V
        [ "$arc" -ne 0 ] && tail -n 5 "$d/a64emu.out" | sed 's/^/#   a64emu: /'
    else
        echo "ok $n - seed $seed"
    fi
done < <(list)
finish
