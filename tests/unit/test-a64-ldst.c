/* test-a64-ldst.c: the A64 loads and stores (tcg/a64/trans-ldst.c), translated
 * through a64_disas_insn and run over real guest RAM on the IR interpreter (as
 * emitted and optimized) and as x86-64 code (optimized, with the inline TLB
 * path): every addressing mode, size and extension, pairs, exclusives,
 * acquire/release, faults, reserved encodings. */
#include <glib.h>
#include <inttypes.h>
#include <string.h>
#include "tcg/a64/a64.h"
#include "tcg/backend.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "core/memory.h"
#include "core/object.h"
#include "x86-jit.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (1ull << 20)
#define RAM_END  (RAM_BASE + RAM_SIZE)
#define CODE_PC  0x40080000ull      /* where the instruction under test sits */
#define DATA     0x40010000ull      /* data window the tests play in */
#define WIN_SIZE 0x10000ull
#define VBAR     0x40000000ull
#define UNMAPPED 0x1000ull          /* nothing mapped there */

/* Values the exception registers hold before an instruction runs, to tell
 * "written" from "untouched". */
#define ESR_SENT 0x5e5e5e5eull
#define FAR_SENT 0xfa5efa5efa5efa5eull
#define ELR_SENT 0xe1e1e1e1e1e1e1e1ull

#define FL_EL1H  (1u | TB_FLAG_SPSEL)

enum { RUN_OK, RUN_FAULT, RUN_UNALLOC };

static MemoryRegion ram;
static CPUARMState *env;
/* How a translated instruction runs: on the interpreter as emitted or after
 * ir_optimize, or optimized and generated as x86-64 code. */
static enum { RUN_INTERP, RUN_INTERP_OPT, RUN_X86 } run_mode;
static uint32_t last_ir_len;        /* IR instructions the decoder emitted */
static TranslationBlock dummy_tb __attribute__((aligned(8)));

/* ---- guest memory, read and written behind the translator's back ---- */

static uint8_t *host(uint64_t gpa)
{
    g_assert_cmphex(gpa, >=, RAM_BASE);
    g_assert_cmphex(gpa, <, RAM_END);
    return mr_get_ram_ptr(&ram) + (gpa - RAM_BASE);
}

static uint64_t peek(uint64_t a, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)host(a + i)[0] << (8 * i);
    }
    return v;
}

static void poke(uint64_t a, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        host(a + i)[0] = (uint8_t)(v >> (8 * i));
    }
}

/* Fill the data window: pass 0 with every byte's top bit set (sign
 * extensions produce ones), pass 1 with it clear. */
static void fill_window(int pass)
{
    for (uint64_t i = 0; i < WIN_SIZE; i++) {
        uint8_t b = (uint8_t)(i * 0x1d + 0x35);
        host(DATA + i)[0] = pass ? (b & 0x7f) : (b | 0x80);
    }
}

static uint64_t sext(uint64_t v, unsigned bits)
{
    return bits >= 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* ---- CPU state ---- */

static uint64_t reg_fill(unsigned r)
{
    return 0xa5a5000000000000ull | (r * 0x0101010101ull) | 0x8000000000ull;
}

static void reset_cpu(void)
{
    for (unsigned r = 0; r < GR_COUNT; r++) {
        env->regs[r] = reg_fill(r);
    }
    env->el = 1;
    env->spsel = 1;
    env->daif = 0xf << 6;
    env->excl_addr = UINT64_MAX;
    env->vbar_el1 = VBAR;
    env->esr_el1 = ESR_SENT;
    env->far_el1 = FAR_SENT;
    env->elr_el1 = ELR_SENT;
    env->pc = CODE_PC;
    tlb_flush(env);
}

/* Decode insn at pc under flags, run it, and say how it ended. */
static int run_at(uint32_t insn, uint32_t flags, uint64_t pc)
{
    IRBlock b;
    DisasContext s = { .b = &b, .pc = pc, .insn = insn, .tb_flags = flags,
                       .el = flags & TB_FLAG_EL_MASK };
    volatile int result = RUN_OK;

    ir_block_init(&b, pc, flags);
    ir_emit(&b, IR_INSN_START, 64, 0, IR_NONE, IR_NONE, IR_NONE, IR_NONE, pc);
    uint32_t start = b.n;
    if (!a64_disas_insn(&s, insn)) {
        /* an unallocated encoding must leave nothing behind */
        g_assert_cmpuint(b.n, ==, start);
        ir_block_free(&b);
        return RUN_UNALLOC;
    }
    last_ir_len = b.n - start;
    if (!s.ended) {
        a64_gen_goto(&s, 0, pc + 4);
    }
    b.guest_insns = 1;
    b.guest_size = 4;
    ir_verify(&b);
    if (run_mode != RUN_INTERP) {
        ir_optimize(&b);
        ir_verify(&b);
    }
    env->pc = pc;
    env->el = flags & TB_FLAG_EL_MASK;
    env->spsel = !!(flags & TB_FLAG_SPSEL);
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        if (run_mode == RUN_X86) {
            x86_backend_enter(env, gen(&b, &dummy_tb));
        } else {
            ir_interp_exec(env, &b, &dummy_tb);
        }
        g_assert_cmphex(env->pc, ==, pc + 4);
    } else {
        result = RUN_FAULT;
    }
    ir_block_free(&b);
    return result;
}

static int run(uint32_t insn, uint32_t flags)
{
    return run_at(insn, flags, CODE_PC);
}

/* The exception taken at CODE_PC had class ec; FAR holds far, or is
 * untouched when far_written is false. */
static void assert_fault(unsigned ec, bool far_written, uint64_t far)
{
    g_assert_cmphex(env->esr_el1 >> ARM_EL_EC_SHIFT, ==, ec);
    g_assert_true(env->esr_el1 & ARM_EL_IL);
    g_assert_cmphex(env->elr_el1, ==, CODE_PC);
    g_assert_cmphex(env->far_el1, ==, far_written ? far : FAR_SENT);
}

static void assert_no_exception(void)
{
    g_assert_cmphex(env->esr_el1, ==, ESR_SENT);
    g_assert_cmphex(env->elr_el1, ==, ELR_SENT);
    g_assert_cmphex(env->far_el1, ==, FAR_SENT);
}

/* Every register except those in mask (bit r) still holds what saved holds. */
static void assert_regs_except(const uint64_t *saved, uint64_t mask)
{
    for (unsigned r = 0; r < GR_COUNT; r++) {
        if (!(mask & (1ull << r)) && env->regs[r] != saved[r]) {
            g_error("register %u changed: %#" PRIx64 " -> %#" PRIx64, r, saved[r], env->regs[r]);
        }
    }
}

#define SAVE_REGS(name) uint64_t name[GR_COUNT]; memcpy(name, env->regs, sizeof(name))
#define BIT(r) (1ull << (r))

/* ---- single register, immediate forms ---- */

enum { M_OFF, M_PRE, M_POST };

typedef struct ImmCase {
    uint32_t insn;
    const char *text;
    uint8_t mode, size, store, sign, sf;
    int32_t imm;                /* byte offset */
} ImmCase;

/* Encodings from aarch64-linux-gnu-as: unsigned offset, unscaled (LDUR...),
 * pre-index, post-index and unprivileged (LDTR...) for every size/opc. */
