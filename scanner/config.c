/*
 * The steward.yaml loader (SPEC.md "Configuration"; docs/config.md).
 *
 * The file is read with libyaml's document API, which keeps a start mark
 * (line, column) on every node, so that every complaint can point at the
 * exact spot: "PATH:LINE:COL: message", 1-based, code STW_EUSAGE.  The
 * loader is strict on purpose: an unknown or misspelt key is an error (with
 * a suggestion), because a silently ignored "retension:" would mean a
 * retention policy that is never checked.
 *
 * DSNs may hold passwords, literally or through ${ENV} references, so no
 * message in this file ever quotes a DSN, expanded or not.
 */
#include "config.h"
#include "yamlcheck.h"
#include "rules/datause.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

/* What the section walkers share. */
struct loader {
	const char *path;              /* file being read, for messages */
	yaml_document_t *doc;
	struct stw_config *cfg;
	struct stw_err *err;
};

/* ---- messages ---------------------------------------------------------- */

static int failv(struct loader *L, yaml_mark_t mark, const char *fmt, va_list ap)
    STW_PRINTF(3, 0);

static int
failv(struct loader *L, yaml_mark_t mark, const char *fmt, va_list ap)
{
	struct stw_buf b = STW_BUF_INIT;
	int rc;

	stw_buf_addf(&b, "%s:%zu:%zu: ", L->path, mark.line + 1, mark.column + 1);
	stw_buf_vaddf(&b, fmt, ap);
	rc = stw_error(L->err, STW_EUSAGE, "%s", b.buf);
	stw_buf_release(&b);
	return rc;
}

static int fail_at(struct loader *L, const yaml_node_t *n, const char *fmt, ...) STW_PRINTF(3, 4);

/* Reports fmt at node n; returns STW_EUSAGE. */
static int
fail_at(struct loader *L, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = failv(L, n->start_mark, fmt, ap);
	va_end(ap);
	return rc;
}

/* A plain scalar spelling null (or nothing at all) is YAML's null.  Quoted
 * "null" is a string. */
static int
is_null(const yaml_node_t *n)
{
	const char *s;

	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE)
		return 0;
	if (n->tag != NULL && strcmp((const char *)n->tag, YAML_NULL_TAG) == 0)
		return 1;
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	s = (const char *)n->data.scalar.value;
	return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* "a mapping", "a list", ...: what the user wrote instead. */
static const char *
kind_name(const yaml_node_t *n)
{
	if (is_null(n))
		return "an empty value";
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a string";
	}
}

static const char *
scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static yaml_node_t *
node(struct loader *L, int id)
{
	return yaml_document_get_node(L->doc, id);
}

/* Levenshtein distance, for "did you mean".  Keys are short. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, d;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	row = stw_calloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* ---- mapping walk ------------------------------------------------------ */

/*
 * Checks one key of mapping map against the known keys: it must be a
 * string, not repeat an earlier key and be one of known (NULL-terminated;
 * NULL known = any key).  where names the mapping for messages ("sources[0]",
 * NULL = top level).  On success *key and *val are set.
 */
static int
map_key(struct loader *L, const yaml_node_t *map, const yaml_node_pair_t *pair,
    const char *const *known, const char *where, const char **key, yaml_node_t **val)
{
	yaml_node_t *k = node(L, pair->key);
	const char *best = NULL;
	size_t bestd = 3;

	*val = node(L, pair->value);
	if (k == NULL || k->type != YAML_SCALAR_NODE)
		return fail_at(L, k ? k : map, "expected a string key %s%s, got %s",
		    where ? "in " : "at the top level", where ? where : "", kind_name(k));
	*key = scalar(k);
	for (const yaml_node_pair_t *p = map->data.mapping.pairs.start; p < pair; p++) {
		yaml_node_t *pk = node(L, p->key);
		if (pk != NULL && pk->type == YAML_SCALAR_NODE && strcmp(scalar(pk), *key) == 0)
			return fail_at(L, k, "duplicate key '%s' %s%s (first given on line %zu)", *key,
			    where ? "in " : "at the top level", where ? where : "",
			    pk->start_mark.line + 1);
	}
	if (known == NULL)
		return STW_OK;
	for (size_t i = 0; known[i] != NULL; i++) {
		size_t d;
		if (strcmp(known[i], *key) == 0)
			return STW_OK;
		d = edit_distance(known[i], *key);
		if (d < bestd) {
			bestd = d;
			best = known[i];
		}
	}
	if (best != NULL)
		return fail_at(L, k, "unknown key '%s' %s%s (did you mean '%s'?)", *key,
		    where ? "in " : "at the top level", where ? where : "", best);
	return fail_at(L, k, "unknown key '%s' %s%s", *key, where ? "in " : "at the top level",
	    where ? where : "");
}

#define FOR_PAIRS(p, map) \
	for (yaml_node_pair_t *p = (map)->data.mapping.pairs.start; \
	    p < (map)->data.mapping.pairs.top; p++)
#define FOR_ITEMS(it, seq) \
	for (yaml_node_item_t *it = (seq)->data.sequence.items.start; \
	    it < (seq)->data.sequence.items.top; it++)

/* ---- typed values ------------------------------------------------------ */

/* A string value; null is "not given" (*out stays NULL) unless required. */
static int
get_string(struct loader *L, const yaml_node_t *v, const char *key, int required, char **out)
{
	if (is_null(v)) {
		if (required)
			return fail_at(L, v, "expected a string for '%s', got an empty value", key);
		return STW_OK;
	}
	if (v->type != YAML_SCALAR_NODE)
		return fail_at(L, v, "expected a string for '%s', got %s", key, kind_name(v));
	free(*out);
	*out = stw_strdup(scalar(v));
	return STW_OK;
}

/* A list of strings; null is an empty list.  With scalar_ok a single
 * string counts as a one-element list (anchor: created_at). */
static int
get_strv(struct loader *L, const yaml_node_t *v, const char *key, int scalar_ok,
    struct stw_strv *out)
{
	stw_strv_clear(out);
	if (is_null(v))
		return STW_OK;
	if (scalar_ok && v->type == YAML_SCALAR_NODE) {
		stw_strv_push(out, scalar(v));
		return STW_OK;
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return fail_at(L, v, "expected a list of strings for '%s', got %s", key,
		    kind_name(v));
	FOR_ITEMS(it, v) {
		yaml_node_t *e = node(L, *it);
		if (e == NULL || e->type != YAML_SCALAR_NODE || is_null(e))
			return fail_at(L, e ? e : v, "expected a list of strings for '%s', "
			    "got a list holding %s", key, kind_name(e));
		stw_strv_push(out, scalar(e));
	}
	return STW_OK;
}

/* get_strv() of a list, and where each item stands, for messages that
 * come after loading (an unknown rule id, a missing rule file): *at gets
 * out->n entries, or NULL for none. */
static int
get_strv_at(struct loader *L, const yaml_node_t *v, const char *key, struct stw_strv *out,
    struct stw_cfg_at **at)
{
	int rc = get_strv(L, v, key, 0, out);
	size_t i = 0;

