/* test-fdt.c: the generated mini-virt device tree (checked with libfdt and
 * through dtc), and the per-boot patching of generated and user trees. */
#include "testutil.h"
#include <string.h>
#include <glib/gstdio.h>
#include <libfdt.h>
#include "boot/boot.h"

#define GiB (1024ULL * 1024 * 1024)

static char *tmpdir;

static const uint64_t mpidr2[2] = { 0, 1 };
static const FdtMachineDesc desc = {
    .ram_base = 0x40000000, .ram_size = 4 * GiB, .ncpus = 2, .mpidr = mpidr2,
    .cpu_compatible = "arm,cortex-a57",
    .gicd_base = 0x08000000, .gicd_size = 0x10000,
    .gicr_base = 0x080a0000, .gicr_size = 0x40000,
    .uart_base = 0x09000000, .uart_size = 0x1000, .uart_spi = 1, .psci_method = "smc",
    .pmu = true, .pmu_ppi = 7,
};

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);
    if (off < 0) {
        g_error("node %s: %s", path, fdt_strerror(off));
    }
    return off;
}

/* The property's bytes, asserting its length. */
static const void *prop(const void *fdt, const char *path, const char *name, int want_len)
{
    int len;
    const void *v = fdt_getprop(fdt, node(fdt, path), name, &len);
    if (!v) {
        g_error("%s/%s: missing", path, name);
    }
    if (want_len >= 0) {
        g_assert_cmpint(len, ==, want_len);
    }
    return v;
}

static void check_str(const void *fdt, const char *path, const char *name, const char *want)
{
    g_assert_cmpstr(prop(fdt, path, name, strlen(want) + 1), ==, want);
}

/* A NUL-separated string list, given as "a\0b" with its sizeof. */
static void check_strlist(const void *fdt, const char *path, const char *name,
                          const char *want, int want_size)
{
    const void *v = prop(fdt, path, name, want_size);
    g_assert_cmpmem(v, want_size, want, want_size);
}

static void check_cells(const void *fdt, const char *path, const char *name,
                        const uint32_t *want, int n)
{
    const fdt32_t *v = prop(fdt, path, name, n * 4);
    for (int i = 0; i < n; i++) {
        g_assert_cmphex(fdt32_to_cpu(v[i]), ==, want[i]);
    }
}

