/*
 * emul.c: the emulation's dispatcher, its installation, and the calls
 * about the process itself (emul.h): exit, exit_group, getpid, gettid,
 * set_tid_address, arch_prctl, the signal mask and actions.  The other
 * calls are in emul_io.c, emul_mm.c and emul_time.c.
 *
 * There is no process server yet: the task is the process, its pid and
 * its one thread's tid are 1, and signals are never delivered (the
 * BSD server will route these calls).
 */

#define _GNU_SOURCE /* program_invocation_short_name */

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>

#include <mach/thread_status.h>

#include "emul.h"
#include "mach.h"
#include "tls.h"

#define EMUL_PID 1

/* arch_prctl's codes (Linux's asm/prctl.h, which musl does not ship). */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* The vector: every number to the one entry. */
static vm_offset_t vector[EMUL_NUMBERS];

kern_return_t
mach_emul_install(void)
{
	for (int i = 0; i < EMUL_NUMBERS; i++)
		vector[i] = (vm_offset_t)mach_emul_entry;
	return task_set_emulation_vector(mach_task_self(), 0, vector,
					 EMUL_NUMBERS);
}

int
emul_user_ok(uintptr_t addr, uintptr_t len, vm_prot_t prot)
{
	if (len == 0)
		return 0;
	uintptr_t end = addr + len;
	if (end < addr)
		return -EFAULT;
	while (addr < end) {
		vm_address_t at = addr;
		vm_size_t size = 0;
		vm_prot_t cur, max;
		vm_inherit_t inh;
		boolean_t shared;
		mach_port_t object = MACH_PORT_NULL;
		vm_offset_t offset;
		kern_return_t kr =
			vm_region(mach_task_self(), &at, &size, &cur, &max,
				  &inh, &shared, &object, &offset);
		if (object != MACH_PORT_NULL)
			(void)mach_port_deallocate(mach_task_self(), object);
		if (kr != KERN_SUCCESS || at > addr || (cur & prot) != prot)
			return -EFAULT;
		if (at + size <= addr)
			return -EFAULT; /* not the region asked for */
		addr = at + size;
	}
	return 0;
}

/* The end of the task: as exit_group; a nonzero status is told on the
 * console as "NAME: exit status N" (nothing else keeps it yet: no
 * process server). */
