/*
 * The lineage map (map.h): selects the tables and edges to draw from an
 * inventory (filters, focus), builds a cgraph graph with HTML-like labels,
 * and lays it out and renders it with gvc.
 *
 * Selection works on plain arrays first (struct sel) so that the graph only
 * ever holds what will be drawn: a focused map of a 2,000-table database
 * builds a graph of a handful of nodes.  Graphviz 2.42's API takes char *:
 * every call goes through set() and friends, which cast once.
 */
#include "map.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "output/palette.h"

#define MAX_ROWS 40              /* column rows per node before "... N more" */

/* Sensitivity colours and words: output/palette.h, the same as the
 * report's.  The map's marker is the label in brackets. */
static const char *const sens_marker[] = {
	[STW_SENS_NONE] = "", [STW_SENS_LINKED] = "[linked]", [STW_SENS_QUASI] = "[quasi]",
	[STW_SENS_PERSONAL] = "[personal]", [STW_SENS_HIGH] = "[high]", [STW_SENS_SPECIAL] = "[special]",
};
#define SFILL(s) (stw_sens_style(s)->fill)
#define FOCUS_COLOUR "#1D4F91"
#define SINK(s) (stw_sens_style(s)->ink)

/* Table subjects, in colours unlike the sensitivity ones, so that a
 * subject map is not read as a sensitivity map. */
static const struct {
	const char *fill, *font, *marker, *meaning;
} subj_style[] = {
	[STW_SUBJ_UNKNOWN] = { "#FFFFFF", "#000000", "[?]", "subject unknown" },
	[STW_SUBJ_PERSON] = { "#E69F00", "#000000", "[people]", "people: customers, staff, patients" },
	[STW_SUBJ_PERSON_EVENT] = { "#F0E442", "#000000", "[about people]", "events about people: orders, payments, visits" },
	[STW_SUBJ_ORGANISATION] = { "#56B4E9", "#000000", "[organisation]", "organisations: companies, stores, offices" },
	[STW_SUBJ_REFERENCE] = { "#D9D9D9", "#000000", "[reference]", "reference data: products, codes, lookups" },
};

static const struct {
	const char *kind, *style, *arrowhead, *meaning;
} kind_style[] = {
	{ "fk", "dotted", "empty", "foreign key (same key, no copy)" },
	{ "view", "solid", "normal", "view reads" },
	{ "materialized_view", "solid", "normalnormal", "materialized view stores" },
	{ "trigger", "dashed", "normal", "trigger copies" },
	{ "declared", "bold", "normal", "declared flow (steward.yaml)" },
	{ "inferred", "dashed", "vee", "inferred copy (share of values equal)" },
};
#define NKINDS (sizeof(kind_style) / sizeof(kind_style[0]))

#define FK_COLOUR "#999999"

void
stw_map_opts_init(struct stw_map_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->level = STW_MAP_TABLE;
	o->depth = 2;
	o->collapse = -1;
}

int
stw_map_colour_parse(enum stw_map_colour *out, const char *s)
{
	if (strcmp(s, "sensitivity") == 0)
		*out = STW_MAP_BY_SENSITIVITY;
	else if (strcmp(s, "subject") == 0)
		*out = STW_MAP_BY_SUBJECT;
	else
		return STW_EUSAGE;
	return STW_OK;
}

int
stw_map_level_parse(enum stw_map_level *out, const char *s)
{
	if (strcmp(s, "table") == 0)
		*out = STW_MAP_TABLE;
	else if (strcmp(s, "column") == 0)
		*out = STW_MAP_COLUMN;
	else
		return stw_error(NULL, STW_EUSAGE, "unknown level");
	return STW_OK;
}

int
stw_map_format_known(const char *f)
{
	return f && (strcmp(f, "svg") == 0 || strcmp(f, "png") == 0 || strcmp(f, "pdf") == 0 ||
	    strcmp(f, "dot") == 0);
}

/* ---- selection ---------------------------------------------------------- */

struct mnode {
	char *key;                     /* "source.schema.table": the node name */
	const char *source, *schema, *table;   /* borrowed */
	const struct stw_source *src;  /* NULL when the source was not scanned */
	const struct stw_table *t;     /* NULL when not in the inventory */
	int keep;
	int violated;
	int focused;                   /* the --focus table */
	const char *focus_col;         /* the --focus column, or NULL (borrowed) */
	size_t note;                   /* its number in the findings footnote (violated) */
	int group;                     /* collapsed: 1 no personal data, 2 only persons' keys */
	int stub;                      /* --split: a neighbour on another page */
	unsigned char *colkeep;        /* per catalog column, for the column level */
};

/* What the picture holds, so that the legend lists only that. */
struct used {
	int sens[STW_SENS_SPECIAL + 1];
	int subj[STW_SUBJ_REFERENCE + 1];
	int kinds[16];
	int keys, violations;
};

struct medge {
	size_t from, to;               /* node indices */
	const struct stw_edge *e;      /* borrowed */
	enum stw_sensitivity sens;     /* highest sensitivity it carries */
	int keep;
};

struct sel {
	struct mnode *n;
	size_t nn, an;
	struct medge *e;
	size_t ne, ae;
	size_t *hash;                  /* open addressing over n: index + 1, 0 = empty */
	size_t hcap;
	size_t dropped;                /* tables left out by --max-tables */
};

static uint64_t
hash3(const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };

	return stw_hash_parts(parts, 3);
}

static int
eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void
sel_rehash(struct sel *s)
{
	free(s->hash);
	s->hcap = 64;
	while (s->hcap < s->nn * 2 + 2)
		s->hcap *= 2;
	s->hash = stw_calloc(s->hcap, sizeof(*s->hash));
	for (size_t i = 0; i < s->nn; i++) {
		size_t h = (size_t)hash3(s->n[i].source, s->n[i].schema, s->n[i].table) & (s->hcap - 1);
		while (s->hash[h] != 0)
			h = (h + 1) & (s->hcap - 1);
		s->hash[h] = i + 1;
	}
}

/* Index of a node, adding an "unscanned" one when create is set; (size_t)-1 if absent. */
static size_t
sel_node(struct sel *s, const char *source, const char *schema, const char *table, int create)
{
	size_t h = (size_t)hash3(source, schema, table) & (s->hcap - 1);
	struct mnode *m;

	while (s->hash[h] != 0) {
		m = &s->n[s->hash[h] - 1];
		if (eq(m->source, source) && eq(m->schema, schema) && eq(m->table, table))
			return s->hash[h] - 1;
		h = (h + 1) & (s->hcap - 1);
	}
	if (!create)
		return (size_t)-1;
	stw_grow(&s->n, &s->an, s->nn, sizeof(*s->n));
	m = &s->n[s->nn];
	memset(m, 0, sizeof(*m));
	m->source = source;
	m->schema = schema;
	m->table = table;
	m->key = stw_asprintf("%s.%s.%s", source ? source : "", schema ? schema : "", table);
	s->hash[h] = ++s->nn;
	if (s->nn * 2 >= s->hcap)
		sel_rehash(s);
	return s->nn - 1;
}

static void
sel_release(struct sel *s)
{
	for (size_t i = 0; i < s->nn; i++) {
		free(s->n[i].key);
		free(s->n[i].colkeep);
	}
	free(s->n);
	free(s->e);
	free(s->hash);
	memset(s, 0, sizeof(*s));
}

static const struct stw_column *
node_col(const struct mnode *m, const char *name)
{
	return m->t && name ? stw_table_find_column(m->t, name) : NULL;
}

/* Category prefix match on dot boundaries ("user.contact" matches
 * "user.contact.email", not "user.contactless"). */
static int
cat_match(const char *cat, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(cat, prefix, n) == 0 && (cat[n] == '\0' || cat[n] == '.' ||
	    (n > 0 && prefix[n - 1] == '.'));
}

static int
col_has_cat(const struct stw_column *c, const char *prefix)
{
	for (size_t i = 0; c && i < c->nfindings; i++)
		if (cat_match(c->findings[i]->category, prefix))
			return 1;
	return 0;
}

static int
table_has_cat(const struct stw_table *t, const char *prefix)
{
	for (size_t i = 0; t && i < t->ncolumns; i++)
		if (col_has_cat(t->columns[i], prefix))
			return 1;
	return 0;
}

