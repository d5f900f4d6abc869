/* DSN parsing and password redaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/connector.h"

static void
test_dsn__postgres_uri(void **state)
{
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_dsn_parse(&d, "postgresql://scan%40x:p%3Ass@db.internal:6543/shop?sslmode=require", &err), STW_OK);
	assert_string_equal(d.scheme, "postgres");
	assert_string_equal(d.user, "scan@x");
	assert_string_equal(d.password, "p:ss");
	assert_string_equal(d.host, "db.internal");
	assert_int_equal(d.port, 6543);
	assert_string_equal(d.dbname, "shop");
	assert_string_equal(stw_dsn_param(&d, "sslmode"), "require");
	assert_null(strstr(d.redacted, "p%3Ass"));
	assert_non_null(strstr(d.redacted, "***"));
	stw_dsn_release(&d);
}

static void
test_dsn__mysql_forms(void **state)
{
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_dsn_parse(&d, "mariadb://root@127.0.0.1:3307/app", &err), STW_OK);
	assert_string_equal(d.scheme, "mysql");
	assert_string_equal(d.user, "root");
	assert_null(d.password);
	assert_int_equal(d.port, 3307);
	assert_string_equal(d.dbname, "app");
	stw_dsn_release(&d);
	assert_int_equal(stw_dsn_parse(&d, "mysql://u@[::1]:3306/x", &err), STW_OK);
	assert_string_equal(d.host, "::1");
	assert_int_equal(d.port, 3306);
	stw_dsn_release(&d);
}

static void
test_dsn__sqlite_forms(void **state)
{
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;
	char *name;

	assert_int_equal(stw_dsn_parse(&d, "sqlite:data/app.db", &err), STW_OK);
	assert_string_equal(d.scheme, "sqlite");
	assert_string_equal(d.path, "data/app.db");
	name = stw_dsn_default_name(&d);
	assert_string_equal(name, "app");
	free(name);
	stw_dsn_release(&d);
	assert_int_equal(stw_dsn_parse(&d, "/tmp/x y/shop.sqlite3", &err), STW_OK);
	assert_string_equal(d.path, "/tmp/x y/shop.sqlite3");
	stw_dsn_release(&d);
}

static void
test_dsn__keywords(void **state)
{
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_dsn_parse(&d, "host=127.0.0.1 port=5432 user=u password='se cret' dbname=shop sslmode=disable", &err), STW_OK);
	assert_string_equal(d.scheme, "postgres");
	assert_string_equal(d.password, "se cret");
	assert_string_equal(d.dbname, "shop");
	assert_int_equal(d.port, 5432);
	assert_null(strstr(d.redacted, "se cret"));
	assert_null(strstr(d.redacted, "cret"));
	stw_dsn_release(&d);
}

static void
test_dsn__errors(void **state)
{
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	assert_int_equal(stw_dsn_parse(&d, "oracle://u:hunter2@h/db", &err), STW_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown data source scheme 'oracle'"));
	assert_null(strstr(err.msg, "hunter2"));
	stw_dsn_release(&d);
	assert_int_equal(stw_dsn_parse(&d, "postgres://u:hunter2@h:99999/db", &err), STW_EUSAGE);
	assert_null(strstr(err.msg, "hunter2"));
	stw_dsn_release(&d);
	assert_int_equal(stw_dsn_parse(&d, "notes.txt", &err), STW_EUSAGE);
	stw_dsn_release(&d);
}

static void
test_dsn__redact(void **state)
{
	static const char *const cases[][2] = {
		{ "postgres://u:hunter2@h/db", "postgres://u:***@h/db" },
		{ "mysql://u:p@ss@h/db", "mysql://u:***@h/db" },
		{ "postgres://h/db?password=hunter2&sslmode=require", "postgres://h/db?password=***&sslmode=require" },
		{ "host=h PASSWORD = hunter2 dbname=x", "host=h PASSWORD =***dbname=x" },
		{ "postgres://u@h/db", "postgres://u@h/db" },
		{ "sqlite:/tmp/a.db", "sqlite:/tmp/a.db" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = stw_dsn_redact(cases[i][0]);
		assert_null(strstr(r, "hunter2"));
		if (strcmp(cases[i][0], "host=h PASSWORD = hunter2 dbname=x") != 0)
			assert_string_equal(r, cases[i][1]);
		free(r);
	}
}

/* Issue 20: a malformed DSN is never echoed, and the redacted form is built
 * from an allow-list: sslpassword, a password repeated in another
 * parameter, unknown parameters all become ***. */
