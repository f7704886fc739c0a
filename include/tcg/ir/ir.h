/* ir.h: the translator's intermediate representation. The A64 frontend writes
 * one IRBlock per translation block; the optimizer rewrites it; the x86-64
 * backend and the IR interpreter both consume it with the same semantics.
 *
 * Shape: a linear list of instructions in SSA form. Every value-producing
 * instruction defines the value named by its own index (an IRVal). Values are
 * 64-bit host words; an op with sz == 32 reads the low 32 bits of its inputs
 * and zero-extends its 32-bit result. Control flow inside a block is limited
 * to forward branches to labels followed only by block exits: a value must not
 * be used after a LABEL that follows its definition (no phis needed). Guest
 * state lives in CPUARMState and is reached with GET_REG/SET_REG (registers),
 * the flags ops, and helper calls. */
#ifndef A64EMU_IR_H
#define A64EMU_IR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "arm/flags.h"

typedef uint32_t IRVal;
#define IR_NONE 0xffffffffu

/* The ops and their facts: one row each in ir-ops.def. */
typedef enum IROp {
#define IR_OP(op, name, nargs, cond, imm, flags) IR_##op,
#include "tcg/ir/ir-ops.def"
#undef IR_OP
    IR_OP_COUNT
} IROp;

/* IROpInfo.flags (ir-ops.def says what each means). */
enum {
    IRF_RESULT = 1 << 0,
    IRF_PURE = 1 << 1,
    IRF_SIZED = 1 << 2,
    IRF_ARITH = 1 << 3,
    IRF_COMM = 1 << 4,
    IRF_OPT_B = 1 << 5,
    IRF_ARGS_SZ = 1 << 6,
    IRF_RFLAGS = 1 << 7,
    IRF_WFLAGS = 1 << 8,
    IRF_SYNC = 1 << 9,
    IRF_BRANCH = 1 << 10,
    IRF_END = 1 << 11,
    IRF_EXIT = 1 << 12,
};

/* What IRInst.cond holds. */
typedef enum IRCondKind {
    IRK_NONE, IRK_IRCOND, IRK_ARMCOND, IRK_CCKIND, IRK_SLOT, IRK_CALL,
} IRCondKind;

/* What IRInst.imm holds. */
typedef enum IRImmKind {
    IRI_NONE, IRI_CONST, IRI_REG, IRI_BITS, IRI_FIELD, IRI_MEMOP, IRI_FN, IRI_LABEL, IRI_PC,
    IRI_VOFF, IRI_VDESC,
} IRImmKind;

typedef struct IROpInfo {
    const char *name;
    uint8_t nargs;
    uint8_t cond;        /* IRCondKind */
    uint8_t imm;         /* IRImmKind */
    uint16_t flags;      /* IRF_* */
} IROpInfo;

extern const IROpInfo ir_op_table[IR_OP_COUNT];

/* Integer comparison conditions (IR_SETCOND, IR_MOVCOND, IR_BRCOND). */
typedef enum IRCond {
    IRC_EQ, IRC_NE,
    IRC_LTU, IRC_GEU, IRC_LEU, IRC_GTU,
    IRC_LT, IRC_GE, IRC_LE, IRC_GT,
    IRC_TSTEQ,       /* (a & b) == 0 */
    IRC_TSTNE,       /* (a & b) != 0 */
} IRCond;

/* Memory operation descriptor (IR_LD/IR_ST imm). */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,         /* loads: sign-extend to 64 bits */
    MO_ALIGN = 8,        /* alignment fault if not aligned to the size */
    MO_ACQ = 16,         /* load-acquire / store-release (a host barrier where needed) */
} MemOp;

#define IR_CALL_MAX_ARGS 4

