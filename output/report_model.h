/*
 * Internal to the report writers (output/report*.c): the facts every
 * format shows, computed once by stw_report_model_build() so that text,
 * Markdown, HTML, JSON and CSV cannot disagree.
 *
 * Ownership: the model owns the policy result, its arrays and the strings
 * it made; everything else (inventory, config, approvals) is borrowed.
 */
#ifndef STW_REPORT_MODEL_H
#define STW_REPORT_MODEL_H

#include "output/policy.h"
#include "output/report.h"
#include "scanner/util.h"

/* A violation settled by an approval in force on the as-of date. */
struct stw_rpt_settled {
	const struct stw_violation *v;
	const struct stw_cfg_approval *a;
};

struct stw_rpt_approval {
	const struct stw_cfg_approval *a;
	int expired;                  /* expires before as_of */
	size_t settles;               /* violations it settles */
	size_t matches;               /* columns with its category that it names */
};

/* One category in one source. */
struct stw_rpt_cat {
	const char *source;           /* borrowed */
	const char *category;         /* borrowed from a finding */
	enum stw_sensitivity sens;
	size_t columns;               /* columns holding it */
	size_t inherited;             /* of which by lineage */
	size_t tables;
};

/* The tables of one subject in one source (docs/subjects.md), in
 * inventory order: "people: customers, staff". */
struct stw_rpt_subj {
	const struct stw_source *s;
	enum stw_subject_kind kind;
	const struct stw_table **t;   /* borrowed tables; the array is the model's */
	size_t n, alloc;
	size_t personal;              /* their columns with findings */
};

/* A personal-data table, for the record of processing and retention. */
struct stw_rpt_table {
	const struct stw_source *s;
	const struct stw_table *t;
};

/* A section of the PIA evidence (docs/pia.md): sentences in plain language
 * first, then the evidence as a small table, then commands to run.  Built
 * once (output/report_pia.c) so every format says the same. */
struct stw_rpt_section {
	const char *id;               /* "access", "reidentification", "locate" */
	const char *title;
	struct stw_strv lines;
	struct stw_strv head;         /* evidence column titles */
	struct stw_strv cells;        /* evidence, row-major */
	size_t nrows;
	struct stw_strv code;         /* commands */
};
#define STW_RPT_NPIA 4

/* An open violation as a risk (report_assess.c): likelihood 1-3 x impact
 * 1-4, rated high (9+), medium (5-8) or low, with what to do about it. */
struct stw_rpt_risk {
	const struct stw_violation *v;
	int likelihood, impact, score;
	const char *rating;           /* "high", "medium", "low" */
	char *action;                 /* recommended action, one sentence */
	size_t order;                 /* policy order, for ties */
};

/* One (column, category) of the per-column inventory, most sensitive first. */
struct stw_rpt_col {
	const struct stw_source *s;
	const struct stw_table *t;
	const struct stw_column *c;
	const struct stw_finding *f;
	char *category;               /* "Postal code (user.contact.address.postal_code)" */
	char *how;                    /* how it was found, in words */
	size_t order;
};

struct stw_rpt {
	const struct stw_inventory *inv;
	const struct stw_config *cfg;         /* never NULL */
	struct stw_config *own_cfg;           /* empty config made when none was given */
	struct stw_policy_result *pol;
	const struct stw_violation **open;    /* not settled, in policy order */
	size_t nopen;
	/* The same open violations as a policy result, for
	 * stw_map_opts.violations: a map marks exactly what the report lists
	 * as open, never a settled one.  v is the model's own array; the
	 * violations are pol's (read through const by the map). */
	struct stw_policy_result open_result;
	struct stw_rpt_settled *settled;
	size_t nsettled;
	struct stw_rpt_approval *approvals;
	size_t napprovals;
	struct stw_rpt_cat *cats;
	size_t ncats, acats;
	struct stw_rpt_subj *subjects;        /* by source, then person, person_event,
	                                         organisation, reference, unknown */
	size_t nsubjects;
	struct stw_rpt_table *ret;            /* tables with a retention block */
	size_t nret;
	const char *as_of;                    /* the inventory's, or "unknown" */
	const char *inventory_name;
	size_t ntables, ncolumns, npersonal;  /* personal = columns with findings */
	size_t npartitions;                  /* partitions, counted in their parents, not in ntables */
	size_t by_sens[STW_SENS_SPECIAL + 1];  /* personal columns by highest sensitivity */
	size_t by_sev[5];                     /* open violations by severity */
	size_t nsrc_problems;                 /* sources not fully scanned */
	struct stw_rpt_section pia[STW_RPT_NPIA];  /* copies, who can read, re-identification, locate */
	/* The assessment (report_assess.c). */
	struct stw_rpt_risk *risks;           /* every open violation, most serious first */
	size_t nrisks;
	struct stw_rpt_col *cols;
	size_t ncols;
	struct stw_strv questions;            /* open questions for the reviewer */
	struct stw_strv summary;              /* plain-language sentences */
	/* What changed since the last assessment (report --baseline). */
	int has_baseline;
	struct stw_strv changes;              /* sentences */
	struct stw_strv change_items;         /* one line per change, most serious first */
};