	free(*at);
	*at = NULL;
	if (rc != STW_OK || out->n == 0)
		return rc;
	*at = stw_calloc(out->n, sizeof(**at));
	FOR_ITEMS(it, v) {
		const yaml_node_t *e = node(L, *it);
		(*at)[i].line = (int)e->start_mark.line + 1;
		(*at)[i].col = (int)e->start_mark.column + 1;
		i++;
	}
	return STW_OK;
}

int
stw_config_error_at(struct stw_err *err, const struct stw_config *cfg, const struct stw_cfg_at *at,
    size_t i)
{
	char msg[sizeof(err->msg)];

	if (err == NULL || cfg == NULL || cfg->path == NULL || at == NULL)
		return err ? err->code : STW_ERROR;
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return stw_error(err, err->code, "%s:%d:%d: %s", cfg->path, at[i].line, at[i].col, msg);
}

static int
get_duration(struct loader *L, const yaml_node_t *v, const char *key, long long *out)
{
	if (v->type != YAML_SCALAR_NODE || is_null(v))
		return fail_at(L, v, "expected a duration for '%s', got %s", key, kind_name(v));
	if (stw_parse_duration_days(out, scalar(v)) != STW_OK)
		return fail_at(L, v, "invalid duration '%s': use a number followed by d, w, m or y",
		    scalar(v));
	return STW_OK;
}

/* Strict YYYY-MM-DD naming a real calendar day. */
static int
valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* n non-empty dot-separated parts (SOURCE.SCHEMA.TABLE is 3). */
static int
valid_parts(const char *s, int want)
{
	int parts = 1;
	const char *seg = s;

	for (const char *p = s;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == seg)
				return 0;
			if (*p == '\0')
				break;
			parts++;
			seg = p + 1;
		}
	}
	return parts == want;
}

static int
valid_triple(const char *s)
{
	return valid_parts(s, 3);
}

/*
 * Expands ${NAME} references in a DSN from the environment.  A '$' not
 * followed by '{' is literal (it may be part of a password).  Messages
 * name the variable but never quote the DSN or the value.
 */
static int
expand_env(struct loader *L, const yaml_node_t *v, const char *field, const char *in,
    char **out)
{
	struct stw_buf b = STW_BUF_INIT;

	for (const char *p = in; *p != '\0';) {
		const char *end, *val;
		char *name;

		if (p[0] != '$' || p[1] != '{') {
			stw_buf_addc(&b, *p++);
			continue;
		}
		end = strchr(p + 2, '}');
		if (end == NULL || end == p + 2 || !(isalpha((unsigned char)p[2]) || p[2] == '_')) {
			stw_buf_release(&b);
			return fail_at(L, v, "invalid environment reference in '%s': use ${NAME}", field);
		}
		for (const char *q = p + 2; q < end; q++) {
			if (!isalnum((unsigned char)*q) && *q != '_') {
				stw_buf_release(&b);
				return fail_at(L, v, "invalid environment reference in '%s': "
				    "use ${NAME}", field);
			}
		}
		name = stw_strndup(p + 2, (size_t)(end - p - 2));
		val = getenv(name);
		if (val == NULL) {
			int rc = fail_at(L, v, "environment variable '%s' is not set", name);
			free(name);
			stw_buf_release(&b);
			return rc;
		}
		free(name);
		stw_buf_adds(&b, val);
		p = end + 1;
	}
	*out = stw_buf_detach(&b);
	return STW_OK;
}

/* ---- sections ---------------------------------------------------------- */

static void
source_free(struct stw_cfg_source *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->dsn);
	stw_strv_clear(&s->purposes);
	stw_strv_clear(&s->include);
	stw_strv_clear(&s->exclude);
	free(s);
}

static void
policy_free(struct stw_cfg_policy *p)
{
	if (p == NULL)
		return;
	free(p->match);
	stw_strv_clear(&p->anchor);
	stw_strv_clear(&p->purposes);
	free(p);
}

static void
flow_free(struct stw_cfg_flow *f)
{
	if (f == NULL)
		return;
	free(f->from);
	free(f->to);
	stw_strv_clear(&f->col_from);
	stw_strv_clear(&f->col_to);
	free(f->via);
	free(f);
}

static void
approval_free(struct stw_cfg_approval *a)
{
	if (a == NULL)
		return;
	free(a->match);
	free(a->category);
	free(a->approved_by);
	free(a->reason);
	free(a->expires);
	free(a->file);
	free(a);
}

static int
want_list(struct loader *L, const yaml_node_t *v, const char *key)
{
	if (v->type != YAML_SEQUENCE_NODE)
		return fail_at(L, v, "expected a list for '%s', got %s", key, kind_name(v));
	return STW_OK;
}

static int
want_map(struct loader *L, const yaml_node_t *v, const char *key)
{
	if (v->type != YAML_MAPPING_NODE)
		return fail_at(L, v, "expected a mapping for '%s', got %s", key, kind_name(v));
	return STW_OK;
}

static int
load_source(struct loader *L, const yaml_node_t *m, const char *where)
{
	static const char *const known[] = { "name", "dsn", "purposes", "include", "exclude", NULL };
	struct stw_config *cfg = L->cfg;
	struct stw_cfg_source *s = stw_calloc(1, sizeof(*s));
	const yaml_node_t *dsn = NULL;
	int rc = STW_OK;

	s->line = (int)m->start_mark.line + 1;
	stw_grow(&cfg->sources, &cfg->asources, cfg->nsources, sizeof(*cfg->sources));
	cfg->sources[cfg->nsources++] = s;   /* owned by cfg from here, also on error */
	FOR_PAIRS(p, m) {
		const char *k;
		yaml_node_t *v;

		if ((rc = map_key(L, m, p, known, where, &k, &v)) != STW_OK)
			return rc;
		if (strcmp(k, "name") == 0)
			rc = get_string(L, v, k, 1, &s->name);
		else if (strcmp(k, "dsn") == 0) {
			/* Type checks only: the text itself may hold a password. */
			if (is_null(v) || v->type != YAML_SCALAR_NODE)
				rc = fail_at(L, v, "expected a string for 'dsn', got %s", kind_name(v));
			else
				rc = expand_env(L, v, "dsn", scalar(v), &s->dsn);
			dsn = v;
			s->dsn_line = (int)v->start_mark.line + 1;
			s->dsn_col = (int)v->start_mark.column + 1;
		} else if (strcmp(k, "purposes") == 0)
			rc = get_strv(L, v, k, 0, &s->purposes);
		else if (strcmp(k, "include") == 0)
			rc = get_strv(L, v, k, 0, &s->include);
		else
			rc = get_strv(L, v, k, 0, &s->exclude);
		if (rc != STW_OK)
			return rc;
		if (strcmp(k, "name") == 0) {
			/* Names are the first part of SOURCE.SCHEMA.TABLE everywhere. */
			if (s->name[0] == '\0' || strchr(s->name, '.') != NULL)
				return fail_at(L, v, "invalid source name '%s': it must be non-empty "
				    "and hold no '.'", s->name);
			for (size_t i = 0; i + 1 < cfg->nsources; i++)
				if (cfg->sources[i]->name && strcmp(cfg->sources[i]->name, s->name) == 0)
					return fail_at(L, v, "duplicate source name '%s' (first given "
					    "on line %d)", s->name, cfg->sources[i]->line);
		}
	}
	if (dsn == NULL)
		return fail_at(L, m, "missing required key 'dsn' in %s", where);
	return STW_OK;
}

