/*
 * Validators for rule matches (see validate.h).  Each takes the matched
 * text, tolerates the separators people type (spaces, dashes, dots) where
 * the format allows them, and answers pass or fail; none allocates.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

#define MAXID 64

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
upper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* Copies s into out without spaces, dashes and dots, upper-cased; returns
 * the length, or -1 when it would not fit. */
static int
compact(char out[MAXID], const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == ' ' || c == '-' || c == '.' || c == '/')
			continue;
		if (n + 1 >= MAXID)
			return -1;
		out[n++] = (char)upper(c);
	}
	out[n] = '\0';
	return (int)n;
}

static int
all_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* The decimal value of n digits at s. */
static int
num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A number like 0000000000 or 1111111111 passes most checksums and is
 * never a real identifier. */
static int
all_same(const char *s, int n)
{
	for (int i = 1; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return 1;
}

/* The Luhn mod-10 sum of n digits is a multiple of ten. */
static int
luhn_ok(const char *d, int n)
{
	int sum = 0;

	for (int i = n - 1, dbl = 0; i >= 0; i--, dbl = !dbl) {
		int x = d[i] - '0';
		if (dbl && (x *= 2) > 9)
			x -= 9;
		sum += x;
	}
	return sum % 10 == 0;
}

static int
v_luhn(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len);

	if (n < 12 || n > 19 || !all_digits(d, n) || all_same(d, n))
		return 0;
	return luhn_ok(d, n);
}

/* US National Provider Identifier: 10 digits starting 1 or 2, Luhn over
 * the card-issuer prefix 80840 and the ten digits (CMS's NPI standard). */
static int
v_npi(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len);

	if (n != 10 || !all_digits(d, n) || (d[0] != '1' && d[0] != '2'))
		return 0;
	memmove(d + 5, d, 10);
	memcpy(d, "80840", 5);
	return luhn_ok(d, 15);
}

/* Verhoeff's dihedral-group check digit (SNOMED CT identifiers end in
 * one): 6-18 digits. */
