/*
 * The demo: a synthetic loyalty-programme database (SPEC.md "The demo"),
 * generated deterministically from a fixed seed, for SQLite, PostgreSQL
 * and MariaDB.  Same rows on every engine and every run.
 */
#ifndef STW_DEMO_H
#define STW_DEMO_H

#include <stdio.h>

#include "scanner/err.h"

enum stw_demo_dialect { STW_DEMO_SQLITE = 0, STW_DEMO_POSTGRES = 1, STW_DEMO_MYSQL = 2 };

/* Parses "sqlite", "postgres"/"postgresql", "mysql"/"mariadb". */
int stw_demo_dialect_parse(enum stw_demo_dialect *out, const char *name);
/* Writes the whole database (DDL + rows) as SQL for one dialect. */
int stw_demo_write_sql(FILE *out, enum stw_demo_dialect d, struct stw_err *err);
/* Creates (replacing) a SQLite database file with the demo. */
int stw_demo_create_sqlite(const char *path, struct stw_err *err);
/* The demo's steward.yaml (categories, retention, purposes, flows,
 * approvals), with @DB@ standing for the SQLite path; NUL-terminated,
 * static storage. */
const char *stw_demo_config_text(void);

#endif
