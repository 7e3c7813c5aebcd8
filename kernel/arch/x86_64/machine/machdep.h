/*
 * machine/machdep.h: the hooks every architecture provides to the
 * generic kernel.
 */
#ifndef MACHINE_MACHDEP_H
#define MACHINE_MACHDEP_H

#include <stdbool.h>
#include <stdint.h>

#include <machine/asm.h>

/* Write one character on the boot console (COM1). */
void arch_console_putc(int c);

/* Deliver the console's received bytes to console_input, by interrupt. */
void arch_console_enable_input(void);

/*
 * Turn the console device's loopback on or off: while on, what is sent
 * comes back as input and nothing reaches the wire (for the boot tests).
 */
void arch_console_set_loopback(bool on);

/* Stop this CPU for good, interrupts off. */
void arch_halt(void) __attribute__((noreturn));

/*
 * End the machine with a status the host can read: under QEMU with an
 * isa-debug-exit device, QEMU exits with 33 if `failed' is false and 35
 * if it is true.  Without that device this only halts.
 */
void arch_machine_exit(bool failed) __attribute__((noreturn));

/*
 * Start the periodic clock interrupt at `hz' ticks a second, each tick
 * calling clock_interrupt.  Returns the timer's frequency in Hz.
 */
uint64_t arch_clock_start(unsigned hz);

/*
 * The battery-backed clock's time of day, in seconds since 1970-01-01
 * UTC (it is taken to keep UTC, as QEMU's -rtc base does); 0 if it
 * reads as nonsense.  Spins for at most one of its updates.
 */
int64_t arch_rtc_seconds(void);

/* Unmask or mask device interrupt line `line' at the controller. */
void arch_intr_unmask(unsigned line);
void arch_intr_mask(unsigned line);

/*
 * One step up the frame-pointer chain: from the frame at *fp, load the
 * caller's return address into *pc and its frame into *fp.  Returns false
 * at the end of the chain or on a frame pointer that cannot be a kernel
 * stack address (so a corrupt chain ends the walk, not the kernel).
 */
static inline bool
arch_frame_next(uintptr_t *fp, uintptr_t *pc)
{
	uintptr_t f = *fp;
	if (f == 0 || (f & 7) != 0 || f < PHYSMAP_BASE || f > UINTPTR_MAX - 16)
		return false;
	*pc = ((const uintptr_t *)f)[1];
	*fp = ((const uintptr_t *)f)[0];
	return *pc != 0;
}

#endif
