/* cpu.h: the AArch64 CPU object: architectural state, identity (MIDR, MPIDR),
 * reset, and the state the translator's generated code reaches directly
 * (registers, lazy flags, the software TLB, the exit request). */
#ifndef A64EMU_CPU_H
#define A64EMU_CPU_H

#include <glib.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "arm/flags.h"
#include "core/irq.h"
#include "core/object.h"

#define TYPE_ARM_CPU "arm-cpu"
#define ARM_CPU_TYPE_SUFFIX "-arm-cpu"

/* Guest register slots in CPUARMState.regs (IR_GET_REG/IR_SET_REG index). */
enum GuestReg {
    GR_X0 = 0, GR_X30 = 30,
    GR_SP_EL0 = 31,
    GR_SP_EL1 = 32,
    GR_COUNT = 33,
};

/* Lazy NZCV: cc_op is a CCKind plus CC_OP_64 (arm/flags.h) for 64-bit operations;
 * cpu_get_nzcv (src/arm/flags.c) decodes it, and this is its one encoder. */
static inline uint32_t cpu_cc_op(unsigned kind, unsigned sz)
{
    return kind | (sz == 64 ? CC_OP_64 : 0);
}

/* Software TLB: direct-mapped, one entry per page. A tag is the page address
 * (low 12 bits clear) or'ed with TLB_* flags; any flag forces the slow path. */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))
#define TLB_BITS 12
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_INVALID  (1ull << 0)   /* no mapping cached */
#define TLB_MMIO     (1ull << 1)   /* not RAM: go through the memory core */
#define TLB_NOTDIRTY (1ull << 2)   /* write tag only: the page holds translated code */
#define TLB_WATCH    (1ull << 3)   /* a watchpoint (gdb's or the guest's own DBGWCR)
                                    * covers part of the page */
#define TLB_DEVICE   (1ull << 4)   /* data tags only: Device memory (MMU on), where an
                                    * unaligned access is an alignment fault */
/* Number of MMU indexes: the EL1&0 regime's two permission views of the same
 * tables. 0: EL0 (code at EL0, and LDTR/STTR at EL1, which ARMv8.0 checks
 * with EL0 permissions: there is no PAN), 1: EL1. */
#define NB_MMU_MODES 2
#define MMU_IDX_EL0 0
#define MMU_IDX_EL1 1

/* What generated code reads: a tag per kind of access, the virtual page
 * address (or'ed with TLB_* flags, or TLB_INVALID when that kind of access
 * is not allowed, so it takes the slow path, which walks and faults) and the
 * addend from the virtual page to host RAM. */
typedef struct TLBEntry {
    uint64_t addr_read;     /* tag for loads */
    uint64_t addr_write;    /* tag for stores */
    uint64_t addr_code;     /* tag for instruction fetch */
    uintptr_t addend;       /* host address = guest virtual address + addend */
} TLBEntry;

/* What only the slow path needs, beside each TLBEntry (tlb_full). */
typedef struct TLBEntryFull {
    uint64_t paddr;         /* guest physical address of the page */
    uint8_t prot;           /* ARM_PROT_* (arm/mmu.h) the fill found */
    uint8_t attr;           /* the MAIR attribute byte */
    uint8_t pad[6];
} TLBEntryFull;

/* Per MMU index: the range that block mappings (pages larger than 4 KiB)
 * cached in the TLB cover, so a flush by VA inside one drops the index
 * whole, and which entries were filled since the last flush, so a flush
 * touches only those (TLB_USED_MAX of them; more: a full wipe). */
#define TLB_USED_MAX 256
typedef struct TLBDesc {
    uint64_t large_addr, large_mask;    /* large_mask 0: no block cached */
    uint32_t n_used;                    /* > TLB_USED_MAX: wipe everything */
    bool tracking;                      /* false (a zeroed CPU): the list means nothing */
    uint16_t used[TLB_USED_MAX];
} TLBDesc;

/* CPUARMState.exit_request: any bit leaves generated code at the next block
 * entry. EXIT_REQ_STOP also leaves the run loop (stop, pause, reset...);
 * EXIT_REQ_RELOOP only goes back to the loop, which clears it and carries on
 * (a TLB flush from a helper: the next block is looked up again instead of
 * followed through a chain made under the old mapping). */
