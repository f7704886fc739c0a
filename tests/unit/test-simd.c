/* test-simd.c: the AdvSIMD lane functions and helpers (tcg/helper-simd.c,
 * tcg/helper-crypto.c) on the cases the Arm ARM's pseudocode spells out:
 * shifts by register at and past the element size, rounding, saturation and
 * FPSR.QC, carry-less products, the Q = 0 and scalar zeroing, the AES S-box. */
#include <string.h>
#include <glib.h>
#include "arm/bits.h"
#include "tcg/helpers.h"
#include "tcg/simd.h"
#include "tcg/helper-fp.h"
#include "arm/fpu.h"
#include "tcg/ir/ir.h"
#include <inttypes.h>

static CPUARMState env;

static void setv(unsigned r, uint64_t lo, uint64_t hi)
{
    env.vregs[r][0] = lo;
    env.vregs[r][1] = hi;
}

static void test_desc(void)
{
    uint64_t d = simd_desc_imm2(simd_desc(S3_SQRDMULH, 31, 17, 9, 2, 1, 1, 200), 77);

    g_assert_cmpuint(SD_RD(d), ==, 31);
    g_assert_cmpuint(SD_RN(d), ==, 17);
    g_assert_cmpuint(SD_RM(d), ==, 9);
    g_assert_cmpuint(SD_ESZ(d), ==, 2);
    g_assert_cmpuint(SD_Q(d), ==, 1);
    g_assert_cmpuint(SD_SCALAR(d), ==, 1);
    g_assert_cmpuint(SD_OP(d), ==, S3_SQRDMULH);
    g_assert_cmpuint(SD_IMM(d), ==, 200);
    g_assert_cmpuint(SD_IMM2(d), ==, 77);
}

static void test_shift_elem(void)
{
    static const struct {
        int64_t x; int sh; unsigned eb; bool round, sat, uns; int64_t want; bool qc;
    } c[] = {
        { 1, 7, 8, false, false, false, 128, false },           /* SSHL: truncated by the caller */
        { 1, 8, 8, false, false, false, 0, false },             /* shift >= esize: 0 */
        { -128, -8, 8, false, false, false, -1, false },        /* right by esize: the sign */
        { -128, -100, 8, false, false, false, -1, false },
        { 64, -7, 8, false, false, false, 0, false },
        { 255, -8, 8, true, false, true, 1, false },            /* URSHL: (255 + 128) >> 8 */
        { 255, -9, 8, true, false, true, 0, false },
        { -1, -1, 8, true, false, false, 0, false },            /* SRSHL: (-1 + 1) >> 1 */
        { 64, 1, 8, false, true, false, 127, true },            /* SQSHL saturates */
        { -64, 1, 8, false, true, false, -128, false },
        { -65, 1, 8, false, true, false, -128, true },
        { 1, 8, 8, false, true, true, 255, true },              /* UQSHL */
        { 0, 127, 8, false, true, true, 0, false },             /* zero never saturates */
        { -1, 0, 8, false, true, true, 0, true },               /* SQSHLU of a negative */
        { INT64_MIN, -64, 64, true, true, false, 0, false },    /* SQRSHL D */
        { INT64_MIN, -63, 64, true, true, false, -1, false },
        { INT64_MAX, 1, 64, false, true, false, INT64_MAX, true },
        { 0x7fff, -16, 16, true, false, false, 0, false },
        { 0x8000, -16, 16, true, false, true, 1, false },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(c); i++) {
        bool qc = false;
        __int128 x = c[i].x;     /* the element, already extended */
        __int128 r = simd_shift_elem(x, c[i].sh, c[i].eb, c[i].round, c[i].sat, c[i].uns, &qc);
        g_assert_cmpint((int64_t)r, ==, c[i].want);
        g_assert_cmpint(qc, ==, c[i].qc);
    }
}

static void test_clmul(void)
{
    uint64_t hi;

    g_assert_cmphex(simd_clmul64(3, 3, &hi), ==, 5);
    g_assert_cmphex(hi, ==, 0);
    g_assert_cmphex(simd_clmul64(1ull << 63, 2, &hi), ==, 0);
    g_assert_cmphex(hi, ==, 1);
    /* (sum of x^i)^2 = sum of x^2i over GF(2) */
    g_assert_cmphex(simd_clmul64(~0ull, ~0ull, &hi), ==, 0x5555555555555555ull);
    g_assert_cmphex(hi, ==, 0x5555555555555555ull);
    /* The host's PCLMULQDQ (when there is one) and the C loop agree. */
    for (unsigned i = 0; i < 10000; i++) {
        uint64_t a = g_test_rand_int() | (uint64_t)g_test_rand_int() << 32;
        uint64_t b = g_test_rand_int() | (uint64_t)g_test_rand_int() << 32, h1, h2;
        g_assert_cmphex(simd_clmul64(a, b, &h1), ==, simd_clmul64_portable(a, b, &h2));
        g_assert_cmphex(h1, ==, h2);
    }
}

