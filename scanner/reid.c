/*
 * Re-identification risk (reid.h, docs/pia.md).
 */
#include "reid.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sqltext.h"

#define MAX_QUASI 8
#define MAX_SENSITIVE 3
#define MAX_GENS 4

/* The highest sensitivity among a column's own findings. */
static enum stw_sensitivity
direct_max(const struct stw_column *c, const struct stw_finding **best)
{
	enum stw_sensitivity m = STW_SENS_NONE;

	*best = NULL;
	for (size_t i = 0; i < c->nfindings; i++)
		if (stw_evidence_direct(c->findings[i]->evidence) && c->findings[i]->sensitivity > m) {
			m = c->findings[i]->sensitivity;
			*best = c->findings[i];
		}
	return m;
}

static int
base_table(const struct stw_table *t)
{
	return t->kind == NULL || strcmp(t->kind, "view") != 0;
}

int
stw_reid_eligible(const struct stw_table *t)
{
	if (!base_table(t) || stw_table_is_partition(t) ||
	    (t->subject.kind != STW_SUBJ_PERSON && t->subject.kind != STW_SUBJ_PERSON_EVENT))
		return 0;
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_finding *f;
		if (direct_max(t->columns[i], &f) == STW_SENS_QUASI)
			return 1;
	}
	return 0;
}

/* How a quasi-identifier column is generalised. */
enum gen { G_NONE, G_YEAR, G_DECADE, G_PREFIX3, G_DROP };

struct qcol {
	const char *name;
	int is_date, is_postal;
	long long distinct;
	enum gen g;
};

struct result {
	long long v[7];
	int got;
};

static int
on_row(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct result *r = payload;

	(void)lengths;
	for (size_t i = 0; i < n && i < 7; i++)
		r->v[i] = values[i] ? strtoll(values[i], NULL, 10) : -1;
	r->got = 1;
	return 1;
}

/* SELECT "a" AS q0, ... FROM t LIMIT n: the bounded rows every count reads. */
static void
inner_sql(struct stw_buf *b, const char *engine, const struct stw_table *t, const struct qcol *q,
    size_t nq, const char *const *sens, size_t ns, long long limit)
{
	stw_buf_adds(b, "SELECT ");
	for (size_t i = 0; i < nq; i++) {
		if (i)
			stw_buf_adds(b, ", ");
		stw_sql_ident(b, engine, q[i].name);
		stw_buf_addf(b, " AS q%zu", i);
	}
	for (size_t i = 0; i < ns; i++) {
		stw_buf_adds(b, ", ");
		stw_sql_ident(b, engine, sens[i]);
		stw_buf_addf(b, " AS s%zu", i);
	}
	stw_buf_adds(b, " FROM ");
	stw_sql_table(b, engine, t->schema, t->name);
	stw_buf_addf(b, " LIMIT %lld", limit);
}

static void
gen_expr(struct stw_buf *b, const char *engine, size_t i, enum gen g)
{
	char col[32];
	struct stw_buf t = STW_BUF_INIT;

	snprintf(col, sizeof(col), "q%zu", i);
	stw_sql_as_text(&t, engine, col);
	switch (g) {
	case G_YEAR: stw_buf_addf(b, "substr(%s, 1, 4)", t.buf); break;
	case G_DECADE: stw_buf_addf(b, "substr(%s, 1, 3)", t.buf); break;
	case G_PREFIX3: stw_buf_addf(b, "substr(%s, 1, 3)", t.buf); break;
	default: stw_buf_adds(b, col); break;
	}
	stw_buf_release(&t);
}

/* The counting statement over inner's rows for one way of grouping;
 * tag >= 0 puts the table's number first and always a sixth value (l, or
 * NULL), so that statements of several tables can be UNION ALLed. */
static void
level_sql(struct stw_buf *b, const char *engine, const char *inner, const struct qcol *q,
    size_t nq, size_t ns, long long k, int tag)
{
	size_t ng = 0;

	stw_buf_adds(b, "SELECT ");
	if (tag >= 0)
		stw_buf_addf(b, "%d, ", tag);
	stw_buf_addf(b, "count(*), coalesce(sum(CASE WHEN n = 1 THEN 1 ELSE 0 END), 0), "
	    "coalesce(min(n), 0), coalesce(sum(CASE WHEN n < %lld THEN n ELSE 0 END), 0), "
	    "coalesce(sum(n), 0)", k);
	if (ns > 0)
		stw_buf_adds(b, ", min(CASE WHEN l > 0 THEN l END)");
	else if (tag >= 0)
		stw_buf_adds(b, ", NULL");
	stw_buf_adds(b, " FROM (SELECT count(*) AS n");
	if (ns > 0) {
		/* l-diversity of the sensitive column poorest in values */
		stw_buf_adds(b, ", ");
		if (ns > 1)
			stw_buf_adds(b, engine && strcmp(engine, "sqlite") == 0 ? "min(" : "LEAST(");
		for (size_t i = 0; i < ns; i++)
			stw_buf_addf(b, "%scount(DISTINCT s%zu)", i ? ", " : "", i);
		if (ns > 1)
			stw_buf_adds(b, ")");
		stw_buf_adds(b, " AS l");
	}
	stw_buf_addf(b, " FROM (%s) AS stw_r GROUP BY ", inner);
	for (size_t i = 0; i < nq; i++) {
		if (q[i].g == G_DROP)
			continue;
		if (ng++)
			stw_buf_adds(b, ", ");
		gen_expr(b, engine, i, q[i].g);
	}
	stw_buf_adds(b, ") AS stw_g");
}

