/*
 * tls.h: what libmach's files share about the thread pointer (private
 * to libmach).
 */
#ifndef LIBMACH_TLS_H
#define LIBMACH_TLS_H

#include <mach/kern_return.h>

/* Nonzero once the calling program's first thread has its thread
 * pointer: `__thread' variables may be used from then on. */
extern int mach_tls_ready __attribute__((visibility("hidden")));

/*
 * Give the calling thread (the program's first) its thread pointer, as
 * musl lays it out on x86_64: the program's TLS block (its PT_TLS
 * image copied, the rest zero) just below the pointer, and at it the
 * thread descriptor, whose ABI part (self, dtv, canary) is filled in;
 * then fs base is set through thread_set_state(i386_FSGS_BASE_STATE)
 * and musl's thread takes the global locale.  Returns KERN_SUCCESS, or
 * the error of vm_allocate or thread_set_state (nothing is then
 * changed and mach_tls_ready stays 0).
 */
kern_return_t mach_tls_init(void) __attribute__((visibility("hidden")));

/* mig_support.c: move the reply port made before the thread pointer
 * existed into the thread's own slot. */
void mig_reply_port_to_tls(void) __attribute__((visibility("hidden")));

#endif
