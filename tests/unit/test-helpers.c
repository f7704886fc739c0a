/* test-helpers.c: the translator's runtime: exception entry and return,
 * system registers, the software TLB and memory slow path, exclusives,
 * CRC32, TB flags and semihosting, on a Cortex-A57 with 16 MiB of RAM. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tcg/a64/a64.h"
#include "boot/boot.h"
#include "ui/chardev.h"
#include "arm/cpu.h"
#include "arm/debug.h"
#include "arm/gtimer.h"
#include "arm/bits.h"
#include "tcg/helpers.h"
#include "tcg/tlb.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/runstate.h"
#include "core/memory.h"
#include "debug/semihosting.h"
#include "tcg/tb.h"

#define RAM_BASE 0x40000000ull
/* Room for two pages that share a TLB index (test_tlb_ram). */
#define RAM_SIZE ((uint64_t)TLB_SIZE << (TARGET_PAGE_BITS + 2))
#define RAM_END (RAM_BASE + RAM_SIZE)
#define MMIO_BASE 0x09000000ull
#define MMIO4_BASE 0x09001000ull        /* 32-bit accesses only */
#define SMALL_RAM_BASE 0x50000000ull    /* 0x800 bytes: half a page */
#define HOLE 0x20000000ull              /* nothing mapped */
#define VBAR 0x40010000ull

static ARMCPU *cpu;
static CPUARMState *env;
static MemoryRegion ram, small_ram, mmio, mmio4;

/* ---- stand-ins for tcg/tb.c (the lead's): recorded calls --------------------
 * They take precedence over the library's tb.o, which nothing else here pulls. */
static uint64_t code_page = UINT64_MAX;
static int invalidate_calls, flush_all_calls;
static uint64_t inval_start, inval_len;

bool tb_page_has_code(uint64_t paddr)
{
    return (paddr & TARGET_PAGE_MASK) == code_page;
}

void tb_write_tag(uint64_t *tag, uint64_t value, uint64_t paddr)
{
    *tag = value | (tb_page_has_code(paddr) ? TLB_NOTDIRTY : 0);
}

void tb_invalidate_phys_range(uint64_t start, uint64_t len)
{
    invalidate_calls++;
    inval_start = start;
    inval_len = len;
    if ((start & TARGET_PAGE_MASK) == code_page) {
        code_page = UINT64_MAX;
    }
}

void tb_flush_all(void)
{
    flush_all_calls++;
}

/* ---- an MMIO device that records its last access --------------------------- */

typedef struct DevLog { int reads, writes; uint64_t addr, val; unsigned size; } DevLog;
static DevLog dev;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    dev.reads++;
    dev.addr = addr;
    dev.size = size;
    uint64_t v = 0x1122334455667788ull ^ addr;
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    dev.writes++;
    dev.addr = addr;
    dev.val = val;
    dev.size = size;
}

static const MemoryRegionOps dev_ops = { .read = dev_read, .write = dev_write };
static const MemoryRegionOps dev4_ops = {
    .read = dev_read, .write = dev_write,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

/* ---- helpers ---------------------------------------------------------------- */

/* 1 when stmt raised a guest exception (longjmp'd out), else 0. */
#define RAISES(stmt) ({ volatile int raised_ = 0; \
    if (sigsetjmp(env->jmp_env, 1)) { raised_ = 1; } else { stmt; } raised_; })

static uint8_t *host(uint64_t addr)
{
    return mr_get_ram_ptr(&ram) + (addr - RAM_BASE);
}

static void fresh(void)
{
    object_reset_tree(OBJECT(cpu));
    cpu_helpers_reset(env);
    env->vbar_el1 = VBAR;
    env->pc = RAM_BASE + 0x100;
    memset(&dev, 0, sizeof(dev));
    code_page = UINT64_MAX;
    invalidate_calls = flush_all_calls = 0;
    memset(host(RAM_BASE), 0, 0x20000);
}

static uint64_t rd(uint32_t key)
{
    const SysReg *r = sysreg_find(key);
    g_assert_nonnull(r);
    return helper_mrs(env, (uintptr_t)r, 0);
}

static void wr(uint32_t key, uint64_t v)
{
    const SysReg *r = sysreg_find(key);
    g_assert_nonnull(r);
    helper_msr(env, (uintptr_t)r, v, 0);
}

#define EC(syn) ((uint32_t)(syn) >> 26)

/* ---- exception entry ---------------------------------------------------------- */

static void test_vectors(void)
{
    static const struct { unsigned el, spsel; uint64_t off; uint32_t pstate; } cases[] = {
        { 1, 1, 0x200, 0x5 }, { 1, 0, 0x000, 0x4 }, { 0, 0, 0x400, 0x0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        fresh();
        env->el = cases[i].el;
        env->spsel = cases[i].spsel;
        env->daif = 0x2 << 6;                       /* I only */
        cpu_set_nzcv(env, 0x90000000);              /* N V */
        env->excl_addr = RAM_BASE;
        env->far_el1 = 0x1234;
        arm_cpu_do_exception(env, EXCP_UDEF, syn_uncategorized(), 0x40000abc, 0, false);
        g_assert_cmphex(env->pc, ==, VBAR + cases[i].off);
        g_assert_cmphex(env->spsr_el1, ==, 0x90000080u | cases[i].pstate);
        g_assert_cmphex(env->elr_el1, ==, 0x40000abc);
        g_assert_cmphex(env->esr_el1, ==, 0x02000000);
        g_assert_cmphex(env->far_el1, ==, 0x1234);      /* untouched without has_far */
        g_assert_cmpuint(env->el, ==, 1);
        g_assert_cmpuint(env->spsel, ==, 1);
        g_assert_cmphex(env->daif, ==, 0x3c0);
        g_assert_cmphex(arm_cpu_pstate(env), ==, 0x900003c5);
        g_assert_cmphex(env->excl_addr, ==, UINT64_MAX);
    }
    /* VBAR's low 11 bits never reach the PC; IRQ/FIQ offsets; ESR kept for IRQs. */
    fresh();
    env->vbar_el1 = VBAR | 0x7ff;
    env->esr_el1 = 0x5555;
    arm_cpu_do_exception(env, EXCP_IRQ, 0, 0x40000000, 0, false);
    g_assert_cmphex(env->pc, ==, VBAR + 0x280);
    g_assert_cmphex(env->esr_el1, ==, 0x5555);
    fresh();
    env->el = 0;
    arm_cpu_do_exception(env, EXCP_FIQ, 0, 0x40000000, 0, false);
    g_assert_cmphex(env->pc, ==, VBAR + 0x500);
}

static void test_abort_ec_and_far(void)
{
    /* From EL0 an abort takes the lower-EL EC whatever the caller passed. */
    fresh();
    env->el = 0;
    arm_cpu_do_exception(env, EXCP_DATA_ABORT,
                         ((uint32_t)EC_DATAABORT_SAME_EL << 26) | ARM_EL_IL | 0x50, 0x40000010,
                         0xdead0, true);
    g_assert_cmphex(env->esr_el1, ==, ((uint32_t)EC_DATAABORT << 26) | ARM_EL_IL | 0x50);
    g_assert_cmphex(env->far_el1, ==, 0xdead0);
    fresh();
    arm_cpu_do_exception(env, EXCP_PREFETCH_ABORT, ((uint32_t)EC_INSNABORT << 26) | ARM_EL_IL | 0x10,
                         0x40000010, 0x40000010, true);
    g_assert_cmpuint(EC(env->esr_el1), ==, EC_INSNABORT_SAME_EL);
    /* Other ECs pass through untouched. */
    fresh();
    env->el = 0;
    arm_cpu_do_exception(env, EXCP_SWI, syn_svc(0x42), 0x40000014, 0, false);
    g_assert_cmphex(env->esr_el1, ==, syn_svc(0x42));
}

static void test_raise_longjmp(void)
{
    fresh();
    env->pc = 0x40000200;
    g_assert_true(RAISES(helper_exception(env, EXCP_SWI, syn_svc(1), 0x40000204)));
    g_assert_cmpint(env->exception_index, ==, EXCP_SWI);
    g_assert_cmphex(env->elr_el1, ==, 0x40000204);
    g_assert_cmphex(env->pc, ==, VBAR + 0x200);

    /* A prefetch abort from the translator faults on its own address. */
    fresh();
    env->far_el1 = 0;
    g_assert_true(RAISES(helper_exception(env, EXCP_PREFETCH_ABORT,
                                          ((uint32_t)EC_PCALIGNMENT << 26) | ARM_EL_IL, 0x40000202)));
    g_assert_cmphex(env->far_el1, ==, 0x40000202);
    g_assert_cmpint(env->exception_index, ==, EXCP_PREFETCH_ABORT);

    fresh();
    g_assert_true(RAISES(cpu_raise_exception_far(env, EXCP_DATA_ABORT,
                                                 ((uint32_t)EC_DATAABORT_SAME_EL << 26) | 0x10,
                                                 0x40000300, 0x1000)));
    g_assert_cmphex(env->far_el1, ==, 0x1000);
    g_assert_cmpint(env->exception_index, ==, EXCP_DATA_ABORT);
}

static char *read_file_str(const char *path)
{
    char *s = NULL;
    g_assert_true(g_file_get_contents(path, &s, NULL, NULL));
    return s;
}

static void test_int_log(void)
{
    g_autofree char *path = g_build_filename(g_get_tmp_dir(), "a64emu-test-helpers-int.log",
                                             NULL);
    GError *err = NULL;

    fresh();
    g_assert_true(log_set_file(path, &err));
    log_mask = LOG_INT;
    env->el = 1;
    env->spsel = 1;
    env->daif = 0x3c0;
    cpu_set_nzcv(env, 0);
    arm_cpu_do_exception(env, EXCP_UDEF, syn_uncategorized(), 0x40000100, 0, false);
    env->el = 0;
    env->spsel = 0;
    arm_cpu_do_exception(env, EXCP_DATA_ABORT, ((uint32_t)EC_DATAABORT << 26) | ARM_EL_IL | 0x10,
                         0x40000104, 0x20000000, true);
    log_flush();
    log_mask = 0;
    g_autofree char *got = read_file_str(path);
    g_autofree char *want = g_strdup_printf(
        "Taking exception 1 [Undefined Instruction] on CPU %d\n"
        "...from EL1 to EL1\n"
        "...with ESR 0x0/0x2000000\n"
        "...with ELR 0x40000100\n"
        "...to EL1 PC 0x40010200 PSTATE 0x3c5\n"
        "Taking exception 4 [Data Abort] on CPU %d\n"
        "...from EL0 to EL1\n"
        "...with ESR 0x24/0x92000010\n"
        "...with FAR 0x20000000\n"
        "...with ELR 0x40000104\n"
        "...to EL1 PC 0x40010400 PSTATE 0x3c5\n", cpu->cpu_index, cpu->cpu_index);
    g_assert_cmpstr(got, ==, want);
    unlink(path);
}

/* ---- ERET ---------------------------------------------------------------------- */

static void test_eret_round_trip(void)
{
    fresh();
    /* EL1h -> EL0t with NZCV = Z C and IRQs unmasked */
    env->spsr_el1 = 0x60000000 | (0x1 << 6);    /* F masked only */
    env->elr_el1 = 0x40003000;
    env->excl_addr = RAM_BASE;
    g_assert_cmphex(helper_eret(env), ==, 0x40003000);
    g_assert_cmphex(env->pc, ==, 0x40003000);
    g_assert_cmpuint(env->el, ==, 0);
    g_assert_cmpuint(env->spsel, ==, 0);
    g_assert_cmphex(env->daif, ==, 0x40);
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0x60000000);
    g_assert_cmphex(env->excl_addr, ==, UINT64_MAX);
    g_assert_cmpuint(cpu_mmu_index(env), ==, 0);
    /* SVC from EL0: lower-EL vector, SPSR records EL0t */
    g_assert_true(RAISES(helper_exception(env, EXCP_SWI, syn_svc(0), 0x40003004)));
    g_assert_cmphex(env->pc, ==, VBAR + 0x400);
    g_assert_cmphex(env->spsr_el1, ==, 0x60000040);
    g_assert_cmpuint(env->el, ==, 1);
    g_assert_cmpuint(cpu_mmu_index(env), ==, 1);
    /* and back */
    g_assert_cmphex(helper_eret(env), ==, 0x40003004);
    g_assert_cmpuint(env->el, ==, 0);
    g_assert_cmphex(arm_cpu_pstate(env), ==, 0x60000040);

    /* EL1t and EL1h targets; ELR bits [1:0] kept (the fetch faults later) */
    fresh();
    env->spsr_el1 = 0x4;
    env->elr_el1 = 0x40004002;
    g_assert_cmphex(helper_eret(env), ==, 0x40004002);
    g_assert_cmpuint(env->el, ==, 1);
    g_assert_cmpuint(env->spsel, ==, 0);
    env->spsr_el1 = 0x5;
    helper_eret(env);
    g_assert_cmpuint(env->spsel, ==, 1);
}

