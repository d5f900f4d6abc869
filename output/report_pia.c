/*
 * The PIA evidence of the report (docs/pia.md): the copies no catalog
 * declares, who can read personal data, how re-identifiable the people
 * are, and where one person's data lives.  Plain language first ("12 roles can read patients' diagnoses; 2
 * of them are not in the allowed list"), then the evidence.  Built once
 * into the report model; every format renders the same sections.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/locate.h"
#include "report_model.h"
#include "scanner/access.h"

static int
base_table(const struct stw_table *t)
{
	return !stw_table_is_partition(t) && (t->kind == NULL || strcmp(t->kind, "view") != 0);
}

static void
row(struct stw_rpt_section *s, size_t n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *c = va_arg(ap, const char *);
		stw_strv_push(&s->cells, c ? c : "");
	}
	va_end(ap);
	s->nrows++;
}

static void
heads(struct stw_rpt_section *s, const char *const *h)
{
	for (size_t i = 0; h[i]; i++)
		stw_strv_push(&s->head, h[i]);
}

/* ---- copies no catalog declares ------------------------------------------ */

static const struct stw_column *
endpoint_column(const struct stw_inventory *inv, const struct stw_endpoint *e)
{
	const struct stw_table *t = stw_inventory_endpoint_table(inv, e, NULL);

	return t && e->column ? stw_table_find_column(t, e->column) : NULL;
}

static enum stw_sensitivity
copy_sensitivity(const struct stw_inventory *inv, const struct stw_edge *e)
{
	const struct stw_column *c = endpoint_column(inv, &e->from);

	return c ? stw_column_max_sensitivity(c) : STW_SENS_NONE;
}

static int
copy_cmp(const void *pa, const void *pb, void *payload)
{
	const struct stw_edge *a = *(const struct stw_edge *const *)pa;
	const struct stw_edge *b = *(const struct stw_edge *const *)pb;
	const struct stw_inventory *inv = payload;
	enum stw_sensitivity sa = copy_sensitivity(inv, a), sb = copy_sensitivity(inv, b);

	if (sa != sb)
		return sa > sb ? -1 : 1;
	if (a->inference.rate != b->inference.rate)
		return a->inference.rate > b->inference.rate ? -1 : 1;
	return 0;
}

/* Insertion sort with a payload (qsort_r is not C11); the lists are short. */
static void
sort_copies(const struct stw_edge **v, size_t n, const struct stw_inventory *inv)
{
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && copy_cmp(&v[k], &v[k - 1], (void *)inv) < 0; k--) {
			const struct stw_edge *t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
}

static void
copies_section(struct stw_rpt *m, struct stw_rpt_section *s)
{
	static const char *const h[] = { "Origin", "Copy", "Category", "Sensitivity", "Equal",
		"Compared", "Method", "Confidence", NULL };
	const struct stw_inventory *inv = m->inv;
	const struct stw_edge **v = NULL;
	size_t n = 0, a = 0, joins = 0, special = 0, across = 0;

	s->id = "copies";
	s->title = "Copies no catalog declares";
	heads(s, h);
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];

		if (!e->inference.present)
			continue;
		stw_grow(&v, &a, n, sizeof(*v));
		v[n++] = e;
	}
	sort_copies(v, n, inv);
	for (size_t i = 0; i < n; i++) {
		const struct stw_edge *e = v[i];
		const struct stw_column *oc = endpoint_column(inv, &e->from);
		const struct stw_finding *top = oc ? stw_column_top_finding(oc) : NULL;
		char *from = stw_endpoint_str(&e->from), *to = stw_endpoint_str(&e->to);
		char rate[16], cmp[32], conf[16];

		joins += strcmp(e->inference.method, "join") == 0;
		special += top != NULL && top->sensitivity == STW_SENS_SPECIAL;
		across += strcmp(e->from.source, e->to.source) != 0;
		snprintf(rate, sizeof(rate), "%.0f%%", 100.0 * e->inference.rate);
		snprintf(cmp, sizeof(cmp), "%lld %s", e->inference.compared,
		    strcmp(e->inference.method, "join") == 0 ? "rows" : "hashes");
		snprintf(conf, sizeof(conf), "%.2f", e->inference.confidence);
		row(s, 8, from, to, top ? top->category : "", top ? stw_sensitivity_name(top->sensitivity)
		    : "", rate, cmp, e->inference.method, conf);
		free(from);
		free(to);
	}
	if (inv->fp_key_id == NULL && n == 0) {
		stw_strv_push(&s->lines, "Copies that no key, view, trigger or declared flow explains "
		    "were not looked for: the inventory has no fingerprints (scan --no-fingerprints or "
		    "--sample 0).");
	} else if (n == 0) {
		stw_strv_push(&s->lines, "No copy of personal data was found that a key, view, trigger "
		    "or declared flow does not already explain.");
	} else {
		stw_strv_push_owned(&s->lines, stw_asprintf("%zu column%s hold%s a copy of personal data "
		    "that no key, view, trigger or declared flow explains: %zu found by joining rows "
		    "along a foreign key, %zu by comparing value fingerprints.%s%s", n, n == 1 ? "" : "s",
		    n == 1 ? "s" : "", joins, n - joins,
		    special ? " Special-category data is among them." : "",
		    across ? " Some cross into another source." : ""));
		stw_strv_push(&s->lines, "A copy carries its origin's categories, purposes and "
		    "retention limit. Declare the copies that are intended (flows: in steward.yaml, or "
		    "an approval); drop or pseudonymise the others.");
	}
	free(v);
}

