/* monitor.c: the human monitor: a line editor on a chardev (stdio or a mux
 * frontend) and the HMP-style commands (info, xp, stop, cont, ...). */
#include "ui/monitor.h"
#include "ui/disas.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "boot/boot.h"
#include "arm/cpu.h"
#include "arm/mmu.h"
#include "core/memory.h"
#include "core/object.h"
#include "core/runstate.h"

#ifndef A64EMU_VERSION
#define A64EMU_VERSION "unknown"
#endif

#define MON_PROMPT "(a64emu) "
#define MON_LINE_MAX 1024
#define MON_HISTORY_MAX 64
#define MON_DUMP_MAX (64 * 1024)    /* bytes one xp may dump */

/* ---- commands ------------------------------------------------------------ */

typedef bool (*MonCmdFn)(const char *args, GString *out);

typedef struct MonCmd {
    const char *names;      /* "cont|c" */
    const char *params;
    const char *help;
    MonCmdFn fn;
} MonCmd;

typedef struct MonInfo {
    const char *name;
    const char *params;
    const char *help;
    MonCmdFn fn;
} MonInfo;

static const MonCmd mon_cmds[];
static const MonInfo mon_infos[];

static bool no_args(const char *cmd, const char *args, GString *out)
{
    if (*args) {
        g_string_append_printf(out, "%s: unexpected argument '%s'\n", cmd, args);
        return false;
    }
    return true;
}

static bool cmd_help(const char *args, GString *out)
{
    for (const MonCmd *c = mon_cmds; c->names; c++) {
        g_autofree char *head = g_strdup_printf("%s%s%s", c->names,
                                                *c->params ? " " : "", c->params);
        g_string_append_printf(out, "%-24s -- %s\n", head, c->help);
    }
    return true;
}

/* Commands registered by other parts (monitor_register_info), MonInfo * each. */
static GPtrArray *mon_extra_infos;

static const MonInfo *info_find_extra(const char *name)
{
    for (guint k = 0; mon_extra_infos && k < mon_extra_infos->len; k++) {
        const MonInfo *i = g_ptr_array_index(mon_extra_infos, k);
        if (!strcmp(i->name, name)) {
            return i;
        }
    }
    return NULL;
}

static void mon_info_free(gpointer p)
{
    MonInfo *i = p;
    g_free((char *)i->name);
    g_free((char *)i->params);
    g_free((char *)i->help);
    g_free(i);
}

void monitor_register_info(const char *name, const char *params, const char *help,
                           MonitorInfoFn fn)
{
    for (const MonInfo *i = mon_infos; i->name; i++) {
        if (!strcmp(i->name, name)) {
            g_critical("monitor_register_info: 'info %s' is the monitor's own", name);
            return;
        }
    }
    if (!mon_extra_infos) {
        mon_extra_infos = g_ptr_array_new_with_free_func(mon_info_free);
    }
    for (guint k = 0; k < mon_extra_infos->len; k++) {
        if (!strcmp(((MonInfo *)g_ptr_array_index(mon_extra_infos, k))->name, name)) {
            g_ptr_array_remove_index(mon_extra_infos, k);
            break;
        }
    }
    MonInfo *i = g_new0(MonInfo, 1);
    i->name = g_strdup(name);
    i->params = g_strdup(params ? params : "");
    i->help = g_strdup(help ? help : "");
    i->fn = fn;
    g_ptr_array_add(mon_extra_infos, i);
}

static gint info_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp((*(const MonInfo *const *)a)->name, (*(const MonInfo *const *)b)->name);
}

