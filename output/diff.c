/*
 * steward diff: compare two inventories by identity and render the changes
 * as text (people), JSON (scripts) or Markdown (a pull-request comment).
 * Each inventory is flattened into sorted lists of keyed records (tables,
 * columns, findings, edges); one merge walk per list finds what was added,
 * removed or retyped.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "output/diff.h"
#include "output/markup.h"

struct rec {
	char *key;                       /* identity, fields joined by \x1f */
	const char *source;
	const struct stw_table *t;
	const struct stw_column *c;
	const struct stw_finding *f;
	const struct stw_edge *e;
};

struct recs {
	struct rec *v;
	size_t n, alloc;
};

static void
recs_push(struct recs *r, char *key, const char *source, const struct stw_table *t,
    const struct stw_column *c, const struct stw_finding *f, const struct stw_edge *e)
{
	stw_grow(&r->v, &r->alloc, r->n + 1, sizeof(r->v[0]));
	r->v[r->n].key = key;
	r->v[r->n].source = source;
	r->v[r->n].t = t;
	r->v[r->n].c = c;
	r->v[r->n].f = f;
	r->v[r->n].e = e;
	r->n++;
}

static void
recs_free(struct recs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].key);
	free(r->v);
	r->v = NULL;
	r->n = r->alloc = 0;
}

static int
cmp_rec(const void *a, const void *b)
{
	return strcmp(((const struct rec *)a)->key, ((const struct rec *)b)->key);
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* Flattens one inventory; findings with the same (column, category) fold
 * into the most sensitive one, as the identity has no rule in it. */
static void
flatten(const struct stw_inventory *inv, struct recs *tabs, struct recs *cols, struct recs *finds,
    struct recs *edges)
{
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tab = src->tables[t];
			recs_push(tabs, stw_asprintf("%s\x1f%s\x1f%s", nz(src->name), nz(tab->schema),
			    nz(tab->name)), src->name, tab, NULL, NULL, NULL);
			for (size_t c = 0; c < tab->ncolumns; c++) {
				const struct stw_column *col = tab->columns[c];
				recs_push(cols, stw_asprintf("%s\x1f%s\x1f%s\x1f%s", nz(src->name), nz(tab->schema),
				    nz(tab->name), nz(col->name)), src->name, tab, col, NULL, NULL);
				for (size_t f = 0; f < col->nfindings; f++) {
					const struct stw_finding *fd = col->findings[f];
					int dup = 0;
					for (size_t g = 0; g < col->nfindings; g++) {
						const struct stw_finding *o = col->findings[g];
						if (g == f || strcmp(nz(o->category), nz(fd->category)) != 0)
							continue;
						if (o->sensitivity > fd->sensitivity ||
						    (o->sensitivity == fd->sensitivity && g < f))
							dup = 1;
					}
					if (dup)
						continue;
					recs_push(finds, stw_asprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s", nz(src->name),
					    nz(tab->schema), nz(tab->name), nz(col->name), nz(fd->category)),
					    src->name, tab, col, fd, NULL);
				}
			}
		}
	}
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		char *from = stw_endpoint_str(&e->from), *to = stw_endpoint_str(&e->to);
		recs_push(edges, stw_asprintf("%s\x1f%s\x1f%s", nz(e->kind), nz(from), nz(to)), NULL, NULL,
		    NULL, NULL, e);
		free(from);
		free(to);
	}
	struct recs *all[] = { tabs, cols, finds, edges };
	for (size_t i = 0; i < 4; i++) {
		if (all[i]->n > 1)
			qsort(all[i]->v, all[i]->n, sizeof(struct rec), cmp_rec);
		/* duplicate identities (e.g. one edge found twice) count once */
		size_t w = 0;
		for (size_t k = 0; k < all[i]->n; k++) {
			if (w > 0 && strcmp(all[i]->v[w - 1].key, all[i]->v[k].key) == 0) {
				free(all[i]->v[k].key);
				continue;
			}
			all[i]->v[w++] = all[i]->v[k];
		}
		all[i]->n = w;
	}
}

