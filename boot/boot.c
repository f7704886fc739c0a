/* boot.c: direct kernel boot. Places kernel, initrd and DTB in RAM the way
 * QEMU's hw/arm/boot.c does (mini-virt.md, "Direct kernel boot") and writes
 * the ten-word stub that enters Linux with x0 = DTB. */
#include <string.h>
#include <libfdt.h>
#include "boot/boot.h"

#define MiB ((uint64_t)1024 * 1024)
#define INITRD_MAX_OFFSET (128 * MiB)
#define PAGE_SIZE_4K 0x1000ULL
/* Early arm64 kernels map the DTB as the 2 MiB block around it. */
#define DTB_ALIGN (2 * MiB)
#define DTB_MAX_SIZE (2 * MiB)
#define DTB_FIRMWARE_SIZE (1 * MiB)

static const uint32_t stub_code[6] = {
    0x580000c0,     /* ldr x0, arg */
    0xaa1f03e1,     /* mov x1, xzr */
    0xaa1f03e2,     /* mov x2, xzr */
    0xaa1f03e3,     /* mov x3, xzr */
    0x58000084,     /* ldr x4, entry */
    0xd61f0080,     /* br x4 */
};

void boot_write_stub(uint32_t out[10], hwaddr dtb_addr, hwaddr kernel_entry)
{
    memcpy(out, stub_code, sizeof(stub_code));
    out[6] = (uint32_t)dtb_addr;
    out[7] = dtb_addr >> 32;
    out[8] = (uint32_t)kernel_entry;
    out[9] = kernel_entry >> 32;
    for (int i = 0; i < 10; i++) {
        out[i] = GUINT32_TO_LE(out[i]);
    }
}

/* Round up; false on overflow. */
static bool align_up(uint64_t v, uint64_t align, uint64_t *out)
{
    if (v > UINT64_MAX - (align - 1)) {
        return false;
    }
    *out = (v + align - 1) & ~(align - 1);
    return true;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

/* load_file's I/O errors read "PATH: strerror"; say what was being loaded. */
static void reword_io_error(GError **errp, GError *err, const char *what, const char *path)
{
    if (err->domain == G_FILE_ERROR && err->code != G_FILE_ERROR_INVAL) {
        const char *reason = err->message;
        size_t plen = strlen(path);
        if (strncmp(reason, path, plen) == 0 && strncmp(reason + plen, ": ", 2) == 0) {
            reason += plen + 2;
        }
        g_set_error(errp, err->domain, err->code, "could not load %s '%s': %s",
                    what, path, reason);
        g_error_free(err);
        return;
    }
    g_propagate_error(errp, err);
}

/* A uImage ramdisk loses its header (its payload is passed on as is, even
 * when compressed: that is the kernel's business); anything else is loaded
 * byte for byte. Takes ownership of *data. */
static bool initrd_payload(const char *path, uint8_t **data, uint64_t *len, GError **errp)
{
    UImageHeader h;
    if (!image_is_uimage(*data, *len)) {
        return true;
    }
    if (!uimage_parse(path, *data, *len, &h, errp)) {
        return false;
    }
    if (h.type != UIMAGE_TYPE_RAMDISK) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: uImage type %u is not a ramdisk (%u)", path, h.type,
                    UIMAGE_TYPE_RAMDISK);
        return false;
    }
    memmove(*data, *data + UIMAGE_HEADER_SIZE, h.size);
    *len = h.size;
    return true;
}

static void *load_dtb_file(const char *path, GError **errp)
{
    uint8_t *data;
    uint64_t len;
    GError *err = NULL;

    if (!load_file(path, false, 64 * MiB, &data, &len, &err)) {
        reword_io_error(errp, err, "DTB", path);
        return NULL;
    }
    int rc;
    if (len < 4 || fdt_magic(data) != FDT_MAGIC) {
        rc = -FDT_ERR_BADMAGIC;
    } else if (len < sizeof(struct fdt_header)) {
        rc = -FDT_ERR_TRUNCATED;
    } else {
        rc = fdt_check_header(data);
    }
    if (rc == 0 && fdt_totalsize(data) > len) {
        rc = -FDT_ERR_TRUNCATED;
    }
    if (rc == 0) {
        rc = fdt_check_full(data, len);
    }
    if (rc < 0) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: invalid device tree: %s",
                    path, fdt_strerror(rc));
        g_free(data);
        return NULL;
    }
    return data;
}

