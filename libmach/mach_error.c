/*
 * mach_error.c: return codes as text (mach_error.h).  The codes are
 * GNU Mach's: kern_return_t values from 0, mach_msg's in two families
 * (send 0x1000xxxx, receive 0x1000 4xxx) whose MACH_MSG_*_SPACE bits
 * say which resource ran short, and MIG's negative codes.
 */

#include <stddef.h>

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mach_traps.h>

#include "mach_error.h"

struct code_text {
	kern_return_t code;
	const char *text;
};

static const struct code_text kern_texts[] = {
	{ KERN_SUCCESS, "(os/kern) successful" },
	{ KERN_INVALID_ADDRESS, "(os/kern) invalid address" },
	{ KERN_PROTECTION_FAILURE, "(os/kern) protection failure" },
	{ KERN_NO_SPACE, "(os/kern) no space available" },
	{ KERN_INVALID_ARGUMENT, "(os/kern) invalid argument" },
	{ KERN_FAILURE, "(os/kern) failure" },
	{ KERN_RESOURCE_SHORTAGE, "(os/kern) resource shortage" },
	{ KERN_NOT_RECEIVER, "(os/kern) not receiver" },
	{ KERN_NO_ACCESS, "(os/kern) no access" },
	{ KERN_MEMORY_FAILURE, "(os/kern) memory failure" },
	{ KERN_MEMORY_ERROR, "(os/kern) memory error" },
	{ KERN_NOT_IN_SET, "(os/kern) not in set" },
	{ KERN_NAME_EXISTS, "(os/kern) name exists" },
	{ KERN_ABORTED, "(os/kern) aborted" },
	{ KERN_INVALID_NAME, "(os/kern) invalid name" },
	{ KERN_INVALID_TASK, "(os/kern) invalid task" },
	{ KERN_INVALID_RIGHT, "(os/kern) invalid right" },
	{ KERN_INVALID_VALUE, "(os/kern) invalid value" },
	{ KERN_UREFS_OVERFLOW, "(os/kern) urefs overflow" },
	{ KERN_INVALID_CAPABILITY, "(os/kern) invalid capability" },
	{ KERN_RIGHT_EXISTS, "(os/kern) right exists" },
	{ KERN_INVALID_HOST, "(os/kern) invalid host" },
	{ KERN_MEMORY_PRESENT, "(os/kern) memory present" },
	{ KERN_WRITE_PROTECTION_FAILURE, "(os/kern) write protection failure" },
	{ KERN_TERMINATED, "(os/kern) terminated" },
	{ KERN_TIMEDOUT, "(os/kern) timed out" },
	{ KERN_INTERRUPTED, "(os/kern) interrupted" },
};

static const struct code_text send_texts[] = {
	{ MACH_SEND_IN_PROGRESS, "(ipc/send) send in progress" },
	{ MACH_SEND_INVALID_DATA, "(ipc/send) invalid data" },
	{ MACH_SEND_INVALID_DEST, "(ipc/send) invalid destination port" },
	{ MACH_SEND_TIMED_OUT, "(ipc/send) timed out" },
	{ MACH_SEND_WILL_NOTIFY, "(ipc/send) will notify" },
	{ MACH_SEND_NOTIFY_IN_PROGRESS, "(ipc/send) notify in progress" },
	{ MACH_SEND_INTERRUPTED, "(ipc/send) interrupted" },
	{ MACH_SEND_MSG_TOO_SMALL, "(ipc/send) message size changed" },
	{ MACH_SEND_INVALID_REPLY, "(ipc/send) invalid reply port" },
	{ MACH_SEND_INVALID_RIGHT, "(ipc/send) invalid port right" },
	{ MACH_SEND_INVALID_NOTIFY, "(ipc/send) invalid notify port" },
	{ MACH_SEND_INVALID_MEMORY, "(ipc/send) invalid memory" },
	{ MACH_SEND_NO_BUFFER, "(ipc/send) no message buffer" },
	{ MACH_SEND_NO_NOTIFY, "(ipc/send) no notify possible" },
	{ MACH_SEND_INVALID_TYPE, "(ipc/send) invalid data type" },
	{ MACH_SEND_INVALID_HEADER, "(ipc/send) invalid header" },
};

