/*
 * Classifier tests: the built-in packs' own examples, name normalisation,
 * validators, malformed packs (file:line:col), per-table scoring
 * (name/value/name+value, contradiction, free text, masking) and
 * precision/recall on a generated, labelled corpus.
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
#include "rules/validate.h"

static struct stw_rules *
core_rules(void)
{
	struct stw_err err = STW_ERR_INIT;
	struct stw_rules *r = stw_rules_new();

	if (stw_rules_add_builtin(r, "core", &err) != STW_OK || stw_rules_compile(r, &err) != STW_OK) {
		fprintf(stderr, "core pack: %s\n", err.msg);
		fail();
	}
	return r;
}

static void
print_fail(const char *id, const char *msg, void *p)
{
	(void)p;
	fprintf(stderr, "  %s: %s\n", id, msg);
}

static void
test_builtin_examples(void **state)
{
	struct stw_rules *r = core_rules();
	size_t passed, failed;

	(void)state;
	stw_rules_test(r, print_fail, NULL, &passed, &failed);
	fprintf(stderr, "builtin examples: %zu passed, %zu failed\n", passed, failed);
	assert_true(passed > 300);
	assert_int_equal(failed, 0);
	stw_rules_free(r);
}


/* ------------------------------------------------------------------ */
/* Tables built by hand (the inventory's own constructors are not needed
 * to exercise the classifier). */

static struct stw_table *
table_new(const char *name, const char *const *cols, size_t n)
{
	struct stw_table *t = calloc(1, sizeof(*t));

	t->name = stw_strdup(name);
	t->columns = calloc(n + 1, sizeof(*t->columns));
	for (size_t i = 0; i < n; i++) {
		t->columns[i] = calloc(1, sizeof(struct stw_column));
		t->columns[i]->name = stw_strdup(cols[i]);
		t->columns[i]->type = stw_strdup("text");
	}
	t->ncolumns = t->acolumns = n;
	return t;
}

static void
table_free(struct stw_table *t)
{
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct stw_column *c = t->columns[i];
		for (size_t k = 0; k < c->nfindings; k++) {
			/* rule and category are in the finding's block */
			free(c->findings[k]->example);
			free(c->findings[k]);
		}
		free(c->findings);
		free(c->name);
		free(c->type);
		free(c);
	}
	free(t->columns);
	free(t->name);
	free(t);
}

static const struct stw_finding *
find_cat(const struct stw_column *c, const char *category)
{
	for (size_t k = 0; k < c->nfindings; k++)
		if (strcmp(c->findings[k]->category, category) == 0)
			return c->findings[k];
	return NULL;
}

/* Classifies one column named name with the given values. */
static struct stw_table *
classify1(const struct stw_rules *r, const char *table, const char *name,
    const char *const *vals, size_t nvals, int show)
{
	struct stw_err err = STW_ERR_INIT;
	struct stw_tclass *tc = NULL;
	const char *cols[1] = { name };
	struct stw_table *t = table_new(table, cols, 1);

	assert_int_equal(stw_tclass_begin(&tc, r, t, &err), STW_OK);
	for (size_t i = 0; i < nvals; i++)
		if (stw_tclass_wants(tc, 0))
			stw_tclass_value(tc, 0, vals[i], strlen(vals[i]));
	assert_int_equal(stw_tclass_finish(tc, t, show, &err), STW_OK);
	stw_tclass_free(tc);
	return t;
}

static void
test_normalize(void **state)
{
	static const char *const cases[][2] = {
		{ "EmailAddress", "email_address" }, { "user_email2", "user_email_2" },
		{ "HTMLParser", "html_parser" }, { "first-name", "first_name" },
		{ "  Last Name ", "last_name" }, { "ipv4Address", "ipv_4_address" },
		{ "ZIP", "zip" }, { "customerID", "customer_id" }, { "Kundenstraße", "kundenstraße" },
		{ "__a__b__", "a_b" }, { "", "" },
	};
	struct stw_buf b = STW_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		stw_rules_normalize_name(&b, cases[i][0]);
		assert_string_equal(b.buf, cases[i][1]);
	}
	stw_buf_release(&b);
}

static int
vcheck(const char *name, const char *v)
{
	const struct stw_validator *val = stw_validator_find(name);

	assert_non_null(val);
	return val->fn(v, strlen(v));
}

