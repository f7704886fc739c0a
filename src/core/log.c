/* log.c: the -d debug log: item mask, -D output file, -dfilter address ranges. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/log.h"

int log_mask;

static FILE *log_file;
static GMutex log_lock;

typedef struct LogItem {
    int mask;
    const char *name;
    const char *help;
} LogItem;

static const LogItem log_items[] = {
    { LOG_IN_ASM, "in_asm", "show target assembly code for each compiled TB" },
    { LOG_OUT_ASM, "out_asm", "show generated host assembly code for each compiled TB" },
    { LOG_OP, "op", "show micro ops for each compiled TB" },
    { LOG_OP_OPT, "op_opt", "show micro ops after optimization" },
    { LOG_EXEC, "exec", "show trace before each executed TB (lots of logs)" },
    { LOG_CPU, "cpu", "show CPU registers before entering a TB (lots of logs)" },
    { LOG_INT, "int", "show interrupts/exceptions in short format" },
    { LOG_MMU, "mmu", "log MMU-related activities (table walks that fault)" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a non-existent register)" },
    { LOG_NOCHAIN, "nochain", "do not chain compiled TBs so that \"exec\" and \"cpu\" show complete traces" },
    { LOG_PLUGIN, "plugin", "output from TCG plugins" },
    { LOG_IR_VERIFY, "ir_verify", "check each TB's micro ops before and after optimization; abort if malformed" },
};

typedef struct Range {
    uint64_t begin, last;
} Range;
static GArray *dfilter;     /* Range; NULL = log everything */

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_mutex_lock(&log_lock);
    vfprintf(log_file ? log_file : stderr, fmt, ap);
    g_mutex_unlock(&log_lock);
    va_end(ap);
}

void log_flush(void)
{
    g_mutex_lock(&log_lock);
    fflush(log_file ? log_file : stderr);
    g_mutex_unlock(&log_lock);
}

bool log_parse_items(const char *list, int *mask, GError **errp)
{
    g_auto(GStrv) items = g_strsplit(list, ",", -1);
    int m = 0;

    for (char **it = items; *it; it++) {
        const char *name = *it;
        bool found = false;
        if (!*name) {
            continue;
        }
        if (!strcmp(name, "all")) {
            for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
                m |= log_items[i].mask;
            }
            continue;
        }
        for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
            if (!strcmp(name, log_items[i].name)) {
                m |= log_items[i].mask;
                found = true;
                break;
            }
        }
        if (!found) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "-d %s: unknown log item '%s' (try -d help)", list, name);
            return false;
        }
    }
    *mask = m;
    return true;
}

void log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
        fprintf(out, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
    fprintf(out, "%-15s %s\n", "all", "every item above");
}

bool log_set_file(const char *path, GError **errp)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "-D %s: %s", path, g_strerror(errno));
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    g_mutex_lock(&log_lock);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_mutex_unlock(&log_lock);
    return true;
}

static bool parse_u64(const char *s, const char **end, uint64_t *v)
{
    char *e;
    errno = 0;
    *v = g_ascii_strtoull(s, &e, 0);
    if (e == s || errno) {
        return false;
    }
    *end = e;
    return true;
}

/* QEMU's -dfilter syntax: START+SIZE, START-SIZE (the SIZE bytes ending at
 * START), START..LAST, or a single address; comma separated. */
bool log_parse_dfilter(const char *spec, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
    GArray *ranges = g_array_new(FALSE, FALSE, sizeof(Range));

    for (char **p = parts; *p; p++) {
        const char *s = *p, *e;
        uint64_t a, b;
        Range r;

        if (!parse_u64(s, &e, &a)) {
            goto bad;
        }
        if (*e == '\0') {
            r = (Range){ a, a };
        } else if (e[0] == '.' && e[1] == '.') {
            if (!parse_u64(e + 2, &e, &b) || *e || b < a) {
                goto bad;
            }
            r = (Range){ a, b };
        } else if (*e == '+' || *e == '-') {
            char op = *e;
            if (!parse_u64(e + 1, &e, &b) || *e || b == 0) {
                goto bad;
            }
            if (op == '+') {
                if (a + (b - 1) < a) {
                    goto bad;
                }
                r = (Range){ a, a + b - 1 };
            } else {
                if (b - 1 > a) {
                    goto bad;
                }
                r = (Range){ a - (b - 1), a };
            }
        } else {
            goto bad;
        }
        g_array_append_val(ranges, r);
        continue;
bad:
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-dfilter %s: bad range '%s' (START+SIZE, START-SIZE or START..LAST)",
                    spec, s);
        g_array_free(ranges, TRUE);
        return false;
    }
    if (dfilter) {
        g_array_free(dfilter, TRUE);
    }
    dfilter = ranges;
    return true;
}

bool log_in_filter(uint64_t addr)
{
    if (!dfilter || dfilter->len == 0) {
        return true;
    }
    for (guint i = 0; i < dfilter->len; i++) {
        Range *r = &g_array_index(dfilter, Range, i);
        if (addr >= r->begin && addr <= r->last) {
            return true;
        }
    }
    return false;
}
