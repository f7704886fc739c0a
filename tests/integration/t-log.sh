# The translator's debug log (-d, -D, -dfilter) and its run modes (a tiny code buffer,
# the IR interpreter), on the bare-metal guest programs of tests/guest/.

# guest PROG...: build the programs into ./build (fails the test if the build does).
guest() {
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD/build" "$@" >build.log 2>&1 ||
        { cat build.log; fail "tests/guest/build.sh $* failed"; return 1; }
}

SEMI=(-M mini-virt -m 512M -nographic -semihosting)

test_log_in_out_asm() {
    guest branch || return 1
    emu "${SEMI[@]}" -d in_asm,out_asm -D log -kernel build/branch.elf
    check_rc 0
    check_has log "IN: " "the in_asm header"
    check_match log '^0x0000000040080000:  [0-9a-f]{8}  [a-z]' "a guest instruction line (address, word, disassembly)"
    check_match log '^OUT: \[size=[0-9]+\]$' "the out_asm header"
    check_has log "  -- guest addr 0x0000000040080000" "the guest-address marker in out_asm"
    check_match log '^0x[0-9a-f]{16}:  ([0-9a-f]{2} )+ +[a-z]' "a host instruction line"
    # The log went to the file, not to the terminal.
    check_lacks out "IN: " "stdout"
}

test_log_op() {
    guest branch || return 1
    emu "${SEMI[@]}" -d op,op_opt -D log -kernel build/branch.elf
    check_rc 0
    check_match log '^OP: 0x0000000040080000$' "the IR before optimization"
    check_match log '^OP after optimization: 0x0000000040080000$' "the IR after optimization"
    check_match log '^ ---- 0000000040080000$' "an instruction boundary"
    check_match log '^ exit_tb 0x[0-9a-f]+ slot [01]$' "a block exit"
}

# -d mmu: every table walk that faults, with its level and the descriptor it read.
test_log_mmu() {
    guest mmu || return 1
    emu "${SEMI[@]}" -d mmu -D log -kernel build/mmu.elf
    check_rc 0
    check_match log '^mmu: read of 0x0000008000000010 \(EL1 view\) at PC 0x[0-9a-f]+: FSC 0x04, level 0, descriptor 0x0000000000000000 at 0x[0-9a-f]+$' "a level 0 translation fault"
    check_match log '^mmu: write of 0x0000100000001000 \(EL1 view\) at PC 0x[0-9a-f]+: FSC 0x0f, level 3, descriptor 0x[0-9a-f]{16} at 0x[0-9a-f]+$' "a permission fault on a write"
    check_match log '^mmu: read of 0x0000100000008000 \(EL0 view\) ' "a fault of EL0's view"
    check_lacks out "mmu: read of" "stdout"
}

# -d unimp: an MRS/MSR of a register the table does not know is UNDEFINED and named.
test_log_unimp_sysreg() {
    guest excp || return 1
    emu "${SEMI[@]}" -d unimp -D log -kernel build/excp.elf
    check_rc 0
    check_match log '^MRS of unknown system register S3_0_C15_C15_7 at PC 0x[0-9a-f]+: UNDEFINED$' "the unknown MRS, by op0/op1/CRn/CRm/op2"
    check_lacks log "CPUACTLR" "a known IMPLEMENTATION DEFINED register"
}

test_log_dfilter() {
    guest branch || return 1
    emu "${SEMI[@]}" -d in_asm -D all -kernel build/branch.elf
    check_rc 0
    emu "${SEMI[@]}" -d in_asm -D one -dfilter 0x40080000+0x4 -kernel build/branch.elf
    check_rc 0
    local n_all n_one
    n_all=$(grep -c '^IN: ' all); n_one=$(grep -c '^IN: ' one)
    [ "$n_one" -eq 1 ] || fail "-dfilter 0x40080000+0x4: expected only the first block, got $n_one (of $n_all)"
    [ "$n_all" -gt 1 ] || fail "without -dfilter: expected many blocks, got $n_all"
    emu "${SEMI[@]}" -d in_asm -dfilter 0x40080000 -kernel build/branch.elf
    check_rc 0
    emu "${SEMI[@]}" -d in_asm -dfilter bogus -kernel build/branch.elf
    check_error_exit "bogus"
}

