/* loader.c: reading image files (with gunzip) and the kernel formats: ELF64,
 * uImage, the arm64 Image (plain or gzipped) and raw binaries. Each adds its
 * bytes to the ROM list at the address the format (or mini-virt.md) gives. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "boot/boot.h"
#include "core/symtab.h"

#define MiB ((uint64_t)1024 * 1024)
#define ARM64_MAGIC_OFFSET 0x38
#define ARM64_MAGIC "ARM\x64"
/* QEMU's hw/arm/boot.c: a raw AArch64 image, or an Image from before v3.17
 * (image_size 0, text_offset unspecified), goes at RAM + 0x80000. */
#define KERNEL64_LOAD_OFFSET 0x80000
/* The stub reserves the bottom of RAM; an Image asking for an offset this
 * low (within the stub's page) is moved up by 2 MiB, as QEMU does. */
#define BOOTLOADER_MAX_SIZE 0x1000
#define UIMAGE_MAGIC 0x27051956u

static uint16_t rd16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static uint32_t rd32be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void set_err(GError **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void set_err(GError **errp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, msg);
    g_free(msg);
}

/* ---- Files ----------------------------------------------------------------- */

/* I/O failures carry the errno's GFileError code: callers tell them from
 * format errors (always G_FILE_ERROR_INVAL) to word them as QEMU does. */
static void set_io_err(GError **errp, const char *path, int err)
{
    g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", path,
                g_strerror(err));
}

bool image_is_gzip(const uint8_t *data, uint64_t len)
{
    return len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

bool gunzip_buffer(const char *name, const uint8_t *in, uint64_t inlen,
                   uint64_t max_size, uint8_t **out, uint64_t *outlen, GError **errp)
{
    z_stream zs = { 0 };
    /* One byte over the cap tells "exactly max_size" from "too large". */
    uint64_t limit = max_size == UINT64_MAX ? max_size : max_size + 1;
    uint64_t cap = MIN(MAX(inlen * 4, (uint64_t)65536), limit);
    uint64_t in_done = 0;
    uint8_t *buf = g_try_malloc(cap);
    bool ok = false;

    if (!buf) {
        set_err(errp, "%s: out of memory decompressing", name);
        return false;
    }
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        set_err(errp, "%s: cannot initialise zlib", name);
        g_free(buf);
        return false;
    }
    for (;;) {
        /* avail_in/avail_out are 32-bit: feed the buffers in slices. */
        if (zs.avail_in == 0 && in_done < inlen) {
            zs.next_in = (Bytef *)in + in_done;
            zs.avail_in = MIN(inlen - in_done, (uint64_t)UINT_MAX);
            in_done += zs.avail_in;
        }
        if (zs.avail_out == 0) {
            if (zs.total_out >= limit) {
                set_err(errp, "%s: decompressed data is larger than %" G_GUINT64_FORMAT
                        " bytes", name, max_size);
                goto out;
            }
            if (zs.total_out == cap) {
                uint64_t ncap = cap > limit / 2 ? limit : cap * 2;
                uint8_t *nbuf = g_try_realloc(buf, ncap);
                if (!nbuf) {
                    set_err(errp, "%s: out of memory decompressing", name);
                    goto out;
                }
                buf = nbuf;
                cap = ncap;
            }
            zs.next_out = buf + zs.total_out;
            zs.avail_out = MIN(cap - zs.total_out, (uint64_t)UINT_MAX);
        }
        int ret = inflate(&zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            break;
        }
        if (ret == Z_OK || ret == Z_BUF_ERROR) {
            if (zs.avail_in == 0 && in_done == inlen && zs.avail_out != 0) {
                set_err(errp, "%s: truncated gzip data", name);
                goto out;
            }
            continue;
        }
        if (ret == Z_MEM_ERROR) {
            set_err(errp, "%s: out of memory decompressing", name);
        } else {
            set_err(errp, "%s: corrupt gzip data%s%s", name,
                    zs.msg ? ": " : "", zs.msg ? zs.msg : "");
        }
        goto out;
    }
    if (zs.total_out > max_size) {
        set_err(errp, "%s: decompressed data is larger than %" G_GUINT64_FORMAT " bytes",
                name, max_size);
        goto out;
    }
    *outlen = zs.total_out;
    *out = g_realloc(buf, MAX(zs.total_out, 1));
    buf = NULL;
    ok = true;
out:
    inflateEnd(&zs);
    g_free(buf);
    return ok;
}

