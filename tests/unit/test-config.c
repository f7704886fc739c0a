/* test-config.c: the command line (qemu-system-aarch64 spelling) and the
 * -readconfig INI reader of src/core/options.c. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "core/log.h"
#include "core/options.h"

static char *tmp_dir;
static char *argv0_dir;

/* Parse "a64emu ARGS..." (NULL-terminated) into a fresh o. */
static bool parse(Options *o, GError **errp, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    va_list ap;
    bool ok;

    g_ptr_array_add(argv, (char *)"a64emu");
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    options_init(o);
    ok = options_parse(o, (int)argv->len - 1, (char **)argv->pdata, errp);
    g_ptr_array_free(argv, TRUE);
    return ok;
}

#define PARSE_OK(o, ...)                                                      \
    do {                                                                      \
        g_autoptr(GError) err_ = NULL;                                        \
        bool ok_ = parse(o, &err_, __VA_ARGS__, NULL);                        \
        g_assert_no_error(err_);                                              \
        g_assert_true(ok_);                                                   \
    } while (0)

/* The parse must fail with a message containing every string in needles. */
static void expect_fail_v(const char *const *needles, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    Options o;
    va_list ap;

    g_ptr_array_add(argv, (char *)"a64emu");
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    options_init(&o);
    if (options_parse(&o, (int)argv->len - 1, (char **)argv->pdata, &err)) {
        g_autofree char *line = g_strjoinv(" ", (char **)argv->pdata);
        g_error("'%s' was accepted", line);
    }
    g_assert_nonnull(err);
    for (const char *const *n = needles; *n; n++) {
        if (!strstr(err->message, *n)) {
            g_error("error '%s' lacks '%s'", err->message, *n);
        }
    }
    options_free(&o);
    g_ptr_array_free(argv, TRUE);
}

#define FAIL(needles, ...) expect_fail_v((const char *const[]){ STRIP_PARENS needles, NULL }, __VA_ARGS__, NULL)
#define STRIP_PARENS(...) __VA_ARGS__

static char *write_tmp(const char *name, const char *text)
{
    char *path = g_build_filename(tmp_dir, name, NULL);
    g_autoptr(GError) err = NULL;
    g_assert_true(g_file_set_contents(path, text, -1, &err));
    return path;
}

/* ---------------- sizes ---------------- */

