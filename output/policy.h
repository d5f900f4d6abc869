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
	STW_VIOL_CONSENT                  /* marketing use of contact data with no consent filter */
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
};

struct stw_policy_result {
	struct stw_violation **v;
	size_t n, alloc;
};

int stw_policy_evaluate(struct stw_policy_result **out, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err);
void stw_policy_result_free(struct stw_policy_result *r);

#endif
