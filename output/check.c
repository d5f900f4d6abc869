/*
 * steward check: which personal data is new (neither in the baseline nor
 * approved), which approvals expired, which policy rules are broken; plus
 * the text and JSON renderers.  SARIF, JUnit and GitHub annotations live in
 * sarif.c, check_junit.c and check_github.c; migration lookup in
 * check_locate.c.  Rules and severities are documented in docs/check.md.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "output/check.h"
#include "output/report.h"
#include "rules/datause.h"
#include "output/markup.h"

const char *const stw_check_rule_ids[] = {
	"steward/new-personal-data",
	"steward/approval-expired",
	"steward/approval-unused",
	"steward/retention",
	"steward/retention-unverifiable",
	"steward/retention-copy",
	"steward/purpose",
	"steward/purpose-flow",
	"steward/consent",
	"steward/access-public",
	"steward/access-not-allowed",
	"steward/access-no-rls",
	"steward/access-unlogged",
	"steward/access-broad",
	"steward/reidentification",
	"steward/scan-incomplete",
	"steward/new-person-table",
	"steward/new-person-link",
	"steward/inferred-copy",
	NULL
};

const char *
stw_check_rule_description(const char *rule_id)
{
	static const struct { const char *id, *text; } d[] = {
		{ "steward/new-personal-data", "Personal data that is neither in the baseline nor approved" },
		{ "steward/approval-expired", "An approval past its expiry date no longer counts" },
		{ "steward/approval-unused", "An approval that matches no finding in the inventory" },
		{ "steward/retention", "Rows kept longer than the category's retention limit" },
		{ "steward/retention-unverifiable", "Personal data with a retention limit but no anchor column" },
		{ "steward/retention-copy", "A copy kept longer than its source's retention limit" },
		{ "steward/purpose", "A data category sits in a table whose purposes it does not allow" },
		{ "steward/purpose-flow", "A data category flows into a table whose purposes it does not allow" },
		{ "steward/consent", "Marketing use of contact data without a consent filter" },
		{ "steward/access-public", "Personal data that every role, a wildcard account or every local user can read" },
		{ "steward/access-not-allowed", "A role or account outside access.allowed_roles can read this category" },
		{ "steward/access-no-rls", "A table of people shared by tenants, without row level security" },
		{ "steward/access-unlogged", "Special-category data on a server that does not log reads" },
		{ "steward/access-broad", "A login role that reads every table of personal data through the roles it inherits" },
		{ "steward/reidentification", "Rows unique on their quasi-identifiers: the smallest group is below the target k" },
		{ "steward/scan-incomplete", "A source was not fully scanned, so the gate cannot vouch for it" },
		{ "steward/inferred-copy", "Special-category data copied into another source, found by its values, that no flow declares: neither in the baseline nor approved" },
		{ "steward/new-person-table", "A new table of people (customers, patients, staff) that is neither in the baseline nor approved" },
		{ "steward/new-person-link", "A new foreign key to a table of people: another table's rows now point at persons" },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (strcmp(d[i].id, rule_id) == 0)
			return d[i].text;
	return "steward check result";
}

char *
stw_check_relpath(const char *file)
{
	char cwd[PATH_MAX];
	size_t n;

	if (file == NULL)
		return stw_strdup("inventory.json");
	if (file[0] == '/' && getcwd(cwd, sizeof(cwd)) != NULL && (n = strlen(cwd)) > 1 &&
	    strncmp(file, cwd, n) == 0 && file[n] == '/')
		file += n + 1;
	while (file[0] == '.' && file[1] == '/')
		for (file += 2; *file == '/'; file++)
			;
	return stw_strdup(file[0] ? file : ".");
}

static const char *
violation_rule_id(enum stw_violation_kind k)
{
	switch (k) {
	case STW_VIOL_RETENTION: return "steward/retention";
	case STW_VIOL_RETENTION_UNVERIFIABLE: return "steward/retention-unverifiable";
	case STW_VIOL_RETENTION_COPY: return "steward/retention-copy";
	case STW_VIOL_PURPOSE: return "steward/purpose";
	case STW_VIOL_PURPOSE_FLOW: return "steward/purpose-flow";
	case STW_VIOL_CONSENT: return "steward/consent";
	case STW_VIOL_ACCESS_PUBLIC: return "steward/access-public";
	case STW_VIOL_ACCESS_NOT_ALLOWED: return "steward/access-not-allowed";
	case STW_VIOL_ACCESS_NO_RLS: return "steward/access-no-rls";
	case STW_VIOL_ACCESS_UNLOGGED: return "steward/access-unlogged";
	case STW_VIOL_ACCESS_BROAD: return "steward/access-broad";
	case STW_VIOL_REIDENTIFICATION: return "steward/reidentification";
	}
	return "steward/policy";
}

int
stw_check_format_parse(enum stw_check_format *out, const char *s)
{
	static const struct { const char *name; enum stw_check_format f; } f[] = {
		{ "text", STW_CHECK_TEXT }, { "json", STW_CHECK_JSON }, { "sarif", STW_CHECK_SARIF },
		{ "junit", STW_CHECK_JUNIT }, { "github", STW_CHECK_GITHUB },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (s != NULL && strcmp(s, f[i].name) == 0) {
			*out = f[i].f;
			return STW_OK;
		}
	return STW_EUSAGE;
}

enum stw_severity
stw_check_finding_severity(enum stw_sensitivity s)
{
	switch (s) {
	case STW_SENS_SPECIAL: return STW_SEV_CRITICAL;
	case STW_SENS_HIGH: return STW_SEV_HIGH;
	case STW_SENS_PERSONAL: return STW_SEV_HIGH;
	case STW_SENS_QUASI: return STW_SEV_MEDIUM;
	case STW_SENS_LINKED:
	case STW_SENS_NONE: break;
	}
	return STW_SEV_LOW;
}

void
stw_check_fnv1a_hex(char out[17], const char *const *fields, size_t nfields)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < nfields; i++) {
		const unsigned char *p = (const unsigned char *)(fields[i] ? fields[i] : "");
		for (; *p; p++) {
			h ^= *p;
			h *= 0x100000001b3ULL;
		}
		/* a separator byte, so ("ab","c") and ("a","bc") differ */
		h ^= 0x1f;
		h *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void
