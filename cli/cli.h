/*
 * Shared pieces of the steward command line: the command table, option
 * tables that also produce --help, the exit-code mapping (the only place
 * exit codes are decided) and message printing.
 */
#ifndef STW_CLI_H
#define STW_CLI_H

#include <stdio.h>

#include "scanner/err.h"
#include "scanner/util.h"

/* SPEC.md exit codes. */
enum {
	STW_EXIT_OK = 0,
	STW_EXIT_FINDINGS = 1,   /* check: findings at or above --fail-on */
	STW_EXIT_USAGE = 2,      /* usage, configuration or input error */
	STW_EXIT_SOURCE = 3      /* a source could not be scanned, or only partly */
};

/* Maps a library result to an exit code (SPEC table). */
int stw_cli_exit_code(int rc);

/* One option.  arg is the metavariable ("N", "FILE") or NULL for a flag. */
struct stw_opt {
	const char *lname;       /* "--sample" without dashes: "sample" */
	char sname;              /* 's' or 0 */
	const char *arg;
	const char *help;
};

typedef int stw_opt_cb(const struct stw_opt *o, const char *value, void *payload);

/* Parses argv[1..]: options from the table (--x, --x=V, --x V, -x V), "--"
 * ends options, everything else goes to positional.  --help/-h prints
 * usage and sets *help.  Errors print a message and return STW_EUSAGE. */
int stw_cli_parse(int argc, char **argv, const char *cmd, const struct stw_opt *opts,
    stw_opt_cb *cb, void *payload, struct stw_strv *positional, int *help);
void stw_cli_usage(FILE *f, const char *synopsis, const char *description,
    const struct stw_opt *opts);

/* When set (steward __man), stw_cli_usage() writes a man page with this
 * one-line summary instead of the --help text. */
extern const char *stw_cli_man_summary;

/* "steward: message" on stderr. */
void stw_cli_error(const char *fmt, ...) STW_PRINTF(1, 2);
void stw_cli_warn(const char *fmt, ...) STW_PRINTF(1, 2);

/* Parses a non-negative integer option value. */
int stw_cli_int(long long *out, const char *opt, const char *value);

/* Command entry points: argv[0] is the command name; return an exit code. */
int stw_cmd_scan(int argc, char **argv);
int stw_cmd_demo(int argc, char **argv);
int stw_cmd_check(int argc, char **argv);
int stw_cmd_diff(int argc, char **argv);
int stw_cmd_report(int argc, char **argv);

#endif
