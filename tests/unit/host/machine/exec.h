/*
 * Host stand-in for machine/exec.h: the x86_64 user layout and ELF
 * machine, so that the ELF loader's tests check the kernel's own limits.
 * The x86_64 header builds on USER_LIMIT from machine/vm_param.h, which
 * here is the host stand-in (with the same value).
 */
#ifndef HOST_MACHINE_EXEC_H
#define HOST_MACHINE_EXEC_H

#include "kernel/arch/x86_64/machine/exec.h"

#endif
