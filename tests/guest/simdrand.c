/* simdrand: random words from every class of the AdvSIMD/crypto table (simd-classes.h),
 * each run once on random V0-V31 and X0-X15 biased to the element sizes' edges and FP special
 * values, under a random FPCR (RMode, FZ, DN, AHP); prints the
 * word and a hash of V0-V31, X0-X15 and FPSR after it (or its exception), for the comparison
 * with QEMU. Rd is kept below 16 so a UMOV/SMOV never writes X16 and up (the harness's
 * registers). SIMDRAND_SEED and SIMDRAND_N (-D at build time) change the run; the seed is
 * printed. Build with -DSIMDRAND_VERBOSE to print the registers in full. */
#define SIMD_IMPL
#include "simd.h"
#include "simd-classes.h"

#ifndef SIMDRAND_SEED
#define SIMDRAND_SEED 0x5eed5171dull
#endif
#ifndef SIMDRAND_N
#define SIMDRAND_N 20000
#endif

static uint64_t rng = SIMDRAND_SEED;
/* FPCR.AHP, DN, FZ, RMode */
#define FPCR_RANDOM_BITS (1ull << 26 | 1ull << 25 | 1ull << 24 | 3ull << 22)

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static struct {
    uint64_t v[32][2];
    uint64_t x[16];
    uint64_t fpsr;
    uint64_t fpcr;          /* before: RMode, FZ, DN, AHP at random */
} st;

static uint32_t code[2] __attribute__((aligned(64)));
static uint64_t last_esr;
static int faulted;

static void on_exception(RtFrame *f)
{
    faulted = 1;
    last_esr = f->esr;
    f->elr += 4;
}

/* An element of esize bits: an edge value or a random one. */
static uint64_t edge(unsigned bits)
{
    uint64_t ones = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t smax = ones >> 1, r = rnd();

    switch (r % 14) {
    case 0: return 0;
    case 1: return 1;
    case 2: return ones;                    /* -1 */
    case 3: return smax;
    case 4: return smax + 1;                /* the signed minimum */
    case 5: return smax - 1;
    case 6: return smax + 2;
    case 7: return (r >> 8) % (bits + 2);   /* a shift amount 0..esize+1 */
    case 8: return (0 - ((r >> 8) % (bits + 2))) & ones;
    case 9: return ones - 1;
    case 12: case 13:                       /* FP specials: zeros, infinities, NaNs, denormals, 1.0 */
        if (bits >= 32) {
            static const uint64_t sp[] = { 0x80000000, 0x7f800000, 0xff800000, 0x7fc00001,
                                           0x7f800001, 0x00000001, 0x807fffff, 0x3f800000 };
            static const uint64_t dp[] = { 0x8000000000000000, 0x7ff0000000000000,
                                           0xfff0000000000000, 0x7ff8000000000001,
                                           0x7ff0000000000001, 0x0000000000000001,
                                           0x800fffffffffffff, 0x3ff0000000000000 };
            return (bits == 32 ? sp : dp)[(r >> 8) % 8];
        }
        return (r >> 4) & ones;
    default: return (r >> 4) & ones;
    }
}

static void fill(uint64_t *p)
{
    unsigned esz = rnd() % 5;
    if (esz == 4) {
        p[0] = rnd();
        p[1] = rnd();
        return;
    }
    unsigned bits = 8u << esz;
    p[0] = p[1] = 0;
    for (unsigned i = 0; i < 128 / bits; i++) {
        uint64_t e = edge(bits);
        p[(i * bits) / 64] |= e << ((i * bits) % 64);
    }
}

#define LDV(n) "ldp x0, x1, [x16, #" #n "*16]\n\tins v" #n ".d[0], x0\n\tins v" #n ".d[1], x1\n\t"
#define STV(n) "umov x0, v" #n ".d[0]\n\tumov x1, v" #n ".d[1]\n\tstp x0, x1, [x16, #" #n "*16]\n\t"
#define V8(M, a) M(a##0) M(a##1) M(a##2) M(a##3) M(a##4) M(a##5) M(a##6) M(a##7)

