/* device.c: devices the user creates from the command line (-device), and
 * -device help / -device TYPE,help. */
#include <stdio.h>
#include <string.h>
#include "core/device.h"
#include "core/object.h"

void device_print_list(FILE *out)
{
    GSList *list = object_class_get_list(TYPE_DEVICE);
    fprintf(out, "Devices you can add with -device:\n");
    for (GSList *l = list; l; l = l->next) {
        ObjectClass *oc = l->data;
        if (oc->user_creatable) {
            fprintf(out, "name \"%s\", desc \"%s\"\n", object_class_get_name(oc),
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

bool device_print_props(const char *type, FILE *out, GError **errp)
{
    ObjectClass *oc = user_device_class(type, type, errp);
    if (!oc) {
        return false;
    }
    fprintf(out, "%s options:\n", type);
    g_autofree const Property **props = object_class_get_props(oc);
    for (const Property **p = props; *p; p++) {
        fprintf(out, "  %s=<%s>%s%s\n", (*p)->name, prop_type_name((*p)->type),
                (*p)->desc ? " - " : "", (*p)->desc ? (*p)->desc : "");
    }
    return true;
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

bool device_create(const char *spec, unsigned index, GError **errp)
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
