/*
 * steward config check: validates a steward.yaml without scanning -- the
 * file itself (every error with file:line:column), the rule packs and rule
 * files it names, the ${ENV} references in its DSNs (resolved, never
 * printed) -- and prints what it configures, with the approvals that
 * expire within 30 days.  For a pre-commit hook and CI.  Exit 0, or 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "rules/classify.h"
#include "rules/datause.h"
#include "rules/ruleset.h"
#include "scanner/config.h"
#include "scanner/connector.h"
#include "scanner/fides.h"
#include "scanner/retention.h"
#include "scanner/scan.h"

const struct stw_opt stw_opts_config[] = {
	{ "config", 'c', "FILE", "the configuration to check (default: steward.yaml)" },
	{ "rules", 0, "FILE|DIR", "extra rule packs, as scan --rules (repeatable)" },
	{ "as-of", 0, "YYYY-MM-DD", "the day approvals' expiry is judged on (default: today, UTC)" },
	{ NULL, 0, NULL, NULL }
};

struct config_args {
	const char *config, *as_of;
	struct stw_strv rules;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct config_args *a = payload;

	if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "rules") == 0)
		stw_strv_push(&a->rules, v);
	else if (strcmp(o->lname, "as-of") == 0)
		a->as_of = v;
	return STW_OK;
}

static int
check(const struct config_args *a)
{
	struct stw_config *cfg = NULL;
	struct stw_rules *rules = NULL;
	struct stw_fides *fides = NULL;
	struct stw_err err = STW_ERR_INIT;
	const char *path = a->config ? a->config : "steward.yaml";
	char today[32];
	long long now;
	int code = STW_EXIT_USAGE;

	if (a->as_of != NULL) {
		if (strlen(a->as_of) != 10 || stw_date_days(&now, a->as_of) != STW_OK) {
			stw_cli_error("config check: --as-of: expected YYYY-MM-DD, got '%s'", a->as_of);
			return STW_EXIT_USAGE;
		}
		snprintf(today, sizeof(today), "%s", a->as_of);
	} else {
		stw_utc_now(today);
		today[10] = '\0';
		(void)stw_date_days(&now, today);
	}
	if (stw_config_load(&cfg, path, &err) != STW_OK ||
	    stw_scan_load_rules(&rules, cfg, &a->rules, &err) != STW_OK ||
	    (cfg->fides_files.n > 0 && stw_fides_load(&fides, &cfg->fides_files, &err) != STW_OK)) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	/* Every DSN must parse and name an engine this build has. */
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct stw_cfg_source *cs = cfg->sources[i];
		const struct stw_connector *vt;
		struct stw_dsn d;
		int parsed;

		memset(&d, 0, sizeof(d));
		parsed = stw_dsn_parse(&d, cs->dsn, &err) == STW_OK;
		if (!parsed || stw_connector_find(&vt, d.scheme, &err) != STW_OK) {
			/* the message may quote the DSN: never with its password */
			char *msg = stw_dsn_scrub_message(err.msg, parsed ? d.password : NULL);
			stw_cli_error("%s:%d:%d: source '%s': %s", path, cs->dsn_line, cs->dsn_col,
			    cs->name ? cs->name : "",
			    msg);
			free(msg);
			stw_dsn_release(&d);    /* a failed parse may hold parts too */
			goto out;
		}
		stw_dsn_release(&d);
	}
	printf("%s: ok\n", path);
	printf("sources: %zu\n", cfg->nsources);
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct stw_cfg_source *cs = cfg->sources[i];
		struct stw_dsn d;
		char *name;

		memset(&d, 0, sizeof(d));
		if (stw_dsn_parse(&d, cs->dsn, &err) != STW_OK) {
			stw_dsn_release(&d);
			continue;
		}
		name = cs->name ? stw_strdup(cs->name) : stw_dsn_default_name(&d);
		printf("  %s: %s", name, d.redacted);
		for (size_t k = 0; k < cs->purposes.n; k++)
			printf("%s%s", k ? ", " : "; purposes ", cs->purposes.v[k]);
		printf("\n");
		free(name);
		stw_dsn_release(&d);
	}
	printf("rules: %zu active", stw_rules_count(rules));
	if (cfg->rule_packs.n > 0) {
		printf(", packs");
		for (size_t i = 0; i < cfg->rule_packs.n; i++)
			printf("%s %s", i ? "," : "", cfg->rule_packs.v[i]);
	} else {
		printf(", every built-in pack");
	}
	printf("; %zu rule file%s, %zu disabled\n", cfg->rule_files.n + a->rules.n,
	    cfg->rule_files.n + a->rules.n == 1 ? "" : "s", cfg->rule_disable.n);
	printf("categories with a policy: %zu\n", cfg->ncategories);
	for (size_t i = 0; i < cfg->ncategories; i++) {
		const struct stw_cfg_policy *p = cfg->categories[i];
		printf("  %s:", p->match);
		if (p->retention_days >= 0)
			printf(" retention %lld days", p->retention_days);
		if (p->has_purposes)
			printf(" purposes %zu", p->purposes.n);
		printf("\n");
	}
	printf("tables with a policy: %zu; declared flows: %zu; subjects set: %zu; "
	    "not_personal decisions: %zu; access rules: %zu\n", cfg->ntables, cfg->nflows,
	    cfg->nsubjects, cfg->nnot_personal, cfg->naccess_rules);
	if (cfg->fingerprints == 0)
		printf("fingerprints: off\n");
	else if (cfg->fp_key != NULL)
		printf("fingerprints: on, keyed by fingerprints.key (line %d; not shown)\n",
		    cfg->fp_key_line);
	else if (getenv("STEWARD_FINGERPRINT_KEY") != NULL)
		printf("fingerprints: on, keyed by STEWARD_FINGERPRINT_KEY (not shown)\n");
	else
		printf("fingerprints: on, with a key drawn per run (inventories of separate runs "
		    "cannot be compared; set fingerprints.key)\n");
	if (cfg->nlegal_bases > 0) {
		printf("legal bases: %zu purposes\n", cfg->nlegal_bases);
		for (size_t i = 0; i < cfg->nlegal_bases; i++)
			printf("  %s: %s\n", cfg->legal_bases[i]->purpose, cfg->legal_bases[i]->basis);
	}
	if (fides != NULL)
		printf("fides datasets: %zu file%s, %zu fields declared\n", cfg->fides_files.n,
		    cfg->fides_files.n == 1 ? "" : "s", fides->nfields);
	{
		/* Purposes are free text; fideslang's data uses are what Fides
		 * and a record of processing speak: say which are custom. */
		struct stw_strv all = STW_STRV_INIT, custom = STW_STRV_INIT;

		for (size_t i = 0; i < cfg->nsources; i++)
			for (size_t k = 0; k < cfg->sources[i]->purposes.n; k++)
				if (!stw_strv_has(&all, cfg->sources[i]->purposes.v[k]))
					stw_strv_push(&all, cfg->sources[i]->purposes.v[k]);
		for (size_t i = 0; i < cfg->ncategories + cfg->ntables; i++) {
			const struct stw_cfg_policy *p = i < cfg->ncategories ? cfg->categories[i]
			    : cfg->tables[i - cfg->ncategories];

			for (size_t k = 0; k < p->purposes.n; k++)
				if (!stw_strv_has(&all, p->purposes.v[k]))
					stw_strv_push(&all, p->purposes.v[k]);
		}
		for (size_t i = 0; i < all.n; i++)
			if (stw_data_use_find(all.v[i]) == NULL)
				stw_strv_push(&custom, all.v[i]);
		printf("purposes: %zu, %zu of them fideslang data uses\n", all.n, all.n - custom.n);
		if (custom.n > 0) {
			struct stw_buf b = STW_BUF_INIT;

			for (size_t i = 0; i < custom.n; i++)
				stw_buf_addf(&b, "%s%s", i ? ", " : "", custom.v[i]);
			stw_cli_warn("purposes that are not fideslang data uses (allowed, but Fides and a "
			    "record of processing will not know them): %s; docs/config.md lists the data "
			    "uses", b.buf);
			stw_buf_release(&b);
		}
		stw_strv_clear(&all);
		stw_strv_clear(&custom);
	}
	if (cfg->ndata_subjects > 0)
		printf("data subjects set: %zu\n", cfg->ndata_subjects);
	if (cfg->signoff.present)
		printf("sign-off: %s%s%s\n", cfg->signoff.decision ? cfg->signoff.decision : "no decision",
		    cfg->signoff.reviewer ? " by " : "", cfg->signoff.reviewer ? cfg->signoff.reviewer : "");
	printf("approvals: %zu\n", cfg->napprovals);
	for (size_t i = 0; i < cfg->napprovals; i++) {
		const struct stw_cfg_approval *ap = cfg->approvals[i];
		long long exp;

		if (ap->expires == NULL || stw_date_days(&exp, ap->expires) != STW_OK)
			continue;
		if (exp < now)
			printf("  expired on %s: %s (%s:%d)\n", ap->expires, ap->match,
			    ap->file ? ap->file : path, ap->line);
		else if (exp - now <= 30)
			printf("  expires on %s, in %lld day%s: %s (%s:%d)\n", ap->expires, exp - now,
			    exp - now == 1 ? "" : "s", ap->match, ap->file ? ap->file : path, ap->line);
	}
	code = fflush(stdout) == 0 ? STW_EXIT_OK : STW_EXIT_USAGE;
