/* psci-lib.c: the PSCI conduit and the call itself (included by the programs that use
 * PSCI). The conduit is the device tree's when there is one at the base of RAM (a64emu
 * leaves its tree there for an ELF kernel, QEMU 7.2 does not), else whichever of HVC and
 * SMC does not raise UNDEFINED (QEMU's virt uses HVC, a64emu's mini-virt SMC). */
#include "psci.h"
#include "rt.h"

int psci_conduit = -1;

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Walks the flattened tree's structure block for /psci's "method". */
int psci_find_conduit(void)
{
    const uint8_t *fdt = (const uint8_t *)0x40000000ul;
    if (be32(fdt) != 0xd00dfeedu)
        return -1;
    const uint8_t *p = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    int depth = 0, in_psci = 0;
    for (;;) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == 1) {                         /* FDT_BEGIN_NODE */
            const char *name = (const char *)p;
            depth++;
            if (depth == 2)
                in_psci = strcmp(name, "psci") == 0;
            p += (strlen(name) + 4) & ~3ul;
        } else if (tok == 2) {                  /* FDT_END_NODE */
            depth--;
        } else if (tok == 3) {                  /* FDT_PROP */
            uint32_t len = be32(p), off = be32(p + 4);
            const char *val = (const char *)p + 8;
            if (in_psci && depth == 2 && strcmp(strings + off, "method") == 0)
                return strcmp(val, "hvc") == 0 ? 1 : strcmp(val, "smc") == 0 ? 0 : -1;
            p += 8 + ((len + 3) & ~3u);
        } else if (tok != 4) {                  /* FDT_END or garbage */
            return -1;
        }
    }
}

/* SMC and HVC themselves, whatever the tree says (psci_smc_insn, psci_hvc_insn: the
 * instructions, for rt_expect). */
__attribute__((noinline)) int64_t psci_raw(int hvc, uint64_t fn)
{
    register uint64_t x0 __asm__("x0") = fn;
    if (hvc)
        __asm__ volatile(".global psci_hvc_insn\npsci_hvc_insn: hvc #0"
                         : "+r"(x0) : : "x1", "x2", "x3", "memory");
    else
        __asm__ volatile(".global psci_smc_insn\npsci_smc_insn: smc #0"
                         : "+r"(x0) : : "x1", "x2", "x3", "memory");
    return (int64_t)x0;
}

static volatile int probe_undef;

static void probe_handler(RtFrame *f)
{
    probe_undef = 1;
    f->elr += 4;
}

int psci_probe_conduit(void)
{
    int c = psci_find_conduit();
    if (c >= 0)
        return c;
    rt_handler = probe_handler;
    for (c = 1; c >= 0; c--) {
        probe_undef = 0;
        psci_raw(c, 0x84000000u);
        if (!probe_undef)
            break;
    }
    rt_handler = 0;
    return c;
}

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn, x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2, x3 __asm__("x3") = a3;
    if (psci_conduit == 1)
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    else
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}

