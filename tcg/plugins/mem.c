/* mem.c: a64emu's built-in "mem" plugin (builds as build/tcg/plugins/libmem.so too):
 * counts the loads and stores the guest makes, and whether each went to RAM or to an
 * MMIO region (by name), through a memory callback per access. With inline=on it
 * counts loads and stores with inline adds only (no RAM/MMIO split: that needs the
 * callback). At exit:
 *   loads: N
 *   stores: N
 *   ram: N
 *   io: N
 *   io pl011: N          (one line per region touched) */
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

enum { C_LOAD, C_STORE, C_RAM, C_IO, C_N };
static uint64_t (*counts)[C_N];  /* per vCPU, each written by its own vCPU only */
static uint64_t inl_loads, inl_stores;
static int n_cpus;
static bool use_inline;
static GMutex io_lock;           /* guards io_names (MMIO accesses are the rare ones) */
static GHashTable *io_names;     /* region name -> count */

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    counts[vcpu][qemu_plugin_mem_is_store(info) ? C_STORE : C_LOAD]++;
    if (qemu_plugin_hwaddr_is_io(hw)) {
        counts[vcpu][C_IO]++;
        const char *name = qemu_plugin_hwaddr_device_name(hw);
        g_mutex_lock(&io_lock);
        g_hash_table_insert(io_names, (gpointer)name,
                            GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(io_names, name)) + 1));
        g_mutex_unlock(&io_lock);
    } else {
        counts[vcpu][C_RAM]++;
    }
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (use_inline) {
            qemu_plugin_register_vcpu_mem_inline(insn, QEMU_PLUGIN_MEM_R,
                                                 QEMU_PLUGIN_INLINE_ADD_U64, &inl_loads, 1);
            qemu_plugin_register_vcpu_mem_inline(insn, QEMU_PLUGIN_MEM_W,
                                                 QEMU_PLUGIN_INLINE_ADD_U64, &inl_stores, 1);
        } else {
            qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
        }
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    uint64_t t[C_N] = { inl_loads, inl_stores, 0, 0 };
    GString *s = g_string_new(NULL);

    for (int i = 0; i < n_cpus; i++) {
        for (int c = 0; c < C_N; c++) {
            t[c] += counts[i][c];
        }
    }
    g_string_append_printf(s, "loads: %" PRIu64 "\nstores: %" PRIu64 "\n", t[C_LOAD], t[C_STORE]);
    if (!use_inline) {
        g_string_append_printf(s, "ram: %" PRIu64 "\nio: %" PRIu64 "\n", t[C_RAM], t[C_IO]);
        GList *names = g_list_sort(g_hash_table_get_keys(io_names), (GCompareFunc)strcmp);
        for (GList *l = names; l; l = l->next) {
            g_string_append_printf(s, "io %s: %zu\n", (const char *)l->data,
                                   GPOINTER_TO_SIZE(g_hash_table_lookup(io_names, l->data)));
        }
        g_list_free(names);
    }
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);
}

QEMU_PLUGIN_EXPORT int PLUGIN_INSTALL(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                      char **argv)
{
    if (!plugin_args_inline_only("mem", argc, argv, &use_inline)) {
        return -1;
    }
    n_cpus = qemu_plugin_n_max_vcpus();
    counts = g_malloc0(sizeof(*counts) * (size_t)n_cpus);
    io_names = g_hash_table_new(g_str_hash, g_str_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