/* SQADD on H lanes: saturation sets FPSR.QC (and only then); Q = 0 clears the top. */
static void test_sqadd_qc(void)
{
    setv(1, 0x7fff800000017ffeull, 0x7fff7fff7fff7fffull);
    setv(2, 0x0001ffff00010001ull, 0x0001000100010001ull);
    setv(0, ~0ull, ~0ull);
    env.fpsr = 0;
    helper_simd_3same(&env, simd_desc(S3_SQADD, 0, 1, 2, 1, 0, 0, 0));
    g_assert_cmphex(env.vregs[0][0], ==, 0x7fff800000027fffull);
    g_assert_cmphex(env.vregs[0][1], ==, 0);
    g_assert_cmphex(env.fpsr, ==, FPSR_QC);    /* lane 3: 0x7fff + 1 */

    env.fpsr = 0;
    setv(1, 0x0000000100020003ull, 0x7fff7fff7fff7fffull);   /* the top is unused with Q = 0 */
    helper_simd_3same(&env, simd_desc(S3_SQADD, 0, 1, 2, 1, 0, 0, 0));
    g_assert_cmphex(env.fpsr, ==, 0);
    /* A scalar: only element 0, the rest of Vd cleared. */
    setv(0, ~0ull, ~0ull);
    setv(1, 0x1234567800007fffull, ~0ull);
    helper_simd_3same(&env, simd_desc(S3_SQADD, 0, 1, 2, 1, 0, 1, 0));
    g_assert_cmphex(env.vregs[0][0], ==, 0x7fff);
    g_assert_cmphex(env.vregs[0][1], ==, 0);
    g_assert_cmphex(env.fpsr, ==, FPSR_QC);
}

/* SQDMULH of the minimum by itself saturates; SQRDMULH rounds. */
static void test_sqdmulh(void)
{
    Vec n = { .h = { 0x8000, 0x4000, 0x0001, 0x7fff } }, m = { .h = { 0x8000, 0x4000, 0x4000, 0x7fff } };
    Vec r, d = { { 0 } };

    g_assert_true(simd_3same(S3_SQDMULH, 1, 16, &r, &n, &m, &d));
    g_assert_cmphex(r.h[0], ==, 0x7fff);
    g_assert_cmphex(r.h[1], ==, 0x2000);
    g_assert_cmphex(r.h[2], ==, 0);
    g_assert_cmphex(r.h[3], ==, 0x7ffe);
    simd_3same(S3_SQRDMULH, 1, 16, &r, &n, &m, &d);
    g_assert_cmphex(r.h[2], ==, 1);        /* (2 * 0x4000 + 0x8000) >> 16 */
}

static void test_aes_sbox(void)
{
    /* AESE of a zero state with key k: ShiftRows(SubBytes(k)); column 0 row 0 is S(k[0]). */
    static const uint8_t in[4] = { 0x00, 0x01, 0x53, 0xff }, want[4] = { 0x63, 0x7c, 0xed, 0x16 };

    for (unsigned i = 0; i < 4; i++) {
        Vec d = { { 0 } }, n = { { 0 } }, m = { { 0 } };
        n.b[0] = in[i];
        crypto_op_portable(SC_AESE, &d, &n, &m);
        g_assert_cmphex(d.b[0], ==, want[i]);
        Vec back = { { 0 } };
        crypto_op_portable(SC_AESD, &back, &d, &m);   /* InvSubBytes(InvShiftRows(S)) */
        g_assert_cmphex(back.b[0], ==, in[i]);
    }
}

