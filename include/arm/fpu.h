/* fpu.h: the floating-point core: every scalar FP operation of the A64
 * instruction set as the Arm ARM's pseudocode defines it (FPAdd, FPMulAdd,
 * FPMaxNum, FPRoundInt, FPToFixed, FPConvert...), for one element. The
 * frontend's helpers, the interpreter's and the AdvSIMD per-lane helpers all
 * call these, so each rule is written once.
 *
 * Conventions, for every function:
 *  - size is the element size as log2 bytes: FP_H (1), FP_S (2), FP_D (3).
 *    A value is the element's bits in the low 16/32/64 bits of a uint64_t;
 *    higher bits of an argument are ignored, those of a result are zero.
 *  - fpcr is the FPCR (FPCR_AHP, FPCR_DN, FPCR_FZ, RMode; arm/bits.h). FZ
 *    flushes denormal inputs to zero (IDC) and results that are tiny before
 *    rounding (UFC, no IXC), for single and double precision; half precision
 *    (conversions only on ARMv8.0) is never flushed, as FZ16 does not exist.
 *  - *fpsr accumulates the cumulative exception flags the operation raises
 *    (FPSR_IOC, DZC, OFC, UFC, IXC, IDC): bits are only ever set.
 *  - NaNs: a signalling NaN operand raises IOC; the result is the first
 *    signalling NaN, else the first quiet NaN, in operand order (for the
 *    fused multiply-add: addend, then the two factors), quietened; with
 *    FPCR.DN the default NaN (positive, quiet, zero payload) instead.
 *  - Tininess is detected before rounding (as Arm specifies); UFC is set for
 *    a tiny result when it is inexact (or always, when FZ flushes it).
 * Arithmetic uses the host's SSE arithmetic (exact in every IEEE rounding
 * mode) with the host's MXCSR saved and restored around it (it is per
 * thread); the conversions, rounding to integral and the rest are our own
 * integer code. Thread-safe: no state besides the arguments. */
#ifndef A64EMU_ARM_FPU_H
#define A64EMU_ARM_FPU_H

#include <stdbool.h>
#include <stdint.h>

enum { FP_H = 1, FP_S = 2, FP_D = 3 };

/* Rounding: the FPCR.RMode values, then the two that only instructions
 * name (FCVTA*, FRINTA: ties away from zero; FCVTXN: round to odd). */
typedef enum FPRounding {
    FPR_TIEEVEN = 0, FPR_POSINF = 1, FPR_NEGINF = 2, FPR_ZERO = 3, FPR_TIEAWAY = 4, FPR_ODD = 5,
} FPRounding;

static inline FPRounding fpu_rmode(uint32_t fpcr)
{
    return (FPRounding)((fpcr >> 22) & 3);
}

