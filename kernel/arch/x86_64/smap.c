/*
 * smap.c: SMEP and SMAP (smap.h).
 */

#include "arch/x86_64/smap.h"
#include "arch/x86_64/x86.h"
#include "kern/printf.h"

#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)

uint8_t smap_enabled;

void
smap_init(void)
{
	uint32_t ebx = 0;
	if (cpuid(0, 0).eax >= 7)
		ebx = cpuid(7, 0).ebx;
	uint64_t cr4 = read_cr4();
	if (ebx & CPUID7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (ebx & CPUID7_EBX_SMAP)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	smap_enabled = (cr4 & CR4_SMAP) != 0;
	kprintf("cpu: SMEP %s, SMAP %s\n", (cr4 & CR4_SMEP) ? "on" : "off",
		smap_enabled ? "on" : "off");
}

bool
smap_smep_on(void)
{
	return (read_cr4() & CR4_SMEP) != 0;
}

bool
smap_smap_on(void)
{
	return (read_cr4() & CR4_SMAP) != 0;
}
