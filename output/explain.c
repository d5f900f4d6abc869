/*
 * steward explain (output/explain.h): the reasons behind a column's
 * findings, followed to their roots -- a name or values that matched a
 * rule, a table's subject and the evidence for it, a foreign key to a
 * person's key, a lineage path from an origin column -- and the findings
 * that were taken back, with why.  Every table whose subject a reason
 * leans on is explained once, at the end.
 */
#include "explain.h"
#include "scanner/access.h"

#include <stdlib.h>
#include <string.h>

#include "rules/ruleset.h"
#include "scanner/subject.h"

/* ---- finding things by name --------------------------------------------- */

static int
prefix_dot(const char *s, const char *p, const char **rest)
{
	size_t n;

	if (p == NULL)
		return 0;
	n = strlen(p);
	if (strncmp(s, p, n) != 0 || s[n] != '.')
		return 0;
	*rest = s + n + 1;
	return 1;
}

int
stw_explain_find(const struct stw_inventory *inv, const char *target,
    const struct stw_source **src_out, const struct stw_table **t_out,
    const struct stw_column **col_out, struct stw_err *err)
{
	const struct stw_source *fs = NULL;
	const struct stw_table *ft = NULL;
	const struct stw_column *fc = NULL;
	const struct stw_source *near_src = NULL;
	const struct stw_table *near_t = NULL;
	int hits = 0;

	*src_out = NULL;
	*t_out = NULL;
	*col_out = NULL;
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		const char *r1, *r2, *r3;

		if (!prefix_dot(target, src->name, &r1))
			continue;
		near_src = src;
		for (size_t i = 0; i < src->ntables; i++) {
			const struct stw_table *t = src->tables[i];

			if (!prefix_dot(r1, t->schema, &r2))
				continue;
			if (t->name != NULL && strcmp(r2, t->name) == 0) {
				if (hits++ == 0)
					fs = src, ft = t, fc = NULL;
				continue;
			}
			if (!prefix_dot(r2, t->name, &r3))
				continue;
			near_t = t;
			for (size_t c = 0; c < t->ncolumns; c++)
				if (t->columns[c]->name != NULL && strcmp(r3, t->columns[c]->name) == 0) {
					if (hits++ == 0)
						fs = src, ft = t, fc = t->columns[c];
				}
		}
	}
	if (hits == 1) {
		*src_out = fs;
		*t_out = ft;
		*col_out = fc;
		return STW_OK;
	}
	if (hits > 1)
		return stw_error(err, STW_EUSAGE, "'%s' names more than one table or column (their "
		    "names hold dots); it is ambiguous", target);
	if (near_t != NULL)
		return stw_error(err, STW_ENOTFOUND, "no column '%s' in %s.%s.%s", target +
		    strlen(near_src->name) + strlen(near_t->schema) + strlen(near_t->name) + 3,
		    near_src->name, near_t->schema, near_t->name);
	if (near_src != NULL)
		return stw_error(err, STW_ENOTFOUND, "no table or column '%s' in source '%s' (expected "
		    "SOURCE.SCHEMA.TABLE[.COLUMN])", target + strlen(near_src->name) + 1, near_src->name);
	return stw_error(err, STW_ENOTFOUND, "no source in the inventory matches '%s' (expected "
	    "SOURCE.SCHEMA.TABLE[.COLUMN])", target);
}

/* ---- the text -------------------------------------------------------------- */

struct ctx {
	const struct stw_inventory *inv;
	const struct stw_rules *rules;
	struct stw_buf *b;
	const struct stw_table *tables[32];   /* tables whose subject was leaned on */
	const struct stw_source *tsrc[32];
	size_t ntables;
	int depth;
};

static void
want_table(struct ctx *x, const struct stw_source *src, const struct stw_table *t)
{
	for (size_t i = 0; i < x->ntables; i++)
		if (x->tables[i] == t)
			return;
	if (x->ntables < sizeof(x->tables) / sizeof(x->tables[0])) {
		x->tsrc[x->ntables] = src;
		x->tables[x->ntables++] = t;
	}
}

