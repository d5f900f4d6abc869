/*
 * The MySQL/MariaDB connector (libmariadb, MariaDB Connector/C).  Reads the
 * catalog from information_schema with a fixed number of queries for the
 * whole server or database (tables, columns, keys, views, triggers), and
 * samples large tables in random blocks of a single-column integer primary
 * key, so that each block is an index range read and a 5M-row table costs
 * about what a 50k-row table costs.
 *
 * Read-only: the session is SET SESSION TRANSACTION READ ONLY, so every
 * statement is a read-only transaction (a sample of several key ranges runs
 * in START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY, to read one
 * snapshot), and steward only sends SELECTs it built itself with
 * backtick-quoted identifiers.  max_statement_time
 * (MariaDB) or max_execution_time (MySQL) and the lock wait timeouts bound
 * every statement (--timeout).
 *
 * libmariadb ignores the port when the host is "localhost" (it uses the
 * default socket), so "localhost" with a port is connected as 127.0.0.1.
 */
#include "connector.h"
#include "sqltext.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <mysql.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct my_conn {
	struct stw_conn base;       /* first: vtable pointer */
	MYSQL *my;                  /* mysql_close in close() */
	struct stw_conn_opts opts;  /* copy: timeouts and the trace sink */
	int timeout_s;
	int mariadb;                /* 1 = MariaDB server, 0 = MySQL */
	char *dbname;               /* owned; NULL = every non-system database */
	char *password;             /* owned copy, only to scrub it from messages */
};

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

