/* memory.h: the MemoryRegion tree (containers, RAM, MMIO, aliases, priorities)
 * and the flat view it renders to, plus address-space reads and writes for
 * loaders, devices and the debugger. */
#ifndef A64EMU_MEMORY_H
#define A64EMU_MEMORY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/object.h"

typedef uint64_t hwaddr;

typedef enum MemTxResult {
    MEMTX_OK = 0,
    MEMTX_ERROR = 1,         /* device said no / bad access size */
    MEMTX_DECODE_ERROR = 2,  /* nothing mapped there */
} MemTxResult;

typedef struct MemoryRegionOps {
    /* addr is the offset in the region; size 1, 2, 4 or 8; little-endian values. */
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t val, unsigned size);
    /* Sizes the guest may use (0 = 1 and 8); others are MEMTX_ERROR, logged
     * under guest_errors. unaligned: may an access straddle its natural size. */
    struct { unsigned min_access_size, max_access_size; bool unaligned; } valid;
    /* Sizes the callbacks implement (0 = same as valid); wider or narrower
     * guest accesses are split or combined by the core. */
    struct { unsigned min_access_size, max_access_size; } impl;
} MemoryRegionOps;

/* MR_ROM_DEVICE: host memory plus ops (a flash). In romd mode reads come
 * from the memory at RAM speed (the TLB maps it for reads and fetches) and
 * every write goes to ops->write; out of romd mode reads go to ops->read too. */
typedef enum MRType { MR_CONTAINER, MR_RAM, MR_IO, MR_ALIAS, MR_ROM_DEVICE } MRType;

typedef struct MemoryRegion MemoryRegion;
struct MemoryRegion {
    MRType type;
    char *name;
    Object *owner;
    uint64_t size;              /* UINT64_MAX + 1 cannot be stored: size 0 with is_full means 2^64 */
    bool is_full;               /* covers the whole 64-bit space */
    uint8_t *ram;               /* MR_RAM, MR_ROM_DEVICE: host memory (mmap'd) */
    const MemoryRegionOps *ops; /* MR_IO, MR_ROM_DEVICE */
    bool romd_mode;             /* MR_ROM_DEVICE: reads from ram (atomic: the
                                 * vCPUs' TLB fills read it without mem_lock) */
    void *opaque;
    MemoryRegion *alias;        /* MR_ALIAS target */
    hwaddr alias_offset;
    /* position in the parent */
    MemoryRegion *container;
    hwaddr addr;
    int priority;
    bool enabled;
    GPtrArray *subregions;      /* sorted: higher priority first, then insertion order */
};

/* Size 0 for init_container means the full 2^64 space (the system root). */
void mr_init_container(MemoryRegion *mr, Object *owner, const char *name, uint64_t size);
/* Anonymous host memory (zeroed). Fails with a GError when the host cannot give it. */
bool mr_init_ram(MemoryRegion *mr, Object *owner, const char *name, uint64_t size,
                 GError **errp);
void mr_init_io(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops,
                void *opaque, const char *name, uint64_t size);
/* A ROM device (MR_ROM_DEVICE), in romd mode, its memory zeroed. */
bool mr_init_rom_device(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops,
                        void *opaque, const char *name, uint64_t size, GError **errp);
/* Enter (true) or leave romd mode. Every address space's change listeners run
 * (the TLBs are flushed), after its code listeners have been told of each
 * range the region covers (translated code read from it is stale). From the
 * device's write callback on a vCPU thread (under the big lock) or at reset. */
void mr_rom_device_set_romd(MemoryRegion *mr, bool romd);
static inline bool mr_is_romd(const MemoryRegion *mr)
{
    return mr->type == MR_ROM_DEVICE && __atomic_load_n(&mr->romd_mode, __ATOMIC_ACQUIRE);
}
void mr_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                   MemoryRegion *orig, hwaddr offset, uint64_t size);
void mr_destroy(MemoryRegion *mr);      /* frees name/RAM; must be unmapped */

void mr_add_subregion(MemoryRegion *parent, hwaddr addr, MemoryRegion *sub);
void mr_add_subregion_overlap(MemoryRegion *parent, hwaddr addr, MemoryRegion *sub,
                              int priority);
