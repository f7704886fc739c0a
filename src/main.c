/* main.c: a64emu's entry point: flags and -readconfig files -> machine ->
 * boot images -> reset -> the I/O main loop. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/options.h"
#include "core/log.h"
#include "hw/core/machine.h"
#include "arm/cpu.h"
#include "ui/chardev.h"
#include "ui/monitor.h"
#include "debug/gdbstub.h"
#include "core/runstate.h"
#include "boot/boot.h"
#include "tcg/cpu-exec.h"
#include "debug/semihosting.h"
#include "tcg/tb.h"

#ifndef A64EMU_VERSION
#define A64EMU_VERSION "0.0.0"
#endif

/* Semihosting SYS_EXIT, from a vCPU thread: the guest's status is ours. */
static void exit_from_guest(int status)
{
    /* scripts/bench reads the translator's figures from here. */
    const char *stats = getenv("A64EMU_JIT_STATS");
    if (stats && *stats) {
        FILE *f = fopen(stats, "w");
        if (f) {
            GString *s = g_string_new(NULL);
            tb_print_stats(s);
            fputs(s->str, f);
            fclose(f);
            g_string_free(s, TRUE);
        }
    }
    /* From a vCPU thread: the main loop may be writing to the gdb socket or
     * the terminal; take the big lock so nothing interleaves (never released:
     * the process ends here). */
    bql_lock();
    gdbstub_exit(status);
    term_restore();
    log_flush();
    fflush(NULL);
    _exit(status);
}

/* The main loop polls without the big lock so vCPUs can reach devices. */
static gint poll_unlocked(GPollFD *fds, guint nfds, gint timeout)
{
    bql_unlock();
    gint r = g_poll(fds, nfds, timeout);
    bql_lock();
    return r;
}

/* One line naming what is wrong, the terminal as it was, status 1. */
static G_NORETURN void die(GError *err)
{
    term_restore();
    fprintf(stderr, "a64emu: %s\n", err->message);
    g_error_free(err);
    log_flush();
    exit(1);
}

static void print_device_list(void)
{
    GSList *list = object_class_get_list(TYPE_DEVICE);
    printf("Devices you can add with -device:\n");
    for (GSList *l = list; l; l = l->next) {
        ObjectClass *oc = l->data;
        if (oc->user_creatable) {
            printf("name \"%s\", desc \"%s\"\n", object_class_get_name(oc),
                   oc->desc ? oc->desc : "");
        }
    }
    g_slist_free(list);
}

static const char *prop_type_name(PropType t)
{
    static const char *const names[] = {
        [PROP_TYPE_BOOL] = "bool", [PROP_TYPE_U32] = "uint32", [PROP_TYPE_U64] = "uint64",
        [PROP_TYPE_I64] = "int64", [PROP_TYPE_STR] = "str", [PROP_TYPE_LINK] = "link",
        [PROP_TYPE_ARRAY_U64] = "uint64 list",
    };
    return names[t];
}

static ObjectClass *user_device_class(const char *type, const char *spec, GError **errp)
{
    ObjectClass *oc = object_class_by_name(type);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc) || !oc->user_creatable) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-device %s: '%s' is not a valid device model name (try -device help)",
                    spec, type);
        return NULL;
    }
    return oc;
}

static void print_device_props(const char *type)
{
    GError *err = NULL;
    ObjectClass *oc = user_device_class(type, type, &err);
    if (!oc) {
        die(err);
    }
    printf("%s options:\n", type);
    g_autofree const Property **props = object_class_get_props(oc);
    for (const Property **p = props; *p; p++) {
        printf("  %s=<%s>%s%s\n", (*p)->name, prop_type_name((*p)->type),
               (*p)->desc ? " - " : "", (*p)->desc ? (*p)->desc : "");
    }
}

/* "a=1,b=x,,y" -> {"a=1", "b=x,y"}: QEMU doubles a comma to escape it. */
static GPtrArray *split_opts(const char *spec)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    for (const char *p = spec; ; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',' || *p == '\0') {
            g_ptr_array_add(parts, g_string_free(cur, FALSE));
            if (!*p) {
                break;
            }
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *p);
        }
    }
    return parts;
}

