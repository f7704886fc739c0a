/* object.c: the object model: a type table filled from constructors, lazily
 * built classes, typed static properties, the child tree and realize/reset. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/irq.h"
#include "core/object.h"

struct TypeImpl {
    TypeInfo info;               /* copy of the registered info */
    TypeImpl *parent;            /* resolved lazily */
    size_t instance_size;        /* resolved (inherited when 0) */
    size_t class_size;
    ObjectClass *klass;          /* NULL until first lookup */
    bool broken;                 /* parent missing or cyclic: reported once */
};

/* Registration happens from constructors before main; afterwards the table is
 * only read, but classes are built lazily, possibly from several threads, and
 * class_init hooks may look up other classes: hence a recursive lock. */
static GHashTable *type_table;
static GRecMutex type_lock;

static GQuark object_error_quark(void)
{
    return g_quark_from_static_string("a64emu-object-error");
}
#define OBJ_ERROR object_error_quark()

/* ------------------------------------------------------------------ types */

void type_register(const TypeInfo *info)
{
    if (!info || !info->name || !*info->name) {
        g_critical("type_register: a type needs a name");
        return;
    }
    g_rec_mutex_lock(&type_lock);
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    if (g_hash_table_contains(type_table, info->name)) {
        g_critical("type_register: type '%s' registered twice", info->name);
    } else {
        TypeImpl *ti = g_new0(TypeImpl, 1);
        ti->info = *info;
        ti->info.name = g_strdup(info->name);
        ti->info.parent = g_strdup(info->parent);
        g_hash_table_insert(type_table, (char *)ti->info.name, ti);
    }
    g_rec_mutex_unlock(&type_lock);
}

static TypeImpl *type_find(const char *name)
{
    if (!name || !type_table) {
        return NULL;
    }
    return g_hash_table_lookup(type_table, name);
}

/* Builds ti's class (and its ancestors'); caller holds type_lock. */
static ObjectClass *type_initialize(TypeImpl *ti)
{
    if (ti->klass) {
        return ti->klass;
    }
    if (ti->broken) {
        return NULL;
    }

    /* Walk the parent names first so a cycle or a missing parent is reported
     * instead of recursing forever. */
    guint limit = g_hash_table_size(type_table) + 1;
    TypeImpl *t = ti;
    while (t->info.parent && !t->klass) {
        TypeImpl *p = type_find(t->info.parent);
        if (!p) {
            g_critical("type '%s': parent type '%s' is not registered",
                       t->info.name, t->info.parent);
            ti->broken = true;
            return NULL;
        }
        if (--limit == 0) {
            g_critical("type '%s': its parent chain is cyclic", ti->info.name);
            ti->broken = true;
            return NULL;
        }
        t = p;
    }

    ObjectClass *parent_class = NULL;
    size_t parent_class_size = 0;
    if (ti->info.parent) {
        ti->parent = type_find(ti->info.parent);
        parent_class = type_initialize(ti->parent);
        if (!parent_class) {
            ti->broken = true;
            return NULL;
        }
        parent_class_size = ti->parent->class_size;
        ti->instance_size = ti->info.instance_size ? ti->info.instance_size
                                                   : ti->parent->instance_size;
        ti->class_size = ti->info.class_size ? ti->info.class_size
                                             : parent_class_size;
    } else {
        ti->instance_size = ti->info.instance_size ? ti->info.instance_size
                                                   : sizeof(Object);
        ti->class_size = ti->info.class_size ? ti->info.class_size
                                             : sizeof(ObjectClass);
    }
    if (ti->class_size < parent_class_size) {
        g_critical("type '%s': class_size is smaller than its parent's", ti->info.name);
        ti->class_size = parent_class_size;
    }
    if (ti->instance_size < sizeof(Object) ||
        (ti->parent && ti->instance_size < ti->parent->instance_size)) {
        g_critical("type '%s': instance_size is smaller than its parent's", ti->info.name);
        ti->instance_size = MAX(sizeof(Object),
                                ti->parent ? ti->parent->instance_size : 0);
    }

    /* The parent's class already went through every ancestor's class_init
     * (root first), so copying it and running our own hook completes the
     * root-to-leaf order without running any hook twice. */
    ObjectClass *oc = g_malloc0(ti->class_size);
    if (parent_class) {
        memcpy(oc, parent_class, parent_class_size);
    }
    oc->type = ti;
    oc->parent_class = parent_class;
    ti->klass = oc;   /* set before class_init so a hook may look itself up */
    if (ti->info.class_init) {
        ti->info.class_init(oc, ti->info.class_data);
    }
    return oc;
}

