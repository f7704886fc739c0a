/* fuzz: crash-resistance workload. Fills a sandbox with pseudo-random instruction words
 * (seed FUZZ_SEED) and runs them at EL0; every exception is counted and skipped (ELR + 4),
 * and control that leaves the sandbox restarts the next chunk with fresh registers.
 * Direct branches are made forward-only (and never "b .") so the sandbox cannot spin by
 * itself; register branches may still loop, which the harness treats as "still running".
 * Ends after FUZZ_CHUNKS chunks and prints the counts. */
#include "rt.h"
#include "bench.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 0x5eed
#endif
#define FUZZ_CHUNKS 20000
#define CHUNK_WORDS 256
#define SANDBOX_WORDS (64 * 1024)

/* Sandbox code and data live far from the runtime image (RAM base + 256 MiB). */
#define SANDBOX_CODE 0x50000000ul
#define SANDBOX_DATA 0x50100000ul
#define SANDBOX_STACK 0x50200000ul

static uint64_t rng = FUZZ_SEED;
static unsigned chunk, in_chunk_exc;
static unsigned long total_exc, restarts, by_ec[64];
static uint32_t *const code = (uint32_t *)SANDBOX_CODE;

static uint32_t tame(uint32_t w)
{
    if ((w & 0x7c000000u) == 0x14000000u) {             /* B, BL: imm26 */
        w &= ~(1u << 25);
        if (!(w & 0x3ffffff)) w |= 1;
    } else if ((w & 0xff000010u) == 0x54000000u ||      /* B.cond */
               (w & 0x7e000000u) == 0x34000000u) {      /* CBZ, CBNZ: imm19 */
        w &= ~(1u << 23);
        if (!(w & 0xffffe0)) w |= 1 << 5;
    } else if ((w & 0x7e000000u) == 0x36000000u) {      /* TBZ, TBNZ: imm14 */
        w &= ~(1u << 18);
        if (!(w & 0x7ffe0)) w |= 1 << 5;
    }
    return w;
}

static void fill_sandbox(void)
{
    for (unsigned i = 0; i < SANDBOX_WORDS; i++)
        code[i] = tame((uint32_t)bench_rand(&rng));
    /* Every chunk ends with SVC #0xfffe: "chunk done". */
    for (unsigned i = CHUNK_WORDS - 1; i < SANDBOX_WORDS; i += CHUNK_WORDS)
        code[i] = 0xd4000001u | 0xfffe << 5;
    __asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" ::: "memory");
}

static void start_chunk(RtFrame *f)
{
    chunk++;
    in_chunk_exc = 0;
    unsigned start = (unsigned)(bench_rand(&rng) % (SANDBOX_WORDS / CHUNK_WORDS)) * CHUNK_WORDS;
    for (int i = 0; i < 31; i++) {
        uint64_t r = bench_rand(&rng);
        switch (r & 3) {
        case 0: f->x[i] = SANDBOX_DATA + ((r >> 8) & 0xfff8); break;
        case 1: f->x[i] = r >> 60; break;
        case 2: f->x[i] = 0; break;
        default: f->x[i] = r; break;
        }
    }
    f->elr = SANDBOX_CODE + start * 4ul;
    f->sp_el0 = SANDBOX_STACK - ((bench_rand(&rng) & 0xff) << 4);
    f->spsr = (bench_rand(&rng) & 0xf0000000ul) | 0x3c0;   /* EL0t, random NZCV */
}

static void fuzz_handler(RtFrame *f)
{
    total_exc++;
    if (!(f->vec >= 8 && f->vec < 12)) {
        printf("fuzz: exception at EL1 (vector %lu) ", f->vec);
        rt_print_exception(f, 0, 0);
        rt_exit(5);
    }
    unsigned ec = f->esr >> 26;
    by_ec[ec]++;
    int done = ec == 0x15 && (f->esr & 0xffff) == 0xfffe;
    int outside = f->elr < SANDBOX_CODE || f->elr >= SANDBOX_CODE + SANDBOX_WORDS * 4;
    if (done || outside || ++in_chunk_exc > 2 * CHUNK_WORDS) {
        restarts += !done;
        if (chunk >= FUZZ_CHUNKS) {
            f->elr = (uintptr_t)rt_el0_return;
            f->spsr = 0x3c5;
            return;
        }
        start_chunk(f);
        return;
    }
    if (ec != 0x15 && ec != 0x16 && ec != 0x17)  /* SVC/HVC/SMC already point past */
        f->elr += 4;
    f->spsr &= ~(1ul << 20 | 1ul << 21);        /* IL, SS */
}

int main(void)
{
    /* Trap WFI/WFE at EL0 (nTWI/nTWE = 0) so a random WFI cannot sleep forever. */
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    sctlr &= ~(1ul << 16 | 1ul << 18);
    __asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr));
    printf("fuzz: seed 0x%lx, %u chunks of %u random words\n", (uint64_t)FUZZ_SEED,
           FUZZ_CHUNKS, CHUNK_WORDS);
    fill_sandbox();
    rt_handler = fuzz_handler;
    /* Enter EL0 through the handler's restart path: the first SVC-less entry. */
    RtFrame f0;
    memset(&f0, 0, sizeof(f0));
    start_chunk(&f0);
    rt_enter_el0(f0.elr, f0.sp_el0, 0);
    rt_handler = 0;
    printf("fuzz: %u chunks, %lu exceptions, %lu early restarts\n", chunk, total_exc, restarts);
    for (unsigned ec = 0; ec < 64; ec++)
        if (by_ec[ec])
            printf("fuzz: EC 0x%02x x %lu\n", ec, by_ec[ec]);
    CHECK("all chunks ran", chunk, FUZZ_CHUNKS);
    return rt_report("fuzz");
}
