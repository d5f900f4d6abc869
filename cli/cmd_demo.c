/*
 * steward demo: generate the bundled synthetic loyalty-programme database,
 * scan it with its steward.yaml, and write the outputs into a folder.
 * `--sql DIALECT` prints the demo as SQL for loading into a server instead.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "marks.h"
#include "contrib/demo/demo.h"
#include "output/map.h"
#include "output/report.h"
#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/scan.h"

const struct stw_opt stw_opts_demo[] = {
	{ "output", 'o', "DIR", "write the demo database and outputs into DIR (default: steward-demo)" },
	{ "sql", 0, "DIALECT", "print the demo database as SQL for sqlite, postgres or mysql and exit" },
	{ "roles", 0, NULL, "with --sql: append the demo's roles and grants (for the access audit)" },
	{ "quiet", 'q', NULL, "print nothing but errors" },
	{ NULL, 0, NULL, NULL }
};

struct demo_args {
	const char *dir;
	const char *sql;
	int quiet;
	int roles;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct demo_args *a = payload;

	if (strcmp(o->lname, "output") == 0)
		a->dir = v;
	else if (strcmp(o->lname, "sql") == 0)
		a->sql = v;
	else if (strcmp(o->lname, "quiet") == 0)
		a->quiet = 1;
	else if (strcmp(o->lname, "roles") == 0)
		a->roles = 1;
	return STW_OK;
}

static void
demo_log(int level, const char *msg, void *payload)
{
	if (level <= STW_LOG_WARN)
		fprintf(stderr, "steward: %s%s\n", level == STW_LOG_WARN ? "warning: " : "", msg);
}

/* Replaces every "@DB@" in text with db. */
static char *
fill_config(const char *text, const char *db)
{
	struct stw_buf b = STW_BUF_INIT;
	const char *p = text, *hit;

	while ((hit = strstr(p, "@DB@")) != NULL) {
		stw_buf_add(&b, p, (size_t)(hit - p));
		stw_buf_adds(&b, db);
		p = hit + 4;
	}
	stw_buf_adds(&b, p);
	return stw_buf_detach(&b);
}

static int
write_text(const char *path, const char *text, struct stw_err *err)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return stw_error(err, STW_EUSAGE, "cannot write '%s': %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		return stw_error(err, STW_EUSAGE, "cannot write '%s': %s", path, strerror(errno));
	return STW_OK;
}

