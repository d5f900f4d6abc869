/*
 * The inventory model: constructors, the one recursive free, lookups,
 * sensitivity/evidence/status names and the deterministic sort.  The JSON
 * writer and reader live in inventory_json.c.
 *
 * Children are kept in arrays of pointers (see inventory.h), so a pointer
 * returned by an add function stays valid while the list grows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"

static const char *const sens_names[] = {
	[STW_SENS_NONE] = "none",
	[STW_SENS_LINKED] = "linked",
	[STW_SENS_QUASI] = "quasi",
	[STW_SENS_PERSONAL] = "personal",
	[STW_SENS_HIGH] = "high",
	[STW_SENS_SPECIAL] = "special",
};

const char *
stw_sensitivity_name(enum stw_sensitivity s)
{
	if ((unsigned)s < sizeof(sens_names) / sizeof(sens_names[0]))
		return sens_names[s];
	return "unknown";
}

int
stw_sensitivity_parse(enum stw_sensitivity *out, const char *s)
{
	for (size_t i = 0; s != NULL && i < sizeof(sens_names) / sizeof(sens_names[0]); i++) {
		if (strcmp(s, sens_names[i]) == 0) {
			*out = (enum stw_sensitivity)i;
			return STW_OK;
		}
	}
	return STW_EUSAGE;
}

static const char *const evid_names[] = {
	[STW_EVID_NAME] = "name",
	[STW_EVID_VALUE] = "value",
	[STW_EVID_BOTH] = "name+value",
	[STW_EVID_INHERITED] = "inherited",
	[STW_EVID_SUBJECT] = "subject",
	[STW_EVID_FK] = "fk",
	[STW_EVID_DECLARED] = "declared",
};

int
stw_evidence_direct(enum stw_evidence e)
{
	return e == STW_EVID_NAME || e == STW_EVID_VALUE || e == STW_EVID_BOTH ||
	    e == STW_EVID_DECLARED;
}

static const char *const by_names[] = {
	[STW_BY_NAMES] = "names",
	[STW_BY_SAMPLED] = "sampled",
	[STW_BY_LINEAGE] = "lineage",
};

int
stw_table_is_partition(const struct stw_table *t)
{
	return t != NULL && t->kind != NULL && strcmp(t->kind, "partition") == 0;
}

const char *
stw_classified_by_name(enum stw_classified_by b)
{
	if ((unsigned)b < sizeof(by_names) / sizeof(by_names[0]))
		return by_names[b];
	return "names";
}

int
stw_classified_by_parse(enum stw_classified_by *out, const char *s)
{
	for (size_t i = 0; s != NULL && i < sizeof(by_names) / sizeof(by_names[0]); i++) {
		if (strcmp(s, by_names[i]) == 0) {
			*out = (enum stw_classified_by)i;
			return STW_OK;
		}
	}
	return STW_EUSAGE;
}

static const char *const subj_names[] = {
	[STW_SUBJ_UNKNOWN] = "unknown",
	[STW_SUBJ_PERSON] = "person",
	[STW_SUBJ_PERSON_EVENT] = "person_event",
	[STW_SUBJ_ORGANISATION] = "organisation",
	[STW_SUBJ_REFERENCE] = "reference",
};

const char *
stw_subject_name(enum stw_subject_kind k)
{
	if ((unsigned)k < sizeof(subj_names) / sizeof(subj_names[0]))
		return subj_names[k];
	return "unknown";
}

int
stw_subject_parse(enum stw_subject_kind *out, const char *s)
{
	for (size_t i = 0; s != NULL && i < sizeof(subj_names) / sizeof(subj_names[0]); i++) {
		if (strcmp(s, subj_names[i]) == 0) {
			*out = (enum stw_subject_kind)i;
			return STW_OK;
		}
	}
	return STW_EUSAGE;
}

const char *
stw_evidence_name(enum stw_evidence e)
{
	if ((unsigned)e < sizeof(evid_names) / sizeof(evid_names[0]) && evid_names[e] != NULL)
		return evid_names[e];
	return "unknown";
}

int
stw_evidence_parse(enum stw_evidence *out, const char *s)
{
	for (size_t i = 0; s != NULL && i < sizeof(evid_names) / sizeof(evid_names[0]); i++) {
		if (evid_names[i] != NULL && strcmp(s, evid_names[i]) == 0) {
			*out = (enum stw_evidence)i;
			return STW_OK;
		}
	}
	return STW_EUSAGE;
}

const char *
stw_source_status_name(enum stw_source_status s)
{
	switch (s) {
	case STW_SRC_OK: return "ok";
	case STW_SRC_PARTIAL: return "partial";
	case STW_SRC_ERROR: return "error";
	}
	return "error";
}

/* ---- constructors ---------------------------------------------------- */

