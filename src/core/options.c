/* options.c: the qemu-system-aarch64 style command line and QEMU's -readconfig
 * INI format, read in order into one Options set. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "core/options.h"

#define MAX_CPUS 123    /* the GICR region (0xF6_0000 / 0x2_0000) */

static GQuark options_error_quark(void)
{
    return g_quark_from_static_string("a64emu-options-error");
}
#define OPT_ERROR options_error_quark()

#define set_error(errp, ...) g_set_error(errp, OPT_ERROR, 0, __VA_ARGS__)

static void set_str(char **dst, const char *v)
{
    g_free(*dst);
    *dst = g_strdup(v);
}

void options_init(Options *o)
{
    memset(o, 0, sizeof(*o));
    o->devices = g_ptr_array_new_with_free_func(g_free);
    o->plugins = g_ptr_array_new_with_free_func(g_free);
}

void options_free(Options *o)
{
    g_free(o->device_help_type);
    g_free(o->machine_type);
    g_free(o->dumpdtb);
    g_free(o->cpu_model);
    g_free(o->kernel);
    g_free(o->initrd);
    g_free(o->append);
    g_free(o->dtb);
    g_free(o->bios);
    for (int i = 0; i < OPTIONS_PFLASH_MAX; i++) {
        g_free(o->pflash[i].file);
    }
    g_free(o->display);
    g_free(o->serial);
    g_free(o->monitor);
    g_free(o->gdb);
    g_free(o->log_file);
    g_free(o->dfilter);
    g_free(o->accel);
    if (o->devices) {
        g_ptr_array_unref(o->devices);
    }
    if (o->plugins) {
        g_ptr_array_unref(o->plugins);
    }
    memset(o, 0, sizeof(*o));
}

/* ---- small parsers ---- */

static bool is_help(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

/* Strict decimal: no sign, no blanks, no junk, no overflow. */
static bool parse_dec(const char *s, uint64_t *v)
{
    uint64_t r = 0;
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
        if (r > (UINT64_MAX - (uint64_t)(*s - '0')) / 10) {
            return false;
        }
        r = r * 10 + (uint64_t)(*s - '0');
    }
    *v = r;
    return true;
}

static bool parse_bool(const char *s, bool *v)
{
    if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *v = true;
    } else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *v = false;
    } else {
        return false;
    }
    return true;
}

/* Size with QEMU's -m conventions; NULL on success, else why it is invalid. */
static const char *size_parse(const char *s, uint64_t *bytes)
{
    uint64_t ip = 0, frac = 0, frac_div = 1, mul;
    const char *p = s;
    bool digits = false;
    unsigned __int128 r;

    if (g_str_has_prefix(p, "size=")) {
        p += 5;
    }
    if (*p == '-') {
        return "negative";
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        digits = true;
        if (ip > (UINT64_MAX - (uint64_t)(*p - '0')) / 10) {
            return "too large";
        }
        ip = ip * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            digits = true;
            /* Digits past 1e-18 cannot change a byte count of a sane size. */
            if (frac_div < 1000000000000000000ull) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                frac_div *= 10;
            }
        }
    }
    if (!digits) {
        return "not a number";
    }
    switch (g_ascii_toupper(*p)) {
    case '\0': mul = 1ull << 20; break;      /* QEMU: a plain number is MiB */
    case 'B': mul = 1; break;
    case 'K': mul = 1ull << 10; break;
    case 'M': mul = 1ull << 20; break;
    case 'G': mul = 1ull << 30; break;
    case 'T': mul = 1ull << 40; break;
    default:
        return "unknown suffix";
    }
    if (*p) {
        bool bare_b = g_ascii_toupper(*p) == 'B';
        p++;
        if (!bare_b) {
            /* K, KB, KiB (any case) */
            if (g_ascii_toupper(p[0]) == 'I' && g_ascii_toupper(p[1]) == 'B') {
                p += 2;
            } else if (g_ascii_toupper(p[0]) == 'B') {
                p++;
            }
        }
        if (*p) {
            return "trailing characters";
        }
    }
    if (mul == 1 && frac) {
        return "fractional byte count";
    }
    r = (unsigned __int128)ip * mul + (unsigned __int128)frac * mul / frac_div;
    if (r > UINT64_MAX) {
        return "too large";
    }
    if (r == 0) {
        return "must be greater than 0";
    }
    *bytes = (uint64_t)r;
    return NULL;
}

bool options_parse_size(const char *s, uint64_t *bytes, GError **errp)
{
    const char *why = size_parse(s, bytes);
    if (why) {
        set_error(errp, "-m %s: invalid RAM size (%s)", s, why);
        return false;
    }
    return true;
}

/* QEMU option list "a=b,c=d": ",," is a literal comma; a bare first item is
 * the implied key's value; a later bare item has a NULL value. */
typedef struct KV {
    char *key;
    char *val;
} KV;

static void kv_free(gpointer p)
{
    KV *kv = p;
    g_free(kv->key);
    g_free(kv->val);
    g_free(kv);
}

