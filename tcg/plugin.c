/* plugin.c: the TCG plugin API of a64emu-plugin.h: loading -plugin specs (a shared
 * object through dlopen, or a built-in plugin of tcg/plugins/), the version check,
 * the event registries, and the API functions plugins call. The code generation
 * for the callbacks a plugin registers on a block is in tcg/plugin-gen.c. */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <a64emu-plugin.h>
#include "tcg/plugin.h"
#include "core/log.h"
#include "core/memory.h"
#include "core/symtab.h"
#include "tcg/tb.h"
#include "ui/disas.h"

bool plugin_enabled;

/* The built-in plugins (tcg/plugins/NAME.c, compiled with PLUGIN_INSTALL renamed). */
#define BUILTIN(name) \
    int builtin_##name##_install(qemu_plugin_id_t, const qemu_info_t *, int, char **);
BUILTIN(execlog) BUILTIN(hotblocks) BUILTIN(insn) BUILTIN(mem)
#undef BUILTIN
static const struct {
    const char *name;
    int (*install)(qemu_plugin_id_t, const qemu_info_t *, int, char **);
} builtins[] = {
    { "execlog", builtin_execlog_install },
    { "hotblocks", builtin_hotblocks_install },
    { "insn", builtin_insn_install },
    { "mem", builtin_mem_install },
};

const char *plugin_builtin_names(void)
{
    return "execlog, hotblocks, insn, mem";
}

typedef struct PluginCtx {
    char *name;                 /* as given to -plugin */
    void *handle;               /* dlopen's; NULL for a built-in */
    char **argv;                /* kept for the plugin's lifetime, as QEMU does */
    int argc;
    bool uninstalled;
    qemu_plugin_simple_cb_t pending;    /* uninstall/reset: runs after the next flush */
} PluginCtx;

typedef enum PluginEvent {
    EV_VCPU_INIT, EV_VCPU_EXIT, EV_TB_TRANS, EV_FLUSH, EV_ATEXIT, EV_COUNT
} PluginEvent;

typedef struct EventCB {
    PluginCtx *ctx;
    void *fn;
    void *udata;
} EventCB;

/* plugin_lock guards ctxs, the event lists and ctx->pending: plugins may register
 * from any vCPU thread (in a vCPU init callback, say). Callbacks run without it, on
 * a copy of the list (a callback may register or uninstall). */
static GMutex plugin_lock;
static GPtrArray *ctxs;
static GArray *events[EV_COUNT];
static unsigned n_vcpus, n_max_vcpus;
static GPtrArray *vcpu_envs;        /* CPUARMState * by index, for the exit callbacks */

static PluginCtx *ctx_of(qemu_plugin_id_t id)
{
    return (PluginCtx *)(uintptr_t)id;
}

static void add_event(qemu_plugin_id_t id, PluginEvent ev, void *fn, void *udata)
{
    EventCB cb = { ctx_of(id), fn, udata };

    if (!fn) {
        return;
    }
    g_mutex_lock(&plugin_lock);
    g_array_append_val(events[ev], cb);
    g_mutex_unlock(&plugin_lock);
}

/* A copy of ev's list, to call without the lock. */
static GArray *copy_event(PluginEvent ev)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(EventCB));

    g_mutex_lock(&plugin_lock);
    g_array_append_vals(a, events[ev]->data, events[ev]->len);
    g_mutex_unlock(&plugin_lock);
    return a;
}

static void drop_events(PluginCtx *ctx)
{
    for (int ev = 0; ev < EV_COUNT; ev++) {
        for (guint i = events[ev]->len; i-- > 0;) {
            if (g_array_index(events[ev], EventCB, i).ctx == ctx) {
                g_array_remove_index(events[ev], i);
            }
        }
    }
}

/* ---- loading ---- */

/* "FILE,k=v,..." or "file=FILE,k=v,...": QEMU's -plugin syntax. "arg=V" passes V
 * (QEMU 7.2's older form), any other "k=v" passes "k=v". */
