/*
 * The inventory: what a scan found, and the one artifact every other command
 * reads (docs/inventory.md, docs/inventory.schema.json).  It holds facts,
 * never raw sampled values.
 *
 * Ownership: an inventory owns everything reachable from it (sources, tables,
 * columns, findings, edges and every string in them).  stw_inventory_free()
 * releases all of it.  The stw_*_add() functions return a new zeroed child
 * that the parent owns; the pointer stays valid until the inventory is freed
 * (children are kept in arrays of pointers, so growing a list never moves
 * an existing child).  All char * fields are heap strings owned by their
 * struct, or NULL, but for the names a child is made with -- a table's
 * schema, name and kind, a column's name and type, a finding's rule and
 * category, an edge's ends, kind and evidence: those share the child's own allocation, and are never
 * freed or replaced on their own.
 */
#ifndef STW_INVENTORY_H
#define STW_INVENTORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "fprint.h"
#include "util.h"

#define STW_INVENTORY_FORMAT "steward.inventory"
#define STW_INVENTORY_VERSION 2
/* The oldest version the reader still takes (docs/inventory.md "Versions"). */
#define STW_INVENTORY_VERSION_MIN 1

/* Sensitivity levels, ordered: a higher value is more sensitive.  The
 * numbers are the model's own (the JSON carries names): "linked" was
 * inserted below "quasi" in inventory version 2. */
enum stw_sensitivity {
	STW_SENS_NONE = 0,
	STW_SENS_LINKED = 1,     /* personal only through its row's subject (docs/subjects.md) */
	STW_SENS_QUASI = 2,
	STW_SENS_PERSONAL = 3,
	STW_SENS_HIGH = 4,
	STW_SENS_SPECIAL = 5
};
const char *stw_sensitivity_name(enum stw_sensitivity s);       /* "quasi", ... */
int stw_sensitivity_parse(enum stw_sensitivity *out, const char *s); /* 0 or STW_EUSAGE */

/* How a finding was made. */
enum stw_evidence {
	STW_EVID_NAME = 1,       /* the column name matched */
	STW_EVID_VALUE = 2,      /* sampled values matched */
	STW_EVID_BOTH = 3,       /* name+value */
	STW_EVID_INHERITED = 4,  /* derived from an upstream column along lineage */
	STW_EVID_SUBJECT = 5,    /* its table's subject: a person's key, or an attribute of a row about a person */
	STW_EVID_FK = 6,         /* a foreign key to a column that identifies a person */
	STW_EVID_DECLARED = 7    /* a council declared it (a Fides dataset read back) */
};
const char *stw_evidence_name(enum stw_evidence e);
int stw_evidence_parse(enum stw_evidence *out, const char *s);

struct stw_finding {
	char *rule;                      /* rule id, e.g. "email" */
	char *category;                  /* fideslang category */
	enum stw_sensitivity sensitivity;
	enum stw_evidence evidence;
	double confidence;               /* 0..1 */
	long long matched;               /* sampled non-null values that matched */
	long long sampled;               /* sampled non-null values looked at */
	char *example;                   /* masked example (--show-examples) or NULL */
	char *inherited_from;            /* inherited: the origin column; fk: the referenced column
	                                    ("src.schema.table.column") */
	char *path;                      /* for inherited: lineage path as text, or NULL */
	char *note;                      /* why, in plain language (subject, fk, business contact), or NULL;
	                                    a shared note (stw_note_*), never free()d as such */
};

/* A finding the subject logic or a council decision took back: kept so
 * that `steward explain` can say what matched and why it does not count. */
struct stw_dismissed {
	char *rule;
	char *category;
	char *reason;                    /* plain language */
};

/* A decision from steward.yaml (not_personal:) that sticks to a column. */
struct stw_decision {
	char *reason;                    /* as written in the configuration */
	char *decided_by;                /* or NULL */
	char *at;                        /* "steward.yaml:LINE:COL" of the entry, or NULL */
};

struct stw_column {
	char *name;
	char *type;                      /* engine's declared type, as text */
	char *comment;                   /* catalog comment or NULL */
	struct stw_finding **findings;
	uint32_t nfindings, afindings;
	struct stw_dismissed **dismissed;
	uint32_t ndismissed, adismissed;
	struct stw_decision *decision;   /* not_personal: a council's decision, or NULL */
	struct stw_fprint *fp;           /* keyed sketch of the sampled values (fprint.h), or NULL */
	unsigned char nullable;          /* 1 = NULL allowed */
	unsigned char primary_key;       /* 1 = part of the primary key */
};

