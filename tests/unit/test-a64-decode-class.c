/* test-a64-decode-class.c: the table-driven frontend (a64_disas_insn: the
 * generated decoders and the real trans_ handlers) against the hand-written
 * decoder it replaces (the old group functions, built into this test only),
 * under each translation context that changes the answer (EL0, EL1, EL1 with
 * semihosting) and one that changes the IR (EL1 with SCTLR.SA and .A): both
 * must accept the same words and emit the same IR for every word.
 *
 * Words come from structured sweeps (every value of a group's opcode bits,
 * the other bits random) and from random words in the base-integer op0 space.
 * A64_DECODE_SEED=n repeats a run; A64_DECODE_RANDOM=n sets the number of
 * random words (default 4000000). A64_DECODE_LIST=words,out classifies the
 * words of file words (one hex word a line, # comments kept) with both and
 * writes out: each word with the contexts the old decoder accepts it in. */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "core/memory.h"
#include "tcg/tlb.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000ull
#define PC0 (RAM_BASE + 0x1000)
#define MAX_REPORTS 40

static ARMCPU *cpu;
static CPUARMState *env;
static IRBlock blk, blk_old;
static MemoryRegion ram;
static uint64_t rng_state;
static uint64_t words_checked;

static const struct Ctx {
    const char *name;
    uint32_t flags;
} ctxs[] = {
    { "EL0", 0 },
    { "EL1", 1 | TB_FLAG_SPSEL },
    { "EL1+semihost", 1 | TB_FLAG_SPSEL | TB_FLAG_SEMIHOST },
    { "EL1+SA+A", 1 | TB_FLAG_SPSEL | TB_FLAG_SA | TB_FLAG_ALIGN },
};

/* The hand-written decoder's groups (tcg/a64/a64-dp.c, a64-ldst.c, a64-branch.c). */
bool a64_disas_dp_imm(DisasContext *s, uint32_t insn);
bool a64_disas_dp_reg(DisasContext *s, uint32_t insn);
bool a64_disas_ldst(DisasContext *s, uint32_t insn);
bool a64_disas_branch_sys(DisasContext *s, uint32_t insn);

/* ---- random bits ---- */

