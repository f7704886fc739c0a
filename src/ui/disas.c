/* disas.c: capstone disassembly of guest (A64) and host (x86-64) code. A
 * handle a thread: capstone handles must not be shared between threads. */
#include <inttypes.h>
#include <capstone/capstone.h>
#include "ui/disas.h"

static csh thread_handle(cs_arch arch, cs_mode mode)
{
    static __thread csh handles[2];
    static __thread bool opened[2];
    int i = arch == CS_ARCH_X86;

    if (!opened[i]) {
        if (cs_open(arch, mode, &handles[i]) != CS_ERR_OK) {
            return 0;
        }
        opened[i] = true;
    }
    return handles[i];
}

void disas_a64(GString *out, uint64_t pc, const uint8_t *buf, size_t count, bool wide)
{
    csh cs = thread_handle(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN);
    int width = wide ? 16 : 8;

    for (size_t i = 0; i < count; i++) {
        const uint8_t *p = buf + i * 4;
        uint32_t word = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
        uint64_t addr = pc + i * 4;
        cs_insn *insn = NULL;
        size_t n = cs ? cs_disasm(cs, p, 4, addr, 1, &insn) : 0;

        if (n) {
            g_string_append_printf(out, "0x%0*" PRIx64 ":  %08x  %s%s%s\n", width, addr,
                                   word, insn->mnemonic, insn->op_str[0] ? " " : "",
                                   insn->op_str);
            cs_free(insn, n);
        } else {
            g_string_append_printf(out, "0x%0*" PRIx64 ":  %08x  .inst 0x%08x\n", width,
                                   addr, word, word);
        }
    }
}

char *disas_a64_insn_text(uint64_t pc, const uint8_t bytes[4])
{
    csh cs = thread_handle(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN);
    cs_insn *insn = NULL;
    size_t n = cs ? cs_disasm(cs, bytes, 4, pc, 1, &insn) : 0;
    char *text;

    if (n) {
        text = g_strdup_printf("%s %s", insn->mnemonic, insn->op_str);
        cs_free(insn, n);
    } else {
        text = g_strdup_printf(".inst 0x%08x", bytes[0] | bytes[1] << 8 | bytes[2] << 16 |
                                                   (uint32_t)bytes[3] << 24);
    }
    return text;
}

void disas_host(GString *out, const uint8_t *code, size_t size, const uint32_t *mark_off,
                const uint64_t *mark_pc, size_t nmarks)
{
    csh cs = thread_handle(CS_ARCH_X86, CS_MODE_64);
    size_t off = 0, m = 0;

    while (off < size) {
        cs_insn *insn = NULL;
        size_t n;

        while (m < nmarks && mark_off[m] <= off) {
            g_string_append_printf(out, "  -- guest addr 0x%016" PRIx64 "\n", mark_pc[m]);
            m++;
        }
        n = cs ? cs_disasm(cs, code + off, size - off, (uint64_t)(uintptr_t)(code + off), 1,
                           &insn) : 0;
        if (!n) {
            g_string_append_printf(out, "0x%016" PRIxPTR ":  .byte 0x%02x\n",
                                   (uintptr_t)(code + off), code[off]);
            off++;
            continue;
        }
        GString *hex = g_string_new(NULL);
        for (uint16_t i = 0; i < insn->size; i++) {
            g_string_append_printf(hex, "%02x ", insn->bytes[i]);
        }
        g_string_append_printf(out, "0x%016" PRIx64 ":  %-24s %s%s%s\n", insn->address,
                               hex->str, insn->mnemonic, insn->op_str[0] ? " " : "",
                               insn->op_str);
        g_string_free(hex, TRUE);
        off += insn->size;
        cs_free(insn, n);
    }
}
