/* fwcfg: QEMU's fw_cfg device at 0x0902_0000 as a guest sees it (docs/specs/fw_cfg.rst):
 * the signature, the ID, the plain items of a direct boot, the file directory read through
 * the data register (1, 2, 4 and 8-byte reads) and through DMA, a file's contents both
 * ways, and the DMA control bits: SELECT, SKIP, a READ past the end, WRITE (an error),
 * the two 32-bit halves of the DMA address register.
 * Not compared (docs/testing.md): the files QEMU's virt has and mini-virt has not (ACPI,
 * SMBIOS, the TPM log: skipped by name below, so neither the count nor the selectors of
 * the directory are printed, only that the selectors ascend); accesses of the wrong size
 * or offset (QEMU answers them with a bus error, a64emu with RAZ/WI). */
#include "rt.h"
#include "gic.h"

#define FW_CFG 0x09020000ul
#define DATA (FW_CFG + 0)
#define SEL (FW_CFG + 8)
#define DMA (FW_CFG + 16)

enum { K_SIGNATURE = 0, K_ID = 1, K_UUID = 2, K_NOGRAPHIC = 4, K_NB_CPUS = 5,
       K_KERNEL_SIZE = 8, K_INITRD_SIZE = 0x0b, K_BOOT_MENU = 0x0e, K_CMDLINE_SIZE = 0x14,
       K_FILE_DIR = 0x19 };
enum { C_ERROR = 1, C_READ = 2, C_SKIP = 4, C_SELECT = 8, C_WRITE = 16 };

/* The files only QEMU has: its ACPI and SMBIOS tables and the TPM log. */
static const char *const qemu_only[] = {
    "etc/acpi/rsdp", "etc/acpi/tables", "etc/smbios/smbios-anchor",
    "etc/smbios/smbios-tables", "etc/table-loader", "etc/tpm/log",
};

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

static void select_key(uint16_t key)
{
    *(volatile uint16_t *)SEL = __builtin_bswap16(key);
}

/* n bytes of the selected item through the data register, `width` bytes a read. */
static void read_data(uint8_t *out, unsigned n, unsigned width)
{
    for (unsigned i = 0; i < n; i += width) {
        uint64_t v;
        switch (width) {
        case 1: v = *(volatile uint8_t *)DATA; break;
        case 2: v = *(volatile uint16_t *)DATA; break;
        case 4: v = *(volatile uint32_t *)DATA; break;
        default: v = *(volatile uint64_t *)DATA; break;
        }
        for (unsigned b = 0; b < width && i + b < n; b++) {
            out[i + b] = (uint8_t)(v >> (8 * b));
        }
    }
}

static struct { uint32_t control, length; uint64_t address; } __attribute__((aligned(16))) desc;

/* One DMA transfer; returns the control word the device wrote back. */
static uint32_t dma(uint32_t control, void *buf, uint32_t len, int halves)
{
    uint64_t a = (uintptr_t)&desc;
    desc.control = __builtin_bswap32(control);
    desc.length = __builtin_bswap32(len);
    desc.address = __builtin_bswap64((uintptr_t)buf);
    __asm__ volatile("dsb sy" ::: "memory");
    if (halves) {
        mmio_w32(DMA, __builtin_bswap32((uint32_t)(a >> 32)));
        mmio_w32(DMA + 4, __builtin_bswap32((uint32_t)a));
    } else {
        mmio_w64(DMA, __builtin_bswap64(a));
    }
    __asm__ volatile("dsb sy" ::: "memory");
    return __builtin_bswap32(*(volatile uint32_t *)&desc.control);
}

static void hex(const char *what, const uint8_t *p, unsigned n)
{
    char line[200];
    unsigned k = 0;
    for (unsigned i = 0; i < n && k + 3 < sizeof(line); i++) {
        k += (unsigned)snprintf(line + k, sizeof(line) - k, "%02x", p[i]);
    }
    line[k] = 0;
    printf("%s: %s\n", what, line);
}

static uint8_t dir[4 + 32 * 64], dir_dma[sizeof(dir)], buf[256];

static int is_qemu_only(const char *name)
{
    for (unsigned i = 0; i < ARRAY_SIZE(qemu_only); i++) {
        if (!strcmp(name, qemu_only[i])) {
            return 1;
        }
    }
    return 0;
}

