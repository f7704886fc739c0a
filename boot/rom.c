/* rom.c: the ROM blob list. Every loader records what it puts in guest memory
 * here; the blobs are checked against the memory map once, written at each
 * reset and listed by `info roms`. */
#include <string.h>
#include "boot/boot.h"
#include "core/runstate.h"

static GPtrArray *roms;

static void rom_free(gpointer p)
{
    Rom *r = p;
    g_free(r->name);
    g_free(r->data);
    g_free(r);
}

static GPtrArray *rom_array(void)
{
    if (!roms) {
        roms = g_ptr_array_new_with_free_func(rom_free);
    }
    return roms;
}

static Rom *rom_add(const char *name, uint8_t *data, uint64_t datasize,
                    uint64_t size, hwaddr addr)
{
    Rom *r = g_new0(Rom, 1);
    r->name = g_strdup(name);
    r->addr = addr;
    r->size = size;
    r->data = data;
    r->datasize = datasize;
    g_ptr_array_add(rom_array(), r);
    return r;
}

Rom *rom_add_blob(const char *name, const void *data, uint64_t len, hwaddr addr)
{
    return rom_add(name, len ? g_memdup2(data, len) : NULL, len, len, addr);
}

Rom *rom_add_blob_owned(const char *name, uint8_t *data, uint64_t len, hwaddr addr)
{
    return rom_add(name, data, len, len, addr);
}

Rom *rom_add_blob_sized(const char *name, uint8_t *data, uint64_t datasize,
                        uint64_t size, hwaddr addr)
{
    return rom_add(name, data, MIN(datasize, size), size, addr);
}

Rom *rom_add_blob_mr(const char *name, uint8_t *data, uint64_t len, MemoryRegion *mr)
{
    Rom *r = rom_add(name, data, len, len, 0);
    r->mr = mr;
    return r;
}

const GPtrArray *rom_list(void)
{
    return rom_array();
}

void rom_clear_all(void)
{
    if (roms) {
        g_ptr_array_set_size(roms, 0);
    }
}

static gint rom_cmp_addr(gconstpointer a, gconstpointer b)
{
    const Rom *ra = *(Rom *const *)a, *rb = *(Rom *const *)b;
    if (ra->addr != rb->addr) {
        return ra->addr < rb->addr ? -1 : 1;
    }
    return ra->size < rb->size ? -1 : ra->size > rb->size;
}

/* A sorted copy; the list itself stays in insertion order. */
static GPtrArray *rom_sorted(void)
{
    GPtrArray *src = rom_array();
    GPtrArray *s = g_ptr_array_sized_new(src->len);
    for (guint i = 0; i < src->len; i++) {
        g_ptr_array_add(s, src->pdata[i]);
    }
    g_ptr_array_sort(s, rom_cmp_addr);
    return s;
}

/* Last byte of the blob; false when it wraps past 2^64. */
static bool rom_last_byte(const Rom *r, hwaddr *last)
{
    if (r->size == 0) {
        *last = r->addr;
        return true;
    }
    if (r->size - 1 > UINT64_MAX - r->addr) {
        return false;
    }
    *last = r->addr + r->size - 1;
    return true;
}

static bool range_is_ram(FlatView *fv, hwaddr start, hwaddr last)
{
    hwaddr a = start;
    for (;;) {
        const FlatRange *fr = flatview_lookup(fv, a);
        if (!fr || fr->mr->type != MR_RAM) {
            return false;
        }
        hwaddr fr_last = fr->start + fr->size - 1;
        if (fr_last >= last) {
            return true;
        }
        a = fr_last + 1;
    }
}

static bool rom_overlap(const Rom *a, const Rom *b)
{
    return a->size && b->size && !a->mr && !b->mr && a->addr <= b->addr + (b->size - 1) &&
           b->addr <= a->addr + (a->size - 1);
}

/* -device loader blobs are added after boot_load placed a kernel-less DTB at
 * the base of RAM; a bare-metal image linked there wins. */
static void rom_drop_optional_overlaps(void)
{
    GPtrArray *a = rom_array();
    for (guint i = 0; i < a->len;) {
        const Rom *r = a->pdata[i];
        bool drop = false;
        for (guint j = 0; r->optional && j < a->len && !drop; j++) {
            const Rom *o = a->pdata[j];
            drop = j != i && !o->optional && rom_overlap(r, o);
        }
        if (drop) {
            g_ptr_array_remove_index(a, i);
        } else {
            i++;
        }
    }
}

