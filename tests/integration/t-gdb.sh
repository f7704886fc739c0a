# The gdbstub: gdb-multiarch in batch mode against a64emu running tests/guest/gdbtarget.c
# (built here with -g), the boot stub walk of a synthetic Image, and raw protocol packets
# over a bash /dev/tcp socket (malformed ones included). Every run is under timeout.

GDB_TIMEOUT=$(limit 60)

# Is TCP port $1 listening on this host (either IPv4 table)? No connection is made: a
# connection would attach a debugger (and stop the guest).
port_listening() {
    local hex; hex=$(printf '%04X' "$1")
    awk -v p=":$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# A free port derived from the PID.
pick_port() {
    local p=$((20000 + ($$ * 7 + RANDOM) % 30000)) i
    for i in $(seq 1 50); do
        port_listening "$p" || { echo "$p"; return; }
        p=$((p + 1))
    done
    echo "$p"
}

need_gdb() {
    command -v gdb-multiarch >/dev/null || { fail "gdb-multiarch is not installed"; return 1; }
}

build_target() {
    EXTRA_CFLAGS=-g "$A64EMU_ROOT/tests/guest/build.sh" "$PWD" gdbtarget >build.log 2>&1 ||
        { fail "cannot build gdbtarget"; show build.log build.log; return 1; }
}

# emu_bg ARGS...: a64emu in the background (stdout ./out, stderr ./err, status ./rc),
# waits until it listens on $PORT.
emu_bg() {
    LAST_CMD="a64emu $*"
    ( rc=0; timeout -k 5 "$EMU_TIMEOUT" "$A64EMU" "$@" </dev/null >out 2>err || rc=$?; echo "$rc" >rc ) &
    EMU_PID=$!
    local i
    for i in $(seq 1 $((100 * TIME_SCALE * 10))); do     # up to 50 s (scaled)
        port_listening "$PORT" && return 0
        sleep 0.05
    done
    fail "a64emu does not listen on port $PORT"; show stderr err
    return 1
}

# emu_wait: the background a64emu's exit status in RC.
emu_wait() {
    wait "$EMU_PID" 2>/dev/null
    RC=$(cat rc 2>/dev/null || echo none)
    sed -i 's/\r$//' out err
}

# gdb_batch [-f ELF] CMD...: gdb-multiarch -batch with each CMD as -ex; output in gdb.out.
# With GDB_INTERRUPT_AFTER=SECONDS, gdb gets a SIGINT (Ctrl-C: it interrupts the target
# it is waiting for) that long after it starts.
gdb_batch() {
    local args=(-nx -batch) file=""
    if [ "${1:-}" = -f ]; then file="$2"; shift 2; fi
    args+=(-ex "set architecture aarch64" -ex "target remote 127.0.0.1:$PORT")
    local c; for c in "$@"; do args+=(-ex "$c"); done
    [ -n "$file" ] && args+=("$file")
    timeout -k 5 "$GDB_TIMEOUT" gdb-multiarch "${args[@]}" >gdb.out 2>&1 </dev/null &
    local tpid=$! r
    if [ -n "${GDB_INTERRUPT_AFTER:-}" ]; then
        sleep "$GDB_INTERRUPT_AFTER"
        # timeout's child is the gdb
        local g; g=$(pgrep -P "$tpid")
        [ -n "$g" ] && kill -INT "$g"
    fi
    wait "$tpid"; r=$?
    [ "$r" -eq 124 ] && { fail "gdb timed out"; show gdb gdb.out; }
    return 0
}

gdb_setup() {
    need_gdb || return 1
    build_target || return 1
    PORT=$(pick_port)
}

# Stop at reset under -S, break at a symbol, continue, stepi, registers and memory read and
# written; the guest then finishes with what gdb wrote.
test_gdb_break_step_registers_memory() {
    gdb_setup || return
    emu_bg -M mini-virt -m 512M -nographic -semihosting -kernel gdbtarget.elf -gdb "tcp::$PORT" -S || return
    gdb_batch -f gdbtarget.elf 'x/6i $pc' 'break bump' 'continue' 'p/x $pc' 'p by' \
        'stepi' 'p/x $pc' 'info registers' 'set var $x9 = 0x1234abcd' 'p/x $x9' \
        'p counter' 'set var counter = 100' 'p counter' 'x/gx &poke' \
        'set var poke = 0xfeedface' 'x/gx &poke' 'p $cpsr' 'delete' 'detach'
    emu_wait
    check_has gdb.out '=> 0x40080000 <_start>:' gdb
    check_match gdb.out '^Breakpoint 1, (0x[0-9a-f]+ in )?bump \(by=(by@entry=)?1\)' gdb
    local bump; bump=$(aarch64-linux-gnu-nm gdbtarget.elf | awk '$3 == "bump" { print $1 }' | sed 's/^0*//')
    check_has gdb.out "\$1 = 0x$bump" gdb
    check_has gdb.out "\$2 = 1" gdb
    check_has gdb.out "\$3 = 0x$(printf '%x' $((0x$bump + 4)))" gdb
    check_match gdb.out '^x30 +0x4008[0-9a-f]+' gdb
    check_match gdb.out '^sp +0x400[89][0-9a-f]{4} ' gdb
    check_match gdb.out '^cpsr +0x[0-9a-f]{0,2}0003c5 ' gdb   # EL1h, DAIF masked
    check_has gdb.out '$4 = 0x1234abcd' gdb
    check_has gdb.out '$5 = 0' gdb
    check_has gdb.out '$6 = 100' gdb
    check_match gdb.out ':[[:space:]]+0x1122334455667788$' gdb
    check_match gdb.out ':[[:space:]]+0x00000000feedface$' gdb
    check_has gdb.out '[Inferior 1 (Remote target) detached]' gdb
    # counter was 0 at the first bump: 100 + 5 bumps.
    check_out 'counter=105 poke=feedface'
    [ "$RC" = 7 ] || fail "exit status: expected 7 (counter != 5), got $RC"
    check_lacks err 'not implemented' stderr
}

# A hardware watchpoint reports the old and new values at each write, and the guest is
# not disturbed by it (nothing is written into guest memory).
test_gdb_watchpoint() {
    gdb_setup || return
    emu_bg -M mini-virt -m 512M -nographic -semihosting -kernel gdbtarget.elf -gdb "tcp::$PORT" -S || return
    gdb_batch -f gdbtarget.elf 'watch counter' 'continue' 'continue' 'rwatch poke' 'delete 1' \
        'continue' 'delete' 'detach'
    emu_wait
    check_has gdb.out 'Hardware watchpoint 1: counter' gdb
    check_match gdb.out 'Old value = 0$' gdb
    check_match gdb.out 'New value = 1$' gdb
    check_match gdb.out 'Old value = 1$' gdb
    check_match gdb.out 'New value = 2$' gdb
    check_has gdb.out 'Hardware read watchpoint 2: poke' gdb
    check_has gdb.out 'Value = 1234605616436508552' gdb
    check_out 'counter=5 poke=1122334455667788'
    [ "$RC" = 0 ] || fail "exit status: expected 0, got $RC"
}

# monitor commands go to the human monitor; kill ends the emulator.
test_gdb_monitor_and_kill() {
    gdb_setup || return
    emu_bg -M mini-virt -m 512M -nographic -semihosting -kernel gdbtarget.elf -gdb "tcp::$PORT" -S || return
    gdb_batch 'monitor info mtree' 'monitor nosuchcommand' 'info threads' 'kill'
    emu_wait
    check_has gdb.out 'address-space: memory' gdb
    check_has gdb.out '(prio 0, i/o): pl011' gdb
    check_has gdb.out '0000000040000000-000000005fffffff (prio 0, ram): ram' gdb
    check_has gdb.out 'nosuchcommand' gdb
    check_match gdb.out '^\* 1 +Thread 1' gdb
    check_has gdb.out '[Inferior 1 (Remote target) killed]' gdb
    [ "$RC" = 0 ] || fail "kill: expected exit status 0, got $RC"
    check_lacks out 'counter=' stdout
}

# A gdb that attaches to a running guest stops it; detaching lets it finish.
test_gdb_attach_running_then_detach() {
    gdb_setup || return
    emu_bg -M mini-virt -m 512M -nographic -semihosting -kernel gdbtarget.elf -gdb "tcp::$PORT" || return
    sleep 0.3
    gdb_batch -f gdbtarget.elf 'p counter' 'p $pc' 'detach'
    emu_wait
    # The spin loop runs after the five bumps: that is where it stopped.
    check_has gdb.out '$1 = 5' gdb
    check_match gdb.out '^\$2 = \(void \(\*\)\(\)\) 0x4008[0-9a-f]+ <main\+[0-9]+>' gdb
    check_has gdb.out 'detached' gdb
    check_out 'counter=5 poke=1122334455667788'
    [ "$RC" = 0 ] || fail "exit status: expected 0, got $RC"
}

# With the MMU on and a non-identity map (tests/guest/mmutarget.c): a breakpoint at a
# virtual address, memory read and written through the translation (an unmapped page is an
# error, not garbage), and the system registers feature.
test_gdb_mmu_virtual() {
    need_gdb || return
    EXTRA_CFLAGS=-g "$A64EMU_ROOT/tests/guest/build.sh" "$PWD" mmutarget >build.log 2>&1 ||
        { fail "cannot build mmutarget"; show build.log build.log; return 1; }
    PORT=$(pick_port)
    emu_bg -M mini-virt -m 512M -nographic -semihosting -kernel mmutarget.elf -gdb "tcp::$PORT" || return
    gdb_batch -f mmutarget.elf 'break *0x100000001000' 'continue' 'p/x $pc' 'stepi' 'p/x $pc' \
        'x/2gx 0x100000002000' 'x/2gx 0x100000003000' 'p/x $SCTLR_EL1' 'p/x $TCR_EL1' \
        'p/x $CurrentEL' 'set var *(unsigned long *)0x100000004000 = 0x77' 'p/x ticks' \
        'set var $TPIDR_EL0 = 0x1234' 'p/x $TPIDR_EL0' 'info registers system' \
        'x/2gx 0x100000004000' 'kill'
    emu_wait
    check_has gdb.out 'Breakpoint 1, 0x0000100000001000' gdb
    check_has gdb.out '$1 = 0x100000001000' gdb
    check_has gdb.out '$2 = 0x100000001004' gdb
    check_match gdb.out '^0x100000002000:[[:space:]]+0xcafe000000000000[[:space:]]+0xcafe000000000001$' gdb
    check_has gdb.out 'Cannot access memory at address 0x100000003000' gdb
    check_has gdb.out '$3 = 0xc50839' gdb
    check_has gdb.out '$4 = 0x200803510' gdb
    check_has gdb.out '$5 = 0x4' gdb
    # the write through the virtual alias of `ticks`, read back through its symbol
    check_has gdb.out '$6 = 0x77' gdb
    check_has gdb.out '$7 = 0x1234' gdb
    check_match gdb.out '^TTBR0_EL1 +0x40[0-9a-f]{6} ' gdb
    check_match gdb.out '^SP_EL1 +0x[0-9a-f]+ ' gdb
    check_match gdb.out '^0x100000004000:[[:space:]]+0x0*77[[:space:]]' gdb
}

# The seeds' walk: a Linux Image under -s -S, x/6i at the boot stub, stepi into the kernel.
test_gdb_boot_stub_walk() {
    need_gdb || return
    make_image k.img
    PORT=1234
    local gdbflag=(-s)
    if port_listening 1234; then PORT=$(pick_port); gdbflag=(-gdb "tcp::$PORT"); fi
    emu_bg -M mini-virt -m 512M -nographic -kernel k.img "${gdbflag[@]}" -S || return
    gdb_batch 'x/6i $pc' 'stepi' 'stepi' 'stepi' 'stepi' 'stepi' 'p/x $x0' 'p/x $x4' 'stepi' \
        'x/i $pc' 'stepi' 'p/x $pc' 'kill'
    emu_wait
    check_has gdb.out '=> 0x40000000:	ldr	x0, 0x40000018' gdb
    check_has gdb.out '0x40000014:	br	x4' gdb
    check_has gdb.out '0x0000000040000014 in ?? ()' gdb
    # x0 = the DTB address, x4 = the kernel entry (RAM base + 2 MiB for text_offset 0).
    check_match gdb.out '^\$1 = 0x4[0-9a-f]{7}$' gdb
    check_has gdb.out '$2 = 0x40200000' gdb
    # The Image's first instruction branches past the header to "b .".
    check_has gdb.out '=> 0x40200000:	b	0x40200040' gdb
    check_has gdb.out '$3 = 0x40200040' gdb
}

# ---- raw protocol -----------------------------------------------------------------------

rsp_open() { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; }
rsp_close() { exec 3<&- 3>&-; }

# rsp_pkt PAYLOAD: "$PAYLOAD#cs"
rsp_pkt() {
    local s="$1" sum=0 i c
    for ((i = 0; i < ${#s}; i++)); do
        printf -v c '%d' "'${s:i:1}"
        sum=$(((sum + c) & 255))
    done
    printf '$%s#%02x' "$s" "$sum"
}

# rsp_read: bytes up to the end of the next packet (or a lone +/-, when WANT=ack) in REPLY.
rsp_read() {
    local c state=0 n=0
    REPLY_RAW=""
    while IFS= read -r -d '' -t 3 -N 1 -u 3 c; do
        REPLY_RAW+="$c"
        case "$state" in
            0) [ "$c" = '$' ] && state=1
               [ "${WANT:-}" = ack ] && { [ "$c" = + ] || [ "$c" = - ]; } && return 0 ;;
            1) [ "$c" = '#' ] && state=2 ;;
            2) n=$((n + 1)); [ "$n" -eq 2 ] && return 0 ;;
        esac
    done
    return 1
}

# rsp_expect SEND EXPECTED-REPLY-PAYLOAD: send raw bytes, read one packet, compare payload.
rsp_expect() {
    printf '%s' "$1" >&3
    if ! rsp_read; then
        fail "no reply to '$1' (got '$REPLY_RAW')"; return 1
    fi
    local body="${REPLY_RAW#*\$}"; body="${body%#*}"
    # Acknowledge the reply (ack mode) so the stub does not wait.
    printf '+' >&3
    [ "$body" = "$2" ] && return 0
    fail "reply to '$1': expected '$2', got '$body' (raw '$REPLY_RAW')"
}

test_gdb_protocol_raw_packets() {
    make_image k.img
    PORT=$(pick_port)
    emu_bg -M mini-virt -m 512M -nographic -kernel k.img -gdb "tcp::$PORT" -S || return
    rsp_open
    # Every good packet is acked with '+' before its reply.
    printf '%s' "$(rsp_pkt '?')" >&3
    WANT=ack rsp_read; [ "$REPLY_RAW" = + ] || fail "no ack for ?: got '$REPLY_RAW'"
    rsp_read; [ "$REPLY_RAW" = "$(rsp_pkt 'T05thread:01;')" ] || fail "? reply: '$REPLY_RAW'"
    printf '+' >&3
    # A bad checksum gets '-'.
    printf '$g#00' >&3
    WANT=ack rsp_read; [ "$REPLY_RAW" = - ] || fail "bad checksum: expected '-', got '$REPLY_RAW'"
    # Garbage between packets is ignored; unknown packets get the empty reply.
    printf 'garbage\r\n' >&3
    rsp_expect "$(rsp_pkt vFooBarBaz)" ""
    rsp_expect "$(rsp_pkt 'qSupported:multiprocess+;swbreak+')" \
        "PacketSize=1000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+"
    rsp_expect "$(rsp_pkt 'vCont?')" "vCont;c;C;s;S"
    rsp_expect "$(rsp_pkt qfThreadInfo)" "m1"
    rsp_expect "$(rsp_pkt qsThreadInfo)" "l"
    rsp_expect "$(rsp_pkt qAttached)" "1"
    rsp_expect "$(rsp_pkt p20)" "0000004000000000"
    rsp_expect "$(rsp_pkt p21)" "c5030000"
    rsp_expect "$(rsp_pkt p99)" "E22"
    rsp_expect "$(rsp_pkt m40200000,4)" "10000014"
    # 0x0 is flash bank 0 (erased: all ones); 0x10000000 has nothing mapped.
    rsp_expect "$(rsp_pkt m0,4)" "ffffffff"
    rsp_expect "$(rsp_pkt m10000000,4)" "E14"
    # gdb writes into the flash's memory, not to its commands (as QEMU's gdbstub).
    rsp_expect "$(rsp_pkt M4,2:abcd)" "OK"
    rsp_expect "$(rsp_pkt m4,4)" "abcdffff"
    rsp_expect "$(rsp_pkt mzz,4)" "E22"
    rsp_expect "$(rsp_pkt M40300000,2:abcd)" "OK"
    rsp_expect "$(rsp_pkt m40300000,2)" "abcd"
    rsp_expect "$(rsp_pkt M40300000,2:ab)" "E22"
    rsp_expect "$(rsp_pkt Hg2)" "E22"
    rsp_expect "$(rsp_pkt Hg1)" "OK"
    rsp_expect "$(rsp_pkt Z9,0,4)" ""
    rsp_expect "$(rsp_pkt qXfer:features:read:target.xml:0,14)" 'm<?xml version="1.0"?'
    # An overlong packet is answered with an error, not a crash.
    rsp_expect "$(rsp_pkt "$(head -c 6000 /dev/zero | tr '\0' 'A')")" "E01"
    # qRcmd: the monitor's output as O packets, then OK.
    printf '%s' "$(rsp_pkt "qRcmd,$(printf 'info status' | od -An -tx1 | tr -d ' \n')")" >&3
    WANT=ack rsp_read
    rsp_read; printf '+' >&3
    local out; out="${REPLY_RAW#*\$O}"; out="${out%#*}"
    local text; text=$(printf '%b' "$(sed 's/../\\x&/g' <<<"$out")")
    case "$text" in *'VM status: '*) ;; *) fail "qRcmd: O packet '$out' decodes to '$text'" ;; esac
    rsp_read; printf '+' >&3
    case "$REPLY_RAW" in *'$OK#9a'*) ;; *) fail "qRcmd: no OK after the output ('$REPLY_RAW')" ;; esac
    # No-ack mode: replies come without '+'.
    rsp_expect "$(rsp_pkt QStartNoAckMode)" "OK"
    printf '%s' "$(rsp_pkt qC)" >&3
    rsp_read; [ "$REPLY_RAW" = "$(rsp_pkt QC01)" ] || fail "no-ack qC: got '$REPLY_RAW'"
    # Continue, then Ctrl-C stops the guest with SIGINT.
    printf '%s' "$(rsp_pkt c)" >&3
    sleep 0.2
    printf '\003' >&3
    rsp_read; [ "$REPLY_RAW" = "$(rsp_pkt 'T02thread:01;')" ] || fail "Ctrl-C: got '$REPLY_RAW'"
    # The guest is in the kernel's "b ." loop now.
    printf '%s' "$(rsp_pkt p20)" >&3
    rsp_read; [ "$REPLY_RAW" = "$(rsp_pkt 4000204000000000)" ] || fail "pc after Ctrl-C: '$REPLY_RAW'"
    # Disconnect in the middle of a packet; a new client can attach.
    printf '$m4020' >&3
    rsp_close
    sleep 0.2
    rsp_open
    rsp_expect "$(rsp_pkt '?')" "T05thread:01;"
    printf '%s' "$(rsp_pkt k)" >&3
    WANT=ack rsp_read
    rsp_close
    emu_wait
    [ "$RC" = 0 ] || fail "k: expected exit status 0, got $RC"
}