static bool read_whole(const char *path, uint64_t max_size, uint8_t **data,
                       uint64_t *len, GError **errp)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_io_err(errp, path, errno);
        return false;
    }
    if (fstat(fd, &st) < 0) {
        set_io_err(errp, path, errno);
        close(fd);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        set_io_err(errp, path, EISDIR);
        close(fd);
        return false;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_size) {
        set_err(errp, "%s: file is too large (%" G_GUINT64_FORMAT " bytes, at most %"
                G_GUINT64_FORMAT ")", path, (uint64_t)st.st_size, max_size);
        close(fd);
        return false;
    }
    /* Read to EOF rather than trusting st_size (pipes, /proc files). */
    GByteArray *ba = g_byte_array_sized_new(S_ISREG(st.st_mode) ? st.st_size + 1 : 65536);
    uint8_t chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            set_io_err(errp, path, errno);
            goto fail;
        }
        if (n == 0) {
            break;
        }
        if (ba->len + (uint64_t)n > max_size) {
            set_err(errp, "%s: file is too large (more than %" G_GUINT64_FORMAT " bytes)",
                    path, max_size);
            goto fail;
        }
        g_byte_array_append(ba, chunk, n);
    }
    close(fd);
    *len = ba->len;
    *data = g_byte_array_free(ba, FALSE);
    return true;
fail:
    close(fd);
    g_byte_array_free(ba, TRUE);
    return false;
}

bool load_file(const char *path, bool allow_gzip, uint64_t max_size,
               uint8_t **data, uint64_t *len, GError **errp)
{
    uint8_t *raw;
    uint64_t rawlen;
    /* The compressed file may legitimately be near max_size; the cap that
     * matters is on what it inflates to. */
    if (!read_whole(path, allow_gzip ? MAX(max_size, (uint64_t)G_MAXINT32) : max_size,
                    &raw, &rawlen, errp)) {
        return false;
    }
    if (allow_gzip && image_is_gzip(raw, rawlen)) {
        bool ok = gunzip_buffer(path, raw, rawlen, max_size, data, len, errp);
        g_free(raw);
        return ok;
    }
    if (rawlen > max_size) {
        set_err(errp, "%s: file is too large (%" G_GUINT64_FORMAT " bytes, at most %"
                G_GUINT64_FORMAT ")", path, rawlen, max_size);
        g_free(raw);
        return false;
    }
    *data = raw;
    *len = rawlen;
    return true;
}

/* ---- ELF64 ------------------------------------------------------------------- */

bool image_is_elf(const uint8_t *data, uint64_t len)
{
    return len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

/* The ELF's function and label symbols (SHT_SYMTAB) into the guest's symbol table,
 * for plugins; a file without one, or with a malformed one, adds nothing. Skips the
 * mapping symbols ($x, $d) and undefined ones. */
static void elf_add_symbols(const uint8_t *data, uint64_t len)
{
    uint64_t shoff = rd64(data + offsetof(Elf64_Ehdr, e_shoff));
    uint16_t shentsize = rd16(data + offsetof(Elf64_Ehdr, e_shentsize));
    uint16_t shnum = rd16(data + offsetof(Elf64_Ehdr, e_shnum));

    if (!shoff || shentsize < sizeof(Elf64_Shdr) || shoff > len ||
        (uint64_t)shnum * shentsize > len - shoff) {
        return;
    }
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = data + shoff + (uint64_t)i * shentsize;
        if (rd32(sh + offsetof(Elf64_Shdr, sh_type)) != SHT_SYMTAB) {
            continue;
        }
        uint64_t off = rd64(sh + offsetof(Elf64_Shdr, sh_offset));
        uint64_t size = rd64(sh + offsetof(Elf64_Shdr, sh_size));
        uint32_t link = rd32(sh + offsetof(Elf64_Shdr, sh_link));
        if (link >= shnum || off > len || size > len - off) {
            return;
        }
        const uint8_t *str_sh = data + shoff + (uint64_t)link * shentsize;
        uint64_t str_off = rd64(str_sh + offsetof(Elf64_Shdr, sh_offset));
        uint64_t str_size = rd64(str_sh + offsetof(Elf64_Shdr, sh_size));
        if (str_off > len || str_size > len - str_off || str_size == 0 ||
            data[str_off + str_size - 1] != 0) {
            return;
        }
        for (uint64_t k = 0; k + sizeof(Elf64_Sym) <= size; k += sizeof(Elf64_Sym)) {
            const uint8_t *sym = data + off + k;
            uint32_t name = rd32(sym + offsetof(Elf64_Sym, st_name));
            unsigned type = ELF64_ST_TYPE(sym[offsetof(Elf64_Sym, st_info)]);
            uint16_t shndx = rd16(sym + offsetof(Elf64_Sym, st_shndx));
            if (name == 0 || name >= str_size || shndx == SHN_UNDEF ||
                (type != STT_FUNC && type != STT_NOTYPE) ||
                data[str_off + name] == '$') {
                continue;
            }
            symtab_add(rd64(sym + offsetof(Elf64_Sym, st_value)),
                       rd64(sym + offsetof(Elf64_Sym, st_size)),
                       (const char *)data + str_off + name);
        }
        return;
    }
}

