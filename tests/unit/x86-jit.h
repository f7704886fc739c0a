/* x86-jit.h: IR blocks verified, generated with the x86-64 backend and run, for
 * the unit tests: one code buffer per test program (setup_code first), recycled
 * when full. */
#ifndef A64EMU_TEST_X86_JIT_H
#define A64EMU_TEST_X86_JIT_H

#include <glib.h>
#include <string.h>
#include <sys/mman.h>
#include "tcg/backend.h"

#define CODE_SIZE (8u << 20)

static uint8_t *code_buf;
static size_t code_used;
static uint64_t total_code_bytes;

static inline void setup_code(void)
{
    code_buf = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(code_buf != MAP_FAILED);
    int n = x86_backend_prologue(code_buf, CODE_SIZE);
    g_assert_cmpint(n, >, 0);
    code_used = (n + 63) & ~63u;
}

/* Generate b into the shared buffer (recycled when full). */
static inline uint8_t *gen(const IRBlock *b, TranslationBlock *tb)
{
    if (code_used + (1u << 16) > CODE_SIZE) {
        code_used = 4096;
    }
    ir_verify(b);
    memset(tb, 0, sizeof(*tb));
    tb->pc = b->pc;
    tb->flags = b->flags;
    int n = x86_backend_gen(b, tb, code_buf + code_used, CODE_SIZE - code_used, NULL);
    g_assert_cmpint(n, >, 0);
    uint8_t *c = code_buf + code_used;
    code_used = (code_used + n + 15) & ~(size_t)15;
    total_code_bytes += n;
    return c;
}

#endif
