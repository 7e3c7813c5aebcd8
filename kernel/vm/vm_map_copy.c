/*
 * vm/vm_map_copy.c: copy objects (see vm/vm_map_copy.h), by page
 * copies today.  Lock order: the source map's lock, then the objects'
 * (the source's, then the copy's).
 */

#include <machine/vm_param.h>

#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map_copy.h"

#define trunc_page(x) ((vm_offset_t)(x) & ~(vm_offset_t)PAGE_MASK)
#define round_page(x) (((vm_offset_t)(x) + PAGE_MASK) & ~(vm_offset_t)PAGE_MASK)

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

void
vm_map_copy_discard(vm_map_copy_t copy)
{
	if (copy == NULL)
		return;
	vm_object_deallocate(copy->object);
	zfree(vm_map_copy_zone, copy);
	__atomic_fetch_sub(&copies, 1, __ATOMIC_RELAXED);
}

/*
 * Whether [start, end) of `map' is all allocated, with `prot' allowed:
 * KERN_SUCCESS, else the code to return.  map->lock held.
 */
static kern_return_t
check_range(vm_map_t map, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	struct vm_map_entry *e;
	if (start < map->min_offset || end > map->max_offset)
		return KERN_INVALID_ADDRESS;
	if (!vm_map_lookup_entry(map, start, &e))
		return KERN_INVALID_ADDRESS;
	for (;;) {
		if ((e->protection & prot) != prot)
			return KERN_PROTECTION_FAILURE;
		if (e->end >= end)
			return KERN_SUCCESS;
		if (e->next == NULL || e->next->start != e->end)
			return KERN_INVALID_ADDRESS;
		e = e->next;
	}
}

/* Copy the resident pages of [start, end) of `map' into `dst' from
 * offset 0.  map->lock held, the range checked. */
static kern_return_t
copy_pages(vm_map_t map, vm_offset_t start, vm_offset_t end, vm_object_t dst)
{
	struct vm_map_entry *e;
	vm_map_lookup_entry(map, start, &e);
	for (; e != NULL && e->start < end; e = e->next) {
		vm_offset_t lo = e->start > start ? e->start : start;
		vm_offset_t hi = e->end < end ? e->end : end;
		vm_offset_t from = e->offset + (lo - e->start);
		vm_offset_t to = lo - start;
		vm_size_t len = hi - lo;
		vm_object_t src = e->object;
		/* Whichever is shorter: the range's pages or the object's. */
		simple_lock(&src->lock);
		bool walk = (len >> PAGE_SHIFT) > src->resident_count;
		simple_unlock(&src->lock);
		for (vm_offset_t off = 0; off < len; off += PAGE_SIZE) {
			struct vm_page *sp, *dp;
			if (walk) {
				/* Sparse: skip to the next resident page. */
				simple_lock(&src->lock);
				vm_offset_t next = (vm_offset_t)-1;
				for (struct vm_page *p = src->pages; p != NULL;
				     p = p->next)
					if (p->offset >= from + off &&
					    p->offset < from + len &&
					    p->offset < next)
						next = p->offset;
				simple_unlock(&src->lock);
				if (next == (vm_offset_t)-1)
					break;
				off = next - from;
			}
			sp = vm_object_page_lookup(src, from + off);
			if (sp == NULL)
				continue;
			kern_return_t kr =
				vm_object_page_get(dst, to + off, &dp);
			if (kr != KERN_SUCCESS)
				return kr;
			memcpy(phys_to_virt(vm_page_to_phys(dp)),
			       phys_to_virt(vm_page_to_phys(sp)), PAGE_SIZE);
		}
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copyin(vm_map_t src, vm_offset_t addr, vm_size_t len,
	      boolean_t src_destroy, vm_map_copy_t *out)
{
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
	vm_map_lock(src);
	kern_return_t kr = check_range(src, start, end, VM_PROT_READ);
	if (kr != KERN_SUCCESS)
		goto fail;
	/* The object is lazy: a huge range costs only its resident pages. */
	copy->object = vm_object_allocate(end - start);
	if (copy->object == NULL) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto fail;
	}
	kr = copy_pages(src, start, end, copy->object);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(copy->object);
		goto fail;
	}
	vm_map_unlock(src);
	copy->offset = addr;
	copy->size = len;
	__atomic_fetch_add(&copies, 1, __ATOMIC_RELAXED);
	if (src_destroy)
		(void)vm_deallocate(src, start, end - start);
	*out = copy;
	return KERN_SUCCESS;
fail:
	vm_map_unlock(src);
	zfree(vm_map_copy_zone, copy);
	return kr;
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
	vm_offset_t at = 0;
	kern_return_t kr =
		vm_map_enter(dst, &at, size, true, copy->object, 0,
			     VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
	if (kr != KERN_SUCCESS)
		return kr;
	*addr = at + in_page;
	/* The entry has the object's reference now. */
	zfree(vm_map_copy_zone, copy);
	__atomic_fetch_sub(&copies, 1, __ATOMIC_RELAXED);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_overwrite(vm_map_t dst, vm_offset_t addr, vm_map_copy_t copy)
{
	if (dst == VM_MAP_NULL || (addr & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	if (copy == NULL)
		return KERN_SUCCESS;
	vm_offset_t in_page = copy->offset & PAGE_MASK;
	if (addr + copy->size < addr ||
	    round_page(addr + copy->size) < addr + copy->size)
		return KERN_INVALID_ADDRESS;
	vm_offset_t end = round_page(addr + copy->size);
	vm_map_lock(dst);
	kern_return_t kr = check_range(dst, addr, end, VM_PROT_WRITE);
	if (kr != KERN_SUCCESS) {
		vm_map_unlock(dst);
		return kr;
	}
	/* Byte by page: the copy's data starts at in_page in its object. */
	for (vm_size_t done = 0; done < copy->size;) {
		vm_offset_t soff = in_page + done;
		vm_size_t n = PAGE_SIZE - (soff & PAGE_MASK);
		vm_offset_t d = addr + done;
		if (n > PAGE_SIZE - (d & PAGE_MASK))
			n = PAGE_SIZE - (d & PAGE_MASK);
		if (n > copy->size - done)
			n = copy->size - done;
		struct vm_map_entry *e;
		struct vm_page *dp;
		vm_map_lookup_entry(dst, d, &e);
		kr = vm_object_page_get(
			e->object, e->offset + (trunc_page(d) - e->start), &dp);
		if (kr != KERN_SUCCESS) {
			vm_map_unlock(dst);
			return kr;
		}
		struct vm_page *sp =
			vm_object_page_lookup(copy->object, trunc_page(soff));
		char *to = (char *)phys_to_virt(vm_page_to_phys(dp)) +
			   (d & PAGE_MASK);
		if (sp != NULL)
			memcpy(to,
			       (char *)phys_to_virt(vm_page_to_phys(sp)) +
				       (soff & PAGE_MASK),
			       n);
		else
			memset(to, 0, n);
		done += n;
	}
	vm_map_unlock(dst);
	vm_map_copy_discard(copy);
	return KERN_SUCCESS;
}
