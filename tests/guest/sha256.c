/* sha256: SHA-256 of a 64 KiB buffer with the crypto extension's intrinsics (SHA256H,
 * SHA256H2, SHA256SU0, SHA256SU1; padding in C), checked against FIPS 180-2's "abc"
 * example, then over rounds each hashing the buffer with the previous digest written into
 * it. A benchmark workload (scripts/bench); sha256-small is the same at two rounds,
 * compared with QEMU by run.sh. */
#include <arm_neon.h>
#include "rt.h"
#include "bench.h"
#include "sha256-k.h"

static uint8_t buf[SHA256_BYTES] __attribute__((aligned(16)));

/* Four rounds on message words m0 (W[4i..4i+3]); then m0 becomes W[4i+16..4i+19]. */
#define ROUNDS4(i, m0, m1, m2, m3, next)                                                  \
    do {                                                                                  \
        uint32x4_t wk = vaddq_u32(m0, vld1q_u32(k256 + 4 * (i)));                           \
        uint32x4_t abcd = s0;                                                             \
        s0 = vsha256hq_u32(s0, s1, wk);                                                   \
        s1 = vsha256h2q_u32(s1, abcd, wk);                                                \
        if (next)                                                                         \
            m0 = vsha256su1q_u32(vsha256su0q_u32(m0, m1), m2, m3);                        \
    } while (0)

static void blocks(uint32_t st[8], const uint8_t *p, size_t nblocks)
{
    uint32x4_t s0 = vld1q_u32(st), s1 = vld1q_u32(st + 4);
    for (; nblocks--; p += 64) {
        uint32x4_t a = s0, b = s1;
        uint32x4_t m0 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
        uint32x4_t m1 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16)));
        uint32x4_t m2 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 32)));
        uint32x4_t m3 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 48)));
        for (int i = 0; i < 16; i += 4) {
            ROUNDS4(i, m0, m1, m2, m3, i < 12);
            ROUNDS4(i + 1, m1, m2, m3, m0, i < 12);
            ROUNDS4(i + 2, m2, m3, m0, m1, i < 12);
            ROUNDS4(i + 3, m3, m0, m1, m2, i < 12);
        }
        s0 = vaddq_u32(s0, a);
        s1 = vaddq_u32(s1, b);
    }
    vst1q_u32(st, s0);
    vst1q_u32(st + 4, s1);
}

static __attribute__((noinline)) void sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    uint32_t st[8] __attribute__((aligned(16))) = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint8_t last[128] __attribute__((aligned(16))) = { 0 };
    size_t full = n / 64, rest = n % 64, tail = rest < 56 ? 64 : 128;
    blocks(st, p, full);
    memcpy(last, p + full * 64, rest);
    last[rest] = 0x80;
    uint64_t bitlen = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        last[tail - 1 - i] = (uint8_t)(bitlen >> (8 * i));
    blocks(st, last, tail / 64);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (uint8_t)(st[i] >> (24 - 8 * j));
}

static __attribute__((noinline)) void run(void)
{
    static const uint8_t abc_digest[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
        0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
        0xf2, 0x00, 0x15, 0xad };
    uint8_t d[32];
    sha256((const uint8_t *)"abc", 3, d);
    CHECK("FIPS 180-2 SHA-256(\"abc\")", memcmp(d, abc_digest, 32), 0);

    uint64_t r = 13;
    for (size_t i = 0; i < SHA256_BYTES; i += 8) {
        uint64_t v = bench_rand(&r);
        memcpy(buf + i, &v, 8);
    }
    for (unsigned round = 0; round < SHA256_ROUNDS; round++) {
        sha256(buf, SHA256_BYTES, d);
        memcpy(buf + (round * 32) % SHA256_BYTES, d, 32);
    }
    printf("sha256: %u bytes, last digest %02x%02x%02x%02x%02x%02x%02x%02x... after %u rounds\n",
           SHA256_BYTES, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], SHA256_ROUNDS);
}

BENCH_FP_MAIN int main(void)
{
    bench_fp_enable();
    run();
    return rt_report("sha256");
}
