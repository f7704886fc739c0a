/* Random differential test generator: for a seed, writes an AArch64 assembly file with
 * diff_run(): random x0-x30 (x28 pinned to a scratch buffer) and NZCV, then LEN random
 * valid instructions from per-group templates, then a store of x0-x30/NZCV to diff_out.
 * Usage: gen SEED LEN [GROUPS] > out.S   (GROUPS: any of "imm,reg,bit,mem,br,fp,simd";
 *        default all). V0-V31, FPCR and FPSR start random too and are stored at the end.
 * Output depends only on the arguments. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "simd-classes.h"          /* tests/guest: AdvSIMD integer, permute, crypto */
#include "fp-classes.h"            /* scalar FP */

static uint64_t state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }
static int chance(unsigned pct) { return rn(100) < pct; }

#define PICK(arr) (arr)[rn(sizeof(arr) / sizeof((arr)[0]))]

/* Destinations never include x28 (the scratch base) or sp; sources may read any x0-x30. */
static unsigned dst(void)
{
    unsigned r = rn(30);
    return r >= 28 ? r + 1 : r;
}
static unsigned src(void) { return rn(31); }

static const char *x(unsigned r, int sf)
{
    static char buf[8][8];
    static int k;
    char *b = buf[k++ & 7];
    if (r == 31)
        snprintf(b, 8, "%szr", sf ? "x" : "w");
    else
        snprintf(b, 8, "%s%u", sf ? "x" : "w", r);
    return b;
}
/* A source that may be the zero register (only where the encoding means ZR). */
static unsigned srcz(void) { return chance(10) ? 31 : src(); }

static const char *const conds[] = { "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                     "hi", "ls", "ge", "lt", "gt", "le", "al", "nv" };

static uint64_t edge_value(void)
{
    static const uint64_t e[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 63, 64, 65, 31, 32 };
    switch (rn(4)) {
    case 0: return PICK(e);
    case 1: return rnd() >> rn(64);
    case 2: return (uint64_t)-(int64_t)(rnd() >> (32 + rn(32)));
    default: return rnd();
    }
}

/* A valid logical immediate: an element of 2..64 bits holding a run of ones, rotated,
 * replicated. */
static uint64_t bitmask_imm(int sf)
{
    unsigned esize;
    do
        esize = 2u << rn(6);
    while (!sf && esize == 64);
    unsigned ones = 1 + rn(esize - 1), rot = rn(esize);
    uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    uint64_t el = ((1ull << ones) - 1) & emask;
    if (rot)
        el = ((el >> rot) | (el << (esize - rot))) & emask;
    uint64_t v = 0;
    for (unsigned i = 0; i < 64; i += esize)
        v |= el << i;
    return sf ? v : (v & 0xffffffffu);
}

static FILE *out;
static unsigned n_insn, len;
static int pending_branch_end = -1;     /* instruction index a forward branch targets */
static long base_off = 4096;            /* x28 - diff_scratch, exact outside branch shadows */

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
    va_list ap;
    fprintf(out, "L%u:\t", n_insn);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
    n_insn++;
}

static void gen_imm(void)
{
    int sf = rn(2);
    unsigned d = dst(), s = src();
    switch (rn(7)) {
    case 0: {
        static const char *const op[] = { "add", "adds", "sub", "subs" };
        emit("%s %s, %s, #%u%s", PICK(op), x(d, sf), x(s, sf), rn(4096), chance(30) ? ", lsl #12" : "");
        break;
    }
    case 1: {
        static const char *const op[] = { "and", "orr", "eor", "ands" };
        emit("%s %s, %s, #0x%" PRIx64, PICK(op), x(d, sf), x(srcz(), sf), bitmask_imm(sf));
        break;
    }
    case 2: {
        static const char *const op[] = { "movz", "movn", "movk" };
        emit("%s %s, #0x%x, lsl #%u", PICK(op), x(d, sf), rn(65536), 16 * rn(sf ? 4 : 2));
        break;
    }
    case 3:
        emit("%s %s, L%u", chance(50) ? "adr" : "adrp", x(d, 1), rn(len));
        break;
    case 4: {
        static const char *const op[] = { "cmp", "cmn" };
        emit("%s %s, #%u", PICK(op), x(s, sf), rn(4096));
        break;
    }
    case 5: {
        static const char *const op[] = { "ccmp", "ccmn" };
        emit("%s %s, #%u, #%u, %s", PICK(op), x(s, sf), rn(32), rn(16), PICK(conds));
        break;
    }
    default:
        emit("tst %s, #0x%" PRIx64, x(s, sf), bitmask_imm(sf));
        break;
    }
}