static uint32_t u32(const void *fdt, const char *path, const char *name)
{
    return fdt32_to_cpu(*(const fdt32_t *)prop(fdt, path, name, 4));
}

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_build(void)
{
    GError *err = NULL;
    g_autofree void *fdt = fdt_build_mini_virt(&desc, &err);
    g_assert_no_error(err);
    g_assert_nonnull(fdt);
    g_assert_cmpint(fdt_check_full(fdt, fdt_totalsize(fdt)), ==, 0);

    g_assert_cmpuint(u32(fdt, "/", "#address-cells"), ==, 2);
    g_assert_cmpuint(u32(fdt, "/", "#size-cells"), ==, 2);
    check_str(fdt, "/", "compatible", "linux,dummy-virt");

    g_assert_cmpuint(u32(fdt, "/cpus", "#address-cells"), ==, 1);
    g_assert_cmpuint(u32(fdt, "/cpus", "#size-cells"), ==, 0);
    for (int i = 0; i < 2; i++) {
        g_autofree char *p = g_strdup_printf("/cpus/cpu@%d", i);
        check_str(fdt, p, "device_type", "cpu");
        check_str(fdt, p, "compatible", "arm,cortex-a57");
        check_str(fdt, p, "enable-method", "psci");
        g_assert_cmpuint(u32(fdt, p, "reg"), ==, i);
    }
    /* cpu@0 comes first (Linux numbers CPUs in tree order). */
    int first = fdt_first_subnode(fdt, node(fdt, "/cpus"));
    g_assert_cmpstr(fdt_get_name(fdt, first, NULL), ==, "cpu@0");

    check_str(fdt, "/memory@40000000", "device_type", "memory");
    check_cells(fdt, "/memory@40000000", "reg", (uint32_t[]){ 0, 0x40000000, 1, 0 }, 4);

    const char *gic = "/intc@8000000";
    check_str(fdt, gic, "compatible", "arm,gic-v3");
    prop(fdt, gic, "interrupt-controller", 0);
    prop(fdt, gic, "ranges", 0);
    g_assert_cmpuint(u32(fdt, gic, "#interrupt-cells"), ==, 3);
    g_assert_cmpuint(u32(fdt, gic, "#address-cells"), ==, 2);
    g_assert_cmpuint(u32(fdt, gic, "#size-cells"), ==, 2);
    g_assert_cmpuint(u32(fdt, gic, "#redistributor-regions"), ==, 1);
    check_cells(fdt, gic, "reg",
                (uint32_t[]){ 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x40000 }, 8);
    uint32_t gic_ph = fdt_get_phandle(fdt, node(fdt, gic));
    g_assert_cmpuint(gic_ph, !=, 0);
    g_assert_cmpuint(u32(fdt, "/", "interrupt-parent"), ==, gic_ph);

    static const char timer_compat[] = "arm,armv8-timer\0arm,armv7-timer";
    check_strlist(fdt, "/timer", "compatible", timer_compat, sizeof(timer_compat));
    prop(fdt, "/timer", "always-on", 0);
    check_cells(fdt, "/timer", "interrupts",
                (uint32_t[]){ 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4 }, 12);

    check_str(fdt, "/pmu", "compatible", "arm,armv8-pmuv3");
    check_cells(fdt, "/pmu", "interrupts", (uint32_t[]){ 1, 7, 4 }, 3);

    check_str(fdt, "/apb-pclk", "compatible", "fixed-clock");
    g_assert_cmpuint(u32(fdt, "/apb-pclk", "#clock-cells"), ==, 0);
    g_assert_cmpuint(u32(fdt, "/apb-pclk", "clock-frequency"), ==, 24000000);
    check_str(fdt, "/apb-pclk", "clock-output-names", "clk24mhz");
    uint32_t clk_ph = fdt_get_phandle(fdt, node(fdt, "/apb-pclk"));
    g_assert_cmpuint(clk_ph, !=, 0);
    g_assert_cmpuint(clk_ph, !=, gic_ph);

    const char *uart = "/pl011@9000000";
    static const char uart_compat[] = "arm,pl011\0arm,primecell";
    static const char clock_names[] = "uartclk\0apb_pclk";
    check_strlist(fdt, uart, "compatible", uart_compat, sizeof(uart_compat));
    check_cells(fdt, uart, "reg", (uint32_t[]){ 0, 0x09000000, 0, 0x1000 }, 4);
    check_cells(fdt, uart, "interrupts", (uint32_t[]){ 0, 1, 4 }, 3);
    check_cells(fdt, uart, "clocks", (uint32_t[]){ clk_ph, clk_ph }, 2);
    check_strlist(fdt, uart, "clock-names", clock_names, sizeof(clock_names));

    static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    check_strlist(fdt, "/psci", "compatible", psci_compat, sizeof(psci_compat));
    check_str(fdt, "/psci", "method", "smc");
    g_assert_cmphex(u32(fdt, "/psci", "cpu_suspend"), ==, 0xc4000001);
    g_assert_cmphex(u32(fdt, "/psci", "cpu_off"), ==, 0x84000002);
    g_assert_cmphex(u32(fdt, "/psci", "cpu_on"), ==, 0xc4000003);
    g_assert_cmphex(u32(fdt, "/psci", "migrate"), ==, 0xc4000005);

    check_str(fdt, "/chosen", "stdout-path", uart);
    check_str(fdt, "/aliases", "serial0", uart);
    /* Nothing per-boot yet. */
    g_assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "bootargs", NULL));
    /* The seeds are placeholders (zeros) that fdt_patch_boot fills, there so that
     * /chosen lists stdout-path, rng-seed, kaslr-seed in QEMU's order. */
    {
        int len, off = node(fdt, "/chosen");
        const uint8_t *seed = fdt_getprop(fdt, off, "kaslr-seed", &len);
        g_assert_nonnull(seed);
        g_assert_cmpint(len, ==, 8);
        g_assert_cmphex(seed[0] | seed[7], ==, 0);
        int first = fdt_first_property_offset(fdt, off);
        g_assert_cmpstr(fdt_string(fdt, fdt32_to_cpu(((const struct fdt_property *)
                        fdt_offset_ptr(fdt, first, 0))->nameoff)), ==, "stdout-path");
    }

    /* Exactly these nodes under the root (in any order). */
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    int n;
    fdt_for_each_subnode(n, fdt, 0) {
        g_ptr_array_add(names, (char *)fdt_get_name(fdt, n, NULL));
    }
    g_ptr_array_sort(names, cmp_str_ptr);
    g_ptr_array_add(names, NULL);
    g_autofree char *joined = g_strjoinv(" ", (char **)names->pdata);
    g_assert_cmpstr(joined, ==, "aliases apb-pclk chosen cpus intc@8000000 memory@40000000 "
                    "pl011@9000000 pmu psci timer");
}

