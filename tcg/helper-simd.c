/* helper-simd.c: the AdvSIMD integer instructions (copies, permutes, three
 * same / different, two-register misc, across lanes, by element, shifts by
 * immediate, modified immediate) as C over the V registers' bytes. Every
 * helper takes one descriptor (include/tcg/simd.h) and works on copies, so
 * Vd may be any source too.
 *
 * The lane loops: sources are copied with the lanes the instruction does not
 * use cleared (the top half when Q = 0, all but element 0 for a scalar), the
 * operation then runs over all 16 bytes, so its loop has a constant trip
 * count the compiler unrolls and vectorises, and the result is stored with
 * the unused part cleared, as A64 writes. Zero lanes never saturate, so the
 * extra lanes cannot set FPSR.QC. Operations whose lanes depend on each other
 * (pairwise, across, permutes, narrowing and widening) count lanes from the
 * size instead.
 *
 * These helpers read and write only env->vregs and env->fpsr (QC): no X
 * register, flag or PC, so their calls carry no CALL_* flags. */
#include <string.h>
#include "arm/bits.h"
#include "tcg/helpers.h"
#include "tcg/simd.h"

/* ---- lane loops ----------------------------------------------------------- */

/* Runs the statements with S/U the signed/unsigned element type, SW/UW a
 * wider type that holds any sum, difference or doubled product of two
 * elements, EB the element's bits and NL the lanes of 16 bytes. */
#define FOR_ESZ(esz, ...) do { switch (esz) { \
    case 0: { typedef int8_t S __attribute__((may_alias, unused)); \
              typedef uint8_t U __attribute__((may_alias, unused)); \
              typedef int64_t SW __attribute__((unused)); \
              typedef uint64_t UW __attribute__((unused)); enum { EB = 8, NL = 16 }; \
              __VA_ARGS__ } break; \
    case 1: { typedef int16_t S __attribute__((may_alias, unused)); \
              typedef uint16_t U __attribute__((may_alias, unused)); \
              typedef int64_t SW __attribute__((unused)); \
              typedef uint64_t UW __attribute__((unused)); enum { EB = 16, NL = 8 }; \
              __VA_ARGS__ } break; \
    case 2: { typedef int32_t S __attribute__((may_alias, unused)); \
              typedef uint32_t U __attribute__((may_alias, unused)); \
              typedef int64_t SW __attribute__((unused)); \
              typedef uint64_t UW __attribute__((unused)); enum { EB = 32, NL = 4 }; \
              __VA_ARGS__ } break; \
    default: { typedef int64_t S __attribute__((may_alias, unused)); \
               typedef uint64_t U __attribute__((may_alias, unused)); \
               typedef __int128 SW __attribute__((unused)); \
               typedef unsigned __int128 UW __attribute__((unused)); enum { EB = 64, NL = 2 }; \
               __VA_ARGS__ } break; \
    } } while (0)

#define LU(v, i) (((U *)(v)->b)[i])
/* A Vec as a 16-byte GCC vector of VU/VS (PLAIN below): SSE2 code, and
 * comparisons give all-ones lanes as Arm's do. */
#define VUV(v) (*(VU *)(v)->b)
#define VSV(v) (*(VS *)(v)->b)
/* Lanes of a where the mask c is all ones, else of b. */
#define VSEL(c, a, b) ((VU)(c) & (a)) | (~(VU)(c) & (b))
#define LS(v, i) (((S *)(v)->b)[i])
#define EACH(...) for (unsigned i = 0; i < NL; i++) { __VA_ARGS__; }
/* The element type's limits, as SW. */
#define SMAXV ((SW)(S)((U)~(U)0 >> 1))
#define SMINV (-SMAXV - 1)
#define UMAXV ((SW)(U)~(U)0)
#define SATS(v) ((v) > SMAXV ? (qc = true, SMAXV) : (v) < SMINV ? (qc = true, SMINV) : (v))
#define SATU(v) ((v) > UMAXV ? (qc = true, UMAXV) : (v) < 0 ? (qc = true, (SW)0) : (v))
#define ONES(c) ((c) ? (U)~(U)0 : (U)0)

static inline unsigned bytes_of(uint64_t desc)
{
    return SD_SCALAR(desc) ? 1u << SD_ESZ(desc) : SD_Q(desc) ? 16 : 8;
}

