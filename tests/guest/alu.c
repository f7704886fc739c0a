/* alu: every integer data-processing class with edge operands; prints each result with
 * NZCV (compared between emulators) and checks what C can compute against references. */
#include "rt.h"
#include "ref.h"

typedef uint64_t (*OpFn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout);
/* Reference: expected result and flags (fout preset to fin for ops that keep flags). */
typedef uint64_t (*RefFn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout);

/* d = insn(a, b) with NZCV = fin before; the flags after come back in *fout. The
 * destination starts as b so insert-style ops (bfi, movk) have a defined old value. */
#define OP(fname, insn)                                                              \
    static uint64_t fname(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout)     \
    {                                                                                \
        uint64_t d = b, f;                                                           \
        __asm__ volatile("msr nzcv, %[fi]\n\t" insn "\n\tmrs %[fo], nzcv"            \
                         : [d] "+&r"(d), [fo] "=&r"(f)                               \
                         : [a] "r"(a), [b] "r"(b), [fi] "r"(fin) : "x9");            \
        *fout = f;                                                                   \
        return d;                                                                    \
    }

static const uint64_t vals[] = {
    0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 0x123456789abcdef0ull,
    0x00000000fffffffeull, 0x8000000000000001ull,
};
static const uint64_t shifts[] = { 0, 1, 31, 32, 33, 63, 64, 65, 127, 0xffffffffffffffc1ull };
static const uint64_t flag_inputs[] = { 0, NZCV_N | NZCV_V, NZCV_Z | NZCV_C, NZCV_C,
                                        NZCV_N | NZCV_Z | NZCV_C | NZCV_V, NZCV_V };

