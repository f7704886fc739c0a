/* test-loader.c: kernel formats, ROM list, direct-boot placement, the stub
 * and -device loader, with every image generated here. */
#include "testutil.h"
#include <elf.h>
#include <string.h>
#include <zlib.h>
#include <libfdt.h>
#include <glib/gstdio.h>
#include "boot/boot.h"
#include "core/memory.h"
#include "core/object.h"

#define MiB (1024ULL * 1024)
#define GiB (1024ULL * MiB)
#define RAM_BASE 0x40000000ULL

static char *tmpdir;

static char *write_tmp(const char *name, const void *data, gsize len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (8 * i); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = v >> (8 * i); }
static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32be(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (24 - 8 * i); }

/* An arm64 Image: header + a recognisable pattern. */
static uint8_t *make_image(uint64_t text_offset, uint64_t image_size, gsize len)
{
    uint8_t *b = g_malloc0(len);
    for (gsize i = 0x40; i < len; i++) {
        b[i] = (uint8_t)(i * 7 + 3);
    }
    put32(b, 0x91005a4d);          /* add x13, x18, #0x16 ("MZ") */
    put32(b + 4, 0x14000000);
    put64(b + 8, text_offset);
    put64(b + 16, image_size);
    put64(b + 24, 0xa);
    memcpy(b + 0x38, "ARM\x64", 4);
    return b;
}


typedef struct TSeg {
    uint64_t paddr, vaddr;
    const uint8_t *data;
    uint64_t filesz, memsz;
} TSeg;

/* ELF64: header, program headers, then segment data. */
static uint8_t *make_elf(uint16_t machine, uint8_t cls, uint8_t enc, uint64_t entry,
                         const TSeg *segs, int nseg, gsize *len)
{
    gsize off = 64 + 56 * nseg;
    gsize total = off;
    for (int i = 0; i < nseg; i++) {
        total += segs[i].filesz;
    }
    uint8_t *b = g_malloc0(total);
    memcpy(b, ELFMAG, SELFMAG);
    b[EI_CLASS] = cls;
    b[EI_DATA] = enc;
    b[EI_VERSION] = EV_CURRENT;
    put16(b + 16, ET_EXEC);
    put16(b + 18, machine);
    put32(b + 20, EV_CURRENT);
    put64(b + 24, entry);
    put64(b + 32, 64);
    put16(b + 52, 64);
    put16(b + 54, 56);
    put16(b + 56, nseg);
    for (int i = 0; i < nseg; i++) {
        uint8_t *ph = b + 64 + 56 * i;
        put32(ph, PT_LOAD);
        put32(ph + 4, PF_R | PF_X);
        put64(ph + 8, off);
        put64(ph + 16, segs[i].vaddr ? segs[i].vaddr : segs[i].paddr);
        put64(ph + 24, segs[i].paddr);
        put64(ph + 32, segs[i].filesz);
        put64(ph + 40, segs[i].memsz);
        put64(ph + 48, 0x10000);
        memcpy(b + off, segs[i].data, segs[i].filesz);
        off += segs[i].filesz;
    }
    *len = total;
    return b;
}

static uint8_t *make_uimage(uint8_t type, uint8_t comp, uint8_t os, uint32_t load,
                            uint32_t ep, const uint8_t *payload, gsize plen, gsize *len)
{
    uint8_t *b = g_malloc0(64 + plen);
    put32be(b, 0x27051956);
    put32be(b + 8, 1700000000);
    put32be(b + 12, plen);
    put32be(b + 16, load);
    put32be(b + 20, ep);
    memcpy(b + 64, payload, plen);
    put32be(b + 24, crc32(0, payload, plen));
    b[28] = os;
    b[29] = 22;                     /* IH_ARCH_ARM64 */
    b[30] = type;
    b[31] = comp;
    strcpy((char *)b + 32, "test image");
    put32be(b + 4, crc32(0, b, 64));
    *len = 64 + plen;
    return b;
}

/* A machine with RAM at RAM_BASE. */
typedef struct TMachine {
    MemoryRegion root, ram;
    AddressSpace *as;
} TMachine;

static TMachine *machine_new(uint64_t ram_size)
{
    TMachine *m = g_new0(TMachine, 1);
    mr_init_container(&m->root, NULL, "sys", 0);
    g_assert_true(mr_init_ram(&m->ram, NULL, "ram", ram_size, NULL));
    mr_add_subregion(&m->root, RAM_BASE, &m->ram);
    m->as = as_new(&m->root, "test");
    return m;
}

static void machine_free(TMachine *m)
{
    as_free(m->as);
    mr_del_subregion(&m->root, &m->ram);
    mr_destroy(&m->ram);
    mr_destroy(&m->root);
    g_free(m);
}

static const Rom *rom_n(guint i)
{
    const GPtrArray *l = rom_list();
    g_assert_cmpuint(i, <, l->len);
    return l->pdata[i];
}

static const uint64_t mpidrs[2] = { 0, 1 };
static const FdtMachineDesc desc = {
    .ram_base = RAM_BASE, .ram_size = 4 * GiB, .ncpus = 2, .mpidr = mpidrs,
    .cpu_compatible = "arm,cortex-a57",
    .gicd_base = 0x08000000, .gicd_size = 0x10000,
    .gicr_base = 0x080a0000, .gicr_size = 0x40000,
    .uart_base = 0x09000000, .uart_size = 0x1000, .uart_spi = 1, .psci_method = "smc",
};

/* ---- Image / Image.gz / raw ------------------------------------------------- */

static void test_image_text_offset0(void)
{
    rom_clear_all();
    g_autofree uint8_t *img = make_image(0, 0x300000, 0x1000);
    g_autofree char *path = write_tmp("Image", img, 0x1000);
    LoadedKernel k;
    GError *err = NULL;

    g_assert_true(load_kernel(path, RAM_BASE, 4 * GiB, &k, &err));
    g_assert_no_error(err);
    g_assert_cmpint(k.kind, ==, IMAGE_ARM64);
    g_assert_true(k.is_linux);
    g_assert_cmphex(k.entry, ==, 0x40200000);
    g_assert_cmphex(k.low, ==, 0x40200000);
    g_assert_cmphex(k.high, ==, 0x40500000);        /* image_size, not file size */
    g_assert_cmpuint(rom_list()->len, ==, 1);
    g_assert_cmpstr(rom_n(0)->name, ==, path);
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40200000);
    g_assert_cmpuint(rom_n(0)->size, ==, 0x1000);
    g_assert_cmpmem(rom_n(0)->data, 0x1000, img, 0x1000);
}

