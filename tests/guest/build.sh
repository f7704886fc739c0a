#!/usr/bin/env bash
# Builds the bare-metal guest programs: tests/guest/build.sh [OUTDIR] [PROG...]
# (default OUTDIR tests/guest/build). Each PROG.c (plus PROG.S when present) is linked with
# the runtime (crt0.S, semihosting.c; with RT_MMU=1 also rt-mmu.c) at 0x40080000; the build fails if any FP/SIMD
# instruction appears in an image except in the GUEST_FP_PROGS (programs.sh), which test FP/SIMD themselves.
# The GUEST_FP_C_PROGS (the FP/SIMD workloads) compile their own PROG.c with FP/SIMD and the
# crypto extension allowed (the runtime stays integer-only). PROG-small is PROG.c built with
# -DBENCH_SMALL (bench.h: a workload at a size cheap enough for every test run).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/build}"
[ $# -gt 0 ] && shift
PROGS=("$@")
. "$HERE/programs.sh"
[ ${#PROGS[@]} -gt 0 ] || PROGS=("${GUEST_PROGS[@]}" "${GUEST_BUILD_ONLY[@]}")
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
    base="$p" defs=()
    if [[ "$p" == *-small ]]; then base="${p%-small}" defs=(-DBENCH_SMALL); fi
    srcs=("$HERE/crt0.S" "$HERE/semihosting.c")
    if [[ "$GUEST_FP_C_PROGS" == *" $base "* ]]; then
        # The same flags but FP/SIMD and crypto allowed; main() itself stays general-regs-only
        # (it enables CPACR_EL1.FPEN before calling the FP code).
        fpflags=()
        for f in "${CFLAGS[@]}"; do
            case "$f" in -mgeneral-regs-only) ;; -march=*) fpflags+=("$f+crypto") ;; *) fpflags+=("$f") ;; esac
        done
        # shellcheck disable=SC2086
        "$CC" "${fpflags[@]}" ${EXTRA_CFLAGS:-} "${defs[@]}" -c "$HERE/$base.c" -o "$OUT/$p.o"
        srcs+=("$OUT/$p.o")
    else
        srcs+=("$HERE/$base.c")
    fi
    [ -f "$HERE/$base.S" ] && srcs+=("$HERE/$base.S")
    # RT_MMU=1: run with the MMU on (an identity map in 4 KiB pages, tests/guest/rt-mmu.c).
    [ "${RT_MMU:-0}" = 1 ] && srcs+=("$HERE/rt-mmu.c")
    # shellcheck disable=SC2086  # EXTRA_CFLAGS: e.g. -DFUZZ_SEED=0x1234
    "$CC" "${CFLAGS[@]}" ${EXTRA_CFLAGS:-} "${defs[@]}" "${srcs[@]}" -o "$OUT/$p.elf"
    # FP/SIMD registers (v/q/d/s/h/b + number) in any operand, or an FP mnemonic.
    if [[ "$GUEST_FP_PROGS" != *" $base "* ]] && "$OBJDUMP" -d "$OUT/$p.elf" | awk -F'\t' 'NF >= 3 { print $3 " " $4 }' |
            grep -E '(^|[ ,{\[])[vqdshb]([0-9]|[12][0-9]|3[01])(\.|[ ,}\]]|$)|^f[a-z]+ |^(fpcr|fpsr)' >"$OUT/$p.fp"; then
        echo "build.sh: $p.elf contains FP/SIMD instructions:" >&2
        head -n 5 "$OUT/$p.fp" >&2
        exit 1
    fi
    rm -f "$OUT/$p.fp"
done
