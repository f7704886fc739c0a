/* test-memory.c: unit tests for the memory tree: flattening, aliases,
 * priorities, accesses, MMIO size rules, listeners and `info mtree`. */
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"
#include "testutil.h"
#include "core/memory.h"

/* ---- helpers ---------------------------------------------------------- */

/* "start-last name@offset" per range, space separated: easy to compare. */
static char *fv_str(FlatView *fv)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < fv->nr; i++) {
        const FlatRange *fr = &fv->ranges[i];
        g_string_append_printf(s, "%s%" PRIx64 "-%" PRIx64 " %s@%" PRIx64,
                               i ? " " : "", fr->start, fr->start + (fr->size - 1),
                               fr->mr->name, fr->offset_in_region);
    }
    return g_string_free(s, FALSE);
}

static void check_view(AddressSpace *as, const char *expect)
{
    g_autofree char *got = fv_str(as_get_flatview(as));
    g_assert_cmpstr(got, ==, expect);
}

/* A view must be sorted, non-overlapping and free of empty ranges. */
static void check_invariants(FlatView *fv)
{
    for (unsigned i = 0; i < fv->nr; i++) {
        g_assert_cmpuint(fv->ranges[i].size, >, 0);
        if (i > 0) {
            const FlatRange *a = &fv->ranges[i - 1];
            g_assert_cmpuint(a->start + (a->size - 1), <, fv->ranges[i].start);
        }
    }
}

static MemoryRegion *ram_new(const char *name, uint64_t size)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    g_autoptr(GError) err = NULL;

    g_assert_true(mr_init_ram(mr, NULL, name, size, &err));
    g_assert_no_error(err);
    return mr;
}

static MemoryRegion *container_new(const char *name, uint64_t size)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    mr_init_container(mr, NULL, name, size);
    return mr;
}

static void mr_free(MemoryRegion *mr)
{
    mr_destroy(mr);
    g_free(mr);
}

/* A device that records every callback and answers with a pattern. */
typedef struct Dev {
    GString *trace;
    uint8_t regs[0x100];
} Dev;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    Dev *d = opaque;
    uint64_t v = 0;

    g_string_append_printf(d->trace, "r%" PRIx64 "/%u ", addr, size);
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)d->regs[(addr + i) & 0xff] << (8 * i);
    }
    return v;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    Dev *d = opaque;

    g_string_append_printf(d->trace, "w%" PRIx64 "/%u=%" PRIx64 " ", addr, size, val);
    for (unsigned i = 0; i < size; i++) {
        d->regs[(addr + i) & 0xff] = (uint8_t)(val >> (8 * i));
    }
}

static Dev *dev_new(void)
{
    Dev *d = g_new0(Dev, 1);
    d->trace = g_string_new(NULL);
    for (unsigned i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = (uint8_t)(0x10 + i);
    }
    return d;
}

static void dev_free(Dev *d)
{
    g_string_free(d->trace, TRUE);
    g_free(d);
}

static const MemoryRegionOps any_ops = { .read = dev_read, .write = dev_write };

static MemoryRegion *io_new(const char *name, uint64_t size, const MemoryRegionOps *ops,
                            void *opaque)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    mr_init_io(mr, NULL, ops ? ops : &any_ops, opaque, name, size);
    return mr;
}

/* The log goes to a file the tests read back. */
static char *log_path;

static void log_reset(void) { testutil_log_reset(log_path); }
static char *log_text(void) { return testutil_log_text(log_path); }

/* ---- flattening ------------------------------------------------------- */

static void test_equal_priority_later_wins(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *a = ram_new("a", 0x1000);
    MemoryRegion *b = io_new("b", 0x1000, NULL, NULL);
    MemoryRegion *c = io_new("c", 0x100, NULL, NULL);
    AddressSpace *as = as_new(root, "t");

    check_view(as, "");
    mr_add_subregion(root, 0x0, a);
    mr_add_subregion(root, 0x800, b);
    check_view(as, "0-7ff a@0 800-17ff b@0");
    /* Added last, c punches a hole into a. */
    mr_add_subregion(root, 0x400, c);
    check_view(as, "0-3ff a@0 400-4ff c@0 500-7ff a@500 800-17ff b@0");
    check_invariants(as_get_flatview(as));
    /* Re-adding a makes it the newest: now it covers b's first half and c. */
    mr_del_subregion(root, a);
    mr_add_subregion(root, 0x0, a);
    check_view(as, "0-fff a@0 1000-17ff b@800");

    as_free(as);
    mr_free(root);
    mr_free(a);
    mr_free(b);
    mr_free(c);
}

static void test_higher_priority_wins(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *hi = io_new("hi", 0x100, NULL, NULL);
    MemoryRegion *lo = ram_new("lo", 0x1000);
    MemoryRegion *neg = ram_new("neg", 0x4000);
    AddressSpace *as = as_new(root, "t");

    /* Added first, yet it wins over the later, lower ones. */
    mr_add_subregion_overlap(root, 0x200, hi, 5);
    mr_add_subregion_overlap(root, 0x0, lo, 0);
    mr_add_subregion_overlap(root, 0x0, neg, -1);
    check_view(as, "0-1ff lo@0 200-2ff hi@0 300-fff lo@300 1000-3fff neg@1000");
    g_assert_true(root->subregions->pdata[0] == hi);
    g_assert_true(root->subregions->pdata[2] == neg);

    as_free(as);
    mr_free(root);
    mr_free(hi);
    mr_free(lo);
    mr_free(neg);
}

