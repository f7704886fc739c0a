# Helpers for the integration tests (sourced by run into each test's bash process; the
# current directory is the test's scratch directory). Checks record a failure with a
# diagnostic and carry on, so one run shows every mismatch.

# Time limits here guard against hangs; they are not speed checks. They are generous for a
# loaded 2-core machine, and every one is multiplied by A64EMU_TIME_SCALE (default 1;
# scripts/test raises it for the sanitized builds). Speed lives in scripts/bench.
TIME_SCALE="${A64EMU_TIME_SCALE:-1}"
limit() { echo $(($1 * TIME_SCALE)); }     # limit SECONDS: SECONDS scaled
EMU_TIMEOUT="${A64EMU_RUN_TIMEOUT:-$(limit 120)}"
FAILED=0
RC=0
LAST_CMD=""

skip() { printf '%s\n' "$*" >.skip; exit 77; }

# Show a file's content as a diagnostic (at most 40 lines).
show() {
    local label="$1" f="$2" n
    n=$(grep -c '' "$f" 2>/dev/null); n=${n:-0}
    echo "  $label ($n lines):"
    head -n 40 "$f" 2>/dev/null | cat -v | awk '{ print "    | " $0 }'
    [ "$n" -le 40 ] || echo "    | ... ($((n - 40)) more)"
}

fail() {
    FAILED=1
    echo "FAIL: $*"
    [ -n "$LAST_CMD" ] && echo "  command: $LAST_CMD"
    return 1
}

# emu ARGS...: run the binary with stdin from /dev/null; stdout in ./out, stderr in ./err.
emu() { emu_stdin /dev/null "$@"; }

# emu_stdin FILE ARGS...
emu_stdin() {
    local in="$1"; shift
    LAST_CMD="a64emu $*"
    [ "$in" = /dev/null ] || LAST_CMD="$LAST_CMD < $(basename "$in")"
    rm -f core core.*
    RC=0
    timeout -k 5 "$EMU_TIMEOUT" "$A64EMU" "$@" <"$in" >out 2>err || RC=$?
    # The mux writes CR LF to a terminal-like output; compare lines without the CR.
    sed -i "s/\r\$//" out err
    if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
        fail "timed out after ${EMU_TIMEOUT}s"; show stdout out; show stderr err
    fi
    return 0
}

