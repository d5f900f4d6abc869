/*
 * The scan pipeline (SPEC.md "Pipeline"):
 *
 *   per source:  open -> introspect -> filter -> sample+classify (N jobs)
 *   then:        lineage (per source, declared flows) -> subjects ->
 *                propagation -> retention
 *
 * Stages never print; they report through opts->log and opts->progress.
 * A source that fails is recorded in the inventory (status error/partial,
 * redacted message) and the others still run: the caller always gets an
 * inventory unless the arguments themselves were bad.
 */
#include "scan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "connector.h"
#include "fides.h"
#include "fprint.h"
#include "infer.h"
#include "lineage.h"
#include "access.h"
#include "reid.h"
#include "retention.h"
#include "rowq.h"
#include "rules/classify.h"
#include "rules/ruleset.h"
#include "subject.h"

#define DEFAULT_SAMPLE_ROWS 1000
#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_VALUE_LEN 256
#define DEFAULT_VIEW_TIMEOUT_S 5

void
stw_scan_opts_init(struct stw_scan_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->sample_rows = -1;
	o->jobs = 1;
	o->sample_views = -1;
	o->reid_rows = -1;
	o->access = 1;
	o->fingerprints = -1;
}

void
stw_scan_opts_release(struct stw_scan_opts *o)
{
	stw_strv_clear(&o->include);
	stw_strv_clear(&o->exclude);
	stw_strv_clear(&o->rule_paths);
	stw_strv_clear(&o->fides);
}

/* One source to scan, resolved from a DSN argument or a config entry. */
struct job_source {
	char *name;                            /* owned */
	struct stw_dsn dsn;                    /* released at the end */
	const struct stw_cfg_source *cfg;      /* borrowed, may be NULL */
	const struct stw_connector *vt;
};

/* Every connection of a scan gets its own number, for the trace. */
static atomic_int next_conn_id;

static int
open_conn(const struct job_source *js, struct stw_conn **out, const struct stw_conn_opts *co,
    struct stw_err *err)
{
	struct stw_conn_opts mine = *co;

	mine.id = atomic_fetch_add(&next_conn_id, 1) + 1;
	return stw_conn_open(js->vt, out, &js->dsn, &mine, err);
}

/* Shared state of one source's table workers. */
struct source_run {
	const struct stw_scan_opts *opts;
	const struct stw_rules *rules;
	struct job_source *js;
	struct stw_source *src;
	struct stw_conn_opts copts;
	long long sample_rows;
	int sample_views;                      /* run views to sample them */
	int view_timeout_s;
	pthread_mutex_t lock;                  /* guards the sums, src->errors, progress */
	size_t *order;                         /* table indexes, costliest first */
	atomic_size_t next;                    /* next position in order to take */
	atomic_size_t done;
	atomic_llong rows_done;
	double classify_s;                     /* in the classifier, all workers together */
	long long values;                      /* non-NULL values handed to it */
	atomic_int lost;                       /* a connection failed: stop taking tables */
	double t0;
	atomic_llong first_sampled_us;         /* since t0, when the first sample ended; 0 none */
	const struct stw_fp_key *fp_key;       /* NULL: no fingerprints */
	struct stw_fp_spool *fp_spool;         /* where sketches wait, or NULL: in memory */
};

static double
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
logf_(const struct stw_scan_opts *o, int level, const char *fmt, ...) STW_PRINTF(3, 4);

