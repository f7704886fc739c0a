/* memory.c: the MemoryRegion tree, its rendering into sorted flat views,
 * MMIO dispatch with QEMU's access-size rules, and `info mtree`. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include "core/log.h"
#include "core/memory.h"

/* Signed 128-bit: alias arithmetic goes below 0 and region ends reach 2^64. */
typedef __int128 i128;
#define SPACE_END ((i128)1 << 64)
/* Bounds recursion through alias cycles that a broken board could build. */
#define MAX_DEPTH 64

typedef struct ASListener {
    ASChangeFn fn;
    void *opaque;
} ASListener;

typedef struct ASCodeListener {
    ASRangeFn fn;
    void *opaque;
} ASCodeListener;

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current;      /* one reference held; NULL before the first render */
    /* The view replaced by the last re-render, kept one more generation so a
     * pointer borrowed from as_get_flatview() on another thread stays valid
     * while a concurrent re-render happens. */
    FlatView *retired;
    bool dirty;
    GArray *listeners;      /* ASListener */
    GArray *code_listeners; /* ASCodeListener */
};

/* FlatView plus what only `info mtree -f` needs. */
typedef struct FlatViewPriv {
    FlatView fv;
    bool *via_alias;        /* per range: reached through an alias */
} FlatViewPriv;

/* One lock for the tree, the address-space list and every current view:
 * topology changes are rare, and rendering never calls out of this file. */
static GMutex mem_lock;
static GPtrArray *address_spaces;   /* AddressSpace *, creation order */

/* ---- regions ---------------------------------------------------------- */

static i128 mr_size128(const MemoryRegion *mr)
{
    return mr->is_full ? SPACE_END : (i128)mr->size;
}

static void mr_init_common(MemoryRegion *mr, MRType type, Object *owner,
                           const char *name, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->type = type;
    mr->owner = owner;
    mr->name = g_strdup(name ? name : "anonymous");
    mr->size = size;
    mr->enabled = true;
    mr->subregions = g_ptr_array_new();
}

void mr_init_container(MemoryRegion *mr, Object *owner, const char *name, uint64_t size)
{
    mr_init_common(mr, MR_CONTAINER, owner, name, size);
    mr->is_full = size == 0;
}

/* The host memory of a RAM region or a ROM device. */
static bool mr_alloc_ram(MemoryRegion *mr, uint64_t size, GError **errp)
{
    void *p;

    if (size == 0) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "RAM region '%s': size must not be 0", mr->name);
        return false;
    }
    if (size > SIZE_MAX) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                    "cannot allocate RAM region '%s' of 0x%" PRIx64 " bytes: too large",
                    mr->name, size);
        return false;
    }
    /* NORESERVE: a large guest costs host memory only for the pages it touches. */
    p = mmap(NULL, size, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        int err = errno;
        g_autofree char *human = g_format_size_full(size, G_FORMAT_SIZE_IEC_UNITS);
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(err),
                    "cannot allocate RAM region '%s' of 0x%" PRIx64 " bytes (%s): %s",
                    mr->name, size, human, g_strerror(err));
        return false;
    }
    mr->ram = p;
    mr->size = size;
    return true;
}

bool mr_init_ram(MemoryRegion *mr, Object *owner, const char *name, uint64_t size,
                 GError **errp)
{
    /* On failure the region is left as an empty RAM region: mr_destroy() is safe. */
    mr_init_common(mr, MR_RAM, owner, name, 0);
    return mr_alloc_ram(mr, size, errp);
}

bool mr_init_rom_device(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops,
                        void *opaque, const char *name, uint64_t size, GError **errp)
{
    mr_init_common(mr, MR_ROM_DEVICE, owner, name, 0);
    mr->ops = ops;
    mr->opaque = opaque;
    mr->romd_mode = true;
    return mr_alloc_ram(mr, size, errp);
}

void mr_init_io(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops,
                void *opaque, const char *name, uint64_t size)
{
    mr_init_common(mr, MR_IO, owner, name, size);
    mr->ops = ops;
    mr->opaque = opaque;
}

