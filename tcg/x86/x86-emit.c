/* x86-emit.c: x86-64 instruction encoder. Each instruction is assembled in place
 * (or in a scratch buffer near the end) and committed only if it fits. */
#include <string.h>

#include "x86-emit.h"

typedef struct X86Fixup {
    uint32_t end;       /* offset just past the rel field, which ends the insn */
    int32_t label;
    uint8_t width;      /* 1 or 4 */
} X86Fixup;

/* Encoding flags. */
enum {
    EF_W    = 1 << 0,    /* REX.W */
    EF_66   = 1 << 1,    /* operand-size or mandatory 66 prefix */
    EF_F2   = 1 << 2,
    EF_F3   = 1 << 3,
    EF_LOCK = 1 << 4,
    EF_B8R  = 1 << 5,    /* the ModRM.reg operand is a byte register */
    EF_B8M  = 1 << 6,    /* the ModRM.rm register operand is a byte register */
};

void x86_init_split(X86Emitter *e, void *buf_rw, uintptr_t exec, size_t cap)
{
    memset(e, 0, sizeof(*e));
    e->buf = buf_rw;
    e->exec = exec;
    e->cap = cap;
    e->labels = g_array_new(FALSE, FALSE, sizeof(int64_t));
    e->fixups = g_array_new(FALSE, FALSE, sizeof(X86Fixup));
}

void x86_init(X86Emitter *e, void *buf, size_t cap)
{
    x86_init_split(e, buf, (uintptr_t)buf, cap);
}

void x86_destroy(X86Emitter *e)
{
    if (e->labels) {
        g_array_free(e->labels, TRUE);
    }
    if (e->fixups) {
        g_array_free(e->fixups, TRUE);
    }
    e->labels = e->fixups = NULL;
}

void x86_retarget(X86Emitter *e, void *buf, size_t cap)
{
    x86_reset(e);
    e->buf = buf;
    e->exec = (uintptr_t)buf;
    e->cap = cap;
}

void x86_reset(X86Emitter *e)
{
    e->off = 0;
    e->overflow = false;
    e->error = NULL;
    g_array_set_size(e->labels, 0);
    g_array_set_size(e->fixups, 0);
}

static void fail(X86Emitter *e, const char *msg)
{
    if (!e->error) {
        e->error = msg;
    }
}

/* Where to assemble the next instruction: in place when 16 bytes remain. */
static uint8_t *ins_begin(X86Emitter *e)
{
    if (!e->overflow && e->cap - e->off >= X86_MAX_INSN) {
        return e->buf + e->off;
    }
    return e->scratch;
}

/* Commit [start, end); end == NULL means the instruction was rejected. */
static bool ins_end(X86Emitter *e, uint8_t *start, uint8_t *end)
{
    if (!end) {
        return false;
    }
    size_t n = end - start;
    if (start == e->scratch) {
        if (e->overflow || n > e->cap - e->off) {
            e->overflow = true;
            return false;
        }
        memcpy(e->buf + e->off, e->scratch, n);
    }
    e->off += n;
    return true;
}

static inline bool fits8(int64_t v)
{
    return v >= INT8_MIN && v <= INT8_MAX;
}

static inline bool fits32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

static inline uint8_t *put8(uint8_t *p, uint8_t v)
{
    *p = v;
    return p + 1;
}

static inline uint8_t *put16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
    return p + 2;
}

static inline uint8_t *put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
    return p + 4;
}

static inline uint8_t *put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
    return p + 8;
}

/* Immediate of the operand size (64-bit operations take a sign-extended imm32). */
static uint8_t *put_imm(uint8_t *p, int sz, int32_t imm)
{
    switch (sz) {
    case 8:
        return put8(p, imm);
    case 16:
        return put16(p, imm);
    default:
        return put32(p, imm);
    }
}

static bool reg_ok(X86Emitter *e, int r)
{
    if (r < 0 || r > 15) {
        fail(e, "x86: invalid register operand");
        return false;
    }
    return true;
}

static bool size_ok(X86Emitter *e, int sz, bool allow8, bool allow16)
{
    if (sz == 32 || sz == 64 || (sz == 8 && allow8) || (sz == 16 && allow16)) {
        return true;
    }
    fail(e, "x86: invalid operand size");
    return false;
}

/* Prefix flags for an operand size; 8-bit operands are byte registers on both sides. */
static unsigned size_flags(int sz)
{
    switch (sz) {
    case 8:
        return EF_B8R | EF_B8M;
    case 16:
        return EF_66;
    case 64:
        return EF_W;
    default:
        return 0;
    }
}

static uint8_t *put_legacy(uint8_t *p, unsigned f)
{
    if (f & EF_LOCK) {
        p = put8(p, 0xf0);
    }
    if (f & EF_66) {
        p = put8(p, 0x66);
    }
    if (f & EF_F2) {
        p = put8(p, 0xf2);
    }
    if (f & EF_F3) {
        p = put8(p, 0xf3);
    }
    return p;
}

/* SPL/BPL/SIL/DIL exist only with a REX prefix; without one, 4..7 mean AH..BH. */
static inline bool needs_rex8(unsigned f, unsigned flag, int r)
{
    return (f & flag) && r >= 4 && r <= 7;
}

static uint8_t *put_rex(uint8_t *p, unsigned f, int reg, int index, int base, bool force)
{
    uint8_t rex = 0x40 | ((f & EF_W) ? 8 : 0) | ((reg & 8) >> 1) | ((index & 8) >> 2) |
                  ((base & 8) >> 3);
    if (rex != 0x40 || force) {
        p = put8(p, rex);
    }
    return p;
}