static GPtrArray *kv_parse(const char *s, const char *implied, const char *flag,
                           GError **errp)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(kv_free);
    const char *p = s;

    while (true) {
        GString *item = g_string_new(NULL);
        const char *eq = NULL;
        size_t eq_pos = 0;
        KV *kv;

        for (; *p; p++) {
            if (*p == ',') {
                if (p[1] == ',') {
                    g_string_append_c(item, ',');
                    p++;
                    continue;
                }
                break;
            }
            if (*p == '=' && !eq) {
                eq = p;
                eq_pos = item->len;
            }
            g_string_append_c(item, *p);
        }
        if (item->len == 0) {
            set_error(errp, "%s %s: empty item in option list", flag, s);
            g_string_free(item, TRUE);
            g_ptr_array_unref(list);
            return NULL;
        }
        kv = g_new0(KV, 1);
        if (eq) {
            kv->key = g_strndup(item->str, eq_pos);
            kv->val = g_strdup(item->str + eq_pos + 1);
        } else if (list->len == 0 && implied) {
            kv->key = g_strdup(implied);
            kv->val = g_strdup(item->str);
        } else {
            kv->key = g_strdup(item->str);
        }
        g_string_free(item, TRUE);
        if (!kv->key[0]) {
            set_error(errp, "%s %s: missing key before '='", flag, s);
            kv_free(kv);
            g_ptr_array_unref(list);
            return NULL;
        }
        g_ptr_array_add(list, kv);
        if (!*p) {
            break;
        }
        p++;
    }
    return list;
}

/* ---- setters shared by the command line and the INI reader ----
 * They return SET_UNKNOWN for a key they do not know (the caller words that
 * error) and SET_BAD with errp set for a bad value. */
typedef enum { SET_OK, SET_UNKNOWN, SET_BAD } SetResult;

static SetResult set_path(char **dst, const char *key, const char *val, GError **errp)
{
    if (!*val) {
        set_error(errp, "%s: empty file name", key);
        return SET_BAD;
    }
    set_str(dst, val);
    return SET_OK;
}

static SetResult machine_set(Options *o, const char *key, const char *val,
                             GError **errp)
{
    if (!val) {
        return SET_UNKNOWN;
    }
    if (!strcmp(key, "type")) {
        if (!*val) {
            set_error(errp, "type: empty machine type");
            return SET_BAD;
        }
        if (is_help(val)) {
            o->action = ACTION_MACHINE_HELP;
            return SET_OK;
        }
        set_str(&o->machine_type, val);
    } else if (!strcmp(key, "kernel")) {
        return set_path(&o->kernel, key, val, errp);
    } else if (!strcmp(key, "initrd")) {
        return set_path(&o->initrd, key, val, errp);
    } else if (!strcmp(key, "dtb")) {
        return set_path(&o->dtb, key, val, errp);
    } else if (!strcmp(key, "firmware")) {
        return set_path(&o->bios, key, val, errp);
    } else if (!strcmp(key, "dumpdtb")) {
        return set_path(&o->dumpdtb, key, val, errp);
    } else if (!strcmp(key, "append")) {
        set_str(&o->append, val);
    } else if (!strcmp(key, "gic-version")) {
        if (strcmp(val, "3") && strcmp(val, "max")) {
            set_error(errp, "gic-version=%s: only GICv3 is emulated (use 3 or max)", val);
            return SET_BAD;
        }
        o->gic_version = 3;
    } else {
        return SET_UNKNOWN;
    }
    return SET_OK;
}

typedef struct SmpAcc {
    uint64_t cpus, maxcpus, topo[5];    /* sockets, dies, clusters, cores, threads */
} SmpAcc;

static const char *const smp_topo_keys[5] = {
    "sockets", "dies", "clusters", "cores", "threads",
};

static SetResult smp_set(SmpAcc *acc, const char *key, const char *val, GError **errp)
{
    uint64_t *slot = NULL, v;

    if (!strcmp(key, "cpus")) {
        slot = &acc->cpus;
    } else if (!strcmp(key, "maxcpus")) {
        slot = &acc->maxcpus;
    } else {
        for (int i = 0; i < 5; i++) {
            if (!strcmp(key, smp_topo_keys[i])) {
                slot = &acc->topo[i];
            }
        }
    }
    if (!slot || !val) {
        return SET_UNKNOWN;
    }
    if (!parse_dec(val, &v)) {
        set_error(errp, "%s=%s: not a number", key, val);
        return SET_BAD;
    }
    if (v < 1 || v > MAX_CPUS) {
        set_error(errp, "%s=%s: must be between 1 and %d (the GICv3 redistributor "
                  "region has room for %d CPUs)", key, val, MAX_CPUS, MAX_CPUS);
        return SET_BAD;
    }
    *slot = v;
    return SET_OK;
}

static bool smp_finish(Options *o, const SmpAcc *acc, GError **errp)
{
    uint64_t product = 1, cpus = acc->cpus, maxcpus = acc->maxcpus;
    bool topo = false;

    for (int i = 0; i < 5; i++) {
        if (acc->topo[i]) {
            topo = true;
            product *= acc->topo[i];
        }
    }
    if (!maxcpus) {
        maxcpus = topo ? product : cpus;
    }
    if (!cpus) {
        cpus = maxcpus;
    }
    if (!cpus) {
        set_error(errp, "no CPU count given");
        return false;
    }
    if (topo && product != maxcpus) {
        set_error(errp, "the topology gives %" G_GUINT64_FORMAT " CPUs but maxcpus is %"
                  G_GUINT64_FORMAT, product, maxcpus);
        return false;
    }
    if (maxcpus > MAX_CPUS) {
        set_error(errp, "%" G_GUINT64_FORMAT " CPUs: at most %d fit the GICv3 "
                  "redistributor region", maxcpus, MAX_CPUS);
        return false;
    }
    if (maxcpus < cpus) {
        set_error(errp, "maxcpus=%" G_GUINT64_FORMAT " is less than cpus=%"
                  G_GUINT64_FORMAT, maxcpus, cpus);
        return false;
    }
    o->smp = (unsigned)cpus;
    return true;
}

/* Re-spell a device as "-device" syntax; commas in values are doubled. */
static void append_escaped(GString *s, const char *v)
{
    for (; *v; v++) {
        if (*v == ',') {
            g_string_append_c(s, ',');
        }
        g_string_append_c(s, *v);
    }
}

