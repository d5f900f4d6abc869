/*
 * Retention measured at scan time: which limit applies to a table (its own
 * categories, tables: overrides, and the limits of the tables its data was
 * copied from), which column anchors a record's age, and how many rows are
 * older than the limit as of a fixed date.  docs/policy.md explains the
 * choices; retention.h the interface.
 */
#include "retention.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- dates ----------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil), so no time zone or libc is involved. */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
stw_date_days(long long *out, const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (s == NULL || strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &m) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (s[10] != '\0' && s[10] != ' ' && s[10] != 'T'))
		return STW_EUSAGE;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return STW_EUSAGE;
	*out = days_from_civil(y, (unsigned)m, (unsigned)d);
	return STW_OK;
}

void
stw_date_format(char *out, size_t n, long long z)
{
	long long era, y;
	unsigned doe, yoe, doy, mp, d, m;

	/* civil_from_days, the inverse of days_from_civil. */
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, n, "%04lld-%02u-%02u", y, m, d);
}

int
stw_retention_cutoff(char out[32], const char *as_of, long long days)
{
	long long today;
	char date[24];

	/* Dates stay within four-digit years: a limit is at most centuries. */
	if (stw_date_days(&today, as_of) != STW_OK || days < 0 || days > 365LL * 1000)
		return STW_EUSAGE;
	stw_date_format(date, sizeof(date), today - days);
	snprintf(out, 32, "%.10s 00:00:00", date);
	return STW_OK;
}

long long
stw_retention_age_days(const char *as_of, const char *ts)
{
	long long a, b;

	if (stw_date_days(&a, as_of) != STW_OK || stw_date_days(&b, ts) != STW_OK)
		return -1;
	return a - b;
}

/* ---- limits ---------------------------------------------------------- */

/* The most specific categories: entry that sets a retention limit for
 * category (a more specific entry without retention: does not hide a
 * broader one that has it). */
static const struct stw_cfg_policy *
category_retention(const struct stw_config *cfg, const char *category)
{
	const struct stw_cfg_policy *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; cfg != NULL && category != NULL && i < cfg->ncategories; i++) {
		const struct stw_cfg_policy *p = cfg->categories[i];
		size_t len = strlen(p->match);

		if (p->retention_days < 0 || strncmp(category, p->match, len) != 0 ||
		    (category[len] != '\0' && category[len] != '.'))
			continue;
		if (best == NULL || len > bestlen) {
			best = p;
			bestlen = len;
		}
	}
	return best;
}

/* The limit of category in table (source, schema, table): a tables: entry
 * with retention: wins over the category's. -1 when none. */
static long long
limit_for(const struct stw_config *cfg, const char *source, const char *schema,
    const char *table, const char *category)
{
	const struct stw_cfg_policy *p = stw_config_table_policy(cfg, source, schema, table);

	if (p != NULL && p->retention_days >= 0)
		return p->retention_days;
	p = category_retention(cfg, category);
	return p ? p->retention_days : -1;
}

static int
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b || (a == NULL && b[0] == '\0') || (b == NULL && a[0] == '\0');
	return strcmp(a, b) == 0;
}

static int
is_view(const struct stw_table *t)
{
	return t->kind != NULL && strcmp(t->kind, "view") == 0;
}

static int
column_has(const struct stw_column *c, const char *category)
{
	for (size_t i = 0; c != NULL && i < c->nfindings; i++)
		if (strcmp(c->findings[i]->category, category) == 0)
			return 1;
	return 0;
}

/* One node of the backward walk: a column holding the category. */
struct node {
	const struct stw_source *src;
	const struct stw_table *t;
	const char *column;          /* borrowed from the table */
	size_t parent;               /* index of the downstream node; (size_t)-1 at the start */
	const char *kind;            /* edge kind towards the parent */
};

static char *
node_str(const struct node *n)
{
	return stw_asprintf("%s.%s.%s.%s", n->src->name, n->t->schema ? n->t->schema : "",
	    n->t->name, n->column);
}

