/* simdfp: the AdvSIMD floating-point instructions against QEMU. Each runs from the
 * patched stub of the scalar FP test (fp.S: V0 = n, V1 = m, V2 = d and the result) on
 * lanes of special values (signed zeros, infinities, quiet and signalling NaNs with
 * payloads in either operand, denormals in and out, the largest and smallest normals,
 * halfway cases, integer limits and just past them) under the four rounding modes and
 * with FZ and DN on and off: three same (vector and scalar, pairwise), two-register
 * miscellaneous (rounding, conversions, compares with zero, estimates, FCVTN/L/XN),
 * across lanes, scalar pairwise, by element, the fixed-point shifts, URECPE/URSQRTE,
 * random operands for the fused and stepping forms; a Q = 0 form of each with garbage
 * above (the upper half must clear); then which
 * encodings of each group are UNDEFINED. Results print as Vd's bits (high:low)/FPSR. */
#include "fp-harness.h"

#define C_ALL 0xffu
#define C_FEW 0x51u         /* rn, fz, fz+dn+rm */
#define C_CMP 0x31u         /* rn, fz, dn */

/* For the one-operand forms: halfway points, integer limits and just past them, the
 * estimates' edges (2^-128 and 2^126 for single, 2^-1024 and 2^1022 for double). */
static const uint64_t sval1[] = {
    0x3fc00000, 0x40200000, 0xbfc00000, 0x3f400000, 0x4effffff, 0x4f000000, 0xcf000000,
    0xcf000001, 0x4f800000, 0x4f7fffff, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001,
    0x5f800000, 0x4b7fffff, 0xbeffffff, 0x80000001, 0x00200000, 0x001fffff, 0x801fffff,
    0x7e800000, 0x7e7fffff, 0xfe800000, 0x40400000, 0x40800000, 0x3e800000, 0x00600000,
    0x7f000000, 0x3fffffff, 0x40000000, 0x407fffff,
};
static const uint64_t dval1[] = {
    0x3ff8000000000000, 0x4004000000000000, 0xbff8000000000000, 0x3fe8000000000000,
    0x41dfffffffc00000, 0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000200000,
    0x41effffffff00000, 0x41f0000000000000, 0x43dfffffffffffff, 0x43e0000000000000,
    0xc3e0000000000000, 0xc3e0000000000001, 0x43f0000000000000, 0x43efffffffffffff,
    0x432fffffffffffff, 0xbfdfffffffffffff, 0x8000000000000001, 0x0004000000000000,
    0x0003ffffffffffff, 0x8003ffffffffffff, 0x7fd0000000000000, 0x7fcfffffffffffff,
    0xffd0000000000000, 0x4008000000000000, 0x4010000000000000, 0x3fd0000000000000,
    0x000c000000000000, 0x7fe0000000000000, 0x3fffffffffffffff, 0x4000000000000000,
    0x36a0000000000000, 0x47efffffe0000000, 0x47efffff00000000, 0x3810000000000000,
    0x380fffffffffffff, 0x3e70000000000001,
};
/* Integers for SCVTF/UCVTF: the limits, rounding halfway and just past. */
static const uint64_t sint[] = {
    0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0x00ffffff, 0x01000001,
    0x01000003, 0x7fffffc0, 0x7fffff80, 0xfffffffe, 0x12345678, 0x00000003, 0x7ffffe00,
    0xff000001,
};
static const uint64_t dint[] = {
    0, 1, ~0ull, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
    0x001fffffffffffff, 0x0020000000000001, 0x0020000000000003, 0x7ffffffffffffe00,
    0x7ffffffffffffc00, 0xfffffffffffffffe, 0x123456789abcdef0, 3, 0xffe0000000000001,
    0x00000000ffffffff,
};
/* ---- encodings (Rd = 2, Rn = 0, Rm = 1) ---- */
#define OPC(u, a, opc) ((uint32_t)(u) << 29 | (uint32_t)(a) << 23 | (uint32_t)(opc) << 11)
#define OPC2(u, a, opc) ((uint32_t)(u) << 29 | (uint32_t)(a) << 23 | (uint32_t)(opc) << 12)
static uint32_t e3v(uint32_t op, unsigned q, unsigned sz)
{
    return 0x0e210402 | op | q << 30 | sz << 22;
}
static uint32_t e3s(uint32_t op, unsigned sz) { return 0x5e210402 | op | sz << 22; }
static uint32_t e2v(uint32_t op, unsigned q, unsigned sz)
{
    return 0x0e200802 | op | q << 30 | sz << 22;
}
static uint32_t e2s(uint32_t op, unsigned sz) { return 0x5e200802 | op | sz << 22; }

