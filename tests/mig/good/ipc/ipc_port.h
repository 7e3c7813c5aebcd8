/* Stand-in for the kernel's ipc/ipc_port.h: what KernelServer stubs use. */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H
typedef struct ipc_port *ipc_port_t;
#define IP_NULL        ((ipc_port_t)0)
#define IP_DEAD        ((ipc_port_t)~0UL)
#define IP_VALID(port) ((port) != IP_NULL && (port) != IP_DEAD)
void ipc_port_release_send(ipc_port_t port);
#endif
