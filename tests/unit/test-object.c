/* test-object.c: unit tests for the object model (src/core/object.c) and the
 * named IRQ lines (src/core/irq.c). */
#include <inttypes.h>
#include <string.h>

#include "core/irq.h"
#include "core/object.h"

/* ------------------------------------------------------------ test types */

#define TYPE_T_BASE "t-base"
#define TYPE_T_MID "t-mid"
#define TYPE_T_LEAF "t-leaf"
#define TYPE_T_OTHER "t-other"
#define TYPE_T_ABS "t-abstract"
#define TYPE_T_REQ2 "t-req2"

typedef struct TBaseClass {
    ObjectClass parent_class;
    int a;
    int b;
    const char *who;
} TBaseClass;

typedef struct TLeafClass {
    TBaseClass parent_class;
    int extra;
} TLeafClass;

typedef struct TBase {
    Object parent_obj;
    bool flag;
    uint32_t u32;
    uint64_t u64;
    uint64_t hexv;
    int64_t i64;
    char *str;
    Object *link;
    uint64_t *arr;
    uint32_t arr_len;
    bool fail_realize;
    bool fail_silently;
    bool add_child_on_realize;
} TBase;

typedef struct TLeaf {
    TBase parent_obj;
    char *req;
    uint32_t extra;
    uint64_t *harr;
    uint32_t harr_len;
} TLeaf;

typedef struct TReq2 {
    Object parent_obj;
    uint32_t a;
    uint32_t b;
    uint32_t c;
} TReq2;

/* Event logs the hooks append to; each test clears the ones it checks. */
static GString *class_log;
static GString *init_log;
static GString *fin_log;
static GString *realize_log;
static GString *reset_log;

static void log_add(GString *log, const char *what)
{
    if (log->len) {
        g_string_append_c(log, ',');
    }
    g_string_append(log, what);
}

static void log_add_path(GString *log, Object *obj)
{
    log_add(log, obj->name ? obj->name : "?");
}

static void clear_logs(void)
{
    g_string_truncate(class_log, 0);
    g_string_truncate(init_log, 0);
    g_string_truncate(fin_log, 0);
    g_string_truncate(realize_log, 0);
    g_string_truncate(reset_log, 0);
}

static bool t_base_realize(Object *obj, GError **errp)
{
    TBase *t = (TBase *)obj;
    log_add_path(realize_log, obj);
    if (t->fail_silently) {
        return false;
    }
    if (t->fail_realize) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s refuses", obj->name);
        return false;
    }
    if (t->add_child_on_realize) {
        Object *c = object_new(TYPE_T_BASE);
        object_property_add_child(obj, "late", c);
        object_unref(c);
    }
    return true;
}

static void t_base_reset(Object *obj)
{
    log_add_path(reset_log, obj);
}

static void t_base_class_init(ObjectClass *oc, void *data)
{
    TBaseClass *bc = (TBaseClass *)oc;
    log_add(class_log, "base");
    bc->a = 1;
    bc->b = 2;
    bc->who = "base";
    oc->realize = t_base_realize;
    oc->reset = t_base_reset;
    oc->desc = "a test base";
}

static void t_mid_class_init(ObjectClass *oc, void *data)
{
    log_add(class_log, "mid");
    ((TBaseClass *)oc)->b = 20;
}

static void t_leaf_print_info(Object *obj, GString *out, int indent)
{
    g_string_append_printf(out, "%*sinfo extra=%u\n", indent, "", ((TLeaf *)obj)->extra);
}

static void t_leaf_class_init(ObjectClass *oc, void *data)
{
    TLeafClass *lc = (TLeafClass *)oc;
    log_add(class_log, "leaf");
    lc->parent_class.who = "leaf";
    lc->extra = GPOINTER_TO_INT(data);
    oc->print_info = t_leaf_print_info;
    oc->user_creatable = true;
}

static void t_base_instance_init(Object *obj) { log_add(init_log, "base"); }
static void t_mid_instance_init(Object *obj) { log_add(init_log, "mid"); }
static void t_leaf_instance_init(Object *obj) { log_add(init_log, "leaf"); }
static void t_base_finalize(Object *obj) { log_add(fin_log, "base"); }
static void t_mid_finalize(Object *obj) { log_add(fin_log, "mid"); }

static void t_leaf_finalize(Object *obj)
{
    /* Children and properties must still be there while finalizers run. */
    g_autofree char *s = g_strdup_printf("leaf(%s,%u)", obj->name ? obj->name : "-",
                                         obj->children->len);
    log_add(fin_log, s);
}

static const Property t_base_props[] = {
    PROP_BOOL("flag", TBase, flag, true),
    PROP_U32("u32", TBase, u32, 7),
    PROP_U64("u64", TBase, u64, 1ULL << 33),
    PROP_U64_HEX("hexv", TBase, hexv, 0x1000),
    PROP_I64("i64", TBase, i64, -5),
    PROP_STR("str", TBase, str, "hello"),
    PROP_LINK("link", TBase, link, TYPE_T_MID),
    PROP_ARRAY_U64("arr", TBase, arr, arr_len),
    PROP_BOOL("fail-realize", TBase, fail_realize, false),
    PROP_END,
};

static const Property t_leaf_props[] = {
    { .name = "req", .type = PROP_TYPE_STR, .offset = offsetof(TLeaf, req),
      .required = true },
    PROP_U32("extra", TLeaf, extra, 3),
    { .name = "harr", .type = PROP_TYPE_ARRAY_U64, .offset = offsetof(TLeaf, harr),
      .len_offset = offsetof(TLeaf, harr_len), .hex = true },
    PROP_END,
};

static const Property t_req2_props[] = {
    { .name = "a", .type = PROP_TYPE_U32, .offset = offsetof(TReq2, a), .required = true },
    { .name = "b", .type = PROP_TYPE_U32, .offset = offsetof(TReq2, b), .required = true },
    PROP_U32("c", TReq2, c, 0),
    PROP_END,
};