static void test_nested_containers(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *bus = container_new("bus", 0x10000);
    MemoryRegion *inner = container_new("inner", 0x1000);
    MemoryRegion *d1 = io_new("d1", 0x100, NULL, NULL);
    MemoryRegion *d2 = io_new("d2", 0x200, NULL, NULL);
    MemoryRegion *d3 = io_new("d3", 0x10, NULL, NULL);
    MemoryRegion *under = ram_new("under", 0x40000);
    AddressSpace *as = as_new(root, "t");

    mr_add_subregion(inner, 0x20, d3);
    mr_add_subregion(bus, 0x100, d1);
    mr_add_subregion(bus, 0xff00, d2);          /* sticks out: clipped to the bus */
    mr_add_subregion(bus, 0x4000, inner);
    mr_add_subregion_overlap(root, 0x10000, bus, 1);
    /* The bus is transparent where it has no subregion: 'under' shows through. */
    mr_add_subregion(root, 0x0, under);
    check_view(as, "0-100ff under@0 10100-101ff d1@0 10200-1401f under@10200 "
                   "14020-1402f d3@0 14030-1feff under@14030 1ff00-1ffff d2@0 "
                   "20000-3ffff under@20000");
    check_invariants(as_get_flatview(as));

    as_free(as);
    mr_free(root);
    mr_free(bus);
    mr_free(inner);
    mr_free(d1);
    mr_free(d2);
    mr_free(d3);
    mr_free(under);
}

static void test_aliases(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *ram = ram_new("ram", 0x10000);
    MemoryRegion *win = g_new0(MemoryRegion, 1);
    MemoryRegion *bank = container_new("bank", 0x1000);
    MemoryRegion *bio = io_new("bio", 0x100, NULL, NULL);
    MemoryRegion *bram = ram_new("bram", 0x100);
    MemoryRegion *bwin = g_new0(MemoryRegion, 1);
    MemoryRegion *win2 = g_new0(MemoryRegion, 1);
    AddressSpace *as = as_new(root, "t");

    /* A window onto unmapped RAM, at an offset. */
    mr_init_alias(win, NULL, "win", ram, 0x2000, 0x1000);
    mr_add_subregion(root, 0x50000, win);
    check_view(as, "50000-50fff ram@2000");

    /* An alias of a container that is itself mapped elsewhere: the target's
     * own address must not leak into the window. */
    mr_add_subregion(bank, 0x100, bio);
    mr_add_subregion(bank, 0x800, bram);
    mr_add_subregion(root, 0x200000, bank);
    mr_init_alias(bwin, NULL, "bwin", bank, 0x80, 0x800);
    mr_add_subregion(root, 0x90000, bwin);
    check_view(as, "50000-50fff ram@2000 90080-9017f bio@0 90780-907ff bram@0 "
                   "200100-2001ff bio@0 200800-2008ff bram@0");

    /* An alias of an alias, starting inside the first window. */
    mr_init_alias(win2, NULL, "win2", win, 0x800, 0x1000);
    mr_add_subregion(root, 0x70000, win2);
    check_view(as, "50000-50fff ram@2000 70000-707ff ram@2800 90080-9017f bio@0 "
                   "90780-907ff bram@0 200100-2001ff bio@0 200800-2008ff bram@0");

    /* Accesses through the alias land in the target. */
    g_assert_cmpint(as_write_val(as, 0x70010, 4, 0xdeadbeef), ==, MEMTX_OK);
    g_assert_cmphex(ram->ram[0x2810], ==, 0xef);
    g_assert_cmphex(ram->ram[0x2813], ==, 0xde);

    /* Disabling the target hides every window onto it. */
    mr_set_enabled(bio, false);
    check_view(as, "50000-50fff ram@2000 70000-707ff ram@2800 "
                   "90780-907ff bram@0 200800-2008ff bram@0");

    as_free(as);
    mr_free(root);
    mr_free(win2);
    mr_free(win);
    mr_free(bwin);
    mr_free(bank);
    mr_free(bio);
    mr_free(bram);
    mr_free(ram);
}

static void test_alias_cycle_is_bounded(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *ram = ram_new("ram", 0x1000);
    MemoryRegion *loop = g_new0(MemoryRegion, 1);
    AddressSpace *as = as_new(root, "t");

    /* A (broken) board aliasing its own root: rendering must terminate. */
    mr_init_alias(loop, NULL, "loop", root, 0, 0x10000);
    mr_add_subregion_overlap(root, 0, loop, 1);
    mr_add_subregion(root, 0, ram);
    FlatView *fv = as_get_flatview(as);
    check_invariants(fv);
    g_assert_cmpuint(fv->nr, ==, 1);
    const FlatRange *fr = flatview_lookup(fv, 0x10);
    g_assert_nonnull(fr);
    g_assert_true(fr->mr == ram);
    g_assert_cmphex(fr->start, ==, 0);
    g_assert_cmphex(fr->size, ==, 0x1000);
    g_assert_cmphex(fr->offset_in_region, ==, 0);
    g_assert_null(flatview_lookup(fv, 0x1000));

    as_free(as);
    mr_free(root);
    mr_free(loop);
    mr_free(ram);
}

