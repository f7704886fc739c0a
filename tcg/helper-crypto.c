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

static uint8_t xtime(uint8_t a)
{
    return (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
}

/* MixColumns (FIPS-197 5.1.3) with xtime only; inv: InvMixColumns, which is
 * MixColumns after multiplying each column by {04}x^2 + {05} (5.3.3). */
static void aes_mix(uint8_t *out, const uint8_t *in, bool inv)
{
    for (unsigned c = 0; c < 4; c++) {
        uint8_t a[4] = { in[4 * c], in[4 * c + 1], in[4 * c + 2], in[4 * c + 3] };
        if (inv) {
            uint8_t u = xtime(xtime(a[0] ^ a[2])), v = xtime(xtime(a[1] ^ a[3]));
            a[0] ^= u; a[1] ^= v; a[2] ^= u; a[3] ^= v;
        }
        uint8_t t = a[0] ^ a[1] ^ a[2] ^ a[3];
        for (unsigned r = 0; r < 4; r++) {
            out[4 * c + r] = a[r] ^ t ^ xtime(a[r] ^ a[(r + 1) & 3]);
        }
    }
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* AES-NI where the host has it: x86 keeps the state in the same byte order.
 * AESE = AESENCLAST(d ^ n, 0) (ShiftRows, SubBytes), AESD = AESDECLAST(d ^ n, 0),
 * AESIMC = AESIMC, and AESMC = AESENC(AESDECLAST(x, 0), 0): the inverse
 * ShiftRows and SubBytes undo the forward ones and leave MixColumns. */
static bool host_aes, host_sha;

static void __attribute__((constructor)) crypto_host_init(void)
{
    unsigned a, b, c, d;

    __builtin_cpu_init();
    host_aes = __builtin_cpu_supports("aes");
    /* SHA-NI: CPUID.(EAX=7, ECX=0):EBX bit 29; the code around it uses SSE4.1 */
    host_sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)) &&
               __builtin_cpu_supports("sse4.1");
}

__attribute__((target("aes,sse2")))
static void aes_host(unsigned op, Vec *r, const Vec *d, const Vec *n)
{
    __m128i z = _mm_setzero_si128(), x = _mm_loadu_si128((const __m128i *)n->b), y;

    switch (op) {
    case SC_AESE:
        y = _mm_aesenclast_si128(_mm_xor_si128(_mm_loadu_si128((const __m128i *)d->b), x), z);
        break;
    case SC_AESD:
        y = _mm_aesdeclast_si128(_mm_xor_si128(_mm_loadu_si128((const __m128i *)d->b), x), z);
        break;
    case SC_AESMC:
        y = _mm_aesenc_si128(_mm_aesdeclast_si128(x, z), z);
        break;
    default:
        y = _mm_aesimc_si128(x);
        break;
    }
    _mm_storeu_si128((__m128i *)r->b, y);
}

/* SHA-256 with SHA-NI. x86 keeps the state as ABEF and CDGH (A in the top lane) and does
 * two rounds per SHA256RNDS2; Arm's SHA256H/H2 hold ABCD and EFGH (A in lane 0) and do
 * four: so repack, two RNDS2 (the second on the upper two words of W), unpack. After two
 * rounds the old ABEF is the new CDGH. SHA256SU0 is SHA256MSG1 exactly; SHA256SU1 is
 * SHA256MSG2 of Vd plus Vn[1..3]:Vm[0] (the words 4..19 of Vm:Vn bytes) with Vm. */
__attribute__((target("sha,sse4.1")))
static void sha256_host(unsigned op, Vec *d, const Vec *n, const Vec *m)
{
    __m128i vd = _mm_loadu_si128((const __m128i *)d->b), vn = _mm_loadu_si128((const __m128i *)n->b);
    __m128i vm = _mm_loadu_si128((const __m128i *)m->b), r;

    switch (op) {
    case SC_SHA256H: case SC_SHA256H2: {
        __m128i x = op == SC_SHA256H ? vd : vn, y = op == SC_SHA256H ? vn : vd;   /* abcd, efgh */
        __m128i xr = _mm_shuffle_epi32(x, 0xb1), yr = _mm_shuffle_epi32(y, 0xb1);
        __m128i abef = _mm_unpacklo_epi64(yr, xr), cdgh = _mm_unpackhi_epi64(yr, xr);
        __m128i s1 = _mm_sha256rnds2_epu32(cdgh, abef, vm);             /* ABEF after 2 */
        __m128i s2 = _mm_sha256rnds2_epu32(abef, s1, _mm_shuffle_epi32(vm, 0x0e)); /* after 4 */
        r = op == SC_SHA256H ? _mm_shuffle_epi32(_mm_unpackhi_epi64(s2, s1), 0xb1)
                             : _mm_shuffle_epi32(_mm_unpacklo_epi64(s2, s1), 0xb1);
        break;
    }
    case SC_SHA256SU0:
        r = _mm_sha256msg1_epu32(vd, vn);
        break;
    default:
        r = _mm_sha256msg2_epu32(_mm_add_epi32(vd, _mm_alignr_epi8(vm, vn, 4)), vm);
        break;
    }
    _mm_storeu_si128((__m128i *)d->b, r);
}
#endif

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

/* The C path; crypto_op takes the host's AES instructions first. */
static void crypto_op_c(unsigned op, Vec *d, const Vec *n, const Vec *m)
{
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
        aes_mix(r.b, n->b, false);
        break;
    case SC_AESIMC:
        aes_mix(r.b, n->b, true);
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

void crypto_op(unsigned op, Vec *d, const Vec *n, const Vec *m)
{
#if defined(__x86_64__)
    if (host_aes && op <= SC_AESIMC) {
        aes_host(op, d, d, n);
        return;
    }
    if (host_sha && op >= SC_SHA256H && op <= SC_SHA256SU1) {
        sha256_host(op, d, n, m);
        return;
    }
#endif
    crypto_op_c(op, d, n, m);
}

/* For the unit tests: the C path alone, whatever the host has. */
void crypto_op_portable(unsigned op, Vec *d, const Vec *n, const Vec *m)
{
    crypto_op_c(op, d, n, m);
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
