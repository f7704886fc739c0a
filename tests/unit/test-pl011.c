/* test-pl011.c: the PL011 UART driven through its MemoryRegion ops, with a
 * capturing test Chardev and a recording IRQ input. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "hw/char/pl011.h"
#include "core/log.h"

enum {
    DR = 0x000, RSR = 0x004, FR = 0x018, ILPR = 0x020, IBRD = 0x024, FBRD = 0x028,
    LCR_H = 0x02c, CR = 0x030, IFLS = 0x034, IMSC = 0x038, RIS = 0x03c,
    MIS = 0x040, ICR = 0x044, DMACR = 0x048,
};
enum { FR_BUSY = 0x08, FR_RXFE = 0x10, FR_TXFF = 0x20, FR_RXFF = 0x40, FR_TXFE = 0x80 };
enum { CR_UARTEN = 1, CR_LBE = 0x80, CR_TXE = 0x100, CR_RXE = 0x200 };
enum { LCR_BRK = 1, LCR_FEN = 0x10 };
enum { I_RX = 0x10, I_TX = 0x20, I_RT = 0x40, I_FE = 0x80, I_PE = 0x100,
       I_BE = 0x200, I_OE = 0x400 };
enum { DR_BE = 0x400, DR_OE = 0x800 };

typedef struct Fixture {
    PL011State *s;
    IRQ *in;
    int level;
    int level_sets;
    Chardev chr;
    GByteArray *out;        /* what the UART transmitted */
    GByteArray *held;       /* host input the backend still holds */
    int accept_calls;
} Fixture;

static char *log_path;
static long log_offset;

/* Everything logged since the previous call. */
static char *log_take(void)
{
    g_autofree char *all = NULL;
    gsize len = 0;

    log_flush();
    g_assert_true(g_file_get_contents(log_path, &all, &len, NULL));
    g_assert_cmpint((long)len, >=, log_offset);
    char *fresh = g_strndup(all + log_offset, len - log_offset);
    log_offset = len;
    return fresh;
}

static void irq_record(void *opaque, int n, int level)
{
    Fixture *f = opaque;
    f->level = level;
    f->level_sets++;
}

static int test_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    Fixture *f = chr->opaque;
    g_byte_array_append(f->out, buf, len);
    return len;
}

/* Like a real backend: offer what is held, keep what was refused. */
static void backend_push(Fixture *f)
{
    if (f->held->len) {
        int took = chr_be_receive(&f->chr, f->held->data, f->held->len);
        g_byte_array_remove_range(f->held, 0, took);
    }
}

static void test_chr_accept_input(Chardev *chr)
{
    Fixture *f = chr->opaque;
    f->accept_calls++;
    backend_push(f);
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    GError *err = NULL;

    memset(f, 0, sizeof(*f));
    f->out = g_byte_array_new();
    f->held = g_byte_array_new();
    f->chr = (Chardev) {
        .id = (char *)"serial0",
        .write = test_chr_write,
        .accept_input = test_chr_accept_input,
        .opaque = f,
    };
    f->s = (PL011State *)object_new(TYPE_PL011);
    f->in = irq_new(irq_record, f, 0);
    f->level = -1;
    g_assert_true(obj_connect_gpio_out(OBJECT(f->s), NULL, 0, f->in));
    pl011_set_chardev(f->s, &f->chr);
    g_assert_true(object_realize(OBJECT(f->s), &err));
    g_assert_no_error(err);
    object_reset_tree(OBJECT(f->s));        /* as the machine does at start */
    g_free(log_take());
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    object_unref(OBJECT(f->s));
    g_free(f->in);
    g_byte_array_unref(f->out);
    g_byte_array_unref(f->held);
}

static uint32_t rd(Fixture *f, hwaddr off)
{
    uint64_t v = 0xdeadbeef;
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, off, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v >> 32, ==, 0);
    return (uint32_t)v;
}

static void wr(Fixture *f, hwaddr off, uint32_t v)
{
    g_assert_cmpint(mr_dispatch_write(&f->s->iomem, off, 4, v), ==, MEMTX_OK);
}

