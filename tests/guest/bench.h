/* Iteration counts of the benchmark workloads (sort, hash, interp, chase, crc, lz), in one
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

#endif