# The listening address: a port in use is an error naming -gdb.
test_gdb_port_in_use() {
    make_image k.img
    PORT=$(pick_port)
    emu_bg -M mini-virt -m 512M -nographic -kernel k.img -gdb "tcp:127.0.0.1:$PORT" -S || return
    emu -M mini-virt -m 512M -nographic -kernel k.img -gdb "tcp::$PORT" -S
    check_error_exit -gdb "$PORT"
    kill "$EMU_PID" 2>/dev/null
    emu_wait
}

# ---- threads: one per vCPU ---------------------------------------------------------------

build_gdbsmp() {
    EXTRA_CFLAGS=-g "$A64EMU_ROOT/tests/guest/build.sh" "$PWD" gdbsmp >build.log 2>&1 ||
        { fail "cannot build gdbsmp"; show build.log build.log; return 1; }
}

# Two vCPUs (tests/guest/gdbsmp.c, each bumping its own counter): a breakpoint only CPU 1
# reaches stops in thread 2; info threads lists both with QEMU's "CPU#N [state]"; p $pc on
# either thread; stepi on thread 2 alone (scheduler-locking step: thread 1 must not move);
# continue, then Ctrl-C (SIGINT to gdb) stops both with both counters advanced.
test_gdb_threads_smp() {
    need_gdb || return
    build_gdbsmp || return
    PORT=$(pick_port)
    emu_bg -M mini-virt -m 512M -nographic -smp 2 -semihosting -kernel gdbsmp.elf -gdb "tcp::$PORT" || return
    local st; st=$(aarch64-linux-gnu-nm gdbsmp.elf | awk '$3 == "secondary_tick" { print $1 }' | sed 's/^0*//')
    GDB_INTERRUPT_AFTER=$(limit 4) gdb_batch -f gdbsmp.elf 'break secondary_tick' 'continue' 'info threads' 'p/x $pc' 'thread 1' \
        'p/x $pc' 'p ticks[0]' 'thread 2' 'delete' 'set scheduler-locking step' 'stepi' 'p/x $pc' \
        'stepi' 'p/x $pc' 'thread 1' 'p/x $pc' 'p ticks[0]' 'set scheduler-locking off' \
        'continue' 'p ticks[0] > $3 && ticks[1] > 0' 'info threads' 'kill'
    emu_wait
    check_match gdb.out '^Thread 2 hit Breakpoint 1, secondary_tick \(\)' gdb
    check_match gdb.out '^  1 +Thread 1 \(CPU#0 \[running\]\) ' gdb
    check_match gdb.out '^\* 2 +Thread 2 \(CPU#1 \[running\]\) .*secondary_tick' gdb
    check_has gdb.out "\$1 = 0x$st" gdb
    check_has gdb.out '[Switching to thread 1 (Thread 1)]' gdb
    check_has gdb.out "\$4 = 0x$(printf '%x' $((0x$st + 4)))" gdb
    check_has gdb.out "\$5 = 0x$(printf '%x' $((0x$st + 8)))" gdb
    # Thread 1 held while thread 2 stepped: same PC, same counter.
    local pc1 pc1b t0 t0b
    pc1=$(sed -n 's/^\$2 = //p' gdb.out); pc1b=$(sed -n 's/^\$6 = //p' gdb.out)
    t0=$(sed -n 's/^\$3 = //p' gdb.out); t0b=$(sed -n 's/^\$7 = //p' gdb.out)
    [ -n "$pc1" ] && [ "$pc1" = "$pc1b" ] || fail "thread 1's pc moved while thread 2 stepped: '$pc1' -> '$pc1b'"
    [ -n "$t0" ] && [ "$t0" = "$t0b" ] || fail "CPU 0 ran while thread 2 stepped: ticks[0] '$t0' -> '$t0b'"
    check_match gdb.out 'received signal SIGINT' gdb
    check_has gdb.out '$8 = 1' gdb
    check_has gdb.out '[Inferior 1 (Remote target) killed]' gdb
    [ "$RC" = 0 ] || fail "kill: expected exit status 0, got $RC"
}

