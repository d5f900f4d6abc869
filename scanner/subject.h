/*
 * Table subjects (docs/subjects.md): whose rows a table holds -- people,
 * events about people, organisations, reference data -- decided from the
 * table's name, the findings of its own columns and its foreign keys, and
 * the findings that follow from it: a person's key and every key that
 * references it, the attributes of rows about a person (sensitivity
 * "linked"), and the organisation and reference data that is not a
 * person's at all.
 *
 * Everything here runs on the catalog and the classifier's findings: no
 * database access.  It rewrites findings in the inventory it is given.
 */
#ifndef STW_SUBJECT_H
#define STW_SUBJECT_H

#include "config.h"
#include "err.h"
#include "inventory.h"

struct stw_rules;

/*
 * Decides the subject of every base table of every source and applies
 * its consequences to the findings (keys of persons, dismissals in
 * organisation and reference tables, linked attributes, and the name
 * rules restricted to a subject; rules may be NULL).  cfg (may be NULL)
 * gives subjects: overrides.  Deterministic: the result depends only on
 * the inventory's contents.  Run after the classifier and the lineage
 * edges, before stw_lineage_propagate().
 */
int stw_subject_infer(struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_rules *rules, struct stw_err *err);

/*
 * Views and materialized views take the subject of the tables they read
 * (along the view edges, through chains of views), when they have none
 * of their own.  Run after stw_lineage_propagate().
 */
void stw_subject_views(struct stw_inventory *inv, const struct stw_config *cfg);

/*
 * Applies not_personal: decisions from cfg: the column's findings are
 * dismissed with the decision's reason, and the decision is recorded on
 * the column.  Idempotent; run before propagation (so that copies do not
 * inherit what the council decided) and after it (for the copies' own
 * columns).
 */
void stw_subject_decisions(struct stw_inventory *inv, const struct stw_config *cfg);

/* Why a column of a table of people or of events about people got no
 * linked finding: "the row's own key", "a foreign key", "row-maintenance
 * data ...", "a key by its name ...", or NULL when none of these holds.
 * Static storage. */
const char *stw_subject_not_linked_reason(const struct stw_table *t, const struct stw_column *c);

/* Word parts of a table or column name as subject inference sees them
 * (normalised, singular), joined with '_': "tbl_Customers" -> "tbl_customer".
 * For tests and `steward explain`.  Returns a new string. */
char *stw_subject_words(const char *name);

#endif
