# Bad input: each must exit with status 1 and one stderr line naming the culprit, no crash.

test_err_missing_kernel() {
    emu -kernel no-such-kernel.img
    check_error_exit no-such-kernel.img
}

test_err_kernel_is_directory() {
    mkdir kdir.d
    emu -kernel kdir.d
    check_error_exit kdir.d
}

test_err_kernel_unreadable() {
    [ "$(id -u)" -ne 0 ] || skip "running as root, which can read a mode-000 file (kernel_is_directory covers unreadable input)"
    make_image noperm.img
    chmod 000 noperm.img
    emu -kernel noperm.img
    check_error_exit noperm.img
}

test_err_missing_initrd() {
    make_image k.img
    emu -kernel k.img -initrd no-such-initrd.cpio
    check_error_exit no-such-initrd.cpio
}

test_err_missing_dtb() {
    make_image k.img
    emu -kernel k.img -dtb no-such.dtb
    check_error_exit no-such.dtb
}

test_err_missing_readconfig() {
    emu -readconfig no-such.cfg
    check_error_exit no-such.cfg
}

test_err_corrupt_image_gz() {
    { printf '\037\213\010\000\000\000\000\000\000\003'; head -c 4096 /dev/urandom; } >corrupt-Image.gz
    emu -kernel corrupt-Image.gz
    check_error_exit corrupt-Image.gz
}

test_err_truncated_image_gz() {
    make_image k.img 262144
    # A payload that does not compress away, so half the .gz is half a stream.
    head -c 200000 /dev/urandom | dd of=k.img bs=1 seek=4096 conv=notrunc status=none
    gzip -9 -c k.img >full.gz
    head -c $(( $(stat -c %s full.gz) / 2 )) full.gz >half-Image.gz
    emu -kernel half-Image.gz
    check_error_exit half-Image.gz
}

test_err_garbage_dtb() {
    make_image k.img
    head -c 8192 /dev/urandom >junk.dtb
    emu -kernel k.img -dtb junk.dtb
    check_error_exit junk.dtb
}

test_err_initrd_too_big() {
    make_image k.img
    truncate -s 200M huge-initrd.img
    emu -m 128M -kernel k.img -initrd huge-initrd.img
    check_error_exit huge-initrd.img
    # Smaller than RAM, but not below RAM's end from where initrds go (base + 64 MiB here).
    truncate -s 100M big-initrd.img
    emu -m 128M -kernel k.img -initrd big-initrd.img
    check_error_exit big-initrd.img
}

test_err_kernel_too_big() {
    make_image huge-kernel.img $((200 << 20))
    emu -m 128M -kernel huge-kernel.img
    check_error_exit huge-kernel.img
}

test_err_overlapping_blobs() {
    make_image k.img
    head -c 4096 /dev/urandom >blob.bin
    emu -kernel k.img -device loader,file=blob.bin,addr=0x40200000
    check_error_exit blob.bin
}

test_err_bad_memory_size() {
    make_image k.img
    emu -m abc -kernel k.img
    check_error_exit abc
    emu -m 0 -kernel k.img
    check_error_exit -- -m
}

test_err_unknown_machine() {
    make_image k.img
    emu -M nosuchboard -kernel k.img
    check_error_exit nosuchboard
}

test_err_unknown_cpu() {
    make_image k.img
    emu -cpu nosuchcpu -kernel k.img
    check_error_exit nosuchcpu
}

test_err_unknown_log_item() {
    make_image k.img
    emu -d in_asm,nosuchitem -kernel k.img
    check_error_exit nosuchitem
}

test_err_unknown_flag() {
    emu -frobnicate
    check_error_exit -frobnicate
}

test_err_flag_missing_argument() {
    emu -kernel
    check_error_exit -- -kernel
}

test_err_initrd_without_kernel() {
    make_initrd rd.img 4096
    emu -initrd rd.img
    check_error_exit -- -initrd
}

test_err_append_without_kernel() {
    emu -append console=ttyAMA0
    check_error_exit -- -append
}

# check_ini_error FILE LINE: one line, starting with FILE:LINE: (after an optional program name).
check_ini_error() {
    check_error_exit "$1" || return 1
    grep -qE "^(a64emu: ?)?$1:$2:" err || { fail "message does not start with $1:$2:"; show stderr err; }
}

test_err_ini_broken_line() {
    make_image k.img
    printf '[machine]\n  kernel = "k.img"\nthis line is not ini\n' >broken.cfg
    emu -readconfig broken.cfg
    check_ini_error broken.cfg 3
}

test_err_ini_unknown_section() {
    make_image k.img
    printf '[machine]\n  kernel = "k.img"\n\n[nosuchsection]\n  x = "1"\n' >section.cfg
    emu -readconfig section.cfg
    check_ini_error section.cfg 4
    check_err nosuchsection
}

test_err_ini_unknown_key() {
    make_image k.img
    printf '[machine]\n  kernel = "k.img"\n  nosuchkey = "1"\n' >key.cfg
    emu -readconfig key.cfg
    check_ini_error key.cfg 3
    check_err nosuchkey
}

# Firmware and flash drives (issue 13): a missing or too large firmware or flash file, an
# unknown interface or format, -bios together with a drive for bank 0.
test_err_firmware_files() {
    emu -bios no-such-u-boot.bin
    check_error_exit no-such-u-boot.bin
    emu -M mini-virt,firmware=no-such-fw.bin
    check_error_exit no-such-fw.bin
    mkdir fw.d
    emu -bios fw.d
    check_error_exit fw.d
    truncate -s 65M big.bin
    emu -bios big.bin
    check_error_exit big.bin "larger than flash bank"
    emu -drive if=pflash,format=raw,index=1,file=big.bin
    check_error_exit big.bin "larger than the flash bank"
    emu -drive if=pflash,format=raw,index=1,file=no-such-flash.img
    check_error_exit no-such-flash.img
}

test_err_drive_options() {
    truncate -s 1M f.img
    emu -drive if=floppy9,format=raw,file=f.img
    check_error_exit "if=floppy9" "unsupported bus type 'floppy9'"
    emu -drive if=virtio,file=f.img
    check_error_exit "if=virtio"
    emu -drive if=pflash,format=qcow2,file=f.img
    check_error_exit "format=qcow2"
    emu -drive if=pflash,format=vhd9,file=f.img
    check_error_exit "vhd9"
    emu -bios f.img -drive if=pflash,format=raw,index=0,file=f.img
    check_error_exit "-bios" "-drive if=pflash"
    printf '[drive]\n  if = "ide"\n  file = "f.img"\n' >d.cfg
    emu -readconfig d.cfg
    check_error_exit "d.cfg:1:" "if=ide"
}