# The thread packets by hand on two vCPUs: the list, extra info, alive, Hg/Hc, p through
# Hg, vCont with per-thread actions; bad thread ids and actions are E22, never a crash.
test_gdb_threads_raw() {
    build_gdbsmp || return
    PORT=$(pick_port)
    emu_bg -M mini-virt -m 512M -nographic -smp 2 -semihosting -kernel gdbsmp.elf -gdb "tcp::$PORT" -S || return
    rsp_open
    rsp_expect "$(rsp_pkt QStartNoAckMode)" "OK"
    local hex; hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
    rsp_noack() {
        printf '%s' "$(rsp_pkt "$1")" >&3
        rsp_read || { fail "no reply to '$1'"; return 1; }
        local body="${REPLY_RAW#*\$}"; body="${body%#*}"
        [ "$body" = "$2" ] || fail "reply to '$1': expected '$2', got '$body'"
    }
    rsp_noack qfThreadInfo "m1,2"
    rsp_noack qsThreadInfo "l"
    rsp_noack qThreadExtraInfo,1 "$(hex 'CPU#0 [running]')"
    rsp_noack qThreadExtraInfo,2 "$(hex 'CPU#1 [off (PSCI)]')"
    rsp_noack T1 OK
    rsp_noack T2 OK
    local bad
    for bad in T3 T0 Tzz T qThreadExtraInfo,3 qThreadExtraInfo,zz Hg3 Hc9 Hgzz Hx1 \
               'vCont;s:3' 'vCont;x' 'vCont;c:zz' 'vCont;cc' 'vCont;t' 'vCont;s:1;z'; do
        rsp_noack "$bad" E22
    done
    # Hg picks the CPU p reads: CPU 0 at the entry, CPU 1 (off) at its reset PC.
    rsp_noack Hg1 OK
    rsp_noack p20 "0000084000000000"
    # The FP registers by number: v0 (0x22, 16 bytes), fpcr (0x43); past them (0x44) and
    # before the system registers (0x7f) there is nothing; short values are errors.
    rsp_noack P22=00112233445566778899aabbccddeeff OK
    rsp_noack p22 00112233445566778899aabbccddeeff
    rsp_noack p43 00000000
    rsp_noack P42=ffffffff OK
    rsp_noack p42 9f0000f8
    rsp_noack p44 E22
    rsp_noack p7f E22
    rsp_noack P22=0011 E22
    rsp_noack P43=zz000000 E22
    rsp_noack Hg2 OK
    rsp_noack Hc2 OK
    rsp_noack Hg1 OK
    # Step CPU 0 alone (CPU 1 is off): the stop names thread 1, its pc moved by 4.
    rsp_noack 'vCont;s:1' "T05thread:01;"
    rsp_noack p20 "0400084000000000"
    # Two steps (s then s:1 is the first matching action: thread 1 steps).
    rsp_noack 'vCont;s:1;c' "T05thread:01;"
    rsp_noack p20 "0800084000000000"
    printf '%s' "$(rsp_pkt k)" >&3
    rsp_close
    emu_wait
    [ "$RC" = 0 ] || fail "k: expected exit status 0, got $RC"
    check_lacks err 'ssertion' stderr
}

