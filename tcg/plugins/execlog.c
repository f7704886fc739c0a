/* execlog.c: a64emu's built-in "execlog" plugin, also an example of the plugin API
 * (it builds as a shared object too: build/tcg/plugins/libexeclog.so). One line per
 * executed instruction, in the format of QEMU's contrib/plugins/execlog:
 *   VCPU, PC, WORD, "DISASSEMBLY"[, load|store, PHYS, RAM|DEVICE]...
 * A line is printed when the vCPU's next instruction starts (or at exit), so that
 * the memory accesses the instruction made are on it.
 * Arguments, as QEMU's: ifilter=PREFIX (instructions whose disassembly starts with
 * PREFIX), afilter=ADDR (hex: the instruction at ADDR); a64emu also takes
 * afilter=ADDR+LEN (hex: instructions in [ADDR, ADDR+LEN)). Filters may repeat; an
 * instruction that matches any is logged. */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <a64emu-plugin.h>
#include "plugin-args.h"

#ifndef PLUGIN_INSTALL
QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
#define PLUGIN_INSTALL qemu_plugin_install
#endif

typedef struct AddrRange {
    uint64_t start, len;
} AddrRange;

static GString **pending;        /* per vCPU: its last instruction's line, being completed */
static int n_cpus;
static GPtrArray *prefixes;      /* ifilter */
static GArray *ranges;           /* afilter */
static GMutex texts_lock;        /* guards texts: every vCPU translates */
static GPtrArray *texts;         /* every line head made, kept while code may use it */

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    GString *s = pending[vcpu];
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    g_string_append(s, qemu_plugin_mem_is_store(info) ? ", store" : ", load");
    if (hw) {
        g_string_append_printf(s, ", 0x%08" PRIx64 ", %s", qemu_plugin_hwaddr_phys_addr(hw),
                               qemu_plugin_hwaddr_device_name(hw));
    } else {
        g_string_append_printf(s, ", 0x%08" PRIx64, vaddr);
    }
}

static void on_insn(unsigned int vcpu, void *udata)
{
    GString *s = pending[vcpu];

    if (s->len) {
        g_string_append_c(s, '\n');
        qemu_plugin_outs(s->str);
    }
    g_string_printf(s, "%u, %s", vcpu, (const char *)udata);
}

static bool wanted(uint64_t pc, const char *disas)
{
    if (!prefixes && !ranges) {
        return true;
    }
    for (guint i = 0; prefixes && i < prefixes->len; i++) {
        if (g_str_has_prefix(disas, g_ptr_array_index(prefixes, i))) {
            return true;
        }
    }
    for (guint i = 0; ranges && i < ranges->len; i++) {
        AddrRange *r = &g_array_index(ranges, AddrRange, i);
        if (pc - r->start < r->len) {
            return true;
        }
    }
    return false;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        char *disas = qemu_plugin_insn_disas(insn);

        if (wanted(pc, disas)) {
            uint32_t word;
            memcpy(&word, qemu_plugin_insn_data(insn), sizeof(word));
            /* Lives as long as the translation may run: never freed (as QEMU's), but kept
             * reachable, so that a leak checker does not count it. */
            char *text = g_strdup_printf("0x%" PRIx64 ", 0x%" PRIx32 ", \"%s\"", pc, word, disas);
            g_mutex_lock(&texts_lock);
            g_ptr_array_add(texts, text);
            g_mutex_unlock(&texts_lock);
            qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, text);
        }
        g_free(disas);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    for (int i = 0; i < n_cpus; i++) {
        if (pending[i]->len) {
            g_string_append_c(pending[i], '\n');
            qemu_plugin_outs(pending[i]->str);
            g_string_truncate(pending[i], 0);
        }
    }
}

static bool parse_range(const char *v, AddrRange *r)
{
    char *end;
    r->start = g_ascii_strtoull(v, &end, 16);
    r->len = 1;
    if (end == v) {
        return false;
    }
    if (*end == '+') {
        const char *l = end + 1;
        r->len = g_ascii_strtoull(l, &end, 16);
        if (end == l || r->len == 0) {
            return false;
        }
    }
    return *end == '\0';
}

QEMU_PLUGIN_EXPORT int PLUGIN_INSTALL(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                      char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        AddrRange r;
        if (eq && !strncmp(argv[i], "ifilter=", 8)) {
            if (!prefixes) {
                prefixes = g_ptr_array_new();
            }
            g_ptr_array_add(prefixes, g_strdup(eq + 1));
        } else if (eq && !strncmp(argv[i], "afilter=", 8) && parse_range(eq + 1, &r)) {
            if (!ranges) {
                ranges = g_array_new(FALSE, FALSE, sizeof(AddrRange));
            }
            g_array_append_val(ranges, r);
        } else {
            plugin_bad_arg("execlog", argv[i], "ifilter=PREFIX, afilter=ADDR[+LEN]");
            return -1;
        }
    }
    n_cpus = info->system_emulation ? info->system.max_vcpus : 1;
    texts = g_ptr_array_new();
    pending = g_new(GString *, n_cpus);
    for (int i = 0; i < n_cpus; i++) {
        pending[i] = g_string_new(NULL);
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
