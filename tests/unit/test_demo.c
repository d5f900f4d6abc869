/*
 * The demo generator (contrib/demo): the SQL is the same on every run, the
 * SQLite file holds the documented rows and planted retention violations
 * (counted here with SQL against the as-of date and compared with
 * stw_demo_facts), card numbers pass Luhn, IBANs pass mod-97, the views and
 * the e-mail audit trigger exist, and the demo's steward.yaml loads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "contrib/demo/demo.h"
#include "scanner/config.h"
#include "scanner/util.h"

struct fixture {
	char dir[64];
	char path[96];
	sqlite3 *db;
	struct stw_demo_facts f;
};

static int
setup(void **state)
{
	struct fixture *fx = stw_calloc(1, sizeof(*fx));
	struct stw_err err = STW_ERR_INIT;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_demo_XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/loyalty.db", fx->dir);
	if (stw_demo_create_sqlite(fx->path, &err) != STW_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	if (sqlite3_open_v2(fx->path, &fx->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	stw_demo_facts(&fx->f);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	sqlite3_close(fx->db);
	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* One integer from a query; fails the test on any SQL error. */
static long long
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare '%s': %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long
q_intf(sqlite3 *db, const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return q_int(db, sql);
}

static char *
sql_of(enum stw_demo_dialect d, size_t *len)
{
	struct stw_err err = STW_ERR_INIT;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(stw_demo_write_sql(f, d, &err), STW_OK);
	fclose(f);
	return buf;
}

static void
test_demo__deterministic_sql(void **state)
{
	static const char *const tables[] = { "customers", "consents", "products", "orders",
		"order_items", "payments", "support_tickets", "pharmacy_allergies",
		"analytics_email_copy", "customer_email_history" };
	char *prev = NULL;

	for (int d = STW_DEMO_SQLITE; d <= STW_DEMO_MYSQL; d++) {
		size_t n1, n2;
		char *a = sql_of((enum stw_demo_dialect)d, &n1);
		char *b = sql_of((enum stw_demo_dialect)d, &n2);

		assert_true(n1 > 1000000);
		assert_int_equal(n1, n2);
		assert_memory_equal(a, b, n1);
		for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
			char want[96];
			snprintf(want, sizeof(want), "CREATE TABLE %s (", tables[i]);
			assert_non_null(strstr(a, want));
		}
		assert_non_null(strstr(a, "CREATE VIEW marketing_contacts AS"));
		assert_non_null(strstr(a, "CREATE VIEW customer_order_summary AS"));
		assert_non_null(strstr(a, "CREATE TRIGGER trg_email_audit AFTER UPDATE"));
		assert_non_null(strstr(a, "COMMIT;\n"));
		/* the same rows on every engine: the e-mail column is identical text */
		assert_non_null(strstr(a, "UPDATE customers SET email = '"));
		if (prev != NULL)
			assert_string_not_equal(prev, a);
		free(prev);
		prev = a;
		free(b);
		switch (d) {
		case STW_DEMO_POSTGRES:
			assert_non_null(strstr(a, "EXECUTE FUNCTION customers_email_audit()"));
			assert_non_null(strstr(a, "BOOLEAN NOT NULL"));
			break;
		case STW_DEMO_MYSQL:
			assert_non_null(strstr(a, "DELIMITER //"));
			assert_non_null(strstr(a, "DATETIME NOT NULL"));
			assert_non_null(strstr(a, "TINYINT(1) NOT NULL"));
			/* backslashes are escaped for MariaDB, not elsewhere */
			assert_non_null(strstr(a, "C:\\\\app\\\\cache"));
			break;
		default:
			assert_non_null(strstr(a, "C:\\app\\cache"));
			assert_null(strstr(a, "C:\\\\app"));
			break;
		}
	}
	free(prev);
}

