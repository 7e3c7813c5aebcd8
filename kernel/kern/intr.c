/*
 * kern/intr.c: the table of device interrupt handlers.
 *
 * Lock: intr_lock guards the table against registration racing with
 * dispatch on another CPU.
 */

#include <stddef.h>

#include <machine/machdep.h>

#include "kern/intr.h"
#include "kern/lock.h"

struct intr_line {
	intr_handler_t handler;
	void *arg;
	unsigned long count;
};

static simple_lock_t intr_lock = SIMPLE_LOCK_INITIALIZER;
static struct intr_line lines[INTR_NLINES];

kern_return_t
intr_register(unsigned line, intr_handler_t handler, void *arg)
{
	if (line >= INTR_NLINES || handler == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&intr_lock);
	if (lines[line].handler != NULL) {
		simple_unlock(&intr_lock);
		return KERN_NAME_EXISTS;
	}
	lines[line].handler = handler;
	lines[line].arg = arg;
	simple_unlock(&intr_lock);
	arch_intr_unmask(line);
	return KERN_SUCCESS;
}

void
intr_unregister(unsigned line)
{
	if (line >= INTR_NLINES)
		return;
	arch_intr_mask(line);
	simple_lock(&intr_lock);
	lines[line].handler = NULL;
	lines[line].arg = NULL;
	simple_unlock(&intr_lock);
}

void
intr_dispatch(unsigned line)
{
	simple_lock(&intr_lock);
	struct intr_line l = lines[line];
	lines[line].count++;
	simple_unlock(&intr_lock);
	if (l.handler != NULL)
		l.handler(l.arg);
}

unsigned long
intr_count(unsigned line)
{
	simple_lock(&intr_lock);
	unsigned long n = line < INTR_NLINES ? lines[line].count : 0;
	simple_unlock(&intr_lock);
	return n;
}
