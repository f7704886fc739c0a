/* fir: a single-precision FIR filter (32 taps over 16 Ki samples) with AdvSIMD intrinsics,
 * four outputs at a time (LD1 .4s of the samples, FMLA .4s by element of the taps), checked
 * against a scalar fused C loop in the same order (bit for bit), then run over rounds of
 * fresh input, every output digested. A benchmark workload (scripts/bench); fir-small is
 * the same at one round, compared with QEMU by run.sh. */
#include <arm_neon.h>
#include "rt.h"
#include "bench.h"

static float in[FIR_SAMPLES + FIR_TAPS] __attribute__((aligned(16)));
static float out[FIR_SAMPLES] __attribute__((aligned(16)));
static float ref[FIR_SAMPLES] __attribute__((aligned(16)));
static float taps[FIR_TAPS] __attribute__((aligned(16)));

/* out[i] = sum over k of taps[k] * in[i + k], k ascending, fused. */
static __attribute__((noinline)) void fir_simd(void)
{
    for (size_t i = 0; i < FIR_SAMPLES; i += 8) {
        float32x4_t a0 = vdupq_n_f32(0), a1 = a0;
        for (int k = 0; k < FIR_TAPS; k += 4) {
            float32x4_t t = vld1q_f32(taps + k);
            const float *p = in + i + k;
            a0 = vfmaq_laneq_f32(a0, vld1q_f32(p), t, 0);
            a1 = vfmaq_laneq_f32(a1, vld1q_f32(p + 4), t, 0);
            a0 = vfmaq_laneq_f32(a0, vld1q_f32(p + 1), t, 1);
            a1 = vfmaq_laneq_f32(a1, vld1q_f32(p + 5), t, 1);
            a0 = vfmaq_laneq_f32(a0, vld1q_f32(p + 2), t, 2);
            a1 = vfmaq_laneq_f32(a1, vld1q_f32(p + 6), t, 2);
            a0 = vfmaq_laneq_f32(a0, vld1q_f32(p + 3), t, 3);
            a1 = vfmaq_laneq_f32(a1, vld1q_f32(p + 7), t, 3);
        }
        vst1q_f32(out + i, a0);
        vst1q_f32(out + i + 4, a1);
    }
}

static __attribute__((noinline)) void fir_c(void)
{
    for (size_t i = 0; i < FIR_SAMPLES; i++) {
        float a = 0;
        for (int k = 0; k < FIR_TAPS; k++)
            a = __builtin_fmaf(in[i + k], taps[k], a);
        ref[i] = a;
    }
}

static void fill(uint64_t *r)
{
    for (size_t i = 0; i < FIR_SAMPLES + FIR_TAPS; i++)
        in[i] = (float)(int32_t)bench_rand(r) * 0x1p-24f;
}

static __attribute__((noinline)) void run(void)
{
    uint64_t r = 3;
    for (int k = 0; k < FIR_TAPS; k++)     /* a windowed low-pass-like shape */
        taps[k] = (float)((k + 1) * (FIR_TAPS - k)) * 0x1p-9f;
    fill(&r);
    fir_simd();
    fir_c();
    CHECK("one filter pass, simd == C", memcmp(out, ref, sizeof out), 0);
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned k = 0; k < FIR_ROUNDS; k++) {
        fill(&r);
        fir_simd();
        h = bench_digest(h, out, sizeof out);
    }
    printf("fir: %u taps over %u samples, digest 0x%016llx over %u rounds\n", FIR_TAPS,
           FIR_SAMPLES, (unsigned long long)h, FIR_ROUNDS);
}

BENCH_FP_MAIN int main(void)
{
    bench_fp_enable();
    run();
    return rt_report("fir");
}
