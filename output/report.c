/*
 * `steward report`: format selection, the shared report model (policy
 * violations, approvals in force on the as-of date, categories per source,
 * retention facts) and writing to a file or stream.  The formats live in
 * report_text.c, report_md.c, report_html.c, report_json.c, report_csv.c.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/map.h"
#include "rules/datause.h"
#include "report_model.h"

static const struct { const char *name; enum stw_report_format f; } formats[] = {
	{ "text", STW_REPORT_TEXT }, { "markdown", STW_REPORT_MARKDOWN },
	{ "md", STW_REPORT_MARKDOWN }, { "html", STW_REPORT_HTML }, { "json", STW_REPORT_JSON },
	{ "csv", STW_REPORT_CSV },
};

int
stw_report_format_parse(enum stw_report_format *out, const char *s)
{
	for (size_t i = 0; s != NULL && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(s, formats[i].name) == 0) {
			*out = formats[i].f;
			return STW_OK;
		}
	return STW_EUSAGE;
}

int
stw_report_format_from_path(enum stw_report_format *out, const char *path)
{
	static const struct { const char *ext; enum stw_report_format f; } ext[] = {
		{ ".txt", STW_REPORT_TEXT }, { ".text", STW_REPORT_TEXT },
		{ ".md", STW_REPORT_MARKDOWN }, { ".markdown", STW_REPORT_MARKDOWN },
		{ ".html", STW_REPORT_HTML }, { ".htm", STW_REPORT_HTML },
		{ ".json", STW_REPORT_JSON }, { ".csv", STW_REPORT_CSV },
	};
	const char *dot = path ? strrchr(path, '.') : NULL;

	for (size_t i = 0; dot != NULL && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcmp(dot, ext[i].ext) == 0) {
			*out = ext[i].f;
			return STW_OK;
		}
	return STW_ENOTFOUND;
}

const char *
stw_report_format_name(enum stw_report_format f)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].f == f)
			return formats[i].name;
	return "unknown";
}

void
stw_report_opts_init(struct stw_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = STW_REPORT_TEXT;
}

int
stw_report_is_retention(enum stw_violation_kind k)
{
	return k == STW_VIOL_RETENTION || k == STW_VIOL_RETENTION_UNVERIFIABLE ||
	    k == STW_VIOL_RETENTION_COPY;
}

int
stw_report_group(enum stw_violation_kind k)
{
	switch (k) {
	case STW_VIOL_ACCESS_PUBLIC: case STW_VIOL_ACCESS_NOT_ALLOWED: case STW_VIOL_ACCESS_NO_RLS:
	case STW_VIOL_ACCESS_UNLOGGED: case STW_VIOL_REIDENTIFICATION: case STW_VIOL_ACCESS_BROAD:
		return 2;
	default:
		return stw_report_is_retention(k);
	}
}

const char *
stw_report_kind_title(enum stw_violation_kind k)
{
	switch (k) {
	case STW_VIOL_RETENTION: return "Kept past the retention limit";
	case STW_VIOL_RETENTION_UNVERIFIABLE: return "Retention unverifiable";
	case STW_VIOL_RETENTION_COPY: return "Copy kept longer than its source allows";
	case STW_VIOL_PURPOSE: return "Purpose not allowed";
	case STW_VIOL_PURPOSE_FLOW: return "Flows into a purpose not allowed";
	case STW_VIOL_CONSENT: return "Marketing use without a consent filter";
	case STW_VIOL_ACCESS_PUBLIC: return "Readable by everyone";
	case STW_VIOL_ACCESS_NOT_ALLOWED: return "Readable by a role not allowed";
	case STW_VIOL_ACCESS_NO_RLS: return "Shared table of people without row level security";
	case STW_VIOL_ACCESS_UNLOGGED: return "Special-category data, reads not logged";
	case STW_VIOL_ACCESS_BROAD: return "A login that reads all personal data through its roles";
	case STW_VIOL_REIDENTIFICATION: return "People unique on their quasi-identifiers";
	}
	return "Violation";
}

char *
stw_report_where(const struct stw_violation *v)
{
	if (v->table == NULL)
		return stw_strdup(v->source ? v->source : "");
	return v->column
	    ? stw_asprintf("%s.%s.%s.%s", v->source, v->schema ? v->schema : "", v->table, v->column)
	    : stw_asprintf("%s.%s.%s", v->source, v->schema ? v->schema : "", v->table);
}

static int
category_under(const char *category, const char *prefix)
{
	return prefix == NULL || stw_category_under(category, prefix);
}

/* Approvals settle purpose findings (an ethics-council decision that the
 * data may sit or flow there), never retention: a limit is a limit. */