static void test_eret_illegal(void)
{
    static const uint32_t bad_modes[] = { 0x10, 0x13, 0x8, 0x9, 0xc, 0xd, 0x1, 0x2 };
    for (size_t i = 0; i < G_N_ELEMENTS(bad_modes); i++) {
        fresh();
        env->spsel = 0;                     /* EL1t: the vector is VBAR + 0 */
        env->spsr_el1 = 0x80000000 | bad_modes[i];
        env->elr_el1 = 0x40005000;
        uint64_t pc = helper_eret(env);
        g_assert_cmphex(pc, ==, VBAR + 0x000);
        g_assert_cmpuint(env->el, ==, 1);
        g_assert_cmphex(env->esr_el1, ==, (0x0eu << 26) | ARM_EL_IL);
        g_assert_cmphex(env->elr_el1, ==, 0x40005000);
        /* SPSR: the illegal state (IL), N from the SPSR, EL1t kept */
        g_assert_cmphex(env->spsr_el1, ==, 0x80000000u | (1u << 20) | 0x4);
    }
    /* SPSR.IL set on a legal mode: the return happens (EL0t here), then the Illegal
     * State exception is taken from EL0, with IL in the saved SPSR */
    fresh();
    env->spsr_el1 = 0xd0000100u | (1u << 20) | 0x0;
    env->elr_el1 = 0x40005000;
    g_assert_cmphex(helper_eret(env), ==, VBAR + 0x400);
    g_assert_cmpuint(env->el, ==, 1);
    g_assert_cmpuint(EC(env->esr_el1), ==, 0x0e);
    g_assert_cmphex(env->spsr_el1, ==, 0xd0100100u);
    g_assert_cmphex(env->elr_el1, ==, 0x40005000);
    /* ERET at EL0: UNDEFINED, no crash */
    fresh();
    env->el = 0;
    env->pc = 0x40000500;
    g_assert_cmphex(helper_eret(env), ==, VBAR + 0x400);
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);
    g_assert_cmphex(env->elr_el1, ==, 0x40000500);
}

/* ---- system registers ------------------------------------------------------------ */

typedef struct ExpectReg { const char *name; uint32_t key; uint64_t value; } ExpectReg;

static void test_sysreg_ids(void)
{
    static const ExpectReg ids[] = {
        { "MIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 0), 0x411fd070 },
        { "MPIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 5), 0x80000000 },
        { "REVIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 6), 0 },
        { "ID_PFR0_EL1", SYSREG_KEY(3, 0, 0, 1, 0), 0x131 },
        { "ID_DFR0_EL1", SYSREG_KEY(3, 0, 0, 1, 2), 0x03010006 },
        { "ID_ISAR0_EL1", SYSREG_KEY(3, 0, 0, 2, 0), 0x02101110 },
        { "ID_ISAR5_EL1", SYSREG_KEY(3, 0, 0, 2, 5), 0x00011121 },
        { "MVFR0_EL1", SYSREG_KEY(3, 0, 0, 3, 0), 0x10110222 },
        { "MVFR2_EL1", SYSREG_KEY(3, 0, 0, 3, 2), 0x43 },
        { "ID_AA64PFR0_EL1", SYSREG_KEY(3, 0, 0, 4, 0), 0x11 },
        { "ID_AA64PFR1_EL1", SYSREG_KEY(3, 0, 0, 4, 1), 0 },
        { "ID_AA64DFR0_EL1", SYSREG_KEY(3, 0, 0, 5, 0), 0x10305106 },
        { "ID_AA64ISAR0_EL1", SYSREG_KEY(3, 0, 0, 6, 0), 0x11120 },
        { "ID_AA64MMFR0_EL1", SYSREG_KEY(3, 0, 0, 7, 0), 0x1124 },
        { "ID_AA64MMFR2_EL1", SYSREG_KEY(3, 0, 0, 7, 2), 0 },
        { "CTR_EL0", SYSREG_KEY(3, 3, 0, 0, 1), 0x8444c004 },
        { "DCZID_EL0", SYSREG_KEY(3, 3, 0, 0, 7), 4 },
        { "CLIDR_EL1", SYSREG_KEY(3, 1, 0, 0, 1), 0x0a200023 },
        { "CurrentEL", SYSREG_KEY(3, 0, 4, 2, 2), 4 },
        { "CNTFRQ_EL0", SYSREG_KEY(3, 3, 14, 0, 0), 62500000 },
        { "OSLSR_EL1", SYSREG_KEY(2, 0, 1, 1, 4), 0xa },
        { "SCTLR_EL1", SYSREG_KEY(3, 0, 1, 0, 0), 0x00c50838 },
        { "MDCCSR_EL0", SYSREG_KEY(2, 3, 0, 1, 0), 0 },
        { "DAIF", SYSREG_KEY(3, 3, 4, 2, 1), 0x3c0 },
        { "SPSel", SYSREG_KEY(3, 0, 4, 2, 0), 1 },
    };
    fresh();
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        const SysReg *r = sysreg_find(ids[i].key);
        g_assert_nonnull(r);
        g_assert_cmpstr(r->name, ==, ids[i].name);
        g_assert_cmphex(helper_mrs(env, (uintptr_t)r, 0), ==, ids[i].value);
    }
    /* ISAR0 says CRC32 = 1 */
    g_assert_cmpuint((rd(SYSREG_KEY(3, 0, 0, 6, 0)) >> 16) & 0xf, ==, 1);
    /* unallocated ID space reads as zero; other unknown encodings don't exist */
    const SysReg *res = sysreg_find(SYSREG_KEY(3, 0, 0, 6, 2));
    g_assert_nonnull(res);
    g_assert_true(res->readonly);
    g_assert_cmphex(helper_mrs(env, (uintptr_t)res, 0), ==, 0);
    g_assert_null(sysreg_find(SYSREG_KEY(3, 0, 15, 15, 7)));
    g_assert_null(sysreg_find(SYSREG_KEY(3, 4, 1, 0, 0)));     /* SCTLR_EL2: no EL2 */
    g_assert_null(sysreg_find(SYSREG_KEY(3, 6, 1, 0, 0)));     /* SCTLR_EL3 */
    /* CurrentEL follows the EL */
    env->el = 0;
    g_assert_cmphex(helper_mrs(env, (uintptr_t)sysreg_find(SYSREG_KEY(3, 3, 0, 0, 7)), 0),
                    ==, 0x14);                                  /* DCZID: DZP at EL0 */
    env->sctlr_el1 |= 1 << 14;
    g_assert_cmphex(helper_mrs(env, (uintptr_t)sysreg_find(SYSREG_KEY(3, 3, 0, 0, 7)), 0),
                    ==, 0x4);
}

static void test_sysreg_rw(void)
{
    static const struct { uint32_t key; size_t off; uint64_t in, out; } plain[] = {
        { SYSREG_KEY(3, 0, 4, 0, 1), offsetof(CPUARMState, elr_el1), ~0ull, ~0ull },
        { SYSREG_KEY(3, 0, 4, 0, 0), offsetof(CPUARMState, spsr_el1), 0x600003c5, 0x600003c5 },
        { SYSREG_KEY(3, 0, 5, 2, 0), offsetof(CPUARMState, esr_el1), ~0ull, 0xffffffffull },
        { SYSREG_KEY(3, 0, 6, 0, 0), offsetof(CPUARMState, far_el1), ~0ull, ~0ull },
        { SYSREG_KEY(3, 0, 12, 0, 0), offsetof(CPUARMState, vbar_el1), 0x400007ff, 0x40000000 },
        /* SCTLR_EL1 as QEMU 7.2: what is written reads back, but for the MTE bits */
        { SYSREG_KEY(3, 0, 1, 0, 0), offsetof(CPUARMState, sctlr_el1), 0, 0 },
        { SYSREG_KEY(3, 0, 1, 0, 0), offsetof(CPUARMState, sctlr_el1), ~0ull, 0xfffff01fffffffffull },
        { SYSREG_KEY(3, 3, 13, 0, 2), offsetof(CPUARMState, tpidr_el0), ~1ull, ~1ull },
        { SYSREG_KEY(3, 3, 13, 0, 3), offsetof(CPUARMState, tpidrro_el0), 77, 77 },
        { SYSREG_KEY(3, 0, 13, 0, 4), offsetof(CPUARMState, tpidr_el1), 5, 5 },
        { SYSREG_KEY(3, 0, 1, 0, 2), offsetof(CPUARMState, cpacr_el1), ~0ull, 0x10300000 },
        { SYSREG_KEY(3, 0, 13, 0, 1), offsetof(CPUARMState, contextidr_el1), ~0ull, 0xffffffff },
        { SYSREG_KEY(2, 0, 0, 2, 2), offsetof(CPUARMState, mdscr_el1), 0x8000, 0x8000 },
        { SYSREG_KEY(3, 0, 14, 1, 0), offsetof(CPUARMState, cntkctl_el1), ~0ull, 0x3ff },
        { SYSREG_KEY(3, 0, 2, 0, 2), offsetof(CPUARMState, tcr_el1), 0x32b5193519, 0x32b5193519 },
        { SYSREG_KEY(3, 0, 2, 0, 0), offsetof(CPUARMState, ttbr0_el1), 0x40100000, 0x40100000 },
        { SYSREG_KEY(3, 0, 2, 0, 1), offsetof(CPUARMState, ttbr1_el1), 0x40200000, 0x40200000 },
        { SYSREG_KEY(3, 0, 10, 2, 0), offsetof(CPUARMState, mair_el1), 0xbbff440c0400ull,
          0xbbff440c0400ull },
        { SYSREG_KEY(3, 0, 10, 3, 0), offsetof(CPUARMState, amair_el1), 3, 3 },
        { SYSREG_KEY(3, 0, 5, 1, 0), offsetof(CPUARMState, afsr0_el1), 6, 6 },
        { SYSREG_KEY(3, 0, 5, 1, 1), offsetof(CPUARMState, afsr1_el1), 7, 7 },
        { SYSREG_KEY(3, 0, 7, 4, 0), offsetof(CPUARMState, par_el1), 0x800, 0x800 },
        { SYSREG_KEY(3, 0, 4, 1, 0), offsetof(CPUARMState, regs[GR_SP_EL0]), 0x4000fff0,
          0x4000fff0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(plain); i++) {
        fresh();
        wr(plain[i].key, plain[i].in);
        g_assert_cmphex(rd(plain[i].key), ==, plain[i].out);
        g_assert_cmphex(*(uint64_t *)((char *)env + plain[i].off), ==, plain[i].out);
    }
    fresh();
    /* PSTATE views */
    wr(SYSREG_KEY(3, 3, 4, 2, 1), ~0ull);                       /* DAIF */
    g_assert_cmphex(env->daif, ==, 0x3c0);
    wr(SYSREG_KEY(3, 3, 4, 2, 1), 0x80);
    g_assert_cmphex(rd(SYSREG_KEY(3, 3, 4, 2, 1)), ==, 0x80);
    wr(SYSREG_KEY(3, 3, 4, 2, 0), 0xf0000000 | 0xfff);          /* NZCV */
    g_assert_cmphex(cpu_get_nzcv(env), ==, 0xf0000000);
    g_assert_cmphex(rd(SYSREG_KEY(3, 3, 4, 2, 0)), ==, 0xf0000000);
    wr(SYSREG_KEY(3, 0, 4, 2, 0), 2);                           /* SPSel: bit 0 only */
    g_assert_cmpuint(env->spsel, ==, 0);
    wr(SYSREG_KEY(3, 0, 4, 2, 0), 1);
    g_assert_cmpuint(env->spsel, ==, 1);
    /* cache identification */
    static const uint64_t ccsidr[] = { 0x701fe00a, 0x201fe012, 0x70ffe07a };
    for (unsigned i = 0; i < 3; i++) {
        wr(SYSREG_KEY(3, 2, 0, 0, 0), i);
        g_assert_cmphex(rd(SYSREG_KEY(3, 2, 0, 0, 0)), ==, i);
        g_assert_cmphex(rd(SYSREG_KEY(3, 1, 0, 0, 0)), ==, ccsidr[i]);
    }
    wr(SYSREG_KEY(3, 2, 0, 0, 0), 0x12);
    g_assert_cmphex(rd(SYSREG_KEY(3, 2, 0, 0, 0)), ==, 2);
    wr(SYSREG_KEY(3, 2, 0, 0, 0), 7);                           /* no L4 cache */
    g_assert_cmphex(rd(SYSREG_KEY(3, 1, 0, 0, 0)), ==, 0);
    /* OS lock */
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 1, 1, 4)), ==, 0xa);
    wr(SYSREG_KEY(2, 0, 1, 0, 4), 0);
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 1, 1, 4)), ==, 0x8);
    wr(SYSREG_KEY(2, 0, 1, 0, 4), 1);
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 1, 1, 4)), ==, 0xa);
    wr(SYSREG_KEY(2, 0, 1, 3, 4), 3);
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 1, 3, 4)), ==, 1);
    /* debug registers, stored as QEMU 7.2 stores them (selfdbg compares them): DBGBVR
     * whole, DBGWVR without bits [1:0], DBGBCR with BAS[1] = BAS[0] and BAS[3] = BAS[2];
     * zero after reset */
    wr(SYSREG_KEY(2, 0, 0, 5, 4), 0x40001003);                  /* DBGBVR5 */
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 0, 5, 4)), ==, 0x40001003);
    wr(SYSREG_KEY(2, 0, 0, 1, 6), 0x40001007);                  /* DBGWVR1 */
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 0, 1, 6)), ==, 0x40001004);
    wr(SYSREG_KEY(2, 0, 0, 2, 5), 0xa0);                        /* DBGBCR2: BAS 0b0101 */
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 0, 2, 5)), ==, 0x1e0);  /* BAS 0b1111 */
    wr(SYSREG_KEY(2, 0, 0, 2, 5), 0x140);                       /* BAS 0b1010 */
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 0, 2, 5)), ==, 0);
    wr(SYSREG_KEY(2, 0, 0, 3, 7), ~0ull);                       /* DBGWCR3 */
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 0, 3, 7)), ==, ~0ull);
    g_assert_null(sysreg_find(SYSREG_KEY(2, 0, 0, 6, 4)));      /* no DBGBVR6 */
    g_assert_null(sysreg_find(SYSREG_KEY(2, 0, 0, 4, 6)));      /* no DBGWVR4 */
    fresh();
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 0, 5, 4)), ==, 0);
    g_assert_cmphex(rd(SYSREG_KEY(2, 0, 1, 1, 4)), ==, 0xa);
    /* read-only or write-ignored registers survive writes */
    /* MSR to a read-only register: UNDEFINED (the frontend should not emit it) */
    g_assert_true(RAISES(wr(SYSREG_KEY(3, 0, 0, 0, 0), 0)));    /* MIDR */
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);
    fresh();
    g_assert_cmphex(rd(SYSREG_KEY(3, 0, 0, 0, 0)), ==, 0x411fd070);
    wr(SYSREG_KEY(3, 3, 14, 0, 0), 1000);                       /* CNTFRQ */
    g_assert_cmphex(rd(SYSREG_KEY(3, 3, 14, 0, 0)), ==, 62500000);
    wr(SYSREG_KEY(3, 3, 9, 14, 0), 0x1f);                       /* PMUSERENR: EN SW CR ER */
    g_assert_cmphex(rd(SYSREG_KEY(3, 3, 9, 14, 0)), ==, 0xf);
    /* blocks end after writes that change translation state or unmask IRQs */
    g_assert_true(sysreg_find(SYSREG_KEY(3, 0, 1, 0, 0))->ends_tb);
    g_assert_true(sysreg_find(SYSREG_KEY(3, 3, 4, 2, 1))->ends_tb);
    g_assert_true(sysreg_find(SYSREG_KEY(3, 0, 4, 2, 0))->ends_tb);
    g_assert_false(sysreg_find(SYSREG_KEY(3, 3, 13, 0, 2))->ends_tb);
}

