/*
 * kern/syscall_emulation.c: a task's system-call emulation vector
 * (kern/syscall_emulation.h).  Each task has its own array (a child's
 * is a copy, not shared), so a change under the task's lock is the
 * whole story: a thread of the task making a system call reads the
 * entry under the same lock.
 */

#include <machine/vm_param.h>

#include "kern/kalloc.h"
#include "kern/string.h"
#include "kern/syscall_emulation.h"

#define ENTRY_SIZE sizeof(vm_offset_t)

static bool
entry_ok(vm_offset_t entry)
{
	return entry == 0 || entry < USER_LIMIT;
}

kern_return_t
eml_set(task_t task, int start, const vm_offset_t *entries, unsigned count)
{
	if (start < 0 || start >= EML_NUMBER_LIMIT ||
	    count > (unsigned)(EML_NUMBER_LIMIT - start))
		return KERN_INVALID_ARGUMENT;
	for (unsigned i = 0; i < count; i++)
		if (!entry_ok(entries[i]))
			return KERN_INVALID_ARGUMENT;
	if (count == 0)
		return KERN_SUCCESS;

	/* The array is grown outside the lock and the range checked again
	 * once it is held: another call may have grown it meanwhile. */
	vm_offset_t *grown = NULL;
	unsigned grown_start = 0, grown_count = 0;
	unsigned end = (unsigned)start + count;
	for (;;) {
		simple_lock(&task->lock);
		if (task->itk_self == NULL) {
			simple_unlock(&task->lock);
			kfree(grown, grown_count * ENTRY_SIZE);
			return KERN_FAILURE; /* it has ended */
		}
		unsigned lo = (unsigned)start, hi = end;
		if (task->eml_vector != NULL) {
			unsigned cur_lo = (unsigned)task->eml_start;
			unsigned cur_hi = cur_lo + task->eml_count;
			lo = cur_lo < lo ? cur_lo : lo;
			hi = cur_hi > hi ? cur_hi : hi;
			if (lo == cur_lo && hi == cur_hi)
				break; /* it covers the range already */
		}
		if (grown != NULL && grown_start == lo &&
		    grown_start + grown_count == hi) {
			if (task->eml_vector != NULL)
				memcpy(grown + (task->eml_start - grown_start),
				       task->eml_vector,
				       task->eml_count * ENTRY_SIZE);
			vm_offset_t *old = task->eml_vector;
			unsigned old_count = task->eml_count;
			task->eml_vector = grown;
			task->eml_start = (int)grown_start;
			task->eml_count = grown_count;
			grown = old;
			grown_count = old_count;
			break;
		}
		simple_unlock(&task->lock);
		kfree(grown, grown_count * ENTRY_SIZE);
		grown_start = lo;
		grown_count = hi - lo;
		grown = kalloc(grown_count * ENTRY_SIZE);
		if (grown == NULL)
			return KERN_RESOURCE_SHORTAGE;
		memset(grown, 0, grown_count * ENTRY_SIZE);
	}
	memcpy(task->eml_vector + (start - task->eml_start), entries,
	       count * ENTRY_SIZE);
	simple_unlock(&task->lock);
	kfree(grown, grown_count * ENTRY_SIZE); /* unused, or the old one */
	return KERN_SUCCESS;
}

kern_return_t
eml_copy(task_t task, int *start, vm_offset_t **entries, unsigned *count)
{
	/* A vector only grows (or goes at the task's end): the buffer is
	 * made again until it has exactly the vector's size. */
	vm_offset_t *buf = NULL;
	unsigned room = 0;
	for (;;) {
		simple_lock(&task->lock);
		if (task->eml_vector == NULL || task->eml_count == room)
			break;
		unsigned need = task->eml_count;
		simple_unlock(&task->lock);
		kfree(buf, room * ENTRY_SIZE);
		buf = kalloc(need * ENTRY_SIZE);
		if (buf == NULL)
			return KERN_RESOURCE_SHORTAGE;
		room = need;
	}
	if (task->eml_vector == NULL) {
		simple_unlock(&task->lock);
		kfree(buf, room * ENTRY_SIZE);
		*start = 0;
		*entries = NULL;
		*count = 0;
		return KERN_SUCCESS;
	}
	*start = task->eml_start;
	memcpy(buf, task->eml_vector, room * ENTRY_SIZE);
	simple_unlock(&task->lock);
	*entries = buf;
	*count = room;
	return KERN_SUCCESS;
}

void
eml_install(task_t task, int start, vm_offset_t *entries, unsigned count)
{
	simple_lock(&task->lock);
	task->eml_vector = entries;
	task->eml_start = entries != NULL ? start : 0;
	task->eml_count = entries != NULL ? count : 0;
	simple_unlock(&task->lock);
}

vm_offset_t
eml_entry(task_t task, long number)
{
	vm_offset_t entry = 0;
	simple_lock(&task->lock);
	if (task->eml_vector != NULL && number >= task->eml_start &&
	    number - task->eml_start < (long)task->eml_count)
		entry = task->eml_vector[number - task->eml_start];
	simple_unlock(&task->lock);
	return entry;
}

void
eml_release(task_t task)
{
	simple_lock(&task->lock);
	vm_offset_t *v = task->eml_vector;
	unsigned n = task->eml_count;
	task->eml_vector = NULL;
	task->eml_start = 0;
	task->eml_count = 0;
	simple_unlock(&task->lock);
	kfree(v, n * ENTRY_SIZE);
}
