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

/* A refused argument: said through the log (-d plugin), as a64emu itself prints the one
 * error line naming the -plugin option when qemu_plugin_install fails. */
static inline void plugin_bad_arg(const char *plugin, const char *arg, const char *usage)
{
    char line[256];
    snprintf(line, sizeof(line), "%s: bad option '%s' (%s)\n", plugin, arg, usage);
    qemu_plugin_outs(line);
}

/* Every argument must be inline=BOOL: false (and one line naming the bad one) if not. */
static inline bool plugin_args_inline_only(const char *plugin, int argc, char **argv, bool *val)
{
    for (int i = 0; i < argc; i++) {
        if (!plugin_arg_bool(argv[i], "inline", val)) {
            plugin_bad_arg(plugin, argv[i], "inline=on|off");
            return false;
        }
    }
    return true;
}

#endif