static void run(void)
{
    __asm__ volatile("mov x16, %0\n\tmov x17, %1\n\t"
                     LDV(0) LDV(1) LDV(2) LDV(3) LDV(4) LDV(5) LDV(6) LDV(7) LDV(8) LDV(9)
                     V8(LDV, 1) V8(LDV, 2) LDV(30) LDV(31)
                     "add x16, x16, #512\n\t"
                     "ldr x0, [x16, #136]\n\tmsr fpcr, x0\n\t"
                     "ldp x0, x1, [x16, #0]\n\tldp x2, x3, [x16, #16]\n\tldp x4, x5, [x16, #32]\n\t"
                     "ldp x6, x7, [x16, #48]\n\tldp x8, x9, [x16, #64]\n\tldp x10, x11, [x16, #80]\n\t"
                     "ldp x12, x13, [x16, #96]\n\tldp x14, x15, [x16, #112]\n\t"
                     "msr fpsr, xzr\n\t"
                     "blr x17\n\t"
                     "stp x0, x1, [x16, #0]\n\tstp x2, x3, [x16, #16]\n\tstp x4, x5, [x16, #32]\n\t"
                     "stp x6, x7, [x16, #48]\n\tstp x8, x9, [x16, #64]\n\tstp x10, x11, [x16, #80]\n\t"
                     "stp x12, x13, [x16, #96]\n\tstp x14, x15, [x16, #112]\n\t"
                     "mrs x0, fpsr\n\tstr x0, [x16, #128]\n\tmsr fpcr, xzr\n\t"
                     "sub x16, x16, #512\n\t"
                     STV(0) STV(1) STV(2) STV(3) STV(4) STV(5) STV(6) STV(7) STV(8) STV(9)
                     V8(STV, 1) V8(STV, 2) STV(30) STV(31)
                     : : "r"(&st), "r"(code)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "x30", "memory");
}

static uint64_t hash(void)
{
    const uint8_t *p = (const uint8_t *)&st;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < sizeof(st); i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return h;
}

int main(void)
{
    unsigned undef = 0;

    simd_enable();
    rt_handler = on_exception;
    printf("simdrand: seed 0x%llx, %u words from %u classes\n", (unsigned long long)SIMDRAND_SEED,
           (unsigned)SIMDRAND_N, (unsigned)ARRAY_SIZE(simd_classes));
    for (unsigned it = 0; it < SIMDRAND_N; it++) {
        unsigned c = (unsigned)(rnd() % ARRAY_SIZE(simd_classes));
        /* Rd (bits 4..0) is a field in every class: keep it below 16. */
        uint32_t w = (simd_classes[c].value | ((uint32_t)rnd() & ~simd_classes[c].mask)) & ~0x10u;
        for (unsigned r = 0; r < 32; r++) {
            fill(st.v[r]);
        }
        for (unsigned r = 0; r < 16; r++) {
            st.x[r] = st.v[r][rnd() & 1];
        }
        st.fpcr = rnd() & (FPCR_RANDOM_BITS);
        code[0] = w;
        code[1] = 0xd65f03c0;   /* ret */
        __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                         : : "r"(code) : "memory");
        faulted = 0;
        run();
        if (faulted) {
            undef++;
            printf("%08x %-10s esr=%08llx\n", w, simd_classes[c].name, (unsigned long long)last_esr);
            continue;
        }
        printf("%08x %-10s %016llx\n", w, simd_classes[c].name, (unsigned long long)hash());
#ifdef SIMDRAND_VERBOSE
        for (unsigned r = 0; r < 32; r++) {
            printf("  v%-2u %016llx:%016llx\n", r, (unsigned long long)st.v[r][1],
                   (unsigned long long)st.v[r][0]);
        }
        printf("  fpsr %08llx x0 %016llx\n", (unsigned long long)st.fpsr, (unsigned long long)st.x[0]);
#endif
    }
    printf("simdrand: %u words, %u UNDEFINED\n", (unsigned)SIMDRAND_N, undef);
    rt_handler = 0;
    return 0;
}
