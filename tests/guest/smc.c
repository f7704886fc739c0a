/* smc: self-modifying code. Rewrites instructions of a function in RAM and calls it again,
 * with the architectural maintenance (DC CVAU, DSB, IC IVAU, DSB, ISB) and without it
 * (QEMU notices the write and retranslates; a64emu must too), and patches the very next
 * instruction of the running straight-line code. */
#include "rt.h"

static uint32_t code[64] __attribute__((aligned(64), section(".data")));

static uint32_t movz_w0(unsigned imm) { return 0x52800000u | (imm & 0xffff) << 5; }
#define RET 0xd65f03c0u
#define ADD_W0_W0_1 0x11000400u

static unsigned call(void) { return ((unsigned (*)(void))code)(); }

int main(void)
{
    /* 1: rewrite the immediate with full maintenance, 200 times. */
    uint64_t sum = 0;
    for (unsigned i = 0; i < 200; i++) {
        code[0] = movz_w0(i * 313);
        code[1] = RET;
        rt_sync_icache(code, 8);
        unsigned r = call();
        sum += r;
        CHECK("smc with maintenance", r, (i * 313) & 0xffff);
    }
    printf("with maintenance: sum=%lu\n", sum);

    /* 2: grow a function by appending "add w0, w0, #1" before the ret, no maintenance
     * beyond an ISB. */
    code[0] = movz_w0(0);
    code[1] = RET;
    __asm__ volatile("isb" ::: "memory");
    for (unsigned n = 1; n < 60; n++) {
        code[n] = ADD_W0_W0_1;
        code[n + 1] = RET;
        __asm__ volatile("dsb ish\n\tisb" ::: "memory");
        unsigned r = call();
        CHECK("smc append", r, n);
    }
    printf("append: %u\n", call());

    /* 3: rewrite without any barrier at all (relies on the emulator noticing the store). */
    for (unsigned i = 0; i < 50; i++) {
        code[0] = movz_w0(1000 + i);
        code[1] = RET;
        unsigned r = call();
        CHECK("smc no barrier", r, 1000 + i);
    }
    printf("no barrier: %u\n", call());

    /* 4: the store patches the instruction right after it in the same straight-line
     * block. Architecturally either version may run without an ISB; QEMU 7.2 (no precise
     * SMC for Arm) runs the old one: "mov #2". */
    uint64_t out;
    __asm__ volatile("adr x9, 1f\n\t"
                     "ldr w10, 2f\n\t"
                     "mov %0, #1\n\t"
                     "str w10, [x9]\n"
                     "1:\tmov %0, #2\n\t"
                     "b 3f\n"
                     "2:\tmov %0, #3\n"
                     "3:"
                     : "=&r"(out) : : "x9", "x10", "memory");
    printf("patched next instruction ran: mov #%lu\n", out);
    return rt_report("smc");
}
