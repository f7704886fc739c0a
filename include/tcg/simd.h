/* simd.h: the descriptor the AdvSIMD and crypto helpers (tcg/helper-simd.c)
 * take from the frontend (tcg/a64/trans-simd.c), and the operation selectors
 * of each helper family. One constant argument says everything about the
 * instruction: register numbers, element size, Q, scalar, the operation, and
 * an immediate (shift, index, length...). */
#ifndef A64EMU_TCG_SIMD_H
#define A64EMU_TCG_SIMD_H

#include <stdbool.h>
#include <stdint.h>

/* Descriptor layout: bits
 *   4..0 Rd   9..5 Rn   14..10 Rm   19..15 Ra (a second immediate field)
 *   21..20 esize (log2 bytes of the element the operation is named by)
 *   22 Q (16 bytes, else 8)   23 scalar (one element)
 *   31..24 operation   39..32 imm   47..40 imm2 */
#define SD_RD(x)      ((unsigned)(x) & 31)
#define SD_RN(x)      ((unsigned)((x) >> 5) & 31)
#define SD_RM(x)      ((unsigned)((x) >> 10) & 31)
#define SD_RA(x)      ((unsigned)((x) >> 15) & 31)
#define SD_ESZ(x)     ((unsigned)((x) >> 20) & 3)
#define SD_Q(x)       ((unsigned)((x) >> 22) & 1)
#define SD_SCALAR(x)  ((unsigned)((x) >> 23) & 1)
#define SD_OP(x)      ((unsigned)((x) >> 24) & 0xff)
#define SD_IMM(x)     ((unsigned)((x) >> 32) & 0xff)
#define SD_IMM2(x)    ((unsigned)((x) >> 40) & 0xff)

static inline uint64_t simd_desc(unsigned op, unsigned rd, unsigned rn, unsigned rm,
                                 unsigned esz, unsigned q, unsigned scalar, unsigned imm)
{
    return (uint64_t)(rd & 31) | (uint64_t)(rn & 31) << 5 | (uint64_t)(rm & 31) << 10 |
           (uint64_t)(esz & 3) << 20 | (uint64_t)(q & 1) << 22 | (uint64_t)(scalar & 1) << 23 |
           (uint64_t)(op & 0xff) << 24 | (uint64_t)(imm & 0xff) << 32;
}

static inline uint64_t simd_desc_imm2(uint64_t desc, unsigned imm2)
{
    return desc | (uint64_t)(imm2 & 0xff) << 40;
}

/* helper_simd_perm: copies and permutes. imm: the element index (DUP, INS:
 * imm2 the source index), the byte position (EXT), the register count (TBL/TBX). */
enum {
    SP_DUP_ELEM, SP_INS_ELEM, SP_EXT, SP_ZIP1, SP_ZIP2, SP_UZP1, SP_UZP2, SP_TRN1, SP_TRN2,
    SP_TBL, SP_TBX, SP_REV16, SP_REV32, SP_REV64,
    SP_COUNT
};

/* helper_simd_movi: the 64-bit expanded immediate op Vd (every 64-bit half). */
enum { SM_MOV, SM_ORR, SM_BIC };

/* helper_simd_3same: three registers of the same element size. */
enum {
    S3_ADD, S3_SUB, S3_MUL, S3_MLA, S3_MLS, S3_PMUL,
    S3_AND, S3_BIC, S3_ORR, S3_ORN, S3_EOR, S3_BSL, S3_BIT, S3_BIF,
    S3_CMEQ, S3_CMGE, S3_CMGT, S3_CMHI, S3_CMHS, S3_CMTST,
    S3_SHADD, S3_UHADD, S3_SRHADD, S3_URHADD, S3_SHSUB, S3_UHSUB,
    S3_SMAX, S3_SMIN, S3_UMAX, S3_UMIN, S3_SMAXP, S3_SMINP, S3_UMAXP, S3_UMINP, S3_ADDP,
    S3_SABD, S3_UABD, S3_SABA, S3_UABA,
    S3_SQADD, S3_UQADD, S3_SQSUB, S3_UQSUB,
    S3_SSHL, S3_USHL, S3_SQSHL, S3_UQSHL, S3_SRSHL, S3_URSHL, S3_SQRSHL, S3_UQRSHL,
    S3_SQDMULH, S3_SQRDMULH,
    S3_COUNT
};

/* helper_simd_3diff: long (2*esize from esize), wide and narrow forms;
 * esize is the narrow element's. imm = 1 for the "2" (upper half) forms. */
enum {
    SL_SADDL, SL_UADDL, SL_SSUBL, SL_USUBL, SL_SADDW, SL_UADDW, SL_SSUBW, SL_USUBW,
    SL_ADDHN, SL_RADDHN, SL_SUBHN, SL_RSUBHN,
    SL_SABAL, SL_UABAL, SL_SABDL, SL_UABDL,
    SL_SMLAL, SL_UMLAL, SL_SMLSL, SL_UMLSL, SL_SMULL, SL_UMULL,
    SL_SQDMLAL, SL_SQDMLSL, SL_SQDMULL, SL_PMULL,
    SL_COUNT
};

/* helper_simd_2misc: one source register. For the narrowing ones esize is the
 * narrow element's and imm = 1 for the "2" forms; for the long pairwise ones
 * esize is the source element's. */
