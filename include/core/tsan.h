/* tsan.h: happens-before edges ThreadSanitizer cannot see, made explicit. They cost nothing
 * outside -Db_sanitize=thread builds. An edge through generated code (a block chained to
 * another vCPU's block, a patched jump) is one: the translator releases what it publishes
 * there, and a thread that reaches it through generated code acquires it. */
#ifndef A64EMU_TSAN_H
#define A64EMU_TSAN_H
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define tsan_release(p) __tsan_release((void *)(p))
#define tsan_acquire(p) __tsan_acquire((void *)(p))
#else
#define tsan_release(p) ((void)(p))
#define tsan_acquire(p) ((void)(p))
#endif
#endif
