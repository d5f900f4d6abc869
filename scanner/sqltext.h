/*
 * SQL text that steward builds without a connection: identifiers quoted
 * with each engine's own escaping, and the engine's placeholder for one
 * bound parameter.  Used where there is no open connection to ask (the
 * runbook of `steward locate`) and where the same text must run on all
 * three engines (re-identification counts).  Values are never spliced in:
 * there is no literal quoting here on purpose.
 */
#ifndef STW_SQLTEXT_H
#define STW_SQLTEXT_H

#include "util.h"

/* "name" (PostgreSQL, SQLite) or `name` (MySQL/MariaDB), the quote
 * character doubled inside.  engine: "postgres", "mysql", "sqlite". */
void stw_sql_ident(struct stw_buf *b, const char *engine, const char *name);
/* schema.table, quoted; SQLite's "main" schema is left out. */
void stw_sql_table(struct stw_buf *b, const char *engine, const char *schema, const char *name);
/* The one parameter: "$1" on PostgreSQL, "?" elsewhere. */
const char *stw_sql_param(const char *engine);
/* An expression's value as text: CAST(x AS TEXT) or CAST(x AS CHAR). */
void stw_sql_as_text(struct stw_buf *b, const char *engine, const char *quoted_expr);

#endif
