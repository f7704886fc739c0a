/* The code selfdbg.c runs under its breakpoints, watchpoints and software step: fixed
 * sequences, so each exception is printed as an offset from its routine's label. */
    .text
    .balign 64
    /* EL1: the breakpoint targets (x0 counts the instructions that ran) */
    .global sd_el1_bp
sd_el1_bp:
    mov     x0, #0                      /* +0x0 */
    add     x0, x0, #1                  /* +0x4 */
    add     x0, x0, #1                  /* +0x8 */
    add     x0, x0, #1                  /* +0xc */
    ret                                 /* +0x10 */

    /* EL0: the same, ending with SVC #0xffff (back to EL1) */
    .balign 64
    .global sd_el0_bp
sd_el0_bp:
    mov     x1, #0                      /* +0x0 */
    add     x1, x1, #1                  /* +0x4 */
    add     x1, x1, #1                  /* +0x8 */
    svc     #0xffff                     /* +0xc */
1:  b       1b

    /* EL0, stepped: x0 is a doubleword buffer */
    .balign 64
    .global sd_el0_step
sd_el0_step:
    mov     x1, #5                      /* +0x0 */
    add     x1, x1, #3                  /* +0x4 */
    ldxr    x2, [x0]                    /* +0x8: a load-exclusive (ESR.EX) */
    clrex                               /* +0xc */
    b       1f                          /* +0x10 */
    nop                                 /* +0x14: branched over */
1:  svc     #1                          /* +0x18 */
    cbz     x1, 2f                      /* +0x1c: not taken */
    ldr     x3, [x0]                    /* +0x20 */
    brk     #3                          /* +0x24: an exception other than SVC */
    cbnz    x1, 2f                      /* +0x28: taken */
    nop                                 /* +0x2c */
2:  ldaxr   w4, [x0]                    /* +0x30 */
    svc     #0xffff                     /* +0x34 */
3:  b       3b

    /* EL0, stepped over WFE (SCTLR_EL1.nTWE set): one that the event register lets
     * through, one that waits (for the WFE timeout here, not at all in QEMU) */
    .balign 64
    .global sd_el0_wfe
sd_el0_wfe:
    sevl                                /* +0x0 */
    wfe                                 /* +0x4: the event: goes on */
    wfe                                 /* +0x8: waits */
    nop                                 /* +0xc */
    svc     #0xffff                     /* +0x10 */
1:  b       1b

    /* EL1, stepped with KDE = 1; ends with SVC #0xffff */
    .balign 64
    .global sd_el1_step
sd_el1_step:
    mov     x1, #1                      /* +0x0 */
    add     x1, x1, #2                  /* +0x4 */
    b       1f                          /* +0x8 */
    nop                                 /* +0xc */
1:  nop                                 /* +0x10 */
    svc     #0xffff                     /* +0x14 */
2:  b       2b

    /* The watched accesses: x0 is a 64-byte aligned buffer. The handler skips each access
     * that hits (ELR + 4), so a store that hits leaves memory as it was. */
    .balign 64
    .global sd_wp_seq, sd_wp_acc
sd_wp_seq:
    mov     x1, #0x11
    mov     x2, #0x22
sd_wp_acc:
    ldr     x1, [x0, #8]                /* +0x0:  8..15 */
    str     x1, [x0, #8]                /* +0x4:  8..15 */
    ldrb    w1, [x0, #9]                /* +0x8:  9 */
    strb    w1, [x0, #12]               /* +0xc:  12 */
    ldr     w1, [x0, #6]                /* +0x10: 6..9 (unaligned) */
    str     x1, [x0, #3]                /* +0x14: 3..10 (unaligned) */
    ldr     x1, [x0, #16]               /* +0x18: 16..23 */
    stp     x1, x2, [x0, #16]           /* +0x1c: 16..31 */
    ldrh    w1, [x0, #30]               /* +0x20: 30..31 */
    ldr     x1, [x0, #40]               /* +0x24: 40..47 */
    ldtr    x1, [x0, #8]                /* +0x28: 8..15, EL0's access */
    sttrb   w1, [x0, #11]               /* +0x2c: 11, EL0's access */
    ldxr    w1, [x0]                    /* +0x30: 0..3 */
    clrex                               /* +0x34 */
    ret                                 /* +0x38 */

    /* EL0: the same accesses, then back to EL1 */
    .global sd_wp_el0
sd_wp_el0:
    bl      sd_wp_seq
    svc     #0xffff
1:  b       1b
