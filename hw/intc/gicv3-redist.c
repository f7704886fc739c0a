/* gicv3-redist.c: the redistributors (GICR_*, IHI 0069 chapter 12.11): one pair of
 * 64 KiB frames per CPU in one region, CPU 0 first. RD_base holds control, TYPER,
 * WAKER and the ID registers; SGI_base the SGI/PPI registers of INTIDs 0..31.
 * No LPIs (GICR_TYPER.PLPIS = 0): GICR_CTLR.EnableLPIs is RES0 and PROPBASER and
 * PENDBASER are RAZ/WI. Access sizes as the specification allows: 32-bit
 * everywhere, 8-bit for IPRIORITYR, 64-bit (or a 32-bit half) for TYPER,
 * PROPBASER and PENDBASER; anything else is logged under -d guest_errors and
 * ignored. Called with the big lock held. */
#include <inttypes.h>
#include "gicv3-internal.h"
#include "core/log.h"

enum {
    /* RD_base */
    GICR_CTLR = 0x0000, GICR_IIDR = 0x0004, GICR_TYPER = 0x0008, GICR_STATUSR = 0x0010,
    GICR_WAKER = 0x0014, GICR_PROPBASER = 0x0070, GICR_PENDBASER = 0x0078,
    /* SGI_base */
    GICR_SGI = 0x10000,
    GICR_IGROUPR0 = GICR_SGI + 0x0080, GICR_ISENABLER0 = GICR_SGI + 0x0100,
    GICR_ICENABLER0 = GICR_SGI + 0x0180, GICR_ISPENDR0 = GICR_SGI + 0x0200,
    GICR_ICPENDR0 = GICR_SGI + 0x0280, GICR_ISACTIVER0 = GICR_SGI + 0x0300,
    GICR_ICACTIVER0 = GICR_SGI + 0x0380, GICR_IPRIORITYR = GICR_SGI + 0x0400,
    GICR_ICFGR0 = GICR_SGI + 0x0c00, GICR_ICFGR1 = GICR_SGI + 0x0c04,
    GICR_IGRPMODR0 = GICR_SGI + 0x0d00, GICR_NSACR = GICR_SGI + 0x0e00,
};

static bool in(hwaddr off, hwaddr base, hwaddr len)
{
    return off >= base && off < base + len;
}

/* The Int_config[1] bits of 16 INTIDs (edge = 1) spread into an ICFGR word. */
static uint32_t cfg_spread(uint32_t edge16)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 16; i++) {
        v |= ((edge16 >> i) & 1) << (2 * i + 1);
    }
    return v;
}

static bool gicr_readl(GICv3CPU *cs, hwaddr off, uint32_t *v)
{
    *v = 0;
    switch (off) {
    case GICR_CTLR:             /* no LPIs, no DPG bits, nothing in flight: all 0 */
    case GICR_STATUSR:
        return true;
    case GICR_IIDR:
        *v = GICV3_IIDR;
        return true;
    case GICR_TYPER:
    case GICR_TYPER + 4:
        *v = (uint32_t)(cs->gicr_typer >> (off & 4 ? 32 : 0));
        return true;
    case GICR_WAKER:
        *v = cs->gicr_waker;
        return true;
    case GICR_PROPBASER:
    case GICR_PROPBASER + 4:
    case GICR_PENDBASER:
    case GICR_PENDBASER + 4:
        return true;            /* no LPIs */
    case GICR_IGROUPR0:
        *v = cs->group;
        return true;
    case GICR_ISENABLER0:
    case GICR_ICENABLER0:
        *v = cs->enabled;
        return true;
    case GICR_ISPENDR0:
    case GICR_ICPENDR0:
        *v = cs->pending | (cs->level & ~cs->edge);
        return true;
    case GICR_ISACTIVER0:
    case GICR_ICACTIVER0:
        *v = cs->active;
        return true;
    case GICR_ICFGR0:
        *v = cfg_spread(cs->edge & 0xffff);     /* SGIs: always edge, 0xaaaaaaaa */
        return true;
    case GICR_ICFGR1:
        *v = cfg_spread(cs->edge >> 16);
        return true;
    case GICR_IGRPMODR0:        /* RAZ/WI with DS = 1 */
    case GICR_NSACR:
        return true;
    }
    if (in(off, GICR_IPRIORITYR, 0x20)) {
        unsigned irq = off - GICR_IPRIORITYR;
        for (unsigned i = 0; i < 4; i++) {
            *v |= (uint32_t)cs->priority[irq + i] << (8 * i);
        }
        return true;
    }
    if (in(off, GICV3_IDREGS, 0x30)) {
        *v = gicv3_idreg(off - GICV3_IDREGS, GICV3_PIDR0_REDIST);
        return true;
    }
    return false;
}

static void gicr_write_waker(GICv3CPU *cs, uint32_t v)
{
    /* ProcessorSleep is the only writable bit. The interface quiesces (or wakes)
     * at once, so ChildrenAsleep follows it immediately: software that waits for
     * ChildrenAsleep to change sees it on its first read. */
    uint32_t old = cs->gicr_waker;

    cs->gicr_waker = v & GICR_WAKER_PROCESSOR_SLEEP ?
                     GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
    if (old != cs->gicr_waker) {
        gicv3_update(cs->gic);  /* 1 of N SPIs only go to awake CPUs */
    }
}

