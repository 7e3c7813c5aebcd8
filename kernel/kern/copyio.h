/*
 * kern/copyio.h: moving data between the kernel and the current task's
 * user address space.
 *
 * These are the kernel's only accesses to user memory.  The user range
 * is checked to lie in the user half, and a fault on it during the copy
 * (an unmapped page, a write to a read-only page) is recovered: the copy
 * stops and the call fails, the kernel goes on.  A fault on the kernel's
 * side of the copy is a kernel bug: it stops the kernel with a
 * backtrace, as any kernel fault does.
 */
#ifndef KERN_COPYIO_H
#define KERN_COPYIO_H

#include <stddef.h>

#include <mach/kern_return.h>

/*
 * Copy `len' bytes from user address `uaddr' to `kaddr'.  Returns
 * KERN_SUCCESS or KERN_INVALID_ADDRESS (the range leaves user space or
 * is not readable); the kernel buffer may then be partly written.
 */
kern_return_t copyin(const void *uaddr, void *kaddr, size_t len);

/* Copy `len' bytes from `kaddr' to user address `uaddr'; as copyin. */
kern_return_t copyout(const void *kaddr, void *uaddr, size_t len);

#endif