/* Highest end of any RAM blob already listed (from -device loader). */
static bool rom_overlaps_any(hwaddr addr, uint64_t size, hwaddr *max_end)
{
    const GPtrArray *roms = rom_list();
    bool hit = false;
    *max_end = 0;
    for (guint i = 0; i < roms->len; i++) {
        const Rom *r = roms->pdata[i];
        if (r->mr) {
            continue;       /* in flash, not in the address space's RAM */
        }
        if (ranges_overlap(addr, size, r->addr, r->size)) {
            hit = true;
        }
        if (r->size && r->addr + r->size > *max_end) {
            *max_end = r->addr + r->size;
        }
    }
    return hit;
}

/* -bios FILE into flash bank 0, as a ROM blob written at every reset. */
static bool load_firmware(BootInfo *bi, GError **errp)
{
    uint8_t *data;
    uint64_t len;
    GError *err = NULL;

    if (!bi->firmware_mr) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "firmware '%s': this machine has no flash to load it into",
                    bi->firmware_file);
        return false;
    }
    if (!load_file(bi->firmware_file, false, UINT64_MAX, &data, &len, &err)) {
        reword_io_error(errp, err, "firmware", bi->firmware_file);
        return false;
    }
    if (len > bi->firmware_mr->size) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "firmware '%s' (%" G_GUINT64_FORMAT " bytes) is larger than flash bank "
                    "'%s' (%" G_GUINT64_FORMAT " bytes)", bi->firmware_file, len,
                    bi->firmware_mr->name, bi->firmware_mr->size);
        g_free(data);
        return false;
    }
    rom_add_blob_mr(bi->firmware_file, data, len, bi->firmware_mr);
    return true;
}

