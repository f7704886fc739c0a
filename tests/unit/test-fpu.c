/* test-fpu.c: the FP core (src/arm/fpu.c). First the rules of the Arm ARM's
 * pseudocode, case by case (FPProcessNaNs and its order, the default NaN,
 * FPUnpack's flush, FPRound's flush and tininess before rounding, FPMaxNum,
 * FPMulAdd's infinity times zero, FPToFixed's saturation, AHP); then, with
 * GNU MPFR as the reference (when meson found it), every arithmetic
 * operation, conversion and rounding to integral in each precision and
 * rounding mode on random and edge operands: the bits and the FPSR flags.
 * FPU_SEED=n repeats a run, FPU_COUNT=n sets the random cases per
 * combination (default 4000). */
#include <glib.h>
#include <string.h>
#include "arm/bits.h"
#include "arm/fpu.h"
#ifdef HAVE_MPFR
#include <mpfr.h>
#endif

#define RN 0u
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ FPCR_FZ
#define DN FPCR_DN
#define AHP FPCR_AHP

#define IOC FPSR_IOC
#define DZC FPSR_DZC
#define OFC FPSR_OFC
#define UFC FPSR_UFC
#define IXC FPSR_IXC
#define IDC FPSR_IDC

/* ---- the pseudocode's cases ---- */

typedef enum Op {
    O_ADD, O_SUB, O_MUL, O_DIV, O_SQRT, O_FMA, O_MAX, O_MIN, O_MAXNM, O_MINNM, O_MULX,
    O_CMP, O_CMPE, O_RINT, O_RINTX, O_CVT, O_TOFIX, O_TOFIXU, O_FROMFIX, O_FROMFIXU,
} Op;

typedef struct Case {
    const char *what;
    Op op;
    unsigned size;          /* the operands' (O_CVT: the destination's) */
    uint32_t fpcr;
    uint64_t a, b, c;       /* O_FMA: a = addend; O_CVT: b = the source size; O_*FIX: b = fbits,
                               c = integer bits; O_RINT*: b = FPRounding */
    uint64_t want;
    uint32_t flags;
} Case;

static uint64_t run_op(Op op, unsigned size, uint32_t fpcr, uint64_t a, uint64_t b, uint64_t c,
                       uint32_t *fpsr)
{
    switch (op) {
    case O_ADD: return fpu_add(size, a, b, fpcr, fpsr);
    case O_SUB: return fpu_sub(size, a, b, fpcr, fpsr);
    case O_MUL: return fpu_mul(size, a, b, fpcr, fpsr);
    case O_DIV: return fpu_div(size, a, b, fpcr, fpsr);
    case O_SQRT: return fpu_sqrt(size, a, fpcr, fpsr);
    case O_FMA: return fpu_muladd(size, a, b, c, fpcr, fpsr);
    case O_MAX: return fpu_max(size, a, b, fpcr, fpsr);
    case O_MIN: return fpu_min(size, a, b, fpcr, fpsr);
    case O_MAXNM: return fpu_maxnm(size, a, b, fpcr, fpsr);
    case O_MINNM: return fpu_minnm(size, a, b, fpcr, fpsr);
    case O_MULX: return fpu_mulx(size, a, b, fpcr, fpsr);
    case O_CMP: return fpu_compare(size, a, b, false, fpcr, fpsr);
    case O_CMPE: return fpu_compare(size, a, b, true, fpcr, fpsr);
    case O_RINT: return fpu_round_int(size, a, (FPRounding)b, false, fpcr, fpsr);
    case O_RINTX: return fpu_round_int(size, a, (FPRounding)b, true, fpcr, fpsr);
    case O_CVT: return fpu_convert(size, (unsigned)b, a, fpcr, fpsr);
    case O_TOFIX: case O_TOFIXU:
        return fpu_to_fixed(size, a, (unsigned)b, op == O_TOFIXU, (unsigned)c, fpu_rmode(fpcr),
                            fpcr, fpsr);
    case O_FROMFIX: case O_FROMFIXU:
        return fpu_from_fixed(size, a, (unsigned)c, op == O_FROMFIXU, (unsigned)b,
                              fpu_rmode(fpcr), fpcr, fpsr);
    }
    g_assert_not_reached();
}

#define S FP_S
#define D FP_D
#define H FP_H
#define SNAN_S 0x7f800011u      /* payload 0x11 */
#define QNAN_S 0x7fc00022u
#define NSNAN_S 0xff812345u
#define DNAN_S 0x7fc00000u
#define DNAN_D 0x7ff8000000000000ull
#define MINN_S 0x00800000u
#define DEN_S 0x00000003u
#define ONE_S 0x3f800000u
#define ONE_D 0x3ff0000000000000ull
#define INF_S 0x7f800000u

