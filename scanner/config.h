/*
 * steward.yaml: the parsed configuration (SPEC.md "Configuration").
 * Every section is optional.  The loader reports unknown keys and type
 * errors as "FILE:LINE:COL: message" with STW_EUSAGE.
 *
 * Ownership: struct stw_config owns everything in it; stw_config_free().
 */
#ifndef STW_CONFIG_H
#define STW_CONFIG_H

#include "err.h"
#include "inventory.h"
#include "util.h"

struct stw_cfg_source {
	char *name;                    /* may be NULL: derived from the DSN */
	char *dsn;                     /* ${ENV} references already expanded; may hold a password */
	struct stw_strv purposes;
	struct stw_strv include;       /* globs on schema.table */
	struct stw_strv exclude;
	int line;                      /* where it was declared, for messages */
	int dsn_line, dsn_col;         /* where its dsn: value stands */
};

/* Policy for one category prefix (categories:) or one table glob (tables:). */
struct stw_cfg_policy {
	char *match;                   /* category prefix, or SOURCE.SCHEMA.TABLE glob */
	long long retention_days;      /* -1 = not set */
	struct stw_strv anchor;        /* anchor columns, in preference order */
	struct stw_strv purposes;      /* allowed purposes (categories) / purposes (tables) */
	int has_purposes;              /* purposes: was given (even empty) */
	int line, col;
};

struct stw_cfg_flow {
	char *from;                    /* SOURCE.SCHEMA.TABLE */
	char *to;
	struct stw_strv col_from;      /* columns: mapping, parallel arrays */
	struct stw_strv col_to;
	char *via;
	int line, col;
};

struct stw_cfg_approval {
	char *match;                   /* SOURCE.SCHEMA.TABLE.COLUMN, globs allowed */
	char *category;                /* NULL = any */
	char *approved_by;
	char *reason;
	char *expires;                 /* YYYY-MM-DD or NULL */
	char *file;                    /* file it came from */
	int line, col;
};

/* subjects: SOURCE.SCHEMA.TABLE glob -> the subject its rows have. */
struct stw_cfg_subject {
	char *match;
	enum stw_subject_kind kind;
	int line, col;
};

/* not_personal: a council's decision that a column holds no personal data. */
struct stw_cfg_not_personal {
	char *match;                   /* SOURCE.SCHEMA.TABLE.COLUMN glob */
	char *reason;                  /* required */
	char *decided_by;              /* or NULL */
	int line, col;
};

/* access: allowed_roles: who may read a category (docs/pia.md). */
struct stw_cfg_access_rule {
	char *category;                /* a category prefix */
	struct stw_strv roles;         /* roles or accounts ('user'@'host', or a bare user) */
	int line, col;
};

/* legal_bases: the GDPR art. 6 basis a purpose rests on (record of processing). */
struct stw_cfg_legal_basis {
	char *purpose;
	char *basis;
	int line, col;
};

/* data_subjects: SOURCE.SCHEMA.TABLE glob -> fideslang data subject. */
struct stw_cfg_data_subject {
	char *match;
	char *subject;                 /* a fideslang data subject key */
	int line, col;
};

/* signoff: who reviewed the assessment and what they decided (the
 * report's sign-off block; docs/report.md). */
struct stw_cfg_signoff {
	int present;
	char *reviewer, *role, *date, *decision, *notes;
};

/* Where a list item stood in the file (1-based). */
struct stw_cfg_at {
	int line, col;
};

