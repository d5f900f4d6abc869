/*
 * The report as JSON ("format": "steward.report", docs/report.md): the
 * same facts as the other formats, for scripts and dashboards.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "output/markup.h"
#include "report_model.h"
#include "scanner/retention.h"

static void
set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL)
		v = json_null();
	if (json_object_set_new(o, key, v) != 0)
		STW_BUG("cannot set JSON key '%s'", key);
}

static json_t *
violation(const struct stw_violation *v, const struct stw_cfg_approval *a)
{
	json_t *o = json_object();

	set(o, "kind", json_string(stw_violation_kind_name(v->kind)));
	set(o, "severity", json_string(stw_severity_name(v->severity)));
	set(o, "source", stw_json_text(v->source));
	set(o, "schema", stw_json_text(v->schema));
	set(o, "table", stw_json_text(v->table));
	set(o, "column", stw_json_text(v->column));
	set(o, "category", stw_json_text(v->category));
	set(o, "message", stw_json_text(v->message));
	set(o, "evidence", stw_json_text(v->evidence));
	set(o, "rows", v->rows >= 0 ? json_integer(v->rows) : json_null());
	set(o, "exact", v->rows >= 0 ? json_boolean(v->exact) : json_null());
	if (a != NULL) {
		set(o, "approved_by", stw_json_text(a->approved_by));
		set(o, "approval_reason", stw_json_text(a->reason));
	}
	return o;
}

int
stw_report_json(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	const struct stw_inventory *inv = m->inv;
	json_t *root = json_object(), *sum = json_object(), *arr, *x;
	char *text;

	(void)o;
	set(root, "format", json_string("steward.report"));
	set(root, "version", json_integer(1));
	set(root, "as_of", stw_json_text(m->as_of));
	x = json_object();
	set(x, "name", stw_json_text(m->inventory_name));
	set(x, "generated_at", stw_json_text(inv->generated_at));
	set(x, "tool_version", stw_json_text(inv->tool_version));
	set(root, "inventory", x);

	set(sum, "sources", json_integer((json_int_t)inv->nsources));
	set(sum, "tables", json_integer((json_int_t)m->ntables));
	set(sum, "columns", json_integer((json_int_t)m->ncolumns));
	set(sum, "personal_columns", json_integer((json_int_t)m->npersonal));
	x = json_object();
	for (int s = STW_SENS_LINKED; s <= STW_SENS_SPECIAL; s++)
		set(x, stw_sensitivity_name((enum stw_sensitivity)s), json_integer((json_int_t)m->by_sens[s]));
	set(sum, "personal_columns_by_sensitivity", x);
	set(sum, "violations", json_integer((json_int_t)m->nopen));
	x = json_object();
	for (int s = STW_SEV_INFO; s <= STW_SEV_CRITICAL; s++)
		set(x, stw_severity_name((enum stw_severity)s), json_integer((json_int_t)m->by_sev[s]));
	set(sum, "violations_by_severity", x);
	set(sum, "settled_by_approval", json_integer((json_int_t)m->nsettled));
	set(root, "summary", sum);

	arr = json_array();
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *s = inv->sources[i];
		json_t *so = json_object(), *errs = json_array();
		set(so, "name", stw_json_text(s->name));
		set(so, "engine", stw_json_text(s->engine));
		set(so, "status", json_string(stw_source_status_name(s->status)));
		set(so, "tables", json_integer((json_int_t)s->ntables));
		for (size_t k = 0; k < s->errors.n; k++)
			json_array_append_new(errs, stw_json_text(s->errors.v[k]));
		set(so, "errors", errs);
		json_array_append_new(arr, so);
	}
	set(root, "sources", arr);

	arr = json_array();
	for (size_t i = 0; i < m->nsubjects; i++) {
		const struct stw_rpt_subj *g = &m->subjects[i];
		json_t *ts = json_array();

		x = json_object();
		set(x, "source", stw_json_text(g->s->name));
		set(x, "subject", json_string(stw_subject_name(g->kind)));
		set(x, "personal_columns", json_integer((json_int_t)g->personal));
		for (size_t t = 0; t < g->n; t++) {
			json_t *to = json_object();

			set(to, "schema", stw_json_text(g->t[t]->schema));
			set(to, "table", stw_json_text(g->t[t]->name));
			json_array_append_new(ts, to);
		}
		set(x, "tables", ts);
		json_array_append_new(arr, x);
	}
	set(root, "subjects", arr);

	arr = json_array();
	for (size_t i = 0; i < m->nopen; i++)
		json_array_append_new(arr, violation(m->open[i], NULL));
	set(root, "violations", arr);
	arr = json_array();
	for (size_t i = 0; i < STW_RPT_NPIA; i++) {
		const struct stw_rpt_section *sec = &m->pia[i];
		json_t *po = json_object(), *lines = json_array(), *head = json_array(),
		    *rows = json_array(), *code = json_array();
		size_t nc = sec->head.n;

		set(po, "id", json_string(sec->id));
		set(po, "title", json_string(sec->title));
		for (size_t k = 0; k < sec->lines.n; k++)
			json_array_append_new(lines, stw_json_text(sec->lines.v[k]));
		for (size_t k = 0; k < nc; k++)
			json_array_append_new(head, stw_json_text(sec->head.v[k]));
		for (size_t r = 0; r < sec->nrows; r++) {
			json_t *rw = json_array();
			for (size_t c = 0; c < nc; c++)
				json_array_append_new(rw, stw_json_text(sec->cells.v[r * nc + c]));
			json_array_append_new(rows, rw);
		}
		for (size_t k = 0; k < sec->code.n; k++)
			json_array_append_new(code, stw_json_text(sec->code.v[k]));
		set(po, "lines", lines);
		set(po, "columns", head);
		set(po, "rows", rows);
		set(po, "commands", code);
		json_array_append_new(arr, po);
	}
	set(root, "pia", arr);
	arr = json_array();
	for (size_t i = 0; i < m->nsettled; i++)
		json_array_append_new(arr, violation(m->settled[i].v, m->settled[i].a));
	set(root, "settled", arr);

	arr = json_array();
	for (size_t i = 0; i < m->nret; i++) {
		const struct stw_retention *r = stw_table_retention(m->ret[i].t);
		long long age = r->oldest ? stw_retention_age_days(m->as_of, r->oldest) : -1;
		x = json_object();
		set(x, "source", stw_json_text(m->ret[i].s->name));
		set(x, "schema", stw_json_text(m->ret[i].t->schema));
		set(x, "table", stw_json_text(m->ret[i].t->name));
		set(x, "category", stw_json_text(r->category));
		set(x, "limit_days", json_integer(r->limit_days));
		set(x, "anchor", stw_json_text(r->anchor));
		set(x, "rows_over_limit", r->rows_over_limit >= 0 ? json_integer(r->rows_over_limit)
		    : json_null());
		set(x, "exact", json_boolean(r->exact));
		set(x, "oldest", stw_json_text(r->oldest));
		set(x, "oldest_age_days", age >= 0 ? json_integer(age) : json_null());
		set(x, "note", stw_json_text(r->note));
		json_array_append_new(arr, x);
	}
	set(root, "retention", arr);

	arr = json_array();
	for (size_t i = 0; i < m->ncats; i++) {
		const struct stw_rpt_cat *c = &m->cats[i];
		x = json_object();
		set(x, "source", stw_json_text(c->source));
		set(x, "category", stw_json_text(c->category));
		set(x, "sensitivity", json_string(stw_sensitivity_name(c->sens)));
		set(x, "columns", json_integer((json_int_t)c->columns));
		set(x, "inherited", json_integer((json_int_t)c->inherited));
		set(x, "tables", json_integer((json_int_t)c->tables));
		json_array_append_new(arr, x);
	}
	set(root, "categories", arr);

	arr = json_array();
	for (size_t i = 0; i < m->napprovals; i++) {
		const struct stw_rpt_approval *ap = &m->approvals[i];
		x = json_object();
		set(x, "match", stw_json_text(ap->a->match));
		set(x, "category", stw_json_text(ap->a->category));
		set(x, "approved_by", stw_json_text(ap->a->approved_by));
		set(x, "reason", stw_json_text(ap->a->reason));
		set(x, "expires", stw_json_text(ap->a->expires));
		set(x, "status", json_string(ap->expired ? "expired" : ap->matches ? "in_force"
		    : "unused"));
		set(x, "settles", json_integer((json_int_t)ap->settles));
		json_array_append_new(arr, x);
	}
	set(root, "approvals", arr);

	/* The assessment (docs/report.md): risks, questions, sign-off, changes. */
	arr = json_array();
	for (size_t i = 0; i < m->nrisks; i++) {
		const struct stw_rpt_risk *r = &m->risks[i];
		char *where = stw_report_where(r->v);

		x = json_object();
		set(x, "rating", json_string(r->rating));
		set(x, "likelihood", json_integer(r->likelihood));
		set(x, "impact", json_integer(r->impact));
		set(x, "score", json_integer(r->score));
		set(x, "kind", json_string(stw_violation_kind_name(r->v->kind)));
		set(x, "where", stw_json_text(where));
		set(x, "message", stw_json_text(r->v->message));
		set(x, "action", stw_json_text(r->action));
		json_array_append_new(arr, x);
		free(where);
	}
	set(root, "risks", arr);
	arr = json_array();
	for (size_t i = 0; i < m->questions.n; i++)
		json_array_append_new(arr, stw_json_text(m->questions.v[i]));
	set(root, "open_questions", arr);
	arr = json_array();
	for (size_t i = 0; i < m->summary.n; i++)
		json_array_append_new(arr, stw_json_text(m->summary.v[i]));
	set(root, "summary_text", arr);
	{
		const struct stw_cfg_signoff *so = &m->cfg->signoff;

		x = json_object();
		set(x, "reviewer", stw_json_text(so->reviewer));
		set(x, "role", stw_json_text(so->role));
		set(x, "date", stw_json_text(so->date));
		set(x, "decision", stw_json_text(so->decision));
		set(x, "notes", stw_json_text(so->notes));
		set(root, "signoff", so->present ? x : (json_decref(x), json_null()));
	}
	if (m->has_baseline) {
		json_t *ch = json_object(), *items = json_array();

		arr = json_array();
		for (size_t i = 0; i < m->changes.n; i++)
			json_array_append_new(arr, stw_json_text(m->changes.v[i]));
		for (size_t i = 0; i < m->change_items.n; i++)
			json_array_append_new(items, stw_json_text(m->change_items.v[i]));
		set(ch, "summary", arr);
		set(ch, "items", items);
		set(root, "changes", ch);
	}

	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL)
		return stw_error(err, STW_ERROR, "cannot write the report as JSON");
	stw_buf_adds(b, text);
	stw_buf_addc(b, '\n');
	free(text);
	return STW_OK;
}
