/*
 * roundtrip.c: generated user stubs talk to generated server stubs
 * through a loopback mach_msg that does what the kernel would to a
 * message in transit (port dispositions, out-of-line copies, header
 * swap); then every item of a valid request is corrupted in turn and
 * the server stub must reject it without calling the implementation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <mach/notify.h>
#include <mach/std_types.h>

#include "rt.h"
#include "rtServer.h"
#include "tests/unit/unit.h"

#ifndef MACH_OUR_STD_TYPES
#error "a GNU Mach header was picked up instead of include/mach/std_types.h"
#endif

#define SERVER_PORT 0x100
#define REPLY_PORT  0x777

/* ---- the loopback "kernel" ---- */

static _Alignas(8) char server_in[8192];
static _Alignas(8) char server_out[8192];
static mach_msg_seqno_t seqno;
static int calls; /* implementations called */
/* Every region of memory the loopback or the MIG runtime hands out (an
 * out-of-line copy a receiver gets, mig_allocate), until it is given
 * back (mig_deallocate, a Dealloc send, region_free): a test that ends
 * with regions left leaks. */
static void *regions[64];
static int nregions;
static int freed_by_dealloc;

static void *
region_new(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (p == NULL || nregions == 64) {
		free(p);
		return NULL;
	}
	regions[nregions++] = p;
	return p;
}

/* Give back region P; false when P is not one. */
static int
region_free(void *p)
{
	for (int i = 0; i < nregions; i++)
		if (regions[i] == p) {
			regions[i] = regions[--nregions];
			free(p);
			return 1;
		}
	return 0;
}
static int capture;            /* 1: record the request instead of serving it */
static mach_msg_id_t reply_id; /* nonzero: the reply's msgh_id instead */
static mach_msg_bits_t reply_bits; /* or'ed into the reply's bits */
static _Alignas(8) char captured[8192];
static mach_msg_size_t captured_size;

/* The reply port's life in a user stub: taken, then given back (put)
 * or, when the send+receive failed, deallocated. */
static int reply_gets, reply_puts, reply_deallocs;
static mach_port_t reply_given; /* the last port put or deallocated */

mach_port_t
mig_get_reply_port(void)
{
	reply_gets++;
	return REPLY_PORT;
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	reply_deallocs++;
	reply_given = port;
}

void
mig_put_reply_port(mach_port_t port)
{
	reply_puts++;
	reply_given = port;
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	*addr = (vm_address_t)region_new(size);
}

/* Server stubs give back an in array[] that came out of line. */
static int bad_deallocs;

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	if (!region_free((void *)addr))
		bad_deallocs++;
}

static unsigned
transit(unsigned name)
{
	switch (name) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return name;
	}
}

/* Move MSG (SIZE bytes) to DST as the receiver sees it. */
static int
deliver(const mach_msg_header_t *msg, mach_msg_size_t size, char *dst)
{
	mach_msg_header_t *h = (mach_msg_header_t *)dst;
	mach_msg_size_t pos = sizeof *h;

	memcpy(dst, msg, size);
	h->msgh_remote_port = msg->msgh_local_port;
	h->msgh_local_port = msg->msgh_remote_port;
	h->msgh_bits =
		(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		MACH_MSGH_BITS(transit(MACH_MSGH_BITS_LOCAL(msg->msgh_bits)),
			       transit(MACH_MSGH_BITS_REMOTE(msg->msgh_bits)));
	h->msgh_seqno = seqno++;
	while (pos < size) {
		mach_msg_type_t t;
		mach_msg_type_long_t lt;
		unsigned name, bits, number, dsize;
		uint64_t bytes;

		memcpy(&t, dst + pos, sizeof t);
		if (t.msgt_longform) {
			memcpy(&lt, dst + pos, sizeof lt);
			name = lt.msgtl_name;
			bits = lt.msgtl_size;
			number = lt.msgtl_number;
			lt.msgtl_name = (unsigned short)transit(name);
			memcpy(dst + pos, &lt, sizeof lt);
			dsize = sizeof lt;
		} else {
			name = t.msgt_name;
			bits = t.msgt_size;
			number = t.msgt_number;
			t.msgt_name = transit(name) & 0xff;
			memcpy(dst + pos, &t, sizeof t);
			dsize = sizeof t;
		}
		pos += dsize;
		bytes = ((uint64_t)number * bits + 7) / 8;
		if (t.msgt_inline) {
			pos += (mach_msg_size_t)((bytes +
						  MACH_MSG_USER_ALIGNMENT - 1) &
						 ~(uint64_t)(MACH_MSG_USER_ALIGNMENT -
							     1));
		} else {
			char *src, *copy;
			memcpy(&src, dst + pos, sizeof src);
			copy = region_new(bytes);
			if (copy == NULL)
				return -1;
			if (bytes)
				memcpy(copy, src, bytes);
			if (t.msgt_deallocate) {
				/* the sender's region, or its own malloc */
				if (!region_free(src))
					free(src);
				freed_by_dealloc++;
			}
			memcpy(dst + pos, &copy, sizeof copy);
			pos += sizeof copy;
		}
	}
	return pos == size ? 0 : -1;
}

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	mach_msg_header_t *in = (mach_msg_header_t *)server_in;
	mach_msg_header_t *out = (mach_msg_header_t *)server_out;

	(void)timeout;
	(void)notify;
	if (!(option & MACH_SEND_MSG) || send_size != msg->msgh_size ||
	    send_size > sizeof server_in)
		return MACH_SEND_MSG_TOO_SMALL;
	if (capture) {
		memcpy(captured, msg, send_size);
		captured_size = send_size;
		return MACH_SEND_INVALID_DEST;
	}
	if ((option & MACH_RCV_MSG) && rcv_name != msg->msgh_local_port)
		return MACH_RCV_INVALID_NAME;
	if (deliver(msg, send_size, server_in) != 0)
		return MACH_SEND_INVALID_DATA;
	rt_server(in, out);
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (out->msgh_size > rcv_size)
		return MACH_RCV_TOO_LARGE;
	if (deliver(out, out->msgh_size, (char *)msg) != 0)
		return MACH_RCV_INVALID_DATA;
	if (reply_id != 0)
		msg->msgh_id = reply_id;
	msg->msgh_bits |= reply_bits;
	return MACH_MSG_SUCCESS;
}