static bool parse_spec(const char *spec, char **file, GPtrArray *argv, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(spec, ",", -1);

    *file = NULL;
    for (int i = 0; parts[i]; i++) {
        const char *p = parts[i];
        const char *eq = strchr(p, '=');

        if (i == 0 && !eq) {
            *file = g_strdup(p);
        } else if (!eq) {
            g_set_error(errp, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "-plugin %s: argument '%s' is not KEY=VALUE", spec, p);
            return false;
        } else if (eq - p == 4 && !strncmp(p, "file", 4)) {
            g_free(*file);
            *file = g_strdup(eq + 1);
        } else if (eq - p == 3 && !strncmp(p, "arg", 3)) {
            g_ptr_array_add(argv, g_strdup(eq + 1));
        } else {
            g_ptr_array_add(argv, g_strdup(p));
        }
    }
    if (!*file || !**file) {
        g_set_error(errp, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "-plugin %s: no plugin file named", spec);
        return false;
    }
    return true;
}

static bool load_one(const char *spec, const qemu_info_t *info, GError **errp)
{
    g_autofree char *file = NULL;
    GPtrArray *argv = g_ptr_array_new();
    int (*install)(qemu_plugin_id_t, const qemu_info_t *, int, char **) = NULL;
    void *handle = NULL;

    if (!parse_spec(spec, &file, argv, errp)) {
        g_ptr_array_free(argv, TRUE);
        return false;
    }
    if (!strchr(file, '/')) {
        for (size_t i = 0; i < G_N_ELEMENTS(builtins); i++) {
            if (!strcmp(file, builtins[i].name)) {
                install = builtins[i].install;
            }
        }
    }
    if (!install) {
        if (!g_file_test(file, G_FILE_TEST_EXISTS)) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                        "-plugin %s: no such file, and not a built-in plugin (%s)", file,
                        plugin_builtin_names());
            goto fail;
        }
        /* A bare name is the file in the current directory (dlopen would search the
         * library path instead). */
        g_autofree char *path = strchr(file, '/') ? g_strdup(file) : g_strconcat("./", file, NULL);
        handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "-plugin %s: cannot load: %s",
                        file, dlerror());
            goto fail;
        }
        int *version = dlsym(handle, "qemu_plugin_version");
        if (!version) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "-plugin %s: the plugin does not declare its API version "
                        "(qemu_plugin_version)", file);
            goto fail;
        }
        if (*version < QEMU_PLUGIN_MIN_VERSION || *version > QEMU_PLUGIN_VERSION) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "-plugin %s: the plugin needs API version %d; a64emu supports "
                        "%d to %d", file, *version, QEMU_PLUGIN_MIN_VERSION,
                        QEMU_PLUGIN_VERSION);
            goto fail;
        }
        install = (int (*)(qemu_plugin_id_t, const qemu_info_t *, int, char **))
            dlsym(handle, "qemu_plugin_install");
        if (!install) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "-plugin %s: the plugin has no qemu_plugin_install", file);
            goto fail;
        }
    }

    PluginCtx *ctx = g_new0(PluginCtx, 1);
    ctx->name = g_strdup(file);
    ctx->handle = handle;
    ctx->argc = (int)argv->len;
    g_ptr_array_add(argv, NULL);
    ctx->argv = (char **)g_ptr_array_free(argv, FALSE);
    g_mutex_lock(&plugin_lock);
    g_ptr_array_add(ctxs, ctx);
    g_mutex_unlock(&plugin_lock);
    int rc = install((qemu_plugin_id_t)(uintptr_t)ctx, info, ctx->argc, ctx->argv);
    if (rc != 0) {
        g_set_error(errp, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "-plugin %s: qemu_plugin_install refused its arguments (returned %d)",
                    spec, rc);
        return false;
    }
    return true;

fail:
    if (handle) {
        dlclose(handle);
    }
    g_ptr_array_free(argv, TRUE);
    return false;
}

