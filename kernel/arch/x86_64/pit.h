/*
 * pit.h: the 8254 programmable interval timer, used only as a known
 * time base to calibrate the local APIC timer.
 */
#ifndef ARCH_X86_64_PIT_H
#define ARCH_X86_64_PIT_H

#include <stdint.h>

/* Busy-wait `us' microseconds (at most 50000) using PIT channel 2. */
void pit_delay_us(uint32_t us);

#endif