static void test_sysreg_counter(void)
{
    fresh();
    vm_start();
    uint64_t a = rd(SYSREG_KEY(3, 3, 14, 0, 2));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    g_usleep(20000);
    uint64_t b = rd(SYSREG_KEY(3, 3, 14, 0, 2));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    uint64_t p = rd(SYSREG_KEY(3, 3, 14, 0, 1));
    int64_t ns = (t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec);
    g_assert_cmpuint(b, >, a);
    g_assert_cmpuint(p, >=, b);
    /* at least 20 ms of 62.5 MHz ticks, and not more than the time that passed */
    g_assert_cmpuint(b - a, >=, 20000ull * 62);
    g_assert_cmpuint(b - a, <=, (uint64_t)ns / 16 + 62500);
    /* The counter stops while the VM is stopped, and goes on from there. */
    vm_stop();
    a = rd(SYSREG_KEY(3, 3, 14, 0, 2));
    g_usleep(20000);
    g_assert_cmpuint(rd(SYSREG_KEY(3, 3, 14, 0, 2)), ==, a);
    g_assert_cmpuint(rd(SYSREG_KEY(3, 3, 14, 0, 1)), ==, a);
    vm_start();
    b = rd(SYSREG_KEY(3, 3, 14, 0, 2));
    g_assert_cmpuint(b, >=, a);
    g_assert_cmpuint(b - a, <, 62500 * 10);     /* not the 20 ms it slept */
}

static void test_sysreg_access(void)
{
    const SysReg *tpidrro = sysreg_find(SYSREG_KEY(3, 3, 13, 0, 3));
    const SysReg *midr = sysreg_find(SYSREG_KEY(3, 0, 0, 0, 0));
    const SysReg *ctr = sysreg_find(SYSREG_KEY(3, 3, 0, 0, 1));
    const SysReg *cntvct = sysreg_find(SYSREG_KEY(3, 3, 14, 0, 2));
    const SysReg *daif = sysreg_find(SYSREG_KEY(3, 3, 4, 2, 1));
    const SysReg *cntpct = sysreg_find(SYSREG_KEY(3, 3, 14, 0, 1));
    const SysReg *sp_el0 = sysreg_find(SYSREG_KEY(3, 0, 4, 1, 0));
    const SysReg *oslar = sysreg_find(SYSREG_KEY(2, 0, 1, 0, 4));

    g_assert_true(sysreg_access_ok(tpidrro, 0, false));
    g_assert_false(sysreg_access_ok(tpidrro, 0, true));
    g_assert_true(sysreg_access_ok(tpidrro, 1, true));
    g_assert_false(sysreg_access_ok(midr, 0, false));
    g_assert_true(sysreg_access_ok(midr, 1, false));
    g_assert_false(sysreg_access_ok(midr, 1, true));
    g_assert_true(sysreg_access_ok(ctr, 0, false));
    g_assert_false(sysreg_access_ok(ctr, 0, true));
    g_assert_true(sysreg_access_ok(cntvct, 0, false));
    g_assert_false(sysreg_access_ok(NULL, 1, false));

    /* run-time checks: MIDR at EL0 is UNDEFINED */
    fresh();
    env->el = 0;
    env->pc = 0x40000400;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)midr, 3)));
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);
    g_assert_cmphex(env->elr_el1, ==, 0x40000400);
    /* DAIF at EL0 without SCTLR.UMA traps with the MRS syndrome (Rt = 7, read) */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)daif, 7)));
    g_assert_cmphex(env->esr_el1, ==, (0x18u << 26) | ARM_EL_IL | (3u << 20) | (1u << 17) |
                    (3u << 14) | (4u << 10) | (7u << 5) | (2u << 1) | 1);
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_msr(env, (uintptr_t)daif, 0, 2)));
    g_assert_cmphex(env->esr_el1 & 0x3e1, ==, 2u << 5);         /* Rt 2, write */
    fresh();
    env->el = 0;
    env->sctlr_el1 |= 1 << 9;                                   /* UMA */
    env->daif = 0x3c0;
    g_assert_false(RAISES(helper_msr(env, (uintptr_t)daif, 0x40, 0)));
    g_assert_cmphex(env->daif, ==, 0x40);
    /* CNTPCT_EL0 at EL0 needs CNTKCTL_EL1.EL0PCTEN */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)cntpct, 1)));
    g_assert_cmpuint(EC(env->esr_el1), ==, 0x18);
    fresh();
    env->el = 0;
    env->cntkctl_el1 = 1;
    g_assert_false(RAISES(helper_mrs(env, (uintptr_t)cntpct, 1)));
    /* CNTVCT_EL0 at EL0 needs CNTKCTL_EL1.EL0VCTEN (bit 1), as QEMU checks */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)cntvct, 1)));
    g_assert_cmpuint(EC(env->esr_el1), ==, 0x18);
    fresh();
    env->el = 0;
    env->cntkctl_el1 = 2;
    g_assert_false(RAISES(helper_mrs(env, (uintptr_t)cntvct, 1)));
    /* TPIDRRO_EL0 write at EL0: UNDEFINED even if the frontend let it through */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_msr(env, (uintptr_t)tpidrro, 1, 0)));
    g_assert_cmphex(env->tpidrro_el0, ==, 0);
    /* SP_EL0 while it is the current SP (SPSel = 0): UNDEFINED */
    fresh();
    env->spsel = 0;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)sp_el0, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);
    /* OSLAR is write-only */
    fresh();
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)oslar, 0)));
    /* no register at all: UNDEFINED, no crash */
    fresh();
    g_assert_true(RAISES(helper_mrs(env, 0, 0)));
    g_assert_true(RAISES(helper_msr(env, 0, 0, 0)));
}

static void test_msr_imm(void)
{
    fresh();
    env->daif = 0;
    helper_msr_imm(env, 0, 0xa);                 /* DAIFSet #0b1010: D, I */
    g_assert_cmphex(env->daif, ==, 0x280);
    helper_msr_imm(env, 1, 0x8);                 /* DAIFClr #8: D */
    g_assert_cmphex(env->daif, ==, 0x080);
    helper_msr_imm(env, 2, 0);
    g_assert_cmpuint(env->spsel, ==, 0);
    helper_msr_imm(env, 2, 1);
    g_assert_cmpuint(env->spsel, ==, 1);
    helper_msr_imm(env, 9, 1);                   /* unknown: ignored */
    /* EL0 without UMA: trapped as MSR (immediate), CRm = imm, Rt = 31 */
    fresh();
    env->el = 0;
    env->daif = 0;
    g_assert_true(RAISES(helper_msr_imm(env, 1, 0x2)));
    g_assert_cmphex(env->esr_el1, ==, (0x18u << 26) | ARM_EL_IL | (7u << 17) | (3u << 14) |
                    (4u << 10) | (31u << 5) | (2u << 1));
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_msr_imm(env, 2, 1)));
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);
}

static uint64_t reg_val;
static uint64_t reg_read(CPUARMState *e, const SysReg *r) { return reg_val + *(int *)r->opaque; }
static void reg_write(CPUARMState *e, const SysReg *r, uint64_t v) { reg_val = v; }
static int reg_cookie = 1;

static void test_sysreg_register(void)
{
    static SysReg dev = {
        .name = "S3_7_C15_C15_7", .key = SYSREG_KEY(3, 7, 15, 15, 7), .min_el = 1,
        .read = reg_read, .write = reg_write, .opaque = &reg_cookie,
    };
    static SysReg clash = { .name = "NOT_MIDR", .key = SYSREG_KEY(3, 0, 0, 0, 0) };
    static SysReg icc = { .name = "NOT_ICC_SRE", .key = SYSREG_KEY(3, 0, 12, 12, 5) };
    static SysReg id_claim = { .name = "ID_AA64ZFR0_EL1", .key = SYSREG_KEY(3, 0, 0, 4, 4),
                               .readonly = true, .min_el = 1, .fixed = 0x55 };
    GError *err = NULL;

    fresh();
    g_assert_true(sysreg_register(&dev, &err));
    g_assert_no_error(err);
    g_assert_true(sysreg_find(dev.key) == &dev);
    wr(dev.key, 6);
    g_assert_cmphex(rd(dev.key), ==, 7);
    g_assert_false(sysreg_register(&dev, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, "S3_7_C15_C15_7"));
    g_clear_error(&err);
    g_assert_false(sysreg_register(&clash, &err));
    g_assert_nonnull(strstr(err->message, "MIDR_EL1"));
    g_clear_error(&err);
    /* the ICC_* rows are the table's own */
    g_assert_false(sysreg_register(&icc, &err));
    g_assert_nonnull(strstr(err->message, "ICC_SRE_EL1"));
    g_clear_error(&err);
    /* a RAZ placeholder of the ID space may be claimed */
    g_assert_true(sysreg_register(&id_claim, &err));
    g_assert_cmphex(rd(id_claim.key), ==, 0x55);
}

/* A stand-in GIC CPU interface: records the last access. */
static struct { unsigned cpu; uint32_t key; uint64_t value; int reads, writes, resets; } fake_gic;

static uint64_t fake_gic_read(void *opaque, unsigned cpu, uint32_t key)
{
    g_assert_true(opaque == &fake_gic);
    fake_gic.cpu = cpu;
    fake_gic.key = key;
    fake_gic.reads++;
    return 0x1000 + (key & 0xff);
}

static void fake_gic_write(void *opaque, unsigned cpu, uint32_t key, uint64_t v)
{
    fake_gic.cpu = cpu;
    fake_gic.key = key;
    fake_gic.value = v;
    fake_gic.writes++;
}

static void fake_gic_reset(void *opaque, unsigned cpu)
{
    fake_gic.resets++;
}

