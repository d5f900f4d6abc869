/*
 * A deterministic, labelled corpus of synthetic column values for the
 * classifier's accuracy test and its benchmark: positives per category
 * (checksums computed, so they are valid) and hard negatives (Luhn-failing
 * 16-digit numbers, order numbers, timestamps, UUIDs, versions, SKUs,
 * hex digests, prose).  Header-only, included by one test and one bench.
 */
#ifndef STW_CLASSIFY_CORPUS_H
#define STW_CLASSIFY_CORPUS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct corpus_rng { uint64_t s; };

static uint32_t
corpus_next(struct corpus_rng *r)
{
	/* xorshift64*: fixed seed, same corpus everywhere */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 32);
}

static int
corpus_n(struct corpus_rng *r, int n)
{
	return (int)(corpus_next(r) % (uint32_t)n);
}

static const char *const corpus_first[] = { "anna", "ben", "chloe", "david", "emma", "felix",
	"greta", "hugo", "ines", "jonas", "karla", "liam", "mia", "noah", "olga", "paul" };
static const char *const corpus_last[] = { "smith", "mueller", "dubois", "rossi", "kowalski",
	"jansen", "garcia", "novak", "berg", "silva", "meyer", "moreau" };
static const char *const corpus_dom[] = { "example.com", "mail.example.org", "example.co.uk",
	"post.example.de", "example.net" };
static const char *const corpus_words[] = { "the", "parcel", "arrived", "late", "and", "box",
	"was", "damaged", "please", "refund", "order", "thanks", "again", "for", "quick", "help",
	"size", "colour", "wrong", "delivery" };

static void
corpus_digits(struct corpus_rng *r, char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (char)('0' + corpus_n(r, 10));
	out[n] = '\0';
}

static int
corpus_luhn_digit(const char *d, int n)  /* check digit for d[0..n) */
{
	int sum = 0;
	for (int i = n - 1, dbl = 1; i >= 0; i--, dbl = !dbl) {
		int x = d[i] - '0';
		if (dbl && (x *= 2) > 9)
			x -= 9;
		sum += x;
	}
	return (10 - sum % 10) % 10;
}

/* Value kinds: the label is the category a column of such values must
 * get from values alone, or NULL for "nothing". */
struct corpus_kind {
	const char *name;
	const char *label;
	void (*gen)(struct corpus_rng *r, char *out, size_t n);
};

static void
g_email(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%s.%s%d@%s", corpus_first[corpus_n(r, 16)], corpus_last[corpus_n(r, 12)],
	    corpus_n(r, 100), corpus_dom[corpus_n(r, 5)]);
}

static void
g_phone(struct corpus_rng *r, char *o, size_t n)
{
	char d[16];
	corpus_digits(r, d, 8);
	switch (corpus_n(r, 5)) {
	case 0: snprintf(o, n, "+44 20 %.4s %.4s", d, d + 4); break;
	case 1: snprintf(o, n, "+49151%s", d); break;
	case 2: snprintf(o, n, "030 %.7s", d); break;
	case 3: snprintf(o, n, "(%d%.2s) %d%.2s-%.4s", 2 + corpus_n(r, 8), d, 2 + corpus_n(r, 8), d + 2, d + 4); break;
	default: snprintf(o, n, "07700 %.6s", d); break;
	}
}

static void
g_card(struct corpus_rng *r, char *o, size_t n)
{
	char d[20];
	d[0] = corpus_n(r, 2) ? '4' : '5';
	corpus_digits(r, d + 1, 14);
	d[15] = (char)('0' + corpus_luhn_digit(d, 15));
	d[16] = '\0';
	if (corpus_n(r, 2))
		snprintf(o, n, "%.4s %.4s %.4s %.4s", d, d + 4, d + 8, d + 12);
	else
		snprintf(o, n, "%s", d);
}

static void
g_nocard(struct corpus_rng *r, char *o, size_t n)   /* 16 digits failing Luhn */
{
	char d[20];
	d[0] = (char)('2' + corpus_n(r, 5));
	corpus_digits(r, d + 1, 14);
	d[15] = (char)('0' + (corpus_luhn_digit(d, 15) + 1 + corpus_n(r, 9)) % 10);
	d[16] = '\0';
	snprintf(o, n, "%s", d);
}

static void
g_iban(struct corpus_rng *r, char *o, size_t n)
{
	char bban[19], num[64];
	int rem = 0;
	corpus_digits(r, bban, 18);
	/* DE + check + 18 digits: check = 98 - (bban + "1314" + "00") mod 97 */
	snprintf(num, sizeof(num), "%s131400", bban);
	for (const char *p = num; *p; p++)
		rem = (rem * 10 + (*p - '0')) % 97;
	snprintf(o, n, "DE%02d%s", 98 - rem, bban);
}