static void test_remove_readd(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *a = ram_new("a", 0x1000);
    MemoryRegion *b = ram_new("b", 0x1000);
    AddressSpace *as = as_new(root, "t");

    mr_add_subregion(root, 0x1000, a);
    mr_add_subregion(root, 0x3000, b);
    check_view(as, "1000-1fff a@0 3000-3fff b@0");
    mr_del_subregion(root, a);
    g_assert_null(a->container);
    check_view(as, "3000-3fff b@0");
    /* Deleting twice, or from the wrong parent, is refused harmlessly. */
    mr_del_subregion(root, a);
    mr_add_subregion(root, 0x8000, a);
    check_view(as, "3000-3fff b@0 8000-8fff a@0");
    /* Adding a region already mapped, or a container into itself, is refused. */
    mr_add_subregion(root, 0x9000, a);
    mr_add_subregion(root, 0x0, root);
    check_view(as, "3000-3fff b@0 8000-8fff a@0");
    g_assert_true(a->container == root);

    as_free(as);
    mr_free(root);
    mr_free(a);
    mr_free(b);
}

static void test_enable_disable(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *ram = ram_new("ram", 0x1000);
    MemoryRegion *io = io_new("io", 0x100, NULL, NULL);
    MemoryRegion *bus = container_new("bus", 0x1000);
    MemoryRegion *d = io_new("d", 0x10, NULL, NULL);
    AddressSpace *as = as_new(root, "t");

    mr_add_subregion(root, 0, ram);
    mr_add_subregion_overlap(root, 0x100, io, 1);
    mr_add_subregion(bus, 0, d);
    mr_add_subregion(root, 0x4000, bus);
    check_view(as, "0-ff ram@0 100-1ff io@0 200-fff ram@200 4000-400f d@0");
    mr_set_enabled(io, false);
    check_view(as, "0-fff ram@0 4000-400f d@0");
    /* A disabled container hides everything under it. */
    mr_set_enabled(bus, false);
    check_view(as, "0-fff ram@0");
    mr_set_enabled(io, true);
    mr_set_enabled(bus, true);
    check_view(as, "0-ff ram@0 100-1ff io@0 200-fff ram@200 4000-400f d@0");

    as_free(as);
    mr_free(root);
    mr_free(ram);
    mr_free(io);
    mr_free(bus);
    mr_free(d);
}

static void test_set_address(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *a = ram_new("a", 0x1000);
    MemoryRegion *b = ram_new("b", 0x1000);
    MemoryRegion *loose = ram_new("loose", 0x1000);
    AddressSpace *as = as_new(root, "t");

    mr_add_subregion(root, 0x0, a);
    mr_add_subregion(root, 0x10000, b);
    check_view(as, "0-fff a@0 10000-10fff b@0");
    /* Moved onto b's range: as QEMU, the moved region is re-added and so is
     * the newest of its priority; it wins the overlap. */
    mr_set_address(a, 0x10800);
    g_assert_cmphex(a->addr, ==, 0x10800);
    check_view(as, "10000-107ff b@0 10800-117ff a@0");
    mr_set_address(b, 0x10000);     /* no change: order kept */
    check_view(as, "10000-107ff b@0 10800-117ff a@0");
    mr_set_address(b, 0x10400);
    check_view(as, "10400-113ff b@0 11400-117ff a@c00");
    /* An unmapped region just records its address. */
    mr_set_address(loose, 0x1234);
    g_assert_cmphex(loose->addr, ==, 0x1234);

    as_free(as);
    mr_free(root);
    mr_free(a);
    mr_free(b);
    mr_free(loose);
}