struct stw_inventory *
stw_inventory_new(void)
{
	return stw_calloc(1, sizeof(struct stw_inventory));
}

struct stw_source *
stw_inventory_add_source(struct stw_inventory *inv, const char *name)
{
	struct stw_source *s = stw_calloc(1, sizeof(*s));

	s->name = stw_strdup(name);
	s->status = STW_SRC_OK;
	stw_grow(&inv->sources, &inv->asources, inv->nsources, sizeof(*inv->sources));
	inv->sources[inv->nsources++] = s;
	return s;
}

/* A struct and copies of its fixed strings in one allocation: the
 * strings follow the struct (packed_len to size it, packed_put to fill
 * it).  A 100,000-table inventory holds millions of names; a block of
 * their own each cost more in the allocator's headers than the names. */
static size_t
packed_len(const char *s)
{
	return s != NULL ? strlen(s) + 1 : 0;
}

static char *
packed_put(char **cur, const char *s)
{
	char *at = *cur;
	size_t len;

	if (s == NULL)
		return NULL;
	len = strlen(s) + 1;
	memcpy(at, s, len);
	*cur += len;
	return at;
}

struct stw_table *
stw_source_add_table(struct stw_source *src, const char *schema, const char *name,
    const char *kind)
{
	/* A table is the common case; a NULL kind would make an invalid document. */
	const char *k = kind != NULL ? kind : "table";
	struct stw_table *t = stw_calloc(1, sizeof(*t) + packed_len(schema) + packed_len(name) +
	    packed_len(k));
	char *cur = (char *)(t + 1);

	t->schema = packed_put(&cur, schema);
	t->name = packed_put(&cur, name);
	t->kind = packed_put(&cur, k);
	t->rows_estimate = -1;
	t->rows_sampled = -1;
	stw_grow(&src->tables, &src->atables, src->ntables, sizeof(*src->tables));
	src->tables[src->ntables++] = t;
	return t;
}

struct stw_column *
stw_table_add_column(struct stw_table *t, const char *name, const char *type, int nullable)
{
	struct stw_column *c = stw_calloc(1, sizeof(*c) + packed_len(name) + packed_len(type));
	char *cur = (char *)(c + 1);

	c->name = packed_put(&cur, name);
	c->type = packed_put(&cur, type);
	c->nullable = nullable ? 1 : 0;
	stw_grow32(&t->columns, &t->acolumns, t->ncolumns, sizeof(*t->columns));
	t->columns[t->ncolumns++] = c;
	return c;
}

struct stw_finding *
stw_column_add_finding(struct stw_column *c, const char *rule, const char *category,
    enum stw_sensitivity sens)
{
	struct stw_finding *f = stw_calloc(1, sizeof(*f) + packed_len(rule) + packed_len(category));
	char *cur = (char *)(f + 1);

	f->rule = packed_put(&cur, rule);
	f->category = packed_put(&cur, category);
	f->sensitivity = sens;
	f->evidence = STW_EVID_NAME;
	stw_grow32(&c->findings, &c->afindings, c->nfindings, sizeof(*c->findings));
	c->findings[c->nfindings++] = f;
	return f;
}

/* The count sits in the 8 bytes before the text, so that a note reads as
 * any string. */
char *
stw_note_take(char *text)
{
	size_t len, *blk;

	if (text == NULL)
		return NULL;
	len = strlen(text);
	blk = stw_malloc(sizeof(size_t) + len + 1);
	blk[0] = 1;
	memcpy(blk + 1, text, len + 1);
	free(text);
	return (char *)(blk + 1);
}

char *
stw_note_ref(char *note)
{
	if (note != NULL)
		((size_t *)(void *)note)[-1]++;
	return note;
}

void
stw_note_unref(char *note)
{
	size_t *blk;

	if (note == NULL)
		return;
	blk = (size_t *)(void *)note - 1;
	if (--blk[0] == 0)
		free(blk);
}

