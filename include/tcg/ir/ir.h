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

typedef enum IROp {
    IR_NOP,          /* deleted instruction */
    IR_INSN_START,   /* imm = guest PC of the instruction that follows; a = IR_NONE */

    /* values */
    IR_MOVI,         /* = imm */
    IR_MOV,          /* = a */

    /* guest registers: imm = GuestReg index (X0..X30, SP_EL0, SP_EL1, ...) */
    IR_GET_REG,      /* = env->regs[imm] (64-bit) */
    IR_SET_REG,      /* env->regs[imm] = a (64-bit, the frontend zero-extends W writes) */

    /* integer arithmetic, width sz (32 or 64) */
    IR_ADD, IR_SUB, IR_MUL,
    IR_AND, IR_OR, IR_XOR,
    IR_ANDN,         /* a & ~b */
    IR_ORN,          /* a | ~b */
    IR_XNOR,         /* a ^ ~b */
    IR_NEG, IR_NOT,  /* unary on a */
    IR_SHL, IR_SHR, IR_SAR, IR_ROR,  /* amount b taken modulo sz (as A64 register shifts) */
    IR_MULHU, IR_MULHS,              /* high 64 bits of the 128-bit product (sz 64 only) */
    IR_DIVU, IR_DIVS,                /* A64 semantics: x/0 = 0; INT_MIN/-1 = INT_MIN */
    IR_CLZ,          /* count leading zeros; sz when a == 0 */
    IR_RBIT,         /* reverse the sz bits */
    IR_BSWAP,        /* reverse the sz/8 bytes */
    IR_EXTU,         /* zero-extend the low imm bits (8, 16, 32) of a */
    IR_EXTS,         /* sign-extend the low imm bits (8, 16, 32) of a to sz */
    IR_EXTRACT,      /* (a >> pos) & ((1 << len) - 1); imm = pos | len << 8; len >= 1 */
    IR_SEXTRACT,     /* same, sign-extended from bit len-1 to sz */
    IR_DEPOSIT,      /* a with bits [pos, pos+len) replaced by the low len bits of b; imm as above */

    /* integer compares: cond is an IRCond */
    IR_SETCOND,      /* = (a cond b) ? 1 : 0 */
    IR_MOVCOND,      /* = (a cond b) ? c : d */

    /* guest flags (lazy NZCV, see below); cond is an ArmCond where it applies */
    IR_SETFLAGS,     /* NZCV := flags of (cond = CCKind) over a, b at width sz */
    IR_TESTCC,       /* = ArmCond cond holds ? 1 : 0 */
    IR_SELCC,        /* = ArmCond cond holds ? a : b */
    IR_GETNZCV,      /* = NZCV in bits 31..28, zeros elsewhere */

    /* memory: imm = MemOp; guest virtual address a */
    IR_LD,           /* = load */
    IR_ST,           /* store b at a */

    /* helper calls: imm = (uintptr_t) C function, sz = number of args
     * (0..IR_CALL_MAX_ARGS, in a, b, c, d), cond = IRCallFlags. The function
     * is uint64_t fn(CPUARMState *env, uint64_t...) with sz arguments
     * (tcg/helpers.def). */
    IR_CALL,

    /* control flow inside the block (forward only) */
    IR_LABEL,        /* imm = label id */
    IR_BR,           /* goto label imm */
    IR_BRCOND,       /* if (a cond b) goto label imm; cond is an IRCond; width sz */
    IR_BRCC,         /* if ArmCond cond holds goto label imm */

    /* block exits (each ends a path) */
    IR_EXIT_TB,      /* continue at guest PC imm; cond = slot 0 or 1 (chainable) */
    IR_EXIT_INDIRECT,/* continue at guest PC a (BR/BLR/RET), through the jump cache */
    IR_EXIT_LOOP,    /* env->pc = imm, back to the run loop (after system register writes, WFI...) */
    IR_EXIT_NORETURN,/* after a call that never returns (an exception was raised) */

    IR_OP_COUNT
} IROp;

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
static inline IRVal ir_bin(IRBlock *b, IROp op, unsigned sz, IRVal x, IRVal y) { return ir_emit(b, op, sz, 0, x, y, IR_NONE, IR_NONE, 0); }
static inline IRVal ir_un(IRBlock *b, IROp op, unsigned sz, IRVal x) { return ir_emit(b, op, sz, 0, x, IR_NONE, IR_NONE, IR_NONE, 0); }
static inline IRVal ir_call(IRBlock *b, void *fn, unsigned flags, unsigned nargs, IRVal x, IRVal y, IRVal z)
{ return ir_emit(b, IR_CALL, nargs, flags, x, y, z, IR_NONE, (uint64_t)(uintptr_t)fn); }

/* Does op define a value? */
bool ir_op_has_result(IROp op);
const char *ir_op_name(IROp op);
/* `-d op` / `-d op_opt`: one line an instruction. */
void ir_dump(const IRBlock *b, GString *out);
/* Constant folding, GET/SET_REG forwarding, dead code and dead flag
 * elimination. Semantics-preserving: the interpreter gives the same result
 * before and after. */
void ir_optimize(IRBlock *b);

/* Pure evaluation helpers shared by the optimizer (folding), the interpreter
 * and the runtime, so each op's semantics is written once. */
uint64_t ir_eval_binop(IROp op, unsigned sz, uint64_t a, uint64_t b, uint64_t imm);
bool ir_eval_cond(IRCond c, unsigned sz, uint64_t a, uint64_t b);
/* ir_flags_nzcv() and ir_arm_cond_holds() (arm/flags.h) complete the set. */

#endif
