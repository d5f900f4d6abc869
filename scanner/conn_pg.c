/*
 * The PostgreSQL connector (libpq).  Reads the catalog with a fixed number of
 * queries per database (relations, columns, keys, triggers), whatever the
 * number of tables, and samples rows with TABLESAMPLE SYSTEM so that a
 * 5M-row table costs about what a 50k-row table costs.
 *
 * Read-only three times over: the session starts with
 * default_transaction_read_only=on, every unit of work runs inside
 * BEGIN ... READ ONLY, and steward only ever sends SELECTs it built itself
 * with identifiers quoted by PQescapeIdentifier.  statement_timeout and
 * lock_timeout bound every statement (--timeout).
 *
 * Partitioning: a partitioned table is listed as kind "partitioned_table",
 * with the row estimate of all its leaf partitions, and sampled through the
 * parent.  Each partition is listed too, as kind "partition" with its parent
 * (partition_of) and its own row estimate, but not sampled: scan.c gives it a
 * "partition" lineage edge from its parent, so it carries the parent's
 * findings, and retention, policy, reports and maps count the parent alone.
 */
#include "connector.h"
#include "pg_libpq.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* libpq's functions, loaded by pg_open() (pg_libpq.h). */
#define pq (&stw_pq_fns)

struct pg_conn {
	struct stw_conn base;       /* first: vtable pointer */
	PGconn *pg;                 /* PQfinish in close() */
	struct stw_conn_opts opts;  /* copy: timeouts and the trace sink */
	int timeout_s;
	char *password;             /* owned copy, only to scrub it from messages */
	long long notices;          /* server notices received (and not printed) */
	int dead;                   /* the server stopped answering: nothing more is sent */
};

/*
 * What the server says unasked.  libpq's default prints it to stderr as
 * it came: a view over a function that does RAISE NOTICE 'value=%' prints
 * the values it reads, and whatever terminal escapes they hold.  NOTICE,
 * INFO, LOG and DEBUG are dropped; a WARNING becomes steward's own line,
 * with its SQLSTATE (a code, not text), never the server's words.
 */
