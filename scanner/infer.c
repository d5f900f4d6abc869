/*
 * Inferred lineage: copies found by value, by join along foreign keys and
 * by comparing keyed sketches (infer.h, docs/lineage.md).
 */
#include "infer.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sqltext.h"
#include "util.h"

#define MAX_PARENT_COLS 16
#define MAX_CHILD_COLS 24
#define MAX_GROUP 64                     /* a hash shared by more columns is too common to tell */
#define MIN_SHARED 5                     /* sketch hashes two columns must share to be compared */

/* ---- shared helpers ----------------------------------------------------- */

static int
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
endpoint_is(const struct stw_endpoint *e, const char *src, const struct stw_table *t,
    const char *col)
{
	return e->column != NULL && str_eq(e->source, src) && str_eq(e->schema, t->schema) &&
	    str_eq(e->table, t->name) && strcmp(e->column, col) == 0;
}

/*
 * The column pairs an edge connects, as a set of hashes: whether two
 * columns are already connected is asked once per key a join compares, and
 * a walk over every edge for each would be quadratic in a catalog of
 * 100,000 tables.  A hash that is present is confirmed by that walk (equal
 * hashes of different pairs are rare, and the answer stays exact).
 */
struct pair_set {
	uint64_t *v;                           /* 0 = empty */
	size_t n, cap;                         /* cap: a power of two */
};

static uint64_t
ep_hash(const char *src, const char *schema, const char *table, const char *col)
{
	const char *parts[4] = { src, schema, table, col };

	return stw_hash_parts(parts, 4);
}

/* Either way round: the unordered pair. */
static uint64_t
pair_hash(uint64_t a, uint64_t b)
{
	uint64_t lo = a < b ? a : b, hi = a < b ? b : a, h = lo * 0x9E3779B97F4A7C15ull ^ hi;

	h ^= h >> 31;
	return h != 0 ? h : 1;
}

static void
pair_set_add(struct pair_set *ps, uint64_t h)
{
	size_t k;

	if (2 * (ps->n + 1) > ps->cap) {
		struct pair_set old = *ps;
		ps->cap = old.cap ? 2 * old.cap : 64;
		ps->v = stw_calloc(ps->cap, sizeof(*ps->v));
		ps->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i] != 0)
				pair_set_add(ps, old.v[i]);
		free(old.v);
	}
	for (k = h & (ps->cap - 1); ps->v[k] != 0; k = (k + 1) & (ps->cap - 1))
		if (ps->v[k] == h)
			return;
	ps->v[k] = h;
	ps->n++;
}

static int
pair_set_has(const struct pair_set *ps, uint64_t h)
{
	if (ps->cap == 0)
		return 0;
	for (size_t k = h & (ps->cap - 1); ps->v[k] != 0; k = (k + 1) & (ps->cap - 1))
		if (ps->v[k] == h)
			return 1;
	return 0;
}

static void
pair_set_add_edge(struct pair_set *ps, const struct stw_edge *e)
{
	if (e->from.column != NULL && e->to.column != NULL)
		pair_set_add(ps, pair_hash(ep_hash(e->from.source, e->from.schema, e->from.table,
		    e->from.column), ep_hash(e->to.source, e->to.schema, e->to.table, e->to.column)));
}

/* Does an edge of any kind connect the two columns, either way? */
static int
connected(const struct stw_inventory *inv, const struct pair_set *ps, const char *sa,
    const struct stw_table *ta, const char *ca, const char *sb, const struct stw_table *tb,
    const char *cb)
{
	if (!pair_set_has(ps, pair_hash(ep_hash(sa, ta->schema, ta->name, ca),
	    ep_hash(sb, tb->schema, tb->name, cb))))
		return 0;
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];

		if ((endpoint_is(&e->from, sa, ta, ca) && endpoint_is(&e->to, sb, tb, cb)) ||
		    (endpoint_is(&e->from, sb, tb, cb) && endpoint_is(&e->to, sa, ta, ca)))
			return 1;
	}
	return 0;
}

/* Types whose values can be a copy of personal data as text.  Binary,
 * boolean, JSON and spatial columns are left out. */
