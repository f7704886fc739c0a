/* gicv3-common.c: the GICv3 object (properties, realize, reset), its input lines,
 * where SPIs go, each CPU's highest priority pending interrupt, and `info pic`.
 * The state is guarded by the big lock (include/hw/intc/gicv3.h says how). */
#include <inttypes.h>
#include <string.h>
#include "gicv3-internal.h"
#include "core/log.h"
#include "ui/monitor.h"

static GICv3State *gicv3_last;      /* the board's GIC, for info pic and the sysregs */

GICv3State *gicv3_instance(void)
{
    return gicv3_last;
}

/* ---- ID registers --------------------------------------------------------- */

uint32_t gicv3_idreg(unsigned offset, uint32_t pidr0)
{
    /* PIDR4..7, PIDR0..3, CIDR0..3: Arm's JEP106 code, PIDR2.ArchRev = 3 (GICv3),
     * the CoreSight component class. The values QEMU's GICv3 reports. */
    static const uint8_t ids[12] = {
        0x44, 0x00, 0x00, 0x00, 0x00, 0xb4, 0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
    };
    unsigned n = offset / 4;

    if (n >= 12) {
        return 0;
    }
    return n == 4 ? pidr0 : ids[n];
}

/* ---- per-INTID state ------------------------------------------------------ */

bool gicv3_irq_pending(GICv3CPU *cs, unsigned irq)
{
    GICv3State *s = cs->gic;

    if (irq < GICV3_INTERNAL) {
        uint32_t m = 1u << irq;
        return (cs->pending & m) || (cs->level & ~cs->edge & m);
    }
    return gicv3_bit(s->pending, irq) ||
           (gicv3_bit(s->level, irq) && !gicv3_bit(s->edge, irq));
}

bool gicv3_irq_group1(GICv3CPU *cs, unsigned irq)
{
    return irq < GICV3_INTERNAL ? (cs->group >> irq) & 1 : gicv3_bit(cs->gic->group, irq);
}

uint8_t gicv3_irq_priority(GICv3CPU *cs, unsigned irq)
{
    return irq < GICV3_INTERNAL ? cs->priority[irq] : cs->gic->priority[irq];
}

/* ---- routing -------------------------------------------------------------- */

#define IROUTER_IRM (1ull << 31)
#define IROUTER_AFF_MASK 0xff00ffffffull

/* 1 of N (IRM = 1): the lowest-numbered participating CPU, one whose redistributor
 * is awake (GICR_WAKER.ProcessorSleep = 0) and whose CPU interface has the
 * interrupt's group enabled (GICR_CTLR.DPG* do not exist: GICR_TYPER.DPGS = 0).
 * Deterministic, and only one target at a time, so two CPUs never race to
 * acknowledge it. None participating: it stays pending until one does. */
static GICv3CPU *gicv3_one_of_n(GICv3State *s, unsigned grp)
{
    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *cs = &s->cpu[i];
        if (!(cs->gicr_waker & GICR_WAKER_PROCESSOR_SLEEP) && cs->icc_igrpen[grp]) {
            return cs;
        }
    }
    return NULL;
}

GICv3CPU *gicv3_spi_target(GICv3State *s, unsigned irq)
{
    uint64_t r = s->irouter[irq];

    if (r & IROUTER_IRM) {
        return gicv3_one_of_n(s, gicv3_bit(s->group, irq));
    }
    /* IRM = 0 and no such CPU: not forwarded, it stays pending (IHI 0069). */
    for (unsigned i = 0; i < s->num_cpu; i++) {
        if (s->cpu[i].affinity == (r & IROUTER_AFF_MASK)) {
            return &s->cpu[i];
        }
    }
    return NULL;
}

/* ---- the highest priority pending interrupt ------------------------------- */

/* A candidate is pending, enabled, not active, and its group is enabled in
 * GICD_CTLR (which gates SGIs and PPIs too when affinity routing is on). Lower
 * priority values win; on a tie the lower INTID (QEMU's choice, IMPLEMENTATION
 * DEFINED). Priority 0xff never counts: it can never pass the PMR. */
