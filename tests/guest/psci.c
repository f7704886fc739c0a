/* psci: the PSCI firmware both emulators provide, over the conduit their device tree names:
 * VERSION, FEATURES, MIGRATE_INFO_TYPE, unknown ids; CPU_ON of every secondary with a
 * context id (32- and 64-bit ids), the state it starts in (EL1h, MMU off, DAIF masked, x0
 * = the context id), AFFINITY_INFO before, during and after, ALREADY_ON, INVALID_PARAMETERS,
 * CPU_OFF and a second CPU_ON of the same CPU; the other conduit is UNDEFINED. Ends with
 * SYSTEM_OFF (exit status 0) or, built as psci_reset, with SYSTEM_RESET: the second boot
 * (RAM survives a reset) says so and powers off; with -no-reboot the reset itself exits. */
#include "rt.h"
#include "psci.h"
#include "psci-lib.c"

/* What each secondary saw at its entry, written by it, read by CPU 0. */
struct slot {
    volatile uint64_t arrived, context, mpidr, el, sctlr, daif, spsel, go_off, runs;
};
static struct slot slots[PSCI_MAX_CPUS];

/* Outside the image and the stack: survives a system reset (the image is loaded again). */
#define RESET_MARK ((volatile uint64_t *)0x50000000ul)
#define RESET_MAGIC 0x5e5e7e57a11ull

void psci_secondary_main(uint64_t context)
{
    struct slot *s = &slots[context & 0xff];
    uint64_t v;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
    s->el = v >> 2;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
    s->sctlr = v & 1;                       /* M */
    __asm__ volatile("mrs %0, daif" : "=r"(v));
    s->daif = v;
    __asm__ volatile("mrs %0, spsel" : "=r"(v));
    s->spsel = v;
    s->context = context;
    s->mpidr = read_mpidr() & 0xffffff;
    s->runs++;
    __asm__ volatile("dmb ish" ::: "memory");
    s->arrived = 1;
    while (!s->go_off)
        __asm__ volatile("yield" ::: "memory");
    s->go_off = 0;
    s->arrived = 0;
    __asm__ volatile("dmb ish" ::: "memory");
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    printf("CPU_OFF returned\n");
    for (;;)
        ;
}

/* The other conduit's exception: its class and where (the flags in SPSR depend on which
 * conduit it is, so they are not printed). */
static uintptr_t other_insn;
static void other_handler(RtFrame *f)
{
    printf("other conduit: exception EC=0x%02lx ISS=0x%lx at insn+0x%lx, EL%lu\n",
           f->esr >> 26, f->esr & 0x1ffffff, f->elr - other_insn, (f->spsr >> 2) & 3);
    f->elr += 4;
}

static const char *ret_name(int64_t r)
{
    switch (r) {
    case 0: return "SUCCESS";
    case -1: return "NOT_SUPPORTED";
    case -2: return "INVALID_PARAMETERS";
    case -3: return "DENIED";
    case -4: return "ALREADY_ON";
    case -5: return "ON_PENDING";
    default: return "?";
    }
}

static int wait_for(volatile uint64_t *p, uint64_t want)
{
    for (unsigned long i = 0; i < 200000000ul; i++) {
        if (*p == want)
            return 1;
        __asm__ volatile("yield" ::: "memory");
    }
    return 0;
}

/* AFFINITY_INFO until it says want (a CPU_OFF takes effect a little after the call). */
static int64_t wait_affinity(uint64_t mpidr, int64_t want)
{
    int64_t r = -99;
    for (unsigned long i = 0; i < 20000000ul && r != want; i++)
        r = psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0);
    return r;
}