static char line[2200];
static size_t len;
static unsigned nruns;

static void begin(const char *name, const char *sfx, unsigned k)
{
    len = snprintf(line, sizeof(line), "%s%s %s:", name, sfx, cfg_names[k]);
}

static void run_show(void)
{
    run();
    len += snprintf(line + len, sizeof(line) - len, " %016lx%016lx/%lx", c.v[2][1], c.v[2][0],
                    c.fpsr);
    nruns++;
    if (len > sizeof(line) - 48) {
        printf("%s\n", line);
        len = snprintf(line, sizeof(line), " +");
    }
}

static void end(void)
{
    printf("%s\n", line);
}

/* Lane l of V[r] := x (esize 4 or 8 bytes). */
static void lane_set(unsigned r, unsigned es, unsigned l, uint64_t x)
{
    if (es == 8) {
        c.v[r][l] = x;
    } else {
        uint64_t *w = &c.v[r][l / 2];
        unsigned sh = (l & 1) * 32;
        *w = (*w & ~(0xffffffffull << sh)) | (x & 0xffffffff) << sh;
    }
}

/* Runs insn on the values, lanes at a time, under each configuration of cfgmask: with
 * two, every (a, b) of vals (a in Vn, b in Vm; Vd holds a third value for the
 * accumulating forms), else each value in Vn. */
static void table(const char *name, const char *sfx, uint32_t insn, unsigned es,
                  const uint64_t *v, unsigned n, unsigned cfgmask, unsigned lanes, bool two)
{
    unsigned total = two ? n * n : n;
    set_insn(insn);
    for (unsigned k = 0; k < NCFG; k++) {
        if (!(cfgmask >> k & 1))
            continue;
        begin(name, sfx, k);
        for (unsigned p = 0; p < total; p += lanes) {
            clear_ctx(cfgs[k]);
            for (unsigned l = 0; l < lanes; l++) {
                unsigned q = (p + l) % total;
                lane_set(0, es, l, v[two ? q / n : q]);
                if (two) {
                    lane_set(1, es, l, v[q % n]);
                    lane_set(2, es, l, v[(q * 7 + 3) % n]);
                }
            }
            run_show();
        }
        end();
    }
}

static void pairs(const char *name, uint32_t insn, unsigned es, const uint64_t *v, unsigned n,
                  unsigned cfgmask, unsigned lanes)
{
    table(name, lanes == 1 ? (es == 8 ? " d" : " s") : (es == 8 ? ".2d" : ".4s"), insn, es, v,
          n, cfgmask, lanes, true);
}

static void unary(const char *name, uint32_t insn, unsigned es, const uint64_t *v, unsigned n,
                  unsigned cfgmask, unsigned lanes)
{
    table(name, "", insn, es, v, n, cfgmask, lanes, false);
}

static const struct { const char *name; uint32_t op; unsigned cfg; bool scalar; } same3[] = {
    { "fmaxnm", OPC(0, 0, 0x18), C_FEW, 0 }, { "fadd", OPC(0, 0, 0x1a), C_FEW, 0 },
    { "fmulx", OPC(0, 0, 0x1b), C_ALL, 1 }, { "fcmeq", OPC(0, 0, 0x1c), C_CMP, 1 },
    { "fmax", OPC(0, 0, 0x1e), C_FEW, 0 }, { "frecps", OPC(0, 0, 0x1f), C_ALL, 1 },
    { "fminnm", OPC(0, 1, 0x18), C_FEW, 0 }, { "fsub", OPC(0, 1, 0x1a), C_FEW, 0 },
    { "fmin", OPC(0, 1, 0x1e), C_FEW, 0 }, { "frsqrts", OPC(0, 1, 0x1f), C_ALL, 1 },
    { "fmaxnmp", OPC(1, 0, 0x18), C_CMP, 0 }, { "faddp", OPC(1, 0, 0x1a), C_FEW, 0 },
    { "fmul", OPC(1, 0, 0x1b), C_FEW, 0 }, { "fcmge", OPC(1, 0, 0x1c), C_CMP, 1 },
    { "facge", OPC(1, 0, 0x1d), C_CMP, 1 }, { "fmaxp", OPC(1, 0, 0x1e), C_CMP, 0 },
    { "fdiv", OPC(1, 0, 0x1f), C_FEW, 0 }, { "fminnmp", OPC(1, 1, 0x18), C_CMP, 0 },
    { "fabd", OPC(1, 1, 0x1a), C_ALL, 1 }, { "fcmgt", OPC(1, 1, 0x1c), C_CMP, 1 },
    { "facgt", OPC(1, 1, 0x1d), C_CMP, 1 }, { "fminp", OPC(1, 1, 0x1e), C_CMP, 0 },
    { "fmla", OPC(0, 0, 0x19), C_FEW, 0 }, { "fmls", OPC(0, 1, 0x19), C_FEW, 0 },
};

