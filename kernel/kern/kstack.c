/*
 * kern/kstack.c: kernel stacks in the kernel virtual area, with guard
 * pages.
 *
 * The area is divided into slots of one guard page and then the stack:
 *
 *	slot i:  [guard page][stack: KERNEL_STACK_SIZE] at
 *	         KSTACK_AREA_START + i * KSTACK_SLOT_SIZE
 *
 * A bitmap records the slots in use.  Pages are allocated one by one
 * from vm_page, so a stack needs no contiguous physical memory.
 */

#include <stddef.h>

#include <mach/vm_prot.h>

#include "kern/kstack.h"
#include "kern/lock.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

#define KSTACK_SLOT_SIZE (KERNEL_STACK_SIZE + PAGE_SIZE)
#define KSTACK_SLOTS     (KSTACK_AREA_SIZE / KSTACK_SLOT_SIZE)
#define STACK_PAGES      (KERNEL_STACK_SIZE / PAGE_SIZE)
#define STACK_CACHE_MAX  8

static simple_lock_t kstack_lock = SIMPLE_LOCK_INITIALIZER;
static uint64_t slot_used[(KSTACK_SLOTS + 63) / 64];
static unsigned slot_hint; /* no free slot below this one */
static uintptr_t stack_cache[STACK_CACHE_MAX];
static unsigned stack_cached;
static unsigned stacks_held; /* handed out and not freed */

static inline uintptr_t
slot_stack(unsigned slot)
{
	return KSTACK_AREA_START + (uintptr_t)slot * KSTACK_SLOT_SIZE +
	       PAGE_SIZE;
}

/* Take a free slot; returns KSTACK_SLOTS if none.  kstack_lock held. */
static unsigned
slot_take(void)
{
	for (unsigned w = slot_hint / 64; w < (KSTACK_SLOTS + 63) / 64; w++) {
		if (slot_used[w] == UINT64_MAX)
			continue;
		unsigned slot = w * 64 + __builtin_ctzll(~slot_used[w]);
		if (slot >= KSTACK_SLOTS)
			break;
		slot_used[w] |= 1ull << (slot % 64);
		slot_hint = slot + 1;
		return slot;
	}
	return KSTACK_SLOTS;
}

static void
slot_release(unsigned slot)
{
	simple_lock(&kstack_lock);
	slot_used[slot / 64] &= ~(1ull << (slot % 64));
	if (slot < slot_hint)
		slot_hint = slot;
	simple_unlock(&kstack_lock);
}

/* Unmap and free the pages of the stack at `base' (the first `n'). */
static void
unmap_stack(uintptr_t base, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t pa;
		uintptr_t va = base + (uintptr_t)i * PAGE_SIZE;
		if (pmap_extract(kernel_pmap, va, &pa)) {
			pmap_remove(kernel_pmap, va, va + PAGE_SIZE);
			vm_page_free(vm_page_lookup(pa));
		}
	}
}

uintptr_t
stack_alloc(void)
{
	simple_lock(&kstack_lock);
	if (stack_cached > 0) {
		uintptr_t s = stack_cache[--stack_cached];
		stacks_held++;
		simple_unlock(&kstack_lock);
		return s;
	}
	unsigned slot = slot_take();
	if (slot != KSTACK_SLOTS)
		stacks_held++;
	simple_unlock(&kstack_lock);
	if (slot == KSTACK_SLOTS)
		return 0;

	uintptr_t base = slot_stack(slot);
	for (unsigned i = 0; i < STACK_PAGES; i++) {
		struct vm_page *p = vm_page_alloc();
		if (p == NULL ||
		    pmap_enter(kernel_pmap, base + (uintptr_t)i * PAGE_SIZE,
			       vm_page_to_phys(p), VM_PROT_READ | VM_PROT_WRITE,
			       true) != KERN_SUCCESS) {
			if (p != NULL)
				vm_page_free(p);
			unmap_stack(base, i);
			slot_release(slot);
			simple_lock(&kstack_lock);
			stacks_held--;
			simple_unlock(&kstack_lock);
			return 0;
		}
	}
	return base;
}

/* Give the stack's pages and slot back. */
static void
stack_release(uintptr_t stack)
{
	unmap_stack(stack, STACK_PAGES);
	slot_release((unsigned)((stack - PAGE_SIZE - KSTACK_AREA_START) /
				KSTACK_SLOT_SIZE));
}

void
stack_free(uintptr_t stack)
{
	simple_lock(&kstack_lock);
	stacks_held--;
	if (stack_cached < STACK_CACHE_MAX) {
		stack_cache[stack_cached++] = stack;
		simple_unlock(&kstack_lock);
		return;
	}
	simple_unlock(&kstack_lock);
	stack_release(stack);
}

void
stack_cache_drain(void)
{
	for (;;) {
		simple_lock(&kstack_lock);
		if (stack_cached == 0) {
			simple_unlock(&kstack_lock);
			return;
		}
		uintptr_t s = stack_cache[--stack_cached];
		simple_unlock(&kstack_lock);
		stack_release(s);
	}
}

unsigned
stack_held_count(void)
{
	simple_lock(&kstack_lock);
	unsigned n = stacks_held;
	simple_unlock(&kstack_lock);
	return n;
}

unsigned
stack_cache_count(void)
{
	simple_lock(&kstack_lock);
	unsigned n = stack_cached;
	simple_unlock(&kstack_lock);
	return n;
}

bool
stack_guard_hit(uintptr_t addr)
{
	uintptr_t boot_stack = arch_boot_stack_base();
	if (addr < boot_stack && boot_stack - addr <= PAGE_SIZE)
		return true; /* the boot stack's, see arch_boot_stack_base */
	if (addr < KSTACK_AREA_START ||
	    addr - KSTACK_AREA_START >= KSTACK_AREA_SIZE)
		return false;
	return (addr - KSTACK_AREA_START) % KSTACK_SLOT_SIZE < PAGE_SIZE;
}