/* Whether an edge carries the category: its upstream column (or, for a
 * table-level edge, its upstream table) holds it, or the downstream column
 * inherited it. */
static int
edge_has_cat(const struct sel *s, const struct medge *me, const char *prefix)
{
	const struct mnode *f = &s->n[me->from], *t = &s->n[me->to];

	if (strcmp(me->e->kind, "fk") == 0)
		return 0;
	if (me->e->from.column == NULL)
		return table_has_cat(f->t, prefix);
	return col_has_cat(node_col(f, me->e->from.column), prefix) ||
	    col_has_cat(node_col(t, me->e->to.column), prefix);
}

/* Matches "source.schema.table[.column]" against a node, trying every split
 * (names may contain dots).  Returns 1 and the column (or NULL) on a match. */
static int
focus_match(const struct mnode *m, const char *focus, const char **column)
{
	size_t n = strlen(m->key);

	if (strncmp(focus, m->key, n) != 0)
		return 0;
	if (focus[n] == '\0') {
		*column = NULL;
		return 1;
	}
	if (focus[n] == '.' && m->t && stw_table_find_column(m->t, focus + n + 1)) {
		*column = focus + n + 1;
		return 1;
	}
	return 0;
}

struct visit {
	size_t node;
	const char *col;               /* NULL = the whole table */
	int dist;
};

static int
ep_matches(const struct sel *s, size_t node, const char *ecol, const struct visit *v)
{
	(void)s;
	return node == v->node && (v->col == NULL || ecol == NULL || strcmp(ecol, v->col) == 0);
}

/* Breadth-first walk from the focus along kept edges in one direction,
 * up to depth hops; marks the edges walked and the nodes reached. */
static void
walk(struct sel *s, size_t start, const char *col, int depth, int downstream,
    unsigned char *ekeep, unsigned char *nkeep)
{
	struct visit *q = stw_calloc(s->ne * 2 + 2, sizeof(*q));
	size_t head = 0, tail = 0, cap = s->ne * 2 + 2;
	unsigned char *seen = stw_calloc(s->ne + 1, 1);

	q[tail++] = (struct visit){ start, col, 0 };
	nkeep[start] = 1;
	while (head < tail) {
		struct visit v = q[head++];
		if (v.dist >= depth)
			continue;
		for (size_t i = 0; i < s->ne; i++) {
			const struct medge *me = &s->e[i];
			size_t here = downstream ? me->from : me->to, there = downstream ? me->to : me->from;
			const char *hcol = downstream ? me->e->from.column : me->e->to.column;
			const char *tcol = downstream ? me->e->to.column : me->e->from.column;

			if (!me->keep || seen[i] || !ep_matches(s, here, hcol, &v))
				continue;
			seen[i] = 1;
			ekeep[i] = 1;
			nkeep[there] = 1;
			if (tail < cap)
				q[tail++] = (struct visit){ there, v.col ? tcol : NULL, v.dist + 1 };
		}
	}
	free(q);
	free(seen);
}

static enum stw_sensitivity table_story(const struct stw_table *t);
static int table_has_key(const struct stw_table *t);

struct rank {
	size_t i;
	int violated, focused;
	enum stw_sensitivity story;
	size_t degree;
};

