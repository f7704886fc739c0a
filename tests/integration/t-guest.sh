# The real Debian arm64 kernel and busybox initramfs from scripts/fetch-guest.
# A missing guest/ fails these tests (need_guest): a failed download must not pass quietly.

# image_text_offset FILE: text_offset from the arm64 Image header.
image_text_offset() { od -An -tu8 -j8 -N8 "$1" | tr -d ' '; }

test_guest_info_roms() {
    need_guest || return 1
    local img="$A64EMU_GUEST_DIR/Image" rd="$A64EMU_GUEST_DIR/initrd.cpio.gz"
    local isize rsize toff kaddr dtb
    isize=$(stat -c %s "$img"); rsize=$(stat -c %s "$rd"); toff=$(image_text_offset "$img")
    kaddr=$((0x40000000 + toff)); [ "$kaddr" -ge $((0x40000000 + 0x28)) ] || kaddr=$((kaddr + 0x200000))
    dtb=$(( (0x48000000 + rsize + 0x1fffff) & ~0x1fffff ))
    monitor 'info roms' 'quit' -- -M mini-virt -m 4G -kernel "$img" -initrd "$rd" -append console=ttyAMA0 \
        -S -display none -serial null -monitor stdio
    check_rc 0
    check_out 'addr=0000000040000000 size=0x000028 mem=ram name="bootloader"'
    check_out "addr=$(hex16 $kaddr) size=$(size_field "$isize") mem=ram name=\"$img\""
    check_out "addr=0000000048000000 size=$(size_field "$rsize") mem=ram name=\"$rd\""
    check_match out "^addr=$(hex16 $dtb) size=0x[0-9a-f]{6,} mem=ram name=\"dtb\"\$" stdout
    [ "$kaddr" -eq $((0x40200000)) ] || fail "Debian's Image has text_offset $toff; the spec expects 0x40200000"
}

test_guest_image_gz() {
    need_guest || return 1
    [ -s "$A64EMU_GUEST_DIR/Image.gz" ] || { fail "$A64EMU_GUEST_DIR/Image.gz is missing"; return 1; }
    local isize; isize=$(stat -c %s "$A64EMU_GUEST_DIR/Image")
    cp "$A64EMU_GUEST_DIR/Image.gz" kernel.gz
    monitor 'info roms' 'xp /1wx 0x40200038' 'quit' -- -M mini-virt -m 1G -kernel kernel.gz \
        -S -display none -serial null -monitor stdio
    check_rc 0
    # Decompressed: the blob is the Image's size and holds its magic.
    check_out "addr=0000000040200000 size=$(size_field "$isize") mem=ram name=\"kernel.gz\""
    check_out '0000000040200038: 0x644d5241'
}

test_guest_dumpdtb() {
    need_guest || return 1
    local rd="$A64EMU_GUEST_DIR/initrd.cpio.gz" rsize
    rsize=$(stat -c %s "$rd")
    emu -M mini-virt,dumpdtb=g.dtb -m 2G -smp 2 -kernel "$A64EMU_GUEST_DIR/Image" -initrd "$rd" \
        -append "console=ttyAMA0 earlycon"
    check_rc 0 || return 1
    dtb_to_dts g.dtb g.dts || return 1
    check_prop g.dts chosen bootargs '"console=ttyAMA0 earlycon"'
    check_cells g.dts chosen linux,initrd-start 0x48000000
    check_cells g.dts chosen linux,initrd-end $((0x48000000 + rsize))
    check_prop g.dts memory@40000000 reg '<0x00 0x40000000 0x00 0x80000000>'
    check_node g.dts cpu@1
}

