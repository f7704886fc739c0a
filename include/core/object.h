/* object.h: a small object model in the spirit of QEMU's QOM: registered
 * types with a parent, class and instance init, typed static properties,
 * a child tree with canonical paths, and a realize step. */
#ifndef A64EMU_OBJECT_H
#define A64EMU_OBJECT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct TypeImpl TypeImpl;

typedef enum PropType {
    PROP_TYPE_BOOL,
    PROP_TYPE_U32,
    PROP_TYPE_U64,
    PROP_TYPE_I64,
    PROP_TYPE_STR,       /* char * owned by the object (g_free'd) */
    PROP_TYPE_LINK,      /* Object * (not owned); link_type names the required type */
    PROP_TYPE_ARRAY_U64, /* uint64_t * (g_free'd) with a uint32_t count at len_offset */
} PropType;

/* A static (class-level) property stored in the instance at `offset`. */
typedef struct Property {
    const char *name;
    PropType type;
    size_t offset;
    size_t len_offset;      /* ARRAY_U64: offset of the uint32_t element count */
    uint64_t defval;        /* BOOL/U32/U64/I64 default (I64 stored as two's complement) */
    const char *defstr;     /* STR default (copied), may be NULL */
    const char *link_type;  /* LINK: required type name, NULL for any */
    bool required;          /* realize fails when it was never set */
    bool hex;               /* print as hex in info qtree */
    const char *desc;       /* one line for -device TYPE,help */
} Property;

#define PROP_BOOL(n, st, f, d) \
    { .name = (n), .type = PROP_TYPE_BOOL, .offset = offsetof(st, f), .defval = (d) }
#define PROP_U32(n, st, f, d) \
    { .name = (n), .type = PROP_TYPE_U32, .offset = offsetof(st, f), .defval = (d) }
#define PROP_U64(n, st, f, d) \
    { .name = (n), .type = PROP_TYPE_U64, .offset = offsetof(st, f), .defval = (d) }
#define PROP_U64_HEX(n, st, f, d) \
    { .name = (n), .type = PROP_TYPE_U64, .offset = offsetof(st, f), .defval = (d), .hex = true }
#define PROP_I64(n, st, f, d) \
    { .name = (n), .type = PROP_TYPE_I64, .offset = offsetof(st, f), .defval = (uint64_t)(d) }
#define PROP_STR(n, st, f, d) \
    { .name = (n), .type = PROP_TYPE_STR, .offset = offsetof(st, f), .defstr = (d) }
#define PROP_LINK(n, st, f, t) \
    { .name = (n), .type = PROP_TYPE_LINK, .offset = offsetof(st, f), .link_type = (t) }
#define PROP_ARRAY_U64(n, st, f, lenf) \
    { .name = (n), .type = PROP_TYPE_ARRAY_U64, .offset = offsetof(st, f), \
      .len_offset = offsetof(st, lenf) }
#define PROP_END { .name = NULL }

struct ObjectClass {
    TypeImpl *type;
    ObjectClass *parent_class;
    /* Called by object_realize() after every required property is checked. */
    bool (*realize)(Object *obj, GError **errp);
    /* Called by object_reset_tree() on each realized object, parents first. */
    void (*reset)(Object *obj);
    /* Extra lines for `info qtree` (e.g. "mmio 0000000009000000/0000000000001000"). */
    void (*print_info)(Object *obj, GString *out, int indent);
    const char *desc;       /* one line for `-M help`, `-device help` */
    bool user_creatable;    /* may be created with -device */
};

typedef struct TypeInfo {
    const char *name;
    const char *parent;          /* NULL only for "object" itself */
    size_t instance_size;        /* 0: inherit the parent's */
    size_t class_size;           /* 0: inherit the parent's */
    bool abstract;
    void (*class_init)(ObjectClass *oc, void *data);
    void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    const Property *props;       /* PROP_END-terminated, may be NULL */
} TypeInfo;

struct Object {
    ObjectClass *klass;
    char *name;                  /* name under the parent, NULL when unparented */
    Object *parent;
    GPtrArray *children;         /* Object *, in insertion order */
    GHashTable *prop_set;        /* names of properties explicitly set */
    unsigned refcount;
    bool realized;
    GPtrArray *gpios;            /* irq.c's named line groups, NULL until used; freed with obj */
};

