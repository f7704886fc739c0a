/* test-x86emit.c: the x86-64 emitter, checked by disassembling every form with
 * capstone and by running a few generated functions. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <capstone/capstone.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "x86-emit.h"

static const char *const r64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const r32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const r16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const r8[16] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const ccname[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};
static const char *const aluname[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };

static csh cs;
static X86Emitter E;
static uint8_t ebuf[512];
static int forms;       /* checks of one emitted form against capstone */

static const char *rn(int sz, int r)
{
    return sz == 64 ? r64[r] : sz == 32 ? r32[r] : sz == 16 ? r16[r] : r8[r];
}

static const char *ptr(int sz)
{
    return sz == 64 ? "qword ptr" : sz == 32 ? "dword ptr" : sz == 16 ? "word ptr" : "byte ptr";
}

/* All instructions in code, "mnemonic operands" joined by "; "; every byte must decode. */
static char *disasm(const uint8_t *code, size_t n, uint64_t addr)
{
    cs_insn *insn;
    size_t count = cs_disasm(cs, code, n, addr, 0, &insn);
    GString *s = g_string_new(NULL);
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        if (i) {
            g_string_append(s, "; ");
        }
        g_string_append(s, insn[i].mnemonic);
        if (insn[i].op_str[0]) {
            g_string_append_printf(s, " %s", insn[i].op_str);
        }
        used += insn[i].size;
    }
    if (count) {
        cs_free(insn, count);
    }
    if (used != n) {
        g_string_append_printf(s, " <%zu undecoded bytes>", n - used);
    }
    return g_string_free(s, FALSE);
}

static void check(const char *expect, long len, const char *what, int line)
{
    if (x86_failed(&E)) {
        g_error("line %d: %s: emitter failed: %s", line, what,
                E.error ? E.error : "overflow");
    }
    g_autofree char *got = disasm(ebuf, x86_offset(&E), 0);
    if (strcmp(got, expect) != 0) {
        g_error("line %d: %s:\n  expected '%s'\n  got      '%s'", line, what, expect, got);
    }
    if (len >= 0 && (long)x86_offset(&E) != len) {
        g_error("line %d: %s ('%s'): length %zu, expected %ld", line, what, expect,
                x86_offset(&E), len);
    }
    forms++;
}

/* Emit `stmt` into a fresh buffer and compare its disassembly (and length, if >= 0). */
#define CHECKL(len, expect, stmt) do { \
        x86_reset(&E); \
        stmt; \
        check(expect, len, #stmt, __LINE__); \
    } while (0)
#define CHECK(expect, stmt) CHECKL(-1, expect, stmt)

/* Capstone prints small displacements in decimal, the rest in hex. */
static void fmt_num(GString *s, int64_t v, bool leading)
{
    uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
    if (leading) {
        if (v < 0) {
            g_string_append_c(s, '-');
        }
    } else {
        g_string_append(s, v < 0 ? " - " : " + ");
    }
    if (a <= 9) {
        g_string_append_printf(s, "%" G_GUINT64_FORMAT, a);
    } else {
        g_string_append_printf(s, "0x%" G_GINT64_MODIFIER "x", a);
    }
}

static char *mem_str(int sz, X86Mem m)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%s [", ptr(sz));
    bool first = true;
    if (m.base == X86_RIP) {
        g_string_append(s, "rip");
        first = false;
    } else if (m.base != X86_NOREG) {
        g_string_append(s, r64[m.base]);
        first = false;
    }
    if (m.index != X86_NOREG) {
        g_string_append_printf(s, "%s%s", first ? "" : " + ", r64[m.index]);
        if (m.scale != 1) {
            g_string_append_printf(s, "*%d", m.scale);
        }
        first = false;
    }
    if (m.disp != 0 || first) {
        fmt_num(s, m.disp, first);
    }
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
}

/* ---- moves ---- */

static void test_mov(void)
{
    static const int sizes[4] = { 8, 16, 32, 64 };
    for (int si = 0; si < 4; si++) {
        int sz = sizes[si];
        for (int d = 0; d < 16; d++) {
            for (int s = 0; s < 16; s++) {
                g_autofree char *x = g_strdup_printf("mov %s, %s", rn(sz, d), rn(sz, s));
                CHECK(x, x86_mov_rr(&E, sz, d, s));
            }
        }
    }

    /* Shortest immediate forms, with their lengths. */
    CHECKL(5, "mov eax, 0", x86_mov_ri(&E, 64, X86_RAX, 0));
    CHECKL(5, "mov eax, 0xffffffff", x86_mov_ri(&E, 64, X86_RAX, 0xffffffffu));
    CHECKL(6, "mov r9d, 0x7fffffff", x86_mov_ri(&E, 64, X86_R9, 0x7fffffff));
    CHECKL(7, "mov rax, -1", x86_mov_ri(&E, 64, X86_RAX, UINT64_MAX));
    CHECKL(7, "mov r12, -0x80000000", x86_mov_ri(&E, 64, X86_R12, 0xffffffff80000000ull));
    CHECKL(10, "movabs rax, 0x100000000", x86_mov_ri(&E, 64, X86_RAX, 0x100000000ull));
    CHECKL(10, "movabs r15, 0xffffffff7fffffff",
           x86_mov_ri(&E, 64, X86_R15, 0xffffffff7fffffffull));
    CHECKL(10, "movabs rdx, 5", x86_movabs(&E, X86_RDX, 5));
    CHECKL(5, "mov edi, 0x12345678", x86_mov_ri(&E, 32, X86_RDI, 0x12345678));
    CHECKL(4, "mov cx, 0x1234", x86_mov_ri(&E, 16, X86_RCX, 0x1234));
    CHECKL(2, "mov bl, 0x7f", x86_mov_ri(&E, 8, X86_RBX, 0x7f));
    CHECKL(3, "mov sil, 0x12", x86_mov_ri(&E, 8, X86_RSI, 0x12));
    CHECKL(3, "mov r11b, 0x12", x86_mov_ri(&E, 8, X86_R11, 0x12));
    for (int r = 0; r < 16; r++) {
        g_autofree char *x = g_strdup_printf("mov %s, 0x12345678", r32[r]);
        CHECKL(r < 8 ? 5 : 6, x, x86_mov_ri(&E, 64, r, 0x12345678));
        g_autofree char *y = g_strdup_printf("movabs %s, 0x123456789abcdef0", r64[r]);
        CHECKL(10, y, x86_mov_ri(&E, 64, r, 0x123456789abcdef0ull));
        g_autofree char *z = g_strdup_printf("mov %s, -2", r64[r]);
        CHECKL(7, z, x86_mov_ri(&E, 64, r, (uint64_t)-2));
        g_autofree char *w = g_strdup_printf("xor %s, %s", r32[r], r32[r]);
        CHECKL(r < 8 ? 2 : 3, w, x86_zero(&E, r));
    }
    CHECKL(1, "cdq", x86_cdq_cqo(&E, 32));
    CHECKL(2, "cqo", x86_cdq_cqo(&E, 64));
    CHECKL(2, "cdqe", x86_cdqe(&E));
}

/* Every base with disp 0 / disp8 / disp32, with and without index, all scales. */
static void test_mem_operands(void)
{
    static const int32_t disps[] = { 0, 1, -1, 127, -128, 128, -129, 0x12345678, INT32_MIN };
    for (int b = 0; b < 16; b++) {
        for (int ix = -1; ix < 16; ix++) {
            if (ix == X86_RSP) {
                continue;
            }
            for (unsigned di = 0; di < G_N_ELEMENTS(disps); di++) {
                int32_t d = disps[di];
                int scale = 1 << ((b + ix + 1 + di) & 3);
                X86Mem m = ix < 0 ? x86_mem(b, d) : x86_mem_idx(b, ix, scale, d);
                /* REX.W + 8B + ModRM [+ SIB] [+ disp8 | disp32]. */
                bool sib = ix >= 0 || (b & 7) == 4;
                int dlen = (d == 0 && (b & 7) != 5) ? 0 : (d >= -128 && d <= 127) ? 1 : 4;
                g_autofree char *ms = mem_str(64, m);
                g_autofree char *x = g_strdup_printf("mov rdx, %s", ms);
                CHECKL(3 + sib + dlen, x, x86_load(&E, 64, X86_RDX, m));
                g_autofree char *y = g_strdup_printf("mov %s, r13", ms);
                CHECKL(3 + sib + dlen, y, x86_store(&E, 64, m, X86_R13));
            }
        }
    }
    /* RBP/R13 with no displacement must use a disp8 of zero; RSP/R12 need a SIB. */
    CHECKL(4, "mov rax, qword ptr [rbp]", x86_load(&E, 64, X86_RAX, x86_mem(X86_RBP, 0)));
    CHECKL(4, "mov rax, qword ptr [r13]", x86_load(&E, 64, X86_RAX, x86_mem(X86_R13, 0)));
    CHECKL(4, "mov rax, qword ptr [rsp]", x86_load(&E, 64, X86_RAX, x86_mem(X86_RSP, 0)));
    CHECKL(4, "mov rax, qword ptr [r12]", x86_load(&E, 64, X86_RAX, x86_mem(X86_R12, 0)));
    CHECKL(5, "mov eax, dword ptr [r13 + r12*8]",
           x86_load(&E, 32, X86_RAX, x86_mem_idx(X86_R13, X86_R12, 8, 0)));
    /* RIP-relative and absolute. */
    CHECKL(7, "mov rax, qword ptr [rip + 0x10]", x86_load(&E, 64, X86_RAX, x86_mem_rip(0x10)));
    CHECKL(7, "mov r14, qword ptr [rip - 0x100]", x86_load(&E, 64, X86_R14, x86_mem_rip(-0x100)));
    CHECKL(7, "lea r8, [rip]", x86_lea(&E, 64, X86_R8, x86_mem_rip(0)));
    CHECKL(8, "mov rax, qword ptr [0x1234]", x86_load(&E, 64, X86_RAX, x86_mem_abs(0x1234)));
    CHECKL(8, "mov rax, qword ptr [rcx*8 + 0x10]",
           x86_load(&E, 64, X86_RAX, x86_mem_idx(X86_NOREG, X86_RCX, 8, 0x10)));
    CHECKL(8, "mov ecx, dword ptr [r9*2]",
           x86_load(&E, 32, X86_RCX, x86_mem_idx(X86_NOREG, X86_R9, 2, 0)));
    /* disp32 store of an immediate: the immediate follows the displacement. */
    CHECKL(10, "mov dword ptr [rip + 0x20], 0x11223344",
           x86_store_imm(&E, 32, x86_mem_rip(0x20), 0x11223344));
}

