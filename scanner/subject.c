/*
 * Table subjects and what follows from them (docs/subjects.md).
 *
 * A table's subject is scored, not looked up: every piece of evidence adds
 * a weight to one of person (P), event about a person (E), organisation
 * (O) or reference (R), and the highest score wins when it is clear
 * enough.  Evidence comes from
 *
 *   - the table's name: its head word ("customer_orders" -> order), read
 *     against a lexicon of entity and event words, singular or plural, in
 *     any case style, with prefixes like tbl_ and dim_ left out;
 *   - the findings of its own columns: a person's own name, birth date,
 *     gender, government id or login make a table of people; a contact
 *     person's name with no name of its own, a VAT number or a website make
 *     an organisation;
 *   - the graph: a foreign key to a person (or to an event about one), a
 *     column that holds a person's key without a declared foreign key, and
 *     being referenced by people as their address.
 *
 * Events ("order", "invoice", "subscription") belong to whoever they
 * reference: a consumer's order is about a person, a business customer's
 * order is not, even when an employee handled it (the employee is an actor,
 * not the subject).  The graph part runs to a fixed point, because one
 * table's subject is evidence for its neighbours'.
 *
 * Every weight and word is here, in one place, and every decision carries
 * its evidence as plain sentences, so that `steward explain` can answer
 * "why is this personal?".
 */
#include "subject.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rules/ruleset.h"
#include "rules/classify.h"

/* ---- the lexicon -------------------------------------------------------- */

enum wkind {
	W_P = 1,        /* an entity that is a person */
	W_EV,           /* an event or record that belongs to someone */
	W_O,            /* an organisation or a part of one */
	W_R,            /* a thing, a code, a lookup, system data */
	W_NEUTRAL,      /* says nothing by itself: account, master, info */
	W_PART          /* "the lines of": order_item, invoice_line */
};

/* What an event is about, for the category of its linked attributes. */
enum wcat {
	C_NONE = 0, C_PURCHASE, C_FINANCIAL, C_EMPLOYMENT, C_HEALTH, C_MEDIA, C_CONTENT,
	C_BEHAVIOR, C_BROWSING, C_CONTACT, C_SEARCH, C_ACCOUNT
};

static const char *const cat_names[] = {
	[C_NONE] = "user.behavior",
	[C_PURCHASE] = "user.behavior.purchase_history",
	[C_FINANCIAL] = "user.financial",
	[C_EMPLOYMENT] = "user.professional_information",
	[C_HEALTH] = "user.health",
	[C_MEDIA] = "user.behavior.media_consumption",
	[C_CONTENT] = "user.content.private",
	[C_BEHAVIOR] = "user.behavior",
	[C_BROWSING] = "user.behavior.browsing_history",
	[C_CONTACT] = "user.contact",
	[C_SEARCH] = "user.behavior.search_history",
	[C_ACCOUNT] = "user.account",
};

#define F_WORKFORCE 1u    /* people who act for the organisation: staff, agents */
#define F_INTERNAL 2u     /* a part of the organisation itself, not a counterparty */
#define F_SYSTEM 4u       /* machinery: jobs, settings, migrations */
#define F_WEAK 8u         /* a word that is often something else */
#define F_LOOKUP 16u      /* a prefix that marks a lookup table (ref_, lkp_) */

struct lex {
	const char *w;    /* singular, lower case */
	unsigned char kind;
	unsigned char cat;
	unsigned char flags;
};

/* Words are matched after singularising (singular() below), so only one
 * form is listed; abbreviations common in legacy schemas are included. */