/* ---- who can read ------------------------------------------------------- */

static void
access_section(struct stw_rpt *m, struct stw_rpt_section *s)
{
	static const char *const h[] = { "Source", "Table", "Most sensitive column", "Category",
		"Readers", "Not allowed", "Who, and through what", NULL };
	const struct stw_inventory *inv = m->inv;
	size_t any = 0, lines = 0;

	s->id = "access";
	s->title = "Who can read personal data";
	heads(s, h);
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *src = inv->sources[i];
		int sqlite = src->engine != NULL && strcmp(src->engine, "sqlite") == 0;

		if (!src->access.present)
			continue;
		any++;
		for (size_t k = 0; k < src->access.problems.n; k++)
			stw_strv_push_owned(&s->lines, stw_asprintf("In %s the audit is incomplete: %s.",
			    src->name, src->access.problems.v[k]));
		if (sqlite && src->access.file_mode != NULL) {
			int world = strtol(src->access.file_mode, NULL, 8) & 04;
			stw_strv_push_owned(&s->lines, stw_asprintf("%s is a file owned by %s (mode %s): "
			    "%s.", src->name, src->access.file_owner, src->access.file_mode, world ?
			    "every account on the machine can read it, and all the personal data in it" :
			    "only its owner (and its group, if the mode says so) can read it"));
		}
		for (size_t k = 0; k < src->access.default_privileges.n && k < 5; k++)
			stw_strv_push_owned(&s->lines, stw_asprintf("In %s, new %s.", src->name,
			    src->access.default_privileges.v[k]));
		if (src->access.logging != NULL) {
			if (strcmp(src->access.logging, "none") == 0)
				stw_strv_push_owned(&s->lines, stw_asprintf("Reads are not logged in %s (%s).",
				    src->name, src->access.logging_evidence ? src->access.logging_evidence :
				    "no audit logging"));
			else
				stw_strv_push_owned(&s->lines, stw_asprintf("Statements are logged in %s by %s "
				    "(%s).", src->name, src->access.logging, src->access.logging_evidence ?
				    src->access.logging_evidence : ""));
		}
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			const struct stw_column *worst = NULL;
			const struct stw_finding *wf = NULL;
			struct stw_readers rd;
			struct stw_buf who = STW_BUF_INIT;
			size_t n = 0, blocked = 0, shown = 0, wild = 0;
			char nb[32], bb[32];

			if (stw_table_is_partition(tb))
				continue;
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const struct stw_finding *f = stw_column_top_finding(tb->columns[c]);
				if (f != NULL && f->sensitivity >= STW_SENS_PERSONAL &&
				    (wf == NULL || f->sensitivity > wf->sensitivity)) {
					wf = f;
					worst = tb->columns[c];
				}
			}
			if (worst == NULL)
				continue;
			stw_access_readers(&rd, src, tb, worst->name);
			for (size_t r = 0; r < rd.n; r++) {
				const struct stw_reader *x = &rd.v[r];
				if (stw_access_principal_in(x->principal, &m->cfg->access_ignore))
					continue;
				n++;
				if (stw_access_not_allowed(m->cfg, x, wf->category))
					blocked++;
				if (x->wildcard)
					wild++;
				if (shown < 6) {
					stw_buf_addf(&who, "%s%s (%s%s)", shown ? "; " : "", x->principal, x->via,
					    x->rls ? ", row level security applies" : "");
					shown++;
				}
			}
			if (n > shown)
				stw_buf_addf(&who, "; and %zu more", n - shown);
			snprintf(nb, sizeof(nb), "%zu", n);
			snprintf(bb, sizeof(bb), "%zu", blocked);
			row(s, 7, src->name, tb->name, worst->name, wf->category, nb,
			    stw_config_access_rule(m->cfg, wf->category) ? bb : "no rule", who.buf);
			if (lines < 12 && wf->sensitivity >= STW_SENS_HIGH && !sqlite) {
				struct stw_buf l = STW_BUF_INIT;
				stw_buf_addf(&l, "%zu role%s and account%s can read %s.%s in %s (%s, %s)", n,
				    n == 1 ? "" : "s", n == 1 ? "" : "s", tb->name, worst->name, src->name,
				    wf->category, stw_sensitivity_name(wf->sensitivity));
				if (stw_config_access_rule(m->cfg, wf->category) != NULL)
					stw_buf_addf(&l, "; %zu of them %s not in the allowed list", blocked,
					    blocked == 1 ? "is" : "are");
				if (wild)
					stw_buf_adds(&l, "; PUBLIC or a wildcard account is one of them");
				if (tb->access.rls == 1)
					stw_buf_adds(&l, "; row level security limits the rows most of them see");
				stw_buf_addc(&l, '.');
				stw_strv_push_owned(&s->lines, stw_buf_detach(&l));
				lines++;
			}
			stw_buf_release(&who);
			stw_readers_release(&rd);
		}
	}
	if (any == 0)
		stw_strv_push(&s->lines, "The inventory holds no access facts (scanned with "
		    "--no-access, or by an older steward).");
}

