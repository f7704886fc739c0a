/* test-decode-class.c: the table decoders (the tcg/a64 .decode files, with stub
 * handlers) must accept exactly the words today's hand-written decoder
 * accepts, under each translation context that changes the answer (EL0, EL1,
 * EL1 with semihosting). Today's decoder runs through a64_translate(): a word
 * is accepted unless its block is the UNDEFINED exception.
 *
 * Words come from structured sweeps (every value of a group's opcode bits,
 * the other bits random) and from random words in the base-integer op0 space.
 * A64_DECODE_SEED=n repeats a run; A64_DECODE_RANDOM=n sets the number of
 * random words (default 4000000). */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "core/memory.h"
#include "tcg/tlb.h"
#include "a64-decode-stubs.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000ull
#define PC0 (RAM_BASE + 0x1000)
#define MAX_REPORTS 40

static ARMCPU *cpu;
static CPUARMState *env;
static IRBlock blk;
static MemoryRegion ram;
static uint64_t rng_state;
static uint64_t words_checked;
static GHashTable *hits;        /* pattern name -> count, accepted or tried */

const char *stub_accepted, *stub_tried, *stub_reserved;

static const struct Ctx {
    const char *name;
    uint32_t flags;
} ctxs[] = {
    { "EL0", 0 },
    { "EL1", 1 | TB_FLAG_SPSEL },
    { "EL1+semihost", 1 | TB_FLAG_SPSEL | TB_FLAG_SEMIHOST },
};

typedef bool DecodeFn(DisasContext *s, uint32_t insn);

static const struct Group {
    const char *name;
    DecodeFn *fn;
    const char *const *const *names, *const *const *reserved;
} groups[] = {
    { "dp-imm", a64_decode_dp_imm, &stub_names_dp_imm, &stub_reserved_dp_imm },
    { "dp-reg", a64_decode_dp_reg, &stub_names_dp_reg, &stub_reserved_dp_reg },
    { "branch-sys", a64_decode_branch_sys, &stub_names_branch_sys, &stub_reserved_branch_sys },
    { "ldst", a64_decode_ldst, &stub_names_ldst, &stub_reserved_ldst },
};

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

/* Which group today's driver (disas_one in tcg/a64/a64-translate.c) hands a
 * word to; -1 for the spaces it rejects itself. */
static int group_of(uint32_t insn)
{
    switch ((insn >> 25) & 0xf) {
    case 0x8: case 0x9: return 0;
    case 0x5: case 0xd: return 1;
    case 0xa: case 0xb: return 2;
    case 0x4: case 0x6: case 0xc: case 0xe: return 3;
    default: return -1;
    }
}

static bool is_undef_block(const IRBlock *b)
{
    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        if (in->op == IR_CALL && in->imm == (uint64_t)(uintptr_t)helper_exception &&
            in->a != IR_NONE && in->b != IR_NONE &&
            b->insts[in->a].op == IR_MOVI && b->insts[in->a].imm == EXCP_UDEF &&
            b->insts[in->b].op == IR_MOVI && b->insts[in->b].imm == syn_uncategorized()) {
            return true;
        }
    }
    return false;
}

static bool old_accepts(uint32_t insn, uint32_t flags)
{
    uint32_t le = GUINT32_TO_LE(insn);

    memcpy(mr_get_ram_ptr(&ram) + (PC0 - RAM_BASE), &le, 4);
    a64_translate(&blk, env, PC0, flags, 1);
    g_assert_cmpuint(blk.guest_insns, ==, 1);
    return !is_undef_block(&blk);
}