static const struct lex lexicon[] = {
	/* people */
	{ "customer", W_P, 0, 0 }, { "cust", W_P, 0, 0 }, { "client", W_P, 0, 0 },
	{ "user", W_P, 0, 0 }, { "usr", W_P, 0, 0 }, { "person", W_P, 0, 0 },
	{ "people", W_P, 0, 0 }, { "individual", W_P, 0, 0 }, { "human", W_P, 0, 0 },
	{ "employee", W_P, 0, F_WORKFORCE }, { "emp", W_P, 0, F_WORKFORCE },
	{ "staff", W_P, 0, F_WORKFORCE }, { "worker", W_P, 0, F_WORKFORCE },
	{ "personnel", W_P, 0, F_WORKFORCE }, { "clerk", W_P, 0, F_WORKFORCE },
	{ "cashier", W_P, 0, F_WORKFORCE }, { "salesperson", W_P, 0, F_WORKFORCE },
	{ "salesrep", W_P, 0, F_WORKFORCE }, { "rep", W_P, 0, F_WORKFORCE | F_WEAK },
	{ "agent", W_P, 0, F_WORKFORCE | F_WEAK }, { "operator", W_P, 0, F_WORKFORCE | F_WEAK },
	{ "patient", W_P, 0, 0 }, { "member", W_P, 0, 0 }, { "mbr", W_P, 0, 0 },
	{ "student", W_P, 0, 0 }, { "pupil", W_P, 0, 0 }, { "learner", W_P, 0, 0 },
	{ "guardian", W_P, 0, 0 }, { "parent", W_P, 0, F_WEAK }, { "child", W_P, 0, F_WEAK },
	{ "guest", W_P, 0, 0 }, { "visitor", W_P, 0, 0 }, { "passenger", W_P, 0, 0 },
	{ "traveler", W_P, 0, 0 }, { "traveller", W_P, 0, 0 }, { "rider", W_P, 0, 0 },
	{ "driver", W_P, 0, F_WEAK }, { "applicant", W_P, 0, 0 }, { "candidate", W_P, 0, 0 },
	{ "donor", W_P, 0, 0 }, { "volunteer", W_P, 0, 0 }, { "subscriber", W_P, 0, 0 },
	{ "physician", W_P, 0, F_WORKFORCE }, { "doctor", W_P, 0, F_WORKFORCE },
	{ "nurse", W_P, 0, F_WORKFORCE }, { "practitioner", W_P, 0, F_WORKFORCE },
	{ "clinician", W_P, 0, F_WORKFORCE }, { "caregiver", W_P, 0, 0 },
	{ "provider", W_P, 0, F_WORKFORCE | F_WEAK }, { "therapist", W_P, 0, F_WORKFORCE },
	{ "teacher", W_P, 0, F_WORKFORCE }, { "instructor", W_P, 0, F_WORKFORCE },
	{ "tutor", W_P, 0, F_WORKFORCE }, { "lecturer", W_P, 0, F_WORKFORCE },
	{ "professor", W_P, 0, F_WORKFORCE }, { "faculty", W_P, 0, F_WORKFORCE | F_WEAK },
	{ "contact", W_P, 0, 0 }, { "beneficiary", W_P, 0, 0 }, { "policyholder", W_P, 0, 0 },
	{ "cardholder", W_P, 0, 0 }, { "holder", W_P, 0, F_WEAK }, { "borrower", W_P, 0, 0 },
	{ "resident", W_P, 0, 0 }, { "citizen", W_P, 0, 0 }, { "voter", W_P, 0, 0 },
	{ "participant", W_P, 0, 0 }, { "respondent", W_P, 0, 0 }, { "attendee", W_P, 0, 0 },
	{ "athlete", W_P, 0, 0 }, { "player", W_P, 0, F_WEAK }, { "shopper", W_P, 0, 0 },
	{ "buyer", W_P, 0, 0 }, { "consumer", W_P, 0, 0 }, { "recipient", W_P, 0, F_WEAK },
	{ "dependent", W_P, 0, 0 }, { "dependant", W_P, 0, 0 }, { "spouse", W_P, 0, 0 },
	{ "kin", W_P, 0, 0 }, { "relative", W_P, 0, F_WEAK }, { "alumnus", W_P, 0, 0 },
	{ "alumni", W_P, 0, 0 }, { "intern", W_P, 0, 0 }, { "trainee", W_P, 0, 0 },
	{ "author", W_P, 0, 0 }, { "actor", W_P, 0, 0 }, { "reader", W_P, 0, F_WEAK },
	{ "listener", W_P, 0, F_WEAK }, { "viewer", W_P, 0, F_WEAK }, { "investor", W_P, 0, 0 },
	{ "shareholder", W_P, 0, 0 }, { "owner", W_P, 0, F_WEAK }, { "profile", W_P, 0, 0 },
	{ "prospect", W_P, 0, 0 }, { "lead", W_P, 0, F_WEAK }, { "insured", W_P, 0, 0 },
	{ "claimant", W_P, 0, 0 }, { "debtor", W_P, 0, F_WEAK },
	{ "pt", W_P, 0, F_WEAK }, { "pat", W_P, 0, F_WEAK }, { "stud", W_P, 0, F_WEAK },
	/* people, in Dutch, German, French, Spanish, Italian, Portuguese
	 * (plural forms listed where singular() cannot make them) */
	{ "klant", W_P, 0, 0 }, { "klanten", W_P, 0, 0 }, { "inwoner", W_P, 0, 0 },
	{ "bewoner", W_P, 0, 0 }, { "burger", W_P, 0, F_WEAK }, { "persoon", W_P, 0, 0 },
	{ "personen", W_P, 0, 0 }, { "medewerker", W_P, 0, F_WORKFORCE },
	{ "werknemer", W_P, 0, F_WORKFORCE }, { "leerling", W_P, 0, 0 },
	{ "leerlingen", W_P, 0, 0 }, { "lid", W_P, 0, F_WEAK }, { "leden", W_P, 0, 0 },
	{ "aanvrager", W_P, 0, 0 }, { "kunde", W_P, 0, 0 }, { "kunden", W_P, 0, 0 },
	{ "mitarbeiter", W_P, 0, F_WORKFORCE }, { "einwohner", W_P, 0, 0 },
	{ "mitglied", W_P, 0, 0 }, { "mitglieder", W_P, 0, 0 }, { "schueler", W_P, 0, 0 },
	{ "patienten", W_P, 0, 0 }, { "personne", W_P, 0, 0 }, { "habitant", W_P, 0, 0 },
	{ "salarie", W_P, 0, F_WORKFORCE }, { "employe", W_P, 0, F_WORKFORCE },
	{ "eleve", W_P, 0, 0 }, { "adherent", W_P, 0, 0 }, { "cliente", W_P, 0, 0 },
	{ "persona", W_P, 0, 0 }, { "empleado", W_P, 0, F_WORKFORCE },
	{ "alumno", W_P, 0, 0 }, { "socio", W_P, 0, F_WEAK }, { "paciente", W_P, 0, 0 },
	{ "dipendente", W_P, 0, F_WORKFORCE }, { "paziente", W_P, 0, 0 },
	{ "studente", W_P, 0, 0 }, { "funcionario", W_P, 0, F_WORKFORCE },
	{ "utente", W_P, 0, 0 }, { "usuario", W_P, 0, 0 }, { "utilisateur", W_P, 0, 0 },
	{ "gebruiker", W_P, 0, 0 }, { "benutzer", W_P, 0, 0 },
	/* organisations */
	{ "company", W_O, 0, 0 }, { "org", W_O, 0, 0 }, { "organisation", W_O, 0, 0 },
	{ "organization", W_O, 0, 0 }, { "firm", W_O, 0, 0 }, { "business", W_O, 0, 0 },
	{ "enterprise", W_O, 0, 0 }, { "corporation", W_O, 0, 0 }, { "corp", W_O, 0, 0 },
	{ "supplier", W_O, 0, 0 }, { "vendor", W_O, 0, 0 }, { "vnd", W_O, 0, 0 },
	{ "supp", W_O, 0, F_WEAK }, { "shipper", W_O, 0, 0 }, { "carrier", W_O, 0, 0 },
	{ "courier", W_O, 0, 0 }, { "manufacturer", W_O, 0, 0 }, { "publisher", W_O, 0, 0 },
	{ "distributor", W_O, 0, 0 }, { "dealer", W_O, 0, 0 }, { "merchant", W_O, 0, 0 },
	{ "tenant", W_O, 0, 0 }, { "bank", W_O, 0, F_WEAK }, { "insurer", W_O, 0, 0 },
	{ "payer", W_O, 0, F_WEAK }, { "agency", W_O, 0, 0 }, { "institution", W_O, 0, 0 },
	{ "employer", W_O, 0, 0 }, { "partner", W_O, 0, F_WEAK },
	{ "store", W_O, 0, F_INTERNAL }, { "shop", W_O, 0, F_INTERNAL },
	{ "branch", W_O, 0, F_INTERNAL }, { "office", W_O, 0, F_INTERNAL },
	{ "site", W_O, 0, F_INTERNAL }, { "facility", W_O, 0, F_INTERNAL },
	{ "plant", W_O, 0, F_INTERNAL }, { "warehouse", W_O, 0, F_INTERNAL },
	{ "depot", W_O, 0, F_INTERNAL }, { "outlet", W_O, 0, F_INTERNAL },
	{ "location", W_O, 0, F_INTERNAL }, { "premise", W_O, 0, F_INTERNAL },
	{ "venue", W_O, 0, F_INTERNAL }, { "headquarter", W_O, 0, F_INTERNAL },
	{ "property", W_O, 0, F_INTERNAL | F_WEAK }, { "hotel", W_O, 0, F_INTERNAL },
	{ "resort", W_O, 0, F_INTERNAL }, { "restaurant", W_O, 0, F_INTERNAL },
	{ "airport", W_O, 0, F_INTERNAL },
	{ "gym", W_O, 0, F_INTERNAL }, { "salon", W_O, 0, F_INTERNAL },
	{ "cinema", W_O, 0, F_INTERNAL }, { "theatre", W_O, 0, F_INTERNAL },
	{ "theater", W_O, 0, F_INTERNAL }, { "museum", W_O, 0, F_INTERNAL },
	{ "department", W_O, 0, F_INTERNAL }, { "dept", W_O, 0, F_INTERNAL },
	{ "division", W_O, 0, F_INTERNAL }, { "team", W_O, 0, F_INTERNAL },
	{ "hospital", W_O, 0, F_INTERNAL }, { "clinic", W_O, 0, F_INTERNAL },
	{ "pharmacy", W_O, 0, F_INTERNAL }, { "school", W_O, 0, F_INTERNAL },
	{ "university", W_O, 0, F_INTERNAL }, { "college", W_O, 0, F_INTERNAL },
	{ "campus", W_O, 0, F_INTERNAL }, { "workspace", W_O, 0, F_INTERNAL },
	{ "studio", W_O, 0, 0 }, { "broadcaster", W_O, 0, 0 },
	{ "franchise", W_O, 0, 0 }, { "sponsor", W_O, 0, F_WEAK },
	{ "bedrijf", W_O, 0, 0 }, { "bedrijven", W_O, 0, 0 }, { "organisatie", W_O, 0, 0 },
	{ "leverancier", W_O, 0, 0 }, { "firma", W_O, 0, 0 }, { "unternehmen", W_O, 0, 0 },
	{ "lieferant", W_O, 0, 0 }, { "entreprise", W_O, 0, 0 }, { "societe", W_O, 0, 0 },
	{ "fournisseur", W_O, 0, 0 }, { "empresa", W_O, 0, 0 }, { "proveedor", W_O, 0, 0 },
	{ "azienda", W_O, 0, 0 }, { "fornitore", W_O, 0, 0 }, { "gemeente", W_O, 0, 0 },
	{ "afdeling", W_O, 0, F_INTERNAL }, { "afdelingen", W_O, 0, F_INTERNAL },
	{ "vestiging", W_O, 0, F_INTERNAL }, { "kantoor", W_O, 0, F_INTERNAL },
	{ "abteilung", W_O, 0, F_INTERNAL }, { "filiale", W_O, 0, F_INTERNAL },
	{ "standort", W_O, 0, F_INTERNAL }, { "agence", W_O, 0, F_INTERNAL },
	{ "departamento", W_O, 0, F_INTERNAL }, { "sucursal", W_O, 0, F_INTERNAL },
	{ "reparto", W_O, 0, F_INTERNAL }, { "sede", W_O, 0, F_INTERNAL },
	/* events and records that belong to someone */
	{ "order", W_EV, C_PURCHASE, 0 }, { "ord", W_EV, C_PURCHASE, 0 },
	{ "purchase", W_EV, C_PURCHASE, 0 }, { "sale", W_EV, C_PURCHASE, 0 },
	{ "cart", W_EV, C_PURCHASE, 0 }, { "basket", W_EV, C_PURCHASE, 0 },
	{ "checkout", W_EV, C_PURCHASE, 0 }, { "invoice", W_EV, C_PURCHASE, 0 },
	{ "receipt", W_EV, C_PURCHASE, 0 }, { "bill", W_EV, C_PURCHASE, 0 },
	{ "billing", W_EV, C_PURCHASE, 0 }, { "wishlist", W_EV, C_PURCHASE, 0 },
	{ "quote", W_EV, C_PURCHASE, F_WEAK }, { "return", W_EV, C_PURCHASE, 0 },
	{ "payment", W_EV, C_FINANCIAL, 0 }, { "pmt", W_EV, C_FINANCIAL, 0 },
	{ "pymt", W_EV, C_FINANCIAL, 0 }, { "charge", W_EV, C_FINANCIAL, 0 },
	{ "refund", W_EV, C_FINANCIAL, 0 }, { "transaction", W_EV, C_FINANCIAL, 0 },
	{ "txn", W_EV, C_FINANCIAL, 0 }, { "trx", W_EV, C_FINANCIAL, 0 },
	{ "tran", W_EV, C_FINANCIAL, 0 }, { "transfer", W_EV, C_FINANCIAL, 0 },
	{ "deposit", W_EV, C_FINANCIAL, 0 }, { "withdrawal", W_EV, C_FINANCIAL, 0 },
	{ "loan", W_EV, C_FINANCIAL, 0 }, { "credit", W_EV, C_FINANCIAL, F_WEAK },
	{ "statement", W_EV, C_FINANCIAL, 0 }, { "balance", W_EV, C_FINANCIAL, 0 },
	{ "ledger", W_EV, C_FINANCIAL, 0 }, { "installment", W_EV, C_FINANCIAL, 0 },
	{ "instalment", W_EV, C_FINANCIAL, 0 }, { "payout", W_EV, C_FINANCIAL, 0 },
	{ "card", W_EV, C_FINANCIAL, 0 }, { "fine", W_EV, C_FINANCIAL, 0 },
	{ "penalty", W_EV, C_FINANCIAL, 0 }, { "claim", W_EV, C_FINANCIAL, 0 },
	{ "policy", W_EV, C_FINANCIAL, F_WEAK },
	{ "salary", W_EV, C_EMPLOYMENT, 0 }, { "sal", W_EV, C_EMPLOYMENT, 0 },
	{ "payroll", W_EV, C_EMPLOYMENT, 0 }, { "paycheck", W_EV, C_EMPLOYMENT, 0 },
	{ "payslip", W_EV, C_EMPLOYMENT, 0 }, { "wage", W_EV, C_EMPLOYMENT, 0 },
	{ "compensation", W_EV, C_EMPLOYMENT, 0 }, { "bonus", W_EV, C_EMPLOYMENT, 0 },
	{ "title", W_EV, C_EMPLOYMENT, F_WEAK }, { "assignment", W_EV, C_EMPLOYMENT, 0 },
	{ "employment", W_EV, C_EMPLOYMENT, 0 }, { "contract", W_EV, C_EMPLOYMENT, F_WEAK },
	{ "leave", W_EV, C_EMPLOYMENT, 0 }, { "absence", W_EV, C_EMPLOYMENT, 0 },
	{ "vacation", W_EV, C_EMPLOYMENT, 0 }, { "timesheet", W_EV, C_EMPLOYMENT, 0 },
	{ "shift", W_EV, C_EMPLOYMENT, 0 }, { "appraisal", W_EV, C_EMPLOYMENT, 0 },
	{ "evaluation", W_EV, C_EMPLOYMENT, 0 }, { "training", W_EV, C_EMPLOYMENT, 0 },
	{ "certification", W_EV, C_EMPLOYMENT, 0 }, { "termination", W_EV, C_EMPLOYMENT, 0 },
	{ "hire", W_EV, C_EMPLOYMENT, 0 }, { "position", W_EV, C_EMPLOYMENT, F_WEAK },
	{ "performance", W_EV, C_EMPLOYMENT, 0 }, { "onboarding", W_EV, C_EMPLOYMENT, 0 },
	{ "encounter", W_EV, C_HEALTH, 0 }, { "admission", W_EV, C_HEALTH, 0 },
	{ "discharge", W_EV, C_HEALTH, 0 }, { "diagnosis", W_EV, C_HEALTH, 0 },
	{ "diagnose", W_EV, C_HEALTH, 0 }, { "condition", W_EV, C_HEALTH, 0 },
	{ "procedure", W_EV, C_HEALTH, 0 }, { "exposure", W_EV, C_HEALTH, 0 },
	{ "drug", W_EV, C_HEALTH, 0 }, { "medication", W_EV, C_HEALTH, 0 },
	{ "prescription", W_EV, C_HEALTH, 0 }, { "measurement", W_EV, C_HEALTH, 0 },
	{ "observation", W_EV, C_HEALTH, 0 }, { "lab", W_EV, C_HEALTH, 0 },
	{ "vital", W_EV, C_HEALTH, 0 }, { "specimen", W_EV, C_HEALTH, 0 },
	{ "immunization", W_EV, C_HEALTH, 0 }, { "immunisation", W_EV, C_HEALTH, 0 },
	{ "vaccination", W_EV, C_HEALTH, 0 }, { "allergy", W_EV, C_HEALTH, 0 },
	{ "intolerance", W_EV, C_HEALTH, 0 }, { "death", W_EV, C_HEALTH, 0 },
	{ "clinical", W_EV, C_HEALTH, 0 }, { "treatment", W_EV, C_HEALTH, 0 },
	{ "symptom", W_EV, C_HEALTH, 0 }, { "episode", W_EV, C_HEALTH, 0 },
	{ "era", W_EV, C_HEALTH, 0 }, { "occurrence", W_EV, C_HEALTH, 0 },
	{ "medical", W_EV, C_HEALTH, 0 }, { "health", W_EV, C_HEALTH, 0 },
	{ "therapy", W_EV, C_HEALTH, 0 }, { "surgery", W_EV, C_HEALTH, 0 },
	{ "problem", W_EV, C_HEALTH, F_WEAK }, { "result", W_EV, C_BEHAVIOR, F_WEAK },
	{ "play", W_EV, C_MEDIA, 0 }, { "listen", W_EV, C_MEDIA, 0 },
	{ "stream", W_EV, C_MEDIA, 0 }, { "watch", W_EV, C_MEDIA, 0 },
	{ "download", W_EV, C_MEDIA, 0 }, { "view", W_EV, C_BROWSING, F_WEAK },
	{ "pageview", W_EV, C_BROWSING, 0 }, { "click", W_EV, C_BROWSING, 0 },
	{ "session", W_EV, C_BROWSING, 0 }, { "login", W_EV, C_BROWSING, 0 },
	{ "logon", W_EV, C_BROWSING, 0 }, { "signin", W_EV, C_BROWSING, 0 },
	{ "search", W_EV, C_SEARCH, 0 }, { "query", W_EV, C_SEARCH, F_WEAK },
	{ "message", W_EV, C_CONTENT, 0 }, { "comment", W_EV, C_CONTENT, 0 },
	{ "post", W_EV, C_CONTENT, F_WEAK }, { "review", W_EV, C_CONTENT, 0 },
	{ "feedback", W_EV, C_CONTENT, 0 }, { "complaint", W_EV, C_CONTENT, 0 },
	{ "ticket", W_EV, C_CONTENT, 0 }, { "chat", W_EV, C_CONTENT, 0 },
	{ "note", W_EV, C_CONTENT, 0 }, { "letter", W_EV, C_CONTENT, 0 },
	{ "survey", W_EV, C_CONTENT, 0 }, { "response", W_EV, C_CONTENT, 0 },
	{ "answer", W_EV, C_CONTENT, 0 }, { "call", W_EV, C_CONTENT, 0 },
	{ "meeting", W_EV, C_BEHAVIOR, 0 }, { "interaction", W_EV, C_BEHAVIOR, 0 },
	{ "activity", W_EV, C_BEHAVIOR, 0 }, { "event", W_EV, C_BEHAVIOR, F_WEAK },
	{ "audit", W_EV, C_BEHAVIOR, 0 }, { "history", W_EV, C_BEHAVIOR, 0 },
	{ "rental", W_EV, C_BEHAVIOR, 0 }, { "rent", W_EV, C_BEHAVIOR, 0 },
	{ "lease", W_EV, C_BEHAVIOR, 0 }, { "borrowing", W_EV, C_BEHAVIOR, 0 },
	{ "booking", W_EV, C_BEHAVIOR, 0 }, { "reservation", W_EV, C_BEHAVIOR, 0 },
	{ "appointment", W_EV, C_BEHAVIOR, 0 }, { "visit", W_EV, C_BEHAVIOR, 0 },
	{ "stay", W_EV, C_BEHAVIOR, 0 }, { "enrollment", W_EV, C_BEHAVIOR, 0 },
	{ "enrolment", W_EV, C_BEHAVIOR, 0 }, { "enroll", W_EV, C_BEHAVIOR, 0 },
	{ "registration", W_EV, C_BEHAVIOR, 0 }, { "attendance", W_EV, C_BEHAVIOR, 0 },
	{ "grade", W_EV, C_BEHAVIOR, 0 }, { "score", W_EV, C_BEHAVIOR, 0 },
	{ "exam", W_EV, C_BEHAVIOR, 0 }, { "assessment", W_EV, C_BEHAVIOR, 0 },
	{ "submission", W_EV, C_BEHAVIOR, 0 }, { "application", W_EV, C_BEHAVIOR, F_WEAK },
	{ "subscription", W_EV, C_BEHAVIOR, 0 }, { "membership", W_EV, C_BEHAVIOR, 0 },
	{ "consent", W_EV, C_BEHAVIOR, 0 }, { "preference", W_EV, C_BEHAVIOR, 0 },
	{ "trip", W_EV, C_BEHAVIOR, 0 }, { "ride", W_EV, C_BEHAVIOR, 0 },
	{ "journey", W_EV, C_BEHAVIOR, 0 }, { "delivery", W_EV, C_BEHAVIOR, 0 },
	{ "shipment", W_EV, C_BEHAVIOR, 0 }, { "favourite", W_EV, C_BEHAVIOR, 0 },
	{ "favorite", W_EV, C_BEHAVIOR, 0 }, { "like", W_EV, C_BEHAVIOR, F_WEAK },
	{ "follow", W_EV, C_BEHAVIOR, 0 }, { "rating", W_EV, C_BEHAVIOR, F_WEAK },
	{ "attempt", W_EV, C_BEHAVIOR, 0 }, { "participation", W_EV, C_BEHAVIOR, 0 },
	{ "checkin", W_EV, C_BEHAVIOR, 0 }, { "incident", W_EV, C_BEHAVIOR, 0 },
	{ "case", W_EV, C_BEHAVIOR, F_WEAK }, { "deal", W_EV, C_PURCHASE, 0 },
	{ "opportunity", W_EV, C_PURCHASE, 0 }, { "reward", W_EV, C_BEHAVIOR, 0 },
	{ "loyalty", W_EV, C_BEHAVIOR, 0 }, { "referral", W_EV, C_BEHAVIOR, 0 },
	{ "address", W_EV, C_CONTACT, 0 }, { "addr", W_EV, C_CONTACT, 0 },
	{ "phone", W_EV, C_CONTACT, 0 }, { "email", W_EV, C_CONTACT, 0 },
	{ "device", W_EV, C_BROWSING, F_WEAK },
	/* things, codes, lookups */
	{ "country", W_R, 0, 0 }, { "ctry", W_R, 0, 0 }, { "cntry", W_R, 0, 0 },
	{ "state", W_R, 0, 0 }, { "province", W_R, 0, 0 }, { "region", W_R, 0, 0 },
	{ "territory", W_R, 0, 0 }, { "city", W_R, 0, 0 }, { "town", W_R, 0, 0 },
	{ "district", W_R, 0, 0 }, { "county", W_R, 0, 0 }, { "zone", W_R, 0, 0 },
	{ "currency", W_R, 0, 0 }, { "curr", W_R, 0, 0 }, { "language", W_R, 0, 0 },
	{ "lang", W_R, 0, 0 }, { "locale", W_R, 0, 0 }, { "timezone", W_R, 0, 0 },
	{ "category", W_R, 0, 0 }, { "genre", W_R, 0, 0 }, { "type", W_R, 0, 0 },
	{ "kind", W_R, 0, 0 }, { "status", W_R, 0, 0 }, { "code", W_R, 0, 0 },
	{ "lookup", W_R, 0, F_LOOKUP }, { "lkp", W_R, 0, F_LOOKUP }, { "lu", W_R, 0, F_LOOKUP },
	{ "ref", W_R, 0, F_LOOKUP }, { "reference", W_R, 0, F_LOOKUP },
	{ "dictionary", W_R, 0, 0 }, { "dict", W_R, 0, 0 }, { "vocabulary", W_R, 0, 0 },
	{ "concept", W_R, 0, 0 }, { "domain", W_R, 0, 0 }, { "relationship", W_R, 0, F_WEAK },
	{ "synonym", W_R, 0, 0 }, { "ancestor", W_R, 0, 0 }, { "codesystem", W_R, 0, 0 },
	{ "valueset", W_R, 0, 0 }, { "terminology", W_R, 0, 0 },
	{ "product", W_R, 0, 0 }, { "prod", W_R, 0, 0 }, { "prd", W_R, 0, 0 },
	{ "article", W_R, 0, 0 }, { "sku", W_R, 0, 0 }, { "catalog", W_R, 0, 0 },
	{ "catalogue", W_R, 0, 0 }, { "film", W_R, 0, 0 }, { "movie", W_R, 0, 0 },
	{ "track", W_R, 0, 0 }, { "album", W_R, 0, 0 }, { "song", W_R, 0, 0 },
	{ "artist", W_R, 0, F_WEAK }, { "book", W_R, 0, 0 }, { "course", W_R, 0, 0 },
	{ "room", W_R, 0, 0 }, { "classroom", W_R, 0, 0 }, { "building", W_R, 0, 0 },
	{ "plan", W_R, 0, 0 }, { "tier", W_R, 0, 0 }, { "price", W_R, 0, 0 },
	{ "pricing", W_R, 0, 0 }, { "tariff", W_R, 0, 0 }, { "rate", W_R, 0, 0 },
	{ "tax", W_R, 0, 0 }, { "fee", W_R, 0, 0 }, { "uom", W_R, 0, 0 },
	{ "unit", W_R, 0, F_WEAK }, { "calendar", W_R, 0, 0 }, { "holiday", W_R, 0, 0 },
	{ "date", W_R, 0, F_WEAK }, { "permission", W_R, 0, 0 }, { "role", W_R, 0, 0 },
	{ "feature", W_R, 0, 0 }, { "flag", W_R, 0, 0 }, { "format", W_R, 0, 0 },
	{ "media", W_R, 0, 0 }, { "playlist", W_R, 0, 0 }, { "collection", W_R, 0, 0 },
	{ "inventory", W_R, 0, 0 }, { "stock", W_R, 0, 0 }, { "asset", W_R, 0, 0 },
	{ "equipment", W_R, 0, 0 }, { "vehicle", W_R, 0, F_WEAK }, { "bike", W_R, 0, 0 },
	{ "station", W_R, 0, 0 }, { "dock", W_R, 0, 0 }, { "route", W_R, 0, 0 },
	{ "stop", W_R, 0, 0 }, { "menu", W_R, 0, 0 }, { "ingredient", W_R, 0, 0 },
	{ "recipe", W_R, 0, 0 }, { "tag", W_R, 0, 0 }, { "keyword", W_R, 0, 0 },
	{ "template", W_R, 0, 0 }, { "channel", W_R, 0, 0 }, { "campaign", W_R, 0, 0 },
	{ "promotion", W_R, 0, 0 }, { "promo", W_R, 0, 0 }, { "coupon", W_R, 0, 0 },
	{ "discount", W_R, 0, 0 }, { "method", W_R, 0, 0 }, { "model", W_R, 0, 0 },
	{ "brand", W_R, 0, 0 }, { "make", W_R, 0, 0 }, { "industry", W_R, 0, 0 },
	{ "sector", W_R, 0, 0 }, { "specialty", W_R, 0, 0 }, { "speciality", W_R, 0, 0 },
	{ "skill", W_R, 0, 0 }, { "instrument", W_R, 0, 0 },
	{ "service", W_R, 0, F_WEAK }, { "item", W_PART, 0, 0 }, { "mcc", W_R, 0, 0 },
	/* machinery */
	{ "migration", W_R, 0, F_SYSTEM }, { "job", W_R, 0, F_SYSTEM }, { "cron", W_R, 0, F_SYSTEM },
	{ "task", W_R, 0, F_SYSTEM | F_WEAK }, { "queue", W_R, 0, F_SYSTEM },
	{ "setting", W_R, 0, F_SYSTEM }, { "config", W_R, 0, F_SYSTEM },
	{ "configuration", W_R, 0, F_SYSTEM }, { "parameter", W_R, 0, F_SYSTEM },
	{ "parm", W_R, 0, F_SYSTEM }, { "param", W_R, 0, F_SYSTEM }, { "sys", W_R, 0, F_SYSTEM },
	{ "system", W_R, 0, F_SYSTEM }, { "meta", W_R, 0, F_SYSTEM },
	{ "metadata", W_R, 0, F_SYSTEM }, { "schema", W_R, 0, F_SYSTEM },
	{ "version", W_R, 0, F_SYSTEM }, { "lock", W_R, 0, F_SYSTEM },
	{ "cache", W_R, 0, F_SYSTEM }, { "heartbeat", W_R, 0, F_SYSTEM },
	{ "backup", W_R, 0, F_SYSTEM }, { "maintenance", W_R, 0, F_SYSTEM },
	{ "batch", W_R, 0, F_SYSTEM }, { "etl", W_R, 0, F_SYSTEM }, { "sequence", W_R, 0, F_SYSTEM },
	{ "healthcheck", W_R, 0, F_SYSTEM }, { "run", W_R, 0, F_SYSTEM | F_WEAK },
	/* say nothing alone */
	{ "account", W_NEUTRAL, 0, 0 }, { "acct", W_NEUTRAL, 0, 0 }, { "master", W_NEUTRAL, 0, 0 },
	{ "mst", W_NEUTRAL, 0, 0 }, { "record", W_NEUTRAL, 0, 0 }, { "rec", W_NEUTRAL, 0, 0 },
	{ "info", W_NEUTRAL, 0, 0 }, { "information", W_NEUTRAL, 0, 0 },
	{ "data", W_NEUTRAL, 0, 0 }, { "main", W_NEUTRAL, 0, 0 }, { "base", W_NEUTRAL, 0, 0 },
	{ "hdr", W_NEUTRAL, 0, 0 }, { "header", W_NEUTRAL, 0, 0 }, { "list", W_NEUTRAL, 0, 0 },
	{ "map", W_NEUTRAL, 0, 0 }, { "mapping", W_NEUTRAL, 0, 0 }, { "link", W_NEUTRAL, 0, 0 },
	{ "xref", W_NEUTRAL, 0, 0 }, { "assoc", W_NEUTRAL, 0, 0 },
	{ "association", W_NEUTRAL, 0, 0 }, { "log", W_NEUTRAL, 0, 0 },
	{ "table", W_NEUTRAL, 0, 0 }, { "extra", W_NEUTRAL, 0, 0 },
	{ "extension", W_NEUTRAL, 0, 0 }, { "private", W_NEUTRAL, 0, 0 },
	{ "personal", W_NEUTRAL, 0, 0 }, { "summary", W_NEUTRAL, 0, 0 },
	{ "snapshot", W_NEUTRAL, 0, 0 }, { "archive", W_NEUTRAL, 0, 0 },
	{ "copy", W_NEUTRAL, 0, 0 }, { "loc", W_NEUTRAL, 0, 0 },
	{ "period", W_NEUTRAL, 0, 0 },
	{ "detail", W_PART, 0, 0 }, { "dtl", W_PART, 0, 0 }, { "line", W_PART, 0, 0 },
	{ "entry", W_PART, 0, 0 }, { "row", W_PART, 0, 0 }, { "component", W_PART, 0, 0 },
};

