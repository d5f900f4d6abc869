/*
 * Unit tests for retention limits and anchors (scanner/retention.c) and
 * policy evaluation (output/policy.c) on synthetic inventories and configs:
 * dates and cutoffs, the strictest limit, tables: overrides, limits
 * inherited along lineage, anchor choice, every violation kind with its
 * evidence, severities, approvals-free purity and deterministic order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output/policy.h"
#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/retention.h"

/* ---- builders -------------------------------------------------------- */

static struct stw_cfg_policy *
policy(struct stw_cfg_policy ***arr, size_t *n, size_t *alloc, const char *match, long long days)
{
	struct stw_cfg_policy *p = stw_calloc(1, sizeof(*p));

	p->match = stw_strdup(match);
	p->retention_days = days;
	stw_grow(arr, alloc, *n, sizeof(**arr));
	(*arr)[(*n)++] = p;
	return p;
}

static struct stw_cfg_policy *
cat(struct stw_config *cfg, const char *match, long long days)
{
	return policy(&cfg->categories, &cfg->ncategories, &cfg->acategories, match, days);
}

static struct stw_cfg_policy *
tbl(struct stw_config *cfg, const char *match, long long days)
{
	return policy(&cfg->tables, &cfg->ntables, &cfg->atables, match, days);
}

static void
allow(struct stw_cfg_policy *p, const char *purpose)
{
	p->has_purposes = 1;
	if (purpose != NULL)
		stw_strv_push(&p->purposes, purpose);
}

static struct stw_table *
table(struct stw_source *s, const char *name, const char *kind, ...)
{
	struct stw_table *t = stw_source_add_table(s, "main", name, kind);
	va_list ap;
	const char *c;

	va_start(ap, kind);
	while ((c = va_arg(ap, const char *)) != NULL) {
		const char *type = va_arg(ap, const char *);
		stw_table_add_column(t, c, type, 1);
	}
	va_end(ap);
	return t;
}

static struct stw_finding *
tag(struct stw_table *t, const char *col, const char *category, enum stw_sensitivity s)
{
	struct stw_finding *f = stw_column_add_finding(stw_table_find_column(t, col), category,
	    category, s);

	f->evidence = STW_EVID_NAME;
	f->confidence = 0.9;
	return f;
}

static void
measured(struct stw_table *t, const char *category, const char *anchor, long long days,
    long long over, const char *oldest)
{
	stw_table_retain(t)->present = 1;
	stw_table_retain(t)->category = stw_strdup(category);
	stw_table_retain(t)->anchor = stw_strdup(anchor);
	stw_table_retain(t)->limit_days = days;
	stw_table_retain(t)->rows_over_limit = over;
	stw_table_retain(t)->oldest = stw_strdup(oldest);
	stw_table_retain(t)->exact = 1;
}

static struct stw_policy_result *
evaluate(const struct stw_inventory *inv, const struct stw_config *cfg)
{
	struct stw_policy_result *r = NULL;
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_policy_evaluate(&r, inv, cfg, &err), STW_OK);
	assert_non_null(r);
	return r;
}

static const struct stw_violation *
find(const struct stw_policy_result *r, enum stw_violation_kind k, const char *table)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i]->kind == k && strcmp(r->v[i]->table, table) == 0)
			return r->v[i];
	return NULL;
}

static size_t
count(const struct stw_policy_result *r, enum stw_violation_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i]->kind == k;
	return n;
}

/* ---- dates ----------------------------------------------------------- */