static void
reset(void)
{
	calls = 0;
	freed_by_dealloc = 0;
	bad_deallocs = 0;
	capture = 0;
	reply_id = 0;
	reply_bits = 0;
	reply_gets = reply_puts = reply_deallocs = 0;
	reply_given = MACH_PORT_NULL;
}

static void
release(void)
{
	while (nregions > 0)
		free(regions[--nregions]);
}

/* ---- the server's implementations ---- */

static int oneway_value;
static mach_msg_seqno_t last_seqno;

kern_return_t
s_scalars(mach_port_t server, int a, int64_t b, short c, char d, boolean_t e,
	  int *f, int64_t *g)
{
	calls++;
	if (server != SERVER_PORT || !e)
		return KERN_INVALID_ARGUMENT;
	*f = a + c + d;
	*g = *g * 2 + b;
	return KERN_SUCCESS;
}

kern_return_t
s_oneway(mach_port_t server, int v)
{
	calls++;
	(void)server;
	oneway_value = v;
	return KERN_SUCCESS;
}

kern_return_t
s_arrays(mach_port_t server, const words a, mach_msg_type_number_t aCnt,
	 const quad b, words c, mach_msg_type_number_t *cCnt, quad d)
{
	calls++;
	(void)server;
	for (unsigned i = 0; i < aCnt; i++)
		c[i] = a[aCnt - 1 - i];
	*cCnt = aCnt;
	for (int i = 0; i < 4; i++)
		d[i] += b[i];
	return KERN_SUCCESS;
}

kern_return_t
s_structs(mach_port_t server, triple a, pair b, triple *c, pair *d)
{
	calls++;
	(void)server;
	for (int i = 0; i < 3; i++)
		c->v[i] = a.v[i] * 10;
	d->a = b.b;
	d->b = b.a;
	return KERN_SUCCESS;
}

kern_return_t
s_strings(mach_port_t server, const_name_t a, const_fixname_t b, name_t c,
	  fixname_t d)
{
	calls++;
	(void)server;
	if (strcmp(a, "none") == 0)
		; /* leaves c as the stub gave it */
	else if (strcmp(a, "full") == 0)
		memset(c, 'z', sizeof(name_t)); /* no NUL */
	else if (strlen(a) + 2 <= sizeof(name_t))
		strcat(strcpy(c, a), "!");
	else
		strcpy(c, a);
	memcpy(d, b, sizeof(fixname_t));
	d[0] = 'X';
	return KERN_SUCCESS;
}

