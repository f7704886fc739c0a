# Linux to a shell (issue 12): Debian's kernel and the busybox initramfs from
# scripts/fetch-guest, driven through the serial console as a user would: commands typed at
# the shell, their output checked, poweroff/reboot through PSCI, the monitor's system_reset,
# the seeds' configuration files, a user's own device tree, and the kernel log and a
# userland workload compared with the same boot under QEMU (scripts/oracle).
# One boot per test, several checks per boot. A64EMU_LONG=1 adds the -smp 4 boot.

. "$(dirname "${BASH_SOURCE[0]}")/t-guest.sh"

BANNER='a64emu demo guest: busybox'
LINUX_APPEND="console=ttyAMA0 panic=-1"

# wait_out ERE [N] [SECS]: wait until ./out has N (default 1) lines matching ERE, the
# emulator exits or SECS (default: the stall limit) pass; 0 when it got there.
wait_out() {
    local ere="$1" n="${2:-1}" secs="${3:-$(limit 90)}" t=0
    while [ "$(grep -Ec -- "$ere" out)" -lt "$n" ]; do
        kill -0 "$BOOT_PID" 2>/dev/null || return 1
        [ "$t" -lt "$secs" ] || return 1
        sleep 1; t=$((t + 1))
    done
}

# type_cmd LINE...: type each LINE at the guest's shell and give it time to answer (the
# next prompt; the answers are found by their markers in ./out).
type_cmd() {
    local l
    for l in "$@"; do printf '%s\n' "$l" >&3; sleep 1; done
}

# The shell checks typed on every boot: the guest's own view of the machine, each answer
# behind a marker. Interrupt counts are summed over the CPUs' columns. busybox's `sleep`
# parses its argument with the scalar AdvSIMD FCVTZS Dd, Dn (a SIGILL until those forms
# existed).
SHELL_CHECKS=(
    'irq() { busybox awk -v n="$1" '"'"'$NF == n { s = 0; for (i = 2; $i ~ /^[0-9]+$/; i++) s += $i; print n "=" s }'"'"' /proc/interrupts; }'
    'echo "M=$(uname -m) N=$(nproc)"; irq arch_timer; irq uart-pl011'
    'sleep 1; irq arch_timer; irq uart-pl011'
    'dmesg >/tmp/d; echo "DMESG lines=$(wc -l </tmp/d) bad=$(grep -cE "WARNING:|BUG:|Oops|Unable to handle|rcu.*stall|soft lockup|clocksource.*unstable" /tmp/d)"'
)

# check_shell NCPU: the answers to SHELL_CHECKS in ./out.
check_shell() {
    local ncpu="$1" name a b
    check_match out "^M=aarch64 N=$ncpu\$" "the answer to uname -m / nproc"
    for name in arch_timer uart-pl011; do
        a=$(grep -E "^$name=[0-9]+\$" out | sed -n 1p | cut -d= -f2)
        b=$(grep -E "^$name=[0-9]+\$" out | sed -n 2p | cut -d= -f2)
        if [ -z "$a" ] || [ -z "$b" ]; then
            fail "/proc/interrupts has no $name line (read twice)"
        elif [ "$b" -le "$a" ]; then
            fail "/proc/interrupts: $name did not count between two reads ($a, then $b)"
        else
            echo "$name: $a then $b interrupts"
        fi
    done
    check_match out '^DMESG lines=[0-9]{3,} bad=0$' "dmesg (its length and its count of error lines)"
    check_lacks out 'Illegal instruction' "the shell's output"
}

# linux_boot_fail WHAT: report a boot that did not get to WHAT, with the serial tail.
linux_boot_fail() {
    fail "$1 (status $RC after ~${BOOT_T}s)"
    tail -n 30 out >out.tail; show "serial output, last lines" out.tail; show stderr err
}

