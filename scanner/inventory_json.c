/*
 * The inventory's JSON form (docs/inventory.md, docs/inventory.schema.json):
 * a jansson writer with a fixed key order and a reader that validates the
 * structure as it goes and names the bad place with a JSON pointer.
 *
 * Round trip: read(write(x)) equals x field by field, and write(read(t)) is
 * t byte for byte for any t the writer produced.  That is why every field
 * has exactly one spelling: optional strings are omitted when NULL, "unknown"
 * counts (-1 in the model) are null, and confidence is rounded to three
 * decimals before it is written.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "inventory.h"
#include "yamlcheck.h"

/* ==== writer =========================================================== */

/* Length of the valid UTF-8 sequence at s (as jansson accepts it: no
 * overlongs, no surrogates, nothing above U+10FFFF), or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s)
{
	unsigned c = s[0], cp;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* A JSON string for s; bytes that are not UTF-8 (a latin1 comment from an
 * old MySQL table, say) become U+FFFD instead of failing the whole write. */
static json_t *
jstr(const char *s)
{
	struct stw_buf b = STW_BUF_INIT;
	const unsigned char *p;
	json_t *j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	for (p = (const unsigned char *)s; *p != '\0';) {
		size_t n = utf8_seq(p);

		if (n == 0) {
			stw_buf_adds(&b, "\xEF\xBF\xBD");
			p++;
		} else {
			stw_buf_add(&b, p, n);
			p += n;
		}
	}
	j = json_string(b.buf);
	stw_buf_release(&b);
	STW_ASSERT(j != NULL);
	return j;
}

/* Adds key -> value; jansson steals the reference. */
static void
put(json_t *o, const char *key, json_t *v)
{
	STW_ASSERT(v != NULL);
	if (json_object_set_new(o, key, v) != 0)
		STW_BUG("cannot set JSON key '%s'", key);
}

static void
put_str(json_t *o, const char *key, const char *s)
{
	put(o, key, jstr(s));
}

/* Optional strings are left out when NULL. */
static void
put_opt(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		put(o, key, jstr(s));
}

/* A count where a negative value means unknown: null. */
static void
put_count(json_t *o, const char *key, long long v)
{
	put(o, key, v < 0 ? json_null() : json_integer((json_int_t)v));
}

static void
append(json_t *a, json_t *v)
{
	STW_ASSERT(v != NULL);
	if (json_array_append_new(a, v) != 0)
		STW_BUG("cannot append to a JSON array");
}

static json_t *
strv_json(const struct stw_strv *sv)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sv->n; i++)
		append(a, jstr(sv->v[i]));
	return a;
}

static double
round3(double v)
{
	if (!isfinite(v))
		return 0.0;
	return round(v * 1000.0) / 1000.0;
}

static json_t *
finding_json(const struct stw_finding *f)
{
	json_t *o = json_object();

	put_str(o, "rule", f->rule);
	put_str(o, "category", f->category);
	put_str(o, "sensitivity", stw_sensitivity_name(f->sensitivity));
	put_str(o, "evidence", stw_evidence_name(f->evidence));
	put(o, "confidence", json_real(round3(f->confidence)));
	put(o, "matched", json_integer((json_int_t)f->matched));
	put(o, "sampled", json_integer((json_int_t)f->sampled));
	put_opt(o, "example", f->example);
	put_opt(o, "inherited_from", f->inherited_from);
	put_opt(o, "path", f->path);
	put_opt(o, "note", f->note);
	return o;
}

/* Where the writer reads the scan's spooled sketches back. */
struct fp_out {
	const struct stw_fp_spool *spool;        /* or NULL: every sketch in memory */
	struct stw_fprint *scratch;              /* STW_FP_K hashes, made on first use */
	int failed;                              /* one could not be read: its errno */
};

static json_t *
column_json(const struct stw_column *c, struct fp_out *fo)
{
	json_t *o = json_object(), *fs = json_array();

	put_str(o, "name", c->name);
	put_str(o, "type", c->type);
	put(o, "nullable", json_boolean(c->nullable));
	put_opt(o, "comment", c->comment);
	for (size_t i = 0; i < c->nfindings; i++)
		append(fs, finding_json(c->findings[i]));
	put(o, "findings", fs);
	if (c->ndismissed > 0) {
		json_t *ds = json_array();

		for (size_t i = 0; i < c->ndismissed; i++) {
			json_t *d = json_object();

			put_str(d, "rule", c->dismissed[i]->rule);
			put_str(d, "category", c->dismissed[i]->category);
			put_str(d, "reason", c->dismissed[i]->reason);
			append(ds, d);
		}
		put(o, "dismissed", ds);
	}
	if (c->decision != NULL) {
		json_t *d = json_object();

		put(d, "personal", json_false());
		put_str(d, "reason", c->decision->reason);
		put_opt(d, "decided_by", c->decision->decided_by);
		put_opt(d, "at", c->decision->at);
		put(o, "decision", d);
	}
	if (c->fp != NULL) {
		const struct stw_fprint *whole;

		if (c->fp->spooled && fo->scratch == NULL)
			fo->scratch = stw_fp_alloc(STW_FP_K);
		if ((whole = stw_fp_view(fo->spool, c->fp, fo->scratch)) == NULL) {
			fo->failed = errno ? errno : EIO;
		} else {
			json_t *f = json_object();
			char *sk = stw_fp_encode(whole);

			put(f, "values", json_integer(whole->values));
			put(f, "distinct", json_integer(whole->distinct));
			put(f, "coverage", json_real(round3(whole->coverage)));
			put(f, "integers", json_boolean(whole->integers));
			put(f, "sketch", json_string(sk));
			free(sk);
			put(o, "fingerprint", f);
		}
	}
	return o;
}

static json_t *reid_json(const struct stw_reid *r);
static json_t *table_access_json(const struct stw_table_access *a);

static json_t *
table_json(const struct stw_table *t, struct fp_out *sketches)
{
	json_t *o = json_object(), *pk = json_array(), *cols = json_array();
	json_t *fks = json_array(), *trs = json_array();

	put_str(o, "schema", t->schema);
	put_str(o, "name", t->name);
	put_str(o, "kind", t->kind);
	put_opt(o, "comment", t->comment);
	put_count(o, "rows_estimate", t->rows_estimate);
	put_count(o, "rows_sampled", t->rows_sampled);
	put_opt(o, "sample_method", t->sample_method);
	put_str(o, "classified_by", stw_classified_by_name(t->classified_by));
	put(o, "purposes", strv_json(&t->purposes));
	for (size_t i = 0; i < t->ncolumns; i++) {
		if (t->columns[i]->primary_key)
			append(pk, jstr(t->columns[i]->name));
		append(cols, column_json(t->columns[i], sketches));
	}
	put(o, "primary_key", pk);
	put(o, "columns", cols);
	for (size_t i = 0; i < t->nfkeys; i++) {
		const struct stw_fkey *k = t->fkeys[i];
		json_t *fo = json_object();

		put_opt(fo, "name", k->name);
		put(fo, "columns", strv_json(&k->columns));
		put_str(fo, "ref_schema", k->ref_schema);
		put_str(fo, "ref_table", k->ref_table);
		put(fo, "ref_columns", strv_json(&k->ref_columns));
		append(fks, fo);
	}
	put(o, "foreign_keys", fks);
	for (size_t i = 0; i < t->ntriggers; i++) {
		const struct stw_trigger *tr = t->triggers[i];
		json_t *to = json_object();

		put_str(to, "name", tr->name);
		put_opt(to, "timing", tr->timing);
		put_opt(to, "event", tr->event);
		put_opt(to, "definition", tr->definition);
		append(trs, to);
	}
	put(o, "triggers", trs);
	put_opt(o, "definition", t->definition);
	if (t->parent != NULL) {
		json_t *po = json_object();

		put_str(po, "schema", t->parent_schema ? t->parent_schema : "");
		put_str(po, "table", t->parent);
		put(o, "partition_of", po);
	}
	put_opt(o, "error", t->error);
	if (t->retention != NULL && t->retention->present) {
		const struct stw_retention *r = t->retention;
		json_t *ro = json_object();

		put_str(ro, "category", r->category);
		put_str(ro, "anchor", r->anchor);
		put(ro, "limit_days", json_integer((json_int_t)r->limit_days));
		put_count(ro, "rows_over_limit", r->rows_over_limit);
		put_str(ro, "oldest", r->oldest);
		put(ro, "exact", json_boolean(r->exact));
		put_opt(ro, "note", r->note);
		put(o, "retention", ro);
	}
	{
		json_t *so = json_object();

		put_str(so, "kind", stw_subject_name(t->subject.kind));
		put(so, "confidence", json_real(round3(t->subject.confidence)));
		put_str(so, "source", t->subject.configured ? "config" : "inferred");
		put(so, "evidence", strv_json(&t->subject.evidence));
		put(o, "subject", so);
	}
	if (t->reid != NULL && t->reid->present)
		put(o, "reidentification", reid_json(t->reid));
	if (t->access.present)
		put(o, "access", table_access_json(&t->access));
	return o;
}

static json_t *
reid_level_json(const struct stw_reid_level *l, int with_label)
{
	json_t *o = json_object();

	if (with_label)
		put_str(o, "label", l->label);
	put(o, "classes", json_integer((json_int_t)l->classes));
	put(o, "unique_rows", json_integer((json_int_t)l->unique_rows));
	put(o, "k", json_integer((json_int_t)l->k));
	put(o, "rows_below_k", json_integer((json_int_t)l->rows_below_k));
	return o;
}

