# -nographic on a real terminal (a tmux pane): raw mode while running, the Ctrl-a keys,
# and the terminal restored on every way out.

TMUX_SOCK=""

tmux_start() { # CMD: run CMD in a fresh private tmux server, then report its exit status
    command -v tmux >/dev/null || { fail "tmux is not installed"; return 1; }
    TMUX_SOCK="$PWD/tmux.sock"
    tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x 160 -y 50 \
        "$1; echo \"EXIT=\$?\"; stty -a > stty.after; sleep 120"
    PANE_TTY=$(tmux -S "$TMUX_SOCK" display-message -p '#{pane_tty}')
    stty -F "$PANE_TTY" -a >stty.before
}
tmux_stop() { [ -n "$TMUX_SOCK" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null; TMUX_SOCK=""; }
pane() { tmux -S "$TMUX_SOCK" capture-pane -p -S -200; }
keys() { tmux -S "$TMUX_SOCK" send-keys "$@"; }

# wait_for SECONDS CONDITION...: poll every 0.2 s.
wait_for() {
    local n=$(($(limit "$1") * 5)); shift
    while [ "$n" -gt 0 ]; do "$@" && return 0; sleep 0.2; n=$((n - 1)); done
    return 1
}
pane_has() { pane | grep -qF -- "$1"; }
tty_raw() { stty -F "$PANE_TTY" -a | grep -q -- '-icanon'; }
exited() { [ -s stty.after ]; }

# After the program is gone: exit status and a sane terminal.
check_exit_and_tty() { # EXPECTED_STATUS
    if ! wait_for 15 exited; then
        fail "a64emu did not exit"; pane | grep -v '^$' | tail -n 20 | sed 's/^/    | /'; return 1
    fi
    local st; st=$(pane | grep -o 'EXIT=[0-9]*' | tail -n1)
    [ "$st" = "EXIT=$1" ] || { fail "exit status: expected $1, got ${st#EXIT=}"; pane | grep -v '^$' | tail -n 20 | sed 's/^/    | /'; }
    local flag
    for flag in icanon echo isig icrnl opost; do
        grep -qE "(^|[ ;])$flag([ ;]|$)" stty.after ||
            { fail "terminal not restored: '$flag' is off after exit"; sed 's/^/    | /' stty.after; break; }
    done
}

start_emu_in_tmux() {
    make_image k.img
    LAST_CMD="a64emu -nographic -kernel k.img (in a tmux pane)"
    tmux_start "timeout --foreground -k 5 $(limit 120) '$A64EMU' -nographic -kernel k.img" || return 1
    if ! wait_for 10 tty_raw; then
        fail "the terminal never went raw (-icanon) under -nographic"
        pane | grep -v '^$' | tail -n 20 | sed 's/^/    | /'; tmux_stop; return 1
    fi
}

test_tty_ctrl_a_x() {
    start_emu_in_tmux || return 1
    keys C-a x
    check_exit_and_tty 0
    tmux_stop
}

test_tty_ctrl_a_h() {
    start_emu_in_tmux || return 1
    keys C-a h
    if ! wait_for 5 pane_has 'C-a x'; then
        fail "Ctrl-a h printed no help listing 'C-a x'"; pane | grep -v '^$' | tail -n 20 | sed 's/^/    | /'
    fi
    pane | grep -qi 'monitor' || fail "Ctrl-a h help does not mention the monitor"
    keys C-a x
    check_exit_and_tty 0
    tmux_stop
}

test_tty_ctrl_a_c_monitor() {
    start_emu_in_tmux || return 1
    keys C-a c
    sleep 0.5
    keys 'info status' Enter
    if ! wait_for 5 pane_has 'VM status: running'; then
        fail "after Ctrl-a c, 'info status' gave no 'VM status: running'"; pane | grep -v '^$' | tail -n 20 | sed 's/^/    | /'
    fi
    keys 'quit' Enter
    check_exit_and_tty 0
    tmux_stop
}

test_tty_error_exit_restores() {
    LAST_CMD="a64emu -nographic -kernel no-such.img (in a tmux pane)"
    tmux_start "timeout --foreground -k 5 $(limit 120) '$A64EMU' -nographic -kernel no-such.img" || return 1
    check_exit_and_tty 1
    pane_has 'no-such.img' || fail "the error message naming no-such.img is not on the terminal"
    tmux_stop
}

test_tty_sigterm_restores() {
    start_emu_in_tmux || return 1
    local pid
    pid=$(pgrep -P "$(tmux -S "$TMUX_SOCK" display-message -p '#{pane_pid}')" -f "^timeout")
    [ -n "$pid" ] && pid=$(pgrep -P "$pid" | head -n1)
    [ -n "$pid" ] || { fail "cannot find the a64emu process"; tmux_stop; return 1; }
    kill -TERM "$pid"
    if wait_for 15 exited; then
        local flag
        for flag in icanon echo; do
            grep -qE "(^|[ ;])$flag([ ;]|$)" stty.after || { fail "terminal not restored after SIGTERM: '$flag' off"; break; }
        done
    else
        fail "a64emu did not exit on SIGTERM"
    fi
    tmux_stop
}