static void
test_validators(void **state)
{
	(void)state;
	assert_true(vcheck("luhn", "4111111111111111"));
	assert_false(vcheck("luhn", "4111111111111112"));
	assert_false(vcheck("luhn", "0000000000000000"));
	assert_true(vcheck("iban", "DE89 3704 0044 0532 0130 00"));
	assert_false(vcheck("iban", "DE89 3704 0044 0532 0130 01"));
	assert_false(vcheck("iban", "DE89370400440532013"));          /* DE length is 22 */
	assert_true(vcheck("es_dni", "12345678Z"));
	assert_false(vcheck("es_dni", "12345678A"));
	assert_true(vcheck("nl_bsn", "111222333"));
	assert_false(vcheck("nl_bsn", "111222334"));
	assert_true(vcheck("pl_pesel", "44051401359"));
	assert_false(vcheck("pl_pesel", "44051401358"));
	assert_true(vcheck("it_codice_fiscale", "RSSMRA85T10A562S"));
	assert_false(vcheck("it_codice_fiscale", "RSSMRA85T10A562T"));
	assert_true(vcheck("fr_nir", "185057800608491"));
	assert_true(vcheck("fr_nir", "269052A12345688"));
	assert_false(vcheck("fr_nir", "185057800608492"));
	assert_true(vcheck("de_steuerid", "86095742719"));
	assert_false(vcheck("de_steuerid", "86095742718"));
	assert_true(vcheck("ssn_us", "123-45-6788"));
	assert_false(vcheck("ssn_us", "666-45-6788"));
	assert_true(vcheck("nino_uk", "AB123456C"));
	assert_false(vcheck("nino_uk", "BG123456C"));
	assert_true(vcheck("ipv6", "2001:db8::1"));
	assert_false(vcheck("ipv6", "12:30:45"));
	assert_true(vcheck("birth_date", "2000-02-29"));
	assert_false(vcheck("birth_date", "1900-02-29"));
	assert_null(stw_validator_find("lunh"));
}

/* A malformed pack is an error naming FILE:LINE:COL. */
static void
expect_bad(const char *text, const char *want)
{
	struct stw_err err = STW_ERR_INIT;
	struct stw_rules *r = stw_rules_new();

	assert_int_equal(stw_rules_add_text(r, "t", "t.yaml", text, strlen(text), &err), STW_EUSAGE);
	if (strstr(err.msg, want) == NULL) {
		fprintf(stderr, "got '%s', want '%s'\n", err.msg, want);
		fail();
	}
	assert_int_equal(stw_rules_count(r), 0);
	stw_rules_free(r);
}

static void
test_malformed(void **state)
{
	(void)state;
	expect_bad("- id: x\n  category: [a\n", "t.yaml:3:1: bad YAML");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: personal\n  name: '(abc'\n",
	    "t.yaml:4:9: bad name regex: missing closing parenthesis");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: personal\n  value: 'a[b'\n",
	    "t.yaml:4:10: bad value regex");
	expect_bad("- id: x\n  category: user.contact.emial\n  sensitivity: personal\n  name: a\n",
	    "t.yaml:2:13: rule 'x': unknown category 'user.contact.emial'");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: personal\n  value: a\n"
	    "  validate: lunh\n", "t.yaml:5:13: rule 'x': unknown validator 'lunh'");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: secret\n  name: a\n",
	    "t.yaml:3:16: rule 'x': sensitivity must be");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: personal\n  nmae: a\n",
	    "t.yaml:4:3: unknown rule key 'nmae'");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: personal\n",
	    "t.yaml:1:3: rule 'x' needs a 'name' or a 'value' pattern");
	expect_bad("- id: x\n  category: user.contact.email\n  sensitivity: personal\n  name: a\n"
	    "  min_ratio: 2\n", "t.yaml:5:14: 'min_ratio' must be a number from");
	expect_bad("- id: email\n  category: user.contact.email\n  sensitivity: personal\n  name: a\n"
	    "- id: email\n  category: user.contact.email\n  sensitivity: personal\n  name: b\n",
	    "t.yaml:5:7: duplicate rule id 'email' (first defined at t.yaml:1:3)");

	/* A good pack after a bad one still loads; disable finds rules. */
	struct stw_err err = STW_ERR_INIT;
	struct stw_rules *r = stw_rules_new();
	assert_int_equal(stw_rules_add_builtin(r, "nope", &err), STW_ENOTFOUND);
	assert_int_equal(stw_rules_add_builtin(r, "core", &err), STW_OK);
	assert_int_equal(stw_rules_add_builtin(r, "core", &err), STW_OK);   /* twice is harmless */
	assert_int_equal(stw_rules_disable(r, "no_such_rule", &err), STW_ENOTFOUND);
	assert_int_equal(stw_rules_disable(r, "email", &err), STW_OK);
	assert_int_equal(stw_rules_compile(r, &err), STW_OK);
	struct stw_table *t = classify1(r, "customers", "email", NULL, 0, 0);
	assert_null(find_cat(t->columns[0], "user.contact.email"));
	table_free(t);
	stw_rules_free(r);
}

