/*
 * The report as one self-contained HTML page: inline CSS, no scripts, no
 * external fetches, the lineage map embedded as inline SVG (rendered by
 * output/map.c into memory).  Every name from a database is HTML-escaped;
 * the SVG is Graphviz's own output, which escapes its labels.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/map.h"
#include "output/palette.h"
#include "report_model.h"
#include "scanner/retention.h"

static void
esc(struct stw_buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': stw_buf_adds(b, "&amp;"); break;
		case '<': stw_buf_adds(b, "&lt;"); break;
		case '>': stw_buf_adds(b, "&gt;"); break;
		case '"': stw_buf_adds(b, "&quot;"); break;
		case '\'': stw_buf_adds(b, "&#39;"); break;
		default:
			stw_buf_addc(b, (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : (char)c);
		}
	}
}

static const char css[] =
	"*{box-sizing:border-box}"
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:#1d2330;background:#f5f6f8;margin:0}"
	"main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}"
	"h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px;"
	"border-bottom:2px solid #d9dde5;padding-bottom:4px}h3{font-size:16px;margin:20px 0 8px}"
	".meta{color:#4a5366;margin:0 0 16px}.lead{font-size:16px;margin:4px 0 10px}"
	"nav ol{columns:2;margin:8px 0 0;padding-left:20px}nav a{color:#1d4f91}"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}"
	".card{background:#fff;border:1px solid #d9dde5;border-radius:8px;padding:12px 16px;"
	"min-width:170px}.card b{display:block;font-size:26px}.card span{color:#4a5366}"
	"table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 16px;font-size:14px}"
	"th,td{border:1px solid #d9dde5;padding:6px 8px;text-align:left;vertical-align:top}"
	"th{background:#eef0f4}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".v{background:#fff;border:1px solid #d9dde5;border-left:6px solid #999;border-radius:6px;"
	"padding:10px 14px;margin:10px 0}"
	".v .where{font-family:ui-monospace,'DejaVu Sans Mono',monospace;word-break:break-all}"
	".v .ev{color:#3c4454;font-size:13px;margin-top:4px;word-break:break-word}"
	".sev,.sens{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;"
	"font-weight:600;margin-right:6px;border:1px solid #1d2330}"
	".sev{text-transform:uppercase}"
	".none{color:#4a5366;font-style:italic}"
	"code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px}"
	"figure{background:#fff;border:1px solid #d9dde5;border-radius:8px;margin:8px 0;padding:8px;"
	"overflow:auto;max-height:90vh}figure svg{height:auto}"
	".sign td{height:2.2em}.sign th{width:12em}"
	"footer{color:#4a5366;font-size:13px;margin-top:40px}"
	"@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
	"nav{display:none}h2{break-after:avoid}tr,.v,.card{break-inside:avoid}"
	"figure{overflow:visible;max-height:none;border:0}figure svg{max-width:100%}"
	"#risks,#signoff{break-before:page}@page{size:A4;margin:16mm}}";

/* The sensitivity and severity colours, from output/palette.h: the map
 * draws with the same.  A severity wears the colour of the sensitivity of
 * the same rank (critical, special), and always its word. */
static void
palette_css(struct stw_buf *b)
{
	static const struct { const char *sev; enum stw_sensitivity s; } sev[] = {
		{ "critical", STW_SENS_SPECIAL }, { "high", STW_SENS_HIGH },
		{ "medium", STW_SENS_PERSONAL }, { "low", STW_SENS_QUASI }, { "info", STW_SENS_NONE },
	};

	for (int s = STW_SENS_NONE; s <= STW_SENS_SPECIAL; s++) {
		const struct stw_sens_style *st = stw_sens_style((enum stw_sensitivity)s);

		stw_buf_addf(b, ".sens-%s{background:%s;color:%s}", st->label, st->fill, st->ink);
	}
	for (size_t i = 0; i < sizeof(sev) / sizeof(sev[0]); i++) {
		const struct stw_sens_style *st = stw_sens_style(sev[i].s);

		stw_buf_addf(b, ".sev.%s{background:%s;color:%s}.v.%s{border-left-color:%s}", sev[i].sev,
		    st->fill, st->ink, sev[i].sev, st->fill);
	}
	/* greyscale print: the worst also by the border's weight */
	stw_buf_adds(b, ".v.critical{border-left-width:10px}.sens-special,.sev.critical"
	    "{outline:2px solid #1d2330}");
}