int main(void)
{
    psci_conduit = psci_probe_conduit();
    printf("conduit: %s\n", psci_conduit < 0 ? "none" : "found");
    if (psci_conduit < 0)
        return rt_report("psci");

    int64_t v = psci_call(PSCI_VERSION, 0, 0, 0);
    printf("PSCI_VERSION: %ld.%ld\n", v >> 16, v & 0xffff);
    static const uint32_t fns[] = {
        PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_SUSPEND | PSCI_64, PSCI_CPU_OFF,
        PSCI_CPU_ON, PSCI_CPU_ON | PSCI_64, PSCI_AFFINITY_INFO, PSCI_AFFINITY_INFO | PSCI_64,
        PSCI_MIGRATE, PSCI_MIGRATE_INFO_TYPE, PSCI_MIGRATE_INFO_UP, PSCI_SYSTEM_OFF,
        PSCI_SYSTEM_RESET, PSCI_FEATURES, 0x8400000Bu, 0x84000012u, 0xC4000008u, 0x80000000u,
    };
    for (unsigned i = 0; i < ARRAY_SIZE(fns); i++)
        printf("PSCI_FEATURES(0x%08x): %s\n", fns[i],
               ret_name(psci_call(PSCI_FEATURES, fns[i], 0, 0)));
    printf("MIGRATE_INFO_TYPE: %ld\n", psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0));
    printf("MIGRATE: %s\n", ret_name(psci_call(PSCI_MIGRATE, 0, 0, 0)));
    printf("unknown 0x8400ffff: %s\n", ret_name(psci_call(0x8400ffffu, 0, 0, 0)));
    printf("unknown 0xc2000000: %s\n", ret_name(psci_call(0xc2000000u, 0, 0, 0)));
    printf("SMCCC_VERSION: %s\n", ret_name(psci_call(0x80000000u, 0, 0, 0)));
    printf("CPU_SUSPEND with a bad power state: %s\n",
           ret_name(psci_call(PSCI_CPU_SUSPEND | PSCI_64, 0x01000000u, 0, 0)));

    /* The other conduit is an SMC/HVC with no EL2/EL3: UNDEFINED. */
    other_insn = (uintptr_t)(psci_conduit ? psci_smc_insn : psci_hvc_insn);
    rt_handler = other_handler;
    psci_raw(!psci_conduit, PSCI_VERSION);
    rt_handler = 0;

    /* How many CPUs: AFFINITY_INFO says INVALID_PARAMETERS past the last. */
    unsigned ncpus = 0;
    for (unsigned i = 0; i < 16; i++) {
        int64_t r = psci_call(PSCI_AFFINITY_INFO | PSCI_64, i, 0, 0);
        printf("AFFINITY_INFO(%u) before: %ld%s\n", i, r, r == -2 ? " (INVALID_PARAMETERS)" : "");
        if (r >= 0)
            ncpus = i + 1;
    }
    printf("cpus: %u, this one MPIDR 0x%lx\n", ncpus, read_mpidr());
    printf("AFFINITY_INFO(level 1): %ld\n", psci_call(PSCI_AFFINITY_INFO, 0, 1, 0));
    printf("CPU_ON(self): %s\n", ret_name(psci_call(PSCI_CPU_ON | PSCI_64, 0,
           (uintptr_t)psci_secondary_entry, 0)));
    printf("CPU_ON(0x%x): %s\n", 0x3f, ret_name(psci_call(PSCI_CPU_ON | PSCI_64, 0x3f,
           (uintptr_t)psci_secondary_entry, 0)));
    printf("CPU_ON(0x100): %s\n", ret_name(psci_call(PSCI_CPU_ON, 0x100,
           (uintptr_t)psci_secondary_entry, 0)));

    for (int round = 0; round < 2; round++) {
        for (unsigned i = 1; i < ncpus && i < PSCI_MAX_CPUS; i++) {
            uint64_t ctx = 0xc0ffee0000ull * (round + 1) + (i << 8) + i;
            /* The 64-bit id in round 0, the 32-bit one (context truncated to 32 bits: use
             * one that fits) in round 1. */
            int64_t r = round == 0
                ? psci_call(PSCI_CPU_ON | PSCI_64, i, (uintptr_t)psci_secondary_entry, ctx)
                : psci_call(PSCI_CPU_ON, i, (uintptr_t)psci_secondary_entry, ctx & 0xffffffffu);
            printf("round %d CPU_ON(%u): %s\n", round, i, ret_name(r));
            if (!wait_for(&slots[i].arrived, 1)) {
                printf("cpu %u never arrived\n", i);
                continue;
            }
            struct slot *s = &slots[i];
            CHECK("context id in x0", s->context, round == 0 ? ctx : (ctx & 0xffffffffu));
            CHECK("starts at EL1", s->el, 1);
            CHECK("starts with the MMU off", s->sctlr, 0);
            CHECK("starts with DAIF masked", s->daif, 0x3c0);
            CHECK("its MPIDR", s->mpidr, i);
            printf("cpu %u: context 0x%lx mpidr 0x%lx EL%lu SPSel %lu MMU %lu DAIF 0x%lx runs %lu\n",
                   i, s->context, s->mpidr, s->el, s->spsel, s->sctlr, s->daif, s->runs);
            printf("cpu %u AFFINITY_INFO while on: %ld\n", i,
                   psci_call(PSCI_AFFINITY_INFO, i, 0, 0));
            printf("cpu %u CPU_ON again: %s\n", i, ret_name(psci_call(PSCI_CPU_ON | PSCI_64, i,
                   (uintptr_t)psci_secondary_entry, ctx)));
            s->go_off = 1;
            printf("cpu %u AFFINITY_INFO after CPU_OFF: %ld\n", i, wait_affinity(i, 1));
        }
    }
    int rc = rt_report("psci");
    if (rc)
        rt_exit(rc);
#ifdef PSCI_END_RESET
    if (*RESET_MARK == RESET_MAGIC) {
        *RESET_MARK = 0;
        printf("second boot after SYSTEM_RESET: SYSTEM_OFF\n");
        psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    } else {
        *RESET_MARK = RESET_MAGIC;
        printf("SYSTEM_RESET\n");
        psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
    }
    printf("SYSTEM_RESET returned\n");
#else
    printf("SYSTEM_OFF\n");
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    printf("SYSTEM_OFF returned\n");
#endif
    rt_exit(5);
}