kern_return_t
s_ports(mach_port_t server, mach_port_t a, mach_port_t b, mach_port_t c,
	mach_port_t p, mach_msg_type_name_t pPoly, mach_port_t *d,
	mach_port_t *e, mach_msg_type_name_t *ePoly)
{
	calls++;
	(void)server;
	if (a != 11 || b != 12 || c != 13 || p != 14 ||
	    pPoly != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return KERN_INVALID_ARGUMENT;
	*d = 21;
	*e = 22;
	*ePoly = MACH_MSG_TYPE_MAKE_SEND;
	return KERN_SUCCESS;
}

kern_return_t
s_port_only(mach_port_t server, mach_port_t *d)
{
	calls++;
	(void)server;
	*d = 31;
	return KERN_SUCCESS;
}

/* Names of rights come as names, whichever way they travelled; name 99
 * in a makes the implementation fail after looking at it. */
static mach_port_t far_names[300];

kern_return_t
s_port_arrays(mach_port_t server, const_names_t a, mach_msg_type_number_t aCnt,
	      const names4_t b, mach_msg_type_number_t bCnt, names_t *d,
	      mach_msg_type_number_t *dCnt, names4_t e,
	      mach_msg_type_number_t *eCnt)
{
	calls++;
	(void)server;
	for (unsigned i = 0; i < aCnt; i++)
		if (a[i] == 99)
			return KERN_FAILURE;
		else if (a[i] != 1000 + i)
			return KERN_INVALID_ARGUMENT;
	if (bCnt != 3 || b[0] != 7 || b[1] != 8 || b[2] != 9)
		return KERN_INVALID_ARGUMENT;
	if (aCnt <= *dCnt) {
		for (unsigned i = 0; i < aCnt; i++)
			(*d)[i] = 2000 + i;
	} else {
		for (unsigned i = 0; i < aCnt && i < 300; i++)
			far_names[i] = 2000 + i;
		*d = far_names;
	}
	*dCnt = aCnt;
	e[0] = 5;
	e[1] = 6;
	*eCnt = 2;
	if (aCnt == 1) {
		/* more than the bound (4): the reply keeps 4 */
		e[2] = 7;
		e[3] = 8;
		*eCnt = 6;
	}
	return KERN_SUCCESS;
}

/* io_read and io_write in one: A comes as the Hurd's io_write data (an
 * array[] without ServerCopy), B goes back as io_read's (dealloc). */
kern_return_t
s_io_like(mach_port_t server, const_bytes_t a, mach_msg_type_number_t aCnt,
	  bytes_t *b, mach_msg_type_number_t *bCnt)
{
	calls++;
	(void)server;
	for (unsigned i = 0; i < aCnt; i++)
		if (a[i] != (char)i)
			return KERN_INVALID_ARGUMENT;
	if (aCnt > *bCnt)
		*b = region_new(aCnt); /* as vm_allocate would */
	for (unsigned i = 0; i < aCnt; i++)
		(*b)[i] = (char)~i;
	*bCnt = aCnt;
	return KERN_SUCCESS;
}

kern_return_t
s_fixed_ports(mach_port_t server, const names3_t c, names3_t f)
{
	calls++;
	(void)server;
	for (int i = 0; i < 3; i++)
		f[i] = c[2 - i] + 1;
	return KERN_SUCCESS;
}

static char server_static[16] = "from server";

kern_return_t
s_ool(mach_port_t server, data_t a, mach_msg_type_number_t aCnt, data_t b,
      mach_msg_type_number_t bCnt, data_t c, mach_msg_type_number_t cCnt,
      data_t *d, mach_msg_type_number_t *dCnt, data_t *e,
      mach_msg_type_number_t *eCnt)
{
	calls++;
	(void)server;
	if (aCnt != 5 || memcmp(a, "hello", 5) != 0 || bCnt != 3 ||
	    memcmp(b, "abc", 3) != 0 || cCnt != 2 || memcmp(c, "xy", 2) != 0)
		return KERN_INVALID_ARGUMENT;
	*d = server_static;
	*dCnt = sizeof server_static;
	*e = malloc(4);
	memcpy(*e, "heap", 4);
	*eCnt = 4;
	return KERN_SUCCESS;
}

static int big[1000];

kern_return_t
s_unbounded(mach_port_t server, const_ints a, mach_msg_type_number_t aCnt,
	    boolean_t aSCopy, ints *b, mach_msg_type_number_t *bCnt, ints *c,
	    mach_msg_type_number_t *cCnt)
{
	calls++;
	(void)server;
	/* ServerCopy: inline data lives in the request, which is reused */
	if (aSCopy != (aCnt <= 512))
		return KERN_INVALID_ARGUMENT;
	for (unsigned i = 0; i < aCnt; i++)
		if (a[i] != (int)i)
			return KERN_INVALID_ARGUMENT;
	if (aCnt <= *bCnt) {
		/* inline: into the buffer the stub gave us */
		for (unsigned i = 0; i < aCnt; i++)
			(*b)[i] = -(int)i;
		*bCnt = aCnt;
	} else {
		for (unsigned i = 0; i < aCnt && i < 1000; i++)
			big[i] = -(int)i;
		*b = big;
		*bCnt = aCnt;
	}
	/* CountInOut: *cCnt is what the caller can take */
	for (unsigned i = 0; i < *cCnt; i++)
		(*c)[i] = 7;
	return KERN_SUCCESS;
}

kern_return_t
s_special(mach_port_t server, mach_port_seqno_t seq, mach_port_t reply, int *s,
	  int *r)
{
	calls++;
	(void)server;
	last_seqno = seq;
	*s = (int)seq;
	*r = (int)reply;
	return KERN_SUCCESS;
}

static int destroyed;

counter_t
counter_in(int value)
{
	counter_t c = malloc(sizeof *c);
	c->value = value;
	return c;
}

int
counter_out(counter_t c)
{
	int v = c->value;
	free(c);
	return v;
}

void
counter_free(counter_t c)
{
	destroyed++;
	free(c);
}

kern_return_t
s_translated(mach_port_t server, counter_t a, counter_t *b)
{
	calls++;
	(void)server;
	*b = counter_in(a->value + 1);
	return KERN_SUCCESS;
}

/* ---- round trips ---- */

START_TEST(test_scalars)
{
	int f = 0;
	int64_t g = 5;

	reset();
	ck_assert_int_eq(
		scalars(SERVER_PORT, 1, INT64_C(1) << 40, 2, 3, TRUE, &f, &g),
		KERN_SUCCESS);
	ck_assert_int_eq(f, 6);
	ck_assert(g == 10 + (INT64_C(1) << 40));
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, FALSE, &f, &g),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(oneway(SERVER_PORT, 42), KERN_SUCCESS);
	ck_assert_int_eq(oneway_value, 42);
	ck_assert_int_eq(calls, 3);
}
END_TEST

/* The send+receive's failures: the reply port deallocated when it
 * fails, else put back, and a reply of another msgh_id refused. */
START_TEST(test_reply_port)
{
	int f = 0;
	int64_t g = 0;

	reset();
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 KERN_SUCCESS);
	ck_assert_int_eq(reply_gets, 1);
	ck_assert_int_eq(reply_puts, 1);
	ck_assert_int_eq(reply_deallocs, 0);
	ck_assert_uint_eq(reply_given, REPLY_PORT);

	reset();
	capture = 1; /* mach_msg fails: MACH_SEND_INVALID_DEST */
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(reply_gets, 1);
	ck_assert_int_eq(reply_puts, 0);
	ck_assert_int_eq(reply_deallocs, 1);
	ck_assert_uint_eq(reply_given, REPLY_PORT);
	ck_assert_int_eq(calls, 0);

	reset();
	reply_id = 12345;
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 MIG_REPLY_MISMATCH);
	ck_assert_int_eq(reply_puts, 1);
	ck_assert_int_eq(reply_deallocs, 0);

	reset();
	reply_id = MACH_NOTIFY_SEND_ONCE;
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 MIG_SERVER_DIED);
	ck_assert_int_eq(reply_puts, 1);
	ck_assert_int_eq(reply_deallocs, 0);

	/* a one-way message takes no reply port */
	reset();
	ck_assert_int_eq(oneway(SERVER_PORT, 7), KERN_SUCCESS);
	ck_assert_int_eq(reply_gets + reply_puts + reply_deallocs, 0);
	ck_assert_int_eq(oneway_value, 7);
}
END_TEST

START_TEST(test_arrays)
{
	words a = { 1, 2, 3 }, c;
	quad b = { 1, 1, 1, 1 }, d = { 10, 20, 30, 40 };
	mach_msg_type_number_t cCnt = 8;

	reset();
	ck_assert_int_eq(arrays(SERVER_PORT, a, 3, b, c, &cCnt, d),
			 KERN_SUCCESS);
	ck_assert_int_eq(cCnt, 3);
	ck_assert_int_eq(c[0], 3);
	ck_assert_int_eq(c[2], 1);
	ck_assert_int_eq(d[3], 41);
	/* more than the bound is refused before sending */
	ck_assert_int_eq(arrays(SERVER_PORT, a, 9, b, c, &cCnt, d),
			 MIG_ARRAY_TOO_LARGE);
	/* a caller buffer smaller than the reply */
	cCnt = 2;
	ck_assert_int_eq(arrays(SERVER_PORT, a, 3, b, c, &cCnt, d),
			 MIG_ARRAY_TOO_LARGE);
}
END_TEST

