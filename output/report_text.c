/*
 * The report as plain text for a terminal.  Names from databases are
 * printed with control characters replaced by '?', so a hostile table name
 * cannot move the cursor or change the terminal's colours.
 */
#include <stdlib.h>
#include <string.h>

#include "report_model.h"
#include "scanner/retention.h"

static void
put(struct stw_buf *b, const char *s)
{
	for (; s != NULL && *s; s++)
		stw_buf_addc(b, ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
}

static void
heading(struct stw_buf *b, const char *title)
{
	stw_buf_addf(b, "\n%s\n", title);
	for (size_t i = strlen(title); i > 0; i--)
		stw_buf_addc(b, '-');
	stw_buf_addc(b, '\n');
}

static void
violation(struct stw_buf *b, const struct stw_violation *v, const struct stw_cfg_approval *a)
{
	char *where = stw_report_where(v);

	stw_buf_addf(b, "  [%s] %s: ", stw_severity_name(v->severity), stw_violation_kind_name(v->kind));
	put(b, where);
	if (v->category != NULL) {
		stw_buf_adds(b, " (");
		put(b, v->category);
		stw_buf_adds(b, ")");
	}
	stw_buf_adds(b, "\n      ");
	put(b, v->message);
	if (v->evidence != NULL) {
		stw_buf_adds(b, "\n      evidence: ");
		put(b, v->evidence);
	}
	if (a != NULL) {
		stw_buf_adds(b, "\n      approved by ");
		put(b, a->approved_by);
		if (a->reason) {
			stw_buf_adds(b, ": ");
			put(b, a->reason);
		}
	}
	stw_buf_addc(b, '\n');
	free(where);
}

static void
violations(struct stw_buf *b, const struct stw_rpt *m, int retention)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nopen; i++)
		if (stw_report_group(m->open[i]->kind) == retention) {
			violation(b, m->open[i], NULL);
			n++;
		}
	if (n == 0)
		stw_buf_adds(b, "  none\n");
}

