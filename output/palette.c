/*
 * The sensitivity palette and the category names (palette.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"

static const struct stw_sens_style styles[] = {
	[STW_SENS_NONE] = { "#E8E8E8", "#000000", "none", "No personal data",
	    "no personal data found", "\xe2\xac\x9c none" },
	[STW_SENS_LINKED] = { "#B8DDF0", "#000000", "linked", "Linked",
	    "linked: about a person through its row (dates, amounts)", "\xf0\x9f\x94\xb9 linked" },
	[STW_SENS_QUASI] = { "#0072B2", "#FFFFFF", "quasi", "Quasi-identifier",
	    "quasi-identifier (identifying in combination)", "\xf0\x9f\x9f\xa6 quasi" },
	[STW_SENS_PERSONAL] = { "#CC79A7", "#000000", "personal", "Personal",
	    "personal: direct identifiers, contact data", "\xf0\x9f\x9f\xaa personal" },
	[STW_SENS_HIGH] = { "#E69F00", "#000000", "high", "High",
	    "high: government ids, financial, credentials, location", "\xf0\x9f\x9f\xa7 high" },
	[STW_SENS_SPECIAL] = { "#D55E00", "#000000", "special", "Special category",
	    "special category (GDPR art. 9/10)", "\xf0\x9f\x9f\xa5 special" },
};

const struct stw_sens_style *
stw_sens_style(enum stw_sensitivity s)
{
	if ((unsigned)s > STW_SENS_SPECIAL)
		s = STW_SENS_NONE;
	return &styles[s];
}

/* Names whose last part alone would not say it. */
static const struct { const char *key, *title; } named[] = {
	{ "user.name", "Name" }, { "user.name.first", "First name" },
	{ "user.name.last", "Last name" }, { "user.name.middle", "Middle name" },
	{ "user.unique_id", "Unique ID" }, { "user.unique_id.pseudonymous", "Pseudonymous ID" },
	{ "user.content.private", "Private content" }, { "user.content.public", "Public content" },
	{ "user.financial", "Financial data" }, { "user.health", "Health data" },
	{ "user.health_and_medical", "Health and medical data" }, { "user.contact", "Contact data" },
	{ "user.behavior", "Behaviour" }, { "user.demographic", "Demographic data" },
	{ "user.government_id", "Government ID" }, { "user.device.ip_address", "IP address" },
	{ "user.contact.address", "Postal address" },
};

char *
stw_category_title(const char *category)
{
	const char *last;
	char *t;

	if (category == NULL)
		return stw_strdup("");
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcmp(named[i].key, category) == 0)
			return stw_strdup(named[i].title);
	last = strrchr(category, '.');
	t = stw_strdup(last ? last + 1 : category);
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

char *
stw_category_words(const char *category)
{
	char *t = stw_category_title(category), *w;

	w = stw_asprintf("%s (%s)", t, category ? category : "");
	free(t);
	return w;
}
