/*
 * Column-level lineage from SQL text: view definitions and trigger bodies.
 *
 * Every engine's SQL goes through libpg_query (the PostgreSQL 15 grammar):
 * MySQL/MariaDB and SQLite text is first normalised (backticks and
 * [brackets] become double-quoted identifiers, MySQL string escapes and
 * charset introducers are rewritten), which is enough for the view and
 * trigger shapes catalogs print; this is not a general MySQL parser.  The
 * parse tree (JSON, walked with jansson) is resolved against the source's
 * catalog: aliases, schema-qualified names, CTEs, subqueries, set
 * operations and `*` expansion, so that each output column maps to the set
 * of base-table columns its expression reads.  PostgreSQL trigger
 * functions go through pg_query_parse_plpgsql to find their statements.
 *
 * When a view cannot be parsed it is never dropped: it gets table-level
 * edges from every catalog table its text names, and its table->error says
 * "lineage partial: ...".
 *
 * Internally a base column is the string "schema\x1ftable\x1fcolumn" (the
 * unit separator cannot appear in a catalog name in practice, dots can).
 */
#include "lineage.h"

#include <ctype.h>
#include <jansson.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SEP '\x1f'

/* ---- normalisation ---------------------------------------------------- */

static int
is_ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '$' || (c & 0x80);
}

/* Appends s as a double-quoted identifier (doubling any '"'). */
static void
add_quoted(struct stw_buf *b, const char *s, size_t n)
{
	stw_buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			stw_buf_addc(b, '"');
		stw_buf_addc(b, s[i]);
	}
	stw_buf_addc(b, '"');
}

static int
word_is(const char *p, const char *e, const char *w)
{
	return (size_t)(e - p) == strlen(w) && strncasecmp(p, w, (size_t)(e - p)) == 0;
}

/* p at '(': finds its matching ')' (skipping quoted text) and the first
 * comma at depth one.  0 when unbalanced. */
static int
balanced(const char *p, const char **close, const char **comma)
{
	int depth = 0;

	*comma = NULL;
	for (; *p; p++) {
		if (*p == '\'' || *p == '`' || *p == '"') {
			char qc = *p;
			for (p++; *p && *p != qc; p++)
				if (*p == '\\' && qc == '\'' && p[1] != '\0')
					p++;
			if (*p == '\0')
				return 0;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (--depth == 0) {
				*close = p;
				return 1;
			}
		} else if (*p == ',' && depth == 1 && *comma == NULL) {
			*comma = p;
		}
	}
	return 0;
}

/* MySQL and SQLite "limit OFFSET, COUNT" at q (after the word limit):
 * appends " COUNT offset OFFSET" and returns where scanning continues, or
 * NULL when the text is not of that shape. */
static const char *
limit_pair(struct stw_buf *b, const char *q)
{
	const char *a = q + strspn(q, " \t\r\n"), *ae = a, *c, *ce;

	while (isdigit((unsigned char)*ae))
		ae++;
	c = ae + strspn(ae, " \t\r\n");
	if (ae == a || *c != ',')
		return NULL;
	c++;
	c += strspn(c, " \t\r\n");
	ce = c;
	while (isdigit((unsigned char)*ce))
		ce++;
	if (ce == c)
		return NULL;
	stw_buf_addf(b, " %.*s offset %.*s", (int)(ce - c), c, (int)(ae - a), a);
	return ce;
}

/* One bare word of MySQL text [p, e): appends its PostgreSQL spelling and
 * returns where scanning continues.  These are the MySQL-only shapes that
 * MariaDB and MySQL 8 print in VIEW_DEFINITION: current_timestamp(),
 * interval 30 day, div, regexp, cast(... charset x), group_concat(...
 * separator 's'), convert(x using cs), convert(x, type). */
static const char *
mysql_word(struct stw_buf *b, const char *p, const char *e)
{
	static const char *const niladic[] = { "current_timestamp", "current_date", "current_time",
		"localtime", "localtimestamp", "current_user" };
	const char *q = e;

	for (size_t i = 0; i < sizeof(niladic) / sizeof(niladic[0]); i++)
		if (word_is(p, e, niladic[i]) && q[0] == '(' && q[1] == ')') {
			stw_buf_add(b, p, (size_t)(e - p));
			return e + 2;
		}
	if (word_is(p, e, "div")) {
		stw_buf_addc(b, '/');
		return e;
	}
	if (word_is(p, e, "regexp") || word_is(p, e, "rlike")) {
		stw_buf_addc(b, '~');
		return e;
	}
	if (word_is(p, e, "charset")) {
		/* cast(x as char charset utf8mb4): the charset does not matter. */
		q += strspn(q, " \t\r\n");
		while (*q && is_ident_char((unsigned char)*q))
			q++;
		return q;
	}
	if (word_is(p, e, "separator")) {
		/* group_concat(x order by y separator ', '): the separator
		 * reads no column; PostgreSQL's grammar takes the rest as an
		 * aggregate call with ORDER BY. */
		const char *s = q + strspn(q, " \t\r\n");
		if (*s == '\'') {
			for (s++; *s; s++) {
				if (s[0] == '\\' && s[1] != '\0')
					s++;
				else if (s[0] == '\'' && s[1] == '\'')
					s++;
				else if (*s == '\'')
					break;
			}
			return *s ? s + 1 : s;
		}
	}
	if (word_is(p, e, "using")) {
		/* convert(x using utf8mb4): the character set reads no column;
		 * JOIN ... USING (col) is left alone. */
		const char *s = q + strspn(q, " \t\r\n"), *se = s;
		while (*se && is_ident_char((unsigned char)*se))
			se++;
		if (se > s && se[strspn(se, " \t\r\n")] == ')')
			return se;
	}
	if (word_is(p, e, "convert") && *q == '(') {
		/* convert(x, char(10)) -> cast(x as char(10)). */
		const char *close = NULL, *comma = NULL;
		if (balanced(q, &close, &comma) && comma != NULL) {
			char *in = stw_strndup(q + 1, (size_t)(comma - q - 1));
			char *ty = stw_strndup(comma + 1, (size_t)(close - comma - 1));
			char *a = stw_lineage_sql_normalize(in, "mysql");
			char *t = stw_lineage_sql_normalize(ty, "mysql");
			stw_buf_addf(b, "cast(%s as %s)", a, t);
			free(in);
			free(ty);
			free(a);
			free(t);
			return close + 1;
		}
	}
	if (word_is(p, e, "interval")) {
		/* interval 30 day -> interval '30 day' */
		const char *n = q + strspn(q, " \t\r\n"), *ne = n, *u, *ue;
		while (isdigit((unsigned char)*ne) || *ne == '.' || *ne == '-')
			ne++;
		u = ne + strspn(ne, " \t\r\n");
		ue = u;
		while (isalpha((unsigned char)*ue) || *ue == '_')
			ue++;
		if (ne > n && u > ne && ue > u) {
			stw_buf_addf(b, "interval '%.*s %.*s'", (int)(ne - n), n, (int)(ue - u), u);
			return ue;
		}
	}
	stw_buf_add(b, p, (size_t)(e - p));
	return e;
}

