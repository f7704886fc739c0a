/* fw_cfg.c: QEMU's firmware configuration device as virt maps it ("qemu,fw-cfg-mmio",
 * docs/specs/fw_cfg.rst): a selector, a data register streaming the selected item,
 * a file directory, and DMA transfers into guest memory. */
#include <string.h>
#include "hw/nvram/fw_cfg.h"
#include "core/log.h"
#include "core/runstate.h"
#include "boot/boot.h"

static GQuark fw_cfg_error_quark(void)
{
    return g_quark_from_static_string("a64emu-fw-cfg-error");
}

static uint32_t fw_cfg_max_entry(const FWCfgState *s)
{
    return FW_CFG_FILE_FIRST + s->file_slots;
}

/* The selected item, or NULL (nothing selected, or a key past the table). */
static FWCfgEntry *fw_cfg_cur(FWCfgState *s)
{
    /* No architecture-local items on Arm: keys with bit 15 find nothing, as
     * QEMU's empty arch table gives nothing. */
    if (s->cur_entry == FW_CFG_INVALID || (s->cur_entry & FW_CFG_ARCH_LOCAL)) {
        return NULL;
    }
    return &s->entries[s->cur_entry & FW_CFG_ENTRY_MASK];
}

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    s->cur_offset = 0;
    s->cur_entry = (key & FW_CFG_ENTRY_MASK) < fw_cfg_max_entry(s) ? key : FW_CFG_INVALID;
}

/* ---- items ------------------------------------------------------------------- */

static FWCfgEntry *fw_cfg_slot(FWCfgState *s, uint16_t key)
{
    /* Keys come from the board and the tests, never from the guest. */
    g_assert(s->entries && !(key & (FW_CFG_ARCH_LOCAL | FW_CFG_WRITE_CHANNEL)) &&
             key < fw_cfg_max_entry(s));
    return &s->entries[key];
}

void fw_cfg_add_bytes_owned(FWCfgState *s, uint16_t key, uint8_t *data, uint32_t len)
{
    FWCfgEntry *e = fw_cfg_slot(s, key);

    g_free(e->data);
    e->data = data;
    e->len = data ? len : 0;
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, uint32_t len)
{
    fw_cfg_add_bytes_owned(s, key, len ? g_memdup2(data, len) : NULL, len);
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_add_bytes(s, key, value, (uint32_t)strlen(value) + 1);
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);
    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);
    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);
    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

const FWCfgEntry *fw_cfg_get_entry(FWCfgState *s, uint16_t key)
{
    if (!s->entries || (key & FW_CFG_ARCH_LOCAL) ||
        (key & FW_CFG_ENTRY_MASK) >= fw_cfg_max_entry(s)) {
        return NULL;
    }
    return &s->entries[key & FW_CFG_ENTRY_MASK];
}

/* FW_CFG_FILE_DIR: a be32 count, then one entry per file in name order. QEMU
 * sizes the item for every slot, used or not, and so does this. */
static void fw_cfg_rebuild_dir(FWCfgState *s)
{
    FWCfgEntry *dir = &s->entries[FW_CFG_FILE_DIR];
    uint8_t *p = dir->data;

    memset(p, 0, dir->len);
    *(uint32_t *)p = GUINT32_TO_BE(s->file_count);
    for (uint32_t i = 0; i < s->file_count; i++) {
        uint8_t *f = p + 4 + i * FW_CFG_DIR_ENTRY_SIZE;
        uint32_t size = GUINT32_TO_BE(s->entries[FW_CFG_FILE_FIRST + i].len);
        uint16_t sel = GUINT16_TO_BE((uint16_t)(FW_CFG_FILE_FIRST + i));
        memcpy(f, &size, 4);
        memcpy(f + 4, &sel, 2);
        memcpy(f + 8, s->file_names[i], FW_CFG_MAX_FILE_PATH);
    }
}

bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data, uint32_t len,
                     GError **errp)
{
    size_t n = strlen(name);
    uint32_t at = 0;

    if (n == 0 || n >= FW_CFG_MAX_FILE_PATH) {
        g_set_error(errp, fw_cfg_error_quark(), 0,
                    "fw_cfg: file name '%s' must be 1 to %d characters", name,
                    FW_CFG_MAX_FILE_PATH - 1);
        return false;
    }
    if (s->file_count == s->file_slots) {
        g_set_error(errp, fw_cfg_error_quark(), 0,
                    "fw_cfg: no room for file '%s' (%u slots)", name, s->file_slots);
        return false;
    }
    while (at < s->file_count && strcmp(s->file_names[at], name) < 0) {
        at++;
    }
    if (at < s->file_count && strcmp(s->file_names[at], name) == 0) {
        g_set_error(errp, fw_cfg_error_quark(), 0, "fw_cfg: duplicate file '%s'", name);
        return false;
    }
    /* Insert in name order: the files after it move up one selector. */
    memmove(&s->file_names[at + 1], &s->file_names[at],
            (s->file_count - at) * sizeof(s->file_names[0]));
    memmove(&s->entries[FW_CFG_FILE_FIRST + at + 1], &s->entries[FW_CFG_FILE_FIRST + at],
            (s->file_count - at) * sizeof(FWCfgEntry));
    memset(s->file_names[at], 0, FW_CFG_MAX_FILE_PATH);
    memcpy(s->file_names[at], name, n);
    s->entries[FW_CFG_FILE_FIRST + at] = (FWCfgEntry) {
        .data = len ? g_memdup2(data, len) : NULL, .len = len,
    };
    s->file_count++;
    fw_cfg_rebuild_dir(s);
    return true;
}

bool fw_cfg_add_common(FWCfgState *s, bool nographic, GError **errp)
{
    static const uint8_t zero_uuid[16];
    uint32_t boot_fail_wait = GUINT32_TO_LE(0xffffffffu);

    fw_cfg_add_bytes(s, FW_CFG_UUID, zero_uuid, sizeof(zero_uuid));
    fw_cfg_add_i16(s, FW_CFG_NOGRAPHIC, nographic);
    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, 0);
    return fw_cfg_add_file(s, "bootorder", NULL, 0, errp) &&
           fw_cfg_add_file(s, "bios-geometry", NULL, 0, errp) &&
           fw_cfg_add_file(s, "etc/boot-fail-wait", &boot_fail_wait, 4, errp);
}

bool fw_cfg_add_kernel(FWCfgState *s, const char *kernel, const char *initrd,
                       const char *append, uint64_t initrd_max, GError **errp)
{
    uint8_t *data;
    uint64_t len;

    if (!kernel) {
        return true;
    }
    if (!load_file(kernel, true, FW_CFG_KERNEL_MAX, &data, &len, errp)) {
        return false;
    }
    fw_cfg_add_i32(s, FW_CFG_KERNEL_SIZE, (uint32_t)len);
    fw_cfg_add_bytes_owned(s, FW_CFG_KERNEL_DATA, data, (uint32_t)len);
    if (initrd) {
        if (!load_file(initrd, false, MIN(initrd_max, (uint64_t)UINT32_MAX), &data, &len, errp)) {
            return false;
        }
        fw_cfg_add_i32(s, FW_CFG_INITRD_SIZE, (uint32_t)len);
        fw_cfg_add_bytes_owned(s, FW_CFG_INITRD_DATA, data, (uint32_t)len);
    }
    /* QEMU's command line is "" when -append is not given: always there. */
    const char *cmdline = append ? append : "";
    fw_cfg_add_i32(s, FW_CFG_CMDLINE_SIZE, (uint32_t)strlen(cmdline) + 1);
    fw_cfg_add_string(s, FW_CFG_CMDLINE_DATA, cmdline);
    return true;
}

/* ---- DMA --------------------------------------------------------------------- */

/* Zero-fill len bytes of guest memory at addr (a read past an item's end). */
static bool dma_zero(FWCfgState *s, hwaddr addr, uint64_t len)
{
    static const uint8_t zeros[4096];

    while (len) {
        uint64_t n = MIN(len, sizeof(zeros));
        if (as_write(s->dma_as, addr, zeros, n) != MEMTX_OK) {
            return false;
        }
        runstate_code_written(addr, n);
        addr += n;
        len -= n;
    }
    return true;
}

