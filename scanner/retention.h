/*
 * Retention, measured at scan time (docs/policy.md "Retention").
 *
 * For every table holding a category with a retention limit (steward.yaml
 * categories: / tables:), steward picks an anchor timestamp column, counts
 * the rows whose anchor is older than the limit as of a fixed date, and
 * records the oldest anchor value in table->retention.  Limits follow
 * lineage: a copy must not keep data longer than the table it was copied
 * from, so a table's limit is the strictest of its own and its upstream
 * tables' limits for the categories it inherited.
 *
 * The limit and anchor helpers are pure functions of inventory + config,
 * shared with the policy evaluation (output/policy.c), so that the scan and
 * the report agree on which limit applies and where it came from.
 *
 * Ownership: struct stw_retention_limit owns its strings;
 * stw_retention_limit_release() frees them.
 */
#ifndef STW_RETENTION_H
#define STW_RETENTION_H

#include "config.h"
#include "connector.h"
#include "err.h"
#include "inventory.h"

/* Above this many estimated rows the count is estimated from a sample
 * instead of counted (also when an exact count times out). */
#define STW_RETENTION_EXACT_MAX_ROWS 10000000LL
/* Rows sampled for an estimate. */
#define STW_RETENTION_SAMPLE_ROWS 10000LL

/* The retention limit that applies to one table. */
struct stw_retention_limit {
	long long days;          /* effective limit; -1 = no limit applies */
	char *category;          /* category whose limit it is (owned), NULL when none */
	long long own_days;      /* the table's own strictest limit; -1 = none */
	char *own_category;      /* category of own_days (owned) or NULL */
	char *upstream;          /* "source.schema.table" the effective limit was
	                          * inherited from (owned), NULL when it is the table's own */
	char *path;              /* lineage path upstream column -> this table's column
	                          * (owned), NULL when own */
};

/* Computes the limit of table t (in source src of inv).  Never fails;
 * out->days is -1 when no configured limit applies.  Views get no limit:
 * they store nothing, their base tables are measured. */
void stw_retention_limit(struct stw_retention_limit *out, const struct stw_inventory *inv,
    const struct stw_source *src, const struct stw_table *t, const struct stw_config *cfg);
void stw_retention_limit_release(struct stw_retention_limit *l);

/* The lineage path by which category reached (t, column) from the
 * farthest upstream column holding it ("a.b.c.x -[view]-> ..."), or NULL
 * when it did not flow in (caller frees).  Used for evidence when a
 * column was classified directly but is also a copy. */
char *stw_retention_upstream_path(const struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const char *column, const char *category);

/* The anchor column for t under category (borrowed name from t, or NULL):
 * the tables: entry's anchor list, else the category's, else the defaults
 * (docs/policy.md "Anchor columns"). */
const char *stw_retention_anchor(const struct stw_source *src, const struct stw_table *t,
    const struct stw_config *cfg, const char *category);

/* Days since 1970-01-01 of a "YYYY-MM-DD..." text; STW_EUSAGE when it is
 * not a valid date. */
int stw_date_days(long long *out, const char *s);
/* "YYYY-MM-DD" of a day number into out (11+ bytes). */
void stw_date_format(char *out, size_t n, long long days);
/* The cutoff "YYYY-MM-DD 00:00:00" = as_of minus days (as_of is
 * "YYYY-MM-DD"); STW_EUSAGE on a bad date. */
int stw_retention_cutoff(char out[32], const char *as_of, long long days);
/* Whole days from the date in ts ("YYYY-MM-DD...") to as_of; -1 when
 * either cannot be read. */
long long stw_retention_age_days(const char *as_of, const char *ts);

/*
 * Fills table->retention for every table of src that a limit applies to,
 * counting over the connections conns[0..nconns) side by side (conns[0]
 * may be NULL when the source could not be opened: then the blocks say
 * "not measured").  as_of is
 * "YYYY-MM-DD" (UTC).  Per-table problems go into retention.note and never
 * fail the call; returns STW_EUSAGE only for a bad as_of.
 */
int stw_retention_measure_source(struct stw_conn *const *conns, size_t nconns,
    struct stw_source *src, const struct stw_inventory *inv, const struct stw_config *cfg,
    const char *as_of, struct stw_err *err);

#endif
