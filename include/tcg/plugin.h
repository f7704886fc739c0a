/* plugin.h: the translator's side of the TCG plugin API (a64emu-plugin.h):
 * loading -plugin FILE[,ARGS] (tcg/plugin.c), the per-vCPU and exit events, and
 * the instrumentation of each translated block (tcg/plugin-gen.c). With no plugin
 * loaded, plugin_enabled is false and nothing here runs: the translator tests it
 * once per block at translation, generated code never. */
#ifndef A64EMU_TCG_PLUGIN_H
#define A64EMU_TCG_PLUGIN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "arm/cpu.h"
#include "tcg/ir/ir.h"

/* Set once, before any vCPU runs, when a plugin is installed. */
extern bool plugin_enabled;

/* Load and install each "-plugin" spec (FILE or a built-in name, then
 * ",key=value" arguments), in order. smp: the vCPUs the machine has. False with
 * one message naming the plugin when a file cannot be loaded, has no
 * qemu_plugin_install, declares no or a wrong qemu_plugin_version, or refuses its
 * arguments. */
bool plugin_load_all(GPtrArray *specs, unsigned smp, unsigned max_cpus, GError **errp);
/* The names of the built-in plugins ("execlog hotblocks insn mem"). */
const char *plugin_builtin_names(void);

/* From the vCPU's own thread, before it runs its first block. */
void plugin_vcpu_init(CPUARMState *env);
/* At exit, once (later calls do nothing): the vCPU exit callbacks, then the
 * atexit callbacks. From the main thread or the vCPU thread that ends the
 * process. */
void plugin_atexit(void);
/* After the code buffer has been flushed (under the exclusive section). */
void plugin_flush(void);

/* The vCPU index callbacks receive. */
static inline unsigned plugin_vcpu_index(const CPUARMState *env)
{
    const ARMCPU *cpu = (const ARMCPU *)((const char *)env - offsetof(ARMCPU, env));
    return (unsigned)cpu->cpu_index;
}

/* tcg/plugin-gen.c: show the freshly translated block b to the plugins' translation
 * callbacks and insert what they registered (calls, inline adds). b is unchanged
 * when they register nothing. */
void plugin_gen_block(IRBlock *b, CPUARMState *env);

/* ---- between plugin.c and plugin-gen.c ---- */

typedef struct PluginCB {
    void *fn;                  /* qemu_plugin_vcpu_udata_cb_t / _mem_cb_t */
    void *udata;
    int rw;                    /* mem callbacks: QEMU_PLUGIN_MEM_* */
} PluginCB;

typedef struct PluginInline {
    uint64_t *ptr;
    uint64_t imm;
    bool per_vcpu;             /* A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU */
    int rw;                    /* mem inlines */
} PluginInline;

struct qemu_plugin_insn {
    uint64_t vaddr;
    uint8_t data[4];
    void *haddr;
    GArray *exec_cbs, *exec_inl, *mem_cbs, *mem_inl;   /* of PluginCB / PluginInline */
};

struct qemu_plugin_tb {
    uint64_t vaddr;
    size_t n;
    struct qemu_plugin_insn *insns;     /* n of them */
    GArray *exec_cbs, *exec_inl;
    bool registered;                    /* anything at all */
};

/* Call every translation callback on tb. */
void plugin_run_tb_trans(struct qemu_plugin_tb *tb);

/* The vCPU whose exec or memory callback runs on this thread (NULL outside one): the
 * TLB qemu_plugin_get_hwaddr reads, the registers a64emu_plugin_read_xreg reads. */
typedef struct PluginCbCtx {
    CPUARMState *env;
} PluginCbCtx;
extern __thread PluginCbCtx plugin_cb_ctx;

/* Set by the store-exclusive helpers: did the last one find the monitor armed for its
 * address (and so access memory, as QEMU then does with a compare-and-swap)? Memory
 * callbacks of a store-exclusive run only then. This thread's vCPU only. */
extern __thread bool plugin_excl_armed;

/* meminfo: bits 2..0 size shift, 3 sign-extended, 4 big-endian, 5 store, 8.. the MMU index */
#define PLUGIN_MI_SIGN   (1u << 3)
#define PLUGIN_MI_BE     (1u << 4)
#define PLUGIN_MI_STORE  (1u << 5)
#define PLUGIN_MI_MMU_SHIFT 8

#endif
