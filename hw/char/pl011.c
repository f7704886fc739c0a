/* pl011.c: the Arm PrimeCell UART (PL011, Arm DDI 0183) as Linux's amba-pl011
 * driver and the AMBA bus probe use it: instantaneous TX, a 16-deep RX FIFO. */
#include "hw/char/pl011.h"
#include "core/log.h"

enum {
    R_DR = 0x000, R_RSR = 0x004, R_FR = 0x018, R_ILPR = 0x020, R_IBRD = 0x024,
    R_FBRD = 0x028, R_LCR_H = 0x02c, R_CR = 0x030, R_IFLS = 0x034,
    R_IMSC = 0x038, R_RIS = 0x03c, R_MIS = 0x040, R_ICR = 0x044,
    R_DMACR = 0x048, R_ID_FIRST = 0xfe0, R_ID_LAST = 0xffc,
};

/* Error bits as stored with each RX character (DR bits 8..11). */
enum { DR_FE = 1 << 8, DR_PE = 1 << 9, DR_BE = 1 << 10, DR_OE = 1 << 11 };
enum { RSR_FE = 1 << 0, RSR_PE = 1 << 1, RSR_BE = 1 << 2, RSR_OE = 1 << 3 };
enum { FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6,
       FR_TXFE = 1 << 7 };
enum { LCR_BRK = 1 << 0, LCR_FEN = 1 << 4 };
enum { CR_UARTEN = 1 << 0, CR_LBE = 1 << 7, CR_TXE = 1 << 8, CR_RXE = 1 << 9 };
enum { DMACR_RXDMAE = 1 << 0, DMACR_TXDMAE = 1 << 1 };
enum {
    INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_FE = 1 << 7,
    INT_PE = 1 << 8, INT_BE = 1 << 9, INT_OE = 1 << 10,
    INT_ALL = 0x7ff,
};

/* PeriphID0..3 then PCellID0..3: what the primecell probe and the driver match. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* RXIFLSEL -> fill level: 1/8, 1/4, 1/2, 3/4, 7/8 of 16; 5..7 are reserved. */
static const int pl011_rx_levels[8] = { 2, 4, 8, 12, 14, 8, 8, 8 };

static int pl011_fifo_depth(PL011State *s)
{
    return (s->lcr & LCR_FEN) ? PL011_FIFO_DEPTH : 1;
}

static uint32_t pl011_flags(PL011State *s)
{
    uint32_t fr = FR_TXFE;      /* TX completes at once: never busy or full */

    if (s->read_count == 0) {
        fr |= FR_RXFE;
    }
    if (s->read_count >= pl011_fifo_depth(s)) {
        fr |= FR_RXFF;
    }
    return fr;
}

static void pl011_update(PL011State *s)
{
    s->flags = pl011_flags(s);
    irq_set(s->irq, (s->int_level & s->int_enabled) != 0);
}

/* Re-evaluate RX/RT after the fill level or the trigger changed. The receive
 * timeout (32 bit periods without new data) is taken as elapsed at once. */
static void pl011_rx_level_changed(PL011State *s)
{
    if (s->read_count >= s->read_trigger) {
        s->int_level |= INT_RX;
    } else {
        s->int_level &= ~INT_RX;
        if (s->read_count > 0) {
            s->int_level |= INT_RT;
        }
    }
    if (s->read_count == 0) {
        s->int_level &= ~INT_RT;
    }
}

static void pl011_set_read_trigger(PL011State *s)
{
    s->read_trigger = (s->lcr & LCR_FEN) ? pl011_rx_levels[(s->ifl >> 3) & 7] : 1;
}

static void pl011_reset_fifo(PL011State *s)
{
    s->read_count = 0;
    s->read_pos = 0;
    s->int_level &= ~(INT_RX | INT_RT);
}

/* The backend may hold input while the FIFO was full; let it try again. */
static void pl011_accept_input(PL011State *s)
{
    if (s->chr && s->read_count < pl011_fifo_depth(s)) {
        chr_accept_input(s->chr);
    }
}

/* One received character (data | DR error bits). */
static void pl011_put_fifo(PL011State *s, uint32_t value)
{
    int depth = pl011_fifo_depth(s);

    if (s->read_count >= depth) {
        /* Overrun: the new character is lost; the last one kept carries OE
         * so the driver reports the loss right after it. */
        int last = (s->read_pos + s->read_count - 1) % PL011_FIFO_DEPTH;
        s->read_fifo[last] |= DR_OE;
        s->rsr |= RSR_OE;
        s->int_level |= INT_OE;
        pl011_update(s);
        return;
    }
    s->read_fifo[(s->read_pos + s->read_count) % PL011_FIFO_DEPTH] = value;
    s->read_count++;
    if (value & DR_BE) {
        s->int_level |= INT_BE;
    }
    if (value & DR_FE) {
        s->int_level |= INT_FE;
    }
    if (value & DR_PE) {
        s->int_level |= INT_PE;
    }
    pl011_rx_level_changed(s);
    pl011_update(s);
}

