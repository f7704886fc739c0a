/* The freestanding runtime of the bare-metal guest programs: semihosting output and exit,
 * a small printf, the exception frame and the hooks tests use to expect exceptions. */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "rt-frame.h"

typedef struct RtFrame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far, sp_el0, vec, pad;
} RtFrame;
_Static_assert(sizeof(RtFrame) == FRAME_SIZE, "frame layout");

/* Semihosting (HLT #0xF000). */
long rt_semihost(long op, const void *arg);
void rt_puts(const char *s);            /* SYS_WRITE0 */
void rt_putc(char c);                   /* SYS_WRITEC */
__attribute__((noreturn)) void rt_exit(int status);   /* SYS_EXIT, ADP_Stopped_ApplicationExit */

/* printf: %d %i %u %x %X %c %s %p %%, flags '0' '-', width, length l/ll/z. Buffers a line
 * and writes it with one SYS_WRITE0. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* Exceptions. By default an exception is fatal (printed, exit 3). rt_expect() arms a
 * one-shot expectation: the next synchronous exception is printed relative to `label`
 * (name for the output) and resumes at `resume` (0: ELR + 4). rt_handler, when set,
 * takes every exception instead (returns nothing; edits the frame). */
void rt_expect(const char *name, const void *label, const void *resume);
extern void (*rt_handler)(RtFrame *f);
/* Ends an expectation: prints "<name>: no exception" when none came; 1 if one came. */
int rt_expect_end(void);
extern unsigned rt_exceptions;
extern RtFrame rt_last_exception;      /* the last expected exception's frame */          /* count of exceptions taken */
void rt_print_exception(const RtFrame *f, const char *name, uintptr_t label);
void rt_enter_el0(uintptr_t pc, uintptr_t sp, uint64_t arg);
void rt_enter_el0_spsr(uintptr_t pc, uintptr_t sp, uint64_t arg, uint64_t spsr);   /* EL0t, DAIF of spsr */
/* The usual rt_handler body of a program that runs EL0 code: prints the exception relative
 * to label; SVC #0xffff returns from rt_enter_el0 (to EL1h), another SVC returns past
 * itself, anything else resumes past the faulting instruction; after max exceptions in
 * all it prints "runaway" and exits 4. Returns the SVC's immediate, or -1. */
int rt_el0_handle(RtFrame *f, const char *name, uintptr_t label, unsigned max);
/* ERET with these SPSR_EL1/ELR_EL1; returns when the handler sends it to rt_el0_return. */
void rt_eret_to(uint64_t spsr, uint64_t elr);
extern char rt_el0_return[], rt_vectors[], __image_start[], __image_end[];

/* Self-check bookkeeping shared by the programs: CHECK prints a FAIL line on mismatch. */
extern unsigned rt_checks, rt_failures;
#define CHECK(what, got, want) rt_check((what), (uint64_t)(got), (uint64_t)(want))
void rt_check(const char *what, uint64_t got, uint64_t want);
int rt_report(const char *prog);        /* prints "<prog>: PASS (n checks)" / FAIL; exit code */

/* Make n bytes of code just written at p visible to instruction fetch (DC CVAU, DSB,
 * IC IVAU, DSB, ISB). */
void rt_sync_icache(void *p, size_t n);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline uint64_t read_nzcv(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, nzcv" : "=r"(v));
    return v;
}
/* "NZCV" letters, '-' for clear bits. */
const char *rt_flags(uint64_t nzcv);

#endif
