/* sort: bottom-up merge sort of 1 Mi pseudo-random 64-bit words; prints the checksum the
 * issue shows ("sorted 1048576 words, checksum 0x...") and checks order and content. */
#include "rt.h"
#include "bench.h"

static uint64_t a[SORT_WORDS], tmp[SORT_WORDS];

static void insertion(uint64_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        while (j && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static uint64_t sort_round(uint64_t s)
{
    uint64_t sum = 0, xsum = 0;
    for (size_t i = 0; i < SORT_WORDS; i++) {
        a[i] = bench_rand(&s);
        sum += a[i];
        xsum ^= a[i];
    }
    const size_t run = 16;
    for (size_t i = 0; i < SORT_WORDS; i += run)
        insertion(a + i, run);
    uint64_t *src = a, *dst = tmp;
    for (size_t w = run; w < SORT_WORDS; w *= 2) {
        for (size_t lo = 0; lo < SORT_WORDS; lo += 2 * w) {
            size_t mid = lo + w, hi = lo + 2 * w, i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint64_t *t = src; src = dst; dst = t;
    }
    uint64_t check = 0, sum2 = 0, xsum2 = 0;
    size_t bad = 0;
    for (size_t i = 0; i < SORT_WORDS; i++) {
        if (i && src[i - 1] > src[i])
            bad++;
        sum2 += src[i];
        xsum2 ^= src[i];
        check = (check ^ src[i]) * 0x100000001b3ull + i;
    }
    CHECK("out of order pairs", bad, 0);
    CHECK("sum kept", sum2, sum);
    CHECK("xor kept", xsum2, xsum);
    return check;
}

int main(void)
{
    uint64_t check = 0;
    for (unsigned r = 0; r < SORT_ROUNDS; r++)
        check = check * 0x9e3779b97f4a7c15ull + sort_round(0x9e3779b97f4a7c15ull + r);
    printf("sorted %u words, checksum 0x%016lx\n", SORT_WORDS, check);
    return rt_report("sort");
}
