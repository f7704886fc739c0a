/* fdt.c: the mini-virt device tree built with libfdt, and the per-boot
 * patching of /chosen and /memory applied to it or to a user's -dtb. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <libfdt.h>
#include "boot/boot.h"

#define FDT_INITIAL_SIZE 0x10000
#define PHANDLE_CLK 0x8000
#define PHANDLE_GIC 0x8001

/* GIC interrupt specifier cells */
#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_LEVEL_HIGH 4

static bool fdt_fail(GError **errp, const char *what, int err)
{
    g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "device tree: %s: %s",
                what, fdt_strerror(err));
    return false;
}

/* Each builder step bails out with a message naming the step. */
#define TRY(what, expr) do { int rc_ = (expr); \
        if (rc_ < 0) { fdt_fail(errp, (what), rc_); goto fail; } } while (0)

static int add_node(void *fdt, int parent, const char *name)
{
    return fdt_add_subnode(fdt, parent, name);
}

static int setprop_cells(void *fdt, int node, const char *name,
                         const uint32_t *cells, unsigned n)
{
    fdt32_t be[16];
    g_assert(n <= G_N_ELEMENTS(be));  /* compile-time sizes only, never input */
    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    return fdt_setprop(fdt, node, name, be, n * sizeof(fdt32_t));
}

/* reg = <base size> in 2+2 cells */
static int setprop_reg64(void *fdt, int node, hwaddr base, uint64_t size)
{
    uint32_t c[4] = { base >> 32, (uint32_t)base, size >> 32, (uint32_t)size };
    return setprop_cells(fdt, node, "reg", c, 4);
}

