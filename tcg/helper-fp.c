/* helper-fp.c: the scalar FP helpers generated code calls (rows of
 * helpers.def): each unpacks its descriptor (tcg/helper-fp.h) and calls the
 * FP core (arm/fpu.h) with the vCPU's FPCR, accumulating into its FPSR. Both
 * belong to the vCPU whose thread runs the helper: no lock. */
#include "tcg/helpers.h"
#include "tcg/helper-fp.h"
#include "arm/fpu.h"

static FPRounding rm_of(uint32_t fpcr, uint64_t desc)
{
    unsigned rm = FPD_RM(desc);
    return rm == FPD_RM_FPCR ? fpu_rmode(fpcr) : (FPRounding)rm;
}

static uint64_t ones_if(unsigned size, bool c)
{
    return c ? (size == FP_D ? ~0ull : (1ull << (8u << size)) - 1) : 0;
}

uint64_t fp_2op(unsigned op, unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    switch (op) {
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
    case FOP2_ABD: return fpu_abs(size, fpu_sub(size, a, b, fpcr, fpsr));
    case FOP2_RECPS: return fpu_recps(size, a, b, fpcr, fpsr);
    case FOP2_RSQRTS: return fpu_rsqrts(size, a, b, fpcr, fpsr);
    case FOP2_CMEQ: return ones_if(size, fpu_cmp_eq(size, a, b, fpcr, fpsr));
    case FOP2_CMGE: return ones_if(size, fpu_cmp_ge(size, a, b, fpcr, fpsr));
    case FOP2_CMGT: return ones_if(size, fpu_cmp_gt(size, a, b, fpcr, fpsr));
    case FOP2_ACGE:
        return ones_if(size, fpu_cmp_ge(size, fpu_abs(size, a), fpu_abs(size, b), fpcr, fpsr));
    case FOP2_ACGT:
        return ones_if(size, fpu_cmp_gt(size, fpu_abs(size, a), fpu_abs(size, b), fpcr, fpsr));
    }
    g_assert_not_reached();
}

uint64_t fp_1op(uint64_t desc, uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    unsigned size = FPD_SIZE(desc);
    unsigned ibits = FPD_I64(desc) ? 64 : 32;

    switch (FPD_OP(desc)) {
    case FOP1_SQRT:
        return fpu_sqrt(size, a, fpcr, fpsr);
    case FOP1_RINT:
        return fpu_round_int(size, a, rm_of(fpcr, desc), FPD_FLAG(desc), fpcr, fpsr);
    case FOP1_CVT:
        return fpu_convert(FPD_SIZE2(desc), size, a, fpcr, fpsr);
    case FOP1_TOFIX:
        return fpu_to_fixed(size, a, FPD_FBITS(desc), FPD_FLAG(desc), ibits, rm_of(fpcr, desc),
                            fpcr, fpsr);
    case FOP1_FROMFIX:
        return fpu_from_fixed(size, a, ibits, FPD_FLAG(desc), FPD_FBITS(desc), rm_of(fpcr, desc),
                              fpcr, fpsr);
    case FOP1_CVTODD:
        return fpu_convert_odd(a, fpcr, fpsr);
    case FOP1_ABS:
        return fpu_abs(size, a);
    case FOP1_NEG:
        return fpu_neg(size, a);
    case FOP1_RECPE:
        return fpu_recpe(size, a, fpcr, fpsr);
    case FOP1_RSQRTE:
        return fpu_rsqrte(size, a, fpcr, fpsr);
    case FOP1_RECPX:
        return fpu_recpx(size, a, fpcr, fpsr);
    case FOP1_URECPE:
        return fpu_urecpe((uint32_t)a);
    case FOP1_URSQRTE:
        return fpu_ursqrte((uint32_t)a);
    case FOP1_CMGT0:
        return ones_if(size, fpu_cmp_gt(size, a, 0, fpcr, fpsr));
    case FOP1_CMGE0:
        return ones_if(size, fpu_cmp_ge(size, a, 0, fpcr, fpsr));
    case FOP1_CMEQ0:
        return ones_if(size, fpu_cmp_eq(size, a, 0, fpcr, fpsr));
    case FOP1_CMLE0:
        return ones_if(size, fpu_cmp_ge(size, 0, a, fpcr, fpsr));
    case FOP1_CMLT0:
        return ones_if(size, fpu_cmp_gt(size, 0, a, fpcr, fpsr));
    }
    g_assert_not_reached();
}

uint64_t helper_fp_2op(CPUARMState *env, uint64_t desc, uint64_t a, uint64_t b)
{
    return fp_2op(FPD_OP(desc), FPD_SIZE(desc), a, b, env->fpcr, &env->fpsr);
}

uint64_t helper_fp_1op(CPUARMState *env, uint64_t desc, uint64_t a)
{
    return fp_1op(desc, a, env->fpcr, &env->fpsr);
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
