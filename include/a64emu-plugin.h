/* a64emu-plugin.h: the TCG plugin API a64emu offers to shared objects loaded with
 * -plugin FILE[,...]. Its names, types and meaning follow QEMU 7.2's published
 * plugin API (docs/devel/tcg-plugins.rst, include/qemu/qemu-plugin.h), so a plugin
 * written for QEMU builds against this header unchanged (include it as
 * <qemu-plugin.h> through the compatibility name, or as <a64emu-plugin.h>).
 * Written for a64emu from that documentation; docs/usage.md "Plugins" says which
 * functions do something and which are accepted but inert.
 *
 * The model: a plugin exports qemu_plugin_version and qemu_plugin_install. At
 * install it registers callbacks on events (vCPU init/exit, block translation,
 * exit). At the translation of each block it sees the block's instructions and
 * asks for what it wants to run when they execute: a call before an instruction,
 * before a block, after each memory access of an instruction, or an inline
 * counter increment. Only what it asks for is emitted into the generated code. */
#ifndef A64EMU_PLUGIN_H
#define A64EMU_PLUGIN_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if __GNUC__ >= 4
#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
#define QEMU_PLUGIN_LOCAL __attribute__((visibility("hidden")))
#else
#define QEMU_PLUGIN_EXPORT
#define QEMU_PLUGIN_LOCAL
#endif

/* A handle naming one installed plugin, given to it at install. */
typedef uint64_t qemu_plugin_id_t;

/* The API level the plugin was built against: every plugin defines
 *   QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
 * and a64emu refuses one outside [QEMU_PLUGIN_MIN_VERSION, QEMU_PLUGIN_VERSION]. */
extern QEMU_PLUGIN_EXPORT int qemu_plugin_version;

#define QEMU_PLUGIN_VERSION 1
#define QEMU_PLUGIN_MIN_VERSION 0

/* What the plugin learns about the emulator at install. */
typedef struct qemu_info_t {
    const char *target_name;        /* "aarch64" */
    struct {
        int min;                    /* the oldest API level accepted */
        int cur;                    /* QEMU_PLUGIN_VERSION of the emulator */
    } version;
    bool system_emulation;          /* always true in a64emu */
    union {
        struct {
            int smp_vcpus;          /* -smp N */
            int max_vcpus;
        } system;
    };
} qemu_info_t;

/* The entry point every plugin exports: argv holds the -plugin option's
 * arguments ("key=value" strings), valid until the plugin is uninstalled.
 * A non-zero return refuses the install, and a64emu stops with status 1. */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv);

typedef void (*qemu_plugin_simple_cb_t)(qemu_plugin_id_t id);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_simple_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);

/* Remove the plugin: its callbacks stop, cb runs once that is done (then the
 * plugin's memory may be freed). reset: drop every callback, keep the plugin. */
void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);

/* Each vCPU's thread, when it starts; at exit, for each vCPU. */
void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);
void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);
/* Accepted; a64emu does not report idle (WFI) or resume. */
void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);

/* Opaque: a block being translated and one of its instructions. Both are valid
 * only inside the translation callback. */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

/* Whether a callback reads or writes the guest registers. a64emu always writes
 * the guest state back to the CPU before a callback, so the flags change nothing. */
enum qemu_plugin_cb_flags {
    QEMU_PLUGIN_CB_NO_REGS,
    QEMU_PLUGIN_CB_R_REGS,
    QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_mem_rw {
    QEMU_PLUGIN_MEM_R = 1,
    QEMU_PLUGIN_MEM_W,
    QEMU_PLUGIN_MEM_RW,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);

/* Called at the translation of every block, on the translating vCPU's thread. */
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb);

/* cb(vcpu_index, userdata) each time the block starts executing. */
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);

/* Inline operations: no call, an instruction in the generated code.
 * QEMU_PLUGIN_INLINE_ADD_U64: *(uint64_t *)ptr += imm, not atomic (as in QEMU: two
 * vCPUs adding to one counter may lose counts).
 * A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU (a64emu's own): ptr is an array of
 * qemu_plugin_n_max_vcpus() uint64_t, and the executing vCPU adds to its element. */
enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,
    A64EMU_PLUGIN_INLINE_ADD_U64_PER_VCPU,
};

void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);

/* cb(vcpu_index, userdata) before the instruction executes: the guest registers
 * then hold the state before it. */
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);

/* The block: its number of instructions, its guest virtual address, instruction idx
 * (NULL past the end). */
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);

/* An instruction: its bytes (little-endian, qemu_plugin_insn_size of them), its
 * guest virtual address, the host address of its bytes in guest RAM, its
 * disassembly (capstone's; the caller frees it with g_free/free) and the ELF
 * symbol it starts, when known (NULL otherwise). */
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

/* A memory access as a memory callback sees it. */
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_hwaddr;

unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);   /* log2 of bytes */
bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info);
bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info);
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);

/* Only inside a memory callback, for the access it reports: where it went.
 * NULL outside one. The pointer is valid until the callback returns. */
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr);
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
/* "RAM" for RAM, else the MMIO region's name (as `info mtree` shows it). */
const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h);

typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);

/* cb after each memory access of the instruction that rw selects, with the
 * access's virtual address. An access that faults is not reported (it has not
 * happened; the instruction runs again after the exception, as in QEMU). */
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *userdata);
void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                          enum qemu_plugin_mem_rw rw, enum qemu_plugin_op op,
                                          void *ptr, uint64_t imm);

/* a64emu's own (QEMU 7.2 has no register access): inside an exec or memory callback,
 * on the thread it runs on, X<reg> (0..30; 31: the current SP) of the vCPU vcpu_index
 * whose callback it is: the state before the instruction for an exec callback. False
 * outside a callback, for another vCPU, or for reg > 31. */
bool a64emu_plugin_read_xreg(unsigned int vcpu_index, unsigned int reg, uint64_t *value);

/* System calls are a user-mode event: accepted, never called in a64emu. */
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index,
                                              int64_t num, uint64_t a1, uint64_t a2,
                                              uint64_t a3, uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7, uint64_t a8);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_idx,
                                                  int64_t num, int64_t ret);
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_cb_t cb);
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                              qemu_plugin_vcpu_syscall_ret_cb_t cb);

/* cb for each vCPU now, on the caller's thread. */
void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);
/* Called when the translated code is flushed (the code buffer is full). */
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
/* Called once when a64emu exits (after the vCPU exit callbacks). */
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void *userdata);

int qemu_plugin_n_vcpus(void);
int qemu_plugin_n_max_vcpus(void);

/* Output through a64emu's log: shown with -d plugin, to -D FILE or stderr. */
void qemu_plugin_outs(const char *string);

/* "on"/"yes"/"true" or "off"/"no"/"false" for option name; false if val is none. */
bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret);

/* User-mode only in QEMU: NULL and 0 here. */
const char *qemu_plugin_path_to_binary(void);
uint64_t qemu_plugin_start_code(void);
uint64_t qemu_plugin_end_code(void);
uint64_t qemu_plugin_entry_code(void);

#ifdef __cplusplus
}
#endif

#endif
