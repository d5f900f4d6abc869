/*
 * Policy findings of the PIA evidence (docs/pia.md): who can read personal
 * data against access.allowed_roles, readers everyone is, shared tables of
 * people without row level security, special-category data whose reads
 * are not logged, and rows unique on their quasi-identifiers.  A pure
 * function of the inventory and steward.yaml.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output/policy.h"
#include "scanner/access.h"

static enum stw_severity
sev_for(enum stw_sensitivity s, int strict)
{
	switch (s) {
	case STW_SENS_SPECIAL: return strict ? STW_SEV_CRITICAL : STW_SEV_HIGH;
	case STW_SENS_HIGH: return STW_SEV_HIGH;
	case STW_SENS_PERSONAL: return STW_SEV_MEDIUM;
	default: return STW_SEV_LOW;
	}
}

static int
base_table(const struct stw_table *t)
{
	return !stw_table_is_partition(t) && (t->kind == NULL || strcmp(t->kind, "view") != 0);
}

/* Per principal of one table: the columns it reads, the worst of them. */
struct who {
	char *principal, *via;
	int wildcard;
	size_t ncols, nblocked;
	const struct stw_finding *worst, *worst_blocked;
	const char *worst_col, *worst_blocked_col;
	struct stw_buf blocked_cols;
};

static struct who *
who_get(struct who **v, size_t *n, size_t *a, const struct stw_reader *r)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].principal, r->principal) == 0)
			return &(*v)[i];
	stw_grow(v, a, *n, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].principal = stw_strdup(r->principal);
	(*v)[*n].via = stw_strdup(r->via);
	(*v)[*n].wildcard = r->wildcard;
	return &(*v)[(*n)++];
}

static void
table_access(struct stw_policy_result *res, const struct stw_source *s, const struct stw_table *t,
    const struct stw_config *cfg)
{
	struct who *w = NULL;
	size_t nw = 0, aw = 0;

	for (size_t c = 0; c < t->ncolumns; c++) {
		const struct stw_column *col = t->columns[c];
		const struct stw_finding *f = stw_column_top_finding(col);
		struct stw_readers rd;

		if (f == NULL)
			continue;
		stw_access_readers(&rd, s, t, col->name);
		for (size_t i = 0; i < rd.n; i++) {
			const struct stw_reader *r = &rd.v[i];
			struct who *x;

			if (stw_access_principal_in(r->principal, &cfg->access_ignore))
				continue;
			x = who_get(&w, &nw, &aw, r);
			x->ncols++;
			if (x->worst == NULL || f->sensitivity > x->worst->sensitivity) {
				x->worst = f;
				x->worst_col = col->name;
			}
			if (stw_access_not_allowed(cfg, r, f->category)) {
				x->nblocked++;
				stw_buf_addf(&x->blocked_cols, "%s%s (%s)", x->blocked_cols.len ? ", " : "",
				    col->name, f->category);
				if (x->worst_blocked == NULL || f->sensitivity > x->worst_blocked->sensitivity) {
					x->worst_blocked = f;
					x->worst_blocked_col = col->name;
				}
			}
		}
		stw_readers_release(&rd);
	}
	for (size_t i = 0; i < nw; i++) {
		struct who *x = &w[i];
		struct stw_violation *v;

		if (x->wildcard && x->worst != NULL && x->worst->sensitivity >= STW_SENS_PERSONAL) {
			/* every account of one machine is fewer people than every
			 * role of a server: one level lower for an SQLite file */
			enum stw_severity sev = sev_for(x->worst->sensitivity, 1);
			if (s->engine != NULL && strcmp(s->engine, "sqlite") == 0 && sev > STW_SEV_LOW)
				sev = (enum stw_severity)(sev - 1);
			v = stw_policy_add(res, STW_VIOL_ACCESS_PUBLIC, sev,
			    s->name, t->schema, t->name, NULL, x->worst->category,
			    stw_asprintf("%s can read %zu personal column%s of %s.%s, the most sensitive "
			    "%s (%s, %s)", x->principal, x->ncols, x->ncols == 1 ? "" : "s", t->schema,
			    t->name, x->worst_col, x->worst->category, stw_sensitivity_name(x->worst->sensitivity)),
			    stw_strdup(x->via));
			v->principal = stw_strdup(x->principal);
		}
		/* allowed_roles names database roles; an SQLite file has none */
		if (x->nblocked > 0 && !(s->engine != NULL && strcmp(s->engine, "sqlite") == 0)) {
			v = stw_policy_add(res, STW_VIOL_ACCESS_NOT_ALLOWED,
			    sev_for(x->worst_blocked->sensitivity, 0), s->name, t->schema, t->name, NULL,
			    x->worst_blocked->category,
			    stw_asprintf("%s can read %s.%s: %s, which access.allowed_roles does not "
			    "allow it", x->principal, t->schema, t->name, x->blocked_cols.buf),
			    stw_strdup(x->via));
			v->principal = stw_strdup(x->principal);
		}
		free(x->principal);
		free(x->via);
		stw_buf_release(&x->blocked_cols);
	}
	free(w);
}