/* ---- the command line ---- */

typedef bool (*OptFn)(Options *o, const char *flag, const char *arg, GError **errp);

typedef struct OptDef {
    const char *name;
    const char *arg_name;   /* NULL: takes no argument */
    OptFn fn;
    const char *help;
} OptDef;

static bool opt_machine(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_autoptr(GPtrArray) kvs = NULL;

    if (is_help(arg)) {
        o->action = ACTION_MACHINE_HELP;
        return true;
    }
    kvs = kv_parse(arg, "type", flag, errp);
    if (!kvs) {
        return false;
    }
    for (guint i = 0; i < kvs->len; i++) {
        KV *kv = kvs->pdata[i];
        g_autoptr(GError) err = NULL;
        switch (machine_set(o, kv->key, kv->val, &err)) {
        case SET_OK:
            break;
        case SET_UNKNOWN:
            set_error(errp, "%s %s: unknown machine option '%s'", flag, arg, kv->key);
            return false;
        case SET_BAD:
            set_error(errp, "%s %s: %s", flag, arg, err->message);
            return false;
        }
    }
    return true;
}

static bool opt_cpu(Options *o, const char *flag, const char *arg, GError **errp)
{
    if (is_help(arg)) {
        o->action = ACTION_CPU_HELP;
        return true;
    }
    if (!*arg) {
        set_error(errp, "%s: empty CPU model", flag);
        return false;
    }
    set_str(&o->cpu_model, arg);
    return true;
}

static bool opt_smp(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_autoptr(GPtrArray) kvs = kv_parse(arg, "cpus", flag, errp);
    g_autoptr(GError) err = NULL;
    SmpAcc acc = { 0 };

    if (!kvs) {
        return false;
    }
    for (guint i = 0; i < kvs->len; i++) {
        KV *kv = kvs->pdata[i];
        switch (smp_set(&acc, kv->key, kv->val, &err)) {
        case SET_OK:
            break;
        case SET_UNKNOWN:
            set_error(errp, "%s %s: unknown option '%s'", flag, arg, kv->key);
            return false;
        case SET_BAD:
            set_error(errp, "%s %s: %s", flag, arg, err->message);
            return false;
        }
    }
    if (!smp_finish(o, &acc, &err)) {
        set_error(errp, "%s %s: %s", flag, arg, err->message);
        return false;
    }
    return true;
}

static bool opt_m(Options *o, const char *flag, const char *arg, GError **errp)
{
    const char *why = size_parse(arg, &o->ram_size);
    if (why) {
        set_error(errp, "%s %s: invalid RAM size (%s)", flag, arg, why);
        return false;
    }
    return true;
}

#define PATH_OPT(fname, field)                                                 \
    static bool fname(Options *o, const char *flag, const char *arg, GError **errp) \
    {                                                                          \
        if (!*arg) {                                                           \
            set_error(errp, "%s: empty file name", flag);                     \
            return false;                                                      \
        }                                                                      \
        set_str(&o->field, arg);                                               \
        return true;                                                           \
    }
PATH_OPT(opt_kernel, kernel)
PATH_OPT(opt_initrd, initrd)
PATH_OPT(opt_dtb, dtb)
PATH_OPT(opt_bios, bios)
PATH_OPT(opt_log_file, log_file)

static bool opt_append(Options *o, const char *flag, const char *arg, GError **errp)
{
    set_str(&o->append, arg);
    return true;
}

static bool opt_readconfig(Options *o, const char *flag, const char *arg, GError **errp)
{
    return options_read_config(o, arg, errp);
}

static bool opt_nographic(Options *o, const char *flag, const char *arg, GError **errp)
{
    o->nographic = true;
    return true;
}

static bool opt_display(Options *o, const char *flag, const char *arg, GError **errp)
{
    if (strcmp(arg, "none")) {
        set_error(errp, "%s %s: not supported (only '-display none'; there is no "
                  "graphical display)", flag, arg);
        return false;
    }
    set_str(&o->display, arg);
    return true;
}

static bool opt_serial(Options *o, const char *flag, const char *arg, GError **errp)
{
    if (!strcmp(arg, "stdio") || !strcmp(arg, "mon:stdio") || !strcmp(arg, "null") ||
        !strcmp(arg, "none")) {
        set_str(&o->serial, arg);
        return true;
    }
    if (g_str_has_prefix(arg, "file:")) {
        if (!arg[5]) {
            set_error(errp, "%s %s: empty file name", flag, arg);
            return false;
        }
        set_str(&o->serial, arg);
        return true;
    }
    set_error(errp, "%s %s: not supported (use stdio, mon:stdio, null, none or "
              "file:PATH)", flag, arg);
    return false;
}

static bool opt_monitor(Options *o, const char *flag, const char *arg, GError **errp)
{
    if (!strcmp(arg, "stdio") || !strcmp(arg, "none") || !strcmp(arg, "null")) {
        set_str(&o->monitor, arg);
        return true;
    }
    set_error(errp, "%s %s: not supported (use stdio, none or null)", flag, arg);
    return false;
}

static bool opt_s(Options *o, const char *flag, const char *arg, GError **errp)
{
    set_str(&o->gdb, "tcp::1234");
    return true;
}

static bool opt_S(Options *o, const char *flag, const char *arg, GError **errp)
{
    o->start_stopped = true;
    return true;
}