static json_t *
reid_json(const struct stw_reid *r)
{
	json_t *o = json_object(), *g = json_array();

	put(o, "quasi_identifiers", strv_json(&r->quasi));
	put(o, "sensitive", strv_json(&r->sensitive));
	put(o, "rows", json_integer((json_int_t)r->rows));
	put(o, "rows_limit", json_integer((json_int_t)r->rows_limit));
	put(o, "exact", json_boolean(r->exact));
	put(o, "target_k", json_integer((json_int_t)r->target_k));
	put(o, "classes", json_integer((json_int_t)r->level.classes));
	put(o, "unique_rows", json_integer((json_int_t)r->level.unique_rows));
	put(o, "k", json_integer((json_int_t)r->level.k));
	put(o, "rows_below_k", json_integer((json_int_t)r->level.rows_below_k));
	put_count(o, "l", r->l);
	for (size_t i = 0; i < r->ngens; i++)
		append(g, reid_level_json(r->gens[i], 1));
	put(o, "generalisations", g);
	put_opt(o, "error", r->error);
	return o;
}

static json_t *
table_access_json(const struct stw_table_access *a)
{
	json_t *o = json_object(), *g = json_array();

	put(o, "owner", a->owner ? jstr(a->owner) : json_null());
	put(o, "row_level_security", a->rls < 0 ? json_null() : json_boolean(a->rls));
	put(o, "policies", strv_json(&a->policies));
	for (size_t i = 0; i < a->ngrants; i++) {
		const struct stw_grant *gr = a->grants[i];
		json_t *go = json_object();

		put_str(go, "grantee", gr->grantee);
		put_str(go, "privilege", gr->privilege);
		put_str(go, "scope", gr->scope);
		if (gr->columns.n > 0)
			put(go, "columns", strv_json(&gr->columns));
		append(g, go);
	}
	put(o, "grants", g);
	return o;
}

static json_t *
source_access_json(const struct stw_source_access *a)
{
	json_t *o = json_object(), *ps = json_array();

	put(o, "complete", json_boolean(a->complete));
	put(o, "problems", strv_json(&a->problems));
	for (size_t i = 0; i < a->nprincipals; i++) {
		const struct stw_principal *p = a->principals[i];
		json_t *po = json_object();

		put_str(po, "name", p->name);
		put(po, "login", json_boolean(p->login));
		put(po, "superuser", json_boolean(p->superuser));
		put(po, "bypass_rls", json_boolean(p->bypass_rls));
		put(po, "wildcard", json_boolean(p->wildcard));
		put(po, "member_of", strv_json(&p->member_of));
		append(ps, po);
	}
	put(o, "principals", ps);
	put(o, "default_privileges", strv_json(&a->default_privileges));
	put(o, "logging", a->logging ? jstr(a->logging) : json_null());
	put_opt(o, "logging_evidence", a->logging_evidence);
	if (a->file_mode != NULL) {
		json_t *f = json_object();
		put_str(f, "owner", a->file_owner);
		put_str(f, "group", a->file_group);
		put_str(f, "mode", a->file_mode);
		put(o, "file", f);
	}
	return o;
}

/* A source's members before its tables. */
static json_t *
source_head_json(const struct stw_source *s)
{
	json_t *o = json_object();

	put_str(o, "name", s->name);
	put_str(o, "engine", s->engine);
	put_str(o, "server_version", s->server_version);
	put_str(o, "dsn", s->dsn);
	put_str(o, "status", stw_source_status_name(s->status));
	put(o, "errors", strv_json(&s->errors));
	if (s->access.present)
		put(o, "access", source_access_json(&s->access));
	return o;
}

static json_t *
source_lineage_json(const struct stw_source *s)
{
	json_t *lo = json_object();

	put(lo, "views", json_integer((json_int_t)s->lineage.views));
	put(lo, "column_level", json_integer((json_int_t)s->lineage.column_level));
	put(lo, "table_level", json_integer((json_int_t)s->lineage.table_level));
	put(lo, "failed", json_integer((json_int_t)s->lineage.failed));
	put(lo, "problems", strv_json(&s->lineage.problems));
	return lo;
}

static json_t *
endpoint_json(const struct stw_endpoint *e)
{
	json_t *o = json_object();

	put_str(o, "source", e->source);
	put_str(o, "schema", e->schema);
	put_str(o, "table", e->table);
	put_opt(o, "column", e->column);
	return o;
}

/* The inventory's members before its sources. */
static json_t *
inventory_head_json(const struct stw_inventory *inv)
{
	json_t *o = json_object(), *tool = json_object();

	put_str(o, "format", STW_INVENTORY_FORMAT);
	put(o, "version", json_integer(STW_INVENTORY_VERSION));
	put_str(o, "generated_at", inv->generated_at);
	put_opt(o, "as_of", inv->as_of);
	put_str(tool, "name", inv->tool_name);
	put_str(tool, "version", inv->tool_version);
	put(o, "tool", tool);
	if (inv->fp_key_id != NULL) {
		json_t *f = json_object();

		put_str(f, "hash", "siphash-2-4");
		put(f, "k", json_integer(STW_FP_K));
		put_str(f, "key", inv->fp_key_origin);
		put_str(f, "key_id", inv->fp_key_id);
		put_str(f, "note", "pseudonymous data: keyed hashes of sampled values, comparable "
		    "only with sketches made under the same key; leave out with scan --no-fingerprints");
		put(o, "fingerprints", f);
	}
	return o;
}

static json_t *
edge_json(const struct stw_edge *e)
{
	json_t *eo = json_object();

	put(eo, "from", endpoint_json(&e->from));
	put(eo, "to", endpoint_json(&e->to));
	put_str(eo, "kind", e->kind);
	put_str(eo, "evidence", e->evidence);
	if (e->inference.present) {
		json_t *io = json_object();

		put_str(io, "method", e->inference.method);
		put(io, "rate", json_real(round3(e->inference.rate)));
		put(io, "compared", json_integer(e->inference.compared));
		put(io, "confidence", json_real(round3(e->inference.confidence)));
		put(eo, "inference", io);
	}
	return eo;
}

/* Precision 15 prints a value rounded to 3 decimals in its shortest form
 * (0.857, not 0.85699999999999998) and reads back to the same double. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/*
 * The inventory is written one table and one edge at a time: a JSON tree
 * of a 2,000-table inventory would take several times the memory of the
 * inventory itself (every finding an object of its own).  The text is
 * what json_dumpf() of the whole tree would print (DUMP_FLAGS): each
 * piece is a small tree of its own, printed here at its depth into a
 * buffer that goes to the file 64 KB at a time.  Printing it here, not
 * with json_dumps(), keeps the writer off a scan's critical path (it
 * was a third of a scan's own CPU time, docs/performance.md); the unit
 * tests hold the text to json_dumps()'s.
 */
#define JW_FLUSH ((size_t)64 * 1024)

struct jw {
	FILE *f;
	int err;
	struct fp_out fo;
	struct stw_buf out;
};

static void
jw_flush(struct jw *w)
{
	if (!w->err && w->out.len > 0 && fwrite(w->out.buf, 1, w->out.len, w->f) != w->out.len)
		w->err = 1;
	stw_buf_reset(&w->out);
}

static void
jw_write(struct jw *w, const char *s, size_t n)
{
	stw_buf_add(&w->out, s, n);
	if (w->out.len >= JW_FLUSH)
		jw_flush(w);
}

static void
jw_puts(struct jw *w, const char *s)
{
	jw_write(w, s, strlen(s));
}

static void
jw_indent(struct jw *w, int depth)
{
	static const char spaces[] = "                                ";

	for (size_t left = (size_t)(depth > 0 ? depth : 0) * 2; left > 0;) {
		size_t k = left < sizeof(spaces) - 1 ? left : sizeof(spaces) - 1;
		jw_write(w, spaces, k);
		left -= k;
	}
}

/* A JSON string as jansson prints it: quote, backslash and the control
 * characters escaped, everything else (valid UTF-8, as jstr made it) as
 * it is. */
static void
jw_string(struct jw *w, const char *s, size_t len)
{
	size_t run = 0;

	stw_buf_addc(&w->out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		const char *e = NULL;

		if (c >= 0x20 && c != '"' && c != '\\') {
			run++;
			continue;
		}
		stw_buf_add(&w->out, s + i - run, run);
		run = 0;
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			e = esc;
		}
		stw_buf_adds(&w->out, e);
	}
	stw_buf_add(&w->out, s + len - run, run);
	stw_buf_addc(&w->out, '"');
	if (w->out.len >= JW_FLUSH)
		jw_flush(w);
}

/* A real as jansson prints it with JSON_REAL_PRECISION(15): "%.15g", a
 * ".0" when that reads as an integer, no "+" or leading zeros in the
 * exponent. */
static void
jw_real(struct jw *w, double v)
{
	char b[64], *e;
	int n = snprintf(b, sizeof(b) - 3, "%.15g", v);

	if (n < 0 || (size_t)n >= sizeof(b) - 3) {
		w->err = 1;
		return;
	}
	for (char *p = b; *p; p++)
		if (*p == ',')
			*p = '.';        /* a locale's decimal comma */
	if (strchr(b, '.') == NULL && strchr(b, 'e') == NULL)
		memcpy(b + n, ".0", 3);
	if ((e = strchr(b, 'e')) != NULL) {
		char *start = e + 1, *end = e + 2;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	jw_puts(w, b);
}

/* Starts a member of an object at depth: separator, indent, "key": . */
static void
jw_key(struct jw *w, const char *key, int depth, int *first)
{
	jw_puts(w, *first ? "\n" : ",\n");
	*first = 0;
	jw_indent(w, depth);
	jw_string(w, key, strlen(key));
	jw_puts(w, ": ");
}

/* Prints v at nesting depth: its members one level deeper, its closing
 * bracket at depth. */
static void
jw_json(struct jw *w, const json_t *v, int depth)
{
	char num[32];

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *m;
		int first = 1;

		if (json_object_size(v) == 0) {
			jw_puts(w, "{}");
			break;
		}
		jw_puts(w, "{");
		json_object_foreach((json_t *)v, k, m) {
			jw_key(w, k, depth + 1, &first);
			jw_json(w, m, depth + 1);
		}
		jw_puts(w, "\n");
		jw_indent(w, depth);
		jw_puts(w, "}");
		break;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(v);

		if (n == 0) {
			jw_puts(w, "[]");
			break;
		}
		jw_puts(w, "[");
		for (size_t i = 0; i < n; i++) {
			jw_puts(w, i ? ",\n" : "\n");
			jw_indent(w, depth + 1);
			jw_json(w, json_array_get(v, i), depth + 1);
		}
		jw_puts(w, "\n");
		jw_indent(w, depth);
		jw_puts(w, "]");
		break;
	}
	case JSON_STRING:
		jw_string(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		jw_puts(w, num);
		break;
	case JSON_REAL:
		jw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
		jw_puts(w, "true");
		break;
	case JSON_FALSE:
		jw_puts(w, "false");
		break;
	case JSON_NULL:
		jw_puts(w, "null");
		break;
	}
}