/* Leading words that say how a table is stored, not what it holds. */
static const char *const prefixes[] = { "tbl", "tb", "t", "dim", "fact", "stg", "staging", "raw",
	"src", "v", "vw", "x", "tmp", "temp", "app", "core", "dbo", NULL };

static const struct lex *sorted_lex[sizeof(lexicon) / sizeof(lexicon[0])];
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static int
lex_cmp(const void *a, const void *b)
{
	const struct lex *const *x = a, *const *y = b;

	return strcmp((*x)->w, (*y)->w);
}

static void
lex_init(void)
{
	for (size_t i = 0; i < sizeof(lexicon) / sizeof(lexicon[0]); i++)
		sorted_lex[i] = &lexicon[i];
	qsort(sorted_lex, sizeof(lexicon) / sizeof(lexicon[0]), sizeof(sorted_lex[0]), lex_cmp);
}

static const struct lex *
lex_find(const char *w)
{
	struct lex key = { w, 0, 0, 0 };
	const struct lex *kp = &key, *const *hit;

	pthread_once(&lex_once, lex_init);
	hit = bsearch(&kp, sorted_lex, sizeof(lexicon) / sizeof(lexicon[0]), sizeof(sorted_lex[0]),
	    lex_cmp);
	return hit ? *hit : NULL;
}