static void test_loads_stores(void)
{
    static const int sizes[4] = { 8, 16, 32, 64 };
    X86Mem m = x86_mem_idx(X86_R10, X86_RSI, 4, 0x40);
    for (int si = 0; si < 4; si++) {
        int sz = sizes[si];
        g_autofree char *ms = mem_str(sz, m);
        for (int r = 0; r < 16; r++) {
            g_autofree char *x = g_strdup_printf("mov %s, %s", rn(sz, r), ms);
            CHECK(x, x86_load(&E, sz, r, m));
            g_autofree char *y = g_strdup_printf("mov %s, %s", ms, rn(sz, r));
            CHECK(y, x86_store(&E, sz, m, r));
        }
    }
    CHECKL(3, "mov byte ptr [rax], 0x80", x86_store_imm(&E, 8, x86_mem(X86_RAX, 0), 0x80));
    CHECKL(6, "mov word ptr [rbx + 2], 0x1234", x86_store_imm(&E, 16, x86_mem(X86_RBX, 2), 0x1234));
    CHECKL(7, "mov dword ptr [rcx + 4], 0x12345678",
           x86_store_imm(&E, 32, x86_mem(X86_RCX, 4), 0x12345678));
    CHECKL(9, "mov qword ptr [r12 + 8], -1", x86_store_imm(&E, 64, x86_mem(X86_R12, 8), -1));

    /* Extensions, all registers on both sides. */
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            g_autofree char *a = g_strdup_printf("movzx %s, %s", r32[d], r8[s]);
            CHECK(a, x86_movzx_rr(&E, 32, 8, d, s));
            g_autofree char *b = g_strdup_printf("movsx %s, %s", r64[d], r16[s]);
            CHECK(b, x86_movsx_rr(&E, 64, 16, d, s));
            g_autofree char *c = g_strdup_printf("movsxd %s, %s", r64[d], r32[s]);
            CHECK(c, x86_movsx_rr(&E, 64, 32, d, s));
        }
        g_autofree char *z16 = g_strdup_printf("movzx %s, word ptr [rdi + 6]", r32[d]);
        CHECK(z16, x86_load_zx(&E, 32, 16, d, x86_mem(X86_RDI, 6)));
        g_autofree char *z8 = g_strdup_printf("movzx %s, byte ptr [rsp + 1]", r32[d]);
        CHECK(z8, x86_load_zx(&E, 32, 8, d, x86_mem(X86_RSP, 1)));
        g_autofree char *s8 = g_strdup_printf("movsx %s, byte ptr [r13]", r64[d]);
        CHECK(s8, x86_load_sx(&E, 64, 8, d, x86_mem(X86_R13, 0)));
        g_autofree char *s32 = g_strdup_printf("movsxd %s, dword ptr [rax + rbx]", r64[d]);
        CHECK(s32, x86_load_sx(&E, 64, 32, d, x86_mem_idx(X86_RAX, X86_RBX, 1, 0)));
        g_autofree char *l = g_strdup_printf("lea %s, [r12 + r15*8 - 8]", r64[d]);
        CHECK(l, x86_lea(&E, 64, d, x86_mem_idx(X86_R12, X86_R15, 8, -8)));
    }
    CHECK("movzx ax, bl", x86_movzx_rr(&E, 16, 8, X86_RAX, X86_RBX));
    CHECK("movsx ecx, word ptr [rdx]", x86_load_sx(&E, 32, 16, X86_RCX, x86_mem(X86_RDX, 0)));
    CHECK("lea eax, [rax + rax*2]", x86_lea(&E, 32, X86_RAX, x86_mem_idx(X86_RAX, X86_RAX, 2, 0)));
}

/* ---- ALU ---- */

static void test_alu(void)
{
    static const int sizes[4] = { 8, 16, 32, 64 };
    for (int op = 0; op < 8; op++) {
        const char *n = aluname[op];
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si];
            for (int r = 0; r < 16; r++) {
                int o = 15 - r;
                g_autofree char *a = g_strdup_printf("%s %s, %s", n, rn(sz, r), rn(sz, o));
                CHECK(a, x86_alu_rr(&E, op, sz, r, o));
                g_autofree char *b = g_strdup_printf("%s %s, 0x70", n, rn(sz, r));
                CHECK(b, x86_alu_ri(&E, op, sz, r, 0x70));
            }
            X86Mem m = x86_mem(X86_R9, -16);
            g_autofree char *ms = mem_str(sz, m);
            g_autofree char *c = g_strdup_printf("%s %s, %s", n, rn(sz, X86_R11), ms);
            CHECK(c, x86_alu_rm(&E, op, sz, X86_R11, m));
            g_autofree char *d = g_strdup_printf("%s %s, %s", n, ms, rn(sz, X86_RSI));
            CHECK(d, x86_alu_mr(&E, op, sz, m, X86_RSI));
            g_autofree char *f = g_strdup_printf("%s %s, 0x50", n, ms);
            CHECK(f, x86_alu_mi(&E, op, sz, m, 0x50));
        }
        /* imm8 vs imm32, and the accumulator short form. */
        g_autofree char *g = g_strdup_printf("%s rcx, 0x7f", n);
        CHECKL(4, g, x86_alu_ri(&E, op, 64, X86_RCX, 127));
        g_autofree char *h = g_strdup_printf("%s rcx, 0x80", n);
        CHECKL(7, h, x86_alu_ri(&E, op, 64, X86_RCX, 128));
        /* capstone shows the sign-extended immediate of logical ops unsigned */
        bool logic = op == X86_OR || op == X86_AND || op == X86_XOR;
        g_autofree char *i = g_strdup_printf("%s rcx, %s", n,
                                             logic ? "0xffffffffffffff80" : "-0x80");
        CHECKL(4, i, x86_alu_ri(&E, op, 64, X86_RCX, -128));
        g_autofree char *j = g_strdup_printf("%s rcx, %s", n,
                                             logic ? "0xffffffffffffff7f" : "-0x81");
        CHECKL(7, j, x86_alu_ri(&E, op, 64, X86_RCX, -129));
        g_autofree char *k = g_strdup_printf("%s rax, 0x1000", n);
        CHECKL(6, k, x86_alu_ri(&E, op, 64, X86_RAX, 0x1000));
        g_autofree char *l = g_strdup_printf("%s eax, 0x1000", n);
        CHECKL(5, l, x86_alu_ri(&E, op, 32, X86_RAX, 0x1000));
        g_autofree char *q = g_strdup_printf("%s r8d, 0x1000", n);
        CHECKL(7, q, x86_alu_ri(&E, op, 32, X86_R8, 0x1000));
        g_autofree char *t = g_strdup_printf("%s ax, 0x1000", n);
        CHECKL(4, t, x86_alu_ri(&E, op, 16, X86_RAX, 0x1000));
        g_autofree char *u = g_strdup_printf("%s al, 0x10", n);
        CHECKL(2, u, x86_alu_ri(&E, op, 8, X86_RAX, 0x10));
        g_autofree char *v = g_strdup_printf("%s dil, 0x10", n);
        CHECKL(4, v, x86_alu_ri(&E, op, 8, X86_RDI, 0x10));
        g_autofree char *w = g_strdup_printf("%s qword ptr [rsp + 8], 0x12345", n);
        CHECKL(9, w, x86_alu_mi(&E, op, 64, x86_mem(X86_RSP, 8), 0x12345));
    }
    CHECKL(4, "add rax, -1", x86_alu_ri(&E, X86_ADD, 64, X86_RAX, -1));
    CHECKL(3, "sub eax, -1", x86_alu_ri(&E, X86_SUB, 32, X86_RAX, -1));
    CHECKL(7, "and r10, 0xfffffffffff00000", x86_alu_ri(&E, X86_AND, 64, X86_R10, -0x100000));

    for (int r = 0; r < 16; r++) {
        g_autofree char *a = g_strdup_printf("test %s, %s", r64[r], r64[15 - r]);
        CHECK(a, x86_test_rr(&E, 64, r, 15 - r));
        g_autofree char *b = g_strdup_printf("test %s, %s", r8[r], r8[r]);
        CHECK(b, x86_test_rr(&E, 8, r, r));
        g_autofree char *c = g_strdup_printf("test %s, 0x100", r32[r]);
        CHECKL(r == 0 ? 5 : r < 8 ? 6 : 7, c, x86_test_ri(&E, 32, r, 0x100));
        g_autofree char *d = g_strdup_printf("test %s, 1", r8[r]);
        CHECKL(r == 0 ? 2 : r < 4 ? 3 : 4, d, x86_test_ri(&E, 8, r, 1));
    }
    CHECK("test qword ptr [rbx], rdx", x86_test_mr(&E, 64, x86_mem(X86_RBX, 0), X86_RDX));
    CHECK("test byte ptr [rbx + 0x10], 0x80", x86_test_mi(&E, 8, x86_mem(X86_RBX, 16), 0x80));
    CHECK("test dword ptr [r12], 0x10000", x86_test_mi(&E, 32, x86_mem(X86_R12, 0), 0x10000));
}

static void test_unary_mul(void)
{
    static const struct { const char *n; void (*f)(X86Emitter *, int, X86Reg); } ops[] = {
        { "inc", x86_inc }, { "dec", x86_dec }, { "neg", x86_neg }, { "not", x86_not },
        { "mul", x86_mul }, { "imul", x86_imul1 }, { "div", x86_div }, { "idiv", x86_idiv },
    };
    static const int sizes[4] = { 8, 16, 32, 64 };
    for (unsigned i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (int si = 0; si < 4; si++) {
            for (int r = 0; r < 16; r++) {
                g_autofree char *a = g_strdup_printf("%s %s", ops[i].n, rn(sizes[si], r));
                CHECK(a, ops[i].f(&E, sizes[si], r));
            }
        }
    }
    for (int r = 0; r < 16; r++) {
        g_autofree char *a = g_strdup_printf("imul %s, %s", r64[r], r64[(r + 5) & 15]);
        CHECK(a, x86_imul_rr(&E, 64, r, (r + 5) & 15));
        g_autofree char *b = g_strdup_printf("imul %s, %s, 0x64", r32[r], r32[(r + 9) & 15]);
        CHECK(b, x86_imul_rri(&E, 32, r, (r + 9) & 15, 100));
        g_autofree char *c = g_strdup_printf("imul %s, qword ptr [r13 + 0x100]", r64[r]);
        CHECK(c, x86_imul_rm(&E, 64, r, x86_mem(X86_R13, 0x100)));
    }
    CHECKL(4, "imul rax, rbx, -3", x86_imul_rri(&E, 64, X86_RAX, X86_RBX, -3));
    CHECKL(7, "imul rax, rbx, 0x1000", x86_imul_rri(&E, 64, X86_RAX, X86_RBX, 0x1000));
    CHECKL(5, "imul cx, dx, 0x1000", x86_imul_rri(&E, 16, X86_RCX, X86_RDX, 0x1000));
    CHECK("imul cx, dx", x86_imul_rr(&E, 16, X86_RCX, X86_RDX));
}

static void test_shifts(void)
{
    static const struct { X86Shift op; const char *n; } ops[] = {
        { X86_ROL, "rol" }, { X86_ROR, "ror" }, { X86_RCL, "rcl" }, { X86_RCR, "rcr" },
        { X86_SHL, "shl" }, { X86_SHR, "shr" }, { X86_SAR, "sar" },
    };
    static const int sizes[4] = { 8, 16, 32, 64 };
    for (unsigned i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si];
            for (int r = 0; r < 16; r++) {
                const char *rs = rn(sz, r);
                g_autofree char *a = g_strdup_printf("%s %s, 1", ops[i].n, rs);
                CHECK(a, x86_shift_ri(&E, ops[i].op, sz, r, 1));
                g_autofree char *b = g_strdup_printf("%s %s, 7", ops[i].n, rs);
                CHECK(b, x86_shift_ri(&E, ops[i].op, sz, r, 7));
                g_autofree char *c = g_strdup_printf("%s %s, cl", ops[i].n, rs);
                CHECK(c, x86_shift_cl(&E, ops[i].op, sz, r));
            }
        }
    }
    CHECKL(3, "shl rax, 1", x86_shift_ri(&E, X86_SHL, 64, X86_RAX, 1));
    CHECKL(4, "shr r8, 0x3f", x86_shift_ri(&E, X86_SHR, 64, X86_R8, 63));
    for (int r = 0; r < 16; r++) {
        int o = (r + 3) & 15;
        g_autofree char *a = g_strdup_printf("shld %s, %s, 0xc", r64[r], r64[o]);
        CHECK(a, x86_shld_ri(&E, 64, r, o, 12));
        g_autofree char *b = g_strdup_printf("shld %s, %s, cl", r32[r], r32[o]);
        CHECK(b, x86_shld_cl(&E, 32, r, o));
        g_autofree char *c = g_strdup_printf("shrd %s, %s, 0xc", r64[r], r64[o]);
        CHECK(c, x86_shrd_ri(&E, 64, r, o, 12));
        g_autofree char *d = g_strdup_printf("shrd %s, %s, cl", r16[r], r16[o]);
        CHECK(d, x86_shrd_cl(&E, 16, r, o));
    }
}

static void test_bitops(void)
{
    static const struct { const char *n; void (*f)(X86Emitter *, int, X86Reg, X86Reg); } ops[] = {
        { "bsf", x86_bsf }, { "bsr", x86_bsr }, { "lzcnt", x86_lzcnt },
        { "tzcnt", x86_tzcnt }, { "popcnt", x86_popcnt },
    };
    static const char *const btn[4] = { "bt", "bts", "btr", "btc" };
    for (int r = 0; r < 16; r++) {
        int o = (r + 7) & 15;
        g_autofree char *a = g_strdup_printf("bswap %s", r32[r]);
        CHECK(a, x86_bswap(&E, 32, r));
        g_autofree char *b = g_strdup_printf("bswap %s", r64[r]);
        CHECK(b, x86_bswap(&E, 64, r));
        for (unsigned i = 0; i < G_N_ELEMENTS(ops); i++) {
            g_autofree char *c = g_strdup_printf("%s %s, %s", ops[i].n, r64[r], r64[o]);
            CHECK(c, ops[i].f(&E, 64, r, o));
            g_autofree char *d = g_strdup_printf("%s %s, %s", ops[i].n, r32[o], r32[r]);
            CHECK(d, ops[i].f(&E, 32, o, r));
        }
        for (int k = 0; k < 4; k++) {
            g_autofree char *c = g_strdup_printf("%s %s, %s", btn[k], r64[r], r64[o]);
            CHECK(c, x86_bt_rr(&E, X86_BT + k, 64, r, o));
            g_autofree char *d = g_strdup_printf("%s %s, 0x1f", btn[k], r32[r]);
            CHECK(d, x86_bt_ri(&E, X86_BT + k, 32, r, 31));
        }
    }
    CHECK("popcnt cx, dx", x86_popcnt(&E, 16, X86_RCX, X86_RDX));
}

static void test_conditions(void)
{
    for (int c = 0; c < 16; c++) {
        g_assert_cmpint(x86_cond_invert(x86_cond_invert(c)), ==, c);
        g_assert_cmpint(x86_cond_invert(c), !=, c);
        for (int r = 0; r < 16; r++) {
            g_autofree char *a = g_strdup_printf("set%s %s", ccname[c], r8[r]);
            CHECK(a, x86_setcc(&E, c, r));
            g_autofree char *b = g_strdup_printf("cmov%s %s, %s", ccname[c], r64[r], r64[15 - r]);
            CHECK(b, x86_cmov_rr(&E, c, 64, r, 15 - r));
        }
        g_autofree char *d = g_strdup_printf("cmov%s eax, dword ptr [rbp - 4]", ccname[c]);
        CHECK(d, x86_cmov_rm(&E, c, 32, X86_RAX, x86_mem(X86_RBP, -4)));
    }
    /* Spot checks of the inverse pairs, independent of the encoding order trick. */
    g_assert_cmpint(x86_cond_invert(X86_CC_E), ==, X86_CC_NE);
    g_assert_cmpint(x86_cond_invert(X86_CC_B), ==, X86_CC_AE);
    g_assert_cmpint(x86_cond_invert(X86_CC_BE), ==, X86_CC_A);
    g_assert_cmpint(x86_cond_invert(X86_CC_L), ==, X86_CC_GE);
    g_assert_cmpint(x86_cond_invert(X86_CC_G), ==, X86_CC_LE);
    g_assert_cmpint(x86_cond_invert(X86_CC_NP), ==, X86_CC_P);
}

