/*
 * steward locate: the plan (docs/locate.md).
 *
 * From the lookup column the walk follows, breadth first and once per
 * table: the foreign keys of other tables that reference a row already
 * found (orders -> customers, order_items -> orders), the foreign keys of
 * a row already found to a table of events about people (a customer's
 * address row), views over rows already found, and copies along trigger,
 * declared and inferred edges, into other sources too.  A foreign key of
 * a table to itself (manager_id) leads to other people and is not
 * followed; nor is a key to a table of people, an organisation or
 * reference data.  Each step's WHERE clause nests its parent's, so every
 * SELECT needs only the one value looked up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "locate.h"
#include "output/markup.h"
#include "output/explain.h"
#include "scanner/sqltext.h"

const char *
stw_locate_how_name(enum stw_locate_how h)
{
	switch (h) {
	case STW_LOC_ENTRY: return "entry";
	case STW_LOC_FK: return "fk";
	case STW_LOC_REFERENCED: return "referenced";
	case STW_LOC_VIEW: return "view";
	case STW_LOC_COPY: return "copy";
	}
	return "?";
}

/* ---- building --------------------------------------------------------- */

static struct stw_locate_step *
add_step(struct stw_locate_entry *e, const struct stw_source *src, const struct stw_table *t,
    enum stw_locate_how how, size_t from)
{
	struct stw_locate_step *s;

	if (e->nsteps == e->asteps) {
		e->asteps = e->asteps ? 2 * e->asteps : 8;
		e->steps = stw_realloc(e->steps, e->asteps * sizeof(*e->steps));
	}
	s = &e->steps[e->nsteps++];
	memset(s, 0, sizeof(*s));
	s->src = src;
	s->t = t;
	s->how = how;
	s->from = from;
	s->count = -1;
	s->erase = how != STW_LOC_VIEW;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i]->nfindings > 0)
			stw_strv_push(&s->personal, t->columns[i]->name);
	return s;
}

static int
visited(const struct stw_locate_entry *e, const struct stw_table *t)
{
	for (size_t i = 0; i < e->nsteps; i++)
		if (e->steps[i].t == t)
			return 1;
	return 0;
}

static int
same_name(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
fk_targets(const struct stw_fkey *k, const struct stw_table *t)
{
	return same_name(k->ref_table, t->name) &&
	    (k->ref_schema == NULL || t->schema == NULL || same_name(k->ref_schema, t->schema));
}

/* "a" or ("a", "b") */
static void
col_tuple(struct stw_buf *b, const char *engine, const struct stw_strv *cols)
{
	if (cols->n != 1)
		stw_buf_addc(b, '(');
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			stw_buf_adds(b, ", ");
		stw_sql_ident(b, engine, cols->v[i]);
	}
	if (cols->n != 1)
		stw_buf_addc(b, ')');
}

/* cols IN (SELECT pcols FROM parent WHERE parent.where) */
static char *
where_in(const char *engine, const struct stw_strv *cols, const struct stw_locate_step *parent,
    const struct stw_strv *pcols)
{
	struct stw_buf b = STW_BUF_INIT;

	col_tuple(&b, engine, cols);
	stw_buf_adds(&b, " IN (SELECT ");
	for (size_t i = 0; i < pcols->n; i++) {
		if (i)
			stw_buf_adds(&b, ", ");
		stw_sql_ident(&b, engine, pcols->v[i]);
	}
	stw_buf_adds(&b, " FROM ");
	stw_sql_table(&b, engine, parent->t->schema, parent->t->name);
	stw_buf_addf(&b, " WHERE %s)", parent->where);
	return stw_buf_detach(&b);
}

static char *
where_eq(const char *engine, const char *col)
{
	struct stw_buf b = STW_BUF_INIT;

	stw_sql_ident(&b, engine, col);
	stw_buf_addf(&b, " = %s", stw_sql_param(engine));
	return stw_buf_detach(&b);
}

static void
finish_sql(struct stw_locate_step *s)
{
	struct stw_buf b = STW_BUF_INIT;

	if (s->where == NULL)
		return;
	stw_buf_adds(&b, "SELECT * FROM ");
	stw_sql_table(&b, s->src->engine, s->t->schema, s->t->name);
	stw_buf_addf(&b, " WHERE %s", s->where);
	s->sql = stw_buf_detach(&b);
}

/* A table a found row's key may lead to: events about people, or a table
 * of unknown subject that holds personal data; never other people, an
 * organisation or reference data. */
