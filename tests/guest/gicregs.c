/* gicregs: the GICv3 distributor's and CPU 0's redistributor's registers read back after
 * writes, as QEMU's virt (gic-version=3) returns them: identification, control, the
 * per-interrupt bit and byte arrays (set/clear pairs, priorities by byte and by word),
 * configuration, routing (IRM), the wake handshake, the LPI registers.
 * Not compared (docs/testing.md): the LPI bits (QEMU 7.2's virt GICv3 has LPIs, mini-virt
 * has none: GICD_TYPER.LPIS, GICR_TYPER.PLPIS, GICR_CTLR.EnableLPIs/CES), GICD_TYPER.No1N
 * (mini-virt has 1 of N routing), INTIDs past ITLinesNumber (QEMU's virt keeps 32 more),
 * and the RES0 bits of GICD_IROUTER<n> (QEMU stores them). */
#include "rt.h"
#include "gic.h"

static void show32(const char *name, uintptr_t a)
{
    printf("%-22s %08x\n", name, mmio_r32(a));
}

static void show64(const char *name, uintptr_t a)
{
    printf("%-22s %016lx\n", name, mmio_r64(a));
}

#define D(off) (GICD_BASE + (off))
#define R(off) (GICR_BASE + (off))
#define S(off) (GICR_SGI + (off))

