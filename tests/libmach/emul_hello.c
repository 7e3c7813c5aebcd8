/*
 * emul_hello.c: a plain C program, nothing of Mach in it, built with
 * musl-gcc -static and linked with libmach's crt0.o and libmach.a
 * (tests/libmach/local.mk): every system call musl makes goes through
 * libmach's emulation (libmach/emul*.c).  It checks what such a
 * program does: printf of a long line and of %f, malloc of 1 MiB and
 * of many small blocks, free and realloc, the break (sbrk), anonymous
 * mmap, mprotect and munmap, time, clock_gettime, nanosleep, TLS and
 * errno, registers across a call (SSE and the red zone included),
 * the errors of bad calls (a bad pointer, a bad descriptor, an
 * unserved call, bad arguments), every number with hostile
 * arguments, stderr.  It prints
 * "emul: N checks, F failed" through stdout, and then exits with
 * status 3 through exit(): its atexit handler prints
 * "emul: exit handlers ran" and the emulation
 * "emul_hello: exit status 3" as the task ends.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int checks, failures;

static void
check_at(int ok, long long got, const char *what, int line)
{
	checks++;
	if (ok)
		return;
	failures++;
	fprintf(stderr, "emul: FAIL line %d: %s (got %lld, errno %d)\n", line,
		what, got, errno);
}

#define CHECK(c) check_at(!!(c), 0, #c, __LINE__)
#define CHECK_EQ(got, want)                                                    \
	do {                                                                   \
		long long g_ = (long long)(got);                               \
		check_at(g_ == (long long)(want), g_, #got " == " #want,       \
			 __LINE__);                                            \
	} while (0)

static __thread int tls_value = 7;

static void
check_stdio(void)
{
	char line[301];
	for (int i = 0; i < 300; i++)
		line[i] = (char)('a' + i % 26);
	line[300] = '\0';
	CHECK_EQ(printf("emul: a long line: %s\n", line), 19 + 300 + 1);
	char buf[64];
	CHECK_EQ(snprintf(buf, sizeof buf, "%f %.3f %e", 3.14159265, -2.5,
			  12345.678),
		 28);
	CHECK(strcmp(buf, "3.141593 -2.500 1.234568e+04") == 0);
	CHECK(printf("emul: pi is %f\n", 3.14159265) > 0);
	CHECK_EQ(fprintf(stderr, "emul: to stderr\n"), 16);
	CHECK_EQ(tls_value, 7);
	tls_value++;
	CHECK_EQ(tls_value, 8);
}

static void
check_memory(void)
{
	size_t mib = 1u << 20;
	unsigned char *big = malloc(mib);
	CHECK(big != NULL);
	if (big != NULL) {
		memset(big, 0xa5, mib);
		CHECK_EQ(big[0] + big[mib / 2] + big[mib - 1], 3 * 0xa5);
		free(big);
	}
	void *small[500];
	int ok = 1;
	for (int i = 0; i < 500; i++) {
		small[i] = malloc(16 + i);
		if (small[i] == NULL)
			ok = 0;
		else
			memset(small[i], i & 0xff, 16 + i);
	}
	CHECK(ok);
	for (int i = 0; i < 500; i++)
		ok = ok && small[i] != NULL &&
		     ((unsigned char *)small[i])[15 + i] == (i & 0xff);
	CHECK(ok);
	for (int i = 0; i < 500; i++)
		free(small[i]);
	char *r = malloc(10);
	CHECK(r != NULL);
	if (r != NULL) {
		strcpy(r, "realloc");
		r = realloc(r, 200000);
		CHECK(r != NULL && strcmp(r, "realloc") == 0);
		free(r);
	}

	/* The break (musl's sbrk moves it no more: brk itself; malloc may
	 * have its blocks below cur). */
	char *cur = (char *)syscall(SYS_brk, 0);
	CHECK(cur != NULL && (uintptr_t)cur % 4096 == 0);
	CHECK(sbrk(0) == cur);
	CHECK(syscall(SYS_brk, cur + 8192 + 10) == (long)(cur + 8192 + 10));
	cur[0] = 1;
	cur[8192 + 4095] = 2; /* the page the break is in */
	CHECK_EQ(cur[0] + cur[8192 + 4095], 3);
	CHECK(syscall(SYS_brk, cur) == (long)cur);
	CHECK(syscall(SYS_brk, cur + 4096) == (long)(cur + 4096));
	CHECK_EQ(cur[0], 0); /* given back, then new */
	CHECK(syscall(SYS_brk, cur) == (long)cur);
	/* Refused: the break stays. */
	CHECK(syscall(SYS_brk, 4096) == (long)cur); /* below its region */
	CHECK(syscall(SYS_brk, cur + (1ul << 40)) == (long)cur);
	errno = 0;
	CHECK(sbrk(4096) == (void *)-1);
	CHECK_EQ(errno, ENOMEM);

	/* Anonymous mappings. */
	size_t len = 64 * 1024;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		CHECK_EQ(m[0] | m[len - 1], 0);
		m[100] = 'x';
		char *f = mmap(m + 4096, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		CHECK(f == m + 4096);
		CHECK_EQ(m[100], 'x');
		CHECK_EQ(mprotect(m, 4096, PROT_READ), 0);
		CHECK_EQ(m[100], 'x');
		CHECK_EQ(munmap(m, len), 0);
	}
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) == MAP_FAILED);
	CHECK_EQ(errno, ENODEV);
	CHECK(mmap(NULL, 4096, 0x100, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(munmap((void *)1, 4096), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(mprotect((void *)0x10000000000, 4096, PROT_READ), -1);
	CHECK_EQ(errno, ENOMEM);
}

static long
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

static void
check_time(void)
{
	time_t t = time(NULL);
	CHECK(t > 1600000000); /* the host's clock: after 2020 */
	struct timeval tv;
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	CHECK(tv.tv_sec >= t && tv.tv_sec < t + 60);
	struct timespec a, b;
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	struct timespec nap = { 0, 100 * 1000 * 1000 };
	CHECK_EQ(nanosleep(&nap, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	long slept = ms_between(&a, &b);
	CHECK(slept >= 90); /* a clock tick (10 ms) of rounding */
	CHECK(slept < 5000);
	CHECK_EQ(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a), 0);
	CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
	struct timespec bad = { 0, 2000000000 };
	errno = 0;
	CHECK_EQ(nanosleep(&bad, NULL), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(nanosleep((void *)8, NULL), -1);
	CHECK_EQ(errno, EFAULT);
	CHECK_EQ(clock_gettime(CLOCK_REALTIME, (void *)8), -1);
	CHECK_EQ(errno, EFAULT);
	CHECK_EQ(clock_gettime(99, &a), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(usleep(1000), 0);
}

static void
check_errors(void)
{
	errno = 0;
	CHECK_EQ(open("/etc/passwd", O_RDONLY), -1);
	CHECK_EQ(errno, ENOSYS); /* no file server yet */
	CHECK_EQ(write(1, (void *)8, 10), -1);
	CHECK_EQ(errno, EFAULT);
	CHECK_EQ(write(7, "x", 1), -1);
	CHECK_EQ(errno, EBADF);
	CHECK_EQ(write(1, "", 0), 0);
	struct winsize ws;
	CHECK_EQ(ioctl(1, TIOCGWINSZ, &ws), -1);
	CHECK_EQ(errno, ENOTTY);
	CHECK_EQ(getpid(), 1);
	CHECK_EQ(syscall(SYS_gettid), 1);
	CHECK_EQ(syscall(1000), -1);
	CHECK_EQ(errno, ENOSYS);
	CHECK_EQ(syscall(SYS_arch_prctl, 0x9999, 0), -1);
	CHECK_EQ(errno, EINVAL);
	unsigned long fs = 0;
	CHECK_EQ(syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs), 0);
	CHECK(fs != 0);
	CHECK_EQ(syscall(SYS_arch_prctl, 0x1003, (void *)8), -1);
	CHECK_EQ(errno, EFAULT);
	CHECK_EQ(strcmp(strerror(ENOSYS), "Function not implemented"), 0);
}

/* A system call through the emulation leaves every register but rax,
 * rcx and r11 as it was, the SSE registers and the red zone too (as
 * Linux's kernel does). */
static void
check_registers(void)
{
	long nr = SYS_clock_gettime, clk = CLOCK_MONOTONIC;
	struct timespec ts;
	struct timespec *tsp = &ts;
	register long r10 __asm__("r10") = 0x4444;
	register long r8 __asm__("r8") = 0x5555;
	register long r9 __asm__("r9") = 0x6666;
	long rdx = 0x3333, red = 0;
	double x0 = 2.75, x7 = -1.25;
	__asm__ volatile(
		"movsd %[x0], %%xmm0\n\t"
		"movsd %[x7], %%xmm7\n\t"
		"movq $0x5a5a, -128(%%rsp)\n\t"
		"syscall\n\t"
		"movq -128(%%rsp), %[red]\n\t"
		"movsd %%xmm0, %[x0]\n\t"
		"movsd %%xmm7, %[x7]"
		: "+a"(nr), "+D"(clk), "+S"(tsp), "+d"(rdx), "+r"(r10),
		  "+r"(r8),
		  "+r"(r9), [x0] "+m"(x0), [x7] "+m"(x7), [red] "=r"(red)
		:
		: "rcx", "r11", "xmm0", "xmm7", "memory");
	CHECK_EQ(nr, 0);
	CHECK_EQ(clk, CLOCK_MONOTONIC);
	CHECK(tsp == &ts);
	CHECK_EQ(rdx, 0x3333);
	CHECK_EQ(r10, 0x4444);
	CHECK_EQ(r8, 0x5555);
	CHECK_EQ(r9, 0x6666);
	CHECK(x0 == 2.75);
	CHECK(x7 == -1.25);
	CHECK_EQ(red, 0x5a5a);
}

/*
 * Every number the vector covers, with hostile arguments (null, small,
 * unaligned, kernel, non-canonical and all-ones values): each call
 * answers a result or -errno, and the program goes on.  exit and
 * exit_group would end it: left out.
 */
static void
check_hostile(void)
{
	static const long bad[] = {
		0, 8, -1, 0x7ff, (long)0xffff800000001000ul, 0x0000800000000000l
	};
	const int nbad = (int)(sizeof bad / sizeof bad[0]);
	long answered = 0, odd = 0;
	for (long nr = 0; nr < 1024; nr++) {
		if (nr == SYS_exit || nr == SYS_exit_group)
			continue;
		for (int i = 0; i < nbad; i++) {
			long a = bad[i], b = bad[(i + 1) % nbad];
			long r = syscall(nr, a, b, a, b, a, b);
			answered++;
			/* musl's syscall(): -1 and errno, or a result. */
			if (r == -1 && (errno <= 0 || errno >= 4096))
				odd++;
		}
	}
	CHECK_EQ(answered, 1022 * nbad);
	CHECK_EQ(odd, 0);
	/* The program's state is intact. */
	CHECK_EQ(tls_value, 8);
	CHECK(printf("emul: %ld hostile calls answered\n", answered) > 0);
}

static void
at_exit(void)
{
	printf("emul: exit handlers ran\n");
}

int
main(void)
{
	CHECK_EQ(atexit(at_exit), 0);
	check_stdio();
	check_memory();
	check_time();
	check_errors();
	check_registers();
	check_hostile();
	printf("emul: %d checks, %d failed\n", checks, failures);
	exit(3);
}
