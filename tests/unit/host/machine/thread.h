/*
 * machine/thread.h for the host unit tests: kern/thread.h's machine
 * part, without the registers (no thread runs user code in a test).
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

#include <stdbool.h>
#include <stdint.h>

struct arch_thread {
	uintptr_t sp;
	bool user;
};

#define KERNEL_STACK_ORDER 2

#endif