static const TypeInfo t_leaf_info = {
    .name = TYPE_T_LEAF, .parent = TYPE_T_MID,
    .instance_size = sizeof(TLeaf), .class_size = sizeof(TLeafClass),
    .class_init = t_leaf_class_init, .class_data = GINT_TO_POINTER(42),
    .instance_init = t_leaf_instance_init, .instance_finalize = t_leaf_finalize,
    .props = t_leaf_props,
};
static const TypeInfo t_mid_info = {
    .name = TYPE_T_MID, .parent = TYPE_T_BASE,
    .class_init = t_mid_class_init,
    .instance_init = t_mid_instance_init, .instance_finalize = t_mid_finalize,
};
static const TypeInfo t_base_info = {
    .name = TYPE_T_BASE, .parent = TYPE_DEVICE,
    .instance_size = sizeof(TBase), .class_size = sizeof(TBaseClass),
    .class_init = t_base_class_init,
    .instance_init = t_base_instance_init, .instance_finalize = t_base_finalize,
    .props = t_base_props,
};
static const TypeInfo t_other_info = {
    .name = TYPE_T_OTHER, .parent = TYPE_OBJECT,
};
static const TypeInfo t_abs_info = {
    .name = TYPE_T_ABS, .parent = TYPE_T_BASE, .abstract = true,
};
static const TypeInfo t_req2_info = {
    .name = TYPE_T_REQ2, .parent = TYPE_DEVICE,
    .instance_size = sizeof(TReq2), .props = t_req2_props,
};
static const TypeInfo t_orphan_info = {
    .name = "t-orphan", .parent = "t-no-such-parent",
};

/* Children first on purpose: parents must resolve lazily. */
static void register_test_types(void)
{
    type_register(&t_leaf_info);
    type_register(&t_mid_info);
    type_register(&t_abs_info);
    type_register(&t_base_info);
    type_register(&t_other_info);
    type_register(&t_req2_info);
}

static Object *new_leaf(void)
{
    return object_new(TYPE_T_LEAF);
}

#define assert_error_contains(err, needle) do {                              \
        g_assert_nonnull(err);                                               \
        if (!strstr((err)->message, (needle))) {                             \
            g_error("error \"%s\" lacks \"%s\"", (err)->message, (needle));  \
        }                                                                    \
    } while (0)

/* ------------------------------------------------------------------ types */

static void test_class_init_order(void)
{
    clear_logs();
    ObjectClass *oc = object_class_by_name(TYPE_T_LEAF);
    g_assert_nonnull(oc);
    g_assert_cmpstr(class_log->str, ==, "base,mid,leaf");
    /* Built once. */
    g_assert_true(object_class_by_name(TYPE_T_LEAF) == oc);
    g_assert_true(object_class_by_name(TYPE_T_MID) == oc->parent_class);
    g_assert_cmpstr(class_log->str, ==, "base,mid,leaf");

    TLeafClass *lc = (TLeafClass *)oc;
    g_assert_cmpint(lc->parent_class.a, ==, 1);       /* inherited from base */
    g_assert_cmpint(lc->parent_class.b, ==, 20);      /* mid's override copied down */
    g_assert_cmpstr(lc->parent_class.who, ==, "leaf");
    g_assert_cmpint(lc->extra, ==, 42);               /* class_data */
    g_assert_true(oc->realize == t_base_realize);
    g_assert_cmpstr(oc->desc, ==, "a test base");
    g_assert_true(oc->user_creatable);

    TBaseClass *mc = (TBaseClass *)object_class_by_name(TYPE_T_MID);
    TBaseClass *bc = (TBaseClass *)object_class_by_name(TYPE_T_BASE);
    g_assert_cmpint(mc->b, ==, 20);
    g_assert_cmpstr(mc->who, ==, "base");
    g_assert_cmpint(bc->b, ==, 2);
    g_assert_null(bc->parent_class.print_info);
    g_assert_false(bc->parent_class.user_creatable);
}

static void test_casts(void)
{
    ObjectClass *leaf = object_class_by_name(TYPE_T_LEAF);
    ObjectClass *base = object_class_by_name(TYPE_T_BASE);
    g_assert_true(object_class_dynamic_cast(leaf, TYPE_T_BASE) == leaf);
    g_assert_true(object_class_dynamic_cast(leaf, TYPE_DEVICE) == leaf);
    g_assert_true(object_class_dynamic_cast(leaf, TYPE_OBJECT) == leaf);
    g_assert_true(object_class_dynamic_cast(leaf, TYPE_T_LEAF) == leaf);
    g_assert_null(object_class_dynamic_cast(base, TYPE_T_LEAF));
    g_assert_null(object_class_dynamic_cast(base, TYPE_T_OTHER));
    g_assert_null(object_class_dynamic_cast(base, "no-such-type"));
    g_assert_null(object_class_dynamic_cast(NULL, TYPE_OBJECT));

    g_assert_cmpstr(object_class_get_name(leaf), ==, TYPE_T_LEAF);
    g_assert_cmpstr(object_class_get_name(object_class_get_parent(leaf)), ==, TYPE_T_MID);
    ObjectClass *root = object_class_by_name(TYPE_OBJECT);
    g_assert_nonnull(root);
    g_assert_null(object_class_get_parent(root));
    g_assert_true(object_class_is_abstract(object_class_by_name(TYPE_DEVICE)));
    g_assert_true(object_class_is_abstract(object_class_by_name(TYPE_T_ABS)));
    g_assert_false(object_class_is_abstract(leaf));
    g_assert_nonnull(object_class_by_name("container"));

    Object *o = new_leaf();
    g_assert_true(object_dynamic_cast(o, TYPE_T_BASE) == o);
    g_assert_true(object_dynamic_cast(o, TYPE_DEVICE) == o);
    g_assert_null(object_dynamic_cast(o, TYPE_T_OTHER));
    g_assert_true(OBJECT_CHECK(TBase, o, TYPE_T_BASE) == (TBase *)o);
    TBaseClass *bc = OBJECT_GET_CLASS(TBaseClass, o, TYPE_T_BASE);
    g_assert_nonnull(bc);
    g_assert_cmpint(bc->b, ==, 20);
    g_assert_null(OBJECT_GET_CLASS(TBaseClass, o, TYPE_T_OTHER));
    g_assert_cmpstr(object_get_typename(o), ==, TYPE_T_LEAF);
    object_unref(o);

    Object *b = object_new(TYPE_T_BASE);
    g_assert_null(object_dynamic_cast(b, TYPE_T_MID));
    object_unref(b);
}

