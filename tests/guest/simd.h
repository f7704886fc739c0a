/* simd.h: the harness of the AdvSIMD guest programs (simdperm, simdint, simdcrypto).
 * RUN("insn") loads V0-V7 and X0 from simd_st.in/x (through INS, so no FP/SIMD load is
 * needed), clears FPSR, runs the instruction, and prints V0, X0 and FPSR afterwards; a
 * change of V1-V7 is printed too. The C around it is compiled with -mgeneral-regs-only,
 * so the compiler never touches a V register between the loads and the stores. */
#ifndef SIMD_H
#define SIMD_H

#include "rt.h"

__asm__(".arch_extension crypto");

typedef struct SimdState {
    uint64_t in[8][2];      /* V0-V7 before: [0] = bits 63..0 */
    uint64_t out[8][2];     /* and after */
    uint64_t fpsr;          /* FPSR after (cleared before) */
    uint64_t x;             /* X0 before and after */
} SimdState;
extern SimdState simd_st;
int simd_quiet;

#define SIMD_LD(n) "ldp x1, x2, [%0, #" #n "*16]\n\tins v" #n ".d[0], x1\n\tins v" #n ".d[1], x2\n\t"
#define SIMD_ST(n) "umov x1, v" #n ".d[0]\n\tumov x2, v" #n ".d[1]\n\tstp x1, x2, [%0, #128+" #n "*16]\n\t"

#define RUN(insn) do {                                                                   \
        __asm__ volatile(SIMD_LD(0) SIMD_LD(1) SIMD_LD(2) SIMD_LD(3) SIMD_LD(4)          \
                         SIMD_LD(5) SIMD_LD(6) SIMD_LD(7)                                \
                         "ldr x0, [%0, #264]\n\tmsr fpsr, xzr\n\t"                       \
                         insn "\n\t"                                                     \
                         "mrs x3, fpsr\n\tstr x3, [%0, #256]\n\tstr x0, [%0, #264]\n\t"  \
                         SIMD_ST(0) SIMD_ST(1) SIMD_ST(2) SIMD_ST(3) SIMD_ST(4)          \
                         SIMD_ST(5) SIMD_ST(6) SIMD_ST(7)                                \
                         : : "r"(&simd_st) : "x0", "x1", "x2", "x3", "memory");          \
        simd_show(insn);                                                                 \
    } while (0)

static inline void simd_set(unsigned r, uint64_t lo, uint64_t hi)
{
    simd_st.in[r][0] = lo;
    simd_st.in[r][1] = hi;
}

void simd_show(const char *insn);
/* Set: RUN prints nothing (the crypto program's known-answer runs). */
extern int simd_quiet;
/* CPACR_EL1.FPEN = 0b11: FP/SIMD enabled at EL1 and EL0. */
void simd_enable(void);
void simd_disable(void);

/* Operand patterns with every element size's edges: 0, 1, -1, the signed
 * minimum and maximum, and mixed values. */
#define SIMD_NPAT 8
extern const uint64_t simd_pat[SIMD_NPAT][2];
/* Runs body once for each of a few (Vd, Vn, Vm) combinations of the patterns
 * in V0, V1, V2 (V3-V7 get further patterns). */
#define FOR_COMBOS(body) do {                                                  \
        for (unsigned simd_c = 0; simd_c < SIMD_NPAT; simd_c++) {              \
            for (unsigned r = 0; r < 8; r++) {                                 \
                const uint64_t *p = simd_pat[(simd_c * 3 + r * 5) % SIMD_NPAT]; \
                simd_set(r, p[0], p[1]);                                       \
            }                                                                  \
            simd_st.x = simd_pat[simd_c][0];                                   \
            body;                                                              \
        }                                                                      \
    } while (0)

#ifdef SIMD_IMPL
SimdState simd_st;
int simd_quiet;

const uint64_t simd_pat[SIMD_NPAT][2] = {
    { 0x0000000000000000ull, 0x0000000000000000ull },
    { 0x8000000000000000ull, 0x7fffffffffffffffull },
    { 0x7fff8000ffff0001ull, 0x80007fff00010000ull },
    { 0x807f01ff00fe7f80ull, 0x0102030405060708ull },
    { 0xffffffff80000000ull, 0x000000017fffffffull },
    { 0xffffffffffffffffull, 0x0000000000000001ull },
    { 0x0123456789abcdefull, 0xfedcba9876543210ull },
    { 0x3f40c080e0201008ull, 0xc0018002ff7f4000ull },
};

void simd_show(const char *insn)
{
    if (simd_quiet) {
        return;
    }
    printf("%-36s v0=%016llx:%016llx x0=%016llx fpsr=%08llx\n", insn,
           (unsigned long long)simd_st.out[0][1], (unsigned long long)simd_st.out[0][0],
           (unsigned long long)simd_st.x, (unsigned long long)simd_st.fpsr);
    for (unsigned r = 1; r < 8; r++) {
        if (simd_st.out[r][0] != simd_st.in[r][0] || simd_st.out[r][1] != simd_st.in[r][1]) {
            printf("  v%u changed: %016llx:%016llx\n", r, (unsigned long long)simd_st.out[r][1],
                   (unsigned long long)simd_st.out[r][0]);
        }
    }
}

void simd_enable(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    v |= 3ull << 20;
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v));
}

void simd_disable(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
    v &= ~(3ull << 20);
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v));
}
#endif

#endif
