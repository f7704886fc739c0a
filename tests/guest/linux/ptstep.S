/* ptstep's entry and the child's code, at fixed offsets from ptstep_child. */
    .text
    .global _start
_start:
    mov     x29, #0
    bl      ptstep_main
1:  b       1b

    .global ptstep_child, ptstep_end
    .balign 16
ptstep_child:
    mov     x0, #1                      /* +0x0 */
    add     x0, x0, #2                  /* +0x4: the breakpoint */
    adrp    x1, ptstep_var              /* +0x8 */
    add     x1, x1, :lo12:ptstep_var    /* +0xc */
    str     x0, [x1]                    /* +0x10: the watchpoint */
    ldr     x2, [x1]                    /* +0x14 */
    ldxr    x3, [x1]                    /* +0x18 */
    clrex                               /* +0x1c */
    b       1f                          /* +0x20 */
    nop                                 /* +0x24 */
1:  add     x0, x0, x2                  /* +0x28: 6 */
    mov     x8, #93                     /* +0x2c: exit(6) */
    svc     #0                          /* +0x30 */
ptstep_end:
    b       ptstep_end

    .data
    .balign 8
    .global ptstep_var
ptstep_var:
    .quad   0
