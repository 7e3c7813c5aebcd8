/*
 * check_mach_msg_destroy.c: libmach/mach_msg_destroy.c's walk of a typed
 * message in GNU Mach's x86_64 layout, over the stand-in kernel: which
 * release each disposition makes (header and items, inline and out of
 * line), what a simple message, a null or dead name, a zero-length
 * region hold (nothing), and that a truncated or hostile message
 * releases only the items that fit its size.
 */

#include <stdint.h>
#include <string.h>

#include "mach.h"
#include "tests/unit/libmach/standin.h"
#include "tests/unit/unit.h"

/* A message buffer and a cursor that appends typed items to it. */
struct msg_builder {
	union {
		mach_msg_header_t head;
		char bytes[1024];
	} buf;
	size_t pos;
};

static void
builder_init(struct msg_builder *b, mach_msg_bits_t bits, mach_port_t remote)
{
	memset(b, 0, sizeof *b);
	b->buf.head.msgh_bits = bits;
	b->buf.head.msgh_remote_port = remote;
	b->buf.head.msgh_local_port = 0x999; /* never released */
	b->pos = sizeof b->buf.head;
	b->buf.head.msgh_size = (mach_msg_size_t)b->pos;
}

static void
put_bytes(struct msg_builder *b, const void *p, size_t n)
{
	memcpy(b->buf.bytes + b->pos, p, n);
	b->pos += (n + 7) & ~(size_t)7;
	b->buf.head.msgh_size = (mach_msg_size_t)b->pos;
}

static void
put_type(struct msg_builder *b, unsigned name, unsigned size, unsigned number,
	 int is_inline)
{
	mach_msg_type_t t = { .msgt_name = name,
			      .msgt_size = size,
			      .msgt_number = number,
			      .msgt_inline = is_inline ? 1 : 0 };
	put_bytes(b, &t, sizeof t);
}

static void
put_inline_ports(struct msg_builder *b, unsigned type, const mach_port_t *names,
		 unsigned n)
{
	put_type(b, type, 64, n, 1);
	for (unsigned i = 0; i < n; i++) {
		mach_port_name_inlined_t v;
		memset(&v, 0xee, sizeof v); /* the high half is not the name */
		v.name = names[i];
		put_bytes(b, &v, sizeof v);
	}
}

static void
put_ool(struct msg_builder *b, unsigned name, unsigned size, unsigned number,
	const void *addr)
{
	put_type(b, name, size, number, 0);
	uint64_t a = (uintptr_t)addr;
	put_bytes(b, &a, sizeof a);
}

static void
expect_call(unsigned i, enum standin_op op, mach_port_t name, long long arg1,
	    long long arg2)
{
	ck_assert_uint_gt(standin_ncalls, i);
	ck_assert_int_eq(standin_calls[i].op, op);
	ck_assert_uint_eq(standin_calls[i].task, STANDIN_TASK);
	ck_assert_uint_eq(standin_calls[i].name, name);
	ck_assert_int_eq(standin_calls[i].arg1, arg1);
	ck_assert_int_eq(standin_calls[i].arg2, arg2);
}

static void
setup(void)
{
	standin_reset();
}

START_TEST(test_simple_message_releases_the_reply_right_only)
{
	struct msg_builder b;
	builder_init(&b,
		     MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
				    MACH_MSG_TYPE_PORT_SEND),
		     0x501);
	/* Not complex: what follows the header is data, whatever it looks
	 * like. */
	mach_port_t name = 0x600;
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, &name, 1);
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 1);
	expect_call(0, STANDIN_DEALLOCATE, 0x501, 0, 0);
}
END_TEST

START_TEST(test_each_disposition_releases_its_right)
{
	struct msg_builder b;
	builder_init(&b, MACH_MSGH_BITS_COMPLEX, MACH_PORT_NULL);
	mach_port_t send[2] = { 0x601, 0x602 };
	mach_port_t so = 0x603, recv = 0x604, mk = 0x605, mko = 0x606,
		    copy = 0x607;
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, send, 2);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND_ONCE, &so, 1);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_RECEIVE, &recv, 1);
	put_inline_ports(&b, MACH_MSG_TYPE_MAKE_SEND, &mk, 1);
	put_inline_ports(&b, MACH_MSG_TYPE_MAKE_SEND_ONCE, &mko, 1);
	put_inline_ports(&b, MACH_MSG_TYPE_COPY_SEND, &copy, 1);
	mach_msg_destroy(&b.buf.head);

	expect_call(0, STANDIN_DEALLOCATE, 0x601, 0, 0);
	expect_call(1, STANDIN_DEALLOCATE, 0x602, 0, 0);
	expect_call(2, STANDIN_DEALLOCATE, 0x603, 0, 0);
	expect_call(3, STANDIN_MOD_REFS, 0x604, MACH_PORT_RIGHT_RECEIVE, -1);
	/* MAKE_SEND: made, then released. */
	expect_call(4, STANDIN_INSERT_RIGHT, 0x605, MACH_MSG_TYPE_MAKE_SEND, 0);
	expect_call(5, STANDIN_DEALLOCATE, 0x605, 0, 0);
	/* MAKE_SEND_ONCE: extracted under a new name, released. */
	expect_call(6, STANDIN_EXTRACT_RIGHT, 0x606,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
	expect_call(7, STANDIN_DEALLOCATE, 0x200, 0, 0);
	/* COPY_SEND holds nothing. */
	ck_assert_uint_eq(standin_ncalls, 8);
}
END_TEST

