/* simdcrypto: the crypto extension. Each of AESE, AESD, AESMC, AESIMC, SHA1C/P/M/H/SU0/SU1,
 * SHA256H/H2/SU0/SU1 on the edge patterns (printed, compared with QEMU); then AES-128
 * encryption and decryption of FIPS-197 appendix C.1 and SHA-1 / SHA-256 of the FIPS 180-4
 * examples ("abc" and the two-block message), computed with those instructions, checked
 * against the standards' digests. */
#define SIMD_IMPL
#include "simd.h"
#include "sha256-k.h"

typedef struct { uint64_t lo, hi; } U128;

/* One instruction on V0 (Vd), V1 (Vn), V2 (Vm) through the harness: the result is V0. */
#define OP(fn, insn)                                                                  \
    static U128 fn(U128 d, U128 n, U128 m)                                            \
    {                                                                                 \
        simd_set(0, d.lo, d.hi); simd_set(1, n.lo, n.hi); simd_set(2, m.lo, m.hi);    \
        RUN(insn);                                                                    \
        return (U128){ simd_st.out[0][0], simd_st.out[0][1] };                        \
    }
OP(aese, "aese v0.16b, v1.16b")
OP(aesd, "aesd v0.16b, v1.16b")
OP(aesmc, "aesmc v0.16b, v1.16b")
OP(aesimc, "aesimc v0.16b, v1.16b")
OP(veor, "eor v0.16b, v1.16b, v2.16b")
OP(vadd4s, "add v0.4s, v1.4s, v2.4s")
OP(sha1c, "sha1c q0, s1, v2.4s")
OP(sha1p, "sha1p q0, s1, v2.4s")
OP(sha1m, "sha1m q0, s1, v2.4s")
OP(sha1h, "sha1h s0, s1")
OP(sha1su0, "sha1su0 v0.4s, v1.4s, v2.4s")
OP(sha1su1, "sha1su1 v0.4s, v1.4s")
OP(sha256h, "sha256h q0, q1, v2.4s")
OP(sha256h2, "sha256h2 q0, q1, v2.4s")
OP(sha256su0, "sha256su0 v0.4s, v1.4s")
OP(sha256su1, "sha256su1 v0.4s, v1.4s, v2.4s")

static U128 from_bytes(const uint8_t *b)
{
    U128 r = { 0, 0 };
    for (unsigned i = 0; i < 8; i++) {
        r.lo |= (uint64_t)b[i] << (8 * i);
        r.hi |= (uint64_t)b[8 + i] << (8 * i);
    }
    return r;
}

static U128 from_words(const uint32_t *w)
{
    return (U128){ w[0] | (uint64_t)w[1] << 32, w[2] | (uint64_t)w[3] << 32 };
}

static uint32_t word(U128 v, unsigned i)
{
    return (uint32_t)((i < 2 ? v.lo : v.hi) >> (32 * (i & 1)));
}

static void check_bytes(const char *what, U128 v, const uint8_t *want)
{
    U128 w = from_bytes(want);
    CHECK(what, v.lo, w.lo);
    CHECK(what, v.hi, w.hi);
}

/* ---- AES-128 (FIPS-197 appendix C.1) ---- */

static const uint8_t sbox_row0[16] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
};

/* The key schedule needs SubWord: AESE with a zero key on a word replicated in every
 * column gives S-box bytes (ShiftRows only permutes identical columns). */
static uint32_t sub_word(uint32_t w)
{
    uint32_t x[4] = { w, w, w, w };
    U128 r = aese(from_words(x), (U128){ 0, 0 }, (U128){ 0, 0 });
    return word(r, 0);
}

