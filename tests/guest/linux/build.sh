#!/usr/bin/env bash
# Builds the ptrace test's initramfs: tests/guest/linux/build.sh BASE.cpio.gz OUT.cpio.gz
# ptstep (a freestanding static Linux program, ptstep.c + ptstep.S) and this folder's
# init, appended as a second archive to BASE (the demo initramfs of scripts/fetch-guest,
# whose busybox it uses): the kernel unpacks both, the later /init replacing the first.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE="$1" OUT="$2"
CC="${CROSS_COMPILE:-aarch64-linux-gnu-}gcc"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/root/bin"
"$CC" -O2 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector \
    -mgeneral-regs-only -Wall -Wextra -Wl,--build-id=none \
    "$HERE/ptstep.c" "$HERE/ptstep.S" -o "$TMP/root/bin/ptstep"
install -m 755 "$HERE/init" "$TMP/root/init"
(cd "$TMP/root" && printf 'init\nbin\nbin/ptstep\n' | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9n >"$TMP/extra.cpio.gz"
cat "$BASE" "$TMP/extra.cpio.gz" >"$OUT"