void mr_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                   MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    mr_init_common(mr, MR_ALIAS, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

/* Tree changes happen with mem_lock held; this marks every view stale,
 * drops the lock and then tells the listeners. Listeners run immediately on
 * each change (not at the lazy re-render) so that a TLB holding host
 * pointers into a region being unmapped is flushed before anyone runs on. */
static void change_commit_unlock(void)
{
    g_autoptr(GArray) calls = g_array_new(FALSE, FALSE, sizeof(ASListener));

    if (address_spaces) {
        for (guint i = 0; i < address_spaces->len; i++) {
            AddressSpace *as = address_spaces->pdata[i];
            as->dirty = true;
            g_array_append_vals(calls, as->listeners->data, as->listeners->len);
        }
    }
    g_mutex_unlock(&mem_lock);
    for (guint i = 0; i < calls->len; i++) {
        ASListener *l = &g_array_index(calls, ASListener, i);
        l->fn(l->opaque);
    }
}

/* Higher priority first; a newcomer goes before its equals, so among equal
 * priorities the most recently added region wins where they overlap. */
static void subregion_insert(MemoryRegion *parent, MemoryRegion *sub)
{
    guint i;

    for (i = 0; i < parent->subregions->len; i++) {
        MemoryRegion *other = parent->subregions->pdata[i];
        if (other->priority <= sub->priority) {
            break;
        }
    }
    g_ptr_array_insert(parent->subregions, i, sub);
    sub->container = parent;
}

void mr_add_subregion_overlap(MemoryRegion *parent, hwaddr addr, MemoryRegion *sub,
                              int priority)
{
    if (!parent || !sub || !parent->subregions) {
        g_printerr("memory: mr_add_subregion: missing or uninitialized region\n");
        return;
    }
    g_mutex_lock(&mem_lock);
    if (sub->container) {
        g_printerr("memory: cannot add region '%s' to '%s': already in '%s'\n",
                   sub->name, parent->name, sub->container->name);
        g_mutex_unlock(&mem_lock);
        return;
    }
    for (MemoryRegion *p = parent; p; p = p->container) {
        if (p == sub) {
            g_printerr("memory: cannot add region '%s' inside itself ('%s')\n",
                       sub->name, parent->name);
            g_mutex_unlock(&mem_lock);
            return;
        }
    }
    sub->addr = addr;
    sub->priority = priority;
    subregion_insert(parent, sub);
    change_commit_unlock();
}

void mr_add_subregion(MemoryRegion *parent, hwaddr addr, MemoryRegion *sub)
{
    mr_add_subregion_overlap(parent, addr, sub, 0);
}

void mr_del_subregion(MemoryRegion *parent, MemoryRegion *sub)
{
    if (!parent || !sub) {
        return;
    }
    g_mutex_lock(&mem_lock);
    if (sub->container != parent || !g_ptr_array_remove(parent->subregions, sub)) {
        g_printerr("memory: region '%s' is not a subregion of '%s'\n",
                   sub->name, parent->name);
        g_mutex_unlock(&mem_lock);
        return;
    }
    sub->container = NULL;
    change_commit_unlock();
}

void mr_set_enabled(MemoryRegion *mr, bool enabled)
{
    g_mutex_lock(&mem_lock);
    if (mr->enabled == enabled) {
        g_mutex_unlock(&mem_lock);
        return;
    }
    mr->enabled = enabled;
    change_commit_unlock();
}

static FlatView *as_view_locked(AddressSpace *as);

typedef struct CodeCall {
    ASCodeListener l;
    hwaddr start;
    uint64_t len;
} CodeCall;

void mr_rom_device_set_romd(MemoryRegion *mr, bool romd)
{
    g_autoptr(GArray) code = g_array_new(FALSE, FALSE, sizeof(CodeCall));
    g_autoptr(GArray) calls = g_array_new(FALSE, FALSE, sizeof(ASListener));

    g_mutex_lock(&mem_lock);
    if (mr->type != MR_ROM_DEVICE || mr->romd_mode == romd) {
        g_mutex_unlock(&mem_lock);
        return;
    }
    __atomic_store_n(&mr->romd_mode, romd, __ATOMIC_SEQ_CST);
    /* The view does not change (its ranges name the region, whose mode is
     * read at each access and fill): only who caches what it read must know. */
    for (guint i = 0; address_spaces && i < address_spaces->len; i++) {
        AddressSpace *as = address_spaces->pdata[i];
        FlatView *fv = as_view_locked(as);
        for (unsigned k = 0; k < fv->nr; k++) {
            if (fv->ranges[k].mr != mr) {
                continue;
            }
            for (guint j = 0; j < as->code_listeners->len; j++) {
                CodeCall c = { g_array_index(as->code_listeners, ASCodeListener, j),
                               fv->ranges[k].start, fv->ranges[k].size };
                g_array_append_val(code, c);
            }
        }
        g_array_append_vals(calls, as->listeners->data, as->listeners->len);
    }
    g_mutex_unlock(&mem_lock);
    for (guint i = 0; i < code->len; i++) {
        CodeCall *c = &g_array_index(code, CodeCall, i);
        c->l.fn(c->l.opaque, c->start, c->len);
    }
    for (guint i = 0; i < calls->len; i++) {
        ASListener *l = &g_array_index(calls, ASListener, i);
        l->fn(l->opaque);
    }
}

void mr_set_address(MemoryRegion *mr, hwaddr addr)
{
    MemoryRegion *parent;

    g_mutex_lock(&mem_lock);
    if (mr->addr == addr) {
        g_mutex_unlock(&mem_lock);
        return;
    }
    mr->addr = addr;
    parent = mr->container;
    if (!parent) {
        g_mutex_unlock(&mem_lock);
        return;
    }
    /* Re-inserted as QEMU does: it becomes the newest among its equals. */
    g_ptr_array_remove(parent->subregions, mr);
    subregion_insert(parent, mr);
    change_commit_unlock();
}

void mr_destroy(MemoryRegion *mr)
{
    bool mapped = false;

    if (!mr || !mr->subregions) {
        return;
    }
    g_mutex_lock(&mem_lock);
    if (mr->container) {
        g_printerr("memory: destroying region '%s' still mapped in '%s'\n",
                   mr->name, mr->container->name);
        g_ptr_array_remove(mr->container->subregions, mr);
        mr->container = NULL;
        mapped = true;
    }
    for (guint i = 0; i < mr->subregions->len; i++) {
        MemoryRegion *sub = mr->subregions->pdata[i];
        sub->container = NULL;
        mapped = true;
    }
    if (mapped) {
        change_commit_unlock();
    } else {
        g_mutex_unlock(&mem_lock);
    }
    if (mr->ram) {
        munmap(mr->ram, mr->size);
        mr->ram = NULL;
    }
    g_ptr_array_free(mr->subregions, TRUE);
    mr->subregions = NULL;
    g_clear_pointer(&mr->name, g_free);
}

/* ---- rendering -------------------------------------------------------- */

typedef struct RRange {
    i128 start, end;        /* [start, end) */
    MemoryRegion *mr;
    uint64_t offset;        /* of start inside mr */
    bool via_alias;
} RRange;

#define RR(v, i) g_array_index((v), RRange, (i))

/* Fill the holes of [start, end) not yet claimed by a higher-priority region. */
static void render_fill(GArray *v, MemoryRegion *mr, i128 start, i128 end,
                        uint64_t offset, bool via_alias)
{
    i128 pos = start;
    guint i = 0;

    while (pos < end) {
        RRange r = { .mr = mr, .via_alias = via_alias };
        while (i < v->len && RR(v, i).end <= pos) {
            i++;
        }
        r.start = pos;
        r.offset = offset + (uint64_t)(pos - start);
        if (i == v->len || RR(v, i).start >= end) {
            r.end = end;
            g_array_insert_val(v, i, r);
            return;
        }
        if (RR(v, i).start > pos) {
            r.end = RR(v, i).start;
            g_array_insert_val(v, i, r);
            i++;
        }
        pos = RR(v, i).end;
        i++;
    }
}

/* base: where the parent's offset 0 sits; [cstart, cend): the visible window. */
static void render_mr(GArray *v, MemoryRegion *mr, i128 base, i128 cstart, i128 cend,
                      bool via_alias, int depth)
{
    if (!mr || !mr->enabled || depth > MAX_DEPTH) {
        return;
    }
    base += mr->addr;
    if (cstart < base) {
        cstart = base;
    }
    if (cend > base + mr_size128(mr)) {
        cend = base + mr_size128(mr);
    }
    if (cstart >= cend) {
        return;
    }
    if (mr->type == MR_ALIAS) {
        if (mr->alias) {
            /* The target adds its own addr back; cancel it and apply the offset. */
            render_mr(v, mr->alias, base - mr->alias->addr - (i128)mr->alias_offset,
                      cstart, cend, true, depth + 1);
        }
        return;
    }
    for (guint i = 0; i < mr->subregions->len; i++) {
        render_mr(v, mr->subregions->pdata[i], base, cstart, cend, via_alias, depth + 1);
    }
    if (mr->type == MR_RAM || mr->type == MR_IO || mr->type == MR_ROM_DEVICE) {
        render_fill(v, mr, cstart, cend, (uint64_t)(cstart - base), via_alias);
    }
}

static FlatView *render_view(MemoryRegion *root)
{
    g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(RRange));
    FlatViewPriv *p = g_new0(FlatViewPriv, 1);
    guint n = 0;

    if (root) {
        render_mr(v, root, 0, 0, SPACE_END, false, 0);
    }
    /* Merge pieces of one region that the priorities left touching. */
    for (guint i = 0; i < v->len; i++) {
        RRange *r = &RR(v, i);
        if (n > 0) {
            RRange *last = &RR(v, n - 1);
            if (last->end == r->start && last->mr == r->mr &&
                last->via_alias == r->via_alias &&
                last->offset + (uint64_t)(last->end - last->start) == r->offset) {
                last->end = r->end;
                continue;
            }
        }
        RR(v, n++) = *r;
    }
    p->fv.nr = n;
    p->fv.ranges = g_new0(FlatRange, n ? n : 1);
    p->via_alias = g_new0(bool, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        RRange *r = &RR(v, i);
        /* A terminal region is < 2^64 bytes, so every range size fits. */
        p->fv.ranges[i] = (FlatRange) {
            .start = (hwaddr)r->start,
            .size = (uint64_t)(r->end - r->start),
            .mr = r->mr,
            .offset_in_region = r->offset,
        };
        p->via_alias[i] = r->via_alias;
    }
    p->fv.refcount = 1;
    return &p->fv;
}