static void aes_test(void)
{
    static const uint8_t key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    static const uint8_t pt[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    static const uint8_t ct[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                    0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    uint32_t w[44];
    U128 rk[11], drk[11], st;
    uint8_t rcon = 1;

    /* The S-box itself: AESE of 0 with key k, ShiftRows aside, is S(k). */
    U128 s0 = aese((U128){ 0, 0 }, from_bytes((const uint8_t[16]){ 0, 1, 2, 3, 4, 5, 6, 7, 8,
                                                                  9, 10, 11, 12, 13, 14, 15 }),
                   (U128){ 0, 0 });
    static const uint8_t shifted[16] = { 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11 };
    for (unsigned i = 0; i < 16; i++) {
        uint8_t got = (uint8_t)((i < 8 ? s0.lo : s0.hi) >> (8 * (i & 7)));
        CHECK("aese sbox", got, sbox_row0[shifted[i]]);
    }

    for (unsigned i = 0; i < 4; i++) {
        w[i] = key[4 * i] | key[4 * i + 1] << 8 | key[4 * i + 2] << 16 | (uint32_t)key[4 * i + 3] << 24;
    }
    for (unsigned i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word((t >> 8) | (t << 24)) ^ rcon;
            rcon = (uint8_t)((rcon << 1) ^ ((rcon & 0x80) ? 0x1b : 0));
        }
        w[i] = w[i - 4] ^ t;
    }
    for (unsigned r = 0; r < 11; r++) {
        rk[r] = from_words(&w[4 * r]);
    }
    /* FIPS-197 A.1: the last round key of 000102..0f is 13111d7f e3944a17 f307a78b 4d2b30c5. */
    check_bytes("aes round key 10", rk[10], (const uint8_t[16]){ 0x13, 0x11, 0x1d, 0x7f, 0xe3, 0x94,
                0x4a, 0x17, 0xf3, 0x07, 0xa7, 0x8b, 0x4d, 0x2b, 0x30, 0xc5 });

    st = from_bytes(pt);
    for (unsigned r = 0; r < 9; r++) {
        st = aesmc((U128){ 0, 0 }, aese(st, rk[r], (U128){ 0, 0 }), (U128){ 0, 0 });
    }
    st = veor((U128){ 0, 0 }, aese(st, rk[9], (U128){ 0, 0 }), rk[10]);
    check_bytes("aes-128 encrypt", st, ct);
    printf("aes-128 encrypt: %016llx:%016llx\n", (unsigned long long)st.hi, (unsigned long long)st.lo);

    /* The equivalent inverse cipher: InvMixColumns on the middle round keys. */
    drk[0] = rk[10];
    for (unsigned r = 1; r < 10; r++) {
        drk[r] = aesimc((U128){ 0, 0 }, rk[10 - r], (U128){ 0, 0 });
    }
    drk[10] = rk[0];
    for (unsigned r = 0; r < 9; r++) {
        st = aesimc((U128){ 0, 0 }, aesd(st, drk[r], (U128){ 0, 0 }), (U128){ 0, 0 });
    }
    st = veor((U128){ 0, 0 }, aesd(st, drk[9], (U128){ 0, 0 }), drk[10]);
    check_bytes("aes-128 decrypt", st, pt);
    printf("aes-128 decrypt: %016llx:%016llx\n", (unsigned long long)st.hi, (unsigned long long)st.lo);

    /* MixColumns then InvMixColumns is the identity; FIPS-197's column example
     * (db 13 53 45 -> 8e 4d a1 bc). */
    U128 col = from_bytes((const uint8_t[16]){ 0xdb, 0x13, 0x53, 0x45, 0xf2, 0x0a, 0x22, 0x5c,
                                              0x01, 0x01, 0x01, 0x01, 0xc6, 0xc6, 0xc6, 0xc6 });
    U128 mc = aesmc((U128){ 0, 0 }, col, (U128){ 0, 0 });
    check_bytes("aesmc", mc, (const uint8_t[16]){ 0x8e, 0x4d, 0xa1, 0xbc, 0x9f, 0xdc, 0x58, 0x9d,
                0x01, 0x01, 0x01, 0x01, 0xc6, 0xc6, 0xc6, 0xc6 });
    U128 back = aesimc((U128){ 0, 0 }, mc, (U128){ 0, 0 });
    CHECK("aesimc(aesmc(x))", back.lo, col.lo);
    CHECK("aesimc(aesmc(x))", back.hi, col.hi);
}

/* ---- SHA-1 and SHA-256 (FIPS 180-4) ---- */

/* The message's 16-word blocks, big-endian words, padded. Returns the number of blocks. */
static unsigned pad(const char *msg, uint32_t blocks[][16], unsigned max)
{
    size_t len = strlen(msg);
    unsigned nb = (unsigned)((len + 8) / 64 + 1);
    uint8_t buf[64 * 4];

    if (nb > max) {
        return 0;
    }
    memset(buf, 0, sizeof(buf));
    memcpy(buf, msg, len);
    buf[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (unsigned i = 0; i < 8; i++) {
        buf[64 * nb - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    for (unsigned b = 0; b < nb; b++) {
        for (unsigned i = 0; i < 16; i++) {
            const uint8_t *p = buf + 64 * b + 4 * i;
            blocks[b][i] = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
        }
    }
    return nb;
}

static void sha1(const char *msg, uint32_t out[5])
{
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    uint32_t blocks[4][16], h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    unsigned nb = pad(msg, blocks, 4);

    for (unsigned b = 0; b < nb; b++) {
        U128 w[20], abcd = from_words(h);
        uint32_t e = h[4];
        for (unsigned i = 0; i < 4; i++) {
            w[i] = from_words(&blocks[b][4 * i]);
        }
        for (unsigned i = 4; i < 20; i++) {
            w[i] = sha1su1(sha1su0(w[i - 4], w[i - 3], w[i - 2]), w[i - 1], (U128){ 0, 0 });
        }
        for (unsigned i = 0; i < 20; i++) {
            uint32_t kk[4] = { k[i / 5], k[i / 5], k[i / 5], k[i / 5] };
            U128 wk = vadd4s((U128){ 0, 0 }, w[i], from_words(kk));
            uint32_t e1 = word(sha1h((U128){ 0, 0 }, abcd, (U128){ 0, 0 }), 0);
            U128 ev = { e, 0 };
            abcd = i < 5 ? sha1c(abcd, ev, wk) : i < 10 || i >= 15 ? sha1p(abcd, ev, wk)
                                                                   : sha1m(abcd, ev, wk);
            e = e1;
        }
        for (unsigned i = 0; i < 4; i++) {
            h[i] += word(abcd, i);
        }
        h[4] += e;
    }
    memcpy(out, h, sizeof(h));
}

static void sha256(const char *msg, uint32_t out[8])
{
    uint32_t blocks[4][16], h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    unsigned nb = pad(msg, blocks, 4);

    for (unsigned b = 0; b < nb; b++) {
        U128 w[16], abcd = from_words(h), efgh = from_words(h + 4);
        for (unsigned i = 0; i < 4; i++) {
            w[i] = from_words(&blocks[b][4 * i]);
        }
        for (unsigned i = 4; i < 16; i++) {
            w[i] = sha256su1(sha256su0(w[i - 4], w[i - 3], (U128){ 0, 0 }), w[i - 2], w[i - 1]);
        }
        for (unsigned i = 0; i < 16; i++) {
            U128 wk = vadd4s((U128){ 0, 0 }, w[i], from_words(&k256[4 * i]));
            U128 prev = abcd;
            abcd = sha256h(abcd, efgh, wk);
            efgh = sha256h2(efgh, prev, wk);
        }
        for (unsigned i = 0; i < 4; i++) {
            h[i] += word(abcd, i);
            h[4 + i] += word(efgh, i);
        }
    }
    memcpy(out, h, sizeof(h));
}

static void sha_tests(void)
{
    static const char *const msgs[2] = {
        "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    };
    static const uint32_t want1[2][5] = {
        { 0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d },
        { 0x84983e44, 0x1c3bd26e, 0xbaae4aa1, 0xf95129e5, 0xe54670f1 },
    };
    static const uint32_t want256[2][8] = {
        { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223, 0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad },
        { 0x248d6a61, 0xd20638b8, 0xe5c02693, 0x0c3e6039, 0xa33ce459, 0x64ff2167, 0xf6ecedd4, 0x19db06c1 },
    };
    for (unsigned t = 0; t < 2; t++) {
        uint32_t d1[5], d256[8];
        sha1(msgs[t], d1);
        sha256(msgs[t], d256);
        printf("sha1(\"%s\") = ", msgs[t]);
        for (unsigned i = 0; i < 5; i++) {
            printf("%08x", d1[i]);
            CHECK("sha1", d1[i], want1[t][i]);
        }
        printf("\nsha256(\"%s\") = ", msgs[t]);
        for (unsigned i = 0; i < 8; i++) {
            printf("%08x", d256[i]);
            CHECK("sha256", d256[i], want256[t][i]);
        }
        printf("\n");
    }
}

static void each_instruction(void)
{
    FOR_COMBOS({
        RUN("aese v0.16b, v1.16b"); RUN("aesd v0.16b, v1.16b"); RUN("aesmc v0.16b, v1.16b");
        RUN("aesimc v0.16b, v1.16b"); RUN("aese v0.16b, v0.16b"); RUN("aesmc v0.16b, v0.16b");
        RUN("sha1c q0, s1, v2.4s"); RUN("sha1p q0, s1, v2.4s"); RUN("sha1m q0, s1, v2.4s");
        RUN("sha1h s0, s1"); RUN("sha1su0 v0.4s, v1.4s, v2.4s"); RUN("sha1su1 v0.4s, v1.4s");
        RUN("sha256h q0, q1, v2.4s"); RUN("sha256h2 q0, q1, v2.4s");
        RUN("sha256su0 v0.4s, v1.4s"); RUN("sha256su1 v0.4s, v1.4s, v2.4s");
        RUN("sha1c q0, s0, v0.4s"); RUN("sha256h q0, q0, v0.4s"); RUN("sha256h2 q0, q0, v1.4s");
    });
}

int main(void)
{
    simd_enable();
    each_instruction();
    simd_quiet = 1;
    aes_test();
    sha_tests();
    simd_quiet = 0;
    return rt_report("simdcrypto");
}