static void
sens_badge(struct stw_buf *b, enum stw_sensitivity s)
{
	const struct stw_sens_style *st = stw_sens_style(s);

	stw_buf_addf(b, "<span class=\"sens sens-%s\">%s</span>", st->label, st->label);
}

static void
violation(struct stw_buf *b, const struct stw_violation *v, const struct stw_cfg_approval *a)
{
	char *where = stw_report_where(v);
	const char *sev = stw_severity_name(v->severity);

	stw_buf_addf(b, "<div class=\"v %s\"><span class=\"sev %s\">%s</span><strong>", sev, sev, sev);
	esc(b, stw_report_kind_title(v->kind));
	stw_buf_adds(b, "</strong> · <span class=\"where\">");
	esc(b, where);
	stw_buf_adds(b, "</span>");
	if (v->category) {
		stw_buf_adds(b, " · <span class=\"mono\">");
		esc(b, v->category);
		stw_buf_adds(b, "</span>");
	}
	stw_buf_adds(b, "<div>");
	esc(b, v->message);
	stw_buf_adds(b, "</div>");
	if (v->evidence) {
		stw_buf_adds(b, "<div class=\"ev\">Evidence: ");
		esc(b, v->evidence);
		stw_buf_adds(b, "</div>");
	}
	if (a != NULL) {
		stw_buf_adds(b, "<div class=\"ev\">Approved by ");
		esc(b, a->approved_by);
		if (a->reason) {
			stw_buf_adds(b, ": ");
			esc(b, a->reason);
		}
		stw_buf_adds(b, "</div>");
	}
	stw_buf_adds(b, "</div>\n");
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
		stw_buf_adds(b, "<p class=\"none\">None.</p>\n");
}

static void
pia_section(struct stw_buf *b, const struct stw_rpt_section *s)
{
	size_t nc = s->head.n;

	stw_buf_addf(b, "<div id=\"%s\"><h3>%s</h3>\n<ul>\n", s->id, s->title);
	for (size_t i = 0; i < s->lines.n; i++) {
		stw_buf_adds(b, "<li>");
		esc(b, s->lines.v[i]);
		stw_buf_adds(b, "</li>\n");
	}
	stw_buf_adds(b, "</ul>\n");
	if (s->nrows > 0 && nc > 0) {
		stw_buf_adds(b, "<table><tr>");
		for (size_t c = 0; c < nc; c++) {
			stw_buf_adds(b, "<th>");
			esc(b, s->head.v[c]);
			stw_buf_adds(b, "</th>");
		}
		stw_buf_adds(b, "</tr>\n");
		for (size_t r = 0; r < s->nrows; r++) {
			stw_buf_adds(b, "<tr>");
			for (size_t c = 0; c < nc; c++) {
				stw_buf_adds(b, "<td>");
				esc(b, s->cells.v[r * nc + c]);
				stw_buf_adds(b, "</td>");
			}
			stw_buf_adds(b, "</tr>\n");
		}
		stw_buf_adds(b, "</table>\n");
	}
	for (size_t i = 0; i < s->code.n; i++) {
		stw_buf_adds(b, "<pre class=\"mono\">");
		esc(b, s->code.v[i]);
		stw_buf_adds(b, "</pre>\n");
	}
	stw_buf_adds(b, "</div>\n");
}

static void
card(struct stw_buf *b, size_t n, const char *label)
{
	stw_buf_addf(b, "<div class=\"card\"><b>%zu</b><span>%s</span></div>", n, label);
}

