/* gicv3-dist.c: the GICv3 distributor's registers (GICD_*, IHI 0069 chapter 12.9)
 * with affinity routing on and one Security state (GICD_CTLR.DS = 1), and the SPI
 * input lines. Access sizes as the specification allows (12.1.3): 32-bit for every
 * register, 8-bit also for IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR, 64-bit
 * (or either 32-bit half) for IROUTER. Anything else is logged under -d
 * guest_errors and reads as zero / is ignored, never an abort (QEMU does the
 * same: reserved registers are RAZ/WI). Called with the big lock held. */
#include <inttypes.h>
#include "gicv3-internal.h"
#include "core/log.h"

enum {
    GICD_CTLR = 0x0000, GICD_TYPER = 0x0004, GICD_IIDR = 0x0008, GICD_TYPER2 = 0x000c,
    GICD_STATUSR = 0x0010,
    GICD_IGROUPR = 0x0080, GICD_ISENABLER = 0x0100, GICD_ICENABLER = 0x0180,
    GICD_ISPENDR = 0x0200, GICD_ICPENDR = 0x0280, GICD_ISACTIVER = 0x0300,
    GICD_ICACTIVER = 0x0380, GICD_IPRIORITYR = 0x0400, GICD_ITARGETSR = 0x0800,
    GICD_ICFGR = 0x0c00, GICD_IGRPMODR = 0x0d00, GICD_NSACR = 0x0e00,
    GICD_SGIR = 0x0f00, GICD_CPENDSGIR = 0x0f10, GICD_SPENDSGIR = 0x0f20,
    GICD_IROUTER = 0x6000,
};

#define IROUTER_WRITABLE (0xff00ffffffull | (1ull << 31))

static bool in(hwaddr off, hwaddr base, hwaddr len)
{
    return off >= base && off < base + len;
}

/* GICD_TYPER: ITLinesNumber from num-irq, IDbits 0xf (16-bit INTIDs), A3V (Aff3
 * may be non-zero), SecurityExtn 0 (DS = 1), no LPIs, MBIS, DVIS or extended SPIs,
 * CPUNumber 0 (affinity routing). No1N = 0: 1 of N SPIs are supported (IRM = 1);
 * QEMU says No1N = 1 and ignores IRM. */
static uint32_t gicd_typer(GICv3State *s)
{
    return (1u << 24) | (0xfu << 19) | (s->num_irq / 32 - 1);
}

/* The bitmap registers: 32 INTIDs a word; SGIs/PPIs (word 0) and INTIDs past
 * num_irq are RAZ/WI (the redistributors own 0..31 with affinity routing). */
static uint32_t *gicd_bitmap(GICv3State *s, hwaddr off, hwaddr base, uint32_t *bmp,
                             unsigned *irq)
{
    *irq = (unsigned)(off - base) * 8;
    if (*irq < GICV3_INTERNAL || *irq >= s->num_irq) {
        return NULL;
    }
    return &bmp[*irq / 32];
}

static uint32_t gicd_read_pending(GICv3State *s, unsigned w)
{
    /* Level interrupts read as pending while their line is high. */
    return s->pending[w] | (s->level[w] & ~s->edge[w]);
}

static uint8_t gicd_read_priority(GICv3State *s, unsigned irq)
{
    return irq >= GICV3_INTERNAL && irq < s->num_irq ? s->priority[irq] : 0;
}

static void gicd_write_priority(GICv3State *s, unsigned irq, uint8_t v)
{
    if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
        s->priority[irq] = v;
    }
}

