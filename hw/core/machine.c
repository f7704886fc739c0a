/* machine.c: the abstract machine type every board derives from, and the
 * lookups behind -M NAME and -M help. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "hw/core/machine.h"

static const Property machine_props[] = {
    PROP_U64("ram-size", MachineState, ram_size, 0),
    PROP_U32("smp", MachineState, smp, 1),
    PROP_STR("cpu-type", MachineState, cpu_type, NULL),
    PROP_END
};

static void machine_print_info(Object *obj, GString *out, int indent)
{
    MachineState *ms = (MachineState *)obj;
    g_string_append_printf(out, "%*sboot: entry 0x%" PRIx64 " dtb 0x%" PRIx64
                           " initrd 0x%" PRIx64 "+0x%" PRIx64 "\n", indent, "",
                           ms->boot.entry, ms->boot.dtb_addr,
                           ms->boot.initrd_start, ms->boot.initrd_size);
}

static void machine_class_init(ObjectClass *oc, void *data)
{
    oc->print_info = machine_print_info;
}

static void machine_register(void)
{
    static const TypeInfo machine = {
        .name = TYPE_MACHINE,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(MachineState),
        .class_size = sizeof(MachineClass),
        .class_init = machine_class_init,
        .props = machine_props,
    };
    type_register(&machine);
}
TYPE_INIT(machine_register)

MachineClass *machine_find_class(const char *name, bool *was_alias, GError **errp)
{
    GSList *list = object_class_get_list(TYPE_MACHINE);
    MachineClass *found = NULL;

    *was_alias = false;
    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = l->data;
        if (!strcmp(mc->name, name)) {
            found = mc;
            break;
        }
        if (mc->alias && !strcmp(mc->alias, name)) {
            found = mc;
            *was_alias = true;
            break;
        }
    }
    g_slist_free(list);
    if (!found) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-M %s: unsupported machine type (use -M help for a list)", name);
    }
    return found;
}

void machine_print_list(FILE *out)
{
    GSList *list = object_class_get_list(TYPE_MACHINE);

    fprintf(out, "Supported machines are:\n");
    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = l->data;
        if (mc->alias) {
            fprintf(out, "%-20s alias of %s\n", mc->alias, mc->name);
        }
        fprintf(out, "%-20s %s%s\n", mc->name, ((ObjectClass *)mc)->desc,
                strcmp(mc->name, MACHINE_DEFAULT) ? "" : " (default)");
    }
    g_slist_free(list);
}
