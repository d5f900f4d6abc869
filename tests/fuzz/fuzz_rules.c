/* The rule-pack loader and compiler (PCRE2 with its limits) on arbitrary
 * bytes; a pack that compiles runs every rule on a few hostile values. */
#include "fuzz.h"
#include "rules/classify.h"
#include "rules/ruleset.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const values[] = { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
		"ada.lovelace@example.org", "+44 20 7946 0018", "4111 1111 1111 1111", "", "\xff\xfe" };
	struct stw_rules *r = stw_rules_new();
	struct stw_err err = STW_ERR_INIT;

	if (stw_rules_add_text(r, "fuzz", "fuzz.yaml", (const char *)data, size, &err) == STW_OK &&
	    stw_rules_compile(r, &err) == STW_OK) {
		for (size_t i = 0; i < stw_rules_count(r); i++) {
			for (size_t k = 0; k < sizeof(values) / sizeof(values[0]); k++)
				(void)stw_rules_value_matches(r, i, values[k], strlen(values[k]));
			(void)stw_rules_name_matches(r, i, "customer_email_address");
		}
	}
	stw_rules_free(r);
	return 0;
}
