/* semihosting.c: Arm semihosting for AArch64 guests (HLT #0xF000): console
 * I/O on the ":tt" handles, clocks, heap info and exit, following QEMU's
 * arm-compat-semi behaviour for the calls it implements. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "boot/boot.h"
#include "arm/cpu.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/memory.h"
#include "debug/semihosting.h"

/* The console's guest handles: ":tt" opened for reading gives 1, for
 * writing or appending 2; both write to the console, both read stdin. */
#define HANDLE_TT_IN 1
#define HANDLE_TT_OUT 2

static bool enabled;
static Chardev *console;
static void (*exit_hook)(int status);
static int last_errno;

void semihosting_enable(bool on)
{
    enabled = on;
}

bool semihosting_enabled(void)
{
    return enabled;
}

void semihosting_set_console(Chardev *chr)
{
    console = chr;
}

void semihosting_set_exit_hook(void (*fn)(int status))
{
    exit_hook = fn;
}

static void console_out(const uint8_t *buf, size_t len)
{
    while (len > 0) {
        int n = len > INT32_MAX ? INT32_MAX : (int)len;
        if (console) {
            chr_write(console, buf, n);
        } else {
            fwrite(buf, 1, (size_t)n, stdout);
        }
        buf += n;
        len -= (size_t)n;
    }
    if (!console) {
        fflush(stdout);
    }
}

/* ---- guest memory: never faults the host, a bad pointer is EFAULT --------- */

/* With the MMU off guest virtual addresses are physical. */
static bool guest_read(uint64_t addr, void *buf, uint64_t len)
{
    if (len && addr + len - 1 < addr) {
        return false;
    }
    return as_read(get_address_space_memory(), addr, buf, len) == MEMTX_OK;
}

static bool guest_write(uint64_t addr, const void *buf, uint64_t len)
{
    if (len && addr + len - 1 < addr) {
        return false;
    }
    return as_write(get_address_space_memory(), addr, buf, len) == MEMTX_OK;
}

static bool get_arg(uint64_t block, int n, uint64_t *v)
{
    uint8_t b[8];
    if (!guest_read(block + 8 * (uint64_t)n, b, 8)) {
        return false;
    }
    memcpy(v, b, 8);
    return true;
}

static bool put_arg(uint64_t block, int n, uint64_t v)
{
    return guest_write(block + 8 * (uint64_t)n, &v, 8);
}

/* Copy guest bytes [addr, addr+len) to the console in page-sized pieces. */
static bool write_guest_to_console(uint64_t addr, uint64_t len)
{
    uint8_t buf[4096];

    while (len > 0) {
        uint64_t n = MIN(len, sizeof(buf));
        if (!guest_read(addr, buf, n)) {
            return false;
        }
        console_out(buf, n);
        addr += n;
        len -= n;
    }
    return true;
}

/* SYS_WRITE0: a NUL-terminated string, read a page at a time so that a
 * string ending just before unmapped memory still prints. */
static void write0(uint64_t addr)
{
    uint8_t buf[4096];

    for (;;) {
        uint64_t n = 4096 - (addr & 4095);
        if (!guest_read(addr, buf, n)) {
            /* Byte by byte up to the hole. */
            uint64_t i;
            for (i = 0; i < n && guest_read(addr + i, buf + i, 1) && buf[i]; i++) {
            }
            console_out(buf, i);
            return;
        }
        uint8_t *nul = memchr(buf, 0, n);
        if (nul) {
            console_out(buf, (size_t)(nul - buf));
            return;
        }
        console_out(buf, n);
        addr += n;
    }
}

static bool is_console(uint64_t handle)
{
    return handle == HANDLE_TT_IN || handle == HANDLE_TT_OUT;
}

/* ---- SYS_HEAPINFO: QEMU's rule for system emulation ---------------------- */

typedef struct Span { uint64_t start, end; } Span;   /* [start, end) */

