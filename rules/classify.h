/*
 * The classifier: rule packs (YAML, built in and from files) compiled with
 * PCRE2 (value patterns with JIT), applied to column names and to sampled values as they stream
 * in.  Findings are written into the inventory; raw values never are.
 *
 * Ownership: struct stw_rules owns its rules and compiled patterns and is
 * read-only after stw_rules_compile(), so scan threads can share it.  A
 * struct stw_tclass is per table and per thread (it owns PCRE2 match data).
 */
#ifndef STW_CLASSIFY_H
#define STW_CLASSIFY_H

#include <stddef.h>

#include "../scanner/err.h"
#include "../scanner/inventory.h"

struct stw_rules;
struct stw_tclass;

/* An empty rule set. */
struct stw_rules *stw_rules_new(void);
void stw_rules_free(struct stw_rules *r);
/* Adds a built-in pack by name ("core", ...); STW_ENOTFOUND if unknown. */
int stw_rules_add_builtin(struct stw_rules *r, const char *pack, struct stw_err *err);
/* STW_OK when a built-in pack of that name exists, else STW_ENOTFOUND
 * with the message stw_rules_add_builtin() would give. */
int stw_rules_builtin_check(const char *pack, struct stw_err *err);
/* Adds a pack file, or every *.yaml / *.yml file in a directory.
 * Errors in a pack name FILE:LINE:COL and return STW_EUSAGE; a path that
 * does not exist is STW_ENOTFOUND. */
int stw_rules_add_path(struct stw_rules *r, const char *path, struct stw_err *err);
/* Disables a rule by id; STW_ENOTFOUND if no such rule. */
int stw_rules_disable(struct stw_rules *r, const char *id, struct stw_err *err);
/* Freezes and indexes the rule set (patterns were compiled as the packs
 * loaded; value patterns get PCRE2 JIT when a column first runs them).
 * Must be called before use. */
int stw_rules_compile(struct stw_rules *r, struct stw_err *err);

/* Per-table classification.  begin() applies name rules at once and decides
 * which columns need sampled values; value() is called once per non-NULL
 * sampled value; finish() writes findings into t's columns. */
int stw_tclass_begin(struct stw_tclass **out, const struct stw_rules *r,
    const struct stw_table *t, struct stw_err *err);
/* Promises at most max_values non-empty values per column (the sample
 * size); values past it are ignored.  Lets rules whose result is already
 * decided stop early; findings are the same as without it. */
void stw_tclass_limit(struct stw_tclass *tc, long long max_values);
/* 1 when column index col (in t->columns) should be sampled. */
int stw_tclass_wants(const struct stw_tclass *tc, size_t col);
void stw_tclass_value(struct stw_tclass *tc, size_t col, const char *v, size_t len);
/* show_examples: store a masked example in each value finding. */
int stw_tclass_finish(struct stw_tclass *tc, struct stw_table *t, int show_examples,
    struct stw_err *err);
void stw_tclass_free(struct stw_tclass *tc);

/* Name findings of the rules restricted to tables of a subject (rule key
 * `subject:`), which the per-table classifier leaves out because subjects
 * are decided only once every table is known.  Adds a finding to each
 * column of t that has none yet and whose name such a rule accepts;
 * returns how many were added. */
int stw_rules_apply_subject(const struct stw_rules *r, struct stw_table *t,
    enum stw_subject_kind kind);

/* "PCRE2 10.42 (JIT on)", for steward --version. */
void stw_rules_pcre2_version(char *out, size_t n);

#endif
