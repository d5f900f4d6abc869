/*
 * Merging inventories (merge.h, docs/fleet.md).
 *
 * Sources move from each input into the merged inventory; the edges move
 * with them and duplicates (a declared flow both shards added, say) are
 * removed once at the end.  A source scanned twice keeps the scan with the
 * later generated_at (a tie: the later input), and every edge the dropped
 * scan had of its own, except declared flows, which come from the
 * configuration rather than the database, goes with it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fides.h"
#include "infer.h"
#include "lineage.h"
#include "merge.h"
#include "subject.h"

void
stw_merge_init(struct stw_merge *m, int newer_wins)
{
	memset(m, 0, sizeof(*m));
	m->newer_wins = newer_wins;
}

void
stw_merge_release(struct stw_merge *m)
{
	stw_inventory_free(m->inv);
	free(m->keyed);
	for (size_t i = 0; i < m->norigins; i++) {
		free(m->origins[i].source);
		free(m->origins[i].when);
		free(m->origins[i].file);
	}
	free(m->origins);
	m->origins = NULL;
	m->norigins = m->aorigins = 0;
	m->inv = NULL;
	m->keyed = NULL;
}

static void
warnf(struct stw_merge *m, const char *fmt, ...) STW_PRINTF(2, 3);

static void
warnf(struct stw_merge *m, const char *fmt, ...)
{
	struct stw_buf b = STW_BUF_INIT;
	va_list ap;

	if (m->warn == NULL)
		return;
	va_start(ap, fmt);
	stw_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	m->warn(b.buf, m->payload);
	stw_buf_release(&b);
}

static int
str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Is e an edge the scan of source `name` made (one end there), as opposed
 * to a declared flow from the configuration? */
static int
edge_of(const struct stw_edge *e, const char *name)
{
	return strcmp(e->kind, "declared") != 0 &&
	    (str_eq(e->from.source, name) || str_eq(e->to.source, name));
}

struct drop_ctx {
	const char *name;
};

static int
keep_not_of(const struct stw_edge *e, void *payload)
{
	const struct drop_ctx *d = payload;

	return !edge_of(e, d->name);
}

/* Where a source came from: the input and that scan's generated_at. */
static struct stw_merge_origin *
origin(const struct stw_merge *m, const char *source)
{
	for (size_t i = 0; i < m->norigins; i++)
		if (strcmp(m->origins[i].source, source) == 0)
			return &m->origins[i];
	return NULL;
}

static void
set_origin(struct stw_merge *m, const char *source, const char *when, const char *file)
{
	struct stw_merge_origin *o = origin(m, source);

	if (o == NULL) {
		stw_grow(&m->origins, &m->aorigins, m->norigins, sizeof(*m->origins));
		o = &m->origins[m->norigins++];
		o->source = stw_strdup(source);
	} else {
		free(o->when);
		free(o->file);
	}
	o->when = stw_strdup(when ? when : "");
	o->file = stw_strdup(file);
}

static size_t
source_index(const struct stw_inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->nsources; i++)
		if (strcmp(inv->sources[i]->name, name) == 0)
			return i;
	return (size_t)-1;
}

/* The generated_at order of two inventories: < 0 when a is older. */
static int
newer_cmp(const struct stw_inventory *a, const struct stw_inventory *b)
{
	const char *x = a->generated_at ? a->generated_at : "";
	const char *y = b->generated_at ? b->generated_at : "";

	return strcmp(x, y);
}

/* Does any column of inv carry a fingerprint?  (An empty shard has a key
 * but nothing made with it: nothing to compare, nothing to refuse.) */
static int
has_fingerprints(const struct stw_inventory *inv)
{
	for (size_t s = 0; s < inv->nsources; s++)
		for (size_t t = 0; t < inv->sources[s]->ntables; t++)
			for (size_t c = 0; c < inv->sources[s]->tables[t]->ncolumns; c++)
				if (inv->sources[s]->tables[t]->columns[c]->fp != NULL)
					return 1;
	return 0;
}