START_TEST(test_structs_strings)
{
	triple a = { { 1, 2, 3 } }, c;
	pair b = { 4, 5 }, d;
	name_t sa = "mach", sc, toolong;
	fixname_t sb = "fixed", sd;

	reset();
	ck_assert_int_eq(structs(SERVER_PORT, a, b, &c, &d), KERN_SUCCESS);
	ck_assert_int_eq(c.v[2], 30);
	ck_assert_int_eq(d.a, 5);
	ck_assert_int_eq(d.b, 4);
	ck_assert_int_eq(strings(SERVER_PORT, sa, sb, sc, sd), KERN_SUCCESS);
	ck_assert_str_eq(sc, "mach!");
	ck_assert_str_eq(sd, "Xixed");
	/* a string that does not fit its bound */
	memset(toolong, 'a', sizeof toolong);
	ck_assert_int_eq(strings(SERVER_PORT, toolong, sb, sc, sd),
			 MIG_ARRAY_TOO_LARGE);
	/* nor a fixed one: c_string[8] holds 7 characters and the NUL */
	calls = 0;
	ck_assert_int_eq(strings(SERVER_PORT, sa, "12345678", sc, sd),
			 MIG_ARRAY_TOO_LARGE);
	ck_assert_int_eq(strings(SERVER_PORT, sa, "1234567890", sc, sd),
			 MIG_ARRAY_TOO_LARGE);
	ck_assert_int_eq(calls, 0);
	ck_assert_int_eq(strings(SERVER_PORT, sa, "1234567", sc, sd),
			 KERN_SUCCESS);
	ck_assert_str_eq(sd, "X234567");
}
END_TEST

START_TEST(test_ports)
{
	mach_port_t d = 0, e = 0;
	mach_msg_type_name_t ePoly = 0;

	reset();
	ck_assert_int_eq(ports(SERVER_PORT, 11, 12, 13, 14,
			       MACH_MSG_TYPE_MAKE_SEND_ONCE, &d, &e, &ePoly),
			 KERN_SUCCESS);
	ck_assert_int_eq(d, 21);
	ck_assert_int_eq(e, 22);
	ck_assert_int_eq(ePoly, MACH_MSG_TYPE_PORT_SEND);
	/* a reply whose only right has a fixed disposition is complex too */
	d = 0;
	ck_assert_int_eq(port_only(SERVER_PORT, &d), KERN_SUCCESS);
	ck_assert_int_eq(d, 31);
}
END_TEST

START_TEST(test_ool)
{
	char *b = malloc(3), *c = malloc(2);
	data_t d = NULL, e = NULL;
	mach_msg_type_number_t dCnt = 0, eCnt = 0;

	reset();
	memcpy(b, "abc", 3);
	memcpy(c, "xy", 2);
	ck_assert_int_eq(ool(SERVER_PORT, "hello", 5, b, 3, c, 2, TRUE, &d,
			     &dCnt, &e, &eCnt),
			 KERN_SUCCESS);
	/* b (Dealloc) and c (xDealloc), then the server's e (Dealloc) */
	ck_assert_int_eq(freed_by_dealloc, 3);
	ck_assert_int_eq(dCnt, sizeof server_static);
	ck_assert_str_eq(d, "from server");
	ck_assert(d != server_static);
	ck_assert_int_eq(eCnt, 4);
	ck_assert_int_eq(memcmp(e, "heap", 4), 0);
	release();
}
END_TEST

START_TEST(test_unbounded)
{
	static int a[600], bbuf[600], cbuf[10];
	ints b = bbuf, c = cbuf;
	mach_msg_type_number_t bCnt = 600, cCnt = 10;

	reset();
	for (int i = 0; i < 600; i++)
		a[i] = i;
	/* small: inline both ways */
	ck_assert_int_eq(unbounded(SERVER_PORT, a, 5, &b, &bCnt, &c, &cCnt),
			 KERN_SUCCESS);
	ck_assert_int_eq(bCnt, 5);
	ck_assert_ptr_eq(b, bbuf);
	ck_assert_int_eq(bbuf[4], -4);
	ck_assert_int_eq(cCnt, 10);
	ck_assert_int_eq(cbuf[9], 7);
	/* more than the caller's buffer, inline: fresh memory for it */
	b = bbuf;
	bCnt = 2;
	cCnt = 10;
	ck_assert_int_eq(unbounded(SERVER_PORT, a, 5, &b, &bCnt, &c, &cCnt),
			 KERN_SUCCESS);
	ck_assert_int_eq(bCnt, 5);
	ck_assert_ptr_ne(b, bbuf);
	ck_assert_int_eq(b[4], -4);
	/* large: out of line both ways */
	bCnt = 600;
	ck_assert_int_eq(unbounded(SERVER_PORT, a, 600, &b, &bCnt, &c, &cCnt),
			 KERN_SUCCESS);
	ck_assert_int_eq(bCnt, 600);
	ck_assert_ptr_ne(b, bbuf);
	ck_assert_int_eq(b[599], -599);
	release();
}
END_TEST

START_TEST(test_special_and_translated)
{
	int s = -1, r = 0, out = 0;

	reset();
	ck_assert_int_eq(special(SERVER_PORT, &s, &r), KERN_SUCCESS);
	ck_assert_int_eq(s, (int)last_seqno);
	ck_assert_int_eq(r, REPLY_PORT);
	destroyed = 0;
	ck_assert_int_eq(translated(SERVER_PORT, 41, &out), KERN_SUCCESS);
	ck_assert_int_eq(out, 42);
	ck_assert_int_eq(destroyed, 1);
}
END_TEST

