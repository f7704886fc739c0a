/* simdperm: the AdvSIMD copies and permutes (DUP, INS, UMOV/SMOV, MOVI/MVNI/ORR/BIC/FMOV
 * immediate, EXT, ZIP/UZP/TRN, TBL/TBX, REV), each on operands at the element sizes' edges,
 * printing V0, X0 and FPSR after each (compared with QEMU); a few reserved encodings and
 * the CPACR_EL1.FPEN trap. */
#define SIMD_IMPL
#include "simd.h"

#define ARR3(op)                                                                         \
    RUN(op " v0.8b, v1.8b, v2.8b"); RUN(op " v0.16b, v1.16b, v2.16b");                    \
    RUN(op " v0.4h, v1.4h, v2.4h"); RUN(op " v0.8h, v1.8h, v2.8h");                       \
    RUN(op " v0.2s, v1.2s, v2.2s"); RUN(op " v0.4s, v1.4s, v2.4s"); RUN(op " v0.2d, v1.2d, v2.2d")

static void copies(void)
{
    FOR_COMBOS({
        RUN("dup v0.16b, v1.b[0]"); RUN("dup v0.16b, v1.b[15]"); RUN("dup v0.8b, v1.b[9]");
        RUN("dup v0.8h, v1.h[7]"); RUN("dup v0.4h, v1.h[2]"); RUN("dup v0.4s, v1.s[3]");
        RUN("dup v0.2s, v1.s[1]"); RUN("dup v0.2d, v1.d[1]"); RUN("dup v0.2d, v0.d[0]");
        RUN("dup v0.16b, w0"); RUN("dup v0.8b, w0"); RUN("dup v0.4h, w0"); RUN("dup v0.8h, w0");
        RUN("dup v0.2s, w0"); RUN("dup v0.4s, w0"); RUN("dup v0.2d, x0");
        RUN("ins v0.b[15], w0"); RUN("ins v0.b[0], w0"); RUN("ins v0.h[3], w0");
        RUN("ins v0.s[2], w0"); RUN("ins v0.d[1], x0");
        RUN("ins v0.b[3], v1.b[12]"); RUN("ins v0.h[7], v1.h[0]"); RUN("ins v0.s[1], v1.s[3]");
        RUN("ins v0.d[0], v1.d[1]"); RUN("ins v0.s[0], v0.s[3]");
        RUN("umov w0, v1.b[9]"); RUN("umov w0, v1.h[5]"); RUN("umov w0, v1.s[3]");
        RUN("umov x0, v1.d[1]"); RUN("smov w0, v1.b[2]"); RUN("smov w0, v1.h[1]");
        RUN("smov x0, v1.b[7]"); RUN("smov x0, v1.h[3]"); RUN("smov x0, v1.s[1]");
        RUN("mov b0, v1.b[15]"); RUN("mov h0, v1.h[3]"); RUN("mov s0, v1.s[2]");
        RUN("mov d0, v1.d[1]");
    });
}

static void immediates(void)
{
    FOR_COMBOS({
        RUN("movi v0.4s, #0x5a"); RUN("movi v0.4s, #0x5a, lsl #8"); RUN("movi v0.2s, #0xa5, lsl #16");
        RUN("movi v0.4s, #0xff, lsl #24"); RUN("orr v0.4s, #0x5a, lsl #16"); RUN("orr v0.2s, #0x01");
        RUN("bic v0.2s, #0xff, lsl #24"); RUN("bic v0.4s, #0x80, lsl #8");
        RUN("movi v0.8h, #0x81, lsl #8"); RUN("movi v0.4h, #0x7f"); RUN("orr v0.4h, #0x3c");
        RUN("orr v0.8h, #0xc3, lsl #8"); RUN("bic v0.8h, #0xff, lsl #8"); RUN("bic v0.4h, #0x01");
        RUN("movi v0.4s, #0x12, msl #8"); RUN("movi v0.2s, #0x34, msl #16");
        RUN("movi v0.16b, #0xa5"); RUN("movi v0.8b, #0x01");
        RUN("mvni v0.4s, #0x5a, lsl #24"); RUN("mvni v0.2s, #0x00"); RUN("mvni v0.4h, #0x80");
        RUN("mvni v0.8h, #0x01, lsl #8"); RUN("mvni v0.2s, #0x3f, msl #16"); RUN("mvni v0.4s, #0xc0, msl #8");
        RUN("movi d0, #0xff00ff0000ff00ff"); RUN("movi v0.2d, #0xffffffff00000000");
        RUN("movi v0.2d, #0"); RUN("fmov v0.4s, #1.0"); RUN("fmov v0.2s, #-0.125");
        RUN("fmov v0.4s, #31.0"); RUN("fmov v0.2d, #31.0"); RUN("fmov v0.2d, #-1.5");
        RUN("fmov v0.2d, #0.125");
    });
}