static struct stw_diff_item *
add_item(struct stw_diff *d, enum stw_diff_what what, enum stw_diff_change change,
    const struct rec *r)
{
	struct stw_diff_item *it = stw_calloc(1, sizeof(*it));

	it->what = what;
	it->change = change;
	if (r->t != NULL) {
		it->source = stw_strdup(r->source);
		it->schema = stw_strdup(r->t->schema);
		it->table = stw_strdup(r->t->name);
	}
	if (r->c != NULL)
		it->column = stw_strdup(r->c->name);
	if (what == STW_DIFF_COLUMN) {
		if (change == STW_DIFF_REMOVED)
			it->old_type = stw_strdup(r->c->type);
		else
			it->new_type = stw_strdup(r->c->type);
	}
	if (what == STW_DIFF_TABLE)
		it->kind = stw_strdup(r->t->kind);
	if (r->f != NULL) {
		it->category = stw_strdup(r->f->category);
		it->rule = stw_strdup(r->f->rule);
		it->sensitivity = r->f->sensitivity;
	}
	if (r->e != NULL) {
		it->kind = stw_strdup(r->e->kind);
		it->from = stw_endpoint_str(&r->e->from);
		it->to = stw_endpoint_str(&r->e->to);
		it->evidence = stw_strdup(r->e->evidence);
	}
	stw_grow(&d->v, &d->alloc, d->n + 1, sizeof(d->v[0]));
	d->v[d->n++] = it;
	d->count[what][change]++;
	return it;
}

static int
table_in(const struct recs *tabs, const struct rec *col)
{
	struct rec key;
	int found;

	key.key = stw_asprintf("%s\x1f%s\x1f%s", nz(col->source), nz(col->t->schema), nz(col->t->name));
	found = tabs->n > 0 && bsearch(&key, tabs->v, tabs->n, sizeof(struct rec), cmp_rec) != NULL;
	free(key.key);
	return found;
}

static void
merge(struct stw_diff *d, enum stw_diff_what what, const struct recs *a, const struct recs *b,
    const struct recs *atabs, const struct recs *btabs)
{
	size_t i = 0, j = 0;

	while (i < a->n || j < b->n) {
		int c = i >= a->n ? 1 : j >= b->n ? -1 : strcmp(a->v[i].key, b->v[j].key);
		if (c < 0) {
			/* a column of a removed table is reported with the table */
			if (what != STW_DIFF_COLUMN || table_in(btabs, &a->v[i]))
				add_item(d, what, STW_DIFF_REMOVED, &a->v[i]);
			i++;
		} else if (c > 0) {
			if (what != STW_DIFF_COLUMN || table_in(atabs, &b->v[j]))
				add_item(d, what, STW_DIFF_ADDED, &b->v[j]);
			j++;
		} else {
			if (what == STW_DIFF_COLUMN &&
			    strcmp(nz(a->v[i].c->type), nz(b->v[j].c->type)) != 0) {
				struct stw_diff_item *it = add_item(d, what, STW_DIFF_RETYPED, &b->v[j]);
				it->old_type = stw_strdup(a->v[i].c->type);
			}
			i++;
			j++;
		}
	}
}

static char *
item_name(const struct stw_diff_item *it)
{
	if (it->what == STW_DIFF_EDGE)
		return stw_asprintf("%s -> %s", nz(it->from), nz(it->to));
	if (it->column != NULL)
		return stw_asprintf("%s.%s.%s.%s", nz(it->source), nz(it->schema), nz(it->table), it->column);
	return stw_asprintf("%s.%s.%s", nz(it->source), nz(it->schema), nz(it->table));
}

static int
cmp_item(const void *a, const void *b)
{
	const struct stw_diff_item *x = *(struct stw_diff_item *const *)a;
	const struct stw_diff_item *y = *(struct stw_diff_item *const *)b;
	char *nx, *ny;
	int c;

	if (x->what != y->what)
		return x->what < y->what ? -1 : 1;
	nx = item_name(x);
	ny = item_name(y);
	c = strcmp(nx, ny);
	free(nx);
	free(ny);
	if (c != 0)
		return c;
	if (x->change != y->change)
		return x->change < y->change ? -1 : 1;
	if ((c = strcmp(nz(x->category), nz(y->category))) != 0)
		return c;
	return strcmp(nz(x->kind), nz(y->kind));
}

