/*
 * The assessment part of the report model (report_model.h): the
 * plain-language summary, the per-column inventory, each open violation as
 * a risk rated likelihood x severity with a recommended action, the open
 * questions a reviewer must answer, all sorted most serious first, so that
 * every format says the same (docs/report.md "The assessment").
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "output/diff.h"
#include "output/palette.h"
#include "rules/datause.h"
#include "report_model.h"

/* ---- risks ------------------------------------------------------------------- */

/* How likely the harm is, 1 (unlikely) to 3 (happening): a limit already
 * passed, a flow that runs by design, a table any account can read are
 * happening; a measure that could not be made, or a finding that needs
 * someone to act on it, is possible. */
static int
likelihood(const struct stw_violation *v)
{
	switch (v->kind) {
	case STW_VIOL_RETENTION:
	case STW_VIOL_RETENTION_COPY:
		return v->rows > 0 ? 3 : 2;
	case STW_VIOL_PURPOSE:
	case STW_VIOL_PURPOSE_FLOW:
	case STW_VIOL_ACCESS_PUBLIC:
		return 3;
	case STW_VIOL_CONSENT:
	case STW_VIOL_ACCESS_NOT_ALLOWED:
	case STW_VIOL_ACCESS_BROAD:
	case STW_VIOL_REIDENTIFICATION:
		return 2;
	default:
		return 1;
	}
}

/* How bad it is for the people, 1 to 4, from the violation's severity
 * (which follows the data's sensitivity). */
static int
impact(const struct stw_violation *v)
{
	switch (v->severity) {
	case STW_SEV_CRITICAL: return 4;
	case STW_SEV_HIGH: return 3;
	case STW_SEV_MEDIUM: return 2;
	default: return 1;
	}
}

static char *
action(const struct stw_violation *v)
{
	char *where = stw_report_where(v);
	char *a;

	switch (v->kind) {
	case STW_VIOL_RETENTION:
		a = v->rows > 0 ? stw_asprintf("Delete or anonymise the %lld rows of %s past the limit, "
		    "and schedule the deletion so it does not come back.", v->rows, where)
		    : stw_asprintf("Delete or anonymise the rows of %s past the limit, and schedule "
		    "the deletion.", where);
		break;
	case STW_VIOL_RETENTION_UNVERIFIABLE:
		a = stw_asprintf("Add or name a date column (anchor:) for %s, so that its age can be "
		    "measured; until then nobody can say whether the limit is kept.", where);
		break;
	case STW_VIOL_RETENTION_COPY:
		a = stw_asprintf("Apply the original's limit to the copy %s (delete its old rows), or "
		    "pseudonymise the copy.", where);
		break;
	case STW_VIOL_PURPOSE:
	case STW_VIOL_PURPOSE_FLOW:
		a = stw_asprintf("Stop the data reaching %s, or record an allowed purpose for it and "
		    "have the council approve the use.", where);
		break;
	case STW_VIOL_CONSENT:
		a = stw_asprintf("Add a consent filter to %s (only people who agreed), or take the "
		    "contact columns out.", where);
		break;
	case STW_VIOL_ACCESS_PUBLIC:
	case STW_VIOL_ACCESS_NOT_ALLOWED:
	case STW_VIOL_ACCESS_BROAD:
		a = stw_asprintf("Restrict the grant: revoke %s's read access to %s, or give it through "
		    "a role allowed for the category.", v->principal ? v->principal : "the", where);
		break;
	case STW_VIOL_ACCESS_NO_RLS:
		a = stw_asprintf("Turn on row level security for %s, with a policy per tenant.", where);
		break;
	case STW_VIOL_ACCESS_UNLOGGED:
		a = stw_asprintf("Log reads of %s (pgaudit, server_audit), as special-category data "
		    "requires.", where);
		break;
	case STW_VIOL_REIDENTIFICATION:
		a = stw_asprintf("Generalise the quasi-identifiers of %s (a year for a birth date, a "
		    "region for a postal code) before the data is released, or restrict access.", where);
		break;
	default:
		a = stw_asprintf("Review %s.", where);
	}
	free(where);
	return a;
}

static int
cmp_risk(const void *pa, const void *pb)
{
	const struct stw_rpt_risk *a = pa, *b = pb;

	if (a->score != b->score)
		return b->score - a->score;
	if (a->impact != b->impact)
		return b->impact - a->impact;
	return a->order < b->order ? -1 : a->order > b->order;
}