static void gen_bit(void)
{
    int sf = rn(2);
    unsigned w = sf ? 64 : 32, d = dst(), s = srcz();
    switch (rn(3)) {
    case 0: {
        static const char *const op[] = { "sbfm", "bfm", "ubfm" };
        emit("%s %s, %s, #%u, #%u", PICK(op), x(d, sf), x(s, sf), rn(w), rn(w));
        break;
    }
    case 1:
        emit("extr %s, %s, %s, #%u", x(d, sf), x(s, sf), x(srcz(), sf), rn(w));
        break;
    default: {
        static const char *const op[] = { "lsl", "lsr", "asr", "ror" };
        emit("%s %s, %s, #%u", PICK(op), x(d, sf), x(s, sf), rn(w));
        break;
    }
    }
}

static void gen_reg(void)
{
    int sf = rn(2);
    unsigned w = sf ? 64 : 32, d = dst(), a = srcz(), b = srcz();
    static const char *const shifts[] = { "lsl", "lsr", "asr" };
    switch (rn(12)) {
    case 0: {
        static const char *const op[] = { "add", "adds", "sub", "subs" };
        emit("%s %s, %s, %s, %s #%u", PICK(op), x(d, sf), x(a, sf), x(b, sf), PICK(shifts), rn(w));
        break;
    }
    case 1: {
        static const char *const op[] = { "add", "adds", "sub", "subs" };
        static const char *const ext[] = { "uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx" };
        unsigned e = rn(8);
        int rm64 = sf && (e & 3) == 3;
        /* Rd/Rn = 31 means SP here: keep them general registers. */
        emit("%s %s, %s, %s, %s #%u", PICK(op), x(d, sf), x(src(), sf), x(b, rm64), ext[e], rn(5));
        break;
    }
    case 2: {
        static const char *const op[] = { "and", "ands", "orr", "orn", "eor", "eon", "bic", "bics" };
        static const char *const sh[] = { "lsl", "lsr", "asr", "ror" };
        emit("%s %s, %s, %s, %s #%u", PICK(op), x(d, sf), x(a, sf), x(b, sf), PICK(sh), rn(w));
        break;
    }
    case 3: {
        static const char *const op[] = { "adc", "adcs", "sbc", "sbcs" };
        emit("%s %s, %s, %s", PICK(op), x(d, sf), x(a, sf), x(b, sf));
        break;
    }
    case 4: {
        static const char *const op[] = { "ccmp", "ccmn" };
        emit("%s %s, %s, #%u, %s", PICK(op), x(a, sf), x(b, sf), rn(16), PICK(conds));
        break;
    }
    case 5: {
        static const char *const op[] = { "csel", "csinc", "csinv", "csneg" };
        emit("%s %s, %s, %s, %s", PICK(op), x(d, sf), x(a, sf), x(b, sf), PICK(conds));
        break;
    }
    case 6: {
        static const char *const op[] = { "udiv", "sdiv", "lslv", "lsrv", "asrv", "rorv" };
        emit("%s %s, %s, %s", PICK(op), x(d, sf), x(a, sf), x(b, sf));
        break;
    }
    case 7: {
        static const char *const op[] = { "crc32b", "crc32h", "crc32w", "crc32x",
                                          "crc32cb", "crc32ch", "crc32cw", "crc32cx" };
        unsigned k = rn(8);
        emit("%s %s, %s, %s", op[k], x(d, 0), x(a, 0), x(b, (k & 3) == 3));
        break;
    }
    case 8: {
        static const char *const op[] = { "madd", "msub" };
        emit("%s %s, %s, %s, %s", PICK(op), x(d, sf), x(a, sf), x(b, sf), x(srcz(), sf));
        break;
    }
    case 9: {
        static const char *const op[] = { "smaddl", "umaddl", "smsubl", "umsubl" };
        if (chance(30))
            emit("%s %s, %s, %s", chance(50) ? "smulh" : "umulh", x(d, 1), x(a, 1), x(b, 1));
        else
            emit("%s %s, %s, %s, %s", PICK(op), x(d, 1), x(a, 0), x(b, 0), x(srcz(), 1));
        break;
    }
    case 10: {
        static const char *const op[] = { "rbit", "rev16", "rev", "clz", "cls", "rev32" };
        unsigned k = rn(sf ? 6 : 5);
        emit("%s %s, %s", op[k], x(d, sf), x(a, sf));
        break;
    }
    default:
        emit("%s %s, %s", chance(50) ? "cset" : "csetm", x(d, sf), conds[rn(14)]);
        break;
    }
}

