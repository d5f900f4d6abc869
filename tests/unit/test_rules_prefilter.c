/*
 * The classifier's prefilters (a rule's own min_length / max_length /
 * min_digits / prefilter, and what derive_filters() reads off each
 * compiled pattern: minimum length, a required literal, the possible
 * first bytes; the byte sets numbered by assign_classes(), at most 64) may
 * only skip the regex when the regex would not match.
 * Every rule with a value pattern, built in or from the edge-case pack
 * below, is run over a generated corpus and its mutations with and
 * without the prefilters: the two decisions must agree on every value.
 * Likewise the early stop that a bound on the sample size allows.
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

/* Patterns where a careless prefilter goes wrong: caseless literals
 * (PCRE2 records one case), alternations (a first-byte set, not one
 * byte), a non-ASCII first character, a literal only at the end, an
 * optional prefix, and free-text search. */
static const char edge_pack[] =
    "rules:\n"
    "- id: edge_caseless\n"
    "  category: user.contact.email\n  sensitivity: personal\n"
    "  value: '(?i)key-[a-f0-9]{4}Z'\n"
    "- id: edge_alternation\n"
    "  category: user.contact.email\n  sensitivity: personal\n"
    "  value: '(foo|Bar|\\d)x+'\n"
    "- id: edge_unicode\n"
    "  category: user.contact.email\n  sensitivity: personal\n"
    "  value: '(?i)\xc3\xa9t\xc3\xa9-\\d+'\n"
    "- id: edge_last\n"
    "  category: user.contact.email\n  sensitivity: personal\n"
    "  value: '\\w+;'\n"
    "- id: edge_optional\n"
    "  category: user.contact.email\n  sensitivity: personal\n"
    "  value: '(\\+|00)?\\d{3}'\n"
    "- id: edge_free\n"
    "  category: user.contact.email\n  sensitivity: personal\n"
    "  free_text: true\n"
    "  value: '(?i)token=[A-Z]{3}'\n";

/* Deterministic variations of a value: the value itself, case flipped,
 * cut at both ends, padded, with a byte replaced, doubled. */
static size_t
mutate(struct corpus_rng *rng, const char *v, int how, char *out, size_t n)
{
	size_t len = strlen(v), o = 0;

	switch (how) {
	case 0:
		o = (size_t)snprintf(out, n, "%s", v);
		break;
	case 1:
		for (; o < len && o + 1 < n; o++) {
			char c = v[o];
			out[o] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		out[o] = '\0';
		break;
	case 2:
		o = len > 1 ? (size_t)snprintf(out, n, "%s", v + 1 + (size_t)corpus_n(rng, (int)len - 1)) : 0;
		break;
	case 3:
		o = (size_t)snprintf(out, n, "%.*s", len ? corpus_n(rng, (int)len) : 0, v);
		break;
	case 4:
		o = (size_t)snprintf(out, n, "x %s ;", v);
		break;
	case 5: {
		static const char bytes[] = "@.+-_;=0Zz\xc3\xa9\xff ";
		o = (size_t)snprintf(out, n, "%s", v);
		if (o > 0 && o < n)
			out[corpus_n(rng, (int)o)] = bytes[corpus_n(rng, (int)sizeof(bytes) - 1)];
		break;
	}
	default:
		o = (size_t)snprintf(out, n, "%s%s", v, v);
		break;
	}
	return o < n ? o : n - 1;
}

static const char *const fixed[] = {
	"key-00afZ", "KEY-00AFz", "Key-0a1bZ", "foox", "Barxx", "barxx", "7xxx", "\xc3\xa9t\xc3\xa9-12",
	"\xc3\x89T\xc3\x89-12", "abc;", ";", "+123", "00123", "123", "12", "see token=ABC here",
	"TOKEN=abc", "token=AB", "", " ", "\xff\xfe", "a@b.c", "4111 1111 1111 1111",
	"DE89 3704 0044 0532 0130 00", NULL
};

static void
agree(const struct stw_rules *r, const char *v, size_t len, long *checked)
{
	for (size_t i = 0; i < stw_rules_count(r); i++) {
		struct stw_rule_info ri;
		stw_rules_info(r, i, &ri);
		if (ri.value == NULL)
			continue;
		int fast = stw_rules_value_matches(r, i, v, len);
		int ref = stw_rules_value_matches_regex(r, i, v, len);
		if (fast != ref)
			fail_msg("rule %s: prefilters say %d, regex says %d, on a %zu-byte value '%.*s'",
			    ri.id, fast, ref, len, (int)len, v);
		(*checked)++;
	}
}

static void
test_prefilters_agree_with_regex(void **state)
{
	struct stw_rules *r = stw_rules_new();
	struct stw_err err = STW_ERR_INIT;
	struct corpus_rng rng = { 0x9e3779b97f4a7c15ULL };
	char v[600], m[1300];
	long checked = 0, hits = 0;

	(void)state;
	assert_int_equal(stw_rules_add_builtin(r, "core", &err), STW_OK);
	if (stw_rules_add_text(r, "edge", "edge.yaml", edge_pack, sizeof(edge_pack) - 1, &err) != STW_OK)
		fail_msg("edge pack: %s", err.msg);
	assert_int_equal(stw_rules_compile(r, &err), STW_OK);

	for (size_t k = 0; k < CORPUS_NKINDS; k++) {
		for (int n = 0; n < 60; n++) {
			corpus_kinds[k].gen(&rng, v, sizeof(v));
			for (int how = 0; how < 7; how++) {
				size_t len = mutate(&rng, v, how, m, sizeof(m));
				agree(r, m, len, &checked);
			}
		}
	}
	for (size_t f = 0; fixed[f]; f++)
		for (int how = 0; how < 7; how++)
			agree(r, m, mutate(&rng, fixed[f], how, m, sizeof(m)), &checked);
	/* and every rule's own examples, which exist to match */
	for (size_t i = 0; i < stw_rules_count(r); i++) {
		struct stw_rule_info ri;
		stw_rules_info(r, i, &ri);
		for (size_t e = 0; ri.values_match && e < ri.values_match->n; e++) {
			const char *x = ri.values_match->v[e];
			agree(r, x, strlen(x), &checked);
			hits += stw_rules_value_matches(r, i, x, strlen(x));
		}
	}
	/* The edge rules' intended matches must match at all (else the
	 * agreement above would be vacuous for them). */
	static const struct { const char *id, *v; } must[] = {
		{ "edge_caseless", "KEY-00AFz" }, { "edge_alternation", "Barxx" },
		{ "edge_alternation", "7xx" }, { "edge_unicode", "\xc3\x89T\xc3\x89-12" },
		{ "edge_last", "abc;" }, { "edge_optional", "123" }, { "edge_free", "see TOKEN=abc" },
	};
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		long k = stw_rules_find(r, must[i].id);
		assert_true(k >= 0);
		if (!stw_rules_value_matches(r, (size_t)k, must[i].v, strlen(must[i].v)))
			fail_msg("%s does not match '%s'", must[i].id, must[i].v);
	}
	printf("prefilters: %ld rule/value decisions agree with the regex; %ld example hits\n", checked,
	    hits);
	assert_true(checked > 100000);
	assert_true(hits > 50);
	stw_rules_free(r);
}

