/* test-gicv3.c: the GICv3 driven through its distributor and redistributor
 * MemoryRegions, its input lines and the CPU interface functions, with recording
 * inputs on every CPU's irq and fiq outputs. Four CPUs with affinities that
 * exercise every affinity level: 0.0.0.0, 0.0.0.1, 0.0.1.0 and 1.2.3.4. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "hw/intc/gicv3.h"
#include "hw/core/machine.h"
#include "hw/char/pl011.h"
#include "arm/cpu.h"
#include "core/log.h"
#include "core/options.h"
#include "ui/monitor.h"

#define NCPU 4

enum {
    GICD_CTLR = 0x0, GICD_TYPER = 0x4, GICD_IIDR = 0x8, GICD_TYPER2 = 0xc,
    GICD_STATUSR = 0x10, GICD_IGROUPR = 0x80, GICD_ISENABLER = 0x100,
    GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200, GICD_ICPENDR = 0x280,
    GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380, GICD_IPRIORITYR = 0x400,
    GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xc00, GICD_IGRPMODR = 0xd00,
    GICD_NSACR = 0xe00, GICD_SGIR = 0xf00, GICD_SPENDSGIR = 0xf20,
    GICD_IROUTER = 0x6000,
    PIDR4 = 0xffd0, PIDR0 = 0xffe0, PIDR1 = 0xffe4, PIDR2 = 0xffe8, PIDR3 = 0xffec,
    CIDR0 = 0xfff0, CIDR1 = 0xfff4, CIDR2 = 0xfff8, CIDR3 = 0xfffc,
    GICR_CTLR = 0x0, GICR_IIDR = 0x4, GICR_TYPER = 0x8, GICR_STATUSR = 0x10,
    GICR_WAKER = 0x14, GICR_PROPBASER = 0x70, GICR_PENDBASER = 0x78,
    SGI = 0x10000,
    GICR_IGROUPR0 = SGI + 0x80, GICR_ISENABLER0 = SGI + 0x100,
    GICR_ICENABLER0 = SGI + 0x180, GICR_ISPENDR0 = SGI + 0x200,
    GICR_ICPENDR0 = SGI + 0x280, GICR_ISACTIVER0 = SGI + 0x300,
    GICR_ICACTIVER0 = SGI + 0x380, GICR_IPRIORITYR = SGI + 0x400,
    GICR_ICFGR0 = SGI + 0xc00, GICR_ICFGR1 = SGI + 0xc04,
    GICR_IGRPMODR0 = SGI + 0xd00, GICR_NSACR = SGI + 0xe00,
};

static const uint64_t affs[NCPU] = { 0x0, 0x1, 0x100, 0x0100020304ull };

typedef struct Fixture {
    GICv3State *s;
    IRQ *irq_in[NCPU], *fiq_in[NCPU];
    int irq[NCPU], fiq[NCPU];
    int irq_changes[NCPU];
} Fixture;

static char *log_path;
static long log_offset;

static char *log_take(void)
{
    g_autofree char *all = NULL;
    gsize len = 0;

    log_flush();
    g_assert_true(g_file_get_contents(log_path, &all, &len, NULL));
    g_assert_cmpint((long)len, >=, log_offset);
    char *fresh = g_strndup(all + log_offset, len - log_offset);
    log_offset = len;
    return fresh;
}

static void assert_logged(const char *what)
{
    g_autofree char *l = log_take();
    if (!strstr(l, what)) {
        g_test_message("log: '%s', expected '%s'", l, what);
    }
    g_assert_nonnull(strstr(l, what));
}

static void assert_not_logged(void)
{
    g_autofree char *l = log_take();
    g_assert_cmpstr(l, ==, "");
}

static void rec_irq(void *opaque, int n, int level)
{
    Fixture *f = opaque;
    f->irq[n] = level;
    f->irq_changes[n]++;
}

static void rec_fiq(void *opaque, int n, int level)
{
    Fixture *f = opaque;
    f->fiq[n] = level;
}

static GICv3State *gic_new(unsigned ncpu, const uint64_t *aff, GError **errp)
{
    Object *o = object_new(TYPE_GICV3);
    if (!object_property_set_uint(o, "num-cpu", ncpu, errp) ||
        (aff && !object_property_set_uint_array(o, "cpu-affinity", aff, ncpu, errp)) ||
        !object_realize(o, errp)) {
        object_unref(o);
        return NULL;
    }
    return (GICv3State *)o;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    GError *err = NULL;

    memset(f, 0, sizeof(*f));
    f->s = gic_new(NCPU, affs, &err);
    g_assert_no_error(err);
    g_assert_nonnull(f->s);
    for (int i = 0; i < NCPU; i++) {
        f->irq_in[i] = irq_new(rec_irq, f, i);
        f->fiq_in[i] = irq_new(rec_fiq, f, i);
        g_assert_true(obj_connect_gpio_out(OBJECT(f->s), "irq", i, f->irq_in[i]));
        g_assert_true(obj_connect_gpio_out(OBJECT(f->s), "fiq", i, f->fiq_in[i]));
    }
    object_reset_tree(OBJECT(f->s));
    g_free(log_take());
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    object_unref(OBJECT(f->s));
    for (int i = 0; i < NCPU; i++) {
        g_free(f->irq_in[i]);
        g_free(f->fiq_in[i]);
    }
}

/* ---- accessors ---- */

static uint64_t dread(Fixture *f, hwaddr off, unsigned size)
{
    uint64_t v = 0xdeadbeefdeadbeefull;
    g_assert_cmpint(mr_dispatch_read(&f->s->dist_mr, off, size, &v), ==, MEMTX_OK);
    return v;
}

static void dwrite(Fixture *f, hwaddr off, unsigned size, uint64_t v)
{
    g_assert_cmpint(mr_dispatch_write(&f->s->dist_mr, off, size, v), ==, MEMTX_OK);
}

static uint32_t dr(Fixture *f, hwaddr off) { return (uint32_t)dread(f, off, 4); }
static void dw(Fixture *f, hwaddr off, uint32_t v) { dwrite(f, off, 4, v); }

static uint64_t rread(Fixture *f, unsigned cpu, hwaddr off, unsigned size)
{
    uint64_t v = 0xdeadbeefdeadbeefull;
    g_assert_cmpint(mr_dispatch_read(&f->s->redist_mr, cpu * 0x20000 + off, size, &v), ==,
                    MEMTX_OK);
    return v;
}

static void rwrite(Fixture *f, unsigned cpu, hwaddr off, unsigned size, uint64_t v)
{
    g_assert_cmpint(mr_dispatch_write(&f->s->redist_mr, cpu * 0x20000 + off, size, v), ==,
                    MEMTX_OK);
}

static uint32_t rr(Fixture *f, unsigned cpu, hwaddr off)
{
    return (uint32_t)rread(f, cpu, off, 4);
}

static void rw(Fixture *f, unsigned cpu, hwaddr off, uint32_t v)
{
    rwrite(f, cpu, off, 4, v);
}

static uint64_t icc(Fixture *f, unsigned cpu, GICv3ICCReg r)
{
    return gicv3_icc_read(f->s, cpu, r);
}

static void iccw(Fixture *f, unsigned cpu, GICv3ICCReg r, uint64_t v)
{
    gicv3_icc_write(f->s, cpu, r, v);
}

/* Everything a driver sets up: both groups on in the distributor, the CPU
 * awake, both groups on at its CPU interface, PMR open. */
static void cpu_ready(Fixture *f, unsigned cpu)
{
    dw(f, GICD_CTLR, 3);
    rw(f, cpu, GICR_WAKER, 0);
    iccw(f, cpu, GICV3_ICC_IGRPEN0_EL1, 1);
    iccw(f, cpu, GICV3_ICC_IGRPEN1_EL1, 1);
    iccw(f, cpu, GICV3_ICC_PMR_EL1, 0xff);
}

/* An SGI/PPI enabled on cpu: group grp, priority prio. */
static void ppi_setup(Fixture *f, unsigned cpu, unsigned irq, unsigned grp, uint8_t prio)
{
    uint32_t g = rr(f, cpu, GICR_IGROUPR0);
    rw(f, cpu, GICR_IGROUPR0, grp ? g | 1u << irq : g & ~(1u << irq));
    rwrite(f, cpu, GICR_IPRIORITYR + irq, 1, prio);
    rw(f, cpu, GICR_ISENABLER0, 1u << irq);
}

/* An SPI enabled, group grp, priority prio, routed to affinity route. */
static void spi_setup(Fixture *f, unsigned irq, unsigned grp, uint8_t prio, uint64_t route)
{
    uint32_t g = dr(f, GICD_IGROUPR + irq / 32 * 4);
    dw(f, GICD_IGROUPR + irq / 32 * 4, grp ? g | 1u << (irq % 32) : g & ~(1u << (irq % 32)));
    dwrite(f, GICD_IPRIORITYR + irq, 1, prio);
    dwrite(f, GICD_IROUTER + irq * 8, 8, route);
    dw(f, GICD_ISENABLER + irq / 32 * 4, 1u << (irq % 32));
}

static bool spi_pending(Fixture *f, unsigned irq)
{
    return (dr(f, GICD_ISPENDR + irq / 32 * 4) >> (irq % 32)) & 1;
}

