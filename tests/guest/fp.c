/* fp: scalar floating point against QEMU. Every instruction of the scalar FP space runs
 * from a patched stub (fp.S) on the special values (signed zeros, infinities, quiet and
 * signalling NaNs with payloads in either operand, denormals, the smallest and largest
 * normals, halfway cases) under each rounding mode and with FZ and DN on and off:
 * arithmetic, fused multiply-add, min/max, square root, rounding to integral,
 * conversions between precisions (half with and without AHP) and to and from integers
 * and fixed point at the integer limits and just past them, compares, conditional
 * compares and selects, FMOV in every form, FPCR and FPSR themselves; then which
 * encodings of the space are UNDEFINED. Results print as bits:FPSR flags. */
#include "fp-harness.h"

/* Extra values for the unary operations: integers and halfway points. */
static const uint64_t sval_int[] = {
    0x3f000000, 0x3fc00000, 0x40200000, 0xbfc00000, 0xc0200000, 0x3f400000, 0x4effffff,
    0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff, 0x5effffff, 0x5f000000,
    0xdf000000, 0xdf000001, 0x5f800000, 0x4b7fffff, 0x4affffff, 0xbeffffff, 0x3effffff,
    0x00000001, 0x80000001, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x80000000,
};
static const uint64_t dval_int[] = {
    0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xbff8000000000000,
    0xc004000000000000, 0x3fe8000000000000, 0x41dfffffffc00000, 0x41dfffffffe00000,
    0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000100000, 0xc1e0000000200000,
    0x41efffffffe00000, 0x41effffffff00000, 0x41f0000000000000, 0x43dfffffffffffff,
    0x43e0000000000000, 0xc3e0000000000000, 0xc3e0000000000001, 0x43f0000000000000,
    0x43efffffffffffff, 0x432fffffffffffff, 0x4330000000000000, 0xbfdfffffffffffff,
    0x0000000000000001, 0x8000000000000001, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0x7ff0000000000001, 0x8000000000000000,
};

/* ---- encodings (V0 = n, V1 = m, V2 = d, V3 = a; X1 general source or destination) ---- */
#define TYPE(t) ((uint32_t)(t) << 22)
static uint32_t enc_2src(unsigned type, unsigned op) { return 0x1e200800 | TYPE(type) | 1 << 16 | op << 12 | 0 << 5 | 2; }
static uint32_t enc_1src(unsigned type, unsigned op) { return 0x1e204000 | TYPE(type) | op << 15 | 0 << 5 | 2; }
static uint32_t enc_3src(unsigned type, unsigned o1, unsigned o0)
{
    return 0x1f000000 | TYPE(type) | o1 << 21 | 1 << 16 | o0 << 15 | 3 << 10 | 0 << 5 | 2;
}
static uint32_t enc_cmp(unsigned type, unsigned opc2) { return 0x1e202000 | TYPE(type) | 1 << 16 | opc2; }
static uint32_t enc_ccmp(unsigned type, unsigned cond, unsigned e, unsigned nzcv)
{
    return 0x1e200400 | TYPE(type) | 1 << 16 | cond << 12 | e << 4 | nzcv;
}
static uint32_t enc_csel(unsigned type, unsigned cond) { return 0x1e200c00 | TYPE(type) | 1 << 16 | cond << 12 | 2; }
static uint32_t enc_int(unsigned sf, unsigned type, unsigned rmode, unsigned op, unsigned rn, unsigned rd)
{
    return sf << 31 | 0x1e200000 | TYPE(type) | rmode << 19 | op << 16 | rn << 5 | rd;
}
static uint32_t enc_fix(unsigned sf, unsigned type, unsigned rmode, unsigned op, unsigned scale,
                        unsigned rn, unsigned rd)
{
    return sf << 31 | 0x1e000000 | TYPE(type) | rmode << 19 | op << 16 | scale << 10 | rn << 5 | rd;
}

static unsigned checks_2src;

/* "%0Nlx" for a width of 4, 8 or 16 digits (the runtime's printf has no '*'). */
static const char *hexfmt(int width, bool slash)
{
    if (slash)
        return width == 16 ? " %016lx/%02lx" : width == 8 ? " %08lx/%02lx" : " %04lx/%02lx";
    return width == 16 ? "%016lx" : width == 8 ? "%08lx" : "%04lx";
}