static int rx(Fixture *f, const char *bytes)
{
    return chr_be_receive(&f->chr, (const uint8_t *)bytes, strlen(bytes));
}

static void enable(Fixture *f, uint32_t lcr)
{
    wr(f, LCR_H, lcr);
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, ICR, 0x7ff);          /* drop the TX interrupt enabling raised */
}

static void check_reset_values(Fixture *f)
{
    g_assert_cmphex(rd(f, RSR), ==, 0);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmphex(rd(f, ILPR), ==, 0);
    g_assert_cmphex(rd(f, IBRD), ==, 0);
    g_assert_cmphex(rd(f, FBRD), ==, 0);
    g_assert_cmphex(rd(f, LCR_H), ==, 0);
    g_assert_cmphex(rd(f, CR), ==, 0x300);
    g_assert_cmphex(rd(f, IFLS), ==, 0x12);
    g_assert_cmphex(rd(f, IMSC), ==, 0);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    g_assert_cmphex(rd(f, MIS), ==, 0);
    g_assert_cmphex(rd(f, DMACR), ==, 0);
    g_assert_cmphex(rd(f, DR), ==, 0);          /* empty FIFO */
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
}

static void test_reset_values(Fixture *f, gconstpointer data)
{
    check_reset_values(f);
    g_assert_cmpint(f->level, ==, 0);

    /* Dirty everything, then reset through the class hook. */
    enable(f, LCR_FEN | 0x60);
    wr(f, ILPR, 0x12);
    wr(f, IBRD, 0x27);
    wr(f, FBRD, 0x4);
    wr(f, IFLS, 0x3f & ~0x24);
    wr(f, IMSC, 0x7ff);
    wr(f, DMACR, 0);
    g_assert_cmpint(rx(f, "abc"), ==, 3);
    f->s->fe.receive(f->s, (const uint8_t *)"0123456789abcdefgh", 18); /* overrun */
    g_assert_cmphex(rd(f, RSR), !=, 0);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, LCR_H), ==, LCR_FEN | 0x60);

    object_reset_tree(OBJECT(f->s));
    g_assert_cmpint(f->level, ==, 0);
    check_reset_values(f);
    /* The FIFO is back to one entry deep (FEN clear). */
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 1);
}

static void test_id_registers(Fixture *f, gconstpointer data)
{
    static const uint32_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    uint32_t pid = 0, cid = 0;

    for (int i = 0; i < 8; i++) {
        uint64_t b;
        g_assert_cmphex(rd(f, 0xfe0 + 4 * i), ==, ids[i]);
        g_assert_cmpint(mr_dispatch_read(&f->s->iomem, 0xfe0 + 4 * i, 1, &b), ==, MEMTX_OK);
        g_assert_cmphex(b, ==, ids[i]);
    }
    /* The way the AMBA bus assembles them. */
    for (int i = 0; i < 4; i++) {
        pid |= (rd(f, 0xfe0 + 4 * i) & 0xff) << (8 * i);
        cid |= (rd(f, 0xff0 + 4 * i) & 0xff) << (8 * i);
    }
    g_assert_cmphex(cid, ==, 0xb105f00d);
    g_assert_cmphex(pid & 0x000fffff, ==, 0x00041011);

    /* Read-only: writes are logged and change nothing. */
    wr(f, 0xfe0, 0x55);
    g_assert_cmphex(rd(f, 0xfe0), ==, 0x11);
    g_autofree char *log = log_take();
    g_assert_nonnull(strstr(log, "pl011_write"));
}

