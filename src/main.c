/* main.c: a64emu's entry point: flags and -readconfig files -> machine ->
 * boot images -> reset -> the I/O main loop. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/options.h"
#include "core/log.h"
#include "hw/core/machine.h"
#include "arm/cpu.h"
#include "core/device.h"
#include "ui/chardev.h"
#include "ui/console.h"
#include "debug/gdbstub.h"
#include "core/runstate.h"
#include "boot/boot.h"
#include "tcg/cpu-exec.h"
#include "debug/semihosting.h"
#include "tcg/tb.h"
#include "tcg/plugin.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#ifndef A64EMU_VERSION
#define A64EMU_VERSION "0.0.0"
#endif

/* scripts/bench reads the translator's figures from A64EMU_JIT_STATS's file, written at
 * the guest's exit (semihosting SYS_EXIT, or PSCI SYSTEM_OFF/RESET ending the main loop). */
static void write_jit_stats(void)
{
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
}

/* Semihosting SYS_EXIT, from a vCPU thread: the guest's status is ours. */
static void exit_from_guest(int status)
{
    write_jit_stats();
    /* From a vCPU thread: the main loop may be writing to the gdb socket or
     * the terminal; take the big lock so nothing interleaves (never released:
     * the process ends here). */
    bql_lock();
    plugin_atexit();
    gdbstub_exit(status);
    term_restore();
    log_flush();
    fflush(NULL);
#ifdef __SANITIZE_ADDRESS__
    /* _exit skips LeakSanitizer's check at exit; run it here (it stops the other threads
     * while it scans, and ends the process with a report if anything leaked). */
    __lsan_do_leak_check();
#endif
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

int main(int argc, char **argv)
{
    /* Static: the options live as long as the process. The machine keeps a pointer to
     * them (ms->opts), and vCPU threads may still run when main returns. */
    static Options o;
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
        device_print_list(stdout);
        return 0;
    case ACTION_DEVICE_PROPS:
        if (!device_print_props(o.device_help_type, stdout, &err)) {
            die(err);
        }
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
    if (!plugin_load_all(o.plugins, smp, mc->max_cpus, &err)) {
        die(err);
    }
    bool serial_on_stdio = false;
    Chardev *serial = NULL;
    if (!console_setup(&o, &serial, &serial_on_stdio, &err)) {
        die(err);
    }
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
        if (!device_create(g_ptr_array_index(o.devices, i), i, &err)) {
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
    runstate_set_no_reboot(o.no_reboot);
    /* The loop exists before the vCPUs start: a guest may ask to shut down
     * (PSCI SYSTEM_OFF, semihosting) as soon as it runs. */
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    g_main_context_set_poll_func(NULL, poll_unlocked);
    runstate_set_main_loop(loop);
    system_reset();
    if (!o.start_stopped) {
        vm_start();
    }
    cpus_start();

    term_setup_raw();
    g_main_loop_run(loop);
    plugin_atexit();
    write_jit_stats();
    term_restore();
    log_flush();
    return runstate_exit_status();
}
