/* test-mux.c: the Ctrl-a mux over a capturing test backend, the file
 * backend, and the stdio sharing rules (in subprocesses, on a pipe as stdin). */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "ui/chardev.h"

/* ---- a backend that records what is written to it ------------------------- */

typedef struct TestBackend {
    GString *out;
    int accept_calls;
} TestBackend;

static int tb_write(Chardev *chr, const uint8_t *buf, int len)
{
    TestBackend *tb = chr->opaque;
    g_string_append_len(tb->out, (const char *)buf, len);
    return len;
}

static void tb_accept_input(Chardev *chr)
{
    TestBackend *tb = chr->opaque;
    tb->accept_calls++;
}

static Chardev test_chr;
static TestBackend test_be;

static Chardev *test_backend_new(void)
{
    memset(&test_chr, 0, sizeof(test_chr));
    if (test_be.out) {
        g_string_free(test_be.out, TRUE);
    }
    test_be.out = g_string_new("");
    test_be.accept_calls = 0;
    test_chr.id = (char *)"testbe";
    test_chr.write = tb_write;
    test_chr.accept_input = tb_accept_input;
    test_chr.opaque = &test_be;
    return &test_chr;
}

/* Host input as the backend would deliver it. */
static int feed(const char *s, int len)
{
    return chr_be_receive(&test_chr, (const uint8_t *)s, len < 0 ? (int)strlen(s) : len);
}

/* ---- frontends that record what they get ------------------------------------ */

typedef struct TestFe {
    CharFrontend fe;
    GString *got;
    GArray *events;
    int room;               /* bytes it takes per can_receive; -1 = unlimited */
} TestFe;

static int tf_can_receive(void *opaque)
{
    TestFe *t = opaque;
    return t->room < 0 ? 1024 : t->room;
}

static void tf_receive(void *opaque, const uint8_t *buf, int len)
{
    TestFe *t = opaque;
    g_assert_cmpint(len, >, 0);
    if (t->room >= 0) {
        g_assert_cmpint(len, <=, t->room);
        t->room -= len;
    }
    g_string_append_len(t->got, (const char *)buf, len);
}

static void tf_event(void *opaque, int event)
{
    TestFe *t = opaque;
    g_array_append_val(t->events, event);
}

static void tf_init(TestFe *t)
{
    t->fe.can_receive = tf_can_receive;
    t->fe.receive = tf_receive;
    t->fe.event = tf_event;
    t->fe.opaque = t;
    t->got = g_string_new("");
    t->events = g_array_new(FALSE, FALSE, sizeof(int));
    t->room = -1;
}

static void tf_clear(TestFe *t)
{
    g_string_free(t->got, TRUE);
    g_array_free(t->events, TRUE);
}

static int tf_count(TestFe *t, int event)
{
    int n = 0;
    for (guint i = 0; i < t->events->len; i++) {
        n += g_array_index(t->events, int, i) == event;
    }
    return n;
}

typedef struct Fixture {
    Chardev *mux, *v0, *v1;
    TestFe f0, f1;
} Fixture;

static void fx_setup(Fixture *fx, gconstpointer data)
{
    Chardev *be = test_backend_new();
    tf_init(&fx->f0);
    tf_init(&fx->f1);
    fx->mux = mux_new("mux0", be);
    g_assert_nonnull(fx->mux);
    fx->v0 = mux_add_frontend(fx->mux, "serial0", &fx->f0.fe);
    fx->v1 = mux_add_frontend(fx->mux, "monitor0", &fx->f1.fe);
    g_assert_nonnull(fx->v0);
    g_assert_nonnull(fx->v1);
    g_assert_true(fx->v0 != fx->v1);
}

static void fx_teardown(Fixture *fx, gconstpointer data)
{
    chardev_close_all();
    tf_clear(&fx->f0);
    tf_clear(&fx->f1);
    mux_set_quit_handler(NULL);
}

/* ---- mux tests ------------------------------------------------------------------ */

static void test_input_to_focused(Fixture *fx, gconstpointer data)
{
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 0);
    /* Only frontend 0 had focus when added: it got FOCUS_IN, the other nothing. */
    g_assert_cmpint(tf_count(&fx->f0, CHR_EVENT_FOCUS_IN), ==, 1);
    g_assert_cmpuint(fx->f1.events->len, ==, 0);

    g_assert_cmpint(feed("hello", -1), ==, 5);
    g_assert_cmpstr(fx->f0.got->str, ==, "hello");
    g_assert_cmpstr(fx->f1.got->str, ==, "");
    /* The mux itself prints nothing for plain input. */
    g_assert_cmpstr(test_be.out->str, ==, "");
}