static void test_top_of_space(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *top = ram_new("top", 0x1000);
    MemoryRegion *big = ram_new("big", 0x2000);
    MemoryRegion *bus = container_new("bus", 0x10000);
    MemoryRegion *d = io_new("d", 0x100, NULL, NULL);
    AddressSpace *as = as_new(root, "t");
    uint8_t buf[8];
    uint64_t v, contig;

    mr_add_subregion(root, UINT64_C(0xfffffffffffff000), top);
    /* Sticks out past 2^64: only the part below it is visible. */
    mr_add_subregion(root, UINT64_C(0xffffffffffffe800), big);
    mr_add_subregion(bus, 0xff80, d);
    mr_add_subregion(root, UINT64_C(0xfffffffffff00000), bus);
    check_view(as, "fffffffffff0ff80-fffffffffff0ffff d@0 "
                   "ffffffffffffe800-ffffffffffffffff big@0");
    FlatView *fv = as_get_flatview(as);
    check_invariants(fv);
    const FlatRange *fr = flatview_lookup(fv, UINT64_MAX);
    g_assert_nonnull(fr);
    g_assert_true(fr->mr == big);
    g_assert_cmphex(fr->size, ==, 0x1800);
    g_assert_null(flatview_lookup(fv, 0));

    mr_del_subregion(root, big);
    check_view(as, "fffffffffff0ff80-fffffffffff0ffff d@0 "
                   "fffffffffffff000-ffffffffffffffff top@0");
    g_assert_cmpint(as_write_val(as, UINT64_MAX - 7, 8, UINT64_C(0x0102030405060708)),
                    ==, MEMTX_OK);
    g_assert_cmpint(as_read_val(as, UINT64_MAX - 7, 8, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, UINT64_C(0x0102030405060708));
    g_assert_true(as_ram_ptr(as, UINT64_MAX, &contig) == top->ram + 0xfff);
    g_assert_cmphex(contig, ==, 1);

    /* Past 2^64 nothing is mapped: no wrap to address 0. */
    memset(buf, 0xee, sizeof(buf));
    g_assert_cmpint(as_read(as, UINT64_MAX - 1, buf, 4), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(buf[0], ==, 0x02);
    g_assert_cmphex(buf[1], ==, 0x01);
    g_assert_cmphex(buf[2], ==, 0);
    g_assert_cmphex(buf[3], ==, 0);
    g_assert_cmphex(buf[4], ==, 0xee);
    g_assert_cmpint(as_read_val(as, UINT64_MAX, 2, &v), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0x01);
    g_assert_cmpint(as_write(as, UINT64_MAX, "\xaa\xbb", 2), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(top->ram[0xfff], ==, 0xaa);

    as_free(as);
    mr_free(root);
    mr_free(top);
    mr_free(big);
    mr_free(bus);
    mr_free(d);
}

/* ---- listeners and view lifetime -------------------------------------- */

typedef struct ListenCtx {
    AddressSpace *as;
    int calls;
    unsigned last_nr;
} ListenCtx;

static void on_change(void *opaque)
{
    ListenCtx *c = opaque;
    c->calls++;
    /* Re-entering the API from a listener must not deadlock. */
    c->last_nr = as_get_flatview(c->as)->nr;
}

static void test_listeners(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *a = ram_new("a", 0x1000);
    AddressSpace *as = as_new(root, "t");
    ListenCtx c = { .as = as };

    as_add_listener(as, on_change, &c);
    mr_add_subregion(root, 0, a);
    g_assert_cmpint(c.calls, ==, 1);
    g_assert_cmpuint(c.last_nr, ==, 1);
    mr_set_enabled(a, false);
    g_assert_cmpint(c.calls, ==, 2);
    g_assert_cmpuint(c.last_nr, ==, 0);
    mr_set_enabled(a, false);           /* no change, no call */
    g_assert_cmpint(c.calls, ==, 2);
    mr_set_enabled(a, true);
    mr_set_address(a, 0x4000);
    mr_del_subregion(root, a);
    g_assert_cmpint(c.calls, ==, 5);
    g_assert_cmpuint(c.last_nr, ==, 0);

    as_free(as);
    mr_free(root);
    mr_free(a);
}

static void test_old_view_survives(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *a = ram_new("a", 0x1000);
    MemoryRegion *b = ram_new("b", 0x1000);
    AddressSpace *as = as_new(root, "t");

    mr_add_subregion(root, 0, a);
    FlatView *old = as_get_flatview(as);
    flatview_ref(old);
    g_assert_true(as_get_flatview(as) == old);      /* no change: same view */
    /* Several changes and re-renders: the old view must stay intact. */
    for (int i = 0; i < 4; i++) {
        mr_add_subregion(root, 0x1000, b);
        g_assert_true(as_get_flatview(as) != old);
        g_assert_cmpuint(as_get_flatview(as)->nr, ==, 2);
        mr_del_subregion(root, b);
        g_assert_cmpuint(as_get_flatview(as)->nr, ==, 1);
    }
    g_assert_cmpuint(old->nr, ==, 1);
    g_assert_true(old->ranges[0].mr == a);
    g_assert_cmphex(old->ranges[0].size, ==, 0x1000);
    g_assert_nonnull(flatview_lookup(old, 0xfff));
    g_assert_null(flatview_lookup(old, 0x1000));
    flatview_unref(old);

    /* A view outlives its address space when someone holds it. */
    FlatView *last = as_get_flatview(as);
    flatview_ref(last);
    as_free(as);
    g_assert_cmpuint(last->nr, ==, 1);
    flatview_unref(last);

    mr_free(root);
    mr_free(a);
    mr_free(b);
}

static void test_lookup_binary(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *r[64];
    AddressSpace *as = as_new(root, "t");

    /* 64 ranges with holes between them; check every edge. */
    for (int i = 0; i < 64; i++) {
        g_autofree char *n = g_strdup_printf("r%d", i);
        r[i] = io_new(n, 0x100, NULL, NULL);
        mr_add_subregion(root, (hwaddr)i * 0x1000 + 0x800, r[i]);
    }
    FlatView *fv = as_get_flatview(as);
    g_assert_cmpuint(fv->nr, ==, 64);
    for (int i = 0; i < 64; i++) {
        hwaddr s = (hwaddr)i * 0x1000 + 0x800;
        g_assert_null(flatview_lookup(fv, s - 1));
        g_assert_true(flatview_lookup(fv, s)->mr == r[i]);
        g_assert_true(flatview_lookup(fv, s + 0xff)->mr == r[i]);
        g_assert_null(flatview_lookup(fv, s + 0x100));
    }
    g_assert_null(flatview_lookup(fv, UINT64_MAX));
    g_assert_null(flatview_lookup(NULL, 0));

    as_free(as);
    mr_free(root);
    for (int i = 0; i < 64; i++) {
        mr_free(r[i]);
    }
}

/* ---- accesses --------------------------------------------------------- */

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static void test_rw_boundaries(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *ram1 = ram_new("ram1", 0x100);
    MemoryRegion *ram2 = ram_new("ram2", 0xe0);
    Dev *d = dev_new();
    MemoryRegion *io = io_new("io", 0x10, NULL, d);
    AddressSpace *as = as_new(root, "t");
    uint8_t in[0x200], out[0x200];

    /* ram1 [0,100) io [100,110) hole [110,120) ram2 [120,200) */
    mr_add_subregion(root, 0x0, ram1);
    mr_add_subregion(root, 0x100, io);
    mr_add_subregion(root, 0x120, ram2);
    for (unsigned i = 0; i < sizeof(in); i++) {
        in[i] = (uint8_t)(i * 7 + 3);
    }
    log_reset();
    g_assert_cmpint(as_write(as, 0xfa, in + 0xfa, 0x100), ==, MEMTX_DECODE_ERROR);
    /* The IO part went in the largest aligned pieces: 8 then 8. */
    {
        g_autofree char *expect = g_strdup_printf("w0/8=%" PRIx64 " w8/8=%" PRIx64 " ",
                                                  le64(in + 0x100), le64(in + 0x108));
        g_assert_cmpstr(d->trace->str, ==, expect);
    }
    g_assert_cmpmem(ram1->ram + 0xfa, 6, in + 0xfa, 6);
    g_assert_cmpmem(ram2->ram, 0xda, in + 0x120, 0xda);
    {
        g_autofree char *log = log_text();
        g_assert_nonnull(strstr(log, "Invalid write at addr 0x110, size 16, "
                                     "region '(null)', reason: rejected"));
    }

    /* Read back; the hole reads as zeros. */
    g_string_truncate(d->trace, 0);
    memset(out, 0x55, sizeof(out));
    log_reset();
    g_assert_cmpint(as_read(as, 0xfa, out + 0xfa, 0x100), ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(out + 0xfa, 0x16, in + 0xfa, 0x16);
    for (unsigned i = 0x110; i < 0x120; i++) {
        g_assert_cmphex(out[i], ==, 0);
    }
    g_assert_cmpmem(out + 0x120, 0xda, in + 0x120, 0xda);
    g_assert_cmphex(out[0x1fa], ==, 0x55);          /* nothing past len */
    g_assert_cmpstr(d->trace->str, ==, "r0/8 r8/8 ");
    {
        g_autofree char *log = log_text();
        g_assert_nonnull(strstr(log, "Invalid read at addr 0x110, size 16, "
                                     "region '(null)', reason: rejected"));
    }

    /* An unaligned IO span is cut into naturally aligned pieces. */
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(as_read(as, 0x103, out, 11), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r3/1 r4/4 r8/4 rc/2 ");
    g_assert_cmpmem(out, 11, in + 0x103, 11);

    /* Fully mapped: OK; zero length: OK and no callback. */
    g_assert_cmpint(as_read(as, 0x0, out, 0x100), ==, MEMTX_OK);
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(as_read(as, 0x100, out, 0), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "");

    /* A value access straddling RAM and IO is split bytewise. */
    uint64_t v;
    g_assert_cmpint(as_read_val(as, 0xfe, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, (uint64_t)in[0xfe] | (uint64_t)in[0xff] << 8 |
                           (uint64_t)in[0x100] << 16 | (uint64_t)in[0x101] << 24);
    g_assert_cmpint(as_write_val(as, 0x10e, 4, 0xa1b2c3d4), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(d->regs[0xe], ==, 0xd4);
    g_assert_cmphex(d->regs[0xf], ==, 0xc3);
    g_assert_cmpint(as_read_val(as, 0x11e, 4, &v), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, (uint64_t)in[0x120] << 16 | (uint64_t)in[0x121] << 24);

    /* Bad value sizes are refused. */
    g_assert_cmpint(as_read_val(as, 0, 3, &v), ==, MEMTX_ERROR);
    g_assert_cmpint(as_write_val(as, 0, 16, 0), ==, MEMTX_ERROR);

    as_free(as);
    mr_free(root);
    mr_free(ram1);
    mr_free(ram2);
    mr_free(io);
    dev_free(d);
}

static void test_unassigned(void)
{
    MemoryRegion *root = container_new("root", 0);
    AddressSpace *as = as_new(root, "t");
    uint64_t v = 0x1234;
    uint8_t buf[16];

    log_reset();
    g_assert_cmpint(as_read_val(as, 0x9000000, 4, &v), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpint(as_write_val(as, 0x9000000, 8, 1), ==, MEMTX_DECODE_ERROR);
    memset(buf, 0xff, sizeof(buf));
    g_assert_cmpint(as_read(as, 0x100, buf, sizeof(buf)), ==, MEMTX_DECODE_ERROR);
    for (unsigned i = 0; i < sizeof(buf); i++) {
        g_assert_cmphex(buf[i], ==, 0);
    }
    g_autofree char *log = log_text();
    g_assert_nonnull(strstr(log, "Invalid read at addr 0x9000000, size 4, "
                                 "region '(null)', reason: rejected\n"));
    g_assert_nonnull(strstr(log, "Invalid write at addr 0x9000000, size 8, "
                                 "region '(null)', reason: rejected\n"));
    g_assert_null(as_ram_ptr(as, 0x100, NULL));

    as_free(as);
    mr_free(root);
}

/* ---- MMIO size rules -------------------------------------------------- */

static const MemoryRegionOps ops_w32 = {
    .read = dev_read, .write = dev_write,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};
static const MemoryRegionOps ops_impl4 = {
    .read = dev_read, .write = dev_write,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};
static const MemoryRegionOps ops_unaligned = {
    .read = dev_read, .write = dev_write,
    .valid = { .min_access_size = 4, .max_access_size = 4, .unaligned = true },
};
static const MemoryRegionOps ops_null = { .read = NULL, .write = NULL };

static void test_mmio_valid_sizes(void)
{
    MemoryRegion *root = container_new("root", 0);
    Dev *d = dev_new();
    MemoryRegion *io = io_new("w32", 0x100, &ops_w32, d);
    AddressSpace *as = as_new(root, "t");
    uint64_t v;

    mr_add_subregion(root, 0x1000, io);
    log_reset();
    g_assert_cmpint(as_read_val(as, 0x1004, 1, &v), ==, MEMTX_ERROR);
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpint(as_read_val(as, 0x1004, 8, &v), ==, MEMTX_ERROR);
    g_assert_cmpint(as_write_val(as, 0x1004, 2, 0xffff), ==, MEMTX_ERROR);
    g_assert_cmpint(as_read_val(as, 0x1002, 4, &v), ==, MEMTX_ERROR);   /* unaligned */
    g_assert_cmpstr(d->trace->str, ==, "");         /* the device never saw them */
    g_assert_cmpint(as_read_val(as, 0x1004, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x17161514);
    g_assert_cmpint(as_write_val(as, 0x1008, 4, 0xcafef00d), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r4/4 w8/4=cafef00d ");
    {
        g_autofree char *log = log_text();
        g_assert_nonnull(strstr(log, "Invalid read at addr 0x4, size 1, region 'w32', "
                                     "reason: invalid size (min:4 max:4)"));
        g_assert_nonnull(strstr(log, "Invalid read at addr 0x2, size 4, region 'w32', "
                                     "reason: unaligned"));
    }
    /* Direct dispatch: out of the region, and a non-power-of-two size. */
    g_assert_cmpint(mr_dispatch_read(io, 0x100, 4, &v), ==, MEMTX_DECODE_ERROR);
    g_assert_cmpint(mr_dispatch_read(io, 0xfc, 4, &v), ==, MEMTX_OK);
    g_assert_cmpint(mr_dispatch_write(io, 0, 3, 0), ==, MEMTX_ERROR);

    /* valid.unaligned allows the straddling access. */
    MemoryRegion *ua = io_new("ua", 0x100, &ops_unaligned, d);
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(mr_dispatch_read(ua, 0x2, 4, &v), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r2/4 ");

    as_free(as);
    mr_free(root);
    mr_free(io);
    mr_free(ua);
    dev_free(d);
}

static void test_mmio_impl_sizes(void)
{
    Dev *d = dev_new();
    MemoryRegion *io = io_new("impl4", 0x100, &ops_impl4, d);
    uint64_t v;

    /* Wider than impl.max: two 4-byte callbacks, little-endian assembly. */
    g_assert_cmpint(mr_dispatch_read(io, 0x8, 8, &v), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r8/4 rc/4 ");
    g_assert_cmphex(v, ==, UINT64_C(0x1f1e1d1c1b1a1918));
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(mr_dispatch_write(io, 0x10, 8, UINT64_C(0x1122334455667788)), ==,
                    MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "w10/4=55667788 w14/4=11223344 ");

    /* Narrower than impl.min: the containing word is read, the byte extracted. */
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(mr_dispatch_read(io, 0x23, 1, &v), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r20/4 ");
    g_assert_cmphex(v, ==, 0x33);
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(mr_dispatch_read(io, 0x26, 2, &v), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r24/4 ");
    g_assert_cmphex(v, ==, 0x3736);
    /* A narrow unaligned read straddling two words reads both. */
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(mr_dispatch_read(io, 0x2b, 2, &v), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "r28/4 r2c/4 ");
    g_assert_cmphex(v, ==, 0x3c3b);

    /* A narrow write is widened with zeros: no read-modify-write. */
    g_string_truncate(d->trace, 0);
    g_assert_cmpint(mr_dispatch_write(io, 0x32, 1, 0x1ab), ==, MEMTX_OK);
    g_assert_cmpstr(d->trace->str, ==, "w30/4=ab0000 ");

    /* NULL callbacks: reads are zero, writes vanish, both succeed. */
    MemoryRegion *null_io = io_new("null", 0x10, &ops_null, NULL);
    v = 99;
    g_assert_cmpint(mr_dispatch_read(null_io, 0, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpint(mr_dispatch_write(null_io, 0, 4, 5), ==, MEMTX_OK);

    mr_free(io);
    mr_free(null_io);
    dev_free(d);
}

static void test_ram_ptr(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *ram = ram_new("ram", 0x1000);
    MemoryRegion *next = ram_new("next", 0x1000);
    MemoryRegion *io = io_new("io", 0x100, NULL, NULL);
    AddressSpace *as = as_new(root, "t");
    uint64_t contig = 77;

    mr_add_subregion(root, 0x1000, ram);
    mr_add_subregion_overlap(root, 0x1800, io, 1);
    mr_add_subregion(root, 0x2000, next);
    g_assert_true(as_ram_ptr(as, 0x1000, &contig) == ram->ram);
    g_assert_cmphex(contig, ==, 0x800);
    g_assert_true(as_ram_ptr(as, 0x1900, &contig) == ram->ram + 0x900);
    g_assert_cmphex(contig, ==, 0x700);
    /* Adjacent RAM of another region is not contiguous host memory. */
    g_assert_true(as_ram_ptr(as, 0x1fff, &contig) == ram->ram + 0xfff);
    g_assert_cmphex(contig, ==, 1);
    g_assert_true(as_ram_ptr(as, 0x2000, &contig) == next->ram);
    g_assert_cmphex(contig, ==, 0x1000);
    g_assert_null(as_ram_ptr(as, 0x1800, &contig));
    g_assert_cmphex(contig, ==, 0);
    contig = 77;
    g_assert_null(as_ram_ptr(as, 0x5000, &contig));
    g_assert_cmphex(contig, ==, 0);

    /* RAM is zeroed and writable through the pointer. */
    g_assert_cmphex(ram->ram[0x10], ==, 0);
    as_ram_ptr(as, 0x1010, NULL)[0] = 0x42;
    uint64_t v;
    g_assert_cmpint(as_read_val(as, 0x1010, 1, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x42);

    as_free(as);
    mr_free(root);
    mr_free(ram);
    mr_free(next);
    mr_free(io);
}

static void test_ram_errors(void)
{
    MemoryRegion mr;
    g_autoptr(GError) err = NULL;

    g_assert_false(mr_init_ram(&mr, NULL, "huge", UINT64_C(1) << 62, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, "'huge'"));
    g_assert_nonnull(strstr(err->message, "0x4000000000000000"));
    g_assert_null(mr.ram);
    mr_destroy(&mr);
    g_clear_error(&err);

    g_assert_false(mr_init_ram(&mr, NULL, "empty", 0, &err));
    g_assert_nonnull(strstr(err->message, "'empty'"));
    mr_destroy(&mr);

    /* A 4 GiB guest costs nothing until touched. */
    MemoryRegion *big = ram_new("big", UINT64_C(4) << 30);
    big->ram[(UINT64_C(4) << 30) - 1] = 1;
    mr_free(big);
}

/* ---- concurrency smoke test ------------------------------------------- */

typedef struct Reader {
    AddressSpace *as;
    gint *stop;
    gint *iters;
    int bad;
} Reader;

static gpointer reader_thread(gpointer opaque)
{
    Reader *r = opaque;
    while (!g_atomic_int_get(r->stop)) {
        uint64_t v;
        MemTxResult res = as_read_val(r->as, 0x1000, 4, &v);
        /* Either the RAM (holding 0x11223344) or nothing. */
        if (!((res == MEMTX_OK && v == 0x11223344) ||
              (res == MEMTX_DECODE_ERROR && v == 0))) {
            r->bad++;
        }
        as_ram_ptr(r->as, 0x1000, NULL);
        g_atomic_int_inc(r->iters);
    }
    return NULL;
}

static void test_concurrent_readers(void)
{
    MemoryRegion *root = container_new("root", 0);
    MemoryRegion *ram = ram_new("ram", 0x1000);
    AddressSpace *as = as_new(root, "t");
    gint stop = 0, iters = 0;
    Reader r[2] = { { as, &stop, &iters, 0 }, { as, &stop, &iters, 0 } };
    gint64 deadline = g_get_monotonic_time() + 2 * G_TIME_SPAN_SECOND;
    GThread *t[2];

    mr_add_subregion(root, 0x1000, ram);
    as_write_val(as, 0x1000, 4, 0x11223344);
    log_mask = 0;                   /* thousands of decode errors: keep them quiet */
    for (int i = 0; i < 2; i++) {
        t[i] = g_thread_new("reader", reader_thread, &r[i]);
    }
    /* Keep changing the tree until the readers have really raced with it. */
    for (int i = 0; g_atomic_int_get(&iters) < 20000 && g_get_monotonic_time() < deadline;
         i++) {
        mr_set_enabled(ram, i & 1);
    }
    g_atomic_int_set(&stop, 1);
    for (int i = 0; i < 2; i++) {
        g_thread_join(t[i]);
        g_assert_cmpint(r[i].bad, ==, 0);
    }
    log_mask = LOG_GUEST_ERROR;

    as_free(as);
    mr_free(root);
    mr_free(ram);
}

/* ---- info mtree ------------------------------------------------------- */

static void test_mtree_print(void)
{
    MemoryRegion *sys = container_new("system", 0);
    MemoryRegion *gic = io_new("gicv3_dist", 0x10000, NULL, NULL);
    MemoryRegion *uart = io_new("uart", 0x1000, NULL, NULL);
    MemoryRegion *bus = container_new("bus", 0x10000);
    MemoryRegion *dev = io_new("dev", 0x100, NULL, NULL);
    MemoryRegion *ram = ram_new("ram", UINT64_C(0x100000000));
    MemoryRegion *alias = g_new0(MemoryRegion, 1);
    MemoryRegion *nothing = container_new("nothing", 0x1000);

    mr_add_subregion(sys, 0x8000000, gic);
    mr_add_subregion(sys, 0x9000000, uart);
    mr_set_enabled(uart, false);
    mr_add_subregion(bus, 0x100, dev);
    mr_add_subregion(sys, 0xa000000, bus);
    mr_add_subregion(sys, 0x40000000, ram);
    mr_init_alias(alias, NULL, "ram-alias", ram, 0, 0x10000);
    mr_add_subregion_overlap(sys, 0x50000000, alias, 1);

    AddressSpace *as = as_new(sys, "memory");
    AddressSpace *cpu_as = as_new(sys, "cpu-memory-0");
    AddressSpace *empty = as_new(nothing, "empty");
    g_autoptr(GString) out = g_string_new(NULL);

    mtree_print(out, false);
    g_assert_cmpstr(out->str, ==,
        "address-space: memory\n"
        "address-space: cpu-memory-0\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
        "    0000000008000000-000000000800ffff (prio 0, i/o): gicv3_dist\n"
        "    0000000009000000-0000000009000fff (prio 0, i/o): uart [disabled]\n"
        "    000000000a000000-000000000a00ffff (prio 0, i/o): bus\n"
        "      000000000a000100-000000000a0001ff (prio 0, i/o): dev\n"
        "    0000000040000000-000000013fffffff (prio 0, ram): ram\n"
        "    0000000050000000-000000005000ffff (prio 1, ram): alias ram-alias @ram "
        "0000000000000000-000000000000ffff\n"
        "\n"
        "address-space: empty\n"
        "  0000000000000000-0000000000000fff (prio 0, i/o): nothing\n"
        "\n"
        "memory-region: ram\n"
        "  0000000040000000-000000013fffffff (prio 0, ram): ram\n"
        "\n");

    g_string_truncate(out, 0);
    mtree_print(out, true);
    g_assert_cmpstr(out->str, ==,
        "FlatView #0\n"
        " AS \"memory\", root: system\n"
        " AS \"cpu-memory-0\", root: system\n"
        " Root memory region: system\n"
        "  0000000008000000-000000000800ffff (prio 0, i/o): gicv3_dist\n"
        "  000000000a000100-000000000a0001ff (prio 0, i/o): dev\n"
        "  0000000040000000-000000004fffffff (prio 0, ram): ram\n"
        "  0000000050000000-000000005000ffff (prio 0, ram): ram @0000000000000000\n"
        "  0000000050010000-000000013fffffff (prio 0, ram): ram @0000000010010000\n"
        "\n"
        "FlatView #1\n"
        " AS \"empty\", root: nothing\n"
        " Root memory region: nothing\n"
        "  No rendered FlatView\n"
        "\n");

    /* A change shows up in the next print. */
    mr_set_enabled(uart, true);
    g_string_truncate(out, 0);
    mtree_print(out, true);
    g_assert_nonnull(strstr(out->str, "  0000000009000000-0000000009000fff "
                                      "(prio 0, i/o): uart\n"));
    g_string_truncate(out, 0);
    mtree_print(out, false);
    g_assert_nonnull(strstr(out->str, "(prio 0, i/o): uart\n"));

    as_free(as);
    as_free(cpu_as);
    as_free(empty);
    g_string_truncate(out, 0);
    mtree_print(out, false);
    g_assert_cmpstr(out->str, ==, "");

    mr_free(sys);
    mr_free(gic);
    mr_free(uart);
    mr_free(bus);
    mr_free(dev);
    mr_free(alias);
    mr_free(ram);
    mr_free(nothing);
}

static void test_system_memory(void)
{
    MemoryRegion *sys = get_system_memory();
    AddressSpace *as = get_address_space_memory();

    g_assert_true(get_system_memory() == sys);
    g_assert_true(get_address_space_memory() == as);
    g_assert_cmpstr(sys->name, ==, "system");
    g_assert_true(sys->is_full);
    g_assert_cmpint(sys->type, ==, MR_CONTAINER);
    g_assert_cmpstr(as_get_name(as), ==, "memory");
    g_assert_true(as_get_root(as) == sys);
    g_assert_cmpuint(as_get_flatview(as)->nr, ==, 0);

    g_autoptr(GString) out = g_string_new(NULL);
    mtree_print(out, false);
    g_assert_cmpstr(out->str, ==,
        "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n\n");
}

int main(int argc, char **argv)
{
    int fd, ret;
    g_autoptr(GError) err = NULL;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("test-memory-log-XXXXXX", &log_path, &err);
    g_assert_no_error(err);
    close(fd);
    log_mask = LOG_GUEST_ERROR;
    log_reset();

    g_test_add_func("/memory/flatten/equal-priority-later-wins",
                    test_equal_priority_later_wins);
    g_test_add_func("/memory/flatten/higher-priority-wins", test_higher_priority_wins);
    g_test_add_func("/memory/flatten/nested-containers", test_nested_containers);
    g_test_add_func("/memory/flatten/aliases", test_aliases);
    g_test_add_func("/memory/flatten/alias-cycle", test_alias_cycle_is_bounded);
    g_test_add_func("/memory/flatten/remove-readd", test_remove_readd);
    g_test_add_func("/memory/flatten/enable-disable", test_enable_disable);
    g_test_add_func("/memory/flatten/set-address", test_set_address);
    g_test_add_func("/memory/flatten/top-of-space", test_top_of_space);
    g_test_add_func("/memory/view/listeners", test_listeners);
    g_test_add_func("/memory/view/old-view-survives", test_old_view_survives);
    g_test_add_func("/memory/view/lookup", test_lookup_binary);
    g_test_add_func("/memory/access/boundaries", test_rw_boundaries);
    g_test_add_func("/memory/access/unassigned", test_unassigned);
    g_test_add_func("/memory/access/mmio-valid-sizes", test_mmio_valid_sizes);
    g_test_add_func("/memory/access/mmio-impl-sizes", test_mmio_impl_sizes);
    g_test_add_func("/memory/access/ram-ptr", test_ram_ptr);
    g_test_add_func("/memory/access/ram-errors", test_ram_errors);
    g_test_add_func("/memory/access/concurrent", test_concurrent_readers);
    g_test_add_func("/memory/mtree/print", test_mtree_print);
    /* Last: the process-wide singleton would show up in every mtree print. */
    g_test_add_func("/memory/singleton/system", test_system_memory);

    ret = g_test_run();
    g_unlink(log_path);
    g_free(log_path);
    return ret;
}
