/* matmul: double-precision matrix multiply (C = A x B, N x N, i-k-j order) in plain C
 * compiled -O2 with FP allowed (FMADD/FMUL/FADD, FMLA .2d where GCC vectorises), checked
 * against an integer product on integer-valued matrices, then on random doubles whose
 * result bits are digested. A benchmark workload (scripts/bench); matmul-small is the
 * same at one round, compared with QEMU by run.sh. */
#include "rt.h"
#include "bench.h"

#define N MATMUL_N
static double a[N][N], b[N][N], c[N][N];
static int64_t ia[N][N], ib[N][N];

static __attribute__((noinline)) void matmul(void)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            c[i][j] = 0.0;
        for (int k = 0; k < N; k++) {
            double x = a[i][k];
            for (int j = 0; j < N; j++)
                c[i][j] += x * b[k][j];
        }
    }
}

/* Doubles in [-1, 1) with all 52 fraction bits random. */
static double rand_unit(uint64_t *s)
{
    return (double)(int64_t)bench_rand(s) * 0x1p-63;
}

static __attribute__((noinline)) void run(void)
{
    uint64_t r = 11;
    /* Integer-valued entries in [-64, 64): every product and sum is exact. */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ia[i][j] = (int64_t)(bench_rand(&r) % 128) - 64;
            ib[i][j] = (int64_t)(bench_rand(&r) % 128) - 64;
            a[i][j] = (double)ia[i][j];
            b[i][j] = (double)ib[i][j];
        }
    matmul();
    unsigned bad = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int64_t s = 0;
            for (int k = 0; k < N; k++)
                s += ia[i][k] * ib[k][j];
            bad += (double)s != c[i][j];
        }
    CHECK("integer-valued product exact", bad, 0);
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned round = 0; round < MATMUL_ROUNDS; round++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                a[i][j] = rand_unit(&r);
                b[i][j] = rand_unit(&r) * 4.0;
            }
        matmul();
        h = bench_digest(h, c, sizeof c);
    }
    printf("matmul: %ux%u doubles, digest 0x%016llx over %u rounds\n", N, N,
           (unsigned long long)h, MATMUL_ROUNDS);
}

BENCH_FP_MAIN int main(void)
{
    bench_fp_enable();
    run();
    return rt_report("matmul");
}
