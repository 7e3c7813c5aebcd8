/*
 * vm/memory_object.h: the kernel's side of the memory_object protocol.
 *
 * A memory object is a port whose receiver (a pager, a user task) serves
 * memory_object.defs.  vm_map of it gives a VM object bound to it: the
 * kernel keeps a send right to the pager's port, and makes two ports of
 * its own for the object, the control port (IKOT_PAGER: the pager's
 * calls of mach.defs, memory_object_data_supply and the rest, arrive
 * there) and the name port (IKOT_PAGER_NAME, what vm_region shows).
 * The first mapping sends memory_object_init; faults wait for
 * memory_object_ready, then ask for each missing page with
 * memory_object_data_request and wait, interruptibly, for the pager's
 * data_supply (or data_unavailable: zero, data_error: the fault fails).
 * The last reference to the object returns its modified pages
 * (memory_object_data_return) and ends with memory_object_terminate,
 * which hands the pager the control and name ports' receive rights.
 *
 * A pager is not trusted: its answers are checked (page-aligned offsets
 * and sizes inside the object, data of the size it says; anything else
 * is refused, the message's memory and rights released), an answer
 * nobody asked for never replaces a page, a pager that never answers
 * leaves its faulting threads interruptible (they can be terminated),
 * and one that dies fails them (checked every VM_PAGER_POLL_TICKS of a
 * wait: a fault then gets KERN_MEMORY_ERROR, and the task an
 * exception).  See docs/vm.md.
 *
 * Locks: the pager hash's lock, then an object's (vm/vm_object.h); a
 * port's lock before an object's.  No message is sent with a lock held.
 */
#ifndef VM_MEMORY_OBJECT_H
#define VM_MEMORY_OBJECT_H

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_prot.h>

#include "ipc/ipc_port.h"
#include "vm/vm_object.h"

/* How often a fault waiting on a pager checks that the pager lives. */
#define VM_PAGER_POLL_TICKS 10

/*
 * The object `pager' (a send right the caller holds) serves, found or
 * made (memory_object_init sent to a new one), referenced, at least
 * `end' bytes long, into *object.  Consumes the send right on success
 * (kept by a new object, released if the object existed).
 * KERN_INVALID_ARGUMENT for a null or dead port, or one that is the
 * kernel's own; KERN_RESOURCE_SHORTAGE.
 */
kern_return_t memory_object_enter(ipc_port_t pager, vm_offset_t end,
				  vm_object_t *object);

/*
 * The fault path's wait for `r' (VM_CHAIN_REQUEST, WAIT or NOT_READY,
 * from vm_object_chain_resolve): send the data_request first for a
 * REQUEST, then wait until the page or the pager is ready, checking
 * that the pager lives.  Drops the object's reference `r' held.
 * KERN_SUCCESS: resolve again.  KERN_ABORTED: interrupted (the thread
 * is to leave the kernel).  KERN_MEMORY_ERROR: the request could not be
 * sent.  No lock held.
 */
kern_return_t memory_object_fault_wait(struct vm_chain_result *r,
				       vm_prot_t access);

/* Give up the wait `r' describes (a caller that cannot unlock): a
 * placeholder it made fails (its waiters try again), the object's
 * reference is dropped. */
void memory_object_fault_cancel(struct vm_chain_result *r);

/*
 * Bring [offset, offset + size) of `object' (page-aligned) resident as
 * reads would see it, waiting for its pagers (the default pager's
 * paged-out pages) and for free pages: KERN_SUCCESS, KERN_MEMORY_ERROR,
 * or KERN_ABORTED if interrupted.  For vm_object_copy_range's callers
 * (VM_FAULT_RETRY).  No lock held; the caller holds a reference.
 */
kern_return_t memory_object_page_in(vm_object_t object, vm_offset_t offset,
				    vm_size_t size);

/*
 * A copy of [offset, offset + size) of the pager's `object' by its copy
 * strategy, referenced: for COPY_CALL (the pager ready) a new object
 * its pager serves, made by memory_object_copy (offset 0 of it is
 * `offset'), else (COPY_DELAY, NONE, TEMPORARY, or a call that could
 * not be made) a copy object, vm_object_copy_delayed (at `offset'
 * still).  NULL if memory is exhausted.  Sends messages: no lock held.
 */
vm_object_t memory_object_copy_object(vm_object_t object, vm_offset_t offset,
				      vm_size_t size);

/* Whether a copy of `object' is to be asked of its pager
 * (MEMORY_OBJECT_COPY_CALL): one made under a map's lock is left for
 * memory_object_copy_pending. */
bool memory_object_copy_later(vm_object_t object);

/*
 * The copies a copyin or a fork left to make once the map's lock was
 * dropped: each entry of the list from `e' (through next) over a
 * pager's object itself that needs a copy gets
 * memory_object_copy_object's object instead (and holds no reference
 * to the old one).  No lock held.
 */
struct vm_map_entry;
void memory_object_copy_pending(struct vm_map_entry *e);

/* The object's last reference is gone (vm_object_deallocate): return
 * its modified pages (the default pager's: free them), terminate, free
 * it.  Its shadow's reference is the caller's to drop. */
void memory_object_terminate_object(vm_object_t object);

/* A port of the kernel's own bound to `object' as `type' (IKOT_PAGER,
 * IKOT_PAGER_NAME), or IP_NULL when memory is short. */
ipc_port_t memory_object_port_create(ipc_kobject_type_t type,
				     vm_object_t object);

/* Unbind and destroy such a port (IP_NULL: nothing); the kernel must
 * still hold its receive right. */
void memory_object_port_destroy(ipc_port_t port);

/* Enter an object whose `pager' was just set in the table by pager
 * port (the default pager's objects; no lock held). */
void memory_object_hash_insert(vm_object_t object);

/* The object's pager is gone or failed it: every absent page fails,
 * every fault waiting wakes; later faults of its pages fail. */
void memory_object_pager_died(vm_object_t object);

/* ---- The default memory manager (vm/memory_object_default.c) ---- */

/* A send right to the default memory manager for the caller, or
 * IP_NULL if there is none or its port died (the kernel's right to a
 * dead one is let go here).  No lock held. */
ipc_port_t memory_object_default_manager(void);

/* The bytes of an object's existence map: a bit a page. */
static inline vm_size_t
memory_object_existence_bytes(const struct vm_object *object)
{
	return (object->size / PAGE_SIZE + 63) / 64 * 8;
}

/* vm_pageout_page (vm/vm_pageout.h), a dirty page to its pager: an
 * anonymous object's to the default pager, an external pager's object's
 * to that pager.  False with no manager set (anonymous), a pager not
 * ready, dead or with its queue full (external), or memory short; else
 * the page is on its way and memory_object_page_send, called next with
 * no lock held, sends it with memory_object_data_return (and
 * memory_object_create, an anonymous object's first time). */
bool memory_object_page_out(struct vm_page *page);
/* vm_pageout_page_append: the page after the run taken, if there is
 * room in its message. */
bool memory_object_page_append(struct vm_page *page);
void memory_object_page_send(void);

/* Objects bound to pagers now (for leak checks). */
/*
 * Collapse's (vm/vm_object.c): give `from''s binding to its pager, its
 * place in the pager hash and its control and name ports, to `to';
 * both objects locked.  Those locks come before an object's, so each
 * is only tried: false, nothing changed, if one is held (or `from' is
 * not bound); the collapse is then left for a later one.
 */
bool memory_object_rebind_try(vm_object_t from, vm_object_t to);

unsigned memory_object_count(void);

#endif