static void consider(GICv3CPU *cs, unsigned irq, unsigned grp, uint8_t prio)
{
    if (!(cs->gic->gicd_ctlr & (grp ? GICD_CTLR_EN_GRP1 : GICD_CTLR_EN_GRP0))) {
        return;
    }
    if (prio < cs->hppi.prio) {
        cs->hppi.irq = irq;
        cs->hppi.prio = prio;
        cs->hppi.grp = grp;
    }
}

void gicv3_update_cpu(GICv3CPU *cs)
{
    GICv3State *s = cs->gic;
    uint32_t cand;

    cs->hppi.irq = GICV3_SPURIOUS;
    cs->hppi.prio = 0xff;
    cs->hppi.grp = GICV3_G1;

    cand = (cs->pending | (cs->level & ~cs->edge)) & cs->enabled & ~cs->active;
    while (cand) {
        unsigned i = __builtin_ctz(cand);
        cand &= cand - 1;
        consider(cs, i, (cs->group >> i) & 1, cs->priority[i]);
    }
    for (unsigned w = 1; w < s->num_irq / 32; w++) {
        cand = (s->pending[w] | (s->level[w] & ~s->edge[w])) & s->enabled[w] & ~s->active[w];
        while (cand) {
            unsigned irq = w * 32 + __builtin_ctz(cand);
            cand &= cand - 1;
            if (gicv3_spi_target(s, irq) == cs) {
                consider(cs, irq, gicv3_bit(s->group, irq), s->priority[irq]);
            }
        }
    }
    gicv3_cpuif_update(cs);
}

void gicv3_update(GICv3State *s)
{
    for (unsigned i = 0; i < s->num_cpu; i++) {
        gicv3_update_cpu(&s->cpu[i]);
    }
}

/* ---- state changes the CPU interface makes --------------------------------- */

void gicv3_activate(GICv3CPU *cs, unsigned irq)
{
    /* Pending -> active. A level interrupt whose line is still high stays
     * pending through the line (active and pending). */
    if (irq < GICV3_INTERNAL) {
        cs->active |= 1u << irq;
        cs->pending &= ~(1u << irq);
        gicv3_update_cpu(cs);
    } else {
        gicv3_set_bit(cs->gic->active, irq, true);
        gicv3_set_bit(cs->gic->pending, irq, false);
        gicv3_update(cs->gic);
    }
}

void gicv3_deactivate(GICv3CPU *cs, unsigned irq)
{
    if (irq < GICV3_INTERNAL) {
        cs->active &= ~(1u << irq);
        gicv3_update_cpu(cs);
    } else {
        gicv3_set_bit(cs->gic->active, irq, false);
        gicv3_update(cs->gic);
    }
}

void gicv3_redist_send_sgi(GICv3CPU *cs, unsigned grp, unsigned irq)
{
    /* The SGI is forwarded only to a redistributor where it is configured in
     * the group the generating register names (IHI 0069 table 12-14, DS = 1). */
    if (((cs->group >> irq) & 1) != grp) {
        return;
    }
    cs->pending |= 1u << irq;
    gicv3_update_cpu(cs);
}

/* ---- input lines ----------------------------------------------------------- */

static void gicv3_set_irq(void *opaque, int n, int level)
{
    GICv3State *s = opaque;
    unsigned nspi = s->num_irq - GICV3_INTERNAL;

    if ((unsigned)n < nspi) {
        gicv3_dist_set_spi(s, GICV3_INTERNAL + n, level);
        return;
    }
    n -= nspi;
    unsigned cpu = n / GICV3_INTERNAL, intid = n % GICV3_INTERNAL;
    if (cpu < s->num_cpu && intid >= 16) {
        gicv3_redist_set_ppi(&s->cpu[cpu], intid, level);
    }
}

IRQ *gicv3_spi_line(GICv3State *s, unsigned spi)
{
    if (!s->realized || spi >= s->num_irq - GICV3_INTERNAL) {
        return NULL;
    }
    return obj_get_gpio_in(OBJECT(s), NULL, spi);
}

IRQ *gicv3_ppi_line(GICv3State *s, unsigned cpu, unsigned intid)
{
    if (!s->realized || cpu >= s->num_cpu || intid < 16 || intid >= GICV3_INTERNAL) {
        return NULL;
    }
    return obj_get_gpio_in(OBJECT(s), NULL,
                           s->num_irq - GICV3_INTERNAL + cpu * GICV3_INTERNAL + intid);
}

