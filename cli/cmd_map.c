/*
 * steward map: draw an inventory's lineage map with Graphviz (SVG, PNG,
 * PDF or DOT).  All the work is in output/map.c; this parses, calls and
 * maps results to exit codes.  Tables with an open policy violation are
 * marked: the same violations `steward report` lists (cli/marks.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "marks.h"
#include "output/map.h"
#include "scanner/inventory.h"

const struct stw_opt stw_opts_map[] = {
	{ "output", 'o', "FILE", "write the map to FILE (default: standard output, svg or dot only)" },
	{ "format", 'f', "FORMAT", "svg, png, pdf or dot (default: from -o's extension, else svg)" },
	{ "level", 0, "LEVEL", "table (default): tables with their personal columns; column: "
	    "edges between columns" },
	{ "focus", 0, "NAME", "only SOURCE.SCHEMA.TABLE[.COLUMN] and what flows into and out of it" },
	{ "depth", 0, "N", "hops up- and downstream of --focus (default 2)" },
	{ "split", 0, "schema", "one map per schema into the directory -o DIR names, with an "
	    "index.html; flows to other schemas end at a stub" },
	{ "max-tables", 0, "N", "draw at most N tables, the most sensitive (violations first); "
	    "the title says how many more there are" },
	{ "collapse", 0, "WHEN", "one node per schema for tables without personal data and for "
	    "tables of persons' keys only: auto (more than 40 tables), yes, no" },
	{ "category", 0, "CAT", "only the flows of one data category (prefix, e.g. user.contact)" },
	{ "only-sensitive", 0, NULL, "only tables holding personal data, and edges between them" },
	{ "color-by", 0, "WHAT", "colour table headers by sensitivity (default) or subject "
	  "(people, events about people, organisations, reference data)" },
	{ "config", 'c', "FILE", "read steward.yaml: mark the tables its policy finds violations in" },
	{ "approvals", 'a', "FILE", "read approvals from FILE (repeatable; adds to steward.yaml's)" },
	{ "no-violations", 0, NULL, "do not mark tables with policy violations" },
	{ NULL, 0, NULL, NULL }
};

struct map_args {
	const char *output;
	const char *format;
	const char *config;
	struct stw_strv approvals;
	int no_violations;
	struct stw_map_opts mo;
	int split;
};

static int
on_opt(const struct stw_opt *o, const char *v, void *payload)
{
	struct map_args *a = payload;
	long long n;

	if (strcmp(o->lname, "output") == 0)
		a->output = v;
	else if (strcmp(o->lname, "format") == 0) {
		if (!stw_map_format_known(v)) {
			stw_cli_error("map: --format: unknown format '%s': use svg, png, pdf or dot", v);
			return STW_EUSAGE;
		}
		a->format = v;
	} else if (strcmp(o->lname, "level") == 0) {
		if (stw_map_level_parse(&a->mo.level, v) != STW_OK) {
			stw_cli_error("map: --level: unknown level '%s': use table or column", v);
			return STW_EUSAGE;
		}
	} else if (strcmp(o->lname, "focus") == 0)
		a->mo.focus = v;
	else if (strcmp(o->lname, "depth") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		if (n > 100) {
			stw_cli_error("map: --depth: expected 0 to 100, got '%s'", v);
			return STW_EUSAGE;
		}
		a->mo.depth = (int)n;
	} else if (strcmp(o->lname, "split") == 0) {
		if (strcmp(v, "schema") != 0) {
			stw_cli_error("map: --split: expected 'schema', got '%s'", v);
			return STW_EUSAGE;
		}
		a->split = 1;
	} else if (strcmp(o->lname, "max-tables") == 0) {
		if (stw_cli_int(&n, o->lname, v) != STW_OK)
			return STW_EUSAGE;
		if (n < 1 || n > 100000) {
			stw_cli_error("map: --max-tables: expected 1 to 100000, got '%s'", v);
			return STW_EUSAGE;
		}
		a->mo.max_tables = (int)n;
	} else if (strcmp(o->lname, "collapse") == 0) {
		if (strcmp(v, "auto") == 0)
			a->mo.collapse = -1;
		else if (strcmp(v, "yes") == 0)
			a->mo.collapse = 1;
		else if (strcmp(v, "no") == 0)
			a->mo.collapse = 0;
		else {
			stw_cli_error("map: --collapse: expected auto, yes or no, got '%s'", v);
			return STW_EUSAGE;
		}
	} else if (strcmp(o->lname, "category") == 0) {
		if (*v == '\0') {
			stw_cli_error("map: --category: expected a category, got ''");
			return STW_EUSAGE;
		}
		a->mo.category = v;
	} else if (strcmp(o->lname, "only-sensitive") == 0) {
		a->mo.only_sensitive = 1;
	} else if (strcmp(o->lname, "color-by") == 0) {
		if (stw_map_colour_parse(&a->mo.colour_by, v) != STW_OK) {
			stw_cli_error("map: --color-by: expected sensitivity or subject, got '%s'", v);
			return STW_EUSAGE;
		}
	}
	else if (strcmp(o->lname, "config") == 0)
		a->config = v;
	else if (strcmp(o->lname, "approvals") == 0)
		stw_strv_push(&a->approvals, v);
	else if (strcmp(o->lname, "no-violations") == 0)
		a->no_violations = 1;
	return STW_OK;
}

/* A file name from a source and schema name: letters, digits, '.', '-'
 * and '_' kept, anything else '_'. */
