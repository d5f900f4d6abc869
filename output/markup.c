#include "markup.h"

#include <stdlib.h>
#include <string.h>

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

void
stw_csv_field(struct stw_buf *b, const char *s, int first)
{
	int formula, quote;

	if (!first)
		stw_buf_addc(b, ',');
	if (s == NULL)
		return;
	formula = s[0] && strchr("=+-@\t", s[0]) != NULL;
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		stw_buf_addc(b, '"');
	if (formula)
		stw_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			stw_buf_addc(b, '"');
		stw_buf_addc(b, *s);
	}
	if (quote)
		stw_buf_addc(b, '"');
}