void flatview_ref(FlatView *fv)
{
    if (fv) {
        g_atomic_int_inc(&fv->refcount);
    }
}

void flatview_unref(FlatView *fv)
{
    if (fv && g_atomic_int_dec_and_test(&fv->refcount)) {
        FlatViewPriv *p = (FlatViewPriv *)fv;
        g_free(p->via_alias);
        g_free(fv->ranges);
        g_free(p);
    }
}

const FlatRange *flatview_lookup(FlatView *fv, hwaddr addr)
{
    unsigned lo = 0, hi;

    if (!fv) {
        return NULL;
    }
    /* Find the last range starting at or below addr. */
    hi = fv->nr;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (fv->ranges[mid].start <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    const FlatRange *fr = &fv->ranges[lo - 1];
    return addr - fr->start < fr->size ? fr : NULL;
}

/* ---- address spaces --------------------------------------------------- */

AddressSpace *as_new(MemoryRegion *root, const char *name)
{
    AddressSpace *as = g_new0(AddressSpace, 1);

    as->name = g_strdup(name ? name : "anonymous");
    as->root = root;
    as->dirty = true;
    as->listeners = g_array_new(FALSE, FALSE, sizeof(ASListener));
    as->code_listeners = g_array_new(FALSE, FALSE, sizeof(ASCodeListener));
    g_mutex_lock(&mem_lock);
    if (!address_spaces) {
        address_spaces = g_ptr_array_new();
    }
    g_ptr_array_add(address_spaces, as);
    g_mutex_unlock(&mem_lock);
    return as;
}

void as_free(AddressSpace *as)
{
    if (!as) {
        return;
    }
    g_mutex_lock(&mem_lock);
    g_ptr_array_remove(address_spaces, as);
    g_mutex_unlock(&mem_lock);
    flatview_unref(as->current);
    flatview_unref(as->retired);
    g_array_free(as->listeners, TRUE);
    g_array_free(as->code_listeners, TRUE);
    g_free(as->name);
    g_free(as);
}

const char *as_get_name(AddressSpace *as)
{
    return as->name;
}

MemoryRegion *as_get_root(AddressSpace *as)
{
    return as->root;
}

static FlatView *as_view_locked(AddressSpace *as)
{
    if (as->dirty || !as->current) {
        FlatView *fv = render_view(as->root);
        flatview_unref(as->retired);
        as->retired = as->current;
        as->current = fv;
        as->dirty = false;
    }
    return as->current;
}

FlatView *as_get_flatview(AddressSpace *as)
{
    FlatView *fv;

    g_mutex_lock(&mem_lock);
    fv = as_view_locked(as);
    g_mutex_unlock(&mem_lock);
    return fv;
}

/* A referenced view for the accessors: safe against concurrent changes. */
static FlatView *as_ref_view(AddressSpace *as)
{
    FlatView *fv;

    g_mutex_lock(&mem_lock);
    fv = as_view_locked(as);
    flatview_ref(fv);
    g_mutex_unlock(&mem_lock);
    return fv;
}

void as_add_listener(AddressSpace *as, ASChangeFn fn, void *opaque)
{
    ASListener l = { fn, opaque };

    g_mutex_lock(&mem_lock);
    g_array_append_val(as->listeners, l);
    g_mutex_unlock(&mem_lock);
}

void as_add_code_listener(AddressSpace *as, ASRangeFn fn, void *opaque)
{
    ASCodeListener l = { fn, opaque };

    g_mutex_lock(&mem_lock);
    g_array_append_val(as->code_listeners, l);
    g_mutex_unlock(&mem_lock);
}

/* ---- MMIO dispatch ---------------------------------------------------- */

static bool is_access_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

/* Sanitized sizes from the ops: always powers of two in 1..8, min <= max. */
static void ops_sizes(const MemoryRegionOps *ops, unsigned *vmin, unsigned *vmax,
                      unsigned *imin, unsigned *imax)
{
    *vmin = ops->valid.min_access_size ? ops->valid.min_access_size : 1;
    *vmax = ops->valid.max_access_size ? ops->valid.max_access_size : 8;
    *imin = ops->impl.min_access_size ? ops->impl.min_access_size : *vmin;
    *imax = ops->impl.max_access_size ? ops->impl.max_access_size : *vmax;
    if (!is_access_size(*imin)) {
        *imin = 1;
    }
    if (!is_access_size(*imax)) {
        *imax = 8;
    }
    if (*imin > *imax) {
        *imin = *imax;
    }
}

static uint64_t byte_mask(unsigned n)
{
    return n >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * n)) - 1;
}