static _Noreturn void
emul_exit(long status)
{
	unsigned s = (unsigned)(status & 0xff);
	if (s != 0) {
		char line[80];
		const char *name = program_invocation_short_name;
		unsigned n = 0;
		while (name != NULL && name[n] != '\0' && n < 40) {
			line[n] = name[n];
			n++;
		}
		const char *text = ": exit status ";
		for (unsigned i = 0; text[i] != '\0'; i++)
			line[n++] = text[i];
		char digits[4];
		unsigned d = 0;
		do
			digits[d++] = (char)('0' + s % 10);
		while ((s /= 10) != 0);
		while (d > 0)
			line[n++] = digits[--d];
		line[n++] = '\n';
		line[n] = '\0';
		mach_print(line);
	}
	(void)task_terminate(mach_task_self());
	/* Not reached: the task ends on the way out of the call. */
	for (;;)
		(void)thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

/*
 * arch_prctl: the thread's fs and gs bases, set through
 * thread_set_state(i386_FSGS_BASE_STATE), which a thread may do on
 * itself (GNU Mach's rule; thread_get_state of itself is refused).  So
 * the bases are the ones set here, kept for the one thread musl has
 * (no clone); a thread starts with both 0.
 */
static unsigned long fs_base, gs_base;

void
emul_reset(void)
{
	fs_base = gs_base = 0;
	emul_time_reset();
}

static long
emul_arch_prctl(long code, uintptr_t arg)
{
	switch (code) {
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		if (emul_user_ok(arg, sizeof(unsigned long), VM_PROT_WRITE))
			return -EFAULT;
		*(unsigned long *)arg = code == ARCH_GET_FS ? fs_base : gs_base;
		return 0;
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		break;
	default:
		return -EINVAL;
	}
	struct i386_fsgs_base_state st = {
		.fs_base = code == ARCH_SET_FS ? arg : fs_base,
		.gs_base = code == ARCH_SET_GS ? arg : gs_base,
	};
	mach_port_t thread = mach_thread_self();
	kern_return_t kr = thread_set_state(thread, i386_FSGS_BASE_STATE,
					    (thread_state_t)&st,
					    i386_FSGS_BASE_STATE_COUNT);
	(void)mach_port_deallocate(mach_task_self(), thread);
	if (kr != KERN_SUCCESS)
		return -EPERM; /* a non-canonical address, as Linux */
	fs_base = st.fs_base;
	gs_base = st.gs_base;
	if (code == ARCH_SET_FS && !mach_tls_ready) {
		/* musl's start-up has made the first thread's TLS: from
		 * now on __thread works, and the reply port moves there. */
		mach_tls_ready = 1;
		mig_reply_port_to_tls();
	}
	return 0;
}

/* rt_sigprocmask and rt_sigaction: signals are never delivered, so a
 * mask has no effect; the old values read as empty. */
static long
emul_sigprocmask(long how, uintptr_t set, uintptr_t old, long size)
{
	if (size != 8)
		return -EINVAL;
	if (set != 0) {
		if (how != SIG_BLOCK && how != SIG_UNBLOCK &&
		    how != SIG_SETMASK)
			return -EINVAL;
		if (emul_user_ok(set, 8, VM_PROT_READ) != 0)
			return -EFAULT;
	}
	if (old != 0) {
		if (emul_user_ok(old, 8, VM_PROT_WRITE) != 0)
			return -EFAULT;
		*(unsigned long *)old = 0;
	}
	return 0;
}

/* Linux's struct k_sigaction on x86_64: handler, flags, restorer,
 * mask. */
#define KSIGACTION_SIZE 32

static long
emul_sigaction(long sig, uintptr_t act, uintptr_t old, long size)
{
	if (size != 8 || sig < 1 || sig > 64)
		return -EINVAL;
	if ((sig == SIGKILL || sig == SIGSTOP) && act != 0)
		return -EINVAL;
	if (act != 0 && emul_user_ok(act, KSIGACTION_SIZE, VM_PROT_READ) != 0)
		return -EFAULT;
	if (old != 0) {
		if (emul_user_ok(old, KSIGACTION_SIZE, VM_PROT_WRITE) != 0)
			return -EFAULT;
		unsigned long *o = (unsigned long *)old;
		o[0] = o[1] = o[2] = o[3] = 0; /* SIG_DFL, no flags */
	}
	return 0;
}

long
emul_dispatch(struct emul_frame *f)
{
	long *a = f->arg;
	switch (f->nr) {
	case SYS_write:
		return emul_write((int)a[0], a[1], a[2]);
	case SYS_writev:
		return emul_writev((int)a[0], a[1], a[2]);
	case SYS_ioctl:
		return emul_ioctl((int)a[0], a[1], a[2]);
	case SYS_mmap:
		return emul_mmap(a[0], a[1], a[2], a[3], a[4], a[5]);
	case SYS_munmap:
		return emul_munmap(a[0], a[1]);
	case SYS_mprotect:
		return emul_mprotect(a[0], a[1], a[2]);
	case SYS_brk:
		return emul_brk(a[0]);
	case SYS_clock_gettime:
		return emul_clock_gettime(a[0], a[1]);
	case SYS_gettimeofday:
		return emul_gettimeofday(a[0], a[1]);
	case SYS_nanosleep:
		return emul_nanosleep(a[0], a[1]);
	case SYS_clock_nanosleep:
		return emul_clock_nanosleep(a[0], a[1], a[2], a[3]);
	case SYS_exit_group:
		emul_exit(a[0]);
	case SYS_exit: /* the thread; its task ends with its last one */
		(void)thread_terminate(mach_thread_self());
		emul_exit(a[0]);
	case SYS_getpid:
	case SYS_gettid:
		return EMUL_PID;
	case SYS_set_tid_address:
		return EMUL_PID;
	case SYS_arch_prctl:
		return emul_arch_prctl(a[0], a[1]);
	case SYS_rt_sigprocmask:
		return emul_sigprocmask(a[0], a[1], a[2], a[3]);
	case SYS_rt_sigaction:
		return emul_sigaction(a[0], a[1], a[2], a[3]);
	default:
		return -ENOSYS;
	}
}