static void test_sysreg_icc(void)
{
    static const ArmGicCpuifOps ops = {
        .read = fake_gic_read, .write = fake_gic_write, .reset = fake_gic_reset,
    };
    const uint32_t pmr = SYSREG_KEY(3, 0, 4, 6, 0), sre = SYSREG_KEY(3, 0, 12, 12, 5);
    const uint32_t iar1 = SYSREG_KEY(3, 0, 12, 12, 0), eoir1 = SYSREG_KEY(3, 0, 12, 12, 1);
    const uint32_t sgi1r = SYSREG_KEY(3, 0, 12, 11, 5);

    /* no GIC: ICC_* UNDEFINED, ID_AA64PFR0_EL1.GIC = 0 */
    fresh();
    g_assert_cmphex(rd(SYSREG_KEY(3, 0, 0, 4, 0)), ==, 0x11);
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)sysreg_find(pmr), 1)));
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);

    memset(&fake_gic, 0, sizeof(fake_gic));
    arm_gic_cpuif_register(&ops, &fake_gic);
    fresh();                                    /* a CPU reset resets its CPU interface */
    g_assert_cmpint(fake_gic.resets, ==, 1);
    g_assert_cmphex(rd(SYSREG_KEY(3, 0, 0, 4, 0)), ==, 0x01000011);
    g_assert_cmphex(rd(pmr), ==, 0x1000 + (pmr & 0xff));
    g_assert_cmphex(fake_gic.key, ==, pmr);
    g_assert_cmpuint(fake_gic.cpu, ==, (unsigned)cpu->cpu_index);
    wr(eoir1, 27);
    g_assert_cmphex(fake_gic.key, ==, eoir1);
    g_assert_cmphex(fake_gic.value, ==, 27);
    wr(sgi1r, 0x1000001);
    g_assert_cmphex(fake_gic.key, ==, sgi1r);
    g_assert_cmpint(fake_gic.writes, ==, 2);
    /* writes end the block; IAR is read-only, EOIR write-only */
    g_assert_true(sysreg_find(pmr)->ends_tb);
    g_assert_true(sysreg_find(sgi1r)->ends_tb);
    g_assert_false(sysreg_access_ok(sysreg_find(iar1), 1, true));
    g_assert_true(sysreg_access_ok(sysreg_find(iar1), 1, false));
    int reads = fake_gic.reads;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)sysreg_find(eoir1), 2)));
    g_assert_cmphex(env->esr_el1, ==, 0x02000000);
    g_assert_cmpint(fake_gic.reads, ==, reads);
    /* EL0 has no access to any of them */
    for (uint32_t k = 0; k < (1u << 16); k++) {
        const SysReg *r = sysreg_find(k);
        if (r && g_str_has_prefix(r->name, "ICC_")) {
            g_assert_false(sysreg_access_ok(r, 0, false));
            g_assert_false(sysreg_access_ok(r, 0, true));
        }
    }
    g_assert_nonnull(sysreg_find(sre));
    arm_gic_cpuif_register(NULL, NULL);
    g_assert_cmphex(rd(SYSREG_KEY(3, 0, 0, 4, 0)), ==, 0x11);
}

/* ---- interrupts, WFI, the generic timer ------------------------------------------------ */

static void test_irq_lines(void)
{
    IRQ *irq = obj_get_gpio_in(OBJECT(cpu), "irq", 0), *fiq = obj_get_gpio_in(OBJECT(cpu), "fiq", 0);
    static const struct { unsigned el, spsel; uint64_t base; } from[] = {
        { 1, 0, 0x000 }, { 1, 1, 0x200 }, { 0, 0, 0x400 },
    };

    g_assert_nonnull(irq);
    g_assert_nonnull(fiq);
    fresh();
    /* a rising line kicks the vCPU; masked, nothing is taken */
    env->exit_request = 0;
    irq_raise(irq);
    g_assert_cmphex(env->irq_lines, ==, ARM_LINE_IRQ);
    g_assert_cmphex(env->exit_request, ==, EXIT_REQ_IRQ);
    env->daif = PSTATE_DAIF;
    g_assert_false(arm_cpu_exec_interrupt(env));
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x100);
    /* a reset keeps the wire's level */
    fresh();
    g_assert_cmphex(env->irq_lines, ==, ARM_LINE_IRQ);
    for (size_t i = 0; i < G_N_ELEMENTS(from); i++) {
        for (int f = 0; f <= 1; f++) {
            fresh();
            irq_set(irq, !f);
            irq_set(fiq, f);
            env->el = from[i].el;
            env->spsel = from[i].spsel;
            env->daif = f ? PSTATE_I : PSTATE_F;    /* the other one masked */
            env->pc = 0x40001234;
            env->esr_el1 = 0x5a5a;
            cpu_set_nzcv(env, 0x60000000);
            g_assert_true(arm_cpu_exec_interrupt(env));
            g_assert_cmphex(env->pc, ==, VBAR + from[i].base + (f ? 0x100 : 0x80));
            g_assert_cmphex(env->elr_el1, ==, 0x40001234);
            g_assert_cmphex(env->spsr_el1, ==, 0x60000000 | (f ? PSTATE_I : PSTATE_F) |
                            (from[i].el << 2) | from[i].spsel);
            g_assert_cmphex(env->esr_el1, ==, 0x5a5a);
            g_assert_cmpuint(env->el, ==, 1);
            g_assert_cmpuint(env->spsel, ==, 1);
            g_assert_cmphex(env->daif, ==, PSTATE_DAIF);
        }
    }
    /* FIQ before IRQ; a falling line is not taken */
    fresh();
    irq_raise(irq);
    irq_raise(fiq);
    env->daif = 0;
    g_assert_cmphex(arm_cpu_unmasked_lines(env), ==, ARM_LINE_FIQ);
    irq_lower(fiq);
    g_assert_cmphex(arm_cpu_unmasked_lines(env), ==, ARM_LINE_IRQ);
    irq_lower(irq);
    g_assert_false(arm_cpu_exec_interrupt(env));
    /* ERET that unmasks a high line asks the loop to take it */
    fresh();
    irq_raise(irq);
    env->exit_request = 0;
    env->spsr_el1 = 0x5;                        /* EL1h, DAIF clear */
    env->elr_el1 = 0x40002000;
    g_assert_cmphex(helper_eret(env), ==, 0x40002000);
    g_assert_cmphex(env->exit_request, ==, EXIT_REQ_IRQ);
    env->exit_request = 0;
    env->spsr_el1 = 0x85;                       /* I masked */
    helper_eret(env);
    g_assert_cmphex(env->exit_request, ==, 0);
    irq_lower(irq);
}

/* A line raised from another thread, later, ends a WFI. */
static gpointer raise_later(gpointer p)
{
    g_usleep(20000);
    irq_raise(p);
    return NULL;
}

static void test_wfi_wait(void)
{
    IRQ *irq = obj_get_gpio_in(OBJECT(cpu), "irq", 0);

    fresh();
    env->exit_request = 0;
    GThread *t = g_thread_new("raise", raise_later, irq);
    int64_t t0 = clock_host_ns();
    arm_cpu_wait_for_event(env, false);
    int64_t waited = clock_host_ns() - t0;
    g_thread_join(t);
    g_assert_cmpint(waited, >=, 15000000);
    g_assert_cmphex(env->irq_lines, ==, ARM_LINE_IRQ);
    irq_lower(irq);
    /* an exit request (stop) ends it at once */
    env->exit_request = EXIT_REQ_STOP;
    arm_cpu_wait_for_event(env, false);
    env->exit_request = 0;
    /* WFE: an event ends it and is consumed; without one it returns soon anyway */
    env->event_reg = 1;
    arm_cpu_wait_for_event(env, true);
    g_assert_cmpuint(env->event_reg, ==, 0);
    t0 = clock_host_ns();
    arm_cpu_wait_for_event(env, true);
    g_assert_cmpint(clock_host_ns() - t0, <, 1000000000);
    arm_cpu_send_event();
    g_assert_cmpuint(env->event_reg, ==, 1);
}

static int gt_levels[GT_NUM];
static void gt_line(void *opaque, int n, int level) { gt_levels[n] = level; }

static void test_gtimer(void)
{
    IRQ *lines[GT_NUM];
    for (int t = 0; t < GT_NUM; t++) {
        lines[t] = irq_new(gt_line, NULL, t);
        cpu->gt_out[t] = lines[t];
    }
    vm_start();
    fresh();
    for (unsigned t = 0; t < GT_NUM; t++) {
        uint32_t tval_key = SYSREG_KEY(3, 3, 14, t == GT_PHYS ? 2 : 3, 0);
        uint32_t ctl_key = tval_key + 1, cval_key = tval_key + 2;
        g_assert_cmphex(rd(ctl_key), ==, 0);
        /* TVAL far ahead, enabled: not met, line low; TVAL counts down */
        wr(ctl_key, 1);
        wr(tval_key, 62500000);
        uint64_t cval = rd(cval_key);
        g_assert_cmpuint(cval, >, arm_counter_ticks());
        g_assert_cmphex(rd(ctl_key), ==, 1);
        g_assert_cmpint(gt_levels[t], ==, 0);
        int32_t tv = (int32_t)rd(tval_key);
        g_assert_cmpint(tv, >, 0);
        g_assert_cmpint(tv, <=, 62500000);
        g_assert_cmpint(gtimer_deadline_host_ns(env), >, clock_host_ns());
        /* CVAL in the past: met, line high; IMASK drops it, ISTATUS stays */
        wr(cval_key, 1);
        g_assert_cmphex(rd(ctl_key), ==, 5);
        g_assert_cmpint(gt_levels[t], ==, 1);
        g_assert_cmpint((int32_t)rd(tval_key), <, 0);
        g_assert_cmpint(gtimer_deadline_host_ns(env), ==, INT64_MAX);
        wr(ctl_key, 3);
        g_assert_cmphex(rd(ctl_key), ==, 7);
        g_assert_cmpint(gt_levels[t], ==, 0);
        wr(ctl_key, 0xff);                      /* only ENABLE and IMASK are written */
        g_assert_cmphex(rd(ctl_key), ==, 7);
        /* disabled: ISTATUS reads 0 */
        wr(ctl_key, 0);
        g_assert_cmphex(rd(ctl_key), ==, 0);
        /* the timer thread raises the line at the deadline: 20 ms ahead */
        wr(ctl_key, 1);
        wr(tval_key, 62500 * 20);
        g_assert_cmpint(gt_levels[t], ==, 0);
        int64_t end = clock_host_ns() + 2000000000;
        while (!__atomic_load_n(&gt_levels[t], __ATOMIC_SEQ_CST) && clock_host_ns() < end) {
            g_usleep(1000);
        }
        g_assert_cmpint(gt_levels[t], ==, 1);
        g_assert_cmpuint(arm_counter_ticks(), >=, rd(cval_key));
        /* a reset lowers it */
        bql_lock();
        object_reset_tree(OBJECT(cpu));
        bql_unlock();
        g_assert_cmpint(gt_levels[t], ==, 0);
        fresh();
    }
    /* EL0: CNTKCTL_EL1.EL0PTEN (bit 9) for CNTP_*, EL0VTEN (bit 8) for CNTV_* */
    const SysReg *pctl = sysreg_find(SYSREG_KEY(3, 3, 14, 2, 1));
    const SysReg *vctl = sysreg_find(SYSREG_KEY(3, 3, 14, 3, 1));
    g_assert_true(sysreg_access_ok(pctl, 0, true));
    env->el = 0;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)pctl, 3)));
    g_assert_cmphex(env->esr_el1, ==, 0x6232f865);
    fresh();
    env->el = 0;
    env->cntkctl_el1 = 1u << 8;
    g_assert_true(RAISES(helper_mrs(env, (uintptr_t)pctl, 3)));
    fresh();
    env->el = 0;
    env->cntkctl_el1 = 1u << 8;
    g_assert_false(RAISES(helper_mrs(env, (uintptr_t)vctl, 3)));
    fresh();
    env->el = 0;
    env->cntkctl_el1 = 1u << 9;
    g_assert_false(RAISES(helper_msr(env, (uintptr_t)pctl, 0, 3)));
    for (int t = 0; t < GT_NUM; t++) {
        cpu->gt_out[t] = NULL;
        g_free(lines[t]);
    }
    fresh();
}

/* ---- TLB and memory ---------------------------------------------------------------- */