/* ---- malformed requests ---- */

/* Serve the captured request after MUTATE; return the reply's RetCode. */
static kern_return_t
serve_mutated(void (*mutate)(char *, mach_msg_size_t *, unsigned), unsigned arg)
{
	mach_msg_header_t *in = (mach_msg_header_t *)server_in;
	mig_reply_header_t *out = (mig_reply_header_t *)server_out;
	mach_msg_size_t size = captured_size;
	char msg[8192];

	memcpy(msg, captured, size);
	mutate(msg, &size, arg);
	((mach_msg_header_t *)msg)->msgh_size = size;
	memset(server_in, 0, sizeof server_in);
	if (deliver((mach_msg_header_t *)msg, size, server_in) != 0) {
		/* the kernel would refuse it: serve the raw bytes instead */
		memcpy(server_in, msg, size);
	}
	in->msgh_size = size;
	calls = 0;
	rt_server(in, (mach_msg_header_t *)out);
	return out->RetCode;
}

static void
flip_byte(char *msg, mach_msg_size_t *size, unsigned off)
{
	(void)size;
	msg[off] ^= 0x41;
}

static void
truncate_by(char *msg, mach_msg_size_t *size, unsigned n)
{
	(void)msg;
	*size -= n;
}

static void
grow_by(char *msg, mach_msg_size_t *size, unsigned n)
{
	memset(msg + *size, 0, n);
	*size += n;
}

static void
set_id(char *msg, mach_msg_size_t *size, unsigned id)
{
	(void)size;
	((mach_msg_header_t *)msg)->msgh_id = (mach_msg_id_t)id;
}

/* Capture the request of a call without serving it. */
#define CAPTURE(call)                                                          \
	do {                                                                   \
		capture = 1;                                                   \
		(void)(call);                                                  \
		capture = 0;                                                   \
	} while (0)

/* The inlined slot I of the array whose descriptor is at DESC in MSG. */
static mach_port_name_inlined_t
slot(const char *msg, unsigned desc, unsigned i)
{
	mach_port_name_inlined_t e;

	memcpy(&e, msg + desc + sizeof(mach_msg_type_t) + i * sizeof e,
	       sizeof e);
	return e;
}

START_TEST(test_port_arrays)
{
	static mach_port_t a[300], dbuf[300];
	names4_t b = { 7, 8, 9 }, e;
	names3_t c = { 40, 41, 42 }, f;
	names_t d = dbuf;
	mach_msg_type_number_t dCnt = 300, eCnt = 4;
	mach_msg_type_long_t lt;

	reset();
	for (unsigned i = 0; i < 300; i++)
		a[i] = 1000 + i;
	/* inline both ways: 8 bytes per right, the name in the low half */
	ck_assert_int_eq(
		port_arrays(SERVER_PORT, a, 5, b, 3, &d, &dCnt, e, &eCnt),
		KERN_SUCCESS);
	ck_assert_int_eq(dCnt, 5);
	ck_assert_ptr_eq(d, dbuf);
	for (unsigned i = 0; i < 5; i++)
		ck_assert_int_eq(dbuf[i], 2000 + i);
	ck_assert_int_eq(eCnt, 2);
	ck_assert_int_eq(e[0], 5);
	ck_assert_int_eq(e[1], 6);
	CAPTURE(port_arrays(SERVER_PORT, a, 5, b, 3, &d, &dCnt, e, &eCnt));
	memcpy(&lt, captured + 32, sizeof lt);
	ck_assert_int_eq(lt.msgtl_size, 64);
	ck_assert(lt.msgtl_header.msgt_inline);
	for (unsigned i = 0; i < 5; i++) {
		mach_port_name_inlined_t s = slot(captured, 32, i);
		uint32_t high;
		memcpy(&high, (char *)&s + 4, 4);
		ck_assert_int_eq(s.name, 1000 + i);
		ck_assert_int_eq(high, 0);
	}
	ck_assert_int_eq(captured_size, 32 + 8 + 40 + 8 + 24);
	/* more than fits inline (256): out of line, an array of names */
	dCnt = 300;
	ck_assert_int_eq(
		port_arrays(SERVER_PORT, a, 300, b, 3, &d, &dCnt, e, &eCnt),
		KERN_SUCCESS);
	ck_assert_int_eq(dCnt, 300);
	ck_assert_ptr_ne(d, dbuf);
	ck_assert_int_eq(d[299], 2299);
	CAPTURE(port_arrays(SERVER_PORT, a, 300, b, 3, &d, &dCnt, e, &eCnt));
	memcpy(&lt, captured + 32, sizeof lt);
	ck_assert_int_eq(lt.msgtl_size, 32);
	ck_assert(!lt.msgtl_header.msgt_inline);
	release();
	/* fixed arrays of rights */
	ck_assert_int_eq(fixed_ports(SERVER_PORT, c, f), KERN_SUCCESS);
	ck_assert_int_eq(f[0], 43);
	ck_assert_int_eq(f[1], 42);
	ck_assert_int_eq(f[2], 41);
}
END_TEST

/* A refused request goes back to its sender's layout, for whoever
 * destroys it: the server stub narrows inline names in place for the
 * call and widens them again when the call fails. */
START_TEST(test_port_arrays_refused)
{
	mach_port_t a[4] = { 1000, 1001, 99, 1003 };
	names4_t b = { 7, 8, 9 }, e;
	mach_port_t dbuf[8];
	names_t d = dbuf;
	mach_msg_type_number_t dCnt = 8, eCnt = 4;

	reset();
	ck_assert_int_eq(
		port_arrays(SERVER_PORT, a, 4, b, 3, &d, &dCnt, e, &eCnt),
		KERN_FAILURE);
	ck_assert_int_eq(calls, 1);
	for (unsigned i = 0; i < 4; i++)
		ck_assert_int_eq(slot(server_in, 32, i).name, a[i]);
}
END_TEST