static int
reverse_ok(const struct stw_table *p)
{
	if (p->subject.kind == STW_SUBJ_PERSON_EVENT)
		return 1;
	return p->subject.kind == STW_SUBJ_UNKNOWN && stw_table_max_sensitivity(p) >= STW_SENS_PERSONAL;
}

static const struct stw_table *
find_in(const struct stw_source *src, const char *schema, const char *name)
{
	if (schema != NULL)
		return name != NULL ? stw_source_find_table(src, schema, name) : NULL;
	for (size_t i = 0; i < src->ntables; i++) {
		const struct stw_table *t = src->tables[i];
		if (same_name(t->name, name) && (schema == NULL || same_name(t->schema, schema)))
			return t;
	}
	return NULL;
}

static int
is_entry_col(const struct stw_locate_entry *e, const struct stw_locate_step *s, const char *col)
{
	return s->t == e->t && same_name(col, e->col->name);
}

/*
 * Which tables have a foreign key to a table of a given name: built once
 * per plan, so that a step looks up the tables that may reference it
 * instead of reading every table of its source (a plan over 100,000
 * tables would be quadratic).  Entries are ordered by (hash of the
 * referenced name, source, catalog position): a lookup yields candidates
 * in catalog order, which fk_targets() then confirms.
 */
struct ref_ent {
	uint64_t h;
	size_t si, ti;                   /* source index, table index */
};

/* v: by the referenced name alone; full: by (referenced schema, name),
 * a key without a schema under its own hash. */
struct stw_locate_index {
	const struct stw_inventory *inv;
	struct ref_ent *v, *full;
	size_t n, nfull;
};

static int
ref_cmp(const void *a, const void *b)
{
	const struct ref_ent *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	if (x->si != y->si)
		return x->si < y->si ? -1 : 1;
	return x->ti < y->ti ? -1 : x->ti > y->ti;
}

static uint64_t
name_hash(const char *s)
{
	return stw_hash_parts(&s, 1);
}

static uint64_t
schema_name_hash(const char *schema, const char *name)
{
	const char *parts[2] = { schema, name };

	return stw_hash_parts(parts, 2);
}

/* The first entry of v[0..n) with hash h. */
static size_t
ref_lower(const struct ref_ent *v, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
ref_dedup(struct ref_ent *v, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)          /* a table with two keys to t: once */
		if (w == 0 || ref_cmp(&v[w - 1], &v[i]) != 0)
			v[w++] = v[i];
	return w;
}

struct stw_locate_index *
stw_locate_index_new(const struct stw_inventory *inv)
{
	struct stw_locate_index *r = stw_calloc(1, sizeof(*r));
	size_t n = 0;

	r->inv = inv;
	for (size_t i = 0; i < inv->nsources; i++)
		for (size_t j = 0; j < inv->sources[i]->ntables; j++)
			n += inv->sources[i]->tables[j]->nfkeys;
	r->v = stw_calloc(n + 1, sizeof(*r->v));
	r->full = stw_calloc(n + 1, sizeof(*r->full));
	for (size_t i = 0; i < inv->nsources; i++)
		for (size_t j = 0; j < inv->sources[i]->ntables; j++) {
			const struct stw_table *c = inv->sources[i]->tables[j];
			for (size_t k = 0; k < c->nfkeys; k++) {
				const struct stw_fkey *fk = c->fkeys[k];
				r->v[r->n++] = (struct ref_ent){ name_hash(fk->ref_table), i, j };
				r->full[r->nfull++] = (struct ref_ent){ schema_name_hash(fk->ref_schema,
				    fk->ref_table), i, j };
			}
		}
	qsort(r->v, r->n, sizeof(*r->v), ref_cmp);
	qsort(r->full, r->nfull, sizeof(*r->full), ref_cmp);
	r->n = ref_dedup(r->v, r->n);
	r->nfull = ref_dedup(r->full, r->nfull);
	return r;
}

void
stw_locate_index_free(struct stw_locate_index *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r->full);
	free(r);
}

