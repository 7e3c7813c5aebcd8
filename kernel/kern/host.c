/*
 * kern/host.c: the host's ports (host.h).
 */

#include "kern/host.h"

#include "ipc/ipc_port.h"
#include "kern/panic.h"
#include "kern/processor.h"

struct host realhost;

static void
host_port_create(ipc_kobject_type_t type, ipc_port_t *self, ipc_port_t *sself)
{
	ipc_port_t port = ipc_port_create();
	if (port == IP_NULL)
		panic("host_init: no memory for the host ports");
	ipc_port_set_kobject(port, type, &realhost);
	*self = port;
	*sself = ipc_port_make_send(port);
}

void
host_init(void)
{
	simple_lock_init(&realhost.lock);
	host_port_create(IKOT_HOST, &realhost.host_self, &realhost.host_sself);
	host_port_create(IKOT_HOST_PRIV, &realhost.host_priv_self,
			 &realhost.host_priv_sself);
	processor_init();
}

ipc_port_t
host_self_send(void)
{
	return ipc_port_copy_send(realhost.host_sself);
}

ipc_port_t
host_priv_send(void)
{
	return ipc_port_copy_send(realhost.host_priv_sself);
}

ipc_port_t
convert_host_to_port(host_t host)
{
	return host == NULL ? IP_NULL : ipc_port_copy_send(host->host_sself);
}

host_t
convert_port_to_host(ipc_port_t port)
{
	host_t host = NULL;
	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) &&
	    (port->ip_kotype == IKOT_HOST || port->ip_kotype == IKOT_HOST_PRIV))
		host = port->ip_kobject;
	ip_unlock(port);
	return host;
}

host_t
convert_port_to_host_priv(ipc_port_t port)
{
	host_t host = NULL;
	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == IKOT_HOST_PRIV)
		host = port->ip_kobject;
	ip_unlock(port);
	return host;
}

void
host_deallocate(host_t host)
{
	(void)host; /* the host lives for ever */
}
