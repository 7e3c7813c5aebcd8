/* stubbench_types.h: the C types of stubbench.defs' own types. */
#ifndef TESTS_BENCH_STUBBENCH_TYPES_H
#define TESTS_BENCH_STUBBENCH_TYPES_H

typedef char page_t[4096];
typedef char *bytes_t;

#endif
