# Firmware boot (issue 13): Debian's U-Boot (u-boot-qemu) run from flash bank 0 with
# -bios, driven through its console as a user would, beside qemu-system-aarch64 with the
# same flags (scripts/oracle); saveenv into a flash drive kept across a restart; the seeds'
# flash image (a uImage and a DTB in bank 1, `bootm 0x04000000 - 0x06000000`); `info roms`
# and `info mtree` in firmware mode. The transcripts are compared line for line after
# the differences listed in uboot_normalize (each one explained there).

UBOOT=/usr/lib/u-boot/qemu_arm64/u-boot.bin

need_uboot() {
    [ -s "$UBOOT" ] || { fail "$UBOOT is missing: install u-boot-qemu (scripts/lib.sh's A64EMU_DEPS)"; return 1; }
    command -v mkimage >/dev/null || { fail "mkimage is missing: install u-boot-tools"; return 1; }
}

# uboot_session OUT CMDS EMULATOR ARGS...: start EMULATOR ARGS (its console on a fifo),
# stop the autoboot with a key, type each line of CMDS at the `=>` prompt, each once the
# previous one has its prompt back (or the emulator exited), then Ctrl-a x. OUT gets the
# console with CRs removed; UBOOT_RC the exit status.
uboot_session() {
    local out="$1" cmds="$2" t n pid line
    shift 2
    LAST_CMD="$*"
    rm -f "$out.keys"; mkfifo "$out.keys"
    timeout -k 5 "$(limit 120)" "$@" <"$out.keys" >"$out.raw" 2>"$out.err" &
    pid=$!
    exec 4>"$out.keys"
    uboot_wait() {      # uboot_wait ERE COUNT: until COUNT lines match or the emulator is gone
        t=0
        while [ "$(grep -Eac -- "$1" "$out.raw")" -lt "$2" ] && kill -0 "$pid" 2>/dev/null &&
              [ "$t" -lt "$(limit 300)" ]; do
            sleep 0.2; t=$((t + 1))
        done
    }
    uboot_wait 'Hit any key to stop autoboot' 1
    printf ' ' >&4
    uboot_wait '^=> ' 1
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        n=$(grep -Eac '^=> ' "$out.raw")
        printf '%s\r' "$line" >&4
        uboot_wait '^=> ' $((n + 1))
    done <<<"$cmds"
    kill -0 "$pid" 2>/dev/null && printf '\001x' >&4
    exec 4>&-
    UBOOT_RC=0
    wait "$pid" || UBOOT_RC=$?
    tr -d '\r' <"$out.raw" >"$out"
    rm -f "$out.keys"
}

# What legitimately differs between QEMU's virt and mini-virt under the same U-Boot:
#  - "Core: N devices, M uclasses": QEMU's tree has devices mini-virt has not (virtio-mmio
#    x32, PCIe, pl031, pl061...), so U-Boot binds more drivers;
#  - "Early malloc usage": those drivers' early allocations;
#  - the /chosen seeds: random on each boot in both (only their values differ);
#  - the emulator's own last line ("QEMU: Terminated", "a64emu: terminated");
#  - the autoboot countdown: how many seconds it printed before the key came (timing).
uboot_normalize() {
    sed -E -e 's/^(Core: +)[0-9]+ devices, [0-9]+ uclasses/\1N devices, M uclasses/' \
           -e 's/^(Hit any key to stop autoboot:).*/\1/' \
           -e 's/^(Early malloc usage: )[0-9a-f]+/\1X/' \
           -e 's/^(\t(rng|kaslr)-seed = )<[^>]*>/\1<random>/' \
           -e 's/(QEMU|a64emu): [Tt]erminated$//' "$1"
}

# uboot_compare NAME CMDS ARGS...: the session under QEMU and under a64emu, compared.
uboot_compare() {
    local name="$1" cmds="$2"
    shift 2
    uboot_session "$name.qemu" "$cmds" "$A64EMU_ROOT/scripts/oracle" -m 1G -nographic "$@"
    local qrc=$UBOOT_RC
    uboot_session "$name.a64emu" "$cmds" "$A64EMU" -M mini-virt -m 1G -nographic "$@"
    [ "$qrc" -eq "$UBOOT_RC" ] || fail "$name: exit status $UBOOT_RC, QEMU's $qrc"
    uboot_normalize "$name.qemu" >"$name.qemu.n"
    uboot_normalize "$name.a64emu" >"$name.a64emu.n"
    if ! diff "$name.qemu.n" "$name.a64emu.n" >"$name.diff"; then
        fail "$name: the U-Boot transcript differs from QEMU's (< qemu, > a64emu)"
        show "diff" "$name.diff"
    fi
}

