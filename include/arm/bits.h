/* bits.h: fields of PSTATE and of the system registers as the architecture
 * defines them (Arm ARM, ARMv8.0): the only definitions; every part of the
 * emulator that tests a bit includes this. */
#ifndef A64EMU_ARM_BITS_H
#define A64EMU_ARM_BITS_H

/* PSTATE, as SPSR_ELx and gdb's cpsr show it: NZCV 31..28, DAIF 9..6, EL 3..2, SP 0. */
#define PSTATE_NZCV 0xf0000000u
#define PSTATE_DAIF (0xfu << 6)
#define PSTATE_DAIF_SHIFT 6
#define PSTATE_EL_SHIFT 2
#define PSTATE_SP 1u
#define SPSR_IL (1u << 20)              /* illegal execution state */
#define PSTATE_SS (1u << 21)            /* software step (SPSR bit 21; env->pstate_ss) */
#define PSTATE_D  (1u << 9)             /* debug exceptions masked (in env->daif) */

/* MDSCR_EL1 (stored whole, as QEMU 7.2 does; these bits act) */
#define MDSCR_SS  (1ull << 0)           /* software step enabled */
#define MDSCR_KDE (1ull << 13)          /* debug exceptions at EL1 (with PSTATE.D clear) */
#define MDSCR_MDE (1ull << 15)          /* breakpoints and watchpoints enabled */

/* DBGBCR<n>_EL1 / DBGWCR<n>_EL1 fields (shared: E, PMC/PAC, HMC, SSC, LBN) */
#define DBGCR_E          1ull           /* enabled */
#define DBGCR_PRIV_SHIFT 1              /* [2:1] PMC/PAC: bit 0 EL1, bit 1 EL0 */
#define DBGCR_SSC_SHIFT  14             /* [15:14] security state: 0b10 Secure only */
#define DBGCR_LBN_SHIFT  16             /* [19:16] linked breakpoint number */
#define DBGBCR_BAS_SHIFT 5              /* [8:5] */
#define DBGBCR_BT_SHIFT  20             /* [23:20] 0b0000 address, 0b0001 linked address, 0b0011 linked context ID */
#define DBGWCR_LSC_SHIFT 3              /* [4:3] bit 0 loads, bit 1 stores */
#define DBGWCR_BAS_SHIFT 5              /* [12:5] bytes of the doubleword */
#define DBGWCR_WT        (1ull << 20)   /* linked to a context breakpoint */
#define DBGWCR_MASK_SHIFT 24            /* [28:24] address mask: 2^MASK bytes */

/* SCTLR_EL1 */
#define SCTLR_A   (1ull << 1)           /* alignment checks */
#define SCTLR_SA  (1ull << 3)           /* SP alignment check at EL1 */
#define SCTLR_SA0 (1ull << 4)           /* SP alignment check at EL0 */
#define SCTLR_UMA (1ull << 9)           /* EL0 may access DAIF */
#define SCTLR_DZE (1ull << 14)          /* EL0 may use DC ZVA */
#define SCTLR_UCT (1ull << 15)          /* EL0 may read CTR_EL0 */
#define SCTLR_UCI (1ull << 26)          /* EL0 may use DC CVAU/CVAC/CIVAC and IC IVAU */
/* The SCTLR_EL1 bits a write drops, as QEMU 7.2 without MTE: ITFSB (37), TCF0
 * (39:38), TCF (41:40), ATA0 (42), ATA (43). Every other bit written reads back, the
 * RES0/RES1 ones included (QEMU's behaviour: no bit is forced). */
#define SCTLR_MTE_BITS 0x00000fe000000000ull

/* CNTKCTL_EL1 */
#define CNTKCTL_EL0PCTEN (1ull << 0)    /* EL0 may read CNTPCT_EL0 */
#define CNTKCTL_EL0VCTEN (1ull << 1)    /* EL0 may read CNTVCT_EL0 */
#define CNTKCTL_EL0VTEN  (1ull << 8)    /* EL0 may access CNTV_CTL/CVAL/TVAL_EL0 */
#define CNTKCTL_EL0PTEN  (1ull << 9)    /* EL0 may access CNTP_CTL/CVAL/TVAL_EL0 */

/* CNTP_CTL_EL0, CNTV_CTL_EL0 */
#define CNT_CTL_ENABLE  (1ull << 0)
#define CNT_CTL_IMASK   (1ull << 1)
#define CNT_CTL_ISTATUS (1ull << 2)     /* read-only: the condition is met */

/* PSTATE.DAIF bits */
#define PSTATE_F (1u << 6)
#define PSTATE_I (1u << 7)

/* SCTLR_EL1: EL0 WFI/WFE do not trap when set */
#define SCTLR_nTWI (1ull << 16)
#define SCTLR_nTWE (1ull << 18)

/* ---- the stage 1 MMU (src/arm/mmu.c) ---- */

/* SCTLR_EL1 fields the translation uses. */
#define SCTLR_M   (1ull << 0)           /* stage 1 translation enabled */
#define SCTLR_I   (1ull << 12)          /* instruction accesses cacheable (MMU off) */
#define SCTLR_WXN (1ull << 19)          /* writable regions are execute-never */
#define SCTLR_E0E (1ull << 24)          /* EL0 data big-endian */
#define SCTLR_EE  (1ull << 25)          /* EL1 data and table walks big-endian */

/* TCR_EL1 (ARMv8.0 fields; bits 39 and up other than TBI0/TBI1 are RES0 in v8.0). */
#define TCR_T0SZ_SHIFT 0                /* [5:0] TTBR0 region is 2^(64-T0SZ) bytes */
#define TCR_EPD0  (1ull << 7)           /* no walks through TTBR0 */
#define TCR_IRGN0_SHIFT 8
#define TCR_ORGN0_SHIFT 10
#define TCR_SH0_SHIFT 12
#define TCR_TG0_SHIFT 14                /* [15:14] 00 4K, 01 64K, 10 16K, 11 reserved */
#define TCR_T1SZ_SHIFT 16               /* [21:16] */
#define TCR_A1    (1ull << 22)          /* the ASID comes from TTBR1 */
#define TCR_EPD1  (1ull << 23)          /* no walks through TTBR1 */
#define TCR_IRGN1_SHIFT 24
#define TCR_ORGN1_SHIFT 26
#define TCR_SH1_SHIFT 28
#define TCR_TG1_SHIFT 30                /* [31:30] 00 reserved, 01 16K, 10 4K, 11 64K */
#define TCR_IPS_SHIFT 32                /* [34:32] intermediate (here: output) PA size */
#define TCR_AS    (1ull << 36)          /* 16-bit ASIDs */
#define TCR_TBI0  (1ull << 37)          /* top byte ignored, TTBR0 region */
#define TCR_TBI1  (1ull << 38)          /* top byte ignored, TTBR1 region */
#define TCR_TxSZ_MASK 0x3full
#define TCR_TG_MASK 3ull
#define TCR_IPS_MASK 7ull
#define TCR_TG0_4K  (0ull << TCR_TG0_SHIFT)
#define TCR_TG0_64K (1ull << TCR_TG0_SHIFT)
#define TCR_TG0_16K (2ull << TCR_TG0_SHIFT)
#define TCR_TG1_16K (1ull << TCR_TG1_SHIFT)
#define TCR_TG1_4K  (2ull << TCR_TG1_SHIFT)
#define TCR_TG1_64K (3ull << TCR_TG1_SHIFT)

/* TTBR0_EL1/TTBR1_EL1: ASID [63:48], BADDR [47:1] (bit 0 is CnP from ARMv8.2, RES0 here). */
#define TTBR_ASID_SHIFT 48
#define TTBR_BADDR_MASK 0x0000fffffffffffeull

/* ID_AA64MMFR0_EL1 fields the walker reads. */
#define MMFR0_PARANGE_SHIFT 0           /* [3:0] 0 32, 1 36, 2 40, 3 42, 4 44, 5 48 bits */
#define MMFR0_ASIDBITS_SHIFT 4          /* [7:4] 0 8-bit, 2 16-bit ASIDs */
#define MMFR0_TGRAN16_SHIFT 20          /* [23:20] 0 16K not supported, 1 supported */
#define MMFR0_TGRAN64_SHIFT 24          /* [27:24] 0 supported, 0xf not (signed field) */
#define MMFR0_TGRAN4_SHIFT 28           /* [31:28] 0 supported, 0xf not (signed field) */

/* VMSAv8-64 translation table descriptors (stage 1). */
#define DESC_VALID      (1ull << 0)
#define DESC_TABLE      (1ull << 1)     /* with VALID: table (levels 0-2) or page (level 3) */
#define DESC_TYPE_MASK  3ull
#define DESC_TYPE_BLOCK 1ull            /* block (levels 1-2); reserved at level 3 */
#define DESC_TYPE_TABLE 3ull            /* table (levels 0-2), page (level 3) */
#define DESC_ATTRINDX_SHIFT 2           /* [4:2] index of the MAIR_EL1 byte */
#define DESC_NS         (1ull << 5)     /* ignored in Non-secure state */
#define DESC_AP_SHIFT   6               /* [7:6] AP[2:1] */
#define DESC_AP1        (1ull << 6)     /* AP[1]: EL0 access */
#define DESC_AP2        (1ull << 7)     /* AP[2]: read-only */
#define DESC_SH_SHIFT   8               /* [9:8] shareability */
#define DESC_AF         (1ull << 10)    /* access flag */
#define DESC_NG         (1ull << 11)    /* not global: tagged with the ASID */
#define DESC_ADDR_MASK  0x0000fffffffff000ull   /* output / next-table address [47:12] */
#define DESC_CONT       (1ull << 52)    /* contiguous hint */
#define DESC_PXN        (1ull << 53)
#define DESC_UXN        (1ull << 54)    /* UXN (XN) */
#define DESC_PXNTABLE   (1ull << 59)    /* table descriptors: PXN for everything below */
#define DESC_UXNTABLE   (1ull << 60)    /* XNTable */
#define DESC_APTABLE0   (1ull << 61)    /* APTable[0]: no EL0 access below */
#define DESC_APTABLE1   (1ull << 62)    /* APTable[1]: no write access below */
#define DESC_NSTABLE    (1ull << 63)    /* ignored in Non-secure state */

/* PAR_EL1 (64-bit format, the only one AArch64 AT writes). */
#define PAR_F          (1ull << 0)      /* the translation aborted */
#define PAR_FST_SHIFT  1                /* F = 1: [6:1] fault status code */
#define PAR_PTW        (1ull << 8)      /* F = 1: stage 2 fault on a stage 1 walk */
#define PAR_S          (1ull << 9)      /* F = 1: stage 2 fault */
#define PAR_SH_SHIFT   7                /* F = 0: [8:7] shareability */
#define PAR_NS         (1ull << 9)      /* F = 0: non-secure output address */
#define PAR_RES1       (1ull << 11)
#define PAR_PA_MASK    0x0000fffffffff000ull   /* F = 0: PA[47:12] */
#define PAR_ATTR_SHIFT 56               /* F = 0: [63:56] MAIR-format attributes */

/* FPCR and FPSR (cortex-a57: no FP16, no trapped exceptions, so FZ16 and the
 * trap enables IOE..IDE are RAZ/WI; Len and Stride are AArch32 state kept for
 * context switches). */
#define FPCR_AHP       (1u << 26)       /* alternative half precision */
#define FPCR_DN        (1u << 25)       /* default NaN */
#define FPCR_FZ        (1u << 24)       /* flush denormals to zero */
#define FPCR_RMODE_SHIFT 22             /* [23:22] 0 RN, 1 RP, 2 RM, 3 RZ */
#define FPCR_MASK      0x07f70000u      /* what MSR FPCR keeps */
#define FPSR_IOC       (1u << 0)        /* invalid operation */
#define FPSR_DZC       (1u << 1)        /* divide by zero */
#define FPSR_OFC       (1u << 2)        /* overflow */
#define FPSR_UFC       (1u << 3)        /* underflow */
#define FPSR_IXC       (1u << 4)        /* inexact */
#define FPSR_IDC       (1u << 7)        /* input denormal */
#define FPSR_QC        (1u << 27)       /* saturation (AdvSIMD) */
#define FPSR_MASK      0xf800009fu      /* NZCV (AArch32), QC, the cumulative flags */

#endif
