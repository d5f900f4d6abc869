/* Fides datasets read back (scanner/fides.c) on arbitrary bytes: parsed,
 * then applied to a small inventory the seeds name (source s, schema main,
 * table t, columns a and b), so the apply path runs too. */
#include "fuzz.h"
#include "scanner/fides.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stw_fides *f = NULL;
	struct stw_err err = STW_ERR_INIT;

	if (stw_fides_from_text(&f, (const char *)data, size, "fuzz.yml", &err) != STW_OK) {
		FUZZ_ASSERT(f == NULL && err.msg[0] != '\0');
		return 0;
	}
	{
		struct stw_inventory *inv = stw_inventory_new();
		struct stw_source *s = stw_inventory_add_source(inv, "s");
		struct stw_table *t = stw_source_add_table(s, "main", "t", "table");
		struct stw_column *a = stw_table_add_column(t, "a", "TEXT", 1);

		stw_table_add_column(t, "b", "TEXT", 1);
		stw_column_add_finding(a, "email", "user.contact.email", STW_SENS_PERSONAL);
		stw_fides_apply(inv, f, NULL);
		stw_fides_apply(inv, f, NULL);    /* twice, as a scan does */
		stw_inventory_free(inv);
	}
	stw_fides_free(f);
	return 0;
}
