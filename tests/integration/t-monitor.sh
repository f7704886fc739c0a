# The human monitor on stdin (-monitor stdio), with -S so the CPU stays at the stub.

MON_ARGS=(-S -display none -serial null -monitor stdio)

# The seed's layout: 4 GiB of RAM and a 32 MiB initrd.
test_monitor_info_roms_seed_layout() {
    make_image k.img
    make_initrd rd.img $((32 << 20))
    monitor 'info roms' 'quit' -- -M mini-virt -m 4G -kernel k.img -initrd rd.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'addr=0000000040000000 size=0x000028 mem=ram name="bootloader"'
    check_out 'addr=0000000040200000 size=0x010000 mem=ram name="k.img"'
    check_out 'addr=0000000048000000 size=0x2000000 mem=ram name="rd.img"'
    check_match out '^addr=000000004a000000 size=0x[0-9a-f]{6,} mem=ram name="dtb"$' stdout
    # Sorted by address.
    local order; order=$(grep -o '^addr=[0-9a-f]*' out | tr '\n' ' ')
    [ "$order" = "addr=0000000040000000 addr=0000000040200000 addr=0000000048000000 addr=000000004a000000 " ] ||
        fail "info roms order: got $order"
}

# A small initrd: the DTB goes to the first 2 MiB boundary after it (as QEMU does).
test_monitor_info_roms_small_initrd() {
    make_image k.img
    make_initrd rd.img 4096
    monitor 'info roms' 'quit' -- -M mini-virt -m 4G -kernel k.img -initrd rd.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'addr=0000000048000000 size=0x001000 mem=ram name="rd.img"'
    check_match out '^addr=0000000048200000 size=0x[0-9a-f]{6,} mem=ram name="dtb"$' stdout
}

# With 256 MiB of RAM the initrd goes to RAM base + RAM/2.
test_monitor_info_roms_small_ram() {
    make_image k.img
    make_initrd rd.img 4096
    monitor 'info roms' 'quit' -- -M mini-virt -m 256M -kernel k.img -initrd rd.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'addr=0000000048000000 size=0x001000 mem=ram name="rd.img"'
    monitor 'info roms' 'quit' -- -M mini-virt -m 128M -kernel k.img -initrd rd.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'addr=0000000044000000 size=0x001000 mem=ram name="rd.img"'
}

test_monitor_info_mtree() {
    make_image k.img
    monitor 'info mtree' 'quit' -- -M mini-virt -m 4G -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'address-space: memory'
    check_out '0000000000000000-ffffffffffffffff (prio 0, i/o): system'
    check_out '0000000040000000-000000013fffffff (prio 0, ram): ram'
    check_out '0000000009000000-0000000009000fff (prio 0, i/o): pl011'
    check_out '0000000008000000-000000000800ffff (prio 0, i/o): gicv3_dist'
    check_out '00000000080a0000-00000000080bffff (prio 0, i/o): gicv3_redist_region[0]'

    monitor 'info mtree' 'quit' -- -M mini-virt -m 1G -kernel k.img "${MON_ARGS[@]}"
    check_out '0000000040000000-000000007fffffff (prio 0, ram): ram'
    check_lacks out '000000013fffffff' stdout
}

test_monitor_info_mtree_flat() {
    make_image k.img
    monitor 'info mtree -f' 'quit' -- -M mini-virt -m 2G -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'FlatView'
    check_match out '^ +0000000040000000-00000000bfffffff \(prio 0, ram\): ram' stdout
    check_match out '^ +0000000009000000-0000000009000fff \(prio 0, i/o\): pl011' stdout
    # A flat view has no container lines.
    check_lacks out '0000000000000000-ffffffffffffffff (prio 0, i/o): system' stdout
}

test_monitor_info_qtree() {
    make_image k.img
    monitor 'info qtree' 'quit' -- -M mini-virt -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'mini-virt'
    check_out 'cpu[0]'
    check_out 'pl011'
    check_out 'chardev'
}

test_monitor_xp() {
    make_image k.img
    monitor 'xp /4wx 0x40000000' 'xp /2i 0x40000000' 'quit' -- -M mini-virt -m 1G -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    check_out '0000000040000000: 0x580000c0 0xaa1f03e1 0xaa1f03e2 0xaa1f03e3'
    check_match out '0x0*40000000:.*ldr[[:space:]]+x0' stdout
    check_match out '0x0*40000004:.*mov[[:space:]]+x1, xzr' stdout
    # The kernel body: the Image header's first word.
    monitor 'xp /1wx 0x40200000' 'quit' -- -M mini-virt -m 1G -kernel k.img "${MON_ARGS[@]}"
    check_out '0000000040200000: 0x14000010'
}