/* op(a, b) for every pair: one line per a. */
static void table2(const char *name, uint32_t insn, int d, const uint64_t *vals, unsigned n,
                   unsigned cfgmask)
{
    char line[1400];
    set_insn(insn);
    for (unsigned k = 0; k < NCFG; k++) {
        if (!(cfgmask >> k & 1))
            continue;
        for (unsigned i = 0; i < n; i++) {
            size_t len = snprintf(line, sizeof(line), "%s.%c %s ", name, d ? 'd' : 's',
                                  cfg_names[k]);
            len += snprintf(line + len, sizeof(line) - len, hexfmt(d ? 16 : 8, false), vals[i]);
            line[len++] = ':';
            for (unsigned j = 0; j < n && len < sizeof(line) - 32; j++) {
                clear_ctx(cfgs[k]);
                c.v[0][0] = vals[i];
                c.v[1][0] = vals[j];
                run();
                len += snprintf(line + len, sizeof(line) - len, hexfmt(d ? 16 : 8, true),
                                c.v[2][0], c.fpsr);
                if (c.v[2][1] != 0 || (!d && c.v[2][0] >> 32))
                    printf("FAIL %s: upper bits not zeroed\n", name);
                checks_2src++;
            }
            printf("%s\n", line);
        }
    }
}

/* op(a) for each a: one line per configuration. src/dst: 0 V0 -> V2, 1 V0 -> X1, 2 X1 -> V2 */
static void table1(const char *name, uint32_t insn, int width, const uint64_t *vals, unsigned n,
                   unsigned cfgmask, int route)
{
    char line[1400];
    set_insn(insn);
    for (unsigned k = 0; k < NCFG; k++) {
        if (!(cfgmask >> k & 1))
            continue;
        size_t len = snprintf(line, sizeof(line), "%s %s:", name, cfg_names[k]);
        for (unsigned i = 0; i < n && len < sizeof(line) - 40; i++) {
            clear_ctx(cfgs[k]);
            if (route == 2)
                c.x[0] = vals[i];
            else
                c.v[0][0] = vals[i];
            run();
            uint64_t r = route == 1 ? c.x[0] : c.v[2][0];
            len += snprintf(line + len, sizeof(line) - len, hexfmt(width, true), r, c.fpsr);
        }
        printf("%s\n", line);
    }
}

static void arith(void)
{
    static const char *const names[] = { "fmul", "fdiv", "fadd", "fsub", "fmax", "fmin",
                                         "fmaxnm", "fminnm", "fnmul" };
    for (unsigned op = 0; op < 9; op++) {
        table2(names[op], enc_2src(0, op), 0, sval, ARRAY_SIZE(sval), 0xff);
        table2(names[op], enc_2src(1, op), 1, dval, ARRAY_SIZE(dval), 0xff);
    }
}

static void fused(void)
{
    static const char *const names[] = { "fmadd", "fmsub", "fnmadd", "fnmsub" };
    char line[1400];
    for (unsigned d = 0; d < 2; d++) {
        const uint64_t *v = d ? d3 : s3;
        unsigned n = ARRAY_SIZE(s3);
        for (unsigned o = 0; o < 4; o++) {
            set_insn(enc_3src(d, o >> 1, o & 1));
            for (unsigned k = 0; k < NCFG; k += (k == 0 ? 4 : 1)) {   /* rn, fz, dn, ... */
                for (unsigned ia = 0; ia < n; ia++) {
                    for (unsigned in = 0; in < n; in++) {
                        size_t len = snprintf(line, sizeof(line), "%s.%c %s a=%lx n=%lx:",
                                              names[o], d ? 'd' : 's', cfg_names[k], v[ia], v[in]);
                        for (unsigned im = 0; im < n; im++) {
                            clear_ctx(cfgs[k]);
                            c.v[3][0] = v[ia];
                            c.v[0][0] = v[in];
                            c.v[1][0] = v[im];
                            run();
                            len += snprintf(line + len, sizeof(line) - len, " %lx/%02lx",
                                            c.v[2][0], c.fpsr);
                        }
                        printf("%s\n", line);
                    }
                }
            }
        }
    }
    /* Rounding of the fused result: a*b+c exact in no format. */
    static const uint64_t rs[][3] = {
        { 0x3f800001, 0x3f800001, 0xbf800002 }, { 0x3f800001, 0x3f7fffff, 0xbf800000 },
        { 0x00800001, 0x3f000000, 0x00000000 }, { 0x00ffffff, 0x3f000000, 0x80000000 },
        { 0x3fffffff, 0x3fffffff, 0xc0800000 }, { 0x00800000, 0x3f7fffff, 0x00000000 },
    };
    set_insn(enc_3src(0, 0, 0));
    for (unsigned k = 0; k < NCFG; k++) {
        size_t len = snprintf(line, sizeof(line), "fmadd.s rounding %s:", cfg_names[k]);
        for (unsigned i = 0; i < ARRAY_SIZE(rs); i++) {
            clear_ctx(cfgs[k]);
            c.v[0][0] = rs[i][0];
            c.v[1][0] = rs[i][1];
            c.v[3][0] = rs[i][2];
            run();
            len += snprintf(line + len, sizeof(line) - len, " %08lx/%02lx", c.v[2][0], c.fpsr);
        }
        printf("%s\n", line);
    }
}

static void unary(void)
{
    static const struct { const char *name; unsigned op; } ops[] = {
        { "fmov", 0 }, { "fabs", 1 }, { "fneg", 2 }, { "fsqrt", 3 }, { "frintn", 8 },
        { "frintp", 9 }, { "frintm", 10 }, { "frintz", 11 }, { "frinta", 12 }, { "frintx", 14 },
        { "frinti", 15 },
    };
    char name[32];
    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        snprintf(name, sizeof(name), "%s.s", ops[i].name);
        table1(name, enc_1src(0, ops[i].op), 8, sval, ARRAY_SIZE(sval), 0xff, 0);
        table1(name, enc_1src(0, ops[i].op), 8, sval_int, ARRAY_SIZE(sval_int), 0xff, 0);
        snprintf(name, sizeof(name), "%s.d", ops[i].name);
        table1(name, enc_1src(1, ops[i].op), 16, dval, ARRAY_SIZE(dval), 0xff, 0);
        table1(name, enc_1src(1, ops[i].op), 16, dval_int, ARRAY_SIZE(dval_int), 0xff, 0);
    }
}

static void precisions(void)
{
    static const uint64_t hval[] = {
        0x0000, 0x8000, 0x3c00, 0xbc00, 0x0001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x7c00,
        0xfc00, 0x7e01, 0xfe55, 0x7c01, 0xfd23, 0x3555, 0x8001, 0x7fff,
    };
    static const uint64_t s2h[] = {
        0x477fe000, 0x477ff000, 0x477fefff, 0x47800000, 0xc77ff000, 0x38800000, 0x387fc000,
        0x33800000, 0x33000000, 0x33000001, 0x337fffff, 0x3f801000, 0x3f803000, 0x3f801001,
        0x2f800000, 0x477fffff, 0x4f800000, 0x7fc00001, 0x7f800011, 0xff800000, 0x00000001,
        0x80400000, 0x47ffe000, 0x47fff000,
    };
    static const uint64_t d2s[] = {
        0x47efffffe0000000, 0x47effffff0000000, 0x47efffffefffffff, 0x47f0000000000000,
        0x3810000000000000, 0x380fffffe0000000, 0x380ffffff0000000, 0x380fffffffffffff,
        0x36a0000000000000, 0x3690000000000000, 0x3690000000000001, 0x3ff0000010000000,
        0x3ff0000030000000, 0x3ff0000010000001, 0x36a8000000000000, 0x0000000000000001,
        0x40effc0000000000, 0x40effe0000000000, 0x3f10000000000000, 0x3e70000000000000,
        0x7ff8000000000001, 0x7ff0000000100000, 0xfff0000000000000, 0x7ff0000000000001,
    };
    static const unsigned cfgmask_h = 0xff;
    /* type = source, opc = destination; AHP runs as its own configurations */
    for (int ahp = 0; ahp < 2; ahp++) {
        uint32_t save[NCFG];
        memcpy(save, cfgs, sizeof(save));
        if (ahp)
            for (unsigned k = 0; k < NCFG; k++)
                ((uint32_t *)cfgs)[k] |= AHP;
        const char *sfx = ahp ? " ahp" : "";
        char name[32];
        snprintf(name, sizeof(name), "fcvt h<-s%s", sfx);
        table1(name, enc_1src(0, 4 | 3), 4, s2h, ARRAY_SIZE(s2h), cfgmask_h, 0);
        table1(name, enc_1src(0, 4 | 3), 4, sval, ARRAY_SIZE(sval), cfgmask_h, 0);
        snprintf(name, sizeof(name), "fcvt h<-d%s", sfx);
        table1(name, enc_1src(1, 4 | 3), 4, d2s, ARRAY_SIZE(d2s), cfgmask_h, 0);
        table1(name, enc_1src(1, 4 | 3), 4, dval, ARRAY_SIZE(dval), cfgmask_h, 0);
        snprintf(name, sizeof(name), "fcvt s<-h%s", sfx);
        table1(name, enc_1src(3, 4 | 0), 8, hval, ARRAY_SIZE(hval), cfgmask_h, 0);
        snprintf(name, sizeof(name), "fcvt d<-h%s", sfx);
        table1(name, enc_1src(3, 4 | 1), 16, hval, ARRAY_SIZE(hval), cfgmask_h, 0);
        memcpy((uint32_t *)cfgs, save, sizeof(save));
    }
    table1("fcvt s<-d", enc_1src(1, 4 | 0), 8, d2s, ARRAY_SIZE(d2s), 0xff, 0);
    table1("fcvt s<-d", enc_1src(1, 4 | 0), 8, dval, ARRAY_SIZE(dval), 0xff, 0);
    table1("fcvt d<-s", enc_1src(0, 4 | 1), 16, sval, ARRAY_SIZE(sval), 0xff, 0);
}