static int
comparable_type(const char *type)
{
	static const char *const no[] = { "bool", "blob", "bytea", "binary", "json", "xml", "bit",
		"geometry", "geography", "point", "polygon", "[]", "array", "vector", "tsvector", NULL };
	char low[64];
	size_t i;

	if (type == NULL)
		return 1;
	for (i = 0; type[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)((type[i] >= 'A' && type[i] <= 'Z') ? type[i] - 'A' + 'a' : type[i]);
	low[i] = '\0';
	for (i = 0; no[i] != NULL; i++)
		if (strstr(low, no[i]) != NULL)
			return 0;
	return 1;
}

static int
base_table(const struct stw_table *t)
{
	return (strcmp(t->kind, "table") == 0 || strcmp(t->kind, "partitioned_table") == 0 ||
	    strcmp(t->kind, "materialized_view") == 0) && t->error == NULL;
}

/* A column whose values are personal data in their own right: the origin
 * of a copy worth reporting. */
static int
personal_origin(const struct stw_column *c)
{
	for (size_t i = 0; i < c->nfindings; i++) {
		const struct stw_finding *f = c->findings[i];

		if (f->sensitivity >= STW_SENS_QUASI && f->evidence != STW_EVID_INHERITED &&
		    f->evidence != STW_EVID_FK)
			return 1;
	}
	return 0;
}

static void
set_inference(struct stw_edge *e, const char *method, double rate, long long compared,
    double confidence)
{
	e->inference.present = 1;
	e->inference.method = stw_strdup(method);
	e->inference.rate = rate > 1 ? 1 : rate;
	e->inference.compared = compared;
	e->inference.confidence = confidence > 1 ? 1 : confidence;
}

/* ---- join along foreign keys -------------------------------------------- */

struct jrows {
	const struct stw_fp_key *key;
	size_t maxlen;
	size_t nval;                     /* child + parent columns compared */
	size_t nkey;                     /* parent key columns after them */
	size_t width;                    /* nval + 1: the last slot is the parent row's key */
	uint64_t *h;
	size_t rows, cap;
};

static uint64_t
value_hash(const struct jrows *j, const char *v, size_t len)
{
	char norm[STW_FP_MAX_NORM];
	int integer;
	size_t n;

	if (v == NULL)
		return 0;
	if (len > j->maxlen)
		len = j->maxlen;
	n = stw_fp_normalize(v, len, norm, sizeof(norm), &integer);
	if (n == 0)
		return 0;
	return stw_siphash24(j->key->k0, j->key->k1, norm, n) | 1;   /* never 0 */
}

static int
on_join_row(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct jrows *j = payload;
	uint64_t *row, k = 0;

	if (n != j->nval + j->nkey)
		return 1;
	if (j->rows == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 256;
		j->h = stw_realloc(j->h, j->cap * j->width * sizeof(*j->h));
	}
	row = j->h + j->rows * j->width;
	for (size_t i = 0; i < j->nval; i++)
		row[i] = value_hash(j, values[i], lengths[i]);
	for (size_t i = 0; i < j->nkey; i++)
		k = k * 0x9E3779B97F4A7C15ULL + value_hash(j, values[j->nval + i], lengths[j->nval + i]);
	row[j->nval] = k;
	j->rows++;
	return 0;
}

static int
in_strv(const struct stw_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

/* The table a column of t is declared to reference (a foreign key of t
 * that holds it), or NULL. */
static const struct stw_fkey *
declared_ref(const struct stw_table *t, const char *column)
{
	for (size_t i = 0; i < t->nfkeys; i++)
		if (in_strv(&t->fkeys[i]->columns, column))
			return t->fkeys[i];
	return NULL;
}

/* Two columns declared to reference different tables hold different
 * things' keys, whatever their values share (serial keys 1..n agree row
 * by row wherever rows were made in step): not a copy. */
static int
refs_differ(const struct stw_table *child, const struct stw_column *cc,
    const struct stw_table *parent, const struct stw_column *pc)
{
	const struct stw_fkey *a = declared_ref(child, cc->name), *b = declared_ref(parent, pc->name);

	return a != NULL && b != NULL &&
	    !(str_eq(a->ref_schema, b->ref_schema) && str_eq(a->ref_table, b->ref_table));
}

/* Compares child column ci with parent column pj over the joined rows:
 * pairs and equal pairs, and the same over a fixed shuffle of the parent
 * side that skips pairs of the same parent row (chance agreement). */
static void
compare_pair(const struct jrows *j, size_t ci, size_t pj, long long *pairs, long long *eq,
    double *chance)
{
	long long p = 0, e = 0, sp = 0, se = 0;
	size_t R = j->rows;

	for (size_t r = 0; r < R; r++) {
		const uint64_t *a = j->h + r * j->width;
		const uint64_t *b;
		size_t s = (r * 7919u + R / 3 + 1) % R;

		if (a[ci] != 0 && a[pj] != 0) {
			p++;
			e += a[ci] == a[pj];
		}
		b = j->h + s * j->width;
		if (s != r && a[ci] != 0 && b[pj] != 0 && a[j->nval] != b[j->nval]) {
			sp++;
			se += a[ci] == b[pj];
		}
	}
	*pairs = p;
	*eq = e;
	*chance = sp > 0 ? (double)se / (double)sp : 1.0;
}

/* One foreign key's join: what it found (a child column that copies a
 * parent's), kept until the edges are added in key order. */
struct join_hit {
	struct stw_column *pc, *cc;
	double rate, chance;
	long long pairs, eq;
};

struct join_job {
	struct stw_table *child, *parent;
	const struct stw_fkey *fk;
	struct join_hit *hits;
	size_t nhits;
	char *problem;                   /* the statement failed: why */
};

/* Runs job's statement on conn and keeps the best parent column for each
 * child column.  Reads the inventory, never writes it: jobs of one source
 * run side by side on the scan's connections. */
static void
join_eval(struct stw_conn *conn, const struct stw_source *src, struct join_job *job,
    const struct stw_fp_key *key, long long rows, size_t maxlen)
{
	struct stw_table *child = job->child, *parent = job->parent;
	const struct stw_fkey *fk = job->fk;
	const char *eng = src->engine;
	struct stw_column *pc[MAX_PARENT_COLS], *cc[MAX_CHILD_COLS];
	size_t np = 0, nc = 0;
	struct stw_buf b = STW_BUF_INIT;
	struct stw_strv inner = STW_STRV_INIT;
	struct jrows j;
	struct stw_err err = STW_ERR_INIT;

	if (fk->columns.n == 0 || fk->columns.n != fk->ref_columns.n)
		return;
	for (size_t i = 0; i < parent->ncolumns && np < MAX_PARENT_COLS; i++) {
		struct stw_column *c = parent->columns[i];

		if (personal_origin(c) && comparable_type(c->type) && !in_strv(&fk->ref_columns, c->name))
			pc[np++] = c;
	}
	if (np == 0)
		return;
	for (size_t i = 0; i < child->ncolumns && nc < MAX_CHILD_COLS; i++) {
		struct stw_column *c = child->columns[i];

		if (!c->primary_key && comparable_type(c->type) && !in_strv(&fk->columns, c->name))
			cc[nc++] = c;
	}
	if (nc == 0)
		return;

	/* SELECT c.cols, p.cols, p.key FROM (SELECT fk, cols FROM child LIMIT n) c
	 *   JOIN parent p ON p.key = c.fk: the child sample is bounded first,
	 * and each of its rows finds its parent by the parent's key. */
	stw_buf_adds(&b, "SELECT ");
	for (size_t i = 0; i < nc; i++) {
		stw_buf_adds(&b, i ? ", c." : "c.");
		stw_sql_ident(&b, eng, cc[i]->name);
	}
	for (size_t i = 0; i < np; i++) {
		stw_buf_adds(&b, ", p.");
		stw_sql_ident(&b, eng, pc[i]->name);
	}
	for (size_t i = 0; i < fk->ref_columns.n; i++) {
		stw_buf_adds(&b, ", p.");
		stw_sql_ident(&b, eng, fk->ref_columns.v[i]);
	}
	for (size_t i = 0; i < fk->columns.n; i++)
		if (!in_strv(&inner, fk->columns.v[i]))
			stw_strv_push(&inner, fk->columns.v[i]);
	for (size_t i = 0; i < nc; i++)
		if (!in_strv(&inner, cc[i]->name))
			stw_strv_push(&inner, cc[i]->name);
	stw_buf_adds(&b, " FROM (SELECT ");
	for (size_t i = 0; i < inner.n; i++) {
		if (i)
			stw_buf_adds(&b, ", ");
		stw_sql_ident(&b, eng, inner.v[i]);
	}
	stw_buf_adds(&b, " FROM ");
	stw_sql_table(&b, eng, child->schema, child->name);
	stw_buf_addf(&b, " LIMIT %lld) AS c JOIN ", rows);
	stw_sql_table(&b, eng, parent->schema, parent->name);
	stw_buf_adds(&b, " AS p ON ");
	for (size_t i = 0; i < fk->columns.n; i++) {
		if (i)
			stw_buf_adds(&b, " AND ");
		stw_buf_adds(&b, "p.");
		stw_sql_ident(&b, eng, fk->ref_columns.v[i]);
		stw_buf_adds(&b, " = c.");
		stw_sql_ident(&b, eng, fk->columns.v[i]);
	}
	stw_strv_clear(&inner);

	memset(&j, 0, sizeof(j));
	j.key = key;
	j.maxlen = maxlen;
	j.nval = nc + np;
	j.nkey = fk->ref_columns.n;
	j.width = j.nval + 1;
	if (stw_conn_query(conn, b.buf, NULL, STW_QUERY_BASE_TABLES, on_join_row, &j, &err) != STW_OK) {
		job->problem = stw_asprintf("join %s.%s -> %s.%s: %s", child->schema, child->name,
		    parent->schema, parent->name, err.msg);
		goto out;
	}
	job->hits = stw_calloc(nc + 1, sizeof(*job->hits));
	for (size_t ci = 0; ci < nc; ci++) {
		long long best_pairs = 0, best_eq = 0;
		double best_rate = 0, best_kappa = 0, best_chance = 0;
		size_t best = np;

		for (size_t pj = 0; pj < np; pj++) {
			long long pairs, eq;
			double chance, rate, kappa;

			if (refs_differ(child, cc[ci], parent, pc[pj]))
				continue;
			compare_pair(&j, ci, nc + pj, &pairs, &eq, &chance);
			if (pairs < STW_INFER_MIN_COMPARED)
				continue;
			rate = (double)eq / (double)pairs;
			kappa = chance < 1 ? (rate - chance) / (1 - chance) : 0;
			if (rate < STW_INFER_MIN_JOIN_RATE || kappa < STW_INFER_MIN_KAPPA)
				continue;
			if (best == np || rate > best_rate || (rate == best_rate && kappa > best_kappa)) {
				best = pj;
				best_rate = rate;
				best_kappa = kappa;
				best_pairs = pairs;
				best_eq = eq;
				best_chance = chance;
			}
		}
		if (best == np)
			continue;
		job->hits[job->nhits++] = (struct join_hit){ pc[best], cc[ci], best_rate, best_chance,
		    best_pairs, best_eq };
	}
out:
	free(j.h);
	stw_buf_release(&b);
}

/* The edges of job's hits, unless an edge already connects the columns;
 * in key order, so that the inventory is the same whatever ran where. */
static void
join_apply(struct stw_inventory *inv, struct pair_set *ps, const struct stw_source *src,
    struct join_job *job, struct stw_strv *problems)
{
	const struct stw_table *child = job->child, *parent = job->parent;
	const struct stw_fkey *fk = job->fk;

	if (job->problem != NULL) {
		stw_strv_push_owned(problems, job->problem);
		job->problem = NULL;
	}
	for (size_t i = 0; i < job->nhits; i++) {
		const struct join_hit *h = &job->hits[i];
		struct stw_buf ev = STW_BUF_INIT;
		struct stw_edge *e;

		if (connected(inv, ps, src->name, parent, h->pc->name, src->name, child, h->cc->name))
			continue;
		stw_buf_addf(&ev, "join along %s.%s(", child->schema, child->name);
		for (size_t k = 0; k < fk->columns.n; k++)
			stw_buf_addf(&ev, "%s%s", k ? ", " : "", fk->columns.v[k]);
		stw_buf_addf(&ev, ") -> %s.%s: %lld of %lld matched rows equal (chance %.0f%%)",
		    parent->schema, parent->name, h->eq, h->pairs, 100.0 * h->chance);
		e = stw_inventory_add_edge(inv, "inferred", src->name, parent->schema, parent->name,
		    h->pc->name, src->name, child->schema, child->name, h->cc->name, ev.buf);
		set_inference(e, "join", h->rate, h->pairs, stw_wilson_low(h->eq, h->pairs));
		pair_set_add_edge(ps, e);
		stw_buf_release(&ev);
	}
	free(job->hits);
	job->hits = NULL;
	job->nhits = 0;
}

struct join_pool {
	const struct stw_source *src;
	struct join_job *jobs;
	const struct stw_fp_key *key;
	long long rows;
	size_t maxlen;
};

static int
join_task(struct stw_conn *c, size_t k, void *payload)
{
	struct join_pool *p = payload;

	join_eval(c, p->src, &p->jobs[k], p->key, p->rows, p->maxlen);
	return 0;
}

int
stw_infer_joins(struct stw_conn *const *conns, size_t nconns, struct stw_inventory *inv,
    struct stw_source *src, const struct stw_fp_key *key, long long rows, size_t max_value_len,
    struct stw_strv *problems, struct stw_err *err)
{
	struct pair_set ps = { NULL, 0, 0 };
	struct join_job *jobs = NULL;
	size_t njobs = 0, ajobs = 0;

	(void)err;
	if (nconns == 0 || conns[0] == NULL || key == NULL || rows <= 0)
		return STW_OK;
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *child = src->tables[i];

		if (!base_table(child) || stw_table_is_partition(child))
			continue;
		for (size_t k = 0; k < child->nfkeys; k++) {
			const struct stw_fkey *fk = child->fkeys[k];
			struct stw_table *parent = stw_source_find_table(src, fk->ref_schema, fk->ref_table);

			if (parent == NULL || parent == child || !base_table(parent))
				continue;
			stw_grow(&jobs, &ajobs, njobs, sizeof(*jobs));
			memset(&jobs[njobs], 0, sizeof(jobs[njobs]));
			jobs[njobs].child = child;
			jobs[njobs].parent = parent;
			jobs[njobs++].fk = fk;
		}
	}
	for (size_t i = 0; i < inv->nlineage; i++)
		pair_set_add_edge(&ps, inv->lineage[i]);
	if (nconns == 1) {
		/* one connection: each key's result is applied at once */
		for (size_t i = 0; i < njobs; i++) {
			join_eval(conns[0], src, &jobs[i], key, rows, max_value_len);
			join_apply(inv, &ps, src, &jobs[i], problems);
		}
	} else {
		struct join_pool pool = { src, jobs, key, rows, max_value_len };

		stw_conn_run_tasks(conns, nconns, njobs, join_task, &pool);
		for (size_t i = 0; i < njobs; i++)
			join_apply(inv, &ps, src, &jobs[i], problems);
	}
	free(jobs);
	free(ps.v);
	return STW_OK;
}

/* ---- sketches ------------------------------------------------------------ */

struct cand {
	struct stw_source *src;
	struct stw_table *t;
	struct stw_column *c;
};

struct hent {
	uint64_t h;
	uint32_t col;
};

static int
hent_less(const struct hent *a, const struct hent *b)
{
	return a->h < b->h || (a->h == b->h && a->col < b->col);
}

static void
heap_up(struct hent *v, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		struct hent t;

		if (!hent_less(&v[i], &v[p]))
			break;
		t = v[i], v[i] = v[p], v[p] = t;
		i = p;
	}
}