static bool info_list(GString *out)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();

    for (const MonInfo *i = mon_infos; i->name; i++) {
        g_ptr_array_add(all, (gpointer)i);
    }
    for (guint k = 0; mon_extra_infos && k < mon_extra_infos->len; k++) {
        g_ptr_array_add(all, g_ptr_array_index(mon_extra_infos, k));
    }
    g_ptr_array_sort(all, info_cmp);
    for (guint k = 0; k < all->len; k++) {
        const MonInfo *i = g_ptr_array_index(all, k);
        g_autofree char *head = g_strdup_printf("info %s%s%s", i->name,
                                                *i->params ? " " : "", i->params);
        g_string_append_printf(out, "%-24s -- %s\n", head, i->help);
    }
    return true;
}

static bool cmd_info(const char *args, GString *out)
{
    if (!*args) {
        return info_list(out);
    }
    size_t n = strcspn(args, " \t");
    g_autofree char *sub = g_strndup(args, n);
    const char *rest = args + n;
    while (*rest == ' ' || *rest == '\t') {
        rest++;
    }
    for (const MonInfo *i = mon_infos; i->name; i++) {
        if (!strcmp(sub, i->name)) {
            return i->fn(rest, out);
        }
    }
    const MonInfo *extra = info_find_extra(sub);
    if (extra) {
        return extra->fn(rest, out);
    }
    g_string_append_printf(out, "info: unknown subcommand '%s' (try 'info')\n", sub);
    return false;
}

static bool info_mtree(const char *args, GString *out)
{
    bool flat = false;
    if (!strcmp(args, "-f")) {
        flat = true;
    } else if (*args) {
        g_string_append_printf(out, "info mtree: unknown option '%s'\n", args);
        return false;
    }
    mtree_print(out, flat);
    return true;
}

static bool info_roms(const char *args, GString *out)
{
    if (!no_args("info roms", args, out)) {
        return false;
    }
    rom_print(get_address_space_memory(), out);
    return true;
}

static bool info_qtree(const char *args, GString *out)
{
    if (!no_args("info qtree", args, out)) {
        return false;
    }
    object_print_tree(out);
    return true;
}

/* The CPU that `info registers`, `x`, `gva2gpa` and `xp /i`'s neighbours use: `cpu N`
 * selects it. Only the main loop (which runs every command) reads or writes it. */
static int mon_cpu_index;

static ARMCPU *mon_cpu(void)
{
    ARMCPU *cpu = arm_cpu_by_index(mon_cpu_index);
    return cpu ? cpu : arm_cpu_by_index(0);
}

/* The vCPUs write their registers without a lock: reading them while they run would
 * race, so a command that shows them stops the VM for the moment it reads (the big
 * lock is held: the main loop runs every command). */
static bool snapshot_begin(void)
{
    bool was_running = runstate_is_running();
    if (was_running) {
        vm_stop();
    }
    return was_running;
}

static void snapshot_end(bool was_running)
{
    if (was_running) {
        vm_start();
    }
}

static bool info_registers(const char *args, GString *out)
{
    bool all = false;
    if (!strcmp(args, "-a")) {
        all = true;
    } else if (*args) {
        g_string_append_printf(out, "info registers: unknown option '%s'\n", args);
        return false;
    }
    if (!mon_cpu()) {
        g_string_append(out, "No CPU\n");
        return false;
    }
    /* As QEMU: a blank line and "CPU#N" before each CPU (arm_cpu_dump_state's first
     * line), the FP/SIMD registers after the general ones. */
    bool was_running = snapshot_begin();
    ARMCPU *cpu;
    for (int n = 0; (cpu = all ? arm_cpu_by_index(n) : n == 0 ? mon_cpu() : NULL); n++) {
        g_string_append_c(out, '\n');
        arm_cpu_dump_state(cpu, out, true);
    }
    snapshot_end(was_running);
    return true;
}

/* QEMU's "* CPU #0: thread_id=N" ('*' the selected CPU), then what an SMP guest's
 * debugger wants: MPIDR_EL1, PC and whether it runs, sleeps in WFI/WFE or is off. */
