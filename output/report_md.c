/*
 * The report as Markdown (CommonMark + GitHub tables).  Every name from a
 * database is escaped: Markdown punctuation gets a backslash (so a '|'
 * cannot split a table cell and a backtick cannot open code), line breaks
 * become spaces and other control characters '?'.
 */
#include <stdlib.h>
#include <string.h>

#include "output/markup.h"
#include "report_model.h"
#include "scanner/retention.h"

static void
put(struct stw_buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n' || c == '\r' || c == '\t')
			stw_buf_addc(b, ' ');
		else if (c < 0x20 || c == 0x7f)
			stw_buf_addc(b, '?');
		else {
			if (strchr("\\`*_[]<>|#{}()!~&", c) != NULL)
				stw_buf_addc(b, '\\');
			stw_buf_addc(b, (char)c);
		}
	}
}

/* Inline code for a name: escaping inside backticks does not work in
 * CommonMark, so names are plain escaped text in bold instead. */
static void
name(struct stw_buf *b, const char *s)
{
	stw_buf_adds(b, "**");
	put(b, s);
	stw_buf_adds(b, "**");
}

static void
violation(struct stw_buf *b, const struct stw_violation *v, const struct stw_cfg_approval *a)
{
	char *where = stw_report_where(v);

	stw_buf_addf(b, "- **%s** · %s · ", stw_severity_name(v->severity),
	    stw_report_kind_title(v->kind));
	name(b, where);
	if (v->category) {
		stw_buf_adds(b, " (");
		put(b, v->category);
		stw_buf_adds(b, ")");
	}
	stw_buf_adds(b, "  \n  ");
	put(b, v->message);
	if (v->evidence) {
		stw_buf_adds(b, "  \n  Evidence: ");
		put(b, v->evidence);
	}
	if (a != NULL) {
		stw_buf_adds(b, "  \n  Approved by ");
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
		stw_buf_adds(b, "None.\n");
}

static void
pia_section(struct stw_buf *b, const struct stw_rpt_section *s)
{
	size_t nc = s->head.n;

	stw_buf_addf(b, "\n## %s\n\n", s->title);
	for (size_t i = 0; i < s->lines.n; i++) {
		stw_buf_adds(b, "- ");
		put(b, s->lines.v[i]);
		stw_buf_addc(b, '\n');
	}
	if (s->nrows > 0 && nc > 0) {
		stw_buf_adds(b, "\n|");
		for (size_t c = 0; c < nc; c++) {
			stw_buf_addc(b, ' ');
			put(b, s->head.v[c]);
			stw_buf_adds(b, " |");
		}
		stw_buf_adds(b, "\n|");
		for (size_t c = 0; c < nc; c++)
			stw_buf_adds(b, "---|");
		stw_buf_addc(b, '\n');
		for (size_t r = 0; r < s->nrows; r++) {
			stw_buf_adds(b, "|");
			for (size_t c = 0; c < nc; c++) {
				stw_buf_addc(b, ' ');
				put(b, s->cells.v[r * nc + c]);
				stw_buf_adds(b, " |");
			}
			stw_buf_addc(b, '\n');
		}
	}
	for (size_t i = 0; i < s->code.n; i++) {
		stw_buf_addc(b, '\n');
		stw_md_code_block(b, "sh", s->code.v[i]);
		stw_buf_addc(b, '\n');
	}
}

int
stw_report_markdown(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	const struct stw_inventory *inv = m->inv;

	(void)o;
	(void)err;
	stw_buf_adds(b, "# Privacy report\n\n");
	stw_buf_adds(b, "| | |\n|---|---|\n| Inventory | ");
	put(b, m->inventory_name ? m->inventory_name : "(inventory)");
	stw_buf_adds(b, " |\n| Generated | ");
	put(b, inv->generated_at ? inv->generated_at : "unknown");
	stw_buf_adds(b, " |\n| As of | ");
	put(b, m->as_of);
	stw_buf_adds(b, " |\n| Tool | steward ");
	put(b, inv->tool_version ? inv->tool_version : "?");
	stw_buf_adds(b, " |\n\n## Summary\n\n");
	stw_buf_addf(b, "- %zu source%s, %zu tables, %zu columns\n", inv->nsources,
	    inv->nsources == 1 ? "" : "s", m->ntables, m->ncolumns);
	if (m->npartitions > 0)
		stw_buf_addf(b, "- %zu partition%s, counted in %s partitioned table\n", m->npartitions,
		    m->npartitions == 1 ? "" : "s", m->npartitions == 1 ? "its" : "their");
	stw_buf_addf(b, "- %zu columns with personal data: special %zu, high %zu, personal %zu, "
	    "quasi %zu, linked %zu\n", m->npersonal, m->by_sens[STW_SENS_SPECIAL],
	    m->by_sens[STW_SENS_HIGH], m->by_sens[STW_SENS_PERSONAL], m->by_sens[STW_SENS_QUASI],
	    m->by_sens[STW_SENS_LINKED]);
	stw_buf_addf(b, "- %zu open violation%s: critical %zu, high %zu, medium %zu, low %zu; "
	    "%zu settled by approval\n", m->nopen, m->nopen == 1 ? "" : "s",
	    m->by_sev[STW_SEV_CRITICAL], m->by_sev[STW_SEV_HIGH], m->by_sev[STW_SEV_MEDIUM],
	    m->by_sev[STW_SEV_LOW], m->nsettled);
	if (m->nsrc_problems)
		stw_buf_addf(b, "- **%zu source%s not scanned completely**: results there are "
		    "incomplete\n", m->nsrc_problems, m->nsrc_problems == 1 ? "" : "s");
	stw_buf_adds(b, "\n| Source | Engine | Status | Tables |\n|---|---|---|---:|\n");
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];
		stw_buf_adds(b, "| ");
		put(b, s->name);
		stw_buf_adds(b, " | ");
		put(b, s->engine);
		stw_buf_addf(b, " | %s | %zu |\n", stw_source_status_name(s->status), s->ntables);
	}

	stw_buf_adds(b, "\n## Data subjects\n\nWhose rows each table holds (docs/subjects.md).\n\n"
	    "| Source | Subject | Personal columns | Tables |\n|---|---|---:|---|\n");
	for (size_t i = 0; i < m->nsubjects; i++) {
		const struct stw_rpt_subj *g = &m->subjects[i];

		stw_buf_adds(b, "| ");
		put(b, g->s->name);
		stw_buf_addf(b, " | %s | %zu | ", stw_report_subject_title(g->kind), g->personal);
		for (size_t t = 0; t < g->n; t++) {
			stw_buf_adds(b, t ? ", " : "");
			put(b, g->t[t]->name);
		}
		stw_buf_adds(b, " |\n");
	}

	stw_buf_adds(b, "\n## Retention violations\n\n");
	violations(b, m, 1);
	stw_buf_adds(b, "\n## Purpose limitation violations\n\n");
	violations(b, m, 0);

	for (size_t i = 0; i < STW_RPT_NPIA; i++)
		pia_section(b, &m->pia[i]);
	stw_buf_adds(b, "\n## Access and re-identification findings\n\n");
	violations(b, m, 2);

	stw_buf_adds(b, "\n## Retention measured\n\n");
	if (m->nret == 0)
		stw_buf_adds(b, "No table holds a category with a retention limit.\n");
	else
		stw_buf_adds(b, "| Table | Category | Limit (days) | Anchor | Over the limit | "
		    "Oldest | Note |\n|---|---|---:|---|---:|---|---|\n");
	for (size_t i = 0; i < m->nret; i++) {
		const struct stw_table *t = m->ret[i].t;
		const struct stw_retention *r = &t->retention;
		long long age = r->oldest ? stw_retention_age_days(m->as_of, r->oldest) : -1;

		stw_buf_adds(b, "| ");
		put(b, m->ret[i].s->name);
		stw_buf_adds(b, ".");
		put(b, t->schema);
		stw_buf_adds(b, ".");
		put(b, t->name);
		stw_buf_adds(b, " | ");
		put(b, r->category);
		stw_buf_addf(b, " | %lld | ", r->limit_days);
		put(b, r->anchor ? r->anchor : "none");
		if (r->rows_over_limit >= 0)
			stw_buf_addf(b, " | %s%lld | ", r->exact ? "" : "≈", r->rows_over_limit);
		else
			stw_buf_adds(b, " | unknown | ");
		put(b, r->oldest ? r->oldest : "");
		if (age >= 0)
			stw_buf_addf(b, " (%lld days)", age);
		stw_buf_adds(b, " | ");
		put(b, r->note ? r->note : "");
		stw_buf_adds(b, " |\n");
	}

	stw_buf_adds(b, "\n## Categories per source\n\n");
	if (m->ncats == 0)
		stw_buf_adds(b, "No personal data found.\n");
	else
		stw_buf_adds(b, "| Source | Category | Sensitivity | Columns | By lineage | Tables |\n"
		    "|---|---|---|---:|---:|---:|\n");
	for (size_t i = 0; i < m->ncats; i++) {
		const struct stw_rpt_cat *c = &m->cats[i];
		stw_buf_adds(b, "| ");
		put(b, c->source);
		stw_buf_adds(b, " | ");
		put(b, c->category);
		stw_buf_addf(b, " | %s | %zu | %zu | %zu |\n", stw_sensitivity_name(c->sens), c->columns,
		    c->inherited, c->tables);
	}

	stw_buf_adds(b, "\n## Lineage map\n\nDraw it with `steward map INVENTORY -o map.svg`; the "
	    "HTML report embeds it.\n");

	stw_buf_adds(b, "\n## Approvals\n\n");
	if (m->napprovals == 0)
		stw_buf_adds(b, "None.\n");
	else
		stw_buf_adds(b, "| Match | Category | Approved by | Reason | Expires | Status | Settles |\n"
		    "|---|---|---|---|---|---|---:|\n");
	for (size_t i = 0; i < m->napprovals; i++) {
		const struct stw_rpt_approval *ap = &m->approvals[i];
		stw_buf_adds(b, "| ");
		put(b, ap->a->match);
		stw_buf_adds(b, " | ");
		put(b, ap->a->category ? ap->a->category : "any");
		stw_buf_adds(b, " | ");
		put(b, ap->a->approved_by);
		stw_buf_adds(b, " | ");
		put(b, ap->a->reason);
		stw_buf_adds(b, " | ");
		put(b, ap->a->expires ? ap->a->expires : "never");
		stw_buf_addf(b, " | %s | %zu |\n", ap->expired ? "expired" : ap->matches ? "in force"
		    : "matches nothing", ap->settles);
	}
	if (m->nsettled > 0) {
		stw_buf_adds(b, "\n### Settled by approval\n\n");
		for (size_t i = 0; i < m->nsettled; i++)
			violation(b, m->settled[i].v, m->settled[i].a);
	}
	if (m->nsrc_problems > 0) {
		stw_buf_adds(b, "\n## Sources not scanned completely\n\n");
		for (size_t i = 0; i < inv->nsources; i++) {
			const struct stw_source *s = inv->sources[i];
			if (s->status == STW_SRC_OK)
				continue;
			stw_buf_adds(b, "- ");
			name(b, s->name);
			stw_buf_addf(b, " (%s)", stw_source_status_name(s->status));
			for (size_t k = 0; k < s->errors.n; k++) {
				stw_buf_adds(b, k ? "; " : ": ");
				put(b, s->errors.v[k]);
			}
			stw_buf_addc(b, '\n');
		}
	}
	return STW_OK;
}