static void
heap_down(struct hent *v, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct hent t;

		if (l < n && hent_less(&v[l], &v[m]))
			m = l;
		if (r < n && hent_less(&v[r], &v[m]))
			m = r;
		if (m == i)
			return;
		t = v[i], v[i] = v[m], v[m] = t;
		i = m;
	}
}

static int
u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

/* A finding its values made (an SSN stored as a number), not its name. */
static int
value_finding(const struct stw_column *c)
{
	for (size_t i = 0; i < c->nfindings; i++)
		if (c->findings[i]->evidence == STW_EVID_VALUE || c->findings[i]->evidence == STW_EVID_BOTH)
			return 1;
	return 0;
}

static int
sketch_candidate(const struct stw_table *t, const struct stw_column *c)
{
	const struct stw_fprint *fp = c->fp;

	if (fp == NULL || !base_table(t) || stw_table_is_partition(t))
		return 0;
	if (fp->distinct < STW_INFER_MIN_COMPARED)
		return 0;                /* low cardinality: statuses, countries, booleans */
	if (fp->integers && !value_finding(c))
		return 0;                /* serial keys and counts overlap by construction */
	return 1;
}

/* Containment of a's values in b's.  When b is a sample of its table and
 * the overlap seen is short of a copy, it is corrected for that: a value
 * of a that is in b's table is in b's sample with probability b's
 * coverage (for values that occur once).  *scaled says so. */
