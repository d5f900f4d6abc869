/*
 * steward locate: where one person's data lives (docs/locate.md).  From
 * the tables of people, their keys and the lineage graph of an inventory:
 * every table that holds a person's rows, in the order an erasure must
 * follow (rows that reference a row before the row they reference), with
 * the read-only SELECT that finds one person's rows given one parameter.
 * Building the plan is a pure function of the inventory; counting runs
 * those SELECTs (cli/cmd_locate.c) with the value bound, never spliced.
 */
#ifndef STW_LOCATE_H
#define STW_LOCATE_H

#include "scanner/err.h"
#include "scanner/inventory.h"

enum stw_locate_how {
	STW_LOC_ENTRY = 0,       /* the table the person is looked up in */
	STW_LOC_FK,              /* references a row already found */
	STW_LOC_REFERENCED,      /* a row already found references it (an address row) */
	STW_LOC_VIEW,            /* a view over rows already found: nothing to erase */
	STW_LOC_COPY             /* a copy along a trigger, declared flow or inferred edge */
};
const char *stw_locate_how_name(enum stw_locate_how h);   /* "entry", "fk", ... */

struct stw_locate_step {
	const struct stw_source *src;
	const struct stw_table *t;
	enum stw_locate_how how;
	char *why;               /* plain language: "orders.customer_id -> customers.id" */
	char *where;             /* the WHERE clause, with the placeholder; NULL: cannot select */
	char *sql;               /* SELECT * FROM t WHERE ...; NULL with where */
	char *param;             /* what the parameter is, in plain language */
	int same_value;          /* 1: the parameter is the value looked up */
	int erase;               /* 1: holds rows to erase; 0: derived (views) */
	int order;               /* 1.. in erasure order within the plan; 0 for views */
	size_t from;             /* the step it was reached from; (size_t)-1 for the entry */
	struct stw_strv personal;  /* its columns with findings */
	long long count;         /* rows counted, -1 = not counted */
	char *count_note;        /* why not counted, or NULL */
};

struct stw_locate_entry {
	const struct stw_source *src;
	const struct stw_table *t;
	const struct stw_column *col;
	char *category;          /* the lookup column's category, or NULL */
	struct stw_locate_step *steps;
	size_t nsteps, asteps;
	char *note;              /* a cycle, a missing key: or NULL */
};

struct stw_locate {
	char *by;                /* as asked */
	struct stw_locate_entry *entries;
	size_t nentries, aentries;
};

/* by: a category (user.contact.email: every column of a table of people
 * holding it is an entry) or SOURCE.SCHEMA.TABLE.COLUMN.  STW_ENOTFOUND
 * when it names nothing in the inventory. */
int stw_locate_plan(struct stw_locate **out, const struct stw_inventory *inv, const char *by,
    struct stw_err *err);
/* The foreign keys of inv indexed by the table they reference, for many
 * plans over one inventory (the report plans one per table of people):
 * stw_locate_plan builds one each time.  inv must not change meanwhile. */
struct stw_locate_index;
struct stw_locate_index *stw_locate_index_new(const struct stw_inventory *inv);
void stw_locate_index_free(struct stw_locate_index *x);
/* The plan from one column the caller has already found (by names it
 * for the output), without looking the name up again. */
void stw_locate_plan_column(struct stw_locate **out, const struct stw_inventory *inv,
    const struct stw_locate_index *x, const struct stw_source *src, const struct stw_table *t,
    const struct stw_column *col, const char *by);
void stw_locate_free(struct stw_locate *l);

/* The runbook, malloc'd: format "text", "markdown" or "json". */
char *stw_locate_render(const struct stw_locate *l, const char *format);

/* 1 when plan `by` reaches the table e looks a person up in and e does
 * not reach by's: e is a copy `by` already covers (an analytics copy of
 * the e-mails), not a plan of its own. */
int stw_locate_covers(const struct stw_locate_entry *by, const struct stw_locate_entry *e);

/* SELECT count(*) over a step's rows, with the placeholder; caller frees. */
char *stw_locate_count_sql(const struct stw_locate_step *s);

#endif
