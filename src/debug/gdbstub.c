/* gdbstub.c: the GDB remote serial protocol server: one gdb at a time on a TCP
 * socket in the I/O thread's main loop; breakpoints and watchpoints live here
 * and are applied by the translator and the memory slow path, never in RAM. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib-unix.h>
#include "debug/gdbstub.h"
#include "arm/cpu.h"
#include "arm/mmu.h"
#include "arm/sysreg.h"
#include "core/memory.h"
#include "ui/monitor.h"
#include "core/runstate.h"

#define MAX_MEM_XFER 2048       /* bytes per m/M: the hex reply fits PacketSize */

typedef struct GdbState {
    int listen_fd;
    int fd;                     /* the connected gdb, -1 when none */
    guint fd_src;
    GdbPktParser parser;
    bool noack;
    bool running;               /* gdb resumed the guest and waits for a stop reply */
    int g_cpu, c_cpu;           /* 0-based CPU for register access / for resuming */
    int stop_cpu;               /* the thread the last stop reply named */
    int stop_signal;
    GString *last;              /* the last packet sent, for a '-' */
} GdbState;

static GdbState gs = { .listen_fd = -1, .fd = -1 };

/* ---- debug state ---------------------------------------------------------- */

/* Breakpoints are part of translated code, watchpoints of TLB entries. */
static void debug_state_changed(bool code, bool data)
{
    bool was_running = runstate_is_running();

    if (was_running) {
        vm_stop();
    }
    runstate_debug_changed(code, data);
    if (was_running) {
        vm_start();
    }
}

static void clear_debug_state(void)
{
    bool code, data;

    gdb_debug_clear(&code, &data);
    for (int i = 0; i < arm_cpu_count(); i++) {
        CPUARMState *env = &arm_cpu_by_index(i)->env;
        env->singlestep = 0;
        env->gdb_hold = 0;
        env->watch_skip = 0;
    }
    if (code || data) {
        debug_state_changed(code, data);
    }
}

/* ---- sending ------------------------------------------------------------- */

static void client_close(void);

static bool send_raw(const char *buf, size_t len)
{
    while (len > 0 && gs.fd >= 0) {
        ssize_t n = send(gs.fd, buf, len, MSG_NOSIGNAL);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd p = { .fd = gs.fd, .events = POLLOUT };
            if (poll(&p, 1, 5000) <= 0) {
                return false;     /* gdb stopped reading: the caller drops it */
            }
        } else {
            return false;
        }
    }
    return gs.fd >= 0;
}

static void send_packet_len(const char *data, size_t len)
{
    g_string_truncate(gs.last, 0);
    gdb_pkt_frame(gs.last, data, len);
    if (!send_raw(gs.last->str, gs.last->len)) {
        client_close();
    }
}

static void send_packet(const char *data)
{
    send_packet_len(data, strlen(data));
}

static void send_stop_reply(int cpu_index)
{
    CPUARMState *env = &arm_cpu_by_index(cpu_index)->env;
    g_autoptr(GString) r = g_string_new(NULL);

    gs.stop_cpu = cpu_index;
    gs.g_cpu = gs.c_cpu = cpu_index;
    g_string_append_printf(r, "T%02x", gs.stop_signal);
    if (gs.stop_signal == 5) {
        switch (env->debug_reason) {
        case GDB_STOP_SWBREAK:
            g_string_append(r, gdb_bp_type(env->pc) == 1 ? "hwbreak:;" : "swbreak:;");
            break;
        case GDB_STOP_WATCH:
            g_string_append_printf(r, "%s:%" PRIx64 ";",
                                   env->watch_hit_type == 3 ? "rwatch" :
                                   env->watch_hit_type == 4 ? "awatch" : "watch",
                                   env->watch_hit_addr);
            break;
        default:
            break;
        }
    }
    g_string_append_printf(r, "thread:%02x;", cpu_index + 1);
    send_packet(r->str);
}

/* ---- registers ----------------------------------------------------------- */

enum { REG_SP = 31, REG_PC = 32, REG_CPSR = 33, NUM_REGS = 34 };