bool boot_load(BootInfo *bi, GError **errp)
{
    const hwaddr ram_base = bi->ram_base;
    const hwaddr ram_end = bi->ram_base + bi->ram_size;
    LoadedKernel *ki = &bi->kernel_info;
    /* With firmware the kernel is the firmware's to load (fw_cfg). */
    bool have_kernel = bi->kernel != NULL && !bi->firmware;
    g_autofree void *fdt = NULL;
    GError *err = NULL;

    memset(ki, 0, sizeof(*ki));
    bi->entry = 0;
    bi->initrd_start = 0;
    bi->initrd_size = 0;
    bi->dtb_addr = 0;
    bi->dtb_size = 0;
    memset(&bi->psci, 0, sizeof(bi->psci));
    bi->dumped = false;

    if (bi->ram_size == 0 || ram_end < ram_base) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "boot: no RAM to load into");
        return false;
    }
    if (!bi->kernel && bi->initrd) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-initrd only allowed with -kernel option");
        return false;
    }
    if (!bi->kernel && bi->append) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-append only allowed with -kernel option");
        return false;
    }

    if (bi->firmware_file && !load_firmware(bi, errp)) {
        return false;
    }
    if (have_kernel) {
        if (!load_kernel(bi->kernel, ram_base, bi->ram_size, ki, &err)) {
            reword_io_error(errp, err, "kernel", bi->kernel);
            return false;
        }
        bi->entry = ki->entry;
    }

    /* Where the initrd goes (and, without one, what the DTB is placed after). */
    hwaddr initrd_start = ram_base + MIN(bi->ram_size / 2, INITRD_MAX_OFFSET);
    if (have_kernel && ki->high > initrd_start) {
        initrd_start = ki->high;
    }
    if (!align_up(initrd_start, PAGE_SIZE_4K, &initrd_start)) {
        initrd_start = UINT64_MAX;
    }

    if (bi->initrd && !bi->firmware) {
        uint8_t *data;
        uint64_t len;
        if (!load_file(bi->initrd, false, bi->ram_size, &data, &len, &err)) {
            reword_io_error(errp, err, "initrd", bi->initrd);
            return false;
        }
        if (!initrd_payload(bi->initrd, &data, &len, errp)) {
            g_free(data);
            return false;
        }
        if (initrd_start >= ram_end || len > ram_end - initrd_start) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "initrd '%s' (%" G_GUINT64_FORMAT " bytes) does not fit in RAM "
                        "above 0x%" G_GINT64_MODIFIER "x (RAM ends at 0x%" G_GINT64_MODIFIER
                        "x)", bi->initrd, len, initrd_start, ram_end);
            g_free(data);
            return false;
        }
        if (len) {
            rom_add_blob_owned(bi->initrd, data, len, initrd_start);
            bi->initrd_start = initrd_start;
            bi->initrd_size = len;
        } else {
            g_free(data);
        }
    }

    /* The tree: the user's or ours, patched for this boot either way. */
    if (bi->dtb_file) {
        fdt = load_dtb_file(bi->dtb_file, errp);
    } else if (bi->fdt_desc) {
        fdt = fdt_build_mini_virt(bi->fdt_desc, errp);
    }
    if ((bi->dtb_file || bi->fdt_desc) && !fdt) {
        return false;
    }
    if (fdt) {
        if (!fdt_patch_boot(&fdt, bi->append, bi->initrd_start, bi->initrd_size,
                            ram_base, bi->ram_size, &err)) {
            if (bi->dtb_file) {
                g_prefix_error(&err, "%s: ", bi->dtb_file);
            }
            g_propagate_error(errp, err);
            return false;
        }
        fdt_pack(fdt);
        if (bi->firmware && fdt_totalsize(fdt) < DTB_FIRMWARE_SIZE) {
            /* QEMU hands firmware its 1 MiB tree unpacked: room to edit it in
             * place (U-Boot's fdt_size, and where it relocates, follow). */
            void *big = g_malloc0(DTB_FIRMWARE_SIZE);
            fdt_open_into(fdt, big, DTB_FIRMWARE_SIZE);
            g_free(fdt);
            fdt = big;
        }
        uint64_t size = fdt_totalsize(fdt);
        if (size > DTB_MAX_SIZE) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "device tree is too large (%" G_GUINT64_FORMAT " bytes, at most %"
                        G_GUINT64_FORMAT ")", size, (uint64_t)DTB_MAX_SIZE);
            return false;
        }

        hwaddr dtb_addr, after = 0;
        bool at_base = false;
        hwaddr initrd_end = bi->initrd_size ? bi->initrd_start + bi->initrd_size
                                            : initrd_start;
        if (have_kernel && ki->is_linux) {
            after = initrd_end;
        } else if (have_kernel) {
            /* A bare-metal image still gets a tree, at the bottom of RAM
             * when it is free. */
            if (!ranges_overlap(ram_base, size, ki->low, ki->high - ki->low) &&
                !ranges_overlap(ram_base, size, bi->initrd_start, bi->initrd_size)) {
                at_base = true;
            } else {
                after = MAX(ki->high, bi->initrd_size ? initrd_end : 0);
            }
        } else {
            /* No kernel: base of RAM for firmware, unless -device loader
             * already put something there. */
            hwaddr max_end;
            if (rom_overlaps_any(ram_base, size, &max_end)) {
                after = MAX(max_end, ram_base);
            } else {
                at_base = true;
            }
        }
        if (at_base) {
            dtb_addr = ram_base;
        } else if (!align_up(after, DTB_ALIGN, &dtb_addr)) {
            dtb_addr = UINT64_MAX;
        }
        if (dtb_addr < ram_base || dtb_addr >= ram_end || size > ram_end - dtb_addr) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "not enough space for the DTB (%" G_GUINT64_FORMAT " bytes) at 0x%"
                        G_GINT64_MODIFIER "x: RAM ends at 0x%" G_GINT64_MODIFIER "x",
                        size, dtb_addr, ram_end);
            return false;
        }
        bi->dtb_addr = dtb_addr;
        bi->dtb_size = size;
        fdt_read_psci(fdt, &bi->psci);

        if (bi->dumpdtb) {
            GError *werr = NULL;
            if (!g_file_set_contents(bi->dumpdtb, fdt, size, &werr)) {
                g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                            "could not write DTB to '%s': %s", bi->dumpdtb, werr->message);
                g_error_free(werr);
                return false;
            }
            bi->dumped = true;
        }
        Rom *r = rom_add_blob("dtb", fdt, size, dtb_addr);
        r->optional = !have_kernel;
    } else if (bi->dumpdtb) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "dumpdtb: this machine has no device tree");
        return false;
    }

    if (have_kernel && ki->is_linux) {
        uint32_t stub[10];
        boot_write_stub(stub, bi->dtb_addr, ki->entry);
        rom_add_blob("bootloader", stub, sizeof(stub), ram_base);
        bi->entry = ram_base;
    }
    return true;
}
