/*
 * fuzz_seeds.c: write one valid request per routine of roundtrip/rt.defs
 * (as the generated user stubs build them) into DIR, as seeds for
 * fuzz_stubs.  Usage: fuzz_seeds DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>

#include "rt.h"

static const char *dir;
static int seq;

/* The reply-port calls are in fake_reply_ports.c. */

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	char path[4096];
	FILE *f;

	(void)option;
	(void)rcv_size;
	(void)rcv_name;
	(void)timeout;
	(void)notify;
	snprintf(path, sizeof path, "%s/seed-%02d", dir, seq++);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(msg, 1, send_size, f) != send_size) {
		perror(path);
		exit(1);
	}
	fclose(f);
	return MACH_SEND_INVALID_DEST;
}

int
main(int argc, char **argv)
{
	static int many[600];
	words w = { 1, 2, 3 }, wc;
	quad q = { 1, 2, 3, 4 };
	triple t = { { 1, 2, 3 } }, tc;
	pair p = { 1, 2 }, pc;
	name_t n = "name", nc;
	fixname_t fx = "fix", fc;
	mach_msg_type_number_t cnt = 8;
	mach_port_t port;
	mach_msg_type_name_t poly;
	ints ib = many, ic = many;
	data_t d1, d2;
	int i1, i2;
	int64_t g = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_seeds DIR\n");
		return 2;
	}
	dir = argv[1];
	scalars(1, 1, 2, 3, 4, 1, &i1, &g);
	oneway(1, 5);
	arrays(1, w, 3, q, wc, &cnt, q);
	structs(1, t, p, &tc, &pc);
	strings(1, n, fx, nc, fc);
	ports(1, 2, 3, 4, 5, MACH_MSG_TYPE_MAKE_SEND, &port, &port, &poly);
	ool(1, "hello", 5, "abc", 3, "xy", 2, 0, &d1, &cnt, &d2, &cnt);
	cnt = 600;
	unbounded(1, many, 5, &ib, &cnt, &ic, &cnt);
	unbounded(1, many, 600, &ib, &cnt, &ic, &cnt);
	special(1, &i1, &i2);
	translated(1, 5, &i1);
	port_only(1, &port);
	return 0;
}