/* Opcodes of 1 to 3 bytes, written most significant first (0x0f38f0 = 0F 38 F0). */
static uint8_t *put_opcode(uint8_t *p, uint32_t opc)
{
    if (opc > 0xffff) {
        p = put8(p, opc >> 16);
    }
    if (opc > 0xff) {
        p = put8(p, opc >> 8);
    }
    return put8(p, opc);
}

/* reg: register or /digit in ModRM.reg; rm: register in ModRM.rm. */
static uint8_t *enc_rr(uint8_t *p, unsigned f, uint32_t opc, int reg, int rm)
{
    p = put_legacy(p, f);
    p = put_rex(p, f, reg, 0, rm, needs_rex8(f, EF_B8R, reg) || needs_rex8(f, EF_B8M, rm));
    p = put_opcode(p, opc);
    return put8(p, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

static bool mem_ok(X86Emitter *e, const X86Mem *m)
{
    if (m->scale != 1 && m->scale != 2 && m->scale != 4 && m->scale != 8) {
        fail(e, "x86: memory operand scale must be 1, 2, 4 or 8");
        return false;
    }
    if (m->index == X86_RSP) {
        fail(e, "x86: RSP cannot be an index register");
        return false;
    }
    if (m->index != X86_NOREG && (m->index < 0 || m->index > 15)) {
        fail(e, "x86: invalid index register");
        return false;
    }
    if (m->base == X86_RIP && m->index != X86_NOREG) {
        fail(e, "x86: RIP-relative operand cannot have an index");
        return false;
    }
    if (m->base != X86_RIP && m->base != X86_NOREG && (m->base < 0 || m->base > 15)) {
        fail(e, "x86: invalid base register");
        return false;
    }
    return true;
}

static uint8_t *enc_rm(uint8_t *p, unsigned f, uint32_t opc, int reg, const X86Mem *m)
{
    static const uint8_t ss[9] = { [1] = 0, [2] = 1, [4] = 2, [8] = 3 };
    int index = m->index == X86_NOREG ? 4 : m->index;
    int base = (m->base == X86_RIP || m->base == X86_NOREG) ? 0 : m->base;

    p = put_legacy(p, f);
    p = put_rex(p, f, reg, m->index == X86_NOREG ? 0 : index, base, needs_rex8(f, EF_B8R, reg));
    p = put_opcode(p, opc);
    reg = (reg & 7) << 3;
    if (m->base == X86_RIP) {
        p = put8(p, 0x05 | reg);
        return put32(p, m->disp);
    }
    if (m->base == X86_NOREG) {
        p = put8(p, 0x04 | reg);
        p = put8(p, ss[m->scale] << 6 | (index & 7) << 3 | 5);
        return put32(p, m->disp);
    }
    /* mod 00 with rm/base 101 means "no base, disp32", so RBP/R13 need a disp8 0. */
    int mod = (m->disp == 0 && (base & 7) != 5) ? 0 : fits8(m->disp) ? 1 : 2;
    if (m->index != X86_NOREG || (base & 7) == 4) {
        /* rm 100 means "SIB follows", so RSP/R12 as base always take a SIB. */
        p = put8(p, mod << 6 | reg | 4);
        p = put8(p, ss[m->scale] << 6 | (index & 7) << 3 | (base & 7));
    } else {
        p = put8(p, mod << 6 | reg | (base & 7));
    }
    if (mod == 1) {
        p = put8(p, m->disp);
    } else if (mod == 2) {
        p = put32(p, m->disp);
    }
    return p;
}

/* Emit a register-register instruction with no immediate. */
static void emit_rr(X86Emitter *e, unsigned f, uint32_t opc, int reg, int rm)
{
    uint8_t *p = ins_begin(e);
    ins_end(e, p, enc_rr(p, f, opc, reg, rm));
}

static void emit_rm(X86Emitter *e, unsigned f, uint32_t opc, int reg, const X86Mem *m)
{
    if (!mem_ok(e, m)) {
        return;
    }
    uint8_t *p = ins_begin(e);
    ins_end(e, p, enc_rm(p, f, opc, reg, m));
}

/* Register in the low opcode bits (push, pop, bswap, mov r, imm). */
static uint8_t *enc_oreg(uint8_t *p, unsigned f, uint32_t opc, int r, bool force_rex)
{
    p = put_legacy(p, f);
    p = put_rex(p, f, 0, 0, r, force_rex);
    return put_opcode(p, opc + (r & 7));
}

static void emit_bytes(X86Emitter *e, const uint8_t *bytes, size_t n)
{
    uint8_t *p = ins_begin(e);
    memcpy(p, bytes, n);
    ins_end(e, p, p + n);
}

/* ---- moves ---- */

void x86_mov_rr(X86Emitter *e, int sz, X86Reg dst, X86Reg src)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, size_flags(sz), sz == 8 ? 0x88 : 0x89, src, dst);
    }
}

void x86_movabs(X86Emitter *e, X86Reg dst, uint64_t imm)
{
    if (reg_ok(e, dst)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, put64(enc_oreg(p, EF_W, 0xb8, dst, false), imm));
    }
}

void x86_mov_ri(X86Emitter *e, int sz, X86Reg dst, uint64_t imm)
{
    if (!size_ok(e, sz, true, true) || !reg_ok(e, dst)) {
        return;
    }
    uint8_t *p = ins_begin(e), *q;
    switch (sz) {
    case 8:
        q = put8(enc_oreg(p, 0, 0xb0, dst, needs_rex8(EF_B8M, EF_B8M, dst)), imm);
        break;
    case 16:
        q = put16(enc_oreg(p, EF_66, 0xb8, dst, false), imm);
        break;
    case 32:
        q = put32(enc_oreg(p, 0, 0xb8, dst, false), imm);
        break;
    default:
        if (imm <= UINT32_MAX) {
            q = put32(enc_oreg(p, 0, 0xb8, dst, false), imm);
        } else if (fits32((int64_t)imm)) {
            q = put32(enc_rr(p, EF_W, 0xc7, 0, dst), imm);
        } else {
            q = put64(enc_oreg(p, EF_W, 0xb8, dst, false), imm);
        }
        break;
    }
    ins_end(e, p, q);
}