static int
v_verhoeff(const char *s, size_t len)
{
	static const unsigned char dm[10][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
		{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
		{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
		{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
		{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 } };
	static const unsigned char pm[8][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
		{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
		{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
		{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 } };
	char d[MAXID];
	int n = compact(d, s, len), c = 0;

	if (n < 6 || n > 18 || !all_digits(d, n) || all_same(d, n))
		return 0;
	for (int i = 0; i < n; i++)
		c = dm[c][pm[i % 8][d[n - 1 - i] - '0']];
	return c == 0;
}

/* LOINC code: 1-7 digits, '-', one check digit; the check digit is the
 * Luhn mod-10 one (LOINC users' guide, "check digit"). */
static int
v_loinc(const char *s, size_t len)
{
	char d[16];
	size_t i = 0, n = 0;

	while (i < len && is_digit((unsigned char)s[i]) && n < 8)
		d[n++] = s[i++];
	if (n < 1 || n > 7 || i + 2 != len || s[i] != '-' || !is_digit((unsigned char)s[i + 1]))
		return 0;
	d[n++] = s[i + 1];
	return luhn_ok(d, (int)n);
}

/* IBAN lengths per country (ISO 13616 registry, the common ones); a
 * country not listed only has to be 15..34 characters long. */
static const struct {
	char cc[3];
	int len;
} iban_len[] = {
	{ "AT", 20 }, { "BE", 16 }, { "BG", 22 }, { "CH", 21 }, { "CY", 28 }, { "CZ", 24 },
	{ "DE", 22 }, { "DK", 18 }, { "EE", 20 }, { "ES", 24 }, { "FI", 18 }, { "FR", 27 },
	{ "GB", 22 }, { "GR", 27 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IS", 26 },
	{ "IT", 27 }, { "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "MT", 31 },
	{ "NL", 18 }, { "NO", 15 }, { "PL", 28 }, { "PT", 25 }, { "RO", 24 }, { "SE", 24 },
	{ "SI", 19 }, { "SK", 24 },
};

static int
v_iban(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len), rem = 0;

	if (n < 15 || n > 34 || !is_alpha(d[0]) || !is_alpha(d[1]) || !is_digit(d[2]) ||
	    !is_digit(d[3]))
		return 0;
	for (size_t i = 0; i < sizeof(iban_len) / sizeof(iban_len[0]); i++)
		if (d[0] == iban_len[i].cc[0] && d[1] == iban_len[i].cc[1] && n != iban_len[i].len)
			return 0;
	/* Move the first four characters to the end, letters become 10..35,
	 * and the whole number mod 97 must be 1 (computed piecewise). */
	for (int k = 0; k < n; k++) {
		int c = (unsigned char)d[(k + 4) % n];
		if (is_digit(c))
			rem = (rem * 10 + (c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (c - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

/* US Social Security Number: area 001-899 except 666, group 01-99,
 * serial 0001-9999. */
static int
v_ssn_us(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len);

	if (n != 9 || !all_digits(d, n) || all_same(d, n))
		return 0;
	int area = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	int group = (d[3] - '0') * 10 + (d[4] - '0');
	int serial = num(d + 5, 4);
	return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 &&
	    strcmp(d, "123456789") != 0 && strcmp(d, "078051120") != 0;
}

/* UK National Insurance number: two prefix letters (not D F I Q U V; the
 * second not O either; some pairs never issued), six digits, suffix A-D. */
static int
v_nino_uk(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len);
	static const char *const bad[] = { "BG", "GB", "NK", "KN", "TN", "NT", "ZZ" };

	if (n != 9 || !is_alpha(d[0]) || !is_alpha(d[1]) || !all_digits(d + 2, 6) ||
	    d[8] < 'A' || d[8] > 'D')
		return 0;
	if (strchr("DFIQUV", d[0]) || strchr("DFIOQUV", d[1]))
		return 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (d[0] == bad[i][0] && d[1] == bad[i][1])
			return 0;
	return !all_same(d + 2, 6);
}

/* German tax id (Steuerliche Identifikationsnummer): 11 digits, no leading
 * zero, in the first ten exactly one digit repeats (twice or three times),
 * check digit by ISO 7064 MOD 11,10. */
static int
v_de_steuerid(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len), cnt[10] = { 0 }, twice = 0, product = 10;

	if (n != 11 || !all_digits(d, n) || d[0] == '0')
		return 0;
	for (int i = 0; i < 10; i++)
		cnt[d[i] - '0']++;
	for (int i = 0; i < 10; i++) {
		if (cnt[i] == 2 || cnt[i] == 3)
			twice++;
		else if (cnt[i] > 3)
			return 0;
	}
	if (twice != 1)
		return 0;
	for (int i = 0; i < 10; i++) {
		int sum = (d[i] - '0' + product) % 10;
		if (sum == 0)
			sum = 10;
		product = (sum * 2) % 11;
	}
	int check = 11 - product;
	if (check == 10)
		check = 0;
	return check == d[10] - '0';
}

/* Dutch citizen service number (BSN): 9 digits, "11-proef" with weights
 * 9..2 and -1 on the last digit. */
static int
v_nl_bsn(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len), sum = 0;

	if (n != 9 || !all_digits(d, n) || all_same(d, n))
		return 0;
	for (int i = 0; i < 8; i++)
		sum += (d[i] - '0') * (9 - i);
	sum -= d[8] - '0';
	return sum % 11 == 0;
}

/* Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter):
 * the letter is the number mod 23 looked up in a fixed table. */
static int
v_es_dni(const char *s, size_t len)
{
	static const char letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
	char d[MAXID];
	int n = compact(d, s, len);
	long v = 0;

	if (n != 9 || !is_alpha(d[8]))
		return 0;
	if (d[0] == 'X' || d[0] == 'Y' || d[0] == 'Z') {
		if (!all_digits(d + 1, 7))
			return 0;
		v = (d[0] - 'X');
		for (int i = 1; i < 8; i++)
			v = v * 10 + (d[i] - '0');
	} else {
		if (!all_digits(d, 8) || all_same(d, 8))
			return 0;
		for (int i = 0; i < 8; i++)
			v = v * 10 + (d[i] - '0');
	}
	return letters[v % 23] == d[8];
}

/* French social security number (NIR): sex digit (1/2, 3/4/7/8 for
 * provisional numbers), year, month, department (2A/2B for Corsica),
 * commune, order, then a key = 97 - (number mod 97). */
static int
v_fr_nir(const char *s, size_t len)
{
	char d[MAXID];
	int n = compact(d, s, len);
	long long v = 0;

	if (n != 15 || d[0] == '\0' || !strchr("123478", d[0]))
		return 0;
	int month = 0;
	if (!is_digit((unsigned char)d[3]) || !is_digit((unsigned char)d[4]))
		return 0;
	month = num(d + 3, 2);
	if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50))
		return 0;
	for (int i = 0; i < 13; i++) {
		int c = (unsigned char)d[i];
		if (i == 6 && d[5] == '2' && (c == 'A' || c == 'B')) {
			/* Corsica: 2A counts as 19, 2B as 18 (the 2 becomes a 1). */
			v -= 1;
			v = v * 10 + (c == 'A' ? 9 : 8);
			continue;
		}
		if (!is_digit(c))
			return 0;
		v = v * 10 + (c - '0');
	}
	if (!all_digits(d + 13, 2))
		return 0;
	return 97 - (int)(v % 97) == num(d + 13, 2);
}

/* Italian codice fiscale: 6 letters, 2 digits, month letter, 2 digits,
 * letter + 3 digits, check letter (odd/even position tables, sum mod 26).
 * Omocodia (digits replaced by letters) is accepted. */
static int
v_it_codice_fiscale(const char *s, size_t len)
{
	static const int odd[26] = { 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3,
		6, 8, 12, 14, 16, 10, 22, 25, 24, 23 };
	char d[MAXID];
	int n = compact(d, s, len), sum = 0;

	if (n != 16)
		return 0;
	for (int i = 0; i < 6; i++)
		if (!is_alpha(d[i]))
			return 0;
	if (!strchr("ABCDEHLMPRST", d[8]) || !is_alpha(d[11]) || !is_alpha(d[15]))
		return 0;
	for (int i = 0; i < 15; i++) {
		int c = (unsigned char)d[i], k;
		if (is_digit(c))
			k = c - '0';
		else if (c >= 'A' && c <= 'Z')
			k = c - 'A';
		else
			return 0;
		/* positions are 1-based in the algorithm: i even = odd position */
		sum += (i % 2 == 0) ? odd[k] : k;
	}
	return 'A' + sum % 26 == d[15];
}

/* Polish PESEL: 11 digits, month carries the century (+20, +40, ...),
 * check digit with weights 1 3 7 9. */
static int
v_pl_pesel(const char *s, size_t len)
{
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	char d[MAXID];
	int n = compact(d, s, len), sum = 0;

	if (n != 11 || !all_digits(d, n) || all_same(d, n))
		return 0;
	int month = num(d + 2, 2) % 20, day = num(d + 4, 2);
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return 0;
	for (int i = 0; i < 10; i++)
		sum += (d[i] - '0') * w[i];
	return (10 - sum % 10) % 10 == d[10] - '0';
}

/* inet_pton wants a NUL-terminated string. */
static int
pton(int af, const char *s, size_t len)
{
	char buf[64];
	unsigned char addr[16];

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(af, buf, addr) == 1;
}

static int
v_ipv4(const char *s, size_t len)
{
	return pton(AF_INET, s, len);
}

static int
v_ipv6(const char *s, size_t len)
{
	return memchr(s, ':', len) != NULL && pton(AF_INET6, s, len);
}

static int
v_ip(const char *s, size_t len)
{
	return v_ipv4(s, len) || v_ipv6(s, len);
}

/* A decimal number with at least 3 decimals (coarser coordinates are not
 * precise location) and |x| <= limit. */
static int
coord(const char *s, size_t len, double limit)
{
	char buf[40];
	char *end;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	const char *dot = strchr(buf, '.');
	if (dot == NULL || strlen(dot + 1) < 3)
		return 0;
	double v = strtod(buf, &end);
	while (*end == ' ')
		end++;
	return *end == '\0' && v >= -limit && v <= limit;
}

static int
v_latitude(const char *s, size_t len)
{
	return coord(s, len, 90.0);
}

static int
v_longitude(const char *s, size_t len)
{
	return coord(s, len, 180.0);
}

/* "lat, long" or "lat long" pairs. */
static int
v_latlong(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] != ',' && s[i] != ' ')
		i++;
	if (i == len)
		return 0;
	size_t j = i;
	while (j < len && (s[j] == ',' || s[j] == ' '))
		j++;
	return v_latitude(s, i) && v_longitude(s + j, len - j);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A plausible date of birth: YYYY-MM-DD (optionally followed by a time),
 * DD/MM/YYYY, DD.MM.YYYY or MM/DD/YYYY, with 1900 <= year <= 2030 and a
 * real calendar day. */
static int
v_birth_date(const char *s, size_t len)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (len >= 10 && is_digit((unsigned char)s[0]) && all_digits(s, 4) && (s[4] == '-' || s[4] == '/') &&
	    all_digits(s + 5, 2) && s[7] == s[4] && all_digits(s + 8, 2)) {
		y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	} else if (len >= 10 && all_digits(s, 2) && (s[2] == '/' || s[2] == '.' || s[2] == '-') &&
	    all_digits(s + 3, 2) && s[5] == s[2] && all_digits(s + 6, 4)) {
		d = num(s, 2), m = num(s + 3, 2), y = num(s + 6, 4);
		if (m > 12 && d <= 12) {     /* US order */
			int t = d;
			d = m;
			m = t;
		}
	} else {
		return 0;
	}
	if (y < 1900 || y > 2030 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !leap(y));
}

/* E.164 allows at most 15 digits; fewer than 7 is no phone number. */
static int
v_phone(const char *s, size_t len)
{
	char d[MAXID];
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		if (is_digit((unsigned char)s[i])) {
			if (n + 1 >= MAXID)
				return 0;
			d[n++] = s[i];
		}
	}
	return n >= 7 && n <= 15 && !all_same(d, n);
}

const struct stw_validator stw_validators[] = {
	{ "none", NULL, "no check after the regex" },
	{ "luhn", v_luhn, "payment card: 12-19 digits, Luhn mod-10 checksum" },
	{ "iban", v_iban, "IBAN: country length and ISO 13616 mod-97 == 1" },
	{ "ssn_us", v_ssn_us, "US SSN: area not 000/666/9xx, group and serial not zero" },
	{ "nino_uk", v_nino_uk, "UK National Insurance number: valid prefix letters, suffix A-D" },
	{ "de_steuerid", v_de_steuerid, "German tax id: digit-repeat rule, ISO 7064 MOD 11,10 check digit" },
	{ "nl_bsn", v_nl_bsn, "Dutch BSN: 11-proef checksum" },
	{ "es_dni", v_es_dni, "Spanish DNI/NIE: control letter (number mod 23)" },
	{ "fr_nir", v_fr_nir, "French NIR: month range, key = 97 - (number mod 97)" },
	{ "it_codice_fiscale", v_it_codice_fiscale, "Italian codice fiscale: check letter (odd/even tables, mod 26)" },
	{ "pl_pesel", v_pl_pesel, "Polish PESEL: month/day range, weighted check digit" },
	{ "ipv4", v_ipv4, "parses as an IPv4 address (inet_pton)" },
	{ "ipv6", v_ipv6, "parses as an IPv6 address (inet_pton)" },
	{ "ip", v_ip, "parses as an IPv4 or IPv6 address" },
	{ "latitude", v_latitude, "decimal in [-90, 90] with at least 3 decimals" },
	{ "longitude", v_longitude, "decimal in [-180, 180] with at least 3 decimals" },
	{ "latlong", v_latlong, "'lat, long' pair, both in range with at least 3 decimals" },
	{ "birth_date", v_birth_date, "a real calendar date with a year from 1900 to 2030" },
	{ "phone", v_phone, "7 to 15 digits (E.164 length), not all the same" },
	{ "npi", v_npi, "US National Provider Identifier: 10 digits, Luhn over 80840 + the digits" },
	{ "verhoeff", v_verhoeff, "6-18 digits with a Verhoeff check digit (SNOMED CT identifiers)" },
	{ "loinc", v_loinc, "LOINC code NNNNN-N: Luhn mod-10 check digit" },
	{ NULL, NULL, NULL }
};

const struct stw_validator *
stw_validator_find(const char *name)
{
	for (const struct stw_validator *v = stw_validators; v->name != NULL; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}