static uint32_t pl011_read_dr(PL011State *s)
{
    uint32_t c;
    bool was_full;

    if (s->read_count == 0) {
        return 0;
    }
    was_full = s->read_count >= pl011_fifo_depth(s);
    c = s->read_fifo[s->read_pos];
    s->read_pos = (s->read_pos + 1) % PL011_FIFO_DEPTH;
    s->read_count--;
    /* FE/PE/BE describe the character just read; OE stays until ECR. */
    s->rsr = (s->rsr & RSR_OE) | ((c >> 8) & 0xf);
    pl011_rx_level_changed(s);
    pl011_update(s);
    if (was_full) {
        /* Last: the backend may push more input right from here. */
        pl011_accept_input(s);
    }
    return c;
}

static void pl011_write_dr(PL011State *s, uint32_t value)
{
    uint8_t ch = value & 0xff;

    if ((s->cr & (CR_UARTEN | CR_TXE)) != (CR_UARTEN | CR_TXE)) {
        log_guest_error("PL011 data written to disabled UART\n");
    }
    if (s->cr & CR_LBE) {
        pl011_put_fifo(s, ch);
    } else {
        chr_write(s->chr, &ch, 1);
    }
    /* The TX FIFO drained at once, so it is below its trigger level again. */
    s->int_level |= INT_TX;
    pl011_update(s);
}

static uint32_t pl011_reg_read(PL011State *s, hwaddr reg)
{
    switch (reg) {
    case R_DR:
        return pl011_read_dr(s);
    case R_RSR:
        return s->rsr;
    case R_FR:
        return pl011_flags(s);
    case R_ILPR:
        return s->ilpr;
    case R_IBRD:
        return s->ibrd;
    case R_FBRD:
        return s->fbrd;
    case R_LCR_H:
        return s->lcr;
    case R_CR:
        return s->cr;
    case R_IFLS:
        return s->ifl;
    case R_IMSC:
        return s->int_enabled;
    case R_RIS:
        return s->int_level;
    case R_MIS:
        return s->int_level & s->int_enabled;
    case R_DMACR:
        return s->dmacr;
    default:
        if (reg >= R_ID_FIRST && reg <= R_ID_LAST) {
            return pl011_id[(reg - R_ID_FIRST) >> 2];
        }
        log_guest_error("pl011_read: Bad offset 0x%x\n", (unsigned)reg);
        return 0;
    }
}

static void pl011_reg_write(PL011State *s, hwaddr reg, uint32_t value)
{
    switch (reg) {
    case R_DR:
        pl011_write_dr(s, value);
        break;
    case R_RSR:
        s->rsr = 0;     /* ECR: any write clears every error flag */
        break;
    case R_ILPR:
        s->ilpr = value & 0xff;
        break;
    case R_IBRD:
        s->ibrd = value & 0xffff;
        break;
    case R_FBRD:
        s->fbrd = value & 0x3f;
        break;
    case R_LCR_H: {
        uint32_t old = s->lcr;
        s->lcr = value & 0xff;
        if ((old ^ s->lcr) & LCR_FEN) {
            /* Changing the FIFO mode flushes it (QEMU and the TRM's
             * "flush by clearing FEN" sequence agree). */
            pl011_reset_fifo(s);
        }
        if ((s->lcr & LCR_BRK) && !(old & LCR_BRK) && (s->cr & CR_LBE)) {
            pl011_put_fifo(s, DR_BE);   /* a break sent to ourselves */
        }
        pl011_set_read_trigger(s);
        pl011_rx_level_changed(s);
        pl011_update(s);
        pl011_accept_input(s);
        break;
    }
    case R_CR: {
        uint32_t tx_on = CR_UARTEN | CR_TXE;
        bool was_on = (s->cr & tx_on) == tx_on;
        s->cr = value & 0xffff;
        if (!was_on && (s->cr & tx_on) == tx_on) {
            s->int_level |= INT_TX;     /* empty TX FIFO, now enabled */
        }
        pl011_update(s);
        break;
    }
    case R_IFLS:
        if (((value >> 3) & 7) > 4 || (value & 7) > 4) {
            log_guest_error("pl011_write: reserved IFLS value 0x%x\n", value);
        }
        s->ifl = value & 0x3f;
        pl011_set_read_trigger(s);
        pl011_rx_level_changed(s);
        pl011_update(s);
        break;
    case R_IMSC:
        s->int_enabled = value & INT_ALL;
        pl011_update(s);
        break;
    case R_ICR:
        s->int_level &= ~value;
        pl011_update(s);
        break;
    case R_DMACR:
        s->dmacr = value & 7;
        if (value & (DMACR_RXDMAE | DMACR_TXDMAE)) {
            log_unimp("pl011: DMA not implemented (DMACR 0x%x)\n", value);
        }
        break;
    case R_FR:
    case R_RIS:
    case R_MIS:
        log_guest_error("pl011_write: write to read-only register 0x%x\n",
                        (unsigned)reg);
        break;
    default:
        if (reg >= R_ID_FIRST && reg <= R_ID_LAST) {
            log_guest_error("pl011_write: write to read-only ID register 0x%x\n",
                            (unsigned)reg);
        } else {
            log_guest_error("pl011_write: Bad offset 0x%x\n", (unsigned)reg);
        }
        break;
    }
}