/* bytes: 0, 1, 2, 4, 8 or 16. */
static inline uint64_t low_mask(unsigned bytes)
{
    return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

static inline void vload(Vec *v, const CPUARMState *env, unsigned r, unsigned bytes)
{
    v->d[0] = env->vregs[r][0] & low_mask(bytes);
    v->d[1] = bytes == 16 ? env->vregs[r][1] : 0;
}

static inline void vstore(CPUARMState *env, unsigned r, const Vec *v, unsigned bytes)
{
    env->vregs[r][0] = v->d[0] & low_mask(bytes);
    env->vregs[r][1] = bytes == 16 ? v->d[1] : 0;
}

static inline void set_qc(CPUARMState *env, bool qc)
{
    if (qc) {
        env->fpsr |= FPSR_QC;
    }
}

uint64_t simd_lane_u(const Vec *v, unsigned esz, unsigned i)
{
    switch (esz) {
    case 0: return v->b[i];
    case 1: return v->h[i];
    case 2: return v->s[i];
    default: return v->d[i];
    }
}

int64_t simd_lane_s(const Vec *v, unsigned esz, unsigned i)
{
    switch (esz) {
    case 0: return (int8_t)v->b[i];
    case 1: return (int16_t)v->h[i];
    case 2: return (int32_t)v->s[i];
    default: return (int64_t)v->d[i];
    }
}

void simd_lane_set(Vec *v, unsigned esz, unsigned i, uint64_t x)
{
    switch (esz) {
    case 0: v->b[i] = (uint8_t)x; break;
    case 1: v->h[i] = (uint16_t)x; break;
    case 2: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}

static inline __int128 lane_x(const Vec *v, unsigned esz, unsigned i, bool sgn)
{
    return sgn ? (__int128)simd_lane_s(v, esz, i) : (__int128)simd_lane_u(v, esz, i);
}

/* Clamps x to the signed (uns = false) or unsigned range of ebits bits. */
static __int128 sat_range(__int128 x, unsigned ebits, bool uns, bool *qc)
{
    __int128 max = uns ? ((__int128)1 << ebits) - 1 : ((__int128)1 << (ebits - 1)) - 1;
    __int128 min = uns ? 0 : -((__int128)1 << (ebits - 1));

    if (x > max) {
        *qc = true;
        return max;
    }
    if (x < min) {
        *qc = true;
        return min;
    }
    return x;
}

/* SSHL and its family: x (an element, extended) shifted by the signed byte
 * sh, left when positive, right when negative, in infinite precision; with
 * rounding of the right shifts, and saturation (to the signed or unsigned
 * range: out_uns) of the left ones. */
__int128 simd_shift_elem(__int128 x, int sh, unsigned ebits, bool round, bool sat, bool out_uns,
                         bool *qc)
{
    __int128 r;

    if (sh >= 0) {
        if (x == 0) {
            return 0;
        }
        if (sh >= (int)ebits) {
            if (!sat) {
                return 0;
            }
            r = x > 0 ? ((__int128)1 << 126) : -((__int128)1 << 126);   /* saturates below */
        } else {
            r = x * ((__int128)1 << sh);
        }
        return sat ? sat_range(r, ebits, out_uns, qc) : r;
    }
    unsigned k = (unsigned)-sh;
    if (round) {
        if (k > ebits) {
            return 0;
        }
        r = (x + ((__int128)1 << (k - 1))) >> k;
    } else if (k >= ebits) {
        r = x < 0 ? -1 : 0;
    } else {
        r = x >> k;
    }
    return sat ? sat_range(r, ebits, out_uns, qc) : r;
}

#if defined(__x86_64__)
#include <immintrin.h>

static bool host_pclmul;

static void __attribute__((constructor)) simd_host_init(void)
{
    __builtin_cpu_init();
    host_pclmul = __builtin_cpu_supports("pclmul");
}

__attribute__((target("pclmul,sse4.1")))
static uint64_t clmul_host(uint64_t a, uint64_t b, uint64_t *hi)
{
    __m128i p = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)a), _mm_cvtsi64_si128((long long)b), 0);

    *hi = (uint64_t)_mm_extract_epi64(p, 1);
    return (uint64_t)_mm_cvtsi128_si64(p);
}
#endif

/* Carry-less multiply of a by b: the low 64 bits of the product, the high
 * ones in *hi (hi may be NULL); one step per set bit of b. */
uint64_t simd_clmul64_portable(uint64_t a, uint64_t b, uint64_t *hi)
{
    uint64_t lo = 0, h = 0;

    for (; b; b &= b - 1) {
        unsigned i = (unsigned)__builtin_ctzll(b);
        lo ^= a << i;
        h ^= i ? a >> (64 - i) : 0;
    }
    if (hi) {
        *hi = h;
    }
    return lo;
}

/* The same, with PCLMULQDQ when the host has it and the high half is wanted
 * (PMULL.1Q); PMUL's bytes take the loop, at most 8 steps. */
uint64_t simd_clmul64(uint64_t a, uint64_t b, uint64_t *hi)
{
#if defined(__x86_64__)
    if (hi && host_pclmul) {
        return clmul_host(a, b, hi);
    }
#endif
    return simd_clmul64_portable(a, b, hi);
}

/* ---- copies and permutes --------------------------------------------------------------- */

uint64_t helper_simd_movi(CPUARMState *env, uint64_t desc, uint64_t imm)
{
    unsigned rd = SD_RD(desc), bytes = SD_Q(desc) ? 16 : 8;
    Vec r;

    vload(&r, env, rd, bytes);
    for (unsigned i = 0; i < 2; i++) {
        switch (SD_OP(desc)) {
        case SM_MOV: r.d[i] = imm; break;
        case SM_ORR: r.d[i] |= imm; break;
        default: r.d[i] &= ~imm; break;
        }
    }
    vstore(env, rd, &r, bytes);
    return 0;
}