static void integers(void)
{
    static const char *const rnames[4] = { "n", "p", "m", "z" };
    char name[40];
    for (unsigned sf = 0; sf < 2; sf++) {
        for (unsigned type = 0; type < 2; type++) {
            const uint64_t *v = type ? dval_int : sval_int;
            unsigned n = type ? ARRAY_SIZE(dval_int) : ARRAY_SIZE(sval_int);
            for (unsigned rmode = 0; rmode < 4; rmode++) {
                for (unsigned u = 0; u < 2; u++) {
                    snprintf(name, sizeof(name), "fcvt%s%c %c<-%c", rnames[rmode], u ? 'u' : 's',
                             sf ? 'x' : 'w', type ? 'd' : 's');
                    table1(name, enc_int(sf, type, rmode, u, 0, 1), 16, v, n, 0x31, 1);
                }
            }
            for (unsigned u = 0; u < 2; u++) {
                snprintf(name, sizeof(name), "fcvta%c %c<-%c", u ? 'u' : 's', sf ? 'x' : 'w',
                         type ? 'd' : 's');
                table1(name, enc_int(sf, type, 0, 4 | u, 0, 1), 16, v, n, 0x31, 1);
            }
            /* fixed point: fbits 1, 16, 31/32, 63/64 */
            static const unsigned fbits[] = { 1, 16, 32, 64 };
            for (unsigned f = 0; f < 4; f++) {
                unsigned fb = fbits[f] > (sf ? 64u : 32u) ? (sf ? 64 : 32) : fbits[f];
                for (unsigned u = 0; u < 2; u++) {
                    snprintf(name, sizeof(name), "fcvtz%c %c<-%c #%u", u ? 'u' : 's',
                             sf ? 'x' : 'w', type ? 'd' : 's', fb);
                    table1(name, enc_fix(sf, type, 3, u, 64 - fb, 0, 1), 16, v, n, 0x11, 1);
                }
            }
        }
    }
    static const uint64_t ints[] = {
        0, 1, 2, 3, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x00ffffff, 0x01000001,
        0x01000003, 0x7fffff80, 0x7fffffc0, 0x7fffffbf, 0x0020000000000001, 0x0020000000000003,
        0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, 0xffffffffffffffff,
        0xfffffffffffffc00, 0x7ffffffffffffe00, 0x0000000100000000, 0xfffffffe00000001,
    };
    for (unsigned sf = 0; sf < 2; sf++) {
        for (unsigned type = 0; type < 2; type++) {
            for (unsigned u = 0; u < 2; u++) {
                snprintf(name, sizeof(name), "%ccvtf %c<-%c", u ? 'u' : 's', type ? 'd' : 's',
                         sf ? 'x' : 'w');
                table1(name, enc_int(sf, type, 0, 2 | u, 1, 2), 16, ints, ARRAY_SIZE(ints), 0x1f, 2);
                static const unsigned fbits[] = { 1, 8, 32, 64 };
                for (unsigned f = 0; f < 4; f++) {
                    unsigned fb = fbits[f] > (sf ? 64u : 32u) ? (sf ? 64 : 32) : fbits[f];
                    snprintf(name, sizeof(name), "%ccvtf %c<-%c #%u", u ? 'u' : 's',
                             type ? 'd' : 's', sf ? 'x' : 'w', fb);
                    table1(name, enc_fix(sf, type, 0, 2 | u, 64 - fb, 1, 2), 16, ints,
                           ARRAY_SIZE(ints), 0x11, 2);
                }
            }
        }
    }
}