static int
settleable(enum stw_violation_kind k)
{
	return k == STW_VIOL_PURPOSE || k == STW_VIOL_PURPOSE_FLOW || k == STW_VIOL_CONSENT;
}

static void
approvals(struct stw_rpt *m)
{
	const struct stw_config *cfg = m->cfg;

	m->approvals = stw_calloc(cfg->napprovals + 1, sizeof(*m->approvals));
	m->napprovals = cfg->napprovals;
	for (size_t i = 0; i < cfg->napprovals; i++) {
		const struct stw_cfg_approval *a = cfg->approvals[i];
		m->approvals[i].a = a;
		m->approvals[i].expired = a->expires != NULL && strcmp(a->expires, m->as_of) < 0;
		/* What it names in this inventory. */
		for (size_t s = 0; s < m->inv->nsources; s++) {
			const struct stw_source *src = m->inv->sources[s];
			for (size_t t = 0; t < src->ntables; t++) {
				const struct stw_table *tb = src->tables[t];
				for (size_t c = 0; c < tb->ncolumns; c++) {
					const struct stw_column *col = tb->columns[c];
					int hit = 0;
					char *name;
					for (size_t f = 0; f < col->nfindings; f++)
						hit |= category_under(col->findings[f]->category, a->category);
					if (!hit)
						continue;
					name = stw_asprintf("%s.%s.%s.%s", src->name, tb->schema ? tb->schema : "",
					    tb->name, col->name);
					m->approvals[i].matches += stw_glob_match(a->match, name) != 0;
					free(name);
				}
			}
		}
	}
}

static const struct stw_cfg_approval *
settled_by(struct stw_rpt *m, const struct stw_violation *v)
{
	const struct stw_cfg_approval *found = NULL;
	char *name;

	if (!settleable(v->kind))
		return NULL;
	name = stw_report_where(v);
	for (size_t i = 0; found == NULL && i < m->napprovals; i++) {
		const struct stw_cfg_approval *a = m->approvals[i].a;
		if (!m->approvals[i].expired && category_under(v->category, a->category) &&
		    stw_glob_match(a->match, name)) {
			found = a;
			m->approvals[i].settles++;
		}
	}
	free(name);
	return found;
}

static void
add_cat(struct stw_rpt *m, const struct stw_source *s, const struct stw_finding *f)
{
	struct stw_rpt_cat *c = NULL;

	for (size_t i = 0; i < m->ncats && c == NULL; i++)
		if (m->cats[i].source == s->name && strcmp(m->cats[i].category, f->category) == 0)
			c = &m->cats[i];
	if (c == NULL) {
		stw_grow(&m->cats, &m->acats, m->ncats, sizeof(*m->cats));
		c = &m->cats[m->ncats++];
		memset(c, 0, sizeof(*c));
		c->source = s->name;
		c->category = f->category;
	}
	c->columns++;
	if (f->evidence == STW_EVID_INHERITED)
		c->inherited++;
	if (f->sensitivity > c->sens)
		c->sens = f->sensitivity;
}