/* IR_CALL flags (in cond). */
enum {
    CALL_PURE = 1,       /* no side effects, reads nothing but its args: may be deleted or folded */
    CALL_READS_REGS = 2, /* reads guest registers or flags from env: write back cached state first */
    CALL_WRITES_REGS = 4,/* writes guest registers or flags in env: reload cached state after */
    CALL_MAY_RAISE = 8,  /* may raise a guest exception (longjmp): env->pc and all state written first */
    CALL_NORETURN = 16,  /* never returns (raises an exception); followed by IR_EXIT_NORETURN */
};

/* IR_EXIT_INDIRECT's imm: the block's TB flags still hold at the exit (BR, BLR, RET: any
 * change to them ends a block before), so generated code may look the target up in the
 * jump cache under them itself. 0 (ERET): they may have changed; the helper finds them. */
#define IR_EXIT_KEEPS_FLAGS 1

typedef struct IRInst {
    uint8_t op;          /* IROp */
    uint8_t sz;          /* 32 or 64; arg count for IR_CALL */
    uint8_t cond;        /* IRCond / ArmCond / CCKind / slot / call flags */
    uint8_t dead;        /* optimizer scratch */
    IRVal a, b, c, d;    /* operands: indices of defining instructions, or IR_NONE */
    uint64_t imm;
} IRInst;

typedef struct IRBlock {
    IRInst *insts;
    uint32_t n, cap;
    uint32_t nlabels;
    uint64_t pc;         /* guest PC of the first instruction */
    uint32_t flags;      /* the TB flags it was translated under */
    uint32_t guest_insns;
    uint64_t guest_size; /* bytes of guest code covered */
} IRBlock;

void ir_block_init(IRBlock *b, uint64_t pc, uint32_t flags);
void ir_block_reset(IRBlock *b, uint64_t pc, uint32_t flags);
void ir_block_free(IRBlock *b);
/* Append an instruction; returns its index (the value it defines). */
IRVal ir_emit(IRBlock *b, IROp op, uint8_t sz, uint8_t cond, IRVal a, IRVal b_, IRVal c,
              IRVal d, uint64_t imm);
uint32_t ir_new_label(IRBlock *b);

/* Convenience builders the frontend uses. */
static inline IRVal ir_movi(IRBlock *b, uint64_t v) { return ir_emit(b, IR_MOVI, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, v); }
static inline IRVal ir_get_reg(IRBlock *b, unsigned r) { return ir_emit(b, IR_GET_REG, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, r); }
static inline void ir_set_reg(IRBlock *b, unsigned r, IRVal v) { ir_emit(b, IR_SET_REG, 64, 0, v, IR_NONE, IR_NONE, IR_NONE, r); }
/* 64 bits of a V register: half 0 is bits 63..0, half 1 bits 127..64. */
static inline IRVal ir_get_v64(IRBlock *b, unsigned vreg, unsigned half) { return ir_emit(b, IR_GET_V64, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, vreg * 16 + half * 8); }
static inline void ir_set_v64(IRBlock *b, unsigned vreg, unsigned half, IRVal v) { ir_emit(b, IR_SET_V64, 64, 0, v, IR_NONE, IR_NONE, IR_NONE, vreg * 16 + half * 8); }
static inline IRVal ir_bin(IRBlock *b, IROp op, unsigned sz, IRVal x, IRVal y) { return ir_emit(b, op, sz, 0, x, y, IR_NONE, IR_NONE, 0); }
static inline IRVal ir_un(IRBlock *b, IROp op, unsigned sz, IRVal x) { return ir_emit(b, op, sz, 0, x, IR_NONE, IR_NONE, IR_NONE, 0); }
static inline IRVal ir_call(IRBlock *b, void *fn, unsigned flags, unsigned nargs, IRVal x, IRVal y, IRVal z)
{ return ir_emit(b, IR_CALL, nargs, flags, x, y, z, IR_NONE, (uint64_t)(uintptr_t)fn); }

