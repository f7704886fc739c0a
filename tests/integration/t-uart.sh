# A bare-metal guest writing to the PL011's data register: the bytes reach the serial
# backend the user chose (the terminal with -nographic, a file with -serial file:).

uart_guest() {
    cat >uart.S <<'ASM'
    .global _start
_start:
    ldr x1, =0x09000000
    ldr x2, =msg
1:  ldrb w3, [x2], #1
    cbz w3, 2f
    str w3, [x1]
    b 1b
2:  ldr x1, =block
    mov x0, #0x18
    hlt #0xf000
    .data
msg: .asciz "hello through the PL011\n"
    .align 3
block: .quad 0x20026, 5
ASM
    aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
        -T "$A64EMU_ROOT/tests/guest/link.ld" uart.S -o uart.elf 2>build.log ||
        { cat build.log; fail "assembling the UART guest failed"; return 1; }
}

test_uart_to_terminal() {
    uart_guest || return 1
    emu -M mini-virt -nographic -semihosting -kernel uart.elf
    check_rc 5
    check_has out "hello through the PL011" "the guest's serial output on stdout"
}

test_uart_to_file() {
    uart_guest || return 1
    emu -M mini-virt -display none -serial file:serial.txt -semihosting -kernel uart.elf
    check_rc 5
    check_has serial.txt "hello through the PL011" "the serial file"
    check_lacks out "hello through the PL011" "stdout"
}
