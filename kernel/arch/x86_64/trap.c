/*
 * trap.c: the interrupt descriptor table, and what each trap is.
 *
 * Device and clock interrupts go to their handlers.  An exception in
 * user mode is the task's: it is decoded into Mach's (exception, code,
 * subcode) and handed to kern/exception.c, which decides what becomes
 * of the thread.  An exception in kernel mode is a kernel bug and
 * fatal (every register and a symbolized backtrace are printed and the
 * kernel stops, failing the running boot test), except a page fault
 * of copyin/copyout on the user's side, which makes the copy fail.  NMI
 * and machine checks are the machine's, never a task's: fatal too.
 */

#include <stdbool.h>
#include <stdint.h>

#include <mach/exception.h>
#include <mach/kern_return.h>
#include <mach/x86_64/exception.h>
#include <machine/cpu.h>
#include <machine/machdep.h>
#include <machine/vm_param.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kern/backtrace.h"
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/exception.h"
#include "kern/intr.h"
#include "kern/kstack.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "vm/vm_fault.h"

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
#define GATE_USER      0xee /* the same, which user mode may raise */
#define TRAP_STUB_SIZE 16

extern const char trap_stubs[];

static struct idt_gate idt[256];

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

/*
 * Only int3 may be raised by user code with an int instruction (a
 * debugger's breakpoint: EXC_BREAKPOINT, as on GNU Mach); any other
 * int N from user mode is a general protection fault.
 */