static bool spi_active(Fixture *f, unsigned irq)
{
    return (dr(f, GICD_ISACTIVER + irq / 32 * 4) >> (irq % 32)) & 1;
}

static void spi_set(Fixture *f, unsigned irq, int level)
{
    irq_set(gicv3_spi_line(f->s, irq - 32), level);
}

/* ---- reset values and read-back ---- */

static void test_dist_reset_values(Fixture *f, gconstpointer d)
{
    g_assert_cmphex(dr(f, GICD_CTLR), ==, 0x50);            /* ARE | DS */
    /* ITLinesNumber 7, IDbits 15, A3V; No1N 0; no LPIs, MBIS or SecurityExtn */
    g_assert_cmphex(dr(f, GICD_TYPER), ==, 0x01780007);
    g_assert_cmphex(dr(f, GICD_TYPER) & 0x1f, ==, 7);
    g_assert_cmphex(dr(f, GICD_IIDR), ==, 0x43b);
    g_assert_cmphex(dr(f, GICD_TYPER2), ==, 0);
    g_assert_cmphex(dr(f, GICD_STATUSR), ==, 0);
    g_assert_cmphex(dr(f, PIDR0), ==, 0x92);
    g_assert_cmphex(dr(f, PIDR1), ==, 0xb4);
    g_assert_cmphex(dr(f, PIDR2), ==, 0x3b);
    g_assert_cmphex((dr(f, PIDR2) >> 4) & 0xf, ==, 3);       /* ArchRev: GICv3 */
    g_assert_cmphex(dr(f, PIDR3), ==, 0);
    g_assert_cmphex(dr(f, PIDR4), ==, 0x44);
    g_assert_cmphex(dr(f, CIDR0), ==, 0x0d);
    g_assert_cmphex(dr(f, CIDR1), ==, 0xf0);
    g_assert_cmphex(dr(f, CIDR2), ==, 0x05);
    g_assert_cmphex(dr(f, CIDR3), ==, 0xb1);
    for (unsigned w = 0; w < 8; w++) {
        g_assert_cmphex(dr(f, GICD_IGROUPR + 4 * w), ==, 0);
        g_assert_cmphex(dr(f, GICD_ISENABLER + 4 * w), ==, 0);
        g_assert_cmphex(dr(f, GICD_ICENABLER + 4 * w), ==, 0);
        g_assert_cmphex(dr(f, GICD_ISPENDR + 4 * w), ==, 0);
        g_assert_cmphex(dr(f, GICD_ISACTIVER + 4 * w), ==, 0);
    }
    for (unsigned irq = 0; irq < 256; irq += 4) {
        g_assert_cmphex(dr(f, GICD_IPRIORITYR + irq), ==, 0);
    }
    for (unsigned irq = 32; irq < 256; irq++) {
        g_assert_cmphex(dread(f, GICD_IROUTER + 8 * irq, 8), ==, 0);
    }
    for (unsigned w = 0; w < 16; w++) {
        g_assert_cmphex(dr(f, GICD_ICFGR + 4 * w), ==, 0);  /* SPIs reset to level */
    }
    assert_not_logged();
}

static void test_redist_reset_values(Fixture *f, gconstpointer d)
{
    /* GICR_TYPER: affinity in 63:32 (Aff3.Aff2.Aff1.Aff0), CommonLPIAff 1,
     * Processor_Number, Last only for CPU 3; PLPIS 0. */
    static const uint64_t typer[NCPU] = {
        0x0000000001000000ull, 0x0000000101000100ull, 0x0000010001000200ull,
        0x0102030401000310ull,
    };
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmphex(rread(f, c, GICR_TYPER, 8), ==, typer[c]);
        g_assert_cmphex(rr(f, c, GICR_TYPER), ==, (uint32_t)typer[c]);
        g_assert_cmphex(rr(f, c, GICR_TYPER + 4), ==, typer[c] >> 32);
        g_assert_cmphex(rr(f, c, GICR_CTLR), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_IIDR), ==, 0x43b);
        g_assert_cmphex(rr(f, c, GICR_STATUSR), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_WAKER), ==, 0x6);     /* asleep */
        g_assert_cmphex(rread(f, c, GICR_PROPBASER, 8), ==, 0);
        g_assert_cmphex(rread(f, c, GICR_PENDBASER, 8), ==, 0);
        g_assert_cmphex(rr(f, c, PIDR0), ==, 0x93);
        g_assert_cmphex(rr(f, c, PIDR2), ==, 0x3b);
        g_assert_cmphex(rr(f, c, CIDR1), ==, 0xf0);
        g_assert_cmphex(rr(f, c, GICR_IGROUPR0), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_ISENABLER0), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_ISPENDR0), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_ISACTIVER0), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_ICFGR0), ==, 0xaaaaaaaa);   /* SGIs edge */
        g_assert_cmphex(rr(f, c, GICR_ICFGR1), ==, 0);            /* PPIs level */
        g_assert_cmphex(rr(f, c, GICR_IGRPMODR0), ==, 0);
        g_assert_cmphex(rr(f, c, GICR_NSACR), ==, 0);
        for (unsigned i = 0; i < 32; i += 4) {
            g_assert_cmphex(rr(f, c, GICR_IPRIORITYR + i), ==, 0);
        }
    }
    assert_not_logged();
}

static void test_cpuif_reset_values(Fixture *f, gconstpointer d)
{
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmphex(icc(f, c, GICV3_ICC_SRE_EL1), ==, 7);
        /* A3V, IDbits 1, PRIbits 4 (5 bits), EOImode 0, CBPR 0 */
        g_assert_cmphex(icc(f, c, GICV3_ICC_CTLR_EL1), ==, 0x8c00);
        g_assert_cmphex((icc(f, c, GICV3_ICC_CTLR_EL1) >> 8) & 7, ==, 4);
        g_assert_cmphex(icc(f, c, GICV3_ICC_PMR_EL1), ==, 0);
        g_assert_cmphex(icc(f, c, GICV3_ICC_BPR0_EL1), ==, 2);
        g_assert_cmphex(icc(f, c, GICV3_ICC_BPR1_EL1), ==, 3);
        g_assert_cmphex(icc(f, c, GICV3_ICC_IGRPEN0_EL1), ==, 0);
        g_assert_cmphex(icc(f, c, GICV3_ICC_IGRPEN1_EL1), ==, 0);
        g_assert_cmphex(icc(f, c, GICV3_ICC_AP0R0_EL1), ==, 0);
        g_assert_cmphex(icc(f, c, GICV3_ICC_AP1R0_EL1), ==, 0);
        g_assert_cmphex(icc(f, c, GICV3_ICC_RPR_EL1), ==, 0xff);
        g_assert_cmphex(icc(f, c, GICV3_ICC_HPPIR0_EL1), ==, 1023);
        g_assert_cmphex(icc(f, c, GICV3_ICC_HPPIR1_EL1), ==, 1023);
        g_assert_cmphex(icc(f, c, GICV3_ICC_IAR0_EL1), ==, 1023);
        g_assert_cmphex(icc(f, c, GICV3_ICC_IAR1_EL1), ==, 1023);
        g_assert_cmpint(f->irq[c], ==, 0);
        g_assert_cmpint(f->fiq[c], ==, 0);
    }
}

