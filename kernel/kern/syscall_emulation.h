/*
 * kern/syscall_emulation.h: a task's system-call emulation vector.
 *
 * Mach traps have negative numbers (include/mach/syscall_sw.h); every
 * other `syscall' belongs to the task's personality.  A task may name,
 * for the numbers [start, start + count), the user addresses of its
 * emulation's entries (mach.defs' task_set_emulation_vector and
 * task_set_emulation); a system call with such a number then returns to
 * user mode at that entry instead of being the task's exception
 * (arch/x86_64/syscall.c; docs/emulation.md gives the registers).  A
 * task made by task_create starts with a copy of its parent's vector.
 *
 * Lock: the vector is guarded by its task's lock (kern/task.h); every
 * function here takes it itself.  The arrays come from kalloc.
 */
#ifndef KERN_SYSCALL_EMULATION_H
#define KERN_SYSCALL_EMULATION_H

#include <mach/kern_return.h>
#include <mach/machine_types.h>

#include "kern/task.h"

/* Numbers a vector may cover: [0, EML_NUMBER_LIMIT).  Linux x86_64's
 * system calls are below 512. */
#define EML_NUMBER_LIMIT 1024

/*
 * Set the entries of `task''s vector for [start, start + count) to
 * `entries' (a kernel copy).  The vector grows to cover both its old
 * range and the new one; entries outside the new range are kept, as in
 * Mach.  An entry is 0 (no emulation for that number) or a user
 * address.  KERN_INVALID_ARGUMENT for start < 0, a range reaching past
 * EML_NUMBER_LIMIT or an entry outside the user half (nothing changed);
 * KERN_FAILURE for a task that has ended; KERN_RESOURCE_SHORTAGE.
 * count 0 changes nothing.
 */
kern_return_t eml_set(task_t task, int start, const vm_offset_t *entries,
		      unsigned count);

/*
 * A kalloc'd copy of `task''s vector into *entries (size *count *
 * sizeof(vm_offset_t), for kfree), its first number into *start; a task
 * with none gives NULL, 0, 0.  KERN_RESOURCE_SHORTAGE.
 */
kern_return_t eml_copy(task_t task, int *start, vm_offset_t **entries,
		       unsigned *count);

/*
 * Give `task' (new, no thread yet) the vector `entries' that eml_copy
 * made (consumed; NULL for none).
 */
void eml_install(task_t task, int start, vm_offset_t *entries, unsigned count);

/* The entry for system call `number' of `task', 0 if none. */
vm_offset_t eml_entry(task_t task, long number);

/* Free `task''s vector (its end: it has no thread left). */
void eml_release(task_t task);

#endif