static const char *
rating(int score)
{
	return score >= 9 ? "high" : score >= 5 ? "medium" : "low";
}

/* ---- the per-column inventory ----------------------------------------------- */

static char *
how_found(const struct stw_finding *f)
{
	switch (f->evidence) {
	case STW_EVID_VALUE:
	case STW_EVID_BOTH:
		if (f->sampled > 0)
			return stw_asprintf("%s; %lld of %lld sampled values matched",
			    f->evidence == STW_EVID_BOTH ? "name and values" : "values", f->matched,
			    f->sampled);
		return stw_strdup(f->evidence == STW_EVID_BOTH ? "name and values" : "values");
	case STW_EVID_NAME:
		return stw_strdup("its name");
	case STW_EVID_INHERITED:
		return stw_asprintf("copied along lineage from %s",
		    f->inherited_from ? f->inherited_from : "?");
	case STW_EVID_SUBJECT:
		return stw_strdup(f->note ? f->note : "its table's subject");
	case STW_EVID_FK:
		return stw_asprintf("a key to %s", f->inherited_from ? f->inherited_from : "a person");
	case STW_EVID_DECLARED:
		return stw_strdup(f->note ? f->note : "declared in a Fides dataset");
	}
	return stw_strdup("");
}

static int
cmp_col(const void *pa, const void *pb)
{
	const struct stw_rpt_col *a = pa, *b = pb;
	int r;

	if (a->f->sensitivity != b->f->sensitivity)
		return (int)b->f->sensitivity - (int)a->f->sensitivity;
	if ((r = strcmp(a->s->name, b->s->name)) != 0)
		return r;
	if ((r = strcmp(a->t->schema ? a->t->schema : "", b->t->schema ? b->t->schema : "")) != 0)
		return r;
	if ((r = strcmp(a->t->name, b->t->name)) != 0)
		return r;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* ---- open questions ------------------------------------------------------------ */

static void
question(struct stw_rpt *m, const char *fmt, ...) STW_PRINTF(2, 3);

static void
question(struct stw_rpt *m, const char *fmt, ...)
{
	struct stw_buf b = STW_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	stw_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	stw_strv_push_owned(&m->questions, stw_buf_detach(&b));
}

/* Tables that raise one question: how many, and the first three by name. */
struct tally {
	size_t n;
	struct stw_buf ex;
};

static void
tally_add(struct tally *t, const struct stw_source *src, const struct stw_table *tb)
{
	if (t->n++ < 3)
		stw_buf_addf(&t->ex, "%s%s.%s", t->n > 1 ? ", " : "", src->name, tb->name);
}

/* "a.t1, a.t2, a.t3, ..." (caller frees). */
static char *
tally_list(const struct tally *t)
{
	return stw_asprintf("%s%s", t->ex.buf ? t->ex.buf : "", t->n > 3 ? ", ..." : "");
}

static void
questions(struct stw_rpt *m)
{
	const struct stw_inventory *inv = m->inv;
	struct tally unknown = { 0, STW_BUF_INIT }, nopurpose = { 0, STW_BUF_INIT },
	    names_only = { 0, STW_BUF_INIT };
	size_t nolimit = 0;
	char *ex;

	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];

		if (src->status != STW_SRC_OK)
			question(m, "Source %s was scanned only in part (%s): what it holds beyond the "
			    "tables listed is not known.", src->name, src->errors.n ? src->errors.v[0]
			    : stw_source_status_name(src->status));
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			enum stw_sensitivity top = stw_table_max_sensitivity(tb);

			if (stw_table_is_partition(tb) || top < STW_SENS_QUASI)
				continue;
			if (tb->subject.kind == STW_SUBJ_UNKNOWN)
				tally_add(&unknown, src, tb);
			if (tb->purposes.n == 0)
				tally_add(&nopurpose, src, tb);
			if (tb->classified_by == STW_BY_NAMES)
				tally_add(&names_only, src, tb);
			if (!stw_table_retention(tb)->present)
				nolimit++;
		}
		for (size_t k = 0; k < src->lineage.problems.n && k < 3; k++)
			question(m, "A view's lineage in %s was not understood (%s): what it exposes is "
			    "known only from the tables it names.", src->name, src->lineage.problems.v[k]);
	}
	if (unknown.n > 0) {
		ex = tally_list(&unknown);
		question(m, "Whose rows are they? %zu table%s with personal data %s no subject steward "
		    "could tell (%s): say it with subjects: in steward.yaml.", unknown.n,
		    unknown.n == 1 ? "" : "s", unknown.n == 1 ? "has" : "have", ex);
		free(ex);
	}
	if (nopurpose.n > 0) {
		ex = tally_list(&nopurpose);
		question(m, "Why is it kept? %zu table%s with personal data %s no purpose recorded "
		    "(%s): a record of processing needs one.", nopurpose.n, nopurpose.n == 1 ? "" : "s",
		    nopurpose.n == 1 ? "has" : "have", ex);
		free(ex);
	}
	if (names_only.n > 0) {
		ex = tally_list(&names_only);
		question(m, "%zu table%s %s classified by column names only, no value was read (%s): "
		    "a scan with --sample would confirm or clear them.", names_only.n,
		    names_only.n == 1 ? "" : "s", names_only.n == 1 ? "was" : "were", ex);
		free(ex);
	}
	if (nolimit > 0)
		question(m, "How long is it kept? %zu table%s with personal data %s no retention limit "
		    "(categories: in steward.yaml).", nolimit, nolimit == 1 ? "" : "s",
		    nolimit == 1 ? "has" : "have");
	for (size_t i = 0; i < m->napprovals; i++)
		if (m->approvals[i].expired)
			question(m, "The approval of %s (%s) expired on %s: renew it or end the use.",
			    m->approvals[i].a->match, m->approvals[i].a->approved_by,
			    m->approvals[i].a->expires);
	stw_buf_release(&unknown.ex);
	stw_buf_release(&nopurpose.ex);
	stw_buf_release(&names_only.ex);
}

