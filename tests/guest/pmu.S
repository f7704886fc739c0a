/* The EL0 half of pmu.c: PMU register accesses at EL0, each allowed or trapped per
 * PMUSERENR_EL0 (the handler prints the trap and resumes past it); SVC #1 reports x1-x6,
 * SVC #0xffff ends the run. */
    .text
    .balign 64
    .global pmu_el0
pmu_el0:
    mov     x1, #0x1111
    mov     x2, #0x2222
    mov     x3, #0x3333
    mov     x4, #0x4444
    mov     x5, #0x5555
    mov     x6, #0x6666
    mrs     x1, pmcr_el0
    mrs     x2, pmccntr_el0
    cbz     x2, 1f
    mov     x2, #1                      /* advanced: 1 (the value itself varies) */
1:  mrs     x3, pmevcntr0_el0
    mrs     x4, pmselr_el0
    mrs     x5, pmuserenr_el0
    mrs     x6, pmceid0_el0
    mov     x7, #1
    msr     pmswinc_el0, x7
    msr     pmselr_el0, x7
    msr     pmevcntr0_el0, x7
    msr     pmuserenr_el0, x7           /* UNDEFINED: EL1 writes it */
    mrs     x7, pmintenset_el1          /* UNDEFINED at EL0 */
    mrs     x7, s3_3_c9_c12_4           /* PMSWINC_EL0 is write-only: UNDEFINED */
    svc     #1
    svc     #0xffff
2:  b       2b
