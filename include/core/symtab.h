/* symtab.h: the guest's symbols, from the ELF files the loaders load (boot/loader.c), for
 * lookups by address (the plugins' qemu_plugin_insn_symbol). */
#ifndef A64EMU_SYMTAB_H
#define A64EMU_SYMTAB_H

#include <stdint.h>

/* A function or label at guest virtual address addr, size bytes. */
void symtab_add(uint64_t addr, uint64_t size, const char *name);
/* The symbol whose [addr, addr + size) covers addr (as QEMU's lookup_symbol: a symbol of
 * size 0 covers nothing); NULL if none. Any thread. */
const char *symtab_lookup(uint64_t addr);

#endif