void x86_zero(X86Emitter *e, X86Reg dst)
{
    x86_alu_rr(e, X86_XOR, 32, dst, dst);
}

void x86_load(X86Emitter *e, int sz, X86Reg dst, X86Mem m)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, dst)) {
        emit_rm(e, size_flags(sz), sz == 8 ? 0x8a : 0x8b, dst, &m);
    }
}

void x86_store(X86Emitter *e, int sz, X86Mem m, X86Reg src)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, src)) {
        emit_rm(e, size_flags(sz), sz == 8 ? 0x88 : 0x89, src, &m);
    }
}

void x86_store_imm(X86Emitter *e, int sz, X86Mem m, int32_t imm)
{
    if (!size_ok(e, sz, true, true) || !mem_ok(e, &m)) {
        return;
    }
    uint8_t *p = ins_begin(e);
    ins_end(e, p, put_imm(enc_rm(p, size_flags(sz), sz == 8 ? 0xc6 : 0xc7, 0, &m), sz, imm));
}

/* movzx/movsx: returns the opcode, or 0 if the size pair is invalid. */
static uint32_t ext_opcode(X86Emitter *e, int dsz, int ssz, bool sign, unsigned *f)
{
    if (!size_ok(e, dsz, false, true) || ssz >= dsz) {
        fail(e, "x86: invalid extension sizes");
        return 0;
    }
    *f = dsz == 64 ? EF_W : dsz == 16 ? EF_66 : 0;
    switch (ssz) {
    case 8:
        *f |= EF_B8M;
        return sign ? 0x0fbe : 0x0fb6;
    case 16:
        return sign ? 0x0fbf : 0x0fb7;
    case 32:
        if (sign) {
            return 0x63;
        }
        break;
    }
    fail(e, "x86: invalid extension sizes");
    return 0;
}

static void ext_rr(X86Emitter *e, int dsz, int ssz, bool sign, X86Reg dst, X86Reg src)
{
    unsigned f;
    uint32_t opc = ext_opcode(e, dsz, ssz, sign, &f);
    if (opc && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, f, opc, dst, src);
    }
}

static void ext_rm(X86Emitter *e, int dsz, int ssz, bool sign, X86Reg dst, X86Mem *m)
{
    unsigned f;
    uint32_t opc = ext_opcode(e, dsz, ssz, sign, &f);
    if (opc && reg_ok(e, dst)) {
        emit_rm(e, f & ~EF_B8M, opc, dst, m);
    }
}

void x86_movzx_rr(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Reg src)
{
    ext_rr(e, dsz, ssz, false, dst, src);
}

void x86_movsx_rr(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Reg src)
{
    ext_rr(e, dsz, ssz, true, dst, src);
}

void x86_load_zx(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Mem m)
{
    ext_rm(e, dsz, ssz, false, dst, &m);
}

void x86_load_sx(X86Emitter *e, int dsz, int ssz, X86Reg dst, X86Mem m)
{
    ext_rm(e, dsz, ssz, true, dst, &m);
}

void x86_lea(X86Emitter *e, int sz, X86Reg dst, X86Mem m)
{
    if (size_ok(e, sz, false, true) && reg_ok(e, dst)) {
        emit_rm(e, size_flags(sz), 0x8d, dst, &m);
    }
}

void x86_cdq_cqo(X86Emitter *e, int sz)
{
    if (size_ok(e, sz, false, true)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, enc_oreg(p, size_flags(sz), 0x99, 0, false));
    }
}

void x86_cdqe(X86Emitter *e)
{
    static const uint8_t b[] = { 0x48, 0x98 };
    emit_bytes(e, b, sizeof(b));
}

/* ---- ALU ---- */

void x86_alu_rr(X86Emitter *e, X86Alu op, int sz, X86Reg dst, X86Reg src)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, size_flags(sz), (op & 7) * 8 + (sz == 8 ? 0 : 1), src, dst);
    }
}

void x86_alu_rm(X86Emitter *e, X86Alu op, int sz, X86Reg dst, X86Mem src)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, dst)) {
        emit_rm(e, size_flags(sz), (op & 7) * 8 + (sz == 8 ? 2 : 3), dst, &src);
    }
}

void x86_alu_mr(X86Emitter *e, X86Alu op, int sz, X86Mem dst, X86Reg src)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, src)) {
        emit_rm(e, size_flags(sz), (op & 7) * 8 + (sz == 8 ? 0 : 1), src, &dst);
    }
}

/* Truncate to the operand size and say whether the imm8 (83 /op) form works. */
static int32_t imm_for_size(int sz, int32_t imm, bool *short8)
{
    if (sz == 16) {
        imm = (int16_t)imm;
    }
    *short8 = sz != 8 && fits8(imm);
    return imm;
}

void x86_alu_ri(X86Emitter *e, X86Alu op, int sz, X86Reg dst, int32_t imm)
{
    if (!size_ok(e, sz, true, true) || !reg_ok(e, dst)) {
        return;
    }
    bool short8;
    unsigned f = size_flags(sz);
    uint8_t *p = ins_begin(e), *q;
    op &= 7;
    imm = imm_for_size(sz, imm, &short8);
    if (sz == 8) {
        if (dst == X86_RAX) {
            q = put8(put_opcode(p, op * 8 + 4), imm);
        } else {
            q = put8(enc_rr(p, f, 0x80, op, dst), imm);
        }
    } else if (short8) {
        q = put8(enc_rr(p, f, 0x83, op, dst), imm);
    } else if (dst == X86_RAX) {
        /* The accumulator form saves the ModRM byte. */
        q = put_imm(put_opcode(put_rex(put_legacy(p, f), f, 0, 0, 0, false), op * 8 + 5),
                    sz, imm);
    } else {
        q = put_imm(enc_rr(p, f, 0x81, op, dst), sz, imm);
    }
    ins_end(e, p, q);
}

