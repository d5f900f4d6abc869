/*
 * One palette and one vocabulary for sensitivity, shared by the map
 * (output/map.c), the HTML report and the Markdown report, so that a
 * council member reading both is never told two things: Okabe-Ito
 * colours (safe for the common colour-vision deficiencies), fills of
 * distinct lightness (they stay apart in greyscale print), and a word on
 * every mark, so that nothing rests on colour alone.
 */
#ifndef STW_PALETTE_H
#define STW_PALETTE_H

#include "scanner/inventory.h"

struct stw_sens_style {
	const char *fill;          /* background, "#RRGGBB" */
	const char *ink;           /* text on that background */
	const char *label;         /* "special", as the inventory says it */
	const char *title;         /* "Special category" */
	const char *meaning;       /* one line for legends */
	const char *md;            /* Markdown marker: an emoji square and the label */
};

const struct stw_sens_style *stw_sens_style(enum stw_sensitivity s);

/* The human name of a fideslang category: its last part in words,
 * "Postal code" for user.contact.address.postal_code (caller frees). */
char *stw_category_title(const char *category);
/* "Postal code (user.contact.address.postal_code)" (caller frees). */
char *stw_category_words(const char *category);

#endif
