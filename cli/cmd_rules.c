/*
 * steward rules: list, test and explain classification rules (the built-in
 * packs plus any --rules FILE|DIR).  `rules test` is what CI runs on the
 * built-in packs: exit 0 when every example passes, 1 when one fails, 2 on
 * a malformed pack (the message names FILE:LINE:COL).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "rules/classify.h"
#include "rules/ruleset.h"

const struct stw_opt stw_opts_rules[] = {
	{ "rules", 'r', "FILE|DIR", "also load this rule pack, or every *.yaml in DIR (repeatable)" },
	{ "no-builtin", 0, NULL, "leave the built-in packs out" },
	{ NULL, 0, NULL, NULL }
};

struct rules_args {
	struct stw_strv paths;
	int no_builtin;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct rules_args *a = payload;

	if (strcmp(o->lname, "rules") == 0)
		stw_strv_push(&a->paths, v);
	else if (strcmp(o->lname, "no-builtin") == 0)
		a->no_builtin = 1;
	return STW_OK;
}

static const char *
sens_name(enum stw_sensitivity s)
{
	switch (s) {
	case STW_SENS_LINKED: return "linked";
	case STW_SENS_QUASI: return "quasi";
	case STW_SENS_PERSONAL: return "personal";
	case STW_SENS_HIGH: return "high";
	case STW_SENS_SPECIAL: return "special";
	default: return "none";
	}
}

/* Loads the rule set: built-in packs unless left out, then --rules, then
 * the FILE arguments of `rules test`. */
static int
load(struct stw_rules **out, const struct rules_args *a, const struct stw_strv *files,
    struct stw_err *err)
{
	struct stw_rules *r = stw_rules_new();
	int rc = STW_OK;

	if (!a->no_builtin && (files == NULL || files->n == 0))
		for (size_t i = 0; rc == STW_OK && stw_rules_builtin_name(i) != NULL; i++)
			rc = stw_rules_add_builtin(r, stw_rules_builtin_name(i), err);
	for (size_t i = 0; rc == STW_OK && i < a->paths.n; i++)
		rc = stw_rules_add_path(r, a->paths.v[i], err);
	for (size_t i = 0; rc == STW_OK && files != NULL && i < files->n; i++)
		rc = stw_rules_add_path(r, files->v[i], err);
	if (rc == STW_OK)
		rc = stw_rules_compile(r, err);
	if (rc != STW_OK) {
		stw_rules_free(r);
		return rc;
	}
	*out = r;
	return STW_OK;
}

static void
cmd_list(const struct stw_rules *r)
{
	struct stw_rule_info ri;

	printf("%-22s %-55s %-11s %s\n", "ID", "CATEGORY", "SENSITIVITY", "PACK");
	for (size_t i = 0; i < stw_rules_count(r); i++) {
		stw_rules_info(r, i, &ri);
		printf("%-22s %-55s %-11s %s%s\n", ri.id, ri.category, sens_name(ri.sensitivity), ri.pack,
		    ri.disabled ? " (disabled)" : "");
	}
}

static void
print_fail(const char *id, const char *msg, void *payload)
{
	(void)payload;
	printf("FAIL %s: %s\n", id, msg);
}

static int
cmd_test(const struct stw_rules *r)
{
	size_t passed, failed;

	stw_rules_test(r, print_fail, NULL, &passed, &failed);
	printf("%zu rules, %zu passed, %zu failed\n", stw_rules_count(r), passed, failed);
	return failed == 0 ? STW_EXIT_OK : 1;
}

static void
print_list(const char *label, const struct stw_strv *sv)
{
	printf("    %-9s", label);
	if (sv->n == 0)
		printf(" -");
	for (size_t i = 0; i < sv->n; i++)
		printf("%s'%s'", i ? ", " : " ", sv->v[i]);
	printf("\n");
}

