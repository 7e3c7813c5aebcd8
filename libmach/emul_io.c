/*
 * emul_io.c: the console calls of the emulation (emul.h): write and
 * writev to file descriptors 1 and 2, ioctl.
 *
 * TEMPORARY: the bytes go out through mach_print, GNU Mach's debugging
 * trap, until the console device exists (the device issue) and this
 * becomes device_write on it.  mach_print takes NUL-terminated strings,
 * so the bytes are copied in pieces into a terminated buffer (a NUL
 * byte in the data is dropped).  No other descriptor is open: -EBADF.
 */

#include <errno.h>
#include <sys/ioctl.h>
#include <sys/uio.h>

#include "emul.h"
#include "mach.h"

#define PIECE    256
#define IOV_MAX_ 1024

static int
console_fd(int fd)
{
	return fd == 1 || fd == 2;
}

/* Print [buf, buf + len), which the caller checked is readable. */
static void
console_put(const char *buf, uintptr_t len)
{
	char piece[PIECE + 1];
	while (len > 0) {
		unsigned n = 0;
		while (n < PIECE && len > 0) {
			if (*buf != '\0')
				piece[n++] = *buf;
			buf++;
			len--;
		}
		piece[n] = '\0';
		mach_print(piece);
	}
}

long
emul_write(int fd, uintptr_t buf, uintptr_t len)
{
	if (!console_fd(fd))
		return -EBADF;
	if ((long)len < 0)
		return -EINVAL;
	if (emul_user_ok(buf, len, VM_PROT_READ) != 0)
		return -EFAULT;
	console_put((const char *)buf, len);
	return (long)len;
}

long
emul_writev(int fd, uintptr_t iov, long iovcnt)
{
	if (!console_fd(fd))
		return -EBADF;
	if (iovcnt < 0 || iovcnt > IOV_MAX_)
		return -EINVAL;
	if (emul_user_ok(iov, (uintptr_t)iovcnt * sizeof(struct iovec),
			 VM_PROT_READ) != 0)
		return -EFAULT;
	const struct iovec *v = (const struct iovec *)iov;
	long total = 0;
	/* Linux checks every length before it writes anything. */
	for (long i = 0; i < iovcnt; i++) {
		if ((long)v[i].iov_len < 0 ||
		    v[i].iov_len > (uintptr_t)(0x7fffffffl - total))
			return -EINVAL;
		total += (long)v[i].iov_len;
	}
	long done = 0;
	for (long i = 0; i < iovcnt; i++) {
		uintptr_t base = (uintptr_t)v[i].iov_base, len = v[i].iov_len;
		if (emul_user_ok(base, len, VM_PROT_READ) != 0)
			return done > 0 ? done : -EFAULT;
		console_put((const char *)base, len);
		done += (long)len;
	}
	return done;
}

/* The console is no terminal here: musl asks TIOCGWINSZ to choose line
 * buffering for stdout, and gets full buffering. */
long
emul_ioctl(int fd, unsigned long req, uintptr_t arg)
{
	(void)req;
	(void)arg;
	if (!console_fd(fd) && fd != 0)
		return -EBADF;
	return -ENOTTY;
}
