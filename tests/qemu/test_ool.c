/*
 * test_ool.c: out-of-line data between two threads of one task, booted
 * from tests/qemu/ool.iso with the module "oolthreads"
 * (tests/qemu/user/oolthreads.c).  The task gets a port named
 * OOL_SERVICE (receive and send right) and a second user thread, made
 * here with its own stack and argv ("oolthreads second"); its first
 * thread ("oolthreads first") ends the task with status 0 when every
 * check passed.  The pages and copies it used come back.
 */

#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "ipc/mach_port.h"
#include "kern/bootstrap.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

#include "ktest_memory.h"

#define OOL_SERVICE 0x1005u
#define STACK_SIZE  (64u << 10)

struct second_thread {
	ipc_port_t service;
	vm_offset_t entry;
};

/*
 * The second thread's stack, in a fresh range of the task: argc 2, argv
 * "oolthreads" "second", a null pointer, an empty environment and an
 * empty auxiliary vector (tests/qemu/user/crt0.S reads argc and argv).
 */
static kern_return_t
second_stack(task_t task, vm_offset_t *sp)
{
	static const char strings[] = "oolthreads\0second";
	vm_offset_t base = 0;
	kern_return_t kr = vm_allocate(task->map, &base, STACK_SIZE, true);
	if (kr != KERN_SUCCESS)
		return kr;
	vm_offset_t str = base + STACK_SIZE - 64;
	uint64_t words[7] = { 2, str, str + 11, 0, 0, 0, 0 };
	*sp = (base + STACK_SIZE - 256) & ~(vm_offset_t)15;
	kr = vm_map_write_kernel(task->map, str, strings, sizeof strings);
	if (kr == KERN_SUCCESS)
		kr = vm_map_write_kernel(task->map, *sp, words, sizeof words);
	return kr;
}

/* The port as OOL_SERVICE (receive and send), then the second thread. */
static kern_return_t
prepare(task_t task, void *arg)
{
	struct second_thread *st = arg;
	vm_offset_t sp;
	kern_return_t kr =
		mach_port_insert_right(task->itk_space, OOL_SERVICE,
				       st->service, MACH_MSG_TYPE_PORT_RECEIVE);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_insert_right(task->itk_space, OOL_SERVICE,
				    ipc_port_make_send(st->service),
				    MACH_MSG_TYPE_PORT_SEND);
	if (kr == KERN_SUCCESS)
		kr = second_stack(task, &sp);
	if (kr == KERN_SUCCESS)
		kr = user_thread_create(task, st->entry, sp, NULL);
	return kr;
}

KTEST_EXPLICIT(ool_two_threads)
{
	const struct boot_info *bi = ktest_boot_info();
	const struct boot_module *m = NULL;
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (strncmp(bi->modules[i].cmdline, "oolthreads", 10) == 0)
			m = &bi->modules[i];
	KTEST_ASSERT(m != NULL);
	const void *image = phys_to_virt(m->start);
	struct second_thread st;
	/* The ELF64 header's e_entry, at offset 24 (the loader checked
	 * this image when the first thread's task was made). */
	memcpy(&st.entry, (const char *)image + 24, sizeof st.entry);

	for (int round = 0; round < 2; round++) {
		thread_sleep_ticks(2);
		uint64_t free_before = ktest_free_memory_pages();
		uint64_t copies = vm_map_copy_count();
		st.service = ipc_port_create();
		KTEST_ASSERT(st.service != IP_NULL);
		task_t task;
		KTEST_ASSERT_EQ(bootstrap_task_prepared(image,
							m->end - m->start,
							"oolthreads first",
							prepare, &st, &task),
				KERN_SUCCESS);
		task_wait_terminated(task);
		/* It ended itself (status 0: user/exit.c). */
		KTEST_ASSERT_EQ(task->end, TASK_TERMINATED);
		task_deallocate(task);
		thread_sleep_ticks(2);
		KTEST_ASSERT_EQ(vm_map_copy_count(), copies);
		/* The first round warms caches (page tables of the kernel,
		 * zone pages): the second must give back all it took. */
		if (round == 1)
			KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_before);
	}
}
