/*
 * steward check --migrations: point each result at the migration that
 * added its column, so that a code-scanning alert or annotation lands on
 * the line of the pull request that introduced the personal data.
 *
 * This is a light SQL scanner, not a parser: it skips comments and string
 * literals, splits statements on ';', and recognises the statements that
 * bring a column into existence in PostgreSQL, MySQL/MariaDB and SQLite
 * dialects: CREATE TABLE t (col ...), ALTER TABLE t ADD [COLUMN] col,
 * ALTER TABLE t RENAME COLUMN a TO col, ALTER TABLE t CHANGE [COLUMN] a col,
 * plus CREATE [MATERIALIZED] VIEW v for table-level results.  Schema names
 * are ignored (they differ between engines and environments) and names
 * compare case-insensitively.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "output/check.h"

struct tok {
	char *text;        /* identifier unquoted; punctuation as itself */
	int ident;         /* 1 = identifier or keyword */
	int line;
};

struct stmt {
	struct tok *t;
	size_t n, alloc;
};

struct entry {
	char *table;       /* NULL never */
	char *column;      /* NULL = the table itself */
	const char *file;  /* borrowed from the file list */
	int line;
};

struct index {
	struct entry *e;
	size_t n, alloc;
};

static void
stmt_clear(struct stmt *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->t[i].text);
	s->n = 0;
}

static void
stmt_push(struct stmt *s, char *text, int ident, int line)
{
	stw_grow(&s->t, &s->alloc, s->n + 1, sizeof(s->t[0]));
	s->t[s->n].text = text;
	s->t[s->n].ident = ident;
	s->t[s->n].line = line;
	s->n++;
}

static void
index_add(struct index *ix, const char *table, const char *column, const char *file, int line)
{
	/* last match wins: an existing entry is updated in place */
	for (size_t i = 0; i < ix->n; i++)
		if (strcasecmp(ix->e[i].table, table) == 0 &&
		    ((column == NULL && ix->e[i].column == NULL) ||
		    (column != NULL && ix->e[i].column != NULL && strcasecmp(ix->e[i].column, column) == 0))) {
			ix->e[i].file = file;
			ix->e[i].line = line;
			return;
		}
	stw_grow(&ix->e, &ix->alloc, ix->n + 1, sizeof(ix->e[0]));
	ix->e[ix->n].table = stw_strdup(table);
	ix->e[ix->n].column = stw_strdup(column);
	ix->e[ix->n].file = file;
	ix->e[ix->n].line = line;
	ix->n++;
}

static const struct entry *
index_find(const struct index *ix, const char *table, const char *column)
{
	for (size_t i = 0; i < ix->n; i++)
		if (strcasecmp(ix->e[i].table, table) == 0 &&
		    ((column == NULL && ix->e[i].column == NULL) ||
		    (column != NULL && ix->e[i].column != NULL && strcasecmp(ix->e[i].column, column) == 0)))
			return &ix->e[i];
	return NULL;
}

static int
kw(const struct stmt *s, size_t i, const char *word)
{
	return i < s->n && s->t[i].ident && strcasecmp(s->t[i].text, word) == 0;
}

static int
punct(const struct stmt *s, size_t i, char c)
{
	return i < s->n && !s->t[i].ident && s->t[i].text[0] == c;
}

/* A possibly dotted name at *i: returns the index of its last part and
 * moves *i past it; (size_t)-1 when there is no name. */
static size_t
dotted_name(const struct stmt *s, size_t *i)
{
	size_t last;

	if (*i >= s->n || !s->t[*i].ident)
		return (size_t)-1;
	last = (*i)++;
	while (punct(s, *i, '.') && *i + 1 < s->n && s->t[*i + 1].ident) {
		last = *i + 1;
		*i += 2;
	}
	return last;
}

static const char *const constraint_words[] = {
	"constraint", "primary", "foreign", "unique", "check", "key", "index", "exclude",
	"fulltext", "spatial", "period", "like", NULL
};

static int
is_constraint_word(const char *w)
{
	for (size_t i = 0; constraint_words[i]; i++)
		if (strcasecmp(w, constraint_words[i]) == 0)
			return 1;
	return 0;
}

