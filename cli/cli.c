/* Option parsing, usage text and messages shared by all commands. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
stw_cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("steward: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
stw_cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("steward: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
stw_cli_int(long long *out, const char *opt, const char *value)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < 0) {
		stw_cli_error("--%s: expected a non-negative integer, got '%s'", opt, value);
		return STW_EUSAGE;
	}
	*out = v;
	return STW_OK;
}

/* Set by `steward __man`: --help is written as a man page (troff). */
const char *stw_cli_man_summary;

/* Text for troff: backslashes escaped, a line's leading '.' or '\'' defused. */
static void
troff(FILE *f, const char *s, int dashes)
{
	int bol = 1;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-' && dashes)
			fputs("\\-", f);
		else
			fputc(*s, f);
		bol = *s == '\n';
	}
}

static void
man_usage(FILE *f, const char *synopsis, const char *description, const struct stw_opt *opts)
{
	const char *sp = strchr(synopsis, ' '), *rest;
	char cmd[64] = "", upper[64];
	size_t n;

	/* "steward scan [SOURCE...] ..." -> steward-scan */
	rest = sp ? strchr(sp + 1, ' ') : NULL;
	n = sp ? (size_t)((rest ? rest : sp + strlen(sp)) - (sp + 1)) : 0;
	if (n >= sizeof(cmd))
		n = sizeof(cmd) - 1;
	memcpy(cmd, sp ? sp + 1 : "", n);
	cmd[n] = '\0';
	for (size_t i = 0; i <= n; i++)
		upper[i] = (char)(cmd[i] >= 'a' && cmd[i] <= 'z' ? cmd[i] - 32 : cmd[i]);
	fprintf(f, ".TH STEWARD-%s 1 \"\" \"steward %s\" \"steward manual\"\n.SH NAME\n"
	    "steward\\-%s \\- ", upper, STEWARD_VERSION, cmd);
	troff(f, stw_cli_man_summary ? stw_cli_man_summary : "", 0);
	fprintf(f, "\n.SH SYNOPSIS\n.B steward %s\n", cmd);
	if (rest != NULL) {
		troff(f, rest + 1, 1);
		fputc('\n', f);
	}
	fputs(".SH DESCRIPTION\n", f);
	for (const char *p = description; *p;) {
		const char *e = strstr(p, "\n\n");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *para = stw_strndup(p, len);

		fputs(".PP\n", f);
		troff(f, para, 0);
		fputc('\n', f);
		free(para);
		p += len;
		while (*p == '\n')
			p++;
	}
	fputs(".SH OPTIONS\n", f);
	for (const struct stw_opt *o = opts; o != NULL && o->lname != NULL; o++) {
		fputs(o->arg ? ".TP\n.BI \"" : ".TP\n.B \"", f);
		if (o->sname)
			fprintf(f, "\\-%c, ", o->sname);
		fputs("\\-\\-", f);
		troff(f, o->lname, 1);
		if (o->arg) {
			fputs(" \" \"", f);
			troff(f, o->arg, 1);
		}
		fputs("\"\n", f);
		troff(f, o->help, 0);
		fputc('\n', f);
	}
	fputs(".TP\n.B \\-h, \\-\\-help\nshow the help\n"
	    ".SH SEE ALSO\n.BR steward (1),\n.BR steward.yaml (5),\n.BR steward\\-rules (5)\n", f);
}

void
stw_cli_usage(FILE *f, const char *synopsis, const char *description, const struct stw_opt *opts)
{
	if (stw_cli_man_summary != NULL) {
		man_usage(f, synopsis, description, opts);
		return;
	}
	fprintf(f, "usage: %s\n\n%s\n", synopsis, description);
	if (opts == NULL || opts[0].lname == NULL)
		return;
	fputs("\nOptions:\n", f);
	for (const struct stw_opt *o = opts; o->lname != NULL; o++) {
		char left[64];
		if (o->sname)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->sname, o->lname,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->lname, o->arg ? " " : "",
			    o->arg ? o->arg : "");
		if (strlen(left) > 24)
			fprintf(f, "  %s\n  %-24s %s\n", left, "", o->help);
		else
			fprintf(f, "  %-24s %s\n", left, o->help);
	}
	fprintf(f, "  %-24s %s\n", "-h, --help", "show this help");
}

int
stw_cli_parse(int argc, char **argv, const char *cmd, const struct stw_opt *opts,
    stw_opt_cb *cb, void *payload, struct stw_strv *positional, int *help)
{
	int only_args = 0;

	*help = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct stw_opt *o = NULL;
		const char *val = NULL;
		size_t nlen;

		if (only_args || a[0] != '-' || a[1] == '\0') {
			stw_strv_push(positional, a);
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = 1;
			return STW_OK;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			for (const struct stw_opt *p = opts; p->lname; p++)
				if (strlen(p->lname) == nlen && strncmp(p->lname, a + 2, nlen) == 0)
					o = p;
			if (o == NULL) {
				stw_cli_error("%s: unknown option '%.*s'; see 'steward %s --help'", cmd,
				    (int)(nlen + 2), a, cmd);
				return STW_EUSAGE;
			}
			if (eq != NULL) {
				if (o->arg == NULL) {
					stw_cli_error("%s: option '--%s' takes no value", cmd, o->lname);
					return STW_EUSAGE;
				}
				val = eq + 1;
			}
		} else {
			for (const struct stw_opt *p = opts; p->lname; p++)
				if (p->sname == a[1])
					o = p;
			if (o == NULL || (a[2] != '\0' && o->arg == NULL)) {
				stw_cli_error("%s: unknown option '%s'; see 'steward %s --help'", cmd, a, cmd);
				return STW_EUSAGE;
			}
			if (a[2] != '\0')
				val = a + 2;
		}
		if (o->arg != NULL && val == NULL) {
			if (i + 1 >= argc) {
				stw_cli_error("%s: option '--%s' needs a value (%s)", cmd, o->lname, o->arg);
				return STW_EUSAGE;
			}
			val = argv[++i];
		}
		if (cb(o, val, payload) != STW_OK)
			return STW_EUSAGE;
	}
	return STW_OK;
}
