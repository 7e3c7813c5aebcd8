/*
 * lapic.c: the local APIC and its timer.
 *
 * The registers are memory-mapped at the physical address in the
 * IA32_APIC_BASE MSR (0xfee00000 unless firmware moved it), reached
 * through the physical map.
 */

#include <stdint.h>

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/x86.h"
#include "kern/panic.h"

#define APIC_BASE_ENABLE    (1u << 11)
#define APIC_BASE_ADDR_MASK 0xffffff000ull

#define LAPIC_ID            0x020
#define LAPIC_TPR           0x080
#define LAPIC_EOI           0x0b0
#define LAPIC_SVR           0x0f0
#define LAPIC_LVT_TIMER     0x320
#define LAPIC_LVT_LINT0     0x350
#define LAPIC_LVT_LINT1     0x360
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE  0x3e0

#define SVR_ENABLE         0x100
#define LVT_MASKED         0x10000
#define LVT_PERIODIC       0x20000
#define LVT_EXTINT         0x700
#define LVT_NMI            0x400
#define TIMER_DIVIDE_BY_16 0x3

#define CALIBRATION_US 10000

static volatile uint32_t *lapic_regs;

static inline uint32_t
lapic_read(unsigned reg)
{
	return lapic_regs[reg / 4];
}

static inline void
lapic_write(unsigned reg, uint32_t value)
{
	lapic_regs[reg / 4] = value;
	(void)lapic_regs[LAPIC_ID / 4]; /* wait for the write to land */
}

uint64_t
lapic_init(unsigned hz)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic_regs = phys_to_virt(base & APIC_BASE_ADDR_MASK);

	lapic_write(LAPIC_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT);
	lapic_write(LAPIC_LVT_LINT1, LVT_NMI);

	/* Count the timer's ticks over a PIT-measured interval. */
	lapic_write(LAPIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffff);
	pit_delay_us(CALIBRATION_US);
	uint32_t elapsed = 0xffffffff - lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	if (elapsed == 0)
		panic("lapic: the timer did not count during calibration");
	uint64_t freq = (uint64_t)elapsed * (1000000 / CALIBRATION_US);

	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | LAPIC_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INITIAL, (uint32_t)(freq / hz));
	return freq * 16;
}

void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

unsigned
lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}
