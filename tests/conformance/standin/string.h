/* string.h: the C library's functions GNU MIG's stubs use (rt.c). */
#ifndef CONFORMANCE_STRING_H
#define CONFORMANCE_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);

#endif
