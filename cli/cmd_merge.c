/*
 * steward merge A.json B.json ... -o fleet.json: the inventories of a fleet
 * scanned in shards (steward scan --shard K/N) or apart, as one.  The work
 * is scanner/merge.c; docs/fleet.md.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "marks.h"
#include "scanner/config.h"

const struct stw_opt stw_opts_merge[] = {
	{ "config", 'c', "FILE", "read steward.yaml: its declared flows and not_personal decisions "
	    "are applied across the merged sources" },
	{ "output", 'o', "FILE", "write the merged inventory to FILE (default: standard output)" },
	{ "quiet", 'q', NULL, "print errors only" },
	{ NULL, 0, NULL, NULL }
};

struct merge_args {
	const char *config;
	const char *output;
	int quiet;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct merge_args *a = payload;

	if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "quiet") == 0)
		a->quiet = 1;
	return STW_OK;
}

int
stw_cmd_merge(int argc, char **argv)
{
	struct merge_args a = { NULL, NULL, 0 };
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_strv none = STW_STRV_INIT;
	struct stw_config *cfg = NULL;
	struct stw_err err = STW_ERR_INIT;
	int help = 0, rc, code = STW_EXIT_USAGE;

	if (stw_cli_parse(argc, argv, "merge", stw_opts_merge, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward merge INVENTORY... [-c steward.yaml] [-o FILE]",
		    "Merges inventories into one: the shards of a fleet scan (steward scan --shard\n"
		    "K/N), or scans of different databases.  A source in two inputs keeps the newer\n"
		    "scan (by generated_at), with a warning.  What crosses sources is computed again\n"
		    "over the whole: declared flows (from -c steward.yaml, and those the shards\n"
		    "recorded), copies found from the column fingerprints (every input must have\n"
		    "been scanned with the same fingerprints.key), and the categories carried along\n"
		    "them.  No database is read; map, report, policy and check read the result like\n"
		    "any inventory.  See docs/fleet.md.\n\n"
		    "Exit: 0 written, 2 bad arguments or input (an unreadable inventory,\n"
		    "fingerprints made with different keys).", stw_opts_merge);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n < 1) {
		stw_cli_error("merge: expected at least one inventory; see 'steward merge --help'");
		goto out;
	}
	if (a.config != NULL && (rc = stw_cli_config_load(&cfg, a.config, &none, &err)) != STW_OK) {
		stw_cli_error("merge: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	code = stw_cli_merge_files(&pos, cfg, 1, a.output, a.quiet, "merge");
out:
	stw_config_free(cfg);
	stw_strv_clear(&pos);
	return code;
}