static void test_image_text_offset_nonzero(void)
{
    static const struct { uint64_t to, want; } cases[] = {
        { 0x80000, 0x40080000 },
        { 0x1000, 0x40001000 },     /* clear of the stub's page: not moved */
        { 0xfff, 0x40200fff },      /* inside it: moved up 2 MiB */
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        rom_clear_all();
        g_autofree uint8_t *img = make_image(cases[i].to, 0x2000, 0x800);
        g_autofree char *path = write_tmp("Image-to", img, 0x800);
        LoadedKernel k;
        g_assert_true(load_kernel(path, RAM_BASE, 1 * GiB, &k, NULL));
        g_assert_cmphex(k.entry, ==, cases[i].want);
        g_assert_cmphex(k.high, ==, cases[i].want + 0x2000);
        g_assert_cmphex(rom_n(0)->addr, ==, cases[i].want);
    }
}

static void test_image_old_kernel(void)
{
    /* image_size 0: text_offset is untrustworthy, 0x80000 is used; the file
     * size bounds it. */
    rom_clear_all();
    g_autofree uint8_t *img = make_image(0x12345, 0, 0x3000);
    g_autofree char *path = write_tmp("Image-old", img, 0x3000);
    LoadedKernel k;
    g_assert_true(load_kernel(path, RAM_BASE, 1 * GiB, &k, NULL));
    g_assert_cmphex(k.entry, ==, 0x40080000);
    g_assert_cmphex(k.high, ==, 0x40083000);
}

static void test_image_gz(void)
{
    rom_clear_all();
    gsize glen;
    g_autofree uint8_t *img = make_image(0, 0x400000, 0x20000);
    g_autofree uint8_t *gz = testutil_gzip(img, 0x20000, &glen);
    g_autofree char *path = write_tmp("Image.gz", gz, glen);
    LoadedKernel k;
    GError *err = NULL;

    g_assert_true(load_kernel(path, RAM_BASE, 1 * GiB, &k, &err));
    g_assert_no_error(err);
    g_assert_cmpint(k.kind, ==, IMAGE_ARM64);
    g_assert_cmphex(k.entry, ==, 0x40200000);
    g_assert_cmpuint(rom_n(0)->size, ==, 0x20000);
    g_assert_cmpmem(rom_n(0)->data, 0x20000, img, 0x20000);

    /* load_file inflates only when asked. */
    uint8_t *d;
    uint64_t l;
    g_assert_true(load_file(path, false, 1 * GiB, &d, &l, NULL));
    g_assert_cmpuint(l, ==, glen);
    g_free(d);
    g_assert_true(load_file(path, true, 1 * GiB, &d, &l, NULL));
    g_assert_cmpuint(l, ==, 0x20000);
    g_free(d);
    /* Exactly the cap is fine, one byte less is too large. */
    g_assert_true(load_file(path, true, 0x20000, &d, &l, NULL));
    g_free(d);
    g_assert_false(load_file(path, true, 0x1ffff, &d, &l, &err));
    g_assert_nonnull(strstr(err->message, "larger than"));
    g_assert_nonnull(strstr(err->message, path));
    g_clear_error(&err);
}

static void test_gz_bad(void)
{
    rom_clear_all();
    gsize glen;
    g_autofree uint8_t *img = make_image(0, 0x400000, 0x8000);
    g_autofree uint8_t *gz = testutil_gzip(img, 0x8000, &glen);
    LoadedKernel k;
    GError *err = NULL;

    g_autofree char *trunc = write_tmp("trunc.gz", gz, glen / 2);
    g_assert_false(load_kernel(trunc, RAM_BASE, 1 * GiB, &k, &err));
    g_autofree char *want_trunc = g_strdup_printf("%s: truncated gzip data", trunc);
    g_assert_cmpstr(err->message, ==, want_trunc);
    g_clear_error(&err);

    /* Cut just before the trailer's end: all data, no complete stream. */
    g_autofree char *trunc2 = write_tmp("trunc2.gz", gz, glen - 2);
    g_assert_false(load_file(trunc2, true, 1 * GiB, &(uint8_t *){ NULL }, &(uint64_t){ 0 },
                             &err));
    g_assert_nonnull(strstr(err->message, "truncated gzip data"));
    g_clear_error(&err);

    g_autofree uint8_t *bad = g_memdup2(gz, glen);
    for (gsize i = 20; i < 60; i++) {
        bad[i] ^= 0x5a;
    }
    g_autofree char *corrupt = write_tmp("corrupt.gz", bad, glen);
    g_assert_false(load_kernel(corrupt, RAM_BASE, 1 * GiB, &k, &err));
    g_autofree char *want_corrupt = g_strdup_printf("%s: corrupt gzip data", corrupt);
    g_assert_true(g_str_has_prefix(err->message, want_corrupt));
    g_clear_error(&err);
    g_assert_cmpuint(rom_list()->len, ==, 0);
}

static void test_raw(void)
{
    rom_clear_all();
    uint8_t raw[0x100];
    for (guint i = 0; i < sizeof(raw); i++) {
        raw[i] = i;
    }
    g_autofree char *path = write_tmp("raw.bin", raw, sizeof(raw));
    LoadedKernel k;
    g_assert_true(load_kernel(path, RAM_BASE, 1 * GiB, &k, NULL));
    g_assert_cmpint(k.kind, ==, IMAGE_RAW);
    g_assert_true(k.is_linux);
    g_assert_cmphex(k.entry, ==, 0x40080000);
    g_assert_cmphex(k.high, ==, 0x40080100);
    g_assert_cmpmem(rom_n(0)->data, rom_n(0)->size, raw, sizeof(raw));
}

static void test_missing_and_empty(void)
{
    rom_clear_all();
    g_autofree char *missing = g_build_filename(tmpdir, "nope", NULL);
    LoadedKernel k;
    GError *err = NULL;
    uint8_t *d;
    uint64_t l;

    g_assert_false(load_file(missing, false, 100, &d, &l, &err));
    g_autofree char *want_missing = g_strdup_printf("%s: No such file or directory", missing);
    g_assert_cmpstr(err->message, ==, want_missing);
    g_clear_error(&err);
    g_assert_false(load_file(tmpdir, false, 100, &d, &l, &err));
    g_assert_nonnull(strstr(err->message, "Is a directory"));
    g_clear_error(&err);

    g_autofree char *empty = write_tmp("empty", "", 0);
    g_assert_false(load_kernel(empty, RAM_BASE, 1 * GiB, &k, &err));
    g_assert_nonnull(strstr(err->message, empty));
    g_clear_error(&err);

    uint8_t big[64] = { 0 };
    g_autofree char *bigf = write_tmp("big", big, sizeof(big));
    g_assert_false(load_file(bigf, false, 63, &d, &l, &err));
    g_assert_nonnull(strstr(err->message, "too large"));
    g_clear_error(&err);
}

