/* fw_cfg.h: QEMU's firmware configuration device, MMIO flavour ("qemu,fw-cfg-mmio",
 * QEMU's docs/specs/fw_cfg.rst): numbered items, a file directory, and DMA. */
#ifndef A64EMU_FW_CFG_H
#define A64EMU_FW_CFG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/object.h"
#include "core/memory.h"

#define TYPE_FW_CFG_MEM "fw_cfg_mem"

/* The register block: data at +0 (data_width bytes), selector at +8 (16-bit
 * big-endian), DMA address at +16 (64-bit big-endian). */
#define FW_CFG_MMIO_SIZE 0x18
#define FW_CFG_REG_DATA 0x00
#define FW_CFG_REG_SELECTOR 0x08
#define FW_CFG_REG_DMA 0x10

/* Item keys (QEMU's include/standard-headers/linux/qemu_fw_cfg.h numbering). */
enum {
    FW_CFG_SIGNATURE = 0x00,
    FW_CFG_ID = 0x01,
    FW_CFG_UUID = 0x02,
    FW_CFG_RAM_SIZE = 0x03,
    FW_CFG_NOGRAPHIC = 0x04,
    FW_CFG_NB_CPUS = 0x05,
    FW_CFG_MACHINE_ID = 0x06,
    FW_CFG_KERNEL_ADDR = 0x07,
    FW_CFG_KERNEL_SIZE = 0x08,
    FW_CFG_KERNEL_CMDLINE = 0x09,
    FW_CFG_INITRD_ADDR = 0x0a,
    FW_CFG_INITRD_SIZE = 0x0b,
    FW_CFG_BOOT_DEVICE = 0x0c,
    FW_CFG_NUMA = 0x0d,
    FW_CFG_BOOT_MENU = 0x0e,
    FW_CFG_MAX_CPUS = 0x0f,
    FW_CFG_KERNEL_ENTRY = 0x10,
    FW_CFG_KERNEL_DATA = 0x11,
    FW_CFG_INITRD_DATA = 0x12,
    FW_CFG_CMDLINE_ADDR = 0x13,
    FW_CFG_CMDLINE_SIZE = 0x14,
    FW_CFG_CMDLINE_DATA = 0x15,
    FW_CFG_SETUP_ADDR = 0x16,
    FW_CFG_SETUP_SIZE = 0x17,
    FW_CFG_SETUP_DATA = 0x18,
    FW_CFG_FILE_DIR = 0x19,
    FW_CFG_FILE_FIRST = 0x20,
    FW_CFG_WRITE_CHANNEL = 0x4000,
    FW_CFG_ARCH_LOCAL = 0x8000,
    FW_CFG_ENTRY_MASK = 0x3fff,
    FW_CFG_INVALID = 0xffff,
};

/* FW_CFG_ID bits */
#define FW_CFG_VERSION 0x01
#define FW_CFG_VERSION_DMA 0x02

/* FWCfgDmaAccess.control bits; the selector goes in bits 31..16 with SELECT. */
#define FW_CFG_DMA_CTL_ERROR 0x01
#define FW_CFG_DMA_CTL_READ 0x02
#define FW_CFG_DMA_CTL_SKIP 0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE 0x10
/* What a read of the DMA address register returns (big-endian "QEMU CFG"). */
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ULL

#define FW_CFG_MAX_FILE_PATH 56
#define FW_CFG_FILE_SLOTS_DFLT 0x20
/* One directory entry: be32 size, be16 select, be16 reserved, name[56]. */
#define FW_CFG_DIR_ENTRY_SIZE 64

typedef struct FWCfgEntry {
    uint8_t *data;      /* owned; NULL for an empty item */
    uint32_t len;
} FWCfgEntry;

typedef struct FWCfgState {
    Object parent_obj;
    MemoryRegion data_mr, ctl_mr, dma_mr;   /* "fwcfg.data", "fwcfg.ctl", "fwcfg.dma" */
    /* properties */
    uint32_t data_width;            /* "data_width": widest data register read (8) */
    bool dma_enabled;               /* "dma_enabled": the DMA interface and ID bit 1 */
    uint32_t file_slots;            /* "x-file-slots": room in the directory */
    /* Where DMA transfers go; NULL: the system address space. Set before the
     * guest runs (tests point it at their own space). */
    AddressSpace *dma_as;

    /* The items. Filled while the board is built, before any vCPU runs, and
     * never changed after: the guest only reads them. */
    FWCfgEntry *entries;            /* FW_CFG_FILE_FIRST + file_slots of them */
    uint32_t file_count;
    char (*file_names)[FW_CFG_MAX_FILE_PATH];   /* file i is entry FILE_FIRST + i */

    /* The guest's view: read and written by the MMIO callbacks, which run
     * under the big lock, and by reset (also under it). */
    uint16_t cur_entry;
    uint32_t cur_offset;
    uint64_t dma_addr;
    bool dma_busy;                  /* a transfer is running: its own writes must not start another */
} FWCfgState;

/* Map the three registers at base (+0, +8, +16; no DMA one without dma_enabled). */
void fw_cfg_map(FWCfgState *s, MemoryRegion *parent, hwaddr base);

/* Items with fixed keys. The data is copied; integers are stored little-endian,
 * as QEMU stores them. Replaces an item already there. */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, uint32_t len);
/* The same, taking ownership of data (g_free'd with the device). */
void fw_cfg_add_bytes_owned(FWCfgState *s, uint16_t key, uint8_t *data, uint32_t len);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);   /* with its NUL */
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/* A named file in the directory, kept sorted by name (strcmp, as QEMU sorts
 * for current machine types): the files' selectors follow that order.
 * Fails when the name is empty, too long, already there, or the directory full. */
bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data, uint32_t len,
                     GError **errp);
/* The item at key (NULL when there is none), for the tests and the board. */
const FWCfgEntry *fw_cfg_get_entry(FWCfgState *s, uint16_t key);

/* Realize adds the signature and the ID. This adds the rest of what QEMU's
 * fw_cfg core gives every machine: UUID (zero: there is no -uuid), NOGRAPHIC,
 * BOOT_MENU (0), and the files bootorder and bios-geometry (both empty: no
 * device has a bootindex) and etc/boot-fail-wait (-1: no reboot-timeout). */
bool fw_cfg_add_common(FWCfgState *s, bool nographic, GError **errp);

/* What QEMU's Arm boot code gives a firmware for -kernel/-initrd/-append:
 * KERNEL_SIZE/DATA (the kernel gunzipped when it is gzip, at most
 * FW_CFG_KERNEL_MAX bytes), INITRD_SIZE/DATA (as it is, at most initrd_max
 * bytes), CMDLINE_SIZE/DATA (with its NUL; "" without -append). No
 * KERNEL_ADDR, SETUP_* or the like: on Arm QEMU sets none (x86 loaders do).
 * Nothing without a kernel. Errors name the file. */
#define FW_CFG_KERNEL_MAX (256ull << 20)    /* QEMU's LOAD_IMAGE_MAX_GUNZIP_BYTES */
bool fw_cfg_add_kernel(FWCfgState *s, const char *kernel, const char *initrd,
                       const char *append, uint64_t initrd_max, GError **errp);

#endif