static uint64_t rnd64(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* Random bits, each register-sized chunk all zeros, all ones or random:
 * Rt = 11111, opcode2 = 00000 and the like are common in encodings. */
static uint32_t rnd_biased(void)
{
    static const unsigned cut[] = { 0, 5, 10, 12, 16, 21, 24, 32 };
    uint32_t w = 0;

    for (unsigned i = 0; i + 1 < G_N_ELEMENTS(cut); i++) {
        unsigned len = cut[i + 1] - cut[i];
        uint32_t m = (uint32_t)(((1ull << len) - 1) << cut[i]);
        switch (rnd64() % 4) {
        case 0: break;
        case 1: w |= m; break;
        default: w |= (uint32_t)rnd64() & m; break;
        }
    }
    return w;
}

static uint32_t rnd_word(void)
{
    return (rnd64() & 1) ? (uint32_t)(rnd64() >> 32) : rnd_biased();
}

/* ---- the two decoders ---- */

/* The old driver's disas_one. */
static bool old_disas_one(DisasContext *s, uint32_t insn)
{
    switch ((insn >> 25) & 0xf) {
    case 0x8: case 0x9: return a64_disas_dp_imm(s, insn);
    case 0xa: case 0xb: return a64_disas_branch_sys(s, insn);
    case 0x4: case 0x6: case 0xc: case 0xe: return a64_disas_ldst(s, insn);
    case 0x5: case 0xd: return a64_disas_dp_reg(s, insn);
    default: return false;
    }
}

/* One instruction at PC0 into b as a64_translate() would emit it (UNDEFINED
 * as the exception); true when it was accepted. */
static bool translate1(IRBlock *b, uint32_t insn, uint32_t flags, bool old)
{
    DisasContext s = {
        .b = b, .pc = PC0, .insn = insn, .tb_flags = flags, .el = flags & TB_FLAG_EL_MASK,
    };
    bool ok;

    ir_block_reset(b, PC0, flags);
    ir_emit(b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, PC0);
    if (old) {
        uint32_t n = b->n, nl = b->nlabels;
        ok = old_disas_one(&s, insn);
        if (!ok) {
            b->n = n;
            b->nlabels = nl;
            s.ended = false;
        }
    } else {
        ok = a64_disas_insn(&s, insn);
    }
    if (!ok) {
        a64_gen_undef(&s);
    }
    if (!s.ended) {
        a64_gen_goto(&s, 0, PC0 + 4);
    }
    return ok;
}

/* Helpers private to one frontend file exist once in each decoder: a call
 * to one of them matches a call with the same flags and arguments. */
static bool public_helper(uint64_t fn)
{
    static const void *const known[] = {
        helper_exception, helper_eret, helper_mrs, helper_msr, helper_msr_imm,
        helper_semihosting, helper_ldxr, helper_stxr, helper_ldxp, helper_ldxp_hi,
        helper_stxp_hi, helper_stxp, helper_clrex, helper_dc_zva, helper_ic_inval,
        helper_crc32, helper_crc32c, helper_wfi,
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(known); i++) {
        if (fn == (uint64_t)(uintptr_t)known[i]) {
            return true;
        }
    }
    return false;
}

static unsigned private_calls;

/* The same instructions, operands and immediates; the first difference in *at. */
static bool same_ir(const IRBlock *x, const IRBlock *y, uint32_t *at)
{
    for (uint32_t i = 0; i < MAX(x->n, y->n); i++) {
        const IRInst *a = &x->insts[i], *b = &y->insts[i];
        *at = i;
        if (i >= x->n || i >= y->n || a->op != b->op || a->sz != b->sz || a->cond != b->cond ||
            a->a != b->a || a->b != b->b || a->c != b->c || a->d != b->d) {
            return false;
        }
        if (a->imm != b->imm) {
            if (a->op != IR_CALL || public_helper(a->imm) || public_helper(b->imm)) {
                return false;
            }
            private_calls++;
        }
    }
    return x->nlabels == y->nlabels;
}

static unsigned disagreements, ir_differences;
static FILE *list_out;

static void report_ir(uint32_t insn, const char *ctx, uint32_t at)
{
    GString *m = g_string_new(NULL);

    g_string_append_printf(m, "# %08x %s: IR differs at %u\n# old:\n", insn, ctx, at);
    ir_dump(&blk_old, m);
    g_string_append(m, "# new:\n");
    ir_dump(&blk, m);
    printf("%s", m->str);
    g_string_free(m, TRUE);
}

/* The contexts (bit c for ctxs[c]) the old decoder accepts insn in. */
static unsigned check_word(uint32_t insn)
{
    unsigned mask = 0;

    for (unsigned c = 0; c < G_N_ELEMENTS(ctxs); c++) {
        bool old = translate1(&blk_old, insn, ctxs[c].flags, true);
        bool new = translate1(&blk, insn, ctxs[c].flags, false);
        uint32_t at = 0;

        words_checked++;
        mask |= (unsigned)old << c;
        if (old != new) {
            if (disagreements < MAX_REPORTS) {
                printf("# %08x %-12s old: %-9s table: %s\n", insn, ctxs[c].name,
                       old ? "accepted" : "UNDEF", new ? "accepted" : "UNDEF");
            }
            disagreements++;
        } else if (!same_ir(&blk_old, &blk, &at)) {
            if (ir_differences < MAX_REPORTS) {
                report_ir(insn, ctxs[c].name, at);
            }
            ir_differences++;
        }
    }
    return mask;
}

/* ---- structured sweeps ---- */

typedef struct Sweep {
    const char *name;
    uint32_t fixmask, fixval;   /* the group's op0 (and other fixed) bits */
    uint32_t mask;              /* every value of these bits... */
    unsigned per;               /* ...this many times, the other bits random */
} Sweep;

static const Sweep sweeps[] = {
    /* sf op S / opc, op0, op1 (25..23), N / sh / hw, immr<5>, imms */
    { "dp-imm", 0x1c000000, 0x10000000, 0xe3e0fc00, 8 },
    /* sf op S, op1, op2, imm6 / option:imm3 / cond:o2 / opcode, o3 */
    { "dp-reg", 0x0e000000, 0x0a000000, 0xf1e0fc10, 8 },
    /* B/BL, CBZ, TBZ, B.cond (o1, o0), op0 and top of the space */
    { "branch-imm", 0x1c000000, 0x14000000, 0xe3e0001f, 8 },
    /* exception generation: opc, op2, LL */
    { "exception", 0xff000000, 0xd4000000, 0x00e0001f, 64 },
    /* system: L op0 op1 CRn CRm op2 (every system register key) */
    { "system", 0xffc00000, 0xd5000000, 0x003fffe0, 4 },
    /* again with Rt = 11111, which hints, barriers and PSTATE need */
    { "system-rt31", 0xffc0001f, 0xd500001f, 0x003fffe0, 1 },
    /* branch (register): opc op2 op3, op4 biased */
    { "branch-reg", 0xfe000000, 0xd6000000, 0x01fffc00, 4 },
    /* again with Rn = 11111, op4 = 0 (ERET, DRPS) */
    { "branch-reg-rn31", 0xfe0003ff, 0xd60003e0, 0x01fffc00, 1 },
    /* size, V, op (24..21 incl. o2 L o1 / opc), imm9<...>/option S / idx */
    { "ldst", 0x0a000000, 0x08000000, 0xf5e0fc00, 8 },
    /* exclusives: size o2 L o1 o0, Rs and Rt2 biased */
    { "ldst-excl", 0x3f000000, 0x08000000, 0xc0e08000, 64 },
};

static uint32_t deposit(uint32_t mask, uint32_t v)
{
    uint32_t w = 0;

    for (unsigned b = 0; b < 32; b++) {
        if (mask & (1u << b)) {
            w |= (v & 1) << b;
            v >>= 1;
        }
    }
    return w;
}

static void test_sweep(gconstpointer data)
{
    const Sweep *sw = data;
    unsigned n = __builtin_popcount(sw->mask);
    uint32_t free_bits = ~(sw->fixmask | sw->mask);

    g_assert_cmphex(sw->fixmask & sw->mask, ==, 0);
    disagreements = ir_differences = 0;
    for (uint32_t v = 0; v < (1u << n); v++) {
        for (unsigned i = 0; i < sw->per; i++) {
            check_word(sw->fixval | deposit(sw->mask, v) | (rnd_word() & free_bits));
        }
    }
    printf("# %s: %u words x %u contexts, %u disagreements, %u IR differences\n", sw->name,
           (1u << n) * sw->per, (unsigned)G_N_ELEMENTS(ctxs), disagreements, ir_differences);
    g_assert_cmpuint(disagreements, ==, 0);
    g_assert_cmpuint(ir_differences, ==, 0);
}

/* ---- random words in the base-integer op0 space ---- */

static void test_random(void)
{
    static const unsigned op0s[] = { 0x8, 0x9, 0xa, 0xb, 0x4, 0x6, 0xc, 0xe, 0x5, 0xd };
    const char *env_n = g_getenv("A64_DECODE_RANDOM");
    uint64_t count = env_n ? g_ascii_strtoull(env_n, NULL, 0) : 4000000;

    disagreements = ir_differences = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint32_t op0 = op0s[rnd64() % G_N_ELEMENTS(op0s)];
        check_word((rnd_word() & ~0x1e000000u) | op0 << 25);
    }
    printf("# random: %" G_GUINT64_FORMAT " words x %u contexts, %u disagreements, "
           "%u IR differences\n", count, (unsigned)G_N_ELEMENTS(ctxs), disagreements,
           ir_differences);
    g_assert_cmpuint(disagreements, ==, 0);
    g_assert_cmpuint(ir_differences, ==, 0);
}

