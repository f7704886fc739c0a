/* mmutarget: for the monitor and gdbstub tests: turns the MMU on with a non-identity
 * mapping (pt.h's test region: PT_T + 0x1000 is the code page `vtick`, PT_T + 0x2000 the
 * data page `magic` read-only, PT_T + 0x3000 unmapped), prints "mmu on", then calls vtick
 * through its virtual address forever, counting in `ticks` through PT_T + 0x4000 (the
 * page holding `ticks`), so a debugger can break and read at virtual addresses. */
#include "pt.h"

extern char vtick[];
volatile uint64_t ticks __attribute__((aligned(4096)));
uint64_t magic[512] __attribute__((aligned(4096)));

int main(void)
{
    for (unsigned i = 0; i < 512; i++)
        magic[i] = 0xcafe000000000000ull | i;
    pt_map(1, pt_pa(vtick), PT_RO | PT_UXN);
    pt_map(2, pt_pa(magic), PT_RO | PT_XN);
    pt_map(4, pt_pa((const void *)&ticks), PT_XN);
    pt_mmu_on();
    printf("mmu on: vtick 0x%lx -> 0x%lx, magic 0x%lx -> 0x%lx\n", pt_va(1), pt_pa(vtick),
           pt_va(2), pt_pa(magic));
    void (*fn)(volatile uint64_t *) = (void (*)(volatile uint64_t *))(uintptr_t)pt_va(1);
    for (;;)
        fn((volatile uint64_t *)(uintptr_t)pt_va(4));
}