out:
	stw_rules_free(rules);
	stw_fides_free(fides);
	stw_config_free(cfg);
	return code;
}

int
stw_cmd_config(int argc, char **argv)
{
	struct config_args a;
	struct stw_strv pos = STW_STRV_INIT;
	int help = 0, code = STW_EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	if (stw_cli_parse(argc, argv, "config", stw_opts_config, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward config check [-c steward.yaml] [--rules FILE|DIR]... "
		    "[--as-of YYYY-MM-DD]",
		    "Checks a steward.yaml without scanning anything: the file (errors name\n"
		    "file:line:column), the rule packs, rule files and Fides datasets it names,\n"
		    "every DSN\n"
		    "(its ${ENV} references resolved, never printed; passwords redacted).\n"
		    "Prints the sources, the rules, the policies, and the approvals that have\n"
		    "expired or expire within 30 days. For pre-commit hooks and CI.\n\n"
		    "Exit: 0 when the configuration is valid, 2 when it is not.", stw_opts_config);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 1 || strcmp(pos.v[0], "check") != 0) {
		stw_cli_error("config: expected 'check'; see 'steward config --help'");
		goto out;
	}
	code = check(&a);
out:
	stw_strv_clear(&pos);
	stw_strv_clear(&a.rules);
	return code;
}