int
stw_diff_compute(struct stw_diff **out, const struct stw_inventory *old_inv,
    const struct stw_inventory *new_inv, struct stw_err *err)
{
	struct recs a[4] = { { 0 } }, b[4] = { { 0 } };
	struct stw_diff *d;

	*out = NULL;
	if (old_inv == NULL || new_inv == NULL)
		return stw_error(err, STW_EUSAGE, "diff needs two inventories");
	d = stw_calloc(1, sizeof(*d));
	flatten(old_inv, &a[0], &a[1], &a[2], &a[3]);
	flatten(new_inv, &b[0], &b[1], &b[2], &b[3]);
	merge(d, STW_DIFF_TABLE, &a[0], &b[0], &a[0], &b[0]);
	merge(d, STW_DIFF_COLUMN, &a[1], &b[1], &a[0], &b[0]);
	merge(d, STW_DIFF_FINDING, &a[2], &b[2], &a[0], &b[0]);
	merge(d, STW_DIFF_EDGE, &a[3], &b[3], &a[0], &b[0]);
	for (int i = 0; i < 4; i++) {
		recs_free(&a[i]);
		recs_free(&b[i]);
	}
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(d->v[0]), cmp_item);
	*out = d;
	return STW_OK;
}

void
stw_diff_free(struct stw_diff *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct stw_diff_item *it = d->v[i];
		free(it->source);
		free(it->schema);
		free(it->table);
		free(it->column);
		free(it->kind);
		free(it->old_type);
		free(it->new_type);
		free(it->category);
		free(it->rule);
		free(it->from);
		free(it->to);
		free(it->evidence);
		free(it);
	}
	free(d->v);
	free(d);
}

int
stw_diff_format_parse(enum stw_diff_format *out, const char *s)
{
	if (s == NULL)
		return STW_EUSAGE;
	if (strcmp(s, "text") == 0)
		*out = STW_DIFF_FMT_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = STW_DIFF_FMT_JSON;
	else if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
		*out = STW_DIFF_FMT_MARKDOWN;
	else
		return STW_EUSAGE;
	return STW_OK;
}

static const char *const what_names[] = { "", "table", "column", "finding", "edge" };
static const char *const change_names[] = { "", "added", "removed", "retyped" };

/* ---- text ---- */

static void
text_item(struct stw_buf *b, const struct stw_diff_item *it)
{
	char *name = item_name(it);
	char sign = it->change == STW_DIFF_ADDED ? '+' : it->change == STW_DIFF_REMOVED ? '-' : '~';

	switch (it->what) {
	case STW_DIFF_TABLE:
		stw_buf_addf(b, "%c table    %s (%s)\n", sign, name, nz(it->kind));
		break;
	case STW_DIFF_COLUMN:
		if (it->change == STW_DIFF_RETYPED)
			stw_buf_addf(b, "%c column   %s: %s -> %s\n", sign, name, nz(it->old_type),
			    nz(it->new_type));
		else
			stw_buf_addf(b, "%c column   %s %s\n", sign, name, nz(it->new_type ? it->new_type :
			    it->old_type));
		break;
	case STW_DIFF_FINDING:
		stw_buf_addf(b, "%c finding  %s: %s (%s, rule %s)\n", sign, name, nz(it->category),
		    stw_sensitivity_name(it->sensitivity), nz(it->rule));
		break;
	case STW_DIFF_EDGE:
		stw_buf_addf(b, "%c lineage  %s: %s\n", sign, nz(it->kind), name);
		break;
	}
	free(name);
}

static char *
render_text(const struct stw_diff *d, const char *old_name, const char *new_name)
{
	struct stw_buf b = STW_BUF_INIT;

	stw_buf_addf(&b, "steward diff: %s -> %s\n", old_name, new_name);
	stw_buf_addf(&b, "tables:   +%zu -%zu\n", d->count[STW_DIFF_TABLE][STW_DIFF_ADDED],
	    d->count[STW_DIFF_TABLE][STW_DIFF_REMOVED]);
	stw_buf_addf(&b, "columns:  +%zu -%zu ~%zu\n", d->count[STW_DIFF_COLUMN][STW_DIFF_ADDED],
	    d->count[STW_DIFF_COLUMN][STW_DIFF_REMOVED], d->count[STW_DIFF_COLUMN][STW_DIFF_RETYPED]);
	stw_buf_addf(&b, "findings: +%zu -%zu\n", d->count[STW_DIFF_FINDING][STW_DIFF_ADDED],
	    d->count[STW_DIFF_FINDING][STW_DIFF_REMOVED]);
	stw_buf_addf(&b, "lineage:  +%zu -%zu\n", d->count[STW_DIFF_EDGE][STW_DIFF_ADDED],
	    d->count[STW_DIFF_EDGE][STW_DIFF_REMOVED]);
	if (d->n == 0) {
		stw_buf_adds(&b, "\nno changes\n");
		return stw_buf_detach(&b);
	}
	stw_buf_addc(&b, '\n');
	for (size_t i = 0; i < d->n; i++)
		text_item(&b, d->v[i]);
	return stw_buf_detach(&b);
}

