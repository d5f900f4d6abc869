/*
 * Error convention for the whole library.
 *
 * Functions return an int: STW_OK (0) on success, a negative enum stw_rc on
 * failure.  Detail goes into a caller-owned struct stw_err; there is no
 * global "last error", so parallel scans need no thread-local state.  Exit
 * codes exist only in the CLI (cli/main.c).  The codes are append-only and
 * never renumbered.
 */
#ifndef STW_ERR_H
#define STW_ERR_H

#include <stdarg.h>

enum stw_rc {
	STW_OK = 0,
	STW_ERROR = -1,       /* anything else; a source failed */
	STW_ENOTFOUND = -2,   /* a file, table or rule does not exist */
	STW_EUSAGE = -3,      /* bad command line, configuration or input file */
	STW_ECONNECT = -4,    /* cannot reach or open a data source */
	STW_EAUTH = -5,       /* authentication failed */
	STW_ETIMEOUT = -6,    /* a statement or connection timed out */
	STW_EUNSUPPORTED = -7 /* a connector or build lacks a capability */
};

struct stw_err {
	enum stw_rc code;     /* last code set, STW_OK when clear */
	char msg[1024];       /* one line, lowercase, no trailing full stop */
};

#define STW_ERR_INIT { STW_OK, "" }

#if defined(__GNUC__)
#define STW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define STW_NORETURN __attribute__((noreturn))
#else
#define STW_PRINTF(a, b)
#define STW_NORETURN
#endif

/* Formats into err (NULL allowed) and returns code, so that
 * `return stw_error(err, STW_ECONNECT, "...");` is one line. */
int stw_error(struct stw_err *err, enum stw_rc code, const char *fmt, ...) STW_PRINTF(3, 4);
int stw_verror(struct stw_err *err, enum stw_rc code, const char *fmt, va_list ap) STW_PRINTF(3, 0);

/* Prepends "prefix: " to the message already in err; returns err->code. */
int stw_error_prefix(struct stw_err *err, const char *fmt, ...) STW_PRINTF(2, 3);

void stw_err_clear(struct stw_err *err);

/* A short name for a code ("connect", "auth", ...), for JSON and logs. */
const char *stw_rc_name(int rc);

/* Programmer errors, not user errors: print file/line and abort. */
STW_NORETURN void stw_bug(const char *file, int line, const char *fmt, ...) STW_PRINTF(3, 4);
#define STW_BUG(...) stw_bug(__FILE__, __LINE__, __VA_ARGS__)
#define STW_ASSERT(x) ((x) ? (void)0 : STW_BUG("assertion failed: %s", #x))

#endif