static const Case cases[] = {
    /* FPProcessNaNs: signalling first, then quiet, each in operand order; quietened */
    { "snan, qnan -> the snan quietened", O_ADD, S, RN, SNAN_S, QNAN_S, 0, 0x7fc00011, IOC },
    { "qnan, snan -> the snan quietened", O_ADD, S, RN, QNAN_S, SNAN_S, 0, 0x7fc00011, IOC },
    { "qnan, qnan -> the first", O_SUB, S, RN, QNAN_S, 0xffc00033, 0, QNAN_S, 0 },
    { "number, qnan -> the qnan", O_MUL, S, RN, ONE_S, 0xffc00033, 0, 0xffc00033, 0 },
    { "snan, snan -> the first", O_DIV, S, RN, NSNAN_S, SNAN_S, 0, 0xffc12345, IOC },
    { "negative snan keeps its sign", O_ADD, S, RN, ONE_S, NSNAN_S, 0, 0xffc12345, IOC },
    { "DN: the default NaN", O_ADD, S, DN, ONE_S, NSNAN_S, 0, DNAN_S, IOC },
    { "DN: quiet input too", O_ADD, S, DN, QNAN_S, ONE_S, 0, DNAN_S, 0 },
    { "double payload", O_ADD, D, RN, 0x7ff0000000000123ull, ONE_D, 0, 0x7ff8000000000123ull, IOC },
    /* invalid operations: the default NaN (positive, not x86's negative indefinite) */
    { "inf - inf", O_ADD, S, RN, INF_S, 0xff800000, 0, DNAN_S, IOC },
    { "0 * inf", O_MUL, S, RN, 0, INF_S, 0, DNAN_S, IOC },
    { "0 / 0", O_DIV, D, RN, 0, 0x8000000000000000ull, 0, DNAN_D, IOC },
    { "sqrt(-1)", O_SQRT, S, RN, 0xbf800000, 0, 0, DNAN_S, IOC },
    { "sqrt(-0) = -0", O_SQRT, S, RN, 0x80000000, 0, 0, 0x80000000, 0 },
    { "1 / 0", O_DIV, S, RN, ONE_S, 0x80000000, 0, 0xff800000, DZC },
    /* FPMulAdd */
    { "fma: qnan addend, inf * 0 -> default NaN", O_FMA, S, RN, QNAN_S, INF_S, 0, DNAN_S, IOC },
    { "fma: snan addend, inf * 0 -> addend", O_FMA, S, RN, SNAN_S, INF_S, 0, 0x7fc00011, IOC },
    { "fma: addend qnan before factor snan? no: snan first", O_FMA, S, RN, QNAN_S, ONE_S, SNAN_S,
      0x7fc00011, IOC },
    { "fma: addend first among qnans", O_FMA, S, RN, QNAN_S, 0xffc00001, ONE_S, QNAN_S, 0 },
    { "fma: one rounding", O_FMA, S, RN, 0xbf800002, 0x3f800001, 0x3f800001, 0x28800000, 0 },
    { "fma: number + inf * 0", O_FMA, D, RN, ONE_D, 0x7ff0000000000000ull, 0, DNAN_D, IOC },
    /* FPUnpack with FZ: denormal inputs are zeros, IDC */
    { "FZ: denormal + 1", O_ADD, S, FZ, DEN_S, ONE_S, 0, ONE_S, IDC },
    { "FZ: -denormal * 2 = -0", O_MUL, S, FZ, 0x80000003, 0x40000000, 0, 0x80000000, IDC },
    { "FZ: denormal / denormal", O_DIV, S, FZ, DEN_S, DEN_S, 0, DNAN_S, IDC | IOC },
    { "FZ: denormal, snan: both flags", O_ADD, S, FZ, DEN_S, SNAN_S, 0, 0x7fc00011, IDC | IOC },
    { "no FZ: denormal + denormal exact", O_ADD, S, RN, DEN_S, DEN_S, 0, 6, 0 },
    /* FPRound: tininess before rounding; FZ flush of outputs (UFC, no IXC) */
    { "tiny and inexact: UFC", O_MUL, S, RN, MINN_S, 0x3eaaaaab, 0, 0x002aaaab, UFC | IXC },
    { "tiny, rounds up to the smallest normal: UFC", O_MUL, S, RN, MINN_S, 0x3f7fffff, 0, MINN_S,
      UFC | IXC },
    { "not tiny, rounds down to it: no UFC", O_MUL, S, RN, MINN_S, 0x3f800001, 0, 0x00800001, 0 },
    { "tiny exact: no flags", O_MUL, S, RN, MINN_S, 0x3f000000, 0, 0x00400000, 0 },
    { "FZ: tiny exact result flushed, UFC", O_MUL, S, FZ, MINN_S, 0x3f000000, 0, 0, UFC },
    { "FZ: rounds up to minnorm but tiny: flushed", O_MUL, S, FZ, MINN_S, 0x3f7fffff, 0, 0, UFC },
    { "FZ: negative tiny -> -0", O_MUL, D, FZ, 0x0010000000000000ull, 0xbfe0000000000000ull, 0,
      0x8000000000000000ull, UFC },
    { "RZ: rounds to minnorm from below: UFC", O_MUL, S, RZ, MINN_S, 0x3f7fffff, 0, 0x007fffff,
      UFC | IXC },
    { "overflow RN: inf", O_MUL, S, RN, 0x7f7fffff, 0x40000000, 0, INF_S, OFC | IXC },
    { "overflow RZ: max", O_MUL, S, RZ, 0x7f7fffff, 0x40000000, 0, 0x7f7fffff, OFC | IXC },
    { "overflow RM positive: max", O_ADD, S, RM, 0x7f7fffff, 0x7f7fffff, 0, 0x7f7fffff, OFC | IXC },
    { "overflow RM negative: -inf", O_ADD, S, RM, 0xff7fffff, 0xff7fffff, 0, 0xff800000, OFC | IXC },
    { "x - x = +0 in RN", O_SUB, S, RN, ONE_S, ONE_S, 0, 0, 0 },
    { "x - x = -0 in RM", O_SUB, S, RM, ONE_S, ONE_S, 0, 0x80000000, 0 },
    /* FPMax/FPMin, FPMaxNum/FPMinNum */
    { "max(+0, -0) = +0", O_MAX, S, RN, 0x80000000, 0, 0, 0, 0 },
    { "min(+0, -0) = -0", O_MIN, S, RN, 0, 0x80000000, 0, 0x80000000, 0 },
    { "max(qnan, 1) = qnan", O_MAX, S, RN, QNAN_S, ONE_S, 0, QNAN_S, 0 },
    { "maxnm(qnan, 1) = 1", O_MAXNM, S, RN, QNAN_S, ONE_S, 0, ONE_S, 0 },
    { "minnm(1, qnan) = 1", O_MINNM, S, RN, ONE_S, QNAN_S, 0, ONE_S, 0 },
    { "maxnm(qnan, -inf) = -inf", O_MAXNM, S, RN, QNAN_S, 0xff800000, 0, 0xff800000, 0 },
    { "maxnm(snan, 1) = snan quietened", O_MAXNM, S, RN, SNAN_S, ONE_S, 0, 0x7fc00011, IOC },
    { "maxnm(qnan, snan) = the snan", O_MAXNM, S, RN, QNAN_S, SNAN_S, 0, 0x7fc00011, IOC },
    { "maxnm(qnan, qnan) = the first", O_MAXNM, S, RN, QNAN_S, 0x7fc00099, 0, QNAN_S, 0 },
    { "FZ: max(denormal, 0) = 0 with IDC", O_MAX, S, FZ, DEN_S, 0x80000000, 0, 0, IDC },
    { "mulx(inf, -0) = -2", O_MULX, S, RN, INF_S, 0x80000000, 0, 0xc0000000, 0 },
    /* FPCompare */
    { "cmp equal", O_CMP, S, RN, ONE_S, ONE_S, 0, 0x60000000, 0 },
    { "cmp +0 == -0", O_CMP, S, RN, 0, 0x80000000, 0, 0x60000000, 0 },
    { "cmp less", O_CMP, D, RN, 0, ONE_D, 0, 0x80000000, 0 },
    { "cmp greater", O_CMP, S, RN, INF_S, ONE_S, 0, 0x20000000, 0 },
    { "cmp qnan: unordered, quiet", O_CMP, S, RN, QNAN_S, ONE_S, 0, 0x30000000, 0 },
    { "cmp snan: IOC", O_CMP, S, RN, ONE_S, SNAN_S, 0, 0x30000000, IOC },
    { "cmpe qnan: IOC", O_CMPE, S, RN, QNAN_S, ONE_S, 0, 0x30000000, IOC },
    { "FZ cmp: denormal == 0", O_CMP, S, FZ, DEN_S, 0, 0, 0x60000000, IDC },
    /* FPRoundInt */
    { "rint: -0.3 -> -0", O_RINT, S, RN, 0xbe99999a, FPR_TIEEVEN, 0, 0x80000000, 0 },
    { "rint: 2.5 ties even -> 2", O_RINT, S, RN, 0x40200000, FPR_TIEEVEN, 0, 0x40000000, 0 },
    { "rint: 2.5 ties away -> 3", O_RINT, S, RN, 0x40200000, FPR_TIEAWAY, 0, 0x40400000, 0 },
    { "rintx: inexact", O_RINTX, S, RN, 0x40200000, FPR_NEGINF, 0, 0x40000000, IXC },
    { "rint: snan", O_RINT, S, RN, SNAN_S, FPR_ZERO, 0, 0x7fc00011, IOC },
    { "rint: -denormal up -> -0", O_RINT, S, RN, 0x80000001, FPR_POSINF, 0, 0x80000000, 0 },
    { "rint: denormal up -> 1", O_RINT, S, RN, 0x00000001, FPR_POSINF, 0, ONE_S, 0 },
    /* FPConvert */
    { "d->s: qnan payload's top bits", O_CVT, S, RN, 0x7ff0123456789abcull, D, 0, 0x7fc091a2, IOC },
    { "s->d: payload widened", O_CVT, D, RN, 0xffc00001, S, 0, 0xfff8000020000000ull, 0 },
    { "s->h: overflow RN", O_CVT, H, RN, 0x47800000, S, 0, 0x7c00, OFC | IXC },
    { "s->h: 65520 rounds to inf", O_CVT, H, RN, 0x477ff000, S, 0, 0x7c00, OFC | IXC },
    { "s->h AHP: 65536 exact", O_CVT, H, AHP, 0x47800000, S, 0, 0x7c00, 0 },
    { "s->h AHP: NaN -> 0, IOC", O_CVT, H, AHP, 0xffc00000, S, 0, 0x8000, IOC },
    { "s->h AHP: inf -> max, IOC", O_CVT, H, AHP, INF_S, S, 0, 0x7fff, IOC },
    { "s->h AHP: overflow -> max, IOC only", O_CVT, H, AHP, 0x4f800000, S, 0, 0x7fff, IOC },
    { "h->s AHP: 0x7c00 is 65536", O_CVT, S, AHP, 0x7c00, H, 0, 0x47800000, 0 },
    { "h->s: snan", O_CVT, S, RN, 0x7c01, H, 0, 0x7fc02000, IOC },
    { "h->s: denormal not flushed by FZ", O_CVT, S, FZ, 0x0001, H, 0, 0x33800000, 0 },
    { "s->h: denormal input flushed by FZ", O_CVT, H, FZ, DEN_S, S, 0, 0, IDC },
    { "s->h: tiny output not flushed", O_CVT, H, FZ, 0x33800000, S, 0, 0x0001, 0 },
    { "d->s FZ: tiny output flushed", O_CVT, S, FZ, 0x3690000000000000ull, D, 0, 0, UFC },
    /* FPToFixed */
    { "to int: NaN -> 0, IOC", O_TOFIX, S, RZ, QNAN_S, 0, 32, 0, IOC },
    { "to int: 2^31 saturates, IOC only", O_TOFIX, S, RZ, 0x4f000000, 0, 32, 0x7fffffff, IOC },
    { "to int: -2^31 exact", O_TOFIX, S, RZ, 0xcf000000, 0, 32, 0x80000000, 0 },
    { "to int: -0.5 unsigned RZ -> 0, IXC", O_TOFIXU, S, RZ, 0xbf000000, 0, 32, 0, IXC },
    { "to int: -0.75 unsigned RN -> 0, IOC", O_TOFIXU, S, RN, 0xbf400000, 0, 32, 0, IOC },
    { "to int: -inf signed 64", O_TOFIX, D, RN, 0xfff0000000000000ull, 0, 64,
      0x8000000000000000ull, IOC },
    { "to fixed: 1.5 #1 = 3", O_TOFIX, S, RZ, 0x3fc00000, 1, 32, 3, 0 },
    { "to int: FZ denormal", O_TOFIX, S, FZ | RP, DEN_S, 0, 32, 0, IDC },
    { "from int: -1 #1 = -0.5", O_FROMFIX, S, RN, 0xffffffff, 1, 32, 0xbf000000, 0 },
    { "from int: 2^24+1 RN", O_FROMFIX, S, RN, 0x01000001, 0, 32, 0x4b800000, IXC },
    { "from int: 2^24+1 RP", O_FROMFIX, S, RP, 0x01000001, 0, 32, 0x4b800001, IXC },
    { "from uint64 max", O_FROMFIXU, D, RN, ~0ull, 0, 64, 0x43f0000000000000ull, IXC },
    { "from int64 min", O_FROMFIX, D, RN, 0x8000000000000000ull, 0, 64, 0xc3e0000000000000ull, 0 },
};

