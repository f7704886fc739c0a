/* test-pflash.c: the CFI flash's command state machine driven through its
 * ROM-device region (the geometry of a mini-virt bank scaled down to four
 * blocks): the query table, the identifier space, program, buffered program,
 * erase, the status register, lock bits, bad sequences, romd switching and the
 * backing file. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "hw/block/pflash.h"
#include "core/log.h"

#define SECTOR 0x40000u
#define BANK (4 * SECTOR)
#define W(n) ((hwaddr)(n) * 4)          /* device word address n on the 32-bit bus */
#define BOTH(v) (((uint32_t)(v) << 16) | (uint32_t)(v))   /* both x16 devices answer */

static PFlashState *make_flash(void)
{
    Object *obj = object_new(TYPE_PFLASH_CFI01);
    GError *err = NULL;

    g_assert_true(object_property_set_str(obj, "name", "test.flash", &err));
    g_assert_true(object_property_set_uint(obj, "size", BANK, &err));
    g_assert_true(object_property_set_uint(obj, "sector-length", SECTOR, &err));
    g_assert_true(object_realize(obj, &err));
    g_assert_no_error(err);
    PFlashState *s = (PFlashState *)obj;
    pflash_fill_erased(s);
    object_reset_tree(obj);
    return s;
}

static uint64_t rd(PFlashState *s, hwaddr off, unsigned size)
{
    uint64_t v;
    g_assert_cmpint(mr_dispatch_read(&s->mem, off, size, &v), ==, MEMTX_OK);
    return v;
}

static void wr(PFlashState *s, hwaddr off, uint64_t v)
{
    g_assert_cmpint(mr_dispatch_write(&s->mem, off, 4, v), ==, MEMTX_OK);
}

static void cmd(PFlashState *s, hwaddr off, uint8_t c)
{
    wr(s, off, BOTH(c));
}

static uint32_t status(PFlashState *s)
{
    cmd(s, 0, 0x70);
    return (uint32_t)rd(s, 0, 4);
}

static void read_array(PFlashState *s)
{
    cmd(s, 0, 0xff);
    g_assert_true(mr_is_romd(&s->mem));
}

static void test_query(void)
{
    PFlashState *s = make_flash();

    cmd(s, W(0x55), 0x98);
    g_assert_false(mr_is_romd(&s->mem));
    g_assert_cmphex(rd(s, W(0x10), 4), ==, BOTH('Q'));
    g_assert_cmphex(rd(s, W(0x11), 4), ==, BOTH('R'));
    g_assert_cmphex(rd(s, W(0x12), 4), ==, BOTH('Y'));
    g_assert_cmphex(rd(s, W(0x13), 4), ==, BOTH(0x01));    /* Intel/Sharp extended */
    g_assert_cmphex(rd(s, W(0x15), 4), ==, BOTH(0x31));    /* its table */
    g_assert_cmphex(rd(s, W(0x27), 4), ==, BOTH(19));      /* 512 KiB a device */
    g_assert_cmphex(rd(s, W(0x28), 4), ==, BOTH(0x02));    /* x8/x16 */
    g_assert_cmphex(rd(s, W(0x2a), 4), ==, BOTH(11));      /* 2 KiB write buffer */
    g_assert_cmphex(rd(s, W(0x2c), 4), ==, BOTH(1));       /* one erase region */
    g_assert_cmphex(rd(s, W(0x2d), 4), ==, BOTH(3));       /* of 4 blocks */
    g_assert_cmphex(rd(s, W(0x2e), 4), ==, 0);
    g_assert_cmphex(rd(s, W(0x2f), 4), ==, 0);             /* 128 KiB a device: 0x0200 */
    g_assert_cmphex(rd(s, W(0x30), 4), ==, BOTH(0x02));
    g_assert_cmphex(rd(s, W(0x31), 4), ==, BOTH('P'));
    g_assert_cmphex(rd(s, W(0x200), 4), ==, 0);            /* past the table */
    /* Narrower reads see their byte lanes of the bus word. */
    g_assert_cmphex(rd(s, W(0x10), 2), ==, 'Q');
    g_assert_cmphex(rd(s, W(0x10) + 2, 2), ==, 'Q');
    g_assert_cmphex(rd(s, W(0x10) + 1, 1), ==, 0);
    /* An 8-byte read is two bus words. */
    g_assert_cmphex(rd(s, W(0x10), 8), ==, ((uint64_t)BOTH('R') << 32) | BOTH('Q'));
    read_array(s);
    g_assert_cmphex(rd(s, W(0x10), 4), ==, 0xffffffff);
    object_unref(OBJECT(s));
}