static void test_misc(void)
{
    for (int r = 0; r < 16; r++) {
        g_autofree char *a = g_strdup_printf("push %s", r64[r]);
        CHECKL(r < 8 ? 1 : 2, a, x86_push(&E, r));
        g_autofree char *b = g_strdup_printf("pop %s", r64[r]);
        CHECKL(r < 8 ? 1 : 2, b, x86_pop(&E, r));
        g_autofree char *c = g_strdup_printf("xchg %s, %s", r64[r], r64[(r + 1) & 15]);
        CHECK(c, x86_xchg_rr(&E, 64, r, (r + 1) & 15));
        g_autofree char *d = g_strdup_printf("lock cmpxchg qword ptr [%s], %s",
                                             r64[(r + 2) & 15], r64[r]);
        CHECK(d, x86_cmpxchg(&E, 64, x86_mem((r + 2) & 15, 0), r, true));
        g_autofree char *f = g_strdup_printf("lock xadd dword ptr [%s + 8], %s",
                                             r64[(r + 2) & 15], r32[r]);
        CHECK(f, x86_xadd(&E, 32, x86_mem((r + 2) & 15, 8), r, true));
    }
    CHECK("xchg eax, eax", x86_xchg_rr(&E, 32, X86_RAX, X86_RAX));
    CHECK("xchg qword ptr [rdi], rsi", x86_xchg_mr(&E, 64, x86_mem(X86_RDI, 0), X86_RSI));
    CHECK("xchg byte ptr [rdi], sil", x86_xchg_mr(&E, 8, x86_mem(X86_RDI, 0), X86_RSI));
    CHECK("cmpxchg byte ptr [rdi], sil", x86_cmpxchg(&E, 8, x86_mem(X86_RDI, 0), X86_RSI, false));
    CHECK("lock cmpxchg word ptr [r8], r9w",
          x86_cmpxchg(&E, 16, x86_mem(X86_R8, 0), X86_R9, true));
    CHECK("lock cmpxchg16b xmmword ptr [r10]", x86_cmpxchg16b(&E, x86_mem(X86_R10, 0), true));
    CHECK("xadd qword ptr [rax], rcx", x86_xadd(&E, 64, x86_mem(X86_RAX, 0), X86_RCX, false));
    CHECKL(2, "push 0x10", x86_push_imm(&E, 16));
    CHECKL(5, "push 0x1000", x86_push_imm(&E, 0x1000));
    CHECKL(3, "mfence", x86_mfence(&E));
    CHECKL(3, "lfence", x86_lfence(&E));
    CHECKL(3, "sfence", x86_sfence(&E));
    CHECKL(2, "pause", x86_pause(&E));
    CHECKL(2, "ud2", x86_ud2(&E));
    CHECKL(1, "int3", x86_int3(&E));
    CHECKL(1, "ret", x86_ret(&E));

    /* NOPs: n bytes exactly, nothing but NOPs, as few as possible. */
    for (size_t n = 0; n <= 40; n++) {
        x86_reset(&E);
        x86_nop(&E, n);
        g_assert_cmpuint(x86_offset(&E), ==, n);
        cs_insn *insn;
        size_t count = cs_disasm(cs, ebuf, n, 0, 0, &insn);
        size_t used = 0;
        for (size_t i = 0; i < count; i++) {
            g_assert_cmpstr(insn[i].mnemonic, ==, "nop");
            used += insn[i].size;
        }
        g_assert_cmpuint(used, ==, n);
        g_assert_cmpuint(count, ==, (n + 8) / 9);
        if (count) {
            cs_free(insn, count);
        }
        forms++;
    }
    for (size_t start = 0; start < 20; start++) {
        x86_reset(&E);
        x86_nop(&E, start);
        x86_align(&E, 16);
        g_assert_cmpuint(x86_offset(&E) % 16, ==, 0);
        g_assert_cmpuint(x86_offset(&E), <, start + 16);
    }
    x86_reset(&E);
    x86_align(&E, 12);
    g_assert_nonnull(x86_error(&E));
}

/* The SSE forms (x86_sse_rr/rm/shift_i) against capstone, every register pair. */
static void test_sse(void)
{
    static const struct { X86SseOp op; const char *n; } ops[] = {
        { X86_PADDB, "paddb" }, { X86_PADDW, "paddw" }, { X86_PADDD, "paddd" }, { X86_PADDQ, "paddq" },
        { X86_PSUBB, "psubb" }, { X86_PSUBW, "psubw" }, { X86_PSUBD, "psubd" }, { X86_PSUBQ, "psubq" },
        { X86_PAND, "pand" }, { X86_PANDN, "pandn" }, { X86_POR, "por" }, { X86_PXOR, "pxor" },
        { X86_PCMPEQB, "pcmpeqb" }, { X86_PCMPEQW, "pcmpeqw" }, { X86_PCMPEQD, "pcmpeqd" },
        { X86_PCMPEQQ, "pcmpeqq" }, { X86_PCMPGTB, "pcmpgtb" }, { X86_PCMPGTW, "pcmpgtw" },
        { X86_PCMPGTD, "pcmpgtd" }, { X86_PCMPGTQ, "pcmpgtq" },
        { X86_PMINUB, "pminub" }, { X86_PMAXUB, "pmaxub" }, { X86_PMINSW, "pminsw" }, { X86_PMAXSW, "pmaxsw" },
        { X86_PMINSB, "pminsb" }, { X86_PMINSD, "pminsd" }, { X86_PMINUW, "pminuw" }, { X86_PMINUD, "pminud" },
        { X86_PMAXSB, "pmaxsb" }, { X86_PMAXSD, "pmaxsd" }, { X86_PMAXUW, "pmaxuw" }, { X86_PMAXUD, "pmaxud" },
        { X86_MOVQ_X, "movq" }, { X86_MOVDQA_LD, "movdqa" }, { X86_MOVDQU_LD, "movdqu" },
        { X86_PMADDWD, "pmaddwd" }, { X86_PMADDUBSW, "pmaddubsw" },
        { X86_PSHUFB, "pshufb" }, { X86_PUNPCKLQDQ, "punpcklqdq" }, { X86_PUNPCKHQDQ, "punpckhqdq" },
        { X86_AESENC, "aesenc" }, { X86_AESENCLAST, "aesenclast" }, { X86_AESDEC, "aesdec" },
        { X86_AESDECLAST, "aesdeclast" }, { X86_AESIMC, "aesimc" },
        { X86_SHA256MSG1, "sha256msg1" }, { X86_SHA256MSG2, "sha256msg2" },
    };
    static const struct { X86SseOp op; const char *n; } shifts[] = {
        { X86_PSRLW_I, "psrlw" }, { X86_PSRAW_I, "psraw" }, { X86_PSLLW_I, "psllw" },
        { X86_PSRLD_I, "psrld" }, { X86_PSRAD_I, "psrad" }, { X86_PSLLD_I, "pslld" },
        { X86_PSRLQ_I, "psrlq" }, { X86_PSLLQ_I, "psllq" }, { X86_PSRLDQ_I, "psrldq" },
        { X86_PSLLDQ_I, "pslldq" },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (int d = 0; d < 16; d++) {
            for (int r = 0; r < 16; r += 5) {
                int src = (d + r) & 15;
                g_autofree char *a = g_strdup_printf("%s xmm%d, xmm%d", ops[i].n, d, src);
                CHECK(a, x86_sse_rr(&E, ops[i].op, d, src));
            }
            g_autofree char *m = g_strdup_printf("%s xmm%d, %s ptr [%s + 0x%x]", ops[i].n, d,
                                                 ops[i].op == X86_MOVQ_X ? "qword" : "xmmword",
                                                 r64[(d + 3) & 15 ? (d + 3) & 15 : 1], 0x110 + 16 * d);
            CHECK(m, x86_sse_rm(&E, ops[i].op, d, x86_mem((d + 3) & 15 ? (d + 3) & 15 : 1, 0x110 + 16 * d)));
        }
    }
    for (int d = 0; d < 16; d++) {
        g_autofree char *a = g_strdup_printf("movdqa xmmword ptr [rbp + 0x40], xmm%d", d);
        CHECK(a, x86_sse_rm(&E, X86_MOVDQA_ST, d, x86_mem(X86_RBP, 0x40)));
        g_autofree char *u = g_strdup_printf("movdqu xmmword ptr [r13], xmm%d", d);
        CHECK(u, x86_sse_rm(&E, X86_MOVDQU_ST, d, x86_mem(X86_R13, 0)));
        for (unsigned i = 0; i < G_N_ELEMENTS(shifts); i++) {
            g_autofree char *sh = g_strdup_printf("%s xmm%d, 0x%x", shifts[i].n, d, 17 + d);
            CHECKL(d < 8 ? 5 : 6, sh, x86_sse_shift_i(&E, shifts[i].op, d, 17 + d));
        }
    }
    CHECKL(7, "palignr xmm3, xmmword ptr [rbx + 0x20], 5", x86_sse_rmi(&E, X86_PALIGNR, 3, x86_mem(X86_RBX, 0x20), 5));
    CHECKL(9, "palignr xmm11, xmmword ptr [r12 + 0x20], 0xf", x86_sse_rmi(&E, X86_PALIGNR, 11, x86_mem(X86_R12, 0x20), 15));
    /* the FP forms: ps, pd, ss, sd of each, register and memory operands */
    static const struct { X86SseOp op; const char *n; } fp[] = {
        { X86_ADDPS, "add" }, { X86_SUBPS, "sub" }, { X86_MULPS, "mul" }, { X86_DIVPS, "div" },
        { X86_ANDPS, "and" }, { X86_XORPS, "xor" }, { X86_MOVAPS, "mova" },
    };
    static const char *const form[4] = { "ps", "pd", "ss", "sd" }, *const fsize[4] = {
        "xmmword", "xmmword", "dword", "qword" };
    for (unsigned i = 0; i < G_N_ELEMENTS(fp); i++) {
        unsigned nf = fp[i].op == X86_ADDPS || fp[i].op == X86_SUBPS || fp[i].op == X86_MULPS ||
                      fp[i].op == X86_DIVPS ? 4 : 2;
        for (unsigned f = 0; f < nf; f++) {
            for (int d = 0; d < 16; d += 3) {
                g_autofree char *a = g_strdup_printf("%s%s xmm%d, xmm%d", fp[i].n, form[f], d, 15 - d);
                CHECK(a, x86_sse_rr(&E, X86_SSE_FP(fp[i].op, f), d, 15 - d));
                g_autofree char *m = g_strdup_printf("%s%s xmm%d, %s ptr [r11 + 0x30]", fp[i].n, form[f],
                                                     d, fsize[f]);
                CHECK(m, x86_sse_rm(&E, X86_SSE_FP(fp[i].op, f), d, x86_mem(X86_R11, 0x30)));
            }
        }
    }
    for (int d = 0; d < 16; d++) {
        g_autofree char *a = g_strdup_printf("movmskps %s, xmm%d", r32[15 - d], d);
        CHECK(a, x86_sse_rr(&E, X86_MOVMSKPS, 15 - d, d));
        g_autofree char *b = g_strdup_printf("movmskpd %s, xmm%d", r32[15 - d], d);
        CHECK(b, x86_sse_rr(&E, X86_SSE_FP(X86_MOVMSKPS, 1), 15 - d, d));
        g_autofree char *c = g_strdup_printf("movd xmm%d, dword ptr [rbx + 0x40]", d);
        CHECK(c, x86_sse_rm(&E, X86_MOVD_LD, d, x86_mem(X86_RBX, 0x40)));
        g_autofree char *p = g_strdup_printf("pshufd xmm%d, xmmword ptr [rbx + 0x40], 0x55", d);
        CHECK(p, x86_sse_rmi(&E, X86_PSHUFD, d, x86_mem(X86_RBX, 0x40), 0x55));
        g_autofree char *pr = g_strdup_printf("pshufd xmm%d, xmm%d, 0xb1", d, 15 - d);
        CHECK(pr, x86_sse_rri(&E, X86_PSHUFD, d, 15 - d, 0xb1));
        g_autofree char *rn = g_strdup_printf("sha256rnds2 xmm%d, xmm%d", d, 15 - d);   /* capstone leaves out xmm0 */
        CHECK(rn, x86_sse_rr(&E, X86_SHA256RNDS2, d, 15 - d));
        g_autofree char *lt = g_strdup_printf("cmpltps xmm%d, xmmword ptr [r11 + 0x20]", d);
        CHECK(lt, x86_sse_rmi(&E, X86_CMPPS, d, x86_mem(X86_R11, 0x20), 1));
        g_autofree char *nle = g_strdup_printf("cmpnlepd xmm%d, xmmword ptr [r11 + 0x10]", d);
        CHECK(nle, x86_sse_rmi(&E, X86_SSE_FP(X86_CMPPS, 1), d, x86_mem(X86_R11, 0x10), 6));
        for (unsigned f = 0; f < 4; f++) {
            g_autofree char *v = g_strdup_printf("vfmadd231%s xmm%d, xmm%d, xmm%d", form[f], d,
                                                 (d + 5) & 15, (d + 11) & 15);
            CHECKL(5, v, x86_vfmadd231(&E, f & 1, f >= 2, d, (d + 5) & 15, (d + 11) & 15));
        }
    }
    /* lengths: 66 0F xx modrm; 66 REX 0F 38 xx modrm */
    CHECKL(4, "paddb xmm1, xmm2", x86_sse_rr(&E, X86_PADDB, 1, 2));
    CHECKL(6, "pminsd xmm9, xmm2", x86_sse_rr(&E, X86_PMINSD, 9, 2));
    /* a shift through the plain form, or a plain op as a shift, is refused */
    x86_reset(&E);
    x86_sse_rr(&E, X86_PSLLW_I, 1, 2);
    g_assert_true(x86_failed(&E));
    x86_reset(&E);
    x86_sse_shift_i(&E, X86_PADDB, 1, 2);
    g_assert_true(x86_failed(&E));
    x86_reset(&E);
}

