/* unpriv: AT S1E1R/S1E1W/S1E0R/S1E0W into PAR_EL1 (success and fault formats), and the
 * unprivileged loads and stores (LDTR, LDTRB, LDTRH, LDTRSB, LDTRSH, LDTRSW, STTR,
 * STTRB, STTRH, W and X forms) checked with EL0's permissions from EL1, from EL0 and with
 * the MMU off. The pages of the test region (pt.h):
 *   0 d0 EL1 read/write, no EL0      1 d1 EL0 read/write      2 d1 read-only for both
 *   3 unmapped                       4 d0 with AF = 0         5 d0 EL1 read-only, no EL0
 *   6 the EL0 code (unpriv.S)        7 the EL0 stack
 * Left out (docs/testing.md): AT with the MMU off and Device/Non-cacheable SH in PAR. */
#include "pt.h"

static uint8_t d0[4096] __attribute__((aligned(4096)));
static uint8_t d1[4096] __attribute__((aligned(4096)));
static uint64_t el0_stack[512] __attribute__((aligned(4096)));
extern char unpriv_el0[];

static void handler(RtFrame *f)
{
    if (rt_el0_handle(f, "el0", (uintptr_t)pt_va(6), 60) == 1)
        printf("  el0: x3=0x%lx x4=0x%lx\n", f->x[3], f->x[4]);
}

#define AT(op, va) ({ __asm__ volatile("at " op ", %0\n\tisb" : : "r"((uint64_t)(va)) : "memory"); \
                      PT_MRS(par_el1); })

static void t_at(void)
{
    static const struct { const char *name; uint64_t va; } cases[] = {
        { "page 0 (EL1 RW)", PT_T + 0x123 },
        { "page 1 (EL0 RW)", PT_T + 0x1ff8 },
        { "page 2 (RO)", PT_T + 0x2000 },
        { "page 3 (unmapped)", PT_T + 0x3010 },
        { "page 4 (AF = 0)", PT_T + 0x4000 },
        { "page 5 (EL1 RO)", PT_T + 0x5abc },
        { "page 6 (EL0 code)", PT_T + 0x6000 },
        { "image (1G block)", 0x40081234ull },
        { "level 1 hole", PT_T + 0x40000000ull },
        { "level 2 hole", PT_T + 0x200000ull },
        { "level 0 hole", 0x0000008000000000ull },
        { "outside TTBR0 (EPD1)", 0xffff000000001000ull },
        { "tagged (no TBI)", 0x0100100000000000ull },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t va = cases[i].va;
        printf("AT %-22s s1e1r 0x%016lx s1e1w 0x%016lx s1e0r 0x%016lx s1e0w 0x%016lx\n",
               cases[i].name, AT("s1e1r", va), AT("s1e1w", va), AT("s1e0r", va),
               AT("s1e0w", va));
    }
    /* PAR_EL1 is an ordinary register too: written, it reads back */
    PT_MSR(par_el1, 0x123456789abcdef0ull);
    printf("PAR_EL1 written: 0x%016lx\n", PT_MRS(par_el1));
    /* AT does not use or fill the TLB for the later access: a stale entry stays */
    CHECK("load through page 1", *(volatile uint64_t *)(uintptr_t)pt_va(1), *(uint64_t *)d1);
    pt_l3t[1] = 0;
    __asm__ volatile("dsb ishst" ::: "memory");
    printf("AT after the descriptor went (no TLBI): 0x%016lx\n", AT("s1e1r", pt_va(1)));
    pt_map(1, pt_pa(d1), PT_EL0 | PT_XN);
}

/* One unprivileged access each, at va + off: the value (loads) or 0, and a line. */
#define LDT(insn, reg, va) ({ uint64_t v_ = 0x5555555555555555ull; \
    __asm__ volatile(insn " " reg ", [%1, #-3]" : "+r"(v_) : "r"((uint64_t)(va) + 3) : "memory"); v_; })
#define STT(insn, reg, va, val) \
    __asm__ volatile(insn " " reg ", [%1, #0x11]" : : "r"((uint64_t)(val)), "r"((uint64_t)(va) - 0x11) : "memory")