static void
test_scoring(void **state)
{
	struct stw_rules *r = core_rules();
	static const char *const emails[] = { "alice@example.com", "bob@example.org", "", "  ",
		"carol.smith@mail.example.co.uk" };
	struct stw_table *t;
	const struct stw_finding *f;

	(void)state;
	/* name + value */
	t = classify1(r, "customers", "email", emails, 5, 1);
	f = find_cat(t->columns[0], "user.contact.email");
	assert_non_null(f);
	assert_int_equal(f->evidence, STW_EVID_BOTH);
	assert_int_equal(f->matched, 3);
	assert_int_equal(f->sampled, 3);              /* empty values are not counted */
	assert_true(f->confidence > 0.9);
	assert_string_equal(f->example, "a***@e***.com");
	assert_int_equal(t->columns[0]->nfindings, 1);  /* text_email deduplicated */
	table_free(t);

	/* value only, no example without --show-examples */
	t = classify1(r, "misc", "c1", emails, 5, 0);
	f = find_cat(t->columns[0], "user.contact.email");
	assert_non_null(f);
	assert_int_equal(f->evidence, STW_EVID_VALUE);
	assert_null(f->example);
	table_free(t);

	/* name only (no values sampled) */
	t = classify1(r, "misc", "contact_email", NULL, 0, 1);
	f = find_cat(t->columns[0], "user.contact.email");
	assert_non_null(f);
	assert_int_equal(f->evidence, STW_EVID_NAME);
	assert_int_equal(f->sampled, 0);
	assert_null(f->example);
	table_free(t);

	/* a name contradicted by many values is dropped */
	const char *flags[25];
	for (int i = 0; i < 25; i++)
		flags[i] = i % 2 ? "yes" : "no";
	t = classify1(r, "misc", "email", flags, 25, 0);
	assert_null(find_cat(t->columns[0], "user.contact.email"));
	table_free(t);
	/* ... but only lowered when the rule's values merely confirm */
	t = classify1(r, "misc", "gender", flags, 25, 0);
	f = find_cat(t->columns[0], "user.demographic.gender");
	assert_non_null(f);
	assert_true(f->confidence < 0.5);
	table_free(t);

	/* cards: Luhn decides; masked example keeps first and last four */
	static const char *const cards[] = { "4111 1111 1111 1111", "5500 0000 0000 0004" };
	static const char *const nocards[] = { "4111 1111 1111 1112", "5500 0000 0000 0005" };
	t = classify1(r, "payments", "card_number", cards, 2, 1);
	f = find_cat(t->columns[0], "user.financial.credit_card");
	assert_non_null(f);
	assert_int_equal(f->evidence, STW_EVID_BOTH);
	assert_string_equal(f->example, "4111 **** **** 1111");
	table_free(t);
	t = classify1(r, "payments", "c1", nocards, 2, 1);
	assert_int_equal(t->columns[0]->nfindings, 0);
	table_free(t);

	/* free text: emails and phones inside prose, above 10% of rows */
	const char *texts[20];
	for (int i = 0; i < 20; i++)
		texts[i] = "the parcel arrived damaged, please send a new one";
	texts[3] = "please call me back on +44 20 7946 0958 after six";
	texts[7] = "you can also write to jane.doe@example.com";
	texts[11] = "my colleague is at j.smith@example.org, thanks";
	texts[15] = "or ring the office, 030 1234567";
	t = classify1(r, "support_tickets", "body", texts, 20, 1);
	f = find_cat(t->columns[0], "user.contact.email");
	assert_non_null(f);
	assert_string_equal(f->rule, "text_email");
	assert_int_equal(f->matched, 2);
	assert_string_equal(f->example, "j***@e***.com");
	assert_null(strstr(f->example, "jane"));
	f = find_cat(t->columns[0], "user.contact.phone_number");
	assert_non_null(f);
	assert_string_equal(f->example, "+44 ** **** **58");
	table_free(t);
	texts[3] = texts[7] = texts[11] = texts[15] = texts[0];
	texts[5] = "write to jane.doe@example.com";   /* 1 in 20 = 5% < 10% */
	t = classify1(r, "support_tickets", "body", texts, 20, 1);
	assert_int_equal(t->columns[0]->nfindings, 0);
	table_free(t);

	/* word parts: pass is not passport, name is not table_name */
	t = classify1(r, "users", "passport_no", NULL, 0, 0);
	assert_non_null(find_cat(t->columns[0], "user.government_id.passport_number"));
	assert_null(find_cat(t->columns[0], "user.authorization.password"));
	table_free(t);
	t = classify1(r, "users", "table_name", NULL, 0, 0);
	assert_int_equal(t->columns[0]->nfindings, 0);
	table_free(t);
	/* a bare name counts in a table of people only */
	t = classify1(r, "customers", "name", NULL, 0, 0);
	assert_non_null(find_cat(t->columns[0], "user.name"));
	table_free(t);
	t = classify1(r, "products", "name", NULL, 0, 0);
	assert_int_equal(t->columns[0]->nfindings, 0);
	table_free(t);
	stw_rules_free(r);
}

