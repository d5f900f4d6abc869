/*
 * Unit tests for lineage: column lineage of view SQL in many shapes and
 * three engines' quoting, trigger bodies, the partial fallback, view
 * filters, declared flows and category propagation (chains, cycles).
 * Synthetic catalogs only; no database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/lineage.h"

/* A small shop: customers, orders, consent; schema as given. */
static struct stw_source *
shop(struct stw_inventory *inv, const char *name, const char *engine, const char *schema)
{
	struct stw_source *s = stw_inventory_add_source(inv, name);
	struct stw_table *t;

	s->engine = stw_strdup(engine);
	t = stw_source_add_table(s, schema, "customers", "table");
	stw_table_add_column(t, "id", "integer", 0);
	stw_table_add_column(t, "email", "text", 1);
	stw_table_add_column(t, "full_name", "text", 1);
	stw_table_add_column(t, "birth_date", "date", 1);
	stw_table_add_column(t, "consent_marketing", "boolean", 1);
	t = stw_source_add_table(s, schema, "orders", "table");
	stw_table_add_column(t, "id", "integer", 0);
	stw_table_add_column(t, "customer_id", "integer", 0);
	stw_table_add_column(t, "total", "numeric", 1);
	stw_table_add_column(t, "created_at", "timestamp", 1);
	t = stw_source_add_table(s, schema, "email_history", "table");
	stw_table_add_column(t, "customer_id", "integer", 0);
	stw_table_add_column(t, "old_email", "text", 1);
	stw_table_add_column(t, "new_email", "text", 1);
	stw_table_add_column(t, "changed_at", "timestamp", 1);
	return s;
}

static struct stw_table *
view(struct stw_source *s, const char *schema, const char *name, const char *sql, ...)
{
	struct stw_table *t = stw_source_add_table(s, schema, name, "view");
	va_list ap;
	const char *c;

	t->definition = stw_strdup(sql);
	va_start(ap, sql);
	while ((c = va_arg(ap, const char *)) != NULL)
		stw_table_add_column(t, c, "text", 1);
	va_end(ap);
	return t;
}

/* Counts edges of kind from "table.column" to "table.column" (NULL column
 * written as "table.*"). */
static int
edges(const struct stw_inventory *inv, const char *kind, const char *from, const char *to)
{
	int n = 0;

	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *e = inv->lineage[i];
		char f[256], t[256];

		snprintf(f, sizeof(f), "%s.%s", e->from.table, e->from.column ? e->from.column : "*");
		snprintf(t, sizeof(t), "%s.%s", e->to.table, e->to.column ? e->to.column : "*");
		if (strcmp(e->kind, kind) == 0 && strcmp(f, from) == 0 && strcmp(t, to) == 0)
			n++;
	}
	return n;
}

static int
edges_into(const struct stw_inventory *inv, const char *table)
{
	int n = 0;

	for (size_t i = 0; i < inv->nlineage; i++)
		if (strcmp(inv->lineage[i]->to.table, table) == 0)
			n++;
	return n;
}

static void
run(struct stw_inventory *inv, struct stw_source *s)
{
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_lineage_from_source(inv, s, &err), STW_OK);
}

static void
test_lineage__aliases_join_where(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");
	struct stw_table *v = view(s, "public", "marketing_contacts",
	    " SELECT c.email,\n    c.full_name AS name,\n    o.total\n   FROM customers c\n"
	    "     JOIN orders o ON o.customer_id = c.id\n  WHERE c.consent_marketing;",
	    "email", "name", "total", NULL);

	run(inv, s);
	assert_int_equal(edges(inv, "view", "customers.email", "marketing_contacts.email"), 1);
	assert_int_equal(edges(inv, "view", "customers.full_name", "marketing_contacts.name"), 1);
	assert_int_equal(edges(inv, "view", "orders.total", "marketing_contacts.total"), 1);
	/* Join and filter columns are not outputs. */
	assert_int_equal(edges_into(inv, "marketing_contacts"), 3);
	assert_null(v->error);
	assert_non_null(strstr(inv->lineage[0]->evidence, "view marketing_contacts"));
	stw_inventory_free(inv);
}

