/* unimp.c: an MMIO slot whose device model does not exist yet. The guest
 * sees read-as-zero/write-ignored registers and -d unimp says what it tried. */
#include <inttypes.h>
#include "hw/misc/unimp.h"
#include "core/log.h"

static uint64_t unimp_read(void *opaque, hwaddr offset, unsigned size)
{
    UnimplementedDevice *s = opaque;
    log_unimp("%s: unimplemented device read (size %u, offset 0x%" PRIx64 ")\n",
              s->name, size, offset);
    return 0;
}

static void unimp_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    UnimplementedDevice *s = opaque;
    log_unimp("%s: unimplemented device write (size %u, offset 0x%" PRIx64
              ", value 0x%0*" PRIx64 ")\n", s->name, size, offset, size * 2, value);
}

static const MemoryRegionOps unimp_ops = {
    .read = unimp_read,
    .write = unimp_write,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = false },
};

static bool unimp_realize(Object *obj, GError **errp)
{
    UnimplementedDevice *s = OBJECT_CHECK(UnimplementedDevice, obj, TYPE_UNIMPLEMENTED_DEVICE);
    if (s->size == 0) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: property 'size' must be non-zero", s->name);
        return false;
    }
    mr_init_io(&s->iomem, obj, &unimp_ops, s, s->name, s->size);
    return true;
}

static void unimp_print_info(Object *obj, GString *out, int indent)
{
    mr_print_mapping(&((UnimplementedDevice *)obj)->iomem, out, indent);
}

static void unimp_class_init(ObjectClass *oc, void *data)
{
    oc->print_info = unimp_print_info;
    oc->realize = unimp_realize;
    oc->desc = "placeholder for a device model that does not exist yet";
}

static const Property unimp_props[] = {
    { .name = "name", .type = PROP_TYPE_STR, .offset = offsetof(UnimplementedDevice, name),
      .required = true },
    PROP_U64_HEX("size", UnimplementedDevice, size, 0),
    PROP_END
};

static void unimp_register(void)
{
    static const TypeInfo ti = {
        .name = TYPE_UNIMPLEMENTED_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(UnimplementedDevice),
        .class_init = unimp_class_init,
        .props = unimp_props,
    };
    type_register(&ti);
}
TYPE_INIT(unimp_register)

Object *unimp_create(Object *parent, const char *name, MemoryRegion *sysmem,
                     hwaddr base, uint64_t size, GError **errp)
{
    Object *obj = object_new(TYPE_UNIMPLEMENTED_DEVICE);
    UnimplementedDevice *s = (UnimplementedDevice *)obj;

    object_property_add_child(parent, name, obj);
    object_unref(obj);
    if (!object_property_set_str(obj, "name", name, errp) ||
        !object_property_set_uint(obj, "size", size, errp) ||
        !object_realize(obj, errp)) {
        return NULL;
    }
    mr_add_subregion(sysmem, base, &s->iomem);
    return obj;
}