/* mysql_library_init is not thread-safe: once, before any mysql_init. */
static void
lib_init(void)
{
	mysql_library_init(0, NULL, NULL);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A driver message as one line, with the password scrubbed if it is there. */
static char *
clean_message(const struct my_conn *c, const char *msg)
{
	return stw_dsn_scrub_message(msg, c->password);
}

static enum stw_rc
code_for(unsigned int e)
{
	switch (e) {
	case 1044: case 1045: case 1251: case 1698:      /* access denied, auth plugin */
		return STW_EAUTH;
	case 1053: case 1927: case 2002: case 2003: case 2005: case 2006: case 2013:
	case 2026: case 2047: case 2048: case 2055: case 1049:
		return STW_ECONNECT;                       /* server gone, unknown database */
	case 1969: case 3024: case 1205: case 1317:      /* statement/lock timeouts */
		return STW_ETIMEOUT;
	default:
		return STW_ERROR;
	}
}

static int
my_error(struct my_conn *c, struct stw_err *err, const char *what)
{
	unsigned int e = mysql_errno(c->my);
	enum stw_rc rc = code_for(e);
	char *msg = clean_message(c, mysql_error(c->my));
	int r;

	if (rc == STW_ETIMEOUT && e != 1205)
		r = stw_error(err, rc, "%s: statement timed out after %d s", what, c->timeout_s);
	else
		r = stw_error(err, rc, "%s: %s", what, msg);
	free(msg);
	return r;
}

/* Sends one statement; the caller reads (or discards) its result. */
static int
send_sql(struct my_conn *c, const char *sql, struct stw_err *err, const char *what)
{
	if (mysql_real_query(c->my, sql, strlen(sql)) != 0)
		return my_error(c, err, what);
	return STW_OK;
}

/* A statement without rows (SET, START TRANSACTION, COMMIT). */
static int
run_cmd(struct my_conn *c, const char *sql, struct stw_err *err, const char *what)
{
	double t0 = now_s();
	int rc = send_sql(c, sql, err, what);

	if (rc == STW_OK) {
		MYSQL_RES *r = mysql_store_result(c->my);
		mysql_free_result(r);
	}
	stw_conn_trace(&c->opts, "mysql", sql, now_s() - t0);
	return rc;
}

/* A catalog-sized result, whole. */
static int
run_store(struct my_conn *c, MYSQL_RES **out, const char *sql, struct stw_err *err,
    const char *what)
{
	double t0 = now_s();
	int rc = send_sql(c, sql, err, what);

	*out = NULL;
	if (rc == STW_OK && (*out = mysql_store_result(c->my)) == NULL)
		rc = mysql_errno(c->my) ? my_error(c, err, what)
		    : stw_error(err, STW_ERROR, "%s: no result", what);
	stw_conn_trace(&c->opts, "mysql", sql, now_s() - t0);
	return rc;
}

static void
end_txn(struct my_conn *c, int ok)
{
	struct stw_err e = STW_ERR_INIT;

	run_cmd(c, ok ? "COMMIT" : "ROLLBACK", &e, "end transaction");
}

/* `name` with embedded backticks doubled: MySQL's identifier quoting. */
static void
quote_ident(struct stw_buf *b, const char *name)
{
	stw_sql_ident(b, "mysql", name);
}

static void
quote_table(struct stw_buf *b, const struct stw_table *t)
{
	quote_ident(b, t->schema);
	stw_buf_addc(b, '.');
	quote_ident(b, t->name);
}

/* 'text' as a string literal, escaped for the connection's character set. */
static void
quote_literal(struct my_conn *c, struct stw_buf *b, const char *s)
{
	size_t n = strlen(s);
	char *tmp = stw_malloc(2 * n + 1);

	mysql_real_escape_string(c->my, tmp, s, (unsigned long)n);
	stw_buf_addc(b, '\'');
	stw_buf_adds(b, tmp);
	stw_buf_addc(b, '\'');
	free(tmp);
}

/* The session steward needs: timeouts of S seconds in the units each
 * server wants, UTC (so that the retention cutoff compares against
 * TIMESTAMP columns as UTC), and read-only.  Set once at connect and again
 * after a view has run: a function in a view can change session variables
 * (SET SESSION tx_read_only = 0 from a function is accepted, and outlives
 * the statement).  A failure leaves a session steward cannot vouch for:
 * the connection is lost. */
static int
set_session(struct my_conn *c, int seconds, struct stw_err *err)
{
	char sql[512];
	int rc;

	if (c->mariadb)
		snprintf(sql, sizeof(sql), "SET SESSION max_statement_time = %d, "
		    "lock_wait_timeout = %d, innodb_lock_wait_timeout = %d, time_zone = '+00:00'",
		    seconds, seconds, seconds);
	else
		snprintf(sql, sizeof(sql), "SET SESSION max_execution_time = %d, "
		    "lock_wait_timeout = %d, innodb_lock_wait_timeout = %d, time_zone = '+00:00'",
		    seconds * 1000, seconds, seconds);
	if ((rc = run_cmd(c, sql, err, "cannot set session timeouts")) != STW_OK)
		return rc == STW_ETIMEOUT || rc == STW_ERROR ? STW_ECONNECT : rc;
	if ((rc = run_cmd(c, "SET SESSION TRANSACTION READ ONLY", err,
	    "cannot make the session read-only")) != STW_OK)
		return rc == STW_ETIMEOUT || rc == STW_ERROR ? STW_ECONNECT : rc;
	c->timeout_s = seconds;
	return STW_OK;
}

static int
my_open(struct stw_conn **out, const struct stw_dsn *dsn, const struct stw_conn_opts *opts,
    struct stw_err *err)
{
	struct my_conn *c = stw_calloc(1, sizeof(*c));
	const char *host = dsn->host, *socket = NULL, *pw = dsn->password;
	unsigned int ctimeout, rwtimeout;
	int rc;

	c->base.vt = &stw_connector_mysql;
	c->timeout_s = opts && opts->timeout_s > 0 ? opts->timeout_s : 30;
	if (opts != NULL)
		c->opts = *opts;
	c->dbname = stw_strdup(dsn->dbname && dsn->dbname[0] ? dsn->dbname : NULL);
	*out = &c->base;
	pthread_once(&lib_once, lib_init);
	if ((c->my = mysql_init(NULL)) == NULL)
		return stw_error(err, STW_ECONNECT, "cannot connect: out of memory in libmariadb");
	if (pw == NULL)
		pw = getenv("MYSQL_PWD");   /* else the option files' password, if any */
	c->password = stw_strdup(pw);
	socket = stw_dsn_param(dsn, "socket");
	if (socket == NULL)
		socket = stw_dsn_param(dsn, "unix_socket");
	if (host != NULL && strcmp(host, "localhost") == 0 && dsn->port > 0 && socket == NULL)
		host = "127.0.0.1";
	if (host == NULL && dsn->port > 0 && socket == NULL)
		host = "127.0.0.1";
	ctimeout = (unsigned int)c->timeout_s;
	/* A read waits at most for the statement timeout plus a margin: a server
	 * that stopped answering is a lost connection, not a hang. */
	rwtimeout = (unsigned int)c->timeout_s + 10;
	/* ~/.my.cnf and the system option files, [client] group: user, password, ssl. */
	mysql_options(c->my, MYSQL_READ_DEFAULT_GROUP, "client");
	mysql_options(c->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(c->my, MYSQL_OPT_CONNECT_TIMEOUT, &ctimeout);
	mysql_options(c->my, MYSQL_OPT_READ_TIMEOUT, &rwtimeout);
	mysql_options(c->my, MYSQL_OPT_WRITE_TIMEOUT, &rwtimeout);
	if (host != NULL && socket == NULL && strcmp(host, "localhost") != 0) {
		unsigned int proto = MYSQL_PROTOCOL_TCP;
		mysql_options(c->my, MYSQL_OPT_PROTOCOL, &proto);
	}
	if (mysql_real_connect(c->my, host, dsn->user, pw, c->dbname,
	    (unsigned int)(dsn->port > 0 ? dsn->port : 0), socket, 0) == NULL) {
		unsigned int e = mysql_errno(c->my);
		char *msg = clean_message(c, mysql_error(c->my));
		rc = stw_error(err, code_for(e) == STW_EAUTH ? STW_EAUTH : STW_ECONNECT, "%s", msg);
		free(msg);
		return rc;
	}
	c->mariadb = strstr(mysql_get_server_info(c->my), "MariaDB") != NULL;
	return set_session(c, c->timeout_s, err);
}

static void
my_close(struct stw_conn *base)
{
	struct my_conn *c = (struct my_conn *)base;

	if (c == NULL)
		return;
	if (c->my != NULL)
		mysql_close(c->my);
	stw_free_secret(c->password);
	free(c->dbname);
	free(c);
}

/* Lookups in catalog order hit the table found last, or the next one. */
static struct stw_table *
find_table(struct stw_source *src, size_t *hint, const char *schema, const char *name)
{
	if (schema == NULL || name == NULL)
		return NULL;
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

/* "<col> = 'db'" or "<col> NOT IN (system databases)". */
static void
schema_filter(struct my_conn *c, struct stw_buf *q, const char *col)
{
	stw_buf_adds(q, col);
	if (c->dbname != NULL) {
		stw_buf_adds(q, " = ");
		quote_literal(c, q, c->dbname);
	} else {
		stw_buf_adds(q, " NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')");
	}
}

typedef void row_fn(struct my_conn *c, struct stw_source *src, MYSQL_ROW row, size_t *hint);

/* Runs a catalog query "<head> WHERE <schema filter><tail>" and feeds each
 * row to fn as it arrives (mysql_use_result: the client holds one row, not
 * a catalog of 100,000 tables; fn sends nothing on the connection). */
static int
catalog(struct my_conn *c, struct stw_source *src, const char *head, const char *col,
    const char *tail, row_fn *fn, struct stw_err *err, const char *what)
{
	struct stw_buf q = STW_BUF_INIT;
	MYSQL_RES *r = NULL;
	MYSQL_ROW row;
	size_t hint = 0;
	double t0 = now_s();
	int rc;

	stw_buf_adds(&q, head);
	stw_buf_adds(&q, " WHERE ");
	schema_filter(c, &q, col);
	stw_buf_adds(&q, tail);
	if ((rc = send_sql(c, q.buf, err, what)) == STW_OK) {
		if ((r = mysql_use_result(c->my)) == NULL) {
			rc = mysql_errno(c->my) ? my_error(c, err, what)
			    : stw_error(err, STW_ERROR, "%s: no result", what);
		} else {
			while ((row = mysql_fetch_row(r)) != NULL)
				fn(c, src, row, &hint);
			if (mysql_errno(c->my) != 0)
				rc = my_error(c, err, what);
			mysql_free_result(r);
		}
	}
	stw_conn_trace(&c->opts, "mysql", q.buf, now_s() - t0);
	stw_buf_release(&q);
	return rc;
}

static void
on_table(struct my_conn *c, struct stw_source *src, MYSQL_ROW row, size_t *hint)
{
	const char *type = row[2], *kind;
	struct stw_table *t;

	(void)c;
	(void)hint;
	if (type == NULL)
		return;
	if (strcmp(type, "VIEW") == 0)
		kind = "view";
	else if (strcmp(type, "BASE TABLE") == 0 || strcmp(type, "SYSTEM VERSIONED") == 0)
		kind = row[5] && strstr(row[5], "partitioned") ? "partitioned_table" : "table";
	else
		return;     /* SEQUENCE, TEMPORARY: no data of interest */
	t = stw_source_add_table(src, row[0], row[1], kind);
	t->rows_estimate = row[3] ? strtoll(row[3], NULL, 10) : -1;
	if (strcmp(kind, "view") == 0)
		t->rows_estimate = -1;
	else if (row[4] != NULL && row[4][0] != '\0')
		t->comment = stw_strdup(row[4]);
}

static void
on_column(struct my_conn *c, struct stw_source *src, MYSQL_ROW row, size_t *hint)
{
	struct stw_table *t = find_table(src, hint, row[0], row[1]);
	struct stw_column *col;

	(void)c;
	if (t == NULL || row[2] == NULL)
		return;
	col = stw_table_add_column(t, row[2], row[3] ? row[3] : "", row[4] && strcmp(row[4], "YES") == 0);
	if (row[5] != NULL && row[5][0] != '\0')
		col->comment = stw_strdup(row[5]);
}

static void
on_key(struct my_conn *c, struct stw_source *src, MYSQL_ROW row, size_t *hint)
{
	struct stw_table *t = find_table(src, hint, row[0], row[1]);
	struct stw_fkey *fk;

	(void)c;
	if (t == NULL || row[2] == NULL || row[3] == NULL)
		return;
	if (row[5] == NULL) {   /* PRIMARY */
		struct stw_column *col = stw_table_find_column(t, row[3]);
		if (col != NULL)
			col->primary_key = 1;
		return;
	}
	/* Rows come ordered by table, constraint, position: same name = same key. */
	fk = t->nfkeys ? t->fkeys[t->nfkeys - 1] : NULL;
	if (fk == NULL || strcmp(fk->name, row[2]) != 0) {
		fk = stw_table_add_fkey(t);
		fk->name = stw_strdup(row[2]);
		fk->ref_schema = stw_strdup(row[5]);
		fk->ref_table = stw_strdup(row[6]);
	}
	stw_strv_push(&fk->columns, row[3]);
	stw_strv_push(&fk->ref_columns, row[7] ? row[7] : "");
}

static void
on_view(struct my_conn *c, struct stw_source *src, MYSQL_ROW row, size_t *hint)
{
	struct stw_table *t = find_table(src, hint, row[0], row[1]);

	(void)c;
	if (t != NULL && row[2] != NULL && row[2][0] != '\0') {
		free(t->definition);
		t->definition = stw_strdup(row[2]);
	}
}

static void
on_trigger(struct my_conn *c, struct stw_source *src, MYSQL_ROW row, size_t *hint)
{
	struct stw_table *t = find_table(src, hint, row[0], row[1]);
	struct stw_trigger *tr;
	struct stw_buf d = STW_BUF_INIT;
	const char *body;

	(void)c;
	if (t == NULL || row[2] == NULL)
		return;
	tr = stw_table_add_trigger(t, row[2]);
	tr->timing = stw_strdup(row[3]);
	tr->event = stw_strdup(row[4]);
	/* The whole statement, as SQLite keeps it, for the lineage parser.  A
	 * single-statement body is written as the equivalent BEGIN ... END
	 * block, so that the body is never confused with the header's event. */
	stw_buf_adds(&d, "CREATE TRIGGER ");
	quote_ident(&d, row[2]);
	stw_buf_addf(&d, " %s %s ON ", row[3] ? row[3] : "", row[4] ? row[4] : "");
	quote_table(&d, t);
	stw_buf_adds(&d, " FOR EACH ROW ");
	body = row[5] ? row[5] : "";
	while (*body == ' ' || *body == '\t' || *body == '\n' || *body == '\r')
		body++;
	if (strncasecmp(body, "BEGIN", 5) == 0 && !(isalnum((unsigned char)body[5]) || body[5] == '_'))
		stw_buf_adds(&d, body);
	else
		stw_buf_addf(&d, "BEGIN %s; END", body);
	tr->definition = stw_buf_detach(&d);
}

static int
my_introspect(struct stw_conn *base, struct stw_source *src, struct stw_err *err)
{
	struct my_conn *c = (struct my_conn *)base;
	int rc;

	free(src->server_version);
	src->server_version = stw_strdup(mysql_get_server_info(c->my));
	/* Five queries, whatever the number of tables. */
	if ((rc = catalog(c, src,
	    "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS, TABLE_COMMENT, CREATE_OPTIONS "
	    "FROM information_schema.TABLES", "TABLE_SCHEMA", " ORDER BY TABLE_SCHEMA, TABLE_NAME",
	    on_table, err, "cannot list tables")) != STW_OK)
		return rc;
	if ((rc = catalog(c, src,
	    "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT "
	    "FROM information_schema.COLUMNS", "TABLE_SCHEMA",
	    " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
	    on_column, err, "cannot list columns")) != STW_OK)
		return rc;
	/* PRIMARY, not COLUMN_KEY = 'PRI': MySQL shows a unique NOT NULL key as
	 * PRI when a table has no primary key. */
	if ((rc = catalog(c, src,
	    "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, "
	    "REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
	    "FROM information_schema.KEY_COLUMN_USAGE", "TABLE_SCHEMA",
	    " AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL) "
	    "ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
	    on_key, err, "cannot list keys")) != STW_OK)
		return rc;
	/* A view always has a column.  One without any in COLUMNS is one the
	 * server would not open (warning 1356 or 1792): a table or definer that
	 * is gone, or a function that writes, refused in a read-only session.
	 * Its columns cannot be known; say so rather than list it empty. */
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];

		if (t->ncolumns == 0 && strcmp(t->kind, "view") == 0 && t->error == NULL)
			t->error = stw_strdup("columns not listed: the server would not open the view "
			    "(a missing table or definer, or a function that writes, which a read-only "
			    "session refuses)");
	}
	if ((rc = catalog(c, src,
	    "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS",
	    "TABLE_SCHEMA", " ORDER BY TABLE_SCHEMA, TABLE_NAME",
	    on_view, err, "cannot list views")) != STW_OK)
		return rc;
	return catalog(c, src,
	    "SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, "
	    "EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS",
	    "EVENT_OBJECT_SCHEMA", " ORDER BY EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME",
	    on_trigger, err, "cannot list triggers");
}

/* Binary and spatial values are never fetched. */
static int
binary_type(const char *type)
{
	static const char *const prefixes[] = {
		"tinyblob", "blob", "mediumblob", "longblob", "binary", "varbinary", "bit",
		"geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
		"multipolygon", "geometrycollection",
	};

	if (type == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncasecmp(type, prefixes[i], n) == 0 && (type[n] == '\0' || type[n] == '(' ||
		    type[n] == ' '))
			return 1;
	}
	return 0;
}

