/*
 * The demo generator: builds the synthetic loyalty-programme database of
 * SPEC.md "The demo" in memory from a fixed seed, then writes it as SQL for
 * SQLite, PostgreSQL or MariaDB, or straight into a SQLite file.
 *
 * Determinism is the point: the rows come from our own PRNG (splitmix64,
 * never rand()) and every timestamp is computed relative to the constant
 * STW_DEMO_AS_OF, never from the clock, so every run and every dialect
 * gives the same rows.  The retention plants (rows older than a limit) are
 * decided per row by the PRNG and counted as they are made; the counts are
 * returned by stw_demo_facts() and printed in contrib/demo/README.md.
 * Anchor timestamps never fall within four days of a limit's cutoff, so
 * "older than N years" counts the same whether a year is 365 days
 * (steward's rule) or a calendar year.
 *
 * All names, addresses, phone numbers (fictional/drama ranges), e-mail
 * domains (RFC 2606), card numbers (public test prefixes) and IBANs are
 * invented; no real person's data.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "contrib/demo/demo.h"
#include "scanner/util.h"

#define N_CUSTOMERS 3000
#define N_PRODUCTS 60
#define N_TICKETS 1500
#define N_ALLERGIES 400
#define N_EMAIL_CHANGES 24
#define BATCH 200

#define DAY 86400LL
/* 2026-11-01 00:00:00 UTC as seconds since the epoch (days_from_civil). */
#define AS_OF_DAYS 20758LL
#define AS_OF (AS_OF_DAYS * DAY)
/* steward's durations: a year is 365 days. */
#define CUT_2Y (AS_OF - 730 * DAY)
#define CUT_1Y (AS_OF - 365 * DAY)
#define CUT_5Y (AS_OF - 1825 * DAY)
#define CUT_10Y (AS_OF - 3650 * DAY)
/* No anchor within this distance of a cutoff (see the file comment). */
#define MARGIN (4 * DAY)

/* ---------------------------------------------------------------- PRNG */

struct rng {
	uint64_t s;
};

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same everywhere. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 <= result < n; the modulo bias is irrelevant for demo data. */
static int64_t
rng_below(struct rng *r, int64_t n)
{
	return n <= 0 ? 0 : (int64_t)(rng_next(r) % (uint64_t)n);
}

static int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)   /* inclusive */
{
	return hi <= lo ? lo : lo + rng_below(r, hi - lo + 1);
}

/* True with probability pct/100. */
static int
rng_pct(struct rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, arr) ((arr)[rng_below((r), (int64_t)(sizeof(arr) / sizeof((arr)[0])))])

/* ---------------------------------------------------------------- dates */

