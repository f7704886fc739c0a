/* fpu.c: the floating-point core (fpu.h): Arm's rules for NaNs, the default
 * NaN, flush-to-zero and tininess around the host's SSE arithmetic, and our
 * own integer code for rounding, conversions and half precision. */
#include <math.h>
#include <string.h>
#include <immintrin.h>
#include "arm/bits.h"
#include "arm/fpu.h"

/* ---- formats ---- */

typedef struct Fmt {
    unsigned ebits, fbits;
    int bias;
} Fmt;

static const Fmt fmts[4] = {
    [FP_H] = { 5, 10, 15 },
    [FP_S] = { 8, 23, 127 },
    [FP_D] = { 11, 52, 1023 },
};

static inline const Fmt *fmt(unsigned size)
{
    return &fmts[size];
}

static inline uint64_t width_mask(unsigned size)
{
    return size == FP_D ? ~0ull : (1ull << (8u << size)) - 1;
}

static inline uint64_t sign_bit(unsigned size)
{
    return 1ull << ((8u << size) - 1);
}

static inline uint64_t frac_of(const Fmt *f, uint64_t v)
{
    return v & ((1ull << f->fbits) - 1);
}

static inline unsigned exp_of(const Fmt *f, uint64_t v)
{
    return (unsigned)(v >> f->fbits) & ((1u << f->ebits) - 1);
}

static inline unsigned exp_max(const Fmt *f)
{
    return (1u << f->ebits) - 1;
}

static inline bool is_nan(unsigned size, uint64_t v)
{
    const Fmt *f = fmt(size);
    return exp_of(f, v) == exp_max(f) && frac_of(f, v) != 0;
}

static inline bool is_snan(unsigned size, uint64_t v)
{
    const Fmt *f = fmt(size);
    return is_nan(size, v) && !((v >> (f->fbits - 1)) & 1);
}

static inline bool is_qnan(unsigned size, uint64_t v)
{
    return is_nan(size, v) && !is_snan(size, v);
}

static inline bool is_inf(unsigned size, uint64_t v)
{
    const Fmt *f = fmt(size);
    return exp_of(f, v) == exp_max(f) && frac_of(f, v) == 0;
}

static inline bool is_zero(unsigned size, uint64_t v)
{
    return (v & ~sign_bit(size)) == 0;
}

static inline bool is_denormal(unsigned size, uint64_t v)
{
    const Fmt *f = fmt(size);
    return exp_of(f, v) == 0 && frac_of(f, v) != 0;
}

static inline uint64_t inf_of(unsigned size, bool sign)
{
    const Fmt *f = fmt(size);
    return (sign ? sign_bit(size) : 0) | (uint64_t)exp_max(f) << f->fbits;
}

uint64_t fpu_default_nan(unsigned size)
{
    const Fmt *f = fmt(size);
    return (uint64_t)exp_max(f) << f->fbits | 1ull << (f->fbits - 1);
}

static inline uint64_t quiet(unsigned size, uint64_t v)
{
    return v | 1ull << (fmt(size)->fbits - 1);
}

/* FPUnpack's flush: with FPCR.FZ a denormal single or double is a zero of
 * its sign, and IDC. */
static inline uint64_t flush_in(unsigned size, uint64_t v, uint32_t fpcr, uint32_t *fpsr)
{
    if ((fpcr & FPCR_FZ) && size != FP_H && is_denormal(size, v)) {
        *fpsr |= FPSR_IDC;
        return v & sign_bit(size);
    }
    return v;
}

/* FPProcessNaN: the quietened NaN, or the default NaN with DN. */
static uint64_t process_nan(unsigned size, uint64_t v, uint32_t fpcr, uint32_t *fpsr)
{
    if (is_snan(size, v)) {
        *fpsr |= FPSR_IOC;
    }
    return (fpcr & FPCR_DN) ? fpu_default_nan(size) : quiet(size, v);
}

/* FPProcessNaNs / FPProcessNaNs3: true (and *r) when an operand is a NaN:
 * the signalling ones first, then the quiet ones, each in operand order. */
static bool process_nans(unsigned size, unsigned n, const uint64_t *ops, uint32_t fpcr,
                         uint32_t *fpsr, uint64_t *r)
{
    for (unsigned i = 0; i < n; i++) {
        if (is_snan(size, ops[i])) {
            *r = process_nan(size, ops[i], fpcr, fpsr);
            return true;
        }
    }
    for (unsigned i = 0; i < n; i++) {
        if (is_nan(size, ops[i])) {
            *r = process_nan(size, ops[i], fpcr, fpsr);
            return true;
        }
    }
    return false;
}

/* ---- rounding ---- */

/* sig >> shift rounded with rm (sign: the value's); *inexact when bits were
 * lost. shift may be anything. */
