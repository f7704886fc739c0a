/* Guest side of the random differential test: runs the generated diff_run() (gen.c) and
 * prints every general register, NZCV and a hash of the scratch buffer. */
#include "rt.h"

extern uint64_t diff_out[32];              /* x0..x30, NZCV: written by diff_run */
extern uint8_t diff_scratch[8192];
extern const char diff_seed[];
void diff_run(void);

int main(void)
{
    for (unsigned i = 0; i < sizeof(diff_scratch); i++)
        diff_scratch[i] = (uint8_t)(i * 151 + 7);
    diff_run();
    printf("diff: seed %s\n", diff_seed);
    for (int i = 0; i < 31; i++)
        printf("x%02d %016lx\n", i, diff_out[i]);
    printf("nzcv %s\n", rt_flags(diff_out[31]));
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < sizeof(diff_scratch); i++)
        h = (h ^ diff_scratch[i]) * 0x100000001b3ull;
    printf("mem %016lx\n", h);
    return 0;
}
