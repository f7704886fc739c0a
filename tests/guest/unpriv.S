/* The EL0 half of unpriv.c, alone in its page (mapped EL0 read-only, PXN). x0 is the
 * test region's base: LDTR/STTR at EL0 are ordinary EL0 accesses, and AT is UNDEFINED. */
    .text
    .balign 4096
    .global unpriv_el0
unpriv_el0:
    mov     x9, x0
    add     x2, x9, #0x1000             /* EL0 read/write page */
    ldtr    x3, [x2, #8]
    sttrb   w3, [x2, #0x40]
    ldtrsh  w4, [x2, #0x10]
    svc     #1                          /* the handler prints x3, x4 */
    ldtr    x3, [x9]                    /* page 0: EL1 only: permission fault */
    add     x2, x9, #0x2000
    sttr    w3, [x2]                    /* EL0 read-only: permission fault, WnR */
    at      s1e1r, x9                   /* UNDEFINED at EL0 */
    svc     #0xffff
1:  b       1b
    .balign 4096
