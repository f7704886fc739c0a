#!/usr/bin/env bash
# Builds the bare-metal guest programs: tests/guest/build.sh [OUTDIR] [PROG...]
# (default OUTDIR tests/guest/build). Each PROG.c (plus PROG.S when present) is linked with
# the runtime (crt0.S, semihosting.c; with RT_MMU=1 also rt-mmu.c) at 0x40080000; the build fails if any FP/SIMD
# instruction appears in an image (a64emu does not implement FP/SIMD yet).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/build}"
[ $# -gt 0 ] && shift
PROGS=("$@")
[ ${#PROGS[@]} -gt 0 ] || PROGS=(alu ldst branch sysreg excp smc sort hash interp chase crc lz fuzz gdbtarget mmu mmulevels psci psci_reset smp)
CC="${CROSS_COMPILE:-aarch64-linux-gnu-}gcc"
OBJDUMP="${CROSS_COMPILE:-aarch64-linux-gnu-}objdump"
# -mstrict-align: with the MMU off every data access is Device memory, where an unaligned
# access is an alignment fault architecturally; the programs only make the unaligned
# accesses they mean to test. -mgeneral-regs-only keeps FP/SIMD out of compiled code.
CFLAGS=(-O2 -g0 -std=gnu11 -Wall -Wextra -ffreestanding -nostdlib -static -fno-pic -no-pie
        -fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only -mstrict-align
        -march=armv8-a+crc -I"$HERE" -T "$HERE/link.ld" -Wl,--build-id=none -Wl,-z,norelro
        -Wl,--no-warn-rwx-segments)
mkdir -p "$OUT"
for p in "${PROGS[@]}"; do
    srcs=("$HERE/crt0.S" "$HERE/semihosting.c" "$HERE/$p.c")
    [ -f "$HERE/$p.S" ] && srcs+=("$HERE/$p.S")
    # RT_MMU=1: run with the MMU on (an identity map in 4 KiB pages, tests/guest/rt-mmu.c).
    [ "${RT_MMU:-0}" = 1 ] && srcs+=("$HERE/rt-mmu.c")
    # shellcheck disable=SC2086  # EXTRA_CFLAGS: e.g. -DFUZZ_SEED=0x1234
    "$CC" "${CFLAGS[@]}" ${EXTRA_CFLAGS:-} "${srcs[@]}" -o "$OUT/$p.elf"
    # FP/SIMD registers (v/q/d/s/h/b + number) in any operand, or an FP mnemonic.
    if "$OBJDUMP" -d "$OUT/$p.elf" | awk -F'\t' 'NF >= 3 { print $3 " " $4 }' |
            grep -E '(^|[ ,{\[])[vqdshb]([0-9]|[12][0-9]|3[01])(\.|[ ,}\]]|$)|^f[a-z]+ |^(fpcr|fpsr)' >"$OUT/$p.fp"; then
        echo "build.sh: $p.elf contains FP/SIMD instructions:" >&2
        head -n 5 "$OUT/$p.fp" >&2
        exit 1
    fi
    rm -f "$OUT/$p.fp"
done