test_monitor_status_cont() {
    make_image k.img
    monitor 'info status' 'cont' 'info status' 'quit' -- \
        -M mini-virt -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    local st; st=$(grep -o 'VM status: [a-z]*' out | tr '\n' ',')
    [ "$st" = "VM status: paused,VM status: running," ] ||
        { fail "info status sequence: expected paused then running; got '$st'"; show stdout out; }
}

test_monitor_info_registers() {
    make_image k.img
    monitor 'info registers' 'quit' -- -M mini-virt -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    check_match out 'PC=0000000040000000' stdout
    check_match out 'X00=' stdout
}

test_monitor_system_reset() {
    make_image k.img
    monitor 'cont' 'system_reset' 'info status' 'xp /1wx 0x40000000' 'quit' -- \
        -M mini-virt -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    check_out 'VM status: running'
    check_out '0000000040000000: 0x580000c0'
    check_lacks err 'rror' stderr
}

test_monitor_unknown_command() {
    make_image k.img
    monitor 'frobnicate_now' 'info status' 'quit' -- -M mini-virt -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    grep -q 'frobnicate_now' out err || fail "no error naming the unknown command"
    check_out 'VM status: paused'
}

test_monitor_quit() {
    make_image k.img
    monitor 'quit' -- -M mini-virt -kernel k.img "${MON_ARGS[@]}"
    check_rc 0
    # Without -S the CPU is running when quit arrives.
    monitor 'quit' -- -M mini-virt -kernel k.img -display none -serial null -monitor stdio
    check_rc 0
}

# monitor_after_line LINE CMD... -- ARGS...: run a64emu with the monitor on stdio, wait until
# its output has LINE (the guest got somewhere), then send the commands.
monitor_after_line() {
    local line="$1" cmds=() i; shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do cmds+=("$1"); shift; done
    shift
    LAST_CMD="a64emu $*"
    rm -f mon.fifo; mkfifo mon.fifo
    ( rc=0; timeout -k 5 "$EMU_TIMEOUT" "$A64EMU" "$@" <mon.fifo >out 2>err || rc=$?; echo "$rc" >rc ) &
    local pid=$!
    exec 7>mon.fifo
    for i in $(seq 1 $((200 * TIME_SCALE))); do
        grep -qF -- "$line" out 2>/dev/null && break
        sleep 0.1
    done
    printf '%s\n' "${cmds[@]}" >&7
    exec 7>&-
    wait "$pid"
    RC=$(cat rc)
    sed -i 's/\r$//' out err
}

# x and gva2gpa through the guest's own translation: tests/guest/mmutarget.c maps its code
# and data pages at other virtual addresses (the test region at 0x100000000000), with a hole.
test_monitor_virtual_addresses() {
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD" mmutarget >build.log 2>&1 ||
        { fail "cannot build mmutarget"; show build.log build.log; return 1; }
    local magic vtick
    magic=$(aarch64-linux-gnu-nm mmutarget.elf | awk '$3 == "magic" { print $1 }')
    vtick=$(aarch64-linux-gnu-nm mmutarget.elf | awk '$3 == "vtick" { print $1 }')
    monitor_after_line "mmu on" 'stop' 'x /4gx 0x100000002000' 'x /2i 0x100000001000' \
        'gva2gpa 0x100000002010' 'gva2gpa 0x100000001004' 'gva2gpa 0x100000003000' \
        'x /2wx 0x100000003ff8' 'x /4wx 0x100000002ff8' 'x /2i 0x100000003000' \
        'gva2gpa 0xffff800008000000' 'xp /2gx 0x'"$magic" 'info registers' 'quit' -- \
        -M mini-virt -m 512M -semihosting -display none -serial null -monitor stdio \
        -kernel mmutarget.elf
    check_rc 0
    check_out 'mmu on: vtick 0x100000001000 -> 0x'"${vtick#00000000}"
    # the data page's first words (0xcafe0000_0000000N), not what is at the same physical address
    check_out '0000100000002000: 0xcafe000000000000 0xcafe000000000001'
    check_out '0000100000002010: 0xcafe000000000002 0xcafe000000000003'
    check_out "$(printf '%016x: 0xcafe000000000000 0xcafe000000000001' "0x$magic")"
    check_match out '^0x100000001000: +f9400001 +ldr +x1, \[x0\]' "x /2i of the code page"
    check_out "$(printf 'gpa: 0x%x' $((0x$magic + 0x10)))"
    check_out "$(printf 'gpa: 0x%x' $((0x$vtick + 4)))"
    check_out 'Unmapped'
    [ "$(grep -c '^Unmapped$' out)" = 2 ] || fail "two unmapped addresses: expected two 'Unmapped' lines"
    check_out '0000100000003ff8: Cannot access memory'
    check_out '0000100000002ff8: Cannot access memory'
    check_out '0x100000003000: unable to read memory'
    # info registers: the MMU's registers after QEMU's layout
    check_match out '^EL=1 SPSel=1 SP_EL0=[0-9a-f]{16} SP_EL1=[0-9a-f]{16}$' "EL, SPSel, SP_EL0/SP_EL1"
    check_match out '^ELR_EL1=[0-9a-f]{16} SPSR_EL1=[0-9a-f]{8} ESR_EL1=[0-9a-f]{8} FAR_EL1=[0-9a-f]{16}$' "ELR/SPSR/ESR/FAR"
    check_match out '^SCTLR_EL1=0000000000c50839 TCR_EL1=0000000200803510 MAIR_EL1=00000000000000ff$' "SCTLR/TCR/MAIR as the guest set them"
    check_match out '^TTBR0_EL1=0000000040[0-9a-f]{6} TTBR1_EL1=0000000000000000 VBAR_EL1=[0-9a-f]{16}$' "TTBR0/TTBR1"
}