static void
on_notice(void *arg, const PGresult *res)
{
	struct pg_conn *c = arg;
	const char *sev = stw_pq_fns.resultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *code = stw_pq_fns.resultErrorField(res, PG_DIAG_SQLSTATE);
	char msg[200], state[6];
	size_t k = 0;

	c->notices++;
	if (sev == NULL || strcmp(sev, "WARNING") != 0 || c->opts.log == NULL)
		return;
	for (const char *p = code ? code : ""; *p && k < 5; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z'))
			state[k++] = *p;
	state[k] = '\0';
	snprintf(msg, sizeof(msg), "%s: the server sent a warning (SQLSTATE %s) while steward read "
	    "it; its text is not shown, since it may quote the data read", c->opts.source ?
	    c->opts.source : "postgres", k ? state : "unknown");
	c->opts.log(1 /* STW_LOG_WARN */, msg, c->opts.trace_payload);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A driver message as one line, without the password whatever libpq put in
 * it (stw_dsn_scrub_message). */
static char *
clean_message(const struct pg_conn *c, const char *msg)
{
	const char *p = msg ? strstr(msg, "FATAL:") : NULL;

	/* "connection to server at ... failed: FATAL:  real reason": keep the reason. */
	return stw_dsn_scrub_message(p ? p + 6 : msg, c ? c->password : NULL);
}

/* Maps a failed result (res may be NULL) to an error code and message. */
static int
pg_error(struct pg_conn *c, PGresult *res, struct stw_err *err, const char *what)
{
	const char *state = res ? pq->resultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? pq->resultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	enum stw_rc rc = STW_ERROR;
	char *msg;
	int r;

	if (pq->status(c->pg) == CONNECTION_BAD) {
		rc = STW_ECONNECT;
		primary = NULL;     /* the connection message says more */
	} else if (state != NULL) {
		if (strcmp(state, "57014") == 0 || strcmp(state, "55P03") == 0)
			rc = STW_ETIMEOUT;    /* statement_timeout, lock_timeout */
		else if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
			rc = STW_ECONNECT;    /* connection exception, admin shutdown */
		else if (strncmp(state, "28", 2) == 0)
			rc = STW_EAUTH;
	}
	msg = clean_message(c, primary ? primary : pq->errorMessage(c->pg));
	if (rc == STW_ETIMEOUT && state != NULL && strcmp(state, "57014") == 0)
		r = stw_error(err, rc, "%s: statement timed out after %d s", what, c->timeout_s);
	else if (rc == STW_ECONNECT && strstr(msg, "connection") == NULL &&
	    strstr(msg, "server") == NULL)
		r = stw_error(err, rc, "%s: connection lost: %s", what, msg);
	else
		r = stw_error(err, rc, "%s: %s", what, msg);
	free(msg);
	return r;
}

/*
 * libpq's blocking calls wait for the server as long as the socket lives,
 * and a server that is stopped (SIGSTOP), or a network path that holds the
 * connection but passes nothing, keeps it alive: the kernel still answers
 * for it, so neither keepalives nor the server's statement_timeout end the
 * wait.  Every wait for a result is therefore bounded on the client too:
 * the statement timeout plus a margin, after which the connection is given
 * up for lost (STW_ECONNECT: the source is partial, its other tables are
 * not tried on it).
 */
#define CLIENT_MARGIN_S 10

static int
wait_result(struct pg_conn *c, double deadline, struct stw_err *err)
{
	while (pq->isBusy(c->pg)) {
		struct pollfd pfd = { pq->socket(c->pg), POLLIN, 0 };
		double left = deadline - now_s();
		int r;

		if (left <= 0 || pfd.fd < 0) {
			c->dead = 1;
			return stw_error(err, STW_ECONNECT, "connection lost: the server sent nothing "
			    "for %d s (statement timeout %d s); giving up on it", c->timeout_s +
			    CLIENT_MARGIN_S, c->timeout_s);
		}
		r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno != EINTR) {
			c->dead = 1;
			return stw_error(err, STW_ECONNECT, "connection lost: %s", strerror(errno));
		}
		if (r > 0 && !pq->consumeInput(c->pg))
			return STW_OK;           /* the error is the connection's: getResult says it */
	}
	return STW_OK;
}

/* PQexec / PQexecParams with the client-side bound: the last result, or
 * NULL with err set when the connection was given up. */
static PGresult *
exec_bounded(struct pg_conn *c, const char *sql, const char *param, struct stw_err *err)
{
	double deadline = now_s() + c->timeout_s + CLIENT_MARGIN_S;
	PGresult *last = NULL, *r;
	int sent;

	if (c->dead) {
		stw_error(err, STW_ECONNECT, "connection lost: the server stopped answering");
		return NULL;
	}
	sent = param != NULL ? pq->sendQueryParams(c->pg, sql, 1, NULL, &param, NULL, NULL, 0)
	    : pq->sendQuery(c->pg, sql);
	if (!sent)
		return NULL;
	for (;;) {
		if (wait_result(c, deadline, err) != STW_OK) {
			pq->clear(last);
			return NULL;
		}
		if ((r = pq->getResult(c->pg)) == NULL)
			break;
		pq->clear(last);
		last = r;
		if (pq->status(c->pg) == CONNECTION_BAD)
			break;
	}
	return last;
}

/* Runs a statement that returns its whole (catalog-sized) result. */
static int
run(struct pg_conn *c, PGresult **out, const char *sql, struct stw_err *err, const char *what)
{
	double t0 = now_s();
	struct stw_err lost = STW_ERR_INIT;
	PGresult *res = exec_bounded(c, sql, NULL, &lost);
	ExecStatusType st = res ? pq->resultStatus(res) : PGRES_FATAL_ERROR;
	int rc;

	stw_conn_trace(&c->opts, "postgres", sql, now_s() - t0);
	*out = NULL;
	if (res == NULL && lost.code != STW_OK) {
		*err = lost;
		return lost.code;
	}
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		*out = res;
		return STW_OK;
	}
	rc = pg_error(c, res, err, what);
	pq->clear(res);
	return rc;
}

static int
run_cmd(struct pg_conn *c, const char *sql, struct stw_err *err, const char *what)
{
	PGresult *res;
	int rc = run(c, &res, sql, err, what);

	pq->clear(res);
	return rc;
}

/* Ends a unit of work; after an error the transaction is aborted anyway. */
static void
end_txn(struct pg_conn *c)
{
	struct stw_err e = STW_ERR_INIT;

	if (pq->status(c->pg) == CONNECTION_OK && pq->transactionStatus(c->pg) != PQTRANS_IDLE)
		run_cmd(c, "ROLLBACK", &e, "rollback");
}

/* "schema"."name" with PostgreSQL's own escaping. */
static int
quote_ident(struct pg_conn *c, struct stw_buf *b, const char *name)
{
	char *q = pq->escapeIdentifier(c->pg, name, strlen(name));

	if (q == NULL)
		return -1;
	stw_buf_adds(b, q);
	pq->freemem(q);
	return 0;
}

static int
quote_table(struct pg_conn *c, struct stw_buf *b, const struct stw_table *t)
{
	if (quote_ident(c, b, t->schema) != 0)
		return -1;
	stw_buf_addc(b, '.');
	return quote_ident(c, b, t->name);
}

/* A table as the object of FROM.  ONLY for plain tables: one with
 * inheritance children (INHERITS) would otherwise be read with the
 * children's rows, and the children are listed, sampled and measured as
 * tables of their own.  Not for partitioned tables: their partitions are
 * folded into them (not listed), so the parent stands for them all. */