static void
logf_(const struct stw_scan_opts *o, int level, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;

	if (o->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->log(level, msg, o->payload);
}

/* Is a driver error a sign that the connection is gone (not just one table)? */
static int
conn_lost(int rc)
{
	return rc == STW_ECONNECT || rc == STW_EAUTH;
}

/* One table on its way from a job's connection to the classifier: what
 * stw_tclass_begin decided, the sketches being made, and the columns
 * asked for (request column i is table column colidx[i]). */
struct tjob {
	struct stw_table *t;
	struct stw_tclass *tc;
	struct stw_fp_acc *fp;                 /* one per request column, or NULL */
	size_t *colidx;
	const char **names;
	size_t n;
	int keep_fp;                           /* the sample succeeded: keep the sketches */
	const char **vals;                     /* the classifier's row, n of each */
	size_t *lens;
};

/* A job's classifier thread, fed by the job's connection through q
 * (rowq.h): the connection fetches the next table while this one
 * classifies the last. */
struct classifier {
	struct source_run *run;
	struct stw_rowq *q;
	pthread_t thread;
	double classify_s;                     /* its time, for -v */
	long long values;
};

/* Bytes of sampled rows on their way from one job's connection to its
 * classifier. */
#define ROWQ_BYTES ((size_t)1024 * 1024)

static void
classify_row(struct tjob *tj, const char *const *values, const size_t *lengths,
    const struct stw_fp_key *key, long long *nvalues)
{
	for (size_t i = 0; i < tj->n; i++)
		if (values[i] != NULL) {
			stw_tclass_value(tj->tc, tj->colidx[i], values[i], lengths[i]);
			if (key != NULL)
				stw_fp_acc_add(&tj->fp[i], key, values[i], lengths[i]);
			(*nvalues)++;
		}
}

struct row_ctx {
	struct tjob *tj;
	struct classifier *cl;                 /* NULL: classify here */
	double classify_s;                     /* time inside the classifier */
	long long values;
	const struct stw_fp_key *key;          /* NULL: no fingerprints */
};

/* A sampled row: handed to the job's classifier, or classified here.
 * Classifying here times each row (two clock reads per row, not per
 * value) so that -v can say how much of a scan the classifier took: the
 * benchmark's evidence that it is not the bottleneck
 * (docs/performance.md). */
static int
on_row(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct row_ctx *rc = payload;
	double t0;

	(void)n;                               /* rc->tj->n, the columns asked for */
	if (rc->cl != NULL) {
		stw_rowq_row(rc->cl->q, values, lengths);
		return 0;
	}
	t0 = mono_s();
	classify_row(rc->tj, values, lengths, rc->key, &rc->values);
	rc->classify_s += mono_s() - t0;
	return 0;
}

/* Which sampled columns keep their sketch (docs/lineage.md): any with a
 * finding, and key-like ones -- mostly distinct text -- whose copies are
 * links to a person all the same.  Integer columns without a finding are
 * left out: every serial key overlaps every other. */
static void
keep_fingerprints(struct stw_table *t, const size_t *colidx, size_t n, struct stw_fp_acc *acc,
    long long rows, long long max_rows, struct stw_fp_spool *spool)
{
	double coverage;

	if (rows <= 0)
		return;
	if (rows < max_rows)
		coverage = 1.0;                 /* the sample is the whole table */
	else if (t->rows_estimate > 0)
		coverage = (double)rows / (double)(t->rows_estimate > rows ? t->rows_estimate : rows);
	else
		coverage = 0.0;                 /* unknown */
	for (size_t i = 0; i < n; i++) {
		struct stw_column *c = t->columns[colidx[i]];
		struct stw_fprint *fp;
		int keylike;

		if (acc[i].values == 0)
			continue;
		fp = stw_fp_acc_finish(&acc[i], coverage);
		keylike = !fp->integers && fp->distinct >= 20 && fp->distinct * 2 >= fp->values;
		if (c->nfindings == 0 && !keylike) {
			free(fp);
			continue;
		}
		free(c->fp);
		c->fp = stw_fp_spool_put(spool, fp);
	}
}

static int
is_view(const struct stw_table *t)
{
	return strcmp(t->kind, "view") == 0;
}

static int
lineage_partial(const struct stw_table *t)
{
	return t->error != NULL && strncmp(t->error, "lineage partial", 15) == 0;
}

/* Tables on disk are sampled (a materialized view is one).  A view is a
 * query: running it costs whatever its query costs, which for a reporting
 * view can be hours, so it is run only when its lineage cannot say where
 * its columns come from, or when the user asks (docs/scan.md). */
static int
sampleable(const struct source_run *run, const struct stw_table *t)
{
	if (is_view(t))
		return run->sample_views || lineage_partial(t);
	return strcmp(t->kind, "table") == 0 || strcmp(t->kind, "materialized_view") == 0 ||
	    strcmp(t->kind, "partitioned_table") == 0;
}

static void
append_error(struct stw_table *t, const char *msg)
{
	char *e = t->error ? stw_asprintf("%s; %s", t->error, msg) : stw_strdup(msg);

	free(t->error);
	t->error = e;
}

static void
tjob_free(struct tjob *tj)
{
	if (tj == NULL)
		return;
	free(tj->fp);
	stw_tclass_free(tj->tc);
	free(tj->names);
	free(tj->colidx);
	free(tj->vals);
	free(tj->lens);
	free(tj);
}

/* The end of a table's classification: its findings, then the sketches
 * of a sample that succeeded.  Frees tj. */
static int
finish_table(struct source_run *run, struct tjob *tj, double *classify_s, struct stw_err *err)
{
	struct stw_table *t = tj->t;
	double t0 = mono_s();
	int rc = stw_tclass_finish(tj->tc, t, run->opts->show_examples, err);

	if (tj->fp != NULL && tj->keep_fp)
		keep_fingerprints(t, tj->colidx, tj->n, tj->fp, t->rows_sampled, run->sample_rows,
		    run->fp_spool);
	*classify_s += mono_s() - t0;
	tjob_free(tj);
	return rc;
}

/* The classifier thread of a job: each chunk's rows, and each table's
 * end once its last chunk is in.  What goes wrong is said here (the
 * connection has long gone on to other tables): a classifier error is a
 * warning, never a partial source, as it was when the job classified
 * inline. */
static void *
classifier_main(void *arg)
{
	struct classifier *cl = arg;
	struct source_run *run = cl->run;
	struct stw_rowq_chunk *ch;

	while (stw_rowq_take(cl->q, &ch)) {
		struct tjob *tj = stw_rowq_unit(ch);
		double t0 = mono_s();
		int last = stw_rowq_last(ch);

		while (stw_rowq_next_row(ch, tj->vals, tj->lens))
			classify_row(tj, tj->vals, tj->lens, run->fp_key, &cl->values);
		stw_rowq_done(cl->q, ch);
		cl->classify_s += mono_s() - t0;
		if (last) {
			struct stw_err err = STW_ERR_INIT;
			const struct stw_table *t = tj->t;

			if (finish_table(run, tj, &cl->classify_s, &err) != STW_OK) {
				pthread_mutex_lock(&run->lock);
				logf_(run->opts, STW_LOG_WARN, "%s: table '%s.%s': %s", run->src->name,
				    t->schema, t->name, err.msg);
				pthread_mutex_unlock(&run->lock);
			}
		}
	}
	return NULL;
}

/* Starts a job's classifier thread; 0 when it could not (the job then
 * classifies inline). */
static int
classifier_start(struct classifier *cl, struct source_run *run)
{
	memset(cl, 0, sizeof(*cl));
	cl->run = run;
	cl->q = stw_rowq_new(ROWQ_BYTES);
	if (pthread_create(&cl->thread, NULL, classifier_main, cl) != 0) {
		stw_rowq_free(cl->q);
		cl->q = NULL;
		return 0;
	}
	return 1;
}

/* Waits for the classifier to finish every table handed over. */
static void
classifier_stop(struct classifier *cl, double *classify_s, long long *values)
{
	stw_rowq_close(cl->q);
	pthread_join(cl->thread, NULL);
	stw_rowq_free(cl->q);
	*classify_s += cl->classify_s;
	*values += cl->values;
}

/* Classifies one table: names always, values when sampling is on.  With
 * a classifier (cl not NULL) the rows and the table's end go to it and
 * this returns once the rows are fetched, with the sample's result; else
 * the table is classified here, and this returns once it is done.  Adds
 * the time spent in the classifier here to *classify_s and the values it
 * was given to *values. */
static int
scan_table(struct source_run *run, struct stw_conn *conn, struct stw_table *t,
    struct classifier *cl, double *classify_s, long long *values, struct stw_err *err)
{
	struct stw_tclass *tc = NULL;
	struct tjob *tj;
	double t0 = mono_s();
	int rc;

	if (stw_table_is_partition(t)) {
		/* Exactly its parent's findings, along its partition edges: what
		 * the parent's subject settled (an office's phone is not a
		 * person's) holds for its partitions too. */
		t->classified_by = STW_BY_LINEAGE;
		return STW_OK;
	}
	rc = stw_tclass_begin(&tc, run->rules, t, err);
	*classify_s += mono_s() - t0;
	if (rc != STW_OK)
		return rc;
	tj = stw_calloc(1, sizeof(*tj));
	tj->t = t;
	tj->tc = tc;
	t->classified_by = is_view(t) || stw_table_is_partition(t) ? STW_BY_LINEAGE : STW_BY_NAMES;
	if (run->sample_rows > 0 && conn != NULL && sampleable(run, t) &&
	    (t->error == NULL || lineage_partial(t))) {
		tj->names = stw_calloc(t->ncolumns + 1, sizeof(*tj->names));
		tj->colidx = stw_calloc(t->ncolumns + 1, sizeof(*tj->colidx));
		for (size_t i = 0; i < t->ncolumns; i++) {
			if (!stw_tclass_wants(tc, i))
				continue;
			tj->names[tj->n] = t->columns[i]->name;
			tj->colidx[tj->n++] = i;
		}
		if (tj->n > 0) {
			struct stw_sample_req req = {
				.table = t, .columns = tj->names, .ncolumns = tj->n,
				.max_rows = run->sample_rows,
				.max_value_len = run->opts->max_value_len ? run->opts->max_value_len
				    : DEFAULT_VALUE_LEN,
				.timeout_s = is_view(t) ? run->view_timeout_s : 0,
			};
			struct row_ctx ctx = { tj, cl, 0.0, 0, run->fp_key };
			const char *method = NULL;
			long long rows = 0;

			stw_tclass_limit(tc, req.max_rows);
			if (run->fp_key != NULL) {
				tj->fp = stw_calloc(tj->n, sizeof(*tj->fp));
				for (size_t i = 0; i < tj->n; i++)
					stw_fp_acc_init(&tj->fp[i]);
			}
			if (cl != NULL) {
				tj->vals = stw_calloc(tj->n, sizeof(*tj->vals));
				tj->lens = stw_calloc(tj->n, sizeof(*tj->lens));
				stw_rowq_begin(cl->q, tj, tj->n);
			}
			rc = stw_conn_sample(conn, &req, on_row, &ctx, &rows, &method, err);
			*classify_s += ctx.classify_s;
			*values += ctx.values;
			t->rows_sampled = rows;
			free(t->sample_method);
			t->sample_method = stw_strdup(method);
			if (rc == STW_OK)
				t->classified_by = STW_BY_SAMPLED;
			if (rc != STW_OK && is_view(t) && rc == STW_ETIMEOUT) {
				/* A view that runs too long is left to its lineage: the
				 * source is not partial for it (every base table it
				 * reads was sampled on its own). */
				char *msg = stw_asprintf("view not sampled: %s (views run under "
				    "sample.view_timeout, %d s)", err->msg, run->view_timeout_s);
				append_error(t, msg);
				free(msg);
				t->rows_sampled = -1;
				t->classified_by = STW_BY_LINEAGE;
				logf_(run->opts, STW_LOG_WARN, "%s: view '%s.%s' not sampled: timed out after "
				    "%d s", run->src->name, t->schema, t->name, run->view_timeout_s);
				rc = STW_OK;
			} else if (rc != STW_OK) {
				append_error(t, err->msg);
			}
			tj->keep_fp = rc == STW_OK;
		} else {
			t->rows_sampled = 0;
			if (!is_view(t) && !stw_table_is_partition(t))
				t->classified_by = STW_BY_SAMPLED;
		}
	}
	/* Findings from names are kept even when sampling failed.  From here
	 * t is the classifier's: nothing below reads what it writes. */
	if (cl != NULL) {
		if (tj->vals == NULL)
			stw_rowq_begin(cl->q, tj, 0);
		stw_rowq_end(cl->q);
	} else {
		struct stw_err ferr = STW_ERR_INIT;
		int frc = finish_table(run, tj, classify_s, &ferr);

		if (rc == STW_OK && frc != STW_OK) {
			rc = frc;
			*err = ferr;
		}
	}
	return rc;
}

static void
report_progress(struct source_run *run, const char *current)
{
	struct stw_progress p;

	if (run->opts->progress == NULL)
		return;
	p.source = run->src->name;
	p.tables_done = atomic_load(&run->done);
	p.tables_total = run->src->ntables;
	p.current = current;
	p.rows_done = atomic_load(&run->rows_done);
	p.elapsed_s = mono_s() - run->t0;
	run->opts->progress(&p, run->opts->payload);
}

/* A worker: takes tables one at a time until none are left.  conn is
 * shared with nobody: each worker has its own connection.  Taking a table
 * is one atomic increment; the lock is taken only to report progress (when
 * someone listens), for a table that failed, and once at the end to add
 * this worker's sums. */
static void
work_tables(struct source_run *run, struct stw_conn *conn)
{
	double classify_s = 0.0;
	long long values = 0;
	int progress = run->opts->progress != NULL;
	struct classifier cls, *cl = NULL;

	/* Sampled rows are classified on a thread of this job's own while
	 * its connection fetches the next table's. */
	if (run->sample_rows > 0 && conn != NULL && classifier_start(&cls, run))
		cl = &cls;
	for (;;) {
		struct stw_err err = STW_ERR_INIT;
		struct stw_table *t;
		size_t k = atomic_fetch_add(&run->next, 1);
		int rc;

		if (k >= run->src->ntables)
			break;
		t = run->src->tables[run->order[k]];
		if (progress) {
			char cur[512];
			snprintf(cur, sizeof(cur), "%s.%s", t->schema, t->name);
			pthread_mutex_lock(&run->lock);
			report_progress(run, cur);
			pthread_mutex_unlock(&run->lock);
		}

		rc = scan_table(run, atomic_load(&run->lost) ? NULL : conn, t, cl, &classify_s,
		    &values, &err);

		atomic_fetch_add(&run->done, 1);
		if (t->rows_sampled > 0) {
			long long zero = 0, at = (long long)((mono_s() - run->t0) * 1e6) + 1;
			atomic_fetch_add(&run->rows_done, t->rows_sampled);
			atomic_compare_exchange_strong(&run->first_sampled_us, &zero, at);
		}
		if (rc != STW_OK) {
			char *msg = stw_asprintf("table '%s.%s': %s", t->schema, t->name, err.msg);
			int partial = conn_lost(rc) || rc == STW_ETIMEOUT;
			pthread_mutex_lock(&run->lock);
			logf_(run->opts, partial ? STW_LOG_ERROR : STW_LOG_WARN, "%s: %s", run->src->name, msg);
			if (partial) {
				/* The data of this source is incomplete. */
				stw_source_add_error(run->src, STW_SRC_PARTIAL, msg);
				if (conn_lost(rc))
					atomic_store(&run->lost, 1);
			}
			pthread_mutex_unlock(&run->lock);
			free(msg);
		}
		if (progress) {
			pthread_mutex_lock(&run->lock);
			report_progress(run, NULL);
			pthread_mutex_unlock(&run->lock);
		}
	}
	if (cl != NULL)
		classifier_stop(cl, &classify_s, &values);
	pthread_mutex_lock(&run->lock);
	run->classify_s += classify_s;
	run->values += values;
	pthread_mutex_unlock(&run->lock);
}

/* What sampling a table costs, roughly: the rows read times the columns
 * (the catalog's estimate, bounded by the sample; unknown counts as a
 * full sample).  Partitions are never read. */
static double
table_cost(const struct source_run *run, const struct stw_table *t)
{
	double rows = (double)run->sample_rows;

	if (stw_table_is_partition(t))
		return 0.0;
	if (t->rows_estimate >= 0 && (double)t->rows_estimate < rows)
		rows = (double)t->rows_estimate;
	return (rows + 1.0) * (double)(t->ncolumns + 1);
}

struct cost_ix {
	double cost;
	size_t i;
};

static int
cmp_cost(const void *a, const void *b)
{
	const struct cost_ix *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The order workers take tables in: costliest first, so that the last
 * tables left are small ones and no worker is left alone with a big table
 * at the end; ties in catalog order.  The inventory keeps catalog order
 * whatever the order of work. */
static size_t *
work_order(const struct source_run *run)
{
	size_t n = run->src->ntables;
	struct cost_ix *c = stw_calloc(n + 1, sizeof(*c));
	size_t *order = stw_calloc(n + 1, sizeof(*order));

	for (size_t i = 0; i < n; i++) {
		c[i].cost = table_cost(run, run->src->tables[i]);
		c[i].i = i;
	}
	qsort(c, n, sizeof(*c), cmp_cost);
	for (size_t i = 0; i < n; i++)
		order[i] = c[i].i;
	free(c);
	return order;
}

static void *
worker_main(void *arg)
{
	struct source_run *run = arg;
	struct stw_conn *conn = NULL;
	struct stw_err err = STW_ERR_INIT;

	if (open_conn(run->js, &conn, &run->copts, &err) != STW_OK) {
		/* The other workers carry on; this one's share goes to them. */
		logf_(run->opts, STW_LOG_WARN, "%s: extra connection failed: %s", run->src->name,
		    err.msg);
		stw_conn_close(conn);
		return NULL;
	}
	work_tables(run, conn);
	stw_conn_close(conn);
	return NULL;
}

static int
table_selected(const struct stw_table *t, const struct job_source *js,
    const struct stw_scan_opts *o)
{
	char *full = stw_asprintf("%s.%s", t->schema, t->name);
	const struct stw_strv *inc[2] = { &o->include, js->cfg ? &js->cfg->include : NULL };
	const struct stw_strv *exc[2] = { &o->exclude, js->cfg ? &js->cfg->exclude : NULL };
	int any_inc = 0, hit = 0;

	for (int k = 0; k < 2; k++) {
		if (inc[k] == NULL)
			continue;
		for (size_t i = 0; i < inc[k]->n; i++) {
			any_inc = 1;
			if (stw_glob_match(inc[k]->v[i], full))
				hit = 1;
		}
	}
	if (any_inc && !hit) {
		free(full);
		return 0;
	}
	for (int k = 0; k < 2; k++) {
		if (exc[k] == NULL)
			continue;
		for (size_t i = 0; i < exc[k]->n; i++)
			if (stw_glob_match(exc[k]->v[i], full)) {
				free(full);
				return 0;
			}
	}
	free(full);
	return 1;
}

static int
keep_table(const struct stw_table *t, void *payload)
{
	void **args = payload;

	return table_selected(t, args[0], args[1]);
}

/* Purposes: a tables: entry wins, else the source's default purposes. */
static void
assign_purposes(struct stw_source *src, const struct job_source *js, const struct stw_config *cfg)
{
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];
		const struct stw_cfg_policy *p = cfg ? stw_config_table_policy(cfg, src->name,
		    t->schema, t->name) : NULL;
		const struct stw_strv *from = NULL;

		if (p != NULL && p->has_purposes)
			from = &p->purposes;
		else if (js->cfg != NULL)
			from = &js->cfg->purposes;
		if ((p == NULL || !p->has_purposes) && stw_table_is_partition(t)) {
			/* A partition holds its parent's rows, for its parent's purposes. */
			const struct stw_cfg_policy *pp = cfg ? stw_config_table_policy(cfg, src->name,
			    t->parent_schema, t->parent) : NULL;
			if (pp != NULL && pp->has_purposes)
				from = &pp->purposes;
		}
		stw_strv_clear(&t->purposes);
		for (size_t k = 0; from != NULL && k < from->n; k++)
			stw_strv_push(&t->purposes, from->v[k]);
	}
}

