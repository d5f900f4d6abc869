/*
 * steward scan: connect to data sources and write an inventory.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/scan.h"

const struct stw_opt stw_opts_scan[] = {
	{ "config", 'c', "FILE", "read steward.yaml (sources, rules, policy)" },
	{ "output", 'o', "FILE", "write the inventory to FILE (default: standard output)" },
	{ "sample", 0, "N", "rows sampled per table (default 1000; 0 = names only, no data read)" },
	{ "sample-views", 0, NULL, "also run views to sample them (default: classify views from their lineage)" },
	{ "view-timeout", 0, "SECONDS", "statement timeout for a sampled view (default 5)" },
	{ "jobs", 'j', "N", "parallel connections per source (default 1)" },
	{ "fides", 0, "FILE", "read a Fides dataset back: its data_categories replace what steward "
	    "finds in the fields it lists (repeatable; adds to fides: in steward.yaml)" },
	{ "shard", 0, "K/N", "scan only shard K of N of the sources (by a hash of each name; "
	    "merge the shards with steward merge)" },
	{ "include", 0, "GLOB", "only scan schema.table names matching GLOB (repeatable)" },
	{ "exclude", 0, "GLOB", "skip schema.table names matching GLOB (repeatable)" },
	{ "rules", 0, "FILE|DIR", "add a rule pack file or a directory of packs (repeatable)" },
	{ "timeout", 0, "SECONDS", "per-statement, lock and connect timeout (default 30)" },
	{ "as-of", 0, "YYYY-MM-DD", "measure retention as of this date (default: today, UTC)" },
	{ "show-examples", 0, NULL, "store masked example values in findings (never raw values)" },
	{ "reid-rows", 0, "N", "rows read per re-identification count (default: --sample; 0 = off)" },
	{ "no-access", 0, NULL, "do not read the grant catalogs (access audit off)" },
	{ "no-fingerprints", 0, NULL, "keep no value sketches and infer no copies (no extra statements)" },
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
	} else if (strcmp(o->lname, "reid-rows") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		a->so.reid_rows = n;
	} else if (strcmp(o->lname, "no-access") == 0) {
		a->so.access = 0;
	} else if (strcmp(o->lname, "no-fingerprints") == 0) {
		a->so.fingerprints = 0;
	} else if (strcmp(o->lname, "sample-views") == 0) {
		a->so.sample_views = 1;
	} else if (strcmp(o->lname, "view-timeout") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		if (n < 1 || n > 86400) {
			stw_cli_error("--view-timeout: expected 1 to 86400 seconds, got '%s'", v);
			return STW_EUSAGE;
		}
		a->so.view_timeout_s = (int)n;
	} else if (strcmp(o->lname, "jobs") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		if (n < 1 || n > 64) {
			stw_cli_error("--jobs: expected 1 to 64, got '%s'", v);
			return STW_EUSAGE;
		}
		a->so.jobs = (int)n;
	} else if (strcmp(o->lname, "fides") == 0) {
		stw_strv_push(&a->so.fides, v);
	} else if (strcmp(o->lname, "shard") == 0) {
		if (stw_scan_shard_parse(&a->so.shard_k, &a->so.shard_n, v) != STW_OK) {
			stw_cli_error("--shard: expected K/N with 1 <= K <= N <= 4096, got '%s'", v);
			return STW_EUSAGE;
		}
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

/* Log and progress sink.  Both write to stderr and both can carry names
 * from the scanned database (a table called "\033]0;owned\a" is normal
 * data to steward), so everything goes through term_add() first. */
struct ui {
	int quiet, verbose;
	int progress_on;           /* draw progress at all (--progress, isatty) */
	int progress_tty;          /* redraw one line ("\r\033[K") vs. plain lines */
	int progress_drawn;        /* a progress line is on the terminal, not ended */
	const char *line_source;   /* plain lines: the source of the last line */
	double line_next_s;        /* plain lines: next line not before this */
	pthread_mutex_t lock;      /* log and progress may come from scan threads */
};

#define TERM_CLEAR "\r\033[K"   /* carriage return, erase to end of line */

