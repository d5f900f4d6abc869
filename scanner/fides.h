/*
 * Fides datasets read back (docs/export.md "Round trip"): the fideslang
 * dataset YAML `steward export --format fides` writes, edited in Fides or
 * by hand, given to scan (fides: in steward.yaml, or --fides FILE).  A
 * council's corrections made there stick:
 *   - a field whose data_categories lists categories: they replace what
 *     steward found in that column (declared findings, evidence
 *     "declared"; what steward found and the list lacks is dismissed, so
 *     `steward explain` still shows it);
 *   - data_categories: [] : the column holds no personal data (a decision,
 *     as not_personal: in steward.yaml);
 *   - a field without data_categories, or a column the file does not name:
 *     steward decides, as without the file.
 * Datasets name their source and schema in meta: { steward_source,
 * steward_schema }, which steward writes.
 */
#ifndef STW_FIDES_H
#define STW_FIDES_H

#include "err.h"
#include "inventory.h"
#include "util.h"

struct stw_rules;

/* One field's declaration. */
struct stw_fides_field {
	char *source, *schema, *table, *column;
	struct stw_strv categories;    /* empty: not personal */
	char *at;                      /* "FILE:LINE:COL" of the field */
};

struct stw_fides {
	struct stw_fides_field **fields;
	size_t nfields, afields;
};

/* Reads each file into *out (caller frees with stw_fides_free).  Errors
 * name FILE:LINE:COL (STW_EUSAGE). */
int stw_fides_load(struct stw_fides **out, const struct stw_strv *files, struct stw_err *err);
void stw_fides_free(struct stw_fides *f);
/* The same from memory; name stands for the file in messages (the
 * fuzzer's entry point). */
int stw_fides_from_text(struct stw_fides **out, const char *text, size_t len, const char *name,
    struct stw_err *err);

/* Applies the declarations to inv's columns.  rules (may be NULL) gives
 * the sensitivity of a declared category: the highest of the rules that
 * report it, else one from the category's place in the taxonomy.
 * Returns the number of columns a declaration changed. */
size_t stw_fides_apply(struct stw_inventory *inv, const struct stw_fides *f,
    const struct stw_rules *rules);

#endif