result_free(struct stw_check_result *r)
{
	if (r == NULL)
		return;
	free(r->subject);
	free(r->source);
	free(r->schema);
	free(r->table);
	free(r->column);
	free(r->category);
	free(r->rule);
	free(r->message);
	free(r->note);
	free(r->fingerprint);
	free(r->file);
	free(r);
}

void
stw_check_report_free(struct stw_check_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		result_free(r->v[i]);
	free(r->v);
	free(r->inventory_path);
	free(r->baseline_path);
	free(r);
}

static struct stw_check_result *
add_result(struct stw_check_report *r, enum stw_check_kind kind, const char *rule_id,
    enum stw_severity sev)
{
	struct stw_check_result *res = stw_calloc(1, sizeof(*res));

	res->kind = kind;
	res->rule_id = rule_id;
	res->severity = sev;
	stw_grow(&r->v, &r->alloc, r->n + 1, sizeof(r->v[0]));
	r->v[r->n++] = res;
	return res;
}

static void
set_where(struct stw_check_result *res, const char *src, const char *schema, const char *table,
    const char *column)
{
	res->source = stw_strdup(src);
	res->schema = stw_strdup(schema);
	res->table = stw_strdup(table);
	res->column = stw_strdup(column);
	if (column != NULL)
		res->subject = stw_asprintf("%s.%s.%s.%s", src, schema, table, column);
	else
		res->subject = stw_asprintf("%s.%s.%s", src, schema, table);
}

static void
set_fingerprint(struct stw_check_result *res, const char *a, const char *b, const char *c,
    const char *d, const char *e)
{
	char hex[17];
	const char *f[] = { "stewardFinding/v1", res->rule_id, a, b, c, d, e };

	stw_check_fnv1a_hex(hex, f, sizeof(f) / sizeof(f[0]));
	res->fingerprint = stw_strdup(hex);
}

static void
set_file(struct stw_check_result *res, const char *file, int line)
{
	free(res->file);
	res->file = stw_strdup(file);
	res->line = line > 0 ? line : 1;
}

/* YYYY-MM-DD with plausible month and day. */
static int
valid_date(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Category prefix on dot boundaries: "user.contact" covers
 * "user.contact.email" but not "user.contactless". */
static int
category_covers(const char *approved, const char *cat)
{
	if (approved == NULL || approved[0] == '\0')
		return 1;
	return stw_category_under(cat, approved);
}

/* Identity key of a finding or violation: fields joined by the unit
 * separator, which no identifier we print contains. */
static char *
identity_key(const char *a, const char *b, const char *c, const char *d, const char *e,
    const char *f)
{
	return stw_asprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", a ? a : "", b ? b : "", c ? c : "",
	    d ? d : "", e ? e : "", f ? f : "");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
strv_bsearch(const struct stw_strv *sv, const char *key)
{
	return sv->n > 0 && bsearch(&key, sv->v, sv->n, sizeof(char *), cmp_str) != NULL;
}

static void
baseline_keys(struct stw_strv *keys, const struct stw_inventory *b)
{
	for (size_t s = 0; b && s < b->nsources; s++) {
		const struct stw_source *src = b->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tab = src->tables[t];
			for (size_t c = 0; c < tab->ncolumns; c++) {
				const struct stw_column *col = tab->columns[c];
				for (size_t f = 0; f < col->nfindings; f++)
					stw_strv_push_owned(keys, identity_key("finding", src->name, tab->schema,
					    tab->name, col->name, col->findings[f]->category));
			}
		}
	}
	if (keys->n > 0)
		qsort(keys->v, keys->n, sizeof(char *), cmp_str);
}

