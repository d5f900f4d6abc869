/*
 * The access audit (docs/pia.md "Who can read it").
 *
 * At scan time, a fixed number of catalog queries per source (never one
 * per table): roles or accounts, role membership, table and column
 * privileges, row level security policies, default privileges and whether
 * statements are logged; for SQLite, the database file's owner and mode.
 * A catalog the scanning account cannot read is listed in
 * access.problems (the source stays ok) and the rest is still collected.
 *
 * Afterwards, a pure function of the inventory: who can read one column
 * of one table, and through which privilege.
 */
#ifndef STW_ACCESS_H
#define STW_ACCESS_H

#include "config.h"
#include "connector.h"
#include "err.h"
#include "inventory.h"

/* Collects src->access and every table's access.  path: the SQLite file,
 * or NULL.  Returns STW_ECONNECT when the connection was lost. */
int stw_access_collect(struct stw_conn *c, struct stw_source *src, const char *path,
    struct stw_err *err);

/* One principal able to read a column. */
struct stw_reader {
	char *principal;         /* role, 'user'@'host', PUBLIC, or a file-system account */
	char *via;               /* plain language: "GRANT SELECT ON public.patients TO care_app" */
	char *grantee;           /* the role the privilege is held by (itself, or one it inherits) */
	int login;               /* can log in */
	int wildcard;            /* PUBLIC, anonymous, '%' host, or everyone on the machine */
	int all_data;            /* superuser or a global privilege: reads every table */
	int superuser;           /* a superuser: reads everything whatever the grants */
	int rls;                 /* row level security limits which rows it sees */
};
struct stw_readers {
	struct stw_reader *v;
	size_t n, alloc;
};

/* Who can read (SELECT) column of t in src; column NULL = the whole table.
 * Empty when the source has no access facts. */
void stw_access_readers(struct stw_readers *out, const struct stw_source *src,
    const struct stw_table *t, const char *column);
void stw_readers_release(struct stw_readers *r);

/* 1 when access.allowed_roles restricts category and neither the reader
 * nor the role it reads through is listed; a superuser is never "not
 * allowed" (it is listed in the report, not flagged: docs/pia.md). */
int stw_access_not_allowed(const struct stw_config *cfg, const struct stw_reader *r,
    const char *category);

/* 1 when principal (as a source names it) is one of names: equal, or a
 * bare user name matching any host of a MySQL account ('app'@'%'). */
int stw_access_principal_in(const char *principal, const struct stw_strv *names);

#endif
