/*
 * rt.c: the C library pieces a program for GNU Mach needs when it has
 * no C library (see rt.h): GNU MIG's runtime (mig_support.h), mach_msg
 * as the GNU C library defines it, string functions the compiler and
 * the stubs call, and the checks.
 */

#include <mach/mach_types.h>
#include <mach/mig_support.h>
#include <mach/thread_switch.h>
#include <string.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

/*
 * A reply port per thread, made on first use: the main thread's, and
 * one for each thread given a stack of its own with rt_thread_stack
 * (found by the stack the stub runs on).
 */
#define RT_THREADS 8
static struct rt_thread {
	unsigned long lo, hi; /* its stack; 0, 0: the main thread */
	mach_port_t reply;
} rt_threads[RT_THREADS + 1];

void
rt_thread_stack(unsigned long lo, unsigned long hi)
{
	for (int i = 1; i <= RT_THREADS; i++)
		if (rt_threads[i].hi == 0) {
			rt_threads[i].lo = lo;
			rt_threads[i].hi = hi;
			rt_threads[i].reply = MACH_PORT_NULL;
			return;
		}
}

static struct rt_thread *
rt_current(void)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	for (int i = 1; i <= RT_THREADS; i++)
		if (sp >= rt_threads[i].lo && sp < rt_threads[i].hi)
			return &rt_threads[i];
	return &rt_threads[0];
}

mach_port_t
mig_get_reply_port(void)
{
	struct rt_thread *t = rt_current();
	if (t->reply == MACH_PORT_NULL)
		t->reply = mach_reply_port();
	return t->reply;
}

/*
 * A stub saw its reply port in a bad state: drop it; the next call makes
 * a new one.  Releasing it is itself a call through a stub, whose own
 * failure would come back here: that one only forgets the port.
 */
void
mig_dealloc_reply_port(mach_port_t port)
{
	static int releasing;
	(void)port;
	struct rt_thread *t = rt_current();
	mach_port_t old = t->reply;
	t->reply = MACH_PORT_NULL;
	if (old != MACH_PORT_NULL && !releasing) {
		releasing = 1;
		mach_port_mod_refs(mach_task_self(), old,
				   MACH_PORT_RIGHT_RECEIVE, -1);
		releasing = 0;
	}
}

void
mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	if (vm_allocate(mach_task_self(), addr, size, 1) != KERN_SUCCESS)
		*addr = 0;
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)vm_deallocate(mach_task_self(), addr, size);
}

vm_size_t
mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;
	if (len == 0)
		return 0;
	for (i = 0; i < len - 1 && src[i] != '\0'; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}

/*
 * The GNU C library's mach_msg: an interrupted send is sent again, an
 * interrupted receive (after the send went) is received again.
 */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	mach_msg_return_t mr;
	do
		mr = mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
				   timeout, notify);
	while (mr == MACH_SEND_INTERRUPTED);
	while (mr == MACH_RCV_INTERRUPTED)
		mr = mach_msg_trap(msg, option & ~MACH_SEND_MSG, 0, rcv_size,
				   rcv_name, timeout, notify);
	return mr;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

void *
memset(void *p, int c, size_t n)
{
	unsigned char *d = p;
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return p;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n] != '\0')
		n++;
	return n;
}

size_t
strlen(const char *s)
{
	return strnlen(s, (size_t)-1);
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

void
rt_print(const char *s)
{
	mach_print(s);
}

void
rt_print_hex(unsigned long long n)
{
	char buf[19];
	int i = sizeof buf - 1;
	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[n & 15];
		n >>= 4;
	} while (n != 0);
	buf[--i] = 'x';
	buf[--i] = '0';
	mach_print(&buf[i]);
}

void
rt_print_dec(long long n)
{
	char buf[21];
	int i = sizeof buf - 1;
	unsigned long long u =
		n < 0 ? -(unsigned long long)n : (unsigned long long)n;
	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (n < 0)
		buf[--i] = '-';
	mach_print(&buf[i]);
}

static int checks, failures;

int
rt_check(int ok, const char *what, const char *file, int line)
{
	checks++;
	if (!ok) {
		failures++;
		rt_print(file);
		rt_print(":");
		rt_print_dec(line);
		rt_print(": check failed: ");
		rt_print(what);
		rt_print("\n");
	}
	return ok;
}

int
rt_check_eq(long long got, long long want, const char *what, const char *file,
	    int line)
{
	if (!rt_check(got == want, what, file, line)) {
		rt_print("  got ");
		rt_print_dec(got);
		rt_print(" (");
		rt_print_hex((unsigned long long)got);
		rt_print("), want ");
		rt_print_dec(want);
		rt_print(" (");
		rt_print_hex((unsigned long long)want);
		rt_print(")\n");
		return 0;
	}
	return 1;
}

int
rt_report(const char *name)
{
	rt_print(name);
	rt_print(": ");
	rt_print_dec(checks);
	rt_print(" checks, ");
	rt_print_dec(failures);
	rt_print(" failed\n");
	return failures;
}

void
rt_exit(int status)
{
	(void)status;
	task_terminate(mach_task_self());
	/* Only if task_terminate failed: say so and wait to be ended. */
	rt_print("conformance: task_terminate of itself returned\n");
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

mach_port_type_t
rt_port_type(mach_port_t name)
{
	mach_port_type_t type = 0;
	if (mach_port_type(mach_task_self(), name, &type) != KERN_SUCCESS)
		return 0;
	return type;
}

unsigned
rt_port_arg(const char *s)
{
	unsigned n = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (unsigned)(*s - '0');
	return *s == '\0' ? n : 0;
}