static void
select_list(struct stw_buf *q, const struct stw_sample_req *req, const char *pk)
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
		stw_buf_adds(q, "LEFT(");
		quote_ident(q, req->columns[i]);
		stw_buf_addf(q, ", %zu)", maxlen);
	}
	if (req->ncolumns == 0)
		stw_buf_adds(q, "1");
	if (pk != NULL) {
		stw_buf_adds(q, ", ");
		quote_ident(q, pk);
	}
	stw_buf_adds(q, " FROM ");
	quote_table(q, req->table);
}

/* Streams sql's rows (mysql_use_result: nothing is buffered) to cb.  When
 * last_key is set, the column after the requested ones is the key, and
 * *last_key receives the last row's value. */
static int
stream(struct my_conn *c, const char *sql, const struct stw_sample_req *req, stw_row_cb *cb,
    void *payload, long long *rows, long long limit, long long *last_key, int *stopped,
    struct stw_err *err)
{
	size_t ncols = req->ncolumns;
	size_t maxlen = req->max_value_len ? req->max_value_len : 256;
	const char **vals = stw_calloc(ncols + 1, sizeof(*vals));
	size_t *lens = stw_calloc(ncols + 1, sizeof(*lens));
	double t0 = now_s();
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc;

	if ((rc = send_sql(c, sql, err, "cannot sample rows")) != STW_OK)
		goto out;
	if ((res = mysql_use_result(c->my)) == NULL) {
		rc = my_error(c, err, "cannot sample rows");
		goto out;
	}
	/* Every row is read even after the callback said stop: LIMIT bounds it,
	 * and the protocol needs the result drained. */
	while ((row = mysql_fetch_row(res)) != NULL) {
		unsigned long *l = mysql_fetch_lengths(res);
		if (*stopped || *rows >= limit)
			continue;
		for (size_t i = 0; i < ncols; i++) {
			vals[i] = row[i];
			lens[i] = row[i] ? stw_utf8_cut(row[i], l[i], maxlen) : 0;
		}
		if (last_key != NULL && row[ncols] != NULL)
			*last_key = strtoll(row[ncols], NULL, 10);
		(*rows)++;
		if (cb(vals, lens, ncols, payload) != 0)
			*stopped = 1;
	}
	if (mysql_errno(c->my) != 0)
		rc = my_error(c, err, "cannot sample rows");
out:
	mysql_free_result(res);
	stw_conn_trace(&c->opts, "mysql", sql, now_s() - t0);
	free(vals);
	free(lens);
	return rc;
}