# shell_boot NCPU [EXTRA-ARGS...]: boot to the shell, run SHELL_CHECKS, reboot with
# `reboot -f` (the kernel must boot again: a second banner), then `poweroff -f`: exit 0.
shell_boot() {
    local ncpu="$1"; shift
    boot_guest "$BANNER" "$(limit 90)" -nographic -m 1G -smp "$ncpu" \
        -kernel "$A64EMU_GUEST_DIR/Image" -initrd "$A64EMU_GUEST_DIR/initrd.cpio.gz" \
        -append "$LINUX_APPEND" "$@"
    if ! grep -q "$BANNER" out; then boot_guest_end; linux_boot_fail "no shell"; return 1; fi
    echo "shell after ~${BOOT_T}s"
    sleep 1
    type_cmd "${SHELL_CHECKS[@]}"
    wait_out '^DMESG lines=' 1 "$(limit 30)"
    # Idle at the prompt (every vCPU in WFI between timer ticks): under 5 % of one core.
    local emu_pid; emu_pid=$(pgrep -P "$BOOT_PID" | head -n 1)
    if [ -n "$emu_pid" ]; then
        sleep 1; check_idle_cpu "$emu_pid" 3 "Linux idle at the shell on $ncpu vCPU(s)"
    else
        fail "no a64emu process under the boot's timeout"
    fi
    type_cmd 'reboot -f'
    if wait_out "$BANNER" 2; then
        sleep 1
        type_cmd 'echo "AGAIN $(nproc)"' 'poweroff -f'
    fi
    wait_out 'reboot: Power down' 1 "$(limit 30)"
    sleep 1; kill -TERM "$BOOT_PID" 2>/dev/null
    boot_guest_end
    check_shell "$ncpu"
    check_match out 'reboot: Restarting system' "the serial output (reboot -f)"
    [ "$(grep -c 'Linux version' out)" -eq 2 ] || fail "reboot -f: the kernel did not boot a second time"
    check_match out "^AGAIN $ncpu\$" "the shell after the reboot"
    check_has out 'reboot: Power down' "the serial output (poweroff -f)"
    [ "$RC" -eq 0 ] || linux_boot_fail "poweroff -f: expected exit status 0, got $RC"
}

test_linux_shell_1cpu() { need_guest || return 1; shell_boot 1; }
test_linux_shell_2cpu() { need_guest || return 1; shell_boot 2; }
test_linux_shell_4cpu() {
    [ "${A64EMU_LONG:-0}" = 1 ] || skip "the -smp 4 boot runs with A64EMU_LONG=1"
    need_guest || return 1
    shell_boot 4
}

# The seeds' configs/mini-virt.cfg (2 CPUs, 4 GiB, the guest from fetch-guest): the shell
# sees both CPUs and 4 GiB, KASLR is on (the DTB's kaslr-seed), and with -no-reboot
# `reboot -f` ends the emulator with status 0.
test_linux_readconfig_mini_virt() {
    need_guest || return 1
    ln -s "$A64EMU_GUEST_DIR" guest
    boot_guest "$BANNER" "$(limit 90)" -nographic -cpu cortex-a57 -no-reboot \
        -readconfig "$A64EMU_ROOT/configs/mini-virt.cfg"
    if ! grep -q "$BANNER" out; then boot_guest_end; linux_boot_fail "no shell"; return 1; fi
    sleep 1
    type_cmd 'echo "N=$(nproc) $(grep MemTotal /proc/meminfo | tr -s " ")"' 'reboot -f'
    boot_guest_end
    check_match out '^N=2 MemTotal: 40[0-9]{5} kB$' "nproc and MemTotal"
    check_match out 'Memory: [0-9]+K/4194304K available' "the kernel log"
    check_has out 'KASLR enabled' "the kernel log"
    check_has out 'reboot: Restarting system' "the serial output"
    [ "$(grep -c 'Linux version' out)" -eq 1 ] || fail "-no-reboot: the kernel booted again"
    [ "$RC" -eq 0 ] || linux_boot_fail "reboot -f with -no-reboot: expected exit status 0, got $RC"
}