struct stw_config {
	char *path;                    /* file it was loaded from, or NULL */
	struct stw_cfg_source **sources;
	size_t nsources, asources;
	long long sample_rows;         /* -1 = not set */
	int sample_views;              /* sample: views: -1 = not set, 0, 1 */
	int view_timeout_s;            /* sample: view_timeout: seconds, -1 = not set */
	struct stw_strv rule_packs;    /* rules.packs */
	struct stw_strv rule_files;    /* rules.files, relative to the config file */
	struct stw_strv rule_disable;
	/* Where each item of the three lists above stood, for messages
	 * about them after loading; NULL when a list is empty. */
	struct stw_cfg_at *rule_packs_at, *rule_files_at, *rule_disable_at;
	struct stw_cfg_policy **categories;
	size_t ncategories, acategories;
	struct stw_cfg_policy **tables;
	size_t ntables, atables;
	struct stw_cfg_flow **flows;
	size_t nflows, aflows;
	struct stw_cfg_approval **approvals;
	size_t napprovals, aapprovals;
	struct stw_cfg_subject **subjects;
	size_t nsubjects, asubjects;
	struct stw_cfg_not_personal **not_personal;
	size_t nnot_personal, anot_personal;
	struct stw_cfg_access_rule **access_rules;
	size_t naccess_rules, aaccess_rules;
	struct stw_strv access_ignore;   /* principals never reported (administrators) */
	int fingerprints;                /* fingerprints.enabled: -1 = not set, 0, 1 */
	char *fp_key;                    /* fingerprints.key, expanded; NEVER print */
	int fp_key_line;
	struct stw_cfg_legal_basis **legal_bases;
	size_t nlegal_bases, alegal_bases;
	struct stw_strv fides_files;     /* fides: datasets read back (relative to the config file) */
	struct stw_cfg_signoff signoff;
	struct stw_cfg_data_subject **data_subjects;
	size_t ndata_subjects, adata_subjects;
	struct stw_cfg_at *fides_files_at;
};

struct stw_config *stw_config_new(void);
void stw_config_free(struct stw_config *cfg);
/* Loads path into *out (caller frees). */
int stw_config_load(struct stw_config **out, const char *path, struct stw_err *err);
/* The same from memory; name stands for the file in messages (the fuzzer's
 * entry point; ${ENV} references still read the environment). */
int stw_config_from_text(struct stw_config **out, const char *text, size_t len, const char *name,
    struct stw_err *err);
/* Loads an approvals file (a YAML list, or a mapping with approvals:) and
 * appends its entries to cfg. */
int stw_config_load_approvals(struct stw_config *cfg, const char *path, struct stw_err *err);

/* Prefixes err's message with where item i of a list stood in cfg's file
 * ("FILE:LINE:COL: "), as every configuration error reads; leaves it as
 * it is when cfg has no file or at is NULL.  Returns err's code. */
int stw_config_error_at(struct stw_err *err, const struct stw_config *cfg,
    const struct stw_cfg_at *at, size_t i);

/* Parses "30d", "6w", "18m", "2y" (or a bare number of days). */
int stw_parse_duration_days(long long *out, const char *s);
/* The allowed_roles entry with the longest category prefix of category,
 * or NULL when no entry restricts it. */
const struct stw_cfg_access_rule *stw_config_access_rule(const struct stw_config *cfg,
    const char *category);

/* Policy lookup helpers.  Category prefixes match on dot boundaries:
 * "user.contact" matches "user.contact.email"; the longest prefix wins. */
const struct stw_cfg_policy *stw_config_category_policy(const struct stw_config *cfg,
    const char *category);
const struct stw_cfg_policy *stw_config_table_policy(const struct stw_config *cfg,
    const char *source, const char *schema, const char *table);
/* The first subjects: entry whose glob matches the table, or NULL. */
const struct stw_cfg_subject *stw_config_subject(const struct stw_config *cfg,
    const char *source, const char *schema, const char *table);
/* The fideslang data subject data_subjects: gives the table, or NULL. */
const char *stw_config_data_subject(const struct stw_config *cfg, const char *source,
    const char *schema, const char *table);
/* The first not_personal: entry whose glob matches the column, or NULL. */
const struct stw_cfg_not_personal *stw_config_not_personal(const struct stw_config *cfg,
    const char *source, const char *schema, const char *table, const char *column);

#endif
