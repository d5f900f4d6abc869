/*
 * Policy evaluation (output/policy.h, docs/policy.md): turns the retention
 * facts measured at scan time and the purposes in steward.yaml into
 * violations with evidence.  A pure function of inventory + config: no
 * database, no clock (retention was measured against the inventory's
 * as_of date), and a deterministic order.
 */
#include "policy.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scanner/lineage.h"
#include "scanner/retention.h"

const char *
stw_violation_kind_name(enum stw_violation_kind k)
{
	switch (k) {
	case STW_VIOL_RETENTION: return "retention";
	case STW_VIOL_RETENTION_UNVERIFIABLE: return "retention-unverifiable";
	case STW_VIOL_RETENTION_COPY: return "retention-copy";
	case STW_VIOL_PURPOSE: return "purpose";
	case STW_VIOL_PURPOSE_FLOW: return "purpose-flow";
	case STW_VIOL_CONSENT: return "consent";
	case STW_VIOL_ACCESS_PUBLIC: return "access_public";
	case STW_VIOL_ACCESS_NOT_ALLOWED: return "access_not_allowed";
	case STW_VIOL_ACCESS_NO_RLS: return "access_no_rls";
	case STW_VIOL_ACCESS_UNLOGGED: return "access_unlogged";
	case STW_VIOL_ACCESS_BROAD: return "access_broad";
	case STW_VIOL_REIDENTIFICATION: return "reidentification";
	}
	return "unknown";
}

static const char *const severity_names[] = { "info", "low", "medium", "high", "critical" };

const char *
stw_severity_name(enum stw_severity s)
{
	if ((int)s < 0 || (size_t)s >= sizeof(severity_names) / sizeof(severity_names[0]))
		return "unknown";
	return severity_names[s];
}

int
stw_severity_parse(enum stw_severity *out, const char *s)
{
	for (size_t i = 0; s != NULL && i < sizeof(severity_names) / sizeof(severity_names[0]); i++)
		if (strcasecmp(s, severity_names[i]) == 0) {
			*out = (enum stw_severity)i;
			return STW_OK;
		}
	return STW_EUSAGE;
}

void
stw_policy_result_free(struct stw_policy_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		struct stw_violation *v = r->v[i];
		free(v->source);
		free(v->schema);
		free(v->table);
		free(v->column);
		free(v->category);
		free(v->message);
		free(v->evidence);
		free(v->principal);
		free(v);
	}
	free(r->v);
	free(r);
}

/* Adds a violation; message and evidence are taken (owned). */
struct stw_violation *
stw_policy_add(struct stw_policy_result *r, enum stw_violation_kind kind, enum stw_severity sev,
    const char *source, const char *schema, const char *table, const char *column,
    const char *category, char *message, char *evidence)
{
	struct stw_violation *v = stw_calloc(1, sizeof(*v));

	v->kind = kind;
	v->severity = sev;
	v->source = stw_strdup(source);
	v->schema = stw_strdup(schema);
	v->table = stw_strdup(table);
	v->column = stw_strdup(column);
	v->category = stw_strdup(category);
	v->message = message;
	v->evidence = evidence;
	v->rows = -1;
	stw_grow(&r->v, &r->alloc, r->n, sizeof(*r->v));
	r->v[r->n++] = v;
	return v;
}

#define add stw_policy_add

static int
is_view(const struct stw_table *t)
{
	return t->kind != NULL && strcmp(t->kind, "view") == 0;
}

static void
join(struct stw_buf *b, const struct stw_strv *v, const char *sep)
{
	for (size_t i = 0; i < v->n; i++)
		stw_buf_addf(b, "%s%s", i ? sep : "", v->v[i]);
}

/* ---- retention ------------------------------------------------------- */

/* Personal data whose limit cannot be checked: medium, or low when the
 * table only holds quasi-identifiers. */
static enum stw_severity
unverifiable_severity(const struct stw_table *t)
{
	return stw_table_max_sensitivity(t) >= STW_SENS_PERSONAL ? STW_SEV_MEDIUM : STW_SEV_LOW;
}