static bool opt_gdb(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_autofree char *spec = NULL;
    const char *hostport, *colon;
    char *comma;
    uint64_t port;

    if (!strcmp(arg, "none")) {
        g_clear_pointer(&o->gdb, g_free);
        return true;
    }
    /* QEMU takes a bare port as tcp::PORT. */
    spec = g_str_has_prefix(arg, "tcp:") ? g_strdup(arg) : g_strdup_printf("tcp::%s", arg);
    /* Server-side socket options QEMU scripts add: harmless, we always listen. */
    comma = strchr(spec, ',');
    if (comma) {
        g_auto(GStrv) extra = g_strsplit(comma + 1, ",", -1);
        for (char **e = extra; *e; e++) {
            if (strcmp(*e, "server") && strcmp(*e, "server=on") && strcmp(*e, "nowait") &&
                strcmp(*e, "wait=off")) {
                set_error(errp, "%s %s: unsupported socket option '%s'", flag, arg, *e);
                return false;
            }
        }
        *comma = '\0';
    }
    hostport = spec + 4;
    colon = strrchr(hostport, ':');
    if (!colon) {
        set_error(errp, "%s %s: expected tcp:[HOST]:PORT or none", flag, arg);
        return false;
    }
    if (!parse_dec(colon + 1, &port) || port < 1 || port > 65535) {
        set_error(errp, "%s %s: invalid port '%s' (1..65535)", flag, arg, colon + 1);
        return false;
    }
    g_free(o->gdb);
    o->gdb = g_steal_pointer(&spec);
    return true;
}

static bool opt_d(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_auto(GStrv) items = g_strsplit(arg, ",", -1);
    for (char **it = items; *it; it++) {
        if (is_help(*it)) {
            o->action = ACTION_LOG_HELP;
            return true;
        }
    }
    return log_parse_items(arg, &o->log_mask, errp);
}

static bool opt_dfilter(Options *o, const char *flag, const char *arg, GError **errp)
{
    if (!log_parse_dfilter(arg, errp)) {
        return false;
    }
    set_str(&o->dfilter, arg);
    return true;
}

/* Checked when a64emu loads it (tcg/plugin.c), after every flag is read. */
static bool opt_plugin(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_ptr_array_add(o->plugins, g_strdup(arg));
    return true;
}

static bool opt_semihosting(Options *o, const char *flag, const char *arg, GError **errp)
{
    o->semihosting = true;
    return true;
}

static bool opt_semihosting_config(Options *o, const char *flag, const char *arg,
                                   GError **errp)
{
    g_autoptr(GPtrArray) kvs = kv_parse(arg, "enable", flag, errp);
    bool enable = true;

    if (!kvs) {
        return false;
    }
    for (guint i = 0; i < kvs->len; i++) {
        KV *kv = kvs->pdata[i];
        if (!strcmp(kv->key, "enable") && kv->val) {
            if (!parse_bool(kv->val, &enable)) {
                set_error(errp, "%s %s: enable=%s: expected on or off", flag, arg, kv->val);
                return false;
            }
        } else if (!strcmp(kv->key, "target") && kv->val) {
            if (strcmp(kv->val, "native") && strcmp(kv->val, "auto")) {
                set_error(errp, "%s %s: target=%s: not supported (only native)",
                          flag, arg, kv->val);
                return false;
            }
        } else {
            set_error(errp, "%s %s: unknown option '%s'", flag, arg, kv->key);
            return false;
        }
    }
    o->semihosting = enable;
    return true;
}

static bool opt_device(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_autoptr(GPtrArray) kvs = NULL;

    if (is_help(arg)) {
        o->action = ACTION_DEVICE_HELP;
        return true;
    }
    kvs = kv_parse(arg, "driver", flag, errp);
    if (!kvs) {
        return false;
    }
    for (guint i = 1; i < kvs->len; i++) {
        KV *kv = kvs->pdata[i];
        if (!kv->val && is_help(kv->key)) {
            KV *drv = kvs->pdata[0];
            if (strcmp(drv->key, "driver") || !drv->val[0]) {
                break;
            }
            o->action = ACTION_DEVICE_PROPS;
            set_str(&o->device_help_type, drv->val);
            return true;
        }
    }
    g_ptr_array_add(o->devices, g_strdup(arg));
    return true;
}

/* -drive if=pflash,format=raw,index=N,file=F[,readonly=on]: a flash bank's file (the
 * only kind of drive mini-virt has). QEMU's other interfaces and formats are named in
 * the error; a missing format is raw (QEMU probes and warns; raw is all there is here). */
