/* string.h: what generated stubs use, for the freestanding -m32 check of
 * the i386 target in good-bad.sh (no 32-bit libc is needed). */
#include <stddef.h>
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
void *memchr(const void *, int, size_t);
size_t strnlen(const char *, size_t);
