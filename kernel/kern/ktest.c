/*
 * kern/ktest.c: the boot-test runner.
 */

#include <stdarg.h>
#include <stddef.h>

#include <machine/machdep.h>

#include "kern/cmdline.h"
#include "kern/ktest.h"
#include "kern/printf.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static const struct boot_info *boot_info;
static const char *run_selection;   /* test=... while tests run */
static const struct ktest *current; /* the running test, or NULL */
static unsigned current_number;     /* its TAP number */
static bool current_failed;
static unsigned npassed, nfailed;

/* Self-checks that must fail run only when named, never through "all". */
static bool
selected(const struct ktest *t, const char *selection)
{
	if (t->explicit_only)
		return cmdline_list_names(selection, t->name);
	return cmdline_list_has(selection, t->name);
}

void
ktest_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	kprintf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	current_failed = true;
}

static void __attribute__((noreturn)) finish(void)
{
	kprintf("# %u passed, %u failed\n", npassed, nfailed);
	arch_machine_exit(nfailed > 0);
}

const struct boot_info *
ktest_boot_info(void)
{
	return boot_info;
}

void
ktest_run(const char *selection, const struct boot_info *bi)
{
	unsigned count = 0;

	boot_info = bi;
	run_selection = selection;
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
		if (selected(t, selection))
			count++;
	kprintf("1..%u\n", count);

	unsigned number = 0;
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		if (!selected(t, selection))
			continue;
		current = t;
		current_number = ++number;
		current_failed = false;
		kprintf("# running %s\n", t->name);
		t->fn();
		current = NULL;
		if (current_failed) {
			nfailed++;
			kprintf("not ok %u - %s\n", number, t->name);
		} else {
			npassed++;
			kprintf("ok %u - %s\n", number, t->name);
		}
	}
	finish();
}

void
ktest_abort_current(const char *why)
{
	if (current == NULL)
		return;

	const struct ktest *stopped = current;
	current = NULL;
	nfailed++;
	kprintf("not ok %u - %s # %s\n", current_number, stopped->name, why);
	unsigned number = current_number;
	for (const struct ktest *t = stopped + 1; t < __ktests_end; t++) {
		if (!selected(t, run_selection))
			continue;
		nfailed++;
		kprintf("not ok %u - %s # not run: the kernel stopped in %s\n",
			++number, t->name, stopped->name);
	}
	finish();
}
