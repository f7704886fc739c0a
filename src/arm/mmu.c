/* mmu.c: the stage 1 translation table walk of the EL1&0 regime, ARMv8.0-A
 * (Arm ARM DDI 0487 D5: AArch64.TranslationTableWalk, AArch64.CheckPermission,
 * AArch64.TranslateAddressS1Off), and PAR_EL1 for AT. See arm/mmu.h.
 *
 * Where the Arm ARM leaves a choice, this is what we do (and QEMU 7.2, where
 * known):
 *
 *  1. T0SZ/T1SZ outside 16..39 (ARMv8.0 has neither FEAT_LVA nor FEAT_TTST):
 *     CONSTRAINED UNPREDICTABLE, FORCE or FAULT. We FAULT: a level 0
 *     translation fault for every address of that half. QEMU 7.2 the same
 *     ("tsz_oob"). With TxSZ in range every start level ARMv8.0 derives is
 *     valid (4K: 0-2, 16K: 0-3, 64K: 1-3), so this is the only "invalid start
 *     level" stage 1 has.
 *  2. TG0/TG1 holding a reserved value (TG0 = 11, TG1 = 00) or a granule that
 *     ID_AA64MMFR0 says is not implemented (16K on the Cortex-A57, whose
 *     TGran16 = 0): the architecture requires an IMPLEMENTATION DEFINED choice
 *     of an implemented size. We take the smallest implemented one (4K), as
 *     QEMU 7.2 does (sanitize_gran_size, Oct 2022). The register reads back
 *     as written (the caller stores TCR_EL1 raw).
 *  3. IPS = 110/111 (reserved in v8.0): as 101 (48 bits), as the v8.0
 *     pseudocode's "otherwise outputsize = 48"; then bounded by PARange (44
 *     bits on the Cortex-A57). QEMU 7.2: MIN(IPS, PARange), the same sizes.
 *  4. TTBR BADDR bits below the alignment of the start table (a misaligned
 *     base) are treated as zero: the v8.0 pseudocode's
 *     baseaddress = baseregister<47:baselowerbound>:Zeros(). QEMU the same.
 *  5. The contiguous hint is ignored, and a misprogrammed contiguous bit does
 *     not fault (IMPLEMENTATION DEFINED "Translation fault on misprogrammed
 *     contiguous bit": no). QEMU ignores the bit.
 *  6. RES0 descriptor bits (between a block's output address and the
 *     granule, bits [15:12] of a 64K table/page descriptor, ARMv8.1+ fields
 *     such as DBM and HPD-era bits) are ignored; they do not fault. QEMU the
 *     same for an ARMv8.0 CPU.
 *  7. TCR_EL1.AS = 1 gives 16-bit ASIDs only when ID_AA64MMFR0.ASIDBits = 2
 *     (the Cortex-A57 has it); otherwise AS is RES0 and ASIDs are 8 bits. With
 *     8-bit ASIDs TTBR[63:56] is ignored.
 *  8. MAIR attribute bytes with reserved encodings are carried as written
 *     (the attribute is only recorded; nothing here depends on it).
 *  9. Instruction fetch from Device memory that is not execute-never
 *     (AArch64.InstructionDevice, CONSTRAINED UNPREDICTABLE NONE or FAULT):
 *     NONE, the fetch is allowed. QEMU 7.2 allows it too.
 * 10. TBI and instruction fetches: the ARMv8.0 AddrTop() has no IsInstr
 *     argument; TBI0/TBI1 apply to every access of the regime (TBID, which
 *     exempts fetches, is ARMv8.3 FEAT_PAuth). A fetch never sees a tag in
 *     practice because a branch to a tagged address strips it
 *     (AArch64.BranchAddr), which is the translator's job. TCR bits 51/52
 *     (TBID0/TBID1) are RES0 in v8.0 and ignored here; QEMU 7.2 honours them
 *     even on a Cortex-A57 (it does not mask TCR_EL1 writes).
 * 11. A block descriptor at a level that cannot hold one (level 0 with 4K,
 *     levels 0-1 with 16K and 64K; ARMv8.0 without FEAT_LPA/LPA2): a
 *     translation fault at that level (the v8.0 pseudocode's "level <
 *     firstblocklevel"). QEMU 7.2 does not check this: probed with AT S1E1R on
 *     qemu-system-aarch64 7.2.22 (cortex-a57), a 4K level 0 block translates
 *     as a 512 GiB block and a 64K level 1 block as a 4 TiB one, so a guest
 *     test of this case differs from QEMU by design.
 * 12. MMU off (SCTLR_EL1.M = 0): data accesses are Device-nGnRnE (attribute
 *     0x00), instruction fetches Normal Write-Through Read-Allocate (0xaa)
 *     with SCTLR_EL1.I = 1 or Non-cacheable (0x44), all Outer Shareable, as
 *     AArch64.TranslateAddressS1Off says. QEMU 7.2 uses 0xee for cacheable
 *     fetches and shareability 0 for data (AT S1E1R with the MMU off reads
 *     PAR_EL1 = 0x40001a00 for 0x40001234 there; 0x40001b00 here).
 * 13. PAR_EL1.SH for Device and Normal Inner+Outer Non-cacheable memory is
 *     0b10 (PAREncodeShareability in the current Arm ARM). QEMU 7.2 reports
 *     the descriptor's SH there (probed: Device with SH 00 gives PAR.SH 00,
 *     Normal NC 0x44 with SH 11 gives 11); QEMU changed this in Aug 2023.
 * 14. AT and a synchronous external abort on the walk: taken as a Data Abort,
 *     not written to PAR_EL1 (arm_mmu_at_fault_is_exception), as the Arm ARM
 *     (D5.2.11) and QEMU 7.2 do (probed: ESR_EL1 0x96000155 for a level 1
 *     walk into a hole, i.e. EC 0x25, CM = 1, WnR = 1, EA = 0, FSC 0x15).
 *
 * Also probed on QEMU 7.2.22 and matching what is here: TG1 = 16K on the
 * cortex-a57 and TG1 = 00 walk as 4K; T1SZ 12 and 40 give a level 0
 * translation fault; TTBR1 bit 44 or 47 set gives a level 0 address size
 * fault while TTBR bits [11:1] and the ASID are ignored; IPS 32/40/44 and 7
 * bound output and table addresses (address size faults at the level of the
 * descriptor); AF = 0 faults at levels 2 and 3; level 3 type 01 faults;
 * RES0 bits in a 2M block and bits [15:12] of a 64K page are ignored; TBI1
 * lets 0x12ffff80_00001abc and 0x7fffff80_00001abc through TTBR1; EPD1.
 */
