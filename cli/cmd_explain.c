/*
 * steward explain: why a column is personal data (or is not), read from
 * an inventory: the rule that matched its name or values, its table's
 * subject and the evidence for it, the foreign key to a person's key, the
 * lineage path it was copied along, and what was taken back and why.
 * Exits 0, or 2 when the inventory or the name is bad.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "output/explain.h"
#include "rules/classify.h"
#include "rules/ruleset.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_explain[] = {
	{ "rules", 'r', "FILE|DIR", "rule packs the scan used besides the built-in ones, for "
	  "their descriptions (repeatable)" },
	{ NULL, 0, NULL, NULL }
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct stw_strv *paths = payload;

	if (strcmp(o->lname, "rules") == 0)
		stw_strv_push(paths, v);
	return STW_OK;
}

/* Rule descriptions are a courtesy: a pack that fails to load only
 * costs them, never the explanation. */
static struct stw_rules *
load_rules(const struct stw_strv *paths)
{
	struct stw_rules *r = stw_rules_new();
	struct stw_err err = STW_ERR_INIT;
	const char *name;

	for (size_t i = 0; (name = stw_rules_builtin_name(i)) != NULL; i++)
		(void)stw_rules_add_builtin(r, name, &err);
	for (size_t i = 0; i < paths->n; i++)
		if (stw_rules_add_path(r, paths->v[i], &err) != STW_OK)
			stw_cli_warn("%s", err.msg);
	if (stw_rules_compile(r, &err) != STW_OK) {
		stw_rules_free(r);
		return NULL;
	}
	return r;
}

int
stw_cmd_explain(int argc, char **argv)
{
	struct stw_strv pos = STW_STRV_INIT, paths = STW_STRV_INIT;
	struct stw_inventory *inv = NULL;
	struct stw_rules *rules = NULL;
	struct stw_err err = STW_ERR_INIT;
	const struct stw_source *src;
	const struct stw_table *t;
	const struct stw_column *col;
	char *text = NULL;
	int help = 0, code = STW_EXIT_USAGE;

	if (stw_cli_parse(argc, argv, "explain", stw_opts_explain, on_opt, &paths, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward explain INVENTORY SOURCE.SCHEMA.TABLE[.COLUMN] [--rules FILE]",
		    "Says why a column is personal data, or why it is not, as a chain of\n"
		    "reasons: the rule its name or values matched, its table's subject\n"
		    "(people, events about people, organisations, reference data) and the\n"
		    "evidence for it, the foreign key to a person's key, the lineage path it\n"
		    "was copied along, and findings taken back (an organisation's own phone\n"
		    "number, a council's not_personal decision). With a table, says whose\n"
		    "rows it holds and why. Reads only the inventory.\n\n"
		    "Exit: 0, or 2 when the inventory cannot be read or the name is not in it.",
		    stw_opts_explain);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 2) {
		stw_cli_error("explain: expected INVENTORY and SOURCE.SCHEMA.TABLE[.COLUMN], got %zu "
		    "argument%s; see 'steward explain --help'", pos.n, pos.n == 1 ? "" : "s");
		goto out;
	}
	if (stw_inventory_load_flags(&inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err) != STW_OK ||
	    stw_explain_find(inv, pos.v[1], &src, &t, &col, &err) != STW_OK) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	rules = load_rules(&paths);
	text = stw_explain_text(inv, src, t, col, rules);
	fputs(text, stdout);
	code = fflush(stdout) == 0 ? STW_EXIT_OK : STW_EXIT_USAGE;
	if (code != STW_EXIT_OK)
		stw_cli_error("cannot write to standard output");
out:
	free(text);
	stw_rules_free(rules);
	stw_inventory_free(inv);
	stw_strv_clear(&pos);
	stw_strv_clear(&paths);
	return code;
}
