/*
 * Policy input for commands that show violations (marks.h): one place
 * that loads steward.yaml with its approvals files (steward report, map,
 * demo) and one that takes the violations a map marks from the report's
 * model (stw_rpt.open_result, which the HTML report's embedded map uses
 * too), so that a map and the report can never disagree on what is open.
 */
#include "marks.h"

#include <string.h>

int
stw_cli_config_load(struct stw_config **out, const char *path, const struct stw_strv *approvals,
    struct stw_err *err)
{
	struct stw_config *cfg = NULL;
	int rc;

	*out = NULL;
	if (path != NULL && (rc = stw_config_load(&cfg, path, err)) != STW_OK)
		return rc;
	if (approvals != NULL && approvals->n > 0 && cfg == NULL)
		cfg = stw_config_new();
	for (size_t i = 0; approvals != NULL && i < approvals->n; i++)
		if ((rc = stw_config_load_approvals(cfg, approvals->v[i], err)) != STW_OK) {
			stw_config_free(cfg);
			return rc;
		}
	*out = cfg;
	return STW_OK;
}

int
stw_cli_marks_build(struct stw_cli_marks *mk, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err)
{
	int rc;

	memset(mk, 0, sizeof(*mk));
	if ((rc = stw_report_model_build(&mk->model, inv, cfg, err)) != STW_OK)
		return rc;
	/* The model's open violations, the set the HTML report's embedded map
	 * marks too (output/report_model.h); a borrowed view, freed with it. */
	mk->open = mk->model.open_result;
	return STW_OK;
}

void
stw_cli_marks_release(struct stw_cli_marks *mk)
{
	if (mk == NULL)
		return;
	stw_report_model_release(&mk->model);
	memset(mk, 0, sizeof(*mk));
}
