/*
 * steward: the command dispatcher.  Commands are one table; each lives in
 * cli/cmd_<name>.c.  A command that is not built yet is not in the table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "git_rev.h"
#include "output/map.h"
#include "rules/classify.h"
#include "scanner/connector.h"
#include "scanner/lineage.h"

const struct stw_command stw_commands[] = {
	{ "scan", stw_cmd_scan, "connect to data sources and write an inventory", stw_opts_scan },
	{ "demo", stw_cmd_demo, "scan the bundled demo database: inventory, map, report", stw_opts_demo },
	{ "check", stw_cmd_check, "gate: fail on unapproved personal data and policy violations",
	  stw_opts_check },
	{ "diff", stw_cmd_diff, "compare two inventories", stw_opts_diff },
	{ "report", stw_cmd_report, "write the privacy report (text, markdown, html, json, csv)",
	  stw_opts_report },
	{ "map", stw_cmd_map, "draw the lineage map (Graphviz: svg, png, pdf, dot)", stw_opts_map },
	{ "explain", stw_cmd_explain, "say why a column is personal data, or why it is not",
	  stw_opts_explain },
	{ "locate", stw_cmd_locate, "where one person's data lives: the runbook of an access or "
	  "erasure request", stw_opts_locate },
	{ "export", stw_cmd_export, "export an inventory: OpenLineage, Fides datasets, record of "
	  "processing", stw_opts_export },
	{ "merge", stw_cmd_merge, "merge inventories: the shards of a fleet scan, or scans apart",
	  stw_opts_merge },
	{ "lineage", stw_cmd_lineage, "find copies across inventories from their fingerprints",
	  stw_opts_lineage },
	{ "rules", stw_cmd_rules, "list, test and explain classification rules", stw_opts_rules },
	{ "config", stw_cmd_config, "check a steward.yaml without scanning", stw_opts_config },
	{ "completion", stw_cmd_completion, "print the shell completion script for bash, zsh or fish",
	  NULL },
};
const size_t stw_ncommands = sizeof(stw_commands) / sizeof(stw_commands[0]);

#define NCOMMANDS stw_ncommands
#define commands stw_commands

int
stw_cli_exit_code(int rc)
{
	switch (rc) {
	case STW_OK:
		return STW_EXIT_OK;
	case STW_EUSAGE:
	case STW_ENOTFOUND:
	case STW_EUNSUPPORTED:
		return STW_EXIT_USAGE;
	default:
		return STW_EXIT_SOURCE;
	}
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: steward COMMAND [ARGS...]\n"
	    "       steward COMMAND --help\n"
	    "       steward --version\n\n"
	    "steward finds personal data in databases, maps where it flows, and checks\n"
	    "it against retention and purpose rules.\n\n"
	    "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nExit codes: 0 success, 1 check findings at or above --fail-on,\n"
	    "2 usage/configuration/input error, 3 a source could not be scanned (fully).\n");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return STW_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (strcmp(argv[1], "help") == 0 && argc > 2) {
			char *hargv[] = { argv[2], (char *)"--help", NULL };
			for (size_t i = 0; i < NCOMMANDS; i++)
				if (strcmp(commands[i].name, argv[2]) == 0)
					return commands[i].fn(2, hargv);
		}
		usage(stdout);
		return STW_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		char v[256];

		printf("steward %s (%s)\n", STEWARD_VERSION, STEWARD_GIT_REV);
#ifdef STEWARD_WITH_POSTGRES
		stw_pg_client_version(v, sizeof(v));
		printf("  %s\n", v);
#else
		printf("  PostgreSQL: not built in\n");
#endif
#ifdef STEWARD_WITH_MYSQL
		stw_mysql_client_version(v, sizeof(v));
		printf("  %s\n", v);
#else
		printf("  MySQL/MariaDB: not built in\n");
#endif
		stw_sqlite_client_version(v, sizeof(v));
		printf("  %s\n", v);
		stw_rules_pcre2_version(v, sizeof(v));
		printf("  %s\n", v);
		printf("  Graphviz %s\n", stw_map_graphviz_version());
		printf("  %s\n", stw_lineage_parser_version());
		return fflush(stdout) == 0 ? STW_EXIT_OK : STW_EXIT_USAGE;
	}
	if (strcmp(argv[1], "__names") == 0)   /* for the completion scripts; not listed */
		return stw_cmd_names(argc - 1, argv + 1);
	if (strcmp(argv[1], "__man") == 0)     /* man pages, written at install; not listed */
		return stw_cmd_man(argc - 1, argv + 1);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, argv[1]) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	stw_cli_error("'%s' is not a steward command; see 'steward --help'", argv[1]);
	return STW_EXIT_USAGE;
}
