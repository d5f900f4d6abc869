/*
 * steward export: the inventory in the formats the tools privacy teams
 * already run read (docs/export.md):
 *   openlineage  OpenLineage 2-0-2 events, one JSON object per line: the
 *                schema and columnLineage dataset facets, and the custom
 *                stewardPrivacy facet (docs/openlineage/)
 *   fides        fideslang dataset YAML, one dataset per source and schema;
 *                read back by scan (fides: in steward.yaml, scanner/fides.c)
 *   ropa-csv     a record of processing (GDPR art. 30): one row per source,
 *                data category and purpose
 */
#ifndef STW_EXPORT_H
#define STW_EXPORT_H

#include <stdio.h>

#include "scanner/config.h"
#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_export_format { STW_EXPORT_OPENLINEAGE, STW_EXPORT_FIDES, STW_EXPORT_ROPA_CSV };

struct stw_export_opts {
	enum stw_export_format format;
	const char *producer;          /* OpenLineage producer URI; NULL = urn:steward:VERSION */
	const char *schema_base;       /* where the stewardPrivacy facet's schema lives; NULL = default */
	int dataset_events;            /* OpenLineage: one DatasetEvent per table, not a RunEvent per source */
	const char *inventory_name;    /* for the Fides header comment; may be NULL */
};

void stw_export_opts_init(struct stw_export_opts *o);
/* "openlineage", "fides", "ropa-csv" (also "ropa"): 0 or STW_EUSAGE. */
int stw_export_format_parse(enum stw_export_format *out, const char *s);
/* From a file name: .jsonl/.ndjson, .yml/.yaml, .csv. */
int stw_export_format_from_path(enum stw_export_format *out, const char *path);

/* Writes inv in o->format to f.  cfg (may be NULL) gives the legal bases
 * and retention limits the record of processing names. */
int stw_export_write(const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_export_opts *o, FILE *f, struct stw_err *err);

#endif