/* Writes v (a reference is taken over) at nesting depth. */
static void
jw_value(struct jw *w, json_t *v, int depth)
{
	if (v == NULL) {
		w->err = 1;
		return;
	}
	jw_json(w, v, depth);
	json_decref(v);
}

/* Every member of o (a reference is taken over), in order. */
static void
jw_members(struct jw *w, json_t *o, int depth, int *first)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		jw_key(w, k, depth, first);
		jw_json(w, v, depth);
	}
	json_decref(o);
}

static void
jw_source(struct jw *w, const struct stw_source *s, int depth)
{
	int first = 1;

	jw_puts(w, "{");
	jw_members(w, source_head_json(s), depth + 1, &first);
	jw_key(w, "tables", depth + 1, &first);
	if (s->ntables == 0) {
		jw_puts(w, "[]");
	} else {
		jw_puts(w, "[");
		for (size_t i = 0; i < s->ntables && !w->err; i++) {
			jw_puts(w, i ? ",\n" : "\n");
			jw_indent(w, depth + 2);
			json_t *tj = table_json(s->tables[i], &w->fo);

			if (w->fo.failed) {
				json_decref(tj);
				w->err = 1;      /* errno from the spool's read */
				break;
			}
			jw_value(w, tj, depth + 2);
		}
		jw_puts(w, "\n");
		jw_indent(w, depth + 1);
		jw_puts(w, "]");
	}
	jw_key(w, "lineage", depth + 1, &first);
	jw_value(w, source_lineage_json(s), depth + 1);
	jw_puts(w, "\n");
	jw_indent(w, depth);
	jw_puts(w, "}");
}

static int
inventory_write_json(const struct stw_inventory *inv, FILE *f)
{
	struct jw w = { f, 0, { inv->fp_spool, NULL, 0 }, STW_BUF_INIT };
	int first = 1;

	jw_puts(&w, "{");
	jw_members(&w, inventory_head_json(inv), 1, &first);
	jw_key(&w, "sources", 1, &first);
	if (inv->nsources == 0) {
		jw_puts(&w, "[]");
	} else {
		jw_puts(&w, "[");
		for (size_t i = 0; i < inv->nsources && !w.err; i++) {
			jw_puts(&w, i ? ",\n" : "\n");
			jw_indent(&w, 2);
			jw_source(&w, inv->sources[i], 2);
		}
		jw_puts(&w, "\n  ]");
	}
	jw_key(&w, "lineage", 1, &first);
	if (inv->nlineage == 0) {
		jw_puts(&w, "[]");
	} else {
		jw_puts(&w, "[");
		for (size_t i = 0; i < inv->nlineage && !w.err; i++) {
			jw_puts(&w, i ? ",\n" : "\n");
			jw_indent(&w, 2);
			jw_value(&w, edge_json(inv->lineage[i]), 2);
		}
		jw_puts(&w, "\n  ]");
	}
	jw_puts(&w, "\n}\n");
	jw_flush(&w);
	stw_buf_release(&w.out);
	free(w.fo.scratch);
	if (w.fo.failed) {
		errno = w.fo.failed;
		return STW_DUMP_SPOOL;
	}
	return w.err ? -1 : 0;
}

char *
stw_inventory_to_json(const struct stw_inventory *inv)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	int rc;

	if (f == NULL)
		STW_BUG("cannot serialise the inventory");
	rc = inventory_write_json(inv, f);
	if (fclose(f) != 0 || rc != 0) {
		free(text);              /* a spooled sketch could not be read back */
		return NULL;
	}
	return text;
}

int
stw_inventory_dump(const struct stw_inventory *inv, FILE *f)
{
	int rc = inventory_write_json(inv, f);

	if (rc == 0 && fflush(f) != 0)
		rc = -1;
	return rc;
}

int
stw_inventory_dump_error(struct stw_err *err, int rc, const char *path)
{
	char *where = path ? stw_asprintf("'%s'", path) : stw_strdup("to standard output");

	if (rc == STW_DUMP_SPOOL)
		rc = stw_error(err, STW_ERROR, "cannot write %s: the scan's sketches cannot be read "
		    "back from its spool file (in $TMPDIR): %s", where, strerror(errno));
	else if (path != NULL)
		rc = stw_error(err, STW_ERROR, "cannot write %s: %s", where, strerror(errno));
	else
		rc = stw_error(err, STW_ERROR, "cannot write %s", where);
	free(where);
	return rc;
}

int
stw_inventory_write(const struct stw_inventory *inv, const char *path, struct stw_err *err)
{
	char *tmp = stw_asprintf("%s.tmp", path);
	FILE *f;
	int rc = STW_OK;

	/* Write beside the target and rename, so that a reader (or a CI job
	 * comparing with a baseline) never sees half an inventory.  Anything
	 * but a regular file (/dev/null, a pipe, a symbolic link) is written
	 * in place: renaming over it would replace the device or the link
	 * with a plain file. */
	struct stat st;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		f = fopen(path, "wb");
		if (f == NULL)
			rc = stw_error(err, STW_EUSAGE, "cannot write '%s': %s", path, strerror(errno));
		else if ((rc = stw_inventory_dump(inv, f)) != 0)
			rc = stw_inventory_dump_error(err, rc, path);
		if (f != NULL && fclose(f) != 0 && rc == STW_OK)
			rc = stw_error(err, STW_ERROR, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	f = fopen(tmp, "wb");
	if (f == NULL) {
		rc = stw_error(err, STW_EUSAGE, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if ((rc = stw_inventory_dump(inv, f)) != 0) {
		rc = stw_inventory_dump_error(err, rc, tmp);
		fclose(f);
		unlink(tmp);
		goto out;
	}
	if (fclose(f) != 0) {
		rc = stw_error(err, STW_ERROR, "cannot write '%s': %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		rc = stw_error(err, STW_ERROR, "cannot rename '%s' to '%s': %s", tmp, path,
		    strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	return rc;
}

/* ==== reader =========================================================== */

struct rd {
	long long version;              /* of the document being read */
	unsigned flags;                 /* STW_LOAD_* */
	const char *name;        /* file name for messages */
	struct stw_err *err;
	struct stw_buf path;     /* JSON pointer of the value being read */
	char *last_note;         /* the note read last (a reference): the next one
	                            that says the same shares it */
};

static size_t
push_key(struct rd *r, const char *key)
{
	size_t mark = r->path.len;

	/* Keys are the format's own, so no "~0"/"~1" escaping is needed. */
	stw_buf_addf(&r->path, "/%s", key);
	return mark;
}

static size_t
push_index(struct rd *r, size_t i)
{
	size_t mark = r->path.len;

	stw_buf_addf(&r->path, "/%zu", i);
	return mark;
}

static void
pop(struct rd *r, size_t mark)
{
	r->path.len = mark;
	r->path.buf[mark] = '\0';
}

/* "NAME: /json/pointer: message". */
static int STW_PRINTF(2, 3)
bad(struct rd *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->path.len == 0)
		return stw_error(r->err, STW_EUSAGE, "%s: %s", r->name, msg);
	return stw_error(r->err, STW_EUSAGE, "%s: %s: %s", r->name, r->path.buf, msg);
}

/* Bad value under key: the pointer names the key. */
static int STW_PRINTF(3, 4)
bad_at(struct rd *r, const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t m = push_key(r, key);
	int rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rc = bad(r, "%s", msg);
	pop(r, m);
	return rc;
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* Every object is closed: an unknown key is a typo or a newer format. */
static int
check_keys(struct rd *r, json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) {
		size_t i;

		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return bad_at(r, key, "unknown field");
	}
	return STW_OK;
}

enum { REQ = 1, NULLOK = 2 };

/* Looks key up: *out is NULL when absent (an error if REQ). */
static int
field(struct rd *r, json_t *o, const char *key, int flags, json_t **out)
{
	*out = json_object_get(o, key);
	if (*out == NULL && (flags & REQ))
		return bad(r, "missing required field '%s'", key);
	return STW_OK;
}

static int
get_str(struct rd *r, json_t *o, const char *key, int flags, char **out)
{
	json_t *v;
	int rc;

	if ((rc = field(r, o, key, flags, &v)) != STW_OK || v == NULL)
		return rc;
	if (json_is_null(v) && (flags & NULLOK))
		return STW_OK;
	if (!json_is_string(v))
		return bad_at(r, key, "expected a string%s, not %s",
		    (flags & NULLOK) ? " or null" : "", type_name(v));
	free(*out);
	*out = stw_strndup(json_string_value(v), json_string_length(v));
	return STW_OK;
}

/* A non-negative integer; null gives null_value when NULLOK. */
static int
get_count(struct rd *r, json_t *o, const char *key, int flags, long long null_value,
    long long *out)
{
	json_t *v;
	int rc;

	if ((rc = field(r, o, key, flags, &v)) != STW_OK || v == NULL)
		return rc;
	if (json_is_null(v) && (flags & NULLOK)) {
		*out = null_value;
		return STW_OK;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return bad_at(r, key, "expected a non-negative integer%s, not %s",
		    (flags & NULLOK) ? " or null" : "",
		    json_is_integer(v) ? "a negative one" : type_name(v));
	*out = (long long)json_integer_value(v);
	return STW_OK;
}

static int
get_bool(struct rd *r, json_t *o, const char *key, int *out)
{
	json_t *v;
	int rc;

	if ((rc = field(r, o, key, REQ, &v)) != STW_OK)
		return rc;
	if (!json_is_boolean(v))
		return bad_at(r, key, "expected true or false, not %s", type_name(v));
	*out = json_is_true(v);
	return STW_OK;
}

static int
get_array(struct rd *r, json_t *o, const char *key, json_t **out)
{
	int rc;

	if ((rc = field(r, o, key, REQ, out)) != STW_OK)
		return rc;
	if (!json_is_array(*out))
		return bad_at(r, key, "expected an array, not %s", type_name(*out));
	return STW_OK;
}

static int
get_strv(struct rd *r, json_t *o, const char *key, struct stw_strv *sv)
{
	json_t *a, *v;
	size_t i;
	int rc;

	if ((rc = get_array(r, o, key, &a)) != STW_OK)
		return rc;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v)) {
			size_t m = push_key(r, key);

			push_index(r, i);
			rc = bad(r, "expected a string, not %s", type_name(v));
			pop(r, m);
			return rc;
		}
		stw_strv_push_owned(sv, stw_strndup(json_string_value(v), json_string_length(v)));
	}
	return STW_OK;
}

/* Steps into array[i] (which must be an object) and checks its keys. */
static int
enter_obj(struct rd *r, json_t *v, const char *const *allowed)
{
	if (!json_is_object(v))
		return bad(r, "expected an object, not %s", type_name(v));
	return check_keys(r, v, allowed);
}

/* Runs body(r, element, ctx) for each element of the array at key,
 * with the pointer set to /key/i. */
typedef int (*elem_fn)(struct rd *r, json_t *v, void *ctx);

static int
each(struct rd *r, json_t *o, const char *key, elem_fn fn, void *ctx)
{
	json_t *a, *v;
	size_t i, m;
	int rc;

	if ((rc = get_array(r, o, key, &a)) != STW_OK)
		return rc;
	m = push_key(r, key);
	json_array_foreach(a, i, v) {
		size_t mi = push_index(r, i);

		if ((rc = fn(r, v, ctx)) != STW_OK)
			break;
		pop(r, mi);
	}
	if (rc == STW_OK)
		pop(r, m);
	return rc;
}

static int
read_finding(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "rule", "category", "sensitivity", "evidence",
		"confidence", "matched", "sampled", "example", "inherited_from", "path", "note", NULL };
	struct stw_column *c = ctx;
	struct stw_finding *f = NULL;
	char *s = NULL;
	json_t *v;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	{
		/* the finding is made with its rule and category (one block) */
		char *rule = NULL, *category = NULL;

		if ((rc = get_str(r, o, "rule", REQ, &rule)) == STW_OK &&
		    (rc = get_str(r, o, "category", REQ, &category)) == STW_OK)
			f = stw_column_add_finding(c, rule, category, STW_SENS_NONE);
		free(rule);
		free(category);
		if (rc != STW_OK)
			return rc;
	}
	if ((rc = get_str(r, o, "sensitivity", REQ, &s)) != STW_OK)
		return rc;
	if (stw_sensitivity_parse(&f->sensitivity, s) != STW_OK) {
		rc = bad_at(r, "sensitivity",
		    "unknown sensitivity '%s' (none, linked, quasi, personal, high or special)", s);
		free(s);
		return rc;
	}
	STW_FREE(s);
	if ((rc = get_str(r, o, "evidence", REQ, &s)) != STW_OK)
		return rc;
	if (stw_evidence_parse(&f->evidence, s) != STW_OK) {
		rc = bad_at(r, "evidence",
		    "unknown evidence '%s' (name, value, name+value, inherited, subject or fk)", s);
		free(s);
		return rc;
	}
	STW_FREE(s);
	if ((rc = field(r, o, "confidence", REQ, &v)) != STW_OK)
		return rc;
	if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1)
		return bad_at(r, "confidence", "expected a number from 0 to 1");
	f->confidence = json_number_value(v);
	if ((rc = get_count(r, o, "matched", REQ, 0, &f->matched)) != STW_OK ||
	    (rc = get_count(r, o, "sampled", REQ, 0, &f->sampled)) != STW_OK ||
	    (rc = get_str(r, o, "example", 0, &f->example)) != STW_OK ||
	    (rc = get_str(r, o, "inherited_from", 0, &f->inherited_from)) != STW_OK ||
	    (rc = get_str(r, o, "path", 0, &f->path)) != STW_OK)
		return rc;
	{
		char *note = NULL;

		if ((rc = get_str(r, o, "note", 0, &note)) != STW_OK)
			return rc;
		if (note != NULL && r->last_note != NULL && strcmp(note, r->last_note) == 0) {
			free(note);
			f->note = stw_note_ref(r->last_note);
		} else if (note != NULL) {
			f->note = stw_note_take(note);
			stw_note_unref(r->last_note);
			r->last_note = stw_note_ref(f->note);
		}
	}
	return STW_OK;
}