struct approval_state {
	const struct stw_cfg_approval *a;
	int expired;
	int used;
};

/* The approvals covering one finding: *valid is set when one still counts;
 * *expired_on gets the latest expiry date among the expired ones. */
static void
match_approvals(struct approval_state *ap, size_t nap, const char *name, const char *category,
    int *valid, const char **expired_on, const char **approved_by)
{
	*valid = 0;
	*expired_on = NULL;
	*approved_by = NULL;
	for (size_t i = 0; i < nap; i++) {
		const struct stw_cfg_approval *a = ap[i].a;
		if (a->match == NULL || !stw_glob_match(a->match, name) ||
		    !category_covers(a->category, category))
			continue;
		ap[i].used = 1;
		if (!ap[i].expired)
			*valid = 1;
		else if (*expired_on == NULL || strcmp(a->expires, *expired_on) > 0) {
			*expired_on = a->expires;
			*approved_by = a->approved_by;
		}
	}
}

static const struct stw_cfg_source *
config_source(const struct stw_config *cfg, const char *name)
{
	for (size_t i = 0; cfg && i < cfg->nsources; i++)
		if (cfg->sources[i]->name && name && strcmp(cfg->sources[i]->name, name) == 0)
			return cfg->sources[i];
	return NULL;
}

/* The fallback location: steward.yaml where it says something about the
 * result, else the baseline, else the inventory itself. */
static void
fallback_location(struct stw_check_result *res, const struct stw_check_opts *o, int cfg_line)
{
	const char *cfg_path = o->cfg && o->cfg->path ? o->cfg->path : o->config_path;
	const struct stw_cfg_source *cs;

	if (cfg_path != NULL && cfg_line > 0) {
		set_file(res, cfg_path, cfg_line);
		return;
	}
	cs = config_source(o->cfg, res->source);
	if (cfg_path != NULL && cs != NULL && cs->line > 0)
		set_file(res, cfg_path, cs->line);
	else if (o->baseline_path != NULL)
		set_file(res, o->baseline_path, 1);
	else
		set_file(res, o->inventory_path ? o->inventory_path : "inventory.json", 1);
}

static void
check_findings(struct stw_check_report *r, const struct stw_inventory *inv,
    const struct stw_check_opts *o, struct approval_state *ap, size_t nap,
    const struct stw_strv *bkeys)
{
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tab = src->tables[t];
			if (stw_table_is_partition(tab))
				continue;      /* next month's partition is not new data */
			for (size_t c = 0; c < tab->ncolumns; c++) {
				const struct stw_column *col = tab->columns[c];
				char *name = stw_asprintf("%s.%s.%s.%s", src->name, tab->schema, tab->name,
				    col->name);
				for (size_t f = 0; f < col->nfindings; f++) {
					const struct stw_finding *fd = col->findings[f];
					const struct stw_finding *best = fd;
					int dup = 0, valid;
					const char *expired_on, *by;
					char *key;

					/* one result per (column, category): the most sensitive rule */
					for (size_t g = 0; g < col->nfindings; g++) {
						const struct stw_finding *o2 = col->findings[g];
						if (g == f || strcmp(o2->category ? o2->category : "",
						    fd->category ? fd->category : "") != 0)
							continue;
						if (g < f)
							dup = 1;
						else if (o2->sensitivity > best->sensitivity)
							best = o2;
					}
					/* Linked attributes are reported by table, as the
					 * new table of people or the new key to one that makes
					 * them personal, not once per date and amount. */
					if (dup || best->sensitivity <= STW_SENS_LINKED)
						continue;
					match_approvals(ap, nap, name, fd->category, &valid, &expired_on, &by);
					if (valid)
						continue;
					key = identity_key("finding", src->name, tab->schema, tab->name, col->name,
					    fd->category);
					int in_base = strv_bsearch(bkeys, key);
					free(key);
					/* An expired approval re-opens a finding even when the
					 * baseline holds it: otherwise expiry would never fire
					 * once the approved column reached the main branch. */
					if (in_base && expired_on == NULL)
						continue;

					struct stw_check_result *res = add_result(r, STW_CHECK_NEW_FINDING,
					    "steward/new-personal-data", stw_check_finding_severity(best->sensitivity));
					set_where(res, src->name, tab->schema, tab->name, col->name);
					res->category = stw_strdup(fd->category);
					res->rule = stw_strdup(best->rule);
					res->sensitivity = best->sensitivity;
					if (expired_on != NULL) {
						res->message = stw_asprintf("personal data '%s' (%s, %s) is no longer "
						    "approved", name, fd->category, stw_sensitivity_name(best->sensitivity));
						res->note = stw_asprintf("approval expired on %s%s%s", expired_on,
						    by ? ", approved by " : "", by ? by : "");
					} else {
						res->message = stw_asprintf("new personal data '%s' (%s, %s, rule '%s'): "
						    "not in the baseline and not approved", name, fd->category,
						    stw_sensitivity_name(best->sensitivity), best->rule ? best->rule : "?");
					}
					set_fingerprint(res, src->name, tab->schema, tab->name, col->name, fd->category);
					fallback_location(res, o, 0);
				}
				free(name);
			}
		}
	}
}