/* The map, as inline SVG: personal-data tables and the flows between them. */
static void
map(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o)
{
	struct stw_map_opts mo;
	struct stw_err err = STW_ERR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;
	const char *svg;

	if (o->no_map) {
		stw_buf_adds(b, "<p class=\"none\">Map left out (--no-map).</p>\n");
		return;
	}
	if (m->npersonal == 0) {
		stw_buf_adds(b, "<p class=\"none\">No personal data: nothing to draw.</p>\n");
		return;
	}
	stw_report_map_opts(&mo, m);
	if ((f = open_memstream(&text, &len)) == NULL) {
		stw_buf_adds(b, "<p class=\"none\">The map could not be drawn.</p>\n");
		return;
	}
	rc = stw_map_render(m->inv, &mo, "svg", NULL, f, &err);
	if (fclose(f) != 0 && rc == STW_OK)
		rc = stw_error(&err, STW_ERROR, "cannot write the map: %s", strerror(errno));
	/* Drop the XML prolog and DOCTYPE: inline SVG starts at <svg. */
	svg = rc == STW_OK && text ? strstr(text, "<svg") : NULL;
	if (svg != NULL) {
		stw_buf_adds(b, "<figure tabindex=\"0\" role=\"region\" aria-label=\"Lineage map\">");
		stw_buf_adds(b, svg);
		stw_buf_adds(b, "</figure>\n");
	} else {
		stw_buf_adds(b, "<p class=\"none\">The map could not be drawn: ");
		esc(b, rc == STW_OK ? "no SVG produced" : err.msg);
		stw_buf_adds(b, "</p>\n");
	}
	free(text);
}

static void
section_open(struct stw_buf *b, const char *id, const char *title, const char *lead)
{
	stw_buf_addf(b, "<section id=\"%s\"><h2>%s</h2>\n", id, title);
	if (lead != NULL)
		stw_buf_addf(b, "<p class=\"lead\">%s</p>\n", lead);
}

static void
where_of(struct stw_buf *b, const struct stw_source *s, const struct stw_table *t)
{
	esc(b, s->name);
	stw_buf_adds(b, ".");
	esc(b, t->schema);
	stw_buf_adds(b, ".");
	esc(b, t->name);
}

static void
retention_table(struct stw_buf *b, const struct stw_rpt *m)
{
	if (m->nret == 0) {
		stw_buf_adds(b, "<p class=\"none\">No table holds a category with a retention limit."
		    "</p>\n");
		return;
	}
	stw_buf_adds(b, "<table><tr><th>Table</th><th>Category</th><th>Limit (days)</th>"
	    "<th>Anchor</th><th>Over the limit</th><th>Oldest</th><th>Note</th></tr>\n");
	for (size_t i = 0; i < m->nret; i++) {
		const struct stw_table *t = m->ret[i].t;
		const struct stw_retention *r = stw_table_retention(t);
		long long age = r->oldest ? stw_retention_age_days(m->as_of, r->oldest) : -1;
		char *cw = stw_category_words(r->category);

		stw_buf_adds(b, "<tr><td class=\"mono\">");
		where_of(b, m->ret[i].s, t);
		stw_buf_adds(b, "</td><td>");
		esc(b, cw);
		free(cw);
		stw_buf_addf(b, "</td><td class=\"n\">%lld</td><td class=\"mono\">", r->limit_days);
		esc(b, r->anchor ? r->anchor : "none");
		if (r->rows_over_limit >= 0)
			stw_buf_addf(b, "</td><td class=\"n\">%s%lld</td><td>", r->exact ? "" : "≈ ",
			    r->rows_over_limit);
		else
			stw_buf_adds(b, "</td><td class=\"n\">unknown</td><td>");
		esc(b, r->oldest ? r->oldest : "");
		if (age >= 0)
			stw_buf_addf(b, " (%lld days)", age);
		stw_buf_adds(b, "</td><td>");
		esc(b, r->note ? r->note : "");
		stw_buf_adds(b, "</td></tr>\n");
	}
	stw_buf_adds(b, "</table>\n");
}

static void
signoff(struct stw_buf *b, const struct stw_rpt *m)
{
	const struct stw_cfg_signoff *so = &m->cfg->signoff;
	const char *rows[][2] = {
		{ "Reviewer", so->reviewer }, { "Role", so->role }, { "Date", so->date },
		{ "Decision", so->decision }, { "Conditions and notes", so->notes },
	};

	section_open(b, "signoff", "Sign-off", so->present ? "As recorded in steward.yaml "
	    "(signoff:)." : "To be completed by the reviewer (or recorded in steward.yaml, "
	    "signoff:). Decision: approved, approved with conditions, rejected, or pending.");
	stw_buf_adds(b, "<table class=\"sign\">\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		stw_buf_addf(b, "<tr><th scope=\"row\">%s</th><td>", rows[i][0]);
		esc(b, rows[i][1] ? rows[i][1] : "");
		stw_buf_adds(b, "</td></tr>\n");
	}
	stw_buf_adds(b, "</table></section>\n");
}

