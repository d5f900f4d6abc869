/*
 * steward explain: why a column is (or is not) personal data, as a chain
 * of reasons in plain language, for a DPO who asks.  A pure function of an
 * inventory (and, optionally, the rule set, for rule descriptions).
 */
#ifndef STW_EXPLAIN_H
#define STW_EXPLAIN_H

#include "scanner/err.h"
#include "scanner/inventory.h"

struct stw_rules;

/* Finds "SOURCE.SCHEMA.TABLE[.COLUMN]" in inv.  Names may themselves hold
 * dots: every way of splitting the text is tried against the inventory's
 * sources, tables and columns, and an ambiguous one is an error.  *col is
 * NULL when the text names a table.  STW_ENOTFOUND with a message naming
 * the closest part that exists. */
int stw_explain_find(const struct stw_inventory *inv, const char *target,
    const struct stw_source **src, const struct stw_table **t, const struct stw_column **col,
    struct stw_err *err);

/* The explanation of a column (col != NULL) or of a table's subject, as a
 * malloc'd text.  rules (may be NULL) gives rule descriptions. */
char *stw_explain_text(const struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const struct stw_column *col, const struct stw_rules *rules);

#endif
