/*
 * Lineage edges from the catalog (foreign keys) and from the configuration
 * (declared flows), and category propagation along derivation edges.
 * View and trigger parsing live in lineage_sql.c.
 */
#include "lineage.h"

#include <stdlib.h>
#include <string.h>

int
stw_lineage_from_source(struct stw_inventory *inv, struct stw_source *src, struct stw_err *err)
{
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];

		for (size_t k = 0; k < t->nfkeys; k++) {
			const struct stw_fkey *fk = t->fkeys[k];
			char *ev = stw_asprintf("foreign key %s", fk->name ? fk->name : "(unnamed)");

			/* Direction: the referenced (parent) column flows into the child. */
			for (size_t c = 0; c < fk->columns.n && c < fk->ref_columns.n; c++)
				stw_inventory_add_edge(inv, "fk", src->name, fk->ref_schema, fk->ref_table,
				    fk->ref_columns.v[c], src->name, t->schema, t->name, fk->columns.v[c], ev);
			free(ev);
		}
	}
	/* Views and triggers after every table of the source is known, so
	 * that names resolve against the whole catalog. */
	for (size_t i = 0; i < src->ntables; i++) {
		struct stw_table *t = src->tables[i];

		if (t->kind && (strcmp(t->kind, "view") == 0 ||
		    strcmp(t->kind, "materialized_view") == 0) &&
		    stw_lineage_view(inv, src, t, err) != STW_OK)
			return stw_error_prefix(err, "view '%s'", t->name);
		for (size_t k = 0; k < t->ntriggers; k++)
			if (stw_lineage_trigger(inv, src, t, t->triggers[k], err) != STW_OK)
				return stw_error_prefix(err, "trigger '%s'", t->triggers[k]->name);
	}
	return STW_OK;
}