/* The baseline's tables of people and its foreign keys to them.  A
 * baseline written before subjects existed (inventory version 1) knows
 * none: then only tables and keys it does not hold at all are new, so
 * that upgrading steward does not flag every table of people at once. */
static void
baseline_people(struct stw_strv *keys, int *has_subjects, const struct stw_inventory *b)
{
	*has_subjects = 0;
	for (size_t s = 0; b && s < b->nsources; s++) {
		const struct stw_source *src = b->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tab = src->tables[t];

			if (tab->subject.kind != STW_SUBJ_UNKNOWN)
				*has_subjects = 1;
			stw_strv_push_owned(keys, identity_key(tab->subject.kind == STW_SUBJ_PERSON ?
			    "person_table" : "table", src->name, tab->schema, tab->name, NULL, NULL));
			for (size_t k = 0; k < tab->nfkeys; k++) {
				const struct stw_fkey *fk = tab->fkeys[k];
				const struct stw_table *rt = stw_source_find_table(src, fk->ref_schema,
				    fk->ref_table);

				stw_strv_push_owned(keys, identity_key(rt && rt->subject.kind ==
				    STW_SUBJ_PERSON ? "person_link" : "link", src->name, tab->schema,
				    tab->name, fk->columns.n ? fk->columns.v[0] : "", fk->ref_table));
			}
		}
	}
	if (keys->n > 0)
		qsort(keys->v, keys->n, sizeof(char *), cmp_str);
}

static int
known(const struct stw_strv *keys, const char *kind, const char *alt, const char *src,
    const char *schema, const char *table, const char *col, const char *ref)
{
	char *k = identity_key(kind, src, schema, table, col, ref);
	int hit = strv_bsearch(keys, k);

	free(k);
	if (!hit && alt != NULL) {
		k = identity_key(alt, src, schema, table, col, ref);
		hit = strv_bsearch(keys, k);
		free(k);
	}
	return hit;
}

/* New tables of people, and new foreign keys to them: a migration that
 * creates a patients table, or links invoices to customers, changes whose
 * data the database holds even before a single personal column is
 * classified.  Approvals match the table (SOURCE.SCHEMA.TABLE) or the
 * key's column. */
static void
check_people(struct stw_check_report *r, const struct stw_inventory *inv,
    const struct stw_check_opts *o, struct approval_state *ap, size_t nap)
{
	struct stw_strv keys = STW_STRV_INIT;
	int has_subjects = 0;

	if (o->baseline == NULL)
		return;          /* without a baseline every finding is new already */
	baseline_people(&keys, &has_subjects, o->baseline);
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tab = src->tables[t];
			char *name;
			int valid;
			const char *expired_on, *by;

			if (stw_table_is_partition(tab))
				continue;
			name = stw_asprintf("%s.%s.%s", src->name, tab->schema, tab->name);
			if (tab->subject.kind == STW_SUBJ_PERSON &&
			    !known(&keys, "person_table", has_subjects ? NULL : "table", src->name,
			    tab->schema, tab->name, NULL, NULL)) {
				match_approvals(ap, nap, name, NULL, &valid, &expired_on, &by);
				if (!valid) {
					struct stw_check_result *res = add_result(r, STW_CHECK_NEW_PERSON_TABLE,
					    "steward/new-person-table", STW_SEV_HIGH);
					set_where(res, src->name, tab->schema, tab->name, NULL);
					res->message = stw_asprintf("new table of people '%s'%s%s: not in the "
					    "baseline and not approved", name, tab->subject.evidence.n ? ": " : "",
					    tab->subject.evidence.n ? tab->subject.evidence.v[0] : "");
					if (expired_on != NULL)
						res->note = stw_asprintf("approval expired on %s", expired_on);
					set_fingerprint(res, src->name, tab->schema, tab->name, "person_table", NULL);
					fallback_location(res, o, 0);
				}
			}
			for (size_t k = 0; k < tab->nfkeys; k++) {
				const struct stw_fkey *fk = tab->fkeys[k];
				const struct stw_table *rt = stw_source_find_table(src, fk->ref_schema,
				    fk->ref_table);
				const char *col = fk->columns.n ? fk->columns.v[0] : "";
				char *cname;

				if (rt == NULL || rt->subject.kind != STW_SUBJ_PERSON || rt == tab ||
				    known(&keys, "person_link", has_subjects ? NULL : "link", src->name,
				    tab->schema, tab->name, col, fk->ref_table))
					continue;
				cname = stw_asprintf("%s.%s", name, col);
				match_approvals(ap, nap, cname, NULL, &valid, &expired_on, &by);
				if (!valid) {
					struct stw_check_result *res = add_result(r, STW_CHECK_NEW_PERSON_LINK,
					    "steward/new-person-link", STW_SEV_MEDIUM);
					set_where(res, src->name, tab->schema, tab->name, col);
					res->message = stw_asprintf("new foreign key '%s' -> %s.%s (a table of "
					    "people): rows of %s now point at persons", cname, rt->schema,
					    rt->name, tab->name);
					set_fingerprint(res, src->name, tab->schema, tab->name, col, "person_link");
					fallback_location(res, o, 0);
				}
				free(cname);
			}
			free(name);
		}
	}
	stw_strv_clear(&keys);
}

