/* View and trigger lineage: the SQL normaliser of each dialect, the
 * column-level resolver on a view whose definition is the input, and the
 * trigger resolver on a trigger whose body it is, over a small catalog. */
#include "fuzz.h"
#include "scanner/inventory.h"
#include "scanner/lineage.h"

static void
one(const char *engine, const char *sql)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *src = stw_inventory_add_source(inv, "fz");
	struct stw_table *c, *o, *v;
	struct stw_err err = STW_ERR_INIT;
	struct stw_strv filters = STW_STRV_INIT;
	char *norm = stw_lineage_sql_normalize(sql, engine);
	const char *schema = strcmp(engine, "postgres") == 0 ? "public"
	    : strcmp(engine, "mysql") == 0 ? "shop" : "main";

	free(norm);
	src->engine = strdup(engine);
	c = stw_source_add_table(src, schema, "customers", "table");
	stw_table_add_column(c, "id", "integer", 0);
	stw_table_add_column(c, "email", "text", 1);
	stw_table_add_column(c, "name", "text", 1);
	o = stw_source_add_table(src, schema, "orders", "table");
	stw_table_add_column(o, "id", "integer", 0);
	stw_table_add_column(o, "customer_id", "integer", 1);
	v = stw_source_add_table(src, schema, "v", "view");
	stw_table_add_column(v, "a", NULL, 1);
	stw_table_add_column(v, "b", NULL, 1);
	v->definition = strdup(sql);
	(void)stw_lineage_view(inv, src, v, &err);
	(void)stw_lineage_view_filters_in(src, v, &filters, &err);
	/* the same text as a trigger body on customers */
	{
		struct stw_trigger *tr = stw_table_add_trigger(c, "trg");

		tr->timing = strdup("AFTER");
		tr->event = strdup("UPDATE");
		tr->definition = strdup(sql);
		(void)stw_lineage_trigger(inv, src, c, tr, &err);
	}
	stw_strv_clear(&filters);
	stw_inventory_free(inv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = fuzz_str(data, size);

	one("postgres", sql);
	one("mysql", sql);
	one("sqlite", sql);
	free(sql);
	return 0;
}
