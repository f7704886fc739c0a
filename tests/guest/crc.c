/* crc: CRC-32 and CRC-32C of a 1 MiB buffer by a table-driven loop and by the crc32x /
 * crc32cx instructions; the two must agree. */
#include "rt.h"
#include "bench.h"

static uint8_t data[CRC_BYTES];
static uint32_t table[256], table_c[256];

static void make_table(uint32_t *t, uint32_t poly)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (c & 1 ? poly : 0);
        t[i] = c;
    }
}

static uint32_t crc_sw(const uint32_t *t, const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;
    while (n--)
        c = t[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t crc_hw(const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;
    for (size_t i = 0; i < n; i += 8)
        __asm__("crc32x %w0, %w0, %1" : "+r"(c) : "r"(*(const uint64_t *)(p + i)));
    return ~c;
}

static uint32_t crc_hw_c(const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;
    for (size_t i = 0; i < n; i += 8)
        __asm__("crc32cx %w0, %w0, %1" : "+r"(c) : "r"(*(const uint64_t *)(p + i)));
    return ~c;
}

int main(void)
{
    uint64_t s = 99;
    for (size_t i = 0; i < CRC_BYTES; i += 8) {
        uint64_t v = bench_rand(&s);
        memcpy(data + i, &v, 8);
    }
    make_table(table, 0xEDB88320u);
    make_table(table_c, 0x82F63B78u);
    CHECK("crc32(\"123456789\")", crc_sw(table, (const uint8_t *)"123456789", 9), 0xCBF43926u);
    CHECK("crc32c(\"123456789\")", crc_sw(table_c, (const uint8_t *)"123456789", 9), 0xE3069283u);
    uint32_t sw = 0, hw = 0, swc = 0, hwc = 0;
    for (unsigned r = 0; r < CRC_ROUNDS; r++) {
        data[r] ^= 0x5a;
        sw ^= crc_sw(table, data, CRC_BYTES);
        hw ^= crc_hw(data, CRC_BYTES);
        swc ^= crc_sw(table_c, data, CRC_BYTES / 4);
        hwc ^= crc_hw_c(data, CRC_BYTES / 4);
    }
    printf("crc: crc32 0x%08x (insn 0x%08x), crc32c 0x%08x (insn 0x%08x)\n", sw, hw, swc, hwc);
    CHECK("crc32 table == crc32x", hw, sw);
    CHECK("crc32c table == crc32cx", hwc, swc);
    return rt_report("crc");
}
