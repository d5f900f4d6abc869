/*
 * The connector registry.  Every scheme is known even when its connector is
 * compiled out, so that users get "steward was built without MySQL support"
 * instead of "unknown scheme".
 */
#include "connector.h"

#include <string.h>

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
