/* mmu.h: the stage 1 translation of the EL1&0 regime as ARMv8.0-A defines it
 * (Arm ARM DDI 0487, chapter D5, AArch64.TranslationTableWalk and
 * AArch64.CheckPermission): one walk from a virtual address to a physical
 * address, its permissions and attributes, or the fault the architecture
 * reports, and PAR_EL1 for AT S1E1R/W and S1E0R/W.
 *
 * It does not depend on the translator: the caller passes the registers
 * (ArmMMURegs) and a function that reads a descriptor from guest physical
 * memory, so the TLB fill, AT, the monitor's gva2gpa and the gdbstub use the
 * same walk, and the unit tests walk tables in a host buffer.
 *
 * What is modelled: SCTLR_EL1.M (off: the flat map with its address size
 * check), TTBR0/TTBR1 selection by the top VA bits with T0SZ/T1SZ, TBI0/TBI1,
 * EPD0/EPD1, TG0/TG1 (4K, 16K, 64K as ID_AA64MMFR0 announces them), IPS
 * bounded by PARange, A1 and AS, table/block/page descriptors at the levels
 * ARMv8.0 allows, AF, AP[2:1], UXN/PXN, APTable/UXNTable/PXNTable, WXN and
 * "EL1 never executes EL0-writable memory", nG, AttrIndx -> MAIR, SH, and
 * big-endian descriptors (SCTLR_EL1.EE). The CPU is Non-secure (no EL3 and no
 * EL2, as QEMU's virt board without secure=on or virtualization=on): NS and
 * NSTable are ignored and every output address is Non-secure; there is no
 * stage 2, so S1PTW and PAR_EL1.PTW/S are always 0.
 *
 * Choices where the Arm ARM leaves one (CONSTRAINED UNPREDICTABLE or
 * IMPLEMENTATION DEFINED) are listed at the top of src/arm/mmu.c. */
#ifndef A64EMU_ARM_MMU_H
#define A64EMU_ARM_MMU_H

#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"

/* The kind of access (the same values as the translator's ACCESS_*). AT
 * S1ExR is ARM_MMU_READ, AT S1ExW is ARM_MMU_WRITE. */
enum { ARM_MMU_READ = 0, ARM_MMU_WRITE = 1, ARM_MMU_FETCH = 2 };

/* ArmTranslation.prot */
#define ARM_PROT_READ  1u
#define ARM_PROT_WRITE 2u
#define ARM_PROT_EXEC  4u

/* What the walk reads of the CPU. arm_mmu_regs_from_env() fills it for the
 * current EL; the caller sets el0 for LDTR/STTR and AT S1E0R/W. */
typedef struct ArmMMURegs {
    uint64_t ttbr0, ttbr1, tcr, mair, sctlr;   /* the *_EL1 registers as written */
    uint64_t mmfr0;         /* ID_AA64MMFR0_EL1: PARange, ASIDBits, TGran4/16/64 */
    bool el0;               /* check with EL0 permissions (EL0, LDTR/STTR, AT S1E0*) */
} ArmMMURegs;

/* Reads the 8-byte descriptor at physical address pa (8-byte aligned) as a
 * little-endian load would (the walk swaps it when SCTLR_EL1.EE = 1). On
 * failure (nothing there, or the device refused it) it returns false and sets
 * *ea to the ISS.EA classification of the external abort: QEMU's, 0 for a
 * decode error (no device), 1 for a slave error. */
typedef bool (*ArmPhysRead64)(void *opaque, uint64_t pa, uint64_t *val, bool *ea);

typedef struct ArmTranslation {
    uint64_t pa;            /* the physical address of va */
    unsigned prot;          /* ARM_PROT_*: what the checked EL may do in this mapping */
    unsigned size_shift;    /* log2 of the page or block that maps va (12..30) */
    unsigned granule_shift; /* 12, 14 or 16: the granule the walk used */
    unsigned level;         /* the level of the block or page descriptor */
    bool ttbr1;             /* translated through TTBR1_EL1 */
    bool global;            /* nG = 0 (or the MMU is off): not tagged with the ASID */
    uint16_t asid;          /* the current ASID (TCR.A1 selects the TTBR, TCR.AS its width) */
    uint8_t attr;           /* the MAIR_EL1 attribute byte (MMU off: the fixed defaults) */
    uint8_t attr_index;     /* AttrIndx */
    uint8_t sh;             /* SH[1:0] of the descriptor (MMU off: 2, outer shareable) */
    bool ns;                /* always true: a Non-secure physical address */
    uint64_t desc;          /* the block or page descriptor (0 with the MMU off) */
} ArmTranslation;