void *fdt_build_mini_virt(const FdtMachineDesc *d, GError **errp)
{
    void *fdt = g_malloc0(FDT_INITIAL_SIZE);
    char name[64];
    int root, node, cpus;
    g_autofree char *uart_path = g_strdup_printf("/pl011@%" G_GINT64_MODIFIER "x",
                                                 d->uart_base);

    if (d->ncpus == 0 || !d->mpidr) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "device tree: no CPUs");
        g_free(fdt);
        return NULL;
    }
    TRY("create", fdt_create_empty_tree(fdt, FDT_INITIAL_SIZE));
    root = 0;
    TRY("/#address-cells", fdt_setprop_u32(fdt, root, "#address-cells", 2));
    TRY("/#size-cells", fdt_setprop_u32(fdt, root, "#size-cells", 2));
    TRY("/compatible", fdt_setprop_string(fdt, root, "compatible", "linux,dummy-virt"));
    TRY("/interrupt-parent", fdt_setprop_u32(fdt, root, "interrupt-parent", PHANDLE_GIC));

    TRY("/chosen", node = add_node(fdt, root, "chosen"));
    /* libfdt puts a new property first: the seeds (filled in by fdt_patch_boot)
     * before stdout-path leave QEMU's order, stdout-path, rng-seed, kaslr-seed. */
    {
        static const uint8_t zeros[32];
        TRY("/chosen/kaslr-seed", fdt_setprop(fdt, node, "kaslr-seed", zeros, 8));
        TRY("/chosen/rng-seed", fdt_setprop(fdt, node, "rng-seed", zeros, 32));
    }
    TRY("/chosen/stdout-path", fdt_setprop_string(fdt, node, "stdout-path", uart_path));
    TRY("/aliases", node = add_node(fdt, root, "aliases"));
    TRY("/aliases/serial0", fdt_setprop_string(fdt, node, "serial0", uart_path));

    snprintf(name, sizeof(name), "memory@%" G_GINT64_MODIFIER "x", d->ram_base);
    TRY("/memory", node = add_node(fdt, root, name));
    TRY("/memory/device_type", fdt_setprop_string(fdt, node, "device_type", "memory"));
    TRY("/memory/reg", setprop_reg64(fdt, node, d->ram_base, d->ram_size));

    /* Affinity fields only (Aff3 in [39:32], Aff2..Aff0 in [23:0]). */
    bool wide = false;
    for (unsigned i = 0; i < d->ncpus; i++) {
        if ((d->mpidr[i] & 0xff00ffffffULL) >> 32) {
            wide = true;
        }
    }
    TRY("/cpus", cpus = add_node(fdt, root, "cpus"));
    TRY("/cpus/#address-cells", fdt_setprop_u32(fdt, cpus, "#address-cells", wide ? 2 : 1));
    TRY("/cpus/#size-cells", fdt_setprop_u32(fdt, cpus, "#size-cells", 0));
    /* Added in reverse: fdt_add_subnode inserts first, so cpu@0 ends up first. */
    for (unsigned i = d->ncpus; i-- > 0;) {
        uint64_t aff = d->mpidr[i] & 0xff00ffffffULL;
        snprintf(name, sizeof(name), "cpu@%" G_GINT64_MODIFIER "x", aff);
        TRY("/cpus/cpu", node = add_node(fdt, cpus, name));
        TRY("/cpus/cpu/device_type", fdt_setprop_string(fdt, node, "device_type", "cpu"));
        TRY("/cpus/cpu/compatible", fdt_setprop_string(fdt, node, "compatible",
                                                       d->cpu_compatible ? d->cpu_compatible
                                                                         : "arm,cortex-a57"));
        if (wide) {
            TRY("/cpus/cpu/reg", fdt_setprop_u64(fdt, node, "reg", aff));
        } else {
            TRY("/cpus/cpu/reg", fdt_setprop_u32(fdt, node, "reg", (uint32_t)aff));
        }
        TRY("/cpus/cpu/enable-method", fdt_setprop_string(fdt, node, "enable-method", "psci"));
    }

    /* The flash banks: one node, each bank a (base, size) pair in reg. */
    if (d->flash_banks) {
        uint32_t reg[4 * 2];
        g_assert(d->flash_banks <= 2);
        for (unsigned b = 0; b < d->flash_banks; b++) {
            hwaddr base = d->flash_base + b * d->flash_bank_size;
            reg[4 * b] = base >> 32;
            reg[4 * b + 1] = (uint32_t)base;
            reg[4 * b + 2] = d->flash_bank_size >> 32;
            reg[4 * b + 3] = (uint32_t)d->flash_bank_size;
        }
        snprintf(name, sizeof(name), "flash@%" G_GINT64_MODIFIER "x", d->flash_base);
        TRY("/flash", node = add_node(fdt, root, name));
        TRY("/flash/compatible", fdt_setprop_string(fdt, node, "compatible", "cfi-flash"));
        TRY("/flash/reg", setprop_cells(fdt, node, "reg", reg, 4 * d->flash_banks));
        TRY("/flash/bank-width", fdt_setprop_u32(fdt, node, "bank-width", d->flash_bank_width));
    }

    snprintf(name, sizeof(name), "intc@%" G_GINT64_MODIFIER "x", d->gicd_base);
    TRY("/intc", node = add_node(fdt, root, name));
    TRY("/intc/compatible", fdt_setprop_string(fdt, node, "compatible", "arm,gic-v3"));
    TRY("/intc/interrupt-controller", fdt_setprop_empty(fdt, node, "interrupt-controller"));
    TRY("/intc/#interrupt-cells", fdt_setprop_u32(fdt, node, "#interrupt-cells", 3));
    TRY("/intc/#address-cells", fdt_setprop_u32(fdt, node, "#address-cells", 2));
    TRY("/intc/#size-cells", fdt_setprop_u32(fdt, node, "#size-cells", 2));
    TRY("/intc/ranges", fdt_setprop_empty(fdt, node, "ranges"));
    TRY("/intc/#redistributor-regions",
        fdt_setprop_u32(fdt, node, "#redistributor-regions", 1));
    {
        uint32_t reg[8] = {
            d->gicd_base >> 32, (uint32_t)d->gicd_base, d->gicd_size >> 32, (uint32_t)d->gicd_size,
            d->gicr_base >> 32, (uint32_t)d->gicr_base, d->gicr_size >> 32, (uint32_t)d->gicr_size,
        };
        TRY("/intc/reg", setprop_cells(fdt, node, "reg", reg, 8));
    }
    TRY("/intc/phandle", fdt_setprop_u32(fdt, node, "phandle", PHANDLE_GIC));

    TRY("/timer", node = add_node(fdt, root, "timer"));
    {
        static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
        static const uint32_t irqs[12] = {
            GIC_PPI, 13, IRQ_LEVEL_HIGH,  /* secure physical */
            GIC_PPI, 14, IRQ_LEVEL_HIGH,  /* non-secure physical */
            GIC_PPI, 11, IRQ_LEVEL_HIGH,  /* virtual */
            GIC_PPI, 10, IRQ_LEVEL_HIGH,  /* hypervisor */
        };
        TRY("/timer/compatible", fdt_setprop(fdt, node, "compatible", compat, sizeof(compat)));
        TRY("/timer/always-on", fdt_setprop_empty(fdt, node, "always-on"));
        TRY("/timer/interrupts", setprop_cells(fdt, node, "interrupts", irqs, 12));
    }

    /* src/arm/pmu.c's PMUv3 and its overflow PPI: without the node Linux never probes
     * armv8_pmuv3 (QEMU's virt has it: "hw perfevents: enabled with armv8_pmuv3 PMU driver"). */
    if (d->pmu) {
        uint32_t irq[3] = { GIC_PPI, d->pmu_ppi, IRQ_LEVEL_HIGH };
        TRY("/pmu", node = add_node(fdt, root, "pmu"));
        TRY("/pmu/compatible", fdt_setprop_string(fdt, node, "compatible", "arm,armv8-pmuv3"));
        TRY("/pmu/interrupts", setprop_cells(fdt, node, "interrupts", irq, 3));
    }

    TRY("/apb-pclk", node = add_node(fdt, root, "apb-pclk"));
    TRY("/apb-pclk/compatible", fdt_setprop_string(fdt, node, "compatible", "fixed-clock"));
    TRY("/apb-pclk/#clock-cells", fdt_setprop_u32(fdt, node, "#clock-cells", 0));
    TRY("/apb-pclk/clock-frequency", fdt_setprop_u32(fdt, node, "clock-frequency", 24000000));
    TRY("/apb-pclk/clock-output-names",
        fdt_setprop_string(fdt, node, "clock-output-names", "clk24mhz"));
    TRY("/apb-pclk/phandle", fdt_setprop_u32(fdt, node, "phandle", PHANDLE_CLK));

    TRY("/pl011", node = add_node(fdt, root, uart_path + 1));
    {
        static const char compat[] = "arm,pl011\0arm,primecell";
        static const char clock_names[] = "uartclk\0apb_pclk";
        uint32_t irq[3] = { GIC_SPI, d->uart_spi, IRQ_LEVEL_HIGH };
        uint32_t clocks[2] = { PHANDLE_CLK, PHANDLE_CLK };
        TRY("/pl011/compatible", fdt_setprop(fdt, node, "compatible", compat, sizeof(compat)));
        TRY("/pl011/reg", setprop_reg64(fdt, node, d->uart_base, d->uart_size));
        TRY("/pl011/interrupts", setprop_cells(fdt, node, "interrupts", irq, 3));
        TRY("/pl011/clocks", setprop_cells(fdt, node, "clocks", clocks, 2));
        TRY("/pl011/clock-names",
            fdt_setprop(fdt, node, "clock-names", clock_names, sizeof(clock_names)));
    }

    if (d->fw_cfg_size) {
        /* In QEMU's virt's order: compatible, reg, dma-coherent (DMA sees the
         * CPUs' view of memory). */
        snprintf(name, sizeof(name), "fw-cfg@%" G_GINT64_MODIFIER "x", d->fw_cfg_base);
        TRY("/fw-cfg", node = add_node(fdt, root, name));
        TRY("/fw-cfg/compatible", fdt_setprop_string(fdt, node, "compatible", "qemu,fw-cfg-mmio"));
        TRY("/fw-cfg/reg", setprop_reg64(fdt, node, d->fw_cfg_base, d->fw_cfg_size));
        TRY("/fw-cfg/dma-coherent", fdt_setprop_empty(fdt, node, "dma-coherent"));
    }

    TRY("/psci", node = add_node(fdt, root, "psci"));
    {
        static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
        TRY("/psci/compatible", fdt_setprop(fdt, node, "compatible", compat, sizeof(compat)));
        TRY("/psci/method", fdt_setprop_string(fdt, node, "method",
                                               d->psci_method ? d->psci_method : "smc"));
        /* PSCI 0.1 function ids: the 0.2 ones, for kernels that only know 0.1. */
        TRY("/psci/cpu_suspend", fdt_setprop_u32(fdt, node, "cpu_suspend", 0xc4000001));
        TRY("/psci/cpu_off", fdt_setprop_u32(fdt, node, "cpu_off", 0x84000002));
        TRY("/psci/cpu_on", fdt_setprop_u32(fdt, node, "cpu_on", 0xc4000003));
        TRY("/psci/migrate", fdt_setprop_u32(fdt, node, "migrate", 0xc4000005));
    }
    return fdt;
