/* aes: AES-128 encryption of a 64 KiB buffer in CTR mode with the crypto extension's
 * intrinsics (AESE, AESMC; the key schedule in C), checked against FIPS-197's example
 * vector, then over rounds each encrypting the previous round's output, digested. A
 * benchmark workload (scripts/bench); aes-small is the same at two rounds, compared with
 * QEMU by run.sh. */
#include <arm_neon.h>
#include "rt.h"
#include "bench.h"

static uint8_t buf[AES_BYTES] __attribute__((aligned(16)));
static uint8_t rk[11][16] __attribute__((aligned(16)));

/* The S-box, generated (multiplicative inverse in GF(2^8), then the affine map). */
static uint8_t sbox[256];

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    for (int i = 0; i < 8; i++) {
        if (b & 1)
            p ^= a;
        a = (uint8_t)((a << 1) ^ (a & 0x80 ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

static void make_sbox(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (int y = 1; y < 256 && x; y++)
            if (gmul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        uint8_t s = inv;
        for (int i = 1; i < 5; i++)
            s ^= (uint8_t)((inv << i) | (inv >> (8 - i)));
        sbox[x] = s ^ 0x63;
    }
}

static void expand_key(const uint8_t key[16])
{
    uint8_t rcon = 1;
    memcpy(rk[0], key, 16);
    for (int r = 1; r <= 10; r++) {
        const uint8_t *p = rk[r - 1];
        uint8_t t[4] = { sbox[p[13]], sbox[p[14]], sbox[p[15]], sbox[p[12]] };
        t[0] ^= rcon;
        rcon = (uint8_t)((rcon << 1) ^ (rcon & 0x80 ? 0x1b : 0));
        for (int i = 0; i < 16; i++) {
            rk[r][i] = p[i] ^ (i < 4 ? t[i] : rk[r][i - 4]);
        }
    }
}

static inline uint8x16_t encrypt(uint8x16_t b, const uint8x16_t k[11])
{
    for (int r = 0; r < 9; r++)
        b = vaesmcq_u8(vaeseq_u8(b, k[r]));
    return veorq_u8(vaeseq_u8(b, k[9]), k[10]);
}

/* CTR: the counter block is iv with its last 8 bytes a big-endian block number. */
static __attribute__((noinline)) void ctr(uint8_t *p, size_t n, uint64_t iv)
{
    uint8x16_t k[11];
    for (int r = 0; r < 11; r++)
        k[r] = vld1q_u8(rk[r]);
    for (size_t i = 0; i < n; i += 16) {
        uint64_t c[2] = { iv, __builtin_bswap64(i / 16) };
        uint8x16_t ks = encrypt(vreinterpretq_u8_u64(vld1q_u64(c)), k);
        vst1q_u8(p + i, veorq_u8(vld1q_u8(p + i), ks));
    }
}

static __attribute__((noinline)) void run(void)
{
    static const uint8_t fips_pt[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                         0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    static const uint8_t fips_ct[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                         0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    uint8_t key[16], ct[16];
    make_sbox();
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)i;
    expand_key(key);
    uint8x16_t k[11];
    for (int r = 0; r < 11; r++)
        k[r] = vld1q_u8(rk[r]);
    vst1q_u8(ct, encrypt(vld1q_u8(fips_pt), k));
    CHECK("FIPS-197 C.1 AES-128 ciphertext", memcmp(ct, fips_ct, 16), 0);

    uint64_t r = 9;
    for (size_t i = 0; i < AES_BYTES; i += 8) {
        uint64_t v = bench_rand(&r);
        memcpy(buf + i, &v, 8);
    }
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)bench_rand(&r);
    expand_key(key);
    for (unsigned round = 0; round < AES_ROUNDS; round++)
        ctr(buf, AES_BYTES, round);
    printf("aes: AES-128-CTR over %u bytes, digest 0x%016llx after %u rounds\n", AES_BYTES,
           (unsigned long long)bench_digest(0xcbf29ce484222325ull, buf, AES_BYTES), AES_ROUNDS);
}

BENCH_FP_MAIN int main(void)
{
    bench_fp_enable();
    run();
    return rt_report("aes");
}
