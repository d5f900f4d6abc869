/*
 * steward export INVENTORY --format openlineage|fides|ropa-csv [-o FILE]:
 * the inventory for the tools privacy teams already run.  The work is in
 * output/export.c; docs/export.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "marks.h"
#include "output/export.h"
#include "scanner/config.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_export[] = {
	{ "format", 'f', "FORMAT", "openlineage, fides or ropa-csv (default: from -o's extension: "
	    ".jsonl, .yml/.yaml, .csv)" },
	{ "output", 'o', "FILE", "write to FILE (default: standard output)" },
	{ "config", 'c', "FILE", "read steward.yaml: legal bases and retention limits for the record "
	    "of processing" },
	{ "producer", 0, "URI", "OpenLineage: the producer URI (default urn:steward:VERSION)" },
	{ "schema-base", 0, "URL", "OpenLineage: where StewardPrivacyDatasetFacet.json is published "
	    "(default file:///usr/share/doc/steward/openlineage/)" },
	{ "dataset-events", 0, NULL, "OpenLineage: one DatasetEvent per table instead of one "
	    "RunEvent per source" },
	{ NULL, 0, NULL, NULL }
};

struct export_args {
	const char *output;
	const char *config;
	int format_set;
	struct stw_export_opts eo;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct export_args *a = payload;

	if (strcmp(o->lname, "format") == 0) {
		if (stw_export_format_parse(&a->eo.format, v) != STW_OK) {
			stw_cli_error("export: --format: unknown format '%s': use openlineage, fides or "
			    "ropa-csv", v);
			return STW_EUSAGE;
		}
		a->format_set = 1;
	} else if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "producer") == 0)
		a->eo.producer = v;
	else if (strcmp(o->lname, "schema-base") == 0)
		a->eo.schema_base = v;
	else if (strcmp(o->lname, "dataset-events") == 0)
		a->eo.dataset_events = 1;
	return STW_OK;
}

int
stw_cmd_export(int argc, char **argv)
{
	struct export_args a;
	struct stw_strv pos = STW_STRV_INIT, none = STW_STRV_INIT;
	struct stw_err err = STW_ERR_INIT;
	struct stw_inventory *inv = NULL;
	struct stw_config *cfg = NULL;
	FILE *f = NULL;
	char *tmp = NULL;
	int help = 0, rc, code = STW_EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	stw_export_opts_init(&a.eo);
	if (stw_cli_parse(argc, argv, "export", stw_opts_export, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward export INVENTORY --format openlineage|fides|ropa-csv "
		    "[-o FILE]",
		    "Writes the inventory for the tools privacy teams already run:\n"
		    "  openlineage  OpenLineage 2-0-2 events, one JSON object per line, for a\n"
		    "               catalog (Marquez, DataHub, OpenMetadata): each table with the\n"
		    "               schema and columnLineage facets (views, triggers, declared\n"
		    "               flows, inferred copies; not foreign keys) and the custom\n"
		    "               stewardPrivacy facet (categories, sensitivity, subject)\n"
		    "  fides        fideslang datasets (YAML), one per source and schema; edited\n"
		    "               in Fides and given back to scan (--fides, or fides: in\n"
		    "               steward.yaml), its data_categories replace steward's\n"
		    "  ropa-csv     a record of processing (GDPR art. 30): one row per source,\n"
		    "               data category and purpose, with legal basis (legal_bases: in\n"
		    "               steward.yaml), retention, recipients and tables\n"
		    "No database is read; no value is written.  See docs/export.md.", stw_opts_export);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 1) {
		stw_cli_error("export: expected one INVENTORY, got %zu arguments; see "
		    "'steward export --help'", pos.n);
		goto out;
	}
	if (!a.format_set) {
		if (a.output == NULL || stw_export_format_from_path(&a.eo.format, a.output) != STW_OK) {
			stw_cli_error("export: give --format openlineage, fides or ropa-csv%s",
			    a.output ? " (the name of -o does not tell)" : "");
			goto out;
		}
	}
	if ((rc = stw_inventory_load_flags(&inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err)) != STW_OK ||
	    (rc = stw_cli_config_load(&cfg, a.config, &none, &err)) != STW_OK) {
		stw_cli_error("export: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	a.eo.inventory_name = pos.v[0];
	if (a.output == NULL || strcmp(a.output, "-") == 0)
		f = stdout;
	else {
		/* Written beside, renamed when complete: no half file on failure
		 * (a device or a pipe is written as it is). */
		struct stat st;

		if (lstat(a.output, &st) == 0 && !S_ISREG(st.st_mode))
			tmp = stw_strdup(a.output);
		else
			tmp = stw_asprintf("%s.tmp", a.output);
		if ((f = fopen(tmp, "wb")) == NULL) {
			stw_cli_error("export: cannot write '%s': %s", a.output, strerror(errno));
			goto out;
		}
	}
	rc = stw_export_write(inv, cfg, &a.eo, f, &err);
	if (f == stdout) {
		if (fflush(stdout) != 0 && rc == STW_OK)
			rc = stw_error(&err, STW_ERROR, "cannot write to standard output");
	} else {
		if (fclose(f) != 0 && rc == STW_OK)
			rc = stw_error(&err, STW_ERROR, "cannot write '%s': %s", a.output, strerror(errno));
		if (rc == STW_OK && strcmp(tmp, a.output) != 0 && rename(tmp, a.output) != 0)
			rc = stw_error(&err, STW_ERROR, "cannot write '%s': %s", a.output, strerror(errno));
		if (rc != STW_OK && strcmp(tmp, a.output) != 0)
			remove(tmp);
	}
	if (rc != STW_OK) {
		stw_cli_error("export: %s", err.msg);
		goto out;
	}
	code = STW_EXIT_OK;
out:
	free(tmp);
	stw_inventory_free(inv);
	stw_config_free(cfg);
	stw_strv_clear(&pos);
	return code;
}
