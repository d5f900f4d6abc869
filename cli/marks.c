/*
 * Policy input for commands that show violations (marks.h): one place
 * that loads steward.yaml with its approvals files and one that turns the
 * report's model into the violations a map marks, so that the map and the
 * report can never disagree on what is open.
 */
#include "marks.h"

#include <stdlib.h>
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
	/* stw_map_opts takes a policy result; this one lists the open
	 * violations.  It owns nothing: only the array is ours, and the map
	 * reads the violations through a const pointer. */
	mk->open.n = mk->open.alloc = mk->model.nopen;
	mk->open.v = stw_calloc(mk->model.nopen + 1, sizeof(*mk->open.v));
	for (size_t i = 0; i < mk->model.nopen; i++)
		mk->open.v[i] = (struct stw_violation *)mk->model.open[i];
	return STW_OK;
}

void
stw_cli_marks_release(struct stw_cli_marks *mk)
{
	if (mk == NULL)
		return;
	free(mk->open.v);
	stw_report_model_release(&mk->model);
	memset(mk, 0, sizeof(*mk));
}