static bool info_cpus(const char *args, GString *out)
{
    if (!no_args("info cpus", args, out)) {
        return false;
    }
    bool was_running = snapshot_begin();
    ARMCPU *cpu;
    for (int n = 0; (cpu = arm_cpu_by_index(n)) != NULL; n++) {
        g_string_append_printf(out, "%c CPU #%d: thread_id=%d mpidr=0x%08" PRIx64
                               " pc=0x%016" PRIx64 " %s\n",
                               cpu == mon_cpu() ? '*' : ' ', n, cpu->thread_id,
                               arm_cpu_mpidr(cpu), cpu->env.pc,
                               arm_cpu_state_name(cpu));
    }
    snapshot_end(was_running);
    return true;
}

/* cpu N: select the CPU the other commands use. */
static bool cmd_cpu(const char *args, GString *out)
{
    uint64_t n;
    char *end;
    errno = 0;
    n = *args ? g_ascii_strtoull(args, &end, 10) : 0;
    if (!*args || errno || *end || n >= (uint64_t)arm_cpu_count()) {
        g_string_append_printf(out, "cpu: invalid CPU index '%s' (usage: cpu N, N from 0 to %d)\n",
                               args, arm_cpu_count() - 1);
        return false;
    }
    mon_cpu_index = (int)n;
    return true;
}

static bool info_status(const char *args, GString *out)
{
    if (!no_args("info status", args, out)) {
        return false;
    }
    g_string_append_printf(out, "VM status: %s\n",
                           runstate_is_running() ? "running" : "paused");
    return true;
}

static bool info_jit(const char *args, GString *out)
{
    if (!no_args("info jit", args, out)) {
        return false;
    }
    runstate_print_stats(out);
    return true;
}

static bool info_version(const char *args, GString *out)
{
    if (!no_args("info version", args, out)) {
        return false;
    }
    g_string_append(out, A64EMU_VERSION "\n");
    return true;
}

/* ---- xp ---------------------------------------------------------------- */

/* The last format and unit size persist from one dump to the next, as in QEMU. */
static char dump_format = 'x';
static int dump_size = 4;

static bool parse_fmt(const char *fmt, long *count, char *format, int *size, GString *out)
{
    const char *p = fmt;
    char f = 0;
    int sz = 0;
    *count = 1;
    if (g_ascii_isdigit(*p)) {
        char *end;
        unsigned long long v = g_ascii_strtoull(p, &end, 10);
        if (v > MON_DUMP_MAX) {
            g_string_append_printf(out, "xp: count too large in '/%s'\n", fmt);
            return false;
        }
        *count = (long)v;
        p = end;
    }
    for (; *p; p++) {
        switch (*p) {
        case 'x': case 'd': case 'u': case 'o': case 'c': case 'i':
            if (f) {
                goto bad;
            }
            f = *p;
            break;
        case 'b': case 'h': case 'w': case 'g':
            if (sz) {
                goto bad;
            }
            sz = *p == 'b' ? 1 : *p == 'h' ? 2 : *p == 'w' ? 4 : 8;
            break;
        default:
            goto bad;
        }
    }
    *format = f ? f : dump_format;
    *size = sz ? sz : dump_size;
    return true;
bad:
    g_string_append_printf(out, "xp: invalid format '/%s' "
                           "(expected /[count][x|d|u|o|c|i][b|h|w|g])\n", fmt);
    return false;
}

static bool parse_addr(const char *s, uint64_t *addr)
{
    const char *digits = s;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        digits = s + 2;
        base = 16;
    }
    if (!*digits || !g_ascii_isxdigit(*digits)) {
        return false;
    }
    char *end;
    errno = 0;
    *addr = g_ascii_strtoull(digits, &end, base);
    return errno == 0 && *end == 0;
}

static void append_char_literal(GString *out, uint8_t c)
{
    switch (c) {
    case '\'': g_string_append(out, "'\\''"); break;
    case '\\': g_string_append(out, "'\\\\'"); break;
    case '\n': g_string_append(out, "'\\n'"); break;
    case '\r': g_string_append(out, "'\\r'"); break;
    default:
        if (c >= 32 && c < 127) {
            g_string_append_printf(out, "'%c'", c);
        } else {
            g_string_append_printf(out, "'\\x%02x'", c);
        }
    }
}

