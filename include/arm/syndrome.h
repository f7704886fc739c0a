/* syndrome.h: ESR_ELx as the architecture defines it (Arm ARM D17.2.37): the
 * exception classes, the fault status codes, and one builder per syndrome the
 * emulator reports. The only place a syndrome is put together. */
#ifndef A64EMU_ARM_SYNDROME_H
#define A64EMU_ARM_SYNDROME_H

#include <stdbool.h>
#include <stdint.h>

#define ARM_EL_EC_SHIFT 26
#define ARM_EL_IL (1u << 25)            /* 32-bit instruction */

/* Exception classes (ESR_ELx.EC). */
enum {
    EC_UNCATEGORIZED = 0x00,
    EC_WFX_TRAP = 0x01,
    EC_ADVSIMDFPACCESSTRAP = 0x07,
    EC_ILLEGALSTATE = 0x0e,
    EC_SVC = 0x15, EC_HVC = 0x16, EC_SMC = 0x17,
    EC_SYSTEMREGISTERTRAP = 0x18,
    EC_INSNABORT = 0x20, EC_INSNABORT_SAME_EL = 0x21,
    EC_PCALIGNMENT = 0x22,
    EC_DATAABORT = 0x24, EC_DATAABORT_SAME_EL = 0x25,
    EC_SPALIGNMENT = 0x26,
    EC_BREAKPOINT = 0x30, EC_BREAKPOINT_SAME_EL = 0x31,
    EC_SOFTWARESTEP = 0x32, EC_SOFTWARESTEP_SAME_EL = 0x33,
    EC_WATCHPOINT = 0x34, EC_WATCHPOINT_SAME_EL = 0x35,
    EC_BRK = 0x3c,
};

/* Instruction and data abort ISS: fault status codes (IFSC/DFSC) and flags. */
#define FSC_ADDRSIZE_L0 0x00            /* address size fault, level 0 */
#define FSC_EXTERNAL 0x10               /* synchronous external abort */
#define FSC_ALIGNMENT 0x21
#define ISS_EA (1u << 9)                /* external abort type */
#define ISS_WNR (1u << 6)               /* data aborts: caused by a write */
#define ISS_CM (1u << 8)                /* data aborts: cache maintenance or AT */
#define FSC_DEBUG 0x22                  /* IFSC/DFSC of debug exceptions: a debug event */
#define ISS_SS_ISV (1u << 24)           /* software step: EX is valid */
#define ISS_SS_EX (1u << 6)             /* software step: a load-exclusive was stepped */

static inline uint32_t syn_get_ec(uint32_t syn)
{
    return syn >> ARM_EL_EC_SHIFT;
}

/* The same syndrome (IL and ISS kept) with another EC. */
static inline uint32_t syn_set_ec(uint32_t syn, uint32_t ec)
{
    return (syn & ((1u << ARM_EL_EC_SHIFT) - 1)) | (ec << ARM_EL_EC_SHIFT);
}

/* EC with IL = 1 and the given ISS. */
static inline uint32_t syn_make(uint32_t ec, uint32_t iss)
{
    return (ec << ARM_EL_EC_SHIFT) | ARM_EL_IL | iss;
}

static inline uint32_t syn_uncategorized(void) { return syn_make(EC_UNCATEGORIZED, 0); }
static inline uint32_t syn_svc(uint32_t imm16) { return syn_make(EC_SVC, imm16 & 0xffff); }
static inline uint32_t syn_hvc(uint32_t imm16) { return syn_make(EC_HVC, imm16 & 0xffff); }
static inline uint32_t syn_smc(uint32_t imm16) { return syn_make(EC_SMC, imm16 & 0xffff); }
static inline uint32_t syn_brk(uint32_t imm16) { return syn_make(EC_BRK, imm16 & 0xffff); }
/* CPACR_EL1.FPEN trap of an A64 FP/SIMD instruction: CV = 1, COND = 0xe, as
 * QEMU reports it (ESR 0x1fe00000). */