/* Keep x28 well inside the 8 KiB scratch buffer; re-pin when it drifts. */
static int mmu;                         /* "mmu" group: x28 may point into the alias */

static void repin(void)
{
    base_off = 1024 + 16 * rn(384);
    if (mmu && chance(50)) {
        emit("adrp x28, diff_alias_va");
        emit("ldr x28, [x28, #:lo12:diff_alias_va]");
    } else {
        emit("adrp x28, diff_scratch");
        emit("add x28, x28, #:lo12:diff_scratch");
    }
    if (base_off >= 4096)               /* ADD's immediate is 12 bits */
        emit("add x28, x28, #%ld, lsl #12", base_off >> 12);
    emit("add x28, x28, #%ld", base_off & 4095);
}

static int vec_mem;                     /* the fp or simd group is on: FP/SIMD loads/stores */

/* FP/SIMD loads and stores around x28, no write-back: single registers (scaled and
 * unscaled offsets), pairs, LD1-LD4/ST1-ST4 multiple structures (lists may wrap past
 * V31), single lanes and the replicating LDnR. */
static void gen_mem_vec(void)
{
    static const char bhsdq[] = "bhsdq";
    static const char *const arr[] = { "8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d" };
    static const char lane_t[] = "bhsd";
    unsigned t = rn(32), k = rn(5), size = 1u << k, n = 1 + rn(4);
    int load = chance(60);
    char list[96];
    switch (rn(5)) {
    case 0:
        emit("%s %c%u, [x28, #%u]", load ? "ldr" : "str", bhsdq[k], t, size * rn(64));
        break;
    case 1:
        emit("%s %c%u, [x28, #%d]", load ? "ldur" : "stur", bhsdq[k], t, (int)rn(512) - 256);
        break;
    case 2: {
        unsigned t2 = rn(32), pk = 2 + rn(3);
        if (load && t2 == t)
            t2 = (t + 1) % 32;          /* LDP with Rt == Rt2 is UNPREDICTABLE */
        emit("%s %c%u, %c%u, [x28, #%d]", load ? "ldp" : "stp", bhsdq[pk], t, bhsdq[pk], t2,
             (1 << pk) * ((int)rn(32) - 16));
        break;
    }
    case 3: {
        const char *a = PICK(arr);
        unsigned m = n;
        if (!strcmp(a, "1d") && n > 1)
            m = 1;                      /* LD2-LD4 have no .1d */
        int pos = snprintf(list, sizeof(list), "{");
        for (unsigned i = 0; i < (m == 1 ? n : m); i++)
            pos += snprintf(list + pos, sizeof(list) - pos, "%sv%u.%s", i ? ", " : "", (t + i) % 32, a);
        snprintf(list + pos, sizeof(list) - pos, "}");
        emit("%s%u %s, [x28]", load ? "ld" : "st", m, list);
        break;
    }
    default: {
        unsigned lk = rn(4), idx = rn(16 >> lk);
        int rep = load && chance(30);
        const char *ra = arr[2 * lk + rn(2)];
        int pos = snprintf(list, sizeof(list), "{");
        for (unsigned i = 0; i < n; i++) {
            if (rep)
                pos += snprintf(list + pos, sizeof(list) - pos, "%sv%u.%s", i ? ", " : "", (t + i) % 32, ra);
            else
                pos += snprintf(list + pos, sizeof(list) - pos, "%sv%u.%c", i ? ", " : "", (t + i) % 32,
                                lane_t[lk]);
        }
        snprintf(list + pos, sizeof(list) - pos, "}");
        if (rep)
            emit("ld%ur %s, [x28]", n, list);
        else
            emit("%s%u %s[%u], [x28]", load ? "ld" : "st", n, list, idx);
        break;
    }
    }
}