static int
baseline_has_copy(const struct stw_inventory *b, const struct stw_edge *e)
{
	for (size_t i = 0; b != NULL && i < b->nlineage; i++) {
		const struct stw_edge *g = b->lineage[i];

		if (g->kind && strcmp(g->kind, "inferred") == 0 &&
		    stw_endpoint_same(&g->from, &e->from) && stw_endpoint_same(&g->to, &e->to))
			return 1;
	}
	return 0;
}

/* Inferred copies of special-category data into another source (an
 * export of diagnoses into an analytics database that no flow declares):
 * the ones neither in the baseline nor approved.  An approval names the
 * copy's column, with the category or none. */
static void
check_copies(struct stw_check_report *r, const struct stw_inventory *inv,
    const struct stw_check_opts *o, struct approval_state *ap, size_t nap)
{
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		const struct stw_table *ft;
		const struct stw_column *fc;
		const struct stw_finding *top;
		char *from, *to;
		int valid;
		const char *expired_on, *by;

		if (e->kind == NULL || strcmp(e->kind, "inferred") != 0 || e->from.column == NULL ||
		    e->to.column == NULL || strcmp(e->from.source, e->to.source) == 0)
			continue;
		if ((ft = stw_inventory_endpoint_table(inv, &e->from, NULL)) == NULL ||
		    stw_inventory_find_source(inv, e->to.source) == NULL ||
		    (fc = stw_table_find_column(ft, e->from.column)) == NULL ||
		    (top = stw_column_top_finding(fc)) == NULL || top->sensitivity != STW_SENS_SPECIAL)
			continue;
		if (baseline_has_copy(o->baseline, e))
			continue;
		to = stw_endpoint_str(&e->to);
		match_approvals(ap, nap, to, top->category, &valid, &expired_on, &by);
		if (!valid) {
			struct stw_check_result *res = add_result(r, STW_CHECK_INFERRED_COPY,
			    "steward/inferred-copy", STW_SEV_HIGH);

			from = stw_endpoint_str(&e->from);
			set_where(res, e->to.source, e->to.schema, e->to.table, e->to.column);
			res->category = stw_strdup(top->category);
			res->sensitivity = top->sensitivity;
			res->message = stw_asprintf("'%s' holds a copy of %s (%s) from '%s' that no flow "
			    "declares: %.0f%% equal (%s, %lld compared)", to, top->category,
			    stw_sensitivity_name(top->sensitivity), from, 100.0 * e->inference.rate,
			    e->inference.method ? e->inference.method : "inferred", e->inference.compared);
			res->note = expired_on ? stw_asprintf("approval expired on %s", expired_on)
			    : stw_strdup("declare it under flows: or approve it; steward explain shows the path");
			set_fingerprint(res, e->to.source, e->to.schema, e->to.table, e->to.column,
			    "inferred_copy");
			fallback_location(res, o, 0);
			free(from);
		}
		free(to);
	}
}

