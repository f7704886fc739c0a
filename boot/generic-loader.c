/* generic-loader.c: -device loader, QEMU's generic loader. Puts a value or a
 * file (ELF, uImage or raw) in guest memory as ROM blobs and optionally sets
 * a CPU's start PC. */
#include <string.h>
#include "boot/boot.h"

#define CPU_NONE 0xffffffffu
#define LOADER_FILE_MAX (4ULL << 30)

typedef struct GenericLoader {
    Object parent;
    char *file;
    uint64_t addr;
    uint64_t data;
    uint32_t data_len;
    bool data_be;
    uint32_t cpu_num;
    bool force_raw;
} GenericLoader;

static SetCpuPcFn set_pc_hook;

void generic_loader_set_pc_hook(SetCpuPcFn fn)
{
    set_pc_hook = fn;
}

static bool loader_err(GError **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool loader_err(GError **errp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "loader: %s", msg);
    return false;
}

static bool loader_set_pc(GenericLoader *s, hwaddr pc, GError **errp)
{
    if (!set_pc_hook) {
        return loader_err(errp, "cannot set the PC of CPU %u: no CPUs to start", s->cpu_num);
    }
    if (!set_pc_hook((int)s->cpu_num, pc, errp)) {
        g_prefix_error(errp, "loader: cpu-num=%u: ", s->cpu_num);
        return false;
    }
    return true;
}

static bool loader_store_data(GenericLoader *s, GError **errp)
{
    uint8_t bytes[8];
    unsigned n = s->data_len;

    if (n != 1 && n != 2 && n != 4 && n != 8) {
        return loader_err(errp, "data-len must be 1, 2, 4 or 8 (got %u)", n);
    }
    if (n < 8 && (s->data >> (8 * n))) {
        return loader_err(errp, "data 0x%" G_GINT64_MODIFIER "x does not fit in data-len=%u",
                          s->data, n);
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned shift = 8 * (s->data_be ? n - 1 - i : i);
        bytes[i] = s->data >> shift;
    }
    rom_add_blob("loader", bytes, n, s->addr);
    return true;
}

/* ELF and uImage carry their own addresses; anything else (or everything,
 * with force-raw) goes byte for byte at addr. */
static bool loader_load_file(GenericLoader *s, bool addr_set, hwaddr *entry, GError **errp)
{
    uint8_t *data;
    uint64_t len;
    LoadedKernel lk;
    bool ok;

    if (!load_file(s->file, false, LOADER_FILE_MAX, &data, &len, errp)) {
        g_prefix_error(errp, "loader: ");
        return false;
    }
    if (!s->force_raw && image_is_elf(data, len)) {
        ok = elf_load(s->file, data, len, &lk, errp);
    } else if (!s->force_raw && image_is_uimage(data, len)) {
        ok = uimage_load_kernel(s->file, data, len, LOADER_FILE_MAX, &lk, errp);
    } else {
        if (!addr_set) {
            g_free(data);
            return loader_err(errp, "addr is required to load '%s' as a raw image", s->file);
        }
        rom_add_blob_owned(s->file, data, len, s->addr);
        *entry = s->addr;
        return true;
    }
    g_free(data);
    if (!ok) {
        g_prefix_error(errp, "loader: ");
        return false;
    }
    *entry = lk.entry;
    return true;
}

static bool loader_realize(Object *obj, GError **errp)
{
    GenericLoader *s = (GenericLoader *)obj;
    bool addr_set = object_property_is_set(obj, "addr");
    bool data_set = object_property_is_set(obj, "data");
    bool len_set = object_property_is_set(obj, "data-len");
    bool be_set = object_property_is_set(obj, "data-be");
    bool cpu_set = object_property_is_set(obj, "cpu-num") && s->cpu_num != CPU_NONE;
    bool file_set = s->file && s->file[0];
    bool raw_set = object_property_is_set(obj, "force-raw") && s->force_raw;

    if (data_set || len_set || be_set) {
        /* Mode 1: a value in memory. */
        if (file_set) {
            return loader_err(errp, "file cannot be combined with data/data-len/data-be");
        }
        if (raw_set) {
            return loader_err(errp, "force-raw cannot be combined with data/data-len/data-be");
        }
        if (!len_set) {
            return loader_err(errp, "data-len is required with data");
        }
        if (!data_set) {
            return loader_err(errp, "data is required with data-len");
        }
        if (!addr_set) {
            return loader_err(errp, "addr is required with data");
        }
        return loader_store_data(s, errp);
    }
    if (file_set) {
        /* Mode 2: a file, maybe starting a CPU at its entry. */
        hwaddr entry = 0;
        if (!loader_load_file(s, addr_set, &entry, errp)) {
            return false;
        }
        return cpu_set ? loader_set_pc(s, entry, errp) : true;
    }
    if (raw_set) {
        return loader_err(errp, "force-raw requires file");
    }
    if (addr_set) {
        /* Mode 3: only a start PC. */
        if (!cpu_set) {
            return loader_err(errp, "cpu-num is required with addr alone (to set a PC)");
        }
        return loader_set_pc(s, s->addr, errp);
    }
    return loader_err(errp, "nothing to load: give file, data with data-len and addr, "
                      "or addr with cpu-num");
}

static const Property loader_props[] = {
    { .name = "file", .type = PROP_TYPE_STR, .offset = offsetof(GenericLoader, file),
      .desc = "image to load (ELF, uImage or raw)" },
    { .name = "addr", .type = PROP_TYPE_U64, .offset = offsetof(GenericLoader, addr),
      .hex = true, .desc = "where to put data or a raw file; the PC with cpu-num alone" },
    { .name = "data", .type = PROP_TYPE_U64, .offset = offsetof(GenericLoader, data),
      .hex = true, .desc = "value to store at addr" },
    { .name = "data-len", .type = PROP_TYPE_U32, .offset = offsetof(GenericLoader, data_len),
      .desc = "size of data in bytes: 1, 2, 4 or 8" },
    { .name = "data-be", .type = PROP_TYPE_BOOL, .offset = offsetof(GenericLoader, data_be),
      .desc = "store data big-endian" },
    { .name = "cpu-num", .type = PROP_TYPE_U32, .offset = offsetof(GenericLoader, cpu_num),
      .defval = CPU_NONE, .desc = "CPU whose PC is set to the entry / addr" },
    { .name = "force-raw", .type = PROP_TYPE_BOOL, .offset = offsetof(GenericLoader, force_raw),
      .desc = "load file byte for byte even if it is an ELF or uImage" },
    PROP_END
};

static void loader_class_init(ObjectClass *oc, void *data)
{
    oc->realize = loader_realize;
    oc->desc = "Generic Loader";
    oc->user_creatable = true;
}

static void loader_register(void)
{
    static const TypeInfo info = {
        .name = TYPE_GENERIC_LOADER,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(GenericLoader),
        .class_init = loader_class_init,
        .props = loader_props,
    };
    type_register(&info);
}
TYPE_INIT(loader_register)
