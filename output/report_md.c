/*
 * The report as Markdown (CommonMark + GitHub tables).  Every name from a
 * database is escaped: Markdown punctuation gets a backslash (so a '|'
 * cannot split a table cell and a backtick cannot open code), line breaks
 * become spaces and other control characters '?'.
 */
#include <stdlib.h>
#include <string.h>

#include "output/markup.h"
#include "output/palette.h"
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

	stw_buf_addf(b, "\n### %s\n\n", s->title);
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

static void
sens_mark(struct stw_buf *b, enum stw_sensitivity s)
{
	stw_buf_adds(b, stw_sens_style(s)->md);
}

int
stw_report_markdown(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	const struct stw_inventory *inv = m->inv;
	const struct stw_rpt_section *copies = &m->pia[0], *access = &m->pia[1],
	    *reid = &m->pia[2], *locate = &m->pia[3];
	const struct stw_cfg_signoff *so = &m->cfg->signoff;
	size_t ngrp2 = 0;

	(void)err;
	for (size_t i = 0; i < m->nopen; i++)
		ngrp2 += stw_report_group(m->open[i]->kind) == 2;
	stw_buf_adds(b, "# Privacy impact assessment\n\n");
	stw_buf_adds(b, "| | |\n|---|---|\n| Inventory | ");
	put(b, m->inventory_name ? m->inventory_name : "(inventory)");
	stw_buf_adds(b, " |\n| Scanned | ");
	put(b, inv->generated_at ? inv->generated_at : "unknown");
	stw_buf_adds(b, " |\n| Retention as of | ");
	put(b, m->as_of);
	stw_buf_adds(b, " |\n| Tool | steward ");
	put(b, inv->tool_version ? inv->tool_version : "?");
	stw_buf_adds(b, " |\n\n");
	if (m->has_baseline) {
		stw_buf_adds(b, "## What changed since the last assessment\n\n");
		for (size_t i = 0; i < m->changes.n; i++) {
			put(b, m->changes.v[i]);
			stw_buf_adds(b, "\n\n");
		}
		for (size_t i = 0; i < m->change_items.n && i < 50; i++) {
			stw_buf_adds(b, "- ");
			put(b, m->change_items.v[i]);
			stw_buf_addc(b, '\n');
		}
		if (m->change_items.n > 50)
			stw_buf_addf(b, "- and %zu more (steward diff shows them all)\n",
			    m->change_items.n - 50);
		if (m->change_items.n > 0)
			stw_buf_addc(b, '\n');
	}
	stw_buf_adds(b, "## Summary\n\n");
	for (size_t i = 0; i < m->summary.n; i++) {
		put(b, m->summary.v[i]);
		stw_buf_adds(b, "\n\n");
	}
	stw_buf_addf(b, "- %zu source%s, %zu tables, %zu columns\n", inv->nsources,
	    inv->nsources == 1 ? "" : "s", m->ntables, m->ncolumns);
	if (m->npartitions > 0)
		stw_buf_addf(b, "- %zu partition%s, counted in %s partitioned table\n", m->npartitions,
		    m->npartitions == 1 ? "" : "s", m->npartitions == 1 ? "its" : "their");
	stw_buf_addf(b, "- %zu columns with personal data: ", m->npersonal);
	for (int sv = STW_SENS_SPECIAL; sv >= STW_SENS_LINKED; sv--) {
		sens_mark(b, (enum stw_sensitivity)sv);
		stw_buf_addf(b, " %zu%s", m->by_sens[sv], sv > STW_SENS_LINKED ? ", " : "\n");
	}
	stw_buf_addf(b, "- %zu open risk%s (critical %zu, high %zu, medium %zu, low %zu); %zu settled "
	    "by approval; %zu open question%s\n", m->nrisks, m->nrisks == 1 ? "" : "s",
	    m->by_sev[STW_SEV_CRITICAL], m->by_sev[STW_SEV_HIGH], m->by_sev[STW_SEV_MEDIUM],
	    m->by_sev[STW_SEV_LOW], m->nsettled, m->questions.n, m->questions.n == 1 ? "" : "s");
	if (m->nsrc_problems)
		stw_buf_addf(b, "- **%zu source%s not scanned completely**: results there are "
		    "incomplete\n", m->nsrc_problems, m->nsrc_problems == 1 ? "" : "s");

	stw_buf_adds(b, "\n## Scope and sources\n\nThe databases this assessment covers, as steward "
	    "scanned them: catalogs read, a bounded sample of rows classified, nothing written, no "
	    "value kept.\n\n| Source | Engine | Connection | Status | Tables |\n|---|---|---|---|---:|\n");
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];

		stw_buf_adds(b, "| ");
		put(b, s->name);
		stw_buf_adds(b, " | ");
		put(b, s->engine);
		stw_buf_adds(b, " | ");
		put(b, s->dsn);
		stw_buf_addf(b, " | %s", stw_source_status_name(s->status));
		for (size_t k = 0; k < s->errors.n; k++) {
			stw_buf_adds(b, k ? "; " : ": ");
			put(b, s->errors.v[k]);
		}
		stw_buf_addf(b, " | %zu |\n", s->ntables);
	}

	stw_buf_adds(b, "\n## What personal data is held\n\nWhose data it is (the data subjects), "
	    "of which categories, then every column that holds it, most sensitive first.\n\n"
	    "### By data subject\n\n| Source | Subject | Data subjects (fideslang) | Personal columns "
	    "| Tables |\n|---|---|---|---:|---|\n");
	for (size_t i = 0; i < m->nsubjects; i++) {
		const struct stw_rpt_subj *g = &m->subjects[i];
		struct stw_buf fs = STW_BUF_INIT;

		stw_report_group_fides(&fs, m, g);
		stw_buf_adds(b, "| ");
		put(b, g->s->name);
		stw_buf_addf(b, " | %s | ", stw_report_subject_title(g->kind));
		put(b, fs.len ? fs.buf : "");
		stw_buf_release(&fs);
		stw_buf_addf(b, " | %zu | ", g->personal);
		for (size_t t = 0; t < g->n; t++) {
			stw_buf_adds(b, t ? ", " : "");
			put(b, g->t[t]->name);
		}
		stw_buf_adds(b, " |\n");
	}
	stw_buf_adds(b, "\n### By category\n\n");
	if (m->ncats == 0)
		stw_buf_adds(b, "No personal data found.\n");
	else
		stw_buf_adds(b, "| Source | Category | Sensitivity | Columns | By lineage | Tables |\n"
		    "|---|---|---|---:|---:|---:|\n");
	for (size_t i = 0; i < m->ncats; i++) {
		const struct stw_rpt_cat *c = &m->cats[i];
		char *cw = stw_category_words(c->category);

		stw_buf_adds(b, "| ");
		put(b, c->source);
		stw_buf_adds(b, " | ");
		put(b, cw);
		free(cw);
		stw_buf_adds(b, " | ");
		sens_mark(b, c->sens);
		stw_buf_addf(b, " | %zu | %zu | %zu |\n", c->columns, c->inherited, c->tables);
	}
	stw_buf_adds(b, "\n### Column by column\n\n");
	if (m->ncols == 0)
		stw_buf_adds(b, "None.\n");
	else
		stw_buf_adds(b, "| Source | Table | Column | Category | Sensitivity | Evidence | "
		    "Confidence | How it was found |\n|---|---|---|---|---|---|---:|---|\n");
	for (size_t i = 0; i < m->ncols; i++) {
		const struct stw_rpt_col *c = &m->cols[i];

		stw_buf_adds(b, "| ");
		put(b, c->s->name);
		stw_buf_adds(b, " | ");
		put(b, c->t->schema);
		stw_buf_adds(b, ".");
		put(b, c->t->name);
		stw_buf_adds(b, " | ");
		put(b, c->c->name);
		stw_buf_adds(b, " | ");
		put(b, c->category);
		stw_buf_adds(b, " | ");
		sens_mark(b, c->f->sensitivity);
		stw_buf_addf(b, " | %s | %.2f | ", stw_evidence_name(c->f->evidence), c->f->confidence);
		put(b, c->how);
		stw_buf_adds(b, " |\n");
	}

	stw_buf_adds(b, "\n## Where it flows\n\nTables holding personal data and the flows between "
	    "them (views, triggers, declared flows, copies found from their values).\n\n");
	if (o->map_link != NULL) {
		stw_buf_adds(b, "![Lineage map: tables with personal data and the flows between them](");
		put(b, o->map_link);
		stw_buf_adds(b, ")\n");
	} else
		stw_buf_adds(b, "Draw it with `steward map INVENTORY -o map.svg` (with `-o FILE.md`, "
		    "the report writes FILE.map.svg beside it and shows it here).\n");
	pia_section(b, copies);

	if (stw_report_section_present(access) || stw_report_section_present(reid) || ngrp2 > 0) {
		stw_buf_adds(b, "\n## Who can read it, and how identifiable the people are\n");
		if (stw_report_section_present(access))
			pia_section(b, access);
		if (stw_report_section_present(reid))
			pia_section(b, reid);
		if (ngrp2 > 0) {
			stw_buf_adds(b, "\n### Findings\n\n");
			violations(b, m, 2);
		}
	}

	stw_buf_adds(b, "\n## Retention, purposes and consent\n\n### Retention\n\n");
	violations(b, m, 1);
	stw_buf_adds(b, "\n### Purpose limitation and consent\n\n");
	violations(b, m, 0);
	stw_buf_adds(b, "\n### Retention measured\n\n");
	if (m->nret == 0)
		stw_buf_adds(b, "No table holds a category with a retention limit.\n");
	else
		stw_buf_adds(b, "| Table | Category | Limit (days) | Anchor | Over the limit | "
		    "Oldest | Note |\n|---|---|---:|---|---:|---|---|\n");
	for (size_t i = 0; i < m->nret; i++) {
		const struct stw_table *t = m->ret[i].t;
		const struct stw_retention *r = stw_table_retention(t);
		long long age = r->oldest ? stw_retention_age_days(m->as_of, r->oldest) : -1;
		char *cw = stw_category_words(r->category);

		stw_buf_adds(b, "| ");
		put(b, m->ret[i].s->name);
		stw_buf_adds(b, ".");
		put(b, t->schema);
		stw_buf_adds(b, ".");
		put(b, t->name);
		stw_buf_adds(b, " | ");
		put(b, cw);
		free(cw);
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
	{
		struct stw_rpt_purpose *pv;
		size_t np;

		stw_report_purposes(m, &pv, &np);
		stw_buf_adds(b, "\n### Purposes\n\n");
		if (np == 0)
			stw_buf_adds(b, "No table with personal data names a purpose.\n");
		else
			stw_buf_adds(b, "| Purpose | Data use (fideslang) | Legal basis | Tables |\n"
			    "|---|---|---|---:|\n");
		for (size_t i = 0; i < np; i++) {
			stw_buf_adds(b, "| ");
			put(b, pv[i].purpose);
			stw_buf_adds(b, " | ");
			put(b, pv[i].use_name ? pv[i].use_name : "custom (not a fideslang data use)");
			stw_buf_adds(b, " | ");
			put(b, pv[i].basis ? pv[i].basis : "not recorded (legal_bases:)");
			stw_buf_addf(b, " | %zu |\n", pv[i].tables);
		}
		free(pv);
	}
	if (stw_report_section_present(locate))
		pia_section(b, locate);

	stw_buf_adds(b, "\n## Risks and recommended actions\n\nEach open finding as a risk: "
	    "likelihood (1 possible, 2 likely, 3 happening) times severity (1 low to 4 critical), "
	    "rated high from 9, medium from 5; most serious first.\n\n");
	if (m->nrisks == 0)
		stw_buf_adds(b, "No open risk.\n");
	else
		stw_buf_adds(b, "| Rating | L × S | Risk | Finding | Recommended action |\n"
		    "|---|---:|---|---|---|\n");
	for (size_t i = 0; i < m->nrisks; i++) {
		const struct stw_rpt_risk *r = &m->risks[i];
		char *where = stw_report_where(r->v);

		stw_buf_addf(b, "| %s %s | %d × %d = %d | %s (%s): ", strcmp(r->rating, "high") == 0 ?
		    "\xf0\x9f\x9f\xa5" : strcmp(r->rating, "medium") == 0 ? "\xf0\x9f\x9f\xa7" :
		    "\xf0\x9f\x9f\xa6", r->rating, r->likelihood, r->impact, r->score,
		    stw_report_kind_title(r->v->kind), stw_severity_name(r->v->severity));
		name(b, where);
		stw_buf_adds(b, " | ");
		put(b, r->v->message);
		stw_buf_adds(b, " | ");
		put(b, r->action);
		stw_buf_adds(b, " |\n");
		free(where);
	}

	stw_buf_adds(b, "\n## Approvals and exceptions\n\n");
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

	stw_buf_adds(b, "\n## Open questions\n\n");
	if (m->questions.n == 0)
		stw_buf_adds(b, "None.\n");
	for (size_t i = 0; i < m->questions.n; i++) {
		stw_buf_addf(b, "%zu. ", i + 1);
		put(b, m->questions.v[i]);
		stw_buf_addc(b, '\n');
	}

	stw_buf_addf(b, "\n## Sign-off\n\n%s\n\n| | |\n|---|---|\n", so->present ? "As recorded in "
	    "steward.yaml (signoff:)." : "To be completed by the reviewer (or recorded in "
	    "steward.yaml, signoff:). Decision: approved, approved with conditions, rejected, or "
	    "pending.");
	{
		const char *rows[][2] = {
			{ "Reviewer", so->reviewer }, { "Role", so->role }, { "Date", so->date },
			{ "Decision", so->decision }, { "Conditions and notes", so->notes },
		};

		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			stw_buf_addf(b, "| %s | ", rows[i][0]);
			put(b, rows[i][1] ? rows[i][1] : "");
			stw_buf_adds(b, " |\n");
		}
	}
	return STW_OK;
}
