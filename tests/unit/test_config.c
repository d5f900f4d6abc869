/*
 * Unit tests for the steward.yaml loader (scanner/config.c): the SPEC sample
 * loads field by field, every error class points at the right
 * FILE:LINE:COL with the documented message, ${ENV} expansion in dsn never
 * leaks into messages, durations, policy lookups and approvals files.
 * Each YAML text is written to its own mkstemp file under /tmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scanner/config.h"

/* Writes text to a new temporary file; returns its path (caller frees and
 * unlinks through drop()). */
static char *
write_tmp(const char *text)
{
	char tmpl[] = "/tmp/stw-config-XXXXXX";
	int fd = mkstemp(tmpl);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return stw_strdup(tmpl);
}

static void
drop(char *path)
{
	unlink(path);
	free(path);
}

/* Loads text; asserts success. */
static struct stw_config *
load_ok(const char *text)
{
	struct stw_config *cfg = NULL;
	struct stw_err err = STW_ERR_INIT;
	char *path = write_tmp(text);
	int rc = stw_config_load(&cfg, path, &err);

	if (rc != STW_OK)
		fail_msg("load failed: %s", err.msg);
	assert_non_null(cfg);
	assert_string_equal(cfg->path, path);
	drop(path);
	return cfg;
}

/* Loads text; asserts STW_EUSAGE with exactly "PATH:line:col: msg".
 * Returns the message (static) for further checks. */
static const char *
load_fails(const char *text, int line, int col, const char *msg)
{
	static struct stw_err err;
	struct stw_config *cfg = (struct stw_config *)&err;   /* must be reset to NULL */
	char *path = write_tmp(text);
	char *want = stw_asprintf("%s:%d:%d: %s", path, line, col, msg);
	int rc;

	stw_err_clear(&err);
	rc = stw_config_load(&cfg, path, &err);
	assert_int_equal(rc, STW_EUSAGE);
	assert_int_equal(err.code, STW_EUSAGE);
	assert_null(cfg);
	assert_string_equal(err.msg, want);
	free(want);
	drop(path);
	return err.msg;
}

static const char spec_sample[] =
    "sources:\n"
    "  - name: shop                       # short name used in every output\n"
    "    dsn: postgres://scanner@db.internal/shop\n"
    "    purposes: [order_fulfilment]     # default purposes of data in this source\n"
    "    include: [\"public.*\"]\n"
    "    exclude: [\"public.tmp_*\"]\n"
    "sample: { rows: 1000 }\n"
    "rules:\n"
    "  packs: [core]                      # built-in packs\n"
    "  files: [./privacy/rules.yaml]      # extra packs\n"
    "  disable: [ip_address]\n"
    "categories:                          # policy per data category (prefix match)\n"
    "  user.contact:\n"
    "    retention: 2y                    # d, w, m, y\n"
    "    anchor: [last_login_at, updated_at, created_at]\n"
    "    purposes: [order_fulfilment, support, marketing]\n"
    "  user.health:\n"
    "    purposes: [care]\n"
    "tables:                              # per-table overrides: SOURCE.SCHEMA.TABLE, globs allowed\n"
    "  shop.public.orders: { retention: 10y, anchor: created_at, purposes: [billing] }\n"
    "flows:                               # declared lineage (ETL jobs, exports, replicas)\n"
    "  - from: shop.public.customers\n"
    "    to: analytics.crm.customers_copy\n"
    "    columns: { email: email_addr }\n"
    "    via: nightly-export\n"
    "approvals:                           # ethics-council decisions; also --approvals FILE\n"
    "  - match: analytics.crm.customers_copy.email_addr\n"
    "    category: user.contact.email\n"
    "    approved_by: ethics-council-2026-10\n"
    "    reason: churn model, pseudonymised within 30 days\n"
    "    expires: 2027-06-30\n";

static void
test_config__spec_sample(void **state)
{
	struct stw_config *cfg = load_ok(spec_sample);
	const struct stw_cfg_source *s;
	const struct stw_cfg_policy *p;
	const struct stw_cfg_flow *f;
	const struct stw_cfg_approval *a;
	char *want;

	(void)state;
	assert_int_equal(cfg->nsources, 1);
	s = cfg->sources[0];
	assert_string_equal(s->name, "shop");
	assert_string_equal(s->dsn, "postgres://scanner@db.internal/shop");
	assert_int_equal(s->purposes.n, 1);
	assert_string_equal(s->purposes.v[0], "order_fulfilment");
	assert_int_equal(s->include.n, 1);
	assert_string_equal(s->include.v[0], "public.*");
	assert_int_equal(s->exclude.n, 1);
	assert_string_equal(s->exclude.v[0], "public.tmp_*");
	assert_int_equal(s->line, 2);

	assert_int_equal(cfg->sample_rows, 1000);
	assert_int_equal(cfg->rule_packs.n, 1);
	assert_string_equal(cfg->rule_packs.v[0], "core");
	assert_int_equal(cfg->rule_files.n, 1);
	/* Relative to the config file's directory (/tmp). */
	assert_string_equal(cfg->rule_files.v[0], "/tmp/privacy/rules.yaml");
	assert_int_equal(cfg->rule_disable.n, 1);
	assert_string_equal(cfg->rule_disable.v[0], "ip_address");

	assert_int_equal(cfg->ncategories, 2);
	p = cfg->categories[0];
	assert_string_equal(p->match, "user.contact");
	assert_int_equal(p->retention_days, 2 * 365);
	assert_int_equal(p->anchor.n, 3);
	assert_string_equal(p->anchor.v[0], "last_login_at");
	assert_string_equal(p->anchor.v[1], "updated_at");
	assert_string_equal(p->anchor.v[2], "created_at");
	assert_int_equal(p->purposes.n, 3);
	assert_string_equal(p->purposes.v[2], "marketing");
	assert_true(p->has_purposes);
	assert_int_equal(p->line, 13);
	assert_int_equal(p->col, 3);
	p = cfg->categories[1];
	assert_string_equal(p->match, "user.health");
	assert_int_equal(p->retention_days, -1);
	assert_int_equal(p->anchor.n, 0);
	assert_int_equal(p->purposes.n, 1);
	assert_string_equal(p->purposes.v[0], "care");
	assert_true(p->has_purposes);

	assert_int_equal(cfg->ntables, 1);
	p = cfg->tables[0];
	assert_string_equal(p->match, "shop.public.orders");
	assert_int_equal(p->retention_days, 10 * 365);
	assert_int_equal(p->anchor.n, 1);
	assert_string_equal(p->anchor.v[0], "created_at");
	assert_int_equal(p->purposes.n, 1);
	assert_string_equal(p->purposes.v[0], "billing");
	assert_int_equal(p->line, 20);

	assert_int_equal(cfg->nflows, 1);
	f = cfg->flows[0];
	assert_string_equal(f->from, "shop.public.customers");
	assert_string_equal(f->to, "analytics.crm.customers_copy");
	assert_int_equal(f->col_from.n, 1);
	assert_int_equal(f->col_to.n, 1);
	assert_string_equal(f->col_from.v[0], "email");
	assert_string_equal(f->col_to.v[0], "email_addr");
	assert_string_equal(f->via, "nightly-export");
	assert_int_equal(f->line, 22);
	assert_int_equal(f->col, 5);

	assert_int_equal(cfg->napprovals, 1);
	a = cfg->approvals[0];
	assert_string_equal(a->match, "analytics.crm.customers_copy.email_addr");
	assert_string_equal(a->category, "user.contact.email");
	assert_string_equal(a->approved_by, "ethics-council-2026-10");
	assert_string_equal(a->reason, "churn model, pseudonymised within 30 days");
	assert_string_equal(a->expires, "2027-06-30");
	assert_int_equal(a->line, 27);
	assert_int_equal(a->col, 5);
	want = stw_strdup(a->file);
	assert_true(strncmp(want, "/tmp/stw-config-", 16) == 0);
	free(want);
	stw_config_free(cfg);
}

static void
test_config__empty_and_defaults(void **state)
{
	const char *texts[] = { "", "# nothing here\n", "---\n", "~\n",
		"sources:\ncategories:\ntables: {}\nflows: []\napprovals:\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct stw_config *cfg = load_ok(texts[i]);
		assert_int_equal(cfg->nsources, 0);
		assert_int_equal(cfg->sample_rows, -1);
		assert_int_equal(cfg->rule_packs.n, 0);
		assert_int_equal(cfg->ncategories, 0);
		assert_int_equal(cfg->ntables, 0);
		assert_int_equal(cfg->nflows, 0);
		assert_int_equal(cfg->napprovals, 0);
		stw_config_free(cfg);
	}
	stw_config_free(NULL);
}

static void
test_config__optional_fields(void **state)
{
	struct stw_config *cfg = load_ok(
	    "sources:\n"
	    "  - dsn: sqlite:/tmp/x.db\n"
	    "categories:\n"
	    "  user:\n"
	    "  user.financial: { retention: 30, purposes: [] }\n"
	    "rules: { files: [/abs/rules.yaml, sub/r.yaml] }\n"
	    "flows:\n"
	    "  - { from: a.b.c, to: d.e.f }\n");

	(void)state;
	assert_null(cfg->sources[0]->name);
	assert_int_equal(cfg->sources[0]->purposes.n, 0);
	assert_int_equal(cfg->categories[0]->retention_days, -1);
	assert_false(cfg->categories[0]->has_purposes);
	assert_int_equal(cfg->categories[1]->retention_days, 30);
	assert_true(cfg->categories[1]->has_purposes);   /* given, even empty */
	assert_int_equal(cfg->categories[1]->purposes.n, 0);
	assert_string_equal(cfg->rule_files.v[0], "/abs/rules.yaml");
	assert_string_equal(cfg->rule_files.v[1], "/tmp/sub/r.yaml");
	assert_null(cfg->flows[0]->via);
	assert_int_equal(cfg->flows[0]->col_from.n, 0);
	stw_config_free(cfg);
}

static void
test_config__missing_file(void **state)
{
	struct stw_config *cfg = NULL;
	struct stw_err err = STW_ERR_INIT;

	(void)state;
	assert_int_equal(stw_config_load(&cfg, "/tmp/stw-no-such-dir/x.yaml", &err), STW_ENOTFOUND);
	assert_null(cfg);
	assert_string_equal(err.msg, "cannot open '/tmp/stw-no-such-dir/x.yaml': "
	    "No such file or directory");
}

static void
test_config__syntax_errors(void **state)
{
	const char *msg;

	(void)state;
	/* A tab cannot indent YAML. */
	msg = load_fails("sources:\n  - name: a\n\tdsn: x\n", 3, 1,
	    "invalid YAML: found a tab character that violates indentation "
	    "while scanning a plain scalar started on line 2");
	assert_non_null(msg);
	load_fails("categories:\n  user.contact: [a, b\n", 3, 1,
	    "invalid YAML: did not find expected ',' or ']' "
	    "while parsing a flow sequence started on line 2");
	load_fails("sample: {rows: 1}\n---\nb: 2\n", 3, 1,
	    "unexpected second YAML document: use one document per file");
}

static void
test_config__unknown_keys(void **state)
{
	(void)state;
	load_fails("categories:\n  user.contact:\n    retension: 2y\n", 3, 5,
	    "unknown key 'retension' in categories.user.contact (did you mean 'retention'?)");
	load_fails("sourcs: []\n", 1, 1,
	    "unknown key 'sourcs' at the top level (did you mean 'sources'?)");
	load_fails("sample: { rows: 1, colour: red }\n", 1, 20,
	    "unknown key 'colour' in sample");
	load_fails("sources:\n  - dsn: x\n  - dsn: y\n    purpose: [a]\n", 4, 5,
	    "unknown key 'purpose' in sources[1] (did you mean 'purposes'?)");
	load_fails("approvals:\n  - match: a.b.c.d\n    approvedby: me\n", 3, 5,
	    "unknown key 'approvedby' in approvals[0] (did you mean 'approved_by'?)");
	load_fails("flows:\n  - {from: a.b.c, to: d.e.f, vai: x}\n", 2, 30,
	    "unknown key 'vai' in flows[0] (did you mean 'via'?)");
}

static void
test_config__wrong_types(void **state)
{
	(void)state;
	load_fails("categories:\n  user:\n    purposes: { a: b }\n", 3, 15,
	    "expected a list of strings for 'purposes', got a mapping");
	load_fails("sources:\n  - dsn: x\n    include: public.*\n", 3, 14,
	    "expected a list of strings for 'include', got a string");
	load_fails("rules:\n  packs: [core, [x]]\n", 2, 17,
	    "expected a list of strings for 'packs', got a list holding a list");
	load_fails("sources: { dsn: x }\n", 1, 10, "expected a list for 'sources', got a mapping");
	load_fails("sources:\n  - sqlite:x.db\n", 2, 5,
	    "expected a mapping for each entry of 'sources', got a string");
	load_fails("categories: [a]\n", 1, 13, "expected a mapping for 'categories', got a list");
	load_fails("tables:\n  a.b.c: 3\n", 2, 10,
	    "expected a mapping for 'tables.a.b.c', got a string");
	load_fails("- a\n", 1, 1, "expected a mapping at the top level, got a list");
	load_fails("sample: { rows: many }\n", 1, 17,
	    "invalid number of rows 'many': use a whole number 0 or more");
	load_fails("sample: { rows: -5 }\n", 1, 17,
	    "invalid number of rows '-5': use a whole number 0 or more");
	load_fails("flows:\n  - from: a.b.c\n    to: d.e.f\n    columns: { x: [y] }\n", 4, 19,
	    "expected a column name for 'x' in 'flows[0].columns', got a list");
	load_fails("sources:\n  - dsn: [x]\n", 2, 10, "expected a string for 'dsn', got a list");
	load_fails("approvals:\n  - match:\n", 2, 11,
	    "expected a string for 'match', got an empty value");
}

static void
test_config__bad_values(void **state)
{
	(void)state;
	load_fails("categories:\n  user.contact:\n    retention: 2 years\n", 3, 16,
	    "invalid duration '2 years': use a number followed by d, w, m or y");
	load_fails("tables:\n  s.p.t: { retention: 3h }\n", 2, 23,
	    "invalid duration '3h': use a number followed by d, w, m or y");
	load_fails("categories:\n  user:\n    retention: [1y]\n", 3, 16,
	    "expected a duration for 'retention', got a list");
	load_fails("approvals:\n  - match: a.b.c.d\n    expires: 2027-02-29\n", 3, 14,
	    "invalid date '2027-02-29' for 'expires': use YYYY-MM-DD");
	load_fails("approvals:\n  - match: a.b.c.d\n    expires: 2027-13-01\n", 3, 14,
	    "invalid date '2027-13-01' for 'expires': use YYYY-MM-DD");
	load_fails("approvals:\n  - match: a.b.c.d\n    expires: 30.6.2027\n", 3, 14,
	    "invalid date '30.6.2027' for 'expires': use YYYY-MM-DD");
	load_fails("flows:\n  - from: shop.customers\n    to: a.b.c\n", 2, 11,
	    "invalid 'from' in flows[0]: 'shop.customers' is not of the form SOURCE.SCHEMA.TABLE");
	load_fails("flows:\n  - from: a.b.c\n    to: a..c\n", 3, 9,
	    "invalid 'to' in flows[0]: 'a..c' is not of the form SOURCE.SCHEMA.TABLE");
	load_fails("sources:\n  - { name: a.b, dsn: x }\n", 2, 13,
	    "invalid source name 'a.b': it must be non-empty and hold no '.'");
	load_fails("sources:\n  - { name: a, dsn: x }\n  - { name: a, dsn: y }\n", 3, 13,
	    "duplicate source name 'a' (first given on line 2)");

	/* A leap day is a real day. */
	{
		struct stw_config *cfg = load_ok("approvals:\n  - match: x\n    expires: 2028-02-29\n");
		assert_string_equal(cfg->approvals[0]->expires, "2028-02-29");
		stw_config_free(cfg);
	}
}

static void
test_config__missing_and_duplicate(void **state)
{
	(void)state;
	load_fails("sources:\n  - name: shop\n    purposes: [x]\n", 2, 5,
	    "missing required key 'dsn' in sources[0]");
	load_fails("flows:\n  - to: a.b.c\n", 2, 5, "missing required key 'from' in flows[0]");
	load_fails("flows:\n  - from: a.b.c\n    via: x\n", 2, 5,
	    "missing required key 'to' in flows[0]");
	load_fails("approvals:\n  - category: user\n", 2, 5,
	    "missing required key 'match' in approvals[0]");
	load_fails("categories:\n  user:\n    retention: 1y\n    retention: 2y\n", 4, 5,
	    "duplicate key 'retention' in categories.user (first given on line 3)");
	load_fails("sample: {rows: 1}\nsample: {rows: 2}\n", 2, 1,
	    "duplicate key 'sample' at the top level (first given on line 1)");
	load_fails("tables:\n  a.b.c: {}\n  a.b.c: {}\n", 3, 3,
	    "duplicate key 'a.b.c' in tables (first given on line 2)");
}

#define SECRET "hunter2-S3cret!pw"

static void
test_config__env_expansion(void **state)
{
	struct stw_config *cfg;
	const char *msg;

	(void)state;
	assert_int_equal(setenv("STW_TEST_PASS", SECRET, 1), 0);
	assert_int_equal(setenv("STW_TEST_HOST", "db.internal", 1), 0);
	unsetenv("STW_TEST_UNSET");
	cfg = load_ok("sources:\n"
	    "  - dsn: postgres://u:${STW_TEST_PASS}@${STW_TEST_HOST}/shop?x=$y\n"
	    "    purposes: [\"${STW_TEST_PASS}\"]\n");
	assert_string_equal(cfg->sources[0]->dsn,
	    "postgres://u:" SECRET "@db.internal/shop?x=$y");
	/* Only dsn is expanded. */
	assert_string_equal(cfg->sources[0]->purposes.v[0], "${STW_TEST_PASS}");
	stw_config_free(cfg);

	load_fails("sources:\n  - name: a\n    dsn: postgres://u:${STW_TEST_UNSET}@h/db\n", 3, 10,
	    "environment variable 'STW_TEST_UNSET' is not set");
	/* A malformed reference names neither the DSN nor its literal password. */
	msg = load_fails("sources:\n  - dsn: postgres://u:" SECRET "@h/${1X}\n", 2, 10,
	    "invalid environment reference in 'dsn': use ${NAME}");
	assert_null(strstr(msg, SECRET));
	msg = load_fails("sources:\n  - dsn: postgres://u:" SECRET "@h/${X\n", 2, 10,
	    "invalid environment reference in 'dsn': use ${NAME}");
	assert_null(strstr(msg, SECRET));

	/* Errors after a successful expansion never show the value. */
	msg = load_fails("sources:\n  - dsn: postgres://u:${STW_TEST_PASS}@h/db\n"
	    "    dsn: postgres://u:${STW_TEST_PASS}@h/db\n", 3, 5,
	    "duplicate key 'dsn' in sources[0] (first given on line 2)");
	assert_null(strstr(msg, SECRET));
	msg = load_fails("sources:\n  - dsn: postgres://u:${STW_TEST_PASS}@h/db\n"
	    "    exclued: [a]\n", 3, 5,
	    "unknown key 'exclued' in sources[0] (did you mean 'exclude'?)");
	assert_null(strstr(msg, SECRET));
	msg = load_fails("sources:\n  - dsn: postgres://u:${STW_TEST_PASS}@h/db\n"
	    "    name: a.b\n", 3, 11,
	    "invalid source name 'a.b': it must be non-empty and hold no '.'");
	assert_null(strstr(msg, SECRET));
	msg = load_fails("sources:\n  - dsn: postgres://u:${STW_TEST_PASS}@h/db\n"
	    "  - dsn: ${STW_TEST_UNSET}\n", 3, 10,
	    "environment variable 'STW_TEST_UNSET' is not set");
	assert_null(strstr(msg, SECRET));
	unsetenv("STW_TEST_PASS");
	unsetenv("STW_TEST_HOST");
}

