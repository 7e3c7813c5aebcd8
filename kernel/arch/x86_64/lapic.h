/*
 * lapic.h: the local APIC, and its timer as the scheduling clock.
 */
#ifndef ARCH_X86_64_LAPIC_H
#define ARCH_X86_64_LAPIC_H

#include <stdint.h>

#define LAPIC_TIMER_VECTOR    0xf0
#define LAPIC_SPURIOUS_VECTOR 0xff

/*
 * Enable this CPU's local APIC with LINT0 in virtual-wire mode (so the
 * PICs' interrupts reach it), calibrate its timer against the PIT and
 * start it periodic at `hz' interrupts a second.  Returns the timer's
 * input frequency in Hz.
 */
uint64_t lapic_init(unsigned hz);

/* Acknowledge the interrupt being serviced. */
void lapic_eoi(void);

/* This CPU's local APIC id. */
unsigned lapic_id(void);

#endif