# A user's own tree: dumpdtb at -m 256M, change the model with dtc, boot it with -dtb and
# nokaslr; the kernel reports the new model, 256 MiB and KASLR off. Then the monitor's
# system_reset (Ctrl-a c) while Linux runs: the kernel boots again, with the same tree.
test_linux_user_dtb_system_reset() {
    need_guest || return 1
    emu -M mini-virt,dumpdtb=own.dtb -m 256M -kernel "$A64EMU_GUEST_DIR/Image" \
        -initrd "$A64EMU_GUEST_DIR/initrd.cpio.gz"
    check_rc 0 || return 1
    dtb_to_dts own.dtb own.dts || return 1
    sed -i 's/^\tcompatible = "linux,dummy-virt";/\tmodel = "a64emu user tree";\n&/' own.dts
    grep -q 'a64emu user tree' own.dts || { fail "could not edit the dumped tree"; show dts own.dts; return 1; }
    dtc -q -I dts -O dtb -o own2.dtb own.dts || { fail "dtc cannot compile the edited tree"; return 1; }
    boot_guest "$BANNER" "$(limit 90)" -nographic -no-reboot -m 256M -dtb own2.dtb \
        -kernel "$A64EMU_GUEST_DIR/Image" -initrd "$A64EMU_GUEST_DIR/initrd.cpio.gz" \
        -append "$LINUX_APPEND nokaslr"
    if ! grep -q "$BANNER" out; then boot_guest_end; linux_boot_fail "no shell"; return 1; fi
    sleep 1
    type_cmd 'echo "MODEL=$(cat /proc/device-tree/model)"'
    printf '\001c' >&3; sleep 1
    type_cmd 'system_reset'
    printf '\001c' >&3
    if wait_out "$BANNER" 2; then
        sleep 1; type_cmd 'poweroff -f'
    fi
    wait_out 'reboot: Power down' 1 "$(limit 30)"
    sleep 1; kill -TERM "$BOOT_PID" 2>/dev/null
    boot_guest_end
    check_has out 'Machine model: a64emu user tree' "the kernel log"
    check_match out '^MODEL=a64emu user tree$' "/proc/device-tree/model"
    check_match out 'Memory: [0-9]+K/262144K available' "the kernel log"
    check_has out 'KASLR disabled on command line' "the kernel log"
    [ "$(grep -c 'Machine model: a64emu user tree' out)" -eq 2 ] \
        || linux_boot_fail "system_reset: the kernel did not boot again with the user's tree"
    check_has out 'reboot: Power down' "the serial output (poweroff -f)"
    [ "$RC" -eq 0 ] || fail "poweroff -f: expected exit status 0, got $RC"
}

# ---- The same boot under QEMU -----------------------------------------------------------

# overlay_initrd OUT INIT: the fetch-guest initramfs with INIT as /init, appended as a
# second archive (the kernel unpacks them in order; the later /init wins).
overlay_initrd() {
    mkdir -p ovl && install -m 755 "$2" ovl/init
    { cat "$A64EMU_GUEST_DIR/initrd.cpio.gz"
      (cd ovl && echo init | cpio -o -H newc -R 0:0 --quiet | gzip -9n); } >"$1"
}

# write_workload_init FILE: tests/guest/linux-workload, the userland workload's /init (also
# scripts/bench's): its output between markers, then poweroff.
write_workload_init() { cp "$A64EMU_ROOT/tests/guest/linux-workload" "$1"; }

# boot_log EMU|QEMU OUT [ARGS...]: run a64emu (or the oracle) with ARGS, stdin closed, the
# serial output in OUT with the CRs and the kernel's timestamps stripped.
boot_log() {
    local who="$1" o="$2" rc=0; shift 2
    if [ "$who" = EMU ]; then
        LAST_CMD="a64emu $*"
        timeout -k 5 "$(limit 300)" "$A64EMU" "$@" </dev/null >"$o.raw" 2>"$o.err" || rc=$?
    else
        LAST_CMD="scripts/oracle $*"
        timeout -k 5 "$(limit 300)" "$A64EMU_ROOT/scripts/oracle" "$@" </dev/null >"$o.raw" 2>"$o.err" || rc=$?
    fi
    sed -e 's/\r$//' -e 's/^\[ *[0-9]*\.[0-9]*\] //' "$o.raw" >"$o"
    [ "$rc" -eq 0 ] || { fail "$who exited with status $rc"; show "$who serial output" "$o"; show "$who stderr" "$o.err"; }
    return "$rc"
}

# log_diff A B ALLOW: every line one log has and the other lacks (as sets: SMP boots order
# some lines differently) must match an ERE of the allow-list ALLOW (# comments).
log_diff() {
    local a="$1" b="$2" allow="$3"
    grep -Ev '^(#|$)' "$allow" >allow.ere
    LC_ALL=C sort -u "$a" >a.sorted; LC_ALL=C sort -u "$b" >b.sorted
    LC_ALL=C comm -3 a.sorted b.sorted | sed 's/^\t//' >diff.lines
    grep -Evf allow.ere diff.lines >diff.unexplained || true
    echo "$(grep -c '' diff.lines) lines differ, all but $(grep -c '' diff.unexplained) in the allow-list"
    [ -s diff.unexplained ] || return 0
    fail "kernel log lines that differ from QEMU's and are not in $(basename "$allow")"
    show "unexplained lines (a64emu's or QEMU's)" diff.unexplained
}