static void three_same(void)
{
    char name[32];
    for (unsigned i = 0; i < ARRAY_SIZE(same3); i++) {
        bool fused = i >= ARRAY_SIZE(same3) - 2;
        snprintf(name, sizeof(name), "%s", same3[i].name);
        if (fused) {
            pairs(name, e3v(same3[i].op, 1, 0), 4, s3, ARRAY_SIZE(s3), same3[i].cfg, 4);
            pairs(name, e3v(same3[i].op, 1, 1), 8, d3, ARRAY_SIZE(d3), same3[i].cfg, 2);
        } else {
            pairs(name, e3v(same3[i].op, 1, 0), 4, sval, ARRAY_SIZE(sval), same3[i].cfg, 4);
            pairs(name, e3v(same3[i].op, 1, 1), 8, dval, ARRAY_SIZE(dval), same3[i].cfg, 2);
        }
        /* 2S: the upper half of Vd clears, the upper halves of the sources are unused */
        snprintf(name, sizeof(name), "%s Q=0", same3[i].name);
        pairs(name, e3v(same3[i].op, 0, 0), 4, s3, 5, 1, 4);
        if (same3[i].scalar) {
            snprintf(name, sizeof(name), "%s scalar", same3[i].name);
            pairs(name, e3s(same3[i].op, 0), 4, sval, ARRAY_SIZE(sval), same3[i].cfg & C_FEW, 1);
            pairs(name, e3s(same3[i].op, 1), 8, dval, ARRAY_SIZE(dval), same3[i].cfg & C_FEW, 1);
        }
    }
    /* the fused results' rounding: a*b+c exact in no format */
    static const uint64_t rs[] = { 0x3f800001, 0x3f7fffff, 0xbf800002, 0xbf800000, 0x00800001,
                                   0x3f000000, 0x3fffffff, 0xc0800000, 0x40000001, 0xbfffffff };
    pairs("fmla rounding", e3v(OPC(0, 0, 0x19), 1, 0), 4, rs, ARRAY_SIZE(rs), C_ALL, 4);
    pairs("frecps rounding", e3v(OPC(0, 0, 0x1f), 1, 0), 4, rs, ARRAY_SIZE(rs), C_ALL, 4);
    pairs("frsqrts rounding", e3v(OPC(0, 1, 0x1f), 1, 0), 4, rs, ARRAY_SIZE(rs), C_ALL, 4);
    /* FRSQRTS where 3 - a*b overflows before the halving, or cancels */
    static const uint64_t big[] = { 0x7f7fffff, 0xff7fffff, 0x7f000000, 0xff000000, 0x3fc00000,
                                    0x40000000, 0xbfc00000, 0x3fddb3d7, 0x00000001, 0x80800000 };
    pairs("frsqrts big", e3v(OPC(0, 1, 0x1f), 1, 0), 4, big, ARRAY_SIZE(big), C_ALL, 4);
    pairs("frecps big", e3v(OPC(0, 0, 0x1f), 1, 0), 4, big, ARRAY_SIZE(big), C_ALL, 4);
}