static void
test_lineage__expressions(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");

	view(s, "public", "v",
	    "SELECT lower(c.email::text) AS e,\n"
	    "  CASE WHEN c.birth_date < '2000-01-01' THEN 'old' ELSE c.full_name END AS label,\n"
	    "  count(*) AS n, sum(o.total) + 1 AS spend, 42 AS answer\n"
	    "FROM public.customers c LEFT JOIN orders o USING (id)\n"
	    "GROUP BY c.email, c.birth_date, c.full_name",
	    "e", "label", "n", "spend", "answer", NULL);
	run(inv, s);
	assert_int_equal(edges(inv, "view", "customers.email", "v.e"), 1);
	assert_int_equal(edges(inv, "view", "customers.birth_date", "v.label"), 1);
	assert_int_equal(edges(inv, "view", "customers.full_name", "v.label"), 1);
	assert_int_equal(edges(inv, "view", "orders.total", "v.spend"), 1);
	assert_int_equal(edges_into(inv, "v"), 4);
	stw_inventory_free(inv);
}

static void
test_lineage__star_subquery_cte_union(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");

	view(s, "public", "all_c", "SELECT * FROM customers", "id", "email", "full_name",
	    "birth_date", "consent_marketing", NULL);
	view(s, "public", "sub",
	    "SELECT x.addr, (SELECT max(o.total) FROM orders o WHERE o.customer_id = x.id) AS top\n"
	    "FROM (SELECT id, email AS addr FROM customers) x", "addr", "top", NULL);
	view(s, "public", "cte",
	    "WITH recent(cid, amount) AS (SELECT customer_id, total FROM orders)\n"
	    "SELECT r.amount, c.email FROM recent r JOIN customers c ON c.id = r.cid",
	    "amount", "email", NULL);
	view(s, "public", "u",
	    "SELECT email AS contact FROM customers UNION SELECT new_email FROM email_history",
	    "contact", NULL);
	run(inv, s);
	assert_int_equal(edges(inv, "view", "customers.email", "all_c.email"), 1);
	assert_int_equal(edges(inv, "view", "customers.consent_marketing",
	    "all_c.consent_marketing"), 1);
	assert_int_equal(edges_into(inv, "all_c"), 5);
	assert_int_equal(edges(inv, "view", "customers.email", "sub.addr"), 1);
	assert_int_equal(edges(inv, "view", "orders.total", "sub.top"), 1);
	assert_int_equal(edges_into(inv, "sub"), 2);
	assert_int_equal(edges(inv, "view", "orders.total", "cte.amount"), 1);
	assert_int_equal(edges(inv, "view", "customers.email", "cte.email"), 1);
	assert_int_equal(edges_into(inv, "cte"), 2);
	assert_int_equal(edges(inv, "view", "customers.email", "u.contact"), 1);
	assert_int_equal(edges(inv, "view", "email_history.new_email", "u.contact"), 1);
	stw_inventory_free(inv);
}

static void
test_lineage__view_over_view(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");

	view(s, "public", "a", "SELECT email AS mail FROM customers", "mail", NULL);
	view(s, "public", "b", "SELECT upper(mail) AS m FROM a", "m", NULL);
	run(inv, s);
	/* A view reading a view gets an edge from the view, not the base. */
	assert_int_equal(edges(inv, "view", "a.mail", "b.m"), 1);
	assert_int_equal(edges(inv, "view", "customers.email", "b.m"), 0);
	stw_inventory_free(inv);
}

static void
test_lineage__mariadb_backticks(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "mysql", "demo");
	struct stw_table *v, *v2;

	v = view(s, "demo", "marketing_contacts",
	    "select `c`.`email` AS `email`,concat(`c`.`full_name`,_utf8mb4' \\'x\\'') AS `who`,"
	    "sum(`o`.`total`) AS `spend` from (`demo`.`customers` `c` join `demo`.`orders` `o` "
	    "on(`o`.`customer_id` = `c`.`id`)) where `c`.`consent_marketing` = 1 and "
	    "`c`.`email` <> \"none\" group by `c`.`id`",
	    "email", "who", "spend", NULL);
	v2 = view(s, "demo", "recent",
	    "select `c`.`email` AS `email`,cast(`c`.`id` as char charset utf8mb4) AS `cid` "
	    "from `demo`.`customers` `c` where `c`.`birth_date` > current_timestamp() - interval 30 day "
	    "and `c`.`id` div 2 = 1 and `c`.`email` regexp '@'", "email", "cid", NULL);
	run(inv, s);
	assert_null(v->error);
	assert_null(v2->error);
	assert_int_equal(edges(inv, "view", "customers.email", "recent.email"), 1);
	assert_int_equal(edges(inv, "view", "customers.id", "recent.cid"), 1);
	assert_int_equal(edges(inv, "view", "customers.email", "marketing_contacts.email"), 1);
	assert_int_equal(edges(inv, "view", "customers.full_name", "marketing_contacts.who"), 1);
	assert_int_equal(edges(inv, "view", "orders.total", "marketing_contacts.spend"), 1);
	assert_int_equal(edges_into(inv, "marketing_contacts"), 3);
	stw_inventory_free(inv);
}

