/* count.c: the plugin tests/integration/t-plugin.sh builds at test time against the
 * installed a64emu-plugin.h (through its QEMU name, qemu-plugin.h, as a QEMU plugin
 * would include it) and loads with -plugin. It counts, inside the guest address range
 * range=START+LEN (hex), the instructions executed (an exec callback and an inline
 * add, which must agree), the loads and stores (a memory callback and inline adds),
 * where they went (RAM or which MMIO region), and checks that every callback runs on
 * the thread of the vCPU whose index it gets. At exit, through the log (-d plugin):
 *   count: insns cb=N inline=N
 *   count: loads cb=N inline=N stores cb=N inline=N
 *   count: ram=N io=N io_names=NAME,...
 *   count: vcpus init=N seen=N wrong_thread=N
 *   count: regs checked=N bad=N
 *   count: symbols NAME... (qemu_plugin_insn_symbol of the range's instructions, each once)
 * The last line: at each "str x2, [x0, #0x10]" in the range, the registers as its exec
 * callback reads them (a64emu_plugin_read_xreg, a64emu's own) must be the state before
 * the instruction, values the same block computed just before included: in plugcount's
 * loop X3 = 3, X4 = 4 (loaded) and X2 = 7 * iteration (added), X1 = 1001 - iteration.
 * The symbol is weak, so the plugin still loads where it is missing (QEMU), and checks
 * nothing there. */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
#pragma weak a64emu_plugin_read_xreg

static uint64_t range_start, range_len = UINT64_MAX;
static uint64_t insns_cb, insns_inline, loads_cb, stores_cb, loads_inline, stores_inline;
static uint64_t ram, io, wrong_thread, seen_mask;
static unsigned n_init;
static GThread *threads[64];     /* by vCPU index, set by the vCPU's init callback */
static GMutex lock;              /* guards the counters: callbacks come from every vCPU */
static GString *io_names;
static GString *symbols;          /* translation callbacks run on every vCPU: under lock */
static uint64_t regs_checked, regs_bad;

static void str_exec(unsigned int vcpu, void *udata)
{
    const uint64_t i = regs_checked + 1;
    const uint64_t want[5] = { 0, 1001 - i, 7 * i, 3, 4 };
    uint64_t x;

    if (!a64emu_plugin_read_xreg) {
        return;
    }
    g_mutex_lock(&lock);
    for (unsigned r = 1; r < 5; r++) {
        if (!a64emu_plugin_read_xreg(vcpu, r, &x) || x != want[r]) {
            regs_bad++;
        }
    }
    regs_checked++;
    g_mutex_unlock(&lock);
}

static void check_thread(unsigned vcpu)
{
    if (vcpu >= 64 || threads[vcpu] != g_thread_self()) {
        wrong_thread++;
    } else {
        seen_mask |= 1ull << vcpu;
    }
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    g_mutex_lock(&lock);
    if (vcpu < 64) {
        threads[vcpu] = g_thread_self();
    }
    n_init++;
    g_mutex_unlock(&lock);
}

static void insn_exec(unsigned int vcpu, void *udata)
{
    g_mutex_lock(&lock);
    insns_cb++;
    check_thread(vcpu);
    g_mutex_unlock(&lock);
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    g_mutex_lock(&lock);
    check_thread(vcpu);
    if (qemu_plugin_mem_is_store(info)) {
        stores_cb++;
    } else {
        loads_cb++;
    }
    if (qemu_plugin_hwaddr_is_io(hw)) {
        io++;
        const char *name = qemu_plugin_hwaddr_device_name(hw);
        if (!strstr(io_names->str, name)) {
            g_string_append_printf(io_names, "%s%s", io_names->len ? "," : "", name);
        }
    } else if (hw) {
        ram++;
    }
    g_mutex_unlock(&lock);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (qemu_plugin_insn_vaddr(insn) - range_start >= range_len) {
            continue;
        }
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
        const char *sym = qemu_plugin_insn_symbol(insn);
        g_autofree char *word_sym = g_strdup_printf(" %s ", sym ? sym : "-");
        g_mutex_lock(&lock);
        if (!strstr(symbols->str, word_sym)) {
            g_string_append(symbols, word_sym + 1);
        }
        g_mutex_unlock(&lock);
        uint32_t word;
        memcpy(&word, qemu_plugin_insn_data(insn), sizeof(word));
        if (word == 0xf9000802) {           /* str x2, [x0, #0x10] */
            qemu_plugin_register_vcpu_insn_exec_cb(insn, str_exec, QEMU_PLUGIN_CB_R_REGS, NULL);
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                   &insns_inline, 1);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
        qemu_plugin_register_vcpu_mem_inline(insn, QEMU_PLUGIN_MEM_R, QEMU_PLUGIN_INLINE_ADD_U64,
                                             &loads_inline, 1);
        qemu_plugin_register_vcpu_mem_inline(insn, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_INLINE_ADD_U64,
                                             &stores_inline, 1);
    }
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
    g_autofree char *s = g_strdup_printf(
        "count: insns cb=%" PRIu64 " inline=%" PRIu64 "\n"
        "count: loads cb=%" PRIu64 " inline=%" PRIu64 " stores cb=%" PRIu64 " inline=%" PRIu64 "\n"
        "count: ram=%" PRIu64 " io=%" PRIu64 " io_names=%s\n"
        "count: vcpus init=%u seen=%d wrong_thread=%" PRIu64 "\n"
        "count: regs checked=%" PRIu64 " bad=%" PRIu64 "\n"
        "count: symbols %s\n",
        insns_cb, insns_inline, loads_cb, loads_inline, stores_cb, stores_inline, ram, io,
        io_names->str, n_init, __builtin_popcountll(seen_mask), wrong_thread, regs_checked,
        regs_bad, g_strstrip(symbols->str));
    qemu_plugin_outs(s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *end;
        if (!strncmp(argv[i], "range=", 6)) {
            range_start = g_ascii_strtoull(argv[i] + 6, &end, 16);
            if (*end != '+') {
                return -1;
            }
            range_len = g_ascii_strtoull(end + 1, &end, 16);
            if (*end) {
                return -1;
            }
        } else {
            return -1;
        }
    }
    if (!info->system_emulation || strcmp(info->target_name, "aarch64")) {
        return -1;
    }
    io_names = g_string_new(NULL);
    symbols = g_string_new(" ");
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
