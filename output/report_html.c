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
	".meta{color:#566074;margin:0 0 16px}"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}"
	".card{background:#fff;border:1px solid #d9dde5;border-radius:8px;padding:12px 16px;"
	"min-width:170px}.card b{display:block;font-size:26px}.card span{color:#566074}"
	"table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 16px;font-size:14px}"
	"th,td{border:1px solid #d9dde5;padding:6px 8px;text-align:left;vertical-align:top}"
	"th{background:#eef0f4}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".v{background:#fff;border:1px solid #d9dde5;border-left:6px solid #999;border-radius:6px;"
	"padding:10px 14px;margin:10px 0}"
	".v.critical{border-left-color:#7b1fa2}.v.high{border-left-color:#c62828}"
	".v.medium{border-left-color:#ef6c00}.v.low{border-left-color:#f9a825}"
	".v.info{border-left-color:#607d8b}"
	".v .where{font-family:ui-monospace,'DejaVu Sans Mono',monospace;word-break:break-all}"
	".v .ev{color:#434b5c;font-size:13px;margin-top:4px;word-break:break-word}"
	".sev{display:inline-block;color:#fff;border-radius:4px;padding:0 6px;font-size:12px;"
	"font-weight:600;text-transform:uppercase;margin-right:6px;background:#607d8b}"
	".sev.critical{background:#7b1fa2}.sev.high{background:#c62828}"
	".sev.medium{background:#ef6c00}.sev.low{background:#b38600}"
	".none{color:#566074;font-style:italic}"
	"code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px}"
	"figure{background:#fff;border:1px solid #d9dde5;border-radius:8px;margin:8px 0;padding:8px;"
	"overflow:auto}figure svg{max-width:100%;height:auto}"
	".sens-special{color:#7b1fa2;font-weight:600}.sens-high{color:#c62828;font-weight:600}"
	".sens-personal{color:#ef6c00}.sens-quasi{color:#8d6e00}.sens-linked{color:#3d6f8a}"
	"footer{color:#566074;font-size:13px;margin-top:40px}";

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

	stw_buf_addf(b, "<section id=\"%s\"><h2>%s</h2>\n<ul>\n", s->id, s->title);
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
	stw_buf_adds(b, "</section>\n");
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
	stw_map_opts_init(&mo);
	mo.only_sensitive = 1;
	/* Only the open violations: a table whose violation an approval
	 * settles is listed as settled above, not marked in red here. */
	mo.violations = &m->open_result;
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
		stw_buf_adds(b, "<figure>");
		stw_buf_adds(b, svg);
		stw_buf_adds(b, "</figure>\n");
	} else {
		stw_buf_adds(b, "<p class=\"none\">The map could not be drawn: ");
		esc(b, rc == STW_OK ? "no SVG produced" : err.msg);
		stw_buf_adds(b, "</p>\n");
	}
	free(text);
}