static void
test_lineage__sqlite_quoting(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "db", "sqlite", "main");
	struct stw_table *t = stw_source_add_table(s, "main", "odd `name\"", "table");
	struct stw_table *v1, *v2;

	stw_table_add_column(t, "we\"ird", "text", 1);
	v1 = view(s, "main", "v1",
	    "CREATE VIEW IF NOT EXISTS v1 AS SELECT [c].[email] AS [mail], `c`.full_name "
	    "FROM [customers] AS c", "mail", "full_name", NULL);
	v2 = view(s, "main", "v2",
	    "CREATE VIEW v2(x) AS SELECT \"we\"\"ird\" FROM `odd ``name\"`", "x", NULL);
	run(inv, s);
	assert_null(v1->error);
	assert_null(v2->error);
	assert_int_equal(edges(inv, "view", "customers.email", "v1.mail"), 1);
	assert_int_equal(edges(inv, "view", "customers.full_name", "v1.full_name"), 1);
	assert_int_equal(edges(inv, "view", "odd `name\".we\"ird", "v2.x"), 1);
	stw_inventory_free(inv);
}

static void
test_lineage__parse_failure_is_partial(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "mysql", "demo");
	struct stw_table *v = view(s, "demo", "weird",
	    "select `c`.`email` AS `email` from `demo`.`customers` `c` join `demo`.`orders` `o` "
	    "where `o`.`created_at` > now() - interval 30 day limit 5, 10", "email", NULL);

	run(inv, s);
	/* The view is kept, with table-level edges and a partial mark. */
	assert_non_null(v->error);
	assert_non_null(strstr(v->error, "lineage partial"));
	assert_non_null(strstr(v->error, "cannot parse view SQL"));
	assert_int_equal(edges(inv, "view", "customers.*", "weird.*"), 1);
	assert_int_equal(edges(inv, "view", "orders.*", "weird.*"), 1);
	assert_int_equal(edges(inv, "view", "email_history.*", "weird.*"), 0);
	stw_inventory_free(inv);
}

static void
test_lineage__view_filters(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");
	struct stw_table *v1 = view(s, "public", "f1",
	    "SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.id "
	    "WHERE c.consent_marketing AND o.total > 10", "email", NULL);
	struct stw_table *v2 = view(s, "public", "f2", "SELECT email FROM customers", "email", NULL);
	struct stw_table *v3 = view(s, "public", "f3", "SELECT FROM WHERE", NULL);
	struct stw_strv out = STW_STRV_INIT;
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_lineage_view_filters_in(s, v1, &out, &err), STW_OK);
	assert_true(stw_strv_has(&out, "customers.consent_marketing"));
	assert_true(stw_strv_has(&out, "orders.customer_id"));
	assert_true(stw_strv_has(&out, "customers.id"));
	assert_true(stw_strv_has(&out, "orders.total"));
	assert_false(stw_strv_has(&out, "customers.email"));
	assert_int_equal(out.n, 4);
	stw_strv_clear(&out);
	assert_int_equal(stw_lineage_view_filters(v2, &out, &err), STW_OK);
	assert_int_equal(out.n, 0);
	assert_int_equal(stw_lineage_view_filters(v3, &out, &err), STW_EUSAGE);
	assert_non_null(strstr(err.msg, "f3"));
	stw_inventory_free(inv);
}