static int
load_sources(struct loader *L, const yaml_node_t *v)
{
	size_t i = 0;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_list(L, v, "sources")) != STW_OK)
		return rc;
	FOR_ITEMS(it, v) {
		yaml_node_t *e = node(L, *it);
		char where[32];

		snprintf(where, sizeof(where), "sources[%zu]", i++);
		if (e->type != YAML_MAPPING_NODE)
			return fail_at(L, e, "expected a mapping for each entry of 'sources', got %s",
			    kind_name(e));
		if ((rc = load_source(L, e, where)) != STW_OK)
			return rc;
	}
	return STW_OK;
}

static int
load_sample(struct loader *L, const yaml_node_t *v)
{
	static const char *const known[] = { "rows", "views", "view_timeout", NULL };
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "sample")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const char *k, *s;
		yaml_node_t *r;
		char *end = NULL;
		long long n;

		if ((rc = map_key(L, v, p, known, "sample", &k, &r)) != STW_OK)
			return rc;
		if (strcmp(k, "views") == 0) {
			s = scalar(r);
			if (r->type != YAML_SCALAR_NODE || s == NULL ||
			    (strcmp(s, "true") != 0 && strcmp(s, "false") != 0))
				return fail_at(L, r, "expected true or false for 'views', got %s",
				    r->type == YAML_SCALAR_NODE ? "another value" : kind_name(r));
			L->cfg->sample_views = strcmp(s, "true") == 0;
			continue;
		}
		if (strcmp(k, "view_timeout") == 0) {
			s = r->type == YAML_SCALAR_NODE && !is_null(r) ? scalar(r) : "";
			n = isdigit((unsigned char)s[0]) ? strtoll(s, &end, 10) : -1;
			if (n < 1 || n > 86400 || end == NULL || *end != '\0')
				return fail_at(L, r, "invalid view_timeout '%s': use a whole number of "
				    "seconds from 1 to 86400", s);
			L->cfg->view_timeout_s = (int)n;
			continue;
		}
		if (r->type != YAML_SCALAR_NODE || is_null(r))
			return fail_at(L, r, "expected a number for 'rows', got %s", kind_name(r));
		s = scalar(r);
		n = isdigit((unsigned char)s[0]) ? strtoll(s, &end, 10) : -1;
		if (n < 0 || end == NULL || *end != '\0' || n == LLONG_MAX)
			return fail_at(L, r, "invalid number of rows '%s': use a whole number "
			    "0 or more", s);
		L->cfg->sample_rows = n;
	}
	return STW_OK;
}

/* Makes rules.files entries relative to the config file's directory. */
static char *
resolve_path(const char *cfgpath, const char *file)
{
	const char *slash = strrchr(cfgpath, '/');

	if (file[0] == '/' || slash == NULL)
		return stw_strdup(file);
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	return stw_asprintf("%.*s/%s", (int)(slash - cfgpath), cfgpath, file);
}

static int
load_rules(struct loader *L, const yaml_node_t *v)
{
	static const char *const known[] = { "packs", "files", "disable", NULL };
	struct stw_config *cfg = L->cfg;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "rules")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, known, "rules", &k, &r)) != STW_OK)
			return rc;
		if (strcmp(k, "packs") == 0)
			rc = get_strv_at(L, r, k, &cfg->rule_packs, &cfg->rule_packs_at);
		else if (strcmp(k, "disable") == 0)
			rc = get_strv_at(L, r, k, &cfg->rule_disable, &cfg->rule_disable_at);
		else {
			struct stw_strv files = STW_STRV_INIT;
			rc = get_strv_at(L, r, k, &files, &cfg->rule_files_at);
			stw_strv_clear(&cfg->rule_files);
			for (size_t i = 0; rc == STW_OK && i < files.n; i++)
				stw_strv_push_owned(&cfg->rule_files, resolve_path(L->path, files.v[i]));
			stw_strv_clear(&files);
		}
		if (rc != STW_OK)
			return rc;
	}
	return STW_OK;
}

/* One categories: or tables: entry. */
static int
load_policy(struct loader *L, const yaml_node_t *key, const yaml_node_t *v, const char *section,
    struct stw_cfg_policy ***arr, size_t *n, size_t *alloc)
{
	static const char *const known[] = { "retention", "anchor", "purposes", NULL };
	struct stw_cfg_policy *pol = stw_calloc(1, sizeof(*pol));
	char *where = stw_asprintf("%s.%s", section, scalar(key));
	int rc = STW_OK;

	pol->match = stw_strdup(scalar(key));
	pol->retention_days = -1;
	pol->line = (int)key->start_mark.line + 1;
	pol->col = (int)key->start_mark.column + 1;
	stw_grow(arr, alloc, *n, sizeof(**arr));
	(*arr)[(*n)++] = pol;
	if (pol->match[0] == '\0')
		rc = fail_at(L, key, "empty key in '%s'", section);
	else if (!is_null(v) && v->type != YAML_MAPPING_NODE)
		rc = fail_at(L, v, "expected a mapping for '%s', got %s", where, kind_name(v));
	for (yaml_node_pair_t *p = is_null(v) || rc != STW_OK ? NULL : v->data.mapping.pairs.start;
	    p != NULL && p < v->data.mapping.pairs.top; p++) {
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, known, where, &k, &r)) != STW_OK)
			break;
		if (strcmp(k, "retention") == 0)
			rc = get_duration(L, r, k, &pol->retention_days);
		else if (strcmp(k, "anchor") == 0)
			rc = get_strv(L, r, k, 1, &pol->anchor);
		else {
			rc = get_strv(L, r, k, 0, &pol->purposes);
			pol->has_purposes = !is_null(r);
		}
		if (rc != STW_OK)
			break;
	}
	free(where);
	return rc;
}