static const char *
subject_phrase(enum stw_subject_kind k)
{
	switch (k) {
	case STW_SUBJ_PERSON: return "people";
	case STW_SUBJ_PERSON_EVENT: return "events about people";
	case STW_SUBJ_ORGANISATION: return "organisations";
	case STW_SUBJ_REFERENCE: return "reference data";
	case STW_SUBJ_UNKNOWN: break;
	}
	return "unknown: steward cannot tell whose rows these are";
}

static const char *
tier_of(enum stw_sensitivity s)
{
	switch (s) {
	case STW_SENS_SPECIAL: return "sensitive (special category, GDPR art. 9/10)";
	case STW_SENS_HIGH: return "sensitive (high)";
	case STW_SENS_PERSONAL: return "identifier (identifies a person or reaches them)";
	case STW_SENS_QUASI: return "quasi-identifier (identifying in combination)";
	case STW_SENS_LINKED: return "linked (personal through the person its row is about)";
	case STW_SENS_NONE: break;
	}
	return "none";
}

static const char *
rule_description(const struct ctx *x, const char *id)
{
	struct stw_rule_info ri;
	long i;

	if (x->rules == NULL || id == NULL || (i = stw_rules_find(x->rules, id)) < 0)
		return NULL;
	stw_rules_info(x->rules, (size_t)i, &ri);
	return ri.description;
}

/* 1 when the rule judges values too (so sampled values can disagree). */
static int
rule_has_value(const struct ctx *x, const char *id)
{
	struct stw_rule_info ri;
	long i;

	if (x->rules == NULL || id == NULL || (i = stw_rules_find(x->rules, id)) < 0)
		return 0;
	stw_rules_info(x->rules, (size_t)i, &ri);
	return ri.value != NULL;
}

static void
indent(struct ctx *x, int extra)
{
	for (int i = 0; i < 2 * (x->depth + extra); i++)
		stw_buf_addc(x->b, ' ');
}

static void explain_findings(struct ctx *x, const struct stw_source *src,
    const struct stw_table *t, const struct stw_column *c);

/* Follows a "source.schema.table.column" reference one step further. */
static void
follow(struct ctx *x, const char *ref, const char *why)
{
	const struct stw_source *s;
	const struct stw_table *t;
	const struct stw_column *c;
	struct stw_err err = STW_ERR_INIT;

	if (ref == NULL || x->depth >= 4)
		return;
	if (stw_explain_find(x->inv, ref, &s, &t, &c, &err) != STW_OK || c == NULL) {
		indent(x, 2);
		stw_buf_addf(x->b, "(%s is not in this inventory)\n", ref);
		return;
	}
	indent(x, 2);
	stw_buf_addf(x->b, "%s %s:\n", why, ref);
	x->depth += 2;
	explain_findings(x, s, t, c);
	x->depth -= 2;
}