/* The single integer primary key column, or NULL. */
static const char *
int_pk(const struct stw_table *t)
{
	static const char *const ints[] = { "tinyint", "smallint", "mediumint", "int", "bigint" };
	const struct stw_column *pk = NULL;

	for (size_t i = 0; i < t->ncolumns; i++) {
		if (!t->columns[i]->primary_key)
			continue;
		if (pk != NULL)
			return NULL;
		pk = t->columns[i];
	}
	if (pk == NULL || pk->type == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		size_t n = strlen(ints[i]);
		if (strncasecmp(pk->type, ints[i], n) == 0 && (pk->type[n] == '\0' ||
		    pk->type[n] == '(' || pk->type[n] == ' '))
			return pk->name;
	}
	return NULL;
}

/* splitmix64 from one fixed seed: the same sample every run, and the same
 * key positions in every table with the same key range -- a copy or a
 * backup made with the same keys is sampled at the same rows (coordinated
 * sampling, which lets fingerprints see the overlap; docs/lineage.md). */
static uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Rows read per random start point.  128: a 10,000-row sample is 79 index
 * range reads of 128 rows (2N/128 start points drawn) instead of 313 of
 * 32, in 60 % of the time, while keeping enough start points to spread
 * over the key range; 512-row blocks were faster still, but 20 start
 * points cluster the sample, and one UNION ALL statement of every block
 * was no faster than 128-row blocks and ten times slower at 32
 * (docs/performance.md, "MariaDB key ranges"). */