static int
from_table(struct pg_conn *c, struct stw_buf *b, const struct stw_table *t)
{
	if (t->kind != NULL && strcmp(t->kind, "table") == 0)
		stw_buf_adds(b, "ONLY ");
	return quote_table(c, b, t);
}

static int
pg_open(struct stw_conn **out, const struct stw_dsn *dsn, const struct stw_conn_opts *opts,
    struct stw_err *err)
{
	struct pg_conn *c;
	const char *keys[64], *vals[64];
	char *owned[64];
	size_t nowned = 0;
	char port[16], ctimeout[16], kidle[16];
	char *options, *msg;
	const char *user_opts = NULL, *user_ctimeout = NULL;
	size_t n = 0;
	int needs_pw, rc;

	*out = NULL;
	if (stw_pq_load(err) == NULL)
		return STW_ECONNECT;
	c = stw_calloc(1, sizeof(*c));
	c->base.vt = &stw_connector_pg;
	c->timeout_s = opts && opts->timeout_s > 0 ? opts->timeout_s : 30;
	if (opts != NULL)
		c->opts = *opts;
	c->password = stw_strdup(dsn->password);
	*out = &c->base;

	for (size_t i = 0; i < dsn->params.n; i++) {
		const char *kv = dsn->params.v[i];
		if (strncmp(kv, "options=", 8) == 0)
			user_opts = kv + 8;
		else if (strncmp(kv, "connect_timeout=", 16) == 0)
			user_ctimeout = kv + 16;
	}
	/* The session is read-only before steward sends anything; the timeouts
	 * bound every statement and every lock wait; UTC so that the retention
	 * cutoff means the same thing whatever the server's TimeZone is. */
	options = stw_asprintf("-c default_transaction_read_only=on -c statement_timeout=%d "
	    "-c lock_timeout=%d -c idle_in_transaction_session_timeout=0 -c TimeZone=UTC%s%s",
	    c->timeout_s * 1000, c->timeout_s * 1000, user_opts ? " " : "",
	    user_opts ? user_opts : "");
	snprintf(port, sizeof(port), "%d", dsn->port);
	snprintf(ctimeout, sizeof(ctimeout), "%d", c->timeout_s);
	snprintf(kidle, sizeof(kidle), "%d", c->timeout_s < 10 ? c->timeout_s : 10);
#define KV(k, v) do { keys[n] = (k); vals[n] = (v); n++; } while (0)
	if (dsn->host != NULL)
		KV("host", dsn->host);
	if (dsn->port > 0)
		KV("port", port);
	if (dsn->user != NULL)
		KV("user", dsn->user);
	if (dsn->password != NULL)   /* else libpq reads PGPASSWORD / ~/.pgpass */
		KV("password", dsn->password);
	if (dsn->dbname != NULL)
		KV("dbname", dsn->dbname);
	KV("fallback_application_name", "steward");
	KV("connect_timeout", user_ctimeout ? user_ctimeout : ctimeout);
	KV("client_encoding", "UTF8");
	KV("options", options);
	/* A server that vanishes without closing the socket is noticed. */
	KV("keepalives", "1");
	KV("keepalives_idle", kidle);
	KV("keepalives_interval", "5");
	KV("keepalives_count", "3");
	/* Other parameters (sslmode, sslrootcert, ...) go to libpq as given. */
	for (size_t i = 0; i < dsn->params.n && n < 60; i++) {
		const char *kv = dsn->params.v[i], *eq = strchr(kv, '=');
		if (eq == NULL || strncmp(kv, "options=", 8) == 0 ||
		    strncmp(kv, "connect_timeout=", 16) == 0)
			continue;
		owned[nowned] = stw_strndup(kv, (size_t)(eq - kv));
		KV(owned[nowned++], eq + 1);
	}
	keys[n] = NULL;
	vals[n] = NULL;
#undef KV
	c->pg = pq->connectdbParams(keys, vals, 0);
	if (c->pg != NULL)
		pq->setNoticeReceiver(c->pg, on_notice, c);
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
	free(options);
	if (c->pg == NULL)
		return stw_error(err, STW_ECONNECT, "cannot connect: out of memory in libpq");
	if (pq->status(c->pg) != CONNECTION_OK) {
		const char *raw = pq->errorMessage(c->pg);
		needs_pw = pq->connectionNeedsPassword(c->pg);
		msg = clean_message(c, raw);
		if (needs_pw || strstr(raw, "authentication failed") != NULL ||
		    strstr(raw, "no password supplied") != NULL ||
		    (strstr(raw, "role \"") != NULL && strstr(raw, "does not exist") != NULL) ||
		    strstr(raw, "no pg_hba.conf entry") != NULL)
			rc = stw_error(err, STW_EAUTH, "%s", msg);
		else
			rc = stw_error(err, STW_ECONNECT, "%s", msg);
		free(msg);
		return rc;
	}
	return STW_OK;
}