/* ---- info pic ---------------------------------------------------------------- */

static void print_affinity(GString *out, uint64_t aff)
{
    g_string_append_printf(out, "%u.%u.%u.%u", (unsigned)(aff >> 32) & 0xff,
                           (unsigned)(aff >> 16) & 0xff, (unsigned)(aff >> 8) & 0xff,
                           (unsigned)aff & 0xff);
}

static void print_irq(GICv3CPU *cs, unsigned irq, GString *out)
{
    GICv3State *s = cs->gic;
    bool enabled, active, edge;

    if (irq < GICV3_INTERNAL) {
        enabled = (cs->enabled >> irq) & 1;
        active = (cs->active >> irq) & 1;
        edge = (cs->edge >> irq) & 1;
    } else {
        enabled = gicv3_bit(s->enabled, irq);
        active = gicv3_bit(s->active, irq);
        edge = gicv3_bit(s->edge, irq);
    }
    bool pending = gicv3_irq_pending(cs, irq);
    if (!enabled && !pending && !active) {
        return;
    }
    g_string_append_printf(out, "%5u  %-4s %5u  0x%02x  %-7s %-7s %-6s %-5s  ", irq,
                           irq < 16 ? "SGI" : irq < GICV3_INTERNAL ? "PPI" : "SPI",
                           gicv3_irq_group1(cs, irq),
                           gicv3_irq_priority(cs, irq), enabled ? "yes" : "no",
                           pending ? "yes" : "no", active ? "yes" : "no",
                           edge ? "edge" : "level");
    if (irq < GICV3_INTERNAL) {
        g_string_append_printf(out, "cpu %u\n", cs->index);
        return;
    }
    uint64_t r = s->irouter[irq];
    GICv3CPU *t = gicv3_spi_target(s, irq);
    if (r & IROUTER_IRM) {
        g_string_append(out, "any");
    } else {
        print_affinity(out, r);
    }
    if (t) {
        g_string_append_printf(out, " -> cpu %u\n", t->index);
    } else {
        g_string_append(out, " -> none\n");
    }
}

void gicv3_print_info(GICv3State *s, GString *out)
{
    uint32_t c = s->gicd_ctlr;

    g_string_append_printf(out, "GICv3 distributor: GICD_CTLR 0x%08x (%s%s%s%s), %u INTIDs "
                           "(%u SPIs), %u CPU%s\n", c,
                           c & GICD_CTLR_EN_GRP0 ? "EnableGrp0 " : "",
                           c & GICD_CTLR_EN_GRP1 ? "EnableGrp1 " : "",
                           c & GICD_CTLR_ARE ? "ARE " : "", c & GICD_CTLR_DS ? "DS" : "",
                           s->num_irq, s->num_irq - GICV3_INTERNAL, s->num_cpu,
                           s->num_cpu == 1 ? "" : "s");
    g_string_append(out, "INTID  kind group  prio  enabled pending active trig   route\n");
    for (unsigned i = 0; i < s->num_cpu; i++) {
        for (unsigned irq = 0; irq < GICV3_INTERNAL; irq++) {
            print_irq(&s->cpu[i], irq, out);
        }
    }
    for (unsigned irq = GICV3_INTERNAL; irq < s->num_irq; irq++) {
        print_irq(&s->cpu[0], irq, out);
    }
    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *cs = &s->cpu[i];
        g_string_append_printf(out, "CPU %u (affinity ", i);
        print_affinity(out, cs->affinity);
        g_string_append_printf(out, "): PMR 0x%02x, running priority 0x%02x, highest pending ",
                               cs->icc_pmr,
                               (unsigned)gicv3_icc_read(s, i, GICV3_ICC_RPR_EL1));
        if (cs->hppi.irq == GICV3_SPURIOUS) {
            g_string_append(out, "none\n");
        } else {
            g_string_append_printf(out, "%u (prio 0x%02x, group %u)\n", cs->hppi.irq,
                                   cs->hppi.prio, cs->hppi.grp);
        }
        g_string_append_printf(out, "  GICR_WAKER 0x%08x ICC_CTLR 0x%04x BPR0 %u BPR1 %u "
                               "IGRPEN0 %u IGRPEN1 %u AP0R0 0x%08x AP1R0 0x%08x "
                               "irq %d fiq %d\n", cs->gicr_waker,
                               (unsigned)gicv3_icc_read(s, i, GICV3_ICC_CTLR_EL1),
                               (unsigned)gicv3_icc_read(s, i, GICV3_ICC_BPR0_EL1),
                               (unsigned)gicv3_icc_read(s, i, GICV3_ICC_BPR1_EL1),
                               cs->icc_igrpen[0], cs->icc_igrpen[1], cs->icc_apr[0],
                               cs->icc_apr[1], cs->irq_level, cs->fiq_level);
    }
}