void x86_alu_mi(X86Emitter *e, X86Alu op, int sz, X86Mem dst, int32_t imm)
{
    if (!size_ok(e, sz, true, true) || !mem_ok(e, &dst)) {
        return;
    }
    bool short8;
    unsigned f = size_flags(sz);
    uint8_t *p = ins_begin(e), *q;
    imm = imm_for_size(sz, imm, &short8);
    if (sz == 8) {
        q = put8(enc_rm(p, f, 0x80, op & 7, &dst), imm);
    } else if (short8) {
        q = put8(enc_rm(p, f, 0x83, op & 7, &dst), imm);
    } else {
        q = put_imm(enc_rm(p, f, 0x81, op & 7, &dst), sz, imm);
    }
    ins_end(e, p, q);
}

void x86_test_rr(X86Emitter *e, int sz, X86Reg a, X86Reg b)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, a) && reg_ok(e, b)) {
        emit_rr(e, size_flags(sz), sz == 8 ? 0x84 : 0x85, b, a);
    }
}

void x86_test_ri(X86Emitter *e, int sz, X86Reg a, int32_t imm)
{
    if (!size_ok(e, sz, true, true) || !reg_ok(e, a)) {
        return;
    }
    unsigned f = size_flags(sz);
    uint8_t *p = ins_begin(e), *q;
    if (a == X86_RAX) {
        q = put_opcode(put_rex(put_legacy(p, f), f, 0, 0, 0, false), sz == 8 ? 0xa8 : 0xa9);
    } else {
        q = enc_rr(p, f, sz == 8 ? 0xf6 : 0xf7, 0, a);
    }
    ins_end(e, p, put_imm(q, sz, imm));
}

void x86_test_mr(X86Emitter *e, int sz, X86Mem a, X86Reg b)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, b)) {
        emit_rm(e, size_flags(sz), sz == 8 ? 0x84 : 0x85, b, &a);
    }
}

void x86_test_mi(X86Emitter *e, int sz, X86Mem a, int32_t imm)
{
    if (!size_ok(e, sz, true, true) || !mem_ok(e, &a)) {
        return;
    }
    uint8_t *p = ins_begin(e);
    ins_end(e, p, put_imm(enc_rm(p, size_flags(sz), sz == 8 ? 0xf6 : 0xf7, 0, &a), sz, imm));
}

/* F6/F7 and FE/FF groups: opcode for byte size is the even one. */
static void group_r(X86Emitter *e, uint32_t opc, int digit, int sz, X86Reg r)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, r)) {
        emit_rr(e, size_flags(sz), sz == 8 ? opc : opc + 1, digit, r);
    }
}

void x86_inc(X86Emitter *e, int sz, X86Reg r)   { group_r(e, 0xfe, 0, sz, r); }
void x86_dec(X86Emitter *e, int sz, X86Reg r)   { group_r(e, 0xfe, 1, sz, r); }
void x86_not(X86Emitter *e, int sz, X86Reg r)   { group_r(e, 0xf6, 2, sz, r); }
void x86_neg(X86Emitter *e, int sz, X86Reg r)   { group_r(e, 0xf6, 3, sz, r); }
void x86_mul(X86Emitter *e, int sz, X86Reg r)   { group_r(e, 0xf6, 4, sz, r); }
void x86_imul1(X86Emitter *e, int sz, X86Reg r) { group_r(e, 0xf6, 5, sz, r); }
void x86_div(X86Emitter *e, int sz, X86Reg r)   { group_r(e, 0xf6, 6, sz, r); }
void x86_idiv(X86Emitter *e, int sz, X86Reg r)  { group_r(e, 0xf6, 7, sz, r); }

void x86_imul_rr(X86Emitter *e, int sz, X86Reg dst, X86Reg src)
{
    if (size_ok(e, sz, false, true) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, size_flags(sz), 0x0faf, dst, src);
    }
}

void x86_imul_rm(X86Emitter *e, int sz, X86Reg dst, X86Mem src)
{
    if (size_ok(e, sz, false, true) && reg_ok(e, dst)) {
        emit_rm(e, size_flags(sz), 0x0faf, dst, &src);
    }
}

void x86_imul_rri(X86Emitter *e, int sz, X86Reg dst, X86Reg src, int32_t imm)
{
    if (!size_ok(e, sz, false, true) || !reg_ok(e, dst) || !reg_ok(e, src)) {
        return;
    }
    bool short8;
    uint8_t *p = ins_begin(e), *q;
    imm = imm_for_size(sz, imm, &short8);
    if (short8) {
        q = put8(enc_rr(p, size_flags(sz), 0x6b, dst, src), imm);
    } else {
        q = put_imm(enc_rr(p, size_flags(sz), 0x69, dst, src), sz, imm);
    }
    ins_end(e, p, q);
}

/* ---- shifts ---- */

void x86_shift_ri(X86Emitter *e, X86Shift op, int sz, X86Reg r, uint8_t count)
{
    if (!size_ok(e, sz, true, true) || !reg_ok(e, r)) {
        return;
    }
    unsigned f = size_flags(sz);
    int by1 = sz == 8 ? 0xd0 : 0xd1, byimm = sz == 8 ? 0xc0 : 0xc1;
    uint8_t *p = ins_begin(e), *q;
    if (count == 1) {
        q = enc_rr(p, f, by1, op & 7, r);
    } else {
        q = put8(enc_rr(p, f, byimm, op & 7, r), count);
    }
    ins_end(e, p, q);
}

