# fw_cfg (QEMU's firmware configuration device, issue 13): its device tree node and memory
# map against QEMU's virt, Debian's U-Boot's `qfw` commands against the same U-Boot under
# QEMU, and Linux booted by U-Boot's default boot command from -kernel/-initrd/-append
# passed through fw_cfg. The guest program tests/guest/fwcfg.c (t-bare.sh) checks the
# registers, the directory and DMA against QEMU.

. "$(dirname "${BASH_SOURCE[0]}")/t-linux.sh"

UBOOT=/usr/lib/u-boot/qemu_arm64/u-boot.bin
# The files QEMU's virt has and mini-virt has not (docs/testing.md): ACPI, SMBIOS, the TPM log.
QEMU_ONLY_FILES='^(etc/acpi/(rsdp|tables)|etc/smbios/smbios-(anchor|tables)|etc/table-loader|etc/tpm/log) *$'

need_uboot() {
    [ -s "$UBOOT" ] && return 0
    fail "$UBOOT is missing: apt-get install u-boot-qemu (it is in scripts/lib.sh's A64EMU_DEPS)"
    return 1
}

test_fwcfg_dtb_node_as_qemu() {
    emu -M mini-virt,dumpdtb=emu.dtb
    check_rc 0 || return 1
    LAST_CMD="scripts/oracle -M virt,dumpdtb=qemu.dtb -display none"
    "$A64EMU_ROOT/scripts/oracle" -M virt,dumpdtb=qemu.dtb -display none >qemu.out 2>&1 ||
        { fail "QEMU did not dump its DTB"; show QEMU qemu.out; return 1; }
    dtb_to_dts emu.dtb emu.dts || return 1
    dtb_to_dts qemu.dtb qemu.dts || return 1
    dts_node emu.dts fw-cfg@9020000 >emu.node
    dts_node qemu.dts fw-cfg@9020000 >qemu.node
    [ -s qemu.node ] || { fail "QEMU's tree has no fw-cfg@9020000"; return 1; }
    cat emu.node
    diff -u qemu.node emu.node >node.diff || { fail "fw-cfg@9020000 differs from QEMU's"; show diff node.diff; }
}

test_fwcfg_mtree_as_qemu() {
    printf 'info mtree\ninfo qtree\nquit\n' >cmds
    emu_stdin cmds -M mini-virt -S -display none -serial null -monitor stdio
    check_rc 0 || return 1
    "$A64EMU_ROOT/scripts/oracle" -M virt -S -display none -serial null -monitor stdio <cmds >qemu.out 2>&1
    sed -i 's/\r$//' out qemu.out
    grep -m3 'fwcfg\.' out >emu.mtree
    grep -m3 'fwcfg\.' qemu.out >qemu.mtree
    cat emu.mtree
    [ "$(grep -c '' qemu.mtree)" -eq 3 ] || { fail "QEMU's info mtree has no fwcfg regions"; show QEMU qemu.out; return 1; }
    diff -u qemu.mtree emu.mtree >mtree.diff || { fail "fw_cfg's regions differ from QEMU's"; show diff mtree.diff; }
    # info qtree: the device and the properties QEMU also has, with the same values.
    check_match out '^  fw_cfg: fw_cfg_mem$' "info qtree"
    check_match out '^    dma_enabled = true$' "info qtree"
    check_match out '^    x-file-slots = 32$' "info qtree"
}

# uboot_session WHO OUT ARGS...: Debian's U-Boot under a64emu (EMU) or QEMU (QEMU) with
# ARGS: stop its autoboot, type each of UBOOT_CMDS once the prompt is back, then stop it.
# The serial output from the first prompt on goes to OUT.
uboot_session() {
    local who="$1" o="$2" bin="$A64EMU" c n=1; shift 2
    [ "$who" = EMU ] || bin="$A64EMU_ROOT/scripts/oracle"
    A64EMU="$bin" boot_guest 'Hit any key to stop autoboot' "$(limit 30)" -nographic -bios "$UBOOT" "$@"
    printf '\n' >&3
    wait_out '^=> ' 1 "$(limit 30)" || fail "$who: no U-Boot prompt"
    for c in "${UBOOT_CMDS[@]}"; do
        printf '%s\n' "$c" >&3
        n=$((n + 1))
        wait_out '^=> ' "$n" "$(limit 60)" || { fail "$who: no prompt after '$c'"; break; }
    done
    kill -TERM "$BOOT_PID" 2>/dev/null
    boot_guest_end
    # From the first prompt to the last answer (the last, empty prompt dropped).
    sed -n '/^=> /,$p' out | sed '$ { /^=> *$/d }' >"$o"
    mv out "$o.full"
}