static void
pg_close(struct stw_conn *base)
{
	struct pg_conn *c = (struct pg_conn *)base;

	if (c == NULL)
		return;
	if (c->pg != NULL)
		pq->finish(c->pg);
	stw_free_secret(c->password);
	free(c);
}

/* Runs sql in single-row mode, handing each row to cb: memory stays flat
 * whatever the size of the result, a sample or a catalog of 100,000
 * tables.  Values longer than maxlen bytes are cut (0: never); what
 * starts the error message. */
static int
stream(struct pg_conn *c, const char *sql, size_t ncols, size_t maxlen, stw_row_cb *cb,
    void *payload, long long *rows, struct stw_err *err, const char *what)
{
	const char **vals = stw_calloc(ncols + 1, sizeof(*vals));
	size_t *lens = stw_calloc(ncols + 1, sizeof(*lens));
	double t0 = now_s();
	PGresult *res;
	int rc = STW_OK, stop = 0, failed = 0;

	if (c->dead) {
		rc = stw_error(err, STW_ECONNECT, "connection lost: the server stopped answering");
		goto out;
	}
	if (!pq->sendQuery(c->pg, sql)) {
		rc = pg_error(c, NULL, err, what);
		goto out;
	}
	pq->setSingleRowMode(c->pg);
	for (;;) {
		/* each row within the bound: a sample that stops flowing is lost */
		struct stw_err werr = STW_ERR_INIT;

		if (wait_result(c, now_s() + c->timeout_s + CLIENT_MARGIN_S, &werr) != STW_OK) {
			if (!failed) {
				*err = werr;
				rc = werr.code;
			}
			failed = 1;
			break;
		}
		if ((res = pq->getResult(c->pg)) == NULL)
			break;
		ExecStatusType st = pq->resultStatus(res);
		if (st == PGRES_SINGLE_TUPLE && !stop && !failed) {
			for (size_t i = 0; i < ncols; i++) {
				if (pq->getisnull(res, 0, (int)i)) {
					vals[i] = NULL;
					lens[i] = 0;
				} else {
					vals[i] = pq->getvalue(res, 0, (int)i);
					lens[i] = (size_t)pq->getlength(res, 0, (int)i);
					if (maxlen > 0)
						lens[i] = stw_utf8_cut(vals[i], lens[i], maxlen);
				}
			}
			(*rows)++;
			if (cb(vals, lens, ncols, payload) != 0)
				stop = 1;   /* drain the rest: LIMIT bounds it */
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && !failed) {
			rc = pg_error(c, res, err, what);
			failed = 1;
		}
		pq->clear(res);
		if (pq->status(c->pg) == CONNECTION_BAD)
			break;
	}
	if (!failed && pq->status(c->pg) == CONNECTION_BAD)
		rc = pg_error(c, NULL, err, what);
out:
	stw_conn_trace(&c->opts, "postgres", sql, now_s() - t0);
	free(vals);
	free(lens);
	return rc;
}

/* Lookups in catalog order hit the table found last, or the next one. */
static struct stw_table *
find_table(struct stw_source *src, size_t *hint, const char *schema, const char *name)
{
	for (size_t k = 0; k < 2; k++) {
		size_t i = *hint + k;
		if (i < src->ntables && strcmp(src->tables[i]->name, name) == 0 &&
		    strcmp(src->tables[i]->schema, schema) == 0)
			return src->tables[*hint = i];
	}
	for (size_t i = 0; i < src->ntables; i++)
		if (strcmp(src->tables[i]->name, name) == 0 && strcmp(src->tables[i]->schema, schema) == 0)
			return src->tables[*hint = i];
	return NULL;
}

/* A catalog query, streamed: rows are handed to fn as they arrive and
 * none is kept, so a catalog of 100,000 tables never sits in memory twice
 * (once as a libpq result, once as steward's structures). */
static int
catalog(struct pg_conn *c, const char *sql, size_t ncols, stw_row_cb *fn, void *payload,
    struct stw_err *err, const char *what)
{
	long long rows = 0;

	return stream(c, sql, ncols, 0, fn, payload, &rows, err, what);
}

/* What the column, key and trigger rows look up: their table, found by
 * (schema, name) near the one found last (the queries share an order). */
struct catalog_ctx {
	struct stw_source *src;
	size_t hint;
	struct stw_fkey *fk;                   /* the foreign key being read */
	const struct stw_table *fk_table;
};

/* Relations other than system ones.  The same filter is used by every
 * catalog query.  Partitions have no keys of their own here (their
 * constraints are clones, conparentid <> 0) and their clone triggers are
 * left out: the parent stands for them. */