static bool opt_drive(Options *o, const char *flag, const char *arg, GError **errp)
{
    static const char *const buses[] = { "ide", "scsi", "floppy", "sd", "mtd", "virtio",
                                         "xen", "none" };
    static const char *const formats[] = { "qcow2", "qcow", "vmdk", "vdi", "vhdx", "vpc",
                                           "qed", "luks", "dmg", "parallels", "bochs",
                                           "cloop" };
    g_autoptr(GPtrArray) kvs = kv_parse(arg, "file", flag, errp);
    const char *iface = NULL, *file = NULL;
    bool readonly = false;
    int64_t index = -1;

    if (!kvs) {
        return false;
    }
    for (guint i = 0; i < kvs->len; i++) {
        KV *kv = kvs->pdata[i];
        uint64_t n;
        if (!kv->val) {
            set_error(errp, "%s %s: '%s' needs a value", flag, arg, kv->key);
            return false;
        }
        if (!strcmp(kv->key, "if")) {
            iface = kv->val;
        } else if (!strcmp(kv->key, "file")) {
            file = kv->val;
        } else if (!strcmp(kv->key, "format")) {
            bool known = false;
            for (size_t k = 0; k < G_N_ELEMENTS(formats); k++) {
                known |= !strcmp(kv->val, formats[k]);
            }
            if (strcmp(kv->val, "raw")) {
                set_error(errp, known ? "%s %s: format=%s is not supported (only raw)"
                                      : "%s %s: unknown format '%s' (only raw)",
                          flag, arg, kv->val);
                return false;
            }
        } else if (!strcmp(kv->key, "index")) {
            if (!parse_dec(kv->val, &n) || n >= OPTIONS_PFLASH_MAX) {
                set_error(errp, "%s %s: index=%s: mini-virt has flash banks 0 and 1",
                          flag, arg, kv->val);
                return false;
            }
            index = (int64_t)n;
        } else if (!strcmp(kv->key, "readonly")) {
            if (!parse_bool(kv->val, &readonly)) {
                set_error(errp, "%s %s: readonly=%s: expected on or off", flag, arg, kv->val);
                return false;
            }
        } else if (!strcmp(kv->key, "media")) {
            if (strcmp(kv->val, "disk")) {
                set_error(errp, "%s %s: media=%s: a flash drive is a disk", flag, arg, kv->val);
                return false;
            }
        } else if (strcmp(kv->key, "id")) {
            set_error(errp, "%s %s: unknown option '%s'", flag, arg, kv->key);
            return false;
        }
    }
    if (!iface || strcmp(iface, "pflash")) {
        bool known = !iface;
        for (size_t k = 0; iface && k < G_N_ELEMENTS(buses); k++) {
            known |= !strcmp(iface, buses[k]);
        }
        if (known) {
            set_error(errp, "%s %s: if=%s: mini-virt has no such bus, only its flash "
                      "(if=pflash)", flag, arg, iface ? iface : "ide");
        } else {
            set_error(errp, "%s %s: unsupported bus type '%s' (mini-virt has if=pflash)",
                      flag, arg, iface);
        }
        return false;
    }
    if (!file || !*file) {
        set_error(errp, "%s %s: no file= for the flash drive", flag, arg);
        return false;
    }
    if (index < 0) {
        /* As QEMU: the next bank without a drive. */
        for (index = 0; index < OPTIONS_PFLASH_MAX && o->pflash[index].file; index++) {
        }
        if (index == OPTIONS_PFLASH_MAX) {
            set_error(errp, "%s %s: both flash banks have a drive already", flag, arg);
            return false;
        }
    } else if (o->pflash[index].file) {
        set_error(errp, "%s %s: drive with bus=0, unit=%d (index=%d) exists", flag, arg,
                  (int)index, (int)index);
        return false;
    }
    set_str(&o->pflash[index].file, file);
    o->pflash[index].readonly = readonly;
    return true;
}

static bool opt_no_reboot(Options *o, const char *flag, const char *arg, GError **errp)
{
    o->no_reboot = true;
    return true;
}

static bool opt_accel(Options *o, const char *flag, const char *arg, GError **errp)
{
    g_autoptr(GPtrArray) kvs = kv_parse(arg, "accel", flag, errp);
    uint64_t tb_size = o->tb_size;
    bool interp = o->tcg_interp;

    if (!kvs) {
        return false;
    }
    for (guint i = 0; i < kvs->len; i++) {
        KV *kv = kvs->pdata[i];
        if (!kv->val) {
            set_error(errp, "%s %s: unknown option '%s'", flag, arg, kv->key);
            return false;
        }
        if (!strcmp(kv->key, "accel")) {
            if (strcmp(kv->val, "tcg")) {
                set_error(errp, "%s %s: '%s' is not available: only tcg is available",
                          flag, arg, kv->val);
                return false;
            }
        } else if (!strcmp(kv->key, "tb-size")) {
            /* MiB as in QEMU; a K suffix gives small buffers for testing flushes. */
            g_autofree char *num = g_strdup(kv->val);
            size_t len = strlen(num);
            uint64_t unit = 1u << 20;
            if (len && (num[len - 1] == 'K' || num[len - 1] == 'k')) {
                num[len - 1] = '\0';
                unit = 1u << 10;
            }
            if (!parse_dec(num, &tb_size) || tb_size > ((uint64_t)1 << 40) / unit ||
                (tb_size && tb_size * unit < (16u << 10))) {
                set_error(errp, "%s %s: tb-size=%s: expected a size in MiB, or KiB with a K "
                          "suffix (at least 16K)", flag, arg, kv->val);
                return false;
            }
            tb_size *= unit;
        } else if (!strcmp(kv->key, "interp")) {
            if (!strcmp(kv->val, "on")) {
                interp = true;
            } else if (!strcmp(kv->val, "off")) {
                interp = false;
            } else {
                set_error(errp, "%s %s: interp=%s: expected on or off", flag, arg, kv->val);
                return false;
            }
        } else if (!strcmp(kv->key, "thread")) {
            if (strcmp(kv->val, "single") && strcmp(kv->val, "multi")) {
                set_error(errp, "%s %s: thread=%s: expected single or multi",
                          flag, arg, kv->val);
                return false;
            }
        } else {
            set_error(errp, "%s %s: unknown option '%s'", flag, arg, kv->key);
            return false;
        }
    }
    set_str(&o->accel, "tcg");
    o->tb_size = tb_size;
    o->tcg_interp = interp;
    return true;
}

static bool opt_enable_kvm(Options *o, const char *flag, const char *arg, GError **errp)
{
    set_error(errp, "%s: KVM is not available: only tcg is available", flag);
    return false;
}

static bool opt_help(Options *o, const char *flag, const char *arg, GError **errp)
{
    o->action = ACTION_HELP;
    return true;
}

static bool opt_version(Options *o, const char *flag, const char *arg, GError **errp)
{
    o->action = ACTION_VERSION;
    return true;
}

