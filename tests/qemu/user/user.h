/*
 * user.h: the little runtime of the boot tests' user programs: the Mach
 * traps they use, through the syscall instruction, and their end.  (libmach will be the
 * real one; these programs exist to test the kernel's user mode.)
 */
#ifndef TESTS_QEMU_USER_USER_H
#define TESTS_QEMU_USER_USER_H

#include <stddef.h>
#include <stdint.h>

#include <mach/syscall_sw.h>

static inline long
mach_trap3(long number, long a, long b, long c)
{
	long result;
	__asm__ volatile("syscall"
			 : "=a"(result)
			 : "a"(number), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return result;
}

/* The mach_msg trap; its seventh argument (notify) is never needed. */
static inline long
mach_msg_trap6(void *msg, long option, long send_size, long rcv_size,
	       long rcv_name, long timeout)
{
	long result;
	register long r10 __asm__("r10") = rcv_size;
	register long r8 __asm__("r8") = rcv_name;
	register long r9 __asm__("r9") = timeout;
	__asm__ volatile("syscall"
			 : "=a"(result)
			 : "a"((long)MACH_TRAP_mach_msg_trap), "D"(msg),
			   "S"(option), "d"(send_size), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return result;
}

/* Whether strings `a' and `b' are equal. */
static inline int
user_streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static inline size_t
user_strlen(const char *s)
{
	size_t n = 0;
	while (s[n] != '\0')
		n++;
	return n;
}

/* GNU Mach's debugging trap: print the string `s' on the console.
 * KERN_SUCCESS, or KERN_INVALID_ADDRESS for a bad address. */
static inline long
mach_print(const char *s)
{
	return mach_trap3(MACH_TRAP_mach_print, (long)s, 0, 0);
}

static inline void
print(const char *s)
{
	mach_print(s);
}

/*
 * The end of a program (exit.c; crt0.S calls it with main's value):
 * with status 0 the task terminates itself (task_terminate on its own
 * port); otherwise it prints "exit status N" and faults (an invalid
 * opcode), so that the kernel's tests, which see how a task ended and
 * not a status, count it as failed.
 */
void user_exit(long status) __attribute__((noreturn));

static inline long
swtch(void)
{
	return mach_trap3(MACH_TRAP_swtch, 0, 0, 0);
}

int main(int argc, char **argv);

#endif
