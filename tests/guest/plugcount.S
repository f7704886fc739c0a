/* The code whose instructions and memory accesses tests/plugin/count.c counts
 * (tests/integration/t-plugin.sh), between plug_begin and plug_end. Exactly:
 *   plug_loop(buf): 2 + 1000 * 7 + 2 = 7004 instructions, 2000 loads, 1000 stores (RAM)
 *   plug_fault(addr): the load faults (an external abort: nothing there), the
 *     handler resumes at the ret: 2 instructions, no load reported
 *   plug_mmio(addr): 2 instructions, 1 load (the PL011's flag register: MMIO)
 * in all 7008 instructions, 2001 loads, 1000 stores, 3000 to RAM, 1 to "pl011". */
    .text
    .global plug_begin, plug_end, plug_loop, plug_fault, plug_fault_ld, plug_mmio
    .balign 64
plug_begin:
plug_loop:
    mov     x1, #1000
    mov     x2, #0
1:  ldr     x3, [x0]
    ldr     x4, [x0, #8]
    add     x2, x2, x3
    add     x2, x2, x4
    str     x2, [x0, #16]
    subs    x1, x1, #1
    b.ne    1b
    mov     x0, x2
    ret
    .type   plug_loop, %function
    .size   plug_loop, . - plug_loop
plug_fault:
plug_fault_ld:
    ldr     x1, [x0]
    ret
plug_mmio:
    ldr     w0, [x0]
    ret
plug_end:
