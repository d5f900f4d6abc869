#include "markup.h"

#include <stdlib.h>

static void
fence(struct stw_buf *b, const char *text)
{
	size_t run = 0, best = 2;

	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	for (size_t i = 0; i <= best; i++)
		stw_buf_addc(b, '`');
}

void
stw_md_code_block(struct stw_buf *b, const char *lang, const char *text)
{
	fence(b, text);
	stw_buf_addf(b, "%s\n%s\n", lang, text);
	fence(b, text);
}

/* Strings from databases may not be UTF-8; jansson refuses those. */
json_t *
stw_json_text(const char *s)
{
	json_t *j;
	char *copy;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	copy = stw_strdup(s);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}
