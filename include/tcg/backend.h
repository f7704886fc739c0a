/* backend.h: turning an optimized IRBlock into something that runs: the
 * x86-64 code generator (tcg/x86/x86-backend.c) and the IR interpreter
 * (tcg/ir/interp.c) behind one interface, chosen with -accel tcg,interp=on. */
#ifndef A64EMU_BACKEND_H
#define A64EMU_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include "tcg/ir/ir.h"
#include "tcg/tb.h"

/* ---- x86-64 ---- */

/* Write the prologue/epilogue at the start of the code buffer (called after
 * every flush); returns the bytes used (-1 if cap is too small). The
 * prologue is `uintptr_t enter(CPUARMState *env, const void *code)`: it saves
 * the callee-saved registers, keeps env in a fixed host register, jumps to
 * code, and returns the TB exit value (tb.h) placed in RAX by the block. */
int x86_backend_prologue(uint8_t *buf, size_t cap);
/* Enter generated code. */
uintptr_t x86_backend_enter(CPUARMState *env, const void *code);
/* Generate the block; returns bytes written, or -1 when it does not fit (the
 * caller flushes the buffer and retries). Fills tb->jmp_off/jmp_reset.
 * The code begins with the exit-request check. When log items out_asm is on,
 * guest instruction boundaries are reported through marks (host offset, guest pc). */
typedef struct X86GenMarks {
    uint32_t n, cap;
    struct { uint32_t host_off; uint64_t guest_pc; } *m;
} X86GenMarks;
int x86_backend_gen(const IRBlock *b, TranslationBlock *tb, uint8_t *buf, size_t cap,
                    X86GenMarks *marks);
/* Point slot n of tb at host code dest (chain), or back at its exit stub
 * (dest = NULL). Atomic with respect to a running vCPU. */
void x86_backend_patch_jump(TranslationBlock *tb, int slot, const uint8_t *dest);
/* The jump a chain across pages goes through with the MMU on: checks that
 * the CPU's code TLB still maps to's virtual page to to's physical page
 * (entry tag and physical address, no walk), then jumps to to's code, else
 * returns 0 to the loop. Returns bytes written, -1 when it does not fit. */
int x86_backend_gen_page_check(uint8_t *buf, size_t cap, const TranslationBlock *to);
/* Host ISA extensions the generator uses, detected with CPUID on first use.
 * Tests clear bits to exercise the fallback sequences. */
#define X86_FEAT_BMI1  1u
#define X86_FEAT_BMI2  2u
#define X86_FEAT_LZCNT 4u
#define X86_FEAT_SSE41 8u
#define X86_FEAT_SSE42 16u
#define X86_FEAT_FMA   32u      /* FMA3 with the OS's AVX state (XGETBV) */
#define X86_FEAT_AES   64u
#define X86_FEAT_SHA   128u
unsigned x86_backend_features(void);
void x86_backend_set_features(unsigned mask);    /* limited to what the host has */

/* ---- the IR interpreter ---- */

/* Run the block on env; returns the same exit value as generated code
 * (0, or (uintptr_t)tb | slot). Memory goes through helper_ld/helper_st. */
uintptr_t ir_interp_exec(CPUARMState *env, const IRBlock *b, TranslationBlock *tb);

#endif
