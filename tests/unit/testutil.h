/* testutil.h: small helpers shared by the unit tests. */
#ifndef A64EMU_TESTUTIL_H
#define A64EMU_TESTUTIL_H

#include <glib.h>
#include <glib/gstdio.h>
#include <zlib.h>
#include "core/log.h"

/* Remove a flat scratch directory made by a test, and free its name. */
static inline void testutil_remove_dir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(dir, n, NULL);
            g_unlink(p);
        }
        g_dir_close(d);
    }
    g_rmdir(dir);
    g_free(dir);
}

/* The log goes to a scratch file the test reads back: reset truncates it
 * (opening it again), text returns everything logged since. */
static inline void testutil_log_reset(const char *path)
{
    g_autoptr(GError) err = NULL;
    g_assert_true(log_set_file(path, &err));
}

static inline char *testutil_log_text(const char *path)
{
    char *s = NULL;
    log_flush();
    g_assert_true(g_file_get_contents(path, &s, NULL, NULL));
    return s;
}

/* A gzip stream of in (what gzip(1) would write, as far as gunzip cares). */
static inline uint8_t *testutil_gzip(const uint8_t *in, gsize len, gsize *outlen)
{
    z_stream zs = { 0 };
    g_assert_cmpint(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                 Z_DEFAULT_STRATEGY), ==, Z_OK);
    gsize cap = deflateBound(&zs, len);
    uint8_t *out = g_malloc(cap);
    zs.next_in = (Bytef *)in;
    zs.avail_in = len;
    zs.next_out = out;
    zs.avail_out = cap;
    g_assert_cmpint(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
    *outlen = zs.total_out;
    deflateEnd(&zs);
    return out;
}

#endif