static TLBEntry *tlb_entry(int mmu, uint64_t addr)
{
    return &env->tlb[mmu][(addr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
}

static void test_tlb_ram(void)
{
    fresh();
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            g_assert_true(env->tlb[m][i].addr_read & TLB_INVALID);
            g_assert_true(env->tlb[m][i].addr_write & TLB_INVALID);
            g_assert_true(env->tlb[m][i].addr_code & TLB_INVALID);
        }
    }
    uint64_t a = RAM_BASE + 0x5008;
    helper_st(env, a, 0x1122334455667788ull, MO_64);
    TLBEntry *e = tlb_entry(1, a);
    g_assert_cmphex(e->addr_write, ==, RAM_BASE + 0x5000);
    g_assert_true((uint8_t *)(uintptr_t)(a + e->addend) == host(a));
    g_assert_cmphex(*(uint64_t *)host(a), ==, 0x1122334455667788ull);
    g_assert_cmphex(helper_ld(env, a, MO_64, 0), ==, 0x1122334455667788ull);
    g_assert_cmphex(e->addr_read, ==, RAM_BASE + 0x5000);
    g_assert_true(tlb_entry(0, a)->addr_read & TLB_INVALID);    /* EL1 only */
    /* sizes and sign extension */
    g_assert_cmphex(helper_ld(env, a, MO_8, 0), ==, 0x88);
    g_assert_cmphex(helper_ld(env, a, MO_8 | MO_SIGN, 0), ==, 0xffffffffffffff88ull);
    g_assert_cmphex(helper_ld(env, a, MO_16 | MO_SIGN, 0), ==, 0x7788);
    g_assert_cmphex(helper_ld(env, a + 4, MO_32 | MO_SIGN, 0), ==, 0x11223344);
    helper_st(env, a, 0xfffffffff0f1f2f3ull, MO_32);
    g_assert_cmphex(helper_ld(env, a, MO_32 | MO_SIGN, 0), ==, 0xfffffffff0f1f2f3ull);
    g_assert_cmphex(helper_ld(env, a, MO_64, 0), ==, 0x11223344f0f1f2f3ull);
    helper_st(env, a + 1, 0xabcd, MO_8);
    g_assert_cmphex(host(a)[1], ==, 0xcd);
    g_assert_cmphex(host(a)[2], ==, 0xf1);
    /* an EL0 access fills the EL0 TLB */
    env->el = 0;
    g_assert_cmphex(helper_ld(env, a, MO_16, 0), ==, 0xcdf3);
    g_assert_cmphex(tlb_entry(0, a)->addr_read, ==, RAM_BASE + 0x5000);
    /* flush one page, then all */
    env->el = 1;
    helper_ld(env, a + 0x1000, MO_8, 0);
    tlb_flush_page(env, a + 0x10);
    g_assert_true(tlb_entry(1, a)->addr_read & TLB_INVALID);
    g_assert_true(tlb_entry(0, a)->addr_read & TLB_INVALID);
    g_assert_cmphex(tlb_entry(1, a + 0x1000)->addr_read, ==, RAM_BASE + 0x6000);
    tlb_flush(env);
    g_assert_true(tlb_entry(1, a + 0x1000)->addr_read & TLB_INVALID);
    /* a conflicting page (same index) replaces the entry */
    uint64_t b = a + (TLB_SIZE << TARGET_PAGE_BITS);
    helper_ld(env, a, MO_8, 0);
    helper_st(env, b, 0x5a, MO_8);
    g_assert_cmphex(tlb_entry(1, a)->addr_read, ==, b & TARGET_PAGE_MASK);
    g_assert_cmphex(*host(b), ==, 0x5a);
    g_assert_cmphex(helper_ld(env, a + 1, MO_8, 0), ==, 0xcd);
    /* direct fill: RAM, MMIO, nothing */
    g_assert_true(tlb_fill(env, RAM_BASE, 0, 1));
    g_assert_cmphex(tlb_entry(1, RAM_BASE)->addr_code, ==, RAM_BASE);
    g_assert_true(tlb_fill(env, MMIO_BASE + 8, 0, 1));
    g_assert_cmphex(tlb_entry(1, MMIO_BASE)->addr_read, ==, MMIO_BASE | TLB_MMIO);
    g_assert_cmphex(tlb_entry(1, MMIO_BASE)->addr_write, ==, MMIO_BASE | TLB_MMIO);
    g_assert_false(tlb_fill(env, HOLE, 0, 1));
    g_assert_false(tlb_fill(env, UINT64_MAX, 1, 1));
}

static void test_tlb_topology_flush(void)
{
    MemoryRegion *extra = g_new0(MemoryRegion, 1);
    fresh();
    helper_ld(env, RAM_BASE, MO_8, 0);
    g_assert_cmphex(tlb_entry(1, RAM_BASE)->addr_read, ==, RAM_BASE);
    g_assert_true(mr_init_ram(extra, NULL, "extra", 0x1000, NULL));
    mr_add_subregion(get_system_memory(), 0x60000000, extra);
    /* the listener flushes every CPU's TLB (the view renders lazily: ask for it) */
    as_get_flatview(get_address_space_memory());
    g_assert_true(tlb_entry(1, RAM_BASE)->addr_read & TLB_INVALID);
    helper_st(env, 0x60000010, 0x77, MO_8);
    g_assert_cmphex(mr_get_ram_ptr(extra)[0x10], ==, 0x77);
    mr_del_subregion(get_system_memory(), extra);
    as_get_flatview(get_address_space_memory());
    g_assert_true(RAISES(helper_ld(env, 0x60000010, MO_8, 0)));
    mr_destroy(extra);
    g_free(extra);
}

static void test_mmio(void)
{
    fresh();
    g_assert_cmphex(helper_ld(env, MMIO_BASE + 0x10, MO_32, 0), ==, 0x55667798);
    g_assert_cmpint(dev.reads, ==, 1);
    g_assert_cmphex(dev.addr, ==, 0x10);
    g_assert_cmpuint(dev.size, ==, 4);
    helper_st(env, MMIO_BASE + 0x20, 0xabcdef, MO_16);
    g_assert_cmpint(dev.writes, ==, 1);
    g_assert_cmphex(dev.addr, ==, 0x20);
    g_assert_cmphex(dev.val, ==, 0xcdef);
    g_assert_cmpuint(dev.size, ==, 2);
    helper_st(env, MMIO_BASE + 0x28, 0x0102030405060708ull, MO_64);
    g_assert_cmphex(dev.val, ==, 0x0102030405060708ull);
    g_assert_cmphex(helper_ld(env, MMIO_BASE + 0x8, MO_8 | MO_SIGN, 0), ==, 0xffffffffffffff80ull);
    /* every access goes to the device: tag keeps TLB_MMIO */
    g_assert_true(tlb_entry(1, MMIO_BASE)->addr_read & TLB_MMIO);
    helper_ld(env, MMIO_BASE + 0x10, MO_32, 0);
    g_assert_cmpint(dev.reads, ==, 3);
    /* a page only half RAM goes through the memory core */
    helper_st(env, SMALL_RAM_BASE + 0x10, 0x99, MO_8);
    g_assert_cmphex(mr_get_ram_ptr(&small_ram)[0x10], ==, 0x99);
    g_assert_true(tlb_entry(1, SMALL_RAM_BASE)->addr_write & TLB_MMIO);
    g_assert_cmphex(helper_ld(env, SMALL_RAM_BASE + 0x10, MO_8, 0), ==, 0x99);
    g_assert_true(RAISES(helper_ld(env, SMALL_RAM_BASE + 0x800, MO_8, 0)));
    g_assert_cmphex(env->far_el1, ==, SMALL_RAM_BASE + 0x800);
}

