## tools/local.mk: the bootable ISO and the ways to boot it.

## The kernel command line of mach.iso; per run: make run KERNEL_CMDLINE=...
KERNEL_CMDLINE =

## Remake the ISO when the command line changes.
mach.iso.cmdline: FORCE
	@echo '$(KERNEL_CMDLINE)' | cmp -s - $@ || echo '$(KERNEL_CMDLINE)' > $@

## The system: the bootstrap server, the default pager and the examples
## (examples/local.mk), started by it.
mach.iso: kernel/mach mach.iso.cmdline $(top_srcdir)/tools/mkiso \
		$(top_srcdir)/tools/mach-mkimage.in servers/bootstrap/bootstrap \
		servers/default_pager/default_pager $(EXAMPLE_PROGS) Makefile
	$(AM_V_GEN)$(MACH_MKIMAGE_TREE) -o $@ -c "$(KERNEL_CMDLINE)" \
		$(EXAMPLE_IMAGE_ARGS)

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

## ---- The SDK's tools and the system to boot (make install) ----
## mach-gcc (the compiler wrapper), mach-mkimage (a bootable ISO of the
## installed kernel and bootstrap server, with -p the default pager,
## plus the user's programs), mach.pc and mig.1; the kernel, the
## bootstrap server, the default pager and mkiso in $(libdir)/mach
## beside libmach.  The scripts and mach.pc are made
## as they are installed, so that `make install prefix=DIR' names DIR.
SDK_SUBST = sed -e 's|[@]prefix[@]|$(prefix)|g' \
	-e 's|[@]exec_prefix[@]|$(exec_prefix)|g' \
	-e 's|[@]bindir[@]|$(bindir)|g' -e 's|[@]libdir[@]|$(libdir)|g' \
	-e 's|[@]includedir[@]|$(includedir)|g' \
	-e 's|[@]machlibdir[@]|$(libdir)/mach|g' \
	-e 's|[@]MUSL_GCC[@]|$(MUSL_GCC)|g' -e 's|[@]VERSION[@]|$(VERSION)|g'
SDK_WRAPPERS = mach-gcc mach-mkimage
machexecdir = $(libdir)/mach
nodist_machexec_DATA = kernel/mach servers/bootstrap/bootstrap \
	servers/default_pager/default_pager
machexec_SCRIPTS = tools/mkiso
dist_man_MANS = mig/mig.1

install-exec-local:
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	for s in $(SDK_WRAPPERS); do \
		$(SDK_SUBST) $(top_srcdir)/tools/$$s.in \
			> '$(DESTDIR)$(bindir)'/$$s && \
		chmod 755 '$(DESTDIR)$(bindir)'/$$s || exit 1; done
install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(libdir)/pkgconfig'
	$(SDK_SUBST) $(top_srcdir)/tools/mach.pc.in \
		> '$(DESTDIR)$(libdir)/pkgconfig/mach.pc'
uninstall-local:
	for s in $(SDK_WRAPPERS); do rm -f '$(DESTDIR)$(bindir)'/$$s; done
	rm -f '$(DESTDIR)$(libdir)/pkgconfig/mach.pc'
EXTRA_DIST += tools/mach-gcc.in tools/mach-mkimage.in tools/mach.pc.in
