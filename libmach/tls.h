/*
 * tls.h: what libmach's files share about the thread pointer (private
 * to libmach).  musl's start-up makes the first thread's thread pointer
 * (arch_prctl(ARCH_SET_FS), served by the emulation, emul.c); before
 * it, `__thread' variables may not be used.
 */
#ifndef LIBMACH_TLS_H
#define LIBMACH_TLS_H

/* Nonzero once the calling program's first thread has its thread
 * pointer: `__thread' variables may be used from then on.  Set by
 * emul.c when musl's start-up sets fs base. */
extern int mach_tls_ready __attribute__((visibility("hidden")));

/* mig_support.c: move the reply port made before the thread pointer
 * existed into the thread's own slot. */
void mig_reply_port_to_tls(void) __attribute__((visibility("hidden")));

#endif
