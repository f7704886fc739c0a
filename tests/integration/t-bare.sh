# Bare-metal guest programs (tests/guest/) under a64emu, compared with qemu-system-aarch64:
# each program's output and exit status must match QEMU's exactly; plus the
# crash-resistance run. These fail (never skip) while a64emu cannot run guest code.
# Set A64EMU_BARE_TESTS=off to leave them out of the suite (the functions are then not
# defined, so the runner does not list them).
[ "${A64EMU_BARE_TESTS:-on}" = off ] && return 0

# bare_compare PROG: tests/guest/run.sh for one program, its TAP and diff as the log.
bare_compare() {
    LAST_CMD="tests/guest/run.sh $1"
    local rc=0
    RUN_TIMEOUT="${A64EMU_BARE_TIMEOUT:-$(limit 120)}" "$A64EMU_ROOT/tests/guest/run.sh" \
        --build-dir "$PWD/build" "$1" >run.log 2>&1 || rc=$?
    cat run.log
    [ "$rc" -eq 0 ] || fail "guest program $1: a64emu does not match qemu-system-aarch64"
}

test_bare_alu()    { bare_compare alu; }
test_bare_ldst()   { bare_compare ldst; }
test_bare_branch() { bare_compare branch; }
test_bare_sysreg() { bare_compare sysreg; }
test_bare_excp()   { bare_compare excp; }
test_bare_smc()    { bare_compare smc; }
test_bare_sort()   { bare_compare sort; }
test_bare_hash()   { bare_compare hash; }
test_bare_interp() { bare_compare interp; }
test_bare_chase()  { bare_compare chase; }
test_bare_crc()    { bare_compare crc; }
test_bare_lz()     { bare_compare lz; }
test_bare_simdsum() { bare_compare simdsum; }
test_bare_simdchr() { bare_compare simdchr; }
test_bare_mmu()    { bare_compare mmu; }
test_bare_mmulevels() { bare_compare mmulevels; }
test_bare_gicregs() { bare_compare gicregs; }
test_bare_irq()    { bare_compare irq; }
test_bare_timer()  { bare_compare timer; }
test_bare_idle()   { bare_compare idle; }

# An idle guest (tests/guest/idle.c: 3 s in WFI, woken by a 100 Hz timer) costs the host
# next to nothing: a64emu's CPU time (utime + stime of /proc/PID/stat) over 2 s of it stays
# under 5 % of one core.
test_bare_idle_cpu() {
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD/build" idle >build.log 2>&1 ||
        { cat build.log; fail "tests/guest/build.sh idle failed"; return 1; }
    LAST_CMD="a64emu -M mini-virt -m 512M -nographic -semihosting -kernel build/idle.elf"
    "$A64EMU" -M mini-virt -m 512M -nographic -semihosting -kernel build/idle.elf </dev/null >out 2>err &
    local pid=$! hz t0 t1 ticks
    hz=$(getconf CLK_TCK)
    cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
    sleep 0.5
    t0=$(cpu_ticks "$pid")
    sleep 2
    t1=$(cpu_ticks "$pid")
    wait "$pid"; RC=$?
    check_rc 0
    check_has out "idle: 300 ticks, 0 early" stdout
    [ -n "$t0" ] && [ -n "$t1" ] || { fail "could not read /proc/$pid/stat"; return 1; }
    ticks=$((t1 - t0))
    echo "idle guest: $ticks clock ticks of CPU in 2 s (CLK_TCK $hz)"
    # 5 % of 2 s of one core
    [ $((ticks * 100)) -le $((hz * 2 * 5)) ] || fail "idle guest used $ticks/$((hz * 2)) ticks of one core (more than 5 %)"
}

# PSCI: every secondary started, stopped and started again, with 4 and 8 CPUs; the
# program ends with SYSTEM_OFF (the exit status is compared too).
test_bare_psci_smp4() { RUN_ARGS="-smp 4" bare_compare psci; }
test_bare_psci_smp8() { RUN_ARGS="-smp 8" bare_compare psci; }
# SYSTEM_RESET: the machine resets and the program, booted again, powers off; with
# -no-reboot the reset ends the emulator with status 0.
test_bare_psci_reset() { RUN_ARGS="-smp 2" bare_compare psci_reset; }
test_bare_psci_no_reboot() { RUN_ARGS="-smp 2 -no-reboot" bare_compare psci_reset; }
# The HVC conduit when the user's -dtb says method = "hvc" (QEMU's virt uses HVC
# anyway): HVC is PSCI, SMC is UNDEFINED.
test_bare_psci_hvc() {
    command -v dtc >/dev/null || { fail "dtc is not installed"; return 1; }
    emu -M mini-virt,dumpdtb=smc.dtb -m 512M -smp 2
    dtc -I dtb -O dts smc.dtb 2>/dev/null | sed 's/method = "smc"/method = "hvc"/' >hvc.dts
    grep -q 'method = "hvc"' hvc.dts || { fail "no PSCI method in the dumped tree"; return 1; }
    dtc -I dts -O dtb -o hvc.dtb hvc.dts 2>/dev/null || { fail "dtc could not build hvc.dtb"; return 1; }
    A64EMU_ARGS="-dtb $PWD/hvc.dtb" RUN_ARGS="-smp 2" bare_compare psci
}
test_bare_unpriv() { bare_compare unpriv; }
test_bare_el0trap() { bare_compare el0trap; }
test_bare_pmu() { bare_compare pmu; }
test_bare_idregs() { bare_compare idregs; }
test_bare_fpldst() { bare_compare fpldst; }
test_bare_simdperm() { bare_compare simdperm; }
test_bare_simdint() { bare_compare simdint; }
test_bare_fp()     { bare_compare fp; }
test_bare_simdcrypto() { bare_compare simdcrypto; }
# 20000 random words of the AdvSIMD/crypto classes (tests/guest/simd-classes.h).
test_bare_simdrand() { bare_compare simdrand; }
test_bare_align() { bare_compare align; }
test_bare_bigend() { bare_compare bigend; }

