/*
 * ipc/ipc_init.c: starting the IPC subsystem.
 */

#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_init.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_space.h"

bool
ipc_bootstrap(void)
{
	return ipc_port_bootstrap() && ipc_pset_bootstrap() &&
	       ipc_space_bootstrap() && ipc_dnrequest_bootstrap();
}
