/* The EL0 half of align.c (copied to a page of its own): unaligned accesses at x0. */
    .text
    .global align_el0, align_el0_end
align_el0:
    ldr     x1, [x0, #3]
    ldrh    w1, [x0, #5]
    ldr     w1, [x0, #8]
    stur    x1, [x0, #0xfb]
    add     x3, x0, #0x14
    ldp     x1, x2, [x3]
    svc     #1
    svc     #0xffff
align_el0_end:
