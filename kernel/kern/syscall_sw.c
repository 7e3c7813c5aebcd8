/*
 * kern/syscall_sw.c: the Mach traps.
 *
 * Only mach_msg and a few fast calls are traps in Mach; everything else
 * is a message to a kernel object.  Numbers and arguments are GNU
 * Mach's (include/mach/syscall_sw.h).
 */

#include <mach/kern_return.h>
#include <mach/syscall_sw.h>
#include <machine/thread.h>

#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_msg.h"
#include "kern/copyio.h"
#include "kern/host.h"
#include "kern/ipc_tt.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/syscall_sw.h"
#include "kern/task.h"
#include "kern/thread.h"

/* mach_print reads its string in aligned pieces of this many bytes (a
 * power of two no larger than a page) and prints at most MAX bytes. */
#define MACH_PRINT_CHUNK 256
#define MACH_PRINT_MAX   4096

/*
 * mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
 * notify): the seventh argument is on the user stack and never needed
 * (ipc/mach_msg.h).  Every argument is 32 bits but the buffer's address.
 */
static uintptr_t
trap_mach_msg(const uintptr_t *args)
{
	return (uint32_t)mach_msg_trap(
		args[0], (mach_msg_option_t)args[1], (mach_msg_size_t)args[2],
		(mach_msg_size_t)args[3], (mach_port_name_t)args[4],
		(mach_msg_timeout_t)args[5]);
}

static ipc_space_t
current_space(void)
{
	return current_thread()->task->itk_space;
}

/* A new port whose receive right the caller gets; MACH_PORT_NULL when
 * there is no room or memory, as in GNU Mach. */
static uintptr_t
trap_mach_reply_port(const uintptr_t *args)
{
	(void)args;
	ipc_space_t space = current_space();
	ipc_port_t port = ipc_port_create();
	mach_port_name_t name = MACH_PORT_NULL;
	if (port == IP_NULL || space == NULL)
		goto fail;
	is_write_lock(space);
	kern_return_t kr =
		space->is_active ? ipc_right_copyout(space, port,
						     MACH_MSG_TYPE_PORT_RECEIVE,
						     false, &name)
				 : KERN_INVALID_TASK;
	is_write_unlock(space);
	if (kr == KERN_SUCCESS)
		return name;
fail:
	if (port != IP_NULL)
		ipc_port_destroy(port);
	return MACH_PORT_NULL;
}

static uintptr_t
trap_task_self(const uintptr_t *args)
{
	(void)args;
	task_t task = current_thread()->task;
	return ipc_port_copyout_send(retrieve_task_self(task), current_space());
}

static uintptr_t
trap_thread_self(const uintptr_t *args)
{
	(void)args;
	return ipc_port_copyout_send(retrieve_thread_self(current_thread()),
				     current_space());
}

static uintptr_t
trap_host_self(const uintptr_t *args)
{
	(void)args;
	return ipc_port_copyout_send(host_self_send(), current_space());
}

static uintptr_t
trap_swtch_pri(const uintptr_t *args)
{
	return swtch_pri((int)args[0]);
}

static uintptr_t
trap_swtch(const uintptr_t *args)
{
	(void)args;
	return swtch();
}

/*
 * thread_switch(thread, option, time), as GNU Mach: the hint is a send
 * right to a thread's port (anything else, MACH_PORT_NULL included, is
 * no hint); a runnable hint thread runs next.  The option is checked
 * before anything happens.  The time is in milliseconds, a 32-bit
 * mach_msg_timeout_t as in GNU Mach; SWITCH_OPTION_WAIT's wait is
 * abortable, so task_terminate ends it.
 */
static thread_t
thread_hint(mach_port_name_t name)
{
	if (name == MACH_PORT_NULL)
		return NULL;
	ipc_port_t port = ipc_right_translate_send(current_space(), name);
	if (port == IP_NULL)
		return NULL;
	thread_t thread = convert_port_to_thread(port);
	ip_release(port);
	return thread;
}

static uintptr_t
trap_thread_switch(const uintptr_t *args)
{
	int option = (int)args[1];
	if (option != SWITCH_OPTION_NONE && option != SWITCH_OPTION_DEPRESS &&
	    option != SWITCH_OPTION_WAIT)
		return KERN_INVALID_ARGUMENT;
	thread_t hint = thread_hint((mach_port_name_t)args[0]);
	if (option == SWITCH_OPTION_WAIT) {
		uint64_t ms = (uint32_t)args[2];
		thread_run_next(hint);
		thread_sleep_abortable((ms * HZ + 999) / 1000);
	} else {
		(void)thread_switch(hint, option == SWITCH_OPTION_DEPRESS);
	}
	if (hint != NULL)
		thread_deallocate(hint);
	return KERN_SUCCESS;
}

/*
 * mach_print(string): GNU Mach's debugging trap, which prints a
 * NUL-terminated user string on the console as it is.  The string is
 * read a piece at a time, never across a page it does not reach, so a
 * string that ends just before an unmapped page prints; at most
 * MACH_PRINT_MAX bytes are printed (the rest is cut).  A bad address
 * prints what was read before it and returns KERN_INVALID_ADDRESS (GNU
 * Mach's trap returns nothing; a program ignores the value).
 */
static uintptr_t
trap_mach_print(const uintptr_t *args)
{
	uintptr_t s = args[0];
	size_t printed = 0;
	char buf[MACH_PRINT_CHUNK + 1];

	while (printed < MACH_PRINT_MAX) {
		size_t n = MACH_PRINT_CHUNK - (s & (MACH_PRINT_CHUNK - 1));
		if (n > MACH_PRINT_MAX - printed)
			n = MACH_PRINT_MAX - printed;
		if (s + n < s ||
		    copyin((const void *)s, buf, n) != KERN_SUCCESS)
			return KERN_INVALID_ADDRESS;
		size_t len = 0;
		while (len < n && buf[len] != '\0')
			len++;
		buf[len] = '\0';
		kprintf("%s", buf);
		if (len < n)
			break;
		s += n;
		printed += n;
	}
	return KERN_SUCCESS;
}

const struct mach_trap mach_traps[MACH_TRAP_MAX] = {
	[-MACH_TRAP_mach_msg_trap] = { "mach_msg_trap", trap_mach_msg },
	[-MACH_TRAP_mach_reply_port] = { "mach_reply_port",
					 trap_mach_reply_port },
	[-MACH_TRAP_thread_self] = { "mach_thread_self", trap_thread_self },
	[-MACH_TRAP_task_self] = { "mach_task_self", trap_task_self },
	[-MACH_TRAP_host_self] = { "mach_host_self", trap_host_self },
	[-MACH_TRAP_swtch_pri] = { "swtch_pri", trap_swtch_pri },
	[-MACH_TRAP_swtch] = { "swtch", trap_swtch },
	[-MACH_TRAP_thread_switch] = { "thread_switch", trap_thread_switch },
	[-MACH_TRAP_mach_print] = { "mach_print", trap_mach_print },
};

uintptr_t
mach_trap_call(mach_trap_fn fn, const uintptr_t args[MACH_TRAP_NARGS])
{
	uintptr_t result = fn(args);
	mach_trap_epilogue();
	return result;
}
