/* pflash.h: a CFI parallel flash with the Intel/Sharp command set (the
 * 28F128J3 QEMU's pflash_cfi01 stands in for on virt), as a ROM device:
 * reads at RAM speed in read-array mode, every write to the command state
 * machine; optionally backed by a file that each program and erase updates. */
#ifndef A64EMU_PFLASH_H
#define A64EMU_PFLASH_H

#include "core/object.h"
#include "core/memory.h"

#define TYPE_PFLASH_CFI01 "cfi.pflash01"

/* Status register bits (Intel's SR.7..SR.1). */
#define PFLASH_SR_READY     0x80    /* write state machine ready */
#define PFLASH_SR_ERASE_ERR 0x20    /* erase or clear-lock-bits error */
#define PFLASH_SR_PROG_ERR  0x10    /* program or set-lock-bit error */
#define PFLASH_SR_LOCKED    0x02    /* the operation hit a locked block */
/* Both error bits: an improper command sequence. */
#define PFLASH_SR_SEQ_ERR   (PFLASH_SR_ERASE_ERR | PFLASH_SR_PROG_ERR)

#define PFLASH_CFI_LEN 0x52

typedef struct PFlashState {
    Object parent_obj;
    MemoryRegion mem;           /* the ROM device, named after "name" */
    /* properties */
    char *name;                 /* "virt.flash0" */
    uint64_t size;              /* bytes of the bank (64 MiB on virt) */
    uint64_t sector_len;        /* erase block of the bank (256 KiB: 128 KiB a device) */
    uint32_t bank_width;        /* bytes on the bus (4) */
    uint32_t device_width;      /* bytes of one device (2: two x16 parts side by side) */
    uint32_t id0, id1;          /* manufacturer (0x89, Intel) and device (0x18) codes */

    /* backing file, when one is attached: each program/erase is written through */
    int fd;                     /* -1: none */
    char *file;
    bool readonly;              /* readonly=on: program and erase fail (status bits) */
    bool write_failed;          /* reported once */

    /* command state machine (the big lock guards it: the vCPU threads write it
     * from helpers that hold it, the main thread at reset) */
    uint8_t wcycle;             /* 0: a new command; 1, 2, 3: the cycles after it */
    uint8_t cmd;                /* 0: read array, 0x70 status, 0x90 ID, 0x98 CFI, or a setup */
    uint8_t status;
    uint32_t counter;           /* buffered program: data writes still expected */
    uint64_t buf_base;          /* buffered program: the write buffer's window */
    bool buf_bad;               /* a data write fell outside it */
    uint8_t *buf;               /* the staged bytes (0xff where not written) */
    uint32_t buf_size;          /* bytes of the bank's write buffer (2 KiB a device) */
    uint8_t *locked;            /* a lock bit per block (volatile here: not in the file) */
    uint8_t cfi[PFLASH_CFI_LEN];
} PFlashState;

/* Back the flash with a file (after realize): its contents are read into the
 * bank (the rest, if shorter, is all ones) and, unless readonly, every program
 * and erase is written back. Errors name the file: missing, unreadable, not
 * writable, larger than the bank. */
bool pflash_attach_file(PFlashState *s, const char *path, bool readonly, GError **errp);
/* Fill the whole bank with ones (erased flash), as a bank without a file is. */
void pflash_fill_erased(PFlashState *s);

#endif