static void dump_values(GString *out, uint64_t addr, const uint8_t *buf, long count,
                        char format, int size)
{
    /* QEMU's layout: 8 bytes a line for byte units, 16 otherwise. */
    int line_bytes = size == 1 ? 8 : 16;
    int digits;
    switch (format) {
    case 'o': digits = (size * 8 + 2) / 3; break;
    case 'u': case 'd': digits = (size * 8 * 10 + 32) / 33; break;
    default: digits = size * 2; break;
    }
    for (long i = 0; i < count; i++) {
        uint64_t off = (uint64_t)i * size;
        if (off % line_bytes == 0) {
            if (i) {
                g_string_append_c(out, '\n');
            }
            g_string_append_printf(out, "%016" PRIx64 ":", addr + off);
        }
        uint64_t v = 0;
        for (int b = size - 1; b >= 0; b--) {
            v = v << 8 | buf[off + b];
        }
        int64_t sv = size == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size);
        g_string_append_c(out, ' ');
        switch (format) {
        case 'o': g_string_append_printf(out, "%#*" PRIo64, digits, v); break;
        case 'u': g_string_append_printf(out, "%*" PRIu64, digits, v); break;
        case 'd': g_string_append_printf(out, "%*" PRId64, digits, sv); break;
        case 'c': append_char_literal(out, (uint8_t)v); break;
        default: g_string_append_printf(out, "0x%0*" PRIx64, digits, v); break;
        }
    }
    if (count) {
        g_string_append_c(out, '\n');
    }
}

/* x: through the current translation of mon_cpu(); it stops at the first unit it cannot
 * read, with QEMU's line ("ADDR: Cannot access memory", for /i "0xADDR: unable to read
 * memory") in place of the first line it could not show whole. */
static bool dump_virtual(GString *out, uint64_t addr, uint8_t *buf, long count, char format,
                         int size)
{
    uint64_t len = (uint64_t)count * size, done = 0;
    ARMCPU *cpu = mon_cpu();

    if (!cpu || arm_mmu_debug_access(&cpu->env, addr, buf, len, false, &done) == ARM_DEBUG_OK) {
        done = cpu ? len : 0;
    }
    if (format == 'i') {
        long ok = (long)(done / 4);
        disas_a64(out, addr, buf, (size_t)ok, false);
        if (ok < count) {
            g_string_append_printf(out, "0x%" PRIx64 ": unable to read memory\n", addr + done);
        }
        return ok > 0;
    }
    uint64_t line = size == 1 ? 8 : 16, ok = done < len ? done - done % line : len;
    dump_values(out, addr, buf, (long)(ok / size), format, size);
    if (ok < len) {
        g_string_append_printf(out, "%016" PRIx64 ": Cannot access memory\n", addr + ok);
    }
    return ok > 0;
}

/* xp: physical; an unassigned hole reads as zeros, only a dump that touches nothing at
 * all is an error. */
static bool dump_physical(GString *out, uint64_t addr, uint8_t *buf, long count, char format,
                          int size)
{
    uint64_t len = (uint64_t)count * size;
    AddressSpace *as = get_address_space_memory();
    bool any_ok = false;

    for (uint64_t off = 0; off < len; off += size) {
        if (as_read(as, addr + off, buf + off, size) != MEMTX_DECODE_ERROR) {
            any_ok = true;
        }
    }
    if (!any_ok) {
        g_string_append_printf(out, "Cannot access memory at 0x%" PRIx64 "\n", addr);
        return false;
    }
    if (format == 'i') {
        disas_a64(out, addr, buf, count, false);
    } else {
        dump_values(out, addr, buf, count, format, size);
    }
    return true;
}

