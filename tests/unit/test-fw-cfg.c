/* test-fw-cfg.c: the fw_cfg device through guest-sized accesses on an address
 * space of its own (fw_cfg at 0x0902_0000, 64 KiB of RAM at 0x4000_0000 for DMA),
 * with the bytes laid out as docs/specs/fw_cfg.rst says. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hw/nvram/fw_cfg.h"
#include "core/log.h"
#include "testutil.h"

#define BASE 0x09020000u
#define RAM 0x40000000u
#define RAM_SIZE 0x10000u

typedef struct Fixture {
    FWCfgState *s;
    MemoryRegion root, ram;
    AddressSpace *as;
} Fixture;

static char *log_path;

static void log_reset(void) { testutil_log_reset(log_path); }
static char *log_text(void) { return testutil_log_text(log_path); }

static void fixture_init(Fixture *f, bool dma)
{
    g_autoptr(GError) err = NULL;

    memset(f, 0, sizeof(*f));
    mr_init_container(&f->root, NULL, "root", 0);
    g_assert_true(mr_init_ram(&f->ram, NULL, "ram", RAM_SIZE, &err));
    mr_add_subregion(&f->root, RAM, &f->ram);
    f->as = as_new(&f->root, "t");
    f->s = (FWCfgState *)object_new(TYPE_FW_CFG_MEM);
    f->s->dma_as = f->as;
    g_assert_true(object_property_set_bool(OBJECT(f->s), "dma_enabled", dma, &err));
    g_assert_true(object_realize(OBJECT(f->s), &err));
    g_assert_no_error(err);
    fw_cfg_map(f->s, &f->root, BASE);
    object_reset_tree(OBJECT(f->s));
    log_reset();
}

static void fixture_free(Fixture *f)
{
    mr_del_subregion(&f->root, &f->s->data_mr);
    mr_del_subregion(&f->root, &f->s->ctl_mr);
    if (f->s->dma_mr.container) {
        mr_del_subregion(&f->root, &f->s->dma_mr);
    }
    object_unref(OBJECT(f->s));
    mr_del_subregion(&f->root, &f->ram);
    as_free(f->as);
    mr_destroy(&f->ram);
    mr_destroy(&f->root);
}

static uint64_t rd(Fixture *f, uint32_t off, unsigned size)
{
    uint64_t v = 0xdead;
    as_read_val(f->as, BASE + off, size, &v);
    return v;
}

static void wr(Fixture *f, uint32_t off, unsigned size, uint64_t v)
{
    as_write_val(f->as, BASE + off, size, v);
}

/* The guest stores the key big-endian: its little-endian value is swapped. */
static void select_key(Fixture *f, uint16_t key)
{
    wr(f, FW_CFG_REG_SELECTOR, 2, GUINT16_TO_BE(key));
}

/* n bytes of the selected item, one data read of `size` bytes at a time. */
static void read_stream(Fixture *f, uint8_t *out, unsigned n, unsigned size)
{
    for (unsigned i = 0; i < n; i += size) {
        uint64_t v = rd(f, FW_CFG_REG_DATA, size);
        for (unsigned b = 0; b < size && i + b < n; b++) {
            out[i + b] = (uint8_t)(v >> (8 * b));
        }
    }
}

/* ---- plain registers ------------------------------------------------------ */

static void test_signature(void)
{
    Fixture f;
    uint8_t buf[8];

    fixture_init(&f, true);
    /* Reset leaves the signature selected. */
    read_stream(&f, buf, 4, 1);
    g_assert_cmpmem(buf, 4, "QEMU", 4);
    g_assert_cmpuint(rd(&f, 0, 1), ==, 0);      /* past its end: zeros */
    select_key(&f, FW_CFG_SIGNATURE);
    g_assert_cmphex(rd(&f, 0, 4), ==, 'Q' | 'E' << 8 | 'M' << 16 | 'U' << 24);
    select_key(&f, FW_CFG_SIGNATURE);
    /* An 8-byte read past the end is padded with zeros on the right. */
    g_assert_cmphex(rd(&f, 0, 8), ==, 0x554d4551u);
    /* The DMA register reads "QEMU CFG" in memory order. */
    g_assert_cmphex(rd(&f, FW_CFG_REG_DMA, 8), ==, GUINT64_TO_BE(FW_CFG_DMA_SIGNATURE));
    g_assert_cmphex(rd(&f, FW_CFG_REG_DMA, 4), ==, GUINT32_TO_BE(0x51454d55u));
    g_assert_cmphex(rd(&f, FW_CFG_REG_DMA + 4, 4), ==, GUINT32_TO_BE(0x20434647u));
    g_autofree char *log = log_text();
    g_assert_cmpstr(log, ==, "");
    fixture_free(&f);
}