/* A table of people shared by tenants: a tenant key column and personal data. */
static const char *
tenant_column(const struct stw_table *t)
{
	static const char *const names[] = { "org_id", "organisation_id", "organization_id",
		"company_id", "workspace_id", "orgid", NULL };

	for (size_t c = 0; c < t->ncolumns; c++)
		for (size_t i = 0; names[i]; i++)
			if (strcasecmp(t->columns[c]->name, names[i]) == 0 ||
			    (strncasecmp(t->columns[c]->name, "tenant", 6) == 0))
				return t->columns[c]->name;
	return NULL;
}

static void
no_rls(struct stw_policy_result *res, const struct stw_source *s, const struct stw_table *t)
{
	const char *tc;

	if (t->access.rls != 0 || t->subject.kind != STW_SUBJ_PERSON || (tc = tenant_column(t)) == NULL)
		return;
	stw_policy_add(res, STW_VIOL_ACCESS_NO_RLS, STW_SEV_MEDIUM, s->name, t->schema, t->name,
	    NULL, NULL, stw_asprintf("%s.%s holds people of several tenants (%s) and has no row "
	    "level security: every role that can read it reads every tenant's people", t->schema,
	    t->name, tc), stw_strdup("row_level_security: off"));
}

static void
unlogged(struct stw_policy_result *res, const struct stw_source *s)
{
	const struct stw_table *where = NULL;
	const struct stw_finding *f = NULL;

	if (!s->access.present || s->access.logging == NULL || strcmp(s->access.logging, "none") != 0)
		return;
	for (size_t i = 0; i < s->ntables && where == NULL; i++) {
		const struct stw_table *t = s->tables[i];
		if (!base_table(t))
			continue;
		for (size_t c = 0; c < t->ncolumns && where == NULL; c++) {
			const struct stw_finding *x = stw_column_top_finding(t->columns[c]);
			if (x != NULL && x->sensitivity == STW_SENS_SPECIAL) {
				where = t;
				f = x;
			}
		}
	}
	if (where == NULL)
		return;
	stw_policy_add(res, STW_VIOL_ACCESS_UNLOGGED, STW_SEV_LOW, s->name, NULL, NULL, NULL,
	    f->category, stw_asprintf("%s holds special-category data (%s in %s.%s) and does not log "
	    "who reads it", s->name, f->category, where->schema, where->name),
	    stw_strdup(s->access.logging_evidence ? s->access.logging_evidence : "no audit logging"));
}

static void
reid(struct stw_policy_result *res, const struct stw_source *s, const struct stw_table *t)
{
	const struct stw_reid *r = t->reid;
	struct stw_buf q = STW_BUF_INIT, ev = STW_BUF_INIT;
	const struct stw_reid_level *best = NULL;

	if (r == NULL || !r->present || r->error != NULL || r->rows == 0 || r->level.k >= r->target_k)
		return;
	for (size_t i = 0; i < r->quasi.n; i++)
		stw_buf_addf(&q, "%s%s", i ? ", " : "", r->quasi.v[i]);
	for (size_t i = 0; i < r->ngens; i++)
		if (r->gens[i]->k >= r->target_k) {
			best = r->gens[i];
			break;
		}
	stw_buf_addf(&ev, "%lld rows%s, %lld groups, smallest %lld", r->rows,
	    r->exact ? "" : " (the first rows read)", r->level.classes, r->level.k);
	if (best != NULL)
		stw_buf_addf(&ev, "; %s reaches k = %lld", best->label, best->k);
	else if (r->ngens > 0)
		stw_buf_addf(&ev, "; still below k = %lld after %s (k = %lld)", r->target_k,
		    r->gens[r->ngens - 1]->label, r->gens[r->ngens - 1]->k);
	stw_policy_add(res, STW_VIOL_REIDENTIFICATION,
	    r->level.unique_rows * 10 >= r->rows ? STW_SEV_MEDIUM : STW_SEV_LOW, s->name, t->schema,
	    t->name, NULL, NULL,
	    stw_asprintf("%lld of %lld rows (%.0f%%) are the only ones with their %s; the smallest "
	    "group has %lld row%s (target k = %lld)", r->level.unique_rows, r->rows,
	    r->rows ? 100.0 * (double)r->level.unique_rows / (double)r->rows : 0.0, q.buf,
	    r->level.k, r->level.k == 1 ? "" : "s", r->target_k), stw_buf_detach(&ev));
	stw_buf_release(&q);
	stw_buf_release(&ev);
}

