# The bare-metal guest programs: the one list build.sh and run.sh read (sourced).
# GUEST_PROGS: compared with QEMU by run.sh (each also has a test_bare_* in
# tests/integration/t-bare.sh); GUEST_BUILD_ONLY: built by default but driven by other
# tests (the differential fuzzer, the gdb and monitor targets); GUEST_FP_PROGS: the
# programs allowed to contain FP/SIMD instructions (they test them in inline assembly;
# C code stays integer-only everywhere but in GUEST_FP_C_PROGS). GUEST_FP_C_PROGS: the FP/SIMD
# workloads of scripts/bench, whose own C is compiled with FP/SIMD and crypto (build.sh);
# their PROG-small builds (one or two rounds) are in GUEST_PROGS.
GUEST_PROGS=(alu ldst branch sysreg excp smc sort hash interp chase crc lz mmu mmulevels
             psci psci_reset smp gicregs irq timer idle unpriv el0trap pmu idregs align
             fpldst fp simdperm simdint simdcrypto simdrand simdfp bigend selfdbg
             simdsum simdchr fwcfg flash matmul-small sdot-small fir-small aes-small sha256-small)
GUEST_BUILD_ONLY=(fuzz mmufuzz gdbtarget gdbsmp mmutarget smpbench plugcount)
GUEST_FP_PROGS=" fpldst fp simdperm simdint simdcrypto simdrand simdfp bigend simdsum simdchr matmul sdot fir aes sha256 "
GUEST_FP_C_PROGS=" matmul sdot fir aes sha256 "
