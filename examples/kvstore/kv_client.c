/*
 * kv_client.c: a client of the kvstore example, several of which run
 * at once (examples/local.mk boots three).  It opens a session, stores
 * values of every size from 0 bytes to 1 MiB under keys the other
 * clients use too (each session's are its own), reads them back,
 * replaces and deletes some, checks the errors, and opens a second
 * session that it lets go (the server frees it: no-senders).  It ends
 * with its first session open: the server frees that one when the
 * task's rights die.  It prints "WHO: N checks, F failed".
 */

#include <stdio.h>
#include <string.h>

#include <mach.h>
#include <servers/name.h>

#include "kvstore.h"

static const char *who;
static int checks, failures;

static void
check_at(int ok, long long got, long long want, const char *what, int line)
{
	char l[200];
	checks++;
	if (ok)
		return;
	failures++;
	snprintf(l, sizeof l, "%s: FAIL line %d: %s (got %#llx, want %#llx)\n",
		 who, line, what, got, want);
	mach_print(l);
}
#define CHECK(c) check_at(!!(c), 0, 0, #c, __LINE__)
#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		check_at(a_ == b_, a_, b_, #a " == " #b, __LINE__);            \
	} while (0)

/* The sizes stored, and the byte at offset i of the value of key k. */
static const mach_msg_type_number_t sizes[] = { 0,      1,           100,
						4095,   4096,        65536,
						300001, KV_VALUE_MAX };
#define NSIZES (sizeof sizes / sizeof sizes[0])

static char
byte_at(unsigned k, size_t i, unsigned salt)
{
	return (char)(who[3] * 7 + k * 13 + i * 31 + salt);
}

static vm_address_t
make_value(unsigned k, mach_msg_type_number_t size, unsigned salt)
{
	vm_address_t a = 0;
	if (size == 0)
		return 0;
	CHECK_EQ(vm_allocate(mach_task_self(), &a, size, TRUE), KERN_SUCCESS);
	for (size_t i = 0; i < size; i++)
		((char *)a)[i] = byte_at(k, i, salt);
	return a;
}

static int
value_ok(unsigned k, const char *v, mach_msg_type_number_t size, unsigned salt)
{
	for (size_t i = 0; i < size; i++)
		if (v[i] != byte_at(k, i, salt))
			return 0;
	return 1;
}

static void
key_name(char *key, unsigned k)
{
	snprintf(key, sizeof(kv_key_t), "k%u", k);
}

/* Put, get back and compare every size under keys k0.. */
static void
round_trip(mach_port_t session, unsigned salt)
{
	char key[64];
	for (unsigned k = 0; k < NSIZES; k++) {
		key_name(key, k);
		vm_address_t v = make_value(k, sizes[k], salt);
		CHECK_EQ(kv_put(session, key, (kv_value_t)v, sizes[k]),
			 KERN_SUCCESS);
		if (v != 0)
			(void)vm_deallocate(mach_task_self(), v, sizes[k]);
	}
	for (unsigned k = 0; k < NSIZES; k++) {
		kv_value_t got = NULL;
		mach_msg_type_number_t n = 12345;
		key_name(key, k);
		CHECK_EQ(kv_get(session, key, &got, &n), KERN_SUCCESS);
		CHECK_EQ(n, sizes[k]);
		CHECK(n != sizes[k] || value_ok(k, got, n, salt));
		if (got != NULL && n != 0)
			(void)vm_deallocate(mach_task_self(), (vm_address_t)got,
					    n);
	}
}

int
main(int argc, char **argv)
{
	who = argc > 1 && strlen(argv[1]) > 3 ? argv[1] : "kv_?";
	mach_port_t server, session = MACH_PORT_NULL, other = MACH_PORT_NULL;
	CHECK_EQ(name_lookup(bootstrap_port, "kvstore", 10000, &server),
		 KERN_SUCCESS);
	CHECK_EQ(kv_open(server, who, &session), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(session));

	round_trip(session, 0);
	/* Replaced: the new values come back, and the bytes add up. */
	round_trip(session, 1);
	natural_t keys = 0, bytes = 0, total = 0;
	for (unsigned k = 0; k < NSIZES; k++)
		total += sizes[k];
	CHECK_EQ(kv_count(session, &keys, &bytes), KERN_SUCCESS);
	CHECK_EQ(keys, NSIZES);
	CHECK_EQ(bytes, total);

	/* Deleted, then gone. */
	kv_value_t got;
	mach_msg_type_number_t n;
	CHECK_EQ(kv_delete(session, "k6"), KERN_SUCCESS);
	CHECK_EQ(kv_delete(session, "k6"), KERN_INVALID_NAME);
	CHECK_EQ(kv_get(session, "k6", &got, &n), KERN_INVALID_NAME);
	CHECK_EQ(kv_count(session, &keys, &bytes), KERN_SUCCESS);
	CHECK_EQ(keys, NSIZES - 1);
	CHECK_EQ(bytes, total - sizes[6]);

	/* Errors: bad keys, a value too large, the wrong port for the
	 * call; the session goes on. */
	CHECK_EQ(kv_get(session, "", &got, &n), KERN_INVALID_ARGUMENT);
	CHECK_EQ(kv_get(session, "a b", &got, &n), KERN_INVALID_ARGUMENT);
	vm_address_t big = 0;
	CHECK_EQ(vm_allocate(mach_task_self(), &big, KV_VALUE_MAX + 4096, TRUE),
		 KERN_SUCCESS);
	CHECK_EQ(kv_put(session, "big", (kv_value_t)big, KV_VALUE_MAX + 1),
		 KERN_INVALID_ARGUMENT);
	(void)vm_deallocate(mach_task_self(), big, KV_VALUE_MAX + 4096);
	CHECK_EQ(kv_put(server, "k0", NULL, 0), KERN_INVALID_CAPABILITY);
	CHECK_EQ(kv_count(server, &keys, &bytes), KERN_INVALID_CAPABILITY);
	CHECK_EQ(kv_open(session, who, &other), KERN_INVALID_CAPABILITY);
	CHECK_EQ(kv_open(server, "", &other), KERN_INVALID_ARGUMENT);
	CHECK_EQ(kv_get(session, "big", &got, &n), KERN_INVALID_NAME);

	/* A second session: its own keys; let go, it is freed. */
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%s-tmp", who);
	CHECK_EQ(kv_open(server, tmp, &other), KERN_SUCCESS);
	CHECK(other != session);
	CHECK_EQ(kv_get(other, "k1", &got, &n), KERN_INVALID_NAME);
	vm_address_t v = make_value(1, 5000, 9);
	CHECK_EQ(kv_put(other, "k1", (kv_value_t)v, 5000), KERN_SUCCESS);
	(void)vm_deallocate(mach_task_self(), v, 5000);
	CHECK_EQ(kv_count(other, &keys, &bytes), KERN_SUCCESS);
	CHECK_EQ(keys, 1);
	CHECK_EQ(bytes, 5000);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), other), KERN_SUCCESS);
	/* Its port is dead to us now; the first session is untouched. */
	CHECK_EQ(kv_count(session, &keys, &bytes), KERN_SUCCESS);
	CHECK_EQ(keys, NSIZES - 1);

	char line[100];
	snprintf(line, sizeof line, "%s: %d checks, %d failed\n", who, checks,
		 failures);
	mach_print(line);
	/* The first session stays open: our end frees it. */
	return failures != 0;
}
