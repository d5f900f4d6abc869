/*
 * Bounds on hostile YAML (docs/config.md "Limits"), checked by a streaming
 * pass before a document is built: libyaml's document loader takes 36 s
 * to reject 100,000 nested brackets, and follows aliases without limit.
 */
#ifndef STW_YAMLCHECK_H
#define STW_YAMLCHECK_H

#include <stddef.h>

#include "err.h"

#define STW_YAML_MAX_BYTES (8u << 20)     /* a configuration or a rule pack */
#define STW_YAML_MAX_DEPTH 64             /* nested mappings and sequences */
#define STW_YAML_MAX_ALIASES 256          /* *alias references */
#define STW_YAML_MAX_SCALAR (1u << 20)    /* bytes of one scalar */

/* STW_OK, or STW_EUSAGE with "NAME:LINE:COL: ..." (YAML syntax errors are
 * left to the loader, which reports them as it always has). */
int stw_yaml_check_limits(const char *text, size_t len, const char *name, struct stw_err *err);

/* Line and column (1-based; the column counts UTF-8 characters) of byte
 * offset off of text: for errors that know only an offset (libyaml's
 * reader errors, a NUL byte). */
void stw_text_pos(const char *text, size_t len, size_t off, size_t *line, size_t *col);

#endif