/* ---- words ---------------------------------------------------------------- */

/* The singular of an English word part, by the few rules schema names
 * need ("addresses", "categories", "people", "statuses", "classes",
 * and "warehouses", not "warehous"). */
static void
singular(char *w)
{
	size_t n = strlen(w);

	if (strcmp(w, "people") == 0) {
		memcpy(w, "person", 7);
		return;
	}
	if (strcmp(w, "children") == 0) {
		w[5] = '\0';
		return;
	}
	if (n < 4 || w[n - 1] != 's')
		return;
	if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
		w[n - 3] = 'y';
		w[n - 2] = '\0';
	} else if (strcmp(w + n - 4, "sses") == 0 ||
	    (strcmp(w + n - 4, "uses") == 0 && (n < 5 || w[n - 5] != 'o')) ||
	    strcmp(w + n - 4, "ches") == 0 || strcmp(w + n - 4, "shes") == 0 ||
	    strcmp(w + n - 3, "xes") == 0) {
		w[n - 2] = '\0';
	} else if (w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i') {
		w[n - 1] = '\0';
	}
}

/* A name split into singular, lower-case word parts. */
struct words {
	char **w;
	size_t n;
	struct stw_buf norm;          /* the normalised name, '_' separated */
};

static void
words_split(struct words *ws, const char *name)
{
	char *p, *save;

	memset(ws, 0, sizeof(*ws));
	stw_buf_init(&ws->norm, 0);
	stw_rules_normalize_name(&ws->norm, name ? name : "");
	p = stw_strdup(ws->norm.buf);
	ws->w = stw_calloc(ws->norm.len + 2, sizeof(*ws->w));
	save = p;
	for (char *q = p; *q != '\0';) {
		char *e = strchr(q, '_');

		if (e != NULL)
			*e = '\0';
		if (*q != '\0') {
			ws->w[ws->n] = stw_strdup(q);
			singular(ws->w[ws->n]);
			ws->n++;
		}
		if (e == NULL)
			break;
		q = e + 1;
	}
	free(save);
}

static void
words_release(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	stw_buf_release(&ws->norm);
}

static int
words_has(const struct words *ws, const char *w)
{
	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], w) == 0)
			return 1;
	return 0;
}

static int
words_any(const struct words *ws, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (words_has(ws, list[i]))
			return 1;
	return 0;
}

static int
is_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

char *
stw_subject_words(const char *name)
{
	struct words ws;
	struct stw_buf b = STW_BUF_INIT;

	words_split(&ws, name);
	for (size_t i = 0; i < ws.n; i++) {
		if (i > 0)
			stw_buf_addc(&b, '_');
		stw_buf_adds(&b, ws.w[i]);
	}
	words_release(&ws);
	return stw_buf_detach(&b);
}

/* ---- column word classes ------------------------------------------------- */

/* Words that make a column a contact person's, inside an organisation row. */
static const char *const contact_words[] = { "contact", "attn", "attention", "liaison",
	"representative", "rep", "person", "primary", NULL };
/* Roles of a named person of an organisation (manager_name, owner_email). */
static const char *const role_words[] = { "manager", "owner", "director", "ceo", "founder",
	"principal", "signatory", "agent", "head", "chair", "president", "admin", NULL };
/* Foreign-key names that point at whoever handled a row, not whom it is about. */
static const char *const actor_words[] = { "by", "clerk", "cashier", "approver", "approved",
	"reviewer", "reviewed", "assignee", "assigned", "handler", "handled", "processed",
	"processor", "operator", "served", "manager", "supervisor", "head", "lead", "creator",
	"created", "updated", "modified", "changed", "entered", "recorder", "recorded", "verified",
	"verifier", "signed", "issued", "issuer", NULL };

/* Row-maintenance columns: about the database, not about anyone. */
static int
system_column(const struct words *ws)
{
	static const char *const first[] = { "etl", "dw", "sys", "load", "batch", "ingest",
		"ingested", "loaded", "rowversion", "row", NULL };
	static const char *const any[] = { "updated", "update", "modified", "modification", "mod",
		"rowversion", "checksum", "etag", "copied", "synced", "exported", "imported",
		"refreshed", "replicated", NULL };
	static const char *const by[] = { "by", "source", "run", NULL };
	static const char *const machine[] = { "job", "batch", "etl", "cron", "script", "pipeline",
		"process", "importer", "loader", "sync", "daemon", "bot", "system", NULL };
	const char *n = ws->norm.buf;

	if (ws->n == 0)
		return 0;
	for (size_t i = 0; first[i]; i++)
		if (strcmp(ws->w[0], first[i]) == 0)
			return 1;
	if (words_any(ws, any))
		return 1;
	/* "created_by_job", "loaded_by_process": a program, not a person */
	if (words_any(ws, by) && words_any(ws, machine))
		return 1;
	return strcmp(n, "version") == 0 || strcmp(n, "row_version") == 0 ||
	    strcmp(n, "lock_version") == 0 || strcmp(n, "created_by") == 0 ||
	    strcmp(n, "record_source") == 0 || strcmp(n, "source_system") == 0 ||
	    strcmp(n, "is_deleted") == 0 || strcmp(n, "deleted") == 0 || strcmp(n, "xmin") == 0 ||
	    strcmp(n, "ts") == 0 || strcmp(n, "timestamp") == 0 || strcmp(n, "rowid") == 0 ||
	    strcmp(n, "hash") == 0;
}

/* Names of keys: an unannounced reference to something (store_id, order_no). */
static int
key_like(const struct words *ws)
{
	static const char *const last[] = { "id", "key", "ref", "uuid", "guid", "fk", "code", "no",
		"nr", "num", "number", "sk", "pk", "oid", "idx", "token", NULL };
	const char *lw;

	if (ws->n == 0)
		return 0;
	lw = ws->w[ws->n - 1];
	for (size_t i = 0; last[i]; i++)
		if (strcmp(lw, last[i]) == 0)
			return 1;
	return 0;
}

/* Free-text columns: their linked category is content, not the event's. */
static int
free_text_column(const struct words *ws)
{
	static const char *const w[] = { "note", "comment", "remark", "description", "message",
		"body", "text", "content", "memo", "narrative", "reason", "summary", NULL };
	return ws->n > 0 && words_any(ws, w);
}

/* ---- per-table state ------------------------------------------------------ */

enum { K_P = 0, K_E, K_O, K_R, K_PR, K_EV, K_OP, NK };

struct tinfo;

/* Foreign key k of table y references the table holding this. */
struct ref {
	struct tinfo *y;
	size_t k;
};

struct item {
	int kind;           /* K_* */
	double w;
	char *text;         /* owned */
};

struct tinfo {
	struct stw_source *src;
	struct stw_table *t;
	int base;                     /* a table, not a view */
	int fixed;                    /* subject from the configuration */
	enum stw_subject_kind kind;   /* current decision */
	double score[NK];             /* of the last decision */
	double best, second;
	unsigned head_flags;          /* F_* of the head word */
	int head_kind;                /* W_* or 0 */
	enum wcat cat;                /* from the name, C_NONE if none */
	struct item *local;           /* name and column evidence */
	size_t nlocal, alocal;
	struct item *graph;           /* this round's graph evidence */
	size_t ngraph, agraph;
	struct tinfo **fk_to;         /* [t->nfkeys]: the referenced table, or NULL */
	struct ref *refby;            /* the foreign keys that reference this table */
	size_t nrefby, arefby;
	size_t srcidx, idx;           /* its source's index and its own, for the name index */
	int assoc;                    /* every column is a foreign key (or system) */
	int has_contact;              /* a contact person's name is among its columns */
};

static void
add_item(struct item **v, size_t *n, size_t *alloc, int kind, double w, char *text)
{
	stw_grow(v, alloc, *n, sizeof(**v));
	(*v)[*n].kind = kind;
	(*v)[*n].w = w;
	(*v)[*n].text = text;
	(*n)++;
}

static void
local_item(struct tinfo *ti, int kind, double w, char *text)
{
	add_item(&ti->local, &ti->nlocal, &ti->alocal, kind, w, text);
}

static void
graph_item(struct tinfo *ti, int kind, double w, char *text)
{
	add_item(&ti->graph, &ti->ngraph, &ti->agraph, kind, w, text);
}

static void
clear_items(struct item *v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free(v[i].text);
	*n = 0;
}

static const char *
subject_words(enum stw_subject_kind k)
{
	switch (k) {
	case STW_SUBJ_PERSON: return "a table of people";
	case STW_SUBJ_PERSON_EVENT: return "a table of events about people";
	case STW_SUBJ_ORGANISATION: return "a table of organisations";
	case STW_SUBJ_REFERENCE: return "reference data";
	case STW_SUBJ_UNKNOWN: break;
	}
	return "of unknown subject";
}

static int
base_kind(const struct stw_table *t)
{
	return t->kind == NULL || (strcmp(t->kind, "view") != 0 &&
	    strcmp(t->kind, "materialized_view") != 0 && strcmp(t->kind, "partition") != 0);
}

static char *
tname(const struct stw_table *t)
{
	return stw_asprintf("%s.%s", t->schema ? t->schema : "", t->name ? t->name : "");
}

