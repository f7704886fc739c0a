/* pflash.c: CFI flash with the Intel/Sharp command set (28F128J3-like), as
 * QEMU's virt has two banks of it: read array, read status, read identifier
 * (with the block lock bits), CFI query, clear status, block erase, word and
 * buffered program, block lock and unlock. Read array is the ROM device's
 * romd mode; any other mode reads through pflash_read. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hw/block/pflash.h"
#include "core/log.h"

/* Commands (the first cycle's low byte). */
enum {
    CMD_READ_ARRAY = 0xff, CMD_READ_ARRAY_AMD = 0xf0, CMD_RESET_QEMU = 0x00,
    CMD_PROGRAM = 0x40, CMD_PROGRAM_ALT = 0x10,
    CMD_ERASE = 0x20, CMD_ERASE_ALT = 0x28,
    CMD_CLEAR_STATUS = 0x50, CMD_LOCK_SETUP = 0x60, CMD_READ_STATUS = 0x70,
    CMD_READ_ID = 0x90, CMD_CFI_QUERY = 0x98, CMD_WRITE_BUFFER = 0xe8,
    CMD_CONFIRM = 0xd0, CMD_LOCK_BIT = 0x01,
};

/* Identifier space, in device words from a block's base. */
enum { ID_MANUFACTURER = 0, ID_DEVICE = 1, ID_BLOCK_LOCK = 2 };

static unsigned n_devices(const PFlashState *s)
{
    return s->bank_width / s->device_width;
}

/* A device's answer (device_width bytes) repeated for every device on the bus. */
static uint64_t replicate(const PFlashState *s, uint32_t v)
{
    uint64_t word = 0;
    unsigned bits = 8 * s->device_width;

    v &= (uint32_t)((1ull << bits) - 1);
    for (unsigned i = 0; i < n_devices(s); i++) {
        word |= (uint64_t)v << (bits * i);
    }
    return word;
}

/* The answer of each device for the bank word at `off` in the ID and CFI
 * spaces, whose addresses count device words (offset / bank_width). */
static uint32_t device_answer(PFlashState *s, hwaddr off)
{
    uint64_t word_addr = off / s->bank_width;

    if (s->cmd == CMD_CFI_QUERY) {
        return word_addr < PFLASH_CFI_LEN ? s->cfi[word_addr] : 0;
    }
    uint64_t in_block = (off & (s->sector_len - 1)) / s->bank_width;
    switch (in_block) {
    case ID_MANUFACTURER:
        return s->id0;
    case ID_DEVICE:
        return s->id1;
    case ID_BLOCK_LOCK:
        return s->locked[off / s->sector_len];
    default:
        return 0;
    }
}

static uint64_t pflash_read(void *opaque, hwaddr addr, unsigned size)
{
    PFlashState *s = opaque;
    hwaddr base = addr & ~(hwaddr)(s->bank_width - 1);
    uint64_t word;

    switch (s->cmd) {
    case 0:
        /* Read array outside romd mode cannot last (pflash_write switches the
         * mode with the state); answer as the array would. */
        word = 0;
        memcpy(&word, s->mem.ram + addr, size);
        return word;
    case CMD_READ_ID:
    case CMD_CFI_QUERY:
        word = replicate(s, device_answer(s, base));
        break;
    default:
        /* Status: after any setup command, and in read-status mode. */
        word = replicate(s, s->status);
        break;
    }
    /* The byte lanes this access sees of the bank word. */
    return (word >> (8 * (addr - base))) & (size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1);
}

/* Write [off, off+len) of the bank to the file (write-through: a quit at any
 * moment loses nothing). */
