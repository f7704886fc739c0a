/* tb.h: translation blocks: the cache keyed by (virtual PC, physical PC,
 * flags), the code buffer, chaining, and invalidation when guest code is
 * written. */
#ifndef A64EMU_TB_H
#define A64EMU_TB_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include "arm/cpu.h"

/* State that changes how code is translated: part of the TB lookup key. */
#define TB_FLAG_EL_MASK      0x3u        /* current EL */
#define TB_FLAG_SPSEL        (1u << 2)   /* PSTATE.SP */
#define TB_FLAG_SS           (1u << 3)   /* single-step: one instruction per block */
#define TB_FLAG_SEMIHOST     (1u << 4)   /* HLT #0xF000 is a semihosting call */
#define TB_FLAG_ALIGN        (1u << 5)   /* SCTLR_EL1.A: check alignment of every access */
#define TB_FLAG_SA           (1u << 6)   /* SCTLR_EL1.SA: SP must be 16-aligned as a base */
#define TB_FLAG_MMU          (1u << 7)   /* SCTLR_EL1.M: translated code; chains stay in a page */
#define TB_FLAG_FPEN         (1u << 8)   /* CPACR_EL1.FPEN lets this EL use FP/SIMD */
/* Self-hosted debug (arm/debug.h); all clear while nothing is armed, so disarmed debug
 * costs generated code nothing. HWBP: breakpoints can fire, so each instruction an
 * enabled breakpoint names calls helper_hw_break first; the breakpoint registers are
 * per CPU, so such a block also carries its CPU's index (TB_FLAG_CPU_SHIFT), and a change
 * to them flushes the blocks. SSTEP: software step is active: one instruction per block,
 * never chained, which with PSTATE_SS steps it (the run loop then takes the step
 * exception) and without it takes the step exception at once (active-pending). */
#define TB_FLAG_HWBP         (1u << 9)
#define TB_FLAG_SSTEP        (1u << 10)
#define TB_FLAG_PSTATE_SS    (1u << 11)
#define TB_FLAG_CPU_SHIFT    16
/* Data accesses are big-endian (SCTLR_EL1.EE at EL1, E0E at EL0): the frontend swaps
 * the bytes of each load and store around it, so little-endian code pays nothing.
 * Instruction fetch and table walks do not depend on it (walks read SCTLR_EL1.EE). */
#define TB_FLAG_BE           (1u << 12)

#define TB_MAX_INSNS 512

typedef struct TranslationBlock TranslationBlock;
struct TranslationBlock {
    uint64_t pc;                /* virtual address of the first instruction */
    uint64_t phys_pc;           /* its physical address (a block never leaves its page);
                                 * UINT64_MAX: not translated from RAM (PC alignment fault) */
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

/* ---- tcg/tb.c: the cache ---- */

/* The jump cache (tcg/tb.c has its rules): JC_SIZE entries by (pc >> 2) & (JC_SIZE - 1),
 * current while tag == the CPU's tlb_flush_count + *tb_inval_count(). Generated code
 * probes it at indirect branches (x86_backend: pc, flags and tag compared, then a jump to
 * code), so the layout is fixed here. */
#define JC_BITS 12
#define JC_SIZE (1u << JC_BITS)
typedef struct JmpCacheEntry {
    uint64_t pc;
    TranslationBlock *tb;
    const uint8_t *code;
    uint32_t flags;
    uint32_t tag;
} JmpCacheEntry;
typedef struct JmpCache {
    const CPUARMState *owner;   /* the CPU the entries are for (a thread serves one) */
    JmpCacheEntry e[JC_SIZE];
} JmpCache;
const uint32_t *tb_inval_count(void);

/* Map the code buffer (buffer_bytes) and write the prologue, or prepare the
 * interpreter (interp: no host code at all). */
bool tb_init(size_t buffer_bytes, bool interp, GError **errp);
/* Bumped by every flush: a run loop holding a TB pointer from before must
 * drop it. */
uint32_t tb_generation(void);
/* May from's exit jump straight to to? Within one page, virtual and physical
 * (the mapping of a page is the same for every instruction in it), or
 * anywhere when both were translated with the MMU off (the flat map cannot
 * change). */
bool tb_may_chain(const TranslationBlock *from, const TranslationBlock *to);
/* Chain: from's exit slot jumps to to (no-op if already chained or either is
 * invalid): straight when tb_may_chain, else (MMU on, across pages) through a
 * stub that checks the running CPU's code TLB still maps to's virtual page
 * to to's physical page, and goes back to the loop when it does not. */
void tb_add_jump(TranslationBlock *from, int slot, TranslationBlock *to);
/* The run loop's counters for `info jit`: ret is what the block returned (1: no block
 * ran), req an exit request was seen, irq an interrupt was taken. */
void tb_count_exit(uintptr_t ret, bool req, bool irq);
/* `info jit`: buffer use and what was translated so far. */
void tb_print_stats(GString *out);

/* Find or translate the block for (pc, flags) at the physical address pc
 * translates to now. With the MMU on, a fetch that faults there is taken as
 * the instruction abort (longjmp to the run loop: call it from the loop
 * only). NULL only when translation is impossible (the caller then takes the
 * fetch fault itself). */
TranslationBlock *tb_find(CPUARMState *env, uint64_t pc, uint32_t flags);
/* Does the 4 KiB page at guest physical address paddr hold translated code? */
bool tb_page_has_code(uint64_t paddr);
/* *tag = value, plus TLB_NOTDIRTY when paddr's page holds code, under tb_lock
 * (so a concurrent tlb_protect_code either sees the entry or is seen). */
void tb_write_tag(uint64_t *tag, uint64_t value, uint64_t paddr);
/* Guest code in [start, start+len) (physical) was written: drop every TB that covers
 * any of it (unchaining jumps into them) and clear the page's code mark. */
void tb_invalidate_phys_range(uint64_t start, uint64_t len);
/* Drop everything (code buffer full, IC IALLU, reset). */
void tb_flush_all(void);

#endif