static void
take(const long long *v, size_t ns, struct stw_reid_level *out, long long *rows, long long *l)
{
	out->classes = v[0] > 0 ? v[0] : 0;
	out->unique_rows = v[1] > 0 ? v[1] : 0;
	out->k = v[2] > 0 ? v[2] : 0;
	out->rows_below_k = v[3] > 0 ? v[3] : 0;
	if (rows != NULL)
		*rows = v[4] > 0 ? v[4] : 0;
	if (l != NULL)
		*l = ns > 0 ? v[5] : -1;
}

static int
measure(struct stw_conn *c, const char *engine, const char *inner, const struct qcol *q, size_t nq,
    size_t ns, long long k, struct stw_reid_level *out, long long *rows, long long *l,
    struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	struct result r;
	int rc;

	memset(&r, 0, sizeof(r));
	level_sql(&b, engine, inner, q, nq, ns, k, -1);
	rc = stw_conn_query(c, b.buf, NULL, STW_QUERY_BASE_TABLES, on_row, &r, err);
	stw_buf_release(&b);
	if (rc != STW_OK)
		return rc;
	if (!r.got)
		return stw_error(err, STW_ERROR, "no result");
	take(r.v, ns, out, rows, l);
	return STW_OK;
}

static int
distinct_counts(struct stw_conn *c, const char *inner, struct qcol *q, size_t nq,
    struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	struct result r;
	int rc;

	memset(&r, 0, sizeof(r));
	stw_buf_adds(&b, "SELECT ");
	for (size_t i = 0; i < nq && i < 6; i++)
		stw_buf_addf(&b, "%scount(DISTINCT q%zu)", i ? ", " : "", i);
	stw_buf_addf(&b, " FROM (%s) AS stw_r", inner);
	rc = stw_conn_query(c, b.buf, NULL, STW_QUERY_BASE_TABLES, on_row, &r, err);
	stw_buf_release(&b);
	for (size_t i = 0; rc == STW_OK && i < nq; i++)
		q[i].distinct = i < 6 ? r.v[i] : 0;
	return rc;
}

/* "birth_date -> year, postal_code -> first 3 characters, without city" */
static void
describe(struct stw_buf *b, const struct qcol *q, size_t nq)
{
	static const char *const how[] = { "", " -> year", " -> decade", " -> first 3 characters",
		"" };

	stw_buf_release(b);
	for (size_t i = 0; i < nq; i++) {
		if (q[i].g == G_NONE)
			continue;
		if (b->len)
			stw_buf_adds(b, ", ");
		stw_buf_addf(b, "%s%s%s", q[i].g == G_DROP ? "without " : "", q[i].name, how[q[i].g]);
	}
}

/* One table's measure: its columns and the bounded rows it reads. */
struct job {
	struct stw_table *t;
	struct qcol q[MAX_QUASI];
	const char *sens[MAX_SENSITIVE];
	size_t nq, ns;
	struct stw_buf inner;
	int have_base;              /* the base level came from a batch */
	long long base[7];
};

static int
prepare(struct job *j, const char *engine, struct stw_table *t, long long limit)
{
	size_t nq = 0, ns = 0;

	memset(j, 0, sizeof(*j));
	j->t = t;
	stw_buf_init(&j->inner, 0);
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *col = t->columns[i];
		const struct stw_finding *f;
		enum stw_sensitivity s = direct_max(col, &f);

		if (s == STW_SENS_QUASI && nq < MAX_QUASI) {
			j->q[nq].name = col->name;
			j->q[nq].is_date = stw_category_under(f->category, "user.demographic.date_of_birth");
			j->q[nq].is_postal = stw_category_under(f->category, "user.contact.address.postal_code");
			nq++;
		} else if (s == STW_SENS_SPECIAL && ns < MAX_SENSITIVE) {
			j->sens[ns++] = col->name;
		}
	}
	j->nq = nq;
	j->ns = ns;
	if (nq > 0)
		inner_sql(&j->inner, engine, t, j->q, nq, j->sens, ns, limit);
	return nq > 0;
}

