/*
 * Fides datasets read back (fides.h, docs/export.md "Round trip").
 *
 * The file is bounded like every YAML steward reads (yamlcheck.h), with a
 * larger size limit: a dataset lists every column of a database.  Only
 * what the round trip needs is read: dataset.meta (steward_source,
 * steward_schema), collections[].name, fields[].name and
 * fields[].data_categories; other fideslang keys are left as they are.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "fides.h"
#include "rules/ruleset.h"
#include "yamlcheck.h"

#define FIDES_MAX_BYTES (64u << 20)

struct rd {
	yaml_document_t doc;
	const char *file;
	const char *text;
	size_t len;
	struct stw_err *err;
	struct stw_fides *out;
};

static yaml_node_t *
nd(struct rd *r, int id)
{
	return yaml_document_get_node(&r->doc, id);
}

static int
fail(struct rd *r, const yaml_node_t *n, const char *fmt, ...) STW_PRINTF(3, 4);

static int
fail(struct rd *r, const yaml_node_t *n, const char *fmt, ...)
{
	struct stw_buf b = STW_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	stw_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (n != NULL)
		rc = stw_error(r->err, STW_EUSAGE, "%s:%zu:%zu: %s", r->file,
		    (size_t)n->start_mark.line + 1, (size_t)n->start_mark.column + 1, b.buf);
	else
		rc = stw_error(r->err, STW_EUSAGE, "%s: %s", r->file, b.buf);
	stw_buf_release(&b);
	return rc;
}

static const char *
sval(const yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *
get(struct rd *r, const yaml_node_t *m, const char *key)
{
	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = sval(nd(r, p->key));

		if (k != NULL && strcmp(k, key) == 0)
			return nd(r, p->value);
	}
	return NULL;
}

static int
is_null(const yaml_node_t *n)
{
	const char *v = sval(n);

	return n == NULL || (v != NULL && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0));
}

static int
want_seq(struct rd *r, const yaml_node_t *n, const char *what)
{
	if (n == NULL || n->type != YAML_SEQUENCE_NODE)
		return fail(r, n, "expected a list for '%s'", what);
	return STW_OK;
}

/* A string key of mapping m that must be there. */
static int
want_str(struct rd *r, const yaml_node_t *m, const char *key, const char *what, const char **out)
{
	const yaml_node_t *v = get(r, m, key);

	if (v == NULL || is_null(v) || sval(v) == NULL)
		return fail(r, v ? v : m, "%s: expected a string for '%s'", what, key);
	*out = sval(v);
	return STW_OK;
}

static int
read_field(struct rd *r, const yaml_node_t *f, const char *source, const char *schema,
    const char *table)
{
	const yaml_node_t *cats;
	const char *name = NULL;
	struct stw_fides_field *ff;
	int rc;

	if (f == NULL || f->type != YAML_MAPPING_NODE)
		return fail(r, f, "expected a mapping for each field of collection '%s'", table);
	if ((rc = want_str(r, f, "name", "field", &name)) != STW_OK)
		return rc;
	if ((cats = get(r, f, "data_categories")) == NULL || is_null(cats))
		return STW_OK;      /* nothing declared: steward decides */
	if (cats->type != YAML_SEQUENCE_NODE)
		return fail(r, cats, "field '%s': expected a list for 'data_categories'", name);
	ff = stw_calloc(1, sizeof(*ff));
	ff->source = stw_strdup(source);
	ff->schema = stw_strdup(schema);
	ff->table = stw_strdup(table);
	ff->column = stw_strdup(name);
	ff->at = stw_asprintf("%s:%zu:%zu", r->file, (size_t)f->start_mark.line + 1,
	    (size_t)f->start_mark.column + 1);
	stw_grow(&r->out->fields, &r->out->afields, r->out->nfields, sizeof(*r->out->fields));
	r->out->fields[r->out->nfields++] = ff;
	for (yaml_node_item_t *it = cats->data.sequence.items.start;
	    it < cats->data.sequence.items.top; it++) {
		const yaml_node_t *c = nd(r, *it);

		if (sval(c) == NULL || is_null(c))
			return fail(r, c ? c : cats, "field '%s': expected category names in "
			    "'data_categories'", name);
		if (!stw_strv_has(&ff->categories, sval(c)))
			stw_strv_push(&ff->categories, sval(c));
	}
	return STW_OK;
}

