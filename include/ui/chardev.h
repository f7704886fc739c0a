/* chardev.h: character devices (stdio, null, file) and the Ctrl-a mux that
 * shares one backend between several frontends (the UART and the monitor).
 * The struct is public so devices and their tests need no backend code:
 * a test builds a Chardev with its own write function. */
#ifndef A64EMU_CHARDEV_H
#define A64EMU_CHARDEV_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct Chardev Chardev;

/* A frontend (device or monitor) attached to a chardev. */
typedef struct CharFrontend {
    /* How many bytes the frontend can take now (0 = none: the backend holds them). */
    int (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, int len);
    /* CHR_EVENT_* (focus changes on a mux, break). May be NULL. */
    void (*event)(void *opaque, int event);
    void *opaque;
} CharFrontend;

enum { CHR_EVENT_FOCUS_IN = 1, CHR_EVENT_FOCUS_OUT = 2, CHR_EVENT_BREAK = 3 };

struct Chardev {
    char *id;                   /* "serial0", "monitor0", "compat_monitor0" */
    /* Host-side output; returns bytes written (all of them, or -1). */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /* Backend ready for more input after a frontend returned 0 from can_receive. */
    void (*accept_input)(Chardev *chr);
    void (*close)(Chardev *chr);
    CharFrontend *fe;           /* the one attached frontend (a mux has its own list) */
    void *opaque;               /* backend private */
};

static inline int chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return (chr && chr->write) ? chr->write(chr, buf, len) : len;
}
static inline void chr_attach(Chardev *chr, CharFrontend *fe) { chr->fe = fe; }
/* Called by a backend with host input for the frontend; returns bytes taken. */
static inline int chr_be_receive(Chardev *chr, const uint8_t *buf, int len)
{
    CharFrontend *fe = chr->fe;
    if (!fe || !fe->receive) {
        return len;             /* nobody listens: dropped */
    }
    int room = fe->can_receive ? fe->can_receive(fe->opaque) : len;
    if (room > len) {
        room = len;
    }
    if (room > 0) {
        fe->receive(fe->opaque, buf, room);
    }
    return room > 0 ? room : 0;
}
/* A frontend calls this when it can take input again. */
static inline void chr_accept_input(Chardev *chr)
{
    if (chr && chr->accept_input) {
        chr->accept_input(chr);
    }
}

/* Backends from a -serial / -monitor spec: "stdio", "mon:stdio" (a mux with
 * the monitor on it), "null", "file:PATH". Errors name the spec.
 * A second stdio user shares the same mux (QEMU's -nographic behaviour). */
Chardev *chardev_new(const char *id, const char *spec, GError **errp);
Chardev *chardev_find(const char *id);
void chardev_close_all(void);

/* The mux: one backend, several frontends, Ctrl-a commands (x quit, c switch
 * focus, h help, Ctrl-a Ctrl-a sends Ctrl-a, b break). Each frontend gets a
 * Chardev view of its own that writes through to the backend. */
Chardev *mux_new(const char *id, Chardev *backend);
/* Attach a frontend; returns its view (chr_write on it writes to the backend). */
Chardev *mux_add_frontend(Chardev *mux, const char *id, CharFrontend *fe);
void mux_set_focus(Chardev *mux, int index);
int mux_get_focus(Chardev *mux);
/* Run when Ctrl-a x is typed (default: terminal restored, exit(0)). */
void mux_set_quit_handler(void (*fn)(void));

/* The terminal: raw mode while stdio is in use, restored at every exit
 * (atexit, fatal signals, SIGTERM/SIGINT/SIGHUP). Idempotent. */
void term_setup_raw(void);
void term_restore(void);

#endif