void x86_shift_cl(X86Emitter *e, X86Shift op, int sz, X86Reg r)
{
    group_r(e, 0xd2, op & 7, sz, r);
}

static void dshift(X86Emitter *e, uint32_t opc, bool has_imm, int sz, X86Reg dst, X86Reg src,
                   uint8_t count)
{
    if (!size_ok(e, sz, false, true) || !reg_ok(e, dst) || !reg_ok(e, src)) {
        return;
    }
    uint8_t *p = ins_begin(e), *q = enc_rr(p, size_flags(sz), opc, src, dst);
    ins_end(e, p, has_imm ? put8(q, count) : q);
}

void x86_shld_ri(X86Emitter *e, int sz, X86Reg d, X86Reg s, uint8_t n) { dshift(e, 0x0fa4, true, sz, d, s, n); }
void x86_shld_cl(X86Emitter *e, int sz, X86Reg d, X86Reg s) { dshift(e, 0x0fa5, false, sz, d, s, 0); }
void x86_shrd_ri(X86Emitter *e, int sz, X86Reg d, X86Reg s, uint8_t n) { dshift(e, 0x0fac, true, sz, d, s, n); }
void x86_shrd_cl(X86Emitter *e, int sz, X86Reg d, X86Reg s) { dshift(e, 0x0fad, false, sz, d, s, 0); }

/* ---- bit operations ---- */

void x86_bswap(X86Emitter *e, int sz, X86Reg r)
{
    if (size_ok(e, sz, false, false) && reg_ok(e, r)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, enc_oreg(p, size_flags(sz), 0x0fc8, r, false));
    }
}

static void bitop(X86Emitter *e, unsigned f, uint32_t opc, int sz, X86Reg dst, X86Reg src)
{
    if (size_ok(e, sz, false, true) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, f | size_flags(sz), opc, dst, src);
    }
}

void x86_bsf(X86Emitter *e, int sz, X86Reg d, X86Reg s)    { bitop(e, 0, 0x0fbc, sz, d, s); }
void x86_bsr(X86Emitter *e, int sz, X86Reg d, X86Reg s)    { bitop(e, 0, 0x0fbd, sz, d, s); }
void x86_tzcnt(X86Emitter *e, int sz, X86Reg d, X86Reg s)  { bitop(e, EF_F3, 0x0fbc, sz, d, s); }
void x86_lzcnt(X86Emitter *e, int sz, X86Reg d, X86Reg s)  { bitop(e, EF_F3, 0x0fbd, sz, d, s); }
void x86_popcnt(X86Emitter *e, int sz, X86Reg d, X86Reg s) { bitop(e, EF_F3, 0x0fb8, sz, d, s); }

void x86_bt_rr(X86Emitter *e, X86BitTest op, int sz, X86Reg base, X86Reg bit)
{
    static const uint16_t opc[4] = { 0x0fa3, 0x0fab, 0x0fb3, 0x0fbb };
    if (op < X86_BT || op > X86_BTC) {
        fail(e, "x86: invalid bit test op");
        return;
    }
    bitop(e, 0, opc[op - X86_BT], sz, bit, base);
}

void x86_bt_ri(X86Emitter *e, X86BitTest op, int sz, X86Reg base, uint8_t bit)
{
    if (op < X86_BT || op > X86_BTC) {
        fail(e, "x86: invalid bit test op");
        return;
    }
    if (size_ok(e, sz, false, true) && reg_ok(e, base)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, put8(enc_rr(p, size_flags(sz), 0x0fba, op, base), bit));
    }
}

/* ---- conditionals ---- */

void x86_setcc(X86Emitter *e, X86Cond cc, X86Reg r8)
{
    if (reg_ok(e, r8)) {
        emit_rr(e, EF_B8M, 0x0f90 + (cc & 15), 0, r8);
    }
}

void x86_cmov_rr(X86Emitter *e, X86Cond cc, int sz, X86Reg dst, X86Reg src)
{
    bitop(e, 0, 0x0f40 + (cc & 15), sz, dst, src);
}

void x86_cmov_rm(X86Emitter *e, X86Cond cc, int sz, X86Reg dst, X86Mem src)
{
    if (size_ok(e, sz, false, true) && reg_ok(e, dst)) {
        emit_rm(e, size_flags(sz), 0x0f40 + (cc & 15), dst, &src);
    }
}

/* ---- stack, exchange, atomics, misc ---- */

void x86_push(X86Emitter *e, X86Reg r)
{
    if (reg_ok(e, r)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, enc_oreg(p, 0, 0x50, r, false));
    }
}

void x86_pop(X86Emitter *e, X86Reg r)
{
    if (reg_ok(e, r)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, enc_oreg(p, 0, 0x58, r, false));
    }
}

void x86_push_imm(X86Emitter *e, int32_t imm)
{
    uint8_t *p = ins_begin(e);
    ins_end(e, p, fits8(imm) ? put8(put8(p, 0x6a), imm) : put32(put8(p, 0x68), imm));
}

void x86_xchg_rr(X86Emitter *e, int sz, X86Reg a, X86Reg b)
{
    /* Not the 90+r short form: 90 is NOP and would not zero-extend xchg eax, eax. */
    if (size_ok(e, sz, true, true) && reg_ok(e, a) && reg_ok(e, b)) {
        emit_rr(e, size_flags(sz), sz == 8 ? 0x86 : 0x87, b, a);
    }
}

void x86_xchg_mr(X86Emitter *e, int sz, X86Mem m, X86Reg r)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, r)) {
        emit_rm(e, size_flags(sz), sz == 8 ? 0x86 : 0x87, r, &m);
    }
}

void x86_cmpxchg(X86Emitter *e, int sz, X86Mem m, X86Reg r, bool lock)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, r)) {
        emit_rm(e, size_flags(sz) | (lock ? EF_LOCK : 0), sz == 8 ? 0x0fb0 : 0x0fb1, r, &m);
    }
}

