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
#include "object.h"

#define TYPE_ARM_CPU "arm-cpu"
#define ARM_CPU_TYPE_SUFFIX "-arm-cpu"

/* Guest register slots in CPUARMState.regs (IR_GET_REG/IR_SET_REG index). */
enum GuestReg {
    GR_X0 = 0, GR_X30 = 30,
    GR_SP_EL0 = 31,
    GR_SP_EL1 = 32,
    GR_COUNT = 33,
};

/* Lazy NZCV: cc_op is a CCKind (tcg/ir.h) plus CC_OP_64 for 64-bit operations;
 * cpu_get_nzcv (tcg/flags.c) decodes it. */
#define CC_OP_64 0x10
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
#define TLB_WATCH    (1ull << 3)   /* a gdb watchpoint covers part of the page */
/* Number of MMU indexes (translation regimes); only EL1/EL0 with the MMU off for now. */
#define NB_MMU_MODES 2

typedef struct TLBEntry {
    uint64_t addr_read;     /* tag for loads */
    uint64_t addr_write;    /* tag for stores */
    uint64_t addr_code;     /* tag for instruction fetch */
    uintptr_t addend;       /* host address = guest address + addend */
} TLBEntry;

/* Exception numbers (the run loop's view). */
enum {
    EXCP_NONE = -1,
    EXCP_UDEF = 1,          /* UNDEFINED instruction */
    EXCP_SWI = 2,           /* SVC */
    EXCP_PREFETCH_ABORT = 3,
    EXCP_DATA_ABORT = 4,
    EXCP_BKPT = 7,          /* BRK */
    EXCP_HVC = 11,
    EXCP_SMC = 13,
    EXCP_SEMIHOST = 29,     /* HLT #0xF000 with -semihosting */
    /* run-loop events, not architectural exceptions */
    EXCP_INTERRUPT = 0x10000,
    EXCP_HLT_WFI = 0x10001, /* WFI: wait for an event */
    EXCP_EXIT_REQUEST = 0x10002,
    EXCP_DEBUG = 0x10003,   /* breakpoint/watchpoint/single-step for the gdbstub */
    EXCP_HALTED = 0x10004,  /* the CPU stopped (semihosting exit, powered off) */
};

typedef struct CPUARMState {
    /* ---- reached by generated code: keep these first ---- */
    uint64_t regs[GR_COUNT];    /* X0..X30, SP_EL0, SP_EL1 */
    uint64_t pc;
    uint32_t cc_op;             /* CCKind | CC_OP_64 */
    uint32_t exit_request;      /* non-zero: leave generated code at the next block entry */
    uint64_t cc_a, cc_b;        /* operands of the last flag-setting operation */

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

    /* ---- exclusive monitor (LDXR/STXR) ---- */
    uint64_t excl_addr;         /* -1: no exclusive access open */
    uint64_t excl_val, excl_val2;
    uint32_t excl_size;         /* log2 bytes of the access, 4 for a 128-bit pair */

    /* ---- run loop ---- */
    int32_t exception_index;    /* EXCP_* pending when generated code longjmps out */
    uint32_t halted;
    sigjmp_buf jmp_env;         /* where helpers that raise exceptions return to */
    struct ARMCPU *cpu;         /* back pointer */

    /* ---- gdbstub (changed with the VM stopped) ---- */
    uint32_t singlestep;        /* run one instruction, then stop (TB_FLAG_SS) */
    uint32_t gdb_hold;          /* kept stopped while another CPU single-steps */
    uint32_t debug_reason;      /* GDB_STOP_* of the last EXCP_DEBUG */
    uint32_t watch_skip;        /* step over the instruction that hit a watchpoint */
    uint64_t watch_hit_addr;    /* the watched address the last hit touched */
    uint32_t watch_hit_type;    /* its Z type: 2 write, 3 read, 4 access */

    /* ---- software TLB (reached by generated code through its offset) ---- */
    TLBEntry tlb[NB_MMU_MODES][TLB_SIZE];
} CPUARMState;

typedef struct ARMCPU {
    Object parent_obj;
    int cpu_index;
    uint64_t mp_affinity;       /* property "mp-affinity" */
    bool start_powered_off;     /* property "start-powered-off" */
    uint64_t reset_pc;          /* property "reset-pc": set by the boot code */
    bool powered_off;
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
const char *arm_cpu_dtb_compatible(ARMCPU *cpu);
/* `info registers`: QEMU's AArch64 layout (PC, X00..X30, SP, PSTATE). */
void arm_cpu_dump_state(ARMCPU *cpu, GString *out);

/* NZCV in bits 31..28, computed from the lazy flag state (tcg/flags.c). */
uint32_t cpu_get_nzcv(const CPUARMState *env);
/* Set NZCV (bits 31..28 of v; other bits ignored). */
void cpu_set_nzcv(CPUARMState *env, uint32_t v);
/* PSTATE as one word (NZCV | DAIF | EL | SP), as SPSR and gdb's cpsr show it. */
uint32_t arm_cpu_pstate(const CPUARMState *env);
/* Restore PSTATE from an SPSR value (ERET). */
void arm_cpu_set_pstate(CPUARMState *env, uint32_t v);
/* The current stack pointer slot (GR_SP_EL0 or GR_SP_EL1) for el/spsel. */
static inline unsigned cpu_sp_slot(const CPUARMState *env)
{
    return (env->el == 0 || !env->spsel) ? GR_SP_EL0 : GR_SP_EL1;
}

#endif
