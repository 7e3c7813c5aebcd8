/* Stand-in for the kernel's ipc/ipc_port.h: what KernelServer stubs use. */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H
typedef struct ipc_port *ipc_port_t;
#endif
