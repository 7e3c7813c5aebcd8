/*
 * sv_bench.h: the servers' boot-test benchmarks' time and lines.  The
 * boot tests run under -icount (boot-test --deterministic), so the
 * time-stamp counter counts guest instructions; a line is in the form
 * the kernel's benchmarks use (kern/kbench.h).
 */
#ifndef _SV_BENCH_H_
#define _SV_BENCH_H_

#include <stdint.h>
#include <stdio.h>

#include <mach.h>

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* "bench NAME: X.Y instructions/op" for total instructions over n. */
static inline void
bench_line(const char *name, uint64_t total, uint64_t n)
{
	char line[120];
	uint64_t tenths = (total * 10 + n / 2) / n;
	snprintf(line, sizeof line, "bench %s: %llu.%llu instructions/op\n",
		 name, (unsigned long long)(tenths / 10),
		 (unsigned long long)(tenths % 10));
	mach_print(line);
}

#endif
