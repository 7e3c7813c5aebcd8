/*
 * vm/vm_map_copy.c: copy objects (see vm/vm_map_copy.h), copy-on-write.
 * A copy is a list of entry records (start and end counted from the
 * copy's first page), each holding one reference to the object it
 * snapshots.  Lock order: the source map's lock, then the objects'.
 */

#include <machine/vm_param.h>

#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/memory_object.h"
#include "vm/vm_fault.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_map_internal.h"
#include "vm/vm_pageout.h"

static zone_t vm_map_copy_zone;
static uint64_t copies; /* atomic */

void
vm_map_copy_init(void)
{
	vm_map_copy_zone =
		zone_create("vm map copies", sizeof(struct vm_map_copy), 0, 0);
	if (vm_map_copy_zone == NULL)
		panic("vm_map_copy_init: no zone");
	copies = 0;
}

uint64_t
vm_map_copy_count(void)
{
	return __atomic_load_n(&copies, __ATOMIC_RELAXED);
}

vm_size_t
vm_map_copy_size(vm_map_copy_t copy)
{
	return copy != NULL ? copy->size : 0;
}

/* Free a list of entry records and their object references. */
static void
records_free(struct vm_map_entry *e)
{
	while (e != NULL) {
		struct vm_map_entry *next = e->next;
		if (e->object != NULL)
			vm_object_deallocate(e->object);
		vm_map_entry_free(e);
		e = next;
	}
}

void
vm_map_copy_discard(vm_map_copy_t copy)
{
	if (copy == NULL)
		return;
	records_free(copy->entries);
	zfree(vm_map_copy_zone, copy);
	__atomic_fetch_sub(&copies, 1, __ATOMIC_RELAXED);
}

/*
 * Whether [start, end) of `map' is all allocated, with `prot' allowed:
 * KERN_SUCCESS, else the code to return; the number of entries meeting
 * it into *n.  map->lock held.
 */
static kern_return_t
check_range(vm_map_t map, vm_offset_t start, vm_offset_t end, vm_prot_t prot,
	    unsigned *n)
{
	struct vm_map_entry *e;
	if (start < map->min_offset || end > map->max_offset)
		return KERN_INVALID_ADDRESS;
	if (!vm_map_lookup_entry(map, start, &e))
		return KERN_INVALID_ADDRESS;
	for (*n = 1;; ++*n) {
		if ((e->protection & prot) != prot)
			return KERN_PROTECTION_FAILURE;
		if (e->end >= end)
			return KERN_SUCCESS;
		if (e->next == NULL || e->next->start != e->end)
			return KERN_INVALID_ADDRESS;
		e = e->next;
	}
}

/*
 * Snapshot entry `e' (inside the copied range) into record `rec':
 * copy-on-write (the entry becomes needs_copy, its resident pages
 * read-only, and the record takes a reference to its object), or, for
 * an object that several maps write in place, an eager copy of the
 * pages.  map->lock held.
 */
static kern_return_t
snapshot_entry(vm_map_t map, struct vm_map_entry *e, struct vm_map_entry *rec)
{
	vm_size_t len = e->end - e->start;
	vm_object_t object = e->object;
	simple_lock(&object->lock);
	bool shared = object->shared;
	simple_unlock(&object->lock);
	rec->needs_copy = true;
	if (vm_object_pager_external(object) &&
	    memory_object_copy_later(object)) {
		/* Asked of the pager once the map is unlocked. */
		vm_object_reference(object);
		rec->object = object;
		rec->offset = e->offset;
		return KERN_SUCCESS;
	}
	if (vm_object_pager_external(object)) {
		/* A pager's object is written in place by its mappings: the
		 * copy is one of its copy objects. */
		rec->object = vm_object_copy_delayed(object);
		rec->offset = e->offset;
		return rec->object != NULL ? KERN_SUCCESS
					   : KERN_RESOURCE_SHORTAGE;
	}
	if (shared) {
		rec->offset = 0;
		return vm_object_copy_range(object, e->offset, len,
					    &rec->object);
	}
	vm_object_collapse(object);
	if (!e->needs_copy) {
		e->needs_copy = true;
		if (map->pmap != NULL && (e->protection & VM_PROT_WRITE))
			pmap_protect(map->pmap, e->start, e->end,
				     e->protection & ~VM_PROT_WRITE);
	}
	vm_object_reference(object);
	simple_lock(&object->lock);
	object->aliased = true;
	simple_unlock(&object->lock);
	rec->object = object;
	rec->offset = e->offset;
	return KERN_SUCCESS;
}