static void test_views_write_to_backend(Fixture *fx, gconstpointer data)
{
    g_assert_cmpint(chr_write(fx->v0, (const uint8_t *)"abc", 3), ==, 3);
    g_assert_cmpint(chr_write(fx->v1, (const uint8_t *)"DEF", 3), ==, 3);
    g_assert_cmpint(chr_write(fx->mux, (const uint8_t *)"g", 1), ==, 1);
    g_assert_cmpstr(test_be.out->str, ==, "abcDEFg");
    /* Views are in the registry under their ids. */
    g_assert_true(chardev_find("monitor0") == fx->v1);
    g_assert_true(chardev_find("mux0") == fx->mux);
    g_assert_null(chardev_find("nope"));
}

static void test_switch_focus(Fixture *fx, gconstpointer data)
{
    g_array_set_size(fx->f0.events, 0);
    feed("a\x01" "cb", -1);
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 1);
    g_assert_cmpstr(fx->f0.got->str, ==, "a");
    g_assert_cmpstr(fx->f1.got->str, ==, "b");
    g_assert_cmpint(tf_count(&fx->f0, CHR_EVENT_FOCUS_OUT), ==, 1);
    g_assert_cmpint(tf_count(&fx->f0, CHR_EVENT_FOCUS_IN), ==, 0);
    g_assert_cmpint(tf_count(&fx->f1, CHR_EVENT_FOCUS_IN), ==, 1);
    g_assert_cmpint(tf_count(&fx->f1, CHR_EVENT_FOCUS_OUT), ==, 0);

    /* Rotates back to 0. */
    feed("\x01" "cz", -1);
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 0);
    g_assert_cmpstr(fx->f0.got->str, ==, "az");
    g_assert_cmpint(tf_count(&fx->f1, CHR_EVENT_FOCUS_OUT), ==, 1);
    g_assert_cmpint(tf_count(&fx->f0, CHR_EVENT_FOCUS_IN), ==, 1);

    /* The API does the same; out-of-range indexes are ignored. */
    mux_set_focus(fx->mux, 1);
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 1);
    g_assert_cmpint(tf_count(&fx->f1, CHR_EVENT_FOCUS_IN), ==, 2);
    mux_set_focus(fx->mux, 2);
    mux_set_focus(fx->mux, -1);
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 1);
}

static void test_escape_escape(Fixture *fx, gconstpointer data)
{
    feed("x\x01\x01y", -1);
    g_assert_cmpuint(fx->f0.got->len, ==, 3);
    g_assert_cmpmem(fx->f0.got->str, 3, "x\x01y", 3);
    /* Three Ctrl-a: one passes through, the third starts a new escape. */
    feed("\x01\x01\x01" "c", -1);
    g_assert_cmpuint(fx->f0.got->len, ==, 4);
    g_assert_cmpint(fx->f0.got->str[3], ==, 0x01);
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 1);
}

static void test_help(Fixture *fx, gconstpointer data)
{
    feed("\x01h", -1);
    g_assert_nonnull(strstr(test_be.out->str, "C-a h    print this help\r\n"));
    g_assert_nonnull(strstr(test_be.out->str, "C-a x    exit emulator\r\n"));
    g_assert_nonnull(strstr(test_be.out->str, "C-a c    switch between console and monitor\r\n"));
    g_assert_nonnull(strstr(test_be.out->str, "C-a C-a  sends C-a\r\n"));
    g_assert_nonnull(strstr(test_be.out->str, "C-a b    send break\r\n"));
    gsize first = test_be.out->len;
    g_assert_cmpstr(fx->f0.got->str, ==, "");
    feed("\x01?", -1);
    g_assert_cmpuint(test_be.out->len, ==, 2 * first);
    g_assert_cmpstr(fx->f0.got->str, ==, "");
}

static int quit_calls;
static void test_quit_handler(void)
{
    quit_calls++;
}

