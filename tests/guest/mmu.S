/* Code pages for mmu.c, each alone in its 4 KiB page so it can be mapped at a virtual
 * alias of its own. */
    .text

    /* Returns its own address as it runs: the alias it was called through. */
    .balign 4096
    .global alias_page
alias_page:
    adr     x0, alias_page
    ret
    .balign 4096

    /* Two NOPs at the end of the page, then the next (unmapped) page: the fetch there
     * faults with FAR = the page's first byte. cross_page + 0xff8 is the entry. */
    .global cross_page
cross_page:
    .space  0xff8, 0
    nop
    nop
    .balign 4096

    /* The EL0 program (mapped read-only for EL0 and EL1, executable at EL0): x0 holds
     * the base T of the test region. Each faulting access is resumed past itself by the
     * handler, an instruction abort at x30; SVC #0xffff ends it. */
    .global el0_page
el0_page:
    mov     x9, x0
    str     x0, [sp, #-16]!             /* the EL0 stack page: fine */
    ldr     x1, [sp], #16
    add     x2, x9, #0x8000
    ldr     x3, [x2]                    /* EL1-only page: permission fault, level 3 */
    add     x2, x9, #0x1000
    str     x3, [x2]                    /* EL1 read-only, no EL0 access: permission, WnR */
    add     x2, x9, #0x6000
    ldr     w3, [x2]                    /* its own page, readable at EL0 */
    str     w3, [x2]                    /* but not writable: permission, WnR */
    add     x2, x9, #0x3000
    ldrb    w3, [x2, #5]                /* nothing mapped: translation fault, level 3 */
    add     x2, x9, #0x5000
    blr     x2                          /* EL1-only, PXN: not executable at EL0 either */
    mov     x2, #0x40080000             /* the image: UXN */
    blr     x2
    svc     #7
    svc     #0xffff
1:  b       1b
    .balign 4096

    /* A direct branch into the next virtual page (mapped at jumper + 0x1000), which the
     * C side remaps between ret1 and ret2: a chain made across the page boundary must
     * not outlive the mapping. */
    .global jumper_page, ret1_page, ret2_page
jumper_page:
    b       . + 0x1000
    .balign 4096
ret1_page:
    mov     x0, #1
    ret
    .balign 4096
ret2_page:
    mov     x0, #2
    ret
    .balign 4096

    /* Self-modifying code through two aliases: the C side writes the first word
     * through a data alias, then runs it through the code alias. */
    .data
    .balign 4096
    .global smc_page
smc_page:
    .space  4096, 0