static const struct code_text rcv_texts[] = {
	{ MACH_RCV_IN_PROGRESS, "(ipc/rcv) receive in progress" },
	{ MACH_RCV_INVALID_NAME, "(ipc/rcv) invalid name" },
	{ MACH_RCV_TIMED_OUT, "(ipc/rcv) timed out" },
	{ MACH_RCV_TOO_LARGE, "(ipc/rcv) message too large" },
	{ MACH_RCV_INTERRUPTED, "(ipc/rcv) interrupted" },
	{ MACH_RCV_PORT_CHANGED, "(ipc/rcv) port moved into set" },
	{ MACH_RCV_INVALID_NOTIFY, "(ipc/rcv) invalid notify port" },
	{ MACH_RCV_INVALID_DATA, "(ipc/rcv) invalid message buffer" },
	{ MACH_RCV_PORT_DIED, "(ipc/rcv) port died" },
	{ MACH_RCV_IN_SET, "(ipc/rcv) port is in a set" },
	{ MACH_RCV_HEADER_ERROR, "(ipc/rcv) header error" },
	{ MACH_RCV_BODY_ERROR, "(ipc/rcv) body error" },
};

static const struct code_text mig_texts[] = {
	{ MIG_TYPE_ERROR, "(ipc/mig) type check failure in message interface" },
	{ MIG_REPLY_MISMATCH, "(ipc/mig) wrong return message ID" },
	{ MIG_REMOTE_ERROR, "(ipc/mig) server detected error" },
	{ MIG_BAD_ID, "(ipc/mig) bad message ID" },
	{ MIG_BAD_ARGUMENTS, "(ipc/mig) server found wrong arguments" },
	{ MIG_NO_REPLY, "(ipc/mig) no reply should be sent" },
	{ MIG_EXCEPTION, "(ipc/mig) server raised exception" },
	{ MIG_ARRAY_TOO_LARGE,
	  "(ipc/mig) user specified array not large enough" },
	{ MIG_SERVER_DIED, "(ipc/mig) server died" },
	{ MIG_DESTROY_REQUEST, "(ipc/mig) destroy request with no reply" },
};

#define NTEXTS(a) (sizeof(a) / sizeof((a)[0]))

/* The family a code belongs to: its table, with the code reduced to
 * the table's form (a mach_msg code without its resource bits). */
struct family {
	const char *name;
	const struct code_text *texts;
	unsigned ntexts;
};

static struct family
family_of(kern_return_t *code)
{
	unsigned u = (unsigned)*code;
	if (*code >= 0 && *code < 0x1000)
		return (struct family){ "kernel", kern_texts,
					NTEXTS(kern_texts) };
	if (*code <= MIG_TYPE_ERROR && *code >= MIG_DESTROY_REQUEST)
		return (struct family){ "ipc/mig", mig_texts,
					NTEXTS(mig_texts) };
	if ((u & 0xffff0000u) == 0x10000000u) {
		*code = (kern_return_t)(u & ~(unsigned)MACH_MSG_MASK);
		if ((u & 0x4000u) != 0)
			return (struct family){ "ipc/rcv", rcv_texts,
						NTEXTS(rcv_texts) };
		return (struct family){ "ipc/send", send_texts,
					NTEXTS(send_texts) };
	}
	return (struct family){ "unknown", NULL, 0 };
}

const char *
mach_error_string(kern_return_t code)
{
	struct family f = family_of(&code);
	for (unsigned i = 0; i < f.ntexts; i++)
		if (f.texts[i].code == code)
			return f.texts[i].text;
	return "unknown error code";
}

const char *
mach_error_type(kern_return_t code)
{
	return family_of(&code).name;
}

/* Append src to buf (room bytes in all, kept NUL-terminated); returns
 * the new end. */
static char *
append(char *end, const char *limit, const char *src)
{
	while (*src != '\0' && end + 1 < limit)
		*end++ = *src++;
	*end = '\0';
	return end;
}

void
mach_error(const char *str, kern_return_t code)
{
	static const char hex[] = "0123456789abcdef";
	char num[sizeof "0x12345678"] = "0x";
	char line[256];
	const char *limit = line + sizeof line;
	for (int i = 0; i < 8; i++)
		num[2 + i] = hex[((unsigned)code >> (28 - 4 * i)) & 0xf];
	num[10] = '\0';
	/* One line in one trap, so other tasks' output cannot split it. */
	/* The text after str always fits: str gets what is left of 128. */
	char *end = append(line, line + sizeof line - 128, str);
	end = append(end, limit, " ");
	end = append(end, limit, mach_error_string(code));
	end = append(end, limit, " (");
	end = append(end, limit, mach_error_type(code));
	end = append(end, limit, "/");
	end = append(end, limit, num);
	end = append(end, limit, ")\n");
	mach_print(line);
}