/* ---- ELF ----------------------------------------------------------------------- */

static uint8_t text[0x100], rodata[0x10];

static void fill_segs(void)
{
    for (guint i = 0; i < sizeof(text); i++) {
        text[i] = 0xa0 + (i & 0x1f);
    }
    memset(rodata, 0x77, sizeof(rodata));
}

static void test_elf(void)
{
    rom_clear_all();
    fill_segs();
    TSeg segs[2] = {
        { .paddr = 0x40080000, .data = text, .filesz = sizeof(text), .memsz = sizeof(text) },
        { .paddr = 0x40100000, .data = rodata, .filesz = sizeof(rodata), .memsz = 0x2000 },
    };
    gsize len;
    g_autofree uint8_t *elf = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, 0x40080010,
                                       segs, 2, &len);
    g_autofree char *path = write_tmp("test.elf", elf, len);
    LoadedKernel k;
    GError *err = NULL;

    g_assert_true(load_kernel(path, RAM_BASE, 64 * MiB, &k, &err));
    g_assert_no_error(err);
    g_assert_cmpint(k.kind, ==, IMAGE_ELF);
    g_assert_false(k.is_linux);
    g_assert_cmphex(k.entry, ==, 0x40080010);
    g_assert_cmphex(k.low, ==, 0x40080000);
    g_assert_cmphex(k.high, ==, 0x40102000);
    g_assert_cmpuint(rom_list()->len, ==, 2);
    g_assert_cmpstr(rom_n(1)->name, ==, path);
    g_assert_cmphex(rom_n(1)->addr, ==, 0x40100000);
    g_assert_cmpuint(rom_n(1)->size, ==, 0x2000);
    g_assert_cmpuint(rom_n(1)->datasize, ==, 0x10);

    /* rom_reset writes the data and zeroes the bss, whatever was there. */
    TMachine *m = machine_new(64 * MiB);
    uint8_t ff[0x2000];
    memset(ff, 0xff, sizeof(ff));
    as_write(m->as, 0x40100000, ff, sizeof(ff));
    g_assert_true(rom_check_layout(m->as, NULL));
    rom_reset(m->as);
    uint8_t back[0x2000];
    as_read(m->as, 0x40100000, back, sizeof(back));
    g_assert_cmpmem(back, 0x10, rodata, 0x10);
    for (guint i = 0x10; i < sizeof(back); i++) {
        g_assert_cmpuint(back[i], ==, 0);
    }
    as_read(m->as, 0x40080000, back, sizeof(text));
    g_assert_cmpmem(back, sizeof(text), text, sizeof(text));

    GString *s = g_string_new(NULL);
    rom_print(m->as, s);
    g_autofree char *want = g_strdup_printf(
        "addr=0000000040080000 size=0x000100 mem=ram name=\"%s\"\n"
        "addr=0000000040100000 size=0x002000 mem=ram name=\"%s\"\n", path, path);
    g_assert_cmpstr(s->str, ==, want);
    g_string_free(s, TRUE);
    machine_free(m);
}

static void expect_elf_error(const char *file, const uint8_t *data, gsize len,
                             const char *needle)
{
    rom_clear_all();
    g_autofree char *path = write_tmp(file, data, len);
    LoadedKernel k;
    GError *err = NULL;
    g_assert_false(load_kernel(path, RAM_BASE, 64 * MiB, &k, &err));
    g_assert_nonnull(err);
    g_test_message("%s", err->message);
    g_assert_true(g_str_has_prefix(err->message, path));
    g_assert_nonnull(strstr(err->message, needle));
    g_error_free(err);
    g_assert_cmpuint(rom_list()->len, ==, 0);   /* nothing half-loaded */
}

static void test_elf_rejected(void)
{
    fill_segs();
    TSeg segs[2] = {
        { .paddr = 0x40080000, .data = text, .filesz = sizeof(text), .memsz = sizeof(text) },
        { .paddr = 0x40100000, .data = rodata, .filesz = sizeof(rodata), .memsz = 0x2000 },
    };
    gsize len;
    g_autofree uint8_t *x86 = make_elf(EM_X86_64, ELFCLASS64, ELFDATA2LSB, 0, segs, 2, &len);
    expect_elf_error("x86.elf", x86, len, "not AArch64");

    g_autofree uint8_t *e32 = make_elf(EM_AARCH64, ELFCLASS32, ELFDATA2LSB, 0, segs, 2, &len);
    expect_elf_error("e32.elf", e32, len, "64-bit");

    g_autofree uint8_t *be = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2MSB, 0, segs, 2, &len);
    expect_elf_error("be.elf", be, len, "little-endian");

    g_autofree uint8_t *ok = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, 0, segs, 2, &len);
    expect_elf_error("hdr.elf", ok, 40, "truncated ELF header");
    expect_elf_error("ph.elf", ok, 64 + 56 + 10, "truncated ELF");
    /* Headers intact, second segment's data cut off. */
    expect_elf_error("seg.elf", ok, len - 4, "segment 1");

    /* filesz > memsz */
    TSeg badseg = { .paddr = 0x40080000, .data = text, .filesz = 0x100, .memsz = 0x10 };
    g_autofree uint8_t *bm = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, 0, &badseg, 1, &len);
    expect_elf_error("memsz.elf", bm, len, "larger than its memory size");

    g_autofree uint8_t *none = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, 0, NULL, 0, &len);
    expect_elf_error("none.elf", none, len, "no loadable segments");
}

static void test_elf_vmlinux(void)
{
    rom_clear_all();
    g_autofree uint8_t *img = make_image(0, 0x10000, 0x1000);
    TSeg seg = { .paddr = 0x40200000, .vaddr = 0xffff800008000000ULL, .data = img,
                 .filesz = 0x1000, .memsz = 0x10000 };
    gsize len;
    g_autofree uint8_t *elf = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB,
                                       0xffff800008000000ULL, &seg, 1, &len);
    g_autofree char *path = write_tmp("vmlinux", elf, len);
    LoadedKernel k;
    g_assert_true(load_kernel(path, RAM_BASE, 64 * MiB, &k, NULL));
    g_assert_true(k.is_linux);
    g_assert_cmphex(k.entry, ==, 0x40200000);   /* physical, for the MMU-off stub */
}

/* ---- uImage -------------------------------------------------------------------- */