/* Each partition reads its parent's columns, by name: a "partition" edge
 * per column, along which propagation gives it the parent's findings. */
static void
partition_edges(struct stw_inventory *inv, const struct stw_source *src)
{
	for (size_t i = 0; i < src->ntables; i++) {
		const struct stw_table *t = src->tables[i];
		const struct stw_table *parent;
		char *ev;

		if (!stw_table_is_partition(t) ||
		    (parent = stw_source_find_table(src, t->parent_schema, t->parent)) == NULL)
			continue;
		ev = stw_asprintf("partition of %s.%s", parent->schema, parent->name);
		for (size_t c = 0; c < t->ncolumns; c++)
			if (stw_table_find_column(parent, t->columns[c]->name) != NULL)
				stw_inventory_add_edge(inv, "partition", src->name, parent->schema,
				    parent->name, t->columns[c]->name, src->name, t->schema, t->name,
				    t->columns[c]->name, ev);
		free(ev);
	}
}

/* The rule set of a scan.  When it is the built-in packs alone (no rule
 * files, nothing disabled), nothing in it can be bad input, so it is
 * compiled on a thread of its own while the first source connects and
 * reads its catalog: some 3 ms of start-up, a fifth of a small scan,
 * spent while the network is waited for (docs/performance.md).  Otherwise
 * it is loaded before any connection opens, so that a bad rule file or an
 * unknown rule id is reported before steward touches a database. */
