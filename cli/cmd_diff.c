/*
 * steward diff: what changed between two inventories, as text, JSON or a
 * Markdown pull-request comment.  Informational: exits 0 whatever changed
 * (the gate is `steward check`), 2 on bad arguments or input.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output/diff.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_diff[] = {
	{ "format", 'f', "FORMAT", "text (default), json or markdown" },
	{ "output", 'o', "FILE", "write to FILE (default: standard output)" },
	{ NULL, 0, NULL, NULL }
};

struct diff_args {
	enum stw_diff_format format;
	const char *output;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct diff_args *a = payload;

	if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "format") == 0 && stw_diff_format_parse(&a->format, v) != STW_OK) {
		stw_cli_error("--format: expected text, json or markdown, got '%s'", v);
		return STW_EUSAGE;
	}
	return STW_OK;
}

int
stw_cmd_diff(int argc, char **argv)
{
	struct diff_args a = { STW_DIFF_FMT_TEXT, NULL };
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_inventory *old_inv = NULL, *new_inv = NULL;
	struct stw_diff *d = NULL;
	struct stw_err err = STW_ERR_INIT;
	char *text = NULL;
	int help = 0, code = STW_EXIT_USAGE;

	if (stw_cli_parse(argc, argv, "diff", stw_opts_diff, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward diff OLD.json NEW.json [--format text|json|markdown] [-o FILE]",
		    "Compares two inventories: tables and columns added, removed or retyped,\n"
		    "personal-data findings added or removed, lineage edges added or removed.\n"
		    "Objects are compared by name (and category, for findings), not by counts.\n\n"
		    "Exit: 0 (whatever changed; use 'steward check' to gate), 2 bad arguments\n"
		    "or input.", stw_opts_diff);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 2) {
		stw_cli_error("diff: expected OLD and NEW inventories, got %zu argument%s; see "
		    "'steward diff --help'", pos.n, pos.n == 1 ? "" : "s");
		goto out;
	}
	if (stw_inventory_load_flags(&old_inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err) != STW_OK ||
	    stw_inventory_load_flags(&new_inv, pos.v[1], STW_LOAD_NO_SKETCHES, &err) != STW_OK ||
	    stw_diff_compute(&d, old_inv, new_inv, &err) != STW_OK) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	text = stw_diff_render(d, a.format, pos.v[0], pos.v[1]);
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
	}
	code = STW_EXIT_OK;
out:
	free(text);
	stw_diff_free(d);
	stw_inventory_free(old_inv);
	stw_inventory_free(new_inv);
	stw_strv_clear(&pos);
	return code;
}
