/*
 * mach/machine_types.h: the machine-dependent integer types of the ABI
 * (x86_64 and i386 user space: natural_t and integer_t are 32 bits;
 * addresses and sizes are the pointer size).
 */
#ifndef _MACH_MACHINE_TYPES_H_
#define _MACH_MACHINE_TYPES_H_

#include <stdint.h>

typedef uint32_t natural_t;
typedef int32_t integer_t;
typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_address_t;
typedef uintptr_t vm_size_t;
typedef unsigned long long_natural_t;
typedef long long_integer_t;
#ifdef __x86_64__
typedef uint64_t rpc_long_natural_t;
typedef int64_t rpc_long_integer_t;
typedef uint64_t rpc_uintptr_t;
typedef int64_t rpc_intptr_t;
#else
typedef uint32_t rpc_long_natural_t;
typedef int32_t rpc_long_integer_t;
typedef uint32_t rpc_uintptr_t;
typedef int32_t rpc_intptr_t;
#endif

#endif