#define REL_FILTER \
	"c.relkind IN ('r', 'p', 'v', 'm', 'f') " \
	"AND n.nspname NOT IN ('pg_catalog', 'information_schema') " \
	"AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)' "

static int
relation_row(const char *const *v, const size_t *len, size_t n, void *payload)
{
	struct catalog_ctx *cx = payload;
	const char *kind = "table", *est = v[3];
	struct stw_table *t;

	(void)len;
	(void)n;
	switch (v[2][0]) {
	case 'p': kind = "partitioned_table"; break;
	case 'v': kind = "view"; break;
	case 'm': kind = "materialized_view"; break;
	case 'f': kind = "foreign_table"; break;
	default: break;
	}
	if (strcmp(v[7], "t") == 0 && v[9] != NULL)
		kind = "partition";
	t = stw_source_add_table(cx->src, v[0], v[1], kind);
	if (strcmp(kind, "partition") == 0) {
		t->parent_schema = stw_strdup(v[8]);
		t->parent = stw_strdup(v[9]);
	}
	t->rows_estimate = est ? strtoll(est, NULL, 10) : -1;
	t->comment = stw_strdup(v[4]);
	t->definition = stw_strdup(v[5]);
	if (strcmp(v[6], "t") != 0)
		t->error = stw_asprintf("permission denied: no SELECT privilege on '%s.%s'",
		    t->schema, t->name);
	return 0;
}

static int
load_relations(struct pg_conn *c, struct catalog_ctx *cx, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT n.nspname, c.relname, c.relkind, "
	    "CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(pc.reltuples, 0))::bigint "
	    "  FROM pg_partition_tree(c.oid) pt JOIN pg_class pc ON pc.oid = pt.relid "
	    "  WHERE pt.isleaf AND pc.reltuples >= 0) "
	    "WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END, "
	    "obj_description(c.oid, 'pg_class'), "
	    "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END, "
	    "has_table_privilege(c.oid, 'SELECT') OR has_any_column_privilege(c.oid, 'SELECT'), "
	    "c.relispartition, parn.nspname, par.relname "
	    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	    "LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid "
	    "LEFT JOIN pg_class par ON par.oid = i.inhparent "
	    "LEFT JOIN pg_namespace parn ON parn.oid = par.relnamespace "
	    "WHERE " REL_FILTER
	    "ORDER BY n.nspname, c.relname";

	return catalog(c, sql, 10, relation_row, cx, err, "cannot list tables");
}

static int
column_row(const char *const *v, const size_t *len, size_t n, void *payload)
{
	struct catalog_ctx *cx = payload;
	struct stw_table *t = find_table(cx->src, &cx->hint, v[0], v[1]);
	struct stw_column *col;

	(void)len;
	(void)n;
	if (t == NULL)
		return 0;
	col = stw_table_add_column(t, v[2], v[3], strcmp(v[4], "t") != 0);
	col->comment = stw_strdup(v[5]);
	return 0;
}

static int
load_columns(struct pg_conn *c, struct catalog_ctx *cx, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
	    "a.attnotnull, col_description(c.oid, a.attnum) "
	    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	    "JOIN pg_namespace n ON n.oid = c.relnamespace "
	    "WHERE " REL_FILTER "AND a.attnum > 0 AND NOT a.attisdropped "
	    "ORDER BY n.nspname, c.relname, a.attnum";

	cx->hint = 0;
	return catalog(c, sql, 6, column_row, cx, err, "cannot list columns");
}

static int
key_row(const char *const *v, const size_t *len, size_t n, void *payload)
{
	struct catalog_ctx *cx = payload;
	struct stw_table *t = find_table(cx->src, &cx->hint, v[0], v[1]);
	const char *name = v[2];

	(void)len;
	(void)n;
	if (t == NULL)
		return 0;
	if (v[3][0] == 'p') {
		struct stw_column *col = stw_table_find_column(t, v[6]);
		if (col != NULL)
			col->primary_key = 1;
		return 0;
	}
	if (cx->fk == NULL || t != cx->fk_table || strcmp(cx->fk->name, name) != 0) {
		cx->fk = stw_table_add_fkey(t);
		cx->fk->name = stw_strdup(name);
		cx->fk->ref_schema = stw_strdup(v[4]);
		cx->fk->ref_table = stw_strdup(v[5]);
		cx->fk_table = t;
	}
	stw_strv_push(&cx->fk->columns, v[6]);
	stw_strv_push(&cx->fk->ref_columns, v[7] ? v[7] : "");
	return 0;
}

