/*
 * oolthreads.c: out-of-line data between two threads of one task
 * (tests/qemu/test_ool.c starts the second): the kernel gives the task a
 * receive right and a send right named OOL_SERVICE, then runs
 *
 *	oolthreads first	for each size (1, 4095, 4096, 1 MiB, with
 *				and without dealloc): sends its pattern out
 *				of line to OOL_SERVICE with a send-once
 *				reply right, writes its memory, and
 *				receives the second's copy back, written by
 *				it: neither's writes reach the other's
 *				memory (copy-on-write between the threads of
 *				one map); exit status 0 when so;
 *	oolthreads second	receives each, checks the pattern, writes
 *				its copy's first and last bytes, and sends
 *				the copy back out of line, moved (dealloc);
 *				a failed check replies 300 + where.
 */

#include <mach/message.h>

#include "user.h"

#define OOL_SERVICE 0x1005u
#define MIB         (1ul << 20)

struct ool_msg {
	mach_msg_header_t head;
	mach_msg_type_long_t type;
	char *addr;
};

/* One region per case: a dealloc unmaps its own. */
static char regions[8][MIB] __attribute__((aligned(4096)));
static const unsigned long sizes[8] = {
	1, 4095, 4096, MIB, 1, 4095, 4096, MIB
};

static char
pattern(unsigned long i, unsigned long size)
{
	return (char)(i * 13 + size);
}

static void
ool_type(mach_msg_type_long_t *t, unsigned long size, int dealloc)
{
	t->msgtl_name = MACH_MSG_TYPE_CHAR;
	t->msgtl_size = 8;
	t->msgtl_number = (mach_msg_type_number_t)size;
	t->msgtl_unused = 0;
	t->msgtl_inline = 0;
	t->msgtl_longform = 1;
	t->msgtl_deallocate = dealloc;
}

static int
first(void)
{
	struct ool_msg m;
	mach_port_name_t reply = (mach_port_name_t)mach_trap3(
		MACH_TRAP_mach_reply_port, 0, 0, 0);
	for (unsigned c = 0; c < 8; c++) {
		unsigned long size = sizes[c];
		int dealloc = c >= 4;
		char *src = regions[c];
		for (unsigned long i = 0; i < size; i++)
			src[i] = pattern(i, size);
		m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				   MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						  MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.head.msgh_size = sizeof m;
		m.head.msgh_remote_port = OOL_SERVICE;
		m.head.msgh_local_port = reply;
		m.head.msgh_id = (mach_msg_id_t)c;
		ool_type(&m.type, size, dealloc);
		m.addr = src;
		if (mach_msg_trap6(&m, MACH_SEND_MSG, sizeof m, 0, 0, 0) !=
		    MACH_MSG_SUCCESS)
			return 10 + c;
		/* Sent: a write of ours now must not reach the second's copy,
		 * whenever it looks (it checks the whole pattern). */
		if (!dealloc)
			src[size / 2] ^= 0x5a;
		if (mach_msg_trap6(&m, MACH_RCV_MSG, 0, sizeof m, reply, 0) !=
		    MACH_MSG_SUCCESS)
			return 60 + c;
		if (m.head.msgh_id != 200)
			return m.head.msgh_id;
		char *got = m.addr;
		if (got == NULL || m.type.msgtl_number != size)
			return 20 + c;
		/* The second's writes are in its copy, not in ours. */
		if (got[0] != (char)~pattern(0, size) ||
		    got[size - 1] != (char)~pattern(size - 1, size))
			return 30 + c;
		for (unsigned long i = 1; i + 1 < size; i++)
			if (got[i] != pattern(i, size))
				return 40 + c;
		for (unsigned long i = 0; !dealloc && i < size; i++)
			if (src[i] != (char)(pattern(i, size) ^
					     (i == size / 2 ? 0x5a : 0)))
				return 50 + c;
	}
	return 0;
}

static void
second(void)
{
	struct ool_msg m;
	long mr = mach_msg_trap6(&m, MACH_RCV_MSG, 0, sizeof m, OOL_SERVICE, 0);
	while (mr == MACH_MSG_SUCCESS) {
		unsigned long size = m.type.msgtl_number;
		char *got = m.addr;
		mach_msg_id_t id = 200;
		if ((unsigned)m.head.msgh_id >= 8 ||
		    size != sizes[m.head.msgh_id] || got == NULL ||
		    got == regions[m.head.msgh_id])
			id = 301;
		for (unsigned long i = 0; id == 200 && i < size; i++)
			if (got[i] != pattern(i, size))
				id = 302;
		if (id == 200) {
			got[0] = (char)~got[0];
			got[size - 1] = (char)~pattern(size - 1, size);
			if (size > 1 && got[0] != (char)~pattern(0, size))
				id = 303;
		}
		m.head.msgh_bits =
			MACH_MSGH_BITS_COMPLEX |
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.head.msgh_size = sizeof m;
		m.head.msgh_local_port = MACH_PORT_NULL;
		m.head.msgh_id = id;
		ool_type(&m.type, size, 1);
		mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m,
				    sizeof m, OOL_SERVICE, 0);
	}
	for (;;)
		swtch();
}

int
main(int argc, char **argv)
{
	if (argc == 2 && user_streq(argv[1], "first"))
		return first();
	if (argc == 2 && user_streq(argv[1], "second"))
		second();
	return 2;
}