static int
load_policies(struct loader *L, const yaml_node_t *v, const char *section,
    struct stw_cfg_policy ***arr, size_t *n, size_t *alloc)
{
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, section)) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, NULL, section, &k, &r)) != STW_OK)
			return rc;
		if ((rc = load_policy(L, node(L, p->key), r, section, arr, n, alloc)) != STW_OK)
			return rc;
	}
	return STW_OK;
}

static int
load_flow(struct loader *L, const yaml_node_t *m, const char *where)
{
	static const char *const known[] = { "from", "to", "columns", "via", NULL };
	struct stw_config *cfg = L->cfg;
	struct stw_cfg_flow *f = stw_calloc(1, sizeof(*f));
	int rc;

	f->line = (int)m->start_mark.line + 1;
	f->col = (int)m->start_mark.column + 1;
	stw_grow(&cfg->flows, &cfg->aflows, cfg->nflows, sizeof(*cfg->flows));
	cfg->flows[cfg->nflows++] = f;
	FOR_PAIRS(p, m) {
		const char *k;
		yaml_node_t *v;

		if ((rc = map_key(L, m, p, known, where, &k, &v)) != STW_OK)
			return rc;
		if (strcmp(k, "from") == 0 || strcmp(k, "to") == 0) {
			char **dst = k[0] == 'f' ? &f->from : &f->to;
			if ((rc = get_string(L, v, k, 1, dst)) != STW_OK)
				return rc;
			if (!valid_triple(*dst))
				return fail_at(L, v, "invalid '%s' in %s: '%s' is not of the form "
				    "SOURCE.SCHEMA.TABLE", k, where, *dst);
		} else if (strcmp(k, "via") == 0) {
			if ((rc = get_string(L, v, k, 0, &f->via)) != STW_OK)
				return rc;
		} else if (!is_null(v)) {
			char *cw;
			if ((rc = want_map(L, v, "columns")) != STW_OK)
				return rc;
			cw = stw_asprintf("%s.columns", where);
			FOR_PAIRS(c, v) {
				const char *ck;
				yaml_node_t *cv;
				if ((rc = map_key(L, v, c, NULL, cw, &ck, &cv)) != STW_OK ||
				    ((cv->type != YAML_SCALAR_NODE || is_null(cv)) &&
				    (rc = fail_at(L, cv, "expected a column name for '%s' in '%s', "
				    "got %s", ck, cw, kind_name(cv))) != STW_OK)) {
					free(cw);
					return rc;
				}
				stw_strv_push(&f->col_from, ck);
				stw_strv_push(&f->col_to, scalar(cv));
			}
			free(cw);
		}
	}
	if (f->from == NULL)
		return fail_at(L, m, "missing required key 'from' in %s", where);
	if (f->to == NULL)
		return fail_at(L, m, "missing required key 'to' in %s", where);
	return STW_OK;
}

static int
load_approval(struct loader *L, const yaml_node_t *m, const char *where)
{
	static const char *const known[] = { "match", "category", "approved_by", "reason",
		"expires", NULL };
	struct stw_config *cfg = L->cfg;
	struct stw_cfg_approval *a = stw_calloc(1, sizeof(*a));
	int rc = STW_OK;

	a->file = stw_strdup(L->path);
	a->line = (int)m->start_mark.line + 1;
	a->col = (int)m->start_mark.column + 1;
	stw_grow(&cfg->approvals, &cfg->aapprovals, cfg->napprovals, sizeof(*cfg->approvals));
	cfg->approvals[cfg->napprovals++] = a;
	FOR_PAIRS(p, m) {
		const char *k;
		yaml_node_t *v;

		if ((rc = map_key(L, m, p, known, where, &k, &v)) != STW_OK)
			return rc;
		if (strcmp(k, "match") == 0)
			rc = get_string(L, v, k, 1, &a->match);
		else if (strcmp(k, "category") == 0)
			rc = get_string(L, v, k, 0, &a->category);
		else if (strcmp(k, "approved_by") == 0)
			rc = get_string(L, v, k, 0, &a->approved_by);
		else if (strcmp(k, "reason") == 0)
			rc = get_string(L, v, k, 0, &a->reason);
		else if ((rc = get_string(L, v, k, 0, &a->expires)) == STW_OK &&
		    a->expires != NULL && !valid_date(a->expires))
			rc = fail_at(L, v, "invalid date '%s' for 'expires': use YYYY-MM-DD",
			    a->expires);
		if (rc != STW_OK)
			return rc;
	}
	if (a->match == NULL)
		return fail_at(L, m, "missing required key 'match' in %s", where);
	return STW_OK;
}

/* subjects: a mapping of table globs to subjects. */
static int
load_subjects(struct loader *L, const yaml_node_t *v)
{
	static const char *const kinds[] = { "person", "person_event", "organisation",
		"reference", "unknown", NULL };
	struct stw_config *cfg = L->cfg;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "subjects")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const yaml_node_t *kn = node(L, p->key);
		struct stw_cfg_subject *sj;
		const char *k, *val;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, NULL, "subjects", &k, &r)) != STW_OK)
			return rc;
		if (!valid_triple(k))
			return fail_at(L, kn, "invalid key '%s' in subjects: expected "
			    "SOURCE.SCHEMA.TABLE (globs allowed)", k);
		if (r->type != YAML_SCALAR_NODE || is_null(r))
			return fail_at(L, r, "expected a subject for '%s' (person, person_event, "
			    "organisation, reference or unknown), got %s", k, kind_name(r));
		val = scalar(r);
		sj = stw_calloc(1, sizeof(*sj));
		sj->match = stw_strdup(k);
		sj->line = (int)kn->start_mark.line + 1;
		sj->col = (int)kn->start_mark.column + 1;
		stw_grow(&cfg->subjects, &cfg->asubjects, cfg->nsubjects, sizeof(*cfg->subjects));
		cfg->subjects[cfg->nsubjects++] = sj;
		/* "organization" is the fideslang and US spelling: take it too. */
		if (strcmp(val, "organization") == 0)
			val = "organisation";
		if (stw_subject_parse(&sj->kind, val) != STW_OK) {
			const char *best = NULL;
			size_t bestd = 4;

			for (size_t i = 0; kinds[i] != NULL; i++) {
				size_t d = edit_distance(kinds[i], val);
				if (d < bestd) {
					bestd = d;
					best = kinds[i];
				}
			}
			if (best != NULL)
				return fail_at(L, r, "unknown subject '%s' for '%s' (did you mean '%s'?)",
				    val, k, best);
			return fail_at(L, r, "unknown subject '%s' for '%s' (person, person_event, "
			    "organisation, reference or unknown)", val, k);
		}
	}
	return STW_OK;
}

