/*
 * The connector registry.  Every scheme is known even when its connector is
 * compiled out, so that users get "steward was built without MySQL support"
 * instead of "unknown scheme".
 */
#include "connector.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifdef STEWARD_WITH_POSTGRES
#define STW_IF_POSTGRES(x) (x)
#else
#define STW_IF_POSTGRES(x) NULL
#endif
#ifdef STEWARD_WITH_MYSQL
#define STW_IF_MYSQL(x) (x)
#else
#define STW_IF_MYSQL(x) NULL
#endif

static const struct {
	const char *scheme;
	const char *label;
	const struct stw_connector *impl;
} registry[] = {
	{ "postgres", "PostgreSQL", STW_IF_POSTGRES(&stw_connector_pg) },
	{ "mysql", "MySQL/MariaDB", STW_IF_MYSQL(&stw_connector_mysql) },
	{ "sqlite", "SQLite", &stw_connector_sqlite },
};

int
stw_connector_find(const struct stw_connector **out, const char *scheme, struct stw_err *err)
{
	*out = NULL;
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++) {
		if (strcmp(registry[i].scheme, scheme) != 0)
			continue;
		if (registry[i].impl == NULL)
			return stw_error(err, STW_EUNSUPPORTED, "steward was built without %s support",
			    registry[i].label);
		*out = registry[i].impl;
		return STW_OK;
	}
	return stw_error(err, STW_EUSAGE, "unknown data source scheme '%s'", scheme);
}

/* ---- tasks across connections ------------------------------------------ */

struct task_pool {
	stw_conn_task *task;
	void *payload;
	size_t ntasks;
	atomic_size_t next;
};

struct task_worker {
	struct task_pool *pool;
	struct stw_conn *conn;
};

static void *
task_worker_main(void *arg)
{
	struct task_worker *w = arg;
	struct task_pool *p = w->pool;

	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->ntasks || p->task(w->conn, i, p->payload) != 0)
			break;
	}
	return NULL;
}

void
stw_conn_run_tasks(struct stw_conn *const *conns, size_t nconns, size_t ntasks,
    stw_conn_task *task, void *payload)
{
	struct task_pool pool;
	struct task_worker *ws;
	pthread_t *th;
	size_t nw = 0, started = 0;

	pool.task = task;
	pool.payload = payload;
	pool.ntasks = ntasks;
	atomic_init(&pool.next, 0);
	ws = stw_calloc(nconns + 1, sizeof(*ws));
	for (size_t i = 0; i < nconns; i++)
		if (conns[i] != NULL) {
			ws[nw].pool = &pool;
			ws[nw++].conn = conns[i];
		}
	if (nw == 0 || ntasks == 0) {
		free(ws);
		return;
	}
	th = stw_calloc(nw, sizeof(*th));
	for (size_t i = 1; i < nw && i < ntasks; i++)
		if (pthread_create(&th[started], NULL, task_worker_main, &ws[i]) == 0)
			started++;
	task_worker_main(&ws[0]);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	free(ws);
}