static int
rank_cmp(const void *pa, const void *pb)
{
	const struct rank *a = pa, *b = pb;

	if (a->focused != b->focused)
		return b->focused - a->focused;
	if (a->violated != b->violated)
		return b->violated - a->violated;
	if (a->story != b->story)
		return (int)b->story - (int)a->story;
	if (a->degree != b->degree)
		return a->degree < b->degree ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

struct schema_key {
	const char *source, *schema;
};

static int
schema_key_cmp(const void *pa, const void *pb)
{
	const struct schema_key *a = pa, *b = pb;
	int c = strcmp(a->source ? a->source : "", b->source ? b->source : "");

	return c != 0 ? c : strcmp(a->schema ? a->schema : "", b->schema ? b->schema : "");
}

/* Once --max-tables has left tables out, a collapsed group is drawn only
 * in a schema where a table is drawn too: on 10,000 tenant schemas the
 * groups alone were 10,000 nodes in as many clusters, minutes of layout
 * for a figure meant to show 60 tables.  Their tables count as not drawn. */
static void
drop_lone_groups(struct sel *s, const struct rank *r, size_t ndrawn)
{
	struct schema_key *drawn = stw_calloc(ndrawn + 1, sizeof(*drawn));

	for (size_t k = 0; k < ndrawn; k++) {
		drawn[k].source = s->n[r[k].i].source;
		drawn[k].schema = s->n[r[k].i].schema;
	}
	qsort(drawn, ndrawn, sizeof(*drawn), schema_key_cmp);
	for (size_t i = 0; i < s->nn; i++) {
		struct mnode *m = &s->n[i];
		struct schema_key k = { m->source, m->schema };

		if (m->keep && m->group &&
		    bsearch(&k, drawn, ndrawn, sizeof(*drawn), schema_key_cmp) == NULL) {
			m->keep = 0;
			s->dropped++;
		}
	}
	free(drawn);
}

/* A map a person can read at a few hundred tables: collapse what carries
 * no story (tables without personal data, tables of persons' keys only)
 * into one node per schema, then keep the most sensitive --max-tables. */
static void
shrink(struct sel *s, const struct stw_map_opts *o)
{
	size_t kept = 0, *degree;
	int collapse;

	for (size_t i = 0; i < s->nn; i++)
		kept += s->n[i].keep != 0;
	collapse = o->collapse > 0 || (o->collapse < 0 && kept > 40);
	degree = stw_calloc(s->nn + 1, sizeof(*degree));
	for (size_t i = 0; i < s->ne; i++)
		if (s->e[i].keep && strcmp(s->e[i].e->kind, "fk") != 0) {
			degree[s->e[i].from]++;
			degree[s->e[i].to]++;
		}
	if (collapse && o->focus == NULL && o->level == STW_MAP_TABLE) {
		for (size_t i = 0; i < s->nn; i++) {
			struct mnode *m = &s->n[i];

			enum stw_sensitivity st;

			if (!m->keep || m->t == NULL || m->violated || m->stub || degree[i] > 0)
				continue;
			st = table_story(m->t);
			/* events about persons that hold only their key and its dates
			 * and amounts (satellites of a person table by foreign key),
			 * and tables without personal data */
			if (table_has_key(m->t) && st <= STW_SENS_LINKED)
				m->group = 2;
			else if (st == STW_SENS_NONE && !table_has_key(m->t))
				m->group = 1;
		}
		/* a foreign key into a collapsed group says nothing the group does not */
		for (size_t i = 0; i < s->ne; i++)
			if (s->e[i].keep && (s->n[s->e[i].from].group || s->n[s->e[i].to].group))
				s->e[i].keep = 0;
	}
	if (o->max_tables > 0) {
		struct rank *r = stw_calloc(s->nn + 1, sizeof(*r));
		size_t nr = 0;

		for (size_t i = 0; i < s->nn; i++) {
			const struct mnode *m = &s->n[i];

			if (!m->keep || m->group)
				continue;
			r[nr].i = i;
			r[nr].violated = m->violated;
			r[nr].focused = m->focused;
			r[nr].story = m->t ? table_story(m->t) : STW_SENS_NONE;
			r[nr++].degree = degree[i];
		}
		if (nr > (size_t)o->max_tables) {
			qsort(r, nr, sizeof(*r), rank_cmp);
			for (size_t k = (size_t)o->max_tables; k < nr; k++) {
				s->n[r[k].i].keep = 0;
				s->dropped++;
			}
			drop_lone_groups(s, r, (size_t)o->max_tables);
			for (size_t i = 0; i < s->ne; i++)
				if (s->e[i].keep && (!s->n[s->e[i].from].keep || !s->n[s->e[i].to].keep))
					s->e[i].keep = 0;
		}
		free(r);
	}
	free(degree);
}

static int
select_graph(struct sel *s, const struct stw_inventory *inv, const struct stw_map_opts *o,
    struct stw_err *err)
{
	s->hcap = 0;
	sel_rehash(s);
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *src = inv->sources[i];
		for (size_t k = 0; k < src->ntables; k++) {
			const struct stw_table *t = src->tables[k];
			size_t x;

			if (stw_table_is_partition(t))
				continue;      /* drawn as its parent */
			x = sel_node(s, src->name, t->schema, t->name, 1);
			s->n[x].src = src;
			s->n[x].t = t;
		}
	}
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		struct medge *me;
		size_t f, t;

		if (strcmp(e->kind, "partition") == 0)
			continue;
		f = sel_node(s, e->from.source, e->from.schema, e->from.table, 1);
		t = sel_node(s, e->to.source, e->to.schema, e->to.table, 1);

		stw_grow(&s->e, &s->ae, s->ne, sizeof(*s->e));
		me = &s->e[s->ne++];
		memset(me, 0, sizeof(*me));
		me->from = f;
		me->to = t;
		me->e = e;
		me->keep = 1;
		if (strcmp(e->kind, "fk") != 0) {
			const struct stw_column *c = node_col(&s->n[f], e->from.column);
			me->sens = e->from.column ? (c ? stw_column_max_sensitivity(c) : STW_SENS_NONE)
			    : (s->n[f].t ? stw_table_max_sensitivity(s->n[f].t) : STW_SENS_NONE);
		}
	}
	for (size_t i = 0; i < s->nn; i++)
		s->n[i].keep = s->n[i].t != NULL;
	if (o->violations != NULL)
		for (size_t i = 0; i < o->violations->n; i++) {
			const struct stw_violation *v = o->violations->v[i];
			size_t x = sel_node(s, v->source, v->schema, v->table, 0);
			if (x != (size_t)-1)
				s->n[x].violated = 1;
		}

	if (o->only_sensitive) {
		for (size_t i = 0; i < s->nn; i++)
			s->n[i].keep = s->n[i].t && stw_table_max_sensitivity(s->n[i].t) > STW_SENS_NONE;
		for (size_t i = 0; i < s->ne; i++)
			s->e[i].keep = s->n[s->e[i].from].keep && s->n[s->e[i].to].keep;
	}
	if (o->category != NULL) {
		for (size_t i = 0; i < s->ne; i++)
			s->e[i].keep = s->e[i].keep && edge_has_cat(s, &s->e[i], o->category);
		for (size_t i = 0; i < s->nn; i++)
			s->n[i].keep = s->n[i].keep && table_has_cat(s->n[i].t, o->category);
		for (size_t i = 0; i < s->ne; i++)
			if (s->e[i].keep)
				s->n[s->e[i].from].keep = s->n[s->e[i].to].keep = 1;
	} else {
		/* Unscanned endpoints of drawn edges (declared flows into a
		 * source that was not scanned) are drawn as such. */
		for (size_t i = 0; i < s->ne; i++)
			if (s->e[i].keep && (s->n[s->e[i].from].keep || s->n[s->e[i].to].keep))
				s->n[s->e[i].from].keep = s->n[s->e[i].to].keep = 1;
	}
	if (o->focus != NULL) {
		const char *col = NULL;
		size_t start = (size_t)-1;
		unsigned char *ekeep, *nkeep;

		for (size_t i = 0; i < s->nn && start == (size_t)-1; i++)
			if (focus_match(&s->n[i], o->focus, &col))
				start = i;
		if (start == (size_t)-1)
			return stw_error(err, STW_ENOTFOUND, "focus '%s': no such table or column in "
			    "the inventory (expected SOURCE.SCHEMA.TABLE[.COLUMN])", o->focus);
		s->n[start].focused = 1;
		s->n[start].focus_col = col;
		ekeep = stw_calloc(s->ne + 1, 1);
		nkeep = stw_calloc(s->nn + 1, 1);
		walk(s, start, col, o->depth, 1, ekeep, nkeep);
		walk(s, start, col, o->depth, 0, ekeep, nkeep);
		for (size_t i = 0; i < s->ne; i++)
			s->e[i].keep = ekeep[i];
		for (size_t i = 0; i < s->nn; i++)
			s->n[i].keep = nkeep[i];
		free(ekeep);
		free(nkeep);
	}
	/* Column level: the columns worth a row are the personal ones and the
	 * ends of drawn edges. */
	for (size_t i = 0; i < s->nn; i++) {
		struct mnode *m = &s->n[i];
		if (!m->keep || m->t == NULL)
			continue;
		m->colkeep = stw_calloc(m->t->ncolumns + 1, 1);
		for (size_t c = 0; c < m->t->ncolumns; c++)
			m->colkeep[c] = (m->t->columns[c]->nfindings > 0 && (o->category == NULL ||
			    col_has_cat(m->t->columns[c], o->category))) ||
			    (m->focus_col != NULL && strcmp(m->focus_col, m->t->columns[c]->name) == 0);
	}
	for (size_t i = 0; i < s->ne; i++) {
		const struct medge *me = &s->e[i];
		if (!me->keep)
			continue;
		for (int side = 0; side < 2; side++) {
			struct mnode *m = &s->n[side ? me->to : me->from];
			const char *cn = side ? me->e->to.column : me->e->from.column;
			for (size_t c = 0; o->level == STW_MAP_COLUMN && m->t && cn && c < m->t->ncolumns; c++)
				if (strcmp(m->t->columns[c]->name, cn) == 0)
					m->colkeep[c] = 1;
		}
	}
	if (o->page_schema != NULL) {
		/* One page: this schema's tables; what they exchange with other
		 * schemas ends at a stub naming the table there. */
		for (size_t i = 0; i < s->nn; i++)
			s->n[i].stub = s->n[i].keep && !(eq(s->n[i].source, o->page_source) &&
			    eq(s->n[i].schema, o->page_schema));
		for (size_t i = 0; i < s->ne; i++) {
			struct medge *me = &s->e[i];

			if (me->keep && s->n[me->from].stub && s->n[me->to].stub)
				me->keep = 0;
		}
		for (size_t i = 0; i < s->nn; i++)
			if (s->n[i].stub)
				s->n[i].keep = 0;
		for (size_t i = 0; i < s->ne; i++) {
			const struct medge *me = &s->e[i];

			if (me->keep)
				s->n[me->from].keep = s->n[me->to].keep = 1;
		}
	}
	shrink(s, o);
	return STW_OK;
}

/* ---- what a row shows ---------------------------------------------------- */

/* A key of a person (user.unique_id, or a finding that follows from a key
 * or the table's subject): an identifier, but not the story the map tells,
 * which is where contact, financial and health data go. */
static int
key_finding(const struct stw_finding *f)
{
	return stw_category_under(f->category, "user.unique_id") ||
	    f->evidence == STW_EVID_FK;
}

static int
key_column(const struct stw_column *c)
{
	if (c->nfindings == 0)
		return 0;
	for (size_t i = 0; i < c->nfindings; i++)
		if (!key_finding(c->findings[i]))
			return 0;
	return 1;
}

/* The highest sensitivity of a column / table leaving keys out. */
static enum stw_sensitivity
col_story(const struct stw_column *c)
{
	enum stw_sensitivity s = STW_SENS_NONE;

	for (size_t i = 0; i < c->nfindings; i++)
		if (!key_finding(c->findings[i]) && c->findings[i]->sensitivity > s)
			s = c->findings[i]->sensitivity;
	return s;
}

static enum stw_sensitivity
table_story(const struct stw_table *t)
{
	enum stw_sensitivity s = STW_SENS_NONE;

	for (size_t i = 0; t && i < t->ncolumns; i++) {
		enum stw_sensitivity c = col_story(t->columns[i]);
		if (c > s)
			s = c;
	}
	return s;
}

static int
table_has_key(const struct stw_table *t)
{
	for (size_t i = 0; t && i < t->ncolumns; i++)
		if (key_column(t->columns[i]))
			return 1;
	return 0;
}

/* ---- graph building ----------------------------------------------------- */

static void
set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

static void
set_html(Agraph_t *g, void *obj, const char *name, const char *html)
{
	char *h = agstrdup_html(g, (char *)html);

	agsafeset(obj, (char *)name, h, (char *)"");
	agstrfree(g, h);
}

/* Appends s escaped for an HTML-like label; control characters become '?'. */
static void
html_esc(struct stw_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': stw_buf_adds(b, "&amp;"); break;
		case '<': stw_buf_adds(b, "&lt;"); break;
		case '>': stw_buf_adds(b, "&gt;"); break;
		case '"': stw_buf_adds(b, "&quot;"); break;
		case '\'': stw_buf_adds(b, "&#39;"); break;
		case ']': stw_buf_adds(b, "&#93;"); break;
		default:
			stw_buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
		}
	}
}

