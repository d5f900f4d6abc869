/*
 * steward lineage infer A.json B.json ... -o merged.json: copies across
 * inventories.  Merges the inventories (their sources must have distinct
 * names and their fingerprints the same key), compares every pair of
 * fingerprinted columns across all of them, adds the copies found as
 * inferred edges, carries categories along them, and writes one inventory
 * that map, report and check read like any other.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "scanner/inventory.h"
#include "scanner/merge.h"

const struct stw_opt stw_opts_lineage[] = {
	{ "output", 'o', "FILE", "write the merged inventory to FILE (default: standard output)" },
	{ "quiet", 'q', NULL, "print errors only" },
	{ NULL, 0, NULL, NULL }
};

struct lineage_args {
	const char *output;
	int quiet;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct lineage_args *a = payload;

	if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "quiet") == 0)
		a->quiet = 1;
	return STW_OK;
}

static void
on_warn(const char *msg, void *payload)
{
	(void)payload;
	stw_cli_warn("%s", msg);
}

int
stw_cli_merge_files(const struct stw_strv *files, const struct stw_config *cfg, int newer_wins,
    const char *output, int quiet, const char *cmd)
{
	struct stw_merge m;
	struct stw_err err = STW_ERR_INIT;
	size_t added = 0;
	int code = STW_EXIT_USAGE;

	stw_merge_init(&m, newer_wins);
	if (!quiet)
		m.warn = on_warn;
	for (size_t i = 0; i < files->n; i++) {
		struct stw_inventory *inv = NULL;

		if (stw_inventory_load(&inv, files->v[i], &err) != STW_OK) {
			stw_cli_error("%s: %s", cmd, err.msg);
			goto out;
		}
		if (inv->fp_key_id == NULL && !quiet)
			stw_cli_warn("%s has no fingerprints (scanned with --no-fingerprints, "
			    "--sample 0, or an older steward): its columns are merged but not "
			    "compared", files->v[i]);
		if (stw_merge_add(&m, inv, files->v[i], &err) != STW_OK) {
			stw_cli_error("%s: %s", cmd, err.msg);
			goto out;
		}
	}
	if (stw_merge_finish(&m, cfg, &added, &err) != STW_OK) {
		stw_cli_error("%s: %s", cmd, err.msg);
		goto out;
	}
	if (!quiet)
		fprintf(stderr, "steward: %zu inventories, %zu sources%s: %zu copies found by sketch\n",
		    files->n, m.inv->nsources, m.replaced ? " (some scanned twice: the newer kept)" : "",
		    added);
	if (output == NULL || strcmp(output, "-") == 0) {
		int d = stw_inventory_dump(m.inv, stdout);

		if (d != 0) {
			stw_inventory_dump_error(&err, d, NULL);
			stw_cli_error("%s: %s", cmd, err.msg);
			goto out;
		}
	} else if (stw_inventory_write(m.inv, output, &err) != STW_OK) {
		stw_cli_error("%s: %s", cmd, err.msg);
		goto out;
	}
	code = STW_EXIT_OK;
out:
	stw_merge_release(&m);
	return code;
}

int
stw_cmd_lineage(int argc, char **argv)
{
	struct lineage_args a = { NULL, 0 };
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_strv files = STW_STRV_INIT;
	int help = 0, code = STW_EXIT_USAGE;

	if (stw_cli_parse(argc, argv, "lineage", stw_opts_lineage, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward lineage infer INVENTORY... [-o FILE]",
		    "Finds copies of personal data across inventories, from the column\n"
		    "fingerprints each scan kept: the inventories are merged (sources must have\n"
		    "distinct names, and every scan the same fingerprints.key), every pair of\n"
		    "fingerprinted columns is compared, copies become 'inferred' edges with the\n"
		    "share of values found, categories are carried along them, and one inventory\n"
		    "is written that map, report and check read as usual.  No database is read.\n\n"
		    "Exit: 0 written, 2 bad arguments or input (a source in two inventories,\n"
		    "fingerprints made with different keys).", stw_opts_lineage);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n < 1 || strcmp(pos.v[0], "infer") != 0) {
		stw_cli_error("lineage: expected 'infer' and inventories; see 'steward lineage --help'");
		goto out;
	}
	if (pos.n < 2) {
		stw_cli_error("lineage infer: expected at least one inventory");
		goto out;
	}
	for (size_t i = 1; i < pos.n; i++)
		stw_strv_push(&files, pos.v[i]);
	code = stw_cli_merge_files(&files, NULL, 0, a.output, a.quiet, "lineage infer");
out:
	stw_strv_clear(&pos);
	stw_strv_clear(&files);
	return code;
}