/* The flash node as QEMU's virt has it: both banks in one reg, bank-width 4. */
static void test_build_flash(void)
{
    FdtMachineDesc d = desc;
    d.flash_base = 0;
    d.flash_bank_size = 0x4000000;
    d.flash_banks = 2;
    d.flash_bank_width = 4;
    g_autofree void *fdt = fdt_build_mini_virt(&d, NULL);
    g_assert_nonnull(fdt);
    check_str(fdt, "/flash@0", "compatible", "cfi-flash");
    check_cells(fdt, "/flash@0", "reg",
                (uint32_t[]){ 0, 0, 0, 0x4000000, 0, 0x4000000, 0, 0x4000000 }, 8);
    g_assert_cmpuint(u32(fdt, "/flash@0", "bank-width"), ==, 4);
}

static void test_build_wide_mpidr(void)
{
    /* Aff3 set: cpus needs two address cells. */
    uint64_t mp[3] = { 0, 0x100, 0x0100000000ULL | 0x80000000ULL /* U bit dropped */ };
    FdtMachineDesc d = desc;
    d.ncpus = 3;
    d.mpidr = mp;
    d.psci_method = "hvc";
    d.pmu = false;
    g_autofree void *fdt = fdt_build_mini_virt(&d, NULL);
    g_assert_nonnull(fdt);
    g_assert_cmpuint(u32(fdt, "/cpus", "#address-cells"), ==, 2);
    check_cells(fdt, "/cpus/cpu@100", "reg", (uint32_t[]){ 0, 0x100 }, 2);
    check_cells(fdt, "/cpus/cpu@100000000", "reg", (uint32_t[]){ 1, 0 }, 2);
    check_str(fdt, "/psci", "method", "hvc");
    g_assert_cmpint(fdt_path_offset(fdt, "/pmu"), ==, -FDT_ERR_NOTFOUND);

    GError *err = NULL;
    d.ncpus = 0;
    g_assert_null(fdt_build_mini_virt(&d, &err));
    g_assert_nonnull(err);
    g_clear_error(&err);
}

static bool run(const char *const *argv, char **out, char **errout, const char *in_file)
{
    gint status;
    GError *err = NULL;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      out, errout, &status, &err)) {
        g_test_message("spawn %s: %s", argv[0], err->message);
        g_error_free(err);
        return false;
    }
    return g_spawn_check_wait_status(status, NULL);
}

