/*
 * fault.c: a task that misbehaves in the way its argument names, so the
 * boot tests can check that only it is terminated.
 *
 *   fault pf       read address 0 (page fault, no page)
 *   fault pfw      write to its own code (page fault, protection)
 *   fault gp       execute a privileged instruction (general protection)
 *   fault div      divide by zero (divide error)
 *   fault ud       execute an invalid opcode
 *   fault x87      divide by zero on the x87 FPU with the exception
 *                  unmasked, then fwait (#MF).  (The SSE equivalent,
 *                  #XM, is not tested: QEMU 7.2's TCG raises none.)
 *   fault rsp      spin with a non-canonical stack pointer until an
 *                  interrupt: the kernel cannot iretq back to that
 *                  (general protection, not a fault in the kernel)
 *   fault dbsys    single-step into a system call: the debug trap
 *                  comes after syscall, on the kernel's first
 *                  instruction; the task must see it, after the call
 *   fault db       single-step (rflags.TF): a debug exception, which
 *                  the kernel takes on a stack of its own (IST)
 *   fault kaddr    pass a kernel address to a trap (mach_print): must
 *                  get an error, then exits with status 0 if it did
 *   fault unix     make a system call with no emulation to take it
 *   fault flags    make traps with the nested-task, trap-free flags a
 *                  user may set (NT, AC, DF); exits with status 0 if the
 *                  kernel took them all
 */

#include "user.h"

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *how = argv[1];
	if (user_streq(how, "pf"))
		return *(volatile int *)0;
	if (user_streq(how, "pfw")) {
		*(volatile unsigned char *)(uintptr_t)main = 0xc3;
		return 1;
	}
	if (user_streq(how, "gp"))
		__asm__ volatile("hlt");
	if (user_streq(how, "div")) {
		volatile int zero = 0;
		return 10 / zero;
	}
	if (user_streq(how, "ud"))
		__asm__ volatile("ud2");
	if (user_streq(how, "x87")) {
		uint16_t fcw = 0x037f & ~0x4u; /* zero divide unmasked */
		__asm__ volatile("fldcw %0\n\t"
				 "fld1\n\t"
				 "fldz\n\t"
				 "fdivrp\n\t" /* 1 / 0 */
				 "fwait"
				 :
				 : "m"(fcw));
		return 1;
	}
	if (user_streq(how, "rsp"))
		__asm__ volatile("movabsq $0x0000800000000000, %%rsp\n\t"
				 "1: jmp 1b" ::
					 : "memory");
	if (user_streq(how, "dbsys")) {
		long r;
		__asm__ volatile("pushfq\n\t"
				 "orq $0x100, (%%rsp)\n\t"
				 "popfq\n\t"
				 "syscall\n\t"
				 "nop"
				 : "=a"(r)
				 : "a"((long)MACH_TRAP_swtch)
				 : "rcx", "r11", "memory", "cc");
		return 1;
	}
	if (user_streq(how, "db"))
		__asm__ volatile("pushfq\n\t"
				 "orq $0x100, (%%rsp)\n\t"
				 "popfq\n\t"
				 "nop" ::
					 : "memory", "cc");
	if (user_streq(how, "kaddr")) {
		long r = mach_print((const char *)0xffffffff80100000);
		return r == 1 /* KERN_INVALID_ADDRESS */ ? 0 : 4;
	}
	if (user_streq(how, "flags")) {
		/* NT (0x4000), AC (0x40000) and DF (0x400) set, then a trap. */
		__asm__ volatile("pushfq\n\t"
				 "orq $0x44400, (%%rsp)\n\t"
				 "popfq" ::
					 : "memory", "cc");
		swtch();
		__asm__ volatile("cld" ::: "cc");
		swtch();
		return 0;
	}
	if (user_streq(how, "unix")) {
		long r;
		__asm__ volatile("syscall"
				 : "=a"(r)
				 : "a"(60L), "D"(0L)
				 : "rcx", "r11", "memory");
		return 5;
	}
	return 1;
}
