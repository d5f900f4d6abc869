/*
 * Inferred lineage (docs/lineage.md "Inferred copies"): copies of personal
 * data that no catalog declares, found from values without keeping any.
 *
 *   join    along a foreign key, a bounded sample of child rows is joined
 *           to the parent rows they reference and each child column is
 *           compared with each personal parent column: a denormalised copy
 *           (an invoice's billing address) shows as a rate of equal pairs,
 *           set against the rate of chance agreement between unmatched rows.
 *   sketch  the keyed bottom-k sketches of two columns (fprint.h) estimate
 *           how much of one's values the other holds: a copy under another
 *           name, in another table or another source, with no key between.
 *
 * Both add edges of kind "inferred" with their struct stw_inference;
 * propagation then carries categories along them like any other edge.
 */
#ifndef STW_INFER_H
#define STW_INFER_H

#include <stddef.h>

#include "connector.h"
#include "err.h"
#include "fprint.h"
#include "inventory.h"

/* Below these an overlap is not taken for a copy. */
#define STW_INFER_MIN_RATE 0.8           /* sketch: containment of the copy in its origin */
#define STW_INFER_MIN_JOIN_RATE 0.5      /* join: equal pairs among matched rows */
#define STW_INFER_MIN_KAPPA 0.5          /* join: agreement beyond chance */
#define STW_INFER_MIN_COMPARED 20        /* pairs or hashes */
#define STW_INFER_MIN_LOW 0.5            /* sketch: 95 % lower bound of the (corrected) rate */

/* Join inference over src's foreign keys: one bounded statement per key
 * whose parent holds personal data, at most rows child rows each, on the
 * scan's open connection conns[0] and, side by side, on the others
 * (--jobs; NULL entries are skipped).  The edges are added in key order
 * whatever ran where, so the inventory does not depend on nconns.  A
 * statement that fails is logged in *problems (one line each) and
 * skipped. */
int stw_infer_joins(struct stw_conn *const *conns, size_t nconns, struct stw_inventory *inv,
    struct stw_source *src, const struct stw_fp_key *key, long long rows, size_t max_value_len,
    struct stw_strv *problems, struct stw_err *err);

/* Sketch inference over every pair of fingerprinted columns of inv (all
 * sources), skipping pairs an edge already connects.  Returns the number
 * of edges added in *added. */
int stw_infer_sketches(struct stw_inventory *inv, size_t *added, struct stw_err *err);
/* The same, its merge of the sketches in passes over ranges of hashes that
 * each hold at most about 1.25 x max_entries of them (the memory it
 * takes: 8 bytes each); the edges do not depend on it.  The ranges are
 * cut at the quantiles of a sample; a pass that fills its room anyway is
 * cut lower.  st (when not NULL) says what the merge did: every hash of
 * every column is merged once, in one pass.  stw_infer_sketches passes
 * STW_INFER_PASS_HASHES.  Spooled sketches (inv->fp_spool) are read back
 * one chunk at a time; a spool that cannot be read is an error. */
#define STW_INFER_PASS_HASHES ((size_t)1 << 20)
struct stw_infer_stats {
	size_t passes;                   /* merges run */
	size_t cuts;                     /* passes cut lower when they filled their room */
	size_t merged;                   /* hashes merged, over all passes */
};
int stw_infer_sketches_bounded(struct stw_inventory *inv, size_t max_entries, size_t *added,
    struct stw_infer_stats *st, struct stw_err *err);

/* Removes the sketch-inferred edges (before they are computed again over
 * a merged inventory); join edges stay, they need the databases. */
void stw_infer_drop_sketch_edges(struct stw_inventory *inv);

#endif