static const ImmCase imm_cases[] = {
    { 0x39001420, "strb w0, [x1, #5]", M_OFF, 0, 1, 0, 0, 5 },
    { 0x393ffc20, "strb w0, [x1, #4095]", M_OFF, 0, 1, 0, 0, 4095 },
    { 0x39000020, "strb w0, [x1]", M_OFF, 0, 1, 0, 0, 0 },
    { 0x38100020, "sturb w0, [x1, #-256]", M_OFF, 0, 1, 0, 0, -256 },
    { 0x381f9020, "sturb w0, [x1, #-7]", M_OFF, 0, 1, 0, 0, -7 },
    { 0x380ff020, "sturb w0, [x1, #255]", M_OFF, 0, 1, 0, 0, 255 },
    { 0x381f7c20, "strb w0, [x1, #-9]!", M_PRE, 0, 1, 0, 0, -9 },
    { 0x38000c20, "strb w0, [x1, #0]!", M_PRE, 0, 1, 0, 0, 0 },
    { 0x380ffc20, "strb w0, [x1, #255]!", M_PRE, 0, 1, 0, 0, 255 },
    { 0x38011420, "strb w0, [x1], #17", M_POST, 0, 1, 0, 0, 17 },
    { 0x38100420, "strb w0, [x1], #-256", M_POST, 0, 1, 0, 0, -256 },
    { 0x381fb820, "sttrb w0, [x1, #-5]", M_OFF, 0, 1, 0, 0, -5 },
    { 0x39401420, "ldrb w0, [x1, #5]", M_OFF, 0, 0, 0, 0, 5 },
    { 0x397ffc20, "ldrb w0, [x1, #4095]", M_OFF, 0, 0, 0, 0, 4095 },
    { 0x39400020, "ldrb w0, [x1]", M_OFF, 0, 0, 0, 0, 0 },
    { 0x38500020, "ldurb w0, [x1, #-256]", M_OFF, 0, 0, 0, 0, -256 },
    { 0x385f9020, "ldurb w0, [x1, #-7]", M_OFF, 0, 0, 0, 0, -7 },
    { 0x384ff020, "ldurb w0, [x1, #255]", M_OFF, 0, 0, 0, 0, 255 },
    { 0x385f7c20, "ldrb w0, [x1, #-9]!", M_PRE, 0, 0, 0, 0, -9 },
    { 0x38400c20, "ldrb w0, [x1, #0]!", M_PRE, 0, 0, 0, 0, 0 },
    { 0x384ffc20, "ldrb w0, [x1, #255]!", M_PRE, 0, 0, 0, 0, 255 },
    { 0x38411420, "ldrb w0, [x1], #17", M_POST, 0, 0, 0, 0, 17 },
    { 0x38500420, "ldrb w0, [x1], #-256", M_POST, 0, 0, 0, 0, -256 },
    { 0x385fb820, "ldtrb w0, [x1, #-5]", M_OFF, 0, 0, 0, 0, -5 },
    { 0x39801420, "ldrsb x0, [x1, #5]", M_OFF, 0, 0, 1, 1, 5 },
    { 0x39bffc20, "ldrsb x0, [x1, #4095]", M_OFF, 0, 0, 1, 1, 4095 },
    { 0x39800020, "ldrsb x0, [x1]", M_OFF, 0, 0, 1, 1, 0 },
    { 0x38900020, "ldursb x0, [x1, #-256]", M_OFF, 0, 0, 1, 1, -256 },
    { 0x389f9020, "ldursb x0, [x1, #-7]", M_OFF, 0, 0, 1, 1, -7 },
    { 0x388ff020, "ldursb x0, [x1, #255]", M_OFF, 0, 0, 1, 1, 255 },
    { 0x389f7c20, "ldrsb x0, [x1, #-9]!", M_PRE, 0, 0, 1, 1, -9 },
    { 0x38800c20, "ldrsb x0, [x1, #0]!", M_PRE, 0, 0, 1, 1, 0 },
    { 0x388ffc20, "ldrsb x0, [x1, #255]!", M_PRE, 0, 0, 1, 1, 255 },
    { 0x38811420, "ldrsb x0, [x1], #17", M_POST, 0, 0, 1, 1, 17 },
    { 0x38900420, "ldrsb x0, [x1], #-256", M_POST, 0, 0, 1, 1, -256 },
    { 0x389fb820, "ldtrsb x0, [x1, #-5]", M_OFF, 0, 0, 1, 1, -5 },
    { 0x39c01420, "ldrsb w0, [x1, #5]", M_OFF, 0, 0, 1, 0, 5 },
    { 0x39fffc20, "ldrsb w0, [x1, #4095]", M_OFF, 0, 0, 1, 0, 4095 },
    { 0x39c00020, "ldrsb w0, [x1]", M_OFF, 0, 0, 1, 0, 0 },
    { 0x38d00020, "ldursb w0, [x1, #-256]", M_OFF, 0, 0, 1, 0, -256 },
    { 0x38df9020, "ldursb w0, [x1, #-7]", M_OFF, 0, 0, 1, 0, -7 },
    { 0x38cff020, "ldursb w0, [x1, #255]", M_OFF, 0, 0, 1, 0, 255 },
    { 0x38df7c20, "ldrsb w0, [x1, #-9]!", M_PRE, 0, 0, 1, 0, -9 },
    { 0x38c00c20, "ldrsb w0, [x1, #0]!", M_PRE, 0, 0, 1, 0, 0 },
    { 0x38cffc20, "ldrsb w0, [x1, #255]!", M_PRE, 0, 0, 1, 0, 255 },
    { 0x38c11420, "ldrsb w0, [x1], #17", M_POST, 0, 0, 1, 0, 17 },
    { 0x38d00420, "ldrsb w0, [x1], #-256", M_POST, 0, 0, 1, 0, -256 },
    { 0x38dfb820, "ldtrsb w0, [x1, #-5]", M_OFF, 0, 0, 1, 0, -5 },
    { 0x79001420, "strh w0, [x1, #10]", M_OFF, 1, 1, 0, 0, 10 },
    { 0x793ffc20, "strh w0, [x1, #8190]", M_OFF, 1, 1, 0, 0, 8190 },
    { 0x79000020, "strh w0, [x1]", M_OFF, 1, 1, 0, 0, 0 },
    { 0x78100020, "sturh w0, [x1, #-256]", M_OFF, 1, 1, 0, 0, -256 },
    { 0x781f9020, "sturh w0, [x1, #-7]", M_OFF, 1, 1, 0, 0, -7 },
    { 0x780ff020, "sturh w0, [x1, #255]", M_OFF, 1, 1, 0, 0, 255 },
    { 0x781f7c20, "strh w0, [x1, #-9]!", M_PRE, 1, 1, 0, 0, -9 },
    { 0x78000c20, "strh w0, [x1, #0]!", M_PRE, 1, 1, 0, 0, 0 },
    { 0x780ffc20, "strh w0, [x1, #255]!", M_PRE, 1, 1, 0, 0, 255 },
    { 0x78011420, "strh w0, [x1], #17", M_POST, 1, 1, 0, 0, 17 },
    { 0x78100420, "strh w0, [x1], #-256", M_POST, 1, 1, 0, 0, -256 },
    { 0x781fb820, "sttrh w0, [x1, #-5]", M_OFF, 1, 1, 0, 0, -5 },
    { 0x79401420, "ldrh w0, [x1, #10]", M_OFF, 1, 0, 0, 0, 10 },
    { 0x797ffc20, "ldrh w0, [x1, #8190]", M_OFF, 1, 0, 0, 0, 8190 },
    { 0x79400020, "ldrh w0, [x1]", M_OFF, 1, 0, 0, 0, 0 },
    { 0x78500020, "ldurh w0, [x1, #-256]", M_OFF, 1, 0, 0, 0, -256 },
    { 0x785f9020, "ldurh w0, [x1, #-7]", M_OFF, 1, 0, 0, 0, -7 },
    { 0x784ff020, "ldurh w0, [x1, #255]", M_OFF, 1, 0, 0, 0, 255 },
    { 0x785f7c20, "ldrh w0, [x1, #-9]!", M_PRE, 1, 0, 0, 0, -9 },
    { 0x78400c20, "ldrh w0, [x1, #0]!", M_PRE, 1, 0, 0, 0, 0 },
    { 0x784ffc20, "ldrh w0, [x1, #255]!", M_PRE, 1, 0, 0, 0, 255 },
    { 0x78411420, "ldrh w0, [x1], #17", M_POST, 1, 0, 0, 0, 17 },
    { 0x78500420, "ldrh w0, [x1], #-256", M_POST, 1, 0, 0, 0, -256 },
    { 0x785fb820, "ldtrh w0, [x1, #-5]", M_OFF, 1, 0, 0, 0, -5 },
    { 0x79801420, "ldrsh x0, [x1, #10]", M_OFF, 1, 0, 1, 1, 10 },
    { 0x79bffc20, "ldrsh x0, [x1, #8190]", M_OFF, 1, 0, 1, 1, 8190 },
    { 0x79800020, "ldrsh x0, [x1]", M_OFF, 1, 0, 1, 1, 0 },
    { 0x78900020, "ldursh x0, [x1, #-256]", M_OFF, 1, 0, 1, 1, -256 },
    { 0x789f9020, "ldursh x0, [x1, #-7]", M_OFF, 1, 0, 1, 1, -7 },
    { 0x788ff020, "ldursh x0, [x1, #255]", M_OFF, 1, 0, 1, 1, 255 },
    { 0x789f7c20, "ldrsh x0, [x1, #-9]!", M_PRE, 1, 0, 1, 1, -9 },
    { 0x78800c20, "ldrsh x0, [x1, #0]!", M_PRE, 1, 0, 1, 1, 0 },
    { 0x788ffc20, "ldrsh x0, [x1, #255]!", M_PRE, 1, 0, 1, 1, 255 },
    { 0x78811420, "ldrsh x0, [x1], #17", M_POST, 1, 0, 1, 1, 17 },
    { 0x78900420, "ldrsh x0, [x1], #-256", M_POST, 1, 0, 1, 1, -256 },
    { 0x789fb820, "ldtrsh x0, [x1, #-5]", M_OFF, 1, 0, 1, 1, -5 },
    { 0x79c01420, "ldrsh w0, [x1, #10]", M_OFF, 1, 0, 1, 0, 10 },
    { 0x79fffc20, "ldrsh w0, [x1, #8190]", M_OFF, 1, 0, 1, 0, 8190 },
    { 0x79c00020, "ldrsh w0, [x1]", M_OFF, 1, 0, 1, 0, 0 },
    { 0x78d00020, "ldursh w0, [x1, #-256]", M_OFF, 1, 0, 1, 0, -256 },
    { 0x78df9020, "ldursh w0, [x1, #-7]", M_OFF, 1, 0, 1, 0, -7 },
    { 0x78cff020, "ldursh w0, [x1, #255]", M_OFF, 1, 0, 1, 0, 255 },
    { 0x78df7c20, "ldrsh w0, [x1, #-9]!", M_PRE, 1, 0, 1, 0, -9 },
    { 0x78c00c20, "ldrsh w0, [x1, #0]!", M_PRE, 1, 0, 1, 0, 0 },
    { 0x78cffc20, "ldrsh w0, [x1, #255]!", M_PRE, 1, 0, 1, 0, 255 },
    { 0x78c11420, "ldrsh w0, [x1], #17", M_POST, 1, 0, 1, 0, 17 },
    { 0x78d00420, "ldrsh w0, [x1], #-256", M_POST, 1, 0, 1, 0, -256 },
    { 0x78dfb820, "ldtrsh w0, [x1, #-5]", M_OFF, 1, 0, 1, 0, -5 },
    { 0xb9001420, "str w0, [x1, #20]", M_OFF, 2, 1, 0, 0, 20 },
    { 0xb93ffc20, "str w0, [x1, #16380]", M_OFF, 2, 1, 0, 0, 16380 },
    { 0xb9000020, "str w0, [x1]", M_OFF, 2, 1, 0, 0, 0 },
    { 0xb8100020, "stur w0, [x1, #-256]", M_OFF, 2, 1, 0, 0, -256 },
    { 0xb81f9020, "stur w0, [x1, #-7]", M_OFF, 2, 1, 0, 0, -7 },
    { 0xb80ff020, "stur w0, [x1, #255]", M_OFF, 2, 1, 0, 0, 255 },
    { 0xb81f7c20, "str w0, [x1, #-9]!", M_PRE, 2, 1, 0, 0, -9 },
    { 0xb8000c20, "str w0, [x1, #0]!", M_PRE, 2, 1, 0, 0, 0 },
    { 0xb80ffc20, "str w0, [x1, #255]!", M_PRE, 2, 1, 0, 0, 255 },
    { 0xb8011420, "str w0, [x1], #17", M_POST, 2, 1, 0, 0, 17 },
    { 0xb8100420, "str w0, [x1], #-256", M_POST, 2, 1, 0, 0, -256 },
    { 0xb81fb820, "sttr w0, [x1, #-5]", M_OFF, 2, 1, 0, 0, -5 },
    { 0xb9401420, "ldr w0, [x1, #20]", M_OFF, 2, 0, 0, 0, 20 },
    { 0xb97ffc20, "ldr w0, [x1, #16380]", M_OFF, 2, 0, 0, 0, 16380 },
    { 0xb9400020, "ldr w0, [x1]", M_OFF, 2, 0, 0, 0, 0 },
    { 0xb8500020, "ldur w0, [x1, #-256]", M_OFF, 2, 0, 0, 0, -256 },
    { 0xb85f9020, "ldur w0, [x1, #-7]", M_OFF, 2, 0, 0, 0, -7 },
    { 0xb84ff020, "ldur w0, [x1, #255]", M_OFF, 2, 0, 0, 0, 255 },
    { 0xb85f7c20, "ldr w0, [x1, #-9]!", M_PRE, 2, 0, 0, 0, -9 },
    { 0xb8400c20, "ldr w0, [x1, #0]!", M_PRE, 2, 0, 0, 0, 0 },
    { 0xb84ffc20, "ldr w0, [x1, #255]!", M_PRE, 2, 0, 0, 0, 255 },
    { 0xb8411420, "ldr w0, [x1], #17", M_POST, 2, 0, 0, 0, 17 },
    { 0xb8500420, "ldr w0, [x1], #-256", M_POST, 2, 0, 0, 0, -256 },
    { 0xb85fb820, "ldtr w0, [x1, #-5]", M_OFF, 2, 0, 0, 0, -5 },
    { 0xb9801420, "ldrsw x0, [x1, #20]", M_OFF, 2, 0, 1, 1, 20 },
    { 0xb9bffc20, "ldrsw x0, [x1, #16380]", M_OFF, 2, 0, 1, 1, 16380 },
    { 0xb9800020, "ldrsw x0, [x1]", M_OFF, 2, 0, 1, 1, 0 },
    { 0xb8900020, "ldursw x0, [x1, #-256]", M_OFF, 2, 0, 1, 1, -256 },
    { 0xb89f9020, "ldursw x0, [x1, #-7]", M_OFF, 2, 0, 1, 1, -7 },
    { 0xb88ff020, "ldursw x0, [x1, #255]", M_OFF, 2, 0, 1, 1, 255 },
    { 0xb89f7c20, "ldrsw x0, [x1, #-9]!", M_PRE, 2, 0, 1, 1, -9 },
    { 0xb8800c20, "ldrsw x0, [x1, #0]!", M_PRE, 2, 0, 1, 1, 0 },
    { 0xb88ffc20, "ldrsw x0, [x1, #255]!", M_PRE, 2, 0, 1, 1, 255 },
    { 0xb8811420, "ldrsw x0, [x1], #17", M_POST, 2, 0, 1, 1, 17 },
    { 0xb8900420, "ldrsw x0, [x1], #-256", M_POST, 2, 0, 1, 1, -256 },
    { 0xb89fb820, "ldtrsw x0, [x1, #-5]", M_OFF, 2, 0, 1, 1, -5 },
    { 0xf9001420, "str x0, [x1, #40]", M_OFF, 3, 1, 0, 1, 40 },
    { 0xf93ffc20, "str x0, [x1, #32760]", M_OFF, 3, 1, 0, 1, 32760 },
    { 0xf9000020, "str x0, [x1]", M_OFF, 3, 1, 0, 1, 0 },
    { 0xf8100020, "stur x0, [x1, #-256]", M_OFF, 3, 1, 0, 1, -256 },
    { 0xf81f9020, "stur x0, [x1, #-7]", M_OFF, 3, 1, 0, 1, -7 },
    { 0xf80ff020, "stur x0, [x1, #255]", M_OFF, 3, 1, 0, 1, 255 },
    { 0xf81f7c20, "str x0, [x1, #-9]!", M_PRE, 3, 1, 0, 1, -9 },
    { 0xf8000c20, "str x0, [x1, #0]!", M_PRE, 3, 1, 0, 1, 0 },
    { 0xf80ffc20, "str x0, [x1, #255]!", M_PRE, 3, 1, 0, 1, 255 },
    { 0xf8011420, "str x0, [x1], #17", M_POST, 3, 1, 0, 1, 17 },
    { 0xf8100420, "str x0, [x1], #-256", M_POST, 3, 1, 0, 1, -256 },
    { 0xf81fb820, "sttr x0, [x1, #-5]", M_OFF, 3, 1, 0, 1, -5 },
    { 0xf9401420, "ldr x0, [x1, #40]", M_OFF, 3, 0, 0, 1, 40 },
    { 0xf97ffc20, "ldr x0, [x1, #32760]", M_OFF, 3, 0, 0, 1, 32760 },
    { 0xf9400020, "ldr x0, [x1]", M_OFF, 3, 0, 0, 1, 0 },
    { 0xf8500020, "ldur x0, [x1, #-256]", M_OFF, 3, 0, 0, 1, -256 },
    { 0xf85f9020, "ldur x0, [x1, #-7]", M_OFF, 3, 0, 0, 1, -7 },
    { 0xf84ff020, "ldur x0, [x1, #255]", M_OFF, 3, 0, 0, 1, 255 },
    { 0xf85f7c20, "ldr x0, [x1, #-9]!", M_PRE, 3, 0, 0, 1, -9 },
    { 0xf8400c20, "ldr x0, [x1, #0]!", M_PRE, 3, 0, 0, 1, 0 },
    { 0xf84ffc20, "ldr x0, [x1, #255]!", M_PRE, 3, 0, 0, 1, 255 },
    { 0xf8411420, "ldr x0, [x1], #17", M_POST, 3, 0, 0, 1, 17 },
    { 0xf8500420, "ldr x0, [x1], #-256", M_POST, 3, 0, 0, 1, -256 },
    { 0xf85fb820, "ldtr x0, [x1, #-5]", M_OFF, 3, 0, 0, 1, -5 },
};