/* ---- local evidence: the name ---------------------------------------------- */

static double
word_weight(const struct lex *lx)
{
	double w;

	switch (lx->kind) {
	case W_P: case W_O: w = 3.0; break;
	case W_EV: case W_R: w = 2.0; break;
	default: w = 0.0; break;
	}
	return (lx->flags & F_WEAK) ? w / 2.0 : w;
}

static int
kind_of_word(int wk)
{
	switch (wk) {
	case W_P: return K_P;
	case W_O: return K_O;
	case W_R: return K_R;
	case W_EV: return K_EV;
	}
	return -1;
}

static void
name_evidence(struct tinfo *ti)
{
	struct words ws;
	const struct lex *head = NULL, *mods[8];
	size_t start = 0, nmods = 0, hi = 0;

	words_split(&ws, ti->t->name);
	/* Storage prefixes first (tbl_customer, dim_patient), but a lookup
	 * prefix is evidence of its own. */
	while (start + 1 < ws.n) {
		const struct lex *lx = lex_find(ws.w[start]);
		int pre = 0;

		for (size_t i = 0; prefixes[i]; i++)
			if (strcmp(ws.w[start], prefixes[i]) == 0)
				pre = 1;
		if (lx != NULL && (lx->flags & F_LOOKUP)) {
			local_item(ti, K_R, 1.5, stw_asprintf("its name marks a lookup table ('%s')",
			    ws.w[start]));
			start++;
			continue;
		}
		if (!pre)
			break;
		start++;
	}
	/* The head is the last word that is neither neutral nor a part
	 * ("order_items" is about orders); earlier words are modifiers. */
	for (size_t i = ws.n; i > start; i--) {
		const struct lex *lx = lex_find(ws.w[i - 1]);

		if (lx == NULL || is_digits(ws.w[i - 1]))
			continue;
		if (lx->kind == W_NEUTRAL || lx->kind == W_PART)
			continue;
		if (head == NULL) {
			head = lx;
			hi = i - 1;
		} else if (nmods < sizeof(mods) / sizeof(mods[0])) {
			mods[nmods++] = lx;
		}
	}
	if (head != NULL) {
		int hk = kind_of_word(head->kind);
		const struct lex *m = nmods > 0 ? mods[0] : NULL;

		ti->head_kind = head->kind;
		ti->head_flags = head->flags;
		if (head->kind == W_EV)
			ti->cat = (enum wcat)head->cat;
		if (m != NULL && head->kind != W_EV && m->kind != W_EV && m->kind != head->kind &&
		    (head->kind == W_P || m->kind == W_P) && hi + 1 == ws.n) {
			/* Two entities side by side, one of them people: often a
			 * link table ("dept_emp", "film_actor"), sometimes people
			 * of something ("company_contacts"); the columns and keys
			 * decide between the two. */
			local_item(ti, K_EV, 1.5, stw_asprintf("its name links '%s' and '%s'", m->w,
			    head->w));
			if (head->kind == W_P)
				local_item(ti, K_P, word_weight(head) / 2.0, stw_asprintf("its name says "
				    "people ('%s')", head->w));
			ti->head_kind = W_EV;
			ti->cat = C_EMPLOYMENT;
			if (!(head->flags & F_WORKFORCE) && !(m->flags & F_WORKFORCE))
				ti->cat = C_BEHAVIOR;
		} else {
			/* "sys_job_runs": a weak head word counts as much as a
			 * modifier of the same kind. */
			double w = word_weight(head);

			for (size_t i = 0; i < nmods; i++)
				if (mods[i]->kind == head->kind && word_weight(mods[i]) > w)
					w = word_weight(mods[i]);
			local_item(ti, hk, w, stw_asprintf("its name says %s ('%s')",
			    hk == K_P ? "people" : hk == K_O ? "organisation" : hk == K_R ?
			    ((head->flags & F_SYSTEM) ? "system data" : "reference data") : "an event or record",
			    head->w));
		}
		for (size_t i = 0; i < nmods; i++) {
			const struct lex *lx = mods[i];

			if (head->kind == W_EV && lx->kind == W_P) {
				/* "customer_orders": whose events the name says. */
				local_item(ti, K_PR, 1.0, stw_asprintf("its name says whose ('%s')",
				    lx->w));
				break;
			}
			if (head->kind == W_EV && lx->kind == W_O) {
				local_item(ti, K_OP, 1.0, stw_asprintf("its name says whose ('%s')",
				    lx->w));
				break;
			}
			if (head->kind == W_EV && lx->kind == W_EV && ti->cat == C_NONE)
				ti->cat = (enum wcat)lx->cat;
		}
		if (ti->cat == C_NONE || ti->cat == C_BEHAVIOR)
			for (size_t i = 0; i < nmods; i++)
				if (mods[i]->kind == W_EV && mods[i]->cat != C_NONE &&
				    mods[i]->cat != C_CONTACT) {
					ti->cat = (enum wcat)mods[i]->cat;
					break;
				}
	}
	words_release(&ws);
}

/* ---- local evidence: the columns -------------------------------------------- */

/* A column's direct (own-evidence) finding of a category prefix, or NULL. */
static const struct stw_finding *
direct_finding(const struct stw_column *c, const char *prefix)
{
	for (size_t i = 0; i < c->nfindings; i++)
		if (stw_evidence_direct(c->findings[i]->evidence) &&
		    stw_category_under(c->findings[i]->category, prefix))
			return c->findings[i];
	return NULL;
}

static void
list_add(struct stw_buf *b, size_t *n, const char *s)
{
	if (*n < 3)
		stw_buf_addf(b, "%s%s", *n ? ", " : "", s);
	else if (*n == 3)
		stw_buf_adds(b, ", ...");
	(*n)++;
}

static int
in_any_fk(const struct stw_table *t, const char *col)
{
	for (size_t k = 0; k < t->nfkeys; k++)
		if (stw_strv_has(&t->fkeys[k]->columns, col))
			return 1;
	return 0;
}

static void
column_evidence(struct tinfo *ti)
{
	const struct stw_table *t = ti->t;
	struct stw_buf own = STW_BUF_INIT, contact = STW_BUF_INIT, org = STW_BUF_INIT;
	struct stw_buf ref = STW_BUF_INIT;
	size_t nown = 0, ncontact = 0, norg = 0, nref = 0, nfirstlast = 0, nfull = 0;
	double pw = 0.0;
	int dob = 0, gender = 0, govid = 0, login = 0, email = 0, photo = 0, demo = 0;
	static const char *const org_any[] = { "vat", "duns", "ein", "website", "homepage",
		"naics", "sic", "ticker", "headcount", "kvk", "siren", "siret", "ustid",
		"incorporation", "incorporated", "founded", "switchboard", "reception", "helpdesk",
		"hotline", "concierge", "frontdesk", "hq", "headquarter", "headquarters", "press",
		NULL };
	static const char *const org_first[] = { "company", "organisation", "organization", "org",
		"business", "legal", "trading", "firm", "corporate", "industry", "sector", NULL };
	static const char *const ref_any[] = { "iso", "iso2", "iso3", "alpha", "vocabulary",
		"concept", "sku", "isbn", "ean", "upc", "barcode", "gtin", "msrp", "runtime",
		"standard", NULL };

	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *c = t->columns[i];
		struct words ws;
		int is_contact, is_role;

		words_split(&ws, c->name);
		is_contact = words_any(&ws, contact_words);
		is_role = words_any(&ws, role_words);
		if (direct_finding(c, "user.name") != NULL) {
			if (is_contact || is_role) {
				list_add(&contact, &ncontact, c->name);
			} else {
				list_add(&own, &nown, c->name);
				if (direct_finding(c, "user.name.first") || direct_finding(c, "user.name.last"))
					nfirstlast++;
				else
					nfull++;
			}
		} else if (!is_contact && !is_role) {
			if (direct_finding(c, "user.demographic.date_of_birth"))
				dob = 1, list_add(&own, &nown, c->name);
			else if (direct_finding(c, "user.demographic.gender"))
				gender = 1, list_add(&own, &nown, c->name);
			else if (direct_finding(c, "user.government_id"))
				govid = 1, list_add(&own, &nown, c->name);
			else if (direct_finding(c, "user.account.username") ||
			    direct_finding(c, "user.authorization.password") ||
			    direct_finding(c, "user.authorization.credentials"))
				login = 1, list_add(&own, &nown, c->name);
			else if (direct_finding(c, "user.contact.email"))
				email = 1, list_add(&own, &nown, c->name);
			else if (direct_finding(c, "user.content.self_image"))
				photo = 1, list_add(&own, &nown, c->name);
			else if (direct_finding(c, "user.demographic"))
				demo = 1, list_add(&own, &nown, c->name);
		}
		if (ws.n > 0 && (words_any(&ws, org_any) ||
		    (words_has(&ws, "front") && words_has(&ws, "desk")) ||
		    (words_any(&ws, org_first) && !words_has(&ws, "id") &&
		    (ws.n == 1 || words_has(&ws, "name") || words_has(&ws, "number") ||
		    words_has(&ws, "registration") || words_has(&ws, "type"))) ||
		    (words_has(&ws, "registration") && words_has(&ws, "number") &&
		    words_has(&ws, "company")) ||
		    strcmp(ws.norm.buf, "credit_limit") == 0 ||
		    strcmp(ws.norm.buf, "employee_count") == 0 ||
		    strcmp(ws.norm.buf, "num_employees") == 0 ||
		    strcmp(ws.norm.buf, "number_of_employees") == 0 ||
		    strcmp(ws.norm.buf, "web_site") == 0 || strcmp(ws.norm.buf, "home_page") == 0))
			list_add(&org, &norg, c->name);
		if (ws.n > 0 && words_any(&ws, ref_any))
			list_add(&ref, &nref, c->name);
		words_release(&ws);
	}
	ti->has_contact = ncontact > 0;
	/* One row per person when the primary key is a person's key by its
	 * name (customer_id of a copy table); not when the name already says
	 * people, where it is expected, nor against a contact person. */
	if (ti->head_kind != W_P && ncontact == 0) {
		for (size_t i = 0; i < t->ncolumns; i++) {
			const struct stw_column *c = t->columns[i];

			if (c->primary_key && !in_any_fk(t, c->name) &&
			    direct_finding(c, "user.unique_id") != NULL) {
				local_item(ti, K_P, 1.5, stw_asprintf("its primary key is a person's key "
				    "(%s)", c->name));
				break;
			}
		}
	}
	if (nfirstlast > 0 || (nfull > 0 && ncontact == 0))
		pw += 1.5;
	pw += dob ? 1.5 : 0.0;
	pw += gender ? 1.0 : 0.0;
	pw += govid ? 1.5 : 0.0;
	pw += login ? 1.0 : 0.0;
	pw += email && ncontact == 0 ? 1.0 : 0.0;
	pw += photo ? 0.5 : 0.0;
	pw += demo ? 1.0 : 0.0;
	if (pw > 4.5)
		pw = 4.5;
	if (pw > 0.0)
		local_item(ti, K_P, pw, stw_asprintf("its columns describe a person (%s)", own.buf));
	if (ncontact > 0 && nfirstlast == 0 && !dob && !govid && !gender) {
		local_item(ti, K_O, 3.0, stw_asprintf("it names a contact person (%s) and no person "
		    "of its own", contact.buf));
	}
	/* A company name beside a person's own name is where the person works. */
	if (norg > 0 && nfirstlast == 0 && !dob && !govid && !gender)
		local_item(ti, K_O, norg > 3 ? 3.0 : (double)norg, stw_asprintf("its columns "
		    "describe an organisation (%s)", org.buf));
	if (nref > 0 && pw == 0.0)
		local_item(ti, K_R, nref > 3 ? 1.5 : 0.5 * (double)nref, stw_asprintf("its columns "
		    "describe things or codes (%s)", ref.buf));
	stw_buf_release(&own);
	stw_buf_release(&contact);
	stw_buf_release(&org);
	stw_buf_release(&ref);
}