static int
col_index(const struct stw_table *t, const char *name)
{
	for (size_t i = 0; t && name && i < t->ncolumns; i++)
		if (strcmp(t->columns[i]->name, name) == 0)
			return (int)i;
	return -1;
}

/* The categories of a column as "cat [level], cat [level]". */
static void
add_categories(struct stw_buf *b, const struct stw_column *c, const char *prefix)
{
	int first = 1;

	for (size_t i = 0; i < c->nfindings; i++) {
		const struct stw_finding *f = c->findings[i];
		if (prefix && !cat_match(f->category, prefix))
			continue;
		char *title = stw_category_title(f->category);

		stw_buf_adds(b, first ? " : " : ", ");
		html_esc(b, title);
		free(title);
		stw_buf_addf(b, " %s%s", sens_marker[f->sensitivity],
		    f->evidence == STW_EVID_INHERITED ? " (copied)" : "");
		first = 0;
	}
}

static char *
node_label(const struct mnode *m, const struct stw_map_opts *o, struct used *u)
{
	struct stw_buf b = STW_BUF_INIT;
	enum stw_sensitivity s = m->t ? table_story(m->t) : STW_SENS_NONE;
	size_t rows = 0, more = 0, keys = 0, linked = 0;
	int keyed = m->t && s == STW_SENS_NONE && table_has_key(m->t);

	stw_buf_addf(&b, "<TABLE BORDER=\"%d\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"5\" "
	    "COLOR=\"%s\" BGCOLOR=\"#FFFFFF\">", m->focused ? 4 : m->violated ? 3 : 1,
	    m->focused ? FOCUS_COLOUR : m->violated ? "#CC0000" : "#555555");
	if (o->colour_by == STW_MAP_BY_SUBJECT) {
		enum stw_subject_kind k = m->t ? m->t->subject.kind : STW_SUBJ_UNKNOWN;

		stw_buf_addf(&b, "<TR><TD BGCOLOR=\"%s\"><FONT COLOR=\"%s\"><B>", subj_style[k].fill,
		    subj_style[k].font);
		html_esc(&b, m->table);
		stw_buf_addf(&b, "</B>&#160;&#160;%s", subj_style[k].marker);
		u->subj[k] = 1;
	} else {
		enum stw_sensitivity hs = keyed ? STW_SENS_LINKED : s;

		stw_buf_addf(&b, "<TR><TD BGCOLOR=\"%s\"><FONT COLOR=\"%s\"><B>", SFILL(hs),
		    SINK(hs));
		html_esc(&b, m->table);
		stw_buf_adds(&b, "</B>");
		if (s > STW_SENS_NONE)
			stw_buf_addf(&b, "&#160;&#160;%s", sens_marker[s]);
		else if (keyed)
			stw_buf_adds(&b, "&#160;&#160;[key]");
		u->sens[hs] = 1;
		u->keys |= keyed;
	}
	stw_buf_adds(&b, "</FONT></TD></TR>");
	if (m->t == NULL || (m->t->kind && strcmp(m->t->kind, "table") != 0) || m->violated ||
	    (m->t && m->t->error) || m->focused) {
		stw_buf_adds(&b, "<TR><TD><FONT POINT-SIZE=\"10\">");
		if (m->t == NULL)
			stw_buf_adds(&b, "not scanned");
		else if (m->t->kind && strcmp(m->t->kind, "table") != 0)
			html_esc(&b, strcmp(m->t->kind, "materialized_view") == 0 ?
			    "materialized view" : m->t->kind);
		if (m->t && m->t->error)
			stw_buf_adds(&b, strncmp(m->t->error, "lineage partial", 15) == 0 ?
			    " (lineage partial)" : " (scan problem)");
		if (m->focused)
			stw_buf_adds(&b, " [focus]");
		if (m->violated) {
			stw_buf_addf(&b, " [violation %zu]", m->note);
			u->violations = 1;
		}
		stw_buf_adds(&b, "</FONT></TD></TR>");
	}
	for (size_t c = 0; m->t && m->colkeep && c < m->t->ncolumns; c++) {
		const struct stw_column *col = m->t->columns[c];
		enum stw_sensitivity cs = col_story(col);
		int key = key_column(col);
		int fc = m->focus_col != NULL && strcmp(m->focus_col, col->name) == 0;

		if (!m->colkeep[c])
			continue;
		/* A table map shows what identifies or is sensitive; the dates and
		 * amounts of a person's events, and the keys of persons, are
		 * counted, not listed, or a big schema's map is nothing but them
		 * (column level lists them). */
		if (!fc && o->level == STW_MAP_TABLE && o->category == NULL) {
			if (key) {
				keys++;
				continue;
			}
			if (cs == STW_SENS_LINKED) {
				linked++;
				continue;
			}
		}
		if (rows++ >= MAX_ROWS) {
			more++;
			continue;
		}
		stw_buf_addf(&b, "<TR><TD ALIGN=\"LEFT\" PORT=\"c%zu\"", c);
		if (key && !fc)
			stw_buf_adds(&b, "><FONT COLOR=\"#4A5366\"><I>");
		else if (cs > STW_SENS_NONE) {
			stw_buf_addf(&b, " BGCOLOR=\"%s\"><FONT COLOR=\"%s\">", SFILL(cs), SINK(cs));
			u->sens[cs] = 1;
		} else
			stw_buf_adds(&b, "><FONT>");
		if (fc)
			stw_buf_adds(&b, "<B>&#9658; ");
		html_esc(&b, col->name);
		if (key)
			stw_buf_adds(&b, " (key of a person)");
		else
			add_categories(&b, col, o->category);
		if (fc)
			stw_buf_adds(&b, "</B>");
		stw_buf_adds(&b, key && !fc ? "</I></FONT></TD></TR>" : "</FONT></TD></TR>");
	}
	if (more > 0)
		stw_buf_addf(&b, "<TR><TD ALIGN=\"LEFT\"><I>... %zu more</I></TD></TR>", more);
	if (keys > 0) {
		stw_buf_addf(&b, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"#4A5366\"><I>+ %zu key%s of a "
		    "person</I></FONT></TD></TR>", keys, keys == 1 ? "" : "s");
		u->keys = 1;
	}
	if (linked > 0) {
		stw_buf_addf(&b, "<TR><TD ALIGN=\"LEFT\" BGCOLOR=\"%s\"><I>+ %zu linked column%s "
		    "(about a person through its row)</I></TD></TR>", SFILL(STW_SENS_LINKED),
		    linked, linked == 1 ? "" : "s");
		u->sens[STW_SENS_LINKED] = 1;
	}
	stw_buf_adds(&b, "</TABLE>");
	return stw_buf_detach(&b);
}

static size_t
kind_index(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kind_style[i].kind, kind) == 0)
			return i;
	return NKINDS - 1;
}

static void
style_edge(Agedge_t *ed, const char *kind, enum stw_sensitivity sens)
{
	size_t k = kind_index(kind);
	int fk = strcmp(kind, "fk") == 0;

	set(ed, "style", kind_style[k].style);
	set(ed, "arrowhead", kind_style[k].arrowhead);
	set(ed, "color", fk || sens == STW_SENS_NONE ? FK_COLOUR : SFILL(sens));
	set(ed, "penwidth", sens > STW_SENS_NONE && !fk ? "2" : "1");
}

static Agraph_t *
cluster_for(Agraph_t *g, const struct mnode *m)
{
	char *sname = stw_asprintf("cluster_%s", m->source ? m->source : "");
	char *cname = stw_asprintf("cluster_%s/%s", m->source ? m->source : "",
	    m->schema ? m->schema : "");
	Agraph_t *sg = agsubg(g, sname, 1), *cg;
	struct stw_buf lb = STW_BUF_INIT;

	if (sg == NULL)
		goto fail;
	stw_buf_adds(&lb, "source ");
	stw_buf_adds(&lb, m->source ? m->source : "");
	if (m->src && m->src->engine)
		stw_buf_addf(&lb, " (%s)", m->src->engine);
	else if (m->src == NULL)
		stw_buf_adds(&lb, " (not scanned)");
	set(sg, "label", lb.buf);
	set(sg, "style", "rounded");
	set(sg, "color", "#333333");
	cg = agsubg(sg, cname, 1);
	if (cg != NULL) {
		stw_buf_reset(&lb);
		stw_buf_adds(&lb, "schema ");
		stw_buf_adds(&lb, m->schema ? m->schema : "");
		set(cg, "label", lb.buf);
		set(cg, "style", "dashed");
		set(cg, "color", "#AAAAAA");
	}
	free(sname);
	free(cname);
	stw_buf_release(&lb);
	return cg;
fail:
	free(sname);
	free(cname);
	stw_buf_release(&lb);
	return NULL;
}