static void compares(void)
{
    char line[1400];
    static const char *const cmpn[] = { "fcmp", "fcmp #0", "fcmpe", "fcmpe #0" };
    for (unsigned d = 0; d < 2; d++) {
        const uint64_t *v = d ? dval : sval;
        unsigned n = ARRAY_SIZE(sval);
        for (unsigned o = 0; o < 4; o++) {
            set_insn(enc_cmp(d, o << 3));
            for (unsigned k = 4; k < 6; k++) {      /* fz, dn */
                for (unsigned i = 0; i < n; i++) {
                    size_t len = snprintf(line, sizeof(line), "%s.%c %s %lx:", cmpn[o],
                                          d ? 'd' : 's', cfg_names[k], v[i]);
                    for (unsigned j = 0; j < n; j++) {
                        clear_ctx(cfgs[k]);
                        c.v[0][0] = v[i];
                        c.v[1][0] = v[j];
                        run();
                        len += snprintf(line + len, sizeof(line) - len, " %lx/%02lx",
                                        c.nzcv >> 28, c.fpsr);
                        if (o & 1)
                            break;
                    }
                    printf("%s\n", line);
                }
            }
        }
        /* FCCMP/FCCMPE: each condition with NZCV = 0000 and 1111 before, nzcv #5 */
        static const uint64_t pairs[][2] = { { 0, 1 }, { 2, 2 }, { 3, 2 }, { 2, 13 }, { 15, 2 },
                                             { 6, 6 }, { 5, 2 } };
        for (unsigned e = 0; e < 2; e++) {
            for (unsigned cond = 0; cond < 16; cond++) {
                set_insn(enc_ccmp(d, cond, e, 5));
                size_t len = snprintf(line, sizeof(line), "fccmp%s.%c cond %u:", e ? "e" : "",
                                      d ? 'd' : 's', cond);
                for (unsigned flags = 0; flags < 16; flags += 15) {
                    for (unsigned p = 0; p < ARRAY_SIZE(pairs); p++) {
                        clear_ctx(FZ);
                        c.nzcv = (uint64_t)flags << 28;
                        c.v[0][0] = v[pairs[p][0]];
                        c.v[1][0] = v[pairs[p][1]];
                        run();
                        len += snprintf(line + len, sizeof(line) - len, " %lx/%02lx",
                                        c.nzcv >> 28, c.fpsr);
                    }
                }
                printf("%s\n", line);
            }
        }
        /* FCSEL: every condition under NZCV 0000, 0110, 1001, 1111 */
        for (unsigned cond = 0; cond < 16; cond++) {
            set_insn(enc_csel(d, cond));
            size_t len = snprintf(line, sizeof(line), "fcsel.%c cond %u:", d ? 'd' : 's', cond);
            static const unsigned fl[] = { 0, 6, 9, 15 };
            for (unsigned f = 0; f < 4; f++) {
                clear_ctx(RN);
                c.nzcv = (uint64_t)fl[f] << 28;
                c.v[0][0] = v[13];
                c.v[1][0] = v[15];
                c.v[0][1] = 0x1111;
                run();
                len += snprintf(line + len, sizeof(line) - len, " %lx:%lx", c.v[2][1], c.v[2][0]);
            }
            printf("%s\n", line);
        }
    }
}