static void test_tx(Fixture *f, gconstpointer data)
{
    enable(f, 0);
    g_free(log_take());
    wr(f, DR, 'h');
    wr(f, DR, 0x169);           /* only the low 8 bits go out */
    g_assert_cmpint(f->out->len, ==, 2);
    g_assert_cmpmem(f->out->data, 2, "hi", 2);
    g_autofree char *quiet = log_take();
    g_assert_null(strstr(quiet, "disabled UART"));
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);  /* never busy or full */
    g_assert_cmphex(rd(f, RIS) & I_TX, ==, I_TX);

    /* Disabled (UARTEN clear, then TXE clear): still sent, but logged. */
    wr(f, CR, CR_TXE | CR_RXE);
    wr(f, DR, '!');
    g_autofree char *log1 = log_take();
    g_assert_nonnull(strstr(log1, "PL011 data written to disabled UART"));
    wr(f, CR, CR_UARTEN | CR_RXE);
    wr(f, DR, '?');
    g_autofree char *log2 = log_take();
    g_assert_nonnull(strstr(log2, "PL011 data written to disabled UART"));
    g_assert_cmpint(f->out->len, ==, 4);
    g_assert_cmpmem(f->out->data, 4, "hi!?", 4);

    /* Byte-wide store, as some earlycon modes do. */
    g_assert_cmpint(mr_dispatch_write(&f->s->iomem, DR, 1, 'z'), ==, MEMTX_OK);
    g_assert_cmpint(f->out->len, ==, 5);
    g_assert_cmpint(f->out->data[4], ==, 'z');

    /* Detached: writes go nowhere and nothing breaks. */
    pl011_set_chardev(f->s, NULL);
    g_assert_null(f->chr.fe);
    wr(f, DR, 'q');
    g_assert_cmpint(f->out->len, ==, 5);
}

static void test_tx_interrupt(Fixture *f, gconstpointer data)
{
    wr(f, IMSC, I_TX);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    /* Enabling the transmitter with an empty FIFO raises TX. */
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE);
    g_assert_cmphex(rd(f, RIS), ==, I_TX);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, ICR, I_TX);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    /* Rewriting CR while already enabled does not. */
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    /* Every write does. */
    wr(f, DR, 'a');
    g_assert_cmphex(rd(f, RIS), ==, I_TX);
    g_assert_cmphex(rd(f, MIS), ==, I_TX);
    g_assert_cmpint(f->level, ==, 1);
    /* Masking drops the line but keeps the raw status. */
    wr(f, IMSC, 0);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmphex(rd(f, RIS), ==, I_TX);
    g_assert_cmphex(rd(f, MIS), ==, 0);
}

static void test_fr_flags(Fixture *f, gconstpointer data)
{
    char expect[17] = "ABCDEFGHIJKLMNOP";

    enable(f, LCR_FEN);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 16);
    g_assert_cmpint(rx(f, "A"), ==, 1);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE);
    g_assert_cmpint(rx(f, "BCDEFGHIJKLMNO"), ==, 14);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 1);
    g_assert_cmpint(rx(f, "PQ"), ==, 1);        /* only room for P */
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 0);
    g_assert_cmpint(rx(f, "Q"), ==, 0);
    g_assert_cmphex(rd(f, RSR), ==, 0);         /* refusing is not an overrun */

    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(rd(f, FR) & FR_RXFE, ==, 0);
        g_assert_cmphex(rd(f, DR), ==, (uint8_t)expect[i]);
        g_assert_cmphex(rd(f, FR) & FR_RXFF, ==, 0);
    }
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 16);

    /* Ring wrap-around keeps order. */
    for (int round = 0; round < 3; round++) {
        g_assert_cmpint(rx(f, "0123456789"), ==, 10);
        for (int i = 0; i < 10; i++) {
            g_assert_cmphex(rd(f, DR), ==, (uint32_t)('0' + i));
        }
    }
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
}

static void test_fifo_depth(Fixture *f, gconstpointer data)
{
    /* FEN clear: a one-character holding register. */
    enable(f, 0);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 1);
    g_assert_cmpint(rx(f, "xyz"), ==, 1);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);
    g_assert_cmphex(rd(f, DR), ==, 'x');
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);

    /* Turning FEN on flushes and deepens it. */
    g_assert_cmpint(rx(f, "y"), ==, 1);
    wr(f, LCR_H, LCR_FEN);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 16);
    g_assert_cmpint(rx(f, "0123456789abcdefXYZ"), ==, 16);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);

    /* Rewriting LCR_H with FEN unchanged keeps the data. */
    wr(f, LCR_H, LCR_FEN | 0x60);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);
    g_assert_cmphex(rd(f, DR), ==, '0');

    /* Turning FEN off flushes too. */
    wr(f, LCR_H, 0x60);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmphex(rd(f, RIS) & (I_RX | I_RT), ==, 0);
    g_assert_cmpint(f->s->fe.can_receive(f->s), ==, 1);
}