static const struct stw_retention no_retention = { .rows_over_limit = -1 };

const struct stw_retention *
stw_table_retention(const struct stw_table *t)
{
	return t->retention != NULL ? t->retention : &no_retention;
}

struct stw_retention *
stw_table_retain(struct stw_table *t)
{
	if (t->retention == NULL) {
		t->retention = stw_calloc(1, sizeof(*t->retention));
		t->retention->rows_over_limit = -1;
	}
	return t->retention;
}

struct stw_decision *
stw_column_decide(struct stw_column *c)
{
	if (c->decision == NULL)
		c->decision = stw_calloc(1, sizeof(*c->decision));
	return c->decision;
}

static int
str_eq0(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

struct stw_dismissed *
stw_column_add_dismissed(struct stw_column *c, const char *rule, const char *category,
    const char *reason)
{
	struct stw_dismissed *d;

	/* The same finding dismissed for the same reason twice (decisions
	 * are applied again after propagation, and after a merge) is one. */
	for (size_t i = 0; i < c->ndismissed; i++) {
		d = c->dismissed[i];
		if (str_eq0(d->rule, rule) && str_eq0(d->category, category) &&
		    str_eq0(d->reason, reason))
			return d;
	}
	d = stw_calloc(1, sizeof(*d));
	d->rule = stw_strdup(rule);
	d->category = stw_strdup(category);
	d->reason = stw_strdup(reason);
	stw_grow32(&c->dismissed, &c->adismissed, c->ndismissed, sizeof(*c->dismissed));
	c->dismissed[c->ndismissed++] = d;
	return d;
}

static void finding_free(struct stw_finding *f);

void
stw_column_remove_finding(struct stw_column *c, size_t i)
{
	if (i >= c->nfindings)
		return;
	finding_free(c->findings[i]);
	memmove(c->findings + i, c->findings + i + 1, (c->nfindings - i - 1) * sizeof(*c->findings));
	c->nfindings--;
}

struct stw_finding *
stw_column_find_category(const struct stw_column *c, const char *category)
{
	for (size_t i = 0; c != NULL && category != NULL && i < c->nfindings; i++)
		if (c->findings[i]->category != NULL && strcmp(c->findings[i]->category, category) == 0)
			return c->findings[i];
	return NULL;
}

struct stw_fkey *
stw_table_add_fkey(struct stw_table *t)
{
	struct stw_fkey *k = stw_calloc(1, sizeof(*k));

	stw_grow32(&t->fkeys, &t->afkeys, t->nfkeys, sizeof(*t->fkeys));
	t->fkeys[t->nfkeys++] = k;
	return k;
}

struct stw_reid_level *
stw_reid_add_level(struct stw_reid *r, const char *label)
{
	struct stw_reid_level *l = stw_calloc(1, sizeof(*l));

	l->label = stw_strdup(label);
	stw_grow(&r->gens, &r->agens, r->ngens, sizeof(*r->gens));
	r->gens[r->ngens++] = l;
	return l;
}

struct stw_grant *
stw_table_add_grant(struct stw_table *t, const char *grantee, const char *privilege,
    const char *scope)
{
	struct stw_grant *g = stw_calloc(1, sizeof(*g));

	g->grantee = stw_strdup(grantee);
	g->privilege = stw_strdup(privilege);
	g->scope = stw_strdup(scope);
	t->access.present = 1;
	stw_grow32(&t->access.grants, &t->access.agrants, t->access.ngrants, sizeof(*t->access.grants));
	t->access.grants[t->access.ngrants++] = g;
	return g;
}

struct stw_principal *
stw_source_add_principal(struct stw_source *s, const char *name)
{
	struct stw_principal *p = stw_calloc(1, sizeof(*p));

	p->name = stw_strdup(name);
	s->access.present = 1;
	stw_grow(&s->access.principals, &s->access.aprincipals, s->access.nprincipals,
	    sizeof(*s->access.principals));
	s->access.principals[s->access.nprincipals++] = p;
	return p;
}

struct stw_principal *
stw_source_find_principal(const struct stw_source *s, const char *name)
{
	for (size_t i = 0; name != NULL && i < s->access.nprincipals; i++)
		if (strcmp(s->access.principals[i]->name, name) == 0)
			return s->access.principals[i];
	return NULL;
}

struct stw_trigger *
stw_table_add_trigger(struct stw_table *t, const char *name)
{
	struct stw_trigger *tr = stw_calloc(1, sizeof(*tr));

	tr->name = stw_strdup(name);
	stw_grow32(&t->triggers, &t->atriggers, t->ntriggers, sizeof(*t->triggers));
	t->triggers[t->ntriggers++] = tr;
	return tr;
}

struct stw_edge *
stw_inventory_add_edge(struct stw_inventory *inv, const char *kind,
    const char *fsrc, const char *fschema, const char *ftable, const char *fcol,
    const char *tsrc, const char *tschema, const char *ttable, const char *tcol,
    const char *evidence)
{
	struct stw_edge *e = stw_calloc(1, sizeof(*e) + packed_len(kind) + packed_len(fsrc) +
	    packed_len(fschema) + packed_len(ftable) + packed_len(fcol) + packed_len(tsrc) +
	    packed_len(tschema) + packed_len(ttable) + packed_len(tcol) + packed_len(evidence));
	char *cur = (char *)(e + 1);

	e->kind = packed_put(&cur, kind);
	e->from.source = packed_put(&cur, fsrc);
	e->from.schema = packed_put(&cur, fschema);
	e->from.table = packed_put(&cur, ftable);
	e->from.column = packed_put(&cur, fcol);
	e->to.source = packed_put(&cur, tsrc);
	e->to.schema = packed_put(&cur, tschema);
	e->to.table = packed_put(&cur, ttable);
	e->to.column = packed_put(&cur, tcol);
	e->evidence = packed_put(&cur, evidence);
	stw_grow(&inv->lineage, &inv->alineage, inv->nlineage, sizeof(*inv->lineage));
	inv->lineage[inv->nlineage++] = e;
	inv->lineage_gen++;
	return e;
}

void
stw_source_add_error(struct stw_source *src, enum stw_source_status at_least, const char *msg)
{
	stw_strv_push(&src->errors, msg != NULL ? msg : "unknown error");
	if (at_least > src->status)
		src->status = at_least;
}

/* ---- free ------------------------------------------------------------- */

static void
finding_free(struct stw_finding *f)
{
	if (f == NULL)
		return;
	/* rule and category are in f's own block */
	free(f->example);
	free(f->inherited_from);
	free(f->path);
	stw_note_unref(f->note);
	free(f);
}

static void
column_free(struct stw_column *c)
{
	if (c == NULL)
		return;
	/* name and type are in c's own block */
	free(c->comment);
	for (size_t i = 0; i < c->nfindings; i++)
		finding_free(c->findings[i]);
	free(c->findings);
	for (size_t i = 0; i < c->ndismissed; i++) {
		free(c->dismissed[i]->rule);
		free(c->dismissed[i]->category);
		free(c->dismissed[i]->reason);
		free(c->dismissed[i]);
	}
	free(c->dismissed);
	if (c->decision != NULL) {
		free(c->decision->reason);
		free(c->decision->decided_by);
		free(c->decision->at);
		free(c->decision);
	}
	free(c->fp);
	free(c);
}

static void
table_free(struct stw_table *t)
{
	if (t == NULL)
		return;
	/* schema, name and kind are in t's own block */
	free(t->comment);
	free(t->sample_method);
	stw_strv_clear(&t->purposes);
	for (size_t i = 0; i < t->ncolumns; i++)
		column_free(t->columns[i]);
	free(t->columns);
	for (size_t i = 0; i < t->nfkeys; i++) {
		struct stw_fkey *k = t->fkeys[i];
		free(k->name);
		stw_strv_clear(&k->columns);
		free(k->ref_schema);
		free(k->ref_table);
		stw_strv_clear(&k->ref_columns);
		free(k);
	}
	free(t->fkeys);
	for (size_t i = 0; i < t->ntriggers; i++) {
		struct stw_trigger *tr = t->triggers[i];
		free(tr->name);
		free(tr->timing);
		free(tr->event);
		free(tr->definition);
		free(tr);
	}
	free(t->triggers);
	free(t->definition);
	free(t->parent_schema);
	free(t->parent);
	free(t->error);
	if (t->retention != NULL) {
		free(t->retention->category);
		free(t->retention->anchor);
		free(t->retention->oldest);
		free(t->retention->note);
		free(t->retention);
	}
	stw_strv_clear(&t->subject.evidence);
	if (t->reid != NULL) {
		stw_strv_clear(&t->reid->quasi);
		stw_strv_clear(&t->reid->sensitive);
		free(t->reid->level.label);
		for (size_t i = 0; i < t->reid->ngens; i++) {
			free(t->reid->gens[i]->label);
			free(t->reid->gens[i]);
		}
		free(t->reid->gens);
		free(t->reid->error);
		free(t->reid);
	}
	free(t->access.owner);
	stw_strv_clear(&t->access.policies);
	for (size_t i = 0; i < t->access.ngrants; i++) {
		struct stw_grant *g = t->access.grants[i];
		free(g->grantee);
		free(g->privilege);
		free(g->scope);
		stw_strv_clear(&g->columns);
		free(g);
	}
	free(t->access.grants);
	free(t);
}

static void
edge_free(struct stw_edge *e)
{
	/* the ends, kind and evidence are in e's own block */
	free(e->inference.method);
	free(e);
}

void
stw_source_free(struct stw_source *s)
{
	if (s == NULL)
		return;
	{
		free(s->name);
		free(s->engine);
		free(s->server_version);
		free(s->dsn);
		stw_strv_clear(&s->errors);
		stw_strv_clear(&s->lineage.problems);
		stw_strv_clear(&s->access.problems);
		for (size_t j = 0; j < s->access.nprincipals; j++) {
			struct stw_principal *p = s->access.principals[j];
			free(p->name);
			stw_strv_clear(&p->member_of);
			free(p);
		}
		free(s->access.principals);
		stw_strv_clear(&s->access.default_privileges);
		free(s->access.logging);
		free(s->access.logging_evidence);
		free(s->access.file_owner);
		free(s->access.file_group);
		free(s->access.file_mode);
		for (size_t j = 0; j < s->ntables; j++)
			table_free(s->tables[j]);
		free(s->tables);
		free(s->table_slots);
		free(s);
	}
}

static void edge_ix_free(struct stw_edge_ix *x);

void
stw_inventory_free(struct stw_inventory *inv)
{
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->nsources; i++)
		stw_source_free(inv->sources[i]);
	free(inv->sources);
	for (size_t i = 0; i < inv->nlineage; i++)
		edge_free(inv->lineage[i]);
	free(inv->lineage);
	free(inv->fp_key_origin);
	free(inv->fp_key_id);
	stw_fp_spool_close(inv->fp_spool);
	edge_ix_free(inv->edge_ix[0]);
	edge_ix_free(inv->edge_ix[1]);
	free(inv->generated_at);
	free(inv->as_of);
	free(inv->tool_name);
	free(inv->tool_version);
	free(inv);
}