static void
test_mask(void **state)
{
	static const struct { const char *style, *in, *out; } cases[] = {
		{ "email", "john@example.com", "j***@e***.com" },
		{ "phone", "+44 20 7946 0923", "+44 ** **** **23" },
		{ "card", "4111 1111 1111 1111", "4111 **** **** 1111" },
		{ "iban", "DE89370400440532013000", "DE******************00" },
		{ "generic", "Baker Street", "[9-16 chars]" },
		{ "generic", "x", "[up to 4 chars]" },
		{ "generic", "female", "[5-8 chars]" },
		{ "generic", "Sh\xc3\xa9llfish allergy", "[17-32 chars]" },
		{ "email", "not-an-address", "[9-16 chars]" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *m = stw_rules_mask(cases[i].style, cases[i].in, strlen(cases[i].in));
		assert_string_equal(m, cases[i].out);
		free(m);
	}
	assert_null(stw_rules_mask("none", "secret", 6));
}

/* Issue 20: on every built-in rule's own example values, a mask shows no
 * leading character of a short value and never the value itself; only
 * e-mails, phones, cards and IBANs keep some characters, by design. */
static void
test_mask_every_rule(void **state)
{
	struct stw_rules *r = stw_rules_new();
	struct stw_err err = STW_ERR_INIT;
	size_t checked = 0;

	(void)state;
	for (size_t p = 0; stw_rules_builtin_name(p) != NULL; p++)
		assert_int_equal(stw_rules_add_builtin(r, stw_rules_builtin_name(p), &err), STW_OK);
	assert_int_equal(stw_rules_compile(r, &err), STW_OK);
	for (size_t i = 0; i < stw_rules_count(r); i++) {
		struct stw_rule_info ri;

		stw_rules_info(r, i, &ri);
		if (ri.values_match == NULL)
			continue;
		for (size_t k = 0; k < ri.values_match->n; k++) {
			const char *v = ri.values_match->v[k];
			char *m = stw_rules_mask(ri.mask, v, strlen(v));

			if (m == NULL)
				continue;           /* mask: none */
			if (strcmp(m, v) == 0)
				fail_msg("rule %s: the mask of '%s' is the value", ri.id, v);
			if (ri.mask == NULL || strcmp(ri.mask, "generic") == 0) {
				if (m[0] != '[')
					fail_msg("rule %s: '%s' masked as '%s', not a shape", ri.id, v, m);
			}
			free(m);
			checked++;
		}
	}
	assert_true(checked > 50);
	stw_rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_examples),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_validators),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_scoring),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_mask_every_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