static int
read_dataset(struct rd *r, const yaml_node_t *ds)
{
	const yaml_node_t *meta, *cols;
	const char *key = "?", *source, *schema;
	int rc;

	if (ds == NULL || ds->type != YAML_MAPPING_NODE)
		return fail(r, ds, "expected a mapping for each dataset");
	if (sval(get(r, ds, "fides_key")) != NULL)
		key = sval(get(r, ds, "fides_key"));
	meta = get(r, ds, "meta");
	if (meta == NULL || sval(get(r, meta, "steward_source")) == NULL ||
	    sval(get(r, meta, "steward_schema")) == NULL)
		return fail(r, meta ? meta : ds, "dataset '%s' does not say which source it "
		    "describes: give it meta: { steward_source: NAME, steward_schema: SCHEMA } "
		    "(steward export --format fides writes them)", key);
	source = sval(get(r, meta, "steward_source"));
	schema = sval(get(r, meta, "steward_schema"));
	cols = get(r, ds, "collections");
	if ((rc = want_seq(r, cols, "collections")) != STW_OK)
		return rc;
	for (yaml_node_item_t *it = cols->data.sequence.items.start;
	    it < cols->data.sequence.items.top; it++) {
		const yaml_node_t *c = nd(r, *it), *fields;
		const char *table = NULL;

		if (c == NULL || c->type != YAML_MAPPING_NODE)
			return fail(r, c, "dataset '%s': expected a mapping for each collection", key);
		if ((rc = want_str(r, c, "name", "collection", &table)) != STW_OK)
			return rc;
		fields = get(r, c, "fields");
		if (fields == NULL || is_null(fields))
			continue;
		if ((rc = want_seq(r, fields, "fields")) != STW_OK)
			return rc;
		for (yaml_node_item_t *f = fields->data.sequence.items.start;
		    f < fields->data.sequence.items.top; f++)
			if ((rc = read_field(r, nd(r, *f), source, schema, table)) != STW_OK)
				return rc;
	}
	return STW_OK;
}

static int
load_text(struct stw_fides *out, const char *text, size_t len, const char *path,
    struct stw_err *err)
{
	yaml_parser_t parser;
	struct rd r;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = stw_yaml_check_limits(text, len, path, err)) != STW_OK)
		return rc;
	r.file = path;
	r.text = text;
	r.len = len;
	r.err = err;
	r.out = out;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &r.doc)) {
		size_t line, col;

		stw_text_pos(text, len, parser.problem_offset, &line, &col);
		rc = stw_error(err, STW_EUSAGE, "%s:%zu:%zu: %s", path, line, col,
		    parser.problem ? parser.problem : "YAML syntax error");
		yaml_parser_delete(&parser);
		return rc;
	}
	{
		yaml_node_t *root = yaml_document_get_root_node(&r.doc), *list;

		if (root == NULL || root->type != YAML_MAPPING_NODE ||
		    (list = get(&r, root, "dataset")) == NULL)
			rc = fail(&r, root, "expected a fideslang file: a mapping with 'dataset', a list "
			    "of datasets");
		else if ((rc = want_seq(&r, list, "dataset")) == STW_OK) {
			for (yaml_node_item_t *it = list->data.sequence.items.start;
			    rc == STW_OK && it < list->data.sequence.items.top; it++)
				rc = read_dataset(&r, nd(&r, *it));
		}
	}
	yaml_document_delete(&r.doc);
	yaml_parser_delete(&parser);
	return rc;
}

static int
load_one(struct stw_fides *out, const char *path, struct stw_err *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = stw_read_file_max(&text, &len, path, FIDES_MAX_BYTES, err)) != STW_OK)
		return rc;
	rc = load_text(out, text, len, path, err);
	free(text);
	return rc;
}

int
stw_fides_from_text(struct stw_fides **out, const char *text, size_t len, const char *name,
    struct stw_err *err)
{
	struct stw_fides *f = stw_calloc(1, sizeof(*f));
	int rc;

	*out = NULL;
	if ((rc = load_text(f, text, len, name, err)) != STW_OK) {
		stw_fides_free(f);
		return rc;
	}
	*out = f;
	return STW_OK;
}

void
stw_fides_free(struct stw_fides *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nfields; i++) {
		struct stw_fides_field *x = f->fields[i];

		free(x->source);
		free(x->schema);
		free(x->table);
		free(x->column);
		free(x->at);
		stw_strv_clear(&x->categories);
		free(x);
	}
	free(f->fields);
	free(f);
}

int
stw_fides_load(struct stw_fides **out, const struct stw_strv *files, struct stw_err *err)
{
	struct stw_fides *f = stw_calloc(1, sizeof(*f));
	int rc;

	*out = NULL;
	for (size_t i = 0; i < files->n; i++)
		if ((rc = load_one(f, files->v[i], err)) != STW_OK) {
			stw_fides_free(f);
			return rc;
		}
	*out = f;
	return STW_OK;
}

/* The sensitivity of a category a council declared: the highest of the
 * rules reporting it or a category under it; else from where it stands in
 * the taxonomy. */