static void test_dtc(void)
{
    g_autofree char *dtc = g_find_program_in_path("dtc");
    if (!dtc) {
        g_test_skip("dtc not installed");
        return;
    }
    g_autofree void *fdt = fdt_build_mini_virt(&desc, NULL);
    g_assert_true(fdt_patch_boot(&fdt, "console=ttyAMA0", 0x48000000, 0x2000000,
                                 0x40000000, 4 * GiB, NULL));
    g_autofree char *path = g_build_filename(tmpdir, "virt.dtb", NULL);
    g_assert_true(g_file_set_contents(path, fdt, fdt_totalsize(fdt), NULL));
    g_autofree char *out = NULL, *errs = NULL;
    const char *argv[] = { dtc, "-I", "dtb", "-O", "dts", "-o", "-", path, NULL };
    g_assert_true(run(argv, &out, &errs, NULL));
    g_test_message("dtc stderr: %s", errs);
    /* dtc's checks (unit address vs reg, phandle references, ...) are quiet. */
    g_assert_cmpstr(errs, ==, "");

    static const char *const want[] = {
        "compatible = \"linux,dummy-virt\";",
        "#address-cells = <0x02>;",
        "cpu@0 {", "cpu@1 {",
        "enable-method = \"psci\";",
        "memory@40000000 {",
        "reg = <0x00 0x40000000 0x01 0x00>;",
        "intc@8000000 {",
        "compatible = \"arm,gic-v3\";",
        "interrupt-controller;",
        "reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x40000>;",
        "compatible = \"arm,armv8-timer\", \"arm,armv7-timer\";|compatible = \"arm,armv8-timer\\0arm,armv7-timer\";",
        "always-on;",
        "interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>;",
        "clock-frequency = <0x16e3600>;",
        "clock-output-names = \"clk24mhz\";",
        "pl011@9000000 {",
        "compatible = \"arm,pl011\", \"arm,primecell\";|compatible = \"arm,pl011\\0arm,primecell\";",
        "interrupts = <0x00 0x01 0x04>;",
        "clock-names = \"uartclk\", \"apb_pclk\";|clock-names = \"uartclk\\0apb_pclk\";",
        "compatible = \"arm,psci-1.0\", \"arm,psci-0.2\", \"arm,psci\";|"
        "compatible = \"arm,psci-1.0\\0arm,psci-0.2\\0arm,psci\";",
        "method = \"smc\";",
        "stdout-path = \"/pl011@9000000\";",
        "bootargs = \"console=ttyAMA0\";",
        "linux,initrd-start = <0x00 0x48000000>;",
        "linux,initrd-end = <0x00 0x4a000000>;",
        "kaslr-seed = <",
        "rng-seed = <",
        "serial0 = \"/pl011@9000000\";",
    };
    /* dtc versions differ in how they print string lists: "a", "b" or "a\0b". */
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        g_auto(GStrv) alts = g_strsplit(want[i], "|", -1);
        bool found = false;
        for (int j = 0; alts[j]; j++) {
            found |= strstr(out, alts[j]) != NULL;
        }
        if (!found) {
            g_test_message("dts:\n%s", out);
            g_error("dtc output lacks: %s", want[i]);
        }
    }
}

/* A user's tree, compiled by dtc when present, else built with libfdt. */
static void *user_dtb(const char *dts, bool *from_dtc)
{
    g_autofree char *dtc = g_find_program_in_path("dtc");
    *from_dtc = false;
    if (!dtc) {
        return NULL;
    }
    g_autofree char *src = g_build_filename(tmpdir, "user.dts", NULL);
    g_autofree char *dst = g_build_filename(tmpdir, "user.dtb", NULL);
    g_assert_true(g_file_set_contents(src, dts, -1, NULL));
    const char *argv[] = { dtc, "-q", "-I", "dts", "-O", "dtb", "-o", dst, src, NULL };
    g_autofree char *out = NULL, *errs = NULL;
    g_assert_true(run(argv, &out, &errs, NULL));
    char *data;
    gsize len;
    g_assert_true(g_file_get_contents(dst, &data, &len, NULL));
    g_assert_cmpint(fdt_check_full(data, len), ==, 0);
    *from_dtc = true;
    return data;
}

static void test_patch_user_1cell(void)
{
    bool ok;
    g_autofree void *fdt = user_dtb(
        "/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n"
        " memory { device_type = \"memory\"; reg = <0x0 0x1000>; };\n"
        " uart@1000 { compatible = \"x\"; };\n};\n", &ok);
    if (!ok) {
        g_test_skip("dtc not installed");
        return;
    }
    GError *err = NULL;
    g_assert_true(fdt_patch_boot(&fdt, "root=/dev/vda", 0x48000000, 0x1000,
                                 0x40000000, 0x20000000, &err));
    g_assert_no_error(err);
    g_assert_cmpint(fdt_check_full(fdt, fdt_totalsize(fdt)), ==, 0);
    check_str(fdt, "/chosen", "bootargs", "root=/dev/vda");           /* /chosen created */
    check_cells(fdt, "/chosen", "linux,initrd-start", (uint32_t[]){ 0x48000000 }, 1);
    check_cells(fdt, "/chosen", "linux,initrd-end", (uint32_t[]){ 0x48001000 }, 1);
    check_cells(fdt, "/memory", "reg", (uint32_t[]){ 0x40000000, 0x20000000 }, 2);
    prop(fdt, "/chosen", "kaslr-seed", 8);
    prop(fdt, "/chosen", "rng-seed", 32);
    check_str(fdt, "/uart@1000", "compatible", "x");  /* the rest untouched */

    /* 4 GiB of RAM cannot be said in one size cell. */
    g_assert_false(fdt_patch_boot(&fdt, NULL, 0, 0, 0x40000000, 4 * GiB, &err));
    g_assert_nonnull(strstr(err->message, "does not fit"));
    g_clear_error(&err);
}