static const OptDef opt_defs[] = {
    { "h", NULL, opt_help, "print this help and exit (also -help, --help)" },
    { "help", NULL, opt_help, NULL },
    { "version", NULL, opt_version, "print the version and exit" },
    { "M", "TYPE[,gic-version=3][,dumpdtb=FILE]", opt_machine,
      "machine type (mini-virt; virt is an alias); '-M help' lists them" },
    { "machine", "TYPE[,...]", opt_machine, "same as -M" },
    { "cpu", "MODEL", opt_cpu, "CPU model (cortex-a57); '-cpu help' lists them" },
    { "smp", "N|cpus=N[,maxcpus=M][,sockets=S,cores=C,threads=T]", opt_smp,
      "number of CPUs (1..123)" },
    { "m", "SIZE", opt_m, "RAM size: plain number = MiB, or K/M/G/T suffix (default 128M)" },
    { "kernel", "FILE", opt_kernel, "Linux Image, Image.gz, uImage or ELF to boot" },
    { "initrd", "FILE", opt_initrd, "initial ramdisk (needs -kernel)" },
    { "append", "CMDLINE", opt_append, "kernel command line (needs -kernel)" },
    { "dtb", "FILE", opt_dtb, "use this device tree blob instead of a generated one" },
    { "bios", "FILE", opt_bios, "firmware image to run instead of a kernel" },
    { "drive", "if=pflash,format=raw,index=0|1,file=FILE[,readonly=on]", opt_drive,
      "back a flash bank with a file (written back when the guest programs it)" },
    { "readconfig", "FILE", opt_readconfig, "read options from an INI file, in place" },
    { "nographic", NULL, opt_nographic, "serial and monitor on stdio (Ctrl-a h for help)" },
    { "display", "none", opt_display, "no display (the only kind there is)" },
    { "serial", "stdio|mon:stdio|null|none|file:PATH", opt_serial, "the UART's backend" },
    { "monitor", "stdio|none|null", opt_monitor, "the monitor's backend" },
    { "s", NULL, opt_s, "shorthand for -gdb tcp::1234" },
    { "S", NULL, opt_S, "do not start the CPUs (use the monitor's 'c' or gdb)" },
    { "gdb", "tcp:[HOST]:PORT|none", opt_gdb, "wait for gdb on this TCP port" },
    { "d", "ITEM[,...]", opt_d, "enable debug log items; '-d help' lists them" },
    { "D", "FILE", opt_log_file, "write the debug log to FILE instead of stderr" },
    { "dfilter", "RANGE[,...]", opt_dfilter, "log only these guest addresses" },
    { "plugin", "[file=]FILE[,ARG=VALUE...]", opt_plugin,
      "load a TCG plugin (a .so, or a built-in: execlog, hotblocks, insn, mem)" },
    { "semihosting", NULL, opt_semihosting, "enable Arm semihosting (HLT #0xF000)" },
    { "semihosting-config", "enable=on|off[,target=native]", opt_semihosting_config,
      "configure semihosting" },
    { "device", "TYPE[,PROP=VALUE...]", opt_device,
      "add a device; '-device help' lists types, '-device TYPE,help' its properties" },
    { "no-reboot", NULL, opt_no_reboot, "exit instead of rebooting" },
    { "accel", "tcg[,tb-size=MB][,interp=on|off][,thread=single|multi]", opt_accel,
      "accelerator (only tcg)" },
    { "enable-kvm", NULL, opt_enable_kvm, NULL },
};

static const OptDef *opt_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(opt_defs); i++) {
        if (!strcmp(opt_defs[i].name, name)) {
            return &opt_defs[i];
        }
    }
    return NULL;
}

bool options_parse(Options *o, int argc, char **argv, GError **errp)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *name;
        const OptDef *def;
        const char *arg = NULL;

        if (a[0] != '-' || a[1] == '\0') {
            set_error(errp, "%s: disk images are not supported (mini-virt has no "
                      "disks; use -kernel and -initrd)", a);
            return false;
        }
        name = (a[1] == '-' && a[2]) ? a + 2 : a + 1;
        def = opt_find(name);
        if (!def) {
            set_error(errp, "unknown option '%s' (try -help)", a);
            return false;
        }
        if (def->arg_name) {
            if (i + 1 >= argc) {
                set_error(errp, "%s: requires an argument (%s)", a, def->arg_name);
                return false;
            }
            arg = argv[++i];
        }
        if (!def->fn(o, a, arg, errp)) {
            return false;
        }
        /* A help request ends the parse: the rest of the line is not needed. */
        if (o->action != ACTION_RUN) {
            return true;
        }
    }
    return true;
}

/* ---- -readconfig ---- */

typedef enum { SEC_NONE, SEC_MACHINE, SEC_SMP, SEC_MEMORY, SEC_DEVICE, SEC_DRIVE } SectionKind;

typedef struct IniState {
    const char *path;
    Options *o;
    SectionKind kind;
    char *sec_name;         /* for messages */
    char *dev_id;           /* [device "ID"]: NULL when no id */
    int sec_line;
    SmpAcc smp;
    GPtrArray *dev_props;   /* KV, in order, driver among them ([drive]: its keys) */
} IniState;

