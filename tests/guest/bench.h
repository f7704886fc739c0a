/* Iteration counts of the benchmark workloads (sort, hash, interp, chase, crc, lz, simdsum,
 * simdchr), in one
 * place; each is sized for about 1-3 s under qemu-system-aarch64 (TCG) on a 2020s x86-64. */
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

#endif
