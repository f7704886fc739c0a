/* tlb.h: the software TLB (filled through the stage 1 walk of arm/mmu.h when
 * SCTLR_EL1.M = 1, flat when it is 0) and guest memory access from C outside
 * generated code: instruction fetch for the translator, TLB maintenance for
 * TLBI and register writes, the TB cache and the debugger
 * (tcg/helper-mem.c). */
#ifndef A64EMU_TCG_TLB_H
#define A64EMU_TCG_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"

/* Instruction fetch for the translator: the 32-bit word at virtual address
 * pc. Returns false and fills the exception and syndrome when it faults
 * (translation, permission..., unassigned, misaligned PC: BR/BLR/RET to a
 * misaligned target fault here, on the next fetch). */
bool cpu_fetch_insn(CPUARMState *env, uint64_t pc, uint32_t *insn, int *excp,
                    uint32_t *syn);
/* The guest physical address of the instruction at pc, through the code TLB
 * (MMU off: pc itself). False when the fetch faults; with raise, the
 * instruction abort is taken first (FAR = ELR = pc; leaves by longjmp, so
 * only from the run loop, holding no lock). */
bool tlb_code_paddr(CPUARMState *env, uint64_t pc, uint64_t *paddr, bool raise);

/* Drop every entry of env's TLB. From env's own vCPU thread (a helper, the
 * run loop), or with env's vCPU not running (main thread, unit tests): at
 * once. From another vCPU's thread: a request (tlb_flush_request). A flush
 * from a helper also makes the running block go back to the loop at its end
 * (EXIT_REQ_RELOOP) instead of following a chain made under the old
 * mapping. Every flush drops the thread's TB jump cache. */
void tlb_flush(CPUARMState *env);
/* Drop the entries caching addr's virtual page (any top byte), in every MMU
 * index; all of an index when addr falls in a block mapping it caches. */
void tlb_flush_page(CPUARMState *env, uint64_t addr);
/* The same for every CPU (inner-shareable TLBI, topology changes). */
void tlb_flush_all_cpus(void);
void tlb_flush_page_all_cpus(uint64_t addr);
/* SMP: ask env's vCPU to flush its whole TLB before it runs its next block
 * (sets env->tlb_flush_req and EXIT_REQ_RELOOP); the run loop calls
 * tlb_process_requests before every lookup. */
void tlb_flush_request(CPUARMState *env);
void tlb_process_requests(CPUARMState *env);
/* The vCPU thread says which CPU it runs (NULL elsewhere). */
void tlb_set_current_cpu(CPUARMState *env);

/* Fill the entry for addr (access 0 read, 1 write, 2 fetch) in MMU index
 * mmu_idx (MMU_IDX_EL0/EL1; out of range: the current one); false if the
 * walk faults or (MMU off) nothing is mapped there. */
bool tlb_fill(CPUARMState *env, uint64_t addr, int access, int mmu_idx);
int cpu_mmu_index(const CPUARMState *env);
/* For tb.c when a physical page becomes code: make every CPU's write entry
 * for it, whatever virtual page maps it, take the slow path (TLB_NOTDIRTY). */
void tlb_protect_code(uint64_t paddr);

/* `info jit`: loads/stores that took the slow path (every one in the
 * interpreter), fills, table walks and their faults, flushes. */
void tlb_print_stats(GString *out);

/* The translator's per-CPU state at CPU reset (call after the CPU's own
 * reset, arm_cpu_reset): every TLB entry invalid (a zeroed TLB would map
 * page 0!) and the exclusive monitor clear. */
void cpu_helpers_reset(CPUARMState *env);

#endif