bool rom_check_layout(AddressSpace *as, GError **errp)
{
    rom_drop_optional_overlaps();
    g_autoptr(GPtrArray) s = rom_sorted();
    FlatView *fv = as_get_flatview(as);
    const Rom *prev = NULL;     /* the blob reaching furthest so far */
    hwaddr prev_last = 0;
    bool ok = false;

    flatview_ref(fv);
    for (guint i = 0; i < s->len; i++) {
        const Rom *r = s->pdata[i];
        hwaddr last;
        if (r->mr) {
            /* In a ROM device of its own, which nothing else is loaded into. */
            if (r->size > r->mr->size - MIN(r->addr, r->mr->size)) {
                g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                            "ROM '%s' (%" G_GUINT64_FORMAT " bytes) does not fit in '%s' (%"
                            G_GUINT64_FORMAT " bytes)", r->name, r->size, r->mr->name,
                            r->mr->size);
                goto out;
            }
            continue;
        }
        if (r->size == 0) {
            continue;
        }
        if (!rom_last_byte(r, &last)) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "ROM '%s' (0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER
                        "x bytes) wraps past the end of the address space",
                        r->name, r->addr, r->size);
            goto out;
        }
        if (prev && r->addr <= prev_last) {
            hwaddr pl = 0;
            rom_last_byte(prev, &pl);
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "ROM '%s' (0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                        "x) overlaps ROM '%s' (0x%" G_GINT64_MODIFIER "x-0x%"
                        G_GINT64_MODIFIER "x)",
                        r->name, r->addr, last, prev->name, prev->addr, pl);
            goto out;
        }
        if (!range_is_ram(fv, r->addr, last)) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "ROM '%s' (0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                        "x) is not inside RAM", r->name, r->addr, last);
            goto out;
        }
        if (!prev || last > prev_last) {
            prev = r;
            prev_last = last;
        }
    }
    ok = true;
out:
    flatview_unref(fv);
    return ok;
}

void rom_reset(AddressSpace *as)
{
    static const uint8_t zeros[4096];
    GPtrArray *a = rom_array();

    for (guint i = 0; i < a->len; i++) {
        const Rom *r = a->pdata[i];
        if (r->mr) {
            memcpy(r->mr->ram + r->addr, r->data, r->datasize);
            continue;
        }
        if (r->datasize) {
            as_write(as, r->addr, r->data, r->datasize);
        }
        /* The part past the data (an ELF's bss) is zeroed on every reset. */
        for (uint64_t off = r->datasize; off < r->size; off += sizeof(zeros)) {
            as_write(as, r->addr + off, zeros, MIN(sizeof(zeros), r->size - off));
        }
    }
}

void rom_print(AddressSpace *as, GString *out)
{
    g_autoptr(GPtrArray) s = rom_sorted();
    FlatView *fv = as_get_flatview(as);

    flatview_ref(fv);
    for (guint i = 0; i < s->len; i++) {
        const Rom *r = s->pdata[i];
        if (r->mr) {
            /* QEMU's form for a blob in a ROM device: the region, not an address. */
            g_string_append_printf(out, "%s size=0x%06llx name=\"%s\"\n", r->mr->name,
                                   (unsigned long long)r->size, r->name);
            continue;
        }
        const FlatRange *fr = flatview_lookup(fv, r->addr);
        bool ram = fr && fr->mr->type == MR_RAM;
        g_string_append_printf(out, "addr=%016llx size=0x%06llx mem=%s name=\"%s\"\n",
                               (unsigned long long)r->addr,
                               (unsigned long long)r->size,
                               ram ? "ram" : "rom", r->name);
    }
    flatview_unref(fv);
}

/* As on a real reset: RAM keeps its contents but the loaded images are
 * written again (system_reset, before the devices and CPUs reset). */
static void rom_reset_system(void)
{
    rom_reset(get_address_space_memory());
}

static void __attribute__((constructor)) rom_register_reset(void)
{
    runstate_add_reset_handler(rom_reset_system);
}