/* ---------- references ---------- */
#define REF(name) static uint64_t name(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fo)
#define CIN ((fin >> 29) & 1)
REF(r_add64) { (void)fin; *fo = fin; return a + b; }
REF(r_adds64) { (void)fin; return ref_add(a, b, 0, 1, fo); }
REF(r_adds32) { (void)fin; return ref_add(a, b, 0, 0, fo); }
REF(r_subs64) { (void)fin; return ref_add(a, ~b, 1, 1, fo); }
REF(r_subs32) { (void)fin; return ref_add(a, ~b, 1, 0, fo); }
REF(r_adcs64) { return ref_add(a, b, CIN, 1, fo); }
REF(r_adcs32) { return ref_add(a, b, CIN, 0, fo); }
REF(r_sbcs64) { return ref_add(a, ~b, CIN, 1, fo); }
REF(r_sbcs32) { return ref_add(a, ~b, CIN, 0, fo); }
REF(r_ands64) { (void)fin; *fo = ref_logic_flags(a & b, 1); return a & b; }
REF(r_bics32) { (void)fin; uint64_t r = (uint32_t)(a & ~b); *fo = ref_logic_flags(r, 0); return r; }
REF(r_orn64) { *fo = fin; return a | ~b; }
REF(r_eon32) { *fo = fin; return (uint32_t)(a ^ ~b); }
REF(r_lsl64) { *fo = fin; return a << (b & 63); }
REF(r_lsr64) { *fo = fin; return a >> (b & 63); }
REF(r_asr64) { *fo = fin; return (uint64_t)((int64_t)a >> (b & 63)); }
REF(r_ror64) { *fo = fin; unsigned s = b & 63; return s ? (a >> s) | (a << (64 - s)) : a; }
REF(r_lsl32) { *fo = fin; return (uint32_t)((uint32_t)a << (b & 31)); }
REF(r_lsr32) { *fo = fin; return (uint32_t)a >> (b & 31); }
REF(r_asr32) { *fo = fin; return (uint32_t)((int32_t)a >> (b & 31)); }
REF(r_ror32) { *fo = fin; uint32_t x = a; unsigned s = b & 31; return (uint32_t)(s ? (x >> s) | (x << (32 - s)) : x); }
REF(r_udiv64) { *fo = fin; return b ? a / b : 0; }
REF(r_sdiv64)
{
    *fo = fin;
    int64_t x = a, y = b;
    if (!y) return 0;
    if (x == INT64_MIN && y == -1) return (uint64_t)INT64_MIN;
    return (uint64_t)(x / y);
}
REF(r_udiv32) { *fo = fin; return (uint32_t)b ? (uint32_t)a / (uint32_t)b : 0; }
REF(r_sdiv32)
{
    *fo = fin;
    int32_t x = a, y = b;
    if (!y) return 0;
    if (x == INT32_MIN && y == -1) return (uint32_t)INT32_MIN;
    return (uint32_t)(x / y);
}
REF(r_mul64) { *fo = fin; return a * b; }
REF(r_madd64) { *fo = fin; return a * b + a; }
REF(r_msub64) { *fo = fin; return b - a * b; }
REF(r_smulh) { *fo = fin; return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64); }
REF(r_umulh) { *fo = fin; return (uint64_t)(((unsigned __int128)a * b) >> 64); }
REF(r_smaddl) { *fo = fin; return (uint64_t)((int64_t)(int32_t)a * (int32_t)b + (int64_t)b); }
REF(r_umaddl) { *fo = fin; return (uint64_t)(uint32_t)a * (uint32_t)b + b; }
REF(r_smsubl) { *fo = fin; return (uint64_t)((int64_t)b - (int64_t)(int32_t)a * (int32_t)b); }
REF(r_umsubl) { *fo = fin; return b - (uint64_t)(uint32_t)a * (uint32_t)b; }
REF(r_crc32b) { *fo = fin; return ref_crc(a, b, 1, 0xEDB88320u); }
REF(r_crc32h) { *fo = fin; return ref_crc(a, b, 2, 0xEDB88320u); }
REF(r_crc32w) { *fo = fin; return ref_crc(a, b, 4, 0xEDB88320u); }
REF(r_crc32x) { *fo = fin; return ref_crc(a, b, 8, 0xEDB88320u); }
REF(r_crc32cb) { *fo = fin; return ref_crc(a, b, 1, 0x82F63B78u); }
REF(r_crc32ch) { *fo = fin; return ref_crc(a, b, 2, 0x82F63B78u); }
REF(r_crc32cw) { *fo = fin; return ref_crc(a, b, 4, 0x82F63B78u); }
REF(r_crc32cx) { *fo = fin; return ref_crc(a, b, 8, 0x82F63B78u); }
REF(r_csel_eq) { *fo = fin; return ref_cond(0, fin) ? a : b; }
REF(r_csinc_ne) { *fo = fin; return ref_cond(1, fin) ? a : b + 1; }
REF(r_csinv_lt) { *fo = fin; return ref_cond(11, fin) ? a : ~b; }
REF(r_csneg_hi) { *fo = fin; return ref_cond(8, fin) ? a : -b; }
REF(r_csneg32_ge) { *fo = fin; return (uint32_t)(ref_cond(10, fin) ? a : -b); }
REF(r_cset_gt) { (void)a; (void)b; *fo = fin; return ref_cond(12, fin); }
REF(r_csetm_ls) { (void)a; (void)b; *fo = fin; return ref_cond(9, fin) ? ~0ull : 0; }
REF(r_ccmp_eq)
{
    if (ref_cond(0, fin)) { ref_add(a, ~b, 1, 1, fo); } else { *fo = NZCV_N | NZCV_V; }
    return b;
}
REF(r_ccmn_lt)
{
    if (ref_cond(11, fin)) { ref_add(a, b, 0, 1, fo); } else { *fo = NZCV_Z | NZCV_C; }
    return b;
}
REF(r_ccmp32_hs_imm)
{
    if (ref_cond(2, fin)) { ref_add(a, ~31ull, 1, 0, fo); } else { *fo = NZCV_C; }
    return b;
}