void
stw_source_drop_tables(struct stw_source *src,
    int (*keep)(const struct stw_table *t, void *payload), void *payload)
{
	size_t w = 0;

	for (size_t i = 0; i < src->ntables; i++) {
		if (keep(src->tables[i], payload))
			src->tables[w++] = src->tables[i];
		else
			table_free(src->tables[i]);
	}
	src->ntables = w;
	free(src->table_slots);        /* indexes moved: rebuilt on the next lookup */
	src->table_slots = NULL;
}

void
stw_inventory_drop_edges(struct stw_inventory *inv,
    int (*keep)(const struct stw_edge *e, void *payload), void *payload)
{
	size_t w = 0;

	for (size_t i = 0; i < inv->nlineage; i++) {
		if (keep(inv->lineage[i], payload))
			inv->lineage[w++] = inv->lineage[i];
		else
			edge_free(inv->lineage[i]);
	}
	inv->nlineage = w;
	inv->lineage_gen++;
}

/* FNV-1a over source, schema and table with separators (NULL is not ""):
 * the key of the edges at a table. */
static uint64_t
edge_end_hash(const char *source, const char *schema, const char *table)
{
	const char *parts[3] = { source, schema, table };

	return stw_hash_parts(parts, 3);
}

struct stw_edge_ix {
	unsigned long gen;               /* lineage_gen when built */
	size_t n;
	struct stw_edge **for_lineage;   /* inv->lineage when built */
	uint64_t *h;                     /* n hashes, ascending */
	size_t *i;                       /* the edge index of each, ascending among equal h */
};