/* A login role (not a superuser) that reads every table of personal data
 * of a source, and most of them only through roles it inherits: least
 * privilege broken by a role tree nobody looks at as a whole. */
static void
broad(struct stw_policy_result *res, const struct stw_source *s, const struct stw_config *cfg)
{
	size_t npersonal = 0, np = s->access.nprincipals;
	size_t *reads, *inherited;
	struct stw_strv *via;

	if (!s->access.present || (s->engine != NULL && strcmp(s->engine, "sqlite") == 0))
		return;
	for (size_t k = 0; k < s->ntables; k++)
		if (base_table(s->tables[k]) &&
		    stw_table_max_sensitivity(s->tables[k]) >= STW_SENS_PERSONAL)
			npersonal++;
	if (npersonal < 3)
		return;
	/* Each table's readers once, tallied per principal. */
	reads = stw_calloc(np + 1, sizeof(*reads));
	inherited = stw_calloc(np + 1, sizeof(*inherited));
	via = stw_calloc(np + 1, sizeof(*via));
	for (size_t k = 0; k < s->ntables; k++) {
		const struct stw_table *t = s->tables[k];
		struct stw_readers rd;

		if (!base_table(t) || stw_table_max_sensitivity(t) < STW_SENS_PERSONAL)
			continue;
		stw_access_readers(&rd, s, t, NULL);
		for (size_t r = 0; r < rd.n; r++)
			for (size_t i = 0; i < np; i++) {
				if (strcmp(rd.v[r].principal, s->access.principals[i]->name) != 0)
					continue;
				reads[i]++;
				if (rd.v[r].grantee != NULL && strcmp(rd.v[r].grantee, rd.v[r].principal) != 0) {
					inherited[i]++;
					if (!stw_strv_has(&via[i], rd.v[r].grantee))
						stw_strv_push(&via[i], rd.v[r].grantee);
				}
				break;
			}
		stw_readers_release(&rd);
	}
	for (size_t i = 0; i < np; i++) {
		const struct stw_principal *p = s->access.principals[i];
		struct stw_buf vb = STW_BUF_INIT;
		struct stw_violation *v;

		if (!p->login || p->superuser || p->wildcard || p->member_of.n == 0 ||
		    stw_access_principal_in(p->name, &cfg->access_ignore) ||
		    reads[i] != npersonal || inherited[i] * 2 <= reads[i])
			continue;
		for (size_t k = 0; k < via[i].n; k++)
			stw_buf_addf(&vb, "%s%s", k ? ", " : "", via[i].v[k]);
		v = stw_policy_add(res, STW_VIOL_ACCESS_BROAD, STW_SEV_MEDIUM, s->name, NULL, NULL,
		    NULL, NULL, stw_asprintf("%s logs in and reads all %zu tables of personal data "
		    "in %s, %zu of them only through roles it inherits", p->name, npersonal,
		    s->name, inherited[i]), stw_asprintf("member of %s", vb.buf));
		v->principal = stw_strdup(p->name);
		stw_buf_release(&vb);
	}
	for (size_t i = 0; i < np; i++)
		stw_strv_clear(&via[i]);
	free(via);
	free(inherited);
	free(reads);
}

void
stw_policy_pia(struct stw_policy_result *res, const struct stw_inventory *inv,
    const struct stw_config *cfg)
{
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];

		for (size_t k = 0; k < s->ntables; k++) {
			const struct stw_table *t = s->tables[k];
			/* a view reads its tables' rows: who can read it matters too */
			if (s->access.present && !stw_table_is_partition(t))
				table_access(res, s, t, cfg);
			if (!base_table(t))
				continue;
			if (s->access.present && t->access.present)
				no_rls(res, s, t);
			reid(res, s, t);
		}
		unlogged(res, s);
		broad(res, s, cfg);
	}
}