void x86_cmpxchg16b(X86Emitter *e, X86Mem m, bool lock)
{
    emit_rm(e, EF_W | (lock ? EF_LOCK : 0), 0x0fc7, 1, &m);
}

void x86_xadd(X86Emitter *e, int sz, X86Mem m, X86Reg r, bool lock)
{
    if (size_ok(e, sz, true, true) && reg_ok(e, r)) {
        emit_rm(e, size_flags(sz) | (lock ? EF_LOCK : 0), sz == 8 ? 0x0fc0 : 0x0fc1, r, &m);
    }
}

void x86_mfence(X86Emitter *e)
{
    static const uint8_t b[] = { 0x0f, 0xae, 0xf0 };
    emit_bytes(e, b, sizeof(b));
}

void x86_lfence(X86Emitter *e)
{
    static const uint8_t b[] = { 0x0f, 0xae, 0xe8 };
    emit_bytes(e, b, sizeof(b));
}

void x86_sfence(X86Emitter *e)
{
    static const uint8_t b[] = { 0x0f, 0xae, 0xf8 };
    emit_bytes(e, b, sizeof(b));
}

void x86_pause(X86Emitter *e)
{
    static const uint8_t b[] = { 0xf3, 0x90 };
    emit_bytes(e, b, sizeof(b));
}

void x86_ud2(X86Emitter *e)
{
    static const uint8_t b[] = { 0x0f, 0x0b };
    emit_bytes(e, b, sizeof(b));
}

void x86_int3(X86Emitter *e)
{
    static const uint8_t b[] = { 0xcc };
    emit_bytes(e, b, sizeof(b));
}

void x86_ret(X86Emitter *e)
{
    static const uint8_t b[] = { 0xc3 };
    emit_bytes(e, b, sizeof(b));
}

void x86_pushf(X86Emitter *e)
{
    static const uint8_t b[] = { 0x9c };
    emit_bytes(e, b, sizeof(b));
}

void x86_popf(X86Emitter *e)
{
    static const uint8_t b[] = { 0x9d };
    emit_bytes(e, b, sizeof(b));
}

void x86_cmc(X86Emitter *e)
{
    static const uint8_t b[] = { 0xf5 };
    emit_bytes(e, b, sizeof(b));
}

void x86_nop(X86Emitter *e, size_t n)
{
    /* The NOP forms recommended by the Intel and AMD optimization manuals. */
    static const uint8_t nops[9][9] = {
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n > 0 && !e->overflow) {
        size_t k = MIN(n, 9);
        emit_bytes(e, nops[k - 1], k);
        n -= k;
    }
}

void x86_align(X86Emitter *e, size_t align)
{
    if (align == 0 || (align & (align - 1))) {
        fail(e, "x86: alignment must be a power of two");
        return;
    }
    x86_nop(e, -x86_here(e) & (align - 1));
}

void x86_crc32(X86Emitter *e, int ssz, X86Reg dst, X86Reg src)
{
    if (size_ok(e, ssz, true, true) && reg_ok(e, dst) && reg_ok(e, src)) {
        unsigned f = EF_F2 | (ssz == 64 ? EF_W : ssz == 16 ? EF_66 : ssz == 8 ? EF_B8M : 0);
        emit_rr(e, f, ssz == 8 ? 0x0f38f0 : 0x0f38f1, dst, src);
    }
}

/* ---- VEX (BMI1/BMI2) ---- */

enum { PP_NONE, PP_66, PP_F3, PP_F2 };
enum { MAP_0F38 = 2, MAP_0F3A = 3 };

/* Always the 3-byte C4 form: the BMI instructions live in the 0F38/0F3A maps. */
static void emit_vex_rr(X86Emitter *e, int pp, int map, int sz, uint8_t opc, int reg, int vvvv,
                        int rm, bool has_imm, uint8_t imm)
{
    if (!size_ok(e, sz, false, false) || !reg_ok(e, reg) || !reg_ok(e, vvvv) || !reg_ok(e, rm)) {
        return;
    }
    uint8_t *p = ins_begin(e), *q = p;
    q = put8(q, 0xc4);
    q = put8(q, (reg & 8 ? 0 : 0x80) | 0x40 | (rm & 8 ? 0 : 0x20) | map);
    q = put8(q, (sz == 64 ? 0x80 : 0) | (~vvvv & 15) << 3 | pp);
    q = put8(q, opc);
    q = put8(q, 0xc0 | (reg & 7) << 3 | (rm & 7));
    if (has_imm) {
        q = put8(q, imm);
    }
    ins_end(e, p, q);
}

void x86_vfmadd231(X86Emitter *e, bool dbl, bool scalar, X86Xmm d, X86Xmm s1, X86Xmm s2)
{
    emit_vex_rr(e, PP_66, MAP_0F38, dbl ? 64 : 32, scalar ? 0xb9 : 0xb8, d, s1, s2, false, 0);
}

void x86_andn(X86Emitter *e, int sz, X86Reg d, X86Reg s1, X86Reg s2)
{
    emit_vex_rr(e, PP_NONE, MAP_0F38, sz, 0xf2, d, s1, s2, false, 0);
}

void x86_pext(X86Emitter *e, int sz, X86Reg d, X86Reg s, X86Reg mask)
{
    emit_vex_rr(e, PP_F3, MAP_0F38, sz, 0xf5, d, s, mask, false, 0);
}

void x86_pdep(X86Emitter *e, int sz, X86Reg d, X86Reg s, X86Reg mask)
{
    emit_vex_rr(e, PP_F2, MAP_0F38, sz, 0xf5, d, s, mask, false, 0);
}

