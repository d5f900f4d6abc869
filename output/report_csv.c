/*
 * The record of processing as CSV (RFC 4180: CRLF line ends, fields with
 * a comma, quote or line break are quoted, quotes doubled): one row per
 * (source, table, column, category) of personal data, with the table's
 * purposes and retention.  A field starting with = + - @ or a tab gets a
 * leading apostrophe, so a hostile column name cannot become a formula
 * when the file is opened in a spreadsheet.
 */
#include <stdlib.h>
#include <string.h>

#include "output/markup.h"
#include "report_model.h"
#include "scanner/retention.h"

static void
num(struct stw_buf *b, long long v)
{
	if (v >= 0)
		stw_buf_addf(b, ",%lld", v);
	else
		stw_buf_addc(b, ',');
}

int
stw_report_csv(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err)
{
	static const char *const head[] = { "source", "schema", "table", "column", "category",
		"sensitivity", "evidence", "lineage", "purposes", "retention_days", "retention_category",
		"anchor", "rows_over_limit", "exact", "oldest", "as_of", NULL };

	(void)o;
	(void)err;
	for (size_t i = 0; head[i]; i++)
		stw_csv_field(b, head[i], i == 0);
	stw_buf_adds(b, "\r\n");
	for (size_t s = 0; s < m->inv->nsources; s++) {
		const struct stw_source *src = m->inv->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			const struct stw_retention *r = stw_table_retention(tb);
			struct stw_buf purp = STW_BUF_INIT;

			if (stw_table_is_partition(tb))
				continue;      /* its parent's rows and findings */
			for (size_t k = 0; k < tb->purposes.n; k++)
				stw_buf_addf(&purp, "%s%s", k ? "; " : "", tb->purposes.v[k]);
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const struct stw_column *col = tb->columns[c];
				for (size_t f = 0; f < col->nfindings; f++) {
					const struct stw_finding *fd = col->findings[f];
					stw_csv_field(b, src->name, 1);
					stw_csv_field(b, tb->schema, 0);
					stw_csv_field(b, tb->name, 0);
					stw_csv_field(b, col->name, 0);
					stw_csv_field(b, fd->category, 0);
					stw_csv_field(b, stw_sensitivity_name(fd->sensitivity), 0);
					stw_csv_field(b, stw_evidence_name(fd->evidence), 0);
					stw_csv_field(b, fd->path ? fd->path : fd->inherited_from, 0);
					stw_csv_field(b, purp.buf, 0);
					if (r->present) {
						num(b, r->limit_days);
						stw_csv_field(b, r->category, 0);
						stw_csv_field(b, r->anchor, 0);
						num(b, r->rows_over_limit);
						stw_csv_field(b, r->rows_over_limit >= 0 ? (r->exact ? "true" : "false")
						    : NULL, 0);
						stw_csv_field(b, r->oldest, 0);
					} else {
						stw_buf_adds(b, ",,,,,,");
					}
					stw_csv_field(b, m->as_of, 0);
					stw_buf_adds(b, "\r\n");
				}
			}
			stw_buf_release(&purp);
		}
	}
	return STW_OK;
}
