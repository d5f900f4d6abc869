#include "sqltext.h"

#include <string.h>

static int
is_mysql(const char *engine)
{
	return engine != NULL && (strcmp(engine, "mysql") == 0 || strcmp(engine, "mariadb") == 0);
}

void
stw_sql_ident(struct stw_buf *b, const char *engine, const char *name)
{
	char q = is_mysql(engine) ? '`' : '"';

	stw_buf_addc(b, q);
	for (const char *p = name ? name : ""; *p; p++) {
		if (*p == q)
			stw_buf_addc(b, q);
		stw_buf_addc(b, *p);
	}
	stw_buf_addc(b, q);
}

void
stw_sql_table(struct stw_buf *b, const char *engine, const char *schema, const char *name)
{
	int sqlite = engine != NULL && strcmp(engine, "sqlite") == 0;

	if (schema != NULL && *schema && !(sqlite && strcmp(schema, "main") == 0)) {
		stw_sql_ident(b, engine, schema);
		stw_buf_addc(b, '.');
	}
	stw_sql_ident(b, engine, name);
}

const char *
stw_sql_param(const char *engine)
{
	return engine != NULL && strcmp(engine, "postgres") == 0 ? "$1" : "?";
}

void
stw_sql_as_text(struct stw_buf *b, const char *engine, const char *quoted_expr)
{
	stw_buf_addf(b, "CAST(%s AS %s)", quoted_expr, is_mysql(engine) ? "CHAR" : "TEXT");
}