/* A plain (not HTML) label's text: Graphviz reads backslash escapes in it,
 * so a name's backslash becomes '/'; \x1e separates lines. */
static void
plain_text(struct stw_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\x1e')
			stw_buf_adds(b, "\\l");     /* a line break, left-justified */
		else
			stw_buf_addc(b, *s == '\\' ? '/' : (*s == '\n' || *s == '\r') ? ' ' : *s);
	}
}

/* The legend: only what the picture holds (the sensitivities, subjects and
 * edge kinds drawn), and the violations' reasons by number. */
static void
add_legend(Agraph_t *g, const struct stw_map_opts *o, const struct used *u, const char *notes)
{
	Agraph_t *lg = agsubg(g, (char *)"cluster_legend", 1);
	struct stw_buf b = STW_BUF_INIT;
	Agnode_t *key;

	if (lg == NULL)
		return;
	set(lg, "label", "Legend");
	set(lg, "style", "rounded");
	set(lg, "color", "#333333");
	key = agnode(lg, (char *)"legend", 1);
	if (key == NULL)
		return;
	set(key, "shape", "plaintext");
	stw_buf_adds(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"5\">");
	if (o->colour_by == STW_MAP_BY_SUBJECT) {
		static const enum stw_subject_kind order[] = { STW_SUBJ_PERSON, STW_SUBJ_PERSON_EVENT,
			STW_SUBJ_ORGANISATION, STW_SUBJ_REFERENCE, STW_SUBJ_UNKNOWN };

		stw_buf_adds(&b, "<TR><TD COLSPAN=\"2\"><B>table header: whose rows</B></TD></TR>");
		for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			if (u->subj[order[i]])
				stw_buf_addf(&b, "<TR><TD BGCOLOR=\"%s\"><FONT COLOR=\"%s\">%s</FONT></TD>"
				    "<TD ALIGN=\"LEFT\">%s</TD></TR>", subj_style[order[i]].fill,
				    subj_style[order[i]].font, subj_style[order[i]].marker,
				    subj_style[order[i]].meaning);
		stw_buf_adds(&b, "<TR><TD COLSPAN=\"2\"><B>columns: highest sensitivity</B></TD></TR>");
	} else {
		stw_buf_adds(&b, "<TR><TD COLSPAN=\"2\"><B>highest sensitivity (keys left out)</B></TD>"
		    "</TR>");
	}
	for (int s = STW_SENS_SPECIAL; s >= STW_SENS_NONE; s--)
		if (u->sens[s])
			stw_buf_addf(&b, "<TR><TD BGCOLOR=\"%s\"><FONT COLOR=\"%s\">%s</FONT></TD>"
			    "<TD ALIGN=\"LEFT\">%s</TD></TR>", SFILL(s), SINK(s),
			    s == STW_SENS_NONE ? "none" : sens_marker[s], stw_sens_style(s)->meaning);
	if (u->keys)
		stw_buf_adds(&b, "<TR><TD><FONT COLOR=\"#4A5366\"><I>key</I></FONT></TD><TD ALIGN=\"LEFT\">"
		    "a person's key (an id, a foreign key to a person): counted, not coloured</TD></TR>");
	if (u->violations)
		stw_buf_adds(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">red border, [violation N]: an "
		    "open finding, reason N below (and in the tooltip)</TD></TR>");
	stw_buf_adds(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">edge colour: highest "
	    "sensitivity it carries</TD></TR></TABLE>");
	set_html(g, key, "label", b.buf);
	stw_buf_release(&b);
	/* One sample edge per lineage kind drawn; with rankdir=LR they stack. */
	for (size_t k = 0; k < NKINDS; k++) {
		char an[64], bn[64];
		Agnode_t *a, *z;
		Agedge_t *ed;

		if (!u->kinds[k])
			continue;
		snprintf(an, sizeof(an), "legend_%s_a", kind_style[k].kind);
		snprintf(bn, sizeof(bn), "legend_%s_b", kind_style[k].kind);
		a = agnode(lg, an, 1);
		z = agnode(lg, bn, 1);
		if (a == NULL || z == NULL)
			return;
		set(a, "shape", "point");
		set(z, "shape", "point");
		set(a, "width", "0.05");
		set(z, "width", "0.05");
		ed = agedge(lg, a, z, NULL, 1);
		if (ed == NULL)
			return;
		style_edge(ed, kind_style[k].kind, k == 0 ? STW_SENS_NONE : STW_SENS_PERSONAL);
		set(ed, "label", kind_style[k].meaning);
	}
	if (notes != NULL) {
		Agnode_t *fn = agnode(lg, (char *)"legend_findings", 1);
		struct stw_buf nb = STW_BUF_INIT;

		if (fn == NULL)
			return;
		stw_buf_adds(&nb, "Open findings\\l");
		plain_text(&nb, notes);
		stw_buf_adds(&nb, "\\l");
		set(fn, "shape", "box");
		set(fn, "style", "rounded");
		set(fn, "fontsize", "11");
		set(fn, "label", nb.buf);
		stw_buf_release(&nb);
	}
}

/* Table level: one edge per (from, to, kind), labelled with the kind and
 * the categories it carries. */
struct agg {
	size_t from, to;
	const char *kind;
	enum stw_sensitivity sens;
	struct stw_strv cats;
	struct stw_strv evidence;
	double rate_lo, rate_hi;         /* inferred edges: the range of their rates */
	int rated;
};

/* "inferred 96%" (or "inferred 91-100%" for several columns). */
static void
kind_label(struct stw_buf *b, const char *kind, int rated, double lo, double hi)
{
	stw_buf_adds(b, kind);
	if (!rated)
		return;
	if ((int)(lo * 100 + 0.5) == (int)(hi * 100 + 0.5))
		stw_buf_addf(b, " %.0f%%", hi * 100);
	else
		stw_buf_addf(b, " %.0f-%.0f%%", lo * 100, hi * 100);
}

static void
edge_cats(const struct sel *s, const struct medge *me, struct stw_strv *cats, const char *prefix)
{
	const struct mnode *f = &s->n[me->from];
	const struct stw_column *c;

	if (strcmp(me->e->kind, "fk") == 0)
		return;
	if (me->e->from.column == NULL) {
		for (size_t i = 0; f->t && i < f->t->ncolumns; i++)
			for (size_t k = 0; k < f->t->columns[i]->nfindings; k++) {
				const char *cat = f->t->columns[i]->findings[k]->category;
				if ((!prefix || cat_match(cat, prefix)) && !stw_strv_has(cats, cat))
					stw_strv_push(cats, cat);
			}
		return;
	}
	if ((c = node_col(f, me->e->from.column)) != NULL)
		for (size_t k = 0; k < c->nfindings; k++) {
			const char *cat = c->findings[k]->category;
			if ((!prefix || cat_match(cat, prefix)) && !stw_strv_has(cats, cat))
				stw_strv_push(cats, cat);
		}
}

