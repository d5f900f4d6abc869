/*
 * The connector interface: one const vtable per database engine, in its own
 * file (conn_sqlite.c, conn_pg.c, conn_mysql.c).  A connection's first field
 * is its vtable pointer.  Vtables are never written after registration; new
 * slots are appended only, and an optional slot left NULL means "not
 * supported" (the scan records that in the inventory).
 *
 * Callers use the stw_conn_*() wrappers below, never vt->slot() directly:
 * the wrappers check optional slots and keep the read-only promise.
 *
 * Nothing allocated by a driver library (PQclear, mysql_free_result,
 * sqlite3_free) crosses this interface: rows are handed to callbacks as
 * borrowed (pointer, length) pairs valid only during the call.
 */
#ifndef STW_CONNECTOR_H
#define STW_CONNECTOR_H

#include <stddef.h>

#include "err.h"
#include "inventory.h"
#include "util.h"

#define STW_CONNECTOR_ABI 2

#define STW_CAP_VIEW_SQL     (1u << 0)  /* returns view definitions as SQL text */
#define STW_CAP_ROW_ESTIMATE (1u << 1)  /* cheap row counts from statistics */
#define STW_CAP_TRIGGERS     (1u << 2)  /* returns trigger definitions */
#define STW_CAP_SCHEMAS      (1u << 3)  /* has real schemas (else one, e.g. "main") */

/* A parsed data source name.  raw holds the password-free input;
 * password is kept apart and never printed. */
struct stw_dsn {
	char *scheme;      /* "postgres", "mysql", "sqlite" */
	char *redacted;    /* safe to print: no password */
	char *host;        /* NULL = engine default */
	int port;          /* 0 = engine default */
	char *user;
	char *password;    /* NULL when none given; NEVER print */
	char *dbname;
	char *path;        /* sqlite file */
	char *conninfo;    /* libpq keyword string when given as one (may hold a password) */
	struct stw_strv params;  /* query parameters as "key=value" */
};

/* Parses a SOURCE argument: postgres://, postgresql://, libpq keyword
 * strings ("host=... dbname=..."), mysql://, mariadb://, sqlite:PATH,
 * or a path ending in .db/.sqlite/.sqlite3.  Returns STW_EUSAGE on a
 * malformed or unknown DSN. */
int stw_dsn_parse(struct stw_dsn *out, const char *text, struct stw_err *err);
void stw_dsn_release(struct stw_dsn *d);
/* A copy of text with any password replaced by "***" (URI userinfo,
 * password= keyword, ?password= parameter).  Caller frees. */
char *stw_dsn_redact(const char *text);
/* A driver message as one redacted line, with the literal password (may
 * be NULL) replaced by "***".  Caller frees. */
char *stw_dsn_scrub_message(const char *msg, const char *password);
/* A default short name for a DSN: the database name or file stem. */
char *stw_dsn_default_name(const struct stw_dsn *d);
/* Value of query parameter key, or NULL (borrowed). */
const char *stw_dsn_param(const struct stw_dsn *d, const char *key);

/* Statement trace sink (STEWARD_TRACE=sql): the SQL text a connector sent
 * on connection conn (stw_conn_opts.id) and how long it took to run and
 * fetch.  SQL holds identifiers and constants chosen by steward, never data
 * values or passwords. */
typedef void stw_trace_cb(const char *engine, int conn, const char *sql, double seconds,
    void *payload);

/* Options that bound a scan session. */
struct stw_conn_opts {
	int timeout_s;          /* per statement; also lock timeout and connect timeout */
	int verbose;
	stw_trace_cb *trace;    /* NULL = no tracing */
	void *trace_payload;
	int id;                 /* numbers the connection in the trace (set by whoever opens it) */
	/* Log sink for what a server says unasked (PostgreSQL notices): level
	 * is enum stw_log_level (scan.h); msg is steward's own text, never the
	 * server's, which may quote the data it read.  NULL = dropped.  Called
	 * with trace_payload. */
	void (*log)(int level, const char *msg, void *payload);
	const char *source;     /* the source's name, for those messages */
};

/* Connectors call this after each statement (no-op when tracing is off). */
static inline void
stw_conn_trace(const struct stw_conn_opts *o, const char *engine, const char *sql, double seconds)
{
	if (o != NULL && o->trace != NULL)
		o->trace(engine, o->id, sql, seconds, o->trace_payload);
}

struct stw_conn;            /* driver private; first field: const struct stw_connector *vt */

/* One row: values[i] is NULL for SQL NULL; lengths[i] is its byte length.
 * Borrowed for the duration of the call.  Return non-zero to stop early. */
typedef int stw_row_cb(const char *const *values, const size_t *lengths, size_t n,
    void *payload);

/* A sampling request.  Only the listed columns are fetched; text is cut to
 * max_value_len bytes (server-side where the engine allows). */
struct stw_sample_req {
	const struct stw_table *table;
	const char *const *columns;   /* column names to fetch */
	size_t ncolumns;
	long long max_rows;           /* rows wanted */
	size_t max_value_len;         /* e.g. 256 */
	int timeout_s;                /* > 0: this statement's own, shorter limit (views) */
};

/* The retention measure: rows whose anchor is older than cutoff (ISO 8601). */
struct stw_age_req {
	const struct stw_table *table;
	const char *anchor;           /* timestamp/date column */
	const char *cutoff;           /* "YYYY-MM-DD HH:MM:SS" UTC */
};
struct stw_age_result {
	long long over;               /* rows older than cutoff, -1 unknown */
	char oldest[64];              /* min(anchor) as text, "" when none */
	int exact;                    /* 1 when counted */
};

