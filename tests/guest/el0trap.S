/* The EL0 half of el0trap.c: x0 is a 64-byte aligned buffer. Each operation either works
 * or traps to EL1, whose handler prints it and resumes past it; SVC #1 reports x1-x4,
 * SVC #0xffff ends the run. */
    .text
    .balign 64
    .global el0trap_prog
el0trap_prog:
    mov     x16, x0
    mov     x1, #0x1111
    mov     x2, #0x2222
    mov     x3, #0x3333
    mov     x4, #0x4444
    dc      civac, x16
    dc      cvac, x16
    dc      cvau, x16
    ic      ivau, x16
    dc      cvac, x7
    mrs     x1, ctr_el0
    mrs     x2, dczid_el0
    dc      zva, x16
    mrs     x3, daif
    msr     daif, x3
    mrs     x4, s3_1_c15_c2_0           /* CPUACTLR_EL1: EL1 only */
    mrs     x4, s3_1_c15_c3_0           /* CBAR_EL1: EL1 only */
    svc     #1
    svc     #0xffff
1:  b       1b

