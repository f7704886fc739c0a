/* interp: a bytecode stack machine (switch dispatch) running a small program: a loop that
 * mixes arithmetic, a conditional and memory; the interpreter loop is the workload. */
#include "rt.h"
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, DUP, JNZ, JMP, DEC, SWAP, HALT };

static int64_t run(const int32_t *code, int64_t *mem)
{
    int64_t stack[32];
    int sp = 0, pc = 0;
    for (;;) {
        int32_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = mem[code[pc++]]; break;
        case STORE: mem[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> (stack[sp] & 63)); break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case JNZ: if (stack[--sp]) pc = code[pc]; else pc++; break;
        case JMP: pc = code[pc]; break;
        case DEC: stack[sp - 1]--; break;
        case SWAP: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case HALT: return stack[sp - 1];
        default: return -1;
        }
    }
}

int main(void)
{
    /* mem[0] = n, mem[1] = acc, mem[2] = x.
     * while (n) { x = x * 6364136223846793005 + 1442695040888963407; acc ^= x >> 29; acc += n; n--; } */
    static const int32_t prog[] = {
        /* 0 */ LOAD, 2, PUSH, 1284865837, MUL, PUSH, 1442695, ADD, DUP, STORE, 2,
        /* 11 */ PUSH, 29, SHR, LOAD, 1, XOR, LOAD, 0, ADD, STORE, 1,
        /* 22 */ LOAD, 0, DEC, DUP, STORE, 0, JNZ, 0,
        /* 30 */ LOAD, 1, HALT,
    };
    int64_t mem[4] = { INTERP_ITERS, 0, 12345, 0 };
    int64_t r = run(prog, mem);
    printf("interp: %u iterations, result 0x%016lx\n", INTERP_ITERS, (uint64_t)r);
    /* Same computation in C. */
    uint64_t n = INTERP_ITERS, acc = 0, x = 12345;
    while (n) {
        x = x * 1284865837 + 1442695;
        acc ^= x >> 29;
        acc += n;
        n--;
    }
    CHECK("interp result", r, acc);
    return rt_report("interp");
}