static void test_rx_trigger_levels(Fixture *f, gconstpointer data)
{
    static const struct { uint32_t sel; int level; } cases[] = {
        { 0, 2 }, { 1, 4 }, { 2, 8 }, { 3, 12 }, { 4, 14 },
    };

    enable(f, LCR_FEN);
    wr(f, IMSC, I_RX);
    for (unsigned c = 0; c < G_N_ELEMENTS(cases); c++) {
        int level = cases[c].level;
        wr(f, IFLS, (cases[c].sel << 3) | 2);
        g_assert_cmphex(rd(f, IFLS), ==, (cases[c].sel << 3) | 2);
        for (int i = 0; i < level - 1; i++) {
            g_assert_cmpint(rx(f, "r"), ==, 1);
        }
        g_assert_cmphex(rd(f, RIS) & I_RX, ==, 0);
        g_assert_cmphex(rd(f, RIS) & I_RT, ==, I_RT);   /* data below the trigger */
        g_assert_cmpint(f->level, ==, 0);               /* RT masked */
        g_assert_cmpint(rx(f, "R"), ==, 1);
        g_assert_cmphex(rd(f, RIS) & I_RX, ==, I_RX);
        g_assert_cmpint(f->level, ==, 1);
        /* Draining one character drops below the trigger. */
        g_assert_cmphex(rd(f, DR), ==, 'r');
        g_assert_cmphex(rd(f, RIS) & I_RX, ==, 0);
        g_assert_cmpint(f->level, ==, 0);
        while (!(rd(f, FR) & FR_RXFE)) {
            rd(f, DR);
        }
        g_assert_cmphex(rd(f, RIS) & (I_RX | I_RT), ==, 0);
    }

    /* Lowering the trigger below the fill raises RX at once. */
    wr(f, IFLS, 4 << 3);
    g_assert_cmpint(rx(f, "abcd"), ==, 4);
    g_assert_cmphex(rd(f, RIS) & I_RX, ==, 0);
    wr(f, IFLS, 1 << 3);
    g_assert_cmphex(rd(f, RIS) & I_RX, ==, I_RX);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, LCR_H, 0);                                    /* flush */

    /* FIFO disabled: every character triggers. */
    wr(f, IFLS, 4 << 3);
    g_assert_cmpint(rx(f, "a"), ==, 1);
    g_assert_cmphex(rd(f, RIS) & (I_RX | I_RT), ==, I_RX);
    rd(f, DR);
    g_assert_cmphex(rd(f, RIS) & (I_RX | I_RT), ==, 0);

    /* Reserved selector: logged, behaves as 1/2. */
    wr(f, LCR_H, LCR_FEN);
    g_free(log_take());
    wr(f, IFLS, 7 << 3);
    g_autofree char *log = log_take();
    g_assert_nonnull(strstr(log, "IFLS"));
    g_assert_cmpint(rx(f, "1234567"), ==, 7);
    g_assert_cmphex(rd(f, RIS) & I_RX, ==, 0);
    g_assert_cmpint(rx(f, "8"), ==, 1);
    g_assert_cmphex(rd(f, RIS) & I_RX, ==, I_RX);
}

static void test_rx_timeout(Fixture *f, gconstpointer data)
{
    enable(f, LCR_FEN);                     /* trigger 1/2 = 8 */
    wr(f, IMSC, I_RT);
    g_assert_cmpint(rx(f, "a"), ==, 1);
    g_assert_cmphex(rd(f, RIS), ==, I_RT);
    g_assert_cmphex(rd(f, MIS), ==, I_RT);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, ICR, I_RT);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    /* New data restarts the timeout, which elapses again. */
    g_assert_cmpint(rx(f, "b"), ==, 1);
    g_assert_cmphex(rd(f, RIS), ==, I_RT);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, DR), ==, 'a');
    g_assert_cmphex(rd(f, RIS), ==, I_RT);          /* still data waiting */
    g_assert_cmphex(rd(f, DR), ==, 'b');
    g_assert_cmphex(rd(f, RIS), ==, 0);             /* empty: cleared */
    g_assert_cmpint(f->level, ==, 0);
}