static void
walk_keys(struct stw_locate_entry *e, size_t si, const struct stw_locate_index *refs)
{
	const struct stw_locate_step *s = &e->steps[si];
	const struct stw_source *src = s->src;
	const struct stw_table *t = s->t;
	const char *engine = src->engine;
	struct ref_ent *cand;
	size_t ncand = 0;

	/* The tables that may reference t, in catalog order: keys naming its
	 * schema or none (fk_targets), or any when t has none. */
	if (t->schema != NULL) {
		uint64_t ha = schema_name_hash(t->schema, t->name), hb = schema_name_hash(NULL, t->name);
		size_t a = ref_lower(refs->full, refs->nfull, ha), b = ref_lower(refs->full, refs->nfull, hb);
		size_t na = 0, nb = 0;

		while (a + na < refs->nfull && refs->full[a + na].h == ha)
			na++;
		while (b + nb < refs->nfull && refs->full[b + nb].h == hb)
			nb++;
		const struct ref_ent *x = refs->full + a, *y = refs->full + b;

		cand = stw_calloc(na + nb + 1, sizeof(*cand));
		for (size_t i = 0, j = 0; i < na || j < nb;)     /* merged in catalog order */
			cand[ncand++] = j >= nb || (i < na && (x[i].si < y[j].si ||
			    (x[i].si == y[j].si && x[i].ti <= y[j].ti))) ? x[i++] : y[j++];
	} else {
		uint64_t h = name_hash(t->name);
		size_t lo = ref_lower(refs->v, refs->n, h), k = 0;

		while (lo + k < refs->n && refs->v[lo + k].h == h)
			k++;
		cand = stw_calloc(k + 1, sizeof(*cand));
		memcpy(cand, refs->v + lo, k * sizeof(*cand));
		ncand = k;
	}
	/* Tables whose foreign keys reference a row found. */
	for (size_t r = 0; r < ncand; r++) {
		const struct stw_table *c;

		if (refs->inv->sources[cand[r].si] != src ||
		    (r > 0 && cand[r].si == cand[r - 1].si && cand[r].ti == cand[r - 1].ti))
			continue;
		c = src->tables[cand[r].ti];

		if (c == t || stw_table_is_partition(c) || visited(e, c) || s->where == NULL)
			continue;
		for (size_t k = 0; k < c->nfkeys; k++) {
			const struct stw_fkey *fk = c->fkeys[k];
			struct stw_locate_step *n;

			if (!fk_targets(fk, t) || fk->columns.n == 0 ||
			    fk->columns.n != fk->ref_columns.n)
				continue;
			n = add_step(e, src, c, STW_LOC_FK, si);
			s = &e->steps[si];
			n->where = where_in(engine, &fk->columns, s, &fk->ref_columns);
			n->why = stw_asprintf("%s.%s -> %s.%s", c->name, fk->columns.v[0], t->name,
			    fk->ref_columns.v[0]);
			if (fk->columns.n > 1) {
				char *w = stw_asprintf("%s (and %zu more key column%s)", n->why,
				    fk->columns.n - 1, fk->columns.n > 2 ? "s" : "");
				free(n->why);
				n->why = w;
			}
			break;
		}
	}
	free(cand);
	/* Rows a found row references, when they are about the person too. */
	for (size_t k = 0; k < t->nfkeys; k++) {
		const struct stw_fkey *fk = t->fkeys[k];
		const struct stw_table *p = find_in(src, fk->ref_schema, fk->ref_table);
		struct stw_locate_step *n;

		s = &e->steps[si];
		if (p == NULL || p == t || visited(e, p) || !reverse_ok(p) || s->where == NULL ||
		    fk->columns.n == 0 || fk->columns.n != fk->ref_columns.n)
			continue;
		n = add_step(e, src, p, STW_LOC_REFERENCED, si);
		s = &e->steps[si];
		n->where = where_in(engine, &fk->ref_columns, s, &fk->columns);
		n->why = stw_asprintf("%s.%s -> %s.%s", t->name, fk->columns.v[0], p->name,
		    fk->ref_columns.v[0]);
	}
}

