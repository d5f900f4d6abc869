/*
 * steward report: the privacy report (text, Markdown, HTML, JSON, CSV
 * record of processing) from an inventory plus steward.yaml.  The work is
 * in output/report*.c; this parses, calls and maps results to exit codes.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marks.h"
#include "output/report.h"
#include "scanner/config.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_report[] = {
	{ "config", 'c', "FILE", "read steward.yaml (retention, purposes, approvals)" },
	{ "approvals", 'a', "FILE", "read approvals from FILE (repeatable; adds to steward.yaml's)" },
	{ "format", 'f', "FORMAT", "text, markdown, html, json or csv (default: from -o's "
	    "extension, else text)" },
	{ "output", 'o', "FILE", "write the report to FILE (default: standard output)" },
	{ "no-map", 0, NULL, "HTML: leave out the embedded lineage map; Markdown: write no map "
	    "beside" },
	{ "baseline", 'b', "FILE", "the last assessment's inventory: the report opens with what "
	    "changed since" },
	{ NULL, 0, NULL, NULL }
};

struct report_args {
	const char *config;
	const char *baseline;
	const char *output;
	int format_set;
	struct stw_strv approvals;
	struct stw_report_opts ro;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct report_args *a = payload;

	if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "approvals") == 0)
		stw_strv_push(&a->approvals, v);
	else if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "format") == 0) {
		if (stw_report_format_parse(&a->ro.format, v) != STW_OK) {
			stw_cli_error("report: --format: unknown format '%s': use text, markdown, html, "
			    "json or csv", v);
			return STW_EUSAGE;
		}
		a->format_set = 1;
	} else if (strcmp(o->lname, "no-map") == 0)
		a->ro.no_map = 1;
	else if (strcmp(o->lname, "baseline") == 0)
		a->baseline = v;
	return STW_OK;
}

int
stw_cmd_report(int argc, char **argv)
{
	struct report_args a;
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_err err = STW_ERR_INIT;
	struct stw_inventory *inv = NULL, *base = NULL;
	struct stw_config *cfg = NULL;
	int help = 0, rc, code = STW_EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	stw_report_opts_init(&a.ro);
	if (stw_cli_parse(argc, argv, "report", stw_opts_report, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward report INVENTORY [-c steward.yaml] [--baseline OLD.json] "
		    "[--format text|markdown|html|json|csv] [-o FILE]",
		    "Writes the privacy report of an inventory: what personal data is held where,\n"
		    "retention measured at scan time (rows past each limit), purpose-limitation and\n"
		    "consent violations with their lineage paths, and the approvals in force. HTML\n"
		    "is one self-contained page with the lineage map; CSV is a record of processing\n"
		    "(one row per source, table, column and category). See docs/report.md.",
		    stw_opts_report);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 1) {
		if (pos.n == 0)
			stw_cli_error("report: missing INVENTORY; see 'steward report --help'");
		else
			stw_cli_error("report: expected one INVENTORY, got %zu arguments; see "
			    "'steward report --help'", pos.n);
		goto out;
	}
	if (!a.format_set && a.output != NULL &&
	    stw_report_format_from_path(&a.ro.format, a.output) != STW_OK) {
		stw_cli_error("report: cannot tell the format of '%s': give --format text, markdown, "
		    "html, json or csv", a.output);
		goto out;
	}
	/* steward.yaml and --approvals are loaded as steward map and demo load
	 * them (cli/marks.c), so the three agree on what is settled. */
	if ((rc = stw_inventory_load_flags(&inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err)) != STW_OK ||
	    (a.baseline != NULL && (rc = stw_inventory_load_flags(&base, a.baseline,
	    STW_LOAD_NO_SKETCHES, &err)) != STW_OK) ||
	    (rc = stw_cli_config_load(&cfg, a.config, &a.approvals, &err)) != STW_OK) {
		stw_cli_error("report: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	a.ro.inventory_name = pos.v[0];
	a.ro.baseline = base;
	a.ro.baseline_name = a.baseline;
	rc = stw_report_write(inv, cfg, &a.ro, a.output, a.output ? NULL : stdout, &err);
	if (rc != STW_OK) {
		stw_cli_error("report: %s", err.msg);
		/* Nothing was scanned here: a failure is input or output, exit 2. */
		code = STW_EXIT_USAGE;
		goto out;
	}
	code = STW_EXIT_OK;
out:
	stw_inventory_free(inv);
	stw_inventory_free(base);
	stw_config_free(cfg);
	stw_strv_clear(&pos);
	stw_strv_clear(&a.approvals);
	return code;
}
