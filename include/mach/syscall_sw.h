/*
 * mach/syscall_sw.h: the numbers of the Mach traps.
 *
 * On x86_64 a trap is the `syscall' instruction with the trap number in
 * rax and the arguments in rdi, rsi, rdx, r10, r8, r9; the result comes
 * back in rax.  Mach traps have negative numbers (GNU Mach's numbering);
 * every other number is a system call of the task's personality and is
 * redirected to the task's emulation entry (docs/emulation.md), or with
 * none is the task's exception.
 */
#ifndef _MACH_SYSCALL_SW_H_
#define _MACH_SYSCALL_SW_H_

#define MACH_TRAP_mach_msg_trap   (-25)
#define MACH_TRAP_mach_reply_port (-26)
#define MACH_TRAP_thread_self     (-27)
#define MACH_TRAP_task_self       (-28)
#define MACH_TRAP_host_self       (-29)
#define MACH_TRAP_mach_print      (-30)
#define MACH_TRAP_swtch_pri       (-59)
#define MACH_TRAP_swtch           (-60)
#define MACH_TRAP_thread_switch   (-61)

/* thread_switch options. */
#define SWITCH_OPTION_NONE    0
#define SWITCH_OPTION_DEPRESS 1
#define SWITCH_OPTION_WAIT    2

#endif