write_cfg() { # FILE TYPE
    cat >"$1" <<CFG
# a64emu integration test config
[machine]
  type = "$2"
  kernel = "k.img"
  append = "nokaslr root=/dev/ram console=ttyAMA0"
  initrd = "rd.img"

[smp-opts]
  cpus = "2"

[memory]
  size = "4G"
CFG
}

test_readconfig_monitor() {
    make_image k.img
    make_initrd rd.img $((32 << 20))
    write_cfg mini.cfg mini-virt
    monitor 'info roms' 'info mtree' 'info qtree' 'quit' -- -readconfig mini.cfg "${MON_ARGS[@]}"
    check_rc 0
    check_out 'addr=0000000040200000 size=0x010000 mem=ram name="k.img"'
    check_out 'addr=0000000048000000 size=0x2000000 mem=ram name="rd.img"'
    check_match out '^addr=000000004a000000 size=0x[0-9a-f]{6,} mem=ram name="dtb"$' stdout
    check_out '0000000040000000-000000013fffffff (prio 0, ram): ram'
    check_out 'cpu[1]'
}

test_readconfig_dtb_and_override() {
    make_image k.img
    make_initrd rd.img 4096
    write_cfg mini.cfg mini-virt
    emu -readconfig mini.cfg -M mini-virt,dumpdtb=c.dtb
    check_rc 0 || return 1
    dtb_to_dts c.dtb c.dts || return 1
    check_prop c.dts chosen bootargs '"nokaslr root=/dev/ram console=ttyAMA0"'
    check_node c.dts cpu@1
    check_prop c.dts memory@40000000 reg '<0x00 0x40000000 0x01 0x00>'
    # Flags after -readconfig override the file.
    emu -readconfig mini.cfg -M mini-virt,dumpdtb=d.dtb -m 1G -append "other args"
    check_rc 0 || return 1
    dtb_to_dts d.dtb d.dts || return 1
    check_prop d.dts memory@40000000 reg '<0x00 0x40000000 0x00 0x40000000>'
    check_prop d.dts chosen bootargs '"other args"'
}

# The seeds' start.sh: qemu-system-aarch64 -nographic -cpu cortex-a57 -readconfig virt.cfg,
# reaching the monitor through the mux with Ctrl-a c.
test_readconfig_seed_start_sh() {
    make_image k.img
    make_initrd rd.img $((32 << 20))
    write_cfg virt.cfg virt
    printf '\001cinfo roms\ninfo status\nquit\n' >keys.in
    emu_stdin keys.in -nographic -cpu cortex-a57 -readconfig virt.cfg
    check_rc 0
    check_out 'addr=0000000040000000 size=0x000028 mem=ram name="bootloader"'
    check_out 'addr=0000000040200000 size=0x010000 mem=ram name="k.img"'
    check_out 'addr=0000000048000000 size=0x2000000 mem=ram name="rd.img"'
    check_out 'VM status: running'
}