static int
check_key(struct stw_merge *m, const struct stw_inventory *inv, const char *name,
    struct stw_err *err)
{
	if (inv->fp_key_id == NULL || !has_fingerprints(inv))
		return STW_OK;
	if (!m->keyed_has_fp) {
		/* the inputs so far had a key but no fingerprint: take this one's */
		free(m->inv->fp_key_id);
		free(m->inv->fp_key_origin);
		m->inv->fp_key_id = NULL;
		m->inv->fp_key_origin = NULL;
	}
	m->keyed_has_fp = 1;
	if (m->inv->fp_key_id == NULL) {
		free(m->inv->fp_key_id);
		free(m->inv->fp_key_origin);
		m->inv->fp_key_id = stw_strdup(inv->fp_key_id);
		m->inv->fp_key_origin = stw_strdup(inv->fp_key_origin);
		free(m->keyed);
		m->keyed = stw_strdup(name);
		return STW_OK;
	}
	if (strcmp(m->inv->fp_key_id, inv->fp_key_id) == 0)
		return STW_OK;
	{
		int random = str_eq(inv->fp_key_origin, "random") ||
		    str_eq(m->inv->fp_key_origin, "random");

		return stw_error(err, STW_EUSAGE, "%s and %s were fingerprinted with different keys%s: "
		    "scan both with the same fingerprints.key (or STEWARD_FINGERPRINT_KEY)", m->keyed,
		    name, random ? " (a scan without a key draws one for that run only)" : "");
	}
}

int
stw_merge_add(struct stw_merge *m, struct stw_inventory *inv, const char *name,
    struct stw_err *err)
{
	struct stw_strv skip = STW_STRV_INIT;   /* sources of inv not taken */
	int rc;

	if (m->inv == NULL) {
		m->inv = inv;
		m->keyed_has_fp = inv->fp_key_id != NULL && has_fingerprints(inv);
		if (inv->fp_key_id != NULL)
			m->keyed = stw_strdup(name);
		for (size_t i = 0; i < inv->nsources; i++)
			set_origin(m, inv->sources[i]->name, inv->generated_at, name);
		return STW_OK;
	}
	if ((rc = check_key(m, inv, name, err)) != STW_OK) {
		stw_inventory_free(inv);
		return rc;
	}
	if (!str_eq(m->inv->as_of, inv->as_of) && m->inv->as_of != NULL && inv->as_of != NULL)
		warnf(m, "%s measured retention as of %s, the inventories before it as of %s: "
		    "the merged inventory says %s", name, inv->as_of, m->inv->as_of,
		    strcmp(inv->as_of, m->inv->as_of) > 0 ? inv->as_of : m->inv->as_of);
	for (size_t i = 0; i < inv->nsources; i++) {
		struct stw_source *s = inv->sources[i];
		size_t at = source_index(m->inv, s->name);

		if (at == (size_t)-1)
			continue;
		if (!m->newer_wins) {
			rc = stw_error(err, STW_EUSAGE, "source '%s' is in %s and in %s: scan it once, "
			    "or give the sources distinct names (sources: name: in steward.yaml)",
			    s->name, origin(m, s->name)->file, name);
			stw_strv_clear(&skip);
			stw_inventory_free(inv);
			return rc;
		}
		m->replaced++;
		/* the later scan of this source wins; a tie, the later input */
		if (strcmp(origin(m, s->name)->when, inv->generated_at ? inv->generated_at : "") <= 0) {
			struct drop_ctx d = { s->name };

			warnf(m, "source '%s' is in %s and in %s: keeping the newer scan, from %s (%s)",
			    s->name, origin(m, s->name)->file, name, name,
			    inv->generated_at ? inv->generated_at : "no date");
			stw_inventory_drop_edges(m->inv, keep_not_of, &d);
			stw_source_free(m->inv->sources[at]);
			memmove(&m->inv->sources[at], &m->inv->sources[at + 1],
			    (m->inv->nsources - at - 1) * sizeof(*m->inv->sources));
			m->inv->nsources--;
		} else {
			warnf(m, "source '%s' is in %s and in %s: keeping the newer scan, from %s",
			    s->name, origin(m, s->name)->file, name, origin(m, s->name)->file);
			stw_strv_push(&skip, s->name);
		}
	}
	for (size_t i = 0; i < inv->nsources; i++) {
		struct stw_source *s = inv->sources[i];

		if (stw_strv_has(&skip, s->name)) {
			stw_source_free(s);
			continue;
		}
		set_origin(m, s->name, inv->generated_at, name);
		stw_grow(&m->inv->sources, &m->inv->asources, m->inv->nsources,
		    sizeof(*m->inv->sources));
		m->inv->sources[m->inv->nsources++] = s;
	}
	inv->nsources = 0;
	for (size_t i = 0; i < inv->nlineage; i++) {
		struct stw_edge *e = inv->lineage[i];
		int skipped = 0;

		for (size_t k = 0; k < skip.n && !skipped; k++)
			skipped = edge_of(e, skip.v[k]);
		if (skipped)
			continue;     /* freed with inv */
		stw_grow(&m->inv->lineage, &m->inv->alineage, m->inv->nlineage,
		    sizeof(*m->inv->lineage));
		m->inv->lineage[m->inv->nlineage++] = e;
		m->inv->lineage_gen++;
		inv->lineage[i] = NULL;
	}
	{
		size_t w = 0;

		for (size_t i = 0; i < inv->nlineage; i++)
			if (inv->lineage[i] != NULL)
				inv->lineage[w++] = inv->lineage[i];
		inv->nlineage = w;
		inv->lineage_gen++;
	}
	if (newer_cmp(inv, m->inv) > 0) {
		free(m->inv->generated_at);
		m->inv->generated_at = inv->generated_at;
		inv->generated_at = NULL;
	}
	if (inv->as_of != NULL && (m->inv->as_of == NULL || strcmp(inv->as_of, m->inv->as_of) > 0)) {
		free(m->inv->as_of);
		m->inv->as_of = inv->as_of;
		inv->as_of = NULL;
	}
	stw_strv_clear(&skip);
	stw_inventory_free(inv);
	return STW_OK;
}