static void
test_policy__dates(void **state)
{
	long long d;
	char out[32];

	(void)state;
	assert_int_equal(stw_date_days(&d, "1970-01-01"), STW_OK);
	assert_int_equal(d, 0);
	assert_int_equal(stw_date_days(&d, "2000-03-01"), STW_OK);
	assert_int_equal(d, 11017);
	assert_int_equal(stw_date_days(&d, "2024-02-29 10:00:00"), STW_OK);
	assert_int_equal(stw_date_days(&d, "2023-02-29"), STW_EUSAGE);
	assert_int_equal(stw_date_days(&d, "2100-02-29"), STW_EUSAGE);
	assert_int_equal(stw_date_days(&d, "2026-13-01"), STW_EUSAGE);
	assert_int_equal(stw_date_days(&d, "2026-1-01"), STW_EUSAGE);
	assert_int_equal(stw_date_days(&d, "2026-01-01x"), STW_EUSAGE);
	assert_int_equal(stw_date_days(&d, ""), STW_EUSAGE);
	for (long long x = -700000; x < 2900000; x += 997) {
		long long back;
		stw_date_format(out, sizeof(out), x);
		assert_int_equal(stw_date_days(&back, out), STW_OK);
		assert_int_equal(back, x);
	}
	/* 2026-06-30 minus 730 days: no 29 February in between. */
	assert_int_equal(stw_retention_cutoff(out, "2026-06-30", 730), STW_OK);
	assert_string_equal(out, "2024-06-30 00:00:00");
	assert_int_equal(stw_retention_cutoff(out, "2024-03-01", 1), STW_OK);
	assert_string_equal(out, "2024-02-29 00:00:00");
	assert_int_equal(stw_retention_cutoff(out, "bad", 1), STW_EUSAGE);
	assert_int_equal(stw_retention_age_days("2026-06-30", "2024-06-28 10:00:00+00"), 732);
	assert_int_equal(stw_retention_age_days("2026-06-30", "garbage"), -1);
}

/* ---- limits and anchors ---------------------------------------------- */

