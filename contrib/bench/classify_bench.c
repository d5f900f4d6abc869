/*
 * Classification throughput benchmark (not a test): values per second on
 * one core through the real per-table API (stw_tclass_begin / value /
 * finish) with the built-in core pack, over a generated corpus that mixes
 * every kind of tests/classify_corpus.h (personal values and hard
 * negatives).  Prints the figures and the command that reproduces them.
 *
 *   classify_bench [VALUES]      (default 2,000,000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/classify.h"
#include "rules/ruleset.h"
#include "tests/classify_corpus.h"

#define NCOLS CORPUS_NKINDS
#define POOL 4096              /* distinct values per column, generated up front */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	long long total = argc > 1 ? strtoll(argv[1], NULL, 10) : 2000000;
	struct stw_err err = STW_ERR_INIT;
	struct stw_rules *r = stw_rules_new();
	struct corpus_rng rng = { 0xbe4c4b3e4c4ULL };
	struct stw_column cols[NCOLS], *colp[NCOLS];
	struct stw_table t = { 0 };
	char **pool = calloc(NCOLS * POOL, sizeof(*pool));
	size_t *len = calloc(NCOLS * POOL, sizeof(*len));
	size_t bytes = 0;
	char v[512];

	if (total <= 0) {
		fprintf(stderr, "usage: classify_bench [VALUES]\n");
		return 2;
	}
	if (stw_rules_add_builtin(r, "core", &err) != STW_OK || stw_rules_compile(r, &err) != STW_OK) {
		fprintf(stderr, "classify_bench: %s\n", err.msg);
		return 2;
	}
	memset(cols, 0, sizeof(cols));
	for (size_t c = 0; c < NCOLS; c++) {
		char *name = stw_asprintf("c%zu", c);   /* names no rule knows: every value is tested */
		cols[c].name = name;
		cols[c].type = (char *)"text";
		colp[c] = &cols[c];
		for (size_t i = 0; i < POOL; i++) {
			corpus_kinds[c].gen(&rng, v, sizeof(v));
			pool[c * POOL + i] = stw_strdup(v);
			len[c * POOL + i] = strlen(v);
		}
	}
	t.name = (char *)"bench";
	t.columns = colp;
	t.ncolumns = NCOLS;

	long long done = 0, tables = 0;
	double t0 = now();
	while (done < total) {
		struct stw_tclass *tc = NULL;
		if (stw_tclass_begin(&tc, r, &t, &err) != STW_OK) {
			fprintf(stderr, "classify_bench: %s\n", err.msg);
			return 2;
		}
		/* one table = 1000 sampled rows of every column, announced as
		 * the scan announces its sample size */
		stw_tclass_limit(tc, 1000);
		for (size_t row = 0; row < 1000 && done < total; row++) {
			for (size_t c = 0; c < NCOLS && done < total; c++) {
				size_t k = c * POOL + (size_t)((row + (size_t)tables * 1000) % POOL);
				stw_tclass_value(tc, c, pool[k], len[k]);
				bytes += len[k];
				done++;
			}
		}
		stw_tclass_finish(tc, &t, 0, &err);
		stw_tclass_free(tc);
		for (size_t c = 0; c < NCOLS; c++) {
			for (size_t f = 0; f < cols[c].nfindings; f++) {
				/* rule and category are in the finding's block */
				free(cols[c].findings[f]->example);
				free(cols[c].findings[f]);
			}
			free(cols[c].findings);
			cols[c].findings = NULL;
			cols[c].nfindings = cols[c].afindings = 0;
		}
		tables++;
	}
	double secs = now() - t0;
	size_t nrules = stw_rules_count(r);

	printf("classify_bench: %lld values (%zu kinds, %.1f bytes avg), %zu rules, 1 thread\n",
	    done, (size_t)NCOLS, (double)bytes / (double)done, nrules);
	printf("  %.3f s, %.0f values/s/core, %.1f MB/s, %.2f us/value\n", secs, (double)done / secs,
	    (double)bytes / secs / 1e6, secs * 1e6 / (double)done);
	printf("reproduce: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && "
	    "cmake --build build-bench --target classify_bench && build-bench/contrib/bench/classify_bench %lld\n",
	    total);
	for (size_t i = 0; i < NCOLS * POOL; i++)
		free(pool[i]);
	for (size_t c = 0; c < NCOLS; c++)
		free(cols[c].name);
	free(pool);
	free(len);
	stw_rules_free(r);
	return 0;
}
