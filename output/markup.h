/*
 * Small pieces the output formats share: a Markdown code block that no
 * backtick in its text can close, and a JSON string from database text
 * that may not be UTF-8.
 */
#ifndef STW_MARKUP_H
#define STW_MARKUP_H

#include <jansson.h>

#include "scanner/util.h"

/* ```LANG\nTEXT\n``` with a fence longer than any run of backticks in TEXT. */
void stw_md_code_block(struct stw_buf *b, const char *lang, const char *text);
/* A CSV field as RFC 4180 wants it (quoted when it holds a comma, quote or
 * line break; quotes doubled), after a ',' unless first; a field starting
 * with = + - @ or a tab gets a leading apostrophe, so that a hostile name
 * cannot become a formula in a spreadsheet.  NULL is an empty field. */
void stw_csv_field(struct stw_buf *b, const char *s, int first);
/* A JSON string, or null for NULL; bytes that are not UTF-8 become '?'. */
json_t *stw_json_text(const char *s);

#endif
