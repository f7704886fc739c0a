/* Exception-raising snippets for excp.c: each t_X faults at its first instruction (or
 * where noted) and the C handler resumes at t_X_end, which returns. */
    .text
    .macro snippet name
    .global t_\name, t_\name\()_end
    .balign 16
t_\name\():
    .endm
    .macro snippet_end name
t_\name\()_end:
    ret
    .endm

    snippet udf0
    .inst 0x00000000
    snippet_end udf0
    snippet udf1234
    udf #0x1234
    snippet_end udf1234
    snippet unalloc1
    .inst 0x02000000
    snippet_end unalloc1
    snippet unalloc2
    .inst 0x06a0f3c1
    snippet_end unalloc2
    snippet sve
    .inst 0x04a00000
    snippet_end sve
    snippet svc0
    svc #0
    snippet_end svc0
    snippet svcffff
    svc #0xffff
    snippet_end svcffff
    snippet brk0
    brk #0
    snippet_end brk0
    snippet brkf00f
    brk #0xf00f
    snippet_end brkf00f
    snippet hvc0
    mov x0, #0
    hvc #0
    snippet_end hvc0
    snippet smc0
    mov x0, #0
    smc #0
    snippet_end smc0
    snippet mrs_el2
    mrs x0, hcr_el2
    snippet_end mrs_el2
    snippet mrs_impdef
    mrs x0, s3_0_c15_c15_7
    snippet_end mrs_impdef
    snippet msr_ro
    msr s3_0_c0_c0_0, x0        /* MIDR_EL1 is read-only */
    snippet_end msr_ro
    snippet eret_el2
    mrs x9, spsr_el1
    mov x10, #0x3c9             /* EL2h: not implemented */
    msr spsr_el1, x10
    adr x10, t_eret_el2_end
    msr elr_el1, x10
    eret
    snippet_end eret_el2
    snippet ld_unassigned
    mov x9, #0x70000000
    ldr x0, [x9, #8]
    snippet_end ld_unassigned
    snippet st_unassigned
    mov x9, #0x70000000
    strb w0, [x9, #3]
    snippet_end st_unassigned
    snippet ld_highaddr
    mov x9, #0x0001000000000000
    ldr w0, [x9]
    snippet_end ld_highaddr
    snippet ld_gap
    mov x9, #0x08100000         /* between GIC distributor and redistributors? no: GICD ends at 0x08010000 */
    movk x9, #0x0c00, lsl #16
    ldr w0, [x9]
    snippet_end ld_gap
    snippet pc_align
    adr x9, t_pc_align_end
    add x9, x9, #2
    br x9
    snippet_end pc_align
    snippet iabort
    mov x9, #0x70000000
    br x9
    snippet_end iabort
    snippet ldr_pair_unassigned
    mov x9, #0x7ffffff8
    ldp x0, x1, [x9]
    snippet_end ldr_pair_unassigned

    /* EL0 program: each faulting instruction is resumed at ELR+4 (SVC at ELR) by the EL0
     * handler; SVC #0xffff ends the program. */
    .global el0_prog, el0_prog_end
    .balign 16
el0_prog:
    mrs x0, sctlr_el1
    /* No "msr daifset, #2" here: QEMU 7.2 reports its EL0 trap (EC 0x18) with op1 and op2
     * swapped in the ISS (0x793e4 instead of 0xcd3e4), which nothing should copy. */
    mrs x1, daif
    mrs x2, ctr_el0
    dc zva, x9
    mrs x3, cntvct_el0
    mrs x3, cntfrq_el0
    svc #7
    hvc #1
    brk #3
    mrs x4, tpidrro_el0
    msr tpidrro_el0, x4
    mrs x4, currentel
    eret
    svc #0xffff
el0_prog_end:
    b .