struct stw_fkey {
	char *name;                      /* constraint name or NULL */
	struct stw_strv columns;         /* local columns, in order */
	char *ref_schema;                /* referenced table */
	char *ref_table;
	struct stw_strv ref_columns;     /* referenced columns, same order */
};

struct stw_trigger {
	char *name;
	char *timing;                    /* "BEFORE", "AFTER", "INSTEAD OF" or NULL */
	char *event;                     /* "INSERT", "UPDATE", "DELETE", combos, or NULL */
	char *definition;                /* trigger SQL (or function body on PostgreSQL) */
};

struct stw_retention {
	int present;                     /* 0 = no retention block */
	char *category;                  /* the category whose limit applies */
	char *anchor;                    /* anchor column, NULL when unverifiable */
	long long limit_days;
	long long rows_over_limit;       /* -1 = unknown */
	char *oldest;                    /* oldest anchor value (ISO 8601) or NULL */
	int exact;                       /* 1 = counted, 0 = estimated */
	char *note;                      /* e.g. "no anchor column", or NULL */
};

/* How a table's findings were obtained. */
enum stw_classified_by {
	STW_BY_NAMES = 0,                /* column names only (--sample 0, or no rows could be read) */
	STW_BY_SAMPLED = 1,              /* names and sampled values */
	STW_BY_LINEAGE = 2               /* a view not run: names and what its source columns hold */
};
const char *stw_classified_by_name(enum stw_classified_by b);   /* "names", ... */
int stw_classified_by_parse(enum stw_classified_by *out, const char *s);

/* Whose rows a table holds (docs/subjects.md). */
enum stw_subject_kind {
	STW_SUBJ_UNKNOWN = 0,
	STW_SUBJ_PERSON = 1,             /* its rows are natural persons */
	STW_SUBJ_PERSON_EVENT = 2,       /* its rows are about one person */
	STW_SUBJ_ORGANISATION = 3,       /* organisations and their parts */
	STW_SUBJ_REFERENCE = 4           /* things, codes, lookups, system data */
};
const char *stw_subject_name(enum stw_subject_kind k);      /* "person", ... */
int stw_subject_parse(enum stw_subject_kind *out, const char *s); /* 0 or STW_EUSAGE */

struct stw_subject {
	enum stw_subject_kind kind;
	int configured;                  /* 1 = set by subjects: in steward.yaml */
	double confidence;               /* 0..1; 0 with kind unknown */
	struct stw_strv evidence;        /* plain-language reasons, strongest first */
};

/* Re-identification risk of a table's quasi-identifiers (docs/pia.md):
 * counts of equivalence classes over the quasi-identifier columns, never
 * a value or a class's key. */
struct stw_reid_level {
	char *label;                     /* "as stored", "birth_date -> year", ... */
	long long classes;               /* distinct combinations */
	long long unique_rows;           /* rows alone in their class */
	long long k;                     /* the smallest class */
	long long rows_below_k;          /* rows in classes smaller than the target k */
};
struct stw_reid {
	int present;
	struct stw_strv quasi;           /* the quasi-identifier columns */
	struct stw_strv sensitive;       /* special-category columns (l-diversity) */
	long long rows;                  /* rows measured */
	long long rows_limit;            /* at most this many were read */
	int exact;                       /* 1 = every row of the table was measured */
	long long target_k;              /* the k a release should reach (5) */
	struct stw_reid_level level;     /* as stored */
	long long l;                     /* smallest distinct sensitive values in a class; -1 n/a */
	struct stw_reid_level **gens;    /* generalisations, in the order tried */
	size_t ngens, agens;
	char *error;                     /* the measure failed (timeout...), or NULL */
};

/* Who holds a read privilege on a table (docs/pia.md "Who can read"). */
struct stw_grant {
	char *grantee;                   /* role, 'user'@'host', or PUBLIC */
	char *privilege;                 /* SELECT, UPDATE, ... */
	char *scope;                     /* table|columns|database|global */
	struct stw_strv columns;         /* with scope columns */
};
struct stw_table_access {
	int present;
	int rls;                         /* row level security: 1 on, 0 off, -1 n/a */
	char *owner;                     /* NULL when the engine has none (MySQL) */
	struct stw_strv policies;        /* "name: command to roles" */
	struct stw_grant **grants;
	uint32_t ngrants, agrants;
};