# ---- FP/SIMD registers ---------------------------------------------------------------------

# The org.gnu.gdb.aarch64.fpu feature on tests/guest/fp.c, stopped at `moves` (FP on, v0-v3
# hold values): v0 as gdb's union, the d/s/q/h/b views gdb builds from it, fpsr/fpcr,
# writes (set $d1, set var $v0.d.u[0], fpcr, fpsr: only the bits that exist stay), and
# `monitor info registers`. The same gdb session against the oracle (QEMU's gdbstub) must
# print the same, FP lines of the monitor included.
test_gdb_fp_registers() {
    need_gdb || return
    "$A64EMU_ROOT/tests/guest/build.sh" "$PWD" fp >build.log 2>&1 ||
        { fail "cannot build fp"; show build.log build.log; return 1; }
    local cmds=('break *moves' 'continue' 'p $v0' 'p $d1' 'p $s2' 'p $q3' 'p/x $h0' 'p $b0'
                'info registers fpsr fpcr' 'set $d1 = 2.5' 'p $d1' 'p $v1.d.u[0]'
                'set var $v0.d.u[0] = 0x1122334455667788' 'p/x $v0.d.u[0]' 'p/x $v0.d.u[1]'
                'set $fpcr = 0xffffffff' 'p/x $fpcr' 'set $fpsr = 0xffffffff' 'p/x $fpsr'
                'p/x $cpsr' 'monitor info registers' 'kill')
    PORT=$(pick_port)
    emu_bg -M mini-virt -m 512M -nographic -semihosting -kernel fp.elf -gdb "tcp::$PORT" -S || return
    gdb_batch -f fp.elf "${cmds[@]}"
    emu_wait
    mv gdb.out a64emu.gdb
    check_has a64emu.gdb 'Breakpoint 1, 0x' gdb
    check_has a64emu.gdb '$1 = {d = {f = {5.2635442471208903e-315, -2.4983353906949635e-127}, u = {1065353216, 11936128518282651045}' gdb
    check_has a64emu.gdb '$2 = {f = 5.2635442471208903e-315, u = 1065353216, s = 1065353216}' gdb
    check_has a64emu.gdb '$3 = {f = 2, u = 1073741824, s = 1073741824}' gdb
    check_match a64emu.gdb '^fpsr +0x0 +0$' gdb
    check_match a64emu.gdb '^fpcr +0x0 +0$' gdb
    check_has a64emu.gdb '$7 = {f = 2.5, u = 4612811918334230528, s = 4612811918334230528}' gdb
    check_has a64emu.gdb '$8 = 4612811918334230528' gdb
    check_has a64emu.gdb '$9 = 0x1122334455667788' gdb
    check_has a64emu.gdb '$10 = 0xa5a5a5a5a5a5a5a5' gdb
    check_has a64emu.gdb '$11 = 0x7f70000' gdb      # AHP DN FZ RMode Stride Len; the rest RES0
    check_has a64emu.gdb '$12 = 0xf800009f' gdb     # NZCV QC IDC IXC UFC OFC DZC IOC
    check_match a64emu.gdb '^PSTATE=[0-9a-f]{8} [-NZCV]{4} EL1h     FPCR=07f70000 FPSR=f800009f$' gdb
    check_match a64emu.gdb '^Q00=a5a5a5a5a5a5a5a5:1122334455667788 Q01=0000000000000000:4004000000000000$' gdb
    # The oracle: same session, same answers (the monitor's lines up to Q31).
    PORT=$(pick_port)
    LAST_CMD="scripts/oracle ... -kernel fp.elf -gdb tcp::$PORT -S"
    ( timeout -k 5 "$EMU_TIMEOUT" "$A64EMU_ROOT/scripts/oracle" -m 512M -nographic -semihosting \
        -kernel fp.elf -gdb "tcp::$PORT" -S </dev/null >qemu.out 2>&1 ) &
    local qpid=$! i
    for i in $(seq 1 100); do port_listening "$PORT" && break; sleep 0.05; done
    gdb_batch -f fp.elf "${cmds[@]}"
    wait "$qpid" 2>/dev/null
    mv gdb.out qemu.gdb
    # QEMU names its inferior "process 1"; a64emu's monitor adds lines after Q31.
    sed -i -e 's/\r$//' -e 's/(process 1)/(Remote target)/' -e '/^EL=1 SPSel/,/^TTBR0_EL1/d' a64emu.gdb
    sed -i -e 's/\r$//' -e 's/(process 1)/(Remote target)/' qemu.gdb
    diff -u qemu.gdb a64emu.gdb >gdb.diff || { fail "gdb against a64emu and against QEMU differ"; show diff gdb.diff; }
}