static void test_size(void)
{
    static const struct { const char *s; uint64_t v; } good[] = {
        { "1.5G", 1610612736ull },
        { "4G", 4ull << 30 },
        { "512", 512ull << 20 },           /* plain number = MiB */
        { "0.5", 512ull << 10 },
        { "4096K", 4ull << 20 },
        { "4096k", 4ull << 20 },
        { "128M", 128ull << 20 },
        { "1T", 1ull << 40 },
        { "2GiB", 2ull << 30 },
        { "2gb", 2ull << 30 },
        { "2MB", 2ull << 20 },
        { "65536B", 65536 },
        { "size=4G", 4ull << 30 },
        { "size=1024", 1ull << 30 },
        { "0.25G", 256ull << 20 },
        { "16777215T", 16777215ull << 40 },   /* largest T that fits */
    };
    static const char *const bad[] = {
        "abc", "0", "-1", "18446744073709551616", "4Q", "", "4G junk", "1.5B",
        "0.0", "G", "16777216T", "17179869184G", "4G,slots=2", " 4G", "4GG",
        "size=", "1e9", "0x100", "4Gi", "+4G", "size=abc",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autoptr(GError) err = NULL;
        uint64_t v = 0;
        g_assert_true(options_parse_size(good[i].s, &v, &err));
        g_assert_no_error(err);
        if (v != good[i].v) {
            g_error("%s: got %" G_GUINT64_FORMAT " want %" G_GUINT64_FORMAT,
                    good[i].s, v, good[i].v);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_autofree char *want = g_strdup_printf("-m %s: invalid RAM size", bad[i]);
        uint64_t v = 12345;
        g_assert_false(options_parse_size(bad[i], &v, &err));
        g_assert_nonnull(err);
        if (!g_str_has_prefix(err->message, want)) {
            g_error("'%s': message '%s'", bad[i], err->message);
        }
        g_assert_cmpuint(v, ==, 12345);     /* untouched on error */
    }

    /* Through the command line, both spellings. */
    Options o;
    PARSE_OK(&o, "-m", "4G");
    g_assert_cmpuint(o.ram_size, ==, 4ull << 30);
    options_free(&o);
    PARSE_OK(&o, "-m", "size=256", "--m", "1.5G");
    g_assert_cmpuint(o.ram_size, ==, 1610612736ull);
    options_free(&o);
    FAIL(("-m abc: invalid RAM size"), "-m", "abc");
    FAIL(("-m 0: invalid RAM size"), "-m", "0");
    FAIL(("-m 4Q", "suffix"), "-m", "4Q");
    FAIL(("-m", "requires an argument"), "-m");
}

/* ---------------- -M / -cpu / -smp ---------------- */

static void test_machine(void)
{
    Options o;

    options_init(&o);
    g_assert_null(o.machine_type);
    g_assert_cmpint(o.gic_version, ==, 0);
    options_free(&o);

    PARSE_OK(&o, "-M", "virt");
    g_assert_cmpstr(o.machine_type, ==, "virt");
    options_free(&o);

    PARSE_OK(&o, "-machine", "mini-virt,gic-version=3,dumpdtb=out.dtb");
    g_assert_cmpstr(o.machine_type, ==, "mini-virt");
    g_assert_cmpint(o.gic_version, ==, 3);
    g_assert_cmpstr(o.dumpdtb, ==, "out.dtb");
    options_free(&o);

    PARSE_OK(&o, "--machine", "type=virt,gic-version=max");
    g_assert_cmpstr(o.machine_type, ==, "virt");
    g_assert_cmpint(o.gic_version, ==, 3);
    options_free(&o);

    /* Options without a type keep the earlier one; ",," is a literal comma. */
    PARSE_OK(&o, "-M", "virt", "-M", "dumpdtb=a,,b.dtb,firmware=fw.bin");
    g_assert_cmpstr(o.machine_type, ==, "virt");
    g_assert_cmpstr(o.dumpdtb, ==, "a,b.dtb");
    g_assert_cmpstr(o.bios, ==, "fw.bin");
    options_free(&o);

    PARSE_OK(&o, "-M", "help");
    g_assert_cmpint(o.action, ==, ACTION_MACHINE_HELP);
    options_free(&o);
    PARSE_OK(&o, "-M", "?");
    g_assert_cmpint(o.action, ==, ACTION_MACHINE_HELP);
    options_free(&o);

    FAIL(("-M virt,gic-version=2", "only GICv3"), "-M", "virt,gic-version=2");
    FAIL(("gic-version=host"), "-M", "virt,gic-version=host");
    FAIL(("unknown machine option 'foo'"), "-M", "virt,foo=1");
    FAIL(("unknown machine option 'highmem'"), "-machine", "virt,highmem");
    FAIL(("empty item"), "-M", "virt,");
    FAIL(("empty machine type"), "-M", "type=");
    FAIL(("dumpdtb", "empty file name"), "-M", "virt,dumpdtb=");
    FAIL(("-M", "requires an argument"), "-M");
}

static void test_cpu(void)
{
    Options o;

    PARSE_OK(&o, "-cpu", "cortex-a57");
    g_assert_cmpstr(o.cpu_model, ==, "cortex-a57");
    g_assert_cmpint(o.action, ==, ACTION_RUN);
    options_free(&o);
    PARSE_OK(&o, "-cpu", "max", "-cpu", "cortex-a53");
    g_assert_cmpstr(o.cpu_model, ==, "cortex-a53");
    options_free(&o);
    PARSE_OK(&o, "-cpu", "help");
    g_assert_cmpint(o.action, ==, ACTION_CPU_HELP);
    options_free(&o);
    PARSE_OK(&o, "--cpu", "?");
    g_assert_cmpint(o.action, ==, ACTION_CPU_HELP);
    options_free(&o);
    FAIL(("-cpu", "empty CPU model"), "-cpu", "");
    FAIL(("-cpu", "requires an argument"), "-cpu");
}

static void test_smp(void)
{
    static const struct { const char *s; unsigned n; } good[] = {
        { "1", 1 }, { "2", 2 }, { "123", 123 }, { "cpus=4", 4 },
        { "cpus=4,maxcpus=8", 4 }, { "sockets=2,cores=2,threads=2", 8 },
        { "maxcpus=6", 6 }, { "4,sockets=1,cores=4", 4 }, { "cores=3", 3 },
        { "2,sockets=2,cores=2", 2 },
    };
    static const struct { const char *s; const char *msg; } bad[] = {
        { "0", "cpus=0" }, { "124", "cpus=124" }, { "abc", "cpus=abc" },
        { "-1", "cpus=-1" }, { "2x", "cpus=2x" }, { "", "empty item" },
        { "sockets=16,cores=16", "256 CPUs" },
        { "cpus=4,sockets=1,cores=2", "maxcpus" },
        { "cpus=4,maxcpus=2", "maxcpus=2 is less than cpus=4" },
        { "cpus=2,maxcpus=200", "maxcpus=200" },
        { "4,foo=1", "unknown option 'foo'" },
        { "4,sockets=2,cores=2,maxcpus=8", "topology gives 4 CPUs but maxcpus is 8" },
        { "99999999999999999999", "not a number" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        Options o;
        PARSE_OK(&o, "-smp", good[i].s);
        if (o.smp != good[i].n) {
            g_error("-smp %s: got %u want %u", good[i].s, o.smp, good[i].n);
        }
        options_free(&o);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *head = g_strdup_printf("-smp %s:", bad[i].s);
        FAIL((head, bad[i].msg), "-smp", bad[i].s);
    }
    Options o;
    PARSE_OK(&o, "-smp", "4", "--smp", "2");
    g_assert_cmpuint(o.smp, ==, 2);
    options_free(&o);
}

/* ---------------- files, display, chardevs, gdb ---------------- */

static void test_files(void)
{
    Options o;

    PARSE_OK(&o, "-kernel", "Image", "-initrd", "rd.cpio", "-append", "console=ttyAMA0 quiet",
             "-dtb", "b.dtb", "-bios", "fw.bin", "-D", "log.txt", "-no-reboot");
    g_assert_cmpstr(o.kernel, ==, "Image");
    g_assert_cmpstr(o.initrd, ==, "rd.cpio");
    g_assert_cmpstr(o.append, ==, "console=ttyAMA0 quiet");
    g_assert_cmpstr(o.dtb, ==, "b.dtb");
    g_assert_cmpstr(o.bios, ==, "fw.bin");
    g_assert_cmpstr(o.log_file, ==, "log.txt");
    g_assert_true(o.no_reboot);
    options_free(&o);

    /* An empty command line is a value; an empty file name is not. */
    PARSE_OK(&o, "--kernel", "k", "--append", "");
    g_assert_cmpstr(o.append, ==, "");
    options_free(&o);
    FAIL(("-kernel", "empty file name"), "-kernel", "");
    FAIL(("-initrd", "empty file name"), "-initrd", "");
    FAIL(("-dtb", "empty file name"), "-dtb", "");
    FAIL(("-bios", "empty file name"), "-bios", "");
    FAIL(("-D", "empty file name"), "-D", "");
    FAIL(("-kernel", "requires an argument"), "-kernel");
    FAIL(("--initrd", "requires an argument"), "--initrd");
    FAIL(("-append", "requires an argument"), "-kernel", "k", "-append");
    FAIL(("-readconfig", "requires an argument"), "-readconfig");
}

static void test_display_chardev(void)
{
    static const char *const serial_ok[] = {
        "stdio", "mon:stdio", "null", "none", "file:/tmp/out.txt",
    };
    static const char *const serial_bad[] = {
        "vc", "tcp::4444,server", "pty", "file:", "unix:/tmp/s", "",
    };
    static const char *const monitor_bad[] = { "vc", "tcp::4444", "mon:stdio", "" };
    Options o;

    PARSE_OK(&o, "-nographic", "-display", "none");
    g_assert_true(o.nographic);
    g_assert_cmpstr(o.display, ==, "none");
    g_assert_null(o.serial);
    g_assert_null(o.monitor);
    options_free(&o);
    FAIL(("-display gtk", "not supported"), "-display", "gtk");
    FAIL(("-display sdl", "not supported"), "--display", "sdl");

    for (size_t i = 0; i < G_N_ELEMENTS(serial_ok); i++) {
        PARSE_OK(&o, "-serial", serial_ok[i]);
        g_assert_cmpstr(o.serial, ==, serial_ok[i]);
        options_free(&o);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(serial_bad); i++) {
        g_autofree char *head = g_strdup_printf("-serial %s:", serial_bad[i]);
        FAIL((head), "-serial", serial_bad[i]);
    }
    FAIL(("-serial vc: not supported"), "-serial", "vc");

    static const char *const monitor_ok[] = { "stdio", "none", "null" };
    for (size_t i = 0; i < G_N_ELEMENTS(monitor_ok); i++) {
        PARSE_OK(&o, "-monitor", monitor_ok[i]);
        g_assert_cmpstr(o.monitor, ==, monitor_ok[i]);
        options_free(&o);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(monitor_bad); i++) {
        g_autofree char *head = g_strdup_printf("-monitor %s: not supported", monitor_bad[i]);
        FAIL((head), "-monitor", monitor_bad[i]);
    }
}

static void test_gdb(void)
{
    static const struct { const char *in, *out; } good[] = {
        { "tcp::1234", "tcp::1234" },
        { "tcp::2345", "tcp::2345" },
        { "tcp:localhost:1", "tcp:localhost:1" },
        { "tcp:127.0.0.1:65535", "tcp:127.0.0.1:65535" },
        { "1234", "tcp::1234" },
        { "tcp::1234,server,nowait", "tcp::1234" },
        { "tcp::1234,server=on,wait=off", "tcp::1234" },
    };
    static const struct { const char *in, *msg; } bad[] = {
        { "tcp::0", "invalid port '0'" },
        { "tcp::65536", "invalid port '65536'" },
        { "tcp::abc", "invalid port 'abc'" },
        { "tcp::", "invalid port ''" },
        { "tcp:localhost", "expected tcp:[HOST]:PORT" },
        { "tcp::1234,ipv6", "unsupported socket option 'ipv6'" },
        { "unix:/tmp/g", "invalid port" },
        { "-1", "invalid port" },
    };
    Options o;

    PARSE_OK(&o, "-s");
    g_assert_cmpstr(o.gdb, ==, "tcp::1234");
    g_assert_false(o.start_stopped);
    options_free(&o);
    PARSE_OK(&o, "-s", "-S");
    g_assert_true(o.start_stopped);
    options_free(&o);
    PARSE_OK(&o, "-s", "-gdb", "none");
    g_assert_null(o.gdb);
    options_free(&o);
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        PARSE_OK(&o, "-gdb", good[i].in);
        g_assert_cmpstr(o.gdb, ==, good[i].out);
        options_free(&o);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *head = g_strdup_printf("-gdb %s:", bad[i].in);
        FAIL((head, bad[i].msg), "-gdb", bad[i].in);
    }
}

/* ---------------- -d, -dfilter, semihosting, -device, -accel ---------------- */

static void test_log(void)
{
    Options o;

    PARSE_OK(&o, "-d", "in_asm,int");
    g_assert_cmpint(o.log_mask, ==, LOG_IN_ASM | LOG_INT);
    g_assert_cmpint(o.action, ==, ACTION_RUN);
    options_free(&o);
    PARSE_OK(&o, "-d", "guest_errors,unimp", "-D", "x.log");
    g_assert_cmpint(o.log_mask, ==, LOG_GUEST_ERROR | LOG_UNIMP);
    options_free(&o);
    PARSE_OK(&o, "-d", "help");
    g_assert_cmpint(o.action, ==, ACTION_LOG_HELP);
    options_free(&o);
    PARSE_OK(&o, "-d", "in_asm,help");
    g_assert_cmpint(o.action, ==, ACTION_LOG_HELP);
    options_free(&o);
    FAIL(("bogus"), "-d", "in_asm,bogus");

    PARSE_OK(&o, "-dfilter", "0x1000+0x100,0x2000..0x2fff");
    g_assert_cmpstr(o.dfilter, ==, "0x1000+0x100,0x2000..0x2fff");
    g_assert_true(log_in_filter(0x10ff));
    g_assert_false(log_in_filter(0x1100));
    options_free(&o);
    FAIL(("-dfilter", "zz"), "-dfilter", "zz");
    FAIL(("-dfilter", "0x2000..0x1000"), "-dfilter", "0x2000..0x1000");
    g_assert_true(log_parse_dfilter("", NULL));   /* back to "log everything" */
}

static void test_semihosting(void)
{
    Options o;

    PARSE_OK(&o, "-kernel", "k");
    g_assert_false(o.semihosting);
    options_free(&o);
    PARSE_OK(&o, "-semihosting");
    g_assert_true(o.semihosting);
    options_free(&o);
    PARSE_OK(&o, "-semihosting-config", "enable=on,target=native");
    g_assert_true(o.semihosting);
    options_free(&o);
    PARSE_OK(&o, "-semihosting-config", "enable=on");
    g_assert_true(o.semihosting);
    options_free(&o);
    PARSE_OK(&o, "-semihosting", "-semihosting-config", "enable=off");
    g_assert_false(o.semihosting);
    options_free(&o);
    FAIL(("target=gdb", "not supported"), "-semihosting-config", "enable=on,target=gdb");
    FAIL(("enable=maybe"), "-semihosting-config", "enable=maybe");
    FAIL(("unknown option 'chardev'"), "-semihosting-config", "enable=on,chardev=c0");
}

static void test_device(void)
{
    Options o;

    PARSE_OK(&o, "-device", "pl011,id=u1,addr=0x9100000", "--device", "unimp,name=x,,y");
    g_assert_cmpuint(o.devices->len, ==, 2);
    g_assert_cmpstr(o.devices->pdata[0], ==, "pl011,id=u1,addr=0x9100000");
    g_assert_cmpstr(o.devices->pdata[1], ==, "unimp,name=x,,y");
    g_assert_cmpint(o.action, ==, ACTION_RUN);
    options_free(&o);

    PARSE_OK(&o, "-device", "help");
    g_assert_cmpint(o.action, ==, ACTION_DEVICE_HELP);
    options_free(&o);
    PARSE_OK(&o, "-device", "?");
    g_assert_cmpint(o.action, ==, ACTION_DEVICE_HELP);
    options_free(&o);
    PARSE_OK(&o, "-device", "pl011,help");
    g_assert_cmpint(o.action, ==, ACTION_DEVICE_PROPS);
    g_assert_cmpstr(o.device_help_type, ==, "pl011");
    options_free(&o);
    PARSE_OK(&o, "-device", "driver=loader,?");
    g_assert_cmpint(o.action, ==, ACTION_DEVICE_PROPS);
    g_assert_cmpstr(o.device_help_type, ==, "loader");
    options_free(&o);

    FAIL(("-device", "empty item"), "-device", "");
    FAIL(("-device", "empty item"), "-device", "pl011,,,");
    FAIL(("-device", "requires an argument"), "-device");
}

static void expect_invalid(Options *o, const char *msg);

/* -drive if=pflash (the flash banks' files), its errors, and -bios beside it. */
static void test_drive(void)
{
    Options o;

    PARSE_OK(&o, "-drive", "if=pflash,format=raw,index=1,file=f1.img,readonly=on",
             "-drive", "file=f,,0.img,if=pflash");
    g_assert_cmpstr(o.pflash[1].file, ==, "f1.img");
    g_assert_true(o.pflash[1].readonly);
    g_assert_cmpstr(o.pflash[0].file, ==, "f,0.img");   /* the next free bank */
    g_assert_false(o.pflash[0].readonly);
    options_free(&o);
    PARSE_OK(&o, "-M", "virt,firmware=u-boot.bin", "-drive", "if=pflash,index=1,file=x");
    g_assert_cmpstr(o.bios, ==, "u-boot.bin");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);

    FAIL(("-drive if=foo,file=x", "unsupported bus type 'foo'"), "-drive", "if=foo,file=x");
    FAIL(("-drive file=x", "if=ide", "pflash"), "-drive", "file=x");
    FAIL(("if=virtio", "no such bus"), "-drive", "if=virtio,file=x");
    FAIL(("format=qcow2", "not supported"), "-drive", "if=pflash,format=qcow2,file=x");
    FAIL(("unknown format 'foo'"), "-drive", "if=pflash,format=foo,file=x");
    FAIL(("index=2", "banks 0 and 1"), "-drive", "if=pflash,index=2,file=x");
    FAIL(("readonly=maybe"), "-drive", "if=pflash,file=x,readonly=maybe");
    FAIL(("no file="), "-drive", "if=pflash,index=0");
    FAIL(("unknown option 'cache'"), "-drive", "if=pflash,file=x,cache=none");
    FAIL(("index=1) exists"), "-drive", "if=pflash,index=1,file=x", "-drive",
         "if=pflash,index=1,file=y");
    FAIL(("both flash banks"), "-drive", "if=pflash,file=x", "-drive", "if=pflash,file=y",
         "-drive", "if=pflash,file=z");

    PARSE_OK(&o, "-bios", "fw.bin", "-drive", "if=pflash,file=x");
    expect_invalid(&o, "cannot use both options at once");
    options_free(&o);

    /* The same from -readconfig's [drive] section. */
    g_autofree char *ini = write_tmp("drive.cfg",
        "[drive \"fl\"]\n"
        "  if = \"pflash\"\n"
        "  format = \"raw\"\n"
        "  index = \"1\"\n"
        "  file = \"flash.img\"\n");
    PARSE_OK(&o, "-readconfig", ini);
    g_assert_cmpstr(o.pflash[1].file, ==, "flash.img");
    g_assert_null(o.pflash[0].file);
    options_free(&o);
    g_autofree char *bad = write_tmp("drivebad.cfg", "[machine]\n[drive]\n  if = \"scsi\"\n"
                                     "  file = \"x\"\n");
    g_autofree char *head = g_strdup_printf("%s:2: ", bad);
    g_autoptr(GError) err = NULL;
    options_init(&o);
    g_assert_false(options_read_config(&o, bad, &err));
    g_assert_true(g_str_has_prefix(err->message, head));
    g_assert_nonnull(strstr(err->message, "if=scsi"));
    options_free(&o);
}

