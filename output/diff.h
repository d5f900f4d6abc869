/*
 * steward diff: what changed between two inventories (docs/check.md):
 * tables and columns added, removed or retyped, personal-data findings
 * added or removed, lineage edges added or removed.  Objects are compared
 * by identity (source, schema, table, column; for findings also the
 * category; for edges kind and both endpoints), never by counts or
 * confidence, so two scans of an unchanged schema give an empty diff.
 *
 * Ownership: struct stw_diff owns its items and every string in them;
 * stw_diff_free() releases all (accepts NULL).
 */
#ifndef STW_DIFF_H
#define STW_DIFF_H

#include <stddef.h>

#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_diff_what {
	STW_DIFF_TABLE = 1,
	STW_DIFF_COLUMN,
	STW_DIFF_FINDING,
	STW_DIFF_EDGE
};

enum stw_diff_change {
	STW_DIFF_ADDED = 1,
	STW_DIFF_REMOVED,
	STW_DIFF_RETYPED            /* columns only: type changed */
};

struct stw_diff_item {
	enum stw_diff_what what;
	enum stw_diff_change change;
	char *source, *schema, *table;
	char *column;               /* NULL for tables and table-level edges */
	char *kind;                 /* table kind, or edge kind */
	char *old_type, *new_type;  /* columns: types (old NULL when added, new NULL when removed) */
	char *category;             /* findings */
	char *rule;                 /* findings: rule id */
	enum stw_sensitivity sensitivity;  /* findings */
	char *from, *to;            /* edges: "source.schema.table[.column]" */
	char *evidence;             /* edges: how it was found */
};

enum stw_diff_format {
	STW_DIFF_FMT_TEXT = 1,
	STW_DIFF_FMT_JSON,
	STW_DIFF_FMT_MARKDOWN
};
int stw_diff_format_parse(enum stw_diff_format *out, const char *s);  /* 0 or STW_EUSAGE */

struct stw_diff {
	struct stw_diff_item **v;   /* sorted: what, then name, then change */
	size_t n, alloc;
	size_t count[STW_DIFF_EDGE + 1][STW_DIFF_RETYPED + 1];   /* [what][change] */
};

int stw_diff_compute(struct stw_diff **out, const struct stw_inventory *old_inv,
    const struct stw_inventory *new_inv, struct stw_err *err);
void stw_diff_free(struct stw_diff *d);

/* A malloc'd rendering (caller frees); the names label the two sides. */
char *stw_diff_render(const struct stw_diff *d, enum stw_diff_format f, const char *old_name,
    const char *new_name);

#endif