static void loads(const char *what, uint64_t va)
{
    printf("%s:\n", what);
    printf("  ldtrb  w 0x%016lx\n", LDT("ldtrb", "%w0", va));
    printf("  ldtrh  w 0x%016lx\n", LDT("ldtrh", "%w0", va + 2));
    printf("  ldtrsb w 0x%016lx\n", LDT("ldtrsb", "%w0", va + 1));
    printf("  ldtrsb x 0x%016lx\n", LDT("ldtrsb", "%x0", va + 1));
    printf("  ldtrsh w 0x%016lx\n", LDT("ldtrsh", "%w0", va + 6));
    printf("  ldtrsh x 0x%016lx\n", LDT("ldtrsh", "%x0", va + 6));
    printf("  ldtrsw x 0x%016lx\n", LDT("ldtrsw", "%x0", va + 12));
    printf("  ldtr   w 0x%016lx\n", LDT("ldtr", "%w0", va + 12));
    printf("  ldtr   x 0x%016lx\n", LDT("ldtr", "%x0", va + 8));
    printf("  ldtr   x unaligned 0x%016lx\n", LDT("ldtr", "%x0", va + 0x7d));
}

static void stores(const char *what, uint64_t va, uint8_t *backing)
{
    for (unsigned i = 0x100; i < 0x140; i++)
        backing[i] = 0;
    STT("sttrb", "%w0", va + 0x100, 0x1122334455667788ull);
    STT("sttrh", "%w0", va + 0x102, 0x1122334455667788ull);
    STT("sttr", "%w0", va + 0x104, 0x1122334455667788ull);
    STT("sttr", "%x0", va + 0x108, 0x1122334455667788ull);
    STT("sttr", "%x0", va + 0x113, 0x99aabbccddeeff00ull);
    printf("%s: %016lx %016lx %016lx\n", what, ((uint64_t *)backing)[0x20],
           ((uint64_t *)backing)[0x21], ((uint64_t *)backing)[0x22]);
}

int main(void)
{
    for (unsigned i = 0; i < 4096; i++) {
        d0[i] = (uint8_t)(0x80 + i * 7);
        d1[i] = (uint8_t)(0xf0 - i * 3);
    }
    rt_handler = handler;

    /* MMU off: LDTR/STTR are plain accesses (EL0 permissions only exist with the MMU) */
    loads("mmu off, d0", pt_pa(d0));
    stores("mmu off, d0 after sttr*", pt_pa(d0), d0);

    pt_map(0, pt_pa(d0), PT_XN);
    pt_map(1, pt_pa(d1), PT_EL0 | PT_XN);
    pt_map(2, pt_pa(d1), PT_EL0 | PT_RO | PT_XN);
    pt_map_af(4, pt_pa(d0), PT_XN, 0);
    pt_map(5, pt_pa(d0), PT_RO | PT_XN);
    pt_map(6, pt_pa(unpriv_el0), PT_EL0 | PT_RO | PT_PXN);
    pt_map(7, pt_pa(el0_stack), PT_EL0 | PT_XN);
    pt_mmu_on();

    t_at();

    loads("EL1, page 1 (EL0 read/write)", pt_va(1));
    loads("EL1, page 2 (EL0 read-only)", pt_va(2));
    loads("EL1, page 0 (no EL0 access: each faults)", pt_va(0));
    CHECK("ldr at EL1 on page 0 works", *(volatile uint8_t *)(uintptr_t)pt_va(0), d0[0]);
    loads("EL1, page 4 (AF = 0)", pt_va(4));
    stores("EL1, page 1 after sttr*", pt_va(1), d1);
    stores("EL1, page 2 (read-only: each faults)", pt_va(2), d1);
    stores("EL1, page 0 (no EL0 access: each faults)", pt_va(0), d0);
    stores("EL1, page 3 (unmapped)", pt_va(3), d0);

    rt_enter_el0(pt_va(6), pt_va(7) + 4096, PT_T);
    printf("d1[0x40] after the EL0 sttrb: 0x%02x\n", d1[0x40]);

    pt_mmu_off();
    printf("exceptions: %u\n", rt_exceptions);
    rt_handler = 0;
    return rt_report("unpriv");
}
