/* tsan-glib.h: GLib's locks made visible to ThreadSanitizer. Force-included (-include) by
 * meson in -Db_sanitize=thread builds only. GLib's GMutex, GRecMutex and GCond are built
 * on futexes and atomics inside the uninstrumented libglib, so TSan sees none of the
 * ordering they give and reports every access they guard as a race. Each call becomes the
 * same GLib call wrapped in TSan's mutex annotations (a lock is an acquire, an unlock a
 * release; a condition wait releases and re-acquires its mutex). */
#ifndef A64EMU_TSAN_GLIB_H
#define A64EMU_TSAN_GLIB_H
#if defined(__SANITIZE_THREAD__)
#include <glib.h>
#include <sanitizer/tsan_interface.h>

static inline void tsan_g_mutex_lock(GMutex *m)
{
    __tsan_mutex_pre_lock(m, 0);
    g_mutex_lock(m);
    __tsan_mutex_post_lock(m, 0, 0);
}

static inline void tsan_g_mutex_unlock(GMutex *m)
{
    __tsan_mutex_pre_unlock(m, 0);
    g_mutex_unlock(m);
    __tsan_mutex_post_unlock(m, 0);
}

static inline void tsan_g_rec_mutex_lock(GRecMutex *m)
{
    __tsan_mutex_pre_lock(m, 0);
    g_rec_mutex_lock(m);
    __tsan_mutex_post_lock(m, __tsan_mutex_recursive_lock, 1);
}

static inline void tsan_g_rec_mutex_unlock(GRecMutex *m)
{
    __tsan_mutex_pre_unlock(m, 0);
    g_rec_mutex_unlock(m);
    __tsan_mutex_post_unlock(m, __tsan_mutex_recursive_unlock);
}

static inline void tsan_g_cond_wait(GCond *c, GMutex *m)
{
    __tsan_mutex_pre_unlock(m, 0);
    __tsan_mutex_post_unlock(m, 0);
    g_cond_wait(c, m);
    __tsan_mutex_pre_lock(m, 0);
    __tsan_mutex_post_lock(m, 0, 0);
}

static inline gboolean tsan_g_cond_wait_until(GCond *c, GMutex *m, gint64 end_time)
{
    __tsan_mutex_pre_unlock(m, 0);
    __tsan_mutex_post_unlock(m, 0);
    gboolean r = g_cond_wait_until(c, m, end_time);
    __tsan_mutex_pre_lock(m, 0);
    __tsan_mutex_post_lock(m, 0, 0);
    return r;
}

#define g_mutex_lock tsan_g_mutex_lock
#define g_mutex_unlock tsan_g_mutex_unlock
#define g_rec_mutex_lock tsan_g_rec_mutex_lock
#define g_rec_mutex_unlock tsan_g_rec_mutex_unlock
#define g_cond_wait tsan_g_cond_wait
#define g_cond_wait_until tsan_g_cond_wait_until
#endif
#endif