bool plugin_load_all(GPtrArray *specs, unsigned smp, unsigned max_cpus, GError **errp)
{
    if (!specs || !specs->len) {
        return true;
    }
    ctxs = g_ptr_array_new();
    for (int ev = 0; ev < EV_COUNT; ev++) {
        events[ev] = g_array_new(FALSE, FALSE, sizeof(EventCB));
    }
    vcpu_envs = g_ptr_array_new();
    n_vcpus = smp;
    n_max_vcpus = smp;          /* no CPU hotplug: the machine has exactly smp */
    (void)max_cpus;
    static const qemu_info_t info_template = {
        .target_name = "aarch64",
        .version = { QEMU_PLUGIN_MIN_VERSION, QEMU_PLUGIN_VERSION },
        .system_emulation = true,
    };
    static qemu_info_t info;
    info = info_template;
    info.system.smp_vcpus = (int)smp;
    info.system.max_vcpus = (int)smp;
    plugin_enabled = true;
    /* Any exit() (Ctrl-a x, for one) runs the exit callbacks too; main and the
     * semihosting exit (which ends with _exit) call plugin_atexit themselves. */
    atexit(plugin_atexit);
    for (guint i = 0; i < specs->len; i++) {
        if (!load_one(g_ptr_array_index(specs, i), &info, errp)) {
            return false;
        }
    }
    return true;
}

/* ---- events ---- */

void plugin_vcpu_init(CPUARMState *env)
{
    if (!plugin_enabled) {
        return;
    }
    unsigned idx = plugin_vcpu_index(env);
    g_mutex_lock(&plugin_lock);
    if (vcpu_envs->len <= idx) {
        g_ptr_array_set_size(vcpu_envs, idx + 1);
    }
    g_ptr_array_index(vcpu_envs, idx) = env;
    g_mutex_unlock(&plugin_lock);
    GArray *a = copy_event(EV_VCPU_INIT);
    for (guint i = 0; i < a->len; i++) {
        EventCB *cb = &g_array_index(a, EventCB, i);
        ((qemu_plugin_vcpu_simple_cb_t)cb->fn)((qemu_plugin_id_t)(uintptr_t)cb->ctx, idx);
    }
    g_array_free(a, TRUE);
}

void plugin_atexit(void)
{
    static gsize done;

    if (!plugin_enabled || !g_once_init_enter(&done)) {
        return;
    }
    GArray *a = copy_event(EV_VCPU_EXIT);
    for (guint v = 0; v < n_vcpus; v++) {
        for (guint i = 0; i < a->len; i++) {
            EventCB *cb = &g_array_index(a, EventCB, i);
            ((qemu_plugin_vcpu_simple_cb_t)cb->fn)((qemu_plugin_id_t)(uintptr_t)cb->ctx, v);
        }
    }
    g_array_free(a, TRUE);
    a = copy_event(EV_ATEXIT);
    for (guint i = 0; i < a->len; i++) {
        EventCB *cb = &g_array_index(a, EventCB, i);
        ((qemu_plugin_udata_cb_t)cb->fn)((qemu_plugin_id_t)(uintptr_t)cb->ctx, cb->udata);
    }
    g_array_free(a, TRUE);
    log_flush();
    g_once_init_leave(&done, 1);
}

void plugin_flush(void)
{
    if (!plugin_enabled) {
        return;
    }
    GArray *a = copy_event(EV_FLUSH);
    for (guint i = 0; i < a->len; i++) {
        EventCB *cb = &g_array_index(a, EventCB, i);
        ((qemu_plugin_simple_cb_t)cb->fn)((qemu_plugin_id_t)(uintptr_t)cb->ctx);
    }
    g_array_free(a, TRUE);
    /* No block translated before an uninstall or reset is left: tell them. */
    g_mutex_lock(&plugin_lock);
    GPtrArray *done = g_ptr_array_new();
    for (guint i = 0; i < ctxs->len; i++) {
        PluginCtx *ctx = g_ptr_array_index(ctxs, i);
        if (ctx->pending) {
            g_ptr_array_add(done, ctx);
        }
    }
    g_mutex_unlock(&plugin_lock);
    for (guint i = 0; i < done->len; i++) {
        PluginCtx *ctx = g_ptr_array_index(done, i);
        qemu_plugin_simple_cb_t cb = ctx->pending;
        ctx->pending = NULL;
        cb((qemu_plugin_id_t)(uintptr_t)ctx);
    }
    g_ptr_array_free(done, TRUE);
}

void plugin_run_tb_trans(struct qemu_plugin_tb *tb)
{
    GArray *a = copy_event(EV_TB_TRANS);
    for (guint i = 0; i < a->len; i++) {
        EventCB *cb = &g_array_index(a, EventCB, i);
        ((qemu_plugin_vcpu_tb_trans_cb_t)cb->fn)((qemu_plugin_id_t)(uintptr_t)cb->ctx, tb);
    }
    g_array_free(a, TRUE);
}