/* ---- re-identification -------------------------------------------------- */

static void
reid_section(struct stw_rpt *m, struct stw_rpt_section *s)
{
	static const char *const h[] = { "Source", "Table", "Quasi-identifiers", "Rows",
		"Unique rows", "Smallest group (k)", "l", "Reaches k >= 5", NULL };
	const struct stw_inventory *inv = m->inv;
	size_t any = 0;

	s->id = "reidentification";
	s->title = "Could the people be re-identified?";
	heads(s, h);
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *src = inv->sources[i];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			const struct stw_reid *r = tb->reid;
			const struct stw_reid_level *best = NULL;
			struct stw_buf q = STW_BUF_INIT, l = STW_BUF_INIT;
			char rows[48], uniq[48], k[32], lv[32];

			if (r == NULL || !r->present)
				continue;
			any++;
			for (size_t j = 0; j < r->quasi.n; j++)
				stw_buf_addf(&q, "%s%s", j ? ", " : "", r->quasi.v[j]);
			if (r->error != NULL) {
				stw_strv_push_owned(&s->lines, stw_asprintf("%s.%s could not be measured: %s.",
				    src->name, tb->name, r->error));
				stw_buf_release(&q);
				continue;
			}
			for (size_t j = 0; j < r->ngens; j++)
				if (r->gens[j]->k >= r->target_k) {
					best = r->gens[j];
					break;
				}
			snprintf(rows, sizeof(rows), "%lld%s", r->rows, r->exact ? "" : " (first rows)");
			snprintf(uniq, sizeof(uniq), "%lld (%.0f%%)", r->level.unique_rows,
			    r->rows ? 100.0 * (double)r->level.unique_rows / (double)r->rows : 0.0);
			snprintf(k, sizeof(k), "%lld", r->level.k);
			snprintf(lv, sizeof(lv), r->l >= 0 ? "%lld" : "-", r->l);
			if (r->level.k >= r->target_k) {
				row(s, 8, src->name, tb->name, q.buf, rows, uniq, k, lv, "as stored");
				stw_buf_addf(&l, "In %s, everyone shares their %s with at least %lld others "
				    "(k = %lld).", tb->name, q.buf, r->level.k - 1, r->level.k);
			} else {
				char *reach = best ? stw_asprintf("%s (k = %lld)", best->label, best->k)
				    : stw_strdup(r->ngens ? "none tried" : "-");
				if (best == NULL && r->ngens > 0) {
					free(reach);
					reach = stw_asprintf("not reached; %s leaves k = %lld",
					    r->gens[r->ngens - 1]->label, r->gens[r->ngens - 1]->k);
				}
				row(s, 8, src->name, tb->name, q.buf, rows, uniq, k, lv, reach);
				stw_buf_addf(&l, "In %s, %lld of %lld rows (%.0f%%) are the only ones with their "
				    "%s: whoever knows these about a person finds their row (smallest group %lld; "
				    "the target is %lld).", tb->name, r->level.unique_rows, r->rows,
				    r->rows ? 100.0 * (double)r->level.unique_rows / (double)r->rows : 0.0,
				    q.buf, r->level.k, r->target_k);
				if (best != NULL)
					stw_buf_addf(&l, " Generalised (%s), the smallest group has %lld.", best->label,
					    best->k);
				else if (r->ngens > 0)
					stw_buf_addf(&l, " Even generalised (%s), the smallest group has %lld: "
					    "release it only aggregated.", r->gens[r->ngens - 1]->label,
					    r->gens[r->ngens - 1]->k);
				free(reach);
			}
			if (r->l >= 0 && r->sensitive.n > 0 && r->l < 2)
				stw_buf_addf(&l, " Within a group the special-category %s%s takes as few as %lld "
				    "value%s (l = %lld): belonging to the group reveals it.", r->sensitive.v[0],
				    r->sensitive.n > 1 ? " columns" : "", r->l, r->l == 1 ? "" : "s", r->l);
			stw_strv_push_owned(&s->lines, stw_buf_detach(&l));
			stw_buf_release(&q);
			stw_buf_release(&l);
		}
	}
	if (any == 0)
		stw_strv_push(&s->lines, "No table of people with quasi-identifiers was measured "
		    "(none found, a names-only scan, or --reid-rows 0).");
}

