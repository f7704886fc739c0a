/* plugin-args.h: argument parsing the built-in plugins share (header-only, so each
 * still builds alone as a shared object). */
#ifndef A64EMU_PLUGIN_ARGS_H
#define A64EMU_PLUGIN_ARGS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <a64emu-plugin.h>

/* arg is "KEY=on|off|yes|no|true|false": *val set, true. */
static inline bool plugin_arg_bool(const char *arg, const char *key, bool *val)
{
    size_t n = strlen(key);
    return !strncmp(arg, key, n) && arg[n] == '=' && qemu_plugin_bool_parse(key, arg + n + 1, val);
}

/* Every argument must be inline=BOOL: false (and one line naming the bad one) if not. */
static inline bool plugin_args_inline_only(const char *plugin, int argc, char **argv, bool *val)
{
    for (int i = 0; i < argc; i++) {
        if (!plugin_arg_bool(argv[i], "inline", val)) {
            fprintf(stderr, "%s: bad option '%s' (inline=on|off)\n", plugin, argv[i]);
            return false;
        }
    }
    return true;
}

#endif
