/* smp: every CPU at once (PSCI CPU_ON of each secondary), each doing SMP_ITERS rounds of
 * LL/SC increments of shared counters (64-bit LDXR/STXR, 32-bit LDAXR/STLXR, a 128-bit
 * LDXP/STXP pair whose halves must stay in step), taking a ticket spinlock (LL/SC to take a
 * ticket, LDAR/STLR on the owner) around a plain increment every SMP_LOCK_EVERY rounds
 * (not every round: with 8 vCPUs on 2 host cores a FIFO lock keeps waiting for a
 * descheduled next holder, in QEMU as well),
 * and CPUs 0 and 1 run Dekker's mutual exclusion, which needs the DMB between a store and
 * the following load (x86 lets the load pass the store without the host fence). CPU 0
 * prints the totals: no update may be lost, so they are exact. */
#include "rt.h"
#include "psci.h"
#include "psci-lib.c"

#ifndef SMP_ITERS
#define SMP_ITERS 1000000
#endif
#ifndef SMP_LOCK_EVERY
#define SMP_LOCK_EVERY 1000
#endif
#ifndef SMP_DEKKER
#define SMP_DEKKER 20000
#endif

static uint64_t c64 __attribute__((aligned(64)));
static uint32_t c32 __attribute__((aligned(64)));
static uint64_t cpair[2] __attribute__((aligned(64)));
static struct { uint32_t next, owner; } ticket __attribute__((aligned(64)));
static uint64_t locked_count __attribute__((aligned(64)));
static volatile uint32_t dekker_flag[2] __attribute__((aligned(64)));
static volatile uint32_t dekker_turn __attribute__((aligned(64)));
static volatile uint64_t dekker_count __attribute__((aligned(64)));
static volatile uint64_t done[PSCI_MAX_CPUS] __attribute__((aligned(64)));
static volatile uint64_t go;
static uint64_t retries[PSCI_MAX_CPUS];