static void test_imsc_mis_icr(Fixture *f, gconstpointer data)
{
    enable(f, 0);
    wr(f, DR, 'a');                                     /* TX */
    g_assert_cmpint(rx(f, "b"), ==, 1);                 /* RX */
    g_assert_cmphex(rd(f, RIS), ==, I_TX | I_RX);
    g_assert_cmphex(rd(f, MIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);

    wr(f, IMSC, 0xffffffff);
    g_assert_cmphex(rd(f, IMSC), ==, 0x7ff);
    g_assert_cmphex(rd(f, MIS), ==, I_TX | I_RX);
    g_assert_cmpint(f->level, ==, 1);

    wr(f, IMSC, I_RX);
    g_assert_cmphex(rd(f, MIS), ==, I_RX);
    g_assert_cmpint(f->level, ==, 1);

    /* ICR: only the 1 bits clear. */
    wr(f, ICR, I_TX);
    g_assert_cmphex(rd(f, RIS), ==, I_RX);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, ICR, 0);
    g_assert_cmphex(rd(f, RIS), ==, I_RX);
    wr(f, ICR, I_RX);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmphex(rd(f, ICR), ==, 0);       /* write-only: reads as 0 */

    /* RIS and MIS are read-only; modem bits never set. */
    g_free(log_take());
    wr(f, RIS, 0x7ff);
    wr(f, MIS, 0x7ff);
    wr(f, FR, 0xff);
    g_assert_cmphex(rd(f, RIS), ==, 0);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);
    g_autofree char *log = log_take();
    g_assert_nonnull(strstr(log, "read-only"));
    rd(f, DR);
    wr(f, IMSC, 0xf);
    g_assert_cmphex(rd(f, MIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
}

static void test_loopback(Fixture *f, gconstpointer data)
{
    wr(f, LCR_H, LCR_FEN);
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
    wr(f, IMSC, I_RX | I_RT);
    wr(f, DR, 'l');
    wr(f, DR, 0x100 | 'b');
    g_assert_cmpint(f->out->len, ==, 0);            /* nothing leaves the chip */
    g_assert_cmphex(rd(f, RIS) & (I_TX | I_RT), ==, I_TX | I_RT);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, DR), ==, 'l');
    g_assert_cmphex(rd(f, DR), ==, 'b');
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);

    /* A break sent in loopback arrives as a break. */
    wr(f, LCR_H, LCR_FEN | LCR_BRK);
    g_assert_cmphex(rd(f, RIS) & I_BE, ==, I_BE);
    g_assert_cmphex(rd(f, DR), ==, DR_BE);
    wr(f, LCR_H, LCR_FEN);

    /* Loopback off: back to the chardev. */
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, DR, 'o');
    g_assert_cmpint(f->out->len, ==, 1);
    g_assert_cmphex(rd(f, FR) & FR_RXFE, ==, FR_RXFE);
}

static void test_overrun(Fixture *f, gconstpointer data)
{
    enable(f, 0);
    wr(f, IMSC, I_OE);
    g_assert_cmpint(rx(f, "a"), ==, 1);
    /* A byte arriving anyway (a backend that ignores can_receive). */
    f->s->fe.receive(f->s, (const uint8_t *)"b", 1);
    g_assert_cmphex(rd(f, RSR), ==, 0x8);
    g_assert_cmphex(rd(f, RIS) & I_OE, ==, I_OE);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, DR), ==, DR_OE | 'a');    /* 'b' was lost after 'a' */
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmphex(rd(f, RSR), ==, 0x8);
    wr(f, ICR, I_OE);
    g_assert_cmpint(f->level, ==, 0);

    /* OE is sticky in RSR until ECR, across clean characters. */
    g_assert_cmpint(rx(f, "c"), ==, 1);
    g_assert_cmphex(rd(f, DR), ==, 'c');
    g_assert_cmphex(rd(f, RSR), ==, 0x8);
    wr(f, RSR, 0);                                  /* ECR */
    g_assert_cmphex(rd(f, RSR), ==, 0);

    /* 16-deep: the 17th byte overruns, the first 16 are intact. */
    wr(f, LCR_H, LCR_FEN);
    f->s->fe.receive(f->s, (const uint8_t *)"0123456789abcdefZ", 17);
    g_assert_cmphex(rd(f, RIS) & I_OE, ==, I_OE);
    for (int i = 0; i < 15; i++) {
        g_assert_cmphex(rd(f, DR) & ~0xffu, ==, 0);
    }
    g_assert_cmphex(rd(f, DR), ==, DR_OE | 'f');
    g_assert_cmphex(rd(f, FR) & FR_RXFE, ==, FR_RXFE);
}