/* More distinct byte sets than the 64 that get a bit: 80 rules, each with
 * its own two-letter prefilter and a pattern that needs one of the two.
 * Every rule, those past the 64th set included, must agree with its regex
 * on values with and without its letters, and match where it should. */
static void
test_many_byte_sets(void **state)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct stw_rules *r = stw_rules_new();
	struct stw_err err = STW_ERR_INIT;
	struct corpus_rng rng = { 0x51ed2701ULL };
	char *pack = NULL, v[64];
	size_t cap = 0, len = 0, nl = sizeof(letters) - 1;
	long checked = 0;
	int nrules = 80;

	(void)state;
	for (int k = 0; k < nrules; k++) {
		char a = letters[k % nl], b = letters[(k / nl + k + 1) % nl];
		char rule[256];
		int n = snprintf(rule, sizeof(rule), "- id: set_%d\n  category: user.contact.email\n"
		    "  sensitivity: personal\n  prefilter: '%c%c'\n  value: '[a-z0-9]*[%c%c][a-z0-9]*'\n",
		    k, a, b, a, b);
		if (len + (size_t)n + 1 > cap) {
			cap = (len + (size_t)n + 1) * 2;
			pack = realloc(pack, cap);
			assert_non_null(pack);
		}
		memcpy(pack + len, rule, (size_t)n + 1);
		len += (size_t)n;
	}
	if (stw_rules_add_text(r, "sets", "sets.yaml", pack, len, &err) != STW_OK)
		fail_msg("sets pack: %s", err.msg);
	assert_int_equal(stw_rules_compile(r, &err), STW_OK);
	for (int n = 0; n < 4000; n++) {
		size_t vl = 1 + (size_t)corpus_n(&rng, 12);
		for (size_t i = 0; i < vl; i++)
			v[i] = letters[corpus_n(&rng, (int)nl)];
		agree(r, v, vl, &checked);
	}
	for (int k = 0; k < nrules; k++) {
		long i = stw_rules_find(r, (snprintf(v, sizeof(v), "set_%d", k), v));
		char one[2] = { letters[k % nl], '\0' };
		assert_true(i >= 0);
		if (!stw_rules_value_matches(r, (size_t)i, one, 1))
			fail_msg("set_%d does not match '%s'", k, one);
	}
	assert_true(checked == 4000L * nrules);
	free(pack);
	stw_rules_free(r);
}