static void test_uimage(void)
{
    rom_clear_all();
    uint8_t payload[0x300];
    for (guint i = 0; i < sizeof(payload); i++) {
        payload[i] = i * 13;
    }
    gsize len;
    g_autofree uint8_t *ui = make_uimage(2, 0, 5, 0x40400000, 0x40400040, payload,
                                         sizeof(payload), &len);
    g_autofree char *path = write_tmp("uImage", ui, len);
    LoadedKernel k;
    GError *err = NULL;

    g_assert_true(load_kernel(path, RAM_BASE, 64 * MiB, &k, &err));
    g_assert_no_error(err);
    g_assert_cmpint(k.kind, ==, IMAGE_UIMAGE);
    g_assert_true(k.is_linux);
    g_assert_cmphex(k.entry, ==, 0x40400040);
    g_assert_cmphex(k.high, ==, 0x40400300);
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40400000);
    g_assert_cmpmem(rom_n(0)->data, rom_n(0)->size, payload, sizeof(payload));

    /* Not Linux (ih_os 0x11 = U-Boot's "RTEMS"? any non-5) */
    rom_clear_all();
    g_autofree uint8_t *other = make_uimage(2, 0, 17, 0x40400000, 0x40400000, payload,
                                            sizeof(payload), &len);
    g_autofree char *opath = write_tmp("uImage-other", other, len);
    g_assert_true(load_kernel(opath, RAM_BASE, 64 * MiB, &k, NULL));
    g_assert_false(k.is_linux);

    /* gzip payload */
    rom_clear_all();
    gsize glen;
    g_autofree uint8_t *gz = testutil_gzip(payload, sizeof(payload), &glen);
    g_autofree uint8_t *ugz = make_uimage(2, 1, 5, 0x40400000, 0x40400000, gz, glen, &len);
    g_autofree char *gpath = write_tmp("uImage.gz", ugz, len);
    g_assert_true(load_kernel(gpath, RAM_BASE, 64 * MiB, &k, &err));
    g_assert_no_error(err);
    g_assert_cmpmem(rom_n(0)->data, rom_n(0)->size, payload, sizeof(payload));

    /* Wrong CRCs, unsupported compression, wrong type. */
    struct { const char *name; int tweak; const char *needle; } bad[] = {
        { "uImage-hcrc", 0, "header CRC" },
        { "uImage-dcrc", 1, "data CRC" },
        { "uImage-lzma", 2, "compression 3" },
        { "uImage-rd", 3, "not a kernel" },
        { "uImage-short", 4, "truncated uImage" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        rom_clear_all();
        g_autofree uint8_t *u = make_uimage(bad[i].tweak == 3 ? 3 : 2,
                                            bad[i].tweak == 2 ? 3 : 0, 5, 0x40400000,
                                            0x40400000, payload, sizeof(payload), &len);
        gsize ulen = len;
        if (bad[i].tweak == 0) {
            u[40] ^= 1;                 /* in the name: only the header CRC sees it */
        } else if (bad[i].tweak == 1) {
            u[100] ^= 1;
        } else if (bad[i].tweak == 4) {
            ulen -= 16;
        }
        g_autofree char *p = write_tmp(bad[i].name, u, ulen);
        g_assert_false(load_kernel(p, RAM_BASE, 64 * MiB, &k, &err));
        g_test_message("%s", err->message);
        g_assert_true(g_str_has_prefix(err->message, p));
        g_assert_nonnull(strstr(err->message, bad[i].needle));
        g_clear_error(&err);
        g_assert_cmpuint(rom_list()->len, ==, 0);
    }
}

/* ---- ROM list ------------------------------------------------------------------ */

static void test_rom_layout(void)
{
    TMachine *m = machine_new(256 * MiB);
    GError *err = NULL;
    uint8_t buf[0x1000] = { 1 };

    rom_clear_all();
    rom_add_blob("a", buf, 0x1000, 0x40000000);
    rom_add_blob("b", buf, 0x1000, 0x40001000);     /* adjacent is fine */
    rom_add_blob("end", buf, 0x1000, 0x40000000 + 256 * MiB - 0x1000);
    g_assert_true(rom_check_layout(m->as, &err));
    g_assert_no_error(err);

    rom_add_blob("initrd.img", buf, 0x800, 0x40001800);
    g_assert_false(rom_check_layout(m->as, &err));
    g_assert_cmpstr(err->message, ==,
                    "ROM 'initrd.img' (0x40001800-0x40001fff) overlaps ROM 'b' "
                    "(0x40001000-0x40001fff)");
    g_clear_error(&err);

    /* A blob swallowed by an earlier, bigger one is still caught. */
    rom_clear_all();
    rom_add_blob_sized("big", NULL, 0, 0x100000, 0x40000000);
    rom_add_blob("mid", buf, 0x10, 0x40010000);
    rom_add_blob("late", buf, 0x10, 0x40020000);
    g_assert_false(rom_check_layout(m->as, &err));
    g_assert_nonnull(strstr(err->message, "ROM 'mid'"));
    g_assert_nonnull(strstr(err->message, "ROM 'big' (0x40000000-0x400fffff)"));
    g_clear_error(&err);

    rom_clear_all();
    rom_add_blob("past", buf, 0x1000, 0x40000000 + 256 * MiB - 0x800);
    g_assert_false(rom_check_layout(m->as, &err));
    g_assert_cmpstr(err->message, ==,
                    "ROM 'past' (0x4ffff800-0x500007ff) is not inside RAM");
    g_clear_error(&err);

    rom_clear_all();
    rom_add_blob("low", buf, 0x10, 0x1000);
    g_assert_false(rom_check_layout(m->as, &err));
    g_assert_nonnull(strstr(err->message, "'low' (0x1000-0x100f) is not inside RAM"));
    g_clear_error(&err);

    GString *s = g_string_new(NULL);
    rom_add_blob("ram", buf, 0x28, 0x40000000);
    rom_print(m->as, s);
    g_assert_cmpstr(s->str, ==,
                    "addr=0000000000001000 size=0x000010 mem=rom name=\"low\"\n"
                    "addr=0000000040000000 size=0x000028 mem=ram name=\"ram\"\n");
    g_string_free(s, TRUE);

    rom_clear_all();
    rom_add_blob("wrap", buf, 0x10, UINT64_MAX - 4);
    g_assert_false(rom_check_layout(m->as, &err));
    g_assert_nonnull(strstr(err->message, "wrap"));
    g_clear_error(&err);
    rom_clear_all();
    machine_free(m);
}

/* ---- the stub and the full placement ------------------------------------------ */