static void test_break_and_error_bits(Fixture *f, gconstpointer data)
{
    enable(f, LCR_FEN);
    wr(f, IMSC, I_BE);
    g_assert_cmpint(rx(f, "x"), ==, 1);
    f->s->fe.event(f->s, CHR_EVENT_BREAK);
    f->s->fe.event(f->s, CHR_EVENT_FOCUS_IN);       /* ignored */
    g_assert_cmpint(rx(f, "y"), ==, 1);
    g_assert_cmphex(rd(f, RIS) & I_BE, ==, I_BE);
    g_assert_cmpint(f->level, ==, 1);

    g_assert_cmphex(rd(f, DR), ==, 'x');
    g_assert_cmphex(rd(f, RSR), ==, 0);
    g_assert_cmphex(rd(f, DR), ==, DR_BE);          /* a 0 byte with BE */
    g_assert_cmphex(rd(f, RSR), ==, 0x4);
    g_assert_cmphex(rd(f, DR), ==, 'y');
    g_assert_cmphex(rd(f, RSR), ==, 0);             /* follows the character */
    g_assert_cmphex(rd(f, FR) & FR_RXFE, ==, FR_RXFE);

    wr(f, ICR, I_BE);
    g_assert_cmpint(f->level, ==, 0);

    /* A break into a full FIFO: BE raised, overrun recorded. */
    wr(f, LCR_H, 0);
    g_assert_cmpint(rx(f, "z"), ==, 1);
    f->s->fe.event(f->s, CHR_EVENT_BREAK);
    g_assert_cmphex(rd(f, RIS) & (I_BE | I_OE), ==, I_BE | I_OE);
    g_assert_cmphex(rd(f, DR), ==, DR_OE | 'z');
}