/* access: { allowed_roles: { CATEGORY: [ROLE, ...] }, ignore: [ROLE, ...] } */
static int
load_access(struct loader *L, const yaml_node_t *v)
{
	static const char *const known[] = { "allowed_roles", "ignore", NULL };
	struct stw_config *cfg = L->cfg;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "access")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, known, "access", &k, &r)) != STW_OK)
			return rc;
		if (strcmp(k, "ignore") == 0) {
			if ((rc = get_strv(L, r, "access.ignore", 1, &cfg->access_ignore)) != STW_OK)
				return rc;
			continue;
		}
		if (is_null(r))
			continue;
		if ((rc = want_map(L, r, "access.allowed_roles")) != STW_OK)
			return rc;
		FOR_PAIRS(q, r) {
			const yaml_node_t *kn = node(L, q->key);
			struct stw_cfg_access_rule *ar;
			const char *cat;
			yaml_node_t *roles;

			if ((rc = map_key(L, r, q, NULL, "access.allowed_roles", &cat, &roles)) != STW_OK)
				return rc;
			if (strncmp(cat, "user", 4) != 0 || strchr(cat, ' ') != NULL)
				return fail_at(L, kn, "invalid category '%s' in access.allowed_roles: "
				    "expected a data category such as user.health", cat);
			ar = stw_calloc(1, sizeof(*ar));
			ar->category = stw_strdup(cat);
			ar->line = (int)kn->start_mark.line + 1;
			ar->col = (int)kn->start_mark.column + 1;
			stw_grow(&cfg->access_rules, &cfg->aaccess_rules, cfg->naccess_rules,
			    sizeof(*cfg->access_rules));
			cfg->access_rules[cfg->naccess_rules++] = ar;
			if ((rc = get_strv(L, roles, cat, 1, &ar->roles)) != STW_OK)
				return rc;
		}
	}
	return STW_OK;
}

/* fingerprints: { enabled: BOOL, key: TEXT } -- the key usually ${ENV}.
 * Like a DSN, the key is never quoted in a message. */
static int
load_fingerprints(struct loader *L, const yaml_node_t *v)
{
	static const char *const known[] = { "enabled", "key", NULL };
	struct stw_config *cfg = L->cfg;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "fingerprints")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, known, "fingerprints", &k, &r)) != STW_OK)
			return rc;
		if (strcmp(k, "enabled") == 0) {
			const char *t = r->type == YAML_SCALAR_NODE ? scalar(r) : "";

			if (strcmp(t, "true") == 0 || strcmp(t, "yes") == 0)
				cfg->fingerprints = 1;
			else if (strcmp(t, "false") == 0 || strcmp(t, "no") == 0)
				cfg->fingerprints = 0;
			else
				return fail_at(L, r, "expected true or false for 'fingerprints.enabled'");
			continue;
		}
		if (is_null(r) || r->type != YAML_SCALAR_NODE)
			return fail_at(L, r, "expected a string for 'fingerprints.key', got %s",
			    kind_name(r));
		stw_free_secret(cfg->fp_key);
		cfg->fp_key = NULL;
		if ((rc = expand_env(L, r, "fingerprints.key", scalar(r), &cfg->fp_key)) != STW_OK)
			return rc;
		if (strlen(cfg->fp_key) < 16)
			return fail_at(L, r, "'fingerprints.key' is %zu bytes: use at least 16 random "
			    "bytes (e.g. the output of 'openssl rand -hex 16')", strlen(cfg->fp_key));
		cfg->fp_key_line = (int)r->start_mark.line + 1;
	}
	return STW_OK;
}

/* One not_personal: entry. */
static int
load_not_personal(struct loader *L, const yaml_node_t *m, const char *where)
{
	static const char *const known[] = { "match", "reason", "decided_by", NULL };
	struct stw_config *cfg = L->cfg;
	struct stw_cfg_not_personal *d = stw_calloc(1, sizeof(*d));
	int rc;

	d->line = (int)m->start_mark.line + 1;
	d->col = (int)m->start_mark.column + 1;
	stw_grow(&cfg->not_personal, &cfg->anot_personal, cfg->nnot_personal,
	    sizeof(*cfg->not_personal));
	cfg->not_personal[cfg->nnot_personal++] = d;
	FOR_PAIRS(p, m) {
		const char *k;
		yaml_node_t *v;

		if ((rc = map_key(L, m, p, known, where, &k, &v)) != STW_OK)
			return rc;
		if (strcmp(k, "match") == 0) {
			if ((rc = get_string(L, v, k, 1, &d->match)) != STW_OK)
				return rc;
			if (!valid_parts(d->match, 4))
				return fail_at(L, v, "invalid 'match' in %s: '%s' is not of the form "
				    "SOURCE.SCHEMA.TABLE.COLUMN (globs allowed)", where, d->match);
		} else if (strcmp(k, "reason") == 0) {
			if ((rc = get_string(L, v, k, 1, &d->reason)) != STW_OK)
				return rc;
		} else if ((rc = get_string(L, v, k, 0, &d->decided_by)) != STW_OK) {
			return rc;
		}
	}
	if (d->match == NULL)
		return fail_at(L, m, "missing required key 'match' in %s", where);
	/* A decision nobody can explain later is not a decision. */
	if (d->reason == NULL || d->reason[0] == '\0')
		return fail_at(L, m, "missing required key 'reason' in %s: say why the column is "
		    "not personal data", where);
	return STW_OK;
}

/* A list of flows: or approvals: entries. */
static int
load_list(struct loader *L, const yaml_node_t *v, const char *section,
    int (*one)(struct loader *, const yaml_node_t *, const char *))
{
	size_t i = 0;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_list(L, v, section)) != STW_OK)
		return rc;
	FOR_ITEMS(it, v) {
		yaml_node_t *e = node(L, *it);
		char where[48];

		snprintf(where, sizeof(where), "%s[%zu]", section, i++);
		if (e->type != YAML_MAPPING_NODE)
			return fail_at(L, e, "expected a mapping for each entry of '%s', got %s",
			    section, kind_name(e));
		if ((rc = one(L, e, where)) != STW_OK)
			return rc;
	}
	return STW_OK;
}

