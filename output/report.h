/*
 * `steward report`: the privacy report a DPO or an ethics council reads,
 * made from an inventory plus steward.yaml (docs/report.md).  Formats:
 * text (terminal), Markdown, self-contained HTML (inline CSS, the lineage
 * map as inline SVG), JSON, and a CSV record of processing.
 *
 * A pure function of its inputs: no database and no clock (dates come from
 * the inventory's as_of).  Every name from a database is escaped for the
 * format it lands in.  Masked examples are never included.
 */
#ifndef STW_REPORT_H
#define STW_REPORT_H

#include <stdio.h>

#include "scanner/config.h"
#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_report_format {
	STW_REPORT_TEXT = 0,
	STW_REPORT_MARKDOWN,
	STW_REPORT_HTML,
	STW_REPORT_JSON,
	STW_REPORT_CSV
};

/* "text", "markdown" (or "md"), "html", "json", "csv"; STW_EUSAGE otherwise. */
int stw_report_format_parse(enum stw_report_format *out, const char *s);
/* From a file name's extension (.txt, .md, .markdown, .html, .htm, .json,
 * .csv); STW_ENOTFOUND when the extension says nothing. */
int stw_report_format_from_path(enum stw_report_format *out, const char *path);
const char *stw_report_format_name(enum stw_report_format f);

struct stw_report_opts {
	enum stw_report_format format;
	const char *inventory_name;   /* shown as the report's input, or NULL */
	int no_map;                   /* HTML: leave the SVG map out (faster) */
	const char *map_link;         /* Markdown: the map file written beside it, or NULL */
	const struct stw_inventory *baseline;  /* the last assessment's inventory, or NULL */
	const char *baseline_name;
};
void stw_report_opts_init(struct stw_report_opts *o);

/* The fideslang data subject of a table's rows (rules/datause.h), as a key:
 * data_subjects: in cfg (may be NULL) first; for people, the words of the
 * table's name; for events about people, the subject of the person table
 * a foreign key leads to, else its own name's.  NULL when nothing says. */
const char *stw_report_fides_subject(const struct stw_config *cfg,
    const struct stw_source *src, const struct stw_table *t);

/* The report as text into *out (caller frees; NUL-terminated).  cfg may
 * be NULL (no policy: inventory only). */
int stw_report_render(char **out, const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_report_opts *o, struct stw_err *err);
/* The same into path, or into stream when path is NULL. */
int stw_report_write(const struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_report_opts *o, const char *path, FILE *stream, struct stw_err *err);

#endif