/* IR_VOP's operations. Vd := op(Vn, Vm) per element of 8 << esz bits; BIC is n & ~m,
 * ORN n | ~m; compares give all ones or zero (GT/GE signed, HI/HS unsigned, TST
 * (n & m) != 0); SHL/USHR/SSHR shift Vn by the descriptor's shift (SHL below the element
 * width, USHR/SSHR 1 to the width: USHR by the width gives 0, SSHR the sign). */
typedef enum IRVecOp {
    IRV_ADD, IRV_SUB, IRV_AND, IRV_BIC, IRV_ORR, IRV_ORN, IRV_EOR,
    IRV_CMEQ, IRV_CMGT, IRV_CMGE, IRV_CMHI, IRV_CMHS, IRV_CMTST,
    IRV_SMIN, IRV_SMAX, IRV_UMIN, IRV_UMAX,
    IRV_SHL, IRV_USHR, IRV_SSHR,
    IRV_UADDLP, IRV_UADALP,     /* esz the source element: d := (or +=) pairwise sums, 2 * esz wide */
    IRV_EXT,                    /* d := bytes shift.. of m:n (Q = 0: of m<63:0>:n<63:0>) */
    IRV_UMAXV, IRV_UMINV,       /* d := the unsigned max (min) of n's elements, zero-extended */
    /* Floating point (esz 2 single, 3 double), as FADD, FSUB, FMUL, FDIV, FMLA (d + n * m
     * fused), FMLS (d - n * m) of the Arm ARM under FPCR, setting FPSR's flags: the
     * shift field holds IRV_FP_SCALAR (one element, the rest of Vd zeroed) and
     * IRV_FP_ELEM | index (m is Vm[index] in every lane). ir_vec_eval_fp defines them;
     * the backend runs them inline when FPCR and the operands allow and calls
     * ir_vec_eval_fp otherwise. */
    IRV_FADD, IRV_FSUB, IRV_FMUL, IRV_FDIV, IRV_FMLA, IRV_FMLS,
    /* REV16/REV32/REV64: esz elements reversed within containers of 1 << shift bytes
     * (shift 1, 2 or 3, above esz); the crypto extension's AES and SHA-256 steps (Q = 1,
     * esz 2, shift 0), as crypto_op defines them (tcg/helper-crypto.c) */
    IRV_REV,
    IRV_AESE, IRV_AESD, IRV_AESMC, IRV_AESIMC, IRV_SHA256H, IRV_SHA256H2, IRV_SHA256SU0,
    IRV_SHA256SU1,
    IRV_COUNT,
} IRVecOp;

/* IR_VOP's imm: d, n, m (5 bits each), esz (2), q (1), shift (7), op (6). */
static inline uint64_t ir_vec_desc(IRVecOp op, unsigned esz, unsigned q, unsigned d, unsigned n,
                                   unsigned m, unsigned shift)
{
    return (uint64_t)(d & 31) | (uint64_t)(n & 31) << 5 | (uint64_t)(m & 31) << 10 |
           (uint64_t)(esz & 3) << 15 | (uint64_t)(q & 1) << 17 | (uint64_t)(shift & 127) << 18 |
           (uint64_t)op << 25;
}
#define IRV_D(desc)     ((unsigned)(desc) & 31)
#define IRV_N(desc)     ((unsigned)((desc) >> 5) & 31)
#define IRV_M(desc)     ((unsigned)((desc) >> 10) & 31)
#define IRV_ESZ(desc)   ((unsigned)((desc) >> 15) & 3)
#define IRV_Q(desc)     ((unsigned)((desc) >> 17) & 1)
#define IRV_SHIFT(desc) ((unsigned)((desc) >> 18) & 127)
#define IRV_OP(desc)    ((unsigned)((desc) >> 25))
static inline void ir_vop(IRBlock *b, IRVecOp op, unsigned esz, unsigned q, unsigned d, unsigned n,
                          unsigned m, unsigned shift)
{ ir_emit(b, IR_VOP, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, ir_vec_desc(op, esz, q, d, n, m, shift)); }