static const struct { const char *name; uint32_t op; unsigned cfg; unsigned kind; } misc2[] = {
    /* kind: 0 FP in, 1 integer in, 2 vector only, 3 32-bit integers (URECPE), 4 scalar only */
    { "frintn", OPC2(0, 0, 0x18), C_ALL, 2 }, { "frintm", OPC2(0, 0, 0x19), C_FEW, 2 },
    { "fcvtns", OPC2(0, 0, 0x1a), C_FEW, 0 }, { "fcvtms", OPC2(0, 0, 0x1b), C_FEW, 0 },
    { "fcvtas", OPC2(0, 0, 0x1c), C_FEW, 0 }, { "scvtf", OPC2(0, 0, 0x1d), C_ALL, 1 },
    { "fcmgt0", OPC2(0, 1, 0x0c), C_CMP, 0 }, { "fcmeq0", OPC2(0, 1, 0x0d), C_CMP, 0 },
    { "fcmlt0", OPC2(0, 1, 0x0e), C_CMP, 0 }, { "fabs", OPC2(0, 1, 0x0f), C_CMP, 2 },
    { "frintp", OPC2(0, 1, 0x18), C_FEW, 2 }, { "frintz", OPC2(0, 1, 0x19), C_FEW, 2 },
    { "fcvtps", OPC2(0, 1, 0x1a), C_FEW, 0 }, { "fcvtzs", OPC2(0, 1, 0x1b), C_FEW, 0 },
    { "urecpe", OPC2(0, 1, 0x1c), 1, 3 }, { "frecpe", OPC2(0, 1, 0x1d), C_ALL, 0 },
    { "frinta", OPC2(1, 0, 0x18), C_FEW, 2 }, { "frintx", OPC2(1, 0, 0x19), C_ALL, 2 },
    { "fcvtnu", OPC2(1, 0, 0x1a), C_FEW, 0 }, { "fcvtmu", OPC2(1, 0, 0x1b), C_FEW, 0 },
    { "fcvtau", OPC2(1, 0, 0x1c), C_FEW, 0 }, { "ucvtf", OPC2(1, 0, 0x1d), C_ALL, 1 },
    { "fcmge0", OPC2(1, 1, 0x0c), C_CMP, 0 }, { "fcmle0", OPC2(1, 1, 0x0d), C_CMP, 0 },
    { "fneg", OPC2(1, 1, 0x0f), C_CMP, 2 }, { "frinti", OPC2(1, 1, 0x19), C_ALL, 2 },
    { "fcvtpu", OPC2(1, 1, 0x1a), C_FEW, 0 }, { "fcvtzu", OPC2(1, 1, 0x1b), C_FEW, 0 },
    { "ursqrte", OPC2(1, 1, 0x1c), 1, 3 }, { "frsqrte", OPC2(1, 1, 0x1d), C_ALL, 0 },
    { "fsqrt", OPC2(1, 1, 0x1f), C_FEW, 2 }, { "frecpx", OPC2(0, 1, 0x1f), C_ALL, 4 },
};

static const uint64_t uest[] = {
    0, 1, 0x3fffffff, 0x40000000, 0x7fffffff, 0x80000000, 0x80800000, 0x807fffff,
    0xffffffff, 0xc0000000, 0x5a5a5a5a, 0xa5a5a5a5, 0x60000000, 0xe0000000, 0x40800000,
    0xfff00000,
};

static void fp_sets(unsigned d, bool ints, const uint64_t **a, unsigned *na, const uint64_t **b,
                    unsigned *nb)
{
    if (ints) {
        *a = d ? dint : sint;
        *na = ARRAY_SIZE(sint);
        *nb = 0;
        return;
    }
    *a = d ? dval : sval;
    *na = ARRAY_SIZE(sval);
    *b = d ? dval1 : sval1;
    *nb = d ? ARRAY_SIZE(dval1) : ARRAY_SIZE(sval1);
}