static void test_backpressure(Fixture *f, gconstpointer data)
{
    enable(f, LCR_FEN);
    f->accept_calls = 0;        /* reset and LCR_H writes may already have asked */
    g_byte_array_append(f->held, (const uint8_t *)"abcdefghijklmnopqrst", 20);
    backend_push(f);
    g_assert_cmpint(f->held->len, ==, 4);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);
    g_assert_cmphex(rd(f, RSR), ==, 0);

    /* Reading from a full FIFO asks the backend for more. */
    g_assert_cmphex(rd(f, DR), ==, 'a');
    g_assert_cmpint(f->accept_calls, ==, 1);
    g_assert_cmpint(f->held->len, ==, 3);
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFF);

    for (int i = 1; i < 20; i++) {
        g_assert_cmphex(rd(f, DR), ==, (uint32_t)('a' + i));
    }
    g_assert_cmpint(f->held->len, ==, 0);
    g_assert_cmpint(f->accept_calls, ==, 5);    /* once per full->non-full read */
    g_assert_cmphex(rd(f, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmphex(rd(f, RSR), ==, 0);         /* nothing lost */

    /* Reads from a non-full FIFO do not poke the backend. */
    g_assert_cmpint(rx(f, "12"), ==, 2);
    rd(f, DR);
    rd(f, DR);
    g_assert_cmpint(f->accept_calls, ==, 5);

    /* Held input also flows when the FIFO is enlarged (FEN set). */
    wr(f, LCR_H, 0);
    g_byte_array_append(f->held, (const uint8_t *)"XYZ", 3);
    backend_push(f);
    g_assert_cmpint(f->held->len, ==, 2);
    wr(f, LCR_H, LCR_FEN);                      /* flushes 'X', takes "YZ" */
    g_assert_cmpint(f->held->len, ==, 0);
    g_assert_cmphex(rd(f, DR), ==, 'Y');
    g_assert_cmphex(rd(f, DR), ==, 'Z');
}

static void test_plain_registers(Fixture *f, gconstpointer data)
{
    wr(f, IBRD, 0xffffffff);
    wr(f, FBRD, 0xffffffff);
    wr(f, ILPR, 0xffffffff);
    wr(f, LCR_H, 0xffffffff);                   /* FEN and BRK set, no loopback */
    g_assert_cmphex(rd(f, IBRD), ==, 0xffff);
    g_assert_cmphex(rd(f, FBRD), ==, 0x3f);
    g_assert_cmphex(rd(f, ILPR), ==, 0xff);
    g_assert_cmphex(rd(f, LCR_H), ==, 0xff);
    g_assert_cmphex(rd(f, FR) & FR_RXFE, ==, FR_RXFE);   /* BRK without LBE: no input */
    wr(f, IFLS, 0xffffffc0 | (3 << 3) | 1);
    g_assert_cmphex(rd(f, IFLS), ==, (3 << 3) | 1);

    g_free(log_take());
    wr(f, DMACR, 0x7);
    g_assert_cmphex(rd(f, DMACR), ==, 0x7);
    wr(f, DMACR, 0xf8);
    g_assert_cmphex(rd(f, DMACR), ==, 0);
    g_free(log_take());

    log_mask |= LOG_UNIMP;
    wr(f, DMACR, 0x3);
    log_mask &= ~LOG_UNIMP;
    g_autofree char *log = log_take();
    g_assert_nonnull(strstr(log, "DMA"));
}

static void test_bad_accesses(Fixture *f, gconstpointer data)
{
    static const hwaddr bad[] = { 0x008, 0x00c, 0x010, 0x014, 0x01c, 0x04c, 0x080,
                                  0x800, 0xfdc };
    uint64_t v;

    enable(f, LCR_FEN);
    wr(f, IMSC, I_RX);
    g_assert_cmpint(rx(f, "ab"), ==, 2);
    g_free(log_take());

    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        char want[64];
        g_assert_cmphex(rd(f, bad[i]), ==, 0);
        g_autofree char *log = log_take();
        snprintf(want, sizeof(want), "pl011_read: Bad offset 0x%x", (unsigned)bad[i]);
        g_assert_nonnull(strstr(log, want));
        wr(f, bad[i], 0xffffffff);
        g_autofree char *log2 = log_take();
        g_assert_nonnull(strstr(log2, "pl011_write"));
    }
    g_assert_cmphex(rd(f, LCR_H), ==, LCR_FEN);
    g_assert_cmphex(rd(f, IMSC), ==, I_RX);
    g_assert_cmphex(rd(f, CR), ==, CR_UARTEN | CR_TXE | CR_RXE);
    g_assert_cmphex(rd(f, RIS), ==, I_RT);      /* 2 bytes, below the 1/2 trigger */
    g_assert_cmpint(f->out->len, ==, 0);

    /* 8-byte accesses are refused by the core and have no side effect. */
    v = 0x1234;
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, DR, 8, &v), !=, MEMTX_OK);
    g_assert_cmpint(mr_dispatch_write(&f->s->iomem, DR, 8, 'X'), !=, MEMTX_OK);
    g_assert_cmpint(mr_dispatch_write(&f->s->iomem, IMSC, 8, 0), !=, MEMTX_OK);
    g_assert_cmpint(f->out->len, ==, 0);
    g_assert_cmphex(rd(f, IMSC), ==, I_RX);
    g_assert_cmphex(rd(f, DR), ==, 'a');        /* nothing was popped */

    /* Narrow reads see the register's low bytes. */
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, FR, 1, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, FR_TXFE);
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, CR, 2, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, CR_UARTEN | CR_TXE | CR_RXE);
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, CR + 1, 1, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, (CR_TXE | CR_RXE) >> 8);
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, DR, 1, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 'b');
    /* A narrow write lands in its byte lane, the other bytes written as 0. */
    wr(f, IBRD, 0xffff);
    g_assert_cmpint(mr_dispatch_write(&f->s->iomem, IBRD + 1, 1, 0x12), ==, MEMTX_OK);
    g_assert_cmphex(rd(f, IBRD), ==, 0x1200);

    /* The last register of the region. */
    g_assert_cmpint(mr_dispatch_read(&f->s->iomem, 0xffc, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0xb1);
}