/* Primary and foreign keys, one row per key column in key order. */
static int
load_keys(struct pg_conn *c, struct catalog_ctx *cx, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT n.nspname, c.relname, k.conname, k.contype, rn.nspname, rc.relname, "
	    "a.attname, ra.attname "
	    "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
	    "JOIN pg_namespace n ON n.oid = c.relnamespace "
	    "CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) "
	    "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum "
	    "LEFT JOIN pg_class rc ON rc.oid = k.confrelid "
	    "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
	    "LEFT JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[u.ord] "
	    "WHERE " REL_FILTER "AND k.contype IN ('p', 'f') AND k.conparentid = 0 "
	    "ORDER BY n.nspname, c.relname, k.conname, u.ord";

	cx->hint = 0;
	cx->fk = NULL;
	cx->fk_table = NULL;
	return catalog(c, sql, 8, key_row, cx, err, "cannot list keys");
}

/* tgtype bits (pg_trigger.h): ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16,
 * TRUNCATE 32, INSTEAD 64. */
static void
trigger_shape(struct stw_trigger *tr, long type)
{
	struct stw_buf ev = STW_BUF_INIT;
	static const struct { long bit; const char *name; } events[] = {
		{ 4, "INSERT" }, { 16, "UPDATE" }, { 8, "DELETE" }, { 32, "TRUNCATE" },
	};

	tr->timing = stw_strdup(type & 64 ? "INSTEAD OF" : type & 2 ? "BEFORE" : "AFTER");
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		if (!(type & events[i].bit))
			continue;
		stw_buf_adds(&ev, ev.len ? " OR " : "");
		stw_buf_adds(&ev, events[i].name);
	}
	tr->event = ev.len ? stw_buf_detach(&ev) : NULL;
	stw_buf_release(&ev);
}

static int
trigger_row(const char *const *v, const size_t *len, size_t n, void *payload)
{
	struct catalog_ctx *cx = payload;
	struct stw_table *t = find_table(cx->src, &cx->hint, v[0], v[1]);
	struct stw_trigger *tr;

	(void)len;
	(void)n;
	if (t == NULL)
		return 0;
	tr = stw_table_add_trigger(t, v[2]);
	/* The CREATE TRIGGER line says when; the function body says what it copies. */
	tr->definition = stw_asprintf("%s;\n%s", v[3], v[4] ? v[4] : "");
	trigger_shape(tr, strtol(v[5], NULL, 10));
	return 0;
}

static int
load_triggers(struct pg_conn *c, struct catalog_ctx *cx, struct stw_err *err)
{
	static const char sql[] =
	    "SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid, true), p.prosrc, "
	    "t.tgtype::int "
	    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
	    "JOIN pg_namespace n ON n.oid = c.relnamespace "
	    "JOIN pg_proc p ON p.oid = t.tgfoid "
	    "WHERE " REL_FILTER "AND NOT t.tgisinternal AND NOT c.relispartition "
	    "ORDER BY n.nspname, c.relname, t.tgname";

	cx->hint = 0;
	return catalog(c, sql, 6, trigger_row, cx, err, "cannot list triggers");
}

static int
pg_introspect(struct stw_conn *base, struct stw_source *src, struct stw_err *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	const char *ver = pq->parameterStatus(c->pg, "server_version");
	struct catalog_ctx cx = { src, 0, NULL, NULL };
	int rc;

	free(src->server_version);
	src->server_version = stw_strdup(ver ? ver : "unknown");
	/* One snapshot for the whole catalog, so that the four queries agree. */
	if ((rc = run_cmd(c, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", err,
	    "cannot start a read-only transaction")) != STW_OK)
		return rc;
	if ((rc = load_relations(c, &cx, err)) == STW_OK &&
	    (rc = load_columns(c, &cx, err)) == STW_OK &&
	    (rc = load_keys(c, &cx, err)) == STW_OK)
		rc = load_triggers(c, &cx, err);
	end_txn(c);
	return rc;
}

/* Binary values are never fetched: they are not text a rule can read, and
 * they can be large. */
static int
binary_type(const char *type)
{
	return type != NULL && (strcmp(type, "bytea") == 0 || strcmp(type, "bytea[]") == 0);
}

/* SELECT substr(col::text, 1, N), ... FROM "schema"."table" */
static int
select_list(struct pg_conn *c, struct stw_buf *q, const struct stw_sample_req *req)
{
	size_t maxlen = req->max_value_len ? req->max_value_len : 256;

	stw_buf_adds(q, "SELECT ");
	for (size_t i = 0; i < req->ncolumns; i++) {
		const struct stw_column *col = stw_table_find_column(req->table, req->columns[i]);
		stw_buf_adds(q, i ? ", " : "");
		if (col != NULL && binary_type(col->type)) {
			stw_buf_adds(q, "NULL");
			continue;
		}
		/* substr on text reads only the first slice of a large toasted value. */
		stw_buf_adds(q, "substr(");
		if (quote_ident(c, q, req->columns[i]) != 0)
			return -1;
		stw_buf_addf(q, "::text, 1, %zu)", maxlen);
	}
	if (req->ncolumns == 0)
		stw_buf_adds(q, "1");
	stw_buf_adds(q, " FROM ");
	return from_table(c, q, req->table);
}