const char *
stw_report_subject_title(enum stw_subject_kind k)
{
	switch (k) {
	case STW_SUBJ_PERSON: return "people";
	case STW_SUBJ_PERSON_EVENT: return "events about people";
	case STW_SUBJ_ORGANISATION: return "organisations";
	case STW_SUBJ_REFERENCE: return "reference data";
	case STW_SUBJ_UNKNOWN: break;
	}
	return "subject unknown";
}

/* Groups every table by source and subject, in the order a DPO reads
 * them: people first, then what is about them. */
static void
subjects(struct stw_rpt *m, const struct stw_inventory *inv)
{
	static const enum stw_subject_kind order[] = { STW_SUBJ_PERSON, STW_SUBJ_PERSON_EVENT,
		STW_SUBJ_ORGANISATION, STW_SUBJ_REFERENCE, STW_SUBJ_UNKNOWN };
	size_t k = sizeof(order) / sizeof(order[0]);

	m->subjects = stw_calloc(inv->nsources * k + 1, sizeof(*m->subjects));
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];

		for (size_t o = 0; o < k; o++) {
			struct stw_rpt_subj *g = &m->subjects[m->nsubjects];

			g->s = src;
			g->kind = order[o];
			for (size_t i = 0; i < src->ntables; i++) {
				const struct stw_table *t = src->tables[i];

				if (t->subject.kind != order[o] || stw_table_is_partition(t))
					continue;
				stw_grow(&g->t, &g->alloc, g->n, sizeof(*g->t));
				g->t[g->n++] = t;
				for (size_t c = 0; c < t->ncolumns; c++)
					g->personal += t->columns[c]->nfindings > 0;
			}
			if (g->n > 0)
				m->nsubjects++;
		}
	}
}

static int
cmp_cat(const void *pa, const void *pb)
{
	const struct stw_rpt_cat *a = pa, *b = pb;
	int c = strcmp(a->source, b->source);

	return c ? c : strcmp(a->category, b->category);
}

int
stw_report_model_build(struct stw_rpt *m, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err)
{
	static char today[32];
	size_t alloc;
	int rc;

	memset(m, 0, sizeof(*m));
	m->inv = inv;
	m->cfg = cfg ? cfg : (m->own_cfg = stw_config_new());
	if (inv->as_of != NULL) {
		m->as_of = inv->as_of;
	} else {
		/* Inventories from before as_of: the scan date, else today. */
		if (inv->generated_at != NULL && strlen(inv->generated_at) >= 10)
			snprintf(today, sizeof(today), "%.10s", inv->generated_at);
		else
			stw_utc_now(today), today[10] = '\0';
		m->as_of = today;
	}
	if ((rc = stw_policy_evaluate(&m->pol, inv, m->cfg, err)) != STW_OK)
		return rc;
	approvals(m);
	m->open = stw_calloc(m->pol->n + 1, sizeof(*m->open));
	m->settled = stw_calloc(m->pol->n + 1, sizeof(*m->settled));
	m->open_result.v = stw_calloc(m->pol->n + 1, sizeof(*m->open_result.v));
	for (size_t i = 0; i < m->pol->n; i++) {
		struct stw_violation *v = m->pol->v[i];
		const struct stw_cfg_approval *a = settled_by(m, v);
		if (a != NULL) {
			m->settled[m->nsettled].v = v;
			m->settled[m->nsettled++].a = a;
		} else {
			/* The map marks retention and purpose violations; access
			 * and re-identification findings have their own sections. */
			if (stw_report_group(v->kind) != 2)
				m->open_result.v[m->open_result.n++] = v;
			m->open[m->nopen++] = v;
			m->by_sev[v->severity <= STW_SEV_CRITICAL ? v->severity : STW_SEV_CRITICAL]++;
		}
	}
	m->open_result.alloc = m->pol->n + 1;
	/* Most serious first everywhere (stable: policy order within a
	 * severity): a critical health finding is not listed third because
	 * its table's name comes late in the alphabet. */
	if (m->nopen > 1) {
		const struct stw_violation **tmp = stw_calloc(m->nopen, sizeof(*tmp));
		size_t w = 0;

		memcpy(tmp, m->open, m->nopen * sizeof(*tmp));
		for (int sev = STW_SEV_CRITICAL; sev >= STW_SEV_INFO; sev--)
			for (size_t i = 0; i < m->nopen; i++)
				if ((tmp[i]->severity >= STW_SEV_CRITICAL ? STW_SEV_CRITICAL
				    : (int)tmp[i]->severity) == sev)
					m->open[w++] = tmp[i];
		free(tmp);
	}
	alloc = 0;
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		if (src->status != STW_SRC_OK)
			m->nsrc_problems++;
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			if (stw_table_is_partition(tb)) {
				m->npartitions++;      /* its rows are its parent's */
				continue;
			}
			m->ntables++;
			if (stw_table_retention(tb)->present) {
				stw_grow(&m->ret, &alloc, m->nret, sizeof(*m->ret));
				m->ret[m->nret].s = src;
				m->ret[m->nret++].t = tb;
			}
			/* Per-table category presence, to count tables per category. */
			struct stw_strv seen = STW_STRV_INIT;
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const struct stw_column *col = tb->columns[c];
				m->ncolumns++;
				if (col->nfindings == 0)
					continue;
				m->npersonal++;
				m->by_sens[stw_column_max_sensitivity(col)]++;
				for (size_t f = 0; f < col->nfindings; f++) {
					add_cat(m, src, col->findings[f]);
					if (!stw_strv_has(&seen, col->findings[f]->category)) {
						stw_strv_push(&seen, col->findings[f]->category);
						for (size_t i = 0; i < m->ncats; i++)
							if (m->cats[i].source == src->name &&
							    strcmp(m->cats[i].category, col->findings[f]->category) == 0)
								m->cats[i].tables++;
					}
				}
			}
			stw_strv_clear(&seen);
		}
	}
	if (m->ncats > 1)
		qsort(m->cats, m->ncats, sizeof(*m->cats), cmp_cat);
	subjects(m, inv);
	stw_report_pia_build(m);
	stw_report_assess_build(m);
	return STW_OK;
}

