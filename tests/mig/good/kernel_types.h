/* Stand-ins for the kernel's types behind kernel.defs. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H
#include <mach/std_types.h>
#include <ipc/ipc_port.h>
typedef struct task *task_t;
task_t convert_port_to_task(ipc_port_t port);
ipc_port_t convert_task_to_port(task_t task);
void task_deallocate(task_t task);
#endif