static void test_ident(void)
{
    PFlashState *s = make_flash();

    cmd(s, 0, 0x90);
    g_assert_cmphex(rd(s, W(0), 4), ==, BOTH(0x89));
    g_assert_cmphex(rd(s, W(1), 4), ==, BOTH(0x18));
    g_assert_cmphex(rd(s, SECTOR + W(2), 4), ==, 0);      /* block 1 unlocked */
    g_assert_cmphex(rd(s, W(1), 2), ==, 0x18);
    read_array(s);
    object_unref(OBJECT(s));
}

static void test_program(void)
{
    PFlashState *s = make_flash();

    cmd(s, 0x100, 0x40);
    wr(s, 0x100, 0x12345678);
    /* After a program the chip shows its status until told otherwise. */
    g_assert_false(mr_is_romd(&s->mem));
    g_assert_cmphex(rd(s, 0x100, 4), ==, BOTH(PFLASH_SR_READY));
    read_array(s);
    g_assert_cmphex(rd(s, 0x100, 4), ==, 0x12345678);
    g_assert_cmphex(rd(s, 0xfc, 4), ==, 0xffffffff);
    /* Programming only clears bits. */
    cmd(s, 0x100, 0x10);
    wr(s, 0x100, 0xffff00ff);
    read_array(s);
    g_assert_cmphex(rd(s, 0x100, 4), ==, 0x12340078);
    object_unref(OBJECT(s));
}

static void test_erase(void)
{
    PFlashState *s = make_flash();

    cmd(s, 0x10, 0x40);
    wr(s, 0x10, 0);
    cmd(s, SECTOR + 0x10, 0x40);
    wr(s, SECTOR + 0x10, 0);
    cmd(s, SECTOR + 0x1234, 0x20);
    cmd(s, SECTOR + 0x1234, 0xd0);
    g_assert_cmphex(rd(s, SECTOR, 4), ==, BOTH(PFLASH_SR_READY));
    read_array(s);
    g_assert_cmphex(rd(s, SECTOR + 0x10, 4), ==, 0xffffffff);  /* its block is erased */
    g_assert_cmphex(rd(s, 0x10, 4), ==, 0);                    /* the others are not */
    /* An erase setup not confirmed is an improper sequence and erases nothing. */
    cmd(s, 0x10, 0x20);
    cmd(s, 0x10, 0x55);
    g_assert_cmphex(rd(s, 0, 4), ==, BOTH(PFLASH_SR_READY | PFLASH_SR_SEQ_ERR));
    cmd(s, 0, 0x50);    /* clear status */
    g_assert_true(mr_is_romd(&s->mem));
    g_assert_cmphex(status(s), ==, BOTH(PFLASH_SR_READY));
    read_array(s);
    g_assert_cmphex(rd(s, 0x10, 4), ==, 0);
    /* Read array instead of the confirm cancels it. */
    cmd(s, 0x10, 0x20);
    cmd(s, 0x10, 0xff);
    g_assert_true(mr_is_romd(&s->mem));
    g_assert_cmphex(rd(s, 0x10, 4), ==, 0);
    object_unref(OBJECT(s));
}

