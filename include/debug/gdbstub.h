/* gdbstub.h: the GDB remote serial protocol server (-gdb tcp:[HOST]:PORT), the
 * debug state the translator consults (breakpoints, watchpoints, single-step)
 * and the packet layer (framing, checksums, hex) split out for unit tests. */
#ifndef A64EMU_GDBSTUB_H
#define A64EMU_GDBSTUB_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct CPUARMState;
struct ARMCPU;

/* ---- src/debug/gdbstub.c: the server (main loop side) ---- */

/* Listen on spec ("tcp:HOST:PORT", empty HOST = 127.0.0.1) in the default
 * main context. Call with the big lock held, after the CPUs exist. */
bool gdbstub_start(const char *spec, GError **errp);
/* The guest is exiting with status: tell a connected gdb (W packet). */
void gdbstub_exit(int status);

/* ---- debug state (read by vCPU threads; changed only with the VM stopped) ---- */

/* Is there a breakpoint (Z0 or Z1) at pc? */
bool gdbstub_breakpoint_at(uint64_t pc);
/* Does the page at paddr hold a watched byte (loads/stores there take the slow path)? */
bool gdbstub_page_watched(uint64_t page);
/* Called by the memory slow path before an access: a hit raises EXCP_DEBUG
 * (longjmp, never returns); env->pc is the accessing instruction. */
void gdbstub_check_watch(struct CPUARMState *env, uint64_t addr, unsigned size, bool is_write);
/* A breakpoint at pc, from generated code (tcg/helpers.h): the block stops
 * before the instruction, which never runs and whose memory is never
 * patched; raises EXCP_DEBUG (longjmp). */
G_NORETURN void helper_debug_break(struct CPUARMState *env, uint64_t pc);
/* The vCPU thread stopped the VM for EXCP_DEBUG (breakpoint, watchpoint or
 * end of a single step): report it to gdb. Called with the big lock held. */
void gdbstub_report_debug_stop(struct ARMCPU *cpu);

/* ---- src/debug/gdbdebug.c: the tables behind them (the stub edits them) ---- */
bool gdb_bp_insert(uint64_t pc, int type);      /* type 0 (Z0) or 1 (Z1); false when full */
bool gdb_bp_remove(uint64_t pc);                /* true even if there was none */
int gdb_bp_type(uint64_t pc);                   /* -1 when none */
bool gdb_wp_insert(uint64_t addr, uint64_t len, int type);  /* type 2, 3 or 4 */
bool gdb_wp_remove(uint64_t addr, uint64_t len, int type);
/* Remove everything; says whether there were breakpoints / watchpoints. */
void gdb_debug_clear(bool *had_bps, bool *had_wps);

/* Debug stop reasons in CPUARMState.debug_reason. */
enum { GDB_STOP_NONE, GDB_STOP_STEP, GDB_STOP_SWBREAK, GDB_STOP_HWBREAK, GDB_STOP_WATCH };

/* ---- src/debug/gdbpkt.c: the packet layer ---- */

#define GDB_MAX_PACKET 4096

typedef enum GdbPktEvent {
    GDB_EV_NONE,        /* byte consumed, nothing complete */
    GDB_EV_PACKET,      /* a packet with a good checksum is in parser->data */
    GDB_EV_BAD_CSUM,    /* a complete packet whose checksum is wrong: answer '-' */
    GDB_EV_OVERFLOW,    /* a complete packet longer than GDB_MAX_PACKET: dropped */
    GDB_EV_INTERRUPT,   /* Ctrl-C (0x03) outside a packet */
    GDB_EV_ACK,         /* '+' */
    GDB_EV_NACK,        /* '-': resend the last packet */
} GdbPktEvent;

typedef struct GdbPktParser {
    int state;
    uint8_t sum;
    uint8_t csum_hi;
    bool overflow;
    GString *data;      /* the packet's payload, still escaped, NUL-terminated */
} GdbPktParser;

void gdb_pkt_init(GdbPktParser *p);
void gdb_pkt_free(GdbPktParser *p);
/* Feed one received byte. Garbage outside a packet is ignored. */
GdbPktEvent gdb_pkt_feed(GdbPktParser *p, uint8_t c);
uint8_t gdb_checksum(const char *data, size_t len);
/* "$data#cs" into out, escaping '$', '#', '}' and '*'. */
void gdb_pkt_frame(GString *out, const char *data, size_t len);
void gdb_hex_encode(GString *out, const void *buf, size_t len);
/* Decode 2*len hex digits; false on a non-hex digit. */
bool gdb_hex_decode(const char *hex, void *buf, size_t len);
/* Parse a hex number up to a non-hex char; false if there are no digits or it
 * overflows 64 bits. *end points past the digits. */
bool gdb_parse_hex(const char *s, uint64_t *v, const char **end);
/* Undo binary escaping ('}' x -> x ^ 0x20) in place; returns the new length. */
size_t gdb_unescape(char *buf, size_t len);

#endif
