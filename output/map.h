/*
 * The lineage map: a Graphviz graph (cgraph) of an inventory's tables and
 * lineage edges, laid out and rendered with gvc (`steward map`,
 * docs/map.md).  Clusters per source and schema, table nodes listing their
 * personal columns with categories, colour (and a text marker) by highest
 * sensitivity, edge style per lineage kind, a legend.  Filters: --focus with
 * --depth, --category, --only-sensitive, and table or column level.
 *
 * A pure function of the inventory: no database.  Nothing here prints; the
 * output goes to a file, a stream or a string.
 */
#ifndef STW_MAP_H
#define STW_MAP_H

#include <stdio.h>

#include "output/policy.h"
#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_map_level { STW_MAP_TABLE = 0, STW_MAP_COLUMN = 1 };
/* What a table's header colour says: its highest sensitivity (default),
 * or whose rows it holds (docs/subjects.md). */
enum stw_map_colour { STW_MAP_BY_SENSITIVITY = 0, STW_MAP_BY_SUBJECT = 1 };

struct stw_map_opts {
	enum stw_map_level level;
	const char *focus;             /* SOURCE.SCHEMA.TABLE[.COLUMN], or NULL for all */
	int depth;                     /* hops up- and downstream of focus (default 2) */
	const char *category;          /* only flows of this category (prefix), or NULL */
	int only_sensitive;            /* only tables with findings, and edges between them */
	const struct stw_policy_result *violations; /* tables to mark, or NULL (borrowed) */
	const char *title;             /* graph label, or NULL */
	enum stw_map_colour colour_by; /* table headers by sensitivity or by subject */
	int max_tables;                /* draw at most this many tables, the most sensitive; 0 = all */
	const char *page_source;       /* with page_schema: one page of --split schema: that */
	const char *page_schema;       /* schema's tables, neighbours elsewhere as stubs; or NULL */
	int collapse;                  /* 1: per schema, tables without personal data and tables
	                                  holding only persons' keys as one node each; 0: never;
	                                  -1 (default): when more than 40 tables are drawn */
};

void stw_map_opts_init(struct stw_map_opts *o);

/* Parses "sensitivity"/"subject". STW_EUSAGE otherwise. */
int stw_map_colour_parse(enum stw_map_colour *out, const char *s);
/* Parses "table"/"column". STW_EUSAGE otherwise. */
int stw_map_level_parse(enum stw_map_level *out, const char *s);
/* 1 for the formats stw_map_render knows: svg, png, pdf, dot. */
int stw_map_format_known(const char *format);

/* The map as DOT text (not laid out), into *out (caller frees).
 * STW_ENOTFOUND when opts->focus names no table or column;
 * STW_ERROR when Graphviz fails. */
int stw_map_dot(char **out, const struct stw_inventory *inv, const struct stw_map_opts *opts,
    struct stw_err *err);

/* Lays out (dot) and renders the map as format ("svg", "png", "pdf" or
 * "dot": DOT text without layout) into path, or into stream when path is
 * NULL.  Every Graphviz result is checked. */
int stw_map_render(const struct stw_inventory *inv, const struct stw_map_opts *opts,
    const char *format, const char *path, FILE *stream, struct stw_err *err);

/* The (source, schema) pairs holding tables the map would draw, for
 * --split schema: "source\x1fschema" strings into out, in inventory order. */
int stw_map_pages(struct stw_strv *out, const struct stw_inventory *inv,
    const struct stw_map_opts *opts, struct stw_err *err);

/* How many table nodes and lineage edges the map would draw (no legend):
 * for tests and for the CLI's summary line. */
int stw_map_count(size_t *nodes, size_t *edges, const struct stw_inventory *inv,
    const struct stw_map_opts *opts, struct stw_err *err);

/* The Graphviz library version (gvc), for steward --version. */
const char *stw_map_graphviz_version(void);

#endif