static void
g_ipv4(struct corpus_rng *r, char *o, size_t n)
{
	if (corpus_n(r, 4) == 0)
		snprintf(o, n, "2001:db8:%x::%x", corpus_n(r, 65536), corpus_n(r, 65536));
	else
		snprintf(o, n, "%d.%d.%d.%d", 1 + corpus_n(r, 223), corpus_n(r, 256), corpus_n(r, 256),
		    1 + corpus_n(r, 254));
}

static void
g_mac(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%02x:%02x:%02x:%02x:%02x:%02x", corpus_n(r, 256), corpus_n(r, 256),
	    corpus_n(r, 256), corpus_n(r, 256), corpus_n(r, 256), corpus_n(r, 256));
}

static void
g_ssn(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%03d-%02d-%04d", 1 + corpus_n(r, 665), 1 + corpus_n(r, 98), 1 + corpus_n(r, 9998));
}

static void
g_dni(struct corpus_rng *r, char *o, size_t n)
{
	long v = 10000000L + corpus_n(r, 89999999);
	snprintf(o, n, "%08ld%c", v, "TRWAGMYFPDXBNJZSQVHLCKE"[v % 23]);
}

static void
g_pesel(struct corpus_rng *r, char *o, size_t n)
{
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	char d[48];  /* room for any int the compiler imagines */
	int sum = 0;
	snprintf(d, sizeof(d), "%02d%02d%02d%04d", 50 + corpus_n(r, 49), 1 + corpus_n(r, 12),
	    1 + corpus_n(r, 28), corpus_n(r, 10000));
	for (int i = 0; i < 10; i++)
		sum += (d[i] - '0') * w[i];
	snprintf(o, n, "%s%d", d, (10 - sum % 10) % 10);
}

static void
g_nino(struct corpus_rng *r, char *o, size_t n)
{
	static const char first[] = "ABCEGHJKLMNPRSTWXYZ", second[] = "ABCEGHJKLMNPRSTWXYZ";
	char d[8];
	corpus_digits(r, d, 6);
	char a = first[corpus_n(r, 19)], b = second[corpus_n(r, 19)];
	if ((a == 'G' && b == 'B') || (a == 'N' && b == 'T') || (a == 'T' && b == 'N') ||
	    (a == 'Z' && b == 'Z') || (a == 'B' && b == 'G') || (a == 'N' && b == 'K') ||
	    (a == 'K' && b == 'N'))
		a = 'A';
	snprintf(o, n, "%c%c%s%c", a, b, d, "ABCD"[corpus_n(r, 4)]);
}

static void
g_bcrypt(struct corpus_rng *r, char *o, size_t n)
{
	static const char al[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char s[54];
	for (int i = 0; i < 53; i++)
		s[i] = al[corpus_n(r, 64)];
	s[53] = '\0';
	snprintf(o, n, "$2b$12$%s", s);
}

static void
g_token(struct corpus_rng *r, char *o, size_t n)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char s[41];
	for (int i = 0; i < 40; i++)
		s[i] = al[corpus_n(r, 62)];
	s[40] = '\0';
	if (corpus_n(r, 2))
		snprintf(o, n, "sk_live_%.24s", s);
	else
		snprintf(o, n, "ghp_%.36s", s);
}

static void
g_latlong(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%d.%05d, %d.%05d", corpus_n(r, 80) - 40, corpus_n(r, 100000),
	    corpus_n(r, 300) - 150, corpus_n(r, 100000));
}

static void
g_icd(struct corpus_rng *r, char *o, size_t n)
{
	static const char l[] = "ABCDEFGHIJKLMNOPQRSTVWXYZ";
	snprintf(o, n, "%c%02d.%d", l[corpus_n(r, 25)], corpus_n(r, 100), corpus_n(r, 10));
}

static void
g_text_contact(struct corpus_rng *r, char *o, size_t n)
{
	char e[96];
	int k = corpus_n(r, 10);
	if (k < 3) {
		g_email(r, e, sizeof(e));
		snprintf(o, n, "%s %s, please write to %s about it", corpus_words[corpus_n(r, 20)],
		    corpus_words[corpus_n(r, 20)], e);
	} else {
		snprintf(o, n, "%s %s %s %s %s", corpus_words[corpus_n(r, 20)], corpus_words[corpus_n(r, 20)],
		    corpus_words[corpus_n(r, 20)], corpus_words[corpus_n(r, 20)], corpus_words[corpus_n(r, 20)]);
	}
}