static void test_stub_words(void)
{
    uint32_t w[10];
    boot_write_stub(w, 0x4a000000, 0x40200000);
    static const uint32_t want[10] = {
        0x580000c0, 0xaa1f03e1, 0xaa1f03e2, 0xaa1f03e3, 0x58000084, 0xd61f0080,
        0x4a000000, 0, 0x40200000, 0,
    };
    g_assert_cmpmem(w, sizeof(w), want, sizeof(want));
    boot_write_stub(w, 0x123456789aULL, 0xfedcba9876543210ULL);
    g_assert_cmphex(w[6], ==, 0x3456789a);
    g_assert_cmphex(w[7], ==, 0x12);
    g_assert_cmphex(w[8], ==, 0x76543210);
    g_assert_cmphex(w[9], ==, 0xfedcba98);
}

static uint64_t chosen_u64(const void *fdt, const char *prop)
{
    int node = fdt_path_offset(fdt, "/chosen");
    int len;
    const void *v = fdt_getprop(fdt, node, prop, &len);
    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, 8);
    fdt64_t x;
    memcpy(&x, v, 8);           /* properties are only 4-byte aligned */
    return fdt64_to_cpu(x);
}

static void test_mini_virt_placement(void)
{
    rom_clear_all();
    TMachine *m = machine_new(4 * GiB);
    /* The seed's kernel: 0x29a1a00 bytes in memory. */
    g_autofree uint8_t *img = make_image(0, 0x29a1a00, 0x10000);
    g_autofree char *kpath = write_tmp("Image", img, 0x10000);
    g_autofree uint8_t *rd = g_malloc(32 * MiB);
    for (gsize i = 0; i < 32 * MiB; i += 4096) {
        rd[i] = i >> 12;
    }
    g_autofree char *ipath = write_tmp("initrd.ext4", rd, 32 * MiB);
    g_autofree char *dump = g_build_filename(tmpdir, "dump.dtb", NULL);
    BootInfo bi = {
        .ram_base = RAM_BASE, .ram_size = 4 * GiB, .kernel = kpath, .initrd = ipath,
        .append = "console=ttyAMA0 root=/dev/ram", .fdt_desc = &desc, .dumpdtb = dump,
    };
    GError *err = NULL;

    g_assert_true(boot_load(&bi, &err));
    g_assert_no_error(err);
    g_assert_cmphex(bi.entry, ==, 0x40000000);
    g_assert_cmphex(bi.kernel_info.entry, ==, 0x40200000);
    g_assert_cmphex(bi.initrd_start, ==, 0x48000000);
    g_assert_cmphex(bi.initrd_size, ==, 32 * MiB);
    g_assert_cmphex(bi.dtb_addr, ==, 0x4a000000);
    g_assert_true(bi.dumped);
    g_assert_true(rom_check_layout(m->as, &err));
    g_assert_no_error(err);

    GString *s = g_string_new(NULL);
    rom_print(m->as, s);
    g_autofree char *want = g_strdup_printf(
        "addr=0000000040000000 size=0x000028 mem=ram name=\"bootloader\"\n"
        "addr=0000000040200000 size=0x010000 mem=ram name=\"%s\"\n"
        "addr=0000000048000000 size=0x2000000 mem=ram name=\"%s\"\n"
        "addr=000000004a000000 size=0x%06" G_GINT64_MODIFIER "x mem=ram name=\"dtb\"\n",
        kpath, ipath, bi.dtb_size);
    g_assert_cmpstr(s->str, ==, want);
    g_string_free(s, TRUE);

    /* What the guest sees after reset. */
    rom_reset(m->as);
    uint32_t stub[10], want_stub[10];
    as_read(m->as, 0x40000000, stub, sizeof(stub));
    boot_write_stub(want_stub, 0x4a000000, 0x40200000);
    g_assert_cmpmem(stub, sizeof(stub), want_stub, sizeof(want_stub));
    uint8_t k[0x40];
    as_read(m->as, 0x40200000, k, sizeof(k));
    g_assert_cmpmem(k, sizeof(k), img, sizeof(k));
    uint8_t b;
    as_read(m->as, 0x48000000 + 5 * 4096, &b, 1);
    g_assert_cmpuint(b, ==, 5);

    g_autofree uint8_t *fdt = g_malloc(bi.dtb_size);
    as_read(m->as, 0x4a000000, fdt, bi.dtb_size);
    g_assert_cmpint(fdt_check_full(fdt, bi.dtb_size), ==, 0);
    g_assert_cmphex(chosen_u64(fdt, "linux,initrd-start"), ==, 0x48000000);
    g_assert_cmphex(chosen_u64(fdt, "linux,initrd-end"), ==, 0x4a000000);
    g_assert_cmpstr(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL), ==,
                    "console=ttyAMA0 root=/dev/ram");

    /* dumpdtb wrote the same tree. */
    g_autofree char *dumped = NULL;
    gsize dlen;
    g_assert_true(g_file_get_contents(dump, &dumped, &dlen, NULL));
    g_assert_cmpmem(dumped, dlen, fdt, bi.dtb_size);

    rom_clear_all();
    machine_free(m);
}

static void test_initrd_above_kernel(void)
{
    rom_clear_all();
    /* A kernel reaching past RAM + 128 MiB pushes the initrd up. */
    g_autofree uint8_t *img = make_image(0, 0x9000123, 0x1000);
    g_autofree char *kpath = write_tmp("Image-big", img, 0x1000);
    g_autofree char *ipath = write_tmp("initrd.cpio", "070701", 6);
    BootInfo bi = { .ram_base = RAM_BASE, .ram_size = 1 * GiB, .kernel = kpath,
                    .initrd = ipath, .fdt_desc = &desc };
    GError *err = NULL;
    g_assert_true(boot_load(&bi, &err));
    g_assert_no_error(err);
    g_assert_cmphex(bi.initrd_start, ==, 0x49201000);   /* 0x49200123 page-aligned */
    g_assert_cmphex(bi.dtb_addr, ==, 0x49400000);

    /* Small RAM: initrd at RAM/2. */
    rom_clear_all();
    g_autofree uint8_t *img2 = make_image(0, 0x100000, 0x1000);
    g_autofree char *k2 = write_tmp("Image-small", img2, 0x1000);
    BootInfo bi2 = { .ram_base = RAM_BASE, .ram_size = 64 * MiB, .kernel = k2,
                     .initrd = ipath, .fdt_desc = &desc };
    g_assert_true(boot_load(&bi2, &err));
    g_assert_cmphex(bi2.initrd_start, ==, 0x42000000);
    g_assert_cmphex(bi2.dtb_addr, ==, 0x42200000);
    rom_clear_all();
}