/* Checks shared by reads and writes; logs and returns non-OK on a bad access. */
static MemTxResult dispatch_check(MemoryRegion *mr, hwaddr offset, unsigned size,
                                  bool is_write)
{
    const char *what = is_write ? "write" : "read";
    unsigned vmin, vmax, imin, imax;

    if (!is_access_size(size)) {
        log_guest_error("Invalid %s at addr 0x%" PRIX64 ", size %u, region '%s', "
                        "reason: invalid size\n", what, offset, size, mr->name);
        return MEMTX_ERROR;
    }
    if (!mr->is_full && (offset >= mr->size || size > mr->size - offset)) {
        log_guest_error("Invalid %s at addr 0x%" PRIX64 ", size %u, region '%s', "
                        "reason: out of range\n", what, offset, size, mr->name);
        return MEMTX_DECODE_ERROR;
    }
    if ((mr->type != MR_IO && mr->type != MR_ROM_DEVICE) || !mr->ops ||
        (!is_write && mr_is_romd(mr))) {
        return MEMTX_OK;
    }
    ops_sizes(mr->ops, &vmin, &vmax, &imin, &imax);
    if (size < vmin || size > vmax) {
        log_guest_error("Invalid %s at addr 0x%" PRIX64 ", size %u, region '%s', "
                        "reason: invalid size (min:%u max:%u)\n",
                        what, offset, size, mr->name, vmin, vmax);
        return MEMTX_ERROR;
    }
    if (!mr->ops->valid.unaligned && (offset & (size - 1))) {
        log_guest_error("Invalid %s at addr 0x%" PRIX64 ", size %u, region '%s', "
                        "reason: unaligned\n", what, offset, size, mr->name);
        return MEMTX_ERROR;
    }
    return MEMTX_OK;
}

/* The units the callbacks see: an access wider than impl.max becomes
 * impl.max pieces at offset, offset+unit, ...; one narrower than impl.min
 * covers the aligned impl.min words holding it. */
static void impl_units(const MemoryRegionOps *ops, hwaddr offset, unsigned size,
                       unsigned *unit, hwaddr *first, unsigned *count)
{
    unsigned vmin, vmax, imin, imax;

    ops_sizes(ops, &vmin, &vmax, &imin, &imax);
    if (size >= imin) {
        *unit = size < imax ? size : imax;
        *first = offset;
        *count = size / *unit;
    } else {
        hwaddr last = (offset + size - 1) & ~(hwaddr)(imin - 1);
        *unit = imin;
        *first = offset & ~(hwaddr)(imin - 1);
        *count = (unsigned)((last - *first) / imin) + 1;
    }
}

MemTxResult mr_dispatch_read(MemoryRegion *mr, hwaddr offset, unsigned size, uint64_t *val)
{
    MemTxResult r;
    unsigned unit, count;
    hwaddr first;

    *val = 0;
    if (!mr) {
        return MEMTX_DECODE_ERROR;
    }
    r = dispatch_check(mr, offset, size, false);
    if (r != MEMTX_OK) {
        return r;
    }
    if (mr->type == MR_RAM || mr_is_romd(mr)) {
        uint64_t le = 0;
        memcpy(&le, mr->ram + offset, size);
        *val = GUINT64_FROM_LE(le);
        return MEMTX_OK;
    }
    if ((mr->type != MR_IO && mr->type != MR_ROM_DEVICE) || !mr->ops) {
        return MEMTX_ERROR;
    }
    if (!mr->ops->read) {
        return MEMTX_OK;
    }
    impl_units(mr->ops, offset, size, &unit, &first, &count);
    for (unsigned k = 0; k < count; k++) {
        hwaddr ua = first + (hwaddr)k * unit;
        hwaddr lo = ua > offset ? ua : offset;
        hwaddr hi = ua + unit < offset + size ? ua + unit : offset + size;
        uint64_t word = mr->ops->read(mr->opaque, ua, unit);
        uint64_t bytes = (word >> (8 * (lo - ua))) & byte_mask(hi - lo);
        *val |= bytes << (8 * (lo - offset));
    }
    return MEMTX_OK;
}

/* A write narrower than impl.min is widened with zeros in the other bytes,
 * never read-modify-write: device reads have side effects (FIFO pops,
 * clear-on-read), and QEMU does not read on a write either. */
MemTxResult mr_dispatch_write(MemoryRegion *mr, hwaddr offset, unsigned size, uint64_t val)
{
    MemTxResult r;
    unsigned unit, count;
    hwaddr first;

    if (!mr) {
        return MEMTX_DECODE_ERROR;
    }
    r = dispatch_check(mr, offset, size, true);
    if (r != MEMTX_OK) {
        return r;
    }
    if (mr->type == MR_RAM) {
        uint64_t le = GUINT64_TO_LE(val);
        memcpy(mr->ram + offset, &le, size);
        return MEMTX_OK;
    }
    if ((mr->type != MR_IO && mr->type != MR_ROM_DEVICE) || !mr->ops) {
        return MEMTX_ERROR;
    }
    if (!mr->ops->write) {
        return MEMTX_OK;
    }
    val &= byte_mask(size);
    impl_units(mr->ops, offset, size, &unit, &first, &count);
    for (unsigned k = 0; k < count; k++) {
        hwaddr ua = first + (hwaddr)k * unit;
        hwaddr lo = ua > offset ? ua : offset;
        hwaddr hi = ua + unit < offset + size ? ua + unit : offset + size;
        uint64_t bytes = (val >> (8 * (lo - offset))) & byte_mask(hi - lo);
        mr->ops->write(mr->opaque, ua, bytes << (8 * (lo - ua)), unit);
    }
    return MEMTX_OK;
}

/* ---- address-space accesses ------------------------------------------- */

static MemTxResult tx_merge(MemTxResult a, MemTxResult b)
{
    /* "Nothing there" is the more telling answer when both happened. */
    if (a == MEMTX_DECODE_ERROR || b == MEMTX_DECODE_ERROR) {
        return MEMTX_DECODE_ERROR;
    }
    return a != MEMTX_OK ? a : b;
}