static void test_dist_readback(Fixture *f, gconstpointer d)
{
    /* GICD_CTLR: only the two group enables are writable. */
    dw(f, GICD_CTLR, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_CTLR), ==, 0x53);
    dw(f, GICD_CTLR, 0);
    g_assert_cmphex(dr(f, GICD_CTLR), ==, 0x50);

    /* IGROUPR: word 0 (SGIs/PPIs) and words past INTID 255 are RAZ/WI. */
    dw(f, GICD_IGROUPR, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_IGROUPR), ==, 0);
    dw(f, GICD_IGROUPR + 4, 0x12345678);
    g_assert_cmphex(dr(f, GICD_IGROUPR + 4), ==, 0x12345678);
    dw(f, GICD_IGROUPR + 7 * 4, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_IGROUPR + 7 * 4), ==, 0xffffffff);
    dw(f, GICD_IGROUPR + 8 * 4, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_IGROUPR + 8 * 4), ==, 0);

    /* ISENABLER/ICENABLER: write 1 to set / clear, 0 ignored; both read the state. */
    dw(f, GICD_ISENABLER + 4, 0x0000f00f);
    dw(f, GICD_ISENABLER + 4, 0x00000100);
    g_assert_cmphex(dr(f, GICD_ISENABLER + 4), ==, 0x0000f10f);
    dw(f, GICD_ICENABLER + 4, 0x00000003);
    g_assert_cmphex(dr(f, GICD_ICENABLER + 4), ==, 0x0000f10c);
    dw(f, GICD_ISENABLER, 0xffffffff);                 /* SGIs/PPIs: RAZ/WI here */
    g_assert_cmphex(dr(f, GICD_ISENABLER), ==, 0);

    /* ISPENDR/ICPENDR, ISACTIVER/ICACTIVER likewise. */
    dw(f, GICD_ISPENDR + 8, 0xff00);
    dw(f, GICD_ICPENDR + 8, 0x0f00);
    g_assert_cmphex(dr(f, GICD_ISPENDR + 8), ==, 0xf000);
    g_assert_cmphex(dr(f, GICD_ICPENDR + 8), ==, 0xf000);
    dw(f, GICD_ISACTIVER + 12, 0x81);
    dw(f, GICD_ICACTIVER + 12, 0x01);
    g_assert_cmphex(dr(f, GICD_ISACTIVER + 12), ==, 0x80);
    g_assert_cmphex(dr(f, GICD_ICACTIVER + 12), ==, 0x80);

    /* IPRIORITYR: words and bytes; INTIDs 0..31 RAZ/WI. */
    dw(f, GICD_IPRIORITYR + 32, 0x44332211);
    g_assert_cmphex(dread(f, GICD_IPRIORITYR + 32, 1), ==, 0x11);
    g_assert_cmphex(dread(f, GICD_IPRIORITYR + 35, 1), ==, 0x44);
    dwrite(f, GICD_IPRIORITYR + 34, 1, 0xa0);
    g_assert_cmphex(dr(f, GICD_IPRIORITYR + 32), ==, 0x44a02211);
    dw(f, GICD_IPRIORITYR + 28, 0xffffffff);
    dwrite(f, GICD_IPRIORITYR + 5, 1, 0xff);
    g_assert_cmphex(dr(f, GICD_IPRIORITYR + 28), ==, 0);
    g_assert_cmphex(dr(f, GICD_IPRIORITYR + 4), ==, 0);
    dw(f, GICD_IPRIORITYR + 252, 0x01020304);
    g_assert_cmphex(dr(f, GICD_IPRIORITYR + 252), ==, 0x01020304);

    /* ITARGETSR, IGRPMODR (DS = 1), NSACR, SPENDSGIR: RAZ/WI. */
    dw(f, GICD_ITARGETSR + 32, 0x01010101);
    dwrite(f, GICD_ITARGETSR + 40, 1, 1);
    g_assert_cmphex(dr(f, GICD_ITARGETSR + 32), ==, 0);
    dw(f, GICD_IGRPMODR + 4, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_IGRPMODR + 4), ==, 0);
    dw(f, GICD_NSACR + 8, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_NSACR + 8), ==, 0);
    dw(f, GICD_SPENDSGIR, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_SPENDSGIR), ==, 0);

    /* ICFGR: Int_config[1] per INTID; the RES0 bit 0 of each pair and
     * ICFGR0/1 (SGIs, PPIs) read as zero. */
    dw(f, GICD_ICFGR + 8, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_ICFGR + 8), ==, 0xaaaaaaaa);
    dw(f, GICD_ICFGR + 12, 0x00000008);
    g_assert_cmphex(dr(f, GICD_ICFGR + 12), ==, 0x00000008);
    dw(f, GICD_ICFGR, 0xffffffff);
    dw(f, GICD_ICFGR + 4, 0xffffffff);
    g_assert_cmphex(dr(f, GICD_ICFGR), ==, 0);
    g_assert_cmphex(dr(f, GICD_ICFGR + 4), ==, 0);

    /* IROUTER: 64-bit, Aff3 39:32, IRM 31, Aff2..0 23:0; RES0 bits dropped;
     * 32-bit halves; INTIDs 0..31 reserved (RAZ/WI). */
    dwrite(f, GICD_IROUTER + 8 * 40, 8, ~0ull);
    g_assert_cmphex(dread(f, GICD_IROUTER + 8 * 40, 8), ==, 0x000000ff80ffffffull);
    dw(f, GICD_IROUTER + 8 * 41, 0x00030201);
    dw(f, GICD_IROUTER + 8 * 41 + 4, 0x04);
    g_assert_cmphex(dread(f, GICD_IROUTER + 8 * 41, 8), ==, 0x0000000400030201ull);
    g_assert_cmphex(dr(f, GICD_IROUTER + 8 * 41 + 4), ==, 4);
    g_assert_cmphex(dr(f, GICD_IROUTER + 8 * 41), ==, 0x00030201);
    dwrite(f, GICD_IROUTER + 8 * 31, 8, 1);
    g_assert_cmphex(dread(f, GICD_IROUTER + 8 * 31, 8), ==, 0);
    dwrite(f, GICD_IROUTER + 8 * 255, 8, 0x100);
    g_assert_cmphex(dread(f, GICD_IROUTER + 8 * 255, 8), ==, 0x100);
    dwrite(f, GICD_IROUTER + 8 * 256, 8, 0x100);          /* past num-irq */
    g_assert_cmphex(dread(f, GICD_IROUTER + 8 * 256, 8), ==, 0);
    assert_not_logged();

    /* Read-only registers: writes ignored and logged. */
    dw(f, GICD_TYPER, 0);
    assert_logged("read-only");
    g_assert_cmphex(dr(f, GICD_TYPER), ==, 0x01780007);
    dw(f, GICD_IIDR, 0);
    assert_logged("read-only");
    dw(f, PIDR2, 0);
    assert_logged("read-only ID register");
    g_assert_cmphex(dr(f, PIDR2), ==, 0x3b);
    /* GICD_SGIR is RES0 with affinity routing; reading the WO register logs. */
    dw(f, GICD_SGIR, 0x00010001);
    assert_not_logged();
    g_assert_cmphex(dr(f, GICD_SGIR), ==, 0);
    assert_logged("write-only");
}

static void test_redist_readback(Fixture *f, gconstpointer d)
{
    rw(f, 1, GICR_IGROUPR0, 0xffff00ff);
    g_assert_cmphex(rr(f, 1, GICR_IGROUPR0), ==, 0xffff00ff);
    g_assert_cmphex(rr(f, 0, GICR_IGROUPR0), ==, 0);       /* banked per CPU */
    rw(f, 1, GICR_ISENABLER0, 0x08000001);
    rw(f, 1, GICR_ICENABLER0, 0x00000001);
    g_assert_cmphex(rr(f, 1, GICR_ISENABLER0), ==, 0x08000000);
    g_assert_cmphex(rr(f, 1, GICR_ICENABLER0), ==, 0x08000000);
    rw(f, 1, GICR_ISACTIVER0, 0x30);
    rw(f, 1, GICR_ICACTIVER0, 0x10);
    g_assert_cmphex(rr(f, 1, GICR_ISACTIVER0), ==, 0x20);
    rw(f, 2, GICR_ISPENDR0, 0x00010004);
    rw(f, 2, GICR_ICPENDR0, 0x00000004);
    g_assert_cmphex(rr(f, 2, GICR_ICPENDR0), ==, 0x00010000);
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 0);

    rw(f, 3, GICR_IPRIORITYR + 24, 0xa0b0c0d0);
    g_assert_cmphex(rread(f, 3, GICR_IPRIORITYR + 27, 1), ==, 0xa0);
    rwrite(f, 3, GICR_IPRIORITYR + 0, 1, 0x10);
    g_assert_cmphex(rr(f, 3, GICR_IPRIORITYR), ==, 0x10);

    /* ICFGR0 (SGIs) is RAO/WI on the edge bits; ICFGR1 (PPIs) programmable. */
    rw(f, 0, GICR_ICFGR0, 0);
    g_assert_cmphex(rr(f, 0, GICR_ICFGR0), ==, 0xaaaaaaaa);
    rw(f, 0, GICR_ICFGR1, 0xffffffff);
    g_assert_cmphex(rr(f, 0, GICR_ICFGR1), ==, 0xaaaaaaaa);
    rw(f, 0, GICR_ICFGR1, 0x00800000);                     /* PPI 27 edge */
    g_assert_cmphex(rr(f, 0, GICR_ICFGR1), ==, 0x00800000);

    /* RAZ/WI: GICR_CTLR (no LPIs), IGRPMODR0 and NSACR (DS = 1), PROPBASER,
     * PENDBASER (no LPIs), STATUSR. */
    rw(f, 0, GICR_CTLR, 0xffffffff);
    rw(f, 0, GICR_IGRPMODR0, 0xffffffff);
    rw(f, 0, GICR_NSACR, 0xffffffff);
    rwrite(f, 0, GICR_PROPBASER, 8, 0x12345678000ull);
    rw(f, 0, GICR_PENDBASER + 4, 0x1234);
    rw(f, 0, GICR_STATUSR, 0xf);
    g_assert_cmphex(rr(f, 0, GICR_CTLR), ==, 0);
    g_assert_cmphex(rr(f, 0, GICR_IGRPMODR0), ==, 0);
    g_assert_cmphex(rr(f, 0, GICR_NSACR), ==, 0);
    g_assert_cmphex(rread(f, 0, GICR_PROPBASER, 8), ==, 0);
    g_assert_cmphex(rread(f, 0, GICR_PENDBASER, 8), ==, 0);
    g_assert_cmphex(rr(f, 0, GICR_STATUSR), ==, 0);
    assert_not_logged();

    rwrite(f, 2, GICR_TYPER, 8, 0);
    assert_logged("read-only");
    rw(f, 2, GICR_TYPER + 4, 0);
    assert_logged("read-only");
    rw(f, 2, PIDR0, 0);
    assert_logged("read-only ID register");
    g_assert_cmphex(rread(f, 2, GICR_TYPER, 8), ==, 0x0000010001000200ull);
}

