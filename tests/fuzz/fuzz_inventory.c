/* The inventory reader: what it accepts, it writes back and reads again
 * to the same text; and the file reader, which streams a file in steward's
 * member order and reads any other whole, accepts exactly what the text
 * reader accepts, and reads it to the same inventory. */
#include "fuzz.h"

#include <stdio.h>
#include <unistd.h>

#include "scanner/inventory.h"

/* data as a file, read by stw_inventory_load. */
static int
load_file(struct stw_inventory **out, const uint8_t *data, size_t size, struct stw_err *err)
{
	char path[] = "/tmp/stw-fuzz-inventory-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f;

	if (fd < 0 || (f = fdopen(fd, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	rc = stw_inventory_load(out, path, err);
	unlink(path);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stw_inventory *inv = NULL, *again = NULL, *streamed = NULL;
	struct stw_err err = STW_ERR_INIT, serr = STW_ERR_INIT;
	int rc = stw_inventory_from_json(&inv, (const char *)data, size, "fuzz.json", &err);
	int src = load_file(&streamed, data, size, &serr);

	FUZZ_ASSERT((rc == STW_OK) == (src == STW_OK));
	if (rc != STW_OK) {
		stw_inventory_free(streamed);
		return 0;
	}
	{
		char *a = stw_inventory_to_json(inv), *b, *c;

		FUZZ_ASSERT(stw_inventory_from_json(&again, a, strlen(a), "again.json", &err) == STW_OK);
		b = stw_inventory_to_json(again);
		FUZZ_ASSERT(strcmp(a, b) == 0);
		c = stw_inventory_to_json(streamed);
		FUZZ_ASSERT(strcmp(a, c) == 0);
		free(a);
		free(b);
		free(c);
	}
	stw_inventory_free(again);
	stw_inventory_free(streamed);
	stw_inventory_free(inv);
	return 0;
}
