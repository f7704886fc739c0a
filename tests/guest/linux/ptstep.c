/* ptstep: what a debugger inside the guest does through Linux's ptrace, run as a user
 * program under Debian's kernel (tests/integration/t-guest.sh, test_guest_ptrace): a
 * hardware breakpoint (NT_ARM_HW_BREAK), a store watchpoint (NT_ARM_HW_WATCH) and
 * PTRACE_SINGLESTEP through the child's fixed code (ptstep_child, ptstep.S) to its exit.
 * The kernel drives the self-hosted debug registers, MDSCR_EL1 and SPSR.SS for it.
 * Freestanding (no libc for aarch64 here): raw system calls. */
#include <stddef.h>
#include <stdint.h>

#define SYS_write 64
#define SYS_exit 93
#define SYS_kill 129
#define SYS_getpid 172
#define SYS_clone 220
#define SYS_ptrace 117
#define SYS_wait4 260
#define SIGCHLD 17
#define SIGSTOP 19
#define SIGTRAP 5
#define PTRACE_TRACEME 0
#define PTRACE_CONT 7
#define PTRACE_SINGLESTEP 9
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_GETREGSET 0x4204
#define PTRACE_SETREGSET 0x4205
#define NT_PRSTATUS 1
#define NT_ARM_HW_BREAK 0x402
#define NT_ARM_HW_WATCH 0x403

extern char ptstep_child[], ptstep_end[];
extern uint64_t ptstep_var;

static long sys6(long n, long a, long b, long c, long d, long e)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4)
                     : "memory");
    return x0;
}

static void out(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    sys6(SYS_write, 1, (long)s, (long)n, 0, 0);
}

static void out_hex(const char *label, uint64_t v)
{
    char buf[32];
    int i = 0;
    out(label);
    buf[i++] = '0';
    buf[i++] = 'x';
    int started = 0;
    for (int sh = 60; sh >= 0; sh -= 4) {
        unsigned d = (v >> sh) & 0xf;
        if (d || started || sh == 0) {
            buf[i++] = "0123456789abcdef"[d];
            started = 1;
        }
    }
    buf[i] = 0;
    out(buf);
}

__attribute__((noreturn)) static void die(const char *why)
{
    out("ptstep: FAIL ");
    out(why);
    out("\n");
    sys6(SYS_exit, 1, 0, 0, 0, 0);
    __builtin_unreachable();
}

/* The compiler may call it for a zeroed structure. */
void *memset(void *d, int c, size_t n);
void *memset(void *d, int c, size_t n)
{
    volatile unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

struct iovec { void *base; size_t len; };
struct regs { uint64_t x[31], sp, pc, pstate; };
struct hwdebug { uint32_t info, pad; struct { uint64_t addr; uint32_t ctrl, pad; } r[16]; };

static long ptrace(long req, long pid, long addr, long data)
{
    return sys6(SYS_ptrace, req, pid, addr, data, 0);
}

/* Stopped with SIGTRAP (or exited: returns the exit status + 0x100). */
static int wait_child(long pid)
{
    int status = 0;
    if (sys6(SYS_wait4, pid, (long)&status, 0, 0, 0) != pid)
        die("wait4");
    if ((status & 0x7f) == 0)
        return 0x100 | ((status >> 8) & 0xff);
    if ((status & 0xff) != 0x7f)
        die("the child died");
    return (status >> 8) & 0xff;
}

static uint64_t child_pc(long pid)
{
    struct regs r;
    struct iovec iov = { &r, sizeof(r) };
    if (ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, (long)&iov) != 0)
        die("GETREGSET NT_PRSTATUS");
    return r.pc;
}

static void set_hw(long pid, long note, uint64_t addr, uint32_t ctrl)
{
    struct hwdebug d = { 0 };
    struct iovec iov = { &d, offsetof(struct hwdebug, r) + sizeof(d.r[0]) };
    d.r[0].addr = addr;
    d.r[0].ctrl = ctrl;
    if (ptrace(PTRACE_SETREGSET, pid, note, (long)&iov) != 0)
        die(note == NT_ARM_HW_BREAK ? "SETREGSET NT_ARM_HW_BREAK" : "SETREGSET NT_ARM_HW_WATCH");
}

/* si_addr (TRAP_HWBKPT: the address hit) is shown from base, named base_name. */
static void show_stop(const char *what, long pid, uint64_t base, const char *base_name)
{
    struct { int signo, err, code, pad; uint64_t addr; uint64_t rest[14]; } si;
    if (ptrace(PTRACE_GETSIGINFO, pid, 0, (long)&si) != 0)
        die("GETSIGINFO");
    out(what);
    out_hex(": pc=child+", child_pc(pid) - (uint64_t)ptstep_child);
    out_hex(" si_code=", (uint64_t)si.code);
    if (si.code == 4) {                 /* TRAP_HWBKPT */
        out(" si_addr=");
        out(base_name);
        out_hex("+", si.addr - base);
    }
    out("\n");
}

void ptstep_main(void);
void ptstep_main(void)
{
    long pid = sys6(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        sys6(SYS_kill, sys6(SYS_getpid, 0, 0, 0, 0, 0), SIGSTOP, 0, 0, 0);
        ((void (*)(void))ptstep_child)();
    }
    if (pid < 0)
        die("clone");
    if (wait_child(pid) != SIGSTOP)
        die("no SIGSTOP");
    /* a breakpoint at child+4: EL0, BAS 0b1111, enabled */
    set_hw(pid, NT_ARM_HW_BREAK, (uint64_t)ptstep_child + 4, 0xf << 5 | 2 << 1 | 1);
    ptrace(PTRACE_CONT, pid, 0, 0);
    if (wait_child(pid) != SIGTRAP)
        die("no SIGTRAP from the breakpoint");
    show_stop("breakpoint", pid, (uint64_t)ptstep_child, "child");
    set_hw(pid, NT_ARM_HW_BREAK, 0, 0);
    /* a watchpoint on stores to ptstep_var: 8 bytes, EL0 */
    set_hw(pid, NT_ARM_HW_WATCH, (uint64_t)&ptstep_var, 0xffu << 5 | 2 << 3 | 2 << 1 | 1);
    ptrace(PTRACE_CONT, pid, 0, 0);
    if (wait_child(pid) != SIGTRAP)
        die("no SIGTRAP from the watchpoint");
    show_stop("watchpoint", pid, (uint64_t)&ptstep_var, "var");
    set_hw(pid, NT_ARM_HW_WATCH, 0, 0);
    /* single-step from there to the exit */
    for (unsigned n = 1;; n++) {
        ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
        int st = wait_child(pid);
        if (st & 0x100) {
            out_hex("exit status ", (uint64_t)(st & 0xff));
            out_hex(" after steps ", n);
            out("\n");
            break;
        }
        if (st != SIGTRAP)
            die("a step did not stop with SIGTRAP");
        if (n > 50)
            die("runaway");
        show_stop("step", pid, 0, "");
    }
    out("ptstep: done\n");
    sys6(SYS_exit, 0, 0, 0, 0, 0);
}
