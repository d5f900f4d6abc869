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

static struct stw_column *
endpoint_column(const struct stw_inventory *inv, const struct stw_endpoint *e)
{
	struct stw_source *s = stw_inventory_find_source(inv, e->source);
	struct stw_table *t = s ? stw_source_find_table(s, e->schema, e->table) : NULL;

	return t && e->column ? stw_table_find_column(t, e->column) : NULL;
}

static int
has_category(const struct stw_column *c, const char *category)
{
	for (size_t i = 0; i < c->nfindings; i++)
		if (strcmp(c->findings[i]->category, category) == 0)
			return 1;
	return 0;
}

int
stw_lineage_propagate(struct stw_inventory *inv, struct stw_err *err)
{
	int changed = 1, rounds = 0;

	/* Fixed point over column-level derivation edges; bounded by the number
	 * of edges since each round adds at least one finding. */
	while (changed && rounds++ <= (int)inv->nlineage + 1) {
		changed = 0;
		for (size_t i = 0; i < inv->nlineage; i++) {
			const struct stw_edge *e = inv->lineage[i];
			struct stw_column *from, *to;
			size_t nf;

			if (!derives(e->kind))
				continue;
			from = endpoint_column(inv, &e->from);
			to = endpoint_column(inv, &e->to);
			if (from == NULL || to == NULL || from == to)
				continue;
			nf = from->nfindings;
			for (size_t k = 0; k < nf; k++) {
				const struct stw_finding *f = from->findings[k];
				struct stw_finding *n;
				char *fromstr, *tostr;

				if (has_category(to, f->category))
					continue;
				n = stw_column_add_finding(to, f->rule, f->category, f->sensitivity);
				n->evidence = STW_EVID_INHERITED;
				n->confidence = f->confidence;
				n->matched = n->sampled = 0;
				fromstr = stw_endpoint_str(&e->from);
				tostr = stw_endpoint_str(&e->to);
				n->inherited_from = stw_strdup(f->inherited_from ? f->inherited_from : fromstr);
				n->path = f->path ? stw_asprintf("%s -[%s]-> %s", f->path, e->kind, tostr)
				    : stw_asprintf("%s -[%s]-> %s", fromstr, e->kind, tostr);
				free(fromstr);
				free(tostr);
				changed = 1;
			}
		}
	}
	return STW_OK;
}
