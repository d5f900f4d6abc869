/*
 * Unit tests for steward diff (output/diff.c): identity comparison of
 * tables, columns, findings and lineage edges, and the three renderings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "output/diff.h"
#include "scanner/inventory.h"

/* v1: users(id, name text), gone(x); v2: users(id, name varchar(80),
 * email[personal]), orders(id, user_id) with an fk edge.  conf varies
 * the finding's confidence, which must not count as a change. */
static struct stw_inventory *
make(int v2, double conf)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_table *t = stw_source_add_table(s, "public", "users", "table");
	struct stw_column *c;
	struct stw_finding *f;

	stw_table_add_column(t, "id", "integer", 0);
	c = stw_table_add_column(t, "name", v2 ? "varchar(80)" : "text", 1);
	f = stw_column_add_finding(c, "person_name", "user.name", STW_SENS_PERSONAL);
	f->confidence = conf;
	f->evidence = STW_EVID_NAME;
	if (!v2) {
		t = stw_source_add_table(s, "public", "gone", "table");
		stw_table_add_column(t, "x", "text", 1);
		return inv;
	}
	c = stw_table_add_column(t, "email", "text", 1);
	f = stw_column_add_finding(c, "email", "user.contact.email", STW_SENS_PERSONAL);
	f->confidence = conf;
	f->evidence = STW_EVID_NAME;
	t = stw_source_add_table(s, "public", "orders", "table");
	stw_table_add_column(t, "id", "integer", 0);
	stw_table_add_column(t, "user_id", "integer", 1);
	stw_inventory_add_edge(inv, "fk", "shop", "public", "users", "id", "shop", "public", "orders",
	    "user_id", "orders_user_id_fkey");
	return inv;
}

static const struct stw_diff_item *
find(const struct stw_diff *d, enum stw_diff_what w, enum stw_diff_change c, const char *table,
    const char *column)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct stw_diff_item *it = d->v[i];
		if (it->what == w && it->change == c && it->table && strcmp(it->table, table) == 0 &&
		    ((column == NULL && it->column == NULL) ||
		    (column && it->column && strcmp(it->column, column) == 0)))
			return it;
	}
	return NULL;
}

