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

/* SCTLR_EL1 */
#define SCTLR_A   (1ull << 1)           /* alignment checks */
#define SCTLR_SA  (1ull << 3)           /* SP alignment check at EL1 */
#define SCTLR_SA0 (1ull << 4)           /* SP alignment check at EL0 */
#define SCTLR_UMA (1ull << 9)           /* EL0 may access DAIF */
#define SCTLR_DZE (1ull << 14)          /* EL0 may use DC ZVA */
#define SCTLR_UCT (1ull << 15)          /* EL0 may read CTR_EL0 */
/* ARMv8.0 SCTLR_EL1: writable fields, and RES1 bits (29, 28, 23, 22, 20, 11). */
#define SCTLR_WRITABLE 0x070DD3BFull    /* M A C SA SA0 CP15BEN ITD SED UMA I DZE UCT nTWI nTWE WXN E0E EE UCI */
#define SCTLR_RES1     0x30D00800ull

/* CNTKCTL_EL1 */
#define CNTKCTL_EL0PCTEN (1ull << 0)    /* EL0 may read CNTPCT_EL0 */
#define CNTKCTL_EL0VCTEN (1ull << 1)    /* EL0 may read CNTVCT_EL0 */

#endif