static void
cmd_explain(const struct stw_rules *r, size_t i)
{
	struct stw_rule_info ri;

	stw_rules_info(r, i, &ri);
	printf("rule:         %s%s\n", ri.id, ri.disabled ? " (disabled)" : "");
	if (ri.description)
		printf("description:  %s\n", ri.description);
	printf("defined at:   %s:%d:%d (pack '%s')\n", ri.file, ri.line, ri.col, ri.pack);
	printf("category:     %s\n", ri.category);
	printf("sensitivity:  %s\n", sens_name(ri.sensitivity));
	if (ri.name) {
		printf("name:         %s\n", ri.name);
		printf("              searched in the normalised column name; a hit must start and\n"
		    "              end on word-part boundaries (confidence %.2f)\n", ri.confidence);
	} else {
		printf("name:         - (value evidence only)\n");
	}
	if (ri.name_exclude)
		printf("name_exclude: %s\n", ri.name_exclude);
	if (ri.table)
		printf("table:        %s (rule applies only in matching tables)\n", ri.table);
	if (ri.subjects)
		printf("subject:      %s (rule applies only in tables of that subject, decided\n"
		    "              after every table was classified; docs/subjects.md)\n", ri.subjects);
	if (ri.value) {
		printf("value:        %s\n", ri.value);
		printf("              %s\n", ri.free_text ? "searched inside each value (free text)"
		    : "must match the whole trimmed value");
		printf("validate:     %s (%s)\n", ri.validate, ri.validate_summary);
		if (ri.prefilter)
			printf("prefilter:    values must contain one of \"%s\"\n", ri.prefilter);
		if (ri.min_length)
			printf("min_length:   %d\n", ri.min_length);
		if (ri.max_length)
			printf("max_length:   %d\n", ri.max_length);
		if (ri.min_digits)
			printf("min_digits:   %d\n", ri.min_digits);
		printf("min_ratio:    %.2f of sampled non-empty values must match\n", ri.min_ratio);
		printf("value_alone:  %s\n", ri.value_alone ? "yes (values alone make a finding)"
		    : "no (values only confirm or weaken a name hit)");
		printf("mask:         %s\n", ri.mask);
	} else {
		printf("value:        - (name evidence only)\n");
	}
	printf("examples:\n  names:\n");
	print_list("match", ri.names_match);
	print_list("no_match", ri.names_no_match);
	printf("  values:\n");
	print_list("match", ri.values_match);
	print_list("no_match", ri.values_no_match);
}

int
stw_cmd_rules(int argc, char **argv)
{
	struct rules_args a = { STW_STRV_INIT, 0 };
	struct stw_strv pos = STW_STRV_INIT, files = STW_STRV_INIT;
	struct stw_rules *r = NULL;
	struct stw_err err = STW_ERR_INIT;
	int help = 0, code = STW_EXIT_USAGE;

	if (stw_cli_parse(argc, argv, "rules", stw_opts_rules, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward rules list | test [FILE...] | explain RULE-ID [--rules FILE|DIR]",
		    "Classification rules: the built-in packs (compiled into steward) and any\n"
		    "packs given with --rules.\n\n"
		    "  list             every rule: id, category, sensitivity, pack\n"
		    "  test [FILE...]   run every rule's examples (of the built-in packs, or of\n"
		    "                   the given pack files only); prints failures and a\n"
		    "                   closing 'N rules, N passed, N failed' line\n"
		    "  explain RULE-ID  the rule's patterns, validator, thresholds and examples\n\n"
		    "Exit: 0 ok, 1 an example failed, 2 usage error or malformed pack\n"
		    "(FILE:LINE:COL). Rule format: docs/rules.md.", stw_opts_rules);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n == 0) {
		stw_cli_error("rules: expected list, test or explain; see 'steward rules --help'");
		goto out;
	}
	const char *sub = pos.v[0];
	if (strcmp(sub, "list") == 0 || strcmp(sub, "explain") == 0) {
		if (strcmp(sub, "list") == 0 && pos.n != 1) {
			stw_cli_error("rules list: unexpected argument '%s'", pos.v[1]);
			goto out;
		}
		if (strcmp(sub, "explain") == 0 && pos.n != 2) {
			stw_cli_error("rules explain: expected one RULE-ID; see 'steward rules --help'");
			goto out;
		}
		if (load(&r, &a, NULL, &err) != STW_OK) {
			stw_cli_error("%s", err.msg);
			goto out;
		}
		if (strcmp(sub, "list") == 0) {
			cmd_list(r);
		} else {
			long i = stw_rules_find(r, pos.v[1]);
			if (i < 0) {
				stw_cli_error("rules explain: no rule '%s'; see 'steward rules list'", pos.v[1]);
				goto out;
			}
			cmd_explain(r, (size_t)i);
		}
		code = STW_EXIT_OK;
	} else if (strcmp(sub, "test") == 0) {
		for (size_t i = 1; i < pos.n; i++)
			stw_strv_push(&files, pos.v[i]);
		if (load(&r, &a, &files, &err) != STW_OK) {
			stw_cli_error("%s", err.msg);
			goto out;
		}
		code = cmd_test(r);
	} else {
		stw_cli_error("rules: unknown subcommand '%s' (list, test, explain)", sub);
	}
	if (fflush(stdout) != 0) {
		stw_cli_error("cannot write to standard output");
		code = STW_EXIT_USAGE;
	}
out:
	stw_rules_free(r);
	stw_strv_clear(&a.paths);
	stw_strv_clear(&pos);
	stw_strv_clear(&files);
	return code;
}