static void test_external_abort(void)
{
    /* load from nothing: EC 0x25, IL, DFSC 0x10, FAR = addr, ELR = env->pc */
    fresh();
    env->pc = 0x40000800;
    g_assert_true(RAISES(helper_ld(env, HOLE + 0x123, MO_32, 0)));
    g_assert_cmpint(env->exception_index, ==, EXCP_DATA_ABORT);
    g_assert_cmphex(env->esr_el1, ==, 0x96000010);
    g_assert_cmphex(env->far_el1, ==, HOLE + 0x123);
    g_assert_cmphex(env->elr_el1, ==, 0x40000800);
    g_assert_cmphex(env->pc, ==, VBAR + 0x200);
    /* store: WnR */
    fresh();
    g_assert_true(RAISES(helper_st(env, HOLE, 1, MO_64)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000050);
    /* from EL0: the lower-EL EC and vector */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_ld(env, HOLE, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x92000010);
    g_assert_cmphex(env->pc, ==, VBAR + 0x400);
    /* the top of the address space */
    fresh();
    g_assert_true(RAISES(helper_ld(env, UINT64_MAX - 7, MO_64, 0)));
    g_assert_cmphex(env->far_el1, ==, UINT64_MAX - 7);
    /* a device that refuses the access size: EA = 1 */
    fresh();
    g_assert_true(RAISES(helper_ld(env, MMIO4_BASE, MO_8, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000210);
    fresh();
    g_assert_false(RAISES(helper_ld(env, MMIO4_BASE, MO_32, 0)));
    g_assert_true(RAISES(helper_st(env, MMIO4_BASE, 0, MO_16)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000250);
}

static void test_alignment(void)
{
    fresh();
    /* MO_ALIGN */
    g_assert_true(RAISES(helper_ld(env, RAM_BASE + 0x102, MO_32 | MO_ALIGN, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000021);
    g_assert_cmphex(env->far_el1, ==, RAM_BASE + 0x102);
    fresh();
    g_assert_true(RAISES(helper_st(env, RAM_BASE + 0x101, 0, MO_16 | MO_ALIGN)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000061);
    fresh();
    g_assert_false(RAISES(helper_ld(env, RAM_BASE + 0x104, MO_32 | MO_ALIGN, 0)));
    g_assert_false(RAISES(helper_ld(env, RAM_BASE + 0x101, MO_8 | MO_ALIGN, 0)));
    /* without A, misaligned accesses are fine */
    host(RAM_BASE + 0x200)[3] = 0x12;
    host(RAM_BASE + 0x200)[4] = 0x34;
    g_assert_cmphex(helper_ld(env, RAM_BASE + 0x203, MO_16, 0), ==, 0x3412);
    /* SCTLR_EL1.A checks every access */
    env->sctlr_el1 |= 2;
    g_assert_true(RAISES(helper_ld(env, RAM_BASE + 0x203, MO_16, 0)));
    g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
    fresh();
    env->sctlr_el1 |= 2;
    g_assert_false(RAISES(helper_st(env, RAM_BASE + 0x208, 5, MO_64)));
    g_assert_true(RAISES(helper_st(env, RAM_BASE + 0x20c, 5, MO_64)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000061);
    /* alignment is checked before the address: FSC 0x21, not 0x10 */
    fresh();
    g_assert_true(RAISES(helper_ld(env, HOLE + 1, MO_64 | MO_ALIGN, 0)));
    g_assert_cmphex(env->esr_el1 & 0x3f, ==, 0x21);
}

static void test_page_cross(void)
{
    fresh();
    uint64_t a = RAM_BASE + 0x1ffd;
    helper_st(env, a, 0x0807060504030201ull, MO_64);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(host(a)[i], ==, i + 1);
    }
    g_assert_cmphex(helper_ld(env, a, MO_64, 0), ==, 0x0807060504030201ull);
    g_assert_cmphex(helper_ld(env, RAM_BASE + 0x1fff, MO_32 | MO_SIGN, 0), ==, 0x06050403);
    g_assert_cmphex(helper_ld(env, RAM_BASE + 0x1fff, MO_16 | MO_SIGN, 0), ==, 0x0403);
    /* into nothing: FAR = the first byte that faults; stores write nothing */
    memset(host(RAM_END - 4), 0xee, 4);
    g_assert_true(RAISES(helper_st(env, RAM_END - 4, 0, MO_64)));
    g_assert_cmphex(env->far_el1, ==, RAM_END);
    g_assert_cmphex(env->esr_el1, ==, 0x96000050);
    g_assert_cmphex(*(uint32_t *)host(RAM_END - 4), ==, 0xeeeeeeee);
    fresh();
    g_assert_true(RAISES(helper_ld(env, RAM_END - 2, MO_32, 0)));
    g_assert_cmphex(env->far_el1, ==, RAM_END);
    g_assert_cmphex(env->esr_el1, ==, 0x96000010);
    /* RAM into MMIO-less hole the other way round: the first page faults */
    fresh();
    g_assert_true(RAISES(helper_ld(env, RAM_BASE - 4, MO_64, 0)));
    g_assert_cmphex(env->far_el1, ==, RAM_BASE - 4);
    /* MMIO page into a device that refuses bytes: the split access faults there */
    fresh();
    g_assert_true(RAISES(helper_ld(env, MMIO_BASE + 0xffe, MO_32, 0)));
    g_assert_cmphex(env->far_el1, ==, MMIO4_BASE);
    g_assert_cmphex(env->esr_el1, ==, 0x96000210);
    g_assert_cmpuint(dev.reads, ==, 2);
    g_assert_cmphex(dev.addr, ==, 0xfff);
}

static void test_notdirty(void)
{
    fresh();
    uint64_t page = RAM_BASE + 0x7000;
    code_page = page;
    helper_ld(env, page + 0x10, MO_32, 0);                  /* fills read + write tags */
    TLBEntry *e = tlb_entry(1, page);
    g_assert_cmphex(e->addr_write, ==, page | TLB_NOTDIRTY);
    g_assert_cmphex(e->addr_read, ==, page);
    g_assert_cmpint(invalidate_calls, ==, 0);
    helper_st(env, page + 0x10, 0xd503201f, MO_32);
    g_assert_cmpint(invalidate_calls, ==, 1);
    g_assert_cmphex(inval_start, ==, page + 0x10);
    g_assert_cmphex(inval_len, ==, 4);
    g_assert_cmphex(e->addr_write, ==, page);               /* refilled: no code now */
    g_assert_cmphex(*(uint32_t *)host(page + 0x10), ==, 0xd503201f);
    helper_st(env, page + 0x14, 1, MO_32);
    g_assert_cmpint(invalidate_calls, ==, 1);
    /* tb.c marks the page as code again: writes take the slow path */
    code_page = page;
    tlb_protect_code(page + 0x123);
    g_assert_cmphex(e->addr_write, ==, page | TLB_NOTDIRTY);
    g_assert_cmphex(e->addr_read, ==, page);
    helper_st(env, page + 0xffe, 0x0102, MO_16);
    g_assert_cmpint(invalidate_calls, ==, 2);
    /* a page-crossing store into a code page */
    code_page = page;
    tlb_flush(env);
    helper_st(env, page - 2, 0x44332211, MO_32);
    g_assert_cmpint(invalidate_calls, ==, 3);
    uint32_t w;
    memcpy(&w, host(page - 2), 4);
    g_assert_cmphex(w, ==, 0x44332211);
    /* DC ZVA and exclusives also invalidate */
    code_page = page;
    tlb_flush(env);
    helper_dc_zva(env, page + 0x40, 0);
    g_assert_cmpint(invalidate_calls, ==, 4);
    code_page = page;
    tlb_flush(env);
    helper_ldxr(env, page + 0x80, MO_64);
    g_assert_cmpuint(helper_stxr(env, page + 0x80, 9, MO_64), ==, 0);
    g_assert_cmpint(invalidate_calls, ==, 5);
    g_assert_cmphex(*(uint64_t *)host(page + 0x80), ==, 9);
}

/* ---- exclusives --------------------------------------------------------------------- */

static void test_exclusives(void)
{
    uint64_t a = RAM_BASE + 0x3000;

    fresh();
    *(uint64_t *)host(a) = 0x1111222233334444ull;
    g_assert_cmphex(helper_ldxr(env, a, MO_64), ==, 0x1111222233334444ull);
    g_assert_cmphex(env->excl_addr, ==, a);
    g_assert_cmpuint(helper_stxr(env, a, 0x55, MO_64), ==, 0);
    g_assert_cmphex(*(uint64_t *)host(a), ==, 0x55);
    g_assert_cmphex(env->excl_addr, ==, UINT64_MAX);
    /* the monitor is single-use */
    g_assert_cmpuint(helper_stxr(env, a, 0x66, MO_64), ==, 1);
    g_assert_cmphex(*(uint64_t *)host(a), ==, 0x55);
    /* other address, other size */
    helper_ldxr(env, a, MO_64);
    g_assert_cmpuint(helper_stxr(env, a + 8, 1, MO_64), ==, 1);
    helper_ldxr(env, a, MO_64);
    g_assert_cmpuint(helper_stxr(env, a, 1, MO_32), ==, 1);
    g_assert_cmphex(*(uint64_t *)host(a), ==, 0x55);
    /* someone else wrote the location in between */
    helper_ldxr(env, a, MO_32);
    *(uint32_t *)host(a) = 0x56;
    g_assert_cmpuint(helper_stxr(env, a, 0x77, MO_32), ==, 1);
    g_assert_cmphex(*(uint32_t *)host(a), ==, 0x56);
    /* CLREX, and an exception, clear the monitor */
    helper_ldxr(env, a, MO_32);
    helper_clrex(env);
    g_assert_cmpuint(helper_stxr(env, a, 0x77, MO_32), ==, 1);
    helper_ldxr(env, a, MO_32);
    arm_cpu_do_exception(env, EXCP_IRQ, 0, env->pc, 0, false);
    g_assert_cmpuint(helper_stxr(env, a, 0x77, MO_32), ==, 1);
    /* bytes and halfwords; sign extension on request */
    fresh();
    host(a)[1] = 0x80;
    g_assert_cmphex(helper_ldxr(env, a + 1, MO_8), ==, 0x80);
    g_assert_cmpuint(helper_stxr(env, a + 1, 0x1ff, MO_8), ==, 0);
    g_assert_cmphex(host(a)[1], ==, 0xff);
    g_assert_cmphex(host(a)[2], ==, 0);
    g_assert_cmphex(helper_ldxr(env, a + 2, MO_16 | MO_SIGN), ==, 0);
    g_assert_cmpuint(helper_stxr(env, a + 2, 0xbeef, MO_16), ==, 0);
    g_assert_cmphex(*(uint16_t *)host(a + 2), ==, 0xbeef);
    /* LDXR always needs alignment; a misaligned STXR with the monitor closed
     * just fails (status 1, memory untouched), as on QEMU */
    fresh();
    g_assert_true(RAISES(helper_ldxr(env, a + 4, MO_64)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000021);
    fresh();
    host(a)[2] = 0x77;
    g_assert_false(RAISES(g_assert_cmpuint(helper_stxr(env, a + 2, 0, MO_32), ==, 1)));
    g_assert_cmphex(host(a)[2], ==, 0x77);
    /* nothing there */
    fresh();
    g_assert_true(RAISES(helper_ldxr(env, HOLE, MO_64)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000010);
    /* MMIO: compare then write */
    fresh();
    uint64_t v = helper_ldxr(env, MMIO_BASE + 0x18, MO_32);
    g_assert_cmphex(v, ==, 0x55667790);
    g_assert_cmpuint(helper_stxr(env, MMIO_BASE + 0x18, 0x1234, MO_32), ==, 0);
    g_assert_cmphex(dev.val, ==, 0x1234);
}

static void test_exclusive_pairs(void)
{
    uint64_t a = RAM_BASE + 0x4000;

    fresh();
    ((uint64_t *)host(a))[0] = 0xaaaa;
    ((uint64_t *)host(a))[1] = 0xbbbb;
    g_assert_cmphex(helper_ldxp(env, a, MO_64), ==, 0xaaaa);
    g_assert_cmphex(helper_ldxp_hi(env), ==, 0xbbbb);
    g_assert_cmpuint(helper_stxp(env, a, 0xcccc, 0xdddd, MO_64), ==, 0);
    g_assert_cmphex(((uint64_t *)host(a))[0], ==, 0xcccc);
    g_assert_cmphex(((uint64_t *)host(a))[1], ==, 0xdddd);
    /* a change to either half fails the pair */
    helper_ldxp(env, a, MO_64);
    ((uint64_t *)host(a))[1] = 0xeeee;
    g_assert_cmpuint(helper_stxp(env, a, 2, 1, MO_64), ==, 1);
    g_assert_cmphex(((uint64_t *)host(a))[0], ==, 0xcccc);
    g_assert_cmphex(((uint64_t *)host(a))[1], ==, 0xeeee);
    /* 64-bit pairs need 16-byte alignment */
    fresh();
    g_assert_true(RAISES(helper_ldxp(env, a + 8, MO_64)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000021);
    g_assert_cmphex(env->far_el1, ==, a + 8);
    /* ... but a store-exclusive pair with the monitor closed just fails */
    fresh();
    g_assert_false(RAISES(g_assert_cmpuint(helper_stxp(env, a + 8, 0, 0, MO_64), ==, 1)));
    /* 32-bit pairs: one 8-byte unit, 8-byte aligned */
    fresh();
    *(uint64_t *)host(a + 8) = 0x2222222211111111ull;
    g_assert_cmphex(helper_ldxp(env, a + 8, MO_32), ==, 0x11111111);
    g_assert_cmphex(helper_ldxp_hi(env), ==, 0x22222222);
    g_assert_cmpuint(helper_stxp(env, a + 8, 0x33333333, 0x44444444, MO_32), ==, 0);
    g_assert_cmphex(*(uint64_t *)host(a + 8), ==, 0x4444444433333333ull);
    fresh();
    g_assert_true(RAISES(helper_ldxp(env, a + 4, MO_32)));
    /* pair and single monitors don't mix sizes */
    fresh();
    helper_ldxr(env, a, MO_32);
    g_assert_cmpuint(helper_stxp(env, a, 0, 0, MO_64), ==, 1);
}

static void test_dc_zva(void)
{
    uint64_t blk = RAM_BASE + 0x6040;

    fresh();
    memset(host(blk - 64), 0xff, 192);
    helper_dc_zva(env, blk + 0x13, 0);
    for (int i = 0; i < 64; i++) {
        g_assert_cmphex(host(blk)[i], ==, 0);
    }
    g_assert_cmphex(host(blk - 1)[0], ==, 0xff);
    g_assert_cmphex(host(blk + 64)[0], ==, 0xff);
    /* MMIO: eight 8-byte zero writes */
    helper_dc_zva(env, MMIO_BASE + 0x47, 0);
    g_assert_cmpint(dev.writes, ==, 8);
    g_assert_cmphex(dev.addr, ==, 0x78);
    g_assert_cmphex(dev.val, ==, 0);
    /* nothing there: a write abort at the start of the block */
    fresh();
    g_assert_true(RAISES(helper_dc_zva(env, HOLE + 0x7f, 0)));
    g_assert_cmphex(env->esr_el1, ==, 0x96000050);
    g_assert_cmphex(env->far_el1, ==, HOLE + 0x40);
    /* EL0 with SCTLR_EL1.DZE = 0 traps (DC ZVA, Xt = 3) */
    fresh();
    env->el = 0;
    g_assert_true(RAISES(helper_dc_zva(env, blk, 3)));
    g_assert_cmphex(env->esr_el1, ==, (0x18u << 26) | ARM_EL_IL | (1u << 20) | (1u << 17) |
                    (3u << 14) | (7u << 10) | (3u << 5) | (4u << 1));
    fresh();
    env->el = 0;
    env->sctlr_el1 |= 1 << 14;
    memset(host(blk), 0xff, 64);
    g_assert_false(RAISES(helper_dc_zva(env, blk, 3)));
    g_assert_cmphex(host(blk)[63], ==, 0);
}

static void test_fetch(void)
{
    uint32_t insn = 0;
    int excp = 0;
    uint32_t syn = 0;

    fresh();
    *(uint32_t *)host(RAM_BASE + 0x100) = 0xd503201f;
    g_assert_true(cpu_fetch_insn(env, RAM_BASE + 0x100, &insn, &excp, &syn));
    g_assert_cmphex(insn, ==, 0xd503201f);
    g_assert_cmphex(tlb_entry(1, RAM_BASE)->addr_code, ==, RAM_BASE);
    g_assert_false(cpu_fetch_insn(env, RAM_BASE + 0x102, &insn, &excp, &syn));
    g_assert_cmpint(excp, ==, EXCP_PREFETCH_ABORT);
    g_assert_cmphex(syn, ==, 0x8a000000);
    g_assert_false(cpu_fetch_insn(env, HOLE, &insn, &excp, &syn));
    g_assert_cmpint(excp, ==, EXCP_PREFETCH_ABORT);
    g_assert_cmphex(syn, ==, 0x86000010);
    env->el = 0;
    g_assert_false(cpu_fetch_insn(env, HOLE, &insn, &excp, &syn));
    g_assert_cmphex(syn, ==, 0x82000010);
    g_assert_true(cpu_fetch_insn(env, MMIO_BASE + 0x40, &insn, &excp, &syn));
    g_assert_cmphex(insn, ==, 0x556677c8);
    g_assert_false(cpu_fetch_insn(env, RAM_END, &insn, &excp, &syn));
    /* the translator's prefetch abort: FAR = PC */
    fresh();
    g_assert_true(RAISES(helper_exception(env, excp, syn, RAM_END)));
    g_assert_cmphex(env->far_el1, ==, RAM_END);
    g_assert_cmphex(env->esr_el1, ==, 0x86000010);
}

/* ---- misc ------------------------------------------------------------------------------ */

static uint32_t crc_ref(uint32_t poly, uint32_t acc, uint64_t val, unsigned bytes)
{
    for (unsigned i = 0; i < bytes * 8; i++) {
        uint32_t bit = (acc ^ (uint32_t)(val >> i)) & 1;
        acc = (acc >> 1) ^ (bit ? poly : 0);
    }
    return acc;
}

static void test_crc(void)
{
    const char *s = "123456789";
    uint32_t a = 0xffffffff, c = 0xffffffff;

    for (int i = 0; i < 9; i++) {
        a = helper_crc32(env, a, (uint8_t)s[i], 1);
        c = helper_crc32c(env, c, (uint8_t)s[i], 1);
    }
    g_assert_cmphex(~a, ==, 0xCBF43926);
    g_assert_cmphex(~c, ==, 0xE3069283);
    /* wider units: "12345678" as one doubleword, then "9" */
    uint64_t w;
    memcpy(&w, s, 8);
    g_assert_cmphex(~(uint32_t)helper_crc32(env, helper_crc32(env, ~0u, w, 8), '9', 1), ==,
                    0xCBF43926);
    g_assert_cmphex(~(uint32_t)helper_crc32c(env, helper_crc32c(env, ~0u, w, 8), '9', 1), ==,
                    0xE3069283);
    /* the instruction does no inversion: CRC of zero bytes from zero is zero */
    g_assert_cmphex(helper_crc32(env, 0, 0, 8), ==, 0);
    g_assert_cmphex(helper_crc32c(env, 0, 0, 4), ==, 0);
    /* high bits of acc and of unused val bytes are ignored */
    g_assert_cmphex(helper_crc32(env, 0xffffffff00000001ull, 0xff00, 1), ==,
                    helper_crc32(env, 1, 0, 1));
    /* against a bitwise reference for every size */
    GRand *r = g_rand_new_with_seed(1234);
    for (int i = 0; i < 2000; i++) {
        uint32_t acc = g_rand_int(r);
        uint64_t val = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
        unsigned bytes = 1u << (i % 4);
        uint64_t masked = bytes == 8 ? val : val & ((1ull << (8 * bytes)) - 1);
        g_assert_cmphex(helper_crc32(env, acc, val, bytes), ==,
                        crc_ref(0xEDB88320, acc, masked, bytes));
        g_assert_cmphex(helper_crc32c(env, acc, val, bytes), ==,
                        crc_ref(0x82F63B78, acc, masked, bytes));
    }
    g_rand_free(r);
}

static void test_wfi(void)
{
    fresh();
    env->pc = RAM_BASE;
    g_assert_true(RAISES(helper_wfi(env, RAM_BASE + 4)));
    g_assert_cmphex(env->pc, ==, RAM_BASE + 4);
    g_assert_cmpint(env->exception_index, ==, EXCP_HLT_WFI);
    g_assert_cmpuint(env->el, ==, 1);
}

static void test_tb_flags(void)
{
    fresh();
    semihosting_enable(false);
    g_assert_cmphex(cpu_tb_flags(env), ==, 1 | TB_FLAG_SPSEL | TB_FLAG_SA);   /* SA at reset */
    env->sctlr_el1 = 0x30d00800;
    g_assert_cmphex(cpu_tb_flags(env), ==, 1 | TB_FLAG_SPSEL);
    env->spsel = 0;
    g_assert_cmphex(cpu_tb_flags(env), ==, 1);
    env->sctlr_el1 |= 2;
    g_assert_cmphex(cpu_tb_flags(env), ==, 1 | TB_FLAG_ALIGN);
    env->sctlr_el1 |= 8;
    g_assert_cmphex(cpu_tb_flags(env), ==, 1 | TB_FLAG_ALIGN | TB_FLAG_SA);
    /* EL0: SA0 governs */
    env->el = 0;
    g_assert_cmphex(cpu_tb_flags(env), ==, TB_FLAG_ALIGN);
    env->sctlr_el1 |= 0x10;
    g_assert_cmphex(cpu_tb_flags(env), ==, TB_FLAG_ALIGN | TB_FLAG_SA);
    semihosting_enable(true);
    g_assert_true(semihosting_enabled());
    g_assert_cmphex(cpu_tb_flags(env), ==, TB_FLAG_ALIGN | TB_FLAG_SA | TB_FLAG_SEMIHOST);
    semihosting_enable(false);
    g_assert_cmphex(cpu_tb_flags(env) & TB_FLAG_SS, ==, 0);
}

/* ---- self-hosted debug (src/arm/debug.c) ---- */

#define K_MDSCR SYSREG_KEY(2, 0, 0, 2, 2)
#define K_OSLAR SYSREG_KEY(2, 0, 1, 0, 4)
#define K_BVR0 SYSREG_KEY(2, 0, 0, 0, 4)
#define K_BCR0 SYSREG_KEY(2, 0, 0, 0, 5)
#define K_WVR0 SYSREG_KEY(2, 0, 0, 0, 6)
#define K_WCR0 SYSREG_KEY(2, 0, 0, 0, 7)

static void test_debug_enable(void)
{
    fresh();
    /* the OS lock is set at reset: nothing is enabled anywhere */
    env->el = 0;
    g_assert_false(arm_debug_enabled(env));
    env->el = 1;
    wr(K_OSLAR, 0);
    /* EL1: KDE and PSTATE.D clear (reset masks D) */
    g_assert_false(arm_debug_enabled(env));
    wr(K_MDSCR, MDSCR_KDE);
    g_assert_false(arm_debug_enabled(env));
    env->daif &= ~PSTATE_D;
    g_assert_true(arm_debug_enabled(env));
    /* EL0: whatever KDE and D */
    wr(K_MDSCR, 0);
    env->daif |= PSTATE_D;
    env->el = 0;
    g_assert_true(arm_debug_enabled(env));
    env->osdlk = 1;
    g_assert_false(arm_debug_enabled(env));
    env->osdlk = 0;
    /* software step in the TB flags: SSTEP, and PSTATE_SS for active-not-pending */
    g_assert_cmphex(cpu_tb_flags(env) & (TB_FLAG_SSTEP | TB_FLAG_PSTATE_SS | TB_FLAG_HWBP), ==, 0);
    env->mdscr_el1 = MDSCR_SS;
    g_assert_cmphex(cpu_tb_flags(env) & (TB_FLAG_SSTEP | TB_FLAG_PSTATE_SS), ==, TB_FLAG_SSTEP);
    env->pstate_ss = 1;
    g_assert_cmphex(cpu_tb_flags(env) & (TB_FLAG_SSTEP | TB_FLAG_PSTATE_SS), ==,
                    TB_FLAG_SSTEP | TB_FLAG_PSTATE_SS);
    g_assert_cmphex(arm_cpu_pstate(env) & PSTATE_SS, ==, PSTATE_SS);
    env->oslk = 1;
    g_assert_cmphex(cpu_tb_flags(env) & TB_FLAG_SSTEP, ==, 0);
}

static void test_debug_breakpoint(void)
{
    uint64_t pc = RAM_BASE + 0x40;

    fresh();
    wr(K_OSLAR, 0);
    env->daif &= ~PSTATE_D;
    wr(K_MDSCR, MDSCR_MDE | MDSCR_KDE);
    g_assert_cmphex(cpu_tb_flags(env) & TB_FLAG_HWBP, ==, 0);
    wr(K_BVR0, pc);
    g_assert_cmpint(flush_all_calls, ==, 0);                    /* BCR0.E still clear */
    wr(K_BCR0, 1 | 3 << 1 | 0xf << 5);                          /* E, PMC both, BAS */
    g_assert_cmpint(flush_all_calls, ==, 1);                    /* the blocks carry the checks */
    g_assert_cmphex(cpu_tb_flags(env) & TB_FLAG_HWBP, ==, TB_FLAG_HWBP);
    g_assert_true(arm_bp_at(env, pc));
    g_assert_false(arm_bp_at(env, pc + 4));
    env->far_el1 = 0x1234;
    g_assert_true(RAISES(helper_hw_break(env, pc)));
    g_assert_cmphex(env->esr_el1, ==, 0xc6000022);              /* EC 0x31, IFSC 0x22 */
    g_assert_cmphex(env->elr_el1, ==, pc);
    g_assert_cmphex(env->far_el1, ==, 0);
    g_assert_false(RAISES(helper_hw_break(env, pc)));          /* D is set now */
    /* PMC EL0 only: not at EL1 (still an address for the translator) */
    env->daif &= ~PSTATE_D;
    wr(K_BCR0, 1 | 2 << 1 | 0xf << 5);
    g_assert_true(arm_bp_at(env, pc));
    g_assert_false(RAISES(helper_hw_break(env, pc)));
    /* from EL0: EC 0x30 */
    env->el = 0;
    g_assert_true(RAISES(helper_hw_break(env, pc)));
    g_assert_cmphex(env->esr_el1, ==, 0xc2000022);
    /* BAS 0: no address; KDE clear at EL1: no flag */
    wr(K_BCR0, 1 | 3 << 1);
    g_assert_false(arm_bp_at(env, pc));
    env->el = 1;
    env->daif &= ~PSTATE_D;
    wr(K_BCR0, 1 | 3 << 1 | 0xf << 5);
    wr(K_MDSCR, MDSCR_MDE);
    g_assert_cmphex(cpu_tb_flags(env) & TB_FLAG_HWBP, ==, 0);
    g_assert_false(RAISES(helper_hw_break(env, pc)));
}

static void test_debug_watchpoint(void)
{
    uint64_t a = RAM_BASE + 0x208;

    fresh();
    wr(K_OSLAR, 0);
    env->daif &= ~PSTATE_D;
    wr(K_MDSCR, MDSCR_MDE | MDSCR_KDE);
    wr(K_WVR0, a);
    wr(K_WCR0, 1 | 3 << 1 | 2 << 3 | 0x0f << 5);                /* stores to a..a+3 */
    g_assert_true(arm_debug_page_watched(env, a & TARGET_PAGE_MASK));
    g_assert_false(arm_debug_page_watched(env, (a & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE));
    *(uint32_t *)host(a) = 0x11223344;
    g_assert_false(RAISES(helper_st(env, a + 4, 5, MO_32)));   /* the next word */
    g_assert_false(RAISES(helper_ld(env, a, MO_32, 0)));       /* a load */
    g_assert_true(RAISES(helper_st(env, a + 2, 0, MO_32)));    /* overlaps a+2, a+3 */
    g_assert_cmphex(env->esr_el1, ==, 0xd6000062);              /* EC 0x35, WnR, DFSC 0x22 */
    g_assert_cmphex(env->far_el1, ==, a);
    g_assert_cmphex(*(uint32_t *)host(a), ==, 0x11223344);      /* before the access */
    env->daif &= ~PSTATE_D;                                     /* the entry masked it */
    /* LDTR/STTR at EL1 match as EL0 accesses: PAC EL1 only lets them through */
    wr(K_WCR0, 1 | 1 << 1 | 3 << 3 | 0x0f << 5);
    g_assert_false(RAISES(helper_sttr(env, a, 0, MO_8)));
    g_assert_true(RAISES(helper_ld(env, a + 1, MO_8, 0)));
    g_assert_cmphex(env->far_el1, ==, a + 1);
    env->daif &= ~PSTATE_D;
    /* MASK 1 (reserved): disabled; MASK 4: the 16 bytes around */
    wr(K_WCR0, 1 | 3 << 1 | 3 << 3 | 0xff << 5 | 1u << 24);
    g_assert_cmpuint(env->dbg_wp_on, ==, 0);
    wr(K_WCR0, 1 | 3 << 1 | 3 << 3 | 4u << 24);
    g_assert_true(RAISES(helper_ld(env, a - 8, MO_8, 0)));
    g_assert_cmphex(env->far_el1, ==, a - 8);
    env->daif &= ~PSTATE_D;
    g_assert_false(RAISES(helper_ld(env, a + 8, MO_8, 0)));
    /* exclusives are watched too */
    g_assert_true(RAISES(helper_ldxr(env, a, MO_32)));
    g_assert_cmphex(env->esr_el1, ==, 0xd6000022);
    /* PSTATE.D set at EL1: nothing */
    g_assert_false(RAISES(helper_ld(env, a, MO_8, 0)));
}

static void test_debug_step(void)
{
    fresh();
    wr(K_OSLAR, 0);
    env->mdscr_el1 = MDSCR_SS;
    /* ERET from EL1 (debug disabled there) to EL0 with SPSR.SS: active-not-pending */
    env->spsr_el1 = 0x3c0 | PSTATE_SS;
    env->elr_el1 = RAM_BASE + 0x400;
    helper_eret(env);
    g_assert_cmpuint(env->el, ==, 0);
    g_assert_cmpuint(env->pstate_ss, ==, 1);
    /* an SVC stepped completes: SPSR.SS = 0; PSTATE.SS clear at EL1 */
    arm_cpu_do_exception(env, EXCP_SWI, syn_svc(0), RAM_BASE + 0x404, 0, false);
    g_assert_cmphex(env->spsr_el1 & PSTATE_SS, ==, 0);
    g_assert_cmpuint(env->pstate_ss, ==, 0);
    /* any other exception keeps it */
    env->spsr_el1 = 0x3c0 | PSTATE_SS;
    helper_eret(env);
    arm_cpu_do_exception(env, EXCP_UDEF, syn_uncategorized(), RAM_BASE + 0x404, 0, false);
    g_assert_cmphex(env->spsr_el1 & PSTATE_SS, ==, PSTATE_SS);
    /* so does an interrupt taken between two steps */
    helper_eret(env);
    g_assert_cmpuint(env->pstate_ss, ==, 1);
    arm_cpu_do_exception(env, EXCP_IRQ, 0, RAM_BASE + 0x404, 0, false);
    g_assert_cmphex(env->spsr_el1 & PSTATE_SS, ==, PSTATE_SS);
    g_assert_cmpuint(env->pstate_ss, ==, 0);
    /* debug enabled where the ERET runs (EL1, KDE, D clear): SPSR.SS is dropped */
    env->mdscr_el1 = MDSCR_SS | MDSCR_KDE;
    env->daif = 0;
    helper_eret(env);
    g_assert_cmpuint(env->el, ==, 0);
    g_assert_cmpuint(env->pstate_ss, ==, 0);
    /* a completed step: the exception, ISV, EX after a load-exclusive, ELR = PC */
    env->pstate_ss = 1;
    env->ss_stepping = 1;
    env->ss_ldex = 1;
    env->pc = RAM_BASE + 0x408;
    arm_ss_step_done(env);
    g_assert_cmphex(env->esr_el1, ==, 0xcb000062);
    g_assert_cmphex(env->elr_el1, ==, RAM_BASE + 0x408);
    g_assert_cmphex(env->spsr_el1 & PSTATE_SS, ==, 0);
    g_assert_cmpuint(env->el, ==, 1);
    /* nothing after an ERET or an exception cleared the mark */
    env->esr_el1 = 0;
    arm_ss_step_done(env);
    g_assert_cmphex(env->esr_el1, ==, 0);
}

/* ---- semihosting ----------------------------------------------------------------------- */

static GString *console_out;
static int exit_calls, exit_status;

static int capture_write(Chardev *chr, const uint8_t *buf, int len)
{
    g_string_append_len(console_out, (const char *)buf, len);
    return len;
}

static Chardev capture = { .id = (char *)"semihost-test", .write = capture_write };

static void exit_hook(int status)
{
    exit_calls++;
    exit_status = status;
}

#define BLOCK (RAM_BASE + 0x8000)
#define STR (RAM_BASE + 0x9000)

static uint64_t semi(uint32_t op, uint64_t arg)
{
    env->regs[0] = op;
    env->regs[1] = arg;
    return helper_semihosting(env);
}

static void block(uint64_t a0, uint64_t a1, uint64_t a2)
{
    uint64_t w[3] = { a0, a1, a2 };
    memcpy(host(BLOCK), w, sizeof(w));
}

static void test_semihosting_console(void)
{
    fresh();
    g_string_truncate(console_out, 0);
    strcpy((char *)host(STR), "hello, world\n");
    env->regs[0] = 0;
    semi(SEMI_SYS_WRITEC, STR);
    g_assert_cmphex(env->regs[0], ==, SEMI_SYS_WRITEC);    /* X0 preserved */
    semi(SEMI_SYS_WRITE0, STR + 7);
    g_assert_cmpstr(console_out->str, ==, "hworld\n");
    /* SYS_WRITE returns the bytes NOT written */
    g_string_truncate(console_out, 0);
    block(2, STR, 5);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, BLOCK), ==, 0);
    block(1, STR + 7, 5);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, BLOCK), ==, 0);
    g_assert_cmpstr(console_out->str, ==, "helloworld");
    block(1, STR, 0);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, BLOCK), ==, 0);
    /* bad handle, bad buffer, bad block: -1 and errno */
    block(7, STR, 5);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_ERRNO, 0), ==, EBADF);
    block(2, HOLE, 5);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_ERRNO, 0), ==, EFAULT);
    block(2, RAM_END - 2, 5);                                  /* runs off the end of RAM */
    g_assert_cmphex(semi(SEMI_SYS_WRITE, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, HOLE), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_WRITE, UINT64_MAX - 4), ==, UINT64_MAX);
    g_assert_cmpstr(console_out->str, ==, "helloworld");
    /* WRITEC/WRITE0 of bad pointers print nothing and survive */
    semi(SEMI_SYS_WRITEC, HOLE);
    semi(SEMI_SYS_WRITE0, HOLE);
    semi(SEMI_SYS_WRITE0, UINT64_MAX);
    g_assert_cmpstr(console_out->str, ==, "helloworld");
    /* a string with no NUL before the end of RAM prints up to it */
    memset(host(RAM_END - 3), 'z', 3);
    semi(SEMI_SYS_WRITE0, RAM_END - 3);
    g_assert_cmpstr(console_out->str, ==, "helloworldzzz");
    /* a string spanning pages */
    g_string_truncate(console_out, 0);
    memset(host(RAM_BASE + 0xaff0), 'x', 0x20);
    host(RAM_BASE + 0xb010)[0] = 0;
    semi(SEMI_SYS_WRITE0, RAM_BASE + 0xaff0);
    g_assert_cmpuint(console_out->len, ==, 0x20);
}