char *
stw_lineage_sql_normalize(const char *sql, const char *engine)
{
	int mysql = engine && strcmp(engine, "mysql") == 0;
	int postgres = engine && strcmp(engine, "postgres") == 0;
	struct stw_buf b = STW_BUF_INIT;
	const char *p = sql;

	if (sql == NULL)
		return NULL;
	while (*p) {
		if (p[0] == '-' && p[1] == '-') {
			/* Line comment: keep as is. */
			while (*p && *p != '\n')
				stw_buf_addc(&b, *p++);
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			size_t n = e ? (size_t)(e + 2 - p) : strlen(p);
			stw_buf_add(&b, p, n);
			p += n;
		} else if (*p == '\'') {
			/* String literal.  MySQL escapes quotes with a backslash,
			 * which the PostgreSQL grammar reads as a plain character. */
			stw_buf_addc(&b, *p++);
			while (*p) {
				if (!postgres && p[0] == '\\' && p[1] != '\0') {
					if (p[1] == '\'')
						stw_buf_adds(&b, "''");
					else
						stw_buf_add(&b, p, 2);
					p += 2;
				} else if (p[0] == '\'' && p[1] == '\'') {
					stw_buf_adds(&b, "''");
					p += 2;
				} else if (*p == '\'') {
					stw_buf_addc(&b, *p++);
					break;
				} else {
					stw_buf_addc(&b, *p++);
				}
			}
		} else if (*p == '"') {
			/* An identifier, except in MySQL's default mode, where it is a
			 * string. */
			const char *s = ++p;
			struct stw_buf id = STW_BUF_INIT;
			while (*p) {
				if (p[0] == '"' && p[1] == '"') {
					stw_buf_addc(&id, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					stw_buf_addc(&id, *p++);
				}
			}
			(void)s;
			if (mysql) {
				stw_buf_addc(&b, '\'');
				for (size_t i = 0; i < id.len; i++) {
					if (id.buf[i] == '\'')
						stw_buf_addc(&b, '\'');
					stw_buf_addc(&b, id.buf[i]);
				}
				stw_buf_addc(&b, '\'');
			} else {
				add_quoted(&b, id.buf, id.len);
			}
			stw_buf_release(&id);
		} else if (*p == '`' && !postgres) {
			/* MySQL/SQLite identifier; `` is an escaped backtick. */
			struct stw_buf id = STW_BUF_INIT;
			p++;
			while (*p) {
				if (p[0] == '`' && p[1] == '`') {
					stw_buf_addc(&id, '`');
					p += 2;
				} else if (*p == '`') {
					p++;
					break;
				} else {
					stw_buf_addc(&id, *p++);
				}
			}
			add_quoted(&b, id.buf, id.len);
			stw_buf_release(&id);
		} else if (*p == '[' && !postgres && !mysql &&
		    (b.len == 0 || !(is_ident_char((unsigned char)b.buf[b.len - 1]) ||
		    b.buf[b.len - 1] == ']' || b.buf[b.len - 1] == ')' || b.buf[b.len - 1] == '"')) &&
		    strchr(p, ']') != NULL) {
			/* SQLite [identifier], only where an identifier can start:
			 * a[1] stays an array subscript. */
			const char *e = strchr(p, ']');
			add_quoted(&b, p + 1, (size_t)(e - p - 1));
			p = e + 1;
		} else if (*p == '_' && !postgres && (b.len == 0 || !is_ident_char(
		    (unsigned char)b.buf[b.len - 1]))) {
			/* MySQL charset introducer: _utf8mb4'text' -> 'text'. */
			const char *q = p + 1;
			while (isalnum((unsigned char)*q))
				q++;
			if (*q == '\'' && q > p + 1)
				p = q;
			else {
				stw_buf_add(&b, p, (size_t)(q - p));
				p = q;
			}
		} else if (is_ident_char((unsigned char)*p)) {
			const char *q = p;
			while (*q && is_ident_char((unsigned char)*q))
				q++;
			if (!postgres && word_is(p, q, "limit")) {
				const char *r;
				stw_buf_add(&b, p, (size_t)(q - p));
				if ((r = limit_pair(&b, q)) != NULL)
					q = r;
			} else if (mysql) {
				q = mysql_word(&b, p, q);
			} else if (!postgres && (word_is(p, q, "glob") || word_is(p, q, "match"))) {
				/* SQLite x GLOB 'pat', x MATCH 'q': operators over
				 * the same columns as LIKE. */
				stw_buf_adds(&b, "like");
			} else if (!postgres && word_is(p, q, "regexp")) {
				stw_buf_addc(&b, '~');
			} else {
				stw_buf_add(&b, p, (size_t)(q - p));
			}
			p = q;
		} else {
			stw_buf_addc(&b, *p++);
		}
	}
	return stw_buf_detach(&b);
}

/* ---- parse tree helpers ------------------------------------------------ */

/* Parses sql; on success *root holds the whole JSON tree. */
static int
parse_sql(json_t **root, const char *sql, struct stw_err *err)
{
	PgQueryParseResult r = pg_query_parse(sql);
	json_error_t jerr;

	*root = NULL;
	if (r.error) {
		stw_error(err, STW_EUSAGE, "%s", r.error->message);
		pg_query_free_parse_result(r);
		return STW_EUSAGE;
	}
	*root = json_loads(r.parse_tree, 0, &jerr);
	pg_query_free_parse_result(r);
	if (*root == NULL)
		return stw_error(err, STW_ERROR, "cannot read parse tree: %s", jerr.text);
	return STW_OK;
}

/* The first statement's node of the given type, or NULL. */
static json_t *
first_stmt(json_t *root, const char **type)
{
	json_t *stmts = json_object_get(root, "stmts"), *st;
	const char *key;
	json_t *val;

	if (!json_is_array(stmts) || json_array_size(stmts) == 0)
		return NULL;
	st = json_object_get(json_array_get(stmts, 0), "stmt");
	json_object_foreach(st, key, val) {
		*type = key;
		return val;
	}
	return NULL;
}

static const char *
str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* {"String":{"sval":"x"}} -> "x"; NULL for anything else. */
static const char *
sval(json_t *node)
{
	json_t *s = json_object_get(node, "String");

	if (s == NULL)
		return NULL;
	return str_of(s, "sval") ? str_of(s, "sval") : "";
}

/* ---- relations and scopes --------------------------------------------- */

struct rcol {
	char *name;
	struct stw_strv src;           /* base columns "schema\x1ftable\x1fcol" */
};

struct rel {
	char *alias;                   /* what qualifies columns: alias or table name */
	char *schema, *table;          /* base table, or NULL for derived relations */
	int open;                      /* base table missing from the catalog */
	struct rcol *cols;
	size_t ncols, acols;
};

struct scope {
	struct rel **rels;             /* FROM items, in order */
	size_t nrels, arels;
	struct rel **ctes;             /* WITH items */
	size_t nctes, actes;
	const struct scope *parent;
};

struct ctx {
	const struct stw_source *src;  /* catalog; may be NULL */
	const char *default_schema;
	struct stw_strv *filters;      /* base columns read by WHERE/ON/HAVING, or NULL */
	int depth;                     /* recursion guard */
};

static void
rel_free(struct rel *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->ncols; i++) {
		free(r->cols[i].name);
		stw_strv_clear(&r->cols[i].src);
	}
	free(r->cols);
	free(r->alias);
	free(r->schema);
	free(r->table);
	free(r);
}

