/* Start-up and exception vectors of the bare-metal guest programs: stack, VBAR_EL1, .bss,
 * main(), SYS_EXIT; every vector saves a full frame and calls rt_exception() (rt.h). */
#include "rt-frame.h"

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x1, =__stack_top
    mov     sp, x1
    ldr     x1, =rt_vectors
    msr     vbar_el1, x1
    isb
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    stp     xzr, xzr, [x1], #16
    b       1b
2:  bl      rt_init                 /* nothing, or rt-mmu.c: the MMU on */
    bl      main
    bl      rt_exit
3:  b       3b

    /* Each entry: make room for the frame, save x0/x1, pass the vector index in x1. */
    .macro vec_entry idx
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x1, #\idx
    b       rt_vec_common
    .endm

    .text
    .balign 2048
    .global rt_vectors
rt_vectors:
    vec_entry 0
    vec_entry 1
    vec_entry 2
    vec_entry 3
    vec_entry 4
    vec_entry 5
    vec_entry 6
    vec_entry 7
    vec_entry 8
    vec_entry 9
    vec_entry 10
    vec_entry 11
    vec_entry 12
    vec_entry 13
    vec_entry 14
    vec_entry 15

rt_vec_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el1
    stp     x30, x2, [sp, #FRAME_X30]
    mrs     x2, spsr_el1
    mrs     x3, esr_el1
    stp     x2, x3, [sp, #FRAME_SPSR]
    mrs     x2, far_el1
    mrs     x3, sp_el0
    stp     x2, x3, [sp, #FRAME_FAR]
    str     x1, [sp, #FRAME_VEC]
    mov     x0, sp
    bl      rt_exception
    ldp     x30, x2, [sp, #FRAME_X30]
    msr     elr_el1, x2
    ldr     x2, [sp, #FRAME_SPSR]
    msr     spsr_el1, x2
    ldr     x2, [sp, #FRAME_SP0]
    msr     sp_el0, x2
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret

    /* rt_enter_el0(pc, sp, arg): run at EL0t from pc with SP_EL0 = sp and x0 = arg, DAIF
     * masked. Returns when the exception handler sends EL0 back to rt_el0_return with
     * SPSR = EL1h and x0 = the value to return (rt_leave_el0). */
    .macro  save_callee_frame
    stp     x29, x30, [sp, #-96]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    .endm
    .global rt_enter_el0, rt_enter_el0_spsr
rt_enter_el0:
    mov     x3, #0x3c0          /* EL0t, DAIF masked */
    /* rt_enter_el0_spsr(pc, sp, arg, spsr): the same with SPSR_EL1 = spsr (EL0t and a DAIF) */
rt_enter_el0_spsr:
    save_callee_frame
    msr     elr_el1, x0
    msr     sp_el0, x1
    msr     spsr_el1, x3
    mov     x0, x2
    eret
    /* rt_eret_to(spsr, elr): ERET with these SPSR_EL1 and ELR_EL1 in rt_enter_el0's
     * frame: the handler comes back through rt_el0_return (or ERETs to it). */
    .global rt_eret_to
rt_eret_to:
    save_callee_frame
    msr     spsr_el1, x0
    msr     elr_el1, x1
    mov     x0, #0
    eret
    .global rt_el0_return
rt_el0_return:
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret
