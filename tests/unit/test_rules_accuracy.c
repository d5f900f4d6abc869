/*
 * Classifier accuracy on labelled synthetic data: precision and recall of
 * value classification over generated columns (tests/classify_corpus.h:
 * positives with valid checksums, hard negatives) and of name
 * classification over a corpus of column names (positives, and traps like
 * table_name, filename, passport vs pass, created_at).  The figures are
 * printed; the test fails below the thresholds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/classify.h"
#include "rules/ruleset.h"
#include "tests/classify_corpus.h"

#define MIN_PRECISION 0.95
#define MIN_RECALL 0.95
#define COLS_PER_KIND 10
#define ROWS 60

struct score {
	long tp, fp, fn;
};

static void
column_reset(struct stw_column *c)
{
	for (size_t k = 0; k < c->nfindings; k++) {
		/* rule and category are in the finding's block */
		free(c->findings[k]->example);
		free(c->findings[k]);
	}
	free(c->findings);
	c->findings = NULL;
	c->nfindings = c->afindings = 0;
}

/* Scores one classified column against its label (NULL = nothing). */
static void
score_column(struct score *s, const struct stw_column *c, const char *label, const char *what)
{
	int found = 0;

	for (size_t k = 0; k < c->nfindings; k++) {
		if (label != NULL && strcmp(c->findings[k]->category, label) == 0) {
			found = 1;
		} else {
			s->fp++;
			fprintf(stderr, "  false positive: %s -> %s (%s)\n", what, c->findings[k]->category,
			    c->findings[k]->rule);
		}
	}
	if (label != NULL) {
		if (found)
			s->tp++;
		else {
			s->fn++;
			fprintf(stderr, "  missed: %s (want %s)\n", what, label);
		}
	}
}

static void
report(const char *what, const struct score *s, double *p, double *r)
{
	*p = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 1.0;
	*r = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 1.0;
	printf("%s: precision %.3f recall %.3f (tp %ld, fp %ld, fn %ld)\n", what, *p, *r, s->tp, s->fp, s->fn);
}

static struct stw_rules *
core_rules(void)
{
	struct stw_err err = STW_ERR_INIT;
	struct stw_rules *r = stw_rules_new();

	assert_int_equal(stw_rules_add_builtin(r, "core", &err), STW_OK);
	assert_int_equal(stw_rules_add_builtin(r, "health", &err), STW_OK);
	assert_int_equal(stw_rules_compile(r, &err), STW_OK);
	return r;
}

static void
test_value_accuracy(void **state)
{
	struct stw_rules *r = core_rules();
	struct stw_err err = STW_ERR_INIT;
	struct corpus_rng rng = { 0x5eed5eed12345ULL };
	struct stw_column col = { 0 }, *colp = &col;
	struct stw_table t = { 0 };
	struct score s = { 0, 0, 0 };
	char v[512], what[64];
	double p, rc;

	(void)state;
	col.name = (char *)"x1";           /* a name no rule knows: values decide */
	col.type = (char *)"text";
	t.name = (char *)"data";
	t.columns = &colp;
	t.ncolumns = 1;
	for (size_t k = 0; k < CORPUS_NKINDS; k++) {
		for (int c = 0; c < COLS_PER_KIND; c++) {
			struct stw_tclass *tc = NULL;
			assert_int_equal(stw_tclass_begin(&tc, r, &t, &err), STW_OK);
			assert_true(stw_tclass_wants(tc, 0));
			for (int i = 0; i < ROWS; i++) {
				corpus_kinds[k].gen(&rng, v, sizeof(v));
				stw_tclass_value(tc, 0, v, strlen(v));
			}
			assert_int_equal(stw_tclass_finish(tc, &t, 0, &err), STW_OK);
			stw_tclass_free(tc);
			snprintf(what, sizeof(what), "%s column %d", corpus_kinds[k].name, c);
			score_column(&s, &col, corpus_kinds[k].label, what);
			column_reset(&col);
		}
	}
	report("values", &s, &p, &rc);
	assert_true(p >= MIN_PRECISION);
	assert_true(rc >= MIN_RECALL);
	stw_rules_free(r);
}

/* Column names with their expected category (NULL: no finding). */
static const struct {
	const char *table, *name, *label;
} names[] = {
	{ "customers", "first_name", "user.name.first" },
	{ "customers", "FirstName", "user.name.first" },
	{ "customers", "given_name", "user.name.first" },
	{ "customers", "last_name", "user.name.last" },
	{ "customers", "surname", "user.name.last" },
	{ "customers", "full_name", "user.name" },
	{ "customers", "name", "user.name" },
	{ "orders", "recipient_name", "user.name" },
	{ "customers", "email", "user.contact.email" },
	{ "customers", "EmailAddress", "user.contact.email" },
	{ "newsletter", "subscriber_email", "user.contact.email" },
	{ "customers", "phone", "user.contact.phone_number" },
	{ "customers", "mobile_number", "user.contact.phone_number" },
	{ "customers", "telephone", "user.contact.phone_number" },
	{ "customers", "street", "user.contact.address.street" },
	{ "customers", "address_line1", "user.contact.address.street" },
	{ "orders", "shipping_address", "user.contact.address.street" },
	{ "customers", "postal_code", "user.contact.address.postal_code" },
	{ "customers", "zip", "user.contact.address.postal_code" },
	{ "customers", "city", "user.contact.address.city" },
	{ "customers", "country", "user.contact.address.country" },
	{ "customers", "date_of_birth", "user.demographic.date_of_birth" },
	{ "customers", "dob", "user.demographic.date_of_birth" },
	{ "customers", "birthDate", "user.demographic.date_of_birth" },
	{ "customers", "gender", "user.demographic.gender" },
	{ "customers", "sex", "user.demographic.gender" },
	{ "sessions", "ip_address", "user.device.ip_address" },
	{ "sessions", "clientIp", "user.device.ip_address" },
	{ "devices", "mac_address", "user.device.device_id" },
	{ "devices", "device_id", "user.device.device_id" },
	{ "payments", "card_number", "user.financial.credit_card" },
	{ "payments", "cc_number", "user.financial.credit_card" },
	{ "payments", "iban", "user.financial.bank_account" },
	{ "payments", "account_number", "user.financial.bank_account" },
	{ "employees", "ssn", "user.government_id.national_identification_number" },
	{ "employees", "national_insurance_number", "user.government_id.national_identification_number" },
	{ "employees", "steuer_id", "user.government_id.national_identification_number" },
	{ "employees", "bsn", "user.government_id.national_identification_number" },
	{ "employees", "pesel", "user.government_id.national_identification_number" },
	{ "employees", "codice_fiscale", "user.government_id.national_identification_number" },
	{ "travellers", "passport_number", "user.government_id.passport_number" },
	{ "users", "password", "user.authorization.password" },
	{ "users", "password_hash", "user.authorization.credentials" },
	{ "users", "api_key", "user.authorization.credentials" },
	{ "users", "access_token", "user.authorization.credentials" },
	{ "users", "username", "user.account.username" },
	{ "trips", "pickup_latitude", "user.location.precise" },
	{ "trips", "pickup_lng", "user.location.precise" },
	{ "stores", "geom", "user.location.precise" },
	{ "patients", "icd10_code", "user.health.medical_diagnosis" },
	{ "patients", "allergies", "user.health.condition" },
	{ "patients", "medication", "user.health.medications" },
	{ "customers", "religion", "user.demographic.religious_belief" },
	{ "customers", "ethnicity", "user.demographic.race_ethnicity" },
	{ "orders", "customer_id", "user.unique_id" },
	{ "events", "user_id", "user.unique_id" },
	{ "employees", "job_title", "user.professional_information.job_title" },
	{ "employees", "salary", "user.financial" },
	/* negatives */
	{ "meta", "table_name", NULL },
	{ "files", "filename", NULL },
	{ "files", "file_name", NULL },
	{ "products", "name", NULL },
	{ "products", "product_name", NULL },
	{ "orders", "created_at", NULL },
	{ "orders", "updated_at", NULL },
	{ "orders", "order_id", NULL },
	{ "orders", "status", NULL },
	{ "orders", "state", NULL },
	{ "orders", "total_amount", NULL },
	{ "products", "price", NULL },
	{ "products", "sku", NULL },
	{ "products", "description", NULL },
	{ "order_items", "quantity", NULL },
	{ "order_items", "product_id", NULL },
	{ "users", "email_verified", NULL },
	{ "users", "email_sent_at", NULL },
	{ "users", "password_changed_at", NULL },
	{ "users", "last_login_at", NULL },
	{ "users", "login_count", NULL },
	{ "users", "is_active", NULL },
	{ "pages", "page", NULL },
	{ "pages", "image", NULL },
	{ "messages", "message", NULL },
	{ "travellers", "passenger_count", NULL },
	{ "boarding", "pass_through", NULL },
	{ "ui", "compass", NULL },
	{ "ships", "ship_date", NULL },
	{ "tips", "tip", NULL },
	{ "schema", "column_name", NULL },
	{ "hosts", "host_name", NULL },
	{ "jobs", "job_name", NULL },
	{ "stats", "average", NULL },
	{ "stats", "usage", NULL },
	{ "inventory", "location_code", NULL },
	{ "articles", "title", NULL },
	{ "articles", "body", NULL },
	{ "config", "timezone", NULL },
	{ "config", "language", NULL },
	{ "payments", "card_type", NULL },
	{ "payments", "card_last4", NULL },
	{ "payments", "currency", NULL },
	{ "tokens", "token_expires_at", NULL },
	{ "tokens", "token_type", NULL },
	{ "products", "country_of_origin", NULL },
	{ "calendar", "late_fee", NULL },
	{ "texts", "long_description", NULL },
	{ "db", "db_user_name", NULL },
	{ "invoices", "invoice_number", NULL },
	{ "versions", "version", NULL },
	{ "audit", "ip_range", NULL },
	{ "media", "zip_file", NULL },
	{ "checks", "health_check_at", NULL },
	{ "sessions", "session_started_at", NULL },
};

static void
test_name_accuracy(void **state)
{
	struct stw_rules *r = core_rules();
	struct stw_err err = STW_ERR_INIT;
	struct score s = { 0, 0, 0 };
	double p, rc;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct stw_column col = { 0 }, *colp = &col;
		struct stw_table t = { 0 };
		struct stw_tclass *tc = NULL;
		col.name = (char *)names[i].name;
		col.type = (char *)"text";
		t.name = (char *)names[i].table;
		t.columns = &colp;
		t.ncolumns = 1;
		assert_int_equal(stw_tclass_begin(&tc, r, &t, &err), STW_OK);
		assert_int_equal(stw_tclass_finish(tc, &t, 0, &err), STW_OK);   /* --sample 0 */
		stw_tclass_free(tc);
		score_column(&s, &col, names[i].label, names[i].name);
		column_reset(&col);
	}
	report("names", &s, &p, &rc);
	assert_true(p >= MIN_PRECISION);
	assert_true(rc >= MIN_RECALL);
	stw_rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_accuracy),
		cmocka_unit_test(test_name_accuracy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