static void test_semihosting_files(void)
{
    fresh();
    strcpy((char *)host(STR), ":tt");
    block(STR, 0, 3);
    g_assert_cmphex(semi(SEMI_SYS_OPEN, BLOCK), ==, 1);
    block(STR, 4, 3);
    g_assert_cmphex(semi(SEMI_SYS_OPEN, BLOCK), ==, 2);
    block(STR, 8, 3);
    g_assert_cmphex(semi(SEMI_SYS_OPEN, BLOCK), ==, 2);
    strcpy((char *)host(STR), "/etc/passwd");
    block(STR, 0, 11);
    g_assert_cmphex(semi(SEMI_SYS_OPEN, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_ERRNO, 0), ==, ENOENT);
    block(HOLE, 0, 3);
    g_assert_cmphex(semi(SEMI_SYS_OPEN, BLOCK), ==, UINT64_MAX);
    block(1, 0, 0);
    g_assert_cmphex(semi(SEMI_SYS_ISTTY, BLOCK), ==, 1);
    g_assert_cmphex(semi(SEMI_SYS_CLOSE, BLOCK), ==, 0);
    block(5, 0, 0);
    g_assert_cmphex(semi(SEMI_SYS_ISTTY, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_CLOSE, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_ERRNO, 0), ==, EBADF);
    block((uint64_t)-5, 0, 0);
    g_assert_cmphex(semi(SEMI_SYS_ISERROR, BLOCK), ==, 1);
    block(5, 0, 0);
    g_assert_cmphex(semi(SEMI_SYS_ISERROR, BLOCK), ==, 0);
    /* clocks */
    uint64_t t = semi(SEMI_SYS_TIME, 0);
    g_assert_cmpint(llabs((long long)t - (long long)time(NULL)), <=, 1);
    uint64_t c0 = semi(SEMI_SYS_CLOCK, 0);
    g_usleep(30000);
    uint64_t c1 = semi(SEMI_SYS_CLOCK, 0);
    g_assert_cmpuint(c1, >=, c0 + 2);
    g_assert_cmpuint(c1, <, 100 * 60 * 60);
    g_assert_cmphex(semi(SEMI_SYS_TICKFREQ, 0), ==, 1000000000);
    g_assert_cmphex(semi(SEMI_SYS_ELAPSED, BLOCK), ==, 0);
    g_assert_cmpuint(*(uint64_t *)host(BLOCK), >, 0);
    /* command line: empty */
    memset(host(STR), 'q', 8);
    block(STR, 80, 0);
    g_assert_cmphex(semi(SEMI_SYS_GET_CMDLINE, BLOCK), ==, 0);
    g_assert_cmphex(host(STR)[0], ==, 0);
    g_assert_cmphex(((uint64_t *)host(BLOCK))[1], ==, 0);
    /* unsupported calls */
    g_assert_cmphex(semi(0x99, 0), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_ERRNO, 0), ==, ENOSYS);
    g_assert_cmphex(semi(SEMI_SYS_REMOVE, BLOCK), ==, UINT64_MAX);
}

