/* The steward.yaml loader on arbitrary bytes. */
#include "fuzz.h"
#include "scanner/config.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stw_config *cfg = NULL;
	struct stw_err err = STW_ERR_INIT;

	if (stw_config_from_text(&cfg, (const char *)data, size, "fuzz.yaml", &err) == STW_OK)
		stw_config_free(cfg);
	else
		FUZZ_ASSERT(cfg == NULL && err.msg[0] != '\0');
	return 0;
}