enum {
    S2_SADDLP, S2_UADDLP, S2_SADALP, S2_UADALP,
    S2_CLS, S2_CLZ, S2_CNT, S2_NOT, S2_RBIT,
    S2_SUQADD, S2_USQADD, S2_SQABS, S2_SQNEG, S2_ABS, S2_NEG,
    S2_CMGT0, S2_CMGE0, S2_CMEQ0, S2_CMLE0, S2_CMLT0,
    S2_XTN, S2_SQXTN, S2_UQXTN, S2_SQXTUN, S2_SHLL,
    S2_COUNT
};

/* helper_simd_across: across the lanes of Vn into a scalar. */
enum { SA_ADDV, SA_SMAXV, SA_SMINV, SA_UMAXV, SA_UMINV, SA_SADDLV, SA_UADDLV, SA_COUNT };

/* helper_simd_elem: by element: an S3_* operation (imm2 = 0) or an SL_* one
 * (imm2 bit 1; bit 0: the "2" form) with every lane of the second operand
 * Vm[imm]. */
#define SE_LONG 2

/* helper_simd_shift: shift by immediate; imm is the shift amount (right
 * shifts 1..esize, left 0..esize-1); imm2 = 1 for the "2" narrowing and long forms. */
enum {
    SS_SSHR, SS_USHR, SS_SSRA, SS_USRA, SS_SRSHR, SS_URSHR, SS_SRSRA, SS_URSRA,
    SS_SRI, SS_SHL, SS_SLI, SS_SQSHL, SS_UQSHL, SS_SQSHLU,
    SS_SHRN, SS_RSHRN, SS_SQSHRN, SS_UQSHRN, SS_SQRSHRN, SS_UQRSHRN, SS_SQSHRUN, SS_SQRSHRUN,
    SS_SSHLL, SS_USHLL,
    SS_COUNT
};

/* helper_simd_fp3 (the FP three same and by element forms; its second
 * argument is the FOP2_* operation, tcg/helper-fp.h): how the lanes are
 * formed. imm2 = SF_ELEM: the second operand is Vm[imm] in every lane. */
enum { SF3_LANES, SF3_PAIR, SF3_MLA, SF3_MLS };
#define SF_ELEM 1
/* helper_simd_fp2 takes the scalar helpers' FPD descriptor (tcg/helper-fp.h)
 * as its second argument; a conversion between sizes (FCVTN, FCVTL, FCVTXN)
 * narrows or widens the lanes, imm = 1 for the "2" forms.
 * helper_simd_fpred: a FOP2_* reduction of the (Q ? 16 : 8) >> esize lanes
 * of Vn into a scalar (FMAXV..., the scalar FADDP...), Reduce()'s tree. */

/* helper_crypto: the AES and SHA instructions. */
enum {
    SC_AESE, SC_AESD, SC_AESMC, SC_AESIMC,
    SC_SHA1C, SC_SHA1P, SC_SHA1M, SC_SHA1SU0, SC_SHA1H, SC_SHA1SU1,
    SC_SHA256H, SC_SHA256H2, SC_SHA256SU0, SC_SHA256SU1,
    SC_COUNT
};

/* ---- the lane functions (tcg/helper-simd.c, tcg/helper-crypto.c) ----
 * Plain C over a register's bytes, shared by the helpers above and the unit
 * tests; the helpers copy Vn, Vm, Vd into Vecs, call these, and store. */
typedef union Vec {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} __attribute__((aligned(16))) Vec;

/* Element i of size 1 << esz bytes, zero- or sign-extended; set truncates. */
uint64_t simd_lane_u(const Vec *v, unsigned esz, unsigned i);
int64_t simd_lane_s(const Vec *v, unsigned esz, unsigned i);
void simd_lane_set(Vec *v, unsigned esz, unsigned i, uint64_t x);
/* SSHL and its family on one element x (extended): shifted by the signed
 * amount sh, with rounding and saturation to ebits signed or unsigned. */
__int128 simd_shift_elem(__int128 x, int sh, unsigned ebits, bool round, bool sat, bool out_uns,
                         bool *qc);
/* Carry-less product of a and b: the low 64 bits; *hi the high ones (may be
 * NULL). _portable: without the host's PCLMULQDQ (the unit tests compare). */
uint64_t simd_clmul64(uint64_t a, uint64_t b, uint64_t *hi);
uint64_t simd_clmul64_portable(uint64_t a, uint64_t b, uint64_t *hi);
/* One S3_* operation over whole Vecs (pairwise ones: over `bytes`); true
 * when a lane saturated. */
bool simd_3same(unsigned op, unsigned esz, unsigned bytes, Vec *r, const Vec *n, const Vec *m,
                const Vec *d);
/* One SL_* operation: esz the narrow element, part the "2" half, ne the
 * narrow elements per half. */
bool simd_3diff(unsigned op, unsigned esz, unsigned part, unsigned ne, Vec *r, const Vec *n,
                const Vec *m, const Vec *d);
/* The crypto instructions' cores: AES rounds, SHA-1 and SHA-256 steps over
 * the registers' values (d, n, m as the instruction names them). */
void crypto_op(unsigned op, Vec *d, const Vec *n, const Vec *m);
/* The same without the host's AES instructions (the unit tests compare the two). */
void crypto_op_portable(unsigned op, Vec *d, const Vec *n, const Vec *m);

#endif