static void
test_policy__limit_strictest_and_override(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_config *cfg = stw_config_new();
	struct stw_table *t = table(s, "customers", "table", "birth", "date", "email", "text",
	    "phone", "text", NULL);
	struct stw_table *v = table(s, "v_customers", "view", "email", "text", NULL);
	struct stw_retention_limit lim;

	(void)state;
	tag(t, "email", "user.contact.email", STW_SENS_PERSONAL);
	tag(t, "phone", "user.contact.phone_number", STW_SENS_PERSONAL);
	tag(t, "birth", "user.demographic.date_of_birth", STW_SENS_QUASI);
	tag(v, "email", "user.contact.email", STW_SENS_PERSONAL);
	cat(cfg, "user.contact", 730);
	cat(cfg, "user.contact.phone_number", 365);
	/* A more specific entry without a limit does not hide the broader one. */
	cat(cfg, "user.contact.email", -1);
	stw_retention_limit(&lim, inv, s, t, cfg);
	assert_int_equal(lim.days, 365);
	assert_string_equal(lim.category, "user.contact.phone_number");
	assert_null(lim.upstream);
	stw_retention_limit_release(&lim);

	/* A tables: retention applies to every category in the table. */
	tbl(cfg, "shop.main.cust*", 3650);
	stw_retention_limit(&lim, inv, s, t, cfg);
	assert_int_equal(lim.days, 3650);
	/* All equal: the most sensitive category with a limit of its own names
	 * it, first in catalog order. */
	assert_string_equal(lim.category, "user.contact.email");
	stw_retention_limit_release(&lim);

	/* Views store nothing: no limit. */
	stw_retention_limit(&lim, inv, s, v, cfg);
	assert_int_equal(lim.days, -1);
	stw_retention_limit_release(&lim);
	/* No config, no limit. */
	stw_retention_limit(&lim, inv, s, t, NULL);
	assert_int_equal(lim.days, -1);
	stw_retention_limit_release(&lim);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_policy__limit_follows_lineage(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_source *a = stw_inventory_add_source(inv, "analytics");
	struct stw_config *cfg = stw_config_new();
	struct stw_table *src = table(s, "customers", "table", "email", "text", NULL);
	struct stw_table *mid = table(a, "stage", "table", "mail", "text", NULL);
	struct stw_table *copy = table(a, "copy", "table", "mail", "text", "other", "text", NULL);
	struct stw_retention_limit lim;
	char *path;

	(void)state;
	tag(src, "email", "user.contact.email", STW_SENS_PERSONAL);
	tag(mid, "mail", "user.contact.email", STW_SENS_PERSONAL);
	tag(copy, "mail", "user.contact.email", STW_SENS_PERSONAL);
	cat(cfg, "user.contact", 730);
	tbl(cfg, "analytics.*", 1825);
	stw_inventory_add_edge(inv, "declared", "shop", "main", "customers", "email",
	    "analytics", "main", "stage", "mail", NULL);
	stw_inventory_add_edge(inv, "trigger", "analytics", "main", "stage", "mail",
	    "analytics", "main", "copy", "mail", NULL);
	/* A foreign key is not a copy. */
	stw_inventory_add_edge(inv, "fk", "shop", "main", "customers", "email",
	    "analytics", "main", "copy", "other", NULL);
	stw_retention_limit(&lim, inv, a, copy, cfg);
	assert_int_equal(lim.own_days, 1825);
	assert_int_equal(lim.days, 730);
	assert_string_equal(lim.upstream, "shop.main.customers");
	assert_string_equal(lim.path, "shop.main.customers.email -[declared]-> analytics.main.stage.mail "
	    "-[trigger]-> analytics.main.copy.mail");
	stw_retention_limit_release(&lim);
	path = stw_retention_upstream_path(inv, a, copy, "mail", "user.contact.email");
	assert_string_equal(path, "shop.main.customers.email -[declared]-> analytics.main.stage.mail "
	    "-[trigger]-> analytics.main.copy.mail");
	free(path);
	assert_null(stw_retention_upstream_path(inv, s, src, "email", "user.contact.email"));
	/* An upstream limit as long as the own one is not "inherited". */
	cfg->tables[0]->retention_days = 730;
	stw_retention_limit(&lim, inv, a, copy, cfg);
	assert_int_equal(lim.days, 730);
	assert_null(lim.upstream);
	stw_retention_limit_release(&lim);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_policy__anchor(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_config *cfg = stw_config_new();
	struct stw_table *t = table(s, "customers", "table", "email", "text", "created_at",
	    "timestamp with time zone", "updated_at", "timestamp", "last_login_at", "text",
	    "birth_at", "date", NULL);
	struct stw_table *u = table(s, "events", "table", "email", "text", "birth_at", "date",
	    "seen_at", "datetime", NULL);
	struct stw_table *w = table(s, "notes", "table", "email", "text", "note", "text", NULL);
	struct stw_cfg_policy *p;

	(void)state;
	s->engine = stw_strdup("postgres");
	tag(u, "birth_at", "user.demographic.date_of_birth", STW_SENS_QUASI);
	/* Defaults: a text last_login_at is not a timestamp on PostgreSQL;
	 * updated_at comes before created_at. */
	assert_string_equal(stw_retention_anchor(s, t, cfg, "user.contact.email"), "updated_at");
	/* On SQLite, declared types are loose: text counts. */
	free(s->engine);
	s->engine = stw_strdup("sqlite");
	assert_string_equal(stw_retention_anchor(s, t, cfg, "user.contact.email"), "last_login_at");
	/* Any other *_at date column, but not one that is personal data itself. */
	assert_string_equal(stw_retention_anchor(s, u, cfg, "user.contact.email"), "seen_at");
	assert_null(stw_retention_anchor(s, w, cfg, "user.contact.email"));
	/* Category anchors, most specific list first; missing names skipped. */
	p = cat(cfg, "user.contact", 30);
	stw_strv_push(&p->anchor, "nope");
	stw_strv_push(&p->anchor, "created_at");
	assert_string_equal(stw_retention_anchor(s, t, cfg, "user.contact.email"), "created_at");
	/* A configured anchor is trusted whatever its type; tables: wins. */
	p = tbl(cfg, "shop.main.customers", -1);
	stw_strv_push(&p->anchor, "email");
	assert_string_equal(stw_retention_anchor(s, t, cfg, "user.contact.email"), "email");
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

/* ---- violations ------------------------------------------------------ */

/* shop: customers(email, last_login_at) [order_fulfilment], a marketing
 * view over it, an analytics copy; the user.contact policy allows
 * order_fulfilment and marketing, 730 days. */
static struct stw_inventory *
shop(struct stw_config *cfg, const char *view_sql)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_table *c = table(s, "customers", "table", "id", "integer", "email", "text",
	    "opt_in", "integer", "last_login_at", "timestamp", "do_not_contact", "boolean",
	    "marketing_email", "integer", "email_marketing", "integer", "newsletter_subscribed",
	    "boolean", "email_sent_at", "timestamp", NULL);
	struct stw_table *v = table(s, "marketing_contacts", "view", "email", "text", NULL);
	struct stw_table *a = table(s, "crm_copy", "table", "mail", "text", "health", "text", NULL);
	struct stw_finding *f;
	struct stw_cfg_policy *p;

	s->engine = stw_strdup("sqlite");
	tag(c, "email", "user.contact.email", STW_SENS_PERSONAL);
	f = tag(v, "email", "user.contact.email", STW_SENS_PERSONAL);
	f->evidence = STW_EVID_INHERITED;
	f->inherited_from = stw_strdup("shop.main.customers.email");
	f->path = stw_strdup("shop.main.customers.email -[view]-> shop.main.marketing_contacts.email");
	tag(a, "mail", "user.contact.email", STW_SENS_PERSONAL);
	tag(a, "health", "user.health_and_medical", STW_SENS_SPECIAL);
	stw_strv_push(&c->purposes, "order_fulfilment");
	stw_strv_push(&v->purposes, "marketing");
	stw_strv_push(&a->purposes, "analytics");
	v->definition = stw_strdup(view_sql);
	stw_inventory_add_edge(inv, "view", "shop", "main", "customers", "email",
	    "shop", "main", "marketing_contacts", "email", NULL);
	stw_inventory_add_edge(inv, "declared", "shop", "main", "customers", "email",
	    "shop", "main", "crm_copy", "mail", NULL);
	inv->as_of = stw_strdup("2026-06-30");
	p = cat(cfg, "user.contact", 730);
	allow(p, "order_fulfilment");
	allow(p, "marketing");
	p = cat(cfg, "user.health_and_medical", -1);
	allow(p, "care");
	return inv;
}

static void
test_policy__retention_kinds(void **state)
{
	struct stw_config *cfg = stw_config_new();
	struct stw_inventory *inv = shop(cfg, "SELECT email FROM customers WHERE opt_in = 1");
	struct stw_source *s = inv->sources[0];
	struct stw_policy_result *r;
	const struct stw_violation *v;

	(void)state;
	tbl(cfg, "shop.main.crm_copy", 1825);
	measured(stw_source_find_table(s, "main", "customers"), "user.contact.email",
	    "last_login_at", 730, 12, "2019-01-01 00:00:00");
	measured(stw_source_find_table(s, "main", "crm_copy"), "user.contact.email", "copied_at",
	    730, 4, "2020-01-01");
	r = evaluate(inv, cfg);
	v = find(r, STW_VIOL_RETENTION, "customers");
	assert_non_null(v);
	assert_int_equal(v->rows, 12);
	assert_int_equal(v->exact, 1);
	assert_int_equal(v->severity, STW_SEV_HIGH);
	assert_null(v->column);
	assert_string_equal(v->message, "12 rows of user.contact.email data older than the 730-day limit");
	assert_non_null(strstr(v->evidence, "before 2024-06-30 00:00:00 (as of 2026-06-30)"));
	assert_non_null(strstr(v->evidence, "oldest 2019-01-01 00:00:00 (2737 days old)"));
	/* The copy's limit came from its source: a copy violation, with the
	 * path; special-category data in it makes it critical. */
	v = find(r, STW_VIOL_RETENTION_COPY, "crm_copy");
	assert_non_null(v);
	assert_int_equal(v->rows, 4);
	assert_int_equal(v->severity, STW_SEV_CRITICAL);
	assert_non_null(strstr(v->evidence, "copied along shop.main.customers.email -[declared]-> "
	    "shop.main.crm_copy.mail"));
	assert_null(find(r, STW_VIOL_RETENTION, "crm_copy"));
	stw_policy_result_free(r);

	/* Zero rows over: nothing.  No anchor: unverifiable.  An estimate
	 * says so. */
	stw_table_retain(stw_source_find_table(s, "main", "customers"))->rows_over_limit = 0;
	{
		struct stw_retention *rt = stw_table_retain(stw_source_find_table(s, "main", "crm_copy"));
		rt->exact = 0;
	}
	r = evaluate(inv, cfg);
	assert_null(find(r, STW_VIOL_RETENTION, "customers"));
	assert_non_null(strstr(find(r, STW_VIOL_RETENTION_COPY, "crm_copy")->message, "about 4 rows"));
	stw_policy_result_free(r);
	{
		struct stw_retention *rt = stw_table_retain(stw_source_find_table(s, "main", "customers"));
		STW_FREE(rt->anchor);
		rt->rows_over_limit = -1;
		rt->note = stw_strdup("no anchor column");
	}
	r = evaluate(inv, cfg);
	v = find(r, STW_VIOL_RETENTION_UNVERIFIABLE, "customers");
	assert_non_null(v);
	assert_int_equal(v->severity, STW_SEV_MEDIUM);
	assert_non_null(strstr(v->message, "cannot be verified: no anchor column"));
	stw_policy_result_free(r);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_policy__not_measured(void **state)
{
	struct stw_config *cfg = stw_config_new();
	struct stw_inventory *inv = shop(cfg, "SELECT email FROM customers WHERE opt_in = 1");
	struct stw_policy_result *r;

	(void)state;
	/* Limits in the config but no retention facts in the inventory. */
	r = evaluate(inv, cfg);
	assert_int_equal(count(r, STW_VIOL_RETENTION_UNVERIFIABLE), 2);
	assert_int_equal(find(r, STW_VIOL_RETENTION_UNVERIFIABLE, "customers")->severity, STW_SEV_LOW);
	assert_null(find(r, STW_VIOL_RETENTION_UNVERIFIABLE, "marketing_contacts"));
	stw_policy_result_free(r);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_policy__purpose(void **state)
{
	struct stw_config *cfg = stw_config_new();
	struct stw_inventory *inv = shop(cfg, "SELECT email FROM customers WHERE opt_in = 1");
	struct stw_policy_result *r;
	const struct stw_violation *v;

	(void)state;
	r = evaluate(inv, cfg);
	/* crm_copy.mail: found by name, but fed by customers.email: a flow. */
	v = find(r, STW_VIOL_PURPOSE_FLOW, "crm_copy");
	assert_non_null(v);
	assert_string_equal(v->column, "mail");
	assert_string_equal(v->category, "user.contact.email");
	assert_int_equal(v->severity, STW_SEV_HIGH);
	assert_string_equal(v->message, "user.contact.email flows into a table used for analytics, "
	    "which user.contact allows only order_fulfilment, marketing");
	assert_string_equal(v->evidence, "table purposes: analytics; path: shop.main.customers.email "
	    "-[declared]-> shop.main.crm_copy.mail");
	/* Special-category data where its purposes do not allow: critical. */
	v = find(r, STW_VIOL_PURPOSE, "crm_copy");
	assert_non_null(v);
	assert_string_equal(v->column, "health");
	assert_int_equal(v->severity, STW_SEV_CRITICAL);
	/* Allowed purposes: nothing on customers or the view. */
	assert_null(find(r, STW_VIOL_PURPOSE, "customers"));
	assert_null(find(r, STW_VIOL_PURPOSE_FLOW, "marketing_contacts"));
	assert_int_equal(count(r, STW_VIOL_CONSENT), 0);
	stw_policy_result_free(r);

	/* A flow into a table that was not scanned: purposes from steward.yaml. */
	{
		struct stw_cfg_policy *p = tbl(cfg, "dwh.public.leads", -1);
		allow(p, "sales");
		stw_inventory_add_edge(inv, "declared", "shop", "main", "customers", NULL,
		    "dwh", "public", "leads", NULL, NULL);
	}
	r = evaluate(inv, cfg);
	v = find(r, STW_VIOL_PURPOSE_FLOW, "leads");
	assert_non_null(v);
	assert_string_equal(v->source, "dwh");
	assert_string_equal(v->column, "email");
	assert_non_null(strstr(v->evidence, "shop.main.customers.email -[declared]-> dwh.public.leads.email"));
	stw_policy_result_free(r);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_policy__consent(void **state)
{
	static const struct { const char *sql; int flagged; } cases[] = {
		{ "SELECT email FROM customers", 1 },
		{ "SELECT email FROM customers WHERE id > 10", 1 },
		{ "SELECT email FROM customers WHERE opt_in = 1", 0 },
		{ "SELECT c.email FROM customers c JOIN consents k ON k.customer_id = c.id", 1 },
		{ "SELECT c.email FROM customers c JOIN consents k ON k.customer_id = c.id AND k.granted", 0 },
		{ "SELECT email FROM customers WHERE NOT do_not_contact", 0 },
		{ "SELECT email FROM customers WHERE marketing_email = 1", 0 },
		{ "SELECT email FROM customers WHERE email_marketing = 1", 0 },
		{ "SELECT email FROM customers WHERE email_sent_at IS NULL", 1 },
		{ "SELECT email FROM (SELECT * FROM customers WHERE newsletter_subscribed) x", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stw_config *cfg = stw_config_new();
		struct stw_inventory *inv = shop(cfg, cases[i].sql);
		struct stw_policy_result *r = evaluate(inv, cfg);
		const struct stw_violation *v = find(r, STW_VIOL_CONSENT, "marketing_contacts");

		if ((v != NULL) != cases[i].flagged)
			fail_msg("consent case %zu (%s): flagged %d, want %d", i, cases[i].sql, v != NULL,
			    cases[i].flagged);
		if (v != NULL) {
			assert_int_equal(v->severity, STW_SEV_HIGH);
			assert_null(v->column);
			assert_non_null(strstr(v->evidence, "consent columns available: customers.opt_in"));
			assert_non_null(strstr(v->evidence, "path: shop.main.customers.email -[view]-> "
			    "shop.main.marketing_contacts.email"));
		}
		stw_policy_result_free(r);
		stw_config_free(cfg);
		stw_inventory_free(inv);
	}
	/* SQL that cannot be parsed: cannot tell, medium. */
	{
		struct stw_config *cfg = stw_config_new();
		struct stw_inventory *inv = shop(cfg, "SELEKT email FROM");
		struct stw_policy_result *r = evaluate(inv, cfg);
		const struct stw_violation *v = find(r, STW_VIOL_CONSENT, "marketing_contacts");
		assert_non_null(v);
		assert_int_equal(v->severity, STW_SEV_MEDIUM);
		stw_policy_result_free(r);
		stw_config_free(cfg);
		stw_inventory_free(inv);
	}
}

static void
test_policy__order_and_names(void **state)
{
	struct stw_config *cfg = stw_config_new();
	struct stw_inventory *inv = shop(cfg, "SELECT email FROM customers");
	struct stw_policy_result *r, *r2;
	enum stw_severity sev;

	(void)state;
	measured(stw_source_find_table(inv->sources[0], "main", "customers"), "user.contact.email",
	    "last_login_at", 730, 1, "2020-01-01");
	r = evaluate(inv, cfg);
	r2 = evaluate(inv, NULL);
	assert_true(r->n >= 4);
	for (size_t i = 1; i < r->n; i++) {
		const struct stw_violation *a = r->v[i - 1], *b = r->v[i];
		int c = strcmp(a->table, b->table);
		assert_true(c < 0 || (c == 0 && (a->column == NULL || (b->column != NULL &&
		    strcmp(a->column, b->column) <= 0))));
	}
	/* Without a config there is no policy, but retention measured at scan
	 * time still counts. */
	assert_int_equal(r2->n, 2);
	assert_int_equal(r2->v[0]->kind, STW_VIOL_RETENTION);
	/* The consent check needs only the purposes recorded in the inventory. */
	assert_int_equal(r2->v[1]->kind, STW_VIOL_CONSENT);
	assert_string_equal(stw_violation_kind_name(STW_VIOL_PURPOSE_FLOW), "purpose-flow");
	assert_string_equal(stw_severity_name(STW_SEV_CRITICAL), "critical");
	assert_int_equal(stw_severity_parse(&sev, "Medium"), STW_OK);
	assert_int_equal(sev, STW_SEV_MEDIUM);
	assert_int_equal(stw_severity_parse(&sev, "severe"), STW_EUSAGE);
	stw_policy_result_free(r);
	stw_policy_result_free(r2);
	stw_policy_result_free(NULL);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy__dates),
		cmocka_unit_test(test_policy__limit_strictest_and_override),
		cmocka_unit_test(test_policy__limit_follows_lineage),
		cmocka_unit_test(test_policy__anchor),
		cmocka_unit_test(test_policy__retention_kinds),
		cmocka_unit_test(test_policy__not_measured),
		cmocka_unit_test(test_policy__purpose),
		cmocka_unit_test(test_policy__consent),
		cmocka_unit_test(test_policy__order_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
