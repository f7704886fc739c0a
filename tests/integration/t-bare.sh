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
test_bare_mmu()    { bare_compare mmu; }
test_bare_mmulevels() { bare_compare mmulevels; }

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