static void test_id(void)
{
    Fixture f;

    fixture_init(&f, true);
    select_key(&f, FW_CFG_ID);
    g_assert_cmphex(rd(&f, 0, 4), ==, FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    fixture_free(&f);

    /* Without DMA: ID bit 1 clear and no DMA register (unassigned: reads 0). */
    fixture_init(&f, false);
    select_key(&f, FW_CFG_ID);
    g_assert_cmphex(rd(&f, 0, 4), ==, FW_CFG_VERSION);
    g_assert_null(f.s->dma_mr.container);
    g_assert_cmphex(rd(&f, FW_CFG_REG_DMA, 8), ==, 0);
    fixture_free(&f);
}

static void test_streaming(void)
{
    Fixture f;
    static const uint8_t item[11] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
    uint8_t buf[16];

    fixture_init(&f, true);
    fw_cfg_add_bytes(f.s, FW_CFG_KERNEL_DATA, item, sizeof(item));
    fw_cfg_add_i32(f.s, FW_CFG_KERNEL_SIZE, sizeof(item));
    select_key(&f, FW_CFG_KERNEL_SIZE);
    g_assert_cmpuint(rd(&f, 0, 4), ==, 11);         /* integers little-endian */
    select_key(&f, FW_CFG_KERNEL_DATA);
    /* Mixed widths continue the one stream. */
    g_assert_cmphex(rd(&f, 0, 8), ==, 0x0807060504030201ull);
    g_assert_cmphex(rd(&f, 0, 2), ==, 0x0a09);
    g_assert_cmphex(rd(&f, 0, 4), ==, 0x0b);        /* 1 byte left, then zeros */
    g_assert_cmphex(rd(&f, 0, 8), ==, 0);
    /* Selecting again starts over; every width gives the same bytes. */
    for (unsigned size = 1; size <= 8; size <<= 1) {
        select_key(&f, FW_CFG_KERNEL_DATA);
        memset(buf, 0xee, sizeof(buf));
        read_stream(&f, buf, sizeof(item), size);
        g_assert_cmpmem(buf, sizeof(item), item, sizeof(item));
    }
    /* An item that was never set reads as zeros. */
    select_key(&f, FW_CFG_INITRD_DATA);
    g_assert_cmphex(rd(&f, 0, 8), ==, 0);
    /* The write channel bit is ignored for reads; data writes are ignored. */
    select_key(&f, FW_CFG_WRITE_CHANNEL | FW_CFG_KERNEL_DATA);
    wr(&f, 0, 1, 0xff);
    g_assert_cmphex(rd(&f, 0, 1), ==, 1);
    g_autofree char *log = log_text();
    g_assert_cmpstr(log, ==, "");
    fixture_free(&f);
}

/* ---- the file directory ------------------------------------------------------ */

static void test_file_dir(void)
{
    Fixture f;
    g_autoptr(GError) err = NULL;
    static const char *const added[] = { "zeta", "etc/b", "bios-geometry", "etc/a", "Zz", "etc" };
    static const char *const sorted[] = { "Zz", "bios-geometry", "bootorder", "etc", "etc/a",
                                          "etc/b", "etc/boot-fail-wait", "zeta" };
    uint8_t dir[4 + 32 * 64];

    fixture_init(&f, true);
    g_assert_true(fw_cfg_add_file(f.s, "bootorder", NULL, 0, &err));
    g_assert_true(fw_cfg_add_file(f.s, "etc/boot-fail-wait", "\xff\xff\xff\xff", 4, &err));
    for (unsigned i = 0; i < G_N_ELEMENTS(added); i++) {
        g_autofree char *data = g_strdup_printf("<%s>", added[i]);
        g_assert_true(fw_cfg_add_file(f.s, added[i], data, (uint32_t)strlen(data), &err));
    }
    g_assert_no_error(err);

    /* The item holds every slot, as QEMU's does. */
    g_assert_cmpuint(fw_cfg_get_entry(f.s, FW_CFG_FILE_DIR)->len, ==, sizeof(dir));
    select_key(&f, FW_CFG_FILE_DIR);
    read_stream(&f, dir, sizeof(dir), 8);
    g_assert_cmpuint(GUINT32_FROM_BE(*(uint32_t *)dir), ==, G_N_ELEMENTS(sorted));
    for (unsigned i = 0; i < G_N_ELEMENTS(sorted); i++) {
        const uint8_t *e = dir + 4 + 64 * i;
        uint32_t size = (uint32_t)e[0] << 24 | e[1] << 16 | e[2] << 8 | e[3];
        uint16_t sel = (uint16_t)(e[4] << 8 | e[5]);
        char name[57] = { 0 };
        memcpy(name, e + 8, 56);
        g_assert_cmpstr(name, ==, sorted[i]);
        g_assert_cmphex(sel, ==, FW_CFG_FILE_FIRST + i);
        g_assert_cmpuint(e[6] | e[7], ==, 0);
        /* Each selector gives its own file's contents. */
        uint8_t buf[64] = { 0 };
        select_key(&f, sel);
        read_stream(&f, buf, size, 4);
        if (!strcmp(name, "bootorder")) {
            g_assert_cmpuint(size, ==, 0);
        } else if (!strcmp(name, "etc/boot-fail-wait")) {
            g_assert_cmpmem(buf, size, "\xff\xff\xff\xff", 4);
        } else {
            g_autofree char *want = g_strdup_printf("<%s>", name);
            g_assert_cmpmem(buf, size, want, strlen(want));
        }
    }
    /* The rest of the directory is zero. */
    for (size_t i = 4 + 64 * G_N_ELEMENTS(sorted); i < sizeof(dir); i++) {
        g_assert_cmpuint(dir[i], ==, 0);
    }

    /* Refused: a duplicate, an empty name, a name of 56 characters. */
    g_assert_false(fw_cfg_add_file(f.s, "etc/a", "x", 1, &err));
    g_assert_nonnull(strstr(err->message, "duplicate file 'etc/a'"));
    g_clear_error(&err);
    g_assert_false(fw_cfg_add_file(f.s, "", "x", 1, &err));
    g_clear_error(&err);
    char longname[57];
    memset(longname, 'a', 56);
    longname[56] = 0;
    g_assert_false(fw_cfg_add_file(f.s, longname, "x", 1, &err));
    g_clear_error(&err);
    longname[55] = 0;
    g_assert_true(fw_cfg_add_file(f.s, longname, "x", 1, &err));
    /* Full after 32 files. */
    for (unsigned i = G_N_ELEMENTS(sorted) + 1; i < 32; i++) {
        g_autofree char *n = g_strdup_printf("f%02u", i);
        g_assert_true(fw_cfg_add_file(f.s, n, "x", 1, &err));
    }
    g_assert_false(fw_cfg_add_file(f.s, "one-too-many", "x", 1, &err));
    g_assert_nonnull(strstr(err->message, "no room"));
    fixture_free(&f);
}

static void test_common_items(void)
{
    Fixture f;
    g_autoptr(GError) err = NULL;

    fixture_init(&f, true);
    g_assert_true(fw_cfg_add_common(f.s, true, &err));
    select_key(&f, FW_CFG_NOGRAPHIC);
    g_assert_cmpuint(rd(&f, 0, 2), ==, 1);
    select_key(&f, FW_CFG_BOOT_MENU);
    g_assert_cmpuint(rd(&f, 0, 2), ==, 0);
    g_assert_cmpuint(fw_cfg_get_entry(f.s, FW_CFG_UUID)->len, ==, 16);
    select_key(&f, FW_CFG_FILE_DIR);
    g_assert_cmpuint(GUINT32_FROM_BE((uint32_t)rd(&f, 0, 4)), ==, 3);
    fixture_free(&f);
}

/* ---- DMA --------------------------------------------------------------------- */

static uint8_t *ram(Fixture *f, uint32_t addr)
{
    return mr_get_ram_ptr(&f->ram) + (addr - RAM);
}

static void put_desc(Fixture *f, uint32_t at, uint32_t control, uint32_t len, uint64_t addr)
{
    uint32_t c = GUINT32_TO_BE(control), l = GUINT32_TO_BE(len);
    uint64_t a = GUINT64_TO_BE(addr);
    memcpy(ram(f, at), &c, 4);
    memcpy(ram(f, at + 4), &l, 4);
    memcpy(ram(f, at + 8), &a, 8);
}

static uint32_t desc_control(Fixture *f, uint32_t at)
{
    uint32_t c;
    memcpy(&c, ram(f, at), 4);
    return GUINT32_FROM_BE(c);
}

/* Start the descriptor at `at`: one 8-byte write, or the two 4-byte halves. */
static void dma_go(Fixture *f, uint64_t at, bool halves)
{
    if (halves) {
        wr(f, FW_CFG_REG_DMA, 4, GUINT32_TO_BE((uint32_t)(at >> 32)));
        wr(f, FW_CFG_REG_DMA + 4, 4, GUINT32_TO_BE((uint32_t)at));
    } else {
        wr(f, FW_CFG_REG_DMA, 8, GUINT64_TO_BE(at));
    }
}

#define DESC (RAM + 0x100)
#define BUF (RAM + 0x1000)

static void test_dma_read(void)
{
    Fixture f;
    uint8_t item[300];

    for (unsigned i = 0; i < sizeof(item); i++) {
        item[i] = (uint8_t)(i * 7 + 3);
    }
    for (int halves = 0; halves < 2; halves++) {
        fixture_init(&f, true);
        fw_cfg_add_bytes(f.s, FW_CFG_INITRD_DATA, item, sizeof(item));
        memset(ram(&f, BUF), 0xaa, 0x400);
        put_desc(&f, DESC, FW_CFG_INITRD_DATA << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ,
                 100, BUF);
        dma_go(&f, DESC, halves);
        g_assert_cmphex(desc_control(&f, DESC), ==, 0);
        g_assert_cmpmem(ram(&f, BUF), 100, item, 100);
        g_assert_cmpuint(*ram(&f, BUF + 100), ==, 0xaa);
        /* Without SELECT the stream continues, by DMA or by the data register. */
        put_desc(&f, DESC, FW_CFG_DMA_CTL_READ, 100, BUF + 100);
        dma_go(&f, DESC, halves);
        g_assert_cmpmem(ram(&f, BUF), 200, item, 200);
        g_assert_cmphex(rd(&f, 0, 1), ==, item[200]);
        /* Reading past the end: the rest of the item, then zeros. */
        put_desc(&f, DESC, FW_CFG_DMA_CTL_READ, 150, BUF + 201);
        dma_go(&f, DESC, halves);
        g_assert_cmphex(desc_control(&f, DESC), ==, 0);
        g_assert_cmpmem(ram(&f, BUF + 201), 99, item + 201, 99);
        for (unsigned i = 300; i < 351; i++) {
            g_assert_cmpuint(*ram(&f, BUF + i), ==, 0);
        }
        g_assert_cmpuint(*ram(&f, BUF + 351), ==, 0xaa);
        g_autofree char *log = log_text();
        g_assert_cmpstr(log, ==, "");
        fixture_free(&f);
    }
}

static void test_dma_skip_select(void)
{
    Fixture f;

    fixture_init(&f, true);
    fw_cfg_add_bytes(f.s, FW_CFG_CMDLINE_DATA, "console=ttyAMA0", 16);
    /* SELECT alone: selected at offset 0, length ignored, nothing written. */
    memset(ram(&f, BUF), 0xaa, 64);
    put_desc(&f, DESC, FW_CFG_CMDLINE_DATA << 16 | FW_CFG_DMA_CTL_SELECT, 8, BUF);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, 0);
    g_assert_cmpuint(*ram(&f, BUF), ==, 0xaa);
    g_assert_cmphex(rd(&f, 0, 1), ==, 'c');
    /* SKIP moves the offset without writing memory. */
    put_desc(&f, DESC, FW_CFG_DMA_CTL_SKIP, 7, BUF);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, 0);
    g_assert_cmpuint(*ram(&f, BUF), ==, 0xaa);
    g_assert_cmphex(rd(&f, 0, 4), ==, 't' | 't' << 8 | 'y' << 16 | 'A' << 24);
    /* SELECT + SKIP + READ: READ wins over SKIP, after the select. */
    put_desc(&f, DESC, FW_CFG_CMDLINE_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
             FW_CFG_DMA_CTL_SKIP | FW_CFG_DMA_CTL_READ, 7, BUF);
    dma_go(&f, DESC, false);
    g_assert_cmpmem(ram(&f, BUF), 7, "console", 7);
    /* Skipping past the end is no error. */
    put_desc(&f, DESC, FW_CFG_DMA_CTL_SKIP, 1000, BUF);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, 0);
    g_assert_cmphex(rd(&f, 0, 1), ==, 0);
    fixture_free(&f);
}