/* ---- summary ------------------------------------------------------------------- */

static void
summary(struct stw_rpt *m)
{
	struct stw_buf b = STW_BUF_INIT;
	size_t people = 0;

	for (size_t i = 0; i < m->nsubjects; i++)
		if (m->subjects[i].kind == STW_SUBJ_PERSON || m->subjects[i].kind == STW_SUBJ_PERSON_EVENT)
			people += m->subjects[i].n;
	if (m->npersonal == 0) {
		stw_strv_push(&m->summary, "steward found no personal data in the sources below.");
		return;
	}
	stw_buf_addf(&b, "steward found personal data in %zu of %zu columns, in %zu source%s; "
	    "%zu table%s hold%s people or records about people.", m->npersonal, m->ncolumns,
	    m->inv->nsources, m->inv->nsources == 1 ? "" : "s", people, people == 1 ? "" : "s",
	    people == 1 ? "s" : "");
	if (m->by_sens[STW_SENS_SPECIAL] > 0)
		stw_buf_addf(&b, " %zu column%s hold%s special-category data (health, beliefs, "
		    "biometrics: GDPR art. 9), which needs a legal basis of its own.",
		    m->by_sens[STW_SENS_SPECIAL], m->by_sens[STW_SENS_SPECIAL] == 1 ? "" : "s",
		    m->by_sens[STW_SENS_SPECIAL] == 1 ? "s" : "");
	stw_strv_push_owned(&m->summary, stw_buf_detach(&b));
	if (m->nrisks == 0) {
		stw_strv_push(&m->summary, "No open risk: every finding is within policy or settled "
		    "by an approval.");
	} else {
		size_t high = 0;
		char *where = stw_report_where(m->risks[0].v);

		for (size_t i = 0; i < m->nrisks; i++)
			high += strcmp(m->risks[i].rating, "high") == 0;
		stw_buf_addf(&b, "%zu open risk%s, %zu rated high. The most serious: %s at %s.",
		    m->nrisks, m->nrisks == 1 ? "" : "s", high,
		    stw_report_kind_title(m->risks[0].v->kind), where);
		free(where);
		stw_strv_push_owned(&m->summary, stw_buf_detach(&b));
	}
	if (m->questions.n > 0) {
		stw_buf_addf(&b, "%zu question%s for the reviewer remain open (below).",
		    m->questions.n, m->questions.n == 1 ? "" : "s");
		stw_strv_push_owned(&m->summary, stw_buf_detach(&b));
	}
}