#include <string.h>
#include "arm/bits.h"
#include "arm/mmu.h"
#include "arm/syndrome.h"
#include "arm/sysreg.h"
#include "core/memory.h"
#include "core/runstate.h"

#define ADDR48 0x0000ffffffffffffull

static inline uint64_t low_mask(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

unsigned arm_mmu_pa_bits(uint64_t mmfr0)
{
    static const uint8_t bits[6] = { 32, 36, 40, 42, 44, 48 };
    unsigned parange = (mmfr0 >> MMFR0_PARANGE_SHIFT) & 0xf;
    return parange < 6 ? bits[parange] : 48;
}

static bool granule_implemented(uint64_t mmfr0, unsigned shift)
{
    switch (shift) {
    case 12:    /* signed field: 0 (or 1, LPA2) implemented, 0xf not */
        return ((mmfr0 >> MMFR0_TGRAN4_SHIFT) & 0xf) < 8;
    case 16:
        return ((mmfr0 >> MMFR0_TGRAN64_SHIFT) & 0xf) < 8;
    default:    /* unsigned field: 0 not implemented, 1 (or 2) implemented */
        return ((mmfr0 >> MMFR0_TGRAN16_SHIFT) & 0xf) != 0;
    }
}

/* log2 of the granule for the half (choice 2 above). */
static unsigned granule_shift(const ArmMMURegs *r, bool ttbr1)
{
    static const uint8_t tg0[4] = { 12, 16, 14, 0 };   /* 00 4K, 01 64K, 10 16K */
    static const uint8_t tg1[4] = { 0, 14, 12, 16 };   /* 01 16K, 10 4K, 11 64K */
    static const uint8_t by_size[3] = { 12, 14, 16 };
    unsigned tg = (r->tcr >> (ttbr1 ? TCR_TG1_SHIFT : TCR_TG0_SHIFT)) & TCR_TG_MASK;
    unsigned want = ttbr1 ? tg1[tg] : tg0[tg];

    if (want && granule_implemented(r->mmfr0, want)) {
        return want;
    }
    for (unsigned i = 0; i < 3; i++) {
        if (granule_implemented(r->mmfr0, by_size[i])) {
            return by_size[i];
        }
    }
    return 12;      /* an ID register announcing no granule: use 4K */
}

static bool fault_at(ArmFault *f, ArmFaultType type, unsigned level)
{
    f->type = type;
    f->level = level;
    switch (type) {
    case ARM_FAULT_ADDR_SIZE:   f->fsc = FSC_ADDRSIZE(level); break;
    case ARM_FAULT_TRANSLATION: f->fsc = FSC_TRANSLATION(level); break;
    case ARM_FAULT_ACCESS_FLAG: f->fsc = FSC_ACCESS_FLAG(level); break;
    case ARM_FAULT_PERMISSION:  f->fsc = FSC_PERMISSION(level); break;
    case ARM_FAULT_EXT_WALK:    f->fsc = FSC_EXTERNAL_WALK(level); break;
    case ARM_FAULT_NONE:        f->fsc = 0; break;
    }
    return false;
}

static unsigned access_needs(int access)
{
    return access == ARM_MMU_WRITE ? ARM_PROT_WRITE :
           access == ARM_MMU_FETCH ? ARM_PROT_EXEC : ARM_PROT_READ;
}

/* AArch64.TranslateAddressS1Off: the flat map. top is AddrTop(va). */
static bool translate_off(const ArmMMURegs *r, uint64_t va, int access, unsigned top,
                          ArmTranslation *out, ArmFault *fault)
{
    unsigned pamax = arm_mmu_pa_bits(r->mmfr0);

    if ((va >> pamax) & low_mask(top + 1 - pamax)) {
        return fault_at(fault, ARM_FAULT_ADDR_SIZE, 0);
    }
    out->pa = va & low_mask(pamax);
    out->prot = ARM_PROT_READ | ARM_PROT_WRITE | ARM_PROT_EXEC;
    out->size_shift = out->granule_shift = 12;
    out->global = true;
    out->sh = 2;
    if (access == ARM_MMU_FETCH) {
        out->attr = (r->sctlr & SCTLR_I) ? 0xaa : 0x44;
    } else {
        out->attr = 0x00;
    }
    return true;
}

/* AArch64.CheckPermission for the EL1&0 regime: what the checked EL may do
 * with the effective AP[2:1], UXN and PXN (table overrides already merged). */
static unsigned permissions(const ArmMMURegs *r, bool ap2, bool ap1, bool uxn, bool pxn)
{
    bool user_r = ap1, user_w = ap1 && !ap2;
    bool priv_w = !ap2;
    bool wxn = (r->sctlr & SCTLR_WXN) != 0;
    unsigned prot;

    if (r->el0) {
        prot = (user_r ? ARM_PROT_READ : 0) | (user_w ? ARM_PROT_WRITE : 0);
        /* Execute permission is its own bit: EL0 may execute what it cannot read. */
        if (!uxn && !(wxn && user_w)) {
            prot |= ARM_PROT_EXEC;
        }
    } else {
        prot = ARM_PROT_READ | (priv_w ? ARM_PROT_WRITE : 0);
        /* EL1 never executes memory EL0 can write. */
        if (!pxn && !user_w && !(wxn && priv_w)) {
            prot |= ARM_PROT_EXEC;
        }
    }
    return prot;
}

bool arm_mmu_translate(const ArmMMURegs *r, uint64_t va, int access,
                       ArmPhysRead64 rd, void *opaque,
                       ArmTranslation *out, ArmFault *fault)
{
    static const uint8_t ips_bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    memset(out, 0, sizeof(*out));
    memset(fault, 0, sizeof(*fault));
    out->ns = true;

    /* AddrTop(): the TBI bit of the half that bit 55 names (choice 10). */
    bool tbi = (r->tcr & (((va >> 55) & 1) ? TCR_TBI1 : TCR_TBI0)) != 0;
    unsigned top = tbi ? 55 : 63;

    if (!(r->sctlr & SCTLR_M)) {
        return translate_off(r, va, access, top, out, fault);
    }

    /* TTBR0 or TTBR1 by VA[top]; VA[top:inputsize] must be all zeros or all
     * ones, else the address is in neither range. */
    bool hi = (va >> top) & 1;
    unsigned tsz = (r->tcr >> (hi ? TCR_T1SZ_SHIFT : TCR_T0SZ_SHIFT)) & TCR_TxSZ_MASK;
    bool disabled = (r->tcr & (hi ? TCR_EPD1 : TCR_EPD0)) != 0;
    if (tsz < 16 || tsz > 39) {                             /* choice 1 */
        return fault_at(fault, ARM_FAULT_TRANSLATION, 0);
    }
    unsigned inputsize = 64 - tsz;
    uint64_t upper = (va >> inputsize) & low_mask(top + 1 - inputsize);
    if (upper != (hi ? low_mask(top + 1 - inputsize) : 0) || disabled) {
        return fault_at(fault, ARM_FAULT_TRANSLATION, 0);
    }

    unsigned gshift = granule_shift(r, hi);
    unsigned stride = gshift - 3;
    unsigned level = 4 - (inputsize - gshift + stride - 1) / stride;
    unsigned oasize = ips_bits[(r->tcr >> TCR_IPS_SHIFT) & TCR_IPS_MASK];
    unsigned pamax = arm_mmu_pa_bits(r->mmfr0);
    if (oasize > pamax) {
        oasize = pamax;
    }

    uint64_t ttbr = hi ? r->ttbr1 : r->ttbr0;
    if ((ttbr & ADDR48) >> oasize) {
        return fault_at(fault, ARM_FAULT_ADDR_SIZE, 0);
    }
    /* The start table holds 2^(inputsize - bottom) descriptors (choice 4). */
    unsigned bottom = (3 - level) * stride + gshift;
    uint64_t base = ttbr & ADDR48 & ~low_mask(inputsize - bottom + 3);
    unsigned addrtop = inputsize - 1;
    bool ro_table = false, no_el0_table = false, uxn_table = false, pxn_table = false;
    bool big_endian = (r->sctlr & SCTLR_EE) != 0;
    uint64_t desc;

    for (;;) {
        bottom = (3 - level) * stride + gshift;
        uint64_t index = (va >> bottom) & low_mask(addrtop + 1 - bottom);
        uint64_t desc_pa = base | (index << 3);
        bool ea = false;

        fault->desc_pa = desc_pa;
        if (!rd(opaque, desc_pa, &desc, &ea)) {
            fault->ea = ea;
            return fault_at(fault, ARM_FAULT_EXT_WALK, level);
        }
        if (big_endian) {
            desc = __builtin_bswap64(desc);
        }
        fault->have_desc = true;
        fault->desc = desc;
        /* Invalid (x0), or the reserved encoding 01 at level 3. */
        if (!(desc & DESC_VALID) || (level == 3 && !(desc & DESC_TABLE))) {
            return fault_at(fault, ARM_FAULT_TRANSLATION, level);
        }
        if (level == 3 || !(desc & DESC_TABLE)) {
            break;                                          /* page or block */
        }
        /* Table: the next table's address must fit the output size. */
        if ((desc & ADDR48) >> oasize) {
            return fault_at(fault, ARM_FAULT_ADDR_SIZE, level);
        }
        base = desc & ADDR48 & ~low_mask(gshift);
        ro_table |= (desc & DESC_APTABLE1) != 0;
        no_el0_table |= (desc & DESC_APTABLE0) != 0;
        uxn_table |= (desc & DESC_UXNTABLE) != 0;
        pxn_table |= (desc & DESC_PXNTABLE) != 0;
        level++;
        addrtop = bottom - 1;
    }

    /* Blocks exist at level 1-2 with 4K, level 2 with 16K and 64K (choice 11). */
    if (level < (gshift == 12 ? 1u : 2u)) {
        return fault_at(fault, ARM_FAULT_TRANSLATION, level);
    }
    if ((desc & ADDR48) >> oasize) {
        return fault_at(fault, ARM_FAULT_ADDR_SIZE, level);
    }
    if (!(desc & DESC_AF)) {                    /* no hardware AF update in v8.0 */
        return fault_at(fault, ARM_FAULT_ACCESS_FLAG, level);
    }

    bool ap2 = (desc & DESC_AP2) || ro_table;
    bool ap1 = (desc & DESC_AP1) && !no_el0_table;
    bool uxn = (desc & DESC_UXN) || uxn_table;
    bool pxn = (desc & DESC_PXN) || pxn_table;
    unsigned prot = permissions(r, ap2, ap1, uxn, pxn);
    if (!(prot & access_needs(access))) {
        return fault_at(fault, ARM_FAULT_PERMISSION, level);
    }

    uint64_t asid_ttbr = (r->tcr & TCR_A1) ? r->ttbr1 : r->ttbr0;
    bool asid16 = (r->tcr & TCR_AS) && ((r->mmfr0 >> MMFR0_ASIDBITS_SHIFT) & 0xf) == 2;

    out->pa = (desc & ADDR48 & ~low_mask(bottom)) | (va & low_mask(bottom));
    out->prot = prot;
    out->size_shift = bottom;
    out->granule_shift = gshift;
    out->level = level;
    out->ttbr1 = hi;
    out->global = !(desc & DESC_NG);
    out->asid = (asid_ttbr >> TTBR_ASID_SHIFT) & (asid16 ? 0xffff : 0xff);
    out->attr_index = (desc >> DESC_ATTRINDX_SHIFT) & 7;
    out->attr = (r->mair >> (8 * out->attr_index)) & 0xff;
    out->sh = (desc >> DESC_SH_SHIFT) & 3;
    out->desc = desc;
    return true;
}

void arm_mmu_regs_from_env(const CPUARMState *env, ArmMMURegs *r)
{
    const SysReg *id = sysreg_find(SYSREG_KEY(3, 0, 0, 7, 0));   /* ID_AA64MMFR0_EL1 */

    r->ttbr0 = env->ttbr0_el1;
    r->ttbr1 = env->ttbr1_el1;
    r->tcr = env->tcr_el1;
    r->mair = env->mair_el1;
    r->sctlr = env->sctlr_el1;
    r->mmfr0 = !id ? 0 : id->read ? id->read((CPUARMState *)env, id) : id->fixed;
    r->el0 = env->el == 0;
}

/* PAREncodeShareability: Device and Normal Inner+Outer Non-cacheable memory
 * read as Outer Shareable (choice 13). 0x40 is Normal Non-cacheable with
 * FEAT_XS (reserved in v8.0, kept with 0x44 as QEMU 8.2 does). */
static unsigned par_shareability(const ArmTranslation *t)
{
    if ((t->attr & 0xf0) == 0 || t->attr == 0x44 || t->attr == 0x40) {
        return 2;
    }
    return t->sh;
}

uint64_t arm_mmu_par(bool ok, const ArmTranslation *t, const ArmFault *f)
{
    uint64_t par = PAR_RES1;

    if (!ok) {
        par |= PAR_F | ((uint64_t)(f->fsc & 0x3f) << PAR_FST_SHIFT);
        par |= (f->s1ptw ? PAR_PTW : 0) | (f->stage2 ? PAR_S : 0);
        return par;
    }
    par |= t->pa & PAR_PA_MASK;
    par |= (uint64_t)par_shareability(t) << PAR_SH_SHIFT;
    par |= t->ns ? PAR_NS : 0;
    par |= (uint64_t)t->attr << PAR_ATTR_SHIFT;
    return par;
}

bool arm_mmu_at_fault_is_exception(const ArmFault *f)
{
    return f->type == ARM_FAULT_EXT_WALK;
}

/* ---- the debuggers' view ------------------------------------------------------- */

/* Descriptor reads for the debuggers: the caller holds the big lock, so the memory
 * core is called directly (RAM or a device; nothing there fails the walk). */
static bool debug_read64(void *opaque, uint64_t pa, uint64_t *val, bool *ea)
{
    if (as_read(get_address_space_memory(), pa, val, 8) != MEMTX_OK) {
        *ea = false;
        return false;
    }
    return true;
}

bool arm_mmu_debug_translate(CPUARMState *env, uint64_t va, uint64_t *pa)
{
    ArmMMURegs r;
    ArmTranslation t;
    ArmFault f;

    arm_mmu_regs_from_env(env, &r);
    r.el0 = false;          /* EL1 may read every page that is mapped at all */
    if (!arm_mmu_translate(&r, va, ARM_MMU_READ, debug_read64, NULL, &t, &f)) {
        return false;
    }
    *pa = t.pa;
    return true;
}

ArmDebugResult arm_mmu_debug_access(CPUARMState *env, uint64_t va, void *buf, uint64_t len,
                                    bool is_write, uint64_t *done)
{
    AddressSpace *as = get_address_space_memory();
    uint8_t *p = buf;
    uint64_t off = 0;
    ArmDebugResult res = ARM_DEBUG_OK;

    while (off < len) {
        uint64_t a = va + off, pa;
        uint64_t n = MIN(len - off, 0x1000 - (a & 0xfff));
        if (!arm_mmu_debug_translate(env, a, &pa)) {
            res = ARM_DEBUG_UNMAPPED;
            break;
        }
        /* A write goes into a flash's memory, not to its commands (as QEMU's gdbstub). */
        if ((is_write ? as_write_rom(as, pa, p + off, n) : as_read(as, pa, p + off, n)) !=
            MEMTX_OK) {
            res = ARM_DEBUG_BUS_ERROR;
            break;
        }
        if (is_write) {
            runstate_code_written(pa, n);
        }
        off += n;
    }
    if (done) {
        *done = off;
    }
    return res;
}