static void count_hit(const char *name)
{
    gpointer n = g_hash_table_lookup(hits, name);
    g_hash_table_insert(hits, (gpointer)name, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
}

/* The table's answer: the group that accepted it (-1 for none), with the
 * pattern names for the report in *why. */
static int new_accepts(uint32_t insn, uint32_t flags, char *why, size_t whylen)
{
    DisasContext s = {
        .b = &blk, .pc = PC0, .insn = insn, .tb_flags = flags,
        .el = flags & TB_FLAG_EL_MASK,
    };
    int found = -1;

    why[0] = 0;
    for (unsigned g = 0; g < G_N_ELEMENTS(groups); g++) {
        stub_accepted = stub_tried = stub_reserved = NULL;
        bool ok = groups[g].fn(&s, insn);
        if (stub_tried) {
            count_hit(stub_tried);
        }
        if (stub_reserved) {
            count_hit(stub_reserved);
        }
        if (ok) {
            g_assert_nonnull(stub_accepted);
            count_hit(stub_accepted);
        }
        if (ok || stub_tried || stub_reserved) {
            size_t l = strlen(why);
            snprintf(why + l, whylen - l, "%s%s: %s%s%s", l ? "; " : "", groups[g].name,
                     ok ? stub_accepted : stub_tried ? stub_tried : "",
                     ok ? "" : stub_tried ? " refused" : "",
                     stub_reserved ? (stub_tried ? ", !" : "!") : "");
            if (stub_reserved) {
                l = strlen(why);
                snprintf(why + l, whylen - l, "%s", stub_reserved);
            }
        }
        if (ok) {
            if (found >= 0) {
                /* two groups accept one word: never right */
                size_t l = strlen(why);
                snprintf(why + l, whylen - l, " (two groups)");
                return -2;
            }
            found = (int)g;
        }
    }
    return found;
}

static unsigned disagreements;

static void check_word(uint32_t insn)
{
    for (unsigned c = 0; c < G_N_ELEMENTS(ctxs); c++) {
        char why[256];
        bool old = old_accepts(insn, ctxs[c].flags);
        int g = new_accepts(insn, ctxs[c].flags, why, sizeof(why));
        bool bad = old != (g >= 0) || g == -2 || (g >= 0 && g != group_of(insn));

        words_checked++;
        if (bad) {
            if (disagreements < MAX_REPORTS) {
                printf("# %08x %-12s today: %-9s table: %-9s (%s)\n", insn, ctxs[c].name,
                       old ? "accepted" : "UNDEF", g >= 0 ? "accepted" : "UNDEF",
                       why[0] ? why : "no pattern");
            }
            disagreements++;
        }
    }
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
    disagreements = 0;
    for (uint32_t v = 0; v < (1u << n); v++) {
        for (unsigned i = 0; i < sw->per; i++) {
            check_word(sw->fixval | deposit(sw->mask, v) | (rnd_word() & free_bits));
        }
    }
    printf("# %s: %u words x %u contexts, %u disagreements\n", sw->name,
           (1u << n) * sw->per, (unsigned)G_N_ELEMENTS(ctxs), disagreements);
    g_assert_cmpuint(disagreements, ==, 0);
}

/* ---- random words in the base-integer op0 space ---- */

static void test_random(void)
{
    static const unsigned op0s[] = { 0x8, 0x9, 0xa, 0xb, 0x4, 0x6, 0xc, 0xe, 0x5, 0xd };
    const char *env_n = g_getenv("A64_DECODE_RANDOM");
    uint64_t count = env_n ? g_ascii_strtoull(env_n, NULL, 0) : 4000000;

    disagreements = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint32_t op0 = op0s[rnd64() % G_N_ELEMENTS(op0s)];
        check_word((rnd_word() & ~0x1e000000u) | op0 << 25);
    }
    printf("# random: %" G_GUINT64_FORMAT " words x %u contexts, %u disagreements\n", count,
           (unsigned)G_N_ELEMENTS(ctxs), disagreements);
    g_assert_cmpuint(disagreements, ==, 0);
}

/* Every pattern was reached by some word above: a table line no word hits
 * would be one the check says nothing about. */
static void test_coverage(void)
{
    unsigned missing = 0, total = 0;

    for (unsigned g = 0; g < G_N_ELEMENTS(groups); g++) {
        for (int r = 0; r < 2; r++) {
            const char *const *names = r ? *groups[g].reserved : *groups[g].names;
            for (; *names; names++) {
                total++;
                if (!g_hash_table_lookup(hits, *names)) {
                    printf("# %s: %s%s was never reached\n", groups[g].name, r ? "!" : "",
                           *names);
                    missing++;
                }
            }
        }
    }
    printf("# %u patterns (trans_ names and reserved names), %" G_GUINT64_FORMAT
           " word checks in all\n", total, words_checked);
    g_assert_cmpuint(missing, ==, 0);
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
    hits = g_hash_table_new(g_str_hash, g_str_equal);

    for (unsigned i = 0; i < G_N_ELEMENTS(sweeps); i++) {
        g_autofree char *path = g_strdup_printf("/a64-decode/sweep-%s", sweeps[i].name);
        g_test_add_data_func(path, &sweeps[i], test_sweep);
    }
    g_test_add_func("/a64-decode/random", test_random);
    g_test_add_func("/a64-decode/coverage", test_coverage);

    int rc = g_test_run();
    ir_block_free(&blk);
    g_hash_table_destroy(hits);
    return rc;
}