static void
test_lineage__triggers(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *lite = shop(inv, "lite", "sqlite", "main");
	struct stw_source *my = shop(inv, "my", "mysql", "demo");
	struct stw_source *pg = shop(inv, "pg", "postgres", "public");
	struct stw_trigger *tr;

	tr = stw_table_add_trigger(lite->tables[0], "trg_email_audit");
	tr->definition = stw_strdup("CREATE TRIGGER trg_email_audit AFTER UPDATE OF email ON "
	    "customers FOR EACH ROW WHEN OLD.email IS NOT NEW.email BEGIN\n"
	    "  INSERT INTO email_history(customer_id, old_email, new_email, changed_at)\n"
	    "  VALUES (OLD.id, OLD.email, NEW.email, datetime('now'));\nEND");
	tr = stw_table_add_trigger(my->tables[0], "trg_email_audit");
	tr->definition = stw_strdup("BEGIN\n  IF NOT (OLD.email <=> NEW.email) THEN\n"
	    "    INSERT INTO `email_history` (`customer_id`, `old_email`, `new_email`, `changed_at`)"
	    " VALUES (OLD.`id`, OLD.`email`, NEW.`email`, NOW());\n  END IF;\nEND");
	tr = stw_table_add_trigger(pg->tables[0], "trg_email_audit");
	tr->definition = stw_strdup("CREATE TRIGGER trg_email_audit AFTER UPDATE OF email ON "
	    "public.customers FOR EACH ROW EXECUTE FUNCTION log_email();\n"
	    "\nBEGIN\n  IF NEW.email IS DISTINCT FROM OLD.email THEN\n"
	    "    INSERT INTO email_history SELECT NEW.id, OLD.email, NEW.email, now();\n"
	    "  END IF;\n  RETURN NEW;\nEND;\n");
	run(inv, lite);
	run(inv, my);
	run(inv, pg);
	for (size_t i = 0; i < inv->nsources; i++) {
		int n = 0;
		for (size_t k = 0; k < inv->nlineage; k++) {
			const struct stw_edge *e = inv->lineage[k];
			if (strcmp(e->from.source, inv->sources[i]->name) != 0)
				continue;
			n++;
			assert_string_equal(e->kind, "trigger");
			assert_string_equal(e->to.table, "email_history");
			assert_string_equal(e->to.schema, inv->sources[i]->tables[0]->schema);
			assert_non_null(strstr(e->evidence, "trigger trg_email_audit on customers"));
		}
		/* id -> customer_id, email -> old_email, email -> new_email */
		assert_int_equal(n, 3);
		assert_null(inv->sources[i]->tables[0]->error);
	}
	assert_int_equal(edges(inv, "trigger", "customers.email", "email_history.old_email"), 3);
	assert_int_equal(edges(inv, "trigger", "customers.email", "email_history.new_email"), 3);
	assert_int_equal(edges(inv, "trigger", "customers.id", "email_history.customer_id"), 3);
	stw_inventory_free(inv);
}

static void
test_lineage__trigger_unparsable(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *my = shop(inv, "my", "mysql", "demo");
	struct stw_trigger *tr = stw_table_add_trigger(my->tables[0], "t_set");

	/* MySQL's INSERT ... SET form is not in the PostgreSQL grammar. */
	tr->definition = stw_strdup("INSERT INTO email_history SET old_email = OLD.email");
	run(inv, my);
	assert_int_equal(edges(inv, "trigger", "customers.*", "email_history.*"), 1);
	assert_non_null(my->tables[0]->error);
	assert_non_null(strstr(my->tables[0]->error, "lineage partial: trigger t_set"));
	stw_inventory_free(inv);
}

static void
test_lineage__normalize(void **state)
{
	char *s;

	s = stw_lineage_sql_normalize("select `a``b`.`c\"d` from [t x] where y = 'it\\'s' "
	    "and z = \"q\" and w = _latin1'k' and arr[1] = 2", "sqlite");
	assert_string_equal(s, "select \"a`b\".\"c\"\"d\" from \"t x\" where y = 'it''s' "
	    "and z = \"q\" and w = 'k' and arr[1] = 2");
	free(s);
	s = stw_lineage_sql_normalize("select \"q\" from `t`", "mysql");
	assert_string_equal(s, "select 'q' from \"t\"");
	free(s);
	s = stw_lineage_sql_normalize("SELECT a[1], 'x\\' FROM t", "postgres");
	assert_string_equal(s, "SELECT a[1], 'x\\' FROM t");
	free(s);
}

static struct stw_finding *
personal(struct stw_column *c, const char *category, enum stw_sensitivity s)
{
	struct stw_finding *f = stw_column_add_finding(c, category, category, s);

	f->evidence = STW_EVID_NAME;
	f->confidence = 0.9;
	return f;
}

