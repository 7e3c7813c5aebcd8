/*
 * mach/vm_inherit.h: what a child task gets of each region of its
 * parent's address space (vm_inherit, task_create), GNU Mach's values.
 */
#ifndef _MACH_VM_INHERIT_H_
#define _MACH_VM_INHERIT_H_

typedef int vm_inherit_t;

#define VM_INHERIT_SHARE       ((vm_inherit_t)0) /* share with the child */
#define VM_INHERIT_COPY        ((vm_inherit_t)1) /* copy into the child */
#define VM_INHERIT_NONE        ((vm_inherit_t)2) /* absent from the child */
#define VM_INHERIT_DONATE_COPY ((vm_inherit_t)3) /* copy and delete */

#define VM_INHERIT_DEFAULT VM_INHERIT_COPY

#endif