/* The FP/SIMD feature (org.gnu.gdb.aarch64.fpu), numbered right after cpsr as gdb's
 * aarch64 target numbers it: v0..v31, fpsr, fpcr. Not in the 'g' packet (gdb reads them
 * with 'p'); gdb builds q, d, s, h and b from the v registers. */
enum { REG_V0 = 34, REG_FPSR = 66, REG_FPCR = 67, REG_FPU_END = 68 };

static const char target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>aarch64</architecture>\n"
    "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
    "%s"
    "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "<reg name=\"cpsr\" bitsize=\"32\" type=\"int\"/>\n"
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
    "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
    "<vector id=\"v2i\" type=\"int64\" count=\"2\"/>\n"
    "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
    "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
    "<vector id=\"v4i\" type=\"int32\" count=\"4\"/>\n"
    "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
    "<vector id=\"v8i\" type=\"int16\" count=\"8\"/>\n"
    "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
    "<vector id=\"v16i\" type=\"int8\" count=\"16\"/>\n"
    "<vector id=\"v1u\" type=\"uint128\" count=\"1\"/>\n"
    "<vector id=\"v1i\" type=\"int128\" count=\"1\"/>\n"
    "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/>"
    "<field name=\"s\" type=\"v2i\"/></union>\n"
    "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/>"
    "<field name=\"s\" type=\"v4i\"/></union>\n"
    "<union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>\n"
    "<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>\n"
    "<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/></union>\n"
    "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
    "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/>"
    "<field name=\"q\" type=\"vnq\"/></union>\n"
    "%s"
    "<reg name=\"fpsr\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
    "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n"
    "</feature>\n"
    "%s"
    "</target>\n";

/* The system registers, a feature of their own (gdb shows them with `info registers
 * system`, `p $SCTLR_EL1`), numbered from REG_SYS_BASE so that other features can take
 * the numbers after cpsr. They are not in the 'g' packet: gdb fetches them with 'p'. A
 * key 0 row is SP_EL1 (no MRS reads it at EL1): the register slot. */