/* The host's AES and SHA-256 instructions (when there are) and the C path agree. */
static void test_aes_host(void)
{
    static const unsigned ops[] = { SC_AESE, SC_AESD, SC_AESMC, SC_AESIMC, SC_SHA256H,
                                    SC_SHA256H2, SC_SHA256SU0, SC_SHA256SU1 };
    for (unsigned o = 0; o < G_N_ELEMENTS(ops); o++) {
        unsigned op = ops[o];
        for (unsigned i = 0; i < 2000; i++) {
            Vec d, n, m;
            for (unsigned k = 0; k < 4; k++) {
                d.s[k] = g_test_rand_int();
                n.s[k] = g_test_rand_int();
                m.s[k] = g_test_rand_int();
            }
            Vec d2 = d;
            crypto_op(op, &d, &n, &m);
            crypto_op_portable(op, &d2, &n, &m);
            g_assert_cmphex(d.d[0], ==, d2.d[0]);
            g_assert_cmphex(d.d[1], ==, d2.d[1]);
        }
    }
}

/* The estimates and steps of the FP core, values worked from the Arm ARM's
 * pseudocode (RecipEstimate, RecipSqrtEstimate, FPRecpX, FPRSqrtStepFused). */
static void test_fp_estimates(void)
{
    uint32_t fpsr = 0;

    g_assert_cmphex(fpu_recpe(FP_S, 0x3f800000, 0, &fpsr), ==, 0x3f7f8000);     /* 1.0 */
    g_assert_cmphex(fpu_rsqrte(FP_S, 0x3f800000, 0, &fpsr), ==, 0x3f7f8000);    /* 0.25 scaled */
    g_assert_cmphex(fpu_rsqrte(FP_S, 0x40000000, 0, &fpsr), ==, 0x3f348000);    /* 0.5 scaled */
    g_assert_cmphex(fpu_rsqrte(FP_S, 0x40800000, 0, &fpsr), ==, 0x3eff8000);    /* 4.0 */
    g_assert_cmphex(fpu_rsqrte(FP_D, 0x3ff0000000000000ull, 0, &fpsr), ==, 0x3feff00000000000ull);
    g_assert_cmphex(fpu_recpx(FP_S, 0x3f800000, 0, &fpsr), ==, 0x40000000);
    g_assert_cmphex(fpu_recpx(FP_S, 0x80000001, 0, &fpsr), ==, 0xff000000);     /* denormal */
    g_assert_cmphex(fpu_urecpe(0x80000000), ==, 0xff800000);
    g_assert_cmphex(fpu_urecpe(0x7fffffff), ==, 0xffffffff);
    g_assert_cmphex(fpu_ursqrte(0x3fffffff), ==, 0xffffffff);
    g_assert_cmphex(fpsr, ==, 0);
    /* 1/x of 2^-128 and less overflows (to the largest value rounding to zero) */
    g_assert_cmphex(fpu_recpe(FP_S, 0x001fffff, (3u << 22), &fpsr), ==, 0x7f7fffff);
    g_assert_cmphex(fpsr, ==, FPSR_OFC | FPSR_IXC);
    /* (3 - a*b) / 2 with a*b = -2^128: 2^127 + 1.5 rounds to 2^127, no overflow */
    fpsr = 0;
    g_assert_cmphex(fpu_rsqrts(FP_S, 0x7f000000, 0xc0000000, 0, &fpsr), ==, 0x7f000000);
    g_assert_cmphex(fpsr, ==, FPSR_IXC);
    /* infinity times zero: 1.5 and 2.0, no IOC */
    fpsr = 0;
    g_assert_cmphex(fpu_rsqrts(FP_S, 0x7f800000, 0x80000000, 0, &fpsr), ==, 0x3fc00000);
    g_assert_cmphex(fpu_recps(FP_D, 0, 0xfff0000000000000ull, 0, &fpsr), ==, 0x4000000000000000ull);
    g_assert_cmphex(fpu_recps(FP_S, 0x3f800000, 0x3f800000, 0, &fpsr), ==, 0x3f800000);
    g_assert_cmphex(fpsr, ==, 0);
}