static void
test_config__durations(void **state)
{
	static const struct { const char *s; long long days; } ok[] = {
		{ "0", 0 }, { "30", 30 }, { "30d", 30 }, { "6w", 42 }, { "18m", 540 },
		{ "2y", 730 }, { "10y", 3650 }, { "1d", 1 },
	};
	static const char *const bad[] = { "", "d", "2 years", "2Y", "-1d", "+3d", "1.5y",
		"3h", "2yy", " 2y", "2y ", "99999999999999999999d", "9223372036854775807y" };

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		long long d = -7;
		assert_int_equal(stw_parse_duration_days(&d, ok[i].s), STW_OK);
		assert_int_equal(d, ok[i].days);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long long d = -7;
		if (stw_parse_duration_days(&d, bad[i]) != STW_EUSAGE)
			fail_msg("'%s' was accepted as a duration", bad[i]);
		assert_int_equal(d, -7);
	}
}

static void
test_config__category_policy(void **state)
{
	struct stw_config *cfg = load_ok("categories:\n"
	    "  user: { retention: 5y }\n"
	    "  user.contact.email: { retention: 1y }\n"
	    "  user.contact: { retention: 2y }\n"
	    "  system: {}\n");

	(void)state;
	assert_string_equal(stw_config_category_policy(cfg, "user.contact.email")->match,
	    "user.contact.email");
	assert_string_equal(stw_config_category_policy(cfg, "user.contact.email.work")->match,
	    "user.contact.email");
	assert_string_equal(stw_config_category_policy(cfg, "user.contact.phone")->match,
	    "user.contact");
	assert_string_equal(stw_config_category_policy(cfg, "user.contact")->match,
	    "user.contact");
	/* Dot boundaries: "user.contactless" is not under "user.contact". */
	assert_string_equal(stw_config_category_policy(cfg, "user.contactless")->match, "user");
	assert_string_equal(stw_config_category_policy(cfg, "user.health")->match, "user");
	assert_null(stw_config_category_policy(cfg, "users"));
	assert_null(stw_config_category_policy(cfg, "derived.user"));
	assert_null(stw_config_category_policy(cfg, "use"));
	assert_int_equal(stw_config_category_policy(cfg, "user.contact.email")->retention_days, 365);
	stw_config_free(cfg);
}

static void
test_config__table_policy(void **state)
{
	struct stw_config *cfg = load_ok("tables:\n"
	    "  shop.public.orders: { retention: 10y }\n"
	    "  shop.public.order*: { retention: 1y }\n"
	    "  shop.*: { purposes: [shop] }\n"
	    "  \"*.audit.log_[0-9]\": { retention: 90d }\n");
	const struct stw_cfg_policy *p;

	(void)state;
	p = stw_config_table_policy(cfg, "shop", "public", "orders");
	assert_non_null(p);
	assert_int_equal(p->retention_days, 3650);   /* first match in file order */
	p = stw_config_table_policy(cfg, "shop", "public", "order_items");
	assert_int_equal(p->retention_days, 365);
	p = stw_config_table_policy(cfg, "shop", "sales", "x");
	assert_string_equal(p->match, "shop.*");
	assert_int_equal(p->line, 4);
	p = stw_config_table_policy(cfg, "crm", "audit", "log_7");
	assert_int_equal(p->retention_days, 90);
	assert_null(stw_config_table_policy(cfg, "crm", "audit", "log_x"));
	assert_null(stw_config_table_policy(cfg, "shopx", "public", "orders"));
	assert_null(stw_config_table_policy(cfg, "crm", "public", "orders"));
	stw_config_free(cfg);
}

