/* irq.c: interrupt lines: free-standing inputs and per-object named gpio-in /
 * gpio-out groups, kept in the object's `gpios` array and freed with it. */
#include <string.h>

#include "core/irq.h"

typedef struct GPIOGroup {
    char *name;          /* NULL: the anonymous group */
    bool is_out;
    GPtrArray *in;       /* inputs: IRQ *, each allocated alone so pointers stay valid */
    IRQ **pins;          /* outputs: the device's array */
    int n_out;
} GPIOGroup;

IRQ *irq_new(IRQHandler handler, void *opaque, int n)
{
    IRQ *irq = g_new0(IRQ, 1);
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

static void gpio_group_free(gpointer data)
{
    GPIOGroup *g = data;
    if (g->in) {
        g_ptr_array_free(g->in, TRUE);
    }
    g_free(g->name);
    g_free(g);
}

static GPIOGroup *gpio_find(Object *obj, const char *name, bool is_out)
{
    if (!obj || !obj->gpios) {
        return NULL;
    }
    for (guint i = 0; i < obj->gpios->len; i++) {
        GPIOGroup *g = g_ptr_array_index(obj->gpios, i);
        if (g->is_out == is_out && g_strcmp0(g->name, name) == 0) {
            return g;
        }
    }
    return NULL;
}

static GPIOGroup *gpio_add(Object *obj, const char *name, bool is_out)
{
    if (!obj->gpios) {
        obj->gpios = g_ptr_array_new_with_free_func(gpio_group_free);
    }
    GPIOGroup *g = g_new0(GPIOGroup, 1);
    g->name = g_strdup(name);
    g->is_out = is_out;
    g_ptr_array_add(obj->gpios, g);
    return g;
}

void obj_init_gpio_in(Object *obj, const char *name, IRQHandler handler,
                      void *opaque, int n)
{
    if (!obj || !handler || n < 0) {
        g_critical("obj_init_gpio_in: bad arguments for \"%s\"", name ? name : "");
        return;
    }
    /* A second call with the same name appends lines, numbered on. */
    GPIOGroup *g = gpio_find(obj, name, false);
    if (!g) {
        g = gpio_add(obj, name, false);
        g->in = g_ptr_array_new_with_free_func(g_free);
    }
    int base = (int)g->in->len;
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(g->in, irq_new(handler, opaque, base + i));
    }
}

void obj_init_gpio_out(Object *obj, const char *name, IRQ **pins, int n)
{
    if (!obj || n < 0 || (n > 0 && !pins)) {
        g_critical("obj_init_gpio_out: bad arguments for \"%s\"", name ? name : "");
        return;
    }
    if (gpio_find(obj, name, true)) {
        g_critical("obj_init_gpio_out: %s already has outputs \"%s\"",
                   object_get_typename(obj), name ? name : "");
        return;
    }
    GPIOGroup *g = gpio_add(obj, name, true);
    g->pins = pins;
    g->n_out = n;
    for (int i = 0; i < n; i++) {
        pins[i] = NULL;
    }
}

IRQ *obj_get_gpio_in(Object *obj, const char *name, int n)
{
    GPIOGroup *g = gpio_find(obj, name, false);
    if (!g || n < 0 || (guint)n >= g->in->len) {
        return NULL;
    }
    return g_ptr_array_index(g->in, n);
}

bool obj_connect_gpio_out(Object *obj, const char *name, int n, IRQ *in)
{
    GPIOGroup *g = gpio_find(obj, name, true);
    if (!g || n < 0 || n >= g->n_out) {
        return false;
    }
    g->pins[n] = in;
    return true;
}

static void print_kind(Object *obj, GString *out, int indent, bool is_out)
{
    for (guint i = 0; i < obj->gpios->len; i++) {
        GPIOGroup *g = g_ptr_array_index(obj->gpios, i);
        if (g->is_out == is_out) {
            g_string_append_printf(out, "%*s%s \"%s\" %d\n", indent, "",
                                   is_out ? "gpio-out" : "gpio-in",
                                   g->name ? g->name : "",
                                   is_out ? g->n_out : (int)g->in->len);
        }
    }
}

void obj_print_gpios(Object *obj, GString *out, int indent)
{
    if (!obj || !obj->gpios) {
        return;
    }
    /* Inputs first, then outputs, each in the order they were created. */
    print_kind(obj, out, indent, false);
    print_kind(obj, out, indent, true);
}
