/* fp-harness.h: what the FP guest programs (fp.c, simdfp.c) share: the context the
 * stub of fp.S loads and stores (V0-V3 whole, FPCR, FPSR, X1-X3, NZCV), patching its one
 * instruction, the FPCR configurations, the special values, and the UNDEFINED sweep. */
#ifndef FP_HARNESS_H
#define FP_HARNESS_H

#include <stdbool.h>
#include "rt.h"

typedef struct Ctx {
    uint64_t v[4][2];
    uint64_t fpcr, fpsr, x[3], nzcv;
} Ctx;
_Static_assert(sizeof(Ctx) == 112, "fp.S offsets");

extern char fp_stub[];
extern uint32_t fp_stub_insn[];

static uint32_t cur_insn;
static inline void set_insn(uint32_t insn)
{
    if (insn != cur_insn) {
        fp_stub_insn[0] = insn;
        rt_sync_icache(fp_stub_insn, 4);
        cur_insn = insn;
    }
}

static Ctx c;
static inline void run(void)
{
    ((void (*)(Ctx *))fp_stub)(&c);
}

#define RN 0u
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)

static const uint32_t cfgs[] = { RN, RP, RM, RZ, FZ, DN, FZ | DN | RM, FZ | RP };
static const char *const cfg_names[] = { "rn", "rp", "rm", "rz", "fz", "dn", "fz+dn+rm", "fz+rp" };
#define NCFG ARRAY_SIZE(cfgs)

static const uint64_t sval[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x00800000, 0x807fffff,
    0x00000001, 0x00400000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00001,
    0xffc12345, 0x7f800011, 0xff812345, 0x3eaaaaab, 0x3f7fffff, 0x33800000, 0x3f800001,
    0x4b000001, 0x3f000000, 0xc0200000,
};
static const uint64_t dval[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ff8000000000000, 0x0010000000000000, 0x800fffffffffffff, 0x0000000000000001,
    0x0008000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000001, 0xfff8000000012345, 0x7ff0000000000011,
    0xfff0000000012345, 0x3fd5555555555555, 0x3fefffffffffffff, 0x3ca0000000000000,
    0x3ff0000000000001, 0x4330000000000001, 0x3fe0000000000000, 0xc004000000000000,
};
/* For the three-operand (fused) forms. */
static const uint64_t s3[] = { 0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000,
                               0xff800000, 0x7fc00001, 0x7f800011, 0x00800000, 0x3f7fffff,
                               0x807fffff, 0x7f7fffff, 0x33800000 };
static const uint64_t d3[] = { 0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
                               0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
                               0x7ff8000000000001, 0x7ff0000000000011, 0x0010000000000000,
                               0x3fefffffffffffff, 0x800fffffffffffff, 0x7fefffffffffffff,
                               0x3ca0000000000000 };

static inline void clear_ctx(uint32_t fpcr)
{
    memset(&c, 0, sizeof(c));
    for (int r = 0; r < 4; r++) {
        c.v[r][0] = 0x5555555555555555ull * (r + 1);
        c.v[r][1] = 0xa5a5a5a5a5a5a5a5ull ^ r;
    }
    c.fpcr = fpcr;
}

/* ---- which encodings are UNDEFINED ---- */
static unsigned undef_count;
static void undef_handler(RtFrame *f)
{
    if ((f->esr >> 26) != 0) {
        rt_print_exception(f, "fp_stub", (uintptr_t)fp_stub);
        rt_exit(5);
    }
    undef_count++;
    f->elr += 4;
}

/* For each value of the bits in mask (over base), one bit of output: 1 = UNDEFINED. */
static inline void sweep(const char *name, uint32_t base, uint32_t mask)
{
    char out[1100];
    unsigned nbits = 0, len = 0, acc = 0;
    for (uint32_t m = mask; m; m &= m - 1)
        nbits++;
    rt_handler = undef_handler;
    for (uint32_t k = 0; k < (1u << nbits); k++) {
        uint32_t insn = base, bit = 0;
        for (unsigned b = 0; b < 32; b++)
            if (mask >> b & 1)
                insn |= ((k >> bit++) & 1u) << b;
        set_insn(insn);
        clear_ctx(RN);
        unsigned before = undef_count;
        run();
        acc = acc << 1 | (undef_count != before);
        if ((k & 3) == 3) {
            out[len++] = "0123456789abcdef"[acc];
            acc = 0;
        }
    }
    out[len] = 0;
    rt_handler = 0;
    printf("undef %s: %s\n", name, out);
}

#endif
