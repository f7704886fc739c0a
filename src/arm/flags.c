/* flags.c: the A64 condition flags from the lazy flag state, written once
 * for the CPU, the interpreter, the optimizer, the backend and the debugger. */
#include "arm/cpu.h"
#include "arm/flags.h"

/* The one decoder of env's lazy state (cc_op, cc_a, cc_b): the CPU, the
 * interpreter and generated code all read NZCV through it. */
uint32_t cpu_get_nzcv(const CPUARMState *env)
{
    unsigned sz = (env->cc_op & CC_OP_64) ? 64 : 32;
    return ir_flags_nzcv((CCKind)(env->cc_op & ~CC_OP_64), sz, env->cc_a, env->cc_b);
}

void cpu_set_nzcv(CPUARMState *env, uint32_t v)
{
    env->cc_op = CC_NZCV;
    env->cc_a = v & 0xf0000000u;
    env->cc_b = 0;
}

uint32_t ir_flags_nzcv(CCKind k, unsigned sz, uint64_t a, uint64_t b)
{
    uint64_t mask = sz == 64 ? UINT64_MAX : 0xffffffffull;
    uint64_t sign = sz == 64 ? 1ull << 63 : 1ull << 31;
    uint64_t r;
    uint32_t n, z, c, v;

    a &= mask;
    b &= mask;
    switch (k) {
    case CC_ADD:
        r = (a + b) & mask;
        c = r < a;
        v = ((~(a ^ b) & (a ^ r)) & sign) != 0;
        break;
    case CC_SUB:
        r = (a - b) & mask;
        c = a >= b;                     /* carry = no borrow */
        v = (((a ^ b) & (a ^ r)) & sign) != 0;
        break;
    case CC_LOGIC:
        r = a;
        c = v = 0;
        break;
    case CC_NZCV:
    default:
        return (uint32_t)a & 0xf0000000u;
    }
    n = (r & sign) != 0;
    z = r == 0;
    return n << 31 | z << 30 | c << 29 | v << 28;
}

bool ir_arm_cond_holds(ArmCond cond, uint32_t nzcv)
{
    bool n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, c = nzcv >> 29 & 1, v = nzcv >> 28 & 1;
    bool r;

    switch (cond >> 1) {
    case 0: r = z; break;               /* EQ / NE */
    case 1: r = c; break;               /* CS / CC */
    case 2: r = n; break;               /* MI / PL */
    case 3: r = v; break;               /* VS / VC */
    case 4: r = c && !z; break;         /* HI / LS */
    case 5: r = n == v; break;          /* GE / LT */
    case 6: r = n == v && !z; break;    /* GT / LE */
    default: return true;               /* AL, NV: always */
    }
    return (cond & 1) ? !r : r;
}