struct rules_job {
	struct stw_rules *rules;               /* owned; complete once rules_get() returns */
	const struct stw_config *cfg;          /* borrowed */
	pthread_t thread;
	int pending;                           /* the thread runs: join before use */
	int rc;                                /* the thread's result, and why */
	struct stw_err err;
};

static int
add_builtin_packs(struct stw_rules *r, const struct stw_config *cfg, struct stw_err *err)
{
	int rc = STW_OK;

	if (cfg != NULL && cfg->rule_packs.n > 0) {
		for (size_t i = 0; rc == STW_OK && i < cfg->rule_packs.n; i++)
			if ((rc = stw_rules_add_builtin(r, cfg->rule_packs.v[i], err)) != STW_OK)
				stw_config_error_at(err, cfg, cfg->rule_packs_at, i);
	} else {
		/* The default: every built-in pack (core, health, languages). */
		for (size_t i = 0; rc == STW_OK && stw_rules_builtin_name(i) != NULL; i++)
			rc = stw_rules_add_builtin(r, stw_rules_builtin_name(i), err);
	}
	return rc;
}

static void *
rules_thread(void *arg)
{
	struct rules_job *job = arg;

	job->rc = add_builtin_packs(job->rules, job->cfg, &job->err);
	if (job->rc == STW_OK)
		job->rc = stw_rules_compile(job->rules, &job->err);
	return NULL;
}

/* The whole rule set, before any connection opens. */
static int
load_rules(struct stw_rules **out, const struct stw_config *cfg, const struct stw_scan_opts *opts,
    struct stw_err *err)
{
	return stw_scan_load_rules(out, cfg, &opts->rule_paths, err);
}

