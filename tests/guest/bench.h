/* Iteration counts of the benchmark workloads (sort, hash, interp, chase, crc, lz, simdsum,
 * simdchr, matmul, sdot, fir, aes, sha256), in one
 * place; each is sized for about 1-3 s under qemu-system-aarch64 (TCG) on a 2020s x86-64.
 * With BENCH_SMALL (the PROG-small builds, tests/guest/build.sh) the FP/SIMD workloads run a
 * round or two, cheap enough for every test run to compare their results with QEMU's. */
#ifndef BENCH_H
#define BENCH_H

#define SORT_WORDS      (1u << 20)      /* the "sorted 1048576 words" */
#define SORT_ROUNDS     3               /* fresh data each round; one checksum over all */
#define HASH_BYTES      (1u << 22)
#define HASH_ROUNDS     240
#define INTERP_ITERS    6000000u
#define CHASE_NODES     (1u << 18)
#define CHASE_STEPS     12000000u
#define CRC_BYTES       (1u << 20)
#define CRC_ROUNDS      96
#define LZ_BYTES        (1u << 19)
#define LZ_ROUNDS       100
#define SIMDSUM_BYTES   (1u << 20)
#define SIMDSUM_ROUNDS  300
#define SIMDCHR_BYTES   (1u << 20)
#define SIMDCHR_ROUNDS  300
#define MATMUL_N        96              /* doubles: C = A x B, N x N */
#define SDOT_FLOATS     (1u << 16)
#define FIR_SAMPLES     (1u << 14)
#define FIR_TAPS        32
#define AES_BYTES       (1u << 16)
#define SHA256_BYTES    (1u << 16)
#ifdef BENCH_SMALL
#define MATMUL_ROUNDS   1
#define SDOT_ROUNDS     2
#define FIR_ROUNDS      1
#define AES_ROUNDS      2
#define SHA256_ROUNDS   2
#else
#define MATMUL_ROUNDS   20
#define SDOT_ROUNDS     1600
#define FIR_ROUNDS      200
#define AES_ROUNDS      500
#define SHA256_ROUNDS   400
#endif

/* xorshift64*: the deterministic data source of every workload. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* CPACR_EL1.FPEN = 0b11 (the SIMD workloads): FP/SIMD instructions do not trap. */
static inline void bench_fp_enable(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    v |= 3ull << 20;
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v));
}

/* main() of the FP/SIMD workloads (compiled with FP/SIMD allowed): it runs before
 * bench_fp_enable() has set CPACR_EL1.FPEN, so it must not touch FP/SIMD registers itself.
 * The work is in noinline functions it calls after the enable. */
#define BENCH_FP_MAIN __attribute__((target("general-regs-only")))

/* A 64-bit digest of n bytes (FNV-1a over 64-bit words; n a multiple of 8). */
static inline uint64_t bench_digest(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w;
        __builtin_memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x100000001b3ull;
    }
    return h;
}

#endif