static void test_patch_user_2cell(void)
{
    bool ok;
    g_autofree void *fdt = user_dtb(
        "/dts-v1/;\n/ {\n #address-cells = <2>;\n #size-cells = <2>;\n"
        " chosen { bootargs = \"old\"; stdout-path = \"/u\"; };\n"
        " memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x1000>; };\n"
        " memory@90000000 { device_type = \"memory\"; reg = <0 0x90000000 0 0x1000>; };\n"
        "};\n", &ok);
    if (!ok) {
        g_test_skip("dtc not installed");
        return;
    }
    g_assert_true(fdt_patch_boot(&fdt, "new args", 0, 0, 0x40000000, 4 * GiB, NULL));
    check_str(fdt, "/chosen", "bootargs", "new args");
    check_str(fdt, "/chosen", "stdout-path", "/u");
    g_assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-start", NULL));
    /* The first memory node carries the RAM. */
    check_cells(fdt, "/memory@80000000", "reg", (uint32_t[]){ 0, 0x40000000, 1, 0 }, 4);

    /* NULL bootargs leaves the user's alone. */
    g_assert_true(fdt_patch_boot(&fdt, NULL, 0, 0, 0x40000000, 4 * GiB, NULL));
    check_str(fdt, "/chosen", "bootargs", "new args");
}

static void test_patch_no_memory_and_grow(void)
{
    /* A minimal, packed tree built with libfdt: every addition must grow it. */
    g_autofree void *fdt = g_malloc(256);
    g_assert_cmpint(fdt_create_empty_tree(fdt, 256), ==, 0);
    g_assert_cmpint(fdt_setprop_u32(fdt, 0, "#address-cells", 2), ==, 0);
    g_assert_cmpint(fdt_setprop_u32(fdt, 0, "#size-cells", 2), ==, 0);
    g_assert_cmpint(fdt_pack(fdt), ==, 0);
    g_autofree char *args = g_strnfill(3000, 'a');

    GError *err = NULL;
    g_assert_true(fdt_patch_boot(&fdt, args, 0x48000000, 0x100, 0x40000000, 4 * GiB, &err));
    g_assert_no_error(err);
    g_assert_cmpint(fdt_check_full(fdt, fdt_totalsize(fdt)), ==, 0);
    g_assert_cmpuint(fdt_totalsize(fdt), >, 3000);
    check_str(fdt, "/chosen", "bootargs", args);
    check_str(fdt, "/memory@40000000", "device_type", "memory");
    check_cells(fdt, "/memory@40000000", "reg", (uint32_t[]){ 0, 0x40000000, 1, 0 }, 4);
    check_cells(fdt, "/chosen", "linux,initrd-end", (uint32_t[]){ 0, 0x48000100 }, 2);
}

static void test_seeds_differ(void)
{
    g_autofree void *a = fdt_build_mini_virt(&desc, NULL);
    g_autofree void *b = fdt_build_mini_virt(&desc, NULL);
    g_assert_true(fdt_patch_boot(&a, NULL, 0, 0, 0x40000000, 4 * GiB, NULL));
    g_assert_true(fdt_patch_boot(&b, NULL, 0, 0, 0x40000000, 4 * GiB, NULL));
    const void *ka = prop(a, "/chosen", "kaslr-seed", 8);
    const void *kb = prop(b, "/chosen", "kaslr-seed", 8);
    const void *ra = prop(a, "/chosen", "rng-seed", 32);
    const void *rb = prop(b, "/chosen", "rng-seed", 32);
    g_assert_true(memcmp(ka, kb, 8) != 0);
    g_assert_true(memcmp(ra, rb, 32) != 0);
    /* Re-patching the same tree refreshes them too. */
    uint8_t before[32];
    memcpy(before, ra, 32);
    g_assert_true(fdt_patch_boot(&a, NULL, 0, 0, 0x40000000, 4 * GiB, NULL));
    g_assert_true(memcmp(before, prop(a, "/chosen", "rng-seed", 32), 32) != 0);
}

