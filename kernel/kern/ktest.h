/*
 * kern/ktest.h: boot tests, run inside the kernel.
 *
 * A test is a function registered with KTEST(name) in any file linked
 * into the kernel (they live in tests/qemu/).  The kernel command line
 * word test=NAME[,NAME...] (or test=all) makes the kernel run the
 * selected tests after it has booted, print TAP on the console (one
 * "ok N - name" or "not ok N - name" line per test) and end QEMU with a
 * pass or fail status (see arch_machine_exit).  tests/qemu/boot-test
 * reads both.
 *
 * KTEST_EXPLICIT(name) registers a test that test=all skips, run only
 * when named: tests that need a boot of their own (modules) and the
 * harness self-checks that must fail.
 *
 * A test fails when a KTEST_ASSERT fails, when it calls ktest_fail, or
 * when the kernel panics or takes an exception while it runs.
 */
#ifndef KERN_KTEST_H
#define KERN_KTEST_H

#include <stdbool.h>

#include "kern/boot_info.h"

struct ktest {
	const char *name;
	void (*fn)(void);
	bool explicit_only;
};

#define KTEST_DEFINE(name_, explicit_)                                         \
	static void ktest_##name_(void);                                       \
	static const struct ktest ktest_desc_##name_                           \
		__attribute__((used, section(".ktests"), aligned(8))) = {      \
			#name_, ktest_##name_, explicit_                       \
		};                                                             \
	static void ktest_##name_(void)

#define KTEST(name_)          KTEST_DEFINE(name_, false)
#define KTEST_EXPLICIT(name_) KTEST_DEFINE(name_, true)

/* Record a failure of the running test, with a reason. */
void ktest_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define ktest_fail(...) ktest_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/* Fail and leave the test function unless `cond' holds. */
#define KTEST_ASSERT(cond)                                                     \
	do {                                                                   \
		if (!(cond)) {                                                 \
			ktest_fail("assertion failed: %s", #cond);             \
			return;                                                \
		}                                                              \
	} while (0)

/* As KTEST_ASSERT for two integers, printing both values. */
#define KTEST_ASSERT_EQ(a, b)                                                  \
	do {                                                                   \
		unsigned long long a_ = (a), b_ = (b);                         \
		if (a_ != b_) {                                                \
			ktest_fail("%s == %s failed: %#llx != %#llx", #a, #b,  \
				   a_, b_);                                    \
			return;                                                \
		}                                                              \
	} while (0)

/* Run the tests `selection' names; ends the machine. */
void ktest_run(const char *selection, const struct boot_info *bi)
	__attribute__((noreturn));

/* For the tests: the boot information the kernel started with. */
const struct boot_info *ktest_boot_info(void);

/*
 * If a test is running, report it failed with `why', report the tests
 * that will not run, and end the machine as failed.  Otherwise return.
 */
void ktest_abort_current(const char *why);

#endif
