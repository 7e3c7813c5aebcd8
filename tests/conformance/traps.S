/*
 * traps.S: the Mach trap entry points, exactly as GNU Mach's own header
 * defines them: <mach/syscall_sw.h> of gnumach-dev lists every trap as
 * kernel_trap(name, number, arguments), and its machine part defines
 * that macro as the x86_64 system-call sequence.
 */
#include <mach/syscall_sw.h>