static bool memory_dump(const char *cmd, const char *args, GString *out, bool virt)
{
    g_auto(GStrv) argv = g_strsplit_set(args, " \t", -1);
    const char *fmt = NULL, *addr_s = NULL;
    for (char **a = argv; *a; a++) {
        if (!**a) {
            continue;
        }
        if (**a == '/' && !fmt && !addr_s) {
            fmt = *a + 1;
        } else if (!addr_s) {
            addr_s = *a;
        } else {
            g_string_append_printf(out, "%s: unexpected argument '%s'\n", cmd, *a);
            return false;
        }
    }
    long count;
    char format;
    int size;
    if (!parse_fmt(fmt ? fmt : "", &count, &format, &size, out)) {
        return false;
    }
    if (!addr_s) {
        g_string_append_printf(out, "%s: missing address (usage: %s /fmt addr)\n", cmd, cmd);
        return false;
    }
    uint64_t addr;
    if (!parse_addr(addr_s, &addr)) {
        g_string_append_printf(out, "%s: invalid address '%s'\n", cmd, addr_s);
        return false;
    }
    dump_format = format;
    if (format == 'i') {
        size = 4;           /* A64 instructions are words; 'i' leaves the size alone */
    } else {
        dump_size = size;
        if (format == 'c') {
            size = 1;
        }
    }
    uint64_t len = (uint64_t)count * size;
    if (len > MON_DUMP_MAX) {
        g_string_append_printf(out, "%s: %" PRIu64 " bytes is more than the %d a dump may show\n",
                               cmd, len, MON_DUMP_MAX);
        return false;
    }
    if (len == 0) {
        return true;
    }
    if (addr + len - 1 < addr) {
        g_string_append_printf(out, "Cannot access memory at 0x%" PRIx64 " (wraps around)\n",
                               addr);
        return false;
    }

    g_autofree uint8_t *buf = g_malloc0(len);
    return virt ? dump_virtual(out, addr, buf, count, format, size)
                : dump_physical(out, addr, buf, count, format, size);
}

static bool cmd_x(const char *args, GString *out)
{
    return memory_dump("x", args, out, true);
}

static bool cmd_xp(const char *args, GString *out)
{
    return memory_dump("xp", args, out, false);
}

/* gva2gpa: QEMU's "gpa: 0x..." or "Unmapped". */
static bool cmd_gva2gpa(const char *args, GString *out)
{
    uint64_t va, pa;
    ARMCPU *cpu = mon_cpu();

    if (!*args || !parse_addr(args, &va)) {
        g_string_append_printf(out, "gva2gpa: %s address (usage: gva2gpa addr)\n",
                               *args ? "invalid" : "missing");
        return false;
    }
    if (!cpu || !arm_mmu_debug_translate(&cpu->env, va, &pa)) {
        g_string_append(out, "Unmapped\n");
        return false;
    }
    g_string_append_printf(out, "gpa: 0x%" PRIx64 "\n", pa);
    return true;
}

/* ---- run state ------------------------------------------------------------ */

static bool cmd_stop(const char *args, GString *out)
{
    if (!no_args("stop", args, out)) {
        return false;
    }
    vm_stop();
    return true;
}

static bool cmd_cont(const char *args, GString *out)
{
    if (!no_args("cont", args, out)) {
        return false;
    }
    vm_start();
    return true;
}

static bool cmd_reset(const char *args, GString *out)
{
    if (!no_args("system_reset", args, out)) {
        return false;
    }
    system_reset();
    return true;
}

static bool cmd_quit(const char *args, GString *out)
{
    if (!no_args("quit", args, out)) {
        return false;
    }
    system_shutdown_request(0);
    return true;
}