static bool gicd_readl(GICv3State *s, hwaddr off, uint32_t *v)
{
    uint32_t *w;
    unsigned irq;

    *v = 0;
    switch (off) {
    case GICD_CTLR:
        *v = s->gicd_ctlr;
        return true;
    case GICD_TYPER:
        *v = gicd_typer(s);
        return true;
    case GICD_IIDR:
        *v = GICV3_IIDR;
        return true;
    case GICD_TYPER2:           /* GICv3.1: no extended features; RAZ */
    case GICD_STATUSR:          /* optional, not implemented: RAZ/WI */
        return true;
    case GICD_SGIR:
        log_guest_error("gicv3_dist: read of write-only GICD_SGIR\n");
        return true;
    }
    if (in(off, GICD_IGROUPR, 0x80)) {
        w = gicd_bitmap(s, off, GICD_IGROUPR, s->group, &irq);
        *v = w ? *w : 0;
        return true;
    }
    if (in(off, GICD_ISENABLER, 0x100)) {          /* ISENABLER and ICENABLER */
        w = gicd_bitmap(s, off & ~0x80, GICD_ISENABLER, s->enabled, &irq);
        *v = w ? *w : 0;
        return true;
    }
    if (in(off, GICD_ISPENDR, 0x100)) {            /* ISPENDR and ICPENDR */
        w = gicd_bitmap(s, off & ~0x80, GICD_ISPENDR, s->pending, &irq);
        *v = w ? gicd_read_pending(s, irq / 32) : 0;
        return true;
    }
    if (in(off, GICD_ISACTIVER, 0x100)) {          /* ISACTIVER and ICACTIVER */
        w = gicd_bitmap(s, off & ~0x80, GICD_ISACTIVER, s->active, &irq);
        *v = w ? *w : 0;
        return true;
    }
    if (in(off, GICD_IPRIORITYR, 0x400)) {
        irq = off - GICD_IPRIORITYR;
        for (unsigned i = 0; i < 4; i++) {
            *v |= (uint32_t)gicd_read_priority(s, irq + i) << (8 * i);
        }
        return true;
    }
    if (in(off, GICD_ITARGETSR, 0x400)) {          /* RAZ/WI with affinity routing */
        return true;
    }
    if (in(off, GICD_ICFGR, 0x100)) {
        /* Two bits per INTID, Int_config[1] = edge; bit 0 of each pair is RES0.
         * ICFGR0/1 (SGIs, PPIs) are RAZ/WI here: GICR_ICFGR0/1 hold them. */
        irq = (unsigned)(off - GICD_ICFGR) * 4;
        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            for (unsigned i = 0; i < 16; i++) {
                *v |= (uint32_t)gicv3_bit(s->edge, irq + i) << (2 * i + 1);
            }
        }
        return true;
    }
    if (in(off, GICD_IGRPMODR, 0x80) || in(off, GICD_NSACR, 0x100)) {
        return true;                                /* RAZ/WI with DS = 1 */
    }
    if (in(off, GICD_CPENDSGIR, 0x20)) {            /* RAZ/WI with affinity routing */
        return true;
    }
    if (in(off, GICD_IROUTER, 8 * 1020)) {
        irq = (unsigned)(off - GICD_IROUTER) / 8;
        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            *v = (uint32_t)(s->irouter[irq] >> (off & 4 ? 32 : 0));
        }
        return true;
    }
    if (in(off, GICV3_IDREGS, 0x30)) {
        *v = gicv3_idreg(off - GICV3_IDREGS, GICV3_PIDR0_DIST);
        return true;
    }
    return false;
}

static void gicd_write_irouter(GICv3State *s, unsigned irq, uint64_t v, uint64_t mask)
{
    if (irq < GICV3_INTERNAL || irq >= s->num_irq) {
        return;
    }
    mask &= IROUTER_WRITABLE;
    s->irouter[irq] = (s->irouter[irq] & ~mask) | (v & mask);
    gicv3_update(s);
}

static bool gicd_writel(GICv3State *s, hwaddr off, uint32_t v)
{
    uint32_t *w;
    unsigned irq;

    switch (off) {
    case GICD_CTLR:
        /* With DS = 1 only the two group enables are writable: ARE and DS are
         * RAO/WI, E1NWF and EnableGrp1S RAZ/WI, RWP is 0 (writes take effect at
         * once). */
        s->gicd_ctlr = (s->gicd_ctlr & ~(GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1)) |
                       (v & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1));
        gicv3_update(s);
        return true;
    case GICD_TYPER:
    case GICD_IIDR:
    case GICD_TYPER2:
        log_guest_error("gicv3_dist: write to read-only register at offset 0x%" PRIx64 "\n",
                        (uint64_t)off);
        return true;
    case GICD_STATUSR:
    case GICD_SGIR:             /* RES0 with affinity routing: SGIs come from ICC_SGI*R */
        return true;
    }
    if (in(off, GICD_IGROUPR, 0x80)) {
        w = gicd_bitmap(s, off, GICD_IGROUPR, s->group, &irq);
        if (w) {
            *w = v;
            gicv3_update(s);
        }
        return true;
    }
    if (in(off, GICD_ISENABLER, 0x200) || in(off, GICD_ISACTIVER, 0x100)) {
        /* Set/clear pairs: the S register at base, the C one at base + 0x80. */
        hwaddr base = off & ~(hwaddr)0xff;
        uint32_t *bmp = base == GICD_ISENABLER ? s->enabled :
                        base == GICD_ISPENDR ? s->pending : s->active;
        w = gicd_bitmap(s, off & ~(hwaddr)0x80, base, bmp, &irq);
        if (w) {
            if (off & 0x80) {
                *w &= ~v;
            } else {
                *w |= v;
            }
            gicv3_update(s);
        }
        return true;
    }
    if (in(off, GICD_IPRIORITYR, 0x400)) {
        irq = off - GICD_IPRIORITYR;
        for (unsigned i = 0; i < 4; i++) {
            gicd_write_priority(s, irq + i, v >> (8 * i));
        }
        gicv3_update(s);
        return true;
    }
    if (in(off, GICD_ITARGETSR, 0x400)) {
        return true;
    }
    if (in(off, GICD_ICFGR, 0x100)) {
        irq = (unsigned)(off - GICD_ICFGR) * 4;
        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            for (unsigned i = 0; i < 16; i++) {
                gicv3_set_bit(s->edge, irq + i, (v >> (2 * i + 1)) & 1);
            }
            gicv3_update(s);    /* a level line that is high stops (or starts) counting */
        }
        return true;
    }
    if (in(off, GICD_IGRPMODR, 0x80) || in(off, GICD_NSACR, 0x100) ||
        in(off, GICD_CPENDSGIR, 0x20)) {
        return true;
    }
    if (in(off, GICD_IROUTER, 8 * 1020)) {
        gicd_write_irouter(s, (unsigned)(off - GICD_IROUTER) / 8,
                           (uint64_t)v << (off & 4 ? 32 : 0),
                           0xffffffffull << (off & 4 ? 32 : 0));
        return true;
    }
    if (in(off, GICV3_IDREGS, 0x30)) {
        log_guest_error("gicv3_dist: write to read-only ID register at offset 0x%" PRIx64 "\n",
                        (uint64_t)off);
        return true;
    }
    return false;
}