static enum stw_sensitivity
declared_sensitivity(const char *cat, const struct stw_rules *rules)
{
	static const struct { const char *prefix; enum stw_sensitivity s; } table[] = {
		{ "user.health_and_medical", STW_SENS_SPECIAL }, { "user.health", STW_SENS_SPECIAL },
		{ "user.biometric", STW_SENS_SPECIAL }, { "user.biometrics", STW_SENS_SPECIAL },
		{ "user.criminal_history", STW_SENS_SPECIAL },
		{ "user.demographic.philosophical_belief", STW_SENS_SPECIAL },
		{ "user.demographic.union_membership", STW_SENS_SPECIAL },
		{ "user.demographic.political_opinion", STW_SENS_SPECIAL },
		{ "user.demographic.religious_belief", STW_SENS_SPECIAL },
		{ "user.demographic.sexual_orientation", STW_SENS_SPECIAL },
		{ "user.demographic.race_ethnicity", STW_SENS_SPECIAL },
		{ "user.financial", STW_SENS_HIGH }, { "user.government_id", STW_SENS_HIGH },
		{ "user.authorization", STW_SENS_HIGH },
		{ "user.unique_id", STW_SENS_LINKED }, { "user.device", STW_SENS_QUASI },
		{ "user.location", STW_SENS_QUASI }, { "user.demographic", STW_SENS_QUASI },
		{ "user", STW_SENS_PERSONAL },
	};
	enum stw_sensitivity best = STW_SENS_NONE;
	int found = 0;

	for (size_t i = 0; rules != NULL && i < stw_rules_count(rules); i++) {
		struct stw_rule_info ri;

		stw_rules_info(rules, i, &ri);
		if (ri.category != NULL && (strcmp(ri.category, cat) == 0 ||
		    stw_category_under(ri.category, cat))) {
			if (!found || ri.sensitivity > best)
				best = ri.sensitivity;
			found = 1;
		}
	}
	if (found)
		return best;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (stw_category_under(cat, table[i].prefix))
			return table[i].s;
	return STW_SENS_NONE;
}

static int
eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

size_t
stw_fides_apply(struct stw_inventory *inv, const struct stw_fides *f,
    const struct stw_rules *rules)
{
	size_t changed = 0;

	if (f == NULL)
		return 0;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct stw_fides_field *ff = f->fields[i];
		struct stw_source *src = stw_inventory_find_source(inv, ff->source);
		struct stw_table *t = src ? stw_source_find_table(src, ff->schema, ff->table) : NULL;
		struct stw_column *col = t ? stw_table_find_column(t, ff->column) : NULL;
		int touched = 0;

		if (col == NULL)
			continue;     /* not scanned here (another shard), or gone */
		if (ff->categories.n == 0) {
			/* the council's "no personal data" */
			if (col->decision == NULL) {
				stw_column_decide(col);
				col->decision->reason = stw_strdup("no data categories in the Fides dataset");
				col->decision->decided_by = stw_strdup("fides");
				col->decision->at = stw_strdup(ff->at);
				touched = 1;
			}
			while (col->nfindings > 0) {
				const struct stw_finding *fd = col->findings[col->nfindings - 1];
				char *why = stw_asprintf("decided not personal by fides: no data categories "
				    "in the Fides dataset (%s)", ff->at);

				stw_column_add_dismissed(col, fd->rule, fd->category, why);
				free(why);
				stw_column_remove_finding(col, col->nfindings - 1);
				touched = 1;
			}
			changed += touched;
			continue;
		}
		/* What steward found that the council's list lacks is taken back. */
		for (size_t k = col->nfindings; k-- > 0;) {
			const struct stw_finding *fd = col->findings[k];
			char *why;

			if (stw_strv_has(&ff->categories, fd->category))
				continue;
			why = stw_asprintf("not among the categories the Fides dataset declares (%s)",
			    ff->at);
			stw_column_add_dismissed(col, fd->rule, fd->category, why);
			free(why);
			stw_column_remove_finding(col, k);
			touched = 1;
		}
		for (size_t k = 0; k < ff->categories.n; k++) {
			const char *cat = ff->categories.v[k];
			struct stw_finding *fd = stw_column_find_category(col, cat);

			if (fd != NULL) {
				if (fd->evidence == STW_EVID_DECLARED || eq(fd->rule, "fides"))
					continue;
				/* steward agrees: keep its evidence, note the declaration */
				if (fd->note == NULL)
					fd->note = stw_note_take(stw_asprintf("also declared in the Fides dataset (%s)",
					    ff->at));
				continue;
			}
			fd = stw_column_add_finding(col, "fides", cat, declared_sensitivity(cat, rules));
			fd->evidence = STW_EVID_DECLARED;
			fd->confidence = 1.0;
			fd->note = stw_note_take(stw_asprintf("declared in the Fides dataset (%s)", ff->at));
			touched = 1;
		}
		changed += touched;
	}
	return changed;
}
