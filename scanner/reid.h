/*
 * Re-identification risk, measured at scan time (docs/pia.md).
 *
 * For each table of people (or of events about people) with
 * quasi-identifier columns (the columns steward rated `quasi`: birth date,
 * postal code, gender, city, job title, ...), one bounded statement counts
 * the equivalence classes over those columns among the first rows_limit
 * rows (the sample size unless --reid-rows says otherwise): how many classes, how many rows are alone in theirs, the smallest
 * class (k), the rows in classes smaller than the target k, and for
 * special-category columns the smallest number of distinct values in a
 * class (l).  Then up to four more statements try generalisations (birth
 * date to year, postal code to three characters, birth date to decade,
 * leaving out the most distinct column) until k reaches the target.
 * Only counts are kept: never a value, never a class's key.
 */
#ifndef STW_REID_H
#define STW_REID_H

#include "connector.h"
#include "err.h"
#include "inventory.h"

#define STW_REID_TARGET_K 5

/* Measures every eligible table of src on the connections given (with
 * --jobs N, up to N of them, side by side); a table's failure goes to its
 * reid.error.  Returns STW_ECONNECT when a connection was lost (the
 * others finish the tables it would have measured). */
int stw_reid_measure_source(struct stw_conn *const *conns, size_t nconns, struct stw_source *src,
    long long rows_limit, struct stw_err *err);

/* 1 when t gets a measure: a table of people or events about people with
 * at least one quasi-identifier column. */
int stw_reid_eligible(const struct stw_table *t);

#endif