/* "a.b.c.x -[view]-> ... -> start" from node i down to the start node. */
static char *
node_path(const struct node *nodes, size_t i)
{
	struct stw_buf b = STW_BUF_INIT;
	char *s = node_str(&nodes[i]);

	stw_buf_adds(&b, s);
	free(s);
	while (nodes[i].parent != (size_t)-1) {
		s = node_str(&nodes[nodes[i].parent]);
		stw_buf_addf(&b, " -[%s]-> %s", nodes[i].kind, s);
		free(s);
		i = nodes[i].parent;
	}
	return stw_buf_detach(&b);
}

/*
 * Walks lineage upstream from (t, column) through columns that hold
 * category, along derivation edges (every kind but fk; table-level edges
 * map a column to the same name, as propagation does), breadth first.
 * Returns the nodes (caller frees); node 0 is the start.
 */
static struct node *
collect(size_t *nout, const struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const char *column, const char *category)
{
	struct node *nodes = NULL;
	size_t n = 0, alloc = 0;

	stw_grow(&nodes, &alloc, n, sizeof(*nodes));
	nodes[n++] = (struct node){ src, t, column, (size_t)-1, NULL };
	for (size_t i = 0; i < n; i++) {
		const size_t *into;
		size_t ninto = stw_inventory_edges_at(inv, STW_EDGE_TO, nodes[i].src->name,
		    nodes[i].t->schema, nodes[i].t->name, &into);

		for (size_t e = 0; e < ninto; e++) {
			const struct stw_edge *ed = inv->lineage[into[e]];
			const struct stw_source *fs;
			const struct stw_table *ft;
			const struct stw_column *fc;
			const char *fcol;
			int seen = 0;

			if (strcmp(ed->kind, "fk") == 0 || !streq(ed->to.source, nodes[i].src->name) ||
			    !streq(ed->to.schema, nodes[i].t->schema) ||
			    !streq(ed->to.table, nodes[i].t->name))
				continue;
			if (ed->to.column != NULL && ed->from.column != NULL) {
				if (strcmp(ed->to.column, nodes[i].column) != 0)
					continue;
				fcol = ed->from.column;
			} else if (ed->to.column == NULL && ed->from.column == NULL) {
				fcol = nodes[i].column;
			} else {
				continue;
			}
			if ((fs = stw_inventory_find_source(inv, ed->from.source)) == NULL ||
			    (ft = stw_source_find_table(fs, ed->from.schema, ed->from.table)) == NULL ||
			    (fc = stw_table_find_column(ft, fcol)) == NULL || !column_has(fc, category))
				continue;
			for (size_t k = 0; k < n && !seen; k++)
				seen = nodes[k].t == ft && strcmp(nodes[k].column, fc->name) == 0;
			if (seen)
				continue;
			stw_grow(&nodes, &alloc, n, sizeof(*nodes));
			nodes[n++] = (struct node){ fs, ft, fc->name, i, ed->kind };
		}
	}
	*nout = n;
	return nodes;
}

/* For every upstream table whose own limit for category is stricter than
 * out->days, records it as the effective limit. */
static void
walk_upstream(const struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const char *column, const char *category,
    const struct stw_config *cfg, struct stw_retention_limit *out)
{
	size_t n;
	struct node *nodes = collect(&n, inv, src, t, column, category);

	for (size_t i = 1; i < n; i++) {
		const struct node *nd = &nodes[i];
		long long d;

		if (is_view(nd->t))
			continue;
		d = limit_for(cfg, nd->src->name, nd->t->schema, nd->t->name, category);
		if (d >= 0 && (out->days < 0 || d < out->days)) {
			out->days = d;
			free(out->category);
			out->category = stw_strdup(category);
			free(out->upstream);
			out->upstream = stw_asprintf("%s.%s.%s", nd->src->name,
			    nd->t->schema ? nd->t->schema : "", nd->t->name);
			free(out->path);
			out->path = node_path(nodes, i);
		}
	}
	free(nodes);
}

char *
stw_retention_upstream_path(const struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const char *column, const char *category)
{
	size_t n;
	struct node *nodes = collect(&n, inv, src, t, column, category);
	char *path = n > 1 ? node_path(nodes, n - 1) : NULL;

	free(nodes);
	return path;
}

