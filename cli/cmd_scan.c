/*
 * steward scan: connect to data sources and write an inventory.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/scan.h"

static const struct stw_opt scan_opts[] = {
	{ "config", 'c', "FILE", "read steward.yaml (sources, rules, policy)" },
	{ "output", 'o', "FILE", "write the inventory to FILE (default: standard output)" },
	{ "sample", 0, "N", "rows sampled per table (default 1000; 0 = names only, no data read)" },
	{ "jobs", 'j', "N", "parallel connections per source (default 1)" },
	{ "include", 0, "GLOB", "only scan schema.table names matching GLOB (repeatable)" },
	{ "exclude", 0, "GLOB", "skip schema.table names matching GLOB (repeatable)" },
	{ "rules", 0, "FILE|DIR", "add a rule pack file or a directory of packs (repeatable)" },
	{ "timeout", 0, "SECONDS", "per-statement, lock and connect timeout (default 30)" },
	{ "as-of", 0, "YYYY-MM-DD", "measure retention as of this date (default: today, UTC)" },
	{ "show-examples", 0, NULL, "store masked example values in findings (never raw values)" },
	{ "progress", 0, "WHEN", "progress on stderr: auto (when a terminal), always, never" },
	{ "quiet", 'q', NULL, "print errors only" },
	{ "verbose", 'v', NULL, "print what is being done" },
	{ NULL, 0, NULL, NULL }
};

struct scan_args {
	const char *config;
	const char *output;
	struct stw_scan_opts so;
	int progress;            /* -1 auto, 0 never, 1 always */
	int quiet;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct scan_args *a = payload;
	long long n;

	if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "sample") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		a->so.sample_rows = n;
	} else if (strcmp(o->lname, "jobs") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		if (n < 1 || n > 64) {
			stw_cli_error("--jobs: expected 1 to 64, got '%s'", v);
			return STW_EUSAGE;
		}
		a->so.jobs = (int)n;
	} else if (strcmp(o->lname, "include") == 0)
		stw_strv_push(&a->so.include, v);
	else if (strcmp(o->lname, "exclude") == 0)
		stw_strv_push(&a->so.exclude, v);
	else if (strcmp(o->lname, "rules") == 0)
		stw_strv_push(&a->so.rule_paths, v);
	else if (strcmp(o->lname, "timeout") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		if (n < 1 || n > 86400) {
			stw_cli_error("--timeout: expected 1 to 86400 seconds, got '%s'", v);
			return STW_EUSAGE;
		}
		a->so.timeout_s = (int)n;
	} else if (strcmp(o->lname, "as-of") == 0)
		a->so.as_of = v;
	else if (strcmp(o->lname, "show-examples") == 0)
		a->so.show_examples = 1;
	else if (strcmp(o->lname, "progress") == 0) {
		if (strcmp(v, "auto") == 0)
			a->progress = -1;
		else if (strcmp(v, "always") == 0)
			a->progress = 1;
		else if (strcmp(v, "never") == 0)
			a->progress = 0;
		else {
			stw_cli_error("--progress: expected auto, always or never, got '%s'", v);
			return STW_EUSAGE;
		}
	} else if (strcmp(o->lname, "quiet") == 0)
		a->quiet = 1;
	else if (strcmp(o->lname, "verbose") == 0)
		a->so.verbose++;
	return STW_OK;
}

/* Log sink: warnings and errors unless -q; info with -v. */
struct ui {
	int quiet, verbose;
	int progress_on;
	int progress_drawn;
};

static void
ui_log(int level, const char *msg, void *payload)
{
	struct ui *ui = payload;

	if (level == STW_LOG_ERROR || (level == STW_LOG_WARN && !ui->quiet) ||
	    (level == STW_LOG_INFO && ui->verbose >= 1) || (level == STW_LOG_DEBUG && ui->verbose >= 2)) {
		if (ui->progress_drawn) {
			fputs("\r\033[K", stderr);
			ui->progress_drawn = 0;
		}
		fprintf(stderr, "steward: %s%s\n", level == STW_LOG_WARN ? "warning: " : "", msg);
	}
}

static void
ui_progress(const struct stw_progress *p, void *payload)
{
	struct ui *ui = payload;
	double rate = p->elapsed_s > 0 ? (double)p->rows_done / p->elapsed_s : 0;

	if (!ui->progress_on)
		return;
	fprintf(stderr, "\r\033[K%s: %zu/%zu tables, %.0f rows/s%s%.60s", p->source, p->tables_done,
	    p->tables_total, rate, p->current ? "  " : "", p->current ? p->current : "");
	fflush(stderr);
	ui->progress_drawn = 1;
}