static size_t
uf_find(size_t *p, size_t x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

/* With rankdir LR, dot puts every small connected group (a table of
 * people and the tables that reference it, or a lone table) in the same
 * first ranks: hundreds of them make one tall column.  Lay the groups out
 * as a grid of about square shape instead: an invisible edge from the end
 * of each group to the start of the group one row-count further on pushes
 * that one a column to the right. */
static void
grid(Agraph_t *g, const struct sel *s, Agnode_t **nodes)
{
	size_t *p = stw_calloc(s->nn + 1, sizeof(*p)), *head = stw_calloc(s->nn + 1, sizeof(*head));
	size_t *tail = stw_calloc(s->nn + 1, sizeof(*tail)), *order = stw_calloc(s->nn + 1, sizeof(*order));
	unsigned char *in = stw_calloc(s->nn + 1, 1), *out = stw_calloc(s->nn + 1, 1);
	size_t nc = 0, rows;

	for (size_t i = 0; i < s->nn; i++)
		p[i] = i, head[i] = tail[i] = (size_t)-1;
	for (size_t i = 0; i < s->ne; i++) {
		const struct medge *me = &s->e[i];

		if (!me->keep || nodes[me->from] == NULL || nodes[me->to] == NULL)
			continue;
		p[uf_find(p, me->from)] = uf_find(p, me->to);
		out[me->from] = 1;
		in[me->to] = 1;
	}
	for (size_t i = 0; i < s->nn; i++) {
		size_t r;

		if (nodes[i] == NULL)
			continue;
		r = uf_find(p, i);
		if (head[r] == (size_t)-1 && tail[r] == (size_t)-1)
			order[nc++] = r;
		if (head[r] == (size_t)-1 || (!in[i] && in[head[r]]))
			head[r] = i;            /* a start: nothing flows into it */
		if (tail[r] == (size_t)-1 || (!out[i] && out[tail[r]]))
			tail[r] = i;            /* an end: nothing flows out of it */
	}
	if (nc >= 8) {
		for (rows = 1; rows * rows < nc; rows++)
			;
		for (size_t k = rows; k < nc; k++) {
			Agedge_t *ed = agedge(g, nodes[tail[order[k - rows]]], nodes[head[order[k]]], NULL, 1);

			if (ed != NULL)
				set(ed, "style", "invis");
		}
	}
	free(p);
	free(head);
	free(tail);
	free(order);
	free(in);
	free(out);
}

/* Collapsed nodes of one (source, schema, group), found once for all: a
 * walk over the nodes before each one was quadratic in a map of 100,000
 * tables. */
struct gmember {
	const struct mnode *m;
	size_t i;
};

static int
gmember_cmp(const void *a, const void *b)
{
	const struct gmember *x = a, *y = b;
	int c;

	if (x->m->group != y->m->group)
		return x->m->group < y->m->group ? -1 : 1;
	if ((c = strcmp(x->m->source ? x->m->source : "", y->m->source ? y->m->source : "")) != 0 ||
	    (c = strcmp(x->m->schema ? x->m->schema : "", y->m->schema ? y->m->schema : "")) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
same_group(const struct mnode *a, const struct mnode *b)
{
	return a->group == b->group && eq(a->source, b->source) && eq(a->schema, b->schema);
}

/* For each collapsed node, run[i]: its group's members in node order,
 * start and length in v, set on the group's first node only (others 0). */
struct groups {
	struct gmember *v;
	size_t *start, *len;
};

static void
groups_build(struct groups *gs, const struct sel *s)
{
	size_t n = 0;

	gs->v = stw_calloc(s->nn + 1, sizeof(*gs->v));
	gs->start = stw_calloc(s->nn + 1, sizeof(*gs->start));
	gs->len = stw_calloc(s->nn + 1, sizeof(*gs->len));
	for (size_t i = 0; i < s->nn; i++)
		if (s->n[i].keep && s->n[i].group > 0)
			gs->v[n++] = (struct gmember){ &s->n[i], i };
	qsort(gs->v, n, sizeof(*gs->v), gmember_cmp);
	for (size_t a = 0; a < n;) {
		size_t z = a + 1;
		while (z < n && same_group(gs->v[z].m, gs->v[a].m))
			z++;
		gs->start[gs->v[a].i] = a;
		gs->len[gs->v[a].i] = z - a;
		a = z;
	}
}

static void
groups_release(struct groups *gs)
{
	free(gs->v);
	free(gs->start);
	free(gs->len);
}

/* Object IDs in the order objects are made.  cgraph's own discipline
 * makes a name's ID the address of its interned copy, and keeps a graph's
 * subgraphs ordered by ID, so the clusters of a map came out in heap order,
 * which can change from run to run.  This one numbers names as they are
 * first seen (even IDs; odd ones are cgraph's mark of an object without a
 * name) and keeps them itself, so the map is the same on every run and a
 * name is one hash lookup away from its ID and back. */
struct seq_ids {
	Agraph_t *g;                     /* the root graph, whose string pool holds the names */
	char **names;                    /* by ID / 2 - 1 (agstrdup: agwrite reads the pool's
	                                    HTML mark in front of a name) */
	int *types;                      /* the object type of each */
	size_t n, a;
	size_t *slot;                    /* open addressing: index + 1, 0 = empty */
	size_t cap;
	IDTYPE anon;                     /* the next odd ID */
};

static size_t
seq_hash(int objtype, const char *str)
{
	char type[2] = { (char)('0' + objtype), '\0' };
	const char *parts[2] = { type, str };

	return (size_t)stw_hash_parts(parts, 2);
}

static void
seq_rehash(struct seq_ids *st)
{
	size_t cap = st->cap ? st->cap * 2 : 1024;

	free(st->slot);
	st->slot = stw_calloc(cap, sizeof(*st->slot));
	st->cap = cap;
	for (size_t i = 0; i < st->n; i++) {
		size_t k = seq_hash(st->types[i], st->names[i]) & (cap - 1);

		while (st->slot[k] != 0)
			k = (k + 1) & (cap - 1);
		st->slot[k] = i + 1;
	}
}

static void *
seq_open(Agraph_t *g, Agdisc_t *disc)
{
	struct seq_ids *st = stw_calloc(1, sizeof(*st));

	(void)disc;
	st->g = g;
	st->anon = 1;
	seq_rehash(st);
	return st;
}

static long
seq_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	struct seq_ids *st = state;
	size_t k;

	if (str == NULL) {
		if (!createflag)
			return 0;
		*id = st->anon;
		st->anon += 2;
		return 1;
	}
	k = seq_hash(objtype, str) & (st->cap - 1);
	for (; st->slot[k] != 0; k = (k + 1) & (st->cap - 1)) {
		size_t i = st->slot[k] - 1;

		if (st->types[i] == objtype && strcmp(st->names[i], str) == 0) {
			*id = (IDTYPE)(i + 1) * 2;
			return 1;
		}
	}
	if (!createflag)
		return 0;
	stw_grow(&st->names, &st->a, st->n, sizeof(*st->names));
	st->types = stw_realloc(st->types, st->a * sizeof(*st->types));
	st->names[st->n] = agstrdup(st->g, str);
	st->types[st->n] = objtype;
	st->slot[k] = st->n + 1;
	*id = (IDTYPE)(st->n + 1) * 2;   /* 2, 4, ...: never 0 */
	if (++st->n * 2 > st->cap)
		seq_rehash(st);
	return 1;
}

static long
seq_alloc(void *state, int objtype, IDTYPE request)
{
	(void)state;
	(void)objtype;
	(void)request;
	return 0;                        /* no IDs chosen by the caller */
}

static void
seq_free(void *state, int objtype, IDTYPE id)
{
	(void)state;                     /* names live as long as the graph */
	(void)objtype;
	(void)id;
}

static char *
seq_print(void *state, int objtype, IDTYPE id)
{
	struct seq_ids *st = state;

	(void)objtype;
	if (id % 2 != 0 || id == 0 || id / 2 > st->n)
		return NULL;
	return st->names[id / 2 - 1];
}

static void
seq_close(void *state)
{
	struct seq_ids *st = state;

	/* the names go with the graph's string pool */
	free(st->names);
	free(st->types);
	free(st->slot);
	free(st);
}

static void
seq_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seq_id_disc = {
	seq_open, seq_map, seq_alloc, seq_free, seq_print, seq_close, seq_register
};
static Agdisc_t map_disc = { &AgMemDisc, &seq_id_disc, &AgIoDisc };

static int
build(Agraph_t **out, struct sel *s, const struct stw_map_opts *o, struct stw_err *err)
{
	Agraph_t *g = agopen((char *)"lineage", Agdirected, &map_disc);
	Agnode_t **nodes;
	struct agg *aggs = NULL;
	size_t naggs = 0, aaggs = 0, nnotes = 0;
	struct used u;
	struct groups gs;
	struct stw_buf notes = STW_BUF_INIT;

	*out = NULL;
	if (g == NULL)
		return stw_error(err, STW_ERROR, "cannot create the graph: graphviz agopen failed");
	memset(&u, 0, sizeof(u));
	set(g, "rankdir", "LR");
	set(g, "fontname", "Helvetica");
	set(g, "nodesep", "0.3");
	set(g, "ranksep", "0.8");
	{
		/* The title says which filter made the picture. */
		struct stw_buf t = STW_BUF_INIT;

		if (o->title)
			stw_buf_adds(&t, o->title);
		else {
			stw_buf_adds(&t, "Lineage map");
			if (o->page_schema)
				stw_buf_addf(&t, " · schema %s.%s (one page of several)", o->page_source,
				    o->page_schema);
			if (o->focus)
				stw_buf_addf(&t, " · focus %s, %d hop%s", o->focus, o->depth,
				    o->depth == 1 ? "" : "s");
			if (o->category)
				stw_buf_addf(&t, " · category %s", o->category);
			if (o->only_sensitive)
				stw_buf_adds(&t, " · tables with personal data only");
			if (o->max_tables > 0 && s->dropped > 0)
				stw_buf_addf(&t, " · the %zu most sensitive tables (--max-tables)",
				    (size_t)o->max_tables);
		}
		if (s->dropped > 0)
			stw_buf_addf(&t, "\nand %zu more table%s not drawn", s->dropped,
			    s->dropped == 1 ? "" : "s");
		set(g, "label", t.buf);
		set(g, "labelloc", "t");
		set(g, "fontsize", "16");
		stw_buf_release(&t);
	}
	agattr(g, AGNODE, (char *)"shape", (char *)"plaintext");
	agattr(g, AGNODE, (char *)"fontname", (char *)"Helvetica");
	agattr(g, AGEDGE, (char *)"fontname", (char *)"Helvetica");
	agattr(g, AGEDGE, (char *)"fontsize", (char *)"10");
	nodes = stw_calloc(s->nn + 1, sizeof(*nodes));
	for (size_t i = 0; i < s->nn; i++) {
		const struct mnode *m = &s->n[i];
		Agraph_t *cg;
		char *label, *tip;

		if (!m->keep)
			continue;
		if (m->group)
			continue;      /* drawn below, one node per schema and group */
		if (m->stub) {
			struct stw_buf sb = STW_BUF_INIT;

			if ((cg = cluster_for(g, m)) == NULL || (nodes[i] = agnode(cg, m->key, 1)) == NULL) {
				free(nodes);
				agclose(g);
				return stw_error(err, STW_ERROR, "cannot add table '%s' to the graph", m->key);
			}
			stw_buf_adds(&sb, "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLPADDING=\"5\" COLOR=\"#888888\" "
			    "STYLE=\"DASHED\"><TR><TD><FONT POINT-SIZE=\"11\">");
			html_esc(&sb, m->table);
			stw_buf_adds(&sb, "</FONT></TD></TR><TR><TD><FONT POINT-SIZE=\"10\" COLOR=\"#4A5366\"><I>"
			    "on the page of its schema</I></FONT></TD></TR></TABLE>");
			set_html(g, nodes[i], "label", sb.buf);
			set(nodes[i], "tooltip", m->key);
			stw_buf_release(&sb);
			continue;
		}
		if ((cg = cluster_for(g, m)) == NULL ||
		    (nodes[i] = agnode(cg, m->key, 1)) == NULL) {
			free(nodes);
			agclose(g);
			return stw_error(err, STW_ERROR, "cannot add table '%s' to the graph", m->key);
		}
		if (m->violated)
			s->n[i].note = ++nnotes;
		label = node_label(&s->n[i], o, &u);
		set_html(g, nodes[i], "label", label);
		{
			/* The tooltip: the table, its problem, and why it is marked. */
			struct stw_buf tb = STW_BUF_INIT;

			stw_buf_adds(&tb, m->key);
			if (m->t && m->t->error)
				stw_buf_addf(&tb, ": %s", m->t->error);
			for (size_t v = 0; o->violations && m->violated && v < o->violations->n; v++) {
				const struct stw_violation *x = o->violations->v[v];

				if (eq(x->source, m->source) && eq(x->schema, m->schema) &&
				    eq(x->table, m->table)) {
					stw_buf_addf(&tb, "\n%s: %s", stw_severity_name(x->severity), x->message);
					if (notes.len < 6000)
						stw_buf_addf(&notes, "%s[%zu] %s: %s", notes.len ? "\x1e" : "",
						    s->n[i].note, m->table, x->message);
				}
			}
			tip = stw_buf_detach(&tb);
		}
		set(nodes[i], "tooltip", tip);
		free(tip);
		free(label);
	}
	groups_build(&gs, s);
	for (size_t i = 0; i < s->nn; i++) {
		const struct mnode *m = &s->n[i];
		struct stw_buf lb = STW_BUF_INIT;
		size_t count = 0, listed = 0;
		Agraph_t *cg;
		Agnode_t *gn;
		char *name;

		if (!m->keep || m->group == 0 || m->group < 0)
			continue;
		/* the first of its schema and group gathers the others */
		if (gs.len[i] == 0)
			goto next_group;
		stw_buf_addf(&lb, "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"5\" "
		    "COLOR=\"#888888\" STYLE=\"ROUNDED\"><TR><TD BGCOLOR=\"%s\"><B>", m->group == 2 ?
		    SFILL(STW_SENS_LINKED) : SFILL(STW_SENS_NONE));
		count = gs.len[i];
		stw_buf_addf(&lb, "%zu table%s %s</B></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">",
		    count, count == 1 ? "" : "s", m->group == 2 ? "about persons: keys, dates, amounts only" :
		    "without personal data");
		for (size_t k = 0; k < count && listed < 8; k++) {
			stw_buf_adds(&lb, listed ? ", " : "");
			html_esc(&lb, gs.v[gs.start[i] + k].m->table);
			listed++;
		}
		if (count > listed)
			stw_buf_addf(&lb, ", +%zu", count - listed);
		stw_buf_adds(&lb, "</FONT></TD></TR></TABLE>");
		name = stw_asprintf("group/%s/%s/%d", m->source ? m->source : "", m->schema ? m->schema
		    : "", m->group);
		if ((cg = cluster_for(g, m)) != NULL && (gn = agnode(cg, name, 1)) != NULL) {
			set_html(g, gn, "label", lb.buf);
			set(gn, "tooltip", "collapsed: steward map --collapse no draws each of them");
		}
		if (m->group == 2)
			u.keys = 1;
		else
			u.sens[STW_SENS_NONE] = 1;
		free(name);
next_group:
		stw_buf_release(&lb);
	}
	groups_release(&gs);
	for (size_t i = 0; i < s->ne; i++) {
		const struct medge *me = &s->e[i];

		if (!me->keep || nodes[me->from] == NULL || nodes[me->to] == NULL)
			continue;
		if (o->level == STW_MAP_COLUMN) {
			Agedge_t *ed = agedge(g, nodes[me->from], nodes[me->to], NULL, 1);
			int fc = col_index(s->n[me->from].t, me->e->from.column);
			int tc = col_index(s->n[me->to].t, me->e->to.column);
			char port[32];

			if (ed == NULL)
				goto edge_fail;
			style_edge(ed, me->e->kind, me->sens);
			if (fc >= 0) {
				snprintf(port, sizeof(port), "c%d:e", fc);
				set(ed, "tailport", port);
			}
			if (tc >= 0) {
				snprintf(port, sizeof(port), "c%d:w", tc);
				set(ed, "headport", port);
			}
			if (strcmp(me->e->kind, "fk") != 0) {
				struct stw_buf lb = STW_BUF_INIT;

				kind_label(&lb, me->e->kind, me->e->inference.present, me->e->inference.rate,
				    me->e->inference.rate);
				set(ed, "label", lb.buf);
				stw_buf_release(&lb);
			}
			set(ed, "tooltip", me->e->evidence ? me->e->evidence : me->e->kind);
			continue;
		}
		{
			struct agg *a = NULL;
			for (size_t k = 0; k < naggs; k++)
				if (aggs[k].from == me->from && aggs[k].to == me->to &&
				    strcmp(aggs[k].kind, me->e->kind) == 0)
					a = &aggs[k];
			if (a == NULL) {
				stw_grow(&aggs, &aaggs, naggs, sizeof(*aggs));
				a = &aggs[naggs++];
				memset(a, 0, sizeof(*a));
				a->from = me->from;
				a->to = me->to;
				a->kind = me->e->kind;
			}
			if (me->sens > a->sens)
				a->sens = me->sens;
			if (me->e->inference.present) {
				double r = me->e->inference.rate;

				if (!a->rated || r < a->rate_lo)
					a->rate_lo = r;
				if (!a->rated || r > a->rate_hi)
					a->rate_hi = r;
				a->rated = 1;
			}
			edge_cats(s, me, &a->cats, o->category);
			if (me->e->evidence && a->evidence.n < 8 && !stw_strv_has(&a->evidence,
			    me->e->evidence))
				stw_strv_push(&a->evidence, me->e->evidence);
		}
	}
	for (size_t k = 0; k < naggs; k++) {
		struct agg *a = &aggs[k];
		Agedge_t *ed = agedge(g, nodes[a->from], nodes[a->to], NULL, 1);
		struct stw_buf lb = STW_BUF_INIT;

		if (ed == NULL)
			goto edge_fail;
		style_edge(ed, a->kind, a->sens);
		if (strcmp(a->kind, "fk") != 0) {
			kind_label(&lb, a->kind, a->rated, a->rate_lo, a->rate_hi);
			for (size_t c = 0; c < a->cats.n && c < 3; c++) {
				char *t = stw_category_title(a->cats.v[c]);

				stw_buf_addf(&lb, "%s%s", c ? ", " : ": ", t);
				free(t);
			}
			if (a->cats.n > 3)
				stw_buf_addf(&lb, " +%zu", a->cats.n - 3);
			set(ed, "label", lb.buf);
		}
		stw_buf_reset(&lb);
		for (size_t c = 0; c < a->evidence.n; c++)
			stw_buf_addf(&lb, "%s%s", c ? "\n" : "", a->evidence.v[c]);
		set(ed, "tooltip", lb.len ? lb.buf : a->kind);
		stw_buf_release(&lb);
	}
	grid(g, s, nodes);
	for (size_t k = 0; k < naggs; k++) {
		stw_strv_clear(&aggs[k].cats);
		stw_strv_clear(&aggs[k].evidence);
	}
	free(aggs);
	free(nodes);
	for (size_t i = 0; i < s->ne; i++)
		if (s->e[i].keep)
			u.kinds[kind_index(s->e[i].e->kind)] = 1;
	add_legend(g, o, &u, notes.len ? notes.buf : NULL);
	stw_buf_release(&notes);
	*out = g;
	return STW_OK;
edge_fail:
	stw_buf_release(&notes);
	for (size_t k = 0; k < naggs; k++) {
		stw_strv_clear(&aggs[k].cats);
		stw_strv_clear(&aggs[k].evidence);
	}
	free(aggs);
	free(nodes);
	agclose(g);
	return stw_error(err, STW_ERROR, "cannot add a lineage edge to the graph");
}

static int
make_graph(Agraph_t **g, const struct stw_inventory *inv, const struct stw_map_opts *o,
    struct stw_err *err)
{
	struct sel s;
	int rc;

	memset(&s, 0, sizeof(s));
	*g = NULL;
	if (o->depth < 0)
		return stw_error(err, STW_EUSAGE, "depth %d: must be 0 or more", o->depth);
	if ((rc = select_graph(&s, inv, o, err)) == STW_OK)
		rc = build(g, &s, o, err);
	sel_release(&s);
	return rc;
}

int
stw_map_pages(struct stw_strv *out, const struct stw_inventory *inv,
    const struct stw_map_opts *o, struct stw_err *err)
{
	struct sel s;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = select_graph(&s, inv, o, err)) == STW_OK)
		for (size_t i = 0; i < s.nn; i++) {
			char *k;

			if (!s.n[i].keep || s.n[i].t == NULL)
				continue;
			k = stw_asprintf("%s\x1f%s", s.n[i].source ? s.n[i].source : "",
			    s.n[i].schema ? s.n[i].schema : "");
			if (stw_strv_has(out, k))
				free(k);
			else
				stw_strv_push_owned(out, k);
		}
	sel_release(&s);
	return rc;
}