static void
test_demo__dialect_parse(void **state)
{
	enum stw_demo_dialect d;

	assert_int_equal(stw_demo_dialect_parse(&d, "sqlite"), STW_OK);
	assert_int_equal(d, STW_DEMO_SQLITE);
	assert_int_equal(stw_demo_dialect_parse(&d, "postgresql"), STW_OK);
	assert_int_equal(d, STW_DEMO_POSTGRES);
	assert_int_equal(stw_demo_dialect_parse(&d, "postgres"), STW_OK);
	assert_int_equal(d, STW_DEMO_POSTGRES);
	assert_int_equal(stw_demo_dialect_parse(&d, "mariadb"), STW_OK);
	assert_int_equal(d, STW_DEMO_MYSQL);
	assert_int_equal(stw_demo_dialect_parse(&d, "mysql"), STW_OK);
	assert_int_equal(d, STW_DEMO_MYSQL);
	assert_int_not_equal(stw_demo_dialect_parse(&d, "oracle"), STW_OK);
	assert_int_not_equal(stw_demo_dialect_parse(&d, ""), STW_OK);
}

static void
test_demo__row_counts(void **state)
{
	struct fixture *fx = *state;
	const struct stw_demo_facts *f = &fx->f;

	/* the sizes the issue asks for */
	assert_int_equal(f->customers, 3000);
	assert_int_equal(f->support_tickets, 1500);
	assert_int_equal(f->pharmacy_allergies, 400);
	/* and the file holds what the facts say */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM customers"), f->customers);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM consents"), f->consents);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM products"), f->products);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM orders"), f->orders);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM order_items"), f->order_items);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM payments"), f->payments);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM support_tickets"), f->support_tickets);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM pharmacy_allergies"), f->pharmacy_allergies);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM analytics_email_copy"), f->analytics_email_copy);
	assert_true(f->orders > 1000 && f->order_items > f->orders && f->payments < f->orders);
	/* keys hold: every child row has its parent */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM orders o LEFT JOIN customers c "
	    "ON c.id = o.customer_id WHERE c.id IS NULL"), 0);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM payments p LEFT JOIN orders o "
	    "ON o.id = p.order_id WHERE o.id IS NULL"), 0);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* totals add up */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM orders o WHERE total_cents <> "
	    "(SELECT sum(quantity * price_cents) FROM order_items i WHERE i.order_id = o.id)"), 0);
	/* e-mails: unique, fictional domains only */
	assert_int_equal(q_int(fx->db, "SELECT count(DISTINCT email) FROM customers"), f->customers);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM customers WHERE email NOT LIKE '%@%example.com' "
	    "AND email NOT LIKE '%@%example.org' AND email NOT LIKE '%@%example.net'"), 0);
	/* a few customers have no phone; everybody else has one */
	assert_in_range(q_int(fx->db, "SELECT count(*) FROM customers WHERE phone IS NULL"), 1, 300);
	/* nothing is dated after the as-of day */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM customers WHERE last_login_at >= '"
	    STW_DEMO_AS_OF "' OR created_at > updated_at OR updated_at >= '" STW_DEMO_AS_OF "'"), 0);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM support_tickets WHERE closed_at < opened_at "
	    "OR closed_at >= '" STW_DEMO_AS_OF "'"), 0);
	/* stored timestamps have the documented text form */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM orders WHERE ordered_at NOT GLOB "
	    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'"), 0);
}

/* Rows older than a limit, as steward counts them (a year is 365 days) and
 * by calendar years: the generator keeps anchors clear of the cutoffs, so
 * both agree with the facts. */
static void
check_over(sqlite3 *db, const char *table, const char *anchor, int days, int years,
    const char *cutoff, int want)
{
	assert_int_equal(q_intf(db, "SELECT count(*) FROM %s WHERE %s < datetime('" STW_DEMO_AS_OF
	    "', '-%d days')", table, anchor, days), want);
	assert_int_equal(q_intf(db, "SELECT count(*) FROM %s WHERE %s < datetime('" STW_DEMO_AS_OF
	    "', '-%d years')", table, anchor, years), want);
	assert_int_equal(q_intf(db, "SELECT count(*) FROM %s WHERE %s < '%s 00:00:00'", table, anchor,
	    cutoff), want);
	/* nothing within four days of the cutoff */
	assert_int_equal(q_intf(db, "SELECT count(*) FROM %s WHERE %s > datetime('%s', '-4 days') "
	    "AND %s < datetime('%s', '+4 days')", table, anchor, cutoff, anchor, cutoff), 0);
}

static void
test_demo__retention_plants(void **state)
{
	struct fixture *fx = *state;
	const struct stw_demo_facts *f = &fx->f;

	/* the plants exist, and are a minority */
	assert_in_range(f->customers_login_over_2y, 50, f->customers / 3);
	assert_in_range(f->tickets_over_1y, 50, f->support_tickets / 2);
	assert_in_range(f->allergies_over_5y, 10, f->pharmacy_allergies / 2);
	assert_int_equal(f->orders_over_10y, 0);
	assert_int_equal(f->payments_over_10y, 0);
	check_over(fx->db, "orders", "ordered_at", 730, 2, STW_DEMO_CUTOFF_2Y, f->orders_over_2y);
	check_over(fx->db, "customers", "last_login_at", 730, 2, STW_DEMO_CUTOFF_2Y,
	    f->customers_login_over_2y);
	check_over(fx->db, "support_tickets", "opened_at", 365, 1, STW_DEMO_CUTOFF_1Y, f->tickets_over_1y);
	check_over(fx->db, "pharmacy_allergies", "recorded_at", 1825, 5, STW_DEMO_CUTOFF_5Y,
	    f->allergies_over_5y);
	check_over(fx->db, "orders", "ordered_at", 3650, 10, STW_DEMO_CUTOFF_10Y, 0);
	check_over(fx->db, "payments", "paid_at", 3650, 10, STW_DEMO_CUTOFF_10Y, 0);
	check_over(fx->db, "customer_email_history", "changed_at", 730, 2, STW_DEMO_CUTOFF_2Y,
	    f->email_history_over_2y);
	/* the analytics copy is fresh: it only breaks purpose, not retention */
	check_over(fx->db, "analytics_email_copy", "copied_at", 730, 2, STW_DEMO_CUTOFF_2Y, 0);
	/* the cutoff macros are the as-of day minus the limits */
	assert_int_equal(q_int(fx->db, "SELECT date('" STW_DEMO_AS_OF "', '-730 days') = '"
	    STW_DEMO_CUTOFF_2Y "' AND date('" STW_DEMO_AS_OF "', '-365 days') = '" STW_DEMO_CUTOFF_1Y
	    "' AND date('" STW_DEMO_AS_OF "', '-1825 days') = '" STW_DEMO_CUTOFF_5Y "' AND date('"
	    STW_DEMO_AS_OF "', '-3650 days') = '" STW_DEMO_CUTOFF_10Y "'"), 1);
}

static int
luhn_ok(const char *s)
{
	size_t n = strlen(s);
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int d = s[n - 1 - i] - '0';
		if (d < 0 || d > 9)
			return 0;
		if (i % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return n > 0 && sum % 10 == 0;
}

static int
iban_ok(const char *s)
{
	size_t n = strlen(s);
	int m = 0;

	if (n < 15 || n > 34)
		return 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[(k + 4) % n];   /* the first four characters move to the end */
		if (c >= '0' && c <= '9')
			m = (m * 10 + (c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			m = (m * 100 + (c - 'A' + 10)) % 97;
		else
			return 0;
	}
	return m == 1;
}

static void
test_demo__checkers(void **state)
{
	/* the checkers themselves: known-good and one-off-bad numbers */
	assert_true(luhn_ok("4111111111111111"));
	assert_true(luhn_ok("5555555555554444"));
	assert_false(luhn_ok("4111111111111112"));
	assert_true(iban_ok("DE89370400440532013000"));
	assert_true(iban_ok("GB29NWBK60161331926819"));
	assert_true(iban_ok("FR1420041010050500013M02606"));
	assert_true(iban_ok("NL91ABNA0417164300"));
	assert_false(iban_ok("DE89370400440532013001"));
	assert_false(iban_ok("GB29NWBK60161331926818"));
}

static void
test_demo__cards_and_ibans(void **state)
{
	struct fixture *fx = *state;
	sqlite3_stmt *st = NULL;
	int cards = 0, ibans = 0, countries[4] = { 0 };
	static const struct { const char *cc; size_t len; } formats[] = {
		{ "DE", 22 }, { "GB", 22 }, { "FR", 27 }, { "NL", 18 } };

	assert_int_equal(sqlite3_prepare_v2(fx->db, "SELECT card_number, card_expiry, iban FROM payments",
	    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *card = (const char *)sqlite3_column_text(st, 0);
		const char *exp = (const char *)sqlite3_column_text(st, 1);
		const char *iban = (const char *)sqlite3_column_text(st, 2);

		/* a payment is by card or by bank account, never both */
		assert_true((card == NULL) != (iban == NULL));
		if (card != NULL) {
			cards++;
			assert_int_equal(strlen(card), 16);
			assert_true(luhn_ok(card));
			assert_true(strncmp(card, "4", 1) == 0 || strncmp(card, "5", 1) == 0 ||
			    strncmp(card, "6011", 4) == 0 || strncmp(card, "35", 2) == 0);
			assert_non_null(exp);
			assert_int_equal(strlen(exp), 5);
			assert_int_equal(exp[2], '/');
		} else {
			int known = 0;
			ibans++;
			assert_true(iban_ok(iban));
			for (int i = 0; i < 4; i++)
				if (strncmp(iban, formats[i].cc, 2) == 0) {
					assert_int_equal(strlen(iban), formats[i].len);
					countries[i]++;
					known = 1;
				}
			assert_true(known);
		}
	}
	sqlite3_finalize(st);
	assert_int_equal(cards + ibans, fx->f.payments);
	assert_true(cards > 1000 && ibans > 1000);
	for (int i = 0; i < 4; i++)
		assert_true(countries[i] > 100);
}

/* A body mentions contact data: an '@', an international number, or a
 * national one (starting 0 or "(" at a word start; order numbers start 1). */
static int
has_contact(const char *s)
{
	for (const char *p = s; *p; p++) {
		int word_start = p == s || *(p - 1) == ' ' || *(p - 1) == '\n';
		if (*p == '@')
			return 1;
		if (*p == '+' && p[1] >= '0' && p[1] <= '9')
			return 1;
		if (word_start && (*p == '0' || *p == '(') && p[1] >= '0' && p[1] <= '9')
			return 1;
	}
	return 0;
}

static void
test_demo__ticket_bodies(void **state)
{
	struct fixture *fx = *state;
	sqlite3_stmt *st = NULL;
	int n = 0, contact = 0;

	assert_int_equal(sqlite3_prepare_v2(fx->db, "SELECT body FROM support_tickets", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		contact += has_contact((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	assert_int_equal(n, fx->f.support_tickets);
	assert_int_equal(contact, fx->f.tickets_with_contact);
	/* "about 40 %" */
	assert_in_range(contact * 100 / n, 35, 45);
	/* free text with quotes, backslashes and newlines survived */
	assert_true(q_int(fx->db, "SELECT count(*) FROM support_tickets WHERE body LIKE '%can''t%'") > 0);
	assert_true(q_int(fx->db, "SELECT count(*) FROM support_tickets WHERE instr(body, '\\') > 0") > 0);
	assert_true(q_int(fx->db, "SELECT count(*) FROM support_tickets WHERE instr(body, char(10)) > 0") > 0);
	assert_true(q_int(fx->db, "SELECT count(*) FROM customers WHERE last_name = 'O''Brien'") > 0);
	/* allergy codes look like ICD-10 */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM pharmacy_allergies WHERE icd10_code NOT GLOB "
	    "'[A-Z][0-9][0-9].[0-9]'"), 0);
}

static void
test_demo__views_and_trigger(void **state)
{
	struct fixture *fx = *state;
	const struct stw_demo_facts *f = &fx->f;

	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND "
	    "name IN ('marketing_contacts', 'customer_order_summary')"), 2);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
	    "name = 'trg_email_audit' AND tbl_name = 'customers'"), 1);
	/* the planted purpose violation: the view never looks at consents */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM sqlite_master WHERE name = 'marketing_contacts' "
	    "AND sql LIKE '%consent%'"), 0);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM marketing_contacts"), f->marketing_contacts);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM marketing_contacts m JOIN consents k "
	    "ON k.customer_id = m.customer_id WHERE NOT k.marketing_email"),
	    f->marketing_contacts_without_consent);
	assert_true(f->marketing_contacts_without_consent > 100);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM customer_order_summary"), f->customers);
	assert_int_equal(q_int(fx->db, "SELECT sum(order_count) FROM customer_order_summary"), f->orders);
	/* the trigger wrote the history: old and new address, new = current */
	assert_true(f->customer_email_history > 0);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM customer_email_history"),
	    f->customer_email_history);
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM customer_email_history h JOIN customers c "
	    "ON c.id = h.customer_id WHERE h.new_email = c.email AND h.old_email <> h.new_email "
	    "AND h.changed_at = c.updated_at"), f->customer_email_history);
	/* the analytics copy holds every current address, consent or not */
	assert_int_equal(q_int(fx->db, "SELECT count(*) FROM analytics_email_copy a JOIN customers c "
	    "ON c.id = a.customer_id AND c.email = a.email"), f->customers);
	assert_true(q_int(fx->db, "SELECT count(*) FROM analytics_email_copy a JOIN consents k "
	    "ON k.customer_id = a.customer_id WHERE NOT k.analytics") > 0);
}