struct stw_table {
	char *schema;                    /* "main" on SQLite, database name on MySQL */
	char *name;
	char *kind;                      /* table|view|materialized_view|partitioned_table|partition|foreign_table */
	char *comment;
	long long rows_estimate;         /* -1 = unknown */
	long long rows_sampled;          /* -1 = not sampled */
	char *sample_method;             /* "full", "tablesample", "pk_range", ... or NULL */
	struct stw_strv purposes;
	struct stw_column **columns;
	uint32_t ncolumns, acolumns;
	struct stw_fkey **fkeys;
	uint32_t nfkeys, afkeys;
	struct stw_trigger **triggers;
	uint32_t ntriggers, atriggers;
	char *definition;                /* view SQL (not data), or NULL */
	char *parent_schema, *parent;    /* a partition's parent table (kind partition), else NULL */
	char *error;                     /* per-table problem (e.g. no SELECT privilege) or NULL */
	struct stw_retention *retention; /* NULL: no limit applies (read it with stw_table_retention) */
	struct stw_subject subject;
	enum stw_classified_by classified_by;
	struct stw_reid *reid;           /* NULL: not measured (most tables; allocated when it is) */
	struct stw_table_access access;
};

/* A partition of a partitioned table (kind "partition"): listed, with the
 * parent's findings along a "partition" edge, but counted once, in its
 * parent, by retention, policy, reports, maps and check. */
int stw_table_is_partition(const struct stw_table *t);

enum stw_source_status { STW_SRC_OK = 0, STW_SRC_PARTIAL = 1, STW_SRC_ERROR = 2 };
const char *stw_source_status_name(enum stw_source_status s);

/* What view lineage could see through in one source (docs/lineage.md). */
struct stw_lineage_summary {
	long long views;                 /* views and materialized views */
	long long column_level;          /* resolved at column level */
	long long table_level;           /* SQL not understood: table-level edges only */
	long long failed;                /* no SQL at all: no edge */
	struct stw_strv problems;        /* "schema.view: reason", one per view not at column level */
};

/* A role or account of a server (docs/pia.md). */
struct stw_principal {
	char *name;                      /* role, 'user'@'host', or PUBLIC */
	int login;                       /* can log in */
	int superuser;                   /* reads everything, whatever the grants */
	int bypass_rls;                  /* row level security does not apply */
	int wildcard;                    /* PUBLIC, an anonymous account, or a '%' host */
	struct stw_strv member_of;       /* every role it inherits, closure */
};
/* What the scan learnt about access to a source, from its catalogs. */
struct stw_source_access {
	int present;
	int complete;                    /* 0: some catalogs could not be read */
	struct stw_strv problems;        /* the missing privileges, one line each */
	struct stw_principal **principals;
	size_t nprincipals, aprincipals;
	struct stw_strv default_privileges;  /* "owner in schema: privilege on objects to grantee" */
	char *logging;                   /* pgaudit|log_statement|server_audit|general_log|none, or NULL */
	char *logging_evidence;          /* the settings that decided it */
	/* SQLite: the database file */
	char *file_owner;                /* user name or uid */
	char *file_group;
	char *file_mode;                 /* "0644" */
};

struct stw_source {
	char *name;                      /* short name used in outputs */
	char *engine;                    /* "postgres", "mysql", "sqlite" */
	char *server_version;
	char *dsn;                       /* redacted: never holds a password */
	enum stw_source_status status;
	struct stw_strv errors;          /* one line each, redacted */
	struct stw_table **tables;
	size_t ntables, atables;
	struct stw_lineage_summary lineage;
	struct stw_source_access access;
	/* Private to stw_source_find_table(): a hash of (schema, name), built
	 * on the first lookup and again when tables were added or dropped. */
	size_t *table_slots;             /* table index + 1, 0 = empty */
	size_t nslots, slots_for;        /* slots_for: ntables when built */
};

struct stw_endpoint {
	char *source, *schema, *table;
	char *column;                    /* NULL for table-level edges */
};

/* What an inferred edge rests on (docs/lineage.md "Inferred copies"). */
struct stw_inference {
	int present;
	char *method;                    /* "join" (rows matched along a key) or "sketch" */
	double rate;                     /* join: equal pairs / pairs; sketch: containment of to in from */
	long long compared;              /* pairs (join) or hashes (sketch) compared */
	double confidence;               /* 95 % Wilson lower bound of the rate */
};

struct stw_edge {
	struct stw_endpoint from, to;
	char *kind;                      /* fk|view|materialized_view|trigger|declared|inferred */
	char *evidence;                  /* how it was found, human-readable */
	struct stw_inference inference;  /* kind inferred */
};

