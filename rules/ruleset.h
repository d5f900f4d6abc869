/*
 * Looking into a rule set: what `steward rules list|test|explain` and the
 * tests need beyond the scan API of classify.h.  Everything returned is
 * borrowed from the rule set and valid until stw_rules_free().
 *
 * Rule examples are rule data written by rule authors, never sampled
 * values, so printing them is fine.
 */
#ifndef STW_RULESET_H
#define STW_RULESET_H

#include <stddef.h>

#include "../scanner/err.h"
#include "../scanner/inventory.h"
#include "../scanner/util.h"

struct stw_rules;

struct stw_rule_info {
	const char *id;
	const char *category;
	enum stw_sensitivity sensitivity;
	const char *pack;              /* "core" or the file's base name */
	const char *file;              /* "core.yaml" or the path given */
	int line, col;                 /* where the rule starts, 1-based */
	const char *description;       /* or NULL */
	const char *name;              /* regexes as written, or NULL */
	const char *name_exclude;
	const char *table;
	const char *value;
	const char *validate;          /* "none" when absent */
	const char *validate_summary;
	const char *prefilter;         /* or NULL */
	const char *mask;              /* email|card|phone|iban|generic|none */
	double min_ratio;
	double confidence;             /* name-evidence confidence */
	int free_text;                 /* value searched inside text */
	int value_alone;               /* value evidence is enough without a name hit */
	int min_length, max_length, min_digits;   /* 0 = no limit */
	int disabled;
	const char *subjects;          /* subject: as written ("person, person_event"), or NULL */
	const struct stw_strv *names_match, *names_no_match;
	const struct stw_strv *values_match, *values_no_match;
};

/* Adds a pack from memory (what stw_rules_add_builtin and add_path use);
 * file names the text in errors ("FILE:LINE:COL: ..."). */
int stw_rules_add_text(struct stw_rules *r, const char *pack, const char *file,
    const char *text, size_t len, struct stw_err *err);

size_t stw_rules_count(const struct stw_rules *r);
/* Rule i (0 <= i < count), in load order. */
void stw_rules_info(const struct stw_rules *r, size_t i, struct stw_rule_info *out);
/* Index of the rule with this id, or -1. */
long stw_rules_find(const struct stw_rules *r, const char *id);

/* 1 when rule i's name pattern (with its exclusion) accepts the column
 * name, 0 otherwise (also when the rule has no name pattern). */
int stw_rules_name_matches(const struct stw_rules *r, size_t i, const char *column);
/* 1 when rule i's value pattern, prefilters and validator accept v. */
int stw_rules_value_matches(const struct stw_rules *r, size_t i, const char *v, size_t len);
/* The same decision from the regex and validator alone, without the
 * prefilters: the reference the prefilters are tested against. */
int stw_rules_value_matches_regex(const struct stw_rules *r, size_t i, const char *v, size_t len);

/* Runs every example of every enabled rule.  on_fail (may be NULL) gets
 * one line per failure; *passed / *failed count examples.  A rule without
 * the examples its patterns need counts as one failure. */
void stw_rules_test(const struct stw_rules *r,
    void (*on_fail)(const char *rule_id, const char *msg, void *payload), void *payload,
    size_t *passed, size_t *failed);

/* The form column names are matched in: word parts (split on
 * non-alphanumerics, camelCase, letter/digit changes) lower-cased and
 * joined with '_'.  "EmailAddress2" -> "email_address_2". */
void stw_rules_normalize_name(struct stw_buf *out, const char *name);

/* Masks a value for --show-examples (style as in stw_rule_info.mask);
 * returns a new string, or NULL for style "none". */
char *stw_rules_mask(const char *style, const char *v, size_t len);

/* Names of the built-in packs, NULL-terminated list index i; NULL past the end. */
const char *stw_rules_builtin_name(size_t i);

#endif
