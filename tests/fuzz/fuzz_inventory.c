/* The inventory reader: what it accepts, it writes back and reads again
 * to the same text. */
#include "fuzz.h"
#include "scanner/inventory.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stw_inventory *inv = NULL, *again = NULL;
	struct stw_err err = STW_ERR_INIT;

	if (stw_inventory_from_json(&inv, (const char *)data, size, "fuzz.json", &err) != STW_OK)
		return 0;
	{
		char *a = stw_inventory_to_json(inv), *b;

		FUZZ_ASSERT(stw_inventory_from_json(&again, a, strlen(a), "again.json", &err) == STW_OK);
		b = stw_inventory_to_json(again);
		FUZZ_ASSERT(strcmp(a, b) == 0);
		free(a);
		free(b);
	}
	stw_inventory_free(again);
	stw_inventory_free(inv);
	return 0;
}