static void test_crc_bmi_xmm(void)
{
    for (int r = 0; r < 16; r++) {
        int o = (r + 11) & 15;
        g_autofree char *a = g_strdup_printf("crc32 %s, %s", r32[r], r8[o]);
        CHECK(a, x86_crc32(&E, 8, r, o));
        g_autofree char *b = g_strdup_printf("crc32 %s, %s", r32[r], r16[o]);
        CHECK(b, x86_crc32(&E, 16, r, o));
        g_autofree char *c = g_strdup_printf("crc32 %s, %s", r32[r], r32[o]);
        CHECK(c, x86_crc32(&E, 32, r, o));
        g_autofree char *d = g_strdup_printf("crc32 %s, %s", r64[r], r64[o]);
        CHECK(d, x86_crc32(&E, 64, r, o));

        int p = (r + 5) & 15;
        static const struct { const char *n; void (*f)(X86Emitter *, int, X86Reg, X86Reg, X86Reg); }
        bmi[] = {
            { "andn", x86_andn }, { "pext", x86_pext }, { "pdep", x86_pdep },
            { "bzhi", x86_bzhi }, { "shlx", x86_shlx }, { "shrx", x86_shrx },
            { "sarx", x86_sarx },
        };
        for (unsigned i = 0; i < G_N_ELEMENTS(bmi); i++) {
            g_autofree char *x = g_strdup_printf("%s %s, %s, %s", bmi[i].n, r64[r], r64[o], r64[p]);
            CHECKL(5, x, bmi[i].f(&E, 64, r, o, p));
            g_autofree char *y = g_strdup_printf("%s %s, %s, %s", bmi[i].n, r32[p], r32[r], r32[o]);
            CHECKL(5, y, bmi[i].f(&E, 32, p, r, o));
        }
        g_autofree char *e = g_strdup_printf("rorx %s, %s, 0xd", r64[r], r64[o]);
        CHECKL(6, e, x86_rorx(&E, 64, r, o, 13));
        g_autofree char *f = g_strdup_printf("rorx %s, %s, 3", r32[r], r32[o]);
        CHECKL(6, f, x86_rorx(&E, 32, r, o, 3));

        g_autofree char *g = g_strdup_printf("movq xmm%d, %s", o, r64[r]);
        CHECK(g, x86_movd_xr(&E, 64, o, r));
        g_autofree char *h = g_strdup_printf("movd xmm%d, %s", r, r32[o]);
        CHECK(h, x86_movd_xr(&E, 32, r, o));
        g_autofree char *i = g_strdup_printf("movq %s, xmm%d", r64[o], r);
        CHECK(i, x86_movd_rx(&E, 64, o, r));
        g_autofree char *j = g_strdup_printf("movd %s, xmm%d", r32[r], o);
        CHECK(j, x86_movd_rx(&E, 32, r, o));
    }
}

static void test_indirect(void)
{
    for (int r = 0; r < 16; r++) {
        g_autofree char *a = g_strdup_printf("jmp %s", r64[r]);
        CHECKL(r < 8 ? 2 : 3, a, x86_jmp_r(&E, r));
        g_autofree char *b = g_strdup_printf("call %s", r64[r]);
        CHECKL(r < 8 ? 2 : 3, b, x86_call_r(&E, r));
        g_autofree char *c = g_strdup_printf("jmp qword ptr [%s + 0x18]", r64[r]);
        CHECK(c, x86_jmp_m(&E, x86_mem(r, 0x18)));
        g_autofree char *d = g_strdup_printf("call qword ptr [%s]", r64[r]);
        CHECK(d, x86_call_m(&E, x86_mem(r, 0)));
    }
    CHECK("jmp qword ptr [rip + 0x100]", x86_jmp_m(&E, x86_mem_rip(0x100)));
    CHECK("jmp qword ptr [rax + rcx*8]", x86_jmp_m(&E, x86_mem_idx(X86_RAX, X86_RCX, 8, 0)));
}

/* ---- labels ---- */

