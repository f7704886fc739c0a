/* helper-fp.c: the scalar FP helpers generated code calls (rows of
 * helpers.def): each unpacks its descriptor (tcg/helper-fp.h) and calls the
 * FP core (arm/fpu.h) with the vCPU's FPCR, accumulating into its FPSR. Both
 * belong to the vCPU whose thread runs the helper: no lock. */
#include "tcg/helpers.h"
#include "tcg/helper-fp.h"
#include "arm/fpu.h"

static FPRounding rm_of(const CPUARMState *env, uint64_t desc)
{
    unsigned rm = FPD_RM(desc);
    return rm == FPD_RM_FPCR ? fpu_rmode(env->fpcr) : (FPRounding)rm;
}

uint64_t helper_fp_2op(CPUARMState *env, uint64_t desc, uint64_t a, uint64_t b)
{
    unsigned size = FPD_SIZE(desc);
    uint32_t fpcr = env->fpcr, *fpsr = &env->fpsr;

    switch (FPD_OP(desc)) {
    case FOP2_MUL: return fpu_mul(size, a, b, fpcr, fpsr);
    case FOP2_DIV: return fpu_div(size, a, b, fpcr, fpsr);
    case FOP2_ADD: return fpu_add(size, a, b, fpcr, fpsr);
    case FOP2_SUB: return fpu_sub(size, a, b, fpcr, fpsr);
    case FOP2_MAX: return fpu_max(size, a, b, fpcr, fpsr);
    case FOP2_MIN: return fpu_min(size, a, b, fpcr, fpsr);
    case FOP2_MAXNM: return fpu_maxnm(size, a, b, fpcr, fpsr);
    case FOP2_MINNM: return fpu_minnm(size, a, b, fpcr, fpsr);
    case FOP2_NMUL: return fpu_neg(size, fpu_mul(size, a, b, fpcr, fpsr));
    case FOP2_MULX: return fpu_mulx(size, a, b, fpcr, fpsr);
    }
    g_assert_not_reached();
}

uint64_t helper_fp_1op(CPUARMState *env, uint64_t desc, uint64_t a)
{
    unsigned size = FPD_SIZE(desc);
    uint32_t fpcr = env->fpcr, *fpsr = &env->fpsr;
    unsigned ibits = FPD_I64(desc) ? 64 : 32;

    switch (FPD_OP(desc)) {
    case FOP1_SQRT:
        return fpu_sqrt(size, a, fpcr, fpsr);
    case FOP1_RINT:
        return fpu_round_int(size, a, rm_of(env, desc), FPD_FLAG(desc), fpcr, fpsr);
    case FOP1_CVT:
        return fpu_convert(FPD_SIZE2(desc), size, a, fpcr, fpsr);
    case FOP1_TOFIX:
        return fpu_to_fixed(size, a, FPD_FBITS(desc), FPD_FLAG(desc), ibits, rm_of(env, desc),
                            fpcr, fpsr);
    case FOP1_FROMFIX:
        return fpu_from_fixed(size, a, ibits, FPD_FLAG(desc), FPD_FBITS(desc), rm_of(env, desc),
                              fpcr, fpsr);
    }
    g_assert_not_reached();
}

uint64_t helper_fp_muladd(CPUARMState *env, uint64_t size, uint64_t addend, uint64_t a, uint64_t b)
{
    return fpu_muladd((unsigned)size, addend, a, b, env->fpcr, &env->fpsr);
}

uint64_t helper_fp_cmp(CPUARMState *env, uint64_t desc, uint64_t a, uint64_t b, uint64_t holds)
{
    if (!holds) {
        return (desc >> 4 & 0xf) << 28;
    }
    return fpu_compare(desc & 3, a, b, (desc >> 2) & 1, env->fpcr, &env->fpsr);
}