static void write_back(PFlashState *s, uint64_t off, uint64_t len)
{
    if (s->fd < 0) {
        return;
    }
    while (len) {
        ssize_t n = pwrite(s->fd, s->mem.ram + off, len, (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (!s->write_failed) {
                g_printerr("a64emu: flash '%s': cannot write '%s': %s\n", s->name, s->file,
                           n < 0 ? g_strerror(errno) : "short write");
                s->write_failed = true;
            }
            return;
        }
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
}

/* May the block at off be changed? Sets the status error bits (err: the
 * operation's) when it may not. */
static bool may_change(PFlashState *s, hwaddr off, uint8_t err, const char *what)
{
    if (s->locked[off / s->sector_len]) {
        s->status |= err | PFLASH_SR_LOCKED;
        log_guest_error("pflash %s: %s at 0x%" PRIx64 ": the block is locked\n", s->name,
                        what, off);
        return false;
    }
    if (s->readonly) {
        s->status |= err;
        log_guest_error("pflash %s: %s at 0x%" PRIx64 ": the flash is read-only\n", s->name,
                        what, off);
        return false;
    }
    return true;
}

/* Programming only clears bits, as on the chip. */
static void program(PFlashState *s, hwaddr off, const uint8_t *data, uint64_t len)
{
    for (uint64_t i = 0; i < len; i++) {
        s->mem.ram[off + i] &= data[i];
    }
    write_back(s, off, len);
}

/* An operation is over: the chip is ready and shows its status. */
static void op_done(PFlashState *s)
{
    s->status |= PFLASH_SR_READY;
    s->cmd = CMD_READ_STATUS;
    s->wcycle = 0;
}

static void sequence_error(PFlashState *s, hwaddr off, uint8_t value)
{
    log_unimp("pflash %s: unsupported command sequence (offset 0x%" PRIx64 ", cycle %u, "
              "command 0x%02x, value 0x%02x)\n", s->name, off, s->wcycle, s->cmd, value);
    s->status |= PFLASH_SR_SEQ_ERR;
    s->wcycle = 0;
    s->cmd = CMD_READ_STATUS;
}

static void first_cycle(PFlashState *s, hwaddr off, uint8_t cmd)
{
    switch (cmd) {
    case CMD_READ_ARRAY:
    case CMD_READ_ARRAY_AMD:
    case CMD_RESET_QEMU:        /* QEMU's model takes 0x00 as read array too */
        s->cmd = 0;
        break;
    case CMD_PROGRAM:
    case CMD_PROGRAM_ALT:
    case CMD_ERASE:
    case CMD_ERASE_ALT:
    case CMD_LOCK_SETUP:
        s->cmd = cmd == CMD_PROGRAM_ALT ? CMD_PROGRAM : cmd == CMD_ERASE_ALT ? CMD_ERASE : cmd;
        s->wcycle = 1;
        break;
    case CMD_WRITE_BUFFER:
        /* The buffer is free at once (the extended status's bit 7). */
        s->status |= PFLASH_SR_READY;
        s->cmd = cmd;
        s->wcycle = 1;
        break;
    case CMD_CLEAR_STATUS:
        s->status = PFLASH_SR_READY;
        s->cmd = 0;
        break;
    case CMD_READ_STATUS:
    case CMD_READ_ID:
    case CMD_CFI_QUERY:
        s->cmd = cmd;
        break;
    default:
        s->cmd = cmd;
        sequence_error(s, off, cmd);
        break;
    }
}

static void pflash_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PFlashState *s = opaque;
    uint8_t cmd = (uint8_t)val;
    hwaddr block = addr & ~(s->sector_len - 1);

    switch (s->wcycle) {
    case 0:
        first_cycle(s, addr, cmd);
        break;
    case 1:
        switch (s->cmd) {
        case CMD_PROGRAM: {
            uint8_t bytes[8];
            for (unsigned i = 0; i < size; i++) {
                bytes[i] = (uint8_t)(val >> (8 * i));
            }
            if (may_change(s, addr, PFLASH_SR_PROG_ERR, "program")) {
                program(s, addr, bytes, size);
            }
            op_done(s);
            break;
        }
        case CMD_ERASE:
            if (cmd == CMD_READ_ARRAY) {
                s->cmd = 0;
                s->wcycle = 0;
            } else if (cmd != CMD_CONFIRM) {
                sequence_error(s, addr, cmd);
            } else {
                if (may_change(s, block, PFLASH_SR_ERASE_ERR, "block erase")) {
                    memset(s->mem.ram + block, 0xff, s->sector_len);
                    write_back(s, block, s->sector_len);
                }
                op_done(s);
            }
            break;
        case CMD_LOCK_SETUP:
            if (cmd == CMD_LOCK_BIT) {
                s->locked[block / s->sector_len] = 1;
            } else if (cmd == CMD_CONFIRM) {
                /* The J3's clear: every block's lock bit at once. */
                memset(s->locked, 0, s->size / s->sector_len);
            } else if (cmd == CMD_READ_ARRAY) {
                s->cmd = 0;
                s->wcycle = 0;
                break;
            } else {
                sequence_error(s, addr, cmd);
                break;
            }
            op_done(s);
            break;
        case CMD_WRITE_BUFFER: {
            /* The count: N + 1 writes follow, each a bank word at most. */
            uint32_t n = (uint32_t)(val & ((1ull << (8 * s->device_width)) - 1)) + 1;
            if (n > s->buf_size / s->bank_width) {
                sequence_error(s, addr, cmd);
                break;
            }
            s->counter = n;
            s->buf_base = UINT64_MAX;
            s->buf_bad = false;
            memset(s->buf, 0xff, s->buf_size);
            s->wcycle = 2;
            break;
        }
        default:
            sequence_error(s, addr, cmd);
            break;
        }
        break;
    case 2:
        /* Buffered program data: staged, written at the confirm. All of one
         * program lies in one aligned window of the buffer's size. */
        if (s->buf_base == UINT64_MAX) {
            s->buf_base = addr & ~(hwaddr)(s->buf_size - 1);
        }
        if (addr < s->buf_base || addr + size > s->buf_base + s->buf_size) {
            s->buf_bad = true;
        } else {
            for (unsigned i = 0; i < size; i++) {
                s->buf[addr - s->buf_base + i] = (uint8_t)(val >> (8 * i));
            }
        }
        if (--s->counter == 0) {
            s->wcycle = 3;
        }
        break;
    case 3:
        if (cmd != CMD_CONFIRM) {
            sequence_error(s, addr, cmd);
            break;
        }
        if (s->buf_bad) {
            log_guest_error("pflash %s: buffered program outside its %u-byte window at 0x%"
                            PRIx64 "\n", s->name, s->buf_size, s->buf_base);
            s->status |= PFLASH_SR_SEQ_ERR;
        } else if (may_change(s, s->buf_base, PFLASH_SR_PROG_ERR, "buffered program")) {
            program(s, s->buf_base, s->buf, s->buf_size);
        }
        op_done(s);
        break;
    }
    /* Read array is romd mode: the TLB maps the bank again. */
    mr_rom_device_set_romd(&s->mem, s->cmd == 0 && s->wcycle == 0);
}

static const MemoryRegionOps pflash_ops = {
    .read = pflash_read,
    .write = pflash_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    /* An 8-byte access is two bank words, as on QEMU's model. */
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* The CFI query table of one device (the values QEMU's virt flash answers). */
static void build_cfi(PFlashState *s)
{
    unsigned ndev = n_devices(s);
    uint64_t dev_sector = s->sector_len / ndev;
    uint64_t blocks = s->size / s->sector_len;
    uint8_t *t = s->cfi;

    memset(t, 0, PFLASH_CFI_LEN);
    t[0x10] = 'Q'; t[0x11] = 'R'; t[0x12] = 'Y';
    t[0x13] = 0x01; t[0x14] = 0x00;         /* primary command set: Intel/Sharp extended */
    t[0x15] = 0x31; t[0x16] = 0x00;         /* its extended table at 0x31 */
    t[0x1b] = 0x45; t[0x1c] = 0x55;         /* Vcc 4.5-5.5 V */
    t[0x1f] = 0x07;                         /* typical word program: 2^7 us */
    t[0x20] = 0x07;                         /* typical buffer program: 2^7 us */
    t[0x21] = 0x0a;                         /* typical block erase: 2^10 ms */
    t[0x23] = 0x04; t[0x24] = 0x04; t[0x25] = 0x04;  /* maxima: 2^4 times typical */
    t[0x27] = (uint8_t)__builtin_ctzll(s->size / ndev);     /* device size 2^N */
    t[0x28] = 0x02; t[0x29] = 0x00;         /* x8/x16 interface */
    t[0x2a] = (uint8_t)__builtin_ctz(s->buf_size / ndev);   /* write buffer 2^N bytes */
    t[0x2c] = 0x01;                         /* one erase block region */
    t[0x2d] = (uint8_t)(blocks - 1); t[0x2e] = (uint8_t)((blocks - 1) >> 8);
    t[0x2f] = (uint8_t)(dev_sector >> 8); t[0x30] = (uint8_t)(dev_sector >> 16);
    t[0x31] = 'P'; t[0x32] = 'R'; t[0x33] = 'I';
    t[0x34] = '1'; t[0x35] = '0';
    t[0x3f] = 0x01;                         /* one protection field */
}

static bool pflash_realize(Object *obj, GError **errp)
{
    PFlashState *s = (PFlashState *)obj;

    if (!s->name || !s->size || !s->sector_len || (s->sector_len & (s->sector_len - 1)) ||
        s->size % s->sector_len || !s->bank_width || !s->device_width ||
        s->bank_width % s->device_width || s->bank_width > 4 || s->device_width > 2 ||
        (s->size & (s->size - 1))) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: bad flash geometry (size 0x%" PRIx64 ", sector 0x%" PRIx64
                    ", width %u, device width %u)", TYPE_PFLASH_CFI01, s->size,
                    s->sector_len, s->bank_width, s->device_width);
        return false;
    }
    if (!mr_init_rom_device(&s->mem, obj, &pflash_ops, s, s->name, s->size, errp)) {
        return false;
    }
    /* 2 KiB a device, as QEMU's table says. */
    s->buf_size = 2048 * n_devices(s);
    s->buf = g_malloc(s->buf_size);
    s->locked = g_malloc0(s->size / s->sector_len);
    build_cfi(s);
    return true;
}

void pflash_fill_erased(PFlashState *s)
{
    memset(s->mem.ram, 0xff, s->size);
}

bool pflash_attach_file(PFlashState *s, const char *path, bool readonly, GError **errp)
{
    int fd = open(path, readonly ? O_RDONLY : O_RDWR);
    struct stat st;

    if (fd < 0) {
        int err = errno;
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(err),
                    "could not open flash file '%s'%s: %s", path,
                    !readonly && (err == EACCES || err == EROFS) ? " for writing" : "",
                    g_strerror(err));
        return false;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "flash file '%s' is not a regular file", path);
        close(fd);
        return false;
    }
    if ((uint64_t)st.st_size > s->size) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "flash file '%s' (%" PRIu64 " bytes) is larger than the flash bank "
                    "%s (%" PRIu64 " bytes)", path, (uint64_t)st.st_size, s->name, s->size);
        close(fd);
        return false;
    }
    pflash_fill_erased(s);
    for (uint64_t done = 0; done < (uint64_t)st.st_size;) {
        ssize_t n = pread(fd, s->mem.ram + done, (size_t)st.st_size - done, (off_t)done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_IO, "could not read flash file '%s': %s",
                        path, n < 0 ? g_strerror(errno) : "unexpected end of file");
            close(fd);
            return false;
        }
        done += (uint64_t)n;
    }
    if (s->fd >= 0) {
        close(s->fd);
    }
    s->fd = readonly ? -1 : fd;
    if (readonly) {
        close(fd);
    }
    g_free(s->file);
    s->file = g_strdup(path);
    s->readonly = readonly;
    return true;
}

