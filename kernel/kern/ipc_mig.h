/*
 * kern/ipc_mig.h: what the kernel's MIG stubs (KernelServer, KernelUser,
 * generated from interfaces/ at build time) need from the kernel: the
 * kernel's object types and the conversions between ports and objects
 * that mach_types.defs names.  Stubs are compiled with KERNEL defined
 * (mach_port_t is an ipc_port_t, messages are in kernel form).
 */
#ifndef KERN_IPC_MIG_H
#define KERN_IPC_MIG_H

#include "ipc/ipc_types.h"
#include "ipc/mach_msg.h"
#include "kern/panic.h"
#include "kern/host.h"
#include "kern/ipc_tt.h"
#include "kern/processor.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

#endif
