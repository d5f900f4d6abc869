/*
 * corpus_gen OUTDIR: writes the labelled corpus (corpus.c) as
 *   OUTDIR/pg.sql           one schema per domain
 *   OUTDIR/mariadb.sql      one database acc_<domain> per domain
 *   OUTDIR/sqlite/D.sql     one file per domain
 *   OUTDIR/labels.tsv       domain, table, column, category, tier, has_values
 *   OUTDIR/domains.tsv      domain, naming style, held out (1) or not
 * Rows come from a fixed-seed generator: the same bytes on every run.
 */
#define _POSIX_C_SOURCE 200809L
#include "corpus.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum engine { E_PG, E_MY, E_LITE };

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int
pick(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static void
seed(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (const char *p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	rng_state = h;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define ONE(a) ((a)[pick(NELEM(a))])

static const char *const firsts[] = { "Amara", "Bjorn", "Carys", "Dmitri", "Elif", "Farah",
	"Goran", "Hana", "Ilse", "Joaquin", "Keira", "Lior", "Mateo", "Nadia", "Oskar", "Priya",
	"Quentin", "Rosalind", "Sanjay", "Tomasz", "Ursula", "Viktor", "Wen", "Ximena", "Yusuf",
	"Zofia", "Aoife", "Bastian", "Chidi", "Delphine" };
static const char *const lasts[] = { "Abernathy", "Bergstrom", "Castellano", "Dobrev", "Eriksen",
	"Fairbairn", "Gruenwald", "Halloran", "Ishikawa", "Jovanovic", "Kowalczyk", "Lindqvist",
	"Mbeki", "Nakamura", "Okafor", "Petrosyan", "Quintero", "Rasmussen", "Szabo", "Thorsen",
	"Uddin", "Valdivia", "Whitcombe", "Yilmaz", "Zeller", "Moreau", "Brennan", "Achterberg" };
static const char *const cities[] = { "Leeds", "Bristol", "Lyon", "Hamburg", "Porto", "Gdansk",
	"Tampere", "Graz", "Utrecht", "Bilbao", "Aarhus", "Brno" };
static const char *const regions[] = { "West Yorkshire", "Bavaria", "Catalonia", "Norte",
	"Pomerania", "Pirkanmaa", "Styria", "North Holland", "Midtjylland", "South Moravia" };
static const char *const countries[] = { "GB", "DE", "FR", "PT", "PL", "FI", "AT", "NL", "ES",
	"DK", "CZ", "IE" };
static const char *const country_names[] = { "Portugal", "Finland", "Austria", "Ireland",
	"Denmark", "Czechia", "Slovenia", "Estonia" };
static const char *const street_names[] = { "Elm", "Harbour", "Mill", "Orchard", "Quarry",
	"Rowan", "Chapel", "Foundry", "Kiln", "Meadow" };
static const char *const street_types[] = { "Road", "Street", "Lane", "Avenue", "Close", "Way" };
static const char *const statuses[] = { "active", "closed", "pending", "shipped", "cancelled",
	"final", "open" };
static const char *const genders[] = { "F", "M", "X", "F", "M" };
static const char *const salutes[] = { "Mr", "Ms", "Mrs", "Dr", "Prof", "Mx", "Miss" };
static const char *const jobs[] = { "Senior Accountant", "Staff Nurse", "Data Engineer",
	"Warehouse Supervisor", "Head of Marketing", "Paediatrician", "Lecturer",
	"Procurement Officer", "Sales Director", "Radiographer" };
static const char *const depts[] = { "Finance", "People Operations", "Logistics", "Research",
	"Customer Care", "Facilities" };
static const char *const companies[] = { "Harbourline Freight Ltd", "Kestrel Analytics GmbH",
	"Bluefen Dairy Co", "Orrery Systems SA", "Mossgate Clinics", "Tidewater Logistics BV",
	"Copperleaf Studio", "Ashgrove Mills plc", "Nordvik Marine AS", "Saltmarsh Bakery" };
static const char *const notes[] = { "Prefers to be contacted after 5pm.",
	"Asked for large-print letters.", "Moving to another city next spring.",
	"Spoke with them about the late delivery.", "Works part-time on Fridays.",
	"Needs wheelchair access at appointments.", "Referred by a friend.",
	"Wants invoices in paper form." };
static const char *const icd10[] = { "E11.9", "I10", "J45.909", "M54.5", "F32.1", "K21.9",
	"N39.0", "E78.5" };
static const char *const loinc[] = { "2345-7", "718-7", "4548-4", "2160-0", "1742-6", "2093-3",
	"8480-6", "8462-4" };
static const char *const products[] = { "Walnut desk lamp", "Linen tea towel", "Enamel mug",
	"Wool blanket", "Oak chopping board", "Brass bottle opener", "Cotton tote" };
static const char *const concepts[] = { "Type 2 diabetes mellitus", "Essential hypertension",
	"Body weight", "Metformin 500 MG Oral Tablet", "Haemoglobin [Mass/volume] in Blood",
	"Outpatient visit", "Asthma", "Low back pain" };
static const char *const ethnic[] = { "White British", "Black Caribbean", "Asian Indian",
	"Mixed White and Asian", "Prefer not to say", "White Polish" };
static const char *const currencies[] = { "EUR", "GBP", "USD", "PLN", "SEK", "DKK", "CZK",
	"NOK", "CHF", "HUF", "RON", "ISK" };
static const char *const maritals[] = { "single", "married", "divorced", "widowed" };
static const char *const langs[] = { "en-GB", "de-DE", "fr-FR", "pl-PL", "pt-PT", "fi-FI" };
static const char *const tzs[] = { "Europe/London", "Europe/Berlin", "Europe/Lisbon",
	"Europe/Warsaw", "Europe/Helsinki" };
static const char *const industries[] = { "Logistics", "Dairy", "Software", "Healthcare",
	"Retail", "Marine" };
static const char *const actions[] = { "login", "logout", "export_report", "change_password",
	"invite_user", "delete_project" };
static const char *const occups[] = { "Electrician", "Teacher", "Pharmacist", "Retired",
	"Farmer", "Architect" };
static const char *const grades[] = { "A", "B", "C", "D", "E", "F" };
static const char *const terms[] = { "2023-autumn", "2024-spring", "2024-autumn", "2025-spring" };
static const char *const subjects[] = { "Mathematics", "History", "Chemistry", "Geography",
	"Music", "Biology" };
static const char *const absences[] = { "annual_leave", "sick", "parental", "training" };
static const char *const sigs[] = { "1 tablet twice daily", "2 puffs as needed",
	"10 ml at night", "1 capsule every morning" };
static const char *const units[] = { "mg/dL", "mmol/L", "kg", "mm[Hg]", "g/dL" };
static const char *const words[] = { "standard", "express", "alpha", "bulk", "nightly",
	"premium", "basic", "archive" };

struct buf {
	char *s;
	size_t n, cap;
};

static void
bputs(struct buf *b, const char *s)
{
	size_t l = strlen(s);

	if (b->n + l + 1 > b->cap) {
		b->cap = (b->n + l + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			abort();
	}
	memcpy(b->s + b->n, s, l + 1);
	b->n += l;
}

static void
bprintf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	bputs(b, tmp);
}

/* mod 97 of a string of digits and upper-case letters (A=10 ... Z=35) */
static int
mod97(const char *s)
{
	int r = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			r = (r * 10 + (*s - '0')) % 97;
		else
			r = (r * 100 + (*s - 'A' + 10)) % 97;
	}
	return r;
}

static void
iban(char *out, size_t n)
{
	char bban[32], re[48];
	int chk;

	snprintf(bban, sizeof(bban), "ACCB%06d%08d", pick(1000000), pick(100000000));
	snprintf(re, sizeof(re), "%sGB00", bban);
	chk = 98 - mod97(re);
	snprintf(out, n, "GB%02d%s", chk, bban);
}

static void
card(char *out)
{
	int d[16], sum = 0;

	d[0] = 4;
	for (int i = 1; i < 15; i++)
		d[i] = pick(10);
	for (int i = 0; i < 15; i++) {
		/* doubling from the right, check digit excluded: positions 14, 12, ... */
		int v = d[i];
		if ((15 - i) % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	d[15] = (10 - sum % 10) % 10;
	for (int i = 0; i < 16; i++)
		out[i] = (char)('0' + d[i]);
	out[16] = '\0';
}

static void
date_in(char *out, size_t n, int y0, int y1)
{
	snprintf(out, n, "%04d-%02d-%02d", y0 + pick(y1 - y0 + 1), 1 + pick(12), 1 + pick(28));
}

/* The table a G_FK column references (corpus.c names it). */
static const struct acc_table *
fk_target(const struct acc_domain *d, const struct acc_col *c)
{
	for (int k = 0; k < ACC_MAX_TABLES && d->tables[k].name; k++)
		if (strcmp(d->tables[k].name, c->fk_table) == 0)
			return &d->tables[k];
	fprintf(stderr, "corpus_gen: %s.%s references an unknown table %s\n", d->name, c->name,
	    c->fk_table);
	exit(1);
}

/* The rows of the first part of a composite key, for the second part. */
static int np_first = 1;

/* One value as SQL (a literal or NULL) into b. */
static void
value(struct buf *b, const struct acc_domain *d, const struct acc_table *t,
    const struct acc_col *c, int row, int composite_pos, enum engine e)
{
	char v[256];
	const char *first = ONE(firsts), *last = ONE(lasts);

	v[0] = '\0';
	if (c->nulls > 0 && pick(100) < c->nulls && c->gen != G_SEQ && composite_pos < 0) {
		bputs(b, "NULL");
		return;
	}
	switch (c->gen) {
	case G_SEQ:
		bprintf(b, "%d", row + 1);
		return;
	case G_FK: {
		int np = fk_target(d, c)->rows;
		if (composite_pos == 0) {
			np_first = np;
			bprintf(b, "%d", row % np + 1);
		} else if (composite_pos == 1)
			bprintf(b, "%d", (row / np_first) % np + 1);
		else if (composite_pos == 2)      /* the whole (single) key */
			bprintf(b, "%d", row + 1);
		else if (strcmp(c->fk_table, t->name) == 0)
			bprintf(b, "%d", row > 0 ? pick(row) + 1 : 1);   /* an earlier row */
		else
			bprintf(b, "%d", pick(np) + 1);
		return;
	}
	case G_NULL:
		bputs(b, "NULL");
		return;
	case G_FIRST: snprintf(v, sizeof(v), "%s", first); break;
	case G_LAST: snprintf(v, sizeof(v), "%s", last); break;
	case G_FULL: snprintf(v, sizeof(v), "%s %s", first, last); break;
	case G_EMAIL: {
		static const char *const doms[] = { "example.com", "example.org", "example.net",
			"mail.example", "post.example" };
		char lf[64], ll[64];
		size_t i;
		for (i = 0; first[i] && i < 63; i++)
			lf[i] = (char)(first[i] | 0x20);
		lf[i] = '\0';
		for (i = 0; last[i] && i < 63; i++)
			ll[i] = (char)(last[i] | 0x20);
		ll[i] = '\0';
		snprintf(v, sizeof(v), "%s.%s%d@%s", lf, ll, pick(100), ONE(doms));
		break;
	}
	case G_PHONE:
		switch (pick(5)) {
		case 0: snprintf(v, sizeof(v), "+44 20 7946 0%03d", pick(1000)); break;
		case 1: snprintf(v, sizeof(v), "+49 30 %07d", 1000000 + pick(8999999)); break;
		case 2: snprintf(v, sizeof(v), "+33 1 %02d %02d %02d %02d", pick(100), pick(100),
		    pick(100), pick(100)); break;
		case 3: snprintf(v, sizeof(v), "07700 900%03d", pick(1000)); break;
		default: snprintf(v, sizeof(v), "(555) 01%d-%04d", pick(10), pick(10000)); break;
		}
		break;
	case G_EXT: snprintf(v, sizeof(v), "%d", 100 + pick(9900)); break;
	case G_STREET:
		if (pick(4) == 0)
			snprintf(v, sizeof(v), "Lindenweg %d", 1 + pick(120));
		else
			snprintf(v, sizeof(v), "%d %s %s", 1 + pick(250), ONE(street_names),
			    ONE(street_types));
		break;
	case G_CITY: snprintf(v, sizeof(v), "%s", ONE(cities)); break;
	case G_POSTCODE:
		switch (pick(3)) {
		case 0: snprintf(v, sizeof(v), "LS%d %d%c%c", 1 + pick(28), pick(10), 'A' + pick(26),
		    'A' + pick(26)); break;
		case 1: snprintf(v, sizeof(v), "%05d", 10000 + pick(89999)); break;
		default: snprintf(v, sizeof(v), "%04d-%03d", 1000 + pick(8999), pick(1000)); break;
		}
		break;
	case G_REGION: snprintf(v, sizeof(v), "%s", ONE(regions)); break;
	case G_COUNTRY:
		snprintf(v, sizeof(v), "%s", composite_pos == 2 ? countries[row % NELEM(countries)]
		    : ONE(countries));
		break;
	case G_DOB: date_in(v, sizeof(v), 1940, 2006); break;
	case G_DATE:
		if (composite_pos >= 0)
			snprintf(v, sizeof(v), "%04d-%02d-%02d", 2015 + row / 336, 1 + (row / 28) % 12,
			    1 + row % 28);
		else
			date_in(v, sizeof(v), 2018, 2025);
		break;
	case G_DATE2: date_in(v, sizeof(v), 2020, 2026); break;
	case G_TS:
		snprintf(v, sizeof(v), "%04d-%02d-%02d %02d:%02d:%02d", 2019 + pick(7), 1 + pick(12),
		    1 + pick(28), pick(24), pick(60), pick(60));
		break;
	case G_YEAR: bprintf(b, "%d", 1940 + pick(66)); return;
	case G_MONTH:
		if (c->type == T_TEXT)
			snprintf(v, sizeof(v), "%02d/%02d", 1 + pick(12), 26 + pick(6));
		else {
			bprintf(b, "%d", 1 + pick(12));
			return;
		}
		break;
	case G_AMOUNT: bprintf(b, "%d.%02d", 10 + pick(99990), pick(100)); return;
	case G_PRICE: bprintf(b, "%d.%02d", pick(500), pick(100)); return;
	case G_COUNT: bprintf(b, "%d", pick(51)); return;
	case G_CONCEPT_ID:
		bprintf(b, "%d", composite_pos == 2 ? 4000000 + row * 37 : 4000000 + pick(200) * 37);
		return;
	case G_BOOL:
		bputs(b, e == E_PG ? (pick(2) ? "true" : "false") : (pick(2) ? "1" : "0"));
		return;
	case G_STATUS: snprintf(v, sizeof(v), "%s", ONE(statuses)); break;
	case G_GENDER: snprintf(v, sizeof(v), "%s", ONE(genders)); break;
	case G_SALUTE: snprintf(v, sizeof(v), "%s", ONE(salutes)); break;
	case G_JOB: snprintf(v, sizeof(v), "%s", ONE(jobs)); break;
	case G_DEPT: snprintf(v, sizeof(v), "%s", depts[row % NELEM(depts)]); break;
	case G_COMPANY: snprintf(v, sizeof(v), "%s", companies[row % NELEM(companies)]); break;
	case G_NOTE: snprintf(v, sizeof(v), "%s", ONE(notes)); break;
	case G_NOTE_PII:
		switch (pick(3)) {
		case 0: snprintf(v, sizeof(v), "Call back on +44 20 7946 %04d after six", pick(10000));
			break;
		case 1: snprintf(v, sizeof(v), "Wrote from %s.%s%d@example.net about the renewal",
		    ONE(firsts), ONE(lasts), pick(90)); break;
		default: snprintf(v, sizeof(v), "%s", ONE(notes)); break;
		}
		break;
	case G_BSN: {
		/* Dutch BSN: nine digits, 11-proef (9*d1 + ... + 2*d8 - d9 = 0 mod 11). */
		int dg[9], sum;
		do {
			sum = 0;
			for (int k = 0; k < 8; k++) {
				dg[k] = k == 0 ? 1 + pick(9) : pick(10);
				sum += (9 - k) * dg[k];
			}
			dg[8] = sum % 11;
		} while (dg[8] > 9);
		for (int k = 0; k < 9; k++)
			v[k] = (char)('0' + dg[k]);
		v[9] = '\0';
		break;
	}
	case G_DLN: snprintf(v, sizeof(v), "%c%c%c%c%c%06d%c%c9%c%c", 'A' + pick(26), 'A' + pick(26),
	    'A' + pick(26), 'A' + pick(26), 'A' + pick(26), pick(1000000), 'A' + pick(26),
	    'A' + pick(26), 'A' + pick(26), 'A' + pick(26)); break;
	case G_LAT: snprintf(v, sizeof(v), "%.5f", 50.0 + pick(600000) / 100000.0); break;
	case G_LON: snprintf(v, sizeof(v), "%.5f", -3.0 + pick(900000) / 100000.0); break;
	case G_KG: snprintf(v, sizeof(v), "%d.%d", pick(30), pick(10)); break;
	case G_IMSI: snprintf(v, sizeof(v), "2341%05d%06d", pick(100000), pick(1000000)); break;
	case G_PASSPORT: snprintf(v, sizeof(v), "%09d", 100000000 + pick(899999999)); break;
	case G_PLATE: snprintf(v, sizeof(v), "%c%c%02d %c%c%c", 'A' + pick(26), 'A' + pick(26),
	    pick(100), 'A' + pick(26), 'A' + pick(26), 'A' + pick(26)); break;
	case G_IBAN: iban(v, sizeof(v)); break;
	case G_CARD: card(v); break;
	case G_LAST4: snprintf(v, sizeof(v), "%04d", pick(10000)); break;
	case G_NINO: {
		static const char ok[] = "ABCEGHJKLMNPRSTWXYZ";
		snprintf(v, sizeof(v), "%c%c%06d%c", ok[pick(19)], ok[pick(19)], pick(1000000),
		    'A' + pick(4));
		break;
	}
	case G_SSN: snprintf(v, sizeof(v), "%03d-%02d-%04d", 100 + pick(565), 1 + pick(98),
	    1 + pick(9998)); break;
	case G_IP:
		if (pick(2))
			snprintf(v, sizeof(v), "198.51.100.%d", 1 + pick(254));
		else
			snprintf(v, sizeof(v), "10.%d.%d.%d", pick(256), pick(256), 1 + pick(254));
		break;
	case G_UA: snprintf(v, sizeof(v), "Mozilla/5.0 (X11; Linux x86_64; rv:12%d.0) Gecko/20100101 "
	    "Firefox/12%d.0", pick(10), pick(10)); break;
	case G_USER: {
		size_t i;
		for (i = 0; first[i] && i < 60; i++)
			v[i] = (char)(first[i] | 0x20);
		snprintf(v + i, sizeof(v) - i, "%d", pick(1000));
		break;
	}
	case G_HASH: {
		static const char b64[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		int i = snprintf(v, sizeof(v), "$2b$12$");
		for (int k = 0; k < 53; k++)
			v[i++] = b64[pick(64)];
		v[i] = '\0';
		break;
	}
	case G_URL: snprintf(v, sizeof(v), "https://www.%s%d.example/", ONE(words), pick(100)); break;
	case G_ICD10: snprintf(v, sizeof(v), "%s", ONE(icd10)); break;
	case G_LOINC: snprintf(v, sizeof(v), "%s", ONE(loinc)); break;
	case G_SKU: snprintf(v, sizeof(v), "SKU-%05d", row + 1); break;
	case G_PRODUCT: snprintf(v, sizeof(v), "%s", ONE(products)); break;
	case G_LOOKUP: snprintf(v, sizeof(v), "%s", ONE(country_names)); break;
	case G_CONCEPT: snprintf(v, sizeof(v), "%s", ONE(concepts)); break;
	case G_CODE:
		snprintf(v, sizeof(v), composite_pos == 2 ? "C%04d" : "C%03d",
		    composite_pos == 2 ? row + 1 : pick(1000));
		break;
	case G_UUID:
		snprintf(v, sizeof(v), "%08x-%04x-4%03x-a%03x-%012llx", (unsigned)rnd(),
		    (unsigned)(rnd() & 0xffff), (unsigned)(rnd() & 0xfff), (unsigned)(rnd() & 0xfff),
		    (unsigned long long)(rnd() & 0xffffffffffffULL));
		break;
	case G_ORDERNO: snprintf(v, sizeof(v), "ORD-2024-%06d", row + 1); break;
	case G_ETHNIC: snprintf(v, sizeof(v), "%s", ONE(ethnic)); break;
	case G_CURRENCY:
		snprintf(v, sizeof(v), "%s", composite_pos == 2 ? currencies[row % NELEM(currencies)]
		    : ONE(currencies));
		break;
	case G_MARITAL: snprintf(v, sizeof(v), "%s", ONE(maritals)); break;
	case G_LANG: snprintf(v, sizeof(v), "%s", ONE(langs)); break;
	case G_TZ: snprintf(v, sizeof(v), "%s", ONE(tzs)); break;
	case G_INDUSTRY: snprintf(v, sizeof(v), "%s", ONE(industries)); break;
	case G_VAT: snprintf(v, sizeof(v), "GB%09d", pick(1000000000)); break;
	case G_MRN: snprintf(v, sizeof(v), "MRN-%07d", 1000000 + row * 13); break;
	case G_NPI: snprintf(v, sizeof(v), "1%09d", pick(1000000000)); break;
	case G_SECRET: {
		static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		for (int k = 0; k < 16; k++)
			v[k] = b32[pick(32)];
		v[16] = '\0';
		break;
	}
	case G_ACTION: snprintf(v, sizeof(v), "%s", ONE(actions)); break;
	case G_HEX: snprintf(v, sizeof(v), "%08x", (unsigned)rnd()); break;
	case G_SORTCODE: snprintf(v, sizeof(v), "%02d-%02d-%02d", pick(100), pick(100), pick(100));
		break;
	case G_OCCUP: snprintf(v, sizeof(v), "%s", ONE(occups)); break;
	case G_GRADE: snprintf(v, sizeof(v), "%s", ONE(grades)); break;
	case G_TERM: snprintf(v, sizeof(v), "%s", ONE(terms)); break;
	case G_SUBJECT: snprintf(v, sizeof(v), "%s", ONE(subjects)); break;
	case G_ABSENCE: snprintf(v, sizeof(v), "%s", ONE(absences)); break;
	case G_DRUGSIG: snprintf(v, sizeof(v), "%s", ONE(sigs)); break;
	case G_UNIT: snprintf(v, sizeof(v), "%s", ONE(units)); break;
	case G_WORD:
		snprintf(v, sizeof(v), "%s", composite_pos == 2 ? words[row % NELEM(words)] : ONE(words));
		if (composite_pos == 2 && row >= NELEM(words))
			snprintf(v + strlen(v), sizeof(v) - strlen(v), "_%d", row);
		break;
	}
	bputs(b, "'");
	for (const char *p = v; *p; p++) {
		char one[3] = { *p, '\0', '\0' };
		if (*p == '\'')
			one[1] = '\'';
		bputs(b, one);
	}
	bputs(b, "'");
}

static void
ident(struct buf *b, const char *s, enum engine e)
{
	char q = e == E_MY ? '`' : '"';
	char one[3] = { q, '\0', '\0' };

	bputs(b, one);
	for (const char *p = s; *p; p++) {
		char c[3] = { *p, '\0', '\0' };
		if (*p == q)
			c[1] = q;
		bputs(b, c);
	}
	bputs(b, one);
}

static const char *
sqltype(const struct acc_col *c, enum engine e, int in_pk)
{
	switch (c->type) {
	case T_INT: return e == E_LITE ? "INTEGER" : "integer";
	case T_BIG: return e == E_LITE ? "INTEGER" : "bigint";
	case T_TEXT: return e == E_PG ? "text" : e == E_MY ? (in_pk ? "varchar(64)" : "varchar(255)")
	    : "TEXT";
	case T_DATE: return e == E_LITE ? "DATE" : "date";
	case T_TS: return e == E_PG ? "timestamp" : e == E_MY ? "datetime" : "TIMESTAMP";
	case T_NUM: return e == E_LITE ? "NUMERIC" : "numeric(12,2)";
	case T_BOOL: return e == E_PG ? "boolean" : e == E_MY ? "tinyint(1)" : "BOOLEAN";
	}
	return "text";
}

/* Position of column name in the table's key: -1 not in it, 2 the whole
 * (single-column) key, 0/1 first/second of a composite one. */
static int
pk_pos(const struct acc_table *t, const char *name)
{
	char tmp[256], *save = NULL, *tok;
	int i = 0, pos = -1, n = 0;

	if (t->pk == NULL)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s", t->pk);
	for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++) {
		if (strcmp(tok, name) == 0)
			pos = i;
		n++;
	}
	if (pos < 0)
		return -1;
	return n == 1 ? 2 : pos;
}

static int
ncols(const struct acc_table *t)
{
	int n = 0;

	while (n < ACC_MAX_COLS && t->cols[n].name)
		n++;
	return n;
}

static void
emit_table(struct buf *b, const struct acc_domain *d, const struct acc_table *t, enum engine e)
{
	int n = ncols(t);

	bputs(b, "CREATE TABLE ");
	ident(b, t->name, e);
	bputs(b, " (\n");
	for (int i = 0; i < n; i++) {
		const struct acc_col *c = &t->cols[i];
		bputs(b, "  ");
		ident(b, c->name, e);
		bprintf(b, " %s", sqltype(c, e, pk_pos(t, c->name) >= 0));
		if (e == E_LITE && c->gen == G_FK) {
			const struct acc_table *p = fk_target(d, c);
			bputs(b, " REFERENCES ");
			ident(b, p->name, e);
			bputs(b, " (");
			ident(b, p->cols[0].name, e);
			bputs(b, ")");
		}
		bputs(b, i + 1 < n || t->pk ? ",\n" : "\n");
	}
	if (t->pk) {
		char tmp[256], *save = NULL, *tok;
		int first = 1;
		snprintf(tmp, sizeof(tmp), "%s", t->pk);
		bputs(b, "  PRIMARY KEY (");
		for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (!first)
				bputs(b, ", ");
			ident(b, tok, e);
			first = 0;
		}
		bputs(b, ")\n");
	}
	bputs(b, e == E_MY ? ") ENGINE=InnoDB;\n" : ");\n");
	seed(d->name, t->name);
	for (int r = 0; r < t->rows; r++) {
		if (r % 100 == 0) {
			bputs(b, "INSERT INTO ");
			ident(b, t->name, e);
			bputs(b, " VALUES\n");
		}
		bputs(b, "(");
		for (int i = 0; i < n; i++) {
			if (i)
				bputs(b, ", ");
			value(b, d, t, &t->cols[i], r, pk_pos(t, t->cols[i].name), e);
		}
		bputs(b, r % 100 == 99 || r + 1 == t->rows ? ");\n" : "),\n");
	}
}

static void
emit_fkeys(struct buf *b, const struct acc_domain *d, const struct acc_table *t, enum engine e)
{
	for (int i = 0; i < ncols(t); i++) {
		const struct acc_col *c = &t->cols[i];
		const struct acc_table *p;

		if (c->gen != G_FK)
			continue;
		p = fk_target(d, c);
		bputs(b, "ALTER TABLE ");
		ident(b, t->name, e);
		bputs(b, " ADD FOREIGN KEY (");
		ident(b, c->name, e);
		bputs(b, ") REFERENCES ");
		ident(b, p->name, e);
		bputs(b, " (");
		ident(b, p->cols[0].name, e);
		bputs(b, ");\n");
	}
}

static void
emit_view(struct buf *b, const struct acc_view *v, enum engine e)
{
	bputs(b, "CREATE VIEW ");
	ident(b, v->name, e);
	bputs(b, " AS ");
	for (const char *p = v->select; *p; p++) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
			ident(b, name, e);
			p = end;
		} else {
			char one[2] = { *p, '\0' };
			bputs(b, one);
		}
	}
	bputs(b, ";\n");
}

static void
emit_domain(struct buf *b, const struct acc_domain *d, enum engine e)
{
	if (e == E_PG) {
		bputs(b, "DROP SCHEMA IF EXISTS ");
		ident(b, d->name, e);
		bputs(b, " CASCADE;\nCREATE SCHEMA ");
		ident(b, d->name, e);
		bputs(b, ";\nSET search_path TO ");
		ident(b, d->name, e);
		bputs(b, ";\n");
	} else if (e == E_MY) {
		bprintf(b, "DROP DATABASE IF EXISTS `acc_%s`;\nCREATE DATABASE `acc_%s`;\nUSE `acc_%s`;\n",
		    d->name, d->name, d->name);
	}
	for (int i = 0; i < ACC_MAX_TABLES && d->tables[i].name; i++)
		emit_table(b, d, &d->tables[i], e);
	if (e != E_LITE)
		for (int i = 0; i < ACC_MAX_TABLES && d->tables[i].name; i++)
			emit_fkeys(b, d, &d->tables[i], e);
	for (int i = 0; i < ACC_MAX_VIEWS && d->views[i].name; i++)
		emit_view(b, &d->views[i], e);
	if (e == E_PG)
		bputs(b, "ANALYZE;\n");
	else if (e == E_MY)
		for (int i = 0; i < ACC_MAX_TABLES && d->tables[i].name; i++) {
			bputs(b, "ANALYZE TABLE ");
			ident(b, d->tables[i].name, e);
			bputs(b, ";\n");
		}
}

static int
write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(b->s, 1, b->n, f) != b->n || fclose(f) != 0) {
		fprintf(stderr, "corpus_gen: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void
label(struct buf *b, const char *domain, const char *table, const struct acc_col *c, int has)
{
	bprintf(b, "%s\t%s\t%s\t%s\t%s\t%d\n", domain, table, c->name,
	    c->category ? c->category : "-", acc_tier_name(c->tier), has);
}

int
main(int argc, char **argv)
{
	struct buf pg = { 0 }, my = { 0 }, labels = { 0 }, domains = { 0 };
	char path[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: corpus_gen OUTDIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/sqlite", argv[1]);
	if ((mkdir(argv[1], 0755) != 0 && errno != EEXIST) || (mkdir(path, 0755) != 0 &&
	    errno != EEXIST)) {
		fprintf(stderr, "corpus_gen: cannot create %s: %s\n", path, strerror(errno));
		return 1;
	}
	bputs(&pg, "-- steward accuracy corpus (contrib/accuracy), generated\n");
	bputs(&my, "-- steward accuracy corpus (contrib/accuracy), generated\n");
	bputs(&labels, "# domain\ttable\tcolumn\tcategory\ttier\thas_values\n");
	bputs(&domains, "# domain\tstyle\theldout\n");
	for (int i = 0; i < acc_ndomains; i++) {
		const struct acc_domain *d = &acc_domains[i];
		struct buf lite = { 0 };

		bprintf(&domains, "%s\t%s\t%d\n", d->name, d->style, d->heldout);
		emit_domain(&pg, d, E_PG);
		emit_domain(&my, d, E_MY);
		emit_domain(&lite, d, E_LITE);
		snprintf(path, sizeof(path), "%s/sqlite/%s.sql", argv[1], d->name);
		if (write_file(path, &lite) != 0)
			return 1;
		free(lite.s);
		for (int k = 0; k < ACC_MAX_TABLES && d->tables[k].name; k++) {
			const struct acc_table *t = &d->tables[k];
			for (int c = 0; c < ncols(t); c++)
				label(&labels, d->name, t->name, &t->cols[c], t->rows > 0 &&
				    t->cols[c].gen != G_NULL && t->cols[c].nulls < 100);
		}
		for (int k = 0; k < ACC_MAX_VIEWS && d->views[k].name; k++)
			for (int c = 0; c < ACC_MAX_COLS && d->views[k].cols[c].name; c++)
				label(&labels, d->name, d->views[k].name, &d->views[k].cols[c], 1);
	}
	snprintf(path, sizeof(path), "%s/pg.sql", argv[1]);
	if (write_file(path, &pg) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/mariadb.sql", argv[1]);
	if (write_file(path, &my) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/labels.tsv", argv[1]);
	if (write_file(path, &labels) != 0)
		return 1;
	free(pg.s);
	free(my.s);
	snprintf(path, sizeof(path), "%s/domains.tsv", argv[1]);
	if (write_file(path, &domains) != 0)
		return 1;
	free(labels.s);
	free(domains.s);
	return 0;
}
