/* symtab.c: the guest's symbol table (core/symtab.h): a sorted array, sorted again on
 * the first lookup after an add. symtab_lock guards it: the loaders add on the main
 * thread, the translators of every vCPU look up. */
#include <glib.h>
#include <stdbool.h>
#include <string.h>
#include "core/symtab.h"

typedef struct Sym {
    uint64_t addr, size;
    const char *name;           /* interned */
} Sym;

static GMutex symtab_lock;
static GArray *syms;
static bool sorted;

void symtab_add(uint64_t addr, uint64_t size, const char *name)
{
    Sym s = { addr, size, g_intern_string(name) };

    g_mutex_lock(&symtab_lock);
    if (!syms) {
        syms = g_array_new(FALSE, FALSE, sizeof(Sym));
    }
    g_array_append_val(syms, s);
    sorted = false;
    g_mutex_unlock(&symtab_lock);
}

static gint by_addr(gconstpointer a, gconstpointer b)
{
    const Sym *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

const char *symtab_lookup(uint64_t addr)
{
    const char *name = NULL;

    g_mutex_lock(&symtab_lock);
    if (syms && syms->len) {
        if (!sorted) {
            g_array_sort(syms, by_addr);
            sorted = true;
        }
        /* The last symbol at or below addr, then a few before it (symbols may nest). */
        guint lo = 0, hi = syms->len;
        while (lo < hi) {
            guint mid = lo + (hi - lo) / 2;
            if (g_array_index(syms, Sym, mid).addr <= addr) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (guint i = lo, n = 0; i-- > 0 && n < 64 && !name; n++) {
            const Sym *s = &g_array_index(syms, Sym, i);
            if (addr - s->addr < s->size) {
                name = s->name;
            }
        }
    }
    g_mutex_unlock(&symtab_lock);
    return name;
}
