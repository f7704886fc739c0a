/* options.h: the command line and -readconfig INI files, read into one
 * option set. Processing is in order: a later flag or file overrides an
 * earlier value. Every error names the flag or FILE:LINE. */
#ifndef A64EMU_OPTIONS_H
#define A64EMU_OPTIONS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum OptionsAction {
    ACTION_RUN = 0,
    ACTION_HELP,          /* -h / -help: usage printed, exit 0 */
    ACTION_VERSION,       /* -version */
    ACTION_MACHINE_HELP,  /* -M help */
    ACTION_CPU_HELP,      /* -cpu help */
    ACTION_DEVICE_HELP,   /* -device help */
    ACTION_DEVICE_PROPS,  /* -device TYPE,help : device_help_type set */
    ACTION_LOG_HELP,      /* -d help */
} OptionsAction;

/* -drive if=pflash: the flash banks' files (index 0, 1). */
#define OPTIONS_PFLASH_MAX 2
typedef struct PflashDrive {
    char *file;               /* NULL: no drive for this bank */
    bool readonly;
} PflashDrive;

typedef struct Options {
    OptionsAction action;
    char *device_help_type;
    char *machine_type;       /* NULL: the default machine (mini-virt) */
    char *dumpdtb;
    int gic_version;          /* 3 (the only one); 0 = unset */
    char *cpu_model;          /* NULL: cortex-a57 */
    unsigned smp;             /* 0 = unset (1) */
    uint64_t ram_size;        /* bytes; 0 = unset (default 128 MiB, as QEMU) */
    char *kernel, *initrd, *append, *dtb, *bios;
    PflashDrive pflash[OPTIONS_PFLASH_MAX];   /* -drive if=pflash,index=N,file=F */
    bool nographic;
    char *display;            /* "none" */
    char *serial;             /* NULL: default ("mon:stdio" with -nographic, else "null") */
    char *monitor;            /* NULL: default ("stdio" mux with -nographic, else "none") */
    char *gdb;                /* "tcp:HOST:PORT" (-s gives "tcp::1234") */
    bool start_stopped;       /* -S */
    int log_mask;             /* -d */
    char *log_file;           /* -D */
    char *dfilter;            /* -dfilter */
    bool semihosting;
    GPtrArray *devices;       /* -device strings, in order (char *) */
    GPtrArray *plugins;       /* -plugin specs, in order (char *) */
    bool no_reboot;
    char *accel;              /* "tcg" */
    uint64_t tb_size;         /* -accel tcg,tb-size=MB (or NK): bytes; 0 = default */
    bool tcg_interp;          /* -accel tcg,interp=on: run the IR interpreter, no host code */
} Options;

void options_init(Options *o);
void options_free(Options *o);
/* Parse argv (argv[0] skipped). -readconfig files are read where they stand. */
bool options_parse(Options *o, int argc, char **argv, GError **errp);
/* Read one INI file into o: [machine] type/kernel/initrd/append/dtb/firmware/
 * dumpdtb, [smp-opts] cpus, [memory] size, [device], [drive] (if/format/index/
 * file/readonly, as -drive). */
bool options_read_config(Options *o, const char *path, GError **errp);
/* Cross-checks after everything is read: -initrd/-append need -kernel, ... */
bool options_validate(Options *o, GError **errp);
/* -m syntax: "512M", "4G", "size=4G", plain number = MiB. 0 is an error. */
bool options_parse_size(const char *s, uint64_t *bytes, GError **errp);
void options_print_usage(FILE *out);

#endif