#define BLOCK_ROWS 128

/* Random blocks of the integer key: min/max are index ends, each block an
 * index range read.  Returns 1 when the key range was unusable. */
static int
sample_pk_range(struct my_conn *c, const struct stw_sample_req *req, const char *pk,
    stw_row_cb *cb, void *payload, long long *rows, struct stw_err *err, int *rc)
{
	const struct stw_table *t = req->table;
	struct stw_buf q = STW_BUF_INIT, base = STW_BUF_INIT;
	MYSQL_RES *r = NULL;
	MYSQL_ROW row;
	long long lo, hi, next = LLONG_MIN, *starts;
	size_t nstarts;
	uint64_t seed = 1469598103934665603ULL;
	int stopped = 0, bad;
	char *e1, *e2;

	stw_buf_adds(&q, "SELECT MIN(");
	quote_ident(&q, pk);
	stw_buf_adds(&q, "), MAX(");
	quote_ident(&q, pk);
	stw_buf_adds(&q, ") FROM ");
	quote_table(&q, t);
	*rc = run_store(c, &r, q.buf, err, "cannot read the key range");
	stw_buf_release(&q);
	if (*rc != STW_OK)
		return 0;
	row = mysql_fetch_row(r);
	if (row == NULL || row[0] == NULL || row[1] == NULL) {
		mysql_free_result(r);
		return 1;
	}
	errno = 0;
	lo = strtoll(row[0], &e1, 10);
	hi = strtoll(row[1], &e2, 10);
	bad = errno != 0 || *e1 != '\0' || *e2 != '\0';   /* before the row is freed */
	mysql_free_result(r);
	/* Unsigned keys past the signed range, or a range too wide to draw
	 * from: read from the start instead. */
	if (bad || hi < lo || (lo < 0 && hi > LLONG_MAX + lo))
		return 1;
	nstarts = (size_t)((req->max_rows + BLOCK_ROWS - 1) / BLOCK_ROWS) * 2;
	starts = stw_malloc(nstarts * sizeof(*starts));
	for (size_t i = 0; i < nstarts; i++)
		starts[i] = lo + (long long)(splitmix(&seed) % ((uint64_t)(hi - lo) + 1));
	qsort(starts, nstarts, sizeof(*starts), cmp_ll);
	select_list(&base, req, pk);
	for (size_t i = 0; i < nstarts && *rows < req->max_rows && !stopped; i++) {
		long long from = starts[i] > next ? starts[i] : next, last = from;
		long long want = req->max_rows - *rows;
		if (from > hi)
			break;
		stw_buf_reset(&q);
		stw_buf_adds(&q, base.buf);
		stw_buf_adds(&q, " WHERE ");
		quote_ident(&q, pk);
		stw_buf_addf(&q, " >= %lld ORDER BY ", from);
		quote_ident(&q, pk);
		stw_buf_addf(&q, " LIMIT %lld", want < BLOCK_ROWS ? want : BLOCK_ROWS);
		*rc = stream(c, q.buf, req, cb, payload, rows, req->max_rows, &last, &stopped, err);
		if (*rc != STW_OK)
			break;
		if (last == LLONG_MAX)
			break;
		next = last + 1;
	}
	free(starts);
	stw_buf_release(&q);
	stw_buf_release(&base);
	return 0;
}

