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

void
stw_cli_usage(FILE *f, const char *synopsis, const char *description, const struct stw_opt *opts)
{
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
