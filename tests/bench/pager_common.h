/*
 * tests/bench/pager_common.h: what the test pagers (vmbench, dp_press)
 * share, linked with memory_object.defs' server stubs (tests/local.mk's
 * VMBENCH_OBJS).  The routines a simple test pager is never sent, as it
 * asks for COPY_DELAY, never locks a page, never asks for a supply's
 * reply and never changes its attributes: memory_object_copy,
 * data_unlock, supply_completed (each refused) and change_completed,
 * each counted in mo_unexpected for the pager's test to check.
 */
#ifndef TESTS_BENCH_PAGER_COMMON_H
#define TESTS_BENCH_PAGER_COMMON_H

#include <mach.h>

extern volatile unsigned mo_unexpected;

/* memory_object_terminate's rights: the control and name ports'
 * receive rights, which come with it, dropped. */
void mo_drop_terminated(mach_port_t control, mach_port_t name);

#endif