static void moves(void)
{
    char line[1400];
    /* FMOV immediate: all 256 for S and D, 16 a line */
    for (unsigned d = 0; d < 2; d++) {
        for (unsigned i = 0; i < 256; i += 16) {
            size_t len = snprintf(line, sizeof(line), "fmov.%c #%02x:", d ? 'd' : 's', i);
            for (unsigned j = i; j < i + 16; j++) {
                set_insn(0x1e201000 | TYPE(d) | j << 13 | 2);
                clear_ctx(RN);
                run();
                len += snprintf(line + len, sizeof(line) - len, " %lx:%lx", c.v[2][1], c.v[2][0]);
            }
            printf("%s\n", line);
        }
    }
    /* FMOV general <-> FP: W<->S, X<->D, X<->V.D[1] */
    static const struct { const char *name; uint32_t insn; } mv[] = {
        { "fmov w1, s0", 0x1e260001 }, { "fmov s2, w1", 0x1e270022 },
        { "fmov x1, d0", 0x9e660001 }, { "fmov d2, x1", 0x9e670022 },
        { "fmov x1, v0.d[1]", 0x9eae0001 }, { "fmov v2.d[1], x1", 0x9eaf0022 },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(mv); i++) {
        set_insn(mv[i].insn);
        clear_ctx(RN);
        c.x[0] = 0xfedcba9876543210ull;
        run();
        printf("%s: x1=%016lx v2=%016lx:%016lx\n", mv[i].name, c.x[0], c.v[2][1], c.v[2][0]);
    }
}

static void control_regs(void)
{
    static const uint64_t vals[] = { 0, ~0ull, 0x07c00000, 0x0000ff00, 0x00380000, 0x04000000,
                                     0xf800009f, 0x08000000 };
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        uint64_t r1, r2, old1, old2;
        __asm__ volatile("mrs %2, fpcr\n\tmrs %3, fpsr\n\tmsr fpcr, %4\n\tmsr fpsr, %4\n\t"
                         "mrs %0, fpcr\n\tmrs %1, fpsr\n\tmsr fpcr, %2\n\tmsr fpsr, %3"
                         : "=&r"(r1), "=&r"(r2), "=&r"(old1), "=&r"(old2) : "r"(vals[i]));
        printf("msr fpcr/fpsr %016lx: fpcr=%08lx fpsr=%08lx\n", vals[i], r1, r2);
    }
    uint64_t r;
    __asm__ volatile("msr fpcr, %1\n\tmrs %0, fpcr\n\tmsr fpcr, xzr" : "=r"(r) : "r"(0x00c00000ull));
    CHECK("fpcr rmode readback", r, 0x00c00000);
}

static void undefs(void)
{
    sweep("1src type/opcode", 0x1e204000 | 0 << 5 | 2, 3u << 22 | 0x3fu << 15);
    sweep("2src type/opcode", 0x1e200800 | 1 << 16 | 2, 3u << 22 | 0xfu << 12);
    sweep("3src type/o1/o0", 0x1f000000 | 1 << 16 | 3 << 10 | 2, 3u << 22 | 1u << 21 | 1u << 15);
    sweep("cmp type/op/opc2", 0x1e202000 | 1 << 16, 3u << 22 | 3u << 14 | 0x1fu);
    sweep("ccmp/csel type", 0x1e200400 | 1 << 16, 3u << 22 | 1u << 11);
    sweep("imm type/imm5", 0x1e201000 | 2, 3u << 22 | 0x1fu << 5 | 1u << 13);
    sweep("int sf/type/rmode/op", 0x1e200000 | 1, 1u << 31 | 3u << 22 | 3u << 19 | 7u << 16);
    sweep("fixed sf/type/rmode/op", 0x1e000000 | 1 | 40u << 10, 1u << 31 | 3u << 22 | 3u << 19 | 7u << 16);
    sweep("fixed scale w", 0x1e180000 | 1, 0x3fu << 10);
    sweep("M/S bits", 0x1e202800 | 1 << 16 | 2, 1u << 31 | 1u << 29);
}

int main(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v | 3ull << 20));

    /* the runner itself: 1.0 + 1.0 = 2.0, no flags */
    set_insn(enc_2src(0, 2));
    clear_ctx(RN);
    c.v[0][0] = 0x3f800000;
    c.v[1][0] = 0x3f800000;
    run();
    CHECK("fadd 1+1", c.v[2][0], 0x40000000);
    CHECK("fadd 1+1 flags", c.fpsr, 0);
    CHECK("fadd 1+1 upper", c.v[2][1], 0);

    control_regs();
    moves();
    arith();
    fused();
    unary();
    precisions();
    integers();
    compares();
    undefs();
    printf("%u binary results\n", checks_2src);
    return rt_report("fp");
}