/* STEWARD_TRACE=sql: every statement on stderr, one line each:
 *   steward-trace: ENGINE conn=N MS ms: SQL
 * Each scan thread holds exactly one connection, so the thread numbers
 * the connection; the benchmark replays each connection's statements in
 * its own client session. */
static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;
static int trace_next_conn;
static _Thread_local int trace_conn;

static void
ui_trace(const char *engine, const char *sql, double seconds, void *payload)
{
	pthread_mutex_lock(&trace_lock);
	if (trace_conn == 0)
		trace_conn = ++trace_next_conn;
	fprintf(stderr, "steward-trace: %s conn=%d %.3f ms: ", engine, trace_conn, seconds * 1000.0);
	for (const char *p = sql; *p; p++)
		fputc(*p == '\n' || *p == '\r' ? ' ' : *p, stderr);
	fputc('\n', stderr);
	pthread_mutex_unlock(&trace_lock);
}

int
stw_cmd_scan(int argc, char **argv)
{
	struct scan_args a;
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_config *cfg = NULL;
	struct stw_inventory *inv = NULL;
	struct stw_err err = STW_ERR_INIT;
	struct ui ui = { 0, 0, 0, 0 };
	int help = 0, rc, code;

	memset(&a, 0, sizeof(a));
	stw_scan_opts_init(&a.so);
	a.progress = -1;
	if (stw_cli_parse(argc, argv, "scan", scan_opts, on_opt, &a, &pos, &help) != STW_OK) {
		code = STW_EXIT_USAGE;
		goto out;
	}
	if (help) {
		stw_cli_usage(stdout, "steward scan [SOURCE...] [-c steward.yaml] [-o inventory.json] [options]",
		    "Connects to each SOURCE (or the sources in steward.yaml), reads its catalog,\n"
		    "samples rows, tags personal data and writes an inventory (JSON). Scanning is\n"
		    "read-only. SOURCE is postgres://user@host:port/db, a libpq keyword string,\n"
		    "mysql://user@host:port/db (or mariadb://), sqlite:FILE or a FILE ending in\n"
		    ".db, .sqlite or .sqlite3, or the name of a source in steward.yaml.\n"
		    "Passwords come from PGPASSWORD, ~/.pgpass, MYSQL_PWD, option files or\n"
		    "${ENV} references in steward.yaml, and are never printed.\n\n"
		    "Exit: 0 all sources scanned, 2 bad arguments or configuration, 3 a source\n"
		    "failed or was only partly scanned (the inventory is still written).", scan_opts);
		code = STW_EXIT_OK;
		goto out;
	}
	if (a.config != NULL && (rc = stw_config_load(&cfg, a.config, &err)) != STW_OK) {
		stw_cli_error("%s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	ui.quiet = a.quiet;
	ui.verbose = a.so.verbose;
	ui.progress_on = a.progress == 1 || (a.progress == -1 && isatty(STDERR_FILENO) && !a.quiet);
	a.so.log = ui_log;
	a.so.progress = ui_progress;
	a.so.payload = &ui;
	{
		const char *tr = getenv("STEWARD_TRACE");
		if (tr != NULL && strstr(tr, "sql") != NULL)
			a.so.trace = ui_trace;
	}

	rc = stw_scan_run(&inv, cfg, (const char *const *)pos.v, pos.n, &a.so, &err);
	if (ui.progress_drawn)
		fputs("\r\033[K", stderr);
	if (inv == NULL) {
		stw_cli_error("%s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	code = stw_cli_exit_code(rc);
	{
		struct stw_err werr = STW_ERR_INIT;
		int wrc;
		if (a.output == NULL || strcmp(a.output, "-") == 0) {
			char *text = stw_inventory_to_json(inv);
			fputs(text, stdout);
			free(text);
			wrc = fflush(stdout) == 0 ? STW_OK : stw_error(&werr, STW_ERROR,
			    "cannot write to standard output");
		} else {
			wrc = stw_inventory_write(inv, a.output, &werr);
		}
		if (wrc != STW_OK) {
			stw_cli_error("%s", werr.msg);
			code = STW_EXIT_USAGE;
			goto out;
		}
	}
out:
	stw_inventory_free(inv);
	stw_config_free(cfg);
	stw_strv_clear(&pos);
	stw_scan_opts_release(&a.so);
	return code;
}
