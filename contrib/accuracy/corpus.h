/*
 * The labelled evaluation corpus (docs/accuracy.md): synthetic schemas of
 * nine domains in different naming styles, each column labelled with the
 * category a privacy reviewer would give it (or none) and a tier.  The
 * generator (corpus_gen.c) writes them for PostgreSQL, MariaDB and SQLite
 * with deterministic rows; the scorer (accuracy_score.c) compares an
 * inventory against the labels.
 */
#ifndef STW_ACC_CORPUS_H
#define STW_ACC_CORPUS_H

enum acc_type { T_INT, T_BIG, T_TEXT, T_DATE, T_TS, T_NUM, T_BOOL };

/* How a column's values are made. */
enum acc_gen {
	G_SEQ,          /* 1..rows: the key */
	G_FK,           /* a key of fk_table (1..its rows) */
	G_FIRST, G_LAST, G_FULL, G_EMAIL, G_PHONE, G_EXT, G_STREET, G_CITY, G_POSTCODE,
	G_REGION, G_COUNTRY, G_DOB, G_DATE, G_DATE2, G_TS, G_YEAR, G_MONTH, G_AMOUNT,
	G_COUNT, G_STATUS, G_GENDER, G_SALUTE, G_JOB, G_DEPT, G_COMPANY, G_NOTE, G_IBAN,
	G_CARD, G_LAST4, G_NINO, G_SSN, G_IP, G_UA, G_USER, G_HASH, G_URL, G_ICD10, G_LOINC,
	G_SKU, G_PRODUCT, G_PRICE, G_LOOKUP, G_CONCEPT, G_CONCEPT_ID, G_CODE, G_UUID,
	G_ORDERNO, G_ETHNIC, G_BOOL, G_NULL, G_CURRENCY, G_MARITAL, G_LANG, G_TZ,
	G_INDUSTRY, G_VAT, G_MRN, G_NPI, G_SECRET, G_ACTION, G_HEX, G_SORTCODE, G_OCCUP,
	G_GRADE, G_TERM, G_SUBJECT, G_ABSENCE, G_DRUGSIG, G_UNIT, G_WORD, G_NOTE_PII, G_PLATE, G_IMSI, G_PASSPORT, G_BSN, G_DLN, G_LAT, G_LON, G_KG
};

enum acc_tier { TIER_NONE, TIER_IDENTIFIER, TIER_QUASI, TIER_SENSITIVE, TIER_LINKED };

struct acc_col {
	const char *name;
	enum acc_type type;
	enum acc_gen gen;
	enum acc_tier tier;
	const char *category;       /* NULL with TIER_NONE */
	const char *fk_table;       /* G_FK: the referenced table (its first column) */
	int nulls;                  /* percent of rows NULL */
};

#define ACC_MAX_COLS 20

struct acc_table {
	const char *name;
	int rows;
	const char *pk;             /* "a" or "a,b"; NULL = none */
	struct acc_col cols[ACC_MAX_COLS];
};

struct acc_view {
	const char *name;
	const char *select;         /* SELECT ... in portable SQL, names quoted as {name} */
	struct acc_col cols[ACC_MAX_COLS];   /* labels of its output columns */
};

#define ACC_MAX_TABLES 12
#define ACC_MAX_VIEWS 2

struct acc_domain {
	const char *name;           /* PostgreSQL schema, MariaDB acc_<name>, SQLite <name>.db */
	const char *style;          /* naming style, for docs/accuracy.md */
	struct acc_table tables[ACC_MAX_TABLES];
	struct acc_view views[ACC_MAX_VIEWS];
	int heldout;                /* written after the rules were tuned; never tuned on */
};

extern const struct acc_domain acc_domains[];
extern const int acc_ndomains;

const char *acc_tier_name(enum acc_tier t);

#endif