static void test_access_sizes(Fixture *f, gconstpointer d)
{
    dw(f, GICD_CTLR, 3);
    /* Only word accesses to GICD_CTLR: others log and read zero / are ignored. */
    g_assert_cmphex(dread(f, GICD_CTLR, 1), ==, 0);
    assert_logged("invalid read of size 1");
    g_assert_cmphex(dread(f, GICD_CTLR, 2), ==, 0);
    assert_logged("invalid read of size 2");
    g_assert_cmphex(dread(f, GICD_CTLR, 8), ==, 0);
    assert_logged("invalid read of size 8");
    dwrite(f, GICD_CTLR, 1, 0);
    assert_logged("invalid write of size 1");
    dwrite(f, GICD_CTLR, 8, 0);
    assert_logged("invalid write of size 8");
    g_assert_cmphex(dr(f, GICD_CTLR), ==, 0x53);
    /* Halfword accesses exist only for the (absent) message-based SPI registers. */
    g_assert_cmphex(dread(f, GICD_IPRIORITYR + 32, 2), ==, 0);
    assert_logged("invalid read of size 2");
    dwrite(f, GICD_IPRIORITYR + 32, 2, 0xffff);
    assert_logged("invalid write of size 2");
    g_assert_cmphex(dr(f, GICD_IPRIORITYR + 32), ==, 0);
    /* Doubleword only for IROUTER. */
    g_assert_cmphex(dread(f, GICD_ISENABLER + 8, 8), ==, 0);
    assert_logged("invalid read of size 8");
    /* Byte accesses to a bitmap register are not allowed. */
    dwrite(f, GICD_ISENABLER + 4, 1, 0xff);
    assert_logged("invalid write of size 1");
    g_assert_cmphex(dr(f, GICD_ISENABLER + 4), ==, 0);
    /* Reserved offsets: RAZ/WI, logged. */
    g_assert_cmphex(dr(f, 0x20), ==, 0);
    assert_logged("invalid read of size 4 at offset 0x20");
    dw(f, 0x40, 1);                                     /* SETSPI_NSR: no MBIS */
    assert_logged("invalid write of size 4 at offset 0x40");
    dw(f, 0x5000, 1);
    assert_logged("offset 0x5000");
    /* Unaligned accesses never reach the device: the bus rejects them. */
    uint64_t v;
    g_assert_cmpint(mr_dispatch_read(&f->s->dist_mr, GICD_CTLR + 2, 4, &v), ==, MEMTX_ERROR);
    assert_logged("unaligned");

    /* Redistributor: IPRIORITYR bytes fine, 64-bit TYPER/PROPBASER/PENDBASER
     * fine, anything else 64-bit or 8-bit logged. */
    rwrite(f, 0, GICR_IPRIORITYR + 3, 1, 0x80);
    g_assert_cmphex(rread(f, 0, GICR_IPRIORITYR + 3, 1), ==, 0x80);
    assert_not_logged();
    g_assert_cmphex(rread(f, 0, GICR_WAKER, 1), ==, 0);
    assert_logged("invalid read of size 1");
    g_assert_cmphex(rread(f, 0, GICR_WAKER - 4, 8), ==, 0);
    assert_logged("invalid read of size 8");
    rwrite(f, 0, GICR_ISENABLER0, 2, 0xffff);
    assert_logged("invalid write of size 2");
    g_assert_cmphex(rr(f, 0, GICR_ISENABLER0), ==, 0);
    g_assert_cmphex(rr(f, 0, 0x100), ==, 0);            /* reserved in RD_base */
    assert_logged("gicv3_redist[0]: invalid read of size 4 at offset 0x100");
    g_assert_cmphex(rr(f, 1, SGI + PIDR2), ==, 0);      /* no ID block in SGI_base */
    assert_logged("gicv3_redist[1]");
    /* The region ends after the last CPU's frames. */
    g_assert_cmphex(f->s->redist_mr.size, ==, NCPU * 0x20000);
    g_assert_cmphex(f->s->dist_mr.size, ==, 0x10000);
}

static void test_waker(Fixture *f, gconstpointer d)
{
    g_assert_cmphex(rr(f, 0, GICR_WAKER), ==, 0x6);
    /* Waking: clear ProcessorSleep, then ChildrenAsleep reads 0 at once. */
    rw(f, 0, GICR_WAKER, rr(f, 0, GICR_WAKER) & ~2u);
    g_assert_cmphex(rr(f, 0, GICR_WAKER), ==, 0);
    g_assert_cmphex(rr(f, 1, GICR_WAKER), ==, 0x6);     /* each CPU its own */
    /* ChildrenAsleep is read-only; other bits RAZ/WI. */
    rw(f, 0, GICR_WAKER, 0x80000005);
    g_assert_cmphex(rr(f, 0, GICR_WAKER), ==, 0);
    /* Going to sleep: ChildrenAsleep follows. */
    rw(f, 0, GICR_WAKER, 2);
    g_assert_cmphex(rr(f, 0, GICR_WAKER), ==, 0x6);
    assert_not_logged();
}

/* ---- interrupt flow ---- */

static void test_spi_level(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    spi_setup(f, 33, 1, 0x80, 0);
    g_assert_cmpint(f->irq[0], ==, 0);

    spi_set(f, 33, 1);
    g_assert_true(spi_pending(f, 33));
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpint(f->fiq[0], ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 33);

    /* Clearing the pending state does nothing while the line is high. */
    dw(f, GICD_ICPENDR + 4, 1u << 1);
    g_assert_true(spi_pending(f, 33));
    g_assert_cmpint(f->irq[0], ==, 1);

    /* Acknowledge: active, and still pending (the line is high): active and
     * pending is not signalled again. */
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 33);
    g_assert_true(spi_active(f, 33));
    g_assert_true(spi_pending(f, 33));
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x80);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);

    /* EOI with the line still high: it fires again at once. */
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 33);
    g_assert_false(spi_active(f, 33));
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 33);

    /* The device drops the line, the handler EOIs: nothing left. */
    spi_set(f, 33, 0);
    g_assert_false(spi_pending(f, 33));
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 33);
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0xff);

    /* A level line going away before the acknowledge takes the interrupt
     * with it; ISPENDR latches it though (until acknowledged or ICPENDR). */
    spi_set(f, 33, 1);
    g_assert_cmpint(f->irq[0], ==, 1);
    spi_set(f, 33, 0);
    g_assert_cmpint(f->irq[0], ==, 0);
    dw(f, GICD_ISPENDR + 4, 1u << 1);
    g_assert_cmpint(f->irq[0], ==, 1);
    dw(f, GICD_ICPENDR + 4, 1u << 1);
    g_assert_cmpint(f->irq[0], ==, 0);
    dw(f, GICD_ISPENDR + 4, 1u << 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 33);
    g_assert_false(spi_pending(f, 33));
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 33);
    g_assert_cmpint(f->irq[0], ==, 0);
}

static void test_spi_edge(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    spi_setup(f, 40, 1, 0x40, 0);
    dw(f, GICD_ICFGR + 40 / 16 * 4, 2u << (2 * (40 % 16)));    /* edge */

    spi_set(f, 40, 1);
    g_assert_true(spi_pending(f, 40));
    g_assert_cmpint(f->irq[0], ==, 1);
    /* The latch holds after the line drops. */
    spi_set(f, 40, 0);
    g_assert_true(spi_pending(f, 40));
    g_assert_cmpint(f->irq[0], ==, 1);
    /* A level that stays high is one edge only. */
    spi_set(f, 40, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 40);
    g_assert_false(spi_pending(f, 40));
    spi_set(f, 40, 1);                                   /* no new edge */
    g_assert_false(spi_pending(f, 40));
    /* A new rising edge while active: active and pending, signalled after EOI. */
    spi_set(f, 40, 0);
    spi_set(f, 40, 1);
    g_assert_true(spi_pending(f, 40));
    g_assert_true(spi_active(f, 40));
    g_assert_cmpint(f->irq[0], ==, 0);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 40);
    g_assert_cmpint(f->irq[0], ==, 1);
    /* ICPENDR clears an edge interrupt's pending state. */
    dw(f, GICD_ICPENDR + 4, 1u << 8);
    g_assert_false(spi_pending(f, 40));
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
}