void
paged_out_hold(struct paged_out *h, const struct vm_map_entry *e)
{
	vm_object_reference(e->object);
	h->object = e->object;
	h->offset = e->offset;
	h->size = e->end - e->start;
}

/* Paged out again before the retry this many times: a shortage. */
#define PAGED_OUT_TRIES 8

kern_return_t
paged_out_bring_in(struct paged_out *h, unsigned *tries)
{
	kern_return_t kr =
		++*tries > PAGED_OUT_TRIES
			? KERN_RESOURCE_SHORTAGE
			: memory_object_page_in(h->object, h->offset, h->size);
	vm_object_deallocate(h->object);
	h->object = NULL;
	return kr;
}

kern_return_t
vm_map_copyin(vm_map_t src, vm_offset_t addr, vm_size_t len,
	      boolean_t src_destroy, vm_map_copy_t *out)
{
	struct vm_map_reserve r = { { NULL, NULL }, 0 };
	struct vm_map_entry *recs = NULL, **tail = &recs;
	unsigned n;
	if (src == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (len == 0) {
		*out = VM_MAP_COPY_NULL;
		return KERN_SUCCESS;
	}
	if (addr + len < addr || round_page(addr + len) < addr + len)
		return KERN_INVALID_ADDRESS;
	vm_offset_t start = trunc_page(addr), end = round_page(addr + len);

	vm_map_copy_t copy = zalloc(vm_map_copy_zone);
	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	struct paged_out held = { NULL, 0, 0 };
	unsigned tries = 0;
again:
	vm_map_lock(src);
	kern_return_t kr = check_range(src, start, end, VM_PROT_READ, &n);
	if (kr != KERN_SUCCESS)
		goto fail;
	/* Every record and split first: the marking below cannot fail
	 * but for an eager copy, and a failure there leaves only clipped
	 * entries and needs_copy marks, which change no contents. */
	kr = KERN_RESOURCE_SHORTAGE;
	if (!vm_map_reserve_fill(&r, 2))
		goto fail;
	for (unsigned i = 0; i < n; i++) {
		struct vm_map_entry *rec = vm_map_entry_alloc();
		if (rec == NULL)
			goto fail;
		memset(rec, 0, sizeof *rec);
		*tail = rec;
		tail = &rec->next;
	}
	struct vm_map_entry *e = vm_map_range_first(src, start, end, &r);
	struct vm_map_entry *rec = recs;
	for (; e != NULL && e->start < end; e = e->next, rec = rec->next) {
		vm_map_clip_end(src, e, end, &r);
		rec->start = e->start - start;
		rec->end = e->end - start;
		kr = snapshot_entry(src, e, rec);
		if (kr == VM_FAULT_RETRY)
			paged_out_hold(&held, e);
		if (kr != KERN_SUCCESS)
			goto fail;
	}
	if (src_destroy) {
		e = vm_map_range_first(src, start, end, &r);
		vm_map_delete_entries(src, e, end, &r);
	}
	vm_map_unlock(src);
	vm_map_reserve_release(&r);
	memory_object_copy_pending(recs); /* COPY_CALL's */
	copy->entries = recs;
	copy->offset = addr;
	copy->size = len;
	__atomic_fetch_add(&copies, 1, __ATOMIC_RELAXED);
	*out = copy;
	return KERN_SUCCESS;
fail:
	vm_map_unlock(src);
	vm_map_reserve_release(&r);
	records_free(recs);
	if (kr == VM_FAULT_RETRY) {
		/* Shared memory the default pager holds some of: in, and
		 * again (it may be paged out again meanwhile: a few times). */
		kr = paged_out_bring_in(&held, &tries);
		if (kr == KERN_SUCCESS) {
			recs = NULL;
			tail = &recs;
			goto again;
		}
	}
	zfree(vm_map_copy_zone, copy);
	return kr;
}

kern_return_t
vm_map_copy_from_object(vm_object_t object, vm_size_t len, vm_map_copy_t *out)
{
	vm_map_copy_t copy = zalloc(vm_map_copy_zone);
	struct vm_map_entry *rec = copy != NULL ? vm_map_entry_alloc() : NULL;
	if (rec == NULL) {
		if (copy != NULL)
			zfree(vm_map_copy_zone, copy);
		return KERN_RESOURCE_SHORTAGE;
	}
	memset(rec, 0, sizeof *rec);
	rec->end = round_page(len);
	rec->object = object;
	rec->needs_copy = true;
	copy->entries = rec;
	copy->offset = 0;
	copy->size = len;
	__atomic_fetch_add(&copies, 1, __ATOMIC_RELAXED);
	*out = copy;
	return KERN_SUCCESS;
}

void
vm_map_copy_truncate(vm_map_copy_t copy, vm_size_t len)
{
	if (len > copy->size)
		panic("vm_map_copy_truncate: %#lx is longer than the copy",
		      (unsigned long)len);
	copy->size = len;
	copy->entries->end = round_page(len);
}

kern_return_t
vm_map_copy_from_kernel(const void *data, vm_size_t len, vm_map_copy_t *out)
{
	*out = VM_MAP_COPY_NULL;
	if (len == 0)
		return KERN_SUCCESS;
	vm_size_t size = round_page(len);
	if (size < len)
		return KERN_RESOURCE_SHORTAGE;
	vm_object_t object = vm_object_allocate(size);
	if (object == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (vm_offset_t off = 0; off < len; off += PAGE_SIZE) {
		struct vm_page *page;
		if (vm_object_page_get(object, off, &page) != KERN_SUCCESS)
			goto fail;
		memcpy(phys_to_virt(vm_page_to_phys(page)),
		       (const char *)data + off,
		       len - off < PAGE_SIZE ? len - off : PAGE_SIZE);
	}
	if (vm_map_copy_from_object(object, len, out) == KERN_SUCCESS)
		return KERN_SUCCESS;
fail:
	vm_object_deallocate(object);
	return KERN_RESOURCE_SHORTAGE;
}

/*
 * Link `copy''s entries into `dst' after `prev' (NULL: first), from the
 * page-aligned address `at', with the attributes given, each
 * copy-on-write if its object has another holder; merged with their
 * neighbours where alike.  The entries are the map's now (the copy
 * record is left empty).  dst->lock held.
 */
static void
copy_entries_link(vm_map_t dst, struct vm_map_entry *prev, vm_map_copy_t copy,
		  vm_offset_t at, vm_prot_t prot, vm_prot_t max,
		  vm_inherit_t inherit)
{
	for (struct vm_map_entry *e = copy->entries, *next; e != NULL;
	     e = next) {
		next = e->next;
		e->start += at;
		e->end += at;
		e->protection = prot;
		e->max_protection = max;
		e->inheritance = inherit;
		e->wired_count = 0;
		e->wired_access = VM_PROT_NONE;
		/* The copy's own object, if nobody else holds it. */
		simple_lock(&e->object->lock);
		e->needs_copy = e->object->ref_count > 1;
		simple_unlock(&e->object->lock);
		vm_map_entry_link(dst, prev, e);
		dst->size += e->end - e->start;
		if (dst->wiring_required) /* VM_WIRE_FUTURE */
			vm_map_entry_wire_update(dst, e);
		prev = vm_map_merge_prev(dst, e);
	}
	copy->entries = NULL;
	if (prev != NULL)
		vm_map_try_merge(dst, prev);
}

/* Free the record of a copy whose entries are gone (linked). */
static void
copy_free_record(vm_map_copy_t copy)
{
	zfree(vm_map_copy_zone, copy);
	__atomic_fetch_sub(&copies, 1, __ATOMIC_RELAXED);
}

kern_return_t
vm_map_copyout(vm_map_t dst, vm_offset_t *addr, vm_map_copy_t copy)
{
	if (dst == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (copy == NULL) {
		*addr = 0;
		return KERN_SUCCESS;
	}
	vm_offset_t in_page = copy->offset & PAGE_MASK;
	vm_size_t size = round_page(in_page + copy->size);
	vm_offset_t at;
	struct vm_map_entry *prev;
	vm_map_lock(dst);
	if (!vm_map_find_space(dst, size, &at)) {
		vm_map_unlock(dst);
		return KERN_NO_SPACE;
	}
	vm_map_lookup_entry(dst, at, &prev);
	copy_entries_link(dst, prev, copy, at, VM_PROT_DEFAULT, VM_PROT_ALL,
			  VM_INHERIT_DEFAULT);
	vm_map_unlock(dst);
	*addr = at + in_page;
	copy_free_record(copy);
	return KERN_SUCCESS;
}

/* The page of the copy's contents at `off' (page-aligned, from the
 * copy's first page), asked of its pager if need be: the page into
 * *page (NULL for zeros) and KERN_SUCCESS, or VM_FAULT_RETRY with *wait (a pager's page
 * to wait for: memory_object_fault_wait), KERN_MEMORY_ERROR,
 * KERN_RESOURCE_SHORTAGE. */
static kern_return_t
copy_page_resolve(vm_map_copy_t copy, vm_offset_t off, struct vm_page **page,
		  struct vm_chain_result *wait)
{
	*page = NULL;
	for (struct vm_map_entry *e = copy->entries; e != NULL; e = e->next) {
		if (off < e->start || off >= e->end)
			continue;
		struct vm_chain_result r;
		vm_object_chain_resolve(e->object, e->offset + (off - e->start),
					VM_PROT_READ, &r);
		switch (r.kind) {
		case VM_CHAIN_PAGE:
			*page = r.page;
			return KERN_SUCCESS;
		case VM_CHAIN_ZERO:
			return KERN_SUCCESS;
		case VM_CHAIN_ERROR:
			return KERN_MEMORY_ERROR;
		case VM_CHAIN_SHORTAGE:
			return KERN_RESOURCE_SHORTAGE;
		default:
			*wait = r;
			return VM_FAULT_RETRY;
		}
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_read(vm_map_copy_t copy, void *buf, vm_size_t len)
{
	return vm_map_copy_read_at(copy, 0, buf, len);
}

kern_return_t
vm_map_copy_read_at(vm_map_copy_t copy, vm_offset_t from, void *buf,
		    vm_size_t len)
{
	if (copy == NULL || from >= copy->size)
		return KERN_SUCCESS;
	if (len > copy->size - from)
		len = copy->size - from;
	vm_offset_t in_page = (copy->offset & PAGE_MASK) + from;
	for (vm_size_t done = 0; done < len;) {
		vm_offset_t soff = in_page + done;
		vm_size_t n = PAGE_SIZE - (soff & PAGE_MASK);
		if (n > len - done)
			n = len - done;
		struct vm_page *sp;
		struct vm_chain_result wait;
		kern_return_t kr =
			copy_page_resolve(copy, trunc_page(soff), &sp, &wait);
		if (kr == VM_FAULT_RETRY ||
		    (kr == KERN_RESOURCE_SHORTAGE && vm_page_short())) {
			/* Its pager's page, or a free page for it: wait,
			 * then look again. */
			kr = kr == VM_FAULT_RETRY ? memory_object_fault_wait(
							    &wait, VM_PROT_READ)
						  : vm_page_wait(true);
			if (kr != KERN_SUCCESS)
				return kr;
			continue;
		}
		if (kr != KERN_SUCCESS)
			return kr;
		if (sp != NULL)
			memcpy((char *)buf + done,
			       (char *)phys_to_virt(vm_page_to_phys(sp)) +
				       (soff & PAGE_MASK),
			       n);
		else
			memset((char *)buf + done, 0, n);
		done += n;
	}
	return KERN_SUCCESS;
}

/*
 * Whether the `n' entries from `first' (check_range's, contiguous) may be
 * replaced by a copy's: none wired, none onto an external pager's
 * object or one written in place by several maps (their other holders
 * would not see the new pages), and all alike but for their objects
 * (the protection, maximum and inheritance of `first', which the new
 * entries take).  map->lock held.
 */
static bool
overwritable(const struct vm_map_entry *first, unsigned n)
{
	for (const struct vm_map_entry *e = first; n > 0; n--, e = e->next) {
		if (e->wired_count != 0 || e->wired_access != VM_PROT_NONE ||
		    e->protection != first->protection ||
		    e->max_protection != first->max_protection ||
		    e->inheritance != first->inheritance)
			return false;
		simple_lock(&e->object->lock);
		bool alone = !vm_object_pager_external(e->object) &&
			     !e->object->shared;
		simple_unlock(&e->object->lock);
		if (!alone)
			return false;
	}
	return true;
}

/*
 * vm_map_copy_overwrite by reference, GNU Mach's aligned overwrite:
 * whole pages (the copy's data page-aligned, a page multiple) into
 * entries of `dst' that write their own objects and are alike
 * (overwritable; no VM_WIRE_FUTURE) replace that range's pages: the
 * copy's entries go in with the destination's attributes,
 * copy-on-write, and nothing is copied.  True if it
 * decided, with the result in *kr (KERN_SUCCESS: the copy consumed;
 * else check_range's code); false, nothing done, if the range does not
 * qualify (the bytes are copied then).  No lock held.
 */
static bool
overwrite_virtual(vm_map_t dst, vm_offset_t addr, vm_map_copy_t copy,
		  kern_return_t *kr)
{
	struct vm_map_reserve r;
	if (!vm_map_reserve_fill(&r, 2)) {
		vm_map_reserve_release(&r);
		return false;
	}
	vm_offset_t end = addr + copy->size;
	unsigned n;
	struct vm_map_entry *e;
	vm_map_lock(dst);
	*kr = check_range(dst, addr, end, VM_PROT_WRITE, &n);
	bool fits = *kr == KERN_SUCCESS && !dst->wiring_required &&
		    vm_map_lookup_entry(dst, addr, &e) && overwritable(e, n);
	if (fits) {
		vm_prot_t prot = e->protection, max = e->max_protection;
		vm_inherit_t inherit = e->inheritance;
		struct vm_map_entry *first =
			vm_map_range_first(dst, addr, end, &r);
		struct vm_map_entry *prev = first->prev;
		vm_map_delete_entries(dst, first, end, &r);
		copy_entries_link(dst, prev, copy, addr, prot, max, inherit);
	}
	vm_map_unlock(dst);
	vm_map_reserve_release(&r);
	if (fits)
		copy_free_record(copy);
	return fits || *kr != KERN_SUCCESS;
}

kern_return_t
vm_map_copy_overwrite(vm_map_t dst, vm_offset_t addr, vm_map_copy_t copy)
{
	unsigned n;
	if (dst == VM_MAP_NULL || (addr & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	if (copy == NULL)
		return KERN_SUCCESS;
	vm_offset_t in_page = copy->offset & PAGE_MASK;
	if (addr + copy->size < addr ||
	    round_page(addr + copy->size) < addr + copy->size)
		return KERN_INVALID_ADDRESS;
	vm_offset_t end = round_page(addr + copy->size);
	vm_size_t done = 0;
	struct vm_chain_result wait;
	kern_return_t kr;
	if (in_page == 0 && (copy->size & PAGE_MASK) == 0 &&
	    overwrite_virtual(dst, addr, copy, &kr))
		return kr;
again:
	vm_map_lock(dst);
	kr = check_range(dst, addr, end, VM_PROT_WRITE, &n);
	if (kr != KERN_SUCCESS) {
		vm_map_unlock(dst);
		return kr;
	}
	/* Byte by page: the copy's data starts at in_page in its pages. */
	while (done < copy->size) {
		vm_offset_t soff = in_page + done;
		vm_size_t len = PAGE_SIZE - (soff & PAGE_MASK);
		vm_offset_t d = addr + done;
		if (len > PAGE_SIZE - (d & PAGE_MASK))
			len = PAGE_SIZE - (d & PAGE_MASK);
		if (len > copy->size - done)
			len = copy->size - done;
		struct vm_map_entry *e;
		struct vm_page *dp, *sp = NULL;
		vm_prot_t prot, access = VM_PROT_WRITE;
		vm_map_lookup_entry(dst, d, &e);
		kr = vm_fault_page_locked(dst, e, d, VM_PROT_WRITE, &dp, &prot,
					  &wait);
		if (kr == KERN_SUCCESS) {
			/* The source's page may be its pager's to give. */
			kr = copy_page_resolve(copy, trunc_page(soff), &sp,
					       &wait);
			access = VM_PROT_READ;
		}
		if (kr == VM_FAULT_RETRY) {
			/* What is written stays; the range is checked again. */
			vm_map_unlock(dst);
			kr = memory_object_fault_wait(&wait, access);
			if (kr != KERN_SUCCESS)
				return kr;
			goto again;
		}
		if (kr != KERN_SUCCESS) {
			vm_map_unlock(dst);
			return kr;
		}
		char *to = (char *)phys_to_virt(vm_page_to_phys(dp)) +
			   (d & PAGE_MASK);
		if (sp != NULL)
			memcpy(to,
			       (char *)phys_to_virt(vm_page_to_phys(sp)) +
				       (soff & PAGE_MASK),
			       len);
		else
			memset(to, 0, len);
		vm_object_page_dirty(e->object, dp);
		done += len;
	}
	vm_map_unlock(dst);
	vm_map_copy_discard(copy);
	return KERN_SUCCESS;
}