uint64_t helper_simd_perm(CPUARMState *env, uint64_t desc)
{
    unsigned esz = SD_ESZ(desc), bytes = bytes_of(desc), imm = SD_IMM(desc);
    unsigned rd = SD_RD(desc), rn = SD_RN(desc), rm = SD_RM(desc);
    unsigned ne = bytes >> esz, half = ne / 2;
    Vec n, m, r;
    uint8_t cat[32];

    vload(&n, env, rn, 16);
    vload(&m, env, rm, 16);
    switch (SD_OP(desc)) {
    case SP_DUP_ELEM: {
        uint64_t x = simd_lane_u(&n, esz, imm);
        for (unsigned i = 0; i < (16u >> esz); i++) {
            simd_lane_set(&r, esz, i, x);
        }
        break;
    }
    case SP_INS_ELEM:
        vload(&r, env, rd, 16);
        simd_lane_set(&r, esz, imm, simd_lane_u(&n, esz, SD_IMM2(desc)));
        break;
    case SP_EXT:
        memcpy(cat, n.b, bytes);
        memcpy(cat + bytes, m.b, bytes);
        memcpy(r.b, cat + imm, bytes);
        break;
    case SP_ZIP1: case SP_ZIP2: {
        unsigned base = SD_OP(desc) == SP_ZIP2 ? half : 0;
        for (unsigned i = 0; i < half; i++) {
            simd_lane_set(&r, esz, 2 * i, simd_lane_u(&n, esz, base + i));
            simd_lane_set(&r, esz, 2 * i + 1, simd_lane_u(&m, esz, base + i));
        }
        break;
    }
    case SP_UZP1: case SP_UZP2: {
        unsigned odd = SD_OP(desc) == SP_UZP2;
        for (unsigned i = 0; i < ne; i++) {
            unsigned j = 2 * i + odd;
            simd_lane_set(&r, esz, i, j < ne ? simd_lane_u(&n, esz, j) : simd_lane_u(&m, esz, j - ne));
        }
        break;
    }
    case SP_TRN1: case SP_TRN2: {
        unsigned odd = SD_OP(desc) == SP_TRN2;
        for (unsigned i = 0; i < half; i++) {
            simd_lane_set(&r, esz, 2 * i, simd_lane_u(&n, esz, 2 * i + odd));
            simd_lane_set(&r, esz, 2 * i + 1, simd_lane_u(&m, esz, 2 * i + odd));
        }
        break;
    }
    case SP_TBL: case SP_TBX: {
        /* imm registers from Vn, wrapping at V31; the index vector is Vm. */
        uint8_t table[64];
        for (unsigned k = 0; k < imm; k++) {
            memcpy(table + 16 * k, env->vregs[(rn + k) & 31], 16);
        }
        vload(&r, env, rd, 16);
        for (unsigned i = 0; i < bytes; i++) {
            unsigned idx = m.b[i];
            if (idx < 16 * imm) {
                r.b[i] = table[idx];
            } else if (SD_OP(desc) == SP_TBL) {
                r.b[i] = 0;
            }
        }
        break;
    }
    default: {  /* REV16/32/64: reverse the elements in each container */
        unsigned cont = SD_OP(desc) == SP_REV16 ? 1 : SD_OP(desc) == SP_REV32 ? 2 : 3;
        unsigned flip = (1u << (cont - esz)) - 1;
        for (unsigned i = 0; i < ne; i++) {
            simd_lane_set(&r, esz, i, simd_lane_u(&n, esz, i ^ flip));
        }
        break;
    }
    }
    vstore(env, rd, &r, bytes);
    return 0;
}

/* ---- three same ------------------------------------------------------------ */

/* The lane-independent operations that cannot saturate, straight on the
 * registers: every lane is computed, the ones Q or a scalar leaves out are
 * cleared afterwards (what they held does not matter). One function per
 * operation and element size, found by table: no masking of the sources, no
 * copies, one indirect call. */
#define PLAIN_SIZE(name, bits, s, u, expr)                                                    \
    static void name##_##bits(Vec *r, const Vec *n, const Vec *m, const Vec *d)              \
    {                                                                                         \
        typedef s VS __attribute__((vector_size(16), may_alias, unused));                    \
        typedef u VU __attribute__((vector_size(16), may_alias, unused));                    \
        expr;                                                                                 \
    }
#define PLAIN(name, expr) PLAIN_SIZE(name, 8, int8_t, uint8_t, expr) \
    PLAIN_SIZE(name, 16, int16_t, uint16_t, expr) PLAIN_SIZE(name, 32, int32_t, uint32_t, expr) \
    PLAIN_SIZE(name, 64, int64_t, uint64_t, expr)
#define PLAIN_ROW(op, name) [op] = { name##_8, name##_16, name##_32, name##_64 }

PLAIN(p_add, VUV(r) = VUV(n) + VUV(m))
PLAIN(p_sub, VUV(r) = VUV(n) - VUV(m))
PLAIN(p_mul, VUV(r) = VUV(n) * VUV(m))
PLAIN(p_mla, VUV(r) = VUV(d) + VUV(n) * VUV(m))
PLAIN(p_mls, VUV(r) = VUV(d) - VUV(n) * VUV(m))
PLAIN(p_cmeq, VUV(r) = (VU)(VUV(n) == VUV(m)))
PLAIN(p_cmtst, VUV(r) = (VU)((VUV(n) & VUV(m)) != 0))
PLAIN(p_cmge, VUV(r) = (VU)(VSV(n) >= VSV(m)))
PLAIN(p_cmgt, VUV(r) = (VU)(VSV(n) > VSV(m)))
PLAIN(p_cmhs, VUV(r) = (VU)(VUV(n) >= VUV(m)))
PLAIN(p_cmhi, VUV(r) = (VU)(VUV(n) > VUV(m)))
PLAIN(p_smax, VUV(r) = VSEL(VSV(n) > VSV(m), VUV(n), VUV(m)))
PLAIN(p_smin, VUV(r) = VSEL(VSV(n) < VSV(m), VUV(n), VUV(m)))
PLAIN(p_umax, VUV(r) = VSEL(VUV(n) > VUV(m), VUV(n), VUV(m)))
PLAIN(p_umin, VUV(r) = VSEL(VUV(n) < VUV(m), VUV(n), VUV(m)))
PLAIN(p_and, VUV(r) = VUV(n) & VUV(m))
PLAIN(p_bic, VUV(r) = VUV(n) & ~VUV(m))
PLAIN(p_orr, VUV(r) = VUV(n) | VUV(m))
PLAIN(p_orn, VUV(r) = VUV(n) | ~VUV(m))
PLAIN(p_eor, VUV(r) = VUV(n) ^ VUV(m))
PLAIN(p_bsl, VUV(r) = (VUV(n) & VUV(d)) | (VUV(m) & ~VUV(d)))
PLAIN(p_bit, VUV(r) = (VUV(n) & VUV(m)) | (VUV(d) & ~VUV(m)))
PLAIN(p_bif, VUV(r) = (VUV(n) & ~VUV(m)) | (VUV(d) & VUV(m)))