# The kernel log under a64emu and under QEMU's virt (with gic-version=3, mini-virt's GIC):
# same kernel, initramfs and command line on 2 vCPUs; the log must differ only in
# tests/integration/linux-log-allow.txt (docs/testing.md says why for each entry). The
# workload's output must be identical (neither side's answers are written down here).
test_linux_log_and_workload_vs_qemu() {
    need_guest || return 1
    write_workload_init init.sh; overlay_initrd rd.gz init.sh
    local args=(-m 1G -smp 2 -nographic -no-reboot -kernel "$A64EMU_GUEST_DIR/Image" -initrd rd.gz
                -append "$LINUX_APPEND")
    boot_log EMU emu.log -M mini-virt "${args[@]}" || return 1
    boot_log QEMU qemu.log -M virt,gic-version=3 "${args[@]}" || return 1
    sed -n '/^== workload start$/,/^== workload end$/p' emu.log >emu.work
    sed -n '/^== workload start$/,/^== workload end$/p' qemu.log >qemu.work
    [ "$(grep -c '' qemu.work)" -ge 11 ] || { fail "QEMU did not run the workload"; show "QEMU log" qemu.log; return 1; }
    check_has emu.work 'gunzip ok' "a64emu's workload output"
    check_has emu.work 'bunzip2 ok' "a64emu's workload output"
    if ! diff -u qemu.work emu.work >work.diff; then
        fail "the workload's output differs from QEMU's"; show "diff (QEMU, a64emu)" work.diff
    fi
    check_has emu.log 'reboot: Power down' "a64emu's serial output"
    check_kernel_log_clean emu.log
    sed '/^== workload start$/,/^== workload end$/d' emu.log >emu.kern
    sed '/^== workload start$/,/^== workload end$/d' qemu.log >qemu.kern
    log_diff emu.kern qemu.kern "$A64EMU_ROOT/tests/integration/linux-log-allow.txt"
}

# run_until WHO ERE OUT ARGS...: run a64emu (EMU) or the oracle (QEMU) with ARGS until its
# serial output OUT matches ERE (or the limit passes), then stop it.
run_until() {
    local who="$1" ere="$2" o="$3" t=0 pid bin="$A64EMU"; shift 3
    [ "$who" = EMU ] || bin="$A64EMU_ROOT/scripts/oracle"
    timeout -k 5 "$(limit 300)" "$bin" "$@" </dev/null >"$o" 2>"$o.err" & pid=$!
    while kill -0 "$pid" 2>/dev/null && ! grep -Eq "$ere" "$o" && [ "$t" -lt "$(limit 120)" ]; do
        sleep 1; t=$((t + 1))
    done
    sleep 1; kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    sed -i 's/\r$//' "$o"
}

# The seed's own virt.cfg (type = "virt", 2 CPUs, 4 GiB, nokaslr root=/dev/ram
# init=/linuxrc, initrd.ext4), run as the seed's start.sh runs it, with the ext4 image
# built here from the initramfs's files (mkfs.ext4 -d). Debian's kernel has no built-in
# RAM disk driver (brd is a module), so the image cannot become /dev/ram: the kernel
# refuses it as an initramfs and panics at mount_root, under QEMU as under a64emu. Both
# must print the same milestones.
test_linux_seed_virt_cfg_ext4() {
    need_guest || return 1
    command -v mkfs.ext4 >/dev/null || { fail "mkfs.ext4 (e2fsprogs) is not installed"; return 1; }
    mkdir -p linux/build/arch/arm64/boot root
    ln -s "$A64EMU_GUEST_DIR/Image" linux/build/arch/arm64/boot/Image
    (cd root && gzip -dc "$A64EMU_GUEST_DIR/initrd.cpio.gz" | cpio -id --quiet 2>/dev/null)
    rm -f root/dev/*; ln -s bin/busybox root/linuxrc
    mkfs.ext4 -q -F -d root -L a64root initrd.ext4 16M >mkfs.out 2>&1 \
        || { fail "mkfs.ext4 -d failed"; show mkfs mkfs.out; return 1; }
    cp "$A64EMU_ROOT/configs/virt.cfg" .
    local panic='Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\(1,0\)' who m
    run_until EMU "$panic" emu.log -nographic -cpu cortex-a57 -readconfig virt.cfg
    run_until QEMU "$panic" qemu.log -nographic -cpu cortex-a57 -readconfig virt.cfg
    for who in emu qemu; do
        for m in 'Kernel command line: nokaslr root=/dev/ram init=/linuxrc console=ttyAMA0 console=ttyS0' \
                 'KASLR disabled on command line' 'smp: Brought up 1 node, 2 CPUs' \
                 'Memory: [0-9]+K/4194304K available' \
                 'Initramfs unpacking failed: invalid magic at start of compressed archive' "$panic"; do
            grep -Eq "$m" "$who.log" || fail "$who's log lacks /$m/"
        done
    done
    [ "$FAILED" -eq 0 ] || { tail -n 20 emu.log >emu.tail; show "a64emu, last lines" emu.tail; show "a64emu stderr" emu.log.err; }
}