static int
read_dismissed(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "rule", "category", "reason", NULL };
	struct stw_dismissed *d;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	d = stw_column_add_dismissed(ctx, NULL, NULL, NULL);
	if ((rc = get_str(r, o, "rule", REQ, &d->rule)) != STW_OK ||
	    (rc = get_str(r, o, "category", REQ, &d->category)) != STW_OK ||
	    (rc = get_str(r, o, "reason", REQ, &d->reason)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_decision(struct rd *r, json_t *o, struct stw_decision *d)
{
	static const char *const keys[] = { "personal", "reason", "decided_by", "at", NULL };
	int personal = 1, rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK ||
	    (rc = get_bool(r, o, "personal", &personal)) != STW_OK)
		return rc;
	if (personal)
		return bad_at(r, "personal", "only decisions that a column is not personal "
		    "(false) are recorded");
	if ((rc = get_str(r, o, "reason", REQ, &d->reason)) != STW_OK ||
	    (rc = get_str(r, o, "decided_by", 0, &d->decided_by)) != STW_OK ||
	    (rc = get_str(r, o, "at", 0, &d->at)) != STW_OK)
		return rc;
	return STW_OK;
}

/* A number in [lo, hi]. */
static int
get_real(struct rd *r, json_t *o, const char *key, double lo, double hi, double *out)
{
	json_t *v;
	int rc;

	if ((rc = field(r, o, key, REQ, &v)) != STW_OK)
		return rc;
	if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
		return bad_at(r, key, "expected a number from %g to %g", lo, hi);
	*out = json_number_value(v);
	return STW_OK;
}

static int
read_fprint(struct rd *r, json_t *o, struct stw_column *c)
{
	static const char *const keys[] = { "values", "distinct", "coverage", "integers",
		"sketch", NULL };
	struct stw_fprint head = { 0 };
	char *sk = NULL;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	if ((rc = get_count(r, o, "values", REQ, 0, &head.values)) != STW_OK ||
	    (rc = get_count(r, o, "distinct", REQ, 0, &head.distinct)) != STW_OK ||
	    (rc = get_real(r, o, "coverage", 0.0, 1.0, &head.coverage)) != STW_OK ||
	    (rc = get_bool(r, o, "integers", &head.integers)) != STW_OK ||
	    (rc = get_str(r, o, "sketch", REQ, &sk)) != STW_OK) {
		free(sk);
		return rc;
	}
	{
		struct stw_err derr = STW_ERR_INIT;
		struct stw_fprint *fp;

		if (stw_fp_decode(&fp, sk, &derr) != STW_OK) {
			rc = bad_at(r, "sketch", "%s", derr.msg);
		} else if (r->flags & STW_LOAD_NO_SKETCHES) {
			free(fp);                /* checked, not kept */
		} else {
			head.n = fp->n;
			memcpy(fp, &head, sizeof(head));
			free(c->fp);
			c->fp = fp;
		}
	}
	free(sk);
	return rc;
}

static int
read_column(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "name", "type", "nullable", "comment", "findings",
		"dismissed", "decision", "fingerprint", NULL };
	struct stw_table *t = ctx;
	struct stw_column *c = NULL;
	json_t *v;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	{
		/* the column is made with its name and type (one block) */
		char *name = NULL, *type = NULL;

		if ((rc = get_str(r, o, "name", REQ, &name)) == STW_OK &&
		    (rc = get_str(r, o, "type", REQ | NULLOK, &type)) == STW_OK)
			c = stw_table_add_column(t, name, type, 1);
		free(name);
		free(type);
		if (rc != STW_OK)
			return rc;
	}
	{
		int nullable = 1;

		if ((rc = get_bool(r, o, "nullable", &nullable)) != STW_OK)
			return rc;
		c->nullable = nullable ? 1 : 0;
	}
	if ((rc = get_str(r, o, "comment", 0, &c->comment)) != STW_OK ||
	    (rc = each(r, o, "findings", read_finding, c)) != STW_OK)
		return rc;
	if (json_object_get(o, "dismissed") != NULL &&
	    (rc = each(r, o, "dismissed", read_dismissed, c)) != STW_OK)
		return rc;
	if ((v = json_object_get(o, "decision")) != NULL) {
		size_t m = push_key(r, "decision");

		if ((rc = read_decision(r, v, stw_column_decide(c))) != STW_OK)
			return rc;
		pop(r, m);
	}
	if ((v = json_object_get(o, "fingerprint")) != NULL) {
		size_t m = push_key(r, "fingerprint");

		if ((rc = read_fprint(r, v, c)) != STW_OK)
			return rc;
		pop(r, m);
	}
	return STW_OK;
}