static void gen_mem(void)
{
    int shadow = pending_branch_end >= 0;   /* no write-backs where a branch may skip */
    if (base_off < 1024 || base_off > 7168) {
        if (shadow)
            return;
        repin();
    }
    if (mmu && chance(3)) {             /* TLB maintenance between accesses */
        if (chance(50))
            emit("tlbi vmalle1");
        else
            emit("tlbi vaae1, %s", x(src(), 1));
        emit("dsb ish");
        emit("isb");
        return;
    }
    if (mmu && chance(4)) {             /* move between the two mappings */
        if (shadow)
            return;
        repin();
        return;
    }
    if (vec_mem && chance(25)) {
        gen_mem_vec();
        return;
    }
    static const char *const ld[] = { "ldrb", "ldrh", "ldr", "ldr", "ldrsb", "ldrsb", "ldrsh", "ldrsh", "ldrsw" };
    static const int ldsz[] = { 1, 2, 4, 8, 1, 1, 2, 2, 4 };
    static const int ldsf[] = { 0, 0, 0, 1, 0, 1, 0, 1, 1 };
    static const char *const st[] = { "strb", "strh", "str", "str" };
    unsigned k = rn(9), d = dst();
    int size = ldsz[k], sf = ldsf[k];
    int store = chance(40);
    if (store) {
        k = rn(4);
        size = 1 << k;
        sf = k == 3;
    }
    const char *op = store ? st[k] : ld[k];
    unsigned t = store ? srcz() : d;
    if (t == 28)            /* never store the base itself: Rt == Rn with write-back is UNPREDICTABLE */
        t = 31;
    switch (rn(8)) {
    case 0: case 1:     /* unsigned scaled offset */
        emit("%s %s, [x28, #%d]", op, x(t, sf), size * (int)rn(64));
        break;
    case 2: {           /* unscaled */
        const char *u = store ? (size == 1 ? "sturb" : size == 2 ? "sturh" : "stur")
                              : (k == 0 ? "ldurb" : k == 1 ? "ldurh" : k <= 3 ? "ldur" :
                                 k <= 5 ? "ldursb" : k <= 7 ? "ldursh" : "ldursw");
        emit("%s %s, [x28, #%d]", u, x(t, sf), size * ((int)rn(64) - 32));
        break;
    }
    case 3: {           /* pre/post index, 16-byte steps so alignment is kept */
        if (shadow) {
            emit("%s %s, [x28]", op, x(t, sf));
            break;
        }
        int step = 16 * ((int)rn(31) - 15);
        if (chance(50))
            emit("%s %s, [x28, #%d]!", op, x(t, sf), step);
        else
            emit("%s %s, [x28], #%d", op, x(t, sf), step);
        base_off += step;
        break;
    }
    case 4: {           /* register offset with the zero register as index */
        static const char *const ext[] = { "lsl", "uxtw", "sxtw", "sxtx" };
        unsigned e = rn(4);
        int sh = size == 1 ? 0 : (int)rn(2) * __builtin_ctz(size);
        emit("%s %s, [x28, %s, %s #%d]", op, x(t, sf), (e == 1 || e == 2) ? "wzr" : "xzr", ext[e], sh);
        break;
    }
    case 5: {           /* pairs */
        int psf = rn(2), psz = psf ? 8 : 4;
        unsigned t2;
        do
            t2 = dst();
        while (t2 == d);
        int wb = !shadow && chance(40);
        int step = 16 * ((int)rn(15) - 7);
        const char *pop = store ? "stp" : (!psf && chance(30) ? "ldpsw" : "ldp");
        if (!strcmp(pop, "ldpsw"))
            psf = 1, psz = 4;
        unsigned a = store ? srcz() : d, b = store ? srcz() : t2;
        if (a == 28) a = 31;
        if (b == 28) b = 31;
        int rsf = strcmp(pop, "ldpsw") ? psf : 1;
        if (wb && chance(50)) {
            emit("%s %s, %s, [x28, #%d]!", pop, x(a, rsf), x(b, rsf), step);
            base_off += step;
        } else if (wb) {
            emit("%s %s, %s, [x28], #%d", pop, x(a, rsf), x(b, rsf), step);
            base_off += step;
        } else {
            emit("%s %s, %s, [x28, #%d]", pop, x(a, rsf), x(b, rsf), psz * ((int)rn(32) - 16));
        }
        break;
    }
    case 6: {           /* exclusives: ldxr then stxr (pass), or a lone stxr (fail) */
        int esf = rn(2);
        unsigned s;
        do
            s = dst();
        while (s == d);
        unsigned v = srcz();
        if (v == s || v == 28)
            v = 31;
        if (chance(70))
            emit("%s %s, [x28]", chance(50) ? "ldxr" : "ldaxr", x(d, esf));
        else if (chance(50))
            emit("clrex");
        emit("%s %s, %s, [x28]", chance(50) ? "stxr" : "stlxr", x(s, 0), x(v, esf));
        break;
    }
    default: {          /* acquire/release */
        static const char *const la[] = { "ldarb", "ldarh", "ldar", "ldar" };
        static const char *const sl[] = { "stlrb", "stlrh", "stlr", "stlr" };
        unsigned z = rn(4);
        if (store)
            emit("%s %s, [x28]", sl[z], x(srcz(), z == 3));
        else
            emit("%s %s, [x28]", la[z], x(d, z == 3));
        break;
    }
    }
}