void mr_del_subregion(MemoryRegion *parent, MemoryRegion *sub);
void mr_set_enabled(MemoryRegion *mr, bool enabled);
void mr_set_address(MemoryRegion *mr, hwaddr addr);
static inline uint8_t *mr_get_ram_ptr(MemoryRegion *mr) { return mr->ram; }

/* A flat, sorted list of non-overlapping ranges: the rendered tree. */
typedef struct FlatRange {
    hwaddr start;
    uint64_t size;              /* never 0 */
    MemoryRegion *mr;           /* terminal RAM or IO region (aliases resolved) */
    hwaddr offset_in_region;    /* offset of `start` inside mr */
} FlatRange;

typedef struct FlatView {
    FlatRange *ranges;
    unsigned nr;
    gint refcount;
} FlatView;

typedef struct AddressSpace AddressSpace;
typedef void (*ASChangeFn)(void *opaque);

AddressSpace *as_new(MemoryRegion *root, const char *name);
void as_free(AddressSpace *as);
const char *as_get_name(AddressSpace *as);
MemoryRegion *as_get_root(AddressSpace *as);
/* The current view (re-rendered lazily after any change to the tree under
 * root). Take a reference to keep it across a tree change. */
FlatView *as_get_flatview(AddressSpace *as);
void flatview_ref(FlatView *fv);
void flatview_unref(FlatView *fv);
/* The range that holds addr, or NULL. Binary search. */
const FlatRange *flatview_lookup(FlatView *fv, hwaddr addr);
/* Called after every topology change (the TLBs will be flushed there). */
void as_add_listener(AddressSpace *as, ASChangeFn fn, void *opaque);
/* Called when what [start, start+len) of the address space reads as changed
 * without a topology change (a ROM device left or entered romd mode), before
 * the change listeners: code translated from there is stale. Runs with the
 * big lock held, so it must only queue work (tb.c defers the invalidation). */
typedef void (*ASRangeFn)(void *opaque, hwaddr start, uint64_t len);
void as_add_code_listener(AddressSpace *as, ASRangeFn fn, void *opaque);

/* Byte-wise copies: RAM directly, MMIO through the callbacks in the largest
 * valid naturally aligned pieces. Unassigned bytes read as zero, are logged
 * under guest_errors and make the result MEMTX_DECODE_ERROR. */
MemTxResult as_read(AddressSpace *as, hwaddr addr, void *buf, uint64_t len);
MemTxResult as_write(AddressSpace *as, hwaddr addr, const void *buf, uint64_t len);
/* The same, but a ROM device's memory is written directly, whatever its mode, instead
 * of through its callbacks: the debugger's view (QEMU's address_space_write_rom). */
MemTxResult as_write_rom(AddressSpace *as, hwaddr addr, const void *buf, uint64_t len);
/* One guest access of size 1/2/4/8 (little-endian value), as the CPU does it. */
MemTxResult as_read_val(AddressSpace *as, hwaddr addr, unsigned size, uint64_t *val);
MemTxResult as_write_val(AddressSpace *as, hwaddr addr, unsigned size, uint64_t val);
/* Host pointer to RAM at addr, and how many bytes are contiguous from there;
 * NULL if addr is not RAM. For the TLB fill and fast loaders. */
uint8_t *as_ram_ptr(AddressSpace *as, hwaddr addr, uint64_t *contig);
/* Is addr in RAM or a ROM device (in either mode): memory whose code the
 * translation cache tracks by physical page? */
bool as_is_memory(AddressSpace *as, hwaddr addr);

/* Dispatch one access to an IO region (size/alignment rules applied). */
MemTxResult mr_dispatch_read(MemoryRegion *mr, hwaddr offset, unsigned size, uint64_t *val);
MemTxResult mr_dispatch_write(MemoryRegion *mr, hwaddr offset, unsigned size, uint64_t val);

/* The system memory root ("system", full 64-bit container) and its address
 * space ("memory"), created on first use. */
MemoryRegion *get_system_memory(void);
AddressSpace *get_address_space_memory(void);

/* `info qtree`'s line for a mapped region: "mmio 0000000009000000/0000000000001000"
 * (absolute address / size); nothing when it is not mapped. */
void mr_print_mapping(MemoryRegion *mr, GString *out, int indent);

/* `info mtree`: every address space's tree in QEMU's format; flat=true
 * prints each flat view instead (`info mtree -f`). */
void mtree_print(GString *out, bool flat);

#endif
