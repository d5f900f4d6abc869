/*
 * The corpus: eighteen invented domains, the last three held out (below).  Labelling policy (docs/accuracy.md):
 *   identifier  identifies a person on its own or as their key: names,
 *               e-mail, phone, street address, national numbers, usernames,
 *               IP addresses, the primary key of a table of people and every
 *               key that references one;
 *   quasi       identifies in combination: birth date, gender, postcode,
 *               city, region of a person, job title, department, hire date,
 *               courtesy title, language, nationality;
 *   sensitive   special or financial: health, ethnicity, salary and income,
 *               bank accounts and cards, credentials;
 *   linked      an attribute of a row about an identified person that no
 *               rule of its own would call personal: an order's total, a
 *               visit's dates, a login's time, a grade (GDPR recital 26);
 *   none        organisations (offices, switchboards, companies), reference
 *               data (products, countries, vocabularies), row maintenance,
 *               the surrogate keys of events and of organisations.
 */
#include "corpus.h"

#include <stddef.h>

#define N(n, t, g)            { n, t, g, TIER_NONE, NULL, NULL, 0 }
#define NN(n, t, g, z)        { n, t, g, TIER_NONE, NULL, NULL, z }
#define ID(n, t, g, c)        { n, t, g, TIER_IDENTIFIER, c, NULL, 0 }
#define IDN(n, t, g, c, z)    { n, t, g, TIER_IDENTIFIER, c, NULL, z }
#define QI(n, t, g, c)        { n, t, g, TIER_QUASI, c, NULL, 0 }
#define QIN(n, t, g, c, z)    { n, t, g, TIER_QUASI, c, NULL, z }
#define SE(n, t, g, c)        { n, t, g, TIER_SENSITIVE, c, NULL, 0 }
#define SEN(n, t, g, c, z)    { n, t, g, TIER_SENSITIVE, c, NULL, z }
#define LI(n, t, g, c)        { n, t, g, TIER_LINKED, c, NULL, 0 }
#define LIN(n, t, g, c, z)    { n, t, g, TIER_LINKED, c, NULL, z }
#define PK_P(n)               { n, T_INT, G_SEQ, TIER_IDENTIFIER, "user.unique_id", NULL, 0 }
#define PK_N(n)               { n, T_INT, G_SEQ, TIER_NONE, NULL, NULL, 0 }
#define FK_P(n, tab)          { n, T_INT, G_FK, TIER_IDENTIFIER, "user.unique_id", tab, 0 }
#define FK_PN(n, tab, z)      { n, T_INT, G_FK, TIER_IDENTIFIER, "user.unique_id", tab, z }
#define FK_N(n, tab)          { n, T_INT, G_FK, TIER_NONE, NULL, tab, 0 }

#define UID   "user.unique_id"
#define NAME  "user.name"
#define EMAIL "user.contact.email"
#define PHONE "user.contact.phone_number"
#define ADDR  "user.contact.address"
#define CITY  "user.contact.address.city"
#define POST  "user.contact.address.postal_code"
#define STATE "user.contact.address.state"
#define CTRY  "user.contact.address.country"
#define DOB   "user.demographic.date_of_birth"
#define GEND  "user.demographic.gender"
#define RACE  "user.demographic.race_ethnicity"
#define MARIT "user.demographic.marital_status"
#define LANG  "user.demographic.language"
#define NATL  "user.demographic.citizenship_or_immigration_status"
#define JOB   "user.professional_information.job_title"
#define WORK  "user.professional_information"
#define FIN   "user.financial"
#define BANK  "user.financial.bank_account"
#define CARD  "user.financial.credit_card"
#define GOVID "user.government_id.national_identification_number"
#define CRED  "user.authorization.credentials"
#define UNAME "user.account.username"
#define IP    "user.device.ip_address"
#define DEV   "user.device"
#define HLTH  "user.health"
#define MEDS  "user.health.medications"
#define DIAG  "user.health.medical_diagnosis"
#define TEXT  "user.content"
#define BEHAV "user.behavior"
#define BUY   "user.behavior.purchase_history"
#define PREF  "user.privacy_preferences"
#define LOC   "user.location"

