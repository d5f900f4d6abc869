/*
 * Merging inventories: the shards of a fleet scan (steward scan --shard),
 * or scans of different databases, into one inventory that map, report,
 * policy and check read like any other (docs/fleet.md).  No database is
 * read: what crosses sources (declared flows, copies found from the
 * fingerprints, the categories carried along them) is computed again over
 * the merged whole.
 */
#ifndef STW_MERGE_H
#define STW_MERGE_H

#include "config.h"
#include "err.h"
#include "inventory.h"

struct stw_merge_origin {
	char *source, *when, *file;    /* a source, its scan's generated_at, its input */
};

struct stw_merge {
	struct stw_inventory *inv;     /* the merged inventory (owned until detached) */
	char *keyed;                   /* name of the first input with fingerprints */
	int keyed_has_fp;              /* the merged key comes from an input with fingerprints */
	int newer_wins;                /* a source twice: keep the newer scan (else an error) */
	/* Warning sink (a source twice, different as-of dates); NULL = silent. */
	void (*warn)(const char *msg, void *payload);
	void *payload;
	size_t replaced;               /* sources dropped for a newer scan of them */
	struct stw_merge_origin *origins;  /* the input each source came from */
	size_t norigins, aorigins;
};

void stw_merge_init(struct stw_merge *m, int newer_wins);
void stw_merge_release(struct stw_merge *m);

/* Moves inv (read from name, for messages) into the merge and frees it,
 * also on error.  Errors (STW_EUSAGE): fingerprints made with another key;
 * a source twice when newer_wins is 0. */
int stw_merge_add(struct stw_merge *m, struct stw_inventory *inv, const char *name,
    struct stw_err *err);

/* Recomputes what crosses sources: drops every inherited category, adds
 * cfg's declared flows (cfg may be NULL), compares the fingerprints of
 * every source again, propagates, applies the council's decisions (cfg's
 * not_personal: and each column's recorded decision), and sorts.  *copies
 * (may be NULL) gets the number of copies found by sketch.  Retention is
 * not measured again: a table whose category only a copy found across
 * shards brings has no rows-over-limit count (docs/fleet.md). */
int stw_merge_finish(struct stw_merge *m, const struct stw_config *cfg, size_t *copies,
    struct stw_err *err);

#endif
