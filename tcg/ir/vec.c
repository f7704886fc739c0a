/* vec.c: the definition of IR_VOP (ir.h), element by element in plain C: the reference
 * the interpreter runs and the backend's SSE code is tested against. */
#include <string.h>
#include "tcg/ir/ir.h"
#include "arm/cpu.h"
#include "arm/fpu.h"
#include "tcg/simd.h"

unsigned ir_vec_host;

const char *ir_vec_desc_error(uint64_t desc)
{
    unsigned op = IRV_OP(desc), bits = 8u << IRV_ESZ(desc), sh = IRV_SHIFT(desc);

    if (op >= IRV_COUNT) {
        return "is no IRVecOp";
    }
    if (irv_is_crypto(op)) {
        return IRV_Q(desc) && IRV_ESZ(desc) == 2 && !sh ? NULL : "is a crypto step not on a .4s Q register";
    }
    if (op == IRV_REV) {
        return sh >= 1 && sh <= 3 && IRV_ESZ(desc) < sh ? NULL : "is a REV whose container is no wider than its element";
    }
    if (irv_is_fp(op)) {
        unsigned esz = IRV_ESZ(desc);
        if (esz < 2) {
            return "is an FP operation on bytes or halfwords";
        }
        if (sh & IRV_FP_SCALAR ? IRV_Q(desc) != 0 : esz == 3 && !IRV_Q(desc)) {
            return "is a scalar FP operation with Q set or a vector of one double";
        }
        if (sh & ~(IRV_FP_SCALAR | IRV_FP_ELEM | 3u) || (!(sh & IRV_FP_ELEM) && (sh & 3)) ||
            (esz == 3 && (sh & 2))) {
            return "has an FP shift field that is no scalar flag and element index";
        }
        return NULL;
    }
    if (op >= IRV_SMIN && op <= IRV_UMAX && bits == 64) {
        return "is a 64-bit min/max (no such operation)";
    }
    if ((op == IRV_UADDLP || op == IRV_UADALP) && bits == 64) {
        return "is a pairwise add long of 64-bit elements";
    }
    if ((op == IRV_UMAXV || op == IRV_UMINV) && (bits == 64 || sh)) {
        return "is an across-lanes max/min of 64-bit elements or with a shift";
    }
    if (op == IRV_UMAXV || op == IRV_UMINV) {
        return NULL;
    }
    if (op == IRV_EXT) {
        return sh < (IRV_Q(desc) ? 16u : 8u) ? NULL : "has an EXT position past the operation size";
    }
    if (op == IRV_SHL ? sh >= bits : (op == IRV_USHR || op == IRV_SSHR) ? sh < 1 || sh > bits
                                                                         : sh != 0) {
        return "has a shift out of range for its operation";
    }
    return NULL;
}

bool ir_vec_native(IRVecOp op, unsigned esz, unsigned host)
{
    bool sse41 = host & IRV_HOST_SSE41, sse42 = host & IRV_HOST_SSE42;

    switch (op) {
    case IRV_ADD: case IRV_SUB: case IRV_AND: case IRV_BIC: case IRV_ORR: case IRV_ORN:
    case IRV_EOR:
        return true;
    case IRV_CMEQ: case IRV_CMTST:
        return esz < 3 || sse41;                /* pcmpeqq */
    case IRV_CMGT: case IRV_CMGE: case IRV_CMHI: case IRV_CMHS:
        return esz < 3 || sse42;                /* pcmpgtq */
    case IRV_SMIN: case IRV_SMAX:
        return esz == 1 || (esz < 3 && sse41);  /* pminsw; pminsb/pminsd */
    case IRV_UMIN: case IRV_UMAX:
        return esz == 0 || (esz < 3 && sse41);  /* pminub; pminuw/pminud */
    case IRV_SHL: case IRV_USHR:
        return esz > 0;                         /* no byte shifts in SSE */
    case IRV_SSHR:
        return esz == 1 || esz == 2;            /* psraw/psrad; no psraq before AVX-512 */
    case IRV_UADDLP: case IRV_UADALP:
        return esz < 2 && sse41;                /* pmaddubsw (SSSE3), pmaddwd */
    case IRV_EXT:
        return true;                            /* SSE2 byte shifts */
    case IRV_UMAXV: case IRV_UMINV:
        return esz == 0;                        /* pmaxub/pminub folding */
    case IRV_FADD: case IRV_FSUB: case IRV_FMUL: case IRV_FDIV:
        return esz >= 2;
    case IRV_FMLA: case IRV_FMLS:
        return esz >= 2 && (host & IRV_HOST_FMA);
    case IRV_REV:
        return sse41;                           /* pshufb (SSSE3) */
    case IRV_AESE: case IRV_AESD: case IRV_AESMC: case IRV_AESIMC:
        return host & IRV_HOST_AES;
    case IRV_SHA256H: case IRV_SHA256H2: case IRV_SHA256SU0: case IRV_SHA256SU1:
        return sse41 && (host & IRV_HOST_SHA);  /* and pshufd, punpck, palignr */
    case IRV_COUNT:
        break;
    }
    return false;
}