/* The memory of an array[] is never leaked, whichever way it goes:
 * the server stub gives back an in array that came out of line after
 * success, and sends an out array with Dealloc deallocated. */
START_TEST(test_array_ownership)
{
	static char a[3000], bbuf[16];
	bytes_t b = bbuf;
	mach_msg_type_number_t bCnt = sizeof bbuf;

	reset();
	for (unsigned i = 0; i < sizeof a; i++)
		a[i] = (char)i;
	/* small: inline both ways */
	ck_assert_int_eq(io_like(SERVER_PORT, a, 5, &b, &bCnt), KERN_SUCCESS);
	ck_assert_ptr_eq(b, bbuf);
	ck_assert_int_eq(bCnt, 5);
	ck_assert_int_eq(b[4], (char)~4);
	ck_assert_int_eq(nregions, 0);
	/* large: out of line both ways */
	bCnt = sizeof bbuf;
	ck_assert_int_eq(io_like(SERVER_PORT, a, sizeof a, &b, &bCnt),
			 KERN_SUCCESS);
	ck_assert_int_eq(bCnt, sizeof a);
	ck_assert_ptr_ne(b, bbuf);
	ck_assert_int_eq(b[2999], (char)~2999);
	/* the caller owns what came back; nothing else is left */
	ck_assert(region_free(b));
	ck_assert_int_eq(bad_deallocs, 0);
	ck_assert_int_eq(nregions, 0);
}
END_TEST

/* The complex bit is set only when something goes out of line: an
 * array[] inline is plain data (io_write("hello") sends 0x1513). */
START_TEST(test_complex_bit)
{
	static char a[3000], bbuf[16];
	bytes_t b = bbuf;
	mach_msg_type_number_t bCnt = sizeof bbuf;
	const mach_msg_header_t *out = (const mach_msg_header_t *)server_out;

	reset();
	for (unsigned i = 0; i < sizeof a; i++)
		a[i] = (char)i;
	CAPTURE(io_like(SERVER_PORT, a, 5, &b, &bCnt));
	ck_assert_int_eq(((mach_msg_header_t *)captured)->msgh_bits,
			 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					MACH_MSG_TYPE_MAKE_SEND_ONCE));
	ck_assert_int_eq(io_like(SERVER_PORT, a, 5, &b, &bCnt), KERN_SUCCESS);
	ck_assert_int_eq(out->msgh_bits & MACH_MSGH_BITS_COMPLEX, 0);
	CAPTURE(io_like(SERVER_PORT, a, sizeof a, &b, &bCnt));
	ck_assert(((mach_msg_header_t *)captured)->msgh_bits &
		  MACH_MSGH_BITS_COMPLEX);
	bCnt = sizeof bbuf;
	ck_assert_int_eq(io_like(SERVER_PORT, a, sizeof a, &b, &bCnt),
			 KERN_SUCCESS);
	ck_assert(out->msgh_bits & MACH_MSGH_BITS_COMPLEX);
	release();
}
END_TEST

/* A message nothing in it can make complex is refused with the complex
 * bit set (GNU MIG's check): a request by the server stub, a reply by
 * the user stub; one that may be complex is not. */
START_TEST(test_complex_bit_on_simple)
{
	int f = 0;
	int64_t g = 0;
	static char a[16], bbuf[16];
	bytes_t b = bbuf;
	mach_msg_type_number_t bCnt = sizeof bbuf;

	reset();
	CAPTURE(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g));
	((mach_msg_header_t *)captured)->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	ck_assert_int_eq(serve_mutated(truncate_by, 0), MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(calls, 0);
	((mach_msg_header_t *)captured)->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	ck_assert_int_eq(serve_mutated(truncate_by, 0), KERN_SUCCESS);
	/* array[] may go out of line: the bit is not judged alone */
	for (unsigned i = 0; i < sizeof a; i++)
		a[i] = (char)i;
	CAPTURE(io_like(SERVER_PORT, a, 5, &b, &bCnt));
	((mach_msg_header_t *)captured)->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	ck_assert_int_eq(serve_mutated(truncate_by, 0), KERN_SUCCESS);

	reset();
	reply_bits = MACH_MSGH_BITS_COMPLEX;
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 MIG_TYPE_ERROR);
	reset();
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 KERN_SUCCESS);
	release();
}
END_TEST

/* An implementation's success stands: an out array longer than its
 * bound is truncated to it, not turned into MIG_ARRAY_TOO_LARGE. */
START_TEST(test_too_many_out)
{
	mach_port_t a[1] = { 1000 }, dbuf[4];
	names4_t b = { 7, 8, 9 }, e;
	names_t d = dbuf;
	mach_msg_type_number_t dCnt = 4, eCnt = 4;

	reset();
	ck_assert_int_eq(
		port_arrays(SERVER_PORT, a, 1, b, 3, &d, &dCnt, e, &eCnt),
		KERN_SUCCESS);
	ck_assert_int_eq(eCnt, 4);
	ck_assert_int_eq(e[3], 8);
}
END_TEST

START_TEST(test_corrupt_descriptors)
{
	words a = { 1, 2, 3 }, c;
	quad b = { 0 }, d = { 0 };
	mach_msg_type_number_t cCnt = 8;
	unsigned off;
	int rejected = 0, total = 0;

	reset();
	CAPTURE(arrays(SERVER_PORT, a, 3, b, c, &cCnt, d));
	ck_assert_int_gt(captured_size, 32);
	ck_assert_int_eq(serve_mutated(truncate_by, 0), KERN_SUCCESS);
	/* every byte of every type descriptor, in turn */
	for (off = 32; off < captured_size; off += sizeof(mach_msg_type_t)) {
		mach_msg_type_t t;
		memcpy(&t, captured + off, sizeof t);
		if (t.msgt_size != 32 || t.msgt_inline != 1)
			continue; /* data word, not a descriptor */
		for (unsigned byte = 0; byte < sizeof t; byte++) {
			kern_return_t kr = serve_mutated(flip_byte, off + byte);
			total++;
			if (kr == MIG_BAD_ARGUMENTS && calls == 0)
				rejected++;
		}
	}
	ck_assert_int_gt(total, 8);
	ck_assert_int_eq(rejected, total);
}
END_TEST