static double
corrected(const struct stw_fprint *a, const struct stw_fprint *b, long long *common,
    long long *looked, int *scaled)
{
	double raw = stw_fp_containment(a, b, common, looked);

	*scaled = 0;
	if (raw < 0)
		return -1;
	if (raw >= STW_INFER_MIN_RATE || b->coverage <= 0 || b->coverage >= 1)
		return raw;
	/* The scaling holds for values that occur once in b's table; a
	 * sample with repeats (birth dates of many invoices) breaks it. */
	if (b->distinct * 100 < b->values * 95)
		return raw;
	if ((double)*looked * b->coverage < MIN_SHARED)
		return -1;               /* too few values could have met */
	*scaled = 1;
	raw /= b->coverage;
	return raw > 1 ? 1 : raw;
}

/* Distinct values in the whole table, roughly: a sample's distinct count
 * scaled by the part of the table sampled (exact for a table read whole). */
static double
table_distinct(const struct stw_fprint *fp)
{
	return fp->coverage > 0 ? (double)fp->distinct / fp->coverage : (double)fp->distinct;
}

static size_t
personal_columns(const struct stw_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ncolumns; i++)
		n += personal_origin(t->columns[i]) != 0;
	return n;
}

/* Does t have a foreign key to u? */
static int
references(const struct stw_table *t, const struct stw_table *u)
{
	for (size_t i = 0; i < t->nfkeys; i++)
		if (str_eq(t->fkeys[i]->ref_schema, u->schema) && str_eq(t->fkeys[i]->ref_table, u->name))
			return 1;
	return 0;
}

