/* sdot: single-precision dot products of two 64 Ki-float vectors with AdvSIMD intrinsics
 * (LD1 .4s, FMLA .4s into four accumulators, FADDP/FADD to fold them), checked against a
 * scalar fused C loop in the same order (bit for bit), then digested over rounds on
 * slightly changed data. A benchmark workload (scripts/bench); sdot-small is the same at
 * two rounds, compared with QEMU by run.sh. */
#include <arm_neon.h>
#include "rt.h"
#include "bench.h"

static float x[SDOT_FLOATS] __attribute__((aligned(16)));
static float y[SDOT_FLOATS] __attribute__((aligned(16)));

static __attribute__((noinline)) float sdot_simd(const float *p, const float *q, size_t n)
{
    float32x4_t s0 = vdupq_n_f32(0), s1 = s0, s2 = s0, s3 = s0;
    for (size_t i = 0; i < n; i += 16) {
        s0 = vfmaq_f32(s0, vld1q_f32(p + i), vld1q_f32(q + i));
        s1 = vfmaq_f32(s1, vld1q_f32(p + i + 4), vld1q_f32(q + i + 4));
        s2 = vfmaq_f32(s2, vld1q_f32(p + i + 8), vld1q_f32(q + i + 8));
        s3 = vfmaq_f32(s3, vld1q_f32(p + i + 12), vld1q_f32(q + i + 12));
    }
    float32x4_t s = vaddq_f32(vaddq_f32(s0, s1), vaddq_f32(s2, s3));
    return vaddvq_f32(s);
}

/* The same sums lane by lane: lane l of accumulator a sums elements 16i + 4a + l. */
static __attribute__((noinline)) float sdot_c(const float *p, const float *q, size_t n)
{
    float acc[4][4] = { { 0 } };
    for (size_t i = 0; i < n; i += 16)
        for (int a = 0; a < 4; a++)
            for (int l = 0; l < 4; l++)
                acc[a][l] = __builtin_fmaf(p[i + 4 * a + l], q[i + 4 * a + l], acc[a][l]);
    float s[4];
    for (int l = 0; l < 4; l++)
        s[l] = (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]);
    return (s[0] + s[1]) + (s[2] + s[3]);       /* FADDP twice */
}

static uint32_t bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static __attribute__((noinline)) void run(void)
{
    uint64_t r = 5;
    for (size_t i = 0; i < SDOT_FLOATS; i++) {
        x[i] = (float)(int32_t)bench_rand(&r) * 0x1p-31f;
        y[i] = (float)(int32_t)bench_rand(&r) * 0x1p-28f;
    }
    CHECK("one dot product, simd == C", bits(sdot_simd(x, y, SDOT_FLOATS)),
          bits(sdot_c(x, y, SDOT_FLOATS)));
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned k = 0; k < SDOT_ROUNDS; k++) {
        x[(k * 4099u) % SDOT_FLOATS] *= -1.5f;
        h = (h ^ bits(sdot_simd(x, y, SDOT_FLOATS))) * 0x100000001b3ull;
    }
    printf("sdot: %u floats, digest 0x%016llx over %u rounds\n", SDOT_FLOATS,
           (unsigned long long)h, SDOT_ROUNDS);
}

BENCH_FP_MAIN int main(void)
{
    bench_fp_enable();
    run();
    return rt_report("sdot");
}