# boot_guest UNTIL STALL ARGS...: start a64emu ARGS (stdin from the fifo ./keys, kept open
# on fd 3 for the caller to type into; serial output in ./out, stderr in ./err) and wait
# until ./out matches the extended regex UNTIL, the guest prints nothing new for STALL
# seconds (then it is stopped), it exits, or the boot limit passes. Sets BOOT_PID and
# BOOT_T (seconds waited); the caller ends it with boot_guest_end.
boot_guest() {
    local until="$1" stall="$2" limit="${A64EMU_BOOT_TIMEOUT:-$(limit 600)}" last=0 quiet=0 size
    shift 2
    LAST_CMD="a64emu $*"
    rm -f keys; mkfifo keys
    timeout -k 5 "$limit" "$A64EMU" "$@" <keys >out 2>err &
    BOOT_PID=$!
    exec 3>keys
    BOOT_T=0
    while kill -0 "$BOOT_PID" 2>/dev/null && ! grep -Eq "$until" out; do
        sleep 1; BOOT_T=$((BOOT_T + 1))
        size=$(stat -c %s out)
        if [ "$size" -eq "$last" ]; then quiet=$((quiet + 1)); else quiet=0; last=$size; fi
        if [ "$quiet" -ge "$stall" ]; then
            echo "no new serial output for ${stall}s; stopping the guest"
            kill -TERM "$BOOT_PID" 2>/dev/null; sleep 2; kill -KILL "$BOOT_PID" 2>/dev/null
            break
        fi
    done
}

# boot_guest_end: close the keyboard, wait for the emulator; sets RC.
boot_guest_end() {
    RC=0
    exec 3>&-
    wait "$BOOT_PID" || RC=$?
    sed -i 's/\r$//' out err
}

# Lines a clean kernel log never has.
# check_kernel_log_clean [FILE]: FILE (default ./out) has none of them.
check_kernel_log_clean() {
    local bad
    bad=$(grep -E 'Unable to handle|Internal error|Oops|BUG:|WARNING:|Kernel panic|rcu_.*(stall|self-detected)|soft lockup|clocksource.*unstable' "${1:-out}" | head -n 5)
    [ -z "$bad" ] || { fail "the kernel log has an error line"; echo "$bad" >bad.txt; show "offending lines" bad.txt; }
}

# The kernel alone (no initrd), with earlycon, on 1, 2 and 4 vCPUs: it must bring up the
# GIC, the timer and every CPU, and end cleanly where a kernel with no root filesystem
# ends: "VFS: Unable to mount root fs", its one expected panic (-no-reboot then exits).
# Every line in BOOT_MILESTONES must be there, and no error line. The last line the
# kernel printed is kept in the log: it shows how far the boot got.
BOOT_MILESTONES=(
    'Booting Linux on physical CPU 0x0000000000 \[0x411fd070\]'
    'Machine model: linux,dummy-virt'
    'earlycon: pl11 at MMIO 0x0000000009000000'
    'psci: PSCIv1.1 detected in firmware'
    'Memory: [0-9]+K/1048576K available'
    'GICv3: 224 SPIs implemented'
    'GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000'
    'arch_timer: cp15 timer\(s\) running at 62.50MHz \(virt\)'
    'Serial: AMBA PL011 UART driver'
    'VFS: Unable to mount root fs'
)
boot_no_root() {
    local ncpu="$1" m
    boot_guest 'Kernel panic|Run /init' 30 -M mini-virt -m 1G -smp "$ncpu" -nographic -no-reboot \
        -kernel "$A64EMU_GUEST_DIR/Image" -append "console=ttyAMA0 earlycon=pl011,0x9000000 panic=-1"
    sleep 2
    kill -TERM "$BOOT_PID" 2>/dev/null
    boot_guest_end
    echo "the kernel's last line after ${BOOT_T}s: $(grep -v '^$' out | tail -n 1)"
    for m in "${BOOT_MILESTONES[@]}" "smp: Brought up 1 node, $ncpu CPUs?\$"; do
        grep -Eq "$m" out || fail "the kernel log lacks /$m/"
    done
    grep -v 'Kernel panic - not syncing: VFS: Unable to mount root fs' out >out.clean
    check_kernel_log_clean out.clean
    [ "$FAILED" -eq 0 ] || { tail -n 30 out >out.tail; show "serial output, last lines" out.tail; }
}
test_guest_boot_no_root_1cpu() { need_guest || return 1; boot_no_root 1; }
test_guest_boot_no_root_2cpu() { need_guest || return 1; boot_no_root 2; }
test_guest_boot_no_root_4cpu() { need_guest || return 1; boot_no_root 4; }