static void gen_branch(void)
{
    if (pending_branch_end >= 0 || n_insn + 6 >= len)
        return;
    unsigned target = n_insn + 2 + rn(4);
    pending_branch_end = target;
    int sf = rn(2);
    switch (rn(3)) {
    case 0:
        emit("b.%s L%u", conds[rn(16)], target);
        break;
    case 1:
        emit("%s %s, L%u", chance(50) ? "cbz" : "cbnz", x(src(), sf), target);
        break;
    default: {
        unsigned bit = rn(sf ? 64 : 32);
        emit("%s %s, #%u, L%u", chance(50) ? "tbz" : "tbnz", x(src(), bit >= 32), bit, target);
        break;
    }
    }
}

/* ---- FP and AdvSIMD: random words from the class tables (fp-classes.h, simd-classes.h).
 * A word of a class may still be UNDEFINED by the instruction's own checks (element size,
 * Q, type); diff-main.c skips those and counts them, and the count is compared too. The
 * classes a word is drawn from are the rows of `vec_groups`: a group that another table
 * adds (say the AdvSIMD FP forms, once implemented) is one more row and one more header. */
struct cls { uint32_t mask, value; const char *name; };
#define CLS_ROWS(t) (const struct cls *)(t), sizeof(t) / sizeof((t)[0])
static const struct vec_group {
    const char *group;                  /* the name --groups selects it by */
    const struct cls *rows;
    unsigned n;
} vec_groups[] = {
    { "fp", CLS_ROWS(fp_classes) },
    { "simd", CLS_ROWS(simd_classes) },
};

/* Classes whose Rd (bits 4..0) may be a general register: never let it be x28. */
static int writes_gpr(const char *name)
{
    return !strcmp(name, "SMOV") || !strcmp(name, "UMOV") || !strcmp(name, "FCVT_int") ||
           !strcmp(name, "FCVT_fixed");
}

/* Bias the free bits of the scalar FP classes toward allocated encodings: type (23..22)
 * single or double, half where ARMv8.0 has it (FCVT); rmode:opcode of the conversions. */