void x86_bzhi(X86Emitter *e, int sz, X86Reg d, X86Reg s, X86Reg index)
{
    emit_vex_rr(e, PP_NONE, MAP_0F38, sz, 0xf5, d, index, s, false, 0);
}

void x86_shlx(X86Emitter *e, int sz, X86Reg d, X86Reg s, X86Reg count)
{
    emit_vex_rr(e, PP_66, MAP_0F38, sz, 0xf7, d, count, s, false, 0);
}

void x86_shrx(X86Emitter *e, int sz, X86Reg d, X86Reg s, X86Reg count)
{
    emit_vex_rr(e, PP_F2, MAP_0F38, sz, 0xf7, d, count, s, false, 0);
}

void x86_sarx(X86Emitter *e, int sz, X86Reg d, X86Reg s, X86Reg count)
{
    emit_vex_rr(e, PP_F3, MAP_0F38, sz, 0xf7, d, count, s, false, 0);
}

void x86_rorx(X86Emitter *e, int sz, X86Reg d, X86Reg s, uint8_t count)
{
    emit_vex_rr(e, PP_F2, MAP_0F3A, sz, 0xf0, d, 0, s, true, count);
}

/* ---- GPR <-> XMM ---- */

void x86_movd_xr(X86Emitter *e, int sz, X86Xmm dst, X86Reg src)
{
    if (size_ok(e, sz, false, false) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, EF_66 | size_flags(sz), 0x0f6e, dst, src);
    }
}

void x86_movd_rx(X86Emitter *e, int sz, X86Reg dst, X86Xmm src)
{
    if (size_ok(e, sz, false, false) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, EF_66 | size_flags(sz), 0x0f7e, src, dst);
    }
}

/* ---- SSE ---- */

static unsigned sse_flags(uint32_t op)
{
    static const unsigned pfx[4] = { 0, EF_66, EF_F3, EF_F2 };
    return pfx[(op >> 24) & 3];
}

static bool sse_ok(X86Emitter *e, uint32_t op, bool shift)
{
    if (((op >> 29) & 1) != shift) {
        fail(e, shift ? "x86: not an SSE shift by immediate" : "x86: an SSE shift needs x86_sse_shift_i");
        return false;
    }
    return true;
}

void x86_sse_rr(X86Emitter *e, X86SseOp op, X86Xmm dst, X86Xmm src)
{
    if (sse_ok(e, op, false) && reg_ok(e, dst) && reg_ok(e, src)) {
        emit_rr(e, sse_flags(op), op & 0xffffff, dst, src);
    }
}

void x86_sse_rm(X86Emitter *e, X86SseOp op, X86Xmm reg, X86Mem m)
{
    if (sse_ok(e, op, false) && reg_ok(e, reg)) {
        emit_rm(e, sse_flags(op), op & 0xffffff, reg, &m);
    }
}

void x86_sse_shift_i(X86Emitter *e, X86SseOp op, X86Xmm r, uint8_t count)
{
    if (sse_ok(e, op, true) && reg_ok(e, r)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, put8(enc_rr(p, sse_flags(op), op & 0xffffff, (op >> 26) & 7, r), count));
    }
}

void x86_sse_rmi(X86Emitter *e, X86SseOp op, X86Xmm reg, X86Mem m, uint8_t imm)
{
    if (sse_ok(e, op, false) && reg_ok(e, reg) && mem_ok(e, &m)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, put8(enc_rm(p, sse_flags(op), op & 0xffffff, reg, &m), imm));
    }
}

void x86_sse_rri(X86Emitter *e, X86SseOp op, X86Xmm dst, X86Xmm src, uint8_t imm)
{
    if (sse_ok(e, op, false) && reg_ok(e, dst) && reg_ok(e, src)) {
        uint8_t *p = ins_begin(e);
        ins_end(e, p, put8(enc_rr(p, sse_flags(op), op & 0xffffff, dst, src), imm));
    }
}

/* ---- indirect branches ---- */

void x86_jmp_r(X86Emitter *e, X86Reg r)
{
    if (reg_ok(e, r)) {
        emit_rr(e, 0, 0xff, 4, r);
    }
}

void x86_jmp_m(X86Emitter *e, X86Mem m)
{
    emit_rm(e, 0, 0xff, 4, &m);
}

void x86_call_r(X86Emitter *e, X86Reg r)
{
    if (reg_ok(e, r)) {
        emit_rr(e, 0, 0xff, 2, r);
    }
}

void x86_call_m(X86Emitter *e, X86Mem m)
{
    emit_rm(e, 0, 0xff, 2, &m);
}

/* ---- labels ---- */

X86Label x86_label_new(X86Emitter *e)
{
    int64_t unbound = -1;
    g_array_append_val(e->labels, unbound);
    return e->labels->len - 1;
}

static int64_t *label_slot(const X86Emitter *e, X86Label l)
{
    if (l < 0 || (guint)l >= e->labels->len) {
        return NULL;
    }
    return &g_array_index(e->labels, int64_t, l);
}

bool x86_label_is_bound(const X86Emitter *e, X86Label l)
{
    int64_t *pos = label_slot(e, l);
    return pos && *pos >= 0;
}

size_t x86_label_offset(const X86Emitter *e, X86Label l)
{
    int64_t *pos = label_slot(e, l);
    return pos && *pos >= 0 ? (size_t)*pos : 0;
}

size_t x86_pending_fixups(const X86Emitter *e)
{
    return e->fixups->len;
}

