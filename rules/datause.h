/*
 * fideslang's data uses (what a purpose is, in the words Fides users
 * already speak) and data subjects (whose data it is), built in like the
 * categories (taxonomy.h).  Purposes outside the data uses are allowed
 * (a warning from `steward config check`); subjects come from the
 * tables' subjects, or from data_subjects: in steward.yaml.
 */
#ifndef STW_DATAUSE_H
#define STW_DATAUSE_H

#include <stddef.h>

struct stw_data_use {
	const char *key;               /* "marketing.communications.email" */
	const char *name;              /* "Marketing Email Communications" */
	const char *replaced_by;       /* deprecated keys: the current one, else NULL */
};

/* The data use of that key, or NULL. */
const struct stw_data_use *stw_data_use_find(const char *key);
size_t stw_data_use_count(void);
const struct stw_data_use *stw_data_use_at(size_t i);

struct stw_data_subject {
	const char *key;               /* "customer" */
	const char *name;              /* "Customer" */
};
const struct stw_data_subject *stw_data_subject_find(const char *key);
size_t stw_data_subject_count(void);
const struct stw_data_subject *stw_data_subject_at(size_t i);

/* The fideslang data subject a table name suggests ("customer" for
 * crm.customers, "patient" for Visit rows about patients), or NULL. */
const char *stw_data_subject_from_name(const char *table);

#endif