static void
explain_finding(struct ctx *x, const struct stw_source *src, const struct stw_table *t,
    const struct stw_column *c, const struct stw_finding *f)
{
	const char *desc = rule_description(x, f->rule);

	indent(x, 0);
	stw_buf_addf(x->b, "- %s (%s), rule %s, evidence %s, confidence %.2f\n", f->category,
	    stw_sensitivity_name(f->sensitivity), f->rule, stw_evidence_name(f->evidence),
	    f->confidence);
	indent(x, 2);
	switch (f->evidence) {
	case STW_EVID_NAME:
		stw_buf_addf(x->b, "its name '%s' matches rule '%s'%s%s%s\n", c->name, f->rule,
		    desc ? " (" : "", desc ? desc : "", desc ? ")" : "");
		if (f->sampled > 0 && rule_has_value(x, f->rule)) {
			indent(x, 2);
			stw_buf_addf(x->b, "its values do not confirm it: %lld of %lld sampled values "
			    "matched, so the confidence is halved\n", f->matched, f->sampled);
		}
		break;
	case STW_EVID_VALUE:
		stw_buf_addf(x->b, "%lld of %lld sampled values (%.0f%%) match rule '%s'%s%s%s\n",
		    f->matched, f->sampled, f->sampled ? 100.0 * (double)f->matched /
		    (double)f->sampled : 0.0, f->rule, desc ? " (" : "", desc ? desc : "",
		    desc ? ")" : "");
		break;
	case STW_EVID_BOTH:
		stw_buf_addf(x->b, "its name '%s' matches rule '%s'%s%s%s, and %lld of %lld sampled "
		    "values (%.0f%%) agree\n", c->name, f->rule, desc ? " (" : "", desc ? desc : "",
		    desc ? ")" : "", f->matched, f->sampled, f->sampled ? 100.0 *
		    (double)f->matched / (double)f->sampled : 0.0);
		break;
	case STW_EVID_INHERITED:
		stw_buf_addf(x->b, "copied along lineage: %s\n", f->path ? f->path : "?");
		/* An inferred copy says what it rests on: no catalog does. */
		for (size_t i = 0; i < x->inv->nlineage; i++) {
			const struct stw_edge *e = x->inv->lineage[i];

			if (!e->inference.present || e->to.column == NULL ||
			    strcmp(e->to.column, c->name) != 0 || strcmp(e->to.table, t->name) != 0 ||
			    strcmp(e->to.source, src->name) != 0 || e->evidence == NULL)
				continue;
			indent(x, 2);
			stw_buf_addf(x->b, "inferred (no catalog declares it), confidence %.2f: %s\n",
			    e->inference.confidence, e->evidence);
		}
		follow(x, f->inherited_from, "where it comes from,");
		break;
	case STW_EVID_SUBJECT:
		stw_buf_addf(x->b, "%s\n", f->note ? f->note : "from its table's subject");
		want_table(x, src, t);
		break;
	case STW_EVID_FK:
		stw_buf_addf(x->b, "%s\n", f->note ? f->note : "a foreign key to a person's key");
		follow(x, f->inherited_from, "the key it references,");
		break;
	case STW_EVID_DECLARED:
		stw_buf_addf(x->b, "%s\n", f->note ? f->note : "declared in a Fides dataset");
		break;
	}
	if (f->note != NULL && f->evidence != STW_EVID_SUBJECT && f->evidence != STW_EVID_FK &&
	    f->evidence != STW_EVID_DECLARED) {
		indent(x, 2);
		stw_buf_addf(x->b, "note: %s\n", f->note);
	}
}

static void
explain_findings(struct ctx *x, const struct stw_source *src, const struct stw_table *t,
    const struct stw_column *c)
{
	/* Keys: what they point at is part of the answer. */
	for (size_t k = 0; k < t->nfkeys; k++) {
		const struct stw_fkey *fk = t->fkeys[k];
		const struct stw_table *rt;

		for (size_t i = 0; i < fk->columns.n && i < fk->ref_columns.n; i++) {
			if (strcmp(fk->columns.v[i], c->name) != 0)
				continue;
			rt = stw_source_find_table(src, fk->ref_schema, fk->ref_table);
			if (rt == NULL && fk->ref_schema == NULL)
				rt = stw_source_find_table(src, t->schema, fk->ref_table);
			indent(x, 0);
			stw_buf_addf(x->b, "- a foreign key (%s) to %s.%s.%s%s%s\n", fk->name ? fk->name
			    : "unnamed", fk->ref_schema ? fk->ref_schema : t->schema, fk->ref_table,
			    fk->ref_columns.v[i], rt ? ", in a table of " : "",
			    rt ? subject_phrase(rt->subject.kind) : "");
			if (rt != NULL)
				want_table(x, src, rt);
		}
	}
	for (size_t i = 0; i < c->nfindings; i++)
		explain_finding(x, src, t, c, c->findings[i]);
	for (size_t i = 0; i < c->ndismissed; i++) {
		const struct stw_dismissed *d = c->dismissed[i];

		indent(x, 0);
		stw_buf_addf(x->b, "- not counted: rule %s (%s) matched, but %s\n", d->rule,
		    d->category, d->reason);
		if (c->decision == NULL)
			want_table(x, src, t);
	}
	if (c->nfindings == 0 && c->ndismissed == 0 && c->decision == NULL) {
		const char *why = NULL;

		if (t->subject.kind == STW_SUBJ_PERSON || t->subject.kind == STW_SUBJ_PERSON_EVENT)
			why = stw_subject_not_linked_reason(t, c);
		indent(x, 0);
		stw_buf_adds(x->b, "- no rule matched its name");
		if (t->rows_sampled > 0)
			stw_buf_adds(x->b, " or its sampled values");
		else
			stw_buf_adds(x->b, " (its values were not sampled)");
		if (why != NULL)
			stw_buf_addf(x->b, "; its row is about a person, but it is %s\n", why);
		else
			stw_buf_addf(x->b, ", and its table holds %s\n", subject_phrase(t->subject.kind));
		want_table(x, src, t);
	}
}