void
stw_retention_limit(struct stw_retention_limit *out, const struct stw_inventory *inv,
    const struct stw_source *src, const struct stw_table *t, const struct stw_config *cfg)
{
	memset(out, 0, sizeof(*out));
	out->days = out->own_days = -1;
	if (cfg == NULL || is_view(t) || stw_table_is_partition(t))
		return;
	/* Own limit first: the strictest over every category the table holds;
	 * among equal limits (a tables: entry gives every category the same)
	 * the most sensitive category names it, then one that categories:
	 * gives a limit of its own, then catalog order. */
	int own_score = -1;
	for (size_t c = 0; c < t->ncolumns; c++)
		for (size_t f = 0; f < t->columns[c]->nfindings; f++) {
			const struct stw_finding *fd = t->columns[c]->findings[f];
			long long d = limit_for(cfg, src->name, t->schema, t->name, fd->category);
			int score = (int)fd->sensitivity * 2 +
			    (category_retention(cfg, fd->category) != NULL);
			if (d >= 0 && (out->own_days < 0 || d < out->own_days ||
			    (d == out->own_days && score > own_score))) {
				out->own_days = d;
				own_score = score;
				free(out->own_category);
				out->own_category = stw_strdup(fd->category);
			}
		}
	out->days = out->own_days;
	out->category = stw_strdup(out->own_category);
	/* Then what the data was copied from: only a strictly shorter
	 * upstream limit replaces the own one. */
	if (inv != NULL)
		for (size_t c = 0; c < t->ncolumns; c++)
			for (size_t f = 0; f < t->columns[c]->nfindings; f++)
				walk_upstream(inv, src, t, t->columns[c]->name,
				    t->columns[c]->findings[f]->category, cfg, out);
}

void
stw_retention_limit_release(struct stw_retention_limit *l)
{
	if (l == NULL)
		return;
	free(l->category);
	free(l->own_category);
	free(l->upstream);
	free(l->path);
	memset(l, 0, sizeof(*l));
	l->days = l->own_days = -1;
}

/* ---- anchors --------------------------------------------------------- */

/* Default anchors, in preference order: the last sign of activity says
 * best how long a record has been kept without use; creation time is the
 * fallback. */
static const char *const default_anchors[] = {
	"last_activity_at", "last_login_at", "last_seen_at", "updated_at", "modified_at",
	"last_modified", "updated", "created_at", "inserted_at", "created", "created_on",
	"creation_date", NULL
};

static int
ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay != NULL && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* A date/time column type: date, datetime, timestamp[tz], "timestamp with
 * time zone"; not a time of day or an interval.  SQLite declares what it
 * likes, so there a text or untyped column counts too (its dates are ISO
 * text by convention). */
static int
is_datetime(const struct stw_source *src, const char *type)
{
	if (type == NULL || type[0] == '\0')
		return src->engine != NULL && strcmp(src->engine, "sqlite") == 0;
	if (ci_contains(type, "timestamp") || ci_contains(type, "date"))
		return 1;
	if (src->engine != NULL && strcmp(src->engine, "sqlite") == 0 &&
	    (ci_contains(type, "text") || ci_contains(type, "char")))
		return 1;
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcasecmp(s + n - m, suffix) == 0;
}

static const char *
first_present(const struct stw_table *t, const struct stw_strv *names)
{
	for (size_t i = 0; i < names->n; i++) {
		const struct stw_column *c = stw_table_find_column(t, names->v[i]);
		if (c != NULL)
			return c->name;
	}
	return NULL;
}