START_TEST(test_out_of_line_data_and_ports_are_released)
{
	static const char data[5000];
	mach_port_name_t names[3] = { 0x701, MACH_PORT_NULL, 0x703 };
	struct msg_builder b;
	builder_init(&b,
		     MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0) |
			     MACH_MSGH_BITS_COMPLEX,
		     0x502);
	put_ool(&b, MACH_MSG_TYPE_BYTE, 8, 5000, data);
	put_ool(&b, MACH_MSG_TYPE_PORT_SEND, 32, 3, names);
	/* Inline data between them is skipped whole: 12 bytes, padded. */
	put_type(&b, MACH_MSG_TYPE_INTEGER_32, 32, 3, 1);
	uint32_t ints[3] = { 0x601, 0x602, 0x603 };
	put_bytes(&b, ints, sizeof ints);
	put_ool(&b, MACH_MSG_TYPE_INTEGER_32, 32, 2, ints);
	mach_msg_destroy(&b.buf.head);

	expect_call(0, STANDIN_DEALLOCATE, 0x502, 0, 0);
	expect_call(1, STANDIN_VM_DEALLOCATE, 0, (long long)(uintptr_t)data,
		    5000);
	/* The null name is skipped; the array's memory goes after. */
	expect_call(2, STANDIN_DEALLOCATE, 0x701, 0, 0);
	expect_call(3, STANDIN_DEALLOCATE, 0x703, 0, 0);
	expect_call(4, STANDIN_VM_DEALLOCATE, 0, (long long)(uintptr_t)names,
		    12);
	expect_call(5, STANDIN_VM_DEALLOCATE, 0, (long long)(uintptr_t)ints, 8);
	ck_assert_uint_eq(standin_ncalls, 6);
}
END_TEST

START_TEST(test_null_regions_and_dead_names_hold_nothing)
{
	mach_port_t dead = MACH_PORT_DEAD, null = MACH_PORT_NULL;
	struct msg_builder b;
	builder_init(&b,
		     MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0) |
			     MACH_MSGH_BITS_COMPLEX,
		     MACH_PORT_DEAD);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, &dead, 1);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_RECEIVE, &null, 1);
	put_ool(&b, MACH_MSG_TYPE_BYTE, 8, 100, NULL);
	put_ool(&b, MACH_MSG_TYPE_BYTE, 8, 0, (void *)0x5000);
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 0);
}
END_TEST

START_TEST(test_walk_stops_at_the_item_that_does_not_fit)
{
	mach_port_t names[2] = { 0x801, 0x802 };
	struct msg_builder b;
	builder_init(&b, MACH_MSGH_BITS_COMPLEX, MACH_PORT_NULL);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, names, 1);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, names + 1, 1);
	/* The second item's last byte is beyond msgh_size. */
	b.buf.head.msgh_size -= 4;
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 1);
	expect_call(0, STANDIN_DEALLOCATE, 0x801, 0, 0);

	/* An item claiming more rights than the message has: nothing of
	 * it is released. */
	standin_reset();
	builder_init(&b, MACH_MSGH_BITS_COMPLEX, MACH_PORT_NULL);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, names, 2);
	mach_msg_type_t *t =
		(mach_msg_type_t *)(void *)(b.buf.bytes + sizeof b.buf.head);
	t->msgt_number = 1000000;
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 0);

	/* A size below the header's, and a few stray bytes after the
	 * items (less than a descriptor). */
	standin_reset();
	builder_init(&b, MACH_MSGH_BITS_COMPLEX, MACH_PORT_NULL);
	put_inline_ports(&b, MACH_MSG_TYPE_PORT_SEND, names, 1);
	b.buf.head.msgh_size = 8;
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 0);
	b.buf.head.msgh_size = (mach_msg_size_t)b.pos + 4;
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 1);
}
END_TEST

START_TEST(test_inline_ports_of_another_size_are_not_rights)
{
	/* 100 "rights" of 8 bits: 100 bytes that fit, but not 100 8-byte
	 * names; the kernel never gives such an item.  Nothing is read as
	 * a name. */
	struct msg_builder b;
	builder_init(&b, MACH_MSGH_BITS_COMPLEX, MACH_PORT_NULL);
	put_type(&b, MACH_MSG_TYPE_PORT_SEND, 8, 100, 1);
	char filler[100];
	memset(filler, 0x11, sizeof filler);
	put_bytes(&b, filler, sizeof filler);
	mach_msg_destroy(&b.buf.head);
	ck_assert_uint_eq(standin_ncalls, 0);
}
END_TEST

static Suite *
mach_msg_destroy_suite(void)
{
	Suite *s = suite_create("mach_msg_destroy");
	TCase *tc = tcase_create("walk");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_simple_message_releases_the_reply_right_only);
	tcase_add_test(tc, test_each_disposition_releases_its_right);
	tcase_add_test(tc, test_out_of_line_data_and_ports_are_released);
	tcase_add_test(tc, test_null_regions_and_dead_names_hold_nothing);
	tcase_add_test(tc, test_walk_stops_at_the_item_that_does_not_fit);
	tcase_add_test(tc, test_inline_ports_of_another_size_are_not_rights);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mach_msg_destroy_suite)