int
stw_map_count(size_t *nodes, size_t *edges, const struct stw_inventory *inv,
    const struct stw_map_opts *o, struct stw_err *err)
{
	struct sel s;
	int rc;

	memset(&s, 0, sizeof(s));
	*nodes = *edges = 0;
	if ((rc = select_graph(&s, inv, o, err)) == STW_OK) {
		for (size_t i = 0; i < s.nn; i++)
			*nodes += s.n[i].keep != 0;
		for (size_t i = 0; i < s.ne; i++)
			*edges += s.e[i].keep != 0;
	}
	sel_release(&s);
	return rc;
}

int
stw_map_dot(char **out, const struct stw_inventory *inv, const struct stw_map_opts *o,
    struct stw_err *err)
{
	Agraph_t *g;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	*out = NULL;
	if ((rc = make_graph(&g, inv, o, err)) != STW_OK)
		return rc;
	if ((f = open_memstream(&text, &len)) == NULL) {
		agclose(g);
		return stw_error(err, STW_ERROR, "cannot write the map: %s", strerror(errno));
	}
	rc = agwrite(g, f);
	if (fclose(f) != 0 || rc != 0) {
		free(text);
		agclose(g);
		return stw_error(err, STW_ERROR, "cannot write the map as DOT: graphviz agwrite failed");
	}
	agclose(g);
	*out = text;
	return STW_OK;
}