typedef void PlainFn(Vec *r, const Vec *n, const Vec *m, const Vec *d);
static PlainFn *const plain3[S3_COUNT][4] = {
    PLAIN_ROW(S3_ADD, p_add), PLAIN_ROW(S3_SUB, p_sub), PLAIN_ROW(S3_MUL, p_mul),
    PLAIN_ROW(S3_MLA, p_mla), PLAIN_ROW(S3_MLS, p_mls),
    PLAIN_ROW(S3_CMEQ, p_cmeq), PLAIN_ROW(S3_CMTST, p_cmtst), PLAIN_ROW(S3_CMGE, p_cmge),
    PLAIN_ROW(S3_CMGT, p_cmgt), PLAIN_ROW(S3_CMHS, p_cmhs), PLAIN_ROW(S3_CMHI, p_cmhi),
    PLAIN_ROW(S3_SMAX, p_smax), PLAIN_ROW(S3_SMIN, p_smin), PLAIN_ROW(S3_UMAX, p_umax),
    PLAIN_ROW(S3_UMIN, p_umin),
    PLAIN_ROW(S3_AND, p_and), PLAIN_ROW(S3_BIC, p_bic), PLAIN_ROW(S3_ORR, p_orr),
    PLAIN_ROW(S3_ORN, p_orn), PLAIN_ROW(S3_EOR, p_eor), PLAIN_ROW(S3_BSL, p_bsl),
    PLAIN_ROW(S3_BIT, p_bit), PLAIN_ROW(S3_BIF, p_bif),
};

/* One three-same operation over 16 bytes of n, m (d: the accumulator, Vd);
 * the pairwise ones over the first `bytes`. Returns true when a lane saturated. */
bool simd_3same(unsigned op, unsigned esz, unsigned bytes, Vec *r, const Vec *n, const Vec *m,
                const Vec *d)
{
    bool qc = false;

    if (plain3[op][esz]) {
        plain3[op][esz](r, n, m, d);
        return false;
    }
    switch (op) {
    case S3_PMUL:
        for (unsigned i = 0; i < 16; i++) {
            r->b[i] = (uint8_t)simd_clmul64(n->b[i], m->b[i], NULL);
        }
        break;
    case S3_SHADD: FOR_ESZ(esz, EACH(LS(r, i) = (S)(((SW)LS(n, i) + LS(m, i)) >> 1))); break;
    case S3_UHADD: FOR_ESZ(esz, EACH(LU(r, i) = (U)(((SW)LU(n, i) + LU(m, i)) >> 1))); break;
    case S3_SRHADD: FOR_ESZ(esz, EACH(LS(r, i) = (S)(((SW)LS(n, i) + LS(m, i) + 1) >> 1))); break;
    case S3_URHADD: FOR_ESZ(esz, EACH(LU(r, i) = (U)(((SW)LU(n, i) + LU(m, i) + 1) >> 1))); break;
    case S3_SHSUB: FOR_ESZ(esz, EACH(LS(r, i) = (S)(((SW)LS(n, i) - LS(m, i)) >> 1))); break;
    case S3_UHSUB: FOR_ESZ(esz, EACH(LU(r, i) = (U)(((SW)LU(n, i) - (SW)LU(m, i)) >> 1))); break;
    case S3_SABD: FOR_ESZ(esz, EACH(SW t = (SW)LS(n, i) - LS(m, i); LU(r, i) = (U)(t < 0 ? -t : t)));
        break;
    case S3_UABD: FOR_ESZ(esz, EACH(SW t = (SW)LU(n, i) - (SW)LU(m, i); LU(r, i) = (U)(t < 0 ? -t : t)));
        break;
    case S3_SABA: FOR_ESZ(esz, EACH(SW t = (SW)LS(n, i) - LS(m, i);
                                     LU(r, i) = (U)(LU(d, i) + (U)(t < 0 ? -t : t))));
        break;
    case S3_UABA: FOR_ESZ(esz, EACH(SW t = (SW)LU(n, i) - (SW)LU(m, i);
                                     LU(r, i) = (U)(LU(d, i) + (U)(t < 0 ? -t : t))));
        break;
    case S3_SQADD: FOR_ESZ(esz, EACH(SW t = (SW)LS(n, i) + LS(m, i); LS(r, i) = (S)SATS(t))); break;
    case S3_UQADD: FOR_ESZ(esz, EACH(SW t = (SW)LU(n, i) + (SW)LU(m, i); LU(r, i) = (U)SATU(t))); break;
    case S3_SQSUB: FOR_ESZ(esz, EACH(SW t = (SW)LS(n, i) - LS(m, i); LS(r, i) = (S)SATS(t))); break;
    case S3_UQSUB: FOR_ESZ(esz, EACH(SW t = (SW)LU(n, i) - (SW)LU(m, i); LU(r, i) = (U)SATU(t))); break;
    case S3_SSHL: case S3_USHL: case S3_SQSHL: case S3_UQSHL:
    case S3_SRSHL: case S3_URSHL: case S3_SQRSHL: case S3_UQRSHL: {
        bool uns = op == S3_USHL || op == S3_UQSHL || op == S3_URSHL || op == S3_UQRSHL;
        bool round = op == S3_SRSHL || op == S3_URSHL || op == S3_SQRSHL || op == S3_UQRSHL;
        bool sat = op == S3_SQSHL || op == S3_UQSHL || op == S3_SQRSHL || op == S3_UQRSHL;
        for (unsigned i = 0; i < (16u >> esz); i++) {
            int sh = (int8_t)m->b[i << esz];
            __int128 t = simd_shift_elem(lane_x(n, esz, i, !uns), sh, 8u << esz, round, sat,
                                         uns, &qc);
            simd_lane_set(r, esz, i, (uint64_t)t);
        }
        break;
    }
    case S3_SQDMULH: case S3_SQRDMULH: {
        unsigned eb = 8u << esz;
        __int128 rc = op == S3_SQRDMULH ? (__int128)1 << (eb - 1) : 0;
        for (unsigned i = 0; i < (16u >> esz); i++) {
            __int128 t = (2 * lane_x(n, esz, i, true) * lane_x(m, esz, i, true) + rc) >> eb;
            simd_lane_set(r, esz, i, (uint64_t)sat_range(t, eb, false, &qc));
        }
        break;
    }
    default: {  /* pairwise: the pairs of n then those of m */
        unsigned ne = bytes >> esz, half = ne / 2;
        bool sgn = op == S3_SMAXP || op == S3_SMINP;
        Vec t;
        for (unsigned i = 0; i < ne; i++) {
            const Vec *src = i < half ? n : m;
            unsigned j = 2 * (i % half);
            __int128 a = lane_x(src, esz, j, sgn), b = lane_x(src, esz, j + 1, sgn), x;
            switch (op) {
            case S3_ADDP: x = a + b; break;
            case S3_SMAXP: case S3_UMAXP: x = a > b ? a : b; break;
            default: x = a < b ? a : b; break;
            }
            simd_lane_set(&t, esz, i, (uint64_t)x);
        }
        memcpy(r->b, t.b, bytes);
        break;
    }
    }
    return qc;
}