/* Length (1-4) of the well-formed UTF-8 sequence at s, with its code point
 * in *cp; 0 when s does not start one (stray continuation byte, overlong
 * form, surrogate, beyond U+10FFFF, cut short by the end of the string). */
static size_t
utf8_seq(const unsigned char *s, unsigned *cp)
{
	size_t n;
	unsigned c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)   /* also stops at the terminating NUL */
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* One character of s for a terminal: its bytes (*n of them, *safe = 1), or
 * a '?' standing for *n bytes (*safe = 0) when it is a control character
 * (C0, DEL, C1 such as U+009B CSI) or not UTF-8.  The width is an upper
 * bound without a wcwidth() table: 2 columns from U+1100 up (Hangul, CJK,
 * emoji are wide there), 1 below (combining marks, 0 columns, count 1),
 * so a line fitted with it never wraps. */
static int
term_char(const unsigned char *s, size_t *n, int *safe)
{
	unsigned cp;

	*n = utf8_seq(s, &cp);
	if (*n == 0) {
		*n = 1;
		*safe = 0;
		return 1;
	}
	*safe = !(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F));
	return *safe && cp >= 0x1100 ? 2 : 1;
}

/* Appends s to b, safe to print on a terminal, in at most max columns:
 * control bytes and bytes that are not UTF-8 become '?' (no ESC, CR, LF
 * or CSI ever reaches the terminal); a longer s is cut on a character
 * boundary and ends in "...". */
static void
term_add(struct stw_buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t width = 0, n, limit;
	int safe, cut;

	for (const unsigned char *q = p; *q; q += n)
		width += (size_t)term_char(q, &n, &safe);
	cut = width > max;
	limit = cut ? (max > 3 ? max - 3 : 0) : max;
	for (width = 0; *p; p += n) {
		size_t w = (size_t)term_char(p, &n, &safe);
		if (width + w > limit)
			break;
		width += w;
		if (safe)
			stw_buf_add(b, p, n);
		else
			stw_buf_addc(b, '?');
	}
	if (cut)
		stw_buf_adds(b, max >= 3 ? "..." : "");
}

/* Columns of the terminal on stderr; 80 when it cannot tell. */
static size_t
term_columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Ends a drawn progress line so that the next output starts on a clean
 * line.  Caller holds ui->lock. */
static void
ui_progress_clear(struct ui *ui)
{
	if (ui->progress_drawn) {
		fputs(TERM_CLEAR, stderr);
		fflush(stderr);
		ui->progress_drawn = 0;
	}
}

static void
ui_log(int level, const char *msg, void *payload)
{
	struct ui *ui = payload;
	struct stw_buf b = STW_BUF_INIT;

	if (level == STW_LOG_ERROR || (level == STW_LOG_WARN && !ui->quiet) ||
	    (level == STW_LOG_INFO && ui->verbose >= 1) || (level == STW_LOG_DEBUG && ui->verbose >= 2)) {
		term_add(&b, msg, SIZE_MAX);
		pthread_mutex_lock(&ui->lock);
		ui_progress_clear(ui);
		fprintf(stderr, "steward: %s%s\n", level == STW_LOG_WARN ? "warning: " : "", b.buf);
		pthread_mutex_unlock(&ui->lock);
		stw_buf_release(&b);
	}
}

/* On a terminal, one line redrawn in place:
 *   SOURCE: DONE/TOTAL tables, N rows/s  SCHEMA.TABLE
 * fitted to the terminal's width (a wrapped line could not be redrawn).
 * Elsewhere (--progress always into a file or pipe), the same text as
 * plain lines without the table, at most one a second plus the last. */
