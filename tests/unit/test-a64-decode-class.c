/* test-a64-decode-class.c: which words the A64 frontend accepts, in each
 * translation context that changes the answer (EL0, EL1, EL1 with
 * semihosting), against a list recorded from the hand-written decoder the
 * decode tables replaced (tests/unit/data/a64-decode-class.txt): for every
 * pattern of the tables as they were then, its fixed bits with the other bits
 * all zeros, all ones and random, and the random word with each fixed bit
 * flipped in turn. A change to a table or a handler that changes one of these
 * answers fails here, naming the word and the pattern it was made from; when
 * the change is meant, A64_DECODE_CLASS_UPDATE=1 writes today's answers into
 * the list, to be reviewed in its diff.
 *
 * Then structured sweeps (every value of a group's opcode bits, the other bits
 * random) and random words in the base-integer op0 spaces, through
 * a64_translate() in every context: no handler asserts, every block passes
 * ir_verify, ends in an exit and optimizes (and passes ir_verify again), and
 * an UNDEFINED word's block only raises.
 * A64_DECODE_SEED=n repeats a run; A64_DECODE_RANDOM=n sets the number of
 * random words (default 1000000). */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include "tcg/a64/a64.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "core/memory.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000ull
#define PC0 (RAM_BASE + 0x1000)
#define MAX_REPORTS 40

static ARMCPU *cpu;
static CPUARMState *env;
static IRBlock blk;
static MemoryRegion ram;
static uint64_t rng_state;

/* The list's answer for a word is one character a context, in this order: the
 * context's letter when the word is accepted there, '.' when it is UNDEFINED. */
static const struct Ctx {
    const char *name;
    char letter;
    uint32_t flags;
} ctxs[] = {
    { "EL0", '0', 0 },
    { "EL1", '1', 1 | TB_FLAG_SPSEL },
    { "EL1+semihost", 's', 1 | TB_FLAG_SPSEL | TB_FLAG_SEMIHOST },
};
#define NCTX G_N_ELEMENTS(ctxs)

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

/* ---- the list ---- */

/* insn's answer in every context, as the list writes it. */
static void classify(uint32_t insn, char out[NCTX + 1])
{
    for (unsigned c = 0; c < NCTX; c++) {
        DisasContext s = {
            .b = &blk, .pc = PC0, .insn = insn, .tb_flags = ctxs[c].flags,
            .el = ctxs[c].flags & TB_FLAG_EL_MASK,
        };
        ir_block_reset(&blk, PC0, ctxs[c].flags);
        out[c] = a64_disas_insn(&s, insn) ? ctxs[c].letter : '.';
    }
    out[NCTX] = 0;
}

static void test_list(void)
{
    const char *path = A64_DECODE_CLASS_LIST;
    bool update = g_getenv("A64_DECODE_CLASS_UPDATE") != NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GString *out = g_string_new(NULL);
    const char *from = "?";
    unsigned words = 0, differences = 0;
    GError *err = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        g_error("%s", err->message);
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        char want[NCTX + 1], got[NCTX + 1];
        unsigned insn;

        if (**l == '#' || !**l) {
            if (**l) {
                from = *l + 2;      /* "# PATTERN (file)" */
            }
            g_string_append_printf(out, "%s\n", *l);
            continue;
        }
        if (sscanf(*l, "%8x %3s", &insn, want) != 2 || strlen(want) != NCTX) {
            g_error("%s: bad line '%s'", path, *l);
        }
        classify(insn, got);
        words++;
        if (strcmp(want, got)) {
            if (differences++ < MAX_REPORTS) {
                printf("# %08x (made from %s): the list says %s, the frontend %s\n", insn,
                       from, want, got);
            }
        }
        g_string_append_printf(out, "%08x %s\n", insn, got);
    }
    if (*out->str && out->str[out->len - 1] == '\n' && text[strlen(text) - 1] != '\n') {
        g_string_truncate(out, out->len - 1);
    }
    printf("# %u words x %u contexts, %u differ from the list (%s)\n", words,
           (unsigned)NCTX, differences, path);
    if (update && differences) {
        if (!g_file_set_contents(path, out->str, out->len, &err)) {
            g_error("%s", err->message);
        }
        printf("# A64_DECODE_CLASS_UPDATE: %s rewritten; review its diff\n", path);
    } else {
        g_assert_cmpuint(differences, ==, 0);
    }
    g_assert_cmpuint(words, >, 1000);
    g_string_free(out, TRUE);
}

/* ---- every word through the driver ---- */

static unsigned bad_blocks;

/* The UNDEFINED exception: helper_exception(EXCP_UDEF, unknown reason). */
static bool is_undef_block(const IRBlock *b)
{
    for (uint32_t i = 0; i < b->n; i++) {
        const IRInst *in = &b->insts[i];
        if (in->op == IR_CALL && in->imm == (uint64_t)(uintptr_t)helper_exception &&
            b->insts[in->a].op == IR_MOVI && b->insts[in->a].imm == EXCP_UDEF &&
            b->insts[in->b].op == IR_MOVI && b->insts[in->b].imm == syn_uncategorized()) {
            return true;
        }
    }
    return false;
}

/* A block of one instruction that ends in an exit on its last path, and, for
 * an UNDEFINED word, has no other effect than the exception. */