static void test_accel(void)
{
    Options o;

    PARSE_OK(&o, "-accel", "tcg");
    g_assert_cmpstr(o.accel, ==, "tcg");
    g_assert_cmpuint(o.tb_size, ==, 0);
    options_free(&o);
    PARSE_OK(&o, "-accel", "tcg,tb-size=64,thread=multi");
    g_assert_cmpuint(o.tb_size, ==, 64ull << 20);
    options_free(&o);
    PARSE_OK(&o, "-accel", "tcg,tb-size=64K");
    g_assert_cmpuint(o.tb_size, ==, 64ull << 10);
    options_free(&o);
    PARSE_OK(&o, "-accel", "accel=tcg,thread=single");
    g_assert_cmpstr(o.accel, ==, "tcg");
    options_free(&o);
    FAIL(("-accel kvm", "only tcg is available"), "-accel", "kvm");
    FAIL(("-accel hvf", "only tcg is available"), "-accel", "hvf");
    FAIL(("only tcg is available"), "-accel", "xen,thread=single");
    FAIL(("thread=bogus"), "-accel", "tcg,thread=bogus");
    FAIL(("tb-size=x"), "-accel", "tcg,tb-size=x");
    FAIL(("tb-size=-1"), "-accel", "tcg,tb-size=-1");
    FAIL(("tb-size=8K", "at least 16K"), "-accel", "tcg,tb-size=8K");
    FAIL(("tb-size=K"), "-accel", "tcg,tb-size=K");
    FAIL(("unknown option 'foo'"), "-accel", "tcg,foo=1");
    FAIL(("-enable-kvm", "only tcg is available"), "-enable-kvm");
}