static void test_cases(void)
{
    unsigned bad = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const Case *k = &cases[i];
        uint32_t fpsr = 0;
        uint64_t r = run_op(k->op, k->size, k->fpcr, k->a, k->b, k->c, &fpsr);
        if (r != k->want || fpsr != k->flags) {
            g_test_message("%s: got %016" G_GINT64_MODIFIER "x flags %02x, want %016"
                           G_GINT64_MODIFIER "x flags %02x", k->what, r, fpsr, k->want, k->flags);
            bad++;
        }
    }
    g_assert_cmpuint(bad, ==, 0);
}

/* The host's MXCSR is the caller's again after any operation. */
static void test_mxcsr_restored(void)
{
    uint32_t before, after, fpsr = 0, mx = 0x7f80 | 3u << 13;   /* RZ, FTZ */

    __asm__ volatile("stmxcsr %0" : "=m"(before));
    __asm__ volatile("ldmxcsr %0" : : "m"(mx));
    uint64_t r = fpu_mul(FP_S, MINN_S, 0x3f000000, RN, &fpsr);   /* FTZ would give 0 */
    __asm__ volatile("stmxcsr %0" : "=m"(after));
    __asm__ volatile("ldmxcsr %0" : : "m"(before));
    g_assert_cmphex(r, ==, 0x00400000);
    g_assert_cmphex(after & ~0x3fu, ==, mx);
}