struct ix_ent {
	uint64_t h;
	size_t i;
};

static int
ix_cmp(const void *a, const void *b)
{
	const struct ix_ent *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
edge_ix_free(struct stw_edge_ix *x)
{
	if (x == NULL)
		return;
	free(x->h);
	free(x->i);
	free(x);
}

static struct stw_edge_ix *
edge_ix_build(const struct stw_inventory *inv, int end)
{
	struct stw_edge_ix *x = stw_calloc(1, sizeof(*x));
	struct ix_ent *v = stw_calloc(inv->nlineage + 1, sizeof(*v));

	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_endpoint *ep = end == STW_EDGE_TO ? &inv->lineage[i]->to
		    : &inv->lineage[i]->from;
		v[i].h = edge_end_hash(ep->source, ep->schema, ep->table);
		v[i].i = i;
	}
	qsort(v, inv->nlineage, sizeof(*v), ix_cmp);
	x->h = stw_calloc(inv->nlineage + 1, sizeof(*x->h));
	x->i = stw_calloc(inv->nlineage + 1, sizeof(*x->i));
	for (size_t i = 0; i < inv->nlineage; i++) {
		x->h[i] = v[i].h;
		x->i[i] = v[i].i;
	}
	free(v);
	x->gen = inv->lineage_gen;
	x->n = inv->nlineage;
	x->for_lineage = inv->lineage;
	return x;
}

