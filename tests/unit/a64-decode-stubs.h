/* decode-stubs.h: what the classification test sees of the generated
 * decoders built with stub handlers (decode-stubs.c, once per group). */
#ifndef A64EMU_DECODE_STUBS_H
#define A64EMU_DECODE_STUBS_H

#include "tcg/a64/a64.h"

bool a64_decode_dp_imm(DisasContext *s, uint32_t insn);
bool a64_decode_dp_reg(DisasContext *s, uint32_t insn);
bool a64_decode_branch_sys(DisasContext *s, uint32_t insn);
bool a64_decode_ldst(DisasContext *s, uint32_t insn);

/* Set by the stubs for the last word decoded (cleared by the caller):
 * the pattern whose handler accepted it, the last handler tried, and the
 * reserved (!) pattern that made it UNDEFINED. */
extern const char *stub_accepted, *stub_tried, *stub_reserved;

/* NULL-terminated: every trans_ name, and every reserved (!) pattern name. */
extern const char *const *stub_names_dp_imm, *const *stub_reserved_dp_imm;
extern const char *const *stub_names_dp_reg, *const *stub_reserved_dp_reg;
extern const char *const *stub_names_branch_sys, *const *stub_reserved_branch_sys;
extern const char *const *stub_names_ldst, *const *stub_reserved_ldst;

#endif
