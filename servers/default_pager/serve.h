/*
 * serve.h: one message to the default pager, dispatched by the port it
 * came to (serve.c).
 */

#ifndef SERVERS_DEFAULT_PAGER_SERVE_H
#define SERVERS_DEFAULT_PAGER_SERVE_H

#include <stdint.h>

#include <mach.h>

/* The largest request of the three interfaces served, with room. */
#define SERVE_REQUEST_MAX 512u

/*
 * Serve the received request: memory_object_create on the default
 * port; memory_object.defs, data_initialize and the no-senders
 * notification on an object's port; anything else is dropped.  Every
 * routine is one-way: no reply is ever sent.  A request that was not
 * accepted is destroyed with its rights and memory; an accepted one's
 * reply right, if it had one, is released.
 */
void serve_message(mach_msg_header_t *request, mach_port_t default_port);

/* Requests the stubs refused (bad layout, unknown id, wrong port). */
uint64_t serve_bad_messages(void);

#endif