size_t
stw_inventory_edges_at(const struct stw_inventory *inv, int end, const char *source,
    const char *schema, const char *table, const size_t **idx)
{
	struct stw_inventory *m = (struct stw_inventory *)inv;   /* the index is a cache */
	struct stw_edge_ix *x;
	uint64_t h = edge_end_hash(source, schema, table);
	size_t lo = 0, hi, first;

	end = end == STW_EDGE_TO;
	x = m->edge_ix[end];
	if (x == NULL || x->gen != m->lineage_gen || x->n != m->nlineage ||
	    x->for_lineage != m->lineage) {
		edge_ix_free(x);
		x = m->edge_ix[end] = edge_ix_build(m, end);
	}
	hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->h[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < x->n && x->h[lo] == h)
		lo++;
	*idx = x->i + first;
	return lo - first;
}

/* ---- lookups ---------------------------------------------------------- */

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

struct stw_source *
stw_inventory_find_source(const struct stw_inventory *inv, const char *name)
{
	for (size_t i = 0; inv != NULL && i < inv->nsources; i++)
		if (str_eq(inv->sources[i]->name, name))
			return inv->sources[i];
	return NULL;
}

static size_t
table_hash(const char *schema, const char *name)
{
	const char *parts[2] = { schema, name };
	uint64_t h = stw_hash_parts(parts, 2);

	return (size_t)(h ^ (h >> 29));
}

/* Open addressing at most half full.  With two tables of the same name
 * the first keeps being the one found, as a linear search would. */
static void
build_table_index(struct stw_source *s)
{
	size_t n = 16, mask;

	while (n < 2 * s->ntables)
		n *= 2;
	free(s->table_slots);
	s->table_slots = stw_calloc(n, sizeof(*s->table_slots));
	s->nslots = n;
	s->slots_for = s->ntables;
	mask = n - 1;
	for (size_t i = 0; i < s->ntables; i++) {
		const struct stw_table *t = s->tables[i];
		size_t k = table_hash(t->schema, t->name) & mask;
		int dup = 0;
		for (; s->table_slots[k] != 0; k = (k + 1) & mask) {
			const struct stw_table *o = s->tables[s->table_slots[k] - 1];
			if (str_eq(o->schema, t->schema) && str_eq(o->name, t->name)) {
				dup = 1;
				break;
			}
		}
		if (!dup)
			s->table_slots[k] = i + 1;
	}
}

struct stw_table *
stw_source_find_table(const struct stw_source *src, const char *schema, const char *name)
{
	struct stw_source *s = (struct stw_source *)src;   /* the index is a cache */
	size_t mask, k;

	if (src == NULL || src->ntables == 0)
		return NULL;
	if (s->table_slots == NULL || s->slots_for != s->ntables)
		build_table_index(s);
	mask = s->nslots - 1;
	for (k = table_hash(schema, name) & mask; s->table_slots[k] != 0; k = (k + 1) & mask) {
		struct stw_table *t = s->tables[s->table_slots[k] - 1];
		if (str_eq(t->schema, schema) && str_eq(t->name, name))
			return t;
	}
	return NULL;
}