static void
index_create_table(struct index *ix, const struct stmt *s, size_t i, const char *file)
{
	size_t name;
	int depth = 0, expect_col = 0;

	while (kw(s, i, "if") || kw(s, i, "not") || kw(s, i, "exists"))
		i++;
	if ((name = dotted_name(s, &i)) == (size_t)-1)
		return;
	index_add(ix, s->t[name].text, NULL, file, s->t[0].line);
	for (; i < s->n; i++) {
		if (punct(s, i, '(')) {
			if (++depth == 1)
				expect_col = 1;
			continue;
		}
		if (punct(s, i, ')')) {
			if (--depth <= 0)
				break;
			continue;
		}
		if (depth == 1 && punct(s, i, ',')) {
			expect_col = 1;
			continue;
		}
		if (expect_col && depth == 1) {
			expect_col = 0;
			if (s->t[i].ident && !is_constraint_word(s->t[i].text))
				index_add(ix, s->t[name].text, s->t[i].text, file, s->t[i].line);
		}
	}
}

static void
index_alter_table(struct index *ix, const struct stmt *s, size_t i, const char *file)
{
	size_t name;
	int depth = 0;

	while (kw(s, i, "if") || kw(s, i, "exists") || kw(s, i, "only"))
		i++;
	if ((name = dotted_name(s, &i)) == (size_t)-1)
		return;
	for (; i < s->n; i++) {
		size_t j = i + 1;
		if (punct(s, i, '('))
			depth++;
		else if (punct(s, i, ')'))
			depth--;
		if (depth != 0 || !s->t[i].ident)
			continue;
		if (kw(s, i, "add")) {
			if (kw(s, j, "column"))
				j++;
			while (kw(s, j, "if") || kw(s, j, "not") || kw(s, j, "exists"))
				j++;
			/* ADD (a int, b text) on MySQL */
			if (punct(s, j, '(')) {
				int d = 0, expect = 1;
				for (; j < s->n; j++) {
					if (punct(s, j, '(')) { d++; continue; }
					if (punct(s, j, ')')) { if (--d == 0) break; continue; }
					if (d == 1 && punct(s, j, ',')) { expect = 1; continue; }
					if (expect && d == 1 && s->t[j].ident && !is_constraint_word(s->t[j].text))
						index_add(ix, s->t[name].text, s->t[j].text, file, s->t[j].line);
					expect = 0;
				}
			} else if (j < s->n && s->t[j].ident && !is_constraint_word(s->t[j].text))
				index_add(ix, s->t[name].text, s->t[j].text, file, s->t[j].line);
		} else if (kw(s, i, "rename") && kw(s, j, "column")) {
			/* RENAME COLUMN a TO b */
			if (j + 3 < s->n && kw(s, j + 2, "to") && s->t[j + 3].ident)
				index_add(ix, s->t[name].text, s->t[j + 3].text, file, s->t[j + 3].line);
		} else if (kw(s, i, "change")) {
			/* MySQL: CHANGE [COLUMN] old new type */
			if (kw(s, j, "column"))
				j++;
			if (j + 1 < s->n && s->t[j].ident && s->t[j + 1].ident)
				index_add(ix, s->t[name].text, s->t[j + 1].text, file, s->t[j + 1].line);
		}
	}
}

static void
index_stmt(struct index *ix, const struct stmt *s, const char *file)
{
	size_t i = 0;

	if (!kw(s, 0, "create") && !kw(s, 0, "alter"))
		return;
	if (kw(s, 0, "alter")) {
		if (kw(s, 1, "table"))
			index_alter_table(ix, s, 2, file);
		return;
	}
	for (i = 1; i < s->n && s->t[i].ident; i++) {
		if (kw(s, i, "table")) {
			index_create_table(ix, s, i + 1, file);
			return;
		}
		if (kw(s, i, "view")) {
			size_t k = i + 1, name;
			while (kw(s, k, "if") || kw(s, k, "not") || kw(s, k, "exists"))
				k++;
			if ((name = dotted_name(s, &k)) != (size_t)-1)
				index_add(ix, s->t[name].text, NULL, file, s->t[0].line);
			return;
		}
		if (kw(s, i, "index") || kw(s, i, "trigger") || kw(s, i, "function") ||
		    kw(s, i, "procedure") || kw(s, i, "schema") || kw(s, i, "database"))
			return;
	}
}

