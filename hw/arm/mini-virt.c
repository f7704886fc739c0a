/* mini-virt.c: the board: CPUs, RAM at 0x4000_0000, the GICv3, the PL011 on
 * SPI 1, fw_cfg, as QEMU's virt address map has them, and direct kernel boot. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "hw/core/machine.h"
#include "arm/cpu.h"
#include "arm/psci.h"
#include "ui/chardev.h"
#include "hw/char/pl011.h"
#include "hw/intc/gicv3.h"
#include "hw/block/pflash.h"
#include "hw/nvram/fw_cfg.h"
#include "arm/pmu.h"
#include "core/log.h"

#define TYPE_MINI_VIRT_MACHINE "mini-virt" TYPE_MACHINE_SUFFIX

enum {
    VIRT_GICD_BASE = 0x08000000, VIRT_GICD_SIZE = 0x10000,
    VIRT_GICR_BASE = 0x080A0000, VIRT_GICR_SIZE = 0xF60000,
    VIRT_GICR_PER_CPU = 0x20000,
    VIRT_GIC_NUM_IRQ = 256,             /* 224 SPIs, as QEMU's virt */
    VIRT_UART_BASE = 0x09000000, VIRT_UART_SIZE = 0x1000,
    VIRT_UART_SPI = 1,
    VIRT_FW_CFG_BASE = 0x09020000,
    /* the generic timer's PPIs, as INTIDs (the DTB's timer node) */
    VIRT_TIMER_S_EL1_INTID = 29, VIRT_TIMER_NS_EL1_INTID = 30,
    VIRT_TIMER_VIRT_INTID = 27, VIRT_TIMER_NS_EL2_INTID = 26,
};
/* Two CFI flash banks of 64 MiB from 0, QEMU virt's: 256 KiB blocks, a 32-bit
 * bus of two x16 devices, Intel's manufacturer code and the 28F128J3's. */
#define VIRT_FLASH_BASE ((uint64_t)0)
#define VIRT_FLASH_BANK_SIZE ((uint64_t)64 << 20)
#define VIRT_FLASH_SECTOR ((uint64_t)256 << 10)
#define VIRT_FLASH_BANKS 2
#define VIRT_RAM_BASE ((uint64_t)0x40000000)
/* RAM may reach up to the 256 GiB line, as on QEMU's virt without highmem. */
#define VIRT_RAM_MAX ((uint64_t)256 * 1024 * 1024 * 1024 - VIRT_RAM_BASE)
#define VIRT_MAX_CPUS (VIRT_GICR_SIZE / VIRT_GICR_PER_CPU)

/* MPIDR affinity as QEMU's virt assigns it with a GICv3: 16 CPUs a cluster. */
static uint64_t virt_cpu_affinity(unsigned n)
{
    return ((uint64_t)(n / 16) << 8) | (n % 16);
}

static Object *virt_add_child(Object *parent, const char *name, const char *type)
{
    Object *obj = object_new(type);
    object_property_add_child(parent, name, obj);
    object_unref(obj);
    return obj;
}

/* Bank n of the flash ("virt.flash0", "virt.flash1"), mapped, all ones. */
static PFlashState *virt_flash_create(MachineState *ms, unsigned n, GError **errp)
{
    g_autofree char *child = g_strdup_printf("pflash%u", n);
    g_autofree char *name = g_strdup_printf("virt.flash%u", n);
    Object *obj = virt_add_child(OBJECT(ms), child, TYPE_PFLASH_CFI01);
    PFlashState *fl = (PFlashState *)obj;

    if (!object_property_set_str(obj, "name", name, errp) ||
        !object_property_set_uint(obj, "size", VIRT_FLASH_BANK_SIZE, errp) ||
        !object_property_set_uint(obj, "sector-length", VIRT_FLASH_SECTOR, errp) ||
        !object_property_set_uint(obj, "width", 4, errp) ||
        !object_property_set_uint(obj, "device-width", 2, errp) ||
        !object_property_set_uint(obj, "id0", 0x89, errp) ||
        !object_property_set_uint(obj, "id1", 0x18, errp) ||
        !object_realize(obj, errp)) {
        return NULL;
    }
    pflash_fill_erased(fl);
    mr_add_subregion(get_system_memory(), VIRT_FLASH_BASE + n * VIRT_FLASH_BANK_SIZE, &fl->mem);
    return fl;
}

