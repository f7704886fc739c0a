# TCG plugins (-plugin, include/a64emu-plugin.h, tcg/plugin*.c): the built-in execlog on
# the boot stub (the seeds' walk), exact counts of a test plugin built here against the
# installed header, filters, SMP, the log, the generated code without a plugin, and
# refused plugins.

SEMI=(-M mini-virt -m 512M -nographic -semihosting)

# guest PROG...: build the programs into ./build.
pguest() {
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD/build" "$@" >build.log 2>&1 ||
        { cat build.log; fail "tests/guest/build.sh $* failed"; return 1; }
}

# plugin_so NAME SRC [CFLAGS...]: build SRC into ./NAME.so against the header as `meson
# install` installs it (from the build directory of $A64EMU), with the C compiler.
plugin_so() {
    local name="$1" src="$2"; shift 2
    if [ ! -d inst ]; then
        meson install -C "$(dirname "$A64EMU")" --destdir "$PWD/inst" --quiet >install.log 2>&1 ||
            { cat install.log; fail "meson install failed"; return 1; }
    fi
    local hdr
    hdr=$(find inst -name a64emu-plugin.h | head -n 1)
    [ -n "$hdr" ] || { fail "meson install did not install a64emu-plugin.h"; return 1; }
    # shellcheck disable=SC2046
    cc -shared -fPIC -O1 -Wall -I"$(dirname "$hdr")" $(pkg-config --cflags glib-2.0) "$@" \
        "$src" -o "$name.so" $(pkg-config --libs glib-2.0) >cc.log 2>&1 ||
        { cat cc.log; fail "cc $src failed"; return 1; }
}

# sym ELF NAME: the symbol's address (hex, no 0x).
sym() { nm "$1" | awk -v s="$2" '$3 == s { print $1 }'; }

# The range plug_begin..plug_end of plugcount.elf as count.so's range=START+LEN.
plug_range() {
    local b e
    b=$(sym build/plugcount.elf plug_begin) e=$(sym build/plugcount.elf plug_end)
    printf 'range=%x+%x' "0x$b" $((0x$e - 0x$b))
}

# The seeds' walk: the boot stub's five instructions, with the literal loads of the
# DTB and kernel addresses (QEMU's execlog prints exactly these lines), then its
# branch to the kernel, printed at exit.
test_plugin_execlog_boot_stub() {
    need_guest || return 1
    LAST_CMD="a64emu -M mini-virt -kernel Image -plugin execlog,afilter=0x40000000+0x28 -d plugin -D trace.log"
    RC=0
    { sleep 2; echo quit; } | timeout -k 5 "$EMU_TIMEOUT" "$A64EMU" -M mini-virt -m 512M \
        -kernel "$A64EMU_GUEST_DIR/Image" -display none -serial null -monitor stdio \
        -plugin execlog,afilter=0x40000000+0x28 -d plugin -D trace.log >out 2>err || RC=$?
    check_rc 0
    cat >want <<'EOF'
0, 0x40000000, 0x580000c0, "ldr x0, #0x40000018", load, 0x40000018, RAM
0, 0x40000004, 0xaa1f03e1, "mov x1, xzr"
0, 0x40000008, 0xaa1f03e2, "mov x2, xzr"
0, 0x4000000c, 0xaa1f03e3, "mov x3, xzr"
0, 0x40000010, 0x58000084, "ldr x4, #0x40000020", load, 0x40000020, RAM
0, 0x40000014, 0xd61f0080, "br x4"
EOF
    diff want trace.log >diff.log || { fail "execlog's lines differ from the expected"; cat diff.log; }
}

# The exit callbacks run however a64emu ends: the monitor's quit (above), the guest's
# semihosting exit (the other tests), Ctrl-a x on the console (exit()).
test_plugin_exit_ctrl_a_x() {
    need_guest || return 1
    LAST_CMD="a64emu -M mini-virt -nographic -kernel Image -plugin insn -d plugin -D log   (Ctrl-a x after 2 s)"
    RC=0
    { sleep 2; printf '\001x'; } | timeout -k 5 "$EMU_TIMEOUT" "$A64EMU" -M mini-virt -m 512M \
        -nographic -kernel "$A64EMU_GUEST_DIR/Image" -plugin insn -d plugin -D log >out 2>err || RC=$?
    check_rc 0
    check_match log '^cpu 0 insns: [1-9][0-9]*$' "insn's count at exit"
}