static uint32_t fp_fixup(const char *name, uint32_t w)
{
    if (chance(90)) {
        unsigned t = !strcmp(name, "FCVT") && chance(30) ? 3 : rn(2);
        w = (w & ~(3u << 22)) | t << 22;
    }
    if (!strcmp(name, "FCVT_int") && chance(85)) {
        static const unsigned ro[] = { 000, 001, 010, 011, 020, 021, 030, 031, 002, 003, 004,
                                       005, 006, 007 };     /* rmode:opcode, octal */
        unsigned k = PICK(ro);
        unsigned type = (w >> 22) & 3;
        if (k == 006 || k == 007) {     /* FMOV: W-S, X-D or X-D[1] */
            switch (rn(3)) {
            case 0: w &= ~(1u << 31); type = 0; break;
            case 1: w |= 1u << 31; type = 1; break;
            default: w |= 1u << 31; type = 2; k |= 010; break;
            }
        }
        w = (w & ~(3u << 22) & ~(0x1fu << 16)) | type << 22 | k << 16;
    }
    if (!strcmp(name, "FCVT_fixed") && chance(85)) {
        static const unsigned ro[] = { 002, 003, 030, 031 };
        w = (w & ~(0x1fu << 16)) | PICK(ro) << 16;
        if (!(w >> 31))                 /* 32-bit: scale >= 32 */
            w |= 1u << 15;
    }
    return w;
}

static unsigned n_vec;                  /* FP/SIMD words emitted */

static void gen_vec(const struct vec_group *g)
{
    const struct cls *c = &g->rows[rn(g->n)];
    uint32_t w = c->value | ((uint32_t)rnd() & ~c->mask);
    if (g->rows == (const struct cls *)fp_classes)
        w = fp_fixup(c->name, w);
    if (writes_gpr(c->name) && (w & 31) == 28)
        w ^= 1;                         /* x29 instead */
    if (chance(2)) {                    /* a new FPCR mid-program: RMode, FZ, DN, AHP */
        unsigned t = dst();
        emit("movz %s, #0x%x, lsl #16", x(t, 1), (unsigned)rn(32) << 6);
        emit("msr fpcr, %s", x(t, 1));
    }
    emit(".inst 0x%08x  /* %s */", w, c->name);
    n_vec++;
    if (chance(8)) {                    /* FPSR is sticky: sample it into a register, clear it */
        unsigned t = dst();
        emit("mrs %s, fpsr", x(t, 1));
        emit("msr fpsr, xzr");
    }
}
static void gen_fp(void) { gen_vec(&vec_groups[0]); }
static void gen_simd(void) { gen_vec(&vec_groups[1]); }

/* Special values per element format: signed zeros, infinities, quiet and signalling NaNs
 * with payloads, denormals, the largest and smallest normals, one and the values either
 * side of rounding halfway points, the integer limits as floats. */
static uint64_t fp_special(unsigned esize)
{
    static const uint16_t h[] = { 0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe01, 0x7d00,
        0x7c01, 0x0001, 0x83ff, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x3c00, 0x3800, 0x3e00,
        0x4100, 0xbc00, 0x6800, 0x6801, 0x77ff };
    static const uint32_t s[] = { 0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
        0xffc12345, 0x7f800001, 0x7fa00000, 0xff9abcde, 0x00000001, 0x807fffff, 0x00400000,
        0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0x3f000000, 0x3fc00000,
        0x40200000, 0xbf000000, 0xbfc00000, 0x4b000001, 0x4b7fffff, 0x4effffff, 0x4f000000,
        0xcf000000, 0x4f800000, 0x5effffff, 0x5f000000, 0xdf000000, 0x5f800000, 0x33800000,
        0x38800000, 0x477fe000, 0x477ff000, 0x33000000, 0x387fc000 };
    static const uint64_t d[] = { 0, 0x8000000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000012345678ull,
        0x7ff0000000000001ull, 0x7ff4000000000000ull, 0x0000000000000001ull,
        0x800fffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull,
        0x7fefffffffffffffull, 0xffefffffffffffffull, 0x3ff0000000000000ull,
        0x3fe0000000000000ull, 0x3ff8000000000000ull, 0x4004000000000000ull,
        0xbfe0000000000000ull, 0x3ff0000010000000ull, 0x3ff0000030000000ull,
        0x3ff0000010000001ull, 0x3ff0020000000000ull, 0x3ff0060000000000ull,
        0x41dfffffffc00000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
        0x41dfffffffe00000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
        0x43f0000000000000ull, 0x47efffffe0000000ull, 0x47efffffffffffffull,
        0x36a0000000000000ull, 0x380fffffe0000000ull, 0x3810000000000000ull,
        0x3f10000000000000ull, 0x40effc0000000000ull, 0x40effe0000000000ull,
        0x4330000000000001ull };
    uint64_t v = esize == 16 ? PICK(h) : esize == 32 ? PICK(s) : PICK(d);
    if (chance(20))                     /* a neighbour: one ulp up or down */
        v += chance(50) ? 1 : -1ull;
    if (chance(15))
        v ^= 1ull << (esize - 1);
    return esize == 64 ? v : v & ((1ull << esize) - 1);
}

