/*
 * cthreads.c: C threads (cthreads.h): making, ending, joining and
 * reaping threads.  Mutexes and conditions are cthread_sync.c's.
 *
 * A thread's memory is one region from vm_allocate:
 *
 *	[guard page][stack ........][slack][TLS block][descriptor][dtv]
 *	                            [struct cthread]
 *
 * the guard page made inaccessible by vm_protect, the thread pointer
 * laid out as musl lays out its threads': x86_64 TLS variant II, the
 * program's PT_TLS image copied just below the pointer, musl's
 * descriptor at it.  musl's descriptor (struct pthread) is private to
 * musl but for its first words, which are ABI: self, dtv, and the stack
 * protector's canary at 0x28, the same in every thread as with musl's
 * threads; the rest is zero for musl (errno; the locale, which the
 * thread sets with uselocale).
 *
 * The end.  A thread cannot free the stack it runs on, nor destroy its
 * own reply port and then end (thread_terminate of itself is an RPC,
 * which needs one).  So an ending thread hands its reply port over,
 * publishes its result (state CT_EXITED, a gsync_wake for its joiner:
 * a simpleroutine, no reply port) and parks in an abortable kernel
 * wait; whoever reaps it (its joiner, or for a detached thread the
 * next cthread_fork, cthread_join or cthread_detach) ends it with
 * thread_terminate, which returns once its port is dead, that is once
 * it has left user mode for good, and then releases the reply port,
 * the thread's port name and the region.  A detached thread that ends
 * pushes itself on the zombie list with one compare-and-swap, its last
 * touch of shared memory, so that being ended at any moment after
 * leaves nothing half done.
 *
 * Locks: none.  A thread's `state' goes CT_RUNNING -> CT_DETACHED or
 * CT_EXITED by compare-and-swap (the one that wins decides who reaps),
 * and CT_EXITED -> CT_JOINED by the one reaper; zombies is a stack
 * that ending threads push on and reapers take whole.
 */

#include <elf.h>
#include <stdbool.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mach/thread_status.h>
#include <mach/vm_prot.h>

#include "cthreads.h"
#include "cthreads_internal.h"
#include "mach.h"
#include "mach/gnumach.h"
#include "tls.h"

/* Room for musl's thread descriptor (200 bytes in musl 1.2.3). */
#define DESCRIPTOR_ROOM 1024u

enum {
	CT_RUNNING = 0,  /* joinable, not ended */
	CT_DETACHED = 1, /* not ended; nobody will join it */
	CT_EXITED = 2,   /* ended, its result kept for its joiner */
	CT_JOINED = 3,   /* a reaper has it */
};

struct cthread {
	/* Set before the thread runs, then constant. */
	mach_port_t port;    /* thread_create's send right */
	vm_address_t region; /* all of the thread's memory, this too */
	vm_size_t region_size;
	cthread_fn_t func;
	any_t arg;
	/* The program's (cthread_set_data, cthread_set_name). */
	any_t data;
	const char *name;
	/* Atomic: CT_*; gsync_wait'ed on by the joiner. */
	unsigned int state;
	/* Written by the thread before it leaves CT_RUNNING. */
	any_t result;
	mach_port_t reply;
	struct cthread *next_zombie;
};

/* The ABI part of musl's x86_64 thread descriptor. */
struct descriptor_abi {
	void *self;
	uintptr_t *dtv;
	void *prev, *next;
	uintptr_t sysinfo;
	uintptr_t canary;
};
_Static_assert(offsetof(struct descriptor_abi, canary) == 0x28,
	       "gcc's stack protector reads %fs:0x28");

vm_size_t cthread_stack_size = 128 * 1024;

/* The program's first thread: never joined, never reaped. */
static struct cthread main_thread = { .state = CT_DETACHED };
/* The calling thread's, set first thing by each thread cthread_fork
 * makes; NULL in the first thread. */
static __thread struct cthread *self_thread;
/* Ended detached threads, not reaped yet. */
static struct cthread *zombies;

extern const Elf64_Ehdr __ehdr_start
	__attribute__((weak, visibility("hidden")));

/* The program's TLS image, if it has one. */
static const Elf64_Phdr *
program_tls(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	if (eh == NULL || eh->e_phentsize != sizeof(Elf64_Phdr))
		return NULL;
	const Elf64_Phdr *ph =
		(const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_TLS)
			return &ph[i];
	return NULL;
}

static uintptr_t
align_up(uintptr_t x, uintptr_t align)
{
	return (x + align - 1) & ~(align - 1);
}