/* Apply "key=value" parts to obj; *id gets the value of id= if present. */
static bool apply_device_props(Object *obj, GPtrArray *parts, const char *spec,
                               const char **id, GError **errp)
{
    for (guint i = 1; i < parts->len; i++) {
        const char *kv = g_ptr_array_index(parts, i);
        const char *eq = strchr(kv, '=');
        if (!eq) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "-device %s: '%s' is not of the form key=value", spec, kv);
            return false;
        }
        g_autofree char *key = g_strndup(kv, eq - kv);
        if (!strcmp(key, "id")) {
            *id = eq + 1;
            continue;
        }
        GError *perr = NULL;
        if (!object_property_parse(obj, key, eq + 1, &perr)) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "-device %s: %s",
                        spec, perr->message);
            g_error_free(perr);
            return false;
        }
    }
    return true;
}

/* -device TYPE[,id=ID][,prop=value...] as a child of /machine: QEMU's
 * /machine/peripheral/ID or /machine/peripheral-anon/device[N]. */
static bool create_device(const char *spec, unsigned index, GError **errp)
{
    g_autoptr(GPtrArray) parts = split_opts(spec);
    const char *type = g_ptr_array_index(parts, 0);
    const char *id = NULL;

    if (g_str_has_prefix(type, "driver=")) {
        type += strlen("driver=");
    }
    if (!user_device_class(type, spec, errp)) {
        return false;
    }
    Object *obj = object_new(type);
    if (!apply_device_props(obj, parts, spec, &id, errp)) {
        object_unref(obj);
        return false;
    }
    const char *holder_name = id ? "peripheral" : "peripheral-anon";
    Object *machine = object_resolve_path("/machine");
    Object *holder = object_resolve_child(machine, holder_name);
    if (!holder) {
        holder = object_new("container");
        object_property_add_child(machine, holder_name, holder);
        object_unref(holder);
    }
    g_autofree char *name = id ? g_strdup(id) : g_strdup_printf("device[%u]", index);
    if (object_resolve_child(holder, name)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-device %s: duplicate id '%s'", spec, name);
        object_unref(obj);
        return false;
    }
    object_property_add_child(holder, name, obj);
    object_unref(obj);
    GError *rerr = NULL;
    if (!object_realize(obj, &rerr)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "-device %s: %s",
                    spec, rerr->message);
        g_error_free(rerr);
        return false;
    }
    return true;
}

/* The serial console and the monitor. With -nographic both share stdio
 * through the Ctrl-a mux, as with QEMU. Returns serial port 0's chardev. */
static Chardev *setup_chardevs(const Options *o, bool *serial_on_stdio)
{
    Chardev *serial_chr = NULL;
    GError *err = NULL;
    const char *serial = o->serial;
    const char *monitor = o->monitor;

    if (o->nographic) {
        if (!serial) {
            serial = (monitor && strcmp(monitor, "none") && strcmp(monitor, "null"))
                     ? "stdio" : "mon:stdio";
        }
        if (!monitor) {
            monitor = "none";   /* either muxed with the serial port or not wanted */
        }
    }
    if (!serial) {
        serial = "null";
    }
    *serial_on_stdio = !strcmp(serial, "stdio") || !strcmp(serial, "mon:stdio");
    if (!monitor) {
        monitor = "none";
    }
    if (strcmp(serial, "none")) {
        Chardev *chr = chardev_new("serial0", serial, &err);
        if (!chr) {
            die(err);
        }
        serial_chr = chr;
        if (!strcmp(serial, "mon:stdio")) {
            /* The console first: it has the focus at start, as in QEMU. */
            serial_chr = mux_add_frontend(chr, "serial0-fe", NULL);
            monitor_new(chr);   /* the monitor adds itself to the mux */
        }
    }
    if (strcmp(monitor, "none") && strcmp(monitor, "null")) {
        Chardev *chr = chardev_new("compat_monitor0", monitor, &err);
        if (!chr) {
            die(err);
        }
        monitor_new(chr);
    }
    return serial_chr;
}