static void test_semihosting_heapinfo(void)
{
    fresh();
    rom_clear_all();
    rom_add_blob("bootloader", "abcd", 4, RAM_BASE);
    rom_add_blob_sized("kernel", g_malloc0(16), 16, RAM_SIZE - 0x1000, RAM_BASE + 0x1000);
    rom_add_blob("dtb", "x", 1, RAM_BASE + 0xc00000);
    rom_add_blob("elsewhere", "x", 1, 0x10);
    block(BLOCK + 0x100, 0, 0);
    g_assert_cmphex(semi(SEMI_SYS_HEAPINFO, BLOCK), ==, 0);
    uint64_t *w = (uint64_t *)host(BLOCK + 0x100);
    /* the kernel covers [0x1000, RAM end) with the DTB inside it: the only
     * gap is [4, 0x1000) */
    g_assert_cmphex(w[0], ==, RAM_BASE + 4);
    g_assert_cmphex(w[1], ==, RAM_BASE + 0x1000);
    g_assert_cmphex(w[2], ==, RAM_BASE + 0x1000);
    g_assert_cmphex(w[3], ==, RAM_BASE + 4);
    rom_clear_all();
    rom_add_blob("bootloader", "abcd", 4, RAM_BASE);
    rom_add_blob("image", "abcd", 4, RAM_BASE + 0x400000);
    g_assert_cmphex(semi(SEMI_SYS_HEAPINFO, BLOCK), ==, 0);
    g_assert_cmphex(w[0], ==, RAM_BASE + 0x400004);
    g_assert_cmphex(w[1], ==, RAM_END);
    /* equal gaps: the lower one, as QEMU picks it */
    rom_clear_all();
    rom_add_blob("image", "abcd", 4, RAM_BASE + RAM_SIZE / 2 - 2);
    g_assert_cmphex(semi(SEMI_SYS_HEAPINFO, BLOCK), ==, 0);
    g_assert_cmphex(w[0], ==, RAM_BASE);
    g_assert_cmphex(w[1], ==, RAM_BASE + RAM_SIZE / 2 - 2);
    /* no ROMs: the whole of the largest RAM */
    rom_clear_all();
    g_assert_cmphex(semi(SEMI_SYS_HEAPINFO, BLOCK), ==, 0);
    g_assert_cmphex(w[0], ==, RAM_BASE);
    g_assert_cmphex(w[1], ==, RAM_END);
    g_assert_cmphex(w[2], ==, RAM_END);
    g_assert_cmphex(w[3], ==, RAM_BASE);
    /* bad pointers */
    block(HOLE, 0, 0);
    g_assert_cmphex(semi(SEMI_SYS_HEAPINFO, BLOCK), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_HEAPINFO, HOLE), ==, UINT64_MAX);
    g_assert_cmphex(semi(SEMI_SYS_ERRNO, 0), ==, EFAULT);
}

static void test_semihosting_exit(void)
{
    static const struct { uint32_t op; uint64_t reason, sub; int status; } cases[] = {
        { SEMI_SYS_EXIT, 0x20026, 0, 0 },
        { SEMI_SYS_EXIT, 0x20026, 42, 42 },
        { SEMI_SYS_EXIT, 0x20023, 42, 1 },          /* RunTimeErrorUnknown */
        { SEMI_SYS_EXIT_EXTENDED, 0x20026, 3, 3 },
        { SEMI_SYS_EXIT_EXTENDED, 0x20024, 0, 1 },
    };
    for (volatile size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        fresh();
        exit_calls = 0;
        exit_status = -1;
        block(cases[i].reason, cases[i].sub, 0);
        g_assert_true(RAISES(semi(cases[i].op, BLOCK)));
        g_assert_cmpint(exit_calls, ==, 1);
        g_assert_cmpint(exit_status, ==, cases[i].status);
        g_assert_cmpint(env->exception_index, ==, EXCP_HALTED);
        g_assert_cmpuint(env->halted, ==, 1);
    }
    /* a bad block does not exit */
    fresh();
    exit_calls = 0;
    g_assert_false(RAISES(semi(SEMI_SYS_EXIT, HOLE)));
    g_assert_cmpint(exit_calls, ==, 0);
    g_assert_cmphex(env->regs[0], ==, UINT64_MAX);
}

int main(int argc, char **argv)
{
    GError *err = NULL;
    Object *obj;

    g_test_init(&argc, &argv, NULL);

    if (!mr_init_ram(&ram, NULL, "ram", RAM_SIZE, &err) ||
        !mr_init_ram(&small_ram, NULL, "small-ram", 0x800, &err)) {
        g_printerr("%s\n", err->message);
        return 1;
    }
    mr_add_subregion(get_system_memory(), RAM_BASE, &ram);
    mr_add_subregion(get_system_memory(), SMALL_RAM_BASE, &small_ram);
    mr_init_io(&mmio, NULL, &dev_ops, NULL, "test-dev", 0x1000);
    mr_add_subregion(get_system_memory(), MMIO_BASE, &mmio);
    mr_init_io(&mmio4, NULL, &dev4_ops, NULL, "test-dev32", 0x1000);
    mr_add_subregion(get_system_memory(), MMIO4_BASE, &mmio4);

    obj = object_new("cortex-a57-arm-cpu");
    if (!object_realize(obj, &err)) {
        g_printerr("%s\n", err->message);
        return 1;
    }
    cpu = (ARMCPU *)obj;
    env = &cpu->env;

    console_out = g_string_new(NULL);
    semihosting_set_console(&capture);
    semihosting_set_exit_hook(exit_hook);

    g_test_add_func("/helpers/excp/vectors", test_vectors);
    g_test_add_func("/helpers/excp/abort-ec-far", test_abort_ec_and_far);
    g_test_add_func("/helpers/excp/raise", test_raise_longjmp);
    g_test_add_func("/helpers/excp/int-log", test_int_log);
    g_test_add_func("/helpers/excp/eret", test_eret_round_trip);
    g_test_add_func("/helpers/excp/eret-illegal", test_eret_illegal);
    g_test_add_func("/helpers/sysreg/ids", test_sysreg_ids);
    g_test_add_func("/helpers/sysreg/rw", test_sysreg_rw);
    g_test_add_func("/helpers/sysreg/counter", test_sysreg_counter);
    g_test_add_func("/helpers/sysreg/icc", test_sysreg_icc);
    g_test_add_func("/helpers/irq/lines", test_irq_lines);
    g_test_add_func("/helpers/irq/wfi-wait", test_wfi_wait);
    g_test_add_func("/helpers/gtimer", test_gtimer);
    g_test_add_func("/helpers/sysreg/access", test_sysreg_access);
    g_test_add_func("/helpers/sysreg/msr-imm", test_msr_imm);
    g_test_add_func("/helpers/sysreg/register", test_sysreg_register);
    g_test_add_func("/helpers/mem/tlb-ram", test_tlb_ram);
    g_test_add_func("/helpers/mem/tlb-topology", test_tlb_topology_flush);
    g_test_add_func("/helpers/mem/mmio", test_mmio);
    g_test_add_func("/helpers/mem/external-abort", test_external_abort);
    g_test_add_func("/helpers/mem/alignment", test_alignment);
    g_test_add_func("/helpers/mem/page-cross", test_page_cross);
    g_test_add_func("/helpers/mem/notdirty", test_notdirty);
    g_test_add_func("/helpers/mem/exclusives", test_exclusives);
    g_test_add_func("/helpers/mem/exclusive-pairs", test_exclusive_pairs);
    g_test_add_func("/helpers/mem/dc-zva", test_dc_zva);
    g_test_add_func("/helpers/mem/fetch", test_fetch);
    g_test_add_func("/helpers/misc/crc32", test_crc);
    g_test_add_func("/helpers/misc/wfi", test_wfi);
    g_test_add_func("/helpers/misc/tb-flags", test_tb_flags);
    g_test_add_func("/helpers/debug/enable", test_debug_enable);
    g_test_add_func("/helpers/debug/breakpoint", test_debug_breakpoint);
    g_test_add_func("/helpers/debug/watchpoint", test_debug_watchpoint);
    g_test_add_func("/helpers/debug/step", test_debug_step);
    g_test_add_func("/helpers/semihosting/console", test_semihosting_console);
    g_test_add_func("/helpers/semihosting/files-clock", test_semihosting_files);
    g_test_add_func("/helpers/semihosting/heapinfo", test_semihosting_heapinfo);
    g_test_add_func("/helpers/semihosting/exit", test_semihosting_exit);
    return g_test_run();
}