#define TYPE_OBJECT "object"
#define TYPE_DEVICE "device"     /* abstract; parent of every device */

void type_register(const TypeInfo *info);
/* Register from a constructor: TYPE_INIT(my_register_fn) */
#define TYPE_INIT(fn) \
    static void __attribute__((constructor)) fn##_ctor(void) { fn(); }

ObjectClass *object_class_by_name(const char *typename);
const char *object_class_get_name(ObjectClass *oc);
ObjectClass *object_class_get_parent(ObjectClass *oc);
bool object_class_is_abstract(ObjectClass *oc);
/* NULL if oc is not typename or a subtype of it. */
ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename);
/* Every non-abstract class that is (a subtype of) `implements`, sorted by name. */
GSList *object_class_get_list(const char *implements);
/* Properties of the class and its ancestors (most-derived first), NULL-terminated.
 * g_free the array (not the Properties). */
const Property **object_class_get_props(ObjectClass *oc);
const Property *object_class_find_prop(ObjectClass *oc, const char *name);

/* A new instance with refcount 1, defaults applied, instance_init run from
 * the root type down. Aborts only on programming errors (unknown type). */
Object *object_new(const char *typename);
/* Same, but a GError for an unknown or abstract type name (user input). */
Object *object_new_checked(const char *typename, GError **errp);
void object_ref(Object *obj);
void object_unref(Object *obj);        /* finalize runs leaf to root, then children unref'd */

const char *object_get_typename(Object *obj);
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line);
#define OBJECT(o) ((Object *)(o))
#define OBJECT_GET_CLASS(T, o, name) \
    ((T *)object_class_dynamic_cast(OBJECT(o)->klass, (name)))
#define OBJECT_CHECK(T, o, name) \
    ((T *)object_dynamic_cast_assert(OBJECT(o), (name), __FILE__, __LINE__))

/* The child tree. The parent takes a reference. Names are unique per parent. */
void object_property_add_child(Object *parent, const char *name, Object *child);
void object_unparent(Object *obj);     /* drops the parent's reference */
Object *object_get_root(void);         /* "/" : a container, created on first use */
Object *object_resolve_child(Object *parent, const char *name);
/* Absolute ("/machine/cpu[0]") paths. NULL if nothing is there. */
Object *object_resolve_path(const char *path);
char *object_get_canonical_path(Object *obj);      /* g_free */

/* Typed property access; errors name the object path and property. */
bool object_property_set_bool(Object *obj, const char *name, bool v, GError **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t v, GError **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t v, GError **errp);
bool object_property_set_str(Object *obj, const char *name, const char *v, GError **errp);
bool object_property_set_link(Object *obj, const char *name, Object *v, GError **errp);
bool object_property_set_uint_array(Object *obj, const char *name,
                                    const uint64_t *v, uint32_t n, GError **errp);
bool object_property_get_bool(Object *obj, const char *name, GError **errp);
uint64_t object_property_get_uint(Object *obj, const char *name, GError **errp);
int64_t object_property_get_int(Object *obj, const char *name, GError **errp);
char *object_property_get_str(Object *obj, const char *name, GError **errp); /* g_free */
Object *object_property_get_link(Object *obj, const char *name, GError **errp);
/* Parse a user string as the property's type: bool on/off/yes/no/true/false,
 * integers decimal or 0x hex (K/M/G suffixes allowed), arrays as "1,2,3" is
 * not possible in -device syntax so arrays take "1:2:3". Links take a path. */
bool object_property_parse(Object *obj, const char *name, const char *str, GError **errp);
char *object_property_print(Object *obj, const char *name);            /* g_free */
bool object_property_is_set(Object *obj, const char *name);
/* Properties cannot be set after realize: that is an error. */

/* Validate required properties, then call the class realize hooks. */
bool object_realize(Object *obj, GError **errp);
/* Realize every unrealized object under (and including) obj, parents first. */
bool object_realize_tree(Object *obj, GError **errp);
/* Call reset on every realized object under obj, parents first. */
void object_reset_tree(Object *obj);

/* `info qtree`: the tree under the root, one object a line with its type,
 * then its properties "name = value" and the class print_info lines. */
void object_print_tree(GString *out);

#endif
