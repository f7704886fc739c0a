/* decode-fields.h: the field functions the .decode files name with
 * !function=: each turns an extracted field into the value the handler wants.
 * Included before a generated decoder (it calls them as fn(s, value)). */
#ifndef A64EMU_DECODE_FIELDS_H
#define A64EMU_DECODE_FIELDS_H

/* Branch and literal offsets are in words. */
static inline int times_4(DisasContext *s, int x)
{
    return x * 4;
}

/* LDXP/STXP: size<0> picks W (10) or X (11). */
static inline int plus_2(DisasContext *s, int x)
{
    return x + 2;
}

/* MRS/MSR: bits 19..5 of the word; op0 (bits 20..19) is 1x, so the full
 * SYSREG_KEY (bits 20..5) has bit 15 set. */
static inline int sysreg_key_op0_1x(DisasContext *s, int x)
{
    return x | 0x8000;
}

/* Load/store (register offset): option<2>:option<0>, option<1> being 1 (the
 * other half is reserved) -> option (010 UXTW, 011 LSL/UXTX, 110 SXTW, 111 SXTX). */
static inline int ldst_option_from_bits(DisasContext *s, int x)
{
    return (x & 2) << 1 | 2 | (x & 1);
}

#endif
