/*
 * Checksum and shape validators that run after a rule's value regex
 * matched (the `validate:` key of a rule): Luhn for cards, IBAN mod-97,
 * national ids with their check digits, IP address parsing, coordinate
 * ranges, plausible birth dates.  They see the matched text only and keep
 * nothing.
 */
#ifndef STW_VALIDATE_H
#define STW_VALIDATE_H

#include <stddef.h>

/* A validator: 1 when s[0..len) passes. */
typedef int stw_validator_fn(const char *s, size_t len);

struct stw_validator {
	const char *name;          /* "luhn" */
	stw_validator_fn *fn;      /* NULL for "none" */
	const char *summary;       /* one line, for `steward rules explain` */
};

/* The validator called name, or NULL when there is none ("none" exists). */
const struct stw_validator *stw_validator_find(const char *name);
/* Terminated by an entry whose name is NULL. */
extern const struct stw_validator stw_validators[];

#endif
