/*
 * The access audit (access.h, docs/pia.md).
 */
#include "access.h"

#include <fnmatch.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- a catalog result, whole --------------------------------------------- */

struct rows {
	struct stw_strv cells;   /* row-major; SQL NULL is "" */
	size_t ncols, nrows;
};

static int
on_cells(const char *const *values, const size_t *lengths, size_t n, void *payload)
{
	struct rows *r = payload;

	r->ncols = n;
	for (size_t i = 0; i < n; i++)
		stw_strv_push_owned(&r->cells, values[i] ? stw_strndup(values[i], lengths[i])
		    : stw_strdup(""));
	r->nrows++;
	return 0;
}

static const char *
cell(const struct rows *r, size_t row, size_t col)
{
	return r->cells.v[row * r->ncols + col];
}

static void
rows_release(struct rows *r)
{
	stw_strv_clear(&r->cells);
	r->ncols = r->nrows = 0;
}

/* Runs a catalog query; a failure other than a lost connection is noted
 * as a problem ("cannot read WHAT: ...") and leaves r empty. */
static int
catalog(struct stw_conn *c, struct stw_source *src, const char *sql, const char *what,
    struct rows *r)
{
	struct stw_err err = STW_ERR_INIT;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = stw_conn_query(c, sql, NULL, STW_QUERY_BASE_TABLES, on_cells, r, &err);
	if (rc == STW_OK)
		return STW_OK;
	rows_release(r);
	if (rc != STW_ECONNECT) {
		stw_strv_push_owned(&src->access.problems, stw_asprintf("cannot read %s: %s", what,
		    err.msg));
		src->access.complete = 0;
		return STW_OK;
	}
	return rc;
}

static struct stw_table *
table_in(struct stw_source *src, const char *schema, const char *name)
{
	return stw_source_find_table(src, schema, name);
}

static int
flag(const char *s)
{
	return s != NULL && (strcmp(s, "1") == 0 || strcmp(s, "t") == 0 || strcmp(s, "true") == 0 ||
	    strcmp(s, "Y") == 0 || strcmp(s, "y") == 0);
}

/* Adds privilege to t's grants, merging column grants of one grantee. */
static void
add_grant(struct stw_table *t, const char *grantee, const char *priv, const char *scope,
    const char *column)
{
	struct stw_grant *g = NULL;

	for (size_t i = 0; i < t->access.ngrants; i++) {
		struct stw_grant *x = t->access.grants[i];
		if (strcmp(x->grantee, grantee) == 0 && strcmp(x->privilege, priv) == 0 &&
		    strcmp(x->scope, scope) == 0) {
			g = x;
			break;
		}
	}
	if (g == NULL)
		g = stw_table_add_grant(t, grantee, priv, scope);
	if (column != NULL && !stw_strv_has(&g->columns, column))
		stw_strv_push(&g->columns, column);
}

/* Every table gets an access block once the source has one. */
static void
mark_tables(struct stw_source *src)
{
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];
		if (!t->access.present) {
			t->access.present = 1;
			t->access.rls = -1;
		}
	}
}

/* The closure of membership: who inherits whom. */
static void
closure(struct stw_source *src, const struct rows *edges, const struct stw_strv *noinherit)
{
	for (size_t i = 0; i < src->access.nprincipals; i++) {
		struct stw_principal *p = src->access.principals[i];
		int grew = 1;

		if (stw_strv_has(noinherit, p->name))
			continue;
		/* direct edges, then until nothing more is added */
		while (grew) {
			grew = 0;
			for (size_t e = 0; e < edges->nrows; e++) {
				const char *m = cell(edges, e, 0), *r = cell(edges, e, 1);
				if ((strcmp(m, p->name) == 0 || stw_strv_has(&p->member_of, m)) &&
				    strcmp(r, p->name) != 0 && !stw_strv_has(&p->member_of, r)) {
					stw_strv_push(&p->member_of, r);
					grew = 1;
				}
			}
		}
	}
}

/* ---- PostgreSQL ---------------------------------------------------------- */