static void
check_approvals(struct stw_check_report *r, const struct stw_check_opts *o,
    struct approval_state *ap, size_t nap)
{
	for (size_t i = 0; i < nap; i++) {
		const struct stw_cfg_approval *a = ap[i].a;
		struct stw_check_result *res;
		const char *cat = a->category ? a->category : "any category";

		if (ap[i].expired) {
			res = add_result(r, STW_CHECK_APPROVAL_EXPIRED, "steward/approval-expired", STW_SEV_LOW);
			res->message = stw_asprintf("approval of '%s' (%s) by %s expired on %s", a->match, cat,
			    a->approved_by ? a->approved_by : "unknown", a->expires);
		} else if (!ap[i].used) {
			res = add_result(r, STW_CHECK_APPROVAL_UNUSED, "steward/approval-unused", STW_SEV_INFO);
			res->message = stw_asprintf("approval of '%s' (%s) matches no finding in the inventory",
			    a->match, cat);
		} else
			continue;
		res->subject = stw_strdup(a->match);
		res->category = stw_strdup(a->category);
		set_fingerprint(res, a->match, a->category, a->expires, NULL, NULL);
		if (a->file != NULL)
			set_file(res, a->file, a->line);
		else
			fallback_location(res, o, a->line);
	}
}

static char *
violation_key(const struct stw_violation *v)
{
	char *cat = v->principal ? stw_asprintf("%s\x1f%s", v->category ? v->category : "",
	    v->principal) : NULL;
	char *k = identity_key(violation_rule_id(v->kind), v->source, v->schema, v->table, v->column,
	    cat ? cat : v->category);
	free(cat);
	return k;
}

static int
check_policy(struct stw_check_report *r, const struct stw_inventory *inv,
    const struct stw_check_opts *o, struct approval_state *ap, size_t nap, struct stw_err *err)
{
	struct stw_policy_result *pr = NULL, *bpr = NULL;
	struct stw_strv bkeys = STW_STRV_INIT;
	struct stw_config *empty = NULL;
	const struct stw_config *cfg = o->cfg;
	int rc;

	if (cfg == NULL)
		cfg = empty = stw_config_new();
	rc = stw_policy_evaluate(&pr, inv, cfg, err);
	if (rc == STW_OK && o->baseline != NULL)
		rc = stw_policy_evaluate(&bpr, o->baseline, cfg, err);
	if (rc != STW_OK)
		goto out;
	for (size_t i = 0; bpr && i < bpr->n; i++)
		stw_strv_push_owned(&bkeys, violation_key(bpr->v[i]));
	if (bkeys.n > 0)
		qsort(bkeys.v, bkeys.n, sizeof(char *), cmp_str);

	for (size_t i = 0; pr && i < pr->n; i++) {
		const struct stw_violation *v = pr->v[i];
		struct stw_check_result *res;
		enum stw_severity sev = v->severity;
		char *note = NULL;
		const char *rid = violation_rule_id(v->kind);

		/* An approval is an ethics-council decision that this data may
		 * sit or flow there: it settles purpose findings on its column. */
		if (v->column != NULL && (v->kind == STW_VIOL_PURPOSE || v->kind == STW_VIOL_PURPOSE_FLOW ||
		    v->kind == STW_VIOL_CONSENT)) {
			char *name = stw_asprintf("%s.%s.%s.%s", v->source, v->schema, v->table, v->column);
			int valid;
			const char *exp, *by;
			match_approvals(ap, nap, name, v->category, &valid, &exp, &by);
			free(name);
			if (valid)
				continue;
		}
		char *key = violation_key(v);
		if (strv_bsearch(&bkeys, key)) {
			/* Present before this change too: reported, never failing. */
			sev = STW_SEV_INFO;
			note = stw_asprintf("already in the baseline (severity %s there)",
			    stw_severity_name(v->severity));
		}
		free(key);
		res = add_result(r, STW_CHECK_VIOLATION, rid, sev);
		res->vkind = v->kind;
		set_where(res, v->source, v->schema, v->table, v->column);
		res->category = stw_strdup(v->category);
		res->message = stw_strdup(v->message ? v->message : stw_check_rule_description(rid));
		res->note = note;
		if (v->principal != NULL) {
			char *cat = stw_asprintf("%s/%s", v->category ? v->category : "", v->principal);
			set_fingerprint(res, v->source, v->schema, v->table, v->column, cat);
			free(cat);
		} else {
			set_fingerprint(res, v->source, v->schema, v->table, v->column, v->category);
		}

		int line = 0;
		const struct stw_cfg_policy *p = NULL;
		if (v->kind == STW_VIOL_RETENTION || v->kind == STW_VIOL_RETENTION_UNVERIFIABLE ||
		    v->kind == STW_VIOL_RETENTION_COPY) {
			p = stw_config_table_policy(cfg, v->source, v->schema, v->table);
			if (p == NULL || p->retention_days < 0)
				p = NULL;
		}
		if (p == NULL && v->category != NULL)
			p = stw_config_category_policy(cfg, v->category);
		if (p == NULL)
			p = stw_config_table_policy(cfg, v->source, v->schema, v->table);
		if (p != NULL)
			line = p->line;
		fallback_location(res, o, line);
	}
out:
	stw_strv_clear(&bkeys);
	stw_policy_result_free(pr);
	stw_policy_result_free(bpr);
	stw_config_free(empty);
	return rc;
}

