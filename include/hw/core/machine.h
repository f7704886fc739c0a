/* machine.h: machine types (boards) as objects; the machine builds CPUs, RAM
 * and devices, then the boot code loads the guest. */
#ifndef A64EMU_MACHINE_H
#define A64EMU_MACHINE_H

#include "core/object.h"
#include "core/memory.h"
#include "core/options.h"
#include "boot/boot.h"
#include "ui/chardev.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"

typedef struct MachineState {
    Object parent_obj;
    const Options *opts;
    uint64_t ram_size;          /* property "ram-size" */
    uint32_t smp;               /* property "smp" */
    char *cpu_type;             /* property "cpu-type" */
    MemoryRegion ram;
    Chardev *serial;            /* the backend (or mux view) for serial port 0; NULL: none */
    BootInfo boot;
} MachineState;

typedef struct MachineClass {
    ObjectClass parent_class;
    const char *name;           /* "mini-virt" */
    const char *alias;          /* "virt" */
    const char *default_cpu_model;
    uint64_t default_ram_size;
    unsigned max_cpus;
    bool (*init)(MachineState *ms, GError **errp);
} MachineClass;

/* "-M NAME" -> class (NULL + GError naming it when unknown); *was_alias is set
 * when the alias matched. */
MachineClass *machine_find_class(const char *name, bool *was_alias, GError **errp);
void machine_print_list(FILE *out);         /* -M help */

#define MACHINE_DEFAULT "mini-virt"

#endif