static long long
count_rows(struct pg_conn *c, const char *sql, struct stw_err *err, int *rc)
{
	PGresult *r;
	long long n = -1;

	if ((*rc = run(c, &r, sql, err, "cannot sample rows")) != STW_OK)
		return -1;
	if (pq->ntuples(r) == 1 && !pq->getisnull(r, 0, 0))
		n = strtoll(pq->getvalue(r, 0, 0), NULL, 10);
	pq->clear(r);
	return n;
}

#define OVERSAMPLE 3      /* TABLESAMPLE asks for this many times the rows wanted */

static int
pg_sample(struct stw_conn *base, const struct stw_sample_req *req, stw_row_cb *cb,
    void *payload, long long *rows_out, const char **method_out, struct stw_err *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	const struct stw_table *t = req->table;
	struct stw_buf q = STW_BUF_INIT, from = STW_BUF_INIT;
	size_t maxlen = req->max_value_len ? req->max_value_len : 256;
	long long rows = 0, n = req->max_rows;
	double pct = 100.0;
	unsigned long seed = 2166136261UL;
	int rc, sampled = 0, can_sample, saved_timeout = 0;

	*rows_out = 0;
	if (n <= 0)
		return STW_OK;
	if (select_list(c, &from, req) != 0) {
		stw_buf_release(&from);
		return stw_error(err, STW_ERROR, "cannot quote the names of '%s.%s'", t->schema, t->name);
	}
	/* One seed for every table: REPEATABLE picks the same pages of tables
	 * of the same size, so an identical copy is sampled where its original
	 * is (coordinated sampling, docs/lineage.md). */
	/* TABLESAMPLE reads whole pages chosen at random: it works on tables,
	 * materialized views and partitioned tables, not on views. */
	can_sample = strcmp(t->kind, "view") != 0 && strcmp(t->kind, "foreign_table") != 0 &&
	    t->rows_estimate > n * 2;
	if ((rc = run_cmd(c, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", err,
	    "cannot start a read-only transaction")) != STW_OK)
		goto done;
	if (req->timeout_s > 0 && req->timeout_s < c->timeout_s) {
		/* A view's own limit, for this transaction only; messages name it. */
		char set[64];
		snprintf(set, sizeof(set), "SET LOCAL statement_timeout = %d", req->timeout_s * 1000);
		if ((rc = run_cmd(c, set, err, "cannot set the view timeout")) != STW_OK)
			goto done;
		saved_timeout = c->timeout_s;
		c->timeout_s = req->timeout_s;
	}
	if (can_sample) {
		/* Probe first: the page sample is cheap, and counting it (same seed,
		 * same pages) tells whether it holds enough rows before any row is
		 * handed on.  Stale statistics can make it hold too few. */
		pct = 100.0 * (double)(n * OVERSAMPLE) / (double)t->rows_estimate;
		for (int attempt = 0; attempt < 3 && pct < 100.0; attempt++, pct *= 4) {
			struct stw_buf probe = STW_BUF_INIT;
			long long got;
			if (pct < 0.0001)
				pct = 0.0001;
			stw_buf_adds(&probe, "SELECT count(*) FROM (SELECT 1 FROM ");
			from_table(c, &probe, t);
			stw_buf_addf(&probe, " TABLESAMPLE SYSTEM (%.6f) REPEATABLE (%lu) LIMIT %lld) s",
			    pct, seed, n);
			got = count_rows(c, probe.buf, err, &rc);
			stw_buf_release(&probe);
			if (rc != STW_OK)
				goto done;
			if (got >= n) {
				sampled = 1;
				break;
			}
		}
	}
	stw_buf_adds(&q, from.buf);
	if (sampled) {
		stw_buf_addf(&q, " TABLESAMPLE SYSTEM (%.6f) REPEATABLE (%lu)", pct, seed);
		*method_out = "tablesample_system";
	} else {
		/* Small tables (and views, and tables whose page sample came up
		 * short) are read from the start, at most n rows. */
		*method_out = "limit";
	}
	stw_buf_addf(&q, " LIMIT %lld", n);
	rc = stream(c, q.buf, req->ncolumns, maxlen, cb, payload, &rows, err, "cannot sample rows");
	if (rc == STW_OK && !sampled && strcmp(t->kind, "view") != 0 &&
	    (rows < n || (t->rows_estimate >= 0 && t->rows_estimate <= n)))
		*method_out = "full";
done:
	end_txn(c);
	if (saved_timeout > 0)
		c->timeout_s = saved_timeout;
	*rows_out = rows;
	stw_buf_release(&q);
	stw_buf_release(&from);
	return rc;
}