/* ---------------- actions and malformed command lines ---------------- */

static void test_actions(void)
{
    static const struct { const char *flag; OptionsAction a; } acts[] = {
        { "-h", ACTION_HELP }, { "-help", ACTION_HELP }, { "--help", ACTION_HELP },
        { "--h", ACTION_HELP }, { "-version", ACTION_VERSION }, { "--version", ACTION_VERSION },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(acts); i++) {
        Options o;
        PARSE_OK(&o, "-m", "1G", acts[i].flag);
        g_assert_cmpint(o.action, ==, acts[i].a);
        options_free(&o);
        /* The request ends the parse: what follows is not looked at. */
        PARSE_OK(&o, acts[i].flag, "-bogus", "disk.img");
        g_assert_cmpint(o.action, ==, acts[i].a);
        options_free(&o);
    }
    Options o;
    PARSE_OK(&o, "-nographic");
    g_assert_cmpint(o.action, ==, ACTION_RUN);
    options_free(&o);
}

static void test_bad_command_lines(void)
{
    FAIL(("unknown option '-foo'", "try -help"), "-foo");
    FAIL(("unknown option '--foo'"), "--foo", "x");
    FAIL(("unknown option '--'"), "--");
    FAIL(("unknown option '-hda'"), "-hda", "disk.img");
    FAIL(("unknown option '-K'"), "-K", "x");            /* case matters */
    FAIL(("unknown option '-Kernel'"), "-Kernel", "x");
    FAIL(("unknown option '---kernel'"), "---kernel", "x");
    FAIL(("unknown option '-kernel=x'"), "-kernel=x");
    FAIL(("disk.img", "not supported"), "-nographic", "disk.img");
    FAIL(("-: disk images"), "-kernel", "k", "-");
    FAIL(("-", "not supported"), "-");
    FAIL(("-gdb", "requires an argument"), "-s", "-gdb");
}