int
stw_report_html(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	const struct stw_inventory *inv = m->inv;
	size_t nret = 0, npur = 0;

	(void)err;
	for (size_t i = 0; i < m->nopen; i++) {
		int g = stw_report_group(m->open[i]->kind);
		if (g == 1)
			nret++;
		else if (g == 0)
			npur++;
	}
	stw_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"steward\">\n<title>Privacy report · ");
	esc(b, m->as_of);
	stw_buf_addf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", css);
	stw_buf_adds(b, "<h1>Privacy report</h1>\n<p class=\"meta\">Inventory <span class=\"mono\">");
	esc(b, m->inventory_name ? m->inventory_name : "(inventory)");
	stw_buf_adds(b, "</span>, generated ");
	esc(b, inv->generated_at ? inv->generated_at : "(unknown)");
	stw_buf_adds(b, " · retention as of <strong>");
	esc(b, m->as_of);
	stw_buf_adds(b, "</strong> · steward ");
	esc(b, inv->tool_version ? inv->tool_version : "?");
	stw_buf_adds(b, "</p>\n");

	stw_buf_adds(b, "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
	card(b, m->ntables, "tables");
	card(b, m->npersonal, "columns with personal data");
	card(b, nret, "retention violations");
	card(b, npur, "purpose violations");
	card(b, m->nsettled, "settled by approval");
	stw_buf_adds(b, "</div>\n");
	stw_buf_addf(b, "<p>%zu columns in %zu tables; personal data by highest sensitivity: "
	    "<span class=\"sens-special\">special %zu</span>, <span class=\"sens-high\">high %zu"
	    "</span>, <span class=\"sens-personal\">personal %zu</span>, <span class=\"sens-quasi\">"
	    "quasi %zu</span>, <span class=\"sens-linked\">linked %zu</span>. Open violations: "
	    "critical %zu, high %zu, medium %zu, low %zu.</p>\n",
	    m->ncolumns, m->ntables, m->by_sens[STW_SENS_SPECIAL], m->by_sens[STW_SENS_HIGH],
	    m->by_sens[STW_SENS_PERSONAL], m->by_sens[STW_SENS_QUASI], m->by_sens[STW_SENS_LINKED],
	    m->by_sev[STW_SEV_CRITICAL],
	    m->by_sev[STW_SEV_HIGH], m->by_sev[STW_SEV_MEDIUM], m->by_sev[STW_SEV_LOW]);
	stw_buf_adds(b, "<table><tr><th>Source</th><th>Engine</th><th>Status</th><th>Tables</th>"
	    "</tr>\n");
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];
		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, s->name);
		stw_buf_adds(b, "</td><td>");
		esc(b, s->engine);
		stw_buf_addf(b, "</td><td>%s", stw_source_status_name(s->status));
		for (size_t k = 0; k < s->errors.n; k++) {
			stw_buf_adds(b, k ? "; " : ": ");
			esc(b, s->errors.v[k]);
		}
		stw_buf_addf(b, "</td><td class=\"n\">%zu</td></tr>\n", s->ntables);
	}
	stw_buf_adds(b, "</table></section>\n");

	stw_buf_adds(b, "<section id=\"subjects\"><h2>Data subjects</h2>\n<p>Whose rows each "
	    "table holds: people, events about people, organisations, reference data.</p>\n"
	    "<table><tr><th>Source</th><th>Subject</th><th>Personal columns</th><th>Tables</th>"
	    "</tr>\n");
	for (size_t i = 0; i < m->nsubjects; i++) {
		const struct stw_rpt_subj *g = &m->subjects[i];

		stw_buf_adds(b, "<tr><td>");
		esc(b, g->s->name);
		stw_buf_addf(b, "</td><td>%s</td><td class=\"n\">%zu</td><td>",
		    stw_report_subject_title(g->kind), g->personal);
		for (size_t t = 0; t < g->n; t++) {
			stw_buf_adds(b, t ? ", " : "");
			esc(b, g->t[t]->name);
		}
		stw_buf_adds(b, "</td></tr>\n");
	}
	stw_buf_adds(b, "</table></section>\n");

	stw_buf_adds(b, "<section id=\"retention-violations\"><h2>Retention violations</h2>\n");
	violations(b, m, 1);
	stw_buf_adds(b, "</section>\n<section id=\"purpose-violations\"><h2>Purpose limitation "
	    "violations</h2>\n");
	violations(b, m, 0);
	stw_buf_adds(b, "</section>\n");

	for (size_t i = 0; i < STW_RPT_NPIA; i++)
		pia_section(b, &m->pia[i]);
	stw_buf_adds(b, "<section id=\"pia-findings\"><h2>Access and re-identification findings</h2>\n");
	violations(b, m, 2);
	stw_buf_adds(b, "</section>\n");

	stw_buf_adds(b, "<section id=\"map\"><h2>Lineage map</h2>\n<p>Tables holding personal data "
	    "and the flows between them; tables with a violation are marked.</p>\n");
	map(b, m, o);
	stw_buf_adds(b, "</section>\n");

	stw_buf_adds(b, "<section id=\"retention\"><h2>Retention measured</h2>\n");
	if (m->nret == 0)
		stw_buf_adds(b, "<p class=\"none\">No table holds a category with a retention limit."
		    "</p>\n");
	else
		stw_buf_adds(b, "<table><tr><th>Table</th><th>Category</th><th>Limit (days)</th>"
		    "<th>Anchor</th><th>Over the limit</th><th>Oldest</th><th>Note</th></tr>\n");
	for (size_t i = 0; i < m->nret; i++) {
		const struct stw_table *t = m->ret[i].t;
		const struct stw_retention *r = &t->retention;
		long long age = r->oldest ? stw_retention_age_days(m->as_of, r->oldest) : -1;

		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, m->ret[i].s->name);
		stw_buf_adds(b, ".");
		esc(b, t->schema);
		stw_buf_adds(b, ".");
		esc(b, t->name);
		stw_buf_adds(b, "</td><td class=\"mono\">");
		esc(b, r->category);
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
	if (m->nret > 0)
		stw_buf_adds(b, "</table>\n");
	stw_buf_adds(b, "</section>\n");

	stw_buf_adds(b, "<section id=\"categories\"><h2>Categories per source</h2>\n");
	if (m->ncats == 0)
		stw_buf_adds(b, "<p class=\"none\">No personal data found.</p>\n");
	else
		stw_buf_adds(b, "<table><tr><th>Source</th><th>Category</th><th>Sensitivity</th>"
		    "<th>Columns</th><th>By lineage</th><th>Tables</th></tr>\n");
	for (size_t i = 0; i < m->ncats; i++) {
		const struct stw_rpt_cat *c = &m->cats[i];
		const char *sens = stw_sensitivity_name(c->sens);
		stw_buf_adds(b, "<tr><td class=\"mono\">");
		esc(b, c->source);
		stw_buf_adds(b, "</td><td class=\"mono\">");
		esc(b, c->category);
		stw_buf_addf(b, "</td><td class=\"sens-%s\">%s</td><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n", sens, sens, c->columns,
		    c->inherited, c->tables);
	}
	if (m->ncats > 0)
		stw_buf_adds(b, "</table>\n");
	stw_buf_adds(b, "</section>\n");

	stw_buf_adds(b, "<section id=\"approvals\"><h2>Approvals</h2>\n");
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
	stw_buf_adds(b, "</section>\n<footer>Made by steward from the inventory alone: no database "
	    "was contacted and no sampled value appears in this report.</footer>\n"
	    "</main>\n</body>\n</html>\n");
	return STW_OK;
}
