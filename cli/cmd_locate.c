/*
 * steward locate: where one person's data lives, as a runbook for a
 * subject access or erasure request (docs/locate.md).  Reads the
 * inventory; with --count, reads ONE value from standard input (never
 * from argv, never logged), connects read-only to the sources and prints
 * only row counts.  Exit 0; 2 on bad usage or input; 3 when a source
 * could not be counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "output/locate.h"
#include "scanner/config.h"
#include "scanner/connector.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_locate[] = {
	{ "by", 'b', "CATEGORY|SOURCE.SCHEMA.TABLE.COLUMN", "how the person is found: a category "
	  "(user.contact.email) or one column" },
	{ "format", 'f', "FMT", "text (default), markdown or json" },
	{ "output", 'o', "FILE", "write there instead of standard output" },
	{ "count", 0, NULL, "read one value from standard input and print how many rows each "
	  "table holds for it (connects, read-only)" },
	{ "config", 'c', "FILE", "steward.yaml whose sources: give the DSNs for --count" },
	{ "source", 's', "NAME=DSN", "the DSN of source NAME for --count (repeatable)" },
	{ "timeout", 't', "SECONDS", "per statement and connection, for --count (default 30)" },
	{ NULL, 0, NULL, NULL }
};

struct locate_args {
	const char *by, *format, *output, *config;
	int count;
	long long timeout;
	struct stw_strv sources;
	int bad;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct locate_args *a = payload;

	if (strcmp(o->lname, "by") == 0)
		a->by = v;
	else if (strcmp(o->lname, "format") == 0)
		a->format = v;
	else if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "count") == 0)
		a->count = 1;
	else if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "source") == 0) {
		if (strchr(v, '=') == NULL || v[0] == '=') {
			stw_cli_error("locate: --source: expected NAME=DSN");
			return STW_EUSAGE;
		}
		stw_strv_push(&a->sources, v);
	} else if (strcmp(o->lname, "timeout") == 0)
		return stw_cli_int(&a->timeout, "--timeout", v);
	return STW_OK;
}

/* The DSN text for a source name (borrowed), or NULL. */
static const char *
dsn_for(const struct locate_args *a, const struct stw_config *cfg, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < a->sources.n; i++)
		if (strncmp(a->sources.v[i], name, n) == 0 && a->sources.v[i][n] == '=')
			return a->sources.v[i] + n + 1;
	for (size_t i = 0; cfg != NULL && i < cfg->nsources; i++) {
		const struct stw_cfg_source *cs = cfg->sources[i];
		struct stw_dsn d;
		struct stw_err e = STW_ERR_INIT;
		int hit = 0;

		if (cs->name != NULL) {
			hit = strcmp(cs->name, name) == 0;
		} else {
			memset(&d, 0, sizeof(d));
			if (stw_dsn_parse(&d, cs->dsn, &e) == STW_OK) {
				char *dn = stw_dsn_default_name(&d);
				hit = strcmp(dn, name) == 0;
				free(dn);
			}
			stw_dsn_release(&d);
		}
		if (hit)
			return cs->dsn;
	}
	return NULL;
}

/* One line from standard input, without its line end; NULL when empty. */
static char *
read_value(void)
{
	struct stw_buf b = STW_BUF_INIT;
	int ch;

	while ((ch = getchar()) != EOF && ch != '\n')
		stw_buf_addc(&b, (char)ch);
	if (b.len > 0 && b.buf[b.len - 1] == '\r')
		b.buf[--b.len] = '\0';
	if (b.len == 0) {
		stw_buf_release(&b);
		return NULL;
	}
	return stw_buf_detach(&b);
}

static int
on_count(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	long long *out = payload;

	(void)lengths;
	if (n >= 1 && values[0] != NULL)
		*out = strtoll(values[0], NULL, 10);
	return 1;
}

static void
note(struct stw_locate_step *s, char *text)
{
	free(s->count_note);
	s->count_note = text;
}

/* Counts every step of one source; returns 0, or 1 when the source could
 * not be reached. */
static int
count_source(struct stw_locate_entry *e, const struct stw_source *src, const char *dsntext,
    const char *value, int timeout)
{
	const struct stw_connector *vt;
	struct stw_conn *conn = NULL;
	struct stw_conn_opts copts;
	struct stw_dsn dsn;
	struct stw_err err = STW_ERR_INIT;
	int failed = 0;

	memset(&copts, 0, sizeof(copts));
	copts.timeout_s = timeout;
	memset(&dsn, 0, sizeof(dsn));
	if (stw_dsn_parse(&dsn, dsntext, &err) != STW_OK ||
	    stw_connector_find(&vt, dsn.scheme, &err) != STW_OK ||
	    stw_conn_open(vt, &conn, &dsn, &copts, &err) != STW_OK) {
		char *msg = stw_dsn_scrub_message(err.msg, value);
		for (size_t i = 0; i < e->nsteps; i++)
			if (e->steps[i].src == src)
				note(&e->steps[i], stw_asprintf("cannot connect to %s: %s", src->name, msg));
		stw_cli_warn("locate: cannot connect to '%s': %s", src->name, msg);
		free(msg);
		stw_conn_close(conn);
		stw_dsn_release(&dsn);
		return 1;
	}
	for (size_t i = 0; i < e->nsteps; i++) {
		struct stw_locate_step *s = &e->steps[i];
		char *sql;
		long long n = -1;
		int rc;

		if (s->src != src)
			continue;
		if (s->sql == NULL) {
			note(s, stw_strdup("no SELECT for one person's rows"));
			continue;
		}
		if (!s->same_value) {
			note(s, stw_asprintf("needs %s, not the value looked up", s->param));
			continue;
		}
		sql = stw_locate_count_sql(s);
		err.msg[0] = '\0';
		rc = stw_conn_query(conn, sql, value, 0, on_count, &n, &err);
		free(sql);
		if (rc == STW_OK && n >= 0) {
			s->count = n;
		} else {
			char *msg = stw_dsn_scrub_message(err.msg[0] ? err.msg : "no result", value);
			note(s, msg);
			if (rc == STW_ECONNECT)
				failed = 1;
		}
	}
	stw_conn_close(conn);
	stw_dsn_release(&dsn);
	return failed;
}