int
stw_cmd_demo(int argc, char **argv)
{
	struct demo_args a = { "steward-demo", NULL, 0, 0 };
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_err err = STW_ERR_INIT;
	struct stw_config *cfg = NULL;
	struct stw_inventory *inv = NULL;
	struct stw_scan_opts so;
	char *db = NULL, *cfgpath = NULL, *invpath = NULL, *cfgtext = NULL, *mappath = NULL;
	int help = 0, rc, code = STW_EXIT_OK;
	size_t ntables = 0, ncols = 0;

	stw_scan_opts_init(&so);
	if (stw_cli_parse(argc, argv, "demo", stw_opts_demo, on_opt, &a, &pos, &help) != STW_OK)
		return STW_EXIT_USAGE;
	if (help) {
		stw_cli_usage(stdout, "steward demo [-o DIR] [--sql DIALECT [--roles]]",
		    "Creates the bundled synthetic loyalty-programme database (customers, consent\n"
		    "flags, orders, payments, support tickets, a pharmacy allergy table, a marketing\n"
		    "view and an analytics copy; no real person's data) as DIR/loyalty.db, writes its\n"
		    "DIR/steward.yaml, scans it and writes DIR/inventory.json, DIR/map.svg (with the\n"
		    "planted policy violations marked) and the privacy impact assessment\n"
		    "DIR/report.html and DIR/report.md (with its map, DIR/report.map.svg). The data\n"
		    "is generated from a fixed seed: every run gives the same database. loyalty.db\n"
		    "is left readable by every local account (mode 0644) on purpose: the report's\n"
		    "access audit shows what that means. --sql postgres --roles adds roles and grants\n"
		    "(an analytics role that reads the allergies it should not, a PUBLIC grant).",
		    stw_opts_demo);
		stw_strv_clear(&pos);
		return STW_EXIT_OK;
	}
	if (a.roles && a.sql == NULL) {
		stw_cli_error("demo: --roles goes with --sql DIALECT");
		stw_strv_clear(&pos);
		return STW_EXIT_USAGE;
	}
	if (pos.n > 0) {
		stw_cli_error("demo: unexpected argument '%s'", pos.v[0]);
		stw_strv_clear(&pos);
		return STW_EXIT_USAGE;
	}
	if (a.sql != NULL) {
		enum stw_demo_dialect d;
		if (stw_demo_dialect_parse(&d, a.sql) != STW_OK) {
			stw_cli_error("demo: --sql: unknown dialect '%s': use sqlite, postgres or mysql", a.sql);
			return STW_EXIT_USAGE;
		}
		rc = stw_demo_write_sql(stdout, d, &err);
		if (rc == STW_OK && a.roles)
			rc = stw_demo_write_roles(stdout, d, &err);
		if (rc == STW_OK && fflush(stdout) != 0)
			rc = stw_error(&err, STW_EUSAGE, "cannot write to standard output");
		if (rc != STW_OK)
			stw_cli_error("demo: %s", err.msg);
		return stw_cli_exit_code(rc);
	}

	if (mkdir(a.dir, 0777) != 0 && errno != EEXIST) {
		stw_cli_error("demo: cannot create '%s': %s", a.dir, strerror(errno));
		return STW_EXIT_USAGE;
	}
	db = stw_asprintf("%s/loyalty.db", a.dir);
	cfgpath = stw_asprintf("%s/steward.yaml", a.dir);
	invpath = stw_asprintf("%s/inventory.json", a.dir);
	mappath = stw_asprintf("%s/map.svg", a.dir);
	if ((rc = stw_demo_create_sqlite(db, &err)) != STW_OK) {
		stw_cli_error("demo: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	/* The same mode whatever the umask: the access audit's finding on it
	 * is part of the demo. */
	(void)chmod(db, 0644);
	/* An absolute path, so that `steward scan -c DIR/steward.yaml` works
	 * from any directory. */
	{
		char cwd[4096];
		char *abs = db[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL
		    ? stw_asprintf("%s/%s", cwd, db) : stw_strdup(db);
		cfgtext = fill_config(stw_demo_config_text(), abs);
		free(abs);
	}
	if ((rc = write_text(cfgpath, cfgtext, &err)) != STW_OK ||
	    (rc = stw_config_load(&cfg, cfgpath, &err)) != STW_OK) {
		stw_cli_error("demo: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	so.log = demo_log;
#ifdef STW_DEMO_AS_OF
	/* A fixed "today", so that the demo's retention counts never change. */
	so.as_of = STW_DEMO_AS_OF;
#endif
	rc = stw_scan_run(&inv, cfg, NULL, 0, &so, &err);
	if (inv == NULL) {
		stw_cli_error("demo: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	code = stw_cli_exit_code(rc);
	if ((rc = stw_inventory_write(inv, invpath, &err)) != STW_OK) {
		stw_cli_error("demo: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	{
		/* The whole lineage map: the demo is small enough to read.  Its
		 * planted violations are marked, as `steward map -c` would. */
		struct stw_map_opts mo;
		struct stw_cli_marks marks;
		stw_map_opts_init(&mo);
		mo.title = "steward demo: loyalty programme lineage";
		if ((rc = stw_cli_marks_build(&marks, inv, cfg, &err)) == STW_OK) {
			mo.violations = &marks.open;
			rc = stw_map_render(inv, &mo, "svg", mappath, NULL, &err);
		}
		stw_cli_marks_release(&marks);
		if (rc != STW_OK) {
			stw_cli_error("demo: %s", err.msg);
			code = stw_cli_exit_code(rc);
			goto out;
		}
	}
	{
		/* The privacy report, as a page to open and as Markdown. */
		static const struct { const char *file; enum stw_report_format f; } reps[] = {
			{ "report.html", STW_REPORT_HTML }, { "report.md", STW_REPORT_MARKDOWN },
		};
		struct stw_report_opts ro;
		for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++) {
			char *path = stw_asprintf("%s/%s", a.dir, reps[i].file);
			stw_report_opts_init(&ro);
			ro.format = reps[i].f;
			ro.inventory_name = "inventory.json";
			rc = stw_report_write(inv, cfg, &ro, path, NULL, &err);
			free(path);
			if (rc != STW_OK) {
				stw_cli_error("demo: %s", err.msg);
				code = STW_EXIT_USAGE;
				goto out;
			}
		}
	}
	for (size_t i = 0; i < inv->nsources; i++)
		for (size_t k = 0; k < inv->sources[i]->ntables; k++) {
			const struct stw_table *t = inv->sources[i]->tables[k];
			ntables++;
			for (size_t c = 0; c < t->ncolumns; c++)
				if (t->columns[c]->nfindings > 0)
					ncols++;
		}
	if (!a.quiet) {
		printf("steward demo: scanned %zu tables; %zu columns hold personal data; "
		    "%zu lineage edges\n", ntables, ncols, inv->nlineage);
		printf("  database   %s\n  config     %s\n  inventory  %s\n  map        %s\n", db, cfgpath,
		    invpath, mappath);
		printf("  report     %s/report.html, %s/report.md (its map: report.map.svg)\n", a.dir,
		    a.dir);
	}
out:
	stw_inventory_free(inv);
	stw_config_free(cfg);
	stw_scan_opts_release(&so);
	stw_strv_clear(&pos);
	free(db);
	free(cfgpath);
	free(invpath);
	free(mappath);
	free(cfgtext);
	return code;
}