cthread_t
cthread_self(void)
{
	struct cthread *t = mach_tls_ready ? self_thread : NULL;
	if (t != NULL)
		return t;
	if (main_thread.port == MACH_PORT_NULL)
		main_thread.port = mach_thread_self();
	return &main_thread;
}

/*
 * Release everything an ended thread t had, t itself included (it lives
 * in the region).  t parks after it ends, so thread_terminate finds it
 * and returns when it is gone.
 */
static void
release(struct cthread *t)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = t->port, reply = t->reply;
	vm_address_t region = t->region;
	vm_size_t size = t->region_size;
	(void)thread_terminate(port);
	if (reply != MACH_PORT_NULL)
		(void)mach_port_mod_refs(task, reply, MACH_PORT_RIGHT_RECEIVE,
					 -1);
	(void)mach_port_deallocate(task, port);
	(void)vm_deallocate(task, region, size);
}

/* Reap every detached thread that has ended. */
static void
reap_zombies(void)
{
	struct cthread *z =
		__atomic_exchange_n(&zombies, NULL, __ATOMIC_ACQUIRE);
	while (z != NULL) {
		struct cthread *next = z->next_zombie;
		release(z);
		z = next;
	}
}

/* Wait here until reaped: an abortable kernel wait (thread_terminate
 * aborts it), no system call that needs a reply port. */
static _Noreturn void
park(void)
{
	for (;;)
		(void)thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT,
				    0xffffffffu);
}

_Noreturn void
cthread_exit(any_t result)
{
	struct cthread *t = cthread_self();
	if (t == &main_thread)
		exit((int)(intptr_t)result);
	t->result = result;
	t->reply = mig_reply_port_take();
	unsigned int old = CT_RUNNING;
	if (__atomic_compare_exchange_n(&t->state, &old, CT_EXITED, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* The joiner may end this thread from here on. */
		(void)gsync_wake(mach_task_self(), (vm_address_t)&t->state, 0,
				 0);
	} else {
		struct cthread *head =
			__atomic_load_n(&zombies, __ATOMIC_RELAXED);
		do
			t->next_zombie = head;
		while (!__atomic_compare_exchange_n(&zombies, &head, t, true,
						    __ATOMIC_RELEASE,
						    __ATOMIC_RELAXED));
	}
	park();
}

/* Where a thread cthread_fork made begins (its stack as after a call). */
static _Noreturn void
thread_body(struct cthread *t)
{
	self_thread = t;
	(void)uselocale(LC_GLOBAL_LOCALE);
	cthread_exit(t->func(t->arg));
}

/*
 * Lay out the thread pointer in [at, at + room): the TLS image copied,
 * the descriptor and its dtv.  Returns the thread pointer.
 */
static uintptr_t
make_thread_pointer(uintptr_t at, const Elf64_Phdr *tls, uintptr_t align,
		    uintptr_t block)
{
	uintptr_t tp = align_up(at + block, align);
	if (tls != NULL)
		memcpy((void *)(tp - block), (const void *)tls->p_vaddr,
		       tls->p_filesz);
	struct descriptor_abi *d = (void *)tp;
	uintptr_t *dtv = (uintptr_t *)(tp + DESCRIPTOR_ROOM);
	dtv[0] = 1;
	dtv[1] = tp - block;
	d->self = d;
	d->dtv = dtv;
	d->prev = d->next = d;
	__asm__("mov %%fs:0x28, %0" : "=r"(d->canary));
	return tp;
}

/* Start `thread' in thread_body(t) on the stack ending at `top', with
 * thread pointer tp. */
static kern_return_t
start_thread(mach_port_t thread, struct cthread *t, uintptr_t top, uintptr_t tp)
{
	struct i386_thread_state regs;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	kern_return_t kr = thread_get_state(thread, i386_THREAD_STATE,
					    (thread_state_t)&regs, &count);
	if (kr != KERN_SUCCESS)
		return kr;
	regs.rip = (uintptr_t)thread_body;
	regs.ursp = top - sizeof(uintptr_t); /* a call's return address */
	regs.rdi = (uintptr_t)t;
	regs.rbp = 0;
	kr = thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&regs,
			      i386_THREAD_STATE_COUNT);
	if (kr != KERN_SUCCESS)
		return kr;
	struct i386_fsgs_base_state fsgs = { .fs_base = tp, .gs_base = 0 };
	kr = thread_set_state(thread, i386_FSGS_BASE_STATE,
			      (thread_state_t)&fsgs,
			      i386_FSGS_BASE_STATE_COUNT);
	if (kr != KERN_SUCCESS)
		return kr;
	return thread_resume(thread);
}

