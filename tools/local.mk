## tools/local.mk: the bootable ISO and the ways to boot it.

## The kernel command line of mach.iso; per run: make run KERNEL_CMDLINE=...
KERNEL_CMDLINE =

## Remake the ISO when the command line changes.
mach.iso.cmdline: FORCE
	@echo '$(KERNEL_CMDLINE)' | cmp -s - $@ || echo '$(KERNEL_CMDLINE)' > $@

mach.iso: kernel/mach mach.iso.cmdline $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "$(KERNEL_CMDLINE)"

noinst_DATA += mach.iso

iso: mach.iso

## Boot with the serial console on the terminal (Ctrl-A X quits QEMU).
run: mach.iso
	@echo "Booting mach.iso under QEMU; press Ctrl-A then X to quit."
	@QEMU=$(QEMU) $(SHELL) $(top_srcdir)/tools/qemu-run mach.iso

## Start halted with the gdb stub on :1234; attach with `make gdb'.
debug: mach.iso
	@echo "QEMU waits for gdb on tcp::1234: run 'make gdb' in another terminal."
	@QEMU=$(QEMU) $(SHELL) $(top_srcdir)/tools/qemu-run --debug mach.iso

gdb: kernel/mach
	$(GDB) -x $(top_srcdir)/tools/mach.gdb kernel/mach

FORCE:
.PHONY: iso run debug gdb FORCE
CLEANFILES += mach.iso mach.iso.cmdline
EXTRA_DIST += tools/README.md tools/mkiso tools/qemu-run tools/gen-ksyms.awk \
	tools/mach.gdb tools/install-deps tools/quickstart tools/fetch-mig-oracle
