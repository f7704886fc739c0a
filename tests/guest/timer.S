/* EL0 programs for timer.c: each access that traps is printed by the handler, which
 * resumes after it; SVC #0xffff goes back to EL1. */
    .text
    .global el0_timer_prog
el0_timer_prog:
    mrs     x0, cntv_ctl_el0
    mrs     x0, cntv_cval_el0
    mrs     x0, cntv_tval_el0
    msr     cntv_ctl_el0, xzr
    mrs     x0, cntp_ctl_el0
    mrs     x0, cntp_cval_el0
    msr     cntp_tval_el0, x0
    mrs     x0, cntvct_el0
    mrs     x0, cntpct_el0
    mrs     x0, cntfrq_el0
    svc     #0xffff
1:  b       1b

    /* WFI and WFE at EL0: with the event register set by SEVL, WFE completes without
     * trapping (it would not sleep); WFI traps unless SCTLR_EL1.nTWI is set. */
    .global el0_wfx_prog
el0_wfx_prog:
    sevl
    wfe
    wfi
    svc     #0xffff
1:  b       1b