/* Of two columns holding the same values, which is the original: the one
 * in the table the other's table references (a copy keeps its origin's
 * key), then the one in a table of people, then the one with its own
 * finding, then the one in the table with more personal columns (a
 * person's record rather than an export of one field), then the one
 * with more distinct values, then the first by name. */
static int
origin_first(const struct cand *a, const struct cand *b)
{
	int pa = a->t->subject.kind == STW_SUBJ_PERSON, pb = b->t->subject.kind == STW_SUBJ_PERSON;
	int fa = personal_origin(a->c), fb = personal_origin(b->c);
	int ra = a->src == b->src && references(b->t, a->t);
	int rb = a->src == b->src && references(a->t, b->t);
	size_t na, nb;
	int r;

	if (ra != rb)
		return ra;
	if (pa != pb)
		return pa;
	if (fa != fb)
		return fa;
	if ((na = personal_columns(a->t)) != (nb = personal_columns(b->t)))
		return na > nb;
	if (table_distinct(a->c->fp) != table_distinct(b->c->fp))
		return table_distinct(a->c->fp) > table_distinct(b->c->fp);
	if ((r = strcmp(a->src->name, b->src->name)) != 0)
		return r < 0;
	if ((r = strcmp(a->t->name, b->t->name)) != 0)
		return r < 0;
	return strcmp(a->c->name, b->c->name) < 0;
}

/* A copy the sketches suggest, before it is checked against the others. */
struct found {
	const struct cand *from, *to;
	double rate;
	long long common, looked;
	int scaled;                      /* the rate was scaled up for a sampled origin */
};

static double
confidence(const struct found *f)
{
	const struct stw_fprint *o = f->from->c->fp;
	double cov = f->scaled ? o->coverage : 1;
	double low = stw_wilson_low(f->common, f->looked) / cov;

	return low > 1 ? 1 : low;
}

/* The spool's hashes for consider_pair. */
struct sk_pair {
	const struct stw_fp_spool *sp;
	struct stw_fprint *sx, *sy;      /* scratch, STW_FP_K hashes each */
	int failed;                      /* errno of a read that failed, else 0 */
};

/* fp with its hashes (into scratch `which`), or NULL with pr->failed set. */
static const struct stw_fprint *
sk_view(struct sk_pair *pr, const struct stw_fprint *fp, int which)
{
	const struct stw_fprint *v = stw_fp_view(pr->sp, fp, which ? pr->sy : pr->sx);

	if (v == NULL)
		pr->failed = errno ? errno : EIO;
	return v;
}

static void
consider_pair(const struct cand *x, const struct cand *y, struct sk_pair *pr, struct found **fs,
    size_t *nf, size_t *af)
{
	long long cxy, lxy, cyx, lyx;
	int sxy, syx;
	const struct stw_fprint *fx = sk_view(pr, x->c->fp, 0), *fy = sk_view(pr, y->c->fp, 1);
	double rxy, ryx;
	struct found f;

	if (fx == NULL || fy == NULL)
		return;
	rxy = corrected(fx, fy, &cxy, &lxy, &sxy);   /* x's values in y */
	ryx = corrected(fy, fx, &cyx, &lyx, &syx);

	if (rxy < STW_INFER_MIN_RATE && ryx < STW_INFER_MIN_RATE)
		return;
	if (rxy >= STW_INFER_MIN_RATE && ryx >= STW_INFER_MIN_RATE)
		f.from = origin_first(x, y) ? x : y;        /* the same values both ways */
	else
		f.from = rxy >= STW_INFER_MIN_RATE ? y : x; /* the copy's values are in from */
	f.to = f.from == x ? y : x;
	if (f.from == y) {
		f.rate = rxy, f.common = cxy, f.looked = lxy, f.scaled = sxy;
	} else {
		f.rate = ryx, f.common = cyx, f.looked = lyx, f.scaled = syx;
	}
	if (f.looked < STW_INFER_MIN_COMPARED)
		return;
	/* A rate scaled up for a sampled origin rests on few shared hashes:
	 * its lower bound must clear the bar too. */
	if (confidence(&f) < STW_INFER_MIN_LOW)
		return;
	/* The origin's values must be mostly distinct -- a person's e-mail,
	 * an address, not a town or a first name that many rows share -- and
	 * the origin or the copy must be personal data. */
	if (f.from->c->fp->distinct * 2 < f.from->c->fp->values)
		return;
	if (!personal_origin(f.from->c) && !personal_origin(f.to->c))
		return;
	stw_grow(fs, af, *nf, sizeof(**fs));
	(*fs)[(*nf)++] = f;
}

/* Best origins first: a person table's own column, then more distinct
 * values, then the higher rate; then by name, for a stable order. */
static int
found_cmp(const void *pa, const void *pb)
{
	const struct found *a = pa, *b = pb;

	if (a->from != b->from) {
		if (origin_first(a->from, b->from) != origin_first(b->from, a->from))
			return origin_first(a->from, b->from) ? -1 : 1;
	}
	if (a->rate != b->rate)
		return a->rate > b->rate ? -1 : 1;
	if (a->looked != b->looked)
		return a->looked > b->looked ? -1 : 1;
	return origin_first(a->to, b->to) ? -1 : origin_first(b->to, a->to) ? 1 : 0;
}