static inline unsigned inc64(uint64_t *p)
{
    uint64_t v;
    uint32_t fail;
    unsigned tries = 0;
    do {
        __asm__ volatile("ldxr %0, [%2]\n\tadd %0, %0, #1\n\tstxr %w1, %0, [%2]"
                         : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
        tries++;
    } while (fail);
    return tries - 1;
}

static inline unsigned inc32(uint32_t *p)
{
    uint32_t v, fail;
    unsigned tries = 0;
    do {
        __asm__ volatile("ldaxr %w0, [%2]\n\tadd %w0, %w0, #1\n\tstlxr %w1, %w0, [%2]"
                         : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
        tries++;
    } while (fail);
    return tries - 1;
}

/* lo += 1, hi += 3 in one exclusive pair access. */
static inline unsigned incpair(uint64_t *p)
{
    uint64_t lo, hi;
    uint32_t fail;
    unsigned tries = 0;
    do {
        __asm__ volatile("ldxp %0, %1, [%3]\n\tadd %0, %0, #1\n\tadd %1, %1, #3\n\t"
                         "stxp %w2, %0, %1, [%3]"
                         : "=&r"(lo), "=&r"(hi), "=&r"(fail) : "r"(p) : "memory");
        tries++;
    } while (fail);
    return tries - 1;
}

static inline void ticket_lock(void)
{
    uint32_t my, next, fail, owner;
    do {
        __asm__ volatile("ldaxr %w0, [%3]\n\tadd %w1, %w0, #1\n\tstxr %w2, %w1, [%3]"
                         : "=&r"(my), "=&r"(next), "=&r"(fail) : "r"(&ticket.next) : "memory");
    } while (fail);
    for (;;) {
        __asm__ volatile("ldar %w0, [%1]" : "=r"(owner) : "r"(&ticket.owner) : "memory");
        if (owner == my)
            break;
        __asm__ volatile("yield" ::: "memory");
    }
}

static inline void ticket_unlock(void)
{
    uint32_t o = ticket.owner + 1;
    __asm__ volatile("stlr %w0, [%1]" : : "r"(o), "r"(&ticket.owner) : "memory");
}

/* Dekker's algorithm for CPUs 0 and 1: each flag store must be seen before the other
 * flag is read, which only DMB guarantees. */
static void dekker(unsigned me)
{
    unsigned other = 1 - me;
    for (unsigned i = 0; i < SMP_DEKKER; i++) {
        dekker_flag[me] = 1;
        __asm__ volatile("dmb ish" ::: "memory");
        while (dekker_flag[other]) {
            if (dekker_turn != me) {
                dekker_flag[me] = 0;
                while (dekker_turn != me)
                    __asm__ volatile("yield" ::: "memory");
                dekker_flag[me] = 1;
                __asm__ volatile("dmb ish" ::: "memory");
            }
        }
        dekker_count = dekker_count + 1;        /* the critical section: a plain increment */
        dekker_turn = other;
        __asm__ volatile("dmb ish" ::: "memory");
        dekker_flag[me] = 0;
    }
}

static void work(unsigned me, unsigned ncpus)
{
    uint64_t r = 0;
    while (!go)
        __asm__ volatile("yield" ::: "memory");
    if (ncpus >= 2 && me < 2)
        dekker(me);
    for (unsigned i = 0; i < SMP_ITERS; i++) {
        switch (i % 3) {
        case 0: r += inc64(&c64); break;
        case 1: r += inc32(&c32); break;
        default: r += incpair(cpair); break;
        }
        if (i % SMP_LOCK_EVERY == 0) {
            ticket_lock();
            locked_count = locked_count + 1;
            ticket_unlock();
        }
    }
    retries[me] = r;
    __asm__ volatile("dmb ish" ::: "memory");
    done[me] = 1;
}

static unsigned n_cpus;

void psci_secondary_main(uint64_t context)
{
    work((unsigned)context, n_cpus);
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    for (;;)
        ;
}

int main(void)
{
    psci_conduit = psci_probe_conduit();
    unsigned ncpus = 1;
    if (psci_conduit >= 0) {
        while (ncpus < PSCI_MAX_CPUS && psci_call(PSCI_AFFINITY_INFO, ncpus, 0, 0) >= 0)
            ncpus++;
    }
    n_cpus = ncpus;
    __asm__ volatile("dmb ish" ::: "memory");
    for (unsigned i = 1; i < ncpus; i++)
        CHECK("CPU_ON", psci_call(PSCI_CPU_ON | PSCI_64, i, (uintptr_t)psci_secondary_entry, i), 0);
    go = 1;
    work(0, ncpus);
    for (unsigned i = 1; i < ncpus; i++)
        while (!done[i])
            __asm__ volatile("yield" ::: "memory");
    __asm__ volatile("dmb ish" ::: "memory");

    uint64_t n = (uint64_t)ncpus * SMP_ITERS;
    uint64_t per3[3] = { (SMP_ITERS + 2) / 3, (SMP_ITERS + 1) / 3, SMP_ITERS / 3 };
    uint64_t locks = (uint64_t)ncpus * ((SMP_ITERS + SMP_LOCK_EVERY - 1) / SMP_LOCK_EVERY);
    printf("cpus %u, %u rounds each (%lu increments in all)\n", ncpus, SMP_ITERS, n);
    printf("64-bit LDXR/STXR counter: %lu\n", c64);
    printf("32-bit LDAXR/STLXR counter: %u\n", c32);
    printf("LDXP/STXP pair: %lu, %lu\n", cpair[0], cpair[1]);
    printf("ticket lock: taken %u times, counted %lu\n", ticket.owner, locked_count);
    printf("Dekker (DMB): %lu\n", dekker_count);
    CHECK("64-bit counter", c64, ncpus * per3[0]);
    CHECK("32-bit counter", c32, ncpus * per3[1]);
    CHECK("pair low", cpair[0], ncpus * per3[2]);
    CHECK("pair high", cpair[1], 3 * ncpus * per3[2]);
    CHECK("ticket lock count", locked_count, locks);
    CHECK("tickets", ticket.next, locks);
    CHECK("Dekker count", dekker_count, ncpus >= 2 ? 2 * SMP_DEKKER : 0);
    uint64_t total_retries = 0;
    for (unsigned i = 0; i < ncpus; i++)
        total_retries += retries[i];
    /* How contended it was differs from run to run: not printed in the compared output. */
    (void)total_retries;
    return rt_report("smp");
}
