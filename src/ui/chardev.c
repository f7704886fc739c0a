/* chardev.c: character backends (stdio, null, file), the Ctrl-a mux that
 * shares one backend between frontends, and the host terminal's raw mode. */
#include "ui/chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib-unix.h>

#define CHR_READ_CHUNK 4096
#define MUX_ESCAPE 0x01         /* Ctrl-a */

/* ---- registry ------------------------------------------------------------ */

static GPtrArray *all_chardevs;     /* every Chardev we made, in creation order */
static GHashTable *chardev_by_id;   /* id -> Chardev (first one wins) */
static Chardev *stdio_owner;        /* the Chardev that reads stdin (stdio or its mux) */

static Chardev *chardev_alloc(const char *id)
{
    Chardev *chr = g_new0(Chardev, 1);
    chr->id = g_strdup(id ? id : "");
    if (!all_chardevs) {
        all_chardevs = g_ptr_array_new();
        chardev_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_ptr_array_add(all_chardevs, chr);
    if (!g_hash_table_contains(chardev_by_id, chr->id)) {
        g_hash_table_insert(chardev_by_id, chr->id, chr);
    }
    return chr;
}

Chardev *chardev_find(const char *id)
{
    if (!chardev_by_id || !id) {
        return NULL;
    }
    return g_hash_table_lookup(chardev_by_id, id);
}

void chardev_close_all(void)
{
    if (!all_chardevs) {
        return;
    }
    /* Newest first: a mux goes before its backend, views before their mux. */
    for (guint i = all_chardevs->len; i-- > 0;) {
        Chardev *chr = g_ptr_array_index(all_chardevs, i);
        if (chr->close) {
            chr->close(chr);
        }
    }
    for (guint i = 0; i < all_chardevs->len; i++) {
        Chardev *chr = g_ptr_array_index(all_chardevs, i);
        g_free(chr->id);
        g_free(chr);
    }
    g_ptr_array_free(all_chardevs, TRUE);
    g_hash_table_destroy(chardev_by_id);
    all_chardevs = NULL;
    chardev_by_id = NULL;
    stdio_owner = NULL;
}

/* Write all of buf to fd, riding out EINTR, short writes and a non-blocking fd. */
static int write_all(int fd, const uint8_t *buf, int len)
{
    int done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            poll(&pfd, 1, -1);
        } else {
            return -1;
        }
    }
    return len;
}

/* ---- null ------------------------------------------------------------------ */

static int null_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

/* ---- file ------------------------------------------------------------------ */

static int fd_backend_write(Chardev *chr, const uint8_t *buf, int len)
{
    int fd = GPOINTER_TO_INT(chr->opaque) - 1;
    if (fd < 0 || len <= 0) {
        return len <= 0 ? 0 : -1;
    }
    return write_all(fd, buf, len);
}

static void file_close(Chardev *chr)
{
    int fd = GPOINTER_TO_INT(chr->opaque) - 1;
    if (fd >= 0) {
        close(fd);
    }
    chr->opaque = NULL;
}

static Chardev *file_new(const char *id, const char *path, GError **errp)
{
    if (!*path) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "chardev '%s': 'file:' needs a path", id);
        return NULL;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) {
        int err = errno;
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(err),
                    "chardev '%s': could not open '%s': %s", id, path, g_strerror(err));
        return NULL;
    }
    Chardev *chr = chardev_alloc(id);
    chr->write = fd_backend_write;
    chr->close = file_close;
    chr->opaque = GINT_TO_POINTER(fd + 1);      /* 0 stays "no fd" */
    return chr;
}

/* ---- stdio ----------------------------------------------------------------- */

typedef struct StdioState {
    guint watch;            /* g_unix_fd_add source on fd 0, 0 when not polling */
    GByteArray *pending;    /* read but not yet taken by the frontend */
    bool eof;
    bool delivering;        /* guards against accept_input re-entering delivery */
} StdioState;

