/* irq.h: named interrupt lines on objects, as QEMU's gpio API: a device owns
 * input lines (a handler each) and output lines (pointers to whatever input
 * they are connected to); the board connects outputs to inputs. */
#ifndef A64EMU_IRQ_H
#define A64EMU_IRQ_H

#include "core/object.h"

typedef void (*IRQHandler)(void *opaque, int n, int level);

typedef struct IRQ {
    IRQHandler handler;
    void *opaque;
    int n;
} IRQ;

/* Drive a line; a NULL (unconnected) line is ignored. */
static inline void irq_set(IRQ *irq, int level)
{
    if (irq) {
        irq->handler(irq->opaque, irq->n, level);
    }
}
static inline void irq_raise(IRQ *irq) { irq_set(irq, 1); }
static inline void irq_lower(IRQ *irq) { irq_set(irq, 0); }

/* A free-standing input line (for tests and glue). Freed with g_free. */
IRQ *irq_new(IRQHandler handler, void *opaque, int n);

/* Named input lines 0..n-1 on obj; the handler gets opaque and the index.
 * name may be NULL (the anonymous "gpio-in" group). Lines are freed with obj. */
void obj_init_gpio_in(Object *obj, const char *name, IRQHandler handler,
                      void *opaque, int n);
/* Named output lines: pins[0..n-1] are set to the connected inputs (NULL until
 * connected). pins stays owned by the device. */
void obj_init_gpio_out(Object *obj, const char *name, IRQ **pins, int n);
/* NULL if there is no such line. */
IRQ *obj_get_gpio_in(Object *obj, const char *name, int n);
/* Connect output `name`[n] of obj to `in`; false if there is no such output. */
bool obj_connect_gpio_out(Object *obj, const char *name, int n, IRQ *in);
/* For info qtree: "gpio-in \"name\" N" / "gpio-out \"name\" N" lines. */
void obj_print_gpios(Object *obj, GString *out, int indent);

#endif
