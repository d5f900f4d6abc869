/* DSN parsing and redaction: whatever the text, what may be printed holds
 * no password. */
#include "fuzz.h"
#include "scanner/connector.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;
	char *r, *m;

	if (stw_dsn_parse(&d, text, &err) == STW_OK) {
		/* a password of four bytes or more never shows in the printable form */
		if (d.password != NULL && strlen(d.password) >= 4)
			FUZZ_ASSERT(strstr(d.redacted, d.password) == NULL);
		free(stw_dsn_default_name(&d));
	} else {
		/* an unparsed DSN is never quoted: its password-looking part neither */
		FUZZ_ASSERT(strcmp(d.redacted, "(unparsed data source)") == 0 || d.redacted == NULL);
	}
	stw_dsn_release(&d);
	r = stw_dsn_redact(text);
	free(r);
	m = stw_dsn_scrub_message(text, "hunter2-secret");
	FUZZ_ASSERT(strstr(m, "hunter2-secret") == NULL);
	free(m);
	free(text);
	return 0;
}
