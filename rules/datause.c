/*
 * fideslang data uses and data subjects (datause.h): the default
 * taxonomy's keys and names (fideslang 2.x data_use and data_subject).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "datause.h"

static const struct stw_data_use uses[] = {
	{ "analytics", "Analytics", NULL },
	{ "analytics.reporting", "Analytics for Reporting", NULL },
	{ "analytics.reporting.ad_performance", "Analytics for Advertising Performance", NULL },
	{ "analytics.reporting.campaign_insights", "Analytics for Insights", NULL },
	{ "analytics.reporting.content_performance", "Analytics for Content Performance", NULL },
	{ "analytics.reporting.system", "Analytics for System Activity", NULL },
	{ "analytics.reporting.system.performance", "Analytics for System Performance", NULL },
	{ "collect", "Collect", NULL },
	{ "employment", "Employment", NULL },
	{ "employment.recruitment", "Employment Recruitment", NULL },
	{ "essential", "Essential", NULL },
	{ "essential.fraud_detection", "Essential Fraud Detection", NULL },
	{ "essential.legal_obligation", "Essential Legal Obligation", NULL },
	{ "essential.service", "Essential for Service", NULL },
	{ "essential.service.authentication", "Essential Service Authentication", NULL },
	{ "essential.service.notifications", "Essential Service Notifications", NULL },
	{ "essential.service.notifications.email", "Essential Email Service Notifications", NULL },
	{ "essential.service.notifications.sms", "Essential SMS Service Notifications", NULL },
	{ "essential.service.operations", "Essential for Operations", NULL },
	{ "essential.service.operations.improve", "Essential for Support Improvement", NULL },
	{ "essential.service.operations.support", "Essential for Operations Support", NULL },
	{ "essential.service.payment_processing", "Essential for Payment Processing", NULL },
	{ "essential.service.security", "Essential for Security", NULL },
	{ "essential.service.upgrades", "Essential for Service Upgrades", NULL },
	{ "finance", "Finance", NULL },
	{ "functional", "Functional", NULL },
	{ "functional.service", "Service", NULL },
	{ "functional.service.improve", "Improve Service", NULL },
	{ "functional.storage", "Local Data Storage", NULL },
	{ "functional.storage.privacy_preferences", "Local Data Storage for Privacy Preferences", NULL },
	{ "marketing", "Marketing", NULL },
	{ "marketing.advertising", "Advertising, Marketing or Promotion", NULL },
	{ "marketing.advertising.first_party", "First Party Advertising", NULL },
	{ "marketing.advertising.first_party.contextual", "First Party Contextual Advertising", NULL },
	{ "marketing.advertising.first_party.targeted", "First Party Personalized Advertising", NULL },
	{ "marketing.advertising.frequency_capping", "Frequency Capping", NULL },
	{ "marketing.advertising.negative_targeting", "Negative Targeting", NULL },
	{ "marketing.advertising.profiling", "Profiling for Advertising", NULL },
	{ "marketing.advertising.serving", "Essential for Serving Ads", NULL },
	{ "marketing.advertising.third_party", "Third Party Advertising", NULL },
	{ "marketing.advertising.third_party.targeted", "Third Party Targeted Advertising", NULL },
	{ "marketing.communications", "Marketing Communications", NULL },
	{ "marketing.communications.email", "Marketing Email Communications", NULL },
	{ "marketing.communications.sms", "Marketing SMS Communications", NULL },
	{ "operations", "Operations", NULL },
	{ "personalize", "Personalize", NULL },
	{ "personalize.content", "Content Personalization", NULL },
	{ "personalize.content.limited", "Limited Content Personalization", NULL },
	{ "personalize.content.profiled", "Targeted Content Personalization", NULL },
	{ "personalize.content.profiling", "Profiling for Personalization", NULL },
	{ "personalize.profiling", "Personalized Profiling", "personalize.content.profiling" },
	{ "personalize.system", "System Personalization", NULL },
	{ "sales", "Sales", NULL },
	{ "third_party_sharing", "Third Party Sharing", NULL },
	{ "third_party_sharing.legal_obligation", "Sharing for Legal Obligation", NULL },
	{ "train_ai_system", "Train AI System", NULL },
};

static const struct stw_data_subject subjects[] = {
	{ "anonymous_user", "Anonymous User" }, { "citizen_voter", "Citizen Voter" },
	{ "commuter", "Commuter" }, { "consultant", "Consultant" }, { "customer", "Customer" },
	{ "employee", "Employee" }, { "job_applicant", "Job Applicant" },
	{ "next_of_kin", "Next of Kin" }, { "passenger", "Passenger" }, { "patient", "Patient" },
	{ "prospect", "Prospect" }, { "shareholder", "Shareholder" },
	{ "supplier_vendor", "Supplier/Vendor" }, { "trainee", "Trainee" }, { "visitor", "Visitor" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct stw_data_use *
stw_data_use_find(const char *key)
{
	for (size_t i = 0; key != NULL && i < N(uses); i++)
		if (strcmp(uses[i].key, key) == 0)
			return &uses[i];
	return NULL;
}

size_t
stw_data_use_count(void)
{
	return N(uses);
}

const struct stw_data_use *
stw_data_use_at(size_t i)
{
	return i < N(uses) ? &uses[i] : NULL;
}

const struct stw_data_subject *
stw_data_subject_find(const char *key)
{
	for (size_t i = 0; key != NULL && i < N(subjects); i++)
		if (strcmp(subjects[i].key, key) == 0)
			return &subjects[i];
	return NULL;
}

size_t
stw_data_subject_count(void)
{
	return N(subjects);
}

const struct stw_data_subject *
stw_data_subject_at(size_t i)
{
	return i < N(subjects) ? &subjects[i] : NULL;
}

/* Words of a table name that say whose rows they are, most telling first. */
static const struct { const char *word, *subject; } words[] = {
	{ "patient", "patient" }, { "employee", "employee" }, { "staff", "employee" },
	{ "payroll", "employee" }, { "personnel", "employee" }, { "worker", "employee" },
	{ "applicant", "job_applicant" }, { "candidate", "job_applicant" },
	{ "trainee", "trainee" }, { "intern", "trainee" }, { "student", "trainee" },
	{ "passenger", "passenger" }, { "visitor", "visitor" }, { "guest", "visitor" },
	{ "prospect", "prospect" }, { "lead", "prospect" }, { "voter", "citizen_voter" },
	{ "citizen", "citizen_voter" }, { "shareholder", "shareholder" },
	{ "supplier", "supplier_vendor" }, { "vendor", "supplier_vendor" },
	{ "consultant", "consultant" }, { "contractor", "consultant" }, { "kin", "next_of_kin" },
	{ "commuter", "commuter" }, { "customer", "customer" }, { "client", "customer" },
	{ "member", "customer" }, { "subscriber", "customer" }, { "shopper", "customer" },
	{ "buyer", "customer" }, { "user", "customer" }, { "account", "customer" },
	{ "contact", "customer" }, { "order", "customer" }, { "payment", "customer" },
};

/* Does name hold word as a word of its own (split on non-letters and
 * lower-to-upper case changes), plural allowed? */
static int
has_word(const char *name, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = name; *p; p++) {
		int start = p == name || !isalpha((unsigned char)p[-1]) ||
		    (islower((unsigned char)p[-1]) && isupper((unsigned char)p[0]));

		if (!start)
			continue;
		if (strncasecmp(p, word, n) == 0) {
			const char *e = p + n;

			if (*e == 's' || *e == 'S')
				e++;
			if (!isalpha((unsigned char)*e) || isupper((unsigned char)*e))
				return 1;
		}
	}
	return 0;
}

const char *
stw_data_subject_from_name(const char *table)
{
	for (size_t i = 0; table != NULL && i < N(words); i++)
		if (has_word(table, words[i].word))
			return words[i].subject;
	return NULL;
}