int
stw_scan_load_rules(struct stw_rules **out, const struct stw_config *cfg,
    const struct stw_strv *rule_paths, struct stw_err *err)
{
	struct stw_rules *r = stw_rules_new();
	int rc = add_builtin_packs(r, cfg, err);

	for (size_t i = 0; rc == STW_OK && cfg != NULL && i < cfg->rule_files.n; i++)
		if ((rc = stw_rules_add_path(r, cfg->rule_files.v[i], err)) == STW_ENOTFOUND)
			stw_config_error_at(err, cfg, cfg->rule_files_at, i);
	for (size_t i = 0; rc == STW_OK && rule_paths != NULL && i < rule_paths->n; i++)
		rc = stw_rules_add_path(r, rule_paths->v[i], err);
	for (size_t i = 0; rc == STW_OK && cfg != NULL && i < cfg->rule_disable.n; i++)
		if ((rc = stw_rules_disable(r, cfg->rule_disable.v[i], err)) != STW_OK)
			stw_config_error_at(err, cfg, cfg->rule_disable_at, i);
	if (rc == STW_OK)
		rc = stw_rules_compile(r, err);
	if (rc != STW_OK) {
		stw_rules_free(r);
		/* Bad rules are bad input whatever the underlying code said. */
		return rc == STW_ENOTFOUND ? STW_ENOTFOUND : STW_EUSAGE;
	}
	*out = r;
	return STW_OK;
}

static int
rules_start(struct rules_job *job, const struct stw_config *cfg, const struct stw_scan_opts *opts,
    struct stw_err *err)
{
	int rc;

	memset(job, 0, sizeof(*job));
	job->cfg = cfg;
	if (opts->rule_paths.n == 0 &&
	    (cfg == NULL || (cfg->rule_files.n == 0 && cfg->rule_disable.n == 0))) {
		/* Unknown pack names are the one mistake possible here. */
		for (size_t i = 0; cfg != NULL && i < cfg->rule_packs.n; i++)
			if ((rc = stw_rules_builtin_check(cfg->rule_packs.v[i], err)) != STW_OK)
				return stw_config_error_at(err, cfg, cfg->rule_packs_at, i);
		job->rules = stw_rules_new();
		if (pthread_create(&job->thread, NULL, rules_thread, job) == 0) {
			job->pending = 1;
			return STW_OK;
		}
		stw_rules_free(job->rules);
		job->rules = NULL;
	}
	return load_rules(&job->rules, cfg, opts, err);
}

/* The compiled rules, once the thread (if any) is done.  The built-in
 * packs are part of the binary and tested: failing to load them is a
 * bug, not bad input. */
static const struct stw_rules *
rules_get(struct rules_job *job)
{
	if (job->pending) {
		pthread_join(job->thread, NULL);
		job->pending = 0;
		if (job->rc != STW_OK)
			STW_BUG("the built-in rule packs do not load: %s", job->err.msg);
	}
	return job->rules;
}

static void
rules_release(struct rules_job *job)
{
	(void)rules_get(job);
	stw_rules_free(job->rules);
	job->rules = NULL;
}

/* Scans one source into src.  Keeps the primary connection in *conn_out
 * for later stages (NULL when the source could not be opened). */
/* The source's lineage summary (docs/lineage.md): how many views were seen
 * through at column level, and why the others were not.  Read from the
 * "lineage partial: WHAT: WHY" marks stw_lineage_view leaves. */
static void
summarize_lineage(struct stw_source *src, const struct stw_scan_opts *opts)
{
	struct stw_lineage_summary *ls = &src->lineage;

	for (size_t i = 0; i < src->ntables; i++) {
		const struct stw_table *t = src->tables[i];
		const char *mark;

		if (strcmp(t->kind, "view") != 0 && strcmp(t->kind, "materialized_view") != 0)
			continue;
		ls->views++;
		mark = t->error ? strstr(t->error, "lineage partial: ") : NULL;
		if (mark == NULL) {
			ls->column_level++;
			continue;
		}
		mark += strlen("lineage partial: ");
		if (strncmp(mark, "no view SQL", 11) == 0)
			ls->failed++;
		else
			ls->table_level++;
		{
			const char *end = strchr(mark, ';');
			char *why = stw_strndup(mark, end ? (size_t)(end - mark) : strlen(mark));
			char *line = stw_asprintf("%s.%s: %s", t->schema, t->name, why);
			stw_strv_push(&src->lineage.problems, line);
			logf_(opts, STW_LOG_INFO, "%s: lineage of %s", src->name, line);
			free(line);
			free(why);
		}
	}
	if (ls->views > 0)
		logf_(opts, STW_LOG_INFO, "%s: views: %lld at column level, %lld table level, "
		    "%lld failed", src->name, ls->column_level, ls->table_level, ls->failed);
}

/* What bounds every connection of a source. */
static void
conn_opts(struct stw_conn_opts *co, const struct stw_scan_opts *opts, const char *source)
{
	memset(co, 0, sizeof(*co));
	co->timeout_s = opts->timeout_s > 0 ? opts->timeout_s : DEFAULT_TIMEOUT_S;
	co->verbose = opts->verbose;
	co->trace = opts->trace;
	co->trace_payload = opts->payload;
	co->log = opts->log;
	co->source = source;
}

