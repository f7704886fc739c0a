/* align: alignment faults. Unaligned loads and stores of each size (and pairs, exclusives,
 * acquire/release) to Normal memory with SCTLR_EL1.A = 0 and 1 and with the MMU off (where
 * QEMU 7.2 and a64emu check nothing more), at EL1 and EL0. Each access prints its value or
 * the fault (ESR, FAR). Built with -DALIGN_DEVICE (t-bare.sh's test_bare_align_device, not
 * compared: QEMU 7.2 does not fault there) it also accesses pages whose MAIR attribute is
 * Device-nGnRnE and Device-GRE, at EL1 and EL0, which must take alignment faults. */
#include "pt.h"

static uint8_t d0[4096] __attribute__((aligned(4096)));
static uint8_t el0_code[4096] __attribute__((aligned(4096)));
static uint64_t el0_stack[512] __attribute__((aligned(4096)));
extern char align_el0[], align_el0_end[];

static void handler(RtFrame *f)
{
    if (rt_el0_handle(f, "el0", (uintptr_t)pt_va(6), 200) == 1)
        printf("  el0 done\n");
}

#define LD(insn, reg, va) ({ uint64_t v_ = 0x5555555555555555ull; \
    __asm__ volatile(insn " " reg ", [%1]" : "+r"(v_) : "r"((uint64_t)(va)) : "memory"); v_; })
#define ST(insn, reg, va, val) \
    __asm__ volatile(insn " " reg ", [%1]" : : "r"((uint64_t)(val)), "r"((uint64_t)(va)) : "memory")

static void accesses(const char *what, uint64_t va)
{
    uint64_t a, b = 0x77;
    printf("%s:\n", what);
    printf("  ldrh  +1 0x%lx\n", LD("ldrh", "%w0", va + 1));
    printf("  ldr w +2 0x%lx\n", LD("ldr", "%w0", va + 2));
    printf("  ldr x +4 0x%lx\n", LD("ldr", "%x0", va + 4));
    printf("  ldr x +8 0x%lx\n", LD("ldr", "%x0", va + 8));
    printf("  ldrb  +3 0x%lx\n", LD("ldrb", "%w0", va + 3));
    printf("  ldur x +0xffd (crosses) 0x%lx\n", LD("ldur", "%x0", va + 0xffd - 0x1000 + 0x800));
    ST("strh", "%w0", va + 0x101, 0x1234);
    ST("str", "%x0", va + 0x109, 0x1122334455667788ull);
    ST("str", "%w0", va + 0x104, 0xaabbccdd);
    a = 0x5555;
    __asm__ volatile("ldp %w0, %w1, [%2]" : "+r"(a), "+r"(b) : "r"(va + 0x22) : "memory");
    printf("  ldp w +0x22 0x%lx 0x%lx\n", a, b);
    __asm__ volatile("ldp %x0, %x1, [%2]" : "+r"(a), "+r"(b) : "r"(va + 0x28) : "memory");
    printf("  ldp x +0x28 0x%lx 0x%lx\n", a, b);
    printf("  ldar x +4 0x%lx\n", LD("ldar", "%x0", va + 4));
    printf("  ldaxr w +2 0x%lx\n", LD("ldaxr", "%w0", va + 2));
    __asm__ volatile("clrex");
    printf("  ldar w +8 0x%lx\n", LD("ldar", "%w0", va + 8));
}

static void fill(void)
{
    for (unsigned i = 0; i < 4096; i++)
        d0[i] = (uint8_t)(i * 13 + 1);
}

static void dump(void)
{
    printf("  stored: %016lx %016lx %016lx\n", ((uint64_t *)d0)[0x20], ((uint64_t *)d0)[0x21],
           ((uint64_t *)d0)[0x22]);
}

int main(void)
{
    rt_handler = handler;
    fill();
    accesses("mmu off", pt_pa(d0));
    dump();
    fill();
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) | 2);
    accesses("mmu off, SCTLR.A", pt_pa(d0));
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) & ~2ull);
    dump();

    pt_map(0, pt_pa(d0), PT_XN);
    pt_map(1, pt_pa(d0), PT_XN | PT_DEVICE);
    pt_map(2, pt_pa(d0), PT_XN | (2ull << 2));          /* MAIR index 2: Device-GRE */
    pt_map(3, pt_pa(d0), PT_XN | PT_DEVICE | PT_EL0);
    pt_map(4, pt_pa(d0), PT_XN | PT_EL0);
    memcpy(el0_code, align_el0, (size_t)(align_el0_end - align_el0));
    pt_map(6, pt_pa(el0_code), PT_EL0 | PT_RO | PT_PXN);
    pt_map(7, pt_pa(el0_stack), PT_EL0 | PT_XN);
    PT_MSR(mair_el1, PT_MAIR | (0x0cull << 16));
    pt_mmu_on();
    __asm__ volatile("ic iallu\n\tdsb ish\n\tisb" ::: "memory");

    fill();
    accesses("normal", pt_va(0));
    dump();
#ifdef ALIGN_DEVICE
    fill();
    accesses("device-nGnRnE", pt_va(1));
    dump();
    fill();
    accesses("device-GRE", pt_va(2));
    dump();
    rt_enter_el0(pt_va(6), pt_va(7) + 4096, pt_va(3));
#endif
    fill();
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) | 2);
    accesses("normal, SCTLR.A", pt_va(0));
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) & ~2ull);
    dump();
    fill();
    rt_enter_el0(pt_va(6), pt_va(7) + 4096, pt_va(4));
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) | 2);
    rt_enter_el0(pt_va(6), pt_va(7) + 4096, pt_va(4));
    PT_MSR(sctlr_el1, PT_MRS(sctlr_el1) & ~2ull);
    dump();
    pt_mmu_off();
    printf("exceptions: %u\n", rt_exceptions);
    rt_handler = 0;
    return rt_report("align");
}