#define EXIT_REQ_STOP   1u
#define EXIT_REQ_RELOOP 2u
/* An interrupt input rose, or an ERET unmasked one that is pending: back to
 * the loop, which takes the interrupt if PSTATE.DAIF lets it in and carries
 * on otherwise (arm_cpu_exec_interrupt). */
#define EXIT_REQ_IRQ    4u

/* CPUARMState.irq_lines: the levels of the CPU's interrupt input wires. */
#define ARM_LINE_IRQ 1u
#define ARM_LINE_FIQ 2u

/* The generic timers (src/arm/gtimer.c): index of CPUARMState.gt_* and of the
 * CPU's gpio-out "gtimer" lines (QEMU's order). Only the EL1 physical and
 * virtual timers exist (no EL2/EL3): the hypervisor and secure outputs are
 * there to be wired to their PPIs, and stay low. */
enum { GT_PHYS = 0, GT_VIRT = 1, GT_HYP = 2, GT_SEC = 3, GT_NUM_OUT = 4, GT_NUM = 2 };

/* Exception numbers (the run loop's view). */
enum {
    EXCP_NONE = -1,
    EXCP_UDEF = 1,          /* UNDEFINED instruction */
    EXCP_SWI = 2,           /* SVC */
    EXCP_PREFETCH_ABORT = 3,
    EXCP_DATA_ABORT = 4,
    EXCP_IRQ = 5,           /* interrupts (QEMU's numbers): vector +0x80 (IRQ) */
    EXCP_FIQ = 6,           /* or +0x100 (FIQ); ESR is left alone */
    EXCP_BKPT = 7,          /* BRK */
    EXCP_HVC = 11,
    EXCP_SMC = 13,
    EXCP_VIRQ = 14,
    EXCP_VFIQ = 15,
    EXCP_SEMIHOST = 29,     /* HLT #0xF000 with -semihosting */
    /* run-loop events, not architectural exceptions */
    EXCP_INTERRUPT = 0x10000,
    EXCP_HLT_WFI = 0x10001, /* WFI: wait for an event */
    EXCP_EXIT_REQUEST = 0x10002,
    EXCP_DEBUG = 0x10003,   /* breakpoint/watchpoint/single-step for the gdbstub */
    EXCP_HALTED = 0x10004,  /* the CPU stopped (semihosting exit, powered off) */
    EXCP_HLT_WFE = 0x10005, /* WFE with no event: wait for one */
};

/* Reset (arm_cpu_reset) zeroes the named range from reset_start to
 * reset_end, then sets the architectural reset values. Everything after
 * reset_end survives a reset:
 *  - jmp_env: the vCPU thread's way back to its loop, set by the thread
 *    itself each time it enters the loop;
 *  - cpu: fixed for the CPU's lifetime;
 *  - the gdbstub's state: changed by the debugger with the VM stopped, and a
 *    reset (`monitor system_reset`) must not drop a pending step or hold;
 *  - the software TLB: zeroes would map page 0; the translator invalidates
 *    it at reset (cpu_helpers_reset, tcg/tlb.h). */
