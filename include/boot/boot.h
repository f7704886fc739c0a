/* boot.h: loaders (arm64 Image, Image.gz, ELF64, uImage, raw), the ROM blob
 * list (`info roms`), direct kernel boot placement with the boot stub, the
 * device tree (generated with libfdt or the user's, patched), -device loader. */
#ifndef A64EMU_BOOT_H
#define A64EMU_BOOT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/memory.h"

/* ---- ROM blobs: everything the loaders put in guest memory ---------------- */

typedef struct Rom {
    char *name;        /* shown by info roms: the file name, "bootloader", "dtb" */
    hwaddr addr;
    uint64_t size;     /* bytes it occupies in guest memory */
    uint8_t *data;     /* size bytes (datasize may be less: the rest is zero) */
    uint64_t datasize;
    bool optional;     /* dropped, not an error, when another blob overlaps it
                        * (the DTB left at the base of RAM when there is no kernel) */
    MemoryRegion *mr;  /* non-NULL: the blob is the contents of this ROM device
                        * (the firmware in flash bank 0) at offset addr, written
                        * into its memory directly, not through its commands */
} Rom;

/* Copies data. */
Rom *rom_add_blob(const char *name, const void *data, uint64_t len, hwaddr addr);
/* Takes ownership of data (g_free). */
Rom *rom_add_blob_owned(const char *name, uint8_t *data, uint64_t len, hwaddr addr);
/* Takes ownership of data: datasize bytes of data, then zeros up to size
 * (an ELF segment's bss). */
Rom *rom_add_blob_sized(const char *name, uint8_t *data, uint64_t datasize,
                        uint64_t size, hwaddr addr);
/* Takes ownership of data: the first len bytes of ROM device mr (the rest
 * of it is left as it is), as QEMU loads -bios into flash. */
Rom *rom_add_blob_mr(const char *name, uint8_t *data, uint64_t len, MemoryRegion *mr);
/* Every blob must lie inside a RAM (or ROM) region of `as` and no two may
 * overlap; the error names the blob(s) and their ranges. Optional blobs that
 * overlap others are removed first. */
bool rom_check_layout(AddressSpace *as, GError **errp);
/* Write every blob into memory (at machine reset, as QEMU does). */
void rom_reset(AddressSpace *as);
/* `info roms`, sorted by address:
 * addr=0000000040000000 size=0x000028 mem=ram name="bootloader" */
void rom_print(AddressSpace *as, GString *out);
const GPtrArray *rom_list(void);    /* Rom *, in insertion order */
void rom_clear_all(void);           /* for tests */

/* ---- Files ------------------------------------------------------------------ */

/* Whole file into memory; gunzip when it starts with the gzip magic and
 * allow_gzip. The decompressed size is capped at max_size. Errors name the
 * file: missing, unreadable, corrupt or truncated gzip, too large. */
bool load_file(const char *path, bool allow_gzip, uint64_t max_size,
               uint8_t **data, uint64_t *len, GError **errp);

/* Inflate a gzip stream (the whole of `in`) into a new buffer of at most
 * max_size bytes. `name` is the file the errors name. */
bool gunzip_buffer(const char *name, const uint8_t *in, uint64_t inlen,
                   uint64_t max_size, uint8_t **out, uint64_t *outlen, GError **errp);

/* ---- Kernel images ----------------------------------------------------------- */

typedef enum ImageKind { IMAGE_ARM64, IMAGE_ELF, IMAGE_UIMAGE, IMAGE_RAW } ImageKind;

typedef struct LoadedKernel {
    ImageKind kind;
    bool is_linux;     /* enter through the boot stub with x0 = DTB */
    hwaddr entry;      /* kernel entry point */
    hwaddr low, high;  /* lowest and one-past-highest byte it occupies (incl. bss/image_size) */
} LoadedKernel;

/* Format probes and loaders shared by load_kernel and -device loader. */
bool image_is_elf(const uint8_t *data, uint64_t len);
bool image_is_uimage(const uint8_t *data, uint64_t len);
bool image_is_gzip(const uint8_t *data, uint64_t len);
/* An ELF64 AArch64 image: each PT_LOAD segment becomes a ROM blob named
 * `name` at p_paddr (filesz bytes, zero-filled to memsz). Sets kind, entry
 * (e_entry), low, high and is_linux (an arm64 vmlinux: the Image magic at
 * 0x38 of the first segment; its entry is then translated to physical). */
bool elf_load(const char *name, const uint8_t *data, uint64_t len,
              LoadedKernel *out, GError **errp);

#define UIMAGE_HEADER_SIZE 64
#define UIMAGE_OS_LINUX 5
#define UIMAGE_TYPE_KERNEL 2
#define UIMAGE_TYPE_RAMDISK 3
#define UIMAGE_COMP_NONE 0
#define UIMAGE_COMP_GZIP 1
typedef struct UImageHeader {
    uint32_t time, size, load, ep, dcrc;
    uint8_t os, arch, type, comp;
    char name[33];
} UImageHeader;
/* Check magic, header CRC, size and data CRC; the payload follows the
 * 64-byte header. Errors name `name`. */
bool uimage_parse(const char *name, const uint8_t *data, uint64_t len,
                  UImageHeader *h, GError **errp);