fail:
    g_free(fdt);
    return NULL;
}

/* ---- reading ------------------------------------------------------------------ */

static uint32_t psci_id(const void *fdt, int node, const char *name)
{
    int len;
    const fdt32_t *v = fdt_getprop(fdt, node, name, &len);
    return v && len == 4 ? fdt32_to_cpu(*v) : 0;
}

void fdt_read_psci(const void *fdt, FdtPsciInfo *out)
{
    memset(out, 0, sizeof(*out));
    int node = fdt_path_offset(fdt, "/psci");
    if (node < 0) {
        return;
    }
    int len;
    const char *m = fdt_getprop(fdt, node, "method", &len);
    if (m && len >= 4 && !memcmp(m, "smc", 4)) {
        out->method = "smc";
    } else if (m && len >= 4 && !memcmp(m, "hvc", 4)) {
        out->method = "hvc";
    }
    out->cpu_suspend = psci_id(fdt, node, "cpu_suspend");
    out->cpu_off = psci_id(fdt, node, "cpu_off");
    out->cpu_on = psci_id(fdt, node, "cpu_on");
    out->migrate = psci_id(fdt, node, "migrate");
}

/* ---- patching ----------------------------------------------------------------- */

static bool fdt_grow(void **fdt, GError **errp)
{
    uint32_t old = fdt_totalsize(*fdt);
    if (old > (1u << 30)) {
        return fdt_fail(errp, "grow", -FDT_ERR_NOSPACE);
    }
    int newsize = old * 2 + 4096;
    void *nfdt = g_malloc0(newsize);
    int rc = fdt_open_into(*fdt, nfdt, newsize);
    if (rc < 0) {
        g_free(nfdt);
        return fdt_fail(errp, "grow", rc);
    }
    g_free(*fdt);
    *fdt = nfdt;
    return true;
}