static void test_quit(Fixture *fx, gconstpointer data)
{
    quit_calls = 0;
    mux_set_quit_handler(test_quit_handler);
    feed("ab\x01x", -1);
    g_assert_cmpint(quit_calls, ==, 1);
    g_assert_cmpstr(test_be.out->str, ==, "a64emu: terminated\r\n");
    /* Input typed before the command reached the guest first. */
    g_assert_cmpstr(fx->f0.got->str, ==, "ab");
    /* x without Ctrl-a is data. */
    feed("x", -1);
    g_assert_cmpint(quit_calls, ==, 1);
    g_assert_cmpstr(fx->f0.got->str, ==, "abx");
}

static void test_break(Fixture *fx, gconstpointer data)
{
    feed("\x01" "b", -1);
    g_assert_cmpint(tf_count(&fx->f0, CHR_EVENT_BREAK), ==, 1);
    g_assert_cmpint(tf_count(&fx->f1, CHR_EVENT_BREAK), ==, 0);
    g_assert_cmpstr(fx->f0.got->str, ==, "");
    mux_set_focus(fx->mux, 1);
    feed("\x01" "b", -1);
    g_assert_cmpint(tf_count(&fx->f0, CHR_EVENT_BREAK), ==, 1);
    g_assert_cmpint(tf_count(&fx->f1, CHR_EVENT_BREAK), ==, 1);
}

static void test_unknown_escape(Fixture *fx, gconstpointer data)
{
    feed("\x01z\x01" "3\x01\n", -1);
    g_assert_cmpstr(fx->f0.got->str, ==, "z3\n");
    g_assert_cmpstr(test_be.out->str, ==, "");
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 0);
}

static void test_split_escape(Fixture *fx, gconstpointer data)
{
    quit_calls = 0;
    mux_set_quit_handler(test_quit_handler);
    feed("ab\x01", -1);
    g_assert_cmpstr(fx->f0.got->str, ==, "ab");
    feed("c", -1);
    g_assert_cmpint(mux_get_focus(fx->mux), ==, 1);
    feed("m\x01", -1);
    feed("\x01", -1);       /* escaped Ctrl-a split across chunks */
    feed("\x01", -1);
    feed("x", -1);
    g_assert_cmpint(quit_calls, ==, 1);
    g_assert_cmpuint(fx->f1.got->len, ==, 2);
    g_assert_cmpmem(fx->f1.got->str, 2, "m\x01", 2);
    g_assert_cmpstr(fx->f0.got->str, ==, "ab");
    /* A zero-length chunk changes nothing. */
    feed("", 0);
    g_assert_cmpuint(fx->f1.got->len, ==, 2);
}

static void test_backpressure(Fixture *fx, gconstpointer data)
{
    fx->f0.room = 2;
    /* The mux takes the chunk and holds what the frontend cannot take. */
    g_assert_cmpint(feed("hello", -1), ==, 5);
    g_assert_cmpstr(fx->f0.got->str, ==, "he");
    /* While it holds bytes it takes nothing more: the backend must keep them. */
    g_assert_cmpint(feed("XY", -1), ==, 0);
    g_assert_cmpstr(fx->f0.got->str, ==, "he");

    fx->f0.room = 1;
    int kicks = test_be.accept_calls;
    chr_accept_input(fx->v0);
    g_assert_cmpstr(fx->f0.got->str, ==, "hel");
    /* Still holding: the backend is not told to resume yet. */
    g_assert_cmpint(test_be.accept_calls, ==, kicks);

    fx->f0.room = -1;
    chr_accept_input(fx->v0);
    g_assert_cmpstr(fx->f0.got->str, ==, "hello");
    g_assert_cmpint(test_be.accept_calls, ==, kicks + 1);
    g_assert_cmpint(feed("XY", -1), ==, 2);
    g_assert_cmpstr(fx->f0.got->str, ==, "helloXY");
    g_assert_cmpstr(fx->f1.got->str, ==, "");
}

static void test_backpressure_then_switch(Fixture *fx, gconstpointer data)
{
    /* Held bytes stay with their frontend when the focus moves away. */
    fx->f0.room = 0;
    g_assert_cmpint(feed("abc", -1), ==, 3);
    g_assert_cmpstr(fx->f0.got->str, ==, "");
    mux_set_focus(fx->mux, 1);
    g_assert_cmpint(feed("mon", -1), ==, 3);
    g_assert_cmpstr(fx->f1.got->str, ==, "mon");
    fx->f0.room = -1;
    chr_accept_input(fx->v0);
    g_assert_cmpstr(fx->f0.got->str, ==, "abc");
}