static uint64_t shift_round(uint64_t sig, unsigned shift, FPRounding rm, bool sign, bool *inexact)
{
    uint64_t q;
    int cmp;            /* the lost part against one half: -1, 0, 1 */

    if (shift == 0) {
        *inexact = false;
        return sig;
    }
    if (shift > 64) {
        q = 0;
        cmp = -1;
        *inexact = sig != 0;
    } else {
        uint64_t rem = shift == 64 ? sig : sig & ((1ull << shift) - 1);
        uint64_t half = 1ull << (shift - 1);
        q = shift == 64 ? 0 : sig >> shift;
        cmp = rem < half ? -1 : rem > half;
        *inexact = rem != 0;
    }
    if (!*inexact) {
        return q;
    }
    switch (rm) {
    case FPR_TIEEVEN:
        q += cmp > 0 || (cmp == 0 && (q & 1));
        break;
    case FPR_TIEAWAY:
        q += cmp >= 0;
        break;
    case FPR_POSINF:
        q += !sign;
        break;
    case FPR_NEGINF:
        q += sign;
        break;
    case FPR_ZERO:
        break;
    case FPR_ODD:
        q |= 1;
        break;
    }
    return q;
}

/* FPRound: (-1)^sign * sig * 2^(exp - 63) (sig != 0, any normalisation; a
 * set bit 0 may stand for lost bits) to format size. fz: flush a result
 * that is tiny before rounding (UFC, no IXC); ahp: the alternative half
 * precision (no infinity: overflow is the largest value and IOC). */
static uint64_t round_pack(unsigned size, bool sign, int exp, uint64_t sig, FPRounding rm, bool fz,
                           bool ahp, uint32_t *fpsr)
{
    const Fmt *f = fmt(size);
    uint64_t s = sign ? sign_bit(size) : 0;
    int lz = __builtin_clzll(sig);
    int e;
    bool inexact;
    uint64_t m;

    sig <<= lz;
    exp -= lz;
    e = exp + f->bias;                  /* biased exponent of the leading bit */
    if (e < 1) {
        if (fz) {
            *fpsr |= FPSR_UFC;
            return s;
        }
        m = shift_round(sig, 63 - f->fbits + (unsigned)(1 - e), rm, sign, &inexact);
        if (inexact) {
            *fpsr |= FPSR_UFC | FPSR_IXC;
        }
        return s | m;                   /* a carry into bit fbits is the smallest normal */
    }
    m = shift_round(sig, 63 - f->fbits, rm, sign, &inexact);
    if (m >> (f->fbits + 1)) {
        m >>= 1;
        e++;
    }
    if (e > (int)exp_max(f) - (ahp ? 0 : 1)) {
        if (ahp) {
            *fpsr |= FPSR_IOC;
            return s | (width_mask(size) >> 1);
        }
        *fpsr |= FPSR_OFC | FPSR_IXC;
        bool to_inf = rm == FPR_TIEEVEN || rm == FPR_TIEAWAY || (rm == FPR_POSINF && !sign) ||
                      (rm == FPR_NEGINF && sign);
        return to_inf ? inf_of(size, sign) : inf_of(size, sign) - 1;
    }
    if (inexact) {
        *fpsr |= FPSR_IXC;
    }
    return s | (uint64_t)e << f->fbits | frac_of(f, m);
}

/* A finite non-zero value as (sign, exp, sig): value = sig * 2^(exp - 63),
 * sig normalised (bit 63 set). */
static void unpack(unsigned size, uint64_t v, bool *sign, int *exp, uint64_t *sig)
{
    const Fmt *f = fmt(size);
    unsigned e = exp_of(f, v);
    uint64_t m = frac_of(f, v);

    *sign = (v & sign_bit(size)) != 0;
    if (e == 0) {
        int lz = __builtin_clzll(m);
        *sig = m << lz;
        *exp = 1 - f->bias - (lz - (63 - (int)f->fbits));
    } else {
        *sig = (m | 1ull << f->fbits) << (63 - f->fbits);
        *exp = (int)e - f->bias;
    }
}

/* ---- host arithmetic ---- */

enum { X_IE = 1, X_DE = 2, X_ZE = 4, X_OE = 8, X_UE = 16, X_PE = 32 };
typedef enum HostOp { H_ADD, H_SUB, H_MUL, H_DIV, H_SQRT, H_FMA } HostOp;

static inline uint32_t mxcsr_get(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
    return v;
}

static inline void mxcsr_set(uint32_t v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v) : "memory");
}

/* One SSE operation under Arm rounding mode rm (RN, RP, RM or RZ), every
 * exception masked, denormals neither flushed nor treated as zero; *xf the
 * MXCSR flags it raised. The thread's own MXCSR is restored. */