/* Byte access: IPRIORITYR, and the RAZ/WI ITARGETSR, CPENDSGIR, SPENDSGIR. */
static bool gicd_byte_ok(hwaddr off)
{
    return in(off, GICD_IPRIORITYR, 0x400) || in(off, GICD_ITARGETSR, 0x400) ||
           in(off, GICD_CPENDSGIR, 0x20);
}

static uint64_t gicd_read(void *opaque, hwaddr off, unsigned size)
{
    GICv3State *s = opaque;
    uint32_t v;

    if (size == 4 && gicd_readl(s, off, &v)) {
        return v;
    }
    if (size == 1 && gicd_byte_ok(off)) {
        return in(off, GICD_IPRIORITYR, 0x400) ? gicd_read_priority(s, off - GICD_IPRIORITYR)
                                               : 0;
    }
    if (size == 8 && in(off, GICD_IROUTER, 8 * 1020)) {
        unsigned irq = (unsigned)(off - GICD_IROUTER) / 8;
        return irq >= GICV3_INTERNAL && irq < s->num_irq ? s->irouter[irq] : 0;
    }
    log_guest_error("gicv3_dist: invalid read of size %u at offset 0x%" PRIx64 "\n", size,
                    (uint64_t)off);
    return 0;
}

static void gicd_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;

    if (size == 4 && gicd_writel(s, off, (uint32_t)val)) {
        return;
    }
    if (size == 1 && gicd_byte_ok(off)) {
        if (in(off, GICD_IPRIORITYR, 0x400)) {
            gicd_write_priority(s, off - GICD_IPRIORITYR, val);
            gicv3_update(s);
        }
        return;
    }
    if (size == 8 && in(off, GICD_IROUTER, 8 * 1020)) {
        gicd_write_irouter(s, (unsigned)(off - GICD_IROUTER) / 8, val, ~0ull);
        return;
    }
    log_guest_error("gicv3_dist: invalid write of size %u at offset 0x%" PRIx64
                    " (value 0x%" PRIx64 ")\n", size, (uint64_t)off, val);
}

const MemoryRegionOps gicv3_dist_ops = {
    .read = gicd_read,
    .write = gicd_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

void gicv3_dist_set_spi(GICv3State *s, unsigned irq, int level)
{
    bool high = level != 0;

    if (irq < GICV3_INTERNAL || irq >= s->num_irq || gicv3_bit(s->level, irq) == high) {
        return;
    }
    gicv3_set_bit(s->level, irq, high);
    if (high && gicv3_bit(s->edge, irq)) {
        /* A rising edge latches pending; a level line is pending while high. */
        gicv3_set_bit(s->pending, irq, true);
    }
    /* Only the CPU it is routed to can see a difference (routing changes
     * recompute every CPU). */
    GICv3CPU *t = gicv3_spi_target(s, irq);
    if (t) {
        gicv3_update_cpu(t);
    }
}
