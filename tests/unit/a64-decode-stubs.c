/* decode-stubs.c: one generated decoder (DECODE_INC) with the stub handlers
 * decodegen.py writes (STUBS_INC). A stub accepts what the table matched,
 * except where the real handler checks more than the bits: those checks are
 * repeated below, from today's decoder (tcg/a64/a64-branch.c). */
#include "a64-decode-stubs.h"
#include "tcg/helpers.h"
#include "decode-fields.h"

#define DECODE_UNDEF(name) (stub_reserved = #name)

static inline bool decode_stub_hit(DisasContext *s, const char *name, bool ok)
{
    stub_tried = name;
    if (ok) {
        stub_accepted = name;
    }
    return ok;
}

static inline bool stub_sysreg_ok(DisasContext *s, uint32_t key, bool is_write)
{
    const SysReg *r;

    if (key == SYSREG_KEY(3, 3, 4, 2, 0)) {             /* NZCV: no table entry */
        return true;
    }
    r = sysreg_find(key);
    return r && sysreg_access_ok(r, s->el, is_write);
}

#define EL1_ONLY(s) ((s)->el >= 1)
#define STUB_CHECK_ERET(s, a)           EL1_ONLY(s)
#define STUB_CHECK_MSR_i_SPSEL(s, a)    EL1_ONLY(s)
#define STUB_CHECK_HLT(s, a)            (((s)->tb_flags & TB_FLAG_SEMIHOST) && (a)->imm == 0xf000)
#define STUB_CHECK_HVC(s, a)            false
#define STUB_CHECK_SMC(s, a)            false
#define STUB_CHECK_IC_IALLUIS(s, a)     EL1_ONLY(s)
#define STUB_CHECK_IC_IALLU(s, a)       EL1_ONLY(s)
#define STUB_CHECK_DC_IVAC(s, a)        EL1_ONLY(s)
#define STUB_CHECK_DC_ISW(s, a)         EL1_ONLY(s)
#define STUB_CHECK_DC_CSW(s, a)         EL1_ONLY(s)
#define STUB_CHECK_DC_CISW(s, a)        EL1_ONLY(s)
#define STUB_CHECK_TLBI_VMALLE1IS(s, a) EL1_ONLY(s)
#define STUB_CHECK_TLBI_VAE1IS(s, a)    EL1_ONLY(s)
#define STUB_CHECK_TLBI_ASIDE1IS(s, a)  EL1_ONLY(s)
#define STUB_CHECK_TLBI_VAAE1IS(s, a)   EL1_ONLY(s)
#define STUB_CHECK_TLBI_VALE1IS(s, a)   EL1_ONLY(s)
#define STUB_CHECK_TLBI_VAALE1IS(s, a)  EL1_ONLY(s)
#define STUB_CHECK_TLBI_VMALLE1(s, a)   EL1_ONLY(s)
#define STUB_CHECK_TLBI_VAE1(s, a)      EL1_ONLY(s)
#define STUB_CHECK_TLBI_ASIDE1(s, a)    EL1_ONLY(s)
#define STUB_CHECK_TLBI_VAAE1(s, a)     EL1_ONLY(s)
#define STUB_CHECK_TLBI_VALE1(s, a)     EL1_ONLY(s)
#define STUB_CHECK_TLBI_VAALE1(s, a)    EL1_ONLY(s)
#define STUB_CHECK_MRS(s, a)            stub_sysreg_ok(s, (a)->key, false)
#define STUB_CHECK_MSR_r(s, a)          stub_sysreg_ok(s, (a)->key, true)

#include DECODE_INC
#include STUBS_INC

/* The pattern names of this group, for the coverage check. */
const char *const *STUB_NAMES = decode_stub_names;
const char *const *STUB_RESERVED = decode_stub_reserved;
