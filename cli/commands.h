/*
 * Prototypes of the command entry points, one line per command; the table
 * itself is in cli/main.c.  Each returns an exit code (cli.h).
 */
#ifndef STW_COMMANDS_H
#define STW_COMMANDS_H

#include "cli.h"

int stw_cmd_rules(int argc, char **argv);
int stw_cmd_map(int argc, char **argv);
int stw_cmd_explain(int argc, char **argv);
int stw_cmd_locate(int argc, char **argv);
int stw_cmd_lineage(int argc, char **argv);
int stw_cmd_config(int argc, char **argv);
int stw_cmd_completion(int argc, char **argv);
int stw_cmd_names(int argc, char **argv);
int stw_cmd_man(int argc, char **argv);
int stw_cmd_merge(int argc, char **argv);
int stw_cmd_export(int argc, char **argv);

struct stw_config;
/* Loads, merges (scanner/merge.h) and writes inventories: steward merge and
 * steward lineage infer.  Returns an exit code. */
int stw_cli_merge_files(const struct stw_strv *files, const struct stw_config *cfg,
    int newer_wins, const char *output, int quiet, const char *cmd);

/* Each command's options, for shell completion (cli/cmd_completion.c). */
extern const struct stw_opt stw_opts_scan[], stw_opts_demo[], stw_opts_check[],
    stw_opts_diff[], stw_opts_report[], stw_opts_map[], stw_opts_explain[],
    stw_opts_locate[], stw_opts_rules[], stw_opts_config[], stw_opts_lineage[],
    stw_opts_merge[], stw_opts_export[];

/* The command table (cli/main.c). */
struct stw_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const struct stw_opt *opts;
};
extern const struct stw_command stw_commands[];
extern const size_t stw_ncommands;

#endif