static gint span_cmp(gconstpointer a, gconstpointer b)
{
    const Span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The largest RAM range of the system view, and the largest gap in it that
 * no ROM blob (kernel, DTB, initrd...) occupies: heap in the gap, the stack
 * from its top down to the heap. Zeros when there is no RAM. */
static void find_heap(uint64_t *heap_base, uint64_t *heap_limit)
{
    FlatView *fv = as_get_flatview(get_address_space_memory());
    uint64_t base = 0, size = 0;
    const GPtrArray *roms = rom_list();
    GArray *spans;
    uint64_t gap_start, best_base = 0, best_size = 0;

    flatview_ref(fv);
    for (unsigned i = 0; i < fv->nr; i++) {
        const FlatRange *fr = &fv->ranges[i];
        if (fr->mr->type == MR_RAM && fr->size > size) {
            base = fr->start;
            size = fr->size;
        }
    }
    flatview_unref(fv);
    *heap_base = *heap_limit = 0;
    if (size == 0) {
        return;
    }
    uint64_t end = base + size;     /* RAM never ends at 2^64 on our boards */
    spans = g_array_new(FALSE, FALSE, sizeof(Span));
    for (guint i = 0; roms && i < roms->len; i++) {
        const Rom *rom = g_ptr_array_index(roms, i);
        Span s = { rom->addr, rom->addr + rom->size };
        if (s.end <= base || s.start >= end || rom->size == 0) {
            continue;
        }
        s.start = MAX(s.start, base);
        s.end = MIN(s.end, end);
        g_array_append_val(spans, s);
    }
    g_array_sort(spans, span_cmp);
    gap_start = base;
    for (guint i = 0; i <= spans->len; i++) {
        uint64_t next = i < spans->len ? g_array_index(spans, Span, i).start : end;
        if (next > gap_start && next - gap_start > best_size) {
            best_base = gap_start;
            best_size = next - gap_start;
        }
        if (i < spans->len) {
            gap_start = MAX(gap_start, g_array_index(spans, Span, i).end);
        }
    }
    g_array_free(spans, TRUE);
    *heap_base = best_base;
    *heap_limit = best_base + best_size;
}

/* ---- the call ------------------------------------------------------------- */

static void do_exit(CPUARMState *env, int status)
{
    if (exit_hook) {
        exit_hook(status);
        /* The hook returned: the machine is going down; stop this CPU. */
        env->halted = 1;
        env->exception_index = EXCP_HALTED;
        siglongjmp(env->jmp_env, 1);
    }
    fflush(stdout);
    exit(status);
}

#define FAIL(e) do { last_errno = (e); return UINT64_MAX; } while (0)

static uint64_t semihost_call(CPUARMState *env, uint32_t op, uint64_t args, bool *set_ret)
{
    uint64_t a0, a1, a2;

    *set_ret = true;
    switch (op) {
    case SEMI_SYS_WRITEC: {
        uint8_t ch;
        *set_ret = false;           /* X0 is preserved ("corrupted" in the spec) */
        if (guest_read(args, &ch, 1)) {
            console_out(&ch, 1);
        }
        return 0;
    }
    case SEMI_SYS_WRITE0:
        *set_ret = false;
        write0(args);
        return 0;
    case SEMI_SYS_WRITE:
        if (!get_arg(args, 0, &a0) || !get_arg(args, 1, &a1) || !get_arg(args, 2, &a2)) {
            FAIL(EFAULT);
        }
        if (!is_console(a0)) {
            FAIL(EBADF);
        }
        if (!write_guest_to_console(a1, a2)) {
            FAIL(EFAULT);
        }
        return 0;                   /* bytes NOT written */
    case SEMI_SYS_READ: {
        if (!get_arg(args, 0, &a0) || !get_arg(args, 1, &a1) || !get_arg(args, 2, &a2)) {
            FAIL(EFAULT);
        }
        if (!is_console(a0)) {
            FAIL(EBADF);
        }
        uint8_t buf[4096];
        ssize_t got = read(STDIN_FILENO, buf, MIN(a2, sizeof(buf)));
        if (got < 0) {
            FAIL(errno);
        }
        if (!guest_write(a1, buf, (uint64_t)got)) {
            FAIL(EFAULT);
        }
        return a2 - (uint64_t)got;
    }
    case SEMI_SYS_READC: {
        uint8_t ch;
        ssize_t got;
        fflush(stdout);
        do {
            got = read(STDIN_FILENO, &ch, 1);
        } while (got < 0 && errno == EINTR);
        return got == 1 ? ch : UINT64_MAX;
    }
    case SEMI_SYS_ISERROR:
        if (!get_arg(args, 0, &a0)) {
            FAIL(EFAULT);
        }
        return (int64_t)a0 < 0;
    case SEMI_SYS_ISTTY:
        if (!get_arg(args, 0, &a0)) {
            FAIL(EFAULT);
        }
        if (!is_console(a0)) {
            FAIL(EBADF);
        }
        return 1;
    case SEMI_SYS_OPEN: {
        char name[4];
        if (!get_arg(args, 0, &a0) || !get_arg(args, 1, &a1) || !get_arg(args, 2, &a2)) {
            FAIL(EFAULT);
        }
        if (a2 == 3) {
            if (!guest_read(a0, name, 3)) {
                FAIL(EFAULT);
            }
            name[3] = 0;
            if (strcmp(name, ":tt") == 0) {
                return a1 < 4 ? HANDLE_TT_IN : HANDLE_TT_OUT;
            }
        }
        log_unimp("semihosting: SYS_OPEN of host files is not supported\n");
        FAIL(ENOENT);
    }
    case SEMI_SYS_CLOSE:
        if (!get_arg(args, 0, &a0)) {
            FAIL(EFAULT);
        }
        if (!is_console(a0)) {
            FAIL(EBADF);
        }
        return 0;
    case SEMI_SYS_CLOCK:
        return (uint64_t)clock_elapsed_ns() / 10000000;
    case SEMI_SYS_TIME:
        return (uint64_t)time(NULL);
    case SEMI_SYS_ERRNO:
        return (uint64_t)last_errno;
    case SEMI_SYS_GET_CMDLINE:
        /* [buffer, size]: no command line: an empty string. */
        if (!get_arg(args, 0, &a0) || !get_arg(args, 1, &a1)) {
            FAIL(EFAULT);
        }
        if (a1 < 1) {
            FAIL(EINVAL);
        }
        if (!guest_write(a0, "", 1) || !put_arg(args, 1, 0)) {
            FAIL(EFAULT);
        }
        return 0;
    case SEMI_SYS_HEAPINFO: {
        uint64_t heap_base, heap_limit;
        if (!get_arg(args, 0, &a0)) {
            FAIL(EFAULT);
        }
        find_heap(&heap_base, &heap_limit);
        /* heap base, heap limit, stack base (top), stack limit */
        if (!put_arg(a0, 0, heap_base) || !put_arg(a0, 1, heap_limit) ||
            !put_arg(a0, 2, heap_limit) || !put_arg(a0, 3, heap_base)) {
            FAIL(EFAULT);
        }
        return 0;
    }
    case SEMI_SYS_EXIT:
    case SEMI_SYS_EXIT_EXTENDED:
        /* A64: a block [reason, subcode]; only ApplicationExit carries a status. */
        if (!get_arg(args, 0, &a0) || !get_arg(args, 1, &a1)) {
            FAIL(EFAULT);
        }
        do_exit(env, a0 == ADP_STOPPED_APPLICATION_EXIT ? (int)(uint32_t)a1 : 1);
        return 0;
    case SEMI_SYS_ELAPSED:
        if (!put_arg(args, 0, (uint64_t)clock_elapsed_ns())) {
            FAIL(EFAULT);
        }
        return 0;
    case SEMI_SYS_TICKFREQ:
        return 1000000000;
    default:
        log_unimp("semihosting: unsupported call 0x%x\n", op);
        FAIL(ENOSYS);
    }
}

uint64_t helper_semihosting(CPUARMState *env)
{
    uint32_t op = (uint32_t)env->regs[0];
    bool set_ret;
    uint64_t ret = semihost_call(env, op, env->regs[1], &set_ret);

    log_mask_printf(LOG_INT, "...handled as semihosting call 0x%x\n", op);
    if (set_ret) {
        env->regs[0] = ret;
    }
    return env->regs[0];
}