/* ---- JSON ---- */


static char *
render_json(const struct stw_diff *d, const char *old_name, const char *new_name)
{
	json_t *root = json_object(), *sum = json_object(), *changes = json_array();
	static const char *const sum_names[] = { "", "tables", "columns", "findings", "lineage" };
	char *text, *out;

	json_object_set_new(root, "format", json_string("steward.diff"));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "old", stw_json_text(old_name));
	json_object_set_new(root, "new", stw_json_text(new_name));
	for (int w = STW_DIFF_TABLE; w <= STW_DIFF_EDGE; w++) {
		json_t *o = json_object();
		json_object_set_new(o, "added", json_integer((json_int_t)d->count[w][STW_DIFF_ADDED]));
		json_object_set_new(o, "removed", json_integer((json_int_t)d->count[w][STW_DIFF_REMOVED]));
		if (w == STW_DIFF_COLUMN)
			json_object_set_new(o, "retyped", json_integer((json_int_t)d->count[w][STW_DIFF_RETYPED]));
		json_object_set_new(sum, sum_names[w], o);
	}
	json_object_set_new(root, "summary", sum);
	for (size_t i = 0; i < d->n; i++) {
		const struct stw_diff_item *it = d->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "what", json_string(what_names[it->what]));
		json_object_set_new(o, "change", json_string(change_names[it->change]));
		if (it->what == STW_DIFF_EDGE) {
			json_object_set_new(o, "kind", stw_json_text(it->kind));
			json_object_set_new(o, "from", stw_json_text(it->from));
			json_object_set_new(o, "to", stw_json_text(it->to));
			json_object_set_new(o, "evidence", stw_json_text(it->evidence));
		} else {
			json_object_set_new(o, "source", stw_json_text(it->source));
			json_object_set_new(o, "schema", stw_json_text(it->schema));
			json_object_set_new(o, "table", stw_json_text(it->table));
			if (it->what != STW_DIFF_TABLE)
				json_object_set_new(o, "column", stw_json_text(it->column));
		}
		if (it->what == STW_DIFF_TABLE)
			json_object_set_new(o, "kind", stw_json_text(it->kind));
		if (it->what == STW_DIFF_COLUMN) {
			json_object_set_new(o, "old_type", stw_json_text(it->old_type));
			json_object_set_new(o, "new_type", stw_json_text(it->new_type));
		}
		if (it->what == STW_DIFF_FINDING) {
			json_object_set_new(o, "category", stw_json_text(it->category));
			json_object_set_new(o, "sensitivity", json_string(stw_sensitivity_name(it->sensitivity)));
			json_object_set_new(o, "rule", stw_json_text(it->rule));
		}
		json_array_append_new(changes, o);
	}
	json_object_set_new(root, "changes", changes);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	out = stw_asprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}

/* ---- Markdown ---- */

/* A table cell holding a name: code span, with the characters that would
 * end the span or the cell replaced or escaped. */
static void
md_code(struct stw_buf *b, const char *s)
{
	stw_buf_addc(b, '`');
	for (const char *p = nz(s); *p; p++) {
		if (*p == '`')
			stw_buf_addc(b, '\'');
		else if (*p == '|')
			stw_buf_adds(b, "\\|");
		else if (*p == '\n' || *p == '\r')
			stw_buf_addc(b, ' ');
		else
			stw_buf_addc(b, *p);
	}
	stw_buf_addc(b, '`');
}

static const char *
md_change(enum stw_diff_change c)
{
	return c == STW_DIFF_ADDED ? "added" : c == STW_DIFF_REMOVED ? "removed" : "retyped";
}

