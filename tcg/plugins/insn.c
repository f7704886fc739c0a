/* insn.c: a64emu's built-in "insn" plugin (an example of inline counters; builds as
 * build/tcg/plugins/libinsn.so too): counts the instructions each vCPU executes, with
 * one add in the generated code per instruction (A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU),
 * or with inline=off a callback per instruction. At exit:
 *   cpu N insns: COUNT      (one line per vCPU)
 *   insns: TOTAL */
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

static uint64_t *counts;        /* per vCPU, each written by its own vCPU only */
static int n_cpus;
static bool use_inline = true;

static void on_insn(unsigned int vcpu, void *udata)
{
    counts[vcpu]++;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (use_inline) {
            qemu_plugin_register_vcpu_insn_exec_inline(insn, A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU,
                                                       counts, 1);
        } else {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    uint64_t total = 0;
    GString *s = g_string_new(NULL);

    for (int i = 0; i < n_cpus; i++) {
        g_string_append_printf(s, "cpu %d insns: %" PRIu64 "\n", i, counts[i]);
        total += counts[i];
    }
    g_string_append_printf(s, "insns: %" PRIu64 "\n", total);
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);
}

QEMU_PLUGIN_EXPORT int PLUGIN_INSTALL(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                      char **argv)
{
    if (!plugin_args_inline_only("insn", argc, argv, &use_inline)) {
        return -1;
    }
    n_cpus = qemu_plugin_n_max_vcpus();
    counts = g_new0(uint64_t, n_cpus);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