/* A kernel uImage: payload (gunzipped for ih_comp gzip, at most max_size
 * bytes) as a ROM blob at ih_load, entry ih_ep, is_linux for ih_os Linux. */
bool uimage_load_kernel(const char *name, const uint8_t *data, uint64_t len,
                        uint64_t max_size, LoadedKernel *out, GError **errp);

/* Detect the format of `path` and add its ROM blob(s), placed relative to
 * ram_base as mini-virt.md says (Image: ram_base + text_offset, bumped by
 * 2 MiB when it would overlap the stub). */
bool load_kernel(const char *path, hwaddr ram_base, uint64_t ram_size,
                 LoadedKernel *out, GError **errp);

/* ---- Device tree ------------------------------------------------------------ */

typedef struct FdtMachineDesc {
    hwaddr ram_base;
    uint64_t ram_size;
    unsigned ncpus;
    const uint64_t *mpidr;      /* ncpus affinity values */
    const char *cpu_compatible; /* "arm,cortex-a57" */
    hwaddr gicd_base, gicd_size;
    hwaddr gicr_base, gicr_size;
    hwaddr uart_base, uart_size;
    unsigned uart_spi;          /* 1 */
    hwaddr fw_cfg_base, fw_cfg_size;    /* a qemu,fw-cfg-mmio node; size 0: none */
    bool pmu;                   /* a /pmu node (arm,armv8-pmuv3) ... */
    unsigned pmu_ppi;           /* ... with this PPI (7: INTID 23) */
    const char *psci_method;    /* "smc" or "hvc" */
    /* CFI flash: flash_banks banks of flash_bank_size from flash_base, one
     * "cfi-flash" node as QEMU's virt has it (0 banks: no node). */
    hwaddr flash_base;
    uint64_t flash_bank_size;
    unsigned flash_banks;
    unsigned flash_bank_width;
} FdtMachineDesc;

/* The mini-virt tree as mini-virt.md lists it (without /chosen's dynamic
 * parts). g_free the result. */
void *fdt_build_mini_virt(const FdtMachineDesc *d, GError **errp);
/* Patch /chosen (bootargs if non-NULL, linux,initrd-start/end if initrd_size,
 * fresh kaslr-seed and rng-seed) and /memory (reg = ram range) in place;
 * *fdt may be reallocated to grow. */
bool fdt_patch_boot(void **fdt, const char *bootargs, hwaddr initrd_start,
                    uint64_t initrd_size, hwaddr ram_base, uint64_t ram_size,
                    GError **errp);

/* What the tree's /psci node says (the tree actually loaded: ours or the
 * user's -dtb): method "smc" or "hvc" (NULL: no node, or no method), and the
 * PSCI 0.1 function ids it lists (0 for those it does not). */
typedef struct FdtPsciInfo {
    const char *method;         /* a static string: "smc", "hvc" or NULL */
    uint32_t cpu_suspend, cpu_off, cpu_on, migrate;
} FdtPsciInfo;
void fdt_read_psci(const void *fdt, FdtPsciInfo *out);

/* ---- Direct kernel boot -------------------------------------------------------- */

typedef struct BootInfo {
    /* in */
    hwaddr ram_base;
    uint64_t ram_size;
    const char *kernel, *initrd, *append, *dtb_file, *dumpdtb;
    const FdtMachineDesc *fdt_desc;   /* used when there is no dtb_file */
    /* Firmware boot (-bios, -M ...,firmware=, or a flash drive for bank 0):
     * the CPU starts at 0x0 in the flash, no boot stub, the DTB at the base
     * of RAM, and -kernel/-initrd/-append are NOT loaded into RAM: they are
     * the firmware's, through fw_cfg (the kernel and initrd are only checked
     * here; append still goes into /chosen/bootargs, as QEMU does). */
    bool firmware;
    const char *firmware_file;        /* -bios FILE: loaded into firmware_mr */
    MemoryRegion *firmware_mr;        /* flash bank 0 */
    /* out */
    hwaddr entry;          /* where CPU 0 starts: the stub for Linux, else the entry */
    LoadedKernel kernel_info;
    hwaddr initrd_start;
    uint64_t initrd_size;
    hwaddr dtb_addr;
    uint64_t dtb_size;
    FdtPsciInfo psci;      /* the loaded tree's /psci node (method NULL without one) */
    bool dumped;           /* dumpdtb written: the caller exits 0 */
} BootInfo;

#define BOOT_STUB_SIZE 0x28
/* The ten-word stub with dtb and entry filled in (little-endian words). */
void boot_write_stub(uint32_t out[10], hwaddr dtb_addr, hwaddr kernel_entry);

/* Load kernel (if any), initrd and DTB, add the stub for Linux, and (for
 * dumpdtb) write the final tree to bi->dumpdtb. Every blob goes to the ROM
 * list; rom_check_layout() is the caller's next step. */
bool boot_load(BootInfo *bi, GError **errp);

/* ---- -device loader (the generic loader) ------------------------------------ */

#define TYPE_GENERIC_LOADER "loader"
/* Set by the CPU code: give CPU n its start PC (the loader's cpu-num). */
typedef bool (*SetCpuPcFn)(int cpu_num, hwaddr pc, GError **errp);
void generic_loader_set_pc_hook(SetCpuPcFn fn);

#endif