static const MonCmd mon_cmds[] = {
    { "cont|c", "", "resume emulation", cmd_cont },
    { "cpu", "index", "set the default CPU", cmd_cpu },
    { "help|?", "", "show this help", cmd_help },
    { "info", "[subcommand]", "show information about the system state", cmd_info },
    { "quit|q", "", "quit the emulator", cmd_quit },
    { "stop", "", "stop emulation", cmd_stop },
    { "system_reset", "", "reset the system", cmd_reset },
    { "gva2gpa", "addr", "print the guest physical address of a guest virtual address",
      cmd_gva2gpa },
    { "x", "/fmt addr", "virtual memory dump starting at 'addr'", cmd_x },
    { "xp", "/fmt addr", "physical memory dump starting at 'addr'", cmd_xp },
    { NULL, NULL, NULL, NULL },
};

static const MonInfo mon_infos[] = {
    { "cpus", "", "show infos for each CPU", info_cpus },
    { "jit", "", "show translator statistics", info_jit },
    { "mtree", "[-f]", "show memory tree (-f: flat views)", info_mtree },
    { "qtree", "", "show device tree", info_qtree },
    { "registers", "[-a]", "show the cpu registers (-a: all CPUs)", info_registers },
    { "roms", "", "show roms", info_roms },
    { "status", "", "show current VM status (running|paused)", info_status },
    { "version", "", "show the version of a64emu", info_version },
    { NULL, NULL, NULL, NULL },
};

static bool name_matches(const char *names, const char *cmd)
{
    size_t len = strlen(cmd);
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, "|");
        if (n == len && !strncmp(p, cmd, n)) {
            return true;
        }
        p += n;
        if (*p == '|') {
            p++;
        }
    }
    return false;
}

bool monitor_run_command(const char *line, GString *out)
{
    if (!line) {
        return false;
    }
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    if (!*line) {
        return true;
    }
    /* The name ends at a blank or at '/' so that "x/4i 0x40000000" works. */
    size_t n = strcspn(line, " \t/");
    if (n == 0) {
        n = strcspn(line, " \t");
    }
    g_autofree char *cmd = g_strndup(line, n);
    g_autofree char *args = g_strstrip(g_strdup(line + n));
    for (const MonCmd *c = mon_cmds; c->names; c++) {
        if (name_matches(c->names, cmd)) {
            return c->fn(args, out);
        }
    }
    g_string_append_printf(out, "unknown command: '%s'\n", cmd);
    return false;
}

/* ---- the line editor ----------------------------------------------------------- */

enum { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_SS3 };

struct Monitor {
    Chardev *chr;           /* where output goes (a mux view when on a mux) */
    CharFrontend fe;
    GString *line;
    size_t cursor;
    GPtrArray *history;     /* char *, oldest first */
    int hist_pos;           /* == history->len while editing a new line */
    char *saved_line;       /* the new line while browsing history */
    int esc;
    char esc_param[8];
    size_t esc_len;
    bool last_cr;           /* swallow the \n of a \r\n pair */
    bool banner_done;
};

static void mon_write(Monitor *mon, const char *s, size_t len)
{
    chr_write(mon->chr, (const uint8_t *)s, (int)len);
}

/* Output with every "\n" sent as "\r\n", as QEMU's monitor does. */
static void mon_puts(Monitor *mon, const char *s)
{
    GString *o = g_string_sized_new(strlen(s) + 16);
    for (const char *p = s; *p; p++) {
        if (*p == '\n' && (p == s || p[-1] != '\r')) {
            g_string_append_c(o, '\r');
        }
        g_string_append_c(o, *p);
    }
    mon_write(mon, o->str, o->len);
    g_string_free(o, TRUE);
}

static void mon_prompt(Monitor *mon)
{
    mon_puts(mon, MON_PROMPT);
}

static void mon_banner(Monitor *mon)
{
    mon->banner_done = true;
    mon_puts(mon, "a64emu monitor - type 'help' for more information\n");
    mon_prompt(mon);
}