/* The statement limit of the session, in the units each server wants;
 * error messages name it (c->timeout_s). */
static int
set_statement_limit(struct my_conn *c, int seconds, struct stw_err *err)
{
	char sql[96];
	int rc;

	if (c->mariadb)
		snprintf(sql, sizeof(sql), "SET SESSION max_statement_time = %d", seconds);
	else
		snprintf(sql, sizeof(sql), "SET SESSION max_execution_time = %d", seconds * 1000);
	if ((rc = run_cmd(c, sql, err, "cannot set the statement timeout")) == STW_OK)
		c->timeout_s = seconds;
	return rc;
}

static int
my_sample(struct stw_conn *base, const struct stw_sample_req *req, stw_row_cb *cb,
    void *payload, long long *rows_out, const char **method_out, struct stw_err *err)
{
	struct my_conn *c = (struct my_conn *)base;
	const struct stw_table *t = req->table;
	int view = strcmp(t->kind, "view") == 0;
	const char *pk = !view ? int_pk(t) : NULL;
	long long rows = 0;
	int rc = STW_OK, stopped = 0, saved = c->timeout_s, txn = 0, ranges;

	*rows_out = 0;
	if (req->max_rows <= 0)
		return STW_OK;
	/* A sample of several statements (key ranges) reads one snapshot, and
	 * a view runs its own code: each in a read-only transaction of its own.
	 * A base table read in one statement needs none: the session is
	 * read-only (SET SESSION TRANSACTION READ ONLY), so the statement is a
	 * read-only transaction by itself, and nothing of the user's runs when
	 * a base table is read.  A table of 50 rows then costs one round trip,
	 * not three. */
	ranges = pk != NULL && t->rows_estimate > req->max_rows * 2;
	if (ranges || view) {
		if ((rc = run_cmd(c, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", err,
		    "cannot start a read-only transaction")) != STW_OK)
			return rc;
		txn = 1;
	}
	if (req->timeout_s > 0 && req->timeout_s < c->timeout_s &&
	    (rc = set_statement_limit(c, req->timeout_s, err)) != STW_OK)
		goto done;
	if (ranges) {
		*method_out = "pk_range";
		if (sample_pk_range(c, req, pk, cb, payload, &rows, err, &rc) == 0)
			goto done;
	}
	{
		/* Small tables, views, tables without an integer key: from the start. */
		struct stw_buf q = STW_BUF_INIT;
		select_list(&q, req, NULL);
		stw_buf_addf(&q, " LIMIT %lld", req->max_rows);
		rc = stream(c, q.buf, req, cb, payload, &rows, req->max_rows, NULL, &stopped, err);
		stw_buf_release(&q);
		*method_out = rows < req->max_rows && !view ? "full" : "limit";
	}
done:
	if (txn && rc != STW_ECONNECT)
		end_txn(c, rc == STW_OK);
	if ((view || c->timeout_s != saved) && rc != STW_ECONNECT) {
		/* Back to the session's limit, and after a view to the whole
		 * session steward set (its code may have changed it); failing
		 * that, the connection is not what the next statement expects. */
		struct stw_err rerr = STW_ERR_INIT;
		int limit = c->timeout_s;
		if ((view ? set_session(c, saved, &rerr) : set_statement_limit(c, saved, &rerr)) !=
		    STW_OK) {
			c->timeout_s = limit;
			if (rc == STW_OK || rc == STW_ETIMEOUT) {
				*err = rerr;
				rc = STW_ECONNECT;
			}
		}
	}
	*rows_out = rows;
	return rc;
}