struct stw_table *
stw_inventory_endpoint_table(const struct stw_inventory *inv, const struct stw_endpoint *e,
    struct stw_source **src_out)
{
	struct stw_source *s = stw_inventory_find_source(inv, e->source);

	if (src_out != NULL)
		*src_out = s;
	return s ? stw_source_find_table(s, e->schema, e->table) : NULL;
}

struct stw_column *
stw_table_find_column(const struct stw_table *t, const char *name)
{
	for (size_t i = 0; t != NULL && i < t->ncolumns; i++)
		if (str_eq(t->columns[i]->name, name))
			return t->columns[i];
	return NULL;
}

int
stw_category_under(const char *category, const char *prefix)
{
	size_t n = strlen(prefix);

	return category != NULL && strncmp(category, prefix, n) == 0 &&
	    (category[n] == '\0' || category[n] == '.');
}

const struct stw_finding *
stw_column_top_finding(const struct stw_column *c)
{
	const struct stw_finding *best = NULL;

	for (size_t i = 0; c != NULL && i < c->nfindings; i++)
		if (best == NULL || c->findings[i]->sensitivity > best->sensitivity)
			best = c->findings[i];
	return best;
}

enum stw_sensitivity
stw_column_max_sensitivity(const struct stw_column *c)
{
	enum stw_sensitivity m = STW_SENS_NONE;

	for (size_t i = 0; c != NULL && i < c->nfindings; i++)
		if (c->findings[i]->sensitivity > m)
			m = c->findings[i]->sensitivity;
	return m;
}

enum stw_sensitivity
stw_table_max_sensitivity(const struct stw_table *t)
{
	enum stw_sensitivity m = STW_SENS_NONE;

	for (size_t i = 0; t != NULL && i < t->ncolumns; i++) {
		enum stw_sensitivity c = stw_column_max_sensitivity(t->columns[i]);
		if (c > m)
			m = c;
	}
	return m;
}

char *
stw_endpoint_str(const struct stw_endpoint *e)
{
	if (e->column != NULL)
		return stw_asprintf("%s.%s.%s.%s", e->source ? e->source : "",
		    e->schema ? e->schema : "", e->table ? e->table : "", e->column);
	return stw_asprintf("%s.%s.%s", e->source ? e->source : "",
	    e->schema ? e->schema : "", e->table ? e->table : "");
}

/* ---- sort --------------------------------------------------------------
 * A stable merge sort over pointer arrays with comparators that break ties
 * on every field that is written out: the result depends only on the
 * contents, never on the order a parallel scan added things in.  qsort is
 * not stable, and its tie order varies between libcs. */

typedef int (*cmp_fn)(const void *a, const void *b);

/* Sorts n pointers of any type at base (a struct foo **); cmp gets the
 * pointed-to structs.  Elements are moved with memcpy so that no struct foo *
 * is ever accessed as a void *. */
static void
merge_sort(void *base, size_t n, cmp_fn cmp)
{
	const size_t sz = sizeof(void *);
	unsigned char *v = base, *tmp;

	if (n < 2)
		return;
	tmp = stw_malloc(n * sz);
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				const void *pi, *pj;

				memcpy(&pi, v + i * sz, sz);
				memcpy(&pj, v + j * sz, sz);
				/* right before left only when strictly less: stable */
				if (cmp(pj, pi) < 0)
					memcpy(tmp + k++ * sz, v + j++ * sz, sz);
				else
					memcpy(tmp + k++ * sz, v + i++ * sz, sz);
			}
			memcpy(tmp + k * sz, v + i * sz, (mid - i) * sz);
			k += mid - i;
			memcpy(tmp + k * sz, v + j * sz, (hi - j) * sz);
		}
		memcpy(v, tmp, n * sz);
	}
	free(tmp);
}

/* NULL sorts before any string. */
static int
str_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
ll_cmp(long long a, long long b)
{
	return (a > b) - (a < b);
}