static int
read_fkey(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "name", "columns", "ref_schema", "ref_table",
		"ref_columns", NULL };
	struct stw_fkey *k;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	k = stw_table_add_fkey(ctx);
	if ((rc = get_str(r, o, "name", 0, &k->name)) != STW_OK ||
	    (rc = get_strv(r, o, "columns", &k->columns)) != STW_OK ||
	    (rc = get_str(r, o, "ref_schema", REQ | NULLOK, &k->ref_schema)) != STW_OK ||
	    (rc = get_str(r, o, "ref_table", REQ, &k->ref_table)) != STW_OK ||
	    (rc = get_strv(r, o, "ref_columns", &k->ref_columns)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_trigger(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "name", "timing", "event", "definition", NULL };
	struct stw_trigger *tr;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	tr = stw_table_add_trigger(ctx, NULL);
	if ((rc = get_str(r, o, "name", REQ, &tr->name)) != STW_OK ||
	    (rc = get_str(r, o, "timing", 0, &tr->timing)) != STW_OK ||
	    (rc = get_str(r, o, "event", 0, &tr->event)) != STW_OK ||
	    (rc = get_str(r, o, "definition", 0, &tr->definition)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_retention(struct rd *r, json_t *o, struct stw_retention *ret)
{
	static const char *const keys[] = { "category", "anchor", "limit_days",
		"rows_over_limit", "oldest", "exact", "note", NULL };
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	ret->present = 1;
	if ((rc = get_str(r, o, "category", REQ | NULLOK, &ret->category)) != STW_OK ||
	    (rc = get_str(r, o, "anchor", REQ | NULLOK, &ret->anchor)) != STW_OK ||
	    (rc = get_count(r, o, "limit_days", REQ, 0, &ret->limit_days)) != STW_OK ||
	    (rc = get_count(r, o, "rows_over_limit", REQ | NULLOK, -1,
	        &ret->rows_over_limit)) != STW_OK ||
	    (rc = get_str(r, o, "oldest", REQ | NULLOK, &ret->oldest)) != STW_OK ||
	    (rc = get_bool(r, o, "exact", &ret->exact)) != STW_OK ||
	    (rc = get_str(r, o, "note", 0, &ret->note)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_reid_counts(struct rd *r, json_t *o, struct stw_reid_level *l)
{
	int rc;

	if ((rc = get_count(r, o, "classes", REQ, 0, &l->classes)) != STW_OK ||
	    (rc = get_count(r, o, "unique_rows", REQ, 0, &l->unique_rows)) != STW_OK ||
	    (rc = get_count(r, o, "k", REQ, 0, &l->k)) != STW_OK ||
	    (rc = get_count(r, o, "rows_below_k", REQ, 0, &l->rows_below_k)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_reid_gen(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "label", "classes", "unique_rows", "k",
		"rows_below_k", NULL };
	struct stw_reid_level *l;
	char *label = NULL;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK ||
	    (rc = get_str(r, o, "label", REQ, &label)) != STW_OK)
		return rc;
	l = stw_reid_add_level(ctx, label);
	free(label);
	return read_reid_counts(r, o, l);
}

static int
read_reid(struct rd *r, json_t *o, struct stw_reid *re)
{
	static const char *const keys[] = { "quasi_identifiers", "sensitive", "rows", "rows_limit",
		"exact", "target_k", "classes", "unique_rows", "k", "rows_below_k", "l",
		"generalisations", "error", NULL };
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	re->present = 1;
	if ((rc = get_strv(r, o, "quasi_identifiers", &re->quasi)) != STW_OK ||
	    (rc = get_strv(r, o, "sensitive", &re->sensitive)) != STW_OK ||
	    (rc = get_count(r, o, "rows", REQ, 0, &re->rows)) != STW_OK ||
	    (rc = get_count(r, o, "rows_limit", REQ, 0, &re->rows_limit)) != STW_OK ||
	    (rc = get_bool(r, o, "exact", &re->exact)) != STW_OK ||
	    (rc = get_count(r, o, "target_k", REQ, 0, &re->target_k)) != STW_OK ||
	    (rc = read_reid_counts(r, o, &re->level)) != STW_OK ||
	    (rc = get_count(r, o, "l", REQ | NULLOK, -1, &re->l)) != STW_OK ||
	    (rc = each(r, o, "generalisations", read_reid_gen, re)) != STW_OK ||
	    (rc = get_str(r, o, "error", 0, &re->error)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_grant(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "grantee", "privilege", "scope", "columns", NULL };
	struct stw_grant *g;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	g = stw_table_add_grant(ctx, "", "", "");
	if ((rc = get_str(r, o, "grantee", REQ, &g->grantee)) != STW_OK ||
	    (rc = get_str(r, o, "privilege", REQ, &g->privilege)) != STW_OK ||
	    (rc = get_str(r, o, "scope", REQ, &g->scope)) != STW_OK)
		return rc;
	if (json_object_get(o, "columns") != NULL &&
	    (rc = get_strv(r, o, "columns", &g->columns)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_table_access(struct rd *r, json_t *o, struct stw_table *t)
{
	static const char *const keys[] = { "owner", "row_level_security", "policies", "grants", NULL };
	json_t *v;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	t->access.present = 1;
	t->access.rls = -1;
	if ((v = json_object_get(o, "row_level_security")) != NULL && !json_is_null(v) &&
	    (rc = get_bool(r, o, "row_level_security", &t->access.rls)) != STW_OK)
		return rc;
	if ((rc = get_str(r, o, "owner", REQ | NULLOK, &t->access.owner)) != STW_OK ||
	    (rc = get_strv(r, o, "policies", &t->access.policies)) != STW_OK ||
	    (rc = each(r, o, "grants", read_grant, t)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_principal(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "name", "login", "superuser", "bypass_rls", "wildcard",
		"member_of", NULL };
	struct stw_principal *p;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	p = stw_source_add_principal(ctx, "");
	if ((rc = get_str(r, o, "name", REQ, &p->name)) != STW_OK ||
	    (rc = get_bool(r, o, "login", &p->login)) != STW_OK ||
	    (rc = get_bool(r, o, "superuser", &p->superuser)) != STW_OK ||
	    (rc = get_bool(r, o, "bypass_rls", &p->bypass_rls)) != STW_OK ||
	    (rc = get_bool(r, o, "wildcard", &p->wildcard)) != STW_OK ||
	    (rc = get_strv(r, o, "member_of", &p->member_of)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_source_access(struct rd *r, json_t *o, struct stw_source *s)
{
	static const char *const keys[] = { "complete", "problems", "principals",
		"default_privileges", "logging", "logging_evidence", "file", NULL };
	json_t *f;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	s->access.present = 1;
	if ((rc = get_bool(r, o, "complete", &s->access.complete)) != STW_OK ||
	    (rc = get_strv(r, o, "problems", &s->access.problems)) != STW_OK ||
	    (rc = each(r, o, "principals", read_principal, s)) != STW_OK ||
	    (rc = get_strv(r, o, "default_privileges", &s->access.default_privileges)) != STW_OK ||
	    (rc = get_str(r, o, "logging", REQ | NULLOK, &s->access.logging)) != STW_OK ||
	    (rc = get_str(r, o, "logging_evidence", 0, &s->access.logging_evidence)) != STW_OK)
		return rc;
	if ((f = json_object_get(o, "file")) != NULL) {
		static const char *const fkeys[] = { "owner", "group", "mode", NULL };
		size_t m = push_key(r, "file");

		if ((rc = enter_obj(r, f, fkeys)) != STW_OK ||
		    (rc = get_str(r, f, "owner", REQ, &s->access.file_owner)) != STW_OK ||
		    (rc = get_str(r, f, "group", REQ, &s->access.file_group)) != STW_OK ||
		    (rc = get_str(r, f, "mode", REQ, &s->access.file_mode)) != STW_OK)
			return rc;
		pop(r, m);
	}
	return STW_OK;
}

/* Required from version 2; a version-1 table says "sampled" when rows
 * were read and "names" otherwise, which is what that steward did. */
static int
read_classified_by(struct rd *r, json_t *o, struct stw_table *t)
{
	char *s = NULL;
	int rc;

	if (json_object_get(o, "classified_by") == NULL && r->version < 2) {
		t->classified_by = t->rows_sampled > 0 ? STW_BY_SAMPLED : STW_BY_NAMES;
		return STW_OK;
	}
	if ((rc = get_str(r, o, "classified_by", REQ, &s)) != STW_OK)
		return rc;
	if (stw_classified_by_parse(&t->classified_by, s) != STW_OK)
		rc = bad_at(r, "classified_by", "unknown value '%s' (names, sampled or lineage)", s);
	free(s);
	return rc;
}

static int
read_lineage_summary(struct rd *r, json_t *o, struct stw_lineage_summary *ls)
{
	static const char *const keys[] = { "views", "column_level", "table_level", "failed",
		"problems", NULL };
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK ||
	    (rc = get_count(r, o, "views", REQ, 0, &ls->views)) != STW_OK ||
	    (rc = get_count(r, o, "column_level", REQ, 0, &ls->column_level)) != STW_OK ||
	    (rc = get_count(r, o, "table_level", REQ, 0, &ls->table_level)) != STW_OK ||
	    (rc = get_count(r, o, "failed", REQ, 0, &ls->failed)) != STW_OK ||
	    (rc = get_strv(r, o, "problems", &ls->problems)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
read_subject(struct rd *r, json_t *o, struct stw_subject *sj)
{
	static const char *const keys[] = { "kind", "confidence", "source", "evidence", NULL };
	char *s = NULL;
	json_t *v;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK ||
	    (rc = get_str(r, o, "kind", REQ, &s)) != STW_OK)
		return rc;
	if (stw_subject_parse(&sj->kind, s) != STW_OK) {
		rc = bad_at(r, "kind", "unknown subject '%s' (person, person_event, organisation, "
		    "reference or unknown)", s);
		free(s);
		return rc;
	}
	STW_FREE(s);
	if ((rc = field(r, o, "confidence", REQ, &v)) != STW_OK)
		return rc;
	if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1)
		return bad_at(r, "confidence", "expected a number from 0 to 1");
	sj->confidence = json_number_value(v);
	if ((rc = get_str(r, o, "source", REQ, &s)) != STW_OK)
		return rc;
	if (strcmp(s, "config") != 0 && strcmp(s, "inferred") != 0) {
		rc = bad_at(r, "source", "unknown subject source '%s' (inferred or config)", s);
		free(s);
		return rc;
	}
	sj->configured = strcmp(s, "config") == 0;
	STW_FREE(s);
	return get_strv(r, o, "evidence", &sj->evidence);
}

/* primary_key names columns; the model keeps a flag on each column. */
static int
read_primary_key(struct rd *r, json_t *o, struct stw_table *t)
{
	struct stw_strv pk = STW_STRV_INIT;
	int rc;

	if ((rc = get_strv(r, o, "primary_key", &pk)) != STW_OK)
		goto out;
	for (size_t i = 0; i < pk.n; i++) {
		struct stw_column *c = stw_table_find_column(t, pk.v[i]);

		if (c == NULL) {
			size_t m = push_key(r, "primary_key");

			push_index(r, i);
			rc = bad(r, "no column named '%s' in this table", pk.v[i]);
			pop(r, m);
			goto out;
		}
		c->primary_key = 1;
	}
out:
	stw_strv_clear(&pk);
	return rc;
}

static int
read_table(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "schema", "name", "kind", "comment",
		"rows_estimate", "rows_sampled", "sample_method", "classified_by", "purposes", "primary_key",
		"columns", "foreign_keys", "triggers", "definition", "partition_of", "error",
		"retention", "subject", "reidentification", "access", NULL };
	struct stw_table *t = NULL;
	json_t *v;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	{
		/* the table is made with its names (one block) */
		char *schema = NULL, *name = NULL, *kind = NULL;

		if ((rc = get_str(r, o, "schema", REQ, &schema)) == STW_OK &&
		    (rc = get_str(r, o, "name", REQ, &name)) == STW_OK &&
		    (rc = get_str(r, o, "kind", REQ, &kind)) == STW_OK)
			t = stw_source_add_table(ctx, schema, name, kind);
		free(schema);
		free(name);
		free(kind);
		if (rc != STW_OK)
			return rc;
	}
	if ((rc = get_str(r, o, "comment", 0, &t->comment)) != STW_OK ||
	    (rc = get_count(r, o, "rows_estimate", REQ | NULLOK, -1, &t->rows_estimate)) != STW_OK ||
	    (rc = get_count(r, o, "rows_sampled", REQ | NULLOK, -1, &t->rows_sampled)) != STW_OK ||
	    (rc = get_str(r, o, "sample_method", 0, &t->sample_method)) != STW_OK ||
	    (rc = read_classified_by(r, o, t)) != STW_OK ||
	    (rc = get_strv(r, o, "purposes", &t->purposes)) != STW_OK ||
	    (rc = each(r, o, "columns", read_column, t)) != STW_OK ||
	    (rc = read_primary_key(r, o, t)) != STW_OK ||
	    (rc = each(r, o, "foreign_keys", read_fkey, t)) != STW_OK ||
	    (rc = each(r, o, "triggers", read_trigger, t)) != STW_OK ||
	    (rc = get_str(r, o, "definition", 0, &t->definition)) != STW_OK ||
	    (rc = get_str(r, o, "error", 0, &t->error)) != STW_OK)
		return rc;
	if ((v = json_object_get(o, "partition_of")) != NULL) {
		static const char *const pkeys[] = { "schema", "table", NULL };
		size_t m = push_key(r, "partition_of");

		if ((rc = enter_obj(r, v, pkeys)) != STW_OK ||
		    (rc = get_str(r, v, "schema", REQ, &t->parent_schema)) != STW_OK ||
		    (rc = get_str(r, v, "table", REQ, &t->parent)) != STW_OK)
			return rc;
		pop(r, m);
	}
	if ((v = json_object_get(o, "retention")) != NULL) {
		size_t m = push_key(r, "retention");

		if ((rc = read_retention(r, v, stw_table_retain(t))) != STW_OK)
			return rc;
		pop(r, m);
	}
	if ((v = json_object_get(o, "subject")) != NULL) {
		size_t m = push_key(r, "subject");

		if ((rc = read_subject(r, v, &t->subject)) != STW_OK)
			return rc;
		pop(r, m);
	} else if (r->version >= 2) {
		return bad(r, "missing required field 'subject'");
	}
	if ((v = json_object_get(o, "reidentification")) != NULL) {
		size_t m = push_key(r, "reidentification");

		if (t->reid == NULL)
			t->reid = stw_calloc(1, sizeof(*t->reid));
		if ((rc = read_reid(r, v, t->reid)) != STW_OK)
			return rc;
		pop(r, m);
	}
	if ((v = json_object_get(o, "access")) != NULL) {
		size_t m = push_key(r, "access");

		if ((rc = read_table_access(r, v, t)) != STW_OK)
			return rc;
		pop(r, m);
	}
	return STW_OK;
}

static const char *const source_keys[] = { "name", "engine", "server_version", "dsn", "status",
	"errors", "access", "tables", "lineage", NULL };

static int read_source_into(struct rd *r, json_t *o, struct stw_source *s);

static int
read_source(struct rd *r, json_t *o, void *ctx)
{
	const char *const *keys = source_keys;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	return read_source_into(r, o, stw_inventory_add_source(ctx, NULL));
}

/* A source's fields into s (its tables too, when o holds them). */
static int
read_source_into(struct rd *r, json_t *o, struct stw_source *s)
{
	char *status = NULL;
	int rc;

	if ((rc = get_str(r, o, "name", REQ, &s->name)) != STW_OK ||
	    (rc = get_str(r, o, "engine", REQ | NULLOK, &s->engine)) != STW_OK ||
	    (rc = get_str(r, o, "server_version", REQ | NULLOK, &s->server_version)) != STW_OK ||
	    (rc = get_str(r, o, "dsn", REQ | NULLOK, &s->dsn)) != STW_OK ||
	    (rc = get_str(r, o, "status", REQ, &status)) != STW_OK)
		goto out;
	if (strcmp(status, "ok") == 0)
		s->status = STW_SRC_OK;
	else if (strcmp(status, "partial") == 0)
		s->status = STW_SRC_PARTIAL;
	else if (strcmp(status, "error") == 0)
		s->status = STW_SRC_ERROR;
	else {
		rc = bad_at(r, "status", "unknown status '%s' (ok, partial or error)", status);
		goto out;
	}
	if ((rc = get_strv(r, o, "errors", &s->errors)) != STW_OK)
		goto out;
	if (json_object_get(o, "access") != NULL) {
		size_t m = push_key(r, "access");

		if ((rc = read_source_access(r, json_object_get(o, "access"), s)) != STW_OK)
			goto out;
		pop(r, m);
	}
	if ((rc = each(r, o, "tables", read_table, s)) != STW_OK)
		goto out;
	if (json_object_get(o, "lineage") != NULL) {
		size_t m = push_key(r, "lineage");

		if ((rc = read_lineage_summary(r, json_object_get(o, "lineage"), &s->lineage)) != STW_OK)
			goto out;
		pop(r, m);
	} else if (r->version >= 2) {
		rc = bad(r, "missing required field 'lineage'");
		goto out;
	}
out:
	free(status);
	return rc;
}

static void
endpoint_clear(struct stw_endpoint *e)
{
	free(e->source);
	free(e->schema);
	free(e->table);
	free(e->column);
}

static int
read_endpoint(struct rd *r, json_t *o, const char *key, struct stw_endpoint *e)
{
	static const char *const keys[] = { "source", "schema", "table", "column", NULL };
	json_t *v;
	size_t m;
	int rc;

	if ((rc = field(r, o, key, REQ, &v)) != STW_OK)
		return rc;
	m = push_key(r, key);
	if ((rc = enter_obj(r, v, keys)) != STW_OK ||
	    (rc = get_str(r, v, "source", REQ, &e->source)) != STW_OK ||
	    (rc = get_str(r, v, "schema", REQ, &e->schema)) != STW_OK ||
	    (rc = get_str(r, v, "table", REQ, &e->table)) != STW_OK ||
	    (rc = get_str(r, v, "column", 0, &e->column)) != STW_OK)
		return rc;
	pop(r, m);
	return STW_OK;
}

static int
read_edge(struct rd *r, json_t *o, void *ctx)
{
	static const char *const keys[] = { "from", "to", "kind", "evidence", "inference", NULL };
	static const char *const ikeys[] = { "method", "rate", "compared", "confidence", NULL };
	struct stw_edge *e = NULL;
	json_t *v;
	int rc;

	if ((rc = enter_obj(r, o, keys)) != STW_OK)
		return rc;
	{
		/* the edge is made with its ends, kind and evidence (one block) */
		struct stw_endpoint from = { 0 }, to = { 0 };
		char *kind = NULL, *evidence = NULL;

		if ((rc = read_endpoint(r, o, "from", &from)) == STW_OK &&
		    (rc = read_endpoint(r, o, "to", &to)) == STW_OK &&
		    (rc = get_str(r, o, "kind", REQ, &kind)) == STW_OK &&
		    (rc = get_str(r, o, "evidence", REQ | NULLOK, &evidence)) == STW_OK)
			e = stw_inventory_add_edge(ctx, kind, from.source, from.schema, from.table,
			    from.column, to.source, to.schema, to.table, to.column, evidence);
		endpoint_clear(&from);
		endpoint_clear(&to);
		free(kind);
		free(evidence);
		if (rc != STW_OK)
			return rc;
	}
	if ((v = json_object_get(o, "inference")) != NULL) {
		size_t m = push_key(r, "inference");
		struct stw_inference *in = &e->inference;

		in->present = 1;
		if ((rc = enter_obj(r, v, ikeys)) != STW_OK ||
		    (rc = get_str(r, v, "method", REQ, &in->method)) != STW_OK ||
		    (rc = get_real(r, v, "rate", 0.0, 1.0, &in->rate)) != STW_OK ||
		    (rc = get_count(r, v, "compared", REQ, 0, &in->compared)) != STW_OK ||
		    (rc = get_real(r, v, "confidence", 0.0, 1.0, &in->confidence)) != STW_OK)
			return rc;
		if (strcmp(in->method, "join") != 0 && strcmp(in->method, "sketch") != 0)
			return bad_at(r, "method", "expected \"join\" or \"sketch\", not '%s'",
			    in->method);
		pop(r, m);
	}
	return STW_OK;
}

/* Everything of the top object but its sources and lineage. */
static int
read_root_head(struct rd *r, json_t *root, struct stw_inventory *inv)
{
	static const char *const keys[] = { "format", "version", "generated_at", "as_of",
		"tool", "fingerprints", "sources", "lineage", NULL };
	static const char *const tool_keys[] = { "name", "version", NULL };
	static const char *const fp_keys[] = { "hash", "k", "key", "key_id", "note", NULL };
	json_t *v;
	size_t m;
	int rc;

	if (!json_is_object(root))
		return stw_error(r->err, STW_EUSAGE, "%s: not a steward inventory (expected an "
		    "object at the top, not %s)", r->name, type_name(root));
	/* Format and version first: a newer inventory should say so rather than
	 * fail on whatever field changed. */
	v = json_object_get(root, "format");
	if (v == NULL)
		return stw_error(r->err, STW_EUSAGE, "%s: not a steward inventory "
		    "(no \"format\" field)", r->name);
	if (!json_is_string(v) || strcmp(json_string_value(v), STW_INVENTORY_FORMAT) != 0)
		return stw_error(r->err, STW_EUSAGE, "%s: not a steward inventory (format is "
		    "%s%s%s, expected '" STW_INVENTORY_FORMAT "')", r->name,
		    json_is_string(v) ? "'" : "", json_is_string(v) ? json_string_value(v)
		    : type_name(v), json_is_string(v) ? "'" : "");
	v = json_object_get(root, "version");
	if (v == NULL)
		return stw_error(r->err, STW_EUSAGE, "%s: missing inventory \"version\"", r->name);
	if (!json_is_integer(v))
		return stw_error(r->err, STW_EUSAGE, "%s: /version: expected an integer, not %s",
		    r->name, type_name(v));
	if (json_integer_value(v) < STW_INVENTORY_VERSION_MIN ||
	    json_integer_value(v) > STW_INVENTORY_VERSION)
		return stw_error(r->err, STW_EUSAGE, "%s: unsupported inventory version %lld "
		    "(this steward reads versions %d to %d)", r->name,
		    (long long)json_integer_value(v), STW_INVENTORY_VERSION_MIN,
		    STW_INVENTORY_VERSION);
	r->version = json_integer_value(v);
	if ((rc = check_keys(r, root, keys)) != STW_OK ||
	    (rc = get_str(r, root, "generated_at", REQ | NULLOK, &inv->generated_at)) != STW_OK ||
	    (rc = get_str(r, root, "as_of", NULLOK, &inv->as_of)) != STW_OK ||
	    (rc = field(r, root, "tool", REQ, &v)) != STW_OK)
		return rc;
	m = push_key(r, "tool");
	if ((rc = enter_obj(r, v, tool_keys)) != STW_OK ||
	    (rc = get_str(r, v, "name", REQ | NULLOK, &inv->tool_name)) != STW_OK ||
	    (rc = get_str(r, v, "version", REQ | NULLOK, &inv->tool_version)) != STW_OK)
		return rc;
	pop(r, m);
	if ((v = json_object_get(root, "fingerprints")) != NULL) {
		char *hash = NULL;
		long long k = 0;

		m = push_key(r, "fingerprints");
		if ((rc = enter_obj(r, v, fp_keys)) != STW_OK ||
		    (rc = get_str(r, v, "hash", REQ, &hash)) != STW_OK ||
		    (rc = get_count(r, v, "k", REQ, 0, &k)) != STW_OK ||
		    (rc = get_str(r, v, "key", REQ, &inv->fp_key_origin)) != STW_OK ||
		    (rc = get_str(r, v, "key_id", REQ, &inv->fp_key_id)) != STW_OK) {
			free(hash);
			return rc;
		}
		if (strcmp(hash, "siphash-2-4") != 0 || k != STW_FP_K) {
			rc = bad(r, "fingerprints made with %s, k %lld: this steward compares "
			    "siphash-2-4, k %d", hash, k, STW_FP_K);
			free(hash);
			return rc;
		}
		free(hash);
		pop(r, m);
	}
	return STW_OK;
}

static int
read_root(struct rd *r, json_t *root, struct stw_inventory *inv)
{
	int rc;

	if ((rc = read_root_head(r, root, inv)) != STW_OK ||
	    (rc = each(r, root, "sources", read_source, inv)) != STW_OK ||
	    (rc = each(r, root, "lineage", read_edge, inv)) != STW_OK)
		return rc;
	return STW_OK;
}

static int
from_json(struct stw_inventory **out, const char *text, size_t len,
    const char *name_for_errors, unsigned flags, struct stw_err *err)
{
	struct rd r;
	json_error_t jerr;
	json_t *root;
	struct stw_inventory *inv;
	int rc;

	*out = NULL;
	r.flags = flags;
	r.name = name_for_errors != NULL ? name_for_errors : "inventory";
	r.err = err;
	stw_buf_init(&r.path, 0);
	r.last_note = NULL;
	{
		/* Say what is wrong where it is: jansson takes a NUL for the end
		 * of the text, and an empty file for an error at column 0. */
		const char *nul = memchr(text, '\0', len);
		size_t k = 0, line, col;

		while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r'))
			k++;
		if (k == len)
			return stw_error(err, STW_EUSAGE, "%s:1:1: empty file, not a steward inventory",
			    r.name);
		if (nul != NULL) {
			stw_text_pos(text, len, (size_t)(nul - text), &line, &col);
			return stw_error(err, STW_EUSAGE, "%s:%zu:%zu: a NUL byte: not JSON text", r.name,
			    line, col);
		}
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return stw_error(err, STW_EUSAGE, "%s:%d:%d: %s", r.name, jerr.line,
		    jerr.column > 0 ? jerr.column : 1, jerr.text);
	inv = stw_inventory_new();
	rc = read_root(&r, root, inv);
	json_decref(root);
	stw_buf_release(&r.path);
	stw_note_unref(r.last_note);
	if (rc != STW_OK) {
		stw_inventory_free(inv);
		return rc;
	}
	*out = inv;
	return STW_OK;
}

int
stw_inventory_from_json(struct stw_inventory **out, const char *text, size_t len,
    const char *name_for_errors, struct stw_err *err)
{
	return from_json(out, text, len, name_for_errors, 0, err);
}

/* ---- reading a file as a stream ------------------------------------------ */

/*
 * stw_inventory_load reads an inventory without holding the file, or a
 * jansson tree of it, whole (a 100,000-table inventory is half a gigabyte
 * of JSON and a tree several times that).  The skeleton -- the top
 * object, the sources and lineage arrays, each source object and its
 * tables array -- is scanned here; every other value (a table, an edge, a
 * source's other fields) is read into a buffer as it stands in the file,
 * parsed by jansson alone, put into the inventory and dropped.  The checks
 * and messages are the tree reader's, with the same JSON pointers; errors
 * in the text name FILE:LINE:COLUMN.  A document whose members come in
 * another order than steward writes them (the head before "sources", only
 * "lineage" after it) is read whole instead, so that nothing is checked
 * before what it depends on (the version).
 */
struct jin {
	FILE *f;
	const char *name;
	struct stw_err *err;
	size_t line, col;                /* of the next byte, from 1 (columns in characters) */
	int la;                          /* the next byte, EOF, or -2: not read yet */
	struct stw_buf v;                /* the value being read */
	int whole;                       /* not our order: read the document whole */
};

#define JIN_NONE (-2)

/* One reader per stream: getc_unlocked, not getc, which takes the
 * stream's lock for every byte of half a gigabyte. */
static int
jin_peek(struct jin *j)
{
	if (j->la == JIN_NONE)
		j->la = getc_unlocked(j->f);
	return j->la;
}


static int
jin_next(struct jin *j)
{
	int c = jin_peek(j);

	j->la = JIN_NONE;
	if (c == '\n') {
		j->line++;
		j->col = 1;
	} else if (c != EOF && ((unsigned)c & 0xC0) != 0x80) {
		j->col++;
	}
	return c;
}

static int STW_PRINTF(2, 3)
jin_fail(struct jin *j, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (ferror(j->f))
		return stw_error(j->err, STW_EUSAGE, "cannot read '%s': %s", j->name, strerror(errno));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return stw_error(j->err, STW_EUSAGE, "%s:%zu:%zu: %s", j->name, j->line, j->col, msg);
}

static void
jin_ws(struct jin *j)
{
	int c;

	while ((c = jin_peek(j)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		jin_next(j);
}

/* The error at the next byte, which is not what was expected. */
static int
jin_unexpected(struct jin *j, const char *what)
{
	int c = jin_peek(j);

	if (c == '\0')
		return jin_fail(j, "a NUL byte: not JSON text");
	if (c == EOF)
		return jin_fail(j, "unexpected end of file: expected %s", what);
	return jin_fail(j, "expected %s", what);
}

/* Steps over c (after white space), or fails naming what was expected. */
static int
jin_expect(struct jin *j, int c, const char *what)
{
	jin_ws(j);
	if (jin_peek(j) != c)
		return jin_unexpected(j, what);
	jin_next(j);
	return STW_OK;
}

/* After a member or an element: 1 when a ',' says another follows, 0 at
 * the closing bracket, -1 (err set) otherwise. */
static int
jin_more(struct jin *j, int close)
{
	int c;

	jin_ws(j);
	c = jin_peek(j);
	if (c == ',' || c == close) {
		jin_next(j);
		return c == ',';
	}
	jin_unexpected(j, close == '}' ? "',' or '}'" : "',' or ']'");
	return -1;
}

/* Right after an opening bracket: is the container empty? */
static int
jin_empty(struct jin *j, int close)
{
	jin_ws(j);
	if (jin_peek(j) != close)
		return 0;
	jin_next(j);
	return 1;
}

/* One value's bytes into j->v, as they stand: brackets are counted outside
 * strings, a scalar ends at the next delimiter.  *line, *col: where it
 * starts. */
static int
jin_capture(struct jin *j, size_t *line, size_t *col)
{
	int c, depth = 0, in_str = 0, esc = 0;

	jin_ws(j);
	stw_buf_reset(&j->v);
	*line = j->line;
	*col = j->col;
	c = jin_peek(j);
	if (c == EOF || c == '\0')
		return jin_unexpected(j, "a value");
	if (c == ',' || c == ':' || c == '}' || c == ']')
		return jin_fail(j, "expected a value, not '%c'", c);
	if (c != '{' && c != '[' && c != '"') {
		while ((c = jin_peek(j)) != EOF && c != ',' && c != '}' && c != ']' && c != ' ' &&
		    c != '\t' && c != '\n' && c != '\r' && c != '\0' && j->v.len < STW_READ_MAX)
			stw_buf_addc(&j->v, (char)jin_next(j));
		if (c == '\0')
			return jin_fail(j, "a NUL byte: not JSON text");
		return STW_OK;
	}
	for (;;) {
		if ((c = jin_peek(j)) == EOF)
			return jin_fail(j, "unexpected end of file inside a value begun at %zu:%zu",
			    *line, *col);
		if (c == '\0')
			return jin_fail(j, "a NUL byte: not JSON text");
		if (j->v.len >= STW_READ_MAX)
			return stw_error(j->err, STW_EUSAGE, "%s:%zu:%zu: a value larger than steward "
			    "reads (%zu MB)", j->name, *line, *col, STW_READ_MAX >> 20);
		stw_buf_addc(&j->v, (char)jin_next(j));
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"') {
				in_str = 0;
				if (depth == 0)
					return STW_OK;
			}
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && --depth == 0) {
			return STW_OK;
		}
	}
}

/* The next value, parsed (duplicate keys rejected, as everywhere). */
static int
jin_value(struct jin *j, json_t **out)
{
	json_error_t e;
	size_t line, col;
	int rc;

	*out = NULL;
	if ((rc = jin_capture(j, &line, &col)) != STW_OK)
		return rc;
	*out = json_loadb(j->v.buf ? j->v.buf : "", j->v.len, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &e);
	if (*out != NULL)
		return STW_OK;
	/* jansson counts from the start of the value */
	if (e.line > 1)
		line += (size_t)e.line - 1;
	else
		col += (size_t)(e.column > 1 ? e.column - 1 : 0);
	return stw_error(j->err, STW_EUSAGE, "%s:%zu:%zu: %s", j->name, line,
	    e.line > 1 ? (size_t)(e.column > 0 ? e.column : 1) : col, e.text);
}

/* A member's key and its ':'; *key is the caller's. */
static int
jin_key(struct jin *j, char **key)
{
	json_t *k;
	int rc;

	*key = NULL;
	jin_ws(j);
	if (jin_peek(j) != '"')
		return jin_unexpected(j, "a string (an object key)");
	if ((rc = jin_value(j, &k)) != STW_OK)
		return rc;
	*key = stw_strdup(json_string_value(k));
	json_decref(k);
	return jin_expect(j, ':', "':' after an object key");
}

/* A member not seen before in o (the tree reader rejects duplicates too). */
static int
jin_new_key(struct jin *j, json_t *o, const char *key)
{
	if (json_object_get(o, key) == NULL)
		return STW_OK;
	return jin_fail(j, "duplicate object key '%s'", key);
}

/* Reads one element of an array from the stream. */
typedef int (*jin_elem_fn)(struct jin *j, struct rd *r, void *ctx);

/* An array whose elements fn reads one at a time, at pointer /.../key/i;
 * anything but an array is left to the tree reader (j->whole). */
static int
jin_array(struct jin *j, struct rd *r, const char *key, jin_elem_fn fn, void *ctx)
{
	size_t m = push_key(r, key);
	int rc, more;

	jin_ws(j);
	if (jin_peek(j) != '[') {
		j->whole = 1;
		return STW_OK;
	}
	jin_next(j);
	more = !jin_empty(j, ']');
	for (size_t i = 0; more > 0 && !j->whole; i++) {
		size_t mi = push_index(r, i);

		if ((rc = fn(j, r, ctx)) != STW_OK)
			return rc;
		pop(r, mi);
		if (!j->whole && (more = jin_more(j, ']')) < 0)
			return j->err->code;
	}
	pop(r, m);
	return STW_OK;
}

/* An element parsed alone and handed to the tree reader's fn. */
struct jin_tree {
	elem_fn fn;
	void *ctx;
};

static int
jin_tree_elem(struct jin *j, struct rd *r, void *arg)
{
	const struct jin_tree *t = arg;
	json_t *v;
	int rc;

	if ((rc = jin_value(j, &v)) != STW_OK)
		return rc;
	rc = t->fn(r, v, t->ctx);
	json_decref(v);
	return rc;
}

static int
jin_each(struct jin *j, struct rd *r, const char *key, elem_fn fn, void *ctx)
{
	struct jin_tree t = { fn, ctx };

	return jin_array(j, r, key, jin_tree_elem, &t);
}

static int
jin_source(struct jin *j, struct rd *r, void *ctx)
{
	struct stw_inventory *inv = ctx;
	json_t *o;
	struct stw_source *s = NULL;
	char *key = NULL;
	int rc = STW_OK, more;

	jin_ws(j);
	if (jin_peek(j) != '{') {
		j->whole = 1;
		return STW_OK;
	}
	jin_next(j);
	o = json_object();
	more = !jin_empty(j, '}');
	while (more > 0 && !j->whole) {
		if ((rc = jin_key(j, &key)) != STW_OK || (rc = jin_new_key(j, o, key)) != STW_OK)
			goto out;
		if (strcmp(key, "tables") == 0) {
			if (s == NULL)
				s = stw_inventory_add_source(inv, NULL);
			if ((rc = jin_each(j, r, "tables", read_table, s)) != STW_OK)
				goto out;
			json_object_set_new(o, key, json_array());   /* read: seen, and empty */
		} else {
			json_t *v;
			if ((rc = jin_value(j, &v)) != STW_OK)
				goto out;
			json_object_set_new(o, key, v);
		}
		free(key);
		key = NULL;
		if ((more = jin_more(j, '}')) < 0) {
			rc = j->err->code;
			goto out;
		}
	}
	if (!j->whole && (rc = enter_obj(r, o, source_keys)) == STW_OK)
		rc = read_source_into(r, o, s != NULL ? s : stw_inventory_add_source(inv, NULL));
out:
	free(key);
	json_decref(o);
	return rc;
}

/* The document, streamed; j->whole set when it must be read whole. */
static int
jin_root(struct jin *j, struct rd *r, struct stw_inventory *inv)
{
	static const char *const head[] = { "format", "version", "generated_at", "tool", NULL };
	json_t *root = json_object();
	char *key = NULL;
	int rc = STW_OK, more, sources = 0, lineage = 0;

	jin_ws(j);
	if (jin_peek(j) != '{') {          /* empty, not an object: the tree reader's words */
		j->whole = 1;
		goto out;
	}
	jin_next(j);
	more = !jin_empty(j, '}');
	while (more > 0 && !j->whole) {
		if ((rc = jin_key(j, &key)) != STW_OK || (rc = jin_new_key(j, root, key)) != STW_OK)
			goto out;
		if (strcmp(key, "sources") == 0) {
			for (size_t i = 0; head[i] != NULL; i++)
				if (json_object_get(root, head[i]) == NULL)
					j->whole = 1;
			if (j->whole || (rc = read_root_head(r, root, inv)) != STW_OK ||
			    (rc = jin_array(j, r, "sources", jin_source, inv)) != STW_OK || j->whole)
				goto out;
			sources = 1;
			json_object_set_new(root, key, json_array());
		} else if (strcmp(key, "lineage") == 0 && sources) {
			if ((rc = jin_each(j, r, "lineage", read_edge, inv)) != STW_OK)
				goto out;
			lineage = 1;
			json_object_set_new(root, key, json_array());
		} else if (sources) {
			j->whole = 1;                  /* a head member after the sources */
			goto out;
		} else {
			json_t *v;
			if ((rc = jin_value(j, &v)) != STW_OK)
				goto out;
			json_object_set_new(root, key, v);
		}
		free(key);
		key = NULL;
		if (!j->whole && (more = jin_more(j, '}')) < 0) {
			rc = j->err->code;
			goto out;
		}
	}
	if (j->whole)
		goto out;
	if (!sources || !lineage) {
		j->whole = 1;                          /* the tree reader says what is missing */
		goto out;
	}
	jin_ws(j);
	if (jin_peek(j) == '\0')
		rc = jin_unexpected(j, "the end of the file");
	else if (jin_peek(j) != EOF)
		rc = jin_fail(j, "end of file expected after the inventory");
out:
	free(key);
	json_decref(root);
	return rc;
}

int
stw_inventory_load_flags(struct stw_inventory **out, const char *path, unsigned flags,
    struct stw_err *err)
{
	struct stw_inventory *inv;
	struct jin j;
	struct rd r;
	struct stat st;
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	memset(&j, 0, sizeof(j));
	j.f = fopen(path, "rb");
	if (j.f == NULL)
		return stw_error(err, errno == ENOENT ? STW_ENOTFOUND : STW_EUSAGE,
		    "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(j.f), &st) == 0 && S_ISREG(st.st_mode)) {
		j.name = path;
		j.err = err;
		j.line = j.col = 1;
		j.la = JIN_NONE;
		stw_buf_init(&j.v, 0);
		r.version = 0;
		r.flags = flags;
		r.name = path;
		r.err = err;
		stw_buf_init(&r.path, 0);
		r.last_note = NULL;
		inv = stw_inventory_new();
		rc = jin_root(&j, &r, inv);
		stw_buf_release(&j.v);
		stw_buf_release(&r.path);
		stw_note_unref(r.last_note);
		if (rc == STW_OK && !j.whole) {
			fclose(j.f);
			*out = inv;
			return STW_OK;
		}
		stw_inventory_free(inv);
		if (rc != STW_OK) {
			fclose(j.f);
			return rc;
		}
	}
	/* Not a regular file, or not in steward's order: read it whole. */
	fclose(j.f);
	if ((rc = stw_read_file(&text, &len, path, err)) != STW_OK)
		return rc;
	rc = from_json(out, text, len, path, flags, err);
	free(text);
	return rc;
}

int
stw_inventory_load(struct stw_inventory **out, const char *path, struct stw_err *err)
{
	return stw_inventory_load_flags(out, path, 0, err);
}