static void ini_error(GError **errp, IniState *st, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void ini_error(GError **errp, IniState *st, int line, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    set_error(errp, "%s:%d: %s", st->path, line, msg);
}

/* Close the open section: settle what needs every key of it. */
static bool ini_end_section(IniState *st, GError **errp)
{
    bool ok = true;

    if (st->kind == SEC_SMP) {
        g_autoptr(GError) err = NULL;
        if (!smp_finish(st->o, &st->smp, &err)) {
            ini_error(errp, st, st->sec_line, "[smp-opts]: %s", err->message);
            ok = false;
        }
    } else if (st->kind == SEC_DEVICE) {
        GString *s = g_string_new(NULL);
        const char *driver = NULL;

        for (guint i = 0; i < st->dev_props->len; i++) {
            KV *kv = st->dev_props->pdata[i];
            if (!strcmp(kv->key, "driver")) {
                driver = kv->val;
            }
        }
        if (!driver || !*driver) {
            ini_error(errp, st, st->sec_line, "[%s] has no driver", st->sec_name);
            ok = false;
        } else {
            append_escaped(s, driver);
            if (st->dev_id) {
                g_string_append(s, ",id=");
                append_escaped(s, st->dev_id);
            }
            for (guint i = 0; i < st->dev_props->len; i++) {
                KV *kv = st->dev_props->pdata[i];
                if (!strcmp(kv->key, "driver")) {
                    continue;
                }
                g_string_append_printf(s, ",%s=", kv->key);
                append_escaped(s, kv->val);
            }
            g_ptr_array_add(st->o->devices, g_strdup(s->str));
        }
        g_string_free(s, TRUE);
    } else if (st->kind == SEC_DRIVE) {
        /* The keys as one -drive argument, read by the same parser. */
        GString *s = g_string_new(NULL);
        g_autoptr(GError) err = NULL;
        for (guint i = 0; i < st->dev_props->len; i++) {
            KV *kv = st->dev_props->pdata[i];
            g_string_append_printf(s, "%s%s=", i ? "," : "", kv->key);
            append_escaped(s, kv->val);
        }
        if (!st->dev_props->len) {
            ini_error(errp, st, st->sec_line, "[%s] is empty", st->sec_name);
            ok = false;
        } else if (!opt_drive(st->o, "[drive]", s->str, &err)) {
            ini_error(errp, st, st->sec_line, "%s", err->message);
            ok = false;
        }
        g_string_free(s, TRUE);
    }
    st->kind = SEC_NONE;
    g_clear_pointer(&st->sec_name, g_free);
    g_clear_pointer(&st->dev_id, g_free);
    g_ptr_array_set_size(st->dev_props, 0);
    memset(&st->smp, 0, sizeof(st->smp));
    return ok;
}

static bool ini_key_char(char c)
{
    return g_ascii_isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* Comment or nothing after a closing quote. */
static bool ini_rest_empty(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return *p == '\0' || *p == '#' || *p == ';';
}

static bool ini_section(IniState *st, char *p, int line, GError **errp)
{
    char *name = p + 1, *end, *id = NULL;
    size_t n;

    end = name;
    while (*end && *end != ']' && *end != ' ' && *end != '\t' && *end != '"') {
        end++;
    }
    n = end - name;
    while (*end == ' ' || *end == '\t') {
        end++;
    }
    if (*end == '"') {
        char *q = strchr(end + 1, '"');
        if (!q) {
            ini_error(errp, st, line, "unterminated quote in section header");
            return false;
        }
        id = end + 1;
        *q = '\0';
        end = q + 1;
        while (*end == ' ' || *end == '\t') {
            end++;
        }
    }
    if (*end != ']') {
        ini_error(errp, st, line, "missing ']' in section header");
        return false;
    }
    if (!ini_rest_empty(end + 1)) {
        ini_error(errp, st, line, "unexpected text after section header");
        return false;
    }
    if (n == 0) {
        ini_error(errp, st, line, "empty section name");
        return false;
    }
    name[n] = '\0';
    if (!ini_end_section(st, errp)) {
        return false;
    }
    if (!strcmp(name, "machine")) {
        st->kind = SEC_MACHINE;
    } else if (!strcmp(name, "smp-opts")) {
        st->kind = SEC_SMP;
    } else if (!strcmp(name, "memory")) {
        st->kind = SEC_MEMORY;
    } else if (!strcmp(name, "device")) {
        st->kind = SEC_DEVICE;
        st->dev_id = id ? g_strdup(id) : NULL;
    } else if (!strcmp(name, "drive")) {
        st->kind = SEC_DRIVE;
    } else {
        ini_error(errp, st, line, "unknown section [%s] (supported: machine, smp-opts, "
                  "memory, device, drive)", name);
        return false;
    }
    if (id && st->kind != SEC_DEVICE && st->kind != SEC_DRIVE) {
        ini_error(errp, st, line, "section [%s] takes no id", name);
        st->kind = SEC_NONE;
        return false;
    }
    st->sec_name = id ? g_strdup_printf("%s \"%s\"", name, id) : g_strdup(name);
    st->sec_line = line;
    return true;
}

static bool ini_key(IniState *st, char *p, int line, GError **errp)
{
    char *key = p, *kend = p, *v;
    g_autoptr(GError) err = NULL;
    SetResult r = SET_UNKNOWN;

    while (ini_key_char(*kend)) {
        kend++;
    }
    v = kend;
    while (*v == ' ' || *v == '\t') {
        v++;
    }
    if (*v != '=') {
        ini_error(errp, st, line, "expected 'key = value' or '[section]'");
        return false;
    }
    if (kend == key) {
        ini_error(errp, st, line, "missing key before '='");
        return false;
    }
    *kend = '\0';
    v++;
    while (*v == ' ' || *v == '\t') {
        v++;
    }
    if (*v == '"') {
        char *q = strchr(v + 1, '"');
        if (!q) {
            ini_error(errp, st, line, "unterminated quote in value of '%s'", key);
            return false;
        }
        if (!ini_rest_empty(q + 1)) {
            ini_error(errp, st, line, "unexpected text after the quoted value of '%s'", key);
            return false;
        }
        *q = '\0';
        v++;
    } else {
        size_t n = strlen(v);
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) {
            v[--n] = '\0';
        }
    }

    switch (st->kind) {
    case SEC_NONE:
        ini_error(errp, st, line, "key '%s' outside of any section", key);
        return false;
    case SEC_MACHINE:
        r = machine_set(st->o, key, v, &err);
        break;
    case SEC_SMP:
        r = smp_set(&st->smp, key, v, &err);
        break;
    case SEC_MEMORY:
        if (!strcmp(key, "size")) {
            const char *why = size_parse(v, &st->o->ram_size);
            if (why) {
                ini_error(errp, st, line, "size = \"%s\": invalid RAM size (%s)", v, why);
                return false;
            }
            r = SET_OK;
        }
        break;
    case SEC_DRIVE:
    case SEC_DEVICE: {
        KV *kv = NULL;
        for (guint i = 0; i < st->dev_props->len; i++) {
            KV *e = st->dev_props->pdata[i];
            if (!strcmp(e->key, key)) {
                kv = e;
            }
        }
        if (!strcmp(key, "id")) {
            ini_error(errp, st, line, "the id goes in the section header: [%s \"ID\"]",
                      st->kind == SEC_DRIVE ? "drive" : "device");
            return false;
        }
        if (!kv) {
            kv = g_new0(KV, 1);
            kv->key = g_strdup(key);
            g_ptr_array_add(st->dev_props, kv);
        }
        set_str(&kv->val, v);
        r = SET_OK;
        break;
    }
    }
    if (r == SET_UNKNOWN) {
        ini_error(errp, st, line, "unknown key '%s' in section [%s]", key, st->sec_name);
        return false;
    }
    if (r == SET_BAD) {
        ini_error(errp, st, line, "%s", err->message);
        return false;
    }
    return true;
}

bool options_read_config(Options *o, const char *path, GError **errp)
{
    IniState st = { .path = path, .o = o };
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    int line = 0;
    bool ok = true;

    if (!f) {
        set_error(errp, "%s: %s", path, g_strerror(errno));
        return false;
    }
    st.dev_props = g_ptr_array_new_with_free_func(kv_free);
    while (ok && (len = getline(&buf, &cap, f)) >= 0) {
        char *p = buf;
        line++;
        if ((size_t)len != strlen(buf)) {
            ini_error(errp, &st, line, "NUL byte in line (not a text file?)");
            ok = false;
            break;
        }
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) {
            buf[--len] = '\0';
        }
        if (line == 1 && g_str_has_prefix(p, "\xEF\xBB\xBF")) {
            p += 3;     /* UTF-8 byte order mark */
        }
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0' || *p == '#' || *p == ';') {
            continue;
        }
        ok = (*p == '[') ? ini_section(&st, p, line, errp) : ini_key(&st, p, line, errp);
    }
    if (ok && ferror(f)) {
        set_error(errp, "%s: %s", path, g_strerror(errno));
        ok = false;
    }
    if (ok) {
        ok = ini_end_section(&st, errp);
    } else {
        st.kind = SEC_NONE;     /* don't half-apply a broken section */
        ini_end_section(&st, NULL);
    }
    free(buf);
    fclose(f);
    g_ptr_array_unref(st.dev_props);
    return ok;
}