static void two_misc(void)
{
    char name[40];
    for (unsigned i = 0; i < ARRAY_SIZE(misc2); i++) {
        unsigned kind = misc2[i].kind;
        if (kind == 3) {
            snprintf(name, sizeof(name), "%s.4s", misc2[i].name);
            unary(name, e2v(misc2[i].op, 1, 0), 4, uest, ARRAY_SIZE(uest), 1, 4);
            snprintf(name, sizeof(name), "%s.2s", misc2[i].name);
            unary(name, e2v(misc2[i].op, 0, 0), 4, uest, 4, 1, 2);
            continue;
        }
        for (unsigned d = 0; d < 2; d++) {
            const uint64_t *a, *b = 0;
            unsigned na, nb;
            fp_sets(d, kind == 1, &a, &na, &b, &nb);
            if (kind != 4) {
                snprintf(name, sizeof(name), "%s.%s", misc2[i].name, d ? "2d" : "4s");
                unary(name, e2v(misc2[i].op, 1, d), d ? 8 : 4, a, na, misc2[i].cfg, d ? 2 : 4);
                if (nb)
                    unary(name, e2v(misc2[i].op, 1, d), d ? 8 : 4, b, nb, misc2[i].cfg, d ? 2 : 4);
            }
            if (kind != 2) {
                snprintf(name, sizeof(name), "%s %c", misc2[i].name, d ? 'd' : 's');
                unary(name, e2s(misc2[i].op, d), d ? 8 : 4, a, na, misc2[i].cfg, 1);
                if (nb)
                    unary(name, e2s(misc2[i].op, d), d ? 8 : 4, b, nb, misc2[i].cfg, 1);
            }
        }
        if (kind != 4) {
            snprintf(name, sizeof(name), "%s.2s", misc2[i].name);
            unary(name, e2v(misc2[i].op, 0, 0), 4, kind == 1 ? sint : sval, 6, 1, 2);
        }
    }
    /* FCVTN/FCVTN2 (4S->4H/8H, 2D->2S/4S), FCVTXN(2), scalar FCVTXN, FCVTL/FCVTL2,
     * half precision with and without AHP */
    static const uint32_t ncfg[] = { RN, RZ, FZ, DN, AHP, AHP | FZ | RP };
    static const char *const ncfgn[] = { "rn", "rz", "fz", "dn", "ahp", "ahp+fz+rp" };
    static const uint64_t hval[] = { 0x0000, 0x8000, 0x3c00, 0x0001, 0x03ff, 0x7bff, 0x7c00,
                                     0xfc00, 0x7e01, 0x7c01, 0xfd23, 0x0400, 0x3555, 0x8401,
                                     0x3c01, 0xfbff };
    /* es: the source lanes' bytes; two value sets (the second may be empty) */
    static const struct {
        const char *name;
        uint32_t op;
        unsigned sz, es;
        const uint64_t *v[2];
        unsigned n[2];
    } cv[] = {
        { "fcvtn 4h<-4s", OPC2(0, 0, 0x16), 0, 4, { sval, sval1 },
          { ARRAY_SIZE(sval), ARRAY_SIZE(sval1) } },
        { "fcvtn 2s<-2d", OPC2(0, 0, 0x16), 1, 8, { dval, dval1 },
          { ARRAY_SIZE(dval), ARRAY_SIZE(dval1) } },
        { "fcvtxn 2s<-2d", OPC2(1, 0, 0x16), 1, 8, { dval, dval1 },
          { ARRAY_SIZE(dval), ARRAY_SIZE(dval1) } },
        { "fcvtl 4s<-4h", OPC2(0, 0, 0x17), 0, 2, { hval, 0 }, { ARRAY_SIZE(hval), 0 } },
        { "fcvtl 2d<-2s", OPC2(0, 0, 0x17), 1, 4, { sval, sval1 },
          { ARRAY_SIZE(sval), ARRAY_SIZE(sval1) } },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(cv); i++) {
        unsigned es = cv[i].es, per = 16 / es;
        for (unsigned q = 0; q < 2; q++) {
            set_insn(e2v(cv[i].op, q, cv[i].sz));
            for (unsigned k = 0; k < ARRAY_SIZE(ncfg); k++) {
                len = snprintf(line, sizeof(line), "%s%s %s:", cv[i].name, q ? " (2)" : "",
                               ncfgn[k]);
                for (unsigned set = 0; set < 2; set++) {
                    const uint64_t *v = cv[i].v[set];
                    unsigned n = cv[i].n[set];
                    /* half a register of new values each run: both halves see each */
                    for (unsigned p = 0; p < n; p += per / 2) {
                        clear_ctx(ncfg[k]);
                        for (unsigned l = 0; l < per; l++) {
                            uint64_t x = v[(p + l) % n];
                            if (es == 2) {
                                unsigned sh = l % 4 * 16;
                                c.v[0][l / 4] = (c.v[0][l / 4] & ~(0xffffull << sh)) | x << sh;
                            } else {
                                lane_set(0, es, l, x);
                            }
                        }
                        run_show();
                    }
                }
                end();
            }
        }
    }
    set_insn(e2s(OPC2(1, 0, 0x16), 1));
    for (unsigned k = 0; k < NCFG; k++) {
        begin("fcvtxn s<-d", "", k);
        for (unsigned i = 0; i < ARRAY_SIZE(dval1); i++) {
            clear_ctx(cfgs[k]);
            c.v[0][0] = dval1[i];
            run_show();
        }
        end();
    }
}