ObjectClass *object_class_by_name(const char *typename)
{
    g_rec_mutex_lock(&type_lock);
    TypeImpl *ti = type_find(typename);
    ObjectClass *oc = ti ? type_initialize(ti) : NULL;
    g_rec_mutex_unlock(&type_lock);
    return oc;
}

const char *object_class_get_name(ObjectClass *oc)
{
    return oc ? oc->type->info.name : NULL;
}

ObjectClass *object_class_get_parent(ObjectClass *oc)
{
    return oc ? oc->parent_class : NULL;
}

bool object_class_is_abstract(ObjectClass *oc)
{
    return oc && oc->type->info.abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename)
{
    if (!typename) {
        return NULL;
    }
    for (ObjectClass *k = oc; k; k = k->parent_class) {
        if (strcmp(k->type->info.name, typename) == 0) {
            return oc;
        }
    }
    return NULL;
}

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list(const char *implements)
{
    GSList *list = NULL;
    g_rec_mutex_lock(&type_lock);
    if (type_table) {
        GHashTableIter it;
        gpointer value;
        g_hash_table_iter_init(&it, type_table);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            TypeImpl *ti = value;
            ObjectClass *oc = type_initialize(ti);
            if (!oc || ti->info.abstract) {
                continue;
            }
            if (implements && !object_class_dynamic_cast(oc, implements)) {
                continue;
            }
            list = g_slist_prepend(list, oc);
        }
    }
    g_rec_mutex_unlock(&type_lock);
    return g_slist_sort(list, class_name_cmp);
}

/* ------------------------------------------------------------- properties */

const Property *object_class_find_prop(ObjectClass *oc, const char *name)
{
    if (!name) {
        return NULL;
    }
    for (ObjectClass *k = oc; k; k = k->parent_class) {
        const Property *p = k->type->info.props;
        for (; p && p->name; p++) {
            if (strcmp(p->name, name) == 0) {
                return p;
            }
        }
    }
    return NULL;
}

const Property **object_class_get_props(ObjectClass *oc)
{
    GPtrArray *arr = g_ptr_array_new();
    for (ObjectClass *k = oc; k; k = k->parent_class) {
        const Property *p = k->type->info.props;
        for (; p && p->name; p++) {
            /* A subclass may redefine an inherited name; the derived one wins. */
            if (object_class_find_prop(oc, p->name) == p) {
                g_ptr_array_add(arr, (gpointer)p);
            }
        }
    }
    g_ptr_array_add(arr, NULL);
    return (const Property **)g_ptr_array_free(arr, FALSE);
}

static void *prop_ptr(Object *obj, const Property *p)
{
    return (char *)obj + p->offset;
}

static uint32_t *prop_len_ptr(Object *obj, const Property *p)
{
    return (uint32_t *)((char *)obj + p->len_offset);
}

static void prop_set_default(Object *obj, const Property *p)
{
    void *ptr = prop_ptr(obj, p);
    switch (p->type) {
    case PROP_TYPE_BOOL:
        *(bool *)ptr = p->defval != 0;
        break;
    case PROP_TYPE_U32:
        *(uint32_t *)ptr = (uint32_t)p->defval;
        break;
    case PROP_TYPE_U64:
        *(uint64_t *)ptr = p->defval;
        break;
    case PROP_TYPE_I64:
        *(int64_t *)ptr = (int64_t)p->defval;
        break;
    case PROP_TYPE_STR:
        *(char **)ptr = g_strdup(p->defstr);
        break;
    case PROP_TYPE_LINK:
        *(Object **)ptr = NULL;
        break;
    case PROP_TYPE_ARRAY_U64:
        *(uint64_t **)ptr = NULL;
        *prop_len_ptr(obj, p) = 0;
        break;
    }
}