static void test_ppi_lines(Fixture *f, gconstpointer d)
{
    /* Line numbering: SPIs first, then 32 per CPU. */
    g_assert_true(gicv3_spi_line(f->s, 1) == obj_get_gpio_in(OBJECT(f->s), NULL, 1));
    g_assert_true(gicv3_ppi_line(f->s, 1, 27) ==
                  obj_get_gpio_in(OBJECT(f->s), NULL, 224 + 32 + 27));
    g_assert_null(gicv3_ppi_line(f->s, 1, 15));
    g_assert_null(gicv3_ppi_line(f->s, NCPU, 27));
    g_assert_null(gicv3_spi_line(f->s, 224));

    cpu_ready(f, 0);
    cpu_ready(f, 1);
    ppi_setup(f, 0, 27, 1, 0xa0);
    ppi_setup(f, 1, 27, 1, 0xa0);
    irq_raise(gicv3_ppi_line(f->s, 1, 27));
    g_assert_cmpint(f->irq[1], ==, 1);
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 27);
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_IAR1_EL1), ==, 27);
    g_assert_cmphex(rr(f, 1, GICR_ISACTIVER0), ==, 1u << 27);
    /* The timer's line follows its condition: lowering it takes the pending
     * state away (level-sensitive). */
    irq_lower(gicv3_ppi_line(f->s, 1, 27));
    iccw(f, 1, GICV3_ICC_EOIR1_EL1, 27);
    g_assert_cmphex(rr(f, 1, GICR_ISACTIVER0), ==, 0);
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 0);
    g_assert_cmpint(f->irq[1], ==, 0);

    /* An SGI input line does nothing (SGIs come from ICC_SGI*R). */
    ppi_setup(f, 0, 3, 1, 0x10);
    irq_raise(obj_get_gpio_in(OBJECT(f->s), NULL, 224 + 3));
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 0);

    /* Edge PPI: configured through ICFGR1. */
    rw(f, 0, GICR_ICFGR1, 2u << (2 * (30 - 16)));
    ppi_setup(f, 0, 30, 1, 0x20);
    irq_raise(gicv3_ppi_line(f->s, 0, 30));
    irq_lower(gicv3_ppi_line(f->s, 0, 30));
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 1u << 30);
    g_assert_cmpint(f->irq[0], ==, 1);
}

static uint64_t sgi1r(unsigned intid, unsigned aff3, unsigned aff2, unsigned aff1,
                      uint16_t targets, bool irm)
{
    return (uint64_t)aff3 << 48 | (uint64_t)irm << 40 | (uint64_t)aff2 << 32 |
           (uint64_t)intid << 24 | (uint64_t)aff1 << 16 | targets;
}

static uint32_t sgi_pending_mask(Fixture *f)
{
    uint32_t m = 0;
    for (unsigned c = 0; c < NCPU; c++) {
        m |= (rr(f, c, GICR_ISPENDR0) ? 1u : 0u) << c;
    }
    return m;
}

static void clear_sgis(Fixture *f)
{
    for (unsigned c = 0; c < NCPU; c++) {
        rw(f, c, GICR_ICPENDR0, 0xffff);
    }
}

static void test_sgi_targets(Fixture *f, gconstpointer d)
{
    for (unsigned c = 0; c < NCPU; c++) {
        cpu_ready(f, c);
        ppi_setup(f, c, 5, 1, 0x80);
    }
    /* Aff 0.0.0 list {1}: CPU 1. */
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(5, 0, 0, 0, 1u << 1, false));
    g_assert_cmphex(sgi_pending_mask(f), ==, 0x2);
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 5);
    g_assert_cmpint(f->irq[1], ==, 1);
    g_assert_cmpint(f->irq[0], ==, 0);
    clear_sgis(f);
    g_assert_cmpint(f->irq[1], ==, 0);
    /* Aff 0.0.0 list {0, 1}: CPUs 0 and 1 (a CPU may target itself). */
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(5, 0, 0, 0, 0x3, false));
    g_assert_cmphex(sgi_pending_mask(f), ==, 0x3);
    clear_sgis(f);
    /* Aff1 = 1: CPU 2 (0.0.1.0). */
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(5, 0, 0, 1, 0x1, false));
    g_assert_cmphex(sgi_pending_mask(f), ==, 0x4);
    clear_sgis(f);
    /* Aff3.Aff2.Aff1 = 1.2.3, list {4}: CPU 3; list {0} or a wrong Aff2: nobody. */
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(5, 1, 2, 3, 1u << 4, false));
    g_assert_cmphex(sgi_pending_mask(f), ==, 0x8);
    clear_sgis(f);
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(5, 1, 2, 3, 1u << 0, false));
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(5, 1, 0, 3, 1u << 4, false));
    g_assert_cmphex(sgi_pending_mask(f), ==, 0);
    /* IRM = 1: everyone but the sender, whatever the affinity fields say. */
    iccw(f, 2, GICV3_ICC_SGI1R_EL1, sgi1r(5, 0, 0, 0, 0, true));
    g_assert_cmphex(sgi_pending_mask(f), ==, 0xb);
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmpint(f->irq[c], ==, c != 2);
    }
    /* Each target acknowledges its own copy. */
    g_assert_cmpuint(icc(f, 3, GICV3_ICC_IAR1_EL1), ==, 5);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 5);
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 5);
    clear_sgis(f);

    /* Groups: SGI1R reaches only SGIs configured as Group 1, SGI0R and ASGI1R
     * (Secure Group 1 = Group 0 with DS = 1) only Group 0 ones. */
    ppi_setup(f, 1, 6, 0, 0x80);
    iccw(f, 0, GICV3_ICC_SGI1R_EL1, sgi1r(6, 0, 0, 0, 1u << 1, false));
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 0);
    iccw(f, 0, GICV3_ICC_SGI0R_EL1, sgi1r(6, 0, 0, 0, 1u << 1, false));
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 6);
    g_assert_cmpint(f->fiq[1], ==, 1);
    g_assert_cmpint(f->irq[1], ==, 0);
    iccw(f, 0, GICV3_ICC_SGI0R_EL1, sgi1r(5, 0, 0, 0, 1u << 1, false));     /* 5 is G1 */
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 6);
    clear_sgis(f);
    iccw(f, 0, GICV3_ICC_ASGI1R_EL1, sgi1r(6, 0, 0, 0, 1u << 1, false));
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 6);
    iccw(f, 0, GICV3_ICC_ASGI1R_EL1, sgi1r(5, 0, 0, 0, 1u << 1, false));
    g_assert_cmphex(rr(f, 1, GICR_ISPENDR0), ==, 1u << 6);
}

static void test_eoimode0(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    ppi_setup(f, 0, 2, 1, 0x90);
    rw(f, 0, GICR_ISPENDR0, 1u << 2);
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 2);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 1u << 2);
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x90);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_AP1R0_EL1), ==, 1u << (0x90 >> 3));
    g_assert_cmpint(f->irq[0], ==, 0);
    /* EOIR0 cannot end a Group 1 interrupt. */
    iccw(f, 0, GICV3_ICC_EOIR0_EL1, 2);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x90);
    /* Special INTIDs are ignored. */
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 1023);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x90);
    /* DIR with EOImode 0 does nothing. */
    iccw(f, 0, GICV3_ICC_DIR_EL1, 2);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 1u << 2);
    /* EOIR1: priority drop and deactivation together. */
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 2);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0xff);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_AP1R0_EL1), ==, 0);
    assert_not_logged();
    /* An EOI with nothing active is logged and ignored. */
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 2);
    assert_logged("nothing active");
}

static void test_eoimode1(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    iccw(f, 0, GICV3_ICC_CTLR_EL1, 2);                      /* EOImode */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_CTLR_EL1), ==, 0x8c02);
    ppi_setup(f, 0, 1, 1, 0x90);
    ppi_setup(f, 0, 4, 1, 0xa0);
    rw(f, 0, GICR_ISPENDR0, (1u << 1) | (1u << 4));
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1);
    /* Priority drop only: still active, running priority idle. */
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 1);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0xff);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 1u << 1);
    /* The next one can come in before the first is deactivated. */
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 4);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 4);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, (1u << 1) | (1u << 4));
    /* DIR deactivates, in any order. */
    iccw(f, 0, GICV3_ICC_DIR_EL1, 1);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 1u << 4);
    iccw(f, 0, GICV3_ICC_DIR_EL1, 4);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 0);
    /* A pending interrupt that is still active is not acknowledged twice. */
    rw(f, 0, GICR_ISPENDR0, 1u << 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 1);
    rw(f, 0, GICR_ISPENDR0, 1u << 1);
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    iccw(f, 0, GICV3_ICC_DIR_EL1, 1);
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1);
    /* An SPI through DIR too. */
    spi_setup(f, 50, 1, 0x10, 0);
    dw(f, GICD_ISPENDR + 4, 1u << 18);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x90);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 50);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 50);
    g_assert_true(spi_active(f, 50));
    iccw(f, 0, GICV3_ICC_DIR_EL1, 50);
    g_assert_false(spi_active(f, 50));
}

static void test_pmr(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    /* 5 priority bits: the PMR keeps bits 7:3. */
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0xff);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_PMR_EL1), ==, 0xf8);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0x8f);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_PMR_EL1), ==, 0x88);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0x08);                    /* Linux's group-0 probe */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_PMR_EL1), ==, 0x08);

    ppi_setup(f, 0, 20, 1, 0x80);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0x80);
    rw(f, 0, GICR_ISPENDR0, 1u << 20);
    /* Masked: priority must be strictly higher (numerically lower) than PMR. */
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 20);    /* HPPIR ignores PMR */
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 1u << 20);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0x88);
    g_assert_cmpint(f->irq[0], ==, 1);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0x00);
    g_assert_cmpint(f->irq[0], ==, 0);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0xf0);
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 20);
}