int main(void)
{
    /* The signature, selected by reset, byte by byte; then again in one 8-byte read. */
    read_data(buf, 4, 1);
    printf("signature after reset: %c%c%c%c\n", buf[0], buf[1], buf[2], buf[3]);
    select_key(K_SIGNATURE);
    printf("signature as one 8-byte read: %016lx\n", *(volatile uint64_t *)DATA);
    printf("DMA register reads: %016lx\n", __builtin_bswap64(mmio_r64(DMA)));
    printf("DMA register halves: %08x %08x\n", __builtin_bswap32(mmio_r32(DMA)),
           __builtin_bswap32(mmio_r32(DMA + 4)));
    select_key(K_ID);
    printf("ID: %08x\n", mmio_r32(DATA));

    /* Plain items: little-endian integers. No kernel through fw_cfg in a direct boot. */
    static const struct { const char *name; uint16_t key; unsigned len; } items[] = {
        { "NOGRAPHIC", K_NOGRAPHIC, 2 }, { "NB_CPUS", K_NB_CPUS, 2 },
        { "BOOT_MENU", K_BOOT_MENU, 2 }, { "UUID", K_UUID, 16 },
        { "KERNEL_SIZE", K_KERNEL_SIZE, 4 }, { "INITRD_SIZE", K_INITRD_SIZE, 4 },
        { "CMDLINE_SIZE", K_CMDLINE_SIZE, 4 },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(items); i++) {
        select_key(items[i].key);
        read_data(buf, items[i].len, 2);
        hex(items[i].name, buf, items[i].len);
    }

    /* The directory: the same bytes at every width, and by DMA. */
    select_key(K_FILE_DIR);
    read_data(dir, sizeof(dir), 4);
    for (unsigned w = 1; w <= 8; w <<= 1) {
        memset(dir_dma, 0x55, sizeof(dir_dma));
        select_key(K_FILE_DIR);
        read_data(dir_dma, sizeof(dir_dma), w);
        printf("directory read %u bytes at a time: %s\n", w,
               memcmp(dir, dir_dma, sizeof(dir)) ? "differs" : "same");
    }
    memset(dir_dma, 0x55, sizeof(dir_dma));
    uint32_t c = dma(K_FILE_DIR << 16 | C_SELECT | C_READ, dir_dma, sizeof(dir_dma), 0);
    printf("directory by DMA: control %08x, %s\n", c,
           memcmp(dir, dir_dma, sizeof(dir)) ? "differs" : "same");
    /* Past the count, the item is zeros up to its full size (every slot). */
    uint32_t count = be32(dir);
    int zeros = 1;
    for (unsigned i = 4 + 64 * count; i < sizeof(dir); i++) {
        zeros &= dir[i] == 0;
    }
    printf("unused slots zero: %s\n", zeros ? "yes" : "no");

    unsigned prev = 0, ascending = 1, common = 0;
    uint16_t bfw_sel = 0;
    uint32_t bfw_size = 0;
    for (unsigned i = 0; i < count && i < 32; i++) {
        const uint8_t *e = dir + 4 + 64 * i;
        const char *name = (const char *)e + 8;
        unsigned sel = (unsigned)e[4] << 8 | e[5];
        ascending &= sel > prev && (i == 0 || strcmp(name, (const char *)e - 64 + 8) > 0);
        prev = sel;
        if (is_qemu_only(name)) {
            continue;
        }
        common++;
        printf("file %-24s size %u\n", name, be32(e));
        if (!strcmp(name, "etc/boot-fail-wait")) {
            bfw_sel = (uint16_t)sel;
            bfw_size = be32(e);
        }
    }
    printf("files in common: %u; selectors ascend with the names: %s\n", common,
           ascending ? "yes" : "no");

    /* A file's contents: data register, then DMA, then DMA by the two halves. */
    if (bfw_sel) {
        select_key(bfw_sel);
        read_data(buf, bfw_size, 1);
        hex("etc/boot-fail-wait by data", buf, bfw_size);
        memset(buf, 0xaa, 16);
        c = dma((uint32_t)bfw_sel << 16 | C_SELECT | C_READ, buf, bfw_size, 0);
        printf("by DMA: control %08x\n", c);
        hex("etc/boot-fail-wait by DMA", buf, 8);
        memset(buf, 0xaa, 16);
        c = dma((uint32_t)bfw_sel << 16 | C_SELECT | C_READ, buf, bfw_size, 1);
        printf("by DMA halves: control %08x\n", c);
        hex("etc/boot-fail-wait by DMA halves", buf, 8);
    }

    /* SELECT alone, then SKIP 1, then READ 6 of the 4-byte signature: 3 bytes, 3 zeros. */
    memset(buf, 0xaa, 16);
    printf("select: control %08x\n", dma(K_SIGNATURE << 16 | C_SELECT, buf, 4, 0));
    printf("skip: control %08x\n", dma(C_SKIP, buf, 1, 0));
    printf("read past the end: control %08x\n", dma(C_READ, buf, 6, 0));
    hex("read past the end", buf, 8);
    printf("then the data register: %02x\n", mmio_r8(DATA));
    /* READ wins over SKIP; SKIP past the end is no error; no op bit moves nothing. */
    memset(buf, 0xaa, 16);
    printf("select+skip+read: control %08x\n",
           dma(K_SIGNATURE << 16 | C_SELECT | C_SKIP | C_READ, buf, 2, 0));
    hex("select+skip+read", buf, 4);
    printf("skip far: control %08x\n", dma(C_SKIP, buf, 100000, 0));
    select_key(K_SIGNATURE);
    printf("no operation: control %08x\n", dma(0, buf, 2, 0));
    printf("then the data register: %02x\n", mmio_r8(DATA));
    /* WRITE: the items are read-only. */
    memcpy(buf, "XY", 2);
    printf("write: control %08x\n", dma(K_SIGNATURE << 16 | C_SELECT | C_WRITE, buf, 2, 0));
    select_key(K_SIGNATURE);
    read_data(buf, 4, 4);
    printf("signature after the write: %c%c%c%c\n", buf[0], buf[1], buf[2], buf[3]);
    /* A key past the table reads zeros, by the data register and by DMA. */
    select_key(0x3fff);
    printf("key 0x3fff: %016lx\n", mmio_r64(DATA));
    memset(buf, 0xaa, 16);
    printf("key 0x3fff by DMA: control %08x\n", dma(0x3fffu << 16 | C_SELECT | C_READ, buf, 4, 0));
    hex("key 0x3fff by DMA", buf, 6);
    printf("fwcfg: PASS\n");
    return 0;
}