static void
walk_edges(struct stw_locate_entry *e, const struct stw_inventory *inv, size_t si)
{
	const size_t *from;
	size_t nfrom = stw_inventory_edges_at(inv, STW_EDGE_FROM, e->steps[si].src->name,
	    e->steps[si].t->schema, e->steps[si].t->name, &from);

	for (size_t i = 0; i < nfrom; i++) {
		const struct stw_edge *ed = inv->lineage[from[i]];
		const struct stw_locate_step *s = &e->steps[si];
		const struct stw_source *us;
		const struct stw_table *u;
		struct stw_locate_step *n;
		enum stw_locate_how how;

		if (!same_name(ed->from.source, s->src->name) || !same_name(ed->from.table, s->t->name) ||
		    !same_name(ed->from.schema, s->t->schema))
			continue;
		if (strcmp(ed->kind, "view") == 0 || strcmp(ed->kind, "materialized_view") == 0)
			how = STW_LOC_VIEW;
		else if (strcmp(ed->kind, "trigger") == 0 || strcmp(ed->kind, "declared") == 0 ||
		    strcmp(ed->kind, "inferred") == 0)
			how = STW_LOC_COPY;
		else
			continue;
		if ((us = stw_inventory_find_source(inv, ed->to.source)) == NULL ||
		    (u = find_in(us, ed->to.schema, ed->to.table)) == NULL || visited(e, u))
			continue;
		n = add_step(e, us, u, how, si);
		s = &e->steps[si];
		if (strcmp(ed->kind, "materialized_view") == 0)
			n->erase = 0;
		n->why = stw_asprintf("%s of %s.%s%s%s", ed->kind, s->t->name,
		    ed->from.column ? ed->from.column : "*", ed->evidence ? ": " : "",
		    ed->evidence ? ed->evidence : "");
		if (ed->from.column == NULL || ed->to.column == NULL || s->where == NULL) {
			n->param = stw_strdup("cannot select one person's rows: the lineage to it is "
			    "table-level");
			continue;
		}
		if (is_entry_col(e, s, ed->from.column)) {
			n->where = where_eq(us->engine, ed->to.column);
			n->same_value = 1;
		} else if (us == s->src) {
			struct stw_strv a = STW_STRV_INIT, b = STW_STRV_INIT;
			stw_strv_push(&a, ed->to.column);
			stw_strv_push(&b, ed->from.column);
			n->where = where_in(us->engine, &a, s, &b);
			stw_strv_clear(&a);
			stw_strv_clear(&b);
		} else {
			/* Another source: the value to look for is this person's
			 * value of the copied column, read in the earlier step. */
			n->where = where_eq(us->engine, ed->to.column);
			n->param = stw_asprintf("this person's %s.%s (from the %s.%s step)", s->t->name,
			    ed->from.column, s->src->name, s->t->name);
		}
	}
}

/* Erasure order: a table before every table it references (within the
 * plan); among the free ones, the one reached last (the deepest) first. */
static void
order_steps(struct stw_locate_entry *e)
{
	int *placed = stw_calloc(e->nsteps + 1, sizeof(*placed));
	int next = 1, cycle = 0;

	for (;;) {
		size_t pick = (size_t)-1;

		for (size_t i = e->nsteps; i-- > 0;) {
			const struct stw_locate_step *b = &e->steps[i];
			int blocked = 0;

			if (placed[i] || !b->erase)
				continue;
			for (size_t j = 0; j < e->nsteps && !blocked; j++) {
				const struct stw_locate_step *a = &e->steps[j];
				if (j == i || placed[j] || !a->erase || a->src != b->src)
					continue;
				for (size_t k = 0; k < a->t->nfkeys; k++)
					if (a->t != b->t && fk_targets(a->t->fkeys[k], b->t))
						blocked = 1;
			}
			if (!blocked) {
				pick = i;
				break;
			}
		}
		if (pick == (size_t)-1) {
			for (size_t i = e->nsteps; i-- > 0;)
				if (!placed[i] && e->steps[i].erase) {
					pick = i;
					cycle = 1;
					break;
				}
		}
		if (pick == (size_t)-1)
			break;
		placed[pick] = 1;
		e->steps[pick].order = next++;
	}
	if (cycle)
		e->note = stw_strdup("the foreign keys between these tables form a cycle: clear or "
		    "defer one of the keys before deleting");
	free(placed);
}

static void
build_entry(struct stw_locate *l, const struct stw_inventory *inv, const struct stw_locate_index *refs,
    const struct stw_source *src, const struct stw_table *t, const struct stw_column *col)
{
	struct stw_locate_entry *e;
	struct stw_locate_step *s;
	const struct stw_finding *best = stw_column_top_finding(col);

	if (l->nentries == l->aentries) {
		l->aentries = l->aentries ? 2 * l->aentries : 4;
		l->entries = stw_realloc(l->entries, l->aentries * sizeof(*l->entries));
	}
	e = &l->entries[l->nentries++];
	memset(e, 0, sizeof(*e));
	e->src = src;
	e->t = t;
	e->col = col;
	e->category = best ? stw_strdup(best->category) : NULL;
	s = add_step(e, src, t, STW_LOC_ENTRY, (size_t)-1);
	s->where = where_eq(src->engine, col->name);
	s->same_value = 1;
	s->why = stw_asprintf("the lookup: %s = the value", col->name);
	for (size_t i = 0; i < e->nsteps; i++) {
		if (e->steps[i].how == STW_LOC_VIEW)
			continue;
		walk_keys(e, i, refs);
		walk_edges(e, inv, i);
	}
	/* Parents come before children in steps[], so one pass decides which
	 * SELECTs take the value looked up: all but those below a copy in
	 * another source that was made by key. */
	for (size_t i = 0; i < e->nsteps; i++) {
		struct stw_locate_step *x = &e->steps[i];
		const struct stw_locate_step *p = x->from != (size_t)-1 ? &e->steps[x->from] : NULL;

		finish_sql(x);
		if (x->where == NULL)
			continue;
		if (x->param != NULL) {
			x->same_value = 0;          /* another source's key: set above */
		} else if (p == NULL || p->same_value || x->same_value) {
			x->same_value = 1;
			x->param = stw_asprintf("the value of %s.%s looked up", t->name, col->name);
		} else {
			x->param = stw_strdup(p->param);
		}
	}
	order_steps(e);
}

