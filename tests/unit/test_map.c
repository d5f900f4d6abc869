/*
 * Unit tests for the lineage map: DOT text (nodes, clusters, edges styled
 * per kind, legend, markers), escaping of hostile names, and the filters
 * (--focus/--depth, --category, --only-sensitive, --level column), on
 * synthetic inventories.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "output/map.h"
#include "scanner/inventory.h"

static struct stw_table *
table(struct stw_source *s, const char *schema, const char *name, const char *kind, ...)
{
	struct stw_table *t = stw_source_add_table(s, schema, name, kind);
	va_list ap;
	const char *c;

	va_start(ap, kind);
	while ((c = va_arg(ap, const char *)) != NULL)
		stw_table_add_column(t, c, "text", 1);
	va_end(ap);
	return t;
}

static void
tag(struct stw_table *t, const char *col, const char *cat, enum stw_sensitivity s, int inherited)
{
	struct stw_finding *f = stw_column_add_finding(stw_table_find_column(t, col), cat, cat, s);

	f->evidence = inherited ? STW_EVID_INHERITED : STW_EVID_NAME;
	f->confidence = 0.9;
}

/* shop: customers -> marketing view, orders (fk), email trigger copy,
 * pharmacy allergies; analytics: declared copy; plus a hostile table. */
static struct stw_inventory *
demo_like(void)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_source *a = stw_inventory_add_source(inv, "analytics");
	struct stw_table *c, *v, *h, *al, *cp, *x;

	s->engine = stw_strdup("sqlite");
	a->engine = stw_strdup("postgres");
	c = table(s, "main", "customers", "table", "id", "email", "full_name", "consent", NULL);
	table(s, "main", "orders", "table", "id", "customer_id", "total", NULL);
	v = table(s, "main", "marketing_contacts", "view", "email", "name", NULL);
	h = table(s, "main", "customer_email_history", "table", "customer_id", "old_email", NULL);
	al = table(s, "main", "allergies", "table", "customer_id", "allergen", NULL);
	cp = table(a, "crm", "customers_copy", "table", "email_addr", "segment", NULL);
	x = table(s, "we<ird>", "t&\"'", "table", "c<o>l", NULL);
	tag(c, "email", "user.contact.email", STW_SENS_PERSONAL, 0);
	tag(c, "full_name", "user.name", STW_SENS_PERSONAL, 0);
	tag(v, "email", "user.contact.email", STW_SENS_PERSONAL, 1);
	tag(v, "name", "user.name", STW_SENS_PERSONAL, 1);
	tag(h, "old_email", "user.contact.email", STW_SENS_PERSONAL, 1);
	tag(al, "allergen", "user.health", STW_SENS_SPECIAL, 0);
	tag(cp, "email_addr", "user.contact.email", STW_SENS_PERSONAL, 1);
	tag(x, "c<o>l", "user.name", STW_SENS_QUASI, 0);
	stw_inventory_add_edge(inv, "fk", "shop", "main", "customers", "id", "shop", "main", "orders",
	    "customer_id", "foreign key orders_fk");
	stw_inventory_add_edge(inv, "fk", "shop", "main", "customers", "id", "shop", "main",
	    "allergies", "customer_id", "foreign key allergies_fk");
	stw_inventory_add_edge(inv, "view", "shop", "main", "customers", "email", "shop", "main",
	    "marketing_contacts", "email", "view marketing_contacts: email <- customers.email");
	stw_inventory_add_edge(inv, "view", "shop", "main", "customers", "full_name", "shop", "main",
	    "marketing_contacts", "name", "view marketing_contacts: name <- customers.full_name");
	stw_inventory_add_edge(inv, "trigger", "shop", "main", "customers", "email", "shop", "main",
	    "customer_email_history", "old_email", "trigger trg on customers");
	stw_inventory_add_edge(inv, "declared", "shop", "main", "customers", "email", "analytics",
	    "crm", "customers_copy", "email_addr", "declared flow via nightly");
	stw_inventory_add_edge(inv, "declared", "analytics", "crm", "customers_copy", NULL,
	    "warehouse", "dw", "contacts", NULL, "declared flow");
	return inv;
}

