/* Masks, validators and fingerprint normalisation on arbitrary values:
 * the first byte picks the validator and the mask. */
#include "fuzz.h"
#include "rules/ruleset.h"
#include "rules/validate.h"
#include "scanner/fprint.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const masks[] = { "email", "card", "phone", "iban", "generic", "none" };
	size_t nv = 0;
	const char *v;
	char norm[STW_FP_MAX_NORM], *m;
	int integer;
	struct stw_fprint *fp;
	struct stw_err err = STW_ERR_INIT;

	if (size == 0)
		return 0;
	while (stw_validators[nv].name != NULL)
		nv++;
	v = (const char *)data + 1;
	size--;
	{
		const struct stw_validator *val = &stw_validators[data[0] % nv];
		if (val->fn != NULL)
			(void)val->fn(v, size);
	}
	m = stw_rules_mask(masks[data[0] % 6], v, size);
	if (m != NULL && size >= 6 && strcmp(masks[data[0] % 6], "generic") == 0)
		FUZZ_ASSERT(m[0] == '[');          /* a shape, no character of the value */
	free(m);
	(void)stw_fp_normalize(v, size, norm, sizeof(norm), &integer);
	FUZZ_ASSERT(strlen(norm) < sizeof(norm));
	{
		char *s = fuzz_str((const uint8_t *)v, size);
		if (stw_fp_decode(&fp, s, &err) == STW_OK)
			free(fp);
		free(s);
	}
	return 0;
}