uint64_t helper_simd_3same(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), esz = SD_ESZ(desc), bytes = bytes_of(desc), rd = SD_RD(desc);
    PlainFn *fn = plain3[op][esz];
    Vec n, m, d, r;

    if (fn) {
        Vec *vd = (Vec *)env->vregs[rd];
        fn(vd, (const Vec *)env->vregs[SD_RN(desc)], (const Vec *)env->vregs[SD_RM(desc)], vd);
        if (bytes < 16) {
            vd->d[0] &= low_mask(bytes);
            vd->d[1] = 0;
        }
        return 0;
    }
    vload(&n, env, SD_RN(desc), bytes);
    vload(&m, env, SD_RM(desc), bytes);
    vload(&d, env, rd, bytes);      /* the accumulator of SABA... */
    set_qc(env, simd_3same(op, esz, bytes, &r, &n, &m, &d));
    vstore(env, rd, &r, bytes);
    return 0;
}

/* ---- three different ------------------------------------------------------- */

/* esz: the narrow element; part: 1 for the "2" forms (the upper half of the
 * narrow sources, or of Vd for the narrowing ones); ne: narrow elements per
 * half (1 for a scalar). Writes r whole. */
bool simd_3diff(unsigned op, unsigned esz, unsigned part, unsigned ne, Vec *r, const Vec *n,
                const Vec *m, const Vec *d)
{
    unsigned eb = 8u << esz, w = esz + 1;
    bool qc = false;
    Vec t = { 0 };

    if (op == SL_PMULL) {
        if (esz == 3) {
            t.d[0] = simd_clmul64(n->d[part], m->d[part], &t.d[1]);
        } else {
            for (unsigned i = 0; i < 8; i++) {
                t.h[i] = (uint16_t)simd_clmul64(n->b[8 * part + i], m->b[8 * part + i], NULL);
            }
        }
        *r = t;
        return false;
    }
    if (op == SL_ADDHN || op == SL_RADDHN || op == SL_SUBHN || op == SL_RSUBHN) {
        /* wide n, m -> the high halves, into the half `part` of Vd */
        bool sub = op == SL_SUBHN || op == SL_RSUBHN;
        uint64_t rc = (op == SL_RADDHN || op == SL_RSUBHN) ? 1ull << (eb - 1) : 0;
        t = *d;
        if (!part) {
            t.d[1] = 0;
        }
        for (unsigned i = 0; i < ne; i++) {
            uint64_t a = simd_lane_u(n, w, i), b = simd_lane_u(m, w, i);
            uint64_t x = (sub ? a - b : a + b) + rc;
            simd_lane_set(&t, esz, part * ne + i, x >> eb);
        }
        *r = t;
        return false;
    }
    bool sgn = op == SL_SADDL || op == SL_SSUBL || op == SL_SADDW || op == SL_SSUBW ||
               op == SL_SABAL || op == SL_SABDL || op == SL_SMLAL || op == SL_SMLSL ||
               op == SL_SMULL || op == SL_SQDMLAL || op == SL_SQDMLSL || op == SL_SQDMULL;
    bool wide = op == SL_SADDW || op == SL_UADDW || op == SL_SSUBW || op == SL_USUBW;
    for (unsigned i = 0; i < ne; i++) {
        __int128 a = wide ? lane_x(n, w, i, sgn) : lane_x(n, esz, part * ne + i, sgn);
        __int128 b = lane_x(m, esz, part * ne + i, sgn);
        __int128 acc = lane_x(d, w, i, sgn), x;
        switch (op) {
        case SL_SADDL: case SL_UADDL: case SL_SADDW: case SL_UADDW: x = a + b; break;
        case SL_SSUBL: case SL_USUBL: case SL_SSUBW: case SL_USUBW: x = a - b; break;
        case SL_SABDL: case SL_UABDL: x = a > b ? a - b : b - a; break;
        case SL_SABAL: case SL_UABAL: x = acc + (a > b ? a - b : b - a); break;
        case SL_SMLAL: case SL_UMLAL: x = acc + a * b; break;
        case SL_SMLSL: case SL_UMLSL: x = acc - a * b; break;
        case SL_SMULL: case SL_UMULL: x = a * b; break;
        default: {  /* SQDMULL, SQDMLAL, SQDMLSL: saturate the doubled product, then the sum */
            x = sat_range(2 * a * b, 2 * eb, false, &qc);
            if (op == SL_SQDMLAL) {
                x = sat_range(acc + x, 2 * eb, false, &qc);
            } else if (op == SL_SQDMLSL) {
                x = sat_range(acc - x, 2 * eb, false, &qc);
            }
            break;
        }
        }
        simd_lane_set(&t, w, i, (uint64_t)x);
    }
    *r = t;
    return qc;
}