static void test_late_and_direct_frontends(void)
{
    Chardev *be = test_backend_new();
    TestFe a, b, c;
    tf_init(&a);
    tf_init(&b);
    tf_init(&c);

    Chardev *mux = mux_new("mux1", be);
    /* Input before any frontend: dropped, no crash; escapes still work. */
    g_assert_cmpint(feed("lost\x01" "c\x01h", -1), ==, 8);
    g_assert_nonnull(strstr(test_be.out->str, "C-a x"));

    /* A frontend that attached to the mux itself is adopted as frontend 0. */
    chr_attach(mux, &a.fe);
    Chardev *vb = mux_add_frontend(mux, "late", &b.fe);
    g_assert_nonnull(vb);
    feed("1", -1);
    g_assert_cmpstr(a.got->str, ==, "1");
    feed("\x01" "c2", -1);
    g_assert_cmpstr(b.got->str, ==, "2");

    /* A view made without a frontend, attached afterwards with chr_attach. */
    Chardev *vc = mux_add_frontend(mux, "third", NULL);
    feed("\x01" "c3", -1);
    chr_attach(vc, &c.fe);
    feed("4", -1);
    g_assert_cmpstr(c.got->str, ==, "4");
    g_assert_cmpint(mux_get_focus(mux), ==, 2);

    /* Non-muxes are refused by the mux API. */
    g_assert_cmpint(mux_get_focus(be), ==, -1);
    g_assert_cmpint(mux_get_focus(NULL), ==, -1);
    g_assert_null(mux_add_frontend(be, "x", &a.fe));
    mux_set_focus(be, 0);

    chardev_close_all();
    g_assert_null(chardev_find("mux1"));
    tf_clear(&a);
    tf_clear(&b);
    tf_clear(&c);
}

/* ---- file / null / spec errors ------------------------------------------------- */

static void test_file_backend(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = g_dir_make_tmp("a64emu-mux-XXXXXX", &err);
    g_assert_no_error(err);
    g_autofree char *path = g_build_filename(dir, "serial.log", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", path);

    /* Existing content is truncated. */
    g_assert_true(g_file_set_contents(path, "old content", -1, NULL));
    Chardev *chr = chardev_new("serial0", spec, &err);
    g_assert_no_error(err);
    g_assert_nonnull(chr);
    g_assert_true(chardev_find("serial0") == chr);
    g_assert_cmpint(chr_write(chr, (const uint8_t *)"hello\n", 6), ==, 6);
    g_assert_cmpint(chr_write(chr, (const uint8_t *)"world\n", 6), ==, 6);
    g_assert_cmpint(chr_write(chr, (const uint8_t *)"", 0), ==, 0);
    /* Input to a file chardev: nothing to deliver, no crash. */
    chr_accept_input(chr);

    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    g_assert_cmpstr(text, ==, "hello\nworld\n");

    /* The same id twice is refused. */
    Chardev *dup = chardev_new("serial0", "null", &err);
    g_assert_null(dup);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, "serial0"));
    g_clear_error(&err);

    chardev_close_all();
    g_assert_null(chardev_find("serial0"));
    g_unlink(path);
    g_rmdir(dir);
}

static void test_file_errors(void)
{
    g_autoptr(GError) err = NULL;
    const char *bad = "/nonexistent-a64emu-dir/sub/out.txt";
    g_autofree char *spec = g_strdup_printf("file:%s", bad);
    g_assert_null(chardev_new("serial0", spec, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, bad));
    g_assert_nonnull(strstr(err->message, g_strerror(ENOENT)));
    g_clear_error(&err);

    /* A directory is not writable as a file. */
    g_assert_null(chardev_new("serial0", "file:/", &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, "'/'"));
    g_clear_error(&err);

    g_assert_null(chardev_new("serial0", "file:", &err));
    g_assert_nonnull(err);
    g_clear_error(&err);

    g_assert_null(chardev_new("serial0", "telnet::4444", &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, "telnet::4444"));
    g_clear_error(&err);

    g_assert_null(chardev_new("serial0", "", &err));
    g_assert_nonnull(err);
    g_clear_error(&err);

    g_assert_null(chardev_new("serial0", "mon:mon:null", &err));
    g_assert_nonnull(err);
    g_clear_error(&err);

    /* A failed mux leaves nothing behind under its id. */
    g_assert_null(chardev_new("serial0", "mon:file:/", &err));
    g_assert_nonnull(err);
    g_clear_error(&err);
    g_assert_null(chardev_find("serial0"));
    chardev_close_all();
}

