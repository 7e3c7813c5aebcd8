/*
 * kern/boot_script.h: GNU Mach's boot-script language, read from the
 * boot modules' command lines.
 *
 * Each module's command line is one line of the script; its words,
 * separated by blanks, become the argv of the module's task once
 * expanded:
 *
 *	${NAME}		the value of the variable NAME, anywhere in a word
 *			(--host-port=${host-port}): a string as it is; a
 *			port (or task) as a send right inserted into the
 *			line's task, written as its name in decimal;
 *	$(FN)		a call, a word of its own, which gives no argument:
 *			task-create makes the line's task, into which the
 *			module is loaded; task-resume starts it once loaded;
 *	$(NAME=FN)	the same, and NAME is set to what FN gives (the
 *			task, for task-create).
 *
 * This file is the language: splitting a line into words and expanding
 * a word through a caller's look-up.  It allocates nothing and touches
 * no kernel object; kern/bootstrap.c runs the script.
 */
#ifndef KERN_BOOT_SCRIPT_H
#define KERN_BOOT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

enum boot_script_fn {
	BOOT_SCRIPT_TASK_CREATE,
	BOOT_SCRIPT_TASK_RESUME,
};

/* The longest variable name. */
#define BOOT_SCRIPT_NAME_MAX 32

struct boot_script_word {
	const char *text; /* the word, in the line (not terminated) */
	size_t len;
	bool is_call;                       /* a $(...) word */
	enum boot_script_fn fn;             /* is_call: which */
	char var[BOOT_SCRIPT_NAME_MAX + 1]; /* is_call: NAME=, or "" */
};

/*
 * Read the next word of the line at *cursor into *word and move the
 * cursor past it.  Returns 1 for a word, 0 at the end of the line, -1
 * for a syntax error, with *why saying what (an unterminated ${ or $(,
 * a call inside a word, an unknown function, a bad or long name).
 */
int boot_script_next_word(const char **cursor, struct boot_script_word *word,
			  const char **why);

/*
 * How the caller gives a variable's text: write the value of the
 * variable `name' (terminated) into out[0, size) and return its length;
 * -1 if it has no value, -2 if it does not fit.
 */
typedef long (*boot_script_lookup_fn)(const char *name, char *out, size_t size,
				      void *arg);

/*
 * Expand a word that is not a call into out[0, size), terminated:
 * returns its length, or -1 with *why (an undefined variable, no room).
 */
long boot_script_expand(const struct boot_script_word *word,
			boot_script_lookup_fn lookup, void *arg, char *out,
			size_t size, const char **why);

#endif