/* Run the FWCfgDmaAccess {be32 control, be32 length, be64 address} at
 * s->dma_addr, as docs/specs/fw_cfg.rst says: SELECT first, then READ, WRITE
 * or SKIP (in that priority), then the control word written back as 0, or
 * with ERROR set. Every item here is read-only, so WRITE always ends in
 * ERROR. Called from the MMIO callback: under the big lock. */
static void fw_cfg_dma_transfer(FWCfgState *s)
{
    hwaddr desc = s->dma_addr;
    uint8_t raw[16];
    uint32_t control, length, result = 0;
    uint64_t address;
    bool read = false, write = false;

    s->dma_addr = 0;
    if (as_read(s->dma_as, desc, raw, sizeof(raw)) != MEMTX_OK) {
        log_guest_error("fw_cfg: DMA descriptor at 0x%" G_GINT64_MODIFIER "x unreadable\n",
                        desc);
        uint32_t err = GUINT32_TO_BE(FW_CFG_DMA_CTL_ERROR);
        as_write(s->dma_as, desc, &err, sizeof(err));
        return;
    }
    memcpy(&control, raw, 4);
    memcpy(&length, raw + 4, 4);
    memcpy(&address, raw + 8, 8);
    control = GUINT32_FROM_BE(control);
    length = GUINT32_FROM_BE(length);
    address = GUINT64_FROM_BE(address);

    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, control >> 16);
    }
    if (control & FW_CFG_DMA_CTL_READ) {
        read = true;
    } else if (control & FW_CFG_DMA_CTL_WRITE) {
        write = true;
    } else if (!(control & FW_CFG_DMA_CTL_SKIP)) {
        length = 0;
    }

    s->dma_busy = true;
    while (length > 0 && !(result & FW_CFG_DMA_CTL_ERROR)) {
        FWCfgEntry *e = fw_cfg_cur(s);
        uint32_t n;

        if (!e || !e->data || s->cur_offset >= e->len) {
            /* Past the end (or nothing selected): reads give zeros. */
            n = length;
            if ((read && !dma_zero(s, address, n)) || write) {
                result |= FW_CFG_DMA_CTL_ERROR;
            }
        } else {
            n = MIN(length, e->len - s->cur_offset);
            if (read) {
                if (as_write(s->dma_as, address, e->data + s->cur_offset, n) != MEMTX_OK) {
                    result |= FW_CFG_DMA_CTL_ERROR;
                } else {
                    runstate_code_written(address, n);
                }
            }
            if (write) {
                result |= FW_CFG_DMA_CTL_ERROR;
            }
            s->cur_offset += n;
        }
        address += n;
        length -= n;
    }
    s->dma_busy = false;
    if (write) {
        log_guest_error("fw_cfg: DMA write to read-only item 0x%x\n", s->cur_entry);
    }

    uint32_t be = GUINT32_TO_BE(result);
    as_write(s->dma_as, desc, &be, sizeof(be));
}

/* ---- registers ---------------------------------------------------------------- */

/* Three regions as QEMU's virt maps them (fwcfg.data, fwcfg.ctl, fwcfg.dma);
 * the gap between the selector and DMA is unassigned, as there. Each region
 * takes every size 1..8 and checks size and offset itself: a wrong one is
 * RAZ/WI, logged under guest_errors (QEMU answers it with a bus error). */

static uint64_t bad_access(const char *reg, bool is_write, hwaddr addr, unsigned size)
{
    log_guest_error("fw_cfg: invalid %s of %u bytes at %s+0x%" G_GINT64_MODIFIER "x\n",
                    is_write ? "write" : "read", size, reg, addr);
    return 0;
}