# A plugin built against the installed header (as <qemu-plugin.h>), loaded from a file:
# the exact counts plugcount.S derives; the faulting load is not reported (QEMU 7.2's
# behaviour: memory callbacks come after the access); every callback ran on the thread
# of the vCPU it was given. The same under the IR interpreter.
test_plugin_counts() {
    pguest plugcount || return 1
    plugin_so count "$A64EMU_ROOT/tests/plugin/count.c" || return 1
    local r
    r=$(plug_range)
    cat >want <<'EOF'
count: insns cb=7008 inline=7008
count: loads cb=2001 inline=2001 stores cb=1000 inline=1000
count: ram=3000 io=1 io_names=pl011
count: vcpus init=1 seen=1 wrong_thread=0
count: regs checked=1000 bad=0
count: symbols plug_loop -
EOF
    local accel
    for accel in tcg tcg,interp=on; do
        emu "${SEMI[@]}" -accel "$accel" -kernel build/plugcount.elf -plugin "./count.so,$r" -d plugin,ir_verify
        check_rc 0
        check_out "plugcount: PASS"
        grep '^count:' err >got
        diff want got >diff.log || { fail "-accel $accel: counts differ"; cat diff.log; }
    done
}

# -smp 4: each vCPU's callbacks carry its own index and run on its own thread; the
# per-vCPU inline counter of the built-in insn equals the callback count.
test_plugin_smp() {
    pguest smp plugcount || return 1
    plugin_so count "$A64EMU_ROOT/tests/plugin/count.c" || return 1
    local entry
    entry=$(sym build/smp.elf psci_secondary_entry)
    emu "${SEMI[@]}" -smp 4 -kernel build/smp.elf -plugin ./count.so -plugin insn \
        -plugin "execlog,afilter=$entry" -d plugin -D log
    check_rc 0
    check_has log "count: vcpus init=4 seen=4 wrong_thread=0"
    local v pc
    pc=$(printf '0x%x' "0x$entry")
    for v in 1 2 3; do
        [ "$(grep -c "^$v, $pc, " log)" -eq 1 ] ||
            fail "vCPU $v: not exactly one execlog line at psci_secondary_entry ($pc)"
    done
    grep -q "^0, $pc, " log && fail "vCPU 0's lines say it ran the secondary entry"
    for v in 0 1 2 3; do
        check_match log "^cpu $v insns: [1-9][0-9]*$" "insn's count for vCPU $v"
    done
    local total cb
    total=$(awk '/^insns: / { print $2 }' log)
    cb=$(sed -n 's/^count: insns cb=\([0-9]*\) .*/\1/p' log)
    [ -n "$total" ] && [ "$total" = "$cb" ] ||
        fail "insn's per-vCPU inline total ($total) is not the callback count ($cb)"
}

# The built-in execlog, built as a shared object against our header, loads into
# qemu-system-aarch64 7.2 as well (the same ABI): both emulators print the same trace,
# byte for byte: of plugcount (the exception, the MMIO access and its region's name) and
# of ldst (every load and store form: pairs, exclusives, unaligned, faulting).
test_plugin_execlog_vs_qemu() {
    pguest plugcount ldst || return 1
    local so p
    so="$(dirname "$A64EMU")/tcg/plugins/libexeclog.so"
    [ -f "$so" ] || { fail "$so was not built"; return 1; }
    for p in plugcount ldst; do
        emu "${SEMI[@]}" -kernel "build/$p.elf" -plugin "$so" -d plugin -D "$p.a.log"
        check_rc 0
        LAST_CMD="scripts/oracle -m 512M -nographic -semihosting -kernel build/$p.elf -plugin $so -d plugin -D $p.q.log"
        RC=0
        timeout -k 5 "$EMU_TIMEOUT" "$A64EMU_ROOT/scripts/oracle" "${SEMI[@]:2}" -kernel "build/$p.elf" \
            -plugin "$so" -d plugin -D "$p.q.log" >qout 2>qerr || RC=$?
        check_rc 0
        [ "$(grep -c '' "$p.a.log")" -gt 10000 ] || fail "$p: a64emu's trace is too short"
        cmp -s "$p.a.log" "$p.q.log" ||
            { fail "$p: a64emu's execlog trace differs from QEMU's"; diff "$p.a.log" "$p.q.log" | head -20; }
    done
}