const char *
stw_retention_anchor(const struct stw_source *src, const struct stw_table *t,
    const struct stw_config *cfg, const char *category)
{
	const struct stw_cfg_policy *p;
	const char *name;

	/* Configured lists are trusted whatever the declared type. */
	p = cfg ? stw_config_table_policy(cfg, src->name, t->schema, t->name) : NULL;
	if (p != NULL && p->anchor.n > 0 && (name = first_present(t, &p->anchor)) != NULL)
		return name;
	{
		/* The most specific categories: entry that lists anchors. */
		const struct stw_cfg_policy *best = NULL;
		size_t bestlen = 0;
		for (size_t i = 0; cfg != NULL && category != NULL && i < cfg->ncategories; i++) {
			const struct stw_cfg_policy *q = cfg->categories[i];
			size_t len = strlen(q->match);
			if (q->anchor.n == 0 || strncmp(category, q->match, len) != 0 ||
			    (category[len] != '\0' && category[len] != '.'))
				continue;
			if (best == NULL || len > bestlen) {
				best = q;
				bestlen = len;
			}
		}
		if (best != NULL && (name = first_present(t, &best->anchor)) != NULL)
			return name;
	}
	for (size_t i = 0; default_anchors[i] != NULL; i++) {
		const struct stw_column *c = stw_table_find_column(t, default_anchors[i]);
		if (c != NULL && is_datetime(src, c->type))
			return c->name;
	}
	/* Any other *_at column of a real date/time type that is not itself
	 * personal data (a birth date is not a record's age; an event's date,
	 * personal only through its row, is). */
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *c = t->columns[i];
		if (ends_with(c->name, "_at") && stw_column_max_sensitivity(c) <= STW_SENS_LINKED &&
		    c->type != NULL &&
		    (ci_contains(c->type, "timestamp") || ci_contains(c->type, "date")))
			return c->name;
	}
	return NULL;
}

/* ---- measuring ------------------------------------------------------- */

/* a < cutoff for timestamp texts: "YYYY-MM-DD[ T]HH:MM:SS..." or a date. */
static int
before_cutoff(const char *v, size_t len, const char *cutoff)
{
	char norm[20];
	size_t n = len < 19 ? len : 19;

	memcpy(norm, v, n);
	norm[n] = '\0';
	if (n > 10 && norm[10] == 'T')
		norm[10] = ' ';
	if (n <= 10)
		return strncmp(norm, cutoff, 10) < 0;
	return strncmp(norm, cutoff, n) < 0;
}

struct sample_acc {
	const char *cutoff;
	long long seen, old;
	char oldest[64];
};

static int
on_sample(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct sample_acc *a = payload;

	a->seen++;
	if (n < 1 || values[0] == NULL || lengths[0] < 10)
		return 0;
	if (before_cutoff(values[0], lengths[0], a->cutoff))
		a->old++;
	if (a->oldest[0] == '\0' || strncmp(values[0], a->oldest,
	    lengths[0] < sizeof(a->oldest) - 1 ? lengths[0] : sizeof(a->oldest) - 1) < 0) {
		size_t k = lengths[0] < sizeof(a->oldest) - 1 ? lengths[0] : sizeof(a->oldest) - 1;
		memcpy(a->oldest, values[0], k);
		a->oldest[k] = '\0';
	}
	return 0;
}

/* Estimates rows over the cutoff from a sample of the anchor column. */
static int
estimate(struct stw_conn *c, const struct stw_table *t, const char *anchor, const char *cutoff,
    struct stw_age_result *res, long long *sampled, struct stw_err *err)
{
	struct stw_sample_req req;
	struct sample_acc acc;
	const char *cols[1] = { anchor };
	const char *method;
	long long rows;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&acc, 0, sizeof(acc));
	req.table = t;
	req.columns = cols;
	req.ncolumns = 1;
	req.max_rows = STW_RETENTION_SAMPLE_ROWS;
	req.max_value_len = 40;
	acc.cutoff = cutoff;
	if ((rc = stw_conn_sample(c, &req, on_sample, &acc, &rows, &method, err)) != STW_OK)
		return rc;
	*sampled = acc.seen;
	res->exact = 0;
	if (acc.seen == 0) {
		res->over = 0;
	} else {
		long long total = t->rows_estimate > acc.seen ? t->rows_estimate : acc.seen;
		res->over = (long long)((double)acc.old * (double)total / (double)acc.seen + 0.5);
	}
	snprintf(res->oldest, sizeof(res->oldest), "%s", acc.oldest);
	return STW_OK;
}

/* Fills t->retention from the catalog and the configuration alone; returns
 * 1 when what is left is to count on a connection (count_table). */
