/* pl011.h: the Arm PrimeCell UART (PL011) as Linux's amba-pl011 driver uses it. */
#ifndef A64EMU_PL011_H
#define A64EMU_PL011_H

#include "core/object.h"
#include "core/memory.h"
#include "core/irq.h"
#include "ui/chardev.h"

#define TYPE_PL011 "pl011"
#define PL011_FIFO_DEPTH 16

typedef struct PL011State {
    Object parent_obj;
    MemoryRegion iomem;        /* 0x1000 bytes, "pl011" */
    IRQ *irq;                  /* output line: the anonymous gpio-out, index 0 */
    char *chardev_id;          /* property "chardev", shown by info qtree */
    Chardev *chr;              /* set with pl011_set_chardev() */
    CharFrontend fe;

    /* registers */
    uint32_t rsr, flags, lcr, cr, dmacr, ilpr, ibrd, fbrd, ifl;
    uint32_t int_enabled, int_level;
    uint32_t read_fifo[PL011_FIFO_DEPTH];   /* data | error bits << 8 */
    int read_pos, read_count, read_trigger;
} PL011State;

/* Attach the backend (before or after realize). NULL detaches. */
void pl011_set_chardev(PL011State *s, Chardev *chr);

#endif