static void
test_demo__replace_and_errors(void **state)
{
	struct fixture *fx = *state;
	struct stw_err err = STW_ERR_INIT;
	sqlite3 *db = NULL;
	char path[128];

	/* creating again replaces the file: the same rows, not twice as many */
	snprintf(path, sizeof(path), "%s/again.db", fx->dir);
	assert_int_equal(stw_demo_create_sqlite(path, &err), STW_OK);
	assert_int_equal(stw_demo_create_sqlite(path, &err), STW_OK);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(q_int(db, "SELECT count(*) FROM customers"), fx->f.customers);
	assert_int_equal(q_int(db, "SELECT count(*) FROM customer_email_history"),
	    fx->f.customer_email_history);
	sqlite3_close(db);
	unlink(path);
	/* a folder that does not exist */
	snprintf(path, sizeof(path), "%s/no/such/dir/x.db", fx->dir);
	assert_int_not_equal(stw_demo_create_sqlite(path, &err), STW_OK);
	assert_non_null(strstr(err.msg, path));
}

static void
test_demo__config_loads(void **state)
{
	struct fixture *fx = *state;
	struct stw_err err = STW_ERR_INIT;
	struct stw_config *cfg = NULL;
	struct stw_buf b = STW_BUF_INIT;
	const char *text = stw_demo_config_text(), *p, *hit;
	char path[128];
	FILE *out;

	assert_non_null(strstr(text, "@DB@"));
	for (p = text; (hit = strstr(p, "@DB@")) != NULL; p = hit + 4) {
		stw_buf_add(&b, p, (size_t)(hit - p));
		stw_buf_adds(&b, fx->path);
	}
	stw_buf_adds(&b, p);
	snprintf(path, sizeof(path), "%s/steward.yaml", fx->dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs(b.buf, out);
	fclose(out);
	stw_buf_release(&b);
	if (stw_config_load(&cfg, path, &err) != STW_OK)
		fail_msg("demo config: %s", err.msg);
	assert_int_equal(cfg->nsources, 1);
	assert_int_equal(cfg->nflows, 1);
	assert_int_equal(cfg->napprovals, 2);
	stw_config_free(cfg);
	unlink(path);
	/* the limits and anchors the facts are counted against */
	assert_non_null(strstr(text, "retention: 2y"));
	assert_non_null(strstr(text, "retention: 5y"));
	assert_non_null(strstr(text, "loyalty.main.support_tickets: { retention: 1y, anchor: opened_at"));
	assert_non_null(strstr(text, "expires: 2026-01-31"));
}

/* contrib/demo/README.md prints the facts: it must not drift from them. */
static void
test_demo__readme_counts(void **state)
{
	struct fixture *fx = *state;
	const struct stw_demo_facts *f = &fx->f;
	struct stw_err err = STW_ERR_INIT;
	char *doc = NULL, want[160];
	size_t len;
	/* table rows of README.md: a prefix, then the count (bold: a planted violation) */
	const struct { const char *prefix; int n; int bold; } rows[] = {
		{ "| `customers` | 2y (`user.contact`) | `last_login_at` | 2024-11-01 | ",
		    f->customers_login_over_2y, 1 },
		{ "| `support_tickets` | 1y (table) | `opened_at` | 2025-11-01 | ", f->tickets_over_1y, 1 },
		{ "| `pharmacy_allergies` | 5y (`user.health`) | `recorded_at` | 2021-11-02 | ",
		    f->allergies_over_5y, 1 },
		{ "| `customer_email_history` | 2y (`user.contact`) | `changed_at` | 2024-11-01 | ",
		    f->email_history_over_2y, 1 },
		{ "| `orders` | 10y (table) | `ordered_at` | 2016-11-03 | ", f->orders_over_10y, 0 },
		{ "| `orders`, its copy of `customers.postal_code` | 2y (`user.contact`, from `customers`) | `ordered_at` | 2024-11-01 | ",
		    f->orders_over_2y, 1 },
		{ "| `payments` | 10y (`user.financial`) | `paid_at` | 2016-11-03 | ", f->payments_over_10y, 0 },
		{ "| `customer_email_history` | ", f->customer_email_history, 0 },
	};

	assert_int_equal(stw_read_file(&doc, &len, STEWARD_SRC "/contrib/demo/README.md", &err), STW_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		snprintf(want, sizeof(want), rows[i].bold ? "%s**%d** |" : "%s%d |", rows[i].prefix, rows[i].n);
		if (strstr(doc, want) == NULL)
			fail_msg("README.md lacks '%s'", want);
	}
	/* counts above 999 are printed with a thousands separator */
	snprintf(want, sizeof(want), "`marketing_contacts` (%d,%03d rows)", f->marketing_contacts / 1000,
	    f->marketing_contacts % 1000);
	if (strstr(doc, want) == NULL)
		fail_msg("README.md lacks '%s'", want);
	snprintf(want, sizeof(want), "in %d of %d,%03d bodies", f->tickets_with_contact,
	    f->support_tickets / 1000, f->support_tickets % 1000);
	if (strstr(doc, want) == NULL)
		fail_msg("README.md lacks '%s'", want);
	snprintf(want, sizeof(want), "| `orders` | %d,%03d |", f->orders / 1000, f->orders % 1000);
	if (strstr(doc, want) == NULL)
		fail_msg("README.md lacks '%s'", want);
	free(doc);
}

static void
test_demo__facts_stable(void **state)
{
	struct stw_demo_facts a, b;

	stw_demo_facts(&a);
	stw_demo_facts(&b);
	assert_memory_equal(&a, &b, sizeof(a));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo__deterministic_sql),
		cmocka_unit_test(test_demo__dialect_parse),
		cmocka_unit_test(test_demo__checkers),
		cmocka_unit_test(test_demo__facts_stable),
		cmocka_unit_test(test_demo__row_counts),
		cmocka_unit_test(test_demo__retention_plants),
		cmocka_unit_test(test_demo__cards_and_ibans),
		cmocka_unit_test(test_demo__ticket_bodies),
		cmocka_unit_test(test_demo__views_and_trigger),
		cmocka_unit_test(test_demo__replace_and_errors),
		cmocka_unit_test(test_demo__config_loads),
		cmocka_unit_test(test_demo__readme_counts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
