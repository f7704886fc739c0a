/* x86-emit.h: a compact x86-64 machine-code emitter for the translator backend:
 * GPR/memory operand encoding, labels with fixups, far branches and chainable jump slots. */
#ifndef A64EMU_X86_EMIT_H
#define A64EMU_X86_EMIT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hardware register numbers. */
typedef enum X86Reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = 16,     /* X86Mem: no base (absolute [disp32]) or no index */
    X86_RIP = 17,       /* X86Mem base only: [rip + disp32], disp from the next insn */
} X86Reg;

typedef enum X86Xmm {
    X86_XMM0, X86_XMM1, X86_XMM2, X86_XMM3, X86_XMM4, X86_XMM5, X86_XMM6, X86_XMM7,
    X86_XMM8, X86_XMM9, X86_XMM10, X86_XMM11, X86_XMM12, X86_XMM13, X86_XMM14, X86_XMM15,
} X86Xmm;

/* Condition codes in encoding order, so the inverse of c is c ^ 1. */
typedef enum X86Cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
} X86Cond;

static inline X86Cond x86_cond_invert(X86Cond c)
{
    return (X86Cond)(c ^ 1);
}

/* The eight classic ALU ops, numbered as their ModRM /digit. */
typedef enum X86Alu {
    X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
} X86Alu;

/* Shift group, numbered as their ModRM /digit. */
typedef enum X86Shift {
    X86_ROL = 0, X86_ROR = 1, X86_RCL = 2, X86_RCR = 3, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
} X86Shift;

/* Bit test group, numbered as the 0F BA /digit. */
typedef enum X86BitTest {
    X86_BT = 4, X86_BTS = 5, X86_BTR = 6, X86_BTC = 7,
} X86BitTest;

/* A memory operand: [base + index*scale + disp]. Build with the helpers below. */
typedef struct X86Mem {
    int8_t base;        /* X86Reg, X86_NOREG or X86_RIP */
    int8_t index;       /* X86Reg (not RSP) or X86_NOREG */
    uint8_t scale;      /* 1, 2, 4 or 8 */
    int32_t disp;
} X86Mem;

static inline X86Mem x86_mem(X86Reg base, int32_t disp)
{
    return (X86Mem){ .base = base, .index = X86_NOREG, .scale = 1, .disp = disp };
}

static inline X86Mem x86_mem_idx(X86Reg base, X86Reg index, int scale, int32_t disp)
{
    return (X86Mem){ .base = base, .index = index, .scale = scale, .disp = disp };
}

static inline X86Mem x86_mem_rip(int32_t disp)
{
    return (X86Mem){ .base = X86_RIP, .index = X86_NOREG, .scale = 1, .disp = disp };
}

/* Absolute [disp32] (sign-extended): only the low and high 2 GiB. */
static inline X86Mem x86_mem_abs(int32_t disp)
{
    return (X86Mem){ .base = X86_NOREG, .index = X86_NOREG, .scale = 1, .disp = disp };
}

#define X86_MAX_INSN 16

/*
 * The emitter writes at buf + off; the code runs at exec + off (different when the
 * cache has separate RW and RX mappings of the same memory). Emitting past cap sets
 * the sticky overflow flag and writes nothing more; a request that cannot be encoded
 * (bad register, RSP index, short jump out of range...) sets the sticky error message
 * and emits nothing for that instruction. Either way the caller discards the block.
 */
typedef struct X86Emitter {
    uint8_t *buf;
    uintptr_t exec;
    size_t cap;
    size_t off;
    bool overflow;
    const char *error;
    GArray *labels;     /* int64_t: bound offset or -1 */
    GArray *fixups;     /* X86Fixup (private) */
    uint8_t scratch[X86_MAX_INSN];
} X86Emitter;

typedef int X86Label;

void x86_init(X86Emitter *e, void *buf, size_t cap);
void x86_init_split(X86Emitter *e, void *buf_rw, uintptr_t exec, size_t cap);
void x86_destroy(X86Emitter *e);
/* Emit into buf from its start, keeping the label and fixup arrays' storage (an
 * emitter reused for one block after another). */
