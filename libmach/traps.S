/*
 * traps.S: the Mach traps, GNU Mach's x86_64 convention: the number in
 * rax, the arguments where the C call put them but the fourth, which
 * the syscall instruction's rcx would clobber and goes in r10; the
 * result comes back in rax.  mach_msg_trap's seventh argument stays on
 * the stack, where the kernel ignores it (as GNU Mach does).  The
 * numbers are include/mach/syscall_sw.h's; the declarations are
 * <mach/mach_traps.h>.
 */
#include <mach/syscall_sw.h>

#define TRAP(name, number)		\
	.globl	name;			\
	.type	name, @function;	\
name:					\
	movq	$(number), %rax;	\
	movq	%rcx, %r10;		\
	syscall;			\
	ret;				\
	.size	name, . - name

	.text
TRAP(mach_msg_trap, MACH_TRAP_mach_msg_trap)
TRAP(mach_reply_port, MACH_TRAP_mach_reply_port)
TRAP(mach_thread_self, MACH_TRAP_thread_self)
TRAP(mach_task_self, MACH_TRAP_task_self)
TRAP(mach_host_self, MACH_TRAP_host_self)
TRAP(mach_print, MACH_TRAP_mach_print)
TRAP(swtch_pri, MACH_TRAP_swtch_pri)
TRAP(swtch, MACH_TRAP_swtch)
TRAP(thread_switch, MACH_TRAP_thread_switch)

	.section .note.GNU-stack, "", @progbits