static uint64_t lane(const uint64_t v[2], unsigned i, unsigned bits)
{
    unsigned per = 64 / bits;
    uint64_t w = v[i / per] >> (i % per * bits);
    return bits == 64 ? w : w & ((1ull << bits) - 1);
}

static int64_t sext(uint64_t x, unsigned bits)
{
    return bits == 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static uint64_t eval_lane(unsigned op, unsigned bits, uint64_t n, uint64_t m, unsigned sh)
{
    int64_t sn = sext(n, bits), sm = sext(m, bits);
    uint64_t ones = ~0ull;

    switch (op) {
    case IRV_ADD:   return n + m;
    case IRV_SUB:   return n - m;
    case IRV_AND:   return n & m;
    case IRV_BIC:   return n & ~m;
    case IRV_ORR:   return n | m;
    case IRV_ORN:   return n | ~m;
    case IRV_EOR:   return n ^ m;
    case IRV_CMEQ:  return n == m ? ones : 0;
    case IRV_CMGT:  return sn > sm ? ones : 0;
    case IRV_CMGE:  return sn >= sm ? ones : 0;
    case IRV_CMHI:  return n > m ? ones : 0;
    case IRV_CMHS:  return n >= m ? ones : 0;
    case IRV_CMTST: return (n & m) != 0 ? ones : 0;
    case IRV_SMIN:  return (uint64_t)(sn < sm ? sn : sm);
    case IRV_SMAX:  return (uint64_t)(sn > sm ? sn : sm);
    case IRV_UMIN:  return n < m ? n : m;
    case IRV_UMAX:  return n > m ? n : m;
    case IRV_SHL:   return n << sh;
    case IRV_USHR:  return sh >= bits ? 0 : n >> sh;
    case IRV_SSHR:  return (uint64_t)(sn >> (sh >= bits ? bits - 1 : sh));
    }
    return 0;
}

void ir_vec_eval(uint64_t (*vregs)[2], uint64_t desc)
{
    unsigned bits = 8u << IRV_ESZ(desc), lanes = (IRV_Q(desc) ? 128 : 64) / bits;
    uint64_t n[2], m[2], d[2] = { 0, 0 };

    memcpy(n, vregs[IRV_N(desc)], sizeof n);
    memcpy(m, vregs[IRV_M(desc)], sizeof m);
    if (irv_is_crypto(IRV_OP(desc))) {
        static const unsigned sc[] = { SC_AESE, SC_AESD, SC_AESMC, SC_AESIMC, SC_SHA256H,
                                       SC_SHA256H2, SC_SHA256SU0, SC_SHA256SU1 };
        Vec vd, vn, vm;
        memcpy(&vd, vregs[IRV_D(desc)], 16);
        memcpy(&vn, n, 16);
        memcpy(&vm, m, 16);
        crypto_op_portable(sc[IRV_OP(desc) - IRV_AESE], &vd, &vn, &vm);
        memcpy(vregs[IRV_D(desc)], &vd, 16);
        return;
    }
    if (IRV_OP(desc) == IRV_REV) {      /* element i from i ^ flip within the container */
        unsigned flip = (1u << (IRV_SHIFT(desc) - IRV_ESZ(desc))) - 1;
        for (unsigned i = 0; i < lanes; i++) {
            unsigned j = i ^ flip;
            d[i * bits / 64] |= lane(n, j, bits) << (i * bits % 64);
        }
        memcpy(vregs[IRV_D(desc)], d, sizeof d);
        return;
    }
    if (IRV_OP(desc) == IRV_EXT) {
        unsigned size = IRV_Q(desc) ? 16 : 8, pos = IRV_SHIFT(desc);
        uint8_t src[32], out[16] = { 0 };
        memcpy(src, n, size);
        memcpy(src + size, m, size);
        memcpy(out, src + pos, size);
        memcpy(vregs[IRV_D(desc)], out, sizeof out);
        return;
    }
    if (IRV_OP(desc) == IRV_UMAXV || IRV_OP(desc) == IRV_UMINV) {
        uint64_t r = lane(n, 0, bits);
        for (unsigned i = 1; i < lanes; i++) {
            uint64_t x = lane(n, i, bits);
            r = (IRV_OP(desc) == IRV_UMAXV) == (x > r) ? x : r;
        }
        vregs[IRV_D(desc)][0] = r;
        vregs[IRV_D(desc)][1] = 0;
        return;
    }
    if (IRV_OP(desc) == IRV_UADDLP || IRV_OP(desc) == IRV_UADALP) {
        unsigned wide = bits * 2;
        if (IRV_OP(desc) == IRV_UADALP) {
            memcpy(d, vregs[IRV_D(desc)], sizeof d);
        }
        for (unsigned i = 0; i < lanes / 2; i++) {
            uint64_t mask = wide == 64 ? ~0ull : (1ull << wide) - 1, sum = lane(n, 2 * i, bits) + lane(n, 2 * i + 1, bits);
            unsigned w = i * wide / 64, at = i * wide % 64;
            uint64_t acc = IRV_OP(desc) == IRV_UADALP ? (d[w] >> at) & mask : 0;
            d[w] = (d[w] & ~(mask << at)) | (((acc + sum) & mask) << at);
        }
        if (!IRV_Q(desc)) {
            d[1] = 0;
        }
        memcpy(vregs[IRV_D(desc)], d, sizeof d);
        return;
    }
    for (unsigned i = 0; i < lanes; i++) {
        uint64_t r = eval_lane(IRV_OP(desc), bits, lane(n, i, bits), lane(m, i, bits),
                               IRV_SHIFT(desc));
        if (bits < 64) {
            r &= (1ull << bits) - 1;
        }
        d[i * bits / 64] |= r << (i * bits % 64);
    }
    memcpy(vregs[IRV_D(desc)], d, sizeof d);
}

/* The FP operations element by element with the FP core (arm/fpu.h: Arm's NaN, flush and
 * flag rules), after fpu_vec_fast, which gives the same result where it applies. */
void ir_vec_eval_fp(uint64_t (*vregs)[2], uint64_t desc, uint32_t fpcr, uint32_t *fpsr)
{
    static const unsigned fast_op[] = { [IRV_FADD - IRV_FADD] = FPV_ADD, [IRV_FSUB - IRV_FADD] = FPV_SUB,
                                        [IRV_FMUL - IRV_FADD] = FPV_MUL, [IRV_FDIV - IRV_FADD] = FPV_DIV,
                                        [IRV_FMLA - IRV_FADD] = FPV_MLA, [IRV_FMLS - IRV_FADD] = FPV_MLS };
    unsigned op = IRV_OP(desc), esz = IRV_ESZ(desc), sh = IRV_SHIFT(desc), bits = 8u << esz;
    unsigned lanes = sh & IRV_FP_SCALAR ? 1 : (IRV_Q(desc) ? 128 : 64) / bits;
    uint64_t n[2], m[2], d[2], r[2] = { 0, 0 };

    memcpy(n, vregs[IRV_N(desc)], sizeof n);
    memcpy(m, vregs[IRV_M(desc)], sizeof m);
    memcpy(d, vregs[IRV_D(desc)], sizeof d);
    if (sh & IRV_FP_ELEM) {
        uint64_t e = lane(m, sh & 3, bits);
        for (unsigned i = 0; i < 128 / bits; i++) {
            unsigned w = i * bits / 64, at = i * bits % 64;
            m[w] = bits == 64 ? e : (m[w] & ~(((1ull << bits) - 1) << at)) | e << at;
        }
    }
    if (!fpu_vec_fast(esz, fast_op[op - IRV_FADD], lanes, r, n, m, d, fpcr, fpsr)) {
        for (unsigned i = 0; i < lanes; i++) {
            uint64_t x = lane(n, i, bits), y = lane(m, i, bits), z = lane(d, i, bits), v;
            switch (op) {
            case IRV_FADD: v = fpu_add(esz, x, y, fpcr, fpsr); break;
            case IRV_FSUB: v = fpu_sub(esz, x, y, fpcr, fpsr); break;
            case IRV_FMUL: v = fpu_mul(esz, x, y, fpcr, fpsr); break;
            case IRV_FDIV: v = fpu_div(esz, x, y, fpcr, fpsr); break;
            case IRV_FMLA: v = fpu_muladd(esz, z, x, y, fpcr, fpsr); break;
            default: v = fpu_muladd(esz, z, fpu_neg(esz, x), y, fpcr, fpsr); break;
            }
            r[i * bits / 64] |= v << (i * bits % 64);
        }
    }
    memcpy(vregs[IRV_D(desc)], r, sizeof r);
}

void ir_vec_run(CPUARMState *env, uint64_t desc)
{
    if (irv_is_fp(IRV_OP(desc))) {
        ir_vec_eval_fp(env->vregs, desc, env->fpcr, &env->fpsr);
    } else {
        ir_vec_eval(env->vregs, desc);
    }
}