/* ---------------- -readconfig ---------------- */

static const char seed_cfg[] =
    "[machine]\n"
    "  type = \"virt\"\n"
    "  kernel = \"linux/build/arch/arm64/boot/Image\"\n"
    "  append = \"nokaslr root=/dev/ram init=/linuxrc console=ttyAMA0 console=ttyS0\"\n"
    "  initrd = \"initrd.ext4\"\n"
    "\n"
    "[smp-opts]\n"
    "  cpus = \"2\"\n"
    "\n"
    "[memory]\n"
    "  size = \"4G\"\n";

static void check_seed(const Options *o, const char *type)
{
    g_assert_cmpstr(o->machine_type, ==, type);
    g_assert_cmpstr(o->kernel, ==, "linux/build/arch/arm64/boot/Image");
    g_assert_cmpstr(o->append, ==,
                    "nokaslr root=/dev/ram init=/linuxrc console=ttyAMA0 console=ttyS0");
    g_assert_cmpstr(o->initrd, ==, "initrd.ext4");
    g_assert_cmpuint(o->smp, ==, 2);
    g_assert_cmpuint(o->ram_size, ==, 4ull << 30);
}

/* A file of the source tree: $A64EMU_SRCDIR (meson sets it), else relative to
 * the test binary (BUILD/tests/unit/ inside the source tree) or this file. */
static char *src_file(const char *rel)
{
    const char *env = g_getenv("A64EMU_SRCDIR");
    g_autofree char *here = g_path_get_dirname(__FILE__);
    char *cands[3] = {
        env ? g_build_filename(env, rel, NULL) : NULL,
        g_build_filename(argv0_dir, "..", "..", "..", rel, NULL),
        g_build_filename(here, "..", "..", rel, NULL),
    };
    char *found = NULL;
    for (int i = 0; i < 3; i++) {
        if (!found && cands[i] && g_file_test(cands[i], G_FILE_TEST_IS_REGULAR)) {
            found = cands[i];
        } else {
            g_free(cands[i]);
        }
    }
    if (!found) {
        g_error("%s not found (set A64EMU_SRCDIR to the source tree)", rel);
    }
    return found;
}

static void test_seed_file(void)
{
    g_autofree char *path = write_tmp("seed.cfg", seed_cfg);
    g_autofree char *virt = src_file("configs/virt.cfg");
    g_autofree char *mini = src_file("configs/mini-virt.cfg");
    Options o;

    /* The seeds' start.sh with only the binary renamed. */
    PARSE_OK(&o, "-nographic", "-cpu", "cortex-a57", "-readconfig", path);
    check_seed(&o, "virt");
    g_assert_true(o.nographic);
    g_assert_cmpstr(o.cpu_model, ==, "cortex-a57");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);

    PARSE_OK(&o, "-readconfig", virt);
    check_seed(&o, "virt");
    options_free(&o);

    /* The shipped virt.cfg is the seeds' text byte for byte. */
    {
        g_autofree char *text = NULL;
        g_assert_true(g_file_get_contents(virt, &text, NULL, NULL));
        g_assert_cmpstr(text, ==, seed_cfg);
    }

    PARSE_OK(&o, "-readconfig", mini);
    g_assert_cmpstr(o.machine_type, ==, "mini-virt");
    g_assert_cmpstr(o.kernel, ==, "guest/Image");
    g_assert_cmpstr(o.initrd, ==, "guest/initrd.cpio.gz");
    g_assert_nonnull(strstr(o.append, "console=ttyAMA0"));
    g_assert_cmpuint(o.smp, ==, 2);
    g_assert_cmpuint(o.ram_size, ==, 4ull << 30);
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);
}