static bool mini_virt_init(MachineState *ms, GError **errp)
{
    Object *mobj = OBJECT(ms);
    MemoryRegion *sysmem = get_system_memory();
    const Options *o = ms->opts;
    g_autofree uint64_t *mpidr = g_new0(uint64_t, ms->smp);
    const char *cpu_compat = NULL;

    if (ms->ram_size > VIRT_RAM_MAX) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-m %" PRIu64 "M: mini-virt has room for at most %" PRIu64 "M of RAM",
                    ms->ram_size >> 20, VIRT_RAM_MAX >> 20);
        return false;
    }

    for (unsigned n = 0; n < ms->smp; n++) {
        g_autofree char *name = g_strdup_printf("cpu[%u]", n);
        Object *cpu = virt_add_child(mobj, name, ms->cpu_type);
        mpidr[n] = virt_cpu_affinity(n);
        /* Secondaries wait for PSCI CPU_ON. */
        if (!object_property_set_uint(cpu, "mp-affinity", mpidr[n], errp) ||
            !object_property_set_bool(cpu, "start-powered-off", n > 0, errp) ||
            !object_realize(cpu, errp)) {
            return false;
        }
        cpu_compat = arm_cpu_dtb_compatible((ARMCPU *)cpu);
    }

    if (!mr_init_ram(&ms->ram, mobj, "ram", ms->ram_size, errp)) {
        return false;
    }
    mr_add_subregion(sysmem, VIRT_RAM_BASE, &ms->ram);

    /* Each bank from its -drive if=pflash file, else all ones (bank 0 then gets -bios). */
    PFlashState *flash[VIRT_FLASH_BANKS];
    for (unsigned n = 0; n < VIRT_FLASH_BANKS; n++) {
        flash[n] = virt_flash_create(ms, n, errp);
        if (!flash[n]) {
            return false;
        }
        if (n < OPTIONS_PFLASH_MAX && o->pflash[n].file &&
            !pflash_attach_file(flash[n], o->pflash[n].file, o->pflash[n].readonly, errp)) {
            return false;
        }
    }

    /* The GICv3: the distributor, then one redistributor pair of frames per CPU
     * (CPU 0 first, each with its CPU's affinity). Its per-CPU "irq"/"fiq"
     * outputs are for the CPUs' interrupt inputs. */
    Object *gic = virt_add_child(mobj, "gic", TYPE_GICV3);
    if (!object_property_set_uint(gic, "num-cpu", ms->smp, errp) ||
        !object_property_set_uint(gic, "num-irq", VIRT_GIC_NUM_IRQ, errp) ||
        !object_property_set_uint_array(gic, "cpu-affinity", mpidr, ms->smp, errp) ||
        !object_realize(gic, errp)) {
        return false;
    }
    GICv3State *gs = (GICv3State *)gic;
    mr_add_subregion(sysmem, VIRT_GICD_BASE, &gs->dist_mr);
    mr_add_subregion(sysmem, VIRT_GICR_BASE, &gs->redist_mr);
    /* Each CPU's interrupt inputs from its CPU interface, and its generic
     * timers' outputs to its PPIs, as the DTB's timer node lists them (PPI n =
     * INTID 16 + n): physical 14 (30), virtual 11 (27), hypervisor 10 (26),
     * secure 13 (29). */
    static const unsigned timer_intid[GT_NUM_OUT] = {
        [GT_PHYS] = VIRT_TIMER_NS_EL1_INTID, [GT_VIRT] = VIRT_TIMER_VIRT_INTID,
        [GT_HYP] = VIRT_TIMER_NS_EL2_INTID, [GT_SEC] = VIRT_TIMER_S_EL1_INTID,
    };
    for (unsigned n = 0; n < ms->smp; n++) {
        Object *cpu = OBJECT(arm_cpu_by_index((int)n));
        obj_connect_gpio_out(gic, "irq", (int)n, obj_get_gpio_in(cpu, "irq", 0));
        obj_connect_gpio_out(gic, "fiq", (int)n, obj_get_gpio_in(cpu, "fiq", 0));
        for (unsigned t = 0; t < GT_NUM_OUT; t++) {
            obj_connect_gpio_out(cpu, "gtimer", (int)t, gicv3_ppi_line(gs, n, timer_intid[t]));
        }
        /* The PMU's overflow interrupt: its PPI 7 (INTID 23), as the DTB says. */
        arm_cpu_by_index((int)n)->pmu_irq = gicv3_ppi_line(gs, n, ARM_PMU_PPI);
    }

    Object *uart = virt_add_child(mobj, "pl011", TYPE_PL011);
    if (!object_property_set_str(uart, "chardev", "serial0", errp) ||
        !object_realize(uart, errp)) {
        return false;
    }
    if (ms->serial) {
        pl011_set_chardev((PL011State *)uart, ms->serial);
    }
    mr_add_subregion(sysmem, VIRT_UART_BASE, &((PL011State *)uart)->iomem);
    obj_connect_gpio_out(uart, NULL, 0, gicv3_spi_line(gs, VIRT_UART_SPI));

    /* fw_cfg, always there as on QEMU's virt: QEMU's common items and the
     * number of CPUs (U-Boot's `qfw cpus`). */
    Object *fwcfg = virt_add_child(mobj, "fw_cfg", TYPE_FW_CFG_MEM);
    if (!object_realize(fwcfg, errp) ||
        !fw_cfg_add_common((FWCfgState *)fwcfg, o->nographic, errp)) {
        return false;
    }
    fw_cfg_add_i16((FWCfgState *)fwcfg, FW_CFG_NB_CPUS, (uint16_t)ms->smp);
    fw_cfg_map((FWCfgState *)fwcfg, sysmem, VIRT_FW_CFG_BASE);

    FdtMachineDesc desc = {
        .ram_base = VIRT_RAM_BASE,
        .ram_size = ms->ram_size,
        .ncpus = ms->smp,
        .mpidr = mpidr,
        .cpu_compatible = cpu_compat,
        .gicd_base = VIRT_GICD_BASE, .gicd_size = VIRT_GICD_SIZE,
        .gicr_base = VIRT_GICR_BASE, .gicr_size = VIRT_GICR_SIZE,
        .uart_base = VIRT_UART_BASE, .uart_size = VIRT_UART_SIZE,
        .uart_spi = VIRT_UART_SPI,
        .fw_cfg_base = VIRT_FW_CFG_BASE, .fw_cfg_size = FW_CFG_MMIO_SIZE,
        .pmu = true, .pmu_ppi = ARM_PMU_PPI - 16,
        .psci_method = "smc",
        .flash_base = VIRT_FLASH_BASE, .flash_bank_size = VIRT_FLASH_BANK_SIZE,
        .flash_banks = VIRT_FLASH_BANKS, .flash_bank_width = 4,
    };
    BootInfo *bi = &ms->boot;
    bi->ram_base = VIRT_RAM_BASE;
    bi->ram_size = ms->ram_size;
    bi->kernel = o->kernel;
    bi->initrd = o->initrd;
    bi->append = o->append;
    bi->dtb_file = o->dtb;
    bi->dumpdtb = o->dumpdtb;
    bi->fdt_desc = &desc;
    /* Firmware in bank 0: the CPU starts at 0x0 in the flash. */
    bi->firmware_file = o->bios;
    bi->firmware_mr = &flash[0]->mem;
    bi->firmware = o->bios != NULL || o->pflash[0].file != NULL;
    if (!boot_load(bi, errp)) {
        return false;
    }
    if (o->kernel && !bi->firmware) {
        ARMCPU *cpu0 = arm_cpu_by_index(0);
        cpu0->reset_pc = bi->entry;
    }
    /* A firmware gets -kernel/-initrd/-append through fw_cfg (U-Boot's `qfw
     * load`), as QEMU's virt does; a direct boot leaves them out of it. */
    if (bi->firmware &&
        !fw_cfg_add_kernel((FWCfgState *)fwcfg, o->kernel, o->initrd, o->append,
                           ms->ram_size, errp)) {
        return false;
    }
    /* PSCI behind the conduit of the tree the guest gets (ours says "smc";
     * a -dtb may say "hvc"), with the PSCI 0.1 ids it lists. */
    PsciIds01 ids = {
        .cpu_suspend = bi->psci.cpu_suspend, .cpu_off = bi->psci.cpu_off,
        .cpu_on = bi->psci.cpu_on, .migrate = bi->psci.migrate,
    };
    arm_psci_configure(bi->psci.method, &ids);
    bi->fdt_desc = NULL;    /* it lived on this stack frame */
    return true;
}

static void mini_virt_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = (MachineClass *)oc;
    mc->name = "mini-virt";
    mc->alias = "virt";
    mc->default_cpu_model = "cortex-a57";
    mc->default_ram_size = 128ULL << 20;
    mc->max_cpus = VIRT_MAX_CPUS;
    mc->init = mini_virt_init;
    oc->desc = "ARM64 mini-virt: CPUs, RAM, GICv3, PL011, fw_cfg, generic timer (QEMU virt layout)";
}

static void mini_virt_register(void)
{
    static const TypeInfo mini_virt = {
        .name = TYPE_MINI_VIRT_MACHINE,
        .parent = TYPE_MACHINE,
        .class_init = mini_virt_class_init,
    };
    type_register(&mini_virt);
}
TYPE_INIT(mini_virt_register)