# ifilter (disassembly prefix, QEMU's) and afilter (an address, or a64emu's ADDR+LEN).
test_plugin_execlog_filters() {
    pguest plugcount || return 1
    local loop
    loop=$(sym build/plugcount.elf plug_loop)
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin execlog,ifilter=str,ifilter=subs -d plugin -D log
    check_rc 0
    [ -s log ] || fail "ifilter: nothing logged"
    grep -vqE '^0, 0x[0-9a-f]+, 0x[0-9a-f]{8}, "(str|subs)' log && fail "ifilter let other instructions through"
    [ "$(grep -c '"subs x1, x1, #1"' log)" -eq 1000 ] || fail "ifilter: not 1000 subs of the loop"
    check_match log '^0, 0x[0-9a-f]+, 0xf9000802, "str x2, \[x0, #0x10\]", store, 0x[0-9a-f]{8}, RAM$' "the loop's store"
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin "execlog,afilter=$loop+8" -d plugin -D log2
    check_rc 0
    printf '0, 0x%x, 0xd2807d01, "movz x1, #0x3e8"\n0, 0x%x, 0xd2800002, "movz x2, #0"\n' \
        "0x$loop" $((0x$loop + 4)) >want
    diff want log2 >diff.log || { fail "afilter=ADDR+LEN"; cat diff.log; }
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin "execlog,afilter=$(sym build/plugcount.elf plug_mmio)" -d plugin -D log3
    check_rc 0
    check_match log3 '^0, 0x[0-9a-f]+, 0xb9400000, "ldr w0, \[x0\]", load, 0x09000018, pl011$' "the MMIO load, named by its region"
    [ "$(grep -c '' log3)" -eq 1 ] || fail "afilter=ADDR: not one line"
}

# -d plugin without -D: the log on stderr; without -d plugin: nothing.
test_plugin_log() {
    pguest plugcount || return 1
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin insn -d plugin
    check_rc 0
    check_match err '^insns: [1-9][0-9]*$' "stderr"
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin insn
    check_rc 0
    check_lacks err "insns:" "stderr without -d plugin"
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin insn,inline=off -plugin mem -plugin hotblocks,top=3 -d plugin -D log
    check_rc 0
    check_lacks err "insns:" "stderr with -D"
    check_match log '^insns: [1-9][0-9]*$' "insn with callbacks"
    check_has log "io pl011: 1" "mem's MMIO count"
    check_match log '^loads: [1-9][0-9]*$' "mem's loads"
    check_has log "pc, tcount, icount, ecount" "hotblocks' header"
    # The loop's body: a block of 7 instructions from plug_loop+8, run 999 times.
    check_has log "$(printf '0x%016x, 1, 7, 999' $((0x$(sym build/plugcount.elf plug_loop) + 8)))" "hotblocks' hottest block"
    [ "$(sed -n '/^pc, tcount/,$p' log | grep -c '^0x')" -eq 3 ] || fail "hotblocks,top=3: not 3 blocks"
}

# No plugin: the generated code is what it is without the plugin machinery (the host
# code of every block, constants and addresses aside, the same as with a plugin that
# registers nothing); a plugin pays only for what it registers.
test_plugin_out_asm_unchanged() {
    pguest plugcount || return 1
    plugin_so count "$A64EMU_ROOT/tests/plugin/count.c" || return 1
    norm() { sed -E 's/^0x[0-9a-f]+: +([0-9a-f]{2} )+ +//; s/0x[0-9a-f]{8,}/ADDR/g' "$1"; }
    emu "${SEMI[@]}" -kernel build/plugcount.elf -d out_asm -D none.log
    check_rc 0
    emu "${SEMI[@]}" -kernel build/plugcount.elf -d out_asm -D empty.log -plugin ./count.so,range=0+4
    check_rc 0
    norm none.log >a; norm empty.log >b
    [ -s a ] && cmp -s a b || fail "a plugin that registers nothing changed the generated code"
    emu "${SEMI[@]}" -kernel build/plugcount.elf -d out_asm -D insn.log -plugin insn
    check_rc 0
    norm insn.log >c
    cmp -s a c && fail "insn's inline counters changed nothing"
    # insn adds one `add qword ptr [reg + reg*8], 1` per guest instruction, no call.
    local adds insns calls0 calls1
    adds=$(grep -c 'add qword ptr \[r[a-z0-9]* + r10\*8\], 1$' insn.log)
    insns=$(grep -c -- '-- guest addr' insn.log)
    [ "$adds" -eq "$insns" ] || fail "insn: $adds inline adds for $insns guest instructions"
    calls0=$(grep -c 'call ' none.log); calls1=$(grep -c 'call ' insn.log)
    [ "$calls0" -eq "$calls1" ] || fail "insn's inline counters added calls ($calls0 -> $calls1)"
}

# refused SPEC NAMED...: -plugin SPEC stops a64emu with one line naming each NAMED.
refused() {
    local spec="$1"; shift
    emu "${SEMI[@]}" -kernel build/plugcount.elf -plugin "$spec"
    check_error_exit -- "$@"
}

# Refused plugins: one line naming the file or the argument, status 1.
test_plugin_errors() {
    pguest plugcount || return 1
    local install='QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t i, const qemu_info_t *n, int c, char **v) { return 0; }'
    printf '#include <qemu-plugin.h>\nQEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;\n' >noinstall.c
    printf '#include <qemu-plugin.h>\nQEMU_PLUGIN_EXPORT int qemu_plugin_version = 99;\n%s\n' "$install" >newer.c
    printf '#include <qemu-plugin.h>\n%s\n' "$install" >nover.c
    local so
    for so in noinstall newer nover; do
        plugin_so "$so" "$so.c" || return 1
    done
    printf 'not an ELF\n' >junk.so
    refused ./nosuch.so "./nosuch.so"
    refused nosuch "nosuch" "execlog"
    refused ./noinstall.so "./noinstall.so" "qemu_plugin_install"
    refused ./newer.so "./newer.so" "99"
    refused ./nover.so "./nover.so" "qemu_plugin_version"
    refused ./junk.so "./junk.so"
    refused execlog,bogus=1 "execlog,bogus=1"
    refused execlog,afilter=zz "afilter=zz"
    refused insn,noequals "noequals"
}
