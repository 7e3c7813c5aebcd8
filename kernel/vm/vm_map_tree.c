/*
 * vm/vm_map_tree.c: an AVL tree of map entries by start address.
 * Recursive: the depth is at most about 1.44 log2(n), under 64 for any
 * map that fits in memory.
 */

#include "kern/panic.h"
#include "vm/vm_map.h"
#include "vm/vm_map_tree.h"

typedef struct vm_map_entry node_t;

int
vm_map_tree_height(const node_t *n)
{
	return n != NULL ? n->tree_height : 0;
}

static void
update(node_t *n)
{
	int l = vm_map_tree_height(n->tree_left);
	int r = vm_map_tree_height(n->tree_right);
	n->tree_height = (l > r ? l : r) + 1;
}

static node_t *
rotate_right(node_t *n)
{
	node_t *l = n->tree_left;
	n->tree_left = l->tree_right;
	l->tree_right = n;
	update(n);
	update(l);
	return l;
}

static node_t *
rotate_left(node_t *n)
{
	node_t *r = n->tree_right;
	n->tree_right = r->tree_left;
	r->tree_left = n;
	update(n);
	update(r);
	return r;
}

/* Restore the AVL property at `n', whose subtrees are AVL trees. */
static node_t *
balance(node_t *n)
{
	update(n);
	int bf = vm_map_tree_height(n->tree_left) -
		 vm_map_tree_height(n->tree_right);
	if (bf > 1) {
		if (vm_map_tree_height(n->tree_left->tree_left) <
		    vm_map_tree_height(n->tree_left->tree_right))
			n->tree_left = rotate_left(n->tree_left);
		return rotate_right(n);
	}
	if (bf < -1) {
		if (vm_map_tree_height(n->tree_right->tree_right) <
		    vm_map_tree_height(n->tree_right->tree_left))
			n->tree_right = rotate_right(n->tree_right);
		return rotate_left(n);
	}
	return n;
}

static node_t *
insert(node_t *n, node_t *e)
{
	if (n == NULL) {
		e->tree_left = e->tree_right = NULL;
		e->tree_height = 1;
		return e;
	}
	if (e->start < n->start)
		n->tree_left = insert(n->tree_left, e);
	else if (e->start > n->start)
		n->tree_right = insert(n->tree_right, e);
	else
		panic("vm_map_tree_insert: two entries at %p",
		      (void *)e->start);
	return balance(n);
}

void
vm_map_tree_insert(node_t **root, node_t *e)
{
	*root = insert(*root, e);
}

/* Detach the smallest node of `n' into *min; returns the rest. */
static node_t *
remove_min(node_t *n, node_t **min)
{
	if (n->tree_left == NULL) {
		*min = n;
		return n->tree_right;
	}
	n->tree_left = remove_min(n->tree_left, min);
	return balance(n);
}

static node_t *
remove(node_t *n, node_t *e)
{
	if (n == NULL)
		panic("vm_map_tree_remove: entry %p not in the tree",
		      (void *)e);
	if (e->start < n->start) {
		n->tree_left = remove(n->tree_left, e);
	} else if (e->start > n->start) {
		n->tree_right = remove(n->tree_right, e);
	} else {
		if (n != e)
			panic("vm_map_tree_remove: another entry at its start");
		if (n->tree_right == NULL)
			return n->tree_left;
		node_t *min;
		node_t *rest = remove_min(n->tree_right, &min);
		min->tree_left = n->tree_left;
		min->tree_right = rest;
		n = min;
	}
	return balance(n);
}

void
vm_map_tree_remove(node_t **root, node_t *e)
{
	*root = remove(*root, e);
}

node_t *
vm_map_tree_floor(node_t *n, vm_offset_t addr)
{
	node_t *best = NULL;
	while (n != NULL) {
		if (n->start <= addr) {
			best = n;
			n = n->tree_right;
		} else {
			n = n->tree_left;
		}
	}
	return best;
}
