/* tlb.h: the software TLB (MMU off: virtual = physical) and guest memory
 * access from C outside generated code: instruction fetch for the translator,
 * TLB maintenance for TLBI, the TB cache and the debugger (tcg/helper-mem.c). */
#ifndef A64EMU_TCG_TLB_H
#define A64EMU_TCG_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"

/* Instruction fetch for the translator: the 32-bit word at pc. Returns false
 * and fills the exception and syndrome when it faults (unassigned, misaligned
 * PC: BR/BLR/RET to a misaligned target fault here, on the next fetch). */
bool cpu_fetch_insn(CPUARMState *env, uint64_t pc, uint32_t *insn, int *excp,
                    uint32_t *syn);

/* Invalidate every entry / the entries caching addr's page. */
void tlb_flush(CPUARMState *env);
void tlb_flush_page(CPUARMState *env, uint64_t addr);
/* Fill the entry for addr (access 0 read, 1 write, 2 fetch); false if nothing
 * is mapped there. */
bool tlb_fill(CPUARMState *env, uint64_t addr, int access, int mmu_idx);
int cpu_mmu_index(const CPUARMState *env);
/* For tb.c when a page becomes code: make every CPU's write entry for the
 * page take the slow path (TLB_NOTDIRTY). */
void tlb_protect_code(uint64_t paddr);
/* Flush every realized CPU's TLB (memory topology changed). */
void tlb_flush_all_cpus(void);

/* The translator's per-CPU state at CPU reset (call after the CPU's own
 * reset, arm_cpu_reset): every TLB entry invalid (a zeroed TLB would map
 * page 0!) and the exclusive monitor clear. */
void cpu_helpers_reset(CPUARMState *env);

#endif