static bool gicv3_info_pic(const char *args, GString *out)
{
    if (*args) {
        g_string_append_printf(out, "info pic: unexpected argument '%s'\n", args);
        return false;
    }
    if (!gicv3_last) {
        g_string_append(out, "No interrupt controller\n");
        return true;
    }
    gicv3_print_info(gicv3_last, out);
    return true;
}

/* ---- the object ------------------------------------------------------------ */

static void gicv3_reset(Object *obj)
{
    GICv3State *s = (GICv3State *)obj;
    size_t words = s->num_irq / 32;

    /* Affinity routing is always on and there is one Security state; the
     * group enables start off. */
    s->gicd_ctlr = GICD_CTLR_ARE | GICD_CTLR_DS;
    memset(s->group, 0, words * 4);
    memset(s->enabled, 0, words * 4);
    memset(s->pending, 0, words * 4);
    memset(s->active, 0, words * 4);
    memset(s->level, 0, words * 4);
    memset(s->edge, 0, words * 4);
    memset(s->priority, 0, s->num_irq);
    /* IROUTER is UNKNOWN at reset; 0 (CPU 0.0.0.0), as QEMU. */
    memset(s->irouter, 0, s->num_irq * sizeof(uint64_t));

    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *cs = &s->cpu[i];
        cs->gicr_waker = GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
        cs->group = 0;
        cs->enabled = 0;
        cs->pending = 0;
        cs->active = 0;
        cs->level = 0;
        cs->edge = 0xffff;          /* SGIs are edge-triggered; PPIs reset to level */
        memset(cs->priority, 0, sizeof(cs->priority));
        gicv3_cpuif_lines_reset(cs);
        gicv3_cpuif_reset_state(cs);
    }
    gicv3_update(s);
}