void
stw_report_assess_build(struct stw_rpt *m)
{
	size_t acols = 0;

	m->risks = stw_calloc(m->nopen + 1, sizeof(*m->risks));
	for (size_t i = 0; i < m->nopen; i++) {
		struct stw_rpt_risk *r = &m->risks[m->nrisks++];

		r->v = m->open[i];
		r->order = i;
		r->likelihood = likelihood(r->v);
		r->impact = impact(r->v);
		r->score = r->likelihood * r->impact;
		r->rating = rating(r->score);
		r->action = action(r->v);
	}
	if (m->nrisks > 1)
		qsort(m->risks, m->nrisks, sizeof(*m->risks), cmp_risk);
	for (size_t s = 0; s < m->inv->nsources; s++) {
		const struct stw_source *src = m->inv->sources[s];

		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];

			if (stw_table_is_partition(tb))
				continue;
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const struct stw_column *col = tb->columns[c];

				for (size_t f = 0; f < col->nfindings; f++) {
					struct stw_rpt_col *rc;

					stw_grow(&m->cols, &acols, m->ncols, sizeof(*m->cols));
					rc = &m->cols[m->ncols];
					rc->s = src;
					rc->t = tb;
					rc->c = col;
					rc->f = col->findings[f];
					rc->order = m->ncols++;
					rc->how = how_found(col->findings[f]);
					rc->category = stw_category_words(col->findings[f]->category);
				}
			}
		}
	}
	if (m->ncols > 1)
		qsort(m->cols, m->ncols, sizeof(*m->cols), cmp_col);
	questions(m);
	summary(m);
}

void
stw_report_assess_release(struct stw_rpt *m)
{
	for (size_t i = 0; i < m->nrisks; i++)
		free(m->risks[i].action);
	free(m->risks);
	for (size_t i = 0; i < m->ncols; i++) {
		free(m->cols[i].how);
		free(m->cols[i].category);
	}
	free(m->cols);
	stw_strv_clear(&m->questions);
	stw_strv_clear(&m->summary);
	stw_strv_clear(&m->changes);
	stw_strv_clear(&m->change_items);
}

/* A violation's identity across two scans: kind, place, category, who. */
static char *
viol_key(const struct stw_violation *v)
{
	char *w = stw_report_where(v), *k;

	k = stw_asprintf("%d|%s|%s|%s", (int)v->kind, w, v->category ? v->category : "",
	    v->principal ? v->principal : "");
	free(w);
	return k;
}