/* Across lanes (4S) and scalar pairwise (2S, 2D): operand sets from a fixed sequence. */
static void reductions(void)
{
    static const struct { const char *name; unsigned u, a, opc; bool across; } red[] = {
        { "fmaxnmv", 1, 0, 0x0c, 1 }, { "fmaxv", 1, 0, 0x0f, 1 }, { "fminnmv", 1, 1, 0x0c, 1 },
        { "fminv", 1, 1, 0x0f, 1 }, { "fmaxnmp", 1, 0, 0x0c, 0 }, { "faddp", 1, 0, 0x0d, 0 },
        { "fmaxp", 1, 0, 0x0f, 0 }, { "fminnmp", 1, 1, 0x0c, 0 }, { "fminp", 1, 1, 0x0f, 0 },
    };
    char name[40];
    for (unsigned i = 0; i < ARRAY_SIZE(red); i++) {
        for (unsigned d = 0; d < (red[i].across ? 1u : 2u); d++) {
            uint32_t base = red[i].across ? 0x4e300802 : 0x5e300802;
            set_insn(base | OPC2(red[i].u, red[i].a, red[i].opc) | d << 22);
            snprintf(name, sizeof(name), "%s %s", red[i].name,
                     red[i].across ? "4s" : d ? "2d" : "2s");
            const uint64_t *v = d ? dval : sval;
            unsigned n = ARRAY_SIZE(sval), lanes = red[i].across ? 4 : 2;
            for (unsigned k = 0; k < NCFG; k++) {
                if (!(C_FEW >> k & 1))
                    continue;
                begin(name, "", k);
                uint32_t seed = 12345;
                for (unsigned r = 0; r < 150; r++) {
                    clear_ctx(cfgs[k]);
                    for (unsigned l = 0; l < lanes; l++) {
                        seed = seed * 1103515245u + 12345u;
                        lane_set(0, d ? 8 : 4, l, v[(seed >> 16) % n]);
                    }
                    run_show();
                }
                end();
            }
        }
    }
}

/* By element: every lane times Vm[index]; FMLA/FMLS accumulate into Vd. */
static void by_element(void)
{
    static const struct { const char *name; unsigned u, opc; } ops[] = {
        { "fmla", 0, 1 }, { "fmls", 0, 5 }, { "fmul", 0, 9 }, { "fmulx", 1, 9 },
    };
    char name[40];
    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        for (unsigned scalar = 0; scalar < 2; scalar++) {
            for (unsigned d = 0; d < 2; d++) {
                unsigned n = ARRAY_SIZE(s3), es = d ? 8 : 4, lanes = scalar ? 1 : 16 / es;
                const uint64_t *v = d ? d3 : s3;
                for (unsigned idx = 0; idx < 16 / es; idx += (d ? 1 : 3)) {
                    /* (Vd, Vn) pairs: every third (vector) or ninth (scalar) */
                    uint32_t hl = d ? idx << 11 : (idx >> 1) << 11 | (idx & 1) << 21;
                    uint32_t insn = (scalar ? 0x5f800002 : 0x4f800002) | ops[i].u << 29 | d << 22 |
                                    1 << 16 | ops[i].opc << 12 | hl;
                    set_insn(insn);
                    snprintf(name, sizeof(name), "%s%s.%c[%u]", ops[i].name,
                             scalar ? " scalar" : "", d ? 'd' : 's', idx);
                    for (unsigned k = 0; k < NCFG; k++) {
                        if (!(C_FEW >> k & 1))
                            continue;
                        begin(name, "", k);
                        for (unsigned m = 0; m < n; m++) {
                            for (unsigned p = m % 3; p < n * n; p += lanes * 3 * (scalar ? 3 : 1)) {
                                clear_ctx(cfgs[k]);
                                for (unsigned l = 0; l < 16 / es; l++)
                                    lane_set(1, es, l, l == idx ? v[m] : v[(m + l + 1) % n]);
                                for (unsigned l = 0; l < lanes; l++) {
                                    unsigned q = (p + l) % (n * n);
                                    lane_set(0, es, l, v[q / n]);
                                    lane_set(2, es, l, v[q % n]);
                                }
                                run_show();
                            }
                        }
                        end();
                    }
                }
            }
        }
    }
    /* 2S by element: the upper half clears */
    set_insn(0x0f800002 | 1 << 16 | 9 << 12 | 1 << 11);
    unary("fmul.2s by element", 0x0f800002 | 1 << 16 | 9 << 12 | 1 << 11, 4, sval, 8, 1, 2);
}

