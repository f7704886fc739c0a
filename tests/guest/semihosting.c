/* Runtime of the bare-metal guest programs: Arm semihosting calls, printf, string
 * functions, the C side of the exception vectors and the self-check bookkeeping. */
#include "rt.h"

#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_EXIT   0x18
#define ADP_Stopped_ApplicationExit 0x20026

long rt_semihost(long op, const void *arg)
{
    register long x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void rt_puts(const char *s) { rt_semihost(SYS_WRITE0, s); }

/* Called before main; rt-mmu.c's turns the MMU on. */
void rt_init(void);
__attribute__((weak)) void rt_init(void) {}
void rt_putc(char c) { rt_semihost(SYS_WRITEC, &c); }

void rt_exit(int status)
{
    static uint64_t block[2];
    block[0] = ADP_Stopped_ApplicationExit;
    block[1] = (uint64_t)(uint32_t)status;
    for (;;)
        rt_semihost(SYS_EXIT, block);
}

/* ---- strings (written byte-wise so gcc does not turn them back into calls) ---- */

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    if (p < q) {
        while (n--)
            *p++ = *q++;
    } else {
        while (n--)
            p[n] = q[n];
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

/* ---- printf ---- */

typedef struct Out { char *buf; size_t n, pos; } Out;

static void out_c(Out *o, char c)
{
    if (o->pos + 1 < o->n)
        o->buf[o->pos] = c;
    o->pos++;
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    Out o = { buf, n, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_c(&o, *fmt);
            continue;
        }
        fmt++;
        int zero = 0, left = 0, plus = 0, width = 0, lng = 0;
        for (;; fmt++) {
            if (*fmt == '0') zero = 1;
            else if (*fmt == '-') left = 1;
            else if (*fmt == '+') plus = 1;
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            lng = 1;
            fmt++;
        }
        char tmp[24];
        const char *s = tmp;
        int len = 0;
        switch (*fmt) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'p': {
            uint64_t v;
            int neg = 0, base = (*fmt == 'd' || *fmt == 'i' || *fmt == 'u') ? 10 : 16;
            if (*fmt == 'p') {
                v = (uint64_t)va_arg(ap, void *);
                out_c(&o, '0');
                out_c(&o, 'x');
            } else if (*fmt == 'd' || *fmt == 'i') {
                int64_t sv = lng ? va_arg(ap, long) : va_arg(ap, int);
                neg = sv < 0;
                v = neg ? -(uint64_t)sv : (uint64_t)sv;
            } else {
                v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            }
            const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            char *e = tmp + sizeof(tmp);
            char *p = e;
            do {
                *--p = digits[v % base];
                v /= base;
            } while (v);
            if (neg || plus) {
                if (zero && width) {
                    out_c(&o, neg ? '-' : '+');
                    width--;
                } else {
                    *--p = neg ? '-' : '+';
                }
            }
            s = p;
            len = e - p;
            break;
        }
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            len = 1;
            break;
        case 's':
            s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            len = strlen(s);
            break;
        case '%':
            tmp[0] = '%';
            len = 1;
            break;
        default:
            tmp[0] = '?';
            len = 1;
            break;
        }
        if (!left)
            for (int i = len; i < width; i++)
                out_c(&o, zero ? '0' : ' ');
        for (int i = 0; i < len; i++)
            out_c(&o, s[i]);
        if (left)
            for (int i = len; i < width; i++)
                out_c(&o, ' ');
    }
    if (n)
        buf[o.pos < n ? o.pos : n - 1] = 0;
    return o.pos;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int printf(const char *fmt, ...)
{
    static char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    rt_puts(line);
    return r;
}

const char *rt_flags(uint64_t nzcv)
{
    static char s[5];
    s[0] = nzcv & (1ull << 31) ? 'N' : '-';
    s[1] = nzcv & (1ull << 30) ? 'Z' : '-';
    s[2] = nzcv & (1ull << 29) ? 'C' : '-';
    s[3] = nzcv & (1ull << 28) ? 'V' : '-';
    s[4] = 0;
    return s;
}

/* ---- code ---- */

void rt_sync_icache(void *p, size_t n)
{
    for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + n; a += 64)
        __asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + n; a += 64)
        __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

/* ---- self-checks ---- */