/* Every column is a foreign key or row maintenance: a link table. */
static int
link_table(const struct stw_table *t)
{
	size_t fkcols = 0;

	if (t->nfkeys < 2)
		return 0;
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *c = t->columns[i];
		int in_fk = 0;
		struct words ws;

		for (size_t k = 0; k < t->nfkeys && !in_fk; k++)
			in_fk = stw_strv_has(&t->fkeys[k]->columns, c->name);
		if (in_fk) {
			fkcols++;
			continue;
		}
		words_split(&ws, c->name);
		in_fk = system_column(&ws) || (c->primary_key && key_like(&ws) && t->ncolumns > 2 &&
		    strcmp(ws.norm.buf, "id") == 0);
		words_release(&ws);
		if (!in_fk)
			return 0;
	}
	return fkcols >= 2;
}

/* ---- the graph -------------------------------------------------------------- */

/* Tables by (source, name), ties in inventory order: foreign keys are
 * resolved by binary search, so a catalog of 100,000 tables costs
 * n log n, not n squared. */
static int
ti_cmp(const void *a, const void *b)
{
	const struct tinfo *x = *(const struct tinfo *const *)a, *y = *(const struct tinfo *const *)b;
	int c;

	if (x->srcidx != y->srcidx)
		return x->srcidx < y->srcidx ? -1 : 1;
	if ((c = strcmp(x->t->name ? x->t->name : "", y->t->name ? y->t->name : "")) != 0)
		return c;
	if ((c = strcmp(x->t->schema ? x->t->schema : "", y->t->schema ? y->t->schema : "")) != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The table a foreign key names, by binary search over (source, name,
 * schema): a schema-per-tenant catalog has thousands of tables of one
 * name, so nothing here may walk all tables of a name. */
static struct tinfo *
find_ti(struct tinfo *const *index, size_t n, size_t srcidx, const char *schema,
    const char *table)
{
	size_t lo = 0, hi = n;
	struct tinfo *first = NULL;

	if (table == NULL)
		return NULL;
	while (lo < hi) {                 /* the first entry >= (srcidx, table, schema) */
		size_t mid = lo + (hi - lo) / 2;
		const struct tinfo *m = index[mid];
		int c = m->srcidx != srcidx ? (m->srcidx < srcidx ? -1 : 1)
		    : strcmp(m->t->name ? m->t->name : "", table);

		if (c == 0 && schema != NULL)
			c = strcmp(m->t->schema ? m->t->schema : "", schema);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (schema != NULL) {
		if (lo < n && index[lo]->srcidx == srcidx && index[lo]->t->name != NULL &&
		    index[lo]->t->schema != NULL && strcmp(index[lo]->t->name, table) == 0 &&
		    strcmp(index[lo]->t->schema, schema) == 0)
			return index[lo];
		return NULL;
	}
	/* SQLite foreign keys carry no schema: the first table of that name,
	 * as the catalog lists them (SQLite has one schema, so few of them). */
	for (size_t i = lo; i < n && index[i]->srcidx == srcidx && index[i]->t->name != NULL &&
	    strcmp(index[i]->t->name, table) == 0; i++)
		if (first == NULL || index[i]->idx < first->idx)
			first = index[i];
	return first;
}

static int
fk_is_pk(const struct stw_table *t, const struct stw_fkey *k)
{
	size_t npk = 0;

	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i]->primary_key) {
			npk++;
			if (!stw_strv_has(&k->columns, t->columns[i]->name))
				return 0;
		}
	return npk > 0 && npk == k->columns.n;
}

/* Is the key a handler's (created_by, clerk_id, manager_staff_id)? */
static int
actor_fk(const struct stw_fkey *k)
{
	for (size_t i = 0; i < k->columns.n; i++) {
		struct words ws;
		int hit;

		words_split(&ws, k->columns.v[i]);
		hit = words_any(&ws, actor_words);
		words_release(&ws);
		if (hit)
			return 1;
	}
	return 0;
}

static const char *
fk_cols(const struct stw_fkey *k)
{
	return k->columns.n > 0 ? k->columns.v[0] : "?";
}

static void
graph_evidence(struct tinfo *ti)
{
	const struct stw_table *t = ti->t;
	int counterparty = 0;

	clear_items(ti->graph, &ti->ngraph);
	for (size_t k = 0; k < t->nfkeys; k++) {
		const struct tinfo *x = ti->fk_to[k];
		if (x != NULL && x != ti && x->kind == STW_SUBJ_ORGANISATION &&
		    !(x->head_flags & F_INTERNAL))
			counterparty = 1;
	}
	for (size_t k = 0; k < t->nfkeys; k++) {
		const struct stw_fkey *fk = t->fkeys[k];
		const struct tinfo *x = ti->fk_to[k];
		char *xn;

		if (x == NULL || x == ti)
			continue;       /* self references say nothing of the row's subject */
		xn = tname(x->t);
		if (x->kind == STW_SUBJ_PERSON) {
			int actor = actor_fk(fk) || ((x->head_flags & F_WORKFORCE) && counterparty);

			if (actor) {
				/* What a person did is about them ("approvals.approved_by");
				 * a thing they touched is not ("products.created_by"), nor
				 * a business deal they handled. */
				double w = ti->head_kind == W_EV && !counterparty ? 1.5 : 0.25;
				graph_item(ti, K_PR, w, stw_asprintf("foreign key %s -> %s (a person "
				    "who handled the row)", fk_cols(fk), xn));
			} else {
				graph_item(ti, K_PR, 2.5, stw_asprintf("foreign key %s -> %s (a table of "
				    "people)", fk_cols(fk), xn));
				if (fk_is_pk(t, fk))
					graph_item(ti, K_P, 1.5, stw_asprintf("its primary key is the key of "
					    "%s (one row per person)", xn));
			}
		} else if (x->kind == STW_SUBJ_PERSON_EVENT && !actor_fk(fk)) {
			graph_item(ti, K_PR, 2.0, stw_asprintf("foreign key %s -> %s (events about "
			    "people)", fk_cols(fk), xn));
		} else if (x->kind == STW_SUBJ_ORGANISATION) {
			graph_item(ti, K_OP, !(x->head_flags & F_INTERNAL) ? 1.5 : 0.5,
			    stw_asprintf("foreign key %s -> %s (an organisation)", fk_cols(fk), xn));
		}
		free(xn);
	}
	/* A person's key held without a declared foreign key (legacy schemas:
	 * ORD_HDR.CUST_NO). */
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct stw_column *c = t->columns[i];

		if (c->primary_key || in_any_fk(t, c->name))
			continue;
		if (direct_finding(c, "user.unique_id") != NULL) {
			graph_item(ti, K_PR, 2.0, stw_asprintf("column %s holds a person's key",
			    c->name));
			break;
		}
	}
	/* What events about people refer to, holding nothing of anyone
	 * itself, is a thing they are about ("loan.title_id -> title"). */
	if (ti->score[K_P] == 0.0 && ti->head_kind != W_P && ti->head_kind != W_O) {
		int personal = 0, found = 0;

		for (size_t i = 0; i < t->ncolumns && !personal; i++)
			for (size_t f = 0; f < t->columns[i]->nfindings && !personal; f++)
				personal = stw_evidence_direct(t->columns[i]->findings[f]->evidence);
		for (size_t i = 0; !personal && !found && i < ti->nrefby; i++) {
			const struct tinfo *y = ti->refby[i].y;
			const struct stw_fkey *fk = y->t->fkeys[ti->refby[i].k];

			if (y == ti || y->kind != STW_SUBJ_PERSON_EVENT || actor_fk(fk))
				continue;
			char *yn = tname(y->t);
			graph_item(ti, K_R, 1.5, stw_asprintf("events about people refer to it "
			    "(%s.%s) and it holds no one's data: a thing they are about", yn,
			    fk_cols(fk)));
			free(yn);
			found = 1;
		}
	}
	/* Referenced by people, holding contact data: their addresses or
	 * phone numbers, kept in a table of their own. */
	if (ti->head_kind != W_P && ti->head_kind != W_O && ti->head_kind != W_R) {
		int contact = 0;

		for (size_t i = 0; i < t->ncolumns && !contact; i++)
			contact = direct_finding(t->columns[i], "user.contact") != NULL;
		for (size_t i = 0; contact && i < ti->nrefby; i++) {
			const struct tinfo *y = ti->refby[i].y;

			if (y == ti || y->kind != STW_SUBJ_PERSON)
				continue;
			char *yn = tname(y->t);
			graph_item(ti, K_E, 2.0, stw_asprintf("people refer to it for their "
			    "contact data (%s.%s)", yn, fk_cols(y->t->fkeys[ti->refby[i].k])));
			free(yn);
			contact = 0;
		}
	}
}

/* Sums the evidence and picks the subject; returns 1 when it changed. */
static int
decide(struct tinfo *ti)
{
	double s[NK] = { 0 };
	enum stw_subject_kind k = STW_SUBJ_UNKNOWN;
	double best = 0.0, second = 0.0;
	enum stw_subject_kind old = ti->kind;

	if (ti->fixed)
		return 0;
	for (size_t i = 0; i < ti->nlocal; i++)
		s[ti->local[i].kind] += ti->local[i].w;
	for (size_t i = 0; i < ti->ngraph; i++)
		s[ti->graph[i].kind] += ti->graph[i].w;
	/* An event belongs to whoever it references: a person, or else an
	 * organisation; with neither, nothing says whose it is. */
	if (s[K_PR] >= 1.0)
		s[K_E] += s[K_PR] + s[K_EV];
	else if (s[K_OP] > 0.0 && s[K_EV] > 0.0)
		s[K_O] += s[K_EV] + s[K_OP];
	if (ti->assoc) {
		/* A link table is whatever it links. */
		s[K_P] = 0.0;
		if (s[K_E] < 1.0 && s[K_O] < 1.0)
			s[K_R] += 1.5;
	}
	{
		const int order[] = { K_P, K_E, K_O, K_R };
		const enum stw_subject_kind kinds[] = { STW_SUBJ_PERSON, STW_SUBJ_PERSON_EVENT,
			STW_SUBJ_ORGANISATION, STW_SUBJ_REFERENCE };

		for (int i = 0; i < 4; i++) {
			double v = s[order[i]];
			if (v > best) {
				second = best;
				best = v;
				k = kinds[i];
			} else if (v > second) {
				second = v;
			}
		}
	}
	if (best < 1.5 || best - second < 0.25)
		k = STW_SUBJ_UNKNOWN;
	memcpy(ti->score, s, sizeof(s));
	ti->best = best;
	ti->second = second;
	ti->kind = k;
	return k != old;
}

/* The winning evidence, strongest first, into t->subject. */
static void
record(struct tinfo *ti)
{
	struct stw_subject *sj = &ti->t->subject;
	const struct item *it[64];
	size_t n = 0;
	int want[NK] = { 0 };