/* A vector FMLA is fused per lane and FADDP takes Vn's pairs, then Vm's. */
static void test_fp_lanes(void)
{
    env.fpcr = 0;
    env.fpsr = 0;
    setv(1, 0x3f8000013f800001ull, 0x4000000040400000ull);     /* n: 1+ulp, 1+ulp, 3, 2 */
    setv(2, 0x3f8000013f7fffffull, 0x3f8000003f800000ull);     /* m */
    setv(0, 0xbf800002bf800000ull, 0);                          /* d */
    helper_simd_fp3(&env, simd_desc(SF3_MLA, 0, 1, 2, FP_S, 1, 0, 0), 0);
    g_assert_cmphex(env.vregs[0][0], ==, 0x28800000337ffffeull);   /* 2^-46, 2^-24 - 2^-47: exact */
    g_assert_cmphex(env.vregs[0][1], ==, 0x4000000040400000ull);
    helper_simd_fp3(&env, simd_desc(SF3_PAIR, 3, 1, 2, FP_S, 1, 0, 0), FOP2_ADD);
    g_assert_cmphex(env.vregs[3][0], ==, 0x40a0000040000001ull);
    g_assert_cmphex(env.vregs[3][1], ==, 0x4000000040000000ull);
}

/* IR_VOP's definition (ir_vec_eval, which the interpreter runs and the backend's SSE code
 * is tested against) equals the helpers it replaces, bit for bit: every operation, element
 * size and Q on random registers biased to lane edges. */
