/*
 * bench_vm.c: the cost of anonymous memory through the map (vm/):
 * allocate one page, touch it (the zero-fill fault, called as the trap
 * handler calls it), deallocate; a 64 KiB copy object taken from one
 * map and mapped into the same; a 1 MiB one mapped into another task.
 */

#include <machine/vm_param.h>

#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/task.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

static task_t
bench_task(void)
{
	static task_t task;
	if (task == NULL && task_create_user("bench-vm", &task) != KERN_SUCCESS)
		panic("bench_vm: no task");
	return task;
}

KBENCH(vm_allocate_touch_deallocate, 2000)
{
	vm_map_t map = bench_task()->map;
	for (uint64_t i = 0; i < iterations; i++) {
		vm_offset_t a = 0;
		if (vm_allocate(map, &a, PAGE_SIZE, true) != KERN_SUCCESS ||
		    vm_fault(map, a, VM_PROT_WRITE) != KERN_SUCCESS)
			panic("bench_vm: allocate or fault failed");
		vm_deallocate(map, a, PAGE_SIZE);
	}
}

#define COPY_LEN (64 * 1024)

KBENCH(vm_map_copyin_copyout_64k, 200)
{
	static vm_offset_t src;
	vm_map_t map = bench_task()->map;
	if (src == 0) {
		static char data[COPY_LEN];
		if (vm_allocate(map, &src, COPY_LEN, true) != KERN_SUCCESS ||
		    vm_map_write_kernel(map, src, data, COPY_LEN) !=
			    KERN_SUCCESS)
			panic("bench_vm: no source");
	}
	for (uint64_t i = 0; i < iterations; i++) {
		vm_map_copy_t copy;
		vm_offset_t dst;
		if (vm_map_copyin(map, src, COPY_LEN, false, &copy) !=
			    KERN_SUCCESS ||
		    vm_map_copyout(map, &dst, copy) != KERN_SUCCESS)
			panic("bench_vm: copy failed");
		vm_deallocate(map, dst, COPY_LEN);
	}
}

#define COPY_1M (1024 * 1024)

/* A 1 MiB copy object (every source page resident) taken from one
 * task's map and mapped into another's, then removed there: the cost of
 * a 1 MiB out-of-line message's memory, without the message. */
KBENCH(vm_map_copyin_copyout_1m, 20)
{
	static task_t dst_task;
	static vm_offset_t src;
	vm_map_t map = bench_task()->map;
	if (dst_task == NULL &&
	    task_create_user("bench-vm-dst", &dst_task) != KERN_SUCCESS)
		panic("bench_vm: no task");
	if (src == 0) {
		static char data[PAGE_SIZE] = { 1 };
		if (vm_allocate(map, &src, COPY_1M, true) != KERN_SUCCESS)
			panic("bench_vm: no source");
		for (vm_size_t off = 0; off < COPY_1M; off += PAGE_SIZE)
			if (vm_map_write_kernel(map, src + off, data,
						PAGE_SIZE) != KERN_SUCCESS)
				panic("bench_vm: no source page");
	}
	for (uint64_t i = 0; i < iterations; i++) {
		vm_map_copy_t copy;
		vm_offset_t dst;
		if (vm_map_copyin(map, src, COPY_1M, false, &copy) !=
			    KERN_SUCCESS ||
		    vm_map_copyout(dst_task->map, &dst, copy) != KERN_SUCCESS)
			panic("bench_vm: copy failed");
		vm_deallocate(dst_task->map, dst, COPY_1M);
	}
}

/* The copy-on-write fault: a one-page copy mapped into another task and
 * written there (a shadow object pushed, the page copied), then
 * removed; the copyin and copyout are part of each round. */
KBENCH(vm_cow_copy_write_page, 1000)
{
	static task_t dst_task;
	static vm_offset_t src;
	vm_map_t map = bench_task()->map;
	if (dst_task == NULL &&
	    task_create_user("bench-vm-cow", &dst_task) != KERN_SUCCESS)
		panic("bench_vm: no task");
	if (src == 0 &&
	    (vm_allocate(map, &src, PAGE_SIZE, true) != KERN_SUCCESS ||
	     vm_map_write_kernel(map, src, "x", 1) != KERN_SUCCESS))
		panic("bench_vm: no source");
	for (uint64_t i = 0; i < iterations; i++) {
		vm_map_copy_t copy;
		vm_offset_t dst;
		if (vm_map_copyin(map, src, PAGE_SIZE, false, &copy) !=
			    KERN_SUCCESS ||
		    vm_map_copyout(dst_task->map, &dst, copy) != KERN_SUCCESS ||
		    vm_fault(dst_task->map, dst, VM_PROT_WRITE) != KERN_SUCCESS)
			panic("bench_vm: copy-on-write failed");
		vm_deallocate(dst_task->map, dst, PAGE_SIZE);
	}
}

#define FORK_LEN (64u << 20)

/* vm_map_fork of a map holding 64 MiB (inherited copy-on-write; none
 * of it resident, so as not to change the page allocator's state for
 * the benchmarks after this one: the fork's cost depends on the
 * entries, not on the pages, but for the first fork's pmap_protect of
 * what is mapped), then the child map released: task_create with
 * inherited memory, the map's part. */
KBENCH(vm_map_fork_64m, 20)
{
	static task_t parent;
	if (parent == NULL) {
		vm_offset_t a = 0;
		if (task_create_user("bench-fork", &parent) != KERN_SUCCESS ||
		    vm_allocate(parent->map, &a, FORK_LEN, true) !=
			    KERN_SUCCESS)
			panic("bench_vm: no parent");
	}
	for (uint64_t i = 0; i < iterations; i++) {
		vm_map_t child = vm_map_fork(parent->map);
		if (child == VM_MAP_NULL)
			panic("bench_vm: fork failed");
		vm_map_deallocate(child);
	}
}