# Unaligned accesses to Device memory (MMU on) take alignment faults here; QEMU 7.2 lets
# them through, so this is checked against the architecture, not compared.
test_bare_align_device() {
    EXTRA_CFLAGS=-DALIGN_DEVICE "$A64EMU_ROOT/tests/guest/build.sh" "$PWD/build" align >build.log 2>&1 ||
        { cat build.log; fail "tests/guest/build.sh align failed"; return 1; }
    EMU_TIMEOUT="${A64EMU_BARE_TIMEOUT:-$(limit 120)}" emu -M mini-virt -m 512M -nographic -semihosting -kernel build/align.elf
    check_rc 0
    # Normal memory: no fault; each Device page: DFSC 0x21 (WnR for stores) at the address
    sed -n '/^normal:/,/^device-nGnRnE:/p' out >normal.txt
    check_has normal.txt "  ldrh  +1 0x1b0e" "the Normal page"
    check_has normal.txt "  ldp w +0x22 0xe2d5c8bb 0x1609fcef" "the Normal page"
    local dev; for dev in 0x0000100000001 0x0000100000002; do
        check_match out "EC=0x25 IL=1 ISS=0x0000021 ELR=[^ ]+ FAR=${dev}001 " "an unaligned LDRH on Device ($dev)"
        check_match out "EC=0x25 IL=1 ISS=0x0000061 ELR=[^ ]+ FAR=${dev}101 " "an unaligned STRH on Device ($dev)"
        check_match out "EC=0x25 IL=1 ISS=0x0000021 ELR=[^ ]+ FAR=${dev}022 " "an unaligned LDP on Device ($dev)"
    done
    check_match out '^  ldrb  \+3 0x28$' "a byte load from Device memory"
    check_match out '^  ldr x \+8 0xc4b7aa9d90837669$' "an aligned load from Device memory"
    check_match out 'low64-sync: EC=0x24 IL=1 ISS=0x0000021 ELR=el0\+0x0 FAR=0x0000100000003003 ' "EL0 on Device memory"
    check_has out "align: PASS"
}

# SMP stress: every vCPU at once doing 10^6 LL/SC increments (64-bit, 32-bit acquire/
# release, 128-bit pair), a ticket spinlock and (CPUs 0, 1) Dekker's algorithm over DMB;
# the totals are exact and printed, so QEMU's output is the same.
test_bare_smp2() { RUN_ARGS="-smp 2" bare_compare smp; }
test_bare_smp4() { RUN_ARGS="-smp 4" bare_compare smp; }
test_bare_smp8() { RUN_ARGS="-smp 8" bare_compare smp; }
# The same program many times under a64emu alone (races show up now and then, not
# every run): every run must print QEMU's totals.
test_bare_smp_repeat() {
    RUN_ARGS="-smp 4" bare_compare smp || return 1
    local b="$PWD/build" i n
    for n in 2 4; do
        for i in 1 2 3 4 5; do
            LAST_CMD="a64emu -smp $n -semihosting -kernel smp.elf (run $i)"
            timeout -k 5 "$(limit 120)" "$A64EMU" -M mini-virt -m 512M -nographic -smp "$n" \
                -semihosting -kernel "$b/smp.elf" </dev/null >"run$n.$i" 2>&1 ||
                fail "exit status $? on run $i with -smp $n"
            grep -q '^smp: PASS' "run$n.$i" || { show "run $i with -smp $n" "run$n.$i"; fail "lost updates"; }
        done
    done
}

# The issue's own command line and output.
test_bare_sort_cli() {
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD/build" sort >build.log 2>&1 ||
        { cat build.log; fail "tests/guest/build.sh sort failed"; return 1; }
    EMU_TIMEOUT="${A64EMU_BARE_TIMEOUT:-$(limit 120)}" emu -M mini-virt -m 512M -nographic -semihosting -kernel build/sort.elf
    check_rc 0
    cat out err >both
    check_match both '^sorted 1048576 words, checksum 0x[0-9a-f]{16}$' "output"
}

# Pages of random instruction words at EL0 for a few seconds: the process must survive.
test_bare_crash_resistance() {
    LAST_CMD="tests/guest/crash.sh --time 8"
    "$A64EMU_ROOT/tests/guest/crash.sh" --time 8 >crash.log 2>&1 || fail "a64emu did not survive random code"
    cat crash.log
    LAST_CMD="tests/guest/crash.sh --time 8 --seed 0xc0ffee"
    "$A64EMU_ROOT/tests/guest/crash.sh" --time 8 --seed 0xc0ffee >crash2.log 2>&1 || fail "a64emu did not survive random code"
    cat crash2.log
}
