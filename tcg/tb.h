/* tb.h: translation blocks: the cache keyed by (PC, flags), the code
 * buffer, chaining, and invalidation when guest code is written. */
#ifndef A64EMU_TB_H
#define A64EMU_TB_H

#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* State that changes how code is translated: part of the TB lookup key. */
#define TB_FLAG_EL_MASK      0x3u        /* current EL */
#define TB_FLAG_SPSEL        (1u << 2)   /* PSTATE.SP */
#define TB_FLAG_SS           (1u << 3)   /* single-step: one instruction per block */
#define TB_FLAG_SEMIHOST     (1u << 4)   /* HLT #0xF000 is a semihosting call */
#define TB_FLAG_ALIGN        (1u << 5)   /* SCTLR_EL1.A: check alignment of every access */

#define TB_MAX_INSNS 512

typedef struct TranslationBlock TranslationBlock;
struct TranslationBlock {
    uint64_t pc;
    uint32_t flags;
    uint32_t icount;            /* guest instructions */
    uint64_t size;              /* guest bytes covered */
    uint8_t *code;              /* host code (backend mode) */
    uint32_t code_size;
    struct IRBlock *ir;         /* kept in interpreter mode */
    /* chaining: slot n's jump is at code + jmp_off[n] (UINT32_MAX: none);
     * unlinked it goes to code + jmp_reset[n], which returns tb|n to the loop */
    uint32_t jmp_off[2];
    uint32_t jmp_reset[2];
    TranslationBlock *jmp_dest[2];
    GSList *jmp_incoming;       /* (tb|slot) that jump into this TB */
    TranslationBlock *hash_next;
    bool invalid;
};

/* Exit value from generated code or the interpreter: 0 = env->pc is set, go
 * back to the loop; otherwise (uintptr_t)tb | slot for an unlinked chainable
 * exit (env->pc is set too). TBs are 8-byte aligned. */
#define TB_EXIT_MASK 3u

/* The tb_flags for the CPU's current state. */
uint32_t cpu_tb_flags(const CPUARMState *env);

#endif