int
stw_report_html(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	const struct stw_inventory *inv = m->inv;
	const struct stw_rpt_section *copies = &m->pia[0], *access = &m->pia[1],
	    *reid = &m->pia[2], *locate = &m->pia[3];
	size_t nret = 0, npur = 0, ngrp2 = 0;
	int who = 0;

	(void)err;
	for (size_t i = 0; i < m->nopen; i++) {
		int g = stw_report_group(m->open[i]->kind);
		if (g == 1)
			nret++;
		else if (g == 0)
			npur++;
		else
			ngrp2++;
	}
	who = stw_report_section_present(access) || stw_report_section_present(reid) || ngrp2 > 0;
	stw_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"steward\">\n<title>Privacy impact assessment · ");
	esc(b, m->as_of);
	stw_buf_addf(b, "</title>\n<style>%s", css);
	palette_css(b);
	stw_buf_adds(b, "</style>\n</head>\n<body>\n<main>\n");
	stw_buf_adds(b, "<h1>Privacy impact assessment</h1>\n<p class=\"meta\">Inventory "
	    "<span class=\"mono\">");
	esc(b, m->inventory_name ? m->inventory_name : "(inventory)");
	stw_buf_adds(b, "</span>, scanned ");
	esc(b, inv->generated_at ? inv->generated_at : "(unknown)");
	stw_buf_adds(b, " · retention as of <strong>");
	esc(b, m->as_of);
	stw_buf_adds(b, "</strong> · steward ");
	esc(b, inv->tool_version ? inv->tool_version : "?");
	stw_buf_adds(b, "</p>\n<nav aria-label=\"Contents\"><ol>");
	if (m->has_baseline)
		stw_buf_adds(b, "<li><a href=\"#changes\">What changed</a></li>");
	stw_buf_adds(b, "<li><a href=\"#summary\">Summary</a></li><li><a href=\"#scope\">Scope and sources</a>"
	    "</li><li><a href=\"#held\">What personal data is held</a></li><li><a href=\"#flows\">"
	    "Where it flows</a></li>");
	if (who)
		stw_buf_adds(b, "<li><a href=\"#who\">Who can read it, how identifiable</a></li>");
	stw_buf_adds(b, "<li><a href=\"#keeping\">Retention, purposes, consent</a></li>"
	    "<li><a href=\"#risks\">Risks and actions</a></li><li><a href=\"#approvals\">Approvals"
	    " and exceptions</a></li><li><a href=\"#questions\">Open questions</a></li>"
	    "<li><a href=\"#signoff\">Sign-off</a></li></ol></nav>\n");

	/* 0. What changed (with --baseline) */
	if (m->has_baseline) {
		section_open(b, "changes", "What changed since the last assessment", NULL);
		for (size_t i = 0; i < m->changes.n; i++) {
			stw_buf_adds(b, "<p class=\"lead\">");
			esc(b, m->changes.v[i]);
			stw_buf_adds(b, "</p>\n");
		}
		if (m->change_items.n > 0) {
			stw_buf_adds(b, "<ul>\n");
			for (size_t i = 0; i < m->change_items.n && i < 50; i++) {
				stw_buf_adds(b, "<li>");
				esc(b, m->change_items.v[i]);
				stw_buf_adds(b, "</li>\n");
			}
			if (m->change_items.n > 50)
				stw_buf_addf(b, "<li>and %zu more (steward diff shows them all)</li>\n",
				    m->change_items.n - 50);
			stw_buf_adds(b, "</ul>\n");
		}
		stw_buf_adds(b, "</section>\n");
	}

	/* 1. Summary */
	section_open(b, "summary", "Summary", NULL);
	for (size_t i = 0; i < m->summary.n; i++) {
		stw_buf_adds(b, "<p class=\"lead\">");
		esc(b, m->summary.v[i]);
		stw_buf_adds(b, "</p>\n");
	}
	stw_buf_adds(b, "<div class=\"cards\">");
	card(b, m->npersonal, "columns with personal data");
	card(b, m->by_sens[STW_SENS_SPECIAL], "special-category columns");
	card(b, m->nrisks, "open risks");
	card(b, m->nsettled, "settled by approval");
	card(b, m->questions.n, "open questions");
	stw_buf_adds(b, "</div>\n<p>Personal columns by their most sensitive finding: ");
	for (int sv = STW_SENS_SPECIAL; sv >= STW_SENS_LINKED; sv--) {
		sens_badge(b, (enum stw_sensitivity)sv);
		stw_buf_addf(b, "%zu%s", m->by_sens[sv], sv > STW_SENS_LINKED ? " · " : "");
	}
	stw_buf_addf(b, ". Open findings by severity: critical %zu, high %zu, medium %zu, low %zu."
	    "</p>\n</section>\n", m->by_sev[STW_SEV_CRITICAL], m->by_sev[STW_SEV_HIGH],
	    m->by_sev[STW_SEV_MEDIUM], m->by_sev[STW_SEV_LOW]);

	/* 2. Scope */
	section_open(b, "scope", "Scope and sources", "The databases this assessment covers, as "
	    "steward scanned them: catalogs read, a bounded sample of rows classified, nothing "
	    "written, no value kept.");
	stw_buf_adds(b, "<table><tr><th>Source</th><th>Engine</th><th>Connection</th>"
	    "<th>Status</th><th>Tables</th></tr>\n");
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];

		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, s->name);
		stw_buf_adds(b, "</td><td>");
		esc(b, s->engine);
		stw_buf_adds(b, "</td><td class=\"mono\">");
		esc(b, s->dsn);
		stw_buf_addf(b, "</td><td>%s", stw_source_status_name(s->status));
		for (size_t k = 0; k < s->errors.n; k++) {
			stw_buf_adds(b, k ? "; " : ": ");
			esc(b, s->errors.v[k]);
		}
		stw_buf_addf(b, "</td><td class=\"n\">%zu</td></tr>\n", s->ntables);
	}
	stw_buf_adds(b, "</table></section>\n");

	/* 3. What is held */
	section_open(b, "held", "What personal data is held", "Whose data it is (the data "
	    "subjects), of which categories, then every column that holds it, most sensitive "
	    "first, with the evidence steward found.");
	stw_buf_adds(b, "<h3>By data subject</h3>\n<table><tr><th>Source</th><th>Subject</th>"
	    "<th>Data subjects (fideslang)</th><th>Personal columns</th><th>Tables</th></tr>\n");
	for (size_t i = 0; i < m->nsubjects; i++) {
		const struct stw_rpt_subj *g = &m->subjects[i];
		struct stw_buf fs = STW_BUF_INIT;

		stw_report_group_fides(&fs, m, g);
		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, g->s->name);
		stw_buf_addf(b, "</td><td>%s</td><td>", stw_report_subject_title(g->kind));
		esc(b, fs.len ? fs.buf : "");
		stw_buf_release(&fs);
		stw_buf_addf(b, "</td><td class=\"n\">%zu</td><td>", g->personal);
		for (size_t t = 0; t < g->n; t++) {
			stw_buf_adds(b, t ? ", " : "");
			esc(b, g->t[t]->name);
		}
		stw_buf_adds(b, "</td></tr>\n");
	}
	stw_buf_adds(b, "</table>\n<h3>By category</h3>\n");
	if (m->ncats == 0)
		stw_buf_adds(b, "<p class=\"none\">No personal data found.</p>\n");
	else
		stw_buf_adds(b, "<table><tr><th>Source</th><th>Category</th><th>Sensitivity</th>"
		    "<th>Columns</th><th>By lineage</th><th>Tables</th></tr>\n");
	for (size_t i = 0; i < m->ncats; i++) {
		const struct stw_rpt_cat *c = &m->cats[i];
		char *cw = stw_category_words(c->category);

		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, c->source);
		stw_buf_adds(b, "</td><td>");
		esc(b, cw);
		free(cw);
		stw_buf_adds(b, "</td><td>");
		sens_badge(b, c->sens);
		stw_buf_addf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">"
		    "%zu</td></tr>\n", c->columns, c->inherited, c->tables);
	}
	if (m->ncats > 0)
		stw_buf_adds(b, "</table>\n");
	stw_buf_adds(b, "<h3>Column by column</h3>\n");
	if (m->ncols == 0)
		stw_buf_adds(b, "<p class=\"none\">None.</p>\n");
	else
		stw_buf_adds(b, "<table><tr><th>Source</th><th>Table</th><th>Column</th><th>Category"
		    "</th><th>Sensitivity</th><th>Evidence</th><th>Confidence</th><th>How it was found"
		    "</th></tr>\n");
	for (size_t i = 0; i < m->ncols; i++) {
		const struct stw_rpt_col *c = &m->cols[i];

		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, c->s->name);
		stw_buf_adds(b, "</td><td class=\"mono\">");
		esc(b, c->t->schema);
		stw_buf_adds(b, ".");
		esc(b, c->t->name);
		stw_buf_adds(b, "</td><td class=\"mono\">");
		esc(b, c->c->name);
		stw_buf_adds(b, "</td><td>");
		esc(b, c->category);
		stw_buf_adds(b, "</td><td>");
		sens_badge(b, c->f->sensitivity);
		stw_buf_addf(b, "</td><td>%s</td><td class=\"n\">%.2f</td><td>",
		    stw_evidence_name(c->f->evidence), c->f->confidence);
		esc(b, c->how);
		stw_buf_adds(b, "</td></tr>\n");
	}
	if (m->ncols > 0)
		stw_buf_adds(b, "</table>\n");
	stw_buf_adds(b, "</section>\n");

	/* 4. Flows */
	section_open(b, "flows", "Where it flows", "Tables holding personal data and the flows "
	    "between them (views, triggers, declared flows, copies found from their values); "
	    "tables with an open finding are marked. The colours are the sensitivity colours of "
	    "this report.");
	map(b, m, o);
	pia_section(b, copies);
	stw_buf_adds(b, "</section>\n");

	/* 5. Who can read it (only what the inventory holds) */
	if (who) {
		section_open(b, "who", "Who can read it, and how identifiable the people are", NULL);
		if (stw_report_section_present(access))
			pia_section(b, access);
		if (stw_report_section_present(reid))
			pia_section(b, reid);
		if (ngrp2 > 0) {
			stw_buf_adds(b, "<h3>Findings</h3>\n");
			violations(b, m, 2);
		}
		stw_buf_adds(b, "</section>\n");
	}

	/* 6. Keeping */
	section_open(b, "keeping", "Retention, purposes and consent", "How long each category is "
	    "kept against its limit, measured at scan time, and where data sits or flows outside "
	    "the purposes it is allowed for.");
	stw_buf_addf(b, "<h3>Retention (%zu open)</h3>\n", nret);
	violations(b, m, 1);
	stw_buf_addf(b, "<h3>Purpose limitation and consent (%zu open)</h3>\n", npur);
	violations(b, m, 0);
	stw_buf_adds(b, "<h3>Retention measured</h3>\n");
	retention_table(b, m);
	{
		struct stw_rpt_purpose *pv;
		size_t np;

		stw_report_purposes(m, &pv, &np);
		stw_buf_adds(b, "<h3>Purposes</h3>\n");
		if (np == 0)
			stw_buf_adds(b, "<p class=\"none\">No table with personal data names a purpose."
			    "</p>\n");
		else
			stw_buf_adds(b, "<table><tr><th>Purpose</th><th>Data use (fideslang)</th>"
			    "<th>Legal basis</th><th>Tables</th></tr>\n");
		for (size_t i = 0; i < np; i++) {
			stw_buf_adds(b, "<tr><td class=\"mono\">");
			esc(b, pv[i].purpose);
			stw_buf_adds(b, "</td><td>");
			esc(b, pv[i].use_name ? pv[i].use_name : "custom (not a fideslang data use)");
			stw_buf_adds(b, "</td><td>");
			esc(b, pv[i].basis ? pv[i].basis : "not recorded (legal_bases:)");
			stw_buf_addf(b, "</td><td class=\"n\">%zu</td></tr>\n", pv[i].tables);
		}
		if (np > 0)
			stw_buf_adds(b, "</table>\n");
		free(pv);
	}
	if (stw_report_section_present(locate))
		pia_section(b, locate);
	stw_buf_adds(b, "</section>\n");

	/* 7. Risks */
	section_open(b, "risks", "Risks and recommended actions", "Each open finding as a risk: "
	    "likelihood (1 possible, 2 likely, 3 happening) times severity (1 low to 4 critical), "
	    "rated high from 9, medium from 5; most serious first.");
	if (m->nrisks == 0)
		stw_buf_adds(b, "<p class=\"none\">No open risk.</p>\n");
	else
		stw_buf_adds(b, "<table><tr><th>Rating</th><th>L × S</th><th>Risk</th><th>Finding</th>"
		    "<th>Recommended action</th></tr>\n");
	for (size_t i = 0; i < m->nrisks; i++) {
		const struct stw_rpt_risk *r = &m->risks[i];
		const char *sev = stw_severity_name(r->v->severity);
		char *where = stw_report_where(r->v);

		stw_buf_addf(b, "<tr><td><span class=\"sev %s\">%s</span></td><td class=\"n\">%d × %d = "
		    "%d</td><td><strong>", strcmp(r->rating, "high") == 0 ? "critical" :
		    strcmp(r->rating, "medium") == 0 ? "high" : "medium", r->rating, r->likelihood,
		    r->impact, r->score);
		esc(b, stw_report_kind_title(r->v->kind));
		stw_buf_addf(b, "</strong> (%s)<br><span class=\"mono\">", sev);
		esc(b, where);
		stw_buf_adds(b, "</span></td><td>");
		esc(b, r->v->message);
		stw_buf_adds(b, "</td><td>");
		esc(b, r->action);
		stw_buf_adds(b, "</td></tr>\n");
		free(where);
	}
	if (m->nrisks > 0)
		stw_buf_adds(b, "</table>\n");
	stw_buf_adds(b, "</section>\n");

	/* 8. Approvals */
	section_open(b, "approvals", "Approvals and exceptions", "What the council decided: "
	    "approvals that settle a finding, with their expiry.");
	if (m->napprovals == 0)
		stw_buf_adds(b, "<p class=\"none\">None.</p>\n");
	else
		stw_buf_adds(b, "<table><tr><th>Match</th><th>Category</th><th>Approved by</th>"
		    "<th>Reason</th><th>Expires</th><th>Status</th><th>Settles</th></tr>\n");
	for (size_t i = 0; i < m->napprovals; i++) {
		const struct stw_rpt_approval *ap = &m->approvals[i];
		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, ap->a->match);
		stw_buf_adds(b, "</td><td class=\"mono\">");
		esc(b, ap->a->category ? ap->a->category : "any");
		stw_buf_adds(b, "</td><td>");
		esc(b, ap->a->approved_by);
		stw_buf_adds(b, "</td><td>");
		esc(b, ap->a->reason);
		stw_buf_adds(b, "</td><td>");
		esc(b, ap->a->expires ? ap->a->expires : "never");
		stw_buf_addf(b, "</td><td>%s</td><td class=\"n\">%zu</td></tr>\n", ap->expired ? "expired"
		    : ap->matches ? "in force" : "matches nothing", ap->settles);
	}
	if (m->napprovals > 0)
		stw_buf_adds(b, "</table>\n");
	if (m->nsettled > 0) {
		stw_buf_adds(b, "<h3>Settled by approval</h3>\n");
		for (size_t i = 0; i < m->nsettled; i++)
			violation(b, m->settled[i].v, m->settled[i].a);
	}
	stw_buf_adds(b, "</section>\n");

	/* 9. Open questions */
	section_open(b, "questions", "Open questions", "What steward could not settle from the "
	    "databases alone: the reviewer answers these, or the next scan does.");
	if (m->questions.n == 0)
		stw_buf_adds(b, "<p class=\"none\">None.</p>\n");
	else {
		stw_buf_adds(b, "<ol>\n");
		for (size_t i = 0; i < m->questions.n; i++) {
			stw_buf_adds(b, "<li>");
			esc(b, m->questions.v[i]);
			stw_buf_adds(b, "</li>\n");
		}
		stw_buf_adds(b, "</ol>\n");
	}
	stw_buf_adds(b, "</section>\n");

	/* 10. Sign-off */
	signoff(b, m);
	stw_buf_adds(b, "<footer>Made by steward from the inventory alone: no database was "
	    "contacted and no sampled value appears in this report.</footer>\n"
	    "</main>\n</body>\n</html>\n");
	return STW_OK;
}
