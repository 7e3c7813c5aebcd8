/*
 * trap.c: the interrupt descriptor table and exception handling.
 *
 * So far every exception is taken in the kernel and is fatal: the
 * registers and a symbolized backtrace are printed and the kernel stops
 * (failing the running boot test, if any).  User-mode faults, which will
 * terminate only the faulting task, come with user mode.
 */

#include <stdbool.h>
#include <stdint.h>

#include <machine/cpu.h>
#include <machine/machdep.h>

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kern/backtrace.h"
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/intr.h"
#include "kern/kstack.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/panic.h"
#include "kern/printf.h"

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define GATE_INTERRUPT 0x8e /* present, ring 0, 64-bit interrupt gate */
#define TRAP_STUB_SIZE 16

extern const char trap_stubs[];

static struct idt_gate idt[256];

/* Traps being handled on this CPU: a fault inside a fault dump stops. */
static int trap_depth;

static const char *const exception_names[T_NEXCEPTIONS] = {
	[T_DIVIDE] = "divide error",
	[T_DEBUG] = "debug",
	[T_NMI] = "non-maskable interrupt",
	[T_BREAKPOINT] = "breakpoint",
	[T_OVERFLOW] = "overflow",
	[T_BOUND] = "bound range exceeded",
	[T_INVALID_OPCODE] = "invalid opcode",
	[T_NO_FPU] = "device not available",
	[T_DOUBLE_FAULT] = "double fault",
	[T_INVALID_TSS] = "invalid TSS",
	[T_SEGMENT_NOT_PRESENT] = "segment not present",
	[T_STACK_FAULT] = "stack-segment fault",
	[T_GENERAL_PROTECTION] = "general protection fault",
	[T_PAGE_FAULT] = "page fault",
	[T_FPU_ERROR] = "x87 floating-point error",
	[T_ALIGNMENT] = "alignment check",
	[T_MACHINE_CHECK] = "machine check",
	[T_SIMD] = "SIMD floating-point exception",
	[T_VIRTUALIZATION] = "virtualization exception",
	[T_CONTROL_PROTECTION] = "control protection exception",
};

