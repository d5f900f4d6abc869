/*
 * steward check: the CI gate.  Reads an inventory (plus an optional
 * baseline inventory, steward.yaml and approvals files), reports personal
 * data that is neither in the baseline nor approved, expired approvals and
 * policy violations, and exits 1 when any result is at or above --fail-on.
 */
#include <stdlib.h>
#include <string.h>


#include "cli.h"
#include "output/check.h"
#include "scanner/config.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_check[] = {
	{ "config", 'c', "FILE", "read steward.yaml (approvals, retention and purpose policy)" },
	{ "baseline", 'b', "FILE", "inventory of the accepted state; its findings are not new" },
	{ "approvals", 'a', "FILE", "read approvals from FILE (repeatable; adds to steward.yaml's)" },
	{ "fail-on", 0, "LEVEL", "exit 1 on results at or above LEVEL: info, low, medium, high "
	    "(default), critical" },
	{ "format", 'f', "FORMAT", "text (default), json, sarif, junit or github" },
	{ "output", 'o', "FILE", "write the report to FILE (default: standard output)" },
	{ "migrations", 'm', "DIR|FILE", "SQL migrations to point results at (repeatable)" },
	{ "as-of", 0, "DATE", "judge approval expiry on DATE (YYYY-MM-DD; default: the inventory's "
	    "as_of, else today)" },
	{ "quiet", 'q', NULL, "no summary line on standard error" },
	{ NULL, 0, NULL, NULL }
};

struct check_args {
	const char *config, *baseline, *output, *as_of;
	struct stw_strv approvals, migrations;
	enum stw_severity fail_on;
	enum stw_check_format format;
	int quiet;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct check_args *a = payload;

	if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "baseline") == 0)
		a->baseline = v;
	else if (strcmp(o->lname, "approvals") == 0)
		stw_strv_push(&a->approvals, v);
	else if (strcmp(o->lname, "migrations") == 0)
		stw_strv_push(&a->migrations, v);
	else if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "as-of") == 0)
		a->as_of = v;
	else if (strcmp(o->lname, "quiet") == 0)
		a->quiet = 1;
	else if (strcmp(o->lname, "fail-on") == 0) {
		if (stw_severity_parse(&a->fail_on, v) != STW_OK) {
			stw_cli_error("--fail-on: expected info, low, medium, high or critical, got '%s'", v);
			return STW_EUSAGE;
		}
	} else if (strcmp(o->lname, "format") == 0) {
		if (stw_check_format_parse(&a->format, v) != STW_OK) {
			stw_cli_error("--format: expected text, json, sarif, junit or github, got '%s'", v);
			return STW_EUSAGE;
		}
	}
	return STW_OK;
}

/* The inventory's top-level "as_of" (date or timestamp), so that a stored
 * inventory is judged on the day it describes; NULL when absent.  Read
 * with the inventory, not from the file again (a DOM of a 100,000-table
 * inventory is gigabytes). */
static char *
inventory_as_of(const struct stw_inventory *inv)
{
	if (inv->as_of == NULL || strlen(inv->as_of) < 10)
		return NULL;
	return stw_strndup(inv->as_of, 10);
}

int
stw_cmd_check(int argc, char **argv)
{
	struct check_args a;
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_config *cfg = NULL;
	struct stw_inventory *inv = NULL, *base = NULL;
	struct stw_check_report *rep = NULL;
	struct stw_err err = STW_ERR_INIT;
	struct stw_check_opts co;
	char *as_of = NULL, *text = NULL;
	int help = 0, code = STW_EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	a.fail_on = STW_SEV_HIGH;
	a.format = STW_CHECK_TEXT;
	if (stw_cli_parse(argc, argv, "check", stw_opts_check, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward check INVENTORY [-c steward.yaml] [--baseline OLD.json] "
		    "[--approvals FILE]\n                     [--format text|json|sarif|junit|github] "
		    "[--fail-on LEVEL] [-o FILE]",
		    "Gates a schema change: reports personal-data findings that are neither in\n"
		    "the baseline nor approved, expired approvals, and retention and purpose\n"
		    "violations, each with a severity. New findings: special -> critical,\n"
		    "high and personal -> high, quasi -> medium. See docs/check.md.\n\n"
		    "Exit: 0 nothing at or above --fail-on, 1 something is, 2 bad arguments\n"
		    "or input.", stw_opts_check);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 1) {
		stw_cli_error("check: expected one INVENTORY, got %zu; see 'steward check --help'", pos.n);
		goto out;
	}
	if (stw_inventory_load_flags(&inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err) != STW_OK ||
	    (a.baseline != NULL && stw_inventory_load_flags(&base, a.baseline, STW_LOAD_NO_SKETCHES,
	    &err) != STW_OK) ||
	    (a.config != NULL && stw_config_load(&cfg, a.config, &err) != STW_OK)) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	if (a.approvals.n > 0 && cfg == NULL)
		cfg = stw_config_new();
	for (size_t i = 0; i < a.approvals.n; i++)
		if (stw_config_load_approvals(cfg, a.approvals.v[i], &err) != STW_OK) {
			stw_cli_error("%s", err.msg);
			goto out;
		}
	if (a.as_of == NULL)
		as_of = inventory_as_of(inv);

	memset(&co, 0, sizeof(co));
	co.baseline = base;
	co.cfg = cfg;
	co.as_of = a.as_of ? a.as_of : as_of;
	co.fail_on = a.fail_on;
	co.inventory_path = pos.v[0];
	co.baseline_path = a.baseline;
	co.config_path = a.config;
	if (stw_check_run(&rep, inv, &co, &err) != STW_OK ||
	    (a.migrations.n > 0 && stw_check_locate(rep, &a.migrations, &err) != STW_OK)) {
		stw_cli_error("%s", err.msg);
		goto out;
	}

	/* The report holds copies of all it says: the inventories go before
	 * it is rendered (on 100,000 tables, each is hundreds of MB). */
	stw_inventory_free(inv);
	stw_inventory_free(base);
	inv = base = NULL;
	text = stw_check_render(rep, a.format);
	if (a.output == NULL || strcmp(a.output, "-") == 0) {
		fputs(text, stdout);
		if (fflush(stdout) != 0) {
			stw_cli_error("cannot write to standard output");
			goto out;
		}
	} else {
		FILE *f = fopen(a.output, "w");
		int bad = f == NULL || fputs(text, f) == EOF;
		if ((f != NULL && fclose(f) != 0) || bad) {
			stw_cli_error("cannot write '%s'", a.output);
			goto out;
		}
		if (!a.quiet)
			fprintf(stderr, "steward check: %zu result%s, %zu at or above '%s'%s; report in %s\n",
			    rep->n, rep->n == 1 ? "" : "s", rep->nfailing, stw_severity_name(rep->fail_on),
			    rep->nfailing ? " (fail)" : "", a.output);
	}
	code = rep->nfailing > 0 ? STW_EXIT_FINDINGS : STW_EXIT_OK;
out:
	free(text);
	free(as_of);
	stw_check_report_free(rep);
	stw_inventory_free(inv);
	stw_inventory_free(base);
	stw_config_free(cfg);
	stw_strv_clear(&pos);
	stw_strv_clear(&a.approvals);
	stw_strv_clear(&a.migrations);
	return code;
}
