/*
 * kern/queue.h: intrusive doubly linked lists.
 *
 * A queue_head_t is a circular list head; a queue_chain_t is embedded in
 * each element.  queue_entry(ptr, type, field) finds the element.
 */
#ifndef KERN_QUEUE_H
#define KERN_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct queue_entry {
	struct queue_entry *next;
	struct queue_entry *prev;
} queue_head_t, queue_chain_t;

#define queue_entry(ptr, type, field)                                          \
	((type *)((char *)(ptr)-offsetof(type, field)))

static inline void
queue_init(queue_head_t *q)
{
	q->next = q->prev = q;
}

static inline bool
queue_empty(const queue_head_t *q)
{
	return q->next == q;
}

static inline void
queue_enter_tail(queue_head_t *q, queue_chain_t *e)
{
	e->prev = q->prev;
	e->next = q;
	q->prev->next = e;
	q->prev = e;
}

static inline void
queue_enter_head(queue_head_t *q, queue_chain_t *e)
{
	e->next = q->next;
	e->prev = q;
	q->next->prev = e;
	q->next = e;
}

static inline void
queue_remove(queue_chain_t *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = e;
}

/* Remove and return the first element, or NULL if empty. */
static inline queue_chain_t *
queue_remove_first(queue_head_t *q)
{
	if (queue_empty(q))
		return NULL;
	queue_chain_t *e = q->next;
	queue_remove(e);
	return e;
}

#endif
