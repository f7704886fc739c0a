/* smpbench: the SMP row of scripts/bench: the same integer work on every vCPU at once, each
 * on its own data (picked by MPIDR_EL1.Aff0), so N vCPUs do N times the work of one. Each
 * copy fills SMPB_WORDS 64-bit words from xorshift64* (the same seed in every copy), heap
 * sorts them, folds them into a checksum, SMPB_ROUNDS times. CPU 0 starts the others
 * (PSCI CPU_ON; with no conduit it runs alone), does its own copy, waits for theirs and
 * prints the checksum, which every copy must agree on. Speed-up 1 -> N vCPUs is
 * N * time(1) / time(N). */
#include "rt.h"
#include "bench.h"
#include "psci.h"
#include "psci-lib.c"

#define SMPB_WORDS  (1u << 16)
#define SMPB_ROUNDS 3
#define SMPB_CPUS   4

static uint64_t data[SMPB_CPUS][SMPB_WORDS];
static volatile uint64_t sums[SMPB_CPUS];
static volatile uint32_t done[SMPB_CPUS];
static unsigned n_cpus;

static void sift_down(uint64_t *a, unsigned start, unsigned end)
{
    unsigned root = start;
    while (2 * root + 1 < end) {
        unsigned child = 2 * root + 1;
        if (child + 1 < end && a[child] < a[child + 1])
            child++;
        if (a[root] >= a[child])
            return;
        uint64_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static uint64_t work(unsigned me)
{
    uint64_t *a = data[me], sum = 0;
    for (unsigned r = 0; r < SMPB_ROUNDS; r++) {
        uint64_t s = 0x9e3779b97f4a7c15ull + r;
        for (unsigned i = 0; i < SMPB_WORDS; i++)
            a[i] = bench_rand(&s);
        for (unsigned i = SMPB_WORDS / 2; i-- > 0;)
            sift_down(a, i, SMPB_WORDS);
        for (unsigned end = SMPB_WORDS - 1; end > 0; end--) {
            uint64_t t = a[0];
            a[0] = a[end];
            a[end] = t;
            sift_down(a, 0, end);
        }
        for (unsigned i = 0; i < SMPB_WORDS; i++)
            sum = (sum ^ a[i]) * 0x100000001b3ull + (i > 0 && a[i - 1] > a[i]);
    }
    return sum;
}

static void run_copy(void)
{
    unsigned me = (unsigned)(read_mpidr() & 0xff);
    sums[me] = work(me);
    __asm__ volatile("dmb ish" ::: "memory");
    done[me] = 1;
}

void psci_secondary_main(uint64_t context)
{
    (void)context;
    run_copy();
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    for (;;)
        ;
}

int main(void)
{
    psci_conduit = psci_probe_conduit();
    n_cpus = 1;
    if (psci_conduit >= 0) {
        while (n_cpus < SMPB_CPUS && psci_call(PSCI_AFFINITY_INFO, n_cpus, 0, 0) >= 0)
            n_cpus++;
    }
    for (unsigned i = 1; i < n_cpus; i++)
        CHECK("CPU_ON", psci_call(PSCI_CPU_ON | PSCI_64, i, (uintptr_t)psci_secondary_entry, i), 0);
    run_copy();
    for (unsigned i = 1; i < n_cpus; i++)
        while (!done[i])
            __asm__ volatile("yield" ::: "memory");
    __asm__ volatile("dmb ish" ::: "memory");
    for (unsigned i = 1; i < n_cpus; i++)
        CHECK("copy's checksum", sums[i], sums[0]);
    printf("smpbench: %u copies, checksum %lx\n", n_cpus, (unsigned long)sums[0]);
    return rt_report("smpbench");
}
