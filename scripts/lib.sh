# Shared helpers for scripts/test, scripts/demo and scripts/fetch-guest (sourced, not run).
# Keeps the dependency list and the build steps in one place.

A64EMU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian 12 packages needed to build a64emu and run every test suite.
A64EMU_DEPS=(meson ninja-build pkg-config libglib2.0-dev libfdt-dev libcapstone-dev
             zlib1g-dev gcc-aarch64-linux-gnu qemu-system-arm gdb-multiarch
             device-tree-compiler cpio file tmux bsdutils gcc libc6-dev procps python3
             libmpfr-dev e2fsprogs time u-boot-qemu u-boot-tools)
# libmpfr-dev: test-fpu's reference only (a64emu does not link it); e2fsprogs, time: the
# Linux tests' ext4 initrd and scripts/bench's peak RSS; u-boot-qemu, u-boot-tools:
# t-firmware.sh boots Debian's U-Boot (/usr/lib/u-boot/qemu_arm64/u-boot.bin) from flash
# and wraps a guest program into a uImage with mkimage

a64emu_log() { printf '==> %s\n' "$*" >&2; }

a64emu_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "error: need root (or sudo) to run: $*" >&2; return 1
    fi
}

# Install whatever of A64EMU_DEPS is missing; apt-get update only if something is.
a64emu_install_deps() {
    local missing=() p
    for p in "${A64EMU_DEPS[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        a64emu_log "build dependencies present"
        return 0
    fi
    a64emu_log "installing: ${missing[*]}"
    a64emu_as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive a64emu_as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configure (or reconfigure) and build into $1 (default build/); further arguments of the
# form -DOPTION=VALUE go to meson setup (-Db_sanitize=address,undefined), the others to
# ninja (targets, -k 0).
a64emu_build() {
    local dir="${1:-$A64EMU_ROOT/build}"
    shift || true
    local meson_opts=() ninja_args=() a
    for a in "$@"; do
        case "$a" in
            -D?*) meson_opts+=("$a") ;;
            *) ninja_args+=("$a") ;;
        esac
    done
    cd "$A64EMU_ROOT" || return 1
    local out
    if [ -f "$dir/build.ninja" ]; then
        out=$(meson setup --reconfigure "$dir" "${meson_opts[@]}" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
    else
        out=$(meson setup "$dir" "${meson_opts[@]}" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
    fi
    a64emu_log "building in $dir"
    ninja -C "$dir" "${ninja_args[@]}"
}