static gboolean stdio_readable(gint fd, GIOCondition cond, gpointer opaque);

static int stdio_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len <= 0 ? 0 : write_all(1, buf, len);
}

static void stdio_watch(Chardev *chr)
{
    StdioState *s = chr->opaque;
    if (!s->watch && !s->eof) {
        s->watch = g_unix_fd_add(0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdio_readable, chr);
    }
}

/* Hand pending bytes to the frontend; true when all were taken. */
static bool stdio_flush_pending(Chardev *chr)
{
    StdioState *s = chr->opaque;
    if (s->delivering) {
        return s->pending->len == 0;
    }
    s->delivering = true;
    while (s->pending->len) {
        int n = chr_be_receive(chr, s->pending->data, (int)s->pending->len);
        if (n <= 0) {
            break;
        }
        g_byte_array_remove_range(s->pending, 0, n);
    }
    s->delivering = false;
    return s->pending->len == 0;
}

static gboolean stdio_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    Chardev *chr = opaque;
    StdioState *s = chr->opaque;
    uint8_t buf[CHR_READ_CHUNK];

    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        /* EOF (or a dead fd): stop watching; the VM keeps running. */
        s->eof = true;
        s->watch = 0;
        return G_SOURCE_REMOVE;
    }
    g_byte_array_append(s->pending, buf, n);
    if (stdio_flush_pending(chr)) {
        return G_SOURCE_CONTINUE;
    }
    /* The frontend is full: stop polling until it calls accept_input. */
    s->watch = 0;
    return G_SOURCE_REMOVE;
}

static void stdio_accept_input(Chardev *chr)
{
    if (stdio_flush_pending(chr)) {
        stdio_watch(chr);
    }
}

static void stdio_close(Chardev *chr)
{
    StdioState *s = chr->opaque;
    if (s->watch) {
        g_source_remove(s->watch);
    }
    g_byte_array_free(s->pending, TRUE);
    g_free(s);
    chr->opaque = NULL;
    term_restore();
}

static Chardev *stdio_new(const char *id)
{
    Chardev *chr = chardev_alloc(id);
    StdioState *s = g_new0(StdioState, 1);
    s->pending = g_byte_array_new();
    chr->opaque = s;
    chr->write = stdio_write;
    chr->accept_input = stdio_accept_input;
    chr->close = stdio_close;
    term_setup_raw();
    stdio_watch(chr);
    return chr;
}

/* ---- the mux ----------------------------------------------------------------- */

typedef struct MuxState MuxState;

typedef struct MuxView {
    MuxState *mux;
    GByteArray *held;       /* input for this frontend it could not take yet */
} MuxView;

struct MuxState {
    Chardev *self;
    Chardev *backend;
    CharFrontend be_fe;     /* what the mux looks like to its backend */
    GPtrArray *views;       /* Chardev *, index = frontend number */
    int focus;
    bool escape;            /* Ctrl-a seen, command byte next */
};

static void mux_default_quit(void)
{
    term_restore();
    exit(0);
}

static void (*mux_quit_fn)(void) = mux_default_quit;

void mux_set_quit_handler(void (*fn)(void))
{
    mux_quit_fn = fn ? fn : mux_default_quit;
}

static int mux_write(Chardev *chr, const uint8_t *buf, int len);

static MuxState *mux_state(Chardev *chr)
{
    return (chr && chr->write == mux_write) ? chr->opaque : NULL;
}

static int mux_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxState *m = chr->opaque;
    return chr_write(m->backend, buf, len);
}

static void mux_puts(MuxState *m, const char *s)
{
    chr_write(m->backend, (const uint8_t *)s, (int)strlen(s));
}

static void mux_send_event(MuxState *m, int index, int event)
{
    if (index < 0 || index >= (int)m->views->len) {
        return;
    }
    Chardev *view = g_ptr_array_index(m->views, index);
    if (view->fe && view->fe->event) {
        view->fe->event(view->fe->opaque, event);
    }
}