/*
 * One Graphviz context for the whole process, never freed.  Graphviz 2.42's
 * pango plugin keeps a pointer to the last font name it measured, and
 * gvFreeContext() frees that string: a second context in the same process
 * (steward demo draws the map twice: map.svg and the HTML report) then
 * reads freed memory in textspan_size.  Its config text leaks anyway
 * (INFRA-FACTS), so keeping the context costs nothing more.
 */
static pthread_once_t gvc_once = PTHREAD_ONCE_INIT;
static GVC_t *gvc_shared;

static void
gvc_init(void)
{
	gvc_shared = gvContext();
}

static GVC_t *
shared_gvc(void)
{
	pthread_once(&gvc_once, gvc_init);
	return gvc_shared;
}

const char *
stw_map_graphviz_version(void)
{
	GVC_t *gvc = shared_gvc();
	char *v = gvc ? gvcVersion(gvc) : NULL;

	return v ? v : "unknown";
}

int
stw_map_render(const struct stw_inventory *inv, const struct stw_map_opts *o, const char *format,
    const char *path, FILE *stream, struct stw_err *err)
{
	Agraph_t *g;
	GVC_t *gvc;
	int rc;

	if (!stw_map_format_known(format))
		return stw_error(err, STW_EUSAGE, "format '%s': expected svg, png, pdf or dot",
		    format ? format : "");
	if (path == NULL && stream == NULL)
		return stw_error(err, STW_EUSAGE, "no output given for the map");
	if ((rc = make_graph(&g, inv, o, err)) != STW_OK)
		return rc;
	if (strcmp(format, "dot") == 0) {
		/* DOT without layout: smaller, and what other tools expect. */
		FILE *f = path ? fopen(path, "w") : stream;
		if (f == NULL) {
			agclose(g);
			return stw_error(err, STW_EUSAGE, "cannot write '%s': %s", path, strerror(errno));
		}
		rc = agwrite(g, f);
		if ((path ? fclose(f) : fflush(f)) != 0 || rc != 0)
			rc = stw_error(err, STW_ERROR, "cannot write the map to '%s'",
			    path ? path : "standard output");
		agclose(g);
		return rc;
	}
	if ((gvc = shared_gvc()) == NULL) {
		agclose(g);
		return stw_error(err, STW_ERROR, "cannot start graphviz: gvContext failed");
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		rc = stw_error(err, STW_ERROR, "cannot lay out the map: graphviz dot layout failed");
	} else {
		int r = path ? gvRenderFilename(gvc, g, format, path) : gvRender(gvc, g, format, stream);
		if (r != 0)
			rc = stw_error(err, STW_ERROR, "cannot render the map as %s to '%s': graphviz "
			    "render failed (is the %s plugin installed?)", format,
			    path ? path : "standard output", format);
		else if (path == NULL && fflush(stream) != 0)
			rc = stw_error(err, STW_ERROR, "cannot write the map to standard output");
		if (gvFreeLayout(gvc, g) != 0 && rc == STW_OK)
			rc = stw_error(err, STW_ERROR, "graphviz: cannot free the layout");
	}
	agclose(g);
	return rc;
}