static void
retention(struct stw_policy_result *r, const struct stw_inventory *inv,
    const struct stw_source *s, const struct stw_table *t, const struct stw_config *cfg)
{
	const struct stw_retention *rt = stw_table_retention(t);
	const char *as_of = inv->as_of ? inv->as_of : "the scan date";
	struct stw_retention_limit lim;
	struct stw_violation *v;

	if (!rt->present) {
		/* The config asks for a limit the scan did not measure (an
		 * inventory scanned without this steward.yaml). */
		stw_retention_limit(&lim, inv, s, t, cfg);
		if (lim.days >= 0 && !is_view(t) && s->status != STW_SRC_ERROR)
			add(r, STW_VIOL_RETENTION_UNVERIFIABLE, STW_SEV_LOW, s->name, t->schema,
			    t->name, NULL, lim.category,
			    stw_asprintf("retention of %s data (limit %lld days) was not measured",
			    lim.category, lim.days),
			    stw_strdup("the inventory has no retention facts for this table: "
			    "scan with this steward.yaml"));
		stw_retention_limit_release(&lim);
		return;
	}
	if (rt->anchor == NULL || rt->rows_over_limit < 0) {
		v = add(r, STW_VIOL_RETENTION_UNVERIFIABLE, unverifiable_severity(t), s->name,
		    t->schema, t->name, NULL, rt->category,
		    stw_asprintf("retention of %s data (limit %lld days) cannot be verified: %s",
		    rt->category ? rt->category : "personal", rt->limit_days,
		    rt->note ? rt->note : "not measured"),
		    rt->anchor == NULL
		    ? stw_strdup("no date/time anchor column (set anchor: under categories: or "
		    "tables: in steward.yaml)")
		    : stw_asprintf("anchor %s", rt->anchor));
		v->exact = 0;
		return;
	}
	if (rt->rows_over_limit == 0)
		return;

	struct stw_buf ev = STW_BUF_INIT;
	char cutoff[32] = "";
	long long age = rt->oldest && inv->as_of ? stw_retention_age_days(inv->as_of, rt->oldest) : -1;
	enum stw_viol_copy { OWN, COPY } how = OWN;

	stw_retention_limit(&lim, inv, s, t, cfg);
	if (lim.upstream != NULL && lim.days == rt->limit_days)
		how = COPY;
	if (inv->as_of != NULL)
		stw_retention_cutoff(cutoff, inv->as_of, rt->limit_days);
	stw_buf_addf(&ev, "%s%lld row%s with %s before %s (as of %s)", rt->exact ? "" : "about ",
	    rt->rows_over_limit, rt->rows_over_limit == 1 ? "" : "s", rt->anchor,
	    cutoff[0] ? cutoff : "the cutoff", as_of);
	if (rt->oldest != NULL) {
		stw_buf_addf(&ev, "; oldest %s", rt->oldest);
		if (age >= 0)
			stw_buf_addf(&ev, " (%lld days old)", age);
	}
	stw_buf_adds(&ev, rt->exact ? "; exact count" : "; estimate");
	if (rt->note != NULL)
		stw_buf_addf(&ev, " (%s)", rt->note);
	if (how == COPY)
		stw_buf_addf(&ev, "; copied along %s", lim.path);
	v = add(r, how == COPY ? STW_VIOL_RETENTION_COPY : STW_VIOL_RETENTION,
	    stw_table_max_sensitivity(t) == STW_SENS_SPECIAL ? STW_SEV_CRITICAL : STW_SEV_HIGH,
	    s->name, t->schema, t->name, NULL, rt->category,
	    how == COPY
	    ? stw_asprintf("%s%lld row%s of %s data kept longer than the %lld-day limit of "
	    "their source %s", rt->exact ? "" : "about ", rt->rows_over_limit,
	    rt->rows_over_limit == 1 ? "" : "s", rt->category, rt->limit_days, lim.upstream)
	    : stw_asprintf("%s%lld row%s of %s data older than the %lld-day limit",
	    rt->exact ? "" : "about ", rt->rows_over_limit, rt->rows_over_limit == 1 ? "" : "s",
	    rt->category, rt->limit_days),
	    stw_buf_detach(&ev));
	v->rows = rt->rows_over_limit;
	v->exact = rt->exact;
	stw_retention_limit_release(&lim);
}

/* ---- purposes -------------------------------------------------------- */

/* The most specific categories: entry that lists purposes: for category. */
static const struct stw_cfg_policy *
category_purposes(const struct stw_config *cfg, const char *category)
{
	const struct stw_cfg_policy *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; cfg != NULL && i < cfg->ncategories; i++) {
		const struct stw_cfg_policy *p = cfg->categories[i];
		size_t len = strlen(p->match);

		if (!p->has_purposes || !stw_category_under(category, p->match))
			continue;
		if (best == NULL || len > bestlen) {
			best = p;
			bestlen = len;
		}
	}
	return best;
}

static enum stw_severity
purpose_severity(enum stw_sensitivity s)
{
	switch (s) {
	case STW_SENS_SPECIAL: return STW_SEV_CRITICAL;
	case STW_SENS_HIGH:
	case STW_SENS_PERSONAL: return STW_SEV_HIGH;
	case STW_SENS_QUASI: return STW_SEV_MEDIUM;
	case STW_SENS_LINKED:
	case STW_SENS_NONE: break;
	}
	return STW_SEV_LOW;
}