static struct rcol *
rel_add_col(struct rel *r, const char *name)
{
	struct rcol *c;

	stw_grow(&r->cols, &r->acols, r->ncols, sizeof(*r->cols));
	c = &r->cols[r->ncols++];
	memset(c, 0, sizeof(*c));
	c->name = stw_strdup(name);
	return c;
}

static void
srcs_union(struct stw_strv *into, const struct stw_strv *from)
{
	for (size_t i = 0; i < from->n; i++)
		if (!stw_strv_has(into, from->v[i]))
			stw_strv_push(into, from->v[i]);
}

static void
add_base(struct stw_strv *into, const char *schema, const char *table, const char *col)
{
	char *s = stw_asprintf("%s%c%s%c%s", schema ? schema : "", SEP, table, SEP, col);

	if (stw_strv_has(into, s))
		free(s);
	else
		stw_strv_push_owned(into, s);
}

static struct rel *
rel_copy(const struct rel *r, const char *alias)
{
	struct rel *n = stw_calloc(1, sizeof(*n));

	n->alias = stw_strdup(alias ? alias : r->alias);
	n->schema = stw_strdup(r->schema);
	n->table = stw_strdup(r->table);
	n->open = r->open;
	for (size_t i = 0; i < r->ncols; i++)
		srcs_union(&rel_add_col(n, r->cols[i].name)->src, &r->cols[i].src);
	return n;
}

static void
scope_release(struct scope *s)
{
	for (size_t i = 0; i < s->nrels; i++)
		rel_free(s->rels[i]);
	for (size_t i = 0; i < s->nctes; i++)
		rel_free(s->ctes[i]);
	free(s->rels);
	free(s->ctes);
}

static void
scope_add(struct scope *s, struct rel *r)
{
	stw_grow(&s->rels, &s->arels, s->nrels, sizeof(*s->rels));
	s->rels[s->nrels++] = r;
}

/* Finds a catalog table: exact schema when given, else the default schema,
 * then "public", then the only table of that name in any schema. */
static struct stw_table *
catalog_find(const struct ctx *cx, const char *schema, const char *name)
{
	struct stw_table *any = NULL;
	size_t nany = 0;

	if (cx->src == NULL)
		return NULL;
	for (size_t i = 0; i < cx->src->ntables; i++) {
		struct stw_table *t = cx->src->tables[i];
		if (strcasecmp(t->name, name) != 0)
			continue;
		if (schema != NULL) {
			if (t->schema && strcasecmp(t->schema, schema) == 0)
				return t;
			continue;
		}
		if (cx->default_schema && t->schema && strcasecmp(t->schema, cx->default_schema) == 0)
			return t;
		any = t, nany++;
	}
	if (schema == NULL && nany > 1)
		for (size_t i = 0; i < cx->src->ntables; i++) {
			struct stw_table *t = cx->src->tables[i];
			if (strcasecmp(t->name, name) == 0 && t->schema && strcmp(t->schema, "public") == 0)
				return t;
		}
	return any;
}

static struct rel *
rel_base(const struct ctx *cx, const char *schema, const char *name, const char *alias)
{
	struct rel *r = stw_calloc(1, sizeof(*r));
	struct stw_table *t = catalog_find(cx, schema, name);

	r->alias = stw_strdup(alias ? alias : name);
	if (t != NULL) {
		r->schema = stw_strdup(t->schema);
		r->table = stw_strdup(t->name);
		for (size_t i = 0; i < t->ncolumns; i++)
			add_base(&rel_add_col(r, t->columns[i]->name)->src, t->schema, t->name,
			    t->columns[i]->name);
		/* A catalog entry without columns (no privilege, failed
		 * introspection) still resolves qualified names. */
		r->open = t->ncolumns == 0;
	} else {
		r->schema = stw_strdup(schema ? schema : cx->default_schema);
		r->table = stw_strdup(name);
		r->open = 1;
	}
	return r;
}

static const struct rcol *
rel_col(const struct rel *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (strcasecmp(r->cols[i].name, name) == 0)
			return &r->cols[i];
	return NULL;
}

/* Renames columns positionally (alias column lists, CTE column lists). */
static void
rel_rename(struct rel *r, json_t *names)
{
	size_t i;
	json_t *n;

	json_array_foreach(names, i, n) {
		if (i < r->ncols && sval(n) != NULL) {
			free(r->cols[i].name);
			r->cols[i].name = stw_strdup(sval(n));
		}
	}
}

static const struct rel *
scope_find_cte(const struct scope *s, const char *name)
{
	for (; s != NULL; s = s->parent)
		for (size_t i = 0; i < s->nctes; i++)
			if (strcasecmp(s->ctes[i]->alias, name) == 0)
				return s->ctes[i];
	return NULL;
}

