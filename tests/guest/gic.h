/* The GICv3 of QEMU's virt board (and mini-virt) for the bare-metal interrupt tests:
 * register addresses, the CPU interface's system registers by encoding (no assembler
 * needs to know their names), and a minimal bring-up. */
#ifndef GIC_H
#define GIC_H

#include <stdint.h>

#define GICD_BASE   0x08000000ul
#define GICR_BASE   0x080a0000ul            /* CPU 0's RD_base frame */
#define GICR_SGI    (GICR_BASE + 0x10000)   /* its SGI_base frame */

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IIDR       0x0008
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ISPENDR    0x0200
#define GICD_ICPENDR    0x0280
#define GICD_ISACTIVER  0x0300
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0c00
#define GICD_IGRPMODR   0x0d00
#define GICD_IROUTER    0x6000
#define GICD_PIDR2      0xffe8

#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_PIDR2      0xffe8
/* in the SGI frame */
#define GICR_IGROUPR0   0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ISPENDR0   0x0200
#define GICR_ICPENDR0   0x0280
#define GICR_ISACTIVER0 0x0300
#define GICR_ICACTIVER0 0x0380
#define GICR_IPRIORITYR 0x0400
#define GICR_ICFGR0     0x0c00
#define GICR_ICFGR1     0x0c04

static inline uint32_t mmio_r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t mmio_r64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_w64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline uint8_t mmio_r8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void mmio_w8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

#define SYSREG_RD(enc) ({ uint64_t _v; __asm__ volatile("mrs %0, " enc : "=r"(_v) :: "memory"); _v; })
#define SYSREG_WR(enc, v) __asm__ volatile("msr " enc ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

#define ICC_PMR_EL1     "s3_0_c4_c6_0"
#define ICC_IAR0_EL1    "s3_0_c12_c8_0"
#define ICC_EOIR0_EL1   "s3_0_c12_c8_1"
#define ICC_HPPIR0_EL1  "s3_0_c12_c8_2"
#define ICC_BPR0_EL1    "s3_0_c12_c8_3"
#define ICC_AP0R0_EL1   "s3_0_c12_c8_4"
#define ICC_AP1R0_EL1   "s3_0_c12_c9_0"
#define ICC_DIR_EL1     "s3_0_c12_c11_1"
#define ICC_RPR_EL1     "s3_0_c12_c11_3"
#define ICC_SGI1R_EL1   "s3_0_c12_c11_5"
#define ICC_SGI0R_EL1   "s3_0_c12_c11_7"
#define ICC_IAR1_EL1    "s3_0_c12_c12_0"
#define ICC_EOIR1_EL1   "s3_0_c12_c12_1"
#define ICC_HPPIR1_EL1  "s3_0_c12_c12_2"
#define ICC_BPR1_EL1    "s3_0_c12_c12_3"
#define ICC_CTLR_EL1    "s3_0_c12_c12_4"
#define ICC_SRE_EL1     "s3_0_c12_c12_5"
#define ICC_IGRPEN0_EL1 "s3_0_c12_c12_6"
#define ICC_IGRPEN1_EL1 "s3_0_c12_c12_7"

#define irq_unmask() __asm__ volatile("msr daifclr, #3" ::: "memory")
#define irq_mask()   __asm__ volatile("msr daifset, #3" ::: "memory")

/* The distributor with affinity routing and both groups on, CPU 0's redistributor
 * awake, every SGI/PPI Group 1 at priority 0xa0 and disabled, the CPU interface taking
 * every priority. DAIF stays masked. */
static inline void gic_init(void)
{
    mmio_w32(GICD_BASE + GICD_CTLR, 0x13);      /* ARE, EnableGrp1, EnableGrp0 */
    mmio_w32(GICR_BASE + GICR_WAKER, mmio_r32(GICR_BASE + GICR_WAKER) & ~2u);
    while (mmio_r32(GICR_BASE + GICR_WAKER) & 4u)
        ;
    mmio_w32(GICR_SGI + GICR_IGROUPR0, 0xffffffff);
    mmio_w32(GICR_SGI + GICR_ICENABLER0, 0xffffffff);
    mmio_w32(GICR_SGI + GICR_ICPENDR0, 0xffffffff);
    for (unsigned i = 0; i < 32; i++)
        mmio_w8(GICR_SGI + GICR_IPRIORITYR + i, 0xa0);
    SYSREG_WR(ICC_PMR_EL1, 0xff);
    SYSREG_WR(ICC_BPR1_EL1, 0);                 /* the minimum */
    SYSREG_WR(ICC_BPR0_EL1, 0);
    SYSREG_WR(ICC_CTLR_EL1, 0);
    SYSREG_WR(ICC_IGRPEN1_EL1, 1);
    SYSREG_WR(ICC_IGRPEN0_EL1, 1);
}

/* SGI intid to this CPU (Aff 0.0.0, target list bit 0). */
static inline void sgi_self(unsigned intid, int group0)
{
    uint64_t v = ((uint64_t)intid << 24) | 1;
    if (group0)
        SYSREG_WR(ICC_SGI0R_EL1, v);
    else
        SYSREG_WR(ICC_SGI1R_EL1, v);
}

static inline void ppi_sgi_prio(unsigned intid, uint8_t prio)
{
    mmio_w8(GICR_SGI + GICR_IPRIORITYR + intid, prio);
}

static inline void ppi_sgi_enable(unsigned intid)
{
    mmio_w32(GICR_SGI + GICR_ISENABLER0, 1u << intid);
}

#endif