# qfw list, qfw cpus and qfw load with a gzipped kernel (fw_cfg gives it gunzipped) and a
# gzipped initrd (given as it is), the command line in bootargs, the loaded bytes (md and
# a CRC of the whole kernel), under a64emu and under QEMU: the same answers, but for the
# files only QEMU has.
test_fwcfg_uboot_qfw_vs_qemu() {
    need_uboot || return 1
    head -c 300000 /dev/urandom >kernel.raw
    gzip -9 -c kernel.raw >kernel.gz
    printf 'an initrd, gzipped: passed as it is\n' | gzip -c >initrd.gz
    local ksize; ksize=$(stat -c %s kernel.raw)
    UBOOT_CMDS=('qfw list' 'qfw cpus' 'qfw load ${kernel_addr_r} ${ramdisk_addr_r}'
                'printenv bootargs' 'md.b ${kernel_addr_r} 0x20'
                "crc32 \${kernel_addr_r} $(printf '%x' "$ksize")" 'md.b ${ramdisk_addr_r} 0x30')
    local args=(-M virt -m 1G -smp 2 -kernel kernel.gz -initrd initrd.gz -append "console=ttyAMA0 x=1")
    uboot_session EMU emu.log "${args[@]}"
    uboot_session QEMU qemu.log "${args[@]}"
    [ "$FAILED" -eq 0 ] || { show a64emu emu.log.full; show QEMU qemu.log.full; return 1; }
    grep -Ev "$QEMU_ONLY_FILES" qemu.log >qemu.cmp
    cat emu.log
    diff -u qemu.cmp emu.log >qfw.diff || { fail "U-Boot's qfw answers differ from QEMU's"; show "diff (QEMU, a64emu)" qfw.diff; }
    check_match emu.log "^loading kernel to address 0000000040400000 size $(printf '%x' "$ksize") initrd 0000000044000000 size $(printf '%x' "$(stat -c %s initrd.gz)")\$" "qfw load"
    check_match emu.log '^bootargs=console=ttyAMA0 x=1$' "printenv bootargs"
    check_match emu.log '^2 cpu\(s\) online$' "qfw cpus"
    local crc; crc=$(gzip -c kernel.raw | tail -c 8 | od -An -tx4 -N4 | tr -d ' ')
    check_match emu.log "==> $crc\$" "crc32 of the loaded kernel (the file's is $crc)"
}

# U-Boot's default boot command (distro boot: qfw first) loads -kernel/-initrd from fw_cfg
# and boots Linux with -append: the busybox shell, then poweroff -f ends a64emu with 0.
test_fwcfg_uboot_boots_linux() {
    need_uboot || return 1
    need_guest || return 1
    local k="$A64EMU_GUEST_DIR/Image" r="$A64EMU_GUEST_DIR/initrd.cpio.gz"
    boot_guest "$BANNER" "$(limit 90)" -M mini-virt -m 1G -nographic -bios "$UBOOT" \
        -kernel "$k" -initrd "$r" -append "$LINUX_APPEND"
    if ! grep -q "$BANNER" out; then boot_guest_end; linux_boot_fail "no shell through U-Boot"; return 1; fi
    echo "shell through U-Boot after ~${BOOT_T}s"
    sleep 1
    type_cmd 'echo "M=$(uname -m) C=$(cat /proc/cmdline)"' 'poweroff -f'
    wait_out 'reboot: Power down' 1 "$(limit 30)"
    sleep 1; kill -TERM "$BOOT_PID" 2>/dev/null
    boot_guest_end
    check_match out "^loading kernel to address 0000000040400000 size $(printf '%x' "$(stat -c %s "$k")") initrd 0000000044000000 size $(printf '%x' "$(stat -c %s "$r")")\$" "U-Boot's qfw load"
    check_has out 'Starting kernel ...' "U-Boot's booti"
    check_match out "^M=aarch64 C=$LINUX_APPEND\$" "uname -m and /proc/cmdline at the shell"
    check_kernel_log_clean out
    check_has out 'reboot: Power down' "the serial output (poweroff -f)"
    [ "$RC" -eq 0 ] || linux_boot_fail "poweroff -f: expected exit status 0, got $RC"
}

test_fwcfg_err_kernel_files() {
    need_uboot || return 1
    emu -M mini-virt -bios "$UBOOT" -kernel missing.img
    check_error_exit missing.img
    printf 'k' >k.img
    emu -M mini-virt -bios "$UBOOT" -kernel k.img -initrd missing-rd.img
    check_error_exit missing-rd.img
}