static void test_dma_errors(void)
{
    Fixture f;
    g_autofree char *log = NULL;

    fixture_init(&f, true);
    fw_cfg_add_bytes(f.s, FW_CFG_KERNEL_DATA, "abcdefgh", 8);
    /* WRITE: every item is read-only, so ERROR, and memory is not read into it. */
    memcpy(ram(&f, BUF), "XXXX", 4);
    put_desc(&f, DESC, FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE,
             4, BUF);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, FW_CFG_DMA_CTL_ERROR);
    select_key(&f, FW_CFG_KERNEL_DATA);
    g_assert_cmphex(rd(&f, 0, 4), ==, 'a' | 'b' << 8 | 'c' << 16 | 'd' << 24);
    log = log_text();
    g_assert_nonnull(strstr(log, "fw_cfg: DMA write to read-only item 0x11"));
    g_clear_pointer(&log, g_free);

    /* A READ whose target is not memory: ERROR. */
    put_desc(&f, DESC, FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ,
             8, 0x1000);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, FW_CFG_DMA_CTL_ERROR);
    /* The same for a target that runs off the end of RAM half way. */
    put_desc(&f, DESC, FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ,
             8, RAM + RAM_SIZE - 4);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, FW_CFG_DMA_CTL_ERROR);

    /* A descriptor outside memory: logged, nothing else happens. */
    dma_go(&f, 0x2000, false);
    log = log_text();
    g_assert_nonnull(strstr(log, "fw_cfg: DMA descriptor at 0x2000 unreadable"));
    g_clear_pointer(&log, g_free);

    /* A READ aimed at the DMA register itself does not start another transfer. */
    put_desc(&f, DESC, FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ,
             8, BASE + FW_CFG_REG_DMA);
    dma_go(&f, DESC, false);
    log = log_text();
    g_assert_nonnull(strstr(log, "DMA register written by its own transfer: ignored"));
    fixture_free(&f);
}