static inline uint32_t syn_fp_access_trap(void) { return syn_make(EC_ADVSIMDFPACCESSTRAP, (1u << 24) | (0xeu << 20)); }
/* A WFI (is_wfe false) or WFE trapped from EL0 (SCTLR_EL1.nTWI/nTWE = 0):
 * CV = 1, COND = 0xe, TI, as QEMU reports it (ESR 0x07e00000 / 0x07e00001). */
static inline uint32_t syn_wfx(bool is_wfe) { return syn_make(EC_WFX_TRAP, (1u << 24) | (0xeu << 20) | (is_wfe ? 1u : 0u)); }
static inline uint32_t syn_illegalstate(void) { return syn_make(EC_ILLEGALSTATE, 0); }
static inline uint32_t syn_pc_alignment(void) { return syn_make(EC_PCALIGNMENT, 0); }
/* SP alignment fault: ISS 0. FAR is not written (the architecture leaves it
 * UNKNOWN for this exception). */
static inline uint32_t syn_sp_alignment(void) { return syn_make(EC_SPALIGNMENT, 0); }

/* A trapped MRS, MSR or system instruction (EC 0x18): the encoding's fields,
 * Rt, and the direction (is_read: MRS). */
static inline uint32_t syn_sysreg_trap(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm,
                                       uint32_t op2, unsigned rt, bool is_read)
{
    return syn_make(EC_SYSTEMREGISTERTRAP, (op0 << 20) | (op2 << 17) | (op1 << 14) |
                    (crn << 10) | ((rt & 0x1f) << 5) | (crm << 1) | (is_read ? 1 : 0));
}

/* ISV = 0: QEMU reports no instruction syndrome for EL1 targets. same_el:
 * taken from EL1 to EL1 (else from EL0). */
static inline uint32_t syn_data_abort(bool same_el, bool ea, bool wnr, uint32_t fsc)
{
    return syn_make(same_el ? EC_DATAABORT_SAME_EL : EC_DATAABORT,
                    (ea ? ISS_EA : 0) | (wnr ? ISS_WNR : 0) | fsc);
}

/* Debug exceptions (Arm ARM D2): the "lower EL" EC; exception entry picks the same-EL one. */
static inline uint32_t syn_breakpoint(void) { return syn_make(EC_BREAKPOINT, FSC_DEBUG); }
static inline uint32_t syn_swstep(bool isv, bool ex)
{
    return syn_make(EC_SOFTWARESTEP, (isv ? ISS_SS_ISV | (ex ? ISS_SS_EX : 0) : 0) | FSC_DEBUG);
}
static inline uint32_t syn_watchpoint(bool wnr)
{
    return syn_make(EC_WATCHPOINT, (wnr ? ISS_WNR : 0) | FSC_DEBUG);
}

/* A synchronous external abort on the walk of an AT instruction: CM = 1,
 * and WnR = 1 as QEMU reports it (the Arm ARM leaves WnR UNKNOWN there). */
static inline uint32_t syn_data_abort_cm(bool same_el, bool ea, uint32_t fsc)
{
    return syn_make(same_el ? EC_DATAABORT_SAME_EL : EC_DATAABORT,
                    ISS_CM | ISS_WNR | (ea ? ISS_EA : 0) | fsc);
}

static inline uint32_t syn_insn_abort(bool same_el, bool ea, uint32_t fsc)
{
    return syn_make(same_el ? EC_INSNABORT_SAME_EL : EC_INSNABORT, (ea ? ISS_EA : 0) | fsc);
}

/* The fault status codes of the translation faults (VMSAv8-64 long-descriptor
 * format: DFSC/IFSC and PAR_EL1.FST), each for a lookup level 0..3. ARMv8.0
 * has no level 0 access flag or permission fault (block and page descriptors
 * exist only at levels 1-3). */
#define FSC_ADDRSIZE(level)    (0x00u + (level))   /* address size fault */
#define FSC_TRANSLATION(level) (0x04u + (level))   /* translation fault */
#define FSC_ACCESS_FLAG(level) (0x08u + (level))   /* access flag fault (levels 1-3) */
#define FSC_PERMISSION(level)  (0x0cu + (level))   /* permission fault (levels 1-3) */
#define FSC_EXTERNAL_WALK(level) (0x14u + (level)) /* synchronous external abort on a walk */

#endif