/* ---- resolution --------------------------------------------------------- */

static int resolve_select(struct ctx *cx, json_t *sel, const struct scope *parent, struct rel *out);
static void walk_expr(struct ctx *cx, json_t *node, const struct scope *s, struct stw_strv *out);

static void
resolve_colref(struct ctx *cx, json_t *fields, const struct scope *s, struct stw_strv *out)
{
	size_t n = json_array_size(fields);
	json_t *last = json_array_get(fields, n - 1);
	const char *col = sval(last), *qual = n >= 2 ? sval(json_array_get(fields, n - 2)) : NULL;
	const char *squal = n >= 3 ? sval(json_array_get(fields, n - 3)) : NULL;

	if (n == 0)
		return;
	for (const struct scope *sc = s; sc != NULL; sc = sc->parent) {
		for (size_t i = 0; i < sc->nrels; i++) {
			const struct rel *r = sc->rels[i];
			const struct rcol *c;

			if (qual != NULL) {
				if (strcasecmp(r->alias, qual) != 0)
					continue;
				if (squal && r->schema && strcasecmp(r->schema, squal) != 0)
					continue;
			}
			if (col == NULL) {
				/* t.* inside an expression: every column of t. */
				if (qual != NULL)
					for (size_t k = 0; k < r->ncols; k++)
						srcs_union(out, &r->cols[k].src);
				if (qual != NULL)
					return;
				continue;
			}
			if ((c = rel_col(r, col)) != NULL) {
				srcs_union(out, &c->src);
				return;
			}
			if (qual != NULL && r->open && r->table) {
				add_base(out, r->schema, r->table, col);
				return;
			}
			if (qual != NULL)
				return;
		}
		/* An unqualified name no relation claims: if this scope has a
		 * single relation whose columns are unknown, it is that one's. */
		if (qual == NULL && col != NULL && sc->nrels == 1 && sc->rels[0]->open &&
		    sc->rels[0]->table) {
			add_base(out, sc->rels[0]->schema, sc->rels[0]->table, col);
			return;
		}
	}
}

static void
walk_expr(struct ctx *cx, json_t *node, const struct scope *s, struct stw_strv *out)
{
	const char *key;
	json_t *val;
	size_t i;

	if (json_is_array(node)) {
		json_array_foreach(node, i, val)
			walk_expr(cx, val, s, out);
		return;
	}
	if (!json_is_object(node))
		return;
	if ((val = json_object_get(node, "ColumnRef")) != NULL) {
		resolve_colref(cx, json_object_get(val, "fields"), s, out);
		return;
	}
	if ((val = json_object_get(node, "SubLink")) != NULL) {
		struct rel sub;

		memset(&sub, 0, sizeof(sub));
		walk_expr(cx, json_object_get(val, "testexpr"), s, out);
		if (resolve_select(cx, json_object_get(val, "subselect"), s, &sub) == 0)
			for (size_t k = 0; k < sub.ncols; k++)
				srcs_union(out, &sub.cols[k].src);
		for (size_t k = 0; k < sub.ncols; k++) {
			free(sub.cols[k].name);
			stw_strv_clear(&sub.cols[k].src);
		}
		free(sub.cols);
		return;
	}
	json_object_foreach(node, key, val)
		walk_expr(cx, val, s, out);
}

static void
filter_expr(struct ctx *cx, json_t *node, const struct scope *s)
{
	struct stw_strv tmp = STW_STRV_INIT;

	if (node == NULL || cx->filters == NULL)
		return;
	walk_expr(cx, node, s, &tmp);
	srcs_union(cx->filters, &tmp);
	stw_strv_clear(&tmp);
}

static void
add_from(struct ctx *cx, json_t *item, struct scope *s)
{
	json_t *n;

	if ((n = json_object_get(item, "RangeVar")) != NULL) {
		const char *schema = str_of(n, "schemaname"), *name = str_of(n, "relname");
		json_t *alias = json_object_get(n, "alias");
		const char *aname = str_of(alias, "aliasname");
		const struct rel *cte = schema == NULL ? scope_find_cte(s, name) : NULL;
		struct rel *r;

		if (name == NULL)
			return;
		r = cte ? rel_copy(cte, aname ? aname : name) : rel_base(cx, schema, name, aname);
		rel_rename(r, json_object_get(alias, "colnames"));
		scope_add(s, r);
	} else if ((n = json_object_get(item, "RangeSubselect")) != NULL) {
		json_t *alias = json_object_get(n, "alias");
		struct rel *r = stw_calloc(1, sizeof(*r));

		r->alias = stw_strdup(str_of(alias, "aliasname") ? str_of(alias, "aliasname") : "");
		resolve_select(cx, json_object_get(n, "subquery"), s, r);
		rel_rename(r, json_object_get(alias, "colnames"));
		scope_add(s, r);
	} else if ((n = json_object_get(item, "JoinExpr")) != NULL) {
		add_from(cx, json_object_get(n, "larg"), s);
		add_from(cx, json_object_get(n, "rarg"), s);
		filter_expr(cx, json_object_get(n, "quals"), s);
		if (json_object_get(n, "usingClause") != NULL && cx->filters != NULL) {
			/* USING (col): the column of every relation that has it. */
			size_t i;
			json_t *u;
			json_array_foreach(json_object_get(n, "usingClause"), i, u) {
				const char *c = sval(u);
				for (size_t k = 0; c && k < s->nrels; k++) {
					const struct rcol *rc = rel_col(s->rels[k], c);
					if (rc)
						srcs_union(cx->filters, &rc->src);
				}
			}
		}
	}
	/* RangeFunction and others: no catalog columns to attribute. */
}

/* The name PostgreSQL would give an unnamed output column. */
static const char *
out_name(json_t *val)
{
	json_t *n;

	if ((n = json_object_get(val, "ColumnRef")) != NULL) {
		json_t *f = json_object_get(n, "fields");
		const char *s = sval(json_array_get(f, json_array_size(f) - 1));
		return s ? s : "?column?";
	}
	if ((n = json_object_get(val, "FuncCall")) != NULL) {
		json_t *f = json_object_get(n, "funcname");
		const char *s = sval(json_array_get(f, json_array_size(f) - 1));
		return s ? s : "?column?";
	}
	if ((n = json_object_get(val, "TypeCast")) != NULL)
		return out_name(json_object_get(n, "arg"));
	return "?column?";
}

