/* mmutarget's code page, mapped at a virtual address of its own (PT_T + 0x1000). */
    .text
    .balign 4096
    .global vtick
vtick:
    ldr     x1, [x0]
    add     x1, x1, #1
    str     x1, [x0]
    ret
    .balign 4096
