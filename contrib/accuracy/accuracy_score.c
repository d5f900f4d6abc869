/*
 * accuracy_score LABELS INVENTORY [--name NAME] [--errors N] [--tsv] [--domains A,B]
 *
 * Compares an inventory of the corpus with its labels (docs/accuracy.md):
 * precision, recall and F1 per tier, for the core tiers together and for
 * all; category agreement; then the errors.  --domains scores only the
 * listed domains (the held-out ones, say).  --tsv prints "metric<TAB>value"
 * lines instead (the floor test reads them).  Only labelled columns that
 * hold values count.
 *
 * A column is "flagged" when it has at least one finding.  A linked column
 * is found when it is flagged.  An identifier, quasi or sensitive column is
 * found only when one of its findings agrees with the label's category
 * (the same, or one a dotted prefix of the other) and is rated above
 * "linked" (for the sensitive tier: high or special): a birth date that
 * steward tags only as "an attribute of a person's row" is a miss, since
 * the assessment would understate it.  Precision is over flagged columns:
 * a column labelled none that steward flags is a false positive, counted
 * in the tier steward's most sensitive finding gives it.
 */
#define _POSIX_C_SOURCE 200809L
#include "scanner/inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

struct label {
	char *domain, *table, *column, *category;
	enum acc_tier tier;
	int has_values;
	int seen;
};

struct labels {
	struct label *v;
	size_t n, cap;
};

static char *
dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d == NULL)
		abort();
	memcpy(d, s, n);
	return d;
}

static enum acc_tier
tier_parse(const char *s)
{
	if (strcmp(s, "identifier") == 0)
		return TIER_IDENTIFIER;
	if (strcmp(s, "quasi") == 0)
		return TIER_QUASI;
	if (strcmp(s, "sensitive") == 0)
		return TIER_SENSITIVE;
	if (strcmp(s, "linked") == 0)
		return TIER_LINKED;
	return TIER_NONE;
}

static int
load_labels(struct labels *L, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *fld[6], *save = NULL;
		int n = 0;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (char *t = strtok_r(line, "\t", &save); t && n < 6; t = strtok_r(NULL, "\t", &save))
			fld[n++] = t;
		if (n != 6) {
			fprintf(stderr, "%s:%d: expected 6 fields\n", path, lineno);
			fclose(f);
			return -1;
		}
		if (L->n == L->cap) {
			L->cap = L->cap ? L->cap * 2 : 512;
			L->v = realloc(L->v, L->cap * sizeof(*L->v));
			if (L->v == NULL)
				abort();
		}
		L->v[L->n].domain = dup(fld[0]);
		L->v[L->n].table = dup(fld[1]);
		L->v[L->n].column = dup(fld[2]);
		L->v[L->n].category = strcmp(fld[3], "-") == 0 ? NULL : dup(fld[3]);
		L->v[L->n].tier = tier_parse(fld[4]);
		L->v[L->n].has_values = atoi(fld[5]);
		L->v[L->n].seen = 0;
		L->n++;
	}
	fclose(f);
	return 0;
}

/* The domain of a table: PostgreSQL schema, MariaDB database acc_<d>,
 * SQLite source name (one file per domain). */
static const char *
domain_of(const struct stw_source *s, const struct stw_table *t)
{
	if (strncmp(t->schema, "acc_", 4) == 0)
		return t->schema + 4;
	if (strcmp(t->schema, "main") == 0)
		return s->name;
	return t->schema;
}

static struct label *
find(struct labels *L, const char *d, const char *t, const char *c)
{
	for (size_t i = 0; i < L->n; i++)
		if (strcmp(L->v[i].domain, d) == 0 && strcmp(L->v[i].table, t) == 0 &&
		    strcmp(L->v[i].column, c) == 0)
			return &L->v[i];
	return NULL;
}

/* The tier steward gives a column, from its most sensitive finding. */
static enum acc_tier
predicted_tier(const struct stw_column *c)
{
	switch (stw_column_max_sensitivity(c)) {
	case STW_SENS_LINKED: return TIER_LINKED;
	case STW_SENS_QUASI: return TIER_QUASI;
	case STW_SENS_HIGH: case STW_SENS_SPECIAL: return TIER_SENSITIVE;
	case STW_SENS_PERSONAL: return TIER_IDENTIFIER;
	case STW_SENS_NONE: break;
	}
	return TIER_NONE;
}

/* d is one of the comma-separated names in list. */
static int
in_list(const char *list, const char *d)
{
	size_t n = strlen(d);

	for (const char *p = list; *p; ) {
		const char *e = strchr(p, ',');
		size_t m = e ? (size_t)(e - p) : strlen(p);
		if (m == n && strncmp(p, d, n) == 0)
			return 1;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/* One is the other or a dotted prefix of it. */
static int
cat_agrees(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;

	if (strncmp(a, b, n) != 0)
		return 0;
	return na == nb || (na < nb ? b[na] == '.' : a[nb] == '.');
}

#define NT 5
struct counts {
	int labelled[NT], found[NT], flagged[NT], fp[NT], agree[NT];
};

static double
ratio(int a, int b)
{
	return b > 0 ? (double)a / (double)b : 1.0;
}

static double
f1(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

struct err_line {
	char text[512];
};

int
main(int argc, char **argv)
{
	struct labels L = { 0 };
	struct stw_inventory *inv = NULL;
	struct stw_err err = STW_ERR_INIT;
	struct counts k;
	const char *name = NULL, *labels_path = NULL, *inv_path = NULL, *only = NULL;
	int max_errors = 1000, tsv = 0, no_values = 0, unlabelled = 0, missing = 0;
	struct err_line *errs = NULL;
	size_t nerr = 0, aerr = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--errors") == 0 && i + 1 < argc)
			max_errors = atoi(argv[++i]);
		else if (strcmp(argv[i], "--domains") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--tsv") == 0)
			tsv = 1;
		else if (labels_path == NULL)
			labels_path = argv[i];
		else if (inv_path == NULL)
			inv_path = argv[i];
		else
			labels_path = NULL, i = argc;
	}
	if (labels_path == NULL || inv_path == NULL) {
		fprintf(stderr, "usage: accuracy_score LABELS INVENTORY [--name NAME] [--errors N] "
		    "[--tsv] [--domains A,B]\n");
		return 2;
	}
	if (load_labels(&L, labels_path) != 0)
		return 2;
	if (stw_inventory_load(&inv, inv_path, &err) != STW_OK) {
		fprintf(stderr, "accuracy_score: %s\n", err.msg);
		return 2;
	}
	memset(&k, 0, sizeof(k));
	for (size_t s = 0; s < inv->nsources; s++) {
		const struct stw_source *src = inv->sources[s];
		for (size_t t = 0; t < src->ntables; t++) {
			const struct stw_table *tb = src->tables[t];
			const char *d = domain_of(src, tb);
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const struct stw_column *col = tb->columns[c];
				struct label *l = find(&L, d, tb->name, col->name);
				enum acc_tier pt = col->nfindings > 0 ? predicted_tier(col) : TIER_NONE;
				int flagged = col->nfindings > 0, found = 0, agree = 0;
				char said[256];

				if (only != NULL && !in_list(only, d))
					continue;
				if (l == NULL) {
					unlabelled++;
					continue;
				}
				l->seen = 1;
				if (!l->has_values) {
					no_values++;
					continue;
				}
				snprintf(said, sizeof(said), "-");
				if (flagged) {
					const struct stw_finding *best = col->findings[0];
					for (size_t f = 0; f < col->nfindings; f++) {
						const struct stw_finding *fd = col->findings[f];
						if (fd->sensitivity > best->sensitivity)
							best = fd;
						if (l->category && cat_agrees(l->category, fd->category)) {
							agree = 1;
							if (l->tier == TIER_LINKED ||
							    (l->tier == TIER_SENSITIVE ? fd->sensitivity >= STW_SENS_HIGH
							    : fd->sensitivity != STW_SENS_LINKED))
								found = 1;
						}
					}
					if (l->tier == TIER_LINKED)
						found = 1;
					snprintf(said, sizeof(said), "%s (%s, %s, %s)", best->category,
					    stw_sensitivity_name(best->sensitivity),
					    stw_evidence_name(best->evidence), best->rule);
				}
				if (l->tier != TIER_NONE) {
					k.labelled[l->tier]++;
					k.found[l->tier] += found;
					if (flagged) {
						k.flagged[l->tier]++;
						k.agree[l->tier] += agree;
					}
				} else if (flagged) {
					k.fp[pt]++;
				}
				if ((l->tier != TIER_NONE) ? !found || !agree : flagged) {
					if (nerr == aerr) {
						aerr = aerr ? aerr * 2 : 64;
						errs = realloc(errs, aerr * sizeof(*errs));
						if (errs == NULL)
							abort();
					}
					snprintf(errs[nerr++].text, sizeof(errs[0].text), "  %-8s %-10s %s.%s.%s  "
					    "label %s  steward %s",
					    l->tier == TIER_NONE ? "FP" : !flagged ? "FN" : !agree ? "CATEGORY" :
					    "WEAK",
					    acc_tier_name(l->tier), d, tb->name, col->name,
					    l->category ? l->category : "-", said);
				}
			}
		}
	}
	for (size_t i = 0; i < L.n; i++)
		if (!L.v[i].seen && (only == NULL || in_list(only, L.v[i].domain)))
			missing++;
	{
		static const enum acc_tier tiers[] = { TIER_IDENTIFIER, TIER_QUASI, TIER_SENSITIVE,
			TIER_LINKED };
		int cl = 0, cf = 0, cg = 0, cfp = 0, ca = 0, al = 0, af = 0, ag = 0, afp = 0;
		double p, r;

		for (int i = 0; i < 4; i++) {
			enum acc_tier t = tiers[i];
			if (t != TIER_LINKED) {
				cl += k.labelled[t];
				cf += k.found[t];
				cg += k.flagged[t];
				cfp += k.fp[t];
				ca += k.agree[t];
			}
			al += k.labelled[t];
			af += k.found[t];
			ag += k.flagged[t];
			afp += k.fp[t];
		}
		if (!tsv) {
			printf("== %s: %d labelled personal columns with values, %d unlabelled columns "
			    "ignored, %d without values, %d labelled but not in the inventory\n",
			    name ? name : inv_path, al, unlabelled, no_values, missing);
			printf("  %-22s %8s %6s %7s %7s %6s %9s %6s\n", "tier", "labelled", "found",
			    "recall", "flagged", "false+", "precision", "F1");
		}
		for (int i = 0; i < 6; i++) {
			int lab, fnd, flg, fp;
			const char *nm;

			if (i < 4) {
				enum acc_tier t = tiers[i];
				lab = k.labelled[t], fnd = k.found[t], flg = k.flagged[t], fp = k.fp[t];
				nm = acc_tier_name(t);
			} else if (i == 4) {
				lab = cl, fnd = cf, flg = cg, fp = cfp, nm = "core";
			} else {
				lab = al, fnd = af, flg = ag, fp = afp, nm = "all";
			}
			p = ratio(flg, flg + fp);
			r = ratio(fnd, lab);
			if (tsv)
				printf("recall.%s\t%.4f\nprecision.%s\t%.4f\nf1.%s\t%.4f\n", nm, r, nm, p,
				    nm, f1(p, r));
			else
				printf("  %-22s %8d %6d %7.3f %7d %6d %9.3f %6.3f\n",
				    i == 4 ? "core (id+quasi+sens)" : nm, lab, fnd, r, flg, fp, p, f1(p, r));
		}
		if (tsv) {
			printf("agreement.core\t%.4f\n", ratio(ca, cg));
			printf("agreement.linked\t%.4f\n", ratio(k.agree[TIER_LINKED],
			    k.flagged[TIER_LINKED]));
			printf("missing\t%d\n", missing);
		} else {
			printf("  category agreement on flagged core columns: %d/%d = %.3f; on flagged "
			    "linked columns: %d/%d = %.3f\n", ca, cg, ratio(ca, cg), k.agree[TIER_LINKED],
			    k.flagged[TIER_LINKED], ratio(k.agree[TIER_LINKED], k.flagged[TIER_LINKED]));
			if (nerr > 0 && max_errors > 0) {
				printf("  errors (FN not flagged; FP flagged, labelled none; CATEGORY flagged "
				    "with another category; WEAK right category, rated too low):\n");
				for (size_t i = 0; i < nerr && (int)i < max_errors; i++)
					printf("%s\n", errs[i].text);
				if ((int)nerr > max_errors)
					printf("  ... %zu more\n", nerr - (size_t)max_errors);
			}
		}
	}
	free(errs);
	for (size_t i = 0; i < L.n; i++) {
		free(L.v[i].domain);
		free(L.v[i].table);
		free(L.v[i].column);
		free(L.v[i].category);
	}
	free(L.v);
	stw_inventory_free(inv);
	return 0;
}