/* ---------- the instructions ---------- */
OP(o_add64, "add %[d], %[a], %[b]")
OP(o_adds64, "adds %[d], %[a], %[b]")
OP(o_adds32, "adds %w[d], %w[a], %w[b]")
OP(o_subs64, "subs %[d], %[a], %[b]")
OP(o_subs32, "subs %w[d], %w[a], %w[b]")
OP(o_adcs64, "adcs %[d], %[a], %[b]")
OP(o_adcs32, "adcs %w[d], %w[a], %w[b]")
OP(o_sbcs64, "sbcs %[d], %[a], %[b]")
OP(o_sbcs32, "sbcs %w[d], %w[a], %w[b]")
OP(o_adc64, "adc %[d], %[a], %[b]")
OP(o_sbc32, "sbc %w[d], %w[a], %w[b]")
OP(o_ngcs64, "ngcs %[d], %[a]")
OP(o_negs32, "negs %w[d], %w[a]")
OP(o_adds_lsl0, "adds %[d], %[a], %[b], lsl #0")
OP(o_adds_lsl63, "adds %[d], %[a], %[b], lsl #63")
OP(o_subs_lsr1, "subs %[d], %[a], %[b], lsr #1")
OP(o_add_asr63, "add %[d], %[a], %[b], asr #63")
OP(o_subs32_asr31, "subs %w[d], %w[a], %w[b], asr #31")
OP(o_add32_lsl31, "add %w[d], %w[a], %w[b], lsl #31")
OP(o_adds_uxtb, "adds %[d], %[a], %w[b], uxtb")
OP(o_add_uxth1, "add %[d], %[a], %w[b], uxth #1")
OP(o_add_uxtw2, "add %[d], %[a], %w[b], uxtw #2")
OP(o_subs_sxtb3, "subs %[d], %[a], %w[b], sxtb #3")
OP(o_sub_sxth4, "sub %[d], %[a], %w[b], sxth #4")
OP(o_adds_sxtw, "adds %[d], %[a], %w[b], sxtw")
OP(o_add_sxtx, "add %[d], %[a], %[b], sxtx #2")
OP(o_add32_sxtb, "add %w[d], %w[a], %w[b], sxtb #1")
OP(o_subs32_uxth, "subs %w[d], %w[a], %w[b], uxth #4")
OP(o_add_sp_ext, "mov x9, sp\n\tmov sp, %[a]\n\tadd %[d], sp, %w[b], uxtw #1\n\tmov sp, x9")
OP(o_addi0, "add %[d], %[a], #0")
OP(o_addsi4095, "adds %[d], %[a], #4095")
OP(o_addsi_lsl12, "adds %[d], %[a], #4095, lsl #12")
OP(o_subsi1, "subs %[d], %[a], #1")
OP(o_subsi32_1, "subs %w[d], %w[a], #1")
OP(o_addsi32_1, "adds %w[d], %w[a], #1")
OP(o_cmpi0, "cmp %[a], #0")
OP(o_cmni32_1, "cmn %w[a], #1")
OP(o_and64, "and %[d], %[a], %[b]")
OP(o_ands64, "ands %[d], %[a], %[b]")
OP(o_bics32, "bics %w[d], %w[a], %w[b]")
OP(o_orn64, "orn %[d], %[a], %[b]")
OP(o_eon32, "eon %w[d], %w[a], %w[b]")
OP(o_orr_ror7, "orr %[d], %[a], %[b], ror #7")
OP(o_eor32_ror31, "eor %w[d], %w[a], %w[b], ror #31")
OP(o_ands_asr3, "ands %[d], %[a], %[b], asr #3")
OP(o_tst32_lsl4, "tst %w[a], %w[b], lsl #4")
OP(o_bic_lsr63, "bic %[d], %[a], %[b], lsr #63")
OP(o_mvn, "mvn %[d], %[a]")
OP(o_lsl64, "lsl %[d], %[a], %[b]")
OP(o_lsr64, "lsr %[d], %[a], %[b]")
OP(o_asr64, "asr %[d], %[a], %[b]")
OP(o_ror64, "ror %[d], %[a], %[b]")
OP(o_lsl32, "lsl %w[d], %w[a], %w[b]")
OP(o_lsr32, "lsr %w[d], %w[a], %w[b]")
OP(o_asr32, "asr %w[d], %w[a], %w[b]")
OP(o_ror32, "ror %w[d], %w[a], %w[b]")
OP(o_udiv64, "udiv %[d], %[a], %[b]")
OP(o_sdiv64, "sdiv %[d], %[a], %[b]")
OP(o_udiv32, "udiv %w[d], %w[a], %w[b]")
OP(o_sdiv32, "sdiv %w[d], %w[a], %w[b]")
OP(o_mul64, "mul %[d], %[a], %[b]")
OP(o_mul32, "mul %w[d], %w[a], %w[b]")
OP(o_madd64, "madd %[d], %[a], %[b], %[a]")
OP(o_msub64, "msub %[d], %[a], %[b], %[b]")
OP(o_madd32, "madd %w[d], %w[a], %w[b], %w[a]")
OP(o_mneg64, "mneg %[d], %[a], %[b]")
OP(o_smulh, "smulh %[d], %[a], %[b]")
OP(o_umulh, "umulh %[d], %[a], %[b]")
OP(o_smaddl, "smaddl %[d], %w[a], %w[b], %[b]")
OP(o_umaddl, "umaddl %[d], %w[a], %w[b], %[b]")
OP(o_smsubl, "smsubl %[d], %w[a], %w[b], %[b]")
OP(o_umsubl, "umsubl %[d], %w[a], %w[b], %[b]")
OP(o_smull, "smull %[d], %w[a], %w[b]")
OP(o_umnegl, "umnegl %[d], %w[a], %w[b]")
OP(o_crc32b, "crc32b %w[d], %w[a], %w[b]")
OP(o_crc32h, "crc32h %w[d], %w[a], %w[b]")
OP(o_crc32w, "crc32w %w[d], %w[a], %w[b]")
OP(o_crc32x, "crc32x %w[d], %w[a], %[b]")
OP(o_crc32cb, "crc32cb %w[d], %w[a], %w[b]")
OP(o_crc32ch, "crc32ch %w[d], %w[a], %w[b]")
OP(o_crc32cw, "crc32cw %w[d], %w[a], %w[b]")
OP(o_crc32cx, "crc32cx %w[d], %w[a], %[b]")
OP(o_csel_eq, "csel %[d], %[a], %[b], eq")
OP(o_csinc_ne, "csinc %[d], %[a], %[b], ne")
OP(o_csinv_lt, "csinv %[d], %[a], %[b], lt")
OP(o_csneg_hi, "csneg %[d], %[a], %[b], hi")
OP(o_csneg32_ge, "csneg %w[d], %w[a], %w[b], ge")
OP(o_cset_gt, "cset %[d], gt")
OP(o_csetm_ls, "csetm %[d], ls")
OP(o_csel_al, "csel %[d], %[a], %[b], al")
OP(o_csinc_nv, "csinc %[d], %[a], %[b], nv")
OP(o_cinc32_vs, "cinc %w[d], %w[a], vs")
OP(o_ccmp_eq, "ccmp %[a], %[b], #9, eq")
OP(o_ccmn_lt, "ccmn %[a], %[b], #6, lt")
OP(o_ccmp32_hs_imm, "ccmp %w[a], #31, #2, hs")
OP(o_ccmn_imm_mi, "ccmn %[a], #0, #15, mi")
OP(o_ccmp_nv, "ccmp %[a], %[b], #0, nv")
OP(o_clz64, "clz %[d], %[a]")
OP(o_clz32, "clz %w[d], %w[a]")
OP(o_cls64, "cls %[d], %[a]")
OP(o_cls32, "cls %w[d], %w[a]")
OP(o_rbit64, "rbit %[d], %[a]")
OP(o_rbit32, "rbit %w[d], %w[a]")
OP(o_rev64, "rev %[d], %[a]")
OP(o_rev32_w, "rev %w[d], %w[a]")
OP(o_rev32_x, "rev32 %[d], %[a]")
OP(o_rev16_x, "rev16 %[d], %[a]")
OP(o_rev16_w, "rev16 %w[d], %w[a]")
OP(o_ubfx, "ubfx %[d], %[a], #4, #12")
OP(o_sbfx, "sbfx %[d], %[a], #60, #4")
OP(o_sbfx32, "sbfx %w[d], %w[a], #31, #1")
OP(o_bfi, "bfi %[d], %[a], #8, #16")
OP(o_bfi32, "bfi %w[d], %w[a], #28, #4")
OP(o_bfxil, "bfxil %[d], %[a], #56, #8")
OP(o_ubfiz, "ubfiz %[d], %[a], #40, #24")
OP(o_sbfiz32, "sbfiz %w[d], %w[a], #3, #29")
OP(o_bfm_wrap, "bfm %[d], %[a], #60, #3")
OP(o_sbfm_wrap, "sbfm %[d], %[a], #62, #5")
OP(o_ubfm32_wrap, "ubfm %w[d], %w[a], #30, #1")
OP(o_lsli63, "lsl %[d], %[a], #63")
OP(o_lsri0, "lsr %[d], %[a], #0")
OP(o_asri63, "asr %[d], %[a], #63")
OP(o_asri32_31, "asr %w[d], %w[a], #31")
OP(o_rori, "ror %[d], %[a], #13")
OP(o_sxtb, "sxtb %[d], %w[a]")
OP(o_sxth, "sxth %[d], %w[a]")
OP(o_sxtw, "sxtw %[d], %w[a]")
OP(o_sxtb32, "sxtb %w[d], %w[a]")
OP(o_uxtb, "uxtb %w[d], %w[a]")
OP(o_uxth, "uxth %w[d], %w[a]")
OP(o_extr, "extr %[d], %[a], %[b], #17")
OP(o_extr0, "extr %[d], %[a], %[b], #0")
OP(o_extr63, "extr %[d], %[a], %[b], #63")
OP(o_extr32, "extr %w[d], %w[a], %w[b], #31")
OP(o_movz, "movz %[d], #0xbeef, lsl #48")
OP(o_movz32, "movz %w[d], #0x8000, lsl #16")
OP(o_movn, "movn %[d], #0x1234, lsl #16")
OP(o_movn32, "movn %w[d], #0xffff")
OP(o_movk, "movk %[d], #0xcafe, lsl #32")
OP(o_movk32, "movk %w[d], #0xabcd, lsl #16")
OP(o_movk0, "movk %[d], #0")
OP(o_and_i1, "and %[d], %[a], #0x5555555555555555")
OP(o_and_i2, "and %[d], %[a], #0xaaaaaaaaaaaaaaaa")
OP(o_ands_i3, "ands %[d], %[a], #0x00ff00ff00ff00ff")
OP(o_orr_i4, "orr %[d], %[a], #0x0000ffff0000ffff")
OP(o_eor_i5, "eor %[d], %[a], #0x8000000000000000")
OP(o_ands_i6, "ands %[d], %[a], #0x7fffffffffffffff")
OP(o_orr_i7, "orr %[d], %[a], #0xfffffffffffffffe")
OP(o_eor_i8, "eor %[d], %[a], #0x3c3c3c3c3c3c3c3c")
OP(o_and_i9, "and %[d], %[a], #0x0ffffffffffffff0")
OP(o_orr_i10, "orr %[d], %[a], #0x1111111111111111")
OP(o_eor_i11, "eor %[d], %[a], #0xffff000000000001")
OP(o_and_i12, "and %[d], %[a], #0x6666666666666666")
OP(o_and_i13, "and %[d], %[a], #0x1")
OP(o_orr_i14, "orr %[d], %[a], #0xfff8000000000fff")
OP(o_and32_i1, "and %w[d], %w[a], #0x55555555")
OP(o_ands32_i2, "ands %w[d], %w[a], #0x80000000")
OP(o_orr32_i3, "orr %w[d], %w[a], #0x0f0f0f0f")
OP(o_eor32_i4, "eor %w[d], %w[a], #0xfffffffe")
OP(o_tst32_i5, "tst %w[a], #0x3")
OP(o_orr_sp_i, "mov x9, sp\n\torr sp, %[a], #0xf0\n\tmov %[d], sp\n\tmov sp, x9")