START_TEST(test_corrupt_sizes)
{
	words a = { 1, 2, 3 }, c;
	quad b = { 0 }, d = { 0 };
	mach_msg_type_number_t cCnt = 8;

	reset();
	CAPTURE(arrays(SERVER_PORT, a, 3, b, c, &cCnt, d));
	for (unsigned n = 1; n <= 16; n++) {
		ck_assert_int_eq(serve_mutated(truncate_by, n),
				 MIG_BAD_ARGUMENTS);
		ck_assert_int_eq(calls, 0);
		ck_assert_int_eq(serve_mutated(grow_by, n), MIG_BAD_ARGUMENTS);
		ck_assert_int_eq(calls, 0);
	}
	ck_assert_int_eq(serve_mutated(set_id, 7099), MIG_BAD_ID);
	ck_assert_int_eq(serve_mutated(set_id, 7002), MIG_BAD_ID); /* skipped */
	ck_assert_int_eq(serve_mutated(set_id, 0x7fffffff), MIG_BAD_ID);
}
END_TEST

/* rt_server_routine, inline in the server header as GNU MIG has it:
 * the table's entry for an id of the subsystem, 0 for a skipped one and
 * for ids outside it (below the base, past the end, negative). */
START_TEST(test_server_routine)
{
	mach_msg_header_t h = { 0 };

	h.msgh_id = 7000;
	ck_assert_ptr_eq(rt_server_routine(&h), rt_server_routines[0]);
	ck_assert_ptr_nonnull(rt_server_routine(&h));
	h.msgh_id = 7002; /* skipped */
	ck_assert_ptr_null(rt_server_routine(&h));
	h.msgh_id = 6999;
	ck_assert_ptr_null(rt_server_routine(&h));
	h.msgh_id = 7099;
	ck_assert_ptr_null(rt_server_routine(&h));
	h.msgh_id = -1;
	ck_assert_ptr_null(rt_server_routine(&h));
}
END_TEST

static void
set_count(char *msg, mach_msg_size_t *size, unsigned number)
{
	mach_msg_type_t t;

	(void)size;
	memcpy(&t, msg + 32, sizeof t);
	t.msgt_number = number & 0xfff;
	memcpy(msg + 32, &t, sizeof t);
}

/* Fill the stack below the caller with nonzero bytes, where the next
 * stub's message buffer will be. */
static void __attribute__((noinline)) dirty_stack(void)
{
	volatile char junk[16384];

	memset((char *)junk, 0xa5, sizeof junk);
}

/* The last reply's body (the header's ports are the kernel's to
 * rewrite) holds no byte of the 0xaa a test filled server_out with. */
static void
assert_reply_fresh(void)
{
	mach_msg_size_t size = ((mach_msg_header_t *)server_out)->msgh_size;

	for (mach_msg_size_t i = sizeof(mach_msg_header_t); i < size; i++)
		if (i < 44 || i >= 48) /* (RetCode's padding: not yet) */
			ck_assert_msg((unsigned char)server_out[i] != 0xaa,
				      "reply byte %u of %u is stale", i, size);
}

/* The count of the string whose descriptor is at DESC in MSG. */
static unsigned
string_count(const char *msg, unsigned desc)
{
	mach_msg_type_t t;

	memcpy(&t, msg + desc, sizeof t);
	ck_assert_int_eq(t.msgt_name, MACH_MSG_TYPE_STRING_C);
	ck_assert(t.msgt_inline);
	return t.msgt_number;
}

/* A request's string is copied with its NUL, the last counted byte, and
 * zero padding, whatever the stack held; one of 31 characters (its
 * bound less the NUL) goes whole.  A reply's string is built in place:
 * truncated to its bound when the implementation left no NUL in it,
 * empty when the implementation wrote nothing, and no byte of an
 * earlier reply (server_out filled with 0xaa first) goes out in the
 * body. */
START_TEST(test_string_shapes)
{
	name_t s31, sc;
	fixname_t sd;
	mach_msg_size_t size;
	unsigned n;

	reset();
	memset(s31, 'q', 31);
	s31[31] = 0;
	dirty_stack();
	CAPTURE(strings(SERVER_PORT, "abc", "fixed", sc, sd));
	ck_assert_int_eq(string_count(captured, 32), 4);
	ck_assert_mem_eq(captured + 40, "abc\0\0\0\0\0", 8);
	ck_assert_int_eq(captured_size, 48 + 8 + 8);
	dirty_stack();
	CAPTURE(strings(SERVER_PORT, s31, "fixed", sc, sd));
	ck_assert_int_eq(string_count(captured, 32), 32);
	ck_assert_mem_eq(captured + 40, s31, 32);
	ck_assert_int_eq(captured_size, 72 + 8 + 8);
	ck_assert_int_eq(strings(SERVER_PORT, s31, "fixed", sc, sd),
			 KERN_SUCCESS);
	ck_assert_str_eq(sc, s31);
	ck_assert_int_eq(string_count(server_out, 48), 32);

	memset(server_out, 0xaa, sizeof server_out);
	ck_assert_int_eq(strings(SERVER_PORT, "full", "fixed", sc, sd),
			 KERN_SUCCESS);
	ck_assert_int_eq(strlen(sc), 31);
	ck_assert_int_eq(sc[30], 'z');
	ck_assert_int_eq(string_count(server_out, 48), 32);
	ck_assert_int_eq(server_out[56 + 31], 0);

	memset(server_out, 0xaa, sizeof server_out);
	ck_assert_int_eq(strings(SERVER_PORT, "none", "fixed", sc, sd),
			 KERN_SUCCESS);
	ck_assert_str_eq(sc, "");
	n = string_count(server_out, 48);
	ck_assert_int_eq(n, 1);
	size = ((mach_msg_header_t *)server_out)->msgh_size;
	ck_assert_int_eq(size, 64 + 8 + 8);
	assert_reply_fresh();
	ck_assert_int_eq(calls, 3);
}
END_TEST