static int
endpoint_cand(const struct stw_endpoint *e, const struct cand *c)
{
	return endpoint_is(e, c->src->name, c->t, c->c->name);
}

/* Are a and b already joined by a chain of column-level edges of any
 * kind, either way, at most depth edges long?  Then their overlap is
 * explained: both are copies of a third column, or one is a copy of a
 * copy of the other. */
static int
linked(const struct stw_inventory *inv, const struct cand *a, const struct cand *b, int depth)
{
	const struct stw_endpoint **seen = NULL;
	size_t nseen = 0, aseen = 0, lo = 0, hi;
	int found = 0;

	/* breadth first: seen[lo..hi) is the frontier */
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		const struct stw_endpoint *o = endpoint_cand(&e->from, a) ? &e->to
		    : endpoint_cand(&e->to, a) ? &e->from : NULL;

		if (o == NULL || o->column == NULL)
			continue;
		stw_grow(&seen, &aseen, nseen, sizeof(*seen));
		seen[nseen++] = o;
	}
	for (int d = 1; d <= depth && !found && lo < nseen; d++) {
		hi = nseen;
		for (size_t f = lo; f < hi && !found; f++) {
			if (endpoint_cand(seen[f], b)) {
				found = 1;
				break;
			}
			if (d == depth)
				continue;
			for (size_t i = 0; i < inv->nlineage; i++) {
				const struct stw_edge *e = inv->lineage[i];
				const struct stw_endpoint *o = stw_endpoint_same(&e->from, seen[f]) ? &e->to
				    : stw_endpoint_same(&e->to, seen[f]) ? &e->from : NULL;
				size_t k;

				if (o == NULL || o->column == NULL || endpoint_cand(o, a))
					continue;
				for (k = 0; k < nseen; k++)
					if (stw_endpoint_same(seen[k], o))
						break;
				if (k < nseen)
					continue;
				stw_grow(&seen, &aseen, nseen, sizeof(*seen));
				seen[nseen++] = o;
			}
		}
		lo = hi;
	}
	free(seen);
	return found;
}

static void
add_found(struct stw_inventory *inv, const struct found *f, size_t *added)
{
	const struct cand *from = f->from, *to = f->to;
	struct stw_edge *e;
	char *ev;

	/* an edge of any kind between them, or a short chain of them */
	if (linked(inv, from, to, 4))
		return;
	ev = stw_asprintf("sketch: %.0f%% of the values of %s.%s.%s.%s are in %s.%s.%s.%s "
	    "(%lld of %lld hashes%s)", 100.0 * f->rate, to->src->name, to->t->schema, to->t->name,
	    to->c->name, from->src->name, from->t->schema, from->t->name, from->c->name, f->common,
	    f->looked, f->scaled ? ", scaled up for a sampled origin" : "");
	e = stw_inventory_add_edge(inv, "inferred", from->src->name, from->t->schema, from->t->name,
	    from->c->name, to->src->name, to->t->schema, to->t->name, to->c->name, ev);
	set_inference(e, "sketch", f->rate, f->looked, confidence(f));
	free(ev);
	(*added)++;
}

/* Candidates' hashes, in the order they lie in the spool (those in memory
 * first), read a chunk at a time: a pass over every sketch is one
 * sequential read of the spool, not a read per column. */
struct sk_reader {
	const struct stw_fp_spool *sp;
	const struct cand *cands;
	const uint32_t *order;           /* candidate indexes, in spool order */
	size_t n;
	uint64_t *buf;                   /* hashes of order[lo..hi), from spool offset off */
	size_t cap;                      /* bytes */
	size_t lo, hi;
	long long off;
};

struct spool_key {
	int spooled;
	long long at;
	uint32_t col;
};

static int
spool_order(const void *pa, const void *pb)
{
	const struct spool_key *a = pa, *b = pb;

	if (a->spooled != b->spooled)
		return a->spooled - b->spooled;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* The hashes of order[k]; NULL when the spool cannot be read (errno). */
static const uint64_t *
sk_hashes(struct sk_reader *r, size_t k)
{
	const struct stw_fprint *fp = r->cands[r->order[k]].c->fp;
	long long end;
	size_t m;

	if (!fp->spooled)
		return fp->h;
	if (k < r->lo || k >= r->hi) {
		/* from order[k] on, as many sketches as the buffer holds */
		r->off = fp->spool_at;
		end = fp->spool_at + (long long)(fp->n * sizeof(uint64_t));
		for (m = k + 1; m < r->n; m++) {
			const struct stw_fprint *x = r->cands[r->order[m]].c->fp;
			long long e = x->spool_at + (long long)(x->n * sizeof(uint64_t));

			if (e - r->off > (long long)r->cap)
				break;
			if (e > end)
				end = e;
		}
		r->lo = r->hi = 0;
		if (stw_fp_spool_read(r->sp, r->off, r->buf, (size_t)(end - r->off)) != 0)
			return NULL;
		r->lo = k;
		r->hi = m;
	}
	return r->buf + (fp->spool_at - r->off) / (long long)sizeof(uint64_t);
}

/*
 * A pass's room is full: lowers its upper bound to about the median of
 * what it holds, drops from the runs of the columns read so far
 * (order[0..k]) the hashes at or past the new bound, and moves their
 * cursors back, so that those hashes come in a later pass (with every
 * other copy of them: the bound is a value).  0 when no bound below the
 * largest hash held would leave any out (one hash fills the room).
 */
static int
cut_pass(uint64_t *ent, size_t *nent, const uint32_t *order, size_t k, uint32_t *start,
    uint32_t *cnt, uint32_t *pos, uint64_t *hi)
{
	uint64_t pick[257], bound = 0;
	size_t n = *nent, np = 0, w = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < 257; i++)
		pick[np++] = ent[i * (n - 1) / 256];
	qsort(pick, np, sizeof(*pick), u64_cmp);
	/* the median, or past heavy duplicates the first sampled value above
	 * the smallest sampled one: that one, at least, stays in the pass */
	for (size_t i = np / 2; i < np && bound == 0; i++)
		if (pick[i] > pick[0])
			bound = pick[i];
	if (bound == 0)
		return 0;
	for (size_t m = 0; m <= k; m++) {
		uint32_t col = order[m];
		size_t a = 0, b = cnt[col];

		/* the first of the run at or past the bound */
		while (a < b) {
			size_t mid = a + (b - a) / 2;

			if (ent[start[col] + mid] < bound)
				a = mid + 1;
			else
				b = mid;
		}
		pos[col] -= cnt[col] - (uint32_t)a;
		if (a > 0 && start[col] != w)
			memmove(ent + w, ent + start[col], a * sizeof(*ent));
		start[col] = (uint32_t)w;
		cnt[col] = (uint32_t)a;
		w += a;
	}
	*nent = w;
	*hi = bound;
	return 1;
}

