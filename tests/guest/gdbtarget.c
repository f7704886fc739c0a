/* gdbtarget: a small program for the gdbstub tests: a global counter bumped in
 * a loop through a noinline function, so gdb has symbols to break and watch on. */
#include "rt.h"

volatile uint64_t counter;
volatile uint64_t poke = 0x1122334455667788ull;

__attribute__((noinline)) void bump(uint64_t by)
{
    counter += by;
}

int main(void)
{
    for (int i = 0; i < 5; i++)
        bump(1);
    /* Long enough for a gdb to attach while it runs, short enough for a test. */
    for (volatile uint64_t spin = 0; spin < 300000000; spin++) {
    }
    printf("counter=%d poke=%lx\n", (int)counter, (unsigned long)poke);
    return counter == 5 ? 0 : 7;
}