static bool gicv3_realize(Object *obj, GError **errp)
{
    GICv3State *s = (GICv3State *)obj;
    static bool info_registered;

    if (s->num_cpu == 0 || s->num_cpu > 0xffff) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: num-cpu must be 1..65535, not %u", TYPE_GICV3, s->num_cpu);
        return false;
    }
    if (s->num_irq % 32 || s->num_irq < 64 || s->num_irq > 992) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: num-irq must be a multiple of 32 from 64 to 992, not %u",
                    TYPE_GICV3, s->num_irq);
        return false;
    }
    if (s->num_cpu_affinity && s->num_cpu_affinity != s->num_cpu) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: cpu-affinity has %u entries for %u CPUs", TYPE_GICV3,
                    s->num_cpu_affinity, s->num_cpu);
        return false;
    }

    size_t words = s->num_irq / 32;
    s->group = g_new0(uint32_t, words);
    s->enabled = g_new0(uint32_t, words);
    s->pending = g_new0(uint32_t, words);
    s->active = g_new0(uint32_t, words);
    s->level = g_new0(uint32_t, words);
    s->edge = g_new0(uint32_t, words);
    s->priority = g_new0(uint8_t, s->num_irq);
    s->irouter = g_new0(uint64_t, s->num_irq);
    s->cpu = g_new0(GICv3CPU, s->num_cpu);
    s->out_irq = g_new0(IRQ *, s->num_cpu);
    s->out_fiq = g_new0(IRQ *, s->num_cpu);

    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *cs = &s->cpu[i];
        uint64_t mpidr = s->num_cpu_affinity ? s->cpu_affinity[i] : i;
        uint64_t aff32;

        cs->gic = s;
        cs->index = i;
        cs->affinity = mpidr & IROUTER_AFF_MASK;
        /* GICR_TYPER: the affinity squashed into bits 63:32 (Aff3.Aff2.Aff1.Aff0),
         * CommonLPIAff = 1 (as QEMU), Processor_Number, Last for the final one;
         * PLPIS, VLPIS, DirectLPI, DPGS all 0. */
        aff32 = ((cs->affinity >> 8) & 0xff000000u) | (cs->affinity & 0xffffff);
        cs->gicr_typer = (aff32 << 32) | (1u << 24) | ((uint64_t)i << 8) |
                         (i == s->num_cpu - 1 ? 1u << 4 : 0);
    }

    mr_init_io(&s->dist_mr, obj, &gicv3_dist_ops, s, "gicv3_dist", GICV3_DIST_SIZE);
    mr_init_io(&s->redist_mr, obj, &gicv3_redist_ops, s, "gicv3_redist_region[0]",
               (uint64_t)s->num_cpu * GICV3_REDIST_SIZE);
    obj_init_gpio_in(obj, NULL, gicv3_set_irq, s,
                     (int)(s->num_irq - GICV3_INTERNAL + s->num_cpu * GICV3_INTERNAL));
    obj_init_gpio_out(obj, "irq", s->out_irq, (int)s->num_cpu);
    obj_init_gpio_out(obj, "fiq", s->out_fiq, (int)s->num_cpu);
    s->realized = true;
    gicv3_reset(obj);

    if (!info_registered) {
        monitor_register_info("pic", "", "show the interrupt controller's state",
                              gicv3_info_pic);
        info_registered = true;
    }
    gicv3_last = s;
    /* The CPUs' ICC_* system registers reach this GIC from now on. */
    gicv3_cpuif_connect(s);
    return true;
}

static void gicv3_instance_finalize(Object *obj)
{
    GICv3State *s = (GICv3State *)obj;

    if (gicv3_last == s) {
        gicv3_last = NULL;
        gicv3_cpuif_connect(NULL);
    }
    if (!s->realized) {
        return;
    }
    if (!s->dist_mr.container) {
        mr_destroy(&s->dist_mr);
    }
    if (!s->redist_mr.container) {
        mr_destroy(&s->redist_mr);
    }
    g_free(s->group);
    g_free(s->enabled);
    g_free(s->pending);
    g_free(s->active);
    g_free(s->level);
    g_free(s->edge);
    g_free(s->priority);
    g_free(s->irouter);
    g_free(s->cpu);
    g_free(s->out_irq);
    g_free(s->out_fiq);
}

static void gicv3_print_qtree(Object *obj, GString *out, int indent)
{
    GICv3State *s = (GICv3State *)obj;

    if (s->realized) {
        mr_print_mapping(&s->dist_mr, out, indent);
        mr_print_mapping(&s->redist_mr, out, indent);
    }
}

static void gicv3_class_init(ObjectClass *oc, void *data)
{
    oc->realize = gicv3_realize;
    oc->reset = gicv3_reset;
    oc->print_info = gicv3_print_qtree;
    oc->desc = "Arm GICv3 interrupt controller (distributor, redistributors, CPU interfaces)";
}

static const Property gicv3_props[] = {
    { .name = "num-cpu", .type = PROP_TYPE_U32, .offset = offsetof(GICv3State, num_cpu),
      .required = true, .desc = "number of CPUs (redistributors)" },
    PROP_U32("num-irq", GICv3State, num_irq, GICV3_DEFAULT_NUM_IRQ),
    PROP_ARRAY_U64("cpu-affinity", GICv3State, cpu_affinity, num_cpu_affinity),
    PROP_END,
};

static const TypeInfo gicv3_info = {
    .name = TYPE_GICV3,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(GICv3State),
    .class_init = gicv3_class_init,
    .instance_finalize = gicv3_instance_finalize,
    .props = gicv3_props,
};

static void gicv3_register_types(void)
{
    type_register(&gicv3_info);
}

TYPE_INIT(gicv3_register_types)