static void free_entry(struct stw_locate_entry *e);

void
stw_locate_plan_column(struct stw_locate **out, const struct stw_inventory *inv,
    const struct stw_locate_index *refs, const struct stw_source *src,
    const struct stw_table *t, const struct stw_column *col, const char *by)
{
	struct stw_locate *l = stw_calloc(1, sizeof(*l));

	l->by = stw_strdup(by);
	build_entry(l, inv, refs, src, t, col);
	*out = l;
}

static int
plan_by(struct stw_locate **out, const struct stw_inventory *inv,
    const struct stw_locate_index *refs, const char *by, struct stw_err *err)
{
	struct stw_locate *l = stw_calloc(1, sizeof(*l));
	const struct stw_source *src;
	const struct stw_table *t;
	const struct stw_column *col;
	struct stw_err ferr = STW_ERR_INIT;

	*out = NULL;
	l->by = stw_strdup(by);
	if (stw_explain_find(inv, by, &src, &t, &col, &ferr) == STW_OK) {
		if (col == NULL) {
			stw_locate_free(l);
			return stw_error(err, STW_EUSAGE, "locate: '%s' is a table; give a column "
			    "(SOURCE.SCHEMA.TABLE.COLUMN) or a category", by);
		}
		build_entry(l, inv, refs, src, t, col);
		*out = l;
		return STW_OK;
	}
	/* A category: its columns in tables of people, else anywhere. */
	for (int pass = 0; pass < 2 && l->nentries == 0; pass++) {
		for (size_t i = 0; i < inv->nsources; i++) {
			const struct stw_source *s = inv->sources[i];
			for (size_t j = 0; j < s->ntables; j++) {
				const struct stw_table *tt = s->tables[j];
				if (stw_table_is_partition(tt) || tt->definition != NULL ||
				    (pass == 0 && tt->subject.kind != STW_SUBJ_PERSON))
					continue;
				for (size_t c = 0; c < tt->ncolumns; c++) {
					const struct stw_column *cc = tt->columns[c];
					int hit = 0;
					for (size_t f = 0; f < cc->nfindings; f++)
						if (stw_evidence_direct(cc->findings[f]->evidence) &&
						    stw_category_under(cc->findings[f]->category, by))
							hit = 1;
					if (hit)
						build_entry(l, inv, refs, s, tt, cc);
				}
			}
		}
	}
	/* A copy another plan reaches (an analytics copy of the e-mails) is
	 * that plan's step, not a plan of its own. */
	for (size_t i = 0; i < l->nentries;) {
		int reached = 0;
		for (size_t j = 0; j < l->nentries && !reached; j++)
			reached = j != i && stw_locate_covers(&l->entries[j], &l->entries[i]);
		if (!reached) {
			i++;
			continue;
		}
		free_entry(&l->entries[i]);
		memmove(&l->entries[i], &l->entries[i + 1],
		    (l->nentries - i - 1) * sizeof(l->entries[0]));
		l->nentries--;
	}
	if (l->nentries == 0) {
		int looks_cat = strncmp(by, "user", 4) == 0 && strchr(by, '.') != NULL;
		stw_locate_free(l);
		if (looks_cat)
			return stw_error(err, STW_ENOTFOUND, "locate: no column of category '%s' in the "
			    "inventory", by);
		return stw_error(err, STW_ENOTFOUND, "locate: %s", ferr.msg);
	}
	*out = l;
	return STW_OK;
}

int
stw_locate_plan(struct stw_locate **out, const struct stw_inventory *inv, const char *by,
    struct stw_err *err)
{
	struct stw_locate_index *x = stw_locate_index_new(inv);
	int rc = plan_by(out, inv, x, by, err);

	stw_locate_index_free(x);
	return rc;
}