static void test_null_and_mon_null(void)
{
    g_autoptr(GError) err = NULL;
    Chardev *n = chardev_new("n0", "null", &err);
    g_assert_no_error(err);
    g_assert_cmpint(chr_write(n, (const uint8_t *)"abc", 3), ==, 3);

    Chardev *m = chardev_new("m0", "mon:null", &err);
    g_assert_no_error(err);
    g_assert_cmpint(mux_get_focus(m), ==, 0);
    g_assert_cmpint(mux_get_focus(n), ==, -1);
    g_assert_nonnull(chardev_find("m0-base"));
    Chardev *v = mux_add_frontend(m, "serial0", NULL);
    g_assert_cmpint(chr_write(v, (const uint8_t *)"abc", 3), ==, 3);
    chardev_close_all();
}

/* ---- stdio (subprocesses: they own their fd 0 and 1) ---------------------------- */

static void test_stdio_second_plain(void)
{
    if (g_test_subprocess()) {
        g_autoptr(GError) err = NULL;
        Chardev *s = chardev_new("serial0", "stdio", &err);
        g_assert_no_error(err);
        g_assert_nonnull(s);
        g_assert_null(chardev_new("monitor0", "stdio", &err));
        g_assert_nonnull(err);
        g_assert_nonnull(strstr(err->message, "stdio is already in use by 'serial0'"));
        g_clear_error(&err);
        /* A mux cannot take over a plain stdio either. */
        g_assert_null(chardev_new("monitor0", "mon:stdio", &err));
        g_assert_nonnull(err);
        g_clear_error(&err);
        chr_write(s, (const uint8_t *)"to-stdout\n", 10);
        chardev_close_all();
        /* Closed: stdio is free again. */
        s = chardev_new("again", "stdio", &err);
        g_assert_no_error(err);
        chardev_close_all();
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("to-stdout\n");
}

static void test_stdio_second_mux(void)
{
    if (g_test_subprocess()) {
        g_autoptr(GError) err = NULL;
        Chardev *mux = chardev_new("serial0", "mon:stdio", &err);
        g_assert_no_error(err);
        g_assert_cmpint(mux_get_focus(mux), ==, 0);
        /* -monitor stdio after -serial mon:stdio shares the mux. */
        Chardev *again = chardev_new("monitor0", "stdio", &err);
        g_assert_no_error(err);
        g_assert_true(again == mux);
        g_assert_true(chardev_new("monitor1", "mon:stdio", &err) == mux);
        g_assert_no_error(err);
        Chardev *v = mux_add_frontend(mux, "serial0", NULL);
        chr_write(v, (const uint8_t *)"via-mux\n", 8);
        chardev_close_all();
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("via-mux\n");
}

static void pump(void)
{
    for (int i = 0; i < 20 && g_main_context_iteration(NULL, FALSE); i++) {
    }
}

static void test_stdio_input(void)
{
    if (g_test_subprocess()) {
        int p[2];
        g_assert_cmpint(pipe(p), ==, 0);
        g_assert_cmpint(dup2(p[0], 0), ==, 0);
        close(p[0]);

        g_autoptr(GError) err = NULL;
        Chardev *s = chardev_new("serial0", "stdio", &err);
        g_assert_no_error(err);
        TestFe f;
        tf_init(&f);
        f.room = 2;
        chr_attach(s, &f.fe);

        g_assert_cmpint(write(p[1], "hello", 5), ==, 5);
        pump();
        g_assert_cmpstr(f.got->str, ==, "he");
        /* Not polling while the frontend is full: more input stays in the pipe. */
        g_assert_cmpint(write(p[1], "!", 1), ==, 1);
        pump();
        g_assert_cmpstr(f.got->str, ==, "he");

        f.room = -1;
        chr_accept_input(s);
        g_assert_cmpstr(f.got->str, ==, "hello");
        pump();
        g_assert_cmpstr(f.got->str, ==, "hello!");

        /* EOF: the watch goes away and the loop goes idle (no busy spinning). */
        close(p[1]);
        pump();
        g_assert_false(g_main_context_iteration(NULL, FALSE));
        chr_accept_input(s);
        g_assert_false(g_main_context_iteration(NULL, FALSE));
        g_assert_cmpstr(f.got->str, ==, "hello!");
        chardev_close_all();
        tf_clear(&f);
        return;
    }
    g_test_trap_subprocess(NULL, 5 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_passed();
}

static void test_stdio_mux_input(void)
{
    if (g_test_subprocess()) {
        int p[2];
        g_assert_cmpint(pipe(p), ==, 0);
        g_assert_cmpint(dup2(p[0], 0), ==, 0);
        close(p[0]);

        g_autoptr(GError) err = NULL;
        Chardev *mux = chardev_new("serial0", "mon:stdio", &err);
        g_assert_no_error(err);
        TestFe a, b;
        tf_init(&a);
        tf_init(&b);
        a.room = 1;
        Chardev *va = mux_add_frontend(mux, "serial0", &a.fe);
        mux_add_frontend(mux, "monitor0", &b.fe);

        g_assert_cmpint(write(p[1], "ab\x01" "cm", 5), ==, 5);
        pump();
        /* The escape acts on the focus at once; the held "b" stays a's. */
        g_assert_cmpstr(a.got->str, ==, "a");
        g_assert_cmpstr(b.got->str, ==, "m");
        a.room = -1;
        chr_accept_input(va);
        pump();
        g_assert_cmpstr(a.got->str, ==, "ab");
        g_assert_cmpstr(b.got->str, ==, "m");
        g_assert_cmpint(mux_get_focus(mux), ==, 1);
        close(p[1]);
        pump();
        chardev_close_all();
        tf_clear(&a);
        tf_clear(&b);
        return;
    }
    g_test_trap_subprocess(NULL, 5 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_passed();
}

static void test_stdio_eof_devnull(void)
{
    if (g_test_subprocess()) {
        int fd = open("/dev/null", O_RDONLY);
        g_assert_cmpint(dup2(fd, 0), ==, 0);
        g_autoptr(GError) err = NULL;
        Chardev *s = chardev_new("serial0", "stdio", &err);
        g_assert_no_error(err);
        pump();
        g_assert_false(g_main_context_iteration(NULL, FALSE));
        /* Output still works after input ended. */
        chr_write(s, (const uint8_t *)"still here\n", 11);
        chardev_close_all();
        return;
    }
    g_test_trap_subprocess(NULL, 5 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("still here\n");
}

/* term_* on a non-terminal: nothing happens and repeated calls are harmless. */
static void test_term_not_tty(void)
{
    if (g_test_subprocess()) {
        int fd = open("/dev/null", O_RDONLY);
        g_assert_cmpint(dup2(fd, 0), ==, 0);
        term_setup_raw();
        term_setup_raw();
        term_restore();
        term_restore();
        return;
    }
    g_test_trap_subprocess(NULL, 5 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

#define MUX_TEST(path, fn) \
    g_test_add("/mux/" path, Fixture, NULL, fx_setup, fn, fx_teardown)
    MUX_TEST("input-to-focused", test_input_to_focused);
    MUX_TEST("views-write-to-backend", test_views_write_to_backend);
    MUX_TEST("switch-focus", test_switch_focus);
    MUX_TEST("escape-escape", test_escape_escape);
    MUX_TEST("help", test_help);
    MUX_TEST("quit", test_quit);
    MUX_TEST("break", test_break);
    MUX_TEST("unknown-escape", test_unknown_escape);
    MUX_TEST("split-escape", test_split_escape);
    MUX_TEST("backpressure", test_backpressure);
    MUX_TEST("backpressure-then-switch", test_backpressure_then_switch);
    g_test_add_func("/mux/late-and-direct-frontends", test_late_and_direct_frontends);
    g_test_add_func("/chardev/file", test_file_backend);
    g_test_add_func("/chardev/file-errors", test_file_errors);
    g_test_add_func("/chardev/null-and-mon-null", test_null_and_mon_null);
    g_test_add_func("/chardev/stdio-second-plain", test_stdio_second_plain);
    g_test_add_func("/chardev/stdio-second-mux", test_stdio_second_mux);
    g_test_add_func("/chardev/stdio-input", test_stdio_input);
    g_test_add_func("/chardev/stdio-mux-input", test_stdio_mux_input);
    g_test_add_func("/chardev/stdio-eof-devnull", test_stdio_eof_devnull);
    g_test_add_func("/chardev/term-not-tty", test_term_not_tty);
    return g_test_run();
}