static void
resolve_targets(struct ctx *cx, json_t *targets, const struct scope *s, struct rel *out)
{
	size_t i;
	json_t *t;

	json_array_foreach(targets, i, t) {
		json_t *rt = json_object_get(t, "ResTarget"), *val = json_object_get(rt, "val");
		json_t *cref = json_object_get(val, "ColumnRef");
		const char *name = str_of(rt, "name");

		if (cref != NULL) {
			json_t *f = json_object_get(cref, "fields");
			size_t nf = json_array_size(f);
			if (nf > 0 && json_object_get(json_array_get(f, nf - 1), "A_Star") != NULL) {
				const char *qual = nf >= 2 ? sval(json_array_get(f, nf - 2)) : NULL;
				for (size_t k = 0; k < s->nrels; k++) {
					const struct rel *r = s->rels[k];
					if (qual && strcasecmp(r->alias, qual) != 0)
						continue;
					for (size_t c = 0; c < r->ncols; c++)
						srcs_union(&rel_add_col(out, r->cols[c].name)->src,
						    &r->cols[c].src);
				}
				continue;
			}
		}
		walk_expr(cx, val, s, &rel_add_col(out, name ? name : out_name(val))->src);
	}
}

/* Resolves a SelectStmt wrapper ({"SelectStmt":{...}}) or a bare SelectStmt
 * body into out's columns.  Returns 0, or -1 when it is not a SELECT. */
static int
resolve_select(struct ctx *cx, json_t *sel, const struct scope *parent, struct rel *out)
{
	struct scope s;
	json_t *n, *w;
	const char *op;
	int rc = 0;

	if (json_object_get(sel, "SelectStmt") != NULL)
		sel = json_object_get(sel, "SelectStmt");
	if (!json_is_object(sel) || cx->depth > 64)
		return -1;
	cx->depth++;
	memset(&s, 0, sizeof(s));
	s.parent = parent;
	if ((w = json_object_get(sel, "withClause")) != NULL) {
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(w, "ctes"), i, c) {
			json_t *cte = json_object_get(c, "CommonTableExpr");
			struct rel *r = stw_calloc(1, sizeof(*r));
			r->alias = stw_strdup(str_of(cte, "ctename") ? str_of(cte, "ctename") : "");
			resolve_select(cx, json_object_get(cte, "ctequery"), &s, r);
			rel_rename(r, json_object_get(cte, "aliascolnames"));
			stw_grow(&s.ctes, &s.actes, s.nctes, sizeof(*s.ctes));
			s.ctes[s.nctes++] = r;
		}
	}
	op = str_of(sel, "op");
	if (op != NULL && strcmp(op, "SETOP_NONE") != 0) {
		struct rel right;

		memset(&right, 0, sizeof(right));
		rc = resolve_select(cx, json_object_get(sel, "larg"), &s, out);
		if (rc == 0 && resolve_select(cx, json_object_get(sel, "rarg"), &s, &right) == 0)
			for (size_t i = 0; i < out->ncols && i < right.ncols; i++)
				srcs_union(&out->cols[i].src, &right.cols[i].src);
		for (size_t i = 0; i < right.ncols; i++) {
			free(right.cols[i].name);
			stw_strv_clear(&right.cols[i].src);
		}
		free(right.cols);
	} else if ((n = json_object_get(sel, "valuesLists")) != NULL) {
		size_t i, k;
		json_t *row, *e;
		json_array_foreach(n, i, row) {
			json_t *items = json_object_get(row, "List") ? json_object_get(json_object_get(row,
			    "List"), "items") : row;
			json_array_foreach(items, k, e) {
				char name[32];
				snprintf(name, sizeof(name), "column%zu", k + 1);
				if (k >= out->ncols)
					rel_add_col(out, name);
				walk_expr(cx, e, &s, &out->cols[k].src);
			}
		}
	} else {
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(sel, "fromClause"), i, f)
			add_from(cx, f, &s);
		filter_expr(cx, json_object_get(sel, "whereClause"), &s);
		filter_expr(cx, json_object_get(sel, "havingClause"), &s);
		resolve_targets(cx, json_object_get(sel, "targetList"), &s, out);
	}
	scope_release(&s);
	cx->depth--;
	return rc;
}

/* ---- views -------------------------------------------------------------- */

/* Drops SQLite's "IF NOT EXISTS" from a CREATE VIEW header, which the
 * PostgreSQL 15 grammar does not accept. */
static void
drop_if_not_exists(char *sql)
{
	char *as = NULL;

	for (char *p = sql; *p; p++)
		if (strncasecmp(p, " as", 3) == 0 && (isspace((unsigned char)p[3]) || p[3] == '(')) {
			as = p;
			break;
		}
	for (char *p = sql; *p && (as == NULL || p < as); p++)
		if (strncasecmp(p, "if not exists", 13) == 0) {
			memset(p, ' ', 13);
			break;
		}
}

static int
view_resolve(struct ctx *cx, const struct stw_table *view, const char *engine, struct rel *out,
    json_t **aliases, json_t **rootp, struct stw_err *err)
{
	char *sql = stw_lineage_sql_normalize(view->definition, engine);
	json_t *root = NULL, *st;
	const char *type = NULL;
	int rc;

	drop_if_not_exists(sql);
	rc = parse_sql(&root, sql, err);
	free(sql);
	if (rc != STW_OK)
		return rc;
	st = first_stmt(root, &type);
	*aliases = NULL;
	if (type && strcmp(type, "ViewStmt") == 0) {
		*aliases = json_object_get(st, "aliases");
		st = json_object_get(st, "query");
	} else if (type && strcmp(type, "CreateTableAsStmt") == 0) {
		/* CREATE MATERIALIZED VIEW m AS ... */
		st = json_object_get(st, "query");
	} else if (type == NULL || strcmp(type, "SelectStmt") != 0) {
		/* the message first: type belongs to root */
		rc = stw_error(err, STW_EUSAGE, "not a SELECT (%s)", type ? type : "empty");
		json_decref(root);
		return rc;
	} else {
		st = json_object_get(json_object_get(json_array_get(json_object_get(root, "stmts"), 0),
		    "stmt"), "SelectStmt");
	}
	if (resolve_select(cx, st, NULL, out) != 0) {
		json_decref(root);
		return stw_error(err, STW_EUSAGE, "not a SELECT");
	}
	*rootp = root;
	return STW_OK;
}