/* No reply carries a byte of an earlier one (server_out filled with
 * 0xaa before each call): an out scalar's or struct's padding, a
 * string's, all zero. */
START_TEST(test_reply_fresh)
{
	int f;
	int64_t g = 5;
	triple a = { { 1, 2, 3 } }, c;
	pair b = { 4, 5 }, d;

	reset();
	memset(server_out, 0xaa, sizeof server_out);
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, TRUE, &f, &g),
			 KERN_SUCCESS);
	ck_assert_int_eq(f, 8);
	assert_reply_fresh();
	memset(server_out, 0xaa, sizeof server_out);
	ck_assert_int_eq(structs(SERVER_PORT, a, b, &c, &d), KERN_SUCCESS);
	assert_reply_fresh();
	/* a refusal too */
	memset(server_out, 0xaa, sizeof server_out);
	ck_assert_int_eq(scalars(SERVER_PORT, 1, 2, 3, 4, FALSE, &f, &g),
			 KERN_INVALID_ARGUMENT);
	assert_reply_fresh();
}
END_TEST

/* The string at 40 (a request's first item) as "ma", NUL, "hx": its NUL
 * within its 5 counted bytes but not the last of them. */
static void
early_nul(char *msg, mach_msg_size_t *size, unsigned unused)
{
	(void)size;
	(void)unused;
	memcpy(msg + 40, "ma\0hx", 5);
}

START_TEST(test_string_nul_last)
{
	name_t sc;
	fixname_t sd;

	reset();
	CAPTURE(strings(SERVER_PORT, "mach", "fixed", sc, sd));
	ck_assert_int_eq(serve_mutated(truncate_by, 0), KERN_SUCCESS);
	/* a C string's count includes its NUL, which comes last */
	ck_assert_int_eq(serve_mutated(early_nul, 0), MIG_BAD_ARGUMENTS);
	/* no byte at all: not even the NUL */
	ck_assert_int_eq(serve_mutated(set_count, 0), MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(calls, 0);
}
END_TEST

START_TEST(test_corrupt_counts_and_ports)
{
	words a = { 1, 2, 3 }, c;
	quad b = { 0 }, d = { 0 };
	mach_msg_type_number_t cCnt = 8;
	mach_port_t pd, pe;
	mach_msg_type_name_t ePoly;

	reset();
	CAPTURE(arrays(SERVER_PORT, a, 3, b, c, &cCnt, d));
	/* more elements than the bound, and than the message holds */
	ck_assert_int_eq(serve_mutated(set_count, 9), MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(serve_mutated(set_count, 4095), MIG_BAD_ARGUMENTS);
	/* 3 elements and 4 fill the same padded 16 bytes: 5 do not */
	ck_assert_int_eq(serve_mutated(set_count, 5), MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(calls, 0);
	/* a right sent as plain data: the descriptor name is wrong, and a
	 * message with rights must be complex */
	CAPTURE(ports(SERVER_PORT, 11, 12, 13, 14, MACH_MSG_TYPE_MOVE_SEND_ONCE,
		      &pd, &pe, &ePoly));
	{
		mach_msg_header_t *h = (mach_msg_header_t *)captured;
		h->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
		ck_assert_int_eq(serve_mutated(truncate_by, 0),
				 MIG_BAD_ARGUMENTS);
		h->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		ck_assert_int_eq(serve_mutated(truncate_by, 0), KERN_SUCCESS);
	}
	ck_assert_int_eq(serve_mutated(flip_byte, 32), MIG_BAD_ARGUMENTS);
	/* out-of-line memory without the complex bit: the address would be
	 * whatever the sender wrote */
	{
		char *ob = malloc(3);
		data_t od, oe;
		mach_msg_type_number_t odCnt, oeCnt;
		mach_msg_header_t *h = (mach_msg_header_t *)captured;

		memcpy(ob, "abc", 3);
		CAPTURE(ool(SERVER_PORT, "hello", 5, ob, 3, "xy", 2, FALSE, &od,
			    &odCnt, &oe, &oeCnt));
		h->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
		memcpy(server_in, captured, captured_size);
		calls = 0;
		rt_server((mach_msg_header_t *)server_in,
			  (mach_msg_header_t *)server_out);
		ck_assert_int_eq(((mig_reply_header_t *)server_out)->RetCode,
				 MIG_BAD_ARGUMENTS);
		ck_assert_int_eq(calls, 0);
		free(ob);
	}
}
END_TEST

static Suite *
roundtrip_suite(void)
{
	Suite *s = suite_create("roundtrip");
	TCase *tc = tcase_create("loopback");

	tcase_add_test(tc, test_scalars);
	tcase_add_test(tc, test_reply_port);
	tcase_add_test(tc, test_arrays);
	tcase_add_test(tc, test_structs_strings);
	tcase_add_test(tc, test_ports);
	tcase_add_test(tc, test_ool);
	tcase_add_test(tc, test_unbounded);
	tcase_add_test(tc, test_port_arrays);
	tcase_add_test(tc, test_port_arrays_refused);
	tcase_add_test(tc, test_array_ownership);
	tcase_add_test(tc, test_complex_bit);
	tcase_add_test(tc, test_complex_bit_on_simple);
	tcase_add_test(tc, test_too_many_out);
	tcase_add_test(tc, test_special_and_translated);
	tcase_add_test(tc, test_corrupt_descriptors);
	tcase_add_test(tc, test_corrupt_sizes);
	tcase_add_test(tc, test_server_routine);
	tcase_add_test(tc, test_corrupt_counts_and_ports);
	tcase_add_test(tc, test_string_nul_last);
	tcase_add_test(tc, test_string_shapes);
	tcase_add_test(tc, test_reply_fresh);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(roundtrip_suite)
