# The generated device tree, through -M mini-virt,dumpdtb=FILE.

test_dumpdtb_nodes() {
    make_image k.img
    make_initrd rd.img 4096
    emu -M mini-virt,dumpdtb=out.dtb -m 1G -kernel k.img -initrd rd.img -append "console=ttyAMA0 quiet x=1"
    check_rc 0 || return 1
    [ -s out.dtb ] || { fail "no DTB written to out.dtb"; return 1; }
    dtb_to_dts out.dtb out.dts || return 1

    check_prop out.dts / compatible '"linux,dummy-virt"'
    check_prop out.dts / '#address-cells' '<0x02>'
    check_prop out.dts / '#size-cells' '<0x02>'
    check_node out.dts cpus
    check_prop out.dts cpu@0 enable-method '"psci"'
    check_prop out.dts cpu@0 device_type '"cpu"'
    check_prop out.dts cpu@0 compatible '"arm,cortex-a57"'
    check_cells out.dts cpu@0 reg 0
    [ -z "$(dts_node out.dts cpu@1)" ] || fail "cpu@1 present without -smp"
    check_prop out.dts memory@40000000 device_type '"memory"'
    check_prop out.dts memory@40000000 reg '<0x00 0x40000000 0x00 0x40000000>'
    check_prop out.dts intc@8000000 compatible '"arm,gic-v3"'
    check_prop out.dts intc@8000000 interrupt-controller true
    check_prop out.dts intc@8000000 '#interrupt-cells' '<0x03>'
    check_prop out.dts intc@8000000 reg '<0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0xf60000>'
    check_node out.dts timer
    check_prop out.dts timer compatible '"arm,armv8-timer", "arm,armv7-timer"'
    check_prop out.dts timer interrupts '<0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>'
    check_prop out.dts pmu compatible '"arm,armv8-pmuv3"'
    check_prop out.dts pmu interrupts '<0x01 0x07 0x04>'
    check_prop out.dts pl011@9000000 interrupts '<0x00 0x01 0x04>'
    check_prop out.dts pl011@9000000 reg '<0x00 0x9000000 0x00 0x1000>'
    check_prop out.dts pl011@9000000 compatible '"arm,pl011", "arm,primecell"'
    check_prop out.dts psci method '"smc"'
    check_prop out.dts chosen bootargs '"console=ttyAMA0 quiet x=1"'
    check_prop out.dts chosen stdout-path '"/pl011@9000000"'

    local s e
    s=$(cells_value "$(dts_prop out.dts chosen linux,initrd-start)")
    e=$(cells_value "$(dts_prop out.dts chosen linux,initrd-end)")
    [ "$s" = $((0x48000000)) ] || fail "linux,initrd-start: expected 0x48000000, got $s"
    [ "$e" = $((0x48000000 + 4096)) ] || fail "linux,initrd-end: expected 0x48001000, got $e"
    [ "$FAILED" -eq 0 ] || show dts out.dts
}

test_dumpdtb_memory_sizes() {
    make_image k.img
    local m expect
    for m in "128M:<0x00 0x40000000 0x00 0x8000000>" "4G:<0x00 0x40000000 0x01 0x00>" \
             "2048:<0x00 0x40000000 0x00 0x80000000>"; do
        expect="${m#*:}"; m="${m%%:*}"
        rm -f m.dtb
        emu -M mini-virt,dumpdtb=m.dtb -m "$m" -kernel k.img
        check_rc 0 || continue
        dtb_to_dts m.dtb m.dts || continue
        check_prop m.dts memory@40000000 reg "$expect" || echo "  (for -m $m)"
    done
}

test_dumpdtb_no_initrd() {
    make_image k.img
    emu -M mini-virt,dumpdtb=n.dtb -kernel k.img
    check_rc 0 || return 1
    dtb_to_dts n.dtb n.dts || return 1
    check_node n.dts chosen
    [ -z "$(dts_prop n.dts chosen linux,initrd-start)" ] || fail "linux,initrd-start present without -initrd"
}

test_dumpdtb_smp2() {
    make_image k.img
    emu -M mini-virt,dumpdtb=s.dtb -smp 2 -kernel k.img
    check_rc 0 || return 1
    dtb_to_dts s.dtb s.dts || return 1
    check_cells s.dts cpu@0 reg 0
    check_cells s.dts cpu@1 reg 1
    check_prop s.dts cpu@1 enable-method '"psci"'
    [ -z "$(dts_node s.dts cpu@2)" ] || fail "cpu@2 present with -smp 2"
}

test_virt_alias() {
    make_image k.img
    emu -M virt,dumpdtb=v.dtb -kernel k.img
    check_rc 0 || return 1
    dtb_to_dts v.dtb v.dts || return 1
    check_prop v.dts / compatible '"linux,dummy-virt"'
    local n; n=$(grep -c '' err)
    [ "$n" -eq 1 ] || { fail "expected a one-line notice on stderr for -M virt, got $n lines"; show stderr err; }
    check_err mini-virt
}