static void
rel_clear(struct rel *r)
{
	for (size_t i = 0; i < r->ncols; i++) {
		free(r->cols[i].name);
		stw_strv_clear(&r->cols[i].src);
	}
	free(r->cols);
	memset(r, 0, sizeof(*r));
}

static void
set_partial(struct stw_table *t, const char *what, const char *why)
{
	char *msg = stw_asprintf("lineage partial: %s: %s", what, why);

	if (t->error == NULL) {
		t->error = msg;
	} else {
		char *both = stw_asprintf("%s; %s", t->error, msg);
		free(t->error);
		free(msg);
		t->error = both;
	}
}

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static const char *
find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* Whether word (a catalog name) occurs in text as a whole identifier. */
static int
mentions(const char *text, const char *word)
{
	size_t n = strlen(word);

	if (n == 0)
		return 0;
	for (const char *p = text; (p = find_ci(p, word)) != NULL; p++) {
		int before = p == text || !is_ident_char((unsigned char)p[-1]);
		int after = !is_ident_char((unsigned char)p[n]);
		if (before && after)
			return 1;
	}
	return 0;
}

/* "schema\x1ftable\x1fcol" into its parts (owned by the caller). */
static void
split_base(const char *b, char **schema, char **table, char **col)
{
	const char *s1 = strchr(b, SEP), *s2 = s1 ? strchr(s1 + 1, SEP) : NULL;

	STW_ASSERT(s1 != NULL && s2 != NULL);
	*schema = s1 == b ? NULL : stw_strndup(b, (size_t)(s1 - b));
	*table = stw_strndup(s1 + 1, (size_t)(s2 - s1 - 1));
	*col = stw_strdup(s2 + 1);
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Adds an edge unless an identical one (ends and kind) exists. */
static void
add_edge_once(struct stw_inventory *inv, const char *kind, const char *src,
    const char *fs, const char *ft, const char *fc, const char *ts, const char *tt, const char *tc,
    const char *evidence)
{
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		if (strcmp(e->kind, kind) == 0 && same(e->from.source, src) && same(e->to.source, src) &&
		    same(e->from.schema, fs) && same(e->from.table, ft) && same(e->from.column, fc) &&
		    same(e->to.schema, ts) && same(e->to.table, tt) && same(e->to.column, tc))
			return;
	}
	stw_inventory_add_edge(inv, kind, src, fs, ft, fc, src, ts, tt, tc, evidence);
}

/* Edges from every base column in srcs into (ts, tt, tc). */
static void
emit(struct stw_inventory *inv, const struct stw_source *src, const char *kind,
    const char *what, const struct stw_strv *srcs, const char *ts, const char *tt, const char *tc)
{
	for (size_t i = 0; i < srcs->n; i++) {
		char *fs, *ft, *fc, *ev;

		split_base(srcs->v[i], &fs, &ft, &fc);
		if (same(fs, ts) && strcmp(ft, tt) == 0 && strcmp(fc, tc) == 0) {
			free(fs), free(ft), free(fc);
			continue;
		}
		ev = stw_asprintf("%s: %s.%s <- %s.%s", what, tt, tc, ft, fc);
		add_edge_once(inv, kind, src->name, fs, ft, fc, ts, tt, tc, ev);
		free(fs), free(ft), free(fc), free(ev);
	}
}

/* Table-level edges from every catalog table that text names into t. */
static void
table_level_fallback(struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const char *kind, const char *what, const char *text, int into_t)
{
	for (size_t i = 0; i < src->ntables; i++) {
		const struct stw_table *o = src->tables[i];
		char *ev;

		if (o == t || !mentions(text, o->name))
			continue;
		ev = stw_asprintf("%s: table-level, SQL not parsed", what);
		if (into_t)
			add_edge_once(inv, kind, src->name, o->schema, o->name, NULL, t->schema, t->name,
			    NULL, ev);
		else
			add_edge_once(inv, kind, src->name, t->schema, t->name, NULL, o->schema, o->name,
			    NULL, ev);
		free(ev);
	}
}

int
stw_lineage_view(struct stw_inventory *inv, struct stw_source *src, struct stw_table *view,
    struct stw_err *err)
{
	const char *kind = view->kind && strcmp(view->kind, "materialized_view") == 0 ?
	    "materialized_view" : "view";
	struct ctx cx = { src, view->schema, NULL, 0 };
	struct stw_err perr = STW_ERR_INIT;
	struct rel out;
	json_t *root = NULL, *aliases = NULL;
	char *what;

	if (view->definition == NULL) {
		set_partial(view, "no view SQL", "the catalog gave none");
		return STW_OK;
	}
	memset(&out, 0, sizeof(out));
	what = stw_asprintf("%s %s", kind, view->name);
	if (view_resolve(&cx, view, src->engine, &out, &aliases, &root, &perr) != STW_OK) {
		char *why = stw_asprintf("cannot parse view SQL: %s", perr.msg);
		table_level_fallback(inv, src, view, kind, what, view->definition, 1);
		set_partial(view, "table-level edges only", why);
		free(why);
		free(what);
		rel_clear(&out);
		return STW_OK;
	}
	/* Output names: the view's own column list, else the catalog's
	 * columns (the truth about names), else what the SELECT says. */
	if (json_array_size(aliases) > 0)
		rel_rename(&out, aliases);
	else if (view->ncolumns == out.ncols)
		for (size_t i = 0; i < out.ncols; i++) {
			free(out.cols[i].name);
			out.cols[i].name = stw_strdup(view->columns[i]->name);
		}
	for (size_t i = 0; i < out.ncols; i++)
		emit(inv, src, kind, what, &out.cols[i].src, view->schema, view->name, out.cols[i].name);
	json_decref(root);
	rel_clear(&out);
	free(what);
	return STW_OK;
}

int
stw_lineage_view_filters_in(const struct stw_source *src, const struct stw_table *view,
    struct stw_strv *out, struct stw_err *err)
{
	struct stw_strv f = STW_STRV_INIT;
	struct ctx cx = { src, view->schema, &f, 0 };
	struct rel cols;
	json_t *root = NULL, *aliases;
	int rc;