static void log_unassigned(bool is_write, i128 addr, uint64_t len)
{
    log_guest_error("Invalid %s at addr 0x%" PRIX64 ", size %" PRIu64
                    ", region '(null)', reason: rejected\n",
                    is_write ? "write" : "read", (uint64_t)addr, len);
}

/* The largest naturally aligned piece the region's valid sizes allow. */
static unsigned io_piece(MemoryRegion *mr, hwaddr off, uint64_t len)
{
    unsigned vmin = 1, vmax = 8, imin, imax;
    unsigned p;

    if (mr->ops) {
        ops_sizes(mr->ops, &vmin, &vmax, &imin, &imax);
    }
    if (vmax > 8 || !is_access_size(vmax)) {
        vmax = 8;
    }
    for (p = vmax; p > 1; p >>= 1) {
        if (p <= len && (off & (p - 1)) == 0) {
            break;
        }
    }
    /* Below vmin nothing is valid; dispatch rejects the piece and says why. */
    return p;
}

/* One copy over the whole span [addr, addr+len), in the view fv. */
static MemTxResult view_rw(FlatView *fv, hwaddr addr, uint8_t *rbuf, const uint8_t *wbuf,
                           uint64_t len, bool rom)
{
    bool is_write = wbuf != NULL;
    MemTxResult res = MEMTX_OK;
    i128 pos = addr, end = (i128)addr + len;
    uint64_t done = 0;

    while (pos < end) {
        const FlatRange *fr = pos < SPACE_END ? flatview_lookup(fv, (hwaddr)pos) : NULL;
        uint64_t n;

        if (!fr) {
            /* Unassigned up to the next range (or the end of the request). */
            i128 stop = end;
            if (pos < SPACE_END) {
                for (unsigned i = 0; i < fv->nr; i++) {
                    if ((i128)fv->ranges[i].start > pos) {
                        if ((i128)fv->ranges[i].start < stop) {
                            stop = fv->ranges[i].start;
                        }
                        break;
                    }
                }
            }
            n = (uint64_t)(stop - pos);
            if (!is_write) {
                memset(rbuf + done, 0, n);
            }
            log_unassigned(is_write, pos, n);
            res = tx_merge(res, MEMTX_DECODE_ERROR);
        } else {
            i128 fr_end = (i128)fr->start + fr->size;
            hwaddr off = fr->offset_in_region + ((hwaddr)pos - fr->start);
            n = (uint64_t)((fr_end < end ? fr_end : end) - pos);
            if (fr->mr->type == MR_RAM || (!is_write && mr_is_romd(fr->mr)) ||
                (rom && fr->mr->type == MR_ROM_DEVICE)) {
                if (is_write) {
                    memcpy(fr->mr->ram + off, wbuf + done, n);
                } else {
                    memcpy(rbuf + done, fr->mr->ram + off, n);
                }
            } else {
                for (uint64_t k = 0; k < n;) {
                    unsigned p = io_piece(fr->mr, off + k, n - k);
                    uint64_t v = 0;
                    if (is_write) {
                        for (unsigned b = 0; b < p; b++) {
                            v |= (uint64_t)wbuf[done + k + b] << (8 * b);
                        }
                        res = tx_merge(res, mr_dispatch_write(fr->mr, off + k, p, v));
                    } else {
                        res = tx_merge(res, mr_dispatch_read(fr->mr, off + k, p, &v));
                        for (unsigned b = 0; b < p; b++) {
                            rbuf[done + k + b] = (uint8_t)(v >> (8 * b));
                        }
                    }
                    k += p;
                }
            }
        }
        pos += n;
        done += n;
    }
    return res;
}

MemTxResult as_read(AddressSpace *as, hwaddr addr, void *buf, uint64_t len)
{
    FlatView *fv;
    MemTxResult r;

    if (len == 0) {
        return MEMTX_OK;
    }
    fv = as_ref_view(as);
    r = view_rw(fv, addr, buf, NULL, len, false);
    flatview_unref(fv);
    return r;
}

static MemTxResult as_write_common(AddressSpace *as, hwaddr addr, const void *buf,
                                   uint64_t len, bool rom)
{
    FlatView *fv;
    MemTxResult r;

    if (len == 0) {
        return MEMTX_OK;
    }
    fv = as_ref_view(as);
    r = view_rw(fv, addr, NULL, buf, len, rom);
    flatview_unref(fv);
    return r;
}

MemTxResult as_write(AddressSpace *as, hwaddr addr, const void *buf, uint64_t len)
{
    return as_write_common(as, addr, buf, len, false);
}

MemTxResult as_write_rom(AddressSpace *as, hwaddr addr, const void *buf, uint64_t len)
{
    return as_write_common(as, addr, buf, len, true);
}

