/*
 * libpq, loaded when the first PostgreSQL connection is opened rather than
 * at program start: libpq brings some twenty libraries of its own
 * (Kerberos, LDAP, GnuTLS, SASL), and loading them cost every steward
 * process, PostgreSQL or not, about 9 ms.  Only conn_pg.c uses this.
 *
 * Ownership: the table is process-wide and never unloaded.
 */
#ifndef STW_PG_LIBPQ_H
#define STW_PG_LIBPQ_H

#include <libpq-fe.h>

#include "err.h"

struct stw_pq_api {
	PGconn *(*connectdbParams)(const char *const *keywords, const char *const *values,
	    int expand_dbname);
	ConnStatusType (*status)(const PGconn *conn);
	char *(*errorMessage)(const PGconn *conn);
	int (*connectionNeedsPassword)(const PGconn *conn);
	const char *(*parameterStatus)(const PGconn *conn, const char *paramName);
	PGTransactionStatusType (*transactionStatus)(const PGconn *conn);
	void (*finish)(PGconn *conn);
	PGresult *(*exec)(PGconn *conn, const char *query);
	PGresult *(*execParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
	    const char *const *paramValues, const int *paramLengths, const int *paramFormats,
	    int resultFormat);
	int (*sendQuery)(PGconn *conn, const char *query);
	int (*setSingleRowMode)(PGconn *conn);
	PGresult *(*getResult)(PGconn *conn);
	ExecStatusType (*resultStatus)(const PGresult *res);
	char *(*resultErrorField)(const PGresult *res, int fieldcode);
	int (*ntuples)(const PGresult *res);
	int (*nfields)(const PGresult *res);
	char *(*getvalue)(const PGresult *res, int tup_num, int field_num);
	int (*getlength)(const PGresult *res, int tup_num, int field_num);
	int (*getisnull)(const PGresult *res, int tup_num, int field_num);
	void (*clear)(PGresult *res);
	char *(*escapeIdentifier)(PGconn *conn, const char *str, size_t len);
	char *(*escapeLiteral)(PGconn *conn, const char *str, size_t len);
	void (*freemem)(void *ptr);
	int (*libVersion)(void);
	PQnoticeReceiver (*setNoticeReceiver)(PGconn *conn, PQnoticeReceiver proc, void *arg);
	int (*isBusy)(PGconn *conn);
	int (*consumeInput)(PGconn *conn);
	int (*socket)(const PGconn *conn);
	int (*sendQueryParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
	    const char *const *paramValues, const int *paramLengths, const int *paramFormats,
	    int resultFormat);
};

/* The loaded table (thread-safe, loads once), or NULL with err set
 * (STW_ECONNECT) when libpq cannot be loaded.  Every thread calls it
 * before its first use of stw_pq_fns (pthread_once orders the load before
 * that use). */
const struct stw_pq_api *stw_pq_load(struct stw_err *err);
extern struct stw_pq_api stw_pq_fns;

#endif