test_log_int_and_cpu() {
    guest excp || return 1
    emu "${SEMI[@]}" -d int -D log -kernel build/excp.elf
    check_rc 0
    check_match log '^Taking exception 1 \[Undefined Instruction\] on CPU 0$' "an UNDEFINED exception"
    check_match log '^\.\.\.with ESR 0x[0-9a-f]+/0x[0-9a-f]+$' "the ESR line"
    check_match log '^\.\.\.to EL1 PC 0x[0-9a-f]+ PSTATE 0x[0-9a-f]+$' "the vector line"
    guest branch || return 1
    emu "${SEMI[@]}" -d cpu,nochain -D cpu -kernel build/branch.elf
    check_rc 0
    check_match cpu '^ PC=0000000040080000 X00=' "registers before the first block"
}

# -d int logs interrupts as QEMU does: IRQ (an SGI to self), FIQ (Group 0), from EL0.
test_log_int_irq() {
    guest irq || return 1
    emu "${SEMI[@]}" -d int -D log -kernel build/irq.elf
    check_rc 0
    check_match log '^Taking exception 5 \[IRQ\] on CPU 0$' "an IRQ"
    check_match log '^Taking exception 6 \[FIQ\] on CPU 0$' "a FIQ"
    grep -A4 -F 'Taking exception 5 [IRQ]' log >irq.log
    check_match irq.log '^\.\.\.from EL0 to EL1$' "an IRQ from EL0"
    check_match irq.log '^\.\.\.with ELR 0x[0-9a-f]+$' "the ELR line"
    check_match irq.log '^\.\.\.to EL1 PC 0x[0-9a-f]+(a80|c80|e80|280|480) PSTATE 0x[0-9a-f]+$' "an IRQ vector"
}

# Chained blocks do not come back to the loop: -d exec sees more with nochain.
test_log_exec_nochain() {
    guest branch || return 1
    emu "${SEMI[@]}" -d exec -D chained -kernel build/branch.elf
    check_rc 0
    emu "${SEMI[@]}" -d exec,nochain -D unchained -kernel build/branch.elf
    check_rc 0
    local c u
    c=$(grep -c '^Trace 0: ' chained); u=$(grep -c '^Trace 0: ' unchained)
    [ "$u" -gt "$c" ] || fail "-d exec,nochain should trace more blocks than -d exec ($u vs $c)"
    check_match unchained '^Trace 0: 0x[0-9a-f]+ \[[0-9a-f]{8}/0000000040080000/[0-9]+\]$' "a trace line"
}

# A code buffer far smaller than the program's code: it is flushed over and over and
# the program still computes the same results.
test_tiny_code_buffer() {
    guest alu || return 1
    emu "${SEMI[@]}" -kernel build/alu.elf
    check_rc 0
    mv out ref
    A64EMU_JIT_STATS=stats emu "${SEMI[@]}" -accel tcg,tb-size=16K -kernel build/alu.elf
    check_rc 0
    cmp -s ref out || { fail "alu with tb-size=16K differs from the default buffer"; diff ref out | head; }
    local flushes
    flushes=$(sed -n 's/.* \([0-9]*\) flushes$/\1/p' stats)
    [ "${flushes:-0}" -gt 10 ] || fail "expected the 16K buffer to be flushed many times, stats say: $(head -1 stats)"
    check_has out "alu: PASS" "the program's self-check"
}

# The IR interpreter runs the same frontend without host code.
test_interpreter_mode() {
    guest alu || return 1
    emu "${SEMI[@]}" -kernel build/alu.elf
    check_rc 0
    mv out ref
    A64EMU_JIT_STATS=stats emu "${SEMI[@]}" -accel tcg,interp=on -kernel build/alu.elf
    check_rc 0
    cmp -s ref out || { fail "alu under the interpreter differs from the x86-64 backend"; diff ref out | head; }
    check_has stats "Mode: IR interpreter" "the statistics"
}
