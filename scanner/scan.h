/*
 * The scan pipeline: connect -> introspect -> filter -> sample+classify ->
 * retention, per source, then lineage and category propagation over the
 * whole inventory.  The library never prints: progress and log lines go
 * through the callbacks in struct stw_scan_opts.
 */
#ifndef STW_SCAN_H
#define STW_SCAN_H

#include "config.h"
#include "err.h"
#include "inventory.h"

enum stw_log_level { STW_LOG_ERROR = 0, STW_LOG_WARN = 1, STW_LOG_INFO = 2, STW_LOG_DEBUG = 3 };

struct stw_progress {
	const char *source;           /* source being scanned */
	size_t tables_done, tables_total;
	const char *current;          /* "schema.table" or NULL */
	long long rows_done;          /* rows sampled so far in this scan */
	double elapsed_s;
};

struct stw_scan_opts {
	long long sample_rows;        /* rows per table; 0 = names only; -1 = config or 1000 */
	int jobs;                     /* parallel connections per source (>= 1) */
	struct stw_strv include;      /* globs on schema.table, added to each source's */
	struct stw_strv exclude;
	struct stw_strv rule_paths;   /* --rules FILE|DIR */
	int timeout_s;                /* per statement; 0 = default (30) */
	int sample_views;             /* sample views by running them: -1 = config or no, 0, 1 */
	int view_timeout_s;           /* per view statement; 0 = config or 5 */
	int show_examples;            /* store masked examples in findings */
	size_t max_value_len;         /* bytes per sampled value; 0 = 256 */
	int verbose;
	const char *as_of;            /* "YYYY-MM-DD" retention is measured against; NULL = today (UTC) */
	long long reid_rows;          /* rows read per re-identification measure; 0 = off; -1 = the sample size */
	int access;                   /* read the grant catalogs: 1 (default) or 0 */
	int fingerprints;             /* value sketches and inferred copies: -1 = config or on, 0, 1 */
	struct stw_strv fides;        /* --fides FILE: Fides datasets read back (scanner/fides.h) */
	int shard_k, shard_n;         /* --shard K/N: scan shard K (1..N) of the sources; 0 = all */
	/* Log sink; NULL = silent.  level is enum stw_log_level; msg is redacted. */
	void (*log)(int level, const char *msg, void *payload);
	/* Progress sink; NULL = none.  Called from scan threads, serialised. */
	void (*progress)(const struct stw_progress *p, void *payload);
	/* SQL trace sink (STEWARD_TRACE=sql); NULL = off.  conn numbers the
	 * connection (1, 2, ... in the order they were opened, over the whole
	 * scan).  Called from scan threads, not serialised: the sink must lock
	 * if it needs to. */
	void (*trace)(const char *engine, int conn, const char *sql, double seconds, void *payload);
	void *payload;                /* passed to log, progress and trace */
};

/* The shard (0..n-1) a source belongs to in a fleet split n ways: a hash
 * of its name, not its position, so adding a source moves no other; and
 * sources joined by a declared flow (cfg's flows:, may be NULL) go to the
 * shard of the group's first name, so each flow is scanned in one piece. */
unsigned stw_scan_shard_of(const char *name, const struct stw_config *cfg, unsigned n);
/* Parses "K/N" (1 <= K <= N <= 4096). */
int stw_scan_shard_parse(int *k, int *n, const char *s);

struct stw_rules;
/* The rule set a scan with cfg and these extra packs would use: built-in
 * packs (cfg's rules.packs, else all), rules.files, rule_paths, with
 * rules.disable applied, compiled.  Errors name the file, line, column. */
int stw_scan_load_rules(struct stw_rules **out, const struct stw_config *cfg,
    const struct stw_strv *rule_paths, struct stw_err *err);

void stw_scan_opts_init(struct stw_scan_opts *o);
void stw_scan_opts_release(struct stw_scan_opts *o);

/*
 * Scans the given DSNs (ndsns may be 0: then the config's sources) into a
 * new inventory *out.  Returns STW_OK when every source scanned fully,
 * STW_ERROR when any source is partial or failed (the inventory is still
 * complete for the others and *out is set), and STW_EUSAGE for bad
 * arguments or rules (then *out is NULL).
 */
int stw_scan_run(struct stw_inventory **out, const struct stw_config *cfg,
    const char *const *dsns, size_t ndsns, const struct stw_scan_opts *opts, struct stw_err *err);

#endif
