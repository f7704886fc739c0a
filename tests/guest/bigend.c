/* bigend: big-endian data. With SCTLR_EL1.EE (EL1) or E0E (EL0) set, every load and store
 * of bigend.S (each size, sign-extending, pairs, literal, exclusives and exclusive pairs,
 * acquire/release, LDTR/STTR, post-index STRH) on a buffer of known bytes, then the buffer
 * and the loaded registers as bytes; EE = 0 with E0E = 1 and the reverse; the instructions
 * are fetched little-endian throughout. The MMU stays off: a big-endian walk (EE) is in
 * test-mmu. */
#include "rt.h"

#define RD(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define WR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define EE  (1ull << 25)
#define E0E (1ull << 24)

void be_el1(uint8_t *buf, uint64_t sctlr_be, uint64_t sctlr);
void be_simd(uint8_t *buf, uint64_t sctlr_be, uint64_t sctlr);
extern char be_el0[], be_el0_end[];
static uint8_t buf[800] __attribute__((aligned(64)));
static uint64_t el0_stack[64] __attribute__((aligned(16)));

static void handler(RtFrame *f)
{
    rt_el0_handle(f, "el0", (uintptr_t)be_el0, 20);
}

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(0x80 + i * 7);
}

static void show(const char *what)
{
    printf("%s:\n", what);
    for (unsigned i = 0; i < sizeof(buf); i += 32) {
        printf("  %03x:", i);
        for (unsigned j = 0; j < 32; j++)
            printf(" %02x", buf[i + j]);
        printf("\n");
    }
}

int main(void)
{
    uint64_t sctlr = RD(sctlr_el1);

    rt_handler = handler;
    fill();
    be_el1(buf, sctlr, sctlr);
    show("EL1, EE = 0");
    fill();
    be_el1(buf, sctlr | EE, sctlr);
    show("EL1, EE = 1");
    fill();
    be_el1(buf, sctlr | E0E, sctlr);
    show("EL1, E0E = 1 (EL1 stays little-endian)");
    printf("SCTLR_EL1 with EE read at EL1: 0x%lx\n", ({ uint64_t v;
        __asm__ volatile("msr sctlr_el1, %1\n\tisb\n\tmrs %0, sctlr_el1\n\tmsr sctlr_el1, %2\n\tisb"
                         : "=&r"(v) : "r"(sctlr | EE), "r"(sctlr) : "memory"); v; }));

    fill();
    WR(sctlr_el1, sctlr | E0E);
    rt_enter_el0((uintptr_t)be_el0, (uintptr_t)(el0_stack + 64), (uint64_t)(uintptr_t)buf);
    WR(sctlr_el1, sctlr);
    show("EL0, E0E = 1");
    fill();
    WR(sctlr_el1, sctlr);
    rt_enter_el0((uintptr_t)be_el0, (uintptr_t)(el0_stack + 64), (uint64_t)(uintptr_t)buf);
    show("EL0, E0E = 0");
    {   /* FP/SIMD: CPACR_EL1.FPEN = 0b11 for be_simd only */
        uint64_t cpacr = RD(cpacr_el1);
        WR(cpacr_el1, cpacr | 3ull << 20);
        fill();
        be_simd(buf, sctlr | EE, sctlr);
        show("FP/SIMD at EL1, EE = 1");
        fill();
        be_simd(buf, sctlr, sctlr);
        show("FP/SIMD at EL1, EE = 0");
        WR(cpacr_el1, cpacr);
    }
    printf("exceptions: %u\n", rt_exceptions);
    rt_handler = 0;
    return rt_report("bigend");
}