typedef struct ElfSeg {
    uint64_t offset, filesz, memsz, paddr, vaddr;
} ElfSeg;

bool elf_load(const char *name, const uint8_t *data, uint64_t len,
              LoadedKernel *out, GError **errp)
{
    if (!image_is_elf(data, len)) {
        set_err(errp, "%s: not an ELF file", name);
        return false;
    }
    if (len < EI_NIDENT) {
        set_err(errp, "%s: truncated ELF header", name);
        return false;
    }
    if (data[EI_CLASS] != ELFCLASS64) {
        set_err(errp, "%s: ELF class %u is not supported (need a 64-bit ELF)",
                name, data[EI_CLASS]);
        return false;
    }
    if (data[EI_DATA] != ELFDATA2LSB) {
        set_err(errp, "%s: ELF data encoding %u is not supported (need little-endian)",
                name, data[EI_DATA]);
        return false;
    }
    if (len < sizeof(Elf64_Ehdr)) {
        set_err(errp, "%s: truncated ELF header (%" G_GUINT64_FORMAT " bytes)", name, len);
        return false;
    }
    uint16_t type = rd16(data + offsetof(Elf64_Ehdr, e_type));
    uint16_t machine = rd16(data + offsetof(Elf64_Ehdr, e_machine));
    uint64_t entry = rd64(data + offsetof(Elf64_Ehdr, e_entry));
    uint64_t phoff = rd64(data + offsetof(Elf64_Ehdr, e_phoff));
    uint16_t phentsize = rd16(data + offsetof(Elf64_Ehdr, e_phentsize));
    uint16_t phnum = rd16(data + offsetof(Elf64_Ehdr, e_phnum));

    if (machine != EM_AARCH64) {
        set_err(errp, "%s: ELF machine %u is not AArch64 (%u)", name, machine, EM_AARCH64);
        return false;
    }
    if (type != ET_EXEC && type != ET_DYN) {
        set_err(errp, "%s: ELF type %u is not an executable", name, type);
        return false;
    }
    if (phnum && phentsize < sizeof(Elf64_Phdr)) {
        set_err(errp, "%s: ELF program header size %u is too small", name, phentsize);
        return false;
    }
    if (phoff > len || (uint64_t)phnum * phentsize > len - phoff) {
        set_err(errp, "%s: truncated ELF (program headers past the end of the file)", name);
        return false;
    }

    /* Validate every segment before adding any blob: all or nothing. */
    g_autofree ElfSeg *segs = g_new0(ElfSeg, phnum ? phnum : 1);
    unsigned nseg = 0;
    uint64_t low = UINT64_MAX, high = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + (uint64_t)i * phentsize;
        if (rd32(ph + offsetof(Elf64_Phdr, p_type)) != PT_LOAD) {
            continue;
        }
        ElfSeg s = {
            .offset = rd64(ph + offsetof(Elf64_Phdr, p_offset)),
            .vaddr = rd64(ph + offsetof(Elf64_Phdr, p_vaddr)),
            .paddr = rd64(ph + offsetof(Elf64_Phdr, p_paddr)),
            .filesz = rd64(ph + offsetof(Elf64_Phdr, p_filesz)),
            .memsz = rd64(ph + offsetof(Elf64_Phdr, p_memsz)),
        };
        if (s.filesz > s.memsz) {
            set_err(errp, "%s: ELF segment %u has file size 0x%" G_GINT64_MODIFIER
                    "x larger than its memory size 0x%" G_GINT64_MODIFIER "x",
                    name, i, s.filesz, s.memsz);
            return false;
        }
        if (s.offset > len || s.filesz > len - s.offset) {
            set_err(errp, "%s: truncated ELF (segment %u, 0x%" G_GINT64_MODIFIER
                    "x bytes at offset 0x%" G_GINT64_MODIFIER "x, lies past the end "
                    "of the file)", name, i, s.filesz, s.offset);
            return false;
        }
        if (s.memsz == 0) {
            continue;
        }
        if (s.memsz - 1 > UINT64_MAX - s.paddr) {
            set_err(errp, "%s: ELF segment %u wraps past the end of the address space",
                    name, i);
            return false;
        }
        low = MIN(low, s.paddr);
        high = MAX(high, s.paddr + s.memsz);
        segs[nseg++] = s;
    }
    if (nseg == 0) {
        set_err(errp, "%s: ELF has no loadable segments", name);
        return false;
    }

    bool is_linux = segs[0].filesz >= ARM64_MAGIC_OFFSET + 4 &&
        memcmp(data + segs[0].offset + ARM64_MAGIC_OFFSET, ARM64_MAGIC, 4) == 0;
    if (is_linux) {
        /* vmlinux links at a virtual address; the stub jumps with the MMU off. */
        for (unsigned i = 0; i < nseg; i++) {
            if (entry >= segs[i].vaddr && entry - segs[i].vaddr < segs[i].memsz) {
                entry = segs[i].paddr + (entry - segs[i].vaddr);
                break;
            }
        }
    }
    for (unsigned i = 0; i < nseg; i++) {
        uint8_t *copy = segs[i].filesz ? g_memdup2(data + segs[i].offset, segs[i].filesz)
                                       : NULL;
        rom_add_blob_sized(name, copy, segs[i].filesz, segs[i].memsz, segs[i].paddr);
    }
    elf_add_symbols(data, len);
    *out = (LoadedKernel){
        .kind = IMAGE_ELF, .is_linux = is_linux, .entry = entry, .low = low, .high = high,
    };
    return true;
}