static int
measure_table(struct stw_conn *c, const char *engine, struct job *j, long long limit,
    struct stw_err *err)
{
	struct qcol *q = j->q;
	const char *const *sens = j->sens;
	size_t nq = j->nq, ns = j->ns;
	struct stw_buf label = STW_BUF_INIT;
	struct stw_table *t = j->t;
	struct stw_reid *r;
	int rc = STW_OK;

	if (nq == 0)
		return STW_OK;
	if (t->reid == NULL)
		t->reid = stw_calloc(1, sizeof(*t->reid));
	r = t->reid;
	r->present = 1;
	r->rows_limit = limit;
	r->target_k = STW_REID_TARGET_K;
	r->l = -1;
	for (size_t i = 0; i < nq; i++)
		stw_strv_push(&r->quasi, q[i].name);
	for (size_t i = 0; i < ns; i++)
		stw_strv_push(&r->sensitive, sens[i]);
	if (j->have_base)
		take(j->base + 1, ns, &r->level, &r->rows, &r->l);
	else if ((rc = measure(c, engine, j->inner.buf, q, nq, ns, STW_REID_TARGET_K, &r->level,
	    &r->rows, &r->l, err)) != STW_OK)
		goto fail;
	r->exact = r->rows < limit;
	/* Generalise until k reaches the target. */
	for (int step = 0; step < MAX_GENS && r->level.k < STW_REID_TARGET_K && r->rows > 0; step++) {
		struct stw_reid_level lv, *gl;
		int changed = 0;

		if (step == 0) {
			for (size_t i = 0; i < nq; i++)
				if (q[i].is_date) {
					q[i].g = G_YEAR;
					changed = 1;
				}
		} else if (step == 1) {
			for (size_t i = 0; i < nq; i++)
				if (q[i].is_postal) {
					q[i].g = G_PREFIX3;
					changed = 1;
				}
		} else if (step == 2) {
			for (size_t i = 0; i < nq; i++)
				if (q[i].is_date) {
					q[i].g = G_DECADE;
					changed = 1;
				}
		} else {
			size_t drop = (size_t)-1, kept = 0;
			if ((rc = distinct_counts(c, j->inner.buf, q, nq, err)) != STW_OK)
				goto fail;
			for (size_t i = 0; i < nq; i++)
				if (q[i].g != G_DROP) {
					kept++;
					if (!q[i].is_date && (drop == (size_t)-1 || q[i].distinct > q[drop].distinct))
						drop = i;
				}
			if (drop != (size_t)-1 && kept > 1) {
				q[drop].g = G_DROP;
				changed = 1;
			}
		}
		if (!changed)
			continue;
		memset(&lv, 0, sizeof(lv));
		if ((rc = measure(c, engine, j->inner.buf, q, nq, 0, STW_REID_TARGET_K, &lv, NULL, NULL,
		    err)) != STW_OK)
			goto fail;
		describe(&label, q, nq);
		gl = stw_reid_add_level(r, label.buf);
		gl->classes = lv.classes;
		gl->unique_rows = lv.unique_rows;
		gl->k = lv.k;
		gl->rows_below_k = lv.rows_below_k;
		if (lv.k >= STW_REID_TARGET_K)
			break;
	}
	stw_buf_release(&label);
	return STW_OK;
fail:
	free(r->error);
	r->error = stw_strdup(err->msg);
	stw_buf_release(&label);
	return rc;
}

/* Small tables are counted BATCH at a time, their statements UNION ALLed:
 * 2,000 tables of 200 rows cost 32 statements, not 2,000. */
#define BATCH 64
#define BATCH_MAX_ROWS 10000

static int
on_batch(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct job *jobs = ((struct job **)payload)[0];
	size_t njobs = (size_t)(((struct job **)payload)[1] - jobs);
	long long idx;

	(void)lengths;
	if (n < 7 || values[0] == NULL)
		return 0;
	idx = strtoll(values[0], NULL, 10);
	if (idx < 0 || (size_t)idx >= njobs)
		return 0;
	for (size_t i = 0; i < 7; i++)
		jobs[idx].base[i] = values[i] ? strtoll(values[i], NULL, 10) : -1;
	jobs[idx].have_base = 1;
	return 0;
}

static int
run_batch(struct stw_conn *c, const char *engine, struct job *jobs, size_t njobs, size_t from,
    size_t to)
{
	struct stw_buf b = STW_BUF_INIT;
	struct stw_err err = STW_ERR_INIT;
	struct job *bounds[2] = { jobs, jobs + njobs };
	int rc;

	for (size_t i = from; i < to; i++) {
		if (i > from)
			stw_buf_adds(&b, " UNION ALL ");
		stw_buf_addc(&b, '(');
		level_sql(&b, engine, jobs[i].inner.buf, jobs[i].q, jobs[i].nq, jobs[i].ns,
		    STW_REID_TARGET_K, (int)i);
		stw_buf_addc(&b, ')');
	}
	rc = stw_conn_query(c, b.buf, NULL, STW_QUERY_BASE_TABLES, on_batch, bounds, &err);
	stw_buf_release(&b);
	if (rc != STW_OK)      /* each table alone then, so one failure stays its own */
		for (size_t i = from; i < to; i++)
			jobs[i].have_base = 0;
	return rc;
}