/* Splits text into statements and indexes each. */
static void
index_text(struct index *ix, const char *text, const char *file)
{
	struct stmt s = { NULL, 0, 0 };
	int line = 1;
	const char *p = text;

	while (*p) {
		if (*p == '\n') {
			line++;
			p++;
		} else if (isspace((unsigned char)*p)) {
			p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '#') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
				if (*p == '\n')
					line++;
			if (*p)
				p += 2;
		} else if (*p == '\'') {
			/* string literal: '' and backslash escapes both skipped */
			for (p++; *p; p++) {
				if (*p == '\n')
					line++;
				if (*p == '\\' && p[1]) {
					p++;
					continue;
				}
				if (*p == '\'') {
					if (p[1] == '\'') {
						p++;
						continue;
					}
					break;
				}
			}
			if (*p)
				p++;
		} else if (*p == '$' && (p[1] == '$' || isalpha((unsigned char)p[1]))) {
			/* PostgreSQL dollar quoting: $tag$ ... $tag$ */
			const char *e = strchr(p + 1, '$');
			if (e == NULL) {
				p++;
				continue;
			}
			size_t tl = (size_t)(e - p) + 1;
			char *tag = stw_strndup(p, tl);
			const char *end = strstr(e + 1, tag);
			free(tag);
			for (const char *q = p; q < (end ? end : p + strlen(p)); q++)
				if (*q == '\n')
					line++;
			p = end ? end + tl : p + strlen(p);
		} else if (*p == '"' || *p == '`' || *p == '[') {
			char close = *p == '[' ? ']' : *p;
			struct stw_buf b = STW_BUF_INIT;
			int start = line;
			for (p++; *p; p++) {
				if (*p == close) {
					if (p[1] == close && close != ']') {
						stw_buf_addc(&b, close);
						p++;
						continue;
					}
					break;
				}
				if (*p == '\n')
					line++;
				stw_buf_addc(&b, *p);
			}
			if (*p)
				p++;
			stmt_push(&s, stw_buf_detach(&b), 1, start);
		} else if (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
			const char *st = p;
			while (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || (unsigned char)*p >= 0x80)
				p++;
			stmt_push(&s, stw_strndup(st, (size_t)(p - st)), 1, line);
		} else if (*p == ';') {
			index_stmt(ix, &s, file);
			stmt_clear(&s);
			p++;
		} else {
			stmt_push(&s, stw_strndup(p, 1), 0, line);
			p++;
		}
	}
	index_stmt(ix, &s, file);
	stmt_clear(&s);
	free(s.t);
}

static int
has_sql_ext(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".sql") == 0;
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
collect(struct stw_strv *files, const char *path, int depth, struct stw_err *err)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	struct stw_strv here = STW_STRV_INIT;

	if (stat(path, &st) != 0)
		return stw_error(err, STW_ENOTFOUND, "cannot read migrations '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		stw_strv_push(files, path);
		return STW_OK;
	}
	if (depth > 8)
		return STW_OK;
	if ((d = opendir(path)) == NULL)
		return stw_error(err, STW_ENOTFOUND, "cannot read migrations '%s': %s", path, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		size_t n = strlen(path);
		stw_strv_push_owned(&here, stw_asprintf("%s%s%s", path, n && path[n - 1] == '/' ? "" : "/",
		    de->d_name));
	}
	closedir(d);
	if (here.n > 0)
		qsort(here.v, here.n, sizeof(char *), cmp_path);
	for (size_t i = 0; i < here.n; i++) {
		struct stat s2;
		if (stat(here.v[i], &s2) != 0)
			continue;
		if (S_ISDIR(s2.st_mode))
			collect(files, here.v[i], depth + 1, err);
		else if (has_sql_ext(here.v[i]))
			stw_strv_push(files, here.v[i]);
	}
	stw_strv_clear(&here);
	return STW_OK;
}

int
stw_check_locate(struct stw_check_report *r, const struct stw_strv *paths, struct stw_err *err)
{
	struct stw_strv files = STW_STRV_INIT;
	struct index ix = { NULL, 0, 0 };
	int rc = STW_OK;

	for (size_t i = 0; paths && i < paths->n && rc == STW_OK; i++)
		rc = collect(&files, paths->v[i], 0, err);
	for (size_t i = 0; i < files.n && rc == STW_OK; i++) {
		char *text = NULL;
		size_t len;
		rc = stw_read_file(&text, &len, files.v[i], err);
		if (rc == STW_OK)
			index_text(&ix, text, files.v[i]);
		free(text);
	}
	for (size_t i = 0; rc == STW_OK && i < r->n; i++) {
		struct stw_check_result *res = r->v[i];
		const struct entry *e = NULL;
		if (res->table == NULL)
			continue;
		if (res->column != NULL)
			e = index_find(&ix, res->table, res->column);
		if (e == NULL)
			e = index_find(&ix, res->table, NULL);
		if (e != NULL) {
			free(res->file);
			res->file = stw_strdup(e->file);
			res->line = e->line;
		}
	}
	for (size_t i = 0; i < ix.n; i++) {
		free(ix.e[i].table);
		free(ix.e[i].column);
	}
	free(ix.e);
	stw_strv_clear(&files);
	return rc;
}
