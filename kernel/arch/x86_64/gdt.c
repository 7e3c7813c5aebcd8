/*
 * gdt.c: the boot CPU's global descriptor table and TSS.
 *
 * Layout, fixed by syscall/sysret: STAR[47:32] = 0x08 gives the kernel
 * CS 0x08 and SS 0x10; STAR[63:48] = 0x10 gives sysret the user SS
 * 0x18 and CS 0x20 (RPL 3 added).  The application processors will get
 * a GDT and TSS each (per-CPU data) when SMP comes.
 */

#include <stdint.h>

#include <machine/cpu_data.h>

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/x86.h"
#include "kern/cpu.h"
#include "kern/string.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iopb_offset;
} __attribute__((packed));

struct gdt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define SEG_PRESENT   (1ull << 47)
#define SEG_USER      (3ull << 45)
#define SEG_CODE_DATA (1ull << 44)
#define SEG_EXEC      (1ull << 43)
#define SEG_WRITE     (1ull << 41)
#define SEG_LONG      (1ull << 53)
#define SEG_TSS_AVAIL (9ull << 40)

static uint64_t gdt[7];
static struct tss tss;
static uint8_t ist_stacks[IST_STACKS][IST_STACK_SIZE]
	__attribute__((aligned(16)));

/* The assembly's %gs offsets (machine/cpu_data.h) are struct cpu's. */
#define CPU_ARCH_OFFSET(field)                                                 \
	(__builtin_offsetof(struct cpu, arch) +                                \
	 __builtin_offsetof(struct arch_cpu, field))
_Static_assert(__builtin_offsetof(struct cpu, self) == 0, "%gs:0");
_Static_assert(CPU_ARCH_OFFSET(kernel_rsp) == CPU_DATA_KERNEL_RSP,
	       "CPU_DATA_KERNEL_RSP");
_Static_assert(CPU_ARCH_OFFSET(user_rsp) == CPU_DATA_USER_RSP,
	       "CPU_DATA_USER_RSP");
_Static_assert(CPU_ARCH_OFFSET(user_frame_end) == CPU_DATA_USER_FRAME_END,
	       "CPU_DATA_USER_FRAME_END");

void
gdt_ist_stack(unsigned ist, uintptr_t *base, uintptr_t *top)
{
	*base = (uintptr_t)ist_stacks[ist - 1];
	*top = *base + IST_STACK_SIZE;
}

void
gdt_init(void)
{
	memset(&tss, 0, sizeof tss);
	for (unsigned i = 1; i <= IST_STACKS; i++)
		tss.ist[i - 1] = (uint64_t)(uintptr_t)(ist_stacks[i - 1] +
						       IST_STACK_SIZE);
	tss.iopb_offset = sizeof tss; /* no I/O permission bitmap */

	gdt[0] = 0;
	gdt[GDT_KERNEL_CODE / 8] =
		SEG_PRESENT | SEG_CODE_DATA | SEG_EXEC | SEG_LONG;
	gdt[GDT_KERNEL_DATA / 8] = SEG_PRESENT | SEG_CODE_DATA | SEG_WRITE;
	gdt[GDT_USER_DATA / 8] =
		SEG_PRESENT | SEG_USER | SEG_CODE_DATA | SEG_WRITE;
	gdt[GDT_USER_CODE / 8] =
		SEG_PRESENT | SEG_USER | SEG_CODE_DATA | SEG_EXEC | SEG_LONG;

	/* A 64-bit TSS descriptor takes two slots. */
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof tss - 1;
	gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   SEG_TSS_AVAIL | SEG_PRESENT |
			   (((limit >> 16) & 0xf) << 48) |
			   (((base >> 24) & 0xff) << 56);
	gdt[GDT_TSS / 8 + 1] = base >> 32;

	struct gdt_pointer ptr = { sizeof gdt - 1, (uint64_t)(uintptr_t)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CODE), "i"(GDT_KERNEL_DATA),
			   "r"(GDT_TSS)
			 : "rax", "memory");
}

void
gdt_set_user_trap_stack(uintptr_t top)
{
	tss.rsp[0] = top;
}

uintptr_t
gdt_user_trap_stack(void)
{
	return tss.rsp[0];
}

void
arch_cpu_data_install(void *cpu)
{
	/* The kernel's GS base now; swapgs will exchange it with the user's. */
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)cpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