static void test_fixture(void)
{
    g_autofree char *path = src_file("tests/unit/data/all-sections.cfg");
    g_autoptr(GError) err = NULL;
    Options o;

    options_init(&o);
    g_assert_true(options_read_config(&o, path, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(o.machine_type, ==, "mini-virt");
    g_assert_cmpstr(o.kernel, ==, "Image");
    g_assert_cmpstr(o.dtb, ==, "board.dtb");
    g_assert_cmpstr(o.bios, ==, "fw.bin");
    g_assert_cmpstr(o.dumpdtb, ==, "out.dtb");
    g_assert_cmpint(o.gic_version, ==, 3);
    g_assert_cmpuint(o.smp, ==, 4);
    g_assert_cmpuint(o.ram_size, ==, 1536ull << 20);
    g_assert_cmpuint(o.devices->len, ==, 2);
    g_assert_cmpstr(o.devices->pdata[0], ==, "pl011,id=uart1,addr=0x9100000,label=a,,b");
    g_assert_cmpstr(o.devices->pdata[1], ==, "unimp");
    options_free(&o);
}

static void test_override_order(void)
{
    g_autofree char *path = write_tmp("ov.cfg", seed_cfg);
    g_autofree char *path2 = write_tmp("ov2.cfg",
                                       "[machine]\nkernel = \"second\"\n[memory]\nsize = 1G\n");
    Options o;

    /* File, then flags: the flags win. */
    PARSE_OK(&o, "-readconfig", path, "-m", "512", "-smp", "4", "-M", "mini-virt",
             "-kernel", "k2", "-append", "quiet");
    g_assert_cmpuint(o.ram_size, ==, 512ull << 20);
    g_assert_cmpuint(o.smp, ==, 4);
    g_assert_cmpstr(o.machine_type, ==, "mini-virt");
    g_assert_cmpstr(o.kernel, ==, "k2");
    g_assert_cmpstr(o.append, ==, "quiet");
    g_assert_cmpstr(o.initrd, ==, "initrd.ext4");   /* untouched keys stay */
    options_free(&o);

    /* Flags, then the file: the file wins. */
    PARSE_OK(&o, "-m", "512", "-smp", "4", "-M", "mini-virt", "-kernel", "k2",
             "--readconfig", path);
    check_seed(&o, "virt");
    options_free(&o);

    /* Two files: the later one wins, keys it lacks stay. */
    PARSE_OK(&o, "-readconfig", path, "-readconfig", path2);
    g_assert_cmpstr(o.kernel, ==, "second");
    g_assert_cmpuint(o.ram_size, ==, 1ull << 30);
    g_assert_cmpstr(o.initrd, ==, "initrd.ext4");
    g_assert_cmpuint(o.smp, ==, 2);
    options_free(&o);

    /* A file's error stops the parse with the file's name. */
    g_autofree char *bad = write_tmp("ovbad.cfg", "[memory]\nsize = \"abc\"\n");
    g_autofree char *want = g_strdup_printf("%s:2:", bad);
    FAIL((want, "size = \"abc\"", "invalid RAM size"), "-kernel", "k", "-readconfig", bad);
}

/* Every INI error: its FILE:LINE and what it says. */
static void test_ini_errors(void)
{
    static const struct { const char *text; int line; const char *msg; } cases[] = {
        { "[machine]\ntype\n", 2, "expected 'key = value'" },
        { "[machine]\n\n# c\n  kernel \"x\"\n", 4, "expected 'key = value'" },
        { "[machine]\nkernel = \"Image\n", 2, "unterminated quote in value of 'kernel'" },
        { "[machine\ntype = virt\n", 1, "missing ']'" },
        { "\n\n[machine \"x]\n", 3, "unterminated quote in section header" },
        { "[machine] junk\n", 1, "unexpected text after section header" },
        { "[]\n", 1, "empty section name" },
        { "[drive]\nfile = x\n", 1, "[drive] file=x: if=ide: mini-virt has no such bus" },
        { "[netdev]\nid = n\n", 1, "unknown section [netdev]" },
        { "[machine]\ntype = virt\n[chardev \"c0\"]\n", 3, "unknown section [chardev]" },
        { "[machine \"m\"]\n", 1, "section [machine] takes no id" },
        { "[machine]\n  accel = \"kvm\"\n", 2, "unknown key 'accel' in section [machine]" },
        { "[smp-opts]\n  cpu = \"2\"\n", 2, "unknown key 'cpu' in section [smp-opts]" },
        { "[memory]\n  maxmem = \"8G\"\n", 2, "unknown key 'maxmem' in section [memory]" },
        { "[memory]\n  size = \"abc\"\n", 2, "size = \"abc\": invalid RAM size" },
        { "[memory]\n\n\n  size = 0\n", 4, "size = \"0\": invalid RAM size" },
        { "[memory]\n  size = \"4Q\"\n", 2, "invalid RAM size" },
        { "[smp-opts]\n  cpus = \"0\"\n", 2, "cpus=0" },
        { "[smp-opts]\n  cpus = \"124\"\n", 2, "cpus=124" },
        { "[smp-opts]\n  cpus = \"two\"\n", 2, "cpus=two: not a number" },
        /* A whole-section problem is reported at the section's header. */
        { "# x\n[smp-opts]\n  sockets = 16\n  cores = \"16\"\n", 2, "256 CPUs" },
        { "[machine]\n  gic-version = \"2\"\n", 2, "only GICv3" },
        { "[machine]\n  kernel = \"\"\n", 2, "kernel: empty file name" },
        { "type = \"virt\"\n", 1, "key 'type' outside of any section" },
        { "# only a comment\n  kernel = x\n[machine]\n", 2, "outside of any section" },
        { "[machine]\n = x\n", 2, "missing key before '='" },
        { "[machine]\n  kernel = \"a\" b\n", 2, "unexpected text after the quoted value" },
        { "[device \"d\"]\n  addr = \"1\"\n[memory]\n", 1, "[device \"d\"] has no driver" },
        { "[machine]\n[device \"d\"]\n  driver = \"\"\n", 2, "has no driver" },
        { "[device]\n  driver = pl011\n  id = \"x\"\n", 3, "section header" },
        { "[machine]\nkey with space = 1\n", 2, "expected 'key = value'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("err%zu.cfg", i);
        g_autofree char *path = write_tmp(name, cases[i].text);
        g_autofree char *head = g_strdup_printf("%s:%d: ", path, cases[i].line);
        g_autoptr(GError) err = NULL;
        Options o;

        options_init(&o);
        g_assert_false(options_read_config(&o, path, &err));
        g_assert_nonnull(err);
        if (!g_str_has_prefix(err->message, head) || !strstr(err->message, cases[i].msg)) {
            g_error("case %zu: got '%s', want '%s%s'", i, err->message, head, cases[i].msg);
        }
        options_free(&o);
    }

    /* NUL bytes: not a text file. */
    {
        g_autofree char *path = g_build_filename(tmp_dir, "nul.cfg", NULL);
        g_autofree char *head = g_strdup_printf("%s:2: ", path);
        g_autoptr(GError) err = NULL;
        Options o;
        g_assert_true(g_file_set_contents(path, "[machine]\nty\0pe = x\n", 20, NULL));
        options_init(&o);
        g_assert_false(options_read_config(&o, path, &err));
        g_assert_true(g_str_has_prefix(err->message, head));
        options_free(&o);
    }
}

static void test_ini_unreadable(void)
{
    g_autofree char *missing = g_build_filename(tmp_dir, "no-such.cfg", NULL);
    g_autofree char *want = g_strdup_printf("%s: No such file or directory", missing);
    g_autofree char *want_dir = g_strdup_printf("%s: Is a directory", tmp_dir);
    g_autoptr(GError) err = NULL;
    g_autoptr(GError) err2 = NULL;
    Options o;

    options_init(&o);
    g_assert_false(options_read_config(&o, missing, &err));
    g_assert_cmpstr(err->message, ==, want);
    g_assert_false(options_read_config(&o, tmp_dir, &err2));
    g_assert_cmpstr(err2->message, ==, want_dir);
    options_free(&o);
    FAIL((want), "-readconfig", missing);
}

static void test_ini_syntax(void)
{
    /* CRLF, a BOM, tabs, unquoted values, ';' comments, spaces inside quotes,
     * '#' inside a quoted value, and values with '=' in them. */
    g_autofree char *path = write_tmp("syn.cfg",
        "\xEF\xBB\xBF# comment\r\n"
        "; another\r\n"
        "\r\n"
        "\t[machine]  \r\n"
        "\ttype=virt\r\n"
        "kernel   =   \"  spaced name  \"\r\n"
        "append = root=/dev/ram console=ttyAMA0 # not a comment\r\n"
        "   initrd = \"rd#1\" ; comment\r\n"
        "[memory]\n"
        "size=2048\n"
        "[smp-opts]\n"
        "cpus = 3\n"
        "cpus = 5\n");
    g_autoptr(GError) err = NULL;
    Options o;

    options_init(&o);
    g_assert_true(options_read_config(&o, path, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(o.machine_type, ==, "virt");
    g_assert_cmpstr(o.kernel, ==, "  spaced name  ");
    g_assert_cmpstr(o.append, ==, "root=/dev/ram console=ttyAMA0 # not a comment");
    g_assert_cmpstr(o.initrd, ==, "rd#1");
    g_assert_cmpuint(o.ram_size, ==, 2ull << 30);
    g_assert_cmpuint(o.smp, ==, 5);             /* the later key wins */
    options_free(&o);

    /* An empty file and a comment-only file change nothing. */
    g_autofree char *empty = write_tmp("empty.cfg", "");
    g_autofree char *comments = write_tmp("comments.cfg", "# a\n\n  ; b\n");
    options_init(&o);
    g_assert_true(options_read_config(&o, empty, NULL));
    g_assert_true(options_read_config(&o, comments, NULL));
    g_assert_null(o.machine_type);
    g_assert_cmpuint(o.ram_size, ==, 0);
    g_assert_cmpuint(o.devices->len, ==, 0);
    options_free(&o);

    /* A section with no keys is fine; an smp section needs a count. */
    g_autofree char *nosmp = write_tmp("nosmp.cfg", "[machine]\n[smp-opts]\n");
    g_autoptr(GError) err2 = NULL;
    options_init(&o);
    g_assert_false(options_read_config(&o, nosmp, &err2));
    g_assert_nonnull(strstr(err2->message, ":2: "));
    options_free(&o);
}

static void test_ini_device(void)
{
    g_autofree char *path = write_tmp("dev.cfg",
        "[device \"uart1\"]\n"
        "  driver = \"pl011\"\n"
        "  addr = \"0x9100000\"\n"
        "[device \"ld\"]\n"
        "  file = \"a,b.bin\"\n"
        "  addr = \"0x40000000\"\n"
        "  driver = \"loader\"\n"
        "  addr = \"0x50000000\"\n"
        "[device]\n"
        "  driver = \"unimp\"\n");
    g_autoptr(GError) err = NULL;
    Options o;

    /* In order with the -device flags around them. */
    PARSE_OK(&o, "-device", "first", "-readconfig", path, "-device", "last");
    g_assert_cmpuint(o.devices->len, ==, 5);
    g_assert_cmpstr(o.devices->pdata[0], ==, "first");
    g_assert_cmpstr(o.devices->pdata[1], ==, "pl011,id=uart1,addr=0x9100000");
    g_assert_cmpstr(o.devices->pdata[2], ==, "loader,id=ld,file=a,,b.bin,addr=0x50000000");
    g_assert_cmpstr(o.devices->pdata[3], ==, "unimp");
    g_assert_cmpstr(o.devices->pdata[4], ==, "last");
    options_free(&o);

    /* A device section missing its driver at the end of the file. */
    g_autofree char *bad = write_tmp("devbad.cfg", "[machine]\n\n[device \"x\"]\n  addr = 1\n");
    g_autofree char *head = g_strdup_printf("%s:3: ", bad);
    options_init(&o);
    g_assert_false(options_read_config(&o, bad, &err));
    g_assert_true(g_str_has_prefix(err->message, head));
    g_assert_cmpuint(o.devices->len, ==, 0);
    options_free(&o);
}

/* ---------------- validation and usage ---------------- */

static void expect_invalid(Options *o, const char *msg)
{
    g_autoptr(GError) err = NULL;
    g_assert_false(options_validate(o, &err));
    g_assert_nonnull(err);
    if (!strstr(err->message, msg)) {
        g_error("validate: '%s' lacks '%s'", err->message, msg);
    }
}

static void test_validate(void)
{
    g_autofree char *rd_only = write_tmp("rdonly.cfg", "[machine]\ninitrd = \"rd\"\n");
    g_autofree char *ap_only = write_tmp("aponly.cfg", "[machine]\nappend = \"quiet\"\n");
    g_autofree char *kernel = write_tmp("kern.cfg", "[machine]\nkernel = \"Image\"\n");
    Options o;

    PARSE_OK(&o, "-nographic");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);

    PARSE_OK(&o, "-initrd", "rd");
    expect_invalid(&o, "-initrd only allowed with -kernel option");
    options_free(&o);
    PARSE_OK(&o, "-append", "quiet");
    expect_invalid(&o, "-append only allowed with -kernel option");
    options_free(&o);
    PARSE_OK(&o, "-dtb", "b.dtb");
    expect_invalid(&o, "-dtb only allowed with -kernel option");
    options_free(&o);
    PARSE_OK(&o, "-kernel", "Image", "-initrd", "rd", "-append", "x", "-dtb", "b.dtb");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);

    /* The config file's keys count the same. */
    PARSE_OK(&o, "-readconfig", rd_only);
    expect_invalid(&o, "-initrd only allowed with -kernel option");
    options_free(&o);
    PARSE_OK(&o, "-readconfig", ap_only);
    expect_invalid(&o, "-append only allowed with -kernel option");
    options_free(&o);
    PARSE_OK(&o, "-readconfig", rd_only, "-readconfig", kernel);
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);
    PARSE_OK(&o, "-readconfig", kernel, "-initrd", "rd", "-append", "x");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);

    /* stdio has one user, unless muxed. */
    PARSE_OK(&o, "-serial", "stdio", "-monitor", "stdio");
    expect_invalid(&o, "cannot use stdio by multiple character devices");
    options_free(&o);
    PARSE_OK(&o, "-serial", "mon:stdio", "-monitor", "none");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);
    PARSE_OK(&o, "-serial", "null", "-monitor", "stdio");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);

    /* A help request is not checked for a bootable configuration. */
    PARSE_OK(&o, "-initrd", "rd", "-M", "help");
    g_assert_true(options_validate(&o, NULL));
    options_free(&o);
}