#define REG_SYS_BASE 128
static const struct { const char *name; uint32_t key; } gdb_sysregs[] = {
    { "SCTLR_EL1", SYSREG_KEY(3, 0, 1, 0, 0) }, { "TCR_EL1", SYSREG_KEY(3, 0, 2, 0, 2) },
    { "TTBR0_EL1", SYSREG_KEY(3, 0, 2, 0, 0) }, { "TTBR1_EL1", SYSREG_KEY(3, 0, 2, 0, 1) },
    { "MAIR_EL1", SYSREG_KEY(3, 0, 10, 2, 0) }, { "VBAR_EL1", SYSREG_KEY(3, 0, 12, 0, 0) },
    { "ELR_EL1", SYSREG_KEY(3, 0, 4, 0, 1) }, { "SPSR_EL1", SYSREG_KEY(3, 0, 4, 0, 0) },
    { "ESR_EL1", SYSREG_KEY(3, 0, 5, 2, 0) }, { "FAR_EL1", SYSREG_KEY(3, 0, 6, 0, 0) },
    { "PAR_EL1", SYSREG_KEY(3, 0, 7, 4, 0) }, { "SP_EL0", SYSREG_KEY(3, 0, 4, 1, 0) },
    { "SP_EL1", 0 }, { "CurrentEL", SYSREG_KEY(3, 0, 4, 2, 2) },
    { "SPSel", SYSREG_KEY(3, 0, 4, 2, 0) }, { "DAIF", SYSREG_KEY(3, 3, 4, 2, 1) },
    { "CPACR_EL1", SYSREG_KEY(3, 0, 1, 0, 2) }, { "CONTEXTIDR_EL1", SYSREG_KEY(3, 0, 13, 0, 1) },
    { "TPIDR_EL0", SYSREG_KEY(3, 3, 13, 0, 2) }, { "TPIDRRO_EL0", SYSREG_KEY(3, 3, 13, 0, 3) },
    { "TPIDR_EL1", SYSREG_KEY(3, 0, 13, 0, 4) }, { "MDSCR_EL1", SYSREG_KEY(2, 0, 0, 2, 2) },
    { "CNTKCTL_EL1", SYSREG_KEY(3, 0, 14, 1, 0) }, { "MIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 0) },
    { "MPIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 5) },
};
#define REG_SYS_END (REG_SYS_BASE + (int)G_N_ELEMENTS(gdb_sysregs))

static bool is_sysreg(uint64_t n)
{
    return n >= REG_SYS_BASE && n < (uint64_t)REG_SYS_END;
}

static uint64_t *sysreg_slot(CPUARMState *env, int n, const SysReg **r)
{
    uint32_t key = gdb_sysregs[n - REG_SYS_BASE].key;
    *r = key ? sysreg_find(key) : NULL;
    /* SP_EL0 is a table row only for MSR/MRS with SPSel = 1; here it is the slot */
    if (!key || key == SYSREG_KEY(3, 0, 4, 1, 0)) {
        *r = NULL;
        return &env->regs[key ? GR_SP_EL0 : GR_SP_EL1];
    }
    return NULL;
}

static char *target_xml_text(void)
{
    g_autoptr(GString) x = g_string_new(NULL), v = g_string_new(NULL);
    g_autoptr(GString) sys = g_string_new("<feature name=\"org.a64emu.gdb.aarch64.sysregs\">\n");
    for (int i = 0; i <= 30; i++) {
        g_string_append_printf(x, "<reg name=\"x%d\" bitsize=\"64\" type=\"int\"/>\n", i);
    }
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(v, "<reg name=\"v%d\" bitsize=\"128\" type=\"aarch64v\" "
                               "regnum=\"%d\"/>\n", i, REG_V0 + i);
    }
    for (int i = 0; i < (int)G_N_ELEMENTS(gdb_sysregs); i++) {
        g_string_append_printf(sys, "<reg name=\"%s\" bitsize=\"64\" type=\"%s\" "
                               "regnum=\"%d\" group=\"system\"/>\n", gdb_sysregs[i].name,
                               strstr(gdb_sysregs[i].name, "SP_") ? "data_ptr" : "uint64",
                               REG_SYS_BASE + i);
    }
    g_string_append(sys, "</feature>\n");
    return g_strdup_printf(target_xml, x->str, v->str, sys->str);
}

static CPUARMState *g_env(void)
{
    ARMCPU *cpu = arm_cpu_by_index(gs.g_cpu);
    return cpu ? &cpu->env : &arm_cpu_by_index(0)->env;
}

/* Is n a register gdb may read and write with p/P? */
static bool reg_valid(uint64_t n)
{
    return n < REG_FPU_END || is_sysreg(n);
}

/* FPCR and FPSR through their MSR rows, which keep only the bits that exist. */
static const SysReg *fp_ctl_row(int n)
{
    return sysreg_find(n == REG_FPCR ? SYSREG_KEY(3, 3, 4, 4, 0) : SYSREG_KEY(3, 3, 4, 4, 1));
}

static void append_reg(GString *out, CPUARMState *env, int n)
{
    uint64_t v;
    if (n >= REG_V0 && n < REG_V0 + 32) {
        gdb_hex_encode(out, env->vregs[n - REG_V0], 16);    /* little-endian bytes */
        return;
    }
    if (n == REG_FPSR || n == REG_FPCR) {
        uint32_t w = (uint32_t)sysreg_read_raw(env, fp_ctl_row(n));
        gdb_hex_encode(out, &w, 4);
        return;
    }
    if (is_sysreg((uint64_t)n)) {
        const SysReg *r;
        uint64_t *slot = sysreg_slot(env, n, &r);
        v = slot ? *slot : r ? sysreg_read_raw(env, r) : 0;
        gdb_hex_encode(out, &v, 8);
        return;
    }
    if (n == REG_CPSR) {
        uint32_t p = arm_cpu_pstate(env);
        gdb_hex_encode(out, &p, 4);
        return;
    }
    v = n < 31 ? env->regs[n] : n == REG_SP ? env->regs[cpu_sp_slot(env)] : env->pc;
    gdb_hex_encode(out, &v, 8);
}

/* hex holds the register's bytes; false if too short or not hex. */
static bool set_reg(CPUARMState *env, int n, const char *hex)
{
    if (n >= REG_V0 && n < REG_V0 + 32) {
        uint64_t q[2];
        if (strlen(hex) < 32 || !gdb_hex_decode(hex, q, 16)) {
            return false;
        }
        memcpy(env->vregs[n - REG_V0], q, 16);
        return true;
    }
    if (n == REG_FPSR || n == REG_FPCR) {
        uint32_t w;
        if (strlen(hex) < 8 || !gdb_hex_decode(hex, &w, 4)) {
            return false;
        }
        return sysreg_write_raw(env, fp_ctl_row(n), w);
    }
    if (is_sysreg((uint64_t)n)) {
        const SysReg *r;
        uint64_t v, *slot = sysreg_slot(env, n, &r);
        if (strlen(hex) < 16 || !gdb_hex_decode(hex, &v, 8)) {
            return false;
        }
        if (slot) {
            *slot = v;
            return true;
        }
        return r && sysreg_write_raw(env, r, v);
    }
    if (n == REG_CPSR) {
        uint32_t p;
        if (strlen(hex) < 8 || !gdb_hex_decode(hex, &p, 4)) {
            return false;
        }
        if (p != arm_cpu_pstate(env)) {
            arm_cpu_set_pstate(env, p);
        }
        return true;
    }
    uint64_t v;
    if (strlen(hex) < 16 || !gdb_hex_decode(hex, &v, 8)) {
        return false;
    }
    if (n < 31) {
        env->regs[n] = v;
    } else if (n == REG_SP) {
        env->regs[cpu_sp_slot(env)] = v;
    } else {
        env->pc = v;
    }
    return true;
}

/* ---- packets ------------------------------------------------------------- */

/* "-1" (all), "0" (any) or a 1-based thread id; -2 when invalid. */
static int parse_thread(const char *s)
{
    uint64_t t;
    if (!strcmp(s, "-1")) {
        return -1;
    }
    if (!gdb_parse_hex(s, &t, NULL) || t > (uint64_t)arm_cpu_count()) {
        return -2;
    }
    return (int)t - 1;   /* 0 ("any") becomes -1 too */
}

/* What a resume asks of each vCPU (vCont's actions, per thread). */
enum { ACT_NONE, ACT_STOP, ACT_STEP, ACT_CONT };

/* acts[i] for CPU i: ACT_STEP runs one instruction then reports, ACT_CONT runs,
 * anything else stays stopped (gdb_hold) until the next stop reply. Written with the
 * VM stopped, before vm_start (which the vCPUs wait on under the big lock). */
static void resume_with(const uint8_t *acts)
{
    for (int i = 0; i < arm_cpu_count(); i++) {
        CPUARMState *env = &arm_cpu_by_index(i)->env;
        env->singlestep = acts[i] == ACT_STEP;
        env->gdb_hold = acts[i] != ACT_STEP && acts[i] != ACT_CONT;
    }
    gs.running = true;
    vm_start();
}

/* s/c: step_cpu steps (the others held unless others_run), or -1: all continue. */
static void resume(int step_cpu, bool others_run)
{
    g_autofree uint8_t *acts = g_malloc(arm_cpu_count());
    for (int i = 0; i < arm_cpu_count(); i++) {
        acts[i] = i == step_cpu ? ACT_STEP : (step_cpu < 0 || others_run) ? ACT_CONT : ACT_NONE;
    }
    resume_with(acts);
}

static bool parse_addr_len(const char *p, uint64_t *addr, uint64_t *len, const char **end)
{
    const char *q;
    if (!gdb_parse_hex(p, addr, &q) || *q != ',' || !gdb_parse_hex(q + 1, len, end)) {
        return false;
    }
    return true;
}

static void handle_mem_read(const char *p)
{
    uint64_t addr, len;
    const char *end;
    if (!parse_addr_len(p, &addr, &len, &end) || *end) {
        send_packet("E22");
        return;
    }
    if (len > MAX_MEM_XFER) {
        len = MAX_MEM_XFER;
    }
    g_autofree uint8_t *buf = g_malloc(len ? len : 1);
    if (len && arm_mmu_debug_access(g_env(), addr, buf, len, false, NULL) != ARM_DEBUG_OK) {
        send_packet("E14");
        return;
    }
    g_autoptr(GString) r = g_string_sized_new(2 * len + 1);
    gdb_hex_encode(r, buf, len);
    send_packet(r->str);
}

/* Memory as the CPU gdb talks to sees it: through its current translation (physical
 * with the MMU off); a write drops the translated code of the physical pages it changes. */
static void write_mem(uint64_t addr, void *buf, uint64_t len)
{
    if (len && arm_mmu_debug_access(g_env(), addr, buf, len, true, NULL) != ARM_DEBUG_OK) {
        send_packet("E14");
        return;
    }
    send_packet("OK");
}

/* M addr,len:hex  or (binary) X addr,len:data; data is the raw payload tail. */
static void handle_mem_write(char *p, size_t plen, bool binary)
{
    uint64_t addr, len;
    const char *end;
    if (!parse_addr_len(p, &addr, &len, &end) || *end != ':' || len > GDB_MAX_PACKET) {
        send_packet("E22");
        return;
    }
    char *data = (char *)end + 1;
    size_t dlen = plen - (size_t)(data - p);
    g_autofree uint8_t *buf = g_malloc(len ? len : 1);
    if (binary) {
        dlen = gdb_unescape(data, dlen);
        if (dlen != len) {
            send_packet("E22");
            return;
        }
        memcpy(buf, data, len);
    } else if (dlen != 2 * len || !gdb_hex_decode(data, buf, len)) {
        send_packet("E22");
        return;
    }
    write_mem(addr, buf, len);
}

static void handle_z(const char *p, bool insert)
{
    uint64_t type, addr, kind;
    const char *q;
    if (!gdb_parse_hex(p, &type, &q) || *q != ',' || !parse_addr_len(q + 1, &addr, &kind, &q)) {
        send_packet("E22");
        return;
    }
    if (type <= 1) {
        if (insert ? !gdb_bp_insert(addr, (int)type) : !gdb_bp_remove(addr)) {
            send_packet("E28");
            return;
        }
        debug_state_changed(true, false);
        send_packet("OK");
    } else if (type <= 4) {
        if (kind == 0 || kind > 4096) {
            send_packet("E22");
            return;
        }
        if (insert ? !gdb_wp_insert(addr, kind, (int)type) : !gdb_wp_remove(addr, kind, (int)type)) {
            send_packet("E28");
            return;
        }
        debug_state_changed(false, true);
        send_packet("OK");
    } else {
        send_packet("");
    }
}

/* vCont;ACTION[:TID];...: the first action naming a thread (or the first without a
 * thread, for the threads no other action names) applies, as the protocol says. The
 * threads without an action stay stopped. A bad action or thread id is E22, and
 * nothing runs. */
static void handle_vcont(const char *p)
{
    int n = arm_cpu_count();
    g_autofree uint8_t *acts = g_malloc0(n);
    uint8_t dflt = ACT_NONE;
    bool any_run = false;
    g_auto(GStrv) items = g_strsplit(p, ";", -1);

    for (char **a = items; *a; a++) {
        char *colon = strchr(*a, ':');
        int tid = colon ? parse_thread(colon + 1) : -1;
        uint8_t act;
        switch ((*a)[0]) {
        case 's': case 'S': act = ACT_STEP; break;
        case 'c': case 'C': act = ACT_CONT; break;
        case 't': act = ACT_STOP; break;
        default: act = ACT_NONE; break;
        }
        /* C and S carry a signal (two hex digits), meaningless to a bare CPU. */
        size_t arglen = colon ? (size_t)(colon - *a) : strlen(*a);
        bool sig = (*a)[0] == 'C' || (*a)[0] == 'S';
        if (act == ACT_NONE || tid == -2 || arglen != (sig ? 3u : 1u)) {
            send_packet("E22");
            return;
        }
        if (tid >= 0) {
            if (acts[tid] == ACT_NONE) {
                acts[tid] = act;
            }
        } else if (dflt == ACT_NONE) {
            dflt = act;
        }
    }
    for (int i = 0; i < n; i++) {
        if (acts[i] == ACT_NONE) {
            acts[i] = dflt;
        }
        any_run |= acts[i] == ACT_STEP || acts[i] == ACT_CONT;
    }
    if (!any_run) {
        send_packet("E22");     /* all-stop: nothing to wait for */
        return;
    }
    resume_with(acts);
}

static void handle_rcmd(const char *hex)
{
    size_t n = strlen(hex) / 2;
    g_autofree char *cmd = g_malloc0(n + 1);
    g_autoptr(GString) out = g_string_new(NULL);

    if (strlen(hex) % 2 || !gdb_hex_decode(hex, cmd, n)) {
        send_packet("E22");
        return;
    }
    monitor_run_command(cmd, out);
    for (size_t off = 0; off < out->len && gs.fd >= 0; off += 1000) {
        g_autoptr(GString) o = g_string_new("O");
        gdb_hex_encode(o, out->str + off, MIN((size_t)1000, out->len - off));
        send_packet(o->str);
    }
    send_packet("OK");
}

static void handle_xfer(const char *p)
{
    uint64_t off, len;
    const char *end;
    const char *prefix = "features:read:target.xml:";

    if (!g_str_has_prefix(p, prefix)) {
        send_packet("");
        return;
    }
    if (!parse_addr_len(p + strlen(prefix), &off, &len, &end) || *end) {
        send_packet("E22");
        return;
    }
    g_autofree char *xml = target_xml_text();
    size_t total = strlen(xml);
    if (off > total) {
        send_packet("E22");
        return;
    }
    len = MIN(len, (uint64_t)(GDB_MAX_PACKET / 2));
    size_t n = MIN(len, total - off);
    g_autoptr(GString) r = g_string_new(off + n < total ? "m" : "l");
    g_string_append_len(r, xml + off, (gssize)n);
    send_packet_len(r->str, r->len);
}

static void handle_query(const char *p)
{
    if (g_str_has_prefix(p, "qSupported")) {
        send_packet("PacketSize=1000;qXfer:features:read+;swbreak+;hwbreak+;"
                    "vContSupported+;QStartNoAckMode+");
    } else if (g_str_has_prefix(p, "qXfer:")) {
        handle_xfer(p + 6);
    } else if (!strcmp(p, "qfThreadInfo")) {
        g_autoptr(GString) r = g_string_new("m");
        for (int i = 0; i < arm_cpu_count(); i++) {
            g_string_append_printf(r, "%s%x", i ? "," : "", i + 1);
        }
        send_packet(r->str);
    } else if (!strcmp(p, "qsThreadInfo")) {
        send_packet("l");
    } else if (!strcmp(p, "qC")) {
        g_autofree char *r = g_strdup_printf("QC%02x", gs.g_cpu + 1);
        send_packet(r);
    } else if (g_str_has_prefix(p, "qAttached")) {
        send_packet("1");
    } else if (g_str_has_prefix(p, "qRcmd,")) {
        handle_rcmd(p + 6);
    } else if (g_str_has_prefix(p, "qThreadExtraInfo,")) {
        int t = parse_thread(p + 17);
        if (t < 0) {
            send_packet("E22");
            return;
        }
        g_autoptr(GString) r = g_string_new(NULL);
        g_autofree char *s = g_strdup_printf("CPU#%d [%s]", t,
                                             arm_cpu_state_name(arm_cpu_by_index(t)));
        gdb_hex_encode(r, s, strlen(s));
        send_packet(r->str);
    } else if (!strcmp(p, "QStartNoAckMode")) {
        send_packet("OK");
        gs.noack = true;
    } else {
        send_packet("");
    }
}

static void handle_packet(char *p, size_t len)
{
    CPUARMState *env = g_env();
    uint64_t v;
    const char *q;

    switch (p[0]) {
    case '?':
        gs.stop_signal = 5;
        for (int i = 0; i < arm_cpu_count(); i++) {
            arm_cpu_by_index(i)->env.debug_reason = GDB_STOP_NONE;
        }
        send_stop_reply(gs.stop_cpu);
        break;
    case 'g': {
        g_autoptr(GString) r = g_string_new(NULL);
        for (int i = 0; i < NUM_REGS; i++) {
            append_reg(r, env, i);
        }
        send_packet(r->str);
        break;
    }
    case 'G':
        if (len - 1 < 2 * (8 * 33 + 4)) {
            send_packet("E22");
            break;
        }
        for (int i = 0; i < NUM_REGS; i++) {
            if (!set_reg(env, i, p + 1 + 16 * i)) {
                send_packet("E22");
                return;
            }
        }
        send_packet("OK");
        break;
    case 'p':
        if (!gdb_parse_hex(p + 1, &v, &q) || *q || !reg_valid(v)) {
            send_packet("E22");
        } else {
            g_autoptr(GString) r = g_string_new(NULL);
            append_reg(r, env, (int)v);
            send_packet(r->str);
        }
        break;
    case 'P':
        if (!gdb_parse_hex(p + 1, &v, &q) || *q != '=' || !reg_valid(v) ||
            !set_reg(env, (int)v, q + 1)) {
            send_packet("E22");
        } else {
            send_packet("OK");
        }
        break;
    case 'm':
        handle_mem_read(p + 1);
        break;
    case 'M':
        handle_mem_write(p + 1, len - 1, false);
        break;
    case 'X':
        handle_mem_write(p + 1, len - 1, true);
        break;
    case 'c':
    case 's':
    case 'C':
    case 'S': {
        /* c [addr], C sig[;addr]: the signal means nothing to a bare CPU. */
        const char *a = p + 1;
        if (p[0] == 'C' || p[0] == 'S') {
            a = strchr(p, ';');
            a = a ? a + 1 : "";
        }
        CPUARMState *cenv = &arm_cpu_by_index(gs.c_cpu >= 0 ? gs.c_cpu : 0)->env;
        if (*a) {
            if (!gdb_parse_hex(a, &v, &q) || *q) {
                send_packet("E22");
                break;
            }
            cenv->pc = v;
        }
        if (p[0] == 's' || p[0] == 'S') {
            resume(gs.c_cpu >= 0 ? gs.c_cpu : 0, false);
        } else {
            resume(-1, true);
        }
        break;
    }
    case 'v':
        if (!strcmp(p, "vCont?")) {
            send_packet("vCont;c;C;s;S");
        } else if (g_str_has_prefix(p, "vCont;")) {
            handle_vcont(p + 6);
        } else if (!strcmp(p, "vKill;1") || g_str_has_prefix(p, "vKill")) {
            send_packet("OK");
            system_shutdown_request(0);
        } else {
            send_packet("");
        }
        break;
    case 'H': {
        int t = parse_thread(p + 2);
        if ((p[1] != 'g' && p[1] != 'c') || t == -2) {
            send_packet("E22");
            break;
        }
        if (p[1] == 'g') {
            gs.g_cpu = t >= 0 ? t : 0;
        } else {
            gs.c_cpu = t;
        }
        send_packet("OK");
        break;
    }
    case 'T':
        send_packet(parse_thread(p + 1) >= 0 ? "OK" : "E22");
        break;
    case 'Z':
    case 'z':
        handle_z(p + 1, p[0] == 'Z');
        break;
    case 'q':
    case 'Q':
        handle_query(p);
        break;
    case 'D':
        send_packet("OK");
        client_close();
        break;
    case 'k':
        system_shutdown_request(0);
        client_close();
        break;
    default:
        send_packet("");
        break;
    }
}

/* ---- connection ---------------------------------------------------------- */

/* The gdb went away (D, k, EOF, error): the guest runs on without it. */
static void client_close(void)
{
    if (gs.fd < 0) {
        return;
    }
    g_source_remove(gs.fd_src);
    close(gs.fd);
    gs.fd = -1;
    gs.running = false;
    gdb_pkt_free(&gs.parser);
    clear_debug_state();
    if (!runstate_is_running()) {
        vm_start();
    }
}

static gboolean client_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        client_close();
        return G_SOURCE_CONTINUE;   /* already removed by client_close */
    }
    for (ssize_t i = 0; i < n && gs.fd == fd; i++) {
        switch (gdb_pkt_feed(&gs.parser, (uint8_t)buf[i])) {
        case GDB_EV_PACKET:
            if (!gs.noack && !send_raw("+", 1)) {
                client_close();
                break;
            }
            handle_packet(gs.parser.data->str, gs.parser.data->len);
            break;
        case GDB_EV_BAD_CSUM:
            if (!gs.noack && !send_raw("-", 1)) {
                client_close();
            }
            break;
        case GDB_EV_OVERFLOW:
            if (!gs.noack) {
                send_raw("+", 1);
            }
            send_packet("E01");
            break;
        case GDB_EV_INTERRUPT:
            if (gs.running) {
                vm_stop();
                gs.running = false;
                gs.stop_signal = 2;
                send_stop_reply(gs.c_cpu >= 0 ? gs.c_cpu : 0);
            }
            break;
        case GDB_EV_NACK:
            if (gs.last->len && !send_raw(gs.last->str, gs.last->len)) {
                client_close();
            }
            break;
        default:
            break;
        }
    }
    return G_SOURCE_CONTINUE;
}