static int
cmp_result(const void *a, const void *b)
{
	const struct stw_check_result *x = *(struct stw_check_result *const *)a;
	const struct stw_check_result *y = *(struct stw_check_result *const *)b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((c = strcmp(x->subject ? x->subject : "", y->subject ? y->subject : "")) != 0)
		return c;
	if ((c = strcmp(x->rule_id, y->rule_id)) != 0)
		return c;
	return strcmp(x->category ? x->category : "", y->category ? y->category : "");
}

int
stw_check_run(struct stw_check_report **out, const struct stw_inventory *inv,
    const struct stw_check_opts *o, struct stw_err *err)
{
	struct stw_check_report *r;
	struct approval_state *ap = NULL;
	size_t nap = 0;
	struct stw_strv bkeys = STW_STRV_INIT;
	int rc = STW_OK;

	*out = NULL;
	r = stw_calloc(1, sizeof(*r));
	r->fail_on = o->fail_on;
	r->inventory_path = stw_strdup(o->inventory_path);
	r->baseline_path = stw_strdup(o->baseline_path);
	if (o->as_of != NULL) {
		if (!valid_date(o->as_of)) {
			stw_check_report_free(r);
			return stw_error(err, STW_EUSAGE, "invalid date '%s': expected YYYY-MM-DD", o->as_of);
		}
		memcpy(r->as_of, o->as_of, 10);
	} else {
		char now[32];
		stw_utc_now(now);
		memcpy(r->as_of, now, 10);
	}
	r->as_of[10] = '\0';

	if (o->cfg != NULL && o->cfg->napprovals > 0) {
		nap = o->cfg->napprovals;
		ap = stw_calloc(nap, sizeof(*ap));
		for (size_t i = 0; i < nap; i++) {
			const struct stw_cfg_approval *a = o->cfg->approvals[i];
			ap[i].a = a;
			if (a->expires != NULL && !valid_date(a->expires)) {
				rc = stw_error(err, STW_EUSAGE, "%s:%d:%d: invalid expires date '%s': expected "
				    "YYYY-MM-DD", a->file ? a->file : (o->cfg->path ? o->cfg->path : "approvals"),
				    a->line, a->col, a->expires);
				goto fail;
			}
			/* valid through the expiry day itself */
			ap[i].expired = a->expires != NULL && strcmp(r->as_of, a->expires) > 0;
		}
	}

	/* A source that failed or was only partly scanned has missing tables:
	 * passing the gate on it would vouch for data nobody looked at. */
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *src = inv->sources[i];
		struct stw_check_result *res;
		if (src->status == STW_SRC_OK)
			continue;
		res = add_result(r, STW_CHECK_SCAN_INCOMPLETE, "steward/scan-incomplete", STW_SEV_HIGH);
		res->subject = stw_strdup(src->name);
		res->source = stw_strdup(src->name);
		res->message = stw_asprintf("source '%s' was not fully scanned (status %s)%s%s", src->name,
		    stw_source_status_name(src->status), src->errors.n ? ": " : "",
		    src->errors.n ? src->errors.v[0] : "");
		set_fingerprint(res, src->name, NULL, NULL, NULL, NULL);
		fallback_location(res, o, 0);
	}
	baseline_keys(&bkeys, o->baseline);
	check_findings(r, inv, o, ap, nap, &bkeys);
	check_people(r, inv, o, ap, nap);
	check_copies(r, inv, o, ap, nap);
	rc = check_policy(r, inv, o, ap, nap, err);
	if (rc != STW_OK)
		goto fail;
	check_approvals(r, o, ap, nap);

	if (r->n > 1)
		qsort(r->v, r->n, sizeof(r->v[0]), cmp_result);
	for (size_t i = 0; i < r->n; i++) {
		struct stw_check_result *res = r->v[i];
		struct stw_source *src;
		const struct stw_table *t;
		const struct stw_data_subject *ds;

		/* whose data it is, in fideslang's words, for the gate's readers */
		if (res->table != NULL && (src = stw_inventory_find_source(inv, res->source)) != NULL &&
		    (t = stw_source_find_table(src, res->schema, res->table)) != NULL &&
		    (ds = stw_data_subject_find(stw_report_fides_subject(o->cfg, src, t))) != NULL)
			res->data_subject = ds->name;
		res->failing = res->severity >= r->fail_on;
		if (res->failing)
			r->nfailing++;
		r->by_severity[res->severity]++;
	}
	stw_strv_clear(&bkeys);
	free(ap);
	*out = r;
	return STW_OK;
fail:
	stw_strv_clear(&bkeys);
	free(ap);
	stw_check_report_free(r);
	return rc;
}

/* ---- text ---- */