void
stw_report_model_release(struct stw_rpt *m)
{
	stw_policy_result_free(m->pol);
	free(m->open);
	free(m->open_result.v);
	free(m->settled);
	free(m->approvals);
	free(m->cats);
	for (size_t i = 0; i < m->nsubjects; i++)
		free(m->subjects[i].t);
	free(m->subjects);
	free(m->ret);
	stw_report_pia_release(m);
	stw_report_assess_release(m);
	stw_config_free(m->own_cfg);
	memset(m, 0, sizeof(*m));
}

/* The model a report of these options shows: built, with the changes
 * since the baseline when one is given.  Released by the caller, also on
 * error. */
static int
model_for(struct stw_rpt *m, const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_report_opts *o, struct stw_err *err)
{
	int rc;

	if ((rc = stw_report_model_build(m, inv, cfg, err)) != STW_OK ||
	    (o->baseline != NULL && (rc = stw_report_changes_build(m, o->baseline,
	    o->baseline_name, err)) != STW_OK))
		return rc;
	m->inventory_name = o->inventory_name;
	return STW_OK;
}

static int
render_model(char **out, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	int rc;

	switch (o->format) {
	case STW_REPORT_TEXT: rc = stw_report_text(&b, m, o, err); break;
	case STW_REPORT_MARKDOWN: rc = stw_report_markdown(&b, m, o, err); break;
	case STW_REPORT_HTML: rc = stw_report_html(&b, m, o, err); break;
	case STW_REPORT_JSON: rc = stw_report_json(&b, m, o, err); break;
	case STW_REPORT_CSV: rc = stw_report_csv(&b, m, o, err); break;
	default: rc = stw_error(err, STW_EUSAGE, "unknown report format");
	}
	if (rc != STW_OK) {
		stw_buf_release(&b);
		return rc;
	}
	*out = stw_buf_detach(&b);
	return STW_OK;
}