typedef struct CPUARMState {
    struct {} reset_start;

    /* ---- reached by generated code: keep these first ---- */
    uint64_t regs[GR_COUNT];    /* X0..X30, SP_EL0, SP_EL1 */
    uint64_t pc;
    uint32_t cc_op;             /* CCKind | CC_OP_64 (arm/flags.h) */
    uint32_t exit_request;      /* non-zero: leave generated code at the next block entry */
    uint64_t cc_a, cc_b;        /* operands of the last flag-setting operation */

    /* ---- FP/AdvSIMD (reached by generated code by offset; 16-byte aligned
     * so the backend may use aligned SSE loads) ----
     * vregs[n][0] holds bits 63..0 of Vn, vregs[n][1] bits 127..64 (the host
     * is little-endian, so vregs[n] read as bytes is Vn's byte lanes in
     * order). A write of a B/H/S/D view zeroes the rest of the register. */
    uint64_t vregs[32][2] __attribute__((aligned(16)));
    uint32_t fpcr;              /* AHP, DN, FZ, RMode (the trap enables RAZ/WI) */
    uint32_t fpsr;              /* QC and the cumulative IOC..IDC flags */

    /* ---- PSTATE (other than NZCV) ---- */
    uint32_t daif;              /* PSTATE.DAIF in bits 9..6 */
    uint32_t el;                /* current exception level */
    uint32_t spsel;             /* PSTATE.SP */

    /* ---- system registers ---- */
    uint64_t elr_el1, spsr_el1, esr_el1, far_el1, vbar_el1;
    uint64_t sctlr_el1;
    uint64_t tpidr_el0, tpidr_el1, tpidrro_el0;
    uint64_t cpacr_el1, mdscr_el1, contextidr_el1, cntkctl_el1;
    uint64_t tcr_el1, ttbr0_el1, ttbr1_el1, mair_el1, amair_el1, par_el1, afsr0_el1, afsr1_el1;
    uint64_t csselr_el1;        /* Level[3:1], InD[0] */

    /* ---- self-hosted debug (src/arm/debug.c): the OS lock, breakpoint and
     * watchpoint registers, PSTATE.SS, and what the registers arm ---- */
    uint32_t oslk, osdlk;       /* OSLSR_EL1.OSLK, OSDLR_EL1.DLK */
    uint32_t dbgclaim;          /* DBGCLAIMSET/CLR_EL1: the 8 claim tags */
    uint64_t dbgbvr[6], dbgbcr[6], dbgwvr[4], dbgwcr[4];
    uint32_t pstate_ss;         /* PSTATE.SS (SPSR bit 21) */
    uint32_t dbg_bp_on;         /* bit n: breakpoint n enabled with an address (arm_debug_update) */
    uint32_t dbg_wp_on;         /* bit n: watchpoint n enabled with a range */
    /* The run loop's software step: ss_stepping is set while a block stepping one
     * instruction runs; an ERET clears it, having set PSTATE.SS itself. ss_ldex: the
     * stepped instruction was a load-exclusive (ESR.EX). */
    uint32_t ss_stepping, ss_ldex;

    /* ---- generic timer (src/arm/gtimer.c): CNTP_* [GT_PHYS], CNTV_* [GT_VIRT].
     * Written by the owning vCPU with the big lock held (MSR), read by it
     * without, and by the timer thread with the lock held. */
    uint64_t gt_ctl[GT_NUM];    /* ENABLE, IMASK (ISTATUS is computed) */
    uint64_t gt_cval[GT_NUM];
    /* ---- performance monitors (src/arm/pmu.c): PMUv3 with ARM_PMU_COUNTERS event
     * counters and the cycle counter (index 31 of the bit masks and of pmu_cnt) ---- */
    uint32_t pmcr;              /* the writable bits of PMCR_EL0 (LC DP X D E) */
    uint32_t pmcnten, pmovs, pminten;   /* PMCNTENSET, PMOVSSET, PMINTENSET */
    uint32_t pmuserenr, pmselr;
    uint32_t pmevtyper[32];     /* [31] is PMCCFILTR_EL0 */
    uint64_t pmu_cnt[32];       /* counter values as of the last sync */
    uint64_t pmu_base[32];      /* the event source's reading at that sync */
    uint32_t pmu_counting;      /* which counters counted since that sync */
    uint32_t pmu_irq_level;     /* what the overflow line was last driven to */

    /* ---- exclusive monitor (LDXR/STXR) ---- */
    uint64_t excl_addr;         /* -1: no exclusive access open */
    uint64_t excl_val, excl_val2;
    uint32_t excl_size;         /* log2 bytes of the access, 4 for a 128-bit pair */

    /* ---- run loop ---- */
    int32_t exception_index;    /* EXCP_* pending when generated code longjmps out */
    uint32_t halted;            /* cleared by reset: a reset wakes a CPU that sleeps */
    /* ARM_SLEEP_WFI/WFE: a stop (pause, another vCPU's exclusive section) cut
     * this CPU's WFI/WFE sleep short; it sleeps again when it runs next.
     * Written by the owning vCPU thread only (atomics); others read it. */
    uint32_t sleeping;

    struct {} reset_end;

    /* ---- survives reset (see above) ---- */
    sigjmp_buf jmp_env;         /* where helpers that raise exceptions return to */
    struct ARMCPU *cpu;         /* back pointer */

    /* ---- interrupt inputs, WFI/WFE sleep (touched by other threads) ----
     * irq_lines: the levels of the `irq` and `fiq` input wires (ARM_LINE_*),
     * set with atomics by whatever thread drives the line (the GIC is called
     * from vCPUs doing MMIO or ICC_* accesses, the I/O thread, the timer
     * thread), read by the owning vCPU. A wire's level is not CPU state, so
     * it survives a CPU reset (the GIC lowers its outputs at its own reset).
     * event_reg: the WFE event register; SEV on any vCPU sets it (atomic).
     * halt_lock/halt_cond: a vCPU in WFI/WFE sleeps on halt_cond; whoever
     * changes what ends the sleep (a line, an exit request, an event) does it
     * and broadcasts with halt_lock held (arm_cpu_kick), so no wake-up is lost.
     * Lock order: the big lock, then halt_lock; nothing is taken under it.
     * gt_level: what the timer outputs were last driven to (big lock). */
    uint32_t irq_lines;
    uint32_t event_reg;
    GMutex halt_lock;
    GCond halt_cond;
    uint32_t gt_level[GT_NUM];

    /* ---- gdbstub (changed with the VM stopped) ---- */
    uint32_t singlestep;        /* run one instruction, then stop (TB_FLAG_SS) */
    uint32_t gdb_hold;          /* kept stopped while another CPU single-steps */
    uint32_t debug_reason;      /* GDB_STOP_* of the last EXCP_DEBUG */
    uint32_t watch_skip;        /* step over the instruction that hit a watchpoint */
    uint64_t watch_hit_addr;    /* the watched address the last hit touched */
    uint32_t watch_hit_type;    /* its Z type: 2 write, 3 read, 4 access */

    /* ---- software TLB (reached by generated code through its offset) ---- */
    TLBEntry tlb[NB_MMU_MODES][TLB_SIZE];
    TLBEntryFull tlb_full[NB_MMU_MODES][TLB_SIZE];
    TLBDesc tlb_desc[NB_MMU_MODES];
    /* Bumped by every flush of this CPU's TLB: the jump cache of the thread
     * that runs it (tcg/tb.c) is dropped when it changes. */
    uint32_t tlb_flush_count;
    /* Set by another thread (an IS TLBI from another vCPU, a topology change):
     * flush before running the next block (tlb_flush_request, tcg/tlb.h). */
    uint32_t tlb_flush_req;
    /* The jump cache of the thread running this CPU (tcg/tb.c's JmpCache), probed by
     * generated code at indirect branches, which check that it is still this CPU's
     * (its owner). Written and read by that thread only. */
    void *jmp_cache;
} CPUARMState;