/* Deliver a view's held input; true when nothing is left. */
static bool mux_view_flush(Chardev *view)
{
    MuxView *v = view->opaque;
    while (v->held->len) {
        int n = chr_be_receive(view, v->held->data, (int)v->held->len);
        if (n <= 0) {
            break;
        }
        g_byte_array_remove_range(v->held, 0, n);
    }
    return v->held->len == 0;
}

static Chardev *mux_view_new(MuxState *m, const char *id, CharFrontend *fe);

/* A frontend that called chr_attach() on the mux itself (instead of
 * mux_add_frontend) becomes an ordinary frontend, in the order it came. */
static void mux_adopt_direct(MuxState *m)
{
    if (m->self->fe) {
        CharFrontend *fe = m->self->fe;
        m->self->fe = NULL;
        mux_view_new(m, m->self->id, fe);
    }
}

static Chardev *mux_focused_view(MuxState *m)
{
    if (m->focus < 0 || m->focus >= (int)m->views->len) {
        return NULL;
    }
    return g_ptr_array_index(m->views, m->focus);
}

static void mux_kick_backend(MuxState *m)
{
    Chardev *view = mux_focused_view(m);
    if (!view || ((MuxView *)view->opaque)->held->len == 0) {
        chr_accept_input(m->backend);
    }
}

static void mux_do_set_focus(MuxState *m, int index)
{
    mux_send_event(m, m->focus, CHR_EVENT_FOCUS_OUT);
    m->focus = index;
    mux_send_event(m, m->focus, CHR_EVENT_FOCUS_IN);
    Chardev *view = mux_focused_view(m);
    if (view) {
        mux_view_flush(view);
    }
}

static const char mux_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a c    switch between console and monitor\r\n"
    "C-a C-a  sends C-a\r\n"
    "C-a b    send break\r\n";

/* One byte after Ctrl-a. Returns true when it is data for the frontend. */
static bool mux_escape_command(MuxState *m, uint8_t c)
{
    switch (c) {
    case 'x':
        mux_puts(m, "a64emu: terminated\r\n");
        mux_quit_fn();
        return false;
    case 'c':
        if (m->views->len) {
            mux_do_set_focus(m, (m->focus + 1) % (int)m->views->len);
        }
        return false;
    case 'h':
    case '?':
        mux_puts(m, mux_help);
        return false;
    case 'b':
        mux_send_event(m, m->focus, CHR_EVENT_BREAK);
        return false;
    default:
        return true;        /* MUX_ESCAPE itself and unknown bytes pass through */
    }
}

static int mux_can_receive(void *opaque)
{
    MuxState *m = opaque;
    Chardev *view = mux_focused_view(m);
    if (view && ((MuxView *)view->opaque)->held->len) {
        return 0;
    }
    return CHR_READ_CHUNK;
}

static void mux_receive(void *opaque, const uint8_t *buf, int len)
{
    MuxState *m = opaque;
    mux_adopt_direct(m);
    for (int i = 0; i < len; i++) {
        uint8_t c = buf[i];
        bool data;
        if (m->escape) {
            m->escape = false;
            Chardev *before = mux_focused_view(m);
            if (before && c != MUX_ESCAPE) {
                /* Commands act after the input typed before them. */
                mux_view_flush(before);
            }
            data = mux_escape_command(m, c);
        } else if (c == MUX_ESCAPE) {
            m->escape = true;
            data = false;
        } else {
            data = true;
        }
        if (data) {
            Chardev *view = mux_focused_view(m);
            if (view) {
                g_byte_array_append(((MuxView *)view->opaque)->held, &c, 1);
            }
        }
    }
    Chardev *view = mux_focused_view(m);
    if (view) {
        mux_view_flush(view);
    }
}