static void test_buffered(void)
{
    PFlashState *s = make_flash();
    const hwaddr base = 2 * SECTOR + 0x800;

    /* As U-Boot does it: the commands at the block's base, the data after. */
    cmd(s, 2 * SECTOR, 0xe8);
    g_assert_cmphex(rd(s, 2 * SECTOR, 4), ==, BOTH(PFLASH_SR_READY));   /* buffer free */
    cmd(s, 2 * SECTOR, 3);          /* 4 writes follow */
    for (unsigned i = 0; i < 4; i++) {
        wr(s, base + 4 * i, 0x11111111u * (i + 1));
    }
    /* Nothing is written before the confirm. */
    g_assert_cmphex(s->mem.ram[base], ==, 0xff);
    cmd(s, 2 * SECTOR, 0xd0);
    g_assert_cmphex(rd(s, 0, 4), ==, BOTH(PFLASH_SR_READY));
    read_array(s);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(rd(s, base + 4 * i, 4), ==, 0x11111111u * (i + 1));
    }
    g_assert_cmphex(rd(s, base + 16, 4), ==, 0xffffffff);

    /* 16-bit writes (U-Boot's x16 view of the bank): 1024 of them fill the buffer. */
    cmd(s, 3 * SECTOR, 0xe8);
    wr(s, 3 * SECTOR, 0x03ff);
    for (unsigned i = 0; i < 1024; i++) {
        g_assert_cmpint(mr_dispatch_write(&s->mem, 3 * SECTOR + 2 * i, 2, i), ==, MEMTX_OK);
    }
    cmd(s, 3 * SECTOR, 0xd0);
    g_assert_cmphex(status(s), ==, BOTH(PFLASH_SR_READY));
    read_array(s);
    g_assert_cmphex(rd(s, 3 * SECTOR + 2 * 1023, 2), ==, 1023);
    g_assert_cmphex(rd(s, 3 * SECTOR + 2048, 2), ==, 0xffff);
    object_unref(OBJECT(s));
}

static void test_buffered_bad(void)
{
    PFlashState *s = make_flash();

    /* A count larger than the buffer. */
    cmd(s, 0, 0xe8);
    wr(s, 0, 0x0400);       /* 1025 writes: the buffer holds 1024 */
    g_assert_cmphex(rd(s, 0, 4), ==, BOTH(PFLASH_SR_READY | PFLASH_SR_SEQ_ERR));
    cmd(s, 0, 0x50);
    /* Data across the buffer's aligned window: refused at the confirm. */
    cmd(s, 0, 0xe8);
    cmd(s, 0, 1);
    wr(s, 0xffc, 0);
    wr(s, 0x1000, 0);
    cmd(s, 0, 0xd0);
    g_assert_cmphex(rd(s, 0, 4) & BOTH(PFLASH_SR_SEQ_ERR), ==, BOTH(PFLASH_SR_SEQ_ERR));
    cmd(s, 0, 0x50);
    /* Anything but the confirm after the data aborts the program. */
    cmd(s, 0, 0xe8);
    cmd(s, 0, 0);
    wr(s, 0x20, 0);
    cmd(s, 0, 0xff);
    g_assert_cmphex(rd(s, 0, 4), ==, BOTH(PFLASH_SR_READY | PFLASH_SR_SEQ_ERR));
    read_array(s);
    g_assert_cmphex(rd(s, 0xffc, 4), ==, 0xffffffff);
    g_assert_cmphex(rd(s, 0x1000, 4), ==, 0xffffffff);
    g_assert_cmphex(rd(s, 0x20, 4), ==, 0xffffffff);
    /* An unknown command. */
    cmd(s, 0, 0x33);
    g_assert_cmphex(rd(s, 0, 4), ==, BOTH(PFLASH_SR_READY | PFLASH_SR_SEQ_ERR));
    cmd(s, 0, 0x50);
    read_array(s);
    object_unref(OBJECT(s));
}