void x86_retarget(X86Emitter *e, void *buf, size_t cap);
/* Rewind to offset 0, forgetting labels, fixups, overflow and error. */
void x86_reset(X86Emitter *e);

static inline size_t x86_offset(const X86Emitter *e) { return e->off; }
static inline uintptr_t x86_here(const X86Emitter *e) { return e->exec + e->off; }
static inline bool x86_overflowed(const X86Emitter *e) { return e->overflow; }
static inline const char *x86_error(const X86Emitter *e) { return e->error; }
static inline bool x86_failed(const X86Emitter *e) { return e->overflow || e->error; }

/*
 * Operand sizes are in bits. Unless noted, sz is 8, 16, 32 or 64; a 32-bit
 * write zero-extends into the full register (hardware semantics). As 8-bit
 * operands, registers 4..7 are SPL/BPL/SIL/DIL (a REX prefix is added): AH..BH
 * are never produced.
 */

/* Moves, loads, stores. */
void x86_mov_rr(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
/* Shortest form: for sz 64, mov r32 (zero-extends) if imm < 2^32, sign-extended
 * imm32 if it fits, else movabs. Never touches flags. */
void x86_mov_ri(X86Emitter *e, int sz, X86Reg dst, uint64_t imm);
void x86_movabs(X86Emitter *e, X86Reg dst, uint64_t imm);   /* always 10 bytes */
void x86_zero(X86Emitter *e, X86Reg dst);                   /* xor r32, r32: clobbers flags */
void x86_load(X86Emitter *e, int sz, X86Reg dst, X86Mem m);
void x86_store(X86Emitter *e, int sz, X86Mem m, X86Reg src);
void x86_store_imm(X86Emitter *e, int sz, X86Mem m, int32_t imm);   /* sz 64: sign-extended */
/* Zero/sign extension: dsz 16/32/64, ssz 8/16 (and 32 for sign extension to 64). */
void x86_movzx_rr(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Reg src);
void x86_movsx_rr(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Reg src);
void x86_load_zx(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Mem m);
void x86_load_sx(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Mem m);
void x86_lea(X86Emitter *e, int sz, X86Reg dst, X86Mem m);       /* sz 16/32/64 */
void x86_cdq_cqo(X86Emitter *e, int sz);                         /* sz 32: cdq, 64: cqo */
void x86_cdqe(X86Emitter *e);

/* Arithmetic and logic. Immediates are sign-extended to sz (imm8 form when it fits). */
void x86_alu_rr(X86Emitter *e, X86Alu op, int sz, X86Reg dst, X86Reg src);
void x86_alu_ri(X86Emitter *e, X86Alu op, int sz, X86Reg dst, int32_t imm);
void x86_alu_rm(X86Emitter *e, X86Alu op, int sz, X86Reg dst, X86Mem src);
void x86_alu_mr(X86Emitter *e, X86Alu op, int sz, X86Mem dst, X86Reg src);
void x86_alu_mi(X86Emitter *e, X86Alu op, int sz, X86Mem dst, int32_t imm);
void x86_test_rr(X86Emitter *e, int sz, X86Reg a, X86Reg b);
void x86_test_ri(X86Emitter *e, int sz, X86Reg a, int32_t imm);
void x86_test_mr(X86Emitter *e, int sz, X86Mem a, X86Reg b);
void x86_test_mi(X86Emitter *e, int sz, X86Mem a, int32_t imm);
void x86_inc(X86Emitter *e, int sz, X86Reg r);
void x86_dec(X86Emitter *e, int sz, X86Reg r);
void x86_neg(X86Emitter *e, int sz, X86Reg r);
void x86_not(X86Emitter *e, int sz, X86Reg r);
/* One-operand forms: rdx:rax = rax * r, rax = rdx:rax / r, rdx = remainder. */
void x86_mul(X86Emitter *e, int sz, X86Reg r);
void x86_imul1(X86Emitter *e, int sz, X86Reg r);
void x86_div(X86Emitter *e, int sz, X86Reg r);
void x86_idiv(X86Emitter *e, int sz, X86Reg r);
void x86_imul_rr(X86Emitter *e, int sz, X86Reg dst, X86Reg src);          /* sz 16/32/64 */
void x86_imul_rm(X86Emitter *e, int sz, X86Reg dst, X86Mem src);
void x86_imul_rri(X86Emitter *e, int sz, X86Reg dst, X86Reg src, int32_t imm);

/* Shifts and rotates; the count is masked by hardware (5 or 6 bits). */
void x86_shift_ri(X86Emitter *e, X86Shift op, int sz, X86Reg r, uint8_t count);
void x86_shift_cl(X86Emitter *e, X86Shift op, int sz, X86Reg r);
/* shld dst, src, n: dst = dst << n | src >> (sz - n); shrd the other way. sz 16/32/64. */
void x86_shld_ri(X86Emitter *e, int sz, X86Reg dst, X86Reg src, uint8_t count);
void x86_shld_cl(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
void x86_shrd_ri(X86Emitter *e, int sz, X86Reg dst, X86Reg src, uint8_t count);
void x86_shrd_cl(X86Emitter *e, int sz, X86Reg dst, X86Reg src);

/* Bit operations. sz 16/32/64 except bswap (32/64). lzcnt/tzcnt/popcnt need CPUID checks. */
void x86_bswap(X86Emitter *e, int sz, X86Reg r);
void x86_bsf(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
void x86_bsr(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
void x86_lzcnt(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
void x86_tzcnt(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
void x86_popcnt(X86Emitter *e, int sz, X86Reg dst, X86Reg src);
void x86_bt_rr(X86Emitter *e, X86BitTest op, int sz, X86Reg base, X86Reg bit);
void x86_bt_ri(X86Emitter *e, X86BitTest op, int sz, X86Reg base, uint8_t bit);

/* Conditionals. setcc writes the low byte only. cmov sz 16/32/64. */
void x86_setcc(X86Emitter *e, X86Cond cc, X86Reg r8);
void x86_cmov_rr(X86Emitter *e, X86Cond cc, int sz, X86Reg dst, X86Reg src);
void x86_cmov_rm(X86Emitter *e, X86Cond cc, int sz, X86Reg dst, X86Mem src);

/* Stack, exchange, atomics, misc. */
void x86_push(X86Emitter *e, X86Reg r);
void x86_pop(X86Emitter *e, X86Reg r);
void x86_push_imm(X86Emitter *e, int32_t imm);
void x86_xchg_rr(X86Emitter *e, int sz, X86Reg a, X86Reg b);
void x86_xchg_mr(X86Emitter *e, int sz, X86Mem m, X86Reg r);        /* implicitly locked */
/* cmpxchg [m], r: compares with rax/eax/ax/al. */
void x86_cmpxchg(X86Emitter *e, int sz, X86Mem m, X86Reg r, bool lock);
void x86_cmpxchg16b(X86Emitter *e, X86Mem m, bool lock);   /* m 16-byte aligned */
void x86_xadd(X86Emitter *e, int sz, X86Mem m, X86Reg r, bool lock);
void x86_mfence(X86Emitter *e);
void x86_lfence(X86Emitter *e);
void x86_sfence(X86Emitter *e);
void x86_pause(X86Emitter *e);
void x86_ud2(X86Emitter *e);
void x86_int3(X86Emitter *e);
void x86_ret(X86Emitter *e);
/* pushfq / popfq / cmc (complement CF). */
void x86_pushf(X86Emitter *e);
void x86_popf(X86Emitter *e);
void x86_cmc(X86Emitter *e);
/* n bytes of recommended multi-byte NOPs (as few instructions as possible). */
void x86_nop(X86Emitter *e, size_t n);
/* Pad with NOPs until the exec address is a multiple of align (a power of two). */
void x86_align(X86Emitter *e, size_t align);

/* SSE4.2 crc32 (CRC-32C): dst is 32-bit for ssz 8/16/32 and 64-bit for ssz 64. */
void x86_crc32(X86Emitter *e, int ssz, X86Reg dst, X86Reg src);

/* BMI1/BMI2 (VEX), sz 32/64; need CPUID checks. Operand order follows Intel syntax. */
void x86_andn(X86Emitter *e, int sz, X86Reg dst, X86Reg src1, X86Reg src2); /* ~src1 & src2 */
void x86_pext(X86Emitter *e, int sz, X86Reg dst, X86Reg src, X86Reg mask);
void x86_pdep(X86Emitter *e, int sz, X86Reg dst, X86Reg src, X86Reg mask);
void x86_bzhi(X86Emitter *e, int sz, X86Reg dst, X86Reg src, X86Reg index);
void x86_shlx(X86Emitter *e, int sz, X86Reg dst, X86Reg src, X86Reg count);
void x86_shrx(X86Emitter *e, int sz, X86Reg dst, X86Reg src, X86Reg count);
void x86_sarx(X86Emitter *e, int sz, X86Reg dst, X86Reg src, X86Reg count);
void x86_rorx(X86Emitter *e, int sz, X86Reg dst, X86Reg src, uint8_t count);

/* FMA3 (VEX; needs CPUID's FMA and the OS's AVX state): dst = src1 * src2 + dst, packed
 * (ps/pd) or the low element (ss/sd), dbl for double precision. */
void x86_vfmadd231(X86Emitter *e, bool dbl, bool scalar, X86Xmm dst, X86Xmm src1, X86Xmm src2);

/* GPR <-> XMM: sz 32 is movd, 64 is movq. */
void x86_movd_xr(X86Emitter *e, int sz, X86Xmm dst, X86Reg src);
void x86_movd_rx(X86Emitter *e, int sz, X86Reg dst, X86Xmm src);

/* SSE, legacy (non-VEX) encodings, opcodes as data: X86_SSE(prefix, opcode[, /digit]),
 * prefix 0 none, 1 66, 2 F3, 3 F2; opcode 0x0fXX, 0x0f38XX or 0x0f3aXX. SSE2 unless
 * marked: the SSE4.1/4.2 ones need CPUID checks. Memory operands of the arithmetic forms
 * must be 16-byte aligned (legacy SSE); movdqu is the unaligned load and store. */
#define X86_SSE(pfx, opc)        ((uint32_t)(pfx) << 24 | (uint32_t)(opc))
#define X86_SSE_DIGIT(pfx, opc, digit) (X86_SSE(pfx, opc) | (uint32_t)(digit) << 26 | 1u << 29)
typedef enum X86SseOp {
    X86_MOVDQA_LD = X86_SSE(1, 0x0f6f), X86_MOVDQA_ST = X86_SSE(1, 0x0f7f),
    X86_MOVDQU_LD = X86_SSE(2, 0x0f6f), X86_MOVDQU_ST = X86_SSE(2, 0x0f7f),
    X86_MOVQ_X = X86_SSE(2, 0x0f7e),    /* low 64 bits, the high 64 zeroed */
    X86_PADDB = X86_SSE(1, 0x0ffc), X86_PADDW = X86_SSE(1, 0x0ffd),
    X86_PADDD = X86_SSE(1, 0x0ffe), X86_PADDQ = X86_SSE(1, 0x0fd4),
    X86_PSUBB = X86_SSE(1, 0x0ff8), X86_PSUBW = X86_SSE(1, 0x0ff9),
    X86_PSUBD = X86_SSE(1, 0x0ffa), X86_PSUBQ = X86_SSE(1, 0x0ffb),
    X86_PAND = X86_SSE(1, 0x0fdb), X86_PANDN = X86_SSE(1, 0x0fdf),   /* pandn: ~dst & src */
    X86_POR = X86_SSE(1, 0x0feb), X86_PXOR = X86_SSE(1, 0x0fef),
    X86_PCMPEQB = X86_SSE(1, 0x0f74), X86_PCMPEQW = X86_SSE(1, 0x0f75),
    X86_PCMPEQD = X86_SSE(1, 0x0f76), X86_PCMPEQQ = X86_SSE(1, 0x0f3829),      /* SSE4.1 */
    X86_PCMPGTB = X86_SSE(1, 0x0f64), X86_PCMPGTW = X86_SSE(1, 0x0f65),
    X86_PCMPGTD = X86_SSE(1, 0x0f66), X86_PCMPGTQ = X86_SSE(1, 0x0f3837),      /* SSE4.2 */
    X86_PMINUB = X86_SSE(1, 0x0fda), X86_PMAXUB = X86_SSE(1, 0x0fde),
    X86_PMINSW = X86_SSE(1, 0x0fea), X86_PMAXSW = X86_SSE(1, 0x0fee),
    X86_PMINSB = X86_SSE(1, 0x0f3838), X86_PMINSD = X86_SSE(1, 0x0f3839),      /* SSE4.1 */
    X86_PMINUW = X86_SSE(1, 0x0f383a), X86_PMINUD = X86_SSE(1, 0x0f383b),      /* SSE4.1 */
    X86_PMAXSB = X86_SSE(1, 0x0f383c), X86_PMAXSD = X86_SSE(1, 0x0f383d),      /* SSE4.1 */
    X86_PMAXUW = X86_SSE(1, 0x0f383e), X86_PMAXUD = X86_SSE(1, 0x0f383f),      /* SSE4.1 */
    X86_PMADDWD = X86_SSE(1, 0x0ff5), X86_PMADDUBSW = X86_SSE(1, 0x0f3804),     /* SSSE3 */
    X86_PALIGNR = X86_SSE(1, 0x0f3a0f),          /* SSSE3, with an immediate: x86_sse_rmi */
    /* shifts by an immediate (x86_sse_shift_i); PSRLDQ/PSLLDQ shift whole bytes */
    X86_PSRLDQ_I = X86_SSE_DIGIT(1, 0x0f73, 3), X86_PSLLDQ_I = X86_SSE_DIGIT(1, 0x0f73, 7),
    X86_PSRLW_I = X86_SSE_DIGIT(1, 0x0f71, 2), X86_PSRAW_I = X86_SSE_DIGIT(1, 0x0f71, 4),
    X86_PSLLW_I = X86_SSE_DIGIT(1, 0x0f71, 6), X86_PSRLD_I = X86_SSE_DIGIT(1, 0x0f72, 2),
    X86_PSRAD_I = X86_SSE_DIGIT(1, 0x0f72, 4), X86_PSLLD_I = X86_SSE_DIGIT(1, 0x0f72, 6),
    X86_PSRLQ_I = X86_SSE_DIGIT(1, 0x0f73, 2), X86_PSLLQ_I = X86_SSE_DIGIT(1, 0x0f73, 6),
    X86_MOVD_LD = X86_SSE(1, 0x0f6e),            /* movd xmm, m32: the rest zeroed */
    X86_PSHUFD = X86_SSE(1, 0x0f70),             /* with an immediate: x86_sse_rmi */
    /* floating point: the prefix picks the form, ps 0, pd 1, ss 2, sd 3 (X86_SSE_FP) */
    X86_ADDPS = X86_SSE(0, 0x0f58), X86_MULPS = X86_SSE(0, 0x0f59), X86_SUBPS = X86_SSE(0, 0x0f5c),
    X86_DIVPS = X86_SSE(0, 0x0f5e), X86_ANDPS = X86_SSE(0, 0x0f54), X86_XORPS = X86_SSE(0, 0x0f57),
    X86_MOVAPS = X86_SSE(0, 0x0f28),
    X86_CMPPS = X86_SSE(0, 0x0fc2),              /* with the predicate as immediate: x86_sse_rmi */
    X86_MOVMSKPS = X86_SSE(0, 0x0f50),           /* x86_sse_rr with a GPR as dst */
    X86_PSHUFB = X86_SSE(1, 0x0f3800),           /* SSSE3 */
    X86_PUNPCKLQDQ = X86_SSE(1, 0x0f6c), X86_PUNPCKHQDQ = X86_SSE(1, 0x0f6d),
    /* AES-NI and SHA-NI (CPUID); SHA256RNDS2's third operand is XMM0 */
    X86_AESENC = X86_SSE(1, 0x0f38dc), X86_AESENCLAST = X86_SSE(1, 0x0f38dd),
    X86_AESDEC = X86_SSE(1, 0x0f38de), X86_AESDECLAST = X86_SSE(1, 0x0f38df),
    X86_AESIMC = X86_SSE(1, 0x0f38db),
    X86_SHA256RNDS2 = X86_SSE(0, 0x0f38cb), X86_SHA256MSG1 = X86_SSE(0, 0x0f38cc),
    X86_SHA256MSG2 = X86_SSE(0, 0x0f38cd),
} X86SseOp;
/* An FP X86SseOp (given in its ps form) as ps, pd, ss or sd: form 0-3. */
#define X86_SSE_FP(op, form) ((X86SseOp)(((uint32_t)(op) & ~(3u << 24)) | (uint32_t)(form) << 24))
/* dst op= src; for the _ST moves x86_sse_rm's reg is the source stored to m. */
void x86_sse_rr(X86Emitter *e, X86SseOp op, X86Xmm dst, X86Xmm src);
void x86_sse_rm(X86Emitter *e, X86SseOp op, X86Xmm reg, X86Mem m);
void x86_sse_shift_i(X86Emitter *e, X86SseOp op, X86Xmm r, uint8_t count);
void x86_sse_rmi(X86Emitter *e, X86SseOp op, X86Xmm reg, X86Mem m, uint8_t imm);
void x86_sse_rri(X86Emitter *e, X86SseOp op, X86Xmm dst, X86Xmm src, uint8_t imm);

/* Indirect branches. */
void x86_jmp_r(X86Emitter *e, X86Reg r);
void x86_jmp_m(X86Emitter *e, X86Mem m);
void x86_call_r(X86Emitter *e, X86Reg r);
void x86_call_m(X86Emitter *e, X86Mem m);

/* Labels: backward references use rel8 when it reaches; forward ones rel32 unless
 * the _short variant is used (binding out of rel8 range is then an error). */
X86Label x86_label_new(X86Emitter *e);
void x86_label_bind(X86Emitter *e, X86Label l);
bool x86_label_is_bound(const X86Emitter *e, X86Label l);
size_t x86_label_offset(const X86Emitter *e, X86Label l);   /* valid once bound */
size_t x86_pending_fixups(const X86Emitter *e);            /* forward refs not yet bound */
void x86_jmp_label(X86Emitter *e, X86Label l);
void x86_jcc_label(X86Emitter *e, X86Cond cc, X86Label l);
void x86_jmp_label_short(X86Emitter *e, X86Label l);
void x86_jcc_label_short(X86Emitter *e, X86Cond cc, X86Label l);
void x86_lea_label(X86Emitter *e, X86Reg dst, X86Label l);  /* lea dst, [rip + label] */

/* rel32 branches to an absolute host (exec) address. false, and nothing emitted,
 * if the target is out of +-2 GiB from the end of the instruction. */
bool x86_jmp_abs(X86Emitter *e, uintptr_t target);
bool x86_jcc_abs(X86Emitter *e, X86Cond cc, uintptr_t target);
bool x86_call_abs(X86Emitter *e, uintptr_t target);
/* rel32 if reachable, else movabs scratch, target; call/jmp scratch. */
void x86_call_far(X86Emitter *e, uintptr_t target, X86Reg scratch);
void x86_jmp_far(X86Emitter *e, uintptr_t target, X86Reg scratch);

/*
 * Chainable jump slot: NOP padding, then a 5-byte jmp rel32 whose rel32 field is
 * 4-byte aligned in the exec mapping, so another thread may re-target it while it
 * runs with one atomic 4-byte store. It initially jumps to the next instruction.
 * Returns the offset of the jmp opcode (x86_offset() if the buffer overflowed).
 */
size_t x86_jump_slot(X86Emitter *e);
/* slot_rw: writable address of the jmp opcode; slot_exec: its exec address.
 * false (slot untouched) if target is unreachable or the slot is not a jump slot. */
bool x86_jump_slot_set(void *slot_rw, uintptr_t slot_exec, uintptr_t target);

#endif