/* ---- the API: installation and events ---- */

static void uninstall_or_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb, bool uninstall)
{
    PluginCtx *ctx = ctx_of(id);

    g_mutex_lock(&plugin_lock);
    drop_events(ctx);
    ctx->uninstalled |= uninstall;
    ctx->pending = cb;
    g_mutex_unlock(&plugin_lock);
    /* The code of blocks it instrumented goes at the next lookup; then cb runs. */
    tb_flush_all();
}

void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    uninstall_or_reset(id, cb, true);
}

void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    uninstall_or_reset(id, cb, false);
}

void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb)
{
    add_event(id, EV_VCPU_INIT, (void *)cb, NULL);
}

void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb)
{
    add_event(id, EV_VCPU_EXIT, (void *)cb, NULL);
}

void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb) {}
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb) {}
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_cb_t cb) {}
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                              qemu_plugin_vcpu_syscall_ret_cb_t cb) {}

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb)
{
    add_event(id, EV_TB_TRANS, (void *)cb, NULL);
}

void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    add_event(id, EV_FLUSH, (void *)cb, NULL);
}

void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *udata)
{
    add_event(id, EV_ATEXIT, (void *)cb, udata);
}

void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb)
{
    g_mutex_lock(&plugin_lock);
    guint n = vcpu_envs->len;
    g_mutex_unlock(&plugin_lock);
    for (guint v = 0; v < n; v++) {
        cb(id, v);
    }
}

/* ---- the API: registering on a block being translated ---- */

static GArray *lazy(GArray **a, size_t elt)
{
    if (!*a) {
        *a = g_array_new(FALSE, FALSE, (guint)elt);
    }
    return *a;
}

/* The translating vCPU's block: tb->registered says whether to rewrite it. */
static __thread struct qemu_plugin_tb *cur_tb;

static void note_registered(void)
{
    if (cur_tb) {
        cur_tb->registered = true;
    }
}

static void add_cb(GArray **list, void *fn, void *udata, int rw)
{
    PluginCB cb = { fn, udata, rw };

    if (fn) {
        g_array_append_val(lazy(list, sizeof(PluginCB)), cb);
        note_registered();
    }
}

static void add_inline(GArray **list, enum qemu_plugin_op op, void *ptr, uint64_t imm, int rw)
{
    PluginInline in = { ptr, imm, op == A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU, rw };

    if (ptr && (op == QEMU_PLUGIN_INLINE_ADD_U64 || op == A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU)) {
        g_array_append_val(lazy(list, sizeof(PluginInline)), in);
        note_registered();
    }
}

void plugin_set_current_tb(struct qemu_plugin_tb *tb);
void plugin_set_current_tb(struct qemu_plugin_tb *tb)
{
    cur_tb = tb;
}

void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *udata)
{
    add_cb(&tb->exec_cbs, (void *)cb, udata, 0);
}

void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm)
{
    add_inline(&tb->exec_inl, op, ptr, imm, 0);
}

void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *udata)
{
    add_cb(&insn->exec_cbs, (void *)cb, udata, 0);
}

void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm)
{
    add_inline(&insn->exec_inl, op, ptr, imm, 0);
}

void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *udata)
{
    add_cb(&insn->mem_cbs, (void *)cb, udata, rw);
}

void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                          enum qemu_plugin_mem_rw rw, enum qemu_plugin_op op,
                                          void *ptr, uint64_t imm)
{
    add_inline(&insn->mem_inl, op, ptr, imm, rw);
}

/* ---- the API: the block and its instructions ---- */

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
    return tb->n;
}

uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb)
{
    return tb->vaddr;
}

struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx)
{
    return idx < tb->n ? &tb->insns[idx] : NULL;
}

const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn)
{
    return insn->data;
}

size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
    return sizeof(insn->data);
}

uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn)
{
    return insn->vaddr;
}

void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn)
{
    return insn->haddr;
}

char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn)
{
    return disas_a64_insn_text(insn->vaddr, insn->data);
}