/* One 128-bit register: lanes of one size, each a special FP value, an integer edge or
 * random bits. */
static void vec_value(uint64_t out[2])
{
    unsigned esize = 8u << rn(4);
    out[0] = out[1] = 0;
    for (unsigned i = 0; i < 128; i += esize) {
        uint64_t v;
        unsigned k = rn(8);
        if (esize >= 16 && k < 4)
            v = fp_special(esize);
        else if (k < 6) {
            static const uint64_t e[] = { 0, 1, -1ull, 0x7f, 0x80, 0x7fff, 0x8000,
                                          0x7fffffff, 0x80000000, 0x7fffffffffffffffull,
                                          0x8000000000000000ull };
            v = PICK(e);
            if (esize < 64 && v != -1ull && (v >> (esize - 1)) > 1)   /* a limit of another size */
                v = rnd();
        } else
            v = rnd();
        if (esize < 64)
            v &= (1ull << esize) - 1;
        out[i / 64] |= v << (i % 64);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SEED LEN [imm,reg,bit,mem,br,fp,simd] > out.S\n", argv[0]);
        return 2;
    }
    char *end;
    uint64_t seed = strtoull(argv[1], &end, 0);
    if (*end) {
        fprintf(stderr, "gen: bad seed '%s'\n", argv[1]);
        return 2;
    }
    len = (unsigned)strtoul(argv[2], &end, 0);
    if (*end || len < 1 || len > 100000) {
        fprintf(stderr, "gen: bad length '%s'\n", argv[2]);
        return 2;
    }
    const char *groups = argc > 3 ? argv[3] : "imm,reg,bit,mem,br,fp,simd";
    void (*gens[8])(void);
    int ng = 0;
    if (strstr(groups, "imm")) gens[ng++] = gen_imm;
    if (strstr(groups, "reg")) gens[ng++] = gen_reg;
    if (strstr(groups, "bit")) gens[ng++] = gen_bit;
    if (strstr(groups, "mem")) gens[ng++] = gen_mem;
    if (strstr(groups, "br")) gens[ng++] = gen_branch;
    if (strstr(groups, "fp")) gens[ng++] = gen_fp;
    if (strstr(groups, "simd")) gens[ng++] = gen_simd;
    mmu = strstr(groups, "mmu") != 0;
    vec_mem = strstr(groups, "fp") || strstr(groups, "simd");
    if (!ng) {
        fprintf(stderr, "gen: no known group in '%s'\n", groups);
        return 2;
    }
    state = seed;
    out = stdout;
    printf("/* generated by tests/diff/gen %s %u %s */\n", argv[1], len, groups);
    printf("\t.section .rodata\n\t.global diff_seed\ndiff_seed: .asciz \"%s\"\n", argv[1]);
    printf("\t.bss\n\t.balign 16\n\t.global diff_out, diff_scratch\ndiff_out: .skip 784\n"
           "\t.balign 4096\ndiff_scratch: .skip 8192\n");
    printf("\t.section .rodata\n\t.balign 8\ninit_regs:\n");
    for (int i = 0; i < 31; i++)
        printf("\t.quad 0x%016" PRIx64 "\n", edge_value());
    printf("\t.quad 0x%016" PRIx64 "\n", (rnd() & 0xf) << 28);
    /* V0-V31, then FPCR (RMode, FZ, DN, AHP at random) and FPSR (random cumulative flags). */
    printf("\t.balign 16\ninit_vregs:\n");
    for (int i = 0; i < 32; i++) {
        uint64_t v[2];
        vec_value(v);
        printf("\t.quad 0x%016" PRIx64 ", 0x%016" PRIx64 "\n", v[0], v[1]);
    }
    printf("\t.quad 0x%016" PRIx64 ", 0x%016" PRIx64 "\n", (rnd() & 0x1f) << 22,
           chance(50) ? rnd() & 0x9f : 0);
    printf("\t.text\n\t.balign 16\n\t.global diff_run\ndiff_run:\n"
           "\tstp x29, x30, [sp, #-96]!\n\tstp x19, x20, [sp, #16]\n\tstp x21, x22, [sp, #32]\n"
           "\tstp x23, x24, [sp, #48]\n\tstp x25, x26, [sp, #64]\n\tstp x27, x28, [sp, #80]\n"
           "\tadrp x30, init_vregs\n\tadd x30, x30, #:lo12:init_vregs\n");
    for (int i = 0; i < 32; i += 2)
        printf("\tldp q%d, q%d, [x30, #%d]\n", i, i + 1, i * 16);
    printf("\tadd x30, x30, #512\n\tldp x0, x1, [x30]\n\tmsr fpcr, x0\n\tmsr fpsr, x1\n"
           "\tadrp x30, init_regs\n\tadd x30, x30, #:lo12:init_regs\n"
           "\tldr x0, [x30, #248]\n\tmsr nzcv, x0\n");
    for (int i = 0; i < 30; i += 2)
        printf("\tldp x%d, x%d, [x30, #%d]\n", i, i + 1, i * 8);
    printf("\tldr x30, [x30, #240]\n");
    if (mmu) {  /* the alias: another L1 and L2 index than RAM's, two pages; onto scratch pages */
        uint64_t va = (uint64_t)(2 + rn(510)) << 30 | (uint64_t)rn(512) << 21 | (uint64_t)rn(511) << 12;
        printf("\t.section .rodata\n\t.balign 8\n\t.global diff_alias_va, diff_alias_perm\n"
               "diff_alias_va: .quad 0x%" PRIx64 "\ndiff_alias_perm: .quad %u, %u\n\t.text\n",
               va, rn(2), rn(2));
    }
    printf("\tadrp x28, diff_scratch\n\tadd x28, x28, #:lo12:diff_scratch\n\tadd x28, x28, #%ld\n",
           base_off);
    while (n_insn < len) {
        if (pending_branch_end >= 0 && n_insn >= (unsigned)pending_branch_end)
            pending_branch_end = -1;
        gens[rn(ng)]();
    }
    /* Branch targets past the end land here. */
    for (unsigned i = n_insn; i < n_insn + 8; i++)
        printf("L%u:\n", i);
    printf("\tstp x0, x1, [sp, #-16]!\n\tadrp x0, diff_out\n\tadd x0, x0, #:lo12:diff_out\n"
           "\tmrs x1, nzcv\n\tstr x1, [x0, #248]\n");
    for (int i = 2; i < 30; i += 2)
        printf("\tstp x%d, x%d, [x0, #%d]\n", i, i + 1, i * 8);
    printf("\tstr x30, [x0, #240]\n\tldp x2, x3, [sp], #16\n\tstp x2, x3, [x0]\n");
    printf("\tmrs x1, fpsr\n\tmrs x2, fpcr\n\tstp x1, x2, [x0, #256]\n\tadd x0, x0, #272\n");
    for (int i = 0; i < 32; i += 2)
        printf("\tstp q%d, q%d, [x0, #%d]\n", i, i + 1, i * 16);
    printf("\tldp x19, x20, [sp, #16]\n\tldp x21, x22, [sp, #32]\n\tldp x23, x24, [sp, #48]\n"
           "\tldp x25, x26, [sp, #64]\n\tldp x27, x28, [sp, #80]\n\tldp x29, x30, [sp], #96\n\tret\n");
    printf("/* %u FP/SIMD words */\n", n_vec);
    return 0;
}