/* Node offsets are looked up again after each grow: cheap, and never stale. */
static int node_by_path_or_create(void **fdt, const char *path, GError **errp)
{
    for (;;) {
        int off = fdt_path_offset(*fdt, path);
        if (off >= 0 || off != -FDT_ERR_NOTFOUND) {
            if (off < 0) {
                fdt_fail(errp, path, off);
            }
            return off;
        }
        off = fdt_add_subnode(*fdt, 0, path + 1);
        if (off == -FDT_ERR_NOSPACE) {
            if (!fdt_grow(fdt, errp)) {
                return -1;
            }
            continue;
        }
        if (off < 0) {
            fdt_fail(errp, path, off);
        }
        return off;
    }
}

static bool setprop_at(void **fdt, const char *path, const char *prop,
                       const void *val, int len, GError **errp)
{
    for (;;) {
        int node = fdt_path_offset(*fdt, path);
        if (node < 0) {
            return fdt_fail(errp, path, node);
        }
        int rc = fdt_setprop(*fdt, node, prop, val, len);
        if (rc == -FDT_ERR_NOSPACE) {
            if (!fdt_grow(fdt, errp)) {
                return false;
            }
            continue;
        }
        if (rc < 0) {
            g_autofree char *what = g_strdup_printf("%s/%s", path, prop);
            return fdt_fail(errp, what, rc);
        }
        return true;
    }
}

/* A number in n (1 or 2) big-endian cells; false when it does not fit. */
static bool encode_cells(uint8_t *buf, int n, uint64_t v)
{
    if (n == 1) {
        if (v >> 32) {
            return false;
        }
        fdt32_t c = cpu_to_fdt32((uint32_t)v);
        memcpy(buf, &c, 4);
        return true;
    }
    fdt64_t c = cpu_to_fdt64(v);
    memcpy(buf, &c, 8);
    return true;
}