unsigned rt_checks, rt_failures;

void rt_check(const char *what, uint64_t got, uint64_t want)
{
    rt_checks++;
    if (got != want) {
        rt_failures++;
        printf("FAIL %s: got 0x%016lx, want 0x%016lx\n", what, got, want);
    }
}

int rt_report(const char *prog)
{
    if (rt_failures)
        printf("%s: FAIL (%u of %u checks failed)\n", prog, rt_failures, rt_checks);
    else
        printf("%s: PASS (%u checks)\n", prog, rt_checks);
    return rt_failures ? 1 : 0;
}

/* ---- exceptions ---- */

void (*rt_handler)(RtFrame *f);
RtFrame rt_last_exception;
unsigned rt_exceptions;
static int expect_armed;
static const char *expect_name;
static uintptr_t expect_label, expect_resume;

void rt_expect(const char *name, const void *label, const void *resume)
{
    expect_name = name;
    expect_label = (uintptr_t)label;
    expect_resume = (uintptr_t)resume;
    expect_armed = 1;
}

static const char *const vec_names[16] = {
    "cur-sp0-sync", "cur-sp0-irq", "cur-sp0-fiq", "cur-sp0-serror",
    "cur-spx-sync", "cur-spx-irq", "cur-spx-fiq", "cur-spx-serror",
    "low64-sync", "low64-irq", "low64-fiq", "low64-serror",
    "low32-sync", "low32-irq", "low32-fiq", "low32-serror",
};

/* FAR_EL1 is only meaningful for aborts with a valid address and PC alignment faults. */
static int far_valid(uint64_t esr)
{
    unsigned ec = esr >> 26;
    switch (ec) {
    case 0x20: case 0x21: case 0x24: case 0x25:
        return !(esr & (1u << 10));     /* FnV */
    case 0x22:
        return 1;
    default:
        return 0;
    }
}

int rt_expect_end(void)
{
    int missed = expect_armed;
    expect_armed = 0;
    if (missed)
        printf("%s: no exception\n", expect_name ? expect_name : "?");
    return !missed;
}

void rt_print_exception(const RtFrame *f, const char *name, uintptr_t label)
{
    char elr[64];
    if (label && f->elr >= label && f->elr - label < 0x10000)
        snprintf(elr, sizeof(elr), "%s+0x%lx", name ? name : "label", f->elr - label);
    else
        snprintf(elr, sizeof(elr), "0x%016lx", f->elr);
    char far[32] = "-";
    if (far_valid(f->esr))
        snprintf(far, sizeof(far), "0x%016lx", f->far);
    printf("exception %s: EC=0x%02lx IL=%lu ISS=0x%07lx ELR=%s FAR=%s SPSR=0x%08lx\n",
           f->vec < 16 ? vec_names[f->vec] : "?", f->esr >> 26, (f->esr >> 25) & 1,
           f->esr & 0x1ffffff, elr, far, f->spsr);
}

int rt_el0_handle(RtFrame *f, const char *name, uintptr_t label, unsigned max)
{
    static unsigned n;
    unsigned ec = f->esr >> 26;

    rt_print_exception(f, name, label);
    if (++n > max) {
        printf("runaway\n");
        rt_exit(4);
    }
    if (ec == 0x15 && (f->esr & 0xffff) == 0xffff) {
        f->elr = (uintptr_t)rt_el0_return;
        f->spsr = 0x3c5;
        return 0xffff;
    }
    if (ec == 0x15)
        return (int)(f->esr & 0xffff);
    f->elr += 4;
    return -1;
}

void rt_exception(RtFrame *f);
void rt_exception(RtFrame *f)
{
    rt_exceptions++;
    if (rt_handler) {
        rt_handler(f);
        return;
    }
    if (!expect_armed || (f->vec & 3) != 0) {
        printf("unexpected ");
        rt_print_exception(f, 0, 0);
        rt_exit(3);
    }
    expect_armed = 0;
    rt_last_exception = *f;
    rt_print_exception(f, expect_name, expect_label);
    f->elr = expect_resume ? expect_resume : f->elr + 4;
    if ((f->esr >> 26) == 0x0e)         /* illegal execution state: clear PSTATE.IL */
        f->spsr &= ~(1ull << 20);
}
