/*
 * kern/kstack.h: kernel stacks.
 *
 * Each stack is KERNEL_STACK_SIZE bytes of wired pages mapped in the
 * kernel virtual area, with an unmapped guard page below it: a thread
 * that overflows its stack faults at once (a double fault, reported as a
 * stack overflow) instead of overwriting whatever lies below.  A few
 * freed stacks are kept mapped for reuse, so blocking with a
 * continuation and resuming does not map and unmap pages each time.
 *
 * Lock: kstack_lock guards the cache and the slot bitmap.  It may be
 * taken with sched_lock held (stacks are handed out and freed by the
 * scheduler); it is released before pmap and vm_page are called.
 */
#ifndef KERN_KSTACK_H
#define KERN_KSTACK_H

#include <stdbool.h>
#include <stdint.h>

#include <machine/thread.h>
#include <machine/vm_param.h>

#define KERNEL_STACK_SIZE (PAGE_SIZE << KERNEL_STACK_ORDER)

/* Where stacks are mapped: the first GiB of the kernel virtual area. */
#define KSTACK_AREA_START KERNEL_VM_START
#define KSTACK_AREA_SIZE  ((uintptr_t)1 << 30)

/* The lowest address of a new stack, or 0 if memory is exhausted. */
uintptr_t stack_alloc(void);

/* Give back a stack stack_alloc returned. */
void stack_free(uintptr_t stack);

/* Stacks handed out by stack_alloc and not freed yet. */
unsigned stack_held_count(void);

/* Freed stacks kept mapped for reuse. */
unsigned stack_cache_count(void);

/*
 * Free every cached stack: its pages, and the pv entries that mapping
 * them took, go back (for tests that count free memory).
 */
void stack_cache_drain(void);

/*
 * Whether `addr' lies in the guard page of some kernel stack, the boot
 * stack's (below arch_boot_stack_base) included.
 */
bool stack_guard_hit(uintptr_t addr);

#endif
