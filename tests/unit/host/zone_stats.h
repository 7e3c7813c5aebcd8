/*
 * zone_stats.h: looking zones up by name in the host unit tests.
 */
#ifndef TESTS_UNIT_HOST_ZONE_STATS_H
#define TESTS_UNIT_HOST_ZONE_STATS_H

#include "kern/zalloc.h"

/*
 * The statistics of the one zone named `name' (through zone_foreach);
 * fails the test unless exactly one zone has that name.
 */
struct zone_stats zone_stats_named(const char *name);

#endif