/* Repaint the prompt line and put the cursor back where it belongs. */
static void mon_redraw(Monitor *mon)
{
    GString *o = g_string_new("\r" MON_PROMPT);
    g_string_append_len(o, mon->line->str, mon->line->len);
    g_string_append(o, "\033[K");
    size_t back = mon->line->len - mon->cursor;
    if (back) {
        g_string_append_printf(o, "\033[%zuD", back);
    }
    mon_write(mon, o->str, o->len);
    g_string_free(o, TRUE);
}

static void mon_set_line(Monitor *mon, const char *text)
{
    g_string_assign(mon->line, text);
    mon->cursor = mon->line->len;
    mon_redraw(mon);
}

static void mon_insert(Monitor *mon, char c)
{
    if (mon->line->len >= MON_LINE_MAX) {
        return;
    }
    g_string_insert_c(mon->line, mon->cursor, c);
    mon->cursor++;
    if (mon->cursor == mon->line->len) {
        mon_write(mon, &c, 1);
    } else {
        mon_redraw(mon);
    }
}

static void mon_backspace(Monitor *mon)
{
    if (!mon->cursor) {
        return;
    }
    mon->cursor--;
    g_string_erase(mon->line, mon->cursor, 1);
    if (mon->cursor == mon->line->len) {
        mon_write(mon, "\b \b", 3);
    } else {
        mon_redraw(mon);
    }
}

static void mon_delete(Monitor *mon)
{
    if (mon->cursor < mon->line->len) {
        g_string_erase(mon->line, mon->cursor, 1);
        mon_redraw(mon);
    }
}

static void mon_history_add(Monitor *mon, const char *text)
{
    if (!*text) {
        return;
    }
    if (mon->history->len &&
        !strcmp(g_ptr_array_index(mon->history, mon->history->len - 1), text)) {
        return;
    }
    if (mon->history->len >= MON_HISTORY_MAX) {
        g_ptr_array_remove_index(mon->history, 0);
    }
    g_ptr_array_add(mon->history, g_strdup(text));
}

static void mon_history_move(Monitor *mon, int dir)
{
    int len = (int)mon->history->len;
    int pos = mon->hist_pos + dir;
    if (pos < 0 || pos > len) {
        return;
    }
    if (mon->hist_pos == len) {
        g_free(mon->saved_line);
        mon->saved_line = g_strdup(mon->line->str);
    }
    mon->hist_pos = pos;
    mon_set_line(mon, pos == len ? (mon->saved_line ? mon->saved_line : "")
                                 : g_ptr_array_index(mon->history, pos));
}

static void mon_enter(Monitor *mon)
{
    g_autofree char *text = g_strdup(mon->line->str);
    g_string_truncate(mon->line, 0);
    mon->cursor = 0;
    g_clear_pointer(&mon->saved_line, g_free);
    mon_puts(mon, "\n");
    mon_history_add(mon, g_strstrip(text));
    mon->hist_pos = (int)mon->history->len;

    GString *out = g_string_new("");
    monitor_run_command(text, out);
    mon_puts(mon, out->str);
    g_string_free(out, TRUE);
    mon_prompt(mon);
}

/* The final byte of ESC [ ... or ESC O ... */
static void mon_escape_final(Monitor *mon, char c)
{
    const char *p = mon->esc_param;
    switch (c) {
    case 'A': mon_history_move(mon, -1); break;
    case 'B': mon_history_move(mon, +1); break;
    case 'C':
        if (mon->cursor < mon->line->len) {
            mon->cursor++;
            mon_write(mon, "\033[C", 3);
        }
        break;
    case 'D':
        if (mon->cursor > 0) {
            mon->cursor--;
            mon_write(mon, "\033[D", 3);
        }
        break;
    case 'H':
        mon->cursor = 0;
        mon_redraw(mon);
        break;
    case 'F':
        mon->cursor = mon->line->len;
        mon_redraw(mon);
        break;
    case '~':
        if (!strcmp(p, "1") || !strcmp(p, "7")) {
            mon->cursor = 0;
            mon_redraw(mon);
        } else if (!strcmp(p, "4") || !strcmp(p, "8")) {
            mon->cursor = mon->line->len;
            mon_redraw(mon);
        } else if (!strcmp(p, "3")) {
            mon_delete(mon);
        }
        break;
    default:
        break;
    }
}