/* ---- where one person's data lives --------------------------------------- */

static const struct stw_column *
lookup_column(const struct stw_table *t)
{
	const struct stw_column *pk = NULL;

	for (size_t c = 0; c < t->ncolumns; c++) {
		const struct stw_column *col = t->columns[c];
		for (size_t f = 0; f < col->nfindings; f++) {
			const struct stw_finding *x = col->findings[f];
			if (!stw_evidence_direct(x->evidence))
				continue;
			if (strncmp(x->category, "user.contact.email", 18) == 0)
				return col;
		}
		if (col->primary_key && pk == NULL)
			pk = col;
	}
	return pk;
}

static void
locate_section(struct stw_rpt *m, struct stw_rpt_section *s)
{
	static const char *const h[] = { "Person table", "Looked up by", "Tables holding their rows",
		"Views", "Erasure order", NULL };
	const struct stw_inventory *inv = m->inv;
	const char *invname = m->inventory_name ? m->inventory_name : "INVENTORY";
	size_t n = 0;

	s->id = "locate";
	s->title = "Where one person's data lives";
	heads(s, h);
	struct stw_locate **plans = NULL;
	char **bys = NULL;
	size_t np = 0, ap = 0;
	struct stw_locate_index *lx = stw_locate_index_new(inv);

	/* Every table of people's plan; a table another plan reaches (a copy
	 * of the e-mails) is that plan's, not a plan of its own. */
	for (size_t i = 0; i < inv->nsources; i++) {
		const struct stw_source *src = inv->sources[i];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			const struct stw_column *lc;
			struct stw_locate *plan = NULL;
			char *by;

			if (!base_table(tb) || tb->subject.kind != STW_SUBJ_PERSON ||
			    (lc = lookup_column(tb)) == NULL)
				continue;
			by = stw_asprintf("%s.%s.%s.%s", src->name, tb->schema ? tb->schema : "", tb->name,
			    lc->name);
			stw_locate_plan_column(&plan, inv, lx, src, tb, lc, by);
			if (plan->nentries == 0) {
				free(by);
				stw_locate_free(plan);
				continue;
			}
			stw_grow(&plans, &ap, np, sizeof(*plans));
			bys = stw_realloc(bys, ap * sizeof(*bys));
			plans[np] = plan;
			bys[np++] = by;
		}
	}
	stw_locate_index_free(lx);
	for (size_t pi = 0; pi < np && n < 10; pi++) {
		struct stw_locate *plan = plans[pi];
		const struct stw_locate_entry *e0 = &plan->entries[0];
		const struct stw_source *src = e0->src;
		const struct stw_table *tb = e0->t;
		const struct stw_column *lc = e0->col;
		char *by = bys[pi], *who, nt[32], nv[32];
		struct stw_buf order = STW_BUF_INIT;
		size_t nerase = 0, nviews = 0;
		int reached = 0;

		for (size_t pj = 0; pj < np && !reached; pj++)
			reached = pj != pi && stw_locate_covers(&plans[pj]->entries[0], e0);
		if (reached)
			continue;
		{
			for (int o = 1;; o++) {
				const struct stw_locate_step *st = NULL;
				for (size_t k = 0; k < plan->entries[0].nsteps; k++)
					if (plan->entries[0].steps[k].order == o)
						st = &plan->entries[0].steps[k];
				if (st == NULL)
					break;
				nerase++;
				stw_buf_addf(&order, "%s%s%s%s", o > 1 ? " -> " : "",
				    st->src != src ? st->src->name : "", st->src != src ? "." : "", st->t->name);
			}
			for (size_t k = 0; k < plan->entries[0].nsteps; k++)
				if (!plan->entries[0].steps[k].erase)
					nviews++;
			snprintf(nt, sizeof(nt), "%zu", nerase);
			snprintf(nv, sizeof(nv), "%zu", nviews);
			who = stw_asprintf("%s.%s", src->name, tb->name);
			row(s, 5, who, lc->name, nt, nv, order.buf);
			{
				char *views = nviews ? stw_asprintf(", and %zu view%s show%s them", nviews,
				    nviews == 1 ? "" : "s", nviews == 1 ? "s" : "") : stw_strdup("");
				stw_strv_push_owned(&s->lines, stw_asprintf("A person of %s found by %s: their "
				    "rows are in %zu table%s%s; erase them in this order: %s.", who, lc->name,
				    nerase, nerase == 1 ? "" : "s", views, order.buf));
				free(views);
			}
			stw_strv_push_owned(&s->code, stw_asprintf("steward locate %s --by %s --format "
			    "markdown", invname, by));
			free(who);
			stw_buf_release(&order);
			n++;
		}
	}
	for (size_t pi = 0; pi < np; pi++) {
		stw_locate_free(plans[pi]);
		free(bys[pi]);
	}
	free(plans);
	free(bys);
	if (n == 0)
		stw_strv_push(&s->lines, "No table of people with an e-mail or key column to look a "
		    "person up by.");
	else
		stw_strv_push(&s->lines, "The runbook (docs/locate.md) gives the SELECT for each table; "
		    "with --count it prints row counts for one value read from standard input.");
}

void
stw_report_pia_build(struct stw_rpt *m)
{
	copies_section(m, &m->pia[0]);
	access_section(m, &m->pia[1]);
	reid_section(m, &m->pia[2]);
	locate_section(m, &m->pia[3]);
}

void
stw_report_pia_release(struct stw_rpt *m)
{
	for (size_t i = 0; i < STW_RPT_NPIA; i++) {
		stw_strv_clear(&m->pia[i].lines);
		stw_strv_clear(&m->pia[i].head);
		stw_strv_clear(&m->pia[i].cells);
		stw_strv_clear(&m->pia[i].code);
	}
}

int
stw_report_section_present(const struct stw_rpt_section *s)
{
	return s->nrows > 0 || s->lines.n > 0;
}
