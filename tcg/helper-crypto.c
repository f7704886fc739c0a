/* helper-crypto.c: the ARMv8.0 crypto extension: AESE/AESD/AESMC/AESIMC and
 * the SHA-1 and SHA-256 steps, as the Arm ARM's pseudocode defines them over
 * the registers (AES: byte i of the register is state byte i, column-major). */
#include <string.h>
#include "tcg/helpers.h"
#include "tcg/simd.h"

static uint8_t aes_sbox[256], aes_inv_sbox[256];

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;

    while (b) {
        if (b & 1) {
            p ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

static uint8_t rotl8(uint8_t x, unsigned k)
{
    return (uint8_t)((x << k) | (x >> (8 - k)));
}

/* FIPS-197 5.1.1: the multiplicative inverse in GF(2^8), then the affine map. */
static void __attribute__((constructor)) aes_tables_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (unsigned y = 1; y < 256 && x; y++) {
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

static void aes_mix(uint8_t *out, const uint8_t *in, const uint8_t k[4])
{
    for (unsigned c = 0; c < 4; c++) {
        const uint8_t *a = in + 4 * c;
        for (unsigned r = 0; r < 4; r++) {
            out[4 * c + r] = gf_mul(a[r], k[0]) ^ gf_mul(a[(r + 1) & 3], k[1]) ^
                             gf_mul(a[(r + 2) & 3], k[2]) ^ gf_mul(a[(r + 3) & 3], k[3]);
        }
    }
}

static uint32_t ror32(uint32_t x, unsigned k)
{
    return (x >> k) | (x << (32 - k));
}

static uint32_t rol32(uint32_t x, unsigned k)
{
    return (x << k) | (x >> (32 - k));
}

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}

/* SHA1C/P/M: four rounds on abcd (x) and e (y) with the words of w. */
static void sha1_rounds(unsigned op, uint32_t x[4], uint32_t y, const uint32_t w[4])
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = op == SC_SHA1C ? sha_choose(x[1], x[2], x[3])
                   : op == SC_SHA1P ? sha_parity(x[1], x[2], x[3])
                                    : sha_majority(x[1], x[2], x[3]);
        y = y + rol32(x[0], 5) + t + w[e];
        x[1] = rol32(x[1], 30);
        uint32_t top = x[3];
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = y;
        y = top;
    }
}

/* SHA256hash(X, Y, W, part1): four rounds; X and Y updated in place. */
static void sha256_rounds(uint32_t x[4], uint32_t y[4], const uint32_t w[4])
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y[0], y[1], y[2]);
        uint32_t maj = sha_majority(x[0], x[1], x[2]);
        uint32_t t = y[3] + (ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25)) + chs + w[e];
        x[3] = t + x[3];
        y[3] = t + (ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22)) + maj;
        uint32_t x3 = x[3], y3 = y[3];
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = y3;
        y[3] = y[2]; y[2] = y[1]; y[1] = y[0]; y[0] = x3;
    }
}

static uint32_t sha256_s1(uint32_t x)
{
    return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10);
}

void crypto_op(unsigned op, Vec *d, const Vec *n, const Vec *m)
{
    static const uint8_t mix[4] = { 2, 3, 1, 1 }, inv_mix[4] = { 14, 11, 13, 9 };
    Vec r;

    switch (op) {
    case SC_AESE: case SC_AESD: {
        bool dec = op == SC_AESD;
        uint8_t st[16];
        for (unsigned i = 0; i < 16; i++) {
            st[i] = d->b[i] ^ n->b[i];
        }
        for (unsigned c = 0; c < 4; c++) {
            for (unsigned row = 0; row < 4; row++) {
                unsigned src = dec ? (c - row) & 3 : (c + row) & 3;
                uint8_t b = st[4 * src + row];
                r.b[4 * c + row] = dec ? aes_inv_sbox[b] : aes_sbox[b];
            }
        }
        break;
    }
    case SC_AESMC:
        aes_mix(r.b, n->b, mix);
        break;
    case SC_AESIMC:
        aes_mix(r.b, n->b, inv_mix);
        break;
    case SC_SHA1C: case SC_SHA1P: case SC_SHA1M:
        r = *d;
        sha1_rounds(op, r.s, n->s[0], m->s);
        break;
    case SC_SHA1H:
        r = (Vec){ .s = { rol32(n->s[0], 30) } };
        break;
    case SC_SHA1SU0:
        r.d[0] = d->d[1] ^ d->d[0] ^ m->d[0];
        r.d[1] = n->d[0] ^ d->d[1] ^ m->d[1];
        break;
    case SC_SHA1SU1: {
        uint32_t t[4] = { d->s[0] ^ n->s[1], d->s[1] ^ n->s[2], d->s[2] ^ n->s[3], d->s[3] };
        r.s[0] = rol32(t[0], 1);
        r.s[1] = rol32(t[1], 1);
        r.s[2] = rol32(t[2], 1);
        r.s[3] = rol32(t[3], 1) ^ rol32(t[0], 2);
        break;
    }
    case SC_SHA256H: case SC_SHA256H2: {
        Vec x = *d, y = *n;
        if (op == SC_SHA256H) {
            sha256_rounds(x.s, y.s, m->s);
            r = x;
        } else {
            sha256_rounds(y.s, x.s, m->s);   /* SHA256hash(Vn, Vd, Vm, FALSE): the Y result */
            r = x;
        }
        break;
    }
    case SC_SHA256SU0: {
        uint32_t t[4] = { d->s[1], d->s[2], d->s[3], n->s[0] };
        for (unsigned e = 0; e < 4; e++) {
            r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d->s[e];
        }
        break;
    }
    default: {  /* SHA256SU1 */
        uint32_t t0[4] = { n->s[1], n->s[2], n->s[3], m->s[0] };
        r.s[0] = sha256_s1(m->s[2]) + d->s[0] + t0[0];
        r.s[1] = sha256_s1(m->s[3]) + d->s[1] + t0[1];
        r.s[2] = sha256_s1(r.s[0]) + d->s[2] + t0[2];
        r.s[3] = sha256_s1(r.s[1]) + d->s[3] + t0[3];
        break;
    }
    }
    *d = r;
}

uint64_t helper_crypto(CPUARMState *env, uint64_t desc)
{
    unsigned op = SD_OP(desc), rd = SD_RD(desc);
    Vec d, n, m;

    memcpy(&d, env->vregs[rd], 16);
    memcpy(&n, env->vregs[SD_RN(desc)], 16);
    memcpy(&m, env->vregs[SD_RM(desc)], 16);
    crypto_op(op, &d, &n, &m);
    memcpy(env->vregs[rd], &d, 16);
    if (op == SC_SHA1H) {
        memset((uint8_t *)env->vregs[rd] + 4, 0, 12);
    }
    return 0;
}
