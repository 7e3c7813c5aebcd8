/*
 * kern/processor.h: processors and processor sets, as ports.
 *
 * One CPU runs today (kern/cpu.h): it is processor 0, slot 0, the
 * master, in the default processor set, the only set (GNU Mach without
 * MACH_HOST: no set is ever created or destroyed).  Each object lives
 * for ever, so the references MIG's conversions take and drop are
 * none.  Ports: the processor's (IKOT_PROCESSOR), the set's control
 * port (IKOT_PSET: processor_set_t) and its name port (IKOT_PSET_NAME:
 * processor_set_name_t, which the control port also converts to, as in
 * GNU Mach).  Their receive rights are the kernel's for good; the send
 * rights kept here are copied to callers.
 */
#ifndef KERN_PROCESSOR_H
#define KERN_PROCESSOR_H

#include <stdbool.h>

#include "ipc/ipc_types.h"

typedef struct processor *processor_t;
typedef struct processor_set *processor_set_t;

struct processor {
	ipc_port_t self;  /* IKOT_PROCESSOR */
	ipc_port_t sself; /* a send right to it, to copy */
	int slot_num;
	bool is_master;
	struct processor_set *pset;
};

struct processor_set {
	ipc_port_t self; /* IKOT_PSET */
	ipc_port_t sself;
	ipc_port_t name_self; /* IKOT_PSET_NAME */
	ipc_port_t name_sself;
	unsigned processor_count;
	unsigned policies; /* POLICY_* allowed (atomic) */
};

/* The processors there are (one per CPU slot). */
#define PROCESSOR_MAX 1
extern struct processor processor_array[PROCESSOR_MAX];
extern struct processor_set default_pset;

/* Make the processors' and the default set's ports.  After
 * ipc_bootstrap (host_init calls it); panics without memory. */
void processor_init(void);

/* The number of processors, all running and in default_pset. */
unsigned processor_count(void);

/* A new send right to processor `p''s port. */
ipc_port_t processor_port_send(processor_t p);

/*
 * MIG's conversions.  Port to object: the processor, the set (control
 * port only), the set by name (either port); NULL otherwise.  Object to
 * port: a new send right to the set's control or name port (IP_NULL
 * for NULL).
 */
processor_t convert_port_to_processor(ipc_port_t port);
processor_set_t convert_port_to_pset(ipc_port_t port);
processor_set_t convert_port_to_pset_name(ipc_port_t port);
ipc_port_t convert_pset_to_port(processor_set_t pset);
ipc_port_t convert_pset_name_to_port(processor_set_t pset);
void processor_deallocate(processor_t processor);
void pset_deallocate(processor_set_t pset);

#endif
