/*
 * The SQLite connector.  Opens the file read-only, introspects it with the
 * pragma table-valued functions (a fixed number of queries per database),
 * and samples rows in random blocks of rowids so that a large table is
 * never sorted or read whole.
 *
 * Every statement passes sqlite3_stmt_readonly() before it runs: steward
 * never writes to a scanned database.
 */
#include "connector.h"
#include "sqltext.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

struct sqlite_conn {
	struct stw_conn base;       /* first: vtable pointer */
	sqlite3 *db;                /* sqlite3_close_v2 in close() */
	char *path;                 /* owned */
	int timeout_s;
	struct stw_conn_opts opts;  /* copy: timeouts and the trace sink */
	struct timespec deadline;   /* statement deadline, checked by the progress handler */
	int timed_out;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress handler: interrupts a statement that ran past the deadline. */
static int
on_progress(void *arg)
{
	struct sqlite_conn *c = arg;
	double dl = (double)c->deadline.tv_sec + (double)c->deadline.tv_nsec / 1e9;

	if (c->timeout_s > 0 && now_s() > dl) {
		c->timed_out = 1;
		return 1;
	}
	return 0;
}

static void
arm_deadline(struct sqlite_conn *c)
{
	double dl = now_s() + (double)c->timeout_s;

	c->deadline.tv_sec = (time_t)dl;
	c->deadline.tv_nsec = (long)((dl - (double)(time_t)dl) * 1e9);
	c->timed_out = 0;
}

static int
db_error(struct sqlite_conn *c, struct stw_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(c->db) & 0xff;
	enum stw_rc rc = STW_ERROR;

	if (c->timed_out || code == SQLITE_INTERRUPT)
		return stw_error(err, STW_ETIMEOUT, "%s: statement timed out after %d s", what,
		    c->timeout_s);
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || code == SQLITE_CANTOPEN)
		rc = STW_ECONNECT;
	return stw_error(err, rc, "%s: %s", what, sqlite3_errmsg(c->db));
}