/* The data window equals before except for [addr, addr + n). */
static void assert_window_except(const uint8_t *before, uint64_t addr, unsigned n)
{
    g_assert_cmpint(memcmp(before, host(DATA), addr - DATA), ==, 0);
    g_assert_cmpint(memcmp(before + (addr - DATA) + n, host(addr + n),
                           WIN_SIZE - (addr - DATA) - n), ==, 0);
}

/* What a load of n bytes gives in the register. */
static uint64_t load_result(uint64_t raw, unsigned size, bool sign, bool sf)
{
    uint64_t v = sign ? sext(raw, 8u << size) : raw;
    return sf ? v : (v & 0xffffffffull);
}

static void test_imm_forms(void)
{
    static uint8_t before[WIN_SIZE];
    const uint64_t base = DATA + 0x1000;

    for (size_t i = 0; i < G_N_ELEMENTS(imm_cases); i++) {
        const ImmCase *c = &imm_cases[i];
        for (int pass = 0; pass < 2; pass++) {
            unsigned n = 1u << c->size;
            uint64_t addr = c->mode == M_POST ? base : base + (int64_t)c->imm;
            reset_cpu();
            fill_window(pass);
            env->regs[1] = base;
            env->regs[0] = pass ? 0x0123456789abcdefull : 0xfedcba9876543210ull;
            SAVE_REGS(saved);
            memcpy(before, host(DATA), WIN_SIZE);

            if (g_test_verbose()) {
                g_test_message("%s (pass %d)", c->text, pass);
            }
            g_assert_cmpint(run(c->insn, FL_EL1H), ==, RUN_OK);
            assert_no_exception();

            uint64_t wb = c->mode == M_OFF ? base : base + (int64_t)c->imm;
            g_assert_cmphex(env->regs[1], ==, wb);
            if (c->store) {
                uint64_t mask = n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
                g_assert_cmphex(peek(addr, n), ==, saved[0] & mask);
                assert_window_except(before, addr, n);
                assert_regs_except(saved, BIT(1));
            } else {
                uint64_t expect = load_result(peek(addr, n), c->size, c->sign, c->sf);
                if (env->regs[0] != expect) {
                    g_error("%s pass %d: x0 = %#" PRIx64 ", expected %#" PRIx64,
                            c->text, pass, env->regs[0], expect);
                }
                g_assert_cmpint(memcmp(before, host(DATA), WIN_SIZE), ==, 0);
                assert_regs_except(saved, BIT(0) | BIT(1));
            }
        }
    }
}

/* Extensions with hand-computed results (the table test derives its
 * expectations; these pin them down). */
static void test_extension_values(void)
{
    static const struct { uint32_t insn; uint64_t mem, expect; } cases[] = {
        { 0x39c00020, 0xf0, 0xfffffff0ull },               /* ldrsb w0, [x1] */
        { 0x39800020, 0xf0, 0xfffffffffffffff0ull },       /* ldrsb x0, [x1] */
        { 0x39c00020, 0x70, 0x70 },                        /* ldrsb w0, [x1] */
        { 0x39400020, 0xf0, 0xf0 },                        /* ldrb w0, [x1] */
        { 0x79c00020, 0x80f0, 0xffff80f0ull },             /* ldrsh w0, [x1] */
        { 0x79800020, 0x80f0, 0xffffffffffff80f0ull },     /* ldrsh x0, [x1] */
        { 0x79400020, 0x80f0, 0x80f0 },                    /* ldrh w0, [x1] */
        { 0xb9800020, 0x80000001, 0xffffffff80000001ull }, /* ldrsw x0, [x1] */
        { 0xb9800020, 0x7fffffff, 0x7fffffff },            /* ldrsw x0, [x1] */
        { 0xb9400020, 0x80000001, 0x80000001 },            /* ldr w0, [x1] */
        { 0xf9400020, 0x8000000000000001ull, 0x8000000000000001ull }, /* ldr x0, [x1] */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        reset_cpu();
        poke(DATA, cases[i].mem, 8);
        env->regs[1] = DATA;
        env->regs[0] = ~0ull;
        g_assert_cmpint(run(cases[i].insn, FL_EL1H), ==, RUN_OK);
        g_assert_cmphex(env->regs[0], ==, cases[i].expect);
    }
}

/* ---- register offset ---- */

enum { E_UXTW, E_SXTW, E_LSL, E_SXTX };

typedef struct RegCase {
    uint32_t insn;
    const char *text;
    uint8_t size, store, sign, sf, ext, shift;
} RegCase;