static void test_vop_vs_helpers(void)
{
    static const unsigned s3[IRV_COUNT] = {
        [IRV_ADD] = S3_ADD, [IRV_SUB] = S3_SUB, [IRV_AND] = S3_AND, [IRV_BIC] = S3_BIC,
        [IRV_ORR] = S3_ORR, [IRV_ORN] = S3_ORN, [IRV_EOR] = S3_EOR, [IRV_CMEQ] = S3_CMEQ,
        [IRV_CMGT] = S3_CMGT, [IRV_CMGE] = S3_CMGE, [IRV_CMHI] = S3_CMHI, [IRV_CMHS] = S3_CMHS,
        [IRV_CMTST] = S3_CMTST, [IRV_SMIN] = S3_SMIN, [IRV_SMAX] = S3_SMAX, [IRV_UMIN] = S3_UMIN,
        [IRV_UMAX] = S3_UMAX, [IRV_SHL] = SS_SHL, [IRV_USHR] = SS_USHR, [IRV_SSHR] = SS_SSHR,
        [IRV_UADDLP] = S2_UADDLP, [IRV_UADALP] = S2_UADALP, [IRV_EXT] = SP_EXT,
        [IRV_UMAXV] = SA_UMAXV, [IRV_UMINV] = SA_UMINV,
    };
    static const uint64_t edge[] = { 0, ~0ull, 0x8000000080008080ull, 0x7fffffff7fff7f7full, 1 };
    GRand *r = g_rand_new_with_seed(g_test_rand_int());
    static CPUARMState e2;
    unsigned checked = 0;

    for (unsigned iter = 0; iter < 200; iter++) {
        for (unsigned v = 0; v < 4; v++) {
            for (unsigned h = 0; h < 2; h++) {
                uint64_t x = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
                env.vregs[v][h] = g_rand_int_range(r, 0, 3) ? x : edge[g_rand_int_range(r, 0, 5)];
            }
        }
        if (g_rand_boolean(r)) {
            env.vregs[2][0] ^= env.vregs[1][0] & 0xff00ff00ffff0000ull;     /* equal lanes */
        }
        for (unsigned op = 0; op < IRV_COUNT; op++) {
            for (unsigned esz = 0; esz < 4; esz++) {
                for (unsigned q = 0; q < 2; q++) {
                    unsigned bits = 8u << esz, sh = 0;
                    bool shift = op >= IRV_SHL && op <= IRV_SSHR;
                    if (op == IRV_EXT) {
                        sh = g_rand_int_range(r, 0, q ? 16 : 8);
                    }
                    if (shift) {
                        sh = op == IRV_SHL ? g_rand_int_range(r, 0, bits) : g_rand_int_range(r, 1, bits + 1);
                    }
                    unsigned fk = g_rand_int_range(r, 0, 3), idx = g_rand_int_range(r, 0, esz == 3 ? 2 : 4);
                    if (op == IRV_REV) {
                        sh = g_rand_int_range(r, 1, 4);
                    }
                    if (irv_is_fp(op)) {    /* vector, scalar or by element */
                        sh = fk == 1 ? IRV_FP_SCALAR : fk == 2 ? IRV_FP_ELEM | idx : 0;
                        if (fk == 1 && q) {
                            continue;
                        }
                    }
                    uint64_t d = ir_vec_desc(op, esz, q, 0, 1, 2, sh);
                    if (ir_vec_desc_error(d)) {
                        continue;
                    }
                    env.vregs[0][0] = env.vregs[3][0];     /* UADALP's and FMLA's accumulator */
                    env.vregs[0][1] = env.vregs[3][1];
                    env.fpsr = g_rand_boolean(r) ? FPSR_IXC : 0;
                    env.fpcr = g_rand_int_range(r, 0, 3) ? 0 : FPCR_FZ;
                    memcpy(&e2, &env, sizeof env);
                    ir_vec_run(&e2, d);
                    if (irv_is_fp(op)) {
                        static const unsigned fop[] = { FOP2_ADD, FOP2_SUB, FOP2_MUL, FOP2_DIV, 0, 0 };
                        unsigned form = op == IRV_FMLA ? SF3_MLA : op == IRV_FMLS ? SF3_MLS : SF3_LANES;
                        uint64_t sd = simd_desc(form, 0, 1, 2, esz, fk == 1 ? 0 : q, fk == 1, fk == 2 ? idx : 0);
                        helper_simd_fp3(&env, fk == 2 ? simd_desc_imm2(sd, SF_ELEM) : sd, fop[op - IRV_FADD]);
                        g_assert_cmphex(env.fpsr, ==, e2.fpsr);
                    } else if (irv_is_crypto(op)) {
                        static const unsigned sc[] = { SC_AESE, SC_AESD, SC_AESMC, SC_AESIMC, SC_SHA256H,
                                                       SC_SHA256H2, SC_SHA256SU0, SC_SHA256SU1 };
                        helper_crypto(&env, simd_desc(sc[op - IRV_AESE], 0, 1, 2, 2, 1, 0, 0));
                    } else if (op == IRV_REV) {
                        helper_simd_perm(&env, simd_desc(sh == 1 ? SP_REV16 : sh == 2 ? SP_REV32 : SP_REV64,
                                                         0, 1, 0, esz, q, 0, 0));
                    } else if (op == IRV_UMAXV || op == IRV_UMINV) {
                        if (esz == 2 && !q) {
                            continue;       /* no such instruction (the helper's reserved case) */
                        }
                        helper_simd_across(&env, simd_desc(s3[op], 0, 1, 0, esz, q, 0, 0));
                    } else if (op == IRV_EXT) {
                        helper_simd_perm(&env, simd_desc(SP_EXT, 0, 1, 2, 0, q, 0, sh));
                    } else if (op == IRV_UADDLP || op == IRV_UADALP) {
                        helper_simd_2misc(&env, simd_desc(s3[op], 0, 1, 0, esz, q, 0, 0));
                    } else if (shift) {
                        helper_simd_shift(&env, simd_desc_imm2(simd_desc(s3[op], 0, 1, 0, esz, q, 0, sh), 0));
                    } else {
                        bool logic = op <= IRV_EOR && op >= IRV_AND;
                        helper_simd_3same(&env, simd_desc(s3[op], 0, 1, 2, logic ? 3 : esz, q, 0, 0));
                    }
                    if (memcmp(env.vregs[0], e2.vregs[0], 16) != 0) {
                        g_error("op %u esz %u q %u shift %u: n %016" PRIx64 ":%016" PRIx64
                                " m %016" PRIx64 ":%016" PRIx64 ": helper %016" PRIx64 ":%016" PRIx64
                                " ir_vec_eval %016" PRIx64 ":%016" PRIx64, op, esz, q, sh,
                                env.vregs[1][1], env.vregs[1][0], env.vregs[2][1], env.vregs[2][0],
                                env.vregs[0][1], env.vregs[0][0], e2.vregs[0][1], e2.vregs[0][0]);
                    }
                    checked++;
                }
            }
        }
    }
    g_test_message("%u IR_VOP forms equal to their helpers", checked);
    g_assert_cmpuint(checked, >, 200 * 100);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/simd/desc", test_desc);
    g_test_add_func("/simd/vop-vs-helpers", test_vop_vs_helpers);
    g_test_add_func("/simd/shift-elem", test_shift_elem);
    g_test_add_func("/simd/clmul", test_clmul);
    g_test_add_func("/simd/sqadd-qc", test_sqadd_qc);
    g_test_add_func("/simd/sqdmulh", test_sqdmulh);
    g_test_add_func("/simd/aes-sbox", test_aes_sbox);
    g_test_add_func("/simd/aes-host", test_aes_host);
    g_test_add_func("/simd/fp-estimates", test_fp_estimates);
    g_test_add_func("/simd/fp-lanes", test_fp_lanes);
    return g_test_run();
}