static void
each_column(struct stw_inventory *inv, void (*fn)(struct stw_column *c))
{
	for (size_t s = 0; s < inv->nsources; s++)
		for (size_t t = 0; t < inv->sources[s]->ntables; t++) {
			struct stw_table *tb = inv->sources[s]->tables[t];

			for (size_t c = 0; c < tb->ncolumns; c++)
				fn(tb->columns[c]);
		}
}

/* Inherited categories came from the edges, some of which cross sources
 * and are recomputed: take them all back and propagate again over the
 * whole, so that a copy no longer found (or a source replaced) leaves
 * nothing behind, and each column inherits by the path a single scan of
 * the same sources would have chosen. */
static void
drop_inherited(struct stw_column *col)
{
	for (size_t f = col->nfindings; f-- > 0;)
		if (col->findings[f]->evidence == STW_EVID_INHERITED)
			stw_column_remove_finding(col, f);
}

/* A column the council decided is not personal keeps no finding, also
 * none propagation just brought (the decision travels in the inventory,
 * so this holds without the configuration too). */
static void
apply_recorded_decision(struct stw_column *col)
{
	char *why;

	if (col->decision == NULL || col->nfindings == 0)
		return;
	why = stw_asprintf("decided not personal%s%s: %s", col->decision->decided_by ? " by " : "",
	    col->decision->decided_by ? col->decision->decided_by : "",
	    col->decision->reason ? col->decision->reason : "");
	while (col->nfindings > 0) {
		const struct stw_finding *fd = col->findings[col->nfindings - 1];

		stw_column_add_dismissed(col, fd->rule, fd->category, why);
		stw_column_remove_finding(col, col->nfindings - 1);
	}
	free(why);
}

int
stw_merge_finish(struct stw_merge *m, const struct stw_config *cfg, size_t *copies,
    struct stw_err *err)
{
	size_t added = 0;
	int rc;

	if (copies != NULL)
		*copies = 0;
	if (m->inv == NULL)
		m->inv = stw_inventory_new();
	each_column(m->inv, drop_inherited);
	if (cfg != NULL && (rc = stw_lineage_declared(m->inv, cfg, err)) != STW_OK)
		return rc;
	stw_infer_drop_sketch_edges(m->inv);
	stw_inventory_dedup_edges(m->inv);
	if ((rc = stw_infer_sketches(m->inv, &added, err)) != STW_OK ||
	    (rc = stw_lineage_propagate(m->inv, err)) != STW_OK)
		return rc;
	stw_subject_decisions(m->inv, cfg);
	each_column(m->inv, apply_recorded_decision);
	if (cfg != NULL && cfg->fides_files.n > 0) {
		/* what propagation brought to a column a Fides dataset declares */
		struct stw_fides *f = NULL;

		if ((rc = stw_fides_load(&f, &cfg->fides_files, err)) != STW_OK)
			return rc;
		stw_fides_apply(m->inv, f, NULL);
		stw_fides_free(f);
	}
	stw_subject_views(m->inv, cfg);
	stw_inventory_dedup_edges(m->inv);
	if (copies != NULL)
		*copies = added;
	return STW_OK;
}
