/* gdbpkt.c: the GDB remote protocol's packet layer: "$payload#cs" framing
 * with acks, checksums, hex and binary escaping. No I/O: the stub feeds bytes. */
#include <string.h>
#include "debug/gdbstub.h"

enum { ST_IDLE, ST_DATA, ST_CSUM1, ST_CSUM2 };

void gdb_pkt_init(GdbPktParser *p)
{
    memset(p, 0, sizeof(*p));
    p->data = g_string_sized_new(256);
}

void gdb_pkt_free(GdbPktParser *p)
{
    if (p->data) {
        g_string_free(p->data, TRUE);
        p->data = NULL;
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

GdbPktEvent gdb_pkt_feed(GdbPktParser *p, uint8_t c)
{
    switch (p->state) {
    case ST_IDLE:
        switch (c) {
        case '$':
            g_string_truncate(p->data, 0);
            p->sum = 0;
            p->overflow = false;
            p->state = ST_DATA;
            return GDB_EV_NONE;
        case 0x03:
            return GDB_EV_INTERRUPT;
        case '+':
            return GDB_EV_ACK;
        case '-':
            return GDB_EV_NACK;
        default:
            return GDB_EV_NONE;     /* line noise between packets */
        }
    case ST_DATA:
        if (c == '#') {
            p->state = ST_CSUM1;
        } else if (c == '$') {
            /* A new start inside a packet: the sender gave up on the old one. */
            g_string_truncate(p->data, 0);
            p->sum = 0;
            p->overflow = false;
        } else {
            p->sum += c;
            if (p->data->len >= GDB_MAX_PACKET) {
                p->overflow = true;
            } else {
                g_string_append_c(p->data, (char)c);
            }
        }
        return GDB_EV_NONE;
    case ST_CSUM1:
        p->csum_hi = c;
        p->state = ST_CSUM2;
        return GDB_EV_NONE;
    default: {
        int hi = hexval(p->csum_hi), lo = hexval(c);
        p->state = ST_IDLE;
        if (p->overflow) {
            g_string_truncate(p->data, 0);
            return GDB_EV_OVERFLOW;
        }
        if (hi < 0 || lo < 0 || (uint8_t)(hi << 4 | lo) != p->sum) {
            return GDB_EV_BAD_CSUM;
        }
        return GDB_EV_PACKET;
    }
    }
}

uint8_t gdb_checksum(const char *data, size_t len)
{
    uint8_t s = 0;
    for (size_t i = 0; i < len; i++) {
        s += (uint8_t)data[i];
    }
    return s;
}

void gdb_pkt_frame(GString *out, const char *data, size_t len)
{
    uint8_t sum = 0;

    g_string_append_c(out, '$');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)data[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            sum += '}';
            c ^= 0x20;
        }
        g_string_append_c(out, (char)c);
        sum += c;
    }
    g_string_append_printf(out, "#%02x", sum);
}

void gdb_hex_encode(GString *out, const void *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *b = buf;
    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, digits[b[i] >> 4]);
        g_string_append_c(out, digits[b[i] & 15]);
    }
}

bool gdb_hex_decode(const char *hex, void *buf, size_t len)
{
    uint8_t *b = buf;
    for (size_t i = 0; i < len; i++) {
        int hi = hexval((unsigned char)hex[2 * i]);
        int lo = hi < 0 ? -1 : hexval((unsigned char)hex[2 * i + 1]);
        if (lo < 0) {
            return false;
        }
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_parse_hex(const char *s, uint64_t *v, const char **end)
{
    uint64_t x = 0;
    const char *q = s;
    int d;

    while ((d = hexval((unsigned char)*q)) >= 0) {
        if (x >> 60) {
            return false;
        }
        x = x << 4 | (uint64_t)d;
        q++;
    }
    if (q == s) {
        return false;
    }
    *v = x;
    if (end) {
        *end = q;
    }
    return true;
}

size_t gdb_unescape(char *buf, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '}' && i + 1 < len) {
            buf[o++] = (char)(buf[++i] ^ 0x20);
        } else {
            buf[o++] = buf[i];
        }
    }
    return o;
}