	if (ti->fixed)
		return;
	stw_strv_clear(&sj->evidence);
	sj->kind = ti->kind;
	sj->configured = 0;
	if (ti->kind == STW_SUBJ_UNKNOWN) {
		sj->confidence = 0.0;
		if (ti->best > 0.0)
			stw_strv_push(&sj->evidence, "the evidence is too weak or points more than one "
			    "way");
		return;
	}
	sj->confidence = ti->best / (ti->best + ti->second + 1.0);
	sj->confidence = round(sj->confidence * 100.0) / 100.0;
	if (sj->confidence > 0.99)
		sj->confidence = 0.99;
	switch (ti->kind) {
	case STW_SUBJ_PERSON: want[K_P] = 1; break;
	case STW_SUBJ_PERSON_EVENT: want[K_E] = want[K_PR] = want[K_EV] = 1; break;
	case STW_SUBJ_ORGANISATION: want[K_O] = want[K_OP] = want[K_EV] = 1; break;
	case STW_SUBJ_REFERENCE: want[K_R] = 1; break;
	case STW_SUBJ_UNKNOWN: break;
	}
	/* The graph first: on equal weights, what a table references says
	 * more than what it is called. */
	for (size_t i = 0; i < ti->ngraph && n < 64; i++)
		if (want[ti->graph[i].kind] && ti->graph[i].w >= 0.5)
			it[n++] = &ti->graph[i];
	for (size_t i = 0; i < ti->nlocal && n < 64; i++)
		if (want[ti->local[i].kind])
			it[n++] = &ti->local[i];
	/* strongest first; insertion sort keeps equal weights in order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && it[j]->w > it[j - 1]->w; j--) {
			const struct item *x = it[j];
			it[j] = it[j - 1];
			it[j - 1] = x;
		}
	for (size_t i = 0; i < n; i++)
		stw_strv_push(&sj->evidence, it[i]->text);
}

/* ---- consequences ------------------------------------------------------------ */

static void
dismiss(struct stw_column *c, size_t i, const char *reason)
{
	const struct stw_finding *f = c->findings[i];

	stw_column_add_dismissed(c, f->rule, f->category, reason);
	stw_column_remove_finding(c, i);
}

/* Organisation and reference tables: what looked like a person's data is
 * the organisation's own, or describes things.  Credentials stay (they
 * are sensitive whoever owns them), and so do an organisation's named
 * people: its contact person, its manager. */
static void
dismiss_non_person(struct tinfo *ti)
{
	struct stw_table *t = ti->t;
	char *tn = tname(t);
	int org = ti->kind == STW_SUBJ_ORGANISATION;

	/* Only on clear evidence, and never against strong signs of people. */
	if (ti->best < 2.0 || ti->score[K_P] >= ti->best - 0.5) {
		free(tn);
		return;
	}
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct stw_column *c = t->columns[i];
		struct words ws;
		int contact, role, person_key = 0;

		/* A key of a person (the store's manager) is that person's. */
		for (size_t k = 0; k < t->nfkeys; k++)
			if (ti->fk_to[k] != NULL && ti->fk_to[k]->kind == STW_SUBJ_PERSON &&
			    stw_strv_has(&t->fkeys[k]->columns, c->name))
				person_key = 1;
		if (person_key)
			continue;
		words_split(&ws, c->name);
		contact = words_any(&ws, contact_words);
		role = words_any(&ws, role_words);
		for (size_t f = c->nfindings; f > 0; f--) {
			struct stw_finding *fd = c->findings[f - 1];
			char *why;

			if (!stw_evidence_direct(fd->evidence) ||
			    stw_category_under(fd->category, "user.authorization"))
				continue;
			if (org && (contact || (role && stw_category_under(fd->category, "user.name")) ||
			    (ti->has_contact && stw_category_under(fd->category, "user.contact.email")) ||
			    (ti->has_contact &&
			    stw_category_under(fd->category, "user.professional_information") && contact))) {
				if (fd->note == NULL)
					fd->note = stw_note_take(stw_strdup("business contact data of an "
					    "organisation: a named person's, so personal data (GDPR applies)"));
				continue;
			}
			why = org ? stw_asprintf("%s is a table of organisations: this is the "
			    "organisation's own data, not a person's", tn)
			    : stw_asprintf("%s is reference data: it describes things, not people", tn);
			dismiss(c, f - 1, why);
			free(why);
		}
		words_release(&ws);
	}
	free(tn);
}

static struct stw_finding *
add_subject_finding(struct stw_column *c, const char *rule, const char *category,
    enum stw_sensitivity s, enum stw_evidence ev, double conf, char *note)
{
	struct stw_finding *f = stw_column_add_finding(c, rule, category, s);

	f->evidence = ev;
	f->confidence = round(conf * 100.0) / 100.0;
	f->note = stw_note_take(note);
	return f;
}

/* The primary key of a table of people identifies a person. */
static int
person_keys(struct tinfo *ti, struct tinfo *all, size_t nall)
{
	struct stw_table *t = ti->t;
	char *tn = tname(t);
	int added = 0;

	(void)all, (void)nall;
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct stw_column *c = t->columns[i];
		int other = 0;

		if (!c->primary_key || stw_column_find_category(c, "user.unique_id") != NULL ||
		    c->decision != NULL)
			continue;
		/* A key column that references something else (a link table's
		 * product_id) is that thing's key. */
		for (size_t k = 0; k < t->nfkeys; k++)
			if (stw_strv_has(&t->fkeys[k]->columns, c->name) && ti->fk_to[k] != NULL &&
			    ti->fk_to[k]->kind != STW_SUBJ_PERSON)
				other = 1;
		if (other)
			continue;
		add_subject_finding(c, "subject.person_key", "user.unique_id", STW_SENS_PERSONAL,
		    STW_EVID_SUBJECT, t->subject.confidence,
		    stw_asprintf("the primary key of %s, %s: it identifies a person", tn,
		    subject_words(ti->kind)));
		added++;
	}
	free(tn);
	return added;
}

/* The key of an event, an organisation or a thing is not a person's,
 * whatever its name says ("account_id" of a B2B account), nor is it what
 * its name alone suggests ("salary_id", the key of a salary record, is
 * no amount of income). */
static void
dismiss_other_keys(struct tinfo *ti)
{
	struct stw_table *t = ti->t;
	char *tn;

	if (ti->kind == STW_SUBJ_PERSON || ti->kind == STW_SUBJ_UNKNOWN)
		return;
	tn = tname(t);
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct stw_column *c = t->columns[i];

		if (!c->primary_key || in_any_fk(t, c->name))
			continue;
		for (size_t f = c->nfindings; f > 0; f--) {
			struct stw_finding *fd = c->findings[f - 1];
			char *why;

			if (!stw_evidence_direct(fd->evidence) ||
			    (!stw_category_under(fd->category, "user.unique_id") &&
			    fd->evidence != STW_EVID_NAME))
				continue;
			why = stw_asprintf("the primary key of %s, %s: it identifies a row, not a "
			    "person", tn, subject_words(ti->kind));
			dismiss(c, f - 1, why);
			free(why);
		}
	}
	free(tn);
}

/* Keys that reference a person's key identify that person; keys that
 * reference anything else are not a person's, whatever their names say.
 * Returns how many findings were added. */
static int
foreign_keys(struct tinfo *ti, const struct stw_inventory *inv)
{
	struct stw_table *t = ti->t;
	int added = 0;

	for (size_t k = 0; k < t->nfkeys; k++) {
		const struct stw_fkey *fk = t->fkeys[k];
		const struct tinfo *x = ti->fk_to[k];

		if (x == NULL)
			continue;
		for (size_t i = 0; i < fk->columns.n && i < fk->ref_columns.n; i++) {
			struct stw_column *lc = stw_table_find_column(t, fk->columns.v[i]);
			const struct stw_column *rc = stw_table_find_column(x->t, fk->ref_columns.v[i]);
			const struct stw_finding *key;

			if (lc == NULL || rc == NULL || lc == rc || lc->decision != NULL)
				continue;
			key = stw_column_find_category(rc, "user.unique_id");
			if (key != NULL) {
				char *ref = stw_asprintf("%s.%s.%s.%s", ti->src->name, x->t->schema,
				    x->t->name, rc->name);
				char *xn = tname(x->t);
				struct stw_finding *f;

				if (stw_column_find_category(lc, "user.unique_id") == NULL) {
					f = add_subject_finding(lc, "subject.person_ref", "user.unique_id",
					    STW_SENS_PERSONAL, STW_EVID_FK, key->confidence,
					    stw_asprintf("references %s.%s, which identifies a person (%s is %s)",
					    xn, rc->name, xn, subject_words(x->kind)));
					f->inherited_from = stw_strdup(key->inherited_from &&
					    key->evidence == STW_EVID_FK ? key->inherited_from : ref);
					added++;
				}
				free(ref);
				free(xn);
			} else if (x->kind != STW_SUBJ_UNKNOWN && x->kind != STW_SUBJ_PERSON) {
				char *xn = tname(x->t);

				for (size_t f = lc->nfindings; f > 0; f--) {
					struct stw_finding *fd = lc->findings[f - 1];
					char *why;

					if (!stw_evidence_direct(fd->evidence) ||
					    !stw_category_under(fd->category, "user.unique_id"))
						continue;
					why = stw_asprintf("references %s.%s, the key of %s (%s), not a "
					    "person's key", xn, rc->name, xn, subject_words(x->kind));
					dismiss(lc, f - 1, why);
					free(why);
				}
				free(xn);
			}
		}
	}
	(void)inv;
	return added;
}

/* The parent event's category, for lines and details ("order_items"). */
static enum wcat
event_cat(const struct tinfo *ti, int depth)
{
	int staff = 0, others = 0;

	if (ti->cat != C_NONE)
		return ti->cat;
	if (depth > 4)
		return C_NONE;
	for (size_t k = 0; k < ti->t->nfkeys; k++) {
		const struct tinfo *x = ti->fk_to[k];
		if (x != NULL && x != ti && x->kind == STW_SUBJ_PERSON_EVENT) {
			enum wcat c = event_cat(x, depth + 1);
			if (c != C_NONE)
				return c;
		}
		if (x != NULL && x != ti && x->kind == STW_SUBJ_PERSON) {
			if (x->head_flags & F_WORKFORCE)
				staff++;
			else
				others++;
		}
	}
	/* Records about members of staff and no one else (job history,
	 * timesheets, absences) are employment records. */
	if (depth == 0 && staff > 0 && others == 0)
		return C_EMPLOYMENT;
	return C_NONE;
}

/* How many columns make up t's primary key. */
static size_t
pk_columns(const struct stw_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ncolumns; i++)
		n += t->columns[i]->primary_key != 0;
	return n;
}

/* The attributes of a row about a person relate to that person. */
static void
linked_attributes(struct tinfo *ti)
{
	struct stw_table *t = ti->t;
	enum wcat cat;
	char *tn, *why;
	size_t npk;

	if (ti->kind != STW_SUBJ_PERSON && ti->kind != STW_SUBJ_PERSON_EVENT)
		return;
	cat = ti->kind == STW_SUBJ_PERSON ? C_ACCOUNT : event_cat(ti, 0);
	if (cat == C_NONE)
		cat = C_BEHAVIOR;
	/* The parts of a composite key that are not foreign keys (the start
	 * date of a job-history row) are attributes; a single-column key is
	 * the row's own. */
	npk = pk_columns(t);
	tn = tname(t);
	/* one note for the table, shared by its columns' findings */
	why = stw_note_take(ti->kind == STW_SUBJ_PERSON
	    ? stw_asprintf("an attribute of a person: %s is %s (%s)", tn, subject_words(ti->kind),
	        t->subject.evidence.n ? t->subject.evidence.v[0] : "")
	    : stw_asprintf("an attribute of an event about a person: %s is %s (%s)", tn,
	        subject_words(ti->kind), t->subject.evidence.n ? t->subject.evidence.v[0] : ""));
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct stw_column *c = t->columns[i];
		struct words ws;
		enum wcat cc = cat;
		int skip;

		if (c->nfindings > 0 || c->ndismissed > 0 || c->decision != NULL ||
		    (c->primary_key && npk == 1) || in_any_fk(t, c->name))
			continue;
		words_split(&ws, c->name);
		skip = ws.n == 0 || system_column(&ws) || key_like(&ws);
		if (!skip && free_text_column(&ws) && cat != C_HEALTH)
			cc = C_CONTENT;
		words_release(&ws);
		if (skip)
			continue;
		add_subject_finding(c, "subject.linked", cat_names[cc], STW_SENS_LINKED,
		    STW_EVID_SUBJECT, 0.5 + 0.4 * t->subject.confidence, NULL)->note = stw_note_ref(why);
	}
	stw_note_unref(why);
	free(tn);
}

