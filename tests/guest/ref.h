/* C reference semantics for the self-checks of the guest programs (flags, conditions, CRC). */
#ifndef REF_H
#define REF_H
#include <stdint.h>

#define NZCV_N (1ull << 31)
#define NZCV_Z (1ull << 30)
#define NZCV_C (1ull << 29)
#define NZCV_V (1ull << 28)

/* a + b + c with AArch64 NZCV, 64-bit (sf=1) or 32-bit (result zero-extended). */
static inline uint64_t ref_add(uint64_t a, uint64_t b, unsigned c, int sf, uint64_t *nzcv)
{
    uint64_t r, f = 0;
    if (sf) {
        unsigned __int128 u = (unsigned __int128)a + b + c;
        r = (uint64_t)u;
        if (r >> 63) f |= NZCV_N;
        if (!r) f |= NZCV_Z;
        if (u >> 64) f |= NZCV_C;
        if (((a ^ r) & (b ^ r)) >> 63) f |= NZCV_V;
    } else {
        uint32_t a32 = a, b32 = b;
        uint64_t u = (uint64_t)a32 + b32 + c;
        uint32_t r32 = (uint32_t)u;
        r = r32;
        if (r32 >> 31) f |= NZCV_N;
        if (!r32) f |= NZCV_Z;
        if (u >> 32) f |= NZCV_C;
        if (((a32 ^ r32) & (b32 ^ r32)) >> 31) f |= NZCV_V;
    }
    if (nzcv) *nzcv = f;
    return r;
}

static inline uint64_t ref_logic_flags(uint64_t r, int sf)
{
    uint64_t f = 0;
    if (!sf) r = (uint32_t)r;
    if (r >> (sf ? 63 : 31)) f |= NZCV_N;
    if (!r) f |= NZCV_Z;
    return f;
}

static inline int ref_cond(unsigned cond, uint64_t f)
{
    int n = !!(f & NZCV_N), z = !!(f & NZCV_Z), c = !!(f & NZCV_C), v = !!(f & NZCV_V), r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = 1; break;
    }
    if ((cond & 1) && cond != 15) r = !r;
    return r;
}

/* Bitwise CRC-32 (reflected); poly 0xEDB88320 (crc32*) or 0x82F63B78 (crc32c*). */
static inline uint32_t ref_crc(uint32_t crc, uint64_t data, int bytes, uint32_t poly)
{
    for (int i = 0; i < bytes * 8; i++) {
        uint32_t bit = (crc ^ (uint32_t)(data >> i)) & 1;
        crc = (crc >> 1) ^ (bit ? poly : 0);
    }
    return crc;
}

#endif