void x86_label_bind(X86Emitter *e, X86Label l)
{
    int64_t *pos = label_slot(e, l);
    if (!pos || *pos >= 0) {
        fail(e, pos ? "x86: label bound twice" : "x86: invalid label");
        return;
    }
    *pos = e->off;
    for (guint i = 0; i < e->fixups->len;) {
        X86Fixup *fx = &g_array_index(e->fixups, X86Fixup, i);
        if (fx->label != l) {
            i++;
            continue;
        }
        int64_t rel = (int64_t)e->off - fx->end;
        if (fx->width == 1) {
            if (fits8(rel)) {
                e->buf[fx->end - 1] = rel;
            } else {
                fail(e, "x86: short jump to label out of range");
            }
        } else if (fits32(rel)) {
            uint32_t v = rel;
            memcpy(e->buf + fx->end - 4, &v, 4);
        } else {
            fail(e, "x86: label out of rel32 range");
        }
        g_array_remove_index_fast(e->fixups, i);
    }
}

/*
 * Emit a branch to label l. opc8/opc32: the rel8 and rel32 opcodes (opc8 0: none).
 * Bound labels get the shortest form; unbound ones a fixup.
 */
static void branch_label(X86Emitter *e, uint32_t opc8, uint32_t opc32, X86Label l, bool want_short)
{
    int64_t *pos = label_slot(e, l);
    if (!pos) {
        fail(e, "x86: invalid label");
        return;
    }
    int len32 = (opc32 > 0xff ? 2 : 1) + 4;
    uint8_t *p = ins_begin(e), *q;
    if (*pos >= 0) {
        int64_t rel8 = *pos - (int64_t)(e->off + 2);
        int64_t rel32 = *pos - (int64_t)(e->off + len32);
        if (opc8 && fits8(rel8)) {
            q = put8(put8(p, opc8), rel8);
        } else if (want_short) {
            fail(e, "x86: short jump to label out of range");
            return;
        } else {
            q = put32(put_opcode(p, opc32), rel32);
        }
        ins_end(e, p, q);
        return;
    }
    X86Fixup fx = { .label = l, .width = want_short ? 1 : 4 };
    q = want_short ? put8(put8(p, opc8), 0) : put32(put_opcode(p, opc32), 0);
    if (ins_end(e, p, q)) {
        fx.end = e->off;
        g_array_append_val(e->fixups, fx);
    }
}

void x86_jmp_label(X86Emitter *e, X86Label l)
{
    branch_label(e, 0xeb, 0xe9, l, false);
}

void x86_jcc_label(X86Emitter *e, X86Cond cc, X86Label l)
{
    branch_label(e, 0x70 + (cc & 15), 0x0f80 + (cc & 15), l, false);
}

void x86_jmp_label_short(X86Emitter *e, X86Label l)
{
    branch_label(e, 0xeb, 0xe9, l, true);
}

void x86_jcc_label_short(X86Emitter *e, X86Cond cc, X86Label l)
{
    branch_label(e, 0x70 + (cc & 15), 0x0f80 + (cc & 15), l, true);
}

void x86_lea_label(X86Emitter *e, X86Reg dst, X86Label l)
{
    int64_t *pos = label_slot(e, l);
    if (!pos) {
        fail(e, "x86: invalid label");
        return;
    }
    if (!reg_ok(e, dst)) {
        return;
    }
    /* lea r64, [rip + disp32] is 7 bytes; disp32 is last, so a rel32 fixup fits. */
    X86Mem m = x86_mem_rip(*pos >= 0 ? (int32_t)(*pos - (int64_t)(e->off + 7)) : 0);
    uint8_t *p = ins_begin(e);
    if (ins_end(e, p, enc_rm(p, EF_W, 0x8d, dst, &m)) && *pos < 0) {
        X86Fixup fx = { .end = e->off, .label = l, .width = 4 };
        g_array_append_val(e->fixups, fx);
    }
}

/* ---- absolute targets ---- */

static bool branch_abs(X86Emitter *e, uint32_t opc, uintptr_t target)
{
    int len = (opc > 0xff ? 2 : 1) + 4;
    int64_t rel = (int64_t)(target - (x86_here(e) + len));
    if (!fits32(rel)) {
        return false;
    }
    uint8_t *p = ins_begin(e);
    ins_end(e, p, put32(put_opcode(p, opc), rel));
    return true;
}

bool x86_jmp_abs(X86Emitter *e, uintptr_t target)
{
    return branch_abs(e, 0xe9, target);
}

bool x86_jcc_abs(X86Emitter *e, X86Cond cc, uintptr_t target)
{
    return branch_abs(e, 0x0f80 + (cc & 15), target);
}

bool x86_call_abs(X86Emitter *e, uintptr_t target)
{
    return branch_abs(e, 0xe8, target);
}

void x86_call_far(X86Emitter *e, uintptr_t target, X86Reg scratch)
{
    if (!x86_call_abs(e, target)) {
        x86_movabs(e, scratch, target);
        x86_call_r(e, scratch);
    }
}

void x86_jmp_far(X86Emitter *e, uintptr_t target, X86Reg scratch)
{
    if (!x86_jmp_abs(e, target)) {
        x86_movabs(e, scratch, target);
        x86_jmp_r(e, scratch);
    }
}

size_t x86_jump_slot(X86Emitter *e)
{
    /* The rel32 field, at exec + off + 1, must be 4-byte aligned. */
    x86_nop(e, (3 - (x86_here(e) & 3)) & 3);
    size_t at = e->off;
    uint8_t *p = ins_begin(e);
    ins_end(e, p, put32(put8(p, 0xe9), 0));
    return at;
}

bool x86_jump_slot_set(void *slot_rw, uintptr_t slot_exec, uintptr_t target)
{
    uint8_t *p = slot_rw;
    int64_t rel = (int64_t)(target - (slot_exec + 5));
    if (*p != 0xe9 || ((uintptr_t)(p + 1) & 3) || ((slot_exec + 1) & 3) || !fits32(rel)) {
        return false;
    }
    /* One aligned 4-byte store: a concurrently executing thread sees old or new. */
    __atomic_store_n((uint32_t *)(p + 1), (uint32_t)rel, __ATOMIC_RELEASE);
    return true;
}
