/*
 * ipc/ipc_init.h: starting the IPC subsystem.
 */
#ifndef IPC_IPC_INIT_H
#define IPC_IPC_INIT_H

#include <stdbool.h>

/*
 * Create the IPC zones (ports, port sets, spaces, hashed entries).
 * Called once at boot after kalloc_init, before any other ipc_ call
 * (and by the unit tests after theirs).  Returns false if memory for
 * the zones is short.
 */
bool ipc_bootstrap(void);

#endif
