/* The big-endian halves of bigend.c. ACCESSES: loads of every size and kind from x0,
 * stores back to x0 + 256, with no stack use (the stack stays little-endian data). The
 * loaded registers are then stored at x0 + 128 (be_el1: after SCTLR_EL1.EE is cleared
 * again; be_el0: still big-endian). */
    .macro  accesses
    ldr     x3, [x0]
    ldr     w4, [x0, #8]
    ldrh    w5, [x0, #12]
    ldrsh   x6, [x0, #14]
    ldrsb   x7, [x0, #16]
    ldrsw   x8, [x0, #20]
    ldrsh   w9, [x0, #14]
    ldp     x10, x11, [x0, #24]
    ldp     w12, w13, [x0, #40]
    ldr     x14, 1f
    add     x15, x0, #48
    ldxr    x16, [x15]
    stxr    w17, x3, [x15]
    add     x15, x0, #64
    ldxp    w16, w18, [x15]
    stxp    w17, w18, w16, [x15]
    add     x15, x0, #256
    str     x3, [x15]
    str     w4, [x15, #8]
    strh    w5, [x15, #12]
    strb    w7, [x15, #16]
    stur    x10, [x15, #17]
    stp     x10, x11, [x15, #32]
    stp     w12, w13, [x15, #48]
    stlrh   w5, [x15]
    add     x1, x15, #12
    ldarh   w2, [x1]
    add     x1, x15, #56
    stlr    w2, [x1]
    ldtrsh  x9, [x0, #14]
    sttrh   w9, [x15, #62]
    movz    w1, #0x7f2b
    add     x2, x15, #320
    strh    w1, [x2], #-256             /* the issue's divergence 2 */
    b       2f
    .balign 8
1:  .quad   0x0102030405060708
2:
    .endm

    .text
    .global be_el1
be_el1:                                 /* x0 buf, x1 SCTLR_EL1 with EE, x2 without */
    str     x19, [x0, #632]             /* x19 (callee-saved) keeps the SCTLR to go back to */
    mov     x19, x2
    msr     sctlr_el1, x1
    isb
    accesses
    msr     sctlr_el1, x19
    isb
    ldr     x19, [x0, #632]
    add     x1, x0, #128
    stp     x3, x4, [x1]
    stp     x5, x6, [x1, #16]
    stp     x7, x8, [x1, #32]
    stp     x9, x10, [x1, #48]
    stp     x11, x12, [x1, #64]
    stp     x13, x14, [x1, #80]
    stp     x16, x2, [x1, #96]
    ret

    .balign 64
    .global be_el0, be_el0_end
be_el0:                                 /* x0 buf; SCTLR_EL1.E0E set by the caller */
    accesses
    add     x1, x0, #128
    stp     x3, x4, [x1]
    stp     x5, x6, [x1, #16]
    stp     x7, x8, [x1, #32]
    stp     x9, x10, [x1, #48]
    stp     x11, x12, [x1, #64]
    stp     x13, x14, [x1, #80]
    stp     x16, x2, [x1, #96]
    svc     #0xffff
be_el0_end:

/* be_simd: the FP/SIMD loads and stores with SCTLR_EL1.EE as x1 says (x2: the value to
 * go back to), from x0 .. x0 + 127, stores to x0 + 256 .. x0 + 511. Each element is its
 * own big-endian access; a Q register is one 128-bit value. */
    .global be_simd
be_simd:
    msr     sctlr_el1, x1
    isb
    ldr     q0, [x0]
    ldr     d1, [x0, #16]
    ldr     s2, [x0, #24]
    ldr     h3, [x0, #28]
    ldr     b4, [x0, #30]
    ld1     {v5.8h}, [x0]
    ld1     {v6.4s}, [x0]
    ld1     {v7.2d}, [x0]
    ld1     {v8.16b}, [x0]
    ld2     {v9.4s, v10.4s}, [x0]
    ld1     {v11.h}[3], [x0]
    ld1r    {v12.4s}, [x0]
    ldp     q13, q14, [x0, #32]
    ld1     {v15.4h}, [x0]
    ldr     q16, 1f
    add     x3, x0, #256
    str     q0, [x3]
    str     d1, [x3, #16]
    str     s2, [x3, #24]
    str     h3, [x3, #28]
    str     b4, [x3, #30]
    st1     {v0.8h}, [x3], #16
    st1     {v0.4s}, [x3], #16
    st1     {v0.2d}, [x3], #16
    st3     {v0.8h, v1.8h, v2.8h}, [x3], #48
    st1     {v0.s}[1], [x3], #4
    stp     q13, q16, [x3]
    msr     sctlr_el1, x2
    isb
    add     x3, x0, #512
    st1     {v0.16b, v1.16b, v2.16b, v3.16b}, [x3], #64
    st1     {v4.16b, v5.16b, v6.16b, v7.16b}, [x3], #64
    st1     {v8.16b, v9.16b, v10.16b, v11.16b}, [x3], #64
    st1     {v12.16b, v13.16b, v14.16b, v15.16b}, [x3], #64
    st1     {v16.16b}, [x3]
    ret
    .balign 16
1:  .quad   0x0102030405060708, 0x1112131415161718