typedef struct Op { const char *name; OpFn fn; RefFn ref; int kind; } Op;
enum { K_BIN, K_UNARY, K_FLAGS, K_SHIFT };  /* operand sweep: pairs, a only, a x flags, a x shifts */

#define E(fn, ref, kind) { #fn + 2, fn, ref, kind }
static const Op ops[] = {
    E(o_add64, r_add64, K_BIN), E(o_adds64, r_adds64, K_BIN), E(o_adds32, r_adds32, K_BIN),
    E(o_subs64, r_subs64, K_BIN), E(o_subs32, r_subs32, K_BIN),
    E(o_adcs64, r_adcs64, K_FLAGS), E(o_adcs32, r_adcs32, K_FLAGS),
    E(o_sbcs64, r_sbcs64, K_FLAGS), E(o_sbcs32, r_sbcs32, K_FLAGS),
    E(o_adc64, 0, K_FLAGS), E(o_sbc32, 0, K_FLAGS), E(o_ngcs64, 0, K_FLAGS), E(o_negs32, 0, K_UNARY),
    E(o_adds_lsl0, r_adds64, K_BIN), E(o_adds_lsl63, 0, K_BIN), E(o_subs_lsr1, 0, K_BIN),
    E(o_add_asr63, 0, K_BIN), E(o_subs32_asr31, 0, K_BIN), E(o_add32_lsl31, 0, K_BIN),
    E(o_adds_uxtb, 0, K_BIN), E(o_add_uxth1, 0, K_BIN), E(o_add_uxtw2, 0, K_BIN),
    E(o_subs_sxtb3, 0, K_BIN), E(o_sub_sxth4, 0, K_BIN), E(o_adds_sxtw, 0, K_BIN),
    E(o_add_sxtx, 0, K_BIN), E(o_add32_sxtb, 0, K_BIN), E(o_subs32_uxth, 0, K_BIN),
    E(o_add_sp_ext, 0, K_BIN),
    E(o_addi0, 0, K_UNARY), E(o_addsi4095, 0, K_UNARY), E(o_addsi_lsl12, 0, K_UNARY),
    E(o_subsi1, 0, K_UNARY), E(o_subsi32_1, 0, K_UNARY), E(o_addsi32_1, 0, K_UNARY),
    E(o_cmpi0, 0, K_UNARY), E(o_cmni32_1, 0, K_UNARY),
    E(o_and64, 0, K_BIN), E(o_ands64, r_ands64, K_BIN), E(o_bics32, r_bics32, K_BIN),
    E(o_orn64, r_orn64, K_BIN), E(o_eon32, r_eon32, K_BIN), E(o_orr_ror7, 0, K_BIN),
    E(o_eor32_ror31, 0, K_BIN), E(o_ands_asr3, 0, K_BIN), E(o_tst32_lsl4, 0, K_BIN),
    E(o_bic_lsr63, 0, K_BIN), E(o_mvn, 0, K_UNARY),
    E(o_lsl64, r_lsl64, K_SHIFT), E(o_lsr64, r_lsr64, K_SHIFT), E(o_asr64, r_asr64, K_SHIFT),
    E(o_ror64, r_ror64, K_SHIFT), E(o_lsl32, r_lsl32, K_SHIFT), E(o_lsr32, r_lsr32, K_SHIFT),
    E(o_asr32, r_asr32, K_SHIFT), E(o_ror32, r_ror32, K_SHIFT),
    E(o_udiv64, r_udiv64, K_BIN), E(o_sdiv64, r_sdiv64, K_BIN), E(o_udiv32, r_udiv32, K_BIN),
    E(o_sdiv32, r_sdiv32, K_BIN), E(o_mul64, r_mul64, K_BIN), E(o_mul32, 0, K_BIN),
    E(o_madd64, r_madd64, K_BIN), E(o_msub64, r_msub64, K_BIN), E(o_madd32, 0, K_BIN),
    E(o_mneg64, 0, K_BIN), E(o_smulh, r_smulh, K_BIN), E(o_umulh, r_umulh, K_BIN),
    E(o_smaddl, r_smaddl, K_BIN), E(o_umaddl, r_umaddl, K_BIN), E(o_smsubl, r_smsubl, K_BIN),
    E(o_umsubl, r_umsubl, K_BIN), E(o_smull, 0, K_BIN), E(o_umnegl, 0, K_BIN),
    E(o_crc32b, r_crc32b, K_BIN), E(o_crc32h, r_crc32h, K_BIN), E(o_crc32w, r_crc32w, K_BIN),
    E(o_crc32x, r_crc32x, K_BIN), E(o_crc32cb, r_crc32cb, K_BIN), E(o_crc32ch, r_crc32ch, K_BIN),
    E(o_crc32cw, r_crc32cw, K_BIN), E(o_crc32cx, r_crc32cx, K_BIN),
    E(o_csel_eq, r_csel_eq, K_FLAGS), E(o_csinc_ne, r_csinc_ne, K_FLAGS),
    E(o_csinv_lt, r_csinv_lt, K_FLAGS), E(o_csneg_hi, r_csneg_hi, K_FLAGS),
    E(o_csneg32_ge, r_csneg32_ge, K_FLAGS), E(o_cset_gt, r_cset_gt, K_FLAGS),
    E(o_csetm_ls, r_csetm_ls, K_FLAGS), E(o_csel_al, 0, K_FLAGS), E(o_csinc_nv, 0, K_FLAGS),
    E(o_cinc32_vs, 0, K_FLAGS),
    E(o_ccmp_eq, r_ccmp_eq, K_FLAGS), E(o_ccmn_lt, r_ccmn_lt, K_FLAGS),
    E(o_ccmp32_hs_imm, r_ccmp32_hs_imm, K_FLAGS), E(o_ccmn_imm_mi, 0, K_FLAGS),
    E(o_ccmp_nv, 0, K_FLAGS),
    E(o_clz64, 0, K_UNARY), E(o_clz32, 0, K_UNARY), E(o_cls64, 0, K_UNARY), E(o_cls32, 0, K_UNARY),
    E(o_rbit64, 0, K_UNARY), E(o_rbit32, 0, K_UNARY), E(o_rev64, 0, K_UNARY),
    E(o_rev32_w, 0, K_UNARY), E(o_rev32_x, 0, K_UNARY), E(o_rev16_x, 0, K_UNARY),
    E(o_rev16_w, 0, K_UNARY),
    E(o_ubfx, 0, K_UNARY), E(o_sbfx, 0, K_UNARY), E(o_sbfx32, 0, K_UNARY), E(o_bfi, 0, K_BIN),
    E(o_bfi32, 0, K_BIN), E(o_bfxil, 0, K_BIN), E(o_ubfiz, 0, K_UNARY), E(o_sbfiz32, 0, K_UNARY),
    E(o_bfm_wrap, 0, K_BIN), E(o_sbfm_wrap, 0, K_UNARY), E(o_ubfm32_wrap, 0, K_UNARY),
    E(o_lsli63, 0, K_UNARY), E(o_lsri0, 0, K_UNARY), E(o_asri63, 0, K_UNARY),
    E(o_asri32_31, 0, K_UNARY), E(o_rori, 0, K_UNARY), E(o_sxtb, 0, K_UNARY),
    E(o_sxth, 0, K_UNARY), E(o_sxtw, 0, K_UNARY), E(o_sxtb32, 0, K_UNARY), E(o_uxtb, 0, K_UNARY),
    E(o_uxth, 0, K_UNARY), E(o_extr, 0, K_BIN), E(o_extr0, 0, K_BIN), E(o_extr63, 0, K_BIN),
    E(o_extr32, 0, K_BIN),
    E(o_movz, 0, K_UNARY), E(o_movz32, 0, K_UNARY), E(o_movn, 0, K_UNARY), E(o_movn32, 0, K_UNARY),
    E(o_movk, 0, K_BIN), E(o_movk32, 0, K_BIN), E(o_movk0, 0, K_BIN),
    E(o_and_i1, 0, K_UNARY), E(o_and_i2, 0, K_UNARY), E(o_ands_i3, 0, K_UNARY),
    E(o_orr_i4, 0, K_UNARY), E(o_eor_i5, 0, K_UNARY), E(o_ands_i6, 0, K_UNARY),
    E(o_orr_i7, 0, K_UNARY), E(o_eor_i8, 0, K_UNARY), E(o_and_i9, 0, K_UNARY),
    E(o_orr_i10, 0, K_UNARY), E(o_eor_i11, 0, K_UNARY), E(o_and_i12, 0, K_UNARY),
    E(o_and_i13, 0, K_UNARY), E(o_orr_i14, 0, K_UNARY), E(o_and32_i1, 0, K_UNARY),
    E(o_ands32_i2, 0, K_UNARY), E(o_orr32_i3, 0, K_UNARY), E(o_eor32_i4, 0, K_UNARY),
    E(o_tst32_i5, 0, K_UNARY), E(o_orr_sp_i, 0, K_UNARY),
};