static int
spool_error(struct stw_err *err, int e)
{
	return stw_error(err, STW_ERROR, "sketches: cannot read the spool: %s", strerror(e));
}

int
stw_infer_sketches_bounded(struct stw_inventory *inv, size_t max_entries, size_t *added,
    struct stw_infer_stats *st, struct stw_err *err)
{
	struct cand *cands = NULL;
	size_t ncand = 0, acand = 0, nh = 0, np = 0, ap = 0, npass = 1;
	struct hent *hs;
	uint32_t *pos, *group, *order, *start, *cnt;
	uint64_t *pairs = NULL, *bounds = NULL, *ent;
	struct found *fs = NULL;
	size_t nf = 0, af = 0;
	struct sk_reader rd;
	struct sk_pair pr = { inv->fp_spool, NULL, NULL, 0 };
	int rc = STW_OK;

	*added = 0;
	if (st != NULL)
		memset(st, 0, sizeof(*st));
	if (max_entries < STW_FP_K)
		max_entries = STW_FP_K;
	/* counted first: the list is made at its size (150,000 columns at
	 * 100,000 tables) */
	for (size_t s = 0; s < inv->nsources; s++)
		for (size_t i = 0; i < inv->sources[s]->ntables; i++) {
			struct stw_table *t = inv->sources[s]->tables[i];

			for (size_t c = 0; c < t->ncolumns; c++)
				acand += sketch_candidate(t, t->columns[c]) != 0;
		}
	if (acand < 2 || acand > UINT32_MAX)
		return STW_OK;
	cands = stw_calloc(acand, sizeof(*cands));
	for (size_t s = 0; s < inv->nsources; s++)
		for (size_t i = 0; i < inv->sources[s]->ntables; i++) {
			struct stw_table *t = inv->sources[s]->tables[i];

			for (size_t c = 0; c < t->ncolumns && ncand < acand; c++) {
				if (!sketch_candidate(t, t->columns[c]))
					continue;
				cands[ncand].src = inv->sources[s];
				cands[ncand].t = t;
				cands[ncand++].c = t->columns[c];
				nh += t->columns[c]->fp->n;
			}
		}
	if (ncand < 2 || ncand > UINT32_MAX) {
		free(cands);
		return STW_OK;
	}
	order = stw_calloc(ncand, sizeof(*order));
	{
		struct spool_key *keys = stw_calloc(ncand, sizeof(*keys));

		for (size_t i = 0; i < ncand; i++) {
			keys[i].spooled = cands[i].c->fp->spooled;
			keys[i].at = keys[i].spooled ? cands[i].c->fp->spool_at : 0;
			keys[i].col = (uint32_t)i;
		}
		qsort(keys, ncand, sizeof(*keys), spool_order);
		for (size_t i = 0; i < ncand; i++)
			order[i] = keys[i].col;
		free(keys);
	}
	memset(&rd, 0, sizeof(rd));
	rd.sp = inv->fp_spool;
	rd.cands = cands;
	rd.order = order;
	rd.n = ncand;
	rd.cap = (size_t)1 << 20;
	rd.buf = stw_malloc(rd.cap);

