/*
 * exit.c: how the boot tests' user programs end (user.h): a
 * task_terminate request to the task's own port, as GNU Mach's MIG stub
 * sends it (msgh_id 2008, no arguments; no reply port, since nothing
 * comes back: the task's threads end on their way out of the kernel).
 */

#include <mach/message.h>

#include "user.h"

#define TASK_TERMINATE_ID 2008 /* mach.defs */

static char *
put_decimal(char *p, long n)
{
	char digits[24];
	int i = 0;
	unsigned long u = n < 0 ? 0 - (unsigned long)n : (unsigned long)n;
	if (n < 0)
		*p++ = '-';
	do {
		digits[i++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (i > 0)
		*p++ = digits[--i];
	return p;
}

void
user_exit(long status)
{
	if (status != 0) {
		char line[48] = "exit status ";
		char *p = put_decimal(line + user_strlen(line), status);
		*p++ = '\n';
		*p = '\0';
		mach_print(line);
		__builtin_trap();
	}
	mach_msg_header_t m = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof m,
		.msgh_remote_port =
			(mach_port_t)mach_trap3(MACH_TRAP_task_self, 0, 0, 0),
		.msgh_local_port = MACH_PORT_NULL,
		.msgh_id = TASK_TERMINATE_ID,
	};
	mach_msg_trap6(&m, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL, 0);
	/* Not reached: the task ends before this thread returns. */
	__builtin_trap();
}
