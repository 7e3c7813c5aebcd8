/*
 * vm/vm_map_fork.c: a child task's map from its parent's, by each
 * entry's inheritance (task_create with inherit_memory).  Lock order:
 * the parent map's lock, then objects'; the child map is not visible to
 * anyone until returned, so its lock is not taken while it is built.
 */

#include <machine/vm_param.h>

#include "vm/memory_object.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_map_internal.h"

/* Fill child entry `c' from parent entry `e' by e's inheritance (SHARE
 * or COPY).  parent->lock held. */
static kern_return_t
inherit_entry(vm_map_t parent, struct vm_map_entry *e, struct vm_map_entry *c)
{
	vm_size_t len = e->end - e->start;
	if (e->inheritance == VM_INHERIT_SHARE && e->needs_copy) {
		/* The maps sharing it must all write one object. */
		kern_return_t kr = vm_map_entry_own_object(e, false);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	vm_object_t object = e->object;
	simple_lock(&object->lock);
	bool shared = object->shared;
	simple_unlock(&object->lock);
	*c = *e;
	c->prev = c->next = c->tree_left = c->tree_right = NULL;
	c->wired_count = 0;
	c->wired_access = VM_PROT_NONE;
	if (e->inheritance == VM_INHERIT_SHARE) {
		vm_object_reference(object);
		simple_lock(&object->lock);
		object->shared = object->aliased = true;
		simple_unlock(&object->lock);
		return KERN_SUCCESS;
	}
	if (vm_object_pager_external(object) &&
	    memory_object_copy_later(object)) {
		/* Asked of the pager once the parent is unlocked. */
		vm_object_reference(object);
		c->needs_copy = true;
		return KERN_SUCCESS;
	}
	if (vm_object_pager_external(object)) {
		/* Written in place by its mappings: a copy object. */
		c->object = vm_object_copy_delayed(object);
		c->needs_copy = true;
		return c->object != NULL ? KERN_SUCCESS
					 : KERN_RESOURCE_SHORTAGE;
	}
	if (shared) {
		/* Its other writers would not see a needs-copy mark. */
		c->offset = 0;
		c->needs_copy = false;
		return vm_object_copy_range(object, e->offset, len, &c->object);
	}
	vm_object_collapse(object);
	if (!e->needs_copy) {
		e->needs_copy = true;
		if (parent->pmap != NULL && (e->protection & VM_PROT_WRITE))
			pmap_protect(parent->pmap, e->start, e->end,
				     e->protection & ~VM_PROT_WRITE);
	}
	vm_object_reference(object);
	simple_lock(&object->lock);
	object->aliased = true;
	simple_unlock(&object->lock);
	c->needs_copy = true;
	return KERN_SUCCESS;
}

vm_map_t
vm_map_fork(vm_map_t parent)
{
	if (parent == VM_MAP_NULL)
		return VM_MAP_NULL;
	struct paged_out held = { NULL, 0, 0 };
	unsigned tries = 0;
again:;
	pmap_t pmap = pmap_create();
	if (pmap == NULL)
		return VM_MAP_NULL;
	vm_map_t child =
		vm_map_create(pmap, parent->min_offset, parent->max_offset);
	if (child == VM_MAP_NULL) {
		pmap_destroy(pmap);
		return VM_MAP_NULL;
	}
	kern_return_t kr = KERN_SUCCESS;
	vm_map_lock(parent);
	for (struct vm_map_entry *e = parent->first; e != NULL; e = e->next) {
		if (e->inheritance == VM_INHERIT_NONE)
			continue;
		struct vm_map_entry *c = vm_map_entry_alloc();
		if (c == NULL)
			goto fail;
		kr = inherit_entry(parent, e, c);
		if (kr != KERN_SUCCESS) {
			if (kr == VM_FAULT_RETRY)
				paged_out_hold(&held, e);
			vm_map_entry_free(c);
			goto fail;
		}
		vm_map_entry_link(child, child->last, c);
		child->size += c->end - c->start;
		vm_map_merge_prev(child, c);
	}
	vm_map_unlock(parent);
	memory_object_copy_pending(child->first); /* COPY_CALL's */
	return child;
fail:
	/* What was shared or marked stays so: no contents changed. */
	vm_map_unlock(parent);
	vm_map_deallocate(child);
	/* Shared memory the default pager holds some of: in, and again. */
	if (kr == VM_FAULT_RETRY &&
	    paged_out_bring_in(&held, &tries) == KERN_SUCCESS)
		goto again;
	return VM_MAP_NULL;
}