/* ---- arithmetic (FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd) ---- */
uint64_t fpu_add(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_sub(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_mul(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_div(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
/* FMULX: FPMul, except infinity times zero is 2.0 (signed), not invalid. */
uint64_t fpu_mulx(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_sqrt(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
/* addend + a * b with one rounding. FMSUB/FNMADD/FNMSUB negate their
 * operands (fpu_neg) before: a negated NaN operand comes out negated. An
 * infinity times a zero with a quiet NaN addend is the default NaN (IOC). */
uint64_t fpu_muladd(unsigned size, uint64_t addend, uint64_t a, uint64_t b, uint32_t fpcr,
                    uint32_t *fpsr);

/* ---- sign (no flags, NaNs included) ---- */
uint64_t fpu_neg(unsigned size, uint64_t a);
uint64_t fpu_abs(unsigned size, uint64_t a);

/* ---- maximum and minimum (FPMax, FPMin, FPMaxNum, FPMinNum) ----
 * max(+0, -0) is +0, min(+0, -0) is -0; the NM forms take the number when
 * exactly one operand is a quiet NaN. */
uint64_t fpu_max(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_min(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_maxnm(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_minnm(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);

/* ---- comparison (FPCompare): NZCV in bits 31..28: 0110 equal, 1000 less,
 * 0010 greater, 0011 unordered. IOC for a signalling NaN, or for any NaN
 * when signal (FCMPE). ---- */
uint32_t fpu_compare(unsigned size, uint64_t a, uint64_t b, bool signal, uint32_t fpcr,
                     uint32_t *fpsr);
/* The AdvSIMD compares (FCMEQ, FCMGE, FCMGT): true when a == b, a >= b,
 * a > b; EQ raises IOC only for signalling NaNs, GE/GT for any NaN. */
bool fpu_cmp_eq(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
bool fpu_cmp_ge(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
bool fpu_cmp_gt(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);

/* ---- rounding and conversion ---- */
/* FPRoundInt: a rounded to an integral value in its own format, with
 * rounding rm; IXC only when exact (FRINTX) and the value changed. */
uint64_t fpu_round_int(unsigned size, uint64_t a, FPRounding rm, bool exact, uint32_t fpcr,
                       uint32_t *fpsr);
/* FPConvert between precisions (FCVT), FPCR's rounding; half precision is
 * IEEE or, with FPCR.AHP, Arm's alternative format (no infinities or NaNs:
 * converting those to it raises IOC and gives the largest value or zero). */
uint64_t fpu_convert(unsigned to, unsigned from, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
/* FCVTXN's step: double to single rounding to odd. */
uint64_t fpu_convert_odd(uint64_t a, uint32_t fpcr, uint32_t *fpsr);
/* FPToFixed: a * 2^fbits rounded with rm to an ibits-bit (32 or 64) signed
 * or unsigned integer, saturated (IOC, no IXC) when out of range; a NaN is
 * 0 with IOC. The result is zero-extended from ibits. */
uint64_t fpu_to_fixed(unsigned size, uint64_t a, unsigned fbits, bool is_unsigned, unsigned ibits,
                      FPRounding rm, uint32_t fpcr, uint32_t *fpsr);
/* FixedToFP: the ibits-bit integer v (signed or not) / 2^fbits, rounded
 * with rm. */
uint64_t fpu_from_fixed(unsigned size, uint64_t v, unsigned ibits, bool is_unsigned,
                        unsigned fbits, FPRounding rm, uint32_t fpcr, uint32_t *fpsr);

/* ---- estimates and Newton-Raphson steps (FRECPE, FRSQRTE, FRECPX,
 * FRECPS, FRSQRTS, URECPE, URSQRTE) ---- */
/* FPRecipEstimate, FPRSqrtEstimate: 8-bit estimates (RecipEstimate,
 * RecipSqrtEstimate); FPRecpX: the exponent's reciprocal, no fraction. */
uint64_t fpu_recpe(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_rsqrte(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_recpx(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
/* FPRecipStepFused: 2 - a * b; FPRSqrtStepFused: (3 - a * b) / 2; each with
 * one rounding, and infinity times zero 2.0 or 1.5 (no IOC). */
uint64_t fpu_recps(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_rsqrts(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
/* UnsignedRecipEstimate, UnsignedRSqrtEstimate on a 32-bit integer (no flags). */
uint32_t fpu_urecpe(uint32_t a);
uint32_t fpu_ursqrte(uint32_t a);

/* ---- constants ---- */
uint64_t fpu_default_nan(unsigned size);
/* VFPExpandImm: FMOV's 8-bit immediate as a value of size. */
uint64_t fpu_expand_imm(unsigned size, uint8_t imm8);

/* ---- the typed forms of the common operations, for per-lane loops ---- */
#define FPU_TYPED(op)                                                                        \
    static inline uint32_t fpu_##op##32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr) \
    { return (uint32_t)fpu_##op(FP_S, a, b, fpcr, fpsr); }                                  \
    static inline uint64_t fpu_##op##64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr) \
    { return fpu_##op(FP_D, a, b, fpcr, fpsr); }
FPU_TYPED(add)
FPU_TYPED(sub)
FPU_TYPED(mul)
FPU_TYPED(div)
FPU_TYPED(mulx)
FPU_TYPED(max)
FPU_TYPED(min)
FPU_TYPED(maxnm)
FPU_TYPED(minnm)
#undef FPU_TYPED

/* The fast path of the AdvSIMD lane-wise arithmetic (the helpers try it first): the
 * whole 128-bit vector in one packed SSE operation when FPCR asks for round to nearest
 * without FZ, and FMA only where the host has FMA3. r[i] = n[i] op m[i] on the lanes
 * below `lanes` (FPV_MLA: d[i] + n[i] * m[i] fused; FPV_MLS: d[i] - n[i] * m[i]), zeros
 * above. False (r and *fpsr untouched) when the mode, the host or the operands need the
 * precise per-lane path: any NaN result (so NaN operands, invalid operations and the
 * default NaN's sign all go there) and any result of exactly the smallest normal
 * magnitude (x86 detects tininess after rounding, Arm before). Otherwise the MXCSR flags
 * become FPSR's: invalid, divide by zero, overflow, underflow (tiny and inexact, as Arm
 * with FZ off), inexact; x86's denormal-operand flag has no Arm meaning without FZ. */
enum { FPV_ADD, FPV_SUB, FPV_MUL, FPV_DIV, FPV_MLA, FPV_MLS };
bool fpu_vec_fast(unsigned size, unsigned op, unsigned lanes, uint64_t r[2], const uint64_t n[2],
                  const uint64_t m[2], const uint64_t d[2], uint32_t fpcr, uint32_t *fpsr);

#endif