/* Prepares sql, refusing anything that could write. */
static int
prepare(struct sqlite_conn *c, sqlite3_stmt **st, const char *sql, struct stw_err *err)
{
	*st = NULL;
	arm_deadline(c);
	stw_conn_trace(&c->opts, "sqlite", sql, 0.0);
	if (sqlite3_prepare_v2(c->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_error(c, err, "cannot prepare query");
	if (!sqlite3_stmt_readonly(*st)) {
		sqlite3_finalize(*st);
		*st = NULL;
		STW_BUG("refusing a statement that is not read-only: %s", sql);
	}
	return STW_OK;
}

/* "name" with embedded double quotes doubled: SQLite's identifier quoting. */
static void
quote_ident(struct stw_buf *b, const char *name)
{
	stw_sql_ident(b, "sqlite", name);
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : NULL;
}

/* Does a file exist beside path with this suffix? */
static int
sibling_exists(const char *path, const char *suffix)
{
	char *p = stw_asprintf("%s%s", path, suffix);
	struct stat sb;
	int r = stat(p, &sb) == 0;

	free(p);
	return r;
}

/*
 * A database in WAL mode (header bytes 18 and 19 are 2) is read through
 * its -shm index, which a reader creates when it is missing, and SQLite
 * leaves both -wal and -shm behind a read-only connection; in a read-only
 * folder the open fails outright.  Nothing may be created beside a
 * scanned file, so:
 *   - no -wal file: everything is in the main file; open it immutable,
 *     which reads that file alone and creates nothing;
 *   - -wal and -shm both there: a live database; open it normally, which
 *     creates nothing new;
 *   - -wal without -shm: its changes cannot be read without creating the
 *     index; open immutable, read the main file only, and say so.
 * Immutable means SQLite takes no lock: a writer that checkpoints during
 * the scan can show it a torn state (docs/connectors.md).
 */
static int
wal_needs_immutable(struct sqlite_conn *c, const char *path)
{
	unsigned char h[100];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(h, 1, sizeof(h), f);
	fclose(f);
	if (n < sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0 || h[18] != 2 || h[19] != 2)
		return 0;
	if (!sibling_exists(path, "-wal"))
		return 1;
	if (sibling_exists(path, "-shm"))
		return 0;
	if (c->opts.log != NULL) {
		char *m = stw_asprintf("%s: the write-ahead log of this WAL database has no -shm index "
		    "beside it; reading the main file only, so changes not yet checkpointed are not "
		    "scanned", c->opts.source ? c->opts.source : "sqlite");
		c->opts.log(1 /* STW_LOG_WARN */, m, c->opts.trace_payload);
		free(m);
	}
	return 1;
}

static int
sqlite_open(struct stw_conn **out, const struct stw_dsn *dsn, const struct stw_conn_opts *opts,
    struct stw_err *err)
{
	struct sqlite_conn *c = stw_calloc(1, sizeof(*c));
	struct stat sb;
	char *uri;
	int rc;

	c->base.vt = &stw_connector_sqlite;
	c->path = stw_strdup(dsn->path);
	c->timeout_s = opts && opts->timeout_s > 0 ? opts->timeout_s : 30;
	if (opts != NULL)
		c->opts = *opts;
	*out = &c->base;
	/* Checked first: sqlite3_open_v2 on a missing file says only "unable to open". */
	if (stat(dsn->path, &sb) != 0)
		return stw_error(err, STW_ECONNECT, "cannot open '%s': %s", dsn->path,
		    strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return stw_error(err, STW_ECONNECT, "cannot open '%s': not a regular file", dsn->path);
	/* URI form so that "mode=ro" is enforced; "immutable" only for a
	 * WAL database whose log cannot be read without creating files. */
	{
		struct stw_buf b = STW_BUF_INIT;
		int immutable = wal_needs_immutable(c, dsn->path);

		stw_buf_adds(&b, "file:");
		for (const char *p = dsn->path; *p; p++) {
			if (*p == '%' || *p == '?' || *p == '#')
				stw_buf_addf(&b, "%%%02X", (unsigned char)*p);
			else
				stw_buf_addc(&b, *p);
		}
		stw_buf_adds(&b, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
		uri = stw_buf_detach(&b);
	}
	rc = sqlite3_open_v2(uri, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return stw_error(err, STW_ECONNECT, "cannot open '%s': %s", dsn->path,
		    c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
	sqlite3_busy_timeout(c->db, c->timeout_s * 1000);
	sqlite3_progress_handler(c->db, 1000, on_progress, c);
	/* Belt and braces: the connection refuses writes even if a bug prepared one. */
	sqlite3_exec(c->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	/* Touch the schema now so that a corrupt file fails at open, with its reason. */
	{
		sqlite3_stmt *st;
		if ((rc = prepare(c, &st, "SELECT count(*) FROM sqlite_schema", err)) != STW_OK)
			return stw_error_prefix(err, "cannot read '%s'", dsn->path), STW_ECONNECT;
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			db_error(c, err, "cannot read schema");
			return stw_error(err, STW_ECONNECT, "cannot read '%s': %s", dsn->path,
			    sqlite3_errmsg(c->db));
		}
	}
	return STW_OK;
}

static void
sqlite_close(struct stw_conn *base)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;

	if (c == NULL)
		return;
	if (c->db != NULL)
		sqlite3_close_v2(c->db);
	free(c->path);
	free(c);
}

static int
load_columns(struct sqlite_conn *c, struct stw_source *src, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk, p.hidden "
	    "FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p "
	    "WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	    "ORDER BY m.name, p.cid";
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(c, &st, sql, err)) != STW_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stw_table *t = stw_source_find_table(src, "main", col_text(st, 0));
		struct stw_column *col;
		const char *type = col_text(st, 2);

		if (t == NULL || sqlite3_column_int(st, 5) == 1)   /* hidden virtual-table column */
			continue;
		col = stw_table_add_column(t, col_text(st, 1), type && *type ? type : "ANY",
		    sqlite3_column_int(st, 3) == 0);
		col->primary_key = sqlite3_column_int(st, 4) > 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(c, err, "cannot list columns");
	return STW_OK;
}

static int
load_fkeys(struct sqlite_conn *c, struct stw_source *src, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\" "
	    "FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f "
	    "WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq";
	sqlite3_stmt *st;
	struct stw_fkey *fk = NULL;
	const struct stw_table *fk_table = NULL;
	int last_id = -1, rc;

	if ((rc = prepare(c, &st, sql, err)) != STW_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stw_table *t = stw_source_find_table(src, "main", col_text(st, 0));
		int id = sqlite3_column_int(st, 1);
		const char *to = col_text(st, 5);

		if (t == NULL)
			continue;
		if (fk == NULL || t != fk_table || id != last_id) {
			fk = stw_table_add_fkey(t);
			fk->ref_schema = stw_strdup("main");
			fk->ref_table = stw_strdup(col_text(st, 3));
			fk_table = t;
			last_id = id;
		}
		stw_strv_push(&fk->columns, col_text(st, 4));
		if (to != NULL) {
			stw_strv_push(&fk->ref_columns, to);
		} else {
			/* REFERENCES t without columns means t's primary key. */
			struct stw_table *rt = stw_source_find_table(src, "main", fk->ref_table);
			size_t k = fk->ref_columns.n, seen = 0;
			const char *pkcol = "rowid";
			for (size_t i = 0; rt != NULL && i < rt->ncolumns; i++)
				if (rt->columns[i]->primary_key && seen++ == k)
					pkcol = rt->columns[i]->name;
			stw_strv_push(&fk->ref_columns, pkcol);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(c, err, "cannot list foreign keys");
	return STW_OK;
}

/* Trigger timing and event from "CREATE TRIGGER name AFTER UPDATE OF x ON t". */
static void
trigger_shape(struct stw_trigger *tr, const char *sql)
{
	static const char *const timings[] = { "INSTEAD OF", "BEFORE", "AFTER" };
	static const char *const events[] = { "INSERT", "UPDATE", "DELETE" };
	const char *on;
	size_t hdr;

	if (sql == NULL)
		return;
	/* Only look at the header, up to " ON " (not into the body). */
	on = sql;
	hdr = strlen(sql);
	for (const char *p = sql; *p; p++) {
		if ((p[0] == ' ' || p[0] == '\n' || p[0] == '\t') &&
		    strncasecmp(p + 1, "ON", 2) == 0 &&
		    (p[3] == ' ' || p[3] == '\n' || p[3] == '\t' || p[3] == '"' || p[3] == '`' ||
		    p[3] == '[')) {
			hdr = (size_t)(p - sql);
			break;
		}
	}
	for (size_t i = 0; i < 3; i++) {
		for (size_t j = 0; j + strlen(timings[i]) <= hdr; j++) {
			if (strncasecmp(on + j, timings[i], strlen(timings[i])) == 0) {
				tr->timing = stw_strdup(timings[i]);
				break;
			}
		}
		if (tr->timing)
			break;
	}
	for (size_t i = 0; i < 3; i++) {
		for (size_t j = 0; j + strlen(events[i]) <= hdr; j++) {
			if (strncasecmp(on + j, events[i], strlen(events[i])) == 0) {
				tr->event = stw_strdup(events[i]);
				break;
			}
		}
		if (tr->event)
			break;
	}
	if (tr->timing == NULL)
		tr->timing = stw_strdup("BEFORE");   /* SQLite's default */
}

static int
load_objects(struct sqlite_conn *c, struct stw_source *src, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT type, name, tbl_name, sql FROM sqlite_schema "
	    "WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	    "ORDER BY CASE type WHEN 'trigger' THEN 1 ELSE 0 END, name";
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(c, &st, sql, err)) != STW_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = col_text(st, 0), *name = col_text(st, 1), *def = col_text(st, 3);

		if (strcmp(type, "trigger") == 0) {
			struct stw_table *t = stw_source_find_table(src, "main", col_text(st, 2));
			struct stw_trigger *tr;
			if (t == NULL)
				continue;
			tr = stw_table_add_trigger(t, name);
			tr->definition = stw_strdup(def);
			trigger_shape(tr, def);
		} else {
			int is_view = strcmp(type, "view") == 0;
			struct stw_table *t = stw_source_add_table(src, "main", name,
			    is_view ? "view" : (def && strstr(def, "VIRTUAL") ? "virtual_table" : "table"));
			if (is_view)
				t->definition = stw_strdup(def);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(c, err, "cannot list tables");
	return STW_OK;
}

/* Row counts: sqlite_stat1 when ANALYZE ran, else count(*), which SQLite
 * answers from the smallest index and is bounded by the statement timeout. */
static void
load_counts(struct sqlite_conn *c, struct stw_source *src)
{
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];
		struct stw_buf q = STW_BUF_INIT;
		struct stw_err e = STW_ERR_INIT;
		sqlite3_stmt *st;

		if (strcmp(t->kind, "table") != 0)
			continue;
		stw_buf_adds(&q, "SELECT count(*) FROM ");
		quote_ident(&q, t->name);
		if (prepare(c, &st, q.buf, &e) == STW_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				t->rows_estimate = sqlite3_column_int64(st, 0);
			else
				db_error(c, &e, "cannot count rows");
			sqlite3_finalize(st);
		}
		if (e.code != STW_OK && t->error == NULL)
			t->error = stw_strdup(e.msg);
		stw_buf_release(&q);
	}
}

static int
sqlite_introspect(struct stw_conn *base, struct stw_source *src, struct stw_err *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	int rc;

	free(src->server_version);
	src->server_version = stw_strdup(sqlite3_libversion());
	if ((rc = load_objects(c, src, err)) != STW_OK)
		return rc;
	if ((rc = load_columns(c, src, err)) != STW_OK)
		return rc;
	if ((rc = load_fkeys(c, src, err)) != STW_OK)
		return rc;
	load_counts(c, src);
	return STW_OK;
}

/* A small deterministic PRNG (splitmix64) from one fixed seed, so that
 * the same database gives the same sample and the same inventory. */
static uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* SELECT <cut-down columns>[, rowid] FROM <table> */
static void
select_list(struct stw_buf *q, const struct stw_sample_req *req, int with_rowid)
{
	size_t maxlen = req->max_value_len ? req->max_value_len : 256;

	stw_buf_adds(q, "SELECT ");
	for (size_t i = 0; i < req->ncolumns; i++) {
		/* Blobs are skipped; text is cut server-side. */
		stw_buf_adds(q, i ? ", " : "");
		stw_buf_adds(q, "CASE WHEN typeof(");
		quote_ident(q, req->columns[i]);
		stw_buf_adds(q, ") = 'blob' THEN NULL ELSE substr(CAST(");
		quote_ident(q, req->columns[i]);
		stw_buf_addf(q, " AS TEXT), 1, %zu) END", maxlen);
	}
	if (req->ncolumns == 0)
		stw_buf_adds(q, "1");
	if (with_rowid)
		stw_buf_adds(q, ", rowid");
	stw_buf_adds(q, " FROM ");
	quote_ident(q, req->table->name);
}

/* Steps st and hands each row to cb.  *rows counts rows delivered. */
static int
pump(struct sqlite_conn *c, sqlite3_stmt *st, size_t ncols, stw_row_cb *cb, void *payload,
    long long *rows, long long limit, int64_t *last_rowid, struct stw_err *err)
{
	const char **vals = stw_calloc(ncols + 1, sizeof(*vals));
	size_t *lens = stw_calloc(ncols + 1, sizeof(*lens));
	int rc = SQLITE_DONE, stop = 0;

	while (*rows < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < ncols; i++) {
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
			lens[i] = vals[i] ? (size_t)sqlite3_column_bytes(st, (int)i) : 0;
		}
		if (last_rowid != NULL)
			*last_rowid = sqlite3_column_int64(st, (int)ncols);
		(*rows)++;
		if (cb(vals, lens, ncols, payload) != 0) {
			stop = 1;
			break;
		}
	}
	free(vals);
	free(lens);
	if (stop || *rows >= limit)
		return 1;
	if (rc != SQLITE_DONE)
		return db_error(c, err, "cannot sample rows");
	return 0;
}

static int
has_rowid(struct sqlite_conn *c, const char *table)
{
	struct stw_buf q = STW_BUF_INIT;
	sqlite3_stmt *st;
	int ok = 0;

	stw_buf_adds(&q, "SELECT rowid FROM ");
	quote_ident(&q, table);
	stw_buf_adds(&q, " LIMIT 0");
	ok = sqlite3_prepare_v2(c->db, q.buf, -1, &st, NULL) == SQLITE_OK;
	sqlite3_finalize(st);
	stw_buf_release(&q);
	return ok;
}

#define BLOCK_ROWS 16   /* rows read per random start point */

static int
sqlite_sample(struct stw_conn *base, const struct stw_sample_req *req, stw_row_cb *cb,
    void *payload, long long *rows_out, const char **method_out, struct stw_err *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	const struct stw_table *t = req->table;
	struct stw_buf q = STW_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t lo = 0, hi = 0, *starts = NULL;
	long long rows = 0;
	size_t nstarts;
	uint64_t seed = 1469598103934665603ULL;
	int rc, saved_timeout = c->timeout_s;

	*rows_out = 0;
	if (req->max_rows <= 0)
		return STW_OK;
	if (req->timeout_s > 0 && req->timeout_s < c->timeout_s)
		c->timeout_s = req->timeout_s;   /* a view's own limit; the deadline reads it */
	/* Small tables, views and WITHOUT ROWID tables are read from the start. */
	if (strcmp(t->kind, "table") != 0 || (t->rows_estimate >= 0 &&
	    t->rows_estimate <= req->max_rows) || !has_rowid(c, t->name)) {
		select_list(&q, req, 0);
		stw_buf_addf(&q, " LIMIT %lld", req->max_rows);
		*method_out = strcmp(t->kind, "table") == 0 && t->rows_estimate >= 0 &&
		    t->rows_estimate <= req->max_rows ? "full" : "limit";
		if ((rc = prepare(c, &st, q.buf, err)) == STW_OK) {
			rc = pump(c, st, req->ncolumns, cb, payload, &rows, req->max_rows, NULL, err);
			rc = rc < 0 ? rc : STW_OK;
		}
		goto done;
	}
	/* Random blocks: min/max rowid are O(log n); each block is an index seek. */
	stw_buf_adds(&q, "SELECT min(rowid), max(rowid) FROM ");
	quote_ident(&q, t->name);
	if ((rc = prepare(c, &st, q.buf, err)) != STW_OK)
		goto done;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = db_error(c, err, "cannot read rowid range");
		goto done;
	}
	lo = sqlite3_column_int64(st, 0);
	hi = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	st = NULL;
	/* One seed for every table: the same rowids in tables of the same
	 * range, so that a copy is sampled where its original is
	 * (coordinated sampling, docs/lineage.md). */
	nstarts = (size_t)((req->max_rows + BLOCK_ROWS - 1) / BLOCK_ROWS) * 2;
	starts = stw_malloc(nstarts * sizeof(*starts));
	for (size_t i = 0; i < nstarts; i++)
		starts[i] = lo + (int64_t)(splitmix(&seed) % (uint64_t)(hi - lo + 1));
	qsort(starts, nstarts, sizeof(*starts), cmp_i64);
	stw_buf_reset(&q);
	select_list(&q, req, 1);
	stw_buf_adds(&q, " WHERE rowid >= ?1 ORDER BY rowid LIMIT ?2");
	if ((rc = prepare(c, &st, q.buf, err)) != STW_OK)
		goto done;
	*method_out = "rowid_blocks";
	{
		int64_t next = INT64_MIN;
		for (size_t i = 0; i < nstarts && rows < req->max_rows; i++) {
			int64_t from = starts[i] > next ? starts[i] : next;
			int64_t last = from;
			long long want = req->max_rows - rows;
			int r;
			if (from > hi)
				break;
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, from);
			sqlite3_bind_int64(st, 2, want < BLOCK_ROWS ? want : BLOCK_ROWS);
			arm_deadline(c);
			r = pump(c, st, req->ncolumns, cb, payload, &rows, req->max_rows, &last, err);
			if (r < 0) {
				rc = r;
				goto done;
			}
			if (r > 0 && rows < req->max_rows)
				break;      /* the callback asked to stop */
			next = last + 1;
		}
	}
	rc = STW_OK;
done:
	c->timeout_s = saved_timeout;
	*rows_out = rows;
	sqlite3_finalize(st);
	free(starts);
	stw_buf_release(&q);
	return rc;
}

static int
sqlite_measure_age(struct stw_conn *base, const struct stw_age_req *req,
    struct stw_age_result *out, struct stw_err *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	struct stw_buf q = STW_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	/* ISO 8601 text compares correctly as text, which is how SQLite stores
	 * dates; the cutoff is in the same "YYYY-MM-DD HH:MM:SS" form. */
	stw_buf_adds(&q, "SELECT count(*) FILTER (WHERE ");
	quote_ident(&q, req->anchor);
	stw_buf_adds(&q, " < ?1), min(");
	quote_ident(&q, req->anchor);
	stw_buf_adds(&q, ") FROM ");
	quote_ident(&q, req->table->name);
	rc = prepare(c, &st, q.buf, err);
	stw_buf_release(&q);
	if (rc != STW_OK)
		return rc;
	sqlite3_bind_text(st, 1, req->cutoff, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = db_error(c, err, "cannot count old rows");
		sqlite3_finalize(st);
		return rc;
	}
	out->over = sqlite3_column_int64(st, 0);
	out->exact = 1;
	if (col_text(st, 1) != NULL)
		snprintf(out->oldest, sizeof(out->oldest), "%s", col_text(st, 1));
	sqlite3_finalize(st);
	return STW_OK;
}

static int
sqlite_query(struct stw_conn *base, const char *sql, const char *param, unsigned flags,
    stw_row_cb *cb, void *payload, struct stw_err *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	sqlite3_stmt *st;
	const char **vals;
	size_t *lens, ncols;
	int rc, step;

	if ((rc = prepare(c, &st, sql, err)) != STW_OK)
		return rc;
	if (param != NULL)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	ncols = (size_t)sqlite3_column_count(st);
	vals = stw_calloc(ncols + 1, sizeof(*vals));
	lens = stw_calloc(ncols + 1, sizeof(*lens));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < ncols; i++) {
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
			lens[i] = vals[i] ? (size_t)sqlite3_column_bytes(st, (int)i) : 0;
		}
		if (cb(vals, lens, ncols, payload) != 0) {
			step = SQLITE_DONE;
			break;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_error(c, err, "query failed");
	free(vals);
	free(lens);
	sqlite3_finalize(st);
	return rc;
}

const struct stw_connector stw_connector_sqlite = {
	.abi = STW_CONNECTOR_ABI,
	.scheme = "sqlite",
	.engine_name = "SQLite",
	.caps = STW_CAP_VIEW_SQL | STW_CAP_TRIGGERS,
	.open = sqlite_open,
	.introspect = sqlite_introspect,
	.close = sqlite_close,
	.sample = sqlite_sample,
	.measure_age = sqlite_measure_age,
	.query = sqlite_query,
};

void
stw_sqlite_client_version(char *out, size_t n)
{
	snprintf(out, n, "SQLite %s", sqlite3_libversion());
}
