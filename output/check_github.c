/*
 * steward check --format github: GitHub Actions workflow commands, one
 * line per result (`::error file=F,line=L,title=T::message`), which the
 * runner turns into annotations on the pull request's diff.  Escaping
 * follows the runner's rules: in the message, '%', CR and LF are
 * percent-encoded; in properties also ':' and ','.
 */
#include <stdlib.h>
#include <string.h>

#include "output/check.h"

static void
gh_escape(struct stw_buf *b, const char *s, int property)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '%': stw_buf_adds(b, "%25"); break;
		case '\r': stw_buf_adds(b, "%0D"); break;
		case '\n': stw_buf_adds(b, "%0A"); break;
		case ':':
			if (property)
				stw_buf_adds(b, "%3A");
			else
				stw_buf_addc(b, *p);
			break;
		case ',':
			if (property)
				stw_buf_adds(b, "%2C");
			else
				stw_buf_addc(b, *p);
			break;
		default: stw_buf_addc(b, *p);
		}
	}
}

char *
stw_check_render_github(const struct stw_check_report *r)
{
	struct stw_buf b = STW_BUF_INIT;

	for (size_t i = 0; i < r->n; i++) {
		const struct stw_check_result *res = r->v[i];
		const char *cmd = res->failing ? "error" : res->severity >= STW_SEV_LOW ? "warning" : "notice";
		char *title = stw_asprintf("steward %s: %s", stw_severity_name(res->severity), res->rule_id);

		char *rel = stw_check_relpath(res->file);

		stw_buf_addf(&b, "::%s file=", cmd);
		gh_escape(&b, rel, 1);
		free(rel);
		stw_buf_addf(&b, ",line=%d,title=", res->line);
		gh_escape(&b, title, 1);
		stw_buf_adds(&b, "::");
		gh_escape(&b, res->message, 0);
		if (res->note != NULL) {
			stw_buf_adds(&b, " (");
			gh_escape(&b, res->note, 0);
			stw_buf_adds(&b, ")");
		}
		stw_buf_addc(&b, '\n');
		free(title);
	}
	if (r->nfailing > 0)
		stw_buf_addf(&b, "::error title=steward check::%zu result%s at or above '%s'\n", r->nfailing,
		    r->nfailing == 1 ? "" : "s", stw_severity_name(r->fail_on));
	else
		stw_buf_addf(&b, "::notice title=steward check::passed: nothing at or above '%s' (%zu result%s)\n",
		    stw_severity_name(r->fail_on), r->n, r->n == 1 ? "" : "s");
	return stw_buf_detach(&b);
}