static void test_cast_assert_aborts(void)
{
    if (g_test_subprocess()) {
        Object *o = object_new(TYPE_T_OTHER);
        OBJECT_CHECK(TBase, o, TYPE_T_BASE);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*t-other*t-base*");
}

static void test_new_checked(void)
{
    GError *err = NULL;
    g_assert_null(object_class_by_name("no-such-type"));
    g_assert_null(object_class_by_name(NULL));
    g_assert_null(object_new_checked("no-such-type", &err));
    assert_error_contains(err, "'no-such-type'");
    g_clear_error(&err);

    g_assert_null(object_new_checked(TYPE_DEVICE, &err));
    assert_error_contains(err, "abstract");
    assert_error_contains(err, "'device'");
    g_clear_error(&err);

    g_assert_null(object_new_checked(TYPE_T_ABS, &err));
    assert_error_contains(err, "'t-abstract'");
    g_clear_error(&err);

    /* A subtype of an abstract type is fine. */
    Object *o = object_new_checked(TYPE_T_LEAF, &err);
    g_assert_no_error(err);
    g_assert_nonnull(o);
    g_assert_cmpuint(o->refcount, ==, 1);
    object_unref(o);

    /* A type whose parent never registered: reported once, then an error. */
    type_register(&t_orphan_info);
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*t-no-such-parent*");
    g_assert_null(object_class_by_name("t-orphan"));
    g_test_assert_expected_messages();
    g_assert_null(object_new_checked("t-orphan", &err));
    assert_error_contains(err, "t-orphan");
    g_clear_error(&err);

    /* Registering the same name twice is a programming error, not a crash. */
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*t-leaf*twice*");
    type_register(&t_leaf_info);
    g_test_assert_expected_messages();
}

static void test_new_unknown_aborts(void)
{
    if (g_test_subprocess()) {
        object_new("no-such-type");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*no-such-type*");
}

static void test_class_list(void)
{
    GSList *l = object_class_get_list(TYPE_T_BASE);
    GString *names = g_string_new("");
    for (GSList *i = l; i; i = i->next) {
        log_add(names, object_class_get_name(i->data));
    }
    /* Sorted, abstract t-abstract left out. */
    g_assert_cmpstr(names->str, ==, "t-base,t-leaf,t-mid");
    g_slist_free(l);

    l = object_class_get_list(TYPE_DEVICE);
    bool saw_req2 = false;
    for (GSList *i = l; i; i = i->next) {
        const char *n = object_class_get_name(i->data);
        g_assert_cmpstr(n, !=, TYPE_DEVICE);
        g_assert_cmpstr(n, !=, TYPE_T_OTHER);
        g_assert_cmpstr(n, !=, TYPE_T_ABS);
        saw_req2 |= strcmp(n, TYPE_T_REQ2) == 0;
        if (i->next) {
            g_assert_cmpint(strcmp(n, object_class_get_name(i->next->data)), <, 0);
        }
    }
    g_assert_true(saw_req2);
    g_slist_free(l);

    l = object_class_get_list(NULL);
    bool saw_container = false, saw_object = false;
    for (GSList *i = l; i; i = i->next) {
        saw_container |= strcmp(object_class_get_name(i->data), "container") == 0;
        saw_object |= strcmp(object_class_get_name(i->data), TYPE_OBJECT) == 0;
    }
    g_assert_true(saw_container && saw_object);
    g_slist_free(l);
    g_string_free(names, TRUE);
}

/* ------------------------------------------------------ instance lifetime */

static void test_instance_init_finalize_order(void)
{
    clear_logs();
    Object *o = new_leaf();
    g_assert_cmpstr(init_log->str, ==, "base,mid,leaf");
    g_assert_cmpstr(fin_log->str, ==, "");
    object_ref(o);
    g_assert_cmpuint(o->refcount, ==, 2);
    object_unref(o);
    g_assert_cmpstr(fin_log->str, ==, "");
    object_unref(o);
    g_assert_cmpstr(fin_log->str, ==, "leaf(-,0),mid,base");
}

static void test_refcount_tree(void)
{
    clear_logs();
    Object *parent = new_leaf();
    Object *c1 = new_leaf();
    Object *c2 = new_leaf();
    object_property_add_child(parent, "c1", c1);
    object_property_add_child(parent, "c2", c2);
    g_assert_cmpuint(c1->refcount, ==, 2);
    object_unref(c1);
    object_unref(c2);
    g_assert_cmpstr(fin_log->str, ==, "");   /* the parent keeps them alive */

    object_ref(c2);                          /* outlives its parent */
    object_unref(parent);
    /* Parent's finalizers first (still seeing its 2 children), then c1's. */
    g_assert_cmpstr(fin_log->str, ==, "leaf(-,2),mid,base,leaf(-,0),mid,base");
    g_assert_null(c2->parent);
    g_assert_null(c2->name);
    g_assert_cmpuint(c2->refcount, ==, 1);
    g_string_truncate(fin_log, 0);
    object_unref(c2);
    g_assert_cmpstr(fin_log->str, ==, "leaf(-,0),mid,base");

    /* Unparent drops the parent's reference. */
    clear_logs();
    Object *p = object_new("container");
    Object *c = new_leaf();
    object_property_add_child(p, "x", c);
    object_unref(c);
    object_unparent(c);
    g_assert_cmpstr(fin_log->str, ==, "leaf(-,0),mid,base");
    g_assert_cmpuint(p->children->len, ==, 0);
    object_unparent(p);    /* no parent: a no-op */
    object_unref(p);

    /* Unref of NULL is harmless. */
    object_unref(NULL);
    object_ref(NULL);
}

/* ------------------------------------------------------------- properties */

static void test_prop_defaults(void)
{
    Object *o = new_leaf();
    TBase *b = (TBase *)o;
    TLeaf *l = (TLeaf *)o;
    g_assert_true(b->flag);
    g_assert_cmpuint(b->u32, ==, 7);
    g_assert_cmpuint(b->u64, ==, 1ULL << 33);
    g_assert_cmpuint(b->hexv, ==, 0x1000);
    g_assert_cmpint(b->i64, ==, -5);
    g_assert_cmpstr(b->str, ==, "hello");
    g_assert_true(b->str != t_base_props[5].defstr);   /* a copy */
    g_assert_null(b->link);
    g_assert_null(b->arr);
    g_assert_cmpuint(b->arr_len, ==, 0);
    g_assert_null(l->req);
    g_assert_cmpuint(l->extra, ==, 3);
    g_assert_false(object_property_is_set(o, "u32"));

    const Property **props = object_class_get_props(o->klass);
    GString *names = g_string_new("");
    for (const Property **p = props; *p; p++) {
        log_add(names, (*p)->name);
    }
    g_assert_cmpstr(names->str, ==,
                    "req,extra,harr,flag,u32,u64,hexv,i64,str,link,arr,fail-realize");
    g_free(props);
    g_string_free(names, TRUE);

    g_assert_true(object_class_find_prop(o->klass, "u32") == &t_base_props[1]);
    g_assert_true(object_class_find_prop(o->klass, "req") == &t_leaf_props[0]);
    g_assert_null(object_class_find_prop(o->klass, "nope"));
    g_assert_null(object_class_find_prop(object_class_by_name(TYPE_T_BASE), "req"));

    props = object_class_get_props(object_class_by_name("container"));
    g_assert_null(props[0]);
    g_free(props);
    object_unref(o);
}

static void test_prop_set_get(void)
{
    Object *o = new_leaf();
    Object *mid = object_new(TYPE_T_MID);
    Object *other = object_new(TYPE_T_OTHER);
    GError *err = NULL;

    g_assert_true(object_property_set_bool(o, "flag", false, &err));
    g_assert_no_error(err);
    g_assert_false(object_property_get_bool(o, "flag", &err));
    g_assert_true(object_property_is_set(o, "flag"));

    g_assert_true(object_property_set_uint(o, "u32", UINT32_MAX, &err));
    g_assert_cmpuint(object_property_get_uint(o, "u32", &err), ==, UINT32_MAX);
    g_assert_false(object_property_set_uint(o, "u32", (uint64_t)UINT32_MAX + 1, &err));
    assert_error_contains(err, "t-leaf.u32");
    assert_error_contains(err, "4294967296");
    g_clear_error(&err);
    g_assert_cmpuint(((TBase *)o)->u32, ==, UINT32_MAX);   /* unchanged */
    g_assert_false(object_property_set_int(o, "u32", -1, &err));
    assert_error_contains(err, "-1");
    g_clear_error(&err);
    g_assert_true(object_property_set_int(o, "u32", 12, &err));
    g_assert_cmpint(object_property_get_int(o, "u32", &err), ==, 12);

    g_assert_true(object_property_set_uint(o, "u64", UINT64_MAX, &err));
    g_assert_cmpuint(object_property_get_uint(o, "u64", &err), ==, UINT64_MAX);
    g_assert_cmpint(object_property_get_int(o, "u64", &err), ==, 0);
    assert_error_contains(err, "t-leaf.u64");
    g_clear_error(&err);

    g_assert_true(object_property_set_int(o, "i64", INT64_MIN, &err));
    g_assert_cmpint(object_property_get_int(o, "i64", &err), ==, INT64_MIN);
    g_assert_no_error(err);
    g_assert_cmpuint(object_property_get_uint(o, "i64", &err), ==, 0);
    assert_error_contains(err, "negative");
    g_clear_error(&err);
    g_assert_false(object_property_set_uint(o, "i64", (uint64_t)INT64_MAX + 1, &err));
    g_clear_error(&err);
    g_assert_true(object_property_set_uint(o, "i64", 99, &err));
    g_assert_cmpint(((TBase *)o)->i64, ==, 99);

    g_assert_true(object_property_set_str(o, "str", "world", &err));
    char *s = object_property_get_str(o, "str", &err);
    g_assert_cmpstr(s, ==, "world");
    g_free(s);
    g_assert_true(object_property_set_str(o, "str", NULL, &err));
    g_assert_null(object_property_get_str(o, "str", &err));
    g_assert_no_error(err);

    g_assert_true(object_property_set_link(o, "link", mid, &err));
    g_assert_true(object_property_get_link(o, "link", &err) == mid);
    g_assert_true(object_property_set_link(o, "link", o, &err));   /* a leaf is a mid */
    g_assert_false(object_property_set_link(o, "link", other, &err));
    assert_error_contains(err, "t-leaf.link");
    assert_error_contains(err, "'t-mid'");
    assert_error_contains(err, "'t-other'");
    g_clear_error(&err);
    g_assert_true(object_property_get_link(o, "link", &err) == o);
    g_assert_true(object_property_set_link(o, "link", NULL, &err));
    g_assert_null(object_property_get_link(o, "link", &err));

    uint64_t vals[] = { 1, 2, 3 };
    g_assert_true(object_property_set_uint_array(o, "arr", vals, 3, &err));
    vals[0] = 100;   /* the property holds a copy */
    g_assert_cmpuint(((TBase *)o)->arr_len, ==, 3);
    g_assert_cmpuint(((TBase *)o)->arr[0], ==, 1);
    g_assert_cmpuint(((TBase *)o)->arr[2], ==, 3);
    /* Setting from its own storage must not read freed memory. */
    g_assert_true(object_property_set_uint_array(o, "arr", ((TBase *)o)->arr + 1, 2, &err));
    g_assert_cmpuint(((TBase *)o)->arr[0], ==, 2);
    g_assert_true(object_property_set_uint_array(o, "arr", NULL, 0, &err));
    g_assert_null(((TBase *)o)->arr);
    g_assert_cmpuint(((TBase *)o)->arr_len, ==, 0);
    g_assert_false(object_property_set_uint_array(o, "arr", NULL, 2, &err));
    g_clear_error(&err);
    g_assert_no_error(err);

    /* Wrong accessor for the type. */
    g_assert_false(object_property_set_str(o, "u32", "1", &err));
    assert_error_contains(err, "t-leaf.u32");
    g_clear_error(&err);
    g_assert_false(object_property_set_bool(o, "str", true, &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_uint(o, "flag", 1, &err));
    g_clear_error(&err);
    g_assert_false(object_property_get_bool(o, "u32", &err));
    g_clear_error(&err);
    g_assert_null(object_property_get_str(o, "u32", &err));
    g_clear_error(&err);
    g_assert_null(object_property_get_link(o, "str", &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_link(o, "str", mid, &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_uint_array(o, "u64", vals, 1, &err));
    g_clear_error(&err);
    g_assert_cmpuint(object_property_get_uint(o, "str", &err), ==, 0);
    g_assert_nonnull(err);
    g_clear_error(&err);

    /* Unknown names name the type and the property. */
    g_assert_false(object_property_set_uint(o, "nope", 1, &err));
    assert_error_contains(err, "'t-leaf.nope'");
    g_clear_error(&err);
    g_assert_false(object_property_get_bool(o, "nope", &err));
    assert_error_contains(err, "'t-leaf.nope'");
    g_clear_error(&err);
    g_assert_false(object_property_parse(o, "nope", "1", &err));
    assert_error_contains(err, "'t-leaf.nope'");
    g_clear_error(&err);
    g_assert_false(object_property_is_set(o, "nope"));
    g_assert_null(object_property_print(o, "nope"));

    /* Failed sets do not count as set. */
    g_assert_false(object_property_is_set(o, "extra"));
    g_assert_false(object_property_set_uint(o, "extra", 1ULL << 40, &err));
    g_clear_error(&err);
    g_assert_false(object_property_is_set(o, "extra"));

    object_unref(o);
    object_unref(mid);
    object_unref(other);
}

static void expect_parse_ok(Object *o, const char *name, const char *str,
                            const char *printed)
{
    GError *err = NULL;
    if (!object_property_parse(o, name, str, &err)) {
        g_error("parse %s='%s' failed: %s", name, str, err->message);
    }
    g_autofree char *got = object_property_print(o, name);
    if (g_strcmp0(got, printed) != 0) {
        g_error("parse %s='%s' gave %s, expected %s", name, str, got, printed);
    }
}

static void expect_parse_bad(Object *o, const char *name, const char *str)
{
    GError *err = NULL;
    g_autofree char *before = object_property_print(o, name);
    if (object_property_parse(o, name, str, &err)) {
        g_error("parse %s='%s' should have failed", name, str);
    }
    g_autofree char *what = g_strdup_printf("'%s.%s'", object_get_typename(o), name);
    assert_error_contains(err, what);
    g_autofree char *val = g_strdup_printf("'%s'", str);
    assert_error_contains(err, val);
    g_error_free(err);
    g_autofree char *after = object_property_print(o, name);
    g_assert_cmpstr(before, ==, after);
}

static void test_prop_parse(void)
{
    Object *o = new_leaf();

    const char *trues[] = { "on", "yes", "true", "ON", "True" };
    const char *falses[] = { "off", "no", "false", "OFF" };
    for (size_t i = 0; i < G_N_ELEMENTS(trues); i++) {
        expect_parse_ok(o, "flag", "off", "false");
        expect_parse_ok(o, "flag", trues[i], "true");
    }
    for (size_t i = 0; i < G_N_ELEMENTS(falses); i++) {
        expect_parse_ok(o, "flag", "on", "true");
        expect_parse_ok(o, "flag", falses[i], "false");
    }
    expect_parse_bad(o, "flag", "1");
    expect_parse_bad(o, "flag", "");
    expect_parse_bad(o, "flag", "onn");
    expect_parse_bad(o, "flag", "y");

    expect_parse_ok(o, "u32", "0", "0");
    expect_parse_ok(o, "u32", "123", "123");
    expect_parse_ok(o, "u32", "0x10", "16");
    expect_parse_ok(o, "u32", "0XfF", "255");
    expect_parse_ok(o, "u32", "010", "10");          /* decimal, not octal */
    expect_parse_ok(o, "u32", "4K", "4096");
    expect_parse_ok(o, "u32", "3m", "3145728");
    expect_parse_ok(o, "u32", "3G", "3221225472");
    expect_parse_ok(o, "u32", "4294967295", "4294967295");
    expect_parse_ok(o, "u32", "0xffffffff", "4294967295");
    expect_parse_bad(o, "u32", "4294967296");
    expect_parse_bad(o, "u32", "0x100000000");
    expect_parse_bad(o, "u32", "4G");
    expect_parse_bad(o, "u32", "-1");
    expect_parse_bad(o, "u32", "");
    expect_parse_bad(o, "u32", " 5");
    expect_parse_bad(o, "u32", "5 ");
    expect_parse_bad(o, "u32", "0x");
    expect_parse_bad(o, "u32", "1KK");
    expect_parse_bad(o, "u32", "12abc");
    expect_parse_bad(o, "u32", "K");
    expect_parse_bad(o, "u32", "1.5");

    expect_parse_ok(o, "u64", "4G", "4294967296");
    expect_parse_ok(o, "u64", "0x1T", "1099511627776");
    expect_parse_ok(o, "u64", "0x10G", "17179869184");
    expect_parse_ok(o, "u64", "18446744073709551615", "18446744073709551615");
    expect_parse_ok(o, "u64", "16777215T", "18446742974197923840");
    expect_parse_bad(o, "u64", "18446744073709551616");
    expect_parse_bad(o, "u64", "0x10000000000000000");
    expect_parse_bad(o, "u64", "16777216T");
    expect_parse_bad(o, "u64", "1P");
    expect_parse_bad(o, "u64", "+1");

    expect_parse_ok(o, "hexv", "4096", "0x1000");
    expect_parse_ok(o, "i64", "-5", "-5");
    expect_parse_ok(o, "i64", "+3", "3");
    expect_parse_ok(o, "i64", "-0x10", "-16");
    expect_parse_ok(o, "i64", "-1K", "-1024");
    expect_parse_ok(o, "i64", "-9223372036854775808", "-9223372036854775808");
    expect_parse_ok(o, "i64", "9223372036854775807", "9223372036854775807");
    expect_parse_bad(o, "i64", "-9223372036854775809");
    expect_parse_bad(o, "i64", "9223372036854775808");
    expect_parse_bad(o, "i64", "--1");
    expect_parse_bad(o, "i64", "-");

    expect_parse_ok(o, "str", "serial0", "\"serial0\"");
    expect_parse_ok(o, "str", "", "\"\"");

    expect_parse_ok(o, "arr", "1:2:0x10", "[1, 2, 16]");
    expect_parse_ok(o, "arr", "", "[]");
    expect_parse_ok(o, "arr", "4K", "[4096]");
    expect_parse_bad(o, "arr", "1::2");
    expect_parse_bad(o, "arr", "1:x");
    expect_parse_bad(o, "arr", "1,2");
    expect_parse_bad(o, "arr", "1:");
    expect_parse_ok(o, "harr", "16:255", "[0x10, 0xff]");

    /* Links resolve absolute paths and check the target's type. */
    Object *holder = object_new("container");
    Object *mid = object_new(TYPE_T_MID);
    Object *other = object_new(TYPE_T_OTHER);
    object_property_add_child(object_get_root(), "tparse", holder);
    object_property_add_child(holder, "mid", mid);
    object_property_add_child(holder, "other", other);
    expect_parse_ok(o, "link", "/tparse/mid", "\"/tparse/mid\"");
    GError *err = NULL;
    g_assert_false(object_property_parse(o, "link", "/tparse/other", &err));
    assert_error_contains(err, "'t-leaf.link'");
    assert_error_contains(err, "'t-mid'");
    assert_error_contains(err, "'t-other'");
    assert_error_contains(err, "/tparse/other");
    g_clear_error(&err);
    expect_parse_bad(o, "link", "/tparse/nothing");
    expect_parse_bad(o, "link", "tparse/mid");
    expect_parse_bad(o, "link", "");
    g_assert_true(object_property_get_link(o, "link", NULL) == mid);

    object_unparent(holder);
    object_unref(holder);
    object_unref(mid);
    object_unref(other);
    object_unref(o);
}

static void test_prop_after_realize(void)
{
    Object *o = new_leaf();
    GError *err = NULL;
    g_assert_true(object_property_set_str(o, "req", "x", &err));
    g_assert_true(object_realize(o, &err));
    g_assert_no_error(err);
    g_assert_true(o->realized);

    g_assert_false(object_property_set_uint(o, "u32", 1, &err));
    assert_error_contains(err, "t-leaf.u32");
    assert_error_contains(err, "realize");
    g_clear_error(&err);
    g_assert_false(object_property_parse(o, "u32", "1", &err));
    assert_error_contains(err, "realize");
    g_clear_error(&err);
    g_assert_false(object_property_set_str(o, "str", "z", &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_bool(o, "flag", false, &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_int(o, "i64", 1, &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_link(o, "link", NULL, &err));
    g_clear_error(&err);
    g_assert_false(object_property_set_uint_array(o, "arr", NULL, 0, &err));
    g_clear_error(&err);
    /* Reads still work; the value did not change. */
    g_assert_cmpuint(object_property_get_uint(o, "u32", &err), ==, 7);
    g_assert_true(object_property_get_bool(o, "flag", &err));
    g_assert_no_error(err);
    /* Realizing again is a no-op. */
    g_assert_true(object_realize(o, &err));
    object_unref(o);
}

static void test_realize_required(void)
{
    GError *err = NULL;
    Object *holder = object_new("container");
    object_property_add_child(object_get_root(), "treq", holder);
    Object *o = new_leaf();
    object_property_add_child(holder, "foo", o);
    object_unref(o);

    clear_logs();
    g_assert_false(object_realize(o, &err));
    g_assert_cmpstr(err->message, ==, "/treq/foo: property 'req' is required");
    g_clear_error(&err);
    g_assert_false(o->realized);
    g_assert_cmpstr(realize_log->str, ==, "");   /* hook not reached */

    /* Setting it to its default still counts: "set" means set. */
    g_assert_true(object_property_parse(o, "req", "", &err));
    g_assert_true(object_realize(o, &err));
    g_assert_no_error(err);
    g_assert_true(o->realized);
    g_assert_cmpstr(realize_log->str, ==, "foo");

    Object *r = object_new(TYPE_T_REQ2);
    object_property_add_child(holder, "r2", r);
    object_unref(r);
    g_assert_false(object_realize(r, &err));
    g_assert_cmpstr(err->message, ==, "/treq/r2: properties 'a', 'b' are required");
    g_clear_error(&err);
    g_assert_true(object_property_set_uint(r, "b", 0, &err));
    g_assert_false(object_realize(r, &err));
    g_assert_cmpstr(err->message, ==, "/treq/r2: property 'a' is required");
    g_clear_error(&err);
    g_assert_true(object_property_set_uint(r, "a", 1, &err));
    g_assert_true(object_realize(r, &err));   /* no realize hook at all */
    g_assert_true(r->realized);

    /* The class hook's error travels up; realized stays false. */
    Object *f = object_new(TYPE_T_BASE);
    object_property_add_child(holder, "bad", f);
    object_unref(f);
    g_assert_true(object_property_set_bool(f, "fail-realize", true, &err));
    g_assert_false(object_realize(f, &err));
    g_assert_cmpstr(err->message, ==, "bad refuses");
    g_clear_error(&err);
    g_assert_false(f->realized);
    /* A hook that fails without saying why still yields an error. */
    ((TBase *)f)->fail_silently = true;
    g_assert_false(object_realize(f, &err));
    assert_error_contains(err, "/treq/bad");
    g_clear_error(&err);
    g_assert_false(f->realized);

    /* A detached object is named by its type. */
    Object *d = object_new(TYPE_T_REQ2);
    g_assert_false(object_realize(d, &err));
    assert_error_contains(err, "t-req2: properties 'a', 'b' are required");
    g_clear_error(&err);
    object_unref(d);

    g_assert_false(object_realize(NULL, &err));
    g_clear_error(&err);

    object_unparent(holder);
    object_unref(holder);
}

/* ---------------------------------------------------------------- tree */

static void test_tree_paths(void)
{
    Object *root = object_get_root();
    g_assert_true(object_get_root() == root);
    g_assert_cmpstr(object_get_typename(root), ==, "container");
    g_autofree char *rp = object_get_canonical_path(root);
    g_assert_cmpstr(rp, ==, "/");
    g_assert_true(object_resolve_path("/") == root);

    Object *m = object_new("container");
    Object *cpu0 = new_leaf();
    Object *cpu1 = new_leaf();
    Object *sub = object_new(TYPE_T_BASE);
    object_property_add_child(root, "tmachine", m);
    object_property_add_child(m, "cpu[0]", cpu0);
    object_property_add_child(m, "cpu[1]", cpu1);
    object_property_add_child(cpu1, "sub", sub);

    g_autofree char *p0 = object_get_canonical_path(cpu0);
    g_autofree char *ps = object_get_canonical_path(sub);
    g_assert_cmpstr(p0, ==, "/tmachine/cpu[0]");
    g_assert_cmpstr(ps, ==, "/tmachine/cpu[1]/sub");
    g_assert_true(object_resolve_path("/tmachine/cpu[0]") == cpu0);
    g_assert_true(object_resolve_path("/tmachine/cpu[1]/sub") == sub);
    g_assert_true(object_resolve_path("/tmachine") == m);
    g_assert_true(object_resolve_path("//tmachine//cpu[1]/") == cpu1);
    g_assert_null(object_resolve_path("/tmachine/cpu[2]"));
    g_assert_null(object_resolve_path("/tmachine/cpu[0]/sub"));
    g_assert_null(object_resolve_path("/nope/cpu[0]"));
    g_assert_null(object_resolve_path("tmachine/cpu[0]"));
    g_assert_null(object_resolve_path(""));
    g_assert_null(object_resolve_path(NULL));
    g_assert_true(object_resolve_child(m, "cpu[1]") == cpu1);
    g_assert_null(object_resolve_child(m, "cpu"));
    g_assert_null(object_resolve_child(NULL, "cpu"));

    /* Insertion order is kept. */
    g_assert_true(g_ptr_array_index(m->children, 0) == cpu0);
    g_assert_true(g_ptr_array_index(m->children, 1) == cpu1);
    g_assert_true(cpu0->parent == m);
    g_assert_cmpstr(cpu0->name, ==, "cpu[0]");

    /* A duplicate name is refused, loudly, without taking a reference. */
    Object *dup = new_leaf();
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*cpu[0]*");
    object_property_add_child(m, "cpu[0]", dup);
    g_test_assert_expected_messages();
    g_assert_cmpuint(m->children->len, ==, 2);
    g_assert_null(dup->parent);
    g_assert_cmpuint(dup->refcount, ==, 1);
    /* So is a child that already has a parent, a '/' in a name, a cycle. */
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*already has a parent*");
    object_property_add_child(m, "again", cpu1);
    g_test_assert_expected_messages();
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*a/b*");
    object_property_add_child(m, "a/b", dup);
    g_test_assert_expected_messages();
    Object *lp = object_new("container");
    Object *lq = object_new("container");
    object_property_add_child(lp, "q", lq);
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*own ancestor*");
    object_property_add_child(lq, "loop", lp);
    g_test_assert_expected_messages();
    g_assert_null(lp->parent);
    g_assert_cmpuint(lq->children->len, ==, 0);
    object_unref(lq);
    object_unref(lp);
    g_assert_cmpuint(m->children->len, ==, 2);

    /* Detached objects name their type instead of a path. */
    g_autofree char *pd = object_get_canonical_path(dup);
    g_assert_cmpstr(pd, ==, "t-leaf");
    object_unref(dup);

    object_unref(cpu0);
    object_unref(cpu1);
    object_unref(sub);
    object_unparent(m);
    g_assert_null(object_resolve_path("/tmachine/cpu[0]"));
    /* m is still alive (ours) and its subtree too: now detached. */
    g_autofree char *pm = object_get_canonical_path(cpu0);
    g_assert_cmpstr(pm, ==, "container/cpu[0]");
    object_unref(m);
}

static Object *add_base(Object *parent, const char *name)
{
    Object *o = object_new(TYPE_T_BASE);
    object_property_add_child(parent, name, o);
    object_unref(o);
    return o;
}

static void test_realize_reset_tree(void)
{
    GError *err = NULL;
    /* A{B{D},C}: parents first, children in insertion order. */
    Object *a = object_new(TYPE_T_BASE);
    object_property_add_child(object_get_root(), "A", a);
    object_unref(a);
    Object *b = add_base(a, "B");
    Object *c = add_base(a, "C");
    Object *d = add_base(b, "D");
    ((TBase *)b)->add_child_on_realize = true;  /* adds B/late while realizing */

    clear_logs();
    object_reset_tree(a);
    g_assert_cmpstr(reset_log->str, ==, "");    /* nothing realized yet */

    g_assert_true(object_realize_tree(a, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(realize_log->str, ==, "A,B,D,late,C");
    g_assert_true(a->realized && b->realized && c->realized && d->realized);
    g_assert_true(object_resolve_path("/A/B/late")->realized);

    object_reset_tree(a);
    g_assert_cmpstr(reset_log->str, ==, "A,B,D,late,C");
    g_string_truncate(reset_log, 0);
    object_reset_tree(b);
    g_assert_cmpstr(reset_log->str, ==, "B,D,late");

    /* Realizing again touches only new objects; a failure stops the walk. */
    Object *e = add_base(c, "E");
    Object *f = add_base(c, "F");
    Object *g = add_base(a, "G");
    ((TBase *)e)->fail_realize = true;
    g_string_truncate(realize_log, 0);
    g_assert_false(object_realize_tree(a, &err));
    g_assert_cmpstr(err->message, ==, "E refuses");
    g_clear_error(&err);
    g_assert_cmpstr(realize_log->str, ==, "E");
    g_assert_false(e->realized || f->realized || g->realized);

    /* Unrealized objects are skipped by reset, their children are not. */
    Object *h = add_base(e, "H");
    ((TBase *)e)->fail_realize = false;
    g_assert_true(object_realize(h, &err));
    g_string_truncate(reset_log, 0);
    object_reset_tree(c);
    g_assert_cmpstr(reset_log->str, ==, "C,H");

    object_unparent(a);
    g_assert_true(object_realize_tree(NULL, &err));
    object_reset_tree(NULL);
}

/* --------------------------------------------------------------- qtree */

static void print_info_stub(void *opaque, int n, int level) {}

static void test_print_tree(void)
{
    Object *root = object_get_root();
    g_assert_cmpuint(root->children->len, ==, 0);   /* earlier tests cleaned up */

    Object *m = object_new(TYPE_T_BASE);
    object_property_add_child(root, "machine", m);
    object_unref(m);
    Object *cpu = new_leaf();
    object_property_add_child(m, "cpu[0]", cpu);
    object_unref(cpu);
    Object *sub = object_new(TYPE_T_REQ2);
    object_property_add_child(cpu, "sub", sub);
    object_unref(sub);
    Object *box = object_new("container");
    object_property_add_child(root, "box", box);
    object_unref(box);

    GError *err = NULL;
    g_assert_true(object_property_parse(m, "str", "a\"b", &err));
    g_assert_true(object_property_parse(m, "arr", "1:2:3", &err));
    g_assert_true(object_property_set_str(cpu, "str", NULL, &err));
    g_assert_true(object_property_parse(cpu, "link", "/machine/cpu[0]", &err));
    g_assert_true(object_property_parse(cpu, "i64", "-7", &err));
    g_assert_true(object_property_parse(cpu, "hexv", "0", &err));
    g_assert_true(object_property_parse(cpu, "harr", "10:11", &err));
    g_assert_true(object_property_parse(cpu, "extra", "0x2a", &err));
    g_assert_no_error(err);
    IRQ *pins[2];
    obj_init_gpio_out(cpu, NULL, pins, 1);
    obj_init_gpio_in(cpu, "irq", print_info_stub, NULL, 3);
    obj_init_gpio_out(cpu, "tx", pins + 1, 1);

    GString *out = g_string_new("");
    object_print_tree(out);
    const char *expected[] = {
        "machine: t-base",
        "  flag = true",
        "  u32 = 7",
        "  u64 = 8589934592",
        "  hexv = 0x1000",
        "  i64 = -5",
        "  str = \"a\"b\"",
        "  link = null",
        "  arr = [1, 2, 3]",
        "  fail-realize = false",
        "  cpu[0]: t-leaf",
        "    req = null",
        "    extra = 42",
        "    harr = [0xa, 0xb]",
        "    flag = true",
        "    u32 = 7",
        "    u64 = 8589934592",
        "    hexv = 0x0",
        "    i64 = -7",
        "    str = null",
        "    link = \"/machine/cpu[0]\"",
        "    arr = []",
        "    fail-realize = false",
        "    gpio-in \"irq\" 3",
        "    gpio-out \"\" 1",
        "    gpio-out \"tx\" 1",
        "    info extra=42",
        "    sub: t-req2",
        "      a = 0",
        "      b = 0",
        "      c = 0",
        "box: container",
        "",
    };
    g_auto(GStrv) lines = g_strsplit(out->str, "\n", -1);
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        g_assert_nonnull(lines[i]);
        g_assert_cmpstr(lines[i], ==, expected[i]);
    }
    g_assert_null(lines[G_N_ELEMENTS(expected)]);
    g_string_free(out, TRUE);

    g_autofree char *pv = object_property_print(cpu, "link");
    g_assert_cmpstr(pv, ==, "\"/machine/cpu[0]\"");

    /* The root itself and an empty tree print nothing. */
    object_unparent(m);
    object_unparent(box);
    out = g_string_new("");
    object_print_tree(out);
    g_assert_cmpstr(out->str, ==, "");
    g_string_free(out, TRUE);
}

/* ----------------------------------------------------------------- IRQ */

typedef struct IrqRecord {
    int calls;
    int last_n;
    int last_level;
    void *last_opaque;
} IrqRecord;

static void irq_record(void *opaque, int n, int level)
{
    IrqRecord *r = opaque;
    r->calls++;
    r->last_n = n;
    r->last_level = level;
    r->last_opaque = opaque;
}

static void test_irq_free_standing(void)
{
    IrqRecord rec = { 0 };
    IRQ *irq = irq_new(irq_record, &rec, 5);
    irq_raise(irq);
    g_assert_cmpint(rec.calls, ==, 1);
    g_assert_cmpint(rec.last_n, ==, 5);
    g_assert_cmpint(rec.last_level, ==, 1);
    irq_lower(irq);
    g_assert_cmpint(rec.last_level, ==, 0);
    irq_set(irq, 7);
    g_assert_cmpint(rec.last_level, ==, 7);
    g_assert_cmpint(rec.calls, ==, 3);
    g_free(irq);
    /* Unconnected (NULL) lines are ignored. */
    irq_raise(NULL);
    irq_set(NULL, 1);
}

static void test_irq_connect(void)
{
    IrqRecord rec_a = { 0 }, rec_b = { 0 };
    Object *intc = object_new(TYPE_T_BASE);
    Object *dev = object_new(TYPE_T_BASE);
    obj_init_gpio_in(intc, NULL, irq_record, &rec_a, 4);
    obj_init_gpio_in(intc, "ppi", irq_record, &rec_b, 2);
    /* A second init of the same group appends lines numbered on. */
    obj_init_gpio_in(intc, "ppi", irq_record, &rec_b, 1);

    IRQ *outs[2] = { (IRQ *)0x1, (IRQ *)0x1 };
    obj_init_gpio_out(dev, NULL, outs, 2);
    g_assert_null(outs[0]);   /* unconnected until the board wires it */
    g_assert_null(outs[1]);
    IRQ *named[1];
    obj_init_gpio_out(dev, "named", named, 1);

    /* Unconnected outputs are harmless. */
    irq_raise(outs[0]);
    irq_lower(outs[1]);
    g_assert_cmpint(rec_a.calls + rec_b.calls, ==, 0);

    IRQ *in3 = obj_get_gpio_in(intc, NULL, 3);
    g_assert_nonnull(in3);
    g_assert_true(obj_get_gpio_in(intc, NULL, 3) == in3);   /* stable */
    g_assert_true(obj_connect_gpio_out(dev, NULL, 1, in3));
    g_assert_true(outs[1] == in3);
    g_assert_null(outs[0]);
    irq_raise(outs[1]);
    g_assert_cmpint(rec_a.calls, ==, 1);
    g_assert_cmpint(rec_a.last_n, ==, 3);
    g_assert_cmpint(rec_a.last_level, ==, 1);
    g_assert_true(rec_a.last_opaque == &rec_a);
    irq_lower(outs[1]);
    g_assert_cmpint(rec_a.calls, ==, 2);
    g_assert_cmpint(rec_a.last_level, ==, 0);
    irq_raise(outs[0]);
    g_assert_cmpint(rec_a.calls, ==, 2);

    IRQ *ppi2 = obj_get_gpio_in(intc, "ppi", 2);
    g_assert_nonnull(ppi2);
    g_assert_true(obj_connect_gpio_out(dev, "named", 0, ppi2));
    irq_raise(named[0]);
    g_assert_cmpint(rec_b.calls, ==, 1);
    g_assert_cmpint(rec_b.last_n, ==, 2);
    g_assert_cmpint(rec_a.calls, ==, 2);

    /* Out of range and unknown names. */
    g_assert_null(obj_get_gpio_in(intc, NULL, 4));
    g_assert_null(obj_get_gpio_in(intc, NULL, -1));
    g_assert_null(obj_get_gpio_in(intc, "ppi", 3));
    g_assert_null(obj_get_gpio_in(intc, "nope", 0));
    g_assert_null(obj_get_gpio_in(dev, NULL, 0));         /* outputs aren't inputs */
    g_assert_null(obj_get_gpio_in(NULL, NULL, 0));
    g_assert_false(obj_connect_gpio_out(dev, NULL, 2, in3));
    g_assert_false(obj_connect_gpio_out(dev, NULL, -1, in3));
    g_assert_false(obj_connect_gpio_out(dev, "nope", 0, in3));
    g_assert_false(obj_connect_gpio_out(intc, NULL, 0, in3));
    g_assert_false(obj_connect_gpio_out(NULL, NULL, 0, in3));
    /* Disconnect. */
    g_assert_true(obj_connect_gpio_out(dev, NULL, 1, NULL));
    irq_raise(outs[1]);
    g_assert_cmpint(rec_a.calls, ==, 2);

    GString *out = g_string_new("");
    obj_print_gpios(intc, out, 2);
    obj_print_gpios(dev, out, 0);
    obj_print_gpios(object_get_root(), out, 0);   /* none: nothing */
    g_assert_cmpstr(out->str, ==,
                    "  gpio-in \"\" 4\n"
                    "  gpio-in \"ppi\" 3\n"
                    "gpio-out \"\" 2\n"
                    "gpio-out \"named\" 1\n");
    g_string_free(out, TRUE);

    /* Duplicate output groups are refused. */
    IRQ *again[1];
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*named*");
    obj_init_gpio_out(dev, "named", again, 1);
    g_test_assert_expected_messages();

    object_unref(dev);
    object_unref(intc);   /* lines freed with the object (checked under ASan) */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    class_log = g_string_new("");
    init_log = g_string_new("");
    fin_log = g_string_new("");
    realize_log = g_string_new("");
    reset_log = g_string_new("");
    register_test_types();

    /* First: it checks the order classes are built in on first lookup. */
    g_test_add_func("/object/types/class-init-order", test_class_init_order);
    g_test_add_func("/object/types/casts", test_casts);
    g_test_add_func("/object/types/cast-assert-aborts", test_cast_assert_aborts);
    g_test_add_func("/object/types/new-checked", test_new_checked);
    g_test_add_func("/object/types/new-unknown-aborts", test_new_unknown_aborts);
    g_test_add_func("/object/types/class-list", test_class_list);
    g_test_add_func("/object/instance/init-finalize-order",
                    test_instance_init_finalize_order);
    g_test_add_func("/object/instance/refcount-tree", test_refcount_tree);
    g_test_add_func("/object/props/defaults", test_prop_defaults);
    g_test_add_func("/object/props/set-get", test_prop_set_get);
    g_test_add_func("/object/props/parse", test_prop_parse);
    g_test_add_func("/object/props/after-realize", test_prop_after_realize);
    g_test_add_func("/object/realize/required", test_realize_required);
    g_test_add_func("/object/tree/paths", test_tree_paths);
    g_test_add_func("/object/tree/realize-reset", test_realize_reset_tree);
    g_test_add_func("/object/tree/print", test_print_tree);
    g_test_add_func("/irq/free-standing", test_irq_free_standing);
    g_test_add_func("/irq/connect", test_irq_connect);
    return g_test_run();
}