const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn)
{
    return symtab_lookup(insn->vaddr);      /* from the ELF files loaded */
}

/* ---- the API: memory accesses ---- */

unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info)
{
    return info & 7;
}

bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info)
{
    return (info & PLUGIN_MI_SIGN) != 0;
}

bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info)
{
    return (info & PLUGIN_MI_BE) != 0;
}

bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info)
{
    return (info & PLUGIN_MI_STORE) != 0;
}

struct qemu_plugin_hwaddr {
    bool is_io;
    uint64_t phys;
    const char *name;
};

__thread PluginCbCtx plugin_cb_ctx;

/* The access just made hit the TLB entry it filled (a fault would not have come
 * here), so the entry gives its physical page without a walk. */
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr)
{
    static __thread struct qemu_plugin_hwaddr hw;
    CPUARMState *env = plugin_cb_ctx.env;

    if (!env) {
        return NULL;
    }
    unsigned mmu = (info >> PLUGIN_MI_MMU_SHIFT) & 0xff;
    if (mmu >= NB_MMU_MODES) {
        return NULL;
    }
    /* The TLB is tagged by the address without its top byte (TBI) when that is in use:
     * try the address as given, then with bits 63..56 copied from bit 55. */
    uint64_t cands[2] = { vaddr, (uint64_t)((int64_t)(vaddr << 8) >> 8) };
    for (int c = 0; c < 2; c++) {
        uint64_t va = cands[c];
        unsigned idx = (unsigned)(va >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
        const TLBEntry *e = &env->tlb[mmu][idx];
        uint64_t tag = __atomic_load_n((info & PLUGIN_MI_STORE) ? &e->addr_write : &e->addr_read,
                                       __ATOMIC_ACQUIRE);
        if ((tag & TLB_INVALID) || (tag & TARGET_PAGE_MASK) != (va & TARGET_PAGE_MASK)) {
            continue;
        }
        hw.phys = __atomic_load_n(&env->tlb_full[mmu][idx].paddr, __ATOMIC_ACQUIRE) |
                  (va & ~TARGET_PAGE_MASK);
        hw.is_io = (tag & TLB_MMIO) != 0;
        hw.name = "RAM";
        if (hw.is_io) {
            FlatView *fv = as_get_flatview(get_address_space_memory());
            flatview_ref(fv);
            const FlatRange *fr = flatview_lookup(fv, hw.phys);
            hw.name = fr && fr->mr->name ? g_intern_string(fr->mr->name) : "unassigned";
            flatview_unref(fv);
        }
        return &hw;
    }
    return NULL;
}

bool a64emu_plugin_read_xreg(unsigned int vcpu_index, unsigned int reg, uint64_t *value)
{
    CPUARMState *env = plugin_cb_ctx.env;

    if (!env || plugin_vcpu_index(env) != vcpu_index || reg > 31) {
        return false;
    }
    *value = env->regs[reg == 31 ? cpu_sp_slot(env) : reg];
    return true;
}

bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr)
{
    return haddr && haddr->is_io;
}

uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr)
{
    return haddr ? haddr->phys : 0;
}

const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h)
{
    return h && h->is_io ? h->name : "RAM";
}

/* ---- the API: the rest ---- */

int qemu_plugin_n_vcpus(void)
{
    return (int)n_vcpus;
}

int qemu_plugin_n_max_vcpus(void)
{
    return (int)n_max_vcpus;
}

void qemu_plugin_outs(const char *string)
{
    log_mask_printf(LOG_PLUGIN, "%s", string);
}

bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret)
{
    static const char *const yes[] = { "on", "yes", "true" }, *const no[] = { "off", "no", "false" };

    if (!val) {
        return false;
    }
    for (int i = 0; i < 3; i++) {
        if (!strcmp(val, yes[i])) {
            *ret = true;
            return true;
        }
        if (!strcmp(val, no[i])) {
            *ret = false;
            return true;
        }
    }
    return false;
}

const char *qemu_plugin_path_to_binary(void)
{
    return NULL;
}

uint64_t qemu_plugin_start_code(void)
{
    return 0;
}

uint64_t qemu_plugin_end_code(void)
{
    return 0;
}

uint64_t qemu_plugin_entry_code(void)
{
    return 0;
}