static void test_usage(void)
{
    static const char *const flags[] = {
        "-h", "-version", "-M", "-machine", "-cpu", "-smp", "-m", "-kernel", "-initrd",
        "-append", "-dtb", "-bios", "-readconfig", "-nographic", "-display", "-serial",
        "-monitor", "-s", "-S", "-gdb", "-d", "-D", "-dfilter", "-semihosting",
        "-semihosting-config", "-device", "-no-reboot", "-accel",
    };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    g_auto(GStrv) lines = NULL;

    options_print_usage(f);
    fclose(f);
    lines = g_strsplit(buf, "\n", -1);
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        int hits = 0;
        for (char **l = lines; *l; l++) {
            size_t n = strlen(flags[i]);
            if (!strncmp(*l, flags[i], n) && ((*l)[n] == ' ' || (*l)[n] == '\0')) {
                hits++;
            }
        }
        if (hits != 1) {
            g_error("usage lists %s %d times:\n%s", flags[i], hits, buf);
        }
    }
    free(buf);
}

static void test_free(void)
{
    Options o;

    PARSE_OK(&o, "-M", "virt", "-device", "a", "-kernel", "k", "-s");
    options_free(&o);
    g_assert_null(o.devices);
    g_assert_null(o.kernel);
    options_free(&o);       /* freeing twice is harmless */
}