static int mux_view_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxView *v = chr->opaque;
    return chr_write(v->mux->backend, buf, len);
}

static void mux_view_accept_input(Chardev *chr)
{
    MuxView *v = chr->opaque;
    mux_view_flush(chr);
    mux_kick_backend(v->mux);
}

static void mux_view_close(Chardev *chr)
{
    MuxView *v = chr->opaque;
    g_byte_array_free(v->held, TRUE);
    g_free(v);
    chr->opaque = NULL;
    chr->write = NULL;
}

static Chardev *mux_view_new(MuxState *m, const char *id, CharFrontend *fe)
{
    Chardev *view = chardev_alloc(id);
    MuxView *v = g_new0(MuxView, 1);
    v->mux = m;
    v->held = g_byte_array_new();
    view->opaque = v;
    view->write = mux_view_write;
    view->accept_input = mux_view_accept_input;
    view->close = mux_view_close;
    view->fe = fe;
    g_ptr_array_add(m->views, view);
    return view;
}

static void mux_accept_input(Chardev *chr)
{
    MuxState *m = chr->opaque;
    Chardev *view = mux_focused_view(m);
    if (view) {
        mux_view_flush(view);
    }
    mux_kick_backend(m);
}

static void mux_close(Chardev *chr)
{
    MuxState *m = chr->opaque;
    if (m->backend && m->backend->fe == &m->be_fe) {
        m->backend->fe = NULL;
    }
    g_ptr_array_free(m->views, TRUE);
    g_free(m);
    chr->opaque = NULL;
    chr->write = NULL;
}

Chardev *mux_new(const char *id, Chardev *backend)
{
    Chardev *chr = chardev_alloc(id);
    MuxState *m = g_new0(MuxState, 1);
    m->self = chr;
    m->backend = backend;
    m->views = g_ptr_array_new();
    m->be_fe.can_receive = mux_can_receive;
    m->be_fe.receive = mux_receive;
    m->be_fe.opaque = m;
    chr->opaque = m;
    chr->write = mux_write;
    chr->accept_input = mux_accept_input;
    chr->close = mux_close;
    if (backend) {
        chr_attach(backend, &m->be_fe);
    }
    return chr;
}

Chardev *mux_add_frontend(Chardev *mux, const char *id, CharFrontend *fe)
{
    MuxState *m = mux_state(mux);
    if (!m) {
        return NULL;
    }
    mux_adopt_direct(m);
    Chardev *view = mux_view_new(m, id, fe);
    if ((int)m->views->len - 1 == m->focus) {
        mux_send_event(m, m->focus, CHR_EVENT_FOCUS_IN);
    }
    return view;
}

void mux_set_focus(Chardev *mux, int index)
{
    MuxState *m = mux_state(mux);
    if (!m) {
        return;
    }
    mux_adopt_direct(m);
    if (index < 0 || index >= (int)m->views->len) {
        return;
    }
    mux_do_set_focus(m, index);
    mux_kick_backend(m);
}

/* -1 when mux is not a mux (the monitor uses this to tell). */
int mux_get_focus(Chardev *mux)
{
    MuxState *m = mux_state(mux);
    if (!m) {
        return -1;
    }
    mux_adopt_direct(m);
    return m->focus;
}

/* ---- chardev_new ------------------------------------------------------------- */

static Chardev *backend_new(const char *id, const char *spec, GError **errp)
{
    if (!strcmp(spec, "stdio")) {
        if (stdio_owner) {
            if (mux_state(stdio_owner)) {
                return stdio_owner;
            }
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                        "chardev '%s' (%s): stdio is already in use by '%s'",
                        id, spec, stdio_owner->id);
            return NULL;
        }
        stdio_owner = stdio_new(id);
        return stdio_owner;
    }
    if (!strcmp(spec, "null")) {
        Chardev *chr = chardev_alloc(id);
        chr->write = null_write;
        return chr;
    }
    if (g_str_has_prefix(spec, "file:")) {
        return file_new(id, spec + 5, errp);
    }
    g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "chardev '%s': unknown backend '%s' "
                "(expected stdio, mon:stdio, null or file:PATH)", id, spec);
    return NULL;
}