static const struct stw_finding *
inherited(const struct stw_column *c, const char *category)
{
	for (size_t i = 0; i < c->nfindings; i++)
		if (strcmp(c->findings[i]->category, category) == 0 &&
		    c->findings[i]->evidence == STW_EVID_INHERITED)
			return c->findings[i];
	return NULL;
}

static void
test_lineage__propagation_chain_cycle(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");
	struct stw_table *a, *b;
	struct stw_err err = STW_ERR_INIT;
	const struct stw_finding *f;

	personal(s->tables[0]->columns[1], "user.contact.email", STW_SENS_PERSONAL);
	a = view(s, "public", "a", "SELECT email AS mail FROM customers", "mail", NULL);
	b = view(s, "public", "b", "SELECT mail FROM a", "mail", NULL);
	run(inv, s);
	/* A cycle between b and a (as a declared flow might make). */
	stw_inventory_add_edge(inv, "declared", "shop", "public", "b", "mail", "shop", "public", "a",
	    "mail", "test");
	assert_int_equal(stw_lineage_propagate(inv, &err), STW_OK);
	f = inherited(a->columns[0], "user.contact.email");
	assert_non_null(f);
	assert_string_equal(f->inherited_from, "shop.public.customers.email");
	f = inherited(b->columns[0], "user.contact.email");
	assert_non_null(f);
	assert_string_equal(f->inherited_from, "shop.public.customers.email");
	assert_non_null(strstr(f->path, "shop.public.customers.email -[view]-> shop.public.a.mail"
	    " -[view]-> shop.public.b.mail"));
	assert_int_equal(a->columns[0]->nfindings, 1);
	assert_int_equal(b->columns[0]->nfindings, 1);
	/* The source is not re-tagged through the cycle. */
	assert_int_equal(s->tables[0]->columns[1]->nfindings, 1);
	/* Foreign keys carry nothing. */
	assert_int_equal(s->tables[1]->columns[1]->nfindings, 0);
	stw_inventory_free(inv);
}

static void
test_lineage__declared_table_level_by_name(void **state)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = shop(inv, "shop", "postgres", "public");
	struct stw_source *an = stw_inventory_add_source(inv, "analytics");
	struct stw_table *copy = stw_source_add_table(an, "crm", "customers_copy", "table");
	struct stw_config *cfg = stw_config_new();
	struct stw_cfg_flow *fl;
	struct stw_err err = STW_ERR_INIT;

	stw_table_add_column(copy, "email", "text", 1);
	stw_table_add_column(copy, "email_addr", "text", 1);
	stw_table_add_column(copy, "note", "text", 1);
	personal(s->tables[0]->columns[1], "user.contact.email", STW_SENS_PERSONAL);
	fl = stw_calloc(1, sizeof(*fl));
	fl->from = stw_strdup("shop.public.customers");
	fl->to = stw_strdup("analytics.crm.customers_copy");
	stw_grow(&cfg->flows, &cfg->aflows, cfg->nflows, sizeof(*cfg->flows));
	cfg->flows[cfg->nflows++] = fl;
	assert_int_equal(stw_lineage_declared(inv, cfg, &err), STW_OK);
	assert_int_equal(edges(inv, "declared", "customers.*", "customers_copy.*"), 1);
	assert_int_equal(stw_lineage_propagate(inv, &err), STW_OK);
	/* Table-level flow: same-named columns inherit. */
	assert_non_null(inherited(copy->columns[0], "user.contact.email"));
	assert_null(inherited(copy->columns[1], "user.contact.email"));
	assert_int_equal(copy->columns[2]->nfindings, 0);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lineage__aliases_join_where),
		cmocka_unit_test(test_lineage__expressions),
		cmocka_unit_test(test_lineage__star_subquery_cte_union),
		cmocka_unit_test(test_lineage__view_over_view),
		cmocka_unit_test(test_lineage__mariadb_backticks),
		cmocka_unit_test(test_lineage__sqlite_quoting),
		cmocka_unit_test(test_lineage__parse_failure_is_partial),
		cmocka_unit_test(test_lineage__view_filters),
		cmocka_unit_test(test_lineage__triggers),
		cmocka_unit_test(test_lineage__trigger_unparsable),
		cmocka_unit_test(test_lineage__normalize),
		cmocka_unit_test(test_lineage__propagation_chain_cycle),
		cmocka_unit_test(test_lineage__declared_table_level_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
