## tests/tutorial/local.mk: docs/tutorial.md, run (tutorial-test.sh):
## every sh block of it, so that the tutorial cannot rot.
tests/tutorial/boot-tutorial: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/tutorial && \
	printf '#!/bin/sh\nexec "%s" "%s" "%s"\n' \
		'$(abs_top_srcdir)/tests/tutorial/tutorial-test.sh' \
		'$(abs_top_srcdir)' '$(abs_top_builddir)' > $@ && chmod +x $@

CHECK_TESTS += tests/tutorial/boot-tutorial
CLEANFILES += tests/tutorial/boot-tutorial
EXTRA_DIST += tests/tutorial/tutorial-test.sh