static void
free_entry(struct stw_locate_entry *e)
{
	for (size_t j = 0; j < e->nsteps; j++) {
		struct stw_locate_step *s = &e->steps[j];
		free(s->why);
		free(s->where);
		free(s->sql);
		free(s->param);
		free(s->count_note);
		stw_strv_clear(&s->personal);
	}
	free(e->steps);
	free(e->category);
	free(e->note);
}

void
stw_locate_free(struct stw_locate *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nentries; i++)
		free_entry(&l->entries[i]);
	free(l->entries);
	free(l->by);
	free(l);
}

static int
reaches(const struct stw_locate_entry *from, const struct stw_table *t)
{
	for (size_t k = 1; k < from->nsteps; k++)
		if (from->steps[k].t == t)
			return 1;
	return 0;
}

int
stw_locate_covers(const struct stw_locate_entry *by, const struct stw_locate_entry *e)
{
	return reaches(by, e->t) && !reaches(e, by->t);
}

char *
stw_locate_count_sql(const struct stw_locate_step *s)
{
	if (s->sql == NULL)
		return NULL;
	return stw_asprintf("SELECT count(*) FROM (%s) AS stw_locate", s->sql);
}

/* ---- rendering -------------------------------------------------------- */

static const char *
subject_words(const struct stw_table *t)
{
	switch (t->subject.kind) {
	case STW_SUBJ_PERSON: return "people";
	case STW_SUBJ_PERSON_EVENT: return "events about people";
	case STW_SUBJ_ORGANISATION: return "organisations";
	case STW_SUBJ_REFERENCE: return "reference data";
	case STW_SUBJ_UNKNOWN: break;
	}
	return "unknown subject";
}

static const char *
engine_words(const char *engine)
{
	if (same_name(engine, "postgres"))
		return "PostgreSQL";
	if (same_name(engine, "mysql"))
		return "MySQL/MariaDB";
	if (same_name(engine, "sqlite"))
		return "SQLite";
	return engine ? engine : "?";
}

static void
step_name(struct stw_buf *b, const struct stw_locate_step *s)
{
	stw_buf_addf(b, "%s.%s.%s", s->src->name, s->t->schema ? s->t->schema : "", s->t->name);
}

static size_t
count_erase(const struct stw_locate_entry *e, size_t *nviews, size_t *nsources)
{
	size_t n = 0;
	const struct stw_source *seen[64];
	size_t ns = 0;

	*nviews = 0;
	for (size_t i = 0; i < e->nsteps; i++) {
		int known = 0;
		if (e->steps[i].erase)
			n++;
		else
			(*nviews)++;
		for (size_t k = 0; k < ns; k++)
			if (seen[k] == e->steps[i].src)
				known = 1;
		if (!known && ns < 64)
			seen[ns++] = e->steps[i].src;
	}
	*nsources = ns;
	return n;
}

static const struct stw_locate_step *
by_order(const struct stw_locate_entry *e, int order)
{
	for (size_t i = 0; i < e->nsteps; i++)
		if (e->steps[i].order == order)
			return &e->steps[i];
	return NULL;
}

static void
md_cell(struct stw_buf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '|' || *p == '\\' || *p == '*' || *p == '_' || *p == '`' || *p == '<' ||
		    *p == '[' || *p == ']')
			stw_buf_addc(b, '\\');
		stw_buf_addc(b, *p == '\n' ? ' ' : *p);
	}
}

static void
count_text(struct stw_buf *b, const struct stw_locate_step *s)
{
	if (s->count >= 0)
		stw_buf_addf(b, "%lld row%s", s->count, s->count == 1 ? "" : "s");
	else if (s->count_note != NULL)
		stw_buf_addf(b, "not counted: %s", s->count_note);
}