static void run(const Op *op, uint64_t a, uint64_t b, uint64_t fin)
{
    uint64_t fo, want_f = fin;
    uint64_t d = op->fn(a, b, fin, &fo);
    printf("%-14s a=%016lx b=%016lx f=%s -> %016lx %s\n", op->name, a, b, rt_flags(fin), d,
           rt_flags(fo));
    if (op->ref) {
        uint64_t want = op->ref(a, b, fin, &want_f);
        char what[96];
        snprintf(what, sizeof(what), "%s(%016lx, %016lx, %s) result", op->name, a, b, rt_flags(fin));
        CHECK(what, d, want);
        snprintf(what, sizeof(what), "%s(%016lx, %016lx, %s) nzcv", op->name, a, b, rt_flags(fin));
        CHECK(what, fo, want_f);
    }
}

int main(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        const Op *op = &ops[i];
        switch (op->kind) {
        case K_BIN:
            for (unsigned x = 0; x < ARRAY_SIZE(vals); x++)
                for (unsigned y = 0; y < ARRAY_SIZE(vals); y += 1 + (x & 1))
                    run(op, vals[x], vals[y], flag_inputs[(x + y) % ARRAY_SIZE(flag_inputs)]);
            break;
        case K_UNARY:
            for (unsigned x = 0; x < ARRAY_SIZE(vals); x++)
                run(op, vals[x], vals[(x * 5 + 3) % ARRAY_SIZE(vals)], flag_inputs[x % 6]);
            break;
        case K_FLAGS:
            for (unsigned x = 0; x < ARRAY_SIZE(vals); x += 2)
                for (unsigned y = 1; y < ARRAY_SIZE(vals); y += 3)
                    for (unsigned f = 0; f < 16; f++)
                        run(op, vals[x], vals[y], (uint64_t)f << 28);
            break;
        case K_SHIFT:
            for (unsigned x = 0; x < ARRAY_SIZE(vals); x++)
                for (unsigned s = 0; s < ARRAY_SIZE(shifts); s++)
                    run(op, vals[x], shifts[s], flag_inputs[s % 6]);
            break;
        }
    }
    return rt_report("alu");
}