static void
ui_progress(const struct stw_progress *p, void *payload)
{
	struct ui *ui = payload;
	struct stw_buf b = STW_BUF_INIT;
	double rate = p->elapsed_s > 0 ? (double)p->rows_done / p->elapsed_s : 0;
	int last = p->current == NULL && p->tables_done == p->tables_total;
	size_t cols;

	if (!ui->progress_on)
		return;
	pthread_mutex_lock(&ui->lock);
	if (!ui->progress_tty) {
		if (p->source != ui->line_source)
			ui->line_source = p->source, ui->line_next_s = 0;
		if (!last && p->elapsed_s < ui->line_next_s)
			goto out;
		ui->line_next_s = p->elapsed_s + 1.0;
	}
	term_add(&b, p->source ? p->source : "", 24);
	stw_buf_addf(&b, ": %zu/%zu tables, %.0f rows/s", p->tables_done, p->tables_total, rate);
	if (!ui->progress_tty) {
		fprintf(stderr, "steward: %s\n", b.buf);
		goto out;
	}
	/* One column spare: writing the last column makes some terminals
	 * wrap on the next character. */
	cols = term_columns() - 1;
	if (p->current != NULL && b.len + 2 + 8 <= cols) {
		stw_buf_adds(&b, "  ");
		term_add(&b, p->current, cols - b.len);
	}
	fputs(TERM_CLEAR, stderr);
	fputs(b.buf, stderr);
	fflush(stderr);
	ui->progress_drawn = 1;
out:
	pthread_mutex_unlock(&ui->lock);
	stw_buf_release(&b);
}

/* STEWARD_TRACE=sql: every statement on stderr, one line each:
 *   steward-trace: ENGINE conn=N MS ms: SQL
 * N numbers the connection (not the thread: one connection can serve
 * several threads in turn); the benchmark replays each connection's
 * statements in its own client session. */
static void
ui_trace(const char *engine, int trace_conn, const char *sql, double seconds, void *payload)
{
	struct ui *ui = payload;
	struct stw_buf b = STW_BUF_INIT;

	/* One write per line: stderr is unbuffered, and a character at a time
	 * cost a system call per byte (200 ms on a 200-column table). */
	pthread_mutex_lock(&ui->lock);
	stw_buf_addf(&b, "steward-trace: %s conn=%d %.3f ms: ", engine, trace_conn, seconds * 1000.0);
	for (const char *p = sql; *p; p++)
		stw_buf_addc(&b, *p == '\n' || *p == '\r' ? ' ' : *p);
	stw_buf_addc(&b, '\n');
	ui_progress_clear(ui);
	fwrite(b.buf, 1, b.len, stderr);
	pthread_mutex_unlock(&ui->lock);
	stw_buf_release(&b);
}

int
stw_cmd_scan(int argc, char **argv)
{
	struct scan_args a;
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_config *cfg = NULL;
	struct stw_inventory *inv = NULL;
	struct stw_err err = STW_ERR_INIT;
	struct ui ui;
	int help = 0, rc, code;

	memset(&a, 0, sizeof(a));
	memset(&ui, 0, sizeof(ui));
	pthread_mutex_init(&ui.lock, NULL);
	stw_scan_opts_init(&a.so);
	a.progress = -1;
	if (stw_cli_parse(argc, argv, "scan", stw_opts_scan, on_opt, &a, &pos, &help) != STW_OK) {
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
		    "${ENV} references in steward.yaml, and are never printed.\n"
		    "Views are not run: their columns are classified from the base columns\n"
		    "they read (lineage) and their names, unless --sample-views is given or\n"
		    "steward cannot see through a view's SQL.\n\n"
		    "Exit: 0 all sources scanned, 2 bad arguments or configuration, 3 a source\n"
		    "failed or was only partly scanned (the inventory is still written).", stw_opts_scan);
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
	ui.progress_tty = isatty(STDERR_FILENO);
	ui.progress_on = a.progress == 1 || (a.progress == -1 && ui.progress_tty && !a.quiet);
	a.so.log = ui_log;
	a.so.progress = ui_progress;
	a.so.payload = &ui;
	{
		const char *tr = getenv("STEWARD_TRACE");
		if (tr != NULL && strstr(tr, "sql") != NULL)
			a.so.trace = ui_trace;
	}

	rc = stw_scan_run(&inv, cfg, (const char *const *)pos.v, pos.n, &a.so, &err);
	ui_progress_clear(&ui);
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
			int d = stw_inventory_dump(inv, stdout);

			wrc = d == 0 ? STW_OK : stw_inventory_dump_error(&werr, d, NULL);
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
	pthread_mutex_destroy(&ui.lock);
	return code;
}
