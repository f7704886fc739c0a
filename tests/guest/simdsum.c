/* simdsum: a Fletcher-like checksum of a 1 MiB buffer with AdvSIMD (LD1, UADDLP, UADALP,
 * ADD, EXT, EOR in inline assembly), checked against the same sums computed in C. A
 * benchmark workload (scripts/bench) as well as a test compared with QEMU. */
#include "rt.h"
#include "bench.h"

static uint8_t data[SIMDSUM_BYTES] __attribute__((aligned(16)));

struct sums { uint32_t a[4], b[4]; uint8_t x[16]; };

/* a[j] += bytes 4j..4j+3 of each 16-byte chunk, b[j] += a[j] before it; x = (x ^
 * ror3(chunk)) + chunk, bytewise (ror3: EXT #3 of the chunk with itself). */
static void sum_simd(const uint8_t *p, size_t n, struct sums *s)
{
    __asm__ volatile(
        "ld1 {v1.4s}, [%[a]]\n\t"
        "ld1 {v2.4s}, [%[b]]\n\t"
        "ld1 {v7.16b}, [%[x]]\n"
        "1:\n\t"
        "ld1 {v0.16b}, [%[p]], #16\n\t"
        "add v2.4s, v2.4s, v1.4s\n\t"
        "uaddlp v5.8h, v0.16b\n\t"
        "uadalp v1.4s, v5.8h\n\t"
        "ext v6.16b, v0.16b, v0.16b, #3\n\t"
        "eor v7.16b, v7.16b, v6.16b\n\t"
        "add v7.16b, v7.16b, v0.16b\n\t"
        "subs %[n], %[n], #16\n\t"
        "b.ne 1b\n\t"
        "st1 {v1.4s}, [%[a]]\n\t"
        "st1 {v2.4s}, [%[b]]\n\t"
        "st1 {v7.16b}, [%[x]]\n\t"
        : [p] "+r"(p), [n] "+r"(n)
        : [a] "r"(s->a), [b] "r"(s->b), [x] "r"(s->x)
        : "v0", "v1", "v2", "v5", "v6", "v7", "memory", "cc");
}

static void sum_c(const uint8_t *p, size_t n, struct sums *s)
{
    for (size_t i = 0; i < n; i += 16, p += 16) {
        for (int j = 0; j < 4; j++) {
            s->b[j] += s->a[j];
            s->a[j] += (uint32_t)p[4 * j] + p[4 * j + 1] + p[4 * j + 2] + p[4 * j + 3];
        }
        for (int k = 0; k < 16; k++)
            s->x[k] = (uint8_t)((s->x[k] ^ p[(k + 3) & 15]) + p[k]);
    }
}

static uint64_t digest(const struct sums *s)
{
    uint64_t h = 0;
    for (int j = 0; j < 4; j++)
        h = h * 1000003u + s->a[j] + ((uint64_t)s->b[j] << 32);
    for (int k = 0; k < 16; k++)
        h = h * 31u + s->x[k];
    return h;
}

int main(void)
{
    bench_fp_enable();
    uint64_t r = 7;
    for (size_t i = 0; i < SIMDSUM_BYTES; i += 8) {
        uint64_t v = bench_rand(&r);
        memcpy(data + i, &v, 8);
    }
    /* One round checked against C on fresh sums; then the timed rounds, each on slightly
     * changed data, into one digest (compared with QEMU's by run.sh and scripts/bench). */
    struct sums v1 = { 0 }, c1 = { 0 }, v = { 0 };
    sum_simd(data, SIMDSUM_BYTES, &v1);
    sum_c(data, SIMDSUM_BYTES, &c1);
    CHECK("one round, simd == C", digest(&v1), digest(&c1));
    for (unsigned k = 0; k < SIMDSUM_ROUNDS; k++) {
        data[(k * 4099u) % SIMDSUM_BYTES] ^= 0xa5;
        sum_simd(data, SIMDSUM_BYTES, &v);
    }
    printf("simdsum: digest 0x%016llx over %u rounds\n", (unsigned long long)digest(&v),
           SIMDSUM_ROUNDS);
    return rt_report("simdsum");
}
