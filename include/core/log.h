/* log.h: the -d / -D / -dfilter debug log. Disabled items cost one test of
 * a global mask. */
#ifndef A64EMU_LOG_H
#define A64EMU_LOG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
    LOG_IN_ASM      = 1 << 0,
    LOG_OUT_ASM     = 1 << 1,
    LOG_OP          = 1 << 2,
    LOG_OP_OPT      = 1 << 3,
    LOG_EXEC        = 1 << 4,
    LOG_CPU         = 1 << 5,
    LOG_INT         = 1 << 6,
    LOG_UNIMP       = 1 << 7,
    LOG_GUEST_ERROR = 1 << 8,
    LOG_NOCHAIN     = 1 << 9,
    LOG_IR_VERIFY   = 1 << 10,
    LOG_MMU         = 1 << 11,
    LOG_PLUGIN      = 1 << 12,
};

extern int log_mask;

#define log_enabled(m) (__builtin_expect((log_mask & (m)) != 0, 0))

void log_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
#define log_mask_printf(m, ...) \
    do { if (log_enabled(m)) { log_printf(__VA_ARGS__); } } while (0)
/* Shorthands the devices use. */
#define log_guest_error(...) log_mask_printf(LOG_GUEST_ERROR, __VA_ARGS__)
#define log_unimp(...) log_mask_printf(LOG_UNIMP, __VA_ARGS__)

/* "in_asm,out_asm,..." -> mask; an unknown item is an error naming it.
 * "help" is not accepted here: the caller prints log_print_help(). */
bool log_parse_items(const char *list, int *mask, GError **errp);
void log_print_help(FILE *out);
/* -D FILE: the log goes there (created/truncated); stderr otherwise. */
bool log_set_file(const char *path, GError **errp);
/* -dfilter 0x1000+0x100,0x2000..0x2fff,0x3000-0x100 ; empty filter = all. */
bool log_parse_dfilter(const char *spec, GError **errp);
bool log_in_filter(uint64_t addr);
void log_flush(void);

#endif
