/*
 * Lineage: edges between tables and columns (foreign keys, views,
 * materialized views, triggers, declared flows), and the propagation of
 * personal-data categories along derivation edges.
 */
#ifndef STW_LINEAGE_H
#define STW_LINEAGE_H

#include "config.h"
#include "err.h"
#include "inventory.h"

/* Adds the edges derivable from one scanned source (its foreign keys, view
 * SQL and trigger bodies) to inv->lineage.  Parsing problems mark the view
 * partial in its table->error rather than dropping it. */
int stw_lineage_from_source(struct stw_inventory *inv, struct stw_source *src,
    struct stw_err *err);
/* Adds declared flows: from the config, across sources. */
int stw_lineage_declared(struct stw_inventory *inv, const struct stw_config *cfg,
    struct stw_err *err);
/* Copies categories along derivation edges (view, materialized_view,
 * trigger, declared, inferred; not fk) as inherited findings. */
int stw_lineage_propagate(struct stw_inventory *inv, struct stw_err *err);

/* Column-level lineage of one view or materialized view (lineage_sql.c):
 * adds "view"/"materialized_view" edges to inv.  SQL that cannot be parsed
 * gives table-level edges instead and marks view->error "lineage partial:
 * ..."; that is not an error (returns STW_OK). */
int stw_lineage_view(struct stw_inventory *inv, struct stw_source *src, struct stw_table *view,
    struct stw_err *err);
/* Edges of one trigger on t whose body copies rows (INSERT/UPDATE into a
 * table, from NEW/OLD or a SELECT): kind "trigger". */
int stw_lineage_trigger(struct stw_inventory *inv, struct stw_source *src, struct stw_table *t,
    const struct stw_trigger *tr, struct stw_err *err);
/* The base columns a view reads in WHERE, JOIN ... ON/USING and HAVING
 * (also inside subqueries), appended to out as "table.column" (real table
 * names, not aliases; no duplicates).  src gives the catalog used to
 * resolve unqualified names and the engine's quoting; NULL guesses.
 * STW_EUSAGE when the SQL cannot be parsed, STW_ENOTFOUND without SQL. */
int stw_lineage_view_filters_in(const struct stw_source *src, const struct stw_table *view,
    struct stw_strv *out, struct stw_err *err);
int stw_lineage_view_filters(const struct stw_table *view, struct stw_strv *out,
    struct stw_err *err);
/* Rewrites an engine's SQL ("mysql", "sqlite", "postgres", NULL = guess)
 * into text the PostgreSQL grammar reads: `x` and SQLite [x] become "x",
 * MySQL \' escapes and _charset introducers are rewritten, MySQL "strings"
 * become 'strings'.  Returns a new string. */
char *stw_lineage_sql_normalize(const char *sql, const char *engine);

/* The SQL parser steward links, for steward --version. */
const char *stw_lineage_parser_version(void);

#endif