const char *
stw_subject_not_linked_reason(const struct stw_table *t, const struct stw_column *c)
{
	struct words ws;
	const char *why = NULL;

	if (in_any_fk(t, c->name))
		return "a foreign key to something that is not a person";
	if (c->primary_key && pk_columns(t) == 1)
		return "the row's own key, which identifies the row";
	words_split(&ws, c->name);
	if (ws.n > 0 && system_column(&ws))
		why = "row-maintenance data (when or how the row was changed), not about the person";
	else if (ws.n > 0 && key_like(&ws))
		why = "a key by its name (the id or number of something), not about the person";
	words_release(&ws);
	return why;
}

/* ---- driver ------------------------------------------------------------------ */

int
stw_subject_infer(struct stw_inventory *inv, const struct stw_config *cfg,
    const struct stw_rules *rules, struct stw_err *err)
{
	struct tinfo *all, **index;
	size_t n = 0, cap = 0;

	(void)err;
	for (size_t s = 0; s < inv->nsources; s++)
		cap += inv->sources[s]->ntables;
	all = stw_calloc(cap + 1, sizeof(*all));
	for (size_t s = 0; s < inv->nsources; s++) {
		struct stw_source *src = inv->sources[s];

		for (size_t i = 0; i < src->ntables; i++) {
			struct tinfo *ti = &all[n++];
			const struct stw_cfg_subject *cs;

			ti->src = src;
			ti->srcidx = s;
			ti->idx = n - 1;
			ti->t = src->tables[i];
			ti->base = base_kind(ti->t);
			stw_strv_clear(&ti->t->subject.evidence);
			memset(&ti->t->subject, 0, sizeof(ti->t->subject));
			cs = stw_config_subject(cfg, src->name, ti->t->schema, ti->t->name);
			if (cs != NULL) {
				ti->fixed = 1;
				ti->kind = cs->kind;
				ti->best = 9.0;
				ti->t->subject.kind = cs->kind;
				ti->t->subject.confidence = 1.0;
				ti->t->subject.configured = 1;
				stw_strv_push_owned(&ti->t->subject.evidence,
				    stw_asprintf("%s:%d:%d: subjects: '%s' says so", cfg->path ? cfg->path
				    : "steward.yaml", cs->line, cs->col, cs->match));
			}
		}
	}
	index = stw_calloc(n + 1, sizeof(*index));
	for (size_t i = 0; i < n; i++)
		index[i] = &all[i];
	qsort(index, n, sizeof(*index), ti_cmp);
	for (size_t i = 0; i < n; i++) {
		struct tinfo *ti = &all[i];

		ti->fk_to = stw_calloc(ti->t->nfkeys + 1, sizeof(*ti->fk_to));
		for (size_t k = 0; k < ti->t->nfkeys; k++) {
			struct tinfo *x = find_ti(index, n, ti->srcidx, ti->t->fkeys[k]->ref_schema,
			    ti->t->fkeys[k]->ref_table);

			ti->fk_to[k] = x;
			if (x != NULL) {
				stw_grow(&x->refby, &x->arefby, x->nrefby, sizeof(*x->refby));
				x->refby[x->nrefby].y = ti;
				x->refby[x->nrefby++].k = k;
			}
		}
	}
	/* Local evidence once; views wait for their sources (stw_subject_views). */
	for (size_t i = 0; i < n; i++) {
		struct tinfo *ti = &all[i];

		if (!ti->base)
			continue;
		name_evidence(ti);
		column_evidence(ti);
		ti->assoc = link_table(ti->t);
		decide(ti);
	}
	/* The graph, to a fixed point (bounded: a cycle of tables that keep
	 * flipping each other stops after the last round). */
	for (int round = 0; round < 12; round++) {
		int changed = 0;

		for (size_t i = 0; i < n; i++) {
			if (!all[i].base || all[i].fixed)
				continue;
			graph_evidence(&all[i]);
			changed |= decide(&all[i]);
		}
		if (!changed)
			break;
	}
	/* The evidence is in t->subject now: the items go, before the
	 * consequences below add their findings (on a large catalog this
	 * is where a scan's memory peaked). */
	for (size_t i = 0; i < n; i++) {
		if (all[i].base)
			record(&all[i]);
		clear_items(all[i].local, &all[i].nlocal);
		clear_items(all[i].graph, &all[i].ngraph);
		free(all[i].local);
		free(all[i].graph);
		all[i].local = all[i].graph = NULL;
		all[i].alocal = all[i].agraph = 0;
	}
	/* Consequences, in an order where each step sees the last one's
	 * result: dismissals, then the keys of people, then what references
	 * them (to a fixed point: a key of a person's 1:1 extension is a
	 * person's key too), then the name rules that need a subject, and
	 * last the linked attributes, which fill what is left. */
	for (size_t i = 0; i < n; i++) {
		struct tinfo *ti = &all[i];

		if (!ti->base)
			continue;
		if (ti->kind == STW_SUBJ_ORGANISATION || ti->kind == STW_SUBJ_REFERENCE)
			dismiss_non_person(ti);
		dismiss_other_keys(ti);
	}
	for (size_t i = 0; i < n; i++)
		if (all[i].base && all[i].kind == STW_SUBJ_PERSON)
			person_keys(&all[i], all, n);
	for (int round = 0; round < 16; round++) {
		int added = 0;

		for (size_t i = 0; i < n; i++)
			if (all[i].base)
				added += foreign_keys(&all[i], inv);
		if (added == 0)
			break;
	}
	if (rules != NULL)
		for (size_t i = 0; i < n; i++)
			if (all[i].base && all[i].kind != STW_SUBJ_UNKNOWN)
				stw_rules_apply_subject(rules, all[i].t, all[i].kind);
	for (size_t i = 0; i < n; i++)
		if (all[i].base)
			linked_attributes(&all[i]);

	for (size_t i = 0; i < n; i++) {
		free(all[i].fk_to);
		free(all[i].refby);
	}
	free(index);
	free(all);
	return STW_OK;
}

/* ---- views -------------------------------------------------------------------- */

static int
subject_rank(enum stw_subject_kind k)
{
	switch (k) {
	case STW_SUBJ_PERSON: return 4;
	case STW_SUBJ_PERSON_EVENT: return 3;
	case STW_SUBJ_ORGANISATION: return 2;
	case STW_SUBJ_REFERENCE: return 1;
	case STW_SUBJ_UNKNOWN: break;
	}
	return 0;
}

void
stw_subject_views(struct stw_inventory *inv, const struct stw_config *cfg)
{
	/* Views of views: repeat until nothing changes (chains are short,
	 * and a view's subject only ever rises in rank, so this stops). */
	for (int round = 0; round < 16; round++) {
		int changed = 0;

		for (size_t s = 0; s < inv->nsources; s++) {
			struct stw_source *src = inv->sources[s];

			for (size_t i = 0; i < src->ntables; i++) {
				struct stw_table *v = src->tables[i];
				const struct stw_table *from = NULL;
				const struct stw_cfg_subject *cs;

				if (base_kind(v))
					continue;
				cs = stw_config_subject(cfg, src->name, v->schema, v->name);
				if (cs != NULL) {
					if (!v->subject.configured) {
						stw_strv_clear(&v->subject.evidence);
						v->subject.kind = cs->kind;
						v->subject.confidence = 1.0;
						v->subject.configured = 1;
						stw_strv_push_owned(&v->subject.evidence, stw_asprintf("%s:%d:%d: "
						    "subjects: '%s' says so", cfg->path ? cfg->path : "steward.yaml",
						    cs->line, cs->col, cs->match));
						changed = 1;
					}
					continue;
				}
				size_t *into, ninto = 0;

				/* The edges into v: of its schema, or of none (which
				 * match it too), in lineage order; all of them when v
				 * has no schema. */
				if (v->schema == NULL) {
					into = stw_calloc(inv->nlineage + 1, sizeof(*into));
					for (size_t e = 0; e < inv->nlineage; e++)
						into[ninto++] = e;
				} else {
					const size_t *a, *b;
					size_t na = stw_inventory_edges_at(inv, STW_EDGE_TO, src->name, v->schema,
					    v->name, &a);
					size_t nb = stw_inventory_edges_at(inv, STW_EDGE_TO, src->name, NULL,
					    v->name, &b), ia = 0, ib = 0;

					into = stw_calloc(na + nb + 1, sizeof(*into));
					while (ia < na || ib < nb)
						into[ninto++] = ib >= nb || (ia < na && a[ia] < b[ib]) ? a[ia++]
						    : b[ib++];
				}
				for (size_t e = 0; e < ninto; e++) {
					const struct stw_edge *ed = inv->lineage[into[e]];
					struct stw_source *fs;
					const struct stw_table *ft;

					if (strcmp(ed->kind, "view") != 0 &&
					    strcmp(ed->kind, "materialized_view") != 0 &&
					    strcmp(ed->kind, "partition") != 0)
						continue;
					if (strcmp(ed->to.source, src->name) != 0 || ed->to.table == NULL ||
					    strcmp(ed->to.table, v->name) != 0 ||
					    (ed->to.schema && v->schema && strcmp(ed->to.schema, v->schema) != 0))
						continue;
					if ((fs = stw_inventory_find_source(inv, ed->from.source)) == NULL ||
					    (ft = stw_source_find_table(fs, ed->from.schema, ed->from.table)) == NULL ||
					    ft == v)
						continue;
					if (from == NULL || subject_rank(ft->subject.kind) >
					    subject_rank(from->subject.kind))
						from = ft;
				}
				free(into);
				if (from == NULL || subject_rank(from->subject.kind) <=
				    subject_rank(v->subject.kind))
					continue;
				stw_strv_clear(&v->subject.evidence);
				v->subject.kind = from->subject.kind;
				v->subject.confidence = from->subject.confidence;
				v->subject.configured = 0;
				stw_strv_push_owned(&v->subject.evidence, stw_asprintf("it reads %s.%s, %s",
				    from->schema, from->name, subject_words(from->subject.kind)));
				changed = 1;
			}
		}
		if (!changed)
			break;
	}
}

/* ---- decisions ------------------------------------------------------------------ */

void
stw_subject_decisions(struct stw_inventory *inv, const struct stw_config *cfg)
{
	if (cfg == NULL || cfg->nnot_personal == 0)
		return;
	for (size_t s = 0; s < inv->nsources; s++) {
		struct stw_source *src = inv->sources[s];

		for (size_t i = 0; i < src->ntables; i++) {
			struct stw_table *t = src->tables[i];

			for (size_t c = 0; c < t->ncolumns; c++) {
				struct stw_column *col = t->columns[c];
				const struct stw_cfg_not_personal *d = stw_config_not_personal(cfg,
				    src->name, t->schema, t->name, col->name);
				char *why;

				if (d == NULL)
					continue;
				if (col->decision == NULL) {
					stw_column_decide(col);
					col->decision->reason = stw_strdup(d->reason);
					col->decision->decided_by = stw_strdup(d->decided_by);
					col->decision->at = stw_asprintf("%s:%d:%d", cfg->path ? cfg->path
					    : "steward.yaml", d->line, d->col);
				}
				why = stw_asprintf("decided not personal%s%s: %s", d->decided_by ? " by " : "",
				    d->decided_by ? d->decided_by : "", d->reason);
				while (col->nfindings > 0)
					dismiss(col, col->nfindings - 1, why);
				free(why);
			}
		}
	}
}