typedef struct ARMCPU {
    Object parent_obj;
    int cpu_index;
    uint64_t mp_affinity;       /* property "mp-affinity" */
    bool start_powered_off;     /* property "start-powered-off" */
    uint64_t reset_pc;          /* property "reset-pc": set by the boot code */
    /* Power (PSCI): changed and read under the big lock. on_pending is a
     * CPU_ON the CPU's own thread has yet to carry out (arm/psci.h), with
     * the entry point and context id it starts with. */
    struct IRQ *pmu_irq;        /* the PMU's overflow interrupt (PPI 7), set by the board */
    bool powered_off;
    bool on_pending;
    /* The host thread id (gettid) of the CPU's thread: set by that thread
     * under the big lock before it runs, read under it (`info cpus`). */
    int thread_id;
    uint64_t on_entry, on_context;
    IRQ *gt_out[GT_NUM_OUT];    /* gpio-out "gtimer": to the GIC's timer PPIs */
    CPUARMState env;
} ARMCPU;

typedef struct ARMCPUClass {
    ObjectClass parent_class;
    uint64_t midr;
    const char *dtb_compatible;
} ARMCPUClass;

/* "cortex-a57" -> its class type name, NULL (and a GError) if unknown. */
char *arm_cpu_type_from_model(const char *model, GError **errp);
void arm_cpu_list(FILE *out);               /* -cpu help */
ARMCPU *arm_cpu_by_index(int n);            /* NULL past the last */
int arm_cpu_count(void);
uint64_t arm_cpu_midr(ARMCPU *cpu);
uint64_t arm_cpu_mpidr(ARMCPU *cpu);         /* MPIDR_EL1 as the CPU reads it */
const char *arm_cpu_dtb_compatible(ARMCPU *cpu);
enum { ARM_SLEEP_NONE, ARM_SLEEP_WFI, ARM_SLEEP_WFE };
/* What the CPU is doing, as `info cpus` and gdb's thread list say it:
 * "running", "halted (WFI)", "halted (WFE)", "halted" (until reset) or
 * "off (PSCI)". Call with the big lock held. */