static void test_preemption_bpr(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    ppi_setup(f, 0, 1, 1, 0x48);
    ppi_setup(f, 0, 2, 1, 0x40);
    ppi_setup(f, 0, 3, 1, 0x20);

    /* BPR0/BPR1 below their minimum become the minimum (2 and 3). */
    iccw(f, 0, GICV3_ICC_BPR0_EL1, 0);
    iccw(f, 0, GICV3_ICC_BPR1_EL1, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR0_EL1), ==, 2);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR1_EL1), ==, 3);

    rw(f, 0, GICR_ISPENDR0, 1u << 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1);    /* running at 0x48 */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x48);
    /* BPR1 = 4: group priority bits 7:4, 0x40 and 0x48 are the same group
     * priority, no preemption. */
    iccw(f, 0, GICV3_ICC_BPR1_EL1, 4);
    rw(f, 0, GICR_ISPENDR0, 1u << 2);
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 2);
    /* BPR1 = 3: bits 7:3, 0x40 < 0x48: it preempts. */
    iccw(f, 0, GICV3_ICC_BPR1_EL1, 3);
    g_assert_cmpint(f->irq[0], ==, 1);
    /* CBPR: Group 1 uses BPR0 (2: bits 7:3 as well); BPR1 reads BPR0 + 1 and
     * writes to it are ignored. */
    iccw(f, 0, GICV3_ICC_CTLR_EL1, 1);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_CTLR_EL1), ==, 0x8c01);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR1_EL1), ==, 3);
    iccw(f, 0, GICV3_ICC_BPR1_EL1, 7);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR1_EL1), ==, 3);
    g_assert_cmpint(f->irq[0], ==, 1);
    iccw(f, 0, GICV3_ICC_BPR0_EL1, 3);                       /* bits 7:4 */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR1_EL1), ==, 4);
    g_assert_cmpint(f->irq[0], ==, 0);
    iccw(f, 0, GICV3_ICC_BPR0_EL1, 7);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR1_EL1), ==, 7);   /* saturates */
    iccw(f, 0, GICV3_ICC_BPR0_EL1, 2);
    iccw(f, 0, GICV3_ICC_CTLR_EL1, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR1_EL1), ==, 3);   /* its own value again */

    /* Nesting: 0x40 preempts 0x48, 0x20 preempts 0x40; the active priorities
     * hold all three; EOIs drop the highest first. */
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 2);
    rw(f, 0, GICR_ISPENDR0, 1u << 3);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 3);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_AP1R0_EL1), ==,
                    (1u << (0x48 >> 3)) | (1u << (0x40 >> 3)) | (1u << (0x20 >> 3)));
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x20);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 3);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x40);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 2);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x48);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 1);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0xff);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 0);

    /* Subpriority: with BPR1 = 7 (group priority bit 7 only) 0x20 does not
     * preempt 0x48; equal priorities never preempt. */
    iccw(f, 0, GICV3_ICC_BPR1_EL1, 7);
    rw(f, 0, GICR_ISPENDR0, 1u << 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1);
    rw(f, 0, GICR_ISPENDR0, 1u << 3);
    g_assert_cmpint(f->irq[0], ==, 0);
    /* The active priority bit is the group priority: 0x48 & 0x80 = 0 -> bit 0. */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_AP1R0_EL1), ==, 1);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0);
}

static void test_groups_irq_fiq(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 1);
    ppi_setup(f, 1, 8, 0, 0x60);                            /* Group 0 */
    ppi_setup(f, 1, 9, 1, 0x70);                            /* Group 1 */
    rw(f, 1, GICR_ISPENDR0, 1u << 9);
    g_assert_cmpint(f->irq[1], ==, 1);
    g_assert_cmpint(f->fiq[1], ==, 0);
    rw(f, 1, GICR_ISPENDR0, 1u << 8);                       /* higher priority, G0 */
    g_assert_cmpint(f->irq[1], ==, 0);
    g_assert_cmpint(f->fiq[1], ==, 1);
    /* IAR1 will not take a Group 0 interrupt, nor HPPIR1 show it. */
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_HPPIR1_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_HPPIR0_EL1), ==, 8);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_IAR0_EL1), ==, 8);
    g_assert_cmphex(icc(f, 1, GICV3_ICC_AP0R0_EL1), ==, 1u << (0x60 >> 3));
    g_assert_cmpint(f->fiq[1], ==, 0);
    /* 0x70 does not preempt 0x60 */
    g_assert_cmpint(f->irq[1], ==, 0);
    /* EOIR1 cannot end the Group 0 one. */
    iccw(f, 1, GICV3_ICC_EOIR1_EL1, 8);
    g_assert_cmphex(icc(f, 1, GICV3_ICC_AP0R0_EL1), ==, 1u << (0x60 >> 3));
    iccw(f, 1, GICV3_ICC_EOIR0_EL1, 8);
    g_assert_cmphex(icc(f, 1, GICV3_ICC_AP0R0_EL1), ==, 0);
    g_assert_cmpint(f->irq[1], ==, 1);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_IAR0_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_IAR1_EL1), ==, 9);
    iccw(f, 1, GICV3_ICC_EOIR1_EL1, 9);

    /* Group enables at the CPU interface and in the distributor. */
    rw(f, 1, GICR_ISPENDR0, (1u << 8) | (1u << 9));
    iccw(f, 1, GICV3_ICC_IGRPEN0_EL1, 0);
    g_assert_cmpint(f->fiq[1], ==, 0);
    g_assert_cmpint(f->irq[1], ==, 0);          /* the G0 one is still the highest */
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_HPPIR0_EL1), ==, 1023);
    dw(f, GICD_CTLR, 2);                        /* EnableGrp0 off: G1 becomes highest */
    g_assert_cmpint(f->irq[1], ==, 1);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_HPPIR1_EL1), ==, 9);
    dw(f, GICD_CTLR, 0);
    g_assert_cmpint(f->irq[1], ==, 0);
    g_assert_cmpuint(icc(f, 1, GICV3_ICC_IAR1_EL1), ==, 1023);
    dw(f, GICD_CTLR, 3);
    iccw(f, 1, GICV3_ICC_IGRPEN0_EL1, 1);
    g_assert_cmpint(f->fiq[1], ==, 1);
    iccw(f, 1, GICV3_ICC_IGRPEN1_EL1, 3);
    g_assert_cmphex(icc(f, 1, GICV3_ICC_IGRPEN1_EL1), ==, 1);
}

static void test_irouter(Fixture *f, gconstpointer d)
{
    for (unsigned c = 0; c < NCPU; c++) {
        cpu_ready(f, c);
    }
    /* A specific affinity: 0.0.1.0 is CPU 2; 1.2.3.4 is CPU 3. */
    spi_setup(f, 64, 1, 0x80, 0x100);
    spi_set(f, 64, 1);
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmpint(f->irq[c], ==, c == 2);
    }
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    dwrite(f, GICD_IROUTER + 8 * 64, 8, 0x0100020304ull);
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmpint(f->irq[c], ==, c == 3);
    }
    /* No such CPU: forwarded nowhere, it stays pending. */
    dwrite(f, GICD_IROUTER + 8 * 64, 8, 0x5);
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmpint(f->irq[c], ==, 0);
    }
    g_assert_true(spi_pending(f, 64));
    /* IRM = 1: the lowest-numbered participating CPU (awake, group enabled). */
    dwrite(f, GICD_IROUTER + 8 * 64, 8, 1ull << 31);
    g_assert_cmpint(f->irq[0], ==, 1);
    rw(f, 0, GICR_WAKER, 2);                                /* CPU 0 sleeps */
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmpint(f->irq[1], ==, 1);
    iccw(f, 1, GICV3_ICC_IGRPEN1_EL1, 0);                   /* CPU 1 opts out */
    g_assert_cmpint(f->irq[1], ==, 0);
    g_assert_cmpint(f->irq[2], ==, 1);
    g_assert_cmpuint(icc(f, 2, GICV3_ICC_IAR1_EL1), ==, 64);
    g_assert_true(spi_active(f, 64));
    /* Nobody participating: it stays pending until someone does. */
    iccw(f, 2, GICV3_ICC_EOIR1_EL1, 64);
    iccw(f, 2, GICV3_ICC_IGRPEN1_EL1, 0);
    iccw(f, 3, GICV3_ICC_IGRPEN1_EL1, 0);
    for (unsigned c = 0; c < NCPU; c++) {
        g_assert_cmpint(f->irq[c], ==, 0);
    }
    g_assert_true(spi_pending(f, 64));
    rw(f, 0, GICR_WAKER, 0);
    g_assert_cmpint(f->irq[0], ==, 1);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 64);
}

static void test_priority_order(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    spi_setup(f, 100, 1, 0x50, 0);
    spi_setup(f, 99, 1, 0x50, 0);
    ppi_setup(f, 0, 25, 1, 0x58);
    ppi_setup(f, 0, 26, 1, 0x30);
    dw(f, GICD_ISPENDR + 12, (1u << 4) | (1u << 3));    /* 100, 99 */
    rw(f, 0, GICR_ISPENDR0, 1u << 25);
    /* Equal priority: the lower INTID first. */
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 99);
    rw(f, 0, GICR_ISPENDR0, 1u << 26);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 26);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 26);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 26);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 99);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 99);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 100);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 100);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 25);
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 25);
    /* Disabled interrupts are pending but not signalled; priority 0xff never. */
    rw(f, 0, GICR_ICENABLER0, 1u << 25);
    rw(f, 0, GICR_ISPENDR0, 1u << 25);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 1023);
    ppi_setup(f, 0, 28, 1, 0xff);
    rw(f, 0, GICR_ISPENDR0, 1u << 28);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmpint(f->irq[0], ==, 0);
}