/* The fixed-point conversions: fbits = 2 * esize - immh:immb. */
static void fixed_point(void)
{
    static const struct { const char *name; unsigned u, opc, ints; } ops[] = {
        { "scvtf", 0, 0x1c, 1 }, { "ucvtf", 1, 0x1c, 1 }, { "fcvtzs", 0, 0x1f, 0 },
        { "fcvtzu", 1, 0x1f, 0 },
    };
    static const unsigned sfb[] = { 1, 8, 31, 32 }, dfb[] = { 1, 30, 63, 64 };
    char name[48];
    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        for (unsigned d = 0; d < 2; d++) {
            for (unsigned f = 0; f < 4; f++) {
                unsigned fb = d ? dfb[f] : sfb[f], immhb = (d ? 128 : 64) - fb;
                for (unsigned scalar = 0; scalar < 2; scalar++) {
                    uint32_t insn = (scalar ? 0x5f000402 : 0x4f000402) | ops[i].u << 29 |
                                    immhb << 16 | ops[i].opc << 11;
                    const uint64_t *a, *b = 0;
                    unsigned na, nb;
                    fp_sets(d, ops[i].ints, &a, &na, &b, &nb);
                    snprintf(name, sizeof(name), "%s%s %c #%u", ops[i].name,
                             scalar ? " scalar" : "", d ? 'd' : 's', fb);
                    unsigned lanes = scalar ? 1 : d ? 2 : 4;
                    unary(name, insn, d ? 8 : 4, a, na, C_FEW, lanes);
                    if (nb)
                        unary(name, insn, d ? 8 : 4, b, nb, C_FEW, lanes);
                }
            }
        }
        unary("fixed 2s", 0x0f000402 | ops[i].u << 29 | 48u << 16 | ops[i].opc << 11, 4,
              ops[i].ints ? sint : sval, 6, 1, 2);
    }
}

/* Random operands over the whole exponent range (sign, exponent and fraction at random,
 * half of the exponents near the middle so products and sums meet) for the fused and
 * stepping forms, where the rounding of a*b+c is the point. */
static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rnd64(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t rnd_fp(unsigned es)
{
    uint64_t r = rnd64();
    if (es == 4) {
        uint64_t e = (r >> 8) & 1 ? (r >> 40) & 0xff : 0x7c + ((r >> 40) & 7);
        return (r >> 63) << 31 | e << 23 | (r & 0x7fffff);
    }
    uint64_t e = (r >> 8) & 1 ? (r >> 52) & 0x7ff : 0x3fc + ((r >> 52) & 7);
    return (r >> 63) << 63 | e << 52 | (rnd64() & 0xfffffffffffffull);
}

static void random_fused(void)
{
    static const struct { const char *name; uint32_t op; } ops[] = {
        { "fmla", OPC(0, 0, 0x19) }, { "fmls", OPC(0, 1, 0x19) }, { "frecps", OPC(0, 0, 0x1f) },
        { "frsqrts", OPC(0, 1, 0x1f) }, { "fabd", OPC(1, 1, 0x1a) }, { "fmulx", OPC(0, 0, 0x1b) },
    };
    static const unsigned ks[] = { 0, 2, 4, 7 };     /* rn, rm, fz, fz+rp */
    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        for (unsigned d = 0; d < 2; d++) {
            unsigned es = d ? 8 : 4;
            set_insn(e3v(ops[i].op, 1, d));
            for (unsigned kk = 0; kk < ARRAY_SIZE(ks); kk++) {
                begin(ops[i].name, d ? ".2d random" : ".4s random", ks[kk]);
                for (unsigned r = 0; r < 250; r++) {
                    clear_ctx(cfgs[ks[kk]]);
                    for (unsigned l = 0; l < 16 / es; l++) {
                        lane_set(0, es, l, rnd_fp(es));
                        lane_set(1, es, l, rnd_fp(es));
                        lane_set(2, es, l, rnd_fp(es));
                    }
                    run_show();
                }
                end();
            }
        }
    }
}