static void pflash_reset(Object *obj)
{
    PFlashState *s = (PFlashState *)obj;

    if (!s->mem.ram) {
        return;
    }
    s->wcycle = 0;
    s->cmd = 0;
    s->status = PFLASH_SR_READY;
    mr_rom_device_set_romd(&s->mem, true);
}

static void pflash_instance_init(Object *obj)
{
    PFlashState *s = (PFlashState *)obj;

    s->fd = -1;
}

static void pflash_instance_finalize(Object *obj)
{
    PFlashState *s = (PFlashState *)obj;

    if (s->fd >= 0) {
        close(s->fd);
    }
    if (!s->mem.container) {
        mr_destroy(&s->mem);
    }
    g_free(s->buf);
    g_free(s->locked);
    g_free(s->file);
}

static void pflash_print_info(Object *obj, GString *out, int indent)
{
    mr_print_mapping(&((PFlashState *)obj)->mem, out, indent);
}

static void pflash_class_init(ObjectClass *oc, void *data)
{
    oc->realize = pflash_realize;
    oc->reset = pflash_reset;
    oc->print_info = pflash_print_info;
    oc->desc = "CFI parallel flash, Intel/Sharp command set";
}

static const Property pflash_props[] = {
    PROP_STR("name", PFlashState, name, NULL),
    PROP_U64_HEX("size", PFlashState, size, 0),
    PROP_U64_HEX("sector-length", PFlashState, sector_len, 0x40000),
    PROP_U32("width", PFlashState, bank_width, 4),
    PROP_U32("device-width", PFlashState, device_width, 2),
    PROP_U32("id0", PFlashState, id0, 0x89),
    PROP_U32("id1", PFlashState, id1, 0x18),
    PROP_END,
};

static const TypeInfo pflash_info = {
    .name = TYPE_PFLASH_CFI01,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(PFlashState),
    .class_init = pflash_class_init,
    .instance_init = pflash_instance_init,
    .instance_finalize = pflash_instance_finalize,
    .props = pflash_props,
};

static void pflash_register_types(void)
{
    type_register(&pflash_info);
}

TYPE_INIT(pflash_register_types)