static void test_expand_imm(void)
{
    g_assert_cmphex(fpu_expand_imm(FP_S, 0x70), ==, 0x3f800000);    /* 1.0 */
    g_assert_cmphex(fpu_expand_imm(FP_D, 0x00), ==, 0x4000000000000000ull);   /* 2.0 */
    g_assert_cmphex(fpu_expand_imm(FP_S, 0xff), ==, 0xbff80000);    /* -1.9375 */
    g_assert_cmphex(fpu_expand_imm(FP_D, 0x7f), ==, 0x3ffF000000000000ull);   /* 1.9375 */
    g_assert_cmphex(fpu_expand_imm(FP_S, 0x80), ==, 0xc0000000);    /* -2.0 */
}

#ifdef HAVE_MPFR
/* ---- against MPFR ---- */

static GRand *rng;
static unsigned count;

typedef struct FmtInfo { int prec, emin, emax, ebits, fbits; } FmtInfo;
static const FmtInfo finfo[4] = {
    [FP_H] = { 11, -23, 16, 5, 10 },
    [FP_S] = { 24, -148, 128, 8, 23 },
    [FP_D] = { 53, -1073, 1024, 11, 52 },
};

static const mpfr_rnd_t mrnd[4] = { MPFR_RNDN, MPFR_RNDU, MPFR_RNDD, MPFR_RNDZ };

static uint64_t sbit(unsigned size) { return 1ull << ((8u << size) - 1); }

/* A random finite operand (or zero, infinity), biased to the edges. */
static uint64_t rnd_val(unsigned size, int near_exp)
{
    const FmtInfo *f = &finfo[size];
    uint64_t frac = ((uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng)) & ((1ull << f->fbits) - 1);
    uint64_t emaxf = (1u << f->ebits) - 1, e;
    unsigned k = g_rand_int_range(rng, 0, 100);

    if (k < 4) {
        e = 0;
        frac = 0;
    } else if (k < 7) {
        e = emaxf;
        frac = 0;
    } else if (k < 20) {
        e = 0;                                  /* denormal */
    } else if (k < 30) {
        e = g_rand_int_range(rng, 1, 4);        /* near the smallest normal */
    } else if (k < 38) {
        e = emaxf - g_rand_int_range(rng, 1, 4);  /* near the largest */
    } else if (k < 48) {
        frac = g_rand_boolean(rng) ? frac & ~0xffull : frac | 0xff;   /* few/many bits */
        e = (emaxf >> 1) + g_rand_int_range(rng, -3, 4);
    } else if (near_exp >= 0 && k < 80) {
        int64_t x = near_exp + g_rand_int_range(rng, -30, 31);
        e = (uint64_t)CLAMP(x, 1, (int64_t)emaxf - 1);
    } else {
        e = g_rand_int_range(rng, 1, (int)emaxf);
    }
    return (g_rand_boolean(rng) ? sbit(size) : 0) | e << f->fbits | frac;
}

static int exp_field(unsigned size, uint64_t v)
{
    return (int)((v >> finfo[size].fbits) & ((1u << finfo[size].ebits) - 1));
}

/* An operand of size as an MPFR number (exact). */
static void set_val(mpfr_t x, unsigned size, uint64_t v)
{
    const FmtInfo *f = &finfo[size];
    int e = exp_field(size, v);
    uint64_t frac = v & ((1ull << f->fbits) - 1);
    int bias = (1 << (f->ebits - 1)) - 1;
    bool neg = (v & sbit(size)) != 0;

    if (e == (1 << f->ebits) - 1) {
        mpfr_set_inf(x, neg ? -1 : 1);
        return;
    }
    if (e == 0) {
        mpfr_set_ui_2exp(x, frac, 1 - bias - f->fbits, MPFR_RNDN);
    } else {
        mpfr_set_ui_2exp(x, frac | 1ull << f->fbits, e - bias - f->fbits, MPFR_RNDN);
    }
    if (neg) {
        mpfr_neg(x, x, MPFR_RNDN);
    }
    if (mpfr_zero_p(x) && neg) {
        mpfr_set_zero(x, -1);
    }
}

/* A representable MPFR value back to bits. */
static uint64_t get_val(mpfr_t x, unsigned size)
{
    const FmtInfo *f = &finfo[size];
    int bias = (1 << (f->ebits - 1)) - 1;
    uint64_t s = mpfr_signbit(x) ? sbit(size) : 0;
    mpfr_t m;
    mpfr_exp_t ex;

    if (mpfr_nan_p(x)) {
        return fpu_default_nan(size);
    }
    if (mpfr_inf_p(x)) {
        return s | (uint64_t)((1u << f->ebits) - 1) << f->fbits;
    }
    if (mpfr_zero_p(x)) {
        return s;
    }
    mpfr_init2(m, 64);
    mpfr_abs(m, x, MPFR_RNDN);
    ex = mpfr_get_exp(m);                       /* m = 0.1xxx * 2^ex */
    int e = (int)ex - 1 + bias;                 /* biased exponent of the leading bit */
    uint64_t frac;
    if (e >= 1) {
        mpfr_mul_2si(m, m, f->fbits - (ex - 1), MPFR_RNDN);
        frac = mpfr_get_uj(m, MPFR_RNDN) & ((1ull << f->fbits) - 1);
    } else {
        mpfr_mul_2si(m, m, f->fbits - (1 - bias), MPFR_RNDN);
        frac = mpfr_get_uj(m, MPFR_RNDN);
        e = 0;
    }
    mpfr_clear(m);
    return s | (uint64_t)e << f->fbits | frac;
}

typedef enum MOp { M_ADD, M_SUB, M_MUL, M_DIV, M_SQRT, M_FMA } MOp;

static int mpfr_do(MOp op, mpfr_t r, mpfr_t a, mpfr_t b, mpfr_t c, mpfr_rnd_t rnd)
{
    switch (op) {
    case M_ADD: return mpfr_add(r, a, b, rnd);
    case M_SUB: return mpfr_sub(r, a, b, rnd);
    case M_MUL: return mpfr_mul(r, a, b, rnd);
    case M_DIV: return mpfr_div(r, a, b, rnd);
    case M_SQRT: return mpfr_sqrt(r, a, rnd);
    case M_FMA: return mpfr_fma(r, b, c, a, rnd);   /* a + b * c */
    }
    g_assert_not_reached();
}