static int
my_measure_age(struct stw_conn *base, const struct stw_age_req *req,
    struct stw_age_result *out, struct stw_err *err)
{
	struct my_conn *c = (struct my_conn *)base;
	struct stw_buf q = STW_BUF_INIT;
	MYSQL_RES *r = NULL;
	MYSQL_ROW row;
	int rc;

	stw_buf_adds(&q, "SELECT COUNT(CASE WHEN ");
	quote_ident(&q, req->anchor);
	stw_buf_adds(&q, " < ");
	quote_literal(c, &q, req->cutoff);
	stw_buf_adds(&q, " THEN 1 END), CAST(MIN(");
	quote_ident(&q, req->anchor);
	stw_buf_adds(&q, ") AS CHAR) FROM ");
	quote_table(&q, req->table);
	/* One statement over a base table (retention is never measured on a
	 * view): the read-only session is enough, as for a sample. */
	if ((rc = run_store(c, &r, q.buf, err, "cannot count old rows")) == STW_OK &&
	    (row = mysql_fetch_row(r)) != NULL) {
		out->over = row[0] ? strtoll(row[0], NULL, 10) : -1;
		out->exact = row[0] != NULL;
		if (row[1] != NULL)
			snprintf(out->oldest, sizeof(out->oldest), "%s", row[1]);
	}
	mysql_free_result(r);
	stw_buf_release(&q);
	return rc;
}

/* With a parameter: a prepared statement, its results fetched as text of
 * up to MY_PARAM_CELL bytes each (enough for the counts it is used for). */
#define MY_PARAM_CELL 256