static const char *block_problem(const IRBlock *b)
{
    if (b->guest_insns != 1 || b->n < 2) {
        return "not one instruction";
    }
    if (b->insts[b->n - 1].op < IR_EXIT_TB) {
        return "does not end in an exit";
    }
    if (is_undef_block(b)) {
        for (uint32_t i = 0; i < b->n; i++) {
            IROp op = b->insts[i].op;
            if (op == IR_SET_REG || op == IR_ST || op == IR_LD || op == IR_SETFLAGS ||
                (op == IR_CALL && b->insts[i].imm != (uint64_t)(uintptr_t)helper_exception)) {
                return "UNDEFINED with a side effect";
            }
        }
    }
    return NULL;
}

static void check_word(uint32_t insn)
{
    uint32_t le = GUINT32_TO_LE(insn);

    memcpy(mr_get_ram_ptr(&ram) + (PC0 - RAM_BASE), &le, 4);
    for (unsigned c = 0; c < NCTX; c++) {
        const char *why;

        a64_translate(&blk, env, PC0, ctxs[c].flags, 1);
        ir_verify(&blk);
        why = block_problem(&blk);
        if (!why) {
            ir_optimize(&blk);
            ir_verify(&blk);
            why = blk.n && blk.insts[blk.n - 1].op >= IR_EXIT_TB ? NULL : "optimized away its exit";
        }
        if (why && bad_blocks++ < MAX_REPORTS) {
            GString *m = g_string_new(NULL);
            ir_dump(&blk, m);
            printf("# %08x %s: %s\n%s", insn, ctxs[c].name, why, m->str);
            g_string_free(m, TRUE);
        }
    }
}

typedef struct Sweep {
    const char *name;
    uint32_t fixmask, fixval;   /* the group's op0 (and other fixed) bits */
    uint32_t mask;              /* every value of these bits... */
    unsigned per;               /* ...this many times, the other bits random */
} Sweep;

static const Sweep sweeps[] = {
    /* sf op S / opc, op0, op1 (25..23), N / sh / hw, immr<5>, imms */
    { "dp-imm", 0x1c000000, 0x10000000, 0xe3e0fc00, 4 },
    /* sf op S, op1, op2, imm6 / option:imm3 / cond:o2 / opcode, o3 */
    { "dp-reg", 0x0e000000, 0x0a000000, 0xf1e0fc10, 4 },
    /* B/BL, CBZ, TBZ, B.cond (o1, o0), op0 and top of the space */
    { "branch-imm", 0x1c000000, 0x14000000, 0xe3e0001f, 4 },
    /* exception generation: opc, op2, LL */
    { "exception", 0xff000000, 0xd4000000, 0x00e0001f, 32 },
    /* system: L op0 op1 CRn CRm op2 (every system register key) */
    { "system", 0xffc00000, 0xd5000000, 0x003fffe0, 2 },
    /* again with Rt = 11111, which hints, barriers and PSTATE need */
    { "system-rt31", 0xffc0001f, 0xd500001f, 0x003fffe0, 1 },
    /* branch (register): opc op2 op3, op4 biased */
    { "branch-reg", 0xfe000000, 0xd6000000, 0x01fffc00, 2 },
    /* again with Rn = 11111, op4 = 0 (ERET, DRPS) */
    { "branch-reg-rn31", 0xfe0003ff, 0xd60003e0, 0x01fffc00, 1 },
    /* size, V, op (24..21 incl. o2 L o1 / opc), imm9<...>/option S / idx */
    { "ldst", 0x0a000000, 0x08000000, 0xf5e0fc00, 4 },
    /* exclusives: size o2 L o1 o0, Rs and Rt2 biased */
    { "ldst-excl", 0x3f000000, 0x08000000, 0xc0e08000, 32 },
    /* AdvSIMD vector: Q U, 28..24 / size, 21..10 (opcodes, immh, cmode) */
    { "simd-vec", 0x9e000000, 0x0e000000, 0x61fffc00, 1 },
    /* AdvSIMD scalar and crypto: U, 28..10 */
    { "simd-scalar", 0xde000000, 0x5e000000, 0x21fffc00, 1 },
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
    bad_blocks = 0;
    for (uint32_t v = 0; v < (1u << n); v++) {
        for (unsigned i = 0; i < sw->per; i++) {
            check_word(sw->fixval | deposit(sw->mask, v) | (rnd_word() & free_bits));
        }
    }
    printf("# %s: %u words x %u contexts, %u bad blocks\n", sw->name, (1u << n) * sw->per,
           (unsigned)NCTX, bad_blocks);
    g_assert_cmpuint(bad_blocks, ==, 0);
}

static void test_random(void)
{
    const char *env_n = g_getenv("A64_DECODE_RANDOM");
    uint64_t count = env_n ? g_ascii_strtoull(env_n, NULL, 0) : 1000000;

    bad_blocks = 0;
    for (uint64_t i = 0; i < count; i++) {
        check_word(rnd_word());
    }
    printf("# random: %" G_GUINT64_FORMAT " words x %u contexts, %u bad blocks\n", count,
           (unsigned)NCTX, bad_blocks);
    g_assert_cmpuint(bad_blocks, ==, 0);
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

    g_test_add_func("/a64-decode/list", test_list);
    for (unsigned i = 0; i < G_N_ELEMENTS(sweeps); i++) {
        g_autofree char *path = g_strdup_printf("/a64-decode/sweep-%s", sweeps[i].name);
        g_test_add_data_func(path, &sweeps[i], test_sweep);
    }
    g_test_add_func("/a64-decode/random", test_random);

    int rc = g_test_run();
    ir_block_free(&blk);
    return rc;
}