	if (view->definition == NULL)
		return stw_error(err, STW_ENOTFOUND, "view '%s' has no SQL definition", view->name);
	memset(&cols, 0, sizeof(cols));
	rc = view_resolve(&cx, view, src ? src->engine : NULL, &cols, &aliases, &root, err);
	if (rc != STW_OK) {
		rel_clear(&cols);
		stw_strv_clear(&f);
		return stw_error_prefix(err, "cannot parse view '%s'", view->name);
	}
	for (size_t i = 0; i < f.n; i++) {
		char *s, *t, *c, *tc;
		split_base(f.v[i], &s, &t, &c);
		tc = stw_asprintf("%s.%s", t, c);
		if (!stw_strv_has(out, tc))
			stw_strv_push(out, tc);
		free(s), free(t), free(c), free(tc);
	}
	json_decref(root);
	rel_clear(&cols);
	stw_strv_clear(&f);
	return STW_OK;
}

int
stw_lineage_view_filters(const struct stw_table *view, struct stw_strv *out, struct stw_err *err)
{
	return stw_lineage_view_filters_in(NULL, view, out, err);
}

/* ---- triggers ----------------------------------------------------------- */

/* Splits text into statements on ';' outside quotes, parentheses and
 * dollar quotes. */
static void
split_statements(const char *text, struct stw_strv *out)
{
	const char *start = text, *p = text;
	int depth = 0;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p++;
			while (*p && !(*p == q && p[1] != q)) {
				if (*p == q)
					p++;
				p++;
			}
			if (*p)
				p++;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (*p == ';' && depth == 0) {
			stw_strv_push_owned(out, stw_strndup(start, (size_t)(p - start)));
			start = p + 1;
		}
		p++;
	}
	if (*start)
		stw_strv_push(out, start);
}

/* Position of word (whole identifier, case-insensitive) in text, or NULL. */
static const char *
find_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = find_ci(p, word)) != NULL; p++)
		if ((p == text || !is_ident_char((unsigned char)p[-1])) &&
		    !is_ident_char((unsigned char)p[n]))
			return p;
	return NULL;
}

static const char *
find_last_word(const char *text, const char *word)
{
	const char *last = NULL, *p = text;

	while ((p = find_word(p, word)) != NULL)
		last = p++;
	return last;
}

static int
starts_with_word(const char *text, const char *word)
{
	while (isspace((unsigned char)*text))
		text++;
	return find_word(text, word) == text;
}

/* Collects the SQL query strings of a PL/pgSQL function tree. */
static void
plpgsql_queries(json_t *node, struct stw_strv *out)
{
	const char *key;
	json_t *val;
	size_t i;

	if (json_is_array(node)) {
		json_array_foreach(node, i, val)
			plpgsql_queries(val, out);
	} else if (json_is_object(node)) {
		json_t *e = json_object_get(node, "PLpgSQL_expr");
		if (e != NULL && str_of(e, "query") != NULL) {
			stw_strv_push(out, str_of(e, "query"));
			return;
		}
		json_object_foreach(node, key, val)
			plpgsql_queries(val, out);
	}
}

/* The statements of a PostgreSQL trigger: "CREATE TRIGGER ...;\n" then the
 * function source (prosrc) or a whole CREATE FUNCTION. */
static int
pg_trigger_statements(const char *def, struct stw_strv *out)
{
	const char *body = def, *fn;
	PgQueryPlpgsqlParseResult r;
	json_t *root;
	char *wrapped;

	if (starts_with_word(def, "CREATE") && starts_with_word(def + strspn(def, " \t\r\n") + 6,
	    "TRIGGER")) {
		const char *semi = strchr(def, ';');
		body = semi ? semi + 1 : def + strlen(def);
	}
	fn = find_word(body, "CREATE");
	if (fn != NULL && find_word(fn, "FUNCTION") != NULL)
		wrapped = stw_strdup(fn);
	else
		wrapped = stw_asprintf("CREATE FUNCTION stw_trigger_body() RETURNS trigger "
		    "LANGUAGE plpgsql AS $stw_body$%s$stw_body$", body);
	r = pg_query_parse_plpgsql(wrapped);
	free(wrapped);
	if (r.error != NULL) {
		pg_query_free_plpgsql_parse_result(r);
		split_statements(body, out);
		return -1;
	}
	root = json_loads(r.plpgsql_funcs, 0, NULL);
	pg_query_free_plpgsql_parse_result(r);
	if (root == NULL) {
		split_statements(body, out);
		return -1;
	}
	plpgsql_queries(root, out);
	json_decref(root);
	return 0;
}

/* The statements of a SQLite or MySQL trigger (normalised text). */
static void
body_statements(const char *def, struct stw_strv *out)
{
	const char *b = find_word(def, "BEGIN"), *e = find_last_word(def, "END");

	if (b != NULL && e != NULL && e > b) {
		char *body = stw_strndup(b + 5, (size_t)(e - b - 5));
		split_statements(body, out);
		free(body);
	} else {
		split_statements(def, out);
	}
}

/* Reduces "IF x THEN INSERT ..." / "REPLACE INTO" / "INSERT IGNORE" to a
 * plain INSERT or UPDATE statement; NULL when there is none. */
static char *
dml_of(const char *stmt)
{
	const char *i = find_word(stmt, "INSERT"), *u = find_word(stmt, "UPDATE");
	const char *r = find_word(stmt, "REPLACE"), *p = NULL;
	struct stw_buf b = STW_BUF_INIT;

	if (starts_with_word(stmt, "WITH"))
		return stw_strdup(stmt);
	p = i;
	if (u && (p == NULL || u < p))
		p = u;
	if (r && (p == NULL || r < p) && find_word(r, "INTO") != NULL)
		p = r;
	if (p == NULL)
		return NULL;
	if (p == r) {
		stw_buf_adds(&b, "INSERT");
		p += 7;
	}
	if (starts_with_word(p, "INSERT") && starts_with_word(p + strspn(p, " \t\r\n") + 6, "IGNORE")) {
		stw_buf_adds(&b, "INSERT ");
		p = find_word(p, "IGNORE") + 6;
	}
	stw_buf_adds(&b, p);
	return stw_buf_detach(&b);
}

static void
add_ctes(struct ctx *cx, json_t *with, struct scope *s)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(with, "ctes"), i, c) {
		json_t *cte = json_object_get(c, "CommonTableExpr");
		struct rel *r = stw_calloc(1, sizeof(*r));
		r->alias = stw_strdup(str_of(cte, "ctename") ? str_of(cte, "ctename") : "");
		resolve_select(cx, json_object_get(cte, "ctequery"), s, r);
		rel_rename(r, json_object_get(cte, "aliascolnames"));
		stw_grow(&s->ctes, &s->actes, s->nctes, sizeof(*s->ctes));
		s->ctes[s->nctes++] = r;
	}
}

