/*
 * Loads libpq with dlopen() on first use (see pg_libpq.h for why).  The
 * soname is the runtime library's (libpq5), not the development symlink,
 * so that an installed steward needs no -dev package; STEWARD_LIBPQ
 * overrides it.
 */
#include "pg_libpq.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PQ_SONAME "libpq.so.5"

static pthread_once_t once = PTHREAD_ONCE_INIT;
struct stw_pq_api stw_pq_fns;
static int loaded;
static char why[512];

/* dlsym into a function pointer: the object-to-function conversion goes
 * through memcpy, which ISO C allows where a cast would not be. */
#define SYM(field, name) do { \
	void *p_ = dlsym(h, name); \
	if (p_ == NULL) { \
		snprintf(why, sizeof(why), "%s has no %s", PQ_SONAME, name); \
		return; \
	} \
	memcpy(&stw_pq_fns.field, &p_, sizeof(p_)); \
} while (0)

static void
load(void)
{
	/* STEWARD_LIBPQ names another libpq (a path or a soname). */
	const char *name = getenv("STEWARD_LIBPQ");
	void *h;

	if (name == NULL || *name == '\0')
		name = PQ_SONAME;
	if ((h = dlopen(name, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		const char *e = dlerror();
		snprintf(why, sizeof(why), "cannot load %s (install libpq5): %s", name,
		    e ? e : "unknown error");
		return;
	}
	SYM(connectdbParams, "PQconnectdbParams");
	SYM(status, "PQstatus");
	SYM(errorMessage, "PQerrorMessage");
	SYM(connectionNeedsPassword, "PQconnectionNeedsPassword");
	SYM(parameterStatus, "PQparameterStatus");
	SYM(transactionStatus, "PQtransactionStatus");
	SYM(finish, "PQfinish");
	SYM(exec, "PQexec");
	SYM(sendQuery, "PQsendQuery");
	SYM(setSingleRowMode, "PQsetSingleRowMode");
	SYM(getResult, "PQgetResult");
	SYM(resultStatus, "PQresultStatus");
	SYM(resultErrorField, "PQresultErrorField");
	SYM(ntuples, "PQntuples");
	SYM(getvalue, "PQgetvalue");
	SYM(getlength, "PQgetlength");
	SYM(getisnull, "PQgetisnull");
	SYM(clear, "PQclear");
	SYM(escapeIdentifier, "PQescapeIdentifier");
	SYM(escapeLiteral, "PQescapeLiteral");
	SYM(execParams, "PQexecParams");
	SYM(nfields, "PQnfields");
	SYM(freemem, "PQfreemem");
	SYM(libVersion, "PQlibVersion");
	SYM(setNoticeReceiver, "PQsetNoticeReceiver");
	SYM(isBusy, "PQisBusy");
	SYM(consumeInput, "PQconsumeInput");
	SYM(socket, "PQsocket");
	SYM(sendQueryParams, "PQsendQueryParams");
	loaded = 1;
}

const struct stw_pq_api *
stw_pq_load(struct stw_err *err)
{
	pthread_once(&once, load);
	if (!loaded) {
		stw_error(err, STW_ECONNECT, "%s", why);
		return NULL;
	}
	return &stw_pq_fns;
}