int
stw_report_changes_build(struct stw_rpt *m, const struct stw_inventory *baseline,
    const char *baseline_name, struct stw_err *err)
{
	struct stw_diff *d = NULL;
	struct stw_policy_result *old = NULL;
	struct stw_strv oldk = STW_STRV_INIT, newk = STW_STRV_INIT;
	size_t fadd = 0, frem = 0, newr = 0, gone = 0;
	int rc;

	m->has_baseline = 1;
	if ((rc = stw_diff_compute(&d, baseline, m->inv, err)) != STW_OK ||
	    (rc = stw_policy_evaluate(&old, baseline, m->cfg, err)) != STW_OK) {
		stw_diff_free(d);
		return rc;
	}
	for (size_t i = 0; i < old->n; i++)
		stw_strv_push_owned(&oldk, viol_key(old->v[i]));
	for (size_t i = 0; i < m->nrisks; i++)
		stw_strv_push_owned(&newk, viol_key(m->risks[i].v));
	/* still there, but settled by an approval: not gone */
	for (size_t i = 0; i < m->nsettled; i++)
		stw_strv_push_owned(&newk, viol_key(m->settled[i].v));
	/* risks first, most serious first (m->risks' order) */
	for (size_t i = 0; i < m->nrisks; i++)
		if (!stw_strv_has(&oldk, newk.v[i])) {
			char *w = stw_report_where(m->risks[i].v);

			stw_strv_push_owned(&m->change_items, stw_asprintf("new risk (%s, %s): %s at %s",
			    m->risks[i].rating, stw_severity_name(m->risks[i].v->severity),
			    stw_report_kind_title(m->risks[i].v->kind), w));
			free(w);
			newr++;
		}
	for (size_t i = 0; i < old->n; i++)
		if (!stw_strv_has(&newk, oldk.v[i])) {
			char *w = stw_report_where(old->v[i]);

			stw_strv_push_owned(&m->change_items, stw_asprintf("resolved since: %s at %s",
			    stw_report_kind_title(old->v[i]->kind), w));
			free(w);
			gone++;
		}
	for (size_t i = 0; i < d->n; i++) {
		const struct stw_diff_item *it = d->v[i];

		if (it->what == STW_DIFF_FINDING) {
			stw_strv_push_owned(&m->change_items, stw_asprintf("%s personal data: %s.%s.%s.%s "
			    "holds %s (%s)", it->change == STW_DIFF_ADDED ? "new" : "no longer",
			    it->source, it->schema ? it->schema : "", it->table, it->column ? it->column : "",
			    it->category ? it->category : "?", stw_sensitivity_name(it->sensitivity)));
			if (it->change == STW_DIFF_ADDED)
				fadd++;
			else
				frem++;
		} else if (it->what == STW_DIFF_TABLE)
			stw_strv_push_owned(&m->change_items, stw_asprintf("table %s: %s.%s.%s",
			    it->change == STW_DIFF_ADDED ? "added" : "removed", it->source,
			    it->schema ? it->schema : "", it->table));
	}
	stw_strv_push_owned(&m->changes, stw_asprintf("Compared with the last assessment (%s, "
	    "scanned %s): %zu new risk%s, %zu resolved; %zu personal-data finding%s "
	    "added, %zu removed; %zu table%s added, %zu removed.", baseline_name ? baseline_name
	    : "baseline", baseline->generated_at ? baseline->generated_at : "at an unknown time",
	    newr, newr == 1 ? "" : "s", gone, fadd, fadd == 1 ? "" : "s", frem,
	    d->count[STW_DIFF_TABLE][STW_DIFF_ADDED], d->count[STW_DIFF_TABLE][STW_DIFF_ADDED] == 1
	    ? "" : "s", d->count[STW_DIFF_TABLE][STW_DIFF_REMOVED]));
	if (newr == 0 && gone == 0 && fadd == 0 && frem == 0)
		stw_strv_push(&m->changes, "Nothing that matters for this assessment changed.");
	stw_strv_clear(&oldk);
	stw_strv_clear(&newk);
	stw_policy_result_free(old);
	stw_diff_free(d);
	return STW_OK;
}

void
stw_report_group_fides(struct stw_buf *b, const struct stw_rpt *m, const struct stw_rpt_subj *g)
{
	struct stw_strv seen = STW_STRV_INIT;

	for (size_t i = 0; i < g->n; i++) {
		const char *k = stw_report_fides_subject(m->cfg, g->s, g->t[i]);
		const struct stw_data_subject *ds = stw_data_subject_find(k);

		if (ds == NULL || stw_strv_has(&seen, ds->name))
			continue;
		stw_buf_addf(b, "%s%s", seen.n ? ", " : "", ds->name);
		stw_strv_push(&seen, ds->name);
	}
	stw_strv_clear(&seen);
}

void
stw_report_purposes(const struct stw_rpt *m, struct stw_rpt_purpose **out, size_t *n)
{
	struct stw_rpt_purpose *v = NULL;
	size_t nv = 0, av = 0;

	for (size_t s = 0; s < m->inv->nsources; s++)
		for (size_t t = 0; t < m->inv->sources[s]->ntables; t++) {
			const struct stw_table *tb = m->inv->sources[s]->tables[t];

			if (stw_table_is_partition(tb) || stw_table_max_sensitivity(tb) == STW_SENS_NONE)
				continue;
			for (size_t p = 0; p < tb->purposes.n; p++) {
				size_t i = 0;

				while (i < nv && strcmp(v[i].purpose, tb->purposes.v[p]) != 0)
					i++;
				if (i == nv) {
					const struct stw_data_use *u = stw_data_use_find(tb->purposes.v[p]);

					stw_grow(&v, &av, nv, sizeof(*v));
					v[nv].purpose = tb->purposes.v[p];
					v[nv].use_name = u ? u->name : NULL;
					v[nv].basis = NULL;
					for (size_t k = 0; k < m->cfg->nlegal_bases; k++)
						if (strcmp(m->cfg->legal_bases[k]->purpose, tb->purposes.v[p]) == 0)
							v[nv].basis = m->cfg->legal_bases[k]->basis;
					v[nv++].tables = 0;
				}
				v[i].tables++;
			}
		}
	*out = v;
	*n = nv;
}
