/* testutil.h: small helpers shared by the unit tests. */
#ifndef A64EMU_TESTUTIL_H
#define A64EMU_TESTUTIL_H

#include <glib.h>
#include <glib/gstdio.h>

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

#endif
