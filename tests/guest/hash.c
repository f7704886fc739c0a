/* hash: FNV-1a and a multiply-rotate (xxhash-like) hash over a 1 MiB buffer, repeated. */
#include "rt.h"
#include "bench.h"

static uint8_t data[HASH_BYTES];

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

int main(void)
{
    uint64_t s = 42;
    for (size_t i = 0; i < HASH_BYTES; i += 8) {
        uint64_t v = bench_rand(&s);
        memcpy(data + i, &v, 8);
    }
    uint64_t fnv = 0xcbf29ce484222325ull, mix = 0;
    for (unsigned r = 0; r < HASH_ROUNDS; r++) {
        if (r & 1) {
            for (size_t i = 0; i < HASH_BYTES; i++)
                fnv = (fnv ^ data[i]) * 0x100000001b3ull;
        } else {
            const uint64_t *w = (const uint64_t *)data;
            uint64_t h1 = 0x9E3779B185EBCA87ull + r, h2 = 0xC2B2AE3D27D4EB4Full;
            for (size_t i = 0; i < HASH_BYTES / 8; i += 2) {
                h1 = rotl(h1 + w[i] * 0xC2B2AE3D27D4EB4Full, 31) * 0x9E3779B185EBCA87ull;
                h2 = rotl(h2 + w[i + 1] * 0xC2B2AE3D27D4EB4Full, 31) * 0x9E3779B185EBCA87ull;
            }
            uint64_t h = rotl(h1, 1) + rotl(h2, 7);
            h ^= h >> 33; h *= 0xff51afd7ed558ccdull; h ^= h >> 33;
            mix ^= h + r;
        }
    }
    printf("hash: %u rounds over %u bytes, fnv1a 0x%016lx, mix 0x%016lx\n", HASH_ROUNDS,
           HASH_BYTES, fnv, mix);
    /* Self-check: FNV-1a of a known string. */
    uint64_t t = 0xcbf29ce484222325ull;
    for (const char *p = "a64emu"; *p; p++)
        t = (t ^ (uint8_t)*p) * 0x100000001b3ull;
    uint64_t want = 0xcbf29ce484222325ull;
    const uint8_t str[] = { 'a', '6', '4', 'e', 'm', 'u' };
    for (unsigned i = 0; i < 6; i++)
        want = (want ^ str[i]) * 0x100000001b3ull;
    CHECK("fnv1a", t, want);
    CHECK("fnv1a(\"a\")", (0xcbf29ce484222325ull ^ 'a') * 0x100000001b3ull, 0xaf63dc4c8601ec8cull);
    return rt_report("hash");
}