static int
my_query_param(struct my_conn *c, const char *sql, const char *param, stw_row_cb *cb,
    void *payload, struct stw_err *err)
{
	MYSQL_STMT *st = mysql_stmt_init(c->my);
	MYSQL_BIND in, *out = NULL;
	MYSQL_RES *meta = NULL;
	unsigned long plen = (unsigned long)strlen(param), *lens = NULL;
	my_bool *nulls = NULL;
	char *cells = NULL;
	const char **vals = NULL;
	size_t *vlens = NULL;
	unsigned int nf = 0;
	int rc = STW_OK, f;

	if (st == NULL)
		return my_error(c, err, "query failed");
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0)
		goto fail;
	memset(&in, 0, sizeof(in));
	in.buffer_type = MYSQL_TYPE_STRING;
	in.buffer = (void *)param;
	in.buffer_length = plen;
	in.length = &plen;
	if (mysql_stmt_bind_param(st, &in) != 0 || mysql_stmt_execute(st) != 0)
		goto fail;
	if ((meta = mysql_stmt_result_metadata(st)) != NULL)
		nf = mysql_num_fields(meta);
	out = stw_calloc(nf + 1, sizeof(*out));
	lens = stw_calloc(nf + 1, sizeof(*lens));
	nulls = stw_calloc(nf + 1, sizeof(*nulls));
	cells = stw_calloc((size_t)(nf + 1) * MY_PARAM_CELL, 1);
	vals = stw_calloc(nf + 1, sizeof(*vals));
	vlens = stw_calloc(nf + 1, sizeof(*vlens));
	for (unsigned int i = 0; i < nf; i++) {
		out[i].buffer_type = MYSQL_TYPE_STRING;
		out[i].buffer = cells + (size_t)i * MY_PARAM_CELL;
		out[i].buffer_length = MY_PARAM_CELL - 1;
		out[i].length = &lens[i];
		out[i].is_null = &nulls[i];
	}
	if (nf > 0 && mysql_stmt_bind_result(st, out) != 0)
		goto fail;
	while ((f = mysql_stmt_fetch(st)) == 0 || f == MYSQL_DATA_TRUNCATED) {
		for (unsigned int i = 0; i < nf; i++) {
			size_t n = lens[i] < MY_PARAM_CELL - 1 ? lens[i] : MY_PARAM_CELL - 1;
			cells[(size_t)i * MY_PARAM_CELL + n] = '\0';
			vals[i] = nulls[i] ? NULL : cells + (size_t)i * MY_PARAM_CELL;
			vlens[i] = nulls[i] ? 0 : n;
		}
		if (cb(vals, vlens, nf, payload) != 0)
			break;
	}
	if (f == 1)
		goto fail;
	goto out;
fail:
	{
		unsigned int e = mysql_stmt_errno(st);
		char *msg = clean_message(c, mysql_stmt_error(st));
		rc = stw_error(err, code_for(e), "query failed: %s", msg);
		free(msg);
	}
out:
	if (meta != NULL)
		mysql_free_result(meta);
	mysql_stmt_close(st);
	free(out);
	free(lens);
	free(nulls);
	free(cells);
	free(vals);
	free(vlens);
	return rc;
}

static int
my_query(struct stw_conn *base, const char *sql, const char *param, unsigned flags,
    stw_row_cb *cb, void *payload, struct stw_err *err)
{
	struct my_conn *c = (struct my_conn *)base;
	MYSQL_RES *r = NULL;
	MYSQL_ROW row;
	int rc, txn = !(flags & STW_QUERY_BASE_TABLES);

	/* Over base tables and the catalog (the joins, the counts, the access
	 * audit) the read-only session is enough, as for a sample.  SQL that
	 * may name a view (locate --count) runs in a read-only transaction of
	 * its own, and the session is set again after it. */
	if (txn && (rc = run_cmd(c, "START TRANSACTION READ ONLY", err,
	    "cannot start a read-only transaction")) != STW_OK)
		return rc;
	if (param != NULL) {
		double t0 = now_s();
		rc = my_query_param(c, sql, param, cb, payload, err);
		stw_conn_trace(&c->opts, "mysql", sql, now_s() - t0);
	} else if ((rc = run_store(c, &r, sql, err, "query failed")) == STW_OK) {
		unsigned int nf = mysql_num_fields(r);
		size_t *lens = stw_calloc(nf + 1, sizeof(*lens));

		while ((row = mysql_fetch_row(r)) != NULL) {
			unsigned long *l = mysql_fetch_lengths(r);
			for (unsigned int i = 0; i < nf; i++)
				lens[i] = row[i] ? (size_t)l[i] : 0;
			if (cb((const char *const *)row, lens, nf, payload) != 0)
				break;
		}
		free(lens);
		mysql_free_result(r);
	}
	if (txn && rc != STW_ECONNECT) {
		struct stw_err rerr = STW_ERR_INIT;

		end_txn(c, rc == STW_OK);
		if (set_session(c, c->timeout_s, &rerr) != STW_OK) {
			*err = rerr;
			rc = STW_ECONNECT;
		}
	}
	return rc;
}

const struct stw_connector stw_connector_mysql = {
	.abi = STW_CONNECTOR_ABI,
	.scheme = "mysql",
	.engine_name = "MySQL/MariaDB",
	.caps = STW_CAP_VIEW_SQL | STW_CAP_ROW_ESTIMATE | STW_CAP_TRIGGERS | STW_CAP_SCHEMAS,
	.open = my_open,
	.introspect = my_introspect,
	.close = my_close,
	.sample = my_sample,
	.measure_age = my_measure_age,
	.query = my_query,
};

void
stw_mysql_client_version(char *out, size_t n)
{
	snprintf(out, n, "MySQL/MariaDB client %s", mysql_get_client_info());
}