static uint64_t fw_cfg_data_read(void *opaque, hwaddr addr, unsigned size)
{
    FWCfgState *s = opaque;
    FWCfgEntry *e = fw_cfg_cur(s);
    uint64_t v = 0;

    if (addr != 0 || size > s->data_width) {
        return bad_access("data", false, addr, size);
    }
    /* Bytes in stream order (the guest's little-endian value has the first
     * byte lowest); zeros once the item runs out. */
    for (unsigned i = 0; i < size && e && e->data && s->cur_offset < e->len; i++) {
        v |= (uint64_t)e->data[s->cur_offset++] << (8 * i);
    }
    return v;
}

static void fw_cfg_data_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    FWCfgState *s = opaque;

    if (addr != 0 || size > s->data_width) {
        bad_access("data", true, addr, size);
    }
    /* Otherwise ignored: data writes have no effect since QEMU 2.4 (the spec). */
}

static uint64_t fw_cfg_ctl_read(void *opaque, hwaddr addr, unsigned size)
{
    return bad_access("selector", false, addr, size);   /* write-only */
}

static void fw_cfg_ctl_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    FWCfgState *s = opaque;

    if (addr != 0 || size != 2) {
        bad_access("selector", true, addr, size);
        return;
    }
    fw_cfg_select(s, GUINT16_FROM_BE((uint16_t)val));
}

static bool dma_access_ok(hwaddr addr, unsigned size)
{
    return (size == 8 && addr == 0) || (size == 4 && (addr == 0 || addr == 4));
}

static uint64_t fw_cfg_dma_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t v = 0;

    if (!dma_access_ok(addr, size)) {
        return bad_access("dma", false, addr, size);
    }
    /* The signature "QEMU CFG", big-endian: byte k of the register is byte k
     * of the string. */
    for (unsigned i = 0; i < size; i++) {
        unsigned k = (unsigned)addr + i;
        v |= ((FW_CFG_DMA_SIGNATURE >> (8 * (7 - k))) & 0xff) << (8 * i);
    }
    return v;
}

static void fw_cfg_dma_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    FWCfgState *s = opaque;

    if (!dma_access_ok(addr, size)) {
        bad_access("dma", true, addr, size);
        return;
    }
    if (s->dma_busy) {
        /* A transfer aimed at this register: starting another from inside it
         * would recurse without end. */
        log_guest_error("fw_cfg: DMA register written by its own transfer: ignored\n");
        return;
    }
    if (size == 8) {
        s->dma_addr = GUINT64_FROM_BE(val);
        fw_cfg_dma_transfer(s);
    } else if (addr == 0) {
        s->dma_addr = (uint64_t)GUINT32_FROM_BE((uint32_t)val) << 32;
    } else {
        s->dma_addr |= GUINT32_FROM_BE((uint32_t)val);
        fw_cfg_dma_transfer(s);
    }
}

#define FW_CFG_OPS(rd, wr) { .read = (rd), .write = (wr), \
    .valid = { .min_access_size = 1, .max_access_size = 8 } }
static const MemoryRegionOps fw_cfg_data_ops = FW_CFG_OPS(fw_cfg_data_read, fw_cfg_data_write);
static const MemoryRegionOps fw_cfg_ctl_ops = FW_CFG_OPS(fw_cfg_ctl_read, fw_cfg_ctl_write);
static const MemoryRegionOps fw_cfg_dma_ops = FW_CFG_OPS(fw_cfg_dma_read, fw_cfg_dma_write);

void fw_cfg_map(FWCfgState *s, MemoryRegion *parent, hwaddr base)
{
    mr_add_subregion(parent, base + FW_CFG_REG_DATA, &s->data_mr);
    mr_add_subregion(parent, base + FW_CFG_REG_SELECTOR, &s->ctl_mr);
    if (s->dma_enabled) {
        mr_add_subregion(parent, base + FW_CFG_REG_DMA, &s->dma_mr);
    }
}

/* ---- the object ------------------------------------------------------------- */

