/*
 * Policy input shared by the commands that show violations (`steward
 * map`, `steward demo`; `steward report` loads its input the same way):
 * steward.yaml plus --approvals files, and the violations a map marks.
 *
 * Ownership: struct stw_cli_marks owns its report model; marks.open is
 * a copy of the model's open_result (its array and violations are the
 * model's) and lives until stw_cli_marks_release().
 */
#ifndef STW_CLI_MARKS_H
#define STW_CLI_MARKS_H

#include "output/policy.h"
#include "output/report_model.h"
#include "scanner/config.h"
#include "scanner/inventory.h"
#include "scanner/util.h"

/* Loads steward.yaml from path (NULL: none) and adds each approvals file.
 * *out is NULL when there is neither; else the caller frees it with
 * stw_config_free().  Errors carry file:line:col as stw_config_load's do. */
int stw_cli_config_load(struct stw_config **out, const char *path,
    const struct stw_strv *approvals, struct stw_err *err);

/* The violations to mark on a map: exactly the open violations of `steward
 * report` for the same inventory and configuration, that is the policy
 * evaluated by stw_policy_evaluate() minus those settled by an approval in
 * force on the inventory's as-of date (an ethics council's decision). */
struct stw_cli_marks {
	struct stw_rpt model;            /* owned: the report's model */
	struct stw_policy_result open;   /* model.open_result (borrowed); for stw_map_opts */
};

/* cfg may be NULL (no configuration: only what the inventory measured,
 * as `steward report` without -c).  Release with stw_cli_marks_release()
 * whatever the result. */
int stw_cli_marks_build(struct stw_cli_marks *mk, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err);
void stw_cli_marks_release(struct stw_cli_marks *mk);

#endif