static void
explain_table(struct ctx *x, const struct stw_source *src, const struct stw_table *t)
{
	const struct stw_subject *sj = &t->subject;

	stw_buf_addf(x->b, "%s.%s.%s: %s", src->name, t->schema, t->name,
	    subject_phrase(sj->kind));
	if (sj->kind != STW_SUBJ_UNKNOWN)
		stw_buf_addf(x->b, " (%s, confidence %.2f)", sj->configured ? "configured" : "inferred",
		    sj->confidence);
	stw_buf_addc(x->b, '\n');
	for (size_t i = 0; i < sj->evidence.n; i++)
		stw_buf_addf(x->b, "  - %s\n", sj->evidence.v[i]);
}

char *
stw_explain_text(const struct stw_inventory *inv, const struct stw_source *src,
    const struct stw_table *t, const struct stw_column *col, const struct stw_rules *rules)
{
	struct stw_buf b = STW_BUF_INIT;
	struct ctx x;

	memset(&x, 0, sizeof(x));
	x.inv = inv;
	x.rules = rules;
	x.b = &b;
	if (col == NULL) {
		size_t npersonal = 0;

		explain_table(&x, src, t);
		for (size_t i = 0; i < t->ncolumns; i++)
			npersonal += t->columns[i]->nfindings > 0;
		stw_buf_addf(&b, "%zu of its %zu columns hold personal data; `steward explain` on "
		    "one of them says why\n", npersonal, (size_t)t->ncolumns);
		return stw_buf_detach(&b);
	}
	{
		enum stw_sensitivity s = stw_column_max_sensitivity(col);

		stw_buf_addf(&b, "%s.%s.%s.%s: ", src->name, t->schema, t->name, col->name);
		if (col->nfindings > 0)
			stw_buf_addf(&b, "personal data, %s\n", tier_of(s));
		else if (col->decision != NULL)
			stw_buf_adds(&b, "not personal data, by decision\n");
		else
			stw_buf_adds(&b, "no personal data found\n");
	}
	if (col->decision != NULL) {
		stw_buf_addf(&b, "- decided not personal%s%s%s%s: %s\n",
		    col->decision->decided_by ? " by " : "",
		    col->decision->decided_by ? col->decision->decided_by : "",
		    col->decision->at ? " at " : "", col->decision->at ? col->decision->at : "",
		    col->decision->reason ? col->decision->reason : "");
	}
	explain_findings(&x, src, t, col);
	for (size_t i = 0; i < x.ntables; i++) {
		stw_buf_addc(&b, '\n');
		explain_table(&x, x.tsrc[i], x.tables[i]);
	}
	/* Who can read it (the access audit, docs/pia.md). */
	if (col->nfindings > 0 && src->access.present) {
		struct stw_readers rd;

		stw_access_readers(&rd, src, t, col->name);
		stw_buf_addf(&b, "\nwho can read it: %zu principal%s%s\n", rd.n, rd.n == 1 ? "" : "s",
		    src->access.complete ? "" : " (the audit is incomplete: the scanning account could "
		    "not read every grant catalog)");
		for (size_t i = 0; i < rd.n; i++)
			stw_buf_addf(&b, "- %s%s: %s%s\n", rd.v[i].principal,
			    rd.v[i].login ? "" : " (cannot log in)", rd.v[i].via,
			    rd.v[i].rls ? "; row level security limits its rows" : "");
		stw_readers_release(&rd);
	}
	return stw_buf_detach(&b);
}