static void
test_changes(void **state)
{
	struct stw_inventory *a = make(0, 0.4), *b = make(1, 0.9);
	struct stw_diff *d = NULL;
	struct stw_err err = STW_ERR_INIT;
	const struct stw_diff_item *it;

	(void)state;
	assert_int_equal(stw_diff_compute(&d, a, b, &err), STW_OK);
	assert_int_equal(d->count[STW_DIFF_TABLE][STW_DIFF_ADDED], 1);
	assert_int_equal(d->count[STW_DIFF_TABLE][STW_DIFF_REMOVED], 1);
	/* columns of added/removed tables come with their table */
	assert_int_equal(d->count[STW_DIFF_COLUMN][STW_DIFF_ADDED], 1);
	assert_int_equal(d->count[STW_DIFF_COLUMN][STW_DIFF_REMOVED], 0);
	assert_int_equal(d->count[STW_DIFF_COLUMN][STW_DIFF_RETYPED], 1);
	assert_int_equal(d->count[STW_DIFF_FINDING][STW_DIFF_ADDED], 1);
	assert_int_equal(d->count[STW_DIFF_FINDING][STW_DIFF_REMOVED], 0);
	assert_int_equal(d->count[STW_DIFF_EDGE][STW_DIFF_ADDED], 1);
	assert_int_equal(d->n, 6);

	assert_non_null(find(d, STW_DIFF_TABLE, STW_DIFF_ADDED, "orders", NULL));
	assert_non_null(find(d, STW_DIFF_TABLE, STW_DIFF_REMOVED, "gone", NULL));
	it = find(d, STW_DIFF_COLUMN, STW_DIFF_RETYPED, "users", "name");
	assert_non_null(it);
	assert_string_equal(it->old_type, "text");
	assert_string_equal(it->new_type, "varchar(80)");
	it = find(d, STW_DIFF_COLUMN, STW_DIFF_ADDED, "users", "email");
	assert_non_null(it);
	assert_string_equal(it->new_type, "text");
	it = find(d, STW_DIFF_FINDING, STW_DIFF_ADDED, "users", "email");
	assert_non_null(it);
	assert_string_equal(it->category, "user.contact.email");
	assert_int_equal(it->sensitivity, STW_SENS_PERSONAL);
	/* sorted: tables, columns, findings, edges */
	for (size_t i = 1; i < d->n; i++)
		assert_true(d->v[i - 1]->what <= d->v[i]->what);

	/* the other way round */
	stw_diff_free(d);
	assert_int_equal(stw_diff_compute(&d, b, a, &err), STW_OK);
	assert_int_equal(d->count[STW_DIFF_FINDING][STW_DIFF_REMOVED], 1);
	assert_int_equal(d->count[STW_DIFF_EDGE][STW_DIFF_REMOVED], 1);
	assert_int_equal(d->count[STW_DIFF_COLUMN][STW_DIFF_REMOVED], 1);
	stw_diff_free(d);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

static void
test_identity_ignores_counts(void **state)
{
	struct stw_inventory *a = make(1, 0.1), *b = make(1, 0.99);
	struct stw_diff *d = NULL;
	struct stw_err err = STW_ERR_INIT;
	char *text;

	(void)state;
	/* the same edge twice in one inventory counts once */
	stw_inventory_add_edge(b, "fk", "shop", "public", "users", "id", "shop", "public", "orders",
	    "user_id", "again");
	assert_int_equal(stw_diff_compute(&d, a, b, &err), STW_OK);
	assert_int_equal(d->n, 0);
	text = stw_diff_render(d, STW_DIFF_FMT_TEXT, "a.json", "b.json");
	assert_non_null(strstr(text, "no changes"));
	free(text);
	text = stw_diff_render(d, STW_DIFF_FMT_MARKDOWN, "a.json", "b.json");
	assert_non_null(strstr(text, "No changes."));
	free(text);
	stw_diff_free(d);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

static void
test_render(void **state)
{
	struct stw_inventory *a = make(0, 0.4), *b = make(1, 0.9);
	struct stw_diff *d = NULL;
	struct stw_err err = STW_ERR_INIT;
	char *text;
	json_t *root;
	json_error_t jerr;

	(void)state;
	assert_int_equal(stw_diff_compute(&d, a, b, &err), STW_OK);
	text = stw_diff_render(d, STW_DIFF_FMT_TEXT, "old.json", "new.json");
	assert_non_null(strstr(text, "+ finding  shop.public.users.email: user.contact.email (personal, rule email)"));
	assert_non_null(strstr(text, "~ column   shop.public.users.name: text -> varchar(80)"));
	assert_non_null(strstr(text, "+ lineage  fk: shop.public.users.id -> shop.public.orders.user_id"));
	assert_non_null(strstr(text, "- table    shop.public.gone (table)"));
	free(text);

	text = stw_diff_render(d, STW_DIFF_FMT_MARKDOWN, "old|x.json", "new.json");
	assert_non_null(strstr(text, "**1 new personal-data finding**"));
	assert_non_null(strstr(text, "| personal-data findings | 1 | 0 | |"));
	assert_non_null(strstr(text, "| added | `shop.public.users.email` | `user.contact.email` | personal | `email` |"));
	assert_non_null(strstr(text, "`old\\|x.json`"));
	free(text);

	text = stw_diff_render(d, STW_DIFF_FMT_JSON, "old.json", "new.json");
	root = json_loads(text, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "format")), "steward.diff");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(root, "summary"),
	    "columns"), "retyped")), 1);
	assert_int_equal(json_array_size(json_object_get(root, "changes")), d->n);
	json_decref(root);
	free(text);
	stw_diff_free(d);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_identity_ignores_counts),
		cmocka_unit_test(test_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