const struct acc_domain acc_domains[] = {
{ "hr", "snake_case, plural tables", {
	{ "employees", 150, "employee_id", {
		PK_P("employee_id"), ID("first_name", T_TEXT, G_FIRST, NAME),
		ID("last_name", T_TEXT, G_LAST, NAME), ID("email", T_TEXT, G_EMAIL, EMAIL),
		ID("work_phone", T_TEXT, G_PHONE, PHONE), IDN("phone_ext", T_TEXT, G_EXT, PHONE, 20),
		QI("birth_date", T_DATE, G_DOB, DOB), QI("gender", T_TEXT, G_GENDER, GEND),
		QI("job_title", T_TEXT, G_JOB, JOB), QI("hire_date", T_DATE, G_DATE, WORK),
		QIN("termination_date", T_DATE, G_DATE2, WORK, 80), FK_N("department_id", "departments"),
		FK_PN("manager_id", "employees", 10), ID("home_street", T_TEXT, G_STREET, ADDR),
		QI("home_city", T_TEXT, G_CITY, CITY), QI("home_postcode", T_TEXT, G_POSTCODE, POST),
		ID("national_insurance_no", T_TEXT, G_NINO, GOVID), QIN("bio", T_TEXT, G_NOTE, TEXT, 30),
		N("updated_at", T_TS, G_TS) } },
	{ "departments", 12, "department_id", {
		PK_N("department_id"), N("dept_name", T_TEXT, G_DEPT), N("cost_centre", T_TEXT, G_CODE),
		FK_N("location_id", "locations") } },
	{ "locations", 6, "location_id", {
		PK_N("location_id"), N("office_name", T_TEXT, G_COMPANY), N("street", T_TEXT, G_STREET),
		N("city", T_TEXT, G_CITY), N("postcode", T_TEXT, G_POSTCODE),
		N("switchboard_phone", T_TEXT, G_PHONE) } },
	{ "salaries", 300, "salary_id", {
		PK_N("salary_id"), FK_P("employee_id", "employees"), SE("amount", T_NUM, G_AMOUNT, FIN),
		LI("currency", T_TEXT, G_CURRENCY, FIN), LI("valid_from", T_DATE, G_DATE, WORK),
		LIN("valid_to", T_DATE, G_DATE2, WORK, 40) } },
	{ "job_history", 200, "employee_id,start_date", {
		FK_P("employee_id", "employees"), LI("start_date", T_DATE, G_DATE, WORK),
		LI("end_date", T_DATE, G_DATE2, WORK), QI("job_title", T_TEXT, G_JOB, JOB),
		FK_N("department_id", "departments") } },
	{ "absences", 250, "absence_id", {
		PK_N("absence_id"), FK_P("employee_id", "employees"),
		LI("absence_type", T_TEXT, G_ABSENCE, WORK), LI("first_day", T_DATE, G_DATE, WORK),
		LI("last_day", T_DATE, G_DATE2, WORK), LI("days", T_INT, G_COUNT, WORK),
		FK_P("approved_by", "employees") } },
	{ "maintenance_log", 40, "log_id", {
		PK_N("log_id"), N("ran_at", T_TS, G_TS), N("job_name", T_TEXT, G_WORD),
		N("rows_affected", T_INT, G_COUNT) } },
	}, {
	{ "staff_directory", "SELECT e.{first_name}, e.{last_name}, e.{email}, d.{dept_name} "
	    "FROM {employees} e JOIN {departments} d ON d.{department_id} = e.{department_id}", {
		ID("first_name", T_TEXT, G_FIRST, NAME), ID("last_name", T_TEXT, G_LAST, NAME),
		ID("email", T_TEXT, G_EMAIL, EMAIL), N("dept_name", T_TEXT, G_DEPT) } },
	}, 0 },
{ "omop", "OMOP-like clinical tables, *_concept_id coded attributes", {
	{ "person", 120, "person_id", {
		PK_P("person_id"), QI("gender_concept_id", T_INT, G_CONCEPT_ID, GEND),
		QI("year_of_birth", T_INT, G_YEAR, DOB), QI("month_of_birth", T_INT, G_MONTH, DOB),
		SE("race_concept_id", T_INT, G_CONCEPT_ID, RACE),
		SE("ethnicity_concept_id", T_INT, G_CONCEPT_ID, RACE), FK_P("provider_id", "provider"),
		FK_N("care_site_id", "care_site"), ID("person_source_value", T_TEXT, G_MRN, UID) } },
	{ "provider", 25, "provider_id", {
		PK_P("provider_id"), ID("provider_name", T_TEXT, G_FULL, NAME),
		ID("npi", T_TEXT, G_NPI, UID), QI("specialty_concept_id", T_INT, G_CONCEPT_ID, JOB),
		FK_N("care_site_id", "care_site"), QI("year_of_birth", T_INT, G_YEAR, DOB),
		QI("gender_concept_id", T_INT, G_CONCEPT_ID, GEND) } },
	{ "care_site", 8, "care_site_id", {
		PK_N("care_site_id"), N("care_site_name", T_TEXT, G_COMPANY),
		N("place_of_service_concept_id", T_INT, G_CONCEPT_ID) } },
	{ "visit_occurrence", 300, "visit_occurrence_id", {
		PK_N("visit_occurrence_id"), FK_P("person_id", "person"),
		SE("visit_concept_id", T_INT, G_CONCEPT_ID, HLTH),
		LI("visit_start_date", T_DATE, G_DATE, HLTH), LI("visit_end_date", T_DATE, G_DATE2, HLTH),
		FK_P("provider_id", "provider"), FK_N("care_site_id", "care_site") } },
	{ "condition_occurrence", 300, "condition_occurrence_id", {
		PK_N("condition_occurrence_id"), FK_P("person_id", "person"),
		SE("condition_concept_id", T_INT, G_CONCEPT_ID, DIAG),
		LI("condition_start_date", T_DATE, G_DATE, HLTH),
		LI("condition_type_concept_id", T_INT, G_CONCEPT_ID, HLTH),
		SE("condition_source_value", T_TEXT, G_ICD10, DIAG),
		FK_N("visit_occurrence_id", "visit_occurrence") } },
	{ "drug_exposure", 300, "drug_exposure_id", {
		PK_N("drug_exposure_id"), FK_P("person_id", "person"),
		SE("drug_concept_id", T_INT, G_CONCEPT_ID, MEDS),
		LI("drug_exposure_start_date", T_DATE, G_DATE, MEDS), LI("quantity", T_NUM, G_COUNT, MEDS),
		LI("days_supply", T_INT, G_COUNT, MEDS), LI("sig", T_TEXT, G_DRUGSIG, MEDS) } },
	{ "measurement", 400, "measurement_id", {
		PK_N("measurement_id"), FK_P("person_id", "person"),
		SE("measurement_concept_id", T_INT, G_CONCEPT_ID, HLTH),
		LI("measurement_date", T_DATE, G_DATE, HLTH), LI("value_as_number", T_NUM, G_PRICE, HLTH),
		LI("unit_concept_id", T_INT, G_CONCEPT_ID, HLTH),
		SE("measurement_source_value", T_TEXT, G_LOINC, HLTH) } },
	{ "death", 15, "person_id", {
		FK_P("person_id", "person"), SE("death_date", T_DATE, G_DATE, HLTH),
		SE("cause_concept_id", T_INT, G_CONCEPT_ID, DIAG) } },
	{ "concept", 200, "concept_id", {
		PK_N("concept_id"), N("concept_name", T_TEXT, G_CONCEPT), N("domain_id", T_TEXT, G_WORD),
		N("vocabulary_id", T_TEXT, G_WORD), N("concept_code", T_TEXT, G_CODE),
		N("valid_start_date", T_DATE, G_DATE) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "fhir", "FHIR-like PascalCase tables, camelCase columns", {
	{ "Patient", 120, "id", {
		PK_P("id"), ID("identifierValue", T_TEXT, G_MRN, UID), ID("familyName", T_TEXT, G_LAST, NAME),
		ID("givenName", T_TEXT, G_FIRST, NAME), QI("birthDate", T_DATE, G_DOB, DOB),
		QI("gender", T_TEXT, G_GENDER, GEND), ID("telecomPhone", T_TEXT, G_PHONE, PHONE),
		IDN("telecomEmail", T_TEXT, G_EMAIL, EMAIL, 20), ID("addressLine", T_TEXT, G_STREET, ADDR),
		QI("addressCity", T_TEXT, G_CITY, CITY), QI("addressPostalCode", T_TEXT, G_POSTCODE, POST),
		QI("maritalStatus", T_TEXT, G_MARITAL, MARIT),
		SEN("deceasedDateTime", T_TS, G_TS, HLTH, 90) } },
	{ "Practitioner", 30, "id", {
		PK_P("id"), ID("familyName", T_TEXT, G_LAST, NAME), ID("givenName", T_TEXT, G_FIRST, NAME),
		QI("qualificationCode", T_TEXT, G_JOB, JOB), ID("telecomPhone", T_TEXT, G_PHONE, PHONE) } },
	{ "Organization", 10, "id", {
		PK_N("id"), N("name", T_TEXT, G_COMPANY), N("telecomPhone", T_TEXT, G_PHONE),
		N("addressCity", T_TEXT, G_CITY) } },
	{ "Encounter", 300, "id", {
		PK_N("id"), FK_P("subjectPatientId", "Patient"),
		FK_P("participantPractitionerId", "Practitioner"), LI("periodStart", T_TS, G_TS, HLTH),
		LI("periodEnd", T_TS, G_TS, HLTH), SE("reasonCode", T_TEXT, G_ICD10, DIAG),
		LI("status", T_TEXT, G_STATUS, HLTH), FK_N("serviceProviderId", "Organization") } },
	{ "Observation", 400, "id", {
		PK_N("id"), FK_P("subjectPatientId", "Patient"), FK_N("encounterId", "Encounter"),
		SE("code", T_TEXT, G_LOINC, HLTH), LI("valueQuantity", T_NUM, G_PRICE, HLTH),
		LI("valueUnit", T_TEXT, G_UNIT, HLTH), LI("effectiveDateTime", T_TS, G_TS, HLTH),
		LI("interpretation", T_TEXT, G_STATUS, HLTH) } },
	{ "CodeSystem", 60, "code", {
		{ "code", T_TEXT, G_CODE, TIER_NONE, NULL, NULL, 0 }, N("display", T_TEXT, G_CONCEPT),
		N("system", T_TEXT, G_URL) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "shop", "snake_case consumer e-commerce", {
	{ "customers", 200, "customer_id", {
		PK_P("customer_id"), ID("email", T_TEXT, G_EMAIL, EMAIL),
		SE("password_hash", T_TEXT, G_HASH, CRED), ID("first_name", T_TEXT, G_FIRST, NAME),
		ID("last_name", T_TEXT, G_LAST, NAME), IDN("phone", T_TEXT, G_PHONE, PHONE, 30),
		QIN("date_of_birth", T_DATE, G_DOB, DOB, 50), LI("created_at", T_TS, G_TS, BEHAV),
		LI("loyalty_points", T_INT, G_COUNT, BEHAV), LI("marketing_opt_in", T_BOOL, G_BOOL, PREF) } },
	{ "addresses", 220, "address_id", {
		PK_N("address_id"), FK_P("customer_id", "customers"), ID("street", T_TEXT, G_STREET, ADDR),
		QI("city", T_TEXT, G_CITY, CITY), QI("postcode", T_TEXT, G_POSTCODE, POST),
		QI("country", T_TEXT, G_COUNTRY, CTRY) } },
	{ "products", 60, "product_id", {
		PK_N("product_id"), N("sku", T_TEXT, G_SKU), N("name", T_TEXT, G_PRODUCT),
		N("price", T_NUM, G_PRICE), N("category", T_TEXT, G_WORD) } },
	{ "orders", 400, "order_id", {
		PK_N("order_id"), FK_P("customer_id", "customers"), N("order_number", T_TEXT, G_ORDERNO),
		LI("placed_at", T_TS, G_TS, BUY), LI("status", T_TEXT, G_STATUS, BUY),
		LI("total_amount", T_NUM, G_AMOUNT, BUY) } },
	{ "order_items", 900, "order_id,product_id", {
		FK_N("order_id", "orders"), FK_N("product_id", "products"),
		LI("quantity", T_INT, G_COUNT, BUY), LI("unit_price", T_NUM, G_PRICE, BUY) } },
	{ "payments", 400, "payment_id", {
		PK_N("payment_id"), FK_N("order_id", "orders"), SE("card_last4", T_TEXT, G_LAST4, CARD),
		LI("amount", T_NUM, G_AMOUNT, BUY), LI("paid_at", T_TS, G_TS, BUY),
		LI("method", T_TEXT, G_WORD, BUY) } },
	{ "warehouses", 5, "warehouse_id", {
		PK_N("warehouse_id"), N("name", T_TEXT, G_COMPANY), N("street", T_TEXT, G_STREET),
		N("city", T_TEXT, G_CITY), N("phone", T_TEXT, G_PHONE) } },
	{ "countries", 12, "code", {
		{ "code", T_TEXT, G_COUNTRY, TIER_NONE, NULL, NULL, 0 }, N("name", T_TEXT, G_LOOKUP),
		N("region", T_TEXT, G_REGION) } },
	}, {
	{ "order_summary", "SELECT c.{customer_id}, c.{email}, o.{total_amount} AS {total} "
	    "FROM {customers} c JOIN {orders} o ON o.{customer_id} = c.{customer_id}", {
		FK_P("customer_id", "customers"), ID("email", T_TEXT, G_EMAIL, EMAIL),
		LI("total", T_NUM, G_AMOUNT, BUY) } },
	}, 0 },
{ "crm", "B2B PascalCase: companies and their contact persons", {
	{ "Companies", 40, "CompanyId", {
		PK_N("CompanyId"), N("CompanyName", T_TEXT, G_COMPANY), N("VatNumber", T_TEXT, G_VAT),
		N("Phone", T_TEXT, G_PHONE), N("Street", T_TEXT, G_STREET), N("City", T_TEXT, G_CITY),
		N("PostalCode", T_TEXT, G_POSTCODE), N("Website", T_TEXT, G_URL),
		N("CreditLimit", T_NUM, G_AMOUNT), N("Industry", T_TEXT, G_INDUSTRY) } },
	{ "SalesReps", 12, "UserId", {
		PK_P("UserId"), ID("FullName", T_TEXT, G_FULL, NAME), ID("Email", T_TEXT, G_EMAIL, EMAIL),
		FK_N("TerritoryId", "Territories") } },
	{ "Territories", 6, "TerritoryId", {
		PK_N("TerritoryId"), N("Name", T_TEXT, G_REGION), N("Region", T_TEXT, G_REGION) } },
	{ "Contacts", 120, "ContactId", {
		PK_P("ContactId"), FK_N("CompanyId", "Companies"), ID("FirstName", T_TEXT, G_FIRST, NAME),
		ID("LastName", T_TEXT, G_LAST, NAME), QI("JobTitle", T_TEXT, G_JOB, JOB),
		ID("Email", T_TEXT, G_EMAIL, EMAIL), ID("DirectPhone", T_TEXT, G_PHONE, PHONE),
		IDN("Mobile", T_TEXT, G_PHONE, PHONE, 40), QI("Salutation", T_TEXT, G_SALUTE, GEND) } },
	{ "Deals", 150, "DealId", {
		PK_N("DealId"), FK_N("CompanyId", "Companies"), FK_P("OwnerUserId", "SalesReps"),
		N("Amount", T_NUM, G_AMOUNT), N("Stage", T_TEXT, G_STATUS), N("CloseDate", T_DATE, G_DATE) } },
	{ "Activities", 300, "ActivityId", {
		PK_N("ActivityId"), FK_P("ContactId", "Contacts"), FK_P("OwnerUserId", "SalesReps"),
		LI("ActivityType", T_TEXT, G_WORD, BEHAV), LI("OccurredAt", T_TS, G_TS, BEHAV),
		LI("Notes", T_TEXT, G_NOTE, TEXT) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "saas", "snake_case multi-tenant SaaS", {
	{ "tenants", 20, "tenant_id", {
		PK_N("tenant_id"), N("name", T_TEXT, G_COMPANY), N("plan", T_TEXT, G_WORD),
		N("created_at", T_TS, G_TS) } },
	{ "users", 160, "user_id", {
		PK_P("user_id"), FK_N("tenant_id", "tenants"), ID("username", T_TEXT, G_USER, UNAME),
		ID("email", T_TEXT, G_EMAIL, EMAIL), ID("display_name", T_TEXT, G_FULL, NAME),
		LI("last_login_at", T_TS, G_TS, BEHAV), QI("locale", T_TEXT, G_LANG, LANG),
		QI("timezone", T_TEXT, G_TZ, LOC), SEN("mfa_secret", T_TEXT, G_SECRET, CRED, 40) } },
	{ "sessions", 500, "session_id", {
		{ "session_id", T_TEXT, G_UUID, TIER_NONE, NULL, NULL, 0 }, FK_P("user_id", "users"),
		ID("ip_address", T_TEXT, G_IP, IP), QI("user_agent", T_TEXT, G_UA, DEV),
		LI("started_at", T_TS, G_TS, BEHAV), LIN("ended_at", T_TS, G_TS, BEHAV, 20) } },
	{ "audit_log", 500, "id", {
		PK_N("id"), FK_N("tenant_id", "tenants"), FK_P("actor_user_id", "users"),
		LI("action", T_TEXT, G_ACTION, BEHAV), LI("occurred_at", T_TS, G_TS, BEHAV),
		ID("ip_addr", T_TEXT, G_IP, IP) } },
	{ "api_keys", 30, "key_id", {
		PK_N("key_id"), FK_N("tenant_id", "tenants"), N("key_prefix", T_TEXT, G_HEX),
		N("created_at", T_TS, G_TS) } },
	{ "feature_flags", 15, "flag", {
		{ "flag", T_TEXT, G_WORD, TIER_NONE, NULL, NULL, 0 }, N("enabled", T_BOOL, G_BOOL) } },
	{ "invoices", 80, "invoice_id", {
		PK_N("invoice_id"), FK_N("tenant_id", "tenants"), N("amount", T_NUM, G_AMOUNT),
		N("issued_on", T_DATE, G_DATE) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "edu", "snake_case singular tables", {
	{ "school", 8, "school_id", {
		PK_N("school_id"), N("school_name", T_TEXT, G_COMPANY), N("district", T_TEXT, G_REGION),
		N("phone", T_TEXT, G_PHONE) } },
	{ "student", 200, "student_id", {
		PK_P("student_id"), FK_N("school_id", "school"), ID("given_name", T_TEXT, G_FIRST, NAME),
		ID("family_name", T_TEXT, G_LAST, NAME), QI("dob", T_DATE, G_DOB, DOB),
		QI("sex", T_TEXT, G_GENDER, GEND), ID("guardian_name", T_TEXT, G_FULL, NAME),
		ID("guardian_phone", T_TEXT, G_PHONE, PHONE), ID("home_address", T_TEXT, G_STREET, ADDR),
		SEN("ethnicity", T_TEXT, G_ETHNIC, RACE, 30), SEN("special_needs", T_TEXT, G_NOTE, HLTH, 85),
		LI("enrolled_on", T_DATE, G_DATE, BEHAV) } },
	{ "teacher", 20, "teacher_id", {
		PK_P("teacher_id"), FK_N("school_id", "school"), ID("name", T_TEXT, G_FULL, NAME),
		ID("email", T_TEXT, G_EMAIL, EMAIL), QI("subject_taught", T_TEXT, G_SUBJECT, JOB),
		QI("hired_on", T_DATE, G_DATE, WORK) } },
	{ "course", 25, "course_id", {
		PK_N("course_id"), N("title", T_TEXT, G_SUBJECT), N("credits", T_INT, G_COUNT),
		FK_N("school_id", "school") } },
	{ "enrolment", 500, "student_id,course_id", {
		FK_P("student_id", "student"), FK_N("course_id", "course"), LI("term", T_TEXT, G_TERM, BEHAV),
		LI("grade", T_TEXT, G_GRADE, BEHAV), LI("final_score", T_NUM, G_PRICE, BEHAV) } },
	{ "attendance", 600, "attendance_id", {
		PK_N("attendance_id"), FK_P("student_id", "student"), LI("day", T_DATE, G_DATE, BEHAV),
		LI("present", T_BOOL, G_BOOL, BEHAV), LI("minutes_late", T_INT, G_COUNT, BEHAV) } },
	{ "attendance_archive", 0, "attendance_id", {
		PK_N("attendance_id"), FK_P("student_id", "student"), LI("day", T_DATE, G_DATE, BEHAV) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "bank", "snake_case retail banking", {
	{ "customer", 150, "cust_id", {
		PK_P("cust_id"), ID("full_name", T_TEXT, G_FULL, NAME), ID("national_id", T_TEXT, G_SSN, GOVID),
		QI("date_of_birth", T_DATE, G_DOB, DOB), QI("nationality", T_TEXT, G_COUNTRY, NATL),
		ID("address_line1", T_TEXT, G_STREET, ADDR), QI("city", T_TEXT, G_CITY, CITY),
		QI("postcode", T_TEXT, G_POSTCODE, POST), ID("phone", T_TEXT, G_PHONE, PHONE),
		ID("email", T_TEXT, G_EMAIL, EMAIL), QI("occupation", T_TEXT, G_OCCUP, JOB),
		SE("annual_income", T_NUM, G_AMOUNT, FIN), LI("risk_rating", T_TEXT, G_GRADE, FIN),
		NN("notes_unused", T_TEXT, G_NULL, 100) } },
	{ "account", 200, "account_id", {
		PK_N("account_id"), FK_P("cust_id", "customer"), SE("iban", T_TEXT, G_IBAN, BANK),
		LI("opened_on", T_DATE, G_DATE, FIN), LI("balance", T_NUM, G_AMOUNT, FIN),
		LI("currency", T_TEXT, G_CURRENCY, FIN), LI("status", T_TEXT, G_STATUS, FIN) } },
	{ "card", 180, "card_id", {
		PK_N("card_id"), FK_N("account_id", "account"), SE("pan", T_TEXT, G_CARD, CARD),
		LI("expiry", T_TEXT, G_MONTH, CARD), ID("cardholder_name", T_TEXT, G_FULL, NAME) } },
	{ "txn", 600, "txn_id", {
		PK_N("txn_id"), FK_N("account_id", "account"), LI("posted_at", T_TS, G_TS, FIN),
		LI("amount", T_NUM, G_AMOUNT, FIN), ID("counterparty_name", T_TEXT, G_FULL, NAME),
		SE("counterparty_iban", T_TEXT, G_IBAN, BANK), LI("reference", T_TEXT, G_NOTE, FIN) } },
	{ "branch", 10, "branch_id", {
		PK_N("branch_id"), N("branch_name", T_TEXT, G_COMPANY), N("street", T_TEXT, G_STREET),
		N("city", T_TEXT, G_CITY), N("phone", T_TEXT, G_PHONE), N("sort_code", T_TEXT, G_SORTCODE) } },
	{ "currency", 12, "code", {
		{ "code", T_TEXT, G_CURRENCY, TIER_NONE, NULL, NULL, 0 }, N("name", T_TEXT, G_LOOKUP),
		N("minor_units", T_INT, G_COUNT) } },
	}, {
	{ "customer_accounts", "SELECT c.{full_name}, a.{iban}, a.{balance} "
	    "FROM {customer} c JOIN {account} a ON a.{cust_id} = c.{cust_id}", {
		ID("full_name", T_TEXT, G_FULL, NAME), SE("iban", T_TEXT, G_IBAN, BANK),
		LI("balance", T_NUM, G_AMOUNT, FIN) } },
	}, 0 },
{ "legacy", "legacy upper-case abbreviations and tbl prefixes", {
	{ "CUSTMAST", 150, "CUST_NO", {
		PK_P("CUST_NO"), ID("CUST_NM", T_TEXT, G_FULL, NAME), QI("BRTH_DT", T_DATE, G_DOB, DOB),
		QI("SEX_CD", T_TEXT, G_GENDER, GEND), ID("ADDR_LN1", T_TEXT, G_STREET, ADDR),
		QI("ZIP_CD", T_TEXT, G_POSTCODE, POST), ID("TEL_NO", T_TEXT, G_PHONE, PHONE),
		IDN("EMAIL_ADDR", T_TEXT, G_EMAIL, EMAIL, 30), LI("CRT_DT", T_DATE, G_DATE, BEHAV),
		LI("STAT_CD", T_TEXT, G_STATUS, BEHAV) } },
	{ "EMPMAST", 60, "EMP_NO", {
		PK_P("EMP_NO"), ID("EMP_NM", T_TEXT, G_FULL, NAME), QI("EMP_HIRE_DT", T_DATE, G_DATE, WORK),
		QIN("TERM_DT", T_DATE, G_DATE2, WORK, 70), QI("DEPT_CD", T_TEXT, G_CODE, WORK),
		SE("SAL_AMT", T_NUM, G_AMOUNT, FIN), ID("SSN_NO", T_TEXT, G_SSN, GOVID) } },
	{ "tblPatient", 90, "PatientID", {
		PK_P("PatientID"), ID("PatName", T_TEXT, G_FULL, NAME), QI("DOB", T_DATE, G_DOB, DOB),
		SE("Diagnosis", T_TEXT, G_ICD10, DIAG), LI("AdmitDate", T_DATE, G_DATE, HLTH) } },
	{ "ORDHDR", 300, "ORD_NO", {
		PK_N("ORD_NO"), FK_P("CUST_NO", "CUSTMAST"), LI("ORD_DT", T_DATE, G_DATE, BUY),
		LI("ORD_AMT", T_NUM, G_AMOUNT, BUY), N("SHIP_VIA", T_TEXT, G_WORD) } },
	{ "STATE_CD", 20, "STATE_CD", {
		{ "STATE_CD", T_TEXT, G_CODE, TIER_NONE, NULL, NULL, 0 }, N("STATE_NM", T_TEXT, G_REGION) } },
	{ "SYS_PARM", 15, "PARM_NM", {
		{ "PARM_NM", T_TEXT, G_WORD, TIER_NONE, NULL, NULL, 0 }, N("PARM_VAL", T_TEXT, G_CODE),
		N("UPD_TS", T_TS, G_TS) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
/*
 * Written as the first held-out set; steward was then changed for what
 * they showed (a hotel property is an organisation's, `reg_plate`), so
 * they are tuned now.  The held-out set is at the end.
 */
{ "insure", "snake_case, singular, insurer's abbreviations", {
	{ "policyholder", 120, "holder_id", {
		PK_P("holder_id"), ID("holder_name", T_TEXT, G_FULL, NAME),
		ID("contact", T_TEXT, G_PHONE, PHONE), ID("mail", T_TEXT, G_EMAIL, EMAIL),
		QI("birth_dt", T_DATE, G_DOB, DOB), QI("sex", T_TEXT, G_GENDER, GEND),
		ID("addr", T_TEXT, G_STREET, ADDR), QI("zip", T_TEXT, G_POSTCODE, POST),
		QI("occupation", T_TEXT, G_OCCUP, JOB), QI("marital_status", T_TEXT, G_MARITAL, MARIT),
		SE("payout_account", T_TEXT, G_IBAN, BANK), IDN("memo", T_TEXT, G_NOTE_PII, TEXT, 20),
		N("row_version", T_INT, G_COUNT) } },
	{ "broker", 8, "broker_id", {
		PK_N("broker_id"), N("firm_name", T_TEXT, G_COMPANY), N("office_phone", T_TEXT, G_PHONE),
		N("office_street", T_TEXT, G_STREET), N("city", T_TEXT, G_CITY),
		N("vat_no", T_TEXT, G_VAT) } },
	{ "policy", 200, "policy_no", {
		{ "policy_no", T_TEXT, G_ORDERNO, TIER_NONE, NULL, NULL, 0 },
		FK_P("holder_id", "policyholder"), FK_N("broker_id", "broker"),
		LI("premium", T_NUM, G_AMOUNT, FIN), LI("start_dt", T_DATE, G_DATE, FIN),
		LIN("end_dt", T_DATE, G_DATE2, FIN, 30), LI("product_line", T_TEXT, G_WORD, FIN) } },
	{ "vehicle", 150, "vehicle_id", {
		PK_N("vehicle_id"), FK_P("holder_id", "policyholder"),
		ID("reg_plate", T_TEXT, G_PLATE, "user.government_id.vehicle_registration"),
		LI("model_year", T_INT, G_YEAR, FIN), LI("make", T_TEXT, G_WORD, FIN) } },
	{ "claim", 180, "claim_id", {
		PK_N("claim_id"), FK_P("holder_id", "policyholder"), LI("claim_dt", T_DATE, G_DATE, FIN),
		LI("claimed_amt", T_NUM, G_AMOUNT, FIN), SE("injury_dx", T_TEXT, G_ICD10, DIAG),
		LIN("adjuster_note", T_TEXT, G_NOTE, TEXT, 40) } },
	{ "peril_code", 10, "code", {
		{ "code", T_TEXT, G_CODE, TIER_NONE, NULL, NULL, 0 }, N("label", T_TEXT, G_WORD) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "hotel", "camelCase, FHIR-free hospitality", {
	{ "guestProfile", 140, "guestId", {
		PK_P("guestId"), ID("givenName", T_TEXT, G_FIRST, NAME), ID("surname", T_TEXT, G_LAST, NAME),
		ID("emailAddr", T_TEXT, G_EMAIL, EMAIL), ID("mobileNo", T_TEXT, G_PHONE, PHONE),
		QI("nationality", T_TEXT, G_COUNTRY, NATL), ID("passportNo", T_TEXT, G_PASSPORT,
		    "user.government_id.passport_number"), QI("preferredLang", T_TEXT, G_LANG, LANG),
		QIN("dateOfBirth", T_DATE, G_DOB, DOB, 30), LI("vipLevel", T_TEXT, G_GRADE, BEHAV),
		N("lastSyncedAt", T_TS, G_TS) } },
	{ "property", 6, "propertyId", {
		PK_N("propertyId"), N("propertyName", T_TEXT, G_COMPANY), N("street", T_TEXT, G_STREET),
		N("city", T_TEXT, G_CITY), N("frontDeskPhone", T_TEXT, G_PHONE) } },
	{ "roomType", 8, "roomTypeId", {
		PK_N("roomTypeId"), N("roomTypeCode", T_TEXT, G_CODE), N("description", T_TEXT, G_WORD),
		N("rackRate", T_NUM, G_PRICE) } },
	{ "reservation", 300, "reservationId", {
		PK_N("reservationId"), FK_P("guestId", "guestProfile"), FK_N("propertyId", "property"),
		FK_N("roomTypeId", "roomType"), LI("arrival", T_DATE, G_DATE, BEHAV),
		LI("departure", T_DATE, G_DATE2, BEHAV), LI("adults", T_INT, G_COUNT, BEHAV),
		LI("totalCharge", T_NUM, G_AMOUNT, BUY), LIN("specialRequests", T_TEXT, G_NOTE, TEXT, 50),
		SEN("cardToken", T_TEXT, G_CARD, CARD, 10) } },
	{ "stayNight", 400, "reservationId,nightDate", {
		FK_N("reservationId", "reservation"), LI("nightDate", T_DATE, G_DATE, BEHAV),
		LI("rateCharged", T_NUM, G_PRICE, BUY) } },
	{ "housekeepingTask", 60, "taskId", {
		PK_N("taskId"), N("scheduledFor", T_TS, G_TS), N("status", T_TEXT, G_STATUS),
		N("taskType", T_TEXT, G_WORD) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "telco", "UPPER_SNAKE and terse telecom names", {
	{ "SUBSCRIBER", 160, "SUB_ID", {
		PK_P("SUB_ID"), ID("FULL_NAME", T_TEXT, G_FULL, NAME), ID("MSISDN", T_TEXT, G_PHONE, PHONE),
		ID("IMSI", T_TEXT, G_IMSI, DEV), ID("EMAIL", T_TEXT, G_EMAIL, EMAIL),
		ID("BILL_ADDR", T_TEXT, G_STREET, ADDR), QI("BILL_CITY", T_TEXT, G_CITY, CITY),
		QI("DOB", T_DATE, G_DOB, DOB), SE("ID_DOC_NO", T_TEXT, G_NINO, GOVID),
		LI("ACTIVATED_ON", T_DATE, G_DATE, BEHAV), FK_N("PLAN_ID", "PLAN"),
		IDN("CARE_NOTES", T_TEXT, G_NOTE_PII, TEXT, 30) } },
	{ "PLAN", 6, "PLAN_ID", {
		PK_N("PLAN_ID"), N("PLAN_CD", T_TEXT, G_CODE), N("PLAN_NM", T_TEXT, G_WORD),
		N("MONTHLY_FEE", T_NUM, G_PRICE), N("DATA_GB", T_INT, G_COUNT) } },
	{ "CELL_SITE", 25, "SITE_ID", {
		PK_N("SITE_ID"), N("SITE_NM", T_TEXT, G_WORD), N("CITY", T_TEXT, G_CITY),
		N("REGION", T_TEXT, G_REGION), N("COMMISSIONED_ON", T_DATE, G_DATE) } },
	{ "CDR", 500, "CDR_ID", {
		PK_N("CDR_ID"), FK_P("SUB_ID", "SUBSCRIBER"), FK_N("SITE_ID", "CELL_SITE"),
		ID("CALLED_NO", T_TEXT, G_PHONE, PHONE), LI("START_TS", T_TS, G_TS, BEHAV),
		LI("DURATION_S", T_INT, G_COUNT, BEHAV), LI("CHARGE", T_NUM, G_PRICE, FIN) } },
	{ "TOPUP", 200, "TOPUP_ID", {
		PK_N("TOPUP_ID"), FK_P("SUB_ID", "SUBSCRIBER"), LI("AMT", T_NUM, G_AMOUNT, FIN),
		LI("TOPUP_TS", T_TS, G_TS, FIN), LI("CHANNEL", T_TEXT, G_WORD, FIN) } },
	{ "ETL_BATCH", 30, "BATCH_ID", {
		PK_N("BATCH_ID"), N("STARTED_TS", T_TS, G_TS), N("ROWS_LOADED", T_INT, G_COUNT),
		N("STATUS", T_TEXT, G_STATUS) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
/*
 * logistics, gemeente and media were the second held-out set; steward was
 * changed for what they showed (the languages pack, a profile is a person,
 * a studio is an organisation, an age rating is not an age), so they are
 * tuned now.
 */
{ "logistics", "snake_case parcel carrier", {
	{ "consignee", 150, "consignee_id", {
		PK_P("consignee_id"), ID("recipient_name", T_TEXT, G_FULL, NAME),
		ID("delivery_address", T_TEXT, G_STREET, ADDR), QI("delivery_postcode", T_TEXT, G_POSTCODE, POST),
		QI("delivery_town", T_TEXT, G_CITY, CITY), ID("notify_sms", T_TEXT, G_PHONE, PHONE),
		ID("notify_email", T_TEXT, G_EMAIL, EMAIL), LIN("safe_place", T_TEXT, G_NOTE, TEXT, 40),
		N("created_by_job", T_TEXT, G_WORD) } },
	{ "depot", 10, "depot_id", {
		PK_N("depot_id"), N("depot_name", T_TEXT, G_COMPANY), N("address", T_TEXT, G_STREET),
		N("town", T_TEXT, G_CITY), N("depot_phone", T_TEXT, G_PHONE), N("lat", T_TEXT, G_LAT),
		N("lon", T_TEXT, G_LON) } },
	{ "driver", 30, "driver_id", {
		PK_P("driver_id"), ID("driver_name", T_TEXT, G_FULL, NAME),
		SE("licence_no", T_TEXT, G_DLN, "user.government_id.drivers_license_number"),
		ID("mobile", T_TEXT, G_PHONE, PHONE), FK_N("home_depot_id", "depot"),
		QI("hired_on", T_DATE, G_DATE, WORK) } },
	{ "service_level", 5, "service_level_id", {
		PK_N("service_level_id"), N("name", T_TEXT, G_WORD), N("max_days", T_INT, G_COUNT),
		N("price", T_NUM, G_PRICE) } },
	{ "parcel", 400, "parcel_id", {
		PK_N("parcel_id"), FK_P("consignee_id", "consignee"), FK_N("service_level_id", "service_level"),
		{ "tracking_no", T_TEXT, G_ORDERNO, TIER_NONE, NULL, NULL, 0 },
		LI("weight_kg", T_TEXT, G_KG, BEHAV), LI("declared_value", T_NUM, G_AMOUNT, BUY),
		LI("status", T_TEXT, G_STATUS, BEHAV), LI("delivered_at", T_TS, G_TS, BEHAV) } },
	{ "scan_event", 600, "scan_id", {
		PK_N("scan_id"), FK_N("parcel_id", "parcel"), FK_N("depot_id", "depot"),
		FK_P("driver_id", "driver"), LI("scanned_at", T_TS, G_TS, BEHAV),
		LI("scan_lat", T_TEXT, G_LAT, LOC), LI("scan_lon", T_TEXT, G_LON, LOC) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "gemeente", "Dutch column and table names, a municipal register", {
	{ "inwoner", 150, "inwoner_id", {
		PK_P("inwoner_id"), ID("voornaam", T_TEXT, G_FIRST, NAME), ID("achternaam", T_TEXT, G_LAST, NAME),
		SE("bsn", T_TEXT, G_BSN, GOVID), QI("geboortedatum", T_DATE, G_DOB, DOB),
		QI("geslacht", T_TEXT, G_GENDER, GEND), ID("straat", T_TEXT, G_STREET, ADDR),
		QI("postcode", T_TEXT, G_POSTCODE, POST), QI("woonplaats", T_TEXT, G_CITY, CITY),
		ID("telefoon", T_TEXT, G_PHONE, PHONE), ID("email", T_TEXT, G_EMAIL, EMAIL),
		QIN("burgerlijke_staat", T_TEXT, G_MARITAL, MARIT, 10) } },
	{ "afdeling", 8, "afdeling_id", {
		PK_N("afdeling_id"), N("naam", T_TEXT, G_DEPT), N("telefoon", T_TEXT, G_PHONE),
		N("bezoekadres", T_TEXT, G_STREET) } },
	{ "vergunning", 250, "vergunning_id", {
		PK_N("vergunning_id"), FK_P("inwoner_id", "inwoner"), FK_N("afdeling_id", "afdeling"),
		LI("aanvraagdatum", T_DATE, G_DATE, BEHAV), LI("besluitdatum", T_DATE, G_DATE2, BEHAV),
		LI("leges", T_NUM, G_AMOUNT, FIN), LI("status", T_TEXT, G_STATUS, BEHAV) } },
	{ "wijk", 12, "wijk_code", {
		{ "wijk_code", T_TEXT, G_CODE, TIER_NONE, NULL, NULL, 0 }, N("wijk_naam", T_TEXT, G_REGION) } },
	{ "batch_run", 20, "run_id", {
		PK_N("run_id"), N("gestart_op", T_TS, G_TS), N("aantal", T_INT, G_COUNT) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
{ "media", "PascalCase video streaming", {
	{ "Account", 140, "AccountId", {
		PK_P("AccountId"), ID("EmailAddress", T_TEXT, G_EMAIL, EMAIL),
		SE("PasswordHash", T_TEXT, G_HASH, CRED), QI("Country", T_TEXT, G_COUNTRY, CTRY),
		QIN("BirthYear", T_INT, G_YEAR, DOB, 20), LI("SignupDate", T_DATE, G_DATE, BEHAV),
		LI("PlanTier", T_TEXT, G_GRADE, BEHAV) } },
	{ "Profile", 260, "ProfileId", {
		PK_P("ProfileId"), FK_P("AccountId", "Account"), ID("ProfileName", T_TEXT, G_FIRST, NAME),
		LI("IsKids", T_BOOL, G_BOOL, BEHAV), QI("Language", T_TEXT, G_LANG, LANG) } },
	{ "Studio", 12, "StudioId", {
		PK_N("StudioId"), N("StudioName", T_TEXT, G_COMPANY), N("HqCity", T_TEXT, G_CITY),
		N("PressPhone", T_TEXT, G_PHONE) } },
	{ "Title", 80, "TitleId", {
		PK_N("TitleId"), N("TitleName", T_TEXT, G_PRODUCT), N("ReleaseYear", T_INT, G_YEAR),
		FK_N("StudioId", "Studio"), N("AgeRating", T_TEXT, G_CODE) } },
	{ "PlaybackEvent", 700, "EventId", {
		PK_N("EventId"), FK_P("ProfileId", "Profile"), FK_N("TitleId", "Title"),
		LI("StartedAt", T_TS, G_TS, "user.behavior.media_consumption"),
		LI("PositionSeconds", T_INT, G_COUNT, "user.behavior.media_consumption"),
		LI("DeviceType", T_TEXT, G_WORD, DEV), ID("ClientIp", T_TEXT, G_IP, IP) } },
	{ "PaymentMethod", 150, "PaymentMethodId", {
		PK_N("PaymentMethodId"), FK_P("AccountId", "Account"), SE("CardLast4", T_TEXT, G_LAST4, CARD),
		LI("ExpiryMonth", T_INT, G_MONTH, FIN), QI("BillingZip", T_TEXT, G_POSTCODE, POST) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 0 },
/*
 * Held out: the three domains below were written after every rule and
 * lexicon change so far, measured once, and steward was not changed to fit
 * them.  docs/accuracy.md reports them apart; their figures are the fairer
 * estimate for schemas steward has never seen.  Keep it so: when a change
 * is tuned on them, mark them tuned and write new ones.
 */
{ "airline", "Title Case names with spaces and '#', as imported from spreadsheets", {
	{ "Passengers", 150, "Passenger ID", {
		PK_P("Passenger ID"), ID("First Name", T_TEXT, G_FIRST, NAME), ID("Surname", T_TEXT, G_LAST, NAME),
		QI("Date of Birth", T_DATE, G_DOB, DOB), QI("Sex", T_TEXT, G_GENDER, GEND),
		SE("Passport Number", T_TEXT, G_PASSPORT, "user.government_id.passport_number"),
		QI("Nationality", T_TEXT, G_COUNTRY, NATL), ID("Mobile #", T_TEXT, G_PHONE, PHONE),
		ID("E-mail", T_TEXT, G_EMAIL, EMAIL), IDN("Frequent Flyer #", T_TEXT, G_ORDERNO, UID, 40),
		FK_N("Tier ID", "Loyalty Tiers") } },
	{ "Loyalty Tiers", 4, "Tier ID", {
		PK_N("Tier ID"), N("Tier Name", T_TEXT, G_GRADE), N("Min Miles", T_INT, G_COUNT) } },
	{ "Airports", 20, "Airport ID", {
		PK_N("Airport ID"), N("Airport Name", T_TEXT, G_COMPANY), N("City", T_TEXT, G_CITY),
		N("Country", T_TEXT, G_COUNTRY), N("Phone", T_TEXT, G_PHONE) } },
	{ "Flights", 60, "Flight ID", {
		PK_N("Flight ID"), N("Flight Number", T_TEXT, G_CODE), FK_N("Origin Airport ID", "Airports"),
		FK_N("Destination Airport ID", "Airports"), N("Departure Time", T_TS, G_TS),
		N("Aircraft Type", T_TEXT, G_WORD) } },
	{ "Bookings", 300, "Booking ID", {
		PK_N("Booking ID"), N("PNR", T_TEXT, G_ORDERNO), FK_P("Passenger ID", "Passengers"),
		FK_N("Flight ID", "Flights"), LI("Fare Paid", T_NUM, G_AMOUNT, BUY),
		LI("Booked On", T_DATE, G_DATE, BEHAV), LI("Seat", T_TEXT, G_CODE, BEHAV),
		LIN("Meal Preference", T_TEXT, G_WORD, BEHAV, 50), LI("Cabin Class", T_TEXT, G_GRADE, BEHAV) } },
	{ "Crew Members", 40, "Crew ID", {
		PK_P("Crew ID"), ID("Full Name", T_TEXT, G_FULL, NAME), QI("Rank", T_TEXT, G_JOB, JOB),
		QI("Date Joined", T_DATE, G_DATE, WORK), FK_N("Base Airport ID", "Airports") } },
	{ "Check-in Log", 400, "Log ID", {
		PK_N("Log ID"), FK_P("Passenger ID", "Passengers"), LI("Checked In At", T_TS, G_TS, BEHAV),
		N("Kiosk IP", T_TEXT, G_IP), LI("Bags", T_INT, G_COUNT, BEHAV) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 1 },
{ "verein", "German names, a sports club", {
	{ "mitglieder", 150, "mitglied_id", {
		PK_P("mitglied_id"), ID("vorname", T_TEXT, G_FIRST, NAME), ID("nachname", T_TEXT, G_LAST, NAME),
		QI("geburtsdatum", T_DATE, G_DOB, DOB), QI("geschlecht", T_TEXT, G_GENDER, GEND),
		ID("strasse", T_TEXT, G_STREET, ADDR), QI("plz", T_TEXT, G_POSTCODE, POST),
		QI("ort", T_TEXT, G_CITY, CITY), ID("telefon", T_TEXT, G_PHONE, PHONE),
		ID("email", T_TEXT, G_EMAIL, EMAIL), SE("iban", T_TEXT, G_IBAN, BANK),
		QIN("beruf", T_TEXT, G_JOB, JOB, 30), LI("eintrittsdatum", T_DATE, G_DATE, BEHAV),
		FK_N("beitragsklasse_id", "beitragsklassen") } },
	{ "beitragsklassen", 5, "beitragsklasse_id", {
		PK_N("beitragsklasse_id"), N("bezeichnung", T_TEXT, G_WORD), N("betrag", T_NUM, G_PRICE) } },
	{ "mannschaften", 8, "mannschaft_id", {
		PK_N("mannschaft_id"), N("name", T_TEXT, G_WORD), N("liga", T_TEXT, G_GRADE),
		FK_P("trainer_id", "mitglieder") } },
	{ "beitraege", 400, "beitrag_id", {
		PK_N("beitrag_id"), FK_P("mitglied_id", "mitglieder"), LI("betrag", T_NUM, G_AMOUNT, FIN),
		LI("faellig_am", T_DATE, G_DATE, FIN), LIN("bezahlt_am", T_DATE, G_DATE2, FIN, 15),
		LI("zahlungsart", T_TEXT, G_WORD, FIN) } },
	{ "spielerpass", 90, "pass_id", {
		PK_N("pass_id"), FK_P("mitglied_id", "mitglieder"), FK_N("mannschaft_id", "mannschaften"),
		LI("gueltig_bis", T_DATE, G_DATE2, BEHAV) } },
	{ "sponsoren", 6, "sponsor_id", {
		PK_N("sponsor_id"), N("firmenname", T_TEXT, G_COMPANY), N("zentrale", T_TEXT, G_PHONE),
		ID("ansprechpartner", T_TEXT, G_FULL, NAME), N("strasse", T_TEXT, G_STREET) } },
	{ "protokoll", 30, "lauf_id", {
		PK_N("lauf_id"), N("gestartet_um", T_TS, G_TS), N("datensaetze", T_INT, G_COUNT) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 1 },
{ "recruit", "lower case run together (firstname, phonenumber), an applicant tracker", {
	{ "candidate", 150, "candidateid", {
		PK_P("candidateid"), ID("firstname", T_TEXT, G_FIRST, NAME), ID("lastname", T_TEXT, G_LAST, NAME),
		ID("emailaddr", T_TEXT, G_EMAIL, EMAIL), ID("phonenumber", T_TEXT, G_PHONE, PHONE),
		IDN("linkedinurl", T_TEXT, G_URL, "user.contact.social_url", 30),
		QIN("currentemployer", T_TEXT, G_COMPANY, WORK, 20), QI("currenttitle", T_TEXT, G_JOB, JOB),
		SEN("expectedsalary", T_NUM, G_AMOUNT, FIN, 20), QI("zipcode", T_TEXT, G_POSTCODE, POST),
		SEN("ethnicity", T_TEXT, G_ETHNIC, RACE, 40), QIN("gender", T_TEXT, G_GENDER, GEND, 30),
		LI("source", T_TEXT, G_WORD, BEHAV) } },
	{ "company", 20, "companyid", {
		PK_N("companyid"), N("companyname", T_TEXT, G_COMPANY), N("hqaddress", T_TEXT, G_STREET),
		N("mainphone", T_TEXT, G_PHONE), N("industry", T_TEXT, G_INDUSTRY) } },
	{ "hiringmanager", 30, "managerid", {
		PK_P("managerid"), ID("fullname", T_TEXT, G_FULL, NAME), ID("workemail", T_TEXT, G_EMAIL, EMAIL),
		ID("directline", T_TEXT, G_PHONE, PHONE), FK_N("companyid", "company") } },
	{ "jobopening", 50, "jobid", {
		PK_N("jobid"), FK_N("companyid", "company"), N("jobtitle", T_TEXT, G_JOB),
		N("salarymin", T_NUM, G_PRICE), N("salarymax", T_NUM, G_PRICE),
		FK_P("managerid", "hiringmanager"), N("postedon", T_DATE, G_DATE) } },
	{ "stagelookup", 6, "stageid", {
		PK_N("stageid"), N("stagename", T_TEXT, G_WORD) } },
	{ "application", 300, "applicationid", {
		PK_N("applicationid"), FK_P("candidateid", "candidate"), FK_N("jobid", "jobopening"),
		FK_N("stageid", "stagelookup"), LI("appliedon", T_DATE, G_DATE, BEHAV),
		LIN("rejectionreason", T_TEXT, G_NOTE, TEXT, 50), SEN("offeredsalary", T_NUM, G_AMOUNT, FIN, 70) } },
	{ "interview", 200, "interviewid", {
		PK_N("interviewid"), FK_N("applicationid", "application"), FK_P("interviewerid", "hiringmanager"),
		LI("scheduledat", T_TS, G_TS, BEHAV), LI("score", T_INT, G_COUNT, WORK),
		LIN("feedbacknotes", T_TEXT, G_NOTE, TEXT, 20) } },
	}, { { NULL, NULL, { N(NULL, T_INT, G_SEQ) } } }, 1 },
};

const int acc_ndomains = (int)(sizeof(acc_domains) / sizeof(acc_domains[0]));

const char *
acc_tier_name(enum acc_tier t)
{
	switch (t) {
	case TIER_IDENTIFIER: return "identifier";
	case TIER_QUASI: return "quasi";
	case TIER_SENSITIVE: return "sensitive";
	case TIER_LINKED: return "linked";
	case TIER_NONE: break;
	}
	return "none";
}
