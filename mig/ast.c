/*
 * ast.c: the arena every tree node lives in.
 */
#include "ast.h"

#include <stdlib.h>
#include <string.h>

#define AST_CHUNK 16384

struct ast_chunk {
	struct ast_chunk *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char mem[];
};

void
ast_init(struct ast *ast)
{
	memset(ast, 0, sizeof *ast);
}

void
ast_free(struct ast *ast)
{
	struct ast_chunk *c, *next;

	for (c = ast->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	memset(ast, 0, sizeof *ast);
}

void *
ast_alloc(struct ast *ast, size_t size)
{
	struct ast_chunk *c = ast->arena;
	void *p;

	size = (size + _Alignof(max_align_t) - 1) &
	       ~(_Alignof(max_align_t) - 1);
	if (c == NULL || c->size - c->used < size) {
		size_t want = size > AST_CHUNK ? size : AST_CHUNK;
		c = malloc(sizeof *c + want);
		if (c == NULL)
			abort();
		c->size = want;
		c->used = 0;
		c->next = ast->arena;
		ast->arena = c;
	}
	p = c->mem + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *
ast_strndup(struct ast *ast, const char *s, size_t n)
{
	char *p = ast_alloc(ast, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
ast_strdup(struct ast *ast, const char *s)
{
	return ast_strndup(ast, s, strlen(s));
}

void
ast_append(struct ast *ast, struct ast_stmt *stmt)
{
	if (ast->last != NULL)
		ast->last->next = stmt;
	else
		ast->first = stmt;
	ast->last = stmt;
}

const char *
ast_dir_name(enum ast_dir dir)
{
	static const char *const names[] = {
		[AST_DIR_NONE] = "",
		[AST_DIR_IN] = "in",
		[AST_DIR_OUT] = "out",
		[AST_DIR_INOUT] = "inout",
		[AST_DIR_REQUESTPORT] = "requestport",
		[AST_DIR_REPLYPORT] = "replyport",
		[AST_DIR_SREPLYPORT] = "sreplyport",
		[AST_DIR_UREPLYPORT] = "ureplyport",
		[AST_DIR_WAITTIME] = "waittime",
		[AST_DIR_MSGOPTION] = "msgoption",
		[AST_DIR_MSGSEQNO] = "msgseqno",
	};
	return names[dir];
}
