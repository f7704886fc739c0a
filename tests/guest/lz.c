/* lz: a small LZ77 compressor (hash of 4 bytes -> last position, literal runs and
 * matches) and its decompressor over a half-compressible buffer; the round trip must match. */
#include "rt.h"
#include "bench.h"

static uint8_t src[LZ_BYTES], comp[LZ_BYTES + LZ_BYTES / 8 + 64], out[LZ_BYTES];
static uint32_t head[1 << 14];

static uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* Format: token byte: high bit 0 -> literal run of (t+1) bytes follow; 1 -> match of
 * length (t & 0x7f) + 4 at a 16-bit distance that follows. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *o)
{
    size_t i = 0, op = 0, lit = 0;
    memset(head, 0xff, sizeof(head));
    while (i + 4 <= n) {
        uint32_t h = (rd32(in + i) * 2654435761u) >> 18;
        uint32_t cand = head[h];
        head[h] = i;
        if (cand != 0xffffffffu && i - cand < 65536 && rd32(in + cand) == rd32(in + i)) {
            size_t len = 4;
            while (i + len < n && len < 131 && in[cand + len] == in[i + len])
                len++;
            while (lit) {
                size_t run = lit > 128 ? 128 : lit;
                o[op++] = run - 1;
                memcpy(o + op, in + i - lit, run);
                op += run;
                lit -= run;
            }
            o[op++] = 0x80 | (len - 4);
            o[op++] = (i - cand) & 0xff;
            o[op++] = (i - cand) >> 8;
            i += len;
        } else {
            i++;
            lit++;
        }
    }
    lit += n - i;
    i = n;
    while (lit) {
        size_t run = lit > 128 ? 128 : lit;
        o[op++] = run - 1;
        memcpy(o + op, in + i - lit, run);
        op += run;
        lit -= run;
    }
    return op;
}

static size_t decompress(const uint8_t *c, size_t n, uint8_t *o)
{
    size_t ip = 0, op = 0;
    while (ip < n) {
        uint8_t t = c[ip++];
        if (t & 0x80) {
            size_t len = (t & 0x7f) + 4, dist = c[ip] | c[ip + 1] << 8;
            ip += 2;
            for (size_t k = 0; k < len; k++, op++)
                o[op] = o[op - dist];
        } else {
            memcpy(o + op, c + ip, t + 1u);
            ip += t + 1u;
            op += t + 1u;
        }
    }
    return op;
}

int main(void)
{
    uint64_t s = 2024;
    static const char *const words[] = { "emulator ", "aarch64 ", "translation ", "block ",
                                         "qemu ", "register ", "exception ", "0123456789" };
    size_t n = 0;
    while (n < LZ_BYTES) {
        uint64_t r = bench_rand(&s);
        if (r & 1) {
            const char *w = words[(r >> 8) & 7];
            while (*w && n < LZ_BYTES)
                src[n++] = *w++;
        } else {
            src[n++] = (uint8_t)(r >> 16);
        }
    }
    size_t csize = 0, total = 0;
    uint64_t check = 0;
    for (unsigned r = 0; r < LZ_ROUNDS; r++) {
        src[r * 977] ^= 0xff;
        csize = compress(src, LZ_BYTES, comp);
        size_t dsize = decompress(comp, csize, out);
        CHECK("lz round trip size", dsize, LZ_BYTES);
        CHECK("lz round trip data", memcmp(src, out, LZ_BYTES), 0);
        total += csize;
        for (size_t i = 0; i < csize; i++)
            check = check * 31 + comp[i];
    }
    printf("lz: %u bytes -> %lu bytes, %u rounds, checksum 0x%016lx\n", LZ_BYTES, csize,
           LZ_ROUNDS, check);
    return rt_report("lz");
}