/* Rm = V16-V31 through M for the single-precision by-element forms. */
static void elem_high_rm(void)
{
    uint64_t out[2], fpsr;
    __asm__ volatile("mov x1, #0x3f800000\n\tmov x2, #0x40000000\n\tbfi x1, x2, #32, #32\n\t"
                     "ins v17.d[0], x1\n\tins v17.d[1], x1\n\tmov x2, #0x40400000\n\t"
                     "bfi x2, x2, #32, #32\n\tins v0.d[0], x2\n\tins v0.d[1], x2\n\t"
                     "msr fpsr, xzr\n\t"
                     "fmul v2.4s, v0.4s, v17.s[1]\n\t"
                     "umov %0, v2.d[0]\n\tumov %1, v2.d[1]\n\tmrs %2, fpsr"
                     : "=r"(out[0]), "=r"(out[1]), "=r"(fpsr) : : "x1", "x2", "v0", "v2", "v17");
    printf("fmul v2.4s, v0.4s, v17.s[1]: %016lx%016lx/%lx\n", out[1], out[0], fpsr);
    CHECK("fmul by v17.s[1]", out[0], 0x40c0000040c00000ull);
}

static void undefs(void)
{
    const uint32_t ua = 1u << 29 | 1u << 23 | 1u << 22, qua = 1u << 30 | ua;
    sweep("3same Q/U/a/sz/opcode", 0x0e20c402 | 1 << 16, qua | 7u << 11);
    sweep("scalar 3same U/a/sz/opcode", 0x5e20c402 | 1 << 16, ua | 7u << 11);
    sweep("2misc Q/U/a/sz/opcode", 0x0e200802, qua | 0x1fu << 12);
    sweep("scalar 2misc U/a/sz/opcode", 0x5e200802, ua | 0x1fu << 12);
    sweep("across Q/U/a/sz/opcode", 0x0e300802, qua | 0x1fu << 12);
    sweep("scalar pairwise U/a/sz/opcode", 0x5e300802, ua | 0x1fu << 12);
    sweep("elem Q/U/size/L/opcode", 0x0f000002 | 1 << 16, qua | 1u << 21 | 0xfu << 12);
    sweep("scalar elem U/size/L/opcode", 0x5f000002 | 1 << 16, ua | 1u << 21 | 0xfu << 12);
    sweep("shift fixed Q/U/immh/op", 0x0f00e402 | 1u << 16,
          1u << 30 | 1u << 29 | 0xfu << 19 | 3u << 11);
    sweep("scalar shift fixed U/immh/op", 0x5f00e402 | 1u << 16, 1u << 29 | 0xfu << 19 | 3u << 11);
}

int main(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v | 3ull << 20));

    /* the runner itself: 1.0 + 2.0 in each lane, no flags, all lanes written */
    set_insn(e3v(OPC(0, 0, 0x1a), 1, 0));
    clear_ctx(RN);
    c.v[0][0] = c.v[0][1] = 0x3f8000003f800000ull;
    c.v[1][0] = c.v[1][1] = 0x4000000040000000ull;
    run();
    CHECK("fadd.4s lo", c.v[2][0], 0x4040000040400000ull);
    CHECK("fadd.4s hi", c.v[2][1], 0x4040000040400000ull);
    CHECK("fadd.4s flags", c.fpsr, 0);

    three_same();
    two_misc();
    reductions();
    by_element();
    fixed_point();
    random_fused();
    elem_high_rm();
    undefs();
    printf("%u runs\n", nruns);
    return rt_report("simdfp");
}