/* ---- cross-checks ---- */

bool options_validate(Options *o, GError **errp)
{
    int stdio_users = 0;

    if (o->action != ACTION_RUN) {
        return true;
    }
    if (!o->kernel) {
        if (o->initrd) {
            set_error(errp, "-initrd only allowed with -kernel option");
            return false;
        }
        if (o->append) {
            set_error(errp, "-append only allowed with -kernel option");
            return false;
        }
        if (o->dtb) {
            set_error(errp, "-dtb only allowed with -kernel option");
            return false;
        }
    }
    if (o->bios && o->pflash[0].file) {
        /* QEMU's words: both would fill flash bank 0. */
        set_error(errp, "The contents of the first flash device may be specified with -bios "
                  "or with -drive if=pflash... but you cannot use both options at once");
        return false;
    }
    if (o->serial && (!strcmp(o->serial, "stdio") || !strcmp(o->serial, "mon:stdio"))) {
        stdio_users++;
    }
    if (o->monitor && !strcmp(o->monitor, "stdio")) {
        stdio_users++;
    }
    if (stdio_users > 1) {
        set_error(errp, "-serial %s -monitor stdio: cannot use stdio by multiple "
                  "character devices (use -serial mon:stdio alone to share it)",
                  o->serial);
        return false;
    }
    return true;
}

void options_print_usage(FILE *out)
{
    fprintf(out,
            "usage: a64emu [options]\n"
            "a64emu emulates an ARM64 mini-virt machine (GICv3, PL011, generic timer);\n"
            "its options are spelled as qemu-system-aarch64's (-opt or --opt).\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(opt_defs); i++) {
        const OptDef *d = &opt_defs[i];
        g_autofree char *lhs = NULL;
        if (!d->help) {
            continue;
        }
        lhs = d->arg_name ? g_strdup_printf("-%s %s", d->name, d->arg_name)
                          : g_strdup_printf("-%s", d->name);
        if (strlen(lhs) > 30) {
            fprintf(out, "%s\n%-32s%s\n", lhs, "", d->help);
        } else {
            fprintf(out, "%-32s%s\n", lhs, d->help);
        }
    }
    fprintf(out,
            "\nWith -nographic, Ctrl-a c switches between the serial console and the\n"
            "monitor, Ctrl-a x quits, Ctrl-a h lists the other keys.\n");
}
