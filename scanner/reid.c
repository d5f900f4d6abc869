/*
 * Re-identification risk (reid.h, docs/pia.md).
 */
#include "reid.h"

#include <stdlib.h>
#include <string.h>

#include "sqltext.h"

#define MAX_QUASI 8
#define MAX_SENSITIVE 3
#define MAX_GENS 4

static int
cat_under(const char *cat, const char *prefix)
{
	size_t n = strlen(prefix);

	return cat != NULL && strncmp(cat, prefix, n) == 0 && (cat[n] == '\0' || cat[n] == '.');
}

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
	long long v[6];
	int got;
};

static int
on_row(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct result *r = payload;

	(void)lengths;
	for (size_t i = 0; i < n && i < 6; i++)
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
	char col[16];
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

static int
measure(struct stw_conn *c, const char *engine, const char *inner, const struct qcol *q, size_t nq,
    size_t ns, long long k, struct stw_reid_level *out, long long *rows, long long *l,
    struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	struct result r;
	size_t ng = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	stw_buf_addf(&b, "SELECT count(*), coalesce(sum(CASE WHEN n = 1 THEN 1 ELSE 0 END), 0), "
	    "coalesce(min(n), 0), coalesce(sum(CASE WHEN n < %lld THEN n ELSE 0 END), 0), "
	    "coalesce(sum(n), 0)", k);
	if (ns > 0) {
		stw_buf_adds(&b, ", min(CASE WHEN l > 0 THEN l END)");
	}
	stw_buf_adds(&b, " FROM (SELECT count(*) AS n");
	if (ns > 0) {
		/* l-diversity of the most diverse-poor sensitive column */
		stw_buf_adds(&b, ", ");
		if (ns > 1)
			stw_buf_adds(&b, engine && strcmp(engine, "postgres") == 0 ? "LEAST(" :
			    engine && strcmp(engine, "sqlite") == 0 ? "min(" : "LEAST(");
		for (size_t i = 0; i < ns; i++)
			stw_buf_addf(&b, "%scount(DISTINCT s%zu)", i ? ", " : "", i);
		if (ns > 1)
			stw_buf_adds(&b, ")");
		stw_buf_adds(&b, " AS l");
	}
	stw_buf_addf(&b, " FROM (%s) AS stw_r GROUP BY ", inner);
	for (size_t i = 0; i < nq; i++) {
		if (q[i].g == G_DROP)
			continue;
		if (ng++)
			stw_buf_adds(&b, ", ");
		gen_expr(&b, engine, i, q[i].g);
	}
	if (ng == 0)
		stw_buf_adds(&b, "1");
	stw_buf_adds(&b, ") AS stw_g");
	rc = stw_conn_query(c, b.buf, NULL, on_row, &r, err);
	stw_buf_release(&b);
	if (rc != STW_OK)
		return rc;
	if (!r.got)
		return stw_error(err, STW_ERROR, "no result");
	out->classes = r.v[0] > 0 ? r.v[0] : 0;
	out->unique_rows = r.v[1] > 0 ? r.v[1] : 0;
	out->k = r.v[2] > 0 ? r.v[2] : 0;
	out->rows_below_k = r.v[3] > 0 ? r.v[3] : 0;
	if (rows != NULL)
		*rows = r.v[4] > 0 ? r.v[4] : 0;
	if (l != NULL)
		*l = ns > 0 ? r.v[5] : -1;
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
	rc = stw_conn_query(c, b.buf, NULL, on_row, &r, err);
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

static int
measure_table(struct stw_conn *c, const char *engine, struct stw_table *t, long long limit,
    struct stw_err *err)
{
	struct qcol q[MAX_QUASI];
	const char *sens[MAX_SENSITIVE];
	size_t nq = 0, ns = 0;
	struct stw_buf inner = STW_BUF_INIT, label = STW_BUF_INIT;
	struct stw_reid *r = &t->reid;
	int rc;

	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *col = t->columns[i];
		const struct stw_finding *f;
		enum stw_sensitivity s = direct_max(col, &f);

		if (s == STW_SENS_QUASI && nq < MAX_QUASI) {
			memset(&q[nq], 0, sizeof(q[nq]));
			q[nq].name = col->name;
			q[nq].is_date = cat_under(f->category, "user.demographic.date_of_birth");
			q[nq].is_postal = cat_under(f->category, "user.contact.address.postal_code");
			nq++;
		} else if (s == STW_SENS_SPECIAL && ns < MAX_SENSITIVE) {
			sens[ns++] = col->name;
		}
	}
	if (nq == 0)
		return STW_OK;
	r->present = 1;
	r->rows_limit = limit;
	r->target_k = STW_REID_TARGET_K;
	r->l = -1;
	for (size_t i = 0; i < nq; i++)
		stw_strv_push(&r->quasi, q[i].name);
	for (size_t i = 0; i < ns; i++)
		stw_strv_push(&r->sensitive, sens[i]);
	inner_sql(&inner, engine, t, q, nq, sens, ns, limit);
	rc = measure(c, engine, inner.buf, q, nq, ns, STW_REID_TARGET_K, &r->level, &r->rows, &r->l,
	    err);
	if (rc != STW_OK)
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
			if ((rc = distinct_counts(c, inner.buf, q, nq, err)) != STW_OK)
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
		if ((rc = measure(c, engine, inner.buf, q, nq, 0, STW_REID_TARGET_K, &lv, NULL, NULL,
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
	stw_buf_release(&inner);
	stw_buf_release(&label);
	return STW_OK;
fail:
	free(r->error);
	r->error = stw_strdup(err->msg);
	stw_buf_release(&inner);
	stw_buf_release(&label);
	return rc;
}

int
stw_reid_measure_source(struct stw_conn *c, struct stw_source *src, long long rows_limit,
    struct stw_err *err)
{
	if (c == NULL || rows_limit <= 0)
		return STW_OK;
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];
		struct stw_err terr = STW_ERR_INIT;
		int rc;

		if (!stw_reid_eligible(t) || t->error != NULL || t->rows_sampled == 0)
			continue;
		rc = measure_table(c, src->engine, t, rows_limit, &terr);
		if (rc == STW_ECONNECT)
			return stw_error(err, rc, "%s", terr.msg);
	}
	return STW_OK;
}