	/* Columns that share a hash, found by merging the sorted sketches
	 * with a heap (one cursor per column): only columns that share a
	 * hash are ever compared, so the work follows the overlaps, not the
	 * square of the number of columns.  The merge runs in passes over
	 * ranges of hashes, each holding at most about max_entries of them,
	 * so that its memory is bounded however many columns there are;
	 * the ranges are cut at the quantiles of every 16th hash (a
	 * bottom-k sketch of many values keeps only small hashes, so equal
	 * ranges would not share the work out).  Equal hashes always fall
	 * in one pass: the groups, and so the pairs, are those of one merge
	 * over everything. */
	if (nh > max_entries) {
		uint64_t *sample = NULL;
		size_t ns = 0, as = 0;

		for (size_t k = 0; k < ncand && rc == STW_OK; k++) {
			const uint64_t *h = sk_hashes(&rd, k);
			size_t n = cands[order[k]].c->fp->n;

			if (h == NULL) {
				rc = spool_error(err, errno);
				break;
			}
			/* from an offset of the column's own: from 0, the
			 * smallest hash of every short sketch would be in the
			 * sample, and the cuts would fall too low */
			for (size_t i = n ? (size_t)(h[0] & 15) : 0; i < n; i += 16) {
				stw_grow(&sample, &as, ns, sizeof(*sample));
				sample[ns++] = h[i];
			}
		}
		if (rc == STW_OK && ns > 0) {
			qsort(sample, ns, sizeof(*sample), u64_cmp);
			npass = (nh + max_entries - 1) / max_entries;
			bounds = stw_calloc(npass, sizeof(*bounds));
			for (size_t p = 1; p < npass; p++)
				bounds[p - 1] = sample[p * ns / npass];
		}
		free(sample);
	}
	hs = stw_calloc(ncand, sizeof(*hs));
	pos = stw_calloc(ncand, sizeof(*pos));
	start = stw_calloc(ncand, sizeof(*start));
	cnt = stw_calloc(ncand, sizeof(*cnt));
	group = stw_calloc(MAX_GROUP + 1, sizeof(*group));
	{
		/* a pass holds about max_entries (the quantiles are of a
		 * sample): room for a quarter more; a pass that fills it is
		 * cut lower (cut_pass) and the rest of its range is one more
		 * pass, so the room is all the merge ever holds */
		size_t aent = nh < max_entries + max_entries / 4 ? nh : max_entries + max_entries / 4;

		ent = stw_malloc(aent * sizeof(*ent));
		for (size_t p = 0; p < npass && rc == STW_OK;) {
			int open = p + 1 == npass, cut = 0;
			uint64_t hi = open ? 0 : bounds[p];
			size_t nent = 0, nheap = 0;

			/* this pass's hashes of every column, each column's in a run */
			for (size_t k = 0; k < ncand; k++) {
				uint32_t col = order[k];
				const struct stw_fprint *fp = cands[col].c->fp;
				const uint64_t *h;

				start[col] = (uint32_t)nent;
				cnt[col] = 0;
				if (pos[col] >= fp->n)
					continue;
				if ((h = sk_hashes(&rd, k)) == NULL) {
					rc = spool_error(err, errno);
					break;
				}
				while (pos[col] < fp->n && (open || h[pos[col]] < hi)) {
					if (nent == aent) {
						cnt[col] = (uint32_t)(nent - start[col]);
						if (cut_pass(ent, &nent, order, k, start, cnt, pos, &hi)) {
							open = 0;
							cut = 1;
							if (st != NULL)
								st->cuts++;
						} else {
							/* one hash in more columns than the room holds */
							aent += aent / 2 + 1;
							ent = stw_realloc(ent, aent * sizeof(*ent));
						}
						continue;
					}
					ent[nent++] = h[pos[col]++];
				}
				cnt[col] = (uint32_t)(nent - start[col]);
			}
			if (rc != STW_OK)
				break;
			if (st != NULL) {
				st->passes++;
				st->merged += nent;
			}
			if (!cut)
				p++;
			for (size_t i = 0; i < ncand; i++)
				if (cnt[i] > 0) {
					hs[nheap].h = ent[start[i]];
					hs[nheap].col = (uint32_t)i;
					heap_up(hs, nheap++);
				}
			while (nheap > 0) {
				uint64_t h = hs[0].h;
				size_t ng = 0, more = 0;

				/* every column holding h, in column order (the heap's tie order) */
				while (nheap > 0 && hs[0].h == h) {
					uint32_t col = hs[0].col;

					if (ng <= MAX_GROUP)
						group[ng++] = col;
					else
						more = 1;
					start[col]++;
					if (--cnt[col] > 0)
						hs[0].h = ent[start[col]];
					else
						hs[0] = hs[--nheap];
					heap_down(hs, nheap, 0);
				}
				if (ng >= 2 && !more && ng <= MAX_GROUP)
					for (size_t i = 0; i < ng; i++)
						for (size_t k = i + 1; k < ng; k++) {
							if (cands[group[i]].t == cands[group[k]].t)
								continue;
							stw_grow(&pairs, &ap, np, sizeof(*pairs));
							pairs[np++] = (uint64_t)group[i] << 32 | group[k];
						}
			}
		}
	}
	free(ent);
	free(group);
	free(cnt);
	free(start);
	free(pos);
	free(hs);
	free(bounds);
	free(rd.buf);
	free(order);
	if (np > 1)
		qsort(pairs, np, sizeof(*pairs), u64_cmp);
	pr.sx = stw_fp_alloc(STW_FP_K);
	pr.sy = stw_fp_alloc(STW_FP_K);
	for (size_t a = 0; a < np && rc == STW_OK;) {
		size_t z = a;

		while (z < np && pairs[z] == pairs[a])
			z++;
		if (z - a >= MIN_SHARED)
			consider_pair(&cands[pairs[a] >> 32], &cands[pairs[a] & 0xffffffffu], &pr, &fs, &nf,
			    &af);
		if (pr.failed)
			rc = spool_error(err, pr.failed);
		a = z;
	}
	free(pr.sx);
	free(pr.sy);
	free(pairs);
	if (rc == STW_OK) {
		if (nf > 1)
			qsort(fs, nf, sizeof(*fs), found_cmp);
		for (size_t i = 0; i < nf; i++)
			add_found(inv, &fs[i], added);
	}
	free(fs);
	free(cands);
	return rc;
}

int
stw_infer_sketches(struct stw_inventory *inv, size_t *added, struct stw_err *err)
{
	return stw_infer_sketches_bounded(inv, STW_INFER_PASS_HASHES, added, NULL, err);
}

static int
not_sketch_edge(const struct stw_edge *e, void *payload)
{
	(void)payload;
	return !(e->inference.present && e->inference.method != NULL &&
	    strcmp(e->inference.method, "sketch") == 0);
}

void
stw_infer_drop_sketch_edges(struct stw_inventory *inv)
{
	stw_inventory_drop_edges(inv, not_sketch_edge, NULL);
}
