/* hotblocks.c: a64emu's built-in "hotblocks" plugin (builds as
 * build/tcg/plugins/libhotblocks.so too): how often each block ran, the top N at exit
 * (top=N, default 20), counted inline (an add in the block's code) or, with
 * inline=off, by a callback at the start of the block. As QEMU's contrib/plugins/
 * hotblocks, a block is its start address and instruction count, and translating
 * it again (after a flush or an invalidation) adds to its translation count:
 *   collected N entries in the hash table
 *   pc, tcount, icount, ecount
 *   0x0000000040000000, 1, 5, 1 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <a64emu-plugin.h>
#include "plugin-args.h"

#ifndef PLUGIN_INSTALL
QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
#define PLUGIN_INSTALL qemu_plugin_install
#endif

typedef struct Block {
    uint64_t pc;
    size_t insns;
    uint64_t trans;
    uint64_t exec;      /* inline: not atomic, so SMP may lose counts (as QEMU's) */
} Block;

static GMutex lock;              /* guards blocks (translation runs on every vCPU) */
static GHashTable *blocks;       /* (pc, insns) -> Block */
static bool use_inline = true;
static int top = 20;

static void on_tb_exec(unsigned int vcpu, void *udata)
{
    __atomic_add_fetch(&((Block *)udata)->exec, 1, __ATOMIC_RELAXED);
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    size_t n = qemu_plugin_tb_n_insns(tb);
    uint64_t key = pc ^ ((uint64_t)n << 56);

    g_mutex_lock(&lock);
    Block *b = g_hash_table_lookup(blocks, &key);
    if (!b) {
        b = g_new0(Block, 1);
        b->pc = pc;
        b->insns = n;
        uint64_t *k = g_new(uint64_t, 1);
        *k = key;
        g_hash_table_insert(blocks, k, b);
    }
    b->trans++;
    g_mutex_unlock(&lock);
    if (use_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->exec, 1);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb_exec, QEMU_PLUGIN_CB_NO_REGS, b);
    }
}

static gint by_exec(gconstpointer a, gconstpointer b)
{
    const Block *x = *(Block *const *)a, *y = *(Block *const *)b;
    if (x->exec != y->exec) {
        return x->exec > y->exec ? -1 : 1;
    }
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    GString *s = g_string_new(NULL);
    GPtrArray *all = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, v;

    g_mutex_lock(&lock);
    g_hash_table_iter_init(&it, blocks);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_ptr_array_add(all, v);
    }
    g_mutex_unlock(&lock);
    g_ptr_array_sort(all, by_exec);
    g_string_append_printf(s, "collected %u entries in the hash table\n", all->len);
    g_string_append(s, "pc, tcount, icount, ecount\n");
    for (guint i = 0; i < all->len && (int)i < top; i++) {
        Block *b = g_ptr_array_index(all, i);
        g_string_append_printf(s, "0x%016" PRIx64 ", %" PRIu64 ", %zu, %" PRIu64 "\n", b->pc,
                               b->trans, b->insns, b->exec);
    }
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);
    g_ptr_array_free(all, TRUE);
}

QEMU_PLUGIN_EXPORT int PLUGIN_INSTALL(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                      char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        char *end = NULL;
        if (plugin_arg_bool(argv[i], "inline", &use_inline)) {
            continue;
        }
        if (eq && eq - argv[i] == 3 && !strncmp(argv[i], "top", 3)) {
            long t = strtol(eq + 1, &end, 10);
            if (end != eq + 1 && !*end && t > 0 && t <= 1000000) {
                top = (int)t;
                continue;
            }
        }
        plugin_bad_arg("hotblocks", argv[i], "inline=on|off, top=N");
        return -1;
    }
    blocks = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
