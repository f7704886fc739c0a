/* The FP test's instruction runner (fp.c): in .data, so fp.c can patch the instruction
 * at fp_stub_insn. x0 = the context: V0-V3, FPCR, FPSR, X1-X3, NZCV in, the same out. */
    .data
    .balign 64
    .global fp_stub, fp_stub_insn
fp_stub:
    ldr     q0, [x0, #0]
    ldr     q1, [x0, #16]
    ldr     q2, [x0, #32]
    ldr     q3, [x0, #48]
    ldr     x9, [x0, #64]
    msr     fpcr, x9
    ldr     x9, [x0, #72]
    msr     fpsr, x9
    ldr     x9, [x0, #104]
    msr     nzcv, x9
    ldp     x1, x2, [x0, #80]
    ldr     x3, [x0, #96]
fp_stub_insn:
    nop
    mrs     x9, fpsr
    str     x9, [x0, #72]
    mrs     x9, nzcv
    str     x9, [x0, #104]
    stp     x1, x2, [x0, #80]
    str     x3, [x0, #96]
    str     q0, [x0, #0]
    str     q1, [x0, #16]
    str     q2, [x0, #32]
    str     q3, [x0, #48]
    ret