/* Splits "source.schema.table" into three parts (owned by the caller). */
static int
split3(const char *s, char **a, char **b, char **c)
{
	const char *d1 = strchr(s, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;

	if (d1 == NULL || d2 == NULL || strchr(d2 + 1, '.') != NULL)
		return -1;
	*a = stw_strndup(s, (size_t)(d1 - s));
	*b = stw_strndup(d1 + 1, (size_t)(d2 - d1 - 1));
	*c = stw_strdup(d2 + 1);
	return 0;
}

int
stw_lineage_declared(struct stw_inventory *inv, const struct stw_config *cfg, struct stw_err *err)
{
	for (size_t i = 0; i < cfg->nflows; i++) {
		const struct stw_cfg_flow *f = cfg->flows[i];
		char *fs, *fsc, *ft, *ts, *tsc, *tt, *ev;

		if (split3(f->from, &fs, &fsc, &ft) != 0)
			return stw_error(err, STW_EUSAGE, "flow from '%s': expected SOURCE.SCHEMA.TABLE",
			    f->from);
		if (split3(f->to, &ts, &tsc, &tt) != 0) {
			free(fs), free(fsc), free(ft);
			return stw_error(err, STW_EUSAGE, "flow to '%s': expected SOURCE.SCHEMA.TABLE",
			    f->to);
		}
		ev = stw_asprintf("declared flow%s%s", f->via ? " via " : "", f->via ? f->via : "");
		if (f->col_from.n == 0)
			stw_inventory_add_edge(inv, "declared", fs, fsc, ft, NULL, ts, tsc, tt, NULL, ev);
		for (size_t k = 0; k < f->col_from.n && k < f->col_to.n; k++)
			stw_inventory_add_edge(inv, "declared", fs, fsc, ft, f->col_from.v[k], ts, tsc, tt,
			    f->col_to.v[k], ev);
		free(fs), free(fsc), free(ft), free(ts), free(tsc), free(tt), free(ev);
	}
	return STW_OK;
}

static int
derives(const char *kind)
{
	/* A foreign key says two columns hold the same key, not that data was
	 * copied: categories do not travel along it. */
	return strcmp(kind, "fk") != 0;
}

static int
has_category(const struct stw_column *c, const char *category)
{
	for (size_t i = 0; i < c->nfindings; i++)
		if (strcmp(c->findings[i]->category, category) == 0)
			return 1;
	return 0;
}

/* Copies from's findings to to as inherited ones; returns how many were new.
 * fromstr/tostr name the two columns for inherited_from and the path. */
static int
inherit(struct stw_column *to, const struct stw_column *from, const char *fromstr,
    const char *tostr, const char *kind)
{
	size_t nf = from->nfindings;
	int added = 0;

	for (size_t k = 0; k < nf; k++) {
		const struct stw_finding *f = from->findings[k];
		struct stw_finding *n;

		if (has_category(to, f->category))
			continue;
		n = stw_column_add_finding(to, f->rule, f->category, f->sensitivity);
		n->evidence = STW_EVID_INHERITED;
		n->confidence = f->confidence;
		n->matched = n->sampled = 0;
		n->inherited_from = stw_strdup(f->inherited_from ? f->inherited_from : fromstr);
		n->path = stw_asprintf("%s -[%s]-> %s", f->path ? f->path : fromstr, kind, tostr);
		added++;
	}
	return added;
}

static char *
colstr(const struct stw_endpoint *e, const char *column)
{
	return stw_asprintf("%s.%s.%s.%s", e->source, e->schema ? e->schema : "", e->table, column);
}

/*
 * Fixed point over derivation edges.  It terminates because a column never
 * receives the same category twice (has_category), so every round that
 * changes anything adds a finding, and findings are bounded by columns x
 * categories; cycles therefore stop once every column on them holds the
 * category.  The first path found wins (edges are visited in inventory
 * order, sorted first, so the result is deterministic).
 *
 * Column-level edges copy the source column's categories.  A table-level
 * edge (no column on either side: a declared flow without a column map, or a
 * view whose SQL could not be parsed) copies them to the column of the same
 * name in the target table, when there is one; columns that were renamed
 * on the way get nothing, since nothing says where they went.
 */
int
stw_lineage_propagate(struct stw_inventory *inv, struct stw_err *err)
{
	int changed = 1;

	(void)err;
	/* In a fixed order, so that which path a column inherits by does not
	 * depend on the order sources, jobs or merged shards added edges. */
	stw_inventory_sort_edges(inv);
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < inv->nlineage; i++) {
			const struct stw_edge *e = inv->lineage[i];
			struct stw_table *ft, *tt;

			if (!derives(e->kind))
				continue;
			if ((ft = stw_inventory_endpoint_table(inv, &e->from, NULL)) == NULL ||
			    (tt = stw_inventory_endpoint_table(inv, &e->to, NULL)) == NULL)
				continue;
			if (e->from.column != NULL && e->to.column != NULL) {
				struct stw_column *from = stw_table_find_column(ft, e->from.column);
				struct stw_column *to = stw_table_find_column(tt, e->to.column);
				char *fs, *ts;

				if (from == NULL || to == NULL || from == to || from->nfindings == 0)
					continue;
				fs = colstr(&e->from, from->name);
				ts = colstr(&e->to, to->name);
				changed |= inherit(to, from, fs, ts, e->kind) > 0;
				free(fs);
				free(ts);
			} else if (e->from.column == NULL && e->to.column == NULL && ft != tt) {
				for (size_t c = 0; c < ft->ncolumns; c++) {
					struct stw_column *from = ft->columns[c], *to;
					char *fs, *ts;

					if (from->nfindings == 0 ||
					    (to = stw_table_find_column(tt, from->name)) == NULL)
						continue;
					fs = colstr(&e->from, from->name);
					ts = colstr(&e->to, to->name);
					changed |= inherit(to, from, fs, ts, e->kind) > 0;
					free(fs);
					free(ts);
				}
			}
		}
	}
	return STW_OK;
}