struct stw_inventory {
	char *generated_at;              /* ISO 8601 UTC */
	char *as_of;                     /* "YYYY-MM-DD": the date retention was measured against, or NULL */
	char *tool_name;
	char *tool_version;
	struct stw_source **sources;
	size_t nsources, asources;
	struct stw_edge **lineage;
	size_t nlineage, alineage;
	/* Fingerprints: how they were keyed (the key itself is never kept). */
	char *fp_key_origin;             /* "config", "environment", "random", or NULL: none */
	char *fp_key_id;                 /* 16 hex digits; equal ids = comparable sketches */
	/* Where the scan's spooled sketches are (fprint.h), or NULL: owned,
	 * closed by stw_inventory_free.  A spooled sketch is read through
	 * stw_fp_view(inv->fp_spool, ...). */
	struct stw_fp_spool *fp_spool;
	/* Private to stw_inventory_edges_at(): for each end (0 from, 1 to),
	 * edges ordered by a hash of (source, table), built on first use.
	 * Whoever changes lineage other than through stw_inventory_add_edge,
	 * _drop_edges or _sort bumps lineage_gen. */
	unsigned long lineage_gen;
	struct stw_edge_ix *edge_ix[2];
};

struct stw_inventory *stw_inventory_new(void);
void stw_inventory_free(struct stw_inventory *inv);

struct stw_source *stw_inventory_add_source(struct stw_inventory *inv, const char *name);
/* Frees one source and everything in it (one not, or no longer, held by an
 * inventory). */
void stw_source_free(struct stw_source *s);
struct stw_table *stw_source_add_table(struct stw_source *src, const char *schema, const char *name,
    const char *kind);
struct stw_column *stw_table_add_column(struct stw_table *t, const char *name, const char *type,
    int nullable);
struct stw_finding *stw_column_add_finding(struct stw_column *c, const char *rule,
    const char *category, enum stw_sensitivity sens);
/* Records that a finding does not count, and why (copies the strings). */
struct stw_dismissed *stw_column_add_dismissed(struct stw_column *c, const char *rule,
    const char *category, const char *reason);
/* A finding's note is shared by the findings that say the same thing (the
 * columns of one table "an attribute of a person: ..."): a count of
 * references before the text.  stw_note_take makes one of a malloc'd
 * string (and frees it), stw_note_ref adds a reference, stw_note_unref
 * drops one (NULL is no note). */
char *stw_note_take(char *text);
char *stw_note_ref(char *note);
void stw_note_unref(char *note);
/* The table's retention block; a static empty one (present 0) when it has
 * none.  stw_table_retain makes it (empty) when there is none. */
const struct stw_retention *stw_table_retention(const struct stw_table *t);
struct stw_retention *stw_table_retain(struct stw_table *t);
/* The column's decision, made (empty) when it has none. */
struct stw_decision *stw_column_decide(struct stw_column *c);
/* Removes (and frees) finding i of c, keeping the others in order. */
void stw_column_remove_finding(struct stw_column *c, size_t i);
/* The column's finding of that category, or NULL. */
struct stw_finding *stw_column_find_category(const struct stw_column *c, const char *category);
struct stw_fkey *stw_table_add_fkey(struct stw_table *t);
struct stw_reid_level *stw_reid_add_level(struct stw_reid *r, const char *label);
struct stw_grant *stw_table_add_grant(struct stw_table *t, const char *grantee,
    const char *privilege, const char *scope);
struct stw_principal *stw_source_add_principal(struct stw_source *s, const char *name);
struct stw_principal *stw_source_find_principal(const struct stw_source *s, const char *name);
struct stw_trigger *stw_table_add_trigger(struct stw_table *t, const char *name);
/* Adds an edge; column may be NULL on either side. */
struct stw_edge *stw_inventory_add_edge(struct stw_inventory *inv, const char *kind,
    const char *fsrc, const char *fschema, const char *ftable, const char *fcol,
    const char *tsrc, const char *tschema, const char *ttable, const char *tcol,
    const char *evidence);
/* Removes (and frees) every lineage edge for which keep() returns 0. */
void stw_inventory_drop_edges(struct stw_inventory *inv,
    int (*keep)(const struct stw_edge *e, void *payload), void *payload);
/* Removes (and frees) every table for which keep() returns 0. */
void stw_source_drop_tables(struct stw_source *src,
    int (*keep)(const struct stw_table *t, void *payload), void *payload);
/* Records a source-level error (message already redacted) and raises status. */
void stw_source_add_error(struct stw_source *src, enum stw_source_status at_least, const char *msg);