/* ---- accesses of the wrong size or place ---------------------------------------- */

static void test_bad_accesses(void)
{
    Fixture f;
    g_autofree char *log = NULL;

    fixture_init(&f, true);
    fw_cfg_add_bytes(f.s, FW_CFG_KERNEL_DATA, "abcdefgh", 8);
    select_key(&f, FW_CFG_KERNEL_DATA);
    /* The selector is write-only and 16 bits wide. */
    g_assert_cmphex(rd(&f, FW_CFG_REG_SELECTOR, 2), ==, 0);
    wr(&f, FW_CFG_REG_SELECTOR, 1, 0);
    wr(&f, FW_CFG_REG_SELECTOR, 4, 0);
    /* The data register only at its start; the stream did not move. */
    g_assert_cmphex(rd(&f, 3, 1), ==, 0);
    g_assert_cmphex(rd(&f, 0, 1), ==, 'a');
    /* DMA: only 8 bytes at +0 or 4 at +0/+4. */
    g_assert_cmphex(rd(&f, FW_CFG_REG_DMA + 2, 2), ==, 0);
    wr(&f, FW_CFG_REG_DMA, 2, 0);
    /* The gap between the selector and DMA is unassigned. */
    g_assert_cmphex(rd(&f, 0xc, 4), ==, 0);
    log = log_text();
    g_assert_nonnull(strstr(log, "fw_cfg: invalid read of 2 bytes at selector+0x0"));
    g_assert_nonnull(strstr(log, "fw_cfg: invalid write of 1 bytes at selector+0x0"));
    /* (4 bytes overrun the 2-byte region: the core splits them into bytes) */
    g_assert_nonnull(strstr(log, "fw_cfg: invalid write of 1 bytes at selector+0x1"));
    g_assert_nonnull(strstr(log, "fw_cfg: invalid read of 1 bytes at data+0x3"));
    g_assert_nonnull(strstr(log, "fw_cfg: invalid read of 2 bytes at dma+0x2"));
    g_assert_nonnull(strstr(log, "fw_cfg: invalid write of 2 bytes at dma+0x0"));
    g_assert_cmphex(rd(&f, 0, 1), ==, 'b');
    /* Keys past the table, or architecture-local ones (none on Arm), read zeros. */
    select_key(&f, FW_CFG_FILE_FIRST + 0x20);
    g_assert_cmphex(rd(&f, 0, 8), ==, 0);
    select_key(&f, FW_CFG_ARCH_LOCAL | FW_CFG_KERNEL_DATA);
    g_assert_cmphex(rd(&f, 0, 8), ==, 0);
    select_key(&f, FW_CFG_INVALID);
    g_assert_cmphex(rd(&f, 0, 8), ==, 0);
    /* Reset selects the signature again. */
    object_reset_tree(OBJECT(f.s));
    g_assert_cmphex(rd(&f, 0, 4), ==, 0x554d4551u);
    fixture_free(&f);
}