static bool root_cells(void *fdt, int *ac, int *sc, GError **errp)
{
    *ac = fdt_address_cells(fdt, 0);
    *sc = fdt_size_cells(fdt, 0);
    if (*ac < 0) {
        return fdt_fail(errp, "/#address-cells", *ac);
    }
    if (*sc < 0) {
        return fdt_fail(errp, "/#size-cells", *sc);
    }
    if (*ac < 1 || *ac > 2 || *sc < 1 || *sc > 2) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "device tree: root #address-cells %d / #size-cells %d not supported "
                    "(need 1 or 2)", *ac, *sc);
        return false;
    }
    return true;
}

static void random_bytes(void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = getrandom(p + done, len - done, GRND_NONBLOCK);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            break;
        }
        done += n;
    }
    /* No kernel entropy yet: GLib's generator still gives a fresh value. */
    for (; done < len; done++) {
        p[done] = g_random_int() & 0xff;
    }
}

static bool set_memory_reg(void **fdt, hwaddr base, uint64_t size, int ac, int sc,
                           GError **errp)
{
    uint8_t reg[16];
    if (!encode_cells(reg, ac, base) || !encode_cells(reg + ac * 4, sc, size)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "device tree: RAM 0x%" G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
                    "x does not fit in #address-cells %d / #size-cells %d",
                    base, size, ac, sc);
        return false;
    }
    int node = fdt_node_offset_by_prop_value(*fdt, -1, "device_type", "memory",
                                             sizeof("memory"));
    g_autofree char *path = NULL;
    if (node >= 0) {
        char buf[256];
        int rc = fdt_get_path(*fdt, node, buf, sizeof(buf));
        if (rc < 0) {
            return fdt_fail(errp, "memory node", rc);
        }
        path = g_strdup(buf);
    } else if (node == -FDT_ERR_NOTFOUND) {
        path = g_strdup_printf("/memory@%" G_GINT64_MODIFIER "x", base);
        if (node_by_path_or_create(fdt, path, errp) < 0) {
            return false;
        }
        if (!setprop_at(fdt, path, "device_type", "memory", sizeof("memory"), errp)) {
            return false;
        }
    } else {
        return fdt_fail(errp, "memory node", node);
    }
    return setprop_at(fdt, path, "reg", reg, (ac + sc) * 4, errp);
}

bool fdt_patch_boot(void **fdt, const char *bootargs, hwaddr initrd_start,
                    uint64_t initrd_size, hwaddr ram_base, uint64_t ram_size,
                    GError **errp)
{
    int ac, sc;
    int rc = fdt_check_header(*fdt);
    if (rc < 0) {
        return fdt_fail(errp, "header", rc);
    }
    if (!root_cells(*fdt, &ac, &sc, errp)) {
        return false;
    }
    if (node_by_path_or_create(fdt, "/chosen", errp) < 0) {
        return false;
    }
    if (bootargs &&
        !setprop_at(fdt, "/chosen", "bootargs", bootargs, strlen(bootargs) + 1, errp)) {
        return false;
    }
    if (initrd_size) {
        uint8_t v[8];
        /* Linux reads these with of_read_number(): the root's address cells. */
        if (!encode_cells(v, ac, initrd_start) ||
            !setprop_at(fdt, "/chosen", "linux,initrd-start", v, ac * 4, errp) ||
            !encode_cells(v, ac, initrd_start + initrd_size) ||
            !setprop_at(fdt, "/chosen", "linux,initrd-end", v, ac * 4, errp)) {
            if (errp && !*errp) {
                g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                            "device tree: initrd address does not fit in #address-cells %d",
                            ac);
            }
            return false;
        }
    }
    fdt64_t kaslr;
    uint8_t rng[32];
    random_bytes(&kaslr, sizeof(kaslr));
    random_bytes(rng, sizeof(rng));
    if (!setprop_at(fdt, "/chosen", "kaslr-seed", &kaslr, sizeof(kaslr), errp) ||
        !setprop_at(fdt, "/chosen", "rng-seed", rng, sizeof(rng), errp)) {
        return false;
    }
    return set_memory_reg(fdt, ram_base, ram_size, ac, sc, errp);
}