static void test_labels(void)
{
    /* Forward rel32 jcc/jmp and a backward short jcc. */
    x86_reset(&E);
    X86Label top = x86_label_new(&E), done = x86_label_new(&E);
    x86_label_bind(&E, top);                          /* 0 */
    x86_dec(&E, 32, X86_RCX);                         /* 0: 2 bytes */
    x86_jcc_label(&E, X86_CC_E, done);                /* 2: 6 bytes */
    x86_jmp_label(&E, top);                           /* 8: 2 bytes, backward short */
    x86_jmp_label(&E, done);                          /* 10: 5 bytes */
    g_assert_cmpuint(x86_pending_fixups(&E), ==, 2);
    g_assert_false(x86_label_is_bound(&E, done));
    x86_label_bind(&E, done);                         /* 15 */
    x86_ret(&E);
    g_assert_cmpuint(x86_pending_fixups(&E), ==, 0);
    g_assert_cmpuint(x86_label_offset(&E, done), ==, 15);
    check("dec ecx; je 0xf; jmp 0; jmp 0xf; ret", 16, "labels", __LINE__);

    /* Short forward branches, and long backward ones once rel8 stops reaching. */
    x86_reset(&E);
    X86Label fwd = x86_label_new(&E), back = x86_label_new(&E);
    x86_label_bind(&E, back);
    x86_jcc_label_short(&E, X86_CC_NE, fwd);          /* 0: 2 bytes */
    x86_jmp_label_short(&E, fwd);                     /* 2: 2 bytes */
    x86_nop(&E, 120);                                 /* 4..123 */
    x86_label_bind(&E, fwd);                          /* 124 */
    x86_jcc_label(&E, X86_CC_L, back);                /* 124: rel8 -126 reaches */
    x86_jmp_label(&E, back);                          /* 126: rel8 -128 reaches */
    x86_jmp_label(&E, back);                          /* 128: rel8 -130 does not: rel32 */
    x86_jcc_label(&E, X86_CC_G, back);                /* 133: rel32 */
    x86_lea_label(&E, X86_R9, back);                  /* 139: 7 bytes */
    g_assert_null(x86_error(&E));
    g_assert_cmpuint(x86_offset(&E), ==, 146);
    {
        g_autofree char *all = disasm(ebuf, x86_offset(&E), 0);
        g_autofree char *tail = disasm(ebuf + 124, x86_offset(&E) - 124, 124);
        g_assert_true(g_str_has_prefix(all, "jne 0x7c; jmp 0x7c; nop"));
        g_assert_cmpstr(tail, ==, "jl 0; jmp 0; jmp 0; jg 0; lea r9, [rip - 0x92]");
        forms++;
    }

    /* Forward lea to a label, bound later. */
    x86_reset(&E);
    X86Label data = x86_label_new(&E);
    x86_lea_label(&E, X86_RAX, data);
    x86_ret(&E);
    x86_label_bind(&E, data);
    check("lea rax, [rip + 1]; ret", 8, "lea label", __LINE__);

    /* A short forward branch bound out of range is an error, not a wild patch. */
    x86_reset(&E);
    X86Label far = x86_label_new(&E);
    x86_jmp_label_short(&E, far);
    x86_nop(&E, 200);
    x86_label_bind(&E, far);
    g_assert_nonnull(x86_error(&E));
    g_assert_cmpuint(ebuf[1], ==, 0);

    /* Binding twice, unknown labels. */
    x86_reset(&E);
    X86Label once = x86_label_new(&E);
    x86_label_bind(&E, once);
    g_assert_null(x86_error(&E));
    x86_label_bind(&E, once);
    g_assert_nonnull(x86_error(&E));
    x86_reset(&E);
    x86_jmp_label(&E, 42);
    g_assert_nonnull(x86_error(&E));
    g_assert_cmpuint(x86_offset(&E), ==, 0);
    /* reset forgets labels */
    g_assert_false(x86_label_is_bound(&E, once));
}

static void test_abs_branches(void)
{
    static uint8_t buf[64];
    X86Emitter e;
    const uintptr_t base = 0x100000000ull;
    x86_init_split(&e, buf, base, sizeof(buf));

    g_assert_true(x86_jmp_abs(&e, base + 0x1000));
    g_assert_true(x86_call_abs(&e, base - 0x1000));
    g_assert_true(x86_jcc_abs(&e, X86_CC_A, base + 0x20));
    g_autofree char *s = disasm(buf, x86_offset(&e), base);
    g_assert_cmpstr(s, ==, "jmp 0x100001000; call 0xfffff000; ja 0x100000020");
    forms += 3;

    /* Exactly at the limits, then one past. */
    x86_reset(&e);
    g_assert_true(x86_jmp_abs(&e, base + 5 + INT32_MAX));
    g_assert_false(x86_jmp_abs(&e, base + 5 + 5 + INT32_MAX + 1ull));
    g_assert_cmpuint(x86_offset(&e), ==, 5);
    g_assert_true(x86_call_abs(&e, base + 10 - 0x80000000ull));
    g_assert_false(x86_call_abs(&e, base + 15 - 0x80000001ull));
    g_assert_false(x86_jcc_abs(&e, X86_CC_E, base + 0x7fff00000000ull));
    g_assert_cmpuint(x86_offset(&e), ==, 10);
    g_assert_false(x86_failed(&e));

    /* The fallback through a scratch register. */
    x86_reset(&e);
    x86_call_far(&e, 0x7fff12345678ull, X86_R11);
    x86_jmp_far(&e, 0x7fff12345678ull, X86_R11);
    x86_call_far(&e, base + 0x100, X86_R11);
    g_autofree char *f = disasm(buf, x86_offset(&e), base);
    g_assert_cmpstr(f, ==, "movabs r11, 0x7fff12345678; call r11; "
                           "movabs r11, 0x7fff12345678; jmp r11; call 0x100000100");
    forms += 3;
    x86_destroy(&e);
}

/* ---- overflow and invalid requests ---- */

static void test_overflow(void)
{
    /* Every buffer size up to 44 with a guard after it: never write past the end,
     * and what was committed is a clean prefix of the full sequence. */
    uint8_t full[64];
    size_t full_len = 0;
    for (size_t cap = 0; cap <= 44; cap++) {
        uint8_t mem[48];
        memset(mem, 0xa5, sizeof(mem));
        X86Emitter e;
        x86_init(&e, mem, cap);
        x86_movabs(&e, X86_R10, 0x1122334455667788ull);    /* 10 */
        x86_load(&e, 64, X86_RAX, x86_mem(X86_R12, 0x1000)); /* 8 */
        x86_push(&e, X86_RBX);                              /* 1 */
        x86_alu_mi(&e, X86_ADD, 64, x86_mem(X86_RSP, 0x200), 0x12345); /* 12 */
        x86_ret(&e);                                        /* 1 */
        x86_nop(&e, 7);                                     /* 7 */
        X86Label l = x86_label_new(&e);
        x86_jmp_label(&e, l);                               /* 5 */
        x86_label_bind(&e, l);
        for (size_t i = cap; i < sizeof(mem); i++) {
            g_assert_cmpuint(mem[i], ==, 0xa5);
        }
        g_assert_cmpuint(x86_offset(&e), <=, cap);
        if (cap == 44) {
            g_assert_false(x86_overflowed(&e));
            full_len = x86_offset(&e);
            memcpy(full, mem, full_len);
        } else {
            g_assert_true(x86_overflowed(&e));
        }
        x86_destroy(&e);
    }
    g_assert_cmpuint(full_len, ==, 44);
    for (size_t cap = 0; cap < 44; cap++) {
        uint8_t mem[48];
        X86Emitter e;
        x86_init(&e, mem, cap);
        x86_movabs(&e, X86_R10, 0x1122334455667788ull);
        x86_load(&e, 64, X86_RAX, x86_mem(X86_R12, 0x1000));
        x86_push(&e, X86_RBX);
        g_assert_cmpmem(mem, x86_offset(&e), full, x86_offset(&e));
        /* once overflowed, nothing more is written even if it would fit */
        if (x86_overflowed(&e)) {
            size_t at = x86_offset(&e);
            x86_ret(&e);
            g_assert_cmpuint(x86_offset(&e), ==, at);
        }
        x86_destroy(&e);
    }

    /* Tiny buffer with a jump slot: the padding/jmp must not spill either. */
    uint8_t tiny[8];
    memset(tiny, 0xa5, sizeof(tiny));
    X86Emitter e;
    x86_init(&e, tiny, 3);
    x86_jump_slot(&e);
    g_assert_true(x86_overflowed(&e));
    for (int i = 3; i < 8; i++) {
        g_assert_cmpuint(tiny[i], ==, 0xa5);
    }
    x86_destroy(&e);
}

static void test_invalid(void)
{
#define BAD(stmt) do { \
        x86_reset(&E); \
        stmt; \
        if (!x86_error(&E) || x86_offset(&E) != 0) { \
            g_error("%s: accepted", #stmt); \
        } \
    } while (0)
    BAD(x86_load(&E, 64, X86_RAX, x86_mem_idx(X86_RAX, X86_RSP, 1, 0)));
    BAD(x86_load(&E, 64, X86_RAX, x86_mem_idx(X86_RAX, X86_RCX, 3, 0)));
    BAD(x86_load(&E, 64, X86_RAX, x86_mem_idx(X86_RIP, X86_RCX, 1, 0)));
    BAD(x86_load(&E, 64, X86_NOREG, x86_mem(X86_RAX, 0)));
    BAD(x86_load(&E, 64, X86_RAX, x86_mem(40, 0)));
    BAD(x86_mov_rr(&E, 64, X86_RAX, X86_RIP));
    BAD(x86_mov_rr(&E, 24, X86_RAX, X86_RCX));
    BAD(x86_alu_ri(&E, X86_ADD, 128, X86_RAX, 1));
    BAD(x86_imul_rr(&E, 8, X86_RAX, X86_RCX));
    BAD(x86_bswap(&E, 16, X86_RAX));
    BAD(x86_movzx_rr(&E, 32, 32, X86_RAX, X86_RCX));
    BAD(x86_movzx_rr(&E, 64, 32, X86_RAX, X86_RCX));
    BAD(x86_movsx_rr(&E, 8, 8, X86_RAX, X86_RCX));
    BAD(x86_pext(&E, 16, X86_RAX, X86_RCX, X86_RDX));
    BAD(x86_bt_ri(&E, 2, 32, X86_RAX, 3));
    BAD(x86_jmp_r(&E, -1));
    BAD(x86_push(&E, 16));
    BAD(x86_cmpxchg16b(&E, x86_mem_idx(X86_RAX, X86_RSP, 2, 0), true));
#undef BAD
    /* The error is sticky and names the problem; reset clears it. */
    x86_reset(&E);
    x86_load(&E, 64, X86_RAX, x86_mem_idx(X86_RAX, X86_RSP, 1, 0));
    x86_ret(&E);
    g_assert_nonnull(strstr(x86_error(&E), "RSP"));
    g_assert_true(x86_failed(&E));
    x86_reset(&E);
    g_assert_false(x86_failed(&E));
}