static int
plan_table(int have_conn, const struct stw_source *src, struct stw_table *t,
    const struct stw_inventory *inv, const struct stw_config *cfg)
{
	struct stw_retention_limit lim;
	struct stw_retention *r;
	const char *anchor;
	int todo = 0;

	stw_retention_limit(&lim, inv, src, t, cfg);
	if (lim.days < 0) {
		stw_retention_limit_release(&lim);
		return 0;
	}
	r = stw_table_retain(t);
	free(r->category);
	free(r->anchor);
	free(r->oldest);
	free(r->note);
	memset(r, 0, sizeof(*r));
	r->present = 1;
	r->category = stw_strdup(lim.category);
	r->limit_days = lim.days;
	r->rows_over_limit = -1;
	anchor = stw_retention_anchor(src, t, cfg, lim.category);
	if (anchor == NULL) {
		r->note = stw_strdup("no anchor column");
	} else {
		r->anchor = stw_strdup(anchor);
		if (have_conn)
			todo = 1;
		else
			r->note = stw_strdup("not measured: the source could not be read");
	}
	stw_retention_limit_release(&lim);
	return todo;
}

/* Counts the rows of t past its limit (exactly, or from a sample past
 * STW_RETENTION_EXACT_MAX_ROWS or when the count times out). */
static void
count_table(struct stw_conn *c, struct stw_table *t, const char *as_of)
{
	struct stw_retention *r = stw_table_retain(t);
	struct stw_age_req req;
	struct stw_age_result res;
	struct stw_err err = STW_ERR_INIT;
	char cutoff[32];
	long long sampled = 0;
	int rc;

	stw_retention_cutoff(cutoff, as_of, r->limit_days);
	memset(&req, 0, sizeof(req));
	req.table = t;
	req.anchor = r->anchor;
	req.cutoff = cutoff;
	/* Counting is a full scan; past a size that a statement timeout would
	 * not cover, a sample gives an estimate that says so. */
	if (t->rows_estimate > STW_RETENTION_EXACT_MAX_ROWS)
		rc = STW_ETIMEOUT;
	else
		rc = stw_conn_measure_age(c, &req, &res, &err);
	if (rc == STW_ETIMEOUT || (rc == STW_OK && !res.exact && res.over < 0)) {
		int timed_out = t->rows_estimate <= STW_RETENTION_EXACT_MAX_ROWS;
		stw_err_clear(&err);
		memset(&res, 0, sizeof(res));
		rc = estimate(c, t, r->anchor, cutoff, &res, &sampled, &err);
		if (rc == STW_OK)
			r->note = stw_asprintf("estimated from a sample of %lld rows%s", sampled,
			    timed_out ? " (the exact count timed out)" : "");
	}
	if (rc != STW_OK) {
		r->note = stw_asprintf("not measured: %s", err.msg);
		return;
	}
	r->rows_over_limit = res.over;
	r->exact = res.exact;
	if (res.oldest[0] != '\0')
		r->oldest = stw_strdup(res.oldest);
}

struct count_pool {
	struct stw_table **tables;
	const char *as_of;
};

static int
count_task(struct stw_conn *c, size_t i, void *payload)
{
	struct count_pool *p = payload;

	count_table(c, p->tables[i], p->as_of);
	return 0;
}

int
stw_retention_measure_source(struct stw_conn *const *conns, size_t nconns,
    struct stw_source *src, const struct stw_inventory *inv, const struct stw_config *cfg,
    const char *as_of, struct stw_err *err)
{
	struct count_pool pool;
	size_t n = 0;
	long long d;

	if (stw_date_days(&d, as_of) != STW_OK || strlen(as_of) != 10)
		return stw_error(err, STW_EUSAGE, "invalid as-of date '%s': expected YYYY-MM-DD",
		    as_of ? as_of : "");
	if (cfg == NULL)
		return STW_OK;
	/* The limits read the lineage: all of them first, on this thread;
	 * only the counts run side by side. */
	pool.tables = stw_calloc(src->ntables + 1, sizeof(*pool.tables));
	pool.as_of = as_of;
	for (size_t i = 0; i < src->ntables; i++)
		if (plan_table(nconns > 0 && conns[0] != NULL, src, src->tables[i], inv, cfg))
			pool.tables[n++] = src->tables[i];
	stw_conn_run_tasks(conns, nconns, n, count_task, &pool);
	free(pool.tables);
	return STW_OK;
}