/* Classifies one column of n values (value i is kind a when pick(i), else
 * kind b) and writes its findings as one line into out. */
static void
classify_mixed(const struct stw_rules *r, const char *colname, size_t a, size_t b, int n,
    int share_pct, int at_end, long long limit, uint64_t seed, char *out, size_t outsz)
{
	struct stw_err err = STW_ERR_INIT;
	struct corpus_rng rng = { seed };
	struct stw_column col, *colp = &col;
	struct stw_table t;
	struct stw_tclass *tc = NULL;
	char v[600];
	size_t o = 0;

	memset(&col, 0, sizeof(col));
	memset(&t, 0, sizeof(t));
	col.name = (char *)colname;
	col.type = (char *)"text";
	t.name = (char *)"data";
	t.columns = &colp;
	t.ncolumns = 1;
	assert_int_equal(stw_tclass_begin(&tc, r, &t, &err), STW_OK);
	if (limit >= 0)
		stw_tclass_limit(tc, limit);
	int na = n * share_pct / 100;
	for (int i = 0; i < n; i++) {
		/* the kind-a values either spread at random or all at the end:
		 * the order in which a rule's misses pile up must not matter */
		int is_a = at_end ? i >= n - na : corpus_n(&rng, 100) < share_pct;
		corpus_kinds[is_a ? a : b].gen(&rng, v, sizeof(v));
		stw_tclass_value(tc, 0, v, strlen(v));
	}
	assert_int_equal(stw_tclass_finish(tc, &t, 1, &err), STW_OK);
	stw_tclass_free(tc);
	out[0] = '\0';
	for (size_t f = 0; f < col.nfindings; f++) {
		const struct stw_finding *x = col.findings[f];
		o += (size_t)snprintf(out + o, outsz - o, "%s/%d/%.2f/%lld/%lld/%s;", x->rule, (int)x->evidence,
		    x->confidence, x->matched, x->sampled, x->example ? x->example : "-");
		if (o >= outsz)
			o = outsz - 1;
		/* rule and category are in the finding's block */
		free(x->example);
		free((void *)x);
	}
	free(col.findings);
}

/* stw_tclass_limit() lets decided rules stop early: findings (rule,
 * evidence, confidence, counts, example) must be exactly those without it,
 * for columns mixing two kinds at shares around the 0.6 and 0.1
 * thresholds, in random order and with all hits at the end, under names
 * no rule knows and under names that hit a rule. */
static void
test_limit_changes_nothing(void **state)
{
	struct stw_rules *r = stw_rules_new();
	struct stw_err err = STW_ERR_INIT;
	static const int shares[] = { 0, 5, 9, 10, 11, 15, 40, 55, 59, 60, 61, 65, 90, 100 };
	static const char *const names[] = { "x1", "email", "phone_number", "notes" };
	char with[4096], without[4096];
	long compared = 0, nonempty = 0;

	(void)state;
	assert_int_equal(stw_rules_add_builtin(r, "core", &err), STW_OK);
	assert_int_equal(stw_rules_compile(r, &err), STW_OK);
	for (size_t a = 0; a < CORPUS_NKINDS; a++) {
		size_t b = (a * 7 + 3) % CORPUS_NKINDS;
		for (size_t s = 0; s < sizeof(shares) / sizeof(shares[0]); s++) {
			for (int at_end = 0; at_end < 2; at_end++) {
				const char *nm = names[(a + s + (size_t)at_end) % 4];
				uint64_t seed = 0x1234567ULL + a * 131 + s * 17 + (uint64_t)at_end;
				classify_mixed(r, nm, a, b, 500, shares[s], at_end, -1, seed, without, sizeof(without));
				classify_mixed(r, nm, a, b, 500, shares[s], at_end, 500, seed, with, sizeof(with));
				if (strcmp(with, without) != 0)
					fail_msg("kinds %s/%s at %d%% (%s, column %s): with the bound '%s', without '%s'",
					    corpus_kinds[a].name, corpus_kinds[b].name, shares[s],
					    at_end ? "hits last" : "random", nm, with, without);
				compared++;
				nonempty += without[0] != '\0';
			}
		}
	}
	printf("limit: %ld columns classified alike with and without the bound (%ld with findings)\n",
	    compared, nonempty);
	assert_true(nonempty > compared / 4);
	stw_rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefilters_agree_with_regex),
		cmocka_unit_test(test_many_byte_sets),
		cmocka_unit_test(test_limit_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