/* The edges that may start (end = STW_EDGE_FROM) or end (STW_EDGE_TO) at
 * table (source, schema, table), schema NULL only matching NULL: their
 * indexes in inv->lineage, in lineage order, through *idx (borrowed, valid
 * until lineage changes); returns how many.  Candidates only: equal hashes
 * of other names are possible, so callers still compare the endpoint.
 * Not thread-safe on its first call after a change. */
enum { STW_EDGE_FROM = 0, STW_EDGE_TO = 1 };
size_t stw_inventory_edges_at(const struct stw_inventory *inv, int end, const char *source,
    const char *schema, const char *table, const size_t **idx);

/* Lookups: borrowed pointers, NULL when absent. */
struct stw_source *stw_inventory_find_source(const struct stw_inventory *inv, const char *name);
/* stw_source_find_table is a hash lookup (100,000 tables are normal); its
 * index is built on the first call, so the first call after tables were
 * added or dropped must not race another lookup of the same source. */
struct stw_table *stw_source_find_table(const struct stw_source *src, const char *schema,
    const char *name);
struct stw_column *stw_table_find_column(const struct stw_table *t, const char *name);
/* The table an edge's end names (and its source in *src_out, when not
 * NULL), or NULL when the inventory does not hold it. */
struct stw_table *stw_inventory_endpoint_table(const struct stw_inventory *inv,
    const struct stw_endpoint *e, struct stw_source **src_out);

/* 1 for evidence that came from the column itself (name, value, both, declared). */
int stw_evidence_direct(enum stw_evidence e);

/* 1 when category is prefix or under it ("user.contact" holds
 * "user.contact.email", not "user.contactless"); 0 for a NULL category. */
int stw_category_under(const char *category, const char *prefix);
/* The column's most sensitive finding (the first of equals), or NULL. */
const struct stw_finding *stw_column_top_finding(const struct stw_column *c);
/* Highest sensitivity among a column's / table's findings. */
enum stw_sensitivity stw_column_max_sensitivity(const struct stw_column *c);
enum stw_sensitivity stw_table_max_sensitivity(const struct stw_table *t);

/* Sorts sources by name, tables by schema/name and lineage edges, so that
 * outputs are deterministic whatever order a parallel scan finished in.
 * Columns keep catalog order. */
void stw_inventory_sort(struct stw_inventory *inv);
/* The lineage edges alone, in the same order. */
void stw_inventory_sort_edges(struct stw_inventory *inv);
/* Sorts, then keeps one edge of each (kind, from, to): the first by
 * evidence. */
void stw_inventory_dedup_edges(struct stw_inventory *inv);

/* JSON (jansson) writer and reader: read(write(x)) == x. */
int stw_inventory_write(const struct stw_inventory *inv, const char *path, struct stw_err *err);
/* Returns a malloc'd JSON text (pretty, trailing newline), or NULL when a
 * spooled sketch cannot be read back. */
char *stw_inventory_to_json(const struct stw_inventory *inv);
/* Writes the same text to f without holding it in memory; 0, -1 (errno
 * set by the failing stdio call) or STW_DUMP_SPOOL (a spooled sketch could
 * not be read back; errno from the read).  What was written is cut short
 * either way. */
#define STW_DUMP_SPOOL (-2)
int stw_inventory_dump(const struct stw_inventory *inv, FILE *f);
/* The error for what stw_inventory_dump returned (rc, not 0), writing to
 * path (NULL: standard output); returns STW_ERROR.  Reads errno. */
int stw_inventory_dump_error(struct stw_err *err, int rc, const char *path);
int stw_inventory_load(struct stw_inventory **out, const char *path, struct stw_err *err);
/* The same, with STW_LOAD_* flags.  STW_LOAD_NO_SKETCHES checks each
 * column's sketch but does not keep it (c->fp stays NULL): for the
 * commands that never compare values (report, map, check, ...), a
 * fifth less memory on a large inventory. */
#define STW_LOAD_NO_SKETCHES 1u
int stw_inventory_load_flags(struct stw_inventory **out, const char *path, unsigned flags,
    struct stw_err *err);
int stw_inventory_from_json(struct stw_inventory **out, const char *text, size_t len,
    const char *name_for_errors, struct stw_err *err);

/* 1 when both name the same table and column (NULL columns equal). */
int stw_endpoint_same(const struct stw_endpoint *a, const struct stw_endpoint *b);

/* "source.schema.table[.column]" into a new string. */
char *stw_endpoint_str(const struct stw_endpoint *e);

#endif