static void test_unconnected_irq(void)
{
    PL011State *s = (PL011State *)object_new(TYPE_PL011);
    uint64_t v;

    g_assert_true(object_realize(OBJECT(s), NULL));
    g_assert_null(s->irq);
    g_assert_cmpint(mr_dispatch_write(&s->iomem, IMSC, 4, 0x7ff), ==, MEMTX_OK);
    g_assert_cmpint(mr_dispatch_write(&s->iomem, CR, 4, 0x301), ==, MEMTX_OK);
    g_assert_cmpint(mr_dispatch_write(&s->iomem, DR, 4, 'n'), ==, MEMTX_OK);
    s->fe.receive(s, (const uint8_t *)"ab", 2);     /* overrun, no chardev */
    s->fe.event(s, CHR_EVENT_BREAK);
    g_assert_cmpint(mr_dispatch_read(&s->iomem, MIS, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, I_TX | I_RX | I_OE | I_BE);
    object_unref(OBJECT(s));
}

static void test_object(void)
{
    Chardev chr = { .id = (char *)"serial7" };
    PL011State *s = (PL011State *)object_new(TYPE_PL011);
    GError *err = NULL;

    g_assert_nonnull(object_dynamic_cast(OBJECT(s), TYPE_DEVICE));
    g_assert_cmpstr(s->iomem.name, ==, "pl011");
    g_assert_cmphex(s->iomem.size, ==, 0x1000);
    g_assert_true(object_property_set_str(OBJECT(s), "chardev", "serial0", &err));
    g_assert_no_error(err);
    pl011_set_chardev(s, &chr);
    g_assert_true(chr.fe == &s->fe);
    g_autofree char *id = object_property_get_str(OBJECT(s), "chardev", &err);
    g_assert_cmpstr(id, ==, "serial0");
    object_unref(OBJECT(s));
    g_assert_null(chr.fe);                      /* detached on finalize */

    /* Without the property, the chardev's id is shown. */
    s = (PL011State *)object_new(TYPE_PL011);
    pl011_set_chardev(s, &chr);
    g_autofree char *id2 = object_property_get_str(OBJECT(s), "chardev", NULL);
    g_assert_cmpstr(id2, ==, "serial7");
    object_unref(OBJECT(s));
}

int main(int argc, char **argv)
{
    GError *err = NULL;
    int fd, ret;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("test-pl011-XXXXXX.log", &log_path, &err);
    g_assert_no_error(err);
    close(fd);
    g_assert_true(log_set_file(log_path, &err));
    g_assert_no_error(err);
    log_mask |= LOG_GUEST_ERROR;

#define ADD(name, fn) \
    g_test_add("/pl011/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("reset-values", test_reset_values);
    ADD("id-registers", test_id_registers);
    ADD("tx", test_tx);
    ADD("tx-interrupt", test_tx_interrupt);
    ADD("fr-flags", test_fr_flags);
    ADD("fifo-depth", test_fifo_depth);
    ADD("rx-trigger-levels", test_rx_trigger_levels);
    ADD("rx-timeout", test_rx_timeout);
    ADD("imsc-mis-icr", test_imsc_mis_icr);
    ADD("loopback", test_loopback);
    ADD("overrun", test_overrun);
    ADD("break-and-error-bits", test_break_and_error_bits);
    ADD("backpressure", test_backpressure);
    ADD("plain-registers", test_plain_registers);
    ADD("bad-accesses", test_bad_accesses);
#undef ADD
    g_test_add_func("/pl011/unconnected-irq", test_unconnected_irq);
    g_test_add_func("/pl011/object", test_object);

    ret = g_test_run();
    unlink(log_path);
    g_free(log_path);
    return ret;
}