static gboolean listen_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    int c = accept(fd, NULL, NULL);

    if (c < 0) {
        return G_SOURCE_CONTINUE;
    }
    if (gs.fd >= 0) {
        close(c);   /* one debugger at a time */
        return G_SOURCE_CONTINUE;
    }
    fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
    gs.fd = c;
    gs.noack = false;
    gs.running = false;
    gs.g_cpu = 0;
    gs.c_cpu = -1;
    gs.stop_cpu = 0;
    gs.stop_signal = 5;
    gdb_pkt_init(&gs.parser);
    g_string_truncate(gs.last, 0);
    /* A gdb that attaches to a running guest stops it; it resumes with c. */
    vm_stop();
    gs.fd_src = g_unix_fd_add(c, G_IO_IN | G_IO_HUP | G_IO_ERR, client_readable, NULL);
    return G_SOURCE_CONTINUE;
}

static gboolean deliver_stop(gpointer opaque)
{
    int cpu_index = GPOINTER_TO_INT(opaque);

    if (gs.fd < 0) {
        /* Nobody to tell (the gdb left meanwhile): carry on. */
        if (!runstate_is_running()) {
            vm_start();
        }
        return G_SOURCE_REMOVE;
    }
    if (gs.running) {
        gs.running = false;
        /* All-stop: a monitor command that stopped the VM for a moment may have
         * started it again after the vCPU stopped it for us. */
        if (runstate_is_running()) {
            vm_stop();
        }
        for (int i = 0; i < arm_cpu_count(); i++) {
            arm_cpu_by_index(i)->env.gdb_hold = 0;
            arm_cpu_by_index(i)->env.singlestep = 0;
        }
        gs.stop_signal = 5;
        send_stop_reply(cpu_index);
    }
    return G_SOURCE_REMOVE;
}

