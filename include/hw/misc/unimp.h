/* unimp.h: a placeholder MMIO device for address-map slots whose model does
 * not exist yet: reads as zero, ignores writes, logs both under -d unimp. */
#ifndef A64EMU_UNIMP_H
#define A64EMU_UNIMP_H

#include "core/memory.h"

#define TYPE_UNIMPLEMENTED_DEVICE "unimplemented-device"

typedef struct UnimplementedDevice {
    Object parent_obj;
    MemoryRegion iomem;
    char *name;        /* property "name": the region's name */
    uint64_t size;     /* property "size" */
} UnimplementedDevice;

/* Create, realize and map one at base under parent's child `name`. */
Object *unimp_create(Object *parent, const char *name, MemoryRegion *sysmem,
                     hwaddr base, uint64_t size, GError **errp);

#endif