static uint64_t host_op(unsigned size, HostOp op, uint64_t a, uint64_t b, uint64_t c,
                        FPRounding rm, unsigned *xf)
{
    static const uint32_t x86_rc[4] = { 0u << 13, 2u << 13, 1u << 13, 3u << 13 };
    uint32_t saved = mxcsr_get();
    uint64_t r;

    mxcsr_set(0x1f80 | x86_rc[rm & 3]);
    if (size == FP_S) {
        union { uint32_t u; float f; } x = { (uint32_t)a }, y = { (uint32_t)b }, z = { (uint32_t)c };
        switch (op) {
        case H_ADD: __asm__ volatile("addss %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_SUB: __asm__ volatile("subss %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_MUL: __asm__ volatile("mulss %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_DIV: __asm__ volatile("divss %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_SQRT: __asm__ volatile("sqrtss %0, %0" : "+x"(x.f)); break;
        case H_FMA: x.f = fmaf(x.f, y.f, z.f); break;
        }
        __asm__ volatile("" : : "x"(x.f) : "memory");
        r = x.u;
    } else {
        union { uint64_t u; double f; } x = { a }, y = { b }, z = { c };
        switch (op) {
        case H_ADD: __asm__ volatile("addsd %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_SUB: __asm__ volatile("subsd %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_DIV: __asm__ volatile("divsd %1, %0" : "+x"(x.f) : "x"(y.f)); break;
        case H_SQRT: __asm__ volatile("sqrtsd %0, %0" : "+x"(x.f)); break;
        case H_FMA: x.f = fma(x.f, y.f, z.f); break;
        }
        __asm__ volatile("" : : "x"(x.f) : "memory");
        r = x.u;
    }
    *xf = mxcsr_get() & 0x3f;
    mxcsr_set(saved);
    return r;
}

/* Arm's view of a host result: an invalid operation is the default NaN
 * (inputs were not NaNs); tininess is before rounding (x86 detects it after:
 * a result of exactly the smallest normal may have been tiny, which the
 * same operation rounded toward zero tells); FZ flushes tiny results. */
static uint64_t host_arith(unsigned size, HostOp op, uint64_t a, uint64_t b, uint64_t c,
                           uint32_t fpcr, uint32_t *fpsr)
{
    FPRounding rm = fpu_rmode(fpcr);
    unsigned xf;
    uint64_t r = host_op(size, op, a, b, c, rm, &xf);
    uint64_t minnorm = 1ull << fmt(size)->fbits, mag = r & ~sign_bit(size);
    bool inexact = xf & X_PE, tiny;

    if (xf & X_IE) {
        *fpsr |= FPSR_IOC;
        return fpu_default_nan(size);
    }
    if (xf & X_ZE) {
        *fpsr |= FPSR_DZC;
        return r;
    }
    if (xf & X_OE) {
        *fpsr |= FPSR_OFC | FPSR_IXC;
        return r;
    }
    tiny = (mag != 0 && mag < minnorm) || (mag == 0 && inexact);
    if (mag == minnorm && inexact && rm != FPR_ZERO) {
        unsigned xf2;
        tiny = (host_op(size, op, a, b, c, FPR_ZERO, &xf2) & ~sign_bit(size)) < minnorm;
    }
    if (tiny && (fpcr & FPCR_FZ)) {
        *fpsr |= FPSR_UFC;
        return r & sign_bit(size);
    }
    if (inexact) {
        *fpsr |= FPSR_IXC | (tiny ? FPSR_UFC : 0);
    }
    return r;
}

static uint64_t binop(unsigned size, HostOp op, uint64_t a, uint64_t b, uint32_t fpcr,
                      uint32_t *fpsr)
{
    uint64_t r;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    b = flush_in(size, b & width_mask(size), fpcr, fpsr);
    if (process_nans(size, 2, (const uint64_t[]){ a, b }, fpcr, fpsr, &r)) {
        return r;
    }
    return host_arith(size, op, a, b, 0, fpcr, fpsr);
}

uint64_t fpu_add(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return binop(size, H_ADD, a, b, fpcr, fpsr);
}

uint64_t fpu_sub(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return binop(size, H_SUB, a, b, fpcr, fpsr);
}

uint64_t fpu_mul(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return binop(size, H_MUL, a, b, fpcr, fpsr);
}

uint64_t fpu_div(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return binop(size, H_DIV, a, b, fpcr, fpsr);
}

uint64_t fpu_mulx(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t r, fa = flush_in(size, a & width_mask(size), fpcr, fpsr);
    uint64_t fb = flush_in(size, b & width_mask(size), fpcr, fpsr);

    if (process_nans(size, 2, (const uint64_t[]){ fa, fb }, fpcr, fpsr, &r)) {
        return r;
    }
    if ((is_inf(size, fa) && is_zero(size, fb)) || (is_zero(size, fa) && is_inf(size, fb))) {
        bool sign = ((fa ^ fb) & sign_bit(size)) != 0;
        return (sign ? sign_bit(size) : 0) | fpu_expand_imm(size, 0x00);   /* 2.0 */
    }
    return host_arith(size, H_MUL, fa, fb, 0, fpcr, fpsr);
}

uint64_t fpu_sqrt(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    if (is_nan(size, a)) {
        return process_nan(size, a, fpcr, fpsr);
    }
    return host_arith(size, H_SQRT, a, 0, 0, fpcr, fpsr);
}

uint64_t fpu_muladd(unsigned size, uint64_t addend, uint64_t a, uint64_t b, uint32_t fpcr,
                    uint32_t *fpsr)
{
    uint64_t r;

    addend = flush_in(size, addend & width_mask(size), fpcr, fpsr);
    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    b = flush_in(size, b & width_mask(size), fpcr, fpsr);
    if (is_qnan(size, addend) && ((is_inf(size, a) && is_zero(size, b)) ||
                                  (is_zero(size, a) && is_inf(size, b)))) {
        *fpsr |= FPSR_IOC;
        return fpu_default_nan(size);
    }
    if (process_nans(size, 3, (const uint64_t[]){ addend, a, b }, fpcr, fpsr, &r)) {
        return r;
    }
    return host_arith(size, H_FMA, a, b, addend, fpcr, fpsr);
}

/* ---- the vector fast path (fpu_vec_fast) ---- */

/* FPCR's bits the fast path depends on: RMode (RN only) and FZ. DN only changes NaN
 * results, which never take it; AHP only half precision, which it never sees. */
#define FPV_FPCR_BITS (FPCR_FZ | 3u << FPCR_RMODE_SHIFT)

/* FMA3 on the host, set once before any vCPU thread runs (libgcc's test includes the
 * OS's AVX state). */
static bool host_fma;

static void __attribute__((constructor)) fpu_host_init(void)
{
    __builtin_cpu_init();
    host_fma = __builtin_cpu_supports("fma");
}

__attribute__((target("fma"))) static __m128 fma_ps(__m128 a, __m128 b, __m128 c)
{
    return _mm_fmadd_ps(a, b, c);
}

__attribute__((target("fma"))) static __m128d fma_pd(__m128d a, __m128d b, __m128d c)
{
    return _mm_fmadd_pd(a, b, c);
}

/* z = x op y (op z for the fused forms) over the whole vector; *bad: the lanes that are
 * NaNs or of exactly the smallest normal magnitude; *normal: those strictly between it and
 * infinity (where the operation can have raised nothing but inexact). */
#define VEC_COMPUTE(T, sfx, minnorm)                                                       \
    do {                                                                                  \
        T x = _mm_loadu_##sfx((const void *)a), y = _mm_loadu_##sfx((const void *)b), z;  \
        switch (op) {                                                                     \
        case FPV_ADD: z = _mm_add_##sfx(x, y); break;                                     \
        case FPV_SUB: z = _mm_sub_##sfx(x, y); break;                                     \
        case FPV_MUL: z = _mm_mul_##sfx(x, y); break;                                     \
        case FPV_DIV: z = _mm_div_##sfx(x, y); break;                                     \
        default: z = fma_##sfx(x, y, _mm_loadu_##sfx((const void *)c)); break;           \
        }                                                                                 \
        T mag = _mm_andnot_##sfx(_mm_set1_##sfx(-0.0), z), mn = _mm_set1_##sfx(minnorm);  \
        *bad = (unsigned)_mm_movemask_##sfx(_mm_or_##sfx(_mm_cmpunord_##sfx(z, z),        \
                                                         _mm_cmpeq_##sfx(mag, mn)));      \
        *normal = (unsigned)_mm_movemask_##sfx(_mm_and_##sfx(                              \
            _mm_cmpgt_##sfx(mag, mn), _mm_cmplt_##sfx(mag, _mm_set1_##sfx(__builtin_inf()))));\
        _mm_storeu_##sfx((void *)out, z);                                                 \
    } while (0)

static inline void vec_compute(unsigned size, unsigned op, const uint64_t a[2], const uint64_t b[2],
                               const uint64_t c[2], uint64_t out[2], unsigned *bad, unsigned *normal)
{
    if (size == FP_S) {
        VEC_COMPUTE(__m128, ps, 0x1p-126f);
    } else {
        VEC_COMPUTE(__m128d, pd, 0x1p-1022);
    }
}

/* Generated code and the helpers run with MXCSR's control bits at the ABI's default
 * (0x1f80: round to nearest, exceptions masked, no FTZ/DAZ): nothing in a64emu changes
 * them but host_op and fpu_vec_fast, which restore them. So with FPSR.IXC already set and
 * every used lane normal, the result and its flags (inexact at most) need no MXCSR
 * traffic, which otherwise costs more than the arithmetic. */
bool fpu_vec_fast(unsigned size, unsigned op, unsigned lanes, uint64_t r[2], const uint64_t n[2],
                  const uint64_t m[2], const uint64_t d[2], uint32_t fpcr, uint32_t *fpsr)
{
    unsigned bad, normal, all = (1u << lanes) - 1;
    uint32_t saved, xf;
    uint64_t a[2], b[2], c[2], z[2];

    if ((fpcr & FPV_FPCR_BITS) || (size != FP_S && size != FP_D) ||
        (lanes != 16u >> size && lanes != 8u >> size && lanes != 1) ||
        ((op == FPV_MLA || op == FPV_MLS) && !host_fma)) {
        return false;
    }
    /* Unused lanes: 0 op 1 (0 / 1 for a divide), 0 * 1 + 0: exact, no flag, no NaN. */
    memcpy(a, n, sizeof a);
    memcpy(b, m, sizeof b);
    memcpy(c, d, sizeof c);
    if (lanes < (16u >> size)) {
        uint64_t one = size == FP_S ? 0x3f800000ull : 0x3ff0000000000000ull;
        unsigned bits = (8u << size) * lanes;       /* 32 or 64: the low lane(s) used */
        uint64_t keep = bits == 64 ? ~0ull : (1ull << bits) - 1;
        a[0] &= keep, c[0] &= keep, a[1] = c[1] = 0;
        b[0] = (b[0] & keep) | (size == FP_S && bits == 32 ? one << 32 : 0);
        b[1] = size == FP_S ? one << 32 | one : one;
    }
    if (op == FPV_MLS) {                            /* d + (-n) * m, as FPMulAdd with -n */
        uint64_t sign = size == FP_S ? 0x8000000080000000ull : 1ull << 63;
        a[0] ^= sign, a[1] ^= sign;
    }
    xf = 0;
    if (*fpsr & FPSR_IXC) {
        vec_compute(size, op, a, b, c, z, &bad, &normal);
    }
    if (!(*fpsr & FPSR_IXC) || (normal & all) != all) {
        saved = mxcsr_get();
        mxcsr_set(0x1f80);      /* round to nearest, every exception masked, no FTZ/DAZ */
        vec_compute(size, op, a, b, c, z, &bad, &normal);
        xf = mxcsr_get();
        mxcsr_set(saved);
        if (bad & all) {
            return false;
        }
    }
    r[0] = z[0], r[1] = z[1];
    if (lanes < (16u >> size)) {                    /* zeros above the used lanes */
        unsigned bits = (8u << size) * lanes;
        r[0] &= bits == 64 ? ~0ull : (1ull << bits) - 1;
        r[1] = 0;
    }
    *fpsr |= (xf & X_IE ? FPSR_IOC : 0) | (xf & X_ZE ? FPSR_DZC : 0) |
             (xf & X_OE ? FPSR_OFC | FPSR_IXC : 0) | (xf & X_UE ? FPSR_UFC : 0) |
             (xf & X_PE ? FPSR_IXC : 0);
    return true;
}

uint64_t fpu_neg(unsigned size, uint64_t a)
{
    return (a ^ sign_bit(size)) & width_mask(size);
}

uint64_t fpu_abs(unsigned size, uint64_t a)
{
    return a & width_mask(size) & ~sign_bit(size);
}

/* ---- comparisons ---- */

/* a and b as host doubles (exact for every format: half is never compared
 * on ARMv8.0, but the widening is exact all the same). */
static double as_double(unsigned size, uint64_t v)
{
    union { uint64_t u; double d; } x;
    union { uint32_t u; float f; } y;

    switch (size) {
    case FP_S:
        y.u = (uint32_t)v;
        return y.f;
    case FP_D:
        x.u = v;
        return x.d;
    default: {
        uint32_t fpsr = 0;
        x.u = fpu_convert(FP_D, FP_H, v, 0, &fpsr);
        return x.d;
    }
    }
}

/* -1, 0, 1 for a < b, a == b, a > b; 2 unordered (after the flush). */
static int compare(unsigned size, uint64_t *a, uint64_t *b, bool signal, uint32_t fpcr,
                   uint32_t *fpsr)
{
    *a = flush_in(size, *a & width_mask(size), fpcr, fpsr);
    *b = flush_in(size, *b & width_mask(size), fpcr, fpsr);
    if (is_nan(size, *a) || is_nan(size, *b)) {
        if (signal || is_snan(size, *a) || is_snan(size, *b)) {
            *fpsr |= FPSR_IOC;
        }
        return 2;
    }
    double x = as_double(size, *a), y = as_double(size, *b);
    return x == y ? 0 : x < y ? -1 : 1;
}

uint32_t fpu_compare(unsigned size, uint64_t a, uint64_t b, bool signal, uint32_t fpcr,
                     uint32_t *fpsr)
{
    static const uint32_t nzcv[4] = { 0x8u << 28, 0x6u << 28, 0x2u << 28, 0x3u << 28 };
    return nzcv[compare(size, &a, &b, signal, fpcr, fpsr) + 1];
}

bool fpu_cmp_eq(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return compare(size, &a, &b, false, fpcr, fpsr) == 0;
}

bool fpu_cmp_ge(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    int c = compare(size, &a, &b, true, fpcr, fpsr);
    return c == 0 || c == 1;
}

bool fpu_cmp_gt(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return compare(size, &a, &b, true, fpcr, fpsr) == 1;
}

/* ---- maximum and minimum ---- */

static uint64_t minmax(unsigned size, uint64_t a, uint64_t b, bool max, bool num, uint32_t fpcr,
                       uint32_t *fpsr)
{
    uint64_t r;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    b = flush_in(size, b & width_mask(size), fpcr, fpsr);
    if (num) {
        /* FPMaxNum/FPMinNum: a lone quiet NaN loses to any number. */
        if (is_qnan(size, a) && !is_qnan(size, b)) {
            a = inf_of(size, max);
        } else if (!is_qnan(size, a) && is_qnan(size, b)) {
            b = inf_of(size, max);
        }
    }
    if (process_nans(size, 2, (const uint64_t[]){ a, b }, fpcr, fpsr, &r)) {
        return r;
    }
    double x = as_double(size, a), y = as_double(size, b);
    if (x == y) {
        if (is_zero(size, a)) {
            return max ? (a & b) : (a | b);     /* the signs: +0 beats -0 for max */
        }
        return a;
    }
    return (x > y) == max ? a : b;
}

uint64_t fpu_max(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return minmax(size, a, b, true, false, fpcr, fpsr);
}

uint64_t fpu_min(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return minmax(size, a, b, false, false, fpcr, fpsr);
}

uint64_t fpu_maxnm(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return minmax(size, a, b, true, true, fpcr, fpsr);
}

uint64_t fpu_minnm(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return minmax(size, a, b, false, true, fpcr, fpsr);
}

/* ---- rounding to integral, conversions ---- */

uint64_t fpu_round_int(unsigned size, uint64_t a, FPRounding rm, bool exact, uint32_t fpcr,
                       uint32_t *fpsr)
{
    const Fmt *f = fmt(size);
    bool sign, inexact;
    int exp;
    uint64_t sig, q;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    if (is_nan(size, a)) {
        return process_nan(size, a, fpcr, fpsr);
    }
    if (is_inf(size, a) || is_zero(size, a)) {
        return a;
    }
    unpack(size, a, &sign, &exp, &sig);
    if (exp >= (int)f->fbits) {
        return a;                       /* already an integer */
    }
    q = shift_round(sig, (unsigned)(63 - exp), rm, sign, &inexact);
    if (inexact && exact) {
        *fpsr |= FPSR_IXC;
    }
    if (q == 0) {
        return a & sign_bit(size);
    }
    return round_pack(size, sign, 63, q, FPR_ZERO, false, false, fpsr);   /* exact */
}

static uint64_t convert(unsigned to, unsigned from, uint64_t a, FPRounding rm, uint32_t fpcr,
                        uint32_t *fpsr)
{
    const Fmt *ff = fmt(from), *ft = fmt(to);
    bool ahp_in = from == FP_H && (fpcr & FPCR_AHP), ahp_out = to == FP_H && (fpcr & FPCR_AHP);
    bool sign;
    int exp;
    uint64_t sig, s;

    a &= width_mask(from);
    if (from != FP_H) {
        a = flush_in(from, a, fpcr, fpsr);
    }
    sign = (a & sign_bit(from)) != 0;
    s = sign ? sign_bit(to) : 0;
    if (!ahp_in && is_nan(from, a)) {
        if (ahp_out) {
            *fpsr |= FPSR_IOC;          /* no NaN in the format: zero */
            return s;
        }
        if (is_snan(from, a)) {
            *fpsr |= FPSR_IOC;
        }
        if (fpcr & FPCR_DN) {
            return fpu_default_nan(to);
        }
        uint64_t fr = frac_of(ff, a);
        fr = ft->fbits >= ff->fbits ? fr << (ft->fbits - ff->fbits) : fr >> (ff->fbits - ft->fbits);
        return quiet(to, s | (uint64_t)exp_max(ft) << ft->fbits | fr);
    }
    if (!ahp_in && is_inf(from, a)) {
        if (ahp_out) {
            *fpsr |= FPSR_IOC;          /* no infinity: the largest value */
            return s | (width_mask(to) >> 1);
        }
        return inf_of(to, sign);
    }
    if (is_zero(from, a)) {
        return s;
    }
    unpack(from, a, &sign, &exp, &sig);
    return round_pack(to, sign, exp, sig, rm, to != FP_H && (fpcr & FPCR_FZ), ahp_out, fpsr);
}

uint64_t fpu_convert(unsigned to, unsigned from, uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return convert(to, from, a, fpu_rmode(fpcr), fpcr, fpsr);
}

uint64_t fpu_convert_odd(uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return convert(FP_S, FP_D, a, FPR_ODD, fpcr, fpsr);
}

uint64_t fpu_to_fixed(unsigned size, uint64_t a, unsigned fbits, bool is_unsigned, unsigned ibits,
                      FPRounding rm, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t imask = ibits == 64 ? ~0ull : (1ull << ibits) - 1;
    uint64_t max = is_unsigned ? imask : imask >> 1;
    bool sign, inexact;
    int exp;
    uint64_t sig, q;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    if (is_nan(size, a)) {
        *fpsr |= FPSR_IOC;
        return 0;
    }
    sign = (a & sign_bit(size)) != 0;
    if (is_zero(size, a)) {
        return 0;
    }
    if (is_inf(size, a)) {
        *fpsr |= FPSR_IOC;
        return sign ? (is_unsigned ? 0 : (max + 1) & imask) : max;
    }
    unpack(size, a, &sign, &exp, &sig);
    exp += (int)fbits;                  /* the value times 2^fbits */
    if (exp > 63) {
        *fpsr |= FPSR_IOC;
        return sign ? (is_unsigned ? 0 : (max + 1) & imask) : max;
    }
    q = shift_round(sig, (unsigned)(63 - exp), rm, sign, &inexact);
    if (is_unsigned) {
        if (sign && q != 0) {
            *fpsr |= FPSR_IOC;
            return 0;
        }
        if (q > max) {
            *fpsr |= FPSR_IOC;
            return max;
        }
    } else if (q > max + sign) {
        *fpsr |= FPSR_IOC;
        return sign ? (max + 1) & imask : max;
    }
    if (inexact) {
        *fpsr |= FPSR_IXC;
    }
    return (sign ? -q : q) & imask;
}

uint64_t fpu_from_fixed(unsigned size, uint64_t v, unsigned ibits, bool is_unsigned,
                        unsigned fbits, FPRounding rm, uint32_t fpcr, uint32_t *fpsr)
{
    bool sign = false;

    if (ibits < 64) {
        v &= (1ull << ibits) - 1;
        if (!is_unsigned && (v >> (ibits - 1))) {
            v |= ~0ull << ibits;
        }
    }
    if (!is_unsigned && (int64_t)v < 0) {
        sign = true;
        v = -v;
    }
    if (v == 0) {
        return 0;
    }
    return round_pack(size, sign, 63 - (int)fbits, v, rm, size != FP_H && (fpcr & FPCR_FZ), false,
                      fpsr);
}

uint64_t fpu_expand_imm(unsigned size, uint8_t imm8)
{
    const Fmt *f = fmt(size);
    unsigned e = f->ebits;
    bool sign = imm8 >> 7, b6 = (imm8 >> 6) & 1;
    /* exp = NOT(b6) : Replicate(b6, e - 3) : imm8<5:4>; frac = imm8<3:0> : zeros */
    uint64_t exp = (uint64_t)!b6 << (e - 1) | (b6 ? ((1ull << (e - 3)) - 1) << 2 : 0) |
                   ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 0xf) << (f->fbits - 4);
    return (sign ? sign_bit(size) : 0) | exp << f->fbits | frac;
}

/* ---- estimates and Newton-Raphson steps ---- */

/* RecipEstimate: a in [256, 512), a fixed-point value in [0.5, 1) in units
 * of 1/512 -> its reciprocal in [256, 512), [1, 2) in units of 1/256. */
static unsigned recip_estimate(unsigned a)
{
    unsigned b = (1u << 19) / (a * 2 + 1);
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in [128, 512), [0.25, 1) in units of 1/512 -> the
 * reciprocal square root in [256, 512) as above. */
static unsigned rsqrt_estimate(unsigned a)
{
    unsigned b = 512;

    a = a < 256 ? a * 2 + 1 : ((a >> 1) << 1) * 2 + 2;
    while (a * (b + 1) * (b + 1) < (1u << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

uint64_t fpu_recpe(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    const Fmt *f = fmt(size);
    bool sign;
    int e, rexp;
    uint64_t frac, rf;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    sign = (a & sign_bit(size)) != 0;
    if (is_nan(size, a)) {
        return process_nan(size, a, fpcr, fpsr);
    }
    if (is_inf(size, a)) {
        return a & sign_bit(size);
    }
    if (is_zero(size, a)) {
        *fpsr |= FPSR_DZC;
        return inf_of(size, sign);
    }
    e = (int)exp_of(f, a);
    if (e == 0 && frac_of(f, a) < (1ull << (f->fbits - 2))) {
        /* below 2^-(2 * bias): the reciprocal overflows */
        FPRounding rm = fpu_rmode(fpcr);
        bool to_inf = rm == FPR_TIEEVEN || (rm == FPR_POSINF && !sign) ||
                      (rm == FPR_NEGINF && sign);
        *fpsr |= FPSR_OFC | FPSR_IXC;
        return to_inf ? inf_of(size, sign) : inf_of(size, sign) - 1;
    }
    if ((fpcr & FPCR_FZ) && size != FP_H && e >= 2 * f->bias - 1) {
        *fpsr |= FPSR_UFC;              /* the reciprocal is tiny: flushed */
        return a & sign_bit(size);
    }
    frac = frac_of(f, a) << (52 - f->fbits);
    if (e == 0) {
        if (!(frac >> 51 & 1)) {
            e = -1;
            frac <<= 2;
        } else {
            frac <<= 1;
        }
        frac &= (1ull << 52) - 1;
    }
    rexp = 2 * f->bias - 1 - e;
    rf = (uint64_t)(recip_estimate(256 | (unsigned)(frac >> 44)) & 0xff) << 44;
    if (rexp == 0) {
        rf = 1ull << 51 | rf >> 1;
    } else if (rexp == -1) {
        rf = 1ull << 50 | rf >> 2;
        rexp = 0;
    }
    return (a & sign_bit(size)) | (uint64_t)rexp << f->fbits | rf >> (52 - f->fbits);
}

uint64_t fpu_rsqrte(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    const Fmt *f = fmt(size);
    int e;
    uint64_t frac;
    unsigned scaled;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    if (is_nan(size, a)) {
        return process_nan(size, a, fpcr, fpsr);
    }
    if (is_zero(size, a)) {
        *fpsr |= FPSR_DZC;
        return inf_of(size, (a & sign_bit(size)) != 0);
    }
    if (a & sign_bit(size)) {
        *fpsr |= FPSR_IOC;
        return fpu_default_nan(size);
    }
    if (is_inf(size, a)) {
        return 0;
    }
    e = (int)exp_of(f, a);
    frac = frac_of(f, a) << (52 - f->fbits);
    if (e == 0) {
        while (!(frac >> 51 & 1)) {
            frac <<= 1;
            e--;
        }
        frac = (frac << 1) & ((1ull << 52) - 1);
    }
    /* the exponent's parity picks [0.5, 1) or [0.25, 0.5) */
    scaled = (e & 1) == 0 ? 256 | (unsigned)(frac >> 44) : 128 | (unsigned)(frac >> 45);
    return (uint64_t)((3 * f->bias - 1 - e) / 2) << f->fbits |
           (uint64_t)(rsqrt_estimate(scaled) & 0xff) << (f->fbits - 8);
}

uint64_t fpu_recpx(unsigned size, uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    const Fmt *f = fmt(size);
    unsigned e;

    a = flush_in(size, a & width_mask(size), fpcr, fpsr);
    if (is_nan(size, a)) {
        return process_nan(size, a, fpcr, fpsr);
    }
    e = exp_of(f, a);
    e = e == 0 ? exp_max(f) - 1 : ~e & exp_max(f);     /* zeros and denormals: the largest */
    return (a & sign_bit(size)) | (uint64_t)e << f->fbits;
}

static inline bool inf_times_zero(unsigned size, uint64_t a, uint64_t b)
{
    return (is_inf(size, a) && is_zero(size, b)) || (is_zero(size, a) && is_inf(size, b));
}

uint64_t fpu_recps(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t r;

    a = fpu_neg(size, flush_in(size, a & width_mask(size), fpcr, fpsr));
    b = flush_in(size, b & width_mask(size), fpcr, fpsr);
    if (process_nans(size, 2, (const uint64_t[]){ a, b }, fpcr, fpsr, &r)) {
        return r;
    }
    if (inf_times_zero(size, a, b)) {
        return fpu_expand_imm(size, 0x00);                  /* 2.0 */
    }
    return host_arith(size, H_FMA, a, b, fpu_expand_imm(size, 0x00), fpcr, fpsr);
}

uint64_t fpu_rsqrts(unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    const Fmt *f = fmt(size);
    uint64_t r, *big;

    a = fpu_neg(size, flush_in(size, a & width_mask(size), fpcr, fpsr));
    b = flush_in(size, b & width_mask(size), fpcr, fpsr);
    if (process_nans(size, 2, (const uint64_t[]){ a, b }, fpcr, fpsr, &r)) {
        return r;
    }
    if (inf_times_zero(size, a, b)) {
        return fpu_expand_imm(size, 0x78);                  /* 1.5 */
    }
    if (is_inf(size, a) || is_inf(size, b)) {
        return inf_of(size, ((a ^ b) & sign_bit(size)) != 0);
    }
    /* (3 + a * b) / 2 rounded once: halve the larger factor, exactly when
     * its exponent allows (then 1.5 + a * b / 2 is the same sum); when
     * both are that small, 3 + a * b is 3 rounded and halving it is exact. */
    big = exp_of(f, a) >= exp_of(f, b) ? &a : &b;
    if (exp_of(f, *big) > 1) {
        *big -= 1ull << f->fbits;
        return host_arith(size, H_FMA, a, b, fpu_expand_imm(size, 0x78), fpcr, fpsr);
    }
    r = host_arith(size, H_FMA, a, b, fpu_expand_imm(size, 0x08), fpcr, fpsr);     /* 3.0 */
    return r - (1ull << f->fbits);
}

uint32_t fpu_urecpe(uint32_t a)
{
    return a >> 31 ? (uint32_t)recip_estimate(a >> 23) << 23 : 0xffffffffu;
}

uint32_t fpu_ursqrte(uint32_t a)
{
    return a >> 30 ? (uint32_t)rsqrt_estimate(a >> 23) << 23 : 0xffffffffu;
}