void gdbstub_report_debug_stop(ARMCPU *cpu)
{
    /* From a vCPU thread: the main loop sends the reply. */
    g_idle_add(deliver_stop, GINT_TO_POINTER(cpu->cpu_index));
}

void gdbstub_exit(int status)
{
    if (gs.fd >= 0) {
        char r[8];
        GString *s = g_string_new(NULL);
        snprintf(r, sizeof(r), "W%02x", status & 0xff);
        gdb_pkt_frame(s, r, strlen(r));
        send_raw(s->str, s->len);
        g_string_free(s, TRUE);
    }
}

bool gdbstub_start(const char *spec, GError **errp)
{
    const char *hp = g_str_has_prefix(spec, "tcp:") ? spec + 4 : spec;
    const char *colon = strrchr(hp, ':');
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE };
    struct addrinfo *res = NULL;
    int fd = -1, one = 1, rc;

    if (!colon) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-gdb %s: expected tcp:[HOST]:PORT", spec);
        return false;
    }
    g_autofree char *host = g_strndup(hp, (gsize)(colon - hp));
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        char *h = g_strndup(host + 1, strlen(host) - 2);
        g_free(host);
        host = h;
    }
    rc = getaddrinfo(host[0] ? host : "127.0.0.1", colon + 1, &hints, &res);
    if (rc != 0) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "-gdb %s: %s", spec, gai_strerror(rc));
        return false;
    }
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1) == 0) {
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "-gdb %s: cannot listen: %s", spec, g_strerror(errno));
        return false;
    }
    gs.listen_fd = fd;
    gs.last = g_string_new(NULL);
    g_unix_fd_add(fd, G_IO_IN, listen_readable, NULL);
    return true;
}