static void test_lock(void)
{
    PFlashState *s = make_flash();
    const hwaddr b2 = 2 * SECTOR;

    cmd(s, b2, 0x60);
    cmd(s, b2, 0x01);
    g_assert_cmphex(rd(s, b2, 4), ==, BOTH(PFLASH_SR_READY));
    cmd(s, 0, 0x90);
    g_assert_cmphex(rd(s, b2 + W(2), 4), ==, BOTH(1));
    g_assert_cmphex(rd(s, SECTOR + W(2), 4), ==, 0);
    /* A locked block refuses program and erase (SR.1 says why). */
    cmd(s, b2 + 0x40, 0x40);
    wr(s, b2 + 0x40, 0);
    g_assert_cmphex(rd(s, 0, 4), ==,
                    BOTH(PFLASH_SR_READY | PFLASH_SR_PROG_ERR | PFLASH_SR_LOCKED));
    cmd(s, 0, 0x50);
    cmd(s, b2, 0x20);
    cmd(s, b2, 0xd0);
    g_assert_cmphex(rd(s, 0, 4), ==,
                    BOTH(PFLASH_SR_READY | PFLASH_SR_ERASE_ERR | PFLASH_SR_LOCKED));
    cmd(s, 0, 0x50);
    read_array(s);
    g_assert_cmphex(rd(s, b2 + 0x40, 4), ==, 0xffffffff);
    /* Another block still programs; then the clear (all blocks) unlocks it. */
    cmd(s, SECTOR, 0x40);
    wr(s, SECTOR, 0);
    g_assert_cmphex(rd(s, 0, 4), ==, BOTH(PFLASH_SR_READY));
    cmd(s, 0, 0x60);
    cmd(s, 0, 0xd0);
    cmd(s, 0, 0x90);
    g_assert_cmphex(rd(s, b2 + W(2), 4), ==, 0);
    cmd(s, b2 + 0x40, 0x40);
    wr(s, b2 + 0x40, 0x5a5a5a5a);
    read_array(s);
    g_assert_cmphex(rd(s, b2 + 0x40, 4), ==, 0x5a5a5a5a);
    object_unref(OBJECT(s));
}

typedef struct Seen {
    int calls;
    hwaddr start;
    uint64_t len;
} Seen;

static void on_code(void *opaque, hwaddr start, uint64_t len)
{
    Seen *seen = opaque;
    seen->calls++;
    seen->start = start;
    seen->len = len;
}

/* Mapped in an address space: a mode switch tells the code listeners which
 * range went stale, and accesses through the space follow the mode. */