static void permutes(void)
{
    FOR_COMBOS({
        RUN("ext v0.16b, v1.16b, v2.16b, #0"); RUN("ext v0.16b, v1.16b, v2.16b, #1");
        RUN("ext v0.16b, v1.16b, v2.16b, #8"); RUN("ext v0.16b, v1.16b, v2.16b, #15");
        RUN("ext v0.8b, v1.8b, v2.8b, #0"); RUN("ext v0.8b, v1.8b, v2.8b, #3");
        RUN("ext v0.8b, v1.8b, v2.8b, #7"); RUN("ext v0.16b, v0.16b, v0.16b, #5");
        ARR3("zip1"); ARR3("zip2"); ARR3("uzp1"); ARR3("uzp2"); ARR3("trn1"); ARR3("trn2");
        RUN("rev16 v0.8b, v1.8b"); RUN("rev16 v0.16b, v1.16b");
        RUN("rev32 v0.8b, v1.8b"); RUN("rev32 v0.16b, v1.16b"); RUN("rev32 v0.4h, v1.4h");
        RUN("rev32 v0.8h, v1.8h"); RUN("rev64 v0.8b, v1.8b"); RUN("rev64 v0.16b, v1.16b");
        RUN("rev64 v0.4h, v1.4h"); RUN("rev64 v0.8h, v1.8h"); RUN("rev64 v0.2s, v1.2s");
        RUN("rev64 v0.4s, v1.4s");
    });
}

static void tables(void)
{
    static const uint64_t idx[][2] = {
        { 0x0f0e0d0c03020100ull, 0x1f10403f2f20ff30ull },
        { 0x3e3f404142434445ull, 0x0001020304050607ull },
        { 0x8040201008040201ull, 0x7f3f1f0f07030100ull },
    };
    FOR_COMBOS({
        for (unsigned k = 0; k < ARRAY_SIZE(idx); k++) {
            simd_set(7, idx[k][0], idx[k][1]);
            RUN("tbl v0.16b, {v1.16b}, v7.16b"); RUN("tbl v0.8b, {v1.16b}, v7.8b");
            RUN("tbl v0.16b, {v1.16b, v2.16b}, v7.16b"); RUN("tbl v0.8b, {v1.16b, v2.16b}, v7.8b");
            RUN("tbl v0.16b, {v1.16b, v2.16b, v3.16b}, v7.16b");
            RUN("tbl v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v7.16b");
            RUN("tbl v0.8b, {v1.16b, v2.16b, v3.16b, v4.16b}, v7.8b");
            RUN("tbx v0.16b, {v1.16b}, v7.16b"); RUN("tbx v0.8b, {v1.16b}, v7.8b");
            RUN("tbx v0.16b, {v1.16b, v2.16b}, v7.16b"); RUN("tbx v0.16b, {v1.16b, v2.16b, v3.16b}, v7.16b");
            RUN("tbx v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v7.16b");
            RUN("tbx v0.8b, {v1.16b, v2.16b, v3.16b, v4.16b}, v7.8b");
            RUN("tbl v0.16b, {v0.16b, v1.16b}, v0.16b"); RUN("tbl v0.16b, {v7.16b}, v7.16b");
        }
    });
}

/* Encodings the Arm ARM leaves unallocated or reserved in this space: UNDEFINED. */
static void reserved(void)
{
    static const struct { const char *name; uint32_t insn; } r[] = {
        { "dup .1d (size 3, Q 0)", 0x0e080420 },        /* DUP v0.1d, v1.d[0] */
        { "dup imm5 x0000", 0x4e100420 },
        { "umov w0, v1.d[0] (Q 0)", 0x0e083c20 },
        { "smov x0, v1.d[0]", 0x4e082c20 },
        { "zip1 .1d", 0x0ec23820 },
        { "ext .8b #8", 0x2e024020 },
        { "fmov .1d imm (Q 0 op 1)", 0x2f00f400 },
        { "movi o2 = 1", 0x0f000c00 },
        { "rev32 .4s", 0x6ea00820 },
        { "rev16 .8h", 0x4e601820 },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(r); i++) {
        rt_expect(r[i].name, 0, 0);
        switch (i) {
        case 0: RUN(".inst 0x0e080420"); break;
        case 1: RUN(".inst 0x4e100420"); break;
        case 2: RUN(".inst 0x0e083c20"); break;
        case 3: RUN(".inst 0x4e082c20"); break;
        case 4: RUN(".inst 0x0ec23820"); break;
        case 5: RUN(".inst 0x2e024020"); break;
        case 6: RUN(".inst 0x2f00f400"); break;
        case 7: RUN(".inst 0x0f000c00"); break;
        case 8: RUN(".inst 0x6ea00820"); break;
        default: RUN(".inst 0x4e601820"); break;
        }
        if (rt_expect_end()) {
            printf("%s: ESR=%08llx\n", r[i].name, (unsigned long long)rt_last_exception.esr);
        }
    }
}

int main(void)
{
    simd_enable();
    copies();
    immediates();
    permutes();
    tables();
    reserved();
    /* With CPACR_EL1.FPEN = 0 the same instruction traps with EC 0x07. */
    simd_disable();
    rt_expect("fpen=0 dup", 0, 0);
    __asm__ volatile("dup v0.16b, w1" ::: "memory");
    if (rt_expect_end()) {
        printf("fpen=0 dup: ESR=%08llx\n", (unsigned long long)rt_last_exception.esr);
    }
    simd_enable();
    return rt_report("simdperm");
}