/* Purposes of purposes that cp does not allow, into bad. */
static void
disallowed(const struct stw_strv *purposes, const struct stw_cfg_policy *cp, struct stw_strv *bad)
{
	for (size_t i = 0; i < purposes->n; i++)
		if (!stw_strv_has(&cp->purposes, purposes->v[i]) && !stw_strv_has(bad, purposes->v[i]))
			stw_strv_push(bad, purposes->v[i]);
}

/* One purpose violation of category (held with sensitivity sens) in
 * source.schema.table.column whose purposes are purposes.  path is the
 * lineage path when the data flowed in, or NULL. */
static void
purpose_check(struct stw_policy_result *r, const struct stw_config *cfg, const char *source,
    const char *schema, const char *table, const char *column, const char *category,
    enum stw_sensitivity sens, const struct stw_strv *purposes, const char *path)
{
	const struct stw_cfg_policy *cp = category_purposes(cfg, category);
	struct stw_strv bad = STW_STRV_INIT;
	struct stw_buf msg = STW_BUF_INIT, ev = STW_BUF_INIT;

	if (cp == NULL || purposes->n == 0)
		return;
	disallowed(purposes, cp, &bad);
	if (bad.n == 0)
		return;
	stw_buf_addf(&msg, "%s %s for ", category, path ? "flows into a table used" : "used");
	join(&msg, &bad, ", ");
	stw_buf_addf(&msg, ", which %s %s", cp->match, cp->purposes.n ? "allows only" : "allows no purpose");
	if (cp->purposes.n) {
		stw_buf_addc(&msg, ' ');
		join(&msg, &cp->purposes, ", ");
	}
	stw_buf_adds(&ev, "table purposes: ");
	join(&ev, purposes, ", ");
	if (path != NULL)
		stw_buf_addf(&ev, "; path: %s", path);
	add(r, path ? STW_VIOL_PURPOSE_FLOW : STW_VIOL_PURPOSE, purpose_severity(sens), source,
	    schema, table, column, category, stw_buf_detach(&msg), stw_buf_detach(&ev));
	stw_strv_clear(&bad);
}

/* A finding flowed in when it was inherited, or when the column (found
 * directly, say by its name) is also fed by a column holding the same
 * category: a copy is a copy however it was recognised. */
static void
purposes(struct stw_policy_result *r, const struct stw_inventory *inv, const struct stw_source *s,
    const struct stw_table *t, const struct stw_config *cfg)
{
	for (size_t c = 0; c < t->ncolumns; c++)
		for (size_t f = 0; f < t->columns[c]->nfindings; f++) {
			const struct stw_finding *fd = t->columns[c]->findings[f];
			char *path;

			if (fd->evidence == STW_EVID_INHERITED)
				path = stw_strdup(fd->path ? fd->path : fd->inherited_from ?
				    fd->inherited_from : "(upstream)");
			else
				path = stw_retention_upstream_path(inv, s, t, t->columns[c]->name,
				    fd->category);
			purpose_check(r, cfg, s->name, t->schema, t->name, t->columns[c]->name,
			    fd->category, fd->sensitivity, &t->purposes, path);
			free(path);
		}
}

/* Declared (or other derivation) edges into a table that was not scanned:
 * its purposes come from steward.yaml alone, its data from the edge. */
static void
flows_out(struct stw_policy_result *r, const struct stw_inventory *inv,
    const struct stw_config *cfg)
{
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		const struct stw_source *fs, *ts;
		const struct stw_table *ft;
		const struct stw_cfg_policy *tp;
		const struct stw_strv *purp = NULL;

		if (strcmp(e->kind, "fk") == 0 ||
		    (fs = stw_inventory_find_source(inv, e->from.source)) == NULL ||
		    (ft = stw_source_find_table(fs, e->from.schema, e->from.table)) == NULL)
			continue;
		ts = stw_inventory_find_source(inv, e->to.source);
		if (ts != NULL && stw_source_find_table(ts, e->to.schema, e->to.table) != NULL)
			continue;
		if ((tp = stw_config_table_policy(cfg, e->to.source, e->to.schema, e->to.table)) != NULL &&
		    tp->has_purposes)
			purp = &tp->purposes;
		for (size_t k = 0; purp == NULL && k < cfg->nsources; k++)
			if (cfg->sources[k]->name && strcmp(cfg->sources[k]->name, e->to.source) == 0)
				purp = &cfg->sources[k]->purposes;
		if (purp == NULL || purp->n == 0)
			continue;
		for (size_t c = 0; c < ft->ncolumns; c++) {
			const struct stw_column *col = ft->columns[c];
			const char *tocol;

			if (e->from.column != NULL && strcmp(e->from.column, col->name) != 0)
				continue;
			tocol = e->to.column ? e->to.column : col->name;
			for (size_t f = 0; f < col->nfindings; f++) {
				const struct stw_finding *fd = col->findings[f];
				char *path = stw_asprintf("%s%s%s.%s.%s.%s -[%s]-> %s.%s.%s.%s",
				    fd->path ? fd->path : "", fd->path ? " -> " : "", fs->name,
				    ft->schema ? ft->schema : "", ft->name, col->name, e->kind,
				    e->to.source, e->to.schema ? e->to.schema : "", e->to.table, tocol);
				purpose_check(r, cfg, e->to.source, e->to.schema, e->to.table, tocol,
				    fd->category, fd->sensitivity, purp, path);
				free(path);
			}
		}
	}
}