static bool sl_reads_d(unsigned op)
{
    return op == SL_ADDHN || op == SL_RADDHN || op == SL_SUBHN || op == SL_RSUBHN ||
           op == SL_SABAL || op == SL_UABAL || op == SL_SMLAL || op == SL_UMLAL ||
           op == SL_SMLSL || op == SL_UMLSL || op == SL_SQDMLAL || op == SL_SQDMLSL;
}

/* The bytes of Vd a three-different operation writes. */
static unsigned sl_out_bytes(unsigned op, unsigned esz, bool scalar)
{
    return scalar ? 2u << esz : 16;
}

uint64_t helper_simd_3diff(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), esz = SD_ESZ(desc), scalar = SD_SCALAR(desc);
    unsigned ne = scalar ? 1 : 8u >> esz, out = sl_out_bytes(op, esz, scalar);
    Vec n, m, d, r;

    vload(&n, env, SD_RN(desc), 16);
    vload(&m, env, SD_RM(desc), 16);
    vload(&d, env, SD_RD(desc), sl_reads_d(op) ? 16 : 0);
    set_qc(env, simd_3diff(op, esz, SD_IMM(desc), ne, &r, &n, &m, &d));
    vstore(env, SD_RD(desc), &r, out);
    return 0;
}

/* ---- by element -------------------------------------------------------------- */

uint64_t helper_simd_elem(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), esz = SD_ESZ(desc), scalar = SD_SCALAR(desc);
    unsigned flags = SD_IMM2(desc);
    Vec n, m, d, r, x;
    uint64_t e;

    vload(&x, env, SD_RM(desc), 16);
    e = simd_lane_u(&x, esz, SD_IMM(desc));
    for (unsigned i = 0; i < (16u >> esz); i++) {
        simd_lane_set(&m, esz, i, e);
    }
    if (flags & SE_LONG) {
        unsigned ne = scalar ? 1 : 8u >> esz;
        vload(&n, env, SD_RN(desc), 16);
        vload(&d, env, SD_RD(desc), sl_reads_d(op) ? 16 : 0);
        set_qc(env, simd_3diff(op, esz, flags & 1, ne, &r, &n, &m, &d));
        vstore(env, SD_RD(desc), &r, sl_out_bytes(op, esz, scalar));
        return 0;
    }
    unsigned bytes = bytes_of(desc);
    vload(&n, env, SD_RN(desc), bytes);
    if (bytes < 16) {
        memset(m.b + bytes, 0, 16 - bytes);
    }
    vload(&d, env, SD_RD(desc), bytes);
    set_qc(env, simd_3same(op, esz, bytes, &r, &n, &m, &d));
    vstore(env, SD_RD(desc), &r, bytes);
    return 0;
}

/* ---- two-register miscellaneous --------------------------------------------- */

static unsigned clz_bits(uint64_t x, unsigned eb)
{
    return x ? (unsigned)__builtin_clzll(x) - (64 - eb) : eb;
}