static char *
page_file(const char *source, const char *schema, const char *format, size_t n)
{
	char *f = n ? stw_asprintf("%s.%s-%zu.%s", source, schema, n, format)
	    : stw_asprintf("%s.%s.%s", source, schema, format);

	for (char *p = f; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	return f;
}

static void
html_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* --split schema: a map per schema into the directory a->output, and an
 * index.html that links them. */
static int
split_pages(const struct stw_inventory *inv, struct map_args *a, struct stw_err *err)
{
	struct stw_strv pages = STW_STRV_INIT, files = STW_STRV_INIT;
	char *index = NULL;
	FILE *f = NULL;
	int rc;

	if (a->mo.focus != NULL)
		return stw_error(err, STW_EUSAGE, "--split schema draws every schema: leave out --focus");
	if (strcmp(a->format, "dot") == 0)
		a->format = "svg";
	if ((rc = stw_map_pages(&pages, inv, &a->mo, err)) != STW_OK)
		return rc;
	if (mkdir(a->output, 0777) != 0 && errno != EEXIST) {
		rc = stw_error(err, STW_EUSAGE, "cannot make the directory '%s': %s", a->output,
		    strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < pages.n && rc == STW_OK; i++) {
		char *sep = strchr(pages.v[i], '\x1f'), *file, *path;
		struct stw_map_opts mo = a->mo;

		*sep = '\0';
		mo.page_source = pages.v[i];
		mo.page_schema = sep + 1;
		file = page_file(mo.page_source, mo.page_schema, a->format, 0);
		for (size_t k = 1; stw_strv_has(&files, file); k++) {
			free(file);
			file = page_file(mo.page_source, mo.page_schema, a->format, k);
		}
		stw_strv_push(&files, file);
		path = stw_asprintf("%s/%s", a->output, file);
		rc = stw_map_render(inv, &mo, a->format, path, NULL, err);
		free(path);
		free(file);
	}
	if (rc != STW_OK)
		goto out;
	index = stw_asprintf("%s/index.html", a->output);
	if ((f = fopen(index, "wb")) == NULL) {
		rc = stw_error(err, STW_EUSAGE, "cannot write '%s': %s", index, strerror(errno));
		goto out;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lineage maps"
	    "</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:24px 32px;color:#1d2330}"
	    "a{color:#1d4f91}</style></head><body><h1>Lineage maps, one per schema</h1>\n<ul>\n", f);
	for (size_t i = 0; i < pages.n; i++) {
		fputs("<li><a href=\"", f);
		html_text(f, files.v[i]);
		fputs("\">", f);
		html_text(f, pages.v[i]);
		fputs(" · ", f);
		html_text(f, pages.v[i] + strlen(pages.v[i]) + 1);
		fputs("</a></li>\n", f);
	}
	fputs("</ul>\n<p>Flows into or out of a schema end at a dashed stub naming the table on the "
	    "other page. Made by steward map --split schema.</p></body></html>\n", f);
	if (fclose(f) != 0)
		rc = stw_error(err, STW_ERROR, "cannot write '%s': %s", index, strerror(errno));
	else
		fprintf(stderr, "steward: %zu schema map%s and index.html in %s\n", pages.n,
		    pages.n == 1 ? "" : "s", a->output);
out:
	free(index);
	stw_strv_clear(&pages);
	stw_strv_clear(&files);
	return rc;
}

/* "map.svg" -> "svg"; NULL when the extension is not a known format. */
static const char *
format_of_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return NULL;
	return stw_map_format_known(dot + 1) ? dot + 1 : NULL;
}

int
stw_cmd_map(int argc, char **argv)
{
	struct map_args a;
	struct stw_strv pos = STW_STRV_INIT;
	struct stw_err err = STW_ERR_INIT;
	struct stw_inventory *inv = NULL;
	struct stw_config *cfg = NULL;
	struct stw_cli_marks marks;
	int help = 0, rc, code = STW_EXIT_USAGE, depth_set;

	memset(&a, 0, sizeof(a));
	memset(&marks, 0, sizeof(marks));
	stw_map_opts_init(&a.mo);
	a.mo.depth = -1;
	if (stw_cli_parse(argc, argv, "map", stw_opts_map, on_opt, &a, &pos, &help) != STW_OK)
		goto out;
	if (help) {
		stw_cli_usage(stdout, "steward map INVENTORY [-o FILE] [--format svg|png|pdf|dot] "
		    "[--level table|column]\n                   [--focus SOURCE.SCHEMA.TABLE[.COLUMN]] "
		    "[--depth N] [--category CAT] [--only-sensitive]\n"
		    "                   [--color-by sensitivity|subject]\n"
		    "                   [-c steward.yaml] [-a APPROVALS] [--no-violations]",
		    "Draws the lineage map of an inventory with Graphviz: a cluster per source and\n"
		    "schema, tables listing their personal columns and categories, coloured (and\n"
		    "marked [special], [high], [personal], [quasi]) by their highest sensitivity,\n"
		    "edges styled by lineage kind, and a legend. Tables with an open policy\n"
		    "violation (the ones `steward report` lists with the same -c and -a; retention\n"
		    "measured at scan time needs no -c) get a red border and [violation].\n"
		    "--color-by subject colours table headers by whose rows they hold instead\n"
		    "(people, events about people, organisations, reference data).\n"
		    "See docs/map.md.", stw_opts_map);
		code = STW_EXIT_OK;
		goto out;
	}
	if (pos.n != 1) {
		if (pos.n == 0)
			stw_cli_error("map: missing INVENTORY; see 'steward map --help'");
		else
			stw_cli_error("map: expected one INVENTORY, got %zu arguments; see "
			    "'steward map --help'", pos.n);
		goto out;
	}
	depth_set = a.mo.depth >= 0;
	if (!depth_set)
		a.mo.depth = 2;
	if (depth_set && a.mo.focus == NULL) {
		stw_cli_error("map: --depth needs --focus");
		goto out;
	}
	if (a.split && a.output == NULL) {
		stw_cli_error("map: --split schema writes a directory: give -o DIR");
		goto out;
	}
	if (a.format == NULL && a.output != NULL && !a.split &&
	    (a.format = format_of_path(a.output)) == NULL) {
		stw_cli_error("map: cannot tell the format of '%s': give --format svg, png, pdf or dot",
		    a.output);
		goto out;
	}
	if (a.format == NULL)
		a.format = "svg";
	if (a.output == NULL && (strcmp(a.format, "png") == 0 || strcmp(a.format, "pdf") == 0)) {
		stw_cli_error("map: %s is binary: give -o FILE", a.format);
		goto out;
	}
	if ((rc = stw_inventory_load_flags(&inv, pos.v[0], STW_LOAD_NO_SKETCHES, &err)) != STW_OK ||
	    (rc = stw_cli_config_load(&cfg, a.config, &a.approvals, &err)) != STW_OK) {
		stw_cli_error("map: %s", err.msg);
		code = stw_cli_exit_code(rc);
		goto out;
	}
	if (!a.no_violations) {
		if ((rc = stw_cli_marks_build(&marks, inv, cfg, &err)) != STW_OK) {
			stw_cli_error("map: %s", err.msg);
			code = stw_cli_exit_code(rc);
			goto out;
		}
		a.mo.violations = &marks.open;
	}
	if (a.split)
		rc = split_pages(inv, &a, &err);
	else
		rc = stw_map_render(inv, &a.mo, a.format, a.output, a.output ? NULL : stdout, &err);
	if (rc != STW_OK) {
		stw_cli_error("map: %s", err.msg);
		/* A Graphviz failure is not the user's input: still exit 2,
		 * since no source was scanned here (exit 3 means a source). */
		code = rc == STW_ERROR ? STW_EXIT_USAGE : stw_cli_exit_code(rc);
		goto out;
	}
	code = STW_EXIT_OK;
out:
	stw_cli_marks_release(&marks);
	stw_config_free(cfg);
	stw_inventory_free(inv);
	stw_strv_clear(&pos);
	stw_strv_clear(&a.approvals);
	return code;
}