# monitor 'cmd1' 'cmd2' ... -- ARGS...: feed the commands (one per line) on stdin.
monitor() {
    : >mon.in
    while [ $# -gt 0 ] && [ "$1" != -- ]; do printf '%s\n' "$1" >>mon.in; shift; done
    [ "${1:-}" = -- ] && shift
    emu_stdin mon.in "$@"
}

check_rc() {
    [ "$RC" -eq "$1" ] && return 0
    fail "exit status: expected $1, got $RC"; show stdout out; show stderr err
}

# check_has FILE STRING [what]: FILE contains STRING (fixed string).
check_has() {
    grep -qF -- "$2" "$1" && return 0
    fail "${3:-$1} lacks: $2"; show "${3:-$1}" "$1"
}
check_lacks() {
    grep -qF -- "$2" "$1" || return 0
    fail "${3:-$1} unexpectedly contains: $2"; show "${3:-$1}" "$1"
}
# check_match FILE ERE [what]
check_match() {
    grep -qE -- "$2" "$1" && return 0
    fail "${3:-$1} has no line matching /$2/"; show "${3:-$1}" "$1"
}
check_out()   { check_has out "$1" stdout; }
check_err()   { check_has err "$1" stderr; }

# An error exit as the spec wants it: status 1, one stderr line naming the culprit(s),
# no core dump, no crash.
check_error_exit() {
    local ok=0 n
    if [ "$RC" -ne 1 ]; then
        fail "exit status: expected 1, got $RC$([ "$RC" -ge 128 ] && echo " (killed by signal $((RC - 128)))")"
        ok=1
    fi
    n=$(grep -c '' err 2>/dev/null); n=${n:-0}
    if [ "$n" -ne 1 ]; then
        fail "stderr: expected exactly one line, got $n"; ok=1
    fi
    local c
    for c in "$@"; do
        [ "$c" = -- ] && continue
        grep -qF -- "$c" err || { fail "the error message does not name '$c'"; ok=1; }
    done
    if compgen -G 'core*' >/dev/null || compgen -G 'vgcore*' >/dev/null; then
        fail "a core file was left behind: $(ls core* vgcore* 2>/dev/null)"; ok=1
    fi
    [ "$ok" -eq 0 ] || { show stdout out; show stderr err; }
    return "$ok"
}

# ---- Files the tests boot --------------------------------------------------------------

# le32 N / le64 N: little-endian bytes for printf %b.
le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
le64() { le32 $(($1 & 0xffffffff)); le32 $((($1 >> 32) & 0xffffffff)); }

# make_image FILE [SIZE] [TEXT_OFFSET]: a synthetic arm64 Linux Image (booting.rst header:
# code0 = b past the header, text_offset, image_size, flags = LE + 4K pages, "ARM\x64"
# at 0x38) whose body is "b ." so a started CPU just spins.
make_image() {
    local f="$1" size="${2:-65536}" toff="${3:-0}"
    {
        printf '%b' "$(le32 0x14000010)$(le32 0)$(le64 "$toff")$(le64 "$size")$(le64 2)"
        printf '%b' "$(le64 0)$(le64 0)$(le64 0)$(le32 0x644d5241)$(le32 0)"
        printf '%b' "$(le32 0x14000000)"
    } >"$f"
    truncate -s "$size" "$f"
}

# make_initrd FILE SIZE: non-empty initrd contents (a cpio header then zeros).
make_initrd() {
    printf '070701' >"$1"
    truncate -s "$2" "$1"
}

hex16() { printf '%016x' "$1"; }
size_field() { printf '0x%06x' "$1"; }

# ---- Device trees ----------------------------------------------------------------------

# dtb_to_dts DTB DTS: decompile, failing the test when dtc cannot.
dtb_to_dts() {
    if ! dtc -q -I dtb -O dts -o "$2" "$1" 2>dtc.err; then
        fail "dtc cannot decompile $1"; show "dtc stderr" dtc.err; return 1
    fi
}

# dts_node DTS NAME: the text of the first node called NAME (e.g. "cpu@0", "chosen").
dts_node() {
    awk -v name="$2" '
        !found && $0 ~ "^\t*" name " \\{$" { found = 1; depth = 0 }
        found { print; if ($0 ~ /\{$/) depth++; if ($0 ~ /^\t*\};$/) { depth--; if (depth == 0) exit } }' "$1"
}

# dts_prop DTS NODE PROP: the value of PROP directly in NODE (text between "= " and ";").
dts_prop() {
    dts_node "$1" "$2" | awk -v p="$3" '
        NR == 1 { next }
        /\{$/ { depth++ } /^\t*\};$/ { depth-- }
        depth == 0 {
            line = $0; sub(/^\t+/, "", line)
            if (line == p ";") { print "true"; exit }
            if (index(line, p " = ") == 1) { v = substr(line, length(p) + 4); sub(/;$/, "", v); print v; exit }
        }'
}

# cells_value "<0x01 0x02>": the value of one or two cells as a decimal number.
cells_value() {
    local v="${1#<}"; v="${v%>}"
    local -a c; read -r -a c <<<"$v"
    if [ ${#c[@]} -eq 1 ]; then echo $((c[0]))
    elif [ ${#c[@]} -eq 2 ]; then echo $(((c[0] << 32) | c[1]))
    else echo "bad-cells:$1"
    fi
}

# Normalise cell lists so "<0x00 0x40000000>" equals "<0x0 0x40000000>".
# Also "a\0b" (how dtc 1.6 prints some string lists) equals "a", "b".
norm_cells() { sed -E -e 's/0x0*([0-9a-fA-F])/0x\1/g' -e 's/\\0/", "/g' <<<"$1"; }

# check_prop DTS NODE PROP EXPECTED: compare with cell normalisation.
check_prop() {
    local got; got="$(dts_prop "$1" "$2" "$3")"
    [ "$(norm_cells "$got")" = "$(norm_cells "$4")" ] && return 0
    fail "$2/$3: expected $4, got ${got:-<absent>}"
    dts_node "$1" "$2" | head -n 30 | sed 's/^/    | /'
    return 1
}

# check_cells DTS NODE PROP NUMBER: a one- or two-cell property holds NUMBER.
check_cells() {
    local raw got; raw="$(dts_prop "$1" "$2" "$3")"
    got=$(cells_value "$raw")
    [ "$got" = "$(($4))" ] && return 0
    fail "$2/$3: expected $4, got ${raw:-<absent>}"
}

check_node() {
    [ -n "$(dts_node "$1" "$2")" ] && return 0
    fail "device tree has no node $2"; show dts "$1"
}

# Guest files from scripts/fetch-guest; their absence is a failure, not a skip.
need_guest() {
    local f
    for f in Image initrd.cpio.gz; do
        if [ ! -s "$A64EMU_GUEST_DIR/$f" ]; then
            fail "$A64EMU_GUEST_DIR/$f is missing: run scripts/fetch-guest (did the download fail?)"
            return 1
        fi
    done
}

# check_idle_cpu PID SECONDS WHAT: PID's CPU time (utime + stime of /proc/PID/stat) over
# the next SECONDS stays under 5 % of one core (an idle guest sleeping in WFI).
check_idle_cpu() {
    local pid="$1" secs="$2" what="$3" hz t0 t1 ticks
    hz=$(getconf CLK_TCK)
    t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)
    sleep "$secs"
    t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)
    [ -n "$t0" ] && [ -n "$t1" ] || { fail "could not read /proc/$pid/stat"; return 1; }
    ticks=$((t1 - t0))
    echo "$what: $ticks clock ticks of CPU in $secs s (CLK_TCK $hz)"
    [ $((ticks * 100)) -le $((hz * secs * 5)) ] ||
        fail "$what used $ticks/$((hz * secs)) ticks of one core (more than 5 %)"
}