static void
scan_source(struct stw_inventory *inv, struct job_source *js, struct stw_source *src,
    const struct stw_config *cfg, struct rules_job *rj, const struct stw_scan_opts *opts,
    long long sample_rows, const struct stw_fp_key *fp_key, struct stw_conn **conn_out)
{
	struct source_run run;
	struct stw_conn *conn = NULL;
	struct stw_err err = STW_ERR_INIT;
	int jobs = opts->jobs > 0 ? opts->jobs : 1;
	pthread_t *threads = NULL;
	int nthreads = 0;

	*conn_out = NULL;
	memset(&run, 0, sizeof(run));
	atomic_init(&run.next, 0);
	atomic_init(&run.done, 0);
	atomic_init(&run.rows_done, 0);
	atomic_init(&run.lost, 0);
	atomic_init(&run.first_sampled_us, 0);
	run.opts = opts;
	run.js = js;
	run.src = src;
	conn_opts(&run.copts, opts, src->name);
	run.sample_rows = sample_rows;
	run.sample_views = opts->sample_views >= 0 ? opts->sample_views
	    : (cfg && cfg->sample_views >= 0 ? cfg->sample_views : 0);
	run.view_timeout_s = opts->view_timeout_s > 0 ? opts->view_timeout_s
	    : (cfg && cfg->view_timeout_s > 0 ? cfg->view_timeout_s : DEFAULT_VIEW_TIMEOUT_S);
	run.t0 = mono_s();
	run.fp_key = fp_key;
	run.fp_spool = inv->fp_spool;
	pthread_mutex_init(&run.lock, NULL);

	src->engine = stw_strdup(js->vt->scheme);
	src->dsn = stw_strdup(js->dsn.redacted);
	logf_(opts, STW_LOG_INFO, "%s: connecting to %s", src->name, js->dsn.redacted);
	if (open_conn(js, &conn, &run.copts, &err) != STW_OK) {
		char *msg = stw_asprintf("cannot connect to '%s': %s", src->name, err.msg);
		stw_source_add_error(src, STW_SRC_ERROR, msg);
		logf_(opts, STW_LOG_ERROR, "%s", msg);
		free(msg);
		stw_conn_close(conn);
		goto out;
	}
	if (stw_conn_introspect(conn, src, &err) != STW_OK) {
		char *msg = stw_asprintf("cannot read the catalog of '%s': %s", src->name, err.msg);
		stw_source_add_error(src, src->ntables ? STW_SRC_PARTIAL : STW_SRC_ERROR, msg);
		logf_(opts, STW_LOG_ERROR, "%s", msg);
		free(msg);
	}
	{
		void *args[2] = { js, (void *)opts };
		stw_source_drop_tables(src, keep_table, args);
	}
	assign_purposes(src, js, cfg);
	logf_(opts, STW_LOG_INFO, "%s: %zu tables (catalog read %.3f s after the scan of the "
	    "source began)", src->name, src->ntables, mono_s() - run.t0);
	/* Who can read what: a fixed number of catalog queries per source. */
	if (opts->access) {
		struct stw_err aerr = STW_ERR_INIT;
		if (stw_access_collect(conn, src, js->dsn.path, &aerr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "%s: %s", src->name, aerr.msg);
		for (size_t i = 0; i < src->access.problems.n; i++)
			logf_(opts, STW_LOG_INFO, "%s: access audit: %s", src->name,
			    src->access.problems.v[i]);
	}
	/* Lineage first: it reads the catalog alone, and it decides which
	 * views need running at all (those it cannot see through). */
	{
		struct stw_err lerr = STW_ERR_INIT;
		if (stw_lineage_from_source(inv, src, &lerr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "%s: lineage: %s", src->name, lerr.msg);
		partition_edges(inv, src);
		summarize_lineage(src, opts);
	}
	run.rules = rules_get(rj);
	run.order = work_order(&run);

	/* Workers beyond the first get their own connections. */
	if (jobs > 1 && sample_rows > 0 && src->ntables > 1) {
		size_t want = (size_t)jobs - 1;
		if (want > src->ntables - 1)
			want = src->ntables - 1;
		threads = stw_calloc(want, sizeof(*threads));
		for (size_t i = 0; i < want; i++)
			if (pthread_create(&threads[nthreads], NULL, worker_main, &run) == 0)
				nthreads++;
	}
	work_tables(&run, conn);
	for (int i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	if (atomic_load(&run.first_sampled_us) > 0)
		logf_(opts, STW_LOG_INFO, "%s: first table sampled %.3f s after the scan of the source began",
	    src->name,
		    (double)atomic_load(&run.first_sampled_us) / 1e6);
	free(run.order);
	if (atomic_load(&run.lost)) {
		/* Tables not sampled after the loss still carry name findings. */
		stw_conn_close(conn);
		conn = NULL;
	}
	*conn_out = conn;
out:
	pthread_mutex_destroy(&run.lock);
	logf_(opts, STW_LOG_INFO, "%s: done in %.3f s (%s); classifier %.3f s for %lld values",
	    src->name, mono_s() - run.t0, stw_source_status_name(src->status), run.classify_s,
	    run.values);
}

static void
free_sources(struct job_source *jss, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(jss[i].name);
		stw_dsn_release(&jss[i].dsn);
	}
	free(jss);
}

/* Resolves the sources to scan.  A SOURCE argument naming a config source
 * scans that entry. */
static int
resolve_sources(struct job_source **out, size_t *nout, const struct stw_config *cfg,
    const char *const *dsns, size_t ndsns, struct stw_err *err)
{
	size_t n = ndsns ? ndsns : (cfg ? cfg->nsources : 0);
	struct job_source *jss;
	int rc;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return stw_error(err, STW_EUSAGE,
		    "no data source: give SOURCE arguments or list sources in steward.yaml");
	jss = stw_calloc(n, sizeof(*jss));
	for (size_t i = 0; i < n; i++) {
		const char *text = NULL;
		const struct stw_cfg_source *cs = NULL;

		if (ndsns) {
			for (size_t k = 0; cfg && k < cfg->nsources; k++)
				if (cfg->sources[k]->name && strcmp(cfg->sources[k]->name, dsns[i]) == 0)
					cs = cfg->sources[k];
			text = cs ? cs->dsn : dsns[i];
		} else {
			cs = cfg->sources[i];
			text = cs->dsn;
		}
		jss[i].cfg = cs;
		if ((rc = stw_dsn_parse(&jss[i].dsn, text, err)) != STW_OK ||
		    (rc = stw_connector_find(&jss[i].vt, jss[i].dsn.scheme, err)) != STW_OK) {
			/* Where the DSN stands, never what it says. */
			if (cs != NULL && cfg->path != NULL) {
				char *m = stw_asprintf("%s:%d:%d: source '%s': %s", cfg->path, cs->dsn_line,
				    cs->dsn_col, cs->name ? cs->name : "", err->msg);
				stw_error(err, rc, "%s", m);
				free(m);
			}
			free_sources(jss, n);
			return rc;
		}
		jss[i].name = cs && cs->name ? stw_strdup(cs->name) : stw_dsn_default_name(&jss[i].dsn);
		/* Names must be unique: they key every output. */
		for (size_t k = 0; k < i; k++) {
			if (strcmp(jss[k].name, jss[i].name) == 0) {
				char *nn = stw_asprintf("%s-%zu", jss[i].name, i + 1);
				free(jss[i].name);
				jss[i].name = nn;
				k = (size_t)-1;
			}
		}
	}
	*out = jss;
	*nout = n;
	return STW_OK;
}

/* ---- shards ------------------------------------------------------------------ */

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The source part of a flow end "SOURCE.SCHEMA.TABLE", as a new string. */
static char *
flow_source(const char *end)
{
	const char *dot = strchr(end, '.');

	return dot ? stw_strndup(end, (size_t)(dot - end)) : stw_strdup(end);
}

unsigned
stw_scan_shard_of(const char *name, const struct stw_config *cfg, unsigned n)
{
	struct stw_strv group = STW_STRV_INIT;
	const char *least = name;
	int grew = 1;

	if (n <= 1)
		return 0;
	/* The group of sources flows join name to: a closure over the flows,
	 * small (flows are a config's handful), so quadratic is fine. */
	stw_strv_push(&group, name);
	while (cfg != NULL && grew) {
		grew = 0;
		for (size_t i = 0; i < cfg->nflows; i++) {
			char *a = flow_source(cfg->flows[i]->from), *b = flow_source(cfg->flows[i]->to);
			int ha = stw_strv_has(&group, a), hb = stw_strv_has(&group, b);

			if (ha != hb) {
				stw_strv_push(&group, ha ? b : a);
				grew = 1;
			}
			free(a);
			free(b);
		}
	}
	for (size_t i = 0; i < group.n; i++)
		if (strcmp(group.v[i], least) < 0)
			least = group.v[i];
	{
		unsigned r = (unsigned)(fnv1a(least) % n);

		stw_strv_clear(&group);
		return r;
	}
}

int
stw_scan_shard_parse(int *k, int *n, const char *s)
{
	char *end;
	long a, b;

	if (s == NULL || !(*s >= '0' && *s <= '9'))
		return STW_EUSAGE;
	a = strtol(s, &end, 10);
	if (*end != '/' || !(end[1] >= '0' && end[1] <= '9'))
		return STW_EUSAGE;
	b = strtol(end + 1, &end, 10);
	if (*end != '\0' || b < 1 || b > 4096 || a < 1 || a > b)
		return STW_EUSAGE;
	*k = (int)a;
	*n = (int)b;
	return STW_OK;
}

/* Keeps the sources of shard opts->shard_k; logs which. */
static void
keep_shard(struct job_source *jss, size_t *n, const struct stw_config *cfg,
    const struct stw_scan_opts *opts)
{
	struct stw_buf names = STW_BUF_INIT;
	size_t w = 0, all = *n;

	for (size_t i = 0; i < all; i++) {
		if (stw_scan_shard_of(jss[i].name, cfg, (unsigned)opts->shard_n) ==
		    (unsigned)(opts->shard_k - 1)) {
			stw_buf_addf(&names, "%s%s", w ? ", " : "", jss[i].name);
			jss[w++] = jss[i];
		} else {
			free(jss[i].name);
			stw_dsn_release(&jss[i].dsn);
		}
	}
	*n = w;
	logf_(opts, STW_LOG_INFO, "shard %d/%d: %zu of %zu sources%s%s", opts->shard_k,
	    opts->shard_n, w, all, w ? ": " : "", w ? names.buf : "");
	stw_buf_release(&names);
}

/* The fingerprint key: fingerprints.key, else $STEWARD_FINGERPRINT_KEY,
 * else a random one for this run only (docs/lineage.md).  *key_out is
 * NULL when fingerprints are off (--no-fingerprints, enabled: false, or
 * names only). */
static int
fingerprint_key(struct stw_fp_key *k, const struct stw_fp_key **key_out,
    const struct stw_config *cfg, const struct stw_scan_opts *opts, long long sample_rows,
    struct stw_err *err)
{
	int on = opts->fingerprints >= 0 ? opts->fingerprints
	    : (cfg != NULL && cfg->fingerprints >= 0 ? cfg->fingerprints : 1);
	const char *env = getenv("STEWARD_FINGERPRINT_KEY");
	int rc;

	*key_out = NULL;
	if (!on || sample_rows == 0)
		return STW_OK;
	if (cfg != NULL && cfg->fp_key != NULL)
		rc = stw_fp_key_init(k, cfg->fp_key, "config", err);
	else if (env != NULL && env[0] != '\0') {
		if (strlen(env) < 16)
			return stw_error(err, STW_EUSAGE, "STEWARD_FINGERPRINT_KEY is %zu bytes: use "
			    "at least 16 random bytes (e.g. the output of 'openssl rand -hex 16')",
			    strlen(env));
		rc = stw_fp_key_init(k, env, "environment", err);
	} else
		rc = stw_fp_key_init(k, NULL, "random", err);
	if (rc == STW_OK)
		*key_out = k;
	return rc;
}

/* The connections a source keeps after its tables are sampled: the one
 * that read its catalog, and with --jobs N up to N - 1 more, opened when
 * there is enough work after the samples to be worth one (the joins along
 * foreign keys, the retention counts, the re-identification counts) and
 * kept until the scan ends. */
#define TASKS_PER_EXTRA_CONN 16

struct src_conns {
	struct stw_conn **v;             /* v[0]: the source's own (NULL when it failed) */
	size_t n;
};

/* Opens connections until src has min(want, --jobs) of them. */
static void
widen(struct src_conns *sc, struct job_source *js, size_t want, const char *why,
    const struct stw_scan_opts *opts)
{
	size_t jobs = opts->jobs > 0 ? (size_t)opts->jobs : 1;
	struct stw_conn_opts co;

	if (sc->v[0] == NULL)
		return;
	if (want > jobs)
		want = jobs;
	conn_opts(&co, opts, js->name);
	while (sc->n < want) {
		struct stw_err cerr = STW_ERR_INIT;

		if (open_conn(js, &sc->v[sc->n], &co, &cerr) != STW_OK) {
			logf_(opts, STW_LOG_WARN, "%s: extra connection for the %s failed: %s", js->name,
			    why, cerr.msg);
			stw_conn_close(sc->v[sc->n]);
			sc->v[sc->n] = NULL;
			return;
		}
		sc->n++;
	}
}

/* Copies no catalog declares: joins along each source's foreign keys on
 * its connections (TASKS_PER_EXTRA_CONN keys per extra one), then
 * sketches across every source. */
static void
infer_copies(struct stw_inventory *inv, struct job_source *jss, struct src_conns *scs, size_t n,
    const struct stw_fp_key *key, long long sample_rows, const struct stw_scan_opts *opts)
{
	size_t before = inv->nlineage, added = 0;
	double t0 = mono_s();
	struct stw_err err = STW_ERR_INIT;

	for (size_t i = 0; i < n; i++) {
		struct stw_strv problems = STW_STRV_INIT;
		struct stw_source *src = inv->sources[i];
		size_t nkeys = 0;

		if (scs[i].v[0] == NULL)
			continue;
		for (size_t t = 0; t < src->ntables; t++)
			nkeys += src->tables[t]->nfkeys;
		widen(&scs[i], &jss[i], 1 + nkeys / TASKS_PER_EXTRA_CONN, "joins", opts);
		stw_infer_joins(scs[i].v, scs[i].n, inv, src, key, sample_rows,
		    opts->max_value_len ? opts->max_value_len : DEFAULT_VALUE_LEN, &problems, &err);
		for (size_t k = 0; k < problems.n; k++)
			logf_(opts, STW_LOG_WARN, "%s: inferred lineage: %s", src->name, problems.v[k]);
		stw_strv_clear(&problems);
	}
	double ts = mono_s();
	struct stw_infer_stats st;

	logf_(opts, STW_LOG_INFO, "inferred lineage: %zu copies by join in %.3f s",
	    inv->nlineage - before, ts - t0);
	if (stw_infer_sketches_bounded(inv, STW_INFER_PASS_HASHES, &added, &st, &err) != STW_OK)
		logf_(opts, STW_LOG_WARN, "inferred lineage: %s", err.msg);
	else
		logf_(opts, STW_LOG_INFO, "inferred lineage: %zu copies by sketch in %.3f s (%zu "
		    "hashes merged in %zu passes, %zu of them cut)", added, mono_s() - ts, st.merged,
		    st.passes, st.cuts);
}

int
stw_scan_run(struct stw_inventory **out, const struct stw_config *cfg, const char *const *dsns,
    size_t ndsns, const struct stw_scan_opts *opts, struct stw_err *err)
{
	struct job_source *jss = NULL;
	struct src_conns *scs;
	long long reid_rows;
	int reid;
	struct rules_job rules;
	struct stw_inventory *inv;
	struct stw_fp_key fpkey;
	const struct stw_fp_key *key = NULL;
	struct stw_fides *fides = NULL;
	long long sample_rows;
	size_t n = 0;
	int rc, failed = 0;
	char now[32];

	*out = NULL;
	if (opts->as_of != NULL) {
		long long d;
		if (strlen(opts->as_of) != 10 || stw_date_days(&d, opts->as_of) != STW_OK)
			return stw_error(err, STW_EUSAGE, "invalid as-of date '%s': expected YYYY-MM-DD",
			    opts->as_of);
	}
	sample_rows = opts->sample_rows >= 0 ? opts->sample_rows
	    : (cfg && cfg->sample_rows >= 0 ? cfg->sample_rows : DEFAULT_SAMPLE_ROWS);
	if ((rc = resolve_sources(&jss, &n, cfg, dsns, ndsns, err)) != STW_OK)
		return rc;
	if (opts->shard_n > 1)
		keep_shard(jss, &n, cfg, opts);
	if ((rc = fingerprint_key(&fpkey, &key, cfg, opts, sample_rows, err)) != STW_OK) {
		free_sources(jss, n);
		return rc;
	}
	if ((rc = rules_start(&rules, cfg, opts, err)) != STW_OK) {
		free_sources(jss, n);
		return rc;
	}
	{
		/* Fides datasets read back: steward.yaml's, then --fides. */
		struct stw_strv files = STW_STRV_INIT;

		for (size_t i = 0; cfg != NULL && i < cfg->fides_files.n; i++)
			stw_strv_push(&files, cfg->fides_files.v[i]);
		for (size_t i = 0; i < opts->fides.n; i++)
			stw_strv_push(&files, opts->fides.v[i]);
		rc = files.n ? stw_fides_load(&fides, &files, err) : STW_OK;
		stw_strv_clear(&files);
		if (rc != STW_OK) {
			rules_release(&rules);
			free_sources(jss, n);
			return rc;
		}
	}

	inv = stw_inventory_new();
	stw_utc_now(now);
	inv->generated_at = stw_strdup(now);
	inv->as_of = opts->as_of ? stw_strdup(opts->as_of) : stw_strndup(now, 10);
	inv->tool_name = stw_strdup("steward");
	inv->tool_version = stw_strdup(STEWARD_VERSION);
	if (key != NULL) {
		struct stw_err serr = STW_ERR_INIT;

		inv->fp_key_origin = stw_strdup(key->origin);
		inv->fp_key_id = stw_strdup(key->id);
		/* The sketches wait on disk for the copy search and the writer;
		 * without a spool they wait in memory, as before. */
		if (stw_fp_spool_open(&inv->fp_spool, &serr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "%s; sketches are kept in memory", serr.msg);
	}
	scs = stw_calloc(n + 1, sizeof(*scs));
	for (size_t i = 0; i < n; i++) {
		struct stw_source *src = stw_inventory_add_source(inv, jss[i].name);

		scs[i].v = stw_calloc((size_t)(opts->jobs > 1 ? opts->jobs : 1) + 1, sizeof(*scs[i].v));
		scs[i].n = 1;
		scan_source(inv, &jss[i], src, cfg, &rules, opts, sample_rows, key, &scs[i].v[0]);
	}

	/* Declared flows cross sources: after all of them. */
	{
		struct stw_err lerr = STW_ERR_INIT;
		if (cfg != NULL && stw_lineage_declared(inv, cfg, &lerr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "declared flows: %s", lerr.msg);
		/* Whose rows each table holds, from the catalog and the findings
		 * alone (docs/subjects.md); a council's not_personal decisions
		 * first, so that nothing is inferred from what it settled, and
		 * again after propagation, for the copies' own columns. */
		double ts = mono_s();
		size_t ntab = 0;

		if (fides != NULL)
			logf_(opts, STW_LOG_INFO, "fides: %zu columns as the datasets declare them",
			    stw_fides_apply(inv, fides, rules_get(&rules)));
		stw_subject_decisions(inv, cfg);
		if (stw_subject_infer(inv, cfg, rules_get(&rules), &lerr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "subjects: %s", lerr.msg);
		for (size_t i = 0; i < inv->nsources; i++)
			ntab += inv->sources[i]->ntables;
		logf_(opts, STW_LOG_INFO, "subjects: %zu tables in %.3f s", ntab, mono_s() - ts);
		if (key != NULL)
			infer_copies(inv, jss, scs, n, key, sample_rows, opts);
		if (stw_lineage_propagate(inv, &lerr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "propagation: %s", lerr.msg);
		stw_subject_decisions(inv, cfg);
		/* and again for what propagation brought */
		stw_fides_apply(inv, fides, rules_get(&rules));
		stw_subject_views(inv, cfg);
	}

	/* Re-identification counts are bounded by the sample unless
	 * --reid-rows says otherwise, and off with --sample 0. */
	reid_rows = opts->reid_rows >= 0 ? opts->reid_rows : sample_rows;
	reid = sample_rows != 0 && reid_rows != 0;

	/* Retention needs propagated categories (a copy's limit follows its
	 * source) and the still-open connections; the counts of both run on
	 * the source's connections side by side. */
	for (size_t i = 0; i < n; i++) {
		struct stw_err rerr = STW_ERR_INIT;
		struct stw_source *src = inv->sources[i];
		size_t counts = 0;

		for (size_t t = 0; t < src->ntables; t++)
			counts += (cfg != NULL) + (reid && stw_reid_eligible(src->tables[t]));
		widen(&scs[i], &jss[i], 1 + counts / TASKS_PER_EXTRA_CONN, "counts", opts);
		if (stw_retention_measure_source(scs[i].v, scs[i].n, inv->sources[i], inv, cfg,
		    inv->as_of, &rerr) != STW_OK)
			logf_(opts, STW_LOG_WARN, "%s: retention: %s", inv->sources[i]->name, rerr.msg);
	}

	/* Re-identification counts need the subjects and the quasi-identifier
	 * findings. */
	for (size_t i = 0; i < n; i++) {
		struct stw_err rerr = STW_ERR_INIT;

		if (!reid || scs[i].v[0] == NULL)
			continue;
		if (stw_reid_measure_source(scs[i].v, scs[i].n, inv->sources[i], reid_rows, &rerr) !=
		    STW_OK)
			logf_(opts, STW_LOG_WARN, "%s: re-identification: %s", inv->sources[i]->name,
			    rerr.msg);
	}

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < scs[i].n; k++)
			stw_conn_close(scs[i].v[k]);
		free(scs[i].v);
		if (inv->sources[i]->status != STW_SRC_OK)
			failed = 1;
	}
	free(scs);
	stw_wipe(&fpkey, sizeof(fpkey));
	stw_inventory_sort(inv);
	rules_release(&rules);
	stw_fides_free(fides);
	free_sources(jss, n);
	*out = inv;
	if (failed)
		return stw_error(err, STW_ERROR, "one or more sources could not be scanned completely");
	return STW_OK;
}