static void test_romd_switch(void)
{
    PFlashState *s = make_flash();
    MemoryRegion root;
    Seen seen = { 0 };
    uint64_t v;

    mr_init_container(&root, NULL, "root", 0);
    AddressSpace *as = as_new(&root, "flash-test");
    as_add_code_listener(as, on_code, &seen);
    mr_add_subregion(&root, 0x1000000, &s->mem);
    g_assert_cmpint(as_write_val(as, 0x1000000, 4, BOTH(0x40)), ==, MEMTX_OK);
    g_assert_cmpint(as_write_val(as, 0x1000000, 4, 0xa5a5a5a5), ==, MEMTX_OK);
    g_assert_cmpint(seen.calls, ==, 1);
    g_assert_cmphex(seen.start, ==, 0x1000000);
    g_assert_cmphex(seen.len, ==, BANK);
    g_assert_true(as_is_memory(as, 0x1000000));
    g_assert_null(as_ram_ptr(as, 0x1000000, NULL));
    g_assert_cmpint(as_read_val(as, 0x1000000, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, BOTH(PFLASH_SR_READY));
    g_assert_cmpint(as_write_val(as, 0x1000004, 4, BOTH(0xff)), ==, MEMTX_OK);
    g_assert_cmpint(seen.calls, ==, 2);
    g_assert_cmpint(as_read_val(as, 0x1000000, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0xa5a5a5a5);
    /* The debugger's write goes into the memory, not to the commands. */
    g_assert_cmpint(as_write_rom(as, 0x1000010, "\x12\x34", 2), ==, MEMTX_OK);
    g_assert_true(mr_is_romd(&s->mem));
    g_assert_cmphex(s->mem.ram[0x10] | s->mem.ram[0x11] << 8, ==, 0x3412);
    g_assert_cmpint(seen.calls, ==, 2);
    /* Read array while in read array: no switch. */
    g_assert_cmpint(as_write_val(as, 0x1000004, 4, BOTH(0xff)), ==, MEMTX_OK);
    g_assert_cmpint(seen.calls, ==, 2);
    GString *mt = g_string_new(NULL);
    mtree_print(mt, false);
    g_assert_nonnull(strstr(mt->str, "0000000001000000-00000000010fffff (prio 0, romd): test.flash"));
    g_string_free(mt, TRUE);
    mr_del_subregion(&root, &s->mem);
    as_free(as);
    mr_destroy(&root);
    object_unref(OBJECT(s));
}

static char *tmp_file(const char *name, const void *data, size_t len)
{
    char *dir = g_dir_make_tmp("pflash-XXXXXX", NULL);
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
    g_free(dir);
    return path;
}

static void test_file(void)
{
    PFlashState *s = make_flash();
    uint8_t pat[8192];
    GError *err = NULL;
    g_autofree gchar *back = NULL;
    gsize len;

    for (unsigned i = 0; i < sizeof(pat); i++) {
        pat[i] = (uint8_t)(i * 7);
    }
    g_autofree char *path = tmp_file("flash.img", pat, sizeof(pat));
    g_assert_true(pflash_attach_file(s, path, false, &err));
    g_assert_no_error(err);
    g_assert_cmphex(rd(s, 4, 4), ==, 0x312a231c);           /* bytes 28, 35, 42, 49 */
    g_assert_cmphex(rd(s, sizeof(pat), 4), ==, 0xffffffff); /* past the file: erased */
    /* A program is in the file at once. */
    cmd(s, 0, 0x40);
    wr(s, 0, 0);
    g_assert_true(g_file_get_contents(path, &back, &len, NULL));
    g_assert_cmpuint(len, ==, sizeof(pat));
    g_assert_cmphex(((uint8_t *)back)[0] | ((uint8_t *)back)[3], ==, 0);
    g_assert_cmphex(((uint8_t *)back)[4], ==, 0x1c);
    g_clear_pointer(&back, g_free);
    /* An erase too (the file grows to the block's end). */
    cmd(s, SECTOR, 0x20);
    cmd(s, SECTOR, 0xd0);
    cmd(s, 0, 0x20);
    cmd(s, 0, 0xd0);
    g_assert_true(g_file_get_contents(path, &back, &len, NULL));
    g_assert_cmpuint(len, ==, 2 * SECTOR);
    g_assert_cmphex(((uint8_t *)back)[4], ==, 0xff);
    g_clear_pointer(&back, g_free);
    read_array(s);

    /* Read-only: the guest's program fails with SR.4, the file is untouched. */
    PFlashState *ro = make_flash();
    g_assert_true(pflash_attach_file(ro, path, true, &err));
    cmd(ro, 0, 0x40);
    wr(ro, 0, 0);
    g_assert_cmphex(rd(ro, 0, 4), ==, BOTH(PFLASH_SR_READY | PFLASH_SR_PROG_ERR));
    read_array(ro);
    g_assert_cmphex(rd(ro, 0, 4), ==, 0xffffffff);
    g_assert_true(g_file_get_contents(path, &back, &len, NULL));
    g_assert_cmphex(((uint8_t *)back)[0], ==, 0xff);
    g_clear_pointer(&back, g_free);

    /* Too large, missing. */
    g_assert_true(truncate(path, BANK + 1) == 0);
    g_assert_false(pflash_attach_file(ro, path, true, &err));
    g_assert_nonnull(strstr(err->message, "is larger than the flash bank"));
    g_assert_nonnull(strstr(err->message, path));
    g_clear_error(&err);
    unlink(path);
    g_assert_false(pflash_attach_file(ro, path, false, &err));
    g_assert_nonnull(strstr(err->message, "could not open flash file"));
    g_clear_error(&err);
    g_autofree char *dir = g_path_get_dirname(path);
    rmdir(dir);
    object_unref(OBJECT(ro));
    object_unref(OBJECT(s));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pflash/query", test_query);
    g_test_add_func("/pflash/ident", test_ident);
    g_test_add_func("/pflash/program", test_program);
    g_test_add_func("/pflash/erase", test_erase);
    g_test_add_func("/pflash/buffered", test_buffered);
    g_test_add_func("/pflash/buffered-bad", test_buffered_bad);
    g_test_add_func("/pflash/lock", test_lock);
    g_test_add_func("/pflash/romd-switch", test_romd_switch);
    g_test_add_func("/pflash/file", test_file);
    return g_test_run();
}