enum { IRV_FP_SCALAR = 64, IRV_FP_ELEM = 32 };
static inline bool irv_is_fp(unsigned op) { return op >= IRV_FADD && op <= IRV_FMLS; }
static inline bool irv_is_crypto(unsigned op) { return op >= IRV_AESE && op <= IRV_SHA256SU1; }

/* tcg/ir/vec.c. The definition of IR_VOP: vregs as CPUARMState.vregs (ir_vec_eval, the
 * integer operations) and the FP ones, which also read FPCR and set FPSR's flags
 * (ir_vec_eval_fp: fpcr and fpsr as CPUARMState's). ir_vec_run is either, for env. */
void ir_vec_eval(uint64_t (*vregs)[2], uint64_t desc);
void ir_vec_eval_fp(uint64_t (*vregs)[2], uint64_t desc, uint32_t fpcr, uint32_t *fpsr);
struct CPUARMState;
void ir_vec_run(struct CPUARMState *env, uint64_t desc);
/* NULL when desc is a valid IR_VOP descriptor, else what is wrong (the shift's range by
 * operation, no 64-bit min/max). */
const char *ir_vec_desc_error(uint64_t desc);
/* Which descriptors the host backend compiles inline (the frontend emits IR_VOP only for
 * those, a helper call otherwise): IRV_HOST_* bits, set by the backend from CPUID at
 * start-up (SSE2 is the floor). */
enum { IRV_HOST_SSE41 = 1, IRV_HOST_SSE42 = 2, IRV_HOST_FMA = 4, IRV_HOST_AES = 8, IRV_HOST_SHA = 16 };
extern unsigned ir_vec_host;
bool ir_vec_native(IRVecOp op, unsigned esz, unsigned host);

/* The facts of in's op (a valid IROp: ir_verify checks). */
static inline const IROpInfo *ir_info(const IRInst *in) { return &ir_op_table[in->op]; }
/* How many of a, b, c, d in reads as values. */
static inline unsigned ir_nargs(const IRInst *in)
{
    const IROpInfo *o = ir_info(in);
    return (o->flags & IRF_ARGS_SZ) ? in->sz : o->nargs;
}
/* May in be deleted when nothing uses its value? */
static inline bool ir_is_pure(const IRInst *in)
{
    return in->op == IR_CALL ? (in->cond & CALL_PURE) != 0 : (ir_info(in)->flags & IRF_PURE) != 0;
}
/* Does op define a value? */
static inline bool ir_op_has_result(IROp op) { return (ir_op_table[op].flags & IRF_RESULT) != 0; }
/* "???" for a number that is no IROp. */
const char *ir_op_name(IROp op);
/* `-d op` / `-d op_opt`: one line an instruction. */
void ir_dump(const IRBlock *b, GString *out);
/* Constant folding, GET/SET_REG forwarding, dead code and dead flag
 * elimination. Semantics-preserving: the interpreter gives the same result
 * before and after. */
void ir_optimize(IRBlock *b);

/* The checker (tcg/ir/ir-verify.c): operand counts and unused slots, values
 * defined before use by value-producing instructions and not across a label,
 * widths, cond and imm ranges, call arguments and flags, labels placed once
 * after their branches, no path falling off the end. ir_verify_msg returns
 * NULL for a well-formed block, else what is wrong with which instruction
 * (g_free it); ir_verify aborts with that message and the block's dump. */
char *ir_verify_msg(const IRBlock *b);
void ir_verify(const IRBlock *b);

/* Pure evaluation helpers shared by the optimizer (folding), the interpreter
 * and the runtime, so each op's semantics is written once. */
uint64_t ir_eval_binop(IROp op, unsigned sz, uint64_t a, uint64_t b, uint64_t imm);
bool ir_eval_cond(IRCond c, unsigned sz, uint64_t a, uint64_t b);
/* ir_flags_nzcv() and ir_arm_cond_holds() (arm/flags.h) complete the set. */

#endif