/* data_subjects: { SOURCE.SCHEMA.TABLE glob: fideslang subject } */
static int
load_data_subjects(struct loader *L, const yaml_node_t *v)
{
	struct stw_config *cfg = L->cfg;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "data_subjects")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const yaml_node_t *kn = node(L, p->key);
		struct stw_cfg_data_subject *ds;
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, NULL, "data_subjects", &k, &r)) != STW_OK)
			return rc;
		if (!valid_triple(k))
			return fail_at(L, kn, "invalid key '%s' in data_subjects: expected "
			    "SOURCE.SCHEMA.TABLE (globs allowed)", k);
		if (r->type != YAML_SCALAR_NODE || is_null(r))
			return fail_at(L, r, "expected a fideslang data subject for '%s' (customer, "
			    "employee, patient, ...), got %s", k, kind_name(r));
		if (stw_data_subject_find(scalar(r)) == NULL)
			return fail_at(L, r, "'%s' is not a fideslang data subject (customer, employee, "
			    "job_applicant, patient, prospect, supplier_vendor, visitor, ...)", scalar(r));
		ds = stw_calloc(1, sizeof(*ds));
		ds->match = stw_strdup(k);
		ds->subject = stw_strdup(scalar(r));
		ds->line = (int)kn->start_mark.line + 1;
		ds->col = (int)kn->start_mark.column + 1;
		stw_grow(&cfg->data_subjects, &cfg->adata_subjects, cfg->ndata_subjects,
		    sizeof(*cfg->data_subjects));
		cfg->data_subjects[cfg->ndata_subjects++] = ds;
	}
	return STW_OK;
}

/* signoff: { reviewer, role, date: YYYY-MM-DD, decision, notes } */
static int
load_signoff(struct loader *L, const yaml_node_t *v)
{
	static const char *const known[] = { "reviewer", "role", "date", "decision", "notes", NULL };
	static const char *const decisions[] = { "approved", "approved_with_conditions", "rejected",
		"pending", NULL };
	struct stw_cfg_signoff *so = &L->cfg->signoff;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "signoff")) != STW_OK)
		return rc;
	so->present = 1;
	FOR_PAIRS(p, v) {
		const char *k;
		yaml_node_t *r;
		char **slot;

		if ((rc = map_key(L, v, p, known, "signoff", &k, &r)) != STW_OK)
			return rc;
		slot = strcmp(k, "reviewer") == 0 ? &so->reviewer : strcmp(k, "role") == 0 ? &so->role
		    : strcmp(k, "date") == 0 ? &so->date : strcmp(k, "decision") == 0 ? &so->decision
		    : &so->notes;
		if ((rc = get_string(L, r, k, 0, slot)) != STW_OK)
			return rc;
		if (slot == &so->date && so->date != NULL) {
			if (!valid_date(so->date))
				return fail_at(L, r, "expected a date YYYY-MM-DD for 'signoff.date', got '%s'",
				    so->date);
		}
		if (slot == &so->decision && so->decision != NULL) {
			int ok = 0;

			for (size_t i = 0; decisions[i] != NULL; i++)
				ok |= strcmp(decisions[i], so->decision) == 0;
			if (!ok)
				return fail_at(L, r, "expected approved, approved_with_conditions, rejected or "
				    "pending for 'signoff.decision', got '%s'", so->decision);
		}
	}
	return STW_OK;
}

/* legal_bases: { PURPOSE: "contract (art. 6(1)(b))", ... } */
static int
load_legal_bases(struct loader *L, const yaml_node_t *v)
{
	struct stw_config *cfg = L->cfg;
	int rc;

	if (is_null(v))
		return STW_OK;
	if ((rc = want_map(L, v, "legal_bases")) != STW_OK)
		return rc;
	FOR_PAIRS(p, v) {
		const yaml_node_t *kn = node(L, p->key);
		struct stw_cfg_legal_basis *lb;
		const char *k;
		yaml_node_t *r;

		if ((rc = map_key(L, v, p, NULL, "legal_bases", &k, &r)) != STW_OK)
			return rc;
		if (r->type != YAML_SCALAR_NODE || is_null(r))
			return fail_at(L, r, "expected the legal basis of purpose '%s' as a string "
			    "(e.g. \"contract (art. 6(1)(b))\"), got %s", k, kind_name(r));
		lb = stw_calloc(1, sizeof(*lb));
		lb->purpose = stw_strdup(k);
		lb->basis = stw_strdup(scalar(r));
		lb->line = (int)kn->start_mark.line + 1;
		lb->col = (int)kn->start_mark.column + 1;
		stw_grow(&cfg->legal_bases, &cfg->alegal_bases, cfg->nlegal_bases,
		    sizeof(*cfg->legal_bases));
		cfg->legal_bases[cfg->nlegal_bases++] = lb;
	}
	return STW_OK;
}

static int
load_top(struct loader *L, const yaml_node_t *root)
{
	static const char *const known[] = { "sources", "sample", "rules", "categories", "tables",
		"flows", "approvals", "subjects", "not_personal", "access", "fingerprints",
		"legal_bases", "fides", "signoff", "data_subjects", NULL };
	struct stw_config *cfg = L->cfg;
	int rc;

	if (root->type != YAML_MAPPING_NODE)
		return fail_at(L, root, "expected a mapping at the top level, got %s",
		    kind_name(root));
	FOR_PAIRS(p, root) {
		const char *k;
		yaml_node_t *v;

		if ((rc = map_key(L, root, p, known, NULL, &k, &v)) != STW_OK)
			return rc;
		if (strcmp(k, "sources") == 0)
			rc = load_sources(L, v);
		else if (strcmp(k, "sample") == 0)
			rc = load_sample(L, v);
		else if (strcmp(k, "rules") == 0)
			rc = load_rules(L, v);
		else if (strcmp(k, "categories") == 0)
			rc = load_policies(L, v, k, &cfg->categories, &cfg->ncategories,
			    &cfg->acategories);
		else if (strcmp(k, "tables") == 0)
			rc = load_policies(L, v, k, &cfg->tables, &cfg->ntables, &cfg->atables);
		else if (strcmp(k, "flows") == 0)
			rc = load_list(L, v, k, load_flow);
		else if (strcmp(k, "subjects") == 0)
			rc = load_subjects(L, v);
		else if (strcmp(k, "not_personal") == 0)
			rc = load_list(L, v, k, load_not_personal);
		else if (strcmp(k, "access") == 0)
			rc = load_access(L, v);
		else if (strcmp(k, "fingerprints") == 0)
			rc = load_fingerprints(L, v);
		else if (strcmp(k, "legal_bases") == 0)
			rc = load_legal_bases(L, v);
		else if (strcmp(k, "signoff") == 0)
			rc = load_signoff(L, v);
		else if (strcmp(k, "data_subjects") == 0)
			rc = load_data_subjects(L, v);
		else if (strcmp(k, "fides") == 0) {
			struct stw_strv files = STW_STRV_INIT;

			rc = get_strv_at(L, v, k, &files, &cfg->fides_files_at);
			stw_strv_clear(&cfg->fides_files);
			for (size_t i = 0; rc == STW_OK && i < files.n; i++)
				stw_strv_push_owned(&cfg->fides_files, resolve_path(L->path, files.v[i]));
			stw_strv_clear(&files);
		} else
			rc = load_list(L, v, k, load_approval);
		if (rc != STW_OK)
			return rc;
	}
	return STW_OK;
}