static void test_spurious(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR0_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR0_EL1), ==, 1023);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_HPPIR1_EL1), ==, 1023);
    /* EOI and DIR of 1023 do nothing (and log nothing). */
    iccw(f, 0, GICV3_ICC_EOIR1_EL1, 1023);
    iccw(f, 0, GICV3_ICC_DIR_EL1, 1023);
    assert_not_logged();
    /* Pending but its group disabled: still spurious. */
    ppi_setup(f, 0, 7, 1, 0x10);
    rw(f, 0, GICR_ISPENDR0, 1u << 7);
    iccw(f, 0, GICV3_ICC_IGRPEN1_EL1, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 1u << 7);
    g_assert_cmphex(rr(f, 0, GICR_ISACTIVER0), ==, 0);
    /* Active (set through ISACTIVER) but not pending: nothing to take. */
    iccw(f, 0, GICV3_ICC_IGRPEN1_EL1, 1);
    rw(f, 0, GICR_ICPENDR0, 1u << 7);
    rw(f, 0, GICR_ISACTIVER0, 1u << 7);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_IAR1_EL1), ==, 1023);
    /* The read-only and write-only directions do nothing. */
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_EOIR1_EL1), ==, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_SGI1R_EL1), ==, 0);
    iccw(f, 0, GICV3_ICC_RPR_EL1, 0);
    iccw(f, 0, GICV3_ICC_IAR1_EL1, 0);
    g_assert_cmpuint(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0xff);
    /* A CPU that does not exist. */
    g_assert_cmpuint(icc(f, NCPU, GICV3_ICC_SRE_EL1), ==, 0);
    iccw(f, NCPU, GICV3_ICC_PMR_EL1, 0xff);
}

static void test_cpuif_registers(Fixture *f, gconstpointer d)
{
    iccw(f, 0, GICV3_ICC_SRE_EL1, 0);                        /* RAO/WI */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_SRE_EL1), ==, 7);
    iccw(f, 0, GICV3_ICC_CTLR_EL1, 0xffffffff);              /* CBPR, EOImode only */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_CTLR_EL1), ==, 0x8c03);
    iccw(f, 0, GICV3_ICC_CTLR_EL1, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_CTLR_EL1), ==, 0x8c00);
    iccw(f, 0, GICV3_ICC_BPR0_EL1, 0xf5);                    /* field is 2:0 */
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR0_EL1), ==, 5);
    iccw(f, 0, GICV3_ICC_IGRPEN0_EL1, 0xffffffff);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_IGRPEN0_EL1), ==, 1);
    iccw(f, 0, GICV3_ICC_AP1R0_EL1, 0x1ffffffffull);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_AP1R0_EL1), ==, 0xffffffff);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0);
    iccw(f, 0, GICV3_ICC_AP1R0_EL1, 0x100);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_RPR_EL1), ==, 0x40);
    /* The active priorities block preemption as an acknowledged interrupt would. */
    cpu_ready(f, 0);
    ppi_setup(f, 0, 11, 1, 0x40);
    rw(f, 0, GICR_ISPENDR0, 1u << 11);
    g_assert_cmpint(f->irq[0], ==, 0);
    iccw(f, 0, GICV3_ICC_AP1R0_EL1, 0);
    g_assert_cmpint(f->irq[0], ==, 1);
    /* Other CPUs are untouched. */
    g_assert_cmphex(icc(f, 1, GICV3_ICC_BPR0_EL1), ==, 2);
    g_assert_cmphex(icc(f, 1, GICV3_ICC_CTLR_EL1), ==, 0x8c00);

    /* A CPU reset resets its interface only. */
    iccw(f, 1, GICV3_ICC_PMR_EL1, 0xf0);
    gicv3_cpuif_reset(f->s, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_PMR_EL1), ==, 0);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_BPR0_EL1), ==, 2);
    g_assert_cmphex(icc(f, 0, GICV3_ICC_IGRPEN1_EL1), ==, 0);
    g_assert_cmphex(icc(f, 1, GICV3_ICC_PMR_EL1), ==, 0xf0);
    g_assert_cmpint(f->irq[0], ==, 0);
    g_assert_cmphex(rr(f, 0, GICR_ISPENDR0), ==, 1u << 11);   /* redistributor kept */
}

static void test_lines_change_only(Fixture *f, gconstpointer d)
{
    /* The outputs are driven on a change only (each drive may kick a vCPU). */
    cpu_ready(f, 0);
    ppi_setup(f, 0, 12, 1, 0x40);
    int before = f->irq_changes[0];
    rw(f, 0, GICR_ISPENDR0, 1u << 12);
    rw(f, 0, GICR_ISPENDR0, 1u << 12);
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0xf0);
    dw(f, GICD_CTLR, 3);
    g_assert_cmpint(f->irq_changes[0] - before, ==, 1);
    g_assert_cmpint(f->irq[0], ==, 1);
}

static void test_device_reset(Fixture *f, gconstpointer d)
{
    cpu_ready(f, 2);
    spi_setup(f, 33, 1, 0x20, 0x100);
    spi_set(f, 33, 1);
    ppi_setup(f, 2, 27, 0, 0x10);
    rw(f, 2, GICR_ISPENDR0, 1u << 27);
    g_assert_cmpint(f->fiq[2], ==, 1);
    g_assert_cmpuint(icc(f, 2, GICV3_ICC_IAR0_EL1), ==, 27);
    object_reset_tree(OBJECT(f->s));
    g_assert_cmpint(f->fiq[2], ==, 0);
    g_assert_cmpint(f->irq[2], ==, 0);
    g_assert_cmphex(dr(f, GICD_CTLR), ==, 0x50);
    g_assert_cmphex(dr(f, GICD_ISENABLER + 4), ==, 0);
    g_assert_false(spi_pending(f, 33));
    g_assert_cmphex(dread(f, GICD_IROUTER + 8 * 33, 8), ==, 0);
    g_assert_cmphex(rr(f, 2, GICR_WAKER), ==, 6);
    g_assert_cmphex(rr(f, 2, GICR_ISACTIVER0), ==, 0);
    g_assert_cmphex(icc(f, 2, GICV3_ICC_AP0R0_EL1), ==, 0);
    g_assert_cmphex(icc(f, 2, GICV3_ICC_RPR_EL1), ==, 0xff);
    g_assert_cmphex(icc(f, 2, GICV3_ICC_PMR_EL1), ==, 0);
}

static void test_info_pic(Fixture *f, gconstpointer d)
{
    g_autoptr(GString) out = g_string_new(NULL);

    g_assert_true(gicv3_instance() == f->s);
    cpu_ready(f, 0);
    spi_setup(f, 33, 1, 0xa0, 0);
    spi_set(f, 33, 1);
    ppi_setup(f, 1, 27, 1, 0x80);
    dwrite(f, GICD_IROUTER + 8 * 40, 8, 1ull << 31);
    dw(f, GICD_ISACTIVER + 4, 1u << 8);
    dw(f, GICD_ICFGR + 8, 2u << 16);                        /* 40 edge */
    iccw(f, 0, GICV3_ICC_PMR_EL1, 0xf0);

    g_assert_true(monitor_run_command("info pic", out));
    g_test_message("%s", out->str);
    g_assert_nonnull(strstr(out->str, "GICv3 distributor: GICD_CTLR 0x00000053 "
                                      "(EnableGrp0 EnableGrp1 ARE DS), 256 INTIDs (224 SPIs), "
                                      "4 CPUs\n"));
    g_assert_nonnull(strstr(out->str,
        "INTID  kind group  prio  enabled pending active trig   route\n"));
    g_assert_nonnull(strstr(out->str,
        "   27  PPI      1  0x80  yes     no      no     level  cpu 1\n"));
    g_assert_nonnull(strstr(out->str,
        "   33  SPI      1  0xa0  yes     yes     no     level  0.0.0.0 -> cpu 0\n"));
    g_assert_nonnull(strstr(out->str,
        "   40  SPI      0  0x00  no      no      yes    edge   any -> cpu 0\n"));
    g_assert_nonnull(strstr(out->str,
        "CPU 0 (affinity 0.0.0.0): PMR 0xf0, running priority 0xff, "
        "highest pending 33 (prio 0xa0, group 1)\n"));
    g_assert_nonnull(strstr(out->str, "irq 1 fiq 0\n"));
    g_assert_nonnull(strstr(out->str,
        "CPU 3 (affinity 1.2.3.4): PMR 0x00, running priority 0xff, highest pending none\n"));
    g_assert_nonnull(strstr(out->str, "  GICR_WAKER 0x00000000 ICC_CTLR 0x8c00 BPR0 2 BPR1 3 "
                                      "IGRPEN0 1 IGRPEN1 1 AP0R0 0x00000000 AP1R0 0x00000000 "
                                      "irq 1 fiq 0\n"));
    g_assert_nonnull(strstr(out->str, "  GICR_WAKER 0x00000006 ICC_CTLR 0x8c00 BPR0 2 BPR1 3"));
    /* INTIDs that are neither enabled, pending nor active are left out. */
    g_assert_null(strstr(out->str, "   34  SPI"));
    g_assert_null(strstr(out->str, "   27  PPI      1  0x80  yes     no      no     level  cpu 0"));

    g_string_truncate(out, 0);
    g_assert_true(monitor_run_command("info", out));
    g_assert_nonnull(strstr(out->str, "info pic"));
    g_string_truncate(out, 0);
    g_assert_false(monitor_run_command("info pic extra", out));
    g_assert_nonnull(strstr(out->str, "unexpected argument"));
}

