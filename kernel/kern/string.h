/*
 * kern/string.h: the C string and memory functions the kernel provides
 * for itself (the compiler may also emit calls to memcpy, memmove,
 * memset and memcmp).
 */
#ifndef KERN_STRING_H
#define KERN_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
/* The length of `s', or `max' if no zero comes in its first max bytes. */
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#endif
