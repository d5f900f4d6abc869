/*
 * Bounds on hostile YAML: one streaming pass of libyaml's event parser,
 * stopped at the first limit crossed (yamlcheck.h).
 */
#include "yamlcheck.h"

#include <yaml.h>

int
stw_yaml_check_limits(const char *text, size_t len, const char *name, struct stw_err *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, aliases = 0, rc = STW_OK;

	if (len > STW_YAML_MAX_BYTES)
		return stw_error(err, STW_EUSAGE, "%s: %zu bytes is more than steward reads in a YAML "
		    "file (%u MB)", name, len, STW_YAML_MAX_BYTES >> 20);
	if (!yaml_parser_initialize(&parser))
		return stw_error(err, STW_ERROR, "%s: out of memory", name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev))
			break;               /* a syntax error: the loader reports it */
		if (ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT) {
			if (++depth > STW_YAML_MAX_DEPTH)
				rc = stw_error(err, STW_EUSAGE, "%s:%zu:%zu: nested more than %d levels "
				    "deep", name, ev.start_mark.line + 1, ev.start_mark.column + 1,
				    STW_YAML_MAX_DEPTH);
		} else if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
			depth--;
		} else if (ev.type == YAML_ALIAS_EVENT) {
			if (++aliases > STW_YAML_MAX_ALIASES)
				rc = stw_error(err, STW_EUSAGE, "%s:%zu:%zu: more than %d aliases (*name)",
				    name, ev.start_mark.line + 1, ev.start_mark.column + 1,
				    STW_YAML_MAX_ALIASES);
		} else if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length > STW_YAML_MAX_SCALAR) {
			rc = stw_error(err, STW_EUSAGE, "%s:%zu:%zu: a value of %zu bytes (at most %u)",
			    name, ev.start_mark.line + 1, ev.start_mark.column + 1, ev.data.scalar.length,
			    STW_YAML_MAX_SCALAR);
		}
		{
			int end = ev.type == YAML_STREAM_END_EVENT;

			yaml_event_delete(&ev);
			if (end || rc != STW_OK)
				break;
		}
	}
	yaml_parser_delete(&parser);
	return rc;
}

void
stw_text_pos(const char *text, size_t len, size_t off, size_t *line, size_t *col)
{
	size_t l = 1, c = 1;

	for (size_t i = 0; i < off && i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;                 /* not a continuation byte: a new character */
		}
	}
	*line = l;
	*col = c;
}