# With two vCPUs under -S: info cpus lists both (CPU 1 off until PSCI CPU_ON), cpu N selects
# the CPU info registers shows, a bad N is one error line and changes nothing; a reset with
# the VM stopped leaves CPU 1 off again and the selection alone.
test_monitor_cpus_smp() {
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD" psci >build.log 2>&1 ||
        { fail "cannot build psci"; show build.log build.log; return 1; }
    monitor 'info cpus' 'cpu 1' 'info cpus' 'info registers' 'cpu 2' 'cpu -1' 'cpu one' 'cpu' \
        'info cpus' 'cpu 0' 'info registers -a' 'cpu 1' 'system_reset' 'info cpus' 'quit' -- \
        -M mini-virt -m 512M -smp 2 -semihosting -kernel psci.elf "${MON_ARGS[@]}"
    check_rc 0
    check_match out '^\* CPU #0: thread_id=[0-9]+ mpidr=0x80000000 pc=0x0000000040080000 running$' "CPU 0 selected, at the entry"
    check_match out '^  CPU #1: thread_id=[0-9]+ mpidr=0x80000001 pc=0x[0-9a-f]{16} off \(PSCI\)$' "CPU 1 off"
    check_match out '^\* CPU #1: thread_id=[0-9]+ mpidr=0x80000001 ' "cpu 1 selects CPU 1"
    [ "$(grep -c '^\* CPU #1:' out)" = 3 ] || fail "CPU 1 stays selected after bad cpu commands and the reset"
    [ "$(grep -c '^cpu: invalid CPU index' out)" = 4 ] || fail "four bad cpu commands: expected four error lines"
    check_out "cpu: invalid CPU index '2' (usage: cpu N, N from 0 to 1)"
    check_out "cpu: invalid CPU index 'one' (usage: cpu N, N from 0 to 1)"
    # info registers after cpu 1 shows CPU#1 alone; -a shows both, one header each.
    local first; first=$(grep -m1 '^CPU#' out)
    [ "$first" = "CPU#1 (powered off)" ] || fail "info registers after cpu 1: first header '$first'"
    [ "$(grep -c '^CPU#0' out)" = 1 ] || fail "info registers -a: CPU#0 once"
    [ "$(grep -c '^CPU#1' out)" = 2 ] || fail "CPU#1 twice (cpu 1 and -a)"
    # At reset CPACR_EL1 traps FP: QEMU's line.
    check_match out '^PSTATE=[0-9a-f]{8} [-NZCV]{4} EL1h    FPU disabled$' "FPU disabled at reset"
    check_lacks err 'rror' stderr
}

# Linux on two vCPUs at its shell: both idle in WFI; cpu 1 selects the CPU whose
# translation gva2gpa uses; stop and cont with both CPUs.
test_monitor_cpus_linux_smp() {
    need_guest || return 1
    monitor_after_line '/ #' $'\001c' 'info cpus' 'stop' 'info status' 'info cpus' 'cpu 1' \
        'info registers' 'info registers -a' 'cont' 'info status' 'quit' -- \
        -M mini-virt -m 1G -smp 2 -nographic -no-reboot -kernel "$A64EMU_GUEST_DIR/Image" \
        -initrd "$A64EMU_GUEST_DIR/initrd.cpio.gz" -append "console=ttyAMA0 panic=-1"
    check_rc 0
    check_match out '^\* CPU #0: thread_id=[0-9]+ mpidr=0x80000000 pc=0xffff[0-9a-f]{12} (halted \(WFI\)|running)$' "CPU 0 in the kernel"
    check_match out '^  CPU #1: thread_id=[0-9]+ mpidr=0x80000001 pc=0xffff[0-9a-f]{12} halted \(WFI\)$' "CPU 1 idle in WFI"
    local st; st=$(grep -o 'VM status: [a-z]*' out | tr '\n' ',')
    [ "$st" = "VM status: paused,VM status: running," ] || fail "stop then cont: got '$st'"
    check_match out '^CPU#1$' "info registers shows the selected CPU"
    check_match out '^PSTATE=[0-9a-f]{8} [-NZCV]{4} EL1h     FPCR=[0-9a-f]{8} FPSR=[0-9a-f]{8}$' "FPCR/FPSR as QEMU prints them"
    check_match out '^Q00=[0-9a-f]{16}:[0-9a-f]{16} Q01=[0-9a-f]{16}:[0-9a-f]{16}$' "Q registers two a line"
    check_match out '^Q30=[0-9a-f]{16}:[0-9a-f]{16} Q31=[0-9a-f]{16}:[0-9a-f]{16}$' "Q31"
    # -a: both CPUs, each with its FP/SIMD registers (Linux enables FP at EL1 on each).
    [ "$(grep -c '^CPU#0$' out)" = 1 ] && [ "$(grep -c '^CPU#1$' out)" = 2 ] ||
        fail "info registers then info registers -a: expected CPU#1 twice and CPU#0 once"
    [ "$(grep -c '^Q30=.* Q31=' out)" = 3 ] || fail "expected Q30/Q31 in each of the three dumps"
}