static void rm_tree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;
    if (!d) {
        return;
    }
    while ((n = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, n, NULL);
        g_unlink(p);
    }
    g_dir_close(d);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    argv0_dir = g_path_get_dirname(argv[0]);
    tmp_dir = g_dir_make_tmp("a64emu-test-config-XXXXXX", NULL);
    g_assert_nonnull(tmp_dir);

    g_test_add_func("/config/size", test_size);
    g_test_add_func("/config/machine", test_machine);
    g_test_add_func("/config/cpu", test_cpu);
    g_test_add_func("/config/smp", test_smp);
    g_test_add_func("/config/files", test_files);
    g_test_add_func("/config/display-chardev", test_display_chardev);
    g_test_add_func("/config/gdb", test_gdb);
    g_test_add_func("/config/log", test_log);
    g_test_add_func("/config/semihosting", test_semihosting);
    g_test_add_func("/config/device", test_device);
    g_test_add_func("/config/accel", test_accel);
    g_test_add_func("/config/drive", test_drive);
    g_test_add_func("/config/actions", test_actions);
    g_test_add_func("/config/bad-command-lines", test_bad_command_lines);
    g_test_add_func("/config/ini/seed-file", test_seed_file);
    g_test_add_func("/config/ini/fixture", test_fixture);
    g_test_add_func("/config/ini/override-order", test_override_order);
    g_test_add_func("/config/ini/errors", test_ini_errors);
    g_test_add_func("/config/ini/unreadable", test_ini_unreadable);
    g_test_add_func("/config/ini/syntax", test_ini_syntax);
    g_test_add_func("/config/ini/device", test_ini_device);
    g_test_add_func("/config/validate", test_validate);
    g_test_add_func("/config/usage", test_usage);
    g_test_add_func("/config/free", test_free);

    rc = g_test_run();
    rm_tree(tmp_dir);
    g_free(tmp_dir);
    g_free(argv0_dir);
    return rc;
}