/* Howard Hinnant's civil_from_days / days_from_civil: exact, no libc. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t
ts_of(int y, int m, int d)
{
	return days_from_civil(y, m, d) * DAY;
}

/* Demo timestamps are all after 1970, so t is never negative. */
static void
fmt_ts(char out[32], int64_t t)
{
	int y, m, d;
	unsigned s = (unsigned)(t % DAY);

	civil_from_days(t / DAY, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02d %02u:%02u:%02u", y, m, d, s / 3600, s / 60 % 60, s % 60);
}

static void
fmt_date(char out[32], int64_t t)
{
	int y, m, d;

	civil_from_days(t / DAY, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
}

/* Moves an anchor timestamp out of the margin around every cutoff. */
static int64_t
off_cutoffs(int64_t t)
{
	static const int64_t cuts[] = { CUT_1Y, CUT_2Y, CUT_5Y, CUT_10Y };

	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		if (t > cuts[i] - MARGIN && t < cuts[i] + MARGIN)
			t = cuts[i] + MARGIN + (t - cuts[i] + MARGIN);
	return t < AS_OF ? t : AS_OF - 3600;
}

/* ---------------------------------------------------------------- word lists */

struct name {
	const char *display;  /* as stored, UTF-8 */
	const char *slug;     /* ASCII, for e-mail addresses */
};

static const struct name first_names[] = {
	{ "James", "james" }, { "Olivia", "olivia" }, { "Oliver", "oliver" }, { "Amelia", "amelia" },
	{ "Harry", "harry" }, { "Isla", "isla" }, { "George", "george" }, { "Ava", "ava" },
	{ "Noah", "noah" }, { "Emily", "emily" }, { "Jack", "jack" }, { "Sophia", "sophia" },
	{ "Liam", "liam" }, { "Emma", "emma" }, { "Mason", "mason" }, { "Charlotte", "charlotte" },
	{ "William", "william" }, { "Mia", "mia" }, { "Ethan", "ethan" }, { "Harper", "harper" },
	{ "Lukas", "lukas" }, { "Anna", "anna" }, { "Leon", "leon" }, { "Lena", "lena" },
	{ "Finn", "finn" }, { "Marie", "marie" }, { "Jonas", "jonas" }, { "Sophie", "sophie" },
	{ "Felix", "felix" }, { "Hannah", "hannah" }, { "Jürgen", "juergen" }, { "Zoë", "zoe" },
	{ "Léa", "lea" }, { "Hugo", "hugo" }, { "Chloé", "chloe" }, { "Louis", "louis" },
	{ "Manon", "manon" }, { "Gabriel", "gabriel" }, { "Camille", "camille" }, { "Inès", "ines" },
	{ "Daan", "daan" }, { "Sanne", "sanne" }, { "Sem", "sem" }, { "Julia", "julia" },
	{ "Bram", "bram" }, { "Noor", "noor" }, { "Thijs", "thijs" }, { "Anouk", "anouk" },
	{ "Mehmet", "mehmet" }, { "Ayşe", "ayse" }, { "Priya", "priya" }, { "Arjun", "arjun" },
	{ "Wei", "wei" }, { "Mei", "mei" }, { "José", "jose" }, { "Lucía", "lucia" },
	{ "Siobhán", "siobhan" }, { "Niamh", "niamh" }, { "Mary-Jane", "maryjane" }, { "Ali", "ali" },
};

static const struct name last_names[] = {
	{ "Smith", "smith" }, { "Jones", "jones" }, { "Taylor", "taylor" }, { "Brown", "brown" },
	{ "Williams", "williams" }, { "Wilson", "wilson" }, { "Johnson", "johnson" },
	{ "Davies", "davies" }, { "Patel", "patel" }, { "O'Brien", "obrien" }, { "Müller", "mueller" },
	{ "Schmidt", "schmidt" }, { "Schneider", "schneider" }, { "Fischer", "fischer" },
	{ "Weber", "weber" }, { "Meyer", "meyer" }, { "Wagner", "wagner" }, { "Becker", "becker" },
	{ "Hoffmann", "hoffmann" }, { "Schäfer", "schaefer" }, { "Martin", "martin" },
	{ "Bernard", "bernard" }, { "Dubois", "dubois" }, { "Thomas", "thomas" }, { "Petit", "petit" },
	{ "Durand", "durand" }, { "Leroy", "leroy" }, { "Moreau", "moreau" }, { "de Jong", "dejong" },
	{ "Jansen", "jansen" }, { "de Vries", "devries" }, { "van den Berg", "vandenberg" },
	{ "Bakker", "bakker" }, { "Visser", "visser" }, { "Meijer", "meijer" }, { "García", "garcia" },
	{ "Rodríguez", "rodriguez" }, { "Nguyen", "nguyen" }, { "Kim", "kim" }, { "Chen", "chen" },
	{ "Wang", "wang" }, { "Yılmaz", "yilmaz" }, { "Kowalski", "kowalski" }, { "Novak", "novak" },
	{ "Rossi", "rossi" }, { "Silva", "silva" }, { "Johansson", "johansson" },
	{ "Andersen", "andersen" }, { "Murphy", "murphy" }, { "Kelly", "kelly" }, { "Walsh", "walsh" },
	{ "Miller", "miller" }, { "Davis", "davis" }, { "Anderson", "anderson" },
	{ "Jackson", "jackson" }, { "White", "white" }, { "D'Angelo", "dangelo" }, { "Ó Súilleabháin", "osullivan" },
};

/* RFC 2606 names only: nothing here can reach a real mailbox. */
static const char *const domains[] = {
	"example.com", "example.org", "example.net", "mail.example.net", "post.example.com",
	"shop.example.org",
};

enum country { C_GB, C_DE, C_US, C_FR, C_NL, C_N };

struct city {
	const char *name;
	const char *postal;   /* GB outward code, or the first digits elsewhere */
};

static const struct city cities[C_N][6] = {
	[C_GB] = { { "London", "SW1A" }, { "London", "E1" }, { "Manchester", "M1" }, { "Leeds", "LS1" },
		{ "Bristol", "BS1" }, { "Edinburgh", "EH1" } },
	[C_DE] = { { "Berlin", "101" }, { "Hamburg", "200" }, { "München", "803" }, { "Köln", "506" },
		{ "Frankfurt am Main", "603" }, { "Leipzig", "041" } },
	[C_US] = { { "Springfield", "627" }, { "Portland", "972" }, { "Austin", "787" },
		{ "Denver", "802" }, { "Boston", "021" }, { "Seattle", "981" } },
	[C_FR] = { { "Paris", "750" }, { "Lyon", "690" }, { "Marseille", "130" }, { "Toulouse", "310" },
		{ "Nantes", "440" }, { "Lille", "590" } },
	[C_NL] = { { "Amsterdam", "101" }, { "Rotterdam", "301" }, { "Utrecht", "351" },
		{ "Den Haag", "251" }, { "Eindhoven", "561" }, { "Groningen", "971" } },
};

static const char *const streets[C_N][6] = {
	[C_GB] = { "High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "Baker Street" },
	[C_DE] = { "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee", "Am Markt" },
	[C_US] = { "Maple Avenue", "Oak Street", "Elm Street", "Park Avenue", "Washington Boulevard", "Main Street" },
	[C_FR] = { "rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "rue des Écoles",
		"place de la République", "rue du Moulin" },
	[C_NL] = { "Kerkstraat", "Dorpsstraat", "Molenweg", "Prinsengracht", "Stationsplein", "Lindelaan" },
};

static const char *const country_codes[C_N] = { "GB", "DE", "US", "FR", "NL" };
static const char *const currencies[C_N] = { "GBP", "EUR", "USD", "EUR", "EUR" };

static const char *const tiers[] = { "none", "none", "none", "bronze", "bronze", "bronze",
	"silver", "silver", "gold" };

struct product_def {
	const char *title;
	const char *category;
};

static const struct product_def product_defs[] = {
	{ "Organic green tea", "grocery" }, { "Dark roast coffee beans", "grocery" },
	{ "Oat biscuits", "grocery" }, { "Olive oil 1 l", "grocery" }, { "Basmati rice 2 kg", "grocery" },
	{ "Dark chocolate 70%", "grocery" }, { "Sparkling water 6-pack", "grocery" },
	{ "Honey, \"wildflower\"", "grocery" }, { "Vitamin C tablets", "pharmacy" },
	{ "Sun cream SPF 50", "pharmacy" }, { "Plasters, assorted", "pharmacy" },
	{ "Hand cream", "pharmacy" }, { "Toothpaste", "pharmacy" }, { "Lip balm", "pharmacy" },
	{ "Shampoo 250 ml", "pharmacy" }, { "Cotton T-shirt", "clothing" },
	{ "Wool jumper", "clothing" }, { "Rain jacket", "clothing" }, { "Running socks (3 pairs)", "clothing" },
	{ "Canvas trainers", "clothing" }, { "Winter gloves", "clothing" }, { "Denim jeans", "clothing" },
	{ "Bamboo cutting board", "home" }, { "Cast-iron pan", "home" }, { "Scented candle", "home" },
	{ "Bath towel", "home" }, { "Glass storage jars", "home" }, { "LED desk lamp", "home" },
	{ "Cushion cover", "home" }, { "Kitchen scale", "home" }, { "Paperback: The Lighthouse", "books" },
	{ "Cookbook: Weeknight Dinners", "books" }, { "Children's atlas", "books" },
	{ "Notebook A5", "books" }, { "Crossword collection", "books" }, { "USB-C cable 2 m", "electronics" },
	{ "Wireless earbuds", "electronics" }, { "Power bank 10,000 mAh", "electronics" },
	{ "Phone case", "electronics" }, { "Smart plug", "electronics" }, { "AA batteries (8)", "electronics" },
	{ "Garden gloves", "garden" }, { "Tomato seeds", "garden" }, { "Watering can", "garden" },
	{ "Bird feeder", "garden" }, { "Plant pot, terracotta", "garden" }, { "Yoga mat", "sport" },
	{ "Water bottle", "sport" }, { "Resistance bands", "sport" }, { "Tennis balls (3)", "sport" },
	{ "Bicycle light set", "sport" }, { "Dog treats", "pets" }, { "Cat litter 10 l", "pets" },
	{ "Pet brush", "pets" }, { "Gift card wrapping", "gifts" }, { "Birthday card", "gifts" },
	{ "Jigsaw puzzle 1000", "gifts" }, { "Board game: Harbour", "gifts" }, { "Wrapping paper", "gifts" },
	{ "Tote bag", "gifts" },
};

struct allergen_def {
	const char *allergen;
	const char *icd10;
};

/* ICD-10 (WHO) codes an allergy record could carry. */
static const struct allergen_def allergen_defs[] = {
	{ "Penicillin", "Z88.0" }, { "Amoxicillin", "Z88.0" }, { "Cephalosporins", "Z88.1" },
	{ "Sulfonamides", "Z88.2" }, { "Codeine", "Z88.5" }, { "Aspirin", "Z88.6" },
	{ "Ibuprofen", "Z88.6" }, { "Contrast media", "Z88.8" }, { "Nickel", "L23.0" },
	{ "Adhesive plaster", "L23.1" }, { "Fragrance mix", "L23.2" }, { "Hair dye", "L23.4" },
	{ "Latex", "L23.5" }, { "Cosmetic, unknown", "L23.9" }, { "Peanuts", "T78.0" },
	{ "Tree nuts", "T78.0" }, { "Shellfish", "T78.1" }, { "Grass pollen", "J30.1" },
	{ "House dust mites", "J30.3" }, { "Unspecified allergy", "T78.4" },
};

static const char *const severities[] = { "mild", "mild", "moderate", "moderate", "severe",
	"life-threatening" };

static const char *const subjects[] = {
	"Parcel not delivered", "Damaged item", "Loyalty points missing", "Cannot log in",
	"Change of contact details", "Refund request", "Voucher not accepted", "Charged twice",
	"Question about opening hours", "App keeps crashing", "Cancel my membership", "Size exchange",
};

/* {P} = a phone number, {E} = an e-mail address, {O} = an order number. */
static const char *const contact_bodies[] = {
	"Hello, my parcel for order {O} has not arrived yet. Please call me back on {P}.",
	"Hi, I changed my e-mail. My new address is {E}, please update my account.",
	"I can't log in to the app since the last update. You can reach me at {E} or {P}.",
	"Please cancel my loyalty card. Contact: {P} (evenings only).",
	"The voucher code did not work at checkout. Reply to {E} please.",
	"Order {O} was charged twice! Call {P} and ask for me.",
	"Dear team,\nplease send the invoice for order {O} to {E}.\nKind regards",
	"my number changed, new one is {P} - the old one doesn't work any more",
};

static const char *const plain_bodies[] = {
	"The parcel for order {O} arrived damaged, the box was crushed.",
	"I would like to know when the winter collection is available in store.",
	"My loyalty points from order {O} are missing.",
	"The app crashes when I open my orders. It says \"C:\\app\\cache\" is not writable.",
	"Thanks for the quick help last week!",
	"Can't redeem my points; the button stays grey.",
	"Hello,\nthe size chart is wrong for the jeans.\nRegards",
	"Is the store on the high street open on bank holidays?",
	"I returned two items from order {O} three weeks ago and still have no refund.",
	"The 50% discount wasn't applied to my basket.",
};

static const char *const order_statuses[] = { "delivered", "delivered", "delivered", "delivered",
	"delivered", "delivered", "delivered", "delivered", "cancelled", "refunded" };

static const char *const genders[] = { "female", "female", "female", "female", "female", "female",
	"female", "female", "female", "male", "male", "male", "male", "male", "male", "male",
	"male", "male", "diverse", "undisclosed" };

/* Well-known test-card prefixes (Visa, Mastercard, Discover, JCB test numbers). */
static const char *const card_prefixes[] = { "411111", "555555", "401288", "510510", "601111",
	"353011" };

/* ---------------------------------------------------------------- the model */

struct customer {
	char first[32], last[40], email[96], old_email[96], phone[24], street[64], postal[12];
	const char *city, *country, *tier, *gender, *currency;
	int has_phone;
	enum country c;
	int64_t dob, created, login;
	int64_t updated0;    /* updated_at as inserted */
	int64_t updated;     /* updated_at after the e-mail change, if any */
	int email_changed;
	int64_t changed_at;  /* when the email was changed (the UPDATE) */
	int m_email, m_sms, analytics;
	int64_t consent_at;
};

struct order {
	int customer;   /* 1-based id */
	int64_t at;
	const char *status, *currency;
	int64_t total;
	char postal[12];
	int first_item, nitems;
};

struct item {
	int order, product, qty;
	int64_t price;
};

struct payment {
	int order;
	char card[20], expiry[8], iban[96];
	int64_t amount, at;
};

struct ticket {
	int customer;
	int64_t opened, closed;   /* closed 0 = NULL */
	const char *subject, *status;
	char body[400];
	int contact;
};

struct allergy {
	int customer;
	const char *allergen, *icd10, *severity;
	int64_t at;
};

struct model {
	struct customer cust[N_CUSTOMERS];
	int64_t price[N_PRODUCTS];
	char sku[N_PRODUCTS][12];
	struct order *orders;
	size_t norders, aorders;
	struct item *items;
	size_t nitems, aitems;
	struct payment *pays;
	size_t npays, apays;
	struct ticket tickets[N_TICKETS];
	struct allergy allergies[N_ALLERGIES];
	int changed[N_EMAIL_CHANGES];  /* ids of customers whose email changes */
	struct stw_demo_facts facts;
};

static void
gen_phone(struct rng *r, char *out, size_t n, enum country c)
{
	int style = (int)rng_below(r, 100);    /* 0-59 E.164 spaced, 60-79 compact, else national */
	int k = (int)rng_below(r, 1000);

	switch (c) {
	case C_GB:   /* Ofcom drama ranges: 020 7946 0xxx, 07700 900xxx */
		if (rng_pct(r, 50)) {
			if (style < 60) snprintf(out, n, "+44 20 7946 0%03d", k);
			else if (style < 80) snprintf(out, n, "+442079460%03d", k);
			else snprintf(out, n, "020 7946 0%03d", k);
		} else {
			if (style < 60) snprintf(out, n, "+44 7700 900%03d", k);
			else if (style < 80) snprintf(out, n, "+447700900%03d", k);
			else snprintf(out, n, "07700 900%03d", k);
		}
		break;
	case C_DE:   /* Bundesnetzagentur drama range Berlin 030 23125 xxx */
		if (style < 60) snprintf(out, n, "+49 30 23125%03d", k);
		else if (style < 80) snprintf(out, n, "+493023125%03d", k);
		else snprintf(out, n, "030 23125%03d", k);
		break;
	case C_US:   /* 555-0100..0199 is reserved for fiction */
		k %= 100;
		if (style < 60) snprintf(out, n, "+1 202 555 01%02d", k);
		else if (style < 80) snprintf(out, n, "+120255501%02d", k);
		else snprintf(out, n, "(202) 555-01%02d", k);
		break;
	case C_FR:   /* ARCEP fiction range 01 99 00 xx xx */
		k %= 100;
		if (style < 60) snprintf(out, n, "+33 1 99 00 %02d %02d", k, (int)rng_below(r, 100));
		else if (style < 80) snprintf(out, n, "+3319900%02d%02d", k, (int)rng_below(r, 100));
		else snprintf(out, n, "01 99 00 %02d %02d", k, (int)rng_below(r, 100));
		break;
	default:     /* NL */
		if (style < 60) snprintf(out, n, "+31 20 555 %04d", (int)rng_below(r, 10000));
		else if (style < 80) snprintf(out, n, "+3120555%04d", (int)rng_below(r, 10000));
		else snprintf(out, n, "020 555 %04d", (int)rng_below(r, 10000));
		break;
	}
}

static void
gen_postal(struct rng *r, char *out, size_t n, enum country c, const char *base)
{
	static const char gb[] = "ABDEFGHJLNPQRSTUWXYZ";   /* no C I K M O V */
	static const char nl[] = "ABCDEFGHJKLMNPRSTVWXZ";
	/* One draw per statement: argument evaluation order is unspecified
	 * in C, and the rows must not depend on the compiler. */
	int digit = (int)rng_below(r, 10), x = (int)rng_below(r, 20), y = (int)rng_below(r, 20);

	switch (c) {
	case C_GB:
		snprintf(out, n, "%s %d%c%c", base, digit, gb[x], gb[y]);
		break;
	case C_NL:
		snprintf(out, n, "%s%d %c%c", base, digit, nl[x], nl[y]);
		break;
	default:
		snprintf(out, n, "%s%02d", base, (int)rng_below(r, 100));
		break;
	}
}

static char
luhn_digit(const char *digits)   /* check digit to append to digits */
{
	size_t n = strlen(digits);
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (i % 2 == 0) {    /* doubled: it will be second from the right */
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

/* ISO 13616 mod-97 of an IBAN-like string with country+"00" moved to the end. */
static int
mod97(const char *s)
{
	int m = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			m = (m * 10 + (*s - '0')) % 97;
		else if (*s >= 'A' && *s <= 'Z')
			m = (m * 100 + (*s - 'A' + 10)) % 97;
	}
	return m;
}

static void
gen_digits(struct rng *r, char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (char)('0' + rng_below(r, 10));
	out[n] = '\0';
}

static void
gen_iban(struct rng *r, char *out, size_t n)
{
	static const char *const gb_banks[] = { "NWBK", "BARC", "LOYD", "MIDL" };
	static const char *const nl_banks[] = { "ABNA", "INGB", "RABO", "TRIO" };
	char bban[64], a[16], b[16], tmp[80];
	int kind = (int)rng_below(r, 4);
	const char *cc;

	switch (kind) {
	case 0:   /* DE: 8-digit bank code + 10-digit account */
		cc = "DE";
		gen_digits(r, a, 8);
		gen_digits(r, b, 10);
		snprintf(bban, sizeof(bban), "%s%s", a, b);
		break;
	case 1:   /* GB: bank code + 6-digit sort code + 8-digit account */
		cc = "GB";
		gen_digits(r, a, 6);
		gen_digits(r, b, 8);
		snprintf(bban, sizeof(bban), "%s%s%s", PICK(r, gb_banks), a, b);
		break;
	case 2: { /* FR: bank 5 + branch 5 + account 11 + RIB key 2 */
		char acc[16];
		long long key;
		cc = "FR";
		gen_digits(r, a, 5);
		gen_digits(r, b, 5);
		gen_digits(r, acc, 11);
		/* RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97 */
		key = 97 - ((89 * strtoll(a, NULL, 10) + 15 * strtoll(b, NULL, 10) +
		    3 * (strtoll(acc, NULL, 10) % 97)) % 97);
		snprintf(bban, sizeof(bban), "%s%s%s%02lld", a, b, acc, key);
		break;
	}
	default:  /* NL: bank code + 10-digit account */
		cc = "NL";
		gen_digits(r, b, 10);
		snprintf(bban, sizeof(bban), "%s%s", PICK(r, nl_banks), b);
		break;
	}
	snprintf(tmp, sizeof(tmp), "%s%s00", bban, cc);
	snprintf(out, n, "%s%02d%s", cc, 98 - mod97(tmp), bban);
}

/* Fills a ticket body from a template. */
static void
fill_body(char *out, size_t n, const char *tpl, const char *phone, const char *email, int order_id)
{
	struct stw_buf b = STW_BUF_INIT;

	for (const char *p = tpl; *p; p++) {
		if (p[0] == '{' && p[1] != '\0' && p[2] == '}') {
			if (p[1] == 'P')
				stw_buf_adds(&b, phone);
			else if (p[1] == 'E')
				stw_buf_adds(&b, email);
			else
				stw_buf_addf(&b, "%d", 100000 + order_id);
			p += 2;
		} else {
			stw_buf_addc(&b, *p);
		}
	}
	snprintf(out, n, "%s", b.buf);
	stw_buf_release(&b);
}

static void
model_build(struct model *m)
{
	struct rng r = { 0x5eed0d15c0ffeeULL };
	struct stw_demo_facts *f = &m->facts;
	const int64_t created_lo = ts_of(2017, 1, 1), created_hi = ts_of(2026, 9, 30);

	memset(m, 0, sizeof(*m));

	/* customers and consents */
	for (int i = 0; i < N_CUSTOMERS; i++) {
		struct customer *c = &m->cust[i];
		const struct name *fn = &PICK(&r, first_names), *ln = &PICK(&r, last_names);
		int64_t roll = rng_below(&r, 100);
		int k = (int)rng_below(&r, 6);

		c->c = roll < 30 ? C_GB : roll < 55 ? C_DE : roll < 70 ? C_US : roll < 85 ? C_FR : C_NL;
		snprintf(c->first, sizeof(c->first), "%s", fn->display);
		snprintf(c->last, sizeof(c->last), "%s", ln->display);
		snprintf(c->email, sizeof(c->email), "%s.%s.%03d@%s", fn->slug, ln->slug, i + 1,
		    PICK(&r, domains));
		c->has_phone = !rng_pct(&r, 3);
		if (c->has_phone)
			gen_phone(&r, c->phone, sizeof(c->phone), c->c);
		c->dob = rng_range(&r, days_from_civil(1940, 1, 1), days_from_civil(2006, 12, 31)) * DAY;
		c->gender = PICK(&r, genders);
		{
			int house = (int)rng_range(&r, 1, 200);
			const char *street = streets[c->c][rng_below(&r, 6)];
			if (c->c == C_GB || c->c == C_US || c->c == C_FR)
				snprintf(c->street, sizeof(c->street), "%d %s", house, street);
			else
				snprintf(c->street, sizeof(c->street), "%s %d", street, house);
		}
		c->city = cities[c->c][k].name;
		gen_postal(&r, c->postal, sizeof(c->postal), c->c, cities[c->c][k].postal);
		c->country = country_codes[c->c];
		c->currency = currencies[c->c];
		c->tier = PICK(&r, tiers);
		c->created = rng_range(&r, created_lo, created_hi);
		/* The retention plant: a stale customer last logged in over two years ago. */
		if (c->created < CUT_2Y - 30 * DAY && rng_pct(&r, 14)) {
			c->login = rng_range(&r, c->created + DAY, CUT_2Y - MARGIN);
			f->customers_login_over_2y++;
		} else {
			int64_t lo = c->created > CUT_2Y + MARGIN ? c->created + 3600 : CUT_2Y + MARGIN;
			c->login = rng_range(&r, lo, AS_OF - 3600);
		}
		c->login = off_cutoffs(c->login);
		c->updated = c->updated0 = rng_range(&r, c->created, c->login);
		c->m_email = rng_pct(&r, 45);
		c->m_sms = rng_pct(&r, 25);
		c->analytics = rng_pct(&r, 60);
		c->consent_at = rng_range(&r, c->created, c->login);
		if (strcmp(c->tier, "none") != 0) {
			f->marketing_contacts++;
			if (!c->m_email)
				f->marketing_contacts_without_consent++;
		}
	}
	f->customers = f->consents = f->analytics_email_copy = N_CUSTOMERS;

	/* Some customers change their e-mail address: the trigger records it. */
	for (int i = 0; i < N_EMAIL_CHANGES; i++) {
		int id;
		struct customer *c;
		do {
			id = (int)rng_range(&r, 1, N_CUSTOMERS);
			c = &m->cust[id - 1];
		} while (c->email_changed || c->login - c->created < 10 * DAY);
		c->email_changed = 1;
		m->changed[i] = id;
		memcpy(c->old_email, c->email, sizeof(c->email));
		/* Same local part, another domain: firstname.lastname.NNN@<new>. */
		{
			const char *at = strchr(c->old_email, '@'), *dom;
			char tmp[sizeof(c->email)];
			do
				dom = PICK(&r, domains);
			while (strcmp(dom, at + 1) == 0);
			snprintf(tmp, sizeof(tmp), "%.*s@%s", (int)(at - c->old_email), c->old_email, dom);
			memcpy(c->email, tmp, sizeof(tmp));
		}
		c->changed_at = off_cutoffs(rng_range(&r, c->created + DAY, c->login));
		/* The change is the customer's last profile update. */
		c->updated0 = rng_range(&r, c->created, c->changed_at);
		c->updated = c->changed_at;
		f->customer_email_history++;
		if (c->changed_at < CUT_2Y)
			f->email_history_over_2y++;
	}

	/* products */
	for (int i = 0; i < N_PRODUCTS; i++) {
		snprintf(m->sku[i], sizeof(m->sku[i]), "LP-%04d", 1001 + i * 7);
		m->price[i] = rng_range(&r, 99, 12999) / 10 * 10 - 1;
	}
	f->products = N_PRODUCTS;

	/* orders, items, payments */
	for (int i = 0; i < N_CUSTOMERS; i++) {
		const struct customer *c = &m->cust[i];
		int n = (int)rng_below(&r, 7);

		for (int k = 0; k < n; k++) {
			struct order *o;
			int nit = (int)rng_range(&r, 1, 4);
			int used[4] = { -1, -1, -1, -1 };

			stw_grow(&m->orders, &m->aorders, m->norders, sizeof(*m->orders));
			o = &m->orders[m->norders++];
			memset(o, 0, sizeof(*o));
			o->customer = i + 1;
			o->at = off_cutoffs(rng_range(&r, c->created, AS_OF - 3600));
			if (o->at < CUT_10Y)
				f->orders_over_10y++;
			if (o->at < CUT_2Y)
				f->orders_over_2y++;
			o->status = o->at > AS_OF - 3 * DAY ? (rng_pct(&r, 50) ? "processing" : "shipped")
			    : PICK(&r, order_statuses);
			o->currency = c->currency;
			if (rng_pct(&r, 90))
				memcpy(o->postal, c->postal, sizeof(o->postal));
			else
				gen_postal(&r, o->postal, sizeof(o->postal), c->c,
				    cities[c->c][rng_below(&r, 6)].postal);
			o->first_item = (int)m->nitems;
			for (int j = 0; j < nit; j++) {
				struct item *it;
				int p, dup;
				do {
					p = (int)rng_below(&r, N_PRODUCTS);
					dup = 0;
					for (int q = 0; q < j; q++)
						dup |= used[q] == p;
				} while (dup);
				used[j] = p;
				stw_grow(&m->items, &m->aitems, m->nitems, sizeof(*m->items));
				it = &m->items[m->nitems++];
				it->order = (int)m->norders;
				it->product = p + 1;
				it->qty = (int)rng_range(&r, 1, 3);
				it->price = m->price[p];
				o->total += it->price * it->qty;
			}
			o->nitems = nit;
			if (strcmp(o->status, "cancelled") != 0) {
				struct payment *p;
				int y, mo, d;
				stw_grow(&m->pays, &m->apays, m->npays, sizeof(*m->pays));
				p = &m->pays[m->npays++];
				memset(p, 0, sizeof(*p));
				p->order = (int)m->norders;
				p->amount = o->total;
				p->at = o->at + rng_range(&r, 60, 2 * DAY);
				if (p->at >= AS_OF)
					p->at = AS_OF - 60;
				p->at = off_cutoffs(p->at);
				if (p->at < CUT_10Y)
					f->payments_over_10y++;
				if (rng_pct(&r, 70)) {
					char body[16];
					gen_digits(&r, body, 9);
					snprintf(p->card, sizeof(p->card), "%s%s", PICK(&r, card_prefixes), body);
					p->card[15] = luhn_digit(p->card);
					p->card[16] = '\0';
					civil_from_days(p->at / DAY, &y, &mo, &d);
					mo = (int)rng_range(&r, 1, 12);
					y += (int)rng_range(&r, 1, 4);
					snprintf(p->expiry, sizeof(p->expiry), "%02d/%02d", mo, y % 100);
				} else {
					gen_iban(&r, p->iban, sizeof(p->iban));
				}
			}
		}
	}
	f->orders = (int)m->norders;
	f->order_items = (int)m->nitems;
	f->payments = (int)m->npays;

	/* support tickets */
	for (int i = 0; i < N_TICKETS; i++) {
		struct ticket *t = &m->tickets[i];
		const struct customer *c;
		char phone[24], email[96];
		const char *tpl;

		t->customer = (int)rng_range(&r, 1, N_CUSTOMERS);
		c = &m->cust[t->customer - 1];
		/* The retention plant: tickets kept over a year. */
		if (c->created < CUT_1Y - 30 * DAY && rng_pct(&r, 30)) {
			t->opened = rng_range(&r, c->created + 3600, CUT_1Y - MARGIN);
			f->tickets_over_1y++;
		} else {
			int64_t lo = c->created > CUT_1Y + MARGIN ? c->created + 3600 : CUT_1Y + MARGIN;
			t->opened = rng_range(&r, lo, AS_OF - 3600);
		}
		t->opened = off_cutoffs(t->opened);
		t->subject = PICK(&r, subjects);
		if (t->opened > AS_OF - 14 * DAY && rng_pct(&r, 60)) {
			t->status = rng_pct(&r, 50) ? "open" : "pending";
			t->closed = 0;
		} else {
			t->status = rng_pct(&r, 70) ? "closed" : "resolved";
			t->closed = t->opened + rng_range(&r, 600, 9 * DAY);
			if (t->closed >= AS_OF)
				t->closed = AS_OF - 1;
		}
		/* About 40 % mention an e-mail address and/or a phone number. */
		t->contact = rng_pct(&r, 40);
		if (t->contact) {
			if (c->has_phone && rng_pct(&r, 50))
				memcpy(phone, c->phone, sizeof(phone));
			else
				gen_phone(&r, phone, sizeof(phone), c->c);
			if (rng_pct(&r, 50))
				memcpy(email, c->email, sizeof(email));
			else {
				const char *who = PICK(&r, first_names).slug;
				int num = (int)rng_range(&r, 10, 99);
				snprintf(email, sizeof(email), "%s.%d@%s", who, num, PICK(&r, domains));
			}
			tpl = PICK(&r, contact_bodies);
			fill_body(t->body, sizeof(t->body), tpl, phone, email,
			    (int)rng_range(&r, 1, (int64_t)m->norders));
			f->tickets_with_contact++;
		} else {
			tpl = PICK(&r, plain_bodies);
			fill_body(t->body, sizeof(t->body), tpl, "", "", (int)rng_range(&r, 1, (int64_t)m->norders));
		}
	}
	f->support_tickets = N_TICKETS;

	/* pharmacy allergies */
	for (int i = 0; i < N_ALLERGIES; i++) {
		struct allergy *a = &m->allergies[i];
		const struct allergen_def *d = &PICK(&r, allergen_defs);
		const struct customer *c;

		a->customer = (int)rng_range(&r, 1, N_CUSTOMERS);
		c = &m->cust[a->customer - 1];
		a->allergen = d->allergen;
		a->icd10 = d->icd10;
		a->severity = PICK(&r, severities);
		/* The retention plant: allergy records kept over five years. */
		if (c->created < CUT_5Y - 30 * DAY && rng_pct(&r, 40)) {
			a->at = rng_range(&r, c->created + 3600, CUT_5Y - MARGIN);
			f->allergies_over_5y++;
		} else {
			int64_t lo = c->created > CUT_5Y + MARGIN ? c->created + 3600 : CUT_5Y + MARGIN;
			a->at = rng_range(&r, lo, AS_OF - 3600);
		}
		a->at = off_cutoffs(a->at);
	}
	f->pharmacy_allergies = N_ALLERGIES;
}

static void
model_release(struct model *m)
{
	free(m->orders);
	free(m->items);
	free(m->pays);
}

static struct model *
model_new(void)
{
	struct model *m = stw_malloc(sizeof(*m));

	model_build(m);
	return m;
}

static void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	model_release(m);
	free(m);
}

/* ---------------------------------------------------------------- SQL */

/* A multi-row INSERT writer: BATCH rows per statement. */
struct sqlw {
	struct stw_buf *b;
	enum stw_demo_dialect d;
	const char *head;   /* "INSERT INTO t (cols) VALUES" */
	int nrow;           /* rows in the open statement */
	int ncol;           /* values in the open row */
};

static void
ins_begin(struct sqlw *w, const char *head)
{
	w->head = head;
	w->nrow = 0;
}

static void
row_begin(struct sqlw *w)
{
	stw_buf_adds(w->b, w->nrow == 0 ? w->head : ",");
	stw_buf_adds(w->b, "\n(");
	w->ncol = 0;
}

static void
row_end(struct sqlw *w)
{
	stw_buf_addc(w->b, ')');
	if (++w->nrow == BATCH) {
		stw_buf_adds(w->b, ";\n");
		w->nrow = 0;
	}
}

static void
ins_end(struct sqlw *w)
{
	if (w->nrow > 0)
		stw_buf_adds(w->b, ";\n");
	w->nrow = 0;
}

static void
sep(struct sqlw *w)
{
	if (w->ncol++ > 0)
		stw_buf_adds(w->b, ", ");
}

static void
v_null(struct sqlw *w)
{
	sep(w);
	stw_buf_adds(w->b, "NULL");
}

static void
v_int(struct sqlw *w, int64_t v)
{
	sep(w);
	stw_buf_addf(w->b, "%lld", (long long)v);
}

/* SQL string literal: ' doubled everywhere; MariaDB also treats \ as an
 * escape (unless NO_BACKSLASH_ESCAPES, which a fresh server does not set). */
static void
add_quoted(struct stw_buf *b, enum stw_demo_dialect d, const char *s)
{
	stw_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			stw_buf_addc(b, '\'');
		else if (*s == '\\' && d == STW_DEMO_MYSQL)
			stw_buf_addc(b, '\\');
		stw_buf_addc(b, *s);
	}
	stw_buf_addc(b, '\'');
}

static void
v_text(struct sqlw *w, const char *s)
{
	sep(w);
	add_quoted(w->b, w->d, s);
}

static void
v_textn(struct sqlw *w, const char *s)   /* "" is NULL */
{
	if (*s == '\0')
		v_null(w);
	else
		v_text(w, s);
}

static void
v_ts(struct sqlw *w, int64_t t)
{
	char s[32];

	fmt_ts(s, t);
	v_text(w, s);
}

static void
v_date(struct sqlw *w, int64_t t)
{
	char s[32];

	fmt_date(s, t);
	v_text(w, s);
}

static void
v_bool(struct sqlw *w, int v)
{
	sep(w);
	if (w->d == STW_DEMO_POSTGRES)
		stw_buf_adds(w->b, v ? "TRUE" : "FALSE");
	else
		stw_buf_adds(w->b, v ? "1" : "0");
}

/*
 * The schema, with type placeholders replaced per dialect: {INT}, {TEXT:n}
 * (TEXT, or VARCHAR(n) on MariaDB, which cannot index TEXT), {BODY} (long
 * text), {DATE}, {TS} (TIMESTAMP; DATETIME on MariaDB, whose TIMESTAMP has
 * implicit defaults and a 2038 limit), {BOOL} (BOOLEAN: SQLite stores 0/1,
 * MariaDB makes it TINYINT(1)), {END} (table options).
 */
static const char schema_sql[] =
"CREATE TABLE customers (\n"
"\tid {INT} PRIMARY KEY,\n"
"\tfirst_name {TEXT:100} NOT NULL,\n"
"\tlast_name {TEXT:100} NOT NULL,\n"
"\temail {TEXT:255} NOT NULL UNIQUE,\n"
"\tphone {TEXT:32},\n"
"\tdate_of_birth {DATE},\n"
"\tgender {TEXT:20},\n"
"\tstreet {TEXT:200},\n"
"\tpostal_code {TEXT:16},\n"
"\tcity {TEXT:100},\n"
"\tcountry {TEXT:2} NOT NULL,\n"
"\tloyalty_tier {TEXT:10} NOT NULL,\n"
"\tcreated_at {TS} NOT NULL,\n"
"\tupdated_at {TS} NOT NULL,\n"
"\tlast_login_at {TS}\n"
"){END};\n"
"CREATE TABLE consents (\n"
"\tcustomer_id {INT} PRIMARY KEY,\n"
"\tmarketing_email {BOOL} NOT NULL,\n"
"\tmarketing_sms {BOOL} NOT NULL,\n"
"\tanalytics {BOOL} NOT NULL,\n"
"\tupdated_at {TS} NOT NULL,\n"
"\tFOREIGN KEY (customer_id) REFERENCES customers (id)\n"
"){END};\n"
"CREATE TABLE products (\n"
"\tid {INT} PRIMARY KEY,\n"
"\tsku {TEXT:16} NOT NULL UNIQUE,\n"
"\ttitle {TEXT:200} NOT NULL,\n"
"\tcategory {TEXT:50} NOT NULL,\n"
"\tprice_cents {INT} NOT NULL\n"
"){END};\n"
"CREATE TABLE orders (\n"
"\tid {INT} PRIMARY KEY,\n"
"\tcustomer_id {INT} NOT NULL,\n"
"\tordered_at {TS} NOT NULL,\n"
"\tstatus {TEXT:20} NOT NULL,\n"
"\ttotal_cents {INT} NOT NULL,\n"
"\tcurrency {TEXT:3} NOT NULL,\n"
"\tshipping_postal_code {TEXT:16},\n"
"\tFOREIGN KEY (customer_id) REFERENCES customers (id)\n"
"){END};\n"
"CREATE TABLE order_items (\n"
"\torder_id {INT} NOT NULL,\n"
"\tproduct_id {INT} NOT NULL,\n"
"\tquantity {INT} NOT NULL,\n"
"\tprice_cents {INT} NOT NULL,\n"
"\tPRIMARY KEY (order_id, product_id),\n"
"\tFOREIGN KEY (order_id) REFERENCES orders (id),\n"
"\tFOREIGN KEY (product_id) REFERENCES products (id)\n"
"){END};\n"
"CREATE TABLE payments (\n"
"\tid {INT} PRIMARY KEY,\n"
"\torder_id {INT} NOT NULL,\n"
"\tcard_number {TEXT:19},\n"
"\tcard_expiry {TEXT:5},\n"
"\tiban {TEXT:34},\n"
"\tamount_cents {INT} NOT NULL,\n"
"\tpaid_at {TS} NOT NULL,\n"
"\tFOREIGN KEY (order_id) REFERENCES orders (id)\n"
"){END};\n"
"CREATE TABLE support_tickets (\n"
"\tid {INT} PRIMARY KEY,\n"
"\tcustomer_id {INT} NOT NULL,\n"
"\topened_at {TS} NOT NULL,\n"
"\tclosed_at {TS},\n"
"\tsubject {TEXT:200} NOT NULL,\n"
"\tbody {BODY} NOT NULL,\n"
"\tstatus {TEXT:20} NOT NULL,\n"
"\tFOREIGN KEY (customer_id) REFERENCES customers (id)\n"
"){END};\n"
"CREATE TABLE pharmacy_allergies (\n"
"\tid {INT} PRIMARY KEY,\n"
"\tcustomer_id {INT} NOT NULL,\n"
"\tallergen {TEXT:100} NOT NULL,\n"
"\ticd10_code {TEXT:10} NOT NULL,\n"
"\tseverity {TEXT:20} NOT NULL,\n"
"\trecorded_at {TS} NOT NULL,\n"
"\tFOREIGN KEY (customer_id) REFERENCES customers (id)\n"
"){END};\n"
"CREATE TABLE analytics_email_copy (\n"
"\tcustomer_id {INT} PRIMARY KEY,\n"
"\temail {TEXT:255} NOT NULL,\n"
"\tcopied_at {TS} NOT NULL\n"
"){END};\n"
"CREATE TABLE customer_email_history (\n"
"\tcustomer_id {INT} NOT NULL,\n"
"\told_email {TEXT:255},\n"
"\tnew_email {TEXT:255},\n"
"\tchanged_at {TS} NOT NULL,\n"
"\tFOREIGN KEY (customer_id) REFERENCES customers (id)\n"
"){END};\n";

/* The views are the same text on every engine. marketing_contacts
 * deliberately ignores consents: that is the planted purpose violation. */
static const char views_sql[] =
"CREATE VIEW marketing_contacts AS\n"
"SELECT c.id AS customer_id, c.first_name, c.email, c.phone\n"
"FROM customers c\n"
"WHERE c.loyalty_tier <> 'none';\n"
"CREATE VIEW customer_order_summary AS\n"
"SELECT c.id AS customer_id, c.email, count(o.id) AS order_count,\n"
"       sum(o.total_cents) AS lifetime_cents\n"
"FROM customers c LEFT JOIN orders o ON o.customer_id = c.id\n"
"GROUP BY c.id, c.email;\n";

/* AFTER UPDATE OF email: the old and new address go into the history. */
static const char trigger_sqlite[] =
"CREATE TRIGGER trg_email_audit AFTER UPDATE OF email ON customers\n"
"FOR EACH ROW WHEN OLD.email <> NEW.email\n"
"BEGIN\n"
"\tINSERT INTO customer_email_history (customer_id, old_email, new_email, changed_at)\n"
"\tVALUES (OLD.id, OLD.email, NEW.email, NEW.updated_at);\n"
"END;\n";

static const char trigger_pg[] =
"CREATE FUNCTION customers_email_audit() RETURNS trigger LANGUAGE plpgsql AS $$\n"
"BEGIN\n"
"\tINSERT INTO customer_email_history (customer_id, old_email, new_email, changed_at)\n"
"\tVALUES (OLD.id, OLD.email, NEW.email, NEW.updated_at);\n"
"\tRETURN NEW;\n"
"END\n"
"$$;\n"
"CREATE TRIGGER trg_email_audit AFTER UPDATE OF email ON customers\n"
"FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email)\n"
"EXECUTE FUNCTION customers_email_audit();\n";

/* MySQL has no UPDATE OF col: the body tests the column.  DELIMITER is a
 * client command (mysql/mariadb), needed for the compound body. */
static const char trigger_mysql[] =
"DELIMITER //\n"
"CREATE TRIGGER trg_email_audit AFTER UPDATE ON customers\n"
"FOR EACH ROW\n"
"BEGIN\n"
"\tIF OLD.email <> NEW.email THEN\n"
"\t\tINSERT INTO customer_email_history (customer_id, old_email, new_email, changed_at)\n"
"\t\tVALUES (OLD.id, OLD.email, NEW.email, NEW.updated_at);\n"
"\tEND IF;\n"
"END//\n"
"DELIMITER ;\n";

static void
add_schema(struct stw_buf *b, enum stw_demo_dialect d)
{
	const char *p = schema_sql;

	while (*p) {
		const char *close;
		if (*p != '{' || (close = strchr(p, '}')) == NULL) {
			stw_buf_addc(b, *p++);
			continue;
		}
		if (strncmp(p, "{INT}", 5) == 0)
			stw_buf_adds(b, d == STW_DEMO_MYSQL ? "INT" : "INTEGER");
		else if (strncmp(p, "{TEXT:", 6) == 0) {
			if (d == STW_DEMO_MYSQL)
				stw_buf_addf(b, "VARCHAR(%.*s)", (int)(close - p - 6), p + 6);
			else
				stw_buf_adds(b, "TEXT");
		} else if (strncmp(p, "{BODY}", 6) == 0)
			stw_buf_adds(b, "TEXT");
		else if (strncmp(p, "{DATE}", 6) == 0)
			stw_buf_adds(b, "DATE");
		else if (strncmp(p, "{TS}", 4) == 0)
			stw_buf_adds(b, d == STW_DEMO_MYSQL ? "DATETIME" : "TIMESTAMP");
		else if (strncmp(p, "{BOOL}", 6) == 0)
			stw_buf_adds(b, d == STW_DEMO_MYSQL ? "TINYINT(1)" : "BOOLEAN");
		else if (strncmp(p, "{END}", 5) == 0) {
			if (d == STW_DEMO_MYSQL)
				stw_buf_adds(b, " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
		} else
			STW_BUG("unknown schema placeholder '%.*s'", (int)(close - p + 1), p);
		p = close + 1;
	}
}

static void
write_sql(struct stw_buf *b, const struct model *m, enum stw_demo_dialect d)
{
	struct sqlw w = { b, d, NULL, 0, 0 };
	static const char *const names[] = { "SQLite", "PostgreSQL", "MariaDB/MySQL" };

	stw_buf_addf(b, "-- steward demo: a synthetic loyalty-programme database (%s).\n"
	    "-- Generated from a fixed seed as of " STW_DEMO_AS_OF "; no real person's data.\n"
	    "-- See contrib/demo/README.md. Load into an empty database.\n", names[d]);
	if (d == STW_DEMO_POSTGRES)
		stw_buf_adds(b, "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
		    "BEGIN;\n");
	else if (d == STW_DEMO_MYSQL)
		stw_buf_adds(b, "SET NAMES utf8mb4;\nSTART TRANSACTION;\n");
	else
		stw_buf_adds(b, "BEGIN;\n");
	add_schema(b, d);
	stw_buf_adds(b, d == STW_DEMO_SQLITE ? trigger_sqlite : d == STW_DEMO_POSTGRES ? trigger_pg
	    : trigger_mysql);

	ins_begin(&w, "INSERT INTO customers (id, first_name, last_name, email, phone, date_of_birth, "
	    "gender, street, postal_code, city, country, loyalty_tier, created_at, updated_at, "
	    "last_login_at) VALUES");
	for (int i = 0; i < N_CUSTOMERS; i++) {
		const struct customer *c = &m->cust[i];
		row_begin(&w);
		v_int(&w, i + 1);
		v_text(&w, c->first);
		v_text(&w, c->last);
		v_text(&w, c->email_changed ? c->old_email : c->email);
		if (c->has_phone)
			v_text(&w, c->phone);
		else
			v_null(&w);
		v_date(&w, c->dob);
		v_text(&w, c->gender);
		v_text(&w, c->street);
		v_text(&w, c->postal);
		v_text(&w, c->city);
		v_text(&w, c->country);
		v_text(&w, c->tier);
		v_ts(&w, c->created);
		v_ts(&w, c->updated0);
		v_ts(&w, c->login);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO consents (customer_id, marketing_email, marketing_sms, analytics, "
	    "updated_at) VALUES");
	for (int i = 0; i < N_CUSTOMERS; i++) {
		const struct customer *c = &m->cust[i];
		row_begin(&w);
		v_int(&w, i + 1);
		v_bool(&w, c->m_email);
		v_bool(&w, c->m_sms);
		v_bool(&w, c->analytics);
		v_ts(&w, c->consent_at);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO products (id, sku, title, category, price_cents) VALUES");
	for (int i = 0; i < N_PRODUCTS; i++) {
		row_begin(&w);
		v_int(&w, i + 1);
		v_text(&w, m->sku[i]);
		v_text(&w, product_defs[i].title);
		v_text(&w, product_defs[i].category);
		v_int(&w, m->price[i]);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO orders (id, customer_id, ordered_at, status, total_cents, currency, "
	    "shipping_postal_code) VALUES");
	for (size_t i = 0; i < m->norders; i++) {
		const struct order *o = &m->orders[i];
		row_begin(&w);
		v_int(&w, (int64_t)i + 1);
		v_int(&w, o->customer);
		v_ts(&w, o->at);
		v_text(&w, o->status);
		v_int(&w, o->total);
		v_text(&w, o->currency);
		v_text(&w, o->postal);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES");
	for (size_t i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		row_begin(&w);
		v_int(&w, it->order);
		v_int(&w, it->product);
		v_int(&w, it->qty);
		v_int(&w, it->price);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO payments (id, order_id, card_number, card_expiry, iban, amount_cents, "
	    "paid_at) VALUES");
	for (size_t i = 0; i < m->npays; i++) {
		const struct payment *p = &m->pays[i];
		row_begin(&w);
		v_int(&w, (int64_t)i + 1);
		v_int(&w, p->order);
		v_textn(&w, p->card);
		v_textn(&w, p->expiry);
		v_textn(&w, p->iban);
		v_int(&w, p->amount);
		v_ts(&w, p->at);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO support_tickets (id, customer_id, opened_at, closed_at, subject, body, "
	    "status) VALUES");
	for (int i = 0; i < N_TICKETS; i++) {
		const struct ticket *t = &m->tickets[i];
		row_begin(&w);
		v_int(&w, i + 1);
		v_int(&w, t->customer);
		v_ts(&w, t->opened);
		if (t->closed != 0)
			v_ts(&w, t->closed);
		else
			v_null(&w);
		v_text(&w, t->subject);
		v_text(&w, t->body);
		v_text(&w, t->status);
		row_end(&w);
	}
	ins_end(&w);

	ins_begin(&w, "INSERT INTO pharmacy_allergies (id, customer_id, allergen, icd10_code, severity, "
	    "recorded_at) VALUES");
	for (int i = 0; i < N_ALLERGIES; i++) {
		const struct allergy *a = &m->allergies[i];
		row_begin(&w);
		v_int(&w, i + 1);
		v_int(&w, a->customer);
		v_text(&w, a->allergen);
		v_text(&w, a->icd10);
		v_text(&w, a->severity);
		v_ts(&w, a->at);
		row_end(&w);
	}
	ins_end(&w);

	/* E-mail changes after the trigger exists: it fills customer_email_history. */
	for (int i = 0; i < N_EMAIL_CHANGES; i++) {
		const struct customer *c = &m->cust[m->changed[i] - 1];
		char ts[32];
		fmt_ts(ts, c->changed_at);
		stw_buf_adds(b, "UPDATE customers SET email = ");
		add_quoted(b, d, c->email);
		stw_buf_addf(b, ", updated_at = '%s' WHERE id = %d;\n", ts, m->changed[i]);
	}

	/* The nightly analytics export copies every address, consent or not. */
	ins_begin(&w, "INSERT INTO analytics_email_copy (customer_id, email, copied_at) VALUES");
	for (int i = 0; i < N_CUSTOMERS; i++) {
		row_begin(&w);
		v_int(&w, i + 1);
		v_text(&w, m->cust[i].email);
		v_ts(&w, AS_OF - DAY + 2 * 3600 + i / 10);
		row_end(&w);
	}
	ins_end(&w);

	stw_buf_adds(b, views_sql);
	stw_buf_adds(b, "COMMIT;\n");
}

/* Roles and grants for the access audit (docs/pia.md), after the data:
 * an application role, a pharmacy role with its pharmacist, an analytics
 * role with a column grant and one grant too many (the allergies), a
 * reporting login that inherits analytics, and marketing_contacts open to
 * PUBLIC.  Roles are server-wide: names start with loyalty_, creating an
 * existing one is skipped, and MySQL accounts are locked (no password, no
 * login: they are there to be audited). */
static void
write_roles(struct stw_buf *b, enum stw_demo_dialect d)
{
	static const char *const pg_roles[][2] = {
		{ "loyalty_app", "LOGIN" }, { "loyalty_pharmacy_app", "NOLOGIN" },
		{ "loyalty_pharmacist", "LOGIN IN ROLE loyalty_pharmacy_app" },
		{ "loyalty_analytics", "NOLOGIN" }, { "loyalty_bi_reader", "LOGIN IN ROLE loyalty_analytics" },
	};
	static const char *const grants =
	    "GRANT SELECT ON customers, consents, orders, order_items, products, payments, "
	    "support_tickets TO loyalty_app;\n"
	    "GRANT SELECT ON pharmacy_allergies TO loyalty_pharmacy_app;\n"
	    "GRANT SELECT ON analytics_email_copy TO loyalty_analytics;\n"
	    "GRANT SELECT (id, date_of_birth, postal_code, city) ON customers TO loyalty_analytics;\n"
	    "GRANT SELECT ON pharmacy_allergies TO loyalty_analytics;\n";

	stw_buf_adds(b, "-- Roles and grants of the demo (steward demo --sql DIALECT --roles).\n");
	if (d == STW_DEMO_POSTGRES) {
		for (size_t i = 0; i < sizeof(pg_roles) / sizeof(pg_roles[0]); i++)
			stw_buf_addf(b, "DO $$ BEGIN CREATE ROLE %s %s; EXCEPTION WHEN duplicate_object "
			    "THEN NULL; END $$;\n", pg_roles[i][0], pg_roles[i][1]);
		stw_buf_adds(b, grants);
		stw_buf_adds(b, "GRANT SELECT ON marketing_contacts TO PUBLIC;\n");
	} else if (d == STW_DEMO_MYSQL) {
		stw_buf_adds(b, "CREATE ROLE IF NOT EXISTS loyalty_pharmacy_app;\n"
		    "CREATE ROLE IF NOT EXISTS loyalty_analytics;\n"
		    "CREATE USER IF NOT EXISTS 'loyalty_app'@'localhost' ACCOUNT LOCK;\n"
		    "CREATE USER IF NOT EXISTS 'loyalty_pharmacist'@'localhost' ACCOUNT LOCK;\n"
		    "CREATE USER IF NOT EXISTS 'loyalty_bi_reader'@'%' ACCOUNT LOCK;\n");
		stw_buf_adds(b, "GRANT SELECT ON customers TO 'loyalty_app'@'localhost';\n"
		    "GRANT SELECT ON orders TO 'loyalty_app'@'localhost';\n"
		    "GRANT SELECT ON payments TO 'loyalty_app'@'localhost';\n"
		    "GRANT SELECT ON support_tickets TO 'loyalty_app'@'localhost';\n"
		    "GRANT SELECT ON pharmacy_allergies TO loyalty_pharmacy_app;\n"
		    "GRANT SELECT ON analytics_email_copy TO loyalty_analytics;\n"
		    "GRANT SELECT (id, date_of_birth, postal_code, city) ON customers TO loyalty_analytics;\n"
		    "GRANT SELECT ON pharmacy_allergies TO loyalty_analytics;\n"
		    "GRANT loyalty_pharmacy_app TO 'loyalty_pharmacist'@'localhost';\n"
		    "GRANT loyalty_analytics TO 'loyalty_bi_reader'@'%';\n");
	} else {
		stw_buf_adds(b, "-- SQLite has no roles: the file's mode decides who reads it.\n");
	}
}

/* ---------------------------------------------------------------- API */

int
stw_demo_write_roles(FILE *out, enum stw_demo_dialect d, struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	int rc = STW_OK;

	write_roles(&b, d);
	if (fwrite(b.buf, 1, b.len, out) != b.len || fflush(out) != 0)
		rc = stw_error(err, STW_ERROR, "cannot write the demo SQL: %s", strerror(errno));
	stw_buf_release(&b);
	return rc;
}

int
stw_demo_dialect_parse(enum stw_demo_dialect *out, const char *name)
{
	static const struct { const char *name; enum stw_demo_dialect d; } names[] = {
		{ "sqlite", STW_DEMO_SQLITE }, { "sqlite3", STW_DEMO_SQLITE },
		{ "postgres", STW_DEMO_POSTGRES }, { "postgresql", STW_DEMO_POSTGRES },
		{ "pg", STW_DEMO_POSTGRES }, { "mysql", STW_DEMO_MYSQL }, { "mariadb", STW_DEMO_MYSQL },
	};

	for (size_t i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].d;
			return STW_OK;
		}
	return STW_EUSAGE;
}

int
stw_demo_write_sql(FILE *out, enum stw_demo_dialect d, struct stw_err *err)
{
	struct stw_buf b = STW_BUF_INIT;
	struct model *m;
	int rc = STW_OK;

	if (d != STW_DEMO_SQLITE && d != STW_DEMO_POSTGRES && d != STW_DEMO_MYSQL)
		return stw_error(err, STW_EUSAGE, "unknown demo dialect %d", (int)d);
	m = model_new();
	write_sql(&b, m, d);
	model_free(m);
	if (fwrite(b.buf, 1, b.len, out) != b.len || fflush(out) != 0)
		rc = stw_error(err, STW_ERROR, "cannot write the demo SQL: %s", strerror(errno));
	stw_buf_release(&b);
	return rc;
}

int
stw_demo_create_sqlite(const char *path, struct stw_err *err)
{
	static const char *const sidecars[] = { "", "-journal", "-wal", "-shm" };
	struct stw_buf b = STW_BUF_INIT;
	struct model *m;
	sqlite3 *db = NULL;
	char *emsg = NULL;
	int rc = STW_OK;

	/* Replace, never add to, an older demo file (and its journals). */
	for (size_t i = 0; i < sizeof(sidecars) / sizeof(sidecars[0]); i++) {
		char *p = stw_asprintf("%s%s", path, sidecars[i]);
		int bad = unlink(p) != 0 && errno != ENOENT;
		free(p);
		if (bad)
			return stw_error(err, STW_EUSAGE, "cannot replace '%s': %s", path, strerror(errno));
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = stw_error(err, STW_EUSAGE, "cannot create '%s': %s", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return rc;
	}
	m = model_new();
	write_sql(&b, m, STW_DEMO_SQLITE);
	model_free(m);
	if (sqlite3_exec(db, b.buf, NULL, NULL, &emsg) != SQLITE_OK) {
		rc = stw_error(err, STW_ERROR, "cannot create the demo in '%s': %s", path,
		    emsg != NULL ? emsg : sqlite3_errmsg(db));
		sqlite3_free(emsg);
	}
	stw_buf_release(&b);
	if (sqlite3_close(db) != SQLITE_OK && rc == STW_OK)
		rc = stw_error(err, STW_ERROR, "cannot close '%s'", path);
	if (rc != STW_OK)
		unlink(path);
	return rc;
}

void
stw_demo_facts(struct stw_demo_facts *out)
{
	struct model *m = model_new();

	*out = m->facts;
	model_free(m);
}

const char *
stw_demo_config_text(void)
{
	return
"# steward.yaml for the demo loyalty-programme database (contrib/demo).\n"
"# `steward demo` scans it as of " STW_DEMO_AS_OF ".\n"
"sources:\n"
"  - name: loyalty\n"
"    dsn: \"sqlite:@DB@\"\n"
"    purposes: [order_fulfilment, support]\n"
"categories:\n"
"  user.contact:\n"
"    retention: 2y\n"
"    anchor: [last_login_at, updated_at, created_at]\n"
"    purposes: [order_fulfilment, support]    # marketing is not an allowed purpose\n"
"  user.health:\n"
"    retention: 5y\n"
"    anchor: [recorded_at]\n"
"    purposes: [care]\n"
"  user.financial:\n"
"    retention: 10y\n"
"    anchor: [paid_at]\n"
"    purposes: [billing]\n"
"tables:\n"
"  loyalty.main.support_tickets: { retention: 1y, anchor: opened_at, purposes: [support] }\n"
"  loyalty.main.orders: { retention: 10y, anchor: ordered_at, purposes: [order_fulfilment] }\n"
"  loyalty.main.marketing_contacts: { purposes: [marketing] }\n"
"  loyalty.main.analytics_email_copy: { purposes: [analytics] }\n"
"  loyalty.main.pharmacy_allergies: { purposes: [care] }\n"
"  loyalty.main.payments: { purposes: [billing] }\n"
"  loyalty.main.customer_email_history: { purposes: [fraud_prevention] }\n"
"flows:\n"
"  - from: loyalty.main.customers\n"
"    to: loyalty.main.analytics_email_copy\n"
"    columns: { id: customer_id, email: email }\n"
"    via: nightly-analytics-export\n"
"access:\n"
"  allowed_roles:                       # who may read what (loaded with --sql ... --roles)\n"
"    user.health: [loyalty_pharmacy_app]\n"
"    user.financial: [loyalty_app]\n"
"approvals:\n"
"  - match: loyalty.main.analytics_email_copy.email\n"
"    category: user.contact.email\n"
"    approved_by: ethics-council-2026-10\n"
"    reason: churn model on pseudonymised addresses, deleted after 30 days\n"
"    expires: 2027-06-30\n"
"  - match: loyalty.main.customer_email_history.old_email\n"
"    category: user.contact.email\n"
"    approved_by: ethics-council-2025-01\n"
"    reason: account-takeover investigation\n"
"    expires: 2026-01-31\n";
}