static int
source_cmp(const void *pa, const void *pb)
{
	const struct stw_source *a = pa, *b = pb;
	int r;

	if ((r = str_cmp(a->name, b->name)) != 0)
		return r;
	if ((r = str_cmp(a->engine, b->engine)) != 0)
		return r;
	return str_cmp(a->dsn, b->dsn);
}

static int
table_cmp(const void *pa, const void *pb)
{
	const struct stw_table *a = pa, *b = pb;
	int r;

	if ((r = str_cmp(a->schema, b->schema)) != 0)
		return r;
	if ((r = str_cmp(a->name, b->name)) != 0)
		return r;
	return str_cmp(a->kind, b->kind);
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct stw_finding *a = pa, *b = pb;
	int r;

	if (a->sensitivity != b->sensitivity)
		return a->sensitivity > b->sensitivity ? -1 : 1;
	if ((r = str_cmp(a->rule, b->rule)) != 0)
		return r;
	if ((r = str_cmp(a->category, b->category)) != 0)
		return r;
	if (a->evidence != b->evidence)
		return a->evidence < b->evidence ? -1 : 1;
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	if ((r = ll_cmp(a->matched, b->matched)) != 0)
		return r;
	if ((r = ll_cmp(a->sampled, b->sampled)) != 0)
		return r;
	if ((r = str_cmp(a->inherited_from, b->inherited_from)) != 0)
		return r;
	if ((r = str_cmp(a->path, b->path)) != 0)
		return r;
	if ((r = str_cmp(a->note, b->note)) != 0)
		return r;
	return str_cmp(a->example, b->example);
}

static int
endpoint_cmp(const struct stw_endpoint *a, const struct stw_endpoint *b)
{
	int r;

	if ((r = str_cmp(a->source, b->source)) != 0)
		return r;
	if ((r = str_cmp(a->schema, b->schema)) != 0)
		return r;
	if ((r = str_cmp(a->table, b->table)) != 0)
		return r;
	return str_cmp(a->column, b->column);
}

int
stw_endpoint_same(const struct stw_endpoint *a, const struct stw_endpoint *b)
{
	return endpoint_cmp(a, b) == 0;
}

static int
edge_cmp(const void *pa, const void *pb)
{
	const struct stw_edge *a = pa, *b = pb;
	int r;

	if ((r = str_cmp(a->kind, b->kind)) != 0)
		return r;
	if ((r = endpoint_cmp(&a->from, &b->from)) != 0)
		return r;
	if ((r = endpoint_cmp(&a->to, &b->to)) != 0)
		return r;
	return str_cmp(a->evidence, b->evidence);
}

void
stw_inventory_sort(struct stw_inventory *inv)
{
	if (inv == NULL)
		return;
	merge_sort(inv->sources, inv->nsources, source_cmp);
	for (size_t i = 0; i < inv->nsources; i++) {
		struct stw_source *s = inv->sources[i];

		merge_sort(s->tables, s->ntables, table_cmp);
		for (size_t j = 0; j < s->ntables; j++) {
			struct stw_table *t = s->tables[j];

			/* Columns keep catalog order; their findings do not have one. */
			for (size_t k = 0; k < t->ncolumns; k++)
				merge_sort(t->columns[k]->findings, t->columns[k]->nfindings,
				    finding_cmp);
		}
	}
	merge_sort(inv->lineage, inv->nlineage, edge_cmp);
	inv->lineage_gen++;
}

void
stw_inventory_sort_edges(struct stw_inventory *inv)
{
	merge_sort(inv->lineage, inv->nlineage, edge_cmp);
	inv->lineage_gen++;
}

void
stw_inventory_dedup_edges(struct stw_inventory *inv)
{
	size_t w = 0;

	stw_inventory_sort(inv);
	for (size_t i = 0; i < inv->nlineage; i++) {
		struct stw_edge *e = inv->lineage[i];

		if (w > 0) {
			const struct stw_edge *p = inv->lineage[w - 1];

			if (str_cmp(p->kind, e->kind) == 0 && endpoint_cmp(&p->from, &e->from) == 0 &&
			    endpoint_cmp(&p->to, &e->to) == 0) {
				edge_free(e);
				continue;
			}
		}
		inv->lineage[w++] = e;
	}
	inv->nlineage = w;
	inv->lineage_gen++;
}