static bool fw_cfg_realize(Object *obj, GError **errp)
{
    FWCfgState *s = (FWCfgState *)obj;

    if (s->data_width != 1 && s->data_width != 2 && s->data_width != 4 && s->data_width != 8) {
        g_set_error(errp, fw_cfg_error_quark(), 0, "fw_cfg: data_width must be 1, 2, 4 or 8");
        return false;
    }
    if (s->file_slots < FW_CFG_FILE_SLOTS_DFLT || s->file_slots > FW_CFG_ENTRY_MASK - FW_CFG_FILE_FIRST + 1) {
        g_set_error(errp, fw_cfg_error_quark(), 0,
                    "fw_cfg: x-file-slots must be %d to %d", FW_CFG_FILE_SLOTS_DFLT,
                    FW_CFG_ENTRY_MASK - FW_CFG_FILE_FIRST + 1);
        return false;
    }
    mr_init_io(&s->data_mr, obj, &fw_cfg_data_ops, s, "fwcfg.data", s->data_width);
    mr_init_io(&s->ctl_mr, obj, &fw_cfg_ctl_ops, s, "fwcfg.ctl", 2);
    mr_init_io(&s->dma_mr, obj, &fw_cfg_dma_ops, s, "fwcfg.dma", 8);
    s->entries = g_new0(FWCfgEntry, fw_cfg_max_entry(s));
    s->file_names = g_malloc0_n(s->file_slots, sizeof(s->file_names[0]));
    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, "QEMU", 4);
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_VERSION | (s->dma_enabled ? FW_CFG_VERSION_DMA : 0));
    fw_cfg_add_bytes_owned(s, FW_CFG_FILE_DIR,
                           g_malloc0(4 + (size_t)s->file_slots * FW_CFG_DIR_ENTRY_SIZE),
                           4 + s->file_slots * FW_CFG_DIR_ENTRY_SIZE);
    if (!s->dma_as) {
        s->dma_as = get_address_space_memory();
    }
    return true;
}

/* As QEMU's reset: the signature selected, no DMA address pending. */
static void fw_cfg_reset(Object *obj)
{
    FWCfgState *s = (FWCfgState *)obj;

    fw_cfg_select(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
}

static void fw_cfg_instance_init(Object *obj)
{
    FWCfgState *s = (FWCfgState *)obj;

    s->cur_entry = FW_CFG_INVALID;
}

static void fw_cfg_instance_finalize(Object *obj)
{
    FWCfgState *s = (FWCfgState *)obj;

    if (s->entries) {   /* realized: the regions exist */
        MemoryRegion *mrs[] = { &s->data_mr, &s->ctl_mr, &s->dma_mr };
        for (unsigned i = 0; i < G_N_ELEMENTS(mrs); i++) {
            if (!mrs[i]->container) {
                mr_destroy(mrs[i]);
            }
        }
        for (uint32_t i = 0; i < fw_cfg_max_entry(s); i++) {
            g_free(s->entries[i].data);
        }
    }
    g_free(s->entries);
    g_free(s->file_names);
}

static void fw_cfg_print_info(Object *obj, GString *out, int indent)
{
    FWCfgState *s = (FWCfgState *)obj;

    mr_print_mapping(&s->data_mr, out, indent);
    mr_print_mapping(&s->ctl_mr, out, indent);
    mr_print_mapping(&s->dma_mr, out, indent);
}

static void fw_cfg_class_init(ObjectClass *oc, void *data)
{
    oc->realize = fw_cfg_realize;
    oc->reset = fw_cfg_reset;
    oc->print_info = fw_cfg_print_info;
    oc->desc = "QEMU firmware configuration device (MMIO, with DMA)";
}

static const Property fw_cfg_props[] = {
    PROP_U32("data_width", FWCfgState, data_width, 8),
    PROP_BOOL("dma_enabled", FWCfgState, dma_enabled, true),
    PROP_U32("x-file-slots", FWCfgState, file_slots, FW_CFG_FILE_SLOTS_DFLT),
    PROP_END,
};

static const TypeInfo fw_cfg_info = {
    .name = TYPE_FW_CFG_MEM,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(FWCfgState),
    .class_init = fw_cfg_class_init,
    .instance_init = fw_cfg_instance_init,
    .instance_finalize = fw_cfg_instance_finalize,
    .props = fw_cfg_props,
};

static void fw_cfg_register(void)
{
    type_register(&fw_cfg_info);
}
TYPE_INIT(fw_cfg_register)
