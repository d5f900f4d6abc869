/*
 * The fideslang data-category taxonomy (fideslang 2.x/3.x "data_category"
 * keys, system.* and user.*), built in so that a rule naming an unknown
 * category is rejected when its pack is loaded.  Deprecated keys are still
 * accepted (older Fides maps use them) and carry their replacement.
 */
#include <stddef.h>
#include <string.h>

#include "taxonomy.h"

static const struct stw_taxonomy_entry entries[] = {
	{ "system", NULL },
	{ "system.authentication", NULL },
	{ "system.operations", NULL },
	{ "user", NULL },
	{ "user.account", NULL },
	{ "user.account.settings", "user.settings" },
	{ "user.account.username", NULL },
	{ "user.authorization", NULL },
	{ "user.authorization.biometric", "user.authorization.biometrics" },
	{ "user.authorization.biometrics", NULL },
	{ "user.authorization.credentials", NULL },
	{ "user.authorization.password", NULL },
	{ "user.behavior", NULL },
	{ "user.behavior.browsing_history", NULL },
	{ "user.behavior.media_consumption", NULL },
	{ "user.behavior.purchase_history", NULL },
	{ "user.behavior.search_history", NULL },
	{ "user.biometric", "user.biometrics" },
	{ "user.biometric.fingerprint", "user.biometrics.fingerprint" },
	{ "user.biometric.health", "user.biometrics" },
	{ "user.biometric.retinal", "user.biometrics.retinal" },
	{ "user.biometric.voice", "user.biometrics.voice" },
	{ "user.biometrics", NULL },
	{ "user.biometrics.fingerprint", NULL },
	{ "user.biometrics.retinal", NULL },
	{ "user.biometrics.voice", NULL },
	{ "user.children", NULL },
	{ "user.children.children_under_thirteen", NULL },
	{ "user.children.thirteen_to_sixteen", NULL },
	{ "user.childrens", "user.children" },
	{ "user.contact", NULL },
	{ "user.contact.address", NULL },
	{ "user.contact.address.city", NULL },
	{ "user.contact.address.country", NULL },
	{ "user.contact.address.mailing_address", NULL },
	{ "user.contact.address.postal_code", NULL },
	{ "user.contact.address.state", NULL },
	{ "user.contact.address.street", NULL },
	{ "user.contact.email", NULL },
	{ "user.contact.fax_number", NULL },
	{ "user.contact.organization", "user.contact" },
	{ "user.contact.phone_number", NULL },
	{ "user.contact.social_url", NULL },
	{ "user.contact.url", "user.contact.social_url" },
	{ "user.content", NULL },
	{ "user.content.private", NULL },
	{ "user.content.public", NULL },
	{ "user.content.self_image", NULL },
	{ "user.criminal_history", NULL },
	{ "user.demographic", NULL },
	{ "user.demographic.age_range", NULL },
	{ "user.demographic.citizenship_or_immigration_status", NULL },
	{ "user.demographic.date_of_birth", NULL },
	{ "user.demographic.gender", NULL },
	{ "user.demographic.language", NULL },
	{ "user.demographic.marital_status", NULL },
	{ "user.demographic.philosophical_belief", NULL },
	{ "user.demographic.political_opinion", NULL },
	{ "user.demographic.profile", NULL },
	{ "user.demographic.protected_classifications", NULL },
	{ "user.demographic.race_ethnicity", NULL },
	{ "user.demographic.religious_belief", NULL },
	{ "user.demographic.sexual_orientation", NULL },
	{ "user.demographic.union_membership", NULL },
	{ "user.device", NULL },
	{ "user.device.cookie", NULL },
	{ "user.device.cookie_id", NULL },
	{ "user.device.device_id", NULL },
	{ "user.device.ip_address", NULL },
	{ "user.device.sensor", NULL },
	{ "user.device.telemetry", NULL },
	{ "user.financial", NULL },
	{ "user.financial.bank_account", NULL },
	{ "user.financial.credit_card", NULL },
	{ "user.government_id", NULL },
	{ "user.government_id.birth_certificate", NULL },
	{ "user.government_id.drivers_license_number", NULL },
	{ "user.government_id.immigration", NULL },
	{ "user.government_id.national_identification_number", NULL },
	{ "user.government_id.passport_number", NULL },
	{ "user.government_id.vehicle_registration", NULL },
	{ "user.health", NULL },
	{ "user.health.baby_formula", NULL },
	{ "user.health.condition", NULL },
	{ "user.health.genetic", NULL },
	{ "user.health.insurance_beneficiary_id", NULL },
	{ "user.health.maternity_clothing", NULL },
	{ "user.health.medical_diagnosis", NULL },
	{ "user.health.medications", NULL },
	{ "user.health.prescriptions", NULL },
	{ "user.health.record_id", NULL },
	{ "user.health.reproductive_or_sexual", NULL },
	{ "user.health.social_psychological_behavioral", NULL },
	{ "user.health.symptons", NULL },
	{ "user.health.treatment", NULL },
	{ "user.health_and_medical", "user.health" },
	{ "user.health_and_medical.genetic", "user.health.genetic" },
	{ "user.health_and_medical.insurance_beneficiary_id", "user.health.insurance_beneficiary_id" },
	{ "user.health_and_medical.record_id", "user.health.record_id" },
	{ "user.job_title", "user.professional_information.job_title" },
	{ "user.location", NULL },
	{ "user.location.coarse", NULL },
	{ "user.location.imprecise", "user.location.coarse" },
	{ "user.location.precise", NULL },
	{ "user.name", NULL },
	{ "user.name.first", NULL },
	{ "user.name.last", NULL },
	{ "user.payment", NULL },
	{ "user.privacy_preferences", NULL },
	{ "user.professional_information", NULL },
	{ "user.professional_information.job_title", NULL },
	{ "user.professional_information.workplace", NULL },
	{ "user.sensor", "user.device.sensor" },
	{ "user.settings", NULL },
	{ "user.social", "user.social_activity" },
	{ "user.social_activity", NULL },
	{ "user.telemetry", "user.device.telemetry" },
	{ "user.unique_id", NULL },
	{ "user.unique_id.deterministic", NULL },
	{ "user.unique_id.probablistic", NULL },
	{ "user.unique_id.pseudonymous", "user.unique_id" },
	{ "user.user_sensor", "user.device.sensor" },
	{ "user.workplace", "user.professional_information.workplace" },
};

#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

const struct stw_taxonomy_entry *
stw_taxonomy_find(const char *key)
{
	size_t lo = 0, hi = NENTRIES;

	/* entries[] is sorted by key (strcmp order). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, entries[mid].key);
		if (c == 0)
			return &entries[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t
stw_taxonomy_count(void)
{
	return NENTRIES;
}

const struct stw_taxonomy_entry *
stw_taxonomy_at(size_t i)
{
	return i < NENTRIES ? &entries[i] : NULL;
}