/* An approvals file: a list of approvals, or a mapping with approvals:. */
static int
load_approvals_top(struct loader *L, const yaml_node_t *root)
{
	static const char *const known[] = { "approvals", NULL };
	int rc;

	if (root->type == YAML_SEQUENCE_NODE)
		return load_list(L, root, "approvals", load_approval);
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(L, root, "expected a list of approvals or a mapping with "
		    "'approvals', got %s", kind_name(root));
	FOR_PAIRS(p, root) {
		const char *k;
		yaml_node_t *v;

		if ((rc = map_key(L, root, p, known, NULL, &k, &v)) != STW_OK)
			return rc;
		if ((rc = load_list(L, v, k, load_approval)) != STW_OK)
			return rc;
	}
	return STW_OK;
}

/* ---- parsing ----------------------------------------------------------- */

static int
syntax_error(struct loader *L, yaml_parser_t *parser, const char *text, size_t len)
{
	yaml_mark_t mark = parser->problem_mark;
	struct stw_buf b = STW_BUF_INIT;
	int rc;

	/* Reader errors (a NUL, bad UTF-8) carry a byte offset, not a mark. */
	if (parser->error == YAML_READER_ERROR) {
		size_t line, col;

		stw_text_pos(text, len, parser->problem_offset, &line, &col);
		mark.line = line - 1;
		mark.column = col - 1;
	}
	stw_buf_addf(&b, "invalid YAML: %s", parser->problem ? parser->problem : "unknown error");
	if (parser->error == YAML_READER_ERROR)
		stw_buf_addf(&b, " (byte offset %zu)", parser->problem_offset);
	else if (parser->context != NULL)
		stw_buf_addf(&b, " %s started on line %zu", parser->context,
		    parser->context_mark.line + 1);
	rc = stw_error(L->err, STW_EUSAGE, "%s:%zu:%zu: %s", L->path, mark.line + 1,
	    mark.column + 1, b.buf);
	stw_buf_release(&b);
	return rc;
}

/* Parses text (named path in messages) and hands the root node (if any)
 * to walk. */
static int
load_text(struct stw_config *cfg, const char *path, const char *text, size_t len,
    struct stw_err *err, int (*walk)(struct loader *, const yaml_node_t *))
{
	struct loader L = { path, NULL, cfg, err };
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	yaml_node_t *root;
	int rc;

	if ((rc = stw_yaml_check_limits(text, len, path, err)) != STW_OK)
		return rc;
	if (!yaml_parser_initialize(&parser))
		STW_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = syntax_error(&L, &parser, text, len);
		goto out_parser;
	}
	L.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	rc = root == NULL || is_null(root) ? STW_OK : walk(&L, root);
	if (rc == STW_OK) {
		/* A second document ("---") would be silently ignored: refuse it. */
		if (!yaml_parser_load(&parser, &extra)) {
			rc = syntax_error(&L, &parser, text, len);
		} else {
			yaml_node_t *r2 = yaml_document_get_root_node(&extra);
			if (r2 != NULL)
				rc = fail_at(&L, r2, "unexpected second YAML document: "
				    "use one document per file");
			yaml_document_delete(&extra);
		}
	}
	yaml_document_delete(&doc);
out_parser:
	yaml_parser_delete(&parser);
	return rc;
}

/* Reads path and hands the root node (if any) to walk. */
static int
load_file(struct stw_config *cfg, const char *path, struct stw_err *err,
    int (*walk)(struct loader *, const yaml_node_t *))
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = stw_read_file_max(&text, &len, path, STW_YAML_MAX_BYTES, err)) != STW_OK)
		return rc;
	rc = load_text(cfg, path, text, len, err, walk);
	free(text);
	return rc;
}

/* ---- public API -------------------------------------------------------- */

struct stw_config *
stw_config_new(void)
{
	struct stw_config *cfg = stw_calloc(1, sizeof(*cfg));

	cfg->sample_rows = -1;
	cfg->sample_views = -1;
	cfg->view_timeout_s = -1;
	cfg->fingerprints = -1;
	return cfg;
}

void
stw_config_free(struct stw_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->path);
	for (size_t i = 0; i < cfg->nsources; i++)
		source_free(cfg->sources[i]);
	free(cfg->sources);
	stw_strv_clear(&cfg->rule_packs);
	stw_strv_clear(&cfg->fides_files);
	free(cfg->fides_files_at);
	free(cfg->signoff.reviewer);
	free(cfg->signoff.role);
	free(cfg->signoff.date);
	free(cfg->signoff.decision);
	free(cfg->signoff.notes);
	for (size_t i = 0; i < cfg->ndata_subjects; i++) {
		free(cfg->data_subjects[i]->match);
		free(cfg->data_subjects[i]->subject);
		free(cfg->data_subjects[i]);
	}
	free(cfg->data_subjects);
	for (size_t i = 0; i < cfg->nlegal_bases; i++) {
		free(cfg->legal_bases[i]->purpose);
		free(cfg->legal_bases[i]->basis);
		free(cfg->legal_bases[i]);
	}
	free(cfg->legal_bases);
	stw_strv_clear(&cfg->rule_files);
	stw_strv_clear(&cfg->rule_disable);
	free(cfg->rule_packs_at);
	free(cfg->rule_files_at);
	free(cfg->rule_disable_at);
	for (size_t i = 0; i < cfg->ncategories; i++)
		policy_free(cfg->categories[i]);
	free(cfg->categories);
	for (size_t i = 0; i < cfg->ntables; i++)
		policy_free(cfg->tables[i]);
	free(cfg->tables);
	for (size_t i = 0; i < cfg->nflows; i++)
		flow_free(cfg->flows[i]);
	free(cfg->flows);
	for (size_t i = 0; i < cfg->napprovals; i++)
		approval_free(cfg->approvals[i]);
	free(cfg->approvals);
	for (size_t i = 0; i < cfg->nsubjects; i++) {
		free(cfg->subjects[i]->match);
		free(cfg->subjects[i]);
	}
	free(cfg->subjects);
	for (size_t i = 0; i < cfg->nnot_personal; i++) {
		free(cfg->not_personal[i]->match);
		free(cfg->not_personal[i]->reason);
		free(cfg->not_personal[i]->decided_by);
		free(cfg->not_personal[i]);
	}
	free(cfg->not_personal);
	for (size_t i = 0; i < cfg->naccess_rules; i++) {
		free(cfg->access_rules[i]->category);
		stw_strv_clear(&cfg->access_rules[i]->roles);
		free(cfg->access_rules[i]);
	}
	free(cfg->access_rules);
	stw_strv_clear(&cfg->access_ignore);
	stw_free_secret(cfg->fp_key);
	free(cfg);
}

