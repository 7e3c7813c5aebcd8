/*
 * zone_stats.c: looking zones up by name in the host unit tests.
 */

#include <check.h>
#include <string.h>

#include "tests/unit/host/zone_stats.h"

struct find {
	const char *name;
	struct zone_stats st;
	unsigned found;
};

static void
find_fn(zone_t z, const struct zone_stats *st, void *arg)
{
	(void)z;
	struct find *f = arg;
	if (strcmp(st->name, f->name) == 0) {
		f->st = *st;
		f->found++;
	}
}

struct zone_stats
zone_stats_named(const char *name)
{
	struct find f = { .name = name, .found = 0 };
	zone_foreach(find_fn, &f);
	ck_assert_uint_eq(f.found, 1);
	return f.st;
}