static void test_garbage(void)
{
    GError *err = NULL;
    g_autofree void *junk = g_malloc0(256);
    memcpy(junk, "not a dtb at all", 16);
    g_assert_false(fdt_patch_boot(&junk, "x", 0, 0, 0x40000000, GiB, &err));
    g_assert_cmpstr(err->message, ==, "device tree: header: FDT_ERR_BADMAGIC");
    g_clear_error(&err);

    /* Through -dtb: a valid tree cut short, and one with a damaged header. */
    g_autofree void *fdt = fdt_build_mini_virt(&desc, NULL);
    fdt_pack(fdt);
    g_autofree char *cut = g_build_filename(tmpdir, "cut.dtb", NULL);
    g_assert_true(g_file_set_contents(cut, fdt, fdt_totalsize(fdt) - 100, NULL));
    BootInfo bi = { .ram_base = 0x40000000, .ram_size = GiB, .dtb_file = cut };
    rom_clear_all();
    g_assert_false(boot_load(&bi, &err));
    g_autofree char *want = g_strdup_printf("%s: invalid device tree: FDT_ERR_TRUNCATED", cut);
    g_assert_cmpstr(err->message, ==, want);
    g_clear_error(&err);

    ((fdt32_t *)fdt)[5] = cpu_to_fdt32(99);     /* version */
    ((fdt32_t *)fdt)[6] = cpu_to_fdt32(99);     /* last compatible version */
    g_autofree char *ver = g_build_filename(tmpdir, "ver.dtb", NULL);
    g_assert_true(g_file_set_contents(ver, fdt, fdt_totalsize(fdt), NULL));
    bi.dtb_file = ver;
    g_assert_false(boot_load(&bi, &err));
    g_autofree char *want2 = g_strdup_printf("%s: invalid device tree: %s", ver,
                                             fdt_strerror(-FDT_ERR_BADVERSION));
    g_assert_cmpstr(err->message, ==, want2);
    g_clear_error(&err);
    g_assert_cmpuint(rom_list()->len, ==, 0);
}

static void test_user_dtb_boot(void)
{
    /* -dtb replaces the generated tree; it is patched like ours. */
    g_autofree void *fdt = fdt_build_mini_virt(&desc, NULL);
    fdt_del_node(fdt, fdt_path_offset(fdt, "/chosen"));
    fdt_pack(fdt);
    g_autofree char *path = g_build_filename(tmpdir, "mine.dtb", NULL);
    g_assert_true(g_file_set_contents(path, fdt, fdt_totalsize(fdt), NULL));
    BootInfo bi = { .ram_base = 0x40000000, .ram_size = 2 * GiB, .dtb_file = path };
    rom_clear_all();
    GError *err = NULL;
    g_assert_true(boot_load(&bi, &err));
    g_assert_no_error(err);
    const Rom *r = rom_list()->pdata[0];
    g_assert_cmpstr(r->name, ==, "dtb");
    check_cells(r->data, "/memory@40000000", "reg", (uint32_t[]){ 0, 0x40000000, 0, 0x80000000 },
                4);
    prop(r->data, "/chosen", "rng-seed", 32);
    rom_clear_all();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("a64emu-fdt-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/fdt/build", test_build);
    g_test_add_func("/fdt/build-wide-mpidr", test_build_wide_mpidr);
    g_test_add_func("/fdt/build-flash", test_build_flash);
    g_test_add_func("/fdt/dtc", test_dtc);
    g_test_add_func("/fdt/patch/user-1cell", test_patch_user_1cell);
    g_test_add_func("/fdt/patch/user-2cell", test_patch_user_2cell);
    g_test_add_func("/fdt/patch/no-memory-grow", test_patch_no_memory_and_grow);
    g_test_add_func("/fdt/patch/seeds", test_seeds_differ);
    g_test_add_func("/fdt/garbage", test_garbage);
    g_test_add_func("/fdt/user-dtb-boot", test_user_dtb_boot);
    int rc = g_test_run();
    testutil_remove_dir(tmpdir);
    return rc;
}