/* A64_DECODE_LIST=words,out: the words of file words, classified. */
static void test_list(gconstpointer arg)
{
    g_auto(GStrv) paths = g_strsplit(arg, ",", 2);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GError *err = NULL;

    g_assert_nonnull(paths[1]);
    g_assert_true(g_file_get_contents(paths[0], &text, NULL, &err));
    list_out = fopen(paths[1], "w");
    g_assert_nonnull(list_out);
    disagreements = ir_differences = 0;
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (**l == '#' || !**l) {
            fprintf(list_out, "%s\n", *l);
            continue;
        }
        uint32_t insn = (uint32_t)g_ascii_strtoull(*l, NULL, 16);
        fprintf(list_out, "%08x %x\n", insn, check_word(insn));
    }
    fclose(list_out);
    printf("# list: %u disagreements, %u IR differences\n", disagreements, ir_differences);
    g_assert_cmpuint(disagreements, ==, 0);
    g_assert_cmpuint(ir_differences, ==, 0);
}

int main(int argc, char **argv)
{
    GError *err = NULL;
    const char *seed = g_getenv("A64_DECODE_SEED");

    g_test_init(&argc, &argv, NULL);
    rng_state = seed ? g_ascii_strtoull(seed, NULL, 0) : (uint64_t)g_get_real_time();
    if (!rng_state) {
        rng_state = 1;
    }
    printf("# A64_DECODE_SEED=%" G_GUINT64_FORMAT "\n", rng_state);

    cpu = (ARMCPU *)object_new("cortex-a57" ARM_CPU_TYPE_SUFFIX);
    env = &cpu->env;
    if (!mr_init_ram(&ram, NULL, "ram", RAM_SIZE, &err)) {
        g_error("%s", err->message);
    }
    mr_add_subregion(get_system_memory(), RAM_BASE, &ram);
    memset(env, 0, offsetof(CPUARMState, jmp_env));
    env->cpu = cpu;
    env->el = 1;
    env->spsel = 1;
    env->sctlr_el1 = 0x00C50838u;       /* MMU off */
    cpu_helpers_reset(env);
    ir_block_init(&blk, 0, 0);
    ir_block_init(&blk_old, 0, 0);

    for (unsigned i = 0; i < G_N_ELEMENTS(sweeps); i++) {
        g_autofree char *path = g_strdup_printf("/a64-decode/sweep-%s", sweeps[i].name);
        g_test_add_data_func(path, &sweeps[i], test_sweep);
    }
    g_test_add_func("/a64-decode/random", test_random);
    if (g_getenv("A64_DECODE_LIST")) {
        g_test_add_data_func("/a64-decode/list", g_getenv("A64_DECODE_LIST"), test_list);
    }

    int rc = g_test_run();
    ir_block_free(&blk);
    ir_block_free(&blk_old);
    printf("# %u calls to a helper private to a frontend file matched by flags and "
           "arguments\n", private_calls);
    return rc;
}