static void
render_text_entry(struct stw_buf *b, const struct stw_locate_entry *e, int md)
{
	size_t nviews, nsrc, nerase = count_erase(e, &nviews, &nsrc);
	struct stw_buf name = STW_BUF_INIT;
	int counted = 0;

	for (size_t i = 0; i < e->nsteps; i++)
		if (e->steps[i].count >= 0 || e->steps[i].count_note != NULL)
			counted = 1;
	step_name(&name, &e->steps[0]);
	stw_buf_addf(b, md ? "## A person found by `%s.%s`\n\n" : "A person found by %s.%s\n\n",
	    name.buf, e->col->name);
	stw_buf_addf(b, "Looked up in %s (%s, a table of %s)%s%s%s. %zu table%s in %zu source%s "
	    "hold%s their rows", name.buf, engine_words(e->src->engine), subject_words(e->t),
	    e->category ? ", a column of " : "", e->category ? e->category : "", "",
	    nerase, nerase == 1 ? "" : "s", nsrc, nsrc == 1 ? "" : "s", nerase == 1 ? "s" : "");
	if (nviews)
		stw_buf_addf(b, "; %zu view%s show%s them", nviews, nviews == 1 ? "" : "s",
		    nviews == 1 ? "s" : "");
	stw_buf_adds(b, ".\n\n");
	stw_buf_release(&name);
	if (e->note)
		stw_buf_addf(b, "%s%s\n\n", md ? "**Note:** " : "Note: ", e->note);
	stw_buf_adds(b, md ? "Erase in this order (a row that references another before the row it "
	    "references):\n\n| # | table | holds | reached by | personal columns |" :
	    "Erase in this order (a row that references another before the row it references):\n\n");
	if (md) {
		if (counted)
			stw_buf_adds(b, " rows |");
		stw_buf_adds(b, counted ? "\n|---|---|---|---|---|---|\n" : "\n|---|---|---|---|---|\n");
	}
	for (int o = 1;; o++) {
		const struct stw_locate_step *s = by_order(e, o);
		struct stw_buf nm = STW_BUF_INIT, pc = STW_BUF_INIT;

		if (s == NULL)
			break;
		step_name(&nm, s);
		for (size_t i = 0; i < s->personal.n; i++)
			stw_buf_addf(&pc, "%s%s", i ? ", " : "", s->personal.v[i]);
		if (md) {
			stw_buf_addf(b, "| %d | ", o);
			md_cell(b, nm.buf);
			stw_buf_addf(b, " | %s | %s: ", subject_words(s->t), stw_locate_how_name(s->how));
			md_cell(b, s->why);
			stw_buf_adds(b, " | ");
			md_cell(b, pc.len ? pc.buf : "-");
			if (counted) {
				stw_buf_adds(b, " | ");
				count_text(b, s);
			}
			stw_buf_adds(b, " |\n");
		} else {
			stw_buf_addf(b, "  %2d. %s  [%s]  %s: %s\n", o, nm.buf, subject_words(s->t),
			    stw_locate_how_name(s->how), s->why);
			if (pc.len)
				stw_buf_addf(b, "      personal: %s\n", pc.buf);
			if (s->count >= 0 || s->count_note) {
				stw_buf_adds(b, "      ");
				count_text(b, s);
				stw_buf_addc(b, '\n');
			}
		}
		stw_buf_release(&nm);
		stw_buf_release(&pc);
	}
	if (nviews) {
		stw_buf_adds(b, md ? "\nDerived, nothing to erase (a view shows the rows above; a "
		    "materialized view needs a refresh after the erasure):\n\n" :
		    "\nDerived, nothing to erase (a view shows the rows above; a materialized view "
		    "needs a refresh after the erasure):\n");
		for (size_t i = 0; i < e->nsteps; i++) {
			const struct stw_locate_step *s = &e->steps[i];
			struct stw_buf nm = STW_BUF_INIT;
			if (s->erase)
				continue;
			step_name(&nm, s);
			if (md) {
				stw_buf_adds(b, "- ");
				md_cell(b, nm.buf);
				stw_buf_adds(b, ": ");
				md_cell(b, s->why);
				if (s->count >= 0 || s->count_note) {
					stw_buf_adds(b, " (");
					count_text(b, s);
					stw_buf_adds(b, ")");
				}
				stw_buf_addc(b, '\n');
			} else {
				stw_buf_addf(b, "   - %s  %s", nm.buf, s->why);
				if (s->count >= 0 || s->count_note) {
					stw_buf_adds(b, "  (");
					count_text(b, s);
					stw_buf_adds(b, ")");
				}
				stw_buf_addc(b, '\n');
			}
			stw_buf_release(&nm);
		}
	}
	stw_buf_adds(b, md ? "\n### The SELECT for each table\n\nRead-only; the parameter is "
	    "bound, never written into the text (`$1` on PostgreSQL, `?` on MySQL/MariaDB and "
	    "SQLite).\n\n" : "\nThe SELECT for each table (read-only; bind the parameter, never "
	    "paste the value into the text):\n\n");
	for (int pass = 0; pass < 2; pass++) {
		for (int o = 0; o <= (int)e->nsteps; o++) {
			const struct stw_locate_step *s = NULL;
			struct stw_buf nm = STW_BUF_INIT;

			if (pass == 0) {
				if (o == 0 || (s = by_order(e, o)) == NULL)
					continue;
			} else {
				if (o >= (int)e->nsteps || e->steps[o].erase)
					continue;
				s = &e->steps[o];
			}
			step_name(&nm, s);
			if (md) {
				stw_buf_adds(b, "**");
				md_cell(b, nm.buf);
				stw_buf_addf(b, "** (%s; parameter: ", engine_words(s->src->engine));
				md_cell(b, s->param);
				stw_buf_adds(b, ")\n\n");
				if (s->sql) {
					stw_md_code_block(b, "sql", s->sql);
					stw_buf_adds(b, "\n\n");
				}
			} else {
				stw_buf_addf(b, "  %s (%s; parameter: %s)\n", nm.buf,
				    engine_words(s->src->engine), s->param);
				if (s->sql)
					stw_buf_addf(b, "    %s;\n", s->sql);
				stw_buf_addc(b, '\n');
			}
			stw_buf_release(&nm);
		}
	}
}