int stw_report_model_build(struct stw_rpt *m, const struct stw_inventory *inv,
    const struct stw_config *cfg, struct stw_err *err);
void stw_report_model_release(struct stw_rpt *m);

/* "people", "events about people", "organisations", "reference data",
 * "subject unknown". */
const char *stw_report_subject_title(enum stw_subject_kind k);

/* 1 for the retention kinds, 0 for purpose limitation and the rest. */
int stw_report_is_retention(enum stw_violation_kind k);
/* Which list a violation is in: 1 retention, 0 purpose limitation, 2 the
 * PIA evidence (access, re-identification). */
int stw_report_group(enum stw_violation_kind k);
/* The fideslang data subjects of a group's tables, by name, ", " between
 * ("Customer, Patient"), into b; nothing when none is known. */
void stw_report_group_fides(struct stw_buf *b, const struct stw_rpt *m,
    const struct stw_rpt_subj *g);
/* The purposes the inventory's tables name, in order of first use, each
 * with its fideslang data use name (NULL: custom), legal basis (NULL) and
 * the number of tables; parallel arrays owned by the caller's strv/arrays. */
struct stw_rpt_purpose {
	const char *purpose;          /* borrowed from a table */
	const char *use_name;         /* fideslang name, or NULL */
	const char *basis;            /* legal_bases:, or NULL */
	size_t tables;
};
/* Fills *out (caller frees) with n purposes. */
void stw_report_purposes(const struct stw_rpt *m, struct stw_rpt_purpose **out, size_t *n);

/* Compares with the last assessment's inventory: findings and tables
 * added and removed, risks new and gone (the same policy on both). */
int stw_report_changes_build(struct stw_rpt *m, const struct stw_inventory *baseline,
    const char *baseline_name, struct stw_err *err);
struct stw_map_opts;
/* The map a report shows (HTML embeds it, Markdown writes it beside):
 * tables with personal data, the open violations marked, 60 tables at
 * most. */
void stw_report_map_opts(struct stw_map_opts *mo, const struct stw_rpt *m);
/* Builds the assessment (after the rest of the model and m->pia). */
void stw_report_assess_build(struct stw_rpt *m);
void stw_report_assess_release(struct stw_rpt *m);
/* 1 when a PIA section has something to say (its sentences or evidence). */
int stw_report_section_present(const struct stw_rpt_section *s);
/* Builds m->pia (after the rest of the model). */
void stw_report_pia_build(struct stw_rpt *m);
void stw_report_pia_release(struct stw_rpt *m);
/* "source.schema.table[.column]" (caller frees). */
char *stw_report_where(const struct stw_violation *v);
/* Human name of a kind: "Retention exceeded", ... */
const char *stw_report_kind_title(enum stw_violation_kind k);

/* The writers; each appends to b. */
int stw_report_text(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err);
int stw_report_markdown(struct stw_buf *b, const struct stw_rpt *m,
    const struct stw_report_opts *o, struct stw_err *err);
int stw_report_html(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err);
int stw_report_json(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err);
int stw_report_csv(struct stw_buf *b, const struct stw_rpt *m, const struct stw_report_opts *o,
    struct stw_err *err);

#endif