static void
idt_set_gate(unsigned vector, uintptr_t handler, unsigned ist)
{
	struct idt_gate *g = &idt[vector];
	g->offset_low = handler & 0xffff;
	g->selector = GDT_KERNEL_CODE;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void
trap_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt_set_gate(v, (uintptr_t)trap_stubs + v * TRAP_STUB_SIZE,
			     v == T_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0);
	struct idt_pointer ptr = { sizeof idt - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void
trap_dump(const struct trap_frame *f)
{
	kprintf("  rax %016llx  rbx %016llx  rcx %016llx\n",
		(unsigned long long)f->rax, (unsigned long long)f->rbx,
		(unsigned long long)f->rcx);
	kprintf("  rdx %016llx  rsi %016llx  rdi %016llx\n",
		(unsigned long long)f->rdx, (unsigned long long)f->rsi,
		(unsigned long long)f->rdi);
	kprintf("  rbp %016llx  rsp %016llx  r8  %016llx\n",
		(unsigned long long)f->rbp, (unsigned long long)f->rsp,
		(unsigned long long)f->r8);
	kprintf("  r9  %016llx  r10 %016llx  r11 %016llx\n",
		(unsigned long long)f->r9, (unsigned long long)f->r10,
		(unsigned long long)f->r11);
	kprintf("  r12 %016llx  r13 %016llx  r14 %016llx\n",
		(unsigned long long)f->r12, (unsigned long long)f->r13,
		(unsigned long long)f->r14);
	kprintf("  r15 %016llx  rip %016llx  rflags %08llx\n",
		(unsigned long long)f->r15, (unsigned long long)f->rip,
		(unsigned long long)f->rflags);
	kprintf("  cs %04llx  ss %04llx  error %#llx\n",
		(unsigned long long)f->cs, (unsigned long long)f->ss,
		(unsigned long long)f->error);
	kprintf("  cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx\n",
		(unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
		(unsigned long long)read_cr3(), (unsigned long long)read_cr4());
}

static void
describe_page_fault(uint64_t error)
{
	kprintf("  page fault at %p: %s %s in %s mode%s\n",
		(void *)(uintptr_t)read_cr2(),
		(error & 1) ? "protection violation on" : "no page for",
		(error & 16)  ? "instruction fetch"
		: (error & 2) ? "write"
			      : "read",
		(error & 4) ? "user" : "kernel",
		(error & 8) ? " (reserved bit set)" : "");
}

#define RFLAGS_IF 0x200

/*
 * A device or clock interrupt: run its handler with the CPU marked as
 * in interrupt context, then preempt the interrupted thread if a better
 * one is waiting and the interrupted code ran with interrupts on (so
 * held no spin lock).
 */
static void
interrupt(struct trap_frame *f)
{
	struct cpu *c = cpu_current();
	c->intr_depth++;
	if (f->vector == LAPIC_TIMER_VECTOR) {
		lapic_eoi();
		clock_interrupt();
	} else {
		unsigned line = f->vector - PIC_VECTOR_BASE;
		intr_dispatch(line);
		pic_eoi(line);
	}
	c->intr_depth--;
	if (f->rflags & RFLAGS_IF)
		sched_preempt_check();
	if (f->cs & 3)
		thread_user_return_check();
}

extern const char copyio_start[], copyio_end[], copyio_fault[];

/*
 * An exception in user mode: the task is at fault, not the kernel.
 * Report it and end the task; the kernel and other tasks go on.
 */
static void
user_exception(struct trap_frame *f, const char *name)
{
	task_t task = current_thread()->task;
	if (f->vector == T_PAGE_FAULT) {
		uint64_t error = f->error;
		kprintf("task %s: page fault at %p (%s, %s) at rip %p; "
			"terminated\n",
			task->name, (void *)(uintptr_t)read_cr2(),
			(error & 16)  ? "instruction fetch"
			: (error & 2) ? "write"
				      : "read",
			(error & 1) ? "protection violation" : "no page",
			(void *)(uintptr_t)f->rip);
	} else {
		kprintf("task %s: %s (vector %llu, error %#llx) at rip %p; "
			"terminated\n",
			task->name, name, (unsigned long long)f->vector,
			(unsigned long long)f->error,
			(void *)(uintptr_t)f->rip);
	}
	task->fault_vector = (int)f->vector;
	if (f->vector == T_PAGE_FAULT)
		task->fault_address = read_cr2();
	task_terminate(task, TASK_FAULTED);
	thread_user_return_check();
}

void
trap_dispatch(struct trap_frame *f)
{
	if (f->vector == LAPIC_TIMER_VECTOR ||
	    (f->vector >= PIC_VECTOR_BASE &&
	     f->vector < PIC_VECTOR_BASE + PIC_NIRQS)) {
		interrupt(f);
		return;
	}
	if (f->vector == LAPIC_SPURIOUS_VECTOR)
		return; /* no EOI for a spurious interrupt */

	const char *name = f->vector < T_NEXCEPTIONS
				   ? exception_names[f->vector]
				   : "unexpected interrupt";
	if (name == NULL)
		name = "reserved exception";
	if (f->cs & 3) {
		user_exception(f, name);
		return;
	}
	/* A fault in copyin/copyout: the user's address was bad. */
	if (f->vector == T_PAGE_FAULT && f->rip >= (uintptr_t)copyio_start &&
	    f->rip < (uintptr_t)copyio_end) {
		f->rip = (uintptr_t)copyio_fault;
		return;
	}

	if (++trap_depth > 1) {
		kprintf("fatal: trap %llu while handling a trap\n",
			(unsigned long long)f->vector);
		panic_stop();
	}

	kprintf("\nkernel trap: %s (vector %llu)\n", name,
		(unsigned long long)f->vector);
	if ((f->vector == T_DOUBLE_FAULT || f->vector == T_PAGE_FAULT) &&
	    stack_guard_hit(read_cr2()))
		kprintf("  kernel stack overflow in thread %s: %p is its guard "
			"page\n",
			current_thread()->name, (void *)(uintptr_t)read_cr2());
	if (f->vector == T_PAGE_FAULT)
		describe_page_fault(f->error);
	trap_dump(f);
	kprintf("backtrace:\n");
	backtrace_print_pc(f->rip);
	/* Trapped before its prologue: the caller is only on the stack. */
	if (backtrace_at_function_entry(f->rip))
		backtrace_print_return(*(const uintptr_t *)f->rsp);
	backtrace_print(f->rbp);
	panic_stop();
}
