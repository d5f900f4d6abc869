/*
 * steward lineage infer A.json B.json ... -o merged.json: copies across
 * inventories.  Merges the inventories (their sources must have distinct
 * names and their fingerprints the same key), compares every pair of
 * fingerprinted columns across all of them, adds the copies found as
 * inferred edges, carries categories along them, and writes one inventory
 * that map, report and check read like any other.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "scanner/infer.h"
#include "scanner/inventory.h"
#include "scanner/lineage.h"

const struct stw_opt stw_opts_lineage[] = {
	{ "output", 'o', "FILE", "write the merged inventory to FILE (default: standard output)" },
	{ "quiet", 'q', NULL, "print errors only" },
	{ NULL, 0, NULL, NULL }
};

struct lineage_args {
	const char *output;
	int quiet;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct lineage_args *a = payload;

	if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "quiet") == 0)
		a->quiet = 1;
	return STW_OK;
}

static int
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Does inv hold an edge equal to e (kind, both ends)? */
static int
has_edge(const struct stw_inventory *inv, const struct stw_edge *e)
{
	for (size_t i = 0; i < inv->nlineage; i++) {
		const struct stw_edge *g = inv->lineage[i];

		if (str_eq(g->kind, e->kind) && stw_endpoint_same(&g->from, &e->from) &&
		    stw_endpoint_same(&g->to, &e->to))
			return 1;
	}
	return 0;
}

/* Moves src's sources and edges into dst; src is left empty (freed by the
 * caller).  A source name twice is an error: names key every output. */
static int
merge_into(struct stw_inventory *dst, struct stw_inventory *src, const char *dst_name,
    const char *src_name, struct stw_err *err)
{
	for (size_t i = 0; i < src->nsources; i++)
		if (stw_inventory_find_source(dst, src->sources[i]->name) != NULL)
			return stw_error(err, STW_EUSAGE, "source '%s' is in %s and in %s: scan it once, "
			    "or give the sources distinct names (sources: name: in steward.yaml)",
			    src->sources[i]->name, dst_name, src_name);
	for (size_t i = 0; i < src->nsources; i++) {
		stw_grow(&dst->sources, &dst->asources, dst->nsources, sizeof(*dst->sources));
		dst->sources[dst->nsources++] = src->sources[i];
	}
	src->nsources = 0;
	for (size_t i = 0; i < src->nlineage; i++) {
		if (has_edge(dst, src->lineage[i])) {
			/* freed with src */
			continue;
		}
		stw_grow(&dst->lineage, &dst->alineage, dst->nlineage, sizeof(*dst->lineage));
		dst->lineage[dst->nlineage++] = src->lineage[i];
		src->lineage[i] = NULL;
	}
	{
		/* compact what stays behind, for stw_inventory_free() */
		size_t w = 0;
		for (size_t i = 0; i < src->nlineage; i++)
			if (src->lineage[i] != NULL)
				src->lineage[w++] = src->lineage[i];
		src->nlineage = w;
	}
	return STW_OK;
}

static int
infer(struct lineage_args *a, const struct stw_strv *files)
{
	struct stw_inventory *merged = NULL;
	struct stw_err err = STW_ERR_INIT;
	const char *keyed = NULL;            /* the first file with fingerprints */
	size_t added = 0;

	if (files->n == 0)
		return STW_EXIT_USAGE;
	int code = STW_EXIT_USAGE;

	for (size_t i = 0; i < files->n; i++) {
		struct stw_inventory *inv = NULL;

		if (stw_inventory_load(&inv, files->v[i], &err) != STW_OK) {
			stw_cli_error("%s", err.msg);
			goto out;
		}
		if (inv->fp_key_id == NULL) {
			if (!a->quiet)
				stw_cli_warn("%s has no fingerprints (scanned with --no-fingerprints, "
				    "--sample 0, or an older steward): its columns are merged but not "
				    "compared", files->v[i]);
		} else if (merged != NULL && merged->fp_key_id != NULL &&
		    strcmp(merged->fp_key_id, inv->fp_key_id) != 0) {
			int random = strcmp(inv->fp_key_origin, "random") == 0 ||
			    strcmp(merged->fp_key_origin, "random") == 0;

			stw_cli_error("%s and %s were fingerprinted with different keys%s: scan both "
			    "with the same fingerprints.key (or STEWARD_FINGERPRINT_KEY)", keyed,
			    files->v[i], random ? " (a scan without a key draws one for that run only)"
			    : "");
			stw_inventory_free(inv);
			goto out;
		}
		if (merged == NULL) {
			merged = inv;
			if (inv->fp_key_id != NULL)
				keyed = files->v[i];
			continue;
		}
		if (merged->fp_key_id == NULL && inv->fp_key_id != NULL) {
			merged->fp_key_id = stw_strdup(inv->fp_key_id);
			merged->fp_key_origin = stw_strdup(inv->fp_key_origin);
			keyed = files->v[i];
		}
		if (merge_into(merged, inv, files->v[0], files->v[i], &err) != STW_OK) {
			stw_cli_error("%s", err.msg);
			stw_inventory_free(inv);
			goto out;
		}
		stw_inventory_free(inv);
	}
	/* Sketch edges are computed again over everything; join edges came
	 * from the databases and stay. */
	stw_infer_drop_sketch_edges(merged);
	if (stw_infer_sketches(merged, &added, &err) != STW_OK ||
	    stw_lineage_propagate(merged, &err) != STW_OK) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	stw_inventory_sort(merged);
	if (!a->quiet)
		fprintf(stderr, "steward: %zu inventories, %zu sources: %zu copies found by sketch\n",
		    files->n, merged->nsources, added);
	if (a->output == NULL || strcmp(a->output, "-") == 0) {
		if (stw_inventory_dump(merged, stdout) != 0 || fflush(stdout) != 0) {
			stw_cli_error("cannot write to standard output");
			goto out;
		}
	} else if (stw_inventory_write(merged, a->output, &err) != STW_OK) {
		stw_cli_error("%s", err.msg);
		goto out;
	}
	code = STW_EXIT_OK;
out:
	stw_inventory_free(merged);
	return code;
}

int
stw_cmd_lineage(int argc, char **argv)
{
	struct lineage_args a = { NULL, 0 };
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_strv files = STW_STRV_INIT;
	int help = 0, code = STW_EXIT_USAGE;

	if (stw_cli_parse(argc, argv, "lineage", stw_opts_lineage, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward lineage infer INVENTORY... [-o FILE]",
		    "Finds copies of personal data across inventories, from the column\n"
		    "fingerprints each scan kept: the inventories are merged (sources must have\n"
		    "distinct names, and every scan the same fingerprints.key), every pair of\n"
		    "fingerprinted columns is compared, copies become 'inferred' edges with the\n"
		    "share of values found, categories are carried along them, and one inventory\n"
		    "is written that map, report and check read as usual.  No database is read.\n\n"
		    "Exit: 0 written, 2 bad arguments or input (a source in two inventories,\n"
		    "fingerprints made with different keys).", stw_opts_lineage);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n < 1 || strcmp(pos.v[0], "infer") != 0) {
		stw_cli_error("lineage: expected 'infer' and inventories; see 'steward lineage --help'");
		goto out;
	}
	if (pos.n < 2) {
		stw_cli_error("lineage infer: expected at least one inventory");
		goto out;
	}
	for (size_t i = 1; i < pos.n; i++)
		stw_strv_push(&files, pos.v[i]);
	code = infer(&a, &files);
out:
	stw_strv_clear(&pos);
	stw_strv_clear(&files);
	return code;
}