static const RegCase reg_cases[] = {
    { 0x38224820, "strb w0, [x1, w2, uxtw]", 0, 1, 0, 0, E_UXTW, 0 },
    { 0x38225820, "strb w0, [x1, w2, uxtw #0]", 0, 1, 0, 0, E_UXTW, 0 },
    { 0x3822c820, "strb w0, [x1, w2, sxtw]", 0, 1, 0, 0, E_SXTW, 0 },
    { 0x3822d820, "strb w0, [x1, w2, sxtw #0]", 0, 1, 0, 0, E_SXTW, 0 },
    { 0x38226820, "strb w0, [x1, x2]", 0, 1, 0, 0, E_LSL, 0 },
    { 0x38227820, "strb w0, [x1, x2, lsl #0]", 0, 1, 0, 0, E_LSL, 0 },
    { 0x3822e820, "strb w0, [x1, x2, sxtx]", 0, 1, 0, 0, E_SXTX, 0 },
    { 0x3822f820, "strb w0, [x1, x2, sxtx #0]", 0, 1, 0, 0, E_SXTX, 0 },
    { 0x38624820, "ldrb w0, [x1, w2, uxtw]", 0, 0, 0, 0, E_UXTW, 0 },
    { 0x38625820, "ldrb w0, [x1, w2, uxtw #0]", 0, 0, 0, 0, E_UXTW, 0 },
    { 0x3862c820, "ldrb w0, [x1, w2, sxtw]", 0, 0, 0, 0, E_SXTW, 0 },
    { 0x3862d820, "ldrb w0, [x1, w2, sxtw #0]", 0, 0, 0, 0, E_SXTW, 0 },
    { 0x38626820, "ldrb w0, [x1, x2]", 0, 0, 0, 0, E_LSL, 0 },
    { 0x38627820, "ldrb w0, [x1, x2, lsl #0]", 0, 0, 0, 0, E_LSL, 0 },
    { 0x3862e820, "ldrb w0, [x1, x2, sxtx]", 0, 0, 0, 0, E_SXTX, 0 },
    { 0x3862f820, "ldrb w0, [x1, x2, sxtx #0]", 0, 0, 0, 0, E_SXTX, 0 },
    { 0x38a24820, "ldrsb x0, [x1, w2, uxtw]", 0, 0, 1, 1, E_UXTW, 0 },
    { 0x38a25820, "ldrsb x0, [x1, w2, uxtw #0]", 0, 0, 1, 1, E_UXTW, 0 },
    { 0x38a2c820, "ldrsb x0, [x1, w2, sxtw]", 0, 0, 1, 1, E_SXTW, 0 },
    { 0x38a2d820, "ldrsb x0, [x1, w2, sxtw #0]", 0, 0, 1, 1, E_SXTW, 0 },
    { 0x38a26820, "ldrsb x0, [x1, x2]", 0, 0, 1, 1, E_LSL, 0 },
    { 0x38a27820, "ldrsb x0, [x1, x2, lsl #0]", 0, 0, 1, 1, E_LSL, 0 },
    { 0x38a2e820, "ldrsb x0, [x1, x2, sxtx]", 0, 0, 1, 1, E_SXTX, 0 },
    { 0x38a2f820, "ldrsb x0, [x1, x2, sxtx #0]", 0, 0, 1, 1, E_SXTX, 0 },
    { 0x38e24820, "ldrsb w0, [x1, w2, uxtw]", 0, 0, 1, 0, E_UXTW, 0 },
    { 0x38e25820, "ldrsb w0, [x1, w2, uxtw #0]", 0, 0, 1, 0, E_UXTW, 0 },
    { 0x38e2c820, "ldrsb w0, [x1, w2, sxtw]", 0, 0, 1, 0, E_SXTW, 0 },
    { 0x38e2d820, "ldrsb w0, [x1, w2, sxtw #0]", 0, 0, 1, 0, E_SXTW, 0 },
    { 0x38e26820, "ldrsb w0, [x1, x2]", 0, 0, 1, 0, E_LSL, 0 },
    { 0x38e27820, "ldrsb w0, [x1, x2, lsl #0]", 0, 0, 1, 0, E_LSL, 0 },
    { 0x38e2e820, "ldrsb w0, [x1, x2, sxtx]", 0, 0, 1, 0, E_SXTX, 0 },
    { 0x38e2f820, "ldrsb w0, [x1, x2, sxtx #0]", 0, 0, 1, 0, E_SXTX, 0 },
    { 0x78224820, "strh w0, [x1, w2, uxtw]", 1, 1, 0, 0, E_UXTW, 0 },
    { 0x78225820, "strh w0, [x1, w2, uxtw #1]", 1, 1, 0, 0, E_UXTW, 1 },
    { 0x7822c820, "strh w0, [x1, w2, sxtw]", 1, 1, 0, 0, E_SXTW, 0 },
    { 0x7822d820, "strh w0, [x1, w2, sxtw #1]", 1, 1, 0, 0, E_SXTW, 1 },
    { 0x78226820, "strh w0, [x1, x2]", 1, 1, 0, 0, E_LSL, 0 },
    { 0x78227820, "strh w0, [x1, x2, lsl #1]", 1, 1, 0, 0, E_LSL, 1 },
    { 0x7822e820, "strh w0, [x1, x2, sxtx]", 1, 1, 0, 0, E_SXTX, 0 },
    { 0x7822f820, "strh w0, [x1, x2, sxtx #1]", 1, 1, 0, 0, E_SXTX, 1 },
    { 0x78624820, "ldrh w0, [x1, w2, uxtw]", 1, 0, 0, 0, E_UXTW, 0 },
    { 0x78625820, "ldrh w0, [x1, w2, uxtw #1]", 1, 0, 0, 0, E_UXTW, 1 },
    { 0x7862c820, "ldrh w0, [x1, w2, sxtw]", 1, 0, 0, 0, E_SXTW, 0 },
    { 0x7862d820, "ldrh w0, [x1, w2, sxtw #1]", 1, 0, 0, 0, E_SXTW, 1 },
    { 0x78626820, "ldrh w0, [x1, x2]", 1, 0, 0, 0, E_LSL, 0 },
    { 0x78627820, "ldrh w0, [x1, x2, lsl #1]", 1, 0, 0, 0, E_LSL, 1 },
    { 0x7862e820, "ldrh w0, [x1, x2, sxtx]", 1, 0, 0, 0, E_SXTX, 0 },
    { 0x7862f820, "ldrh w0, [x1, x2, sxtx #1]", 1, 0, 0, 0, E_SXTX, 1 },
    { 0x78a24820, "ldrsh x0, [x1, w2, uxtw]", 1, 0, 1, 1, E_UXTW, 0 },
    { 0x78a25820, "ldrsh x0, [x1, w2, uxtw #1]", 1, 0, 1, 1, E_UXTW, 1 },
    { 0x78a2c820, "ldrsh x0, [x1, w2, sxtw]", 1, 0, 1, 1, E_SXTW, 0 },
    { 0x78a2d820, "ldrsh x0, [x1, w2, sxtw #1]", 1, 0, 1, 1, E_SXTW, 1 },
    { 0x78a26820, "ldrsh x0, [x1, x2]", 1, 0, 1, 1, E_LSL, 0 },
    { 0x78a27820, "ldrsh x0, [x1, x2, lsl #1]", 1, 0, 1, 1, E_LSL, 1 },
    { 0x78a2e820, "ldrsh x0, [x1, x2, sxtx]", 1, 0, 1, 1, E_SXTX, 0 },
    { 0x78a2f820, "ldrsh x0, [x1, x2, sxtx #1]", 1, 0, 1, 1, E_SXTX, 1 },
    { 0x78e24820, "ldrsh w0, [x1, w2, uxtw]", 1, 0, 1, 0, E_UXTW, 0 },
    { 0x78e25820, "ldrsh w0, [x1, w2, uxtw #1]", 1, 0, 1, 0, E_UXTW, 1 },
    { 0x78e2c820, "ldrsh w0, [x1, w2, sxtw]", 1, 0, 1, 0, E_SXTW, 0 },
    { 0x78e2d820, "ldrsh w0, [x1, w2, sxtw #1]", 1, 0, 1, 0, E_SXTW, 1 },
    { 0x78e26820, "ldrsh w0, [x1, x2]", 1, 0, 1, 0, E_LSL, 0 },
    { 0x78e27820, "ldrsh w0, [x1, x2, lsl #1]", 1, 0, 1, 0, E_LSL, 1 },
    { 0x78e2e820, "ldrsh w0, [x1, x2, sxtx]", 1, 0, 1, 0, E_SXTX, 0 },
    { 0x78e2f820, "ldrsh w0, [x1, x2, sxtx #1]", 1, 0, 1, 0, E_SXTX, 1 },
    { 0xb8224820, "str w0, [x1, w2, uxtw]", 2, 1, 0, 0, E_UXTW, 0 },
    { 0xb8225820, "str w0, [x1, w2, uxtw #2]", 2, 1, 0, 0, E_UXTW, 2 },
    { 0xb822c820, "str w0, [x1, w2, sxtw]", 2, 1, 0, 0, E_SXTW, 0 },
    { 0xb822d820, "str w0, [x1, w2, sxtw #2]", 2, 1, 0, 0, E_SXTW, 2 },
    { 0xb8226820, "str w0, [x1, x2]", 2, 1, 0, 0, E_LSL, 0 },
    { 0xb8227820, "str w0, [x1, x2, lsl #2]", 2, 1, 0, 0, E_LSL, 2 },
    { 0xb822e820, "str w0, [x1, x2, sxtx]", 2, 1, 0, 0, E_SXTX, 0 },
    { 0xb822f820, "str w0, [x1, x2, sxtx #2]", 2, 1, 0, 0, E_SXTX, 2 },
    { 0xb8624820, "ldr w0, [x1, w2, uxtw]", 2, 0, 0, 0, E_UXTW, 0 },
    { 0xb8625820, "ldr w0, [x1, w2, uxtw #2]", 2, 0, 0, 0, E_UXTW, 2 },
    { 0xb862c820, "ldr w0, [x1, w2, sxtw]", 2, 0, 0, 0, E_SXTW, 0 },
    { 0xb862d820, "ldr w0, [x1, w2, sxtw #2]", 2, 0, 0, 0, E_SXTW, 2 },
    { 0xb8626820, "ldr w0, [x1, x2]", 2, 0, 0, 0, E_LSL, 0 },
    { 0xb8627820, "ldr w0, [x1, x2, lsl #2]", 2, 0, 0, 0, E_LSL, 2 },
    { 0xb862e820, "ldr w0, [x1, x2, sxtx]", 2, 0, 0, 0, E_SXTX, 0 },
    { 0xb862f820, "ldr w0, [x1, x2, sxtx #2]", 2, 0, 0, 0, E_SXTX, 2 },
    { 0xb8a24820, "ldrsw x0, [x1, w2, uxtw]", 2, 0, 1, 1, E_UXTW, 0 },
    { 0xb8a25820, "ldrsw x0, [x1, w2, uxtw #2]", 2, 0, 1, 1, E_UXTW, 2 },
    { 0xb8a2c820, "ldrsw x0, [x1, w2, sxtw]", 2, 0, 1, 1, E_SXTW, 0 },
    { 0xb8a2d820, "ldrsw x0, [x1, w2, sxtw #2]", 2, 0, 1, 1, E_SXTW, 2 },
    { 0xb8a26820, "ldrsw x0, [x1, x2]", 2, 0, 1, 1, E_LSL, 0 },
    { 0xb8a27820, "ldrsw x0, [x1, x2, lsl #2]", 2, 0, 1, 1, E_LSL, 2 },
    { 0xb8a2e820, "ldrsw x0, [x1, x2, sxtx]", 2, 0, 1, 1, E_SXTX, 0 },
    { 0xb8a2f820, "ldrsw x0, [x1, x2, sxtx #2]", 2, 0, 1, 1, E_SXTX, 2 },
    { 0xf8224820, "str x0, [x1, w2, uxtw]", 3, 1, 0, 1, E_UXTW, 0 },
    { 0xf8225820, "str x0, [x1, w2, uxtw #3]", 3, 1, 0, 1, E_UXTW, 3 },
    { 0xf822c820, "str x0, [x1, w2, sxtw]", 3, 1, 0, 1, E_SXTW, 0 },
    { 0xf822d820, "str x0, [x1, w2, sxtw #3]", 3, 1, 0, 1, E_SXTW, 3 },
    { 0xf8226820, "str x0, [x1, x2]", 3, 1, 0, 1, E_LSL, 0 },
    { 0xf8227820, "str x0, [x1, x2, lsl #3]", 3, 1, 0, 1, E_LSL, 3 },
    { 0xf822e820, "str x0, [x1, x2, sxtx]", 3, 1, 0, 1, E_SXTX, 0 },
    { 0xf822f820, "str x0, [x1, x2, sxtx #3]", 3, 1, 0, 1, E_SXTX, 3 },
    { 0xf8624820, "ldr x0, [x1, w2, uxtw]", 3, 0, 0, 1, E_UXTW, 0 },
    { 0xf8625820, "ldr x0, [x1, w2, uxtw #3]", 3, 0, 0, 1, E_UXTW, 3 },
    { 0xf862c820, "ldr x0, [x1, w2, sxtw]", 3, 0, 0, 1, E_SXTW, 0 },
    { 0xf862d820, "ldr x0, [x1, w2, sxtw #3]", 3, 0, 0, 1, E_SXTW, 3 },
    { 0xf8626820, "ldr x0, [x1, x2]", 3, 0, 0, 1, E_LSL, 0 },
    { 0xf8627820, "ldr x0, [x1, x2, lsl #3]", 3, 0, 0, 1, E_LSL, 3 },
    { 0xf862e820, "ldr x0, [x1, x2, sxtx]", 3, 0, 0, 1, E_SXTX, 0 },
    { 0xf862f820, "ldr x0, [x1, x2, sxtx #3]", 3, 0, 0, 1, E_SXTX, 3 },
};

static void test_reg_offset(void)
{
    /* two index values per extend; the upper halves of the W forms are junk */
    static const uint64_t rm_values[4][2] = {
        [E_UXTW] = { 0xabcd000000000010ull, 0xffffffff00000008ull },
        [E_SXTW] = { 0x12345678fffffff8ull, 0xffffffff00000020ull },
        [E_LSL]  = { 0x28, 0 },
        [E_SXTX] = { (uint64_t)-0x30, 0x18 },
    };
    /* their byte offsets before the shift */
    static const int64_t offsets[4][2] = {
        [E_UXTW] = { 0x10, 0x8 },
        [E_SXTW] = { -8, 0x20 },
        [E_LSL]  = { 0x28, 0 },
        [E_SXTX] = { -0x30, 0x18 },
    };
    const uint64_t base = DATA + 0x2000;
    static uint8_t before[WIN_SIZE];

    for (size_t i = 0; i < G_N_ELEMENTS(reg_cases); i++) {
        const RegCase *c = &reg_cases[i];
        for (int k = 0; k < 2; k++) {
            unsigned n = 1u << c->size;
            uint64_t addr = base + offsets[c->ext][k] * (1 << c->shift);
            reset_cpu();
            fill_window(k);
            env->regs[1] = base;
            env->regs[2] = rm_values[c->ext][k];
            SAVE_REGS(saved);
            memcpy(before, host(DATA), WIN_SIZE);

            g_assert_cmpint(run(c->insn, FL_EL1H), ==, RUN_OK);
            if (c->store) {
                uint64_t mask = n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
                g_assert_cmphex(peek(addr, n), ==, saved[0] & mask);
                assert_window_except(before, addr, n);
                assert_regs_except(saved, 0);
            } else {
                uint64_t expect = load_result(peek(addr, n), c->size, c->sign, c->sf);
                if (env->regs[0] != expect) {
                    g_error("%s (x2 = %#" PRIx64 "): x0 = %#" PRIx64 ", expected %#" PRIx64,
                            c->text, saved[2], env->regs[0], expect);
                }
                assert_regs_except(saved, BIT(0));
            }
        }
    }
}

