/* psci.S: where PSCI CPU_ON starts the secondaries: x0 = the context id, whose low byte
 * (1..7) picks a 16 KiB stack; VBAR_EL1 as on CPU 0; then psci_secondary_main(x0). */
    .text
    .global psci_secondary_entry
psci_secondary_entry:
    and     x1, x0, #0xff
    add     x1, x1, #1
    ldr     x2, =psci_stacks
    lsl     x1, x1, #14
    add     sp, x2, x1
    ldr     x1, =rt_vectors
    msr     vbar_el1, x1
    isb
    bl      psci_secondary_main
1:  b       1b

    .bss
    .balign 16
psci_stacks:
    .space  16384 * 9