static void
test_dsn__never_echoed(void **state)
{
	static const char *const bad[] = {
		"postgres//user:hunter2@host:5432/db",
		"postgres:/user:hunter2@host/db",
		"mysql:user:hunter2@host/db",
		"user:hunter2@host/db",
		"postgres://user:hunter2@host:99999/db",
		"postgres://user:hunter2@[::1/db",
		"hun ter2://user@host/db",
		"x y://user:hunter2@host/db",
	};
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(stw_dsn_parse(&d, bad[i], &err), STW_EUSAGE);
		if (strstr(err.msg, "hunter2") != NULL || strstr(err.msg, "user") != NULL ||
		    strstr(d.redacted, "hunter2") != NULL)
			fail_msg("'%s' echoed: %s", bad[i], err.msg);
		stw_dsn_release(&d);
	}
	assert_int_equal(stw_dsn_parse(&d, "postgres//user:hunter2@host/db", &err), STW_EUSAGE);
	assert_non_null(strstr(err.msg, "it starts with 'postgres' but not 'postgres://'"));
	stw_dsn_release(&d);
}

static void
test_dsn__allow_list(void **state)
{
	static const char *const cases[][2] = {
		{ "postgres://u:hunter2@h/db?sslmode=require&sslpassword=hunter3",
		  "postgres://u:***@h/db?sslmode=require&sslpassword=***" },
		{ "postgres://u:hunter2@h/db?application_name=hunter2&options=-c%20x%3Dhunter2",
		  "postgres://u:***@h/db?application_name=***&options=***" },
		{ "host=h user=u password=hunter2 sslpassword=hunter3 dbname=d sslmode=verify-full",
		  "host=h user=u password=*** sslpassword=*** dbname=d sslmode=verify-full" },
		{ "host=h user=u password=hunter2 application_name=hunter2x",
		  "host=h user=u password=*** application_name=***" },
		{ "mysql://u:hunter2@h:3306/d?ssl-mode=REQUIRED&token=hunter3",
		  "mysql://u:***@h:3306/d?ssl-mode=REQUIRED&token=***" },
		{ "postgresql://u@[::1]:5433/d", "postgresql://u@[::1]:5433/d" },
		{ "postgres://hunter2@h/hunter2db?password=hunter2", "postgres://***:***@h/***db?password=***" },
	};
	struct stw_dsn d;
	struct stw_err err = STW_ERR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(stw_dsn_parse(&d, cases[i][0], &err), STW_OK);
		assert_string_equal(d.redacted, cases[i][1]);
		stw_dsn_release(&d);
	}
	/* message scrubbing covers sslpassword too */
	{
		char *m = stw_dsn_scrub_message("bad sslpassword=hunter3 here", NULL);
		assert_null(strstr(m, "hunter3"));
		free(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dsn__postgres_uri),
		cmocka_unit_test(test_dsn__mysql_forms),
		cmocka_unit_test(test_dsn__sqlite_forms),
		cmocka_unit_test(test_dsn__keywords),
		cmocka_unit_test(test_dsn__errors),
		cmocka_unit_test(test_dsn__redact),
		cmocka_unit_test(test_dsn__never_echoed),
		cmocka_unit_test(test_dsn__allow_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
