/*
 * The demo: a synthetic loyalty-programme database (SPEC.md "The demo"),
 * generated deterministically from a fixed seed, for SQLite, PostgreSQL
 * and MariaDB.  Same rows on every engine and every run.
 */
#ifndef STW_DEMO_H
#define STW_DEMO_H

#include <stdio.h>

#include "scanner/err.h"

/* The demo's fixed "today": every timestamp is computed relative to it,
 * and `steward demo` scans as of this day, so its retention counts never
 * change.  The cutoffs below are as_of minus the demo config's limits in
 * steward's units (a year is 365 days), at 00:00:00 UTC. */
#define STW_DEMO_AS_OF "2026-11-01"
#define STW_DEMO_CUTOFF_1Y "2025-11-01"    /* support_tickets.opened_at */
#define STW_DEMO_CUTOFF_2Y "2024-11-01"    /* user.contact: customers.last_login_at */
#define STW_DEMO_CUTOFF_5Y "2021-11-02"    /* user.health: pharmacy_allergies.recorded_at */
#define STW_DEMO_CUTOFF_10Y "2016-11-03"   /* orders.ordered_at, payments.paid_at */

/* What the generator made: row counts and the planted retention
 * violations, counted while the rows were generated (README.md prints
 * them).  No anchor lies within four days of a cutoff, so calendar years
 * give the same counts. */
struct stw_demo_facts {
	int customers, consents, products, orders, order_items, payments;
	int support_tickets, pharmacy_allergies, analytics_email_copy;
	int customer_email_history;         /* rows the trigger wrote */
	int customers_login_over_2y;        /* last_login_at < STW_DEMO_CUTOFF_2Y */
	int tickets_over_1y;                /* opened_at < STW_DEMO_CUTOFF_1Y */
	int allergies_over_5y;              /* recorded_at < STW_DEMO_CUTOFF_5Y */
	int orders_over_10y;                /* ordered_at < STW_DEMO_CUTOFF_10Y (0) */
	int orders_over_2y;                 /* ordered_at < STW_DEMO_CUTOFF_2Y: past the limit of
	                                       the customers' contact data they copy */
	int payments_over_10y;              /* paid_at < STW_DEMO_CUTOFF_10Y (0) */
	int email_history_over_2y;          /* changed_at < STW_DEMO_CUTOFF_2Y */
	int tickets_with_contact;           /* bodies with an e-mail address or phone number */
	int marketing_contacts;             /* rows of the view marketing_contacts */
	int marketing_contacts_without_consent; /* of those, consents.marketing_email = 0 */
};

enum stw_demo_dialect { STW_DEMO_SQLITE = 0, STW_DEMO_POSTGRES = 1, STW_DEMO_MYSQL = 2 };

/* Parses "sqlite", "postgres"/"postgresql", "mysql"/"mariadb". */
int stw_demo_dialect_parse(enum stw_demo_dialect *out, const char *name);
/* Writes the whole database (DDL + rows) as SQL for one dialect. */
int stw_demo_write_sql(FILE *out, enum stw_demo_dialect d, struct stw_err *err);
/* The demo's roles and grants (run after the data; PostgreSQL, MySQL). */
int stw_demo_write_roles(FILE *out, enum stw_demo_dialect d, struct stw_err *err);
/* Creates (replacing) a SQLite database file with the demo. */
int stw_demo_create_sqlite(const char *path, struct stw_err *err);
/* The demo's steward.yaml (categories, retention, purposes, flows,
 * approvals), with @DB@ standing for the SQLite path; NUL-terminated,
 * static storage. */
const char *stw_demo_config_text(void);
/* Fills *out with the facts of the generated database. */
void stw_demo_facts(struct stw_demo_facts *out);

#endif