static void
idt_set_gate(unsigned vector, uintptr_t handler, unsigned ist)
{
	struct idt_gate *g = &idt[vector];
	g->offset_low = handler & 0xffff;
	g->selector = GDT_KERNEL_CODE;
	g->ist = ist;
	g->type_attr = vector == T_BREAKPOINT ? GATE_USER : GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

/* The interrupt stack table slot of `vector' (gdt.h), 0 for none. */
static unsigned
ist_of_vector(unsigned vector)
{
	switch (vector) {
	case T_DEBUG:
		return IST_DEBUG;
	case T_NMI:
		return IST_NMI;
	case T_DOUBLE_FAULT:
		return IST_DOUBLE_FAULT;
	case T_MACHINE_CHECK:
		return IST_MACHINE_CHECK;
	default:
		return 0;
	}
}

void
trap_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt_set_gate(v, (uintptr_t)trap_stubs + v * TRAP_STUB_SIZE,
			     ist_of_vector(v));
	struct idt_pointer ptr = { sizeof idt - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

unsigned
trap_gate_ist(unsigned vector)
{
	return idt[vector].ist;
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

/* A page fault's error code. */
#define PF_ERR_PRESENT  0x01 /* a protection violation, not a missing page */
#define PF_ERR_WRITE    0x02
#define PF_ERR_USER     0x04
#define PF_ERR_RESERVED 0x08
#define PF_ERR_FETCH    0x10

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

/* The rep movsq and rep movsb of copyin and of copyout (copyio.S), and
 * their way out. */
extern const char copyin_copy_words[], copyin_copy[];
extern const char copyout_copy_words[], copyout_copy[], copyio_fault[];

/* Whether the trap came from one of copyio's copying instructions. */
static bool
in_copyio(const struct trap_frame *f)
{
	return f->rip == (uintptr_t)copyin_copy_words ||
	       f->rip == (uintptr_t)copyin_copy ||
	       f->rip == (uintptr_t)copyout_copy_words ||
	       f->rip == (uintptr_t)copyout_copy;
}

/*
 * A page fault of copyin/copyout (copyio.S) on the user's side of the
 * copy: the user's address was bad, and the copy fails.  The side is
 * told by the address itself: rep movs faults in the item it moves,
 * at rsi's (the source) or rdi's (the target) address, or, for a word
 * that crosses into the next page, up to 7 bytes past it.  A fault on
 * the kernel's side is a kernel bug, like any other kernel fault.
 */
static bool
copyio_user_fault(const struct trap_frame *f)
{
	uint64_t addr = read_cr2();
	if (f->vector != T_PAGE_FAULT || addr >= USER_LIMIT)
		return false;
	if (f->rip == (uintptr_t)copyin_copy_words)
		return addr - f->rsi < 8;
	if (f->rip == (uintptr_t)copyin_copy)
		return addr == f->rsi;
	if (f->rip == (uintptr_t)copyout_copy_words)
		return addr - f->rdi < 8;
	if (f->rip == (uintptr_t)copyout_copy)
		return addr == f->rdi;
	return false;
}

/* The access a page fault's error code describes. */
static vm_prot_t
fault_type(uint64_t error)
{
	if (error & PF_ERR_WRITE)
		return VM_PROT_WRITE;
	if (error & PF_ERR_FETCH)
		return VM_PROT_EXECUTE;
	return VM_PROT_READ;
}

/* Resolve a page fault on user address `addr' through the current
 * task's map (vm/vm_fault.c). */
static kern_return_t
user_page_fault(const struct trap_frame *f, uint64_t addr)
{
	if (addr >= USER_LIMIT)
		return KERN_INVALID_ADDRESS;
	if (f->error & PF_ERR_RESERVED)
		return KERN_PROTECTION_FAILURE; /* a page-table bug, not ours */
	task_t task = current_thread()->task;
	__atomic_add_fetch(&task->faults, 1, __ATOMIC_RELAXED); /* task_info */
	return vm_fault(task->map, addr, fault_type(f->error));
}

/*
 * An exception in user mode, decoded into Mach's form (GNU Mach's
 * codes) for kern/exception.c.
 */
static void
user_exception(const struct trap_frame *f)
{
	integer_t exc = EXC_BAD_INSTRUCTION;
	integer_t code = (integer_t)f->vector;
	rpc_long_integer_t subcode = (rpc_long_integer_t)f->error;

	switch (f->vector) {
	case T_DIVIDE:
		exc = EXC_ARITHMETIC;
		code = EXC_I386_DIV;
		subcode = 0;
		break;
	case T_DEBUG:
		exc = EXC_BREAKPOINT;
		code = EXC_I386_SGL;
		subcode = 0;
		break;
	case T_BREAKPOINT:
		exc = EXC_BREAKPOINT;
		code = EXC_I386_BPT;
		subcode = 0;
		break;
	case T_OVERFLOW:
		exc = EXC_ARITHMETIC;
		code = EXC_I386_INTO;
		subcode = 0;
		break;
	case T_BOUND:
		exc = EXC_ARITHMETIC;
		code = EXC_I386_BOUND;
		subcode = 0;
		break;
	case T_INVALID_OPCODE:
		code = EXC_I386_INVOP;
		subcode = 0;
		break;
	case T_NO_FPU:
		exc = EXC_ARITHMETIC;
		code = EXC_I386_NOEXT;
		subcode = 0;
		break;
	case T_FPU_ERROR:
		/* The registers still hold the task's state: its status. */
		exc = EXC_ARITHMETIC;
		code = EXC_I386_EXTERR;
		subcode = fpu_x87_status();
		break;
	case T_SIMD:
		exc = EXC_ARITHMETIC;
		code = EXC_I386_EXTERR;
		subcode = fpu_sse_status();
		break;
	case T_PAGE_FAULT: {
		/* The map resolves it, or says why not. */
		uint64_t addr = read_cr2();
		kern_return_t kr = user_page_fault(f, addr);
		/* Aborted: a wait for a pager was interrupted; the access
		 * is tried again, unless the thread is leaving. */
		if (kr == KERN_SUCCESS || kr == KERN_ABORTED)
			return;
		exc = EXC_BAD_ACCESS;
		code = kr;
		subcode = (rpc_long_integer_t)addr;
		break;
	}
	default:
		/* General protection, segment faults...: by vector. */
		break;
	}
	exception_deliver(exc, code, subcode);
}

/*
 * Whether the CPU can return to user mode with frame `f' without
 * faulting in the kernel: iretq takes a general-protection fault, in
 * kernel mode with the user's GS already loaded, on a non-canonical rip
 * or rsp or on a selector other than the user's.
 */
static bool
user_frame_returnable(const struct trap_frame *f)
{
	return f->rip < USER_LIMIT &&
	       (f->rsp < USER_LIMIT || f->rsp >= (uint64_t)-USER_LIMIT) &&
	       f->cs == (GDT_USER_CODE | 3) && f->ss == (GDT_USER_DATA | 3);
}

void
trap_user_return(struct trap_frame *f)
{
	intr_disable();
	while (!user_frame_returnable(f)) {
		/* What the CPU would have raised at the iretq. */
		intr_enable();
		exception_deliver(EXC_BAD_INSTRUCTION, EXC_I386_GPFLT, 0);
		intr_disable();
	}
}

/* A trap in kernel mode that is not a copyio fault: report and stop. */
static void __attribute__((noreturn))
kernel_trap(struct trap_frame *f, const char *name)
{
	struct cpu *c = cpu_current();
	if (++c->arch.trap_depth > 1) {
		kprintf("fatal: trap %llu while handling a trap\n",
			(unsigned long long)f->vector);
		panic_stop();
	}

	kprintf("\nkernel trap: %s (vector %llu)%s\n", name,
		(unsigned long long)f->vector,
		(f->cs & 3) ? " from user mode" : "");
	if ((f->vector == T_DOUBLE_FAULT || f->vector == T_PAGE_FAULT) &&
	    stack_guard_hit(read_cr2()))
		kprintf("  kernel stack overflow in thread %s: %p is its guard "
			"page\n",
			current_thread()->name, (void *)(uintptr_t)read_cr2());
	if (f->vector == T_PAGE_FAULT)
		describe_page_fault(f->error);
	bool copying = in_copyio(f);
	if (copying)
		kprintf("  in copyin/copyout, on the kernel's side of the "
			"copy\n");
	trap_dump(f);
	kprintf("backtrace:\n");
	backtrace_print_pc(f->rip);
	/*
	 * Trapped before its prologue, or in copyio's frameless leaves:
	 * the caller is only on the stack.
	 */
	if (!(f->cs & 3) && (copying || backtrace_at_function_entry(f->rip)))
		backtrace_print_return(*(const uintptr_t *)f->rsp);
	if (!(f->cs & 3))
		backtrace_print(f->rbp);
	panic_stop();
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
	bool machine = f->vector == T_NMI || f->vector == T_MACHINE_CHECK ||
		       f->vector >= T_NEXCEPTIONS;
	if ((f->cs & 3) && !machine) {
		user_exception(f);
		return;
	}
	if (copyio_user_fault(f)) {
		/* Memory the user allocated but never touched: fill it. */
		if (user_page_fault(f, read_cr2()) != KERN_SUCCESS)
			f->rip = (uintptr_t)copyio_fault;
		return;
	}
	kernel_trap(f, name);
}
