/* fp-classes.h: every pattern of tcg/a64/fp.decode (scalar FP) as (mask, value, name), the
 * same form as tests/guest/simd-classes.h. Written by (from the top of the tree)
 *   python3 -c 'import sys; sys.path.insert(0, "tcg/a64"); import decodegen
 *   for x in decodegen.load("tcg/a64/fp.decode").patterns:
 *       x.reserved or print("    { 0x%08x, 0x%08x, \"%s\" }," % (x.fixedmask, x.fixedbits, x.name))'
 * after a change of the table. tests/diff/gen.c draws its "fp" group from these rows. */
#ifndef FP_CLASSES_H
#define FP_CLASSES_H
static const struct { uint32_t mask, value; const char *name; } fp_classes[] = {
    { 0xff3ffc00, 0x1e204000, "FMOV_r" },
    { 0xff3ffc00, 0x1e20c000, "FABS" },
    { 0xff3ffc00, 0x1e214000, "FNEG" },
    { 0xff3ffc00, 0x1e21c000, "FSQRT" },
    { 0xff3e7c00, 0x1e224000, "FCVT" },
    { 0xff3c7c00, 0x1e244000, "FRINT" },
    { 0xff200c00, 0x1e200800, "FP_2src" },
    { 0xff000000, 0x1f000000, "FP_3src" },
    { 0xff20fc0f, 0x1e202000, "FCMP" },
    { 0xff20fc0f, 0x1e202008, "FCMP_z" },
    { 0xff200c00, 0x1e200400, "FCCMP" },
    { 0xff200c00, 0x1e200c00, "FCSEL" },
    { 0xff201fe0, 0x1e201000, "FMOV_i" },
    { 0x7f20fc00, 0x1e200000, "FCVT_int" },
    { 0x7f200000, 0x1e000000, "FCVT_fixed" },
};
#endif