uint64_t helper_simd_2misc(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), esz = SD_ESZ(desc), bytes = bytes_of(desc);
    unsigned eb = 8u << esz, rd = SD_RD(desc);
    bool qc = false;
    Vec n, d, r = { { 0 } };   /* the pairwise-long forms set only the lanes Q keeps */

    switch (op) {
    case S2_XTN: case S2_SQXTN: case S2_UQXTN: case S2_SQXTUN: {
        /* wide (esz + 1) Vn -> narrow, into the half imm of Vd (a scalar: element 0) */
        unsigned part = SD_IMM(desc), ne = SD_SCALAR(desc) ? 1 : 8u >> esz;
        vload(&n, env, SD_RN(desc), SD_SCALAR(desc) ? 2u << esz : 16);
        vload(&r, env, rd, part ? 8 : 0);
        for (unsigned i = 0; i < ne; i++) {
            __int128 x = lane_x(&n, esz + 1, i, op == S2_SQXTN || op == S2_SQXTUN);
            if (op != S2_XTN) {
                x = sat_range(x, eb, op != S2_SQXTN, &qc);
            }
            simd_lane_set(&r, esz, part * ne + i, (uint64_t)x);
        }
        set_qc(env, qc);
        vstore(env, rd, &r, SD_SCALAR(desc) ? 1u << esz : part ? 16 : 8);
        return 0;
    }
    case S2_SHLL: {
        unsigned part = SD_IMM(desc), ne = 8u >> esz;
        vload(&n, env, SD_RN(desc), 16);
        for (unsigned i = 0; i < ne; i++) {
            simd_lane_set(&r, esz + 1, i, simd_lane_u(&n, esz, part * ne + i) << eb);
        }
        vstore(env, rd, &r, 16);
        return 0;
    }
    case S2_SADDLP: case S2_UADDLP: case S2_SADALP: case S2_UADALP: {
        bool sgn = op == S2_SADDLP || op == S2_SADALP;
        bool acc = op == S2_SADALP || op == S2_UADALP;
        vload(&n, env, SD_RN(desc), bytes);
        vload(&d, env, rd, bytes);
        for (unsigned i = 0; i < (bytes >> esz) / 2; i++) {
            __int128 x = lane_x(&n, esz, 2 * i, sgn) + lane_x(&n, esz, 2 * i + 1, sgn);
            if (acc) {
                x += lane_x(&d, esz + 1, i, sgn);
            }
            simd_lane_set(&r, esz + 1, i, (uint64_t)x);
        }
        vstore(env, rd, &r, bytes);
        return 0;
    }
    default:
        break;
    }

    vload(&n, env, SD_RN(desc), bytes);
    switch (op) {
    case S2_CLS: FOR_ESZ(esz, EACH(U x = LU(&n, i); x = LS(&n, i) < 0 ? (U)~x : x;
                                    LU(&r, i) = (U)(clz_bits(x, EB) - 1)));
        break;
    case S2_CLZ: FOR_ESZ(esz, EACH(LU(&r, i) = (U)clz_bits(LU(&n, i), EB))); break;
    case S2_CNT:
        for (unsigned i = 0; i < 16; i++) {
            r.b[i] = (uint8_t)__builtin_popcount(n.b[i]);
        }
        break;
    case S2_NOT:
        r.d[0] = ~n.d[0];
        r.d[1] = ~n.d[1];
        break;
    case S2_RBIT:
        for (unsigned i = 0; i < 16; i++) {
            uint8_t x = n.b[i];
            x = (uint8_t)((x & 0xf0) >> 4 | (x & 0x0f) << 4);
            x = (uint8_t)((x & 0xcc) >> 2 | (x & 0x33) << 2);
            r.b[i] = (uint8_t)((x & 0xaa) >> 1 | (x & 0x55) << 1);
        }
        break;
    case S2_SUQADD:  /* signed Vd + unsigned Vn */
        vload(&d, env, rd, bytes);
        FOR_ESZ(esz, EACH(SW t = (SW)LS(&d, i) + (SW)LU(&n, i); LS(&r, i) = (S)SATS(t)));
        break;
    case S2_USQADD:  /* unsigned Vd + signed Vn */
        vload(&d, env, rd, bytes);
        FOR_ESZ(esz, EACH(SW t = (SW)LU(&d, i) + (SW)LS(&n, i); LU(&r, i) = (U)SATU(t)));
        break;
    case S2_SQABS: FOR_ESZ(esz, EACH(SW t = LS(&n, i); t = t < 0 ? -t : t; LS(&r, i) = (S)SATS(t)));
        break;
    case S2_SQNEG: FOR_ESZ(esz, EACH(SW t = -(SW)LS(&n, i); LS(&r, i) = (S)SATS(t))); break;
    case S2_ABS: FOR_ESZ(esz, EACH(LU(&r, i) = LS(&n, i) < 0 ? (U)(0 - LU(&n, i)) : LU(&n, i)));
        break;
    case S2_NEG:   FOR_ESZ(esz, EACH(LU(&r, i) = (U)(0 - LU(&n, i)))); break;
    case S2_CMGT0: FOR_ESZ(esz, EACH(LU(&r, i) = ONES(LS(&n, i) > 0))); break;
    case S2_CMGE0: FOR_ESZ(esz, EACH(LU(&r, i) = ONES(LS(&n, i) >= 0))); break;
    case S2_CMEQ0: FOR_ESZ(esz, EACH(LU(&r, i) = ONES(LS(&n, i) == 0))); break;
    case S2_CMLE0: FOR_ESZ(esz, EACH(LU(&r, i) = ONES(LS(&n, i) <= 0))); break;
    default:       FOR_ESZ(esz, EACH(LU(&r, i) = ONES(LS(&n, i) < 0))); break;   /* CMLT #0 */
    }
    set_qc(env, qc);
    vstore(env, rd, &r, bytes);
    return 0;
}

/* ---- across lanes -------------------------------------------------------------- */

uint64_t helper_simd_across(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), esz = SD_ESZ(desc), bytes = SD_Q(desc) ? 16 : 8;
    unsigned ne = bytes >> esz;
    bool sgn = op == SA_SMAXV || op == SA_SMINV || op == SA_SADDLV;
    bool lng = op == SA_SADDLV || op == SA_UADDLV;
    Vec n, r = { 0 };
    __int128 acc;

    vload(&n, env, SD_RN(desc), 16);
    acc = lane_x(&n, esz, 0, sgn);
    for (unsigned i = 1; i < ne; i++) {
        __int128 x = lane_x(&n, esz, i, sgn);
        switch (op) {
        case SA_ADDV: case SA_SADDLV: case SA_UADDLV: acc += x; break;
        case SA_SMAXV: case SA_UMAXV: acc = x > acc ? x : acc; break;
        default: acc = x < acc ? x : acc; break;
        }
    }
    unsigned oesz = lng ? esz + 1 : esz;
    simd_lane_set(&r, oesz, 0, (uint64_t)acc);
    vstore(env, SD_RD(desc), &r, 1u << oesz);
    return 0;
}