/* Arm's expected result of op in size under fpcr (no NaN operands): the
 * inputs flushed (FZ), MPFR's correctly rounded result in the format's range
 * with subnormals, tininess of the exact value before rounding, FZ's flush. */
static uint64_t reference(MOp op, unsigned size, uint32_t fpcr, uint64_t a, uint64_t b, uint64_t c,
                          uint32_t *flags)
{
    const FmtInfo *f = &finfo[size];
    mpfr_rnd_t rnd = mrnd[fpu_rmode(fpcr)];
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t x, y, z, r, wide, minn;
    uint64_t ops[3] = { a, b, c }, res;
    int t;

    *flags = 0;
    for (int i = 0; i < 3; i++) {
        if ((fpcr & FPCR_FZ) && exp_field(size, ops[i]) == 0 && (ops[i] & ~sbit(size))) {
            bool used = i == 0 || (i == 1 && op != M_SQRT) || (i == 2 && op == M_FMA);
            if (used) {
                *flags |= IDC;
            }
            ops[i] &= sbit(size);
        }
    }
    mpfr_inits2(64, x, y, z, NULL);
    mpfr_init2(wide, 4096);
    mpfr_init2(minn, 64);
    mpfr_init2(r, f->prec);
    set_val(x, size, ops[0]);
    set_val(y, size, ops[1]);
    set_val(z, size, ops[2]);
    mpfr_set_ui_2exp(minn, 1, 1 - ((1 << (f->ebits - 1)) - 1), MPFR_RNDN);

    /* tininess: the exact value (RZ keeps which side of the smallest normal it is) */
    mpfr_do(op, wide, x, y, z, MPFR_RNDZ);
    bool tiny = !mpfr_zero_p(wide) && !mpfr_nan_p(wide) && mpfr_cmpabs(wide, minn) < 0;

    mpfr_set_emin(f->emin);
    mpfr_set_emax(f->emax);
    mpfr_clear_flags();
    t = mpfr_do(op, r, x, y, z, rnd);
    t = mpfr_check_range(r, t, rnd);
    t = mpfr_subnormalize(r, t, rnd);
    bool ovf = mpfr_overflow_p(), dz = mpfr_divby0_p();
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);

    if (mpfr_nan_p(r)) {
        *flags |= IOC;
        res = fpu_default_nan(size);
    } else if (dz) {
        *flags |= DZC;
        res = get_val(r, size);
    } else if (ovf) {
        *flags |= OFC | IXC;
        res = get_val(r, size);
    } else if (tiny && (fpcr & FPCR_FZ)) {
        *flags |= UFC;
        res = mpfr_signbit(wide) ? sbit(size) : 0;
    } else {
        res = get_val(r, size);
        if (t) {
            *flags |= IXC | (tiny ? UFC : 0);
        }
    }
    mpfr_clears(x, y, z, r, wide, minn, NULL);
    return res;
}

/* Operands whose exact result is within a few units of the smallest normal,
 * where tininess before and after rounding differ and FZ's flush begins
 * (the code under test only picks the inputs here). */
static void near_smallest_normal(MOp op, unsigned size, uint64_t *a, uint64_t *b, uint64_t *c)
{
    uint64_t minn = 1ull << finfo[size].fbits, one = fpu_expand_imm(size, 0x70);
    uint32_t scratch = 0;
    int64_t nudge = g_rand_int_range(rng, -3, 4);
    uint64_t sign = g_rand_boolean(rng) ? sbit(size) : 0;

    switch (op) {
    case M_MUL: case M_FMA: case M_DIV:
        *a = (g_rand_boolean(rng) ? one : rnd_val(size, (1 << (finfo[size].ebits - 1)) - 1)) &
             ~sbit(size);
        if (exp_field(size, *a) == 0 || exp_field(size, *a) == (1 << finfo[size].ebits) - 1) {
            *a = one;
        }
        *b = op == M_DIV ? fpu_div(size, *a, minn, (uint32_t)g_rand_int_range(rng, 0, 4) << 22, &scratch)
                         : fpu_div(size, minn, *a, (uint32_t)g_rand_int_range(rng, 0, 4) << 22, &scratch);
        if ((int64_t)*b + nudge > 0 && exp_field(size, *b) != (1 << finfo[size].ebits) - 1 &&
            exp_field(size, *b + nudge) != (1 << finfo[size].ebits) - 1) {
            *b += nudge;
        }
        *b |= sign;
        *c = op == M_FMA ? (uint64_t)g_rand_int_range(rng, 0, 8) | (g_rand_boolean(rng) ? sbit(size) : 0) : *c;
        if (op == M_FMA) {
            uint64_t t = *a;        /* fpu_muladd(a = addend, b, c): the product is b * c */
            *a = *c;
            *c = t;
        }
        break;
    case M_ADD: case M_SUB:
        *a = (minn + nudge) | sign;
        *b = (uint64_t)g_rand_int_range(rng, 1, 16) | (g_rand_boolean(rng) ? sbit(size) : 0);
        break;
    case M_SQRT:
        break;
    }
}

static void arith_one(MOp op, const char *name)
{
    static const uint32_t fpcrs[] = { RN, RP, RM, RZ, FZ, FZ | RZ };
    unsigned bad = 0, n = 0;

    for (unsigned size = FP_S; size <= FP_D; size++) {
        for (unsigned k = 0; k < G_N_ELEMENTS(fpcrs); k++) {
            for (unsigned i = 0; i < count; i++) {
                uint64_t a = rnd_val(size, -1);
                int ea = exp_field(size, a);
                uint64_t b = rnd_val(size, op == M_FMA ? (1 << (finfo[size].ebits - 1)) : ea);
                uint64_t c = rnd_val(size, ea);
                if (g_rand_int_range(rng, 0, 5) == 0) {
                    near_smallest_normal(op, size, &a, &b, &c);
                }
                uint32_t want_f, got_f = 0;
                uint64_t want = reference(op, size, fpcrs[k], a, b, c, &want_f);
                uint64_t got;
                switch (op) {
                case M_ADD: got = fpu_add(size, a, b, fpcrs[k], &got_f); break;
                case M_SUB: got = fpu_sub(size, a, b, fpcrs[k], &got_f); break;
                case M_MUL: got = fpu_mul(size, a, b, fpcrs[k], &got_f); break;
                case M_DIV: got = fpu_div(size, a, b, fpcrs[k], &got_f); break;
                case M_SQRT: got = fpu_sqrt(size, a, fpcrs[k], &got_f); break;
                default: got = fpu_muladd(size, a, b, c, fpcrs[k], &got_f); break;
                }
                n++;
                if (got != want || got_f != want_f) {
                    if (bad++ < 10) {
                        g_test_message("%s size %u fpcr %08x: %" G_GINT64_MODIFIER "x %"
                                       G_GINT64_MODIFIER "x %" G_GINT64_MODIFIER "x: got %"
                                       G_GINT64_MODIFIER "x/%02x, MPFR %" G_GINT64_MODIFIER
                                       "x/%02x", name, size, fpcrs[k], a, b, c, got, got_f,
                                       want, want_f);
                    }
                }
            }
        }
    }
    g_test_message("%s: %u cases against MPFR, %u differ", name, n, bad);
    g_assert_cmpuint(bad, ==, 0);
}