/* ---- the kernel for a firmware (-bios with -kernel) ----------------------------- */

static void read_item(Fixture *f, uint16_t key, uint8_t *out, uint32_t n)
{
    select_key(f, key);
    read_stream(f, out, n, 8);
}

static void test_kernel_items(void)
{
    Fixture f;
    g_autoptr(GError) err = NULL;
    char *dir = g_dir_make_tmp("test-fw-cfg-XXXXXX", &err);
    g_autofree char *kpath = g_build_filename(dir, "Image.gz", NULL);
    g_autofree char *rpath = g_build_filename(dir, "initrd.gz", NULL);
    uint8_t image[5000], buf[5008];
    gsize gzlen;

    for (unsigned i = 0; i < sizeof(image); i++) {
        image[i] = (uint8_t)(i * 13 + i / 256);
    }
    g_autofree uint8_t *gz = testutil_gzip(image, sizeof(image), &gzlen);
    g_assert_true(g_file_set_contents(kpath, (char *)gz, (gssize)gzlen, &err));
    g_assert_true(g_file_set_contents(rpath, (char *)gz, (gssize)gzlen, &err));

    /* Without a kernel nothing is added; with one, the kernel is gunzipped,
     * the initrd is passed as it is, and the command line defaults to "". */
    fixture_init(&f, true);
    g_assert_true(fw_cfg_add_kernel(f.s, NULL, NULL, NULL, RAM_SIZE, &err));
    g_assert_null(fw_cfg_get_entry(f.s, FW_CFG_CMDLINE_SIZE)->data);
    g_assert_true(fw_cfg_add_kernel(f.s, kpath, rpath, NULL, RAM_SIZE, &err));
    g_assert_no_error(err);
    select_key(&f, FW_CFG_KERNEL_SIZE);
    g_assert_cmpuint(rd(&f, 0, 4), ==, sizeof(image));
    read_item(&f, FW_CFG_KERNEL_DATA, buf, sizeof(image));
    g_assert_cmpmem(buf, sizeof(image), image, sizeof(image));
    select_key(&f, FW_CFG_INITRD_SIZE);
    g_assert_cmpuint(rd(&f, 0, 4), ==, gzlen);
    read_item(&f, FW_CFG_INITRD_DATA, buf, (uint32_t)gzlen);
    g_assert_cmpmem(buf, gzlen, gz, gzlen);
    select_key(&f, FW_CFG_CMDLINE_SIZE);
    g_assert_cmpuint(rd(&f, 0, 4), ==, 1);
    select_key(&f, FW_CFG_CMDLINE_DATA);
    g_assert_cmphex(rd(&f, 0, 8), ==, 0);
    /* None of the x86 loader's items. */
    g_assert_null(fw_cfg_get_entry(f.s, FW_CFG_KERNEL_ADDR)->data);
    g_assert_null(fw_cfg_get_entry(f.s, FW_CFG_SETUP_SIZE)->data);
    fixture_free(&f);

    /* -append; and a kernel DMA'd into RAM as U-Boot's `qfw load` does it. */
    fixture_init(&f, true);
    g_assert_true(fw_cfg_add_kernel(f.s, kpath, NULL, "console=ttyAMA0", RAM_SIZE, &err));
    g_assert_null(fw_cfg_get_entry(f.s, FW_CFG_INITRD_SIZE)->data);
    read_item(&f, FW_CFG_CMDLINE_DATA, buf, 16);
    g_assert_cmpmem(buf, 16, "console=ttyAMA0", 16);
    put_desc(&f, DESC, FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ,
             sizeof(image), BUF);
    dma_go(&f, DESC, false);
    g_assert_cmphex(desc_control(&f, DESC), ==, 0);
    g_assert_cmpmem(ram(&f, BUF), sizeof(image), image, sizeof(image));
    fixture_free(&f);

    /* Errors name the file: missing, or an initrd larger than allowed. */
    fixture_init(&f, true);
    g_autofree char *missing = g_build_filename(dir, "nope", NULL);
    g_assert_false(fw_cfg_add_kernel(f.s, missing, NULL, NULL, RAM_SIZE, &err));
    g_assert_nonnull(strstr(err->message, missing));
    g_clear_error(&err);
    g_assert_false(fw_cfg_add_kernel(f.s, kpath, rpath, NULL, 16, &err));
    g_assert_nonnull(strstr(err->message, rpath));
    g_assert_nonnull(strstr(err->message, "too large"));
    fixture_free(&f);
    g_unlink(kpath);
    g_unlink(rpath);
    testutil_remove_dir(dir);
}

int main(int argc, char **argv)
{
    int fd;
    g_autoptr(GError) err = NULL;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("test-fw-cfg-log-XXXXXX", &log_path, &err);
    g_assert_no_error(err);
    close(fd);
    log_mask = LOG_GUEST_ERROR;
    g_test_add_func("/fw_cfg/signature", test_signature);
    g_test_add_func("/fw_cfg/id", test_id);
    g_test_add_func("/fw_cfg/streaming", test_streaming);
    g_test_add_func("/fw_cfg/file-dir", test_file_dir);
    g_test_add_func("/fw_cfg/common-items", test_common_items);
    g_test_add_func("/fw_cfg/dma-read", test_dma_read);
    g_test_add_func("/fw_cfg/dma-skip-select", test_dma_skip_select);
    g_test_add_func("/fw_cfg/dma-errors", test_dma_errors);
    g_test_add_func("/fw_cfg/bad-accesses", test_bad_accesses);
    g_test_add_func("/fw_cfg/kernel-items", test_kernel_items);
    int ret = g_test_run();
    g_unlink(log_path);
    g_free(log_path);
    return ret;
}