cthread_t
cthread_fork(cthread_fn_t func, any_t arg)
{
	reap_zombies();
	/* The new thread's canary is the caller's, at %fs:0x28. */
	if (func == NULL || !mach_tls_ready)
		return CTHREAD_NULL;

	const Elf64_Phdr *tls = program_tls();
	uintptr_t align = 16, block = 0;
	if (tls != NULL) {
		uintptr_t a = tls->p_align > 1 ? tls->p_align : 1;
		if ((a & (a - 1)) != 0 || a > vm_page_size)
			return CTHREAD_NULL;
		if (a > align)
			align = a;
		/* As musl: the block ends at the (aligned) thread pointer
		 * and begins at an address congruent to the image's. */
		block = tls->p_memsz +
			((-tls->p_memsz - tls->p_vaddr) & (align - 1));
	}
	vm_size_t page = vm_page_size;
	vm_size_t stack = align_up(cthread_stack_size, page);
	if (stack == 0 || stack < cthread_stack_size)
		return CTHREAD_NULL;
	uintptr_t tp_room =
		align + block + DESCRIPTOR_ROOM + 2 * sizeof(uintptr_t);
	uintptr_t above = align_up(tp_room, 16) + sizeof(struct cthread);
	vm_size_t size = page + stack + align_up(above, page);
	if (size < stack)
		return CTHREAD_NULL;

	mach_port_t task = mach_task_self();
	vm_address_t region = 0;
	if (vm_allocate(task, &region, size, TRUE) != KERN_SUCCESS)
		return CTHREAD_NULL;
	mach_port_t thread = MACH_PORT_NULL;
	if (vm_protect(task, region, page, FALSE, VM_PROT_NONE) != KERN_SUCCESS)
		goto fail;
	uintptr_t top = region + page + stack;
	uintptr_t tp = make_thread_pointer(top, tls, align, block);
	struct cthread *t = (void *)align_up(top + tp_room, 16);
	t->region = region;
	t->region_size = size;
	t->func = func;
	t->arg = arg;
	t->state = CT_RUNNING;
	if (thread_create(task, &thread) != KERN_SUCCESS) {
		thread = MACH_PORT_NULL;
		goto fail;
	}
	t->port = thread;
	if (start_thread(thread, t, top, tp) != KERN_SUCCESS)
		goto fail;
	return t;

fail:
	if (thread != MACH_PORT_NULL) {
		(void)thread_terminate(thread);
		(void)mach_port_deallocate(task, thread);
	}
	(void)vm_deallocate(task, region, size);
	return CTHREAD_NULL;
}

any_t
cthread_join(cthread_t t)
{
	if (t == CTHREAD_NULL || t == &main_thread || t == cthread_self()) {
		reap_zombies();
		return NULL;
	}
	mach_port_t task = mach_task_self();
	unsigned int s;
	while ((s = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE)) == CT_RUNNING)
		(void)gsync_wait(task, (vm_address_t)&t->state, CT_RUNNING, 0,
				 0, 0);
	any_t result = NULL;
	unsigned int exited = CT_EXITED;
	if (s == CT_EXITED &&
	    __atomic_compare_exchange_n(&t->state, &exited, CT_JOINED, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		result = t->result;
		release(t);
	}
	reap_zombies();
	return result;
}

void
cthread_detach(cthread_t t)
{
	if (t != CTHREAD_NULL && t != &main_thread) {
		unsigned int old = CT_RUNNING;
		if (!__atomic_compare_exchange_n(&t->state, &old, CT_DETACHED,
						 false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE) &&
		    old == CT_EXITED &&
		    __atomic_compare_exchange_n(&t->state, &old, CT_JOINED,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			release(t); /* it had ended: nobody else will */
	}
	reap_zombies();
}

void
cthread_yield(void)
{
	(void)swtch_pri(0);
}

mach_port_t
cthread_port(cthread_t t)
{
	return t != CTHREAD_NULL ? t->port : MACH_PORT_NULL;
}

void
cthread_set_data(cthread_t t, any_t data)
{
	if (t != CTHREAD_NULL)
		t->data = data;
}

any_t
cthread_data(cthread_t t)
{
	return t != CTHREAD_NULL ? t->data : NULL;
}

void
cthread_set_name(cthread_t t, const char *name)
{
	if (t != CTHREAD_NULL)
		t->name = name;
}

const char *
cthread_name(cthread_t t)
{
	return t != CTHREAD_NULL && t->name != NULL ? t->name : "?";
}