static void test_mpfr_add(void) { arith_one(M_ADD, "add"); }
static void test_mpfr_sub(void) { arith_one(M_SUB, "sub"); }
static void test_mpfr_mul(void) { arith_one(M_MUL, "mul"); }
static void test_mpfr_div(void) { arith_one(M_DIV, "div"); }
static void test_mpfr_sqrt(void) { arith_one(M_SQRT, "sqrt"); }
static void test_mpfr_fma(void) { arith_one(M_FMA, "fma"); }

/* FPConvert between every pair of precisions, rounding modes, FZ. */
static void test_mpfr_convert(void)
{
    static const uint32_t fpcrs[] = { RN, RP, RM, RZ, FZ, FZ | RM };
    unsigned bad = 0, n = 0;

    for (unsigned from = FP_H; from <= FP_D; from++) {
        for (unsigned to = FP_H; to <= FP_D; to++) {
            if (from == to) {
                continue;
            }
            for (unsigned k = 0; k < G_N_ELEMENTS(fpcrs); k++) {
                for (unsigned i = 0; i < count; i++) {
                    uint32_t fpcr = fpcrs[k], want_f = 0, got_f = 0;
                    const FmtInfo *ft = &finfo[to];
                    uint64_t a = rnd_val(from, -1), want;
                    /* near the destination's range: rescale the exponent sometimes */
                    if (from > to && g_rand_boolean(rng)) {
                        int bias_f = (1 << (finfo[from].ebits - 1)) - 1;
                        int bias_t = (1 << (ft->ebits - 1)) - 1;
                        int e = bias_f + g_rand_int_range(rng, -bias_t - ft->fbits - 2, bias_t + 3);
                        a = (a & ~(((1ull << finfo[from].ebits) - 1) << finfo[from].fbits)) |
                            (uint64_t)e << finfo[from].fbits;
                    }
                    uint64_t fa = a;
                    if ((fpcr & FZ) && from != FP_H && exp_field(from, a) == 0 && (a & ~sbit(from))) {
                        fa &= sbit(from);
                        want_f |= IDC;
                    }
                    mpfr_t x, r, minn;
                    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
                    mpfr_init2(x, 64);
                    mpfr_init2(r, ft->prec);
                    mpfr_init2(minn, 64);
                    set_val(x, from, fa);
                    mpfr_set_ui_2exp(minn, 1, 1 - ((1 << (ft->ebits - 1)) - 1), MPFR_RNDN);
                    bool tiny = !mpfr_zero_p(x) && !mpfr_inf_p(x) && mpfr_cmpabs(x, minn) < 0;
                    mpfr_set_emin(ft->emin);
                    mpfr_set_emax(ft->emax);
                    mpfr_clear_flags();
                    int t = mpfr_set(r, x, mrnd[fpu_rmode(fpcr)]);
                    t = mpfr_check_range(r, t, mrnd[fpu_rmode(fpcr)]);
                    t = mpfr_subnormalize(r, t, mrnd[fpu_rmode(fpcr)]);
                    bool ovf = mpfr_overflow_p();
                    mpfr_set_emin(emin);
                    mpfr_set_emax(emax);
                    if (ovf) {
                        want_f |= OFC | IXC;
                        want = get_val(r, to);
                    } else if (tiny && (fpcr & FZ) && to != FP_H) {
                        want_f |= UFC;
                        want = mpfr_signbit(x) ? sbit(to) : 0;
                    } else {
                        want = get_val(r, to);
                        if (t) {
                            want_f |= IXC | (tiny ? UFC : 0);
                        }
                    }
                    mpfr_clears(x, r, minn, NULL);
                    uint64_t got = fpu_convert(to, from, a, fpcr, &got_f);
                    n++;
                    if (got != want || got_f != want_f) {
                        if (bad++ < 10) {
                            g_test_message("cvt %u<-%u fpcr %08x: %" G_GINT64_MODIFIER "x: got %"
                                           G_GINT64_MODIFIER "x/%02x, MPFR %" G_GINT64_MODIFIER
                                           "x/%02x", to, from, fpcr, a, got, got_f, want, want_f);
                        }
                    }
                }
            }
        }
    }
    g_test_message("convert: %u cases against MPFR, %u differ", n, bad);
    g_assert_cmpuint(bad, ==, 0);
}

/* FPRoundInt (every mode, ties-away included) and FPToFixed (32/64-bit,
 * signed/unsigned, fbits), against mpfr_rint/mpfr_round. */