int
stw_report_text(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	const struct stw_inventory *inv = m->inv;

	(void)o;
	(void)err;
	stw_buf_adds(b, "steward privacy report\n======================\n");
	stw_buf_adds(b, "inventory:  ");
	put(b, m->inventory_name ? m->inventory_name : "(inventory)");
	stw_buf_adds(b, ", generated ");
	put(b, inv->generated_at ? inv->generated_at : "(unknown)");
	stw_buf_adds(b, " by steward ");
	put(b, inv->tool_version ? inv->tool_version : "?");
	stw_buf_adds(b, "\nas of:      ");
	put(b, m->as_of);
	stw_buf_adds(b, "\nsources:    ");
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];
		stw_buf_adds(b, i ? ", " : "");
		put(b, s->name);
		stw_buf_adds(b, " (");
		put(b, s->engine ? s->engine : "?");
		stw_buf_addf(b, ", %s)", stw_source_status_name(s->status));
	}
	if (inv->nsources == 0)
		stw_buf_adds(b, "none");
	stw_buf_addc(b, '\n');

	heading(b, "Summary");
	stw_buf_addf(b, "  %zu tables, %zu columns, %zu with personal data (special %zu, high %zu, "
	    "personal %zu, quasi %zu, linked %zu)\n", m->ntables, m->ncolumns, m->npersonal,
	    m->by_sens[STW_SENS_SPECIAL], m->by_sens[STW_SENS_HIGH], m->by_sens[STW_SENS_PERSONAL],
	    m->by_sens[STW_SENS_QUASI], m->by_sens[STW_SENS_LINKED]);
	if (m->npartitions > 0)
		stw_buf_addf(b, "  %zu partition%s, counted in %s partitioned table\n", m->npartitions,
		    m->npartitions == 1 ? "" : "s", m->npartitions == 1 ? "its" : "their");
	stw_buf_addf(b, "  %zu violation%s (critical %zu, high %zu, medium %zu, low %zu); "
	    "%zu settled by approval\n", m->nopen, m->nopen == 1 ? "" : "s",
	    m->by_sev[STW_SEV_CRITICAL], m->by_sev[STW_SEV_HIGH], m->by_sev[STW_SEV_MEDIUM],
	    m->by_sev[STW_SEV_LOW], m->nsettled);
	if (m->nsrc_problems)
		stw_buf_addf(b, "  %zu source%s not scanned completely: results there are incomplete\n",
		    m->nsrc_problems, m->nsrc_problems == 1 ? "" : "s");

	heading(b, "Data subjects");
	if (m->nsubjects == 0)
		stw_buf_adds(b, "  no tables\n");
	for (size_t i = 0; i < m->nsubjects; i++) {
		const struct stw_rpt_subj *g = &m->subjects[i];

		if (i == 0 || m->subjects[i - 1].s != g->s) {
			stw_buf_adds(b, "  ");
			put(b, g->s->name);
			stw_buf_addc(b, '\n');
		}
		stw_buf_addf(b, "    %s (%zu personal column%s): ", stw_report_subject_title(g->kind),
		    g->personal, g->personal == 1 ? "" : "s");
		for (size_t t = 0; t < g->n; t++) {
			stw_buf_adds(b, t ? ", " : "");
			put(b, g->t[t]->name);
		}
		stw_buf_addc(b, '\n');
	}

	heading(b, "Retention violations");
	violations(b, m, 1);
	heading(b, "Purpose limitation violations");
	violations(b, m, 0);

	for (size_t i = 0; i < STW_RPT_NPIA; i++) {
		const struct stw_rpt_section *sec = &m->pia[i];
		size_t nc = sec->head.n;

		heading(b, sec->title);
		for (size_t k = 0; k < sec->lines.n; k++) {
			stw_buf_adds(b, "  ");
			put(b, sec->lines.v[k]);
			stw_buf_addc(b, '\n');
		}
		if (sec->nrows > 0 && nc > 0)
			stw_buf_addc(b, '\n');
		for (size_t r = 0; r < sec->nrows; r++) {
			stw_buf_adds(b, "  ");
			for (size_t c = 0; c < nc; c++) {
				if (c)
					stw_buf_adds(b, " | ");
				put(b, sec->head.v[c]);
				stw_buf_adds(b, ": ");
				put(b, sec->cells.v[r * nc + c]);
			}
			stw_buf_addc(b, '\n');
		}
		for (size_t k = 0; k < sec->code.n; k++) {
			stw_buf_adds(b, "  $ ");
			put(b, sec->code.v[k]);
			stw_buf_addc(b, '\n');
		}
	}
	heading(b, "Access and re-identification findings");
	violations(b, m, 2);

	heading(b, "Retention measured");
	if (m->nret == 0)
		stw_buf_adds(b, "  no table holds a category with a retention limit\n");
	for (size_t i = 0; i < m->nret; i++) {
		const struct stw_table *t = m->ret[i].t;
		const struct stw_retention *r = stw_table_retention(t);
		long long age = r->oldest ? stw_retention_age_days(m->as_of, r->oldest) : -1;

		stw_buf_adds(b, "  ");
		put(b, m->ret[i].s->name);
		stw_buf_addc(b, '.');
		put(b, t->schema);
		stw_buf_addc(b, '.');
		put(b, t->name);
		stw_buf_adds(b, ": ");
		put(b, r->category);
		stw_buf_addf(b, ", limit %lld days, anchor ", r->limit_days);
		put(b, r->anchor ? r->anchor : "(none)");
		if (r->rows_over_limit >= 0)
			stw_buf_addf(b, ", %s%lld over the limit", r->exact ? "" : "about ",
			    r->rows_over_limit);
		if (r->oldest != NULL) {
			stw_buf_adds(b, ", oldest ");
			put(b, r->oldest);
			if (age >= 0)
				stw_buf_addf(b, " (%lld days)", age);
		}
		if (r->note != NULL) {
			stw_buf_adds(b, " [");
			put(b, r->note);
			stw_buf_adds(b, "]");
		}
		stw_buf_addc(b, '\n');
	}

	heading(b, "Categories per source");
	if (m->ncats == 0)
		stw_buf_adds(b, "  no personal data found\n");
	for (size_t i = 0; i < m->ncats; i++) {
		const struct stw_rpt_cat *c = &m->cats[i];
		if (i == 0 || strcmp(m->cats[i - 1].source, c->source) != 0) {
			stw_buf_adds(b, "  ");
			put(b, c->source);
			stw_buf_adds(b, "\n");
		}
		stw_buf_adds(b, "    ");
		put(b, c->category);
		stw_buf_addf(b, " (%s): %zu column%s in %zu table%s", stw_sensitivity_name(c->sens),
		    c->columns, c->columns == 1 ? "" : "s", c->tables, c->tables == 1 ? "" : "s");
		if (c->inherited)
			stw_buf_addf(b, ", %zu by lineage", c->inherited);
		stw_buf_addc(b, '\n');
	}

	heading(b, "Approvals");
	if (m->napprovals == 0)
		stw_buf_adds(b, "  none\n");
	for (size_t i = 0; i < m->napprovals; i++) {
		const struct stw_rpt_approval *ap = &m->approvals[i];
		stw_buf_adds(b, "  ");
		put(b, ap->a->match);
		if (ap->a->category) {
			stw_buf_adds(b, " (");
			put(b, ap->a->category);
			stw_buf_adds(b, ")");
		}
		stw_buf_adds(b, ": approved by ");
		put(b, ap->a->approved_by ? ap->a->approved_by : "?");
		if (ap->a->expires) {
			stw_buf_adds(b, ap->expired ? ", expired " : ", expires ");
			put(b, ap->a->expires);
		}
		stw_buf_addf(b, "; %s, settles %zu violation%s\n",
		    ap->expired ? "no longer in force" : ap->matches ? "in force" : "matches nothing",
		    ap->settles, ap->settles == 1 ? "" : "s");
		if (ap->a->reason) {
			stw_buf_adds(b, "      reason: ");
			put(b, ap->a->reason);
			stw_buf_addc(b, '\n');
		}
	}
	if (m->nsettled > 0) {
		heading(b, "Settled by approval");
		for (size_t i = 0; i < m->nsettled; i++)
			violation(b, m->settled[i].v, m->settled[i].a);
	}
	if (m->nsrc_problems > 0) {
		heading(b, "Sources not scanned completely");
		for (size_t i = 0; i < inv->nsources; i++) {
			const struct stw_source *s = inv->sources[i];
			if (s->status == STW_SRC_OK)
				continue;
			stw_buf_adds(b, "  ");
			put(b, s->name);
			stw_buf_addf(b, " (%s)\n", stw_source_status_name(s->status));
			for (size_t k = 0; k < s->errors.n; k++) {
				stw_buf_adds(b, "      ");
				put(b, s->errors.v[k]);
				stw_buf_addc(b, '\n');
			}
		}
	}
	return STW_OK;
}
