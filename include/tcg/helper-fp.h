/* helper-fp.h: the descriptors the scalar FP helpers (tcg/helper-fp.c, rows
 * of helpers.def) take from the frontend (tcg/a64/trans-fp.c): which
 * operation, the element sizes, rounding and the conversion's fields, packed
 * in one constant argument. */
#ifndef A64EMU_TCG_HELPER_FP_H
#define A64EMU_TCG_HELPER_FP_H

#include <stdint.h>

/* helper_fp_2op: the encoding's opcode of "Floating-point data-processing
 * (2 source)", then the AdvSIMD-only ones (the compares give an element of
 * all ones or zero). */
enum {
    FOP2_MUL, FOP2_DIV, FOP2_ADD, FOP2_SUB, FOP2_MAX, FOP2_MIN, FOP2_MAXNM, FOP2_MINNM,
    FOP2_NMUL, FOP2_MULX, FOP2_ABD, FOP2_RECPS, FOP2_RSQRTS,
    FOP2_CMEQ, FOP2_CMGE, FOP2_CMGT, FOP2_ACGE, FOP2_ACGT,
    FOP2_COUNT
};

/* helper_fp_1op */
enum {
    FOP1_SQRT,      /* FSQRT */
    FOP1_RINT,      /* FRINT*: FPD_RM, FPD_EXACT (FRINTX) */
    FOP1_CVT,       /* FCVT: from size to FPD_SIZE2 */
    FOP1_TOFIX,     /* FCVT[NPMZA][SU]: FPD_RM, FPD_UNS, FPD_FBITS, FPD_I64 */
    FOP1_FROMFIX,   /* SCVTF, UCVTF: the same fields; the value is the integer */
    /* the AdvSIMD-only ones: */
    FOP1_CVTODD,    /* FCVTXN: double to single, rounding to odd */
    FOP1_ABS, FOP1_NEG,
    FOP1_RECPE, FOP1_RSQRTE, FOP1_RECPX,
    FOP1_URECPE, FOP1_URSQRTE,  /* 32-bit integers */
    FOP1_CMGT0, FOP1_CMGE0, FOP1_CMEQ0, FOP1_CMLE0, FOP1_CMLT0,
    FOP1_COUNT
};

/* Descriptor fields. */
#define FPD_OP(d)      ((d) & 0xff)
#define FPD_SIZE(d)    (((d) >> 8) & 3)        /* FP_H, FP_S, FP_D (arm/fpu.h) */
#define FPD_SIZE2(d)   (((d) >> 10) & 3)
#define FPD_RM(d)      (((d) >> 12) & 7)       /* an FPRounding; FPD_RM_FPCR: FPCR's */
#define FPD_FLAG(d)    (((d) >> 15) & 1)       /* FRINTX: exact; conversions: unsigned */
#define FPD_FBITS(d)   (((d) >> 16) & 0x7f)
#define FPD_I64(d)     (((d) >> 23) & 1)       /* the integer is 64 bits (else 32) */
#define FPD_RM_FPCR    7
#define FPD_MAKE(op, size, size2, rm, flag, fbits, i64) \
    ((uint64_t)(op) | (uint64_t)(size) << 8 | (uint64_t)(size2) << 10 | (uint64_t)(rm) << 12 | \
     (uint64_t)(flag) << 15 | (uint64_t)(fbits) << 16 | (uint64_t)(i64) << 23)

/* helper_fp_cmp's descriptor: size, signalling (FCMPE, FCCMPE), and the
 * NZCV FCCMP sets when its condition fails. */
#define FPC_MAKE(size, signal, nzcv) ((uint64_t)(size) | (uint64_t)(signal) << 2 | (uint64_t)(nzcv) << 4)

/* The operations themselves, for the scalar helpers and the AdvSIMD per-lane
 * loops (tcg/helper-simdfp.c): one element of size (FP_S, FP_D...) with the
 * given FPCR, accumulating into *fpsr. fp_1op takes a whole descriptor. */
uint64_t fp_2op(unsigned op, unsigned size, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t fp_1op(uint64_t desc, uint64_t a, uint32_t fpcr, uint32_t *fpsr);

#endif