int main(int argc, char **argv)
{
    Options o;
    GError *err = NULL;

    /* A closed pipe on stdout (a64emu ... | head) is not a reason to die. */
    signal(SIGPIPE, SIG_IGN);
    options_init(&o);
    bql_lock();     /* held by the main thread except while it polls */
    if (!options_parse(&o, argc, argv, &err)) {
        die(err);
    }
    switch (o.action) {
    case ACTION_HELP:
        options_print_usage(stdout);
        return 0;
    case ACTION_VERSION:
        printf("a64emu version " A64EMU_VERSION "\n");
        return 0;
    case ACTION_MACHINE_HELP:
        machine_print_list(stdout);
        return 0;
    case ACTION_CPU_HELP:
        arm_cpu_list(stdout);
        return 0;
    case ACTION_DEVICE_HELP:
        print_device_list();
        return 0;
    case ACTION_DEVICE_PROPS:
        print_device_props(o.device_help_type);
        return 0;
    case ACTION_LOG_HELP:
        log_print_help(stdout);
        return 0;
    case ACTION_RUN:
        break;
    }
    if (!options_validate(&o, &err)) {
        die(err);
    }
    log_mask = o.log_mask;
    if (o.log_file && !log_set_file(o.log_file, &err)) {
        die(err);
    }

    bool alias = false;
    const char *mname = o.machine_type ? o.machine_type : MACHINE_DEFAULT;
    MachineClass *mc = machine_find_class(mname, &alias, &err);
    if (!mc) {
        die(err);
    }
    if (alias) {
        fprintf(stderr, "a64emu: machine '%s' is provided by '%s'\n", mname, mc->name);
    }
    g_autofree char *cpu_type =
        arm_cpu_type_from_model(o.cpu_model ? o.cpu_model : mc->default_cpu_model, &err);
    if (!cpu_type) {
        die(err);
    }
    unsigned smp = o.smp ? o.smp : 1;
    if (smp > mc->max_cpus) {
        g_set_error(&err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-smp %u: %s supports at most %u CPUs", smp, mc->name, mc->max_cpus);
        die(err);
    }
    bool serial_on_stdio = false;
    Chardev *serial = setup_chardevs(&o, &serial_on_stdio);
    semihosting_enable(o.semihosting);
    /* Semihosting shares the console when it is the terminal (so the mux
     * keeps order); with the serial port elsewhere it writes to stdout. */
    semihosting_set_console(serial_on_stdio ? serial : NULL);
    semihosting_set_exit_hook(exit_from_guest);

    Object *mobj = object_new(object_class_get_name((ObjectClass *)mc));
    object_property_add_child(object_get_root(), "machine", mobj);
    object_unref(mobj);
    MachineState *ms = (MachineState *)mobj;
    ms->opts = &o;
    ms->serial = serial;
    if (!object_property_set_uint(mobj, "ram-size",
                                  o.ram_size ? o.ram_size : mc->default_ram_size, &err) ||
        !object_property_set_uint(mobj, "smp", smp, &err) ||
        !object_property_set_str(mobj, "cpu-type", cpu_type, &err) ||
        !object_realize(mobj, &err) ||
        !mc->init(ms, &err)) {
        die(err);
    }
    for (guint i = 0; o.devices && i < o.devices->len; i++) {
        if (!create_device(g_ptr_array_index(o.devices, i), i, &err)) {
            die(err);
        }
    }
    if (!rom_check_layout(get_address_space_memory(), &err)) {
        die(err);
    }
    if (ms->boot.dumped) {
        return 0;
    }

    if (!cpu_exec_init(o.tb_size, o.tcg_interp, &err)) {
        die(err);
    }
    if (o.gdb && !gdbstub_start(o.gdb, &err)) {
        die(err);
    }
    system_reset();
    if (!o.start_stopped) {
        vm_start();
    }
    cpus_start();

    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    g_main_context_set_poll_func(NULL, poll_unlocked);
    runstate_set_main_loop(loop);
    term_setup_raw();
    g_main_loop_run(loop);
    term_restore();
    log_flush();
    return runstate_exit_status();
}