#define PG_GRANTEE(col) "CASE WHEN " col " = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(" col ") END"
#define PG_USER_SCHEMAS(n) n ".nspname NOT IN ('pg_catalog', 'information_schema') AND " \
	n ".nspname NOT LIKE 'pg\\_toast%' AND " n ".nspname NOT LIKE 'pg\\_temp%'"

static int
pg_collect(struct stw_conn *c, struct stw_source *src)
{
	struct rows r;
	struct stw_strv noinherit = STW_STRV_INIT;
	struct rows edges;
	int rc;

	memset(&edges, 0, sizeof(edges));
	/* Roles (pg_roles is readable by every role). */
	if ((rc = catalog(c, src, "SELECT rolname, rolcanlogin::int, rolsuper::int, "
	    "rolbypassrls::int, rolinherit::int FROM pg_catalog.pg_roles ORDER BY rolname",
	    "pg_catalog.pg_roles", &r)) != STW_OK)
		return rc;
	for (size_t i = 0; i < r.nrows; i++) {
		struct stw_principal *p;

		if (!flag(cell(&r, i, 4)))
			stw_strv_push(&noinherit, cell(&r, i, 0));
		/* predefined roles (pg_read_all_data, ...) are reached through
		 * membership, not listed */
		if (strncmp(cell(&r, i, 0), "pg_", 3) == 0)
			continue;
		p = stw_source_add_principal(src, cell(&r, i, 0));
		p->login = flag(cell(&r, i, 1));
		p->superuser = flag(cell(&r, i, 2));
		p->bypass_rls = flag(cell(&r, i, 3));
	}
	rows_release(&r);
	stw_source_add_principal(src, "PUBLIC")->wildcard = 1;
	if ((rc = catalog(c, src, "SELECT m.rolname, g.rolname FROM pg_catalog.pg_auth_members am "
	    "JOIN pg_catalog.pg_roles m ON m.oid = am.member "
	    "JOIN pg_catalog.pg_roles g ON g.oid = am.roleid", "pg_catalog.pg_auth_members",
	    &edges)) != STW_OK)
		goto out;
	closure(src, &edges, &noinherit);

	/* Owners, row level security, table privileges. */
	if ((rc = catalog(c, src, "SELECT n.nspname, c.relname, "
	    "pg_catalog.pg_get_userbyid(c.relowner), c.relrowsecurity::int, "
	    "coalesce(" PG_GRANTEE("a.grantee") ", ''), coalesce(a.privilege_type, '') "
	    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	    "LEFT JOIN LATERAL pg_catalog.aclexplode(c.relacl) a ON true "
	    "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND " PG_USER_SCHEMAS("n"),
	    "pg_catalog.pg_class", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		struct stw_table *t = table_in(src, cell(&r, i, 0), cell(&r, i, 1));
		const char *g = cell(&r, i, 4), *priv = cell(&r, i, 5);

		if (t == NULL)
			continue;
		t->access.present = 1;
		if (t->access.owner == NULL)
			t->access.owner = stw_strdup(cell(&r, i, 2));
		t->access.rls = flag(cell(&r, i, 3));
		if (*g && *priv && strcmp(g, t->access.owner) != 0)
			add_grant(t, g, priv, "table", NULL);
	}
	rows_release(&r);
	/* Column privileges. */
	if ((rc = catalog(c, src, "SELECT n.nspname, c.relname, at.attname, "
	    PG_GRANTEE("a.grantee") ", a.privilege_type "
	    "FROM pg_catalog.pg_attribute at JOIN pg_catalog.pg_class c ON c.oid = at.attrelid "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	    "CROSS JOIN LATERAL pg_catalog.aclexplode(at.attacl) a "
	    "WHERE at.attacl IS NOT NULL AND at.attnum > 0 AND NOT at.attisdropped AND "
	    PG_USER_SCHEMAS("n"), "pg_catalog.pg_attribute (column privileges)", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		struct stw_table *t = table_in(src, cell(&r, i, 0), cell(&r, i, 1));
		if (t != NULL)
			add_grant(t, cell(&r, i, 3), cell(&r, i, 4), "columns", cell(&r, i, 2));
	}
	rows_release(&r);
	/* Row level security policies. */
	if ((rc = catalog(c, src, "SELECT schemaname, tablename, policyname, cmd, "
	    "array_to_string(roles, ', ') FROM pg_catalog.pg_policies",
	    "pg_catalog.pg_policies (row level security policies)", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		struct stw_table *t = table_in(src, cell(&r, i, 0), cell(&r, i, 1));
		if (t != NULL)
			stw_strv_push_owned(&t->access.policies, stw_asprintf("%s: %s to %s",
			    cell(&r, i, 2), cell(&r, i, 3), cell(&r, i, 4)));
	}
	rows_release(&r);
	/* Default privileges: what future tables will grant. */
	if ((rc = catalog(c, src, "SELECT pg_catalog.pg_get_userbyid(d.defaclrole), "
	    "coalesce(n.nspname, ''), d.defaclobjtype, " PG_GRANTEE("a.grantee") ", a.privilege_type "
	    "FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n "
	    "ON n.oid = d.defaclnamespace CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) a "
	    "WHERE d.defaclobjtype = 'r'", "pg_catalog.pg_default_acl", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++)
		stw_strv_push_owned(&src->access.default_privileges, stw_asprintf("tables created by %s "
		    "%s%s grant %s to %s", cell(&r, i, 0), *cell(&r, i, 1) ? "in schema " : "in any schema",
		    cell(&r, i, 1), cell(&r, i, 4), cell(&r, i, 3)));
	rows_release(&r);
	/* Is reading logged?  pgaudit, or log_statement = all. */
	if ((rc = catalog(c, src, "SELECT name, setting FROM pg_catalog.pg_settings WHERE name IN "
	    "('log_statement', 'shared_preload_libraries', 'pgaudit.log') ORDER BY name",
	    "pg_catalog.pg_settings", &r)) != STW_OK)
		goto out;
	{
		const char *ls = NULL, *spl = NULL, *pa = NULL;
		struct stw_buf ev = STW_BUF_INIT;

		for (size_t i = 0; i < r.nrows; i++) {
			const char *n = cell(&r, i, 0), *v = cell(&r, i, 1);
			if (strcmp(n, "log_statement") == 0)
				ls = v;
			else if (strcmp(n, "shared_preload_libraries") == 0)
				spl = v;
			else
				pa = v;
			stw_buf_addf(&ev, "%s%s = '%s'", ev.len ? ", " : "", n, v);
		}
		if (pa != NULL && strstr(pa, "read") != NULL)
			src->access.logging = stw_strdup("pgaudit");
		else if (pa != NULL || (spl != NULL && strstr(spl, "pgaudit") != NULL))
			src->access.logging = stw_strdup("pgaudit (reads not logged)");
		else if (ls != NULL && strcmp(ls, "all") == 0)
			src->access.logging = stw_strdup("log_statement");
		else if (ls != NULL)
			src->access.logging = stw_strdup("none");
		if (spl == NULL)
			stw_buf_adds(&ev, ev.len ? "; shared_preload_libraries not visible to the scanning "
			    "account" : "shared_preload_libraries not visible to the scanning account");
		src->access.logging_evidence = ev.len ? stw_buf_detach(&ev) : NULL;
		stw_buf_release(&ev);
	}
	rows_release(&r);
out:
	rows_release(&edges);
	stw_strv_clear(&noinherit);
	return rc;
}

/* ---- MySQL / MariaDB ----------------------------------------------------- */

/* 'user'@'host', or a MariaDB role (no host) by its name. */
static char *
my_name(const char *user, const char *host)
{
	if (host == NULL || *host == '\0')
		return stw_strdup(user);
	return stw_asprintf("'%s'@'%s'", user, host);
}

/* MySQL's LIKE wildcards in mysql.db.Db: % and _, \ escapes. */
static int
db_like(const char *pat, const char *s)
{
	if (*pat == '\0')
		return *s == '\0';
	if (*pat == '%') {
		for (const char *p = s;; p++) {
			if (db_like(pat + 1, p))
				return 1;
			if (*p == '\0')
				return 0;
		}
	}
	if (*pat == '\\' && pat[1] != '\0') {
		return *s == pat[1] && db_like(pat + 2, s + 1);
	}
	if (*s == '\0')
		return 0;
	if (*pat == '_' || *pat == *s)
		return db_like(pat + 1, s + 1);
	return 0;
}

static int
has_word(const char *set, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = set; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncasecmp(p, word, n) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

static int
my_collect(struct stw_conn *c, struct stw_source *src)
{
	/* as mysql.tables_priv spells them, and as grants name them */
	static const char *const privs[] = { "Select", "Insert", "Update", "Delete", NULL };
	static const char *const privs_uc[] = { "SELECT", "INSERT", "UPDATE", "DELETE", NULL };
	struct rows r, edges;
	struct stw_strv none = STW_STRV_INIT;
	int rc, have_users;

	memset(&edges, 0, sizeof(edges));
	/* Accounts and roles; mysql.* needs SELECT on the mysql schema.
	 * MySQL has no is_role column (its roles are locked accounts). */
	{
		struct stw_err e = STW_ERR_INIT;
		memset(&r, 0, sizeof(r));
		rc = stw_conn_query(c, "SELECT User, Host, Select_priv, is_role FROM mysql.user", NULL,
		    STW_QUERY_BASE_TABLES, on_cells, &r, &e);
		if (rc == STW_ECONNECT)
			return rc;
		if (rc != STW_OK) {
			rows_release(&r);
			if ((rc = catalog(c, src, "SELECT User, Host, Select_priv, 'N' FROM mysql.user",
			    "mysql.user (accounts and global privileges; needs SELECT on mysql.*)",
			    &r)) != STW_OK)
				return rc;
		}
	}
	have_users = r.nrows > 0;
	for (size_t i = 0; i < r.nrows; i++) {
		char *name = my_name(cell(&r, i, 0), flag(cell(&r, i, 3)) ? "" : cell(&r, i, 1));
		struct stw_principal *p = stw_source_add_principal(src, name);

		p->login = !flag(cell(&r, i, 3));
		p->wildcard = p->login && (*cell(&r, i, 0) == '\0' || strcmp(cell(&r, i, 1), "%") == 0);
		if (flag(cell(&r, i, 2)))
			for (size_t t = 0; t < src->ntables; t++)
				add_grant(src->tables[t], name, "SELECT", "global", NULL);
		free(name);
	}
	rows_release(&r);
	if (!have_users) {
		/* Only this account's own grants are visible. */
		if ((rc = catalog(c, src, "SELECT GRANTEE, TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE "
		    "FROM information_schema.TABLE_PRIVILEGES", "information_schema.TABLE_PRIVILEGES",
		    &r)) != STW_OK)
			return rc;
		for (size_t i = 0; i < r.nrows; i++) {
			struct stw_table *t = table_in(src, cell(&r, i, 1), cell(&r, i, 2));
			if (t != NULL)
				add_grant(t, cell(&r, i, 0), cell(&r, i, 3), "table", NULL);
		}
		rows_release(&r);
		if ((rc = catalog(c, src, "SELECT GRANTEE, TABLE_SCHEMA, PRIVILEGE_TYPE FROM "
		    "information_schema.SCHEMA_PRIVILEGES", "information_schema.SCHEMA_PRIVILEGES",
		    &r)) != STW_OK)
			return rc;
		for (size_t i = 0; i < r.nrows; i++)
			for (size_t t = 0; t < src->ntables; t++)
				if (strcmp(src->tables[t]->schema, cell(&r, i, 1)) == 0)
					add_grant(src->tables[t], cell(&r, i, 0), cell(&r, i, 2), "database",
					    NULL);
		rows_release(&r);
		stw_strv_push(&src->access.problems, "only the scanning account's own grants are "
		    "listed: other accounts' need SELECT on mysql.*");
		src->access.complete = 0;
		goto logging;
	}
	if ((rc = catalog(c, src, "SELECT Host, User, Role FROM mysql.roles_mapping",
	    "mysql.roles_mapping (role membership)", &edges)) != STW_OK)
		goto out;
	/* closure() wants (member, role) pairs by principal name. */
	{
		struct rows e2;
		memset(&e2, 0, sizeof(e2));
		e2.ncols = 2;
		for (size_t i = 0; i < edges.nrows; i++) {
			const char *role = cell(&edges, i, 2);
			int is_role = stw_source_find_principal(src, cell(&edges, i, 1)) != NULL &&
			    *cell(&edges, i, 0) == '\0';
			stw_strv_push_owned(&e2.cells, my_name(cell(&edges, i, 1),
			    is_role ? "" : cell(&edges, i, 0)));
			stw_strv_push(&e2.cells, role);
			e2.nrows++;
		}
		closure(src, &e2, &none);
		rows_release(&e2);
	}
	if ((rc = catalog(c, src, "SELECT Host, Db, User, Select_priv, Insert_priv, Update_priv, "
	    "Delete_priv FROM mysql.db", "mysql.db (database privileges)", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		char *name = my_name(cell(&r, i, 2), cell(&r, i, 0));
		for (size_t t = 0; t < src->ntables; t++)
			if (db_like(cell(&r, i, 1), src->tables[t]->schema))
				for (int k = 0; privs[k]; k++)
					if (flag(cell(&r, i, 3 + (size_t)k)))
						add_grant(src->tables[t], name, privs_uc[k], "database", NULL);
		free(name);
	}
	rows_release(&r);
	if ((rc = catalog(c, src, "SELECT Host, Db, User, Table_name, Table_priv FROM "
	    "mysql.tables_priv", "mysql.tables_priv (table privileges)", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		struct stw_table *t = table_in(src, cell(&r, i, 1), cell(&r, i, 3));
		char *name;
		if (t == NULL)
			continue;
		name = my_name(cell(&r, i, 2), cell(&r, i, 0));
		for (int k = 0; privs[k]; k++)
			if (has_word(cell(&r, i, 4), privs[k]))
				add_grant(t, name, privs_uc[k], "table", NULL);
		free(name);
	}
	rows_release(&r);
	if ((rc = catalog(c, src, "SELECT Host, Db, User, Table_name, Column_name, Column_priv FROM "
	    "mysql.columns_priv", "mysql.columns_priv (column privileges)", &r)) != STW_OK)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		struct stw_table *t = table_in(src, cell(&r, i, 1), cell(&r, i, 3));
		char *name;
		if (t == NULL || !has_word(cell(&r, i, 5), "Select"))
			continue;
		name = my_name(cell(&r, i, 2), cell(&r, i, 0));
		add_grant(t, name, "SELECT", "columns", cell(&r, i, 4));
		free(name);
	}
	rows_release(&r);
logging:
	if ((rc = catalog(c, src, "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM "
	    "information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME IN ('GENERAL_LOG', "
	    "'SERVER_AUDIT_LOGGING', 'SERVER_AUDIT_EVENTS') ORDER BY VARIABLE_NAME",
	    "information_schema.GLOBAL_VARIABLES", &r)) != STW_OK)
		goto out;
	{
		const char *gl = NULL, *al = NULL, *ae = NULL;
		struct stw_buf ev = STW_BUF_INIT;

		for (size_t i = 0; i < r.nrows; i++) {
			const char *n = cell(&r, i, 0), *v = cell(&r, i, 1);
			if (strcasecmp(n, "GENERAL_LOG") == 0)
				gl = v;
			else if (strcasecmp(n, "SERVER_AUDIT_LOGGING") == 0)
				al = v;
			else
				ae = v;
			stw_buf_addf(&ev, "%s%s = '%s'", ev.len ? ", " : "", n, v);
		}
		if (al != NULL && strcasecmp(al, "ON") == 0 &&
		    (ae == NULL || *ae == '\0' || has_word(ae, "QUERY") || has_word(ae, "QUERY_DML")))
			src->access.logging = stw_strdup("server_audit");
		else if (gl != NULL && strcasecmp(gl, "ON") == 0)
			src->access.logging = stw_strdup("general_log");
		else if (r.nrows > 0)
			src->access.logging = stw_strdup("none");
		src->access.logging_evidence = ev.len ? stw_buf_detach(&ev) : NULL;
		stw_buf_release(&ev);
	}
	rows_release(&r);
out:
	rows_release(&edges);
	return rc;
}

/* ---- SQLite: the file -------------------------------------------------- */

static void
sqlite_collect(struct stw_source *src, const char *path)
{
	struct stat st;
	struct passwd *pw;
	struct group *gr;

	if (path == NULL || stat(path, &st) != 0) {
		stw_strv_push(&src->access.problems, "cannot stat the database file");
		src->access.complete = 0;
		return;
	}
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	src->access.file_owner = pw ? stw_strdup(pw->pw_name) : stw_asprintf("%u", (unsigned)st.st_uid);
	src->access.file_group = gr ? stw_strdup(gr->gr_name) : stw_asprintf("%u", (unsigned)st.st_gid);
	src->access.file_mode = stw_asprintf("0%03o", (unsigned)(st.st_mode & 0777));
	{
		char *u = stw_asprintf("user %s", src->access.file_owner);
		struct stw_principal *p = stw_source_add_principal(src, u);
		p->login = 1;
		free(u);
	}
	if (st.st_mode & S_IRGRP) {
		char *g = stw_asprintf("group %s", src->access.file_group);
		stw_source_add_principal(src, g)->login = 1;
		free(g);
	}
	if (st.st_mode & S_IROTH) {
		struct stw_principal *p = stw_source_add_principal(src, "every account on the machine");
		p->login = 1;
		p->wildcard = 1;
	}
	src->access.logging = stw_strdup("none");
	src->access.logging_evidence = stw_strdup("SQLite keeps no access log");
}

int
stw_access_collect(struct stw_conn *c, struct stw_source *src, const char *path,
    struct stw_err *err)
{
	int rc = STW_OK;

	src->access.present = 1;
	src->access.complete = 1;
	mark_tables(src);
	if (src->engine != NULL && strcmp(src->engine, "sqlite") == 0)
		sqlite_collect(src, path);
	else if (src->engine != NULL && strcmp(src->engine, "postgres") == 0)
		rc = pg_collect(c, src);
	else if (src->engine != NULL && strcmp(src->engine, "mysql") == 0)
		rc = my_collect(c, src);
	if (rc != STW_OK)
		return stw_error(err, rc, "access audit: connection lost");
	return STW_OK;
}

/* ---- who can read -------------------------------------------------------- */

static void
add_reader(struct stw_readers *out, const struct stw_principal *p, const char *grantee, char *via,
    int all, int rls)
{
	struct stw_reader *r;

	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i].principal, p->name) == 0) {
			free(via);
			return;
		}
	stw_grow(&out->v, &out->alloc, out->n, sizeof(*out->v));
	r = &out->v[out->n++];
	memset(r, 0, sizeof(*r));
	r->principal = stw_strdup(p->name);
	r->grantee = stw_strdup(grantee);
	r->via = via;
	r->login = p->login;
	r->wildcard = p->wildcard;
	r->superuser = p->superuser;
	r->all_data = all;
	r->rls = rls;
}

static int
reads_column(const struct stw_grant *g, const char *column)
{
	if (strcmp(g->privilege, "SELECT") != 0)
		return 0;
	if (strcmp(g->scope, "columns") != 0)
		return 1;
	return column != NULL && stw_strv_has(&g->columns, column);
}

static char *
grant_text(const struct stw_source *src, const struct stw_table *t, const struct stw_grant *g)
{
	if (strcmp(g->scope, "global") == 0)
		return stw_asprintf("GRANT SELECT ON *.* TO %s", g->grantee);
	if (strcmp(g->scope, "database") == 0)
		return stw_asprintf("GRANT SELECT ON %s.* TO %s", t->schema, g->grantee);
	if (strcmp(g->scope, "columns") == 0) {
		struct stw_buf b = STW_BUF_INIT;
		for (size_t i = 0; i < g->columns.n; i++)
			stw_buf_addf(&b, "%s%s", i ? ", " : "", g->columns.v[i]);
		char *s = stw_asprintf("GRANT SELECT (%s) ON %s.%s TO %s", b.buf, t->schema, t->name,
		    g->grantee);
		stw_buf_release(&b);
		return s;
	}
	(void)src;
	return stw_asprintf("GRANT SELECT ON %s.%s TO %s", t->schema, t->name, g->grantee);
}

void
stw_access_readers(struct stw_readers *out, const struct stw_source *src,
    const struct stw_table *t, const char *column)
{
	int sqlite = src->engine != NULL && strcmp(src->engine, "sqlite") == 0;

	memset(out, 0, sizeof(*out));
	if (!src->access.present)
		return;
	for (size_t i = 0; i < src->access.nprincipals; i++) {
		const struct stw_principal *p = src->access.principals[i];
		int rls = t->access.rls == 1 && !p->superuser && !p->bypass_rls;

		if (sqlite) {
			add_reader(out, p, p->name, stw_asprintf(p->wildcard ? "the file is world-readable "
			    "(mode %s)" : "file mode %s", src->access.file_mode), 1, 0);
			continue;
		}
		if (p->superuser) {
			add_reader(out, p, p->name, stw_strdup("superuser"), 1, 0);
			continue;
		}
		if (stw_strv_has(&p->member_of, "pg_read_all_data")) {
			add_reader(out, p, "pg_read_all_data", stw_strdup("member of pg_read_all_data"), 1, 0);
			continue;
		}
		if (t->access.owner != NULL && (strcmp(t->access.owner, p->name) == 0 ||
		    stw_strv_has(&p->member_of, t->access.owner))) {
			add_reader(out, p, t->access.owner, strcmp(t->access.owner, p->name) == 0 ?
			    stw_strdup("owner") : stw_asprintf("member of %s, the owner", t->access.owner),
			    0, 0);
			continue;
		}
		for (size_t k = 0; k < t->access.ngrants; k++) {
			const struct stw_grant *g = t->access.grants[k];
			const char *via_role = NULL;

			if (!reads_column(g, column))
				continue;
			/* A grant to PUBLIC is reported once, as PUBLIC's: not
			 * again for every role that has it that way. */
			if (strcmp(g->grantee, p->name) == 0)
				via_role = "";
			else if (stw_strv_has(&p->member_of, g->grantee))
				via_role = g->grantee;
			if (via_role == NULL)
				continue;
			{
				char *gt = grant_text(src, t, g);
				char *via = *via_role ? stw_asprintf("member of %s: %s", via_role, gt)
				    : stw_strdup(gt);
				free(gt);
				add_reader(out, p, g->grantee, via, strcmp(g->scope, "global") == 0, rls);
			}
			break;
		}
	}
}

void
stw_readers_release(struct stw_readers *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].principal);
		free(r->v[i].via);
		free(r->v[i].grantee);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int
stw_access_not_allowed(const struct stw_config *cfg, const struct stw_reader *r,
    const char *category)
{
	const struct stw_cfg_access_rule *rule = stw_config_access_rule(cfg, category);

	if (rule == NULL || r->superuser)
		return 0;
	/* the principal itself, or the role it reads through */
	return !stw_access_principal_in(r->principal, &rule->roles) &&
	    !(r->grantee != NULL && stw_access_principal_in(r->grantee, &rule->roles));
}

int
stw_access_principal_in(const char *principal, const struct stw_strv *names)
{
	for (size_t i = 0; principal != NULL && names != NULL && i < names->n; i++) {
		const char *n = names->v[i];
		size_t len = strlen(n);

		if (strcmp(principal, n) == 0 || fnmatch(n, principal, 0) == 0)
			return 1;
		/* 'app'@'%' matches a bare app */
		if (principal[0] == '\'' && strncmp(principal + 1, n, len) == 0 &&
		    strncmp(principal + 1 + len, "'@", 2) == 0)
			return 1;
	}
	return 0;
}