int
stw_cmd_locate(int argc, char **argv)
{
	struct locate_args a;
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_inventory *inv = NULL;
	struct stw_config *cfg = NULL;
	struct stw_locate *plan = NULL;
	struct stw_err err = STW_ERR_INIT;
	char *text = NULL, *value = NULL;
	int help = 0, code = STW_EXIT_USAGE, unreached = 0;
	FILE *f = stdout;

	memset(&a, 0, sizeof(a));
	a.timeout = 30;
	if (stw_cli_parse(argc, argv, "locate", stw_opts_locate, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward locate INVENTORY --by CATEGORY|SOURCE.SCHEMA.TABLE.COLUMN "
		    "[--format text|markdown|json] [-o FILE] [--count [-c steward.yaml] "
		    "[--source NAME=DSN]...]",
		    "Where one person's data lives, for a subject access or erasure request:\n"
		    "every table holding their rows -- found along foreign keys, views,\n"
		    "triggers, declared flows and inferred copies, into other sources too --\n"
		    "in the order an erasure must follow (a row that references another\n"
		    "before the row it references), with the read-only SELECT that finds\n"
		    "one person's rows given one parameter ($1 or ?), never with a value.\n\n"
		    "With --count, reads ONE value from standard input (never from the\n"
		    "command line), runs those SELECTs read-only with the value bound and\n"
		    "prints only row counts; the value is written nowhere. DSNs come from\n"
		    "--source NAME=DSN or the sources of -c steward.yaml.\n\n"
		    "Exit: 0; 2 on a usage or input error; 3 when a source could not be counted.",
		    stw_opts_locate);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 1 || a.by == NULL) {
		stw_cli_error("locate: expected INVENTORY and --by CATEGORY|SOURCE.SCHEMA.TABLE.COLUMN; "
		    "see 'steward locate --help'");
		goto out;
	}
	if (a.format == NULL)
		a.format = "text";
	if (strcmp(a.format, "text") != 0 && strcmp(a.format, "markdown") != 0 &&
	    strcmp(a.format, "json") != 0) {
		stw_cli_error("locate: --format: unknown format '%s': use text, markdown or json",
		    a.format);
		goto out;
	}
	if (!a.count && (a.config || a.sources.n)) {
		stw_cli_error("locate: -c and --source give DSNs for --count; add --count");
		goto out;
	}
	if (stw_inventory_load_flags(&inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err) != STW_OK ||
	    (a.config != NULL && stw_config_load(&cfg, a.config, &err) != STW_OK) ||
	    stw_locate_plan(&plan, inv, a.by, &err) != STW_OK) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	if (a.count) {
		int any_dsn = 0;

		if ((value = read_value()) == NULL) {
			stw_cli_error("locate: --count: no value on standard input (give it on one line, "
			    "e.g. from a file or a prompt, never as an argument)");
			goto out;
		}
		for (size_t i = 0; i < plan->nentries; i++) {
			struct stw_locate_entry *e = &plan->entries[i];
			for (size_t j = 0; j < e->nsteps; j++) {
				const struct stw_source *src = e->steps[j].src;
				const char *d;
				int first = 1;

				for (size_t k = 0; k < j; k++)
					if (e->steps[k].src == src)
						first = 0;
				if (!first)
					continue;
				if ((d = dsn_for(&a, cfg, src->name)) == NULL) {
					for (size_t k = j; k < e->nsteps; k++)
						if (e->steps[k].src == src)
							note(&e->steps[k], stw_asprintf("no DSN for source '%s': give "
							    "-c steward.yaml or --source %s=DSN", src->name, src->name));
					unreached = 1;
					continue;
				}
				any_dsn = 1;
				if (count_source(e, src, d, value, (int)a.timeout) != 0)
					unreached = 1;
			}
		}
		if (!any_dsn) {
			stw_cli_error("locate: --count: no DSN for any source of the plan: give -c "
			    "steward.yaml or --source NAME=DSN");
			goto out;
		}
	}
	text = stw_locate_render(plan, a.format);
	if (a.output != NULL && (f = fopen(a.output, "w")) == NULL) {
		stw_cli_error("locate: cannot write '%s'", a.output);
		goto out;
	}
	fputs(text, f);
	if ((f == stdout ? fflush(f) : fclose(f)) != 0) {
		stw_cli_error("locate: cannot write %s", a.output ? a.output : "standard output");
		goto out;
	}
	code = unreached ? STW_EXIT_SOURCE : STW_EXIT_OK;
out:
	stw_free_secret(value);
	free(text);
	stw_locate_free(plan);
	stw_config_free(cfg);
	stw_inventory_free(inv);
	stw_strv_clear(&pos);
	stw_strv_clear(&a.sources);
	return code;
}