/* ---- uImage ------------------------------------------------------------------ */

bool image_is_uimage(const uint8_t *data, uint64_t len)
{
    return len >= 4 && rd32be(data) == UIMAGE_MAGIC;
}

bool uimage_parse(const char *name, const uint8_t *data, uint64_t len,
                  UImageHeader *h, GError **errp)
{
    if (!image_is_uimage(data, len)) {
        set_err(errp, "%s: not a uImage", name);
        return false;
    }
    if (len < UIMAGE_HEADER_SIZE) {
        set_err(errp, "%s: truncated uImage header", name);
        return false;
    }
    uint8_t hdr[UIMAGE_HEADER_SIZE];
    memcpy(hdr, data, sizeof(hdr));
    uint32_t hcrc = rd32be(hdr + 4);
    memset(hdr + 4, 0, 4);
    uint32_t calc = crc32(0, hdr, sizeof(hdr));
    if (calc != hcrc) {
        set_err(errp, "%s: uImage header CRC mismatch (0x%08x, computed 0x%08x)",
                name, hcrc, calc);
        return false;
    }
    h->time = rd32be(data + 8);
    h->size = rd32be(data + 12);
    h->load = rd32be(data + 16);
    h->ep = rd32be(data + 20);
    h->dcrc = rd32be(data + 24);
    h->os = data[28];
    h->arch = data[29];
    h->type = data[30];
    h->comp = data[31];
    memcpy(h->name, data + 32, 32);
    h->name[32] = 0;
    if (h->size > len - UIMAGE_HEADER_SIZE) {
        set_err(errp, "%s: truncated uImage (header says %u data bytes, file has %"
                G_GUINT64_FORMAT ")", name, h->size, len - UIMAGE_HEADER_SIZE);
        return false;
    }
    /* zlib's crc32 takes a uInt length; uImage sizes are 32-bit anyway. */
    calc = crc32(0, data + UIMAGE_HEADER_SIZE, h->size);
    if (calc != h->dcrc) {
        set_err(errp, "%s: uImage data CRC mismatch (0x%08x, computed 0x%08x)",
                name, h->dcrc, calc);
        return false;
    }
    return true;
}