# Boot Debian's kernel to the busybox banner, then quit with Ctrl-a x. This is the one test
# that runs the guest for real, so it gets a longer limit (A64EMU_BOOT_TIMEOUT, default 600 s).
test_guest_boot_to_shell() {
    need_guest || return 1
    local append="console=ttyAMA0 earlycon=pl011,0x9000000 panic=-1"
    boot_guest 'a64emu demo guest: busybox' "${A64EMU_BOOT_STALL:-$(limit 90)}" \
        -nographic -no-reboot -m 1G -kernel "$A64EMU_GUEST_DIR/Image" \
        -initrd "$A64EMU_GUEST_DIR/initrd.cpio.gz" -append "$append"
    if grep -q 'a64emu demo guest: busybox' out; then
        echo "guest reached the shell after ~${BOOT_T}s"
        printf 'uname -m; echo sum=$((6*7))\n' >&3
        sleep 3
        printf '\001x' >&3
    fi
    boot_guest_end
    if ! grep -q 'a64emu demo guest: busybox' out; then
        fail "the guest did not reach the busybox banner ('a64emu demo guest: busybox')"
        echo "  status $RC after ${BOOT_T}s$([ "$RC" -eq 124 ] && echo " (killed by the boot limit)")"
        tail -n 40 out >out.tail; show "serial output, last lines" out.tail
        show stderr err
        return 1
    fi
    check_has out 'Linux version' 'serial output'
    check_has out 'aarch64' 'serial output'
    check_has out 'sum=42' 'serial output'
    [ "$RC" -eq 0 ] || fail "exit status after Ctrl-a x: expected 0, got $RC"
}

# ptrace under Debian's kernel (tests/guest/linux/ptstep.c): a debugger's hardware
# breakpoint (NT_ARM_HW_BREAK), store watchpoint (NT_ARM_HW_WATCH) and PTRACE_SINGLESTEP
# through a child's fixed code, over an LDXR and a branch, to its exit(6). The kernel
# programs DBGBCR/DBGWCR, MDSCR_EL1 and SPSR.SS; each stop is printed with the child's PC
# and the siginfo. The same lines come out of QEMU 7.2.
test_guest_ptrace() {
    need_guest || return 1
    "$A64EMU_ROOT/tests/guest/linux/build.sh" "$A64EMU_GUEST_DIR/initrd.cpio.gz" pt.cpio.gz \
        >build.log 2>&1 || { cat build.log; fail "tests/guest/linux/build.sh failed"; return 1; }
    EMU_TIMEOUT="${A64EMU_BOOT_TIMEOUT:-$(limit 120)}" emu -M mini-virt -m 1G -nographic \
        -no-reboot -kernel "$A64EMU_GUEST_DIR/Image" -initrd pt.cpio.gz \
        -append "console=ttyAMA0 panic=-1 quiet"
    check_rc 0
    grep -E '^(ptstep|breakpoint|watchpoint|step|exit)' out >pt.txt
    cat >pt.want <<'WANT'
ptstep: start
breakpoint: pc=child+0x4 si_code=0x4 si_addr=child+0x4
watchpoint: pc=child+0x10 si_code=0x4 si_addr=var+0x0
step: pc=child+0x14 si_code=0x2
step: pc=child+0x18 si_code=0x2
step: pc=child+0x1c si_code=0x2
step: pc=child+0x20 si_code=0x2
step: pc=child+0x28 si_code=0x2
step: pc=child+0x2c si_code=0x2
step: pc=child+0x30 si_code=0x2
exit status 0x6 after steps 0x8
ptstep: done
WANT
    diff pt.want pt.txt >pt.diff || { fail "ptstep's stops differ"; show "diff (< wanted, > got)" pt.diff;
        tail -n 20 out >out.tail; show "serial output, last lines" out.tail; }
}