/* The work of one source, shared by the connections measuring it: the
 * batches of small tables first, then each table alone (what a batch
 * counted is taken from it, the generalisations are one statement each). */
struct measure_pool {
	const char *engine;
	struct job *jobs;
	size_t njobs;
	size_t (*batches)[2];            /* [from, to) into jobs */
	long long limit;
	pthread_mutex_t lock;            /* lost: the first connection lost */
	int lost;
	struct stw_err lost_err;
};

static int
batch_task(struct stw_conn *c, size_t i, void *payload)
{
	struct measure_pool *p = payload;

	if (run_batch(c, p->engine, p->jobs, p->njobs, p->batches[i][0], p->batches[i][1]) !=
	    STW_ECONNECT)
		return 0;
	/* the tables of this batch are counted alone, by whoever is left */
	return 1;
}

static int
table_task(struct stw_conn *c, size_t i, void *payload)
{
	struct measure_pool *p = payload;
	struct stw_err terr = STW_ERR_INIT;

	if (measure_table(c, p->engine, &p->jobs[i], p->limit, &terr) != STW_ECONNECT)
		return 0;
	pthread_mutex_lock(&p->lock);
	if (!p->lost) {
		p->lost = 1;
		stw_error(&p->lost_err, STW_ECONNECT, "%s", terr.msg);
	}
	pthread_mutex_unlock(&p->lock);
	return 1;
}

/* A table whose counts are worth a statement: it has quasi-identifiers,
 * and it could be read and was not empty. */
static int
measurable(const struct stw_table *t)
{
	return stw_reid_eligible(t) && t->error == NULL && t->rows_sampled != 0;
}

int
stw_reid_measure_source(struct stw_conn *const *conns, size_t nconns, struct stw_source *src,
    long long rows_limit, struct stw_err *err)
{
	struct measure_pool p;
	size_t nbatch = 0, start = 0, nsmall = 0, nmeasured = 0;
	int rc = STW_OK;

	if (nconns == 0 || conns[0] == NULL || rows_limit <= 0)
		return STW_OK;
	memset(&p, 0, sizeof(p));
	p.engine = src->engine;
	p.limit = rows_limit;
	/* a job is 400 bytes: one per table that has quasi-identifiers,
	 * not one per table (40 MB for 100,000 tables), and counted first
	 * (grown by doubling, the list was up to twice that at the peak of
	 * the scan) */
	for (size_t i = 0; i < src->ntables; i++)
		nmeasured += measurable(src->tables[i]);
	p.jobs = stw_calloc(nmeasured + 1, sizeof(*p.jobs));
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];

		if (!measurable(t))
			continue;
		if (prepare(&p.jobs[p.njobs], src->engine, t, rows_limit))
			p.njobs++;
		else
			stw_buf_release(&p.jobs[p.njobs].inner);
	}
	/* Runs of small tables, BATCH at a time; SQLite: one statement costs
	 * no round trip, no batching needed. */
	p.batches = stw_calloc(p.njobs / 2 + 1, sizeof(*p.batches));
	for (size_t i = 0; i <= p.njobs && src->engine != NULL && strcmp(src->engine, "sqlite") != 0;
	    i++) {
		int small = i < p.njobs && p.jobs[i].t->rows_estimate >= 0 &&
		    p.jobs[i].t->rows_estimate <= BATCH_MAX_ROWS;

		if (small && nsmall == 0)
			start = i;
		if (small)
			nsmall++;
		if ((!small || nsmall == BATCH || i == p.njobs) && nsmall > 1) {
			p.batches[nbatch][0] = start;
			p.batches[nbatch++][1] = start + nsmall;
		}
		if (!small || nsmall == BATCH || i == p.njobs)
			nsmall = 0;
	}
	pthread_mutex_init(&p.lock, NULL);
	stw_conn_run_tasks(conns, nconns, nbatch, batch_task, &p);
	stw_conn_run_tasks(conns, nconns, p.njobs, table_task, &p);
	pthread_mutex_destroy(&p.lock);
	if (p.lost)
		rc = stw_error(err, STW_ECONNECT, "%s", p.lost_err.msg);
	for (size_t i = 0; i < p.njobs; i++)
		stw_buf_release(&p.jobs[i].inner);
	free(p.batches);
	free(p.jobs);
	return rc;
}