static void test_mpfr_integers(void)
{
    static const FPRounding rms[] = { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO, FPR_TIEAWAY };
    static const mpfr_rnd_t mr[] = { MPFR_RNDN, MPFR_RNDU, MPFR_RNDD, MPFR_RNDZ, MPFR_RNDNA };
    unsigned bad = 0, n = 0;

    for (unsigned size = FP_S; size <= FP_D; size++) {
        const FmtInfo *f = &finfo[size];
        int bias = (1 << (f->ebits - 1)) - 1;
        for (unsigned k = 0; k < G_N_ELEMENTS(rms); k++) {
            for (unsigned i = 0; i < count; i++) {
                uint64_t a = rnd_val(size, bias + g_rand_int_range(rng, -2, 66));
                unsigned ibits = g_rand_boolean(rng) ? 64 : 32;
                unsigned fbits = g_rand_boolean(rng) ? 0 : g_rand_int_range(rng, 1, ibits + 1);
                bool uns = g_rand_boolean(rng), exact = g_rand_boolean(rng);
                mpfr_t x, r, lim;
                mpfr_init2(x, 64);
                mpfr_init2(r, 256);
                mpfr_init2(lim, 256);
                set_val(x, size, a);

                /* round to integral, in the format */
                uint32_t got_f = 0, want_f = 0;
                uint64_t got = fpu_round_int(size, a, rms[k], exact, 0, &got_f), want;
                if (mpfr_inf_p(x) || mpfr_zero_p(x)) {
                    want = a;
                } else {
                    int t = rms[k] == FPR_TIEAWAY ? mpfr_round(r, x) : mpfr_rint(r, x, mr[k]);
                    want = get_val(r, size);
                    if (mpfr_zero_p(r)) {
                        want = a & sbit(size);
                    }
                    if (t && exact) {
                        want_f |= IXC;
                    }
                }
                n++;
                if (got != want || got_f != want_f) {
                    if (bad++ < 10) {
                        g_test_message("rint size %u rm %d: %" G_GINT64_MODIFIER "x: got %"
                                       G_GINT64_MODIFIER "x/%02x, MPFR %" G_GINT64_MODIFIER
                                       "x/%02x", size, rms[k], a, got, got_f, want, want_f);
                    }
                }

                /* to fixed point */
                uint32_t fpcr = (uint32_t)(k < 4 ? k : 0) << 22;
                got_f = 0;
                want_f = 0;
                got = fpu_to_fixed(size, a, fbits, uns, ibits, rms[k], fpcr, &got_f);
                uint64_t imask = ibits == 64 ? ~0ull : (1ull << ibits) - 1;
                if (mpfr_inf_p(x)) {
                    want_f = IOC;
                    want = mpfr_signbit(x) ? (uns ? 0 : (imask >> 1) + 1) : (uns ? imask : imask >> 1);
                } else {
                    mpfr_mul_2ui(r, x, fbits, MPFR_RNDN);          /* exact: 256 bits */
                    int t = rms[k] == FPR_TIEAWAY ? mpfr_round(r, r) : mpfr_rint(r, r, mr[k]);
                    /* the limits: [0, 2^ibits - 1] or [-2^(ibits-1), 2^(ibits-1) - 1] */
                    mpfr_set_ui_2exp(lim, 1, uns ? ibits : ibits - 1, MPFR_RNDN);
                    if (mpfr_cmp(r, lim) >= 0) {
                        want_f = IOC;
                        want = uns ? imask : imask >> 1;
                    } else if (uns ? mpfr_sgn(r) < 0 : (mpfr_neg(lim, lim, MPFR_RNDN), mpfr_cmp(r, lim) < 0)) {
                        want_f = IOC;
                        want = uns ? 0 : (imask >> 1) + 1;
                    } else {
                        want = (uint64_t)(mpfr_sgn(r) < 0 ? -(uint64_t)mpfr_get_uj((mpfr_neg(r, r, MPFR_RNDN), r), MPFR_RNDN)
                                                          : mpfr_get_uj(r, MPFR_RNDN)) & imask;
                        want_f = t ? IXC : 0;
                    }
                }
                mpfr_clears(x, r, lim, NULL);
                n++;
                if (got != want || got_f != want_f) {
                    if (bad++ < 10) {
                        g_test_message("to_fixed size %u rm %d %s%u #%u: %" G_GINT64_MODIFIER
                                       "x: got %" G_GINT64_MODIFIER "x/%02x, MPFR %"
                                       G_GINT64_MODIFIER "x/%02x", size, rms[k], uns ? "u" : "s",
                                       ibits, fbits, a, got, got_f, want, want_f);
                    }
                }
            }
        }
    }
    g_test_message("round to integral, to fixed: %u cases against MPFR, %u differ", n, bad);
    g_assert_cmpuint(bad, ==, 0);
}

/* FixedToFP: random integers of 32 and 64 bits, signed or not, fbits. */
static void test_mpfr_from_fixed(void)
{
    unsigned bad = 0, n = 0;

    for (unsigned size = FP_S; size <= FP_D; size++) {
        const FmtInfo *f = &finfo[size];
        for (unsigned k = 0; k < 4; k++) {
            for (unsigned i = 0; i < count; i++) {
                unsigned ibits = g_rand_boolean(rng) ? 64 : 32;
                unsigned fbits = g_rand_boolean(rng) ? 0 : g_rand_int_range(rng, 1, ibits + 1);
                bool uns = g_rand_boolean(rng);
                uint64_t v = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
                v >>= g_rand_int_range(rng, 0, 64);
                if (g_rand_boolean(rng)) {
                    v = -v;
                }
                v &= ibits == 64 ? ~0ull : 0xffffffffull;
                uint32_t got_f = 0, want_f = 0;
                uint64_t got = fpu_from_fixed(size, v, ibits, uns, fbits, (FPRounding)k,
                                              (uint32_t)k << 22, &got_f);
                mpfr_t x, r;
                mpfr_init2(x, 128);
                mpfr_init2(r, f->prec);
                int64_t sv = ibits == 64 ? (int64_t)v : (int64_t)(int32_t)v;
                if (uns) {
                    mpfr_set_uj(x, v, MPFR_RNDN);
                } else {
                    mpfr_set_sj(x, sv, MPFR_RNDN);
                }
                mpfr_div_2ui(x, x, fbits, MPFR_RNDN);
                int t = mpfr_set(r, x, mrnd[k]);
                uint64_t want = get_val(r, size);
                if (mpfr_zero_p(r)) {
                    want = 0;
                }
                want_f = t ? IXC : 0;
                mpfr_clears(x, r, NULL);
                n++;
                if (got != want || got_f != want_f) {
                    if (bad++ < 10) {
                        g_test_message("from_fixed size %u rm %u %s%u #%u: %" G_GINT64_MODIFIER
                                       "x: got %" G_GINT64_MODIFIER "x/%02x, MPFR %"
                                       G_GINT64_MODIFIER "x/%02x", size, k, uns ? "u" : "s",
                                       ibits, fbits, v, got, got_f, want, want_f);
                    }
                }
            }
        }
    }
    g_test_message("from fixed: %u cases against MPFR, %u differ", n, bad);
    g_assert_cmpuint(bad, ==, 0);
}

/* fpu_vec_fast against the per-lane operations (fpu_add... fpu_muladd, the precise path):
 * where it takes a vector it must give the same lanes and flags; it must decline the
 * modes it does not model and anything with a NaN, and take most ordinary vectors. */
