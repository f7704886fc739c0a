# The informational flags: -M/-cpu/-d/-device help, -version, -h.

test_machine_help() {
    emu -M help
    check_rc 0
    check_match out '^mini-virt([[:space:]]|$)' stdout
    check_match out '^virt([[:space:]]|$)' stdout
}

test_cpu_help() {
    emu -cpu help
    check_rc 0
    check_out cortex-a57
}

test_log_help() {
    emu -d help
    check_rc 0
    local item
    for item in in_asm out_asm op op_opt exec cpu int mmu unimp guest_errors nochain; do
        check_match out "^[[:space:]]*$item([[:space:]]|$)" stdout
    done
}

test_device_help() {
    emu -device help
    check_rc 0
    check_match out '(^|[[:space:]"])loader([[:space:]",]|$)' stdout
}

test_version() {
    emu -version
    check_rc 0
    check_match out '[0-9]+\.[0-9]+' stdout
    check_out a64emu
}

test_usage() {
    local flag
    for flag in -h -help; do
        emu "$flag"
        check_rc 0
        check_out -kernel
        check_out -readconfig
    done
}
