/* flags.h: the condition flags as CPUARMState keeps them (lazily: the kind and
 * operands of the last flag-setting operation) and the A64 condition codes.
 * The translator (IR ops, optimizer, interpreter, backend) and the CPU
 * (cpu_get_nzcv) share these; the CPU owns them, so they live here. */
#ifndef A64EMU_ARM_FLAGS_H
#define A64EMU_ARM_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

/* A64 condition codes, numbered as in the encoding. */
typedef enum ArmCond {
    ARM_EQ, ARM_NE, ARM_CS, ARM_CC, ARM_MI, ARM_PL, ARM_VS, ARM_VC,
    ARM_HI, ARM_LS, ARM_GE, ARM_LT, ARM_GT, ARM_LE, ARM_AL, ARM_NV,
} ArmCond;

/* How NZCV derives from the operands of the last flag-setting operation.
 * Flags are lazy: the CPU keeps (cc_op, cc_a, cc_b) and computes NZCV only
 * when something reads it (see cpu_get_nzcv). */
typedef enum CCKind {
    CC_ADD,          /* a + b        (ADDS, CMN) */
    CC_SUB,          /* a - b        (SUBS, CMP): C = no borrow */
    CC_LOGIC,        /* a is the result; N, Z from it; C = V = 0 (ANDS, TST) */
    CC_NZCV,         /* a holds NZCV in bits 31..28 (MSR NZCV, CCMP, ADCS/SBCS results) */
} CCKind;

/* CPUARMState.cc_op is a CCKind, plus CC_OP_64 for 64-bit operations. */
#define CC_OP_64 0x10

/* NZCV (bits 31..28) from a lazy flag state (src/arm/flags.c). */
uint32_t ir_flags_nzcv(CCKind k, unsigned sz, uint64_t a, uint64_t b);
/* Does ArmCond c hold for NZCV (bits 31..28)? */
bool ir_arm_cond_holds(ArmCond c, uint32_t nzcv);

#endif
