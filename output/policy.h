/*
 * Policy evaluation: retention violations and purpose limitation, computed
 * from an inventory plus steward.yaml (a pure function: no database).
 * Used by `steward report` and `steward check`.
 *
 * Ownership: struct stw_policy_result owns its violations and every string
 * in them; stw_policy_result_free() releases all (accepts NULL).
 */
#ifndef STW_POLICY_H
#define STW_POLICY_H

#include <stddef.h>

#include "scanner/config.h"
#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_violation_kind {
	STW_VIOL_RETENTION = 1,           /* rows older than the category's limit */
	STW_VIOL_RETENTION_UNVERIFIABLE,  /* personal data with a limit but no anchor column */
	STW_VIOL_RETENTION_COPY,          /* a copy kept longer than its source's limit */
	STW_VIOL_PURPOSE,                 /* category sits in a table whose purposes it does not allow */
	STW_VIOL_PURPOSE_FLOW,            /* category flows into such a table */
	STW_VIOL_CONSENT,                 /* marketing use of contact data with no consent filter */
	STW_VIOL_ACCESS_PUBLIC,           /* PUBLIC, a wildcard account or every local user can read it */
	STW_VIOL_ACCESS_NOT_ALLOWED,      /* a principal outside access.allowed_roles can read it */
	STW_VIOL_ACCESS_NO_RLS,           /* a multi-tenant table of people without row level security */
	STW_VIOL_ACCESS_UNLOGGED,         /* special-category data, reads not logged */
	STW_VIOL_ACCESS_BROAD,            /* a login reads every table of personal data through roles */
	STW_VIOL_REIDENTIFICATION         /* rows unique on their quasi-identifiers (k below target) */
};
const char *stw_violation_kind_name(enum stw_violation_kind k);   /* "retention", ... */

/* Severity used by check --fail-on; ordered. */
enum stw_severity {
	STW_SEV_INFO = 0,
	STW_SEV_LOW = 1,
	STW_SEV_MEDIUM = 2,
	STW_SEV_HIGH = 3,
	STW_SEV_CRITICAL = 4
};
const char *stw_severity_name(enum stw_severity s);
int stw_severity_parse(enum stw_severity *out, const char *s);

struct stw_violation {
	enum stw_violation_kind kind;
	enum stw_severity severity;
	char *source, *schema, *table;
	char *column;                     /* NULL for table-level */
	char *category;
	char *message;                    /* one line, human-readable */
	char *evidence;                   /* lineage path, counts, view SQL excerpt... */
	long long rows;                   /* rows over limit, -1 when not applicable */
	int exact;                        /* rows counted exactly */
	char *principal;                  /* access kinds: who can read; part of its identity */
};

struct stw_policy_result {
	struct stw_violation **v;
	size_t n, alloc;
};

int stw_policy_evaluate(struct stw_policy_result **out, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err);
void stw_policy_result_free(struct stw_policy_result *r);

/* Internal to output/policy*.c: adds a violation (message and evidence
 * are taken), and the access and re-identification findings
 * (output/policy_pia.c). */
struct stw_violation *stw_policy_add(struct stw_policy_result *r, enum stw_violation_kind kind,
    enum stw_severity sev, const char *source, const char *schema, const char *table,
    const char *column, const char *category, char *message, char *evidence);
void stw_policy_pia(struct stw_policy_result *r, const struct stw_inventory *inv,
    const struct stw_config *cfg);

#endif