static uint64_t vec_operand(unsigned size)
{
    unsigned k = g_rand_int_range(rng, 0, 100);
    uint64_t minnorm = 1ull << finfo[size].fbits;

    if (k < 3) {
        return fpu_default_nan(size) | (g_rand_boolean(rng) ? sbit(size) : 0) |
               (g_rand_boolean(rng) ? 0 : 1);                      /* quiet, or with a payload */
    }
    if (k < 5) {                        /* signalling */
        return (fpu_default_nan(size) ^ minnorm >> 1) | (g_rand_boolean(rng) ? sbit(size) : 0) | 1;
    }
    if (k < 10) {                       /* near the smallest normal: results of exactly it */
        return (g_rand_boolean(rng) ? sbit(size) : 0) | (minnorm + g_rand_int_range(rng, -2, 3));
    }
    return rnd_val(size, -1);
}

static void test_vec_fast(void)
{
    static const uint32_t fpcrs[] = { 0, FPCR_DN, FPCR_FZ, 1u << FPCR_RMODE_SHIFT,
                                      3u << FPCR_RMODE_SHIFT, FPCR_AHP };
    unsigned taken = 0, tried = 0, bad = 0;

    for (unsigned size = FP_S; size <= FP_D; size++) {
        unsigned esz_bits = 8u << size, per = 64 / esz_bits;
        uint64_t lmask = esz_bits == 64 ? ~0ull : (1ull << esz_bits) - 1;
        for (unsigned op = FPV_ADD; op <= FPV_MLS; op++) {
            for (unsigned it = 0; it < count; it++) {
                uint32_t fpcr = fpcrs[g_rand_int_range(rng, 0, G_N_ELEMENTS(fpcrs))];
                unsigned full = 16u >> size, pick = g_rand_int_range(rng, 0, 3);
                unsigned lanes = pick == 0 ? full : pick == 1 ? full / 2 : 1;   /* Q=1, Q=0, scalar */
                uint64_t n[2] = { 0 }, m[2] = { 0 }, d[2] = { 0 }, r[2] = { 0 }, want[2] = { 0 };
                /* FPSR.IXC already set takes fpu_vec_fast's path without MXCSR */
                uint32_t init = g_rand_boolean(rng) ? FPSR_IXC : 0, fsr = init, wsr = init;
                for (unsigned i = 0; i < full; i++) {
                    n[i / per] |= vec_operand(size) << (i % per * esz_bits);
                    m[i / per] |= vec_operand(size) << (i % per * esz_bits);
                    d[i / per] |= vec_operand(size) << (i % per * esz_bits);
                }
                for (unsigned i = 0; i < lanes; i++) {
                    unsigned w = i / per, at = i % per * esz_bits;
                    uint64_t x = n[w] >> at & lmask, y = m[w] >> at & lmask, z = d[w] >> at & lmask, v;
                    switch (op) {
                    case FPV_ADD: v = fpu_add(size, x, y, fpcr, &wsr); break;
                    case FPV_SUB: v = fpu_sub(size, x, y, fpcr, &wsr); break;
                    case FPV_MUL: v = fpu_mul(size, x, y, fpcr, &wsr); break;
                    case FPV_DIV: v = fpu_div(size, x, y, fpcr, &wsr); break;
                    case FPV_MLA: v = fpu_muladd(size, z, x, y, fpcr, &wsr); break;
                    default: v = fpu_muladd(size, z, fpu_neg(size, x), y, fpcr, &wsr); break;
                    }
                    want[w] |= v << at;
                }
                tried += !(fpcr & (FPCR_FZ | 3u << FPCR_RMODE_SHIFT));
                if (!fpu_vec_fast(size, op, lanes, r, n, m, d, fpcr, &fsr)) {
                    g_assert_cmpuint(fsr, ==, init);
                    continue;
                }
                taken++;
                if ((fpcr & (FPCR_FZ | 3u << FPCR_RMODE_SHIFT)) || r[0] != want[0] ||
                    r[1] != want[1] || fsr != wsr) {
                    if (bad++ < 10) {
                        g_test_message("size %u op %u lanes %u fpcr %x: n %016" G_GINT64_MODIFIER
                                       "x%016" G_GINT64_MODIFIER "x m %016" G_GINT64_MODIFIER
                                       "x%016" G_GINT64_MODIFIER "x: got %016" G_GINT64_MODIFIER
                                       "x%016" G_GINT64_MODIFIER "x/%02x, want %016"
                                       G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x/%02x",
                                       size, op, lanes, fpcr, n[1], n[0], m[1], m[0], r[1], r[0],
                                       fsr, want[1], want[0], wsr);
                    }
                }
            }
        }
    }
    g_test_message("vec-fast: %u of %u default-mode vectors fast, %u differ", taken, tried, bad);
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpuint(taken, >, tried / 4);
}
#endif

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fpu/pseudocode-cases", test_cases);
    g_test_add_func("/fpu/mxcsr-restored", test_mxcsr_restored);
    g_test_add_func("/fpu/expand-imm", test_expand_imm);
#ifdef HAVE_MPFR
    const char *seed_s = g_getenv("FPU_SEED"), *count_s = g_getenv("FPU_COUNT");
    guint32 seed = seed_s ? (guint32)g_ascii_strtoull(seed_s, NULL, 0) : g_random_int();
    count = count_s ? (unsigned)g_ascii_strtoull(count_s, NULL, 0) : 4000;
    rng = g_rand_new_with_seed(seed);
    g_test_message("FPU_SEED=%u FPU_COUNT=%u", seed, count);
    g_test_add_func("/fpu/mpfr/add", test_mpfr_add);
    g_test_add_func("/fpu/mpfr/sub", test_mpfr_sub);
    g_test_add_func("/fpu/mpfr/mul", test_mpfr_mul);
    g_test_add_func("/fpu/mpfr/div", test_mpfr_div);
    g_test_add_func("/fpu/mpfr/sqrt", test_mpfr_sqrt);
    g_test_add_func("/fpu/mpfr/fma", test_mpfr_fma);
    g_test_add_func("/fpu/mpfr/convert", test_mpfr_convert);
    g_test_add_func("/fpu/mpfr/integers", test_mpfr_integers);
    g_test_add_func("/fpu/mpfr/from-fixed", test_mpfr_from_fixed);
    g_test_add_func("/fpu/vec-fast", test_vec_fast);
#else
    g_test_message("GNU MPFR not found at configure time: the MPFR comparisons are left out");
#endif
    return g_test_run();
}