static bool gicr_writel(GICv3CPU *cs, hwaddr off, uint32_t v)
{
    switch (off) {
    case GICR_CTLR:
    case GICR_STATUSR:
    case GICR_PROPBASER:
    case GICR_PROPBASER + 4:
    case GICR_PENDBASER:
    case GICR_PENDBASER + 4:
    case GICR_ICFGR0:           /* SGIs are always edge-triggered */
    case GICR_IGRPMODR0:
    case GICR_NSACR:
        return true;
    case GICR_IIDR:
    case GICR_TYPER:
    case GICR_TYPER + 4:
        log_guest_error("gicv3_redist[%u]: write to read-only register at offset 0x%" PRIx64
                        "\n", cs->index, (uint64_t)off);
        return true;
    case GICR_WAKER:
        gicr_write_waker(cs, v);
        return true;
    case GICR_IGROUPR0:
        cs->group = v;
        break;
    case GICR_ISENABLER0:
        cs->enabled |= v;
        break;
    case GICR_ICENABLER0:
        cs->enabled &= ~v;
        break;
    case GICR_ISPENDR0:
        cs->pending |= v;
        break;
    case GICR_ICPENDR0:
        cs->pending &= ~v;
        break;
    case GICR_ISACTIVER0:
        cs->active |= v;
        break;
    case GICR_ICACTIVER0:
        cs->active &= ~v;
        break;
    case GICR_ICFGR1: {
        /* PPIs: programmable, as QEMU has them (IMPLEMENTATION DEFINED). */
        uint32_t edge = 0;
        for (unsigned i = 0; i < 16; i++) {
            edge |= ((v >> (2 * i + 1)) & 1) << i;
        }
        cs->edge = (cs->edge & 0xffff) | (edge << 16);
        break;
    }
    default:
        if (in(off, GICR_IPRIORITYR, 0x20)) {
            unsigned irq = off - GICR_IPRIORITYR;
            for (unsigned i = 0; i < 4; i++) {
                cs->priority[irq + i] = v >> (8 * i);
            }
            break;
        }
        if (in(off, GICV3_IDREGS, 0x30)) {
            log_guest_error("gicv3_redist[%u]: write to read-only ID register at offset 0x%"
                            PRIx64 "\n", cs->index, (uint64_t)off);
            return true;
        }
        return false;
    }
    gicv3_update_cpu(cs);
    return true;
}

static bool gicr_is64(hwaddr off)
{
    return off == GICR_TYPER || off == GICR_PROPBASER || off == GICR_PENDBASER;
}

static uint64_t gicr_read(void *opaque, hwaddr addr, unsigned size)
{
    GICv3State *s = opaque;
    GICv3CPU *cs = &s->cpu[addr / GICV3_REDIST_SIZE];
    hwaddr off = addr % GICV3_REDIST_SIZE;
    uint32_t v;

    if (size == 4 && gicr_readl(cs, off, &v)) {
        return v;
    }
    if (size == 1 && in(off, GICR_IPRIORITYR, 0x20)) {
        return cs->priority[off - GICR_IPRIORITYR];
    }
    if (size == 8 && gicr_is64(off)) {
        return off == GICR_TYPER ? cs->gicr_typer : 0;
    }
    log_guest_error("gicv3_redist[%u]: invalid read of size %u at offset 0x%" PRIx64 "\n",
                    cs->index, size, (uint64_t)off);
    return 0;
}

static void gicr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;
    GICv3CPU *cs = &s->cpu[addr / GICV3_REDIST_SIZE];
    hwaddr off = addr % GICV3_REDIST_SIZE;

    if (size == 4 && gicr_writel(cs, off, (uint32_t)val)) {
        return;
    }
    if (size == 1 && in(off, GICR_IPRIORITYR, 0x20)) {
        cs->priority[off - GICR_IPRIORITYR] = val;
        gicv3_update_cpu(cs);
        return;
    }
    if (size == 8 && gicr_is64(off)) {
        if (off == GICR_TYPER) {
            log_guest_error("gicv3_redist[%u]: write to read-only GICR_TYPER\n", cs->index);
        }
        return;
    }
    log_guest_error("gicv3_redist[%u]: invalid write of size %u at offset 0x%" PRIx64
                    " (value 0x%" PRIx64 ")\n", cs->index, size, (uint64_t)off, val);
}

const MemoryRegionOps gicv3_redist_ops = {
    .read = gicr_read,
    .write = gicr_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

void gicv3_redist_set_ppi(GICv3CPU *cs, unsigned irq, int level)
{
    uint32_t m = 1u << irq;
    bool high = level != 0;

    if (((cs->level & m) != 0) == high) {
        return;
    }
    if (high) {
        cs->level |= m;
        if (cs->edge & m) {
            cs->pending |= m;
        }
    } else {
        cs->level &= ~m;
    }
    gicv3_update_cpu(cs);
}