static void test_jump_slot(void)
{
    for (size_t pad = 0; pad < 8; pad++) {
        x86_reset(&E);
        x86_nop(&E, pad);
        size_t slot = x86_jump_slot(&E);
        x86_ret(&E);
        g_assert_cmpuint((uintptr_t)(ebuf + slot + 1) & 3, ==, 0);
        g_assert_cmpuint(slot, >=, pad);
        g_assert_cmpuint(slot, <, pad + 4);
        g_assert_cmpuint(x86_offset(&E), ==, slot + 6);
        g_autofree char *s = disasm(ebuf + slot, 6, slot);
        /* capstone prints targets below 10 in decimal */
        g_autofree char *x = g_strdup_printf(slot + 5 <= 9 ? "jmp %zu; ret" : "jmp 0x%zx; ret",
                                             slot + 5);
        g_assert_cmpstr(s, ==, x);

        uintptr_t exec = (uintptr_t)ebuf + slot;
        g_assert_true(x86_jump_slot_set(ebuf + slot, exec, (uintptr_t)ebuf + 0x100));
        g_autofree char *t = disasm(ebuf + slot, 5, slot);
        g_assert_cmpstr(t, ==, "jmp 0x100");
        g_assert_true(x86_jump_slot_set(ebuf + slot, exec, exec - 0x1000));
        g_autofree char *u = disasm(ebuf + slot, 5, exec);
        g_autofree char *y = g_strdup_printf("jmp 0x%" G_GINT64_MODIFIER "x",
                                             (guint64)(exec - 0x1000));
        g_assert_cmpstr(u, ==, y);
        /* Unreachable targets leave the slot as it was. */
        g_assert_false(x86_jump_slot_set(ebuf + slot, exec, exec + 0x100000000ull));
        g_autofree char *v = disasm(ebuf + slot, 5, exec);
        g_assert_cmpstr(v, ==, y);
        forms += 3;
    }
    /* Not a slot: wrong opcode or misaligned field. */
    x86_reset(&E);
    size_t slot = x86_jump_slot(&E);
    g_assert_false(x86_jump_slot_set(ebuf + slot + 1, (uintptr_t)ebuf + slot + 1, 0));
    ebuf[slot] = 0x90;
    g_assert_false(x86_jump_slot_set(ebuf + slot, (uintptr_t)ebuf + slot, (uintptr_t)ebuf));
}

/* ---- executing generated code ---- */

typedef uint64_t (*Fn3)(uint64_t, uint64_t, uint64_t);

/* A RW and an RX view of one memfd: the W^X layout the code cache will use. */
typedef struct CodeMem {
    uint8_t *rw;
    uint8_t *rx;
    size_t size;
} CodeMem;

static void code_mem_init(CodeMem *cm, size_t size)
{
    int fd = memfd_create("x86emit-test", 0);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, size), ==, 0);
    cm->rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    cm->rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    g_assert_true(cm->rw != MAP_FAILED && cm->rx != MAP_FAILED);
    cm->size = size;
    close(fd);
}

static void code_mem_free(CodeMem *cm)
{
    munmap(cm->rw, cm->size);
    munmap(cm->rx, cm->size);
}

static uint64_t c_helper(uint64_t a, uint64_t b)
{
    return a * 3 + b;
}

static uint32_t crc32c_ref(uint32_t crc, const uint8_t *p, size_t n)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1));
        }
    }
    return crc;
}

static const uint64_t samples[] = {
    0, 1, 2, 3, 7, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x123456789abcdef0ull, 0x8000000000000000ull, 0xfedcba9876543210ull, UINT64_MAX,
};

/* Start a new function in the code buffer, aligned; returns its exec address. */
static void *fn_begin(X86Emitter *e, CodeMem *cm)
{
    x86_align(e, 16);
    return cm->rx + x86_offset(e);
}