static void prop_release(Object *obj, const Property *p)
{
    if (p->type == PROP_TYPE_STR) {
        g_clear_pointer((char **)prop_ptr(obj, p), g_free);
    } else if (p->type == PROP_TYPE_ARRAY_U64) {
        g_clear_pointer((uint64_t **)prop_ptr(obj, p), g_free);
        *prop_len_ptr(obj, p) = 0;
    }
}

/* --------------------------------------------------------------- objects */

static Object *object_new_from_class(ObjectClass *oc)
{
    TypeImpl *ti = oc->type;
    Object *obj = g_malloc0(ti->instance_size);
    obj->klass = oc;
    obj->children = g_ptr_array_new();
    obj->prop_set = g_hash_table_new(g_str_hash, g_str_equal);
    obj->refcount = 1;

    const Property **props = object_class_get_props(oc);
    for (const Property **p = props; *p; p++) {
        prop_set_default(obj, *p);
    }
    g_free(props);

    GPtrArray *chain = g_ptr_array_new();
    for (ObjectClass *k = oc; k; k = k->parent_class) {
        g_ptr_array_add(chain, k->type);
    }
    for (guint i = chain->len; i-- > 0;) {
        TypeImpl *t = g_ptr_array_index(chain, i);
        if (t->info.instance_init) {
            t->info.instance_init(obj);
        }
    }
    g_ptr_array_free(chain, TRUE);
    return obj;
}

Object *object_new_checked(const char *typename, GError **errp)
{
    ObjectClass *oc = object_class_by_name(typename);
    if (!oc) {
        g_set_error(errp, OBJ_ERROR, 0, "Unknown type '%s'",
                    typename ? typename : "(null)");
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        g_set_error(errp, OBJ_ERROR, 0,
                    "Type '%s' is abstract and cannot be instantiated", typename);
        return NULL;
    }
    return object_new_from_class(oc);
}

Object *object_new(const char *typename)
{
    GError *err = NULL;
    Object *obj = object_new_checked(typename, &err);
    if (!obj) {
        g_error("object_new: %s", err->message);
    }
    return obj;
}

void object_ref(Object *obj)
{
    if (obj) {
        g_atomic_int_inc((gint *)&obj->refcount);
    }
}

static void object_finalize(Object *obj)
{
    for (ObjectClass *k = obj->klass; k; k = k->parent_class) {
        if (k->type->info.instance_finalize) {
            k->type->info.instance_finalize(obj);
        }
    }
    /* Children go after the finalizers so those can still walk them. */
    while (obj->children->len) {
        object_unparent(g_ptr_array_index(obj->children, 0));
    }
    const Property **props = object_class_get_props(obj->klass);
    for (const Property **p = props; *p; p++) {
        prop_release(obj, *p);
    }
    g_free(props);
    if (obj->gpios) {
        g_ptr_array_unref(obj->gpios);
    }
    g_ptr_array_free(obj->children, TRUE);
    g_hash_table_destroy(obj->prop_set);
    g_free(obj->name);
    g_free(obj);
}

void object_unref(Object *obj)
{
    if (!obj) {
        return;
    }
    if (obj->refcount == 0) {
        g_critical("object_unref: %s object has no references left",
                   object_get_typename(obj));
        return;
    }
    if (g_atomic_int_dec_and_test((gint *)&obj->refcount)) {
        if (obj->parent) {
            g_critical("object_unref: %s freed while still in the tree",
                       object_get_typename(obj));
        }
        object_finalize(obj);
    }
}

const char *object_get_typename(Object *obj)
{
    return obj ? object_class_get_name(obj->klass) : NULL;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->klass, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line)
{
    if (obj && !object_class_dynamic_cast(obj->klass, typename)) {
        g_error("%s:%d: object of type '%s' is not a '%s'",
                file, line, object_get_typename(obj), typename);
    }
    return obj;
}

/* ------------------------------------------------------------ child tree */

Object *object_get_root(void)
{
    static Object *root;
    if (g_once_init_enter(&root)) {
        g_once_init_leave(&root, object_new("container"));
    }
    return root;
}

