/* plugcount: a program with known instruction and memory-access counts (plugcount.S)
 * for the plugin tests (tests/integration/t-plugin.sh, tests/plugin/count.c). */
#include "rt.h"

uint64_t plug_loop(uint64_t *buf);
void plug_fault(uintptr_t addr);
extern char plug_fault_ld[];
uint32_t plug_mmio(uintptr_t addr);

static uint64_t buf[3] = { 3, 4, 0 };

int main(void)
{
    rt_check("sum", plug_loop(buf), 7000);
    rt_check("last store", buf[2], 7000);
    /* Nothing is mapped at 0x0c000000 in mini-virt (nor in QEMU's virt without
     * devices there): an external abort, resumed after the load. */
    rt_expect("plug_fault", plug_fault_ld, 0);
    plug_fault(0x0c000000);
    rt_check("fault taken", rt_expect_end(), 1);
    rt_check("UARTFR TXFE", (plug_mmio(0x09000018) >> 7) & 1, 1);
    return rt_report("plugcount");
}