/* ---- shifts by immediate ------------------------------------------------------- */

uint64_t helper_simd_shift(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), esz = SD_ESZ(desc), bytes = bytes_of(desc);
    unsigned sh = SD_IMM(desc), eb = 8u << esz, rd = SD_RD(desc);
    bool qc = false;
    Vec n, d, r;

    if (op >= SS_SHRN && op <= SS_SQRSHRUN) {
        /* wide (esz + 1) Vn >> sh -> narrow, into the half imm2 of Vd */
        unsigned part = SD_IMM2(desc), ne = SD_SCALAR(desc) ? 1 : 8u >> esz;
        bool round = op == SS_RSHRN || op == SS_SQRSHRN || op == SS_UQRSHRN || op == SS_SQRSHRUN;
        bool in_sgn = op == SS_SQSHRN || op == SS_SQRSHRN || op == SS_SQSHRUN || op == SS_SQRSHRUN;
        bool sat = op != SS_SHRN && op != SS_RSHRN;
        bool out_uns = op == SS_UQSHRN || op == SS_UQRSHRN || op == SS_SQSHRUN || op == SS_SQRSHRUN;
        vload(&n, env, SD_RN(desc), SD_SCALAR(desc) ? 2u << esz : 16);
        vload(&r, env, rd, part ? 8 : 0);
        for (unsigned i = 0; i < ne; i++) {
            __int128 x = lane_x(&n, esz + 1, i, in_sgn);
            x = round ? (x + ((__int128)1 << (sh - 1))) >> sh : x >> sh;
            if (sat) {
                x = sat_range(x, eb, out_uns, &qc);
            }
            simd_lane_set(&r, esz, part * ne + i, (uint64_t)x);
        }
        set_qc(env, qc);
        vstore(env, rd, &r, SD_SCALAR(desc) ? 1u << esz : part ? 16 : 8);
        return 0;
    }
    if (op == SS_SSHLL || op == SS_USHLL) {
        unsigned part = SD_IMM2(desc), ne = 8u >> esz;
        vload(&n, env, SD_RN(desc), 16);
        for (unsigned i = 0; i < ne; i++) {
            __int128 x = lane_x(&n, esz, part * ne + i, op == SS_SSHLL);
            simd_lane_set(&r, esz + 1, i, (uint64_t)(x * ((__int128)1 << sh)));
        }
        vstore(env, rd, &r, 16);
        return 0;
    }

    vload(&n, env, SD_RN(desc), bytes);
    vload(&d, env, rd, bytes);
    switch (op) {
    case SS_SSHR:  FOR_ESZ(esz, EACH(LS(&r, i) = (S)((SW)LS(&n, i) >> sh))); break;
    case SS_USHR:  FOR_ESZ(esz, EACH(LU(&r, i) = (U)((UW)LU(&n, i) >> sh))); break;
    case SS_SSRA:  FOR_ESZ(esz, EACH(LU(&r, i) = (U)(LU(&d, i) + (U)((SW)LS(&n, i) >> sh)))); break;
    case SS_USRA:  FOR_ESZ(esz, EACH(LU(&r, i) = (U)(LU(&d, i) + (U)((UW)LU(&n, i) >> sh)))); break;
    case SS_SRSHR:
        FOR_ESZ(esz, EACH(LS(&r, i) = (S)(((SW)LS(&n, i) + ((SW)1 << (sh - 1))) >> sh)));
        break;
    case SS_URSHR:
        FOR_ESZ(esz, EACH(LU(&r, i) = (U)(((UW)LU(&n, i) + ((UW)1 << (sh - 1))) >> sh)));
        break;
    case SS_SRSRA:
        FOR_ESZ(esz, EACH(LU(&r, i) = (U)(LU(&d, i) +
                                          (U)(((SW)LS(&n, i) + ((SW)1 << (sh - 1))) >> sh))));
        break;
    case SS_URSRA:
        FOR_ESZ(esz, EACH(LU(&r, i) = (U)(LU(&d, i) +
                                          (U)(((UW)LU(&n, i) + ((UW)1 << (sh - 1))) >> sh))));
        break;
    case SS_SRI:   /* shift right and insert: the top sh bits of Vd stay */
        FOR_ESZ(esz, U mask = (U)((UW)(U)~(U)0 >> sh);
                EACH(LU(&r, i) = (U)((LU(&d, i) & ~mask) | ((UW)LU(&n, i) >> sh))));
        break;
    case SS_SHL:   FOR_ESZ(esz, EACH(LU(&r, i) = (U)((UW)LU(&n, i) << sh))); break;
    case SS_SLI:   /* shift left and insert: the low sh bits of Vd stay */
        FOR_ESZ(esz, U mask = (U)((UW)(U)~(U)0 << sh);
                EACH(LU(&r, i) = (U)((LU(&d, i) & ~mask) | ((UW)LU(&n, i) << sh))));
        break;
    default: {  /* SQSHL, UQSHL, SQSHLU */
        bool in_sgn = op != SS_UQSHL, out_uns = op != SS_SQSHL;
        for (unsigned i = 0; i < (16u >> esz); i++) {
            __int128 x = simd_shift_elem(lane_x(&n, esz, i, in_sgn), (int)sh, eb, false, true,
                                         out_uns, &qc);
            simd_lane_set(&r, esz, i, (uint64_t)x);
        }
        break;
    }
    }
    set_qc(env, qc);
    vstore(env, rd, &r, bytes);
    return 0;
}