/* hard negatives */
static void
g_order(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "ORD-2024-%06d", corpus_n(r, 1000000));
}

static void
g_seq(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%d", 1000 + corpus_n(r, 9000000));
}

static void
g_ts(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "20%02d-%02d-%02d %02d:%02d:%02d", 10 + corpus_n(r, 15), 1 + corpus_n(r, 12),
	    1 + corpus_n(r, 28), corpus_n(r, 24), corpus_n(r, 60), corpus_n(r, 60));
}

static void
g_uuid(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%08x-%04x-4%03x-a%03x-%04x%08x", corpus_next(r), corpus_n(r, 65536),
	    corpus_n(r, 4096), corpus_n(r, 4096), corpus_n(r, 65536), corpus_next(r));
}

static void
g_version(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%d.%d.%d", corpus_n(r, 10), corpus_n(r, 30), corpus_n(r, 100));
}

static void
g_sku(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "SKU-%c%c%02d-%04d", 'A' + corpus_n(r, 26), 'A' + corpus_n(r, 26), corpus_n(r, 100),
	    corpus_n(r, 10000));
}

static void
g_hex(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%08x%08x%08x%08x%08x%08x%08x%08x", corpus_next(r), corpus_next(r), corpus_next(r),
	    corpus_next(r), corpus_next(r), corpus_next(r), corpus_next(r), corpus_next(r));
}

static void
g_prose(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%s %s %s %s %s %s", corpus_words[corpus_n(r, 20)], corpus_words[corpus_n(r, 20)],
	    corpus_words[corpus_n(r, 20)], corpus_words[corpus_n(r, 20)], corpus_words[corpus_n(r, 20)],
	    corpus_words[corpus_n(r, 20)]);
}

static void
g_price(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%d.%02d", corpus_n(r, 500), corpus_n(r, 100));
}

static void
g_coord_like(struct corpus_rng *r, char *o, size_t n)   /* measurements, not places */
{
	snprintf(o, n, "%d.%04d", corpus_n(r, 60), corpus_n(r, 10000));
}

static void
g_date(struct corpus_rng *r, char *o, size_t n)
{
	snprintf(o, n, "%02d.%02d.20%02d", 1 + corpus_n(r, 28), 1 + corpus_n(r, 12), corpus_n(r, 25));
}

static void
g_nine(struct corpus_rng *r, char *o, size_t n)
{
	char d[12];
	corpus_digits(r, d, 9);
	d[0] = (char)('1' + corpus_n(r, 9));
	snprintf(o, n, "%s", d);
}

static void
g_status(struct corpus_rng *r, char *o, size_t n)
{
	static const char *const s[] = { "pending", "shipped", "delivered", "cancelled", "returned" };
	snprintf(o, n, "%s", s[corpus_n(r, 5)]);
}

static const struct corpus_kind corpus_kinds[] = {
	{ "email", "user.contact.email", g_email },
	{ "phone", "user.contact.phone_number", g_phone },
	{ "card", "user.financial.credit_card", g_card },
	{ "iban", "user.financial.bank_account", g_iban },
	{ "ip", "user.device.ip_address", g_ipv4 },
	{ "mac", "user.device.device_id", g_mac },
	{ "ssn", "user.government_id.national_identification_number", g_ssn },
	{ "es_dni", "user.government_id.national_identification_number", g_dni },
	{ "nino", "user.government_id.national_identification_number", g_nino },
	{ "bcrypt", "user.authorization.credentials", g_bcrypt },
	{ "token", "user.authorization.credentials", g_token },
	{ "latlong", "user.location.precise", g_latlong },
	{ "icd10", "user.health.medical_diagnosis", g_icd },
	{ "text_contact", "user.contact.email", g_text_contact },
	{ "pesel_unnamed", NULL, g_pesel },       /* bare 11 digits need the name */
	{ "nocard", NULL, g_nocard },
	{ "order", NULL, g_order },
	{ "seq", NULL, g_seq },
	{ "timestamp", NULL, g_ts },
	{ "uuid", NULL, g_uuid },
	{ "version", NULL, g_version },
	{ "sku", NULL, g_sku },
	{ "hex_digest", NULL, g_hex },
	{ "prose", NULL, g_prose },
	{ "price", NULL, g_price },
	{ "measurement", NULL, g_coord_like },
	{ "date", NULL, g_date },
	{ "nine_digits", NULL, g_nine },
	{ "status", NULL, g_status },
};
#define CORPUS_NKINDS (sizeof(corpus_kinds) / sizeof(corpus_kinds[0]))

#endif