# U-Boot's prompt and its view of the machine: version, bdinfo (DRAM, the relocation
# addresses: they follow the 1 MiB DTB and RAM size, equal to QEMU's), flinfo (bank 0:
# CFI, Intel command set, the IDs, the geometry, the sectors U-Boot's image protects),
# /chosen, bank 0's first words (the firmware), and the CFI query table of bank 1 read
# with mw/md (U-Boot sees the bank as one x16 part: its 16-bit port).
test_firmware_uboot_vs_qemu() {
    need_uboot || return 1
    uboot_compare uboot 'version
bdinfo
flinfo
fdt addr $fdtcontroladdr; fdt print /chosen
md.l 0 0x40
mw.w 0x040000aa 0x0098; md.w 0x04000020 0x60; mw.w 0x04000000 0x00ff
mw.w 0x04000000 0x0090; md.w 0x04000000 4; mw.w 0x04000000 0x00ff' -bios "$UBOOT"
    check_has uboot.a64emu "U-Boot 2023.01" "the banner"
    check_has uboot.a64emu "Flash: 64 MiB"
    check_has uboot.a64emu "Intel Extended command set, Manufacturer ID: 0x89, Device ID: 0x0018"
    check_has uboot.a64emu "04000040: 0051 0051 0052 0052 0059 0059 0001 0001" \
        "the CFI query ('QRY') through md"
    check_has uboot.a64emu "04000000: 0089 0089 0018 0018" "the identifier codes through md"
    check_has uboot.a64emu "=> version" "the prompt"
}

# saveenv into bank 1's file, then a restart with the same file has the variable. (QEMU
# 7.2 fails this saveenv: "Flash buffer write timeout at address 4020000", docs/testing.md.)
test_firmware_saveenv_persists() {
    need_uboot || return 1
    truncate -s 64M flash1.img
    uboot_session s1 'setenv a64emu_test persisted-1234; saveenv' \
        "$A64EMU" -M mini-virt -m 1G -nographic -bios "$UBOOT" \
        -drive if=pflash,format=raw,index=1,file=flash1.img
    check_has s1 "Writing to Flash... done" "saveenv"
    check_has s1 "OK"
    check_lacks s1 "Failed" "saveenv"
    uboot_session s2 'printenv a64emu_test' \
        "$A64EMU" -M mini-virt -m 1G -nographic -bios "$UBOOT" \
        -drive if=pflash,format=raw,index=1,file=flash1.img
    check_has s2 "Loading Environment from Flash... OK" "the environment at the restart"
    check_has s2 "a64emu_test=persisted-1234" "printenv after the restart"
    # The environment sits at the start of bank 1: U-Boot's CRC32, then the variables.
    grep -aq 'a64emu_test=persisted-1234' flash1.img || fail "the variable is not in flash1.img"
    # readonly=on: the erase and program fail in the flash's status, as under QEMU.
    uboot_session s3 'setenv y z; saveenv' "$A64EMU" -M mini-virt -m 1G -nographic \
        -bios "$UBOOT" -drive if=pflash,format=raw,index=1,file=flash1.img,readonly=on
    check_has s3 "Writing to Flash... Flash not Erased" "saveenv to a read-only drive"
    check_has s3 "Failed (2)"
    grep -aq 'a64emu_test=persisted-1234' flash1.img || fail "a read-only drive's file changed"
}

# flash_image IMG UIMAGE DTB: a 64 MiB bank image, the uImage at 0, the DTB at 32 MiB.
flash_image() {
    truncate -s 64M "$1"
    dd if="$2" of="$1" conv=notrunc status=none
    dd if="$3" of="$1" bs=1M seek=32 conv=notrunc status=none
}