Object *object_resolve_child(Object *parent, const char *name)
{
    if (!parent || !name) {
        return NULL;
    }
    for (guint i = 0; i < parent->children->len; i++) {
        Object *c = g_ptr_array_index(parent->children, i);
        if (strcmp(c->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

void object_property_add_child(Object *parent, const char *name, Object *child)
{
    if (!parent || !child || !name || !*name || strchr(name, '/')) {
        g_critical("object_property_add_child: bad arguments (name '%s')",
                   name ? name : "(null)");
        return;
    }
    if (child->parent) {
        g_critical("object_property_add_child: '%s' already has a parent", name);
        return;
    }
    if (object_resolve_child(parent, name)) {
        g_autofree char *path = object_get_canonical_path(parent);
        g_critical("object_property_add_child: %s already has a child '%s'", path, name);
        return;
    }
    for (Object *a = parent; a; a = a->parent) {
        if (a == child) {
            g_critical("object_property_add_child: '%s' would be its own ancestor", name);
            return;
        }
    }
    object_ref(child);
    child->name = g_strdup(name);
    child->parent = parent;
    g_ptr_array_add(parent->children, child);
}

void object_unparent(Object *obj)
{
    if (!obj || !obj->parent) {
        return;
    }
    g_ptr_array_remove(obj->parent->children, obj);
    obj->parent = NULL;
    g_clear_pointer(&obj->name, g_free);
    object_unref(obj);
}

Object *object_resolve_path(const char *path)
{
    if (!path || path[0] != '/') {
        return NULL;
    }
    Object *obj = object_get_root();
    g_auto(GStrv) parts = g_strsplit(path + 1, "/", -1);
    for (char **p = parts; *p && obj; p++) {
        if (**p) {  /* tolerate "//" and a trailing "/" */
            obj = object_resolve_child(obj, *p);
        }
    }
    return obj;
}

char *object_get_canonical_path(Object *obj)
{
    if (!obj) {
        return g_strdup("(null)");
    }
    Object *root = object_get_root();
    if (obj == root) {
        return g_strdup("/");
    }
    GString *s = g_string_new("");
    Object *o = obj;
    for (; o->parent; o = o->parent) {
        g_string_prepend(s, o->name);
        g_string_prepend_c(s, '/');
    }
    if (o != root) {
        /* Not in the tree: name the detached top by its type so messages still
         * say what the object is, without looking like a resolvable path. */
        g_string_prepend(s, object_get_typename(o));
    }
    return g_string_free(s, FALSE);
}

/* ----------------------------------------------------- property access */

static const char *prop_type_name(PropType t)
{
    switch (t) {
    case PROP_TYPE_BOOL:      return "bool";
    case PROP_TYPE_U32:       return "uint32";
    case PROP_TYPE_U64:       return "uint64";
    case PROP_TYPE_I64:       return "int64";
    case PROP_TYPE_STR:       return "string";
    case PROP_TYPE_LINK:      return "link";
    case PROP_TYPE_ARRAY_U64: return "uint64 array";
    }
    return "?";
}

/* Looks a property up for reading (writing=false) or writing. */
static const Property *prop_lookup(Object *obj, const char *name, bool writing,
                                   GError **errp)
{
    if (!obj) {
        g_set_error(errp, OBJ_ERROR, 0, "Property '%s': no object",
                    name ? name : "(null)");
        return NULL;
    }
    const Property *p = object_class_find_prop(obj->klass, name);
    if (!p) {
        g_set_error(errp, OBJ_ERROR, 0, "Property '%s.%s' not found",
                    object_get_typename(obj), name ? name : "(null)");
        return NULL;
    }
    if (writing && obj->realized) {
        g_autofree char *path = object_get_canonical_path(obj);
        g_set_error(errp, OBJ_ERROR, 0,
                    "Property '%s.%s' cannot be set after %s is realized",
                    object_get_typename(obj), p->name, path);
        return NULL;
    }
    return p;
}

static bool prop_wrong_type(Object *obj, const Property *p, const char *want,
                            GError **errp)
{
    g_set_error(errp, OBJ_ERROR, 0, "Property '%s.%s' is a %s, not a %s",
                object_get_typename(obj), p->name, prop_type_name(p->type), want);
    return false;
}

static void prop_mark_set(Object *obj, const Property *p)
{
    g_hash_table_add(obj->prop_set, (char *)p->name);
}

bool object_property_set_bool(Object *obj, const char *name, bool v, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    if (p->type != PROP_TYPE_BOOL) {
        return prop_wrong_type(obj, p, "bool", errp);
    }
    *(bool *)prop_ptr(obj, p) = v;
    prop_mark_set(obj, p);
    return true;
}

/* Stores an integer given as sign + magnitude, range-checked for the type;
 * `shown` is what the user wrote, for the error message. */
static bool prop_store_int(Object *obj, const Property *p, bool neg, uint64_t mag,
                           const char *shown, GError **errp)
{
    const char *why = NULL;
    void *ptr = prop_ptr(obj, p);
    switch (p->type) {
    case PROP_TYPE_U32:
        if (neg && mag) {
            why = "it must not be negative";
        } else if (mag > UINT32_MAX) {
            why = "the maximum is 4294967295";
        } else {
            *(uint32_t *)ptr = (uint32_t)mag;
        }
        break;
    case PROP_TYPE_U64:
        if (neg && mag) {
            why = "it must not be negative";
        } else {
            *(uint64_t *)ptr = mag;
        }
        break;
    case PROP_TYPE_I64:
        if (neg ? mag > (uint64_t)INT64_MAX + 1 : mag > (uint64_t)INT64_MAX) {
            why = "it is out of range for a signed 64-bit integer";
        } else {
            *(int64_t *)ptr = neg ? (int64_t)(0 - mag) : (int64_t)mag;
        }
        break;
    default:
        return prop_wrong_type(obj, p, "integer", errp);
    }
    if (why) {
        g_set_error(errp, OBJ_ERROR, 0, "Property '%s.%s' doesn't take value '%s': %s",
                    object_get_typename(obj), p->name, shown, why);
        return false;
    }
    prop_mark_set(obj, p);
    return true;
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t v, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    char shown[24];
    snprintf(shown, sizeof(shown), "%" PRIu64, v);
    return prop_store_int(obj, p, false, v, shown, errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t v, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    char shown[24];
    snprintf(shown, sizeof(shown), "%" PRId64, v);
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    return prop_store_int(obj, p, v < 0, mag, shown, errp);
}

bool object_property_set_str(Object *obj, const char *name, const char *v, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    if (p->type != PROP_TYPE_STR) {
        return prop_wrong_type(obj, p, "string", errp);
    }
    char **ptr = prop_ptr(obj, p);
    char *old = *ptr;
    *ptr = g_strdup(v);
    g_free(old);
    prop_mark_set(obj, p);
    return true;
}

bool object_property_set_link(Object *obj, const char *name, Object *v, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    if (p->type != PROP_TYPE_LINK) {
        return prop_wrong_type(obj, p, "link", errp);
    }
    if (v && p->link_type && !object_dynamic_cast(v, p->link_type)) {
        g_autofree char *path = object_get_canonical_path(v);
        g_set_error(errp, OBJ_ERROR, 0,
                    "Property '%s.%s' needs an object of type '%s', but %s is a '%s'",
                    object_get_typename(obj), p->name, p->link_type, path,
                    object_get_typename(v));
        return false;
    }
    *(Object **)prop_ptr(obj, p) = v;
    prop_mark_set(obj, p);
    return true;
}

bool object_property_set_uint_array(Object *obj, const char *name,
                                    const uint64_t *v, uint32_t n, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    if (p->type != PROP_TYPE_ARRAY_U64) {
        return prop_wrong_type(obj, p, "uint64 array", errp);
    }
    if (n && !v) {
        g_set_error(errp, OBJ_ERROR, 0, "Property '%s.%s': no array given",
                    object_get_typename(obj), p->name);
        return false;
    }
    uint64_t **ptr = prop_ptr(obj, p);
    uint64_t *copy = NULL;
    if (n) {  /* copy before freeing: v may point into the old array */
        copy = g_new(uint64_t, n);
        memcpy(copy, v, (size_t)n * sizeof(uint64_t));
    }
    g_free(*ptr);
    *ptr = copy;
    *prop_len_ptr(obj, p) = n;
    prop_mark_set(obj, p);
    return true;
}

bool object_property_get_bool(Object *obj, const char *name, GError **errp)
{
    const Property *p = prop_lookup(obj, name, false, errp);
    if (!p) {
        return false;
    }
    if (p->type != PROP_TYPE_BOOL) {
        return prop_wrong_type(obj, p, "bool", errp);
    }
    return *(bool *)prop_ptr(obj, p);
}

/* Reads any integer property as sign + magnitude. */
static bool prop_load_int(Object *obj, const Property *p, bool *neg, uint64_t *mag,
                          GError **errp)
{
    void *ptr = prop_ptr(obj, p);
    *neg = false;
    switch (p->type) {
    case PROP_TYPE_U32:
        *mag = *(uint32_t *)ptr;
        return true;
    case PROP_TYPE_U64:
        *mag = *(uint64_t *)ptr;
        return true;
    case PROP_TYPE_I64: {
        int64_t v = *(int64_t *)ptr;
        *neg = v < 0;
        *mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        return true;
    }
    default:
        return prop_wrong_type(obj, p, "integer", errp);
    }
}

uint64_t object_property_get_uint(Object *obj, const char *name, GError **errp)
{
    const Property *p = prop_lookup(obj, name, false, errp);
    bool neg;
    uint64_t mag;
    if (!p || !prop_load_int(obj, p, &neg, &mag, errp)) {
        return 0;
    }
    if (neg) {
        g_set_error(errp, OBJ_ERROR, 0, "Property '%s.%s' is negative (-%" PRIu64 ")",
                    object_get_typename(obj), p->name, mag);
        return 0;
    }
    return mag;
}

int64_t object_property_get_int(Object *obj, const char *name, GError **errp)
{
    const Property *p = prop_lookup(obj, name, false, errp);
    bool neg;
    uint64_t mag;
    if (!p || !prop_load_int(obj, p, &neg, &mag, errp)) {
        return 0;
    }
    if (neg) {
        return (int64_t)(0 - mag);
    }
    if (mag > INT64_MAX) {
        g_set_error(errp, OBJ_ERROR, 0,
                    "Property '%s.%s' value %" PRIu64 " does not fit a signed integer",
                    object_get_typename(obj), p->name, mag);
        return 0;
    }
    return (int64_t)mag;
}

char *object_property_get_str(Object *obj, const char *name, GError **errp)
{
    const Property *p = prop_lookup(obj, name, false, errp);
    if (!p) {
        return NULL;
    }
    if (p->type != PROP_TYPE_STR) {
        prop_wrong_type(obj, p, "string", errp);
        return NULL;
    }
    return g_strdup(*(char **)prop_ptr(obj, p));
}

Object *object_property_get_link(Object *obj, const char *name, GError **errp)
{
    const Property *p = prop_lookup(obj, name, false, errp);
    if (!p) {
        return NULL;
    }
    if (p->type != PROP_TYPE_LINK) {
        prop_wrong_type(obj, p, "link", errp);
        return NULL;
    }
    return *(Object **)prop_ptr(obj, p);
}

bool object_property_is_set(Object *obj, const char *name)
{
    return obj && name && g_hash_table_contains(obj->prop_set, name);
}

/* ------------------------------------------------------------- parsing */

/* Strict unsigned parse: decimal or 0x hex, then an optional K/M/G/T binary
 * multiplier; no sign, no spaces, no overflow. */
static bool parse_u64(const char *s, uint64_t *out)
{
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!g_ascii_isxdigit(*s) || (base == 10 && !g_ascii_isdigit(*s))) {
        return false;
    }
    uint64_t v = 0;
    for (; *s; s++) {
        int d = g_ascii_xdigit_value(*s);
        if (d < 0 || d >= base) {
            break;
        }
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
            return false;
        }
        v = v * (uint64_t)base + (uint64_t)d;
    }
    if (*s) {
        int shift;
        switch (g_ascii_toupper(*s)) {
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        case 'T': shift = 40; break;
        default: return false;
        }
        /* "0x10G" is ambiguous-looking but fine: G is not a hex digit. */
        if (s[1] || v > (UINT64_MAX >> shift)) {
            return false;
        }
        v <<= shift;
    }
    *out = v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (g_ascii_strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool parse_error(Object *obj, const Property *p, const char *str,
                        const char *expect, GError **errp)
{
    g_set_error(errp, OBJ_ERROR, 0, "Property '%s.%s' doesn't take value '%s': %s",
                object_get_typename(obj), p->name, str, expect);
    return false;
}

bool object_property_parse(Object *obj, const char *name, const char *str, GError **errp)
{
    const Property *p = prop_lookup(obj, name, true, errp);
    if (!p) {
        return false;
    }
    if (!str) {
        str = "";
    }
    switch (p->type) {
    case PROP_TYPE_BOOL: {
        bool b;
        if (!parse_bool(str, &b)) {
            return parse_error(obj, p, str,
                               "expected on/off, yes/no or true/false", errp);
        }
        return object_property_set_bool(obj, name, b, errp);
    }
    case PROP_TYPE_U32:
    case PROP_TYPE_U64:
    case PROP_TYPE_I64: {
        bool neg = false;
        const char *s = str;
        if (p->type == PROP_TYPE_I64 && (*s == '-' || *s == '+')) {
            neg = *s == '-';
            s++;
        }
        uint64_t v;
        if (!parse_u64(s, &v)) {
            return parse_error(obj, p, str, p->type == PROP_TYPE_I64
                               ? "expected an integer (decimal or 0x hex, K/M/G/T allowed)"
                               : "expected a non-negative integer "
                                 "(decimal or 0x hex, K/M/G/T allowed)", errp);
        }
        return prop_store_int(obj, p, neg, v, str, errp);
    }
    case PROP_TYPE_STR:
        return object_property_set_str(obj, name, str, errp);
    case PROP_TYPE_LINK: {
        Object *target = object_resolve_path(str);
        if (!target) {
            return parse_error(obj, p, str, str[0] == '/'
                               ? "no object at that path"
                               : "expected an absolute path like /machine/cpu[0]", errp);
        }
        return object_property_set_link(obj, name, target, errp);
    }
    case PROP_TYPE_ARRAY_U64: {
        g_auto(GStrv) parts = *str ? g_strsplit(str, ":", -1) : g_new0(char *, 1);
        guint n = g_strv_length(parts);
        g_autofree uint64_t *vals = g_new0(uint64_t, MAX(n, 1));
        for (guint i = 0; i < n; i++) {
            if (!parse_u64(parts[i], &vals[i])) {
                g_autofree char *why = g_strdup_printf(
                    "element %u ('%s') is not a non-negative integer; "
                    "arrays are written 1:2:3", i, parts[i]);
                return parse_error(obj, p, str, why, errp);
            }
        }
        return object_property_set_uint_array(obj, name, vals, n, errp);
    }
    }
    return false;
}

/* --------------------------------------------------------------- printing */

static void print_int(GString *out, const Property *p, uint64_t bits, bool is_signed)
{
    if (p->hex) {
        g_string_append_printf(out, "0x%" PRIx64, bits);
    } else if (is_signed) {
        g_string_append_printf(out, "%" PRId64, (int64_t)bits);
    } else {
        g_string_append_printf(out, "%" PRIu64, bits);
    }
}

static void print_value(Object *obj, const Property *p, GString *out)
{
    void *ptr = prop_ptr(obj, p);
    switch (p->type) {
    case PROP_TYPE_BOOL:
        g_string_append(out, *(bool *)ptr ? "true" : "false");
        break;
    case PROP_TYPE_U32:
        print_int(out, p, *(uint32_t *)ptr, false);
        break;
    case PROP_TYPE_U64:
        print_int(out, p, *(uint64_t *)ptr, false);
        break;
    case PROP_TYPE_I64:
        print_int(out, p, (uint64_t)*(int64_t *)ptr, true);
        break;
    case PROP_TYPE_STR: {
        const char *s = *(char **)ptr;
        if (s) {
            g_string_append_printf(out, "\"%s\"", s);
        } else {
            g_string_append(out, "null");
        }
        break;
    }
    case PROP_TYPE_LINK: {
        Object *t = *(Object **)ptr;
        if (t) {
            g_autofree char *path = object_get_canonical_path(t);
            g_string_append_printf(out, "\"%s\"", path);
        } else {
            g_string_append(out, "null");
        }
        break;
    }
    case PROP_TYPE_ARRAY_U64: {
        const uint64_t *a = *(uint64_t **)ptr;
        uint32_t n = a ? *prop_len_ptr(obj, p) : 0;
        g_string_append_c(out, '[');
        for (uint32_t i = 0; i < n; i++) {
            if (i) {
                g_string_append(out, ", ");
            }
            print_int(out, p, a[i], false);
        }
        g_string_append_c(out, ']');
        break;
    }
    }
}

char *object_property_print(Object *obj, const char *name)
{
    const Property *p = obj ? object_class_find_prop(obj->klass, name) : NULL;
    if (!p) {
        return NULL;
    }
    GString *out = g_string_new("");
    print_value(obj, p, out);
    return g_string_free(out, FALSE);
}

static void print_object(Object *obj, GString *out, int indent)
{
    g_string_append_printf(out, "%*s%s: %s\n", indent, "", obj->name,
                           object_get_typename(obj));
    int inner = indent + 2;
    const Property **props = object_class_get_props(obj->klass);
    for (const Property **p = props; *p; p++) {
        g_string_append_printf(out, "%*s%s = ", inner, "", (*p)->name);
        print_value(obj, *p, out);
        g_string_append_c(out, '\n');
    }
    g_free(props);
    obj_print_gpios(obj, out, inner);
    if (obj->klass->print_info) {
        obj->klass->print_info(obj, out, inner);
    }
    for (guint i = 0; i < obj->children->len; i++) {
        print_object(g_ptr_array_index(obj->children, i), out, inner);
    }
}

void object_print_tree(GString *out)
{
    Object *root = object_get_root();
    for (guint i = 0; i < root->children->len; i++) {
        print_object(g_ptr_array_index(root->children, i), out, 0);
    }
}

/* ---------------------------------------------------------------- realize */

bool object_realize(Object *obj, GError **errp)
{
    if (!obj) {
        g_set_error(errp, OBJ_ERROR, 0, "object_realize: no object");
        return false;
    }
    if (obj->realized) {
        return true;
    }
    const Property **props = object_class_get_props(obj->klass);
    GString *missing = g_string_new("");
    unsigned n_missing = 0;
    for (const Property **p = props; *p; p++) {
        if ((*p)->required && !object_property_is_set(obj, (*p)->name)) {
            g_string_append_printf(missing, "%s'%s'", n_missing ? ", " : "", (*p)->name);
            n_missing++;
        }
    }
    g_free(props);
    if (n_missing) {
        g_autofree char *path = object_get_canonical_path(obj);
        g_set_error(errp, OBJ_ERROR, 0, "%s: %s %s %s required", path,
                    n_missing == 1 ? "property" : "properties", missing->str,
                    n_missing == 1 ? "is" : "are");
        g_string_free(missing, TRUE);
        return false;
    }
    g_string_free(missing, TRUE);

    if (obj->klass->realize) {
        GError *err = NULL;
        if (!obj->klass->realize(obj, &err)) {
            if (!err) {
                g_autofree char *path = object_get_canonical_path(obj);
                err = g_error_new(OBJ_ERROR, 0, "%s: %s failed to realize", path,
                                  object_get_typename(obj));
            }
            g_propagate_error(errp, err);
            return false;
        }
        if (err) {  /* a hook that reported success should not leave an error */
            g_error_free(err);
        }
    }
    obj->realized = true;
    return true;
}

bool object_realize_tree(Object *obj, GError **errp)
{
    if (!obj) {
        return true;
    }
    if (!obj->realized && !object_realize(obj, errp)) {
        return false;
    }
    /* By index: a parent's realize (or a child's) may add children. */
    for (guint i = 0; i < obj->children->len; i++) {
        Object *c = g_ptr_array_index(obj->children, i);
        object_ref(c);
        bool ok = object_realize_tree(c, errp);
        object_unref(c);
        if (!ok) {
            return false;
        }
    }
    return true;
}

void object_reset_tree(Object *obj)
{
    if (!obj) {
        return;
    }
    if (obj->realized && obj->klass->reset) {
        obj->klass->reset(obj);
    }
    for (guint i = 0; i < obj->children->len; i++) {
        object_reset_tree(g_ptr_array_index(obj->children, i));
    }
}

/* ------------------------------------------------------------ built-ins */

static void object_register_builtin_types(void)
{
    static const TypeInfo object_info = {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_size = sizeof(ObjectClass),
    };
    static const TypeInfo container_info = {
        .name = "container",
        .parent = TYPE_OBJECT,
    };
    static const TypeInfo device_info = {
        .name = TYPE_DEVICE,
        .parent = TYPE_OBJECT,
        .abstract = true,
    };
    type_register(&object_info);
    type_register(&container_info);
    type_register(&device_info);
}
TYPE_INIT(object_register_builtin_types)