Chardev *chardev_new(const char *id, const char *spec, GError **errp)
{
    if (!id || !*id) {
        id = "chr";
    }
    if (!spec || !*spec) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "chardev '%s': empty backend spec", id);
        return NULL;
    }
    bool want_mux = g_str_has_prefix(spec, "mon:");
    const char *inner = want_mux ? spec + 4 : spec;

    /* A stdio that is already a mux is shared (-nographic plus -monitor stdio). */
    if (!strcmp(inner, "stdio") && stdio_owner) {
        return backend_new(id, inner, errp);
    }
    if (chardev_find(id)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                    "chardev '%s' (%s): duplicate chardev id", id, spec);
        return NULL;
    }
    if (!want_mux) {
        return backend_new(id, inner, errp);
    }
    if (g_str_has_prefix(inner, "mon:")) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "chardev '%s': bad backend spec '%s'", id, spec);
        return NULL;
    }
    g_autofree char *base_id = g_strdup_printf("%s-base", id);
    Chardev *base = backend_new(base_id, inner, errp);
    if (!base) {
        return NULL;
    }
    Chardev *mux = mux_new(id, base);
    if (base == stdio_owner) {
        stdio_owner = mux;
    }
    return mux;
}

/* ---- the terminal -------------------------------------------------------------- */

static struct termios term_saved;
static volatile sig_atomic_t term_is_raw;
static bool term_hooks_installed;

void term_restore(void)
{
    if (term_is_raw) {
        term_is_raw = 0;
        tcsetattr(0, TCSANOW, &term_saved);
    }
}

static void term_write_stderr(const char *s)
{
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void term_exit_signal(int sig)
{
    char msg[64] = "a64emu: terminating on signal ";
    char num[12];
    int n = 0, v = sig;
    do {
        num[n++] = '0' + v % 10;
        v /= 10;
    } while (v && n < (int)sizeof(num));
    size_t pos = strlen(msg);
    while (n > 0 && pos < sizeof(msg) - 2) {
        msg[pos++] = num[--n];
    }
    msg[pos++] = '\n';
    msg[pos] = 0;

    term_restore();
    term_write_stderr(msg);
    _exit(1);
}

static void term_fatal_signal(int sig)
{
    /* SA_RESETHAND put the default action back: re-raise to die as we would have. */
    term_restore();
    raise(sig);
}

static void term_install_hooks(void)
{
    static const int exit_sigs[] = { SIGTERM, SIGINT, SIGHUP };
    static const int fatal_sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
    struct sigaction sa;

    atexit(term_restore);

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = term_exit_signal;
    for (size_t i = 0; i < G_N_ELEMENTS(exit_sigs); i++) {
        sigaction(exit_sigs[i], &sa, NULL);
    }
    sa.sa_handler = term_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_sigs); i++) {
        sigaction(fatal_sigs[i], &sa, NULL);
    }
}

void term_setup_raw(void)
{
    struct termios t;

    if (term_is_raw || !isatty(0) || tcgetattr(0, &term_saved) < 0) {
        return;
    }
    t = term_saved;
    /* Bytes in as typed: no CR->NL, no flow control, no break/parity mangling. */
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    /* The guest's "\n" still becomes "\r\n" on the screen, as with QEMU. */
    t.c_oflag |= OPOST;
    /* No echo, no line editing, and Ctrl-C/Ctrl-Z go to the guest. */
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN | ISIG);
    t.c_cflag &= ~(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;

    if (!term_hooks_installed) {
        term_hooks_installed = true;
        term_install_hooks();
    }
    if (tcsetattr(0, TCSANOW, &t) == 0) {
        term_is_raw = 1;
    }
}