/* ---- load literal ---- */

static void test_literal(void)
{
    static const struct {
        uint32_t insn; const char *text; int64_t off; uint64_t mem, expect;
    } cases[] = {
        { 0x18000800, "ldr w0, .+0x100",   0x100, 0x1122334489abcdefull, 0x89abcdefull },
        { 0x58000800, "ldr x0, .+0x100",   0x100, 0x1122334489abcdefull, 0x1122334489abcdefull },
        { 0x98000800, "ldrsw x0, .+0x100", 0x100, 0x1122334489abcdefull, 0xffffffff89abcdefull },
        { 0x98000800, "ldrsw x0, .+0x100", 0x100, 0x8000000012345678ull, 0x12345678ull },
        { 0x58fffe00, "ldr x0, .-0x40",    -0x40, 0xfedcba9876543210ull, 0xfedcba9876543210ull },
        { 0x98fffe00, "ldrsw x0, .-0x40",  -0x40, 0x00000000f6543210ull, 0xfffffffff6543210ull },
        { 0x18fffe00, "ldr w0, .-0x40",    -0x40, 0xfedcba9876543210ull, 0x76543210ull },
        { 0x58000000, "ldr x0, .",         0,     0x0102030405060708ull, 0x0102030405060708ull },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        reset_cpu();
        poke(CODE_PC + cases[i].off, cases[i].mem, 8);
        SAVE_REGS(saved);
        g_assert_cmpint(run(cases[i].insn, FL_EL1H), ==, RUN_OK);
        if (env->regs[0] != cases[i].expect) {
            g_error("%s: x0 = %#" PRIx64, cases[i].text, env->regs[0]);
        }
        assert_regs_except(saved, BIT(0));
    }

    /* a literal at another PC: the address follows the instruction */
    reset_cpu();
    poke(DATA + 0x100, 0x5566778899aabbccull, 8);
    g_assert_cmpint(run_at(0x58000800, FL_EL1H, DATA), ==, RUN_OK); /* ldr x0, .+0x100 */
    g_assert_cmphex(env->regs[0], ==, 0x5566778899aabbccull);

    /* PRFM (literal) is a hint: no IR, no access even to nowhere */
    reset_cpu();
    SAVE_REGS(saved);
    g_assert_cmpint(run_at(0xd8000800, FL_EL1H, RAM_END - 0x80), ==, RUN_OK); /* prfm pldl1keep, .+0x100 */
    g_assert_cmpuint(last_ir_len, ==, 0);
    assert_regs_except(saved, 0);
    assert_no_exception();

    /* an 8-byte literal at a 4-byte boundary with SCTLR.A */
    reset_cpu();
    SAVE_REGS(saved2);
    g_assert_cmpint(run(0x58000820, FL_EL1H | TB_FLAG_ALIGN), ==, RUN_FAULT); /* ldr x0, .+0x104 */
    assert_fault(EC_DATAABORT_SAME_EL, true, CODE_PC + 0x104);
    g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
    assert_regs_except(saved2, 0);
    reset_cpu();
    g_assert_cmpint(run(0x58000820, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[0], ==, peek(CODE_PC + 0x104, 8));

    /* literal beyond RAM: data abort, FAR = the literal's address */
    reset_cpu();
    g_assert_cmpint(run_at(0x58000800, FL_EL1H, RAM_END - 0x80), ==, RUN_FAULT);
    g_assert_cmphex(env->esr_el1 >> ARM_EL_EC_SHIFT, ==, EC_DATAABORT_SAME_EL);
    g_assert_cmphex(env->far_el1, ==, RAM_END + 0x80);
    g_assert_cmphex(env->elr_el1, ==, RAM_END - 0x80);

    /* SIMD&FP literals (trans-ldst-simd.c): opc = 11 is unallocated */
    g_assert_cmpint(run(0xdc000040, FL_EL1H), ==, RUN_UNALLOC);    /* V=1 opc=11 */
}

/* ---- pairs ---- */

typedef struct PairCase {
    uint32_t insn;
    const char *text;
    uint8_t mode, size, store, sign;
    int32_t imm;
} PairCase;

static const PairCase pair_cases[] = {
    { 0x293f0820, "stp w0, w2, [x1, #-8]",       M_OFF,  2, 1, 0, -8 },
    { 0x297f0820, "ldp w0, w2, [x1, #-8]",       M_OFF,  2, 0, 0, -8 },
    { 0xa9810820, "stp x0, x2, [x1, #16]!",      M_PRE,  3, 1, 0, 16 },
    { 0xa9c10820, "ldp x0, x2, [x1, #16]!",      M_PRE,  3, 0, 0, 16 },
    { 0xa8a00820, "stp x0, x2, [x1], #-512",     M_POST, 3, 1, 0, -512 },
    { 0xa8e00820, "ldp x0, x2, [x1], #-512",     M_POST, 3, 0, 0, -512 },
    { 0x289f8820, "stp w0, w2, [x1], #252",      M_POST, 2, 1, 0, 252 },
    { 0x29e00820, "ldp w0, w2, [x1, #-256]!",    M_PRE,  2, 0, 0, -256 },
    { 0x69410820, "ldpsw x0, x2, [x1, #8]",      M_OFF,  2, 0, 1, 8 },
    { 0x69fe8820, "ldpsw x0, x2, [x1, #-12]!",   M_PRE,  2, 0, 1, -12 },
    { 0x68c08820, "ldpsw x0, x2, [x1], #4",      M_POST, 2, 0, 1, 4 },
    { 0xa81f8820, "stnp x0, x2, [x1, #504]",     M_OFF,  3, 1, 0, 504 },
    { 0xa85f8820, "ldnp x0, x2, [x1, #504]",     M_OFF,  3, 0, 0, 504 },
    { 0x283f8820, "stnp w0, w2, [x1, #-4]",      M_OFF,  2, 1, 0, -4 },
    { 0x287f8820, "ldnp w0, w2, [x1, #-4]",      M_OFF,  2, 0, 0, -4 },
};

static void test_pairs(void)
{
    static uint8_t before[WIN_SIZE];
    const uint64_t base = DATA + 0x3000;

    for (size_t i = 0; i < G_N_ELEMENTS(pair_cases); i++) {
        const PairCase *c = &pair_cases[i];
        for (int pass = 0; pass < 2; pass++) {
            unsigned n = 1u << c->size;
            uint64_t addr = c->mode == M_POST ? base : base + (int64_t)c->imm;
            reset_cpu();
            fill_window(pass);
            env->regs[1] = base;
            SAVE_REGS(saved);
            memcpy(before, host(DATA), WIN_SIZE);

            g_assert_cmpint(run(c->insn, FL_EL1H), ==, RUN_OK);
            g_assert_cmphex(env->regs[1], ==, c->mode == M_OFF ? base : base + (int64_t)c->imm);
            if (c->store) {
                uint64_t mask = n == 8 ? ~0ull : 0xffffffffull;
                g_assert_cmphex(peek(addr, n), ==, saved[0] & mask);
                g_assert_cmphex(peek(addr + n, n), ==, saved[2] & mask);
                assert_window_except(before, addr, 2 * n);
                assert_regs_except(saved, BIT(1));
            } else {
                bool sf = c->size == 3 || c->sign;
                uint64_t e0 = load_result(peek(addr, n), c->size, c->sign, sf);
                uint64_t e2 = load_result(peek(addr + n, n), c->size, c->sign, sf);
                if (env->regs[0] != e0 || env->regs[2] != e2) {
                    g_error("%s pass %d: x0 = %#" PRIx64 " x2 = %#" PRIx64, c->text, pass,
                            env->regs[0], env->regs[2]);
                }
                assert_regs_except(saved, BIT(0) | BIT(1) | BIT(2));
            }
        }
    }

    /* hand-checked LDPSW */
    reset_cpu();
    poke(DATA, 0x7ffffffe80000000ull, 8);
    env->regs[1] = DATA - 8;
    g_assert_cmpint(run(0x69410820, FL_EL1H), ==, RUN_OK);         /* ldpsw x0, x2, [x1, #8] */
    g_assert_cmphex(env->regs[0], ==, 0xffffffff80000000ull);
    g_assert_cmphex(env->regs[2], ==, 0x7ffffffeull);

    /* LDP W zero-extends both */
    reset_cpu();
    poke(DATA, 0x80000001fffffffeull, 8);
    env->regs[1] = DATA + 8;
    g_assert_cmpint(run(0x297f0820, FL_EL1H), ==, RUN_OK);         /* ldp w0, w2, [x1, #-8] */
    g_assert_cmphex(env->regs[0], ==, 0xfffffffeull);
    g_assert_cmphex(env->regs[2], ==, 0x80000001ull);

    /* XZR: discarded on load, zero on store */
    reset_cpu();
    poke(DATA, 0x1111111111111111ull, 8);
    poke(DATA + 8, 0x2222222222222222ull, 8);
    env->regs[1] = DATA;
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xa9407c20, FL_EL1H), ==, RUN_OK);         /* ldp x0, xzr, [x1] */
    g_assert_cmphex(env->regs[0], ==, 0x1111111111111111ull);
    assert_regs_except(saved, BIT(0));
    g_assert_cmpint(run(0xa9007c3f, FL_EL1H), ==, RUN_OK);         /* stp xzr, xzr, [x1] */
    g_assert_cmphex(peek(DATA, 8), ==, 0);
    g_assert_cmphex(peek(DATA + 8, 8), ==, 0);
}

/* A fault on either half of a pair leaves every register as it was; a
 * store may have written its first half. */
static void test_pair_faults(void)
{
    /* second half beyond RAM */
    reset_cpu();
    env->regs[1] = RAM_END - 24;
    poke(RAM_END - 8, 0x1234, 8);
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xa9c10820, FL_EL1H), ==, RUN_FAULT);      /* ldp x0, x2, [x1, #16]! */
    assert_fault(EC_DATAABORT_SAME_EL, true, RAM_END);
    assert_regs_except(saved, 0);

    reset_cpu();
    env->regs[1] = RAM_END - 24;
    SAVE_REGS(saved2);
    g_assert_cmpint(run(0xa9810820, FL_EL1H), ==, RUN_FAULT);      /* stp x0, x2, [x1, #16]! */
    assert_fault(EC_DATAABORT_SAME_EL, true, RAM_END);
    assert_regs_except(saved2, 0);
    g_assert_cmphex(peek(RAM_END - 8, 8), ==, saved2[0]);

    /* first half beyond RAM, post-index: no write-back */
    reset_cpu();
    env->regs[1] = RAM_END;
    SAVE_REGS(saved3);
    g_assert_cmpint(run(0xa8e00820, FL_EL1H), ==, RUN_FAULT);      /* ldp x0, x2, [x1], #-512 */
    assert_fault(EC_DATAABORT_SAME_EL, true, RAM_END);
    assert_regs_except(saved3, 0);

    /* LDPSW, W pair at the edge: the second word at RAM_END */
    reset_cpu();
    env->regs[1] = RAM_END - 12;
    SAVE_REGS(saved4);
    g_assert_cmpint(run(0x69410820, FL_EL1H), ==, RUN_FAULT);      /* ldpsw x0, x2, [x1, #8] */
    assert_fault(EC_DATAABORT_SAME_EL, true, RAM_END);
    assert_regs_except(saved4, 0);

    /* SCTLR.A: each element is checked at its own size */
    reset_cpu();
    env->regs[1] = DATA + 4 - 16;
    SAVE_REGS(saved5);
    g_assert_cmpint(run(0xa9c10820, FL_EL1H | TB_FLAG_ALIGN), ==, RUN_FAULT); /* ldp x0, x2, [x1, #16]! */
    assert_fault(EC_DATAABORT_SAME_EL, true, DATA + 4);
    assert_regs_except(saved5, 0);
    reset_cpu();
    env->regs[1] = DATA + 12;
    g_assert_cmpint(run(0x297f0820, FL_EL1H | TB_FLAG_ALIGN), ==, RUN_OK); /* ldp w0, w2, [x1, #-8] */
}

