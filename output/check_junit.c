/*
 * steward check --format junit: JUnit XML for CI systems that show test
 * reports (GitLab's artifacts:reports:junit, Jenkins).  One testsuite
 * "steward check", one testcase per result; results at or above --fail-on
 * are failures, the others pass with their message as system-out.  With no
 * result at all, one passing testcase says so (an empty suite looks like a
 * job that ran nothing).
 */
#include <stdlib.h>
#include <string.h>

#include "output/check.h"

/* XML 1.0 text and attribute escaping; control characters XML cannot
 * carry become U+FFFD, so a hostile column name cannot break the file. */
static void
xml_add(struct stw_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '&': stw_buf_adds(b, "&amp;"); break;
		case '<': stw_buf_adds(b, "&lt;"); break;
		case '>': stw_buf_adds(b, "&gt;"); break;
		case '"': stw_buf_adds(b, "&quot;"); break;
		case '\'': stw_buf_adds(b, "&apos;"); break;
		case '\t': case '\n': case '\r': stw_buf_addf(b, "&#%d;", *p); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				stw_buf_adds(b, "\xef\xbf\xbd");
			else
				stw_buf_addc(b, (char)*p);
		}
	}
}

char *
stw_check_render_junit(const struct stw_check_report *r)
{
	struct stw_buf b = STW_BUF_INIT;
	size_t tests = r->n ? r->n : 1;

	stw_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	stw_buf_addf(&b, "<testsuites name=\"steward\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
	    tests, r->nfailing);
	stw_buf_addf(&b, "  <testsuite name=\"steward check\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
	    "skipped=\"0\" timestamp=\"%sT00:00:00\">\n", tests, r->nfailing, r->as_of);
	stw_buf_adds(&b, "    <properties>\n      <property name=\"fail-on\" value=\"");
	xml_add(&b, stw_severity_name(r->fail_on));
	stw_buf_adds(&b, "\"/>\n      <property name=\"as-of\" value=\"");
	xml_add(&b, r->as_of);
	stw_buf_adds(&b, "\"/>\n    </properties>\n");
	if (r->n == 0)
		stw_buf_adds(&b, "    <testcase classname=\"steward\" name=\"no unapproved personal data "
		    "and no policy violation\"/>\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct stw_check_result *res = r->v[i];
		stw_buf_adds(&b, "    <testcase classname=\"");
		xml_add(&b, res->rule_id);
		stw_buf_adds(&b, "\" name=\"");
		xml_add(&b, res->subject);
		if (res->category != NULL) {
			stw_buf_adds(&b, " [");
			xml_add(&b, res->category);
			stw_buf_adds(&b, "]");
		}
		stw_buf_adds(&b, "\" file=\"");
		xml_add(&b, res->file);
		stw_buf_addf(&b, "\" line=\"%d\">\n", res->line);
		if (res->failing) {
			stw_buf_adds(&b, "      <failure type=\"");
			xml_add(&b, stw_severity_name(res->severity));
			stw_buf_adds(&b, "\" message=\"");
			xml_add(&b, res->message);
			stw_buf_adds(&b, "\">");
		} else
			stw_buf_adds(&b, "      <system-out>");
		xml_add(&b, stw_severity_name(res->severity));
		stw_buf_adds(&b, ": ");
		xml_add(&b, res->message);
		if (res->note != NULL) {
			stw_buf_adds(&b, " (");
			xml_add(&b, res->note);
			stw_buf_adds(&b, ")");
		}
		stw_buf_adds(&b, " at ");
		xml_add(&b, res->file);
		stw_buf_addf(&b, ":%d", res->line);
		stw_buf_adds(&b, res->failing ? "</failure>\n" : "</system-out>\n");
		stw_buf_adds(&b, "    </testcase>\n");
	}
	stw_buf_adds(&b, "  </testsuite>\n</testsuites>\n");
	return stw_buf_detach(&b);
}