# The seeds' image: mkimage wraps a bare-metal program (tests/guest's flash, which prints
# through semihosting and then drives the very flash it was loaded from), mini-virt's DTB
# goes beside it, and `bootm 0x04000000 - 0x06000000` runs it: the same transcript as
# QEMU's, to the program's exit.
test_firmware_bootm_seed_image() {
    need_uboot || return 1
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD/build" flash >build.log 2>&1 ||
        { cat build.log; fail "tests/guest/build.sh flash failed"; return 1; }
    aarch64-linux-gnu-objcopy -O binary build/flash.elf flash.bin
    local entry; entry=0x$(aarch64-linux-gnu-nm build/flash.elf | awk '$3 == "_start" { print $1 }')
    mkimage -A arm64 -O linux -T kernel -C none -a 0x40080000 -e "$entry" -n flash-test \
        -d flash.bin flash.uimg >mkimage.log || { cat mkimage.log; fail "mkimage failed"; return 1; }
    emu -M mini-virt,dumpdtb=mini-virt.dtb -m 1G
    flash_image img.q flash.uimg mini-virt.dtb
    cp img.q img.a
    uboot_session bootm.qemu 'bootm 0x04000000 - 0x06000000' "$A64EMU_ROOT/scripts/oracle" \
        -m 1G -nographic -semihosting -bios "$UBOOT" -drive if=pflash,format=raw,index=1,file=img.q
    local qrc=$UBOOT_RC
    uboot_session bootm.a64emu 'bootm 0x04000000 - 0x06000000' "$A64EMU" -M mini-virt \
        -m 1G -nographic -semihosting -bios "$UBOOT" -drive if=pflash,format=raw,index=1,file=img.a
    [ "$UBOOT_RC" -eq 0 ] && [ "$qrc" -eq 0 ] || fail "exit status: a64emu $UBOOT_RC, QEMU $qrc (the program exits 0)"
    # QEMU writes semihosting output to stderr (docs/testing.md): after "Starting kernel".
    { sed -n '/^=> bootm/,$p' bootm.qemu; grep -v '^qemu-system-aarch64' bootm.qemu.err; } |
        sed '/^$/d' >bootm.qemu.n
    sed -n '/^=> bootm/,$p' bootm.a64emu | sed '/^$/d' >bootm.a64emu.n
    diff bootm.qemu.n bootm.a64emu.n >bootm.diff || { fail "bootm: differs from QEMU's"; show diff bootm.diff; }
    check_has bootm.a64emu "Image Type:   AArch64 Linux Kernel Image (uncompressed)"
    check_has bootm.a64emu "## Flattened Device Tree blob at 06000000"
    check_has bootm.a64emu "Starting kernel ..."
    check_has bootm.a64emu "flash code, first: sum 100" "the program's output"
}

# The seeds' "Bad Linux ARM64 Image magic!" (docs/usage.md): a gzip-compressed kernel
# (Debian's vmlinuz, guest/Image.gz) wrapped as `-T kernel_noload -C none`: bootm hands
# kernel_noload images to booti's check of the arm64 Image header, whose magic ("ARM\x64"
# at 0x38) a gzip stream does not have. Here with a small gzip payload, as under QEMU.
test_firmware_bootm_bad_magic() {
    need_uboot || return 1
    head -c 65536 /dev/urandom | gzip -c >payload.gz
    mkimage -A arm64 -O linux -T kernel_noload -C none -a 0 -e 0 -n gz-noload \
        -d payload.gz noload.uimg >/dev/null
    emu -M mini-virt,dumpdtb=mini-virt.dtb -m 1G
    flash_image img noload.uimg mini-virt.dtb
    uboot_session magic 'bootm 0x04000000 - 0x06000000' "$A64EMU" -M mini-virt -m 1G \
        -nographic -bios "$UBOOT" -drive if=pflash,format=raw,index=1,file=img
    check_has magic "Image Type:   AArch64 Linux Kernel Image (no loading done) (uncompressed)"
    check_has magic "Bad Linux ARM64 Image magic!"
}

# The monitor in firmware mode (-M ...,firmware=, the same as -bios): the firmware as QEMU lists a blob in a ROM device, the DTB
# at the base of RAM (1 MiB, as QEMU's), both banks as romd regions.
test_firmware_info_roms_mtree() {
    need_uboot || return 1
    local size; size=$(printf '0x%06x' "$(stat -c %s "$UBOOT")")
    monitor 'info roms' 'info mtree' 'xp /4wx 0x04000000' 'quit' -- \
        -M mini-virt,firmware="$UBOOT" -m 1G -S -display none -serial null -monitor stdio
    check_rc 0
    check_out "virt.flash0 size=$size name=\"$UBOOT\""
    check_out 'addr=0000000040000000 size=0x100000 mem=ram name="dtb"'
    check_out '0000000000000000-0000000003ffffff (prio 0, romd): virt.flash0'
    check_out '0000000004000000-0000000007ffffff (prio 0, romd): virt.flash1'
    check_lacks out 'name="bootloader"' "info roms (no boot stub with firmware)"
    # Bank 1 without a drive is erased flash, all ones (QEMU's reads as zeros: docs/testing.md).
    check_match out '^0000000004000000: 0xffffffff 0xffffffff 0xffffffff 0xffffffff$' "bank 1"
}