int main(void)
{
    /* identification and control */
    show32("GICD_CTLR", D(GICD_CTLR));
    printf("%-22s %08x\n", "GICD_TYPER", mmio_r32(D(GICD_TYPER)) & ~((1u << 17) | (1u << 25)));
    show32("GICD_IIDR", D(GICD_IIDR));
    show32("GICD_PIDR2", D(GICD_PIDR2));
    show32("GICD_TYPER2", D(0x000c));
    mmio_w32(D(GICD_CTLR), 0x13);
    show32("GICD_CTLR=0x13", D(GICD_CTLR));
    mmio_w32(D(GICD_CTLR), 0xffffffff);
    show32("GICD_CTLR=~0", D(GICD_CTLR));
    mmio_w32(D(GICD_CTLR), 0x10);
    show32("GICD_CTLR=0x10", D(GICD_CTLR));

    /* SPI bit arrays: word 1 = INTIDs 32..63, word 7 = the last SPIs */
    static const struct { const char *name; unsigned set, clr; } pairs[] = {
        { "ENABLER", GICD_ISENABLER, GICD_ICENABLER },
        { "PENDR", GICD_ISPENDR, GICD_ICPENDR },
        { "ACTIVER", GICD_ISACTIVER, GICD_ICACTIVER },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(pairs); i++) {
        for (unsigned w = 0; w < 8; w += 1) {
            if (w != 0 && w != 1 && w != 7)
                continue;
            mmio_w32(D(pairs[i].set + 4 * w), 0xa5a5a5a5);
            uint32_t s1 = mmio_r32(D(pairs[i].set + 4 * w));
            mmio_w32(D(pairs[i].clr + 4 * w), 0x0000ffff);
            uint32_t s2 = mmio_r32(D(pairs[i].set + 4 * w)), c2 = mmio_r32(D(pairs[i].clr + 4 * w));
            mmio_w32(D(pairs[i].clr + 4 * w), 0xffffffff);
            printf("GICD_IS%s%u: %08x -> %08x (IC reads %08x) -> %08x\n", pairs[i].name, w, s1,
                   s2, c2, mmio_r32(D(pairs[i].set + 4 * w)));
        }
    }
    for (unsigned w = 0; w < 8; w++) {
        if (w != 0 && w != 1 && w != 7)
            continue;
        mmio_w32(D(GICD_IGROUPR + 4 * w), 0x12345678);
        uint32_t g = mmio_r32(D(GICD_IGROUPR + 4 * w));
        mmio_w32(D(GICD_IGRPMODR + 4 * w), 0xffffffff);
        printf("GICD_IGROUPR%u %08x IGRPMODR %08x\n", w, g, mmio_r32(D(GICD_IGRPMODR + 4 * w)));
        mmio_w32(D(GICD_IGROUPR + 4 * w), 0);
    }
    /* priorities by word and by byte */
    mmio_w32(D(GICD_IPRIORITYR + 32), 0x12345678);
    printf("GICD_IPRIORITYR8 %08x\n", mmio_r32(D(GICD_IPRIORITYR + 32)));
    mmio_w8(D(GICD_IPRIORITYR + 33), 0xff);
    printf("byte 33=ff: %08x byte 34: %02x\n", mmio_r32(D(GICD_IPRIORITYR + 32)),
           mmio_r8(D(GICD_IPRIORITYR + 34)));
    mmio_w32(D(GICD_IPRIORITYR + 0), 0xffffffff);
    printf("GICD_IPRIORITYR0 (SGIs) %08x\n", mmio_r32(D(GICD_IPRIORITYR + 0)));
    mmio_w32(D(GICD_IPRIORITYR + 252), 0xffffffff);
    printf("GICD_IPRIORITYR63 %08x\n", mmio_r32(D(GICD_IPRIORITYR + 252)));
    /* configuration: 2 bits per INTID, the low one reserved */
    for (unsigned w = 0; w < 5; w++) {
        uint32_t before = mmio_r32(D(GICD_ICFGR + 4 * w));
        mmio_w32(D(GICD_ICFGR + 4 * w), 0xffffffff);
        printf("GICD_ICFGR%u %08x -> %08x\n", w, before, mmio_r32(D(GICD_ICFGR + 4 * w)));
        mmio_w32(D(GICD_ICFGR + 4 * w), 0);
    }
    /* routing */
    show64("GICD_IROUTER32", D(GICD_IROUTER + 8 * 32));
    mmio_w64(D(GICD_IROUTER + 8 * 32), 0x000000ff80ffffffull);   /* every field */
    show64("GICD_IROUTER32=fields", D(GICD_IROUTER + 8 * 32));
    mmio_w64(D(GICD_IROUTER + 8 * 32), 1ull << 31);
    show64("GICD_IROUTER32=IRM", D(GICD_IROUTER + 8 * 32));
    mmio_w64(D(GICD_IROUTER + 8 * 40), 0x0000000100020304ull);
    show64("GICD_IROUTER40", D(GICD_IROUTER + 8 * 40));
    mmio_w32(D(GICD_IROUTER + 8 * 41 + 4), 0x55);
    mmio_w32(D(GICD_IROUTER + 8 * 41), 0x000b0c0d);
    show64("GICD_IROUTER41 (32-bit)", D(GICD_IROUTER + 8 * 41));

    /* the redistributor */
    printf("%-22s %08x\n", "GICR_CTLR", mmio_r32(R(GICR_CTLR)) & ~3u);
    show32("GICR_IIDR", R(GICR_IIDR));
    printf("%-22s %016lx\n", "GICR_TYPER", mmio_r64(R(GICR_TYPER)) & ~(uint64_t)1);
    show32("GICR_WAKER", R(GICR_WAKER));
    show32("GICR_PIDR2", R(GICR_PIDR2));
    show64("GICR_PROPBASER", R(0x0070));
    show64("GICR_PENDBASER", R(0x0078));
    mmio_w32(R(GICR_WAKER), 0);
    show32("GICR_WAKER=0", R(GICR_WAKER));
    mmio_w32(R(GICR_WAKER), 2);
    show32("GICR_WAKER=2", R(GICR_WAKER));
    mmio_w32(R(GICR_WAKER), 0);
    mmio_w32(R(GICR_CTLR), 0xfffffffc);
    printf("%-22s %08x\n", "GICR_CTLR=~3", mmio_r32(R(GICR_CTLR)) & ~3u);
    /* its SGI frame */
    mmio_w32(S(GICR_IGROUPR0), 0xffff00ff);
    show32("GICR_IGROUPR0", S(GICR_IGROUPR0));
    mmio_w32(S(GICR_ISENABLER0), 0xf0f0f0f0);
    mmio_w32(S(GICR_ICENABLER0), 0x000000ff);
    show32("GICR_ISENABLER0", S(GICR_ISENABLER0));
    show32("GICR_ICENABLER0", S(GICR_ICENABLER0));
    mmio_w32(S(GICR_ISPENDR0), 0x00ff00ff);
    show32("GICR_ISPENDR0", S(GICR_ISPENDR0));
    mmio_w32(S(GICR_ICPENDR0), 0x0000ffff);
    show32("GICR_ICPENDR0", S(GICR_ICPENDR0));
    mmio_w32(S(GICR_ICPENDR0), 0xffffffff);
    mmio_w32(S(GICR_ISACTIVER0), 0x0f0000f0);
    show32("GICR_ISACTIVER0", S(GICR_ISACTIVER0));
    mmio_w32(S(GICR_ICACTIVER0), 0xffffffff);
    show32("GICR_ICACTIVER0", S(GICR_ICACTIVER0));
    mmio_w32(S(GICR_IPRIORITYR + 0), 0x11223344);
    mmio_w8(S(GICR_IPRIORITYR + 31), 0x77);
    show32("GICR_IPRIORITYR0", S(GICR_IPRIORITYR + 0));
    show32("GICR_IPRIORITYR7", S(GICR_IPRIORITYR + 28));
    show32("GICR_ICFGR0", S(GICR_ICFGR0));
    mmio_w32(S(GICR_ICFGR0), 0);
    show32("GICR_ICFGR0=0", S(GICR_ICFGR0));
    mmio_w32(S(GICR_ICFGR1), 0xffffffff);
    show32("GICR_ICFGR1=~0", S(GICR_ICFGR1));
    mmio_w32(S(GICR_ICFGR1), 0);
    mmio_w32(S(0x0d00), 0xffffffff);
    show32("GICR_IGRPMODR0=~0", S(0x0d00));
    mmio_w32(S(GICR_ICENABLER0), 0xffffffff);
    printf("gicregs: done\n");
    return 0;
}