static char *
dot(const struct stw_inventory *inv, const struct stw_map_opts *o)
{
	struct stw_err err = STW_ERR_INIT;
	char *text = NULL;

	assert_int_equal(stw_map_dot(&text, inv, o, &err), STW_OK);
	assert_non_null(text);
	if (getenv("TEST_MAP_DUMP") != NULL)
		fputs(text, stderr);
	return text;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_map__full_dot(void **state)
{
	struct stw_inventory *inv = demo_like();
	struct stw_map_opts o;
	size_t nodes, edges;
	struct stw_err err = STW_ERR_INIT;
	char *d;

	stw_map_opts_init(&o);
	d = dot(inv, &o);
	assert_non_null(strstr(d, "digraph lineage"));
	assert_non_null(strstr(d, "subgraph cluster_shop {"));
	assert_non_null(strstr(d, "subgraph \"cluster_shop/main\""));
	assert_non_null(strstr(d, "subgraph \"cluster_analytics/crm\""));
	assert_non_null(strstr(d, "subgraph cluster_legend"));
	assert_non_null(strstr(d, "\"shop.main.customers\""));
	assert_non_null(strstr(d, "\"analytics.crm.customers_copy\""));
	/* The undeclared warehouse table exists only as a flow's end. */
	assert_non_null(strstr(d, "\"warehouse.dw.contacts\""));
	assert_non_null(strstr(d, "not scanned"));
	/* Markers and colours by highest sensitivity. */
	assert_non_null(strstr(d, "[special]"));
	assert_non_null(strstr(d, "#D55E00"));
	assert_non_null(strstr(d, "[personal]"));
	/* Categories by name, the copies marked as copies. */
	assert_non_null(strstr(d, "Email [personal]"));
	assert_non_null(strstr(d, "(copied)"));
	/* Edge styles per kind. */
	assert_non_null(strstr(d, "style=dotted"));
	assert_non_null(strstr(d, "style=dashed"));
	assert_non_null(strstr(d, "style=bold"));
	/* Table level: the two view column edges become one edge. */
	assert_int_equal(count(d, "\"shop.main.customers\" -> \"shop.main.marketing_contacts\""), 1);
	assert_int_equal(count(d, "\"shop.main.customers\" -> \"analytics.crm.customers_copy\""), 1);
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	assert_int_equal(nodes, 8);
	assert_int_equal(edges, 7);
	free(d);
	stw_inventory_free(inv);
}

static void
test_map__hostile_names_escaped(void **state)
{
	struct stw_inventory *inv = demo_like();
	struct stw_map_opts o;
	char *d;

	stw_map_opts_init(&o);
	d = dot(inv, &o);
	/* In HTML labels: entities, never raw markup from names. */
	assert_non_null(strstr(d, "t&amp;&quot;&#39;"));
	assert_non_null(strstr(d, "c&lt;o&gt;l"));
	assert_null(strstr(d, "<B>t&\"'"));
	assert_null(strstr(d, "c<o>l"));
	free(d);
	stw_inventory_free(inv);
}

static void
test_map__focus_depth(void **state)
{
	struct stw_inventory *inv = demo_like();
	struct stw_map_opts o;
	struct stw_err err = STW_ERR_INIT;
	size_t nodes, edges;
	char *d, *text = NULL;

	stw_map_opts_init(&o);
	o.focus = "shop.main.customers_copy";
	assert_int_equal(stw_map_dot(&text, inv, &o, &err), STW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "shop.main.customers_copy"));
	o.focus = "analytics.crm.customers_copy";
	o.depth = 1;
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	/* customers upstream, warehouse downstream; not orders (a sibling). */
	assert_int_equal(nodes, 3);
	assert_int_equal(edges, 2);
	o.depth = 0;
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	assert_int_equal(nodes, 1);
	assert_int_equal(edges, 0);
	/* Column focus: customers.email reaches the view, the trigger copy and
	 * the declared copy, but not orders (fk on id). */
	o.focus = "shop.main.customers.email";
	o.depth = 5;
	d = dot(inv, &o);
	assert_non_null(strstr(d, "\"shop.main.marketing_contacts\""));
	assert_non_null(strstr(d, "\"shop.main.customer_email_history\""));
	assert_non_null(strstr(d, "\"analytics.crm.customers_copy\""));
	assert_non_null(strstr(d, "\"warehouse.dw.contacts\""));
	assert_null(strstr(d, "\"shop.main.orders\""));
	free(d);
	stw_inventory_free(inv);
}

