/* helper-simdfp.c: the AdvSIMD floating-point instructions: lane loops over
 * the scalar FP helpers' operations (fp_2op, fp_1op in helper-fp.c, which
 * call the FP core, arm/fpu.h), so a vector FADD is the scalar FADD on each
 * lane, in lane order (the cumulative flags do not depend on it).
 *
 * Like the integer AdvSIMD helpers they work on copies (Vd may be a source)
 * and write the whole of Vd: the lanes of the result, zeros above (Q = 0,
 * scalar). They read FPCR and accumulate FPSR besides the V registers. */
#include "tcg/helpers.h"
#include "tcg/helper-fp.h"
#include "tcg/simd.h"
#include "arm/fpu.h"

static void vget(Vec *v, const CPUARMState *env, unsigned r)
{
    v->d[0] = env->vregs[r][0];
    v->d[1] = env->vregs[r][1];
}

static void vput(CPUARMState *env, unsigned r, const Vec *v)
{
    env->vregs[r][0] = v->d[0];
    env->vregs[r][1] = v->d[1];
}

static unsigned lanes_of(uint64_t desc)
{
    return SD_SCALAR(desc) ? 1 : (SD_Q(desc) ? 16u : 8u) >> SD_ESZ(desc);
}

/* The FPV_* operation of a lane-wise fp3 form fpu_vec_fast can run, else -1. */
static int vec_fast_op(unsigned form, unsigned fop)
{
    switch (form) {
    case SF3_MLA: return FPV_MLA;
    case SF3_MLS: return FPV_MLS;
    case SF3_LANES:
        switch (fop) {
        case FOP2_ADD: return FPV_ADD;
        case FOP2_SUB: return FPV_SUB;
        case FOP2_MUL: return FPV_MUL;
        case FOP2_DIV: return FPV_DIV;
        }
        break;
    }
    return -1;
}

uint64_t helper_simd_fp3(CPUARMState *env, uint64_t desc, uint64_t fop)
{
    unsigned esz = SD_ESZ(desc), nl = lanes_of(desc);
    uint32_t fpcr = env->fpcr, *fpsr = &env->fpsr;
    Vec n, m, d, r = { 0 };

    vget(&n, env, SD_RN(desc));
    vget(&m, env, SD_RM(desc));
    vget(&d, env, SD_RD(desc));
    if (SD_IMM2(desc) & SF_ELEM) {
        uint64_t e = simd_lane_u(&m, esz, SD_IMM(desc));
        for (unsigned i = 0; i < nl; i++) {
            simd_lane_set(&m, esz, i, e);
        }
    }
    int fast = vec_fast_op(SD_OP(desc), (unsigned)fop);
    if (fast >= 0 && fpu_vec_fast(esz, (unsigned)fast, nl, r.d, n.d, m.d, d.d, fpcr, fpsr)) {
        vput(env, SD_RD(desc), &r);
        return 0;
    }
    for (unsigned i = 0; i < nl; i++) {
        uint64_t x = simd_lane_u(&n, esz, i), y = simd_lane_u(&m, esz, i), v;
        switch (SD_OP(desc)) {
        case SF3_PAIR: {        /* the pairs of Vm:Vn, Vn's first */
            const Vec *src = i < nl / 2 ? &n : &m;
            unsigned j = 2 * (i % (nl / 2));
            v = fp_2op((unsigned)fop, esz, simd_lane_u(src, esz, j), simd_lane_u(src, esz, j + 1),
                       fpcr, fpsr);
            break;
        }
        case SF3_MLA:
            v = fpu_muladd(esz, simd_lane_u(&d, esz, i), x, y, fpcr, fpsr);
            break;
        case SF3_MLS:
            v = fpu_muladd(esz, simd_lane_u(&d, esz, i), fpu_neg(esz, x), y, fpcr, fpsr);
            break;
        default:
            v = fp_2op((unsigned)fop, esz, x, y, fpcr, fpsr);
            break;
        }
        simd_lane_set(&r, esz, i, v);
    }
    vput(env, SD_RD(desc), &r);
    return 0;
}

uint64_t helper_simd_fp2(CPUARMState *env, uint64_t desc, uint64_t fpd)
{
    unsigned op = FPD_OP(fpd), from = FPD_SIZE(fpd), to = from, part = SD_IMM(desc);
    unsigned nl = lanes_of(desc), in0 = 0, out0 = 0;
    uint32_t fpcr = env->fpcr, *fpsr = &env->fpsr;
    Vec n, r = { 0 };

    if (op == FOP1_CVT || op == FOP1_CVTODD) {
        to = op == FOP1_CVTODD ? FP_S : FPD_SIZE2(fpd);
    }
    vget(&n, env, SD_RN(desc));
    if (to < from && !SD_SCALAR(desc)) {        /* FCVTN: into the half part of Vd */
        nl = 8u >> to;
        out0 = part * nl;
        if (part) {
            r.d[0] = env->vregs[SD_RD(desc)][0];
        }
    } else if (to > from) {                     /* FCVTL: from the half part of Vn */
        nl = 8u >> from;
        in0 = part * nl;
    }
    for (unsigned i = 0; i < nl; i++) {
        simd_lane_set(&r, to, out0 + i, fp_1op(fpd, simd_lane_u(&n, from, in0 + i), fpcr, fpsr));
    }
    vput(env, SD_RD(desc), &r);
    return 0;
}

/* Reduce(): halves reduced separately, then combined. */
static uint64_t reduce(unsigned fop, unsigned esz, const Vec *v, unsigned lo, unsigned nl,
                       uint32_t fpcr, uint32_t *fpsr)
{
    if (nl == 1) {
        return simd_lane_u(v, esz, lo);
    }
    uint64_t a = reduce(fop, esz, v, lo, nl / 2, fpcr, fpsr);
    uint64_t b = reduce(fop, esz, v, lo + nl / 2, nl / 2, fpcr, fpsr);
    return fp_2op(fop, esz, a, b, fpcr, fpsr);
}

uint64_t helper_simd_fpred(CPUARMState *env, uint64_t desc, uint64_t fop)
{
    unsigned esz = SD_ESZ(desc);
    Vec n, r = { 0 };

    vget(&n, env, SD_RN(desc));
    simd_lane_set(&r, esz, 0, reduce((unsigned)fop, esz, &n, 0, (SD_Q(desc) ? 16u : 8u) >> esz,
                                     env->fpcr, &env->fpsr));
    vput(env, SD_RD(desc), &r);
    return 0;
}