int
stw_report_render(char **out, const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_report_opts *o, struct stw_err *err)
{
	struct stw_report_opts dflt;
	struct stw_rpt m;
	int rc;

	*out = NULL;
	if (o == NULL) {
		stw_report_opts_init(&dflt);
		o = &dflt;
	}
	if ((rc = model_for(&m, inv, cfg, o, err)) == STW_OK)
		rc = render_model(out, &m, o, err);
	stw_report_model_release(&m);
	return rc;
}

void
stw_report_map_opts(struct stw_map_opts *mo, const struct stw_rpt *m)
{
	stw_map_opts_init(mo);
	mo->only_sensitive = 1;
	mo->max_tables = 60;           /* one readable figure; steward map draws them all */
	/* Only the open violations: a table whose violation an approval
	 * settles is listed as settled, not marked in red. */
	mo->violations = &m->open_result;
}

const char *
stw_report_fides_subject(const struct stw_config *cfg, const struct stw_source *src,
    const struct stw_table *t)
{
	const char *s = stw_config_data_subject(cfg, src->name, t->schema, t->name);

	if (s != NULL)
		return s;
	if (t->subject.kind == STW_SUBJ_PERSON)
		return stw_data_subject_from_name(t->name);
	if (t->subject.kind != STW_SUBJ_PERSON_EVENT)
		return NULL;
	for (size_t k = 0; k < t->nfkeys; k++) {
		const struct stw_table *p = stw_source_find_table(src, t->fkeys[k]->ref_schema,
		    t->fkeys[k]->ref_table);

		if (p != NULL && p != t && p->subject.kind == STW_SUBJ_PERSON) {
			s = stw_config_data_subject(cfg, src->name, p->schema, p->name);
			if (s == NULL)
				s = stw_data_subject_from_name(p->name);
			if (s != NULL)
				return s;
		}
	}
	return stw_data_subject_from_name(t->name);
}

int
stw_report_write(const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_report_opts *o, const char *path, FILE *stream, struct stw_err *err)
{
	struct stw_report_opts ro = *o;
	struct stw_rpt m;
	char *text = NULL, *map_path = NULL;
	FILE *f;
	size_t len;
	int rc;

	if ((rc = model_for(&m, inv, cfg, o, err)) != STW_OK)
		goto out;
	/* Markdown cannot hold the map: it goes beside, as FILE.map.svg, drawn
	 * as the HTML report embeds it. */
	if (o->format == STW_REPORT_MARKDOWN && path != NULL && !o->no_map && m.npersonal > 0) {
		size_t n = strlen(path);
		struct stw_map_opts mo;
		const char *slash;

		if (n > 3 && strcmp(path + n - 3, ".md") == 0)
			map_path = stw_asprintf("%.*s.map.svg", (int)(n - 3), path);
		else
			map_path = stw_asprintf("%s.map.svg", path);
		stw_report_map_opts(&mo, &m);
		if ((rc = stw_map_render(inv, &mo, "svg", map_path, NULL, err)) != STW_OK)
			goto out;
		slash = strrchr(map_path, '/');
		ro.map_link = slash ? slash + 1 : map_path;
	}
	if ((rc = render_model(&text, &m, &ro, err)) != STW_OK)
		goto out;
	len = strlen(text);
	f = path ? fopen(path, "wb") : stream;
	if (f == NULL) {
		rc = stw_error(err, STW_EUSAGE, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fwrite(text, 1, len, f) != len || fflush(f) != 0) {
		rc = stw_error(err, STW_ERROR, "cannot write '%s': %s", path ? path : "standard output",
		    strerror(errno));
	}
	if (path != NULL && fclose(f) != 0 && rc == STW_OK)
		rc = stw_error(err, STW_ERROR, "cannot write '%s': %s", path, strerror(errno));
out:
	stw_report_model_release(&m);
	free(text);
	free(map_path);
	return rc;
}