static char *
render_markdown(const struct stw_diff *d, const char *old_name, const char *new_name)
{
	struct stw_buf b = STW_BUF_INIT;
	size_t nf = d->count[STW_DIFF_FINDING][STW_DIFF_ADDED];

	stw_buf_adds(&b, "### steward diff\n\n");
	stw_buf_adds(&b, "Comparing ");
	md_code(&b, old_name);
	stw_buf_adds(&b, " with ");
	md_code(&b, new_name);
	stw_buf_adds(&b, ".\n\n");
	if (nf > 0)
		stw_buf_addf(&b, "> **%zu new personal-data finding%s** in this change.\n\n", nf,
		    nf == 1 ? "" : "s");
	stw_buf_adds(&b, "| | added | removed | retyped |\n|---|---:|---:|---:|\n");
	stw_buf_addf(&b, "| tables | %zu | %zu | |\n", d->count[STW_DIFF_TABLE][STW_DIFF_ADDED],
	    d->count[STW_DIFF_TABLE][STW_DIFF_REMOVED]);
	stw_buf_addf(&b, "| columns | %zu | %zu | %zu |\n", d->count[STW_DIFF_COLUMN][STW_DIFF_ADDED],
	    d->count[STW_DIFF_COLUMN][STW_DIFF_REMOVED], d->count[STW_DIFF_COLUMN][STW_DIFF_RETYPED]);
	stw_buf_addf(&b, "| personal-data findings | %zu | %zu | |\n", nf,
	    d->count[STW_DIFF_FINDING][STW_DIFF_REMOVED]);
	stw_buf_addf(&b, "| lineage edges | %zu | %zu | |\n", d->count[STW_DIFF_EDGE][STW_DIFF_ADDED],
	    d->count[STW_DIFF_EDGE][STW_DIFF_REMOVED]);
	if (d->n == 0) {
		stw_buf_adds(&b, "\nNo changes.\n");
		return stw_buf_detach(&b);
	}

	static const enum stw_diff_what order[] = { STW_DIFF_FINDING, STW_DIFF_TABLE, STW_DIFF_COLUMN,
		STW_DIFF_EDGE };
	for (size_t k = 0; k < 4; k++) {
		enum stw_diff_what w = order[k];
		size_t cnt = d->count[w][STW_DIFF_ADDED] + d->count[w][STW_DIFF_REMOVED] +
		    d->count[w][STW_DIFF_RETYPED];
		if (cnt == 0)
			continue;
		switch (w) {
		case STW_DIFF_FINDING:
			stw_buf_adds(&b, "\n#### Personal-data findings\n\n| change | column | category | "
			    "sensitivity | rule |\n|---|---|---|---|---|\n");
			break;
		case STW_DIFF_TABLE:
			stw_buf_adds(&b, "\n#### Tables\n\n| change | table | kind |\n|---|---|---|\n");
			break;
		case STW_DIFF_COLUMN:
			stw_buf_adds(&b, "\n#### Columns\n\n| change | column | old type | new type |\n"
			    "|---|---|---|---|\n");
			break;
		case STW_DIFF_EDGE:
			stw_buf_adds(&b, "\n#### Lineage\n\n| change | kind | from | to |\n|---|---|---|---|\n");
			break;
		}
		for (size_t i = 0; i < d->n; i++) {
			const struct stw_diff_item *it = d->v[i];
			char *name;
			if (it->what != w)
				continue;
			name = item_name(it);
			stw_buf_addf(&b, "| %s | ", md_change(it->change));
			switch (w) {
			case STW_DIFF_FINDING:
				md_code(&b, name);
				stw_buf_adds(&b, " | ");
				md_code(&b, it->category);
				stw_buf_addf(&b, " | %s | ", stw_sensitivity_name(it->sensitivity));
				md_code(&b, it->rule);
				break;
			case STW_DIFF_TABLE:
				md_code(&b, name);
				stw_buf_adds(&b, " | ");
				stw_buf_adds(&b, nz(it->kind));
				break;
			case STW_DIFF_COLUMN:
				md_code(&b, name);
				stw_buf_adds(&b, " | ");
				if (it->old_type)
					md_code(&b, it->old_type);
				stw_buf_adds(&b, " | ");
				if (it->new_type)
					md_code(&b, it->new_type);
				break;
			case STW_DIFF_EDGE:
				stw_buf_adds(&b, nz(it->kind));
				stw_buf_adds(&b, " | ");
				md_code(&b, it->from);
				stw_buf_adds(&b, " | ");
				md_code(&b, it->to);
				break;
			}
			stw_buf_adds(&b, " |\n");
			free(name);
		}
	}
	return stw_buf_detach(&b);
}

char *
stw_diff_render(const struct stw_diff *d, enum stw_diff_format f, const char *old_name,
    const char *new_name)
{
	switch (f) {
	case STW_DIFF_FMT_TEXT: return render_text(d, nz(old_name), nz(new_name));
	case STW_DIFF_FMT_JSON: return render_json(d, old_name, new_name);
	case STW_DIFF_FMT_MARKDOWN: return render_markdown(d, nz(old_name), nz(new_name));
	}
	STW_BUG("unknown diff format %d", (int)f);
}