static void test_initrd_too_big(void)
{
    rom_clear_all();
    g_autofree uint8_t *img = make_image(0, 0x100000, 0x1000);
    g_autofree char *kpath = write_tmp("Image-s", img, 0x1000);
    g_autofree uint8_t *rd = g_malloc0(9 * MiB);
    g_autofree char *ipath = write_tmp("initrd-big", rd, 9 * MiB);
    BootInfo bi = { .ram_base = RAM_BASE, .ram_size = 16 * MiB, .kernel = kpath,
                    .initrd = ipath, .fdt_desc = &desc };
    GError *err = NULL;
    g_assert_false(boot_load(&bi, &err));
    g_autofree char *want = g_strdup_printf(
        "initrd '%s' (9437184 bytes) does not fit in RAM above 0x40800000 "
        "(RAM ends at 0x41000000)", ipath);
    g_assert_cmpstr(err->message, ==, want);
    g_clear_error(&err);

    /* Fits exactly, but then the DTB has nowhere to go. */
    rom_clear_all();
    g_autofree char *exact = write_tmp("initrd-exact", rd, 8 * MiB);
    bi.initrd = exact;
    g_assert_false(boot_load(&bi, &err));
    g_assert_nonnull(strstr(err->message, "not enough space for the DTB"));
    g_clear_error(&err);
    rom_clear_all();
}

static void test_initrd_uimage(void)
{
    rom_clear_all();
    g_autofree uint8_t *img = make_image(0, 0x100000, 0x1000);
    g_autofree char *kpath = write_tmp("Image-u", img, 0x1000);
    uint8_t payload[0x1234];
    for (guint i = 0; i < sizeof(payload); i++) {
        payload[i] = i ^ 0x3c;
    }
    gsize len;
    g_autofree uint8_t *ui = make_uimage(3, 1, 5, 0, 0, payload, sizeof(payload), &len);
    g_autofree char *ipath = write_tmp("uInitrd", ui, len);
    BootInfo bi = { .ram_base = RAM_BASE, .ram_size = 1 * GiB, .kernel = kpath,
                    .initrd = ipath, .fdt_desc = &desc };
    GError *err = NULL;
    g_assert_true(boot_load(&bi, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(bi.initrd_size, ==, sizeof(payload));   /* header gone, not inflated */
    const Rom *r = NULL;
    for (guint i = 0; i < rom_list()->len; i++) {
        if (!strcmp(rom_n(i)->name, ipath)) {
            r = rom_n(i);
        }
    }
    g_assert_nonnull(r);
    g_assert_cmphex(r->addr, ==, 0x48000000);
    g_assert_cmpmem(r->data, r->size, payload, sizeof(payload));

    /* A gzipped cpio as a plain file is passed through untouched. */
    rom_clear_all();
    gsize glen;
    g_autofree uint8_t *gz = testutil_gzip(payload, sizeof(payload), &glen);
    g_autofree char *gpath = write_tmp("initrd.cpio.gz", gz, glen);
    bi.initrd = gpath;
    g_assert_true(boot_load(&bi, &err));
    g_assert_cmpuint(bi.initrd_size, ==, glen);

    rom_clear_all();
    ui[70] ^= 0xff;
    g_autofree char *bad = write_tmp("uInitrd-bad", ui, len);
    bi.initrd = bad;
    g_assert_false(boot_load(&bi, &err));
    g_assert_nonnull(strstr(err->message, "data CRC"));
    g_assert_nonnull(strstr(err->message, bad));
    g_clear_error(&err);
    rom_clear_all();
}

static void test_boot_bare_metal_elf(void)
{
    fill_segs();
    GError *err = NULL;
    TSeg seg = { .paddr = 0x40080000, .data = text, .filesz = sizeof(text),
                 .memsz = sizeof(text) };
    gsize len;
    g_autofree uint8_t *elf = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, 0x40080000,
                                       &seg, 1, &len);
    g_autofree char *path = write_tmp("bare.elf", elf, len);

    rom_clear_all();
    BootInfo bi = { .ram_base = RAM_BASE, .ram_size = 1 * GiB, .kernel = path,
                    .fdt_desc = &desc };
    g_assert_true(boot_load(&bi, &err));
    g_assert_no_error(err);
    g_assert_cmphex(bi.entry, ==, 0x40080000);          /* no stub */
    g_assert_cmphex(bi.dtb_addr, ==, RAM_BASE);
    for (guint i = 0; i < rom_list()->len; i++) {
        g_assert_cmpstr(rom_n(i)->name, !=, "bootloader");
    }

    /* ELF at the base of RAM: the DTB goes after it. */
    seg.paddr = RAM_BASE;
    seg.memsz = 0x300000;
    g_autofree uint8_t *elf2 = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, RAM_BASE,
                                        &seg, 1, &len);
    g_autofree char *path2 = write_tmp("bare2.elf", elf2, len);
    rom_clear_all();
    bi.kernel = path2;
    g_assert_true(boot_load(&bi, &err));
    g_assert_cmphex(bi.entry, ==, RAM_BASE);
    g_assert_cmphex(bi.dtb_addr, ==, 0x40400000);
    TMachine *m = machine_new(1 * GiB);
    g_assert_true(rom_check_layout(m->as, &err));
    machine_free(m);
    rom_clear_all();
}

static void test_boot_errors(void)
{
    GError *err = NULL;
    g_autofree char *missing = g_build_filename(tmpdir, "no-such-Image", NULL);
    BootInfo bi = { .ram_base = RAM_BASE, .ram_size = 1 * GiB, .kernel = missing,
                    .fdt_desc = &desc };
    rom_clear_all();
    g_assert_false(boot_load(&bi, &err));
    g_autofree char *want = g_strdup_printf(
        "could not load kernel '%s': No such file or directory", missing);
    g_assert_cmpstr(err->message, ==, want);
    g_clear_error(&err);

    g_autofree uint8_t *img = make_image(0, 0x100000, 0x1000);
    g_autofree char *kpath = write_tmp("Image-e", img, 0x1000);
    bi.kernel = kpath;
    bi.initrd = missing;
    g_assert_false(boot_load(&bi, &err));
    g_autofree char *want2 = g_strdup_printf(
        "could not load initrd '%s': No such file or directory", missing);
    g_assert_cmpstr(err->message, ==, want2);
    g_clear_error(&err);

    /* -dtb with garbage */
    rom_clear_all();
    g_autofree char *garbage = write_tmp("garbage.dtb", "this is not a device tree", 25);
    bi.initrd = NULL;
    bi.dtb_file = garbage;
    g_assert_false(boot_load(&bi, &err));
    g_autofree char *want3 = g_strdup_printf("%s: invalid device tree: %s", garbage,
                                             fdt_strerror(-FDT_ERR_BADMAGIC));
    g_assert_cmpstr(err->message, ==, want3);
    g_clear_error(&err);

    /* dumpdtb into a directory that does not exist */
    rom_clear_all();
    bi.dtb_file = NULL;
    bi.dumpdtb = "/nonexistent-dir/x.dtb";
    g_assert_false(boot_load(&bi, &err));
    g_assert_nonnull(strstr(err->message, "/nonexistent-dir/x.dtb"));
    g_clear_error(&err);

    /* -initrd without -kernel */
    rom_clear_all();
    BootInfo bi2 = { .ram_base = RAM_BASE, .ram_size = 1 * GiB, .initrd = kpath,
                     .fdt_desc = &desc };
    g_assert_false(boot_load(&bi2, &err));
    g_assert_nonnull(strstr(err->message, "-initrd"));
    g_clear_error(&err);
    rom_clear_all();
}