typedef enum ArmFaultType {
    ARM_FAULT_NONE = 0,
    ARM_FAULT_ADDR_SIZE,    /* address size fault */
    ARM_FAULT_TRANSLATION,  /* translation fault */
    ARM_FAULT_ACCESS_FLAG,  /* access flag fault */
    ARM_FAULT_PERMISSION,   /* permission fault */
    ARM_FAULT_EXT_WALK,     /* synchronous external abort on a descriptor fetch */
} ArmFaultType;

typedef struct ArmFault {
    ArmFaultType type;
    uint32_t fsc;           /* DFSC/IFSC and PAR_EL1.FST: FSC_* (arm/syndrome.h) of type and level */
    unsigned level;         /* the lookup level the fault is reported at */
    bool ea;                /* ISS.EA for ARM_FAULT_EXT_WALK (from the read callback) */
    bool s1ptw;             /* always false: stage 1 only (S1PTW flags stage 2 faults on walks) */
    bool stage2;            /* always false: no stage 2 */
    bool have_desc;         /* desc/desc_pa hold the last descriptor fetched (for -d mmu) */
    uint64_t desc_pa, desc;
} ArmFault;

/* Translate va for access (ARM_MMU_*) with the registers r, reading
 * descriptors through rd(opaque, ...). True: *out holds the translation and
 * the access is allowed. False: *fault says why (the access type also decides
 * permission faults; the caller builds ESR_EL1 from fault->fsc and ->ea, with
 * WnR from the access). Both *out and *fault are always written. */
bool arm_mmu_translate(const ArmMMURegs *r, uint64_t va, int access,
                       ArmPhysRead64 rd, void *opaque,
                       ArmTranslation *out, ArmFault *fault);

/* The registers of env's EL1&0 regime, el0 = (env->el == 0), mmfr0 the
 * CPU's ID_AA64MMFR0_EL1 (the value MRS reads). */
void arm_mmu_regs_from_env(const CPUARMState *env, ArmMMURegs *r);

/* PAR_EL1 after AT S1E1R/W or S1E0R/W: ok and *t on success (PA[47:12],
 * ATTR, SH as PAREncodeShareability gives it, NS = 1), else *f (F = 1, FST,
 * PTW = S = 0). Bit 11 is RES1 in both formats. */
uint64_t arm_mmu_par(bool ok, const ArmTranslation *t, const ArmFault *f);

/* True when an AT instruction must take this fault as a Data Abort instead
 * of writing PAR_EL1: a synchronous external abort on the walk (Arm ARM
 * D5.2.11 "Synchronous faults generated by address translation
 * instructions"). QEMU 7.2 reports it as a Data Abort with CM = 1, WnR = 1. */
bool arm_mmu_at_fault_is_exception(const ArmFault *f);

/* Implemented physical address size in bits for an ID_AA64MMFR0 value
 * (PARange; values above 48 bits are treated as 48: no ARMv8.2 LPA). */
unsigned arm_mmu_pa_bits(uint64_t mmfr0);

/* ---- the debuggers' view (the monitor's x and gva2gpa, the gdbstub) ----
 * env's current translation regime as EL1 sees it (every mapped page readable; no
 * other permission check: a debugger may read kernel memory while the CPU is at EL0,
 * and write read-only pages). The caller holds the big lock. */

/* The physical address of va, false when it is not mapped (or, MMU off, beyond the
 * physical address size). */
bool arm_mmu_debug_translate(CPUARMState *env, uint64_t va, uint64_t *pa);

typedef enum ArmDebugResult {
    ARM_DEBUG_OK,
    ARM_DEBUG_UNMAPPED,     /* a page of the range is not mapped */
    ARM_DEBUG_BUS_ERROR,    /* mapped, but nothing (or a refusing device) there */
} ArmDebugResult;

/* Read or write len bytes at va, page by page; *done (may be NULL) is how many bytes
 * were transferred before the first failure. A write drops translated code of the
 * pages it changes (runstate_code_written). */
ArmDebugResult arm_mmu_debug_access(CPUARMState *env, uint64_t va, void *buf, uint64_t len,
                                    bool is_write, uint64_t *done);

#endif
