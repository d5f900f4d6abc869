/*
 * steward check: the CI gate (docs/check.md).  A pure function of an
 * inventory, an optional baseline inventory and steward.yaml (approvals and
 * policy): which personal-data findings are new (neither in the baseline nor
 * approved), which approvals expired, which retention and purpose rules are
 * broken, each with a severity.  The renderers turn the result into text,
 * JSON, SARIF 2.1.0, JUnit XML or GitHub workflow annotations.
 *
 * Ownership: struct stw_check_report owns its results and every string in
 * them; stw_check_report_free() releases all (accepts NULL).  The report
 * keeps no pointer into the inventories or the configuration.
 */
#ifndef STW_CHECK_H
#define STW_CHECK_H

#include <stddef.h>

#include "output/policy.h"
#include "scanner/config.h"
#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_check_kind {
	STW_CHECK_NEW_FINDING = 1,    /* personal data neither in the baseline nor approved */
	STW_CHECK_APPROVAL_EXPIRED,   /* an approval past its expires date */
	STW_CHECK_APPROVAL_UNUSED,    /* an approval that matches no finding */
	STW_CHECK_VIOLATION,          /* a retention or purpose violation (output/policy.h) */
	STW_CHECK_SCAN_INCOMPLETE,    /* a source in the inventory has status partial or error */
	STW_CHECK_NEW_PERSON_TABLE,   /* a table of people not in the baseline (docs/subjects.md) */
	STW_CHECK_NEW_PERSON_LINK,    /* a foreign key to a table of people not in the baseline */
	STW_CHECK_INFERRED_COPY       /* special-category data copied into another source, found by value */
};

/* Output formats of steward check. */
enum stw_check_format {
	STW_CHECK_TEXT = 1,
	STW_CHECK_JSON,
	STW_CHECK_SARIF,
	STW_CHECK_JUNIT,
	STW_CHECK_GITHUB
};
int stw_check_format_parse(enum stw_check_format *out, const char *s);  /* 0 or STW_EUSAGE */

struct stw_check_result {
	enum stw_check_kind kind;
	enum stw_violation_kind vkind;   /* for STW_CHECK_VIOLATION */
	const char *rule_id;             /* static: "steward/new-personal-data", ... */
	enum stw_severity severity;
	int failing;                     /* severity >= the report's fail_on */
	char *subject;                   /* "source.schema.table[.column]", or the approval's match */
	char *source, *schema, *table;   /* NULL for approval results */
	char *column;                    /* NULL for table-level results */
	char *category;
	const char *data_subject;        /* fideslang data subject of its table ("Patient"), or NULL */
	char *rule;                      /* classifier rule id of the finding, or NULL */
	enum stw_sensitivity sensitivity;
	char *message;                   /* one line */
	char *note;                      /* e.g. "approval expired on 2026-01-31", or NULL */
	char *fingerprint;               /* 16 hex digits, stable over runs (identity hash) */
	/* Physical location: a migration file, steward.yaml, the baseline or the
	 * inventory; always set once stw_check_locate() ran.  line >= 1. */
	char *file;
	int line;
};

struct stw_check_opts {
	const struct stw_inventory *baseline;  /* NULL: no baseline, every finding is new */
	const struct stw_config *cfg;          /* approvals + policy; NULL = none */
	const char *as_of;                     /* YYYY-MM-DD for approval expiry; NULL = today (UTC) */
	enum stw_severity fail_on;             /* results at or above fail */
	/* Where results point when no migration file mentions them. */
	const char *inventory_path;
	const char *baseline_path;
	const char *config_path;
};

struct stw_check_report {
	struct stw_check_result **v;
	size_t n, alloc;
	enum stw_severity fail_on;
	char as_of[11];
	size_t nfailing;
	size_t by_severity[STW_SEV_CRITICAL + 1];
	char *inventory_path, *baseline_path;   /* as given, for outputs; may be NULL */
};

/* Severity of a new finding of this sensitivity: special -> critical,
 * high and personal -> high, quasi -> medium. */
enum stw_severity stw_check_finding_severity(enum stw_sensitivity s);

/* Runs the gate.  Fails only on bad input (STW_EUSAGE: e.g. a malformed
 * as_of or expires date) or when policy evaluation fails. */
int stw_check_run(struct stw_check_report **out, const struct stw_inventory *inv,
    const struct stw_check_opts *opts, struct stw_err *err);
void stw_check_report_free(struct stw_check_report *r);

/* Points results at the migration file and line that adds their column (or
 * creates their table), searching the .sql files in paths (files, or
 * directories searched recursively, in name order; the last match wins,
 * as the newest migration is the one that added the column).  Results no
 * migration mentions keep their fallback location.  Errors: STW_ENOTFOUND
 * when a path does not exist. */
int stw_check_locate(struct stw_check_report *r, const struct stw_strv *paths, struct stw_err *err);

/* Renderers: a malloc'd text (caller frees). */
char *stw_check_render_text(const struct stw_check_report *r);
char *stw_check_render_json(const struct stw_check_report *r);
char *stw_check_render_sarif(const struct stw_check_report *r);
char *stw_check_render_junit(const struct stw_check_report *r);
char *stw_check_render_github(const struct stw_check_report *r);
char *stw_check_render(const struct stw_check_report *r, enum stw_check_format f);

/* Helpers shared by the renderers. */
/* 64-bit FNV-1a over the NUL-separated fields, as 16 lowercase hex digits. */
void stw_check_fnv1a_hex(char out[17], const char *const *fields, size_t nfields);
/* A result's file as CI tools want it: relative to the working directory
 * when it lies below it, without leading "./" (malloc'd). */
char *stw_check_relpath(const char *file);
/* Short description of a rule id, for SARIF rules and JUnit. */
const char *stw_check_rule_description(const char *rule_id);
/* The rule ids steward check can report, NULL-terminated, in a fixed order. */
extern const char *const stw_check_rule_ids[];

#endif