/* The callbacks decode the word holding addr and shift by the byte lane, so a
 * narrow access works whether or not the memory core already widened it. */
static uint64_t pl011_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    PL011State *s = opaque;
    unsigned shift = (addr & 3) * 8;
    uint64_t v = pl011_reg_read(s, addr & 0xffc) >> shift;

    return size < 4 ? v & ((1ull << (size * 8)) - 1) : v;
}

static void pl011_mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PL011State *s = opaque;
    unsigned shift = (addr & 3) * 8;

    if (size < 4) {
        val &= (1ull << (size * 8)) - 1;
    }
    pl011_reg_write(s, addr & 0xffc, (uint32_t)(val << shift));
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_mmio_read,
    .write = pl011_mmio_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static int pl011_can_receive(void *opaque)
{
    PL011State *s = opaque;
    int room = pl011_fifo_depth(s) - s->read_count;

    return room > 0 ? room : 0;
}

static void pl011_receive(void *opaque, const uint8_t *buf, int len)
{
    PL011State *s = opaque;

    for (int i = 0; i < len; i++) {
        pl011_put_fifo(s, buf[i]);
    }
}

static void pl011_event(void *opaque, int event)
{
    PL011State *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        s->int_level |= INT_BE;     /* even when the FIFO is full (overrun) */
        pl011_put_fifo(s, DR_BE);
    }
}

void pl011_set_chardev(PL011State *s, Chardev *chr)
{
    if (s->chr && s->chr->fe == &s->fe) {
        s->chr->fe = NULL;
    }
    s->chr = chr;
    if (chr) {
        if (!s->chardev_id && chr->id) {
            s->chardev_id = g_strdup(chr->id);
        }
        chr_attach(chr, &s->fe);
    }
}

static void pl011_reset(Object *obj)
{
    PL011State *s = (PL011State *)obj;

    s->rsr = 0;
    s->lcr = 0;
    s->cr = CR_RXE | CR_TXE;
    s->dmacr = 0;
    s->ilpr = 0;
    s->ibrd = 0;
    s->fbrd = 0;
    s->ifl = 0x12;
    s->int_enabled = 0;
    s->int_level = 0;
    pl011_reset_fifo(s);
    pl011_set_read_trigger(s);
    pl011_update(s);
    pl011_accept_input(s);
}

static void pl011_instance_init(Object *obj)
{
    PL011State *s = (PL011State *)obj;

    s->fe = (CharFrontend) {
        .can_receive = pl011_can_receive,
        .receive = pl011_receive,
        .event = pl011_event,
        .opaque = s,
    };
    mr_init_io(&s->iomem, obj, &pl011_ops, s, "pl011", 0x1000);
    obj_init_gpio_out(obj, NULL, &s->irq, 1);
    pl011_reset(obj);
}

static void pl011_instance_finalize(Object *obj)
{
    PL011State *s = (PL011State *)obj;

    pl011_set_chardev(s, NULL);
    if (!s->iomem.container) {
        mr_destroy(&s->iomem);
    }
}

static void pl011_print_info(Object *obj, GString *out, int indent)
{
    mr_print_mapping(&((PL011State *)obj)->iomem, out, indent);
}

static void pl011_class_init(ObjectClass *oc, void *data)
{
    oc->print_info = pl011_print_info;
    oc->reset = pl011_reset;
    oc->desc = "Arm PrimeCell UART (PL011)";
}

static const Property pl011_props[] = {
    PROP_STR("chardev", PL011State, chardev_id, NULL),
    PROP_END,
};

static const TypeInfo pl011_info = {
    .name = TYPE_PL011,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(PL011State),
    .class_init = pl011_class_init,
    .instance_init = pl011_instance_init,
    .instance_finalize = pl011_instance_finalize,
    .props = pl011_props,
};

static void pl011_register_types(void)
{
    type_register(&pl011_info);
}

TYPE_INIT(pl011_register_types)
