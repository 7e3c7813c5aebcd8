## tests/sdk/local.mk: the SDK as installed (tests/sdk/sdk-test.sh):
## make install into a prefix of the build tree, examples/hello copied
## out of the source tree and built with that prefix alone, its image
## made by the installed mach-mkimage with the installed default pager
## (-p) and booted (the lines the in-tree examples' boot test wants,
## examples/local.mk).
tests/sdk/boot-sdk: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/sdk && \
	printf '#!/bin/sh\nexec "%s" "%s" "%s" "%s" %s\n' \
		'$(abs_top_srcdir)/tests/sdk/sdk-test.sh' '$(abs_top_srcdir)' \
		'$(abs_top_builddir)' '$(BOOT_TEST)' "$(PAGER_EXPECT) $(HELLO_EXPECT)" \
		> $@ && chmod +x $@

CHECK_TESTS += tests/sdk/boot-sdk
CLEANFILES += tests/sdk/boot-sdk
EXTRA_DIST += tests/sdk/sdk-test.sh