static void mon_input_byte(Monitor *mon, uint8_t c)
{
    bool was_cr = mon->last_cr;
    mon->last_cr = false;

    if (mon->esc == ESC_SEEN) {
        mon->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
        mon->esc_len = 0;
        mon->esc_param[0] = 0;
        return;
    }
    if (mon->esc == ESC_CSI || mon->esc == ESC_SS3) {
        if ((c >= '0' && c <= '9') || c == ';') {
            if (mon->esc_len + 1 < sizeof(mon->esc_param)) {
                mon->esc_param[mon->esc_len++] = c;
                mon->esc_param[mon->esc_len] = 0;
            }
            return;
        }
        mon->esc = ESC_NONE;
        mon_escape_final(mon, c);
        return;
    }

    switch (c) {
    case '\r':
        mon->last_cr = true;
        mon_enter(mon);
        break;
    case '\n':
        if (!was_cr) {
            mon_enter(mon);
        }
        break;
    case 0x1b:
        mon->esc = ESC_SEEN;
        break;
    case 0x7f:
    case '\b':
        mon_backspace(mon);
        break;
    case 0x15:      /* Ctrl-U: kill to the start of the line */
        g_string_erase(mon->line, 0, mon->cursor);
        mon->cursor = 0;
        mon_redraw(mon);
        break;
    case 0x0b:      /* Ctrl-K: kill to the end */
        g_string_truncate(mon->line, mon->cursor);
        mon_redraw(mon);
        break;
    case 0x01:      /* Ctrl-A (a mux needs it typed twice) */
        mon->cursor = 0;
        mon_redraw(mon);
        break;
    case 0x05:      /* Ctrl-E */
        mon->cursor = mon->line->len;
        mon_redraw(mon);
        break;
    default:
        if (c >= 0x20 && c < 0x7f) {
            mon_insert(mon, (char)c);
        }
        break;
    }
}

static int mon_can_receive(void *opaque)
{
    return MON_LINE_MAX;
}

static void mon_receive(void *opaque, const uint8_t *buf, int len)
{
    Monitor *mon = opaque;
    for (int i = 0; i < len; i++) {
        mon_input_byte(mon, buf[i]);
    }
}

static void mon_event(void *opaque, int event)
{
    Monitor *mon = opaque;
    if (event != CHR_EVENT_FOCUS_IN) {
        return;
    }
    if (!mon->banner_done) {
        mon_banner(mon);
        return;
    }
    /* Back from the console: start a fresh line, as QEMU's readline does. */
    g_string_truncate(mon->line, 0);
    mon->cursor = 0;
    mon->esc = ESC_NONE;
    mon_prompt(mon);
}

Monitor *monitor_new(Chardev *chr)
{
    if (!chr) {
        return NULL;
    }
    Monitor *mon = g_new0(Monitor, 1);
    mon->line = g_string_new("");
    mon->history = g_ptr_array_new_with_free_func(g_free);
    mon->fe.can_receive = mon_can_receive;
    mon->fe.receive = mon_receive;
    mon->fe.event = mon_event;
    mon->fe.opaque = mon;

    if (mux_get_focus(chr) >= 0) {
        /* On a mux: join it; the banner waits for the first FOCUS_IN
         * (immediate when the monitor is the only frontend). */
        mon->chr = chr;
        Chardev *view = mux_add_frontend(chr, "monitor0", &mon->fe);
        if (view) {
            mon->chr = view;
        }
    } else {
        mon->chr = chr;
        chr_attach(chr, &mon->fe);
        mon_banner(mon);
    }
    return mon;
}
