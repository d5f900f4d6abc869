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
int stw_cmd_config(int argc, char **argv);

#endif
