/* Helpers for irq.c: returns that unmask interrupts, and an EL0 entry with DAIF clear. */
    .text
    /* eret_unmask(): ERET to eret_target at EL1h with PSTATE.I and F clear (D, A masked);
     * a pending interrupt is taken there, with ELR = eret_target. */
    .global eret_unmask, eret_target
eret_unmask:
    adr     x1, eret_target
    msr     elr_el1, x1
    mov     x1, #0x305
    msr     spsr_el1, x1
    eret
eret_target:
    nop
    msr     daifset, #3
    ret

    /* daifclr_unmask(): returns the address of the instruction after the DAIFClr, where a
     * pending interrupt is taken. */
    .global daifclr_unmask
daifclr_unmask:
    adr     x0, 1f
    msr     daifclr, #3
1:  nop
    msr     daifset, #3
    ret

    .global el0_irq_prog
el0_irq_prog:
    nop
    nop
    svc     #0xffff
1:  b       1b