static void test_boot_no_kernel(void)
{
    rom_clear_all();
    GError *err = NULL;
    g_autofree char *dump = g_build_filename(tmpdir, "nokernel.dtb", NULL);
    BootInfo bi = { .ram_base = RAM_BASE, .ram_size = 1 * GiB, .fdt_desc = &desc,
                    .dumpdtb = dump };
    g_assert_true(boot_load(&bi, &err));
    g_assert_no_error(err);
    g_assert_true(bi.dumped);
    g_assert_cmpuint(rom_list()->len, ==, 1);
    g_assert_cmpstr(rom_n(0)->name, ==, "dtb");
    g_assert_cmphex(rom_n(0)->addr, ==, RAM_BASE);
    g_autofree char *d = NULL;
    gsize dlen;
    g_assert_true(g_file_get_contents(dump, &d, &dlen, NULL));
    g_assert_cmpint(fdt_check_full(d, dlen), ==, 0);
    g_assert_cmpint(fdt_path_offset(d, "/memory@40000000"), >=, 0);

    /* A -device loader blob added afterwards at the base of RAM wins: the
     * kernel-less DTB is dropped instead of failing the layout check. */
    TMachine *m = machine_new(1 * GiB);
    rom_add_blob("bare.elf", "\x01\x02", 2, RAM_BASE + 0x10);
    g_assert_true(rom_check_layout(m->as, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(rom_list()->len, ==, 1);
    g_assert_cmpstr(rom_n(0)->name, ==, "bare.elf");
    machine_free(m);

    /* Something already at the base (-device loader): the DTB moves. */
    rom_clear_all();
    rom_add_blob("loader", "\x01\x02\x03\x04", 4, RAM_BASE);
    bi.dumpdtb = NULL;
    g_assert_true(boot_load(&bi, &err));
    g_assert_cmphex(bi.dtb_addr, ==, RAM_BASE + 2 * MiB);
    rom_clear_all();
}

/* ---- -device loader ------------------------------------------------------------- */

static int hook_calls, hook_cpu;
static hwaddr hook_pc;

static bool test_hook(int cpu, hwaddr pc, GError **errp)
{
    if (cpu >= 2) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "no CPU %d", cpu);
        return false;
    }
    hook_calls++;
    hook_cpu = cpu;
    hook_pc = pc;
    return true;
}

/* Create, set "k=v" properties, realize; returns the error message or NULL. */
static char *run_loader(const char *const *props)
{
    Object *o = object_new(TYPE_GENERIC_LOADER);
    GError *err = NULL;
    for (int i = 0; props[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(props[i], "=", 2);
        g_assert_true(object_property_parse(o, kv[0], kv[1], &err));
    }
    char *msg = NULL;
    if (!object_realize(o, &err)) {
        msg = g_strdup(err->message);
        g_error_free(err);
    }
    object_unref(o);
    return msg;
}

static void test_generic_loader(void)
{
    generic_loader_set_pc_hook(test_hook);
    ObjectClass *oc = object_class_by_name(TYPE_GENERIC_LOADER);
    g_assert_nonnull(oc);
    g_assert_true(oc->user_creatable);
    g_assert_cmpstr(oc->desc, ==, "Generic Loader");

    /* (1) data */
    rom_clear_all();
    g_assert_null(run_loader((const char *[]){ "addr=0x40001000", "data=0x11223344",
                                               "data-len=4", NULL }));
    g_assert_cmpstr(rom_n(0)->name, ==, "loader");
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40001000);
    g_assert_cmpmem(rom_n(0)->data, rom_n(0)->size, "\x44\x33\x22\x11", 4);
    rom_clear_all();
    g_assert_null(run_loader((const char *[]){ "addr=0x40001000", "data=0x1122",
                                               "data-len=2", "data-be=on", NULL }));
    g_assert_cmpmem(rom_n(0)->data, rom_n(0)->size, "\x11\x22", 2);
    rom_clear_all();
    g_assert_null(run_loader((const char *[]){ "addr=0x40001000", "data=0x0102030405060708",
                                               "data-len=8", "data-be=on", NULL }));
    g_assert_cmpmem(rom_n(0)->data, 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);

    struct { const char *const *p; const char *msg; } bad[] = {
        { (const char *[]){ "addr=0x40000000", "data=1", NULL },
          "loader: data-len is required with data" },
        { (const char *[]){ "addr=0x40000000", "data=1", "data-len=3", NULL },
          "loader: data-len must be 1, 2, 4 or 8 (got 3)" },
        { (const char *[]){ "data=1", "data-len=4", NULL },
          "loader: addr is required with data" },
        { (const char *[]){ "addr=0x40000000", "data=0x100", "data-len=1", NULL },
          "loader: data 0x100 does not fit in data-len=1" },
        { (const char *[]){ "addr=0x40000000", NULL },
          "loader: cpu-num is required with addr alone (to set a PC)" },
        { (const char *[]){ "force-raw=on", NULL }, "loader: force-raw requires file" },
        { (const char *[]){ NULL },
          "loader: nothing to load: give file, data with data-len and addr, "
          "or addr with cpu-num" },
        { (const char *[]){ "addr=0x40000000", "cpu-num=5", NULL },
          "loader: cpu-num=5: no CPU 5" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        rom_clear_all();
        g_autofree char *msg = run_loader(bad[i].p);
        g_assert_cmpstr(msg, ==, bad[i].msg);
        g_assert_cmpuint(rom_list()->len, ==, 0);
    }

    /* (3) addr + cpu-num: only the PC */
    hook_calls = 0;
    g_assert_null(run_loader((const char *[]){ "addr=0x40123000", "cpu-num=1", NULL }));
    g_assert_cmpint(hook_calls, ==, 1);
    g_assert_cmpint(hook_cpu, ==, 1);
    g_assert_cmphex(hook_pc, ==, 0x40123000);
    g_assert_cmpuint(rom_list()->len, ==, 0);

    /* (2) an ELF file with cpu-num: loaded by its headers, PC = entry */
    fill_segs();
    TSeg segs[2] = {
        { .paddr = 0x40080000, .data = text, .filesz = sizeof(text), .memsz = sizeof(text) },
        { .paddr = 0x40100000, .data = rodata, .filesz = sizeof(rodata), .memsz = 0x2000 },
    };
    gsize len;
    g_autofree uint8_t *elf = make_elf(EM_AARCH64, ELFCLASS64, ELFDATA2LSB, 0x40080040,
                                       segs, 2, &len);
    g_autofree char *epath = write_tmp("loader.elf", elf, len);
    g_autofree char *fprop = g_strdup_printf("file=%s", epath);
    rom_clear_all();
    hook_calls = 0;
    g_assert_null(run_loader((const char *[]){ fprop, "cpu-num=0", NULL }));
    g_assert_cmpint(hook_calls, ==, 1);
    g_assert_cmphex(hook_pc, ==, 0x40080040);
    g_assert_cmpuint(rom_list()->len, ==, 2);
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40080000);

    /* Without cpu-num: loaded, no PC. */
    rom_clear_all();
    hook_calls = 0;
    g_assert_null(run_loader((const char *[]){ fprop, NULL }));
    g_assert_cmpint(hook_calls, ==, 0);
    g_assert_cmpuint(rom_list()->len, ==, 2);

    /* force-raw: the ELF byte for byte at addr */
    rom_clear_all();
    g_assert_null(run_loader((const char *[]){ fprop, "force-raw=on", "addr=0x40400000",
                                               "cpu-num=0", NULL }));
    g_assert_cmpuint(rom_list()->len, ==, 1);
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40400000);
    g_assert_cmpmem(rom_n(0)->data, rom_n(0)->size, elf, len);
    g_assert_cmphex(hook_pc, ==, 0x40400000);

    /* raw file: needs addr */
    g_autofree char *rpath = write_tmp("loader.bin", "\xde\xad\xbe\xef", 4);
    g_autofree char *rprop = g_strdup_printf("file=%s", rpath);
    rom_clear_all();
    g_autofree char *msg = run_loader((const char *[]){ rprop, NULL });
    g_autofree char *want = g_strdup_printf(
        "loader: addr is required to load '%s' as a raw image", rpath);
    g_assert_cmpstr(msg, ==, want);
    g_assert_null(run_loader((const char *[]){ rprop, "addr=0x40500000", NULL }));
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40500000);
    g_assert_cmpstr(rom_n(0)->name, ==, rpath);

    /* uImage file: its own load address and entry */
    rom_clear_all();
    g_autofree uint8_t *ui = make_uimage(2, 0, 5, 0x40600000, 0x40600010,
                                         (const uint8_t *)"payload!", 8, &len);
    g_autofree char *upath = write_tmp("loader.uimg", ui, len);
    g_autofree char *uprop = g_strdup_printf("file=%s", upath);
    g_assert_null(run_loader((const char *[]){ uprop, "cpu-num=1", NULL }));
    g_assert_cmphex(rom_n(0)->addr, ==, 0x40600000);
    g_assert_cmphex(hook_pc, ==, 0x40600010);

    /* file combined with data; a bad ELF; a missing file */
    rom_clear_all();
    g_autofree char *m1 = run_loader((const char *[]){ fprop, "data=1", "data-len=4",
                                                       "addr=0x40000000", NULL });
    g_assert_cmpstr(m1, ==, "loader: file cannot be combined with data/data-len/data-be");
    g_autofree uint8_t *x86 = make_elf(EM_X86_64, ELFCLASS64, ELFDATA2LSB, 0, segs, 2, &len);
    g_autofree char *xpath = write_tmp("loader-x86.elf", x86, len);
    g_autofree char *xprop = g_strdup_printf("file=%s", xpath);
    g_autofree char *m2 = run_loader((const char *[]){ xprop, NULL });
    g_assert_true(g_str_has_prefix(m2, "loader: "));
    g_assert_nonnull(strstr(m2, "not AArch64"));
    g_autofree char *m3 = run_loader((const char *[]){ "file=/no/such/file", NULL });
    g_assert_cmpstr(m3, ==, "loader: /no/such/file: No such file or directory");
    g_assert_cmpuint(rom_list()->len, ==, 0);
    generic_loader_set_pc_hook(NULL);
    rom_clear_all();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("a64emu-loader-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/loader/image/text-offset-0", test_image_text_offset0);
    g_test_add_func("/loader/image/text-offset", test_image_text_offset_nonzero);
    g_test_add_func("/loader/image/old-kernel", test_image_old_kernel);
    g_test_add_func("/loader/image/gz", test_image_gz);
    g_test_add_func("/loader/image/gz-bad", test_gz_bad);
    g_test_add_func("/loader/raw", test_raw);
    g_test_add_func("/loader/file-errors", test_missing_and_empty);
    g_test_add_func("/loader/elf/load", test_elf);
    g_test_add_func("/loader/elf/rejected", test_elf_rejected);
    g_test_add_func("/loader/elf/vmlinux", test_elf_vmlinux);
    g_test_add_func("/loader/uimage", test_uimage);
    g_test_add_func("/loader/rom/layout", test_rom_layout);
    g_test_add_func("/loader/boot/stub", test_stub_words);
    g_test_add_func("/loader/boot/mini-virt", test_mini_virt_placement);
    g_test_add_func("/loader/boot/initrd-above-kernel", test_initrd_above_kernel);
    g_test_add_func("/loader/boot/initrd-too-big", test_initrd_too_big);
    g_test_add_func("/loader/boot/initrd-uimage", test_initrd_uimage);
    g_test_add_func("/loader/boot/bare-metal-elf", test_boot_bare_metal_elf);
    g_test_add_func("/loader/boot/errors", test_boot_errors);
    g_test_add_func("/loader/boot/no-kernel", test_boot_no_kernel);
    g_test_add_func("/loader/generic-loader", test_generic_loader);

    int rc = g_test_run();
    testutil_remove_dir(tmpdir);
    return rc;
}
