# Debugging the Linux kernel with gdb-multiarch, as the seeds' users do (issue 12): Debian's
# kernel boots to the busybox shell on 2 vCPUs under `nokaslr` with the gdbstub listening;
# the test reads a syscall entry's virtual address from the guest's own /proc/kallsyms
# (Debian's System.map is a stub), then gdb in batch mode attaches to the running kernel,
# sets a hardware breakpoint there, and the test triggers it by typing `uname -a` at the
# shell. At the stop: bt, x/8i $pc, p $x0, info registers, stepi, info threads (one per
# vCPU), a write watchpoint on the kernel stack (the pt_regs slot the syscall's result is
# stored in), and Ctrl-C (SIGINT to gdb) interrupting the running kernel; after gdb
# detaches, the shell still answers and `poweroff -f` ends the emulator with status 0.

. "$(dirname "${BASH_SOURCE[0]}")/t-guest.sh"
. "$(dirname "${BASH_SOURCE[0]}")/t-gdb.sh"

# wait_match FILE ERE SECONDS: wait until a line of FILE matches ERE.
wait_match() {
    local i
    for i in $(seq 1 "$3"); do
        grep -Eq -- "$2" "$1" 2>/dev/null && return 0
        sleep 1
    done
    return 1
}

# type_and_wait TEXT ERE SECONDS: type TEXT (a line) on the console, wait until the serial
# output matches ERE.
type_and_wait() {
    printf '%s\n' "$1" >&3
    wait_match out "$2" "$3"
}

test_kgdb_kernel_session() {
    need_guest || return 1
    need_gdb || return 1
    local port addr gdb_pid tmo
    port=$(pick_port)
    tmo=$(limit 60)
    boot_guest 'a64emu demo guest: busybox' "${A64EMU_BOOT_STALL:-$(limit 90)}" \
        -nographic -no-reboot -m 1G -smp 2 -gdb "tcp::$port" \
        -kernel "$A64EMU_GUEST_DIR/Image" -initrd "$A64EMU_GUEST_DIR/initrd.cpio.gz" \
        -append "console=ttyAMA0 panic=-1 nokaslr"
    if ! grep -q 'a64emu demo guest: busybox' out; then
        boot_guest_end
        fail "the guest did not reach the shell"; tail -n 30 out >out.tail; show serial out.tail
        return 1
    fi
    type_and_wait "grep ' __arm64_sys_newuname\$' /proc/kallsyms" \
        '^ffff[0-9a-f]{12} T __arm64_sys_newuname' "$tmo" ||
        fail "no __arm64_sys_newuname in the guest's /proc/kallsyms"
    addr=$(grep -Eo '^ffff[0-9a-f]{12} T __arm64_sys_newuname' out | head -n 1 | cut -d' ' -f1)
    if [ -z "$addr" ]; then
        printf '\001x' >&3; boot_guest_end; return 1
    fi
    cat >k.gdb <<EOF
set pagination off
target remote 127.0.0.1:$port
hbreak *0x$addr
continue
bt 2
x/8i \$pc
p/x \$x0
info registers pc cpsr sp
stepi
p/x \$pc
info threads
delete
set \$regs = \$x0
watch *(long *)\$regs
continue
p/x *(long *)\$regs
delete
echo RUNNING\n
continue
EOF
    timeout -k 5 "$tmo" gdb-multiarch -nx -batch -x k.gdb >gdb.out 2>&1 &
    gdb_pid=$!
    wait_match gdb.out 'Hardware assisted breakpoint 1' "$tmo" || fail "gdb did not set the breakpoint"
    sleep 1
    printf 'uname -a\n' >&3
    wait_match gdb.out '^RUNNING' "$tmo" || fail "gdb did not get through the breakpoint and the watchpoint"
    sleep 2
    pkill -INT -P "$gdb_pid" gdb-multiarch
    wait "$gdb_pid"
    sed -i 's/\r$//' gdb.out
    type_and_wait 'echo alive-$((20+22))' 'alive-42' "$tmo" || fail "the shell did not answer after gdb detached"
    printf 'poweroff -f\n' >&3
    boot_guest_end
    local a4; a4=$(printf '%x' $((0x$addr + 4)))
    check_match gdb.out "hit Breakpoint 1, 0x0*$addr in" 'gdb output'
    check_match gdb.out "^#0  0x0*$addr in" 'gdb output (bt)'
    check_match gdb.out "^=> 0x0*$addr:" 'gdb output (x/8i $pc)'
    [ "$(grep -cE '^   0x[0-9a-f]+:' gdb.out)" -ge 7 ] || fail "x/8i printed fewer than 8 instructions"
    check_match gdb.out '^\$1 = 0xffff[0-9a-f]{12}$' 'gdb output (p/x $x0: a kernel pointer, the pt_regs)'
    check_match gdb.out "^pc  +0x0*$addr " 'gdb output (info registers)'
    check_match gdb.out "^\\\$2 = 0x0*$a4\$" 'gdb output (stepi moved the pc by one instruction)'
    check_match gdb.out 'Thread 1 .*CPU#0' 'gdb output (info threads)'
    check_match gdb.out 'Thread 2 .*CPU#1' 'gdb output (info threads)'
    check_has gdb.out 'hit Hardware watchpoint 2' 'gdb output (watch)'
    check_match gdb.out '^New value = 0$' 'gdb output (uname returned 0 into pt_regs)'
    check_has gdb.out 'received signal SIGINT' 'gdb output (Ctrl-C)'
    check_has out 'aarch64 GNU/Linux' 'serial output (uname -a went on after the breakpoint)'
    check_kernel_log_clean out
    [ "$RC" -eq 0 ] || fail "exit status after poweroff -f: expected 0, got $RC"
    [ "$FAILED" -eq 0 ] || show "gdb output" gdb.out
}