char *
stw_check_render_text(const struct stw_check_report *r)
{
	struct stw_buf b = STW_BUF_INIT;

	for (size_t i = 0; i < r->n; i++) {
		const struct stw_check_result *res = r->v[i];
		stw_buf_addf(&b, "%-8s %-5s %s: %s\n", stw_severity_name(res->severity),
		    res->failing ? "FAIL" : "", res->rule_id, res->message);
		if (res->note != NULL)
			stw_buf_addf(&b, "               note: %s\n", res->note);
		stw_buf_addf(&b, "               at %s:%d\n", res->file, res->line);
	}
	if (r->n > 0)
		stw_buf_addc(&b, '\n');
	stw_buf_addf(&b, "steward check: %zu result%s (", r->n, r->n == 1 ? "" : "s");
	for (int s = STW_SEV_CRITICAL; s >= STW_SEV_INFO; s--)
		stw_buf_addf(&b, "%s%zu %s", s == STW_SEV_CRITICAL ? "" : ", ", r->by_severity[s],
		    stw_severity_name((enum stw_severity)s));
	stw_buf_addf(&b, "), as of %s\n", r->as_of);
	if (r->nfailing > 0)
		stw_buf_addf(&b, "FAILED: %zu result%s at or above '%s'\n", r->nfailing,
		    r->nfailing == 1 ? "" : "s", stw_severity_name(r->fail_on));
	else
		stw_buf_addf(&b, "passed: nothing at or above '%s'\n", stw_severity_name(r->fail_on));
	return stw_buf_detach(&b);
}

/* ---- JSON ---- */


char *
stw_check_render_json(const struct stw_check_report *r)
{
	json_t *root = json_object(), *results = json_array(), *sum = json_object();
	char *text, *withnl;

	json_object_set_new(root, "format", json_string("steward.check"));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "inventory", stw_json_text(r->inventory_path));
	json_object_set_new(root, "baseline", stw_json_text(r->baseline_path));
	json_object_set_new(root, "as_of", json_string(r->as_of));
	json_object_set_new(root, "fail_on", json_string(stw_severity_name(r->fail_on)));
	json_object_set_new(root, "failed", json_boolean(r->nfailing > 0));
	for (int s = STW_SEV_INFO; s <= STW_SEV_CRITICAL; s++)
		json_object_set_new(sum, stw_severity_name((enum stw_severity)s),
		    json_integer((json_int_t)r->by_severity[s]));
	json_object_set_new(sum, "failing", json_integer((json_int_t)r->nfailing));
	json_object_set_new(sum, "total", json_integer((json_int_t)r->n));
	json_object_set_new(root, "summary", sum);
	for (size_t i = 0; i < r->n; i++) {
		const struct stw_check_result *res = r->v[i];
		json_t *o = json_object(), *loc = json_object();
		json_object_set_new(o, "rule_id", json_string(res->rule_id));
		json_object_set_new(o, "severity", json_string(stw_severity_name(res->severity)));
		json_object_set_new(o, "failing", json_boolean(res->failing));
		json_object_set_new(o, "subject", stw_json_text(res->subject));
		json_object_set_new(o, "source", stw_json_text(res->source));
		json_object_set_new(o, "schema", stw_json_text(res->schema));
		json_object_set_new(o, "table", stw_json_text(res->table));
		json_object_set_new(o, "column", stw_json_text(res->column));
		json_object_set_new(o, "category", stw_json_text(res->category));
		if (res->data_subject != NULL)
			json_object_set_new(o, "data_subject", json_string(res->data_subject));
		if (res->kind == STW_CHECK_NEW_FINDING) {
			json_object_set_new(o, "rule", stw_json_text(res->rule));
			json_object_set_new(o, "sensitivity", json_string(stw_sensitivity_name(res->sensitivity)));
		}
		json_object_set_new(o, "message", stw_json_text(res->message));
		json_object_set_new(o, "note", stw_json_text(res->note));
		json_object_set_new(o, "fingerprint", stw_json_text(res->fingerprint));
		json_object_set_new(loc, "file", stw_json_text(res->file));
		json_object_set_new(loc, "line", json_integer(res->line));
		json_object_set_new(o, "location", loc);
		json_array_append_new(results, o);
	}
	json_object_set_new(root, "results", results);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	withnl = stw_asprintf("%s\n", text ? text : "{}");
	free(text);
	return withnl;
}

char *
stw_check_render(const struct stw_check_report *r, enum stw_check_format f)
{
	switch (f) {
	case STW_CHECK_TEXT: return stw_check_render_text(r);
	case STW_CHECK_JSON: return stw_check_render_json(r);
	case STW_CHECK_SARIF: return stw_check_render_sarif(r);
	case STW_CHECK_JUNIT: return stw_check_render_junit(r);
	case STW_CHECK_GITHUB: return stw_check_render_github(r);
	}
	STW_BUG("unknown check format %d", (int)f);
}
