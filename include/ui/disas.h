/* disas.h: capstone disassembly for the monitor (xp /i) and the debug log
 * (in_asm: guest A64; out_asm: host x86-64). */
#ifndef A64EMU_DISAS_H
#define A64EMU_DISAS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* count A64 instructions from buf (little-endian words) at guest address pc:
 * "0x<pc>:  <word>  <mnemonic> <operands>" a line; the address is 16 hex
 * digits when wide (the log), else at least 8 (the monitor). */
void disas_a64(GString *out, uint64_t pc, const uint8_t *buf, size_t count, bool wide);
/* One A64 instruction as plugins see it (qemu_plugin_insn_disas): "<mnemonic> <operands>"
 * with the space even when there are no operands ("ret "), as QEMU prints it;
 * ".inst 0x<word>" when capstone cannot decode it. Freed by the caller. */
char *disas_a64_insn_text(uint64_t pc, const uint8_t bytes[4]);

/* Host code: one line an instruction; before the instruction at host offset
 * mark_off[i], the line "  -- guest addr 0x<mark_pc[i]>". */
void disas_host(GString *out, const uint8_t *code, size_t size, const uint32_t *mark_off,
                const uint64_t *mark_pc, size_t nmarks);

#endif
