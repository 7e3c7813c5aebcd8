/*
 * kern/processor.c: the processors' and processor sets' ports
 * (processor.h).
 */

#include "kern/processor.h"

#include <mach/policy.h>

#include "ipc/ipc_port.h"
#include "kern/panic.h"

struct processor processor_array[PROCESSOR_MAX];
struct processor_set default_pset;

static void
processor_port_create(ipc_kobject_type_t type, void *object, ipc_port_t *self,
		      ipc_port_t *sself)
{
	ipc_port_t port = ipc_port_create();
	if (port == IP_NULL)
		panic("processor_init: no memory for the processor ports");
	ipc_port_set_kobject(port, type, object);
	*self = port;
	*sself = ipc_port_make_send(port);
}

void
processor_init(void)
{
	default_pset.policies = POLICY_TIMESHARE;
	processor_port_create(IKOT_PSET, &default_pset, &default_pset.self,
			      &default_pset.sself);
	processor_port_create(IKOT_PSET_NAME, &default_pset,
			      &default_pset.name_self,
			      &default_pset.name_sself);
	for (int i = 0; i < PROCESSOR_MAX; i++) {
		struct processor *p = &processor_array[i];
		p->slot_num = i;
		p->is_master = i == 0;
		p->pset = &default_pset;
		processor_port_create(IKOT_PROCESSOR, p, &p->self, &p->sself);
		default_pset.processor_count++;
	}
}

unsigned
processor_count(void)
{
	return PROCESSOR_MAX;
}

ipc_port_t
processor_port_send(processor_t p)
{
	return ipc_port_copy_send(p->sself);
}

/* The object a port of kernel-object type `type' (or `alt') stands for. */
static void *
port_kobject(ipc_port_t port, ipc_kobject_type_t type, ipc_kobject_type_t alt)
{
	void *object = NULL;
	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) &&
	    (port->ip_kotype == type || port->ip_kotype == alt))
		object = port->ip_kobject;
	ip_unlock(port);
	return object;
}

processor_t
convert_port_to_processor(ipc_port_t port)
{
	return port_kobject(port, IKOT_PROCESSOR, IKOT_PROCESSOR);
}

processor_set_t
convert_port_to_pset(ipc_port_t port)
{
	return port_kobject(port, IKOT_PSET, IKOT_PSET);
}

processor_set_t
convert_port_to_pset_name(ipc_port_t port)
{
	return port_kobject(port, IKOT_PSET, IKOT_PSET_NAME);
}

ipc_port_t
convert_pset_to_port(processor_set_t pset)
{
	return pset == NULL ? IP_NULL : ipc_port_copy_send(pset->sself);
}

ipc_port_t
convert_pset_name_to_port(processor_set_t pset)
{
	return pset == NULL ? IP_NULL : ipc_port_copy_send(pset->name_sself);
}

void
processor_deallocate(processor_t processor)
{
	(void)processor; /* processors live for ever */
}

void
pset_deallocate(processor_set_t pset)
{
	(void)pset; /* the default set lives for ever */
}
