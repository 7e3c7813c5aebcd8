/*
 * init.c: the first C code, called by boot.S on the boot CPU in 64-bit
 * mode on the boot stack, interrupts off.
 *
 * Order matters: the console first (so anything after can report), then
 * the GDT/TSS and IDT (so faults are caught and dumped), then the boot
 * information, then the generic kernel.
 */

#include <stdint.h>

#include <machine/cpu.h>
#include <machine/machdep.h>
#include <machine/vm_param.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/smap.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kern/boot_info.h"
#include "kern/cpu.h"
#include "kern/kmain.h"
#include "kern/panic.h"
#include "kern/printf.h"

/* From kernel.ld. */
extern const char _kernel_phys_start[], _kernel_end[];

/* From boot.S: the top-level page table, still mapping low memory 1:1. */
extern uint64_t boot_pml4[512];

#define QEMU_DEBUG_EXIT_PORT 0xf4
#define QEMU_EXIT_PASS       0x10 /* QEMU exits with (0x10 << 1) | 1 = 33 */
#define QEMU_EXIT_FAIL       0x11 /* QEMU exits with 35 */

static struct boot_info boot_info;

/*
 * Drop the identity map of low memory that boot.S needed to turn paging
 * on: from now on address 0 faults, so NULL dereferences are caught.
 */
static void
unmap_identity(void)
{
	boot_pml4[0] = 0;
	write_cr3(read_cr3()); /* flush the TLB */
}

void x86_64_init(uint32_t magic, uint64_t mbi_phys);

void
x86_64_init(uint32_t magic, uint64_t mbi_phys)
{
	/*
	 * The per-CPU data before anything takes a lock (a lock counts in
	 * it: kern/preempt.h), and after the GDT, whose segment loads
	 * clear the GS base.
	 */
	gdt_init();
	cpu_bootstrap();
	serial_init();
	trap_init();
	fpu_init();
	smap_init(); /* the boot page tables map nothing for user mode */
	pic_init();
	syscall_init();

	if (magic != MULTIBOOT2_BOOT_MAGIC)
		panic("not booted by a Multiboot2 loader (magic %#x)", magic);
	if (mbi_phys + 8 > PHYSMAP_BOOT_LIMIT)
		panic("boot information at %#llx is out of reach",
		      (unsigned long long)mbi_phys);
	if (multiboot2_parse(phys_to_virt(mbi_phys), mbi_phys, &boot_info) != 0)
		kprintf("boot: warning: malformed Multiboot2 information; "
			"using what was read before the fault\n");
	boot_info.kernel_start = (uint64_t)(uintptr_t)_kernel_phys_start;
	boot_info.kernel_end = kernel_virt_to_phys(_kernel_end);

	unmap_identity();
	kmain(&boot_info);
}

uint64_t
arch_clock_start(unsigned hz)
{
	return lapic_init(hz);
}

void
arch_intr_unmask(unsigned line)
{
	pic_unmask(line);
}

void
arch_intr_mask(unsigned line)
{
	pic_mask(line);
}

void
arch_halt(void)
{
	for (;;) {
		intr_disable();
		cpu_idle();
	}
}

void
arch_machine_exit(bool failed)
{
	outb(QEMU_DEBUG_EXIT_PORT, failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
	arch_halt();
}