const char *arm_cpu_state_name(ARMCPU *cpu);
/* `info registers`: QEMU's AArch64 layout (PC, X00..X30, SP, PSTATE); with fpu
 * also FPCR, FPSR and Q00..Q31 as QEMU's monitor prints them ("FPU disabled"
 * when CPACR_EL1 traps FP at the current EL). */
void arm_cpu_dump_state(ARMCPU *cpu, GString *out, bool fpu);
/* Its last lines: EL, SPSel, SP_EL0/SP_EL1, ELR/SPSR/ESR/FAR_EL1, SCTLR/TCR/MAIR,
 * TTBR0/TTBR1/VBAR. */
void arm_cpu_dump_sysregs(const CPUARMState *env, GString *out);

/* NZCV in bits 31..28, computed from the lazy flag state (src/arm/flags.c). */
uint32_t cpu_get_nzcv(const CPUARMState *env);
/* Set NZCV (bits 31..28 of v; other bits ignored). */
void cpu_set_nzcv(CPUARMState *env, uint32_t v);
/* PSTATE as one word (NZCV | SS | DAIF | EL | SP), as SPSR and gdb's cpsr show it. */
uint32_t arm_cpu_pstate(const CPUARMState *env);
/* Restore PSTATE from an SPSR value (ERET). */
void arm_cpu_set_pstate(CPUARMState *env, uint32_t v);
/* A write to a register that changes translation (SCTLR_EL1, TCR_EL1,
 * TTBR0/1_EL1, MAIR_EL1) drops the CPU's cached translations through the
 * hook the translator registers (tlb_flush, tcg/helper-mem.c); nothing
 * happens while none is registered (the CPU alone, in unit tests). */
void arm_cpu_set_tlb_flush_hook(void (*fn)(CPUARMState *env));
void arm_cpu_tlb_flush(CPUARMState *env);
/* Drop every translated block (a breakpoint register changed which instructions get a
 * check): the hook the translator registers (tb_flush_all), nothing without one. */
void arm_cpu_set_tb_flush_hook(void (*fn)(void));
void arm_cpu_tb_flush(void);
/* ---- interrupts and sleep (src/arm/cpu.c, src/arm/excp.c) ---- */

/* Set bits in env->exit_request and wake the vCPU if it sleeps in WFI/WFE.
 * Any thread, any lock held (takes only halt_lock). */
void arm_cpu_kick(CPUARMState *env, uint32_t exit_bits);
/* An interrupt (ARM_LINE_* in irq_lines) that PSTATE.DAIF does not mask, 0
 * if none: FIQ first, as QEMU takes them. */
uint32_t arm_cpu_unmasked_lines(const CPUARMState *env);
/* Take the pending unmasked interrupt, if any, between two instructions
 * (PC = the next one to run): true if one was taken. Owning vCPU only. */
bool arm_cpu_exec_interrupt(CPUARMState *env);
/* WFI (wfe false) or WFE: sleep until a wake-up event, an exit request or,
 * for WFE, an event or a short timeout; wakes at the nearest timer
 * deadline, updating the timers' outputs. Call without the big lock. */
/* Returns false when only a stop request (EXIT_REQ_STOP) ended the sleep:
 * the caller sets env->sleeping and sleeps again when it resumes. */
bool arm_cpu_wait_for_event(CPUARMState *env, bool wfe);
/* SEV: set every CPU's event register and wake those in WFE. */
void arm_cpu_send_event(void);

/* The current stack pointer slot (GR_SP_EL0 or GR_SP_EL1) for el/spsel. */
static inline unsigned cpu_sp_slot(const CPUARMState *env)
{
    return (env->el == 0 || !env->spsel) ? GR_SP_EL0 : GR_SP_EL1;
}

/* CPACR_EL1.FPEN (bits 21:20) lets the current EL use FP/SIMD: 0b11 traps
 * nothing, 0b01 traps EL0 only, 0bx0 traps both (EC 0x07). The blocks carry
 * it as TB_FLAG_FPEN; MRS/MSR of FPCR/FPSR check it at run time. */
static inline bool cpu_fp_enabled(const CPUARMState *env)
{
    unsigned fpen = (env->cpacr_el1 >> 20) & 3;
    return fpen == 3 || (fpen == 1 && env->el == 1);
}

#endif