static void test_execute(void)
{
    CodeMem cm;
    code_mem_init(&cm, 16384);
    X86Emitter e;
    x86_init_split(&e, cm.rw, (uintptr_t)cm.rx, cm.size);

    /* f(a, b, c) = (a * b + c) >> 3 */
    Fn3 madd_shr = fn_begin(&e, &cm);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDI);
    x86_imul_rr(&e, 64, X86_RAX, X86_RSI);
    x86_alu_rr(&e, X86_ADD, 64, X86_RAX, X86_RDX);
    x86_shift_ri(&e, X86_SHR, 64, X86_RAX, 3);
    x86_ret(&e);

    /* sum of i*i + c for i = 1..a, with a backward jcc (0 for a == 0) */
    Fn3 sumsq = fn_begin(&e, &cm);
    {
        X86Label loop = x86_label_new(&e), out = x86_label_new(&e);
        x86_zero(&e, X86_RAX);
        x86_test_rr(&e, 64, X86_RDI, X86_RDI);
        x86_jcc_label(&e, X86_CC_E, out);
        x86_label_bind(&e, loop);
        x86_mov_rr(&e, 64, X86_R8, X86_RDI);
        x86_imul_rr(&e, 64, X86_R8, X86_RDI);
        x86_alu_rr(&e, X86_ADD, 64, X86_R8, X86_RDX);
        x86_alu_rr(&e, X86_ADD, 64, X86_RAX, X86_R8);
        x86_dec(&e, 64, X86_RDI);
        x86_jcc_label(&e, X86_CC_NE, loop);
        x86_label_bind(&e, out);
        x86_ret(&e);
    }

    /* UMULH and SMULH through rdx:rax */
    Fn3 umulh = fn_begin(&e, &cm);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDI);
    x86_mul(&e, 64, X86_RSI);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDX);
    x86_ret(&e);
    Fn3 smulh = fn_begin(&e, &cm);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDI);
    x86_imul1(&e, 64, X86_RSI);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDX);
    x86_ret(&e);

    /* udiv(a, b) + urem(a, b) * c, b != 0 */
    Fn3 udivrem = fn_begin(&e, &cm);
    x86_mov_rr(&e, 64, X86_R9, X86_RDX);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDI);
    x86_zero(&e, X86_RDX);
    x86_div(&e, 64, X86_RSI);
    x86_imul_rr(&e, 64, X86_RDX, X86_R9);
    x86_alu_rr(&e, X86_ADD, 64, X86_RAX, X86_RDX);
    x86_ret(&e);

    /* Signed abs via a forward short branch; cmov/setcc for (a < b signed) ? c : a == b */
    Fn3 sabs = fn_begin(&e, &cm);
    {
        X86Label pos = x86_label_new(&e);
        x86_mov_rr(&e, 64, X86_RAX, X86_RDI);
        x86_test_rr(&e, 64, X86_RAX, X86_RAX);
        x86_jcc_label_short(&e, X86_CC_NS, pos);
        x86_neg(&e, 64, X86_RAX);
        x86_label_bind(&e, pos);
        x86_ret(&e);
    }
    Fn3 sel = fn_begin(&e, &cm);
    x86_alu_rr(&e, X86_CMP, 64, X86_RDI, X86_RSI);
    x86_setcc(&e, X86_CC_E, X86_RSI);           /* clobbers sil: fine, b is no longer needed */
    x86_movzx_rr(&e, 32, 8, X86_RAX, X86_RSI);
    x86_cmov_rr(&e, X86_CC_L, 64, X86_RAX, X86_RDX);
    x86_ret(&e);

    /* Call a C helper from generated code: out of rel32 range for a PIE, so the
     * fallback path is likely exercised; keep the stack 16-byte aligned. */
    Fn3 callc = fn_begin(&e, &cm);
    x86_push(&e, X86_RBX);
    x86_mov_rr(&e, 64, X86_RBX, X86_RDX);
    x86_call_far(&e, (uintptr_t)c_helper, X86_R11);
    x86_alu_rr(&e, X86_ADD, 64, X86_RAX, X86_RBX);
    x86_pop(&e, X86_RBX);
    x86_ret(&e);

    /* Memory: rax = mem[a + b*8 + 8] (zero-extended 16 bits) + lock xadd */
    Fn3 memops = fn_begin(&e, &cm);
    x86_load_zx(&e, 32, 16, X86_RAX, x86_mem_idx(X86_RDI, X86_RSI, 8, 8));
    x86_mov_ri(&e, 32, X86_RCX, 5);
    x86_xadd(&e, 64, x86_mem(X86_RDI, 0), X86_RCX, true);
    x86_alu_rr(&e, X86_ADD, 64, X86_RAX, X86_RCX);
    x86_ret(&e);

    /* cas(ptr a, expected b, new c) -> old value */
    Fn3 cas = fn_begin(&e, &cm);
    x86_mov_rr(&e, 64, X86_RAX, X86_RSI);
    x86_cmpxchg(&e, 64, x86_mem(X86_RDI, 0), X86_RDX, true);
    x86_ret(&e);

    /* Chaining: slot initially falls through to "return 1"; re-targeted to "return 2". */
    Fn3 chained = fn_begin(&e, &cm);
    size_t slot = x86_jump_slot(&e);
    x86_mov_ri(&e, 32, X86_RAX, 1);
    x86_ret(&e);
    void *two = fn_begin(&e, &cm);
    x86_mov_ri(&e, 32, X86_RAX, 2);
    x86_ret(&e);

    bool have_sse42 = __builtin_cpu_supports("sse4.2");
    bool have_bmi2 = __builtin_cpu_supports("bmi2");
    bool have_lzcnt = __builtin_cpu_supports("abm") || __builtin_cpu_supports("lzcnt");
    Fn3 crc = NULL, pext = NULL, bitcount = NULL;
    if (have_sse42) {
        /* crc32c over 8 + 4 + 2 + 1 bytes of a, starting from b */
        crc = fn_begin(&e, &cm);
        x86_mov_rr(&e, 32, X86_RAX, X86_RSI);
        x86_crc32(&e, 64, X86_RAX, X86_RDI);
        x86_crc32(&e, 32, X86_RAX, X86_RDI);
        x86_crc32(&e, 16, X86_RAX, X86_RDI);
        x86_crc32(&e, 8, X86_RAX, X86_RDI);
        x86_ret(&e);
    }
    if (have_bmi2) {
        /* pext(a, b) ^ pdep(a, b) ^ rorx(a, 13) ^ shrx(a, c) */
        pext = fn_begin(&e, &cm);
        x86_pext(&e, 64, X86_RAX, X86_RDI, X86_RSI);
        x86_pdep(&e, 64, X86_R8, X86_RDI, X86_RSI);
        x86_alu_rr(&e, X86_XOR, 64, X86_RAX, X86_R8);
        x86_rorx(&e, 64, X86_R8, X86_RDI, 13);
        x86_alu_rr(&e, X86_XOR, 64, X86_RAX, X86_R8);
        x86_shrx(&e, 64, X86_R8, X86_RDI, X86_RDX);
        x86_alu_rr(&e, X86_XOR, 64, X86_RAX, X86_R8);
        x86_ret(&e);
    }
    if (have_lzcnt) {
        /* lzcnt(a) | tzcnt(a) << 8 | popcnt(a) << 16 */
        bitcount = fn_begin(&e, &cm);
        x86_lzcnt(&e, 64, X86_RAX, X86_RDI);
        x86_tzcnt(&e, 64, X86_RCX, X86_RDI);
        x86_shift_ri(&e, X86_SHL, 64, X86_RCX, 8);
        x86_alu_rr(&e, X86_OR, 64, X86_RAX, X86_RCX);
        x86_popcnt(&e, 64, X86_RCX, X86_RDI);
        x86_shift_ri(&e, X86_SHL, 64, X86_RCX, 16);
        x86_alu_rr(&e, X86_OR, 64, X86_RAX, X86_RCX);
        x86_ret(&e);
    }
    /* bswap64(a) ^ (rol32(a, c)) via shift by cl */
    Fn3 swaprot = fn_begin(&e, &cm);
    x86_mov_rr(&e, 64, X86_RAX, X86_RDI);
    x86_bswap(&e, 64, X86_RAX);
    x86_mov_rr(&e, 64, X86_RCX, X86_RDX);
    x86_shift_cl(&e, X86_ROL, 32, X86_RDI);
    x86_alu_rr(&e, X86_XOR, 64, X86_RAX, X86_RDI);
    x86_ret(&e);

    g_assert_false(x86_failed(&e));
    __builtin___clear_cache((char *)cm.rx, (char *)cm.rx + x86_offset(&e));

    for (unsigned i = 0; i < G_N_ELEMENTS(samples); i++) {
        for (unsigned j = 0; j < G_N_ELEMENTS(samples); j++) {
            uint64_t a = samples[i], b = samples[j], c = samples[(i + j) % G_N_ELEMENTS(samples)];
            g_assert_cmphex(madd_shr(a, b, c), ==, (a * b + c) >> 3);
            g_assert_cmphex(umulh(a, b, 0), ==, (uint64_t)(((unsigned __int128)a * b) >> 64));
            g_assert_cmphex(smulh(a, b, 0), ==,
                            (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64));
            if (b) {
                g_assert_cmphex(udivrem(a, b, c), ==, a / b + (a % b) * c);
            }
            int64_t sa = a, sb = b;
            g_assert_cmphex(sel(a, b, c), ==, sa < sb ? c : (uint64_t)(a == b));
            g_assert_cmphex(callc(a, b, c), ==, a * 3 + b + c);
            g_assert_cmphex(swaprot(a, 0, c), ==,
                            __builtin_bswap64(a) ^
                            (uint32_t)(((uint32_t)a << (c & 31)) |
                                       ((uint32_t)a >> ((32 - (c & 31)) & 31))));
        }
        uint64_t a = samples[i];
        g_assert_cmphex(sabs(a, 0, 0), ==, (int64_t)a < 0 ? -a : a);
        uint64_t n = a & 0x3ff;
        uint64_t want = 0;
        for (uint64_t k = 1; k <= n; k++) {
            want += k * k + 7;
        }
        g_assert_cmphex(sumsq(n, 0, 7), ==, want);
        if (crc) {
            uint8_t bytes[15];
            memcpy(bytes, &a, 8);
            memcpy(bytes + 8, &a, 4);
            memcpy(bytes + 12, &a, 2);
            memcpy(bytes + 14, &a, 1);
            g_assert_cmphex(crc(a, 0xffffffff, 0), ==, crc32c_ref(0xffffffff, bytes, 15));
        }
        if (bitcount) {
            uint64_t w = (a ? __builtin_clzll(a) : 64) | (uint64_t)(a ? __builtin_ctzll(a) : 64) << 8 |
                         (uint64_t)__builtin_popcountll(a) << 16;
            g_assert_cmphex(bitcount(a, 0, 0), ==, w);
        }
    }
    if (pext) {
        for (unsigned i = 0; i < G_N_ELEMENTS(samples); i++) {
            for (unsigned j = 0; j < G_N_ELEMENTS(samples); j++) {
                uint64_t a = samples[i], m = samples[j], c = i + j;
                uint64_t ext = 0, dep = 0;
                int k = 0;
                for (int bit = 0; bit < 64; bit++) {
                    if (m >> bit & 1) {
                        ext |= (a >> bit & 1) << k;
                        dep |= (a >> k & 1) << bit;
                        k++;
                    }
                }
                uint64_t want = ext ^ dep ^ ((a >> 13) | (a << 51)) ^ (a >> (c & 63));
                g_assert_cmphex(pext(a, m, c), ==, want);
            }
        }
    }

    uint64_t cell[4] = { 100, 0x1111, 0x2222, 0x3333 };
    g_assert_cmphex(memops((uintptr_t)cell, 1, 0), ==, 0x2222 + 100);
    g_assert_cmphex(cell[0], ==, 105);
    g_assert_cmphex(cas((uintptr_t)cell, 105, 7), ==, 105);
    g_assert_cmphex(cell[0], ==, 7);
    g_assert_cmphex(cas((uintptr_t)cell, 105, 9), ==, 7);
    g_assert_cmphex(cell[0], ==, 7);

    g_assert_cmphex(chained(0, 0, 0), ==, 1);
    g_assert_true(x86_jump_slot_set(cm.rw + slot, (uintptr_t)cm.rx + slot, (uintptr_t)two));
    g_assert_cmphex(chained(0, 0, 0), ==, 2);
    g_assert_true(x86_jump_slot_set(cm.rw + slot, (uintptr_t)cm.rx + slot,
                                    (uintptr_t)cm.rx + slot + 5));
    g_assert_cmphex(chained(0, 0, 0), ==, 1);

    if (!have_sse42 || !have_bmi2 || !have_lzcnt) {
        g_test_message("host lacks sse4.2/bmi2/lzcnt: some execution checks skipped");
    }
    x86_destroy(&e);
    code_mem_free(&cm);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
        g_error("capstone: cannot open x86-64");
    }
    x86_init(&E, ebuf, sizeof(ebuf));
    g_test_add_func("/x86emit/mov", test_mov);
    g_test_add_func("/x86emit/mem-operands", test_mem_operands);
    g_test_add_func("/x86emit/loads-stores", test_loads_stores);
    g_test_add_func("/x86emit/alu", test_alu);
    g_test_add_func("/x86emit/unary-mul", test_unary_mul);
    g_test_add_func("/x86emit/shifts", test_shifts);
    g_test_add_func("/x86emit/bitops", test_bitops);
    g_test_add_func("/x86emit/conditions", test_conditions);
    g_test_add_func("/x86emit/misc", test_misc);
    g_test_add_func("/x86emit/crc-bmi-xmm", test_crc_bmi_xmm);
    g_test_add_func("/x86emit/sse", test_sse);
    g_test_add_func("/x86emit/indirect", test_indirect);
    g_test_add_func("/x86emit/labels", test_labels);
    g_test_add_func("/x86emit/abs-branches", test_abs_branches);
    g_test_add_func("/x86emit/overflow", test_overflow);
    g_test_add_func("/x86emit/invalid", test_invalid);
    g_test_add_func("/x86emit/jump-slot", test_jump_slot);
    g_test_add_func("/x86emit/execute", test_execute);
    int rc = g_test_run();
    printf("# %d emitted forms checked against capstone\n", forms);
    x86_destroy(&E);
    cs_close(&cs);
    return rc;
}