static int
pg_measure_age(struct stw_conn *base, const struct stw_age_req *req,
    struct stw_age_result *out, struct stw_err *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	struct stw_buf q = STW_BUF_INIT;
	char *lit;
	PGresult *r;
	int rc;

	/* The cutoff is steward's own "YYYY-MM-DD HH:MM:SS" text; quoted anyway.
	 * An untyped literal takes the anchor column's type (date, timestamp,
	 * timestamptz: read as UTC, the session's TimeZone). */
	lit = pq->escapeLiteral(c->pg, req->cutoff, strlen(req->cutoff));
	if (lit == NULL)
		return pg_error(c, NULL, err, "cannot count old rows");
	stw_buf_adds(&q, "SELECT count(*) FILTER (WHERE ");
	quote_ident(c, &q, req->anchor);
	stw_buf_addf(&q, " < %s), min(", lit);
	quote_ident(c, &q, req->anchor);
	stw_buf_adds(&q, ")::text FROM ");
	from_table(c, &q, req->table);
	pq->freemem(lit);
	if ((rc = run_cmd(c, "BEGIN TRANSACTION READ ONLY", err,
	    "cannot start a read-only transaction")) == STW_OK &&
	    (rc = run(c, &r, q.buf, err, "cannot count old rows")) == STW_OK) {
		if (pq->ntuples(r) == 1) {
			out->over = strtoll(pq->getvalue(r, 0, 0), NULL, 10);
			out->exact = 1;
			if (!pq->getisnull(r, 0, 1))
				snprintf(out->oldest, sizeof(out->oldest), "%s", pq->getvalue(r, 0, 1));
		}
		pq->clear(r);
	}
	end_txn(c);
	stw_buf_release(&q);
	return rc;
}

static int
pg_query(struct stw_conn *base, const char *sql, const char *param, unsigned flags,
    stw_row_cb *cb, void *payload, struct stw_err *err)
{
	/* flags are not used: a row-level security policy runs the user's
	 * code on a base table, so every query keeps a read-only transaction
	 * of its own, and a SET in it goes with its ROLLBACK. */
	struct pg_conn *c = (struct pg_conn *)base;
	PGresult *r = NULL;
	double t0;
	int rc;

	if ((rc = run_cmd(c, "BEGIN TRANSACTION READ ONLY", err,
	    "cannot start a read-only transaction")) != STW_OK)
		return rc;
	t0 = now_s();
	{
		struct stw_err lost = STW_ERR_INIT;

		r = exec_bounded(c, sql, param, &lost);
		if (r == NULL && lost.code != STW_OK) {
			stw_conn_trace(&c->opts, "postgres", sql, now_s() - t0);
			*err = lost;
			return lost.code;
		}
	}
	stw_conn_trace(&c->opts, "postgres", sql, now_s() - t0);
	if (r == NULL || pq->resultStatus(r) != PGRES_TUPLES_OK) {
		rc = pg_error(c, r, err, "query failed");
	} else {
		int nt = pq->ntuples(r), nf = pq->nfields(r);
		const char **vals = stw_calloc((size_t)nf + 1, sizeof(*vals));
		size_t *lens = stw_calloc((size_t)nf + 1, sizeof(*lens));

		for (int i = 0; i < nt; i++) {
			for (int j = 0; j < nf; j++) {
				vals[j] = pq->getisnull(r, i, j) ? NULL : pq->getvalue(r, i, j);
				lens[j] = vals[j] ? (size_t)pq->getlength(r, i, j) : 0;
			}
			if (cb(vals, lens, (size_t)nf, payload) != 0)
				break;
		}
		free(vals);
		free(lens);
	}
	if (r != NULL)
		pq->clear(r);
	end_txn(c);
	return rc;
}

const struct stw_connector stw_connector_pg = {
	.abi = STW_CONNECTOR_ABI,
	.scheme = "postgres",
	.engine_name = "PostgreSQL",
	.caps = STW_CAP_VIEW_SQL | STW_CAP_ROW_ESTIMATE | STW_CAP_TRIGGERS | STW_CAP_SCHEMAS,
	.open = pg_open,
	.introspect = pg_introspect,
	.close = pg_close,
	.sample = pg_sample,
	.measure_age = pg_measure_age,
	.query = pg_query,
};

void
stw_pg_client_version(char *out, size_t n)
{
	struct stw_err err = STW_ERR_INIT;
	const struct stw_pq_api *api = stw_pq_load(&err);
	int v;

	if (api == NULL) {
		snprintf(out, n, "libpq not loadable: %s", err.msg);
		return;
	}
	v = api->libVersion();
	snprintf(out, n, "libpq %d.%d", v / 10000, v % 10000);
}
