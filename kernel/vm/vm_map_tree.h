/*
 * vm/vm_map_tree.h: the balanced search tree (AVL) of a map's entries,
 * keyed by their start address, for look-ups logarithmic in the number
 * of entries.  The entries never overlap, so changing an entry's start
 * within the gap before it keeps the tree ordered.  No locks: the
 * map's lock guards its tree.
 */
#ifndef VM_VM_MAP_TREE_H
#define VM_VM_MAP_TREE_H

#include <mach/machine_types.h>

struct vm_map_entry;

/* Insert `e' (whose start no other entry of the tree has). */
void vm_map_tree_insert(struct vm_map_entry **root, struct vm_map_entry *e);

/* Remove `e', which is in the tree. */
void vm_map_tree_remove(struct vm_map_entry **root, struct vm_map_entry *e);

/* The entry with the greatest start <= addr, or NULL. */
struct vm_map_entry *vm_map_tree_floor(struct vm_map_entry *root,
				       vm_offset_t addr);

/* The tree's height (0 when empty): for the unit tests' balance check. */
int vm_map_tree_height(const struct vm_map_entry *root);

#endif