static void
test_config__approvals_file(void **state)
{
	struct stw_config *cfg = load_ok("approvals:\n  - match: a.b.c.d\n");
	struct stw_err err = STW_ERR_INIT;
	char *list = write_tmp("# council decisions\n"
	    "- match: shop.public.customers.*\n"
	    "  category: user.contact\n"
	    "  approved_by: dpo\n"
	    "  expires: 2030-01-31\n"
	    "-   match: crm.*.*.phone\n");
	char *map = write_tmp("approvals:\n  - { match: x.y.z.w, reason: test }\n");
	char *bad = write_tmp("- match: ok.ok.ok.ok\n- match: x\n  expires: soon\n");
	char *badkey = write_tmp("aprovals: []\n");
	char *want;

	(void)state;
	assert_int_equal(cfg->napprovals, 1);
	assert_int_equal(stw_config_load_approvals(cfg, list, &err), STW_OK);
	assert_int_equal(cfg->napprovals, 3);
	assert_string_equal(cfg->approvals[1]->match, "shop.public.customers.*");
	assert_string_equal(cfg->approvals[1]->category, "user.contact");
	assert_string_equal(cfg->approvals[1]->approved_by, "dpo");
	assert_string_equal(cfg->approvals[1]->expires, "2030-01-31");
	assert_null(cfg->approvals[1]->reason);
	assert_string_equal(cfg->approvals[1]->file, list);
	assert_int_equal(cfg->approvals[1]->line, 2);
	assert_int_equal(cfg->approvals[1]->col, 3);
	assert_string_equal(cfg->approvals[2]->match, "crm.*.*.phone");
	assert_null(cfg->approvals[2]->category);
	assert_int_equal(cfg->approvals[2]->line, 6);
	assert_int_equal(cfg->approvals[2]->col, 5);
	assert_string_equal(cfg->approvals[0]->file, cfg->path);

	assert_int_equal(stw_config_load_approvals(cfg, map, &err), STW_OK);
	assert_int_equal(cfg->napprovals, 4);
	assert_string_equal(cfg->approvals[3]->match, "x.y.z.w");
	assert_string_equal(cfg->approvals[3]->reason, "test");
	assert_string_equal(cfg->approvals[3]->file, map);
	assert_int_equal(cfg->approvals[3]->line, 2);
	assert_int_equal(cfg->approvals[3]->col, 5);

	/* All or nothing: the good first entry of a bad file is dropped too. */
	assert_int_equal(stw_config_load_approvals(cfg, bad, &err), STW_EUSAGE);
	want = stw_asprintf("%s:3:12: invalid date 'soon' for 'expires': use YYYY-MM-DD", bad);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(cfg->napprovals, 4);

	assert_int_equal(stw_config_load_approvals(cfg, badkey, &err), STW_EUSAGE);
	want = stw_asprintf("%s:1:1: unknown key 'aprovals' at the top level "
	    "(did you mean 'approvals'?)", badkey);
	assert_string_equal(err.msg, want);
	free(want);

	assert_int_equal(stw_config_load_approvals(cfg, "/tmp/stw-no-such-approvals.yaml", &err),
	    STW_ENOTFOUND);
	assert_string_equal(err.msg, "cannot open '/tmp/stw-no-such-approvals.yaml': "
	    "No such file or directory");
	assert_int_equal(cfg->napprovals, 4);

	drop(list);
	drop(map);
	drop(bad);
	drop(badkey);
	stw_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config__spec_sample),
		cmocka_unit_test(test_config__empty_and_defaults),
		cmocka_unit_test(test_config__optional_fields),
		cmocka_unit_test(test_config__missing_file),
		cmocka_unit_test(test_config__syntax_errors),
		cmocka_unit_test(test_config__unknown_keys),
		cmocka_unit_test(test_config__wrong_types),
		cmocka_unit_test(test_config__bad_values),
		cmocka_unit_test(test_config__missing_and_duplicate),
		cmocka_unit_test(test_config__env_expansion),
		cmocka_unit_test(test_config__durations),
		cmocka_unit_test(test_config__category_policy),
		cmocka_unit_test(test_config__table_policy),
		cmocka_unit_test(test_config__approvals_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