/* One access of `size` bytes; val is read into or written from. */
static MemTxResult view_access(FlatView *fv, hwaddr addr, unsigned size, uint64_t *val,
                               bool is_write)
{
    const FlatRange *fr = flatview_lookup(fv, addr);
    MemTxResult res = MEMTX_OK;

    if (fr && (i128)addr + size <= (i128)fr->start + fr->size) {
        hwaddr off = fr->offset_in_region + (addr - fr->start);
        return is_write ? mr_dispatch_write(fr->mr, off, size, *val)
                        : mr_dispatch_read(fr->mr, off, size, val);
    }
    if (!fr) {
        /* Wholly unassigned: one log line for the whole access. */
        unsigned b = 1;
        while (b < size && (i128)addr + b < SPACE_END && !flatview_lookup(fv, addr + b)) {
            b++;
        }
        if (b == size) {
            if (!is_write) {
                *val = 0;
            }
            log_unassigned(is_write, addr, size);
            return MEMTX_DECODE_ERROR;
        }
    }
    /* Straddles two ranges (or a range and a hole): split bytewise. */
    uint64_t out = 0;
    for (unsigned b = 0; b < size; b++) {
        uint64_t v = (*val >> (8 * b)) & 0xff;
        if ((i128)addr + b >= SPACE_END) {
            log_unassigned(is_write, (i128)addr + b, 1);
            res = tx_merge(res, MEMTX_DECODE_ERROR);
            continue;
        }
        res = tx_merge(res, view_access(fv, addr + b, 1, &v, is_write));
        out |= (v & 0xff) << (8 * b);
    }
    if (!is_write) {
        *val = out;
    }
    return res;
}

MemTxResult as_read_val(AddressSpace *as, hwaddr addr, unsigned size, uint64_t *val)
{
    FlatView *fv;
    MemTxResult r;

    *val = 0;
    if (!is_access_size(size)) {
        log_guest_error("Invalid read at addr 0x%" PRIX64 ", size %u: bad access size\n",
                        addr, size);
        return MEMTX_ERROR;
    }
    fv = as_ref_view(as);
    r = view_access(fv, addr, size, val, false);
    flatview_unref(fv);
    return r;
}

MemTxResult as_write_val(AddressSpace *as, hwaddr addr, unsigned size, uint64_t val)
{
    FlatView *fv;
    MemTxResult r;

    if (!is_access_size(size)) {
        log_guest_error("Invalid write at addr 0x%" PRIX64 ", size %u: bad access size\n",
                        addr, size);
        return MEMTX_ERROR;
    }
    val &= byte_mask(size);
    fv = as_ref_view(as);
    r = view_access(fv, addr, size, &val, true);
    flatview_unref(fv);
    return r;
}

