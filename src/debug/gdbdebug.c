/* gdbdebug.c: gdb's breakpoints and watchpoints, consulted by the translator
 * (breakpoints end blocks) and the memory slow path (watchpoints). They are
 * applied there, never written into guest memory. */
#include "debug/gdbstub.h"
#include "arm/cpu.h"

#define MAX_BREAKPOINTS 64
#define MAX_WATCHPOINTS 16

typedef struct Breakpoint {
    uint64_t pc;
    int type;                   /* 0 software, 1 hardware: only the stop reply differs */
} Breakpoint;

typedef struct Watchpoint {
    uint64_t addr, len;
    int type;                   /* 2 write, 3 read, 4 access */
} Watchpoint;

/* Read by vCPU threads without a lock: changed only while every vCPU is out
 * of generated code (the VM is stopped); the stub flushes TBs/TLBs after. */
static Breakpoint bps[MAX_BREAKPOINTS];
static int n_bps;
static Watchpoint wps[MAX_WATCHPOINTS];
static int n_wps;

static int bp_find(uint64_t pc)
{
    for (int i = 0; i < n_bps; i++) {
        if (bps[i].pc == pc) {
            return i;
        }
    }
    return -1;
}

bool gdbstub_breakpoint_at(uint64_t pc)
{
    return n_bps && bp_find(pc) >= 0;
}

int gdb_bp_type(uint64_t pc)
{
    int i = bp_find(pc);
    return i < 0 ? -1 : bps[i].type;
}

bool gdb_bp_insert(uint64_t pc, int type)
{
    int i = bp_find(pc);
    if (i >= 0) {
        bps[i].type = type;
        return true;
    }
    if (n_bps == MAX_BREAKPOINTS) {
        return false;
    }
    bps[n_bps++] = (Breakpoint){ pc, type };
    return true;
}

bool gdb_bp_remove(uint64_t pc)
{
    int i = bp_find(pc);
    if (i >= 0) {
        bps[i] = bps[--n_bps];
    }
    return true;
}

static int wp_find(uint64_t addr, uint64_t len, int type)
{
    for (int i = 0; i < n_wps; i++) {
        if (wps[i].addr == addr && wps[i].len == len && wps[i].type == type) {
            return i;
        }
    }
    return -1;
}

bool gdb_wp_insert(uint64_t addr, uint64_t len, int type)
{
    if (wp_find(addr, len, type) >= 0) {
        return true;
    }
    if (n_wps == MAX_WATCHPOINTS || len == 0 || addr + len < addr) {
        return false;
    }
    wps[n_wps++] = (Watchpoint){ addr, len, type };
    return true;
}

bool gdb_wp_remove(uint64_t addr, uint64_t len, int type)
{
    int i = wp_find(addr, len, type);
    if (i >= 0) {
        wps[i] = wps[--n_wps];
    }
    return true;
}

void gdb_debug_clear(bool *had_bps, bool *had_wps)
{
    *had_bps = n_bps > 0;
    *had_wps = n_wps > 0;
    n_bps = n_wps = 0;
}

bool gdbstub_page_watched(uint64_t page)
{
    for (int i = 0; i < n_wps; i++) {
        uint64_t first = wps[i].addr & TARGET_PAGE_MASK;
        uint64_t last = (wps[i].addr + wps[i].len - 1) & TARGET_PAGE_MASK;
        if (page >= first && page <= last) {
            return true;
        }
    }
    return false;
}

void gdbstub_check_watch(CPUARMState *env, uint64_t addr, unsigned size, bool is_write)
{
    if (n_wps == 0 || env->watch_skip) {
        return;
    }
    for (int i = 0; i < n_wps; i++) {
        const Watchpoint *w = &wps[i];
        bool kind = w->type == 4 || (w->type == 2) == is_write;
        if (kind && addr < w->addr + w->len && w->addr < addr + size) {
            env->debug_reason = GDB_STOP_WATCH;
            env->watch_hit_addr = addr > w->addr ? addr : w->addr;
            env->watch_hit_type = (uint32_t)w->type;
            env->watch_skip = 1;    /* the resume steps over this access once */
            env->exception_index = EXCP_DEBUG;
            siglongjmp(env->jmp_env, 1);
        }
    }
}

G_NORETURN void helper_debug_break(CPUARMState *env, uint64_t pc)
{
    env->pc = pc;
    env->debug_reason = GDB_STOP_SWBREAK;
    env->exception_index = EXCP_DEBUG;
    siglongjmp(env->jmp_env, 1);
}
