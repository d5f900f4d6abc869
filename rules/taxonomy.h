/*
 * The built-in fideslang data-category taxonomy: rule packs may only name
 * categories listed here.  Borrowed pointers into static storage.
 */
#ifndef STW_TAXONOMY_H
#define STW_TAXONOMY_H

#include <stddef.h>

struct stw_taxonomy_entry {
	const char *key;           /* "user.contact.email" */
	const char *replaced_by;   /* for deprecated keys, the current one; else NULL */
};

/* The entry for key, or NULL when the taxonomy has no such category. */
const struct stw_taxonomy_entry *stw_taxonomy_find(const char *key);
size_t stw_taxonomy_count(void);
const struct stw_taxonomy_entry *stw_taxonomy_at(size_t i);

#endif