static json_t *
render_json(const struct stw_locate *l)
{
	json_t *root = json_object(), *entries = json_array();

	json_object_set_new(root, "format", json_string("steward.locate"));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "by", stw_json_text(l->by));
	for (size_t i = 0; i < l->nentries; i++) {
		const struct stw_locate_entry *e = &l->entries[i];
		json_t *je = json_object(), *steps = json_array();

		json_object_set_new(je, "source", stw_json_text(e->src->name));
		json_object_set_new(je, "schema", stw_json_text(e->t->schema));
		json_object_set_new(je, "table", stw_json_text(e->t->name));
		json_object_set_new(je, "column", stw_json_text(e->col->name));
		json_object_set_new(je, "category", stw_json_text(e->category));
		json_object_set_new(je, "note", stw_json_text(e->note));
		for (int pass = 0; pass < 2; pass++) {
			for (size_t o = 0; o <= e->nsteps; o++) {
				const struct stw_locate_step *s = NULL;
				json_t *js, *pc;
				if (pass == 0) {
					if (o == 0 || (s = by_order(e, (int)o)) == NULL)
						continue;
				} else {
					if (o >= e->nsteps || e->steps[o].erase)
						continue;
					s = &e->steps[o];
				}
				js = json_object();
				pc = json_array();
				json_object_set_new(js, "order", s->order ? json_integer(s->order) : json_null());
				json_object_set_new(js, "source", stw_json_text(s->src->name));
				json_object_set_new(js, "engine", stw_json_text(s->src->engine));
				json_object_set_new(js, "schema", stw_json_text(s->t->schema));
				json_object_set_new(js, "table", stw_json_text(s->t->name));
				json_object_set_new(js, "subject", json_string(stw_subject_name(s->t->subject.kind)));
				json_object_set_new(js, "how", json_string(stw_locate_how_name(s->how)));
				json_object_set_new(js, "why", stw_json_text(s->why));
				json_object_set_new(js, "erase", json_boolean(s->erase));
				json_object_set_new(js, "sql", stw_json_text(s->sql));
				json_object_set_new(js, "parameter", stw_json_text(s->param));
				json_object_set_new(js, "same_value", json_boolean(s->same_value));
				for (size_t k = 0; k < s->personal.n; k++)
					json_array_append_new(pc, stw_json_text(s->personal.v[k]));
				json_object_set_new(js, "personal_columns", pc);
				if (s->count >= 0 || s->count_note) {
					json_object_set_new(js, "count", s->count >= 0 ? json_integer(s->count)
					    : json_null());
					json_object_set_new(js, "count_note", stw_json_text(s->count_note));
				}
				json_array_append_new(steps, js);
			}
		}
		json_object_set_new(je, "tables", steps);
		json_array_append_new(entries, je);
	}
	json_object_set_new(root, "entries", entries);
	return root;
}

char *
stw_locate_render(const struct stw_locate *l, const char *format)
{
	struct stw_buf b = STW_BUF_INIT;
	int md = same_name(format, "markdown");

	if (same_name(format, "json")) {
		json_t *j = render_json(l);
		char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		char *r = stw_asprintf("%s\n", s ? s : "{}");
		free(s);
		json_decref(j);
		return r;
	}
	stw_buf_addf(&b, md ? "# Where one person's data lives: %s\n\n" :
	    "Where one person's data lives: %s\n\n", l->by);
	if (l->nentries > 1)
		stw_buf_addf(&b, "%zu columns can find a person by it; each has its own plan.\n\n",
		    l->nentries);
	for (size_t i = 0; i < l->nentries; i++)
		render_text_entry(&b, &l->entries[i], md);
	return stw_buf_detach(&b);
}
