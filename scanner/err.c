/* The error struct helpers: formatting, prefixing and the bug handler. */
#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
stw_verror(struct stw_err *err, enum stw_rc code, const char *fmt, va_list ap)
{
	if (err != NULL) {
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

int
stw_error(struct stw_err *err, enum stw_rc code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stw_verror(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int
stw_error_prefix(struct stw_err *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (err == NULL)
		return STW_ERROR;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is acceptable: the message stays one line either way. */
	{
		size_t n = strlen(prefix);
		if (n > sizeof(err->msg) - 3)
			n = sizeof(err->msg) - 3;
		memcpy(err->msg, prefix, n);
		err->msg[n] = ':';
		err->msg[n + 1] = ' ';
		snprintf(err->msg + n + 2, sizeof(err->msg) - n - 2, "%.*s",
		    (int)(sizeof(err->msg) - n - 3), old);
	}
	return err->code;
}

void
stw_err_clear(struct stw_err *err)
{
	if (err != NULL) {
		err->code = STW_OK;
		err->msg[0] = '\0';
	}
}

const char *
stw_rc_name(int rc)
{
	switch (rc) {
	case STW_OK: return "ok";
	case STW_ENOTFOUND: return "not_found";
	case STW_EUSAGE: return "usage";
	case STW_ECONNECT: return "connect";
	case STW_EAUTH: return "auth";
	case STW_ETIMEOUT: return "timeout";
	case STW_EUNSUPPORTED: return "unsupported";
	default: return "error";
	}
}

void
stw_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
