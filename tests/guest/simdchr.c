/* simdchr: a NEON memchr (LD1, DUP, CMEQ, ORR, UMAXV, UMOV in inline assembly) finding
 * every occurrence of a byte in a 1 MiB buffer, checked against a C scan. A benchmark
 * workload (scripts/bench) as well as a test compared with QEMU. */
#include "rt.h"
#include "bench.h"

static uint8_t data[SIMDCHR_BYTES + 32] __attribute__((aligned(16)));

/* The first 32-byte block at or after p (16-aligned, n a multiple of 32) holding c; the
 * end if none. */
static const uint8_t *find_block(const uint8_t *p, const uint8_t *end, uint8_t c)
{
    __asm__ volatile(
        "dup v2.16b, %w[c]\n"
        "1:\n\t"
        "cmp %[p], %[e]\n\t"
        "b.hs 2f\n\t"
        "ld1 {v0.16b, v1.16b}, [%[p]], #32\n\t"
        "cmeq v0.16b, v0.16b, v2.16b\n\t"
        "cmeq v1.16b, v1.16b, v2.16b\n\t"
        "orr v0.16b, v0.16b, v1.16b\n\t"
        "umaxv b3, v0.16b\n\t"
        "umov w9, v3.b[0]\n\t"
        "cbz w9, 1b\n\t"
        "sub %[p], %[p], #32\n"
        "2:\n\t"
        : [p] "+r"(p)
        : [e] "r"(end), [c] "r"(c)
        : "v0", "v1", "v2", "v3", "x9", "memory", "cc");
    return p;
}

/* Sum of (index + 1) over the occurrences of c, and their count. */
static uint64_t scan_simd(const uint8_t *buf, size_t n, uint8_t c, uint32_t *count)
{
    uint64_t sum = 0;
    const uint8_t *end = buf + n;
    for (const uint8_t *p = buf; (p = find_block(p, end, c)) < end; p += 32) {
        for (int k = 0; k < 32; k++) {
            if (p[k] == c) {
                sum += (uint64_t)(p + k - buf) + 1;
                ++*count;
            }
        }
    }
    return sum;
}

static uint64_t scan_c(const uint8_t *buf, size_t n, uint8_t c, uint32_t *count)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == c) {
            sum += i + 1;
            ++*count;
        }
    }
    return sum;
}

int main(void)
{
    bench_fp_enable();
    uint64_t r = 11;
    /* Bytes 1..255, never 0; about one 0 in 2048 bytes: what the scan looks for. */
    for (size_t i = 0; i < SIMDCHR_BYTES; i++) {
        uint64_t v = bench_rand(&r);
        data[i] = (v & 0x7ff0000) == 0 ? 0 : (uint8_t)(v % 255 + 1);
    }
    uint32_t nv = 0, nc = 0;
    CHECK("one scan, simd == C", scan_simd(data, SIMDCHR_BYTES, 0, &nv),
          scan_c(data, SIMDCHR_BYTES, 0, &nc));
    CHECK("one scan, counts", nv, nc);
    uint64_t h = 0;
    uint32_t total = 0;
    for (unsigned k = 0; k < SIMDCHR_ROUNDS; k++) {
        data[(k * 7919u) % SIMDCHR_BYTES] = 0;
        h = h * 1000003u + scan_simd(data, SIMDCHR_BYTES, 0, &total);
    }
    printf("simdchr: %u matches, digest 0x%016llx over %u rounds\n", total,
           (unsigned long long)h, SIMDCHR_ROUNDS);
    return rt_report("simdchr");
}