/* ---- consent --------------------------------------------------------- */

/* Column names that record a consent decision (docs/policy.md "Consent"). */
#define CONSENT_COLUMN "consent|opt_?in|opted_?in|opt_?out|opted_?out|subscri|newsletter|" \
	"permission|gdpr|do_?not_?(contact|e?mail|call|sms)|^dnc$|marketing_(ok|allowed|email|sms|" \
	"mail|phone|calls?|push)$|(e?mail|sms|phone|push)_marketing"
/* Table names whose non-key columns are consent records. */
#define CONSENT_TABLE "consent|opt_?in|opt_?out|subscription|preference|permission"

static int
rx_match(const char *pattern, const char *s)
{
	regex_t rx;
	int m;

	if (regcomp(&rx, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
		STW_BUG("bad built-in pattern '%s'", pattern);
	m = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return m;
}

static int
is_key_name(const char *col)
{
	size_t n = strlen(col);

	return strcasecmp(col, "id") == 0 || (n > 3 && strcasecmp(col + n - 3, "_id") == 0);
}

/* "table.column" (the table part may itself hold dots): a consent filter? */
static int
consent_filter(const char *tc)
{
	const char *dot = strrchr(tc, '.');
	const char *col = dot ? dot + 1 : tc;
	char *table = dot ? stw_strndup(tc, (size_t)(dot - tc)) : stw_strdup("");
	int yes = rx_match(CONSENT_COLUMN, col) ||
	    (table[0] != '\0' && rx_match(CONSENT_TABLE, table) && !is_key_name(col));

	free(table);
	return yes;
}

static int
has_marketing(const struct stw_strv *purposes)
{
	for (size_t i = 0; i < purposes->n; i++)
		if (rx_match("marketing", purposes->v[i]))
			return 1;
	return 0;
}

static void
consent(struct stw_policy_result *r, const struct stw_inventory *inv, const struct stw_source *s,
    const struct stw_table *t)
{
	struct stw_strv filters = STW_STRV_INIT, cols = STW_STRV_INIT, avail = STW_STRV_INIT;
	struct stw_buf ev = STW_BUF_INIT, msg = STW_BUF_INIT;
	struct stw_err err = STW_ERR_INIT;
	const char *category = NULL;
	int rc, ok = 0;

	if (t->definition == NULL || !has_marketing(&t->purposes))
		return;
	for (size_t c = 0; c < t->ncolumns; c++)
		for (size_t f = 0; f < t->columns[c]->nfindings; f++)
			if (stw_category_under(t->columns[c]->findings[f]->category, "user.contact")) {
				if (category == NULL)
					category = t->columns[c]->findings[f]->category;
				if (!stw_strv_has(&cols, t->columns[c]->name))
					stw_strv_push(&cols, t->columns[c]->name);
			}
	if (category == NULL)
		return;
	rc = stw_lineage_view_filters_in(s, t, &filters, &err);
	for (size_t i = 0; rc == STW_OK && i < filters.n; i++)
		ok |= consent_filter(filters.v[i]);
	if (ok)
		goto out;
	/* Consent columns the view could have used: in the tables it joins
	 * and in the tables it reads. */
	for (size_t i = 0; rc == STW_OK && i < filters.n; i++) {
		const char *dot = strrchr(filters.v[i], '.');
		char *tname = dot ? stw_strndup(filters.v[i], (size_t)(dot - filters.v[i])) : NULL;
		for (size_t k = 0; tname != NULL && k < s->ntables; k++) {
			const struct stw_table *ft = s->tables[k];
			if (strcmp(ft->name, tname) != 0)
				continue;
			for (size_t c = 0; c < ft->ncolumns; c++) {
				char *tc = stw_asprintf("%s.%s", ft->name, ft->columns[c]->name);
				if (consent_filter(tc) && !stw_strv_has(&avail, tc))
					stw_strv_push(&avail, tc);
				free(tc);
			}
		}
		free(tname);
	}
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		const struct stw_source *fs;
		const struct stw_table *ft;

		if (strcmp(e->kind, "fk") == 0 || strcmp(e->to.source, s->name) != 0 ||
		    strcmp(e->to.table, t->name) != 0 || (e->to.schema && t->schema &&
		    strcmp(e->to.schema, t->schema) != 0) ||
		    (fs = stw_inventory_find_source(inv, e->from.source)) == NULL ||
		    (ft = stw_source_find_table(fs, e->from.schema, e->from.table)) == NULL)
			continue;
		for (size_t c = 0; c < ft->ncolumns; c++) {
			char *tc = stw_asprintf("%s.%s", ft->name, ft->columns[c]->name);
			if (consent_filter(tc) && !stw_strv_has(&avail, tc))
				stw_strv_push(&avail, tc);
			free(tc);
		}
	}
	stw_buf_adds(&msg, "marketing view reads contact data (");
	join(&msg, &cols, ", ");
	if (rc == STW_OK) {
		stw_buf_adds(&msg, ") with no filter on a consent column");
		stw_buf_adds(&ev, "view filters on: ");
		if (filters.n == 0)
			stw_buf_adds(&ev, "nothing (no WHERE or JOIN condition)");
		join(&ev, &filters, ", ");
	} else {
		stw_buf_adds(&msg, "); its SQL could not be parsed to find a consent filter");
		stw_buf_addf(&ev, "%s", err.msg);
	}
	if (avail.n > 0) {
		stw_buf_adds(&ev, "; consent columns available: ");
		join(&ev, &avail, ", ");
	}
	for (size_t c = 0; c < t->ncolumns; c++)
		for (size_t f = 0; f < t->columns[c]->nfindings; f++) {
			const struct stw_finding *fd = t->columns[c]->findings[f];
			char *path;
			if (!stw_category_under(fd->category, "user.contact"))
				continue;
			path = fd->path ? stw_strdup(fd->path) : stw_retention_upstream_path(inv, s, t,
			    t->columns[c]->name, fd->category);
			if (path != NULL)
				stw_buf_addf(&ev, "; path: %s", path);
			free(path);
		}
	add(r, STW_VIOL_CONSENT, rc == STW_OK ? STW_SEV_HIGH : STW_SEV_MEDIUM, s->name, t->schema,
	    t->name, NULL, category, stw_buf_detach(&msg), stw_buf_detach(&ev));
out:
	stw_buf_release(&msg);
	stw_buf_release(&ev);
	stw_strv_clear(&filters);
	stw_strv_clear(&cols);
	stw_strv_clear(&avail);
}

/* ---- order ----------------------------------------------------------- */

static int
cmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
cmp_violation(const void *pa, const void *pb)
{
	const struct stw_violation *a = *(const struct stw_violation *const *)pa;
	const struct stw_violation *b = *(const struct stw_violation *const *)pb;
	int c;

	if ((c = cmp_null(a->source, b->source)) || (c = cmp_null(a->schema, b->schema)) ||
	    (c = cmp_null(a->table, b->table)) || (c = cmp_null(a->column, b->column)))
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_null(a->category, b->category)) || (c = cmp_null(a->principal, b->principal)) ||
	    (c = cmp_null(a->message, b->message)))
		return c;
	return cmp_null(a->evidence, b->evidence);
}

int
stw_policy_evaluate(struct stw_policy_result **out, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err)
{
	struct stw_policy_result *r;
	struct stw_config *empty = NULL;

	*out = NULL;
	if (inv == NULL)
		return stw_error(err, STW_EUSAGE, "no inventory to evaluate");
	if (cfg == NULL)
		cfg = empty = stw_config_new();
	r = stw_calloc(1, sizeof(*r));
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];
		for (size_t k = 0; k < s->ntables; k++) {
			if (stw_table_is_partition(s->tables[k]))
				continue;      /* its parent answers for its rows */
			retention(r, inv, s, s->tables[k], cfg);
			purposes(r, inv, s, s->tables[k], cfg);
			consent(r, inv, s, s->tables[k]);
		}
	}
	flows_out(r, inv, cfg);
	stw_policy_pia(r, inv, cfg);
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), cmp_violation);
	stw_config_free(empty);
	*out = r;
	return STW_OK;
}
