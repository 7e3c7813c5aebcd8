/*
 * vmbench.h: what the VM benchmarks' user program (tests/bench/vmbench.c)
 * and their kernel side (tests/bench/bench_vm_user.c) agree on.
 *
 * A mode that times its operations itself (the page faults, which a
 * run cannot isolate from the allocation and the release around them)
 * sends the kernel one report: the guest instructions (rdtsc under
 * -icount) its timed parts took, to the send right it holds as
 * VMBENCH_REPORT.
 */
#ifndef TESTS_BENCH_VMBENCH_H
#define TESTS_BENCH_VMBENCH_H

#include <stdint.h>

#include <mach/message.h>

/* The names the kernel gives the program's rights (the service as
 * tests/qemu/module_task.h's MODULE_TASK_SERVICE). */
#define VMBENCH_SERVICE 0x1003u
#define VMBENCH_REPORT  0x1005u

#define VMBENCH_REPORT_ID  4200
/* The pager client's request to flush the object, and the answer. */
#define VMBENCH_FLUSH_ID   4201
#define VMBENCH_FLUSHED_ID 4301

struct vmbench_report {
	mach_msg_header_t head;
	mach_msg_type_t type; /* MACH_MSG_TYPE_INTEGER_64, one */
	uint64_t instructions;
};

#endif
