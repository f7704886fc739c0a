/* Random differential test generator: for a seed, writes an AArch64 assembly file with
 * diff_run(): random x0-x30 (x28 pinned to a scratch buffer) and NZCV, then LEN random
 * valid instructions from per-group templates, then a store of x0-x30/NZCV to diff_out.
 * Usage: gen SEED LEN [GROUPS] > out.S   (GROUPS: any of "imm,reg,bit,mem,br"; default all)
 * Output depends only on the arguments. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static void repin(void)
{
    base_off = 1024 + 16 * rn(384);
    emit("adrp x28, diff_scratch");
    emit("add x28, x28, #:lo12:diff_scratch");
    emit("add x28, x28, #%ld", base_off);
}

static void gen_mem(void)
{
    int shadow = pending_branch_end >= 0;   /* no write-backs where a branch may skip */
    if (base_off < 1024 || base_off > 7168) {
        if (shadow)
            return;
        repin();
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

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SEED LEN [imm,reg,bit,mem,br] > out.S\n", argv[0]);
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
    const char *groups = argc > 3 ? argv[3] : "imm,reg,bit,mem,br";
    void (*gens[5])(void);
    int ng = 0;
    if (strstr(groups, "imm")) gens[ng++] = gen_imm;
    if (strstr(groups, "reg")) gens[ng++] = gen_reg;
    if (strstr(groups, "bit")) gens[ng++] = gen_bit;
    if (strstr(groups, "mem")) gens[ng++] = gen_mem;
    if (strstr(groups, "br")) gens[ng++] = gen_branch;
    if (!ng) {
        fprintf(stderr, "gen: no known group in '%s'\n", groups);
        return 2;
    }
    state = seed;
    out = stdout;
    printf("/* generated by tests/diff/gen %s %u %s */\n", argv[1], len, groups);
    printf("\t.section .rodata\n\t.global diff_seed\ndiff_seed: .asciz \"%s\"\n", argv[1]);
    printf("\t.bss\n\t.balign 16\n\t.global diff_out, diff_scratch\ndiff_out: .skip 256\n"
           "diff_scratch: .skip 8192\n");
    printf("\t.section .rodata\n\t.balign 8\ninit_regs:\n");
    for (int i = 0; i < 31; i++)
        printf("\t.quad 0x%016" PRIx64 "\n", edge_value());
    printf("\t.quad 0x%016" PRIx64 "\n", (rnd() & 0xf) << 28);
    printf("\t.text\n\t.balign 16\n\t.global diff_run\ndiff_run:\n"
           "\tstp x29, x30, [sp, #-96]!\n\tstp x19, x20, [sp, #16]\n\tstp x21, x22, [sp, #32]\n"
           "\tstp x23, x24, [sp, #48]\n\tstp x25, x26, [sp, #64]\n\tstp x27, x28, [sp, #80]\n"
           "\tadrp x30, init_regs\n\tadd x30, x30, #:lo12:init_regs\n"
           "\tldr x0, [x30, #248]\n\tmsr nzcv, x0\n");
    for (int i = 0; i < 30; i += 2)
        printf("\tldp x%d, x%d, [x30, #%d]\n", i, i + 1, i * 8);
    printf("\tldr x30, [x30, #240]\n");
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
    printf("\tldp x19, x20, [sp, #16]\n\tldp x21, x22, [sp, #32]\n\tldp x23, x24, [sp, #48]\n"
           "\tldp x25, x26, [sp, #64]\n\tldp x27, x28, [sp, #80]\n\tldp x29, x30, [sp], #96\n\tret\n");
    return 0;
}