struct stw_connector {
	unsigned int abi;             /* STW_CONNECTOR_ABI */
	const char *scheme;           /* "postgres", "mysql", "sqlite" */
	const char *engine_name;      /* "PostgreSQL", "MySQL/MariaDB", "SQLite" */
	unsigned int caps;            /* STW_CAP_* */
	/* Required.  After a failed open *out may be half built: close() copes. */
	int (*open)(struct stw_conn **out, const struct stw_dsn *dsn,
	    const struct stw_conn_opts *opts, struct stw_err *err);
	/* Required.  Fills src->server_version and src->tables (with columns,
	 * keys, view SQL, triggers).  Per-table problems go to table->error. */
	int (*introspect)(struct stw_conn *c, struct stw_source *src, struct stw_err *err);
	/* Required.  Accepts NULL. */
	void (*close)(struct stw_conn *c);
	/* Optional. */
	int (*sample)(struct stw_conn *c, const struct stw_sample_req *req, stw_row_cb *cb,
	    void *payload, long long *rows_out, const char **method_out, struct stw_err *err);
	/* Optional.  req->table is a base table: retention is never measured
	 * on a view (retention.c), so no user code runs. */
	int (*measure_age)(struct stw_conn *c, const struct stw_age_req *req,
	    struct stw_age_result *out, struct stw_err *err);
	/* Optional.  A SELECT steward built itself (catalog queries of the
	 * access audit, counts of re-identification and of `locate --count`),
	 * read-only under the statement timeout.  param, when not NULL, is
	 * bound as the one text parameter ($1 on PostgreSQL, ? elsewhere),
	 * never spliced into the SQL, so that it appears in no trace.  flags:
	 * STW_QUERY_BASE_TABLES when it reads only base tables and the catalog
	 * (no view: nothing of the user's runs), which lets a connector whose
	 * session is read-only already skip a transaction of its own.  Rows go
	 * to cb as text. */
	int (*query)(struct stw_conn *c, const char *sql, const char *param, unsigned flags,
	    stw_row_cb *cb, void *payload, struct stw_err *err);
};

struct stw_conn {
	const struct stw_connector *vt;
};

/* The registry: every scheme is known.  Returns STW_EUNSUPPORTED with
 * "steward was built without X support" for a compiled-out engine. */
int stw_connector_find(const struct stw_connector **out, const char *scheme, struct stw_err *err);

/* Client library versions, for steward --version. */
void stw_sqlite_client_version(char *out, size_t n);
#ifdef STEWARD_WITH_POSTGRES
void stw_pg_client_version(char *out, size_t n);
#endif
#ifdef STEWARD_WITH_MYSQL
void stw_mysql_client_version(char *out, size_t n);
#endif

extern const struct stw_connector stw_connector_sqlite;
#ifdef STEWARD_WITH_POSTGRES
extern const struct stw_connector stw_connector_pg;
#endif
#ifdef STEWARD_WITH_MYSQL
extern const struct stw_connector stw_connector_mysql;
#endif

static inline int
stw_conn_open(const struct stw_connector *vt, struct stw_conn **out, const struct stw_dsn *dsn,
    const struct stw_conn_opts *opts, struct stw_err *err)
{
	*out = NULL;
	return vt->open(out, dsn, opts, err);
}

static inline int
stw_conn_introspect(struct stw_conn *c, struct stw_source *src, struct stw_err *err)
{
	return c->vt->introspect(c, src, err);
}

static inline int
stw_conn_sample(struct stw_conn *c, const struct stw_sample_req *req, stw_row_cb *cb,
    void *payload, long long *rows_out, const char **method_out, struct stw_err *err)
{
	*rows_out = 0;
	*method_out = NULL;
	if (c->vt->sample == NULL)
		return stw_error(err, STW_EUNSUPPORTED, "%s connector cannot sample rows",
		    c->vt->engine_name);
	return c->vt->sample(c, req, cb, payload, rows_out, method_out, err);
}

static inline int
stw_conn_measure_age(struct stw_conn *c, const struct stw_age_req *req,
    struct stw_age_result *out, struct stw_err *err)
{
	out->over = -1;
	out->oldest[0] = '\0';
	out->exact = 0;
	if (c->vt->measure_age == NULL)
		return stw_error(err, STW_EUNSUPPORTED, "%s connector cannot measure record age",
		    c->vt->engine_name);
	return c->vt->measure_age(c, req, out, err);
}

/* stw_connector.query's flags */
#define STW_QUERY_BASE_TABLES 1u   /* reads base tables and the catalog only */

static inline int
stw_conn_query(struct stw_conn *c, const char *sql, const char *param, unsigned flags,
    stw_row_cb *cb, void *payload, struct stw_err *err)
{
	if (c->vt->query == NULL)
		return stw_error(err, STW_EUNSUPPORTED, "%s connector cannot run catalog queries",
		    c->vt->engine_name);
	return c->vt->query(c, sql, param, flags, cb, payload, err);
}

static inline void
stw_conn_close(struct stw_conn *c)
{
	if (c != NULL)
		c->vt->close(c);
}

/* Runs task(conn, i, payload) for every i below ntasks across the open
 * connections of conns[0..nconns) (NULLs skipped), one thread each and
 * conns[0] on the caller's: each connection takes the next task as soon as
 * it is done with the last, so a slow table holds up only its own.  A task
 * that returns non-zero (its connection was lost) stops that connection's
 * worker; the others take what is left.  Tasks must write only what is
 * their own (one table's results). */
typedef int stw_conn_task(struct stw_conn *c, size_t i, void *payload);
void stw_conn_run_tasks(struct stw_conn *const *conns, size_t nconns, size_t ntasks,
    stw_conn_task *task, void *payload);

#endif
