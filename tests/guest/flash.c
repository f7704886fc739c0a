/* flash: the CFI flash of bank 1 (0x0400_0000) driven as a guest's driver does: the
 * query table, the identifier codes, the status register, block erase, word program and
 * buffered program; code programmed into the flash is run from it, and run while the
 * flash shows its status (QEMU fetches the status word through I/O: an UNDEFINED
 * instruction). Each bank word is two x16 devices side by side.
 * Built with -DFLASH_SPEC it also checks two points where QEMU 7.2 departs from the
 * datasheet and the architecture (docs/testing.md): Clear Status keeps SR.7 (ready), and
 * code erased and programmed again runs anew after IC IALLU (QEMU keeps running the
 * blocks it translated from the old contents). */
#include "rt.h"

#define BANK1 0x04000000ul
#define SECTOR 0x40000u
static volatile uint32_t *const fl = (volatile uint32_t *)BANK1;
#define BOTH(c) (((uint32_t)(c) << 16) | (uint32_t)(c))
#define RET 0xd65f03c0u

static uint32_t movz_w0(unsigned imm) { return 0x52800000u | (imm & 0xffff) << 5; }

static void cmd(unsigned word, uint8_t c) { fl[word] = BOTH(c); }

static void read_array(void) { cmd(0, 0xff); }

#ifdef FLASH_SPEC
static uint32_t status(void)
{
    cmd(0, 0x70);
    return fl[0];
}
#endif

static void erase(unsigned word)
{
    cmd(word, 0x20);
    cmd(word, 0xd0);
    printf("erase 0x%x: status %08x\n", word * 4, fl[word]);
    read_array();
}

static void program(unsigned word, uint32_t v)
{
    cmd(word, 0x40);
    fl[word] = v;
    uint32_t st = fl[word];
    read_array();
    if (st != BOTH(0x80)) {
        printf("program 0x%x: status %08x\n", word * 4, st);
    }
}

static unsigned call(void) { return ((unsigned (*)(void))BANK1)(); }

static unsigned seven(void) { return 7; }

int main(void)
{
    cmd(0x55, 0x98);
    printf("CFI query:");
    for (unsigned i = 0x10; i < 0x40; i++) {
        printf("%s%02x", (i & 15) ? " " : "\n  ", fl[i] & 0xffff);
        if (fl[i] >> 16 != (fl[i] & 0xffff)) {
            printf("(devices differ: %08x)", fl[i]);
        }
    }
    printf("\n");
    read_array();

    cmd(0, 0x90);
    printf("ID: manufacturer %08x device %08x\n", fl[0], fl[1]);
    read_array();
#ifdef FLASH_SPEC
    cmd(0, 0x50);
    printf("status after clear: %08x\n", status());
    read_array();
#endif

    erase(0);
    printf("erased: %08x %08x %08x\n", fl[0], fl[1], fl[SECTOR / 4 - 1]);
    program(2, 0x12345678);
    program(3, 0xa5a5a5a5);
    printf("programmed: %08x %08x %08x\n", fl[2], fl[3], fl[4]);

    /* Buffered: the commands at the start of the buffer, 4 words, the confirm. */
    cmd(16, 0xe8);
    printf("write to buffer: status %08x\n", fl[16]);
    fl[16] = BOTH(3);
    for (unsigned i = 0; i < 4; i++) {
        fl[16 + i] = 0x01010101u * (i + 1);
    }
    cmd(16, 0xd0);
    printf("buffer confirm: status %08x\n", fl[16]);
    read_array();
    printf("buffered: %08x %08x %08x %08x %08x\n", fl[16], fl[17], fl[18], fl[19], fl[20]);

    /* Code in flash, run from it, replaced, run again. */
    erase(0);
    program(0, movz_w0(1));
    program(1, RET);
    unsigned sum = 0;
    for (unsigned i = 0; i < 100; i++) {
        sum += call();
    }
    printf("flash code, first: sum %u\n", sum);
#ifdef FLASH_SPEC
    erase(0);
    program(0, movz_w0(2));
    program(1, RET);
    __asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" ::: "memory");
    sum = 0;
    for (unsigned i = 0; i < 100; i++) {
        sum += call();
    }
    printf("flash code, reprogrammed: sum %u\n", sum);
#endif

    /* Run it while the flash shows its status: the fetch reads the status word. */
    cmd(0, 0x70);
    rt_expect("flash", (const void *)BANK1, (const void *)seven);
    unsigned r = call();
    rt_expect_end();
    read_array();
    printf("fetch in status mode: returned %u; read array again: %u\n", r, call());
    return 0;
}