/* Edges of one INSERT/UPDATE statement of a trigger on t. */
static int
trigger_dml(struct stw_inventory *inv, const struct stw_source *src, const struct stw_table *t,
    const char *what, const char *sql, struct stw_err *err)
{
	struct ctx cx = { src, t->schema, NULL, 0 };
	struct scope outer;
	json_t *root = NULL, *st, *rv;
	const char *type = NULL, *tschema, *tname;
	struct stw_table *target;
	struct rel *trel;
	int rc;

	if ((rc = parse_sql(&root, sql, err)) != STW_OK)
		return rc;
	st = first_stmt(root, &type);
	if (type == NULL || (strcmp(type, "InsertStmt") != 0 && strcmp(type, "UpdateStmt") != 0)) {
		json_decref(root);
		return STW_OK;
	}
	memset(&outer, 0, sizeof(outer));
	scope_add(&outer, rel_base(&cx, t->schema, t->name, "new"));
	scope_add(&outer, rel_base(&cx, t->schema, t->name, "old"));
	add_ctes(&cx, json_object_get(st, "withClause"), &outer);
	rv = json_object_get(st, "relation");
	trel = rel_base(&cx, str_of(rv, "schemaname"), str_of(rv, "relname") ? str_of(rv, "relname") :
	    "?", str_of(json_object_get(rv, "alias"), "aliasname"));
	target = catalog_find(&cx, str_of(rv, "schemaname"), trel->table);
	tschema = trel->schema;
	tname = trel->table;
	if (strcmp(type, "InsertStmt") == 0) {
		struct rel vals;
		struct stw_strv names = STW_STRV_INIT;
		size_t i;
		json_t *c;

		memset(&vals, 0, sizeof(vals));
		json_array_foreach(json_object_get(st, "cols"), i, c)
			stw_strv_push(&names, str_of(json_object_get(c, "ResTarget"), "name"));
		if (names.n == 0 && target != NULL)
			for (size_t k = 0; k < target->ncolumns; k++)
				stw_strv_push(&names, target->columns[k]->name);
		if (json_object_get(st, "selectStmt") != NULL &&
		    resolve_select(&cx, json_object_get(st, "selectStmt"), &outer, &vals) == 0)
			for (size_t k = 0; k < vals.ncols && k < names.n; k++)
				emit(inv, src, "trigger", what, &vals.cols[k].src, tschema, tname,
				    names.v[k]);
		rel_clear(&vals);
		stw_strv_clear(&names);
	} else {
		struct scope s;
		size_t i;
		json_t *x;

		memset(&s, 0, sizeof(s));
		s.parent = &outer;
		scope_add(&s, rel_copy(trel, NULL));
		json_array_foreach(json_object_get(st, "fromClause"), i, x)
			add_from(&cx, x, &s);
		json_array_foreach(json_object_get(st, "targetList"), i, x) {
			json_t *rt = json_object_get(x, "ResTarget");
			struct stw_strv srcs = STW_STRV_INIT;
			if (str_of(rt, "name") == NULL)
				continue;
			walk_expr(&cx, json_object_get(rt, "val"), &s, &srcs);
			emit(inv, src, "trigger", what, &srcs, tschema, tname, str_of(rt, "name"));
			stw_strv_clear(&srcs);
		}
		scope_release(&s);
	}
	rel_free(trel);
	scope_release(&outer);
	json_decref(root);
	return STW_OK;
}

/* The table a DML statement writes to, by text (for unparsable bodies). */
static const struct stw_table *
dml_target_by_text(const struct stw_source *src, const char *stmt)
{
	const char *p = find_word(stmt, "INTO");

	if (p == NULL || (find_word(stmt, "UPDATE") && find_word(stmt, "UPDATE") < p))
		p = find_word(stmt, "UPDATE");
	if (p == NULL)
		return NULL;
	p += strcspn(p, " \t\r\n");
	for (size_t i = 0; i < src->ntables; i++) {
		const char *q = p + strspn(p, " \t\r\n\"");
		const char *dot = NULL;
		/* Skip a schema qualifier. */
		for (const char *r = q; *r && (is_ident_char((unsigned char)*r) || *r == '"' ||
		    *r == '.'); r++)
			if (*r == '.')
				dot = r;
		if (dot)
			q = dot + 1 + (dot[1] == '"');
		if (strncasecmp(q, src->tables[i]->name, strlen(src->tables[i]->name)) == 0 &&
		    !is_ident_char((unsigned char)q[strlen(src->tables[i]->name)]))
			return src->tables[i];
	}
	return NULL;
}

int
stw_lineage_trigger(struct stw_inventory *inv, struct stw_source *src, struct stw_table *t,
    const struct stw_trigger *tr, struct stw_err *err)
{
	int pg = src->engine && strcmp(src->engine, "postgres") == 0;
	struct stw_strv stmts = STW_STRV_INIT;
	char *norm, *what;

	if (tr->definition == NULL)
		return STW_OK;
	norm = stw_lineage_sql_normalize(tr->definition, src->engine);
	what = stw_asprintf("trigger %s on %s", tr->name ? tr->name : "?", t->name);
	if (pg)
		pg_trigger_statements(norm, &stmts);
	else
		body_statements(norm, &stmts);
	for (size_t i = 0; i < stmts.n; i++) {
		struct stw_err perr = STW_ERR_INIT;
		char *dml = dml_of(stmts.v[i]);

		if (dml == NULL)
			continue;
		if (trigger_dml(inv, src, t, what, dml, &perr) != STW_OK) {
			const struct stw_table *target = dml_target_by_text(src, dml);
			char *ev = stw_asprintf("%s: table-level, SQL not parsed", what);
			char *who = stw_asprintf("trigger %s", tr->name ? tr->name : "?");
			if (target != NULL && target != t)
				add_edge_once(inv, "trigger", src->name, t->schema, t->name, NULL,
				    target->schema, target->name, NULL, ev);
			set_partial(t, who, perr.msg);
			free(ev);
			free(who);
		}
		free(dml);
	}
	stw_strv_clear(&stmts);
	free(norm);
	free(what);
	return STW_OK;
}

const char *
stw_lineage_parser_version(void)
{
	return "libpg_query (PostgreSQL " PG_VERSION " grammar)";
}