static void
test_map__category_and_sensitive(void **state)
{
	struct stw_inventory *inv = demo_like();
	struct stw_map_opts o;
	struct stw_err err = STW_ERR_INIT;
	size_t nodes, edges;
	char *d;

	stw_map_opts_init(&o);
	o.category = "user.contact";
	d = dot(inv, &o);
	assert_non_null(strstr(d, "\"shop.main.customers\""));
	assert_non_null(strstr(d, "\"shop.main.marketing_contacts\""));
	assert_null(strstr(d, "\"shop.main.allergies\""));
	assert_null(strstr(d, "\"shop.main.orders\""));
	assert_null(strstr(d, "user.health"));
	free(d);
	o.category = "user.health";
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	assert_int_equal(nodes, 1);
	assert_int_equal(edges, 0);
	o.category = "user.cont";   /* prefixes match on dot boundaries only */
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	assert_int_equal(nodes, 0);
	stw_map_opts_init(&o);
	o.only_sensitive = 1;
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	/* orders has no findings; the unscanned warehouse end is dropped. */
	assert_int_equal(nodes, 6);
	assert_int_equal(edges, 5);
	stw_inventory_free(inv);
}

static void
test_map__column_level(void **state)
{
	struct stw_inventory *inv = demo_like();
	struct stw_map_opts o;
	char *d;

	stw_map_opts_init(&o);
	o.level = STW_MAP_COLUMN;
	d = dot(inv, &o);
	/* One edge per column edge, between ports (email c1 -> c0, name c2 -> c1). */
	assert_non_null(strstr(d, "\"shop.main.customers\":c1:e -> \"shop.main.marketing_contacts\":c0:w"));
	assert_non_null(strstr(d, "\"shop.main.customers\":c2:e -> \"shop.main.marketing_contacts\":c1:w"));
	assert_non_null(strstr(d, "PORT=\"c1\""));
	/* Key columns appear at column level because edges use them. */
	assert_non_null(strstr(d, "customer_id"));
	free(d);
	stw_inventory_free(inv);
}

static void
test_map__violation_marked(void **state)
{
	struct stw_inventory *inv = demo_like();
	struct stw_policy_result pr;
	struct stw_violation v, *vp = &v;
	struct stw_map_opts o;
	char *d;

	memset(&v, 0, sizeof(v));
	v.kind = STW_VIOL_CONSENT;
	v.source = (char *)"shop";
	v.schema = (char *)"main";
	v.table = (char *)"marketing_contacts";
	pr.v = &vp;
	pr.n = pr.alloc = 1;
	stw_map_opts_init(&o);
	o.violations = &pr;
	d = dot(inv, &o);
	assert_int_equal(count(d, " [violation 1]</FONT>"), 1);
	assert_non_null(strstr(d, "#CC0000"));
	free(d);
	stw_inventory_free(inv);
}

static void
test_map__big_focus(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "big");
	struct stw_map_opts o;
	struct stw_err err = STW_ERR_INIT;
	size_t nodes, edges;
	char name[32], prev[32];
	clock_t t0;
	char *d;

	/* 2,000 tables in a chain of foreign keys plus a view every 10. */
	for (int i = 0; i < 2000; i++) {
		struct stw_table *t;
		snprintf(name, sizeof(name), "t%04d", i);
		t = table(s, "public", name, "table", "id", "parent_id", "email", NULL);
		if (i % 7 == 0)
			tag(t, "email", "user.contact.email", STW_SENS_PERSONAL, 0);
		if (i > 0)
			stw_inventory_add_edge(inv, "fk", "big", "public", prev, "id", "big", "public",
			    name, "parent_id", "fk");
		if (i % 10 == 0) {
			char vn[40];
			snprintf(vn, sizeof(vn), "v%04d", i);
			table(s, "public", vn, "view", "email", NULL);
			stw_inventory_add_edge(inv, "view", "big", "public", name, "email", "big",
			    "public", vn, "email", "view");
		}
		memcpy(prev, name, sizeof(prev));
	}
	stw_map_opts_init(&o);
	o.focus = "big.public.t1000";
	o.depth = 2;
	t0 = clock();
	assert_int_equal(stw_map_count(&nodes, &edges, inv, &o, &err), STW_OK);
	/* t0998, t0999, t1000, t1001, t1002 and v1000. */
	assert_int_equal(nodes, 6);
	assert_int_equal(edges, 5);
	d = dot(inv, &o);
	/* Node statements: a quoted name then the label. */
	assert_int_equal(count(d, "\"\t[label=<"), 6);
	assert_int_equal(count(d, "\"big.public.v1000\"\t[label=<"), 1);
	assert_null(strstr(d, "t0997"));
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	free(d);
	stw_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map__full_dot),
		cmocka_unit_test(test_map__hostile_names_escaped),
		cmocka_unit_test(test_map__focus_depth),
		cmocka_unit_test(test_map__category_and_sensitive),
		cmocka_unit_test(test_map__column_level),
		cmocka_unit_test(test_map__violation_marked),
		cmocka_unit_test(test_map__big_focus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