const struct stw_cfg_access_rule *
stw_config_access_rule(const struct stw_config *cfg, const char *category)
{
	const struct stw_cfg_access_rule *best = NULL;

	for (size_t i = 0; cfg != NULL && category != NULL && i < cfg->naccess_rules; i++) {
		const struct stw_cfg_access_rule *r = cfg->access_rules[i];
		if (stw_category_under(category, r->category) &&
		    (best == NULL || strlen(r->category) > strlen(best->category)))
			best = r;
	}
	return best;
}

int
stw_config_load(struct stw_config **out, const char *path, struct stw_err *err)
{
	struct stw_config *cfg = stw_config_new();
	int rc;

	*out = NULL;
	cfg->path = stw_strdup(path);
	rc = load_file(cfg, path, err, load_top);
	if (rc != STW_OK) {
		stw_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return STW_OK;
}

int
stw_config_from_text(struct stw_config **out, const char *text, size_t len, const char *name,
    struct stw_err *err)
{
	struct stw_config *cfg = stw_config_new();
	int rc;

	*out = NULL;
	cfg->path = stw_strdup(name);
	rc = load_text(cfg, name, text, len, err, load_top);
	if (rc != STW_OK) {
		stw_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return STW_OK;
}

int
stw_config_load_approvals(struct stw_config *cfg, const char *path, struct stw_err *err)
{
	size_t before = cfg->napprovals;
	int rc = load_file(cfg, path, err, load_approvals_top);

	/* All or nothing: a half-read approvals file must not approve anything. */
	if (rc != STW_OK) {
		while (cfg->napprovals > before)
			approval_free(cfg->approvals[--cfg->napprovals]);
	}
	return rc;
}

int
stw_parse_duration_days(long long *out, const char *s)
{
	static const struct { char unit; long long days; } units[] = {
		{ 'd', 1 }, { 'w', 7 }, { 'm', 30 }, { 'y', 365 },
	};
	long long n = 0, mult = 1;
	const char *p = s;

	if (s == NULL || !isdigit((unsigned char)*p))
		return STW_EUSAGE;
	for (; isdigit((unsigned char)*p); p++) {
		if (n > (LLONG_MAX - 9) / 10)
			return STW_EUSAGE;
		n = n * 10 + (*p - '0');
	}
	if (*p != '\0') {
		size_t i;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (units[i].unit == *p)
				break;
		if (i == sizeof(units) / sizeof(units[0]) || p[1] != '\0')
			return STW_EUSAGE;
		mult = units[i].days;
	}
	if (n > LLONG_MAX / mult)
		return STW_EUSAGE;
	*out = n * mult;
	return STW_OK;
}

const struct stw_cfg_policy *
stw_config_category_policy(const struct stw_config *cfg, const char *category)
{
	const struct stw_cfg_policy *best = NULL;
	size_t bestlen = 0;

	if (cfg == NULL || category == NULL)
		return NULL;
	for (size_t i = 0; i < cfg->ncategories; i++) {
		const struct stw_cfg_policy *p = cfg->categories[i];
		size_t len = strlen(p->match);

		if (!stw_category_under(category, p->match))
			continue;
		if (best == NULL || len > bestlen) {
			best = p;
			bestlen = len;
		}
	}
	return best;
}

const struct stw_cfg_policy *
stw_config_table_policy(const struct stw_config *cfg, const char *source, const char *schema,
    const char *table)
{
	const struct stw_cfg_policy *found = NULL;
	char *name;

	if (cfg == NULL || cfg->ntables == 0)
		return NULL;
	name = stw_asprintf("%s.%s.%s", source ? source : "", schema ? schema : "",
	    table ? table : "");
	/* First match in file order wins, so a specific entry listed before a
	 * broad glob overrides it; a later entry never overrides an earlier one. */
	for (size_t i = 0; found == NULL && i < cfg->ntables; i++)
		if (stw_glob_match(cfg->tables[i]->match, name))
			found = cfg->tables[i];
	free(name);
	return found;
}

const struct stw_cfg_subject *
stw_config_subject(const struct stw_config *cfg, const char *source, const char *schema,
    const char *table)
{
	const struct stw_cfg_subject *found = NULL;
	char *name;

	if (cfg == NULL || cfg->nsubjects == 0)
		return NULL;
	name = stw_asprintf("%s.%s.%s", source ? source : "", schema ? schema : "",
	    table ? table : "");
	/* First match in file order wins, as for tables:. */
	for (size_t i = 0; found == NULL && i < cfg->nsubjects; i++)
		if (stw_glob_match(cfg->subjects[i]->match, name))
			found = cfg->subjects[i];
	free(name);
	return found;
}

const char *
stw_config_data_subject(const struct stw_config *cfg, const char *source, const char *schema,
    const char *table)
{
	const char *found = NULL;
	char *name;

	if (cfg == NULL || cfg->ndata_subjects == 0)
		return NULL;
	name = stw_asprintf("%s.%s.%s", source ? source : "", schema ? schema : "",
	    table ? table : "");
	for (size_t i = 0; found == NULL && i < cfg->ndata_subjects; i++)
		if (stw_glob_match(cfg->data_subjects[i]->match, name))
			found = cfg->data_subjects[i]->subject;
	free(name);
	return found;
}

const struct stw_cfg_not_personal *
stw_config_not_personal(const struct stw_config *cfg, const char *source, const char *schema,
    const char *table, const char *column)
{
	const struct stw_cfg_not_personal *found = NULL;
	char *name;

	if (cfg == NULL || cfg->nnot_personal == 0)
		return NULL;
	name = stw_asprintf("%s.%s.%s.%s", source ? source : "", schema ? schema : "",
	    table ? table : "", column ? column : "");
	for (size_t i = 0; found == NULL && i < cfg->nnot_personal; i++)
		if (stw_glob_match(cfg->not_personal[i]->match, name))
			found = cfg->not_personal[i];
	free(name);
	return found;
}