bool uimage_load_kernel(const char *name, const uint8_t *data, uint64_t len,
                        uint64_t max_size, LoadedKernel *out, GError **errp)
{
    UImageHeader h;
    uint8_t *payload;
    uint64_t plen;

    if (!uimage_parse(name, data, len, &h, errp)) {
        return false;
    }
    if (h.type != UIMAGE_TYPE_KERNEL) {
        set_err(errp, "%s: uImage type %u is not a kernel (%u)", name, h.type,
                UIMAGE_TYPE_KERNEL);
        return false;
    }
    switch (h.comp) {
    case UIMAGE_COMP_NONE:
        plen = h.size;
        payload = g_memdup2(data + UIMAGE_HEADER_SIZE, plen);
        break;
    case UIMAGE_COMP_GZIP:
        if (!gunzip_buffer(name, data + UIMAGE_HEADER_SIZE, h.size, max_size,
                           &payload, &plen, errp)) {
            return false;
        }
        break;
    default:
        set_err(errp, "%s: uImage compression %u is not supported (only none and gzip)",
                name, h.comp);
        return false;
    }
    if (plen == 0) {
        g_free(payload);
        set_err(errp, "%s: uImage has no data", name);
        return false;
    }
    rom_add_blob_owned(name, payload, plen, h.load);
    *out = (LoadedKernel){
        .kind = IMAGE_UIMAGE, .is_linux = h.os == UIMAGE_OS_LINUX, .entry = h.ep,
        .low = h.load, .high = (uint64_t)h.load + plen,
    };
    return true;
}

/* ---- arm64 Image / raw -------------------------------------------------------- */

/* Takes ownership of data. */
static bool load_arm64_or_raw(const char *path, uint8_t *data, uint64_t len,
                              hwaddr ram_base, LoadedKernel *out, GError **errp)
{
    uint64_t offset = KERNEL64_LOAD_OFFSET, image_size = 0;
    ImageKind kind = IMAGE_RAW;

    if (len >= ARM64_MAGIC_OFFSET + 4 &&
        memcmp(data + ARM64_MAGIC_OFFSET, ARM64_MAGIC, 4) == 0) {
        kind = IMAGE_ARM64;
        image_size = rd64(data + 16);
        /* booting.rst: image_size 0 means a pre-3.17 kernel whose text_offset
         * cannot be trusted; it wants 0x80000. */
        if (image_size != 0) {
            offset = rd64(data + 8);
            if (offset < BOOTLOADER_MAX_SIZE) {
                offset += 2 * MiB;
            }
        }
    }
    if (offset > UINT64_MAX - ram_base ||
        MAX(image_size, len) > UINT64_MAX - (ram_base + offset)) {
        set_err(errp, "%s: text_offset 0x%" G_GINT64_MODIFIER "x puts the kernel outside "
                "the address space", path, offset);
        g_free(data);
        return false;
    }
    hwaddr load = ram_base + offset;
    rom_add_blob_owned(path, data, len, load);
    *out = (LoadedKernel){
        .kind = kind, .is_linux = true, .entry = load,
        .low = load, .high = load + MAX(image_size, len),
    };
    return true;
}

bool load_kernel(const char *path, hwaddr ram_base, uint64_t ram_size,
                 LoadedKernel *out, GError **errp)
{
    uint8_t *data;
    uint64_t len;
    /* A vmlinux with debug info can be much bigger than what it loads. */
    uint64_t file_max = MAX(ram_size, 4ULL << 30);

    if (!load_file(path, false, file_max, &data, &len, errp)) {
        return false;
    }
    if (len == 0) {
        set_err(errp, "%s: file is empty", path);
        g_free(data);
        return false;
    }
    if (image_is_elf(data, len)) {
        bool ok = elf_load(path, data, len, out, errp);
        g_free(data);
        return ok;
    }
    if (image_is_uimage(data, len)) {
        bool ok = uimage_load_kernel(path, data, len, ram_size, out, errp);
        g_free(data);
        return ok;
    }
    if (image_is_gzip(data, len)) {
        uint8_t *plain;
        uint64_t plen;
        bool ok = gunzip_buffer(path, data, len, ram_size, &plain, &plen, errp);
        g_free(data);
        if (!ok) {
            return false;
        }
        data = plain;
        len = plen;
        if (len == 0) {
            set_err(errp, "%s: decompresses to nothing", path);
            g_free(data);
            return false;
        }
    } else if (len > ram_size) {
        set_err(errp, "%s: kernel (%" G_GUINT64_FORMAT " bytes) is larger than RAM (%"
                G_GUINT64_FORMAT " bytes)", path, len, ram_size);
        g_free(data);
        return false;
    }
    return load_arm64_or_raw(path, data, len, ram_base, out, errp);
}