/* ---- object ---- */

static void test_realize_errors(void)
{
    GError *err = NULL;
    Object *o = object_new(TYPE_GICV3);

    g_assert_false(object_realize(o, &err));                /* num-cpu is required */
    g_assert_nonnull(err);
    g_clear_error(&err);
    object_unref(o);

    uint64_t two[2] = { 0, 1 };
    o = object_new(TYPE_GICV3);
    g_assert_true(object_property_set_uint(o, "num-cpu", 3, NULL));
    g_assert_true(object_property_set_uint_array(o, "cpu-affinity", two, 2, NULL));
    g_assert_false(object_realize(o, &err));
    object_unref(o);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err->message, "cpu-affinity"));
    g_clear_error(&err);

    o = object_new(TYPE_GICV3);
    g_assert_true(object_property_set_uint(o, "num-cpu", 1, NULL));
    g_assert_true(object_property_set_uint(o, "num-irq", 100, NULL));
    g_assert_false(object_realize(o, &err));
    g_assert_nonnull(strstr(err->message, "num-irq"));
    g_clear_error(&err);
    object_unref(o);

    /* No cpu-affinity: CPU n is 0.0.0.n; a smaller GIC is sized by num-irq. */
    o = object_new(TYPE_GICV3);
    g_assert_true(object_property_set_uint(o, "num-cpu", 2, NULL));
    g_assert_true(object_property_set_uint(o, "num-irq", 96, NULL));
    g_assert_true(object_realize(o, &err));
    g_assert_no_error(err);
    GICv3State *s = (GICv3State *)o;
    uint64_t v;
    g_assert_cmpint(mr_dispatch_read(&s->dist_mr, 4, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v & 0x1f, ==, 2);
    g_assert_cmpint(mr_dispatch_read(&s->redist_mr, 0x20008, 8, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x0000000101000110ull);
    g_assert_null(gicv3_spi_line(s, 64));
    g_assert_nonnull(gicv3_spi_line(s, 63));
    object_unref(o);
    g_assert_null(gicv3_instance());
}

static void test_icc_table(void)
{
    for (unsigned i = 0; i < GICV3_ICC_NREGS; i++) {
        const GICv3ICCRegInfo *r = &gicv3_icc_regs[i];
        g_assert_nonnull(r->name);
        g_assert_cmpuint(r->reg, ==, i);
        g_assert_true(r->readable || r->writable);
        g_assert_cmpuint(r->op0, ==, 3);
        g_assert_cmpuint(r->op1, ==, 0);
        for (unsigned j = 0; j < i; j++) {
            const GICv3ICCRegInfo *q = &gicv3_icc_regs[j];
            g_assert_false(q->crn == r->crn && q->crm == r->crm && q->op2 == r->op2);
        }
    }
    const GICv3ICCRegInfo *sre = &gicv3_icc_regs[GICV3_ICC_SRE_EL1];
    g_assert_cmpstr(sre->name, ==, "ICC_SRE_EL1");
    g_assert_cmpuint(sre->crn, ==, 12);
    g_assert_cmpuint(sre->crm, ==, 12);
    g_assert_cmpuint(sre->op2, ==, 5);
    const GICv3ICCRegInfo *pmr = &gicv3_icc_regs[GICV3_ICC_PMR_EL1];
    g_assert_cmpuint(pmr->crn, ==, 4);
    g_assert_cmpuint(pmr->crm, ==, 6);
    const GICv3ICCRegInfo *sgi = &gicv3_icc_regs[GICV3_ICC_SGI1R_EL1];
    g_assert_cmpstr(sgi->name, ==, "ICC_SGI1R_EL1");
    g_assert_true(sgi->writable && !sgi->readable);
    g_assert_cmpuint(sgi->crm, ==, 11);
    g_assert_cmpuint(sgi->op2, ==, 5);
    const GICv3ICCRegInfo *iar = &gicv3_icc_regs[GICV3_ICC_IAR1_EL1];
    g_assert_true(iar->readable && !iar->writable);
    g_assert_cmpuint(iar->crm, ==, 12);
    g_assert_cmpuint(iar->op2, ==, 0);
}

/* The board: the GIC at QEMU's virt addresses, one redistributor pair of frames
 * per CPU with the CPU's affinity, and the PL011's interrupt on SPI 1. */
static void test_board(void)
{
    static Options o;
    GError *err = NULL;
    bool alias;
    MachineClass *mc = machine_find_class("virt", &alias, &err);

    g_assert_no_error(err);
    g_autofree char *cpu_type = arm_cpu_type_from_model("cortex-a57", &err);
    g_assert_no_error(err);
    Object *mobj = object_new(object_class_get_name((ObjectClass *)mc));
    object_property_add_child(object_get_root(), "machine", mobj);
    object_unref(mobj);
    MachineState *ms = (MachineState *)mobj;
    ms->opts = &o;
    g_assert_true(object_property_set_uint(mobj, "ram-size", 128 << 20, &err));
    g_assert_true(object_property_set_uint(mobj, "smp", 3, &err));
    g_assert_true(object_property_set_str(mobj, "cpu-type", cpu_type, &err));
    g_assert_true(object_realize(mobj, &err));
    g_assert_true(mc->init(ms, &err));
    g_assert_no_error(err);
    object_reset_tree(mobj);

    GICv3State *s = (GICv3State *)object_resolve_path("/machine/gic");
    g_assert_nonnull(s);
    g_assert_true(gicv3_instance() == s);
    AddressSpace *as = get_address_space_memory();
    uint64_t v;
    g_assert_cmpint(as_read_val(as, 0x08000004, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x01780007);
    /* CPU 2's GICR_TYPER at 0x080a0000 + 2 * 0x20000: affinity 0.0.0.2, Last. */
    g_assert_cmpint(as_read_val(as, 0x080e0008, 8, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x0000000201000210ull);
    g_assert_cmpint(as_read_val(as, 0x080c0008, 8, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x0000000101000100ull);
    /* Past the last redistributor: nothing mapped. */
    g_assert_cmpint(as_read_val(as, 0x08100008, 4, &v), ==, MEMTX_DECODE_ERROR);
    g_free(log_take());

    /* The UART's TX interrupt reaches INTID 33 (ISPENDR1 bit 1) through the line. */
    g_assert_cmpint(as_read_val(as, 0x08000204, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpint(as_write_val(as, 0x09000038, 4, 0x20), ==, MEMTX_OK);   /* IMSC TX */
    g_assert_cmpint(as_write_val(as, 0x09000030, 4, 0x301), ==, MEMTX_OK);  /* CR on */
    g_assert_cmpint(as_read_val(as, 0x08000204, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 1u << 1);
    g_assert_cmpint(as_write_val(as, 0x09000044, 4, 0x20), ==, MEMTX_OK);   /* ICR TX */
    g_assert_cmpint(as_read_val(as, 0x08000204, 4, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0);
}

int main(int argc, char **argv)
{
    GError *err = NULL;
    int fd, ret;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("test-gicv3-XXXXXX.log", &log_path, &err);
    g_assert_no_error(err);
    close(fd);
    g_assert_true(log_set_file(log_path, &err));
    g_assert_no_error(err);
    log_mask |= LOG_GUEST_ERROR;

#define ADD(name, fn) \
    g_test_add("/gicv3/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("dist-reset-values", test_dist_reset_values);
    ADD("redist-reset-values", test_redist_reset_values);
    ADD("cpuif-reset-values", test_cpuif_reset_values);
    ADD("dist-readback", test_dist_readback);
    ADD("redist-readback", test_redist_readback);
    ADD("access-sizes", test_access_sizes);
    ADD("waker", test_waker);
    ADD("spi-level", test_spi_level);
    ADD("spi-edge", test_spi_edge);
    ADD("ppi-lines", test_ppi_lines);
    ADD("sgi-targets", test_sgi_targets);
    ADD("eoimode0", test_eoimode0);
    ADD("eoimode1", test_eoimode1);
    ADD("pmr", test_pmr);
    ADD("preemption-bpr", test_preemption_bpr);
    ADD("groups-irq-fiq", test_groups_irq_fiq);
    ADD("irouter", test_irouter);
    ADD("priority-order", test_priority_order);
    ADD("spurious", test_spurious);
    ADD("cpuif-registers", test_cpuif_registers);
    ADD("lines-change-only", test_lines_change_only);
    ADD("device-reset", test_device_reset);
    ADD("info-pic", test_info_pic);
#undef ADD
    g_test_add_func("/gicv3/realize-errors", test_realize_errors);
    g_test_add_func("/gicv3/icc-table", test_icc_table);
    g_test_add_func("/gicv3/board", test_board);    /* last: the machine stays */

    ret = g_test_run();
    unlink(log_path);
    g_free(log_path);
    return ret;
}