/* CONSTRAINED UNPREDICTABLE overlaps, resolved as QEMU 7.2 does. */
static void test_unpredictable_overlaps(void)
{
    const uint64_t base = DATA + 0x4000;

    /* ldp x0, x0, [x1]: the first (lower) word wins */
    reset_cpu();
    poke(base, 0xaaaaaaaaaaaaaaaaull, 8);
    poke(base + 8, 0xbbbbbbbbbbbbbbbbull, 8);
    env->regs[1] = base;
    g_assert_cmpint(run(0xa9400020, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[0], ==, 0xaaaaaaaaaaaaaaaaull);

    /* ldp x1, x2, [x1, #16]!: the write-back wins over the loaded x1 */
    reset_cpu();
    poke(base + 16, 0xccccccccccccccccull, 8);
    poke(base + 24, 0xddddddddddddddddull, 8);
    env->regs[1] = base;
    g_assert_cmpint(run(0xa9c10821, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[1], ==, base + 16);
    g_assert_cmphex(env->regs[2], ==, 0xddddddddddddddddull);

    /* ldp x0, x1, [x1], #16 */
    reset_cpu();
    env->regs[1] = base;
    g_assert_cmpint(run(0xa8c10420, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[0], ==, 0xaaaaaaaaaaaaaaaaull);
    g_assert_cmphex(env->regs[1], ==, base + 16);

    /* stp x1, x2, [x1, #-16]!: the original x1 is stored */
    reset_cpu();
    env->regs[1] = base;
    g_assert_cmpint(run(0xa9bf0821, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(peek(base - 16, 8), ==, base);
    g_assert_cmphex(peek(base - 8, 8), ==, reg_fill(2));
    g_assert_cmphex(env->regs[1], ==, base - 16);

    /* ldr x1, [x1], #8 and ldr w1, [x1, #8]!: Rn gets the address */
    reset_cpu();
    env->regs[1] = base;
    g_assert_cmpint(run(0xf8408421, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[1], ==, base + 8);
    reset_cpu();
    env->regs[1] = base;
    g_assert_cmpint(run(0xb8408c21, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[1], ==, base + 8);

    /* str x1, [x1, #-8]! and str w1, [x1], #4: the original Rn is stored */
    reset_cpu();
    env->regs[1] = base;
    g_assert_cmpint(run(0xf81f8c21, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(peek(base - 8, 8), ==, base);
    g_assert_cmphex(env->regs[1], ==, base - 8);
    reset_cpu();
    poke(base, 0xeeeeeeeeeeeeeeeeull, 8);
    env->regs[1] = base;
    g_assert_cmpint(run(0xb8004421, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(peek(base, 8), ==, 0xeeeeeeee00000000ull | (base & 0xffffffff));
    g_assert_cmphex(env->regs[1], ==, base + 4);
}

/* ---- exclusives ---- */

static void test_exclusive_sequences(void)
{
    const uint64_t a = DATA + 0x5000;

    reset_cpu();
    poke(a, 0x1111222233334444ull, 8);
    env->regs[1] = a;
    env->regs[2] = 0xaaaabbbbccccddddull;
    g_assert_cmpint(run(0xc85f7c20, FL_EL1H), ==, RUN_OK);         /* ldxr x0, [x1] */
    g_assert_cmphex(env->regs[0], ==, 0x1111222233334444ull);
    g_assert_cmpint(run(0xc8037c22, FL_EL1H), ==, RUN_OK);         /* stxr w3, x2, [x1] */
    g_assert_cmphex(env->regs[3], ==, 0);
    g_assert_cmphex(peek(a, 8), ==, 0xaaaabbbbccccddddull);
    /* the monitor is closed: a second store fails and writes nothing */
    env->regs[2] = 0x5555;
    g_assert_cmpint(run(0xc8037c22, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[3], ==, 1);
    g_assert_cmphex(peek(a, 8), ==, 0xaaaabbbbccccddddull);
    /* CLREX between the pair */
    g_assert_cmpint(run(0xc85f7c20, FL_EL1H), ==, RUN_OK);
    helper_clrex(env);
    g_assert_cmpint(run(0xc8037c22, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[3], ==, 1);
    g_assert_cmphex(peek(a, 8), ==, 0xaaaabbbbccccddddull);
    /* a store to another address than the one loaded fails */
    g_assert_cmpint(run(0xc85f7c20, FL_EL1H), ==, RUN_OK);
    env->regs[1] = a + 8;
    g_assert_cmpint(run(0xc8037c22, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[3], ==, 1);
    g_assert_cmphex(peek(a + 8, 8), !=, 0x5555);

    /* sizes: each narrow load zero-extends, each store writes only its bytes */
    static const struct { uint32_t ld, st; unsigned n; const char *text; } sizes[] = {
        { 0x085f7c20, 0x08037c22, 1, "ldxrb w0, [x1] / stxrb w3, w2, [x1]" },
        { 0x485f7c20, 0x48037c22, 2, "ldxrh w0, [x1] / stxrh w3, w2, [x1]" },
        { 0x885f7c20, 0x88037c22, 4, "ldxr w0, [x1] / stxr w3, w2, [x1]" },
        { 0xc85f7c20, 0xc8037c22, 8, "ldxr x0, [x1] / stxr w3, x2, [x1]" },
        { 0x085ffc20, 0x0803fc22, 1, "ldaxrb w0, [x1] / stlxrb w3, w2, [x1]" },
        { 0x485ffc20, 0x4803fc22, 2, "ldaxrh w0, [x1] / stlxrh w3, w2, [x1]" },
        { 0xc85ffc20, 0xc803fc22, 8, "ldaxr x0, [x1] / stlxr w3, x2, [x1]" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        unsigned n = sizes[i].n;
        uint64_t mask = n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
        reset_cpu();
        poke(a, 0xf1f2f3f4f5f6f7f8ull, 8);
        poke(a + 8, 0x0102030405060708ull, 8);
        env->regs[1] = a;
        env->regs[2] = 0x8182838485868788ull;
        g_assert_cmpint(run(sizes[i].ld, FL_EL1H), ==, RUN_OK);
        g_assert_cmphex(env->regs[0], ==, 0xf1f2f3f4f5f6f7f8ull & mask);
        g_assert_cmpint(run(sizes[i].st, FL_EL1H), ==, RUN_OK);
        g_assert_cmphex(env->regs[3], ==, 0);
        g_assert_cmphex(peek(a, 8), ==, (0xf1f2f3f4f5f6f7f8ull & ~mask) | (0x8182838485868788ull & mask));
        g_assert_cmphex(peek(a + 8, 8), ==, 0x0102030405060708ull);
        g_assert_cmpint(run(sizes[i].st, FL_EL1H), ==, RUN_OK);
        g_assert_cmphex(env->regs[3], ==, 1);
    }

    /* stxr w3, x3, [x1] (Rs == Rt): the original x3 is stored, then the status */
    reset_cpu();
    env->regs[1] = a;
    env->regs[3] = 0x77;
    g_assert_cmpint(run(0xc85f7c20, FL_EL1H), ==, RUN_OK);
    g_assert_cmpint(run(0xc8037c23, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(peek(a, 8), ==, 0x77);
    g_assert_cmphex(env->regs[3], ==, 0);
}

static void test_exclusive_pairs(void)
{
    const uint64_t a = DATA + 0x6000;

    reset_cpu();
    poke(a, 0x1111111111111111ull, 8);
    poke(a + 8, 0x2222222222222222ull, 8);
    poke(a + 16, 0x3333333333333333ull, 8);
    env->regs[1] = a;
    env->regs[2] = 0xaaaaaaaaaaaaaaaaull;
    env->regs[5] = 0xbbbbbbbbbbbbbbbbull;
    g_assert_cmpint(run(0xc87f1020, FL_EL1H), ==, RUN_OK);         /* ldxp x0, x4, [x1] */
    g_assert_cmphex(env->regs[0], ==, 0x1111111111111111ull);
    g_assert_cmphex(env->regs[4], ==, 0x2222222222222222ull);
    g_assert_cmpint(run(0xc8231422, FL_EL1H), ==, RUN_OK);         /* stxp w3, x2, x5, [x1] */
    g_assert_cmphex(env->regs[3], ==, 0);
    g_assert_cmphex(peek(a, 8), ==, 0xaaaaaaaaaaaaaaaaull);
    g_assert_cmphex(peek(a + 8, 8), ==, 0xbbbbbbbbbbbbbbbbull);
    g_assert_cmphex(peek(a + 16, 8), ==, 0x3333333333333333ull);
    env->regs[2] = 0;
    g_assert_cmpint(run(0xc8231422, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[3], ==, 1);
    g_assert_cmphex(peek(a, 8), ==, 0xaaaaaaaaaaaaaaaaull);

    /* W pair: two words in one doubleword */
    reset_cpu();
    poke(a, 0x8765432112345678ull, 8);
    env->regs[1] = a;
    env->regs[2] = 0xffffffff0000000aull;
    env->regs[5] = 0xeeeeeeee0000000bull;
    g_assert_cmpint(run(0x887f1020, FL_EL1H), ==, RUN_OK);         /* ldxp w0, w4, [x1] */
    g_assert_cmphex(env->regs[0], ==, 0x12345678ull);
    g_assert_cmphex(env->regs[4], ==, 0x87654321ull);
    g_assert_cmpint(run(0x88231422, FL_EL1H), ==, RUN_OK);         /* stxp w3, w2, w5, [x1] */
    g_assert_cmphex(env->regs[3], ==, 0);
    g_assert_cmphex(peek(a, 8), ==, 0x0000000b0000000aull);
    g_assert_cmphex(peek(a + 8, 8), ==, 0xbbbbbbbbbbbbbbbbull);

    /* acquire/release forms */
    reset_cpu();
    env->regs[1] = a;
    env->regs[2] = 0x42;
    env->regs[5] = 0x43;
    g_assert_cmpint(run(0xc87f9020, FL_EL1H), ==, RUN_OK);         /* ldaxp x0, x4, [x1] */
    g_assert_cmphex(env->regs[0], ==, 0x0000000b0000000aull);
    g_assert_cmphex(env->regs[4], ==, 0xbbbbbbbbbbbbbbbbull);
    g_assert_cmpint(run(0xc8239422, FL_EL1H), ==, RUN_OK);         /* stlxp w3, x2, x5, [x1] */
    g_assert_cmphex(env->regs[3], ==, 0);
    g_assert_cmphex(peek(a, 8), ==, 0x42);
    g_assert_cmphex(peek(a + 8, 8), ==, 0x43);

    /* ldxp x0, x0, [x1]: the upper word wins (as QEMU) */
    reset_cpu();
    env->regs[1] = a;
    g_assert_cmpint(run(0xc87f0020, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[0], ==, 0x43);

    /* an X pair must be 16-byte aligned */
    reset_cpu();
    env->regs[1] = a + 8;
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xc87f1020, FL_EL1H), ==, RUN_FAULT);
    assert_fault(EC_DATAABORT_SAME_EL, true, a + 8);
    g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
    assert_regs_except(saved, 0);
}

static void test_exclusive_faults(void)
{
    const uint64_t a = DATA + 0x7000;

    /* exclusives always need alignment, SCTLR.A or not */
    static const struct { uint32_t insn; uint64_t off; const char *text; } bad[] = {
        { 0xc85f7c20, 4, "ldxr x0, [x1]" },
        { 0x885f7c20, 2, "ldxr w0, [x1]" },
        { 0x485f7c20, 1, "ldxrh w0, [x1]" },
        { 0x887f1020, 4, "ldxp w0, w4, [x1]" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        reset_cpu();
        poke(a, 0x0123456789abcdefull, 8);
        poke(a + 8, 0x0123456789abcdefull, 8);
        env->regs[1] = a + bad[i].off;
        SAVE_REGS(saved);
        if (run(bad[i].insn, FL_EL1H) != RUN_FAULT) {
            g_error("%s at +%" PRIu64 ": no alignment fault", bad[i].text, bad[i].off);
        }
        assert_fault(EC_DATAABORT_SAME_EL, true, a + bad[i].off);
        g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
        assert_regs_except(saved, 0);
        g_assert_cmphex(peek(a, 8), ==, 0x0123456789abcdefull);
    }
    /* a byte exclusive is always aligned */
    reset_cpu();
    env->regs[1] = a + 3;
    g_assert_cmpint(run(0x085f7c20, FL_EL1H), ==, RUN_OK);         /* ldxrb w0, [x1] */

    /* SP as the base, SCTLR.SA on */
    reset_cpu();
    poke(a, 0x99, 8);
    env->regs[GR_SP_EL1] = a;
    g_assert_cmpint(run(0xc85f7fe0, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* ldxr x0, [sp] */
    g_assert_cmphex(env->regs[0], ==, 0x99);
    g_assert_cmpint(run(0xc8037fe2, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* stxr w3, x2, [sp] */
    g_assert_cmphex(env->regs[3], ==, 0);
    g_assert_cmphex(peek(a, 8), ==, reg_fill(2));
    reset_cpu();
    env->regs[GR_SP_EL1] = a + 8;
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xc85f7fe0, FL_EL1H | TB_FLAG_SA), ==, RUN_FAULT);
    assert_fault(EC_SPALIGNMENT, false, 0);
    assert_regs_except(saved, 0);
    g_assert_cmphex(env->excl_addr, ==, UINT64_MAX);    /* no monitor opened */
}

/* ---- load-acquire / store-release ---- */

static void test_acquire_release(void)
{
    const uint64_t a = DATA + 0x8000;
    static const struct { uint32_t ld, st; unsigned n; } cases[] = {
        { 0xc8dffc20, 0xc89ffc22, 8 },     /* ldar x0, [x1] / stlr x2, [x1] */
        { 0x88dffc20, 0x889ffc22, 4 },     /* ldar w0, [x1] / stlr w2, [x1] */
        { 0x48dffc20, 0x489ffc22, 2 },     /* ldarh w0, [x1] / stlrh w2, [x1] */
        { 0x08dffc20, 0x089ffc22, 1 },     /* ldarb w0, [x1] / stlrb w2, [x1] */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        unsigned n = cases[i].n;
        uint64_t mask = n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
        reset_cpu();
        poke(a, 0xf8f7f6f5f4f3f2f1ull, 8);
        env->regs[1] = a;
        env->regs[2] = 0x1817161514131211ull;
        SAVE_REGS(saved);
        g_assert_cmpint(run(cases[i].ld, FL_EL1H), ==, RUN_OK);
        g_assert_cmphex(env->regs[0], ==, 0xf8f7f6f5f4f3f2f1ull & mask);
        assert_regs_except(saved, BIT(0));
        g_assert_cmpint(run(cases[i].st, FL_EL1H), ==, RUN_OK);
        g_assert_cmphex(peek(a, 8), ==, (0xf8f7f6f5f4f3f2f1ull & ~mask) | (0x1817161514131211ull & mask));
        g_assert_cmphex(env->excl_addr, ==, UINT64_MAX);  /* not exclusive */

        /* unaligned: alignment fault even without SCTLR.A */
        if (n > 1) {
            reset_cpu();
            env->regs[1] = a + n / 2;
            SAVE_REGS(saved2);
            g_assert_cmpint(run(cases[i].ld, FL_EL1H), ==, RUN_FAULT);
            assert_fault(EC_DATAABORT_SAME_EL, true, a + n / 2);
            g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
            assert_regs_except(saved2, 0);
            reset_cpu();
            env->regs[1] = a + n / 2;
            poke(a, 0, 8);
            g_assert_cmpint(run(cases[i].st, FL_EL1H), ==, RUN_FAULT);
            g_assert_cmphex(peek(a, 8), ==, 0);
        }
    }
    /* SP base with SCTLR.SA */
    reset_cpu();
    env->regs[GR_SP_EL1] = a + 4;
    g_assert_cmpint(run(0xc8dfffe0, FL_EL1H | TB_FLAG_SA), ==, RUN_FAULT); /* ldar x0, [sp] */
    assert_fault(EC_SPALIGNMENT, false, 0);
}

/* ---- prefetch ---- */

static void test_prefetch(void)
{
    static const uint32_t prfm[] = {
        0xf9800420,     /* prfm pldl1keep, [x1, #8] */
        0xf9bffc35,     /* prfm pstl3strm, [x1, #32760] */
        0xf89fd022,     /* prfum pldl2keep, [x1, #-3] */
        0xf8a26828,     /* prfm plil1keep, [x1, x2] */
        0xf8a2d820,     /* prfm pldl1keep, [x1, w2, sxtw #3] */
        0xf980003f,     /* prfm #31, [x1] */
        0xf9800438,     /* prfm #24, [x1, #8] (unallocated prfop: still a NOP) */
        0xd8000800,     /* prfm pldl1keep, .+0x100 */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(prfm); i++) {
        for (int aligned = 0; aligned < 2; aligned++) {
            reset_cpu();
            env->regs[1] = UNMAPPED + 1;   /* nothing there: no access may happen */
            env->regs[2] = 0x123;
            SAVE_REGS(saved);
            g_assert_cmpint(run_at(prfm[i], FL_EL1H | (aligned ? TB_FLAG_ALIGN : 0),
                                   RAM_END - 4), ==, RUN_OK);
            g_assert_cmpuint(last_ir_len, ==, 0);
            assert_regs_except(saved, 0);
            assert_no_exception();
        }
    }
    /* no SP alignment check for a prefetch */
    reset_cpu();
    env->regs[GR_SP_EL1] = DATA + 1;
    g_assert_cmpint(run(0xf98007e0, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* prfm pldl1keep, [sp, #8] */
    assert_no_exception();

    /* PRFM register with a reserved extend, PRFM with write-back: unallocated */
    g_assert_cmpint(run((0xf8a26828 & ~0xe000u) | (0u << 13), FL_EL1H), ==, RUN_UNALLOC);
    g_assert_cmpint(run((0xf8a26828 & ~0xe000u) | (5u << 13), FL_EL1H), ==, RUN_UNALLOC);
    g_assert_cmpint(run(0xf8800c20, FL_EL1H), ==, RUN_UNALLOC);    /* prfm, pre-index */
    g_assert_cmpint(run(0xf8800420, FL_EL1H), ==, RUN_UNALLOC);    /* prfm, post-index */
    g_assert_cmpint(run(0xf8800820, FL_EL1H), ==, RUN_UNALLOC);    /* "prfm" unprivileged */
}

/* ---- SP as the base ---- */

static void test_sp_base(void)
{
    const uint64_t sp = DATA + 0x9000;

    /* aligned SP, SCTLR.SA on */
    reset_cpu();
    poke(sp + 8, 0x0102030405060708ull, 8);
    env->regs[GR_SP_EL1] = sp;
    g_assert_cmpint(run(0xf94007e0, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* ldr x0, [sp, #8] */
    g_assert_cmphex(env->regs[0], ==, 0x0102030405060708ull);

    /* misaligned SP, SCTLR.SA on: SP alignment fault, FAR untouched */
    reset_cpu();
    env->regs[GR_SP_EL1] = sp + 8;
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xf94007e0, FL_EL1H | TB_FLAG_SA), ==, RUN_FAULT);
    g_assert_cmphex(env->esr_el1, ==, ((uint32_t)EC_SPALIGNMENT << ARM_EL_EC_SHIFT) | ARM_EL_IL);
    assert_fault(EC_SPALIGNMENT, false, 0);
    assert_regs_except(saved, 0);

    /* misaligned SP, SCTLR.SA off: fine (address sp + 16) */
    reset_cpu();
    poke(sp + 16, 0x1112131415161718ull, 8);
    env->regs[GR_SP_EL1] = sp + 8;
    g_assert_cmpint(run(0xf94007e0, FL_EL1H), ==, RUN_OK);
    g_assert_cmphex(env->regs[0], ==, 0x1112131415161718ull);

    /* write-back forms: a fault leaves SP alone */
    reset_cpu();
    env->regs[GR_SP_EL1] = sp + 4;
    SAVE_REGS(saved2);
    g_assert_cmpint(run(0xf84107e0, FL_EL1H | TB_FLAG_SA), ==, RUN_FAULT); /* ldr x0, [sp], #16 */
    assert_regs_except(saved2, 0);
    reset_cpu();
    env->regs[GR_SP_EL1] = sp;
    g_assert_cmpint(run(0xf81f0fe0, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* str x0, [sp, #-16]! */
    g_assert_cmphex(env->regs[GR_SP_EL1], ==, sp - 16);
    g_assert_cmphex(peek(sp - 16, 8), ==, reg_fill(0));

    /* a function prologue/epilogue */
    reset_cpu();
    env->regs[GR_SP_EL1] = sp;
    env->regs[29] = 0x2929;
    env->regs[30] = 0x3030;
    g_assert_cmpint(run(0xa9bf7bfd, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* stp x29, x30, [sp, #-16]! */
    g_assert_cmphex(env->regs[GR_SP_EL1], ==, sp - 16);
    g_assert_cmphex(peek(sp - 16, 8), ==, 0x2929);
    g_assert_cmphex(peek(sp - 8, 8), ==, 0x3030);
    env->regs[29] = env->regs[30] = 0;
    g_assert_cmpint(run(0xa8c17bfd, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* ldp x29, x30, [sp], #16 */
    g_assert_cmphex(env->regs[GR_SP_EL1], ==, sp);
    g_assert_cmphex(env->regs[29], ==, 0x2929);
    g_assert_cmphex(env->regs[30], ==, 0x3030);
    /* ... and the pair with a misaligned SP */
    env->regs[GR_SP_EL1] = sp - 8;
    SAVE_REGS(saved3);
    g_assert_cmpint(run(0xa9bf7bfd, FL_EL1H | TB_FLAG_SA), ==, RUN_FAULT);
    assert_fault(EC_SPALIGNMENT, false, 0);
    assert_regs_except(saved3, 0);

    /* SP is checked, not the address */
    reset_cpu();
    env->regs[GR_SP_EL1] = sp;
    g_assert_cmpint(run(0xb85ff3e0, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* ldur w0, [sp, #-1] */
    g_assert_cmphex(env->regs[0], ==, peek(sp - 1, 4));
    reset_cpu();
    env->regs[GR_SP_EL1] = sp + 1;
    env->regs[2] = 15;
    g_assert_cmpint(run(0x38626be0, FL_EL1H | TB_FLAG_SA), ==, RUN_FAULT); /* ldrb w0, [sp, x2] */
    assert_fault(EC_SPALIGNMENT, false, 0);
    /* other base registers are never checked */
    reset_cpu();
    env->regs[1] = sp + 8;
    g_assert_cmpint(run(0xf9400020, FL_EL1H | TB_FLAG_SA), ==, RUN_OK); /* ldr x0, [x1] */

    /* EL0 and EL1t use SP_EL0 */
    static const uint32_t sp0_flags[] = { 0, 1 };
    for (size_t i = 0; i < G_N_ELEMENTS(sp0_flags); i++) {
        reset_cpu();
        poke(sp + 0x108, 0xabcdef, 8);
        env->regs[GR_SP_EL0] = sp + 0x100;
        env->regs[GR_SP_EL1] = UNMAPPED;
        g_assert_cmpint(run(0xf94007e0, sp0_flags[i]), ==, RUN_OK);
        g_assert_cmphex(env->regs[0], ==, 0xabcdef);
        g_assert_cmpint(run(0xf81f0fe0, sp0_flags[i]), ==, RUN_OK); /* str x0, [sp, #-16]! */
        g_assert_cmphex(env->regs[GR_SP_EL0], ==, sp + 0xf0);
        g_assert_cmphex(env->regs[GR_SP_EL1], ==, UNMAPPED);
        g_assert_cmphex(peek(sp + 0xf0, 8), ==, 0xabcdef);
    }
}

/* ---- XZR as the transfer register ---- */

static void test_xzr(void)
{
    reset_cpu();
    poke(DATA, 0xffffffffffffffffull, 8);
    env->regs[1] = DATA;
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xf940003f, FL_EL1H), ==, RUN_OK);         /* ldr xzr, [x1] */
    g_assert_cmpint(run(0xb940043f, FL_EL1H), ==, RUN_OK);         /* ldr wzr, [x1, #4] */
    assert_regs_except(saved, 0);
    g_assert_cmpint(run(0x3880143f, FL_EL1H), ==, RUN_OK);         /* ldrsb xzr, [x1], #1 */
    assert_regs_except(saved, BIT(1));
    g_assert_cmphex(env->regs[1], ==, DATA + 1);

    reset_cpu();
    poke(DATA, 0xffffffffffffffffull, 8);
    poke(DATA + 8, 0xffffffffffffffffull, 8);
    env->regs[1] = DATA;
    g_assert_cmpint(run(0xf900003f, FL_EL1H), ==, RUN_OK);         /* str xzr, [x1] */
    g_assert_cmphex(peek(DATA, 8), ==, 0);
    g_assert_cmpint(run(0xb8004c3f, FL_EL1H), ==, RUN_OK);         /* str wzr, [x1, #4]! */
    g_assert_cmphex(env->regs[1], ==, DATA + 4);
    g_assert_cmphex(peek(DATA + 4, 8), ==, 0xffffffff00000000ull);

    /* the discarded load is still an access: it faults */
    reset_cpu();
    env->regs[1] = UNMAPPED;
    SAVE_REGS(saved2);
    g_assert_cmpint(run(0xf940003f, FL_EL1H), ==, RUN_FAULT);
    assert_fault(EC_DATAABORT_SAME_EL, true, UNMAPPED);
    assert_regs_except(saved2, 0);
}

/* ---- SCTLR.A and unmapped addresses ---- */

static void test_alignment_and_aborts(void)
{
    static const struct { uint32_t insn; uint64_t x1; uint64_t far; bool fault; const char *text; } cases[] = {
        { 0xf9400020, DATA + 4, DATA + 4, true,  "ldr x0, [x1]" },
        { 0xf9400020, DATA + 8, 0,        false, "ldr x0, [x1]" },
        { 0x79400020, DATA + 1, DATA + 1, true,  "ldrh w0, [x1]" },
        { 0xb9400420, DATA + 2, DATA + 6, true,  "ldr w0, [x1, #4]" },
        { 0x39400020, DATA + 1, 0,        false, "ldrb w0, [x1]" },
        { 0xf9000020, DATA + 2, DATA + 2, true,  "str x0, [x1]" },
        { 0xf8627820, DATA + 4, DATA + 4 + 8 * 3, true, "ldr x0, [x1, x2, lsl #3]" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        for (int align = 0; align < 2; align++) {
            reset_cpu();
            memset(host(DATA), 0x3c, 64);
            env->regs[1] = cases[i].x1;
            env->regs[2] = 3;
            SAVE_REGS(saved);
            int r = run(cases[i].insn, FL_EL1H | (align ? TB_FLAG_ALIGN : 0));
            if (align && cases[i].fault) {
                if (r != RUN_FAULT) {
                    g_error("%s at %#" PRIx64 ": no alignment fault", cases[i].text, cases[i].x1);
                }
                assert_fault(EC_DATAABORT_SAME_EL, true, cases[i].far);
                g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
                assert_regs_except(saved, 0);
                g_assert_cmphex(peek(DATA, 8), ==, 0x3c3c3c3c3c3c3c3cull);
                g_assert_cmphex(peek(DATA + 8, 8), ==, 0x3c3c3c3c3c3c3c3cull);
            } else {
                g_assert_cmpint(r, ==, RUN_OK);
                assert_no_exception();
            }
        }
    }

    /* nothing mapped: data abort with FAR; a pre-index write-back is not done */
    reset_cpu();
    env->regs[1] = RAM_END - 8;
    SAVE_REGS(saved);
    g_assert_cmpint(run(0xf8408c20, FL_EL1H), ==, RUN_FAULT);      /* ldr x0, [x1, #8]! */
    assert_fault(EC_DATAABORT_SAME_EL, true, RAM_END);
    assert_regs_except(saved, 0);
    reset_cpu();
    env->regs[1] = UNMAPPED;
    SAVE_REGS(saved2);
    g_assert_cmpint(run(0xb8004421 & ~0x1fu, FL_EL1H), ==, RUN_FAULT); /* str w0, [x1], #4 */
    assert_fault(EC_DATAABORT_SAME_EL, true, UNMAPPED);
    assert_regs_except(saved2, 0);
}

/* ---- reserved and not-implemented encodings ---- */

static void test_unallocated(void)
{
    static const struct { uint32_t insn; const char *text; } cases[] = {
        { 0xc8df7c20, "ldlar x0, [x1] (v8.1 LOR)" },
        { 0xc89f7c20, "stllr x0, [x1] (v8.1 LOR)" },
        { 0xc8a07c22, "cas x0, x2, [x1] (v8.1)" },
        { 0x48207c22, "casp x0, x1, x2, x3, [x1] (v8.1)" },
        { 0xf8200022, "ldadd x0, x2, [x1] (v8.1)" },
        { 0xf8208022, "swp x0, x2, [x1] (v8.1)" },
        { 0xf8bfc020, "ldapr x0, [x1] (v8.3)" },
        { 0xf8200420, "ldraa x0, [x1] (v8.3)" },
        { 0xd9000020, "stlur x0, [x1] (v8.4)" },
        { 0x4c401020, "ld1-ld4 multiple with opcode 0001" },
        { 0x0c408c20, "ld2 {v0.1d, v1.1d} (size=11 Q=0)" },
        { 0x0d00c020, "st1r (replicate store)" },
        { 0x0d40d020, "ld1r with S=1" },
        { 0x0d404420, "ld1 {v0.h}[x] with size<0>=1" },
        { 0x0d409420, "ld1 {v0.d}[x] with S=1" },
        { 0xed400420, "ldp V=1 opc=11" },
        { 0x3c400820, "ldtr-like V=1 (no unprivileged SIMD&FP form)" },
        { 0x7dc00020, "ldr V=1 size=01 opc=11" },
        { 0x69000820, "stgp x0, x2, [x1] (MTE; LDPSW's store slot)" },
        { 0x68400820, "ldnp with opc=01 (no LDNPSW)" },
        { 0xe9400820, "ldp with opc=11" },
        { 0xe9000820, "stp with opc=11" },
        { 0xb8c00c20, "ldrsw-like, size=10 opc=11, pre-index" },
        { 0xb9c00020, "size=10 opc=11, unsigned offset" },
        { 0xf9c00020, "size=11 opc=11, unsigned offset" },
        { 0xf8c00020, "size=11 opc=11, unscaled" },
        { 0xb8c00820, "size=10 opc=11, unprivileged" },
        { 0xf8e26820, "size=11 opc=11, register offset" },
        { 0x00000000, "udf #0 (not a load/store at all)" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        reset_cpu();
        if (run(cases[i].insn, FL_EL1H) != RUN_UNALLOC) {
            g_error("%08x %s: decoded", cases[i].insn, cases[i].text);
        }
    }
    /* register offset with the reserved extends (UXTB, UXTH, SXTB, SXTH) */
    static const unsigned reserved_opt[] = { 0, 1, 4, 5 };
    static const uint32_t reg_insns[] = {
        0xf8627820,     /* ldr x0, [x1, x2, lsl #3] */
        0x38224820,     /* strb w0, [x1, w2, uxtw] */
        0x78a2d820,     /* ldrsh x0, [x1, w2, sxtw #1] */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(reg_insns); i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(reserved_opt); k++) {
            uint32_t insn = (reg_insns[i] & ~0xe000u) | (reserved_opt[k] << 13);
            g_assert_cmpint(run(insn, FL_EL1H), ==, RUN_UNALLOC);
        }
        /* and with a valid extend it decodes */
        g_assert_cmpint(run((reg_insns[i] & ~0xe000u) | (3u << 13), FL_EL1H), !=, RUN_UNALLOC);
    }
}

/* ---- setup ---- */

static void run_plain(gconstpointer fn)
{
    run_mode = RUN_INTERP;
    ((void (*)(void))fn)();
}

static void run_optimized(gconstpointer fn)
{
    run_mode = RUN_INTERP_OPT;
    ((void (*)(void))fn)();
}

static void run_x86(gconstpointer fn)
{
    run_mode = RUN_X86;
    ((void (*)(void))fn)();
}


static void add(const char *name, void (*fn)(void))
{
    g_autofree char *raw = g_strdup_printf("/a64-ldst/interp/%s", name);
    g_autofree char *opt = g_strdup_printf("/a64-ldst/interp-opt/%s", name);
    g_autofree char *x86 = g_strdup_printf("/a64-ldst/x86/%s", name);
    g_test_add_data_func(raw, (gconstpointer)fn, run_plain);
    g_test_add_data_func(opt, (gconstpointer)fn, run_optimized);
    g_test_add_data_func(x86, (gconstpointer)fn, run_x86);
}

int main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;

    g_test_init(&argc, &argv, NULL);

    if (!mr_init_ram(&ram, NULL, "ram", RAM_SIZE, &err)) {
        g_printerr("guest RAM: %s\n", err->message);
        return 1;
    }
    mr_add_subregion(get_system_memory(), RAM_BASE, &ram);
    g_autofree char *type = arm_cpu_type_from_model("cortex-a57", &err);
    g_assert_no_error(err);
    Object *obj = object_new(type);
    g_assert_true(object_realize(obj, &err));
    ARMCPU *cpu = (ARMCPU *)obj;
    object_reset_tree(obj);
    env = &cpu->env;
    env->cpu = cpu;
    setup_code();

    add("imm-forms", test_imm_forms);
    add("extension-values", test_extension_values);
    add("reg-offset", test_reg_offset);
    add("literal", test_literal);
    add("pairs", test_pairs);
    add("pair-faults", test_pair_faults);
    add("unpredictable-overlaps", test_unpredictable_overlaps);
    add("exclusive-sequences", test_exclusive_sequences);
    add("exclusive-pairs", test_exclusive_pairs);
    add("exclusive-faults", test_exclusive_faults);
    add("acquire-release", test_acquire_release);
    add("prefetch", test_prefetch);
    add("sp-base", test_sp_base);
    add("xzr", test_xzr);
    add("alignment-and-aborts", test_alignment_and_aborts);
    add("unallocated", test_unallocated);
    int rc = g_test_run();
    printf("# x86-64: %" G_GUINT64_FORMAT " bytes of host code generated\n", total_code_bytes);
    return rc;
}