uint8_t *as_ram_ptr(AddressSpace *as, hwaddr addr, uint64_t *contig)
{
    FlatView *fv = as_ref_view(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    uint8_t *p = NULL;
    uint64_t n = 0;

    if (fr && fr->mr->type == MR_RAM && fr->mr->ram) {
        p = fr->mr->ram + fr->offset_in_region + (addr - fr->start);
        n = fr->size - (addr - fr->start);
    }
    flatview_unref(fv);
    if (contig) {
        *contig = n;
    }
    return p;
}

bool as_is_memory(AddressSpace *as, hwaddr addr)
{
    FlatView *fv = as_ref_view(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    bool r = fr && fr->mr->ram && (fr->mr->type == MR_RAM || fr->mr->type == MR_ROM_DEVICE);

    flatview_unref(fv);
    return r;
}

/* ---- the system memory singleton -------------------------------------- */

static MemoryRegion system_memory;
static AddressSpace *address_space_memory;

MemoryRegion *get_system_memory(void)
{
    static gsize once;

    if (g_once_init_enter(&once)) {
        mr_init_container(&system_memory, NULL, "system", 0);
        address_space_memory = as_new(&system_memory, "memory");
        g_once_init_leave(&once, 1);
    }
    return &system_memory;
}

AddressSpace *get_address_space_memory(void)
{
    get_system_memory();
    return address_space_memory;
}

/* ---- info mtree ------------------------------------------------------- */

static const char *mr_type_name(const MemoryRegion *mr)
{
    for (int depth = 0; mr && mr->type == MR_ALIAS && depth < MAX_DEPTH; depth++) {
        mr = mr->alias;
    }
    /* A ROM device out of romd mode is plain I/O to QEMU's `info mtree` too. */
    if (mr && mr_is_romd(mr)) {
        return "romd";
    }
    return mr && mr->type == MR_RAM ? "ram" : "i/o";
}

/* Size minus one, as QEMU prints it (0 for an empty region). */
static uint64_t mr_last(const MemoryRegion *mr)
{
    return mr->is_full ? UINT64_MAX : (mr->size ? mr->size - 1 : 0);
}

static void mtree_print_mr(GString *out, MemoryRegion *mr, int level, hwaddr base,
                           GPtrArray *alias_queue)
{
    hwaddr start = base + mr->addr;
    g_autoptr(GPtrArray) order = NULL;

    if (level > MAX_DEPTH) {
        return;
    }
    for (int i = 0; i < level; i++) {
        g_string_append(out, "  ");
    }
    g_string_append_printf(out, "%016" PRIx64 "-%016" PRIx64 " (prio %d, %s): ",
                           start, start + mr_last(mr), mr->priority, mr_type_name(mr));
    if (mr->type == MR_ALIAS) {
        if (mr->alias && !g_ptr_array_find(alias_queue, mr->alias, NULL)) {
            g_ptr_array_add(alias_queue, mr->alias);
        }
        g_string_append_printf(out, "alias %s @%s %016" PRIx64 "-%016" PRIx64,
                               mr->name, mr->alias ? mr->alias->name : "(null)",
                               mr->alias_offset, mr->alias_offset + mr_last(mr));
    } else {
        g_string_append(out, mr->name);
    }
    g_string_append_printf(out, "%s\n", mr->enabled ? "" : " [disabled]");

    /* Children by address, then higher priority first; equal keys keep
     * list order (the newer of equal priorities first), as QEMU prints. */
    order = g_ptr_array_new();
    for (guint i = 0; i < mr->subregions->len; i++) {
        MemoryRegion *sub = mr->subregions->pdata[i];
        guint j;
        for (j = 0; j < order->len; j++) {
            MemoryRegion *o = order->pdata[j];
            if (sub->addr < o->addr || (sub->addr == o->addr && sub->priority > o->priority)) {
                break;
            }
        }
        g_ptr_array_insert(order, j, sub);
    }
    for (guint i = 0; i < order->len; i++) {
        mtree_print_mr(out, order->pdata[i], level + 1, start, alias_queue);
    }
}

static void mtree_print_tree(GString *out)
{
    g_autoptr(GPtrArray) alias_queue = g_ptr_array_new();
    g_autoptr(GPtrArray) roots = g_ptr_array_new();
    guint n = address_spaces ? address_spaces->len : 0;

    /* Address spaces sharing a root print their names over one tree. */
    for (guint i = 0; i < n; i++) {
        AddressSpace *as = address_spaces->pdata[i];
        if (!as->root || g_ptr_array_find(roots, as->root, NULL)) {
            continue;
        }
        g_ptr_array_add(roots, as->root);
        for (guint j = i; j < n; j++) {
            AddressSpace *other = address_spaces->pdata[j];
            if (other->root == as->root) {
                g_string_append_printf(out, "address-space: %s\n", other->name);
            }
        }
        mtree_print_mr(out, as->root, 1, 0, alias_queue);
        g_string_append(out, "\n");
    }
    /* The queue grows while printing targets that are aliases themselves. */
    for (guint i = 0; i < alias_queue->len; i++) {
        MemoryRegion *mr = alias_queue->pdata[i];
        g_string_append_printf(out, "memory-region: %s\n", mr->name);
        mtree_print_mr(out, mr, 1, 0, alias_queue);
        g_string_append(out, "\n");
    }
}

static void mtree_print_flat(GString *out)
{
    g_autoptr(GPtrArray) roots = g_ptr_array_new();
    guint n = address_spaces ? address_spaces->len : 0;
    int counter = 0;

    for (guint i = 0; i < n; i++) {
        AddressSpace *as = address_spaces->pdata[i];
        FlatViewPriv *p;

        if (g_ptr_array_find(roots, as->root, NULL)) {
            continue;
        }
        g_ptr_array_add(roots, as->root);
        g_string_append_printf(out, "FlatView #%d\n", counter++);
        for (guint j = i; j < n; j++) {
            AddressSpace *other = address_spaces->pdata[j];
            if (other->root == as->root) {
                g_string_append_printf(out, " AS \"%s\", root: %s", other->name,
                                       as->root ? as->root->name : "(none)");
                if (as->root && as->root->type == MR_ALIAS && as->root->alias) {
                    g_string_append_printf(out, ", alias %s", as->root->alias->name);
                }
                g_string_append(out, "\n");
            }
        }
        g_string_append_printf(out, " Root memory region: %s\n",
                               as->root ? as->root->name : "(none)");
        p = (FlatViewPriv *)as_view_locked(as);
        if (p->fv.nr == 0) {
            g_string_append(out, "  No rendered FlatView\n\n");
            continue;
        }
        for (unsigned k = 0; k < p->fv.nr; k++) {
            const FlatRange *fr = &p->fv.ranges[k];
            g_string_append_printf(out, "  %016" PRIx64 "-%016" PRIx64 " (prio %d, %s): %s",
                                   fr->start, fr->start + (fr->size - 1), fr->mr->priority,
                                   mr_type_name(fr->mr), fr->mr->name);
            if (fr->offset_in_region || p->via_alias[k]) {
                g_string_append_printf(out, " @%016" PRIx64, fr->offset_in_region);
            }
            g_string_append(out, "\n");
        }
        g_string_append(out, "\n");
    }
}

void mtree_print(GString *out, bool flat)
{
    g_mutex_lock(&mem_lock);
    if (flat) {
        mtree_print_flat(out);
    } else {
        mtree_print_tree(out);
    }
    g_mutex_unlock(&mem_lock);
}

void mr_print_mapping(MemoryRegion *mr, GString *out, int indent)
{
    hwaddr base = 0;

    if (!mr->container) {
        return;
    }
    for (MemoryRegion *m = mr; m; m = m->container) {
        base += m->addr;
    }
    g_string_append_printf(out, "%*smmio %016" PRIx64 "/%016" PRIx64 "\n", indent, "",
                           base, mr->size);
}
