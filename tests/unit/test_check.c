/*
 * Unit tests for steward check (output/check.c, check_locate.c and the
 * renderers): baseline matching by identity, approvals (globs, category
 * prefixes, expiry), severities, fail-on, fingerprints, migration lookup
 * and the escaping of every output format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "output/check.h"
#include "scanner/config.h"
#include "scanner/inventory.h"

/* shop.public.users(id, email[personal], birth_date[quasi]) and, when
 * with_email is 0, without the email column. */
static struct stw_inventory *
make_inv(int with_email, double confidence)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "shop");
	struct stw_table *t = stw_source_add_table(s, "public", "users", "table");
	struct stw_column *c;
	struct stw_finding *f;

	stw_table_add_column(t, "id", "integer", 0);
	c = stw_table_add_column(t, "birth_date", "date", 1);
	f = stw_column_add_finding(c, "birth_date", "user.demographic.date_of_birth", STW_SENS_QUASI);
	f->evidence = STW_EVID_NAME;
	f->confidence = confidence;
	if (with_email) {
		c = stw_table_add_column(t, "email", "text", 1);
		f = stw_column_add_finding(c, "email", "user.contact.email", STW_SENS_PERSONAL);
		f->evidence = STW_EVID_NAME;
		f->confidence = confidence;
		f->matched = (long long)(confidence * 100);
		f->sampled = 100;
	}
	return inv;
}

static void
add_approval(struct stw_config *cfg, const char *match, const char *category, const char *expires)
{
	struct stw_cfg_approval *a = stw_calloc(1, sizeof(*a));

	a->match = stw_strdup(match);
	a->category = stw_strdup(category);
	a->approved_by = stw_strdup("ethics-council");
	a->reason = stw_strdup("test");
	a->expires = stw_strdup(expires);
	a->file = stw_strdup("approvals.yaml");
	a->line = 7;
	a->col = 3;
	stw_grow(&cfg->approvals, &cfg->aapprovals, cfg->napprovals + 1, sizeof(cfg->approvals[0]));
	cfg->approvals[cfg->napprovals++] = a;
}

static struct stw_check_report *
run(const struct stw_inventory *inv, const struct stw_inventory *base, const struct stw_config *cfg,
    const char *as_of, enum stw_severity fail_on)
{
	struct stw_check_opts o;
	struct stw_check_report *r = NULL;
	struct stw_err err = STW_ERR_INIT;

	memset(&o, 0, sizeof(o));
	o.baseline = base;
	o.cfg = cfg;
	o.as_of = as_of;
	o.fail_on = fail_on;
	o.inventory_path = "new.json";
	o.baseline_path = base ? "baseline.json" : NULL;
	assert_int_equal(stw_check_run(&r, inv, &o, &err), STW_OK);
	assert_non_null(r);
	return r;
}

/* The result of rule_id on column (NULL = any), or NULL. */
static const struct stw_check_result *
find(const struct stw_check_report *r, const char *rule_id, const char *column)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i]->rule_id, rule_id) == 0 &&
		    (column == NULL || (r->v[i]->column && strcmp(r->v[i]->column, column) == 0)))
			return r->v[i];
	return NULL;
}

static size_t
count(const struct stw_check_report *r, const char *rule_id)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += strcmp(r->v[i]->rule_id, rule_id) == 0;
	return n;
}

static void
test_no_baseline_everything_new(void **state)
{
	struct stw_inventory *inv = make_inv(1, 0.9);
	struct stw_check_report *r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_HIGH);
	const struct stw_check_result *e = find(r, "steward/new-personal-data", "email");
	const struct stw_check_result *b = find(r, "steward/new-personal-data", "birth_date");

	(void)state;
	assert_non_null(e);
	assert_non_null(b);
	assert_int_equal(e->severity, STW_SEV_HIGH);
	assert_true(e->failing);
	assert_int_equal(b->severity, STW_SEV_MEDIUM);
	assert_false(b->failing);
	assert_int_equal(r->nfailing, 1);
	assert_string_equal(e->subject, "shop.public.users.email");
	assert_string_equal(e->category, "user.contact.email");
	/* sorted most severe first */
	assert_ptr_equal(r->v[0], e);
	/* no migration and no config: the inventory is the location */
	assert_string_equal(e->file, "new.json");
	assert_int_equal(e->line, 1);
	stw_check_report_free(r);
	stw_inventory_free(inv);
}

static void
test_baseline_by_identity(void **state)
{
	/* baseline scanned with other confidence and counts: still the same findings */
	struct stw_inventory *base = make_inv(0, 0.3);
	struct stw_inventory *inv = make_inv(1, 0.95);
	struct stw_check_report *r = run(inv, base, NULL, "2026-01-01", STW_SEV_HIGH);

	(void)state;
	assert_int_equal(count(r, "steward/new-personal-data"), 1);
	assert_non_null(find(r, "steward/new-personal-data", "email"));
	assert_null(find(r, "steward/new-personal-data", "birth_date"));
	assert_int_equal(r->nfailing, 1);
	/* new finding without migrations points at the baseline */
	assert_string_equal(find(r, "steward/new-personal-data", "email")->file, "baseline.json");
	stw_check_report_free(r);

	/* the same inventory as its own baseline: nothing new */
	r = run(inv, inv, NULL, "2026-01-01", STW_SEV_INFO);
	assert_int_equal(count(r, "steward/new-personal-data"), 0);
	assert_int_equal(r->nfailing, 0);
	stw_check_report_free(r);
	stw_inventory_free(inv);
	stw_inventory_free(base);
}

static void
test_approval_valid_and_expired(void **state)
{
	struct stw_inventory *base = make_inv(0, 0.5);
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_config *cfg = stw_config_new();
	struct stw_check_report *r;
	const struct stw_check_result *e, *x;

	(void)state;
	add_approval(cfg, "shop.public.users.email", "user.contact.email", "2026-06-30");

	r = run(inv, base, cfg, "2026-06-29", STW_SEV_HIGH);
	assert_int_equal(r->nfailing, 0);
	assert_null(find(r, "steward/new-personal-data", "email"));
	assert_int_equal(count(r, "steward/approval-unused"), 0);
	assert_int_equal(count(r, "steward/approval-expired"), 0);
	stw_check_report_free(r);

	/* valid through the expiry day itself */
	r = run(inv, base, cfg, "2026-06-30", STW_SEV_HIGH);
	assert_int_equal(r->nfailing, 0);
	stw_check_report_free(r);

	r = run(inv, base, cfg, "2026-07-01", STW_SEV_HIGH);
	e = find(r, "steward/new-personal-data", "email");
	assert_non_null(e);
	assert_true(e->failing);
	assert_non_null(e->note);
	assert_non_null(strstr(e->note, "approval expired on 2026-06-30"));
	x = find(r, "steward/approval-expired", NULL);
	assert_non_null(x);
	assert_int_equal(x->severity, STW_SEV_LOW);
	assert_string_equal(x->file, "approvals.yaml");
	assert_int_equal(x->line, 7);
	assert_string_equal(x->subject, "shop.public.users.email");
	assert_int_equal(r->nfailing, 1);
	stw_check_report_free(r);

	/* an expired approval re-opens a finding the baseline holds */
	r = run(inv, inv, cfg, "2026-07-01", STW_SEV_HIGH);
	assert_non_null(find(r, "steward/new-personal-data", "email"));
	assert_int_equal(r->nfailing, 1);
	stw_check_report_free(r);

	stw_config_free(cfg);
	stw_inventory_free(inv);
	stw_inventory_free(base);
}

static void
test_approval_globs_and_categories(void **state)
{
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_check_report *r;
	struct stw_config *cfg;

	(void)state;
	/* category prefix on a dot boundary, column glob */
	cfg = stw_config_new();
	add_approval(cfg, "shop.public.*.email", "user.contact", NULL);
	r = run(inv, NULL, cfg, "2026-01-01", STW_SEV_HIGH);
	assert_null(find(r, "steward/new-personal-data", "email"));
	assert_non_null(find(r, "steward/new-personal-data", "birth_date"));
	stw_check_report_free(r);
	stw_config_free(cfg);

	/* "user.contactx" is not a prefix of user.contact.email on a dot boundary */
	cfg = stw_config_new();
	add_approval(cfg, "shop.public.users.email", "user.contac", NULL);
	r = run(inv, NULL, cfg, "2026-01-01", STW_SEV_HIGH);
	assert_non_null(find(r, "steward/new-personal-data", "email"));
	assert_non_null(find(r, "steward/approval-unused", NULL));
	assert_int_equal(find(r, "steward/approval-unused", NULL)->severity, STW_SEV_INFO);
	stw_check_report_free(r);
	stw_config_free(cfg);

	/* NULL category: any; but another table does not match */
	cfg = stw_config_new();
	add_approval(cfg, "shop.public.users.*", NULL, NULL);
	add_approval(cfg, "shop.public.orders.email", NULL, NULL);
	r = run(inv, NULL, cfg, "2026-01-01", STW_SEV_INFO);
	assert_int_equal(count(r, "steward/new-personal-data"), 0);
	assert_int_equal(count(r, "steward/approval-unused"), 1);
	assert_string_equal(find(r, "steward/approval-unused", NULL)->subject, "shop.public.orders.email");
	stw_check_report_free(r);
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_severity_and_fail_on(void **state)
{
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_check_report *r;

	(void)state;
	assert_int_equal(stw_check_finding_severity(STW_SENS_SPECIAL), STW_SEV_CRITICAL);
	assert_int_equal(stw_check_finding_severity(STW_SENS_HIGH), STW_SEV_HIGH);
	assert_int_equal(stw_check_finding_severity(STW_SENS_PERSONAL), STW_SEV_HIGH);
	assert_int_equal(stw_check_finding_severity(STW_SENS_QUASI), STW_SEV_MEDIUM);
	r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_CRITICAL);
	assert_int_equal(r->nfailing, 0);
	stw_check_report_free(r);
	r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_MEDIUM);
	assert_int_equal(r->nfailing, 2);
	assert_int_equal(r->by_severity[STW_SEV_HIGH], 1);
	assert_int_equal(r->by_severity[STW_SEV_MEDIUM], 1);
	stw_check_report_free(r);
	stw_inventory_free(inv);
}

static void
test_bad_dates(void **state)
{
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_config *cfg = stw_config_new();
	struct stw_check_report *r = NULL;
	struct stw_check_opts o;
	struct stw_err err = STW_ERR_INIT;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.as_of = "2026-13-01";
	assert_int_equal(stw_check_run(&r, inv, &o, &err), STW_EUSAGE);
	assert_null(r);
	assert_non_null(strstr(err.msg, "2026-13-01"));
	add_approval(cfg, "shop.*", NULL, "30.06.2026");
	o.as_of = "2026-01-01";
	o.cfg = cfg;
	assert_int_equal(stw_check_run(&r, inv, &o, &err), STW_EUSAGE);
	assert_non_null(strstr(err.msg, "approvals.yaml:7:3"));
	stw_config_free(cfg);
	stw_inventory_free(inv);
}

static void
test_fingerprints(void **state)
{
	struct stw_inventory *a = make_inv(1, 0.2), *b = make_inv(1, 0.99);
	struct stw_check_report *ra = run(a, NULL, NULL, "2026-01-01", STW_SEV_HIGH);
	struct stw_check_report *rb = run(b, NULL, NULL, "2030-01-01", STW_SEV_LOW);
	const struct stw_check_result *ea = find(ra, "steward/new-personal-data", "email");
	const struct stw_check_result *eb = find(rb, "steward/new-personal-data", "email");
	const struct stw_check_result *bd = find(ra, "steward/new-personal-data", "birth_date");
	char h1[17], h2[17];
	const char *f1[] = { "ab", "c" }, *f2[] = { "a", "bc" };

	(void)state;
	assert_int_equal(strlen(ea->fingerprint), 16);
	assert_string_equal(ea->fingerprint, eb->fingerprint);
	assert_string_not_equal(ea->fingerprint, bd->fingerprint);
	stw_check_fnv1a_hex(h1, f1, 2);
	stw_check_fnv1a_hex(h2, f2, 2);
	assert_string_not_equal(h1, h2);
	/* FNV-1a 64 of the empty input with no fields is the offset basis */
	stw_check_fnv1a_hex(h1, NULL, 0);
	assert_string_equal(h1, "cbf29ce484222325");
	stw_check_report_free(ra);
	stw_check_report_free(rb);
	stw_inventory_free(a);
	stw_inventory_free(b);
}

static char *
write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = stw_asprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_locate_migrations(void **state)
{
	char tmpl[] = "/tmp/stw-test-check-XXXXXX";
	char *dir = mkdtemp(tmpl), *p1, *p2, *p3, *sub;
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_check_report *r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_HIGH);
	struct stw_strv paths = STW_STRV_INIT;
	struct stw_err err = STW_ERR_INIT;
	const struct stw_check_result *e, *b;

	(void)state;
	assert_non_null(dir);
	p1 = write_tmp(dir, "001_init.sql",
	    "-- users; an email column comes later\n"
	    "CREATE TABLE IF NOT EXISTS public.\"users\" (\n"
	    "  id integer PRIMARY KEY,\n"
	    "  note text DEFAULT 'email, yes',\n"
	    "  birth_date date,\n"
	    "  CONSTRAINT email CHECK (true)\n"
	    ");\n");
	sub = stw_asprintf("%s/later", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	p2 = write_tmp(sub, "002_add_email.sql",
	    "/* adds\n   contact data */\n"
	    "ALTER TABLE users\n"
	    "  ADD COLUMN IF NOT EXISTS `email` text;\n");
	p3 = write_tmp(dir, "README.txt", "ALTER TABLE users ADD COLUMN birth_date date;\n");
	stw_strv_push(&paths, dir);
	assert_int_equal(stw_check_locate(r, &paths, &err), STW_OK);
	e = find(r, "steward/new-personal-data", "email");
	b = find(r, "steward/new-personal-data", "birth_date");
	assert_string_equal(e->file, p2);
	assert_int_equal(e->line, 4);
	assert_string_equal(b->file, p1);
	assert_int_equal(b->line, 5);

	/* a missing path is an input error */
	stw_strv_push(&paths, "/nonexistent/migrations");
	assert_int_equal(stw_check_locate(r, &paths, &err), STW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "/nonexistent/migrations"));

	unlink(p1);
	unlink(p2);
	unlink(p3);
	rmdir(sub);
	rmdir(dir);
	free(p1);
	free(p2);
	free(p3);
	free(sub);
	stw_strv_clear(&paths);
	stw_check_report_free(r);
	stw_inventory_free(inv);
}

/* A column whose name needs escaping in every format. */
static struct stw_inventory *
make_hostile(void)
{
	struct stw_inventory *inv = stw_inventory_new();
	struct stw_source *s = stw_inventory_add_source(inv, "sh,op");
	struct stw_table *t = stw_source_add_table(s, "public", "a<b>&\"c", "table");
	struct stw_column *c = stw_table_add_column(t, "e-mail%0A:x\ny", "text", 1);
	struct stw_finding *f = stw_column_add_finding(c, "email", "user.contact.email", STW_SENS_PERSONAL);
	f->evidence = STW_EVID_NAME;
	return inv;
}

static void
test_render_sarif(void **state)
{
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_check_report *r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_HIGH);
	char *text;
	json_t *root, *res, *loc;
	json_error_t jerr;
	size_t i;

	(void)state;
	free(r->v[0]->file);
	r->v[0]->file = stw_strdup("migrations/002 add email.sql");
	r->v[0]->line = 3;
	text = stw_check_render_sarif(r);
	root = json_loads(text, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
	assert_non_null(json_object_get(root, "$schema"));
	json_t *run0 = json_array_get(json_object_get(root, "runs"), 0);
	json_t *driver = json_object_get(json_object_get(run0, "tool"), "driver");
	assert_string_equal(json_string_value(json_object_get(driver, "name")), "steward");
	json_t *results = json_object_get(run0, "results");
	assert_int_equal(json_array_size(results), r->n);
	json_array_foreach(results, i, res) {
		const char *rid = json_string_value(json_object_get(res, "ruleId"));
		json_int_t idx = json_integer_value(json_object_get(res, "ruleIndex"));
		json_t *rule = json_array_get(json_object_get(driver, "rules"), (size_t)idx);
		assert_string_equal(json_string_value(json_object_get(rule, "id")), rid);
		loc = json_array_get(json_object_get(res, "locations"), 0);
		assert_non_null(json_object_get(json_object_get(json_object_get(loc, "physicalLocation"),
		    "artifactLocation"), "uri"));
		assert_true(json_integer_value(json_object_get(json_object_get(json_object_get(loc,
		    "physicalLocation"), "region"), "startLine")) >= 1);
		assert_non_null(json_object_get(json_object_get(res, "partialFingerprints"), "stewardFinding/v1"));
	}
	res = json_array_get(results, 0);
	assert_string_equal(json_string_value(json_object_get(res, "level")), "error");
	loc = json_array_get(json_object_get(res, "locations"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(loc,
	    "physicalLocation"), "artifactLocation"), "uri")), "migrations/002%20add%20email.sql");
	json_t *ll = json_array_get(json_object_get(loc, "logicalLocations"), 0);
	assert_string_equal(json_string_value(json_object_get(ll, "fullyQualifiedName")),
	    "shop.public.users.email");
	assert_string_equal(json_string_value(json_object_get(ll, "kind")), "column");
	/* birth_date is below fail-on: a warning, not an error */
	res = json_array_get(results, 1);
	assert_string_equal(json_string_value(json_object_get(res, "level")), "warning");
	json_decref(root);
	free(text);
	stw_check_report_free(r);
	stw_inventory_free(inv);
}

static void
test_render_junit_and_github(void **state)
{
	struct stw_inventory *inv = make_hostile();
	struct stw_check_report *r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_HIGH);
	char *junit, *gh, *txt, *js;
	json_t *root;
	json_error_t jerr;

	(void)state;
	free(r->v[0]->file);
	r->v[0]->file = stw_strdup("db/m,1:x.sql");
	junit = stw_check_render_junit(r);
	assert_non_null(strstr(junit, "<testsuite name=\"steward check\" tests=\"1\" failures=\"1\""));
	assert_non_null(strstr(junit, "a&lt;b&gt;&amp;&quot;c"));
	assert_null(strstr(junit, "a<b>"));
	assert_null(strstr(junit, "x\ny"));
	assert_non_null(strstr(junit, "<failure type=\"high\""));

	gh = stw_check_render_github(r);
	assert_non_null(strstr(gh, "::error file=db/m%2C1%3Ax.sql,line=1,title=steward high%3A "
	    "steward/new-personal-data::"));
	/* message: % and newline encoded, ':' kept */
	assert_non_null(strstr(gh, "e-mail%250A:x%0Ay"));
	/* one line per result plus the summary line */
	size_t lines = 0;
	for (const char *p = gh; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 2);

	txt = stw_check_render_text(r);
	assert_non_null(strstr(txt, "FAILED: 1 result at or above 'high'"));
	js = stw_check_render_json(r);
	root = json_loads(js, 0, &jerr);
	assert_non_null(root);
	assert_true(json_is_true(json_object_get(root, "failed")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(root,
	    "results"), 0), "column")), "e-mail%0A:x\ny");
	json_decref(root);
	free(junit);
	free(gh);
	free(txt);
	free(js);
	stw_check_report_free(r);
	stw_inventory_free(inv);

	/* nothing to report: JUnit still has one passing testcase */
	inv = stw_inventory_new();
	r = run(inv, NULL, NULL, "2026-01-01", STW_SEV_HIGH);
	junit = stw_check_render_junit(r);
	assert_non_null(strstr(junit, "tests=\"1\" failures=\"0\""));
	assert_non_null(strstr(junit, "<testcase"));
	free(junit);
	stw_check_report_free(r);
	stw_inventory_free(inv);
}

static void
test_scan_incomplete(void **state)
{
	struct stw_inventory *inv = make_inv(1, 0.5);
	struct stw_check_report *r;
	const struct stw_check_result *x;

	(void)state;
	inv->sources[0]->status = STW_SRC_PARTIAL;
	stw_strv_push(&inv->sources[0]->errors, "cannot read 'public.secret': permission denied");
	r = run(inv, inv, NULL, "2026-01-01", STW_SEV_HIGH);
	x = find(r, "steward/scan-incomplete", NULL);
	assert_non_null(x);
	assert_true(x->failing);
	assert_non_null(strstr(x->message, "permission denied"));
	assert_int_equal(r->nfailing, 1);
	stw_check_report_free(r);
	stw_inventory_free(inv);
}

static void
test_relpath(void **state)
{
	char cwd[4096], *abs, *r;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	r = stw_check_relpath("./migrations/001.sql");
	assert_string_equal(r, "migrations/001.sql");
	free(r);
	abs = stw_asprintf("%s/db/002.sql", cwd);
	r = stw_check_relpath(abs);
	assert_string_equal(r, strcmp(cwd, "/") == 0 ? abs : "db/002.sql");
	free(r);
	free(abs);
	r = stw_check_relpath("/nonexistent-root-dir/x.sql");
	assert_string_equal(r, "/nonexistent-root-dir/x.sql");
	free(r);
	r = stw_check_relpath(NULL);
	assert_string_equal(r, "inventory.json");
	free(r);
}

static void
test_format_parse(void **state)
{
	enum stw_check_format f;

	(void)state;
	assert_int_equal(stw_check_format_parse(&f, "sarif"), STW_OK);
	assert_int_equal(f, STW_CHECK_SARIF);
	assert_int_equal(stw_check_format_parse(&f, "github"), STW_OK);
	assert_int_equal(f, STW_CHECK_GITHUB);
	assert_int_equal(stw_check_format_parse(&f, "xml"), STW_EUSAGE);
	assert_int_equal(stw_check_format_parse(&f, NULL), STW_EUSAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_baseline_everything_new),
		cmocka_unit_test(test_baseline_by_identity),
		cmocka_unit_test(test_approval_valid_and_expired),
		cmocka_unit_test(test_approval_globs_and_categories),
		cmocka_unit_test(test_severity_and_fail_on),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_locate_migrations),
		cmocka_unit_test(test_render_sarif),
		cmocka_unit_test(test_render_junit_and_github),
		cmocka_unit_test(test_scan_incomplete),
		cmocka_unit_test(test_relpath),
		cmocka_unit_test(test_format_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
